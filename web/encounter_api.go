package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/encounter"
)

var encounterSchema = map[string]any{"$ref": "#/components/schemas/Encounter"}

var (
	vocabularySchema = map[string]any{"type": "array", "items": map[string]any{
		"type": "object", "required": []string{"code", "label", "active"}, "properties": map[string]any{
			"code":   map[string]any{"type": "string"},
			"label":  localizedSchema(),
			"active": map[string]any{"type": "boolean", "description": "false: retired, kept for old encounters; new ones cannot use it"}}}}

	opTopicVocabulary = &apiOp{ID: "getTopicVocabulary", Summary: "Encounter topics, retired ones included, in display order", Tag: "encounters",
		Responses: map[string]apiResponse{"200": {Description: "Topics", Schema: vocabularySchema}}}
	opHelpVocabulary = &apiOp{ID: "getHelpVocabulary", Summary: "Kinds of help given in encounters, retired ones included, in display order", Tag: "encounters",
		Responses: map[string]apiResponse{"200": {Description: "Kinds of help", Schema: vocabularySchema}}}
	opAgeBandVocabulary = &apiOp{ID: "getAgeBandVocabulary", Summary: "Age bands of encounters, in display order", Tag: "encounters",
		Responses: map[string]apiResponse{"200": {Description: "Age bands", Schema: vocabularySchema}}}
	opCreateEncounter = &apiOp{ID: "createEncounter", Summary: "Log an encounter at a service point of one's own team (anonymous unless anonymous is false)", Tag: "encounters",
		RequestBody: encounterSchema,
		Responses: map[string]apiResponse{"201": {Description: "The stored encounter", Schema: encounterSchema},
			"400": errResp("Invalid input (an unknown code, a future start, personal data on an anonymous encounter); error.field names the field"),
			"403": errResp("The role may not log encounters, or the service point belongs to another team")}}
	opEncounterReport = &apiOp{ID: "getEncounterReport", Summary: "Encounter statistics for from..to (YYYY-MM-DD, to inclusive, at most 366 days), optionally of one service_point; " +
		"unless every point in scope is one of the caller's teams', counts of 1–4 are hidden and named in suppressed, " +
		"with the counts that a subtraction from a total would give them back by (also named in complementary)", Tag: "encounters",
		Responses: map[string]apiResponse{"200": {Description: "The statistics", Schema: encounterReportOpenAPISchema()},
			"400": errResp("Bad dates; error.field names the parameter"), "404": errResp("No such service point")}}
)

// encounterRequest is the body of POST /api/v1/encounters. Anonymous is a
// pointer so that leaving it out means anonymous: the safe default. There
// is no staff field: the staff member is the token's user.
type encounterRequest struct {
	ServicePointID      string   `json:"service_point_id"`
	Channel             string   `json:"channel"`
	StartedAt           string   `json:"started_at"`
	DurationMin         int      `json:"duration_min"`
	Anonymous           *bool    `json:"anonymous"`
	AgeBand             string   `json:"age_band"`
	Gender              string   `json:"gender"`
	Topics              []string `json:"topics"`
	Help                []string `json:"help"`
	ReferredTo          []string `json:"referred_to"`
	AlreadyClient       string   `json:"already_client"`
	ContinuedToServices bool     `json:"continued_to_services"`
	FirstVisit          bool     `json:"first_visit"`
	ClientID            string   `json:"client_id"`
	Note                string   `json:"note"`
}

func (req *encounterRequest) encounter() (*encounter.Encounter, error) {
	e := &encounter.Encounter{ServicePointID: strings.TrimSpace(req.ServicePointID), Channel: encounter.Channel(req.Channel),
		DurationMin: req.DurationMin, Anonymous: req.Anonymous == nil || *req.Anonymous, AgeBand: req.AgeBand, Gender: req.Gender,
		Topics: req.Topics, Help: req.Help, ReferredTo: req.ReferredTo, AlreadyClient: req.AlreadyClient,
		ContinuedToServices: req.ContinuedToServices, FirstVisit: req.FirstVisit,
		ClientID: strings.TrimSpace(req.ClientID), Note: req.Note}
	if req.StartedAt != "" {
		t, err := time.Parse(time.RFC3339, req.StartedAt)
		if err != nil {
			return nil, kynnys.Invalid("started_at", "encounter.error.date_time")
		}
		e.StartedAt = t
	}
	return e, nil
}

// encounterJSON is the API form of a stored encounter. Every field is
// always present, so that clients need not tell absent from empty.
type encounterJSON struct {
	ID                  string   `json:"id"`
	ServicePointID      string   `json:"service_point_id"`
	StaffID             string   `json:"staff_id"`
	Channel             string   `json:"channel"`
	StartedAt           string   `json:"started_at"`
	DurationMin         int      `json:"duration_min"`
	Anonymous           bool     `json:"anonymous"`
	AgeBand             string   `json:"age_band"`
	Gender              string   `json:"gender"`
	Topics              []string `json:"topics"`
	Help                []string `json:"help"`
	ReferredTo          []string `json:"referred_to"`
	AlreadyClient       string   `json:"already_client"`
	ContinuedToServices bool     `json:"continued_to_services"`
	FirstVisit          bool     `json:"first_visit"`
	ClientID            string   `json:"client_id"`
	Note                string   `json:"note"`
	CreatedAt           string   `json:"created_at"`
	UpdatedAt           string   `json:"updated_at"`
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func toEncounterJSON(e *encounter.Encounter) encounterJSON {
	return encounterJSON{ID: e.ID, ServicePointID: e.ServicePointID, StaffID: e.StaffID, Channel: string(e.Channel),
		StartedAt: rfc3339(e.StartedAt), DurationMin: e.DurationMin, Anonymous: e.Anonymous, AgeBand: e.AgeBand, Gender: e.Gender,
		Topics: nonNil(e.Topics), Help: nonNil(e.Help), ReferredTo: nonNil(e.ReferredTo), AlreadyClient: e.AlreadyClient,
		ContinuedToServices: e.ContinuedToServices, FirstVisit: e.FirstVisit, ClientID: e.ClientID, Note: e.Note,
		CreatedAt: rfc3339(e.CreatedAt), UpdatedAt: rfc3339(e.UpdatedAt)}
}

// The body and the stored note are never logged here: errors name fields,
// not values, and internal errors log only what the store returns.
func (s *Server) apiCreateEncounter(w http.ResponseWriter, r *http.Request) {
	var req encounterRequest
	if !s.decodeJSON(w, r, &req) {
		return
	}
	e, err := req.encounter()
	if err != nil {
		s.saveError(w, r, err)
		return
	}
	ctx := r.Context()
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	if err := e.Validate(vocab, s.now()); err != nil {
		s.saveError(w, r, err)
		return
	}
	teamID, err := s.store.ServicePointTeam(ctx, e.ServicePointID)
	if errors.Is(err, kynnys.ErrNotFound) {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "service_point_id", Code: "error.unknown_code"})
		return
	}
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	u := state(r).user
	// Staff log for their own teams' places; a county-wide point (no team)
	// is anyone's who may log.
	if teamID != "" && !u.InTeam(teamID) {
		s.apiError(w, r, http.StatusForbidden, "forbidden", "encounter.not_your_team")
		return
	}
	e.StaffID = u.ID
	// A named client's data is used: the access log comes first, so that
	// no use goes unrecorded even if storing then fails.
	if e.ClientID != "" {
		if err := s.logUse(r, e.ClientID, access.LogCreate, "encounter"); err != nil {
			s.apiInternalError(w, r, err)
			return
		}
	}
	if err := s.store.CreateEncounter(ctx, e); err != nil {
		s.saveError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusCreated, toEncounterJSON(e))
}

type vocabularyEntryJSON struct {
	Code   string              `json:"code"`
	Label  directory.Localized `json:"label"`
	Active bool                `json:"active"`
}

// apiVocabulary lists one vocabulary. It is public: codes and labels carry
// no personal data, and forms and reports elsewhere need them.
func (s *Server) apiVocabulary(kind encounter.VocabularyKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.store.Vocabulary(r.Context())
		if err != nil {
			s.apiInternalError(w, r, err)
			return
		}
		entries := v.Of(kind)
		slices.SortStableFunc(entries, func(a, b encounter.Entry) int { return a.Position - b.Position })
		out := make([]vocabularyEntryJSON, 0, len(entries))
		for _, e := range entries {
			out = append(out, vocabularyEntryJSON{Code: e.Code, Label: e.Label, Active: e.Active})
		}
		s.writeJSON(w, http.StatusOK, out)
	}
}

// encounterReportJSON is the report with its scope. Suppression says
// whether counts of 1–4 are hidden for this caller.
type encounterReportJSON struct {
	From           calendar.Date `json:"from"`
	To             calendar.Date `json:"to"`
	ServicePointID string        `json:"service_point_id,omitempty"`
	Suppression    bool          `json:"suppression"`
	encounter.Report
}

// parsePeriod reads from and to (to inclusive, at most maxOpeningsDays),
// answering 400 itself when they are wrong.
func (s *Server) parsePeriod(w http.ResponseWriter, r *http.Request) (from, to calendar.Date, ok bool) {
	q := r.URL.Query()
	from, err := calendar.ParseDate(q.Get("from"))
	if err != nil {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "from", Code: "error.date"})
		return from, to, false
	}
	to, err = calendar.ParseDate(q.Get("to"))
	if err != nil {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "to", Code: "error.date"})
		return from, to, false
	}
	if to.Before(from) {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "to", Code: "error.period_order"})
		return from, to, false
	}
	if from.AddDays(maxOpeningsDays - 1).Before(to) {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "to", Code: "error.period_too_long"})
		return from, to, false
	}
	return from, to, true
}

// ownsAll reports whether every point belongs to one of u's teams: only
// then are small counts shown (RULES.md §5). A county-wide point (no team)
// is no one's team's, so a report covering one is suppressed for everyone.
func ownsAll(u *access.User, points []directory.ServicePoint) bool {
	for i := range points {
		if points[i].TeamID == "" || !u.InTeam(points[i].TeamID) {
			return false
		}
	}
	return true
}

func (s *Server) apiEncounterReport(w http.ResponseWriter, r *http.Request) {
	from, to, ok := s.parsePeriod(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	q := encounter.StatsQuery{From: from, To: to}
	var scope []directory.ServicePoint
	id := r.URL.Query().Get("service_point")
	if id != "" {
		sp, err := s.store.ServicePoint(ctx, id)
		if errors.Is(err, kynnys.ErrNotFound) {
			s.apiError(w, r, http.StatusNotFound, "not_found", "encounter.unknown_service_point")
			return
		}
		if err != nil {
			s.apiInternalError(w, r, err)
			return
		}
		scope, q.ServicePointIDs = []directory.ServicePoint{*sp}, []string{id}
	} else {
		var err error
		if scope, err = s.store.ServicePoints(ctx, directory.Filter{}); err != nil {
			s.apiInternalError(w, r, err)
			return
		}
	}
	stats, err := s.store.EncounterStats(ctx, q)
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	suppress := !ownsAll(state(r).user, scope)
	s.writeJSON(w, http.StatusOK, encounterReportJSON{From: from, To: to, ServicePointID: id,
		Suppression: suppress, Report: encounter.BuildReport(stats, suppress)})
}

func localizedSchema() map[string]any {
	str := map[string]any{"type": "string"}
	return map[string]any{"type": "object", "properties": map[string]any{"fi": str, "sv": str, "en": str}}
}

// encounterOpenAPISchema describes the encounter JSON form (request and response).
func encounterOpenAPISchema() map[string]any {
	str := map[string]any{"type": "string"}
	channels := make([]string, len(encounter.Channels))
	for i, c := range encounter.Channels {
		channels[i] = string(c)
	}
	return map[string]any{"type": "object", "required": []string{"service_point_id", "channel", "started_at"}, "properties": map[string]any{
		"id":                    map[string]any{"type": "string", "format": "uuid", "readOnly": true},
		"service_point_id":      str,
		"staff_id":              map[string]any{"type": "string", "readOnly": true, "description": "The token's user; a value sent is ignored"},
		"channel":               map[string]any{"enum": channels},
		"started_at":            map[string]any{"type": "string", "format": "date-time", "description": "Not in the future, at most 366 days ago"},
		"duration_min":          map[string]any{"type": "integer", "minimum": 0, "maximum": encounter.MaxDurationMin},
		"anonymous":             map[string]any{"type": "boolean", "default": true, "description": "An anonymous encounter carries no client_id and no note"},
		"age_band":              map[string]any{"type": "string", "description": "A code of /api/v1/vocabularies/age-bands"},
		"gender":                map[string]any{"enum": encounter.Genders},
		"topics":                map[string]any{"type": "array", "maxItems": encounter.MaxCodes, "items": str, "description": "Active codes of /api/v1/vocabularies/topics"},
		"help":                  map[string]any{"type": "array", "maxItems": encounter.MaxCodes, "items": str, "description": "Active codes of /api/v1/vocabularies/help"},
		"referred_to":           map[string]any{"type": "array", "maxItems": encounter.MaxReferrals, "items": str, "description": "Partner organisations"},
		"already_client":        map[string]any{"enum": encounter.AlreadyClientAnswers, "default": "unknown"},
		"continued_to_services": map[string]any{"type": "boolean"},
		"first_visit":           map[string]any{"type": "boolean"},
		"client_id":             map[string]any{"type": "string", "description": "Only when not anonymous"},
		"note":                  map[string]any{"type": "string", "maxLength": encounter.MaxNote, "description": "Only when not anonymous"},
		"created_at":            map[string]any{"type": "string", "format": "date-time", "readOnly": true},
		"updated_at":            map[string]any{"type": "string", "format": "date-time", "readOnly": true},
	}}
}

// encounterReportOpenAPISchema describes the report.
func encounterReportOpenAPISchema() map[string]any {
	counts := map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "integer"}}
	share := map[string]any{"type": "number", "minimum": 0, "maximum": 1, "description": "0 for an empty period or when suppressed"}
	date := map[string]any{"type": "string", "format": "date"}
	return map[string]any{"type": "object", "required": []string{"from", "to", "suppression", "total", "by_topic", "by_help", "by_channel",
		"anonymous_share", "not_already_client_share", "continued_share", "suppressed"}, "properties": map[string]any{
		"from": date, "to": date, "service_point_id": map[string]any{"type": "string"},
		"suppression": map[string]any{"type": "boolean", "description": "Counts of 1–4 are hidden: the scope has points outside the caller's teams"},
		"total":       map[string]any{"type": "integer", "description": "0 and named in suppressed when 1–4 under suppression"},
		"by_topic":    counts, "by_help": counts, "by_channel": counts, "by_age_band": counts,
		"by_hour":    map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "integer"}, "description": "Keys 00..23, Helsinki time"},
		"by_weekday": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "integer"}, "description": "Keys mon..sun"},
		"by_day":     map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "integer"}, "description": "Keys YYYY-MM-DD"},
		"referrals":  counts,
		"topic_pairs": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "integer"},
			"description": "Topics named together in one encounter, keys a|b with a < b"},
		"anonymous_share": share, "not_already_client_share": share, "continued_share": share, "first_visit_share": share,
		"suppressed": map[string]any{"type": "array", "items": map[string]any{"type": "string"},
			"description": "Hidden cells as dimension:code (topic:debt), and hidden totals and shares by field name"},
		"complementary": map[string]any{"type": "array", "items": map[string]any{"type": "string"},
			"description": "The hidden cells (of suppressed) that may hold any count, not 1–4: hidden so that subtracting shown cells from a total cannot give a count of 1–4 back"},
	}}
}
