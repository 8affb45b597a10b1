package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema change. A file NNNN_name.sql runs on both
// engines; NNNN_name.sqlite.sql and NNNN_name.postgres.sql are the rare
// engine-specific halves of one version (triggers, mostly).
type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	byVersion := map[int]*migration{}
	for _, e := range entries {
		file := e.Name()
		base := strings.TrimSuffix(file, ".sql")
		if engine := strings.LastIndexByte(base, '.'); engine >= 0 {
			if base[engine+1:] != db.dialect.name() {
				continue
			}
			base = base[:engine]
		}
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", file)
		}
		body, err := fs.ReadFile(migrationFiles, "migrations/"+file)
		if err != nil {
			return nil, err
		}
		m := byVersion[v]
		if m == nil {
			m = &migration{version: v, name: name}
			byVersion[v] = m
		} else if m.name != name {
			return nil, fmt.Errorf("two migrations numbered %d: %q and %q", v, m.name, name)
		}
		m.sql += string(body) + "\n"
	}
	out := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %d is missing", i+1)
		}
	}
	return out, nil
}

// afterMigration holds Go steps run in a version's transaction right after
// its SQL, for data that lives in Go because tests and documentation use it
// too (the default encounter vocabulary). Like the SQL, a step runs once per
// database: later changes to the Go data need a migration of their own.
var afterMigration = map[int]func(context.Context, *sql.Tx) error{
	4: seedVocabulary,
}

// LatestVersion is the schema version this binary migrates to.
func (db *DB) LatestVersion() (int, error) {
	ms, err := db.migrations()
	if err != nil {
		return 0, err
	}
	return len(ms), nil
}

// SchemaVersion is the version the database is at (0 for an empty database).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.rd.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	if err != nil {
		// The table does not exist before the first migration.
		var exists bool
		if qerr := db.rd.QueryRowContext(ctx, db.tableExistsSQL(), "schema_migrations").Scan(&exists); qerr == nil && !exists {
			return 0, nil
		}
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

func (db *DB) tableExistsSQL() string {
	if db.dialect.name() == "postgres" {
		return "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1)"
	}
	return "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1)"
}

// Migrate brings the schema up to date, one transaction per version, and
// returns the versions it applied. Several nodes may call it at once.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := db.migrations()
	if err != nil {
		return nil, err
	}
	conn, err := db.wr.Conn(ctx)
	if err != nil {
		return nil, err
	}
	unlock, err := db.dialect.lockMigrations(ctx, conn)
	// On SQLite the lock connection is the single writer, so hand it back now.
	if db.dialect.name() == "sqlite" {
		conn.Close()
	} else {
		defer conn.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("lock migrations: %w", err)
	}
	defer unlock()

	if _, err := db.wr.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at BIGINT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	current, err := db.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if current > len(ms) {
		return nil, fmt.Errorf("database schema is at version %d but this kynnys knows only %d: upgrade kynnys", current, len(ms))
	}
	var applied []int
	for _, m := range ms[current:] {
		skip := false
		err := db.tx(ctx, func(tx *sql.Tx) error {
			// On SQLite nothing serialises migrators but the write lock this
			// transaction holds, so another process may have applied m since
			// current was read: check again under the lock.
			var at sql.NullInt64
			if err := tx.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&at); err != nil {
				return err
			}
			if at.Int64 >= int64(m.version) {
				skip = true
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if after := afterMigration[m.version]; after != nil {
				if err := after(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
				m.version, m.name, ts(time.Now()))
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
		}
		if !skip {
			applied = append(applied, m.version)
		}
	}
	// The job queue's tables come last, under the same lock; River keeps
	// their versions in a table of its own.
	if err := db.jobs.Migrate(ctx); err != nil {
		return applied, err
	}
	return applied, nil
}
