package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"kynnys"
	"kynnys/directory"
)

// CreateServicePoint validates and stores a new service point, setting its
// ID and timestamps, and records version 1 in the history.
func (db *DB) CreateServicePoint(ctx context.Context, sp *directory.ServicePoint, by directory.Editor) error {
	if err := sp.Validate(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	sp.ID, sp.CreatedAt, sp.UpdatedAt = NewID(), now, now
	doc, err := json.Marshal(sp)
	if err != nil {
		return fmt.Errorf("encode service point: %w", err)
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_points (id, kind, municipality, team_id, document, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 1, $6, $6)`, sp.ID, string(sp.Kind), sp.Municipality, nullString(sp.TeamID), string(doc), ts(now)); err != nil {
			return err
		}
		if err := bumpDirectoryVersion(ctx, tx); err != nil {
			return err
		}
		return insertHistory(ctx, tx, sp.ID, 1, now, by, doc)
	})
	if err != nil {
		return fmt.Errorf("create service point: %w", err)
	}
	return nil
}

// UpdateServicePoint replaces a service point (keeping its id and creation
// time) and records the new version in the history.
func (db *DB) UpdateServicePoint(ctx context.Context, sp *directory.ServicePoint, by directory.Editor) error {
	if err := sp.Validate(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var version int
		var created int64
		err := tx.QueryRowContext(ctx, "SELECT version, created_at FROM service_points WHERE id = $1"+db.forUpdate(), sp.ID).Scan(&version, &created)
		if err != nil {
			return notFound(err, "service point")
		}
		sp.CreatedAt, sp.UpdatedAt = fromTS(created), now
		doc, err := json.Marshal(sp)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE service_points SET kind = $1, municipality = $2, team_id = $3, document = $4, version = $5, updated_at = $6 WHERE id = $7`,
			string(sp.Kind), sp.Municipality, nullString(sp.TeamID), string(doc), version+1, ts(now), sp.ID); err != nil {
			return err
		}
		if err := bumpDirectoryVersion(ctx, tx); err != nil {
			return err
		}
		return insertHistory(ctx, tx, sp.ID, version+1, now, by, doc)
	})
	if err != nil {
		return fmt.Errorf("update service point: %w", err)
	}
	return nil
}

func insertHistory(ctx context.Context, tx *sql.Tx, id string, version int, at time.Time, by directory.Editor, doc []byte) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO service_point_history (service_point_id, version, changed_at, changed_by, changed_by_name, document)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, version, ts(at), by.UserID, by.Name, string(doc))
	return err
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// ServicePoint returns one service point.
func (db *DB) ServicePoint(ctx context.Context, id string) (*directory.ServicePoint, error) {
	var doc string
	var teamID sql.NullString
	if err := db.rd.QueryRowContext(ctx, "SELECT document, team_id FROM service_points WHERE id = $1", id).Scan(&doc, &teamID); err != nil {
		return nil, notFound(err, "service point")
	}
	var sp directory.ServicePoint
	if err := json.Unmarshal([]byte(doc), &sp); err != nil {
		return nil, fmt.Errorf("decode service point: %w", err)
	}
	// The column, not the document, is authoritative: deleting the team sets
	// it to NULL (ON DELETE SET NULL) and leaves the document as it was.
	sp.TeamID = teamID.String
	return &sp, nil
}

// ServicePoints lists service points by municipality, then creation. The
// result is shared with other callers: do not modify the points' slices.
//
// Every public page lists the whole directory, and decoding each stored
// document every time was most of its cost, so the decoded directory is kept
// per node and checked against directory_version, a value every write
// changes in the same transaction (cheap to read, right across nodes).
func (db *DB) ServicePoints(ctx context.Context, f directory.Filter) ([]directory.ServicePoint, error) {
	all, err := db.allServicePoints(ctx)
	if err != nil {
		return nil, fmt.Errorf("list service points: %w", err)
	}
	out := make([]directory.ServicePoint, 0, len(all))
	for _, sp := range all {
		if (f.Municipality == "" || sp.Municipality == f.Municipality) && (f.ModifiedAfter.IsZero() || sp.UpdatedAt.After(f.ModifiedAfter)) {
			out = append(out, sp)
		}
	}
	return out, nil
}

// directoryCache is the decoded directory and the version it was read at.
type directoryCache struct {
	mu      sync.Mutex
	version string
	points  []directory.ServicePoint
}

const directoryVersionKey = "directory_version"

func (db *DB) allServicePoints(ctx context.Context) ([]directory.ServicePoint, error) {
	version, _, err := db.Setting(ctx, directoryVersionKey)
	if err != nil {
		return nil, err
	}
	c := &db.directory
	c.mu.Lock()
	if c.points != nil && c.version == version {
		points := c.points
		c.mu.Unlock()
		return points, nil
	}
	c.mu.Unlock()
	// Read after the version: a write in between makes the next call reload,
	// never serves an old directory under a new version.
	points := []directory.ServicePoint{}
	err = db.eachRow(ctx, func(r *sql.Rows) error {
		var doc string
		var teamID sql.NullString
		if err := r.Scan(&doc, &teamID); err != nil {
			return err
		}
		var sp directory.ServicePoint
		if err := json.Unmarshal([]byte(doc), &sp); err != nil {
			return fmt.Errorf("decode service point: %w", err)
		}
		sp.TeamID = teamID.String // as in ServicePoint
		points = append(points, sp)
		return nil
	}, "SELECT document, team_id FROM service_points ORDER BY municipality, created_at, id")
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.version, c.points = version, points
	c.mu.Unlock()
	return points, nil
}

// bumpDirectoryVersion marks the directory changed, inside a write's transaction.
func bumpDirectoryVersion(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		directoryVersionKey, NewID())
	return err
}

// ServicePointHistory returns every saved version, newest first.
func (db *DB) ServicePointHistory(ctx context.Context, id string) ([]directory.Version, error) {
	var out []directory.Version
	err := db.eachRow(ctx, func(r *sql.Rows) error {
		var v directory.Version
		var at int64
		var doc string
		if err := r.Scan(&v.Version, &at, &v.By.UserID, &v.By.Name, &doc); err != nil {
			return err
		}
		v.ChangedAt = fromTS(at)
		if err := json.Unmarshal([]byte(doc), &v.Point); err != nil {
			return fmt.Errorf("decode service point version: %w", err)
		}
		out = append(out, v)
		return nil
	}, "SELECT version, changed_at, changed_by, changed_by_name, document FROM service_point_history WHERE service_point_id = $1 ORDER BY version DESC", id)
	if err != nil {
		return nil, fmt.Errorf("service point history: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("service point: %w", kynnys.ErrNotFound)
	}
	return out, nil
}

// DeleteServicePoint removes a service point and its history.
func (db *DB) DeleteServicePoint(ctx context.Context, id string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM service_points WHERE id = $1", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kynnys.ErrNotFound
		}
		return bumpDirectoryVersion(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("delete service point: %w", err)
	}
	return nil
}
