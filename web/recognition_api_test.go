package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"kynnys/recognition"
)

// recognitionSchemas compiles the OpenAPI document's schemas of the two
// recognition operations: the catalogue, the evaluate request and answer.
func recognitionSchemas(t *testing.T, e *testEnv) (catalogue, request, routes *jsonschema.Schema) {
	t.Helper()
	type content map[string]struct{ Schema any }
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content content `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content content `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(e.browser().get("/api/v1/openapi.json").Body), &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	compile := func(name string, schema any) *jsonschema.Schema {
		if schema == nil {
			t.Fatalf("%s: no schema in the OpenAPI document", name)
		}
		b, _ := json.Marshal(schema)
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("mem:///"+name+".json", v); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile("mem:///" + name + ".json")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	cat := doc.Paths["/api/v1/recognition/catalogue"]["get"]
	ev := doc.Paths["/api/v1/recognition/evaluate"]["post"]
	return compile("catalogue", cat.Responses["200"].Content["application/json"].Schema),
		compile("evaluate.request", ev.RequestBody.Content["application/json"].Schema),
		compile("evaluate.200", ev.Responses["200"].Content["application/json"].Schema)
}

type recognitionRouteAnswer struct {
	Route            string  `json:"route"`
	LegalBasis       string  `json:"legal_basis"`
	Explanation      string  `json:"explanation"`
	NotificationKind *string `json:"notification_kind"`
}

// evaluate posts a request (checked against its schema when one is given)
// and returns the response.
func evaluate(t *testing.T, e *testEnv, lang string, request *jsonschema.Schema, body any) *resp {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	if request != nil {
		wantSchema(t, request, "request", string(raw))
	}
	b := e.browser()
	b.Header.Set("Accept-Language", lang)
	return dirSend(b, http.MethodPost, "/api/v1/recognition/evaluate", string(raw))
}

func routesAnswer(t *testing.T, routes *jsonschema.Schema, r *resp) []recognitionRouteAnswer {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	wantSchema(t, routes, "evaluate answer", r.Body)
	var out struct {
		Routes []recognitionRouteAnswer `json:"routes"`
	}
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		t.Fatal(err)
	}
	return out.Routes
}

// factsJSON is the API form of facts: every fact answered.
func factsJSON(f recognition.Facts) map[string]any {
	m := map[string]any{"consent": string(f.Consent)}
	for _, name := range recognition.BoolFacts {
		m[string(name)], _ = f.Get(name)
	}
	return m
}

func TestRecognitionCatalogueAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	schema, _, _ := recognitionSchemas(t, e)
	want, err := recognition.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages {
		r := e.browser().get("/api/v1/recognition/catalogue?lang=" + lang)
		wantStatus(t, r, http.StatusOK)
		wantSchema(t, schema, "catalogue", r.Body)
		var got recognitionCatalogueJSON
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatal(err)
		}
		if got.Version != want.Version || len(got.Domains) != len(want.Domains) {
			t.Fatalf("%s: version %q with %d domains, want %q with %d", lang, got.Version, len(got.Domains), want.Version, len(want.Domains))
		}
		for i, d := range want.Domains {
			gd := got.Domains[i]
			if gd.Code != d.Code || gd.Label != d.Label[lang] || len(gd.Cues) != len(d.Cues) {
				t.Fatalf("%s: domain %d is %s %q with %d cues, want %s %q with %d", lang, i, gd.Code, gd.Label, len(gd.Cues), d.Code, d.Label[lang], len(d.Cues))
			}
			for j, c := range d.Cues {
				gc := gd.Cues[j]
				if gc.Code != c.Code || gc.Label != c.Label[lang] || len(gc.Facts) != len(c.Facts) {
					t.Errorf("%s: cue %s %q %v, want %s %q %v", lang, gc.Code, gc.Label, gc.Facts, c.Code, c.Label[lang], c.Facts)
				}
			}
		}
	}
}

// TestRecognitionEvaluateEveryRoute: every route and every judgement
// variant the decision can give comes out of the API with its legal basis,
// notification kind and an explanation in each language.
func TestRecognitionEvaluateEveryRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	_, request, routes := recognitionSchemas(t, e)

	// One situation for each decision there is, from every combination.
	example := map[recognition.Decision]recognition.Facts{}
	var order []recognition.Decision
	for bits := range 1 << len(recognition.BoolFacts) {
		for _, c := range recognition.Consents {
			f := recognition.Facts{Consent: c}
			for i, name := range recognition.BoolFacts {
				_ = f.Set(name, bits&(1<<i) != 0)
			}
			for _, d := range recognition.Decide(f) {
				if _, ok := example[d]; !ok {
					example[d] = f
					order = append(order, d)
				}
			}
		}
	}
	seen := map[recognition.Route]bool{}
	for _, d := range order {
		seen[d.Route] = true
		f := example[d]
		want := recognition.Decide(f)
		texts := map[string]bool{}
		for _, lang := range Languages {
			got := routesAnswer(t, routes, evaluate(t, e, lang, request, map[string]any{"facts": factsJSON(f)}))
			if len(got) != len(want) {
				t.Fatalf("%v in %s: %d routes, want %v", d, lang, len(got), want)
			}
			for i, w := range want {
				g := got[i]
				key := explanationKey(w)
				if !e.srv.cat.Has(key) {
					t.Errorf("%v: no message %s", w, key)
				}
				kind := ""
				if g.NotificationKind != nil {
					kind = *g.NotificationKind
					if kind == "" {
						t.Errorf("%v: an empty notification kind instead of null", w)
					}
				}
				if g.Route != string(w.Route) || g.LegalBasis != w.Route.LegalBasis() || kind != string(w.Route.NotificationKind()) ||
					g.Explanation != e.T(lang, key) {
					t.Errorf("%v in %s: %+v", w, lang, g)
				}
			}
			texts[got[slices.Index(want, d)].Explanation] = true
		}
		if len(texts) != len(Languages) {
			t.Errorf("%v: the explanation is not different in each language", d)
		}
	}
	for _, r := range recognition.Routes {
		if !seen[r] {
			t.Errorf("no facts lead to %s", r)
		}
	}
	// The judgement variants: where the law leaves a choice, the answer says so.
	for _, j := range []recognition.Judgement{recognition.JudgementAskConsent, recognition.JudgementChildsInterest, recognition.JudgementJointOrNotification} {
		if !slices.ContainsFunc(order, func(d recognition.Decision) bool { return d.Judgement == j }) {
			t.Errorf("no facts lead to the judgement %s", j)
		}
	}
}

func TestRecognitionEvaluate(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	_, request, routes := recognitionSchemas(t, e)
	kind := func(k string) *string { return &k }
	cases := []struct {
		name   string
		body   map[string]any
		routes []string
		kinds  []*string
	}{
		{"most pressing first", map[string]any{"facts": map[string]any{"acute_danger": true, "suspected_offence_against_child": true,
			"unborn_child_at_risk": true, "older_person": true, "unable_to_self_care": true}},
			[]string{"emergency", "police", "child_welfare", "anticipatory_child_welfare", "elderly"},
			[]*string{nil, nil, kind("child_welfare"), kind("anticipatory_child_welfare"), kind("elderly")}},
		{"an empty body's worth: ask for consent", map[string]any{}, []string{"shl35_consent"}, []*string{kind("shl35_consent")}},
		{"cues add their facts", map[string]any{"cues": []string{"child.parent_intoxicated", "crisis.suicidal"}},
			[]string{"emergency", "child_welfare"}, []*string{nil, kind("child_welfare")}},
		{"answered facts win over cues", map[string]any{"cues": []string{"child.parent_intoxicated"},
			"facts": map[string]any{"child_welfare_level": false, "consent": "refused"}},
			[]string{"shl35_no_consent"}, []*string{kind("shl35_no_consent")}},
		{"guidance only", map[string]any{"facts": map[string]any{"can_seek_help_themselves": true}}, []string{"guide"}, []*string{nil}},
	}
	for _, c := range cases {
		got := routesAnswer(t, routes, evaluate(t, e, "fi", request, c.body))
		var names []string
		var kinds []*string
		for _, g := range got {
			names = append(names, g.Route)
			kinds = append(kinds, g.NotificationKind)
		}
		if !slices.Equal(names, c.routes) || !slices.EqualFunc(kinds, c.kinds, func(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }) {
			t.Errorf("%s: %s", c.name, func() string { b, _ := json.Marshal(got); return string(b) }())
		}
	}
}

func TestRecognitionEvaluateRejects(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	cases := []struct {
		name, body, field, names, key string
	}{
		{"an unknown fact", `{"facts":{"hungry":true}}`, "facts.hungry", "hungry", "recognition.error.unknown_fact"},
		{"a yes/no fact as text", `{"facts":{"acute_danger":"yes"}}`, "facts.acute_danger", "acute_danger", "recognition.error.fact_value"},
		{"a yes/no fact as a number", `{"facts":{"older_person":1}}`, "facts.older_person", "older_person", "recognition.error.fact_value"},
		{"an unknown consent", `{"facts":{"consent":"maybe"}}`, "facts.consent", "consent", "recognition.error.fact_value"},
		{"an unknown cue", `{"cues":["housing.rent_arrears","housing.castle"]}`, "cues", "housing.castle", "recognition.error.unknown_cue"},
		{"not JSON", `{"facts":`, "body", "", "error.json"},
		{"facts not an object", `{"facts":[]}`, "facts", "", "error.type"},
	}
	for _, c := range cases {
		msgs := map[string]bool{}
		for _, lang := range Languages {
			b := e.browser()
			b.Header.Set("Accept-Language", lang)
			d := wantDirectoryError(t, dirSend(b, http.MethodPost, "/api/v1/recognition/evaluate", c.body), http.StatusBadRequest, "invalid", c.field)
			want := e.T(lang, c.key)
			if c.names != "" {
				want = e.T(lang, c.key, c.names)
			}
			if !strings.Contains(d.Message, want) {
				t.Errorf("%s in %s: message %q, want %s naming %q", c.name, lang, d.Message, c.key, c.names)
			}
			msgs[d.Message] = true
		}
		if len(msgs) != len(Languages) {
			t.Errorf("%s: the message is not in the user's language: %v", c.name, msgs)
		}
	}
}

// TestRecognitionLanguage: the language comes from lang, then Accept-Language.
func TestRecognitionLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	b := e.browser()
	b.Header.Set("Accept-Language", "sv-FI")
	r := dirSend(b, http.MethodPost, "/api/v1/recognition/evaluate?lang=en", `{"facts":{"can_seek_help_themselves":true}}`)
	wantContains(t, r, e.T("en", "recognition.explanation.guide"))
	r = dirSend(b, http.MethodPost, "/api/v1/recognition/evaluate", `{"facts":{"can_seek_help_themselves":true}}`)
	wantContains(t, r, e.T("sv", "recognition.explanation.guide"))
	cat := b.get("/api/v1/recognition/catalogue")
	want, _ := recognition.Default()
	wantContains(t, cat, want.Domains[0].Label["sv"])
}
