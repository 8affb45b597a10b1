package casework

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
)

// at is a Helsinki wall-clock instant.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.Helsinki)
}

func date(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }

func TestCaseValidate(t *testing.T) {
	base := func() *Case {
		return &Case{ClientID: "cl", TeamID: "t1", WorkerID: "w1", TargetGroup: access.TargetWorkingAge, Status: StatusActive,
			Situation: map[Area]string{AreaHousing: " asunnoton ", AreaFinances: "  "}}
	}
	tests := []struct {
		name        string
		edit        func(c *Case)
		field, code string
	}{
		{"ok", func(c *Case) {}, "", ""},
		{"no client", func(c *Case) { c.ClientID = "" }, "client_id", "error.required"},
		{"no team", func(c *Case) { c.TeamID = "" }, "team_id", "error.required"},
		{"no worker", func(c *Case) { c.WorkerID = "" }, "worker_id", "error.required"},
		{"bad target group", func(c *Case) { c.TargetGroup = "pets" }, "target_group", "error.unknown_code"},
		{"bad status", func(c *Case) { c.Status = "gone" }, "status", "error.unknown_code"},
		{"closed without reason", func(c *Case) { c.Status = StatusClosed }, "close_reason", "error.required"},
		{"closed with reason", func(c *Case) { c.Status, c.CloseReason = StatusClosed, CloseGoalsMet }, "", ""},
		{"bad origin", func(c *Case) { c.Origin = "mail" }, "origin", "error.unknown_code"},
		{"bad area", func(c *Case) { c.Situation["weather"] = "x" }, "situation", "error.unknown_code"},
		{"long situation", func(c *Case) { c.Situation[AreaCrisis] = strings.Repeat("x", 4001) }, "situation.crisis", "error.too_long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			tc.edit(c)
			err := c.Validate()
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Origin != OriginDirect {
				t.Errorf("origin %q, want direct", c.Origin)
			}
			if !reflect.DeepEqual(c.Situation, map[Area]string{AreaHousing: "asunnoton"}) {
				t.Errorf("situation %v: blank areas dropped, text trimmed", c.Situation)
			}
		})
	}
	c := base()
	c.SecondWorkerID = c.WorkerID
	if err := c.Validate(); err != nil || c.SecondWorkerID != "" {
		t.Errorf("second worker = named worker: %v, %q", err, c.SecondWorkerID)
	}
}

func TestTransition(t *testing.T) {
	now := at(2026, 3, 2, 10, 0)
	closedAt := now.Add(-time.Hour)
	tests := []struct {
		name        string
		from        Status
		to          Status
		reason      CloseReason
		field, code string
	}{
		{"pause", StatusActive, StatusPaused, "", "", ""},
		{"resume", StatusPaused, StatusActive, "", "", ""},
		{"close active", StatusActive, StatusClosed, CloseToEmployment, "", ""},
		{"close paused", StatusPaused, StatusClosed, CloseMovedAway, "", ""},
		{"close without reason", StatusActive, StatusClosed, "", "close_reason", "error.required"},
		{"close with unknown reason", StatusActive, StatusClosed, "no_show", "close_reason", "error.required"},
		{"reopen", StatusClosed, StatusActive, "", "", ""},
		{"closed to paused", StatusClosed, StatusPaused, "", "status", "casework.error.reopen_first"},
		{"same", StatusActive, StatusActive, "", "status", "casework.error.same_status"},
		{"close closed", StatusClosed, StatusClosed, CloseOther, "status", "casework.error.same_status"},
		{"unknown", StatusActive, "lost", "", "status", "error.unknown_code"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &Case{Status: tc.from}
			if tc.from == StatusClosed {
				c.CloseReason, c.CloseNote, c.ClosedAt = CloseOther, "old", &closedAt
			}
			err := c.Transition(tc.to, tc.reason, " note ", now)
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
				if c.Status != tc.from {
					t.Errorf("status changed to %q on error", c.Status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Status != tc.to {
				t.Fatalf("status %q", c.Status)
			}
			if tc.to == StatusClosed {
				if c.CloseReason != tc.reason || c.CloseNote != "note" || c.ClosedAt == nil || !c.ClosedAt.Equal(now) {
					t.Errorf("closed: %q %q %v", c.CloseReason, c.CloseNote, c.ClosedAt)
				}
			} else if c.CloseReason != "" || c.CloseNote != "" || c.ClosedAt != nil {
				t.Errorf("open case keeps closing data: %q %q %v", c.CloseReason, c.CloseNote, c.ClosedAt)
			}
		})
	}
}

func TestLadder(t *testing.T) {
	l := DefaultLadder()
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	if l.Top() != 7 {
		t.Fatalf("top %d", l.Top())
	}
	for n := 1; n <= 7; n++ {
		st, ok := l.Stage(n)
		if !ok || st.Number != n || st.Label["fi"] == "" || st.Label["sv"] == "" || st.Label["en"] == "" {
			t.Errorf("stage %d: %v %v", n, st, ok)
		}
	}
	for _, n := range []int{-1, 0, 8} {
		if _, ok := l.Stage(n); ok {
			t.Errorf("stage %d exists", n)
		}
	}

	stage := func(fi, sv, en string) Stage {
		return Stage{Number: 9, Label: map[string]string{"fi": fi, "sv": sv, "en": en}}
	}
	tests := []struct {
		name        string
		stages      []Stage
		field, code string
	}{
		{"two stages, renumbered, descriptions optional", []Stage{stage(" a ", "b", "c"), stage("d", "e", "f")}, "", ""},
		{"one stage", []Stage{stage("a", "b", "c")}, "stages", "casework.error.ladder_size"},
		{"sixteen stages", make([]Stage, 16), "stages", "casework.error.ladder_size"},
		{"no Swedish", []Stage{stage("a", "", "c"), stage("d", "e", "f")}, "stages.label.sv", "error.required"},
		{"no labels at all", []Stage{{}, stage("d", "e", "f")}, "stages.label.fi", "error.required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := Ladder{Stages: tc.stages}
			err := l.Validate()
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range l.Stages {
				if s.Number != i+1 || s.Description == nil {
					t.Errorf("stage %d: %+v", i, s)
				}
			}
			if l.Stages[0].Label["fi"] != "a" {
				t.Errorf("label not trimmed: %q", l.Stages[0].Label["fi"])
			}
		})
	}
}

func TestClimbTo(t *testing.T) {
	l := DefaultLadder()
	now := at(2026, 5, 20, 12, 0)
	opened := at(2026, 1, 10, 9, 0)
	lastStep := at(2026, 4, 1, 9, 0)
	open := func(status Status, stage int) *Case {
		c := &Case{ID: "c1", Status: status, OpenedAt: opened, Stage: stage}
		if stage > 0 {
			c.StageAt = lastStep
		}
		return c
	}
	tests := []struct {
		name        string
		c           *Case
		to          int
		reason      string
		at          time.Time
		field, code string
		regression  bool
	}{
		{"first stage", open(StatusActive, 0), 2, "tavattiin kadulla", at(2026, 2, 1, 10, 0), "", "", false},
		{"up", open(StatusActive, 3), 4, "tapaamiset sovitusti", at(2026, 5, 1, 10, 0), "", "", false},
		{"up two", open(StatusActive, 3), 5, "tavoitteet", at(2026, 5, 1, 10, 0), "", "", false},
		{"down", open(StatusActive, 4), 2, "katosi kuukaudeksi", at(2026, 5, 1, 10, 0), "", "", true},
		{"on a paused case", open(StatusPaused, 4), 3, "tauko", at(2026, 5, 1, 10, 0), "", "", true},
		{"date defaults to now", open(StatusActive, 1), 2, "soitti", time.Time{}, "", "", false},
		{"same stage", open(StatusActive, 4), 4, "sama", now, "stage", "casework.error.same_stage", false},
		{"stage 0", open(StatusActive, 4), 0, "pois", now, "stage", "casework.error.unknown_stage", false},
		{"above the top", open(StatusActive, 4), 8, "ylös", now, "stage", "casework.error.unknown_stage", false},
		{"closed case", open(StatusClosed, 4), 5, "ylös", now, "stage", "casework.error.case_closed", false},
		{"no reason", open(StatusActive, 4), 5, "  ", now, "reason", "error.required", false},
		{"future date", open(StatusActive, 4), 5, "ylös", now.Add(time.Minute), "at", "casework.error.step_date", false},
		{"before the previous step", open(StatusActive, 4), 5, "ylös", lastStep.Add(-time.Minute), "at", "casework.error.step_date", false},
		{"at the previous step", open(StatusActive, 4), 5, "ylös", lastStep, "", "", false},
		{"long before the opening", open(StatusActive, 0), 1, "alku", opened.AddDate(0, 0, -2), "at", "casework.error.step_date", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from := tc.c.Stage
			step, err := tc.c.ClimbTo(&l, tc.to, tc.reason, "w1", tc.at, now)
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
				if tc.c.Stage != from {
					t.Errorf("stage moved to %d on error", tc.c.Stage)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantAt := tc.at
			if wantAt.IsZero() {
				wantAt = now
			}
			want := LadderStep{CaseID: "c1", At: wantAt, By: "w1", From: from, To: tc.to, Reason: strings.TrimSpace(tc.reason)}
			if step != want {
				t.Fatalf("step %+v, want %+v", step, want)
			}
			if step.Regression() != tc.regression {
				t.Errorf("regression %v", step.Regression())
			}
			if tc.c.Stage != tc.to || !tc.c.StageAt.Equal(wantAt) {
				t.Errorf("case at %d since %v", tc.c.Stage, tc.c.StageAt)
			}
		})
	}
}

func TestMeetingValidate(t *testing.T) {
	now := at(2026, 5, 20, 12, 0)
	tests := []struct {
		name        string
		m           Meeting
		field, code string
	}{
		{"planned in the future", Meeting{At: now.Add(24 * time.Hour), Place: PlaceStreet, Status: MeetingPlanned}, "", ""},
		{"held in the past", Meeting{At: now.Add(-time.Hour), Place: PlaceHome, Status: MeetingHeld, Outcome: " ok "}, "", ""},
		{"held in the future", Meeting{At: now.Add(time.Hour), Place: PlaceHome, Status: MeetingHeld}, "at", "casework.error.not_yet"},
		{"no-show in the future", Meeting{At: now.Add(time.Hour), Place: PlaceOffice, Status: MeetingNoShow}, "at", "casework.error.not_yet"},
		{"no time", Meeting{Place: PlaceOffice, Status: MeetingPlanned}, "at", "error.required"},
		{"bad place", Meeting{At: now, Place: "pub", Status: MeetingPlanned}, "place", "error.unknown_code"},
		{"bad status", Meeting{At: now, Place: PlacePhone, Status: "maybe"}, "status", "error.unknown_code"},
		{"long outcome", Meeting{At: now, Place: PlaceVideo, Status: MeetingHeld, Outcome: strings.Repeat("x", 4001)}, "outcome", "error.too_long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.m.Validate(now)
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
			} else if err != nil {
				t.Fatal(err)
			}
		})
	}
	if !PlaceHome.Outreach() || !PlaceStreet.Outreach() || !PlacePartnerOffice.Outreach() || PlaceOffice.Outreach() || PlacePhone.Outreach() {
		t.Error("outreach places")
	}
}

// TestNoShow: a missed meeting never closes or pauses a case; it makes a
// follow-up due FollowUpDays arkipäivät later, skipping weekends and
// holidays, and never in the past.
func TestNoShow(t *testing.T) {
	tests := []struct {
		name    string
		meeting time.Time
		now     time.Time
		kind    TaskKind
		due     calendar.Date // given by the worker
		wantDue calendar.Date
	}{
		{"Tuesday", at(2026, 11, 3, 10, 0), at(2026, 11, 3, 11, 0), "", calendar.Date{}, date(2026, 11, 5)},
		{"Friday: over the weekend", at(2026, 11, 6, 10, 0), at(2026, 11, 6, 11, 0), "", calendar.Date{}, date(2026, 11, 10)},
		{"Saturday outreach", at(2026, 11, 7, 22, 0), at(2026, 11, 7, 23, 0), TaskVisit, calendar.Date{}, date(2026, 11, 10)},
		{"Maundy Thursday 2026: Good Friday and Easter Monday", at(2026, 4, 2, 14, 0), at(2026, 4, 2, 15, 0), "", calendar.Date{}, date(2026, 4, 8)},
		{"Maundy Thursday 2025", at(2025, 4, 17, 14, 0), at(2025, 4, 17, 15, 0), "", calendar.Date{}, date(2025, 4, 23)},
		{"just after midnight in Helsinki, still Wednesday in UTC", time.Date(2026, 4, 1, 22, 30, 0, 0, time.UTC), at(2026, 4, 2, 9, 0), "", calendar.Date{}, date(2026, 4, 8)},
		{"before Christmas", at(2026, 12, 23, 13, 0), at(2026, 12, 23, 14, 0), TaskLetter, calendar.Date{}, date(2026, 12, 29)},
		{"before Midsummer", at(2026, 6, 18, 9, 0), at(2026, 6, 18, 17, 0), "", calendar.Date{}, date(2026, 6, 23)},
		{"eve of Ascension Day", at(2026, 5, 13, 9, 0), at(2026, 5, 13, 10, 0), "", calendar.Date{}, date(2026, 5, 18)},
		{"New Year's Eve", at(2026, 12, 31, 9, 0), at(2026, 12, 31, 10, 0), "", calendar.Date{}, date(2027, 1, 5)},
		{"before Epiphany", at(2027, 1, 5, 9, 0), at(2027, 1, 5, 10, 0), "", calendar.Date{}, date(2027, 1, 8)},
		{"before May Day", at(2026, 4, 30, 9, 0), at(2026, 4, 30, 10, 0), "", calendar.Date{}, date(2026, 5, 5)},
		{"recorded late: due today, not in the past", at(2026, 10, 1, 10, 0), at(2026, 11, 24, 9, 0), "", calendar.Date{}, date(2026, 11, 24)},
		{"worker's own due date", at(2026, 11, 3, 10, 0), at(2026, 11, 3, 11, 0), TaskMessage, date(2026, 11, 4), date(2026, 11, 4)},
		{"worker's due date today", at(2026, 11, 3, 10, 0), at(2026, 11, 3, 11, 0), "", date(2026, 11, 3), date(2026, 11, 3)},
	}
	for _, tc := range tests {
		for _, status := range []Status{StatusActive, StatusPaused} {
			t.Run(tc.name+"/"+string(status), func(t *testing.T) {
				c := &Case{ID: "c1", Status: status, WorkerID: "w1", SecondWorkerID: "w2", Stage: 3}
				before := *c
				m := &Meeting{ID: "m1", CaseID: "c1", At: tc.meeting, Place: PlaceOffice, Status: MeetingPlanned}
				task, err := NoShow(c, m, tc.kind, tc.due, "w2", tc.now)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(*c, before) {
					t.Fatalf("case changed: %+v", *c)
				}
				if m.Status != MeetingNoShow {
					t.Errorf("meeting %q", m.Status)
				}
				kind := tc.kind
				if kind == "" {
					kind = TaskCall
				}
				want := Task{CaseID: "c1", MeetingID: "m1", Kind: kind, Due: tc.wantDue, AssignedTo: "w1", CreatedAt: tc.now, CreatedBy: "w2"}
				if !reflect.DeepEqual(task, want) {
					t.Fatalf("task %+v, want %+v", task, want)
				}
				if task.Due.Before(calendar.DateOf(tc.now)) {
					t.Errorf("due %v in the past", task.Due)
				}
			})
		}
	}
}

func TestNoShowRefused(t *testing.T) {
	now := at(2026, 11, 24, 12, 0)
	past := now.Add(-2 * time.Hour)
	tests := []struct {
		name        string
		status      Status
		meeting     MeetingStatus
		at          time.Time
		kind        TaskKind
		due         calendar.Date
		field, code string
	}{
		{"closed case", StatusClosed, MeetingPlanned, past, "", calendar.Date{}, "status", "casework.error.case_closed"},
		{"held meeting", StatusActive, MeetingHeld, past, "", calendar.Date{}, "status", "casework.error.meeting_recorded"},
		{"cancelled meeting", StatusActive, MeetingCancelled, past, "", calendar.Date{}, "status", "casework.error.meeting_recorded"},
		{"meeting still ahead", StatusActive, MeetingPlanned, now.Add(time.Hour), "", calendar.Date{}, "at", "casework.error.not_yet"},
		{"meeting without a time", StatusActive, MeetingPlanned, time.Time{}, "", calendar.Date{}, "at", "error.required"},
		{"unknown kind", StatusActive, MeetingPlanned, past, "pigeon", calendar.Date{}, "kind", "error.unknown_code"},
		{"due in the past", StatusActive, MeetingPlanned, past, "", date(2026, 11, 23), "due", "casework.error.due_past"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &Case{ID: "c1", Status: tc.status, WorkerID: "w1"}
			m := &Meeting{ID: "m1", At: tc.at, Status: tc.meeting, Place: PlaceHome}
			_, err := NoShow(c, m, tc.kind, tc.due, "w1", now)
			wantInvalid(t, err, tc.field, tc.code)
			if m.Status != tc.meeting || c.Status != tc.status {
				t.Errorf("changed on error: meeting %q, case %q", m.Status, c.Status)
			}
		})
	}
	// Recording the same no-show again is allowed (another follow-up).
	c := &Case{ID: "c1", Status: StatusActive, WorkerID: "w1"}
	m := &Meeting{ID: "m1", At: past, Status: MeetingNoShow, Place: PlaceHome}
	if _, err := NoShow(c, m, TaskVisit, calendar.Date{}, "w1", now); err != nil {
		t.Errorf("second follow-up: %v", err)
	}
}

func TestTaskValidate(t *testing.T) {
	tests := []struct {
		name        string
		task        Task
		field, code string
	}{
		{"ok", Task{Kind: TaskCall, Due: today}, "", ""},
		{"no kind", Task{Due: today}, "kind", "error.unknown_code"},
		{"no due", Task{Kind: TaskVisit}, "due", "error.required"},
		{"due yesterday", Task{Kind: TaskVisit, Due: today.AddDays(-1)}, "due", "casework.error.due_past"},
		{"long note", Task{Kind: TaskLetter, Due: today, Note: strings.Repeat("x", 4001)}, "note", "error.too_long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.task.Validate(today)
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
			} else if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestNotReached(t *testing.T) {
	now := at(2026, 11, 24, 9, 0)
	ago := func(days int) *time.Time { v := now.AddDate(0, 0, -days); return &v }
	tests := []struct {
		name    string
		status  Status
		opened  time.Time
		contact *time.Time
		want    bool
	}{
		{"met yesterday", StatusActive, now.AddDate(0, -3, 0), ago(1), false},
		{"met 13 days ago", StatusActive, now.AddDate(0, -3, 0), ago(13), false},
		{"met 14 days ago", StatusActive, now.AddDate(0, -3, 0), ago(14), true},
		{"met late in the evening 14 days ago", StatusActive, now.AddDate(0, -3, 0), new(at(2026, 11, 10, 23, 30)), true},
		{"never met, opened 20 days ago", StatusActive, now.AddDate(0, 0, -20), nil, true},
		{"never met, opened 3 days ago", StatusActive, now.AddDate(0, 0, -3), nil, false},
		{"paused", StatusPaused, now.AddDate(0, -3, 0), ago(40), false},
		{"closed", StatusClosed, now.AddDate(0, -3, 0), ago(40), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &Case{Status: tc.status, OpenedAt: tc.opened, LastContactAt: tc.contact}
			if got := NotReached(c, 14, now); got != tc.want {
				t.Errorf("NotReached = %v", got)
			}
		})
	}
}

func TestPlanValidate(t *testing.T) {
	goal := func(text string, actions ...Action) Goal { return Goal{Text: text, Actions: actions} }
	tests := []struct {
		name        string
		goals       []Goal
		review      calendar.Date
		field, code string
		want        []Goal
	}{
		{"ok", []Goal{goal(" Oma asunto ", Action{What: " hae asuntoa ", Who: " asiakas "})}, today.AddDays(30), "", "",
			[]Goal{goal("Oma asunto", Action{What: "hae asuntoa", Who: "asiakas"})}},
		{"empty rows dropped", []Goal{
			goal(""),
			goal("Velat kuntoon", Action{}, Action{What: "ulosotto", Who: "työntekijä", Done: true}, Action{What: " ", Who: "x"}),
			goal("  "),
		}, today, "", "", []Goal{goal("Velat kuntoon", Action{What: "ulosotto", Who: "työntekijä", Done: true})}},
		{"goal without actions", []Goal{goal("Jaksaa arjessa")}, today, "", "", []Goal{{Text: "Jaksaa arjessa", Actions: []Action{}}}},
		{"action without who", []Goal{goal("Työ", Action{What: "TE-palvelut"})}, today, "goals.actions.who", "error.required", nil},
		{"action without a goal", []Goal{goal("", Action{What: "soita", Who: "asiakas"})}, today, "goals.text", "error.required", nil},
		{"no goals", []Goal{goal(" ")}, today, "goals", "casework.error.no_goals", nil},
		{"nothing", nil, today, "goals", "casework.error.no_goals", nil},
		{"review in the past", []Goal{goal("Työ")}, today.AddDays(-1), "review_date", "casework.error.due_past", nil},
		{"no review date", []Goal{goal("Työ")}, calendar.Date{}, "review_date", "error.required", nil},
		{"too many goals", func() []Goal {
			var g []Goal
			for range 21 {
				g = append(g, goal("x"))
			}
			return g
		}(), today, "goals", "error.too_long", nil},
		{"too many actions", []Goal{goal("x", func() []Action {
			var a []Action
			for range 21 {
				a = append(a, Action{What: "y", Who: "z"})
			}
			return a
		}()...)}, today, "goals.actions", "error.too_long", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &Plan{Goals: tc.goals, ReviewDate: tc.review}
			err := p.Validate(today)
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Goals, tc.want) {
				t.Fatalf("goals %+v, want %+v", p.Goals, tc.want)
			}
		})
	}
}

// TestPlanValidateKeepsInputOnError: the form is shown again from the
// plan, so a refused plan must still hold what was submitted.
func TestPlanValidateKeepsInputOnError(t *testing.T) {
	goals := []Goal{
		{Text: ""},
		{Text: "B", Actions: []Action{{}, {What: "b1", Who: "x"}}},
		{Text: "C", Actions: []Action{{What: "c1"}}},
	}
	p := &Plan{Goals: goals, ReviewDate: today}
	wantInvalid(t, p.Validate(today), "goals.actions.who", "error.required")
	want := []Goal{
		{Text: ""},
		{Text: "B", Actions: []Action{{}, {What: "b1", Who: "x"}}},
		{Text: "C", Actions: []Action{{What: "c1"}}},
	}
	if !reflect.DeepEqual(p.Goals, want) {
		t.Fatalf("goals after error %+v", p.Goals)
	}
}

func TestAssessmentValidate(t *testing.T) {
	tests := []struct {
		name        string
		a           Assessment
		field, code string
	}{
		{"ok", Assessment{Kind: AssessmentStart, Scores: map[Area]int{AreaHousing: 1, AreaFinances: 10}}, "", ""},
		{"no kind", Assessment{Scores: map[Area]int{AreaHousing: 5}}, "kind", "error.unknown_code"},
		{"no scores", Assessment{Kind: AssessmentReview}, "scores", "casework.error.no_scores"},
		{"zero", Assessment{Kind: AssessmentReview, Scores: map[Area]int{AreaHousing: 0}}, "scores.housing", "casework.error.score"},
		{"eleven", Assessment{Kind: AssessmentReview, Scores: map[Area]int{AreaCarers: 11}}, "scores.carers", "casework.error.score"},
		{"unknown area", Assessment{Kind: AssessmentReview, Scores: map[Area]int{"luck": 5}}, "scores", "error.unknown_code"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.a.Validate()
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
			} else if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestProgress: first and latest per area, by time not by input order,
// with areas scored at different times.
func TestProgress(t *testing.T) {
	jan, mar, may, jul := at(2026, 1, 10, 10, 0), at(2026, 3, 10, 10, 0), at(2026, 5, 10, 10, 0), at(2026, 7, 10, 10, 0)
	in := []Assessment{
		{At: may, Kind: AssessmentReview, Scores: map[Area]int{AreaHousing: 6, AreaFinances: 4, AreaInclusion: 7}},
		{At: jan, Kind: AssessmentStart, Scores: map[Area]int{AreaHousing: 2, AreaFinances: 5}},
		{At: jul, Kind: AssessmentReview, Scores: map[Area]int{AreaHousing: 8}},
		{At: mar, Kind: AssessmentReview, Scores: map[Area]int{AreaInclusion: 3, AreaSubstanceHealth: 5}},
	}
	want := []AreaChange{
		{Area: AreaHousing, First: 2, Latest: 8, Assessed: 3},
		{Area: AreaFinances, First: 5, Latest: 4, Assessed: 2},
		{Area: AreaInclusion, First: 3, Latest: 7, Assessed: 2},
		{Area: AreaSubstanceHealth, First: 5, Latest: 5, Assessed: 1},
	}
	got := Progress(in)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Progress = %+v\nwant %+v", got, want)
	}
	changes := []int{6, -1, 4, 0}
	for i, c := range got {
		if c.Change() != changes[i] {
			t.Errorf("%s change %d", c.Area, c.Change())
		}
	}
	// Every order of the input gives the same answer.
	perm := []int{0, 1, 2, 3}
	for range 24 {
		shuffled := make([]Assessment, len(in))
		for i, j := range perm {
			shuffled[i] = in[j]
		}
		if g := Progress(shuffled); !reflect.DeepEqual(g, want) {
			t.Fatalf("order %v: %+v", perm, g)
		}
		nextPerm(perm)
	}
	if Progress(nil) != nil {
		t.Error("no assessments, no changes")
	}
}

// nextPerm steps p to the next permutation in lexicographic order,
// wrapping around after the last.
func nextPerm(p []int) {
	i := len(p) - 2
	for i >= 0 && p[i] >= p[i+1] {
		i--
	}
	if i >= 0 {
		j := len(p) - 1
		for p[j] <= p[i] {
			j--
		}
		p[i], p[j] = p[j], p[i]
	}
	for l, r := i+1, len(p)-1; l < r; l, r = l+1, r-1 {
		p[l], p[r] = p[r], p[l]
	}
}

func TestConsent(t *testing.T) {
	tests := []struct {
		name        string
		c           Consent
		field, code string
		scope       []InfoKind
	}{
		{"ok, scope ordered and deduplicated", Consent{Partner: PartnerKela, Scope: []InfoKind{InfoPlan, InfoContact, InfoPlan}, ValidUntil: today},
			"", "", []InfoKind{InfoContact, InfoPlan}},
		{"ngo needs a name", Consent{Partner: PartnerNGO, Scope: []InfoKind{InfoContact}, ValidUntil: today}, "organisation", "error.required", nil},
		{"ngo named", Consent{Partner: PartnerNGO, Organisation: " Sininauha ", Scope: []InfoKind{InfoContact}, ValidUntil: today}, "", "", []InfoKind{InfoContact}},
		{"unknown partner", Consent{Partner: "bank", Scope: []InfoKind{InfoContact}, ValidUntil: today}, "partner", "error.unknown_code", nil},
		{"no scope", Consent{Partner: PartnerDVV, ValidUntil: today}, "scope", "error.required", nil},
		{"unknown kind", Consent{Partner: PartnerDVV, Scope: []InfoKind{InfoProgress, "health"}, ValidUntil: today}, "scope", "error.unknown_code", nil},
		{"no end", Consent{Partner: PartnerDVV, Scope: []InfoKind{InfoLadder}}, "valid_until", "error.required", nil},
		{"ended", Consent{Partner: PartnerDVV, Scope: []InfoKind{InfoLadder}, ValidUntil: today.AddDays(-1)}, "valid_until", "casework.error.due_past", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Validate(today)
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tc.c.Scope, tc.scope) {
				t.Errorf("scope %v", tc.c.Scope)
			}
			if tc.c.Partner == PartnerNGO && tc.c.Organisation != "Sininauha" {
				t.Errorf("organisation %q", tc.c.Organisation)
			}
		})
	}

	now := at(2026, 11, 24, 12, 0)
	withdrawn := now.Add(-time.Hour)
	active := []struct {
		name string
		c    Consent
		want bool
	}{
		{"valid", Consent{GivenAt: now.Add(-time.Hour), ValidUntil: today.AddDays(30)}, true},
		{"last day", Consent{GivenAt: now.Add(-time.Hour), ValidUntil: today}, true},
		{"expired yesterday", Consent{GivenAt: now.AddDate(0, -1, 0), ValidUntil: today.AddDays(-1)}, false},
		{"withdrawn", Consent{GivenAt: now.AddDate(0, -1, 0), ValidUntil: today.AddDays(30), WithdrawnAt: &withdrawn}, false},
		{"not yet given", Consent{GivenAt: now.Add(time.Hour), ValidUntil: today.AddDays(30)}, false},
	}
	for _, tc := range active {
		if got := tc.c.ActiveAt(now); got != tc.want {
			t.Errorf("%s: ActiveAt = %v", tc.name, got)
		}
	}
	c := Consent{Scope: []InfoKind{InfoContact, InfoLadder}}
	if !c.Covers(InfoContact) || !c.Covers(InfoLadder) || c.Covers(InfoPlan) {
		t.Error("Covers")
	}
}

// TestBuildReferral: a referral carries exactly the kinds asked for, and
// only when an active consent of the same client covers every one of them.
func TestBuildReferral(t *testing.T) {
	now := at(2026, 11, 24, 12, 0)
	l := DefaultLadder()
	client := &Client{ID: "p1", Name: "Aino", Phone: "040 123", Email: "a@example.fi", Address: "Katu 1", Hetu: "131052-308T"}
	cs := &Case{ID: "c1", ClientID: "p1", Stage: 4, Situation: map[Area]string{AreaHousing: "asunnoton"}}
	plan := &Plan{Goals: []Goal{{Text: "Oma asunto"}}}
	assessment := &Assessment{Scores: map[Area]int{AreaHousing: 3}}
	in := ShareInput{Client: client, Case: cs, Ladder: &l, Plan: plan, Assessment: assessment}
	consent := func(edit func(c *Consent)) *Consent {
		c := &Consent{ID: "k1", ClientID: "p1", Partner: PartnerKela, Scope: []InfoKind{InfoContact, InfoLadder, InfoPlan},
			GivenAt: now.AddDate(0, -1, 0), ValidUntil: today.AddDays(60)}
		if edit != nil {
			edit(c)
		}
		return c
	}
	withdrawn := now.Add(-time.Minute)
	stage4, _ := l.Stage(4)
	tests := []struct {
		name        string
		in          ShareInput
		consent     *Consent
		share       []InfoKind
		field, code string
		want        ReferralContent
	}{
		{"contact only", in, consent(nil), []InfoKind{InfoContact}, "", "",
			ReferralContent{Name: "Aino", Phone: "040 123", Email: "a@example.fi", Address: "Katu 1"}},
		{"ladder and plan", in, consent(nil), []InfoKind{InfoLadder, InfoPlan}, "", "",
			ReferralContent{Stage: 4, StageName: stage4.Label, Goals: plan.Goals}},
		{"situation and progress", in, consent(func(c *Consent) { c.Scope = []InfoKind{InfoSituation, InfoProgress} }),
			[]InfoKind{InfoSituation, InfoProgress}, "", "",
			ReferralContent{Situation: map[Area]string{AreaHousing: "asunnoton"}, Scores: map[Area]int{AreaHousing: 3}}},
		{"plan asked, none made", ShareInput{Client: client, Case: cs, Ladder: &l}, consent(nil), []InfoKind{InfoPlan}, "", "",
			ReferralContent{}},
		{"no stage yet", ShareInput{Client: client, Case: &Case{ID: "c1", ClientID: "p1"}, Ladder: &l}, consent(nil), []InfoKind{InfoLadder}, "", "",
			ReferralContent{}},
		{"ladder asked, no ladder at hand", ShareInput{Client: client, Case: cs}, consent(nil), []InfoKind{InfoLadder}, "", "",
			ReferralContent{}},
		{"kind not consented", in, consent(nil), []InfoKind{InfoContact, InfoSituation}, "share", "casework.error.not_consented", ReferralContent{}},
		{"unknown kind", in, consent(nil), []InfoKind{"hetu"}, "share", "error.unknown_code", ReferralContent{}},
		{"nothing asked", in, consent(nil), nil, "share", "error.required", ReferralContent{}},
		{"withdrawn", in, consent(func(c *Consent) { c.WithdrawnAt = &withdrawn }), []InfoKind{InfoContact}, "consent_id", "casework.error.no_consent", ReferralContent{}},
		{"expired", in, consent(func(c *Consent) { c.ValidUntil = today.AddDays(-1) }), []InfoKind{InfoContact}, "consent_id", "casework.error.no_consent", ReferralContent{}},
		{"another client's", in, consent(func(c *Consent) { c.ClientID = "p2" }), []InfoKind{InfoContact}, "consent_id", "casework.error.no_consent", ReferralContent{}},
		{"case of another client", ShareInput{Client: client, Case: &Case{ID: "c9", ClientID: "p2", Situation: map[Area]string{AreaCrisis: "x"}}, Ladder: &l},
			consent(func(c *Consent) { c.Scope = []InfoKind{InfoSituation} }), []InfoKind{InfoSituation}, "consent_id", "casework.error.no_consent", ReferralContent{}},
		{"no consent", in, nil, []InfoKind{InfoContact}, "consent_id", "casework.error.no_consent", ReferralContent{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := BuildReferral(tc.in, tc.consent, tc.share, now)
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
				if !reflect.DeepEqual(got, ReferralContent{}) {
					t.Errorf("content on error: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("content %+v\nwant %+v", got, tc.want)
			}
		})
	}
	// The situation is copied: editing the referral leaves the case alone.
	got, err := BuildReferral(in, consent(func(c *Consent) { c.Scope = []InfoKind{InfoSituation} }), []InfoKind{InfoSituation}, now)
	if err != nil {
		t.Fatal(err)
	}
	got.Situation[AreaHousing] = "changed"
	if cs.Situation[AreaHousing] != "asunnoton" {
		t.Error("referral shares the case's map")
	}
}

func TestCheckAssignment(t *testing.T) {
	team := func(ids ...string) []access.Team {
		var out []access.Team
		for _, id := range ids {
			out = append(out, access.Team{ID: id})
		}
		return out
	}
	lead := &access.User{ID: "l1", Role: access.RoleTeamLead, Teams: team("t1"), Active: true}
	otherLead := &access.User{ID: "l2", Role: access.RoleTeamLead, Teams: team("t2"), Active: true}
	inactiveLead := &access.User{ID: "l3", Role: access.RoleTeamLead, Teams: team("t1")}
	socialWorker := &access.User{ID: "s1", Role: access.RoleSocialWorker, Teams: team("t1"), Active: true}
	admin := &access.User{ID: "a1", Role: access.RoleAdmin, Teams: team("t1"), Active: true}
	tests := []struct {
		name         string
		active, cap  int
		o            *Override
		wantOverride bool
		wantErr      error  // compared with errors.Is
		field        string // or a field error
	}{
		{"below cap", 3, 25, nil, false, nil, ""},
		{"one below cap", 24, 25, nil, false, nil, ""},
		{"below cap, override not needed", 3, 25, &Override{By: lead, Reason: "kiire"}, false, nil, ""},
		{"at cap", 25, 25, nil, false, ErrOverCap, ""},
		{"over cap", 30, 25, nil, false, ErrOverCap, ""},
		{"cap zero", 0, 0, nil, false, ErrOverCap, ""},
		{"override without a user", 25, 25, &Override{Reason: "x"}, false, ErrOverCap, ""},
		{"team lead with reason", 25, 25, &Override{By: lead, Reason: " tuttu asiakas "}, true, nil, ""},
		{"team lead, far over", 40, 25, &Override{By: lead, Reason: "sijaisuus"}, true, nil, ""},
		{"team lead without reason", 25, 25, &Override{By: lead, Reason: "  "}, false, nil, "override_reason"},
		{"lead of another team", 25, 25, &Override{By: otherLead, Reason: "x"}, false, kynnys.ErrForbidden, ""},
		{"inactive lead", 25, 25, &Override{By: inactiveLead, Reason: "x"}, false, kynnys.ErrForbidden, ""},
		{"social worker", 25, 25, &Override{By: socialWorker, Reason: "x"}, false, kynnys.ErrForbidden, ""},
		{"administrator", 25, 25, &Override{By: admin, Reason: "x"}, false, kynnys.ErrForbidden, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			used, err := CheckAssignment(tc.active, tc.cap, "t1", tc.o)
			switch {
			case tc.field != "":
				wantInvalid(t, err, tc.field, "error.required")
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			}
			if used != tc.wantOverride {
				t.Errorf("override used = %v", used)
			}
			if used && tc.o.Reason != strings.TrimSpace(tc.o.Reason) {
				t.Errorf("reason not trimmed: %q", tc.o.Reason)
			}
		})
	}
	if fe, ok := kynnys.AsFieldError(ErrOverCap); !ok || fe.Code != "casework.error.over_cap" {
		t.Errorf("ErrOverCap = %v", ErrOverCap)
	}
}

// TestAccessTo is the whole matrix of who sees a case.
func TestAccessTo(t *testing.T) {
	t1, t2 := access.Team{ID: "t1"}, access.Team{ID: "t2"}
	c := &Case{ID: "c1", TeamID: "t1", WorkerID: "w1", SecondWorkerID: "w2"}
	user := func(id string, role access.Role, active bool, teams ...access.Team) *access.User {
		return &access.User{ID: id, Role: role, Active: active, Teams: teams}
	}
	tests := []struct {
		name string
		u    *access.User
		want Level
	}{
		{"named worker", user("w1", access.RoleSocialCounsellor, true, t1), FullAccess},
		{"second worker", user("w2", access.RoleSocialWorker, true, t1), FullAccess},
		{"named worker who is a team lead", user("w1", access.RoleTeamLead, true, t1), FullAccess},
		{"named worker no longer in the team", user("w1", access.RoleSocialCounsellor, true, t2), FullAccess},
		{"second worker in no team", user("w2", access.RoleSocialWorker, true), FullAccess},
		{"inactive named worker", user("w1", access.RoleSocialCounsellor, false, t1), NoAccess},
		{"team lead of the team", user("l1", access.RoleTeamLead, true, t1), FullAccess},
		{"team lead of two teams", user("l1", access.RoleTeamLead, true, t2, t1), FullAccess},
		{"team lead of another team", user("l2", access.RoleTeamLead, true, t2), NoAccess},
		{"inactive team lead", user("l1", access.RoleTeamLead, false, t1), NoAccess},
		{"social worker of the team", user("s1", access.RoleSocialWorker, true, t1), ReadWithPurpose},
		{"social worker of another team", user("s2", access.RoleSocialWorker, true, t2), NoAccess},
		{"inactive social worker", user("s1", access.RoleSocialWorker, false, t1), NoAccess},
		{"social counsellor of the team", user("c1", access.RoleSocialCounsellor, true, t1), NoAccess},
		{"health professional of the team", user("h1", access.RoleHealthProfessional, true, t1), NoAccess},
		{"administrator", user("a1", access.RoleAdmin, true), NoAccess},
		{"administrator in the team", user("a1", access.RoleAdmin, true, t1), NoAccess},
		{"analyst", user("n1", access.RoleAnalyst, true, t1), NoAccess},
		{"partner", user("p1", access.RolePartner, true, t1), NoAccess},
		{"signed out", nil, NoAccess},
		{"user with no id", user("", access.RoleSocialCounsellor, true), NoAccess},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := AccessTo(tc.u, c); got != tc.want {
				t.Errorf("AccessTo = %v, want %v", got, tc.want)
			}
		})
	}
	// A case without a second worker does not open to users without an id.
	if AccessTo(user("", access.RoleSocialCounsellor, true, t2), &Case{TeamID: "t1", WorkerID: "w1"}) != NoAccess {
		t.Error("empty id matched the empty second worker")
	}
}

func TestValidCodes(t *testing.T) {
	for _, a := range Areas {
		if !a.Valid() {
			t.Errorf("area %q", a)
		}
	}
	if Area("x").Valid() || Status("x").Valid() || CloseReason("no_show").Valid() || Origin("x").Valid() || Place("x").Valid() ||
		MeetingStatus("x").Valid() || TaskKind("x").Valid() || InfoKind("x").Valid() || Partner("x").Valid() {
		t.Error("an unknown code is valid")
	}
	if !OriginIntake.Valid() || !OriginEncounter.Valid() || !OriginDirect.Valid() {
		t.Error("origins")
	}
	var d error = &DuplicateError{ClientID: "p1"}
	if !errors.Is(d, kynnys.ErrConflict) || strings.Contains(d.Error(), "p1") {
		t.Errorf("DuplicateError: %v", d)
	}
	c := &Case{Status: StatusPaused, WorkerID: "w1"}
	if !c.Open() || c.HasWorker("") || !c.HasWorker("w1") {
		t.Error("Open/HasWorker")
	}
}
