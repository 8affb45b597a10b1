package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/store"
	"kynnys/store/storetest"
)

// logEntry makes the i-th test entry about person.
func logEntry(i int, person string, at time.Time) *access.LogEntry {
	return &access.LogEntry{
		At:        at,
		UserID:    fmt.Sprintf("user-%d", i%3),
		UserName:  fmt.Sprintf("Worker %d", i%3),
		OrgUnit:   "North; East",
		PersonID:  person,
		Action:    access.LogView,
		Purpose:   fmt.Sprintf("case work %d", i),
		Route:     "/people/{id}",
		RequestID: fmt.Sprintf("req-%d", i),
	}
}

// appendLog appends n entries and returns them as stored.
func appendLog(t *testing.T, db *store.DB, n int) []access.LogEntry {
	t.Helper()
	base := time.Now().Add(-time.Hour)
	out := make([]access.LogEntry, 0, n)
	for i := range n {
		e := logEntry(i, fmt.Sprintf("person-%d", i%2), base.Add(time.Duration(i)*time.Second))
		mustNil(t, db.AppendAccessLog(t.Context(), e))
		out = append(out, *e)
	}
	return out
}

func wantVerified(t *testing.T, db *store.DB, n int64) {
	t.Helper()
	got, err := db.VerifyAccessLog(t.Context())
	if err != nil || got != n {
		t.Fatalf("VerifyAccessLog = %d, %v; want %d entries intact", got, err, n)
	}
}

// sameEntry compares entries, times by instant.
func sameEntry(a, b access.LogEntry) bool {
	if !a.At.Equal(b.At) {
		return false
	}
	a.At, b.At = time.Time{}, time.Time{}
	return a == b
}

func TestAccessLogAppend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		wantVerified(t, db, 0)
		if seq, h, err := db.AccessLogHead(ctx); err != nil || seq != 0 || h != "" {
			t.Fatalf("head of an empty log = %d, %q, %v", seq, h, err)
		}

		entries := appendLog(t, db, 5)
		prev := ""
		for i, e := range entries {
			if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != access.ChainHash(prev, &e) || len(e.Hash) != 64 {
				t.Fatalf("entry %d: seq %d, prev %q, hash %q: not linked to %q", i, e.Seq, e.PrevHash, e.Hash, prev)
			}
			if e.At.Location() != time.UTC || e.At.Nanosecond()%1000 != 0 {
				t.Fatalf("entry %d time %v: want UTC in whole microseconds, as stored", i, e.At)
			}
			prev = e.Hash
		}
		wantVerified(t, db, 5)
		if seq, h, err := db.AccessLogHead(ctx); err != nil || seq != 5 || h != prev {
			t.Fatalf("head = %d, %q, %v; want 5, %q", seq, h, err, prev)
		}

		// A missing time is the time of appending.
		before := time.Now()
		e := &access.LogEntry{UserID: "u", PersonID: "p", Action: access.LogExport, Purpose: "court request"}
		mustNil(t, db.AppendAccessLog(ctx, e))
		if e.At.Before(before.Truncate(time.Microsecond)) || e.At.After(time.Now()) || e.Seq != 6 {
			t.Fatalf("entry without a time: seq %d at %v", e.Seq, e.At)
		}
		wantVerified(t, db, 6)
	})
}

func TestAccessLogForPerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		base := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
		// Appended out of time order: a slow request can log after a faster one.
		var want []access.LogEntry
		for i, tc := range []struct {
			person string
			at     time.Duration
		}{
			{"anna", 2 * time.Hour},
			{"bertta", time.Hour},
			{"anna", 0},
			{"anna", time.Hour},
			{"bertta", 3 * time.Hour},
			{"anna", 3 * time.Hour},
		} {
			e := logEntry(i, tc.person, base.Add(tc.at))
			mustNil(t, db.AppendAccessLog(ctx, e))
			if tc.person == "anna" && tc.at >= time.Hour {
				want = append(want, *e)
			}
		}
		slices.SortStableFunc(want, func(a, b access.LogEntry) int { return a.At.Compare(b.At) })

		// Since is inclusive.
		got, err := db.AccessLogForPerson(ctx, "anna", base.Add(time.Hour))
		mustNil(t, err)
		if len(got) != len(want) {
			t.Fatalf("AccessLogForPerson returned %d entries, want %d", len(got), len(want))
		}
		for i := range got {
			if !sameEntry(got[i], want[i]) {
				t.Fatalf("entry %d = %+v, want %+v", i, got[i], want[i])
			}
		}

		all, err := db.AccessLogForPerson(ctx, "anna", base.Add(-24*time.Hour))
		mustNil(t, err)
		if len(all) != 4 || !all[0].At.Equal(base) {
			t.Fatalf("all of anna's entries: %d, first at %v", len(all), all[0].At)
		}
		none, err := db.AccessLogForPerson(ctx, "cecilia", base)
		mustNil(t, err)
		if len(none) != 0 {
			t.Fatalf("an unknown person has %d entries", len(none))
		}
		none, err = db.AccessLogForPerson(ctx, "anna", base.Add(4*time.Hour))
		mustNil(t, err)
		if len(none) != 0 {
			t.Fatalf("%d entries after the last one", len(none))
		}
	})
}

// Appenders on many goroutines must still form one chain.
func TestAccessLogConcurrentAppend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		concurrentAppend(t, db)
	})
}

// So must appenders on several nodes sharing one database.
func TestAccessLogConcurrentAppendNodes(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db, dsn := openMigrated(t, engine)
			concurrentAppend(t, db, openStore(t, dsn))
		})
	}
}

// concurrentAppend appends 16×25 entries from 16 goroutines spread over the
// handles and checks that they form one gapless, verifying chain.
func concurrentAppend(t *testing.T, handles ...*store.DB) {
	const workers, each = 16, 25
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seqs []int64
		errs []error
	)
	for w := range workers {
		db := handles[w%len(handles)]
		wg.Go(func() {
			var mine []int64
			for i := range each {
				e := logEntry(i, fmt.Sprintf("person-%d", w), time.Time{})
				if err := db.AppendAccessLog(t.Context(), e); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					return
				}
				mine = append(mine, e.Seq)
			}
			mu.Lock()
			defer mu.Unlock()
			if !slices.IsSorted(mine) {
				errs = append(errs, fmt.Errorf("worker %d got seqs out of order: %v", w, mine))
			}
			seqs = append(seqs, mine...)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	slices.Sort(seqs)
	for i, s := range seqs {
		if s != int64(i+1) {
			t.Fatalf("seqs are not 1..%d without gaps or repeats: position %d holds %d", workers*each, i, s)
		}
	}
	for _, db := range handles {
		wantVerified(t, db, workers*each)
		if seq, _, err := db.AccessLogHead(t.Context()); err != nil || seq != workers*each {
			t.Fatalf("head = %d, %v", seq, err)
		}
	}
}

// The application itself can only append: its UPDATE and DELETE fail.
func TestAccessLogAppendOnly(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db, dsn := openMigrated(t, engine)
			appendLog(t, db, 3)
			raw := openRaw(t, engine, dsn)
			for _, q := range []string{
				"UPDATE access_log SET purpose = 'nothing to see' WHERE seq = 2",
				"UPDATE access_log SET seq = seq + 10",
				"DELETE FROM access_log WHERE seq = 3",
				"DELETE FROM access_log",
			} {
				wantAppendOnly(t, raw, q)
			}
			if engine == "postgres" {
				wantAppendOnly(t, raw, "TRUNCATE access_log")
			}
			wantVerified(t, db, 3)
		})
	}
}

// wantAppendOnly checks that q is refused by the append-only triggers (and
// not by some unrelated error).
func wantAppendOnly(t *testing.T, raw *sql.DB, q string) {
	t.Helper()
	_, err := raw.Exec(q)
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("%s: err = %v, want the append-only trigger to refuse it", q, err)
	}
}

// bypassAppendOnly does what an attacker with direct database access can:
// turn off the triggers that stop the application changing the log.
func bypassAppendOnly(t *testing.T, engine string, raw *sql.DB) {
	t.Helper()
	if engine == "postgres" {
		rawExec(t, raw, "ALTER TABLE access_log DISABLE TRIGGER USER")
		return
	}
	rawExec(t, raw, "DROP TRIGGER access_log_no_update")
	rawExec(t, raw, "DROP TRIGGER access_log_no_delete")
}

// The hash chain is what shows tampering by someone who got past the triggers.
func TestAccessLogTamperDetection(t *testing.T) {
	const n = 6
	// swap exchanges the contents of entries 2 and 5, with or without their
	// hashes; either way each is out of place in the chain.
	swap := func(withHashes bool) func(*testing.T, *sql.DB, []access.LogEntry) {
		return func(t *testing.T, raw *sql.DB, es []access.LogEntry) {
			a, b := es[1], es[4]
			if !withHashes {
				a.PrevHash, a.Hash, b.PrevHash, b.Hash = b.PrevHash, b.Hash, a.PrevHash, a.Hash
			}
			for _, x := range []struct {
				seq int64
				src access.LogEntry
			}{{a.Seq, b}, {b.Seq, a}} {
				rawExec(t, raw, "UPDATE access_log SET at = $1, user_id = $2, user_name = $3, person_id = $4, purpose = $5, request_id = $6, prev_hash = $7, hash = $8 WHERE seq = $9",
					x.src.At.UnixMicro(), x.src.UserID, x.src.UserName, x.src.PersonID, x.src.Purpose, x.src.RequestID, x.src.PrevHash, x.src.Hash, x.seq)
			}
		}
	}
	// rewrite changes an entry's purpose and recomputes its hash, as an
	// attacker who knows the hash function would; the next link still breaks.
	rewrite := func(seq int64) func(*testing.T, *sql.DB, []access.LogEntry) {
		return func(t *testing.T, raw *sql.DB, es []access.LogEntry) {
			e := es[seq-1]
			e.Purpose = "routine check"
			rawExec(t, raw, "UPDATE access_log SET purpose = $1, hash = $2 WHERE seq = $3", e.Purpose, access.ChainHash(e.PrevHash, &e), seq)
		}
	}
	for _, tc := range []struct {
		name    string
		tamper  func(t *testing.T, raw *sql.DB, es []access.LogEntry)
		wantSeq int64
	}{
		{"purpose changed", func(t *testing.T, raw *sql.DB, _ []access.LogEntry) {
			rawExec(t, raw, "UPDATE access_log SET purpose = 'routine check' WHERE seq = 3")
		}, 3},
		{"person changed", func(t *testing.T, raw *sql.DB, _ []access.LogEntry) {
			rawExec(t, raw, "UPDATE access_log SET person_id = 'someone-else' WHERE seq = 2")
		}, 2},
		{"time moved", func(t *testing.T, raw *sql.DB, _ []access.LogEntry) {
			rawExec(t, raw, "UPDATE access_log SET at = at - 3600000000 WHERE seq = 5")
		}, 5},
		{"first row deleted", func(t *testing.T, raw *sql.DB, _ []access.LogEntry) {
			rawExec(t, raw, "DELETE FROM access_log WHERE seq = 1")
		}, 1},
		{"middle row deleted", func(t *testing.T, raw *sql.DB, _ []access.LogEntry) {
			rawExec(t, raw, "DELETE FROM access_log WHERE seq = 4")
		}, 4},
		{"last row deleted", func(t *testing.T, raw *sql.DB, _ []access.LogEntry) {
			rawExec(t, raw, "DELETE FROM access_log WHERE seq = $1", n)
		}, n},
		{"all rows deleted", func(t *testing.T, raw *sql.DB, _ []access.LogEntry) {
			rawExec(t, raw, "DELETE FROM access_log")
		}, 1},
		{"two rows' contents swapped", swap(false), 2},
		{"two rows swapped with their hashes", swap(true), 2},
		{"hash recomputed for a changed row", rewrite(3), 4},
		{"hash recomputed for the last row", rewrite(n), n},
		{"entry forged after the head", func(t *testing.T, raw *sql.DB, es []access.LogEntry) {
			last := es[len(es)-1]
			e := *logEntry(99, "person-0", last.At.Add(time.Second))
			e.Seq, e.PrevHash = last.Seq+1, last.Hash
			e.Hash = access.ChainHash(e.PrevHash, &e)
			rawExec(t, raw, insertLogSQL, logRow(e)...)
		}, n + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each case has databases of its own
			for _, engine := range storetest.Engines() {
				t.Run(engine, func(t *testing.T) {
					db, dsn := openMigrated(t, engine)
					entries := appendLog(t, db, n)
					wantVerified(t, db, n)
					raw := openRaw(t, engine, dsn)
					bypassAppendOnly(t, engine, raw)
					tc.tamper(t, raw, entries)
					wantBreak(t, db, tc.wantSeq)
				})
			}
		})
	}
}

func wantBreak(t *testing.T, db *store.DB, seq int64) {
	t.Helper()
	_, err := db.VerifyAccessLog(t.Context())
	var br *access.ChainBreak
	if !errors.As(err, &br) {
		t.Fatalf("VerifyAccessLog = %v, want a *access.ChainBreak at %d", err, seq)
	}
	if br.Seq != seq {
		t.Fatalf("break reported at %d (%v), want %d", br.Seq, br, seq)
	}
}

// VerifyAccessLog reads the log in pages; the chain must hold across them.
func TestAccessLogVerifyLong(t *testing.T) {
	const n = 5001 // more than one page
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			db, dsn := openMigrated(t, engine)
			raw := openRaw(t, engine, dsn)
			// Appending thousands of entries one durable commit at a time is
			// slow; the middle of the chain is written in one transaction
			// instead, between entries the store appends itself, so the store
			// must agree with the chain it finds.
			entries := appendLog(t, db, 10)
			entries = append(entries, rawAppend(t, raw, entries[len(entries)-1], n-1-len(entries))...)
			entries = append(entries, appendLog(t, db, 1)...)
			if last := entries[len(entries)-1]; last.Seq != n || last.PrevHash != entries[n-2].Hash {
				t.Fatalf("the store appended seq %d after %d without linking to it", last.Seq, entries[n-2].Seq)
			}
			wantVerified(t, db, n)

			// Rewriting the last entry of the first page breaks the first
			// link of the second.
			bypassAppendOnly(t, engine, raw)
			e := entries[4999]
			e.PersonID = "someone-else"
			rawExec(t, raw, "UPDATE access_log SET person_id = $1, hash = $2 WHERE seq = $3", e.PersonID, access.ChainHash(e.PrevHash, &e), e.Seq)
			wantBreak(t, db, 5001)
		})
	}
}

// rawAppend writes count correctly chained entries after last in one
// transaction and moves the head, as AppendAccessLog would one by one.
func rawAppend(t *testing.T, raw *sql.DB, last access.LogEntry, count int) []access.LogEntry {
	t.Helper()
	tx, err := raw.Begin()
	mustNil(t, err)
	defer tx.Rollback()
	// Prepared once: parsing the statement 5000 times dominates on SQLite.
	ins, err := tx.Prepare(insertLogSQL)
	mustNil(t, err)
	defer ins.Close()
	out := make([]access.LogEntry, 0, count)
	for i := range count {
		e := *logEntry(i, fmt.Sprintf("person-%d", i%7), last.At.Add(time.Millisecond))
		e.Seq, e.PrevHash = last.Seq+1, last.Hash
		e.Hash = access.ChainHash(e.PrevHash, &e)
		_, err := ins.Exec(logRow(e)...)
		mustNil(t, err)
		out = append(out, e)
		last = e
	}
	_, err = tx.Exec("UPDATE access_log_head SET seq = $1, hash = $2 WHERE id = 1", last.Seq, last.Hash)
	mustNil(t, err)
	mustNil(t, tx.Commit())
	return out
}

const insertLogSQL = `INSERT INTO access_log (seq, at, user_id, user_name, org_unit, person_id, action, purpose, route, request_id, prev_hash, hash)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`

// logRow is e as insertLogSQL's arguments, stored as the store stores it.
func logRow(e access.LogEntry) []any {
	return []any{e.Seq, e.At.UnixMicro(), e.UserID, e.UserName, e.OrgUnit, e.PersonID, string(e.Action),
		e.Purpose, e.Route, e.RequestID, e.PrevHash, e.Hash}
}
