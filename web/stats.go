package web

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/encounter"
)

// The statistics page shows the encounter report of the API to staff, with
// an optional comparison period: the pilots' figures without spreadsheets.
// Scope and suppression are the API's (ownsAll, encounter.BuildReport), so
// the page and the API never disagree on what is shown.

// statsForm is the filter form as submitted, for showing it back.
type statsForm struct {
	From, To, CompareFrom, CompareTo, Point string
}

// statsQuery is the validated filter; Compare says whether a comparison
// period was given.
type statsQuery struct {
	From, To         calendar.Date
	Compare          bool
	CompFrom, CompTo calendar.Date
	Point            string // "" for every point
}

// statsFields is the order of the form's fields, for the error list.
var statsFields = []string{"service_point", "from", "to", "compare_from", "compare_to"}

// lastFullMonths is the default period: the three full months before today's.
func lastFullMonths(today calendar.Date) (calendar.Date, calendar.Date) {
	first := calendar.Date{Year: today.Year, Month: today.Month, Day: 1}
	y, m := today.Year, int(today.Month)-3
	if m < 1 {
		y, m = y-1, m+12
	}
	return calendar.Date{Year: y, Month: time.Month(m), Day: 1}, first.AddDays(-1)
}

// parseStatsQuery reads the filters; errs maps a field to a catalogue key.
func parseStatsQuery(v url.Values, today calendar.Date, points []directory.ServicePoint) (statsForm, statsQuery, map[string]string) {
	f := statsForm{From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")),
		CompareFrom: strings.TrimSpace(v.Get("compare_from")), CompareTo: strings.TrimSpace(v.Get("compare_to")),
		Point: v.Get("service_point")}
	q := statsQuery{Point: f.Point}
	errs := map[string]string{}
	if q.Point != "" && !slices.ContainsFunc(points, func(sp directory.ServicePoint) bool { return sp.ID == q.Point }) {
		errs["service_point"] = "error.unknown_code"
	}
	if f.From == "" && f.To == "" {
		q.From, q.To = lastFullMonths(today)
		f.From, f.To = q.From.String(), q.To.String()
	} else {
		period(f.From, f.To, "from", "to", &q.From, &q.To, errs)
	}
	if f.CompareFrom != "" || f.CompareTo != "" {
		q.Compare = true
		period(f.CompareFrom, f.CompareTo, "compare_from", "compare_to", &q.CompFrom, &q.CompTo, errs)
	}
	return f, q, errs
}

// period validates one period as the API does: both dates, in order, at
// most a year and a leap day.
func period(fromText, toText, fromField, toField string, from, to *calendar.Date, errs map[string]string) {
	var err error
	if *from, err = calendar.ParseDate(fromText); err != nil {
		errs[fromField] = "error.date"
	}
	if *to, err = calendar.ParseDate(toText); err != nil {
		errs[toField] = "error.date"
	}
	if errs[fromField] != "" || errs[toField] != "" {
		return
	}
	if to.Before(*from) {
		errs[toField] = "error.period_order"
	} else if from.AddDays(maxOpeningsDays - 1).Before(*to) {
		errs[toField] = "error.period_too_long"
	}
}

// values is the query in URL form, for the CSV link.
func (q statsQuery) values() url.Values {
	v := url.Values{"from": {q.From.String()}, "to": {q.To.String()}}
	if q.Point != "" {
		v.Set("service_point", q.Point)
	}
	if q.Compare {
		v.Set("compare_from", q.CompFrom.String())
		v.Set("compare_to", q.CompTo.String())
	}
	return v
}

// statsReports are the report of the period and, with a comparison, of the
// comparison period, for the same scope and suppression.
type statsReports struct {
	Current, Compare *encounter.Report
	Suppression      bool
}

// neutral says whether some hidden count (of either period) is not 1–4.
func (r *statsReports) neutral() bool {
	return len(r.Current.Complementary) > 0 || (r.Compare != nil && len(r.Compare.Complementary) > 0)
}

// statsData loads the points, validates the filters and, when they are
// valid, builds the reports.
func (s *Server) statsData(r *http.Request) ([]directory.ServicePoint, statsForm, statsQuery, map[string]string, *statsReports, error) {
	ctx := r.Context()
	points, err := s.store.ServicePoints(ctx, directory.Filter{})
	if err != nil {
		return nil, statsForm{}, statsQuery{}, nil, nil, err
	}
	f, q, errs := parseStatsQuery(r.URL.Query(), calendar.DateOf(s.now()), points)
	if len(errs) > 0 {
		return points, f, q, errs, nil, nil
	}
	// The scope as the API takes it: one point, or every point.
	scope, ids := points, []string(nil)
	if q.Point != "" {
		i := slices.IndexFunc(points, func(sp directory.ServicePoint) bool { return sp.ID == q.Point })
		scope, ids = points[i:i+1], []string{q.Point}
	}
	reps := &statsReports{Suppression: !ownsAll(state(r).user, scope)}
	build := func(from, to calendar.Date) (*encounter.Report, error) {
		st, err := s.store.EncounterStats(ctx, encounter.StatsQuery{From: from, To: to, ServicePointIDs: ids})
		if err != nil {
			return nil, err
		}
		rep := encounter.BuildReport(st, reps.Suppression)
		return &rep, nil
	}
	if reps.Current, err = build(q.From, q.To); err != nil {
		return nil, f, q, nil, nil, err
	}
	if q.Compare {
		if reps.Compare, err = build(q.CompFrom, q.CompTo); err != nil {
			return nil, f, q, nil, nil, err
		}
	}
	return points, f, q, errs, reps, nil
}

// statsCount is one count of a report: n, or hidden under suppression.
// A hidden count is 1–4 unless Neutral: hidden so that a subtraction cannot
// give a small one back (encounter.Report's Complementary).
type statsCount struct {
	N               int
	Hidden, Neutral bool
}

// count reads a cell of rep; dim names it in Suppressed.
func count(rep *encounter.Report, m map[string]int, dim, code string) statsCount {
	if n, ok := m[code]; ok {
		return statsCount{N: n}
	}
	name := dim + ":" + code
	return statsCount{Hidden: slices.Contains(rep.Suppressed, name), Neutral: slices.Contains(rep.Complementary, name)}
}

// sortKey orders rows by count, hidden ones (1–4) just above zeroes.
func (c statsCount) sortKey() float64 {
	if c.Hidden {
		return 2.5
	}
	return float64(c.N)
}

// statsSection is one dimension of the report as the page and CSV show it.
type statsSection struct {
	name  string // CSV section and suppression prefix
	dim   string // suppression dimension
	cells func(*encounter.Report) map[string]int
	order []string // fixed row order; nil: by count
}

var hours = func() []string {
	out := make([]string, 24)
	for i := range out {
		out[i] = fmt.Sprintf("%02d", i)
	}
	return out
}()

var statsSections = []statsSection{
	{"channel", encounter.DimChannel, func(r *encounter.Report) map[string]int { return r.ByChannel }, channelCodes()},
	{"weekday", "weekday", func(r *encounter.Report) map[string]int { return r.ByWeekday }, coverageDays},
	{"hour", encounter.DimHour, func(r *encounter.Report) map[string]int { return r.ByHour }, hours},
	{"topic", encounter.DimTopic, func(r *encounter.Report) map[string]int { return r.ByTopic }, nil},
	{"help", encounter.DimHelp, func(r *encounter.Report) map[string]int { return r.ByHelp }, nil},
	{"topic_pair", encounter.DimTopicPair, func(r *encounter.Report) map[string]int { return r.TopicPairs }, nil},
	{"referral", encounter.DimReferral, func(r *encounter.Report) map[string]int { return r.Referrals }, nil},
	{"day", "day", func(r *encounter.Report) map[string]int { return r.ByDay }, nil},
}

func channelCodes() []string {
	out := make([]string, len(encounter.Channels))
	for i, c := range encounter.Channels {
		out[i] = string(c)
	}
	return out
}

// statsLine is one code of a section with its counts.
type statsLine struct {
	Code             string
	Count, CompCount statsCount
}

// lines lists the section's codes: the fixed order, or every code with a
// count (shown or hidden) in either period, most first. Days keep date order.
func (sec statsSection) lines(reps *statsReports) []statsLine {
	codes := slices.Clone(sec.order)
	if codes == nil {
		seen := map[string]bool{}
		for _, rep := range []*encounter.Report{reps.Current, reps.Compare} {
			if rep == nil {
				continue
			}
			for c := range sec.cells(rep) {
				seen[c] = true
			}
			for _, name := range rep.Suppressed {
				if c, ok := strings.CutPrefix(name, sec.dim+":"); ok {
					seen[c] = true
				}
			}
		}
		for c := range seen {
			codes = append(codes, c)
		}
		slices.Sort(codes)
	}
	out := make([]statsLine, 0, len(codes))
	for _, c := range codes {
		l := statsLine{Code: c, Count: count(reps.Current, sec.cells(reps.Current), sec.dim, c)}
		if reps.Compare != nil {
			l.CompCount = count(reps.Compare, sec.cells(reps.Compare), sec.dim, c)
		}
		out = append(out, l)
	}
	if sec.order == nil && sec.name != "day" {
		slices.SortStableFunc(out, func(a, b statsLine) int {
			return cmp.Or(cmp.Compare(b.Count.sortKey(), a.Count.sortKey()), cmp.Compare(b.CompCount.sortKey(), a.CompCount.sortKey()))
		})
	}
	return out
}

// Page view.

// statsCell is a figure as shown: a number, or "< 5" (or the neutral mark)
// when hidden.
type statsCell struct {
	Text   string
	Hidden bool
}

type statsRow struct {
	Label          string
	Count, Compare statsCell
	Change         string
}

type statsTable struct {
	ID, Heading, Caption, RowHead   string
	ColCount, ColCompare, ColChange string
	Compare                         bool
	Rows                            []statsRow
}

// newStatsTable starts a table with the page's column names.
func newStatsTable(p *Page, id, heading, caption, rowHead string, compare bool) statsTable {
	return statsTable{ID: id, Heading: heading, Caption: caption, RowHead: rowHead, Compare: compare,
		ColCount: p.T("stats.col.count"), ColCompare: p.T("stats.col.compare"), ColChange: p.T("stats.col.change")}
}

// statsDate is a date field of the form.
type statsDate struct {
	Name, Label, Value, Error string
	Compare                   bool
}

// statsTick is a month mark under the daily chart.
type statsTick struct {
	X, Y, Y1, Y2 int
	Text         string
}

// statsFigure is a headline figure with its comparison.
type statsFigure struct {
	Label, Value, Compare, Change string
	Hidden                        bool
}

type statsBar struct {
	X, Y, W, H   int
	Fill         string
	Hidden       bool
	LabelX       int
	Label        string
	TextY        int
	Title        string
	CompX, CompY int
	CompH        int
	HasComp      bool
}

type statsChart struct {
	Width, Height int
	Title, Desc   string
	Bars          []statsBar
	Ticks         []statsTick
	BaseY         int
}

type statsReport struct {
	Scope, CompareScope string
	HasCompare          bool
	Suppression         bool
	Figures             []statsFigure
	Tables              []statsTable
	HourChart           statsChart
	HourTable           statsTable
	DayChart            statsChart
	MonthTable          statsTable
	// Neutral: some hidden count is not 1–4, so the page explains the mark.
	Neutral   bool
	CSV, XLSX string
}

type statsView struct {
	*Page
	Form      statsForm
	Dates     []statsDate
	Errors    map[string]string
	ErrorList []fieldErrorLink
	Points    []statsOption
	Report    *statsReport
}

type statsOption struct {
	Value, Label string
	Selected     bool
}

func (s *Server) statsPage(w http.ResponseWriter, r *http.Request) {
	points, f, q, errs, reps, err := s.statsData(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v := &statsView{Page: s.view(r, "stats.title"), Form: f, Errors: map[string]string{}}
	slices.SortFunc(points, func(a, b directory.ServicePoint) int { return cmp.Compare(a.Name.In(v.Lang), b.Name.In(v.Lang)) })
	for _, sp := range points {
		v.Points = append(v.Points, statsOption{Value: sp.ID, Label: sp.Name.In(v.Lang), Selected: sp.ID == f.Point})
	}
	for _, d := range []struct {
		name, value string
	}{{"from", f.From}, {"to", f.To}, {"compare_from", f.CompareFrom}, {"compare_to", f.CompareTo}} {
		v.Dates = append(v.Dates, statsDate{Name: d.name, Label: v.T("stats.field." + d.name), Value: d.value,
			Error: errMsg(v.Page, errs[d.name]), Compare: strings.HasPrefix(d.name, "compare_")})
	}
	if len(errs) > 0 {
		for _, field := range statsFields {
			if key, ok := errs[field]; ok {
				msg := v.T(key)
				v.Errors[field] = msg
				v.ErrorList = append(v.ErrorList, fieldErrorLink{ID: "st-" + field, Label: v.T("stats.field." + field), Message: msg})
			}
		}
		s.render(w, r, http.StatusBadRequest, "stats", v)
		return
	}
	vocab, err := s.store.Vocabulary(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v.Report = statsReportFor(v.Page, q, reps, vocab, statsScope(v.Page, points, q.Point))
	s.render(w, r, http.StatusOK, "stats", v)
}

// statsScope names the query's scope: the point, or every point.
func statsScope(p *Page, points []directory.ServicePoint, id string) string {
	for _, sp := range points {
		if sp.ID == id {
			return sp.Name.In(p.Lang)
		}
	}
	return p.T("stats.all_points")
}

// errMsg translates an error key; "" stays "".
func errMsg(p *Page, key string) string {
	if key == "" {
		return ""
	}
	return p.T(key)
}

// groupDigits writes n with a thin group separator: a no-break space in
// Finnish and Swedish, a comma in English.
func groupDigits(lang string, n int) string {
	s := strconv.Itoa(n)
	sep := "\u00a0"
	if lang == "en" {
		sep = ","
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// percentText writes a percentage with one decimal, the decimal comma and a
// space before % in Finnish and Swedish.
func percentText(lang string, p float64) string {
	s := strconv.FormatFloat(math.Round(p*10)/10, 'f', 1, 64)
	if lang == "en" {
		return s + "%"
	}
	return strings.Replace(s, ".", ",", 1) + "\u00a0%"
}

// hiddenText is how a hidden count of 1–4 reads.
const hiddenText = "< 5"

// hiddenCountText is how a hidden count reads: "< 5", or the neutral mark.
func hiddenCountText(p *Page, c statsCount) string {
	if c.Neutral {
		return p.T("stats.hidden_other")
	}
	return hiddenText
}

func countCell(p *Page, c statsCount) statsCell {
	if c.Hidden {
		return statsCell{Text: hiddenCountText(p, c), Hidden: true}
	}
	return statsCell{Text: groupDigits(p.Lang, c.N)}
}

// changeText is the change from the comparison, in whole percent; "–" when
// it cannot be told (a hidden count or nothing to compare with).
func changeText(lang string, cur, comp statsCount) string {
	if cur.Hidden || comp.Hidden || comp.N == 0 {
		return "–"
	}
	ch := math.Round(float64(cur.N-comp.N) / float64(comp.N) * 100)
	s := strconv.Itoa(int(math.Abs(ch)))
	sign := "+"
	if ch < 0 {
		sign = "−"
	} else if ch == 0 {
		sign = "±"
	}
	if lang == "en" {
		return sign + s + "%"
	}
	return sign + s + "\u00a0%"
}

func statsReportFor(p *Page, q statsQuery, reps *statsReports, vocab *encounter.Vocabulary, scope string) *statsReport {
	lang := p.Lang
	cur, comp := reps.Current, reps.Compare
	out := &statsReport{HasCompare: comp != nil, Suppression: reps.Suppression,
		CSV: "/staff/statistics.csv?" + q.values().Encode(), XLSX: "/staff/statistics.xlsx?" + q.values().Encode(),
		Scope:   p.T("stats.scope", scope, formatDate(q.From), formatDate(q.To)),
		Neutral: reps.neutral()}
	if comp != nil {
		out.CompareScope = p.T("stats.compare_scope", formatDate(q.CompFrom), formatDate(q.CompTo))
	}

	fig := statsFigure{Label: p.T("stats.total"), Value: countCell(p, reportTotal(cur)).Text, Hidden: reportTotal(cur).Hidden}
	if comp != nil {
		fig.Compare = countCell(p, reportTotal(comp)).Text
		fig.Change = changeText(lang, reportTotal(cur), reportTotal(comp))
	}
	out.Figures = append(out.Figures, fig)
	shareText := func(rep *encounter.Report, name string, v float64) string {
		switch {
		case slices.Contains(rep.Suppressed, name):
			return hiddenText
		case rep.Total == 0:
			return "–"
		}
		return percentText(lang, 100*v)
	}
	for _, sh := range statsShares {
		f := statsFigure{Label: p.T(sh.key), Value: shareText(cur, sh.name, sh.get(cur)), Hidden: slices.Contains(cur.Suppressed, sh.name)}
		if comp != nil {
			f.Compare = shareText(comp, sh.name, sh.get(comp))
		}
		out.Figures = append(out.Figures, f)
	}

	labels := statsLabels(p, vocab)
	table := func(sec statsSection, limit int) statsTable {
		t := newStatsTable(p, "st-"+sec.name, p.T("stats."+sec.name+".heading"), p.T("stats."+sec.name+".caption"),
			p.T("stats."+sec.name+".col"), comp != nil)
		for _, l := range sec.lines(reps) {
			if limit > 0 && len(t.Rows) == limit {
				break
			}
			row := statsRow{Label: labels[sec.name](l.Code), Count: countCell(p, l.Count)}
			if comp != nil {
				row.Compare, row.Change = countCell(p, l.CompCount), changeText(lang, l.Count, l.CompCount)
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	}
	for _, sec := range statsSections {
		switch sec.name {
		case "hour":
			out.HourTable = table(trimHours(sec, reps), 0)
			out.HourChart = hourChart(p, sec.lines(reps), comp != nil)
		case "day":
			out.DayChart = dayChart(p, q, cur)
			out.MonthTable = monthTable(p, q, reps)
		case "topic_pair":
			out.Tables = append(out.Tables, table(sec, 15))
		default:
			out.Tables = append(out.Tables, table(sec, 0))
		}
	}
	return out
}

// reportTotal is a report's total as a count.
func reportTotal(rep *encounter.Report) statsCount {
	return statsCount{N: rep.Total, Hidden: slices.Contains(rep.Suppressed, encounter.DimTotal)}
}

// statsShares are the report's shares: suppression name, label and value.
var statsShares = []struct {
	name, key string
	get       func(*encounter.Report) float64
}{
	{"anonymous_share", "stats.share.anonymous", func(r *encounter.Report) float64 { return r.AnonymousShare }},
	{"not_already_client_share", "stats.share.not_client", func(r *encounter.Report) float64 { return r.NotAlreadyClientShare }},
	{"continued_share", "stats.share.continued", func(r *encounter.Report) float64 { return r.ContinuedShare }},
	{"first_visit_share", "stats.share.first_visit", func(r *encounter.Report) float64 { return r.FirstVisitShare }},
}

// statsLabels names the codes of each section in the page's language.
func statsLabels(p *Page, vocab *encounter.Vocabulary) map[string]func(string) string {
	label := func(kind encounter.VocabularyKind, code string) string {
		for _, e := range vocab.Of(kind) {
			if e.Code == code {
				return e.Label.In(p.Lang)
			}
		}
		return code
	}
	return map[string]func(string) string{
		"channel": func(c string) string { return p.T("desk.channel." + c) },
		"weekday": func(c string) string { return p.T("coverage.day." + c) },
		"hour":    func(c string) string { n, _ := strconv.Atoi(c); return fmt.Sprintf("%d–%d", n, n+1) },
		"topic":   func(c string) string { return label(encounter.KindTopic, c) },
		"help":    func(c string) string { return label(encounter.KindHelp, c) },
		"topic_pair": func(c string) string {
			a, b, _ := strings.Cut(c, "|")
			return label(encounter.KindTopic, a) + " + " + label(encounter.KindTopic, b)
		},
		"referral": func(c string) string { return c },
	}
}

// trimHours keeps the hours from the first to the last with encounters in
// either period: a table of 24 rows, mostly zeroes, says little.
func trimHours(sec statsSection, reps *statsReports) statsSection {
	lines := sec.lines(reps)
	first, last := -1, -1
	for i, l := range lines {
		if l.Count.N > 0 || l.Count.Hidden || l.CompCount.N > 0 || l.CompCount.Hidden {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		sec.order = []string{}
		return sec
	}
	sec.order = sec.order[first : last+1]
	return sec
}

// Chart colours: bars have at least 3:1 contrast with the white page.
const (
	barFill     = "#0b5563" // 8.4:1
	barCompFill = "#5f959e" // 3.3:1
	barHidden   = "#ffffff"
)

const (
	chartH      = 160
	chartTop    = 16
	chartBottom = 24
	chartLeft   = 8
)

func hourChart(p *Page, lines []statsLine, compare bool) statsChart {
	var shown []statsLine
	for _, l := range lines {
		if l.Count.N > 0 || l.Count.Hidden || (compare && (l.CompCount.N > 0 || l.CompCount.Hidden)) {
			shown = append(shown, l)
		}
	}
	if len(shown) > 0 {
		// Every hour between the first and last, so gaps show as gaps.
		first := slices.IndexFunc(lines, func(l statsLine) bool { return l.Code == shown[0].Code })
		last := slices.IndexFunc(lines, func(l statsLine) bool { return l.Code == shown[len(shown)-1].Code })
		shown = lines[first : last+1]
	}
	maxN := 1
	for _, l := range shown {
		maxN = max(maxN, l.Count.N, l.CompCount.N)
	}
	slot := 34
	ch := statsChart{Width: chartLeft*2 + slot*max(len(shown), 1), Height: chartTop + chartH + chartBottom, BaseY: chartTop + chartH,
		Title: p.T("stats.hour.chart")}
	var peak statsLine
	for i, l := range shown {
		x := chartLeft + i*slot
		n, _ := strconv.Atoi(l.Code)
		b := statsBar{X: x + 4, W: 12, Fill: barFill, LabelX: x + slot/2, Label: strconv.Itoa(n), TextY: ch.BaseY + 16}
		if !compare {
			b.W = slot - 8
		}
		b.H = l.Count.N * chartH / maxN
		if l.Count.Hidden {
			b.Hidden, b.Fill, b.H = true, barHidden, 6
		}
		b.Y = ch.BaseY - b.H
		if compare {
			b.HasComp, b.CompX = true, x+18
			b.CompH = l.CompCount.N * chartH / maxN
			if l.CompCount.Hidden {
				b.CompH = 6
			}
			b.CompY = ch.BaseY - b.CompH
		}
		if l.Count.N > peak.Count.N {
			peak = l
		}
		ch.Bars = append(ch.Bars, b)
	}
	if peak.Code != "" {
		n, _ := strconv.Atoi(peak.Code)
		ch.Desc = p.T("stats.hour.desc", fmt.Sprintf("%d–%d", n, n+1), groupDigits(p.Lang, peak.Count.N))
	}
	return ch
}

// dayChart draws the daily totals of the period as thin bars, with the first
// of each month marked.
func dayChart(p *Page, q statsQuery, rep *encounter.Report) statsChart {
	days := dayCount(q.From, q.To)
	w := 6
	if days > 120 {
		w = 2
	}
	ch := statsChart{Width: chartLeft*2 + w*days, Height: chartTop + chartH + chartBottom, BaseY: chartTop + chartH, Title: p.T("stats.day.chart")}
	maxN := 1
	for _, n := range rep.ByDay {
		maxN = max(maxN, n)
	}
	var sum, busiest int
	var busiestDay calendar.Date
	for i, d := 0, q.From; !d.After(q.To); i, d = i+1, d.AddDays(1) {
		x := chartLeft + i*w
		n := rep.ByDay[d.String()]
		sum += n
		if n > busiest {
			busiest, busiestDay = n, d
		}
		if d.Day == 1 || i == 0 {
			ch.Ticks = append(ch.Ticks, statsTick{X: x, Y: ch.BaseY + 18, Y1: ch.BaseY, Y2: ch.BaseY + 5, Text: fmt.Sprintf("%d.%d.", d.Day, int(d.Month))})
		}
		if n == 0 {
			continue
		}
		h := max(n*chartH/maxN, 1)
		ch.Bars = append(ch.Bars, statsBar{X: x, Y: ch.BaseY - h, W: max(w-1, 1), H: h, Fill: barFill})
	}
	if busiest > 0 {
		ch.Desc = p.T("stats.day.desc", groupDigits(p.Lang, sum), formatDate(busiestDay), groupDigits(p.Lang, busiest))
	}
	return ch
}

func dayCount(from, to calendar.Date) int {
	n := 0
	for d := from; !d.After(to); d = d.AddDays(1) {
		n++
	}
	return n
}

// statsMonth is a month of a period: its days' sum, Hidden when some day
// of it is hidden (the sum is then of the shown days: "at least").
type statsMonth struct {
	Label string
	Count statsCount
}

// statsMonths sums rep's days from..to by month.
func statsMonths(p *Page, rep *encounter.Report, from, to calendar.Date) []statsMonth {
	var out []statsMonth
	for d := from; !d.After(to); d = d.AddDays(1) {
		if d.Day == 1 || d == from {
			out = append(out, statsMonth{Label: p.T("stats.month_name."+strconv.Itoa(int(d.Month))) + " " + strconv.Itoa(d.Year)})
		}
		c := &out[len(out)-1].Count
		c.N += rep.ByDay[d.String()]
		if slices.Contains(rep.Suppressed, "day:"+d.String()) {
			c.Hidden = true
		}
	}
	return out
}

// monthTable sums the days by month: the chart's text alternative. A month
// with hidden days shows its shown days' sum as "at least".
func monthTable(p *Page, q statsQuery, reps *statsReports) statsTable {
	t := newStatsTable(p, "st-month", p.T("stats.day.heading"), p.T("stats.month.caption"), p.T("stats.month.col"), reps.Compare != nil)
	cur := statsMonths(p, reps.Current, q.From, q.To)
	var comp []statsMonth
	if reps.Compare != nil {
		comp = statsMonths(p, reps.Compare, q.CompFrom, q.CompTo)
	}
	text := func(c statsCount) statsCell {
		if c.Hidden {
			return statsCell{Text: p.T("stats.at_least", groupDigits(p.Lang, c.N)), Hidden: true}
		}
		return statsCell{Text: groupDigits(p.Lang, c.N)}
	}
	for i, m := range cur {
		row := statsRow{Label: m.Label, Count: text(m.Count)}
		if reps.Compare != nil {
			if i < len(comp) {
				row.Compare = text(comp[i].Count)
				row.Change = changeText(p.Lang, m.Count, comp[i].Count)
			} else {
				row.Compare, row.Change = statsCell{Text: "–"}, "–"
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// statsCSV exports the page's counts in long form: one row per section and
// code, with the comparison period's count when one is given. Hidden counts
// read "<5" as on the page, or "hidden" when not 1–4 (the page's neutral mark).
func (s *Server) statsCSV(w http.ResponseWriter, r *http.Request) {
	_, _, q, errs, reps, err := s.statsData(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	for _, field := range statsFields {
		if key, ok := errs[field]; ok {
			s.errorPage(w, r, http.StatusBadRequest, key)
			return
		}
	}
	name := fmt.Sprintf("statistics-%s-%s.csv", q.From, q.To)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	num := func(c statsCount) string {
		switch {
		case c.Neutral:
			return "hidden"
		case c.Hidden:
			return "<5"
		}
		return strconv.Itoa(c.N)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"section", "code", "count", "compare_count"})
	write := func(section, code string, c, comp statsCount) {
		compText := ""
		if reps.Compare != nil {
			compText = num(comp)
		}
		_ = cw.Write([]string{section, csvText(code), num(c), compText})
	}
	compTotal := statsCount{}
	if reps.Compare != nil {
		compTotal = reportTotal(reps.Compare)
	}
	write("total", "", reportTotal(reps.Current), compTotal)
	for _, sec := range statsSections {
		for _, l := range sec.lines(reps) {
			write(sec.name, l.Code, l.Count, l.CompCount)
		}
	}
	cw.Flush()
}
