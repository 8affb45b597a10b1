package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
)

var servicePointSchema = map[string]any{"$ref": "#/components/schemas/ServicePoint"}

var (
	opListServicePoints = &apiOp{ID: "listServicePoints", Summary: "Service points with open now and next opening (filters: municipality, kind, target_group, topic, open_now)", Tag: "directory",
		Responses: map[string]apiResponse{"200": {Description: "Service points", Schema: map[string]any{"type": "array", "items": servicePointSchema}}}}
	opCreateServicePoint = &apiOp{ID: "createServicePoint", Summary: "Create a service point with its hours", Tag: "directory",
		RequestBody: servicePointSchema,
		Responses: map[string]apiResponse{"201": {Description: "The stored service point", Schema: servicePointSchema},
			"400": errResp("Invalid input; error.field names the field")}}
	opGetServicePoint = &apiOp{ID: "getServicePoint", Summary: "One service point with open now and next opening", Tag: "directory",
		Responses: map[string]apiResponse{"200": {Description: "The service point", Schema: servicePointSchema}, "404": errResp("No such service point")}}
	opUpdateServicePoint = &apiOp{ID: "updateServicePoint", Summary: "Replace a service point and its hours", Tag: "directory",
		RequestBody: servicePointSchema,
		Responses: map[string]apiResponse{"200": {Description: "The stored service point", Schema: servicePointSchema},
			"400": errResp("Invalid input; error.field names the field"), "404": errResp("No such service point")}}
	opOpenings = &apiOp{ID: "getOpenings", Summary: "Openings between two dates (to inclusive, at most 366 days), Europe/Helsinki", Tag: "directory",
		Responses: map[string]apiResponse{"200": {Description: "Openings", Schema: map[string]any{"type": "array", "items": map[string]any{
			"type": "object", "required": []string{"start", "end"}, "properties": map[string]any{
				"start": map[string]any{"type": "string", "format": "date-time"}, "end": map[string]any{"type": "string", "format": "date-time"}}}}},
			"400": errResp("Bad dates"), "404": errResp("No such service point")}}
)

// rfc3339 writes an instant in Helsinki time with its offset (+02:00 / +03:00).
func rfc3339(t time.Time) string { return t.In(calendar.Helsinki).Format(time.RFC3339) }

// servicePointJSON is the API form of a point plus its state at now:
// open_now, open_until (when open) and next_opening (the next start after now).
func servicePointJSON(sp *directory.ServicePoint, now time.Time) (json.RawMessage, error) {
	b, err := json.Marshal(sp)
	if err != nil {
		return nil, err
	}
	iv, open := sp.OpenAt(now)
	extra := map[string]any{"open_now": open, "next_opening": nil}
	if open {
		extra["open_until"] = rfc3339(iv.End)
	}
	if next, ok := sp.NextOpening(now); ok {
		extra["next_opening"] = rfc3339(next.Start)
	}
	e, err := json.Marshal(extra)
	if err != nil {
		return nil, err
	}
	// Splice the two objects: {…point…} + {…state…}.
	out := append(bytes.TrimSuffix(bytes.TrimSpace(b), []byte("}")), ',')
	return append(out, e[1:]...), nil
}

// pointMatches applies the public list filters.
func pointMatches(sp *directory.ServicePoint, q map[string]string, now time.Time) bool {
	if m := q["municipality"]; m != "" && sp.Municipality != m {
		return false
	}
	if k := q["kind"]; k != "" && string(sp.Kind) != k {
		return false
	}
	if g := q["target_group"]; g != "" && !slices.Contains(sp.TargetGroups, access.TargetGroup(g)) {
		return false
	}
	if t := q["topic"]; t != "" && !slices.Contains(sp.Topics, t) {
		return false
	}
	if q["open_now"] == "true" {
		if _, open := sp.OpenAt(now); !open {
			return false
		}
	}
	return true
}

func (s *Server) apiListServicePoints(w http.ResponseWriter, r *http.Request) {
	points, err := s.store.ServicePoints(r.Context(), directory.Filter{})
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	q := map[string]string{}
	for _, k := range []string{"municipality", "kind", "target_group", "topic", "open_now"} {
		q[k] = r.URL.Query().Get(k)
	}
	now := s.now()
	out := []json.RawMessage{}
	for i := range points {
		if !pointMatches(&points[i], q, now) {
			continue
		}
		j, err := servicePointJSON(&points[i], now)
		if err != nil {
			s.apiInternalError(w, r, err)
			return
		}
		out = append(out, j)
	}
	s.writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiGetServicePoint(w http.ResponseWriter, r *http.Request) {
	sp, ok := s.apiServicePoint(w, r)
	if !ok {
		return
	}
	j, err := servicePointJSON(sp, s.now())
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, j)
}

func (s *Server) apiServicePoint(w http.ResponseWriter, r *http.Request) (*directory.ServicePoint, bool) {
	sp, err := s.store.ServicePoint(r.Context(), r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.apiError(w, r, http.StatusNotFound, "not_found", "error.not_found")
		return nil, false
	}
	if err != nil {
		s.apiInternalError(w, r, err)
		return nil, false
	}
	return sp, true
}

// apiFieldError answers 400 naming the invalid field, in the caller's language.
func (s *Server) apiFieldError(w http.ResponseWriter, r *http.Request, fe *kynnys.FieldError) {
	msg := s.cat.T(state(r).lang, fe.Code)
	s.writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: apiErrorDetail{Code: "invalid", Field: fe.Field,
		Message: fmt.Sprintf("%s: %s", fe.Field, msg)}})
}

// decodeJSON reads a JSON request body into v, answering 4xx itself when it
// cannot (too large, not JSON, a wrong type in a field).
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("data after the JSON value")
	}
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return true
	case errors.As(err, &tooLarge):
		s.apiError(w, r, http.StatusRequestEntityTooLarge, "too_large", "error.too_large")
	default:
		if fe, ok := kynnys.AsFieldError(err); ok {
			s.apiFieldError(w, r, fe)
			return false
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			s.apiFieldError(w, r, &kynnys.FieldError{Field: te.Field, Code: "error.type"})
			return false
		}
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "body", Code: "error.json"})
	}
	return false
}

// mayEditPoint: admins edit any point; team leads the points of their teams
// (and they may only give a point to one of their teams).
func mayEditPoint(u *access.User, teamID string) bool {
	if u.Role == access.RoleAdmin {
		return true
	}
	return teamID != "" && u.InTeam(teamID)
}

// prepareEdit settles a point's team and checks the editor may save it.
// It answers the request itself and returns false when not.
func (s *Server) prepareEdit(w http.ResponseWriter, r *http.Request, sp *directory.ServicePoint) bool {
	u := state(r).user
	if sp.TeamID == "" && u.Role != access.RoleAdmin && len(u.Teams) > 0 {
		sp.TeamID = u.Teams[0].ID
	}
	if sp.TeamID != "" {
		if _, err := s.store.Team(r.Context(), sp.TeamID); errors.Is(err, kynnys.ErrNotFound) {
			s.apiFieldError(w, r, &kynnys.FieldError{Field: "team_id", Code: "error.unknown_code"})
			return false
		} else if err != nil {
			s.apiInternalError(w, r, err)
			return false
		}
	}
	if !mayEditPoint(u, sp.TeamID) {
		s.apiError(w, r, http.StatusForbidden, "forbidden", "directory.not_your_team")
		return false
	}
	return true
}

func editor(u *access.User) directory.Editor { return directory.Editor{UserID: u.ID, Name: u.Name} }

func (s *Server) apiCreateServicePoint(w http.ResponseWriter, r *http.Request) {
	var sp directory.ServicePoint
	if !s.decodeJSON(w, r, &sp) {
		return
	}
	sp.ID, sp.CreatedAt, sp.UpdatedAt = "", time.Time{}, time.Time{}
	if err := sp.Validate(); err != nil {
		s.saveError(w, r, err)
		return
	}
	if !s.prepareEdit(w, r, &sp) {
		return
	}
	if err := s.store.CreateServicePoint(r.Context(), &sp, editor(state(r).user)); err != nil {
		s.saveError(w, r, err)
		return
	}
	j, err := servicePointJSON(&sp, s.now())
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/service-points/"+sp.ID)
	s.writeJSON(w, http.StatusCreated, j)
}

func (s *Server) apiUpdateServicePoint(w http.ResponseWriter, r *http.Request) {
	old, ok := s.apiServicePoint(w, r)
	if !ok {
		return
	}
	if !mayEditPoint(state(r).user, old.TeamID) {
		s.apiError(w, r, http.StatusForbidden, "forbidden", "directory.not_your_team")
		return
	}
	var sp directory.ServicePoint
	if !s.decodeJSON(w, r, &sp) {
		return
	}
	sp.ID = old.ID
	if sp.TeamID == "" {
		sp.TeamID = old.TeamID
	}
	if err := sp.Validate(); err != nil {
		s.saveError(w, r, err)
		return
	}
	if !s.prepareEdit(w, r, &sp) {
		return
	}
	if err := s.store.UpdateServicePoint(r.Context(), &sp, editor(state(r).user)); err != nil {
		s.saveError(w, r, err)
		return
	}
	j, err := servicePointJSON(&sp, s.now())
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, j)
}

func (s *Server) saveError(w http.ResponseWriter, r *http.Request, err error) {
	if fe, ok := kynnys.AsFieldError(err); ok {
		s.apiFieldError(w, r, fe)
		return
	}
	if errors.Is(err, kynnys.ErrNotFound) {
		s.apiError(w, r, http.StatusNotFound, "not_found", "error.not_found")
		return
	}
	s.apiInternalError(w, r, err)
}

// maxOpeningsDays bounds /openings: a year and a leap day.
const maxOpeningsDays = 366

type openingJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

func (s *Server) apiOpenings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, err := calendar.ParseDate(q.Get("from"))
	if err != nil {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "from", Code: "error.date"})
		return
	}
	to, err := calendar.ParseDate(q.Get("to"))
	if err != nil {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "to", Code: "error.date"})
		return
	}
	if to.Before(from) {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "to", Code: "error.period_order"})
		return
	}
	if from.AddDays(maxOpeningsDays - 1).Before(to) {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "to", Code: "error.period_too_long"})
		return
	}
	sp, ok := s.apiServicePoint(w, r)
	if !ok {
		return
	}
	out := []openingJSON{}
	for _, iv := range sp.Openings(from, to) {
		out = append(out, openingJSON{Start: rfc3339(iv.Start), End: rfc3339(iv.End)})
	}
	s.writeJSON(w, http.StatusOK, out)
}
