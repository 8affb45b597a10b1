package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/intake"
)

// The triage pages: a team's queue of contacts and notifications, one item
// with its history and the steps of its handling, a team lead's view of
// everything overdue, and recording a call or a paper notification. Every
// item page shown is access-logged; the queue is not, so it shows no more
// of a person than triage needs (kind, municipality, age group).

// triagePurpose is the purpose the access log records for triage.
const triagePurpose = "triage"

// nearArkipaivat: a deadline this many arkipäivät away or nearer is
// highlighted, as the reminders are (intake.ReminderLead).
const nearArkipaivat = intake.ReminderLead

// assignableRoles are the roles an item can be assigned to.
var assignableRoles = []access.Role{access.RoleSocialWorker, access.RoleSocialCounsellor, access.RoleTeamLead}

// dueText is one deadline as the pages show it.
type dueText struct {
	Name string // the deadline's name
	Date string // its day, 2.1.2006
	ISO  string
	// Left: "3 arkipäivää left", "overdue by 2 arkipäivää"; for a deadline
	// already met or missed, what happened.
	Left string
	// Flag is "near" or "overdue" when the deadline needs attention (a CSS
	// class), with FlagLabel saying so in words.
	Flag, FlagLabel string
}

// dueTextOf describes the time left before due as seen at now.
func dueTextOf(p *Page, kind intake.DeadlineKind, due, now time.Time) dueText {
	d := dueText{Name: p.T("intake.deadline." + string(kind)), Date: finnishDate(calendar.DateOf(due)), ISO: rfc3339(due)}
	left := intake.ArkipaivatLeft(due, now)
	switch {
	case now.After(due):
		d.Flag, d.FlagLabel = "overdue", p.T("intake_staff.flag.overdue")
		switch {
		case left == -1:
			d.Left = p.T("intake_staff.deadline.overdue_by_one")
		case left < 0:
			d.Left = p.T("intake_staff.deadline.overdue_by_other", -left)
		default:
			// Past its end but not yet by a whole arkipäivä (a deadline
			// that fell on a weekend).
			d.Left = p.T("intake_staff.deadline.overdue")
		}
	case calendar.DateOf(due) == calendar.DateOf(now):
		d.Left = p.T("intake_staff.deadline.today")
	case left == 1:
		d.Left = p.T("intake_staff.deadline.left_one")
	default:
		d.Left = p.T("intake_staff.deadline.left_other", left)
	}
	if d.Flag == "" && left <= nearArkipaivat {
		d.Flag, d.FlagLabel = "near", p.T("intake_staff.flag.near")
	}
	return d
}

// finnishDate formats a date as 2.1.2006.
func finnishDate(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day) + "." + strconv.Itoa(int(d.Month)) + "." + strconv.Itoa(d.Year)
}

// triageAgeGroup is the subject's age group on day: all the queue tells about
// who an item is about.
func triageAgeGroup(it *intake.Item, day calendar.Date) string {
	s := &it.Subject
	switch {
	case it.Kind.ChildWelfare() || s.IsChildOn(day):
		return "child"
	case s.BirthDate.IsZero():
		return "unknown"
	case intake.AgeOn(s.BirthDate, day) >= intake.ElderlyAge:
		return "elderly"
	}
	return "adult"
}

// triageRow is one item in a queue: no name, no identity code.
type triageRow struct {
	ID, Receipt, Kind, Opened, OpenedISO, Status, Urgency, Assigned string
	Municipality, AgeGroup, Team                                    string
	Urgent                                                          bool
	Deadline                                                        *dueText
}

func (s *Server) triageRows(p *Page, items []intake.Item, names, teams map[string]string) []triageRow {
	now := s.now()
	today := calendar.DateOf(now)
	rows := make([]triageRow, 0, len(items))
	for i := range items {
		it := &items[i]
		row := triageRow{ID: it.ID, Receipt: it.Receipt, Kind: p.T("intake.kind." + string(it.Kind)),
			Opened: p.Date(it.OpenedAt), OpenedISO: rfc3339(it.OpenedAt), Status: p.T("intake.status." + string(it.Status)),
			Assigned: names[it.AssignedTo], Municipality: it.Municipality, Team: teams[it.TeamID],
			AgeGroup: p.T("intake_staff.age." + triageAgeGroup(it, today)), Urgent: it.Urgency == intake.UrgencyUrgent && !it.Status.Closed()}
		if it.Urgency != "" {
			row.Urgency = p.T("intake.urgency." + string(it.Urgency))
		}
		if kind, due := it.NextDeadline(); due != nil {
			d := dueTextOf(p, kind, *due, now)
			row.Deadline = &d
		}
		rows = append(rows, row)
	}
	return rows
}

// staffNames maps user ids to names; it returns the users too.
func (s *Server) staffNames(ctx context.Context) (map[string]string, []access.User, error) {
	users, err := s.store.Users(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names, users, nil
}

func teamNameByID(teams []access.Team) map[string]string {
	m := make(map[string]string, len(teams))
	for _, t := range teams {
		m[t.ID] = t.Name
	}
	return m
}

type intakeQueueView struct {
	*Page
	Teams     []access.Team
	Team      string // the selected team; "" for all of the user's teams
	Show      string // open, all
	Mine      bool
	Overdue   bool
	Rows      []triageRow
	Capped    bool // the list stopped at intake.MaxQueue
	ManyTeams bool
}

func (s *Server) intakeQueue(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	q := r.URL.Query()
	v := &intakeQueueView{Page: s.view(r, "intake_staff.queue.title"), Teams: u.Teams, Team: q.Get("team"), Show: "open",
		Mine: q.Get("mine") == "1", Overdue: q.Get("overdue") == "1", ManyTeams: len(u.Teams) > 1}
	if q.Get("show") == "all" {
		v.Show = "all"
	}
	f := intake.QueueFilter{TeamIDs: u.TeamIDs(), Open: v.Show == "open"}
	if v.Team != "" {
		if !u.InTeam(v.Team) {
			s.errorPage(w, r, http.StatusForbidden, "intake.error.not_your_team")
			return
		}
		f.TeamIDs = []string{v.Team}
	}
	if v.Mine {
		f.AssignedTo = u.ID
	}
	if v.Overdue {
		f.OverdueAt = s.now()
	}
	if q.Get("rerouted") == "1" {
		v.Flash = "intake_staff.saved.reroute"
	}
	items, err := s.store.IntakeQueue(r.Context(), f)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	names, _, err := s.staffNames(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v.Rows = s.triageRows(v.Page, items, names, teamNameByID(u.Teams))
	v.Capped = len(items) >= intake.MaxQueue
	s.render(w, r, http.StatusOK, "intake_queue", v)
}

type triageOverdueGroup struct {
	Team string
	Rows []triageRow
}

type intakeOverdueView struct {
	*Page
	Groups []triageOverdueGroup
	Now    string
}

// intakeOverdue is a team lead's view of every overdue item of their
// teams, team by team, each team's in the queue's order.
func (s *Server) intakeOverdue(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	now := s.now()
	v := &intakeOverdueView{Page: s.view(r, "intake_staff.overdue.title")}
	v.Now = v.Date(now)
	items, err := s.store.IntakeQueue(r.Context(), intake.QueueFilter{TeamIDs: u.TeamIDs(), OverdueAt: now})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	names, _, err := s.staffNames(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	rows := s.triageRows(v.Page, items, names, teamNameByID(u.Teams))
	for _, t := range u.Teams {
		g := triageOverdueGroup{Team: t.Name}
		for i := range items {
			if items[i].TeamID == t.ID {
				g.Rows = append(g.Rows, rows[i])
			}
		}
		v.Groups = append(v.Groups, g)
	}
	s.render(w, r, http.StatusOK, "intake_overdue", v)
}

// triageItem loads the item named by the path for triage; see teamIntakeItem.
func (s *Server) triageItem(w http.ResponseWriter, r *http.Request) *intake.Item {
	return s.teamIntakeItem(w, r, r.PathValue("id"), triagePurpose)
}

// teamIntakeItem loads intake item id and checks that it is one of the
// user's teams'. Otherwise it answers the request itself — 404, or a 403
// that the access log records as a refused use for purpose — and returns nil.
func (s *Server) teamIntakeItem(w http.ResponseWriter, r *http.Request, id, purpose string) *intake.Item {
	it, err := s.store.IntakeItem(r.Context(), id)
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return nil
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("intake item: %w", err))
		return nil
	}
	if it.TeamID == "" || !state(r).user.InTeam(it.TeamID) {
		if it.PersonID != "" {
			if err := s.logUse(r, it.PersonID, access.LogDeny, purpose); err != nil {
				s.internalError(w, r, err)
				return nil
			}
		}
		s.errorPage(w, r, http.StatusForbidden, "intake.error.not_your_team")
		return nil
	}
	return it
}

// triageForm is every action form's fields as typed, so that a refused
// form comes back as it was.
type triageForm struct {
	Urgency, Reasons, Worker, Outcome, ForwardedTo, NoActionReason string
	Note, Event, Team, Reason                                      string
}

func readTriageForm(r *http.Request) triageForm {
	v := r.PostFormValue
	return triageForm{Urgency: v("urgency"), Reasons: v("reasons"), Worker: v("worker"), Outcome: v("outcome"),
		ForwardedTo: v("forwarded_to"), NoActionReason: v("no_action_reason"), Note: v("note"), Event: v("event"),
		Team: v("team"), Reason: v("reason")}
}

type triageOption struct {
	Value, Label string
	Selected     bool
}

type triageDeadline struct {
	dueText
	// State: met, late (done after the deadline), missed (not done, and
	// past), open (not done, still ahead).
	State string
}

type triageEvent struct {
	When, ISO, Who, What, Detail string
}

type triageSummary struct{ Anchor, Label, Message string }

type intakeItemView struct {
	*Page
	Item                  *intake.Item
	Kind, Status, Urgency string
	LegalBasis            string
	Team                  string
	Opened, OpenedISO     string
	// RecordedBy and RecordedAt: who recorded a contact by hand and when,
	// beside Opened, which they may have set earlier (RULES.md §1).
	RecordedBy, RecordedAt string
	UrgencyBy, AssignedTo  string
	UrgencyAt              string
	Closed, Urgent         bool
	AgeText                string
	BirthDate, DueDate     string
	Deadlines              []triageDeadline
	Events                 []triageEvent
	// WantsAck: the notifier asked to be told the notification was
	// received (LsL 26 §); Acknowledged is the event that recorded it.
	WantsAck     bool
	Acknowledged *triageEvent
	Topics       []string
	Workers      []triageOption
	Teams        []triageOption
	Outcomes     []triageOption
	CanReroute   bool
	ShowAssign   bool
	ShowStart    bool
	ShowClose    bool
	ShowComplete bool
	Form         triageForm
	Errors       map[string]string
	Summary      []triageSummary
	Conflict     bool
}

// E is the error message of the input with id, if any.
func (v *intakeItemView) E(id string) deskFieldError {
	return deskFieldError{Field: id, Message: v.Errors[id]}
}

// triageItemView builds the item page. Nothing of it is shown until
// showTriageItem has logged the view.
func (s *Server) triageItemView(r *http.Request, it *intake.Item, f triageForm) (*intakeItemView, error) {
	ctx := r.Context()
	u := state(r).user
	now := s.now()
	v := &intakeItemView{Page: s.view(r, "intake_staff.item.title"), Item: it, Form: f, Errors: map[string]string{},
		Kind: "intake.kind." + string(it.Kind), Status: "intake.status." + string(it.Status), LegalBasis: it.Kind.LegalBasis(),
		Closed: it.Status.Closed()}
	v.TitleText = v.T("intake_staff.item.title") + " " + it.Receipt
	v.Opened, v.OpenedISO = v.Date(it.OpenedAt), rfc3339(it.OpenedAt)
	v.Urgent = it.Urgency == intake.UrgencyUrgent && !v.Closed
	if it.Urgency != "" {
		v.Urgency = "intake.urgency." + string(it.Urgency)
	}
	if it.UrgencyAt != nil {
		v.UrgencyAt = v.Date(*it.UrgencyAt)
	}
	if f == (triageForm{}) {
		// A fresh page: a new assessment starts from the current one.
		v.Form.Urgency, v.Form.Reasons = string(it.Urgency), it.UrgencyReasons
	}
	names, users, err := s.staffNames(ctx)
	if err != nil {
		return nil, err
	}
	v.RecordedBy, v.UrgencyBy, v.AssignedTo = names[it.RecordedBy], names[it.UrgencyBy], names[it.AssignedTo]
	v.RecordedAt = v.Date(it.RecordedAt)
	teams, err := s.store.Teams(ctx)
	if err != nil {
		return nil, err
	}
	tn := teamNameByID(teams)
	v.Team = tn[it.TeamID]
	today := calendar.DateOf(now)
	if b := it.Subject.BirthDate; !b.IsZero() {
		v.BirthDate = finnishDate(b)
		v.AgeText = v.T("intake_staff.subject.age", intake.AgeOn(b, today))
	}
	v.DueDate = finnishDate(it.Subject.ExpectedDueDate)
	for _, t := range it.Details.Topics {
		v.Topics = append(v.Topics, v.T("intake.topic."+t))
	}
	v.Deadlines = triageDeadlines(v.Page, it, now)

	events, err := s.store.IntakeEvents(ctx, it.ID)
	if err != nil {
		return nil, err
	}
	for _, ev := range events {
		row := triageEventOf(v.Page, ev, names, tn)
		v.Events = append(v.Events, row)
		if ev.Type == intake.EventAcknowledge && v.Acknowledged == nil {
			v.Acknowledged = &row
		}
	}
	v.WantsAck = it.Notifier != nil && it.Notifier.WantsAcknowledgement

	assessed := it.UrgencyAt != nil && !v.Closed
	v.ShowAssign, v.ShowClose = assessed, assessed
	v.ShowStart = it.Status == intake.StatusAssigned
	v.ShowComplete = it.Status == intake.StatusAssessmentStarted && it.AssessmentCompletedAt == nil
	for _, w := range users {
		if w.Active && w.InTeam(it.TeamID) && slices.Contains(assignableRoles, w.Role) {
			sel := w.ID == f.Worker || (f.Worker == "" && w.ID == it.AssignedTo)
			v.Workers = append(v.Workers, triageOption{Value: w.ID, Label: w.Name + " (" + v.RoleName(w.Role) + ")", Selected: sel})
		}
	}
	for _, o := range intake.Outcomes {
		v.Outcomes = append(v.Outcomes, triageOption{Value: string(o), Label: v.T("intake.status." + string(o)), Selected: string(o) == f.Outcome})
	}
	v.CanReroute = access.Can(u, access.ActionReroute)
	if v.CanReroute {
		for _, t := range teams {
			if t.ID != it.TeamID {
				v.Teams = append(v.Teams, triageOption{Value: t.ID, Label: t.Name, Selected: t.ID == f.Team})
			}
		}
	}
	return v, nil
}

// HasDetails reports whether the details section has anything to list:
// a call recorded with a concern only has none.
func (v *intakeItemView) HasDetails() bool {
	d := v.Item.Details
	return d.PersonKnows != "" || d.Consent != "" || v.Item.Kind.Notification() || len(d.Cues) > 0 ||
		d.WhoNeedsHelp != "" || len(d.Topics) > 0 || d.Anonymous || d.Contact != (intake.Contact{})
}

// triageDeadlines lists the deadlines that apply to it, each met, missed or
// still open. Which apply, and how each fared, is intake's compliance
// measure of this one item.
func triageDeadlines(p *Page, it *intake.Item, now time.Time) []triageDeadline {
	var out []triageDeadline
	for _, res := range intake.BuildCompliance([]intake.Item{*it}, now).Deadlines {
		due, done, applies := it.DeadlineOutcome(res.Deadline)
		if !applies {
			continue
		}
		d := triageDeadline{dueText: dueTextOf(p, res.Deadline, *due, now)}
		switch {
		case res.Met > 0:
			d.State, d.Flag, d.FlagLabel = "met", "", ""
			d.Left = p.T("intake_staff.deadline.met")
			if done != nil {
				d.Left = p.T("intake_staff.deadline.met_on", p.Date(*done))
			}
		case res.Missed > 0 && done != nil:
			d.State, d.Flag, d.FlagLabel = "late", "overdue", p.T("intake_staff.flag.late")
			d.Left = p.T("intake_staff.deadline.late_on", p.Date(*done))
		case res.Missed > 0:
			d.State = "missed"
		default:
			d.State = "open"
		}
		out = append(out, d)
	}
	return out
}

// triageEventOf is an event as the history shows it: names for ids, words
// for codes.
func triageEventOf(p *Page, ev intake.Event, names, teams map[string]string) triageEvent {
	row := triageEvent{When: p.Date(ev.At), ISO: rfc3339(ev.At), Who: names[ev.By], What: p.T("intake_staff.event." + string(ev.Type))}
	if ev.By == "" {
		row.Who = p.T("intake_staff.event.by_system")
		if ev.Type == intake.EventCreated {
			row.Who = p.T("intake_staff.event.by_sender")
		}
	}
	switch ev.Type {
	case intake.EventRouted:
		row.Detail = teams[ev.ToTeam]
		if ev.ToTeam == "" {
			row.Detail = p.T("intake_staff.no_team")
		}
	case intake.EventRerouted:
		row.Detail = p.T("intake_staff.event.from_to", teams[ev.FromTeam], teams[ev.ToTeam]) + ": " + ev.Text
	case intake.EventUrgency:
		// The text is "urgent: reasons" with the urgency as a code.
		if code, reasons, ok := strings.Cut(ev.Text, ": "); ok && (code == string(intake.UrgencyUrgent) || code == string(intake.UrgencyNotUrgent)) {
			row.Detail = p.T("intake.urgency."+code) + ": " + reasons
		} else {
			row.Detail = ev.Text
		}
	case intake.EventAssigned:
		row.Detail = names[ev.Text]
	case intake.EventStatus:
		row.What = p.T("intake_staff.event.status_to", p.T("intake.status."+string(ev.Status)))
		row.Detail = ev.Text
	case intake.EventReminder:
		row.Detail = reminderDetail(p, ev.Text)
	default:
		row.Detail = ev.Text
	}
	return row
}

// reminderDetail words a reminder event's text, "decision (2)": the
// deadline it was about and how many it went to. Text in another shape is
// shown as it is.
func reminderDetail(p *Page, text string) string {
	code, rest, ok := strings.Cut(text, " (")
	n, err := strconv.Atoi(strings.TrimSuffix(rest, ")"))
	kind := intake.Reminder(code).Deadline()
	if !ok || err != nil || kind == "" {
		return text
	}
	return p.T("intake_staff.event.reminder_detail", p.T("intake.deadline."+string(kind)), n)
}

// showTriageItem logs the view of the item's person and renders the page.
func (s *Server) showTriageItem(w http.ResponseWriter, r *http.Request, status int, v *intakeItemView) {
	if err := s.logUse(r, v.Item.PersonID, access.LogView, triagePurpose); err != nil {
		s.internalError(w, r, err)
		return
	}
	s.render(w, r, status, "intake_item", v)
}

func (s *Server) intakeItem(w http.ResponseWriter, r *http.Request) {
	it := s.triageItem(w, r)
	if it == nil {
		return
	}
	v, err := s.triageItemView(r, it, triageForm{})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	switch saved := r.URL.Query().Get("saved"); saved {
	case "urgency", "assign", "start", "close", "assessment", "note", "acknowledged", "reroute", "created":
		v.Flash = "intake_staff.saved." + saved
	}
	s.showTriageItem(w, r, http.StatusOK, v)
}

// triageStep is one action on an item: what it is called, which input
// shows each field's error, and how it changes the item.
type triageStep struct {
	name string
	// inputs maps an error's field to the id of the input it is about;
	// other fields' errors point at the step's section.
	inputs map[string]string
	// apply changes it (a copy) and returns the event to store with it,
	// or a *kynnys.FieldError.
	apply func(ctx context.Context, it *intake.Item, f triageForm, u *access.User, now time.Time) (intake.Event, error)
}

// triageInputLabels names the inputs (and sections) for the error summary.
var triageInputLabels = map[string]string{
	"urgency":                "intake_staff.urgency.heading",
	"urgency-urgent":         "intake_staff.urgency.legend",
	"urgency-reasons":        "intake_staff.urgency.reasons",
	"assign":                 "intake_staff.assign.heading",
	"assign-worker":          "intake_staff.assign.worker",
	"start":                  "intake_staff.start.heading",
	"close":                  "intake_staff.close.heading",
	"close-outcome":          "intake_staff.close.outcome",
	"close-forwarded_to":     "intake_staff.close.forwarded_to",
	"close-no_action_reason": "intake_staff.close.no_action_reason",
	"assessment":             "intake_staff.assessment.heading",
	"note":                   "intake_staff.note.heading",
	"note-text":              "intake_staff.note.text",
	"acknowledged":           "intake_staff.ack.heading",
	"ack-note":               "intake_staff.ack.how",
	"reroute":                "intake_staff.reroute.heading",
	"reroute-team":           "intake_staff.reroute.team",
	"reroute-reason":         "intake_staff.reroute.reason",
}

// triagePost runs step on the item named by the path: team check, the
// version the form was made from, the change, the access log, the store
// (a re-routing event moves the item), then back to the item page. A refused change shows the page again with
// its message; a change made meanwhile by someone else shows the current
// state with intake.error.conflict.
func (s *Server) triagePost(w http.ResponseWriter, r *http.Request, step triageStep) {
	it := s.triageItem(w, r)
	if it == nil {
		return
	}
	u := state(r).user
	f := readTriageForm(r)
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	if version != it.Version {
		s.triageConflict(w, r, it, f)
		return
	}
	work := *it
	ev, err := step.apply(r.Context(), &work, f, u, s.now())
	if fe, ok := kynnys.AsFieldError(err); ok {
		s.triageRefused(w, r, it, f, step, fe)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	// Logged before the change is stored, so that no change goes unlogged.
	if err := s.logUse(r, it.PersonID, access.LogUpdate, triagePurpose); err != nil {
		s.internalError(w, r, err)
		return
	}
	next := "/intake/items/" + it.ID + "?" + url.Values{"saved": {step.name}}.Encode() + "#" + step.name
	if ev.Type == intake.EventRerouted {
		err = s.store.RerouteIntakeItem(r.Context(), &work, ev.ToTeam, ev.By, ev.Text, ev.At)
		if !u.InTeam(ev.ToTeam) {
			// The item has left the user's teams: its page is no longer theirs.
			next = "/intake?rerouted=1"
		}
	} else {
		err = s.store.SaveIntakeTriage(r.Context(), &work, ev)
	}
	if errors.Is(err, kynnys.ErrConflict) {
		fresh, err := s.store.IntakeItem(r.Context(), it.ID)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		s.triageConflict(w, r, fresh, f)
		return
	} else if err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// triageConflict shows the item as it now is, with the form as typed.
func (s *Server) triageConflict(w http.ResponseWriter, r *http.Request, it *intake.Item, f triageForm) {
	v, err := s.triageItemView(r, it, f)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v.Conflict = true
	s.showTriageItem(w, r, http.StatusConflict, v)
}

// triageRefused shows the item again with fe on the step's form.
func (s *Server) triageRefused(w http.ResponseWriter, r *http.Request, it *intake.Item, f triageForm, step triageStep, fe *kynnys.FieldError) {
	v, err := s.triageItemView(r, it, f)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	id, ok := step.inputs[fe.Field]
	if !ok {
		id = step.name
	}
	v.Errors[id] = v.T(fe.Code)
	v.Summary = []triageSummary{{Anchor: id, Label: v.T(triageInputLabels[id]), Message: v.Errors[id]}}
	s.showTriageItem(w, r, http.StatusBadRequest, v)
}

func (s *Server) intakeUrgency(w http.ResponseWriter, r *http.Request) {
	s.triagePost(w, r, triageStep{name: "urgency", inputs: map[string]string{"urgency": "urgency-urgent", "reasons": "urgency-reasons"},
		apply: func(_ context.Context, it *intake.Item, f triageForm, u *access.User, now time.Time) (intake.Event, error) {
			ev, err := it.AssessUrgency(u.ID, now, intake.Urgency(f.Urgency), f.Reasons)
			return ev, err
		}})
}

func (s *Server) intakeAssign(w http.ResponseWriter, r *http.Request) {
	s.triagePost(w, r, triageStep{name: "assign", inputs: map[string]string{"worker": "assign-worker"},
		apply: func(ctx context.Context, it *intake.Item, f triageForm, u *access.User, now time.Time) (intake.Event, error) {
			if f.Worker != "" {
				w, err := s.store.User(ctx, f.Worker)
				if errors.Is(err, kynnys.ErrNotFound) {
					return intake.Event{}, kynnys.Invalid("worker", "intake_staff.error.worker")
				}
				if err != nil {
					return intake.Event{}, err
				}
				if !w.Active || !w.InTeam(it.TeamID) || !slices.Contains(assignableRoles, w.Role) {
					return intake.Event{}, kynnys.Invalid("worker", "intake_staff.error.worker")
				}
			}
			ev, err := it.Assign(u.ID, now, f.Worker)
			return ev, err
		}})
}

func (s *Server) intakeStart(w http.ResponseWriter, r *http.Request) {
	s.triagePost(w, r, triageStep{name: "start",
		apply: func(_ context.Context, it *intake.Item, _ triageForm, u *access.User, now time.Time) (intake.Event, error) {
			ev, err := it.Start(u.ID, now)
			return ev, err
		}})
}

func (s *Server) intakeClose(w http.ResponseWriter, r *http.Request) {
	f := readTriageForm(r)
	detailInput := "close-outcome"
	switch intake.Status(f.Outcome) {
	case intake.StatusForwarded:
		detailInput = "close-forwarded_to"
	case intake.StatusNoAction:
		detailInput = "close-no_action_reason"
	}
	s.triagePost(w, r, triageStep{name: "close", inputs: map[string]string{"outcome": "close-outcome", "detail": detailInput},
		apply: func(_ context.Context, it *intake.Item, f triageForm, u *access.User, now time.Time) (intake.Event, error) {
			var detail string
			switch intake.Status(f.Outcome) {
			case intake.StatusForwarded:
				detail = f.ForwardedTo
			case intake.StatusNoAction:
				detail = f.NoActionReason
			}
			ev, err := it.Close(u.ID, now, intake.Status(f.Outcome), detail)
			return ev, err
		}})
}

func (s *Server) intakeAssessmentComplete(w http.ResponseWriter, r *http.Request) {
	s.triagePost(w, r, triageStep{name: "assessment",
		apply: func(_ context.Context, it *intake.Item, _ triageForm, u *access.User, now time.Time) (intake.Event, error) {
			ev, err := it.CompleteAssessment(u.ID, now)
			return ev, err
		}})
}

// intakeNote adds a note to the history; with event=acknowledged it records
// instead that the notifier was told the notification was received (LsL
// 26 §), with the note as how.
func (s *Server) intakeNote(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("event") == string(intake.EventAcknowledge) {
		s.triagePost(w, r, triageStep{name: "acknowledged", inputs: map[string]string{"note": "ack-note"}, apply: s.acknowledge})
		return
	}
	s.triagePost(w, r, triageStep{name: "note", inputs: map[string]string{"note": "note-text"},
		apply: func(_ context.Context, it *intake.Item, f triageForm, u *access.User, now time.Time) (intake.Event, error) {
			ev, err := intake.Note(u.ID, now, f.Note)
			ev.Status = it.Status
			return ev, err
		}})
}

// acknowledge is the event that records the acknowledgement of receipt,
// once, and only when the notifier asked for it.
func (s *Server) acknowledge(ctx context.Context, it *intake.Item, f triageForm, u *access.User, now time.Time) (intake.Event, error) {
	if it.Notifier == nil || !it.Notifier.WantsAcknowledgement {
		return intake.Event{}, kynnys.Invalid("status", "intake.error.transition")
	}
	events, err := s.store.IntakeEvents(ctx, it.ID)
	if err != nil {
		return intake.Event{}, err
	}
	if slices.ContainsFunc(events, func(ev intake.Event) bool { return ev.Type == intake.EventAcknowledge }) {
		return intake.Event{}, kynnys.Invalid("status", "intake_staff.error.acknowledged")
	}
	text := strings.TrimSpace(f.Note)
	if utf8.RuneCountInString(text) > intake.MaxNote {
		return intake.Event{}, kynnys.Invalid("note", "intake.error.too_long")
	}
	return intake.Event{At: now, By: u.ID, Type: intake.EventAcknowledge, Status: it.Status, Text: text}, nil
}

func (s *Server) intakeReroute(w http.ResponseWriter, r *http.Request) {
	s.triagePost(w, r, triageStep{name: "reroute", inputs: map[string]string{"team": "reroute-team", "reason": "reroute-reason"},
		apply: func(ctx context.Context, it *intake.Item, f triageForm, u *access.User, now time.Time) (intake.Event, error) {
			reason := strings.TrimSpace(f.Reason)
			switch {
			case f.Team == "":
				return intake.Event{}, kynnys.Invalid("team", "error.required")
			case f.Team == it.TeamID:
				return intake.Event{}, kynnys.Invalid("team", "intake_staff.error.same_team")
			case reason == "":
				return intake.Event{}, kynnys.Invalid("reason", "error.required")
			case utf8.RuneCountInString(reason) > intake.MaxNote:
				return intake.Event{}, kynnys.Invalid("reason", "intake.error.too_long")
			}
			if _, err := s.store.Team(ctx, f.Team); errors.Is(err, kynnys.ErrNotFound) {
				return intake.Event{}, kynnys.Invalid("team", "error.unknown_code")
			} else if err != nil {
				return intake.Event{}, err
			}
			return intake.Event{At: now, By: u.ID, Type: intake.EventRerouted, FromTeam: it.TeamID, ToTeam: f.Team, Text: reason}, nil
		}})
}

// staffContactForm is the form for recording a contact by hand, as typed.
type staffContactForm struct {
	Kind, OpenedDate, OpenedTime, Municipality                      string
	Name, Hetu, BirthDate, Address, Phone, Email, Language          string
	Child, HighestCareAllowance, ChildSpecialSupport                bool
	ExpectedDueDate                                                 string
	Guardians                                                       []intake.Guardian
	NotifierName, Organisation, Title, NotifierPhone, NotifierEmail string
	Professional, WantsAck                                          bool
	Concern, PersonKnows, Consent                                   string
	PoliceNotified                                                  bool
	WhoNeedsHelp                                                    string
	Topics                                                          map[string]bool
	Anonymous                                                       bool
	ContactMethod, ContactPhone, ContactEmail, GoodTimes            string
	MayLeaveMessage                                                 bool
}

// staffContactGuardians is how many guardian rows the form offers.
const staffContactGuardians = 2

// subjectLanguages are the languages offered for the person (the public
// notification form offers them too); the catalogue names them (language.*).
var subjectLanguages = []string{"fi", "sv", "en", "se", "ru", "et", "ar", "so", "fa", "uk"}

type intakeNewView struct {
	*Page
	Form                                     staffContactForm
	Kinds, Languages, Knows, Consents, Times []triageOption
	Who, Topics                              []triageOption
	Errors                                   map[string]string
	Summary                                  []triageSummary
	Now                                      string
	// Recorded is the receipt of a contact just recorded that went to a
	// team the user is not in, with that team's name.
	Recorded, RecordedTeam string
}

// staffContactField is one input of the contact form, for its templates.
type staffContactField struct {
	ID, Name, Value, Type, Label, Hint, Error string
	Checked                                   bool
	Options                                   []triageOption
}

func (v *intakeNewView) field(name string) staffContactField {
	id := strings.ReplaceAll(name, ".", "-")
	f := staffContactField{ID: id, Name: name, Label: v.T(staffContactLabel(name)), Error: v.Errors[id]}
	if hint := "intake_staff.hint." + name; v.cat.Has(hint) {
		f.Hint = v.T(hint)
	}
	return f
}

// Input is a text-like input named name (type typ) holding value.
func (v *intakeNewView) Input(name, value, typ string) staffContactField {
	f := v.field(name)
	f.Value, f.Type = value, typ
	return f
}

// Check is a checkbox named name.
func (v *intakeNewView) Check(name string, checked bool) staffContactField {
	f := v.field(name)
	f.Checked = checked
	return f
}

// Choice is a select named name with value selected among opts.
func (v *intakeNewView) Choice(name, value string, opts []triageOption) staffContactField {
	f := v.field(name)
	for _, o := range opts {
		o.Selected = o.Value == value
		f.Options = append(f.Options, o)
	}
	return f
}

// staffGuardianRow is one guardian's inputs, numbered for their legend.
type staffGuardianRow struct {
	Index, Number int
	intake.Guardian
}

// GuardianRows are the form's guardian rows.
func (v *intakeNewView) GuardianRows() []staffGuardianRow {
	rows := make([]staffGuardianRow, len(v.Form.Guardians))
	for i, g := range v.Form.Guardians {
		rows[i] = staffGuardianRow{Index: i, Number: i + 1, Guardian: g}
	}
	return rows
}

func (s *Server) staffContactView(r *http.Request, f staffContactForm) *intakeNewView {
	v := &intakeNewView{Page: s.view(r, "intake_staff.new.title"), Form: f, Errors: map[string]string{},
		Now: s.now().In(calendar.Helsinki).Format("2.1.2006 15.04")}
	codes := func(prefix string, empty bool, values ...string) []triageOption {
		var out []triageOption
		if empty {
			out = append(out, triageOption{Label: v.T("intake_staff.choose")})
		}
		for _, c := range values {
			out = append(out, triageOption{Value: c, Label: v.T(prefix + c)})
		}
		return out
	}
	for _, k := range intake.Kinds {
		v.Kinds = append(v.Kinds, triageOption{Value: string(k), Label: v.T("intake.kind." + string(k))})
	}
	v.Languages = []triageOption{{Label: v.T("intake_staff.choose")}}
	for _, l := range subjectLanguages {
		v.Languages = append(v.Languages, triageOption{Value: l, Label: v.LanguageName(l)})
	}
	v.Knows = codes("intake_staff.knows.", true, "yes", "no", "unknown")
	v.Consents = codes("intake_staff.consent.", true, string(intake.ConsentGiven), string(intake.ConsentRefused), string(intake.ConsentNotAsked))
	v.Times = codes("intake_staff.times.", true, "morning", "afternoon", "any")
	v.Who = codes("intake.who.", false, intake.WhoNeedsHelpChoices...)
	for _, t := range intake.HelpTopics {
		v.Topics = append(v.Topics, triageOption{Value: t, Label: v.T("intake.topic." + t), Selected: f.Topics[t]})
	}
	for len(v.Form.Guardians) < staffContactGuardians {
		v.Form.Guardians = append(v.Form.Guardians, intake.Guardian{})
	}
	return v
}

func (s *Server) intakeNewForm(w http.ResponseWriter, r *http.Request) {
	now := s.now().In(calendar.Helsinki)
	v := s.staffContactView(r, staffContactForm{Kind: string(intake.KindPhone), OpenedDate: now.Format("2006-01-02"),
		OpenedTime: now.Format("15:04"), Topics: map[string]bool{}})
	if id := r.URL.Query().Get("recorded"); id != "" {
		// Only the recorder hears where their own record went: a receipt
		// and a team name, nothing about the person.
		it, err := s.store.IntakeItem(r.Context(), id)
		if err == nil && it.RecordedBy == state(r).user.ID {
			v.Recorded = it.Receipt
			v.RecordedTeam = v.T("intake_staff.no_team")
			if t, err := s.store.Team(r.Context(), it.TeamID); err == nil {
				v.RecordedTeam = t.Name
			}
		}
	}
	s.render(w, r, http.StatusOK, "intake_new", v)
}

func readStaffContactForm(r *http.Request) staffContactForm {
	v := func(k string) string { return r.PostFormValue(k) }
	on := func(k string) bool { return r.PostFormValue(k) == "on" }
	f := staffContactForm{Kind: v("kind"), OpenedDate: strings.TrimSpace(v("opened_date")), OpenedTime: strings.TrimSpace(v("opened_time")),
		Municipality: v("municipality"), Name: v("subject.name"), Hetu: v("subject.hetu"), BirthDate: strings.TrimSpace(v("subject.birth_date")),
		Address: v("subject.address"), Phone: v("subject.phone"), Email: v("subject.email"), Language: v("subject.language"),
		Child: on("subject.child"), HighestCareAllowance: on("subject.highest_care_allowance"),
		ChildSpecialSupport: on("subject.child_special_support"), ExpectedDueDate: strings.TrimSpace(v("subject.expected_due_date")),
		NotifierName: v("notifier.name"), Organisation: v("notifier.organisation"), Title: v("notifier.title"),
		NotifierPhone: v("notifier.phone"), NotifierEmail: v("notifier.email"), Professional: on("notifier.professional"),
		WantsAck: on("notifier.wants_acknowledgement"), Concern: v("concern"), PersonKnows: v("person_knows"), Consent: v("consent"),
		PoliceNotified: on("police_notified"), WhoNeedsHelp: v("who_needs_help"), Topics: map[string]bool{},
		Anonymous: on("anonymous"), ContactMethod: v("contact.method"), ContactPhone: v("contact.phone"),
		ContactEmail: v("contact.email"), GoodTimes: v("contact.good_times"), MayLeaveMessage: on("contact.may_leave_message")}
	for i := range staffContactGuardians {
		n := strconv.Itoa(i)
		f.Guardians = append(f.Guardians, intake.Guardian{Name: v("guardian." + n + ".name"), Phone: v("guardian." + n + ".phone"),
			Address: v("guardian." + n + ".address")})
	}
	for _, t := range r.PostForm["topics"] {
		f.Topics[t] = true
	}
	return f
}

// item builds the item from the form, adding parse errors to errs by field.
func (f *staffContactForm) item(errs map[string]string) *intake.Item {
	it := &intake.Item{Kind: intake.Kind(f.Kind), Source: intake.SourceStaff, Municipality: f.Municipality, Concern: f.Concern,
		Subject: intake.Subject{Name: f.Name, Hetu: f.Hetu, Address: f.Address, Phone: f.Phone, Email: f.Email, Language: f.Language,
			Child: f.Child, HighestCareAllowance: f.HighestCareAllowance, ChildSpecialSupport: f.ChildSpecialSupport},
		Details: intake.Details{PersonKnows: f.PersonKnows, Consent: intake.Consent(f.Consent), PoliceNotified: f.PoliceNotified}}
	if it.Kind == intake.KindHelpRequest {
		it.Details.WhoNeedsHelp, it.Details.Topics, it.Details.Anonymous = f.WhoNeedsHelp, sortedSet(f.Topics), f.Anonymous
		it.Details.Contact = intake.Contact{Method: f.ContactMethod, Phone: f.ContactPhone, Email: f.ContactEmail,
			GoodTimes: f.GoodTimes, MayLeaveMessage: f.MayLeaveMessage}
	}
	for _, g := range f.Guardians {
		if strings.TrimSpace(g.Name+g.Phone+g.Address) != "" {
			it.Subject.Guardians = append(it.Subject.Guardians, g)
		}
	}
	if strings.TrimSpace(f.NotifierName+f.Organisation+f.Title+f.NotifierPhone+f.NotifierEmail) != "" || f.Professional || f.WantsAck {
		it.Notifier = &intake.Notifier{Name: f.NotifierName, Organisation: f.Organisation, Title: f.Title, Phone: f.NotifierPhone,
			Email: f.NotifierEmail, Professional: f.Professional, WantsAcknowledgement: f.WantsAck}
	}
	for _, d := range []struct {
		field, text string
		into        *calendar.Date
	}{{"subject.birth_date", f.BirthDate, &it.Subject.BirthDate}, {"subject.expected_due_date", f.ExpectedDueDate, &it.Subject.ExpectedDueDate}} {
		if d.text == "" {
			continue
		}
		day, err := calendar.ParseDate(d.text)
		if err != nil {
			errs[d.field] = "intake_staff.error.date"
			continue
		}
		*d.into = day
	}
	day, derr := calendar.ParseDate(f.OpenedDate)
	at, terr := time.Parse("15:04", f.OpenedTime)
	switch {
	case f.OpenedDate == "" || f.OpenedTime == "":
		errs["opened_at"] = "error.required"
	case derr != nil || terr != nil:
		errs["opened_at"] = "intake_staff.error.opened_at"
	default:
		it.OpenedAt = day.Time(at.Hour(), at.Minute(), 0)
	}
	return it
}

// staffContactInputs maps a field of intake's validation to the input it is
// about, where the two differ.
var staffContactInputs = map[string]string{"opened_at": "opened_date", "subject.guardians": "guardian-0-name",
	"help": "who_needs_help", "cues": "concern", "topics": "topics", "contact.method": "contact-method",
	"anonymous": "anonymous", "person_knows": "person_knows", "consent": "consent", "contact.good_times": "contact-good_times"}

// staffContactLabel is the catalogue key of a field's label.
func staffContactLabel(field string) string {
	switch field {
	case "opened_at":
		return "intake_staff.new.opened_at"
	case "subject.guardians":
		return "intake_staff.new.guardians"
	case "help", "who_needs_help":
		return "intake_staff.field.who_needs_help"
	case "cues":
		return "intake_staff.field.concern"
	}
	if rest, ok := strings.CutPrefix(field, "guardian."); ok {
		// guardian.0.name: the rows share labels; their legends number them.
		_, part, _ := strings.Cut(rest, ".")
		return "intake_staff.field.guardian." + part
	}
	return "intake_staff.field." + field
}

func (s *Server) intakeCreate(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	f := readStaffContactForm(r)
	errs := map[string]string{}
	it := f.item(errs)
	if len(errs) == 0 {
		err := s.receiveIntake(r.Context(), it, u)
		if fe, ok := kynnys.AsFieldError(err); ok {
			errs[fe.Field] = fe.Code
		} else if err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		v := s.staffContactView(r, f)
		for field, code := range errs {
			id, ok := staffContactInputs[field]
			if !ok {
				id = strings.ReplaceAll(field, ".", "-")
			}
			v.Errors[id] = v.T(code)
			v.Summary = append(v.Summary, triageSummary{Anchor: id, Label: v.T(staffContactLabel(field)), Message: v.Errors[id]})
		}
		s.render(w, r, http.StatusBadRequest, "intake_new", v)
		return
	}
	if err := s.logUse(r, it.PersonID, access.LogCreate, triagePurpose); err != nil {
		s.internalError(w, r, err)
		return
	}
	if !u.InTeam(it.TeamID) {
		http.Redirect(w, r, "/intake/new?"+url.Values{"recorded": {it.ID}}.Encode(), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/intake/items/"+it.ID+"?saved=created", http.StatusSeeOther)
}

// adminSetDefaultIntakeTeam sets the team that takes the items no team's
// area and target group match.
func (s *Server) adminSetDefaultIntakeTeam(w http.ResponseWriter, r *http.Request) {
	team := r.PostFormValue("team")
	err := kynnys.Invalid("default_team", "error.required")
	if team != "" {
		err = s.store.SetDefaultIntakeTeam(r.Context(), team)
		if errors.Is(err, kynnys.ErrNotFound) {
			err = kynnys.Invalid("default_team", "error.unknown_code")
		}
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		view, verr := s.adminTeamsView(r, "admin.teams.title")
		if verr != nil {
			s.internalError(w, r, verr)
			return
		}
		view.Errors[fe.Field] = view.T(fe.Code)
		s.render(w, r, http.StatusBadRequest, "admin_teams", view)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/teams?saved=1", http.StatusSeeOther)
}
