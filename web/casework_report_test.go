package web

import (
	"encoding/csv"
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

// reportFixture: team Alfa with three open cases on stage 2 (each moved up
// from 1 last month, one slipped back to 1 and up again) and a missed
// meeting followed up the next day; team Beeta with six cases on stage 1.
type reportFixture struct {
	*testEnv
	alfa, beeta  *access.Team
	leadA, leadB *testUser
	analyst      *testUser
}

func newReportFixture(t *testing.T, engine string) *reportFixture {
	e := newEnv(t, engine, Config{})
	f := &reportFixture{testEnv: e}
	f.alfa = e.newTeam("Alfa", []string{"Kokkola"}, access.TargetWorkingAge)
	f.beeta = e.newTeam("Beeta", []string{"Kannus"}, access.TargetWorkingAge)
	f.leadA = e.newUser(access.RoleTeamLead, withTOTP(), withTeams(f.alfa.ID))
	f.leadB = e.newUser(access.RoleTeamLead, withTOTP(), withTeams(f.beeta.ID))
	f.analyst = e.newUser(access.RoleAnalyst, withTOTP())
	wa := e.newUser(access.RoleSocialWorker, withTOTP(), withTeams(f.alfa.ID))
	wb := e.newUser(access.RoleSocialCounsellor, withTOTP(), withTeams(f.beeta.ID))
	now := e.clock.now()
	// Steps happen 40 to 30 days ago: within the default twelve months.
	base := now.Add(-40 * 24 * time.Hour)
	step := func(c *casework.Case, to int, at time.Time) {
		t.Helper()
		st := casework.LadderStep{CaseID: c.ID, At: at, By: wa.ID, From: c.Stage, To: to, Reason: "arvio"}
		if err := e.db.AddLadderStep(e.ctx(), c, &st); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		cl := lstClient(e, "Alfa-asiakas "+string(rune('A'+i)), wa.ID)
		c := lstCase(e, cl.ID, f.alfa.ID, wa.ID, base.Add(-time.Hour))
		step(c, 1, base)
		step(c, 2, base.Add(time.Duration(2+i)*24*time.Hour))
		if i == 0 {
			step(c, 1, base.Add(5*24*time.Hour))
			step(c, 2, base.Add(9*24*time.Hour))
			missed := &casework.Meeting{CaseID: c.ID, At: base.Add(6 * 24 * time.Hour), Place: casework.PlaceOffice, Status: casework.MeetingNoShow, By: wa.ID}
			task := &casework.Task{CaseID: c.ID, Kind: casework.TaskCall, Due: calendar.DateOf(base).AddDays(8), AssignedTo: wa.ID, CreatedBy: wa.ID}
			if err := e.db.RecordNoShow(e.ctx(), missed, task); err != nil {
				t.Fatal(err)
			}
			done := missed.At.Add(20 * time.Hour)
			task.DoneAt, task.DoneBy, task.Reached, task.Outcome = &done, wa.ID, true, "tavoitettu"
			if err := e.db.CompleteTask(e.ctx(), task); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 6 {
		cl := lstClient(e, "Beeta-asiakas "+string(rune('A'+i)), wb.ID)
		c := lstCase(e, cl.ID, f.beeta.ID, wb.ID, base.Add(-time.Hour))
		step(c, 1, base)
	}
	return f
}

// reportCSV fetches the CSV and returns its records after the header, the
// header and whether it began with a byte-order mark.
func reportCSV(t *testing.T, b *browser, query string) ([][]string, []string, bool) {
	t.Helper()
	r := b.get("/casework/report.csv" + query)
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	bom := strings.HasPrefix(r.Body, "\ufeff")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	return recs[1:], recs[0], bom
}

// csvValue is the value of the line section,row for team ("" for all).
func csvValue(t *testing.T, recs [][]string, section, row, team string) string {
	t.Helper()
	for _, r := range recs {
		if r[0] == section && r[1] == row && r[3] == team && (team != "" || r[2] == "all") {
			return r[6]
		}
	}
	t.Fatalf("no CSV line %s,%s for %q", section, row, team)
	return ""
}

func TestCaseworkReportSuppression(t *testing.T) {
	t.Parallel()
	eachEngine(t, newReportFixture, func(t *testing.T, f *reportFixture) {
		e := f.testEnv

		// The lead of Alfa sees Alfa only, in full.
		lb := e.as(f.leadA)
		r := lb.get("/casework/report?lang=en")
		wantStatus(t, r, http.StatusOK)
		if strings.Contains(r.Body, e.html("en", "casework_lists.report.suppressed")) || strings.Contains(r.Body, "Beeta") {
			t.Error("the lead's own team is suppressed, or another team shows")
		}
		stages := section(t, r.Body, "cr-stages-h")
		if !strings.Contains(stages, `<td class="num">3</td>`) || strings.Contains(stages, hiddenText) {
			t.Errorf("the lead does not see the 3 cases on stage 2:\n%s", stages)
		}
		noShows := section(t, r.Body, "cr-noshows-h")
		if !strings.Contains(noShows, percentText("en", 100)) {
			t.Errorf("the no-show followed up the next day:\n%s", noShows)
		}
		recs, head, bom := reportCSV(t, lb, "")
		if !bom || !slices.Equal(head, []string{"section", "row", "scope", "team", "from", "to", "value"}) {
			t.Errorf("CSV head %v, BOM %v", head, bom)
		}
		for _, c := range []struct{ section, row, want string }{
			{"open_cases_by_stage", "2", "3"}, {"moves_up", "total", "4"}, {"moves_down", "total", "1"},
			{"stage_time_cases", "1-2", "3"}, {"no_shows", "total", "1"}, {"no_shows", "share_followed_up", "1"},
			{"caseloads", "active_cases", "3"}, {"caseloads", "cap", "25"},
		} {
			if got := csvValue(t, recs, c.section, c.row, "Alfa"); got != c.want {
				t.Errorf("lead's CSV %s %s: %q, want %q", c.section, c.row, got, c.want)
			}
		}
		// Another team is out of the lead's scope.
		r = lb.get("/casework/report?team=" + f.beeta.ID)
		wantStatus(t, r, http.StatusBadRequest)
		wantStatus(t, lb.get("/casework/report.csv?team="+f.beeta.ID), http.StatusBadRequest)

		// An analyst has no team: small counts are hidden everywhere.
		ab := e.as(f.analyst)
		r = ab.get("/casework/report?lang=fi")
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, e.html("fi", "casework_lists.report.suppressed"), e.html("fi", "casework_lists.report.legend.cells"), "Alfa", "Beeta")
		stages = section(t, r.Body, "cr-stages-h")
		if !strings.Contains(stages, `<td class="num hidden-count">`+html.EscapeString(hiddenText)+`</td>`) || strings.Contains(stages, `<td class="num">3</td>`) {
			t.Errorf("the analyst sees Alfa's 3:\n%s", stages)
		}
		recs, _, _ = reportCSV(t, ab, "")
		if got := csvValue(t, recs, "open_cases_by_stage", "2", "Alfa"); got != "<5" {
			t.Errorf("analyst's CSV, Alfa on stage 2: %q", got)
		}
		// Beeta's 6 and the 9 in all would give Alfa's 3 back: one goes.
		if got := csvValue(t, recs, "open_cases_by_stage", "1", "Beeta"); got != "hidden" {
			t.Errorf("analyst's CSV, Beeta on stage 1: %q", got)
		}
		if got := csvValue(t, recs, "open_cases_by_stage", "total", ""); got != "9" {
			t.Errorf("analyst's CSV, open cases in all: %q", got)
		}
		for _, rec := range recs {
			if rec[6] == "3" && rec[3] == "Alfa" {
				t.Errorf("a 3 of Alfa in the analyst's CSV: %v", rec)
			}
		}
		// One team at a time.
		recs, _, _ = reportCSV(t, ab, "?team="+f.beeta.ID)
		for _, rec := range recs {
			if rec[3] == "Alfa" || rec[2] == "all" {
				t.Fatalf("team filter: %v", rec)
			}
		}

		// The lead of Beeta sees Beeta in full (and not Alfa).
		bb := e.as(f.leadB)
		recs, _, _ = reportCSV(t, bb, "")
		if got := csvValue(t, recs, "open_cases_by_stage", "1", "Beeta"); got != "6" {
			t.Errorf("Beeta's lead: %q", got)
		}
		for _, rec := range recs {
			if rec[3] == "Alfa" {
				t.Fatalf("Alfa in Beeta's lead's CSV: %v", rec)
			}
		}

		// Workers do not see reports.
		wb := e.as(e.newUser(access.RoleSocialWorker, withTOTP(), withTeams(f.alfa.ID)))
		wantStatus(t, wb.get("/casework/report"), http.StatusForbidden)
		wantStatus(t, wb.get("/casework/report.csv"), http.StatusForbidden)
	})
}

func TestCaseworkReportFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	team := e.newTeam("Alfa", []string{"Kokkola"}, access.TargetWorkingAge)
	b := e.as(e.newUser(access.RoleTeamLead, withTOTP(), withTeams(team.ID)))

	// The default: twelve months to this one, in the CSV link too.
	today := calendar.DateOf(e.clock.now())
	to := calendar.Date{Year: today.Year, Month: today.Month, Day: 1}
	from := crAddMonths(to, -11)
	r := b.get("/casework/report?lang=sv")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `value="`+crMonthValue(from)+`"`, `value="`+crMonthValue(to)+`"`,
		`href="/casework/report.csv?`+strings.ReplaceAll(url.Values{"from": {crMonthValue(from)}, "to": {crMonthValue(to)}}.Encode(), "&", "&amp;")+`"`)
	if n := strings.Count(section(t, r.Body, "cr-moves-h"), `<th scope="row">`); n != 13 {
		t.Errorf("%d rows of moves, want 12 months and the total", n)
	}

	// Months written by hand are understood.
	r = b.get("/casework/report?from=1/2026&to=3.2026")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `value="2026-01"`, `value="2026-03"`, "1/2026–3/2026")

	for _, tc := range []struct{ query, field, key string }{
		{"from=tammikuu&to=2026-03", "from", "casework_lists.report.error.month"},
		{"from=2026-03&to=2026-13", "to", "casework_lists.report.error.month"},
		{"from=2026-03&to=2026-01", "to", "error.period_order"},
		{"from=2024-01&to=2026-01", "to", "casework_lists.report.error.too_long"},
		{"team=nope", "team", "error.unknown_code"},
	} {
		e.wantFieldError(t, b.get("/casework/report?"+tc.query), "sv", "cr-"+tc.field, tc.key)
		wantStatus(t, b.get("/casework/report.csv?"+tc.query), http.StatusBadRequest)
	}
	// A period of 24 months is the most.
	wantStatus(t, b.get("/casework/report?from=2024-01&to=2025-12"), http.StatusOK)

	// A lead without a team has nothing to report on.
	nb := e.as(e.newUser(access.RoleTeamLead, withTOTP()))
	r = nb.get("/casework/report?lang=en")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("en", "casework_lists.report.no_teams"))
}
