package store_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kynnys/directory"
	"kynnys/encounter"
	"kynnys/store"
	"kynnys/store/storetest"
)

var channels = []encounter.Channel{encounter.ChannelWalkIn, encounter.ChannelPhone, encounter.ChannelOutreach, encounter.ChannelChat}

// createConcurrently calls CreateEncounter for every encounter at once and
// returns each call's error.
func createConcurrently(db *store.DB, es []*encounter.Encounter) []error {
	errs := make([]error, len(es))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, e := range es {
		wg.Go(func() {
			<-start
			errs[i] = db.CreateEncounter(context.Background(), e)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

func TestCreateEncounterConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		point := mustPoint(t, db)
		started := at(t, "2026-06-10T10:00:00+03:00")
		const n = 64
		es := make([]*encounter.Encounter, n)
		for i := range es {
			es[i] = anon(point, channels[i%len(channels)], started)
		}
		ids := map[string]bool{}
		for i, err := range createConcurrently(db, es) {
			if err != nil {
				t.Fatalf("encounter %d: %v", i, err)
			}
			ids[es[i].ID] = true
			got, err := db.Encounter(t.Context(), es[i].ID)
			mustNil(t, err)
			if got.Channel != es[i].Channel {
				t.Errorf("encounter %d: channel %s, want %s", i, got.Channel, es[i].Channel)
			}
		}
		if len(ids) != n {
			t.Fatalf("%d distinct ids, want %d", len(ids), n)
		}
		s := stats(t, db, "2026-06-10", "2026-06-10", nil)
		if s.Total() != n || s.Days["2026-06-10"] != n {
			t.Fatalf("total %d, days %v; want %d", s.Total(), s.Days, n)
		}
		for _, c := range channels {
			if got := s.Counts[encounter.DimChannel][string(c)]; got != n/len(channels) {
				t.Errorf("channel %s: %d, want %d", c, got, n/len(channels))
			}
		}
	})
}

// A bad encounter among concurrent good ones fails alone: the shared
// transaction is retried one by one.
func TestCreateEncounterBadOneFailsAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		point := mustPoint(t, db)
		started := at(t, "2026-06-10T10:00:00+03:00")
		good := 0
		for range 5 {
			es := make([]*encounter.Encounter, 40)
			for i := range es {
				es[i] = anon(point, encounter.ChannelWalkIn, started)
				if i%10 == 3 {
					es[i].ServicePointID = "no-such-point" // foreign key error
				}
			}
			for i, err := range createConcurrently(db, es) {
				if bad := i%10 == 3; bad != (err != nil) {
					t.Fatalf("encounter %d (bad %v): err %v", i, bad, err)
				}
				if err == nil {
					good++
				}
			}
		}
		if s := stats(t, db, "2026-06-10", "2026-06-10", nil); s.Total() != good {
			t.Fatalf("total %d, want %d", s.Total(), good)
		}
	})
}

// Close while writers are busy: every acknowledged encounter is stored,
// and writes after Close fail rather than hang.
func TestCloseKeepsAcknowledgedEncounters(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			db := openStore(t, dsn)
			_, err := db.Migrate(t.Context())
			mustNil(t, err)
			point := mustPoint(t, db)
			started := at(t, "2026-06-10T10:00:00+03:00")

			var mu sync.Mutex
			var acked []string
			var count atomic.Int64
			var wg sync.WaitGroup
			for range 32 {
				wg.Go(func() {
					for {
						e := anon(point, encounter.ChannelPhone, started)
						if err := db.CreateEncounter(context.Background(), e); err != nil {
							return
						}
						count.Add(1)
						mu.Lock()
						acked = append(acked, e.ID)
						mu.Unlock()
					}
				})
			}
			for count.Load() < 200 {
				time.Sleep(time.Millisecond)
			}
			mustNil(t, db.Close())
			wg.Wait()
			if err := db.CreateEncounter(t.Context(), anon(point, encounter.ChannelPhone, started)); err == nil {
				t.Fatal("CreateEncounter after Close succeeded")
			}

			again := openStore(t, dsn)
			for _, id := range acked {
				if _, err := again.Encounter(t.Context(), id); err != nil {
					t.Fatalf("acknowledged %s: %v", id, err)
				}
			}
			if s := stats(t, again, "2026-06-10", "2026-06-10", nil); s.Total() != len(acked) {
				t.Fatalf("roll-up total %d, want %d acknowledged", s.Total(), len(acked))
			}
		})
	}
}

// A caller whose context ends before its turn gets the context's error.
func TestCreateEncounterCancelled(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	point := mustPoint(t, db)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	// The committer may take the request before noticing; either outcome
	// is consistent as long as it is reported truthfully.
	e := anon(point, encounter.ChannelChat, at(t, "2026-06-10T10:00:00+03:00"))
	err := db.CreateEncounter(ctx, e)
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want nil or context.Canceled", err)
	}
	want := 0
	if err == nil {
		want = 1
	}
	if s := stats(t, db, "2026-06-10", "2026-06-10", nil); s.Total() != want {
		t.Fatalf("total %d, want %d", s.Total(), want)
	}
}

// BenchmarkCreateEncounterParallel measures durable encounter writes from
// about 32 concurrent callers, on every engine the run has.
//
//	go test -run '^$' -bench CreateEncounterParallel ./store
func BenchmarkCreateEncounterParallel(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, engine)
			sp := newPoint("Pori", "")
			if err := db.CreateServicePoint(b.Context(), sp, directory.Editor{Name: "bench"}); err != nil {
				b.Fatal(err)
			}
			started := time.Now().Add(-time.Hour)
			b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					e := &encounter.Encounter{ServicePointID: sp.ID, StaffID: "staff-1", Channel: encounter.ChannelWalkIn,
						StartedAt: started, DurationMin: 15, Anonymous: true, AlreadyClient: "unknown",
						Topics: []string{"debt"}, Help: []string{"advice"}}
					if err := db.CreateEncounter(context.Background(), e); err != nil {
						panic(fmt.Sprintf("create encounter: %v", err))
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "encounters/s")
		})
	}
}
