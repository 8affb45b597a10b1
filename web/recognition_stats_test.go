package web

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/store"
)

// recognitionStatsCue is the cue of the fixture.
const recognitionStatsCue = "daily_living.home_neglected"

// newRecognitionUses stores the fixture and returns the default period
// (the last three full months). In the period, cue recognitionStatsCue was
// ticked by health 7 times (route guide), by Kela 6 times (no route) and
// by the police twice (route emergency); today's 5 uses by health are
// outside it.
func newRecognitionUses(e *testEnv) (from, to calendar.Date) {
	e.t.Helper()
	today := calendar.DateOf(e.clock.now())
	from, to = recognitionStatsDefault(today)
	for _, u := range []struct {
		day    calendar.Date
		sector string
		n      int
		routes []string
	}{
		{to, "health", 7, []string{"guide"}},
		{from, "kela", 6, nil},
		{from.AddDays(20), "police", 2, []string{"emergency"}},
		{today, "health", 5, []string{"guide"}},
	} {
		for range u.n {
			if err := e.db.RecordRecognitionUse(e.ctx(), u.day, u.sector, []string{recognitionStatsCue}, u.routes); err != nil {
				e.t.Fatal(err)
			}
		}
	}
	return from, to
}

func TestRecognitionStatsPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	newRecognitionUses(e)
	cue := "Koti on niin hoitamaton, että siellä on vaikea tai vaarallista asua"
	guide, emergency := e.T("fi", "recognition_stats.route.guide"), e.T("fi", "recognition_stats.route.emergency")
	h := e.T("fi", "recognition_stats.hidden")
	for _, tc := range []struct {
		role                  access.Role
		notice                string
		evals, cue, emergency []string
	}{
		// Columns: total (and its bar), health, kela, employment, police,
		// ngo, education, social, other.
		{access.RoleAdmin, "recognition_stats.not_suppressed",
			[]string{"15", "7", "6", "0", "2", "0", "0", "0", "0"},
			[]string{cue, "15", "", "7", "6", "0", "2", "0", "0", "0", "0"},
			[]string{emergency, "2", "", "0", "0", "0", "2", "0", "0", "0", "0"}},
		// Police's 2 is hidden, and Kela's 6 with it, or 15 − 7 would give it back.
		{access.RoleAnalyst, "recognition_stats.suppressed",
			[]string{"15", "7", h, "0", h, "0", "0", "0", "0"},
			[]string{cue, "15", "", "7", h, "0", h, "0", "0", "0", "0"},
			[]string{emergency, h, "", "0", "0", "0", h, "0", "0", "0", "0"}},
		{access.RoleTeamLead, "recognition_stats.suppressed",
			[]string{"15", "7", h, "0", h, "0", "0", "0", "0"},
			[]string{cue, "15", "", "7", h, "0", h, "0", "0", "0", "0"},
			[]string{emergency, h, "", "0", "0", "0", h, "0", "0", "0", "0"}},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			b := e.browser()
			b.signInAs(e.newUser(tc.role), true)
			r := b.get("/staff/recognition-stats?lang=fi")
			wantStatus(t, r, http.StatusOK)
			wantContains(t, r, e.html("fi", tc.notice))
			// A bar is the share of its table's largest total: among the
			// routes, emergency's 2 of guide's 7 is 28 %. A hidden total has
			// no bar.
			if bar := strings.Contains(r.Body, `<rect x="0" y="0" width="28" height="12"/>`); bar != (tc.role == access.RoleAdmin) {
				t.Errorf("bar of 2/7 shown: %v", bar)
			}
			if evals := coverageTable(t, r, "rs-evals-caption"); len(evals) != 2 || !slices.Equal(evals[1], tc.evals) {
				t.Errorf("evaluations %q, want %q", evals, tc.evals)
			}
			cues := coverageTable(t, r, "rs-cues-caption")
			wantRow(t, cues, tc.cue...)
			head := []string{e.T("fi", "recognition_stats.col.cue"), e.T("fi", "recognition_stats.col.total"), e.T("fi", "recognition_stats.col.bar")}
			wantRow(t, cues, append(head, sectorNames(e)...)...)
			// The first domain heads its cues.
			if len(cues) < 3 || !slices.Equal(cues[1], []string{"Arjessa suoriutuminen"}) || cues[2][0] != cue {
				t.Errorf("cues table does not start with the first domain and its first cue: %q", cues[:min(3, len(cues))])
			}
			routes := coverageTable(t, r, "rs-routes-caption")
			wantRow(t, routes, tc.emergency...)
			wantRow(t, routes, guide, "7", "", "7", "0", "0", "0", "0", "0", "0", "0")
		})
	}
}

func sectorNames(e *testEnv) []string {
	var out []string
	for _, s := range recognitionSectors {
		out = append(out, e.T("fi", "recognition_stats.sector."+s))
	}
	return out
}

func TestRecognitionStatsCSV(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	from, to := newRecognitionUses(e)
	p := []string{from.String(), to.String()}
	for _, tc := range []struct {
		role            access.Role
		evals, cue, rte []string
	}{
		{access.RoleAdmin, []string{"7", "6", "0", "2", "0", "0", "0", "0", "15"},
			[]string{"7", "6", "0", "2", "0", "0", "0", "0", "15"}, []string{"0", "0", "0", "2", "0", "0", "0", "0", "2"}},
		{access.RoleAnalyst, []string{"7", "<5", "0", "<5", "0", "0", "0", "0", "15"},
			[]string{"7", "<5", "0", "<5", "0", "0", "0", "0", "15"}, []string{"0", "0", "0", "<5", "0", "0", "0", "0", "<5"}},
	} {
		b := e.browser()
		b.signInAs(e.newUser(tc.role), true)
		r := b.get("/staff/recognition-stats.csv")
		wantStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type %q", ct)
		}
		rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"from", "to", "kind", "code", "health", "kela", "employment", "police", "ngo", "education", "social", "other", "total"},
			append(append(slices.Clone(p), store.RecognitionUseEvaluation, ""), tc.evals...),
			append(append(slices.Clone(p), store.RecognitionUseCue, recognitionStatsCue), tc.cue...),
			append(append(slices.Clone(p), store.RecognitionUseRoute, "emergency"), tc.rte...),
		}
		for _, w := range want {
			if !slices.ContainsFunc(rows, func(row []string) bool { return slices.Equal(row, w) }) {
				t.Errorf("%s: no row %q in\n%q", tc.role, w, rows[:3])
			}
		}
		if !slices.Equal(rows[0], want[0]) {
			t.Errorf("%s: header %q", tc.role, rows[0])
		}
	}
}

func TestRecognitionStatsDefaultPeriod(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ today, from, to string }{
		{"2026-11-24", "2026-08-01", "2026-10-31"},
		{"2026-04-01", "2026-01-01", "2026-03-31"},
		{"2026-03-31", "2025-12-01", "2026-02-28"},
		{"2026-01-15", "2025-10-01", "2025-12-31"},
		{"2024-03-01", "2023-12-01", "2024-02-29"},
	} {
		today, err := calendar.ParseDate(tc.today)
		if err != nil {
			t.Fatal(err)
		}
		if from, to := recognitionStatsDefault(today); from.String() != tc.from || to.String() != tc.to {
			t.Errorf("%s: %s–%s, want %s–%s", tc.today, from, to, tc.from, tc.to)
		}
	}
}

func TestRecognitionStatsBadPeriod(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	b := e.browser()
	b.signInAs(e.newUser(access.RoleAnalyst), true)
	for _, tc := range []struct{ query, key string }{
		{"from=2026-13-01", "error.date"},
		{"to=31.1.2026", "error.date"},
		{"from=2026-03-01&to=2026-02-01", "error.period_order"},
		{"from=2025-01-01&to=2026-06-30", "error.period_too_long"},
	} {
		for _, path := range []string{"/staff/recognition-stats", "/staff/recognition-stats.csv"} {
			r := b.get(path + "?lang=en&" + tc.query)
			wantStatus(t, r, http.StatusBadRequest)
			wantContains(t, r, e.html("en", tc.key))
		}
	}
	wantStatus(t, b.get("/staff/recognition-stats?from=2026-01-01&to=2026-12-31"), http.StatusOK)
}

// The evaluate API counts each use by the sector given, an unknown or
// missing one as "other", and a refused request not at all.
func TestRecognitionEvaluateRecordsUse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	today := calendar.DateOf(e.clock.now())
	_, request, answer := recognitionSchemas(t, e)
	var routes []string
	for _, body := range []map[string]any{
		{"cues": []string{recognitionStatsCue}, "sector": "police"},
		{"cues": []string{recognitionStatsCue, recognitionStatsCue}},
		{"cues": []string{recognitionStatsCue}, "sector": "martians"},
		{"cues": []string{"no.such_cue"}, "sector": "police"},
	} {
		r := evaluate(t, e, "fi", request, body)
		if body["cues"].([]string)[0] == "no.such_cue" {
			wantStatus(t, r, http.StatusBadRequest)
			continue
		}
		routes = nil
		for _, a := range routesAnswer(t, answer, r) {
			routes = append(routes, a.Route)
		}
	}
	got, err := e.db.RecognitionUseStats(e.ctx(), today, today)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.RecognitionUseCount{
		{Sector: "other", Kind: store.RecognitionUseCue, Code: recognitionStatsCue, N: 2},
		{Sector: "other", Kind: store.RecognitionUseEvaluation, N: 2},
		{Sector: "police", Kind: store.RecognitionUseCue, Code: recognitionStatsCue, N: 1},
		{Sector: "police", Kind: store.RecognitionUseEvaluation, N: 1},
	}
	for _, sector := range []string{"other", "police"} {
		n := int64(2)
		if sector == "police" {
			n = 1
		}
		for _, rt := range routes {
			want = append(want, store.RecognitionUseCount{Sector: sector, Kind: store.RecognitionUseRoute, Code: rt, N: n})
		}
	}
	slices.SortFunc(want, func(a, b store.RecognitionUseCount) int {
		return strings.Compare(a.Sector+"\x00"+a.Kind+"\x00"+a.Code, b.Sector+"\x00"+b.Kind+"\x00"+b.Code)
	})
	if !slices.Equal(got, want) || len(routes) == 0 {
		t.Errorf("counts\n got %v\nwant %v", got, want)
	}
}
