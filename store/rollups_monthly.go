package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// monthKey is one monthly roll-up row.
type monthKey struct{ month, point, dimension, code string }

// applyMonthly adds the deltas, summed by month, to the monthly roll-ups
// (encounter_rollups_monthly), as apply does to the daily ones. It runs
// after every daily row is written, and takes its rows in key order too, so
// every writer locks all its daily rows, then its monthly rows, each in one
// order: concurrent PostgreSQL transactions cannot deadlock. A decrement
// that finds too small a count means the monthly roll-ups have drifted from
// the daily ones, which is an error.
func (d rollupDeltas) applyMonthly(ctx context.Context, db *DB, tx *sql.Tx) error {
	sums := map[monthKey]int{}
	for k, n := range d {
		sums[monthKey{month(k.date), k.point, k.dimension, k.code}] += n
	}
	keys := make([]monthKey, 0, len(sums))
	for k, n := range sums {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b monthKey) int {
		return cmp.Or(cmp.Compare(a.month, b.month), cmp.Compare(a.point, b.point), cmp.Compare(a.dimension, b.dimension), cmp.Compare(a.code, b.code))
	})
	var up []any
	flush := func() error {
		err := db.insertRows(ctx, tx, "INSERT INTO encounter_rollups_monthly (local_month, service_point_id, dimension, code, count) VALUES ",
			" ON CONFLICT (local_month, dimension, code, service_point_id) DO UPDATE SET count = encounter_rollups_monthly.count + excluded.count", 5, up)
		up = up[:0]
		return err
	}
	for _, k := range keys {
		n := sums[k]
		if n > 0 {
			up = append(up, k.month, k.point, k.dimension, k.code, n)
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE encounter_rollups_monthly SET count = count - $1
			WHERE local_month = $2 AND dimension = $3 AND code = $4 AND service_point_id = $5 AND count >= $1`,
			-n, k.month, k.dimension, k.code, k.point)
		if err != nil {
			return err
		}
		if rows, _ := res.RowsAffected(); rows != 1 {
			// The code may be free text (a referral), so it stays out of the message.
			return fmt.Errorf("monthly encounter roll-up %s of %s at point %s is below the encounters it should count", k.dimension, k.month, k.point)
		}
	}
	return flush()
}
