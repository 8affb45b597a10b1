package web

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/encounter"
	"kynnys/store"
)

// The scale proof of the statistics (issue 4): a county's year of a million
// encounters, read as the statistics page, the XLSX export and the API's
// report, through the whole server. docs/statistics.md has the figures.
//
//	go test -run '^$' -bench StatisticsYear -count 5 ./web
//
// Seeding the year through store.CreateEncounters (so the roll-ups are the
// ones real writes leave) takes a minute or so, so the database is kept in the
// temporary directory, named by schema version and by yearGenVersion, and
// reused by later runs; delete the file to seed afresh.

const (
	yearEncounters = 1_000_000
	yearPoints     = 40
	yearTeams      = 4
	// yearGenVersion names the generator below: change it with the generator.
	yearGenVersion = 1
)

// yearFirst is the first day of the seeded year.
var yearFirst = calendar.Date{Year: 2025, Month: time.January, Day: 1}

// yearDB is a migrated SQLite database holding the year: yearPoints points
// in yearTeams teams, a team lead of every team and an analyst.
type yearDB struct {
	db                          *store.DB
	leadID, analystID           string
	busiestPoint                string
	leadSession, analystSession string
}

func openYearDB(b *testing.B) *yearDB {
	b.Helper()
	ctx := b.Context()
	dir := filepath.Join(os.TempDir(), "kynnys-bench")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	probe, err := store.Open(ctx, filepath.Join(b.TempDir(), "probe.db"))
	if err != nil {
		b.Fatal(err)
	}
	version, err := probe.LatestVersion()
	probe.Close()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("stats-year-s%d-g%d.db", version, yearGenVersion))
	_, statErr := os.Stat(path)
	fresh := os.IsNotExist(statErr)
	if fresh {
		// A half-seeded file from an interrupted run is never reused: seed
		// into a temporary name and rename at the end.
		tmp := path + ".seeding"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			_ = os.Remove(tmp + suffix)
		}
		if err := seedYear(ctx, b, tmp); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	y := &yearDB{db: db}
	users, err := db.Users(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range users {
		switch u.Role {
		case access.RoleTeamLead:
			y.leadID = u.ID
		case access.RoleAnalyst:
			y.analystID = u.ID
		}
	}
	points, err := db.ServicePoints(ctx, directory.Filter{})
	if err != nil {
		b.Fatal(err)
	}
	for _, sp := range points {
		if sp.Name.FI == "Piste 00" {
			y.busiestPoint = sp.ID
		}
	}
	if y.leadID == "" || y.analystID == "" || y.busiestPoint == "" {
		b.Fatalf("the cached database %s is not the benchmark's: delete it", path)
	}
	for _, s := range []struct {
		user  string
		token *string
	}{{y.leadID, &y.leadSession}, {y.analystID, &y.analystSession}} {
		if *s.token, _, err = db.CreateSession(ctx, s.user, true); err != nil {
			b.Fatal(err)
		}
	}
	total, err := db.EncounterStats(ctx, encounter.StatsQuery{From: yearFirst, To: yearFirst.AddDays(364)})
	if err != nil {
		b.Fatal(err)
	}
	if total.Total() != yearEncounters {
		b.Fatalf("the cached database %s holds %d encounters, not %d: delete it", path, total.Total(), yearEncounters)
	}
	return y
}

// weightedCodes are codes with relative frequencies.
type weightedCodes struct {
	codes   []string
	cumul   []float64
	weights float64
}

func newWeighted(codes []string, weight func(i int) float64) *weightedCodes {
	w := &weightedCodes{codes: codes}
	for i := range codes {
		w.weights += weight(i)
		w.cumul = append(w.cumul, w.weights)
	}
	return w
}

func (w *weightedCodes) pick(r *rand.Rand) string {
	x := r.Float64() * w.weights
	for i, c := range w.cumul {
		if x < c {
			return w.codes[i]
		}
	}
	return w.codes[len(w.codes)-1]
}

// pickN picks up to n distinct codes.
func (w *weightedCodes) pickN(r *rand.Rand, n int) []string {
	var out []string
	for tries := 0; len(out) < n && tries < 10; tries++ {
		c := w.pick(r)
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// seedYear writes the county and its year of encounters to a new SQLite
// file. Points differ in size (the busiest sees some twenty times the
// quietest), weekends are quiet, and the mixes of topics, help, age bands
// and partners are skewed as real ones are, so that single points and
// quiet days have small cells for the suppression to work on.
func seedYear(ctx context.Context, b *testing.B, path string) error {
	start := time.Now()
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	hash, err := access.HashPasswordWith(cheapParams, testPassword)
	if err != nil {
		return err
	}
	var teamIDs []string
	for i := range yearTeams {
		t := &access.Team{Name: fmt.Sprintf("Tiimi %d", i), Municipalities: []string{"Pori"}}
		if err := db.CreateTeam(ctx, t); err != nil {
			return err
		}
		teamIDs = append(teamIDs, t.ID)
	}
	for _, nu := range []access.NewUser{
		{Email: "lead@bench.test", Name: "Lead", Role: access.RoleTeamLead, TeamIDs: teamIDs, PasswordHash: hash},
		{Email: "analyst@bench.test", Name: "Analyst", Role: access.RoleAnalyst, PasswordHash: hash},
	} {
		if _, err := db.CreateUser(ctx, nu); err != nil {
			return err
		}
	}
	var points []string
	for i := range yearPoints {
		name := fmt.Sprintf("Piste %02d", i)
		sp := &directory.ServicePoint{Kind: directory.KindMeetingPlace, TeamID: teamIDs[i%yearTeams], Municipality: "Pori",
			Name:         directory.Localized{FI: name, SV: name, EN: name},
			Description:  directory.Localized{FI: "Kohtaamispaikka", SV: "Mötesplats", EN: "Meeting place"},
			TargetGroups: []access.TargetGroup{access.TargetWorkingAge}, AnonymousOK: true, Free: true, NoReferralNeeded: true,
			Hours: []directory.WeeklyHours{{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
				Opens: 8 * 60, Closes: 20 * 60}}}
		if err := db.CreateServicePoint(ctx, sp, directory.Editor{Name: "bench"}); err != nil {
			return err
		}
		points = append(points, sp.ID)
	}
	vocab, err := db.Vocabulary(ctx)
	if err != nil {
		return err
	}
	codes := func(kind encounter.VocabularyKind) []string {
		var out []string
		for _, e := range vocab.Of(kind) {
			out = append(out, e.Code)
		}
		return out
	}
	zipf := func(s float64) func(int) float64 {
		return func(i int) float64 { return 1 / float64(i+1) / (1 + s*float64(i)) }
	}
	pointMix := newWeighted(points, func(i int) float64 { return 1 / (1 + 0.5*float64(i)) })
	topicMix := newWeighted(codes(encounter.KindTopic), zipf(0.1))
	helpMix := newWeighted(codes(encounter.KindHelp), zipf(0.2))
	ageMix := newWeighted(append([]string{""}, codes(encounter.KindAgeBand)...), func(i int) float64 { return []float64{12, 2, 20, 28, 28, 7, 3, 1, 1}[min(i, 8)] })
	var hourCodes []string
	for h := 7; h < 21; h++ {
		hourCodes = append(hourCodes, strconv.Itoa(h))
	}
	hourMix := newWeighted(hourCodes, func(i int) float64 { return []float64{1, 6, 10, 14, 14, 12, 11, 10, 8, 6, 4, 3, 2, 1}[i] })
	channelMix := newWeighted([]string{"walk_in", "phone", "outreach", "chat"}, func(i int) float64 { return []float64{70, 22, 5, 3}[i] })
	partnerMix := newWeighted([]string{"Kela", "TE-palvelut", "Järjestö", "Ulosotto", "DVV", "Seurakunta", "Kriisikeskus", "Nuorisopalvelut"}, zipf(0.3))
	alreadyMix := newWeighted([]string{"no", "yes", "unknown"}, func(i int) float64 { return []float64{65, 20, 15}[i] })

	// Daily counts: weekends at a fraction of weekdays, rounded so that the
	// year adds up to exactly yearEncounters.
	dayWeight := func(d calendar.Date) float64 {
		switch d.Weekday() {
		case time.Saturday:
			return 0.3
		case time.Sunday:
			return 0.15
		}
		return 1
	}
	var sum float64
	for i := range 365 {
		sum += dayWeight(yearFirst.AddDays(i))
	}
	r := rand.New(rand.NewPCG(4, yearGenVersion))
	written, carry := 0, 0.0
	for i := range 365 {
		day := yearFirst.AddDays(i)
		exact := float64(yearEncounters)*dayWeight(day)/sum + carry
		n := int(exact)
		carry = exact - float64(n)
		if i == 364 {
			n = yearEncounters - written
		}
		batch := make([]*encounter.Encounter, 0, n)
		for range n {
			h, _ := strconv.Atoi(hourMix.pick(r))
			at := time.Date(day.Year, day.Month, day.Day, h, r.IntN(60), 0, 0, calendar.Helsinki)
			e := &encounter.Encounter{ServicePointID: pointMix.pick(r), StaffID: "bench-staff", StartedAt: at,
				Channel: encounter.Channel(channelMix.pick(r)), DurationMin: 5 + r.IntN(55),
				Anonymous: r.Float64() < 0.85, AgeBand: ageMix.pick(r), AlreadyClient: alreadyMix.pick(r),
				ContinuedToServices: r.Float64() < 0.15, FirstVisit: r.Float64() < 0.6}
			e.Topics = topicMix.pickN(r, 1+r.IntN(2)+r.IntN(2))
			e.Help = helpMix.pickN(r, 1+r.IntN(2))
			if r.Float64() < 0.12 {
				e.ReferredTo = partnerMix.pickN(r, 1+r.IntN(2))
			}
			// As if logged the same day: the year is older than logging allows.
			if err := e.Validate(vocab, at.Add(time.Hour)); err != nil {
				return fmt.Errorf("generated encounter: %w", err)
			}
			batch = append(batch, e)
		}
		if err := db.CreateEncounters(ctx, batch); err != nil {
			return err
		}
		written += n
	}
	b.Logf("seeded %d encounters at %d points in %s", written, yearPoints, time.Since(start).Round(time.Second))
	return nil
}

// BenchmarkStatisticsYear renders the statistics of the seeded year: the
// page for the lead of every team (nothing hidden) and for an analyst (with
// suppression), one point's page, the XLSX export and the API's JSON report.
func BenchmarkStatisticsYear(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds a million encounters")
	}
	y := openYearDB(b)
	srv, err := New(Config{Logger: slog.New(slog.DiscardHandler)}, y.db)
	if err != nil {
		b.Fatal(err)
	}
	token, _, err := y.db.CreateAPIToken(b.Context(), y.analystID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	year := "from=2025-01-01&to=2025-12-31"
	for _, c := range []struct {
		name, path, session, bearer, want string
	}{
		{"page_team", "/staff/statistics?lang=fi&" + year, y.leadSession, "", "<h1>"},
		{"page_outside", "/staff/statistics?lang=fi&" + year, y.analystSession, "", "<h1>"},
		{"page_point_compare", "/staff/statistics?lang=fi&" + year + "&service_point=" + y.busiestPoint +
			"&compare_from=2025-01-01&compare_to=2025-06-30", y.leadSession, "", "<h1>"},
		{"xlsx_team", "/staff/statistics.xlsx?lang=fi&" + year, y.leadSession, "", "PK"},
		{"api_report", "/api/v1/reports/encounters?" + year, "", token, `"total":1000000`},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, c.path, nil)
				if c.session != "" {
					req.AddCookie(&http.Cookie{Name: sessionCookieName, Value: c.session})
				}
				if c.bearer != "" {
					req.Header.Set("Authorization", "Bearer "+c.bearer)
				}
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), c.want) {
					b.Fatalf("%s: status %d", c.path, rec.Code)
				}
			}
		})
	}
}
