package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"kynnys/recognition"
)

// The recognition tool for any professional (seed 004): tick cues, answer
// the deciding questions, read the routes, and hand the right one over to
// the notification form. It is a GET form, so it works without JavaScript
// and its address holds only codes from the catalogue, never free text.

// recognitionSectors are the professional's sectors the use statistics
// are kept by, in the order the tool offers them.
var recognitionSectors = []string{"health", "kela", "employment", "police", "ngo", "education", "social", "other"}

// recogniseChoice is one checkbox, radio button or option.
type recogniseChoice struct {
	ID, Value, Label string
	Checked          bool
}

type recogniseDomain struct {
	Code, Label string
	Ticked      int // how many of its cues are ticked; a domain with some starts open
	Cues        []recogniseChoice
}

// recogniseRoute is one route of the answer.
type recogniseRoute struct {
	Route       recognition.Route
	Label       string
	Basis       string
	Explanation string
	Kind        string // the notification kind, "" when there is none to make
}

type recogniseView struct {
	*Page
	Domains   []recogniseDomain
	Facts     []recogniseChoice
	Consents  []recogniseChoice
	Sectors   []recogniseChoice
	Problem   string // why the answers could not be read
	Evaluated bool
	Routes    []recogniseRoute
	Cues      []string // the ticked cue codes, handed on to /notify
	Concern   string   // a draft of the concern from the ticked cues' labels
}

// recogniseAnswers is what the form sent.
type recogniseAnswers struct {
	cues    []string
	facts   map[string]any
	sector  string
	present bool // the form was submitted, not just opened
}

func readRecogniseAnswers(q url.Values) recogniseAnswers {
	a := recogniseAnswers{cues: q["cue"], facts: map[string]any{}, sector: q.Get("sector")}
	for _, k := range []string{"cue", "fact", "consent", "sector"} {
		if _, ok := q[k]; ok {
			a.present = true
		}
	}
	for _, f := range q["fact"] {
		a.facts[f] = true
	}
	if c := q.Get("consent"); c != "" {
		a.facts[string(recognition.FactConsent)] = c
	}
	return a
}

func (s *Server) recognisePage(w http.ResponseWriter, r *http.Request) {
	c, err := s.recognitionSource().Current(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	a := readRecogniseAnswers(r.URL.Query())
	v := &recogniseView{Page: s.view(r, "recognise.title")}
	status := http.StatusOK
	if a.present {
		var decisions []recognition.Decision
		var ie *recognition.InputError
		if a.sector != "" && !slices.Contains(recognitionSectors, a.sector) {
			v.Problem = v.T("recognise.error.sector", a.sector)
		} else if decisions, err = recognition.Evaluate(c, a.facts, a.cues); errors.As(err, &ie) {
			// Codes are vocabulary, not personal data: the message may name them.
			v.Problem = v.T("recognition.error."+string(ie.Problem), ie.Name)
		} else if err != nil {
			s.internalError(w, r, err)
			return
		}
		if v.Problem != "" {
			// Show the form empty rather than half of what could not be read.
			a = recogniseAnswers{facts: map[string]any{}}
			status = http.StatusBadRequest
		} else {
			v.Evaluated = true
			v.result(c, a, decisions)
			routes := make([]recognition.Route, len(v.Routes))
			for i, rt := range v.Routes {
				routes[i] = rt.Route
			}
			s.recordRecognitionUse(r.Context(), a.sector, v.Cues, routes)
		}
	}
	v.form(c, a)
	s.render(w, r, status, "recognise", v)
}

// result fills in the routes and what the notification form gets.
func (v *recogniseView) result(c *recognition.Catalogue, a recogniseAnswers, decisions []recognition.Decision) {
	for _, d := range decisions {
		v.Routes = append(v.Routes, recogniseRoute{Route: d.Route, Label: v.T("recognise.route." + string(d.Route)),
			Basis: d.Route.LegalBasis(), Explanation: v.T(explanationKey(d)), Kind: string(d.Route.NotificationKind())})
	}
	lines := []string{v.T("recognise.concern_draft")}
	for _, code := range a.cues {
		if slices.Contains(v.Cues, code) {
			continue
		}
		cue, _ := c.Cue(code) // Evaluate has checked every code
		v.Cues = append(v.Cues, code)
		lines = append(lines, "- "+cue.Label[v.Lang])
	}
	if len(v.Cues) > 0 {
		v.Concern = strings.Join(lines, "\n")
	}
}

// form fills in the questions with the answers given.
func (v *recogniseView) form(c *recognition.Catalogue, a recogniseAnswers) {
	for _, d := range c.Shown() {
		dv := recogniseDomain{Code: d.Code, Label: d.Label[v.Lang]}
		for _, cue := range d.Cues {
			ticked := slices.Contains(a.cues, cue.Code)
			if ticked {
				dv.Ticked++
			}
			dv.Cues = append(dv.Cues, recogniseChoice{ID: "cue-" + cue.Code, Value: cue.Code, Label: cue.Label[v.Lang], Checked: ticked})
		}
		v.Domains = append(v.Domains, dv)
	}
	for _, f := range recognition.BoolFacts {
		v.Facts = append(v.Facts, recogniseChoice{ID: "fact-" + string(f), Value: string(f), Label: v.T("recognise.fact." + string(f)),
			Checked: a.facts[string(f)] == true})
	}
	consent, _ := a.facts[string(recognition.FactConsent)].(string)
	for _, cs := range recognition.Consents {
		v.Consents = append(v.Consents, recogniseChoice{ID: "consent-" + string(cs), Value: string(cs),
			Label: v.T("recognise.consent." + string(cs)), Checked: string(cs) == consent})
	}
	v.Sectors = []recogniseChoice{{Label: v.T("recognise.sector.none"), Checked: a.sector == ""}}
	for _, sec := range recognitionSectors {
		v.Sectors = append(v.Sectors, recogniseChoice{Value: sec, Label: v.T("recognise.sector." + sec), Checked: sec == a.sector})
	}
}

// CueCount says how many cues of a domain are ticked.
func (v *recogniseView) CueCount(n int) string { return v.T("recognise.cues.count", n) }

// recognisePrintRoute is one route on the paper version.
type recognisePrintRoute struct {
	Label, Basis, When, Consent, Who, Deadline string
}

type recognisePrintView struct {
	*Page
	Version string
	Site    string // where the online tool is, for the paper's reader
	Domains []recogniseDomain
	Routes  []recognisePrintRoute
}

// recognisePrint is the paper version: the cues on page 1, the statutory
// routes on page 2, laid out by the print stylesheet.
func (s *Server) recognisePrint(w http.ResponseWriter, r *http.Request) {
	c, err := s.recognitionSource().Current(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v := &recognisePrintView{Page: s.view(r, "recognise.print.title"), Version: c.Version, Site: s.siteURL(r)}
	for _, d := range c.Shown() {
		dv := recogniseDomain{Code: d.Code, Label: d.Label[v.Lang]}
		for _, cue := range d.Cues {
			dv.Cues = append(dv.Cues, recogniseChoice{Value: cue.Code, Label: cue.Label[v.Lang]})
		}
		v.Domains = append(v.Domains, dv)
	}
	for _, rt := range recognition.Routes {
		k := "recognise.print." + string(rt) + "."
		pr := recognisePrintRoute{Label: v.T("recognise.route." + string(rt)), Basis: rt.LegalBasis(),
			When: v.T(k + "when"), Consent: v.T(k + "consent"), Who: v.T(k + "who"), Deadline: v.T(k + "deadline")}
		if rt == recognition.RouteEmergency {
			pr.Who = v.T(k+"who", v.Emergency) // the county's own crisis number
		}
		v.Routes = append(v.Routes, pr)
	}
	s.render(w, r, http.StatusOK, "recognise_print", v)
}

// siteURL is the address people reach Kynnys at, without a trailing slash.
func (s *Server) siteURL(r *http.Request) string {
	if u := s.cfg.PublicURL; u != nil {
		return strings.TrimSuffix(u.String(), "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
