package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"kynnys"
	"kynnys/access"
	"kynnys/encounter"
)

// Logging an encounter reads the caller's user and teams, the vocabulary
// and the service point on every request, and reading them from the
// database was most of a request's cost. Each is therefore kept per node
// and checked against a version in the settings table: every write that
// changes what the value is made of sets a new version in its own
// transaction, so one cheap read tells a node whether its copy is current,
// whichever node wrote. (The directory works the same way: directory.go.)
const (
	// accountsVersionKey changes with every write that changes what User
	// returns: a user's name, role, activity or second factor, their teams,
	// and those teams' names and lists. (A new user or team changes no
	// cached user, and credentials are not part of one. Nothing deletes a
	// team: a delete would have to set this and directory_version, as its
	// cascades change users and service points.)
	accountsVersionKey = "accounts_version"
	// vocabularyVersionKey changes with every write to vocabulary_entries.
	vocabularyVersionKey = "vocabulary_version"
)

// caches are the per-node copies, one field of DB.
type caches struct {
	users       versionCache[string, *access.User]
	vocabulary  versionCache[struct{}, *encounter.Vocabulary]
	recognition recognitionCache // see recognition.go
	// reads holds the prepared hot reads (queryRow), by query text.
	reads sync.Map
}

// versionCache holds values read at one version of a setting. Values are
// loaded after the version is read, so a write in between makes the next
// call reload; an old value is never served under a new version.
type versionCache[K comparable, V any] struct {
	mu      sync.Mutex
	version string
	values  map[K]V
}

// get returns key's value at version, loading it on a miss. The caller has
// read version before calling. Errors (not found included) are not kept.
func (c *versionCache[K, V]) get(version string, key K, load func() (V, error)) (V, error) {
	c.mu.Lock()
	v, ok := c.values[key]
	ok = ok && c.version == version
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.version != version || c.values == nil {
		c.version, c.values = version, map[K]V{}
	}
	c.values[key] = v
	c.mu.Unlock()
	return v, nil
}

// bumpVersion marks the data behind setting changed, inside the write's transaction.
func bumpVersion(ctx context.Context, tx *sql.Tx, setting string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		setting, NewID())
	return err
}

// ServicePointTeam returns the team a service point belongs to ("" for a
// county-wide point), from the node's cached directory: what logging an
// encounter needs of the point, without reading and decoding it.
func (db *DB) ServicePointTeam(ctx context.Context, id string) (string, error) {
	points, err := db.allServicePoints(ctx)
	if err != nil {
		return "", fmt.Errorf("service point: %w", err)
	}
	for i := range points {
		if points[i].ID == id {
			return points[i].TeamID, nil
		}
	}
	return "", fmt.Errorf("service point: %w", kynnys.ErrNotFound)
}

// queryRow runs one of the reads every request makes (versions, the API
// token) as a statement prepared once per connection: SQLite otherwise
// parses each statement anew, which was half the cost of these small reads.
// query must be a constant, as it keys the prepared statement.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	stmt, ok := db.caches.reads.Load(query)
	if !ok {
		prepared, err := db.rd.PrepareContext(ctx, query)
		if err != nil {
			// Unprepared, the query reports the same error, or succeeds.
			return db.rd.QueryRowContext(ctx, query, args...)
		}
		if stmt, ok = db.caches.reads.LoadOrStore(query, prepared); ok {
			prepared.Close()
		}
	}
	return stmt.(*sql.Stmt).QueryRowContext(ctx, args...)
}
