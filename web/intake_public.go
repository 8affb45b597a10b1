package web

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/intake"
)

// The public side of intake: the "Ask for help" form, the professionals'
// notification form, their receipts, and the intake API (the same two for
// programs, contacts recorded by staff, and reading one item). Every way in
// goes through s.receiveIntake; a receipt is shown only after it returned.

// ---- API: the JSON forms ----

type intakeGuardianJSON struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Address string `json:"address"`
}

// intakeSubjectJSON is the person an item is about. Dates are YYYY-MM-DD,
// null (or left out) when unknown.
type intakeSubjectJSON struct {
	Name                 string               `json:"name"`
	Hetu                 string               `json:"hetu"`
	BirthDate            *string              `json:"birth_date"`
	Address              string               `json:"address"`
	Phone                string               `json:"phone"`
	Email                string               `json:"email"`
	Language             string               `json:"language"`
	Guardians            []intakeGuardianJSON `json:"guardians"`
	ExpectedDueDate      *string              `json:"expected_due_date"`
	HighestCareAllowance bool                 `json:"highest_care_allowance"`
	ChildSpecialSupport  bool                 `json:"child_special_support"`
	Child                bool                 `json:"child"`
}

// intakeNotifierJSON is who sent an item for someone else. Professional is
// a pointer so that leaving it out can mean the endpoint's default.
type intakeNotifierJSON struct {
	Name                 string `json:"name"`
	Organisation         string `json:"organisation"`
	Title                string `json:"title"`
	Phone                string `json:"phone"`
	Email                string `json:"email"`
	Professional         *bool  `json:"professional"`
	WantsAcknowledgement bool   `json:"wants_acknowledgement"`
}

type intakeContactJSON struct {
	Method          string `json:"method"`
	Phone           string `json:"phone"`
	Email           string `json:"email"`
	GoodTimes       string `json:"good_times"`
	MayLeaveMessage bool   `json:"may_leave_message"`
}

// intakeRequest is the body of POST /api/v1/help-requests, /notifications
// and /contacts. A stored item reads back in the same fields (intakeItemJSON).
type intakeRequest struct {
	Kind           string              `json:"kind"`
	OpenedAt       string              `json:"opened_at"`
	Municipality   string              `json:"municipality"`
	Subject        intakeSubjectJSON   `json:"subject"`
	Concern        string              `json:"concern"`
	Notifier       *intakeNotifierJSON `json:"notifier"`
	PersonKnows    string              `json:"person_knows"`
	Consent        string              `json:"consent"`
	PoliceNotified bool                `json:"police_notified"`
	Cues           []string            `json:"cues"`
	WhoNeedsHelp   string              `json:"who_needs_help"`
	Topics         []string            `json:"topics"`
	Anonymous      bool                `json:"anonymous"`
	Contact        intakeContactJSON   `json:"contact"`
}

// intakeDeadlinesJSON: a deadline that does not apply is null.
type intakeDeadlinesJSON struct {
	UrgencyAssessmentDue *string `json:"urgency_assessment_due"`
	DecisionDue          *string `json:"decision_due"`
	AssessmentStartDue   *string `json:"assessment_start_due"`
	AssessmentDue        *string `json:"assessment_due"`
}

// intakeCreatedJSON is the 201 answer of the three create endpoints.
type intakeCreatedJSON struct {
	ID        string              `json:"id"`
	Receipt   string              `json:"receipt"`
	Kind      string              `json:"kind"`
	OpenedAt  string              `json:"opened_at"`
	TeamID    *string             `json:"team_id"`
	Deadlines intakeDeadlinesJSON `json:"deadlines"`
}

type intakeTriageJSON struct {
	Urgency               *string `json:"urgency"`
	UrgencyReasons        string  `json:"urgency_reasons"`
	UrgencyBy             *string `json:"urgency_by"`
	UrgencyAt             *string `json:"urgency_at"`
	AssignedTo            *string `json:"assigned_to"`
	AssignedAt            *string `json:"assigned_at"`
	DecidedAt             *string `json:"decided_at"`
	ForwardedTo           string  `json:"forwarded_to"`
	NoActionReason        string  `json:"no_action_reason"`
	AssessmentStartedAt   *string `json:"assessment_started_at"`
	AssessmentCompletedAt *string `json:"assessment_completed_at"`
}

type intakeEventJSON struct {
	ID       string  `json:"id"`
	At       string  `json:"at"`
	By       *string `json:"by"`
	Type     string  `json:"type"`
	Status   *string `json:"status"`
	FromTeam *string `json:"from_team"`
	ToTeam   *string `json:"to_team"`
	Text     string  `json:"text"`
}

// intakeItemJSON is GET /api/v1/contacts/{id}: the fields as submitted
// (opened_at as stored), then routing, handling and history.
type intakeItemJSON struct {
	ID      string `json:"id"`
	Receipt string `json:"receipt"`
	intakeRequest
	Source      string              `json:"source"`
	RecordedAt  string              `json:"recorded_at"`
	RecordedBy  *string             `json:"recorded_by"`
	TargetGroup string              `json:"target_group"`
	TeamID      *string             `json:"team_id"`
	Routed      bool                `json:"routed"`
	Status      string              `json:"status"`
	Triage      intakeTriageJSON    `json:"triage"`
	Deadlines   intakeDeadlinesJSON `json:"deadlines"`
	Events      []intakeEventJSON   `json:"events"`
	Version     int                 `json:"version"`
	UpdatedAt   string              `json:"updated_at"`
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optTime(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := rfc3339(*t)
	return &s
}

func optDate(d calendar.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func deadlinesJSON(d intake.Deadlines) intakeDeadlinesJSON {
	return intakeDeadlinesJSON{UrgencyAssessmentDue: optTime(d.UrgencyAssessmentDue), DecisionDue: optTime(d.DecisionDue),
		AssessmentStartDue: optTime(d.AssessmentStartDue), AssessmentDue: optTime(d.AssessmentDue)}
}

func createdJSON(it *intake.Item) intakeCreatedJSON {
	return intakeCreatedJSON{ID: it.ID, Receipt: it.Receipt, Kind: string(it.Kind), OpenedAt: rfc3339(it.OpenedAt),
		TeamID: optString(it.TeamID), Deadlines: deadlinesJSON(it.Deadlines)}
}

func itemJSON(it *intake.Item, events []intake.Event) intakeItemJSON {
	s := it.Subject
	subject := intakeSubjectJSON{Name: s.Name, Hetu: s.Hetu, BirthDate: optDate(s.BirthDate), Address: s.Address, Phone: s.Phone,
		Email: s.Email, Language: s.Language, Guardians: []intakeGuardianJSON{}, ExpectedDueDate: optDate(s.ExpectedDueDate),
		HighestCareAllowance: s.HighestCareAllowance, ChildSpecialSupport: s.ChildSpecialSupport, Child: s.Child}
	for _, g := range s.Guardians {
		subject.Guardians = append(subject.Guardians, intakeGuardianJSON(g))
	}
	var notifier *intakeNotifierJSON
	if n := it.Notifier; n != nil {
		professional := n.Professional
		notifier = &intakeNotifierJSON{Name: n.Name, Organisation: n.Organisation, Title: n.Title, Phone: n.Phone, Email: n.Email,
			Professional: &professional, WantsAcknowledgement: n.WantsAcknowledgement}
	}
	d := it.Details
	out := intakeItemJSON{ID: it.ID, Receipt: it.Receipt,
		intakeRequest: intakeRequest{Kind: string(it.Kind), OpenedAt: rfc3339(it.OpenedAt), Municipality: it.Municipality,
			Subject: subject, Concern: it.Concern, Notifier: notifier, PersonKnows: d.PersonKnows, Consent: string(d.Consent),
			PoliceNotified: d.PoliceNotified, Cues: nonNil(d.Cues), WhoNeedsHelp: d.WhoNeedsHelp, Topics: nonNil(d.Topics),
			Anonymous: d.Anonymous, Contact: intakeContactJSON(d.Contact)},
		Source: string(it.Source), RecordedAt: rfc3339(it.RecordedAt), RecordedBy: optString(it.RecordedBy),
		TargetGroup: string(it.TargetGroup), TeamID: optString(it.TeamID), Routed: it.Routed, Status: string(it.Status),
		Triage: intakeTriageJSON{Urgency: optString(string(it.Urgency)), UrgencyReasons: it.UrgencyReasons,
			UrgencyBy: optString(it.UrgencyBy), UrgencyAt: optTime(it.UrgencyAt), AssignedTo: optString(it.AssignedTo),
			AssignedAt: optTime(it.AssignedAt), DecidedAt: optTime(it.DecidedAt), ForwardedTo: it.ForwardedTo,
			NoActionReason: it.NoActionReason, AssessmentStartedAt: optTime(it.AssessmentStartedAt),
			AssessmentCompletedAt: optTime(it.AssessmentCompletedAt)},
		Deadlines: deadlinesJSON(it.Deadlines), Events: []intakeEventJSON{}, Version: it.Version, UpdatedAt: rfc3339(it.UpdatedAt)}
	for _, ev := range events {
		out.Events = append(out.Events, intakeEventJSON{ID: ev.ID, At: rfc3339(ev.At), By: optString(ev.By), Type: string(ev.Type),
			Status: optString(string(ev.Status)), FromTeam: optString(ev.FromTeam), ToTeam: optString(ev.ToTeam), Text: ev.Text})
	}
	return out
}

// intakeEndpoint is which of the three create endpoints a request came to.
type intakeEndpoint int

const (
	endpointHelpRequest intakeEndpoint = iota
	endpointNotification
	endpointContact
)

// cueCode is the shape of a recognition tool cue code: they travel in
// prefill URLs and are stored as given, so nothing else is let through.
var cueCode = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// item turns the request into an item for ep: the kind each endpoint takes,
// opened_at from staff only (the public endpoints refuse it rather than
// ignore it, so that no sender believes a back-dated arrival was kept),
// and the notifier's professional flag by default on /notifications.
func (req *intakeRequest) item(ep intakeEndpoint) (*intake.Item, error) {
	it := &intake.Item{Kind: intake.Kind(req.Kind), Municipality: req.Municipality, Concern: req.Concern,
		Subject: intake.Subject{Name: req.Subject.Name, Hetu: req.Subject.Hetu, Address: req.Subject.Address,
			Phone: req.Subject.Phone, Email: req.Subject.Email, Language: req.Subject.Language,
			HighestCareAllowance: req.Subject.HighestCareAllowance, ChildSpecialSupport: req.Subject.ChildSpecialSupport,
			Child: req.Subject.Child},
		Details: intake.Details{PersonKnows: req.PersonKnows, Consent: intake.Consent(req.Consent), PoliceNotified: req.PoliceNotified,
			Cues: req.Cues, WhoNeedsHelp: req.WhoNeedsHelp, Topics: req.Topics, Anonymous: req.Anonymous,
			Contact: intake.Contact(req.Contact)}}
	switch ep {
	case endpointHelpRequest:
		if req.Kind == "" {
			it.Kind = intake.KindHelpRequest
		}
		if it.Kind != intake.KindHelpRequest {
			return nil, kynnys.Invalid("kind", "help.api.kind")
		}
		it.Source = intake.SourcePublicForm
	case endpointNotification:
		if !it.Kind.Notification() {
			return nil, kynnys.Invalid("kind", "notify.api.kind")
		}
		it.Source = intake.SourceNotification
	default:
		it.Source = intake.SourceStaff
	}
	if req.OpenedAt != "" {
		if ep != endpointContact {
			return nil, kynnys.Invalid("opened_at", "help.api.opened_at")
		}
		t, err := time.Parse(time.RFC3339, req.OpenedAt)
		if err != nil {
			return nil, kynnys.Invalid("opened_at", "encounter.error.date_time")
		}
		it.OpenedAt = t
	}
	for _, d := range []struct {
		field string
		text  *string
		into  *calendar.Date
	}{{"subject.birth_date", req.Subject.BirthDate, &it.Subject.BirthDate},
		{"subject.expected_due_date", req.Subject.ExpectedDueDate, &it.Subject.ExpectedDueDate}} {
		if d.text == nil || *d.text == "" {
			continue
		}
		day, err := calendar.ParseDate(*d.text)
		if err != nil {
			return nil, kynnys.Invalid(d.field, "error.date")
		}
		*d.into = day
	}
	for _, g := range req.Subject.Guardians {
		it.Subject.Guardians = append(it.Subject.Guardians, intake.Guardian(g))
	}
	if n := req.Notifier; n != nil {
		professional := ep == endpointNotification
		if n.Professional != nil {
			professional = *n.Professional
		}
		it.Notifier = &intake.Notifier{Name: n.Name, Organisation: n.Organisation, Title: n.Title, Phone: n.Phone, Email: n.Email,
			Professional: professional, WantsAcknowledgement: n.WantsAcknowledgement}
	} else if ep == endpointNotification {
		// No notifier at all is a professional who left their identity out,
		// which Validate refuses by name.
		it.Notifier = &intake.Notifier{Professional: true}
	}
	for _, c := range it.Details.Cues {
		if !cueCode.MatchString(c) {
			return nil, kynnys.Invalid("cues", "intake.error.choice")
		}
	}
	return it, nil
}

// unknownField reads the field name out of encoding/json's error for a
// field the target does not have; only a plain name is echoed back.
var unknownField = regexp.MustCompile(`^json: unknown field "([A-Za-z0-9_]{1,64})"$`)

// decodeStrictJSON is decodeJSON that also refuses fields the request type
// does not know: a misspelt "consent" must not pass as "no answer".
func (s *Server) decodeStrictJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("data after the JSON value")
	}
	if err == nil {
		return true
	}
	var tooLarge *http.MaxBytesError
	var te *json.UnmarshalTypeError
	switch m := unknownField.FindStringSubmatch(err.Error()); {
	case errors.As(err, &tooLarge):
		s.apiError(w, r, http.StatusRequestEntityTooLarge, "too_large", "error.too_large")
	case m != nil:
		s.apiFieldError(w, r, &kynnys.FieldError{Field: m[1], Code: "help.api.unknown_field"})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "body", Code: "help.api.unknown_field"})
	case errors.As(err, &te) && te.Field != "":
		s.apiFieldError(w, r, &kynnys.FieldError{Field: te.Field, Code: "error.type"})
	default:
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "body", Code: "error.json"})
	}
	return false
}

func (s *Server) apiCreateHelpRequest(w http.ResponseWriter, r *http.Request) {
	s.apiCreateIntake(w, r, endpointHelpRequest)
}

func (s *Server) apiCreateNotification(w http.ResponseWriter, r *http.Request) {
	s.apiCreateIntake(w, r, endpointNotification)
}

func (s *Server) apiCreateContact(w http.ResponseWriter, r *http.Request) {
	s.apiCreateIntake(w, r, endpointContact)
}

// apiCreateIntake stores an item from the API. Errors name fields, never
// values: the body holds identity codes and free text.
func (s *Server) apiCreateIntake(w http.ResponseWriter, r *http.Request, ep intakeEndpoint) {
	var req intakeRequest
	if !s.decodeStrictJSON(w, r, &req) {
		return
	}
	it, err := req.item(ep)
	if err != nil {
		s.saveError(w, r, err)
		return
	}
	var by *access.User
	if ep == endpointContact {
		by = state(r).user
	} else {
		wait, err := s.admitPublic(r, it)
		if err != nil {
			s.saveError(w, r, err)
			return
		}
		if wait > 0 {
			setRetryAfter(w, wait)
			s.apiError(w, r, http.StatusTooManyRequests, "too_many_requests", "help.api.rate_limited")
			return
		}
	}
	if err := s.receiveIntake(r.Context(), it, by); err != nil {
		s.saveError(w, r, err)
		return
	}
	if by != nil {
		// The item is stored: the sender must get its receipt even if the
		// access log entry fails, or they would record it a second time.
		if err := s.logUse(r, it.PersonID, access.LogCreate, triagePurpose); err != nil {
			s.log.Error("access log of a recorded contact", "request_id", state(r).id, "route", state(r).route, "err", err)
		}
	}
	w.Header().Set("Location", "/api/v1/contacts/"+it.ID)
	s.writeJSON(w, http.StatusCreated, createdJSON(it))
}

// apiGetContact shows one item to the staff of the team it is routed to.
// A refusal is access-logged too: someone tried to read the person's data.
func (s *Server) apiGetContact(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	it, err := s.store.IntakeItem(ctx, r.PathValue("id"))
	if err != nil {
		s.saveError(w, r, err)
		return
	}
	if it.TeamID == "" || !state(r).user.InTeam(it.TeamID) {
		if it.PersonID != "" {
			if err := s.logUse(r, it.PersonID, access.LogDeny, triagePurpose); err != nil {
				s.apiInternalError(w, r, err)
				return
			}
		}
		s.apiError(w, r, http.StatusForbidden, "forbidden", "intake.error.not_your_team")
		return
	}
	events, err := s.store.IntakeEvents(ctx, it.ID)
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	if err := s.logUse(r, it.PersonID, access.LogView, triagePurpose); err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, itemJSON(it, events))
}

// ---- API: OpenAPI ----

func kindNames(kinds []intake.Kind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

// intakeRequestSchema describes the create body on an endpoint taking kinds.
func intakeRequestSchema(kinds []intake.Kind, ep intakeEndpoint) map[string]any {
	str := map[string]any{"type": "string"}
	short := map[string]any{"type": "string", "maxLength": intake.MaxShort}
	date := map[string]any{"type": []string{"string", "null"}, "format": "date"}
	strs := func(enum []string) map[string]any {
		return map[string]any{"type": "array", "items": map[string]any{"enum": enum}}
	}
	kind := map[string]any{"enum": kindNames(kinds)}
	opened := map[string]any{"type": "string", "format": "date-time",
		"description": "When the matter reached the county: not in the future; left out, the time it is received"}
	professional := "false: a private person, who may leave their identity out of a child welfare or older person's notification"
	required := []string{"kind", "municipality"}
	switch ep {
	case endpointHelpRequest:
		kind["description"] = "help_request, or left out"
		required = []string{"municipality"}
		opened = map[string]any{"not": map[string]any{}, "description": "Refused: the time of arrival is the time the request is received"}
	case endpointNotification:
		professional = "Default true. " + professional
		opened = map[string]any{"not": map[string]any{}, "description": "Refused: the time of arrival is the time the notification is received"}
	default:
		professional = "Default false. " + professional
	}
	return map[string]any{"type": "object", "required": required, "additionalProperties": false, "properties": map[string]any{
		"kind": kind, "opened_at": opened, "municipality": short,
		"subject": map[string]any{"type": "object", "additionalProperties": false, "description": "The person the matter is about", "properties": map[string]any{
			"name": short, "hetu": map[string]any{"type": "string", "description": "Finnish personal identity code; it sets birth_date"},
			"birth_date": date, "address": short, "phone": short, "email": short,
			"language": map[string]any{"type": "string", "description": "Language code, e.g. fi, sv, en"},
			"guardians": map[string]any{"type": "array", "maxItems": 4, "items": map[string]any{"type": "object", "additionalProperties": false,
				"properties": map[string]any{"name": short, "phone": short, "address": short}}},
			"expected_due_date":      map[string]any{"type": []string{"string", "null"}, "format": "date", "description": "Required for anticipatory_child_welfare"},
			"highest_care_allowance": map[string]any{"type": "boolean", "description": "Receives the highest care allowance (7-arkipäivä start)"},
			"child_special_support":  map[string]any{"type": "boolean", "description": "A child needing special support"},
			"child":                  map[string]any{"type": "boolean", "description": "Under 18, when no birth date is known"}}},
		"concern": map[string]any{"type": "string", "maxLength": intake.MaxConcern, "description": "Required except on a help request that names topics"},
		"notifier": map[string]any{"type": []string{"object", "null"}, "additionalProperties": false,
			"description": "Who sends it for someone else; a professional gives name, organisation and phone", "properties": map[string]any{
				"name": short, "organisation": short, "title": short, "phone": short, "email": short,
				"professional":          map[string]any{"type": "boolean", "description": professional},
				"wants_acknowledgement": map[string]any{"type": "boolean", "description": "Asks to be told that it was received (LsL 26 §)"}}},
		"person_knows":    map[string]any{"enum": []string{"", "yes", "no", "unknown"}},
		"consent":         map[string]any{"enum": []string{"", string(intake.ConsentGiven), string(intake.ConsentRefused), string(intake.ConsentNotAsked)}, "description": "given is required for shl35_consent"},
		"police_notified": map[string]any{"type": "boolean"},
		"cues":            map[string]any{"type": "array", "maxItems": 100, "items": map[string]any{"type": "string", "pattern": cueCode.String()}, "description": "Codes of the recognition tool's cues"},
		"who_needs_help":  map[string]any{"enum": append([]string{""}, intake.WhoNeedsHelpChoices...), "description": "Help requests only; default self"},
		"topics":          strs(intake.HelpTopics),
		"anonymous":       map[string]any{"type": "boolean", "description": "Help requests only: then no name, contact details or identity code"},
		"contact": map[string]any{"type": "object", "additionalProperties": false, "description": "Help requests: how to reach the sender", "properties": map[string]any{
			"method": map[string]any{"enum": []string{"", "phone", "email"}}, "phone": short, "email": str,
			"good_times": map[string]any{"enum": []string{"", "morning", "afternoon", "any"}}, "may_leave_message": map[string]any{"type": "boolean"}}},
	}}
}

func intakeDeadlinesSchema() map[string]any {
	dl := func(desc string) map[string]any {
		return map[string]any{"type": []string{"string", "null"}, "format": "date-time", "description": desc + "; null when it does not apply"}
	}
	return map[string]any{"type": "object", "required": []string{"urgency_assessment_due", "decision_due", "assessment_start_due", "assessment_due"},
		"description": "End of day (23:59:59) in Europe/Helsinki, as RFC 3339", "properties": map[string]any{
			"urgency_assessment_due": dl("Urgency assessment: the end of the opening day"),
			"decision_due":           dl("A child's matter: decide on the assessment and tell the family, 7th arkipäivä (LsL 26 §)"),
			"assessment_start_due":   dl("Assessment starts by the 7th arkipäivä: 75 or over, highest care allowance, child needing special support (SHL 36 §)"),
			"assessment_due":         dl("A child's assessment complete, 3 months after opening")}}
}

func intakeCreatedSchema() map[string]any {
	return map[string]any{"type": "object", "required": []string{"id", "receipt", "kind", "opened_at", "team_id", "deadlines"}, "properties": map[string]any{
		"id":        map[string]any{"type": "string", "format": "uuid"},
		"receipt":   map[string]any{"type": "string", "pattern": "^[A-Z0-9]{4}-[A-Z0-9]{4}$", "description": "The code the sender refers to the item by"},
		"kind":      map[string]any{"enum": kindNames(intake.Kinds)},
		"opened_at": map[string]any{"type": "string", "format": "date-time"},
		"team_id":   map[string]any{"type": []string{"string", "null"}, "description": "The team it is routed to; null when none serves it and no default team is set"},
		"deadlines": intakeDeadlinesSchema()}}
}

func intakeItemSchema() map[string]any {
	item := intakeRequestSchema(intake.Kinds, endpointContact)
	props := map[string]any{}
	for k, v := range item["properties"].(map[string]any) {
		props[k] = v
	}
	props["kind"] = map[string]any{"enum": kindNames(intake.Kinds)}
	props["opened_at"] = map[string]any{"type": "string", "format": "date-time"}
	statuses := make([]string, len(intake.Statuses))
	for i, st := range intake.Statuses {
		statuses[i] = string(st)
	}
	optStr := map[string]any{"type": []string{"string", "null"}}
	optDT := map[string]any{"type": []string{"string", "null"}, "format": "date-time"}
	for k, v := range intakeCreatedSchema()["properties"].(map[string]any) {
		props[k] = v
	}
	props["source"] = map[string]any{"enum": []string{string(intake.SourcePublicForm), string(intake.SourceNotification), string(intake.SourceStaff)}}
	props["recorded_at"] = map[string]any{"type": "string", "format": "date-time"}
	props["recorded_by"] = map[string]any{"type": []string{"string", "null"}, "description": "The staff member who recorded it; null for the public forms"}
	props["target_group"] = map[string]any{"enum": targetGroupNames()}
	props["routed"] = map[string]any{"type": "boolean", "description": "false: no team serves the municipality and target group; it went to the default team"}
	props["status"] = map[string]any{"enum": statuses}
	props["triage"] = map[string]any{"type": "object", "properties": map[string]any{
		"urgency": map[string]any{"enum": []any{nil, string(intake.UrgencyUrgent), string(intake.UrgencyNotUrgent)}}, "urgency_reasons": map[string]any{"type": "string"},
		"urgency_by": optStr, "urgency_at": optDT, "assigned_to": optStr, "assigned_at": optDT, "decided_at": optDT,
		"forwarded_to": map[string]any{"type": "string"}, "no_action_reason": map[string]any{"type": "string"},
		"assessment_started_at": optDT, "assessment_completed_at": optDT}}
	props["events"] = map[string]any{"type": "array", "description": "The history, oldest first", "items": map[string]any{"type": "object", "properties": map[string]any{
		"id": map[string]any{"type": "string"}, "at": map[string]any{"type": "string", "format": "date-time"}, "by": optStr,
		"type": map[string]any{"type": "string"}, "status": optStr, "from_team": optStr, "to_team": optStr, "text": map[string]any{"type": "string"}}}}
	props["version"] = map[string]any{"type": "integer"}
	props["updated_at"] = map[string]any{"type": "string", "format": "date-time"}
	return map[string]any{"type": "object", "properties": props}
}

var (
	opCreateHelpRequest = &apiOp{ID: "createHelpRequest", Summary: "Ask for help, as the \"Ask for help\" form does (no token; limited per client address)", Tag: "intake",
		RequestBody: intakeRequestSchema([]intake.Kind{intake.KindHelpRequest}, endpointHelpRequest),
		Responses: map[string]apiResponse{"201": {Description: "Received and stored", Schema: intakeCreatedSchema()},
			"400": errResp("Invalid input, an unknown field, another kind, or opened_at; error.field names the field"),
			"429": errResp("Too many submissions from this address; Retry-After says when to try again")}}
	opCreateNotification = &apiOp{ID: "createNotification", Summary: "A professional's contact or notification (SHL 35 §, LsL 25, 25 a, 25 c §, VPL 25 §; no token; limited per client address)", Tag: "intake",
		RequestBody: intakeRequestSchema(intake.NotificationKinds, endpointNotification),
		Responses: map[string]apiResponse{"201": {Description: "Received and stored", Schema: intakeCreatedSchema()},
			"400": errResp("Invalid input, an unknown field, a kind that is not a notification, no notifier identity from a professional, or opened_at; error.field names the field"),
			"429": errResp("Too many submissions from this address; Retry-After says when to try again")}}
	opCreateContact = &apiOp{ID: "createContact", Summary: "Record a contact received by staff (a call, a letter, a paper notification), with its real time of arrival", Tag: "intake",
		RequestBody: intakeRequestSchema(intake.Kinds, endpointContact),
		Responses: map[string]apiResponse{"201": {Description: "Stored", Schema: intakeCreatedSchema()},
			"400": errResp("Invalid input or an unknown field; error.field names the field")}}
	opGetContact = &apiOp{ID: "getContact", Summary: "An intake item with its handling and history, for the staff of the team it is routed to (access-logged)", Tag: "intake",
		Responses: map[string]apiResponse{"200": {Description: "The item", Schema: intakeItemSchema()},
			"403": errResp("The item belongs to another team (the attempt is access-logged)"), "404": errResp("No such item")}}
)

// ---- Abuse protection of the public ways in ----

// A client address (an IPv6 /64 counting as one) may submit submitBurst
// items, refilled evenly over submitWindow. The buckets are in memory on
// each node: behind a load balancer an address gets this budget per node,
// which still stops a flood, and a restart forgets them; keeping them in
// the database would cost a write per submission for little gain.
const (
	submitBurst  = 5
	submitWindow = 10 * time.Minute
)

// honeypotField is a form field people never see or fill; bots do.
const honeypotField = "website"

type intakeGate struct {
	mu      sync.Mutex
	buckets map[string]*gateBucket
	swept   time.Time
	refused *prometheus.CounterVec
}

type gateBucket struct {
	lim  *rate.Limiter
	last time.Time
}

func newIntakeGate(reg prometheus.Registerer) *intakeGate {
	g := &intakeGate{buckets: map[string]*gateBucket{}, refused: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kynnys_intake_public_refused_total",
		Help: "Public intake submissions not stored: honeypot filled, or the address's rate limit reached.",
	}, []string{"reason"})}
	reg.MustRegister(g.refused)
	return g
}

// take spends one submission of key's budget at now. When none is left it
// returns how long until there is one, and spends nothing.
func (g *intakeGate) take(key string, now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	if now.Sub(g.swept) >= submitWindow {
		// A bucket untouched for a whole window is full again, the same as
		// a new one, so forgetting it keeps memory bounded and loses nothing.
		for k, b := range g.buckets {
			if now.Sub(b.last) >= submitWindow {
				delete(g.buckets, k)
			}
		}
		g.swept = now
	}
	b := g.buckets[key]
	if b == nil {
		b = &gateBucket{lim: rate.NewLimiter(rate.Every(submitWindow/submitBurst), submitBurst)}
		g.buckets[key] = b
	}
	b.last = now
	res := b.lim.ReserveN(now, 1)
	if wait := res.DelayFrom(now); wait > 0 {
		res.CancelAt(now)
		g.refused.WithLabelValues("rate_limited").Inc()
		return wait
	}
	return 0
}

// admitPublic checks a public submission before it is stored: invalid
// input is refused without spending the address's budget (a person fixing
// typos is not a flood); valid input spends one, or gets the wait.
func (s *Server) admitPublic(r *http.Request, it *intake.Item) (time.Duration, error) {
	now := s.now()
	probe := *it
	probe.OpenedAt = now
	if err := probe.Validate(now); err != nil {
		return 0, err
	}
	// Signed-in staff are known people, not a flood: a nurse notifying
	// from a hospital network that shares one address is not held back.
	if st := state(r); st.session != nil && st.session.SecondFactorDone {
		return 0, nil
	}
	return s.intakeGate.take(access.ThrottleKeyAddress(s.clientAddress(r)), now), nil
}

func setRetryAfter(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
}

// ---- Public forms: shared parts ----

// pubField is one text input or textarea with its label, hint and error,
// for the "pub-field" template.
type pubField struct {
	ID, Name, Label, Mark, Hint, Value string
	Type, Autocomplete, List           string
	Error                              string
	Max, Rows                          int
	Required                           bool
}

// Described is the aria-describedby of the input: its hint and error.
func (f pubField) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// pubChoice is a radio button or checkbox; Explain sits beside it.
type pubChoice struct {
	ID, Value, Label, Explain string
	Checked                   bool
}

// pubSpec ties a field of intake's validation (or of the form's own
// parsing) to the input the error summary links to and its label.
type pubSpec struct{ field, anchor, label string }

// pubErrors are a form's errors by input id, the summary in form order,
// and Problem: a message about the whole form (the rate limit).
type pubErrors struct {
	Errors  map[string]string
	Summary []deskSummaryItem
	Problem string
}

// E is the error of the input (or group) with id, for "pub-error".
func (e *pubErrors) E(id string) deskFieldError {
	return deskFieldError{Field: id, Message: e.Errors[id]}
}

// set translates errs (field → catalogue key) onto the inputs of specs. An
// error on a field the form has no input for goes above the form.
func (e *pubErrors) set(p *Page, specs []pubSpec, errs map[string]string) {
	e.Errors = map[string]string{}
	for _, sp := range specs {
		if code, ok := errs[sp.field]; ok {
			delete(errs, sp.field)
			if _, dup := e.Errors[sp.anchor]; dup {
				continue
			}
			e.Errors[sp.anchor] = p.T(code)
			e.Summary = append(e.Summary, deskSummaryItem{Anchor: sp.anchor, Label: p.T(sp.label), Message: e.Errors[sp.anchor]})
		}
	}
	if len(errs) > 0 {
		fields := slices.Sorted(maps.Keys(errs))
		e.Problem = p.T(errs[fields[0]])
	}
}

// requiredMark is the text after the label of a required input.
func requiredMark(p *Page) string { return "(" + p.T("help.required") + ")" }

// parseFormDate reads a date as an ISO date or as people write it in
// Finland (24.12.2026).
func parseFormDate(text string) (calendar.Date, bool) {
	text = strings.TrimSpace(text)
	if d, err := calendar.ParseDate(text); err == nil {
		return d, true
	}
	t, err := time.Parse("2.1.2006", text)
	if err != nil {
		return calendar.Date{}, false
	}
	d, err := calendar.ParseDate(t.Format(time.DateOnly))
	return d, err == nil
}

// municipalityChoices are the municipalities the teams serve, offered as
// suggestions; any other is accepted and goes to the default team.
func (s *Server) municipalityChoices(r *http.Request) ([]string, error) {
	teams, err := s.store.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range teams {
		for _, m := range t.Municipalities {
			if m = strings.TrimSpace(m); m != "" && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// honeypot reports whether a bot filled the hidden field. It is counted
// and then answered like a success, so the bot learns nothing.
func (s *Server) honeypot(r *http.Request) bool {
	if r.PostFormValue(honeypotField) == "" {
		return false
	}
	s.intakeGate.refused.WithLabelValues("honeypot").Inc()
	return true
}

// submitPublic stores a form's item unless the address's budget is spent.
// It returns the wait (nothing stored) or a validation error by field.
func (s *Server) submitPublic(r *http.Request, it *intake.Item, errs map[string]string) (time.Duration, error) {
	wait, err := s.admitPublic(r, it)
	if err == nil && wait == 0 {
		err = s.receiveIntake(r.Context(), it, nil)
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		errs[fe.Field] = fe.Code
		return 0, nil
	}
	return wait, err
}

// rateLimited says on a form that it was not sent, and when to try again.
func (e *pubErrors) rateLimited(w http.ResponseWriter, p *Page, wait time.Duration) {
	setRetryAfter(w, wait)
	e.Problem = p.T("help.error.rate_limited", int((wait+time.Minute-1)/time.Minute), p.Emergency)
}

// ---- "Ask for help" ----

// helpForm is the "Ask for help" form as typed.
type helpForm struct {
	Who, Concern, Municipality, Method string
	Topics                             map[string]bool
	Name, Phone, Email, GoodTimes      string
	MayLeaveMessage                    bool
}

// helpMethods: "none" is the anonymous request, asked as one of the ways
// to be contacted so that it is a single clear choice.
var helpMethods = []string{"phone", "email", "none"}

var helpGoodTimes = []string{"any", "morning", "afternoon"}

type helpFields struct{ Concern, Municipality, Name, Phone, Email pubField }

type helpView struct {
	*Page
	pubErrors
	Form           helpForm
	Who            []pubChoice
	Topics         []pubChoice
	Methods        []pubChoice
	GoodTimes      []pubChoice
	Fields         helpFields
	Municipalities []string
}

// helpSpecs: the form's inputs in order, by validation field.
var helpSpecs = []pubSpec{
	{"who_needs_help", "who-self", "help.who.legend"},
	{"topics", "topics", "help.topics.legend"},
	{"concern", "concern", "help.field.concern"},
	{"municipality", "municipality", "help.field.municipality"},
	{"contact.method", "method-phone", "help.method.legend"},
	{"anonymous", "method-none", "help.method.legend"},
	{"subject.name", "name", "help.field.name"},
	{"notifier.name", "name", "help.field.name"},
	{"contact.phone", "phone", "help.field.phone"},
	{"contact.email", "email", "help.field.email"},
	{"contact.good_times", "good_times-any", "help.good_times.legend"},
}

func readHelpForm(r *http.Request) helpForm {
	f := helpForm{Who: r.PostFormValue("who"), Concern: r.PostFormValue("concern"), Municipality: r.PostFormValue("municipality"),
		Method: r.PostFormValue("method"), Topics: map[string]bool{}, Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"),
		Email: r.PostFormValue("email"), GoodTimes: r.PostFormValue("good_times"), MayLeaveMessage: r.PostFormValue("may_leave_message") == "on"}
	for _, t := range r.PostForm["topics"] {
		f.Topics[t] = true
	}
	return f
}

// item builds the help request in the page's language lang. The name is
// the subject's when asking for oneself, else the sender's.
func (f *helpForm) item(lang string, errs map[string]string) *intake.Item {
	anonymous := f.Method == "none"
	it := &intake.Item{Kind: intake.KindHelpRequest, Source: intake.SourcePublicForm, Municipality: f.Municipality, Concern: f.Concern,
		Subject: intake.Subject{Language: lang, Child: f.Who == "child"},
		Details: intake.Details{WhoNeedsHelp: f.Who, Topics: sortedSet(f.Topics), Anonymous: anonymous,
			Contact: intake.Contact{Phone: f.Phone, Email: f.Email, GoodTimes: f.GoodTimes, MayLeaveMessage: f.MayLeaveMessage}}}
	if !anonymous {
		it.Details.Contact.Method = f.Method
	}
	if name := strings.TrimSpace(f.Name); name != "" {
		switch {
		case anonymous:
			errs["anonymous"] = "intake.error.anonymous_personal_data"
		case f.Who == "self" || f.Who == "":
			it.Subject.Name = name
		default:
			it.Notifier = &intake.Notifier{Name: name}
		}
	}
	return it
}

func (s *Server) helpView(r *http.Request, f helpForm) (*helpView, error) {
	v := &helpView{Page: s.view(r, "help.title"), Form: f, pubErrors: pubErrors{Errors: map[string]string{}}}
	var err error
	if v.Municipalities, err = s.municipalityChoices(r); err != nil {
		return nil, err
	}
	for _, w := range intake.WhoNeedsHelpChoices {
		v.Who = append(v.Who, pubChoice{ID: "who-" + w, Value: w, Label: v.T("intake.who." + w), Checked: w == f.Who})
	}
	for _, t := range intake.HelpTopics {
		v.Topics = append(v.Topics, pubChoice{ID: "topic-" + t, Value: t, Label: v.T("intake.topic." + t), Checked: f.Topics[t]})
	}
	for _, m := range helpMethods {
		c := pubChoice{ID: "method-" + m, Value: m, Label: v.T("help.method." + m), Checked: m == f.Method}
		if m == "none" {
			c.Explain = v.T("help.method.none_hint")
		}
		v.Methods = append(v.Methods, c)
	}
	for _, g := range helpGoodTimes {
		v.GoodTimes = append(v.GoodTimes, pubChoice{ID: "good_times-" + g, Value: g, Label: v.T("help.good_times." + g), Checked: g == f.GoodTimes})
	}
	return v, nil
}

// fields fills the text inputs once the errors are known.
func (v *helpView) fields() {
	f := v.Form
	v.Fields = helpFields{
		Concern: pubField{ID: "concern", Name: "concern", Label: v.T("help.field.concern"), Hint: v.T("help.hint.concern"),
			Value: f.Concern, Rows: 6, Max: intake.MaxConcern, Error: v.Errors["concern"]},
		Municipality: pubField{ID: "municipality", Name: "municipality", Label: v.T("help.field.municipality"), Mark: requiredMark(v.Page),
			Hint: v.T("help.hint.municipality"), Value: f.Municipality, Type: "text", Autocomplete: "address-level2", List: "municipality-list",
			Max: intake.MaxShort, Required: true, Error: v.Errors["municipality"]},
		Name: pubField{ID: "name", Name: "name", Label: v.T("help.field.name"), Hint: v.T("help.hint.name"), Value: f.Name, Type: "text",
			Autocomplete: "name", Max: intake.MaxShort, Error: v.Errors["name"]},
		Phone: pubField{ID: "phone", Name: "phone", Label: v.T("help.field.phone"), Value: f.Phone, Type: "tel", Autocomplete: "tel",
			Max: intake.MaxShort, Error: v.Errors["phone"]},
		Email: pubField{ID: "email", Name: "email", Label: v.T("help.field.email"), Value: f.Email, Type: "email", Autocomplete: "email",
			Max: intake.MaxShort, Error: v.Errors["email"]},
	}
}

func (s *Server) helpForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.helpView(r, helpForm{Who: "self", Method: "phone", GoodTimes: "any", Topics: map[string]bool{}})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v.fields()
	s.render(w, r, http.StatusOK, "help", v)
}

func (s *Server) helpSubmit(w http.ResponseWriter, r *http.Request) {
	f := readHelpForm(r)
	if s.honeypot(r) {
		http.Redirect(w, r, helpSentPath(intake.NewReceipt(), f.Method == "none"), http.StatusSeeOther)
		return
	}
	errs := map[string]string{}
	it := f.item(state(r).lang, errs)
	s.submitPublicForm(w, r, it, errs, "help", helpSpecs,
		func() string { return helpSentPath(it.Receipt, it.Details.Anonymous) },
		func() (pubFormView, error) { return s.helpView(r, f) })
}

// pubFormView is a public form's page: its page, its error summary, and
// the inputs it fills in from the form.
type pubFormView interface {
	parts() (*Page, *pubErrors)
	fields()
}

func (v *helpView) parts() (*Page, *pubErrors)   { return v.Page, &v.pubErrors }
func (v *notifyView) parts() (*Page, *pubErrors) { return v.Page, &v.pubErrors }

// submitPublicForm stores it when the form had no errors and the address is
// within its limit, then sends the sender to the receipt at sent(); else it
// shows the form again (view) with the errors, or the rate limit's notice.
func (s *Server) submitPublicForm(w http.ResponseWriter, r *http.Request, it *intake.Item, errs map[string]string,
	tmpl string, specs []pubSpec, sent func() string, view func() (pubFormView, error)) {
	var wait time.Duration
	if len(errs) == 0 {
		var err error
		if wait, err = s.submitPublic(r, it, errs); err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	if len(errs) == 0 && wait == 0 {
		http.Redirect(w, r, sent(), http.StatusSeeOther)
		return
	}
	v, err := view()
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	p, pe := v.parts()
	pe.set(p, specs, errs)
	status := http.StatusBadRequest
	if wait > 0 {
		pe.rateLimited(w, p, wait)
		status = http.StatusTooManyRequests
	}
	v.fields()
	s.render(w, r, status, tmpl, v)
}

// receiptShape is what a receipt looks like. The sent pages show the code
// from the address and nothing from the store, so anything else is a 404.
var receiptShape = regexp.MustCompile(`^[A-Z0-9]{4}-[A-Z0-9]{4}$`)

// helpSentPath is where a help request's receipt is shown; an anonymous
// sender is told where help is available instead of who will call.
func helpSentPath(receipt string, anonymous bool) string {
	p := "/help/sent/" + url.PathEscape(receipt)
	if anonymous {
		p += "?anonymous=1"
	}
	return p
}

type sentView struct {
	*Page
	Receipt   string
	Anonymous bool
}

func (s *Server) helpSent(w http.ResponseWriter, r *http.Request) {
	receipt := r.PathValue("receipt")
	if !receiptShape.MatchString(receipt) {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "help_sent", &sentView{Page: s.view(r, "help.sent.title"), Receipt: receipt,
		Anonymous: r.URL.Query().Get("anonymous") == "1"})
}

// ---- Professionals' notification ----

// notifyGuardians is how many guardian rows the form offers.
const notifyGuardians = 2

// notifyForm is the notification form as typed.
type notifyForm struct {
	Kind                                             string
	Name, Hetu, BirthDate, Address, Phone, Language  string
	Child, HighestCareAllowance, ChildSpecialSupport bool
	Guardians                                        [notifyGuardians]intake.Guardian
	DueDate, Concern, PersonKnows, Consent           string
	Municipality                                     string
	PoliceNotified                                   bool
	NName, NOrganisation, NTitle, NPhone, NEmail     string
	Private, WantsAck                                bool
	Cues                                             []string
}

type notifyGuardianFields struct{ Name, Phone, Address pubField }

type notifyFields struct {
	Name, Hetu, BirthDate, Address, Phone, DueDate, Concern, Municipality pubField
	NName, NOrganisation, NTitle, NPhone, NEmail                          pubField
	Guardians                                                             [notifyGuardians]notifyGuardianFields
}

type notifyView struct {
	*Page
	pubErrors
	Form        notifyForm
	Kinds       []pubChoice
	PersonKnows []pubChoice
	Consents    []pubChoice
	Languages   []pubChoice
	Fields      notifyFields
	// Municipalities are suggestions for the municipality input.
	Municipalities []string
}

var notifySpecs = []pubSpec{
	{"kind", "kind-" + string(intake.NotificationKinds[0]), "notify.kind.legend"},
	{"subject.name", "subject-name", "notify.field.subject.name"},
	{"subject.hetu", "subject-hetu", "notify.field.subject.hetu"},
	{"subject.birth_date", "subject-birth_date", "notify.field.subject.birth_date"},
	{"subject.address", "subject-address", "notify.field.subject.address"},
	{"subject.phone", "subject-phone", "notify.field.subject.phone"},
	{"subject.language", "subject-language", "notify.field.subject.language"},
	{"subject.guardians", "guardian0-name", "notify.guardians.legend"},
	{"subject.expected_due_date", "subject-expected_due_date", "notify.field.subject.expected_due_date"},
	{"concern", "concern", "notify.field.concern"},
	{"cues", "concern", "notify.cues.heading"},
	{"municipality", "municipality", "notify.field.municipality"},
	{"person_knows", "person_knows-yes", "notify.person_knows.legend"},
	{"consent", "consent-given", "notify.consent.legend"},
	{"notifier.professional", "private", "notify.field.private"},
	{"notifier.name", "notifier-name", "notify.field.notifier.name"},
	{"notifier.organisation", "notifier-organisation", "notify.field.notifier.organisation"},
	{"notifier.title", "notifier-title", "notify.field.notifier.title"},
	{"notifier.phone", "notifier-phone", "notify.field.notifier.phone"},
	{"notifier.email", "notifier-email", "notify.field.notifier.email"},
}

// cleanCues keeps the well-formed cue codes of a prefill, once each.
func cleanCues(codes []string) []string {
	var out []string
	for _, c := range codes {
		if c = strings.TrimSpace(c); cueCode.MatchString(c) && !slices.Contains(out, c) && len(out) < 100 {
			out = append(out, c)
		}
	}
	return out
}

// notifyPrefill is what the recognition tool may hand over: the kind, the
// cues ticked and a draft of the concern. It only fills the form in.
func notifyPrefill(kind string, cues []string, concern string) notifyForm {
	var f notifyForm
	if intake.Kind(kind).Notification() {
		f.Kind = kind
	}
	var codes []string
	for _, c := range cues {
		codes = append(codes, strings.Split(c, ",")...)
	}
	f.Cues = cleanCues(codes)
	if utf8.RuneCountInString(concern) <= intake.MaxConcern {
		f.Concern = concern
	}
	return f
}

func readNotifyForm(r *http.Request) notifyForm {
	v := func(k string) string { return r.PostFormValue(k) }
	on := func(k string) bool { return r.PostFormValue(k) == "on" }
	f := notifyForm{Kind: v("kind"), Name: v("subject_name"), Hetu: v("subject_hetu"), BirthDate: v("subject_birth_date"),
		Address: v("subject_address"), Phone: v("subject_phone"), Language: v("subject_language"), Child: on("subject_child"),
		HighestCareAllowance: on("subject_highest_care_allowance"), ChildSpecialSupport: on("subject_child_special_support"),
		DueDate: v("expected_due_date"), Concern: v("concern"), PersonKnows: v("person_knows"), Consent: v("consent"),
		Municipality: v("municipality"), PoliceNotified: on("police_notified"), NName: v("notifier_name"),
		NOrganisation: v("notifier_organisation"), NTitle: v("notifier_title"), NPhone: v("notifier_phone"),
		NEmail: v("notifier_email"), Private: on("private"), WantsAck: on("wants_acknowledgement"), Cues: r.PostForm["cues"]}
	for i := range f.Guardians {
		n := "guardian" + strconv.Itoa(i) + "_"
		f.Guardians[i] = intake.Guardian{Name: v(n + "name"), Phone: v(n + "phone"), Address: v(n + "address")}
	}
	return f
}

// item builds the notification, adding the form's own errors (dates, a kind
// that is not a notification) to errs by field.
func (f *notifyForm) item(errs map[string]string) *intake.Item {
	it := &intake.Item{Kind: intake.Kind(f.Kind), Source: intake.SourceNotification, Municipality: f.Municipality, Concern: f.Concern,
		Subject: intake.Subject{Name: f.Name, Hetu: f.Hetu, Address: f.Address, Phone: f.Phone, Language: f.Language,
			Child: f.Child, HighestCareAllowance: f.HighestCareAllowance, ChildSpecialSupport: f.ChildSpecialSupport},
		// Always a notifier: a private person who leaves everything out is
		// still one, not an anonymous professional.
		Notifier: &intake.Notifier{Name: f.NName, Organisation: f.NOrganisation, Title: f.NTitle, Phone: f.NPhone, Email: f.NEmail,
			Professional: !f.Private, WantsAcknowledgement: f.WantsAck},
		Details: intake.Details{PersonKnows: f.PersonKnows, Consent: intake.Consent(f.Consent), PoliceNotified: f.PoliceNotified,
			Cues: f.Cues}}
	if !it.Kind.Notification() {
		errs["kind"] = "intake.error.kind"
	}
	for _, g := range f.Guardians {
		if strings.TrimSpace(g.Name+g.Phone+g.Address) != "" {
			it.Subject.Guardians = append(it.Subject.Guardians, g)
		}
	}
	for _, d := range []struct {
		field, text string
		into        *calendar.Date
	}{{"subject.birth_date", f.BirthDate, &it.Subject.BirthDate}, {"subject.expected_due_date", f.DueDate, &it.Subject.ExpectedDueDate}} {
		if strings.TrimSpace(d.text) == "" {
			continue
		}
		day, ok := parseFormDate(d.text)
		if !ok {
			errs[d.field] = "notify.error.date"
			continue
		}
		*d.into = day
	}
	for _, c := range it.Details.Cues {
		if !cueCode.MatchString(c) {
			errs["cues"] = "intake.error.choice"
		}
	}
	return it
}

func (s *Server) notifyView(r *http.Request, f notifyForm) (*notifyView, error) {
	v := &notifyView{Page: s.view(r, "notify.title"), Form: f, pubErrors: pubErrors{Errors: map[string]string{}}}
	var err error
	if v.Municipalities, err = s.municipalityChoices(r); err != nil {
		return nil, err
	}
	for _, k := range intake.NotificationKinds {
		id := "kind-" + string(k)
		v.Kinds = append(v.Kinds, pubChoice{ID: id, Value: string(k), Label: v.T("intake.kind." + string(k)),
			Explain: v.T("notify.kind." + string(k) + ".explain"), Checked: string(k) == f.Kind})
	}
	for _, a := range []string{"yes", "no", "unknown"} {
		v.PersonKnows = append(v.PersonKnows, pubChoice{ID: "person_knows-" + a, Value: a, Label: v.T("notify.person_knows." + a),
			Checked: a == f.PersonKnows})
	}
	for _, c := range []intake.Consent{intake.ConsentGiven, intake.ConsentRefused, intake.ConsentNotAsked} {
		v.Consents = append(v.Consents, pubChoice{ID: "consent-" + string(c), Value: string(c), Label: v.T("notify.consent." + string(c)),
			Checked: string(c) == f.Consent})
	}
	v.Languages = []pubChoice{{Value: "", Label: v.T("notify.language.unknown"), Checked: f.Language == ""}}
	for _, l := range subjectLanguages {
		v.Languages = append(v.Languages, pubChoice{Value: l, Label: v.LanguageName(l), Checked: l == f.Language})
	}
	return v, nil
}

// fields fills the text inputs once the errors are known.
func (v *notifyView) fields() {
	f, e := v.Form, v.Errors
	text := func(id, name, label, value, autocomplete string) pubField {
		return pubField{ID: id, Name: name, Label: v.T(label), Value: value, Type: "text", Autocomplete: autocomplete,
			Max: intake.MaxShort, Error: e[id]}
	}
	required := func(p pubField) pubField { p.Required, p.Mark = true, requiredMark(v.Page); return p }
	hint := func(p pubField, key string) pubField { p.Hint = v.T(key); return p }
	typed := func(p pubField, typ string) pubField { p.Type = typ; return p }
	// The subject's details are not the notifier's own: browsers must not
	// fill them in from the notifier's profile.
	v.Fields = notifyFields{
		Name:         text("subject-name", "subject_name", "notify.field.subject.name", f.Name, "off"),
		Hetu:         hint(text("subject-hetu", "subject_hetu", "notify.field.subject.hetu", f.Hetu, "off"), "notify.hint.hetu"),
		BirthDate:    hint(text("subject-birth_date", "subject_birth_date", "notify.field.subject.birth_date", f.BirthDate, "off"), "notify.hint.date"),
		Address:      text("subject-address", "subject_address", "notify.field.subject.address", f.Address, "off"),
		Phone:        typed(text("subject-phone", "subject_phone", "notify.field.subject.phone", f.Phone, "off"), "tel"),
		DueDate:      hint(text("subject-expected_due_date", "expected_due_date", "notify.field.subject.expected_due_date", f.DueDate, "off"), "notify.hint.due_date"),
		Municipality: hint(required(text("municipality", "municipality", "notify.field.municipality", f.Municipality, "off")), "notify.hint.municipality"),
		NName:        required(text("notifier-name", "notifier_name", "notify.field.notifier.name", f.NName, "name")),
		NOrganisation: required(text("notifier-organisation", "notifier_organisation", "notify.field.notifier.organisation",
			f.NOrganisation, "organization")),
		NTitle:  text("notifier-title", "notifier_title", "notify.field.notifier.title", f.NTitle, "organization-title"),
		NPhone:  typed(required(text("notifier-phone", "notifier_phone", "notify.field.notifier.phone", f.NPhone, "tel")), "tel"),
		NEmail:  typed(text("notifier-email", "notifier_email", "notify.field.notifier.email", f.NEmail, "email"), "email"),
		Concern: required(pubField{ID: "concern", Name: "concern", Label: v.T("notify.field.concern"), Hint: v.T("notify.hint.concern"), Value: f.Concern, Rows: 8, Max: intake.MaxConcern, Error: e["concern"]}),
	}
	v.Fields.Municipality.List = "municipality-list"
	v.Fields.NName.Hint = v.T("notify.hint.notifier")
	for i, g := range f.Guardians {
		n := "guardian" + strconv.Itoa(i)
		v.Fields.Guardians[i] = notifyGuardianFields{
			Name:    pubField{ID: n + "-name", Name: n + "_name", Label: v.T("notify.field.guardian.name"), Value: g.Name, Type: "text", Autocomplete: "off", Max: intake.MaxShort, Error: e[n+"-name"]},
			Phone:   pubField{ID: n + "-phone", Name: n + "_phone", Label: v.T("notify.field.guardian.phone"), Value: g.Phone, Type: "tel", Autocomplete: "off", Max: intake.MaxShort},
			Address: pubField{ID: n + "-address", Name: n + "_address", Label: v.T("notify.field.guardian.address"), Value: g.Address, Type: "text", Autocomplete: "off", Max: intake.MaxShort},
		}
	}
}

// GuardianLegend names guardian row i (0-based) for people (1-based).
func (v *notifyView) GuardianLegend(i int) string { return v.T("notify.guardian", i+1) }

// CueCount says how many recognition tool answers come with the form.
func (v *notifyView) CueCount() string { return v.T("notify.cues.text", len(v.Form.Cues)) }

func (s *Server) notifyForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	// An address takes the kind and cue codes only: a draft of the concern
	// is free text about a person, which never travels in a URL (it is
	// posted with step=prefill instead).
	f := notifyPrefill(q.Get("kind"), q["cues"], "")
	if len(q) > 0 {
		// A prefilled draft is the sender's own; no cache keeps it.
		w.Header().Set("Cache-Control", "no-store")
	}
	s.showNotifyForm(w, r, f)
}

// showNotifyForm shows a fresh (or prefilled) form; a signed-in member of
// staff finds their own name and e-mail already in it.
func (s *Server) showNotifyForm(w http.ResponseWriter, r *http.Request, f notifyForm) {
	v, err := s.notifyView(r, f)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if u := v.User; u != nil {
		v.Form.NName, v.Form.NEmail = u.Name, u.Email
	}
	v.fields()
	s.render(w, r, http.StatusOK, "notify", v)
}

func (s *Server) notifySubmit(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("step") == "prefill" {
		// The recognition tool's way to hand a draft over without putting
		// it in an address: posted, shown, never stored.
		s.showNotifyForm(w, r, notifyPrefill(r.PostFormValue("kind"), r.PostForm["cues"], r.PostFormValue("concern")))
		return
	}
	if s.honeypot(r) {
		http.Redirect(w, r, "/notify/sent/"+intake.NewReceipt(), http.StatusSeeOther)
		return
	}
	f := readNotifyForm(r)
	errs := map[string]string{}
	it := f.item(errs)
	s.submitPublicForm(w, r, it, errs, "notify", notifySpecs,
		func() string { return "/notify/sent/" + it.Receipt },
		func() (pubFormView, error) { return s.notifyView(r, f) })
}

func (s *Server) notifySent(w http.ResponseWriter, r *http.Request) {
	receipt := r.PathValue("receipt")
	if !receiptShape.MatchString(receipt) {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "notify_sent", &sentView{Page: s.view(r, "notify.sent.title"), Receipt: receipt})
}
