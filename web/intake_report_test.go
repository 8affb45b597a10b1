package web

import (
	"encoding/csv"
	"html"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/intake"
)

// reportEnv is the compliance report's fixture: team Alfa with six items
// of mixed kinds and fates in the first quarter of 2026 (and two just
// outside it), team Beeta with six, seen on 15 April 2026 at noon.
type reportEnv struct {
	*testEnv
	alfa, beeta *access.Team
	worker      *testUser
}

// at is a Helsinki wall-clock time.
func helsinkiAt(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Helsinki)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// step is one triage step taken on an item.
type reportStep func(it *intake.Item, by string) (intake.Event, error)

func urgencyStep(when string, u intake.Urgency) func(*testing.T) reportStep {
	return func(t *testing.T) reportStep {
		return func(it *intake.Item, by string) (intake.Event, error) {
			return it.AssessUrgency(by, helsinkiAt(t, when), u, "arvio")
		}
	}
}

func closeStep(when string, outcome intake.Status) func(*testing.T) reportStep {
	return func(t *testing.T) reportStep {
		return func(it *intake.Item, by string) (intake.Event, error) {
			return it.Close(by, helsinkiAt(t, when), outcome, "syy")
		}
	}
}

func assignStep(when string) func(*testing.T) reportStep {
	return func(t *testing.T) reportStep {
		return func(it *intake.Item, by string) (intake.Event, error) { return it.Assign(by, helsinkiAt(t, when), by) }
	}
}

// addItem stores an item opened at opened with its statutory deadlines and
// takes the steps on it.
func (e *reportEnv) addItem(team string, kind intake.Kind, s intake.Subject, opened string, steps ...func(*testing.T) reportStep) {
	t := e.t
	t.Helper()
	o := helsinkiAt(t, opened)
	it := &intake.Item{Kind: kind, Source: intake.SourceStaff, OpenedAt: o, RecordedAt: o, Municipality: "Pori",
		TargetGroup: intake.TargetGroupFor(kind, s, calendar.DateOf(o)), TeamID: team, Routed: true, Subject: s,
		Concern: "huoli", Deadlines: intake.ComputeDeadlines(kind, s, o), Triage: intake.Triage{Status: intake.StatusReceived}}
	if err := e.db.CreateIntakeItem(e.ctx(), it, nil); err != nil {
		t.Fatal(err)
	}
	for _, mk := range steps {
		ev, err := mk(t)(it, e.worker.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.db.SaveIntakeTriage(e.ctx(), it, ev); err != nil {
			t.Fatal(err)
		}
	}
}

func newReportEnv(t *testing.T) *reportEnv {
	t.Helper()
	e := &reportEnv{testEnv: newEnv(t, "sqlite", Config{})}
	e.alfa = e.newTeam("Alfa", []string{"Pori"}, access.TargetWorkingAge)
	e.beeta = e.newTeam("Beeta", []string{"Ulvila"}, access.TargetWorkingAge)
	e.worker = e.newUser(access.RoleSocialWorker, withTeams(e.alfa.ID, e.beeta.ID))
	adult, child := intake.Subject{}, intake.Subject{Child: true}
	older := intake.Subject{BirthDate: calendar.Date{Year: 1940, Month: time.January, Day: 1}}
	a, b := e.alfa.ID, e.beeta.ID

	// Alfa. Urgency: due at the end of the opening day.
	e.addItem(a, intake.KindHelpRequest, adult, "2026-02-02 09:00", // met (1 h), decided in 24 h
		urgencyStep("2026-02-02 10:00", intake.UrgencyNotUrgent), closeStep("2026-02-03 09:00", intake.StatusGuidanceGiven))
	e.addItem(a, intake.KindHelpRequest, adult, "2026-02-02 10:00", // missed (24 h), decided in 48 h
		urgencyStep("2026-02-03 10:00", intake.UrgencyNotUrgent), closeStep("2026-02-04 10:00", intake.StatusNoAction))
	// A child's matters: decision due 13.2. (7 arkipäivää), assessment 4.5.
	e.addItem(a, intake.KindChildWelfare, child, "2026-02-04 09:00", // urgency met (30 min), decision met (6 days), assessment open
		urgencyStep("2026-02-04 09:30", intake.UrgencyNotUrgent), closeStep("2026-02-10 09:00", intake.StatusAssessmentStarted))
	e.addItem(a, intake.KindChildWelfare, child, "2026-02-04 10:00", // urgency met (1 h), decision missed (16 days)
		urgencyStep("2026-02-04 11:00", intake.UrgencyUrgent), closeStep("2026-02-20 10:00", intake.StatusGuidanceGiven))
	// An older person: the assessment starts by 11.3., and has not.
	e.addItem(a, intake.KindElderly, older, "2026-03-02 09:00",
		urgencyStep("2026-03-02 09:15", intake.UrgencyNotUrgent), assignStep("2026-03-02 10:00"))
	// Late on the last evening, never assessed: missed at the day's end.
	e.addItem(a, intake.KindPhone, adult, "2026-03-31 23:00")
	// Outside the quarter.
	e.addItem(a, intake.KindPhone, adult, "2025-12-31 23:59")
	e.addItem(a, intake.KindHelpRequest, adult, "2026-04-01 00:00", urgencyStep("2026-04-01 08:00", intake.UrgencyNotUrgent))

	// Beeta: five help requests assessed in 2 h, a call assessed a day late.
	for _, opened := range []string{"2026-01-12 09:00", "2026-01-12 10:00", "2026-01-12 11:00", "2026-01-12 12:00", "2026-01-12 13:00"} {
		o := helsinkiAt(t, opened)
		e.addItem(b, intake.KindHelpRequest, adult, opened, urgencyStep(o.Add(2*time.Hour).Format("2006-01-02 15:04"), intake.UrgencyNotUrgent))
	}
	e.addItem(b, intake.KindPhone, adult, "2026-01-13 09:00", urgencyStep("2026-01-14 09:00", intake.UrgencyNotUrgent))

	e.setNow("2026-04-15 12:00")
	return e
}

var (
	tableRow  = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	tableCell = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
)

// table returns the text of the cells of the table with the caption id,
// row by row, the header row first; nil when there is no such table.
func htmlTable(body, captionID string) [][]string {
	start := strings.Index(body, `<caption id="`+captionID+`">`)
	if start < 0 {
		return nil
	}
	end := strings.Index(body[start:], "</table>")
	var out [][]string
	for _, row := range tableRow.FindAllStringSubmatch(body[start:start+end], -1) {
		var cells []string
		for _, c := range tableCell.FindAllStringSubmatch(row[1], -1) {
			cells = append(cells, strings.TrimSpace(html.UnescapeString(anyTag.ReplaceAllString(c[1], ""))))
		}
		out = append(out, cells)
	}
	return out
}

func wantTable(t *testing.T, r *resp, captionID string, want [][]string) {
	t.Helper()
	if got := htmlTable(r.Body, captionID); !reflect.DeepEqual(got, want) {
		t.Errorf("table %s:\n got  %q\n want %q", captionID, got, want)
	}
}

const nbsp = "\u00a0"

func TestIntakeReportTeamLead(t *testing.T) {
	t.Parallel()
	e := newReportEnv(t)
	lead := e.newUser(access.RoleTeamLead, withTeams(e.alfa.ID))
	b := e.browser()
	b.signInAs(lead, true)

	// The default period is the last full quarter; a team lead sees their
	// own team only, every count shown.
	r := b.get("/intake/report?lang=fi")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `value="2026-01-01"`, `value="2026-03-31"`, "Kaikki tiimit, 1.1.2026–31.3.2026", "Tilanne 15.4.2026 klo 12.00")
	if strings.Contains(r.Body, "Beeta") || strings.Contains(r.Body, "&lt; 5") || strings.Contains(r.Body, e.T("fi", "intake_report.suppressed")) {
		t.Error("a team lead's report shows another team or hides counts")
	}
	head := []string{"Tiimi", "Määräajassa", "Myöhässä", "Avoinna", "Osuus määräajassa"}
	wantTable(t, r, "ir-urgency_assessment-caption", [][]string{head, {"Alfa", "4", "2", "0", "66,7" + nbsp + "%"}})
	wantTable(t, r, "ir-decision-caption", [][]string{head, {"Alfa", "1", "1", "0", "50,0" + nbsp + "%"}})
	wantTable(t, r, "ir-assessment_start-caption", [][]string{head, {"Alfa", "0", "1", "0", "0,0" + nbsp + "%"}})
	wantTable(t, r, "ir-assessment-caption", [][]string{head, {"Alfa", "0", "0", "1", "–"}})
	wantContains(t, r, `<meter min="0" max="100" value="67" aria-hidden="true"></meter>`)
	// Medians: 15 min, 30 min, 1 h, 1 h, 24 h; and 24 h, 48 h, 6 and 16 days.
	wantTable(t, r, "ir-times-caption", [][]string{{"Tiimi", "Kiireellisyyden arviointiin", "Ratkaisuun"}, {"Alfa", "1 h", "4 vrk"}})
	kindsHead := []string{"Tiimi"}
	for _, k := range intake.Kinds {
		kindsHead = append(kindsHead, e.T("fi", "intake.kind."+string(k)))
	}
	kindsHead = append(kindsHead, "Yhteensä")
	// Help requests, calls, SHL 35 § twice, LsL 25 §, 25 a §, 25 c §, VPL 25 §, all.
	wantTable(t, r, "ir-kinds-caption", [][]string{kindsHead, {"Alfa", "2", "1", "0", "0", "2", "0", "0", "1", "6"}})
	wantContains(t, r, `href="/intake/report.csv?from=2026-01-01&amp;to=2026-03-31"`)

	// Another team's id is not in the lead's scope.
	r = b.get("/intake/report?lang=en&team=" + e.beeta.ID)
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("en", "error.unknown_code"))

	// A lead of no team gets a notice, not an empty report.
	b = e.browser()
	b.signInAs(e.newUser(access.RoleTeamLead), true)
	r = b.get("/intake/report?lang=sv")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("sv", "intake_report.no_teams"))
}

func TestIntakeReportSuppression(t *testing.T) {
	t.Parallel()
	e := newReportEnv(t)
	analyst := e.newUser(access.RoleAnalyst)
	b := e.browser()
	b.signInAs(analyst, true)
	r := b.get("/intake/report?lang=en&from=2026-01-01&to=2026-03-31")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("en", "intake_report.suppressed"), e.html("en", "intake_report.legend.hidden"))
	head := []string{"Team", "In time", "Late", "Open", "Share in time"}
	// Alfa's 4 and 2 are small; so Beeta's 1 late. The total in time, 9,
	// less Beeta's 5 would give Alfa's 4 back: hidden too.
	wantTable(t, r, "ir-urgency_assessment-caption", [][]string{head,
		{"Alfa", "< 5", "< 5", "0", "hidden"},
		{"Beeta", "5", "< 5", "0", "hidden"},
		{"All teams together", "hidden", "< 5", "0", "hidden"}})
	wantTable(t, r, "ir-assessment-caption", [][]string{head,
		{"Alfa", "0", "0", "< 5", "–"},
		{"Beeta", "0", "0", "0", "–"},
		{"All teams together", "0", "0", "< 5", "–"}})
	// A median of four items is hidden, of five shown.
	wantTable(t, r, "ir-times-caption", [][]string{{"Team", "To the urgency assessment", "To the decision"},
		{"Alfa", "1 h", "hidden"}, {"Beeta", "2 h", "–"}, {"All teams together", "2 h", "hidden"}})
	kinds := htmlTable(r.Body, "ir-kinds-caption")
	if len(kinds) != 4 || !reflect.DeepEqual(kinds[1:], [][]string{
		{"Alfa", "< 5", "< 5", "0", "0", "< 5", "0", "0", "< 5", "6"},
		{"Beeta", "5", "< 5", "0", "0", "0", "0", "0", "0", "6"},
		{"All teams together", "hidden", "< 5", "0", "0", "< 5", "0", "0", "< 5", "12"}}) {
		t.Errorf("kinds table %q", kinds)
	}

	// The same as CSV.
	r = b.get("/intake/report.csv?from=2026-01-01&to=2026-03-31")
	wantStatus(t, r, http.StatusOK)
	if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); ct != "text/csv; charset=utf-8" ||
		cd != `attachment; filename="intake-deadlines-2026-01-01-2026-03-31.csv"` {
		t.Errorf("CSV headers %q %q", ct, cd)
	}
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantCSV := [][]string{
		{"row", "team", "from", "to", "items",
			"urgency_assessment_met", "urgency_assessment_missed", "urgency_assessment_open", "urgency_assessment_share",
			"decision_met", "decision_missed", "decision_open", "decision_share",
			"assessment_start_met", "assessment_start_missed", "assessment_start_open", "assessment_start_share",
			"assessment_met", "assessment_missed", "assessment_open", "assessment_share",
			"median_hours_to_urgency_assessment", "median_hours_to_decision",
			"kind_help_request", "kind_phone", "kind_shl35_consent", "kind_shl35_no_consent", "kind_child_welfare",
			"kind_child_welfare_joint", "kind_anticipatory_child_welfare", "kind_elderly"},
		{"team", "Alfa", "2026-01-01", "2026-03-31", "6", "<5", "<5", "0", "suppressed", "<5", "<5", "0", "suppressed",
			"0", "<5", "0", "suppressed", "0", "0", "<5", "", "1.0", "suppressed", "<5", "<5", "0", "0", "<5", "0", "0", "<5"},
		{"team", "Beeta", "2026-01-01", "2026-03-31", "6", "5", "<5", "0", "suppressed", "0", "0", "0", "",
			"0", "0", "0", "", "0", "0", "0", "", "2.0", "", "5", "<5", "0", "0", "0", "0", "0", "0"},
		{"all", "", "2026-01-01", "2026-03-31", "12", "suppressed", "<5", "0", "suppressed", "<5", "<5", "0", "suppressed",
			"0", "<5", "0", "suppressed", "0", "0", "<5", "", "2.0", "suppressed", "suppressed", "<5", "0", "0", "<5", "0", "0", "<5"},
	}
	if !reflect.DeepEqual(rows, wantCSV) {
		t.Errorf("CSV:\n got  %q\n want %q", rows, wantCSV)
	}

	// An administrator in team Alfa sees Alfa's counts; Beeta's small ones
	// stay hidden, and the total is safe to show when no part is hidden.
	admin := e.newUser(access.RoleAdmin, withTeams(e.alfa.ID))
	b = e.browser()
	b.signInAs(admin, true)
	r = b.get("/intake/report?lang=en")
	wantStatus(t, r, http.StatusOK)
	wantTable(t, r, "ir-urgency_assessment-caption", [][]string{head,
		{"Alfa", "4", "2", "0", "66.7%"},
		{"Beeta", "5", "< 5", "0", "hidden"},
		{"All teams together", "9", "< 5", "0", "hidden"}})
	// One team chosen: its row only, unsuppressed for its own member.
	r = b.get("/intake/report?lang=en&team=" + e.alfa.ID)
	wantStatus(t, r, http.StatusOK)
	wantTable(t, r, "ir-urgency_assessment-caption", [][]string{head, {"Alfa", "4", "2", "0", "66.7%"}})
	if strings.Contains(r.Body, e.html("en", "intake_report.suppressed")) {
		t.Error("an own team's report says counts are hidden")
	}
}

func TestIntakeReportBadFilters(t *testing.T) {
	t.Parallel()
	e := newReportEnv(t)
	b := e.browser()
	b.signInAs(e.newUser(access.RoleAnalyst), true)
	for _, tc := range []struct {
		query, field, key string
	}{
		{"from=2026-13-01&to=2026-03-31", "from", "error.date"},
		{"from=2026-01-01", "to", "error.date"},
		{"from=2026-03-01&to=2026-01-31", "to", "error.period_order"},
		{"from=2025-01-01&to=2026-03-31", "to", "error.period_too_long"},
		{"team=no-such-team", "team", "error.unknown_code"},
	} {
		for _, lang := range Languages {
			r := b.get("/intake/report?lang=" + lang + "&" + tc.query)
			wantStatus(t, r, http.StatusBadRequest)
			wantContains(t, r, `href="#ir-`+tc.field+`"`, e.html(lang, tc.key), `id="ir-`+tc.field+`-error"`)
			if strings.Contains(r.Body, `id="ir-summary-h"`) {
				t.Errorf("%s: a report beside the errors", tc.query)
			}
		}
		r := b.get("/intake/report.csv?" + tc.query)
		wantStatus(t, r, http.StatusBadRequest)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("%s: CSV for bad filters", tc.query)
		}
	}
}

func TestLastFullQuarter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ today, from, to string }{
		{"2026-04-15", "2026-01-01", "2026-03-31"},
		{"2026-01-01", "2025-10-01", "2025-12-31"},
		{"2026-03-31", "2025-10-01", "2025-12-31"},
		{"2026-07-01", "2026-04-01", "2026-06-30"},
		{"2026-12-31", "2026-07-01", "2026-09-30"},
	} {
		today, _ := calendar.ParseDate(tc.today)
		from, to := lastFullQuarter(today)
		if from.String() != tc.from || to.String() != tc.to {
			t.Errorf("%s: %s–%s, want %s–%s", tc.today, from, to, tc.from, tc.to)
		}
	}
}

func TestExposes(t *testing.T) {
	t.Parallel()
	shown := func(n int) reportCount { return reportCount{N: n} }
	hidden := func(n int) reportCount { return reportCount{N: n, Hidden: true, Small: true} }
	for _, tc := range []struct {
		total int
		parts []reportCount
		want  bool
	}{
		{10, []reportCount{shown(5), shown(5)}, false},
		{9, []reportCount{shown(5), hidden(4)}, true},
		{5, []reportCount{hidden(2), hidden(3)}, false},
		{2, []reportCount{hidden(1), hidden(1)}, true},
		{8, []reportCount{hidden(4), hidden(4)}, true},
		{13, []reportCount{shown(5), hidden(4), hidden(4)}, true},
		{12, []reportCount{shown(5), hidden(4), hidden(3)}, false},
		{0, []reportCount{shown(0), shown(0)}, false},
	} {
		if got := exposes(tc.total, tc.parts); got != tc.want {
			t.Errorf("exposes(%d, %v) = %v", tc.total, tc.parts, got)
		}
	}
}

func TestDurationText(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	for _, tc := range []struct {
		d      time.Duration
		fi, en string
	}{
		{0, "0 min", "0 min"},
		{59*time.Minute + 40*time.Second, "1 h", "1 h"},
		{90 * time.Minute, "1 h 30 min", "1 h 30 min"},
		{47*time.Hour + 59*time.Minute, "47 h 59 min", "47 h 59 min"},
		{48 * time.Hour, "2 vrk", "2 days"},
		{84 * time.Hour, "3,5 vrk", "3.5 days"},
		{-time.Minute, "0 min", "0 min"},
	} {
		for lang, want := range map[string]string{"fi": tc.fi, "en": tc.en} {
			p := &Page{Lang: lang, cat: e.srv.cat}
			if got := durationText(p, tc.d); got != want {
				t.Errorf("%s in %s: %q, want %q", tc.d, lang, got, want)
			}
		}
	}
}
