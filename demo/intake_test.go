package demo

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/hetu"
	"kynnys/intake"
	"kynnys/store"
	"kynnys/store/storetest"
)

func TestFakeHetu(t *testing.T) {
	for _, tc := range []struct {
		born       calendar.Date
		individual int
	}{{calendar.Date{Year: 1944, Month: 2, Day: 8}, 977}, {calendar.Date{Year: 2017, Month: 5, Day: 17}, 934},
		{calendar.Date{Year: 2000, Month: 1, Day: 1}, 900}, {calendar.Date{Year: 1999, Month: 12, Day: 31}, 999}} {
		code, err := hetu.Parse(fakeHetu(tc.born, tc.individual))
		if err != nil || code.BirthDate != tc.born || !code.Temporary {
			t.Errorf("fakeHetu(%s, %d) = %+v, %v; want a valid temporary code for that day", tc.born, tc.individual, code, err)
		}
	}
}

// demoTeams creates the demo teams and users in db.
func demoTeams(t *testing.T, db *store.DB) []access.Team {
	t.Helper()
	ctx := t.Context()
	teams := make([]access.Team, len(Teams))
	for i := range Teams {
		teams[i] = Teams[i]
		if err := db.CreateTeam(ctx, &teams[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range Users {
		var ids []string
		for _, i := range u.Teams {
			ids = append(ids, teams[i].ID)
		}
		if _, err := db.CreateUser(ctx, access.NewUser{Email: u.Email, Name: u.Name, Role: u.Role, TeamIDs: ids, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	return teams
}

// lastFullQuarter is the compliance report's default period, [from, to).
func lastFullQuarter(today calendar.Date) (from, to time.Time) {
	first := calendar.Date{Year: today.Year, Month: (today.Month-1)/3*3 + 1, Day: 1}
	prev := first.AddDays(-1)
	return calendar.Date{Year: prev.Year, Month: (prev.Month-1)/3*3 + 1, Day: 1}.StartOfDay(), first.StartOfDay()
}

// checkCompliance fails unless the items opened in the last full quarter
// before now met some and missed some of the urgency and decision deadlines.
func checkCompliance(t *testing.T, items []intake.Item, now time.Time) intake.Compliance {
	t.Helper()
	c := intake.BuildCompliance(items, now)
	if c.Items == 0 {
		t.Fatalf("no items in the last full quarter before %s", now)
	}
	for _, d := range c.Deadlines {
		if d.Deadline != intake.DeadlineUrgency && d.Deadline != intake.DeadlineDecision {
			continue
		}
		if share, ok := d.Share(); !ok || share <= 0 || share >= 1 {
			t.Errorf("%s: %d met, %d missed, %d open; want a share strictly between 0 and 1", d.Deadline, d.Met, d.Missed, d.Open)
		}
	}
	return c
}

// TestSeedIntake seeds the demo items on both engines on a Monday just
// after midnight (the hand-made items are dated by arkipäivät back from
// now, so "hours ago" is last week) and checks that the queues have
// something in every state for the demo users to try, and that the
// compliance report's default period has figures.
func TestSeedIntake(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		teams := demoTeams(t, db)
		now := time.Date(2026, 11, 23, 0, 30, 0, 0, calendar.Helsinki)
		started := time.Now()
		if err := seedIntake(ctx, db, teams, now); err != nil {
			t.Fatal(err)
		}
		t.Logf("seeded in %s", time.Since(started).Round(time.Millisecond))
		if got, err := db.DefaultIntakeTeam(ctx); err != nil || got != teams[DefaultIntakeTeam].ID {
			t.Fatalf("default intake team %q, %v", got, err)
		}
		users, err := db.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var items []intake.Item
		for _, tm := range teams {
			mine, err := db.IntakeQueue(ctx, intake.QueueFilter{TeamIDs: []string{tm.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if len(mine) == intake.MaxQueue {
				t.Fatalf("team %s has a full queue page; the checks below would miss items", tm.Name)
			}
			items = append(items, mine...)
		}
		if want := len(demoIntake(now, nil)) + len(generateIntake(teams, users, now, intakeTarget)); len(items) != want {
			t.Fatalf("%d items stored, want %d", len(items), want)
		}
		statuses := map[intake.Status]bool{}
		var overdue, urgent, near, unrouted int
		for i := range items {
			it := &items[i]
			statuses[it.Status] = true
			if it.Overdue(now) {
				overdue++
			}
			if it.Urgency == intake.UrgencyUrgent {
				urgent++
			}
			if _, due := it.NextDeadline(); due != nil && !it.Overdue(now) && intake.ArkipaivatLeft(*due, now) <= 2 {
				near++
			}
			if !it.Routed {
				unrouted++
			}
			if it.Subject.Hetu != "" {
				if code, err := hetu.Parse(it.Subject.Hetu); err != nil || !code.Temporary {
					t.Errorf("item %s: a code that is not a temporary one", it.Receipt)
				}
			}
			if it.TeamID == "" {
				t.Errorf("item %s is in no team's queue", it.Receipt)
			}
		}
		for _, s := range intake.Statuses {
			if !statuses[s] {
				t.Errorf("no demo item is %s", s)
			}
		}
		if overdue < 2 || urgent < 1 || near < 1 || unrouted < 1 {
			t.Errorf("%d overdue, %d urgent, %d near a deadline, %d unrouted: the demo should show each", overdue, urgent, near, unrouted)
		}
		// The team lead's teams have something to triage and something overdue.
		lead, err := db.UserByEmail(ctx, demoLead)
		if err != nil {
			t.Fatal(err)
		}
		mine, err := db.IntakeQueue(ctx, intake.QueueFilter{TeamIDs: lead.TeamIDs(), OverdueAt: now})
		if err != nil || len(mine) == 0 {
			t.Errorf("the demo team lead has no overdue items (%v)", err)
		}
		// The compliance report's default period has figures.
		var all []string
		for _, tm := range teams {
			all = append(all, tm.ID)
		}
		from, to := lastFullQuarter(calendar.DateOf(now))
		quarter, err := db.IntakeItemsOpened(ctx, all, from, to)
		if err != nil {
			t.Fatal(err)
		}
		checkCompliance(t, quarter, now)
	})
}

// memIntake is an intake store in memory, for checking the generated year
// at many moments without a database.
type memIntake struct {
	users []access.User
	mu    sync.Mutex
	items map[string]*intake.Item
	steps map[string][]intake.Event
}

func (m *memIntake) CreateIntakeItem(_ context.Context, it *intake.Item, events []intake.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	it.ID = fmt.Sprint(len(m.items))
	c := *it
	m.items[it.ID], m.steps[it.ID] = &c, events
	return nil
}

func (m *memIntake) SaveIntakeTriage(_ context.Context, it *intake.Item, ev intake.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *it
	m.items[it.ID], m.steps[it.ID] = &c, append(m.steps[it.ID], ev)
	return nil
}

// memDemo is the demo teams and users with made-up ids, in memory.
func memDemo() ([]access.Team, *memIntake) {
	teams := make([]access.Team, len(Teams))
	for i := range Teams {
		teams[i] = Teams[i]
		teams[i].ID = fmt.Sprint("team", i)
	}
	m := &memIntake{items: map[string]*intake.Item{}, steps: map[string][]intake.Event{}}
	for i, u := range Users {
		au := access.User{ID: fmt.Sprint("user", i), Email: u.Email, Name: u.Name, Role: u.Role, Active: true}
		for _, j := range u.Teams {
			au.Teams = append(au.Teams, teams[j])
		}
		m.users = append(m.users, au)
	}
	return teams, m
}

// TestIntakeYear checks the full generated year (also under -race, where
// the demo seeds less) at moments across the calendar
// (quarter turns, holidays, a weekend night): a few hundred items in
// realistic mixes, opened mostly in office hours, handled mostly in time
// with a few late, some still open, every outcome reached, and nothing
// dated after now.
func TestIntakeYear(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 11, 23, 0, 30, 0, 0, calendar.Helsinki), // a Monday night
		time.Date(2026, 10, 1, 0, 5, 0, 0, calendar.Helsinki),   // just after a quarter ended
		time.Date(2027, 1, 1, 12, 0, 0, 0, calendar.Helsinki),   // New Year's Day
		time.Date(2026, 6, 19, 15, 0, 0, 0, calendar.Helsinki),  // Midsummer Eve
		time.Date(2027, 4, 6, 9, 0, 0, 0, calendar.Helsinki),    // after Easter
	} {
		t.Run(now.Format("2006-01-02T15:04"), func(t *testing.T) {
			teams, m := memDemo()
			generated := generateIntake(teams, m.users, now, intakeYearTarget)
			if n := len(generated); n < 400 || n > 600 {
				t.Errorf("%d items generated, want a few hundred (400–600)", n)
			}
			if again := generateIntake(teams, m.users, now, intakeYearTarget); len(again) != len(generated) || !again[len(again)-1].opened.Equal(generated[len(generated)-1].opened) {
				t.Error("the same day gives a different year")
			}
			ids := map[string]string{}
			for _, u := range m.users {
				ids[u.Email] = u.ID
			}
			if err := storeIntake(t.Context(), m, generated, teams, ids, now); err != nil {
				t.Fatal(err)
			}
			kinds := map[intake.Kind]int{}
			outcomes := map[intake.Status]bool{}
			perTeam := map[string]int{}
			var items []intake.Item
			var office, coded, openRecent int
			recent := now.AddDate(0, 0, -14)
			for id, it := range m.items {
				items = append(items, *it)
				kinds[it.Kind]++
				outcomes[it.Status] = true
				perTeam[it.TeamID]++
				if d := calendar.DateOf(it.OpenedAt); calendar.IsArkipaiva(d) && !it.OpenedAt.Before(d.Time(8, 0, 0)) && it.OpenedAt.Before(d.Time(16, 0, 0)) {
					office++
				}
				if it.Subject.Hetu != "" {
					coded++
					if code, err := hetu.Parse(it.Subject.Hetu); err != nil || !code.Temporary {
						t.Errorf("item %s: a code that is not a temporary one", id)
					}
				}
				if it.OpenedAt.After(recent) && !it.Status.Closed() {
					openRecent++
				}
				if it.RecordedAt.Before(it.OpenedAt) || it.RecordedAt.After(now) {
					t.Errorf("item %s opened %s, recorded %s", id, it.OpenedAt, it.RecordedAt)
				}
				for _, ev := range m.steps[id] {
					if ev.At.After(now) || ev.At.Before(it.OpenedAt) {
						t.Errorf("item %s opened %s has a %s event at %s", id, it.OpenedAt, ev.Type, ev.At)
					}
				}
			}
			if rare := max(kinds[intake.KindAnticipatory], kinds[intake.KindElderly]); !(min(kinds[intake.KindHelpRequest], kinds[intake.KindPhone]) > kinds[intake.KindChildWelfare] &&
				kinds[intake.KindChildWelfare] > rare && rare > 0) {
				t.Errorf("kinds %v: want help requests and calls most, child welfare notifications next, anticipatory and elderly fewer", kinds)
			}
			if share := float64(office) / float64(len(items)); share < 0.7 {
				t.Errorf("%.0f %% opened in office hours, want most", 100*share)
			}
			if share := float64(coded) / float64(len(items)); share > 0.2 {
				t.Errorf("%.0f %% with an identity code, want most with a birth date or nothing", 100*share)
			}
			for _, s := range intake.Outcomes {
				if !outcomes[s] {
					t.Errorf("no item ended %s", s)
				}
			}
			if openRecent == 0 {
				t.Error("nothing opened in the last two weeks is still open")
			}
			for id := range triageTeams(teams, m.users) {
				if perTeam[id] == 0 {
					t.Errorf("team %s has no items", id)
				}
			}
			from, to := lastFullQuarter(calendar.DateOf(now))
			var quarter []intake.Item
			for _, it := range items {
				if !it.OpenedAt.Before(from) && it.OpenedAt.Before(to) {
					quarter = append(quarter, it)
				}
			}
			c := checkCompliance(t, quarter, now)
			for _, d := range c.Deadlines {
				share, _ := d.Share()
				if (d.Deadline == intake.DeadlineUrgency && share < 0.6) || (d.Deadline == intake.DeadlineDecision && share < 0.75) {
					t.Errorf("%s: %.0f %% in time, want most", d.Deadline, 100*share)
				}
			}
			if c.MedianToUrgency > 4*time.Hour {
				t.Errorf("median time to the urgency assessment %s, want within hours", c.MedianToUrgency)
			}
		})
	}
}
