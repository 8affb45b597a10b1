package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// The case-work API: clients, cases, the trust ladder, meetings and
// no-shows. Errors name fields, never values: bodies hold identity codes,
// names and free text about people. Every read and change of a client's or
// case's data goes through clientUse/caseUse, which decide and access-log
// it before anything about the person is answered.

// apiDuplicatePurpose is the access-log purpose when a new client's duplicate
// check discloses that an existing client matches.
const apiDuplicatePurpose = "casework: duplicate check"

// apiMaxPurpose bounds the Kynnys-Purpose header: the purpose is kept
// in the access log for years.
const apiMaxPurpose = 500

// ---- JSON forms ----

// apiClientRequest is the body of POST /api/v1/clients.
type apiClientRequest struct {
	Name         string   `json:"name"`
	Hetu         string   `json:"hetu"`
	BirthDate    string   `json:"birth_date"`
	Phone        string   `json:"phone"`
	Email        string   `json:"email"`
	Address      string   `json:"address"`
	Languages    []string `json:"languages"`
	Municipality string   `json:"municipality"`
}

type apiClientCreated struct {
	ID string `json:"id"`
	// PossibleDuplicates are clients with the same name and birth date:
	// maybe the same person without (or with another) identity code.
	PossibleDuplicates []string `json:"possible_duplicates,omitempty"`
}

// apiDuplicateBody is the 409 of a client whose identity code exists: the
// usual error shape plus the existing client's id.
type apiDuplicateBody struct {
	Error apiDuplicateDetail `json:"error"`
}

type apiDuplicateDetail struct {
	apiErrorDetail
	ExistingID string `json:"existing_id"`
}

type apiClientCaseJSON struct {
	ID       string `json:"id"`
	TeamID   string `json:"team_id"`
	WorkerID string `json:"worker_id"`
	Status   string `json:"status"`
	Stage    int    `json:"stage"`
}

type apiClientJSON struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Hetu         *string  `json:"hetu"`
	BirthDate    string   `json:"birth_date"`
	Phone        string   `json:"phone"`
	Email        string   `json:"email"`
	Address      string   `json:"address"`
	Languages    []string `json:"languages"`
	Municipality string   `json:"municipality"`
	CreatedAt    string   `json:"created_at"`
	UpdatedAt    string   `json:"updated_at"`
	Version      int      `json:"version"`
	// Cases are the client's cases the caller may open.
	Cases []apiClientCaseJSON `json:"cases"`
}

// apiCaseRequest is the body of POST /api/v1/cases.
type apiCaseRequest struct {
	ClientID       string `json:"client_id"`
	WorkerID       string `json:"worker_id"`
	SecondWorkerID string `json:"second_worker_id"`
	TeamID         string `json:"team_id"`
	TargetGroup    string `json:"target_group"`
	Origin         string `json:"origin"`
	OriginRef      string `json:"origin_ref"`
	OverrideReason string `json:"override_reason"`
}

type apiIDJSON struct {
	ID string `json:"id"`
}

type apiLadderStepJSON struct {
	ID         string `json:"id"`
	At         string `json:"at"`
	From       int    `json:"from"`
	To         int    `json:"to"`
	By         string `json:"by"`
	Reason     string `json:"reason"`
	Regression bool   `json:"regression"`
}

type apiFollowUpJSON struct {
	ID         string  `json:"id"`
	Kind       string  `json:"kind"`
	Due        string  `json:"due"`
	AssignedTo string  `json:"assigned_to"`
	MeetingID  *string `json:"meeting_id"`
	Note       string  `json:"note"`
	CreatedAt  string  `json:"created_at"`
	CreatedBy  string  `json:"created_by"`
}

// apiCaseAccessJSON tells the caller how they read the case.
type apiCaseAccessJSON struct {
	Level   string  `json:"level"`   // full, read
	Purpose *string `json:"purpose"` // the stated purpose of a read-only reader
}

type apiCaseJSON struct {
	ID               string              `json:"id"`
	ClientID         string              `json:"client_id"`
	TeamID           string              `json:"team_id"`
	WorkerID         string              `json:"worker_id"`
	WorkerName       string              `json:"worker_name"`
	SecondWorkerID   *string             `json:"second_worker_id"`
	SecondWorkerName *string             `json:"second_worker_name"`
	TargetGroup      string              `json:"target_group"`
	Status           string              `json:"status"`
	CloseReason      *string             `json:"close_reason"`
	CloseNote        string              `json:"close_note"`
	Origin           string              `json:"origin"`
	OriginRef        *string             `json:"origin_ref"`
	Situation        map[string]string   `json:"situation"`
	Stage            int                 `json:"stage"`
	StageName        map[string]string   `json:"stage_name"`
	StageAt          *string             `json:"stage_at"`
	OpenedAt         string              `json:"opened_at"`
	OpenedBy         string              `json:"opened_by"`
	ClosedAt         *string             `json:"closed_at"`
	LastContactAt    *string             `json:"last_contact_at"`
	UpdatedAt        string              `json:"updated_at"`
	Version          int                 `json:"version"`
	Ladder           []apiLadderStepJSON `json:"ladder"`
	FollowUps        []apiFollowUpJSON   `json:"follow_ups"`
	Access           apiCaseAccessJSON   `json:"access"`
}

// apiLadderRequest is the body of POST /api/v1/cases/{id}/ladder. Version,
// when given, must be the case's current one.
type apiLadderRequest struct {
	Stage   int    `json:"stage"`
	Reason  string `json:"reason"`
	At      string `json:"at"`
	Version *int   `json:"version"`

	at time.Time
}

type apiLadderCreated struct {
	ID         string `json:"id"`
	At         string `json:"at"`
	From       int    `json:"from"`
	To         int    `json:"to"`
	Regression bool   `json:"regression"`
}

type apiMeetingRequest struct {
	At      string `json:"at"`
	Place   string `json:"place"`
	Status  string `json:"status"`
	Outcome string `json:"outcome"`

	at     time.Time
	status casework.MeetingStatus
}

type apiNoShowRequest struct {
	Kind string `json:"kind"`
	Due  string `json:"due"`

	due calendar.Date
}

// apiCaseChangeRequest is the body of a change to a case: parse checks it and
// keeps what it reads in the unexported fields.
type apiCaseChangeRequest interface{ parse() error }

func (q *apiLadderRequest) parse() (err error) {
	q.at, err = apiParseTime("at", strings.TrimSpace(q.At))
	return err
}

func (q *apiMeetingRequest) parse() (err error) {
	if q.at, err = apiParseTime("at", strings.TrimSpace(q.At)); err != nil {
		return err
	}
	q.status = casework.MeetingStatus(q.Status)
	if q.status == "" {
		q.status = casework.MeetingPlanned
	}
	// A missed meeting is recorded through no-show, which makes its
	// follow-up; a cancelled one was never held and needs no record here.
	if q.status != casework.MeetingPlanned && q.status != casework.MeetingHeld {
		return &kynnys.FieldError{Field: "status", Code: "casework_api.error.meeting_status"}
	}
	return nil
}

func (q *apiNoShowRequest) parse() (err error) {
	q.due, err = parseDateField("due", q.Due)
	return err
}

type apiNoShowCreated struct {
	TaskID string `json:"task_id"`
	Due    string `json:"due"`
}

// ---- errors ----

// apiCaseworkError answers a case-work failure: a full caseload is a
// conflict, not bad input; an invalid identity code has its own code so
// that programs can tell it from other mistakes.
func (s *Server) apiCaseworkError(w http.ResponseWriter, r *http.Request, err error) {
	fe, isField := kynnys.AsFieldError(err)
	switch {
	case errors.Is(err, casework.ErrOverCap):
		s.apiError(w, r, http.StatusConflict, "over_cap", "casework.error.over_cap")
	case isField && fe.Field == "hetu":
		s.writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: apiErrorDetail{Code: "invalid_hetu", Field: fe.Field,
			Message: fmt.Sprintf("%s: %s", fe.Field, s.cat.T(state(r).lang, fe.Code))}})
	case isField:
		s.apiFieldError(w, r, fe)
	case errors.Is(err, kynnys.ErrConflict):
		s.apiError(w, r, http.StatusConflict, "conflict", "casework.error.conflict")
	case errors.Is(err, kynnys.ErrForbidden):
		s.apiError(w, r, http.StatusForbidden, "forbidden", "casework.error.not_your_case")
	case errors.Is(err, kynnys.ErrNotFound):
		s.apiError(w, r, http.StatusNotFound, "not_found", "error.not_found")
	default:
		s.apiInternalError(w, r, err)
	}
}

// apiUseError answers a refusal of caseUse/clientUse about personID. A
// forbidden use is logged there; a read without a stated purpose is
// refused here, and logged as a refusal too.
func (s *Server) apiUseError(w http.ResponseWriter, r *http.Request, err error, level casework.Level, personID string) {
	switch {
	case errors.Is(err, errPurposeRequired):
		if err := s.logUse(r, personID, access.LogDeny, casePurpose); err != nil {
			s.apiInternalError(w, r, err)
			return
		}
		s.apiError(w, r, http.StatusForbidden, "purpose_required", "casework.error.purpose_required")
	case errors.Is(err, kynnys.ErrForbidden) && level == casework.ReadWithPurpose:
		s.apiError(w, r, http.StatusForbidden, "forbidden", "casework.error.read_only")
	case errors.Is(err, kynnys.ErrForbidden):
		s.apiError(w, r, http.StatusForbidden, "forbidden", "casework.error.not_your_case")
	default:
		s.apiInternalError(w, r, err)
	}
}

// apiPurposeOK refuses a stated purpose too long to keep in the access log.
func (s *Server) apiPurposeOK(w http.ResponseWriter, r *http.Request) bool {
	if len(strings.TrimSpace(r.Header.Get("Kynnys-Purpose"))) > apiMaxPurpose {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "Kynnys-Purpose", Code: "error.too_long"})
		return false
	}
	return true
}

func apiParseTime(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, kynnys.Invalid(field, "encounter.error.date_time")
	}
	return t, nil
}

// ---- clients ----

func (s *Server) apiCreateClient(w http.ResponseWriter, r *http.Request) {
	var req apiClientRequest
	if !s.decodeStrictJSON(w, r, &req) {
		return
	}
	birth, err := parseDateField("birth_date", req.BirthDate)
	if err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	ctx, u, now := r.Context(), state(r).user, s.now()
	cl := &casework.Client{Name: req.Name, Hetu: req.Hetu, BirthDate: birth, Phone: req.Phone, Email: req.Email,
		Address: req.Address, Languages: req.Languages, Municipality: req.Municipality, CreatedAt: now, CreatedBy: u.ID}
	if err := cl.Validate(calendar.DateOf(now)); err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	matches, err := s.store.ClientDuplicates(ctx, cl)
	if err != nil {
		s.apiInternalError(w, r, fmt.Errorf("client duplicates: %w", err))
		return
	}
	var possible []string
	for _, m := range matches {
		if m.ByHetu {
			s.apiDuplicateClient(w, r, m.ClientID)
			return
		}
		possible = append(possible, m.ClientID)
	}
	// Naming a matching client discloses that they are one: logged first,
	// so that a failing log shows nothing and stores nothing.
	for _, id := range possible {
		if err := s.logUse(r, id, access.LogView, apiDuplicatePurpose); err != nil {
			s.apiInternalError(w, r, err)
			return
		}
	}
	if err := s.store.CreateClient(ctx, cl); err != nil {
		var dup *casework.DuplicateError
		if errors.As(err, &dup) {
			s.apiDuplicateClient(w, r, dup.ClientID)
			return
		}
		s.apiCaseworkError(w, r, err)
		return
	}
	// The client is stored: the caller must get its id even if the access
	// log entry fails, or they would record the person a second time.
	if err := s.logUse(r, cl.ID, access.LogCreate, casePurpose); err != nil {
		s.log.Error("access log of a new client", "request_id", state(r).id, "route", state(r).route, "err", err)
	}
	w.Header().Set("Location", "/api/v1/clients/"+cl.ID)
	s.writeJSON(w, http.StatusCreated, apiClientCreated{ID: cl.ID, PossibleDuplicates: possible})
}

// apiDuplicateClient answers 409 with the client whose identity code it is.
func (s *Server) apiDuplicateClient(w http.ResponseWriter, r *http.Request, existingID string) {
	if err := s.logUse(r, existingID, access.LogView, apiDuplicatePurpose); err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusConflict, apiDuplicateBody{Error: apiDuplicateDetail{
		apiErrorDetail: apiErrorDetail{Code: "duplicate_client", Field: "hetu",
			Message: s.cat.T(state(r).lang, "casework.error.duplicate_client")},
		ExistingID: existingID}})
}

func (s *Server) apiGetClient(w http.ResponseWriter, r *http.Request) {
	if !s.apiPurposeOK(w, r) {
		return
	}
	cl, err := s.store.Client(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	cases, err := s.clientUse(r, cl, access.LogView, false)
	if err != nil {
		s.apiUseError(w, r, err, casework.NoAccess, cl.ID)
		return
	}
	out := apiClientJSON{ID: cl.ID, Name: cl.Name, Hetu: optString(cl.Hetu), BirthDate: cl.BirthDate.String(),
		Phone: cl.Phone, Email: cl.Email, Address: cl.Address, Languages: nonNil(cl.Languages), Municipality: cl.Municipality,
		CreatedAt: rfc3339(cl.CreatedAt), UpdatedAt: rfc3339(cl.UpdatedAt), Version: cl.Version, Cases: []apiClientCaseJSON{}}
	for _, c := range cases {
		out.Cases = append(out.Cases, apiClientCaseJSON{ID: c.ID, TeamID: c.TeamID, WorkerID: c.WorkerID,
			Status: string(c.Status), Stage: c.Stage})
	}
	s.writeJSON(w, http.StatusOK, out)
}

// ---- cases ----

// apiCaseTeam settles the team a new case is opened in: the one asked for,
// which must be the caller's, or the caller's only team.
func apiCaseTeam(u *access.User, asked string) (string, error) {
	switch {
	case asked != "" && !u.InTeam(asked):
		return "", kynnys.Invalid("team_id", "casework_api.error.not_your_team")
	case asked != "":
		return asked, nil
	case len(u.Teams) == 1:
		return u.Teams[0].ID, nil
	}
	return "", kynnys.Invalid("team_id", "casework_api.error.team_ambiguous")
}

// apiCheckWorker checks that id names an active member of team teamID who
// does case work; field is the request field that named them.
func (s *Server) apiCheckWorker(r *http.Request, field, id, teamID string) error {
	w, err := s.store.User(r.Context(), id)
	if errors.Is(err, kynnys.ErrNotFound) {
		return kynnys.Invalid(field, "casework_api.error.not_in_team")
	}
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if !w.InTeam(teamID) || !access.Can(w, access.ActionCasework) {
		return kynnys.Invalid(field, "casework_api.error.not_in_team")
	}
	return nil
}

// apiCheckOrigin checks that the intake item or encounter a case comes
// from exists.
func (s *Server) apiCheckOrigin(r *http.Request, c *casework.Case) error {
	if c.Origin == casework.OriginDirect {
		c.OriginRef = ""
		return nil
	}
	if c.OriginRef == "" {
		return kynnys.Invalid("origin_ref", "error.required")
	}
	var err error
	if c.Origin == casework.OriginIntake {
		_, err = s.store.IntakeItem(r.Context(), c.OriginRef)
	} else {
		_, err = s.store.Encounter(r.Context(), c.OriginRef)
	}
	switch {
	case errors.Is(err, kynnys.ErrNotFound):
		return kynnys.Invalid("origin_ref", "error.unknown_code")
	case err != nil:
		return fmt.Errorf("origin: %w", err)
	}
	return nil
}

func (s *Server) apiCreateCase(w http.ResponseWriter, r *http.Request) {
	var req apiCaseRequest
	if !s.decodeStrictJSON(w, r, &req) {
		return
	}
	ctx, u, now := r.Context(), state(r).user, s.now()
	if strings.TrimSpace(req.ClientID) == "" {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "client_id", Code: "error.required"})
		return
	}
	cl, err := s.store.Client(ctx, strings.TrimSpace(req.ClientID))
	if err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	teamID, err := apiCaseTeam(u, strings.TrimSpace(req.TeamID))
	if err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	c := &casework.Case{ClientID: cl.ID, TeamID: teamID, WorkerID: strings.TrimSpace(req.WorkerID),
		SecondWorkerID: strings.TrimSpace(req.SecondWorkerID), TargetGroup: access.TargetGroup(req.TargetGroup),
		Status: casework.StatusActive, Origin: casework.Origin(req.Origin), OriginRef: strings.TrimSpace(req.OriginRef),
		OpenedAt: now, OpenedBy: u.ID}
	if c.WorkerID == "" {
		c.WorkerID = u.ID
	}
	if c.TargetGroup == "" {
		c.TargetGroup = access.TargetWorkingAge
	}
	if err := c.Validate(); err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	if len(c.OriginRef) > 100 {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "origin_ref", Code: "error.too_long"})
		return
	}
	if err := s.apiCheckOrigin(r, c); err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	if err := s.apiCheckWorker(r, "worker_id", c.WorkerID, teamID); err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	if c.SecondWorkerID != "" {
		if err := s.apiCheckWorker(r, "second_worker_id", c.SecondWorkerID, teamID); err != nil {
			s.apiCaseworkError(w, r, err)
			return
		}
	}

	// The cap: only a team lead of the case's team may go beyond it, and
	// asking to is refused to anyone else even while there is room.
	reason := strings.TrimSpace(req.OverrideReason)
	var override *casework.Override
	if reason != "" {
		if u.Role != access.RoleTeamLead || !u.InTeam(teamID) {
			s.apiError(w, r, http.StatusForbidden, "forbidden", "casework_api.error.override_forbidden")
			return
		}
		override = &casework.Override{By: u, Reason: reason}
	}
	loads, err := s.store.Caseloads(ctx, []string{c.WorkerID})
	if err != nil {
		s.apiInternalError(w, r, fmt.Errorf("caseloads: %w", err))
		return
	}
	limit, err := s.caseLimit(ctx, teamID, false)
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	overridden, err := casework.CheckAssignment(loads[c.WorkerID], limit, teamID, override)
	if err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	workers := c.WorkerID
	if c.SecondWorkerID != "" {
		workers += "," + c.SecondWorkerID
	}
	events := []casework.Event{{At: now, By: u.ID, Type: casework.EventOpened},
		{At: now, By: u.ID, Type: casework.EventAssigned, Text: workers}}
	if overridden {
		// The store then skips its own count (-1): the override is the
		// team lead's decision, recorded with its reason.
		limit = -1
		events = append(events, casework.Event{At: now, By: u.ID, Type: casework.EventOverride, Text: override.Reason})
	}
	if err := s.store.OpenCase(ctx, c, events, limit); err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	// As with a new client: the case exists, so its id is answered even if
	// the access log entry fails.
	if err := s.logUse(r, cl.ID, access.LogCreate, casePurpose); err != nil {
		s.log.Error("access log of a new case", "request_id", state(r).id, "route", state(r).route, "err", err)
	}
	w.Header().Set("Location", "/api/v1/cases/"+c.ID)
	s.writeJSON(w, http.StatusCreated, apiIDJSON{ID: c.ID})
}

// apiLoadCase reads the case of the request's path and decides the
// caller's use of it (logged by caseUse). It answers the request itself
// and returns nil when the caller may not go on.
func (s *Server) apiLoadCase(w http.ResponseWriter, r *http.Request, action access.LogAction, write bool) (*casework.Case, string, casework.Level) {
	c, err := s.store.Case(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiCaseworkError(w, r, err)
		return nil, "", casework.NoAccess
	}
	purpose, level, err := s.caseUse(r, c, action, write)
	if err != nil {
		s.apiUseError(w, r, err, level, c.ClientID)
		return nil, "", level
	}
	return c, purpose, level
}

// apiCaseChange decodes and checks req, a change to the case of the path,
// and then loads the case for the change, so that bad input is answered as
// such before the case is opened. It answers the request itself and returns
// nil when the caller may not go on.
func (s *Server) apiCaseChange(w http.ResponseWriter, r *http.Request, req apiCaseChangeRequest) *casework.Case {
	if !s.decodeStrictJSON(w, r, req) {
		return nil
	}
	if err := req.parse(); err != nil {
		s.apiCaseworkError(w, r, err)
		return nil
	}
	c, _, _ := s.apiLoadCase(w, r, access.LogUpdate, true)
	return c
}

func (s *Server) apiGetCase(w http.ResponseWriter, r *http.Request) {
	if !s.apiPurposeOK(w, r) {
		return
	}
	c, purpose, level := s.apiLoadCase(w, r, access.LogView, false)
	if c == nil {
		return
	}
	ctx := r.Context()
	steps, err := s.store.LadderSteps(ctx, c.ID)
	if err != nil {
		s.apiInternalError(w, r, fmt.Errorf("ladder steps: %w", err))
		return
	}
	tasks, err := s.store.Tasks(ctx, c.ID)
	if err != nil {
		s.apiInternalError(w, r, fmt.Errorf("tasks: %w", err))
		return
	}
	ladder, err := s.store.Ladder(ctx)
	if err != nil {
		s.apiInternalError(w, r, fmt.Errorf("ladder: %w", err))
		return
	}
	names, _, err := s.staffNames(ctx)
	if err != nil {
		s.apiInternalError(w, r, fmt.Errorf("staff: %w", err))
		return
	}
	out := apiCaseJSON{ID: c.ID, ClientID: c.ClientID, TeamID: c.TeamID, WorkerID: c.WorkerID, WorkerName: names[c.WorkerID],
		SecondWorkerID: optString(c.SecondWorkerID), TargetGroup: string(c.TargetGroup), Status: string(c.Status),
		CloseReason: optString(string(c.CloseReason)), CloseNote: c.CloseNote, Origin: string(c.Origin),
		OriginRef: optString(c.OriginRef), Situation: map[string]string{}, Stage: c.Stage, OpenedAt: rfc3339(c.OpenedAt),
		OpenedBy: c.OpenedBy, ClosedAt: optTime(c.ClosedAt), LastContactAt: optTime(c.LastContactAt),
		UpdatedAt: rfc3339(c.UpdatedAt), Version: c.Version, Ladder: []apiLadderStepJSON{}, FollowUps: []apiFollowUpJSON{},
		Access: apiCaseAccessJSON{Level: "full"}}
	if c.SecondWorkerID != "" {
		out.SecondWorkerName = optString(names[c.SecondWorkerID])
	}
	for a, v := range c.Situation {
		out.Situation[string(a)] = v
	}
	if st, ok := ladder.Stage(c.Stage); ok {
		out.StageName = st.Label
	}
	if !c.StageAt.IsZero() {
		out.StageAt = optTime(&c.StageAt)
	}
	for _, st := range steps {
		out.Ladder = append(out.Ladder, apiLadderStepJSON{ID: st.ID, At: rfc3339(st.At), From: st.From, To: st.To, By: st.By,
			Reason: st.Reason, Regression: st.Regression()})
	}
	for _, t := range tasks {
		if t.DoneAt != nil {
			continue
		}
		out.FollowUps = append(out.FollowUps, apiFollowUpJSON{ID: t.ID, Kind: string(t.Kind), Due: t.Due.String(),
			AssignedTo: t.AssignedTo, MeetingID: optString(t.MeetingID), Note: t.Note, CreatedAt: rfc3339(t.CreatedAt),
			CreatedBy: t.CreatedBy})
	}
	if level != casework.FullAccess {
		out.Access = apiCaseAccessJSON{Level: "read", Purpose: optString(strings.TrimPrefix(purpose, readPurposePrefix))}
	}
	s.writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCaseLadder(w http.ResponseWriter, r *http.Request) {
	var req apiLadderRequest
	c := s.apiCaseChange(w, r, &req)
	if c == nil {
		return
	}
	if req.Version != nil && *req.Version != c.Version {
		s.apiCaseworkError(w, r, kynnys.ErrConflict)
		return
	}
	ctx := r.Context()
	ladder, err := s.store.Ladder(ctx)
	if err != nil {
		s.apiInternalError(w, r, fmt.Errorf("ladder: %w", err))
		return
	}
	step, err := c.ClimbTo(ladder, req.Stage, req.Reason, state(r).user.ID, req.at, s.now())
	if err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	if err := s.store.AddLadderStep(ctx, c, &step); err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusCreated, apiLadderCreated{ID: step.ID, At: rfc3339(step.At), From: step.From, To: step.To,
		Regression: step.Regression()})
}

// ---- meetings and no-shows ----

func (s *Server) apiCaseMeeting(w http.ResponseWriter, r *http.Request) {
	var req apiMeetingRequest
	c := s.apiCaseChange(w, r, &req)
	if c == nil {
		return
	}
	if !c.Open() {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "status", Code: "casework.error.case_closed"})
		return
	}
	now := s.now()
	m := &casework.Meeting{CaseID: c.ID, At: req.at, Place: casework.Place(req.Place), Status: req.status, Outcome: req.Outcome,
		By: state(r).user.ID, CreatedAt: now, UpdatedAt: now}
	if err := m.Validate(now); err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	if err := s.store.SaveMeeting(r.Context(), m); err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusCreated, apiIDJSON{ID: m.ID})
}

func (s *Server) apiCaseNoShow(w http.ResponseWriter, r *http.Request) {
	var req apiNoShowRequest
	c := s.apiCaseChange(w, r, &req)
	if c == nil {
		return
	}
	ctx := r.Context()
	m, err := s.store.Meeting(ctx, r.PathValue("mid"))
	if err == nil && m.CaseID != c.ID {
		err = kynnys.ErrNotFound
	}
	if err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	now := s.now()
	t, err := casework.NoShow(c, m, casework.TaskKind(req.Kind), req.due, state(r).user.ID, now)
	if err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	m.UpdatedAt = now
	if err := s.store.RecordNoShow(ctx, m, &t); err != nil {
		s.apiCaseworkError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusCreated, apiNoShowCreated{TaskID: t.ID, Due: t.Due.String()})
}

// ---- OpenAPI ----

func cwaEnum[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

var (
	cwaStr      = map[string]any{"type": "string"}
	cwaOptStr   = map[string]any{"type": []string{"string", "null"}}
	cwaDateTime = map[string]any{"type": "string", "format": "date-time"}
	cwaOptDT    = map[string]any{"type": []string{"string", "null"}, "format": "date-time"}
	cwaDate     = map[string]any{"type": "string", "format": "date"}
	cwaIDSchema = map[string]any{"type": "object", "required": []string{"id"}, "properties": map[string]any{"id": cwaStr}}
	cwaLocal    = map[string]any{"type": "object", "properties": map[string]any{"fi": cwaStr, "sv": cwaStr, "en": cwaStr}}
)

const apiPurposeHeaderDoc = "A social worker of the case's team (not its worker) reads it only after stating a purpose: " +
	"send it in the request header Kynnys-Purpose (free text, at most 500 bytes); every read is access-logged with it"

func apiClientRequestSchema() map[string]any {
	return map[string]any{"type": "object", "required": []string{"name", "municipality"}, "additionalProperties": false,
		"description": "The identity code or, when the person has none, the birth date is required", "properties": map[string]any{
			"name": map[string]any{"type": "string", "maxLength": 200},
			"hetu": map[string]any{"type": "string", "description": "Finnish personal identity code (RULES.md §4); it sets birth_date. " +
				"Personal data: it travels in request bodies only, never in a URL"},
			"birth_date": map[string]any{"type": []string{"string", "null"}, "format": "date",
				"description": "Required without hetu; with it, must match it"},
			"phone": map[string]any{"type": "string", "maxLength": 50}, "email": map[string]any{"type": "string", "maxLength": 254},
			"address":      map[string]any{"type": "string", "maxLength": 300},
			"languages":    map[string]any{"type": "array", "maxItems": 10, "items": map[string]any{"type": "string", "pattern": "^[a-zA-Z]{2,3}$"}, "description": "ISO 639 codes, the client's first language first"},
			"municipality": map[string]any{"type": "string", "maxLength": 100}}}
}

func apiClientSchema() map[string]any {
	return map[string]any{"type": "object", "required": []string{"id", "name", "hetu", "birth_date", "municipality", "cases"}, "properties": map[string]any{
		"id": cwaStr, "name": cwaStr, "hetu": map[string]any{"type": []string{"string", "null"}, "description": "null when the person has none"},
		"birth_date": cwaDate, "phone": cwaStr, "email": cwaStr, "address": cwaStr,
		"languages": map[string]any{"type": "array", "items": cwaStr}, "municipality": cwaStr,
		"created_at": cwaDateTime, "updated_at": cwaDateTime, "version": map[string]any{"type": "integer"},
		"cases": map[string]any{"type": "array", "description": "The client's cases the caller may open", "items": map[string]any{
			"type": "object", "required": []string{"id", "team_id", "worker_id", "status", "stage"}, "properties": map[string]any{
				"id": cwaStr, "team_id": cwaStr, "worker_id": cwaStr, "status": map[string]any{"enum": cwaEnum(casework.Statuses)},
				"stage": map[string]any{"type": "integer", "description": "The trust-ladder stage, 0 before the first"}}}}}}
}

func apiCaseRequestSchema() map[string]any {
	return map[string]any{"type": "object", "required": []string{"client_id"}, "additionalProperties": false, "properties": map[string]any{
		"client_id":        cwaStr,
		"worker_id":        map[string]any{"type": "string", "description": "The named worker, a member of the team; default the caller"},
		"second_worker_id": map[string]any{"type": "string", "description": "Optional, a member of the team"},
		"team_id":          map[string]any{"type": "string", "description": "One of the caller's teams; default the caller's only team"},
		"target_group":     map[string]any{"enum": targetGroupNames(), "description": "Default working_age"},
		"origin":           map[string]any{"enum": []string{string(casework.OriginDirect), string(casework.OriginIntake), string(casework.OriginEncounter)}, "description": "Default direct"},
		"origin_ref":       map[string]any{"type": "string", "maxLength": 100, "description": "The intake item's or encounter's id; required unless origin is direct"},
		"override_reason": map[string]any{"type": "string", "maxLength": 4000, "description": "A team lead of the team assigning beyond the worker's caseload cap: why. " +
			"Recorded in the case's history; refused (403) from anyone else"}}}
}

func apiCaseSchema() map[string]any {
	step := map[string]any{"type": "object", "required": []string{"id", "at", "from", "to", "by", "reason", "regression"}, "properties": map[string]any{
		"id": cwaStr, "at": cwaDateTime, "from": map[string]any{"type": "integer", "description": "0 for the first stage recorded"},
		"to": map[string]any{"type": "integer"}, "by": cwaStr, "reason": cwaStr,
		"regression": map[string]any{"type": "boolean", "description": "A move down the ladder: normal in this work"}}}
	task := map[string]any{"type": "object", "required": []string{"id", "kind", "due", "assigned_to"}, "properties": map[string]any{
		"id": cwaStr, "kind": map[string]any{"enum": cwaEnum(casework.TaskKinds)}, "due": cwaDate, "assigned_to": cwaStr,
		"meeting_id": map[string]any{"type": []string{"string", "null"}, "description": "The missed meeting that caused it"},
		"note":       cwaStr, "created_at": cwaDateTime, "created_by": cwaStr}}
	situation := map[string]any{}
	for _, a := range casework.Areas {
		situation[string(a)] = cwaStr
	}
	return map[string]any{"type": "object", "required": []string{"id", "client_id", "team_id", "worker_id", "status", "stage", "opened_at",
		"last_contact_at", "ladder", "follow_ups", "access"}, "properties": map[string]any{
		"id": cwaStr, "client_id": cwaStr, "team_id": cwaStr, "worker_id": cwaStr, "worker_name": cwaStr,
		"second_worker_id": cwaOptStr, "second_worker_name": cwaOptStr,
		"target_group": map[string]any{"enum": targetGroupNames()}, "status": map[string]any{"enum": cwaEnum(casework.Statuses)},
		"close_reason": map[string]any{"enum": append([]any{nil}, cwaAnySlice(cwaEnum(casework.CloseReasons))...)},
		"close_note":   cwaStr, "origin": map[string]any{"enum": []string{string(casework.OriginDirect), string(casework.OriginIntake), string(casework.OriginEncounter)}},
		"origin_ref": cwaOptStr,
		"situation": map[string]any{"type": "object", "additionalProperties": false, "properties": situation,
			"description": "The overall situation by support-need area (SHL 11 §), only the areas that concern the client"},
		"stage":      map[string]any{"type": "integer", "description": "The trust-ladder stage, 0 before the first"},
		"stage_name": map[string]any{"type": []string{"object", "null"}, "properties": cwaLocal["properties"], "description": "The stage's name in fi, sv and en; null before the first"},
		"stage_at":   cwaOptDT, "opened_at": cwaDateTime, "opened_by": cwaStr, "closed_at": cwaOptDT,
		"last_contact_at": map[string]any{"type": []string{"string", "null"}, "format": "date-time", "description": "The last held meeting; null when none"},
		"updated_at":      cwaDateTime, "version": map[string]any{"type": "integer"},
		"ladder":     map[string]any{"type": "array", "items": step, "description": "The trust-ladder history, oldest first"},
		"follow_ups": map[string]any{"type": "array", "items": task, "description": "Open follow-up tasks"},
		"access": map[string]any{"type": "object", "required": []string{"level", "purpose"}, "properties": map[string]any{
			"level":   map[string]any{"enum": []string{"full", "read"}, "description": "read: a same-team social worker, read-only"},
			"purpose": map[string]any{"type": []string{"string", "null"}, "description": "The purpose a read-only reader stated"}}}}}
}

func cwaAnySlice(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

var (
	opCreateClient = &apiOp{ID: "createClient", Summary: "Record a client: an identified person case work is done with (access-logged)", Tag: "casework",
		RequestBody: apiClientRequestSchema(),
		Responses: map[string]apiResponse{
			"201": {Description: "Stored; Location is the client's URL", Schema: map[string]any{"type": "object", "required": []string{"id"}, "properties": map[string]any{
				"id": cwaStr, "possible_duplicates": map[string]any{"type": "array", "items": cwaStr,
					"description": "Existing clients with the same name and birth date: check whether one is the same person"}}}},
			"400": errResp("Invalid input or an unknown field; error.field names the field. An invalid identity code has error.code invalid_hetu"),
			"409": {Description: "A client with this identity code exists: error.code duplicate_client, error.existing_id its id",
				Schema: map[string]any{"type": "object", "required": []string{"error"}, "properties": map[string]any{"error": map[string]any{
					"type": "object", "required": []string{"code", "message", "existing_id"}, "properties": map[string]any{
						"code": map[string]any{"const": "duplicate_client"}, "message": cwaStr, "field": cwaStr, "existing_id": cwaStr}}}}}}}
	opGetClient = &apiOp{ID: "getClient", Summary: "A client with the cases the caller may open (access-logged). " + apiPurposeHeaderDoc, Tag: "casework",
		Responses: map[string]apiResponse{"200": {Description: "The client", Schema: apiClientSchema()},
			"400": errResp("Kynnys-Purpose is too long"),
			"403": errResp("Not the caller's client (the attempt is access-logged): error.code forbidden; or purpose_required: state a purpose in Kynnys-Purpose"),
			"404": errResp("No such client")}}
	opCreateCase = &apiOp{ID: "createCase", Summary: "Open a case for a client in one of the caller's teams, with a named worker within the team's caseload cap", Tag: "casework",
		RequestBody: apiCaseRequestSchema(),
		Responses: map[string]apiResponse{"201": {Description: "Opened; Location is the case's URL", Schema: cwaIDSchema},
			"400": errResp("Invalid input or an unknown field; error.field names it (team_id: not the caller's team, or the caller has several; worker_id: not a member of the team)"),
			"403": errResp("override_reason from someone other than a team lead of the team"),
			"404": errResp("No such client"),
			"409": errResp("The worker's caseload is full: error.code over_cap; a team lead of the team may override with override_reason")}}
	opGetCase = &apiOp{ID: "getCase", Summary: "A case with its trust-ladder history and open follow-ups, for its workers and their team lead (access-logged). " + apiPurposeHeaderDoc, Tag: "casework",
		Responses: map[string]apiResponse{"200": {Description: "The case", Schema: apiCaseSchema()},
			"400": errResp("Kynnys-Purpose is too long"),
			"403": errResp("Outside the case's team (the attempt is access-logged): error.code forbidden; or purpose_required: state a purpose in Kynnys-Purpose"),
			"404": errResp("No such case")}}
	opCaseLadder = &apiOp{ID: "addLadderStep", Summary: "Move a case up or down the trust ladder, dated, with why (a move down is a regression, shown as such)", Tag: "casework",
		RequestBody: map[string]any{"type": "object", "required": []string{"stage", "reason"}, "additionalProperties": false, "properties": map[string]any{
			"stage":  map[string]any{"type": "integer", "minimum": 1, "description": "The stage moved to, a number of the county's ladder"},
			"reason": map[string]any{"type": "string", "maxLength": 4000}, "at": map[string]any{"type": "string", "format": "date-time",
				"description": "When it happened: not in the future nor before the previous change; default now"},
			"version": map[string]any{"type": "integer", "description": "The case's version the change is based on; a stale one is refused with 409"}}},
		Responses: map[string]apiResponse{"201": {Description: "Recorded", Schema: map[string]any{"type": "object", "required": []string{"id", "from", "to", "regression"}, "properties": map[string]any{
			"id": cwaStr, "at": cwaDateTime, "from": map[string]any{"type": "integer"}, "to": map[string]any{"type": "integer"}, "regression": map[string]any{"type": "boolean"}}}},
			"400": errResp("Invalid input (an unknown or the same stage, a closed case, a bad date); error.field names the field"),
			"403": errResp("Not the caller's case to change: read-only or outside the team (the attempt is access-logged)"),
			"404": errResp("No such case"), "409": errResp("The case changed meanwhile (error.code conflict)")}}
	opCaseMeeting = &apiOp{ID: "addMeeting", Summary: "Record a planned or held meeting on a case; a held one counts as contact", Tag: "casework",
		RequestBody: map[string]any{"type": "object", "required": []string{"at", "place"}, "additionalProperties": false, "properties": map[string]any{
			"at": cwaDateTime, "place": map[string]any{"enum": cwaEnum(casework.Places)},
			"status":  map[string]any{"enum": []string{string(casework.MeetingPlanned), string(casework.MeetingHeld)}, "description": "Default planned; a held meeting cannot be in the future. A missed one goes through no-show"},
			"outcome": map[string]any{"type": "string", "maxLength": 4000}}},
		Responses: map[string]apiResponse{"201": {Description: "Stored", Schema: cwaIDSchema},
			"400": errResp("Invalid input or a closed case; error.field names the field"),
			"403": errResp("Not the caller's case to change (the attempt is access-logged)"), "404": errResp("No such case")}}
	opCaseNoShow = &apiOp{ID: "recordNoShow", Summary: "The client did not come: the meeting is marked missed and a follow-up task made. A no-show never closes the case", Tag: "casework",
		RequestBody: map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
			"kind": map[string]any{"enum": cwaEnum(casework.TaskKinds), "description": "How to reach the client; default call"},
			"due":  map[string]any{"type": "string", "format": "date", "description": fmt.Sprintf("Not in the past; default the %d. arkipäivä after the meeting", casework.FollowUpDays)}}},
		Responses: map[string]apiResponse{"201": {Description: "The follow-up task", Schema: map[string]any{"type": "object", "required": []string{"task_id", "due"}, "properties": map[string]any{
			"task_id": cwaStr, "due": cwaDate}}},
			"400": errResp("Invalid input, a meeting not yet due or already held, or a closed case; error.field names the field"),
			"403": errResp("Not the caller's case to change (the attempt is access-logged)"), "404": errResp("No such case or meeting"),
			"409": errResp("The meeting changed meanwhile (error.code conflict)")}}
)
