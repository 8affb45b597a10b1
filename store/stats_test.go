package store_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"kynnys/calendar"
	"kynnys/encounter"
	"kynnys/store"
	"kynnys/store/storetest"
)

// expectedStats sums the facts of the encounters in q by hand: what the
// roll-ups, daily and monthly, must add up to.
func expectedStats(es map[string]*encounter.Encounter, q encounter.StatsQuery) *encounter.Stats {
	s := &encounter.Stats{Counts: map[string]map[string]int{}, Days: map[string]int{}}
	for _, e := range es {
		d := e.LocalDate()
		if d.Before(q.From) || d.After(q.To) || (q.ServicePointIDs != nil && !slices.Contains(q.ServicePointIDs, e.ServicePointID)) {
			continue
		}
		s.Days[d.String()]++
		for _, f := range e.Facts() {
			if s.Counts[f.Dimension] == nil {
				s.Counts[f.Dimension] = map[string]int{}
			}
			s.Counts[f.Dimension][f.Code]++
		}
	}
	return s
}

// TestEncounterStatsAcrossMonths: whole months come from the monthly
// roll-ups and the rest from the daily ones; whatever the period, the sums
// are the encounters', after updates that move encounters between months
// and points and after deletions.
func TestEncounterStatsAcrossMonths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		points := []string{mustPoint(t, db), mustPoint(t, db)}
		r := rand.New(rand.NewPCG(1, 2))
		topics := []string{"debt", "housing", "loneliness", "mental_health"}
		first := calendar.Date{Year: 2026, Month: time.January, Day: 20}
		random := func(e *encounter.Encounter) {
			d := first.AddDays(r.IntN(80)) // 20 January to 9 April
			e.ServicePointID = points[r.IntN(2)]
			e.StartedAt = d.Time(8+r.IntN(10), r.IntN(60), 0)
			e.Channel = encounter.Channels[r.IntN(len(encounter.Channels))]
			e.Topics = []string{topics[r.IntN(4)]}
			if r.IntN(2) == 0 {
				e.Topics = append(e.Topics, "daily_life")
			}
			e.Help = []string{"advice"}
			e.ReferredTo = nil
			if r.IntN(5) == 0 {
				e.ReferredTo = []string{"Kela"}
			}
		}
		live := map[string]*encounter.Encounter{}
		var batch []*encounter.Encounter
		for range 120 {
			e := anon(points[0], encounter.ChannelWalkIn, time.Time{})
			random(e)
			batch = append(batch, e)
		}
		mustNil(t, db.CreateEncounters(ctx, batch))
		for i, e := range batch {
			switch i % 6 {
			case 0: // moved to another day, maybe another month and point
				random(e)
				mustNil(t, db.UpdateEncounter(ctx, e))
			case 1:
				mustNil(t, db.DeleteEncounter(ctx, e.ID, "staff-1"))
				continue
			}
			live[e.ID] = e
		}

		d := func(s string) calendar.Date { return date(t, s) }
		for _, c := range []struct{ from, to string }{
			{"2026-01-01", "2026-12-31"}, // whole months, and empty ones
			{"2026-02-01", "2026-03-31"}, // whole months only
			{"2026-02-01", "2026-02-28"},
			{"2026-01-25", "2026-03-31"}, // part of January, then whole months
			{"2026-02-01", "2026-04-05"}, // whole months, then part of April
			{"2026-01-31", "2026-04-01"}, // a day of each edge month
			{"2026-02-10", "2026-02-20"}, // inside one month
			{"2026-03-15", "2026-03-15"},
			{"2025-12-01", "2026-01-31"}, // across a new year
		} {
			for _, ids := range [][]string{nil, points[:1], points} {
				q := encounter.StatsQuery{From: d(c.from), To: d(c.to), ServicePointIDs: ids}
				got, err := db.EncounterStats(ctx, q)
				mustNil(t, err)
				want := expectedStats(live, q)
				if !maps.EqualFunc(got.Counts, want.Counts, maps.Equal) || !maps.Equal(got.Days, want.Days) {
					t.Errorf("%s..%s at %d points:\n got %v %v\nwant %v %v", c.from, c.to, len(ids), got.Counts, got.Days, want.Counts, want.Days)
				}
			}
		}
	})
}

// TestStatsQueryPlans: every statistics query reads its table's primary
// key, and in its order: SQLite neither scans a whole table nor builds a
// temporary b-tree to group. (PostgreSQL's plan depends on the table's
// size and statistics; docs/statistics.md shows it for a year.)
func TestStatsQueryPlans(t *testing.T) {
	_, dsn := openMigrated(t, "sqlite")
	raw := openRaw(t, "sqlite", dsn)
	for _, q := range []encounter.StatsQuery{
		{From: date(t, "2025-01-01"), To: date(t, "2025-12-31")},
		{From: date(t, "2025-01-15"), To: date(t, "2025-03-10"), ServicePointIDs: []string{"a", "b"}},
		{From: date(t, "2025-06-01"), To: date(t, "2025-06-07"), ServicePointIDs: []string{"a"}},
	} {
		queries, args := store.StatsQueries(q)
		for i, query := range queries {
			rows, err := raw.Query("EXPLAIN QUERY PLAN "+query, args[i]...)
			mustNil(t, err)
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				mustNil(t, rows.Scan(&id, &parent, &unused, &detail))
				plan = append(plan, detail)
			}
			mustNil(t, rows.Err())
			rows.Close()
			text := strings.Join(plan, "; ")
			if !strings.Contains(text, "USING PRIMARY KEY") || strings.Contains(text, "TEMP B-TREE") || strings.Contains(text, "SCAN ") {
				t.Errorf("%s..%s query %d:\n%s\nplan: %s", q.From, q.To, i, query, text)
			}
			t.Logf("%s..%s query %d: %s", q.From, q.To, i, text)
		}
	}
}
