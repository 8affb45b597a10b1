package recognition

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// allFacts is every combination of the yes/no facts with every consent
// answer: 2^9 × 3 = 1536 situations.
func allFacts(t *testing.T) []Facts {
	t.Helper()
	var out []Facts
	for bits := range 1 << len(BoolFacts) {
		for _, c := range Consents {
			f := Facts{Consent: c}
			for i, name := range BoolFacts {
				if err := f.Set(name, bits&(1<<i) != 0); err != nil {
					t.Fatal(err)
				}
			}
			out = append(out, f)
		}
	}
	return out
}

// describe names the facts that are on, for failure messages.
func describe(f Facts) string {
	var on []string
	for _, name := range BoolFacts {
		if v, _ := f.Get(name); v {
			on = append(on, string(name))
		}
	}
	return fmt.Sprintf("{%s consent=%s}", strings.Join(on, " "), f.Consent)
}

func routesOf(ds []Decision) []Route {
	out := make([]Route, len(ds))
	for i, d := range ds {
		out[i] = d.Route
	}
	return out
}

func judgementOf(ds []Decision, r Route) (Judgement, bool) {
	for _, d := range ds {
		if d.Route == r {
			return d.Judgement, true
		}
	}
	return "", false
}

func TestEveryCombinationOfFacts(t *testing.T) {
	t.Parallel()
	all := allFacts(t)
	if len(all) != 1536 {
		t.Fatalf("%d combinations, want 1536", len(all))
	}
	seen := map[Route]bool{}
	for _, raw := range all {
		ds := Decide(raw)
		f := raw.Normalised()
		rs := routesOf(ds)
		has := func(r Route) bool { return slices.Contains(rs, r) }
		fail := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s → %v: %s", describe(raw), rs, fmt.Sprintf(format, args...))
		}
		for _, r := range rs {
			seen[r] = true
		}

		if len(ds) == 0 {
			fail("no route")
			continue
		}
		for i := 1; i < len(rs); i++ {
			if slices.Index(Routes, rs[i-1]) >= slices.Index(Routes, rs[i]) {
				fail("not in the order of Routes, or a route twice")
			}
		}
		if again := Decide(raw); !slices.Equal(again, ds) {
			fail("a second call gave %v", routesOf(again))
		}
		if norm := Decide(f); !slices.Equal(norm, ds) {
			fail("the normalised facts gave %v", routesOf(norm))
		}

		if f.AcuteDanger != (rs[0] == RouteEmergency) || f.AcuteDanger != has(RouteEmergency) {
			fail("acute danger and an emergency first must go together")
		}
		if f.SuspectedOffenceAgainstChild != has(RoutePolice) {
			fail("a suspected offence against a child and the police must go together")
		}
		if f.SuspectedOffenceAgainstChild && (!has(RouteChildWelfare) || has(RouteChildWelfareJoint)) {
			fail("a suspected offence needs the child welfare notification, never the joint contact")
		}
		cw, joint := has(RouteChildWelfare), has(RouteChildWelfareJoint)
		if f.ConcernsChild && f.ChildWelfareLevel {
			if cw == joint {
				fail("exactly one of the notification and the joint contact")
			}
			if wantJoint := f.FamilyWillContactJointly && !f.AcuteDanger && !f.SuspectedOffenceAgainstChild; joint != wantJoint {
				fail("joint contact %v, want %v", joint, wantJoint)
			}
		} else if cw || joint {
			fail("a child welfare route below the child welfare level")
		}
		if j, ok := judgementOf(ds, RouteChildWelfareJoint); ok && j != JudgementJointOrNotification {
			fail("the joint contact must say the notification is the fallback, got %q", j)
		}
		if f.UnbornChildAtRisk != has(RouteAnticipatory) {
			fail("an unborn child at risk and the anticipatory notification must go together")
		}
		if (f.OlderPerson && f.UnableToSelfCare) != has(RouteElderly) {
			fail("an older person unable to look after themselves and the VPL notification must go together")
		}

		withConsent, noConsent := has(RouteSHL35Consent), has(RouteSHL35NoConsent)
		if withConsent && noConsent {
			fail("both SHL 35 § routes")
		}
		if (withConsent || noConsent) && (cw || joint) {
			fail("an SHL 35 § contact beside a child welfare route")
		}
		if j, ok := judgementOf(ds, RouteSHL35Consent); ok {
			if f.Consent == ConsentGiven && j != JudgementNone || f.Consent != ConsentGiven && j != JudgementAskConsent {
				fail("a contact with consent: consent %s, judgement %q", f.Consent, j)
			}
			if j == JudgementAskConsent && f.Consent != ConsentNotAsked {
				fail("asking for consent that was already answered")
			}
		}
		if j, ok := judgementOf(ds, RouteSHL35NoConsent); ok {
			switch {
			case f.Consent == ConsentGiven:
				fail("a notification without consent when consent was given")
			case f.UnableToSelfCare && !f.OlderPerson && j != JudgementNone:
				fail("an adult unable to look after themselves: the notification is a duty, got judgement %q", j)
			case !(f.UnableToSelfCare && !f.OlderPerson) && (j != JudgementChildsInterest || !f.ConcernsChild || f.Consent != ConsentRefused):
				fail("without consent only for one unable to look after themselves, or in a child's interest after a refusal")
			}
		}
		// The duties of SHL 35 § are never lost: an adult unable to look
		// after themselves is always notified on, and given consent is
		// always used, unless a notification that covers them is made.
		if !f.ChildWelfareLevel && f.UnableToSelfCare && !f.OlderPerson && !withConsent && !noConsent {
			fail("an adult unable to look after themselves got no SHL 35 § route")
		}
		if !f.ChildWelfareLevel && f.Consent == ConsentGiven && !(f.OlderPerson && f.UnableToSelfCare && !f.ConcernsChild) && !withConsent {
			fail("consent given, but no contact with consent")
		}
		onlyGuide := len(rs) == 1 && rs[0] == RouteGuide
		if has(RouteGuide) != (f.CanSeekHelpThemselves && !f.UnableToSelfCare || onlyGuide) {
			fail("guidance only for one who can seek help, or when nothing else applies")
		}
	}
	for _, r := range Routes {
		if !seen[r] {
			t.Errorf("no combination of facts leads to %s", r)
		}
	}
}

func TestNormalised(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		in, want Facts
	}{
		{"nothing known: consent not asked", Facts{}, Facts{Consent: ConsentNotAsked}},
		{"a suspected offence is a child welfare concern",
			Facts{SuspectedOffenceAgainstChild: true, Consent: ConsentRefused},
			Facts{SuspectedOffenceAgainstChild: true, ChildWelfareLevel: true, ConcernsChild: true, Consent: ConsentRefused}},
		{"the child welfare level is a concern for a child",
			Facts{ChildWelfareLevel: true, Consent: ConsentGiven},
			Facts{ChildWelfareLevel: true, ConcernsChild: true, Consent: ConsentGiven}},
		{"a joint contact without a child stays as said, and decides nothing",
			Facts{FamilyWillContactJointly: true, Consent: ConsentGiven},
			Facts{FamilyWillContactJointly: true, Consent: ConsentGiven}},
		{"unable to look after oneself and able to seek help: both kept",
			Facts{UnableToSelfCare: true, CanSeekHelpThemselves: true, Consent: ConsentNotAsked},
			Facts{UnableToSelfCare: true, CanSeekHelpThemselves: true, Consent: ConsentNotAsked}},
	}
	for _, c := range cases {
		if got := c.in.Normalised(); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestTypicalSituations: the routes of everyday situations, written from
// RULES.md §2 and the sections it cites.
func TestTypicalSituations(t *testing.T) {
	t.Parallel()
	type d = Decision
	cases := []struct {
		name  string
		facts Facts
		want  []Decision
	}{
		{"an obvious need, nothing else known: ask for consent (SHL 35 § 1 mom.)",
			Facts{}, []d{{RouteSHL35Consent, JudgementAskConsent}}},
		{"an adult who can and will seek help: tell them where",
			Facts{CanSeekHelpThemselves: true}, []d{{RouteGuide, ""}}},
		{"an adult who agrees to a contact",
			Facts{Consent: ConsentGiven}, []d{{RouteSHL35Consent, ""}}},
		{"an adult who agrees, and could also apply themselves",
			Facts{Consent: ConsentGiven, CanSeekHelpThemselves: true}, []d{{RouteSHL35Consent, ""}, {RouteGuide, ""}}},
		{"an adult who refuses and copes: only guidance is lawful",
			Facts{Consent: ConsentRefused}, []d{{RouteGuide, ""}}},
		{"an adult obviously unable to look after themselves refuses (SHL 35 § 2 mom.)",
			Facts{UnableToSelfCare: true, Consent: ConsentRefused}, []d{{RouteSHL35NoConsent, ""}}},
		{"an adult unable to look after themselves, not yet asked",
			Facts{UnableToSelfCare: true}, []d{{RouteSHL35NoConsent, ""}}},
		{"an adult unable to look after themselves who agrees",
			Facts{UnableToSelfCare: true, Consent: ConsentGiven}, []d{{RouteSHL35Consent, ""}}},
		{"an older person unable to look after themselves (VPL 25 §)",
			Facts{OlderPerson: true, UnableToSelfCare: true, Consent: ConsentRefused}, []d{{RouteElderly, ""}}},
		{"an older person who copes and agrees to a contact",
			Facts{OlderPerson: true, Consent: ConsentGiven}, []d{{RouteSHL35Consent, ""}}},
		{"an older person unable to look after themselves, said to be able to seek help: the inability wins",
			Facts{OlderPerson: true, UnableToSelfCare: true, CanSeekHelpThemselves: true}, []d{{RouteElderly, ""}}},
		{"acute danger to an adult unable to look after themselves",
			Facts{AcuteDanger: true, UnableToSelfCare: true}, []d{{RouteEmergency, ""}, {RouteSHL35NoConsent, ""}}},
		{"a child whose situation calls for child welfare (LsL 25 §)",
			Facts{ConcernsChild: true, ChildWelfareLevel: true}, []d{{RouteChildWelfare, ""}}},
		{"the same, and the parent comes along to make the contact (LsL 25 a §)",
			Facts{ConcernsChild: true, ChildWelfareLevel: true, FamilyWillContactJointly: true, Consent: ConsentGiven},
			[]d{{RouteChildWelfareJoint, JudgementJointOrNotification}}},
		{"the parent would come along, but it is urgent",
			Facts{ConcernsChild: true, ChildWelfareLevel: true, FamilyWillContactJointly: true, AcuteDanger: true},
			[]d{{RouteEmergency, ""}, {RouteChildWelfare, ""}}},
		{"a suspected offence against a child (LsL 25 § 3 mom.), the family offering a joint contact",
			Facts{ConcernsChild: true, SuspectedOffenceAgainstChild: true, FamilyWillContactJointly: true},
			[]d{{RoutePolice, ""}, {RouteChildWelfare, ""}}},
		{"a suspected offence, the child not ticked: normalised",
			Facts{SuspectedOffenceAgainstChild: true}, []d{{RoutePolice, ""}, {RouteChildWelfare, ""}}},
		{"a family support need, the parent agrees to a contact",
			Facts{ConcernsChild: true, Consent: ConsentGiven}, []d{{RouteSHL35Consent, ""}}},
		{"a family support need, the parent refuses and will not seek help: the child's interest decides (SHL 35 § 2 mom.)",
			Facts{ConcernsChild: true, Consent: ConsentRefused}, []d{{RouteSHL35NoConsent, JudgementChildsInterest}}},
		{"a family support need, the family will seek help",
			Facts{ConcernsChild: true, CanSeekHelpThemselves: true, Consent: ConsentRefused}, []d{{RouteGuide, ""}}},
		{"a pregnant woman using drugs who will go to the clinic herself (LsL 25 c §)",
			Facts{UnbornChildAtRisk: true, CanSeekHelpThemselves: true}, []d{{RouteAnticipatory, ""}, {RouteGuide, ""}}},
		{"a child at the child welfare level and a sibling on the way",
			Facts{ConcernsChild: true, ChildWelfareLevel: true, UnbornChildAtRisk: true},
			[]d{{RouteChildWelfare, ""}, {RouteAnticipatory, ""}}},
		{"an intoxicated parent unable to look after themselves, a child at home: the notification covers the family",
			Facts{ConcernsChild: true, ChildWelfareLevel: true, UnableToSelfCare: true, Consent: ConsentRefused},
			[]d{{RouteChildWelfare, ""}}},
		{"a grandparent unable to cope, raising a grandchild with a family support need, agrees to a contact",
			Facts{OlderPerson: true, UnableToSelfCare: true, ConcernsChild: true, Consent: ConsentGiven},
			[]d{{RouteElderly, ""}, {RouteSHL35Consent, ""}}},
		{"a child at the child welfare level whose parent will also seek help",
			Facts{ConcernsChild: true, ChildWelfareLevel: true, CanSeekHelpThemselves: true},
			[]d{{RouteChildWelfare, ""}, {RouteGuide, ""}}},
		{"everything at once",
			Facts{AcuteDanger: true, SuspectedOffenceAgainstChild: true, UnbornChildAtRisk: true, OlderPerson: true, UnableToSelfCare: true},
			[]d{{RouteEmergency, ""}, {RoutePolice, ""}, {RouteChildWelfare, ""}, {RouteAnticipatory, ""}, {RouteElderly, ""}}},
	}
	for _, c := range cases {
		if got := Decide(c.facts); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRouteNotificationKinds(t *testing.T) {
	t.Parallel()
	for _, r := range Routes {
		k := r.NotificationKind()
		switch r {
		case RouteEmergency, RoutePolice, RouteGuide:
			if k != "" {
				t.Errorf("%s has notification kind %q, want none", r, k)
			}
		default:
			if !k.Notification() || string(k) != string(r) || k.LegalBasis() != r.LegalBasis() {
				t.Errorf("%s: kind %q (basis %q), want the intake notification kind of the same name and basis %q",
					r, k, k.LegalBasis(), r.LegalBasis())
			}
		}
	}
}

func TestFactSetGet(t *testing.T) {
	t.Parallel()
	var f Facts
	for _, name := range BoolFacts {
		if err := f.Set(name, true); err != nil {
			t.Fatal(err)
		}
		if v, ok := f.Get(name); !v || !ok {
			t.Errorf("%s: Get after Set = %v, %v", name, v, ok)
		}
	}
	if f.Set(FactConsent, true) == nil || f.Set("no_such_fact", true) == nil {
		t.Error("Set took a fact that is not yes/no")
	}
	if _, ok := f.Get(FactConsent); ok {
		t.Error("Get answered for consent")
	}
}
