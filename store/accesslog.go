package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"kynnys/access"
)

// AppendAccessLog adds an entry at the end of the hash chain. The head row is
// read and updated in the same transaction, which serialises appenders on both
// engines (SQLite: the single writer; PostgreSQL: the row lock FOR UPDATE takes).
func (db *DB) AppendAccessLog(ctx context.Context, e *access.LogEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var seq int64
		var prev string
		if err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM access_log_head WHERE id = 1"+db.forUpdate()).Scan(&seq, &prev); err != nil {
			return fmt.Errorf("read head: %w", err)
		}
		e.Seq, e.PrevHash = seq+1, prev
		e.Hash = access.ChainHash(prev, e)
		if _, err := tx.ExecContext(ctx, `INSERT INTO access_log (seq, at, user_id, user_name, org_unit, person_id, action, purpose, route, request_id, prev_hash, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			e.Seq, ts(e.At), e.UserID, e.UserName, e.OrgUnit, e.PersonID, string(e.Action), e.Purpose, e.Route, e.RequestID, e.PrevHash, e.Hash); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		_, err := tx.ExecContext(ctx, "UPDATE access_log_head SET seq = $1, hash = $2 WHERE id = 1", e.Seq, e.Hash)
		return err
	})
	if err != nil {
		return fmt.Errorf("append access log: %w", err)
	}
	return nil
}

// forUpdate locks the selected row on PostgreSQL; SQLite has no row locks and
// needs none (its writer is single).
func (db *DB) forUpdate() string {
	if db.dialect.name() == "postgres" {
		return " FOR UPDATE"
	}
	return ""
}

const accessLogColumns = "seq, at, user_id, user_name, org_unit, person_id, action, purpose, route, request_id, prev_hash, hash"

func scanLogEntry(r *sql.Rows) (access.LogEntry, error) {
	var e access.LogEntry
	var at int64
	var action string
	err := r.Scan(&e.Seq, &at, &e.UserID, &e.UserName, &e.OrgUnit, &e.PersonID, &action, &e.Purpose, &e.Route, &e.RequestID, &e.PrevHash, &e.Hash)
	e.At, e.Action = fromTS(at), access.LogAction(action)
	return e, err
}

// VerifyAccessLog walks the whole chain in order and checks every link and the
// head. It returns the number of entries checked, and a *access.ChainBreak if
// anything was changed, removed or cut off.
func (db *DB) VerifyAccessLog(ctx context.Context) (int64, error) {
	var v access.ChainVerifier
	// Page by seq so that a long log is not held in one result set.
	const page = 5000
	var after int64 = -1
	for {
		n := 0
		var verr error
		err := db.eachRow(ctx, func(r *sql.Rows) error {
			e, err := scanLogEntry(r)
			if err != nil {
				return err
			}
			n++
			after = e.Seq
			if verr == nil {
				verr = v.Next(&e)
			}
			return nil
		}, "SELECT "+accessLogColumns+" FROM access_log WHERE seq > $1 ORDER BY seq LIMIT $2", after, page)
		if err != nil {
			return v.Count(), fmt.Errorf("read access log: %w", err)
		}
		if verr != nil {
			return v.Count(), verr
		}
		if n < page {
			break
		}
	}
	var headSeq int64
	var headHash string
	if err := db.rd.QueryRowContext(ctx, "SELECT seq, hash FROM access_log_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return v.Count(), fmt.Errorf("read access log head: %w", err)
	}
	return v.Count(), v.Finish(headSeq, headHash)
}

// AccessLogHead returns the last sequence number and hash, which an operator
// can record elsewhere to anchor the chain.
func (db *DB) AccessLogHead(ctx context.Context) (int64, string, error) {
	var seq int64
	var h string
	err := db.rd.QueryRowContext(ctx, "SELECT seq, hash FROM access_log_head WHERE id = 1").Scan(&seq, &h)
	return seq, h, err
}

// AccessLogForPerson returns the entries about a person since a time, oldest first.
func (db *DB) AccessLogForPerson(ctx context.Context, personID string, since time.Time) ([]access.LogEntry, error) {
	var out []access.LogEntry
	err := db.eachRow(ctx, func(r *sql.Rows) error {
		e, err := scanLogEntry(r)
		out = append(out, e)
		return err
	}, "SELECT "+accessLogColumns+" FROM access_log WHERE person_id = $1 AND at >= $2 ORDER BY at, seq", personID, ts(since))
	if err != nil {
		return nil, fmt.Errorf("read access log for person: %w", err)
	}
	return out, nil
}
