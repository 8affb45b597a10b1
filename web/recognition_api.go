package web

import (
	"errors"
	"net/http"
	"strings"

	"kynnys/recognition"
)

// The recognition tool's API (seed 004): its catalogue of cues and the
// decision from facts and cues to the statutory routes. Both are open to
// anyone, like the tool itself, and take no personal data.

var (
	recognitionFactsSchema = map[string]any{"type": "object", "description": "Facts by name: true or false for yes/no facts, " +
		"given, refused or not_asked for consent",
		"properties":           recognitionFactProperties(),
		"additionalProperties": false}

	opRecognitionCatalogue = &apiOp{ID: "getRecognitionCatalogue", Summary: "The cues of the recognition tool, by the support needs of SHL 11 §, " +
		"with the facts each suggests; labels in the language asked (lang, then Accept-Language)", Tag: "recognition",
		Responses: map[string]apiResponse{"200": {Description: "The catalogue in force", Schema: map[string]any{
			"type": "object", "required": []string{"version", "domains"}, "properties": map[string]any{
				"version": map[string]any{"type": "string", "description": "Changes whenever the catalogue does"},
				"domains": map[string]any{"type": "array", "items": map[string]any{
					"type": "object", "required": []string{"code", "label", "cues"}, "properties": map[string]any{
						"code": map[string]any{"type": "string"}, "label": map[string]any{"type": "string"},
						"cues": map[string]any{"type": "array", "items": map[string]any{
							"type": "object", "required": []string{"code", "label", "facts"}, "properties": map[string]any{
								"code": map[string]any{"type": "string", "pattern": cueCode.String()}, "label": map[string]any{"type": "string"},
								"facts": recognitionFactsSchema}}}}}}}}}}}

	opRecognitionEvaluate = &apiOp{ID: "evaluateRecognition", Summary: "The statutory routes for the facts and the ticked cues, most pressing first " +
		"(the cues add the facts they suggest; facts given here win)", Tag: "recognition",
		RequestBody: map[string]any{"type": "object", "properties": map[string]any{
			"facts": recognitionFactsSchema,
			"cues":  map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "description": "Codes of ticked cues"},
			"sector": map[string]any{"type": "string", "description": "Optional: the professional's sector, for the anonymous use statistics (" +
				strings.Join(recognitionSectors, ", ") + "; anything else counts as other)"}}},
		Responses: map[string]apiResponse{
			"200": {Description: "The routes, most pressing first", Schema: map[string]any{
				"type": "object", "required": []string{"routes"}, "properties": map[string]any{
					"routes": map[string]any{"type": "array", "minItems": 1, "items": map[string]any{
						"type": "object", "required": []string{"route", "legal_basis", "explanation", "notification_kind"}, "properties": map[string]any{
							"route":       map[string]any{"enum": recognitionRouteNames()},
							"legal_basis": map[string]any{"type": "string"},
							"explanation": map[string]any{"type": "string", "description": "What to do, what to tell the client and what happens next, " +
								"saying where the law leaves the choice to the professional's judgement"},
							"notification_kind": map[string]any{"type": []string{"string", "null"},
								"description": "The kind of notification to make with POST /api/v1/notifications; null when there is none to make"}}}}}}},
			"400": errResp("An unknown fact, a fact's value of the wrong kind, or an unknown cue; error.field is facts.<name> or cues and the message names it")}}
)

func recognitionFactProperties() map[string]any {
	props := map[string]any{string(recognition.FactConsent): map[string]any{"enum": recognitionConsentNames()}}
	for _, f := range recognition.BoolFacts {
		props[string(f)] = map[string]any{"type": "boolean"}
	}
	return props
}

func recognitionConsentNames() []string {
	out := make([]string, len(recognition.Consents))
	for i, c := range recognition.Consents {
		out[i] = string(c)
	}
	return out
}

func recognitionRouteNames() []string {
	out := make([]string, len(recognition.Routes))
	for i, r := range recognition.Routes {
		out[i] = string(r)
	}
	return out
}

// recognitionSource is where the tool gets the catalogue in force: the
// county's newest stored version, or the shipped one until there is any.
func (s *Server) recognitionSource() recognition.Source { return storedRecognition{s.store} }

type recognitionCueJSON struct {
	Code  string                   `json:"code"`
	Label string                   `json:"label"`
	Facts map[recognition.Fact]any `json:"facts"`
}

type recognitionDomainJSON struct {
	Code  string               `json:"code"`
	Label string               `json:"label"`
	Cues  []recognitionCueJSON `json:"cues"`
}

type recognitionCatalogueJSON struct {
	Version string                  `json:"version"`
	Domains []recognitionDomainJSON `json:"domains"`
}

func (s *Server) apiRecognitionCatalogue(w http.ResponseWriter, r *http.Request) {
	c, err := s.recognitionSource().Current(r.Context())
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	lang := state(r).lang
	out := recognitionCatalogueJSON{Version: c.Version, Domains: make([]recognitionDomainJSON, 0, len(c.Domains))}
	for _, d := range c.Shown() {
		dj := recognitionDomainJSON{Code: d.Code, Label: d.Label[lang], Cues: make([]recognitionCueJSON, 0, len(d.Cues))}
		for _, cue := range d.Cues {
			facts := cue.Facts
			if facts == nil {
				facts = map[recognition.Fact]any{}
			}
			dj.Cues = append(dj.Cues, recognitionCueJSON{Code: cue.Code, Label: cue.Label[lang], Facts: facts})
		}
		out.Domains = append(out.Domains, dj)
	}
	s.writeJSON(w, http.StatusOK, out)
}

type recognitionRequest struct {
	Facts map[string]any `json:"facts"`
	Cues  []string       `json:"cues"`
	// Sector is optional and only counted (recognition_stats.go).
	Sector string `json:"sector"`
}

type recognitionRouteJSON struct {
	Route            recognition.Route `json:"route"`
	LegalBasis       string            `json:"legal_basis"`
	Explanation      string            `json:"explanation"`
	NotificationKind *string           `json:"notification_kind"`
}

// explanationKey is the message of a route, or of its judgement variant
// where the law leaves the choice to the professional.
func explanationKey(d recognition.Decision) string {
	key := "recognition.explanation." + string(d.Route)
	if d.Judgement != recognition.JudgementNone {
		key += "." + string(d.Judgement)
	}
	return key
}

// apiRecognitionEvaluate answers from facts and cue codes only: nothing
// about the person is asked or logged.
func (s *Server) apiRecognitionEvaluate(w http.ResponseWriter, r *http.Request) {
	var req recognitionRequest
	if !s.decodeJSON(w, r, &req) {
		return
	}
	c, err := s.recognitionSource().Current(r.Context())
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	lang := state(r).lang
	decisions, err := recognition.Evaluate(c, req.Facts, req.Cues)
	var ie *recognition.InputError
	if errors.As(err, &ie) {
		// Fact names and cue codes are vocabulary, not personal data, so
		// the message may name them.
		s.writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: apiErrorDetail{Code: "invalid", Field: ie.Field(),
			Message: s.cat.T(lang, "recognition.error."+string(ie.Problem), ie.Name)}})
		return
	}
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	out := make([]recognitionRouteJSON, len(decisions))
	routes := make([]recognition.Route, len(decisions))
	for i, d := range decisions {
		routes[i] = d.Route
		out[i] = recognitionRouteJSON{Route: d.Route, LegalBasis: d.Route.LegalBasis(), Explanation: s.cat.T(lang, explanationKey(d))}
		if k := d.Route.NotificationKind(); k != "" {
			kind := string(k)
			out[i].NotificationKind = &kind
		}
	}
	s.recordRecognitionUse(r.Context(), req.Sector, req.Cues, routes)
	s.writeJSON(w, http.StatusOK, map[string]any{"routes": out})
}
