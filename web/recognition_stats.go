package web

import (
	"context"
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
	"kynnys/recognition"
	"kynnys/store"
)

// Anonymous use statistics of the recognition tool (seed 004): how often
// each cue and route comes up, by the professional's sector, so that the
// county sees where awareness work is needed. Only daily counters are kept.

// recognitionUseStore is what the use statistics need from storage.
type recognitionUseStore interface {
	RecordRecognitionUse(ctx context.Context, day calendar.Date, sector string, cues, routes []string) error
	RecognitionUseStats(ctx context.Context, from, to calendar.Date) ([]store.RecognitionUseCount, error)
}

// recognitionSector is sector if it is one of recognitionSectors (declared
// in recognition_page.go, where the tool offers them), else "other".
func recognitionSector(sector string) string {
	if slices.Contains(recognitionSectors, sector) {
		return sector
	}
	return "other"
}

// recordRecognitionUse counts one use of the tool on today's Helsinki date.
// The counters are a by-product: a failure is logged (without the data) and
// never fails the professional's request. cues must be codes the
// catalogue knows (recognition.Evaluate has checked them), so that the
// public tool cannot fill the table with arbitrary strings.
func (s *Server) recordRecognitionUse(ctx context.Context, sector string, cues []string, routes []recognition.Route) {
	names := make([]string, len(routes))
	for i, r := range routes {
		names[i] = string(r)
	}
	if err := s.store.RecordRecognitionUse(ctx, calendar.DateOf(s.now()), recognitionSector(sector), cues, names); err != nil {
		s.log.Error("recording a recognition use failed", "err", err)
	}
}

// recognitionStatsMaxDays bounds the period, as the other reports do.
const recognitionStatsMaxDays = 366

// recognitionStatsPeriod reads from and to; the default is the last three
// full months. errs maps a field to a catalogue key.
func recognitionStatsPeriod(r *http.Request, today calendar.Date) (from, to calendar.Date, form [2]string, errs map[string]string) {
	errs = map[string]string{}
	form = [2]string{strings.TrimSpace(r.URL.Query().Get("from")), strings.TrimSpace(r.URL.Query().Get("to"))}
	from, to = recognitionStatsDefault(today)
	var err error
	if form[0] != "" {
		if from, err = calendar.ParseDate(form[0]); err != nil {
			errs["from"] = "error.date"
		}
	}
	if form[1] != "" {
		if to, err = calendar.ParseDate(form[1]); err != nil {
			errs["to"] = "error.date"
		}
	}
	if len(errs) == 0 {
		if to.Before(from) {
			errs["to"] = "error.period_order"
		} else if from.AddDays(recognitionStatsMaxDays - 1).Before(to) {
			errs["to"] = "error.period_too_long"
		}
	}
	if errs["from"] == "" {
		form[0] = from.String()
	}
	if errs["to"] == "" {
		form[1] = to.String()
	}
	return from, to, form, errs
}

// recognitionStatsDefault is the last three full months before today's.
func recognitionStatsDefault(today calendar.Date) (from, to calendar.Date) {
	from = calendar.Date{Year: today.Year, Month: today.Month - 3, Day: 1}
	if from.Month < time.January {
		from.Year, from.Month = from.Year-1, from.Month+12
	}
	return from, calendar.Date{Year: today.Year, Month: today.Month, Day: 1}.AddDays(-1)
}

// recognitionTally is the counters of a period by kind, code and sector.
type recognitionTally map[string]map[string]map[string]int64

func tallyOf(counts []store.RecognitionUseCount) recognitionTally {
	t := recognitionTally{}
	for _, c := range counts {
		sector := recognitionSector(c.Sector)
		if t[c.Kind] == nil {
			t[c.Kind] = map[string]map[string]int64{}
		}
		if t[c.Kind][c.Code] == nil {
			t[c.Kind][c.Code] = map[string]int64{}
		}
		t[c.Kind][c.Code][sector] += c.N
	}
	return t
}

// statCell is one figure; Hidden marks a suppressed one.
type statCell struct {
	Text   string
	Hidden bool
}

// recognitionStatsRow is a cue, route or the evaluations: one figure per
// sector, the total, and the total's bar as a share of the table's largest.
type recognitionStatsRow struct {
	Label  string
	Cells  []statCell
	Total  statCell
	Bar    int // 0..100; -1 when the total is hidden, as its bar would give it back
	Domain string
}

// recognitionSmall is the largest count hidden from non-admins (RULES.md §5).
const recognitionSmall = 4

// statRow makes a row of figures. When suppress is set, counts of 1–4 are
// hidden, and if that hides a single sector's figure the next smallest is
// hidden too, so that the total minus the others does not give it back.
func statRow(counts map[string]int64, suppress bool, hiddenText string) ([]statCell, statCell, int64) {
	var total int64
	cells := make([]statCell, len(recognitionSectors))
	small := func(n int64) bool { return suppress && n >= 1 && n <= recognitionSmall }
	hidden := 0
	for i, sec := range recognitionSectors {
		n := counts[sec]
		total += n
		cells[i] = statCell{Text: strconv.FormatInt(n, 10)}
		if small(n) {
			cells[i] = statCell{Text: hiddenText, Hidden: true}
			hidden++
		}
	}
	if hidden == 1 {
		next := -1
		for i, sec := range recognitionSectors {
			if n := counts[sec]; !cells[i].Hidden && n > 0 && (next < 0 || n < counts[recognitionSectors[next]]) {
				next = i
			}
		}
		if next >= 0 {
			cells[next] = statCell{Text: hiddenText, Hidden: true}
		}
	}
	tc := statCell{Text: strconv.FormatInt(total, 10)}
	if small(total) {
		tc = statCell{Text: hiddenText, Hidden: true}
	}
	return cells, tc, total
}

// recognitionStatsTable is the cues or the routes by sector. The total and
// its bar come first, so that they stay in view when the table scrolls;
// Cols are the sectors' names. Span is the width of a domain's header row.
type recognitionStatsTable struct {
	ID, Caption, RowHead, TotalHead, BarHead string
	Cols                                     []string
	Span                                     int
	Rows                                     []recognitionStatsRow
}

func (v *recognitionStatsView) table(id, key, rowHead string) recognitionStatsTable {
	t := recognitionStatsTable{ID: id, Caption: v.T("recognition_stats." + key + ".caption"), RowHead: v.T(rowHead),
		TotalHead: v.T("recognition_stats.col.total"), BarHead: v.T("recognition_stats.col.bar")}
	for _, sec := range recognitionSectors {
		t.Cols = append(t.Cols, v.SectorName(sec))
	}
	t.Span = len(t.Cols) + 3
	return t
}

type recognitionStatsView struct {
	*Page
	From, To  string
	Errors    map[string]string
	ErrorList []fieldErrorLink
	Suppress  bool
	Sectors   []string
	Period    string
	Evals     recognitionStatsRow
	Cues      recognitionStatsTable
	Routes    recognitionStatsTable
	CSV       string
}

// SectorName is the translated name of a sector.
func (v *recognitionStatsView) SectorName(code string) string {
	return v.T("recognition_stats.sector." + code)
}

// withBars sets each row's bar from its total against the largest one.
func withBars(rows []recognitionStatsRow, totals []int64) {
	top := slices.Max(append(totals, 1))
	for i := range rows {
		rows[i].Bar = int(100 * totals[i] / top)
		if rows[i].Total.Hidden {
			rows[i].Bar = -1
		}
	}
}

func (s *Server) recognitionStats(w http.ResponseWriter, r *http.Request) {
	from, to, form, errs := recognitionStatsPeriod(r, calendar.DateOf(s.now()))
	view := &recognitionStatsView{Page: s.view(r, "recognition_stats.title"), From: form[0], To: form[1], Errors: map[string]string{},
		Suppress: recognitionSuppress(r), Sectors: recognitionSectors}
	if len(errs) > 0 {
		for _, field := range []string{"from", "to"} {
			if key, ok := errs[field]; ok {
				msg := view.T(key)
				view.Errors[field] = msg
				view.ErrorList = append(view.ErrorList, fieldErrorLink{ID: "rs-" + field,
					Label: view.T("recognition_stats.field." + field), Message: msg})
			}
		}
		s.render(w, r, http.StatusBadRequest, "recognition_stats", view)
		return
	}
	cat, err := s.recognitionSource().Current(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	counts, err := s.store.RecognitionUseStats(r.Context(), from, to)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	t := tallyOf(counts)
	hiddenText := view.T("recognition_stats.hidden")
	view.Period = view.T("recognition_stats.period", formatDate(from), formatDate(to))
	view.CSV = "/staff/recognition-stats.csv?" + url.Values{"from": {from.String()}, "to": {to.String()}}.Encode()

	view.Evals.Cells, view.Evals.Total, _ = statRow(t[store.RecognitionUseEvaluation][""], view.Suppress, hiddenText)

	view.Cues = view.table("rs-cues-caption", "cues", "recognition_stats.col.cue")
	var totals []int64
	for _, d := range cat.Domains {
		for _, c := range d.Cues {
			row := recognitionStatsRow{Label: c.Label[view.Lang], Domain: d.Label[view.Lang]}
			var total int64
			row.Cells, row.Total, total = statRow(t[store.RecognitionUseCue][c.Code], view.Suppress, hiddenText)
			// A retired cue stays in the table only while it has uses.
			if c.Retired && total == 0 {
				continue
			}
			view.Cues.Rows = append(view.Cues.Rows, row)
			totals = append(totals, total)
		}
	}
	withBars(view.Cues.Rows, totals)

	view.Routes = view.table("rs-routes-caption", "routes", "recognition_stats.col.route")
	totals = nil
	for _, rt := range recognition.Routes {
		row := recognitionStatsRow{Label: view.T("recognition_stats.route." + string(rt))}
		var total int64
		row.Cells, row.Total, total = statRow(t[store.RecognitionUseRoute][string(rt)], view.Suppress, hiddenText)
		view.Routes.Rows = append(view.Routes.Rows, row)
		totals = append(totals, total)
	}
	withBars(view.Routes.Rows, totals)
	s.render(w, r, http.StatusOK, "recognition_stats", view)
}

// recognitionSuppress: only administrators see counts of 1–4. There is no team to
// keep them within, so every other role gets them hidden (RULES.md §5).
func recognitionSuppress(r *http.Request) bool {
	u := state(r).user
	return u == nil || u.Role != access.RoleAdmin
}

// recognitionStatsCSV exports the same figures, suppressed the same way:
// one row per kind, code and sector.
func (s *Server) recognitionStatsCSV(w http.ResponseWriter, r *http.Request) {
	from, to, _, errs := recognitionStatsPeriod(r, calendar.DateOf(s.now()))
	for _, field := range []string{"from", "to"} {
		if key, ok := errs[field]; ok {
			s.errorPage(w, r, http.StatusBadRequest, key)
			return
		}
	}
	cat, err := s.recognitionSource().Current(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	counts, err := s.store.RecognitionUseStats(r.Context(), from, to)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	t := tallyOf(counts)
	suppress := recognitionSuppress(r)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="recognition-stats-%s-%s.csv"`, from, to))
	cw := csv.NewWriter(w)
	_ = cw.Write(append([]string{"from", "to", "kind", "code"}, append(slices.Clone(recognitionSectors), "total")...))
	write := func(kind, code string) {
		cells, total, _ := statRow(t[kind][code], suppress, "<5")
		row := []string{from.String(), to.String(), kind, code}
		for _, c := range cells {
			row = append(row, c.Text)
		}
		_ = cw.Write(append(row, total.Text))
	}
	write(store.RecognitionUseEvaluation, "")
	for _, d := range cat.Domains {
		for _, c := range d.Cues {
			write(store.RecognitionUseCue, c.Code)
		}
	}
	for _, rt := range recognition.Routes {
		write(store.RecognitionUseRoute, string(rt))
	}
	cw.Flush()
}
