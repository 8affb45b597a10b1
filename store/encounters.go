package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"kynnys"
	"kynnys/calendar"
	"kynnys/encounter"
)

// seedVocabulary stores encounter.DefaultVocabulary; it runs once, in the
// transaction of the migration that creates the table (afterMigration).
func seedVocabulary(ctx context.Context, tx *sql.Tx) error {
	now := ts(time.Now())
	for _, e := range encounter.DefaultVocabulary {
		if _, err := tx.ExecContext(ctx, `INSERT INTO vocabulary_entries (kind, code, label_fi, label_sv, label_en, active, position, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			string(e.Kind), e.Code, e.Label.FI, e.Label.SV, e.Label.EN, e.Active, e.Position, now); err != nil {
			return fmt.Errorf("seed vocabulary: %w", err)
		}
	}
	return nil
}

// Vocabulary returns every entry, active and retired, by kind and position,
// as a copy of the node's cached vocabulary.
func (db *DB) Vocabulary(ctx context.Context) (*encounter.Vocabulary, error) {
	version, _, err := db.Setting(ctx, vocabularyVersionKey)
	if err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	v, err := db.caches.vocabulary.get(version, struct{}{}, func() (*encounter.Vocabulary, error) {
		return db.readVocabulary(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	return &encounter.Vocabulary{Entries: slices.Clone(v.Entries)}, nil
}

func (db *DB) readVocabulary(ctx context.Context) (*encounter.Vocabulary, error) {
	v := &encounter.Vocabulary{Entries: []encounter.Entry{}}
	err := db.eachRow(ctx, func(r *sql.Rows) error {
		var e encounter.Entry
		var kind string
		if err := r.Scan(&kind, &e.Code, &e.Label.FI, &e.Label.SV, &e.Label.EN, &e.Active, &e.Position); err != nil {
			return err
		}
		e.Kind = encounter.VocabularyKind(kind)
		v.Entries = append(v.Entries, e)
		return nil
	}, "SELECT kind, code, label_fi, label_sv, label_en, active, position FROM vocabulary_entries ORDER BY kind, position, code")
	if err != nil {
		return nil, err
	}
	return v, nil
}

var vocabularyKinds = []encounter.VocabularyKind{encounter.KindTopic, encounter.KindHelp, encounter.KindAgeBand}

// AddVocabularyEntry adds an active entry at the end of its kind (e.Active
// and e.Position are ignored: a new code is there to be used). A code that
// exists already, even retired, is kynnys.ErrConflict.
func (db *DB) AddVocabularyEntry(ctx context.Context, e encounter.Entry) error {
	if !slices.Contains(vocabularyKinds, e.Kind) {
		return kynnys.Invalid("kind", "error.unknown_code")
	}
	if strings.TrimSpace(e.Code) == "" {
		return kynnys.Invalid("code", "error.required")
	}
	if !encounter.ValidCode(e.Code) {
		return kynnys.Invalid("code", "error.code_format")
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		// The write transaction serialises adders, so max+1 is not raced.
		_, err := tx.ExecContext(ctx, `INSERT INTO vocabulary_entries (kind, code, label_fi, label_sv, label_en, active, position, created_at)
			SELECT $1, $2, $3, $4, $5, TRUE, COALESCE(MAX(position), -1) + 1, $6 FROM vocabulary_entries WHERE kind = $1`,
			string(e.Kind), e.Code, e.Label.FI, e.Label.SV, e.Label.EN, ts(time.Now()))
		if err != nil {
			return err
		}
		return bumpVersion(ctx, tx, vocabularyVersionKey)
	})
	if err != nil {
		return fmt.Errorf("add vocabulary entry: %w", err)
	}
	return nil
}

// SetVocabularyActive retires (false) or restores (true) an entry.
func (db *DB) SetVocabularyActive(ctx context.Context, kind encounter.VocabularyKind, code string, active bool) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE vocabulary_entries SET active = $1 WHERE kind = $2 AND code = $3", active, string(kind), code)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kynnys.ErrNotFound
		}
		return bumpVersion(ctx, tx, vocabularyVersionKey)
	})
	if err != nil {
		return fmt.Errorf("set vocabulary entry active: %w", err)
	}
	return nil
}

// noPersonalData refuses an anonymous encounter that carries personal data.
// The caller validates encounters; this is defence in depth (RULES.md §5),
// as is the CHECK constraint on the table.
func noPersonalData(e *encounter.Encounter) error {
	if e.Anonymous {
		if e.ClientID != "" {
			return kynnys.Invalid("client_id", "error.personal_data_anonymous")
		}
		if e.Note != "" {
			return kynnys.Invalid("note", "error.personal_data_anonymous")
		}
	}
	return nil
}

// CreateEncounter stores a validated encounter, setting its ID and
// timestamps, and adds its facts to the roll-ups in the same transaction.
// Concurrent calls share transactions (see groupCommitter); each returns
// once its encounter is committed, or with its own error.
func (db *DB) CreateEncounter(ctx context.Context, e *encounter.Encounter) error {
	// Refused here, so that it never reaches (and fails) a shared batch.
	if err := noPersonalData(e); err != nil {
		return err
	}
	return db.commits.submit(ctx, db, e)
}

// CreateEncounters stores validated encounters in one transaction: all or
// none. Rows go in multi-row inserts, and the roll-up changes of the batch
// are summed first, so a batch costs a few statements (one round trip each
// on PostgreSQL), not a few per encounter.
// An encounter is logged now, unless its CreatedAt is set and earlier: one
// first written elsewhere, such as the demo's past year (loggedAt).
func (db *DB) CreateEncounters(ctx context.Context, es []*encounter.Encounter) error {
	if len(es) == 0 {
		return nil
	}
	for _, e := range es {
		if err := noPersonalData(e); err != nil {
			return err
		}
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	ids := make([]string, len(es))
	deltas := rollupDeltas{}
	rows, codes, referrals := []any{}, []any{}, []any{}
	for i, e := range es {
		ids[i] = NewID()
		n := normalised(e)
		deltas.add(n, 1)
		rows = append(rows, ids[i], n.ServicePointID, n.StaffID, string(n.Channel), ts(n.StartedAt), n.LocalDate().String(), n.DurationMin,
			n.Anonymous, nullString(n.ClientID), n.Note, n.AgeBand, n.Gender, n.AlreadyClient, n.ContinuedToServices, n.FirstVisit,
			ts(loggedAt(e, now)), ts(loggedAt(e, now)))
		codes, referrals = appendEncounterLists(codes, referrals, ids[i], n)
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.insertRows(ctx, tx, `INSERT INTO encounters (id, service_point_id, staff_id, channel, started_at, local_date, duration_min,
			anonymous, client_id, note, age_band, gender, already_client, continued, first_visit, created_at, updated_at) VALUES `, "", 17, rows); err != nil {
			return err
		}
		if err := db.insertEncounterLists(ctx, tx, codes, referrals); err != nil {
			return err
		}
		return deltas.apply(ctx, db, tx)
	})
	if err != nil {
		return fmt.Errorf("create encounters: %w", err)
	}
	for i, e := range es {
		logged := loggedAt(e, now)
		e.ID, e.StartedAt, e.CreatedAt, e.UpdatedAt = ids[i], normalised(e).StartedAt, logged, logged
	}
	return nil
}

// loggedAt is when e counts as logged: its CreatedAt when set and before
// now, else now. It decides the author's edit window and "recent entries".
func loggedAt(e *encounter.Encounter, now time.Time) time.Time {
	if e.CreatedAt.IsZero() || e.CreatedAt.After(now) {
		return now
	}
	return e.CreatedAt.UTC().Truncate(time.Microsecond)
}

// normalised returns a copy of e with StartedAt as stored (UTC, whole
// microseconds), so that its facts (the Helsinki date and hour) are those
// the stored row will give when it is read back.
func normalised(e *encounter.Encounter) *encounter.Encounter {
	n := *e
	n.StartedAt = fromTS(ts(e.StartedAt))
	return &n
}

// appendEncounterLists adds the encounter_codes and encounter_referrals
// rows of encounter id to codes and referrals.
func appendEncounterLists(codes, referrals []any, id string, e *encounter.Encounter) ([]any, []any) {
	for _, list := range []struct {
		kind  encounter.VocabularyKind
		codes []string
	}{{encounter.KindTopic, e.Topics}, {encounter.KindHelp, e.Help}} {
		for i, c := range list.codes {
			codes = append(codes, id, string(list.kind), c, i)
		}
	}
	for i, r := range e.ReferredTo {
		referrals = append(referrals, id, r, i)
	}
	return codes, referrals
}

func (db *DB) insertEncounterLists(ctx context.Context, tx *sql.Tx, codes, referrals []any) error {
	if err := db.insertRows(ctx, tx, "INSERT INTO encounter_codes (encounter_id, kind, code, position) VALUES ", "", 4, codes); err != nil {
		return err
	}
	return db.insertRows(ctx, tx, "INSERT INTO encounter_referrals (encounter_id, partner, position) VALUES ", "", 3, referrals)
}

// insertRows runs insert (ending in "VALUES "), the rows of args (width
// values each) and suffix, as many rows a statement as the dialect's
// rowsPerInsert. A statement that runs more than once is prepared once.
func (db *DB) insertRows(ctx context.Context, tx *sql.Tx, insert, suffix string, width int, args []any) error {
	chunk := db.dialect.rowsPerInsert(width) * width
	if len(args) >= 2*chunk {
		stmt, err := tx.PrepareContext(ctx, insert+valueRows(chunk/width, width)+suffix)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for ; len(args) >= chunk; args = args[chunk:] {
			if _, err := stmt.ExecContext(ctx, args[:chunk]...); err != nil {
				return err
			}
		}
	}
	if len(args) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, insert+valueRows(len(args)/width, width)+suffix, args...)
	return err
}

// valueRows returns "($1, …, $width), (…)" for rows rows.
func valueRows(rows, width int) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + placeholders(r*width+1, width) + ")")
	}
	return b.String()
}

const encounterColumns = `id, service_point_id, staff_id, channel, started_at, duration_min, anonymous, client_id, note,
	age_band, gender, already_client, continued, first_visit, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanEncounter(s scanner) (*encounter.Encounter, error) {
	var e encounter.Encounter
	var channel string
	var clientID sql.NullString
	var started, created, updated int64
	if err := s.Scan(&e.ID, &e.ServicePointID, &e.StaffID, &channel, &started, &e.DurationMin, &e.Anonymous, &clientID, &e.Note,
		&e.AgeBand, &e.Gender, &e.AlreadyClient, &e.ContinuedToServices, &e.FirstVisit, &created, &updated); err != nil {
		return nil, err
	}
	e.Channel, e.ClientID = encounter.Channel(channel), clientID.String
	e.StartedAt, e.CreatedAt, e.UpdatedAt = fromTS(started), fromTS(created), fromTS(updated)
	e.Topics, e.Help, e.ReferredTo = []string{}, []string{}, []string{}
	return &e, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// loadEncounterLists fills the topics, help and referrals of the encounters
// byID, read by a query selecting the encounter ids that subquery (with args)
// returns.
func loadEncounterLists(ctx context.Context, q querier, byID map[string]*encounter.Encounter, subquery string, args ...any) error {
	rows, err := q.QueryContext(ctx, "SELECT encounter_id, kind, code FROM encounter_codes WHERE encounter_id IN ("+subquery+") ORDER BY encounter_id, kind, position", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, kind, code string
		if err := rows.Scan(&id, &kind, &code); err != nil {
			return err
		}
		if e := byID[id]; e != nil {
			switch encounter.VocabularyKind(kind) {
			case encounter.KindTopic:
				e.Topics = append(e.Topics, code)
			case encounter.KindHelp:
				e.Help = append(e.Help, code)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, "SELECT encounter_id, partner FROM encounter_referrals WHERE encounter_id IN ("+subquery+") ORDER BY encounter_id, position", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, partner string
		if err := rows.Scan(&id, &partner); err != nil {
			return err
		}
		if e := byID[id]; e != nil {
			e.ReferredTo = append(e.ReferredTo, partner)
		}
	}
	return rows.Err()
}

// snapshot runs fn in a read-only transaction on the read pool, so that an
// encounter and its lists come from one state of the database. (SQLite's
// read transactions are snapshots anyway; PostgreSQL needs REPEATABLE READ.)
func (db *DB) snapshot(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.rd.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	return fn(tx)
}

// readEncounter reads a live (not deleted) encounter with its lists; suffix
// is appended to the row's query (FOR UPDATE).
func readEncounter(ctx context.Context, tx *sql.Tx, id, suffix string) (*encounter.Encounter, error) {
	e, err := scanEncounter(tx.QueryRowContext(ctx, "SELECT "+encounterColumns+" FROM encounters WHERE id = $1 AND deleted_at IS NULL"+suffix, id))
	if err != nil {
		return nil, notFound(err, "encounter")
	}
	if err := loadEncounterLists(ctx, tx, map[string]*encounter.Encounter{id: e}, "$1", id); err != nil {
		return nil, err
	}
	return e, nil
}

// Encounter returns one encounter; a deleted one is kynnys.ErrNotFound.
func (db *DB) Encounter(ctx context.Context, id string) (*encounter.Encounter, error) {
	var e *encounter.Encounter
	err := db.snapshot(ctx, func(tx *sql.Tx) error {
		var err error
		e, err = readEncounter(ctx, tx, id, "")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read encounter: %w", err)
	}
	return e, nil
}

// RecentEncounters returns at most limit encounters that staffID logged
// (created) at or after since, newest first, leaving out deleted ones.
func (db *DB) RecentEncounters(ctx context.Context, staffID string, since time.Time, limit int) ([]encounter.Encounter, error) {
	out := []encounter.Encounter{}
	if limit <= 0 {
		return out, nil
	}
	const recent = "SELECT id FROM encounters WHERE staff_id = $1 AND created_at >= $2 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $3"
	args := []any{staffID, ts(since), limit}
	err := db.snapshot(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+encounterColumns+" FROM encounters WHERE id IN ("+recent+") ORDER BY created_at DESC, id DESC", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var list []*encounter.Encounter
		byID := map[string]*encounter.Encounter{}
		for rows.Next() {
			e, err := scanEncounter(rows)
			if err != nil {
				return err
			}
			list = append(list, e)
			byID[e.ID] = e
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(list) == 0 {
			return nil
		}
		if err := loadEncounterLists(ctx, tx, byID, recent, args...); err != nil {
			return err
		}
		for _, e := range list {
			out = append(out, *e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("recent encounters: %w", err)
	}
	return out, nil
}

// UpdateEncounter replaces a live encounter's fields, topics, help and
// referrals and moves its roll-up counts from the old facts to the new. Who
// logged it (StaffID) and when (CreatedAt) stay as stored and are set on e,
// as is UpdatedAt.
func (db *DB) UpdateEncounter(ctx context.Context, e *encounter.Encounter) error {
	if err := noPersonalData(e); err != nil {
		return err
	}
	n := normalised(e)
	now := time.Now().UTC().Truncate(time.Microsecond)
	var old *encounter.Encounter
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if old, err = readEncounter(ctx, tx, e.ID, db.forUpdate()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE encounters SET service_point_id = $1, channel = $2, started_at = $3, local_date = $4,
			duration_min = $5, anonymous = $6, client_id = $7, note = $8, age_band = $9, gender = $10, already_client = $11,
			continued = $12, first_visit = $13, updated_at = $14 WHERE id = $15`,
			n.ServicePointID, string(n.Channel), ts(n.StartedAt), n.LocalDate().String(), n.DurationMin, n.Anonymous,
			nullString(n.ClientID), n.Note, n.AgeBand, n.Gender, n.AlreadyClient, n.ContinuedToServices, n.FirstVisit,
			ts(now), e.ID); err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM encounter_codes WHERE encounter_id = $1", "DELETE FROM encounter_referrals WHERE encounter_id = $1"} {
			if _, err := tx.ExecContext(ctx, q, e.ID); err != nil {
				return err
			}
		}
		codes, referrals := appendEncounterLists(nil, nil, e.ID, n)
		if err := db.insertEncounterLists(ctx, tx, codes, referrals); err != nil {
			return err
		}
		deltas := rollupDeltas{}
		deltas.add(old, -1)
		deltas.add(n, 1)
		return deltas.apply(ctx, db, tx)
	})
	if err != nil {
		return fmt.Errorf("update encounter: %w", err)
	}
	e.StartedAt, e.StaffID, e.CreatedAt, e.UpdatedAt = n.StartedAt, old.StaffID, old.CreatedAt, now
	return nil
}

// DeleteEncounter marks a live encounter deleted by byUserID (the row stays,
// for the audit trail) and takes it out of the roll-ups.
func (db *DB) DeleteEncounter(ctx context.Context, id, byUserID string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		old, err := readEncounter(ctx, tx, id, db.forUpdate())
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE encounters SET deleted_at = $1, deleted_by = $2 WHERE id = $3",
			ts(time.Now()), byUserID, id); err != nil {
			return err
		}
		deltas := rollupDeltas{}
		deltas.add(old, -1)
		return deltas.apply(ctx, db, tx)
	})
	if err != nil {
		return fmt.Errorf("delete encounter: %w", err)
	}
	return nil
}

// rollupKey is one roll-up row.
type rollupKey struct{ date, point, dimension, code string }

// rollupDeltas are the net changes a transaction makes to roll-up counts.
type rollupDeltas map[rollupKey]int

// add counts e's facts sign times (+1 for a new encounter, −1 for a removed one).
func (d rollupDeltas) add(e *encounter.Encounter, sign int) {
	date := e.LocalDate().String()
	for _, f := range e.Facts() {
		d[rollupKey{date, e.ServicePointID, f.Dimension, f.Code}] += sign
	}
}

// month is the local_month of a roll-up's "YYYY-MM-DD" date.
func month(date string) string { return date[:7] }

// apply writes the deltas. Keys go in sorted order, and so do the row locks
// they take, so that concurrent PostgreSQL transactions cannot deadlock on
// roll-up rows. Increments are multi-row upserts; decrements are updates
// that must find a row with enough count, or the roll-ups have drifted from
// the encounters, which is an error rather than a silent miscount.
func (d rollupDeltas) apply(ctx context.Context, db *DB, tx *sql.Tx) error {
	keys := make([]rollupKey, 0, len(d))
	for k, n := range d {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b rollupKey) int {
		return cmp.Or(cmp.Compare(a.date, b.date), cmp.Compare(a.point, b.point), cmp.Compare(a.dimension, b.dimension), cmp.Compare(a.code, b.code))
	})
	var up []any
	// flush writes the increments gathered so far: before a decrement, so
	// that rows are still locked in key order.
	flush := func() error {
		err := db.insertRows(ctx, tx, "INSERT INTO encounter_rollups (local_month, local_date, service_point_id, dimension, code, count) VALUES ",
			" ON CONFLICT (local_month, dimension, code, local_date, service_point_id) DO UPDATE SET count = encounter_rollups.count + excluded.count", 6, up)
		up = up[:0]
		return err
	}
	for _, k := range keys {
		n := d[k]
		if n > 0 {
			up = append(up, month(k.date), k.date, k.point, k.dimension, k.code, n)
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE encounter_rollups SET count = count - $1
			WHERE local_month = $2 AND dimension = $3 AND code = $4 AND local_date = $5 AND service_point_id = $6 AND count >= $1`,
			-n, month(k.date), k.dimension, k.code, k.date, k.point)
		if err != nil {
			return err
		}
		if rows, _ := res.RowsAffected(); rows != 1 {
			// The code may be free text (a referral), so it stays out of the message.
			return fmt.Errorf("encounter roll-up %s of %s at point %s is below the encounters it should count", k.dimension, k.date, k.point)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return d.applyMonthly(ctx, db, tx)
}

// EncounterStats sums the roll-ups of q's dates and points: the months q
// covers whole from the monthly roll-ups, the rest from the daily ones, and
// the daily totals from the daily "total" rows (statsSQL), all in one
// snapshot. A year thus reads some 80,000 monthly rows and 15,000 daily
// totals for a million encounters at 40 points, not 1.2 million daily rows
// (docs/statistics.md has the query plans and the figures).
func (db *DB) EncounterStats(ctx context.Context, q encounter.StatsQuery) (*encounter.Stats, error) {
	s := &encounter.Stats{Counts: map[string]map[string]int{}, Days: map[string]int{}}
	if q.ServicePointIDs != nil && len(q.ServicePointIDs) == 0 {
		return s, nil
	}
	err := db.snapshot(ctx, func(tx *sql.Tx) error {
		for _, st := range statsSQL(q) {
			rows, err := tx.QueryContext(ctx, st.sql, st.args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var dim, code, day string
				var n int
				if st.days {
					err = rows.Scan(&day, &n)
				} else {
					err = rows.Scan(&dim, &code, &n)
				}
				if err != nil {
					rows.Close()
					return err
				}
				switch {
				case n == 0: // a count kept at 0 after an edit or a removal
				case st.days:
					s.Days[day] += n
				default:
					m := s.Counts[dim]
					if m == nil {
						m = map[string]int{}
						s.Counts[dim] = m
					}
					m[code] += n
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("encounter statistics: %w", err)
	}
	return s, nil
}

// statsStmt is one query of EncounterStats with its arguments. A days query
// reads (local_date, count), the others (dimension, code, count).
type statsStmt struct {
	sql  string
	args []any
	days bool
}

// statsSQL returns the queries of q: the sums of the months q covers whole
// (monthly roll-ups), of the months it covers in part (daily roll-ups of
// its dates), and the daily totals. Each reads its table's key in order: a
// range or list of months, then (dimension, code), which is the grouping, so
// that no query sorts. The daily totals' list of months lets the key's
// (local_month, dimension, code) prefix find each month's "total" rows
// directly instead of reading the whole month.
func statsSQL(q encounter.StatsQuery) []statsStmt {
	var months, whole, part []string
	for m := (calendar.Date{Year: q.From.Year, Month: q.From.Month, Day: 1}); !m.After(q.To); {
		next := calendar.Date{Year: m.Year, Month: m.Month + 1, Day: 1}
		if m.Month == time.December {
			next = calendar.Date{Year: m.Year + 1, Month: time.January, Day: 1}
		}
		key := month(m.String())
		months = append(months, key)
		if !m.Before(q.From) && !next.AddDays(-1).After(q.To) {
			whole = append(whole, key)
		} else {
			part = append(part, key)
		}
		m = next
	}
	// in adds vals to args and returns their placeholders.
	in := func(args *[]any, vals []string) string {
		list := placeholders(len(*args)+1, len(vals))
		for _, v := range vals {
			*args = append(*args, v)
		}
		return list
	}
	points := func(args *[]any) string {
		if q.ServicePointIDs == nil {
			return ""
		}
		return " AND service_point_id IN (" + in(args, q.ServicePointIDs) + ")"
	}
	from, to := q.From.String(), q.To.String()
	var out []statsStmt
	if len(whole) > 0 {
		args := []any{whole[0], whole[len(whole)-1]}
		where := "local_month >= $1 AND local_month <= $2" + points(&args)
		out = append(out, statsStmt{args: args, sql: `SELECT dimension, code, SUM(count) FROM encounter_rollups_monthly
			WHERE ` + where + ` GROUP BY local_month, dimension, code`})
	}
	if len(part) > 0 {
		args := []any{from, to}
		where := "local_month IN (" + in(&args, part) + ") AND local_date >= $1 AND local_date <= $2" + points(&args)
		out = append(out, statsStmt{args: args, sql: `SELECT dimension, code, SUM(count) FROM encounter_rollups
			WHERE ` + where + ` GROUP BY local_month, dimension, code`})
	}
	args := []any{from, to, encounter.DimTotal}
	where := "local_month IN (" + in(&args, months) + ") AND dimension = $3 AND code = '' AND local_date >= $1 AND local_date <= $2" + points(&args)
	out = append(out, statsStmt{args: args, days: true, sql: `SELECT local_date, SUM(count) FROM encounter_rollups
		WHERE ` + where + ` GROUP BY local_month, local_date`})
	return out
}
