package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"kynnys/jobs"
)

// errRollback makes EnqueueInTx's transaction roll back.
var errRollback = errors.New("roll back")

// EnqueueInTx lets the external tests put a job on the queue the way store
// code does, in a store transaction, which commits or (rollback) is rolled
// back after the job was inserted.
func (db *DB) EnqueueInTx(ctx context.Context, args jobs.Args, at time.Time, rollback bool) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.enqueueTx(ctx, tx, args, at); err != nil {
			return err
		}
		if rollback {
			return errRollback
		}
		return nil
	})
	if errors.Is(err, errRollback) {
		return nil
	}
	return err
}
