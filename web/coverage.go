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

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
)

// The coverage report shows planners when help is available and, above all,
// when it is not: the pilot's meeting places were closed in the evenings and
// at weekends, so people at work or school could not come.

const (
	// coverageMaxDays bounds the period: a year and a leap day, as /openings.
	coverageMaxDays = 366
	// coverageDefaultDays is four full weeks, so every weekday counts alike.
	coverageDefaultDays = 28
)

// coverageDays are the weekday codes Monday first, the order of WeekHours.
var coverageDays = func() []string {
	out := make([]string, 7)
	for i := range out {
		out[i] = directory.DayCode(time.Weekday((i + 1) % 7))
	}
	return out
}()

// coverageForm is the filter form as submitted, for showing it back.
type coverageForm struct {
	Municipality, From, To, Kind, TargetGroup string
}

// coverageQuery is the validated filter.
type coverageQuery struct {
	Municipality string // "" for the whole county
	Kind         directory.Kind
	TargetGroup  access.TargetGroup
	From, To     calendar.Date
}

// parseCoverageQuery reads the filters. A missing period defaults to four
// weeks from the Monday of today's week. errs maps a field to a catalogue key.
func parseCoverageQuery(v url.Values, today calendar.Date, municipalities []string) (coverageForm, coverageQuery, map[string]string) {
	f := coverageForm{Municipality: v.Get("municipality"), From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")),
		Kind: v.Get("kind"), TargetGroup: v.Get("target_group")}
	q := coverageQuery{Municipality: f.Municipality, Kind: directory.Kind(f.Kind), TargetGroup: access.TargetGroup(f.TargetGroup)}
	errs := map[string]string{}
	if q.Municipality != "" && !slices.Contains(municipalities, q.Municipality) {
		errs["municipality"] = "error.unknown_code"
	}
	if q.Kind != "" && !q.Kind.Valid() {
		errs["kind"] = "error.unknown_code"
	}
	if q.TargetGroup != "" && !q.TargetGroup.Valid() {
		errs["target_group"] = "error.unknown_code"
	}

	var err error
	if f.From == "" {
		q.From = today.AddDays(-mondayOffset(today))
		f.From = q.From.String()
	} else if q.From, err = calendar.ParseDate(f.From); err != nil {
		errs["from"] = "error.date"
	}
	switch {
	case f.To != "":
		if q.To, err = calendar.ParseDate(f.To); err != nil {
			errs["to"] = "error.date"
		}
	case errs["from"] == "":
		q.To = q.From.AddDays(coverageDefaultDays - 1)
		f.To = q.To.String()
		if q.To.Year > calendar.MaxYear {
			errs["to"] = "error.date"
		}
	}
	if errs["from"] == "" && errs["to"] == "" {
		if q.To.Before(q.From) {
			errs["to"] = "error.period_order"
		} else if q.From.AddDays(coverageMaxDays - 1).Before(q.To) {
			errs["to"] = "error.period_too_long"
		}
	}
	return f, q, errs
}

// mondayOffset is how many days d is after its week's Monday.
func mondayOffset(d calendar.Date) int { return (int(d.Weekday()) + 6) % 7 }

// coverageFields is the order the form shows its fields, for the error list.
var coverageFields = []string{"municipality", "from", "to", "kind", "target_group"}

// coveragePoints loads every point, lists their municipalities in Finnish
// order and validates the query against them.
func (s *Server) coveragePoints(r *http.Request) ([]directory.ServicePoint, []string, coverageForm, coverageQuery, map[string]string, error) {
	points, err := s.store.ServicePoints(r.Context(), directory.Filter{})
	if err != nil {
		return nil, nil, coverageForm{}, coverageQuery{}, nil, err
	}
	var muns []string
	for _, sp := range points {
		if !slices.Contains(muns, sp.Municipality) {
			muns = append(muns, sp.Municipality)
		}
	}
	collate.New(language.Finnish).SortStrings(muns)
	f, q, errs := parseCoverageQuery(r.URL.Query(), calendar.DateOf(s.now()), muns)
	return points, muns, f, q, errs, nil
}

// matches reports whether sp is within the query's municipality, kind and
// target group.
func (q coverageQuery) matches(sp *directory.ServicePoint) bool {
	return (q.Municipality == "" || sp.Municipality == q.Municipality) &&
		(q.Kind == "" || sp.Kind == q.Kind) &&
		(q.TargetGroup == "" || slices.Contains(sp.TargetGroups, q.TargetGroup))
}

// values is the query in URL form, for the CSV link.
func (q coverageQuery) values() url.Values {
	v := url.Values{"from": {q.From.String()}, "to": {q.To.String()}}
	for k, val := range map[string]string{"municipality": q.Municipality, "kind": string(q.Kind), "target_group": string(q.TargetGroup)} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// kinds and groups are the rows of the smaller tables: every kind and
// group (a zero row is itself a finding), or only the one filtered on.
func (q coverageQuery) kinds() []directory.Kind {
	if q.Kind != "" {
		return []directory.Kind{q.Kind}
	}
	return directory.Kinds
}

func (q coverageQuery) groups() []access.TargetGroup {
	if q.TargetGroup != "" {
		return []access.TargetGroup{q.TargetGroup}
	}
	return access.TargetGroups
}

// coverageResult is the computed coverage with the places counted per row.
type coverageResult struct {
	*directory.Coverage
	KindPlaces  map[directory.Kind]int
	GroupPlaces map[access.TargetGroup]int
}

func computeCoverage(points []directory.ServicePoint, q coverageQuery) *coverageResult {
	var sel []directory.ServicePoint
	res := &coverageResult{KindPlaces: map[directory.Kind]int{}, GroupPlaces: map[access.TargetGroup]int{}}
	for i := range points {
		sp := &points[i]
		if !q.matches(sp) {
			continue
		}
		sel = append(sel, *sp)
		res.KindPlaces[sp.Kind]++
		for _, g := range sp.TargetGroups {
			res.GroupPlaces[g]++
		}
	}
	res.Coverage = directory.ComputeCoverage(sel, q.From, q.To)
	return res
}

func (c *coverageResult) kindHours(k directory.Kind) *directory.WeekHours {
	if w := c.ByKind[k]; w != nil {
		return w
	}
	return &directory.WeekHours{}
}

func (c *coverageResult) groupHours(g access.TargetGroup) *directory.WeekHours {
	if w := c.ByTargetGroup[g]; w != nil {
		return w
	}
	return &directory.WeekHours{}
}

// evening is the hours after 16: the time people at work or school can come.
func evening(w *directory.WeekHours) float64 {
	return w.Band(directory.BandEvening) + w.Band(directory.BandNight)
}

// isZero: sums of openings are exactly zero only when nothing was open, but
// a tolerance keeps float noise from hiding a gap.
func isZero(h float64) bool { return h < 1e-9 }

// coverageGaps lists, as catalogue keys and most telling first, the days
// and bands of the week when no place is open.
func coverageGaps(w *directory.WeekHours) []string {
	if isZero(w.Total()) {
		return []string{"coverage.gap.none"}
	}
	type part struct {
		name       string
		days       []int
		whole      bool // no hours on any of the days
		bandClosed [4]bool
	}
	parts := []*part{{name: "weekdays", days: []int{0, 1, 2, 3, 4}}, {name: "weekend", days: []int{5, 6}}}
	for _, p := range parts {
		var sum float64
		for b := range 4 {
			var h float64
			for _, d := range p.days {
				h += w[d][b]
			}
			p.bandClosed[b] = isZero(h)
			sum += h
		}
		p.whole = isZero(sum)
	}
	var gaps []string
	for _, p := range parts {
		if p.whole {
			gaps = append(gaps, "coverage.gap."+p.name)
		}
	}
	// Evenings first: the gap the pilots found.
	for _, p := range parts {
		switch {
		case p.whole:
		case p.bandClosed[directory.BandEvening] && p.bandClosed[directory.BandNight]:
			gaps = append(gaps, "coverage.gap."+p.name+".after16")
		case p.bandClosed[directory.BandEvening]:
			gaps = append(gaps, "coverage.gap."+p.name+".evening")
		case p.bandClosed[directory.BandNight]:
			gaps = append(gaps, "coverage.gap."+p.name+".night")
		}
	}
	for _, p := range parts {
		if p.whole {
			continue
		}
		for _, d := range p.days {
			var h float64
			for _, x := range w[d] {
				h += x
			}
			if isZero(h) {
				gaps = append(gaps, "coverage.gap.day."+coverageDays[d])
			}
		}
	}
	for _, p := range parts {
		if p.whole {
			continue
		}
		for _, b := range []directory.Band{directory.BandEarly, directory.BandOffice} {
			if p.bandClosed[b] {
				gaps = append(gaps, "coverage.gap."+p.name+"."+directory.Bands[b].Code)
			}
		}
	}
	return gaps
}

// hoursText writes hours with one decimal, with a decimal comma in Finnish
// and Swedish. Zero is a plain 0; a non-zero value that would round to 0.0
// is "<0,1", so that only a real gap reads as zero.
func hoursText(lang string, h float64) string {
	var s string
	switch r := math.Round(h*10) / 10; {
	case isZero(h):
		return "0"
	case r == 0:
		s = "<0.1"
	default:
		s = strconv.FormatFloat(r, 'f', 1, 64)
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// hourCell is one figure in a table. A zero is a gap, marked with a symbol
// and, for screen readers, with Note ("– gap").
type hourCell struct {
	Text string
	Gap  bool
	Note string
}

// cell makes a table figure in the page's language.
func cell(p *Page, h float64) hourCell {
	c := hourCell{Text: hoursText(p.Lang, h), Gap: isZero(h)}
	if c.Gap {
		c.Note = " – " + p.T("coverage.gap_text")
	}
	return c
}

// coverageBand is a column of the week table; Short is shown on phones.
type coverageBand struct {
	Code, Label, Short string
}

type coverageDayRow struct {
	Name  string
	Short string
	Cells []hourCell
	Total hourCell
}

// coverageGroupRow is a row of the smaller tables by kind and target group.
type coverageGroupRow struct {
	Label                                  string
	Places                                 int
	Total, Office, Evening, Night, Weekend hourCell
}

// coverageGroupTable is one of the smaller tables, by kind or target group.
type coverageGroupTable struct {
	ID, Caption, RowHead string
	Cols                 []string
	Rows                 []coverageGroupRow
}

// coverageStat is a headline figure; Gap marks a zero.
type coverageStat struct {
	Value, Label, Share string
	Gap                 bool
}

// chartCell is one rectangle of the heat map, laid out here so that the
// template only writes numbers into SVG attributes.
type chartCell struct {
	X, Y, W, H   int
	TextX, TextY int
	Fill, Ink    string
	Text         string
	Gap          bool
	Cross        string // path of the gap mark
}

type chartLabel struct {
	X, Y int
	Text string
}

type legendItem struct {
	Fill  string
	Gap   bool
	Label string
}

type coverageChart struct {
	Width, Height int
	Title, Desc   string
	Cells         []chartCell
	Columns, Rows []chartLabel
	Legend        []legendItem
}

type coverageReport struct {
	Scope     string
	Places    int
	Stats     []coverageStat
	Gaps      []string
	Bands     []coverageBand
	Days      []coverageDayRow
	BandTotal []hourCell
	Total     hourCell
	Chart     coverageChart
	ByKind    coverageGroupTable
	ByGroup   coverageGroupTable
	CSV       string
}

type coverageView struct {
	*Page
	Form           coverageForm
	Errors         map[string]string
	ErrorList      []fieldErrorLink
	Municipalities []string
	Kinds          []directory.Kind
	TargetGroups   []access.TargetGroup
	Report         *coverageReport
}

// fieldErrorLink is an entry of the error summary above the form.
type fieldErrorLink struct {
	ID, Label, Message string
}

// KindName is the translated name of a kind.
func (v *coverageView) KindName(k directory.Kind) string { return v.T("coverage.kind." + string(k)) }

// GroupName is the translated name of a target group.
func (v *coverageView) GroupName(g access.TargetGroup) string { return v.T("target." + string(g)) }

func (s *Server) coveragePage(w http.ResponseWriter, r *http.Request) {
	points, muns, f, q, errs, err := s.coveragePoints(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view := &coverageView{Page: s.view(r, "coverage.title"), Form: f, Errors: map[string]string{}, Municipalities: muns,
		Kinds: directory.Kinds, TargetGroups: access.TargetGroups}
	if len(errs) > 0 {
		for _, field := range coverageFields {
			if key, ok := errs[field]; ok {
				msg := view.T(key)
				view.Errors[field] = msg
				view.ErrorList = append(view.ErrorList, fieldErrorLink{ID: "cov-" + field, Label: view.T("coverage.field." + field), Message: msg})
			}
		}
		s.render(w, r, http.StatusBadRequest, "coverage", view)
		return
	}
	view.Report = coverageReportFor(view, q, computeCoverage(points, q))
	s.render(w, r, http.StatusOK, "coverage", view)
}

// formatDate is the Finnish way of writing a date, used in all three languages.
func formatDate(d calendar.Date) string { return fmt.Sprintf("%d.%d.%d", d.Day, int(d.Month), d.Year) }

func coverageReportFor(v *coverageView, q coverageQuery, c *coverageResult) *coverageReport {
	lang := v.Lang
	rep := &coverageReport{Places: c.Points, Gaps: coverageGaps(&c.All), CSV: "/staff/coverage.csv?" + q.values().Encode()}

	scope := []string{v.T("coverage.whole_county")}
	if q.Municipality != "" {
		scope[0] = q.Municipality
	}
	if q.Kind != "" {
		scope = append(scope, v.KindName(q.Kind))
	}
	if q.TargetGroup != "" {
		scope = append(scope, v.GroupName(q.TargetGroup))
	}
	rep.Scope = v.T("coverage.scope", strings.Join(scope, " · "), formatDate(q.From), formatDate(q.To))

	all := &c.All
	total := all.Total()
	share := func(h float64) string {
		if isZero(total) {
			return ""
		}
		return v.T("coverage.share", int(math.Round(100*h/total)))
	}
	rep.Stats = []coverageStat{
		{Value: hoursText(lang, total), Label: v.T("coverage.stat.total"), Gap: isZero(total)},
		{Value: hoursText(lang, evening(all)), Label: v.T("coverage.stat.evening"), Share: share(evening(all)), Gap: isZero(evening(all))},
		{Value: hoursText(lang, all.Weekend()), Label: v.T("coverage.stat.weekend"), Share: share(all.Weekend()), Gap: isZero(all.Weekend())},
		{Value: strconv.Itoa(c.Points), Label: v.T("coverage.stat.places"), Gap: c.Points == 0},
	}

	for _, b := range directory.Bands {
		rep.Bands = append(rep.Bands, coverageBand{Code: b.Code, Label: v.T("coverage.band." + b.Code), Short: v.T("coverage.band_short." + b.Code)})
		rep.BandTotal = append(rep.BandTotal, cell(v.Page, all.Band(b.Band)))
	}
	for d, code := range coverageDays {
		row := coverageDayRow{Name: v.T("coverage.day." + code), Short: v.T("coverage.day_short." + code)}
		var sum float64
		for _, h := range all[d] {
			row.Cells = append(row.Cells, cell(v.Page, h))
			sum += h
		}
		row.Total = cell(v.Page, sum)
		rep.Days = append(rep.Days, row)
	}
	rep.Total = cell(v.Page, total)

	groupRow := func(label string, places int, w *directory.WeekHours) coverageGroupRow {
		return coverageGroupRow{Label: label, Places: places, Total: cell(v.Page, w.Total()),
			Office: cell(v.Page, w.Band(directory.BandOffice)), Evening: cell(v.Page, w.Band(directory.BandEvening)),
			Night: cell(v.Page, w.Band(directory.BandNight)), Weekend: cell(v.Page, w.Weekend())}
	}
	cols := []string{v.T("coverage.col.places"), v.T("coverage.col.total"), v.T("coverage.band.office"),
		v.T("coverage.band.evening"), v.T("coverage.band.night"), v.T("coverage.col.weekend")}
	rep.ByKind = coverageGroupTable{ID: "cov-kind-caption", Caption: v.T("coverage.kind.caption"), RowHead: v.T("coverage.field.kind"), Cols: cols}
	for _, k := range q.kinds() {
		rep.ByKind.Rows = append(rep.ByKind.Rows, groupRow(v.KindName(k), c.KindPlaces[k], c.kindHours(k)))
	}
	rep.ByGroup = coverageGroupTable{ID: "cov-group-caption", Caption: v.T("coverage.group.caption"), RowHead: v.T("coverage.field.target_group"), Cols: cols}
	for _, g := range q.groups() {
		rep.ByGroup.Rows = append(rep.ByGroup.Rows, groupRow(v.GroupName(g), c.GroupPlaces[g], c.groupHours(g)))
	}

	rep.Chart = coverageHeatmap(v.Page, all, rep.Gaps)
	return rep
}

// Heat map colours: each filled cell has at least 3:1 contrast with the
// white page, and its figure at least 4.5:1 with the fill.
var heatFills = []struct{ Fill, Ink string }{
	{"#5f959e", "#1a1a1a"}, // 3.3:1 on white; ink 5.2:1
	{"#2c6f7b", "#ffffff"}, // 5.7:1
	{"#0b5563", "#ffffff"}, // 8.4:1
	{"#052a31", "#ffffff"}, // 15:1
}

// Heat map geometry in SVG user units; CSS scales the whole drawing.
const (
	chartLabelW = 48
	chartHeadH  = 26
	chartCellW  = 68
	chartCellH  = 30
	chartGapPx  = 3
)

func coverageHeatmap(p *Page, w *directory.WeekHours, gaps []string) coverageChart {
	lang := p.Lang
	var maxH float64
	for _, day := range w {
		for _, h := range day {
			maxH = max(maxH, h)
		}
	}
	ch := coverageChart{
		Width:  chartLabelW + 4*(chartCellW+chartGapPx),
		Height: chartHeadH + 7*(chartCellH+chartGapPx),
		Title:  p.T("coverage.chart.title"),
	}
	desc := []string{p.T("coverage.chart.desc", hoursText(lang, w.Total()), hoursText(lang, evening(w)), hoursText(lang, w.Weekend()))}
	for _, g := range gaps {
		desc = append(desc, p.T(g))
	}
	ch.Desc = strings.Join(desc, " ")
	for b, band := range directory.Bands {
		ch.Columns = append(ch.Columns, chartLabel{X: chartLabelW + b*(chartCellW+chartGapPx) + chartCellW/2, Y: chartHeadH - 9,
			Text: p.T("coverage.band_short." + band.Code)})
	}
	for d, code := range coverageDays {
		y := chartHeadH + d*(chartCellH+chartGapPx)
		ch.Rows = append(ch.Rows, chartLabel{X: chartLabelW - 8, Y: y + chartCellH/2 + 5, Text: p.T("coverage.day_short." + code)})
		for b, h := range w[d] {
			x := chartLabelW + b*(chartCellW+chartGapPx)
			c := chartCell{X: x, Y: y, W: chartCellW, H: chartCellH, TextX: x + chartCellW/2, TextY: y + chartCellH/2 + 5,
				Text: hoursText(lang, h)}
			if isZero(h) {
				// A white cell with a cross: the gap does not rely on colour.
				c.Gap, c.Fill, c.Ink = true, "#ffffff", "#1a1a1a"
				c.TextX += 8
				cx, cy := x+chartCellW/2-10, y+chartCellH/2
				c.Cross = fmt.Sprintf("M%d %dL%d %dM%d %dL%d %d", cx-5, cy-5, cx+5, cy+5, cx+5, cy-5, cx-5, cy+5)
			} else {
				level := min(int(math.Ceil(h/maxH*4))-1, 3)
				c.Fill, c.Ink = heatFills[max(level, 0)].Fill, heatFills[max(level, 0)].Ink
			}
			ch.Cells = append(ch.Cells, c)
		}
	}
	ch.Legend = append(ch.Legend, legendItem{Gap: true, Label: p.T("coverage.legend.gap")})
	if maxH > 0 {
		q := maxH / 4
		for i, f := range heatFills {
			label := p.T("coverage.legend.range", hoursText(lang, q*float64(i)), hoursText(lang, q*float64(i+1)))
			if i == 0 {
				label = p.T("coverage.legend.upto", hoursText(lang, q))
			}
			ch.Legend = append(ch.Legend, legendItem{Fill: f.Fill, Label: label})
		}
	}
	return ch
}

// coverageCSV exports the same figures as the page, one row per scope,
// weekday and band, with dot decimals for spreadsheets and scripts.
func (s *Server) coverageCSV(w http.ResponseWriter, r *http.Request) {
	points, _, _, q, errs, err := s.coveragePoints(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	for _, field := range coverageFields {
		if key, ok := errs[field]; ok {
			s.errorPage(w, r, http.StatusBadRequest, key)
			return
		}
	}
	c := computeCoverage(points, q)

	type scope struct {
		code string
		w    *directory.WeekHours
	}
	scopes := []scope{{"all", &c.All}}
	for _, k := range q.kinds() {
		scopes = append(scopes, scope{"kind:" + string(k), c.kindHours(k)})
	}
	for _, g := range q.groups() {
		scopes = append(scopes, scope{"target_group:" + string(g), c.groupHours(g)})
	}

	area := q.Municipality
	if area == "" {
		area = "county"
	}
	name := fmt.Sprintf("coverage-%s-%s-%s.csv", fileNamePart(area), q.From, q.To)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)

	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"municipality", "kind", "target_group", "from", "to", "scope", "weekday", "band", "hours_per_week"})
	fixed := []string{csvText(q.Municipality), string(q.Kind), string(q.TargetGroup), q.From.String(), q.To.String()}
	for _, sc := range scopes {
		for d, day := range coverageDays {
			for _, b := range directory.Bands {
				row := append(slices.Clone(fixed), sc.code, day, b.Code, strconv.FormatFloat(sc.w[d][b.Band], 'f', 2, 64))
				_ = cw.Write(row)
			}
		}
	}
	cw.Flush()
}

// csvText defuses a staff-entered text that a spreadsheet would otherwise
// run as a formula (OWASP's list of trigger characters).
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// fileNamePart makes a municipality name safe for a download's file name:
// lower-case ASCII letters and digits, the Nordic letters folded, anything
// else a hyphen.
func fileNamePart(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == 'ä' || r == 'å':
			b.WriteByte('a')
		case r == 'ö':
			b.WriteByte('o')
		default:
			if !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "municipality"
	}
	return out
}
