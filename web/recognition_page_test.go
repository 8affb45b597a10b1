package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"kynnys/calendar"
	"kynnys/intake"
	"kynnys/recognition"
	"kynnys/store"
)

// TestRecognisePageShowsCatalogue: the empty tool offers every domain and
// cue, every deciding question and every sector, after the acute-danger box.
func TestRecognisePageShowsCatalogue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{EmergencyNumber: "0800 123 456"})
	c, err := recognition.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages {
		r := e.browser().get("/recognise?lang=" + lang)
		wantStatus(t, r, http.StatusOK)
		acute, form := strings.Index(r.Body, e.html(lang, "home.acute.text", "0800 123 456")), strings.Index(r.Body, `action="/recognise"`)
		if acute < 0 || acute > form {
			t.Errorf("%s: the acute-danger box is not before the form", lang)
		}
		if strings.Contains(r.Body, `id="result"`) {
			t.Errorf("%s: the empty tool shows a result", lang)
		}
		for _, d := range c.Domains {
			wantContains(t, r, "<summary>"+html.EscapeString(d.Label[lang])+"</summary>")
			for _, cue := range d.Cues {
				wantContains(t, r, `<input type="checkbox" id="cue-`+cue.Code+`" name="cue" value="`+cue.Code+`">`,
					html.EscapeString(cue.Label[lang]))
			}
		}
		for _, f := range recognition.BoolFacts {
			wantContains(t, r, `name="fact" value="`+string(f)+`"`, e.html(lang, "recognise.fact."+string(f)))
		}
		for _, cs := range recognition.Consents {
			wantContains(t, r, `name="consent" value="`+string(cs)+`"`)
		}
		for _, sec := range recognitionSectors {
			wantContains(t, r, `<option value="`+sec+`">`+e.html(lang, "recognise.sector."+sec)+`</option>`)
		}
	}
}

var recogniseRouteClass = regexp.MustCompile(`class="rc-route rc-([a-z0-9_]+)"`)

// TestRecognisePageRoutes: the answers show the routes most pressing
// first, with the legal basis, the explanation and a notification button
// for the routes that have one.
func TestRecognisePageRoutes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	b := e.browser()
	for _, tc := range []struct {
		name, query string
		want        []recognition.Route
		explain     string // a judgement variant's explanation to find
	}{
		{"offence against a child", "cue=violence.child_hurt&sector=education",
			[]recognition.Route{recognition.RoutePolice, recognition.RouteChildWelfare}, ""},
		{"frost and memory", "cue=housing.outdoors_in_frost&cue=functional_capacity.memory",
			[]recognition.Route{recognition.RouteEmergency, recognition.RouteElderly}, ""},
		{"joint contact", "fact=concerns_child&fact=child_welfare_level&fact=family_will_contact_jointly",
			[]recognition.Route{recognition.RouteChildWelfareJoint}, "recognition.explanation.child_welfare_joint.joint_or_notification"},
		{"danger rules out the joint contact", "cue=child.parent_intoxicated&fact=family_will_contact_jointly&fact=acute_danger&sector=police",
			[]recognition.Route{recognition.RouteEmergency, recognition.RouteChildWelfare}, ""},
		{"consent given", "cue=housing.eviction&consent=given&sector=kela",
			[]recognition.Route{recognition.RouteSHL35Consent}, ""},
		{"not asked", "cue=finances.debts&sector=employment",
			[]recognition.Route{recognition.RouteSHL35Consent}, "recognition.explanation.shl35_consent.ask_consent"},
		{"answered consent wins over the cue", "cue=daily_living.asks_for_contact&consent=refused&fact=concerns_child",
			[]recognition.Route{recognition.RouteSHL35NoConsent}, "recognition.explanation.shl35_no_consent.childs_interest"},
		{"will apply", "cue=daily_living.will_apply&sector=ngo",
			[]recognition.Route{recognition.RouteGuide}, ""},
		{"pregnancy", "cue=child.pregnancy_at_risk&consent=given",
			[]recognition.Route{recognition.RouteAnticipatory, recognition.RouteSHL35Consent}, ""},
	} {
		r := b.get("/recognise?lang=en&" + tc.query)
		wantStatus(t, r, http.StatusOK)
		var got []recognition.Route
		for _, m := range recogniseRouteClass.FindAllStringSubmatch(r.Body, -1) {
			got = append(got, recognition.Route(m[1]))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: routes %v, want %v", tc.name, got, tc.want)
		}
		buttons := 0
		for _, rt := range tc.want {
			wantContains(t, r, e.html("en", "recognise.route."+string(rt)), e.html("en", "recognise.result.basis", rt.LegalBasis()))
			if k := rt.NotificationKind(); k != "" {
				buttons++
				wantContains(t, r, `<input type="hidden" name="kind" value="`+string(k)+`">`)
			}
		}
		if n := strings.Count(r.Body, `class="rc-notify"`); n != buttons {
			t.Errorf("%s: %d notification buttons, want %d", tc.name, n, buttons)
		}
		if tc.explain != "" {
			wantContains(t, r, e.html("en", tc.explain))
		}
		// The result sits above the form, which keeps the answers.
		if res, form := strings.Index(r.Body, `id="result"`), strings.Index(r.Body, `action="/recognise"`); res < 0 || res > form {
			t.Errorf("%s: the result is not above the form", tc.name)
		}
		q, _ := url.ParseQuery(tc.query)
		for _, code := range q["cue"] {
			wantContains(t, r, `id="cue-`+code+`" name="cue" value="`+code+`" checked`)
		}
	}
}

// TestRecognisePageRefusesUnknownAnswers: answers outside the catalogue
// are a 400 that says what, in the user's language.
func TestRecognisePageRefusesUnknownAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	b := e.browser()
	for _, tc := range []struct{ query, key, name string }{
		{"cue=child.no_such_cue", "recognition.error.unknown_cue", "child.no_such_cue"},
		{"cue=child.left_alone&fact=has_pets", "recognition.error.unknown_fact", "has_pets"},
		{"consent=maybe", "recognition.error.fact_value", "consent"},
		{"sector=bakery", "recognise.error.sector", "bakery"},
	} {
		r := b.get("/recognise?lang=sv&" + tc.query)
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, e.html("sv", tc.key, tc.name), `action="/recognise"`)
		if strings.Contains(r.Body, `id="result"`) || strings.Contains(r.Body, " checked") {
			t.Errorf("%s: a refused answer still shows a result or ticks", tc.query)
		}
	}
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)

// TestRecogniseHandOff: "Make this notification" opens the notification
// form with the kind chosen and the cues and the concern's draft carried,
// and the notification made from it keeps them.
func TestRecogniseHandOff(t *testing.T) {
	t.Parallel()
	e := newIntakeEnv(t, "sqlite")
	b := e.browser()
	r := b.get("/recognise?lang=fi&cue=child.parent_intoxicated&cue=child.absent&sector=health")
	wantStatus(t, r, http.StatusOK)
	start := strings.Index(r.Body, `<form method="post" action="/notify" class="rc-notify">`)
	if start < 0 {
		t.Fatalf("no notification button:\n%s", r.Body)
	}
	end := strings.Index(r.Body[start:], "</form>")
	form := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(r.Body[start:start+end], -1) {
		form.Add(m[1], html.UnescapeString(m[2]))
	}
	cues := []string{"child.parent_intoxicated", "child.absent"}
	if form.Get("step") != "prefill" || form.Get("kind") != string(intake.KindChildWelfare) || !slices.Equal(form["cues"], cues) {
		t.Fatalf("the button posts %v", form)
	}
	c, _ := recognition.Default()
	cue, _ := c.Cue("child.absent")
	if !strings.Contains(form.Get("concern"), cue.Label["fi"]) {
		t.Errorf("the concern's draft %q does not list the cues", form.Get("concern"))
	}

	r = b.post("/notify", form)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `id="kind-child_welfare" name="kind" value="child_welfare" checked`,
		`<input type="hidden" name="cues" value="child.parent_intoxicated">`, `<input type="hidden" name="cues" value="child.absent">`,
		html.EscapeString(cue.Label["fi"]))
	if n := len(e.items()); n != 0 {
		t.Fatalf("the hand-off stored %d items", n)
	}

	r = b.post("/notify", notifyPost(url.Values{"kind": form["kind"], "cues": form["cues"], "concern": form["concern"]}))
	wantStatus(t, r, http.StatusSeeOther)
	items := e.items()
	if len(items) != 1 || items[0].Kind != intake.KindChildWelfare || !slices.Equal(items[0].Details.Cues, cues) {
		t.Fatalf("stored %+v", items)
	}
}

// TestRecognisePrintPage: the paper version holds every cue and route.
func TestRecognisePrintPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{EmergencyNumber: "0800 123 456"})
	c, _ := recognition.Default()
	for _, lang := range Languages {
		r := e.browser().get("/recognise/print?lang=" + lang)
		wantStatus(t, r, http.StatusOK)
		for _, d := range c.Domains {
			wantContains(t, r, html.EscapeString(d.Label[lang]))
			for _, cue := range d.Cues {
				wantContains(t, r, "<li>"+html.EscapeString(cue.Label[lang])+"</li>")
			}
		}
		for _, rt := range recognition.Routes {
			wantContains(t, r, e.html(lang, "recognise.route."+string(rt)), html.EscapeString(rt.LegalBasis()),
				e.html(lang, "recognise.print."+string(rt)+".when"))
		}
		wantContains(t, r, "0800 123 456")
	}
}

// TestRecognisePageCountsUses: each result is counted once by sector, its
// cues once each; the empty form and refused answers are not counted.
func TestRecognisePageCountsUses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	today := calendar.DateOf(e.clock.now())
	b := e.browser()
	wantStatus(t, b.get("/recognise"), http.StatusOK)
	wantStatus(t, b.get("/recognise?cue=no.such_cue&sector=kela"), http.StatusBadRequest)
	wantStatus(t, b.get("/recognise?cue=daily_living.will_apply&cue=daily_living.will_apply&sector=kela"), http.StatusOK)
	got, err := e.db.RecognitionUseStats(e.ctx(), today, today)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.RecognitionUseCount{
		{Sector: "kela", Kind: store.RecognitionUseCue, Code: "daily_living.will_apply", N: 1},
		{Sector: "kela", Kind: store.RecognitionUseEvaluation, N: 1},
		{Sector: "kela", Kind: store.RecognitionUseRoute, Code: string(recognition.RouteGuide), N: 1},
	}
	slices.SortFunc(got, func(a, b store.RecognitionUseCount) int { return strings.Compare(a.Kind+a.Code, b.Kind+b.Code) })
	slices.SortFunc(want, func(a, b store.RecognitionUseCount) int { return strings.Compare(a.Kind+a.Code, b.Kind+b.Code) })
	if !slices.Equal(got, want) {
		t.Errorf("counts\n got %v\nwant %v", got, want)
	}
}
