package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/casework"
)

// Holding-on case work (0009_casework.sql): clients, cases, the trust
// ladder, caseloads and the case-work settings here; meetings, follow-ups,
// plans, assessments, consents, referrals and read grants in
// casework_work.go.
//
// Instants a user records (opened, met, given…) are the caller's, now when
// zero; UpdatedAt is the store's clock: when the row last changed.

func encodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// versioned explains an update of a versioned row that matched no row:
// kynnys.ErrNotFound when the row is gone, kynnys.ErrConflict when it
// changed since it was read.
func versioned(ctx context.Context, tx *sql.Tx, res sql.Result, what, table, key, id string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	var exists bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+table+" WHERE "+key+" = $1)", id).Scan(&exists); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !exists {
		return fmt.Errorf("%s: %w", what, kynnys.ErrNotFound)
	}
	return fmt.Errorf("%s changed meanwhile: %w", what, kynnys.ErrConflict)
}

// stampOr returns t, or now when t is zero, at the stored precision.
func stampOr(t, now time.Time) time.Time {
	if t.IsZero() {
		t = now
	}
	return fromTS(ts(t))
}

// --- clients ---

// contactDoc is the JSON document of a client's contact details.
type contactDoc struct {
	Phone     string   `json:"phone,omitempty"`
	Email     string   `json:"email,omitempty"`
	Address   string   `json:"address,omitempty"`
	Languages []string `json:"languages,omitempty"`
}

func encodeContact(c *casework.Client) (string, error) {
	return encodeJSON(contactDoc{Phone: c.Phone, Email: c.Email, Address: c.Address, Languages: c.Languages})
}

// CreateClient stores a validated client and sets ID (the person id),
// CreatedAt, UpdatedAt and Version. A client with an identity code becomes
// the person already known by it (from an intake item, say); a second
// client with the same code is a *casework.DuplicateError naming the first.
func (db *DB) CreateClient(ctx context.Context, c *casework.Client) error {
	contact, err := encodeContact(c)
	if err != nil {
		return fmt.Errorf("encode contact: %w", err)
	}
	created := stampOr(c.CreatedAt, time.Now())
	var id string
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = clientPerson(ctx, tx, c, created); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO clients (person_id, name, name_key, birth_date, contact, municipality,
			created_at, created_by, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, 1)
			ON CONFLICT (person_id) DO NOTHING`,
			id, c.Name, casework.NameKey(c.Name), dateText(c.BirthDate), contact, c.Municipality, ts(created), nullString(c.CreatedBy))
		if err != nil {
			return fmt.Errorf("insert client: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return &casework.DuplicateError{ClientID: id}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("create client: %w", err)
	}
	c.ID, c.CreatedAt, c.UpdatedAt, c.Version = id, created, created, 1
	return nil
}

// clientPerson is the person a new client is: the one with the client's
// identity code, or without a code the person c.ID names when it exists
// and has no code (someone known from an intake item), else a new person.
func clientPerson(ctx context.Context, tx *sql.Tx, c *casework.Client, now time.Time) (string, error) {
	if c.Hetu == "" && c.ID != "" {
		var id string
		err := tx.QueryRowContext(ctx, "SELECT id FROM persons WHERE id = $1 AND hetu IS NULL", c.ID).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("read person: %w", err)
		}
	}
	return ensurePerson(ctx, tx, c.Hetu, now)
}

const clientColumns = `c.person_id, p.hetu, c.name, c.birth_date, c.contact, c.municipality, c.created_at, c.created_by,
	c.updated_at, c.version`

func scanClient(s scanner) (*casework.Client, error) {
	var c casework.Client
	var hetu, createdBy sql.NullString
	var birth, contact string
	var created, updated int64
	if err := s.Scan(&c.ID, &hetu, &c.Name, &birth, &contact, &c.Municipality, &created, &createdBy, &updated, &c.Version); err != nil {
		return nil, err
	}
	c.Hetu, c.CreatedBy, c.CreatedAt, c.UpdatedAt = hetu.String, createdBy.String, fromTS(created), fromTS(updated)
	var err error
	if c.BirthDate, err = parseDateText(birth); err != nil {
		return nil, fmt.Errorf("birth date: %w", err)
	}
	var doc contactDoc
	if err := json.Unmarshal([]byte(contact), &doc); err != nil {
		return nil, fmt.Errorf("decode contact: %w", err)
	}
	c.Phone, c.Email, c.Address, c.Languages = doc.Phone, doc.Email, doc.Address, doc.Languages
	return &c, nil
}

// Client returns one client.
func (db *DB) Client(ctx context.Context, id string) (*casework.Client, error) {
	c, err := scanClient(db.rd.QueryRowContext(ctx, "SELECT "+clientColumns+
		" FROM clients c JOIN persons p ON p.id = c.person_id WHERE c.person_id = $1", id))
	if err != nil {
		return nil, notFound(err, "client")
	}
	return c, nil
}

// UpdateClient saves a validated client if c.Version is still the stored
// one, and sets Version and UpdatedAt. A changed identity code that
// another client has is a *casework.DuplicateError; one that only another
// person (of an intake item) has is kynnys.ErrConflict, as the two people
// cannot be merged here.
func (db *DB) UpdateClient(ctx context.Context, c *casework.Client) error {
	contact, err := encodeContact(c)
	if err != nil {
		return fmt.Errorf("encode contact: %w", err)
	}
	now := fromTS(ts(time.Now()))
	err = db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE clients SET name = $1, name_key = $2, birth_date = $3, contact = $4,
			municipality = $5, updated_at = $6, version = version + 1 WHERE person_id = $7 AND version = $8`,
			c.Name, casework.NameKey(c.Name), dateText(c.BirthDate), contact, c.Municipality, ts(now), c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("update client: %w", err)
		}
		if err := versioned(ctx, tx, res, "client", "clients", "person_id", c.ID); err != nil {
			return err
		}
		var stored sql.NullString
		if err := tx.QueryRowContext(ctx, "SELECT hetu FROM persons WHERE id = $1", c.ID).Scan(&stored); err != nil {
			return fmt.Errorf("read person: %w", err)
		}
		if stored.String == c.Hetu {
			return nil
		}
		if c.Hetu != "" {
			var other string
			var client sql.NullString
			err := tx.QueryRowContext(ctx, `SELECT p.id, c.person_id FROM persons p LEFT JOIN clients c ON c.person_id = p.id
				WHERE p.hetu = $1`, c.Hetu).Scan(&other, &client)
			switch {
			case err == nil && client.Valid:
				return &casework.DuplicateError{ClientID: other}
			case err == nil:
				return fmt.Errorf("identity code of another person: %w", kynnys.ErrConflict)
			case !errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("read person: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE persons SET hetu = $1 WHERE id = $2", nullString(c.Hetu), c.ID); err != nil {
			return fmt.Errorf("update person: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update client: %w", err)
	}
	c.Version++
	c.UpdatedAt = now
	return nil
}

// ClientDuplicates returns the clients other than c that may be the same
// person: by identity code (ByHetu) first, then by name and birth date.
// Two clients whose identity codes differ are different people whatever
// their names.
func (db *DB) ClientDuplicates(ctx context.Context, c *casework.Client) ([]casework.Match, error) {
	out := []casework.Match{}
	seen := map[string]bool{}
	scan := func(byHetu bool) func(*sql.Rows) error {
		return func(rows *sql.Rows) error {
			m, err := scanMatch(rows)
			if err != nil {
				return err
			}
			if !seen[m.ClientID] {
				seen[m.ClientID] = true
				m.ByHetu = byHetu
				out = append(out, m)
			}
			return nil
		}
	}
	if c.Hetu != "" {
		if err := db.eachRow(ctx, scan(true), "SELECT "+matchColumns+` FROM clients c JOIN persons p ON p.id = c.person_id
			WHERE p.hetu = $1 AND c.person_id <> $2 ORDER BY c.name_key, c.person_id`, c.Hetu, c.ID); err != nil {
			return nil, fmt.Errorf("client duplicates: %w", err)
		}
	}
	if err := db.eachRow(ctx, scan(false), "SELECT "+matchColumns+` FROM clients c JOIN persons p ON p.id = c.person_id
		WHERE c.name_key = $1 AND c.birth_date = $2 AND c.person_id <> $3 AND ($4 = '' OR p.hetu IS NULL OR p.hetu = $4)
		ORDER BY c.name_key, c.person_id`, casework.NameKey(c.Name), dateText(c.BirthDate), c.ID, c.Hetu); err != nil {
		return nil, fmt.Errorf("client duplicates: %w", err)
	}
	return out, nil
}

const matchColumns = "c.person_id, c.name, c.birth_date, c.municipality"

func scanMatch(s scanner) (casework.Match, error) {
	var m casework.Match
	var birth string
	if err := s.Scan(&m.ClientID, &m.Name, &birth, &m.Municipality); err != nil {
		return m, err
	}
	var err error
	m.BirthDate, err = parseDateText(birth)
	return m, err
}

// Search limits: the default and the most a search returns.
const (
	defaultSearchLimit = 50
	maxSearchLimit     = 200
)

// likeEscape makes s match itself in a LIKE pattern with ESCAPE '\'.
var likeEscape = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// SearchClients finds clients by an exact identity code, or by name: each
// word of q.Name must begin a word of the client's name (in any order),
// optionally on q.BirthDate; or by the birth date alone. An empty query
// finds nothing. Hits are ordered by name.
func (db *DB) SearchClients(ctx context.Context, q casework.ClientQuery) ([]casework.Match, error) {
	out := []casework.Match{}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	switch hetu := strings.ToUpper(strings.TrimSpace(q.Hetu)); {
	case hetu != "":
		where = append(where, "p.hetu = "+arg(hetu))
	default:
		for _, w := range strings.Fields(casework.NameKey(q.Name)) {
			w = likeEscape.Replace(w)
			where = append(where, fmt.Sprintf(`(c.name_key LIKE %s ESCAPE '\' OR c.name_key LIKE %s ESCAPE '\')`,
				arg(w+"%"), arg("% "+w+"%")))
		}
		if !q.BirthDate.IsZero() {
			where = append(where, "c.birth_date = "+arg(dateText(q.BirthDate)))
		}
	}
	if len(where) == 0 {
		return out, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultSearchLimit
	}
	limit = min(limit, maxSearchLimit)
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		m, err := scanMatch(rows)
		if err != nil {
			return err
		}
		out = append(out, m)
		return nil
	}, "SELECT "+matchColumns+" FROM clients c JOIN persons p ON p.id = c.person_id WHERE "+strings.Join(where, " AND ")+
		" ORDER BY c.name_key, c.birth_date, c.person_id LIMIT "+arg(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("search clients: %w", err)
	}
	return out, nil
}

// --- cases ---

const caseColumns = `id, client_id, team_id, worker_id, second_worker_id, target_group, status, close_reason, close_note,
	origin, origin_ref, situation, stage, stage_at, last_contact_at, opened_at, opened_by, closed_at, updated_at, version`

// caseReportColumns are caseColumns without the free texts about the
// client, which reports do not need.
const caseReportColumns = `id, client_id, team_id, worker_id, second_worker_id, target_group, status, close_reason, '',
	origin, origin_ref, 'null', stage, stage_at, last_contact_at, opened_at, opened_by, closed_at, updated_at, version`

func scanCase(s scanner) (*casework.Case, error) {
	var c casework.Case
	var second, openedBy sql.NullString
	var tg, status, reason, origin, situation string
	var stageAt, lastContact, closed sql.NullInt64
	var opened, updated int64
	if err := s.Scan(&c.ID, &c.ClientID, &c.TeamID, &c.WorkerID, &second, &tg, &status, &reason, &c.CloseNote, &origin,
		&c.OriginRef, &situation, &c.Stage, &stageAt, &lastContact, &opened, &openedBy, &closed, &updated, &c.Version); err != nil {
		return nil, err
	}
	c.SecondWorkerID, c.OpenedBy = second.String, openedBy.String
	c.TargetGroup, c.Status, c.CloseReason, c.Origin = access.TargetGroup(tg), casework.Status(status),
		casework.CloseReason(reason), casework.Origin(origin)
	if stageAt.Valid {
		c.StageAt = fromTS(stageAt.Int64)
	}
	c.LastContactAt, c.ClosedAt = fromNullTS(lastContact), fromNullTS(closed)
	c.OpenedAt, c.UpdatedAt = fromTS(opened), fromTS(updated)
	if err := json.Unmarshal([]byte(situation), &c.Situation); err != nil {
		return nil, fmt.Errorf("decode situation: %w", err)
	}
	return &c, nil
}

// stageAt is the stored form of Case.StageAt: NULL before the first stage.
func stageAt(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: ts(t), Valid: true}
}

// checkCaseload refuses (casework.ErrOverCap) to give worker one more
// active case when they already have limit active cases other than caseID
// as the named worker. It first upserts the worker's caseload_locks row:
// on PostgreSQL that row lock makes concurrent checks for one worker count
// one after the other, each seeing the cases the others committed.
func checkCaseload(ctx context.Context, tx *sql.Tx, worker, caseID string, limit int, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO caseload_locks (worker_id, touched_at) VALUES ($1, $2)
		ON CONFLICT (worker_id) DO UPDATE SET touched_at = excluded.touched_at`, worker, ts(now)); err != nil {
		return fmt.Errorf("lock caseload: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM cases WHERE worker_id = $1 AND status = $2 AND id <> $3",
		worker, string(casework.StatusActive), caseID).Scan(&n); err != nil {
		return fmt.Errorf("count caseload: %w", err)
	}
	if n >= limit {
		return casework.ErrOverCap
	}
	return nil
}

// OpenCase stores a new validated case with its first events and sets ID
// (when empty), OpenedAt (when zero), UpdatedAt and Version. With limit >= 0
// an active case is refused with casework.ErrOverCap when its worker
// already has limit active cases; -1 skips the check (an override). The
// client must exist (kynnys.ErrNotFound).
func (db *DB) OpenCase(ctx context.Context, c *casework.Case, events []casework.Event, limit int) error {
	situation, err := encodeJSON(c.Situation)
	if err != nil {
		return fmt.Errorf("encode situation: %w", err)
	}
	id := c.ID
	if id == "" {
		id = NewID()
	}
	now := fromTS(ts(time.Now()))
	opened := stampOr(c.OpenedAt, now)
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM clients WHERE person_id = $1)", c.ClientID).Scan(&exists); err != nil {
			return fmt.Errorf("read client: %w", err)
		}
		if !exists {
			return fmt.Errorf("client: %w", kynnys.ErrNotFound)
		}
		if limit >= 0 && c.Status == casework.StatusActive {
			if err := checkCaseload(ctx, tx, c.WorkerID, id, limit, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO cases ("+caseColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
			$11, $12, $13, $14, $15, $16, $17, $18, $19, 1)`,
			id, c.ClientID, c.TeamID, c.WorkerID, nullString(c.SecondWorkerID), string(c.TargetGroup), string(c.Status),
			string(c.CloseReason), c.CloseNote, string(c.Origin), c.OriginRef, situation, c.Stage, stageAt(c.StageAt),
			nullTS(c.LastContactAt), ts(opened), nullString(c.OpenedBy), nullTS(c.ClosedAt), ts(now)); err != nil {
			return fmt.Errorf("insert case: %w", err)
		}
		return insertCaseEvents(ctx, tx, id, events, now)
	})
	if err != nil {
		return fmt.Errorf("open case: %w", err)
	}
	c.ID, c.OpenedAt, c.UpdatedAt, c.Version = id, opened, now, 1
	return nil
}

// insertCaseEvents appends events to case caseID, setting their CaseID and
// their ID and At when empty.
func insertCaseEvents(ctx context.Context, tx *sql.Tx, caseID string, events []casework.Event, now time.Time) error {
	for i := range events {
		ev := &events[i]
		ev.CaseID = caseID
		if ev.ID == "" {
			ev.ID = NewID()
		}
		ev.At = stampOr(ev.At, now)
		if _, err := tx.ExecContext(ctx, "INSERT INTO case_events (id, case_id, at, by_user, type, text) VALUES ($1, $2, $3, $4, $5, $6)",
			ev.ID, ev.CaseID, ts(ev.At), nullString(ev.By), string(ev.Type), ev.Text); err != nil {
			return fmt.Errorf("insert case event: %w", err)
		}
	}
	return nil
}

// Case returns one case.
func (db *DB) Case(ctx context.Context, id string) (*casework.Case, error) {
	c, err := scanCase(db.rd.QueryRowContext(ctx, "SELECT "+caseColumns+" FROM cases WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, "case")
	}
	return c, nil
}

// UpdateCase saves a validated case if c.Version is still the stored one
// (kynnys.ErrConflict otherwise, kynnys.ErrNotFound when there is no such
// case), appends events, and sets Version and UpdatedAt. It saves the
// team, the workers, the target group, the status with its closing and
// the situation; the stage and the last contact have methods of their
// own, and the client and origin do not change. The cap check (limit as in
// OpenCase) is made only when the update gives the worker an active case
// they did not have: a new named worker, or a case made active again.
func (db *DB) UpdateCase(ctx context.Context, c *casework.Case, events []casework.Event, limit int) error {
	situation, err := encodeJSON(c.Situation)
	if err != nil {
		return fmt.Errorf("encode situation: %w", err)
	}
	now := fromTS(ts(time.Now()))
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var worker, status string
		var version int
		if err := tx.QueryRowContext(ctx, "SELECT worker_id, status, version FROM cases WHERE id = $1", c.ID).
			Scan(&worker, &status, &version); err != nil {
			return notFound(err, "case")
		}
		if version != c.Version {
			return fmt.Errorf("case changed meanwhile: %w", kynnys.ErrConflict)
		}
		adds := worker != c.WorkerID || status != string(casework.StatusActive)
		if limit >= 0 && c.Status == casework.StatusActive && adds {
			if err := checkCaseload(ctx, tx, c.WorkerID, c.ID, limit, now); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE cases SET team_id = $1, worker_id = $2, second_worker_id = $3, target_group = $4,
			status = $5, close_reason = $6, close_note = $7, closed_at = $8, situation = $9, updated_at = $10,
			version = version + 1 WHERE id = $11 AND version = $12`,
			c.TeamID, c.WorkerID, nullString(c.SecondWorkerID), string(c.TargetGroup), string(c.Status), string(c.CloseReason),
			c.CloseNote, nullTS(c.ClosedAt), situation, ts(now), c.ID, c.Version)
		if err != nil {
			return fmt.Errorf("update case: %w", err)
		}
		if err := versioned(ctx, tx, res, "case", "cases", "id", c.ID); err != nil {
			return err
		}
		return insertCaseEvents(ctx, tx, c.ID, events, now)
	})
	if err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	c.Version++
	c.UpdatedAt = now
	return nil
}

func (db *DB) cases(ctx context.Context, what, where string, args ...any) ([]casework.Case, error) {
	out := []casework.Case{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		c, err := scanCase(rows)
		if err != nil {
			return err
		}
		out = append(out, *c)
		return nil
	}, "SELECT "+caseColumns+" FROM cases WHERE "+where+" ORDER BY opened_at DESC, id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// ClientCases returns a client's cases in every team and status, newest first.
func (db *DB) ClientCases(ctx context.Context, clientID string) ([]casework.Case, error) {
	return db.cases(ctx, "client cases", "client_id = $1", clientID)
}

// CasesOfWorker returns the cases, open and closed, in which the user is
// the named or the second worker, newest first.
func (db *DB) CasesOfWorker(ctx context.Context, userID string) ([]casework.Case, error) {
	return db.cases(ctx, "cases of worker", "worker_id = $1 OR second_worker_id = $1", userID)
}

// TeamCases returns the cases of the teams in every status, newest first.
func (db *DB) TeamCases(ctx context.Context, teamIDs []string) ([]casework.Case, error) {
	if len(teamIDs) == 0 {
		return []casework.Case{}, nil
	}
	return db.cases(ctx, "team cases", "team_id IN ("+placeholders(1, len(teamIDs))+")", anys(teamIDs)...)
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// CaseEvents returns a case's history, oldest first.
func (db *DB) CaseEvents(ctx context.Context, caseID string) ([]casework.Event, error) {
	out := []casework.Event{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var ev casework.Event
		var by sql.NullString
		var typ string
		var at int64
		if err := rows.Scan(&ev.ID, &ev.CaseID, &at, &by, &typ, &ev.Text); err != nil {
			return err
		}
		ev.At, ev.By, ev.Type = fromTS(at), by.String, casework.EventType(typ)
		out = append(out, ev)
		return nil
	}, "SELECT id, case_id, at, by_user, type, text FROM case_events WHERE case_id = $1 ORDER BY at, id", caseID)
	if err != nil {
		return nil, fmt.Errorf("case events: %w", err)
	}
	return out, nil
}

// AddCaseEvent appends an event to ev.CaseID's history, setting ID and At
// when empty.
func (db *DB) AddCaseEvent(ctx context.Context, ev *casework.Event) error {
	events := []casework.Event{*ev}
	if err := db.tx(ctx, func(tx *sql.Tx) error {
		return insertCaseEvents(ctx, tx, ev.CaseID, events, time.Now())
	}); err != nil {
		return fmt.Errorf("add case event: %w", err)
	}
	*ev = events[0]
	return nil
}

// --- the trust ladder ---

// Ladder returns the ladder in force: the newest saved version, or the
// built-in default with Version 0.
func (db *DB) Ladder(ctx context.Context) (*casework.Ladder, error) {
	var version int
	var doc string
	err := db.queryRow(ctx, "SELECT version, doc FROM ladder_versions ORDER BY version DESC LIMIT 1").Scan(&version, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		l := casework.DefaultLadder()
		return &l, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ladder: %w", err)
	}
	var l casework.Ladder
	if err := json.Unmarshal([]byte(doc), &l); err != nil {
		return nil, fmt.Errorf("decode ladder %d: %w", version, err)
	}
	l.Version = version
	return &l, nil
}

// SaveLadder validates l and stores it as the next version, saved by the
// user by, and returns (and sets in l) that version. A ladder too short
// for a stage an open case is on is refused: stages are renamed, not
// taken from under a case.
func (db *DB) SaveLadder(ctx context.Context, l *casework.Ladder, by string) (int, error) {
	if err := l.Validate(); err != nil {
		return 0, err
	}
	doc, err := encodeJSON(l)
	if err != nil {
		return 0, fmt.Errorf("encode ladder: %w", err)
	}
	var version int
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var highest int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(stage), 0) FROM cases WHERE status <> $1",
			string(casework.StatusClosed)).Scan(&highest); err != nil {
			return fmt.Errorf("highest stage: %w", err)
		}
		if highest > len(l.Stages) {
			return kynnys.Invalid("stages", "casework.error.ladder_in_use")
		}
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM ladder_versions").Scan(&version); err != nil {
			return fmt.Errorf("next version: %w", err)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO ladder_versions (version, doc, saved_at, saved_by) VALUES ($1, $2, $3, $4)",
			version, doc, ts(time.Now()), nullString(by))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save ladder: %w", err)
	}
	l.Version = version
	return version, nil
}

// AddLadderStep stores step and moves case c to step.To at step.At, if
// c.Version is still the stored one and the case is still on step.From
// (kynnys.ErrConflict otherwise); it sets step's ID (when empty), CaseID
// and At (when zero), and c's Stage, StageAt, Version and UpdatedAt.
func (db *DB) AddLadderStep(ctx context.Context, c *casework.Case, step *casework.LadderStep) error {
	now := fromTS(ts(time.Now()))
	at := stampOr(step.At, now)
	id := step.ID
	if id == "" {
		id = NewID()
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE cases SET stage = $1, stage_at = $2, updated_at = $3, version = version + 1
			WHERE id = $4 AND version = $5 AND stage = $6`, step.To, ts(at), ts(now), c.ID, c.Version, step.From)
		if err != nil {
			return fmt.Errorf("update case: %w", err)
		}
		if err := versioned(ctx, tx, res, "case", "cases", "id", c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ladder_steps (id, case_id, at, by_user, from_stage, to_stage, reason)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, c.ID, ts(at), nullString(step.By), step.From, step.To, step.Reason); err != nil {
			return fmt.Errorf("insert ladder step: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add ladder step: %w", err)
	}
	step.ID, step.CaseID, step.At = id, c.ID, at
	c.Stage, c.StageAt, c.UpdatedAt = step.To, at, now
	c.Version++
	return nil
}

const stepColumns = "s.id, s.case_id, s.at, s.by_user, s.from_stage, s.to_stage, s.reason"

func scanStep(s scanner) (casework.LadderStep, error) {
	var st casework.LadderStep
	var by sql.NullString
	var at int64
	if err := s.Scan(&st.ID, &st.CaseID, &at, &by, &st.From, &st.To, &st.Reason); err != nil {
		return st, err
	}
	st.At, st.By = fromTS(at), by.String
	return st, nil
}

// LadderSteps returns a case's ladder history, oldest first.
func (db *DB) LadderSteps(ctx context.Context, caseID string) ([]casework.LadderStep, error) {
	out := []casework.LadderStep{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		st, err := scanStep(rows)
		out = append(out, st)
		return err
	}, "SELECT "+stepColumns+" FROM ladder_steps s WHERE s.case_id = $1 ORDER BY s.at, s.id", caseID)
	if err != nil {
		return nil, fmt.Errorf("ladder steps: %w", err)
	}
	return out, nil
}

// --- caseloads and settings ---

// Settings keys of case work; unset keys take casework.DefaultSettings.
const (
	settingNotReachedDays = "casework_not_reached_days"
	settingDefaultCap     = "casework_default_cap"
)

// CaseworkSettings returns the county's case-work settings.
func (db *DB) CaseworkSettings(ctx context.Context) (casework.Settings, error) {
	st := casework.DefaultSettings
	fields := map[string]*int{settingNotReachedDays: &st.NotReachedDays, settingDefaultCap: &st.DefaultCap}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return err
		}
		n, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("setting %s: %w", key, err)
		}
		*fields[key] = n
		return nil
	}, "SELECT key, value FROM settings WHERE key IN ($1, $2)", settingNotReachedDays, settingDefaultCap)
	if err != nil {
		return st, fmt.Errorf("casework settings: %w", err)
	}
	return st, nil
}

// SaveCaseworkSettings stores the county's case-work settings: both are
// positive whole numbers.
func (db *DB) SaveCaseworkSettings(ctx context.Context, st casework.Settings) error {
	if st.NotReachedDays < 1 {
		return kynnys.Invalid("not_reached_days", "error.positive_number")
	}
	if st.DefaultCap < 1 {
		return kynnys.Invalid("default_cap", "error.positive_number")
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for key, v := range map[string]int{settingNotReachedDays: st.NotReachedDays, settingDefaultCap: st.DefaultCap} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, strconv.Itoa(v)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save casework settings: %w", err)
	}
	return nil
}

// TeamCaps returns the caseload caps teams have set, by team id; teams
// without one use the default cap of the settings.
func (db *DB) TeamCaps(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var team string
		var n int
		if err := rows.Scan(&team, &n); err != nil {
			return err
		}
		out[team] = n
		return nil
	}, "SELECT team_id, cap FROM team_caseload_caps")
	if err != nil {
		return nil, fmt.Errorf("team caps: %w", err)
	}
	return out, nil
}

// SetTeamCap sets the caseload cap of team teamID (kynnys.ErrNotFound when
// there is no such team), set by user by; a negative limit removes the
// team's own cap, so the default applies again.
func (db *DB) SetTeamCap(ctx context.Context, teamID string, limit int, by string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if limit < 0 {
			_, err := tx.ExecContext(ctx, "DELETE FROM team_caseload_caps WHERE team_id = $1", teamID)
			return err
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM teams WHERE id = $1)", teamID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fmt.Errorf("team: %w", kynnys.ErrNotFound)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO team_caseload_caps (team_id, cap, updated_at, updated_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (team_id) DO UPDATE SET cap = excluded.cap, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			teamID, limit, ts(time.Now()), nullString(by))
		return err
	})
	if err != nil {
		return fmt.Errorf("set team cap: %w", err)
	}
	return nil
}

// Caseloads counts each user's active cases as the named worker; every
// user asked for is in the map, with 0 when they have none.
func (db *DB) Caseloads(ctx context.Context, userIDs []string) (map[string]int, error) {
	out := make(map[string]int, len(userIDs))
	if len(userIDs) == 0 {
		return out, nil
	}
	for _, id := range userIDs {
		out[id] = 0
	}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var worker string
		var n int
		if err := rows.Scan(&worker, &n); err != nil {
			return err
		}
		out[worker] = n
		return nil
	}, "SELECT worker_id, COUNT(*) FROM cases WHERE status = $1 AND worker_id IN ("+placeholders(2, len(userIDs))+
		") GROUP BY worker_id", append([]any{string(casework.StatusActive)}, anys(userIDs)...)...)
	if err != nil {
		return nil, fmt.Errorf("caseloads: %w", err)
	}
	return out, nil
}

// CaseworkReportData returns the cases of the teams (nil: every team; an
// empty list: none) with their ladder steps, meetings and follow-ups,
// oldest first. Free texts about the client (the situation, closing notes,
// reasons, outcomes and notes) are left out: reports count, they do not
// quote.
func (db *DB) CaseworkReportData(ctx context.Context, teamIDs []string) (*casework.ReportData, error) {
	out := &casework.ReportData{Cases: []casework.Case{}, Steps: []casework.LadderStep{}, Meetings: []casework.Meeting{},
		Tasks: []casework.Task{}}
	if teamIDs != nil && len(teamIDs) == 0 {
		return out, nil
	}
	ofTeams, args := "", anys(teamIDs)
	if teamIDs != nil {
		ofTeams = " WHERE c.team_id IN (" + placeholders(1, len(teamIDs)) + ")"
	}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		c, err := scanCase(rows)
		if err != nil {
			return err
		}
		out.Cases = append(out.Cases, *c)
		return nil
	}, "SELECT "+caseReportColumns+" FROM cases c"+ofTeams+" ORDER BY c.opened_at, c.id", args...)
	if err != nil {
		return nil, fmt.Errorf("report cases: %w", err)
	}
	err = db.eachRow(ctx, func(rows *sql.Rows) error {
		st, err := scanStep(rows)
		out.Steps = append(out.Steps, st)
		return err
	}, "SELECT s.id, s.case_id, s.at, s.by_user, s.from_stage, s.to_stage, '' FROM ladder_steps s JOIN cases c ON c.id = s.case_id"+
		ofTeams+" ORDER BY s.at, s.id", args...)
	if err != nil {
		return nil, fmt.Errorf("report ladder steps: %w", err)
	}
	err = db.eachRow(ctx, func(rows *sql.Rows) error {
		m, err := scanMeeting(rows)
		if err != nil {
			return err
		}
		out.Meetings = append(out.Meetings, *m)
		return nil
	}, "SELECT "+meetingReportColumns+" FROM meetings m JOIN cases c ON c.id = m.case_id"+ofTeams+" ORDER BY m.at, m.id", args...)
	if err != nil {
		return nil, fmt.Errorf("report meetings: %w", err)
	}
	err = db.eachRow(ctx, func(rows *sql.Rows) error {
		t, err := scanTask(rows)
		if err != nil {
			return err
		}
		out.Tasks = append(out.Tasks, *t)
		return nil
	}, "SELECT "+taskReportColumns+" FROM follow_ups t JOIN cases c ON c.id = t.case_id"+ofTeams+" ORDER BY t.created_at, t.id", args...)
	if err != nil {
		return nil, fmt.Errorf("report follow-ups: %w", err)
	}
	return out, nil
}
