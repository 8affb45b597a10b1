package casework

import (
	"math"
	"slices"
	"strconv"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/encounter"
)

// The case-work reports (issue 7, item 10): clients by trust-ladder stage,
// movements up and down the ladder, the time between stages, no-shows and
// their follow-up, and caseloads, each by team.
//
// Every figure of a team outside the viewer's own teams is suppressed as
// the encounter statistics are (RULES.md §5, docs/statistics.md): a count
// of 1–4 is hidden, and a median or maximum taken over fewer than
// encounter.MinCell cases or workers. Where counts add up to a total (a
// row of teams to their sum, a column of months to the period), more
// counts are hidden until none of the hidden ones can be worked out from
// the shown ones, and until no count read "< 5" can be narrowed within its
// row or column (see grid.protect).

// ReportQuery says what to report on and for whom.
type ReportQuery struct {
	// From and To are the period, Helsinki dates, both included. The
	// stages and caseloads are as they stand now, whatever the period.
	From, To calendar.Date
	// FollowUpDays: a no-show counts as followed up when the client was
	// reached for (a follow-up done, a meeting held) by the end of the
	// FollowUpDays-th arkipäivä after it. 0: the FollowUpDays constant.
	FollowUpDays int
	// Ladder gives the stages (nil: DefaultLadder).
	Ladder *Ladder
	// Teams are the teams reported on, in the order shown; cases of other
	// teams are left out.
	Teams []access.Team
	// OwnTeams are the ids of the viewer's teams, shown in full. Every
	// other team is suppressed (none given: all of them, as for an analyst).
	OwnTeams []string
	// Caps are the caseload caps by team id; a team without one has
	// DefaultCap (0: DefaultSettings.DefaultCap).
	Caps       map[string]int
	DefaultCap int
	// Members are the user ids of each team's workers, who count in the
	// caseloads even with no active case. The named workers of a team's
	// active cases count whether listed or not.
	Members map[string][]string
	// Now decides which no-shows are still within their follow-up time.
	Now time.Time
}

// Cell is a count as the report shows it. A hidden cell has N 0: Small
// cells read "< 5" (1–4 cases); other hidden cells read "–" and were hidden
// so that a small one cannot be worked out from a total (any count).
type Cell struct {
	N      int  `json:"n"`
	Hidden bool `json:"hidden,omitempty"`
	Small  bool `json:"small,omitempty"`
}

// String is the cell as the report's tables and CSV show it.
func (c Cell) String() string {
	switch {
	case c.Small:
		return "<" + strconv.Itoa(encounter.MinCell)
	case c.Hidden:
		return "–"
	}
	return strconv.Itoa(c.N)
}

// Figure is a median, a maximum or a share (a fraction 0–1). None: there
// was nothing to take it over. Hidden: taken over too few cases outside the
// viewer's teams, or from hidden counts (Value is then 0).
type Figure struct {
	Value  float64 `json:"value"`
	Hidden bool    `json:"hidden,omitempty"`
	None   bool    `json:"none,omitempty"`
}

// TeamCells are one count per team, in the order of Report.Teams, and All
// for the teams together (only when Report.All).
type TeamCells struct {
	Teams []Cell `json:"teams"`
	All   Cell   `json:"all"`
}

// TeamFigures are one figure per team and for all together, like TeamCells.
type TeamFigures struct {
	Teams []Figure `json:"teams"`
	All   Figure   `json:"all"`
}

// ReportTeam is a team of the report. Own: one of the viewer's teams,
// shown in full.
type ReportTeam struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Own  bool   `json:"own"`
}

// StageCount is how many open cases stand at one stage now. Stage 0 is
// the cases with no stage recorded yet.
type StageCount struct {
	Stage int       `json:"stage"`
	Cases TeamCells `json:"cases"`
}

// MonthMoves are the moves up and down the ladder in one month (Month is
// its first day) or, in Report.MovesTotal, the whole period (Month zero).
// A case's first stage is a starting point, not a move.
type MonthMoves struct {
	Month calendar.Date `json:"month,omitzero"`
	Up    TeamCells     `json:"up"`
	Down  TeamCells     `json:"down"`
}

// StageTime is how long cases took from stage From to To (From+1): Cases
// reached To for the first time in the period, having reached From first;
// MedianDays is the median of the days between the two first times.
type StageTime struct {
	From       int         `json:"from"`
	To         int         `json:"to"`
	Cases      TeamCells   `json:"cases"`
	MedianDays TeamFigures `json:"median_days"`
}

// NoShowFigures are the period's missed meetings: followed up in time
// (the client reached for within Report.FollowUpDays arkipäivät), not, and
// Pending (not yet, but the time is not over). Share is FollowedUp of the
// no-shows whose time is over.
type NoShowFigures struct {
	NoShows       TeamCells   `json:"no_shows"`
	FollowedUp    TeamCells   `json:"followed_up"`
	NotFollowedUp TeamCells   `json:"not_followed_up"`
	Pending       TeamCells   `json:"pending"`
	Share         TeamFigures `json:"share"`
}

// CaseloadFigures are each team's caseloads now: its cap, workers, active
// cases, and the workers whose active cases (as the named worker, in any
// of the report's teams) exceed the cap, with the median and maximum
// active cases per worker. For all teams together, a worker in two teams
// counts in both.
type CaseloadFigures struct {
	Caps        []int       `json:"caps"`
	Workers     TeamCells   `json:"workers"`
	ActiveCases TeamCells   `json:"active_cases"`
	OverCap     TeamCells   `json:"over_cap"`
	Median      TeamFigures `json:"median"`
	Max         TeamFigures `json:"max"`
}

// Report is the case-work report of a period.
type Report struct {
	From         calendar.Date `json:"from,omitzero"`
	To           calendar.Date `json:"to,omitzero"`
	FollowUpDays int           `json:"follow_up_days"`
	Teams        []ReportTeam  `json:"teams"`
	// All: more than one team, so every figure has an All for them together.
	All bool `json:"all"`
	// Suppressed: some team is not the viewer's, so figures may be hidden.
	Suppressed bool `json:"suppressed"`

	// Stages are the open cases now by stage, "no stage yet" (0) first,
	// and OpenCases their totals.
	Stages    []StageCount `json:"stages"`
	OpenCases TeamCells    `json:"open_cases"`
	// Moves has a row for each month of the period; MovesTotal adds them up.
	Moves      []MonthMoves    `json:"moves"`
	MovesTotal MonthMoves      `json:"moves_total"`
	StageTimes []StageTime     `json:"stage_times"`
	NoShows    NoShowFigures   `json:"no_shows"`
	Caseloads  CaseloadFigures `json:"caseloads"`
}

// reporter holds what every section needs.
type reporter struct {
	q     ReportQuery
	index map[string]int // team id → position in q.Teams
	own   []bool
	all   bool
}

// BuildReport computes the report from d for the viewer q describes.
func BuildReport(d *ReportData, q ReportQuery) *Report {
	if q.FollowUpDays <= 0 {
		q.FollowUpDays = FollowUpDays
	}
	if q.Ladder == nil {
		l := DefaultLadder()
		q.Ladder = &l
	}
	if q.DefaultCap <= 0 {
		q.DefaultCap = DefaultSettings.DefaultCap
	}
	rp := &reporter{q: q, index: map[string]int{}, all: len(q.Teams) > 1}
	rep := &Report{From: q.From, To: q.To, FollowUpDays: q.FollowUpDays, All: rp.all}
	for i, t := range q.Teams {
		rp.index[t.ID] = i
		own := slices.Contains(q.OwnTeams, t.ID)
		rp.own = append(rp.own, own)
		rep.Teams = append(rep.Teams, ReportTeam{ID: t.ID, Name: t.Name, Own: own})
		rep.Suppressed = rep.Suppressed || !own
	}

	// The cases of the report's teams, by id.
	cases := map[string]*Case{}
	for i := range d.Cases {
		if _, ok := rp.index[d.Cases[i].TeamID]; ok {
			cases[d.Cases[i].ID] = &d.Cases[i]
		}
	}
	top := q.Ladder.Top()
	for _, c := range cases {
		top = max(top, c.Stage)
	}
	for _, s := range d.Steps {
		if cases[s.CaseID] != nil {
			top = max(top, s.To)
		}
	}

	rp.stages(rep, cases, top)
	rp.moves(rep, d.Steps, cases)
	rp.stageTimes(rep, d.Steps, cases, top)
	rp.noShows(rep, d, cases)
	rp.caseloads(rep, cases)
	return rep
}

// stages counts the open cases by their stage now.
func (rp *reporter) stages(rep *Report, cases map[string]*Case, top int) {
	counts := rp.zeros(top + 1)
	for _, c := range cases {
		if c.Open() && c.Stage >= 0 {
			counts[c.Stage][rp.index[c.TeamID]]++
		}
	}
	g := &grid{}
	rows := rp.teamRows(g, counts, true)
	g.protect()
	for n := 0; n <= top; n++ {
		rep.Stages = append(rep.Stages, StageCount{Stage: n, Cases: rp.cells(g, rows[n])})
	}
	rep.OpenCases = rp.cells(g, rows[top+1])
}

// moves counts the steps up and down the ladder by month of the period.
func (rp *reporter) moves(rep *Report, steps []LadderStep, cases map[string]*Case) {
	var months []calendar.Date
	for m := firstOfMonth(rp.q.From); rp.q.From.Valid() && rp.q.To.Valid() && !m.After(rp.q.To); m = firstOfMonth(m.AddDays(32)) {
		months = append(months, m)
	}
	up, down := rp.zeros(len(months)), rp.zeros(len(months))
	for _, s := range steps {
		c := cases[s.CaseID]
		day := calendar.DateOf(s.At)
		if c == nil || s.From == 0 || s.To == s.From || day.Before(rp.q.From) || day.After(rp.q.To) {
			continue
		}
		row := slices.Index(months, firstOfMonth(day))
		if s.Regression() {
			down[row][rp.index[c.TeamID]]++
		} else {
			up[row][rp.index[c.TeamID]]++
		}
	}
	// Up and down are separate tables: the report never nets them.
	gu, gd := &grid{}, &grid{}
	ur, dr := rp.teamRows(gu, up, true), rp.teamRows(gd, down, true)
	gu.protect()
	gd.protect()
	for i, m := range months {
		rep.Moves = append(rep.Moves, MonthMoves{Month: m, Up: rp.cells(gu, ur[i]), Down: rp.cells(gd, dr[i])})
	}
	rep.MovesTotal = MonthMoves{Up: rp.cells(gu, ur[len(months)]), Down: rp.cells(gd, dr[len(months)])}
}

// stageTimes measures, for each stage n, the days from a case first
// reaching n to first reaching n+1, for the cases that first reached n+1
// in the period.
func (rp *reporter) stageTimes(rep *Report, steps []LadderStep, cases map[string]*Case, top int) {
	first := map[string]map[int]time.Time{}
	for _, s := range steps {
		if cases[s.CaseID] == nil || s.To < 1 {
			continue
		}
		if first[s.CaseID] == nil {
			first[s.CaseID] = map[int]time.Time{}
		}
		if t, ok := first[s.CaseID][s.To]; !ok || s.At.Before(t) {
			first[s.CaseID][s.To] = s.At
		}
	}
	if top < 2 {
		return
	}
	days := make([][][]int, top-1) // [n-1][team] → days
	for i := range days {
		days[i] = make([][]int, len(rp.q.Teams))
	}
	for id, reached := range first {
		team := rp.index[cases[id].TeamID]
		for n := 1; n < top; n++ {
			from, ok1 := reached[n]
			to, ok2 := reached[n+1]
			if !ok1 || !ok2 || to.Before(from) {
				continue
			}
			if day := calendar.DateOf(to); !day.Before(rp.q.From) && !day.After(rp.q.To) {
				days[n-1][team] = append(days[n-1][team], daysBetween(calendar.DateOf(from), day))
			}
		}
	}
	counts := rp.zeros(top - 1)
	for n := range days {
		for t := range days[n] {
			counts[n][t] = len(days[n][t])
		}
	}
	g := &grid{}
	rows := rp.teamRows(g, counts, false)
	g.protect()
	for n := range days {
		st := StageTime{From: n + 1, To: n + 2, Cases: rp.cells(g, rows[n])}
		st.MedianDays = rp.figures(days[n], func(v []int) float64 { return median(v) })
		rep.StageTimes = append(rep.StageTimes, st)
	}
}

// noShows sorts the period's no-shows by whether the client was reached
// for in time.
func (rp *reporter) noShows(rep *Report, d *ReportData, cases map[string]*Case) {
	tasks := map[string][]*Task{}
	for i := range d.Tasks {
		t := &d.Tasks[i]
		if t.DoneAt != nil {
			tasks[t.CaseID] = append(tasks[t.CaseID], t)
		}
	}
	held := map[string][]time.Time{}
	for _, m := range d.Meetings {
		if m.Status == MeetingHeld {
			held[m.CaseID] = append(held[m.CaseID], m.At)
		}
	}
	const followed, missed, pending = 0, 1, 2
	counts := rp.zeros(3)
	for _, m := range d.Meetings {
		c := cases[m.CaseID]
		day := calendar.DateOf(m.At)
		if c == nil || m.Status != MeetingNoShow || !day.Valid() || day.Before(rp.q.From) || day.After(rp.q.To) {
			continue
		}
		deadline := calendar.NthArkipaivaAfter(day, rp.q.FollowUpDays).EndOfDay()
		// In time: any follow-up of this meeting done, a follow-up that
		// reached the client, or a meeting held, between it and deadline.
		inTime := func(t time.Time) bool { return t.After(m.At) && !t.After(deadline) }
		outcome := missed
		if rp.q.Now.Before(deadline) {
			outcome = pending
		}
		for _, t := range tasks[m.CaseID] {
			if (t.MeetingID == m.ID && !t.DoneAt.After(deadline)) || (t.Reached && inTime(*t.DoneAt)) {
				outcome = followed
			}
		}
		if slices.ContainsFunc(held[m.CaseID], inTime) {
			outcome = followed
		}
		counts[outcome][rp.index[c.TeamID]]++
	}
	g := &grid{}
	rows := rp.teamRows(g, counts, true)
	g.protect()
	ns := &rep.NoShows
	ns.FollowedUp, ns.NotFollowedUp = rp.cells(g, rows[followed]), rp.cells(g, rows[missed])
	ns.Pending, ns.NoShows = rp.cells(g, rows[pending]), rp.cells(g, rows[3])
	share := func(f, n Cell) Figure {
		switch {
		case f.Hidden || n.Hidden:
			return Figure{Hidden: true}
		case f.N+n.N == 0:
			return Figure{None: true}
		}
		return Figure{Value: math.Round(float64(f.N)/float64(f.N+n.N)*1e4) / 1e4}
	}
	for t := range rp.q.Teams {
		ns.Share.Teams = append(ns.Share.Teams, share(ns.FollowedUp.Teams[t], ns.NotFollowedUp.Teams[t]))
	}
	if rp.all {
		ns.Share.All = share(ns.FollowedUp.All, ns.NotFollowedUp.All)
	}
}

// caseloads counts each team's workers and their active cases now.
func (rp *reporter) caseloads(rep *Report, cases map[string]*Case) {
	load := map[string]int{}                   // worker → active cases as the named worker
	named := make([][]string, len(rp.q.Teams)) // team → its named workers
	active := make([]int, len(rp.q.Teams))     // team → its active cases
	for _, c := range cases {
		if c.Status != StatusActive {
			continue
		}
		t := rp.index[c.TeamID]
		load[c.WorkerID]++
		active[t]++
		if !slices.Contains(named[t], c.WorkerID) {
			named[t] = append(named[t], c.WorkerID)
		}
	}
	counts := rp.zeros(3) // workers, active cases, over cap
	loads := make([][]int, len(rp.q.Teams))
	cl := &rep.Caseloads
	for t, team := range rp.q.Teams {
		workers := slices.Clone(rp.q.Members[team.ID])
		for _, w := range named[t] {
			if !slices.Contains(workers, w) {
				workers = append(workers, w)
			}
		}
		limit, ok := rp.q.Caps[team.ID]
		if !ok {
			limit = rp.q.DefaultCap
		}
		cl.Caps = append(cl.Caps, limit)
		for _, w := range workers {
			loads[t] = append(loads[t], load[w])
			if load[w] > limit {
				counts[2][t]++
			}
		}
		counts[0][t], counts[1][t] = len(workers), active[t]
	}
	g := &grid{}
	rows := rp.teamRows(g, counts, false)
	g.protect()
	cl.Workers, cl.ActiveCases, cl.OverCap = rp.cells(g, rows[0]), rp.cells(g, rows[1]), rp.cells(g, rows[2])
	cl.Median = rp.figures(loads, func(v []int) float64 { return median(v) })
	cl.Max = rp.figures(loads, func(v []int) float64 { return float64(slices.Max(v)) })
}

// zeros returns rows of a zero count per team.
func (rp *reporter) zeros(rows int) [][]int {
	out := make([][]int, rows)
	for i := range out {
		out[i] = make([]int, len(rp.q.Teams))
	}
	return out
}

// teamRows lays counts out in g, counts[r][t] being row r's count for
// team t. With more than one team each row gets an All cell, its sum; with
// total one more row sums each column (and the All cells). It returns the
// cells by row, All last.
func (rp *reporter) teamRows(g *grid, counts [][]int, total bool) [][]int {
	rows := make([][]int, 0, len(counts)+1)
	for _, row := range counts {
		cells := make([]int, 0, len(row)+1)
		for t, n := range row {
			cells = append(cells, g.add(n, !rp.own[t]))
		}
		if rp.all {
			cells = append(cells, g.sum(cells))
		}
		rows = append(rows, cells)
	}
	if !total {
		return rows
	}
	column := func(j int) []int {
		col := make([]int, len(rows))
		for i, r := range rows {
			col[i] = r[j]
		}
		return col
	}
	sums := make([]int, 0, len(rp.q.Teams)+1)
	for t := range rp.q.Teams {
		sums = append(sums, g.sum(column(t)))
	}
	if rp.all {
		grand := g.sum(sums)
		g.addLine(grand, column(len(rp.q.Teams)))
		sums = append(sums, grand)
	}
	return append(rows, sums)
}

// cells reads one row of teamRows out of g.
func (rp *reporter) cells(g *grid, row []int) TeamCells {
	var out TeamCells
	for t := range rp.q.Teams {
		out.Teams = append(out.Teams, g.cell(row[t]))
	}
	if rp.all {
		out.All = g.cell(row[len(rp.q.Teams)])
	}
	return out
}

// figures applies f to each team's values and to all of them together,
// hiding a figure taken over fewer than MinCell values outside the
// viewer's teams.
func (rp *reporter) figures(values [][]int, f func([]int) float64) TeamFigures {
	figure := func(v []int, suppressed bool) Figure {
		switch {
		case len(v) == 0:
			return Figure{None: true}
		case suppressed && len(v) < encounter.MinCell:
			return Figure{Hidden: true}
		}
		return Figure{Value: f(v)}
	}
	var out TeamFigures
	var all []int
	others := false
	for t, v := range values {
		out.Teams = append(out.Teams, figure(v, !rp.own[t]))
		all = append(all, v...)
		others = others || (!rp.own[t] && len(v) > 0)
	}
	if rp.all {
		out.All = figure(all, others)
	}
	return out
}

func firstOfMonth(d calendar.Date) calendar.Date {
	return calendar.Date{Year: d.Year, Month: d.Month, Day: 1}
}

// daysBetween is the number of days from a to b.
func daysBetween(a, b calendar.Date) int {
	day := func(d calendar.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }
	return int(day(b).Sub(day(a)) / (24 * time.Hour))
}

// median of v, which is not empty; v is sorted in place.
func median(v []int) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return float64(v[n/2])
	}
	return float64(v[n/2-1]+v[n/2]) / 2
}

// A grid is a table of counts as suppression sees it: cells, and lines of
// cells adding up to a total cell (a row or a column with its sum). A cell
// is in at most two lines, a row and a column. A reader knows the shown
// cells and every line's sum; what they can work out of the hidden cells
// exactly is what the lines determine: in the graph whose vertices are
// the lines (and one more for "no line") and whose edges are the hidden
// cells, joining the cell's row and column, the cells that are bridges.
// The tables of this report are rows and columns with their totals, for
// which that is so (the tests check it against linear algebra).
type grid struct {
	cells []gridCell
	lines []gridLine
}

type gridCell struct {
	n int
	// sensitive: the count has cases of a team outside the viewer's own;
	// mixed: it has their own team's cases too (a sum across teams). A
	// mixed count is never read as "< 5": with the own part known, that
	// would bound the others' part.
	sensitive, mixed bool
	// hidden, and protected when hidden as a count of 1–4 itself.
	hidden, protected bool
	lines             []int
}

type gridLine struct {
	total int
	parts []int
}

func (g *grid) add(n int, sensitive bool) int {
	g.cells = append(g.cells, gridCell{n: n, sensitive: sensitive})
	return len(g.cells) - 1
}

// sum adds a cell holding the sum of parts, and the line saying so.
func (g *grid) sum(parts []int) int {
	total, sensitive, known := 0, false, false
	for _, p := range parts {
		c := &g.cells[p]
		total += c.n
		if c.n > 0 {
			sensitive = sensitive || c.sensitive
			known = known || !c.sensitive || c.mixed
		}
	}
	i := g.add(total, sensitive)
	g.cells[i].mixed = sensitive && known
	g.addLine(i, parts)
	return i
}

// addLine records that parts add up to total.
func (g *grid) addLine(total int, parts []int) {
	id := len(g.lines)
	g.lines = append(g.lines, gridLine{total: total, parts: parts})
	g.cells[total].lines = append(g.cells[total].lines, id)
	for _, p := range parts {
		g.cells[p].lines = append(g.cells[p].lines, id)
	}
}

// cell is cell i as the report shows it.
func (g *grid) cell(i int) Cell {
	c := &g.cells[i]
	if !c.hidden {
		return Cell{N: c.n}
	}
	return Cell{Hidden: true, Small: c.protected && !c.mixed}
}

// protect hides every sensitive count of 1–4 (primary suppression), then
// hides more (secondary suppression) while a hidden count can be worked
// out exactly from the lines, or a count read "< 5" narrowed within a line.
// Only sensitive non-zero counts are hidden: the viewer's own are known
// to them anyway, and a zero gives nothing away.
func (g *grid) protect() {
	for i := range g.cells {
		c := &g.cells[i]
		if c.sensitive && c.n > 0 && c.n < encounter.MinCell {
			c.hidden, c.protected = true, true
		}
	}
	for {
		i, ok := g.next()
		if !ok {
			return
		}
		g.cells[i].hidden = true
	}
}

// next is the next cell to hide, if one must be. Narrowed lines come
// first: within one line that check also catches a lone hidden cell, and
// picks the cell to hide with the gap in view.
func (g *grid) next() (int, bool) {
	for l := range g.lines {
		need, bad := g.narrowed(l)
		if !bad {
			continue
		}
		if c, ok := g.pick(l, need); ok {
			return c, true
		}
	}
	for e, bad := range g.exposed() {
		if !bad {
			continue
		}
		// The smallest cell anywhere that puts e on a cycle at once, else
		// the smallest in e's own lines.
		if c := g.smallest(g.candidates(), func(c int) bool {
			g.cells[c].hidden = true
			defer func() { g.cells[c].hidden = false }()
			return !g.exposed()[e]
		}); c >= 0 {
			return c, true
		}
		if c := g.smallest(g.candidates(g.cells[e].lines...), nil); c >= 0 {
			return c, true
		}
	}
	return -1, false
}

// smallest is the candidate with the smallest count that ok accepts (nil:
// any), or -1.
func (g *grid) smallest(candidates []int, ok func(int) bool) int {
	best := -1
	for _, c := range candidates {
		if (best < 0 || g.cells[c].n < g.cells[best].n) && (ok == nil || ok(c)) {
			best = c
		}
	}
	return best
}

// candidates are the cells of lines (none given: of the grid) that may
// still be hidden: shown, sensitive and not zero, in the order of the cells.
func (g *grid) candidates(lines ...int) []int {
	var out []int
	if len(lines) == 0 {
		for c := range g.cells {
			if cell := &g.cells[c]; !cell.hidden && cell.sensitive && cell.n > 0 {
				out = append(out, c)
			}
		}
		return out
	}
	for _, l := range lines {
		for _, c := range append([]int{g.lines[l].total}, g.lines[l].parts...) {
			if cell := &g.cells[c]; !cell.hidden && cell.sensitive && cell.n > 0 && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}

// exposed marks the hidden cells that the lines determine: the bridges of
// the graph described at grid.
func (g *grid) exposed() []bool {
	free := len(g.lines) // the vertex of cells missing a row or a column
	type edge struct{ to, cell int }
	adj := make([][]edge, len(g.lines)+1)
	for i, c := range g.cells {
		if !c.hidden || len(c.lines) == 0 {
			continue
		}
		a, b := c.lines[0], free
		if len(c.lines) > 1 {
			b = c.lines[1]
		}
		adj[a] = append(adj[a], edge{b, i})
		adj[b] = append(adj[b], edge{a, i})
	}
	out := make([]bool, len(g.cells))
	order, low := make([]int, len(adj)), make([]int, len(adj))
	clock := 0
	var visit func(v, via int)
	visit = func(v, via int) {
		clock++
		order[v], low[v] = clock, clock
		for _, e := range adj[v] {
			switch {
			case e.cell == via:
			case order[e.to] == 0:
				visit(e.to, e.cell)
				low[v] = min(low[v], low[e.to])
				if low[e.to] > order[v] {
					out[e.cell] = true
				}
			default:
				low[v] = min(low[v], order[e.to])
			}
		}
	}
	for v := range adj {
		if order[v] == 0 {
			visit(v, -1)
		}
	}
	return out
}

// unbounded stands for "no upper bound".
const unbounded = math.MaxInt / 4

// bounds is what a reader knows of cell i: its count when shown, 1–4 when
// read "< 5", at least 1 for a mixed count, and otherwise at least MinCell
// (hidden to protect another, which is done only to counts of MinCell or
// more).
func (g *grid) bounds(i int) (lo, hi int) {
	c := &g.cells[i]
	switch {
	case !c.hidden:
		return c.n, c.n
	case c.mixed:
		return 1, unbounded
	case c.protected:
		return 1, encounter.MinCell - 1
	}
	return encounter.MinCell, unbounded
}

// narrowed reports whether line l, with the bounds of its other cells,
// keeps a cell read "< 5" from being anything from 1 to 4, and need, how
// much more room the tightest such cell needs above.
//
// A line whose total itself reads "< 5" is left as it is: its parts are
// no more exact than it.
func (g *grid) narrowed(l int) (need int, bad bool) {
	line := &g.lines[l]
	if t := &g.cells[line.total]; t.hidden && t.protected && !t.mixed {
		return 0, false
	}
	sumLo, sumHi := 0, 0
	for _, p := range line.parts {
		lo, hi := g.bounds(p)
		sumLo, sumHi = sumLo+lo, min(unbounded, sumHi+hi)
	}
	tLo, tHi := g.bounds(line.total)
	for _, p := range line.parts {
		c := &g.cells[p]
		if !c.hidden || !c.protected || c.mixed {
			continue
		}
		// p = total − the other parts.
		lo, hi := g.bounds(p)
		othersLo, othersHi := sumLo-lo, sumHi-hi
		canBeOne := sumHi >= unbounded || tLo-othersHi <= 1
		largest := unbounded
		if tHi < unbounded {
			largest = tHi - othersLo
		}
		if !canBeOne || largest < encounter.MinCell-1 {
			bad = true
			need = max(need, encounter.MinCell-1-largest)
		}
	}
	return need, bad
}

// pick chooses the cell of line l to hide when a "< 5" cell in it can be
// narrowed: the smallest part large enough to close the gap (need more
// than MinCell, as a reader reads it as at least MinCell), else the
// total, else the largest part.
func (g *grid) pick(l int, need int) (int, bool) {
	line := &g.lines[l]
	best := -1
	for _, c := range g.candidates(l) {
		if c == line.total {
			continue
		}
		n := g.cells[c].n
		switch {
		case best < 0:
			best = c
		case n >= encounter.MinCell+need && (g.cells[best].n < encounter.MinCell+need || n < g.cells[best].n):
			best = c
		case g.cells[best].n < encounter.MinCell+need && n > g.cells[best].n:
			best = c
		}
	}
	if best >= 0 && g.cells[best].n >= encounter.MinCell+need {
		return best, true
	}
	if t := &g.cells[line.total]; !t.hidden && t.sensitive && t.n > 0 {
		return line.total, true
	}
	return best, best >= 0
}
