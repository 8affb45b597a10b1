package store

import (
	"context"
	"database/sql"
	"time"

	"kynnys/jobs"
)

// The job queue lives in the store's database, on the write pool, so that
// store code can put a job on it in the transaction that writes the data the
// job is about: an intake item is never stored without its reminders, and a
// rolled-back item leaves none behind. Jobs are worked elsewhere (jobs.Start,
// wired in cmd/kynnys) with workers that take their arguments by id.

// Jobs is the job queue on this database, for the worker runtime
// (jobs.Start) and for tests (jobs.RunDue).
func (db *DB) Jobs() *jobs.Queue { return db.jobs }

// enqueueTx puts a job on the queue in tx, due at at (zero or past: now).
// Store code calls it inside db.tx, next to the writes the job belongs to.
func (db *DB) enqueueTx(ctx context.Context, tx *sql.Tx, args jobs.Args, at time.Time) error {
	return db.jobs.InsertTx(ctx, tx, args, at)
}
