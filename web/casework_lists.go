package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// The worker's list (/casework): whom the worker has not reached for the
// county's N days, the follow-ups due, and every case with its stage, last
// contact, next meeting and open follow-ups. The page shows clients' names,
// so every client on it is access-logged, once per view, before it is
// written.

// listPurpose is the access-log purpose of a client shown on the list.
const listPurpose = "casework list"

// closedShown bounds the closed cases on the list; a worker's closed cases
// grow for years and each shown name is a logged use.
const closedShown = 30

// daysBetween counts calendar days from a to b (negative when b is earlier).
func daysBetween(a, b calendar.Date) int {
	d := time.Date(b.Year, b.Month, b.Day, 0, 0, 0, 0, time.UTC).Sub(time.Date(a.Year, a.Month, a.Day, 0, 0, 0, 0, time.UTC))
	return int(math.Round(d.Hours() / 24))
}

// cwTask is a follow-up as the list shows it.
type cwTask struct {
	CaseID, Client string
	Kind           string
	Due, DueISO    string
	// When says how the due date stands today, in words; Overdue marks it.
	When    string
	Overdue bool
	Today   bool
}

// cwCase is a case as the list shows it.
type cwCase struct {
	ID, Client, Stage, Status string
	Paused, Second            bool
	// LastContact is "n days ago" or "not met yet".
	LastContact, LastISO string
	// Next is the next planned meeting; NextLate marks one whose time has
	// passed without its outcome recorded.
	Next, NextISO string
	NextLate      bool
	Tasks         []cwTask
	Closed        string // date closed, for closed cases
	// Since is how long the client has gone without contact, for the
	// not-reached list.
	Since string
	days  int
}

type caseworkListView struct {
	*Page
	NotReachedDays int
	NotReached     []cwCase
	Due            []cwTask
	Open, Closed   []cwCase
	ClosedTotal    int
}

// daysText writes n days with the catalogue's singular (one) or plural (many).
func daysText(p *Page, one, many string, n int) string {
	if n == 1 || n == -1 {
		return p.T(one)
	}
	return p.T(many, n)
}

// taskOf describes t as due relative to today.
func taskOf(p *Page, t casework.Task, client string, today calendar.Date) cwTask {
	row := cwTask{CaseID: t.CaseID, Client: client, Kind: p.T("casework.task." + string(t.Kind)),
		Due: formatDate(t.Due), DueISO: t.Due.String()}
	switch n := daysBetween(today, t.Due); {
	case n < 0:
		row.Overdue, row.When = true, daysText(p, "casework_lists.due.overdue.one", "casework_lists.due.overdue.many", -n)
	case n == 0:
		row.Today, row.When = true, p.T("casework_lists.due.today")
	default:
		row.When = daysText(p, "casework_lists.due.in.one", "casework_lists.due.in.many", n)
	}
	return row
}

// stageText is a case's stage as "3. Label", or a word before the first.
func stageText(p *Page, l *casework.Ladder, n int) string {
	if st, ok := l.Stage(n); ok {
		return fmt.Sprintf("%d. %s", st.Number, st.Label[p.Lang])
	}
	return p.T("casework_lists.stage.none")
}

func (s *Server) caseworkList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := state(r).user
	now := s.now()
	today := calendar.DateOf(now)
	settings, err := s.store.CaseworkSettings(ctx)
	if err != nil {
		s.internalError(w, r, fmt.Errorf("casework settings: %w", err))
		return
	}
	ladder, err := s.store.Ladder(ctx)
	if err != nil {
		s.internalError(w, r, fmt.Errorf("ladder: %w", err))
		return
	}
	cases, err := s.store.CasesOfWorker(ctx, u.ID)
	if err != nil {
		s.internalError(w, r, fmt.Errorf("cases of worker: %w", err))
		return
	}
	mine, err := s.store.OpenTasksOf(ctx, u.ID)
	if err != nil {
		s.internalError(w, r, fmt.Errorf("open tasks: %w", err))
		return
	}
	byID := make(map[string]*casework.Case, len(cases))
	for i := range cases {
		byID[cases[i].ID] = &cases[i]
	}
	// A follow-up can stay with a worker whose case has since passed to
	// another: it is shown while the user still has full access to the case.
	var due []casework.Task
	for _, t := range mine {
		if t.Due.After(today) {
			continue
		}
		if _, ok := byID[t.CaseID]; !ok {
			c, err := s.store.Case(ctx, t.CaseID)
			if errors.Is(err, kynnys.ErrNotFound) {
				continue
			}
			if err != nil {
				s.internalError(w, r, fmt.Errorf("case of task: %w", err))
				return
			}
			if casework.AccessTo(u, c) != casework.FullAccess {
				continue
			}
			byID[c.ID] = c
		}
		due = append(due, t)
	}

	var open, closed []*casework.Case
	for i := range cases {
		if cases[i].Open() {
			open = append(open, &cases[i])
		} else {
			closed = append(closed, &cases[i])
		}
	}
	slices.SortFunc(closed, func(a, b *casework.Case) int { return closedAt(b).Compare(closedAt(a)) })
	closedTotal := len(closed)
	closed = closed[:min(len(closed), closedShown)]

	// The clients whose names the page shows.
	shown := map[string]bool{}
	for _, c := range open {
		shown[c.ClientID] = true
	}
	for _, c := range closed {
		shown[c.ClientID] = true
	}
	for _, t := range due {
		shown[byID[t.CaseID].ClientID] = true
	}
	names := make(map[string]string, len(shown))
	for id := range shown {
		cl, err := s.store.Client(ctx, id)
		if err != nil {
			s.internalError(w, r, fmt.Errorf("client: %w", err))
			return
		}
		names[id] = cl.Name
	}

	v := &caseworkListView{Page: s.view(r, "casework.list.title"), NotReachedDays: settings.NotReachedDays, ClosedTotal: closedTotal}
	for _, c := range open {
		row, err := s.listRow(r, v.Page, ladder, c, names[c.ClientID], now)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		v.Open = append(v.Open, row)
		if casework.NotReached(c, settings.NotReachedDays, now) {
			v.NotReached = append(v.NotReached, row)
		}
	}
	collator := func(a, b cwCase) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Client), strings.ToLower(b.Client)), strings.Compare(a.ID, b.ID))
	}
	slices.SortFunc(v.Open, collator)
	slices.SortFunc(v.NotReached, func(a, b cwCase) int { return cmp.Or(b.days-a.days, collator(a, b)) })
	for _, c := range closed {
		row := cwCase{ID: c.ID, Client: names[c.ClientID], Stage: stageText(v.Page, ladder, c.Stage),
			Status: v.T("casework.status.closed"), Second: c.SecondWorkerID == u.ID}
		if c.ClosedAt != nil {
			row.Closed = formatDate(calendar.DateOf(*c.ClosedAt))
		}
		v.Closed = append(v.Closed, row)
	}
	slices.SortFunc(due, func(a, b casework.Task) int { return a.Due.Compare(b.Due) })
	for _, t := range due {
		v.Due = append(v.Due, taskOf(v.Page, t, names[byID[t.CaseID].ClientID], today))
	}

	// Log every client shown before anything is written (act 703/2023).
	ids := make([]string, 0, len(shown))
	for id := range shown {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := s.logUse(r, id, access.LogView, listPurpose); err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "casework_list", v)
}

// closedAt is when c was closed (zero if unknown), for ordering.
func closedAt(c *casework.Case) time.Time {
	if c.ClosedAt == nil {
		return time.Time{}
	}
	return *c.ClosedAt
}

// listRow is an open case with its last contact, next meeting and open
// follow-ups.
func (s *Server) listRow(r *http.Request, p *Page, l *casework.Ladder, c *casework.Case, client string, now time.Time) (cwCase, error) {
	today := calendar.DateOf(now)
	u := state(r).user
	row := cwCase{ID: c.ID, Client: client, Stage: stageText(p, l, c.Stage), Status: p.T("casework.status." + string(c.Status)),
		Paused: c.Status == casework.StatusPaused, Second: c.SecondWorkerID == u.ID}
	since := c.OpenedAt
	if c.LastContactAt != nil {
		since = *c.LastContactAt
		n := daysBetween(calendar.DateOf(since), today)
		row.LastISO = since.Format(time.RFC3339)
		switch n {
		case 0:
			row.LastContact = p.T("casework_lists.last.today")
		default:
			row.LastContact = daysText(p, "casework_lists.last.ago.one", "casework_lists.last.ago.many", n)
		}
		row.days = n
		row.Since = daysText(p, "casework_lists.not_reached.since_contact.one", "casework_lists.not_reached.since_contact.many", n)
	} else {
		row.LastContact = p.T("casework_lists.last.never")
		row.days = daysBetween(calendar.DateOf(since), today)
		row.Since = daysText(p, "casework_lists.not_reached.since_opening.one", "casework_lists.not_reached.since_opening.many", row.days)
	}
	meetings, err := s.store.Meetings(r.Context(), c.ID)
	if err != nil {
		return row, fmt.Errorf("meetings: %w", err)
	}
	var next *casework.Meeting
	for i := range meetings {
		m := &meetings[i]
		if m.Status == casework.MeetingPlanned && (next == nil || m.At.Before(next.At)) {
			next = m
		}
	}
	if next != nil {
		row.Next = p.Date(next.At) + " · " + p.T("casework.place."+string(next.Place))
		row.NextISO = next.At.Format(time.RFC3339)
		row.NextLate = next.At.Before(now)
	}
	tasks, err := s.store.Tasks(r.Context(), c.ID)
	if err != nil {
		return row, fmt.Errorf("tasks: %w", err)
	}
	slices.SortFunc(tasks, func(a, b casework.Task) int { return a.Due.Compare(b.Due) })
	for _, t := range tasks {
		if t.DoneAt == nil {
			row.Tasks = append(row.Tasks, taskOf(p, t, client, today))
		}
	}
	return row, nil
}

// The team's caseloads (/casework/team): for each of the team lead's teams,
// each social worker's and counsellor's active cases as the named worker
// against the team's cap, with paused and second-worker counts. Counts
// only, no client data.

// Caps a team lead may set.
const (
	minCap = 1
	maxCap = 200
)

type cwMember struct {
	Name, Role     string
	Active         int
	Paused, Second int
	// Load is "12 / 25"; Over is how far beyond the cap (0: within).
	Load string
	Over int
	// Bar and Mark are the load's width and the cap's place in a
	// 100-wide bar scaled to the team's largest load or the cap.
	Bar, Mark int
}

type cwTeam struct {
	ID, Name string
	Cap      int
	Default  bool // the cap is the county's default
	Members  []cwMember
	Over     int // members over the cap
	Value    string
	Error    string
	Active   int // the members' active cases together
}

type caseworkTeamView struct {
	*Page
	Teams      []cwTeam
	DefaultCap int
	MinCap     int
	MaxCap     int
}

// caseloadBasis is what caseloads are counted against: the settings (the
// default cap), the teams' own caps, and the staff.
type caseloadBasis struct {
	settings casework.Settings
	caps     map[string]int
	users    []access.User
}

func (s *Server) caseloadBasisOf(ctx context.Context) (caseloadBasis, error) {
	var b caseloadBasis
	var err error
	if b.settings, err = s.store.CaseworkSettings(ctx); err != nil {
		return b, fmt.Errorf("casework settings: %w", err)
	}
	if b.caps, err = s.store.TeamCaps(ctx); err != nil {
		return b, fmt.Errorf("team caps: %w", err)
	}
	if b.users, err = s.store.Users(ctx); err != nil {
		return b, fmt.Errorf("users: %w", err)
	}
	return b, nil
}

// carriesCaseload tells whether u's cases count in caseloads: an active
// social worker's or counsellor's.
func carriesCaseload(u access.User) bool {
	return u.Active && (u.Role == access.RoleSocialWorker || u.Role == access.RoleSocialCounsellor)
}

func (s *Server) caseworkTeamView(r *http.Request) (*caseworkTeamView, error) {
	ctx := r.Context()
	u := state(r).user
	basis, err := s.caseloadBasisOf(ctx)
	if err != nil {
		return nil, err
	}
	settings, caps, users := basis.settings, basis.caps, basis.users
	teamIDs := u.TeamIDs()
	cases, err := s.store.TeamCases(ctx, teamIDs)
	if err != nil {
		return nil, fmt.Errorf("team cases: %w", err)
	}
	var ids []string
	for _, m := range users {
		if carriesCaseload(m) {
			ids = append(ids, m.ID)
		}
	}
	loads, err := s.store.Caseloads(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("caseloads: %w", err)
	}
	type key struct{ team, user string }
	paused, second := map[key]int{}, map[key]int{}
	for _, c := range cases {
		if c.Status == casework.StatusPaused {
			paused[key{c.TeamID, c.WorkerID}]++
		}
		if c.Open() && c.SecondWorkerID != "" {
			second[key{c.TeamID, c.SecondWorkerID}]++
		}
	}
	v := &caseworkTeamView{Page: s.view(r, "casework_lists.team.title"), DefaultCap: settings.DefaultCap, MinCap: minCap, MaxCap: maxCap}
	teams := slices.Clone(u.Teams)
	slices.SortFunc(teams, func(a, b access.Team) int { return strings.Compare(a.Name, b.Name) })
	for _, t := range teams {
		ct := cwTeam{ID: t.ID, Name: t.Name, Cap: settings.DefaultCap, Default: true}
		if c, ok := caps[t.ID]; ok {
			ct.Cap, ct.Default = c, false
		}
		ct.Value = strconv.Itoa(ct.Cap)
		scale := ct.Cap
		for _, m := range users {
			if carriesCaseload(m) && m.InTeam(t.ID) {
				scale = max(scale, loads[m.ID])
			}
		}
		for _, m := range users {
			if !carriesCaseload(m) || !m.InTeam(t.ID) {
				continue
			}
			n := loads[m.ID]
			mem := cwMember{Name: m.Name, Role: v.RoleName(m.Role), Active: n, Paused: paused[key{t.ID, m.ID}],
				Second: second[key{t.ID, m.ID}], Load: v.T("casework_lists.team.load", n, ct.Cap),
				Bar: n * 100 / max(scale, 1), Mark: ct.Cap * 100 / max(scale, 1)}
			if n > ct.Cap {
				mem.Over = n - ct.Cap
				ct.Over++
			}
			ct.Active += n
			ct.Members = append(ct.Members, mem)
		}
		v.Teams = append(v.Teams, ct)
	}
	return v, nil
}

func (s *Server) caseworkTeam(w http.ResponseWriter, r *http.Request) {
	v, err := s.caseworkTeamView(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") == "1" {
		v.Flash = "casework_lists.team.saved"
	}
	s.render(w, r, http.StatusOK, "casework_team", v)
}

// caseworkSetCap sets the caseload cap of one of the lead's own teams.
func (s *Server) caseworkSetCap(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	teamID := r.PathValue("id")
	if !u.InTeam(teamID) {
		// No such team is a 404; someone else's team a 403.
		_, err := s.store.Team(r.Context(), teamID)
		switch {
		case errors.Is(err, kynnys.ErrNotFound):
			s.notFound(w, r)
		case err != nil:
			s.internalError(w, r, fmt.Errorf("team: %w", err))
		default:
			s.errorPage(w, r, http.StatusForbidden, "error.forbidden")
		}
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	value := strings.TrimSpace(r.PostFormValue("cap"))
	limit, err := strconv.Atoi(value)
	if err != nil || limit < minCap || limit > maxCap {
		v, verr := s.caseworkTeamView(r)
		if verr != nil {
			s.internalError(w, r, verr)
			return
		}
		for i := range v.Teams {
			if v.Teams[i].ID == teamID {
				v.Teams[i].Value = value
				v.Teams[i].Error = v.T("casework_lists.team.cap_range", minCap, maxCap)
			}
		}
		s.render(w, r, http.StatusBadRequest, "casework_team", v)
		return
	}
	if err := s.store.SetTeamCap(r.Context(), teamID, limit, u.ID); err != nil {
		s.internalError(w, r, fmt.Errorf("set team cap: %w", err))
		return
	}
	http.Redirect(w, r, "/casework/team?saved=1#team-"+teamID, http.StatusSeeOther)
}
