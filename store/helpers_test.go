package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/google/uuid"

	"kynnys"
	"kynnys/access"
	"kynnys/store"
	"kynnys/store/storetest"
)

// openStore opens dsn without migrating it; closed when t ends.
func openStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openMigrated opens a fresh, migrated database on engine and also returns
// its DSN, for tests that need to reach past the store with raw SQL.
func openMigrated(t *testing.T, engine string) (*store.DB, string) {
	t.Helper()
	dsn := storetest.DSN(t, engine)
	db := openStore(t, dsn)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db, dsn
}

// openRaw opens dsn with database/sql directly, as someone with access to
// the database itself (not through Kynnys) would.
func openRaw(t *testing.T, engine, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if engine == "postgres" {
		driver = "pgx"
	} else {
		// The store's own connections may hold the file briefly.
		dsn = "file:" + dsn + "?_pragma=busy_timeout(10000)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("raw open: %v", err)
	}
	t.Cleanup(func() { raw.Close() })
	if err := raw.Ping(); err != nil {
		t.Fatalf("raw ping: %v", err)
	}
	return raw
}

func rawExec(t *testing.T, raw *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := raw.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("err = %v, want %v", err, target)
	}
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	fe, ok := kynnys.AsFieldError(err)
	if !ok {
		t.Fatalf("err = %v, want a *kynnys.FieldError for %q", err, field)
	}
	if fe.Field != field {
		t.Fatalf("FieldError.Field = %q (%v), want %q", fe.Field, err, field)
	}
}

func wantUUIDv7(t *testing.T, id string) {
	t.Helper()
	u, err := uuid.Parse(id)
	if err != nil || u.Version() != 7 || u.String() != id {
		t.Fatalf("id %q is not a canonical UUIDv7", id)
	}
}

func mustTeam(t *testing.T, db *store.DB, name string, muns ...string) *access.Team {
	t.Helper()
	team := &access.Team{Name: name, Municipalities: muns, TargetGroups: []access.TargetGroup{access.TargetWorkingAge}}
	mustNil(t, db.CreateTeam(t.Context(), team))
	return team
}

func mustUser(t *testing.T, db *store.DB, email, name string, teamIDs ...string) *access.User {
	t.Helper()
	u, err := db.CreateUser(t.Context(), access.NewUser{Email: email, Name: name, Role: access.RoleSocialWorker,
		TeamIDs: teamIDs, PasswordHash: "hash-of-" + email})
	mustNil(t, err)
	return u
}

func mustSession(t *testing.T, db *store.DB, userID string) (token string, s *access.Session) {
	t.Helper()
	token, s, err := db.CreateSession(t.Context(), userID, true)
	mustNil(t, err)
	return token, s
}
