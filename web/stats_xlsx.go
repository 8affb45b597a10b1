package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"kynnys/calendar"
	"kynnys/encounter"
)

// The statistics as a workbook: what the page shows, for people who go on
// in a spreadsheet. The filters, labels and suppression are the page's;
// counts are numbers and shares are fractions with a percentage format, so
// that they add up and chart there. A hidden count is the page's text
// ("< 5" or the neutral mark), never the number.

// xlsxContentType is the media type of an Office Open XML workbook.
const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) statsXLSX(w http.ResponseWriter, r *http.Request) {
	points, _, q, errs, reps, err := s.statsData(r)
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
	vocab, err := s.store.Vocabulary(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	p := s.view(r, "stats.title")
	// Built in memory (a year is some tens of kilobytes), so that a failure
	// is still a clean 500 rather than half a file.
	buf, err := statsWorkbook(p, q, reps, vocab, statsScope(p, points, q.Point))
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", xlsxContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+fmt.Sprintf("statistics-%s-%s.xlsx", q.From, q.To)+`"`)
	_, _ = buf.WriteTo(w)
}

// xlsxStyles are the workbook's cell styles.
type xlsxStyles struct {
	title, header, count, share, change, hidden, date int
}

// statsBook writes the workbook, keeping the first error so that the
// sheets read as straight lines of cells.
type statsBook struct {
	f     *excelize.File
	p     *Page
	st    xlsxStyles
	err   error
	sheet string
	row   int
}

// cell sets column col (1 = A) of the current row, with a style if not 0.
func (b *statsBook) cell(col int, v any, style int) {
	if b.err != nil {
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, b.row)
	if err == nil {
		err = b.f.SetCellValue(b.sheet, ref, v)
	}
	if err == nil && style != 0 {
		err = b.f.SetCellStyle(b.sheet, ref, ref, style)
	}
	b.err = err
}

// count writes a count: the number, or the page's text when hidden.
func (b *statsBook) count(col int, c statsCount) {
	if c.Hidden {
		b.cell(col, hiddenCountText(b.p, c), b.st.hidden)
		return
	}
	b.cell(col, c.N, b.st.count)
}

// change writes the change from comp to cur as a fraction, or "–" when the
// page shows none.
func (b *statsBook) change(col int, cur, comp statsCount) {
	if cur.Hidden || comp.Hidden || comp.N == 0 {
		b.cell(col, "–", b.st.hidden)
		return
	}
	b.cell(col, float64(cur.N-comp.N)/float64(comp.N), b.st.change)
}

// newSheet starts a sheet (the first renames the workbook's own) with the
// heading and the period lines, and leaves the row at the table's header.
func (b *statsBook) newSheet(nameKey, heading string, intro []string) {
	if b.err != nil {
		return
	}
	name := b.p.T(nameKey)
	if b.sheet == "" {
		b.err = b.f.SetSheetName(b.f.GetSheetName(0), name)
	} else {
		_, b.err = b.f.NewSheet(name)
	}
	b.sheet, b.row = name, 1
	b.cell(1, heading, b.st.title)
	for _, line := range intro {
		b.row++
		b.cell(1, line, 0)
	}
	b.row += 2
}

// header writes the table's header row, freezes the rows above it and the
// header, and sets the column widths.
func (b *statsBook) header(cols ...string) {
	for i, c := range cols {
		b.cell(i+1, c, b.st.header)
	}
	if b.err != nil {
		return
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	b.err = b.f.SetColWidth(b.sheet, "A", "A", 44)
	if b.err == nil && len(cols) > 1 {
		b.err = b.f.SetColWidth(b.sheet, "B", last, 18)
	}
	if b.err == nil {
		b.err = b.f.SetPanes(b.sheet, &excelize.Panes{Freeze: true, YSplit: b.row,
			TopLeftCell: fmt.Sprintf("A%d", b.row+1), ActivePane: "bottomLeft"})
	}
	b.row++
}

// statsWorkbook builds the workbook: a summary, then one sheet per section
// in the page's order, the days and the months.
func statsWorkbook(p *Page, q statsQuery, reps *statsReports, vocab *encounter.Vocabulary, scope string) (*bytes.Buffer, error) {
	f := excelize.NewFile()
	defer f.Close()
	b := &statsBook{f: f, p: p}
	percent, change := "0.0%", "+0%;-0%;0%"
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&b.st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&b.st.header, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
			Border: []excelize.Border{{Type: "bottom", Color: "1A1A1A", Style: 1}}}},
		{&b.st.count, excelize.Style{NumFmt: 3}}, // #,##0
		{&b.st.share, excelize.Style{CustomNumFmt: &percent}},
		{&b.st.change, excelize.Style{CustomNumFmt: &change}},
		{&b.st.hidden, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&b.st.date, excelize.Style{NumFmt: 14}}, // the reader's short date
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: p.T("stats.title"), Creator: "Kynnys", Language: p.Lang}); err != nil {
		return nil, err
	}

	cur, comp := reps.Current, reps.Compare
	intro := []string{p.T("stats.scope", scope, formatDate(q.From), formatDate(q.To))}
	if comp != nil {
		intro = append(intro, p.T("stats.compare_scope", formatDate(q.CompFrom), formatDate(q.CompTo)))
	}
	cols := func(first, count string) []string {
		if comp == nil {
			return []string{first, count}
		}
		return []string{first, count, p.T("stats.col.compare"), p.T("stats.col.change")}
	}

	// The summary: the period, how suppression reads, the total and shares.
	notes := intro
	if reps.Suppression {
		notes = append(notes, p.T("stats.suppressed"), p.T("stats.legend.hidden"))
	}
	if reps.neutral() {
		notes = append(notes, p.T("stats.legend.neutral"))
	}
	b.newSheet("stats.sheet.summary", p.T("stats.title"), notes)
	b.header(cols(p.T("stats.xlsx.figure"), p.T("stats.col.count"))...)
	b.cell(1, p.T("stats.xlsx.total"), 0)
	b.count(2, reportTotal(cur))
	if comp != nil {
		b.count(3, reportTotal(comp))
		b.change(4, reportTotal(cur), reportTotal(comp))
	}
	share := func(col int, rep *encounter.Report, name string, v float64) {
		switch {
		case slices.Contains(rep.Suppressed, name):
			b.cell(col, hiddenText, b.st.hidden)
		case rep.Total == 0:
			b.cell(col, "–", b.st.hidden)
		default:
			b.cell(col, v, b.st.share)
		}
	}
	for _, sh := range statsShares {
		b.row++
		b.cell(1, p.T("stats.xlsx.share", p.T(sh.key)), 0)
		share(2, cur, sh.name, sh.get(cur))
		if comp != nil {
			share(3, comp, sh.name, sh.get(comp))
		}
	}

	labels := statsLabels(p, vocab)
	for _, sec := range statsSections {
		if sec.name == "day" {
			continue
		}
		b.newSheet("stats.sheet."+sec.name, p.T("stats."+sec.name+".heading"), intro)
		b.header(cols(p.T("stats."+sec.name+".col"), p.T("stats.col.count"))...)
		for _, l := range sec.lines(reps) {
			b.cell(1, labels[sec.name](l.Code), 0)
			b.count(2, l.Count)
			if comp != nil {
				b.count(3, l.CompCount)
				b.change(4, l.Count, l.CompCount)
			}
			b.row++
		}
	}

	// Every day of the period, the comparison's days beside them in order.
	b.newSheet("stats.sheet.day", p.T("stats.day.chart"), intro)
	dayCols := []string{p.T("stats.xlsx.day"), p.T("stats.col.count")}
	if comp != nil {
		dayCols = append(dayCols, p.T("stats.xlsx.compare_day"), p.T("stats.col.compare"))
	}
	b.header(dayCols...)
	days := func(col int, rep *encounter.Report, from, to calendar.Date) {
		row := b.row
		for d := from; !d.After(to); d = d.AddDays(1) {
			b.cell(col, time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), b.st.date)
			b.count(col+1, count(rep, rep.ByDay, "day", d.String()))
			b.row++
		}
		b.row = row
	}
	days(1, cur, q.From, q.To)
	if comp != nil {
		days(3, comp, q.CompFrom, q.CompTo)
	}

	// Months: a month with hidden days reads "at least" its shown days, as
	// on the page.
	b.newSheet("stats.sheet.month", p.T("stats.month.caption"), intro)
	b.header(cols(p.T("stats.month.col"), p.T("stats.col.count"))...)
	month := func(col int, m statsMonth) {
		if m.Count.Hidden {
			b.cell(col, p.T("stats.at_least", groupDigits(p.Lang, m.Count.N)), b.st.hidden)
			return
		}
		b.cell(col, m.Count.N, b.st.count)
	}
	curMonths := statsMonths(p, cur, q.From, q.To)
	var compMonths []statsMonth
	if comp != nil {
		compMonths = statsMonths(p, comp, q.CompFrom, q.CompTo)
	}
	for i, m := range curMonths {
		b.cell(1, m.Label, 0)
		month(2, m)
		if i < len(compMonths) {
			month(3, compMonths[i])
			b.change(4, m.Count, compMonths[i].Count)
		}
		b.row++
	}
	if b.err != nil {
		return nil, fmt.Errorf("statistics workbook: %w", b.err)
	}
	f.SetActiveSheet(0)
	return f.WriteToBuffer()
}
