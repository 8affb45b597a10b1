package web

import (
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
)

// coveragePeriod is two whole weeks without public holidays: Monday
// 12.1.2026 to Sunday 25.1.2026.
const coveragePeriod = "from=2026-01-12&to=2026-01-25"

// newCoveragePoints stores the fixture. Hours a week over coveragePeriod:
//   - Pori meeting place, Mon–Fri 9–15: 6 office hours a day.
//   - Pori clinic, Tue 15–21: 1 office, 4 evening and 1 night hour; plus one
//     Saturday (24.1.) 10–14 as an exception, which is 2 office hours a week.
//   - Rauma phone service, every day 8–22: 8 office, 4 evening, 2 night.
func newCoveragePoints(e *testEnv) {
	e.t.Helper()
	e.newServicePoint("")
	sat, err := calendar.ParseDate("2026-01-24")
	if err != nil {
		e.t.Fatal(err)
	}
	all := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	for _, sp := range []*directory.ServicePoint{
		{Kind: directory.KindClinic, Municipality: "Pori", Name: directory.Localized{FI: "Iltavastaanotto"},
			TargetGroups: []access.TargetGroup{access.TargetWorkingAge, access.TargetYouth},
			Hours:        []directory.WeeklyHours{{Days: []time.Weekday{time.Tuesday}, Opens: 15 * 60, Closes: 21 * 60}},
			Exceptions:   []directory.Exception{{Date: sat, Opens: 10 * 60, Closes: 14 * 60}}},
		{Kind: directory.KindPhone, Municipality: "Rauma", Name: directory.Localized{FI: "Nuorten linja"}, Phone: "02 123 4567",
			TargetGroups: []access.TargetGroup{access.TargetYouth},
			Hours:        []directory.WeeklyHours{{Days: all, Opens: 8 * 60, Closes: 22 * 60}}},
	} {
		if err := e.db.CreateServicePoint(e.ctx(), sp, directory.Editor{Name: "test"}); err != nil {
			e.t.Fatal(err)
		}
	}
}

var (
	coverageRow  = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	coverageCell = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	anyTag       = regexp.MustCompile(`<[^>]+>`)
	hiddenSpan   = regexp.MustCompile(`(?s)<span[^>]*aria-hidden="true"[^>]*>.*?</span>`)
)

// coverageTable returns the text of the cells, row by row, of the table
// whose caption has id captionID, as a screen reader reads them: visually
// hidden text in, aria-hidden text out.
func coverageTable(t *testing.T, r *resp, captionID string) [][]string {
	t.Helper()
	_, rest, ok := strings.Cut(r.Body, `<caption id="`+captionID+`">`)
	if !ok {
		t.Fatalf("no table %q; body:\n%.3000s", captionID, r.Body)
	}
	rest, _, _ = strings.Cut(rest, "</table>")
	var rows [][]string
	for _, m := range coverageRow.FindAllStringSubmatch(rest, -1) {
		var row []string
		for _, c := range coverageCell.FindAllStringSubmatch(m[1], -1) {
			text := anyTag.ReplaceAllString(hiddenSpan.ReplaceAllString(c[1], ""), "")
			row = append(row, strings.TrimSpace(html.UnescapeString(text)))
		}
		rows = append(rows, row)
	}
	return rows
}

// coverageRowOf is the row whose header is name.
func coverageRowOf(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	for _, r := range rows {
		if len(r) > 0 && r[0] == name {
			return r
		}
	}
	t.Fatalf("no row %q in %q", name, rows)
	return nil
}

func wantRow(t *testing.T, rows [][]string, want ...string) {
	t.Helper()
	if got := coverageRowOf(t, rows, want[0]); !slices.Equal(got, want) {
		t.Errorf("row %q:\n got %q\nwant %q", want[0], got, want)
	}
}

func TestCoveragePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	newCoveragePoints(e)
	b := e.browser()
	b.signInAs(e.newUser(access.RoleAnalyst), true)

	// Pori: the meeting place and the clinic.
	r := b.get("/staff/coverage?municipality=Pori&" + coveragePeriod + "&lang=fi")
	wantStatus(t, r, http.StatusOK)
	gap := "0 – " + e.T("fi", "coverage.gap_text")
	week := coverageTable(t, r, "cov-week-caption")
	if len(week) != 9 {
		t.Fatalf("week table has %d rows, want a head, 7 days and a total: %q", len(week), week)
	}
	wantRow(t, week, "Maanantai", gap, "6,0", gap, gap, "6,0")
	wantRow(t, week, "Tiistai", gap, "7,0", "4,0", "1,0", "12,0")
	wantRow(t, week, "Lauantai", gap, "2,0", gap, gap, "2,0")
	wantRow(t, week, "Sunnuntai", gap, gap, gap, gap, gap)
	wantRow(t, week, "Yhteensä", gap, "33,0", "4,0", "1,0", "38,0")

	kinds := coverageTable(t, r, "cov-kind-caption")
	wantRow(t, kinds, "Kohtaamispaikka", "1", "30,0", "30,0", gap, gap, gap)
	wantRow(t, kinds, "Vastaanotto", "1", "8,0", "3,0", "4,0", "1,0", "2,0")
	wantRow(t, kinds, "Puhelinpalvelu", "0", gap, gap, gap, gap, gap)
	groups := coverageTable(t, r, "cov-group-caption")
	wantRow(t, groups, e.T("fi", "target.working_age"), "2", "38,0", "33,0", "4,0", "1,0", "2,0")
	wantRow(t, groups, e.T("fi", "target.youth"), "1", "8,0", "3,0", "4,0", "1,0", "2,0")

	// The headline: total, after 16 (5 h, 13 %), weekends (2 h, 5 %), places.
	wantContains(t, r,
		`<span class="value">38,0</span> <span class="label">`+e.html("fi", "coverage.stat.total"),
		`<span class="value">5,0</span> <span class="label">`+e.html("fi", "coverage.stat.evening")+`</span> <span class="share">(`+e.html("fi", "coverage.share", 13)+`)`,
		`<span class="value">2,0</span> <span class="label">`+e.html("fi", "coverage.stat.weekend")+`</span> <span class="share">(`+e.html("fi", "coverage.share", 5)+`)`,
		`<span class="value">2</span> <span class="label">`+e.html("fi", "coverage.stat.places"))

	// Gaps: no one on Sundays, nothing after 16 at weekends; the clinic's
	// Tuesday evening means weekday evenings are not a gap.
	wantGaps(t, e, r, "fi", "coverage.gap.weekend.after16", "coverage.gap.day.sun", "coverage.gap.weekdays.early", "coverage.gap.weekend.early")

	// The chart: an image with a summary, 28 cells of which 20 are gaps.
	_, svg, _ := strings.Cut(r.Body, `<svg role="img" aria-labelledby="cov-chart-title cov-chart-desc"`)
	svg, _, _ = strings.Cut(svg, "</svg>")
	if n := strings.Count(svg, "<rect "); n != 28 {
		t.Errorf("chart has %d cells, want 28", n)
	}
	if n := strings.Count(svg, `stroke="#b00020" stroke-width="2"/>`); n != 20 {
		t.Errorf("chart marks %d gaps, want 20", n)
	}
	if !strings.Contains(svg, `<desc id="cov-chart-desc">`+e.html("fi", "coverage.chart.desc", "38,0", "5,0", "2,0")+" "+e.html("fi", "coverage.gap.weekend.after16")) {
		t.Errorf("chart description does not summarise the data:\n%s", svg)
	}

	// The CSV link carries the same filters.
	wantContains(t, r, `href="/staff/coverage.csv?from=2026-01-12&amp;municipality=Pori&amp;to=2026-01-25"`)

	// The whole county: the phone line covers every evening and Sunday.
	r = b.get("/staff/coverage?" + coveragePeriod + "&lang=fi")
	wantStatus(t, r, http.StatusOK)
	week = coverageTable(t, r, "cov-week-caption")
	wantRow(t, week, "Tiistai", gap, "15,0", "8,0", "3,0", "26,0")
	wantRow(t, week, "Sunnuntai", gap, "8,0", "4,0", "2,0", "14,0")
	wantRow(t, week, "Yhteensä", gap, "89,0", "32,0", "15,0", "136,0")
	wantGaps(t, e, r, "fi", "coverage.gap.weekdays.early", "coverage.gap.weekend.early")
	wantContains(t, r, `<span class="value">3</span>`, `(`+e.html("fi", "coverage.share", 35)+`)`)

	// Kind filter: the Pori clinic alone leaves four weekdays empty.
	r = b.get("/staff/coverage?municipality=Pori&kind=clinic&" + coveragePeriod + "&lang=fi")
	wantStatus(t, r, http.StatusOK)
	week = coverageTable(t, r, "cov-week-caption")
	wantRow(t, week, "Yhteensä", gap, "3,0", "4,0", "1,0", "8,0")
	wantGaps(t, e, r, "fi", "coverage.gap.weekend.after16", "coverage.gap.day.mon", "coverage.gap.day.wed",
		"coverage.gap.day.thu", "coverage.gap.day.fri", "coverage.gap.day.sun", "coverage.gap.weekdays.early", "coverage.gap.weekend.early")
	if kinds := coverageTable(t, r, "cov-kind-caption"); len(kinds) != 2 {
		t.Errorf("kind filter: kind table %q, want only the clinic", kinds)
	}

	// Target group filter: youth in Pori is the clinic only.
	r = b.get("/staff/coverage?municipality=Pori&target_group=youth&" + coveragePeriod)
	wantStatus(t, r, http.StatusOK)
	wantRow(t, coverageTable(t, r, "cov-week-caption"), "Yhteensä", gap, "3,0", "4,0", "1,0", "8,0")

	// Swedish keeps the decimal comma, English writes a point.
	r = b.get("/staff/coverage?municipality=Pori&" + coveragePeriod + "&lang=sv")
	wantRow(t, coverageTable(t, r, "cov-week-caption"), "Tisdag", "0 – "+e.T("sv", "coverage.gap_text"), "7,0", "4,0", "1,0", "12,0")
	wantGaps(t, e, r, "sv", "coverage.gap.weekend.after16", "coverage.gap.day.sun", "coverage.gap.weekdays.early", "coverage.gap.weekend.early")
	r = b.get("/staff/coverage?municipality=Pori&" + coveragePeriod + "&lang=en")
	wantRow(t, coverageTable(t, r, "cov-week-caption"), "Tuesday", "0 – gap", "7.0", "4.0", "1.0", "12.0")

	// No place matches: the page says so and the county has no place at all.
	r = b.get("/staff/coverage?municipality=Rauma&kind=clinic&" + coveragePeriod + "&lang=fi")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "coverage.no_points"), e.html("fi", "coverage.gap.none"))
}

// wantGaps checks the page's gap statements, in order.
func wantGaps(t *testing.T, e *testEnv, r *resp, lang string, keys ...string) {
	t.Helper()
	_, list, ok := strings.Cut(r.Body, `<div class="coverage-gaps">`)
	if !ok {
		t.Fatalf("no gap list; body:\n%.3000s", r.Body)
	}
	list, _, _ = strings.Cut(list, "</div>")
	var want strings.Builder
	for _, k := range keys {
		want.WriteString("<li>" + e.html(lang, k) + "</li>")
	}
	if !strings.Contains(list, "<ul>"+want.String()+"</ul>") {
		t.Errorf("gaps in %s:\n got %s\nwant %s", lang, list, want.String())
	}
}

func TestCoverageDefaultsAndErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	newCoveragePoints(e)
	b := e.browser()
	b.signInAs(e.newUser(access.RoleTeamLead), true)

	// Without a period: four weeks from this week's Monday, in Helsinki.
	today := calendar.DateOf(e.clock.now())
	monday := today.AddDays(-((int(today.Weekday()) + 6) % 7))
	r := b.get("/staff/coverage")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `name="from" type="date" value="`+monday.String()+`"`, `name="to" type="date" value="`+monday.AddDays(27).String()+`"`,
		`<option value="Pori">Pori</option>`, `<option value="Rauma">Rauma</option>`)

	for _, tc := range []struct {
		query, field, key string
	}{
		{"from=2026-13-01&to=2026-01-25", "from", "error.date"},
		{"from=12.1.2026&to=2026-01-25", "from", "error.date"},
		{"from=2026-01-12&to=2026-02-30", "to", "error.date"},
		{"from=2026-01-25&to=2026-01-12", "to", "error.period_order"},
		{"from=2026-01-01&to=2027-01-02", "to", "error.period_too_long"},
		{"municipality=Turku&" + coveragePeriod, "municipality", "error.unknown_code"},
		{"kind=sauna&" + coveragePeriod, "kind", "error.unknown_code"},
		{"target_group=pets&" + coveragePeriod, "target_group", "error.unknown_code"},
	} {
		for _, lang := range Languages {
			r := b.get("/staff/coverage?" + tc.query + "&lang=" + lang)
			wantStatus(t, r, http.StatusBadRequest)
			// The message is next to the field, which points to it.
			wantContains(t, r, `<span class="field-error" id="cov-`+tc.field+`-error">`+e.html(lang, tc.key)+`</span>`,
				`href="#cov-`+tc.field+`"`)
			tag := regexp.MustCompile(`<(?:input|select) id="cov-` + tc.field + `"[^>]*>`).FindString(r.Body)
			if !strings.Contains(tag, `aria-invalid="true"`) || !regexp.MustCompile(`aria-describedby="[^"]*cov-`+tc.field+`-error"`).MatchString(tag) {
				t.Errorf("%s in %s: field %q not marked invalid", tc.query, lang, tag)
			}
			if strings.Contains(r.Body, `class="coverage-stats"`) {
				t.Errorf("%s: a report was shown for bad filters", tc.query)
			}
		}
		wantStatus(t, b.get("/staff/coverage.csv?"+tc.query), http.StatusBadRequest)
	}
	// 366 days, to inclusive, is allowed.
	wantStatus(t, b.get("/staff/coverage?from=2026-01-01&to=2027-01-01"), http.StatusOK)
}

func TestCoverageCSV(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	newCoveragePoints(e)
	b := e.browser()
	b.signInAs(e.newUser(access.RoleAnalyst), true)

	r := b.get("/staff/coverage.csv?municipality=Pori&" + coveragePeriod)
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="coverage-pori-2026-01-12-2026-01-25.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	recs := readCoverageCSV(t, r)
	if want := []string{"municipality", "kind", "target_group", "from", "to", "scope", "weekday", "band", "hours_per_week"}; !slices.Equal(recs[0], want) {
		t.Fatalf("header %q", recs[0])
	}
	// all + 5 kinds + 5 target groups, 7 days × 4 bands each.
	if len(recs) != 1+11*28 {
		t.Fatalf("%d rows, want %d", len(recs), 1+11*28)
	}
	for _, want := range []string{
		"Pori,,,2026-01-12,2026-01-25,all,tue,office,7.00",
		"Pori,,,2026-01-12,2026-01-25,all,tue,evening,4.00",
		"Pori,,,2026-01-12,2026-01-25,all,tue,night,1.00",
		"Pori,,,2026-01-12,2026-01-25,all,mon,early,0.00",
		"Pori,,,2026-01-12,2026-01-25,all,sat,office,2.00",
		"Pori,,,2026-01-12,2026-01-25,all,sun,evening,0.00",
		"Pori,,,2026-01-12,2026-01-25,kind:meeting_place,fri,office,6.00",
		"Pori,,,2026-01-12,2026-01-25,kind:clinic,sat,office,2.00",
		"Pori,,,2026-01-12,2026-01-25,kind:phone,sun,evening,0.00",
		"Pori,,,2026-01-12,2026-01-25,target_group:youth,tue,evening,4.00",
		"Pori,,,2026-01-12,2026-01-25,target_group:working_age,wed,office,6.00",
	} {
		if !slices.ContainsFunc(recs, func(rec []string) bool { return strings.Join(rec, ",") == want }) {
			t.Errorf("CSV lacks %q", want)
		}
	}
	if got := coverageCSVSum(t, recs, "all"); got != 38 {
		t.Errorf("all scope sums to %v, want 38", got)
	}

	// The county, filtered by kind: only the phone line, everywhere.
	r = b.get("/staff/coverage.csv?kind=phone&" + coveragePeriod)
	wantStatus(t, r, http.StatusOK)
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="coverage-county-2026-01-12-2026-01-25.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	recs = readCoverageCSV(t, r)
	if len(recs) != 1+7*28 {
		t.Fatalf("%d rows, want %d", len(recs), 1+7*28)
	}
	if !slices.ContainsFunc(recs, func(rec []string) bool {
		return strings.Join(rec, ",") == ",phone,,2026-01-12,2026-01-25,kind:phone,sun,night,2.00"
	}) {
		t.Errorf("CSV lacks the phone line's Sunday night: %q", recs[:5])
	}
	if got := coverageCSVSum(t, recs, "all"); got != 98 {
		t.Errorf("phone lines sum to %v, want 98", got)
	}

	// Without a session there is no file.
	wantRedirect(t, e.browser().get("/staff/coverage.csv?"+coveragePeriod), "/login")
}

func readCoverageCSV(t *testing.T, r *resp) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, r.Body)
	}
	return recs
}

func coverageCSVSum(t *testing.T, recs [][]string, scope string) float64 {
	t.Helper()
	var sum float64
	for _, rec := range recs[1:] {
		if rec[5] != scope {
			continue
		}
		h, err := strconv.ParseFloat(rec[8], 64)
		if err != nil {
			t.Fatalf("hours %q: %v", rec[8], err)
		}
		sum += h
	}
	return sum
}

func TestCoverageCSVFormulaInjection(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	evil := `=HYPERLINK("http://evil.example","x")`
	sp := e.newServicePoint("")
	sp.Municipality = evil
	if err := e.db.UpdateServicePoint(e.ctx(), sp, directory.Editor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.signInAs(e.newUser(access.RoleAdmin), true)

	r := b.get("/staff/coverage.csv?" + url.Values{"municipality": {evil}}.Encode() + "&" + coveragePeriod)
	wantStatus(t, r, http.StatusOK)
	recs := readCoverageCSV(t, r)
	if recs[1][0] != "'"+evil {
		t.Fatalf("municipality cell %q, want it defused", recs[1][0])
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="coverage-hyperlink-http-evil-example-x-2026-01-12-2026-01-25.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	// The page shows the name as text.
	r = b.get("/staff/coverage?" + url.Values{"municipality": {evil}}.Encode() + "&" + coveragePeriod)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, html.EscapeString(evil))

	for in, want := range map[string]string{"Pori": "Pori", "+358": "'+358", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "": ""} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCoverageRoles(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	for role, status := range map[access.Role]int{access.RoleAnalyst: http.StatusOK, access.RoleSocialWorker: http.StatusForbidden} {
		b := e.browser()
		b.signInAs(e.newUser(role), true)
		wantStatus(t, b.get("/staff/coverage"), status)
		wantStatus(t, b.get("/staff/coverage.csv"), status)
	}
}

func TestCoverageGapsAndFormatting(t *testing.T) {
	t.Parallel()
	var w directory.WeekHours
	if got := coverageGaps(&w); !slices.Equal(got, []string{"coverage.gap.none"}) {
		t.Errorf("nothing open: %q", got)
	}
	// Office hours on weekdays only: the pilot's situation.
	for d := range 5 {
		w[d][directory.BandOffice] = 6
	}
	want := []string{"coverage.gap.weekend", "coverage.gap.weekdays.after16", "coverage.gap.weekdays.early"}
	if got := coverageGaps(&w); !slices.Equal(got, want) {
		t.Errorf("office hours only: %q, want %q", got, want)
	}
	// Weekends only, and a late evening on Saturday.
	w = directory.WeekHours{}
	w[5][directory.BandNight] = 1
	w[6][directory.BandOffice] = 4
	want = []string{"coverage.gap.weekdays", "coverage.gap.weekend.evening", "coverage.gap.weekend.early"}
	if got := coverageGaps(&w); !slices.Equal(got, want) {
		t.Errorf("weekends only: %q, want %q", got, want)
	}

	for _, tc := range []struct {
		lang string
		h    float64
		want string
	}{
		{"fi", 0, "0"}, {"fi", 7.5, "7,5"}, {"sv", 7.5, "7,5"}, {"en", 7.5, "7.5"},
		{"fi", 6.25, "6,3"}, {"fi", 0.04, "<0,1"}, {"en", 0.04, "<0.1"}, {"fi", 136, "136,0"},
	} {
		if got := hoursText(tc.lang, tc.h); got != tc.want {
			t.Errorf("hoursText(%s, %v) = %q, want %q", tc.lang, tc.h, got, tc.want)
		}
	}

	// Whatever day it is, the default period starts on that week's Monday.
	for day, monday := range map[string]string{"2026-01-12": "2026-01-12", "2026-01-18": "2026-01-12", "2026-03-01": "2026-02-23"} {
		d, _ := calendar.ParseDate(day)
		_, q, errs := parseCoverageQuery(url.Values{}, d, nil)
		if len(errs) != 0 || q.From.String() != monday || q.To != q.From.AddDays(27) {
			t.Errorf("today %s: period %s–%s, errors %v", day, q.From, q.To, errs)
		}
	}

	for in, want := range map[string]string{"Pori": "pori", "Säkylä": "sakyla", "Närpes/Närpiö": "narpes-narpio", "../": "municipality"} {
		if got := fileNamePart(in); got != want {
			t.Errorf("fileNamePart(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCoverageKeys: the keys the report builds at run time exist.
func TestCoverageKeys(t *testing.T) {
	t.Parallel()
	c, err := loadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, k := range directory.Kinds {
		keys = append(keys, "coverage.kind."+string(k))
	}
	for _, d := range coverageDays {
		keys = append(keys, "coverage.day."+d, "coverage.day_short."+d, "coverage.gap.day."+d)
	}
	for _, b := range directory.Bands {
		keys = append(keys, "coverage.band."+b.Code, "coverage.band_short."+b.Code)
	}
	for _, p := range []string{"weekdays", "weekend"} {
		keys = append(keys, "coverage.gap."+p)
		for _, b := range []string{"early", "office", "evening", "night", "after16"} {
			keys = append(keys, "coverage.gap."+p+"."+b)
		}
	}
	for _, f := range coverageFields {
		keys = append(keys, "coverage.field."+f)
	}
	for _, k := range keys {
		if !c.Has(k) {
			t.Errorf("catalogue lacks %q", k)
		}
	}
}
