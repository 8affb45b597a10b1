package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// The case's work pages: meetings and follow-ups (this file), the client
// plan, progress self-assessments and the information flow to partners
// (casework_work_*.go). Each starts with the shared case header; each read
// and change goes through caseUse, which access-logs it before anything of
// the case is shown or stored.

// workCase is the case a work page is about, with the signed-in user's
// access to it.
type workCase struct {
	c       *casework.Case
	client  *casework.Client
	level   casework.Level
	purpose string
}

// canWrite reports whether the user may change the case now: full access
// and the case not closed. Read-only users get no forms at all.
func (wc *workCase) canWrite() bool { return wc.level == casework.FullAccess && wc.c.Open() }

// workCaseOf loads the case named by the path and decides the user's
// access for action (write: a change). When it cannot go on it answers the
// request itself (404, 403, or to the overview to state a purpose first)
// and returns nil.
func (s *Server) workCaseOf(w http.ResponseWriter, r *http.Request, action access.LogAction, write bool) *workCase {
	ctx := r.Context()
	c, err := s.store.Case(ctx, r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return nil
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("case: %w", err))
		return nil
	}
	purpose, level, err := s.caseUse(r, c, action, write)
	switch {
	case errors.Is(err, errPurposeRequired):
		// The overview asks for the purpose.
		http.Redirect(w, r, "/cases/"+c.ID, http.StatusSeeOther)
		return nil
	case errors.Is(err, kynnys.ErrForbidden):
		msg := "casework.error.not_your_case"
		if level == casework.ReadWithPurpose {
			msg = "casework.error.read_only"
		}
		s.errorPage(w, r, http.StatusForbidden, msg)
		return nil
	case err != nil:
		s.internalError(w, r, fmt.Errorf("case access: %w", err))
		return nil
	}
	cl, err := s.store.Client(ctx, c.ClientID)
	if err != nil {
		s.internalError(w, r, fmt.Errorf("client: %w", err))
		return nil
	}
	return &workCase{c: c, client: cl, level: level, purpose: purpose}
}

// workPage is what every work page's view starts with.
type workPage struct {
	*Page
	workErrors
	Header caseHeader
	// Write: the forms are shown (full access, case open). Closed: the
	// case is closed, so a full-access user is told why there are none.
	Write, Closed bool
	// Notice is a one-off message with data in it (a date), translated.
	Notice string
}

func (s *Server) workPageOf(r *http.Request, wc *workCase, tab string) (workPage, error) {
	p := s.view(r, "casework.tab."+tab)
	p.TitleText = p.T("casework.tab."+tab) + " – " + wc.client.Name
	h, err := s.caseHeaderOf(r.Context(), p, wc.client, wc.c, wc.level, wc.purpose, tab)
	if err != nil {
		return workPage{}, fmt.Errorf("case header: %w", err)
	}
	return workPage{Page: p, Header: h, Write: wc.canWrite(),
		Closed: wc.level == casework.FullAccess && !wc.c.Open()}, nil
}

// workErrors are a refused form's messages by input id, with the summary
// at the top of the page that links to each.
type workErrors struct {
	Errors  map[string]string
	Summary []triageSummary
	// Conflict: someone changed the thing meanwhile (409).
	Conflict bool
}

// E is the error message of the input with id, if any.
func (e *workErrors) E(id string) deskFieldError {
	return deskFieldError{Field: id, Message: e.Errors[id]}
}

// fail puts msg on input id and in the summary under label.
func (e *workErrors) fail(id, label, msg string) {
	if e.Errors == nil {
		e.Errors = map[string]string{}
	}
	e.Errors[id] = msg
	e.Summary = append(e.Summary, triageSummary{Anchor: id, Label: label, Message: msg})
}

// workInput is where a field error of a form is shown: the input's id and
// the catalogue key of its label.
type workInput struct{ id, label string }

// refuse puts fe on the input of inputs its field names, or on fallback.
func (v *workPage) refuse(fe *kynnys.FieldError, inputs map[string]workInput, fallback workInput) {
	in, ok := inputs[fe.Field]
	if !ok {
		in = fallback
	}
	v.fail(in.id, v.T(in.label), v.T(fe.Code))
}

// workOption is one choice of a select or a radio group.
type workOption struct {
	Value, Label string
	Selected     bool
}

// workOptGroup is a labelled group of a select's options.
type workOptGroup struct {
	Label   string
	Options []workOption
}

// parseDateField reads an ISO date given in a form or in JSON; "" is the
// zero date.
func parseDateField(field, s string) (calendar.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}, nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}, kynnys.Invalid(field, "error.date")
	}
	return d, nil
}

// workParseAt reads a date and a time of day given in Europe/Helsinki.
func workParseAt(date, clock string) (time.Time, error) {
	d, err := parseDateField("date", date)
	if err != nil {
		return time.Time{}, err
	}
	if d.IsZero() {
		return time.Time{}, kynnys.Invalid("date", "error.required")
	}
	// Browsers without a time picker let people type 14.30, as Finns write it.
	clock = strings.ReplaceAll(strings.TrimSpace(clock), ".", ":")
	if clock == "" {
		return time.Time{}, kynnys.Invalid("time", "error.required")
	}
	t, err := time.Parse("15:04", clock)
	if err != nil {
		if t, err = time.Parse("15:04:05", clock); err != nil {
			return time.Time{}, kynnys.Invalid("time", "error.time")
		}
	}
	return d.Time(t.Hour(), t.Minute(), 0), nil
}

// isoDate formats a date for a date input.
func isoDate(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// workText checks a free text a form adds beside the domain's own fields.
func workText(field, v string, limit int) (string, error) {
	v = strings.TrimSpace(v)
	if len(v) > limit {
		return "", kynnys.Invalid(field, "error.too_long")
	}
	return v, nil
}

// workRedirect goes back to page of the case after a change, saying what
// was saved; extra carries ids (never personal data).
func workRedirect(w http.ResponseWriter, r *http.Request, caseID, page, saved, anchor string, extra url.Values) {
	q := url.Values{"saved": {saved}}
	for k, v := range extra {
		q[k] = v
	}
	http.Redirect(w, r, "/cases/"+caseID+"/"+page+"?"+q.Encode()+"#"+anchor, http.StatusSeeOther)
}

// workVersion reads the version a form was made from.
func workVersion(r *http.Request) (int, bool) {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	return v, err == nil && v >= 0
}

// --- Meetings and follow-ups ---

// meetingRow is one meeting as the page shows it.
type meetingRow struct {
	ID, Version   string
	When, ISO     string
	Place, Status string // translated
	StatusCode    string
	Outreach      bool
	Outcome, By   string
	// Due: a planned meeting whose time has come, so its outcome can be
	// recorded; otherwise it can only be cancelled.
	Due bool
	// DefaultDue is when a follow-up after a no-show falls due unless the
	// worker chooses otherwise (casework.NoShow).
	DefaultDue, DefaultDueISO string
	// FollowUp is the follow-up a no-show created.
	FollowUp *taskRow
}

// taskRow is one follow-up task.
type taskRow struct {
	ID, Kind, KindCode string
	KindText           string // Kind in the middle of a sentence
	Due, DueISO        string
	Overdue, DueToday  bool
	AssignedTo, Note   string
	Created, CreatedBy string
	Missed             string // when the missed meeting that caused it was
	IsDone             bool
	Done, DoneBy       string
	Reached            bool
	Outcome            string
	doneAt             time.Time
}

// meetingForm is the new-meeting form as typed.
type meetingForm struct{ Date, Time, Place, Status, Outcome string }

// recordForm is one planned meeting's outcome form as typed.
type recordForm struct{ MeetingID, Result, Outcome, Kind, Due string }

// taskForm is the manual follow-up form as typed.
type taskForm struct{ Kind, Due, Note string }

// doneForm is one task's completion form as typed.
type doneForm struct{ TaskID, Reached, Outcome string }

type caseMeetingsView struct {
	workPage
	Planned, Past        []meetingRow
	OpenTasks, DoneTasks []taskRow
	Places               []workOptGroup
	Kinds                []workOption
	FollowUpDays         int
	Results              []string // what may come of a planned meeting
	Today                string   // ISO, the earliest due date
	New                  meetingForm
	Record               recordForm
	Task                 taskForm
	Done                 doneForm
}

// RecordFor is the outcome form of meeting m: as typed when it was the one
// refused, otherwise the defaults (a call, due on the default day).
func (v *caseMeetingsView) RecordFor(m meetingRow) recordForm {
	if v.Record.MeetingID == m.ID {
		return v.Record
	}
	return recordForm{MeetingID: m.ID, Kind: string(casework.TaskCall), Due: m.DefaultDueISO}
}

// DoneFor is the completion form of task t.
func (v *caseMeetingsView) DoneFor(t taskRow) doneForm {
	if v.Done.TaskID == t.ID {
		return v.Done
	}
	return doneForm{TaskID: t.ID}
}

// KindsFor lists the follow-up kinds with selected chosen.
func (v *caseMeetingsView) KindsFor(selected string) []workOption {
	out := make([]workOption, len(v.Kinds))
	for i, k := range v.Kinds {
		k.Selected = k.Value == selected
		out[i] = k
	}
	return out
}

func (s *Server) caseMeetingsView(r *http.Request, wc *workCase) (*caseMeetingsView, error) {
	ctx := r.Context()
	wp, err := s.workPageOf(r, wc, "meetings")
	if err != nil {
		return nil, err
	}
	now := s.now()
	today := calendar.DateOf(now)
	v := &caseMeetingsView{workPage: wp, FollowUpDays: casework.FollowUpDays, Today: isoDate(today),
		Results: []string{string(casework.MeetingHeld), string(casework.MeetingNoShow), string(casework.MeetingCancelled)},
		New:     meetingForm{Status: string(casework.MeetingPlanned)}, Task: taskForm{Kind: string(casework.TaskCall)}}
	names, _, err := s.staffNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("staff names: %w", err)
	}
	meetings, err := s.store.Meetings(ctx, wc.c.ID)
	if err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	tasks, err := s.store.Tasks(ctx, wc.c.ID)
	if err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	meetingAt := map[string]time.Time{}
	for _, m := range meetings {
		meetingAt[m.ID] = m.At
	}
	followUps := map[string]*taskRow{}
	slices.SortFunc(tasks, func(a, b casework.Task) int { return a.Due.Compare(b.Due) })
	for _, t := range tasks {
		row := s.taskRowOf(v.Page, t, names, meetingAt, today)
		if t.DoneAt == nil {
			v.OpenTasks = append(v.OpenTasks, row)
		} else {
			v.DoneTasks = append(v.DoneTasks, row)
		}
		if t.MeetingID != "" {
			followUps[t.MeetingID] = &row
		}
	}
	// History: the latest done first.
	slices.SortFunc(v.DoneTasks, func(a, b taskRow) int { return b.doneAt.Compare(a.doneAt) })

	slices.SortFunc(meetings, func(a, b casework.Meeting) int { return a.At.Compare(b.At) })
	for _, m := range meetings {
		row := meetingRow{ID: m.ID, Version: strconv.Itoa(m.Version), When: v.Date(m.At), ISO: rfc3339(m.At),
			Place: v.T("casework.place." + string(m.Place)), Outreach: m.Place.Outreach(), StatusCode: string(m.Status),
			Status: v.T("casework.meeting." + string(m.Status)), Outcome: m.Outcome, By: names[m.By],
			FollowUp: followUps[m.ID]}
		if m.Status == casework.MeetingPlanned {
			row.Due = !m.At.After(now)
			if row.Due && wc.c.Open() {
				// The rule's own default, from copies: nothing is changed.
				c, mc := *wc.c, m
				if t, err := casework.NoShow(&c, &mc, "", calendar.Date{}, "", now); err == nil {
					row.DefaultDue, row.DefaultDueISO = finnishDate(t.Due), isoDate(t.Due)
				}
			}
			v.Planned = append(v.Planned, row)
		} else {
			v.Past = append(v.Past, row)
		}
	}
	slices.Reverse(v.Past)

	inOffice := workOptGroup{Label: v.T("casework_work.meetings.place_office")}
	outreach := workOptGroup{Label: v.T("casework_work.meetings.place_outreach")}
	for _, p := range casework.Places {
		o := workOption{Value: string(p), Label: v.T("casework.place." + string(p))}
		if p.Outreach() {
			outreach.Options = append(outreach.Options, o)
		} else {
			inOffice.Options = append(inOffice.Options, o)
		}
	}
	v.Places = []workOptGroup{inOffice, outreach}
	for _, k := range casework.TaskKinds {
		v.Kinds = append(v.Kinds, workOption{Value: string(k), Label: v.T("casework.task." + string(k))})
	}
	return v, nil
}

// PlacesFor lists the place groups with selected chosen.
func (v *caseMeetingsView) PlacesFor(selected string) []workOptGroup {
	out := make([]workOptGroup, len(v.Places))
	for i, g := range v.Places {
		g.Options = slices.Clone(g.Options)
		for j := range g.Options {
			g.Options[j].Selected = g.Options[j].Value == selected
		}
		out[i] = g
	}
	return out
}

func (s *Server) taskRowOf(p *Page, t casework.Task, names map[string]string, meetingAt map[string]time.Time, today calendar.Date) taskRow {
	kind := p.T("casework.task." + string(t.Kind))
	row := taskRow{ID: t.ID, KindCode: string(t.Kind), Kind: kind, KindText: strings.ToLower(kind),
		Due: finnishDate(t.Due), DueISO: isoDate(t.Due), AssignedTo: names[t.AssignedTo], Note: t.Note,
		Created: p.Date(t.CreatedAt), CreatedBy: names[t.CreatedBy]}
	if at, ok := meetingAt[t.MeetingID]; ok {
		row.Missed = p.Date(at)
	}
	if t.DoneAt != nil {
		row.IsDone, row.Done, row.DoneBy, row.Reached, row.Outcome = true, p.Date(*t.DoneAt), names[t.DoneBy], t.Reached, t.Outcome
		row.doneAt = *t.DoneAt
		return row
	}
	row.Overdue, row.DueToday = t.Due.Before(today), t.Due == today
	return row
}

// workSavedMeetings are the notices the meetings page shows after a change.
var workSavedMeetings = map[string]string{
	"planned":     "casework_work.saved.planned",
	"held":        "casework_work.saved.held",
	"cancelled":   "casework_work.saved.cancelled",
	"task":        "casework_work.saved.task",
	"done":        "casework_work.saved.done",
	"not_reached": "casework_work.saved.not_reached",
}

func (s *Server) caseMeetings(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogView, false)
	if wc == nil {
		return
	}
	v, err := s.caseMeetingsView(r, wc)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	q := r.URL.Query()
	if key, ok := workSavedMeetings[q.Get("saved")]; ok {
		v.Flash = key
	}
	if q.Get("saved") == "no_show" {
		// The follow-up the no-show made, with its day: the case goes on.
		for _, t := range v.OpenTasks {
			if t.ID == q.Get("task") {
				v.Notice = v.T("casework_work.saved.no_show", t.KindText, t.Due)
			}
		}
	}
	s.render(w, r, http.StatusOK, "case_meetings", v)
}

// meetingsRefused shows the meetings page again with a refused form.
func (s *Server) meetingsRefused(w http.ResponseWriter, r *http.Request, wc *workCase, status int, fill func(v *caseMeetingsView)) {
	v, err := s.caseMeetingsView(r, wc)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	fill(v)
	s.render(w, r, status, "case_meetings", v)
}

// workClosed refuses a change to a closed case on the page's form.
func workClosed(wc *workCase) error {
	if !wc.c.Open() {
		return kynnys.Invalid("status", "casework.error.case_closed")
	}
	return nil
}

// caseAddMeeting plans a meeting, or records one held without planning.
func (s *Server) caseAddMeeting(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogCreate, true)
	if wc == nil {
		return
	}
	f := meetingForm{Date: r.PostFormValue("date"), Time: r.PostFormValue("time"), Place: r.PostFormValue("place"),
		Status: r.PostFormValue("status"), Outcome: r.PostFormValue("outcome")}
	now := s.now()
	m := casework.Meeting{CaseID: wc.c.ID, Place: casework.Place(f.Place), Status: casework.MeetingStatus(f.Status),
		Outcome: f.Outcome, By: state(r).user.ID, CreatedAt: now, UpdatedAt: now}
	err := workClosed(wc)
	if err == nil && m.Status != casework.MeetingPlanned && m.Status != casework.MeetingHeld {
		err = kynnys.Invalid("status", "error.unknown_code")
	}
	if err == nil {
		m.At, err = workParseAt(f.Date, f.Time)
	}
	if err == nil {
		err = m.Validate(now)
	}
	if err == nil {
		err = s.store.SaveMeeting(r.Context(), &m)
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		s.meetingsRefused(w, r, wc, http.StatusBadRequest, func(v *caseMeetingsView) {
			v.New = f
			v.refuse(fe, map[string]workInput{
				"date": {"meet-date", "casework_work.meetings.date"}, "at": {"meet-date", "casework_work.meetings.date"},
				"time": {"meet-time", "casework_work.meetings.time"}, "place": {"meet-place", "casework_work.meetings.place"},
				"status": {"meet-status", "casework_work.meetings.status"}, "outcome": {"meet-outcome", "casework_work.meetings.outcome"},
			}, workInput{"meet", "casework_work.meetings.new"})
		})
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("save meeting: %w", err))
		return
	}
	workRedirect(w, r, wc.c.ID, "meetings", string(m.Status), "meetings-h", nil)
}

// caseRecordMeeting records what came of a planned meeting: held, the
// client did not come (which creates a follow-up and leaves the case as it
// is), or cancelled.
func (s *Server) caseRecordMeeting(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogUpdate, true)
	if wc == nil {
		return
	}
	ctx := r.Context()
	m, err := s.store.Meeting(ctx, r.PathValue("mid"))
	if errors.Is(err, kynnys.ErrNotFound) || (err == nil && m.CaseID != wc.c.ID) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("meeting: %w", err))
		return
	}
	f := recordForm{MeetingID: m.ID, Result: r.PostFormValue("result"), Outcome: r.PostFormValue("outcome"),
		Kind: r.PostFormValue("kind"), Due: r.PostFormValue("due")}
	version, ok := workVersion(r)
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	conflict := func() {
		s.meetingsRefused(w, r, wc, http.StatusConflict, func(v *caseMeetingsView) {
			v.Record, v.Conflict = f, true
		})
	}
	if version != m.Version || m.Status != casework.MeetingPlanned {
		conflict()
		return
	}
	now := s.now()
	u := state(r).user
	var task *casework.Task
	err = workClosed(wc)
	if err == nil {
		switch casework.MeetingStatus(f.Result) {
		case casework.MeetingHeld, casework.MeetingCancelled:
			m.Status, m.Outcome, m.UpdatedAt = casework.MeetingStatus(f.Result), f.Outcome, now
			if err = m.Validate(now); err == nil {
				err = s.store.SaveMeeting(ctx, m)
			}
		case casework.MeetingNoShow:
			var due calendar.Date
			if due, err = parseDateField("due", f.Due); err != nil {
				break
			}
			var t casework.Task
			if t, err = casework.NoShow(wc.c, m, casework.TaskKind(f.Kind), due, u.ID, now); err != nil {
				break
			}
			m.Outcome, m.UpdatedAt = f.Outcome, now
			if err = m.Validate(now); err == nil {
				task = &t
				err = s.store.RecordNoShow(ctx, m, task)
			}
		default:
			err = kynnys.Invalid("result", "casework_work.error.result")
		}
	}
	if errors.Is(err, kynnys.ErrConflict) {
		conflict()
		return
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		s.meetingsRefused(w, r, wc, http.StatusBadRequest, func(v *caseMeetingsView) {
			v.Record = f
			p := "rec-" + m.ID
			v.refuse(fe, map[string]workInput{
				"result": {p + "-result", "casework_work.record.result"}, "status": {p + "-result", "casework_work.record.result"},
				"outcome": {p + "-outcome", "casework_work.record.outcome"}, "at": {p + "-result", "casework_work.record.result"},
				"kind": {p + "-kind", "casework_work.record.kind"}, "due": {p + "-due", "casework_work.record.due"},
			}, workInput{p + "-result", "casework_work.record.result"})
		})
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("record meeting: %w", err))
		return
	}
	if task != nil {
		workRedirect(w, r, wc.c.ID, "meetings", "no_show", "tasks-h", url.Values{"task": {task.ID}})
		return
	}
	workRedirect(w, r, wc.c.ID, "meetings", string(m.Status), "meetings-h", nil)
}

// caseAddTask adds a follow-up by hand, for the case's named worker.
func (s *Server) caseAddTask(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogCreate, true)
	if wc == nil {
		return
	}
	f := taskForm{Kind: r.PostFormValue("kind"), Due: r.PostFormValue("due"), Note: r.PostFormValue("note")}
	now := s.now()
	t := casework.Task{CaseID: wc.c.ID, Kind: casework.TaskKind(f.Kind), Note: f.Note, AssignedTo: wc.c.WorkerID,
		CreatedAt: now, CreatedBy: state(r).user.ID}
	err := workClosed(wc)
	if err == nil {
		t.Due, err = parseDateField("due", f.Due)
	}
	if err == nil {
		err = t.Validate(calendar.DateOf(now))
	}
	if err == nil {
		err = s.store.CreateTask(r.Context(), &t)
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		s.meetingsRefused(w, r, wc, http.StatusBadRequest, func(v *caseMeetingsView) {
			v.Task = f
			v.refuse(fe, map[string]workInput{
				"kind": {"task-kind", "casework_work.task.kind"}, "due": {"task-due", "casework_work.task.due"},
				"note": {"task-note", "casework_work.task.note"},
			}, workInput{"task", "casework_work.task.heading"})
		})
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("create task: %w", err))
		return
	}
	workRedirect(w, r, wc.c.ID, "meetings", "task", "tasks-h", nil)
}

// caseTaskDone marks a follow-up done: whether it reached the client (which
// counts as contact) and what came of it.
func (s *Server) caseTaskDone(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogUpdate, true)
	if wc == nil {
		return
	}
	ctx := r.Context()
	t, err := s.store.Task(ctx, r.PathValue("tid"))
	if errors.Is(err, kynnys.ErrNotFound) || (err == nil && t.CaseID != wc.c.ID) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("task: %w", err))
		return
	}
	f := doneForm{TaskID: t.ID, Reached: r.PostFormValue("reached"), Outcome: r.PostFormValue("outcome")}
	if t.DoneAt != nil {
		s.meetingsRefused(w, r, wc, http.StatusConflict, func(v *caseMeetingsView) { v.Conflict = true })
		return
	}
	now := s.now()
	err = workClosed(wc)
	if err == nil {
		switch f.Reached {
		case "yes", "no":
			t.Reached = f.Reached == "yes"
		default:
			err = kynnys.Invalid("reached", "casework_work.error.reached")
		}
	}
	if err == nil {
		t.Outcome, err = workText("outcome", f.Outcome, 4000)
	}
	if err == nil {
		t.DoneAt, t.DoneBy = &now, state(r).user.ID
		err = s.store.CompleteTask(ctx, t)
	}
	if errors.Is(err, kynnys.ErrConflict) {
		s.meetingsRefused(w, r, wc, http.StatusConflict, func(v *caseMeetingsView) { v.Conflict = true })
		return
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		s.meetingsRefused(w, r, wc, http.StatusBadRequest, func(v *caseMeetingsView) {
			v.Done = f
			p := "done-" + t.ID
			v.refuse(fe, map[string]workInput{"outcome": {p + "-outcome", "casework_work.done.outcome"}},
				workInput{p + "-reached", "casework_work.done.reached"})
		})
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("complete task: %w", err))
		return
	}
	saved := "done"
	if !t.Reached {
		saved = "not_reached"
	}
	workRedirect(w, r, wc.c.ID, "meetings", saved, "tasks-h", nil)
}
