package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// lstClient stores a client without an identity code.
func lstClient(e *testEnv, name, by string) *casework.Client {
	e.t.Helper()
	c := &casework.Client{Name: name, BirthDate: calendar.Date{Year: 1979, Month: time.May, Day: 4}, Municipality: "Kokkola", CreatedBy: by}
	if err := e.db.CreateClient(e.ctx(), c); err != nil {
		e.t.Fatalf("create client: %v", err)
	}
	return c
}

// lstCase opens an active case for the client in team with worker, opened
// at opened; mods change it before it is stored.
func lstCase(e *testEnv, clientID, teamID, workerID string, opened time.Time, mods ...func(*casework.Case)) *casework.Case {
	e.t.Helper()
	c := &casework.Case{ClientID: clientID, TeamID: teamID, WorkerID: workerID, TargetGroup: access.TargetWorkingAge,
		Status: casework.StatusActive, Origin: casework.OriginDirect, OpenedAt: opened, OpenedBy: workerID}
	for _, m := range mods {
		m(c)
	}
	if err := e.db.OpenCase(e.ctx(), c, nil, -1); err != nil {
		e.t.Fatalf("open case: %v", err)
	}
	return c
}

// section is the part of a page from the element with id to the end of
// its section.
func section(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element %q on the page", id)
	}
	rest := body[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		return rest[:j]
	}
	return rest
}

func TestCaseworkListNotReached(t *testing.T) {
	t.Parallel()
	eachEngine(t, plainEnv, func(t *testing.T, e *testEnv) {
		team := e.newTeam("Kokkola", []string{"Kokkola"}, access.TargetWorkingAge)
		w := e.newUser(access.RoleSocialWorker, withTOTP(), withTeams(team.ID))
		now := e.clock.now()
		fresh := lstClient(e, "Aino Aaltonen", w.ID)
		lstCase(e, fresh.ID, team.ID, w.ID, now.Add(-14*24*time.Hour))
		met := lstClient(e, "Bertta Backman", w.ID)
		mc := lstCase(e, met.ID, team.ID, w.ID, now.Add(-60*24*time.Hour))
		if err := e.db.SaveMeeting(e.ctx(), &casework.Meeting{CaseID: mc.ID, At: now.Add(-14 * 24 * time.Hour),
			Place: casework.PlaceHome, Status: casework.MeetingHeld, By: w.ID}); err != nil {
			t.Fatal(err)
		}
		paused := lstClient(e, "Cecilia Carlsson", w.ID)
		lstCase(e, paused.ID, team.ID, w.ID, now.Add(-90*24*time.Hour), func(c *casework.Case) { c.Status = casework.StatusPaused })

		// The day before: 13 days. (The clock goes back rather than
		// forward, as the session was made on the wall clock.)
		e.clock.advance(-24 * time.Hour)
		b := e.as(w)
		r := b.get("/casework?lang=en")
		wantStatus(t, r, http.StatusOK)
		sec := section(t, r.Body, "cw-unreached-h")
		if !strings.Contains(sec, e.html("en", "casework_lists.not_reached.heading", 14)) {
			t.Errorf("heading does not say 14 days:\n%s", sec)
		}
		for _, name := range []string{fresh.Name, met.Name, paused.Name} {
			if strings.Contains(sec, name) {
				t.Errorf("%s is not reached a day before the threshold:\n%s", name, sec)
			}
		}
		wantContains(t, r, fresh.Name, met.Name, paused.Name, e.html("en", "casework_lists.last.never"),
			e.html("en", "casework_lists.last.ago.many", 13))

		// A day later both open clients have gone 14 days without
		// contact; a paused case is not chased.
		e.clock.advance(24 * time.Hour)
		r = b.get("/casework")
		wantStatus(t, r, http.StatusOK)
		sec = section(t, r.Body, "cw-unreached-h")
		for _, name := range []string{fresh.Name, met.Name} {
			if !strings.Contains(sec, name) {
				t.Errorf("%s is not on the not-reached list at 14 days:\n%s", name, sec)
			}
		}
		if strings.Contains(sec, paused.Name) {
			t.Error("a paused case is on the not-reached list")
		}
		if !strings.Contains(sec, e.html("en", "casework_lists.not_reached.since_opening.many", 14)) ||
			!strings.Contains(sec, e.html("en", "casework_lists.not_reached.since_contact.many", 14)) {
			t.Errorf("the days are not said:\n%s", sec)
		}

		// The county's setting moves the threshold and the heading.
		if err := e.db.SaveCaseworkSettings(e.ctx(), casework.Settings{NotReachedDays: 30, DefaultCap: 25}); err != nil {
			t.Fatal(err)
		}
		r = b.get("/casework?lang=sv")
		sec = section(t, r.Body, "cw-unreached-h")
		if !strings.Contains(sec, e.html("sv", "casework_lists.not_reached.heading", 30)) || strings.Contains(sec, fresh.Name) {
			t.Errorf("with 30 days:\n%s", sec)
		}
	})
}

func TestCaseworkListMineAndFollowUps(t *testing.T) {
	t.Parallel()
	eachEngine(t, plainEnv, func(t *testing.T, e *testEnv) {
		team := e.newTeam("Kokkola", []string{"Kokkola"}, access.TargetWorkingAge)
		w := e.newUser(access.RoleSocialWorker, withTOTP(), withTeams(team.ID))
		other := e.newUser(access.RoleSocialCounsellor, withTOTP(), withTeams(team.ID))
		now := e.clock.now()
		today := calendar.DateOf(now)

		mine := lstClient(e, "Eero Eskola", w.ID)
		mc := lstCase(e, mine.ID, team.ID, w.ID, now.Add(-3*24*time.Hour))
		theirs := lstClient(e, "Fanny Forsman", other.ID)
		lstCase(e, theirs.ID, team.ID, other.ID, now.Add(-3*24*time.Hour))
		paired := lstClient(e, "Gunnar Grönlund", other.ID)
		lstCase(e, paired.ID, team.ID, other.ID, now.Add(-3*24*time.Hour), func(c *casework.Case) { c.SecondWorkerID = w.ID })
		old := lstClient(e, "Helmi Heikkilä", w.ID)
		lstCase(e, old.ID, team.ID, w.ID, now.Add(-300*24*time.Hour), func(c *casework.Case) {
			closed := now.Add(-100 * 24 * time.Hour)
			c.Status, c.CloseReason, c.ClosedAt = casework.StatusClosed, casework.CloseToEmployment, &closed
		})

		// A missed meeting two days ago left a call due yesterday; a
		// letter is due tomorrow; a planned meeting is next week.
		missed := &casework.Meeting{CaseID: mc.ID, At: now.Add(-2 * 24 * time.Hour), Place: casework.PlaceOffice,
			Status: casework.MeetingNoShow, By: w.ID}
		call := &casework.Task{CaseID: mc.ID, Kind: casework.TaskCall, Due: today.AddDays(-1), AssignedTo: w.ID, CreatedBy: w.ID}
		if err := e.db.RecordNoShow(e.ctx(), missed, call); err != nil {
			t.Fatal(err)
		}
		if err := e.db.CreateTask(e.ctx(), &casework.Task{CaseID: mc.ID, Kind: casework.TaskLetter, Due: today.AddDays(1),
			AssignedTo: w.ID, CreatedBy: w.ID}); err != nil {
			t.Fatal(err)
		}
		next := now.Add(7 * 24 * time.Hour).Truncate(time.Hour)
		if err := e.db.SaveMeeting(e.ctx(), &casework.Meeting{CaseID: mc.ID, At: next, Place: casework.PlaceStreet,
			Status: casework.MeetingPlanned, By: w.ID}); err != nil {
			t.Fatal(err)
		}

		b := e.as(w)
		r := b.get("/casework?lang=fi")
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, mine.Name, paired.Name, old.Name, `href="/cases/`+mc.ID+`"`, `href="/clients"`,
			e.html("fi", "casework_lists.list.second"), e.html("fi", "casework_lists.list.closed", 1))
		if strings.Contains(r.Body, theirs.Name) {
			t.Error("another worker's client is on my list")
		}
		due := section(t, r.Body, "cw-due-h")
		if !strings.Contains(due, mine.Name) || !strings.Contains(due, e.html("fi", "casework.task.call")) ||
			!strings.Contains(due, e.html("fi", "casework_lists.due.overdue.one")) {
			t.Errorf("the overdue call is not among the follow-ups due:\n%s", due)
		}
		if strings.Contains(due, e.html("fi", "casework.task.letter")) {
			t.Errorf("tomorrow's letter is among the follow-ups due:\n%s", due)
		}
		cases := section(t, r.Body, "cw-cases-h")
		for _, want := range []string{e.html("fi", "casework.task.letter"), e.html("fi", "casework_lists.due.in.one"),
			(&Page{}).Date(next), e.html("fi", "casework.place.street")} {
			if !strings.Contains(cases, want) {
				t.Errorf("the case row lacks %q:\n%s", want, cases)
			}
		}
		if !strings.Contains(r.Body, "<details") || strings.Index(r.Body, old.Name) < strings.Index(r.Body, "<details") {
			t.Error("the closed case is not folded away")
		}

		// Each client shown is logged once for this view; the client
		// not shown is not.
		for _, cl := range []*casework.Client{mine, paired, old} {
			if !e.logged(cl.ID, w, access.LogView, listPurpose) {
				t.Errorf("showing %s on the list was not access-logged", cl.Name)
			}
			n := 0
			for _, en := range e.accessLog(cl.ID) {
				if en.Purpose == listPurpose {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s logged %d times for one view", cl.Name, n)
			}
		}
		if e.logged(theirs.ID, w, access.LogView, listPurpose) {
			t.Error("a client not shown was logged")
		}
		if strings.Contains(e.logs.String(), mine.Name) {
			t.Error("a client's name reached the application log")
		}

		// A counsellor with nothing yet gets the way to start.
		nb := e.as(e.newUser(access.RoleSocialCounsellor, withTOTP(), withTeams(team.ID)))
		r = nb.get("/casework?lang=en")
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, e.html("en", "casework_lists.list.empty"), e.html("en", "casework_lists.due.none"))
	})
}

func TestCaseworkTeamLoads(t *testing.T) {
	t.Parallel()
	eachEngine(t, plainEnv, func(t *testing.T, e *testEnv) {
		team := e.newTeam("Kokkola", []string{"Kokkola"}, access.TargetWorkingAge)
		elsewhere := e.newTeam("Kannus", []string{"Kannus"}, access.TargetWorkingAge)
		lead := e.newUser(access.RoleTeamLead, withTOTP(), withTeams(team.ID))
		busy := e.newUser(access.RoleSocialWorker, withTOTP(), withTeams(team.ID))
		light := e.newUser(access.RoleSocialCounsellor, withTOTP(), withTeams(team.ID))
		outsider := e.newUser(access.RoleSocialWorker, withTOTP(), withTeams(elsewhere.ID))
		now := e.clock.now()
		var names []string
		for i := range 3 {
			cl := lstClient(e, "Asiakas Kiireinen "+strconv.Itoa(i), busy.ID)
			names = append(names, cl.Name)
			lstCase(e, cl.ID, team.ID, busy.ID, now.Add(-24*time.Hour), func(c *casework.Case) {
				if i == 0 {
					c.SecondWorkerID = light.ID
				}
			})
		}
		cl := lstClient(e, "Asiakas Tauolla", light.ID)
		names = append(names, cl.Name)
		lstCase(e, cl.ID, team.ID, light.ID, now.Add(-24*time.Hour), func(c *casework.Case) { c.Status = casework.StatusPaused })
		cl = lstClient(e, "Asiakas Kevyt", light.ID)
		names = append(names, cl.Name)
		lstCase(e, cl.ID, team.ID, light.ID, now.Add(-24*time.Hour))
		if err := e.db.SetTeamCap(e.ctx(), team.ID, 2, lead.ID); err != nil {
			t.Fatal(err)
		}

		b := e.as(lead)
		r := b.get("/casework/team?lang=en")
		wantStatus(t, r, http.StatusOK)
		sec := section(t, r.Body, "team-"+team.ID+"-h")
		wantContains(t, r, busy.Name, light.Name, e.html("en", "casework_lists.team.cap_own", 2),
			e.html("en", "casework_lists.team.load", 3, 2), e.html("en", "casework_lists.team.over", 1),
			e.html("en", "casework_lists.team.load", 1, 2), e.html("en", "casework_lists.team.over_count", 1))
		if strings.Contains(sec, outsider.Name) || strings.Contains(r.Body, elsewhere.Name) {
			t.Error("another team shows on the lead's page")
		}
		for _, n := range names {
			if strings.Contains(r.Body, n) {
				t.Errorf("client %q on the caseload page", n)
			}
		}
		// light: one paused case, and second worker on one of busy's.
		row := sec[strings.Index(sec, light.Name):]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, `data-label="Paused">1<`) || !strings.Contains(row, `data-label="As second worker">1<`) {
			t.Errorf("paused and second-worker counts:\n%s", row)
		}

		// The lead sets the cap of their own team.
		r = b.postCSRF("/casework/team/"+team.ID+"/cap", url.Values{"cap": {"4"}})
		wantRedirect(t, r, "/casework/team")
		caps, err := e.db.TeamCaps(e.ctx())
		if err != nil || caps[team.ID] != 4 {
			t.Fatalf("caps %v, %v", caps, err)
		}
		r = b.get("/casework/team?saved=1&lang=en")
		wantContains(t, r, e.html("en", "casework_lists.team.saved"), e.html("en", "casework_lists.team.load", 3, 4))
		if strings.Contains(r.Body, e.html("en", "casework_lists.team.over", 1)) {
			t.Error("still over the cap after raising it")
		}

		// Not another team's.
		r = b.postCSRF("/casework/team/"+elsewhere.ID+"/cap", url.Values{"cap": {"10"}})
		wantStatus(t, r, http.StatusForbidden)
		if caps, _ := e.db.TeamCaps(e.ctx()); caps[elsewhere.ID] != 0 {
			t.Error("a lead changed another team's cap")
		}

		for _, id := range []string{"00000000-0000-7000-8000-000000000000", "nope"} {
			wantStatus(t, b.postCSRF("/casework/team/"+id+"/cap", url.Values{"cap": {"10"}}), http.StatusNotFound)
		}

		// Bad values: 400 in the user's language, the value shown back.
		b.get("/casework/team?lang=sv")
		for _, v := range []string{"0", "201", "-3", "kymmenen", "", "2.5"} {
			r = b.postCSRF("/casework/team/"+team.ID+"/cap", url.Values{"cap": {v}})
			e.wantFieldError(t, r, "sv", "cap-"+team.ID, "casework_lists.team.cap_range", 1, 200)
			wantContains(t, r, `aria-invalid="true"`, `value="`+v+`"`)
		}
		if caps, _ := e.db.TeamCaps(e.ctx()); caps[team.ID] != 4 {
			t.Errorf("a refused cap changed it to %d", caps[team.ID])
		}

		// A worker does not manage caseloads.
		wb := e.as(busy)
		wantStatus(t, wb.get("/casework/team"), http.StatusForbidden)
		wantStatus(t, wb.postCSRF("/casework/team/"+team.ID+"/cap", url.Values{"cap": {"30"}}), http.StatusForbidden)
	})
}
