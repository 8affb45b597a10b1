package store_test

import (
	"testing"

	"kynnys/directory"
	"kynnys/store"
	"kynnys/store/storetest"
)

// TestServicePointsSeeOtherNodesWrites: two handles on one database are two
// nodes; each keeps its own decoded directory, which must follow the other
// node's creates, updates and deletes.
func TestServicePointsSeeOtherNodesWrites(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			dsn := storetest.DSN(t, engine)
			open := func() *store.DB {
				db, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return db
			}
			a, b := open(), open()
			list := func(db *store.DB) []directory.ServicePoint {
				t.Helper()
				ps, err := db.ServicePoints(ctx, directory.Filter{})
				if err != nil {
					t.Fatal(err)
				}
				return ps
			}
			if n := len(list(a)); n != 0 {
				t.Fatalf("empty directory lists %d", n)
			}
			p := newPoint("Pori", "")
			if err := b.CreateServicePoint(ctx, p, directory.Editor{}); err != nil {
				t.Fatal(err)
			}
			if got := pointIDs(list(a)); len(got) != 1 || got[0] != p.ID {
				t.Fatalf("node A after B's create: %v", got)
			}
			p.Name.FI = "Uusi nimi"
			if err := b.UpdateServicePoint(ctx, p, directory.Editor{}); err != nil {
				t.Fatal(err)
			}
			if got := list(a); got[0].Name.FI != "Uusi nimi" {
				t.Fatalf("node A after B's update: name %q", got[0].Name.FI)
			}
			if err := b.DeleteServicePoint(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
			if n := len(list(a)); n != 0 {
				t.Fatalf("node A after B's delete lists %d", n)
			}
		})
	}
}
