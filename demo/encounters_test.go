package demo

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/encounter"
	"kynnys/store"
	"kynnys/store/storetest"
)

// demoPoints are the demo places as stored: with ids and teams.
func demoPoints(now time.Time) ([]directory.ServicePoint, map[string][]string) {
	var points []directory.ServicePoint
	for i, p := range places(calendar.DateOf(now).Year) {
		sp := p.point
		sp.ID, sp.TeamID = fmt.Sprintf("sp-%d", i), fmt.Sprintf("team-%d", p.team)
		points = append(points, sp)
	}
	staff := map[string][]string{}
	for i := range Teams {
		staff[fmt.Sprintf("team-%d", i)] = []string{fmt.Sprintf("user-%d", i)}
	}
	return points, staff
}

func TestGenerateEncounters(t *testing.T) {
	now := time.Date(2026, time.March, 18, 11, 30, 0, 0, calendar.Helsinki)
	points, staff := demoPoints(now)
	es := generateEncounters(points, staff, now)
	if n := len(es); n < yearTarget*9/10 || n > yearTarget*11/10 {
		t.Fatalf("%d encounters, want about %d", n, yearTarget)
	}
	if again := generateEncounters(points, staff, now); !reflect.DeepEqual(es, again) {
		t.Error("the same day gives different encounters")
	}

	byID := map[string]*directory.ServicePoint{}
	for i := range points {
		byID[points[i].ID] = &points[i]
	}
	vocab := &encounter.Vocabulary{Entries: encounter.DefaultVocabulary}
	var anonymous, notClient, continued int
	for _, e := range es {
		sp := byID[e.ServicePointID]
		open := false
		for _, iv := range sp.IntervalsOn(e.LocalDate()) {
			if !e.StartedAt.Before(iv.Start) && e.StartedAt.Before(iv.End) {
				open = true
			}
		}
		if !open {
			t.Fatalf("encounter at %s, %v: not within its opening hours", sp.Name.FI, e.StartedAt)
		}
		if e.StartedAt.After(now) {
			t.Fatalf("encounter in the future: %v", e.StartedAt)
		}
		if sp.Kind == directory.KindPhone && e.Channel != encounter.ChannelPhone {
			t.Fatalf("phone service encounter by %s", e.Channel)
		}
		if e.Anonymous && (e.Note != "" || e.ClientID != "") {
			t.Fatalf("anonymous encounter with personal data: %+v", e)
		}
		if e.StaffID != staff[sp.TeamID][0] {
			t.Fatalf("staff %q at a place of %s", e.StaffID, sp.TeamID)
		}
		if err := e.Validate(vocab, now); err != nil {
			t.Fatalf("invalid encounter %+v: %v", e, err)
		}
		if e.Anonymous {
			anonymous++
		}
		if e.AlreadyClient == "no" {
			notClient++
		}
		if e.ContinuedToServices {
			continued++
		}
	}
	share := func(n int) float64 { return float64(n) / float64(len(es)) }
	for name, got := range map[string][3]float64{
		"anonymous": {share(anonymous), 0.8, 0.9}, "not a client": {share(notClient), 0.6, 0.7}, "continued": {share(continued), 0.12, 0.18},
	} {
		if got[0] < got[1] || got[0] > got[2] {
			t.Errorf("%s share %.2f, want %.2f–%.2f", name, got[0], got[1], got[2])
		}
	}
}

func TestTeamStaffPrefersLoggers(t *testing.T) {
	lead := access.User{ID: "lead", Email: "a", Role: access.RoleTeamLead, Teams: []access.Team{{ID: "t1"}, {ID: "t2"}}}
	counsellor := access.User{ID: "c", Email: "b", Role: access.RoleSocialCounsellor, Teams: []access.Team{{ID: "t1"}}}
	worker := access.User{ID: "w", Email: "c", Role: access.RoleSocialWorker, Teams: []access.Team{{ID: "t3"}}}
	got := teamStaff([]access.Team{{ID: "t1"}, {ID: "t2"}, {ID: "t3"}, {ID: "t4"}}, []access.User{worker, lead, counsellor})
	want := map[string][]string{"t1": {"c"}, "t2": {"lead"}, "t3": {"w"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("teamStaff = %v, want %v", got, want)
	}
}

// TestSeededEncountersLoggedWhenTheyHappened: the desk's "recent entries"
// are what the counsellor logged in the last 24 h; seeded ones must count as
// logged when they happened, not when the demo was seeded.
func TestSeededEncountersLoggedWhenTheyHappened(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		team := access.Team{Name: "Pori"}
		if err := db.CreateTeam(ctx, &team); err != nil {
			t.Fatal(err)
		}
		u, err := db.CreateUser(ctx, access.NewUser{Email: "ohjaaja@example.fi", Name: "Olli", Role: access.RoleSocialCounsellor,
			TeamIDs: []string{team.ID}, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		sp := places(calendar.DateOf(now).Year)[0].point
		sp.TeamID = team.ID
		if err := db.CreateServicePoint(ctx, &sp, directory.Editor{Name: "demo"}); err != nil {
			t.Fatal(err)
		}
		// Those of the last 24 h and the 50 before them are enough.
		since := now.Add(-24 * time.Hour)
		es := generateEncounters([]directory.ServicePoint{sp}, map[string][]string{team.ID: {u.ID}}, now)
		slices.SortFunc(es, func(a, b *encounter.Encounter) int { return a.StartedAt.Compare(b.StartedAt) })
		first, _ := slices.BinarySearchFunc(es, since, func(e *encounter.Encounter, t time.Time) int { return e.StartedAt.Compare(t) })
		es = es[max(0, first-50):]
		want, older := map[string]bool{}, 0
		if err := db.CreateEncounters(ctx, es); err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.StartedAt.Before(since) {
				older++
			} else {
				want[e.ID] = true
			}
			if !e.CreatedAt.Equal(e.StartedAt) {
				t.Fatalf("encounter of %v logged at %v", e.StartedAt, e.CreatedAt)
			}
		}
		if older == 0 {
			t.Fatal("no seeded encounter older than a day: the test shows nothing")
		}
		recent, err := db.RecentEncounters(ctx, u.ID, since, len(es))
		if err != nil {
			t.Fatal(err)
		}
		if len(recent) != len(want) {
			t.Fatalf("%d recent entries, want the %d of the last 24 h (of %d seeded)", len(recent), len(want), len(es))
		}
		for _, e := range recent {
			if !want[e.ID] || !e.CreatedAt.Equal(e.StartedAt) {
				t.Fatalf("recent entry %+v", e)
			}
		}
	})
}
