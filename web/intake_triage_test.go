package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/hetu"
	"kynnys/intake"
	"kynnys/store"
	"kynnys/store/storetest"
)

// triageHetu is a made-up temporary identity code (individual number
// 900–999) for a birth date given as DDMMYY and its century sign.
func triageHetu(ddmmyy string, sign byte, individual int) string {
	nine := ddmmyy + strconv.Itoa(individual)
	return ddmmyy + string(sign) + strconv.Itoa(individual) + string(hetu.CheckSymbol(nine))
}

// triageSubjectName is the name of newTriageItem's person: the queue must
// never show it.
const triageSubjectName = "Tiina Testihenkilö"

// newTriageItem stores, as the notification form does, a notification
// without consent about an adult in Pori from a nurse who asked to be told
// of receipt; mods change it first.
func newTriageItem(e *testEnv, mods ...func(*intake.Item)) *intake.Item {
	e.t.Helper()
	it := &intake.Item{Kind: intake.KindSHL35NoConsent, Source: intake.SourceNotification, Municipality: "Pori",
		// A person of their own for each item: one code is one person.
		Subject: intake.Subject{Name: triageSubjectName, Hetu: triageHetu("150380", '-', 900+int(e.seq.Add(1)%100)), Phone: "040 000 0001"},
		Notifier: &intake.Notifier{Name: "Noora Hoitaja", Organisation: "Porin terveysasema", Phone: "02 000 0002",
			Professional: true, WantsAcknowledgement: true},
		Concern: "Toistuvia käyntejä, ei ole halunnut apua.", Details: intake.Details{PersonKnows: "no", Consent: intake.ConsentRefused}}
	for _, m := range mods {
		m(it)
	}
	if err := e.srv.receiveIntake(e.ctx(), it, nil); err != nil {
		e.t.Fatalf("receive intake: %v", err)
	}
	return it
}

// inMunicipality moves a test item to municipality m.
func inMunicipality(m string) func(*intake.Item) {
	return func(it *intake.Item) { it.Municipality = m }
}

type triageEnv struct {
	*testEnv
	pori, salo               *access.Team
	lead, worker, counsellor *testUser // Pori
	saloLead, saloWorker     *testUser
}

// newTriageEnv starts a server on engine; st, when not nil, wraps the store.
func newTriageEnv(t *testing.T, engine string, st func(*store.DB) Store) *triageEnv {
	t.Helper()
	db := storetest.Open(t, engine)
	var s Store
	if st != nil {
		s = st(db)
	}
	e := newEnvWith(t, db, s, Config{EmergencyNumber: "0800 123 456"})
	pori := e.newTeam("Porin tiimi", []string{"Pori"}, access.TargetWorkingAge, access.TargetFamilies)
	salo := e.newTeam("Salon tiimi", []string{"Salo"})
	return &triageEnv{testEnv: e, pori: pori, salo: salo,
		lead:       e.newUser(access.RoleTeamLead, withTeams(pori.ID)),
		worker:     e.newUser(access.RoleSocialWorker, withTeams(pori.ID)),
		counsellor: e.newUser(access.RoleSocialCounsellor, withTeams(pori.ID)),
		saloLead:   e.newUser(access.RoleTeamLead, withTeams(salo.ID)),
		saloWorker: e.newUser(access.RoleSocialWorker, withTeams(salo.ID))}
}

func (e *triageEnv) as(u *testUser) *browser {
	b := e.browser()
	b.signInAs(u, true)
	return b
}

func (e *triageEnv) item(id string) *intake.Item {
	e.t.Helper()
	it, err := e.db.IntakeItem(e.ctx(), id)
	if err != nil {
		e.t.Fatalf("item: %v", err)
	}
	return it
}

func (e *triageEnv) events(id string) []intake.Event {
	e.t.Helper()
	evs, err := e.db.IntakeEvents(e.ctx(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return evs
}

// accessLog is the access log of person, oldest first.
func (e *triageEnv) accessLog(person string) []access.LogEntry {
	e.t.Helper()
	entries, err := e.db.AccessLogForPerson(e.ctx(), person, time.Time{})
	if err != nil {
		e.t.Fatal(err)
	}
	return entries
}

// postTriage posts step's form on item id with the item's current version
// (unless form names one).
func (b *browser) postTriage(id, step string, form url.Values) *resp {
	b.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if f.Get("version") == "" {
		it, err := b.env.db.IntakeItem(b.env.ctx(), id)
		if err != nil {
			b.t.Fatal(err)
		}
		f.Set("version", strconv.Itoa(it.Version))
	}
	return b.postCSRF("/intake/items/"+id+"/"+step, f)
}

func TestTriageTeamIsolation(t *testing.T) {
	t.Parallel()
	e := newTriageEnv(t, "sqlite", nil)
	theirs := newTriageItem(e.testEnv, inMunicipality("Salo"))
	mine := newTriageItem(e.testEnv)
	if theirs.TeamID != e.salo.ID || mine.TeamID != e.pori.ID {
		t.Fatalf("routing: %q %q", theirs.TeamID, mine.TeamID)
	}
	b := e.as(e.lead)
	routes := []struct{ method, step string }{{"GET", ""}, {"POST", "urgency"}, {"POST", "assign"}, {"POST", "start"},
		{"POST", "close"}, {"POST", "assessment-complete"}, {"POST", "note"}, {"POST", "reroute"}}
	for _, rt := range routes {
		var r *resp
		if rt.method == "GET" {
			r = b.get("/intake/items/" + theirs.ID)
		} else {
			r = b.postTriage(theirs.ID, rt.step, url.Values{"urgency": {"urgent"}, "reasons": {"x"}, "worker": {e.lead.ID},
				"outcome": {"guidance_given"}, "note": {"x"}, "team": {e.pori.ID}, "reason": {"x"}})
		}
		wantStatus(t, r, http.StatusForbidden)
		wantContains(t, r, e.html("fi", "intake.error.not_your_team"))
		if strings.Contains(r.Body, triageSubjectName) || strings.Contains(r.Body, theirs.Receipt) {
			t.Fatalf("%s %s: the 403 shows the item", rt.method, rt.step)
		}
	}
	log := e.accessLog(theirs.PersonID)
	if len(log) != len(routes) {
		t.Fatalf("%d access log entries for the refused uses, want %d: %+v", len(log), len(routes), log)
	}
	for _, le := range log {
		if le.Action != access.LogDeny || le.UserID != e.lead.ID || le.Purpose != triagePurpose {
			t.Errorf("refusal logged as %+v", le)
		}
	}
	if got := e.item(theirs.ID); got.Version != theirs.Version || got.TeamID != e.salo.ID {
		t.Fatalf("a refused change changed the item: version %d, team %s", got.Version, got.TeamID)
	}

	// Their team's queue is not the lead's to see, nor is the item in theirs.
	wantStatus(t, b.get("/intake?team="+e.salo.ID), http.StatusForbidden)
	for _, path := range []string{"/intake", "/intake?show=all", "/intake/overdue"} {
		r := b.get(path)
		wantStatus(t, r, http.StatusOK)
		if strings.Contains(r.Body, theirs.Receipt) || strings.Contains(r.Body, theirs.ID) {
			t.Errorf("%s lists another team's item", path)
		}
	}
	wantContains(t, b.get("/intake"), mine.Receipt)
	wantStatus(t, b.get("/intake/items/00000000-0000-7000-8000-000000000000"), http.StatusNotFound)

	// A member of the item's team may see it.
	wantStatus(t, e.as(e.saloWorker).get("/intake/items/"+theirs.ID), http.StatusOK)
}

func TestTriageQueueShowsNoPersonalData(t *testing.T) {
	t.Parallel()
	e := newTriageEnv(t, "sqlite", nil)
	it := newTriageItem(e.testEnv)
	child := newTriageItem(e.testEnv, func(it *intake.Item) {
		it.Kind, it.Subject = intake.KindChildWelfare, intake.Subject{Name: "Lapsi Testinen", BirthDate: calendar.DateOf(e.clock.now()).AddDays(-3000)}
		it.Details.Consent = ""
	})
	b := e.as(e.worker)
	r := b.get("/intake?lang=en")
	wantStatus(t, r, http.StatusOK)
	for _, secret := range []string{triageSubjectName, it.Subject.Hetu, "Lapsi Testinen", it.Concern, it.Notifier.Name} {
		if strings.Contains(r.Body, secret) {
			t.Errorf("the queue shows %q", secret)
		}
	}
	wantContains(t, r, it.Receipt, child.Receipt, "Pori", e.html("en", "intake_staff.age.adult"), e.html("en", "intake_staff.age.child"),
		e.html("en", "intake.kind.child_welfare"), `href="/intake/items/`+it.ID+`"`)
	if n := len(e.accessLog(it.PersonID)); n != 0 {
		t.Fatalf("the queue wrote %d access log entries", n)
	}

	// The item page shows it all, and logs the view.
	r = b.get("/intake/items/" + it.ID)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, triageSubjectName, it.Subject.Hetu, it.Concern, it.Notifier.Name)
	log := e.accessLog(it.PersonID)
	if len(log) != 1 || log[0].Action != access.LogView || log[0].Purpose != triagePurpose ||
		log[0].Route != "GET /intake/items/{id}" || log[0].UserID != e.worker.ID {
		t.Fatalf("view logged as %+v", log)
	}
}

func TestTriageQueueFilters(t *testing.T) {
	t.Parallel()
	e := newTriageEnv(t, "sqlite", nil)
	open, assigned, closed := newTriageItem(e.testEnv), newTriageItem(e.testEnv), newTriageItem(e.testEnv)
	lead := e.as(e.lead)
	for _, it := range []*intake.Item{assigned, closed} {
		wantStatus(t, lead.postTriage(it.ID, "urgency", url.Values{"urgency": {"not_urgent"}, "reasons": {"ok"}}), http.StatusSeeOther)
	}
	wantStatus(t, lead.postTriage(assigned.ID, "assign", url.Values{"worker": {e.worker.ID}}), http.StatusSeeOther)
	wantStatus(t, lead.postTriage(closed.ID, "close", url.Values{"outcome": {"guidance_given"}}), http.StatusSeeOther)

	w := e.as(e.worker)
	for _, tc := range []struct {
		query    string
		want     []*intake.Item
		wantNone []*intake.Item
	}{
		{"", []*intake.Item{open, assigned}, []*intake.Item{closed}},
		{"?show=all", []*intake.Item{open, assigned, closed}, nil},
		{"?mine=1", []*intake.Item{assigned}, []*intake.Item{open, closed}},
		{"?show=all&mine=1", []*intake.Item{assigned}, []*intake.Item{open, closed}},
		{"?team=" + e.pori.ID, []*intake.Item{open, assigned}, []*intake.Item{closed}},
	} {
		r := w.get("/intake" + tc.query)
		wantStatus(t, r, http.StatusOK)
		for _, it := range tc.want {
			if !strings.Contains(r.Body, it.Receipt) {
				t.Errorf("/intake%s lacks %s", tc.query, it.Receipt)
			}
		}
		for _, it := range tc.wantNone {
			if strings.Contains(r.Body, it.Receipt) {
				t.Errorf("/intake%s shows %s", tc.query, it.Receipt)
			}
		}
	}
	// New (not assessed) first.
	r := w.get("/intake?show=all")
	if strings.Index(r.Body, open.Receipt) > strings.Index(r.Body, assigned.Receipt) {
		t.Error("the unassessed item is not first")
	}
	// A user in no team gets an empty queue with a word why.
	loner := e.newUser(access.RoleSocialWorker)
	r = e.as(loner).get("/intake")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "intake_staff.queue.no_teams"))
}

// TestTriageOutcomes takes an item through every path to each outcome, on
// every engine.
func TestTriageOutcomes(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) { testTriageOutcomes(t, newTriageEnv(t, engine, nil)) })
	}
}

func testTriageOutcomes(t *testing.T, e *triageEnv) {
	for _, tc := range []struct {
		outcome intake.Status
		form    url.Values
		check   func(t *testing.T, it *intake.Item)
	}{
		{intake.StatusGuidanceGiven, url.Values{}, nil},
		{intake.StatusAssessmentStarted, url.Values{}, func(t *testing.T, it *intake.Item) {
			if it.AssessmentStartedAt == nil {
				t.Error("assessment start not recorded")
			}
		}},
		{intake.StatusForwarded, url.Values{"forwarded_to": {"Päihdepalvelut"}, "no_action_reason": {"ignored"}}, func(t *testing.T, it *intake.Item) {
			if it.ForwardedTo != "Päihdepalvelut" || it.NoActionReason != "" {
				t.Errorf("forwarded to %q, reason %q", it.ForwardedTo, it.NoActionReason)
			}
		}},
		{intake.StatusNoAction, url.Values{"no_action_reason": {"Asia hoidettu jo muualla"}}, func(t *testing.T, it *intake.Item) {
			if it.NoActionReason != "Asia hoidettu jo muualla" || it.ForwardedTo != "" {
				t.Errorf("no action reason %q, forwarded %q", it.NoActionReason, it.ForwardedTo)
			}
		}},
	} {
		t.Run(string(tc.outcome), func(t *testing.T) {
			it := newTriageItem(e.testEnv)
			lead, worker := e.as(e.lead), e.as(e.worker)
			steps := []struct {
				b    *browser
				step string
				form url.Values
				want intake.Status
			}{
				{lead, "urgency", url.Values{"urgency": {"not_urgent"}, "reasons": {"Ei välitöntä vaaraa."}}, intake.StatusUrgencyAssessed},
				{lead, "assign", url.Values{"worker": {e.worker.ID}}, intake.StatusAssigned},
				{worker, "start", nil, intake.StatusInProgress},
				{worker, "note", url.Values{"note": {"Soitettu, ei vastannut."}}, intake.StatusInProgress},
				{worker, "close", url.Values{"outcome": {string(tc.outcome)}}, tc.outcome},
			}
			for k, v := range tc.form {
				steps[4].form[k] = v
			}
			for _, s := range steps {
				r := s.b.postTriage(it.ID, s.step, s.form)
				loc := wantRedirect(t, r, "/intake/items/"+it.ID)
				if loc.Query().Get("saved") != s.step || loc.Fragment != s.step {
					t.Fatalf("%s: redirect to %s", s.step, loc)
				}
				if got := e.item(it.ID); got.Status != s.want {
					t.Fatalf("after %s: status %s, want %s", s.step, got.Status, s.want)
				}
				// The page it goes back to names what was saved.
				wantContains(t, s.b.get(loc.RequestURI()), e.html("fi", "intake_staff.saved."+s.step))
			}
			got := e.item(it.ID)
			if got.UrgencyBy != e.lead.ID || got.UrgencyReasons != "Ei välitöntä vaaraa." || got.AssignedTo != e.worker.ID || got.DecidedAt == nil {
				t.Fatalf("triage fields %+v", got.Triage)
			}
			if tc.check != nil {
				tc.check(t, got)
			}
			wantTypes := []intake.EventType{intake.EventCreated, intake.EventRouted, intake.EventUrgency, intake.EventAssigned,
				intake.EventStatus, intake.EventNote, intake.EventStatus}
			if tc.outcome == intake.StatusAssessmentStarted {
				wantStatus(t, worker.postTriage(it.ID, "assessment-complete", nil), http.StatusSeeOther)
				if e.item(it.ID).AssessmentCompletedAt == nil {
					t.Fatal("assessment completion not recorded")
				}
				wantTypes = append(wantTypes, intake.EventAssessment)
			}
			var types []intake.EventType
			for _, ev := range e.events(it.ID) {
				types = append(types, ev.Type)
			}
			if !slices.Equal(types, wantTypes) {
				t.Fatalf("history %v, want %v", types, wantTypes)
			}
			r := worker.get("/intake/items/" + it.ID)
			wantContains(t, r, e.html("fi", "intake_staff.actions.closed"), e.html("fi", "intake.status."+string(tc.outcome)),
				"Soitettu, ei vastannut.", e.html("fi", "intake_staff.event.status_to", e.T("fi", "intake.status."+string(tc.outcome))))
			if strings.Contains(r.Body, `action="/intake/items/`+it.ID+`/close"`) {
				t.Error("a closed item still offers closing")
			}
			// Every change and every page view was logged for the person.
			var views, updates int
			for _, le := range e.accessLog(it.PersonID) {
				switch le.Action {
				case access.LogView:
					views++
				case access.LogUpdate:
					updates++
					if le.Purpose != triagePurpose || !strings.HasPrefix(le.Route, "POST /intake/items/{id}/") {
						t.Errorf("update logged as %+v", le)
					}
				}
			}
			if wantUpdates := len(wantTypes) - 2; updates != wantUpdates || views != len(steps)+1 {
				t.Errorf("access log: %d updates, %d views; want %d and %d", updates, views, wantUpdates, len(steps)+1)
			}
		})
	}
}

// TestTriageRefusals: each refused step re-shows the page with the message
// and what was typed, and changes nothing.
func TestTriageRefusals(t *testing.T) {
	t.Parallel()
	e := newTriageEnv(t, "sqlite", nil)
	analyst := e.newUser(access.RoleAnalyst, withTeams(e.pori.ID))
	assessed := func(t *testing.T, it *intake.Item) {
		wantStatus(t, e.as(e.lead).postTriage(it.ID, "urgency", url.Values{"urgency": {"not_urgent"}, "reasons": {"r"}}), http.StatusSeeOther)
	}
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, it *intake.Item)
		step    string
		form    url.Values
		status  int
		wantKey string
		echo    string // what the page must keep of the form
	}{
		{"no reasons", nil, "urgency", url.Values{"urgency": {"urgent"}, "reasons": {"  "}}, 400, "intake.error.reasons", `value="urgent" checked`},
		{"unknown urgency", nil, "urgency", url.Values{"urgency": {"maybe"}, "reasons": {"syyt tässä"}}, 400, "intake.error.choice", "syyt tässä"},
		{"assign before urgency", nil, "assign", url.Values{"worker": {""}}, 400, "intake.error.urgency_first", ""},
		{"assign nobody", assessed, "assign", url.Values{"worker": {""}}, 400, "error.required", ""},
		{"assign another team's worker", assessed, "assign", url.Values{"worker": {e.saloWorker.ID}}, 400, "intake_staff.error.worker", ""},
		{"assign an analyst", assessed, "assign", url.Values{"worker": {analyst.ID}}, 400, "intake_staff.error.worker", ""},
		{"assign an unknown user", assessed, "assign", url.Values{"worker": {"00000000-0000-7000-8000-000000000000"}}, 400, "intake_staff.error.worker", ""},
		{"start unassigned", assessed, "start", nil, 400, "intake.error.transition", ""},
		{"close before urgency", nil, "close", url.Values{"outcome": {"guidance_given"}}, 400, "intake.error.urgency_first", ""},
		{"close without outcome", assessed, "close", url.Values{}, 400, "intake.error.choice", ""},
		{"forward to nowhere", assessed, "close", url.Values{"outcome": {"forwarded"}, "no_action_reason": {"typed here"}}, 400, "intake.error.detail_forwarded", "typed here"},
		{"no action without reason", assessed, "close", url.Values{"outcome": {"no_action"}, "forwarded_to": {"Kela"}}, 400, "intake.error.detail_no_action", `value="Kela"`},
		{"complete without assessment", assessed, "assessment-complete", nil, 400, "intake.error.transition", ""},
		{"empty note", nil, "note", url.Values{"note": {" "}}, 400, "error.required", ""},
		{"long note", nil, "note", url.Values{"note": {strings.Repeat("x", intake.MaxNote+1)}}, 400, "intake.error.too_long", ""},
		{"reroute nowhere", nil, "reroute", url.Values{"reason": {"syy"}}, 400, "error.required", "syy"},
		{"reroute to the same team", nil, "reroute", url.Values{"team": {e.pori.ID}, "reason": {"syy"}}, 400, "intake_staff.error.same_team", ""},
		{"reroute without reason", nil, "reroute", url.Values{"team": {e.salo.ID}}, 400, "error.required", ""},
		{"reroute to an unknown team", nil, "reroute", url.Values{"team": {"00000000-0000-7000-8000-000000000000"}, "reason": {"syy"}}, 400, "error.unknown_code", ""},
		{"version unreadable", nil, "note", url.Values{"note": {"x"}, "version": {"x"}}, 400, "error.bad_form", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it := newTriageItem(e.testEnv)
			if tc.setup != nil {
				tc.setup(t, it)
			}
			before := e.item(it.ID)
			r := e.as(e.lead).postTriage(it.ID, tc.step, tc.form)
			wantStatus(t, r, tc.status)
			wantContains(t, r, e.html("fi", tc.wantKey))
			if tc.echo != "" {
				wantContains(t, r, tc.echo)
			}
			if after := e.item(it.ID); after.Version != before.Version || after.Status != before.Status || after.TeamID != before.TeamID {
				t.Fatalf("a refused step changed the item: %+v", after.Triage)
			}
		})
	}
}

func TestTriageAcknowledgementAndUrgentBox(t *testing.T) {
	t.Parallel()
	e := newTriageEnv(t, "sqlite", nil)
	it := newTriageItem(e.testEnv)
	b := e.as(e.worker)
	r := b.get("/intake/items/" + it.ID)
	wantContains(t, r, e.html("fi", "intake_staff.ack.submit"), `name="event" value="acknowledged"`)
	if strings.Contains(r.Body, e.html("fi", "intake_staff.urgent.heading")) {
		t.Fatal("the emergency box shows before any urgency assessment")
	}

	wantRedirect(t, b.postTriage(it.ID, "note", url.Values{"event": {"acknowledged"}, "note": {"puhelimitse"}}), "/intake/items/"+it.ID)
	evs := e.events(it.ID)
	last := evs[len(evs)-1]
	if last.Type != intake.EventAcknowledge || last.By != e.worker.ID || last.Text != "puhelimitse" {
		t.Fatalf("acknowledgement recorded as %+v", last)
	}
	r = b.get("/intake/items/" + it.ID)
	if strings.Contains(r.Body, `name="event" value="acknowledged"`) {
		t.Error("the acknowledgement is still offered once sent")
	}
	wantContains(t, r, "puhelimitse")
	r = b.postTriage(it.ID, "note", url.Values{"event": {"acknowledged"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "intake_staff.error.acknowledged"))

	// Nothing to acknowledge when nobody asked.
	quiet := newTriageItem(e.testEnv, func(it *intake.Item) { it.Notifier.WantsAcknowledgement = false })
	if strings.Contains(b.get("/intake/items/"+quiet.ID).Body, e.html("fi", "intake_staff.ack.heading")) {
		t.Error("an acknowledgement to-do for a notifier who did not ask")
	}
	wantStatus(t, b.postTriage(quiet.ID, "note", url.Values{"event": {"acknowledged"}}), http.StatusBadRequest)

	// Urgent: the page says to forward to the emergency service, with the numbers.
	wantStatus(t, b.postTriage(it.ID, "urgency", url.Values{"urgency": {"urgent"}, "reasons": {"Välitön vaara."}}), http.StatusSeeOther)
	r = b.get("/intake/items/" + it.ID + "?lang=sv")
	wantContains(t, r, e.html("sv", "intake_staff.urgent.heading"), `href="tel:0800123456"`, `href="tel:112"`)
	r = b.get("/intake?lang=sv")
	wantContains(t, r, `<tr class="urgent">`, e.html("sv", "intake.urgency.urgent"))

	// An anticipatory notification puts the expected due date up front.
	due := calendar.DateOf(e.clock.now()).AddDays(60)
	ant := newTriageItem(e.testEnv, func(it *intake.Item) {
		it.Kind, it.Details.Consent = intake.KindAnticipatory, ""
		it.Subject.ExpectedDueDate = due
	})
	r = b.get("/intake/items/" + ant.ID + "?lang=en")
	if ant.TeamID != e.pori.ID {
		t.Fatalf("anticipatory notification routed to %q", ant.TeamID)
	}
	wantContains(t, r, `class="intake-due"`, e.html("en", "intake_staff.subject.expected_due_date")+": "+strconv.Itoa(due.Day)+"."+strconv.Itoa(int(due.Month))+"."+strconv.Itoa(due.Year))
}

// racingStore lets another change land between reading an item and saving it.
type racingStore struct {
	*store.DB
	race atomic.Bool
}

func (s *racingStore) SaveIntakeTriage(ctx context.Context, it *intake.Item, ev intake.Event) error {
	if s.race.CompareAndSwap(true, false) {
		other, err := s.DB.IntakeItem(ctx, it.ID)
		if err != nil {
			return err
		}
		if err := s.DB.SaveIntakeTriage(ctx, other, intake.Event{At: ev.At, Type: intake.EventNote, Text: "meanwhile"}); err != nil {
			return err
		}
	}
	return s.DB.SaveIntakeTriage(ctx, it, ev)
}

func TestTriageConflict(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) { testTriageConflict(t, engine) })
	}
}

func testTriageConflict(t *testing.T, engine string) {
	var racing *racingStore
	e := newTriageEnv(t, engine, func(db *store.DB) Store { racing = &racingStore{DB: db}; return racing })
	it := newTriageItem(e.testEnv)
	lead, worker := e.as(e.lead), e.as(e.worker)

	// The worker's form was made from version 1; the lead saves first.
	wantStatus(t, lead.postTriage(it.ID, "urgency", url.Values{"urgency": {"urgent"}, "reasons": {"lead's reasons"}}), http.StatusSeeOther)
	r := worker.postTriage(it.ID, "urgency", url.Values{"urgency": {"not_urgent"}, "reasons": {"worker's reasons"}, "version": {"1"}})
	wantStatus(t, r, http.StatusConflict)
	wantContains(t, r, e.html("fi", "intake.error.conflict"), "worker&#39;s reasons", `name="version" value="2"`,
		e.html("fi", "intake_staff.urgent.heading"))
	if got := e.item(it.ID); got.Version != 2 || got.UrgencyReasons != "lead's reasons" {
		t.Fatalf("the stale form overwrote the item: %+v", got.Triage)
	}

	// A change that lands between the read and the write is caught by the store.
	racing.race.Store(true)
	r = worker.postTriage(it.ID, "note", url.Values{"note": {"my note"}})
	wantStatus(t, r, http.StatusConflict)
	wantContains(t, r, e.html("fi", "intake.error.conflict"), "my note", "meanwhile")
	for _, ev := range e.events(it.ID) {
		if ev.Text == "my note" {
			t.Fatal("the conflicting note was stored")
		}
	}
	// Sent again from the page now shown, it goes through.
	wantStatus(t, worker.postTriage(it.ID, "note", url.Values{"note": {"my note"}}), http.StatusSeeOther)
}

func TestTriageReroute(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) { testTriageReroute(t, newTriageEnv(t, engine, nil)) })
	}
}

func testTriageReroute(t *testing.T, e *triageEnv) {
	it := newTriageItem(e.testEnv)
	wantStatus(t, e.as(e.worker).postTriage(it.ID, "reroute", url.Values{"team": {e.salo.ID}, "reason": {"x"}}), http.StatusForbidden)

	lead := e.as(e.lead)
	wantContains(t, lead.get("/intake/items/"+it.ID), `action="/intake/items/`+it.ID+`/reroute"`, "Salon tiimi")
	r := lead.postTriage(it.ID, "reroute", url.Values{"team": {e.salo.ID}, "reason": {"Asuu nykyään Salossa"}})
	loc := wantRedirect(t, r, "/intake")
	if loc.Query().Get("rerouted") != "1" {
		t.Fatalf("redirect to %s", loc)
	}
	wantContains(t, lead.get(loc.RequestURI()), e.html("fi", "intake_staff.saved.reroute"))
	got := e.item(it.ID)
	if got.TeamID != e.salo.ID || !got.Routed {
		t.Fatalf("after re-routing: team %q routed %v", got.TeamID, got.Routed)
	}
	evs := e.events(it.ID)
	last := evs[len(evs)-1]
	if last.Type != intake.EventRerouted || last.FromTeam != e.pori.ID || last.ToTeam != e.salo.ID ||
		last.By != e.lead.ID || last.Text != "Asuu nykyään Salossa" {
		t.Fatalf("re-routing recorded as %+v", last)
	}
	// Gone from the old team, in the new one's queue with its history.
	wantStatus(t, lead.get("/intake/items/"+it.ID), http.StatusForbidden)
	wantContains(t, e.as(e.saloWorker).get("/intake"), it.Receipt)
	wantContains(t, e.as(e.saloLead).get("/intake/items/"+it.ID), e.html("fi", "intake_staff.event.rerouted"),
		"Porin tiimi → Salon tiimi: Asuu nykyään Salossa")

	// A lead of both teams stays on the item.
	both := e.newUser(access.RoleTeamLead, withTeams(e.pori.ID, e.salo.ID))
	wantRedirect(t, e.as(both).postTriage(it.ID, "reroute", url.Values{"team": {e.pori.ID}, "reason": {"Takaisin"}}), "/intake/items/"+it.ID)
	if e.item(it.ID).TeamID != e.pori.ID {
		t.Fatal("not routed back")
	}
}

// TestTriageOverdueView checks the team lead's overdue page on a fixed
// clock (in the past: sessions follow the wall clock).
func TestTriageOverdueView(t *testing.T) {
	t.Parallel()
	e := newTriageEnv(t, "sqlite", nil)
	third := e.newTeam("Rauman tiimi", []string{"Rauma"})
	lead := e.newUser(access.RoleTeamLead, withTeams(e.pori.ID, third.ID))

	e.setNow("2026-10-19 10:00") // a Monday
	child := newTriageItem(e.testEnv, func(it *intake.Item) {
		it.Kind, it.Details.Consent = intake.KindChildWelfare, ""
		it.Subject.Hetu = triageHetu("010115", 'A', 921)
	})
	e.setNow("2026-10-19 11:00")
	b := e.as(lead)
	wantStatus(t, b.postTriage(child.ID, "urgency", url.Values{"urgency": {"not_urgent"}, "reasons": {"r"}}), http.StatusSeeOther)
	e.setNow("2026-11-02 09:00") // Monday
	late := newTriageItem(e.testEnv)
	rauma := newTriageItem(e.testEnv, inMunicipality("Rauma"))
	salo := newTriageItem(e.testEnv, inMunicipality("Salo"))
	e.setNow("2026-11-04 09:00") // Wednesday
	fresh := newTriageItem(e.testEnv)
	e.setNow("2026-11-04 10:00")

	r := b.get("/intake/overdue?lang=en")
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(r.Body, fresh.Receipt) || strings.Contains(r.Body, salo.Receipt) {
		t.Error("the overdue page lists an item not overdue, or another team's")
	}
	// Grouped by team, in the lead's team order, each with how late it is.
	order := []string{"Porin tiimi", late.Receipt, child.Receipt, "Rauman tiimi", rauma.Receipt}
	at := -1
	for _, s := range order {
		i := strings.Index(r.Body, s)
		if i < 0 || i < at {
			t.Fatalf("%q missing or out of order on the overdue page:\n%s", s, r.Body)
		}
		at = i
	}
	// The urgency assessment was due at the end of Monday: two arkipäivät
	// late on Wednesday. The child's 7-arkipäivä decision fell on 28.10.:
	// five arkipäivät (29., 30.10., 2., 3. and 4.11.).
	wantContains(t, r, e.html("en", "intake_staff.deadline.overdue_by_other", 2), e.html("en", "intake_staff.deadline.overdue_by_other", 5),
		"28.10.2026", e.html("en", "intake.deadline.decision"), e.html("en", "intake_staff.flag.overdue"))

	// The queue's overdue filter agrees; its deadline column names today's.
	r = b.get("/intake?overdue=1&lang=en")
	if !strings.Contains(r.Body, late.Receipt) || !strings.Contains(r.Body, child.Receipt) || strings.Contains(r.Body, fresh.Receipt) {
		t.Error("the queue's overdue filter differs from the overdue page")
	}
	r = b.get("/intake?lang=en")
	wantContains(t, r, fresh.Receipt, e.html("en", "intake_staff.deadline.today"), e.html("en", "intake_staff.flag.near"))

	// The item page shows each deadline: met, overdue, still open.
	r = b.get("/intake/items/" + child.ID + "?lang=en")
	wantContains(t, r, e.html("en", "intake_staff.flag.met"), e.html("en", "intake_staff.deadline.met_on", "19.10.2026 11.00"),
		e.html("en", "intake_staff.deadline.overdue_by_other", 5), "19.1.2027", e.html("en", "intake.deadline.assessment"))

	// Only team leads have the page.
	wantStatus(t, e.as(e.worker).get("/intake/overdue"), http.StatusForbidden)
}

func TestTriageRecordContact(t *testing.T) {
	t.Parallel()
	e := newTriageEnv(t, "sqlite", nil)
	e.setNow("2026-11-04 10:00")
	b := e.as(e.counsellor)
	r := b.get("/intake/new")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `value="2026-11-04"`, `value="10:00"`, `value="phone" selected`)

	call := url.Values{"kind": {"phone"}, "opened_date": {"2026-11-02"}, "opened_time": {"14:30"}, "municipality": {"Pori"},
		"subject.name": {"Soittaja Testinen"}, "subject.phone": {"040 000 0003"}, "concern": {"Soitti vuokrarästeistä."}}
	r = b.postCSRF("/intake/new", call)
	wantStatus(t, r, http.StatusSeeOther)
	loc, err := url.Parse(r.Header.Get("Location"))
	id, ok := strings.CutPrefix(loc.Path, "/intake/items/")
	if err != nil || !ok || loc.Query().Get("saved") != "created" {
		t.Fatalf("redirect to %s", r.Header.Get("Location"))
	}
	it := e.item(id)
	want := time.Date(2026, 11, 2, 14, 30, 0, 0, calendar.Helsinki)
	if !it.OpenedAt.Equal(want) || !it.RecordedAt.Equal(e.clock.now()) || it.RecordedBy != e.counsellor.ID ||
		it.Source != intake.SourceStaff || it.TeamID != e.pori.ID || it.Kind != intake.KindPhone {
		t.Fatalf("recorded item: opened %v recorded %v by %q source %s team %s", it.OpenedAt, it.RecordedAt, it.RecordedBy, it.Source, it.TeamID)
	}
	// The deadlines run from the real arrival: the urgency assessment was due on Monday.
	if it.Deadlines.UrgencyAssessmentDue == nil || !it.Deadlines.UrgencyAssessmentDue.Equal(calendar.DateOf(want).EndOfDay()) {
		t.Fatalf("urgency due %v", it.Deadlines.UrgencyAssessmentDue)
	}
	if log := e.accessLog(it.PersonID); len(log) != 1 || log[0].Action != access.LogCreate || log[0].UserID != e.counsellor.ID {
		t.Fatalf("creation logged as %+v", log)
	}
	r = b.get(loc.RequestURI())
	// The page keeps the back-dating apart from the recording: arrival
	// on Monday, recorded today by the counsellor.
	wantContains(t, r, e.html("fi", "intake_staff.saved.created"), "Soittaja Testinen", ">2.11.2026 14.30</time>",
		e.html("fi", "intake_staff.facts.recorded_by", e.counsellor.Name, "4.11.2026 10.00"),
		// A call with a concern only has no details to list, and says so.
		e.html("fi", "intake_staff.details.heading")+"</h2>\n"+`<p class="meta">`+e.html("fi", "intake_staff.not_given"))

	// A reminder in the history names its deadline and how many it went to.
	if err := e.db.AddIntakeEvent(e.ctx(), intake.Event{ItemID: id, At: e.clock.now(), Type: intake.EventReminder,
		Status: it.Status, Text: string(intake.ReminderUrgency) + " (2)"}); err != nil {
		t.Fatal(err)
	}
	wantContains(t, b.get("/intake/items/"+id), e.html("fi", "intake_staff.event.reminder_detail",
		e.html("fi", "intake.deadline."+string(intake.DeadlineUrgency)), 2))

	count := func() int {
		items, err := e.db.IntakeQueue(e.ctx(), intake.QueueFilter{TeamIDs: []string{e.pori.ID, e.salo.ID}})
		if err != nil {
			t.Fatal(err)
		}
		return len(items)
	}
	stored := count()
	// A valid code with another check character.
	bad := []byte(triageHetu("150380", '-', 917))
	if bad[10] == 'X' {
		bad[10] = 'Y'
	} else {
		bad[10] = 'X'
	}
	badHetu := string(bad)
	for _, tc := range []struct {
		name    string
		change  url.Values
		wantKey string
		anchor  string
	}{
		{"in the future", url.Values{"opened_date": {"2026-11-04"}, "opened_time": {"10:30"}}, "intake.error.future", "opened_date"},
		{"no time", url.Values{"opened_time": {""}}, "error.required", "opened_date"},
		{"no such time", url.Values{"opened_time": {"25:99"}}, "intake_staff.error.opened_at", "opened_date"},
		{"no kind", url.Values{"kind": {"letter"}}, "intake.error.kind", "kind"},
		{"no municipality", url.Values{"municipality": {" "}}, "error.required", "municipality"},
		{"a bad identity code", url.Values{"subject.hetu": {badHetu}}, "intake.error.hetu", "subject-hetu"},
		{"a bad birth date", url.Values{"subject.birth_date": {"2026-02-30"}}, "intake_staff.error.date", "subject-birth_date"},
		{"a professional kind without notifier", url.Values{"kind": {"shl35_no_consent"}}, "intake.error.notifier_identity", "notifier-name"},
		{"anticipatory without due date", url.Values{"kind": {"anticipatory_child_welfare"}, "notifier.name": {"N"},
			"notifier.organisation": {"O"}, "notifier.phone": {"1"}, "notifier.professional": {"on"}}, "error.required", "subject-expected_due_date"},
		{"help request without contact", url.Values{"kind": {"help_request"}, "topics": {"money"}}, "intake.error.contact_method", "contact-method"},
		{"help request about nothing", url.Values{"kind": {"help_request"}, "concern": {""}, "contact.method": {"phone"},
			"contact.phone": {"040 000 0005"}}, "intake.error.what_about", "topics"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range call {
				f[k] = v
			}
			for k, v := range tc.change {
				f[k] = v
			}
			r := b.postCSRF("/intake/new", f)
			wantStatus(t, r, http.StatusBadRequest)
			wantContains(t, r, e.html("fi", tc.wantKey), `href="#`+tc.anchor+`"`, `id="`+tc.anchor+`"`, f.Get("concern"))
			if n := count(); n != stored {
				t.Fatalf("a refused form stored an item (%d, was %d)", n, stored)
			}
		})
	}

	// A help request recorded by phone, for another team: the recorder
	// hears the receipt and the team, not the item page.
	help := url.Values{"kind": {"help_request"}, "opened_date": {"2026-11-04"}, "opened_time": {"09:15"}, "municipality": {"Salo"},
		"who_needs_help": {"close_one"}, "topics": {"housing", "money"}, "contact.method": {"phone"}, "contact.phone": {"040 000 0004"},
		"contact.good_times": {"morning"}, "contact.may_leave_message": {"on"}}
	loc = wantRedirect(t, b.postCSRF("/intake/new", help), "/intake/new")
	r = b.get(loc.RequestURI())
	items, err := e.db.IntakeQueue(e.ctx(), intake.QueueFilter{TeamIDs: []string{e.salo.ID}})
	if err != nil || len(items) != 1 {
		t.Fatalf("Salo's queue: %d items, %v", len(items), err)
	}
	got := items[0]
	wantContains(t, r, e.html("fi", "intake_staff.new.recorded_elsewhere", got.Receipt, "Salon tiimi"))
	if got.Details.WhoNeedsHelp != "close_one" || !slices.Equal(got.Details.Topics, []string{"housing", "money"}) ||
		got.Details.Contact.Phone != "040 000 0004" || !got.Details.Contact.MayLeaveMessage {
		t.Fatalf("help request details %+v", got.Details)
	}
	// Someone else following that link learns nothing.
	if strings.Contains(e.as(e.worker).get(loc.RequestURI()).Body, got.Receipt) {
		t.Error("another user sees where someone's record went")
	}
}

func TestDefaultIntakeTeamAdmin(t *testing.T) {
	t.Parallel()
	e := newTriageEnv(t, "sqlite", nil)
	admin := e.as(e.newUser(access.RoleAdmin))
	r := admin.get("/admin/teams")
	wantContains(t, r, e.html("fi", "intake_staff.default_team.unset"), `action="/admin/intake-default-team"`)

	wantStatus(t, admin.postCSRF("/admin/intake-default-team", url.Values{"team": {""}}), http.StatusBadRequest)
	r = admin.postCSRF("/admin/intake-default-team", url.Values{"team": {"00000000-0000-7000-8000-000000000000"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "error.unknown_code"))
	wantRedirect(t, admin.postCSRF("/admin/intake-default-team", url.Values{"team": {e.salo.ID}}), "/admin/teams")
	if got, err := e.db.DefaultIntakeTeam(e.ctx()); err != nil || got != e.salo.ID {
		t.Fatalf("default team %q, %v", got, err)
	}
	r = admin.get("/admin/teams")
	if strings.Contains(r.Body, e.html("fi", "intake_staff.default_team.unset")) {
		t.Error("the warning stays after a default team is chosen")
	}
	wantContains(t, r, `<option value="`+e.salo.ID+`" selected>`)

	// Unroutable items now go to it, marked as not routed.
	it := newTriageItem(e.testEnv, inMunicipality("Kokkola"))
	if it.TeamID != e.salo.ID || it.Routed {
		t.Fatalf("unroutable item: team %q routed %v", it.TeamID, it.Routed)
	}
	wantContains(t, e.as(e.saloWorker).get("/intake/items/"+it.ID), e.html("fi", "intake_staff.facts.not_routed"))

	wantStatus(t, e.as(e.lead).postCSRF("/admin/intake-default-team", url.Values{"team": {e.pori.ID}}), http.StatusForbidden)
}

func TestTriageStartPageLinks(t *testing.T) {
	t.Parallel()
	e := newTriageEnv(t, "sqlite", nil)
	for _, tc := range []struct {
		u        *testUser
		want     []string
		wantNone []string
	}{
		{e.lead, []string{`href="/intake"`, `href="/intake/overdue"`, `href="/intake/new"`}, nil},
		{e.counsellor, []string{`href="/intake"`, `href="/intake/new"`}, []string{`href="/intake/overdue"`}},
		{e.newUser(access.RoleAnalyst), nil, []string{`href="/intake"`, `href="/intake/new"`, `href="/intake/overdue"`}},
	} {
		r := e.as(tc.u).get("/staff")
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, tc.want...)
		for _, s := range tc.wantNone {
			if strings.Contains(r.Body, s) {
				t.Errorf("%s sees %s", tc.u.Role, s)
			}
		}
	}
}
