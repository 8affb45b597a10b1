package web

import (
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/encounter"
	"kynnys/intake"
)

// The deadline compliance report: per team and period, the share of items
// handled within each statutory deadline (RULES.md §3), the median times to
// the urgency assessment and to the decision, and the items by kind.
//
// Scope: a team lead sees their own teams; administrators and analysts see
// every team, with the encounter report's rule for teams that are not their
// own (RULES.md §5, encounter.MinCell): a count of 1–4 is hidden, and so is
// a share or a median worked out from hidden counts. The row for all teams
// together could give a hidden count back as its difference from the shown
// ones, so its cells are hidden too where they would (see exposes). Sums
// within one row (the items against their kinds) are not protected, as in
// the encounter report.

// intakeReportForm is the filter form as submitted, for showing it back.
type intakeReportForm struct {
	Team, From, To string
}

// intakeReportQuery is the validated filter; Team "" is every team in scope.
type intakeReportQuery struct {
	Team     string
	From, To calendar.Date
}

// intakeReportFields is the order of the form's fields, for the error list.
var intakeReportFields = []string{"team", "from", "to"}

// lastFullQuarter is the default period: the calendar quarter before
// today's, the period counties report to THL by.
func lastFullQuarter(today calendar.Date) (calendar.Date, calendar.Date) {
	first := calendar.Date{Year: today.Year, Month: time.Month((int(today.Month)-1)/3*3 + 1), Day: 1}
	y, m := first.Year, int(first.Month)-3
	if m < 1 {
		y, m = y-1, m+12
	}
	return calendar.Date{Year: y, Month: time.Month(m), Day: 1}, first.AddDays(-1)
}

// parseIntakeReportQuery reads the filters; errs maps a field to a catalogue key.
func parseIntakeReportQuery(v url.Values, today calendar.Date, teams []access.Team) (intakeReportForm, intakeReportQuery, map[string]string) {
	f := intakeReportForm{Team: v.Get("team"), From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to"))}
	q := intakeReportQuery{Team: f.Team}
	errs := map[string]string{}
	if q.Team != "" && !slices.ContainsFunc(teams, func(t access.Team) bool { return t.ID == q.Team }) {
		errs["team"] = "error.unknown_code"
	}
	if f.From == "" && f.To == "" {
		q.From, q.To = lastFullQuarter(today)
		f.From, f.To = q.From.String(), q.To.String()
	} else {
		period(f.From, f.To, "from", "to", &q.From, &q.To, errs)
	}
	return f, q, errs
}

// values is the query in URL form, for the CSV link.
func (q intakeReportQuery) values() url.Values {
	v := url.Values{"from": {q.From.String()}, "to": {q.To.String()}}
	if q.Team != "" {
		v.Set("team", q.Team)
	}
	return v
}

// reportCount is a count as shown. Hidden counts are Small (1–4) or, in
// the row for all teams, hidden because they would give a small one back.
type reportCount struct {
	N             int
	Hidden, Small bool
}

// deadlineFigures is how the items of a row fared against one deadline.
type deadlineFigures struct {
	Met, Missed, Open reportCount
	// ShareHidden: the share would give a hidden count back.
	ShareHidden bool
}

// share is Met / (Met+Missed); ok is false when nothing is decided yet.
func (d deadlineFigures) share() (float64, bool) {
	return intake.DeadlineResult{Met: d.Met.N, Missed: d.Missed.N}.Share()
}

// medianFigure is a median time and how many items it is taken over.
type medianFigure struct {
	D      time.Duration
	N      int
	Hidden bool
}

// complianceRow is one team's figures, or all teams' together (Overall).
type complianceRow struct {
	Name                  string
	Overall, Suppressed   bool
	Items                 reportCount
	Deadlines             []deadlineFigures // in intake.DeadlineKinds order
	ToUrgency, ToDecision medianFigure
	Kinds                 []reportCount // in intake.Kinds order
}

// counts lists the row's counts in a fixed order, so that rows can be
// compared cell by cell.
func (r *complianceRow) counts() []*reportCount {
	out := []*reportCount{&r.Items}
	for i := range r.Deadlines {
		d := &r.Deadlines[i]
		out = append(out, &d.Met, &d.Missed, &d.Open)
	}
	for i := range r.Kinds {
		out = append(out, &r.Kinds[i])
	}
	return out
}

// small reports whether n is a count that suppression hides.
func small(n int) bool { return n > 0 && n < encounter.MinCell }

// complianceRowOf measures items as at now; with suppress, small counts
// and the medians of small numbers of items are hidden.
func complianceRowOf(name string, items []intake.Item, now time.Time, suppress bool) complianceRow {
	c := intake.BuildCompliance(items, now)
	count := func(n int) reportCount {
		hide := suppress && small(n)
		return reportCount{N: n, Hidden: hide, Small: hide}
	}
	row := complianceRow{Name: name, Suppressed: suppress, Items: count(c.Items),
		ToUrgency:  medianFigure{D: c.MedianToUrgency, N: c.HaveUrgency, Hidden: suppress && small(c.HaveUrgency)},
		ToDecision: medianFigure{D: c.MedianToDecision, N: c.HaveDecision, Hidden: suppress && small(c.HaveDecision)}}
	for _, d := range c.Deadlines {
		row.Deadlines = append(row.Deadlines, deadlineFigures{Met: count(d.Met), Missed: count(d.Missed), Open: count(d.Open)})
	}
	byKind := map[intake.Kind]int{}
	for i := range items {
		byKind[items[i].Kind]++
	}
	for _, k := range intake.Kinds {
		row.Kinds = append(row.Kinds, count(byKind[k]))
	}
	return row
}

// exposes reports whether a total, shown, would give hidden parts back: a
// single hidden part is the total less the shown ones, and hidden parts
// that add up to their number (or four times it) are all 1 (or all 4).
func exposes(total int, parts []reportCount) bool {
	hidden, rest := 0, total
	for _, p := range parts {
		if p.Hidden {
			hidden++
		} else {
			rest -= p.N
		}
	}
	return hidden == 1 || (hidden > 1 && (rest == hidden || rest == 4*hidden))
}

// buildIntakeReport is a row per team, in the order given, and with more
// than one team a row for them all together. suppressed says which teams'
// small counts are hidden; the overall row is suppressed when any is.
func buildIntakeReport(teams []access.Team, items []intake.Item, now time.Time, suppressed func(teamID string) bool) []complianceRow {
	byTeam := map[string][]intake.Item{}
	for _, it := range items {
		byTeam[it.TeamID] = append(byTeam[it.TeamID], it)
	}
	rows := make([]complianceRow, 0, len(teams)+1)
	anySuppressed := false
	for _, t := range teams {
		sup := suppressed(t.ID)
		anySuppressed = anySuppressed || sup
		rows = append(rows, complianceRowOf(t.Name, byTeam[t.ID], now, sup))
	}
	if len(teams) > 1 {
		var all []intake.Item
		for _, t := range teams {
			all = append(all, byTeam[t.ID]...)
		}
		overall := complianceRowOf("", all, now, anySuppressed)
		overall.Overall = true
		if anySuppressed {
			for j, cell := range overall.counts() {
				parts := make([]reportCount, len(rows))
				for i := range rows {
					parts[i] = *rows[i].counts()[j]
				}
				if !cell.Hidden && exposes(cell.N, parts) {
					cell.Hidden = true
				}
			}
		}
		rows = append(rows, overall)
	}
	for i := range rows {
		for j := range rows[i].Deadlines {
			d := &rows[i].Deadlines[j]
			d.ShareHidden = d.Met.Hidden || d.Missed.Hidden
		}
	}
	return rows
}

// reportScope is the teams the user may report on, in name order: a team
// lead's own teams, or every team.
func (s *Server) reportScope(r *http.Request) ([]access.Team, error) {
	teams, err := s.store.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	u := state(r).user
	if u.Role == access.RoleTeamLead {
		teams = slices.DeleteFunc(teams, func(t access.Team) bool { return !u.InTeam(t.ID) })
	}
	return teams, nil
}

// teamOptions is a report filter's choice among the teams in scope, with
// selected chosen.
func teamOptions(scope []access.Team, selected string) []statsOption {
	var opts []statsOption
	for _, t := range scope {
		opts = append(opts, statsOption{Value: t.ID, Label: t.Name, Selected: t.ID == selected})
	}
	return opts
}

// reportTeams is the teams a report covers, with their ids: the one
// chosen (team, already checked to be in scope) or else all in scope.
func reportTeams(scope []access.Team, team string) ([]access.Team, []string) {
	teams := scope
	if team != "" {
		i := slices.IndexFunc(scope, func(t access.Team) bool { return t.ID == team })
		teams = scope[i : i+1]
	}
	ids := make([]string, len(teams))
	for i, t := range teams {
		ids[i] = t.ID
	}
	return teams, ids
}

// intakeReportData is the validated query with the report's rows (nil
// when the filters have errors).
type intakeReportData struct {
	scope []access.Team
	form  intakeReportForm
	q     intakeReportQuery
	errs  map[string]string
	rows  []complianceRow
	now   time.Time
}

func (s *Server) loadIntakeReport(r *http.Request) (*intakeReportData, error) {
	scope, err := s.reportScope(r)
	if err != nil {
		return nil, err
	}
	now := s.now()
	d := &intakeReportData{scope: scope, now: now}
	d.form, d.q, d.errs = parseIntakeReportQuery(r.URL.Query(), calendar.DateOf(now), scope)
	if len(d.errs) > 0 {
		return d, nil
	}
	teams, ids := reportTeams(scope, d.q.Team)
	items, err := s.store.IntakeItemsOpened(r.Context(), ids, d.q.From.StartOfDay(), d.q.To.AddDays(1).StartOfDay())
	if err != nil {
		return nil, err
	}
	u := state(r).user
	d.rows = buildIntakeReport(teams, items, now, func(id string) bool { return !u.InTeam(id) })
	return d, nil
}

// Page view.

// irCell is a figure as shown; Hidden marks it for styling.
type irCell struct {
	Text   string
	Hidden bool
}

type irDeadlineRow struct {
	Label             string
	Overall           bool
	Met, Missed, Open irCell
	Share             irCell
	// Percent is the share in whole per cent for the bar; HasBar is false
	// when there is no share to draw.
	Percent int
	HasBar  bool
}

type irDeadlineTable struct {
	ID, Heading, Rule string
	Rows              []irDeadlineRow
	// None: no item in scope had this deadline.
	None bool
}

type irTimesRow struct {
	Label                 string
	Overall               bool
	ToUrgency, ToDecision irCell
}

// irKindsRow is a team's items by kind, in intake.Kinds order, and in all.
type irKindsRow struct {
	Label   string
	Overall bool
	Cells   []irCell
	Total   irCell
}

type irReport struct {
	Scope, AsAt string
	Suppression bool
	Deadlines   []irDeadlineTable
	Times       []irTimesRow
	KindNames   []string
	Kinds       []irKindsRow
	CSV         string
}

type irDate struct {
	Name, Label, Value, Error string
}

type intakeReportView struct {
	*Page
	Form      intakeReportForm
	Teams     []statsOption
	Dates     []irDate
	Errors    map[string]string
	ErrorList []fieldErrorLink
	NoTeams   bool
	Report    *irReport
}

func (s *Server) intakeReport(w http.ResponseWriter, r *http.Request) {
	d, err := s.loadIntakeReport(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v := &intakeReportView{Page: s.view(r, "intake_report.title"), Form: d.form, Errors: map[string]string{}, NoTeams: len(d.scope) == 0}
	v.Teams = teamOptions(d.scope, d.form.Team)
	for _, f := range []struct{ name, value string }{{"from", d.form.From}, {"to", d.form.To}} {
		v.Dates = append(v.Dates, irDate{Name: f.name, Label: v.T("intake_report.field." + f.name), Value: f.value,
			Error: errMsg(v.Page, d.errs[f.name])})
	}
	if len(d.errs) > 0 {
		v.Errors, v.ErrorList = filterErrorsOf(v.Page, intakeReportFields, d.errs, "ir-", "intake_report.field.")
		s.render(w, r, http.StatusBadRequest, "intake_report", v)
		return
	}
	if !v.NoTeams {
		v.Report = intakeReportFor(v.Page, d)
	}
	s.render(w, r, http.StatusOK, "intake_report", v)
}

// irCount writes a count: "< 5" when small and hidden, a word when hidden
// to protect another cell.
func irCount(p *Page, c reportCount) irCell {
	switch {
	case c.Small:
		return irCell{Text: hiddenText, Hidden: true}
	case c.Hidden:
		return irCell{Text: p.T("intake_report.hidden"), Hidden: true}
	}
	return irCell{Text: groupDigits(p.Lang, c.N)}
}

// durationText writes a time span for people: minutes under an hour, hours
// and minutes under two days, days with a decimal after that.
func durationText(p *Page, d time.Duration) string {
	d = max(d, 0).Round(time.Minute)
	switch {
	case d < time.Hour:
		return p.T("intake_report.duration.minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return p.T("intake_report.duration.hours", h)
		}
		return p.T("intake_report.duration.hours_minutes", h, m)
	}
	s := strconv.FormatFloat(math.Round(d.Hours()/24*10)/10, 'f', -1, 64)
	if p.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return p.T("intake_report.duration.days", s)
}

func irMedian(p *Page, m medianFigure) irCell {
	switch {
	case m.Hidden:
		return irCell{Text: p.T("intake_report.hidden"), Hidden: true}
	case m.N == 0:
		return irCell{Text: "–"}
	}
	return irCell{Text: durationText(p, m.D)}
}

func (row *complianceRow) label(p *Page) string {
	if row.Overall {
		return p.T("intake_report.overall")
	}
	return row.Name
}

func intakeReportFor(p *Page, d *intakeReportData) *irReport {
	scope := p.T("intake_report.all_teams")
	if d.q.Team != "" {
		scope = d.rows[0].Name
	}
	now := d.now.In(calendar.Helsinki)
	rep := &irReport{Scope: p.T("intake_report.scope", scope, formatDate(d.q.From), formatDate(d.q.To)),
		AsAt: p.T("intake_report.as_at", formatDate(calendar.DateOf(now)), now.Format("15.04")),
		CSV:  "/intake/report.csv?" + d.q.values().Encode()}
	for _, row := range d.rows {
		rep.Suppression = rep.Suppression || row.Suppressed
	}
	for j, k := range intake.DeadlineKinds {
		t := irDeadlineTable{ID: "ir-" + string(k), Heading: p.T("intake.deadline." + string(k)),
			Rule: p.T("intake_report.rule." + string(k)), None: true}
		for i := range d.rows {
			row := &d.rows[i]
			f := row.Deadlines[j]
			if f.Met.N+f.Missed.N+f.Open.N > 0 {
				t.None = false
			}
			dr := irDeadlineRow{Label: row.label(p), Overall: row.Overall, Met: irCount(p, f.Met), Missed: irCount(p, f.Missed), Open: irCount(p, f.Open)}
			share, ok := f.share()
			switch {
			case f.ShareHidden:
				dr.Share = irCell{Text: p.T("intake_report.hidden"), Hidden: true}
			case !ok:
				dr.Share = irCell{Text: "–"}
			default:
				dr.Share = irCell{Text: percentText(p.Lang, 100*share)}
				dr.Percent, dr.HasBar = int(math.Round(100*share)), true
			}
			t.Rows = append(t.Rows, dr)
		}
		rep.Deadlines = append(rep.Deadlines, t)
	}
	for _, k := range intake.Kinds {
		rep.KindNames = append(rep.KindNames, p.T("intake.kind."+string(k)))
	}
	for i := range d.rows {
		row := &d.rows[i]
		rep.Times = append(rep.Times, irTimesRow{Label: row.label(p), Overall: row.Overall,
			ToUrgency: irMedian(p, row.ToUrgency), ToDecision: irMedian(p, row.ToDecision)})
		kr := irKindsRow{Label: row.label(p), Overall: row.Overall, Total: irCount(p, row.Items)}
		for _, c := range row.Kinds {
			kr.Cells = append(kr.Cells, irCount(p, c))
		}
		rep.Kinds = append(rep.Kinds, kr)
	}
	return rep
}

// filterErrorsOf is a report filter's errors (message keys by field) as
// shown: the messages by field, and the error summary in fields order,
// linking to the input idPrefix+field labelled by the key labelPrefix+field.
func filterErrorsOf(p *Page, fields []string, errs map[string]string, idPrefix, labelPrefix string) (map[string]string, []fieldErrorLink) {
	msgs := map[string]string{}
	var list []fieldErrorLink
	for _, field := range fields {
		if key, ok := errs[field]; ok {
			msgs[field] = p.T(key)
			list = append(list, fieldErrorLink{ID: idPrefix + field, Label: p.T(labelPrefix + field), Message: msgs[field]})
		}
	}
	return msgs, list
}

// filterError answers a download whose filters have errors with the first
// of them, in fields order, and reports whether it did.
func (s *Server) filterError(w http.ResponseWriter, r *http.Request, fields []string, errs map[string]string) bool {
	for _, field := range fields {
		if key, ok := errs[field]; ok {
			s.errorPage(w, r, http.StatusBadRequest, key)
			return true
		}
	}
	return false
}

// csvDownload sets the headers of a CSV file downloaded as name.
func csvDownload(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// intakeReportCSV exports the page's figures, one row per team and one for
// all teams together (row "all", no team name), with the same suppression: a hidden small count reads
// "<5", any other hidden figure "suppressed"; a share with nothing decided
// and a median over no items are empty. Times are in hours.
func (s *Server) intakeReportCSV(w http.ResponseWriter, r *http.Request) {
	d, err := s.loadIntakeReport(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if s.filterError(w, r, intakeReportFields, d.errs) {
		return
	}
	csvDownload(w, fmt.Sprintf("intake-deadlines-%s-%s.csv", d.q.From, d.q.To))

	const suppressedText = "suppressed"
	num := func(c reportCount) string {
		switch {
		case c.Small:
			return "<5"
		case c.Hidden:
			return suppressedText
		}
		return strconv.Itoa(c.N)
	}
	hours := func(m medianFigure) string {
		switch {
		case m.Hidden:
			return suppressedText
		case m.N == 0:
			return ""
		}
		return strconv.FormatFloat(m.D.Hours(), 'f', 1, 64)
	}
	head := []string{"row", "team", "from", "to", "items"}
	for _, k := range intake.DeadlineKinds {
		head = append(head, string(k)+"_met", string(k)+"_missed", string(k)+"_open", string(k)+"_share")
	}
	head = append(head, "median_hours_to_urgency_assessment", "median_hours_to_decision")
	for _, k := range intake.Kinds {
		head = append(head, "kind_"+string(k))
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(head)
	for i := range d.rows {
		row := &d.rows[i]
		kind, team := "team", csvText(row.Name)
		if row.Overall {
			kind = "all"
		}
		rec := []string{kind, team, d.q.From.String(), d.q.To.String(), num(row.Items)}
		for _, f := range row.Deadlines {
			share, ok := f.share()
			shareText := ""
			switch {
			case f.ShareHidden:
				shareText = suppressedText
			case ok:
				shareText = strconv.FormatFloat(math.Round(share*1e4)/1e4, 'f', -1, 64)
			}
			rec = append(rec, num(f.Met), num(f.Missed), num(f.Open), shareText)
		}
		rec = append(rec, hours(row.ToUrgency), hours(row.ToDecision))
		for _, c := range row.Kinds {
			rec = append(rec, num(c))
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
}
