package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// The case-work report (/casework/report and its CSV): clients by trust-
// ladder stage, moves up and down per month, the time between stages,
// no-shows followed up in time, and caseloads, per team. casework.
// BuildReport computes it and hides small cells of teams that are not the
// viewer's (RULES.md §5); the page and the CSV only lay it out. The filter
// (period and team) holds no personal data, so it travels in the query.

// crMaxMonths bounds the period: a month per row of the moves table.
const crMaxMonths = 24

// crForm is the filter as submitted, for showing it back.
type crForm struct {
	Team, From, To string
}

// crQuery is the validated filter: whole months From..To; Team "" is every
// team in scope.
type crQuery struct {
	Team     string
	From, To calendar.Date // first days of the months
}

// values is the query in URL form, for the CSV link.
func (q crQuery) values() url.Values {
	v := url.Values{"from": {crMonthValue(q.From)}, "to": {crMonthValue(q.To)}}
	if q.Team != "" {
		v.Set("team", q.Team)
	}
	return v
}

func crMonthValue(d calendar.Date) string { return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)) }

// crParseMonth reads a month as the month input sends it (2026-05) or as
// people write it where the browser offers a plain text box (5/2026, 5.2026).
func crParseMonth(s string) (calendar.Date, bool) {
	for _, layout := range []string{"2006-01", "1/2006", "1.2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 2000 && t.Year() < 2200 {
			return calendar.Date{Year: t.Year(), Month: t.Month(), Day: 1}, true
		}
	}
	return calendar.Date{}, false
}

// crAddMonths moves the first day of a month by n months.
func crAddMonths(d calendar.Date, n int) calendar.Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	if m%12 < 0 {
		y--
	}
	return calendar.Date{Year: y, Month: time.Month((m%12+12)%12 + 1), Day: 1}
}

// crMonthsBetween counts the months from a to b, both first days.
func crMonthsBetween(a, b calendar.Date) int {
	return (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
}

// parseCaseworkReportQuery reads the filter; the default is the last twelve
// months, this one included. errs maps a field to a catalogue key.
func parseCaseworkReportQuery(v url.Values, today calendar.Date, scope []access.Team) (crForm, crQuery, map[string]string) {
	f := crForm{Team: v.Get("team"), From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to"))}
	q := crQuery{Team: f.Team}
	errs := map[string]string{}
	if q.Team != "" && !slices.ContainsFunc(scope, func(t access.Team) bool { return t.ID == q.Team }) {
		errs["team"] = "error.unknown_code"
	}
	q.To = calendar.Date{Year: today.Year, Month: today.Month, Day: 1}
	q.From = crAddMonths(q.To, -11)
	var ok bool
	if f.From != "" {
		if q.From, ok = crParseMonth(f.From); !ok {
			errs["from"] = "casework_lists.report.error.month"
		}
	}
	if f.To != "" {
		if q.To, ok = crParseMonth(f.To); !ok {
			errs["to"] = "casework_lists.report.error.month"
		}
	}
	if errs["from"] == "" && errs["to"] == "" {
		switch n := crMonthsBetween(q.From, q.To); {
		case n < 0:
			errs["to"] = "error.period_order"
		case n >= crMaxMonths:
			errs["to"] = "casework_lists.report.error.too_long"
		}
	}
	if errs["from"] == "" {
		f.From = crMonthValue(q.From)
	}
	if errs["to"] == "" {
		f.To = crMonthValue(q.To)
	}
	return f, q, errs
}

// crFields is the order of the filter's fields, for the error list.
var crFields = []string{"team", "from", "to"}

type crData struct {
	scope  []access.Team
	form   crForm
	q      crQuery
	errs   map[string]string
	ladder *casework.Ladder
	rep    *casework.Report
	now    time.Time
}

func (s *Server) loadCaseworkReport(r *http.Request) (*crData, error) {
	ctx := r.Context()
	scope, err := s.reportScope(r)
	if err != nil {
		return nil, fmt.Errorf("teams: %w", err)
	}
	slices.SortFunc(scope, func(a, b access.Team) int { return strings.Compare(a.Name, b.Name) })
	d := &crData{scope: scope, now: s.now()}
	d.form, d.q, d.errs = parseCaseworkReportQuery(r.URL.Query(), calendar.DateOf(d.now), scope)
	if len(d.errs) > 0 || len(scope) == 0 {
		return d, nil
	}
	teams, ids := reportTeams(scope, d.q.Team)
	data, err := s.store.CaseworkReportData(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("report data: %w", err)
	}
	if d.ladder, err = s.store.Ladder(ctx); err != nil {
		return nil, fmt.Errorf("ladder: %w", err)
	}
	basis, err := s.caseloadBasisOf(ctx)
	if err != nil {
		return nil, err
	}
	// The workers who count in a team's caseloads, as on the team page.
	members := map[string][]string{}
	for _, t := range teams {
		members[t.ID] = []string{}
		for _, u := range basis.users {
			if carriesCaseload(u) && u.InTeam(t.ID) {
				members[t.ID] = append(members[t.ID], u.ID)
			}
		}
	}
	d.rep = casework.BuildReport(data, casework.ReportQuery{From: d.q.From, To: crAddMonths(d.q.To, 1).AddDays(-1),
		Ladder: d.ladder, Teams: teams, OwnTeams: state(r).user.TeamIDs(), Caps: basis.caps, DefaultCap: basis.settings.DefaultCap,
		Members: members, Now: d.now})
	return d, nil
}

// Page view.

// crCell is a figure as shown; Hidden marks a suppressed one.
type crCell struct {
	Text   string
	Hidden bool
}

type crRow struct {
	Label string
	Cells []crCell
	// Bar is the chart column's figure as a width of 100, -1 for none,
	// in a table with a bar column (HasBar).
	Bar    int
	HasBar bool
}

// crTable is one of the report's tables. With Groups, each group (a team)
// has the Cols under it; otherwise the Cols are the teams.
type crTable struct {
	ID, Caption, RowHead string
	Groups               []string
	Cols                 []string
	Rows                 []crRow
	Foot                 []crRow
	HasBar               bool
	BarHead              string
}

// crBar is a month's moves in the chart.
type crBar struct {
	X, LabelX              int
	UpY, UpH, DownY, DownH int
	UpHidden, DownHidden   bool
	Label                  string
}

type crChart struct {
	Width, Height, Base int
	Bars                []crBar
	Title, Desc         string
}

type crReport struct {
	Scope, AsAt string
	Suppressed  bool
	Chart       string // the team or "all teams" the charts show
	Stages      crTable
	MovesChart  crChart
	Moves       crTable
	Times       crTable
	NoShows     crTable
	Caseloads   crTable
	FollowUp    int
	CSV         string
}

type caseworkReportView struct {
	*Page
	Form      crForm
	Teams     []statsOption
	Errors    map[string]string
	ErrorList []fieldErrorLink
	NoTeams   bool
	Report    *crReport
}

func (s *Server) caseworkReport(w http.ResponseWriter, r *http.Request) {
	d, err := s.loadCaseworkReport(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v := &caseworkReportView{Page: s.view(r, "casework_lists.report.title"), Form: d.form, Errors: map[string]string{},
		NoTeams: len(d.scope) == 0}
	v.Teams = teamOptions(d.scope, d.form.Team)
	if len(d.errs) > 0 {
		v.Errors, v.ErrorList = filterErrorsOf(v.Page, crFields, d.errs, "cr-", "casework_lists.report.field.")
		s.render(w, r, http.StatusBadRequest, "casework_report", v)
		return
	}
	if d.rep != nil {
		v.Report = caseworkReportFor(v.Page, d)
	}
	s.render(w, r, http.StatusOK, "casework_report", v)
}

// crCount writes a count: "< 5" for a small hidden one, a word for one
// hidden to protect another.
func crCount(p *Page, c casework.Cell) crCell {
	switch {
	case c.Small:
		return crCell{Text: hiddenText, Hidden: true}
	case c.Hidden:
		return crCell{Text: p.T("casework_lists.report.hidden"), Hidden: true}
	}
	return crCell{Text: groupDigits(p.Lang, c.N)}
}

// crNumber writes a median or maximum with at most one decimal.
func crNumber(p *Page, f casework.Figure) crCell {
	switch {
	case f.Hidden:
		return crCell{Text: p.T("casework_lists.report.hidden"), Hidden: true}
	case f.None:
		return crCell{Text: "–"}
	}
	s := strconv.FormatFloat(f.Value, 'f', -1, 64)
	if p.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return crCell{Text: s}
}

func crShare(p *Page, f casework.Figure) crCell {
	switch {
	case f.Hidden:
		return crCell{Text: p.T("casework_lists.report.hidden"), Hidden: true}
	case f.None:
		return crCell{Text: "–"}
	}
	return crCell{Text: percentText(p.Lang, 100*f.Value)}
}

// cols lists the teams' cells and, with more than one team, all together.
func crCounts(p *Page, rep *casework.Report, tc casework.TeamCells) []crCell {
	out := make([]crCell, 0, len(tc.Teams)+1)
	for _, c := range tc.Teams {
		out = append(out, crCount(p, c))
	}
	if rep.All {
		out = append(out, crCount(p, tc.All))
	}
	return out
}

func crFigures(p *Page, rep *casework.Report, tf casework.TeamFigures, f func(*Page, casework.Figure) crCell) []crCell {
	out := make([]crCell, 0, len(tf.Teams)+1)
	for _, c := range tf.Teams {
		out = append(out, f(p, c))
	}
	if rep.All {
		out = append(out, f(p, tf.All))
	}
	return out
}

// crChartCell is the cell the charts draw: all teams together, or the one team.
func crChartCell(rep *casework.Report, tc casework.TeamCells) casework.Cell {
	if rep.All {
		return tc.All
	}
	return tc.Teams[0]
}

// crTeamNames are the columns of a per-team table.
func crTeamNames(p *Page, rep *casework.Report) []string {
	var out []string
	for _, t := range rep.Teams {
		out = append(out, t.Name)
	}
	if rep.All {
		out = append(out, p.T("casework_lists.report.all"))
	}
	return out
}

// crMonthLabel is a month as "5/2026".
func crMonthLabel(d calendar.Date) string { return fmt.Sprintf("%d/%d", int(d.Month), d.Year) }

func caseworkReportFor(p *Page, d *crData) *crReport {
	rep := d.rep
	scope := p.T("casework_lists.report.all_teams")
	if d.q.Team != "" {
		scope = rep.Teams[0].Name
	}
	now := d.now.In(calendar.Helsinki)
	out := &crReport{Scope: p.T("casework_lists.report.scope", scope, crMonthLabel(d.q.From), crMonthLabel(d.q.To)),
		AsAt:       p.T("casework_lists.report.as_at", formatDate(calendar.DateOf(now)), now.Format("15.04")),
		Suppressed: rep.Suppressed, FollowUp: rep.FollowUpDays, Chart: scope,
		CSV: "/casework/report.csv?" + d.q.values().Encode()}
	if rep.All {
		out.Chart = p.T("casework_lists.report.all")
	}
	names := crTeamNames(p, rep)

	// Clients by stage, with a bar of the chart column.
	out.Stages = crTable{ID: "cr-stages", Caption: p.T("casework_lists.report.stages.caption"), RowHead: p.T("casework_lists.col.stage"),
		Cols: names, HasBar: true, BarHead: p.T("casework_lists.report.bar", out.Chart)}
	top := 1
	for _, st := range rep.Stages {
		top = max(top, crChartCell(rep, st.Cases).N)
	}
	for _, st := range rep.Stages {
		row := crRow{Label: stageText(p, d.ladder, st.Stage), Cells: crCounts(p, rep, st.Cases), Bar: -1, HasBar: true}
		if c := crChartCell(rep, st.Cases); !c.Hidden {
			row.Bar = c.N * 100 / top
		}
		out.Stages.Rows = append(out.Stages.Rows, row)
	}
	out.Stages.Foot = []crRow{{Label: p.T("casework_lists.report.stages.total"), Cells: crCounts(p, rep, rep.OpenCases), Bar: -1, HasBar: true}}

	// Moves by month: a chart of the chart column and the table by team.
	updown := []string{p.T("casework_lists.report.up"), p.T("casework_lists.report.down")}
	out.Moves = crTable{ID: "cr-moves", Caption: p.T("casework_lists.report.moves.caption"), RowHead: p.T("casework_lists.report.month"),
		Groups: names, Cols: updown}
	pair := func(m casework.MonthMoves) []crCell {
		up, down := crCounts(p, rep, m.Up), crCounts(p, rep, m.Down)
		cells := make([]crCell, 0, 2*len(up))
		for i := range up {
			cells = append(cells, up[i], down[i])
		}
		return cells
	}
	for _, m := range rep.Moves {
		out.Moves.Rows = append(out.Moves.Rows, crRow{Label: crMonthLabel(m.Month), Cells: pair(m), Bar: -1})
	}
	out.Moves.Foot = []crRow{{Label: p.T("casework_lists.report.period_total"), Cells: pair(rep.MovesTotal), Bar: -1}}
	out.MovesChart = crMovesChart(p, rep, out.Chart)

	// Time between stages.
	out.Times = crTable{ID: "cr-times", Caption: p.T("casework_lists.report.times.caption"), RowHead: p.T("casework_lists.report.times.step"),
		Groups: names, Cols: []string{p.T("casework_lists.report.times.cases"), p.T("casework_lists.report.times.median")}}
	for _, st := range rep.StageTimes {
		cases, days := crCounts(p, rep, st.Cases), crFigures(p, rep, st.MedianDays, crNumber)
		var cells []crCell
		for i := range cases {
			cells = append(cells, cases[i], days[i])
		}
		out.Times.Rows = append(out.Times.Rows, crRow{Label: p.T("casework_lists.report.times.from_to", st.From, st.To), Cells: cells, Bar: -1})
	}

	// No-shows.
	ns := rep.NoShows
	out.NoShows = crTable{ID: "cr-noshows", Caption: p.T("casework_lists.report.noshows.caption", rep.FollowUpDays), RowHead: p.T("casework_lists.report.figure"), Cols: names}
	for _, r := range []struct {
		label string
		cells []crCell
	}{
		{p.T("casework_lists.report.noshows.followed_up", rep.FollowUpDays), crCounts(p, rep, ns.FollowedUp)},
		{p.T("casework_lists.report.noshows.not_followed_up"), crCounts(p, rep, ns.NotFollowedUp)},
		{p.T("casework_lists.report.noshows.pending"), crCounts(p, rep, ns.Pending)},
	} {
		out.NoShows.Rows = append(out.NoShows.Rows, crRow{Label: r.label, Cells: r.cells, Bar: -1})
	}
	out.NoShows.Foot = []crRow{
		{Label: p.T("casework_lists.report.noshows.total"), Cells: crCounts(p, rep, ns.NoShows), Bar: -1},
		{Label: p.T("casework_lists.report.noshows.share", rep.FollowUpDays), Cells: crFigures(p, rep, ns.Share, crShare), Bar: -1},
	}

	// Caseloads now.
	cl := rep.Caseloads
	caps := make([]crCell, 0, len(names))
	for _, c := range cl.Caps {
		caps = append(caps, crCell{Text: groupDigits(p.Lang, c)})
	}
	if rep.All {
		caps = append(caps, crCell{Text: "–"})
	}
	out.Caseloads = crTable{ID: "cr-loads", Caption: p.T("casework_lists.report.loads.caption"), RowHead: p.T("casework_lists.report.figure"), Cols: names,
		Rows: []crRow{
			{Label: p.T("casework_lists.report.loads.cap"), Cells: caps, Bar: -1},
			{Label: p.T("casework_lists.report.loads.workers"), Cells: crCounts(p, rep, cl.Workers), Bar: -1},
			{Label: p.T("casework_lists.report.loads.active"), Cells: crCounts(p, rep, cl.ActiveCases), Bar: -1},
			{Label: p.T("casework_lists.report.loads.median"), Cells: crFigures(p, rep, cl.Median, crNumber), Bar: -1},
			{Label: p.T("casework_lists.report.loads.max"), Cells: crFigures(p, rep, cl.Max, crNumber), Bar: -1},
			{Label: p.T("casework_lists.report.loads.over"), Cells: crCounts(p, rep, cl.OverCap), Bar: -1},
		}}
	return out
}

// Chart geometry, in the SVG's own units.
const (
	crSlot   = 44  // a month
	crTall   = 120 // the largest month's bar
	crTop    = 12
	crBottom = 28
	crLeft   = 8
	crHidden = 6 // a hidden count's outline
)

// crMovesChart draws each month's moves up above the line and down below it,
// on one scale, for all teams together or the one team. A hidden count is
// drawn as a short dashed outline, its size unknown.
func crMovesChart(p *Page, rep *casework.Report, what string) crChart {
	top, ups, downs := 1, 0, 0
	for _, m := range rep.Moves {
		up, down := crChartCell(rep, m.Up), crChartCell(rep, m.Down)
		top = max(top, up.N, down.N)
		ups, downs = max(ups, up.N), max(downs, down.N)
	}
	// Each half as tall as its largest bar needs, so that the chart has
	// no empty band when moves down are fewer than moves up.
	upSpace, downSpace := max(ups*crTall/top, crHidden+2), max(downs*crTall/top, crHidden+2)
	ch := crChart{Width: crLeft*2 + crSlot*max(len(rep.Moves), 1), Height: crTop + upSpace + downSpace + crBottom, Base: crTop + upSpace,
		Title: p.T("casework_lists.report.moves.chart", what)}
	for i, m := range rep.Moves {
		x := crLeft + i*crSlot
		b := crBar{X: x + 8, LabelX: x + crSlot/2, Label: fmt.Sprintf("%d/%02d", int(m.Month.Month), m.Month.Year%100)}
		up, down := crChartCell(rep, m.Up), crChartCell(rep, m.Down)
		b.UpH, b.UpHidden = up.N*crTall/top, up.Hidden
		if up.Hidden {
			b.UpH = crHidden
		}
		b.DownH, b.DownHidden = down.N*crTall/top, down.Hidden
		if down.Hidden {
			b.DownH = crHidden
		}
		b.UpY, b.DownY = ch.Base-b.UpH, ch.Base
		ch.Bars = append(ch.Bars, b)
	}
	t := rep.MovesTotal
	ch.Desc = p.T("casework_lists.report.moves.desc", crCount(p, crChartCell(rep, t.Up)).Text, crCount(p, crChartCell(rep, t.Down)).Text)
	return ch
}

// caseworkReportCSV exports the page's cells, one line each: the section,
// the row, the team ("all" rows: the teams together), and the value. A
// hidden count of 1–4 reads "<5", another hidden figure "hidden"; a figure
// with nothing to take it over is empty. Shares are fractions, medians
// days.
func (s *Server) caseworkReportCSV(w http.ResponseWriter, r *http.Request) {
	d, err := s.loadCaseworkReport(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if s.filterError(w, r, crFields, d.errs) {
		return
	}
	if d.rep == nil {
		s.errorPage(w, r, http.StatusNotFound, "casework_lists.report.no_teams")
		return
	}
	rep := d.rep
	csvDownload(w, fmt.Sprintf("casework-report-%s-%s.csv", crMonthValue(d.q.From), crMonthValue(d.q.To)))
	// A byte-order mark, so that spreadsheets read the team names' ä and ö.
	_, _ = w.Write([]byte("\ufeff"))

	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"section", "row", "scope", "team", "from", "to", "value"})
	from, to := crMonthValue(d.q.From), crMonthValue(d.q.To)
	line := func(section, row string, team int, value string) {
		scope, name := "all", ""
		if team < len(rep.Teams) {
			scope, name = "team", csvText(rep.Teams[team].Name)
		}
		_ = cw.Write([]string{section, row, scope, name, from, to, value})
	}
	count := func(c casework.Cell) string {
		switch {
		case c.Small:
			return "<5"
		case c.Hidden:
			return "hidden"
		}
		return strconv.Itoa(c.N)
	}
	figure := func(f casework.Figure) string {
		switch {
		case f.Hidden:
			return "hidden"
		case f.None:
			return ""
		}
		return strconv.FormatFloat(f.Value, 'f', -1, 64)
	}
	cells := func(section, row string, tc casework.TeamCells) {
		for i, c := range tc.Teams {
			line(section, row, i, count(c))
		}
		if rep.All {
			line(section, row, len(rep.Teams), count(tc.All))
		}
	}
	figures := func(section, row string, tf casework.TeamFigures) {
		for i, f := range tf.Teams {
			line(section, row, i, figure(f))
		}
		if rep.All {
			line(section, row, len(rep.Teams), figure(tf.All))
		}
	}
	for _, st := range rep.Stages {
		cells("open_cases_by_stage", strconv.Itoa(st.Stage), st.Cases)
	}
	cells("open_cases_by_stage", "total", rep.OpenCases)
	for _, m := range rep.Moves {
		cells("moves_up", crMonthValue(m.Month), m.Up)
		cells("moves_down", crMonthValue(m.Month), m.Down)
	}
	cells("moves_up", "total", rep.MovesTotal.Up)
	cells("moves_down", "total", rep.MovesTotal.Down)
	for _, st := range rep.StageTimes {
		row := fmt.Sprintf("%d-%d", st.From, st.To)
		cells("stage_time_cases", row, st.Cases)
		figures("stage_time_median_days", row, st.MedianDays)
	}
	ns := rep.NoShows
	days := strconv.Itoa(rep.FollowUpDays)
	cells("no_shows", "total", ns.NoShows)
	cells("no_shows", "followed_up_within_"+days+"_arkipaivat", ns.FollowedUp)
	cells("no_shows", "not_followed_up", ns.NotFollowedUp)
	cells("no_shows", "pending", ns.Pending)
	figures("no_shows", "share_followed_up", ns.Share)
	cl := rep.Caseloads
	for i, c := range cl.Caps {
		line("caseloads", "cap", i, strconv.Itoa(c))
	}
	cells("caseloads", "workers", cl.Workers)
	cells("caseloads", "active_cases", cl.ActiveCases)
	cells("caseloads", "workers_over_cap", cl.OverCap)
	figures("caseloads", "median_active_cases_per_worker", cl.Median)
	figures("caseloads", "max_active_cases_per_worker", cl.Max)
	cw.Flush()
}
