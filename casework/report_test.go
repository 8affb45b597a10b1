package casework

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"kynnys/access"
)

// reportData is a small quarter of two teams (and a third the report
// leaves out), with every figure worked out by hand in the test.
func reportData() *ReportData {
	done := func(t time.Time) *time.Time { return &t }
	return &ReportData{
		Cases: []Case{
			{ID: "c1", TeamID: "t1", WorkerID: "w1", Status: StatusActive, Stage: 3},
			{ID: "c2", TeamID: "t1", WorkerID: "w1", Status: StatusActive},
			{ID: "c3", TeamID: "t1", WorkerID: "w2", Status: StatusPaused, Stage: 5},
			{ID: "c4", TeamID: "t1", WorkerID: "w2", Status: StatusClosed, Stage: 3},
			{ID: "c5", TeamID: "t2", WorkerID: "w3", Status: StatusActive, Stage: 3},
			{ID: "c6", TeamID: "t3", WorkerID: "w4", Status: StatusActive, Stage: 2},
		},
		Steps: []LadderStep{
			{CaseID: "c1", At: at(2026, 1, 5, 10, 0), From: 0, To: 1},
			{CaseID: "c1", At: at(2026, 1, 20, 10, 0), From: 1, To: 2},
			{CaseID: "c1", At: at(2026, 2, 10, 10, 0), From: 2, To: 1},
			{CaseID: "c1", At: at(2026, 2, 25, 10, 0), From: 1, To: 2},
			{CaseID: "c1", At: at(2026, 3, 5, 10, 0), From: 2, To: 3},
			{CaseID: "c3", At: at(2025, 12, 1, 10, 0), From: 0, To: 2},
			{CaseID: "c3", At: at(2025, 12, 20, 10, 0), From: 2, To: 3},
			{CaseID: "c3", At: at(2026, 1, 10, 10, 0), From: 3, To: 5},
			{CaseID: "c3", At: at(2026, 4, 5, 10, 0), From: 5, To: 4},
			{CaseID: "c4", At: at(2026, 2, 1, 10, 0), From: 0, To: 1},
			{CaseID: "c4", At: at(2026, 2, 3, 10, 0), From: 1, To: 2},
			{CaseID: "c4", At: at(2026, 2, 4, 10, 0), From: 2, To: 3},
			{CaseID: "c5", At: at(2026, 1, 15, 10, 0), From: 0, To: 1},
			{CaseID: "c5", At: at(2026, 1, 25, 10, 0), From: 1, To: 2},
			{CaseID: "c5", At: at(2026, 3, 1, 10, 0), From: 2, To: 3},
			{CaseID: "c6", At: at(2026, 1, 25, 10, 0), From: 1, To: 2},
		},
		Meetings: []Meeting{
			{ID: "m1", CaseID: "c1", At: at(2026, 1, 13, 10, 0), Status: MeetingNoShow},
			{ID: "m2", CaseID: "c1", At: at(2026, 1, 30, 10, 0), Status: MeetingNoShow},
			{ID: "h2", CaseID: "c1", At: at(2026, 2, 3, 10, 0), Status: MeetingHeld},
			{ID: "m3", CaseID: "c2", At: at(2026, 2, 11, 10, 0), Status: MeetingNoShow},
			{ID: "m4", CaseID: "c2", At: at(2026, 3, 5, 10, 0), Status: MeetingNoShow},
			{ID: "m5", CaseID: "c5", At: at(2026, 3, 31, 10, 0), Status: MeetingNoShow},
			{ID: "m6", CaseID: "c5", At: at(2026, 3, 10, 10, 0), Status: MeetingNoShow},
			{ID: "m7", CaseID: "c1", At: at(2025, 12, 15, 10, 0), Status: MeetingNoShow},
			{ID: "m8", CaseID: "c6", At: at(2026, 2, 2, 10, 0), Status: MeetingNoShow},
			{ID: "m9", CaseID: "c3", At: at(2026, 2, 2, 10, 0), Status: MeetingHeld},
		},
		Tasks: []Task{
			// m1: its follow-up done on the last day.
			{CaseID: "c1", MeetingID: "m1", DoneAt: done(at(2026, 1, 15, 15, 0))},
			// m3: its follow-up done a day late.
			{CaseID: "c2", MeetingID: "m3", DoneAt: done(at(2026, 2, 16, 9, 0))},
			// m4: another follow-up reached the client the next day.
			{CaseID: "c2", DoneAt: done(at(2026, 3, 6, 9, 0)), Reached: true},
			// m6: a call that did not reach the client, not its follow-up.
			{CaseID: "c5", DoneAt: done(at(2026, 3, 11, 9, 0))},
			// m5: its follow-up is still open.
			{CaseID: "c5", MeetingID: "m5"},
		},
	}
}

func reportQuery(own ...string) ReportQuery {
	return ReportQuery{
		From: date(2026, 1, 1), To: date(2026, 3, 31),
		Teams:    []access.Team{{ID: "t1", Name: "Kokkola"}, {ID: "t2", Name: "Kannus"}},
		OwnTeams: own,
		Caps:     map[string]int{"t1": 1},
		Members:  map[string][]string{"t1": {"w1", "w2", "w9"}},
		Now:      at(2026, 4, 2, 12, 0),
	}
}

// shown is a TeamCells of shown counts.
// wantDeep fails the test, and goes on, unless got is deeply equal to want.
func wantDeep(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s\n got %+v\nwant %+v", what, got, want)
	}
}

func shown(all int, teams ...int) TeamCells {
	tc := TeamCells{All: Cell{N: all}}
	for _, n := range teams {
		tc.Teams = append(tc.Teams, Cell{N: n})
	}
	return tc
}

func figs(all float64, teams ...float64) TeamFigures {
	f := func(v float64) Figure {
		if math.IsNaN(v) {
			return Figure{None: true}
		}
		return Figure{Value: v}
	}
	tf := TeamFigures{All: f(all)}
	for _, v := range teams {
		tf.Teams = append(tf.Teams, f(v))
	}
	return tf
}

// TestBuildReportFigures checks every section against figures worked out
// by hand, for a viewer of both teams (nothing hidden).
func TestBuildReportFigures(t *testing.T) {
	d := reportData()
	// The input order must not matter.
	r := rand.New(rand.NewPCG(1, 1))
	r.Shuffle(len(d.Steps), func(i, j int) { d.Steps[i], d.Steps[j] = d.Steps[j], d.Steps[i] })
	r.Shuffle(len(d.Meetings), func(i, j int) { d.Meetings[i], d.Meetings[j] = d.Meetings[j], d.Meetings[i] })
	rep := BuildReport(d, reportQuery("t1", "t2"))

	if !rep.All || rep.Suppressed || rep.FollowUpDays != FollowUpDays {
		t.Errorf("All %v Suppressed %v FollowUpDays %d", rep.All, rep.Suppressed, rep.FollowUpDays)
	}
	wantDeep(t, "teams", rep.Teams, []ReportTeam{{"t1", "Kokkola", true}, {"t2", "Kannus", true}})

	t.Run("stages", func(t *testing.T) {
		want := []StageCount{
			{0, shown(1, 1, 0)}, {1, shown(0, 0, 0)}, {2, shown(0, 0, 0)}, {3, shown(2, 1, 1)},
			{4, shown(0, 0, 0)}, {5, shown(1, 1, 0)}, {6, shown(0, 0, 0)}, {7, shown(0, 0, 0)},
		}
		wantDeep(t, "stages", rep.Stages, want)
		wantDeep(t, "open cases", rep.OpenCases, shown(4, 3, 1))
	})

	t.Run("moves", func(t *testing.T) {
		want := []MonthMoves{
			{date(2026, 1, 1), shown(3, 2, 1), shown(0, 0, 0)},
			{date(2026, 2, 1), shown(3, 3, 0), shown(1, 1, 0)},
			{date(2026, 3, 1), shown(2, 1, 1), shown(0, 0, 0)},
		}
		wantDeep(t, "moves", rep.Moves, want)
		wantDeep(t, "total", rep.MovesTotal, MonthMoves{Up: shown(8, 6, 2), Down: shown(1, 1, 0)})
	})

	t.Run("stage times", func(t *testing.T) {
		none := math.NaN()
		want := []StageTime{
			{1, 2, shown(3, 2, 1), figs(10, 8.5, 10)},
			{2, 3, shown(3, 2, 1), figs(35, 22.5, 35)},
			{3, 4, shown(0, 0, 0), figs(none, none, none)},
			{4, 5, shown(0, 0, 0), figs(none, none, none)},
			{5, 6, shown(0, 0, 0), figs(none, none, none)},
			{6, 7, shown(0, 0, 0), figs(none, none, none)},
		}
		wantDeep(t, "stage times", rep.StageTimes, want)
	})

	t.Run("no-shows", func(t *testing.T) {
		want := NoShowFigures{
			NoShows:       shown(6, 4, 2),
			FollowedUp:    shown(3, 3, 0),
			NotFollowedUp: shown(2, 1, 1),
			Pending:       shown(1, 0, 1),
			Share:         figs(0.6, 0.75, 0),
		}
		wantDeep(t, "no-shows", rep.NoShows, want)
	})

	t.Run("caseloads", func(t *testing.T) {
		want := CaseloadFigures{
			Caps:        []int{1, DefaultSettings.DefaultCap},
			Workers:     shown(4, 3, 1),
			ActiveCases: shown(3, 2, 1),
			OverCap:     shown(1, 1, 0),
			Median:      figs(0.5, 0, 1),
			Max:         figs(2, 2, 1),
		}
		wantDeep(t, "caseloads", rep.Caseloads, want)
	})
}

// TestBuildReportFollowUpDays: the county's N arkipäivät decide what
// counts as followed up in time.
func TestBuildReportFollowUpDays(t *testing.T) {
	q := reportQuery("t1", "t2")
	q.FollowUpDays = 4 // m3's follow-up, done on the 3rd arkipäivä, is now in time
	rep := BuildReport(reportData(), q)
	wantDeep(t, "followed up", rep.NoShows.FollowedUp, shown(4, 4, 0))
	// m5 (31 March) is pending until the end of its 4th arkipäivä, 8 April
	// (Good Friday and Easter Monday in between).
	q.Now = at(2026, 4, 8, 23, 0)
	wantDeep(t, "pending", BuildReport(reportData(), q).NoShows.Pending, shown(1, 0, 1))
	q.Now = at(2026, 4, 9, 0, 0)
	wantDeep(t, "pending after the time", BuildReport(reportData(), q).NoShows.Pending, shown(0, 0, 0))
}

// TestBuildReportOneTeam: with one team there is no All.
func TestBuildReportOneTeam(t *testing.T) {
	q := reportQuery("t2")
	q.Teams = q.Teams[1:]
	rep := BuildReport(reportData(), q)
	if rep.All || rep.Suppressed {
		t.Fatalf("All %v Suppressed %v", rep.All, rep.Suppressed)
	}
	wantDeep(t, "open cases", rep.OpenCases, TeamCells{Teams: []Cell{{N: 1}}})
	wantDeep(t, "moves", rep.MovesTotal.Up, TeamCells{Teams: []Cell{{N: 2}}})
}

// TestBuildReportEmpty: no data, or no valid period, is an empty report,
// not a panic.
func TestBuildReportEmpty(t *testing.T) {
	for _, q := range []ReportQuery{{}, reportQuery(), {From: date(2026, 1, 1)}, {To: date(2026, 1, 1), Teams: reportQuery().Teams}} {
		rep := BuildReport(&ReportData{}, q)
		if len(rep.Moves) != 0 && q.From.IsZero() {
			t.Errorf("%+v: months %v", q, rep.Moves)
		}
		if len(rep.Stages) != 8 || len(rep.StageTimes) != 6 {
			t.Errorf("%+v: %d stages, %d stage times", q, len(rep.Stages), len(rep.StageTimes))
		}
	}
	if rep := BuildReport(&ReportData{}, reportQuery()); len(rep.Moves) != 3 || rep.NoShows.Share.All != (Figure{None: true}) {
		t.Errorf("empty quarter: %d months, share %+v", len(rep.Moves), rep.NoShows.Share.All)
	}
}

// small and dash are hidden cells as the report shows them.
var (
	small = Cell{Hidden: true, Small: true}
	dash  = Cell{Hidden: true}
)

// TestBuildReportSuppression: what each viewer sees of the same data.
func TestBuildReportSuppression(t *testing.T) {
	t.Run("analyst", func(t *testing.T) {
		rep := BuildReport(reportData(), reportQuery())
		if !rep.Suppressed || rep.Teams[0].Own || rep.Teams[1].Own {
			t.Fatal("an analyst's report is suppressed everywhere")
		}
		// Every count here is 1–4; a zero stays a zero.
		wantDeep(t, "no stage yet", rep.Stages[0].Cases, TeamCells{Teams: []Cell{small, {}}, All: small})
		wantDeep(t, "open cases", rep.OpenCases, TeamCells{Teams: []Cell{small, small}, All: small})
		wantDeep(t, "medians", rep.StageTimes[0].MedianDays, TeamFigures{Teams: []Figure{{Hidden: true}, {Hidden: true}}, All: Figure{Hidden: true}})
		if !rep.NoShows.Share.All.Hidden || !rep.Caseloads.Median.Teams[0].Hidden || !rep.Caseloads.Max.All.Hidden {
			t.Errorf("shares and caseload figures of small numbers shown")
		}
		if rep.Caseloads.Caps[0] != 1 {
			t.Error("caps are settings, always shown")
		}
	})
	t.Run("lead of the first team", func(t *testing.T) {
		rep := BuildReport(reportData(), reportQuery("t1"))
		if !rep.Suppressed || !rep.Teams[0].Own || rep.Teams[1].Own {
			t.Fatal("own team")
		}
		// Their own team in full; the other's 1 hidden, and the sum, as
		// it would give it back. The sum reads "–", not "< 5": with the
		// own count known, "< 5" would say the other team's is 1.
		wantDeep(t, "stage 3", rep.Stages[3].Cases, TeamCells{Teams: []Cell{{N: 1}, small}, All: dash})
		wantDeep(t, "no stage yet (own cases only)", rep.Stages[0].Cases, TeamCells{Teams: []Cell{{N: 1}, {}}, All: Cell{N: 1}})
		wantDeep(t, "medians", rep.StageTimes[0].MedianDays, TeamFigures{Teams: []Figure{{Value: 8.5}, {Hidden: true}}, All: Figure{Hidden: true}})
		wantDeep(t, "shares", rep.NoShows.Share, TeamFigures{Teams: []Figure{{Value: 0.75}, {Hidden: true}}, All: Figure{Hidden: true}})
		if rep.Caseloads.Median.Teams[0] != (Figure{Value: 0}) || !rep.Caseloads.Median.Teams[1].Hidden {
			t.Errorf("caseload medians %+v", rep.Caseloads.Median)
		}
	})
}

// row lays one row of counts out for teams (own[t]: the viewer's) with
// an All cell, protects it and shows it as the report would.
func row(own []bool, counts ...int) string {
	return grid2(own, [][]int{counts}, false)
}

// grid2 is row for several rows, with a total row when total.
func grid2(own []bool, counts [][]int, total bool) string {
	teams := make([]access.Team, len(own))
	var ownIDs []string
	for i := range own {
		teams[i].ID = fmt.Sprint("t", i)
		if own[i] {
			ownIDs = append(ownIDs, teams[i].ID)
		}
	}
	rp := &reporter{q: ReportQuery{Teams: teams, OwnTeams: ownIDs}, own: own, all: len(own) > 1}
	g := &grid{}
	rows := rp.teamRows(g, counts, total)
	g.protect()
	var lines []string
	for _, r := range rows {
		tc := rp.cells(g, r)
		var s []string
		for _, c := range tc.Teams {
			s = append(s, c.String())
		}
		if rp.all {
			s = append(s, "= "+tc.All.String())
		}
		lines = append(lines, strings.Join(s, " "))
	}
	return strings.Join(lines, " / ")
}

// TestProtect covers the suppression rule case by case.
func TestProtect(t *testing.T) {
	others := func(n int) []bool { return make([]bool, n) }
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"nothing small", row(others(3), 5, 0, 12), "5 0 12 = 17"},
		{"own teams in full", row([]bool{true, true}, 1, 2), "1 2 = 3"},
		{"a small count and its sum", row(others(2), 0, 3), "0 <5 = <5"},
		{"one small cell: the next smallest too", row(others(3), 2, 7, 30), "<5 – 30 = 39"},
		// Hiding the 5 would leave 6 = 5 + 1: the 9 closes the gap.
		{"one small cell: the one that closes the gap", row(others(4), 1, 5, 9, 50), "<5 5 – 50 = 65"},
		{"two small cells summing to 2", row(others(3), 1, 1, 40), "<5 <5 – = 42"},
		{"two small cells with room", row(others(3), 2, 3, 40), "<5 <5 40 = 45"},
		{"only small cells", row(others(3), 1, 2, 1), "<5 <5 <5 = <5"},
		{"6 = 5 + 1", row(others(2), 5, 1), "5 <5 = –"},
		// The own 3 is known: "< 5" for the sum would make the other 1.
		{"own and small other: the sum reads –", row([]bool{true, false}, 3, 1), "3 <5 = –"},
		{"own and other, sum of 5 or more", row([]bool{true, false}, 9, 2), "9 <5 = –"},
		{"own only in the row", row([]bool{true, false}, 2, 0), "2 0 = 2"},
		{"one team: nothing to add up", row(others(1), 3), "<5"},
		{"columns: a small cell's column total", grid2(others(1), [][]int{{3}, {20}}, true), "<5 / – / 23"},
		{"columns: two small cells", grid2(others(1), [][]int{{3}, {2}, {20}}, true), "<5 / <5 / 20 / 25"},
		{"table", grid2(others(2), [][]int{{1, 8}, {6, 9}}, true), "<5 – = 9 / 6 9 = 15 / – – = 24"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, tc.got, tc.want)
		}
	}
}

// table is one table of the report as a reader sees it: rows of counts
// by team (and All when the report has it); with total, the last row sums
// the others.
type table struct {
	name  string
	rows  []TeamCells
	total bool
}

func tablesOf(rep *Report) []table {
	stages := []TeamCells{}
	for _, s := range rep.Stages {
		stages = append(stages, s.Cases)
	}
	var up, down, times []TeamCells
	for _, m := range rep.Moves {
		up, down = append(up, m.Up), append(down, m.Down)
	}
	for _, s := range rep.StageTimes {
		times = append(times, s.Cases)
	}
	ns, cl := rep.NoShows, rep.Caseloads
	return []table{
		{"stages", append(stages, rep.OpenCases), true},
		{"moves up", append(up, rep.MovesTotal.Up), true},
		{"moves down", append(down, rep.MovesTotal.Down), true},
		{"stage times", times, false},
		{"no-shows", []TeamCells{ns.FollowedUp, ns.NotFollowedUp, ns.Pending, ns.NoShows}, true},
		{"caseloads", []TeamCells{cl.Workers, cl.ActiveCases, cl.OverCap}, false},
	}
}

// at returns cell c of row r, All being c == len(Teams).
func (tb table) at(r, c int) Cell {
	if c == len(tb.rows[r].Teams) {
		return tb.rows[r].All
	}
	return tb.rows[r].Teams[c]
}

// auditTable checks one table of the report rep against the same table
// unsuppressed (raw): shown counts are true, hidden ones are the other
// teams' and every small one of theirs is hidden, and no hidden count can
// be worked out from the shown ones — from one row or column (the total
// less the shown cells), from all of them together (linear algebra), or
// narrowed from 1–4 within one row or column.
func auditTable(t *testing.T, rep *Report, shownT, raw table) {
	t.Helper()
	own := make([]bool, len(rep.Teams))
	for i, tm := range rep.Teams {
		own[i] = tm.Own
	}
	width := len(own)
	if rep.All {
		width++
	}
	type pos struct{ r, c int }
	// sensitive: has another team's cases; mixed: and the viewer's too.
	kind := func(p pos) (sensitive, mixed bool) {
		if p.c < len(own) {
			return !own[p.c] && raw.at(p.r, p.c).N > 0, false
		}
		var others, mine bool
		for c := range own {
			if n := raw.at(p.r, c).N; n > 0 {
				others, mine = others || !own[c], mine || own[c]
			}
		}
		return others, others && mine
	}
	fail := func(p pos, format string, args ...any) {
		t.Helper()
		t.Errorf("%s row %d col %d: %s\nshown %+v\nraw %+v", shownT.name, p.r, p.c, fmt.Sprintf(format, args...), shownT.rows, raw.rows)
	}
	var hidden []pos
	for r := range shownT.rows {
		for c := range width {
			p := pos{r, c}
			s, v := shownT.at(r, c), raw.at(r, c).N
			sens, mixed := kind(p)
			switch {
			case !s.Hidden && s.N != v:
				fail(p, "shows %d, is %d", s.N, v)
			case !s.Hidden && sens && v > 0 && v < 5:
				fail(p, "small count %d shown", v)
			case s.Hidden && (s.N != 0 || !sens):
				fail(p, "hidden %+v of %d, sensitive %v", s, v, sens)
			case s.Small && (v < 1 || v > 4 || mixed):
				fail(p, "reads <5, is %d (mixed %v)", v, mixed)
			}
			if s.Hidden {
				hidden = append(hidden, p)
			}
		}
	}

	// The lines: each row adds up to its All, each column to the total row.
	var lines [][]pos // parts, then the total last
	if rep.All {
		for r := range shownT.rows {
			var l []pos
			for c := range width {
				l = append(l, pos{r, c})
			}
			lines = append(lines, l)
		}
	}
	if shownT.total {
		for c := range width {
			var l []pos
			for r := range shownT.rows {
				l = append(l, pos{r, c})
			}
			lines = append(lines, l)
		}
	}

	// 1. No row or column with exactly one hidden cell.
	for _, l := range lines {
		var h []pos
		for _, p := range l {
			if shownT.at(p.r, p.c).Hidden {
				h = append(h, p)
			}
		}
		if len(h) == 1 {
			fail(h[0], "the only hidden cell of its line")
		}
	}

	// 2. No hidden cell determined by the lines together: its unit vector
	// is not in the row space of the lines' equations over hidden cells.
	index := map[pos]int{}
	for i, p := range hidden {
		index[p] = i
	}
	var eqs [][]float64
	for _, l := range lines {
		eq := make([]float64, len(hidden))
		for i, p := range l {
			if j, ok := index[p]; ok {
				if i == len(l)-1 {
					eq[j] = -1
				} else {
					eq[j] = 1
				}
			}
		}
		eqs = append(eqs, eq)
	}
	base := rank(eqs)
	for i, p := range hidden {
		unit := make([]float64, len(hidden))
		unit[i] = 1
		if rank(append(slices.Clone(eqs), unit)) == base {
			fail(p, "determined by the totals")
		}
	}

	// 3. Within one line, a "<5" cell can still be 1 and 4. A line whose
	// total reads "<5" is exempt (its parts are as vague as it is).
	const inf = 1 << 40
	bounds := func(p pos) (int, int) {
		s := shownT.at(p.r, p.c)
		_, mixed := kind(p)
		switch {
		case !s.Hidden:
			return s.N, s.N
		case s.Small:
			return 1, 4
		case mixed:
			return 1, inf
		}
		return 5, inf
	}
	for _, l := range lines {
		total := l[len(l)-1]
		if shownT.at(total.r, total.c).Small {
			continue
		}
		tLo, tHi := bounds(total)
		for _, p := range l[:len(l)-1] {
			if !shownT.at(p.r, p.c).Small {
				continue
			}
			othersLo, othersHi := 0, 0
			for _, o := range l[:len(l)-1] {
				if o != p {
					lo, hi := bounds(o)
					othersLo, othersHi = othersLo+lo, min(inf, othersHi+hi)
				}
			}
			least, most := tLo-othersHi, tHi-othersLo
			if othersHi >= inf {
				least = 1
			}
			if tHi >= inf {
				most = inf
			}
			if least > 1 || most < 4 {
				fail(p, "narrowed to %d–%d", max(1, least), min(4, most))
			}
		}
	}
}

// rank is the rank of m by Gaussian elimination (entries are small
// integers, so a tolerance is safe).
func rank(m [][]float64) int {
	m = slices.Clone(m)
	for i := range m {
		m[i] = slices.Clone(m[i])
	}
	r := 0
	for c := 0; len(m) > 0 && c < len(m[0]) && r < len(m); c++ {
		pivot := -1
		for i := r; i < len(m); i++ {
			if math.Abs(m[i][c]) > 1e-9 && (pivot < 0 || math.Abs(m[i][c]) > math.Abs(m[pivot][c])) {
				pivot = i
			}
		}
		if pivot < 0 {
			continue
		}
		m[r], m[pivot] = m[pivot], m[r]
		for i := range m {
			if i != r && math.Abs(m[i][c]) > 1e-9 {
				f := m[i][c] / m[r][c]
				for j := c; j < len(m[i]); j++ {
					m[i][j] -= f * m[r][j]
				}
			}
		}
		r++
	}
	return r
}

// randomData is a few months of case work in teams t0..t(teams-1), sparse
// enough that small counts are everywhere.
func randomData(r *rand.Rand, teams int) *ReportData {
	d := &ReportData{}
	start := at(2026, 1, 1, 8, 0)
	when := func() time.Time { return start.Add(time.Duration(r.IntN(200*24)) * time.Hour) }
	statuses := []Status{StatusActive, StatusActive, StatusActive, StatusPaused, StatusClosed}
	for i := range r.IntN(60) {
		c := Case{ID: fmt.Sprint("c", i), TeamID: fmt.Sprint("t", r.IntN(teams)), WorkerID: fmt.Sprint("w", r.IntN(8)),
			Status: statuses[r.IntN(len(statuses))]}
		var times []time.Time
		for range r.IntN(8) {
			times = append(times, when())
		}
		slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		for _, tm := range times {
			to := 1 + r.IntN(7)
			if c.Stage > 0 {
				to = min(7, max(1, c.Stage+[]int{-2, -1, 1, 1, 2}[r.IntN(5)]))
			}
			if to != c.Stage {
				d.Steps = append(d.Steps, LadderStep{CaseID: c.ID, At: tm, From: c.Stage, To: to})
				c.Stage = to
			}
		}
		for j := range r.IntN(5) {
			m := Meeting{ID: fmt.Sprint(c.ID, "m", j), CaseID: c.ID, At: when(), Status: MeetingNoShow}
			if r.IntN(3) == 0 {
				m.Status = MeetingHeld
			}
			d.Meetings = append(d.Meetings, m)
			if m.Status == MeetingNoShow && r.IntN(3) > 0 {
				done := m.At.Add(time.Duration(r.IntN(8*24)) * time.Hour)
				d.Tasks = append(d.Tasks, Task{CaseID: c.ID, MeetingID: m.ID, DoneAt: &done, Reached: r.IntN(2) == 0})
			}
		}
		d.Cases = append(d.Cases, c)
	}
	return d
}

// TestReportSuppressionProperty builds reports of random data for random
// viewers and audits every table against the unsuppressed report.
func TestReportSuppressionProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 26))
	hiddenCells := 0
	for iter := range 400 {
		nTeams := 1 + r.IntN(4)
		q := ReportQuery{
			From: date(2026, time.Month(1+r.IntN(3)), 1+r.IntN(28)), To: date(2026, time.Month(4+r.IntN(3)), 1+r.IntN(28)),
			Caps: map[string]int{}, Now: at(2026, 6, 15, 12, 0), FollowUpDays: 1 + r.IntN(4),
		}
		var all []string
		for i := range nTeams {
			id := fmt.Sprint("t", i)
			q.Teams = append(q.Teams, access.Team{ID: id, Name: id})
			all = append(all, id)
			if r.IntN(3) == 0 {
				q.OwnTeams = append(q.OwnTeams, id)
			}
			q.Caps[id] = 1 + r.IntN(6)
		}
		d := randomData(r, nTeams+1) // one team outside the report
		rep := BuildReport(d, q)
		q.OwnTeams = all
		raw := BuildReport(d, q)
		t.Run(fmt.Sprint(iter), func(t *testing.T) {
			rawTables := tablesOf(raw)
			for i, tb := range tablesOf(rep) {
				auditTable(t, rep, tb, rawTables[i])
				for _, row := range tb.rows {
					for _, c := range append(slices.Clone(row.Teams), row.All) {
						if c.Hidden {
							hiddenCells++
						}
					}
				}
			}
		})
	}
	t.Logf("%d hidden cells audited", hiddenCells)
	if hiddenCells < 1000 {
		t.Fatalf("only %d hidden cells: the data is not small enough to test anything", hiddenCells)
	}
}

// TestReportMediansProperty: a median or maximum outside the viewer's
// teams is shown only when taken over at least 5 values.
func TestReportMediansProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for range 200 {
		q := reportQuery()
		q.Teams = []access.Team{{ID: "t0"}, {ID: "t1"}}
		q.OwnTeams = []string{"t0"}
		d := randomData(r, 2)
		rep := BuildReport(d, q)
		q.OwnTeams = []string{"t0", "t1"}
		raw := BuildReport(d, q)
		for i, st := range rep.StageTimes {
			n := raw.StageTimes[i].Cases
			check := func(f Figure, count int, own bool) {
				if f.Hidden == (own || count == 0 || count >= 5) {
					t.Errorf("stage time %d→%d over %d (own %v): %+v", st.From, st.To, count, own, f)
				}
			}
			check(st.MedianDays.Teams[0], n.Teams[0].N, true)
			check(st.MedianDays.Teams[1], n.Teams[1].N, false)
			check(st.MedianDays.All, n.All.N, n.Teams[1].N == 0)
		}
	}
}
