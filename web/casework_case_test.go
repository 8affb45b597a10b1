package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// newOverviewCase stores a client of their own and an active case of team
// teamID with workerID as the named worker (and secondID, if any), opened
// 300 days ago.
func newOverviewCase(e *testEnv, teamID, workerID, secondID string) (*casework.Client, *casework.Case) {
	e.t.Helper()
	n := e.seq.Add(1)
	opened := e.clock.now().Add(-300 * 24 * time.Hour)
	cl := &casework.Client{Name: fmt.Sprintf("Aino Asiakas %d", n), BirthDate: calendar.Date{Year: 1980, Month: 3, Day: 15},
		Municipality: "Pori", CreatedAt: opened, CreatedBy: workerID}
	if err := e.db.CreateClient(e.ctx(), cl); err != nil {
		e.t.Fatalf("create client: %v", err)
	}
	c := &casework.Case{ClientID: cl.ID, TeamID: teamID, WorkerID: workerID, SecondWorkerID: secondID,
		TargetGroup: access.TargetWorkingAge, Status: casework.StatusActive, Origin: casework.OriginDirect,
		OpenedAt: opened, OpenedBy: workerID}
	ev := casework.Event{At: opened, By: workerID, Type: casework.EventOpened}
	if err := e.db.OpenCase(e.ctx(), c, []casework.Event{ev}, -1); err != nil {
		e.t.Fatalf("open case: %v", err)
	}
	return cl, c
}

// climb records a step of c to stage to, daysAgo days before now.
func (e *testEnv) climb(c *casework.Case, to int, reason string, daysAgo int) {
	e.t.Helper()
	l, err := e.db.Ladder(e.ctx())
	if err != nil {
		e.t.Fatal(err)
	}
	now := e.clock.now()
	step, err := c.ClimbTo(l, to, reason, c.WorkerID, now.Add(-time.Duration(daysAgo)*24*time.Hour), now)
	if err != nil {
		e.t.Fatalf("climb to %d: %v", to, err)
	}
	if err := e.db.AddLadderStep(e.ctx(), c, &step); err != nil {
		e.t.Fatalf("add ladder step: %v", err)
	}
}

type overviewEnv struct {
	*testEnv
	pori, salo *access.Team
	// worker is the case's named worker, second its second worker (a
	// counsellor); the others are not on the case.
	worker, second, lead, reader, counsellor, saloLead *testUser
	client                                             *casework.Client
	c                                                  *casework.Case
}

func newOverviewEnv(t *testing.T, engine string) *overviewEnv {
	t.Helper()
	e := newEnv(t, engine, Config{})
	pori := e.newTeam("Porin tiimi", []string{"Pori"}, access.TargetWorkingAge)
	salo := e.newTeam("Salon tiimi", []string{"Salo"}, access.TargetWorkingAge)
	o := &overviewEnv{testEnv: e, pori: pori, salo: salo,
		worker:     e.newUser(access.RoleSocialWorker, withTeams(pori.ID)),
		second:     e.newUser(access.RoleSocialCounsellor, withTeams(pori.ID)),
		lead:       e.newUser(access.RoleTeamLead, withTeams(pori.ID)),
		reader:     e.newUser(access.RoleSocialWorker, withTeams(pori.ID)),
		counsellor: e.newUser(access.RoleSocialCounsellor, withTeams(pori.ID)),
		saloLead:   e.newUser(access.RoleTeamLead, withTeams(salo.ID))}
	o.client, o.c = newOverviewCase(e, pori.ID, o.worker.ID, o.second.ID)
	e.climb(o.c, 1, "Ei tavoitettu puhelimella.", 280)
	e.climb(o.c, 3, "Tavattu kahdesti kadulla.", 200)
	e.climb(o.c, 2, "Ei vastannut kuukauteen.", 120)
	e.climb(o.c, 4, "Tapaamiset toteutuvat sovitusti.", 40)
	return o
}

func (e *overviewEnv) fresh() *casework.Case { return e.storedCase(e.c.ID) }

// lastLog is the latest access-log row of user u.
func (e *overviewEnv) lastLog(u *testUser) *access.LogEntry {
	e.t.Helper()
	entries := e.accessLog(e.client.ID)
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].UserID == u.ID {
			return &entries[i]
		}
	}
	return nil
}

// postCase posts form to the case's path with the case's current version
// (unless form has one).
func (b *browser) postCase(e *overviewEnv, path string, form url.Values) *resp {
	b.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if f.Get("version") == "" {
		f.Set("version", strconv.Itoa(e.fresh().Version))
	}
	return b.postCSRF("/cases/"+e.c.ID+path, f)
}

func TestCasePageAccess(t *testing.T) {
	t.Parallel()
	eachEngine(t, newOverviewEnv, testCasePageAccess)
}

func testCasePageAccess(t *testing.T, e *overviewEnv) {
	page := "/cases/" + e.c.ID
	forms := `action="/cases/` + e.c.ID + `/ladder"`
	for _, tc := range []struct {
		name string
		u    *testUser
		want int
	}{
		{"named worker", e.worker, 200},
		{"second worker", e.second, 200},
		{"team lead of the team", e.lead, 200},
		{"team lead of another team", e.saloLead, 403},
		{"counsellor of the team", e.counsellor, 403},
	} {
		for _, path := range []string{page, page + "/print"} {
			r := e.as(tc.u).get(path)
			wantStatus(t, r, tc.want)
			last := e.lastLog(tc.u)
			if last == nil {
				t.Fatalf("%s: %s not logged", tc.name, path)
			}
			if tc.want == 403 {
				if strings.Contains(r.Body, e.client.Name) {
					t.Errorf("%s: the refusal shows the client's name", tc.name)
				}
				if last.Action != access.LogDeny {
					t.Errorf("%s: %s logged as %s, want deny", tc.name, path, last.Action)
				}
				continue
			}
			wantContains(t, r, e.client.Name)
			want := access.LogView
			if strings.HasSuffix(path, "/print") {
				want = access.LogPrint
			} else {
				wantContains(t, r, forms, `role="img"`, "<figcaption>")
			}
			if last.Action != want || last.Purpose != casePurpose {
				t.Errorf("%s: %s logged as %s %q, want %s %q", tc.name, path, last.Action, last.Purpose, want, casePurpose)
			}
		}
	}

	// A social worker of the team states a purpose first.
	reader := e.as(e.reader)
	r := reader.get(page)
	wantStatus(t, r, http.StatusForbidden)
	wantContains(t, r, `action="/cases/`+e.c.ID+`/purpose"`, e.html("fi", "casework_case.purpose.intro"))
	if strings.Contains(r.Body, e.client.Name) || e.lastLog(e.reader) != nil {
		t.Fatal("the purpose form shows or logs the case")
	}
	reader.Header.Set("Accept-Language", "sv")
	r = reader.postCSRF(page+"/purpose", url.Values{"purpose": {"  "}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("sv", "casework.error.purpose_required"))
	reader.Header.Del("Accept-Language")
	wantRedirect(t, reader.postCSRF(page+"/purpose", url.Values{"purpose": {"Sijaisuus lomien ajan"}}), page)
	if last := e.lastLog(e.reader); last == nil || last.Action != access.LogUpdate || last.Purpose != readPurposePrefix+"Sijaisuus lomien ajan" {
		t.Fatalf("stating the purpose logged %+v", last)
	}
	events := e.caseEvents(e.c.ID)
	if !slices.ContainsFunc(events, func(ev casework.Event) bool {
		return ev.Type == casework.EventReadGranted && ev.By == e.reader.ID && ev.Text == "Sijaisuus lomien ajan"
	}) {
		t.Fatalf("no read grant in the history: %+v", events)
	}
	r = reader.get(page)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.client.Name, e.html("fi", "casework.header.read_only", "Sijaisuus lomien ajan"), `role="img"`)
	for _, action := range []string{"/ladder", "/situation", "/status", "/workers"} {
		if strings.Contains(r.Body, `action="/cases/`+e.c.ID+action+`"`) {
			t.Errorf("a reader sees the form %s", action)
		}
	}
	if last := e.lastLog(e.reader); last.Action != access.LogView || last.Purpose != readPurposePrefix+"Sijaisuus lomien ajan" {
		t.Errorf("the read logged as %s %q", last.Action, last.Purpose)
	}
	// Reading is all: a change is refused and logged as such.
	r = reader.postCase(e, "/ladder", url.Values{"stage": {"5"}, "reason": {"x"}})
	wantStatus(t, r, http.StatusForbidden)
	if last := e.lastLog(e.reader); last.Action != access.LogDeny {
		t.Errorf("a reader's change logged as %s", last.Action)
	}
	if e.fresh().Stage != 4 {
		t.Error("a reader changed the stage")
	}

	// Someone outside the team cannot state a purpose either.
	r = e.as(e.saloLead).postCSRF(page+"/purpose", url.Values{"purpose": {"Uteliaisuus"}})
	wantStatus(t, r, http.StatusForbidden)
	if last := e.lastLog(e.saloLead); last.Action != access.LogDeny {
		t.Errorf("an outsider's purpose logged as %s", last.Action)
	}
}

func TestCaseLadder(t *testing.T) {
	t.Parallel()
	eachEngine(t, newOverviewEnv, testCaseLadder)
}

func testCaseLadder(t *testing.T, e *overviewEnv) {
	page := "/cases/" + e.c.ID
	b := e.as(e.worker)
	// The history so far went up, down and up again: the regression shows
	// as a dashed line with a triangle and is named in words.
	r := b.get(page)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `<svg class="ladder-chart" role="img"`, `stroke-dasharray`, `<polygon points=`,
		e.html("fi", "casework_case.ladder.move.down"), e.html("fi", "casework_case.ladder.move.up"),
		"Ei vastannut kuukauteen.", e.html("fi", "casework_case.chart.legend_down"))
	if n := strings.Count(r.Body, `class="step-down"`); n != 1 {
		t.Errorf("%d rows down in the table, want 1", n)
	}

	// Down a stage through the form: a regression is as valid as a climb.
	wantRedirect(t, b.postCase(e, "/ladder", url.Values{"stage": {"3"}, "reason": {"Kaksi peruttua tapaamista."}}), page)
	if c := e.fresh(); c.Stage != 3 {
		t.Fatalf("stage %d, want 3", c.Stage)
	}
	r = b.get(page + "?saved=ladder")
	wantContains(t, r, e.html("fi", "casework_case.saved.ladder"), "Kaksi peruttua tapaamista.")
	if n := strings.Count(r.Body, `class="step-down"`); n != 2 {
		t.Errorf("%d rows down in the table, want 2", n)
	}
	steps, err := e.db.LadderSteps(e.ctx(), e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := steps[len(steps)-1]; last.From != 4 || last.To != 3 || last.By != e.worker.ID || !last.Regression() {
		t.Errorf("last step %+v", last)
	}

	// The refusals, in the user's language.
	yesterday := calendar.DateOf(e.clock.now()).AddDays(-1)
	tomorrow := calendar.DateOf(e.clock.now()).AddDays(1)
	b.Header.Set("Accept-Language", "sv")
	for _, tc := range []formError{
		{url.Values{"reason": {"x"}}, "ladder-stage", "error.required"},
		{url.Values{"stage": {"9"}, "reason": {"x"}}, "ladder-stage", "casework.error.unknown_stage"},
		{url.Values{"stage": {"3"}, "reason": {"x"}}, "ladder-stage", "casework.error.same_stage"},
		{url.Values{"stage": {"5"}}, "ladder-reason", "error.required"},
		{url.Values{"stage": {"5"}, "reason": {"x"}, "at": {tomorrow.String()}}, "ladder-at", "casework.error.step_date"},
		{url.Values{"stage": {"5"}, "reason": {"x"}, "at": {"31.2.2025"}}, "ladder-at", "error.date"},
		// Before today's step: the history stays in order.
		{url.Values{"stage": {"5"}, "reason": {"x"}, "at": {finnishDate(yesterday)}}, "ladder-at", "casework.error.step_date"},
	} {
		e.wantFieldError(t, b.postCase(e, "/ladder", tc.form), "sv", tc.field, tc.key)
	}

	// A form made from an older version is a conflict, shown with the form as typed.
	stale := strconv.Itoa(e.fresh().Version - 1)
	r = b.postCase(e, "/ladder", url.Values{"stage": {"6"}, "reason": {"Vanha lomake"}, "version": {stale}})
	wantStatus(t, r, http.StatusConflict)
	wantContains(t, r, e.html("sv", "casework.error.conflict"), "Vanha lomake")
}

func TestCaseStatusAndWorkers(t *testing.T) {
	t.Parallel()
	eachEngine(t, newOverviewEnv, testCaseStatusAndWorkers)
}

func testCaseStatusAndWorkers(t *testing.T, e *overviewEnv) {
	page := "/cases/" + e.c.ID
	b := e.as(e.worker)

	// Closing needs a reason.
	e.wantFieldError(t, b.postCase(e, "/status", url.Values{"status": {"closed"}}), "fi", "status-reason", "error.required")
	e.wantFieldError(t, b.postCase(e, "/status", url.Values{}), "fi", "status-to", "error.required")

	// Pause and resume; the history says so in words.
	wantRedirect(t, b.postCase(e, "/status", url.Values{"status": {"paused"}, "note": {"Sairaalassa kolme viikkoa."}}), page)
	if c := e.fresh(); c.Status != casework.StatusPaused {
		t.Fatalf("status %s", c.Status)
	}
	r := b.get(page)
	wantContains(t, r, e.html("fi", "casework_case.event.status_to", e.T("fi", "casework.status.paused")), "Sairaalassa kolme viikkoa.")
	wantRedirect(t, b.postCase(e, "/status", url.Values{"status": {"active"}}), page)

	// The team's cap is 1 and every worker but the named one has a case.
	if err := e.db.SetTeamCap(e.ctx(), e.pori.ID, 1, e.lead.ID); err != nil {
		t.Fatal(err)
	}
	newOverviewCase(e.testEnv, e.pori.ID, e.counsellor.ID, "")

	// A counsellor cannot go beyond the cap, even with a reason.
	r = e.as(e.second).postCase(e, "/workers", url.Values{"worker": {e.counsellor.ID}, "second_worker": {e.second.ID},
		"workers_override": {"Kiire"}})
	e.wantFieldError(t, r, "fi", "workers-worker", "casework.error.over_cap")
	if c := e.fresh(); c.WorkerID != e.worker.ID {
		t.Fatal("reassigned beyond the cap")
	}
	// Someone outside the team cannot be given the case.
	r = e.as(e.lead).postCase(e, "/workers", url.Values{"worker": {e.saloLead.ID}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "casework_case.error.worker"))
	// A team lead must give a reason, and then may.
	lead := e.as(e.lead)
	r = lead.postCase(e, "/workers", url.Values{"worker": {e.counsellor.ID}, "second_worker": {e.second.ID}})
	e.wantFieldError(t, r, "fi", "workers-override", "casework_case.error.override_reason")
	wantRedirect(t, lead.postCase(e, "/workers", url.Values{"worker": {e.counsellor.ID}, "second_worker": {e.worker.ID},
		"workers_override": {"Asiakas tuntee ohjaajan entuudestaan."}}), page)
	c := e.fresh()
	if c.WorkerID != e.counsellor.ID || c.SecondWorkerID != e.worker.ID {
		t.Fatalf("workers %s, %s", c.WorkerID, c.SecondWorkerID)
	}
	events := e.caseEvents(e.c.ID)
	if !slices.ContainsFunc(events, func(ev casework.Event) bool {
		return ev.Type == casework.EventOverride && ev.By == e.lead.ID && ev.Text == "Asiakas tuntee ohjaajan entuudestaan."
	}) {
		t.Fatalf("the override is not in the history: %+v", events)
	}
	r = lead.get(page)
	wantContains(t, r, e.html("fi", "casework.event.over_cap"), "Asiakas tuntee ohjaajan entuudestaan.",
		e.html("fi", "casework.event.assigned"))

	// Closed with a reason, the case can be reopened only within the cap.
	wantRedirect(t, lead.postCase(e, "/status", url.Values{"status": {"closed"}, "close_reason": {"to_employment"}}), page)
	newOverviewCase(e.testEnv, e.pori.ID, e.counsellor.ID, "")
	r = e.as(e.counsellor).postCase(e, "/status", url.Values{"status": {"active"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "casework.error.over_cap"))
	wantRedirect(t, lead.postCase(e, "/status", url.Values{"status": {"active"}, "status_override": {"Työ päättyi koeaikana."}}), page)
	if c := e.fresh(); c.Status != casework.StatusActive {
		t.Errorf("status %s after the override", c.Status)
	}
}

func TestCaseSituation(t *testing.T) {
	t.Parallel()
	eachEngine(t, newOverviewEnv, testCaseSituation)
}

func testCaseSituation(t *testing.T, e *overviewEnv) {
	page := "/cases/" + e.c.ID
	b := e.as(e.worker)
	wantRedirect(t, b.postCase(e, "/situation", url.Values{"situation.housing": {"Asuu tuttavan luona."},
		"situation.finances": {"  "}, "situation.substance_health": {"Alkoholin käyttöä."}}), page)
	c := e.fresh()
	if len(c.Situation) != 2 || c.Situation[casework.AreaHousing] != "Asuu tuttavan luona." {
		t.Fatalf("situation %v", c.Situation)
	}
	// Only the areas written are shown (the form, in a closed <details>, has them all).
	r := e.as(e.lead).get(page)
	read, _, _ := strings.Cut(r.Body, `<details class="case-edit"`)
	for area, want := range map[casework.Area]bool{casework.AreaHousing: true, casework.AreaSubstanceHealth: true,
		casework.AreaFinances: false, casework.AreaViolence: false} {
		if got := strings.Contains(read, "<dt>"+e.html("fi", "casework.area."+string(area))+"</dt>"); got != want {
			t.Errorf("area %s shown: %v, want %v", area, got, want)
		}
	}
	// Too long a text is refused next to its area.
	r = b.postCase(e, "/situation", url.Values{"situation.housing": {strings.Repeat("x", 4001)}})
	e.wantFieldError(t, r, "fi", "situation-housing", "error.too_long")
	wantContains(t, r, `<details class="case-edit" open>`)
	// Another form refused keeps the situation's inputs as stored.
	r = b.postCase(e, "/ladder", url.Values{"stage": {"5"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `name="situation.housing" rows="2" maxlength="4000">Asuu tuttavan luona.</textarea>`)
	// A save with nothing changed adds nothing to the history.
	before := e.caseEvents(e.c.ID)
	wantRedirect(t, b.postCase(e, "/situation", url.Values{"situation.housing": {"Asuu tuttavan luona."},
		"situation.substance_health": {"Alkoholin käyttöä."}}), page)
	if after := e.caseEvents(e.c.ID); len(after) != len(before) {
		t.Errorf("an unchanged situation added %d events", len(after)-len(before))
	}
}

func TestLadderLabel(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"1. Ei yhteyttä", []string{"1. Ei yhteyttä"}},
		{"6. Työskentely tavoitteiden eteen", []string{"6. Työskentely", "tavoitteiden eteen"}},
		{"7. Towards services or employment", []string{"7. Towards services", "or employment"}},
		{"3. A very long label that goes on and on", []string{"3. A very long label", "that goes on and on"}},
		{"4. Far too long a label for two lines of text", []string{"4. Far too long a", "label for two lines…"}},
		{"5. Sanaaninjanpitkääsanaa", []string{"5.", "Sanaaninjanpitkääsa…"}},
	} {
		if got := ladderLabel(tc.in, ladderLabelChars); !slices.Equal(got, tc.want) {
			t.Errorf("ladderLabel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLadderChartShapes(t *testing.T) {
	t.Parallel()
	p := &Page{Lang: "fi"}
	l := casework.DefaultLadder()
	start := time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return start.Add(time.Duration(n) * 24 * time.Hour) }
	steps := []casework.LadderStep{{At: day(1), To: 1}, {At: day(30), From: 1, To: 3}, {At: day(90), From: 3, To: 2},
		{At: day(150), From: 2, To: 5}, {At: day(200), From: 5, To: 4}}
	ch := newOverviewChart(p, &l, steps, start, day(365))
	if len(ch.Dots) != 3 || len(ch.Drops) != 2 {
		t.Errorf("%d dots and %d drops, want 3 and 2", len(ch.Dots), len(ch.Drops))
	}
	if strings.Count(ch.DownLines, "M") != 2 || !strings.HasPrefix(ch.Line, "M") {
		t.Errorf("paths %q and %q", ch.Line, ch.DownLines)
	}
	if len(ch.Rows) != 7 || len(ch.Ticks) < 2 || len(ch.Ticks) > ladderTicks {
		t.Errorf("%d rows, %d ticks", len(ch.Rows), len(ch.Ticks))
	}
	// A case a week old is labelled by its first and last day.
	ch = newOverviewChart(p, &l, steps[:1], start, day(7))
	if len(ch.Ticks) != 2 || ch.Ticks[0].Label != "10.1.2025" || ch.Ticks[1].Label != "17.1.2025" {
		t.Errorf("ticks %+v", ch.Ticks)
	}
}

func TestCaseSummaryAndPrint(t *testing.T) {
	t.Parallel()
	eachEngine(t, newOverviewEnv, testCaseSummaryAndPrint)
}

func testCaseSummaryAndPrint(t *testing.T, e *overviewEnv) {
	ctx, now := e.ctx(), e.clock.now()
	today := calendar.DateOf(now)
	by := e.worker.ID
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.db.SavePlan(ctx, &casework.Plan{CaseID: e.c.ID, ReviewDate: today.AddDays(20), SavedAt: now, SavedBy: by,
		Goals: []casework.Goal{{Text: "Haluan oman asunnon.", Actions: []casework.Action{{What: "Asuntohakemus", Who: "asiakas"}}}}}))
	must(e.db.CreateTask(ctx, &casework.Task{CaseID: e.c.ID, Kind: casework.TaskCall, Due: today.AddDays(-3), AssignedTo: by,
		CreatedAt: now.Add(-5 * 24 * time.Hour), CreatedBy: by}))
	must(e.db.CreateTask(ctx, &casework.Task{CaseID: e.c.ID, Kind: casework.TaskVisit, Due: today.AddDays(4), AssignedTo: by,
		CreatedAt: now, CreatedBy: by}))
	must(e.db.SaveMeeting(ctx, &casework.Meeting{CaseID: e.c.ID, At: now.Add(50 * time.Hour), Place: casework.PlaceHome,
		Status: casework.MeetingPlanned, By: by, CreatedAt: now}))
	must(e.db.AddAssessment(ctx, &casework.Assessment{CaseID: e.c.ID, At: now.Add(-10 * 24 * time.Hour), Kind: casework.AssessmentStart,
		Scores: map[casework.Area]int{casework.AreaHousing: 3}, By: by}))

	b := e.as(e.worker)
	r := b.get("/cases/" + e.c.ID)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "casework.place.home"), e.html("fi", "casework_case.summary.tasks_open", 2),
		e.html("fi", "casework_case.summary.tasks_overdue", 1), finnishDate(today.AddDays(20)),
		finnishDate(calendar.DateOf(now.Add(-10*24*time.Hour))), `href="/cases/`+e.c.ID+`/print"`)

	r = b.get("/cases/" + e.c.ID + "/print?lang=sv")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `class="case-print"`, e.client.Name, "Haluan oman asunnon.", "Asuntohakemus – asiakas",
		e.html("sv", "casework.task.call"), e.html("sv", "casework_case.summary.overdue"), e.html("sv", "casework_case.print.secret"),
		"Ei vastannut kuukauteen.", e.html("sv", "casework_case.ladder.move.down"))
	if strings.Contains(r.Body, `<form method="post" action="/cases/`) {
		t.Error("the paper version has forms")
	}
	if last := e.lastLog(e.worker); last.Action != access.LogPrint {
		t.Errorf("print logged as %s", last.Action)
	}
}
