// Package store keeps Kynnys's data in SQLite (the embedded default) or
// PostgreSQL. The SQL is hand-written and the same text runs on both engines;
// what differs between them lives in dialect.go.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kynnys"
	"kynnys/jobs"
)

// DB is the store. Reads go to rd and writes to wr: on SQLite wr is a single
// connection, so writers queue in Go instead of spinning on SQLITE_BUSY; on
// PostgreSQL both are the same pool.
type DB struct {
	rd, wr    *sql.DB
	dialect   dialect
	directory directoryCache
	caches    caches // see cache.go
	commits   groupCommitter
	jobs      *jobs.Queue // see jobs.go
}

// Open connects to dsn: a postgres:// or postgresql:// URL selects PostgreSQL,
// anything else is a SQLite file path (created if missing). It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	d := dialectFor(dsn)
	rd, wr, err := d.open(dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", d.name(), err)
	}
	db := &DB{rd: rd, wr: wr, dialect: d}
	if db.jobs, err = jobs.New(d.name(), wr); err != nil {
		db.Close()
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.Ping(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", d.name(), err)
	}
	return db, nil
}

// Engine names the database engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name() }

// Close finishes the encounter commit in progress, refuses later ones and
// closes every connection.
func (db *DB) Close() error {
	db.commits.stop()
	err := db.rd.Close()
	if db.wr != db.rd {
		err = errors.Join(err, db.wr.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.rd.PingContext(ctx); err != nil {
		return err
	}
	return db.wr.PingContext(ctx)
}

// Stats returns the connection pool statistics of the read and write pools
// (the same pool twice on PostgreSQL).
func (db *DB) Stats() (read, write sql.DBStats) { return db.rd.Stats(), db.wr.Stats() }

// Pools returns the pools for metrics collectors, named.
func (db *DB) Pools() map[string]*sql.DB {
	if db.rd == db.wr {
		return map[string]*sql.DB{"main": db.rd}
	}
	return map[string]*sql.DB{"read": db.rd, "write": db.wr}
}

// tx runs fn in a write transaction and commits it, or rolls back on error.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.wr.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", db.dialect.mapErr(err))
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return db.dialect.mapErr(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", db.dialect.mapErr(err))
	}
	return nil
}

// Instants are stored as microseconds since the Unix epoch (BIGINT) on both
// engines: portable, ordered, index-friendly, and free of zone ambiguity.
func ts(t time.Time) int64 { return t.UTC().UnixMicro() }

func fromTS(us int64) time.Time { return time.UnixMicro(us).UTC() }

func fromNullTS(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromTS(n.Int64)
	return &t
}

// notFound turns sql.ErrNoRows into kynnys.ErrNotFound with context.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, kynnys.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// placeholders returns "$start, $start+1, …" for n values.
func placeholders(start, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", start+i)
	}
	return b.String()
}
