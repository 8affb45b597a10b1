package web

import (
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// wkCase is a case with realistic work on it: meetings past and planned, a
// no-show and its follow-up, two plan versions, two self-assessments,
// consents (valid, withdrawn, expired) and a referral. The screenshots and
// the every-page test use it too.
type wkCase struct {
	client  *casework.Client
	c       *casework.Case
	kela    *casework.Consent // valid: contact and situation
	expired *casework.Consent
	gone    *casework.Consent // withdrawn
	planned *casework.Meeting // planned yesterday, its time has come
	future  *casework.Meeting // planned for next week
	open    *casework.Task    // the follow-up of the no-show, still open
}

// wkSeed stores a client and a case of worker in team with work on it,
// dated back from the test clock.
func wkSeed(e *testEnv, teamID string, worker *testUser) *wkCase {
	e.t.Helper()
	ctx := e.ctx()
	now := e.clock.now()
	today := calendar.DateOf(now)
	day := func(d int, h, m int) time.Time { return today.AddDays(d).Time(h, m, 0) }
	must := func(err error) {
		e.t.Helper()
		if err != nil {
			e.t.Fatal(err)
		}
	}
	w := &wkCase{client: &casework.Client{Name: "Mikko Mäkelä", BirthDate: calendar.Date{Year: 1978, Month: time.March, Day: 14},
		Phone: "040 123 4567", Email: "mikko.makela@example.fi", Address: "Rantakatu 5 B 12, 67100 Kokkola",
		Languages: []string{"fi"}, Municipality: "Kokkola", CreatedBy: worker.ID}}
	must(e.db.CreateClient(ctx, w.client))
	w.c = &casework.Case{ClientID: w.client.ID, TeamID: teamID, WorkerID: worker.ID, TargetGroup: access.TargetWorkingAge,
		Status: casework.StatusActive, Origin: casework.OriginDirect, OpenedAt: day(-120, 9, 0), OpenedBy: worker.ID,
		Situation: map[casework.Area]string{
			casework.AreaHousing:  "Asuu tuttavan luona, oma vuokrasopimus päättyi keväällä.",
			casework.AreaFinances: "Työmarkkinatuki; vuokrarästejä noin 1 800 €.",
		}}
	must(e.db.OpenCase(ctx, w.c, nil, -1))
	ladder, err := e.db.Ladder(ctx)
	must(err)
	for _, s := range []struct {
		to     int
		at     time.Time
		reason string
	}{{2, day(-110, 10, 0), "Ensitapaaminen kirjastossa."}, {3, day(-80, 10, 0), "Vastaa puhelimeen aina välillä."}} {
		step, err := w.c.ClimbTo(ladder, s.to, s.reason, worker.ID, s.at, now)
		must(err)
		must(e.db.AddLadderStep(ctx, w.c, &step))
	}

	meeting := func(at time.Time, place casework.Place, status casework.MeetingStatus, outcome string) *casework.Meeting {
		m := &casework.Meeting{CaseID: w.c.ID, At: at, Place: place, Status: status, Outcome: outcome, By: worker.ID,
			CreatedAt: at.Add(-72 * time.Hour)}
		must(e.db.SaveMeeting(ctx, m))
		return m
	}
	meeting(day(-60, 13, 0), casework.PlaceStreet, casework.MeetingHeld, "Tavattiin torilla, sovittiin seuraava kerta.")
	meeting(day(-30, 10, 0), casework.PlaceOffice, casework.MeetingHeld, "Käytiin läpi vuokrarästit ja Kelan hakemus.")
	missed := &casework.Meeting{CaseID: w.c.ID, At: day(-9, 14, 0), Place: casework.PlaceHome, Status: casework.MeetingPlanned, By: worker.ID}
	must(e.db.SaveMeeting(ctx, missed))
	t, err := casework.NoShow(w.c, missed, casework.TaskCall, calendar.Date{}, worker.ID, day(-9, 16, 0))
	must(err)
	missed.Outcome = "Ovikello ei vastannut."
	must(e.db.RecordNoShow(ctx, missed, &t))
	doneAt := day(-6, 11, 0)
	t.DoneAt, t.DoneBy, t.Reached, t.Outcome = &doneAt, worker.ID, false, "Ei vastannut, jätettiin viesti."
	must(e.db.CompleteTask(ctx, &t))
	w.open = &casework.Task{CaseID: w.c.ID, Kind: casework.TaskVisit, Due: today.AddDays(-2), AssignedTo: worker.ID,
		Note: "Käydään ovella yhdessä asumisneuvojan kanssa.", CreatedAt: day(-6, 11, 5), CreatedBy: worker.ID}
	must(e.db.CreateTask(ctx, w.open))
	w.planned = meeting(day(-1, 10, 0), casework.PlacePartnerOffice, casework.MeetingPlanned, "")
	w.future = meeting(day(7, 13, 30), casework.PlaceOffice, casework.MeetingPlanned, "")

	plan := &casework.Plan{CaseID: w.c.ID, ReviewDate: today.AddDays(-5), SavedAt: day(-90, 15, 0), SavedBy: worker.ID,
		Goals: []casework.Goal{{Text: "Haluan oman asunnon ennen talvea.", Actions: []casework.Action{
			{What: "Asuntohakemus vuokrataloyhtiöön", Who: "Asiakas ja työntekijä", Done: true}}}}}
	must(e.db.SavePlan(ctx, plan))
	plan = &casework.Plan{CaseID: w.c.ID, ReviewDate: today.AddDays(45), SavedAt: day(-30, 11, 0), SavedBy: worker.ID,
		Goals: []casework.Goal{
			{Text: "Haluan oman asunnon ennen talvea.", Actions: []casework.Action{
				{What: "Asuntohakemus vuokrataloyhtiöön", Who: "Asiakas ja työntekijä", Done: true},
				{What: "Maksusuunnitelma vuokrarästeistä", Who: "Talous- ja velkaneuvonta", Done: false}}},
			{Text: "Että olisi jotain tekemistä päiviin.", Actions: []casework.Action{
				{What: "Tutustumiskäynti kuntouttavaan työtoimintaan", Who: "Asiakas", Done: false}}},
		}}
	must(e.db.SavePlan(ctx, plan))
	for _, a := range []casework.Assessment{
		{CaseID: w.c.ID, At: day(-100, 12, 0), Kind: casework.AssessmentStart, By: worker.ID,
			Scores: map[casework.Area]int{casework.AreaHousing: 2, casework.AreaFinances: 3, casework.AreaInclusion: 2, casework.AreaSubstanceHealth: 5}},
		{CaseID: w.c.ID, At: day(-30, 12, 0), Kind: casework.AssessmentReview, By: worker.ID,
			Scores: map[casework.Area]int{casework.AreaHousing: 5, casework.AreaFinances: 2, casework.AreaInclusion: 4}},
	} {
		must(e.db.AddAssessment(ctx, &a))
	}
	consent := func(p casework.Partner, org string, scope []casework.InfoKind, given time.Time, until calendar.Date) *casework.Consent {
		c := &casework.Consent{ClientID: w.client.ID, Partner: p, Organisation: org, Scope: scope, GivenAt: given,
			ValidUntil: until, RecordedBy: worker.ID}
		must(e.db.AddConsent(ctx, c))
		return c
	}
	w.kela = consent(casework.PartnerKela, "", []casework.InfoKind{casework.InfoContact, casework.InfoSituation}, day(-40, 10, 0), today.AddDays(300))
	w.expired = consent(casework.PartnerEmployment, "", []casework.InfoKind{casework.InfoContact, casework.InfoPlan}, day(-200, 10, 0), today.AddDays(-20))
	w.gone = consent(casework.PartnerNGO, "Kokkolan Sininauha", []casework.InfoKind{casework.InfoContact}, day(-50, 10, 0), today.AddDays(200))
	must(e.db.WithdrawConsent(ctx, w.gone.ID, worker.ID, day(-20, 9, 0)))
	ref := &casework.Referral{CaseID: w.c.ID, ConsentID: w.kela.ID, Partner: casework.PartnerKela, Shared: []casework.InfoKind{casework.InfoContact},
		Content: casework.ReferralContent{Name: w.client.Name, Phone: w.client.Phone}, Message: "Asiakas hakee perustoimeentulotukea, soittakaa hänelle.",
		SentAt: day(-25, 14, 0), SentBy: worker.ID}
	must(e.db.AddReferral(ctx, ref))
	return w
}

// wkEnv is a team with a case, its worker, a same-team reader, a team
// lead and an outsider.
type wkEnv struct {
	*testEnv
	team                           *access.Team
	worker, lead, reader, outsider *testUser
	w                              *wkCase
	wb                             *browser // the worker's
	base                           string   // /cases/{id}
}

func newWkEnv(t *testing.T, engine string) *wkEnv {
	t.Helper()
	e := &wkEnv{testEnv: newEnv(t, engine, Config{})}
	e.team = e.newTeam("Aikuissosiaalityö Kokkola", []string{"Kokkola"}, access.TargetWorkingAge)
	other := e.newTeam("Aikuissosiaalityö Kannus", []string{"Kannus"}, access.TargetWorkingAge)
	e.worker = e.newUser(access.RoleSocialCounsellor, withTeams(e.team.ID))
	e.lead = e.newUser(access.RoleTeamLead, withTeams(e.team.ID))
	e.reader = e.newUser(access.RoleSocialWorker, withTeams(e.team.ID))
	e.outsider = e.newUser(access.RoleSocialWorker, withTeams(other.ID))
	e.w = wkSeed(e.testEnv, e.team.ID, e.worker)
	e.wb = e.as(e.worker)
	e.base = "/cases/" + e.w.c.ID
	return e
}

func (e *wkEnv) reload() *casework.Case { return e.storedCase(e.w.c.ID) }

func (e *wkEnv) tasks() []casework.Task {
	e.t.Helper()
	ts, err := e.db.Tasks(e.ctx(), e.w.c.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return ts
}

// clientLogged reports whether the client's access log has an entry of u
// with action and purpose.
func (e *wkEnv) clientLogged(u *testUser, action access.LogAction, purpose string) bool {
	e.t.Helper()
	return e.logged(e.w.client.ID, u, action, purpose)
}

func wantNotContains(t *testing.T, r *resp, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Fatalf("%s %s: body has %q; body:\n%.3000s", r.Request.Method, r.Request.URL.Path, p, r.Body)
		}
	}
}

func TestCaseMeetingsNoShowAndFollowUp(t *testing.T) {
	t.Parallel()
	eachEngine(t, newWkEnv, testCaseMeetings)
}

func testCaseMeetings(t *testing.T, e *wkEnv) {
	now := e.clock.now()
	today := calendar.DateOf(now)
	b := e.wb
	r := b.get(e.base + "/meetings")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "casework_work.meetings.holding"), `action="`+e.base+`/meetings/`+e.w.planned.ID+`"`,
		e.html("fi", "casework_work.tasks.overdue"), "Käydään ovella yhdessä", e.html("fi", "casework_work.meetings.outreach"),
		e.html("fi", "casework_work.record.cancel"))
	if !e.clientLogged(e.worker, access.LogView, casePurpose) {
		t.Fatal("the view is not access-logged")
	}

	// The planned meeting of yesterday: the client did not come. The
	// follow-up is due on the default day, and the case stays active.
	wantDue := calendar.NthArkipaivaAfter(calendar.DateOf(e.w.planned.At), casework.FollowUpDays)
	if wantDue.Before(today) {
		wantDue = today
	}
	wantContains(t, r, finnishDate(wantDue))
	r = b.postCSRF(e.base+"/meetings/"+e.w.planned.ID, url.Values{"version": {"1"}, "result": {"no_show"}, "kind": {"letter"},
		"due": {""}, "outcome": {"Ei tullut Kelan toimistolle."}})
	loc := wantRedirect(t, r, e.base+"/meetings")
	if loc.Query().Get("saved") != "no_show" || loc.Query().Get("task") == "" {
		t.Fatalf("redirect %s", loc)
	}
	var task *casework.Task
	for _, tk := range e.tasks() {
		if tk.MeetingID == e.w.planned.ID {
			task = &tk
		}
	}
	if task == nil || task.Due != wantDue || task.Kind != casework.TaskLetter || task.AssignedTo != e.worker.ID || task.DoneAt != nil {
		t.Fatalf("follow-up %+v, want a letter due %s for the worker", task, wantDue)
	}
	if c := e.reload(); c.Status != casework.StatusActive {
		t.Fatalf("after a no-show the case is %s", c.Status)
	}
	mine, err := e.db.OpenTasksOf(e.ctx(), e.worker.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(mine, func(tk casework.Task) bool { return tk.ID == task.ID }) {
		t.Fatal("the worker's open follow-ups lack the new one")
	}
	loc.Fragment = "" // browsers keep it to themselves
	r = b.get(loc.String())
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "casework_work.saved.no_show", strings.ToLower(e.T("fi", "casework.task.letter")), finnishDate(wantDue)))
	if !e.clientLogged(e.worker, access.LogUpdate, casePurpose) {
		t.Fatal("the change is not access-logged")
	}

	// The same form again is stale.
	r = b.postCSRF(e.base+"/meetings/"+e.w.planned.ID, url.Values{"version": {"1"}, "result": {"held"}})
	wantStatus(t, r, http.StatusConflict)
	wantContains(t, r, e.html("fi", "casework.error.conflict"))

	// A follow-up that reaches the client is contact.
	before := e.reload().LastContactAt
	e.clock.advance(time.Minute)
	r = b.postCSRF(e.base+"/tasks/"+task.ID+"/done", url.Values{"reached": {"yes"}, "outcome": {"Soitti takaisin, sovittiin tapaaminen."}})
	wantRedirect(t, r, e.base+"/meetings")
	after := e.reload().LastContactAt
	if after == nil || (before != nil && !after.After(*before)) || after.Before(now) {
		t.Fatalf("last contact %v → %v, want moved to now", before, after)
	}
	r = b.postCSRF(e.base+"/tasks/"+task.ID+"/done", url.Values{"reached": {"yes"}})
	wantStatus(t, r, http.StatusConflict)
	// Reached or not must be said.
	r = b.postCSRF(e.base+"/tasks/"+e.w.open.ID+"/done", url.Values{"outcome": {"?"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "casework_work.error.reached"), `href="#done-`+e.w.open.ID+`-reached"`)

	// A meeting held, recorded directly.
	r = b.postCSRF(e.base+"/meetings", url.Values{"status": {"held"}, "date": {isoDate(today.AddDays(-1))}, "time": {"08.15"},
		"place": {"street"}, "outcome": {"Tavattiin asemalla."}})
	wantRedirect(t, r, e.base+"/meetings")
	// Planned for next week, then recorded as held before its time.
	r = b.postCSRF(e.base+"/meetings", url.Values{"status": {"planned"}, "date": {isoDate(today.AddDays(7))}, "time": {"10:00"}, "place": {"home"}})
	wantRedirect(t, r, e.base+"/meetings")
	r = b.postCSRF(e.base+"/meetings/"+e.w.future.ID, url.Values{"version": {"1"}, "result": {"held"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "casework.error.not_yet"))
	r = b.postCSRF(e.base+"/meetings/"+e.w.future.ID, url.Values{"version": {"1"}, "result": {"cancelled"}})
	wantRedirect(t, r, e.base+"/meetings")
	meetings, err := e.db.Meetings(e.ctx(), e.w.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	states := map[casework.MeetingStatus]int{}
	for _, m := range meetings {
		states[m.Status]++
	}
	if states[casework.MeetingHeld] != 3 || states[casework.MeetingNoShow] != 2 || states[casework.MeetingPlanned] != 1 || states[casework.MeetingCancelled] != 1 {
		t.Fatalf("meetings by state %v", states)
	}

	// A follow-up by hand.
	r = b.postCSRF(e.base+"/tasks", url.Values{"kind": {"message"}, "due": {isoDate(today.AddDays(3))}, "note": {"Tekstiviesti ennen käyntiä."}})
	wantRedirect(t, r, e.base+"/meetings")
	if n := len(e.tasks()); n != 4 {
		t.Fatalf("%d follow-ups, want 4", n)
	}

	// Bad input comes back in the user's language, on the right field.
	b.Header.Set("Accept-Language", "sv")
	for _, tc := range []struct {
		path  string
		form  url.Values
		input string
		key   string
	}{
		{"/tasks", url.Values{"kind": {"call"}, "due": {isoDate(today.AddDays(-1))}}, "task-due", "casework.error.due_past"},
		{"/tasks", url.Values{"kind": {"fax"}, "due": {isoDate(today)}}, "task-kind", "error.unknown_code"},
		{"/meetings", url.Values{"status": {"planned"}, "date": {"2026-02-30"}, "time": {"10:00"}, "place": {"home"}}, "meet-date", "error.date"},
		{"/meetings", url.Values{"status": {"planned"}, "date": {isoDate(today)}, "time": {"25:00"}, "place": {"home"}}, "meet-time", "error.time"},
		{"/meetings", url.Values{"status": {"planned"}, "date": {isoDate(today)}, "time": {"10:00"}}, "meet-place", "error.unknown_code"},
		{"/meetings", url.Values{"status": {"held"}, "date": {isoDate(today.AddDays(1))}, "time": {"10:00"}, "place": {"phone"}}, "meet-date", "casework.error.not_yet"},
		{"/meetings", url.Values{"status": {"no_show"}, "date": {isoDate(today)}, "time": {"10:00"}, "place": {"phone"}}, "meet-status", "error.unknown_code"},
	} {
		r := b.postCSRF(e.base+tc.path, tc.form)
		e.wantFieldError(t, r, "sv", tc.input, tc.key)
		wantContains(t, r, tc.form.Get("date"))
	}
	b.Header.Del("Accept-Language")

	// Ids that are not this case's: 404.
	other := wkSeed(e.testEnv, e.team.ID, e.lead)
	r = b.postCSRF(e.base+"/meetings/"+other.planned.ID, url.Values{"version": {"1"}, "result": {"held"}})
	wantStatus(t, r, http.StatusNotFound)
	r = b.postCSRF(e.base+"/tasks/"+other.open.ID+"/done", url.Values{"reached": {"yes"}})
	wantStatus(t, r, http.StatusNotFound)
	r = b.postCSRF(e.base+"/meetings/00000000-0000-7000-8000-000000000000", url.Values{"version": {"1"}, "result": {"held"}})
	wantStatus(t, r, http.StatusNotFound)
	r = b.postCSRF(e.base+"/meetings/"+e.w.future.ID, url.Values{"version": {"x"}, "result": {"held"}})
	wantStatus(t, r, http.StatusBadRequest)
}

func TestCasePlanVersions(t *testing.T) {
	t.Parallel()
	eachEngine(t, newWkEnv, testCasePlan)
}

func testCasePlan(t *testing.T, e *wkEnv) {
	b := e.wb
	today := calendar.DateOf(e.clock.now())
	r := b.get(e.base + "/plan")
	wantStatus(t, r, http.StatusOK)
	// The current plan, the form with the goals and two empty blocks, and
	// the first version in the history.
	wantContains(t, r, "Että olisi jotain tekemistä päiviin.", e.html("fi", "casework_work.plan.goal_label"),
		`name="g2.text"`, `name="g3.a2.who"`, `name="version" value="2"`, "<details>", e.html("fi", "casework_work.plan.version", 1))
	wantNotContains(t, r, `name="g4.text"`)
	if strings.Contains(section(t, r.Body, "current-h"), e.html("fi", "casework_work.plan.review_passed")) {
		t.Fatal("the current plan's review date is ahead, yet shown as passed")
	}

	form := url.Values{"version": {"2"}, "review_date": {isoDate(today.AddDays(60))},
		"g0.text": {"Haluan oman asunnon ennen talvea."}, "g0.a0.what": {"Asuntohakemus"}, "g0.a0.who": {"Asiakas"}, "g0.a0.done": {"1"},
		"g0.a1.what": {""}, "g0.a1.who": {""},
		"g1.text": {""}, "g1.a0.what": {""}, "g1.a0.who": {""},
		"g2.text": {"Käydä kerran viikossa Kohtaamispaikalla."}, "g2.a0.what": {"Mennään ensin yhdessä"}, "g2.a0.who": {"Työntekijä"}}
	r = b.postCSRF(e.base+"/plan", form)
	wantRedirect(t, r, e.base+"/plan")
	plans, err := e.db.Plans(e.ctx(), e.w.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != 3 {
		t.Fatalf("%d plan versions, want 3", len(plans))
	}
	p := plans[2]
	if p.Version != 3 || len(p.Goals) != 2 || len(p.Goals[0].Actions) != 1 || !p.Goals[0].Actions[0].Done ||
		p.Goals[1].Text != "Käydä kerran viikossa Kohtaamispaikalla." || p.SavedBy != e.worker.ID || p.ReviewDate != today.AddDays(60) {
		t.Fatalf("saved plan %+v", p)
	}
	if !e.clientLogged(e.worker, access.LogUpdate, casePurpose) {
		t.Fatal("saving the plan is not access-logged")
	}
	r = b.get(e.base + "/plan")
	wantContains(t, r, e.html("fi", "casework_work.plan.version", 3), e.html("fi", "casework_work.plan.version", 2),
		"Maksusuunnitelma vuokrarästeistä", `name="version" value="3"`)
	if n := strings.Count(r.Body, "<details>"); n != 2 {
		t.Fatalf("%d earlier versions listed, want 2", n)
	}

	// A form made from version 2 is stale now: 409, the form as typed.
	form.Set("g0.text", "Oma koti")
	r = b.postCSRF(e.base+"/plan", form)
	wantStatus(t, r, http.StatusConflict)
	wantContains(t, r, e.html("fi", "casework.error.conflict"), "Oma koti", `name="version" value="3"`)

	b.Header.Set("Accept-Language", "sv")
	form.Set("version", "3")
	for _, tc := range []struct {
		change func(url.Values)
		input  string
		key    string
	}{
		{func(f url.Values) { f.Set("g2.a0.who", " ") }, "g2-a0-who", "error.required"},
		{func(f url.Values) { f.Set("g2.text", ""); f.Set("g0.text", "") }, "g0-text", "error.required"},
		{func(f url.Values) {
			for _, k := range []string{"g0.text", "g0.a0.what", "g2.text", "g2.a0.what"} {
				f.Set(k, "")
			}
		}, "g0-text", "casework.error.no_goals"},
		{func(f url.Values) { f.Set("review_date", isoDate(today.AddDays(-1))) }, "plan-review", "casework.error.due_past"},
		{func(f url.Values) { f.Set("review_date", "") }, "plan-review", "error.required"},
	} {
		f := url.Values{}
		for k, v := range form {
			f[k] = slices.Clone(v)
		}
		tc.change(f)
		e.wantFieldError(t, b.postCSRF(e.base+"/plan", f), "sv", tc.input, tc.key)
	}
	r = b.postCSRF(e.base+"/plan", url.Values{"version": {"three"}})
	wantStatus(t, r, http.StatusBadRequest)
	if plans, _ := e.db.Plans(e.ctx(), e.w.c.ID); len(plans) != 3 {
		t.Fatalf("refused forms saved plans: %d versions", len(plans))
	}
}

func TestCaseProgressAssessments(t *testing.T) {
	t.Parallel()
	eachEngine(t, newWkEnv, testCaseProgress)
}

func testCaseProgress(t *testing.T, e *wkEnv) {
	b := e.wb
	today := calendar.DateOf(e.clock.now())
	r := b.get(e.base + "/progress")
	wantStatus(t, r, http.StatusOK)
	// Housing 2 → 5, finances 3 → 2, substance use scored once.
	change := html.UnescapeString(section(t, r.Body, "change-h"))
	for _, want := range []string{e.T("fi", "casework_work.progress.better", 3), e.T("fi", "casework_work.progress.worse", 1),
		e.T("fi", "casework_work.progress.once"), e.T("fi", "casework.area.housing")} {
		if !strings.Contains(change, want) {
			t.Fatalf("change table lacks %q:\n%s", want, change)
		}
	}
	wantContains(t, r, `name="score.housing" value="10"`, e.html("fi", "casework_work.progress.not_assessed"),
		`value="review" checked`)

	b.Header.Set("Accept-Language", "en")
	e.wantFormErrors(t, b, e.base+"/progress", "en", []formError{
		{url.Values{"kind": {"review"}, "date": {isoDate(today)}, "score.housing": {"0"}}, "score-housing", "casework.error.score"},
		{url.Values{"kind": {"review"}, "date": {isoDate(today)}, "score.finances": {"11"}}, "score-finances", "casework.error.score"},
		{url.Values{"kind": {"review"}, "date": {isoDate(today)}, "score.crisis": {"seven"}}, "score-crisis", "casework.error.score"},
		{url.Values{"kind": {"review"}, "date": {isoDate(today)}, "score.housing": {""}}, "prog-scores", "casework.error.no_scores"},
		{url.Values{"kind": {"later"}, "date": {isoDate(today)}, "score.housing": {"5"}}, "prog-kind", "error.unknown_code"},
		{url.Values{"kind": {"review"}, "date": {isoDate(today.AddDays(1))}, "score.housing": {"5"}}, "prog-date", "casework_work.error.assessed_on"},
		{url.Values{"kind": {"review"}, "date": {"1.2.2026"}, "score.housing": {"5"}}, "prog-date", "error.date"},
	})
	r = b.postCSRF(e.base+"/progress", url.Values{"kind": {"review"}, "date": {isoDate(today.AddDays(-2))},
		"score.housing": {"6"}, "score.finances": {"1"}, "score.crisis": {""}})
	loc := wantRedirect(t, r, e.base+"/progress")
	loc.Fragment = ""
	as, err := e.db.Assessments(e.ctx(), e.w.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 3 {
		t.Fatalf("%d assessments, want 3", len(as))
	}
	r = b.get(loc.String())
	change = html.UnescapeString(section(t, r.Body, "change-h"))
	// Housing 2 → 6, finances 3 → 1.
	for _, want := range []string{e.T("en", "casework_work.progress.better", 4), e.T("en", "casework_work.progress.worse", 2)} {
		if !strings.Contains(change, want) {
			t.Fatalf("change table lacks %q:\n%s", want, change)
		}
	}
	wantContains(t, r, e.html("en", "casework_work.saved.assessment"), finnishDate(today.AddDays(-2)))
}

func TestCaseReferralsOnlyConsented(t *testing.T) {
	t.Parallel()
	eachEngine(t, newWkEnv, testCaseReferrals)
}

func testCaseReferrals(t *testing.T, e *wkEnv) {
	b := e.wb
	r := b.get(e.base + "/referrals")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "casework_work.consent.active"), "Kokkolan Sininauha", `href="/clients/`+e.w.client.ID+`"`,
		`name="consent_id" value="`+e.w.kela.ID+`"`, `id="share-plan" name="share" value="plan" disabled`,
		e.html("fi", "casework_work.referral.not_covered"), "Asiakas hakee perustoimeentulotukea")
	wantNotContains(t, r, `id="share-contact" name="share" value="contact" disabled`)

	// The preview shows exactly the kinds chosen.
	form := url.Values{"consent_id": {e.w.kela.ID}, "share": {"contact"}, "message": {"Pyydämme yhteydenottoa."}, "step": {"preview"}}
	r = b.postCSRF(e.base+"/referrals", form)
	wantStatus(t, r, http.StatusOK)
	preview := section(t, r.Body, "preview")
	if !strings.Contains(preview, e.w.client.Phone) || strings.Contains(preview, "vuokrarästejä") ||
		!strings.Contains(preview, e.html("fi", "casework_work.referral.send", e.T("fi", "casework.partner.kela"))) {
		t.Fatalf("preview of contact details:\n%s", preview)
	}
	form.Set("share", "situation")
	r = b.postCSRF(e.base+"/referrals", form)
	preview = section(t, r.Body, "preview")
	if strings.Contains(preview, e.w.client.Phone) || !strings.Contains(preview, "vuokrarästejä") {
		t.Fatalf("preview of the situation:\n%s", preview)
	}
	if refs, _ := e.db.Referrals(e.ctx(), e.w.c.ID); len(refs) != 1 {
		t.Fatalf("a preview sent something: %d referrals", len(refs))
	}

	// What the consent does not cover is refused, even with a forged form.
	form["share"] = []string{"contact", "plan"}
	r = b.postCSRF(e.base+"/referrals", form)
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "casework.error.not_consented"), `href="#ref-share"`)
	form.Set("step", "send")
	r = b.postCSRF(e.base+"/referrals", form)
	wantStatus(t, r, http.StatusBadRequest)

	form["share"] = []string{"contact", "situation"}
	r = b.postCSRF(e.base+"/referrals", form)
	wantRedirect(t, r, e.base+"/referrals")
	refs, err := e.db.Referrals(e.ctx(), e.w.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 2 {
		t.Fatalf("%d referrals, want 2", len(refs))
	}
	ref := refs[1]
	if ref.Partner != casework.PartnerKela || !slices.Equal(ref.Shared, []casework.InfoKind{casework.InfoContact, casework.InfoSituation}) ||
		ref.Content.Phone != e.w.client.Phone || ref.Content.Situation[casework.AreaHousing] == "" || ref.Content.Goals != nil ||
		ref.Content.Scores != nil || ref.Content.Stage != 0 || ref.Message != "Pyydämme yhteydenottoa." || ref.SentBy != e.worker.ID {
		t.Fatalf("referral %+v", ref)
	}
	if !e.clientLogged(e.worker, access.LogExport, "referral to kela") {
		t.Fatal("the referral is not access-logged as an export")
	}
	if !slices.ContainsFunc(e.caseEvents(e.w.c.ID), func(ev casework.Event) bool { return ev.Type == casework.EventReferralSent && ev.By == e.worker.ID }) {
		t.Fatal("no referral_sent event in the case's history")
	}

	// Expired, withdrawn: refused. Another client's consent: 404.
	for _, c := range []*casework.Consent{e.w.expired, e.w.gone} {
		f := url.Values{"consent_id": {c.ID}, "share": {"contact"}, "step": {"send"}}
		r = b.postCSRF(e.base+"/referrals", f)
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, e.html("fi", "casework.error.no_consent"))
	}
	if err := e.db.WithdrawConsent(e.ctx(), e.w.kela.ID, e.worker.ID, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	form["share"] = []string{"contact"}
	r = b.postCSRF(e.base+"/referrals", form)
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "casework.error.no_consent"), e.html("fi", "casework_work.referral.no_active"))
	if refs, _ := e.db.Referrals(e.ctx(), e.w.c.ID); len(refs) != 2 {
		t.Fatalf("a referral went under a withdrawn consent: %d", len(refs))
	}
	other := wkSeed(e.testEnv, e.team.ID, e.lead)
	r = b.postCSRF(e.base+"/referrals", url.Values{"consent_id": {other.kela.ID}, "share": {"contact"}, "step": {"preview"}})
	wantStatus(t, r, http.StatusNotFound)
	r = b.postCSRF(e.base+"/referrals", url.Values{"consent_id": {e.w.kela.ID}, "share": {"contact"}, "step": {"publish"}})
	wantStatus(t, r, http.StatusBadRequest)
}

// TestCaseWorkPagesAccess: the case's worker and team lead use the pages;
// a same-team social worker reads them only after stating a purpose and
// never sees a form; anyone else is refused, and the refusal is logged.
func TestCaseWorkPagesAccess(t *testing.T) {
	t.Parallel()
	e := newWkEnv(t, "sqlite")
	pages := []string{"/meetings", "/plan", "/progress", "/referrals"}
	posts := []string{"/meetings", "/meetings/" + e.w.planned.ID, "/tasks", "/tasks/" + e.w.open.ID + "/done", "/plan", "/progress", "/referrals"}

	lead := e.as(e.lead)
	for _, p := range pages {
		r := lead.get(e.base + p)
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, `action="`+e.base+p, `aria-current="page"`)
	}

	reader := e.as(e.reader)
	for _, p := range pages {
		wantRedirect(t, reader.get(e.base+p), e.base)
	}
	if err := e.db.GrantCaseRead(e.ctx(), e.w.c.ID, e.reader.ID, "sijaisuus lomien ajan", e.clock.now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		r := reader.get(e.base + p)
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, "sijaisuus lomien ajan")
		wantNotContains(t, r, `action="`+e.base, `name="share"`, `<textarea`)
	}
	if !e.clientLogged(e.reader, access.LogView, readPurposePrefix+"sijaisuus lomien ajan") {
		t.Fatal("the reader's view is not logged with the purpose")
	}
	outsider := e.as(e.outsider)
	for _, p := range posts {
		wantStatus(t, reader.postCSRF(e.base+p, url.Values{"version": {"1"}}), http.StatusForbidden)
		wantStatus(t, outsider.postCSRF(e.base+p, url.Values{"version": {"1"}}), http.StatusForbidden)
	}
	for _, p := range pages {
		wantStatus(t, outsider.get(e.base+p), http.StatusForbidden)
		wantStatus(t, e.wb.get("/cases/00000000-0000-7000-8000-000000000000"+p), http.StatusNotFound)
	}
	if !e.clientLogged(e.outsider, access.LogDeny, casePurpose) {
		t.Fatal("the refusal is not logged")
	}
	if n := len(e.tasks()); n != 2 {
		t.Fatalf("refused posts changed follow-ups: %d", n)
	}

	// A closed case: the pages stay, the forms go, changes are refused.
	e.closeCase(e.w.c.ID, casework.CloseToServices)
	for _, p := range pages {
		r := e.wb.get(e.base + p)
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, e.html("fi", "casework_work.closed"))
		wantNotContains(t, r, `action="`+e.base)
	}
	r := e.wb.postCSRF(e.base+"/tasks", url.Values{"kind": {"call"}, "due": {isoDate(calendar.DateOf(e.clock.now()))}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "casework.error.case_closed"))
}
