package store_test

import (
	"slices"
	"sync"
	"testing"

	"kynnys/store"
	"kynnys/store/storetest"
)

func TestMigrateFreshDatabase(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			db := openStore(t, storetest.DSN(t, engine))
			if db.Engine() != engine {
				t.Fatalf("Engine() = %q, want %q", db.Engine(), engine)
			}
			latest, err := db.LatestVersion()
			mustNil(t, err)
			if latest < 2 {
				t.Fatalf("LatestVersion = %d, want at least 2", latest)
			}
			if v, err := db.SchemaVersion(ctx); err != nil || v != 0 {
				t.Fatalf("SchemaVersion of an empty database = %d, %v; want 0", v, err)
			}

			applied, err := db.Migrate(ctx)
			mustNil(t, err)
			if want := versions(1, latest); !slices.Equal(applied, want) {
				t.Fatalf("first Migrate applied %v, want %v", applied, want)
			}
			if v, err := db.SchemaVersion(ctx); err != nil || v != latest {
				t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, latest)
			}

			again, err := db.Migrate(ctx)
			mustNil(t, err)
			if len(again) != 0 {
				t.Fatalf("second Migrate applied %v, want nothing", again)
			}
			if v, err := db.SchemaVersion(ctx); err != nil || v != latest {
				t.Fatalf("SchemaVersion after second Migrate = %d, %v; want %d", v, err, latest)
			}
		})
	}
}

// Several nodes start at once against one database: each must either apply
// a version or see it applied, never apply one twice or fail.
func TestMigrateConcurrent(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			// The race window is small; a few rounds make a miss unlikely.
			for round := range 3 {
				dsn := storetest.DSN(t, engine)
				a, b := openStore(t, dsn), openStore(t, dsn)
				latest, err := a.LatestVersion()
				mustNil(t, err)

				var wg sync.WaitGroup
				start := make(chan struct{})
				results := make([][]int, 2)
				errs := make([]error, 2)
				for i, db := range []*store.DB{a, b} {
					wg.Go(func() {
						<-start
						results[i], errs[i] = db.Migrate(t.Context())
					})
				}
				close(start)
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Fatalf("round %d: Migrate on handle %d: %v", round, i, err)
					}
				}
				all := slices.Concat(results[0], results[1])
				slices.Sort(all)
				if want := versions(1, latest); !slices.Equal(all, want) {
					t.Fatalf("round %d: handles applied %v and %v, want each of %v exactly once", round, results[0], results[1], want)
				}
				for i, db := range []*store.DB{a, b} {
					if v, err := db.SchemaVersion(t.Context()); err != nil || v != latest {
						t.Fatalf("round %d: handle %d SchemaVersion = %d, %v; want %d", round, i, v, err, latest)
					}
				}
			}
		})
	}
}

// A binary older than the database must refuse to touch it.
func TestMigrateRefusesNewerSchema(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db, dsn := openMigrated(t, engine)
			latest, err := db.LatestVersion()
			mustNil(t, err)
			raw := openRaw(t, engine, dsn)
			rawExec(t, raw, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from_the_future', 0)", latest+1)
			if applied, err := db.Migrate(t.Context()); err == nil {
				t.Fatalf("Migrate on a newer schema applied %v without error", applied)
			}
		})
	}
}

func versions(from, to int) []int {
	var vs []int
	for v := from; v <= to; v++ {
		vs = append(vs, v)
	}
	return vs
}
