package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"kynnys"
)

// dialect is everything that differs between the engines. Keep it small:
// the SQL in the rest of the package is the same text for both.
type dialect interface {
	name() string
	open(dsn string) (rd, wr *sql.DB, err error)
	// lockMigrations serialises migrations between nodes sharing a database.
	lockMigrations(ctx context.Context, conn *sql.Conn) (unlock func(), err error)
	// mapErr maps engine errors to kynnys errors (unique violation → ErrConflict).
	mapErr(err error) error
	// rowsPerInsert is how many rows of width values one INSERT of a batch
	// carries (see insertRows).
	rowsPerInsert(width int) int
}

// maxStatementParams bounds the parameters of one statement, well below
// both engines' limits (SQLite 32766, PostgreSQL 65535).
const maxStatementParams = 2400

func dialectFor(dsn string) dialect {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return postgres{}
	}
	return sqliteDialect{}
}

// IsPostgres reports whether dsn selects PostgreSQL.
func IsPostgres(dsn string) bool { _, ok := dialectFor(dsn).(postgres); return ok }

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

// sqlitePragmas: WAL for concurrent readers; synchronous=FULL so that a
// committed (acknowledged) write survives a power cut, not just a crash;
// foreign keys on; a busy timeout for the rare cross-process contention.
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate"

func (sqliteDialect) open(dsn string) (*sql.DB, *sql.DB, error) {
	path := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		return nil, nil, fmt.Errorf("give the SQLite database as a plain file path, without options")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, err
	}
	base := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + sqlitePragmas
	wr, err := sql.Open("sqlite", base)
	if err != nil {
		return nil, nil, err
	}
	// One writer connection: SQLite allows one writer at a time anyway.
	wr.SetMaxOpenConns(1)
	wr.SetMaxIdleConns(1)
	wr.SetConnMaxLifetime(0)
	// Create the file and switch it to WAL before readers open it read-only.
	if err := wr.Ping(); err != nil {
		wr.Close()
		return nil, nil, err
	}
	rd, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		wr.Close()
		return nil, nil, err
	}
	rd.SetMaxOpenConns(8)
	rd.SetMaxIdleConns(8)
	return rd, wr, nil
}

func (sqliteDialect) lockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	// The write pool has one connection and migrations run in IMMEDIATE
	// transactions, which lock out other processes' writers.
	return func() {}, nil
}

// SQLite runs in-process, so a statement costs no round trip but parsing
// costs much: a long multi-row INSERT is parsed anew each time, where one
// row prepared once is only bound and stepped for each row.
func (sqliteDialect) rowsPerInsert(int) int { return 1 }

func (sqliteDialect) mapErr(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", kynnys.ErrConflict, err)
		}
	}
	return err
}

type postgres struct{}

func (postgres) name() string { return "postgres" }

func (postgres) open(dsn string) (*sql.DB, *sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(20)
	// As many idle as open: a connection closed after a burst is a new
	// server process started for the next one.
	db.SetMaxIdleConns(20)
	return db, db, nil
}

// Every statement is a round trip to the server, so batches go in as few as
// the parameter limit allows.
func (postgres) rowsPerInsert(width int) int { return maxStatementParams / width }

// migrationLockKey is an arbitrary constant shared by every Kynnys node.
const migrationLockKey = 7_060_230_001

func (postgres) lockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLockKey); err != nil {
		return nil, err
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", migrationLockKey)
	}, nil
}

func (postgres) mapErr(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return fmt.Errorf("%w: %v", kynnys.ErrConflict, err)
	}
	return err
}
