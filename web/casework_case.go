package web

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// The case overview (/cases/{id}): where the client stands on the trust
// ladder, drawn over time with its history as a table beside it; the
// overall situation by support-need area; the case's status and workers;
// what is next on the sub-pages; and the case's history. /cases/{id}/print
// is the same on paper. Nothing of a case is shown before caseUse has
// decided and logged the use; a same-team social worker first states a
// purpose, and then reads without forms.

// maxPurpose is the longest purpose a reader may state, in characters.
const maxPurpose = 300

// usableCase loads the case named by the path and decides through caseUse
// whether the signed-in user may use it for action. When not, it answers
// the request itself (404; 403; or, for a same-team social worker without
// a stated purpose, the purpose form) and returns ok false.
func (s *Server) usableCase(w http.ResponseWriter, r *http.Request, action access.LogAction, write bool) (c *casework.Case, purpose string, level casework.Level, ok bool) {
	if c = s.caseOfPath(w, r); c == nil {
		return nil, "", 0, false
	}
	purpose, level, err := s.caseUse(r, c, action, write)
	switch {
	case err == nil:
		return c, purpose, level, true
	case errors.Is(err, errPurposeRequired):
		s.purposeForm(w, r, http.StatusForbidden, c.ID, "", "")
	case errors.Is(err, kynnys.ErrForbidden) && level == casework.ReadWithPurpose:
		s.errorPage(w, r, http.StatusForbidden, "casework.error.read_only")
	case errors.Is(err, kynnys.ErrForbidden):
		s.errorPage(w, r, http.StatusForbidden, "casework.error.not_your_case")
	default:
		s.internalError(w, r, err)
	}
	return nil, "", 0, false
}

// caseOfPath loads the case named by the path, answering the request
// itself (404, 500) and returning nil when it cannot.
func (s *Server) caseOfPath(w http.ResponseWriter, r *http.Request) *casework.Case {
	c, err := s.store.Case(r.Context(), r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return nil
	}
	if err != nil {
		s.internalError(w, r, err)
		return nil
	}
	return c
}

type casePurposeView struct {
	*Page
	CaseID  string
	Purpose string
	Error   string
	Hours   int
}

// E is the purpose input's error, if any.
func (v *casePurposeView) E() deskFieldError {
	return deskFieldError{Field: "purpose", Message: v.Error}
}

// purposeForm asks a same-team social worker why they read the case. It
// shows nothing of the case: that comes after the purpose is logged.
func (s *Server) purposeForm(w http.ResponseWriter, r *http.Request, status int, caseID, purpose, errKey string) {
	v := &casePurposeView{Page: s.view(r, "casework_case.purpose.title"), CaseID: caseID, Purpose: purpose,
		Hours: int(readGrantFor / time.Hour)}
	if errKey != "" {
		v.Error = v.T(errKey)
	}
	s.render(w, r, status, "case_purpose", v)
}

// caseStatePurpose records a same-team social worker's purpose: in the
// access log, in the case's history, and as a read grant for readGrantFor.
func (s *Server) caseStatePurpose(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c := s.caseOfPath(w, r)
	if c == nil {
		return
	}
	u := state(r).user
	switch casework.AccessTo(u, c) {
	case casework.FullAccess:
		// Nothing to state: the case is theirs.
		http.Redirect(w, r, "/cases/"+c.ID, http.StatusSeeOther)
		return
	case casework.NoAccess:
		if err := s.logUse(r, c.ClientID, access.LogDeny, casePurpose); err != nil {
			s.internalError(w, r, err)
			return
		}
		s.errorPage(w, r, http.StatusForbidden, "casework.error.not_your_case")
		return
	}
	purpose := strings.Join(strings.Fields(r.PostFormValue("purpose")), " ")
	switch {
	case purpose == "":
		s.purposeForm(w, r, http.StatusBadRequest, c.ID, purpose, "casework.error.purpose_required")
		return
	case utf8.RuneCountInString(purpose) > maxPurpose:
		s.purposeForm(w, r, http.StatusBadRequest, c.ID, purpose, "error.too_long")
		return
	}
	now := s.now()
	// Logged first, so that no grant goes unlogged; the history entry comes
	// before the grant so that no grant is without one.
	if err := s.logUse(r, c.ClientID, access.LogUpdate, readPurposePrefix+purpose); err != nil {
		s.internalError(w, r, err)
		return
	}
	ev := &casework.Event{CaseID: c.ID, At: now, By: u.ID, Type: casework.EventReadGranted, Text: purpose}
	if err := s.store.AddCaseEvent(ctx, ev); err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := s.store.GrantCaseRead(ctx, c.ID, u.ID, purpose, now.Add(readGrantFor)); err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/cases/"+c.ID, http.StatusSeeOther)
}

// overviewForm is every overview form's fields as typed, so that a refused
// form comes back as it was.
type overviewForm struct {
	Stage, Reason, At                    string
	Situation                            map[casework.Area]string
	Status, CloseReason, Note, StatusWhy string
	Worker, Second, WorkersWhy           string
}

func readOverviewForm(r *http.Request) overviewForm {
	v := r.PostFormValue
	f := overviewForm{Stage: v("stage"), Reason: v("reason"), At: v("at"),
		Status: v("status"), CloseReason: v("close_reason"), Note: v("note"), StatusWhy: v("status_override"),
		Worker: v("worker"), Second: v("second_worker"), WorkersWhy: v("workers_override")}
	// Only the situation's own form sets it: another form refused must not
	// show the situation's inputs emptied.
	for _, a := range casework.Areas {
		if text, ok := r.PostForm["situation."+string(a)]; ok {
			if f.Situation == nil {
				f.Situation = map[casework.Area]string{}
			}
			f.Situation[a] = text[0]
		}
	}
	return f
}

// overviewStep is one step on the ladder as the history table shows it.
type overviewStep struct {
	Date, ISO, From, To, Who, Reason string
	// Direction: "first", "up" or "down", with Move saying it in words.
	Direction, Move string
}

// overviewArea is one support-need area of the overall situation.
type overviewArea struct {
	ID, Name, Label string
	Text            string // as stored
	Value           string // in the form
}

// overviewTask is an open follow-up.
type overviewTask struct {
	Kind, Due, DueISO string
	Overdue           bool
}

// overviewSummary is what the sub-pages hold, in brief.
type overviewSummary struct {
	Meeting, MeetingISO, MeetingPlace string
	Tasks                             []overviewTask
	Overdue                           int
	Review, ReviewISO                 string
	ReviewOverdue                     bool
	Assessed, AssessedISO             string
}

// overviewStage is a stage as the form's hint describes it.
type overviewStage struct{ Label, Description string }

type caseOverviewView struct {
	*Page
	Header caseHeader
	Case   *casework.Case
	// Print: the paper version, with Printed saying when and by whom.
	Print   bool
	Printed string
	CanEdit bool
	Closed  bool
	Opened  string
	Ended   string // the day a closed case was closed

	Chart *overviewChart
	Steps []overviewStep
	// Now and Since: the current stage and since when; Ups and Downs count
	// the moves, LastDown is the latest move down.
	Now, Since string
	Ups, Downs int
	LastDown   *overviewStep

	Summary   overviewSummary
	Situation []overviewArea
	Filled    bool // some area of the situation is written
	Goals     []casework.Goal
	Events    []triageEvent

	Stages        []triageOption
	StageHints    []overviewStage
	StatusChoices []triageOption
	CloseReasons  []triageOption
	Workers       []triageOption
	Seconds       []triageOption
	Lead          bool // may assign beyond the cap with a reason
	Today         string
	Form          overviewForm
	Errors        map[string]string
	Problems      []triageSummary
	Conflict      bool
}

// E is the error message of the input with id, if any.
func (v *caseOverviewView) E(id string) deskFieldError {
	return deskFieldError{Field: id, Message: v.Errors[id]}
}

// Open reports whether the situation's edit form starts open: after an
// error in it.
func (v *caseOverviewView) Open() bool {
	for id := range v.Errors {
		if strings.HasPrefix(id, "situation") {
			return true
		}
	}
	return false
}

// overviewOf builds the overview of c for a user whose use caseUse has
// already logged.
func (s *Server) overviewOf(r *http.Request, c *casework.Case, purpose string, level casework.Level, f overviewForm) (*caseOverviewView, error) {
	ctx := r.Context()
	now := s.now()
	today := calendar.DateOf(now)
	v := &caseOverviewView{Page: s.view(r, "casework_case.title"), Case: c, Form: f, Errors: map[string]string{},
		Closed: !c.Open(), Opened: finnishDate(calendar.DateOf(c.OpenedAt)), Today: today.String()}
	cl, err := s.store.Client(ctx, c.ClientID)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	if v.Header, err = s.caseHeaderOf(ctx, v.Page, cl, c, level, purpose, "overview"); err != nil {
		return nil, err
	}
	v.CanEdit = !v.Header.ReadOnly
	names, users, err := s.staffNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("staff names: %w", err)
	}
	l, err := s.store.Ladder(ctx)
	if err != nil {
		return nil, fmt.Errorf("ladder: %w", err)
	}
	steps, err := s.store.LadderSteps(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("ladder steps: %w", err)
	}
	end := now
	if c.ClosedAt != nil {
		end = *c.ClosedAt
		v.Ended = finnishDate(calendar.DateOf(end))
	}
	v.ladder(l, steps, names, c.OpenedAt, end)
	if err := s.overviewSummaryOf(ctx, v, c, today); err != nil {
		return nil, err
	}
	for _, a := range casework.Areas {
		ar := overviewArea{ID: "situation-" + string(a), Name: "situation." + string(a), Label: v.T("casework.area." + string(a)),
			Text: c.Situation[a], Value: c.Situation[a]}
		if f.Situation != nil {
			ar.Value = f.Situation[a]
		}
		v.Filled = v.Filled || ar.Text != ""
		v.Situation = append(v.Situation, ar)
	}
	events, err := s.store.CaseEvents(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("case events: %w", err)
	}
	for _, ev := range events {
		v.Events = append(v.Events, overviewEventOf(v.Page, ev, names))
	}
	if v.CanEdit {
		if err := s.overviewChoices(ctx, v, l, users); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// stageName is stage n as "4. Regular contact", or a dash for none.
func stageName(p *Page, l *casework.Ladder, n int) string {
	if st, ok := l.Stage(n); ok {
		return strconv.Itoa(st.Number) + ". " + st.Label[p.Lang]
	}
	return "–"
}

// ladder fills in the chart, the history table and the facts beside them.
func (v *caseOverviewView) ladder(l *casework.Ladder, steps []casework.LadderStep, names map[string]string, opened, end time.Time) {
	slices.SortStableFunc(steps, func(a, b casework.LadderStep) int { return a.At.Compare(b.At) })
	for _, st := range steps {
		row := overviewStep{Date: finnishDate(calendar.DateOf(st.At)), ISO: rfc3339(st.At), From: stageName(v.Page, l, st.From),
			To: stageName(v.Page, l, st.To), Who: names[st.By], Reason: st.Reason, Direction: "up"}
		switch {
		case st.From == 0:
			row.Direction = "first"
		case st.Regression():
			row.Direction = "down"
			v.Downs++
		default:
			v.Ups++
		}
		row.Move = v.T("casework_case.ladder.move." + row.Direction)
		v.Steps = append(v.Steps, row)
		if row.Direction == "down" {
			v.LastDown = &v.Steps[len(v.Steps)-1]
		}
	}
	if len(steps) == 0 {
		return
	}
	last := steps[len(steps)-1]
	v.Now, v.Since = stageName(v.Page, l, last.To), finnishDate(calendar.DateOf(last.At))
	if steps[0].At.Before(opened) {
		opened = steps[0].At
	}
	v.Chart = newOverviewChart(v.Page, l, steps, opened, end)
	v.Chart.Desc = v.T("casework_case.chart.desc", v.Now, v.Since, v.Ups, v.Downs)
}

// overviewSummaryOf fills in the summary of the sub-pages and the plan's
// goals and open follow-ups the paper version lists.
func (s *Server) overviewSummaryOf(ctx context.Context, v *caseOverviewView, c *casework.Case, today calendar.Date) error {
	now := s.now()
	meetings, err := s.store.Meetings(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("meetings: %w", err)
	}
	var next *casework.Meeting
	for i := range meetings {
		m := &meetings[i]
		if m.Status == casework.MeetingPlanned && !m.At.Before(now) && (next == nil || m.At.Before(next.At)) {
			next = m
		}
	}
	if next != nil {
		v.Summary.Meeting, v.Summary.MeetingISO = v.Date(next.At), rfc3339(next.At)
		v.Summary.MeetingPlace = v.T("casework.place." + string(next.Place))
	}
	tasks, err := s.store.Tasks(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("tasks: %w", err)
	}
	slices.SortStableFunc(tasks, func(a, b casework.Task) int { return a.Due.Compare(b.Due) })
	for _, t := range tasks {
		if t.DoneAt != nil {
			continue
		}
		ot := overviewTask{Kind: v.T("casework.task." + string(t.Kind)), Due: finnishDate(t.Due), DueISO: t.Due.String(),
			Overdue: t.Due.Before(today)}
		if ot.Overdue {
			v.Summary.Overdue++
		}
		v.Summary.Tasks = append(v.Summary.Tasks, ot)
	}
	plans, err := s.store.Plans(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("plans: %w", err)
	}
	if len(plans) > 0 {
		latest := slices.MaxFunc(plans, func(a, b casework.Plan) int { return a.Version - b.Version })
		v.Summary.Review, v.Summary.ReviewISO = finnishDate(latest.ReviewDate), latest.ReviewDate.String()
		v.Summary.ReviewOverdue = latest.ReviewDate.Before(today)
		v.Goals = latest.Goals
	}
	assessments, err := s.store.Assessments(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("assessments: %w", err)
	}
	if len(assessments) > 0 {
		latest := slices.MaxFunc(assessments, func(a, b casework.Assessment) int { return a.At.Compare(b.At) })
		v.Summary.Assessed, v.Summary.AssessedISO = finnishDate(calendar.DateOf(latest.At)), rfc3339(latest.At)
	}
	return nil
}

// overviewChoices fills in the options of the forms.
func (s *Server) overviewChoices(ctx context.Context, v *caseOverviewView, l *casework.Ladder, users []access.User) error {
	c, f := v.Case, v.Form
	for _, st := range l.Stages {
		label := stageName(v.Page, l, st.Number)
		if st.Number == c.Stage {
			label = v.T("casework_case.ladder.current", label)
		}
		v.Stages = append(v.Stages, triageOption{Value: strconv.Itoa(st.Number), Label: label, Selected: f.Stage == strconv.Itoa(st.Number)})
		v.StageHints = append(v.StageHints, overviewStage{Label: stageName(v.Page, l, st.Number), Description: st.Description[v.Lang]})
	}
	if v.Form.At == "" {
		v.Form.At = v.Today
	}
	for _, to := range casework.Statuses {
		if to == c.Status || (c.Status == casework.StatusClosed && to == casework.StatusPaused) {
			continue
		}
		key := "casework_case.status.to." + string(to)
		if to == casework.StatusActive && c.Status == casework.StatusClosed {
			key = "casework_case.status.to.reopen"
		}
		v.StatusChoices = append(v.StatusChoices, triageOption{Value: string(to), Label: v.T(key), Selected: f.Status == string(to)})
	}
	for _, cr := range casework.CloseReasons {
		v.CloseReasons = append(v.CloseReasons, triageOption{Value: string(cr), Label: v.T("casework.close." + string(cr)),
			Selected: f.CloseReason == string(cr)})
	}
	members := teamMembers(users, c.TeamID)
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	loads, err := s.store.Caseloads(ctx, ids)
	if err != nil {
		return fmt.Errorf("caseloads: %w", err)
	}
	limit, err := s.caseLimit(ctx, c.TeamID, false)
	if err != nil {
		return err
	}
	worker, second := c.WorkerID, c.SecondWorkerID
	if f.Worker != "" || f.Second != "" {
		worker, second = f.Worker, f.Second
	}
	for _, m := range members {
		label := v.T("casework_case.workers.option", m.Name, v.RoleName(m.Role), loads[m.ID], limit)
		v.Workers = append(v.Workers, triageOption{Value: m.ID, Label: label, Selected: m.ID == worker})
		v.Seconds = append(v.Seconds, triageOption{Value: m.ID, Label: label, Selected: m.ID == second})
	}
	u := v.User
	v.Lead = u.Role == access.RoleTeamLead && u.InTeam(c.TeamID)
	return nil
}

// teamMembers are the active users of team teamID a case can be given to.
func teamMembers(users []access.User, teamID string) []access.User {
	var out []access.User
	for _, u := range users {
		if u.Active && u.InTeam(teamID) && slices.Contains(assignableRoles, u.Role) {
			out = append(out, u)
		}
	}
	return out
}

// overviewEventOf is a history entry in words: names for ids, words for
// codes. Texts in another shape than the ones written here, the case
// opening's and the consent pages' are shown as they are.
func overviewEventOf(p *Page, ev casework.Event, names map[string]string) triageEvent {
	row := triageEvent{When: p.Date(ev.At), ISO: rfc3339(ev.At), Who: names[ev.By], What: p.T("casework.event." + string(ev.Type)),
		Detail: ev.Text}
	switch ev.Type {
	case casework.EventOpened:
		if o := casework.Origin(ev.Text); ev.Text != "" && o.Valid() {
			row.Detail = p.T("casework.origin." + ev.Text)
		}
	case casework.EventAssigned:
		// "worker,second": the named worker's id and the second worker's.
		var workers []string
		for _, id := range strings.Split(ev.Text, ",") {
			if names[id] == "" {
				return row
			}
			workers = append(workers, names[id])
		}
		row.Detail = strings.Join(workers, ", ")
	case casework.EventStatus:
		// "closed: goals_met: note", "paused: note", "active".
		status, rest, _ := strings.Cut(ev.Text, ": ")
		if !casework.Status(status).Valid() {
			return row
		}
		row.What = p.T("casework_case.event.status_to", p.T("casework.status."+status))
		row.Detail = rest
		if reason, note, _ := strings.Cut(rest, ": "); status == string(casework.StatusClosed) && casework.CloseReason(reason).Valid() {
			row.Detail = strings.TrimSuffix(p.T("casework.close."+reason)+": "+note, ": ")
		}
	case casework.EventConsent:
		// "given kela", "withdrawn ngo: Sininauha".
		what, partner, _ := strings.Cut(ev.Text, " ")
		switch what {
		case "given":
			row.What = p.T("casework_case.event.consent_given")
		case "withdrawn":
			row.What = p.T("casework_case.event.consent_withdrawn")
		default:
			return row
		}
		row.Detail = partnerText(p, partner)
	case casework.EventReferralSent:
		row.Detail = partnerText(p, ev.Text)
	}
	return row
}

// partnerText words "ngo: Sininauha" (a partner's code and the named
// organisation, if any).
func partnerText(p *Page, text string) string {
	code, org, _ := strings.Cut(text, ": ")
	if !casework.Partner(code).Valid() {
		return text
	}
	return strings.TrimSuffix(p.T("casework.partner."+code)+": "+org, ": ")
}

// statusEventText is the history's record of a status change: the status,
// the close reason when closed, and the note ("closed: goals_met: note").
func statusEventText(c *casework.Case, note string) string {
	t := string(c.Status)
	if c.Status == casework.StatusClosed {
		t += ": " + string(c.CloseReason)
	}
	if note = strings.TrimSpace(note); note != "" {
		t += ": " + note
	}
	return t
}

// caseOverview is the overview of the case of the path, read for action.
// It answers the request itself and returns nil when the user may not go on.
func (s *Server) caseOverview(w http.ResponseWriter, r *http.Request, action access.LogAction) *caseOverviewView {
	c, purpose, level, ok := s.usableCase(w, r, action, false)
	if !ok {
		return nil
	}
	v, err := s.overviewOf(r, c, purpose, level, overviewForm{})
	if err != nil {
		s.internalError(w, r, err)
		return nil
	}
	return v
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request) {
	v := s.caseOverview(w, r, access.LogView)
	if v == nil {
		return
	}
	switch saved := r.URL.Query().Get("saved"); saved {
	case "ladder", "situation", "status", "workers":
		v.Flash = "casework_case.saved." + saved
	}
	s.render(w, r, http.StatusOK, "case", v)
}

func (s *Server) casePrint(w http.ResponseWriter, r *http.Request) {
	v := s.caseOverview(w, r, access.LogPrint)
	if v == nil {
		return
	}
	v.Print, v.CanEdit = true, false
	v.Printed = v.T("casework_case.print.printed", v.Date(s.now()), v.User.Name)
	s.render(w, r, http.StatusOK, "case", v)
}

// overviewChange is one change made from the overview: the section its form
// is in, the inputs its fields' errors belong to, and the change itself,
// which stores c (a copy of the case) or returns a *kynnys.FieldError.
type overviewChange struct {
	name   string
	inputs map[string]string
	apply  func(ctx context.Context, u *access.User, c *casework.Case, f overviewForm, now time.Time) error
}

// overviewLabels name the inputs (and sections) for the error summary.
var overviewLabels = map[string]string{
	"ladder":           "casework_case.ladder.form_heading",
	"ladder-stage":     "casework_case.ladder.stage",
	"ladder-reason":    "casework_case.ladder.reason",
	"ladder-at":        "casework_case.ladder.at",
	"situation":        "casework_case.situation.heading",
	"status":           "casework_case.status.heading",
	"status-to":        "casework_case.status.legend",
	"status-reason":    "casework_case.status.reason",
	"status-note":      "casework_case.status.note",
	"status-override":  "casework_case.override.reason",
	"workers":          "casework_case.workers.heading",
	"workers-worker":   "casework.header.worker",
	"workers-second":   "casework.header.second",
	"workers-override": "casework_case.override.reason",
}

// overviewPost makes change on the case named by the path: access (logged
// as an update), the version the form was made from, the change, then back
// to the overview. A refused change shows the overview again with its
// message; a change made meanwhile by someone else shows the current state
// with casework.error.conflict.
func (s *Server) overviewPost(w http.ResponseWriter, r *http.Request, change overviewChange) {
	c, purpose, level, ok := s.usableCase(w, r, access.LogUpdate, true)
	if !ok {
		return
	}
	f := readOverviewForm(r)
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	u := state(r).user
	if version == c.Version {
		work := *c
		work.Situation = maps.Clone(c.Situation)
		err = change.apply(r.Context(), u, &work, f, s.now())
		if err == nil {
			next := "/cases/" + c.ID + "?saved=" + change.name + "#" + change.name
			if casework.AccessTo(u, &work) == casework.NoAccess {
				// The user gave the case away: it is no longer theirs to see.
				next = "/casework"
			}
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
		if fe, ok := kynnys.AsFieldError(err); ok {
			s.overviewRefused(w, r, c, purpose, level, f, change, fe)
			return
		}
		if !errors.Is(err, kynnys.ErrConflict) {
			s.internalError(w, r, err)
			return
		}
		if c, err = s.store.Case(r.Context(), c.ID); err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	v, err := s.overviewOf(r, c, purpose, level, f)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v.Conflict = true
	s.render(w, r, http.StatusConflict, "case", v)
}

// overviewRefused shows the overview again with fe on change's form.
func (s *Server) overviewRefused(w http.ResponseWriter, r *http.Request, c *casework.Case, purpose string, level casework.Level, f overviewForm, change overviewChange, fe *kynnys.FieldError) {
	v, err := s.overviewOf(r, c, purpose, level, f)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	id, ok := change.inputs[fe.Field]
	if !ok {
		id = change.name
	}
	label := v.T(overviewLabels[id])
	if area, isArea := strings.CutPrefix(fe.Field, "situation."); isArea && casework.Area(area).Valid() {
		id, label = "situation-"+area, v.T("casework.area."+area)
	}
	v.Errors[id] = v.T(fe.Code)
	v.Problems = []triageSummary{{Anchor: id, Label: label, Message: v.Errors[id]}}
	s.render(w, r, http.StatusBadRequest, "case", v)
}

// stepTime is when a step dated d happened: now when d is today, otherwise
// midday, but not before the current stage's time on the same day.
func stepTime(d calendar.Date, c *casework.Case, now time.Time) time.Time {
	if d == calendar.DateOf(now) {
		return now
	}
	at := d.Time(12, 0, 0)
	if calendar.DateOf(c.StageAt) == d && at.Before(c.StageAt) {
		at = c.StageAt
	}
	return at
}

func (s *Server) caseLadderStep(w http.ResponseWriter, r *http.Request) {
	s.overviewPost(w, r, overviewChange{name: "ladder",
		inputs: map[string]string{"stage": "ladder-stage", "reason": "ladder-reason", "at": "ladder-at"},
		apply: func(ctx context.Context, u *access.User, c *casework.Case, f overviewForm, now time.Time) error {
			l, err := s.store.Ladder(ctx)
			if err != nil {
				return fmt.Errorf("ladder: %w", err)
			}
			if strings.TrimSpace(f.Stage) == "" {
				return kynnys.Invalid("stage", "error.required")
			}
			to, err := strconv.Atoi(f.Stage)
			if err != nil {
				return kynnys.Invalid("stage", "casework.error.unknown_stage")
			}
			var at time.Time
			if strings.TrimSpace(f.At) != "" {
				d, ok := parseFormDate(f.At)
				if !ok {
					return kynnys.Invalid("at", "error.date")
				}
				at = stepTime(d, c, now)
			}
			step, err := c.ClimbTo(l, to, f.Reason, u.ID, at, now)
			if err != nil {
				return err
			}
			return s.store.AddLadderStep(ctx, c, &step)
		}})
}

func (s *Server) caseSituation(w http.ResponseWriter, r *http.Request) {
	s.overviewPost(w, r, overviewChange{name: "situation",
		apply: func(ctx context.Context, u *access.User, c *casework.Case, f overviewForm, now time.Time) error {
			before := c.Situation
			c.Situation = maps.Clone(f.Situation)
			if err := c.Validate(); err != nil {
				return err
			}
			if maps.Equal(before, c.Situation) {
				return nil
			}
			ev := casework.Event{CaseID: c.ID, At: now, By: u.ID, Type: casework.EventSituation}
			return s.store.UpdateCase(ctx, c, []casework.Event{ev}, -1)
		}})
}

func (s *Server) caseStatus(w http.ResponseWriter, r *http.Request) {
	s.overviewPost(w, r, overviewChange{name: "status",
		inputs: map[string]string{"status": "status-to", "close_reason": "status-reason", "close_note": "status-note",
			"override_reason": "status-override", "worker_id": "status-to"},
		apply: func(ctx context.Context, u *access.User, c *casework.Case, f overviewForm, now time.Time) error {
			if f.Status == "" {
				return kynnys.Invalid("status", "error.required")
			}
			reopen := f.Status == string(casework.StatusActive) && c.Status != casework.StatusActive
			if err := c.Transition(casework.Status(f.Status), casework.CloseReason(f.CloseReason), f.Note, now); err != nil {
				return err
			}
			events := []casework.Event{{CaseID: c.ID, At: now, By: u.ID, Type: casework.EventStatus, Text: statusEventText(c, f.Note)}}
			limit := -1
			if reopen {
				// Back to active, the case counts in the worker's caseload again.
				var over *casework.Event
				var err error
				if limit, over, err = s.overviewCap(ctx, u, c, c.WorkerID, f.StatusWhy, now); err != nil {
					return err
				}
				if over != nil {
					events = append(events, *over)
				}
			}
			return s.store.UpdateCase(ctx, c, events, limit)
		}})
}

func (s *Server) caseWorkers(w http.ResponseWriter, r *http.Request) {
	s.overviewPost(w, r, overviewChange{name: "workers",
		inputs: map[string]string{"worker_id": "workers-worker", "second_worker_id": "workers-second", "override_reason": "workers-override"},
		apply: func(ctx context.Context, u *access.User, c *casework.Case, f overviewForm, now time.Time) error {
			if !c.Open() {
				return kynnys.Invalid("worker_id", "casework.error.case_closed")
			}
			worker, second := strings.TrimSpace(f.Worker), strings.TrimSpace(f.Second)
			if worker == "" {
				return kynnys.Invalid("worker_id", "error.required")
			}
			_, users, err := s.staffNames(ctx)
			if err != nil {
				return fmt.Errorf("staff names: %w", err)
			}
			members := teamMembers(users, c.TeamID)
			isMember := func(id string) bool {
				return slices.ContainsFunc(members, func(m access.User) bool { return m.ID == id })
			}
			switch {
			case !isMember(worker):
				return kynnys.Invalid("worker_id", "casework_case.error.worker")
			case second != "" && !isMember(second):
				return kynnys.Invalid("second_worker_id", "casework_case.error.worker")
			case second == worker:
				return kynnys.Invalid("second_worker_id", "casework_case.error.same_worker")
			case worker == c.WorkerID && second == c.SecondWorkerID:
				return nil
			}
			events := []casework.Event{{CaseID: c.ID, At: now, By: u.ID, Type: casework.EventAssigned,
				Text: strings.TrimSuffix(worker+","+second, ",")}}
			limit := -1
			if worker != c.WorkerID && c.Status == casework.StatusActive {
				var over *casework.Event
				if limit, over, err = s.overviewCap(ctx, u, c, worker, f.WorkersWhy, now); err != nil {
					return err
				}
				if over != nil {
					events = append(events, *over)
				}
			}
			c.WorkerID, c.SecondWorkerID = worker, second
			return s.store.UpdateCase(ctx, c, events, limit)
		}})
}

// overviewCap is the caseload rule for making worker the named worker of
// active case c, as when a case is opened: the limit for the store (-1 when
// a team lead overrode the cap) and the history entry of the override. A
// team lead of the team over the cap is asked for the reason; anyone else
// is refused (a reason from them is not even looked at).
func (s *Server) overviewCap(ctx context.Context, u *access.User, c *casework.Case, worker, reason string, now time.Time) (int, *casework.Event, error) {
	limit, err := s.caseLimit(ctx, c.TeamID, false)
	if err != nil {
		return 0, nil, err
	}
	loads, err := s.store.Caseloads(ctx, []string{worker})
	if err != nil {
		return 0, nil, fmt.Errorf("caseloads: %w", err)
	}
	lead := u.Role == access.RoleTeamLead && u.InTeam(c.TeamID)
	var o *casework.Override
	if lead && strings.TrimSpace(reason) != "" {
		o = &casework.Override{By: u, Reason: reason}
	}
	used, err := casework.CheckAssignment(loads[worker], limit, c.TeamID, o)
	switch {
	case errors.Is(err, casework.ErrOverCap) && lead:
		return 0, nil, kynnys.Invalid("override_reason", "casework_case.error.override_reason")
	case err != nil:
		return 0, nil, err
	case !used:
		return limit, nil, nil
	}
	return -1, &casework.Event{CaseID: c.ID, At: now, By: u.ID, Type: casework.EventOverride, Text: o.Reason}, nil
}

// The ladder chart's geometry, in the units of its viewBox. It is drawn
// about as wide as a phone's screen so that its text stays readable there;
// larger screens scale it up a little (kynnys.css caps its width).
const (
	ladderW          = 360.0
	ladderLabelW     = 138.0 // the stage labels on the left, in two lines
	ladderRightW     = 14.0
	ladderTopH       = 8.0
	ladderRowH       = 32.0
	ladderAxisH      = 28.0 // the dates below
	ladderLabelChars = 20   // characters on one line of a stage label
	ladderTicks      = 4    // dates on the time axis at most
)

// overviewChart is the trust ladder over time as an inline SVG: x is time
// from the case's opening to today, y the county's stages. Numbers are
// formatted here so that the template only places them.
type overviewChart struct {
	Width, Height   string
	Title, Desc     string
	Left, Right     string // the plot's edges
	Top, Bottom     string
	Rows            []ladderRow
	Ticks           []ladderTick
	Line, DownLines string // paths: stays and moves up; moves down
	Dots            []ladderPoint
	Drops           []string // the downward triangles' points
}

type ladderRow struct {
	Y     string
	Lines []ladderText
}

type ladderText struct{ Y, Text string }

type ladderTick struct{ X, Y, Label, Anchor string }

type ladderPoint struct{ X, Y string }

func ladderNum(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// newOverviewChart draws steps (in time order, at least one) between from
// and to: a step line that stays level at a stage and moves when the stage
// changes, a dot where it moves up, and a dashed line with a downward
// triangle where it moves down, so that a regression shows by shape, not
// by colour alone.
func newOverviewChart(p *Page, l *casework.Ladder, steps []casework.LadderStep, from, to time.Time) *overviewChart {
	top := l.Top()
	plotW := ladderW - ladderLabelW - ladderRightW
	bottom := ladderTopH + float64(top)*ladderRowH
	span := max(to.Sub(from), 24*time.Hour)
	x := func(t time.Time) float64 {
		return ladderLabelW + plotW*min(max(float64(t.Sub(from))/float64(span), 0), 1)
	}
	y := func(n int) float64 { return ladderTopH + (float64(top-n)+0.5)*ladderRowH }
	ch := &overviewChart{Width: ladderNum(ladderW), Height: ladderNum(bottom + ladderAxisH), Title: p.T("casework_case.chart.title"),
		Left: ladderNum(ladderLabelW), Right: ladderNum(ladderW - ladderRightW), Top: ladderNum(ladderTopH), Bottom: ladderNum(bottom)}
	for _, st := range l.Stages {
		lines := ladderLabel(strconv.Itoa(st.Number)+". "+st.Label[p.Lang], ladderLabelChars)
		row := ladderRow{Y: ladderNum(y(st.Number))}
		base := y(st.Number) + 4 - 7*float64(len(lines)-1)
		for i, t := range lines {
			row.Lines = append(row.Lines, ladderText{Y: ladderNum(base + 14*float64(i)), Text: t})
		}
		ch.Rows = append(ch.Rows, row)
	}
	for _, t := range ladderMonths(from, to) {
		tk := ladderTick{X: ladderNum(x(t.StartOfDay())), Y: ladderNum(bottom + 18), Label: strconv.Itoa(int(t.Month)) + "/" + strconv.Itoa(t.Year), Anchor: "middle"}
		ch.Ticks = append(ch.Ticks, tk)
	}
	if len(ch.Ticks) < 2 {
		// Less than two months: the first and the last day.
		ch.Ticks = []ladderTick{
			{X: ladderNum(ladderLabelW), Y: ladderNum(bottom + 18), Label: finnishDate(calendar.DateOf(from)), Anchor: "start"},
			{X: ladderNum(ladderW - ladderRightW), Y: ladderNum(bottom + 18), Label: finnishDate(calendar.DateOf(to)), Anchor: "end"},
		}
	}
	var line, down strings.Builder
	prev := 0
	for i, st := range steps {
		sx, sy := ladderNum(x(st.At)), ladderNum(y(st.To))
		switch {
		case i == 0:
			line.WriteString("M" + sx + " " + sy)
			ch.Dots = append(ch.Dots, ladderPoint{sx, sy})
		case st.To > prev:
			line.WriteString("H" + sx + "V" + sy)
			ch.Dots = append(ch.Dots, ladderPoint{sx, sy})
		default:
			line.WriteString("H" + sx + "M" + sx + " " + sy)
			down.WriteString("M" + sx + " " + ladderNum(y(prev)) + "V" + sy)
			px, py := x(st.At), y(st.To)
			ch.Drops = append(ch.Drops, ladderNum(px-5.5)+","+ladderNum(py-4.5)+" "+ladderNum(px+5.5)+","+ladderNum(py-4.5)+" "+ladderNum(px)+","+ladderNum(py+5.5))
		}
		prev = st.To
	}
	line.WriteString("H" + ladderNum(x(to)))
	ch.Line, ch.DownLines = line.String(), down.String()
	return ch
}

// ladderMonths are the first days of months between from and to, thinned to
// at most ladderTicks.
func ladderMonths(from, to time.Time) []calendar.Date {
	first, last := calendar.DateOf(from), calendar.DateOf(to)
	var months []calendar.Date
	for d := (calendar.Date{Year: first.Year, Month: first.Month, Day: 1}); !d.After(last); d = calendar.MonthsAfter(d, 1) {
		if d.After(first) {
			months = append(months, d)
		}
	}
	every := (len(months) + ladderTicks - 1) / ladderTicks
	var out []calendar.Date
	for i := 0; i < len(months); i += max(every, 1) {
		out = append(out, months[i])
	}
	return out
}

// ladderLabel breaks a stage label into at most two lines of about width
// characters, shortening the second with an ellipsis when the label is
// longer (the table and the form's hint show it whole).
func ladderLabel(label string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(label) {
		switch {
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	lines = append(lines, cur)
	if len(lines) > 2 {
		lines = []string{lines[0], strings.Join(lines[1:], " ")}
	}
	for i, l := range lines {
		if r := []rune(l); len(r) > width {
			lines[i] = string(r[:width-1]) + "…"
		}
	}
	return lines
}
