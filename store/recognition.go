package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"kynnys"
	"kynnys/recognition"
)

// The recognition tool's cue catalogue, as a county edits it: each save
// stores the whole catalogue as the next version (0007_recognition.sql).
// With no version stored, the shipped default is in force.

// recognitionCache keeps the parsed catalogue in force per node. The tool
// asks for it on every use, and parsing it costs some 0.3 ms; one read of
// the newest version number tells whether the copy is current, whichever
// node saved.
type recognitionCache struct {
	mu        sync.Mutex
	version   int
	catalogue *recognition.Catalogue
}

// RecognitionCatalogue returns the catalogue in force and its version: the
// newest stored one, or the shipped default with version 0.
func (db *DB) RecognitionCatalogue(ctx context.Context) (*recognition.Catalogue, int, error) {
	var newest int
	if err := db.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM recognition_catalogues").Scan(&newest); err != nil {
		return nil, 0, fmt.Errorf("recognition catalogue: %w", err)
	}
	if newest == 0 {
		c, err := recognition.Default()
		return c, 0, err
	}
	cache := &db.caches.recognition
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.version != newest {
		c, err := db.RecognitionCatalogueVersion(ctx, newest)
		if err != nil {
			return nil, 0, err
		}
		cache.version, cache.catalogue = newest, c
	}
	return cache.catalogue, newest, nil
}

// RecognitionCatalogueVersion returns a stored version of the catalogue.
func (db *DB) RecognitionCatalogueVersion(ctx context.Context, version int) (*recognition.Catalogue, error) {
	var doc string
	err := db.rd.QueryRowContext(ctx, "SELECT document FROM recognition_catalogues WHERE version = $1", version).Scan(&doc)
	if err != nil {
		return nil, notFound(err, "recognition catalogue")
	}
	return recognition.Parse([]byte(doc), strconv.Itoa(version))
}

// SaveRecognitionCatalogue stores c as the next version, made by the user
// by (an id) with a note saying why, and returns the new version. c must
// pass the catalogue's checks and keep every cue of the catalogue in force:
// cues are retired, never removed, so that their codes are not reused.
func (db *DB) SaveRecognitionCatalogue(ctx context.Context, c *recognition.Catalogue, by, note string) (int, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return 0, kynnys.Invalid("note", "error.required")
	}
	doc, err := c.JSON()
	if err != nil {
		return 0, fmt.Errorf("save recognition catalogue: %w", err)
	}
	checked, err := recognition.Parse(doc, "new")
	if err != nil {
		return 0, fmt.Errorf("save recognition catalogue: %w", err)
	}
	current, _, err := db.RecognitionCatalogue(ctx)
	if err != nil {
		return 0, err
	}
	for _, d := range current.Domains {
		for _, cue := range d.Cues {
			if _, ok := checked.Cue(cue.Code); !ok {
				return 0, kynnys.Invalid("cues", "recognition_admin.error.cue_removed")
			}
		}
	}
	var version int
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM recognition_catalogues").Scan(&version); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO recognition_catalogues (version, document, created_at, created_by, note)
			VALUES ($1, $2, $3, $4, $5)`, version, string(doc), ts(time.Now()), nullString(by), note)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save recognition catalogue: %w", err)
	}
	return version, nil
}

// RecognitionCatalogueHistory returns every stored version, oldest first,
// each with its catalogue.
func (db *DB) RecognitionCatalogueHistory(ctx context.Context) ([]recognition.CatalogueVersion, error) {
	rows, err := db.rd.QueryContext(ctx, `SELECT r.version, r.document, r.created_at, COALESCE(r.created_by, ''), COALESCE(u.name, ''), r.note
		FROM recognition_catalogues r LEFT JOIN users u ON u.id = r.created_by ORDER BY r.version`)
	if err != nil {
		return nil, fmt.Errorf("recognition catalogue history: %w", err)
	}
	defer rows.Close()
	var out []recognition.CatalogueVersion
	for rows.Next() {
		var v recognition.CatalogueVersion
		var doc string
		var at int64
		if err := rows.Scan(&v.Version, &doc, &at, &v.ByID, &v.ByName, &v.Note); err != nil {
			return nil, fmt.Errorf("recognition catalogue history: %w", err)
		}
		v.At = fromTS(at)
		if v.Catalogue, err = recognition.Parse([]byte(doc), strconv.Itoa(v.Version)); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recognition catalogue history: %w", err)
	}
	return out, nil
}
