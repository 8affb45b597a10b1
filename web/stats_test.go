package web

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/encounter"
)

// statsEnv is the report test's encounters (six at point A, one at point B
// in November 2026) and two at point A in October, one referred to a
// partner whose name a spreadsheet would run as a formula.
func statsEnv(t *testing.T) *encounterEnv {
	t.Helper()
	e := newEncounterEnv(t)
	c := e.as(e.counsellorA)
	for _, extra := range []string{
		`"started_at":"2026-11-24T09:30:00+02:00"`,
		`"started_at":"2026-11-24T10:15:00+02:00","topics":["debt"],"help":["advice","service_guidance"],"continued_to_services":false`,
		`"started_at":"2026-11-25T09:05:00+02:00","channel":"phone","topics":["debt"],"age_band":"30_44","already_client":"yes","first_visit":false`,
		`"started_at":"2026-11-25T09:45:00+02:00","topics":["housing","debt"],"age_band":null,"already_client":null`,
		`"started_at":"2026-11-25T11:00:00+02:00","topics":["debt"],"referred_to":["Kela"]`,
		`"started_at":"2026-11-25T11:30:00+02:00","topics":["loneliness"],"help":["conversation_support"],"continued_to_services":false`,
		`"started_at":"2026-10-06T10:00:00+03:00","topics":["debt"]`,
		`"started_at":"2026-10-07T10:00:00+03:00","topics":["debt"],"referred_to":["=SUM(A1)"]`,
	} {
		postEncounter(t, c, encounterBody(e.pointA.ID, extra))
	}
	postEncounter(t, e.as(e.workerB), encounterBody(e.pointB.ID, `"channel":"phone","topics":["debt"]`))
	// Sessions are stamped with the store's real clock: the server's must
	// agree, or they would seem to have expired.
	e.clock.mu.Lock()
	e.clock.t = time.Now()
	e.clock.mu.Unlock()
	return e
}

// signedIn is a browser with a full session of u.
func signedIn(e *encounterEnv, u *testUser) *browser {
	b := e.browser()
	b.signInAs(u, true)
	return b
}

// topicLabel is a default topic's Finnish label.
func topicLabel(code string) string {
	for _, en := range encounter.DefaultVocabulary {
		if en.Kind == encounter.KindTopic && en.Code == code {
			return en.Label.FI
		}
	}
	return code
}

func TestStatsPageMatchesReport(t *testing.T) {
	t.Parallel()
	e := statsEnv(t)
	query := "from=2026-11-01&to=2026-11-30&service_point=" + e.pointA.ID
	rep := getReport(t, e.as(e.leadA), query)

	b := signedIn(e, e.leadA)
	r := b.get("/staff/statistics?lang=fi&" + query)
	wantStatus(t, r, http.StatusOK)
	if rep.Total != 6 || len(rep.ByTopic) != 3 {
		t.Fatalf("unexpected API report: %+v", rep)
	}
	wantContains(t, r, `<span class="value">6</span>`)
	for code, n := range rep.ByTopic {
		wantContains(t, r, `<th scope="row">`+topicLabel(code)+`</th><td class="num">`+itoa(n)+`</td>`)
	}
	// Shares as the API's fractions, in per cent: 5 of 6 anonymous.
	wantContains(t, r, "83,3\u00a0%")
	if strings.Contains(r.Body, "&lt; 5") {
		t.Error("the team's own point shows hidden counts")
	}

	// A comparison period: October had two encounters about debt.
	r = b.get("/staff/statistics?lang=fi&" + query + "&compare_from=2026-10-01&compare_to=2026-10-31")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `<th scope="row">Velat</th><td class="num">5</td><td class="num">2</td><td class="num">&#43;150`+"\u00a0%</td>",
		`<th scope="row">Yksinäisyys</th><td class="num">1</td><td class="num">0</td><td class="num">–</td>`)

	// The default period is the three full months before today's.
	r = b.get("/staff/statistics?lang=fi")
	wantStatus(t, r, http.StatusOK)
	from, to := lastFullMonths(calendar.DateOf(time.Now()))
	wantContains(t, r, `value="`+from.String()+`"`, `value="`+to.String()+`"`)
}

func TestStatsPageSuppression(t *testing.T) {
	t.Parallel()
	e := statsEnv(t)
	b := signedIn(e, e.analyst)
	r := b.get("/staff/statistics?lang=fi&from=2026-11-01&to=2026-11-30&service_point=" + e.pointA.ID)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `<th scope="row">Velat</th><td class="num">5</td>`,
		`<th scope="row">Asuminen</th><td class="num hidden-count">&lt; 5</td>`,
		e.html("fi", "stats.legend.hidden"), e.html("fi", "stats.suppressed"))
	// Five walk-ins and one phone call: 6 − 5 would give the call back, and
	// so would 6 = 5 + 1, so both are hidden and neither reads "< 5".
	neutral := e.html("fi", "stats.hidden_other")
	wantContains(t, r, `<th scope="row">Paikan päällä</th><td class="num hidden-count">`+neutral+`</td>`,
		`<th scope="row">Puhelin</th><td class="num hidden-count">`+neutral+`</td>`, e.html("fi", "stats.legend.neutral"))

	// The team's lead sees the counts, and no mark to explain.
	r = signedIn(e, e.leadA).get("/staff/statistics?lang=fi&from=2026-11-01&to=2026-11-30&service_point=" + e.pointA.ID)
	wantContains(t, r, `<th scope="row">Paikan päällä</th><td class="num">5</td>`)
	if strings.Contains(r.Body, e.html("fi", "stats.legend.neutral")) {
		t.Error("the team's own point explains hidden counts")
	}
}

func readStatsCSV(t *testing.T, b *browser, query string) map[string][]string {
	t.Helper()
	r := b.get("/staff/statistics.csv?" + query)
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("Content-Type %q", ct)
	}
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "section,code,count,compare_count" {
		t.Fatalf("header %q", rows[0])
	}
	out := map[string][]string{}
	for _, row := range rows[1:] {
		out[row[0]+":"+row[1]] = row[2:]
	}
	return out
}

func TestStatsCSV(t *testing.T) {
	t.Parallel()
	e := statsEnv(t)
	lead := signedIn(e, e.leadA)
	point := "&service_point=" + e.pointA.ID
	rows := readStatsCSV(t, lead, "from=2026-11-01&to=2026-11-30&compare_from=2026-10-01&compare_to=2026-10-31"+point)
	for key, want := range map[string]string{
		"total:":                  "6,2",
		"topic:debt":              "5,2",
		"topic:loneliness":        "1,0",
		"channel:phone":           "1,0",
		"weekday:tue":             "2,1",
		"hour:09":                 "3,0",
		"referral:Kela":           "1,0",
		"referral:'=SUM(A1)":      "0,1",
		"topic_pair:debt|housing": "2,0",
		"day:2026-11-25":          "4,0",
	} {
		if got := strings.Join(rows[key], ","); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}

	analyst := signedIn(e, e.analyst)
	rows = readStatsCSV(t, analyst, "from=2026-11-01&to=2026-11-30"+point)
	if got := strings.Join(rows["topic:housing"], ","); got != "<5," {
		t.Errorf("hidden housing = %q, want \"<5,\"", got)
	}
	if got := strings.Join(rows["topic:debt"], ","); got != "5," {
		t.Errorf("debt = %q, want \"5,\"", got)
	}
	if got := strings.Join(rows["channel:walk_in"], ","); got != "hidden," {
		t.Errorf("walk-ins hidden to protect the phone call = %q, want \"hidden,\"", got)
	}
}

// xlsxBook is a downloaded workbook.
type xlsxBook struct {
	t *testing.T
	f *excelize.File
}

func readStatsXLSX(t *testing.T, b *browser, query string) *xlsxBook {
	t.Helper()
	r := b.get("/staff/statistics.xlsx?" + query)
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != xlsxContentType {
		t.Fatalf("Content-Type %q", ct)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return &xlsxBook{t: t, f: f}
}

// row returns the cells after column A of the row whose A is label, as
// stored (raw: "0.8333", not "83.3%") or as formatted for a reader.
func (x *xlsxBook) row(sheet, label string, raw bool) []string {
	x.t.Helper()
	rows, err := x.f.GetRows(sheet, excelize.Options{RawCellValue: raw})
	if err != nil {
		x.t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == label {
			return r[1:]
		}
	}
	x.t.Fatalf("sheet %q has no row %q", sheet, label)
	return nil
}

func TestStatsXLSX(t *testing.T) {
	t.Parallel()
	e := statsEnv(t)
	point := "&service_point=" + e.pointA.ID
	lead := signedIn(e, e.leadA)

	r := lead.get("/staff/statistics.xlsx?lang=fi&from=2026-11-01&to=2026-11-30" + point)
	wantStatus(t, r, http.StatusOK)
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="statistics-2026-11-01-2026-11-30.xlsx"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	// The page links it with the same filters.
	page := lead.get("/staff/statistics?lang=fi&from=2026-11-01&to=2026-11-30" + point)
	wantContains(t, page, `href="/staff/statistics.xlsx?from=2026-11-01&amp;service_point=`+e.pointA.ID+`&amp;to=2026-11-30"`)

	x := readStatsXLSX(t, lead, "lang=fi&from=2026-11-01&to=2026-11-30&compare_from=2026-10-01&compare_to=2026-10-31"+point)
	wantSheets := []string{"Yhteenveto", "Kanavat", "Viikonpäivät", "Kellonajat", "Aiheet", "Apu", "Aiheparit", "Ohjaukset", "Päivät", "Kuukaudet"}
	if got := x.f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Errorf("sheets %q, want %q", got, wantSheets)
	}
	if title, _ := x.f.GetCellValue("Yhteenveto", "A1"); title != "Kohtaamisten tilastot" {
		t.Errorf("title %q", title)
	}
	if scope, _ := x.f.GetCellValue("Yhteenveto", "A2"); scope != "Positiimi, 1.11.2026–30.11.2026" {
		t.Errorf("scope %q", scope)
	}
	for _, c := range []struct {
		sheet, label string
		raw          bool
		want         string
	}{
		// Counts are numbers, the change a fraction formatted as a percentage.
		{"Yhteenveto", "Kohtaamisia yhteensä", true, "6,2,2"},
		{"Yhteenveto", "Kohtaamisia yhteensä", false, "6,2,+200%"},
		// 5 of 6 first visits, both of October's.
		{"Yhteenveto", "ensimmäinen käynti (osuus kohtaamisista)", true, "0.8333,1"},
		{"Yhteenveto", "ensimmäinen käynti (osuus kohtaamisista)", false, "83.3%,100.0%"},
		{"Aiheet", "Velat", true, "5,2,1.5"},
		{"Aiheet", "Yksinäisyys", false, "1,0,–"},
		{"Kanavat", "Puhelin", true, "1,0,–"},
		{"Kellonajat", "9–10", true, "3,0,–"},
		{"Viikonpäivät", "Tiistai", true, "2,1,1"},
		{"Aiheparit", "Velat + Asuminen", true, "2,0,–"},
		// A partner named like a formula stays text.
		{"Ohjaukset", "=SUM(A1)", false, "0,1,-100%"},
		{"Kuukaudet", "Marraskuu 2026", true, "6,2,2"},
	} {
		if got := strings.Join(x.row(c.sheet, c.label, c.raw), ","); got != c.want {
			t.Errorf("%s / %s = %q, want %q", c.sheet, c.label, got, c.want)
		}
	}
	if formula, _ := x.f.GetCellFormula("Ohjaukset", "A6"); formula != "" {
		t.Errorf("a partner's name became the formula %q", formula)
	}
	// Days: every day of the period, the comparison's beside them.
	days, err := x.f.GetRows("Päivät", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	header := 5 // title, two period lines, a blank line, the column names
	if len(days) != header+31 {
		t.Fatalf("%d rows on the days sheet, want %d (October's 31 days)", len(days), header+31)
	}
	// Dates are date serials (days from 30.12.1899) with a date format.
	if got := strings.Join(days[header+24], ","); got != "46351,4,46320,0" {
		t.Errorf("25 November and 25 October = %q, want 46351,4,46320,0", got)
	}
	if style, _ := x.f.GetCellStyle("Päivät", "A30"); style == 0 {
		t.Error("a date without a date format")
	}

	// Outside the team the workbook hides what the page hides.
	x = readStatsXLSX(t, signedIn(e, e.analyst), "lang=fi&from=2026-11-01&to=2026-11-30"+point)
	for _, c := range []struct{ sheet, label, want string }{
		{"Yhteenveto", "Kohtaamisia yhteensä", "6"},
		{"Yhteenveto", "nimettömiä (osuus kohtaamisista)", "1"},
		{"Yhteenveto", "ensimmäinen käynti (osuus kohtaamisista)", "< 5"}, // one returning
		{"Aiheet", "Velat", "5"},
		{"Aiheet", "Asuminen", "< 5"},
		{"Kanavat", "Paikan päällä", e.T("fi", "stats.hidden_other")},
		{"Kuukaudet", "Marraskuu 2026", e.T("fi", "stats.at_least", "0")},
	} {
		if got := strings.Join(x.row(c.sheet, c.label, true), ","); got != c.want {
			t.Errorf("outside the team: %s / %s = %q, want %q", c.sheet, c.label, got, c.want)
		}
	}

	// Every language's sheet names are valid ones.
	for _, lang := range []string{"sv", "en"} {
		x := readStatsXLSX(t, lead, "lang="+lang+"&from=2026-11-01&to=2026-11-30")
		if got := x.f.GetSheetList(); len(got) != len(wantSheets) || got[0] != e.T(lang, "stats.sheet.summary") {
			t.Errorf("%s sheets %q", lang, got)
		}
	}
}

func TestStatsBadFilters(t *testing.T) {
	t.Parallel()
	e := statsEnv(t)
	b := signedIn(e, e.leadA)
	for _, q := range []string{
		"from=2026-13-01&to=2026-11-30",
		"from=2026-11-30&to=2026-11-01",
		"from=2025-01-01&to=2026-11-30",
		"from=2026-11-01&to=2026-11-30&compare_from=2026-10-01",
		"from=2026-11-01&to=2026-11-30&service_point=no-such-point",
	} {
		r := b.get("/staff/statistics?lang=fi&" + q)
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, `aria-invalid="true"`)
		wantStatus(t, b.get("/staff/statistics.csv?"+q), http.StatusBadRequest)
		wantStatus(t, b.get("/staff/statistics.xlsx?"+q), http.StatusBadRequest)
	}
	// Staff who only log encounters may not see statistics.
	health := signedIn(e, e.newUser(access.RoleHealthProfessional))
	wantStatus(t, health.get("/staff/statistics"), http.StatusForbidden)
}

func itoa(n int) string { return groupDigits("fi", n) }
