package recognition

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

func defaultCatalogue(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDefaultCatalogue: the shipped catalogue follows the support needs of
// SHL 11 §, with a handful of cues each.
func TestDefaultCatalogue(t *testing.T) {
	t.Parallel()
	c := defaultCatalogue(t)
	var codes []string
	for _, d := range c.Domains {
		codes = append(codes, d.Code)
		if n := len(d.Cues); n < 3 || n > 6 {
			t.Errorf("domain %s has %d cues, want 3–6", d.Code, n)
		}
		for _, cue := range d.Cues {
			if !strings.HasPrefix(cue.Code, d.Code+".") {
				t.Errorf("cue %s is not named under its domain %s", cue.Code, d.Code)
			}
		}
	}
	want := []string{"daily_living", "housing", "finances", "social_exclusion", "violence", "crisis", "child",
		"substances_mental_health", "functional_capacity", "close_ones"}
	if !slices.Equal(codes, want) {
		t.Errorf("domains %v, want %v", codes, want)
	}
	if !strings.HasPrefix(c.Version, "default-") {
		t.Errorf("version %q", c.Version)
	}
	if again, _ := (DefaultSource{}).Current(context.Background()); again != c {
		t.Error("the default source does not give the default catalogue")
	}
}

// TestEveryCueDecides: each cue alone decides as the facts it suggests,
// whatever the consent.
func TestEveryCueDecides(t *testing.T) {
	t.Parallel()
	c := defaultCatalogue(t)
	for _, d := range c.Domains {
		for _, cue := range d.Cues {
			for _, consent := range Consents {
				// The answered consent wins over any the cue suggests.
				want := Facts{Consent: consent}
				for f := range cue.Facts {
					if f == FactConsent {
						continue
					}
					if err := want.Set(f, true); err != nil {
						t.Fatal(err)
					}
				}
				got, err := Evaluate(c, map[string]any{"consent": string(consent)}, []string{cue.Code})
				if err != nil {
					t.Fatalf("%s: %v", cue.Code, err)
				}
				if !slices.Equal(got, Decide(want)) {
					t.Errorf("%s, consent %s: %v, want %v", cue.Code, consent, got, Decide(want))
				}
			}
		}
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	label := `{"fi":"a","sv":"b","en":"c"}`
	cue := func(code, facts string) string {
		return `{"code":"` + code + `","label":` + label + `,"facts":` + facts + `}`
	}
	doc := func(cues ...string) string {
		return `{"domains":[{"code":"d","label":` + label + `,"cues":[` + strings.Join(cues, ",") + `]}]}`
	}
	if _, err := Parse([]byte(doc(cue("d.a", `{"acute_danger":true,"consent":"given"}`))), "v1"); err != nil {
		t.Fatalf("a good catalogue: %v", err)
	}
	cases := map[string]string{
		"no domains":        `{"domains":[]}`,
		"not JSON":          `{`,
		"an unknown field":  `{"domains":[],"extra":1}`,
		"a domain no cues":  doc(),
		"a repeated cue":    doc(cue("d.a", `{}`), cue("d.a", `{}`)),
		"a malformed code":  doc(cue("D A", `{}`)),
		"an unknown fact":   doc(cue("d.a", `{"hungry":true}`)),
		"a fact set false":  doc(cue("d.a", `{"acute_danger":false}`)),
		"a fact not a bool": doc(cue("d.a", `{"acute_danger":"yes"}`)),
		"a bad consent":     doc(cue("d.a", `{"consent":"maybe"}`)),
		"a label missing":   `{"domains":[{"code":"d","label":{"fi":"a","sv":"b"},"cues":[` + cue("d.a", `{}`) + `]}]}`,
		"an empty label":    doc(`{"code":"d.a","label":{"fi":"a","sv":"","en":"c"},"facts":{}}`),
		"a repeated domain": `{"domains":[{"code":"d","label":` + label + `,"cues":[` + cue("d.a", `{}`) + `]},` +
			`{"code":"d","label":` + label + `,"cues":[` + cue("d.b", `{}`) + `]}]}`,
	}
	for name, text := range cases {
		if _, err := Parse([]byte(text), "v1"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Parse([]byte(doc(cue("d.a", `{}`))), ""); err == nil {
		t.Error("a catalogue without a version: accepted")
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	c := defaultCatalogue(t)
	cases := []struct {
		name  string
		facts map[string]any
		cues  []string
		want  []Route
	}{
		{"nothing", nil, nil, []Route{RouteSHL35Consent}},
		{"a cue without facts", nil, []string{"housing.rent_arrears"}, []Route{RouteSHL35Consent}},
		{"a cue's facts", nil, []string{"child.parent_intoxicated"}, []Route{RouteChildWelfare}},
		{"cues add up", nil, []string{"child.parent_intoxicated", "crisis.suicidal"}, []Route{RouteEmergency, RouteChildWelfare}},
		{"an answered fact wins over a cue", map[string]any{"child_welfare_level": false, "consent": "given"},
			[]string{"child.parent_intoxicated"}, []Route{RouteSHL35Consent}},
		{"an answered fact adds to the cues", map[string]any{"family_will_contact_jointly": true},
			[]string{"child.left_alone"}, []Route{RouteChildWelfareJoint}},
		{"consent from a cue", nil, []string{"daily_living.asks_for_contact"}, []Route{RouteSHL35Consent}},
		{"answered consent wins over a cue", map[string]any{"consent": "refused"},
			[]string{"daily_living.asks_for_contact"}, []Route{RouteGuide}},
		{"facts only", map[string]any{"older_person": true, "unable_to_self_care": true}, nil, []Route{RouteElderly}},
	}
	for _, tc := range cases {
		got, err := Evaluate(c, tc.facts, tc.cues)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if rs := routesOf(got); !slices.Equal(rs, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, rs, tc.want)
		}
	}
}

// TestEvaluateCombinesConsent: of cues that disagree on consent, the
// refusal counts, whatever their order.
func TestEvaluateCombinesConsent(t *testing.T) {
	t.Parallel()
	label := Label{"fi": "a", "sv": "b", "en": "c"}
	c := &Catalogue{Version: "t", cues: map[string]*Cue{
		"yes": {Code: "yes", Label: label, Facts: map[Fact]any{FactConsent: "given"}},
		"no":  {Code: "no", Label: label, Facts: map[Fact]any{FactConsent: "refused"}},
	}}
	for _, order := range [][]string{{"yes", "no"}, {"no", "yes"}} {
		got, err := Evaluate(c, map[string]any{"concerns_child": true}, order)
		if err != nil {
			t.Fatal(err)
		}
		if want := []Decision{{RouteSHL35NoConsent, JudgementChildsInterest}}; !slices.Equal(got, want) {
			t.Errorf("%v: %v, want %v", order, got, want)
		}
	}
}

func TestEvaluateRejects(t *testing.T) {
	t.Parallel()
	c := defaultCatalogue(t)
	cases := []struct {
		name  string
		facts map[string]any
		cues  []string
		want  InputError
		field string
	}{
		{"an unknown fact", map[string]any{"hungry": true}, nil, InputError{ProblemUnknownFact, "hungry"}, "facts.hungry"},
		{"the first unknown fact by name", map[string]any{"zzz": true, "aaa": true, "acute_danger": true}, nil,
			InputError{ProblemUnknownFact, "aaa"}, "facts.aaa"},
		{"a yes/no fact as text", map[string]any{"acute_danger": "yes"}, nil, InputError{ProblemFactValue, "acute_danger"}, "facts.acute_danger"},
		{"a yes/no fact as null", map[string]any{"older_person": nil}, nil, InputError{ProblemFactValue, "older_person"}, "facts.older_person"},
		{"consent as a bool", map[string]any{"consent": true}, nil, InputError{ProblemFactValue, "consent"}, "facts.consent"},
		{"an unknown consent", map[string]any{"consent": "maybe"}, nil, InputError{ProblemFactValue, "consent"}, "facts.consent"},
		{"an unknown cue", nil, []string{"housing.rent_arrears", "housing.castle"}, InputError{ProblemUnknownCue, "housing.castle"}, "cues"},
	}
	for _, tc := range cases {
		_, err := Evaluate(c, tc.facts, tc.cues)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%s: %v, want an InputError", tc.name, err)
			continue
		}
		if *ie != tc.want || ie.Field() != tc.field {
			t.Errorf("%s: %+v (field %s), want %+v (field %s)", tc.name, *ie, ie.Field(), tc.want, tc.field)
		}
		if !strings.Contains(ie.Error(), tc.want.Name) {
			t.Errorf("%s: %q does not name %s", tc.name, ie.Error(), tc.want.Name)
		}
	}
}
