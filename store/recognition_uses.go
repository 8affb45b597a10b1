package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"

	"kynnys/calendar"
)

// Kinds of recognition use counters.
const (
	RecognitionUseEvaluation = "evaluation" // one per use of the tool; code ""
	RecognitionUseCue        = "cue"        // a ticked cue; code is its code
	RecognitionUseRoute      = "route"      // a route in the answer; code is its name
)

// RecognitionUseCount is one counter summed over a period.
type RecognitionUseCount struct {
	Sector, Kind, Code string
	N                  int64
}

// RecordRecognitionUse counts one use of the recognition tool on day by a
// professional of sector: the use itself, and each distinct cue and route
// once. All counters move in one transaction, so the figures stay consistent
// with each other.
func (db *DB) RecordRecognitionUse(ctx context.Context, day calendar.Date, sector string, cues, routes []string) error {
	if !day.Valid() {
		return errors.New("record recognition use: invalid day")
	}
	if sector == "" {
		return errors.New("record recognition use: no sector")
	}
	type counter struct{ kind, code string }
	counters := []counter{{RecognitionUseEvaluation, ""}}
	for _, set := range []struct {
		kind  string
		codes []string
	}{{RecognitionUseCue, cues}, {RecognitionUseRoute, routes}} {
		codes := slices.Clone(set.codes)
		slices.Sort(codes)
		for _, c := range slices.Compact(codes) {
			counters = append(counters, counter{set.kind, c})
		}
	}
	d := day.String()
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, c := range counters {
			if _, err := tx.ExecContext(ctx, "INSERT INTO recognition_use_counts (day, sector, kind, code, n) VALUES ($1, $2, $3, $4, 1)"+
				" ON CONFLICT (day, sector, kind, code) DO UPDATE SET n = recognition_use_counts.n + excluded.n",
				d, sector, c.kind, c.code); err != nil {
				return err
			}
		}
		return nil
	})
}

// RecognitionUseStats sums the counters of the days from..to (inclusive) by
// sector, kind and code, in that order.
func (db *DB) RecognitionUseStats(ctx context.Context, from, to calendar.Date) ([]RecognitionUseCount, error) {
	rows, err := db.rd.QueryContext(ctx, "SELECT sector, kind, code, SUM(n) FROM recognition_use_counts WHERE day >= $1 AND day <= $2"+
		" GROUP BY sector, kind, code", from.String(), to.String())
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []RecognitionUseCount
	for rows.Next() {
		var c RecognitionUseCount
		if err := rows.Scan(&c.Sector, &c.Kind, &c.Code, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	// Sorted here, not in SQL: the engines' text collations differ.
	slices.SortFunc(out, func(a, b RecognitionUseCount) int {
		return cmp.Or(cmp.Compare(a.Sector, b.Sector), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Code, b.Code))
	})
	return out, rows.Err()
}
