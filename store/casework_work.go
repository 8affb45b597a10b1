package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"kynnys"
	"kynnys/calendar"
	"kynnys/casework"
)

// The work on a case (0009_casework.sql): meetings and follow-ups, client
// plans, self-assessments, consents and referrals, and same-team read
// grants. Each write works on a copy of what it is given and hands the
// stored values back only once its transaction has committed.

// touchContact moves the last contact of the case that row id of table
// (meetings, follow_ups) belongs to forward to at; never backward.
func touchContact(ctx context.Context, tx *sql.Tx, table, id string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET last_contact_at = $1 WHERE id = (SELECT case_id FROM `+table+` WHERE id = $2)
		AND (last_contact_at IS NULL OR last_contact_at < $1)`, ts(at), id); err != nil {
		return fmt.Errorf("last contact: %w", err)
	}
	return nil
}

// --- meetings ---

const meetingColumns = "m.id, m.case_id, m.at, m.place, m.status, m.outcome, m.by_user, m.created_at, m.updated_at, m.version"

// meetingReportColumns leave out the outcome, a free text about the client.
const meetingReportColumns = "m.id, m.case_id, m.at, m.place, m.status, '', m.by_user, m.created_at, m.updated_at, m.version"

func scanMeeting(s scanner) (*casework.Meeting, error) {
	var m casework.Meeting
	var place, status string
	var by sql.NullString
	var at, created, updated int64
	if err := s.Scan(&m.ID, &m.CaseID, &at, &place, &status, &m.Outcome, &by, &created, &updated, &m.Version); err != nil {
		return nil, err
	}
	m.At, m.CreatedAt, m.UpdatedAt = fromTS(at), fromTS(created), fromTS(updated)
	m.Place, m.Status, m.By = casework.Place(place), casework.MeetingStatus(status), by.String
	return &m, nil
}

// saveMeeting inserts m (empty ID) or updates it if its Version is still
// the stored one, and returns it as stored. A held meeting is contact.
func saveMeeting(ctx context.Context, tx *sql.Tx, m casework.Meeting, now time.Time) (casework.Meeting, error) {
	m.At, m.UpdatedAt = fromTS(ts(m.At)), now
	if m.ID == "" {
		m.ID, m.CreatedAt, m.Version = NewID(), stampOr(m.CreatedAt, now), 1
		if _, err := tx.ExecContext(ctx, `INSERT INTO meetings (id, case_id, at, place, status, outcome, by_user, created_at,
			updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)`,
			m.ID, m.CaseID, ts(m.At), string(m.Place), string(m.Status), m.Outcome, nullString(m.By), ts(m.CreatedAt),
			ts(now)); err != nil {
			return m, fmt.Errorf("insert meeting: %w", err)
		}
	} else {
		res, err := tx.ExecContext(ctx, `UPDATE meetings SET at = $1, place = $2, status = $3, outcome = $4, by_user = $5,
			updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8`,
			ts(m.At), string(m.Place), string(m.Status), m.Outcome, nullString(m.By), ts(now), m.ID, m.Version)
		if err != nil {
			return m, fmt.Errorf("update meeting: %w", err)
		}
		if err := versioned(ctx, tx, res, "meeting", "meetings", "id", m.ID); err != nil {
			return m, err
		}
		m.Version++
	}
	if m.Status == casework.MeetingHeld {
		if err := touchContact(ctx, tx, "meetings", m.ID, m.At); err != nil {
			return m, err
		}
	}
	return m, nil
}

// SaveMeeting inserts a meeting (empty ID) or updates one if its Version
// is still the stored one (kynnys.ErrConflict otherwise); it sets ID,
// CreatedAt, UpdatedAt and Version. The case does not change with an
// update. A held meeting moves the case's LastContactAt forward (never
// back), without changing the case's version.
func (db *DB) SaveMeeting(ctx context.Context, m *casework.Meeting) error {
	var saved casework.Meeting
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		saved, err = saveMeeting(ctx, tx, *m, fromTS(ts(time.Now())))
		return err
	})
	if err != nil {
		return fmt.Errorf("save meeting: %w", err)
	}
	*m = saved
	return nil
}

// RecordNoShow saves the missed meeting m (new or planned before) and its
// follow-up t in one transaction: both or neither. t's MeetingID is m's id.
func (db *DB) RecordNoShow(ctx context.Context, m *casework.Meeting, t *casework.Task) error {
	var meeting casework.Meeting
	var task casework.Task
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := fromTS(ts(time.Now()))
		var err error
		if meeting, err = saveMeeting(ctx, tx, *m, now); err != nil {
			return err
		}
		task = *t
		task.MeetingID = meeting.ID
		if task.CaseID == "" {
			task.CaseID = meeting.CaseID
		}
		task, err = insertTask(ctx, tx, task, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("record no-show: %w", err)
	}
	*m, *t = meeting, task
	return nil
}

// Meeting returns one meeting.
func (db *DB) Meeting(ctx context.Context, id string) (*casework.Meeting, error) {
	m, err := scanMeeting(db.rd.QueryRowContext(ctx, "SELECT "+meetingColumns+" FROM meetings m WHERE m.id = $1", id))
	if err != nil {
		return nil, notFound(err, "meeting")
	}
	return m, nil
}

// Meetings returns a case's meetings, earliest first.
func (db *DB) Meetings(ctx context.Context, caseID string) ([]casework.Meeting, error) {
	out := []casework.Meeting{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		m, err := scanMeeting(rows)
		if err != nil {
			return err
		}
		out = append(out, *m)
		return nil
	}, "SELECT "+meetingColumns+" FROM meetings m WHERE m.case_id = $1 ORDER BY m.at, m.id", caseID)
	if err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	return out, nil
}

// --- follow-ups ---

const taskColumns = `t.id, t.case_id, t.meeting_id, t.kind, t.due, t.assigned_to, t.note, t.created_at, t.created_by,
	t.done_at, t.done_by, t.reached, t.outcome`

// taskReportColumns leave out the note and the outcome, free texts.
const taskReportColumns = `t.id, t.case_id, t.meeting_id, t.kind, t.due, t.assigned_to, '', t.created_at, t.created_by,
	t.done_at, t.done_by, t.reached, ''`

func scanTask(s scanner) (*casework.Task, error) {
	var t casework.Task
	var meeting, createdBy, doneBy sql.NullString
	var kind, due string
	var created int64
	var done sql.NullInt64
	if err := s.Scan(&t.ID, &t.CaseID, &meeting, &kind, &due, &t.AssignedTo, &t.Note, &created, &createdBy, &done, &doneBy,
		&t.Reached, &t.Outcome); err != nil {
		return nil, err
	}
	t.MeetingID, t.CreatedBy, t.DoneBy = meeting.String, createdBy.String, doneBy.String
	t.Kind, t.CreatedAt, t.DoneAt = casework.TaskKind(kind), fromTS(created), fromNullTS(done)
	var err error
	if t.Due, err = parseDateText(due); err != nil {
		return nil, fmt.Errorf("due date: %w", err)
	}
	return &t, nil
}

// insertTask stores a new open follow-up and returns it as stored.
func insertTask(ctx context.Context, tx *sql.Tx, t casework.Task, now time.Time) (casework.Task, error) {
	t.ID, t.CreatedAt = NewID(), stampOr(t.CreatedAt, now)
	t.DoneAt, t.DoneBy, t.Reached, t.Outcome = nil, "", false, ""
	if _, err := tx.ExecContext(ctx, `INSERT INTO follow_ups (id, case_id, meeting_id, kind, due, assigned_to, note, created_at,
		created_by, done_at, done_by, reached, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, $10, '')`,
		t.ID, t.CaseID, nullString(t.MeetingID), string(t.Kind), dateText(t.Due), t.AssignedTo, t.Note, ts(t.CreatedAt),
		nullString(t.CreatedBy), false); err != nil {
		return t, fmt.Errorf("insert follow-up: %w", err)
	}
	return t, nil
}

// CreateTask stores a new open follow-up and sets its ID and CreatedAt
// (when zero).
func (db *DB) CreateTask(ctx context.Context, t *casework.Task) error {
	var saved casework.Task
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		saved, err = insertTask(ctx, tx, *t, fromTS(ts(time.Now())))
		return err
	})
	if err != nil {
		return fmt.Errorf("create follow-up: %w", err)
	}
	*t = saved
	return nil
}

// Task returns one follow-up.
func (db *DB) Task(ctx context.Context, id string) (*casework.Task, error) {
	t, err := scanTask(db.rd.QueryRowContext(ctx, "SELECT "+taskColumns+" FROM follow_ups t WHERE t.id = $1", id))
	if err != nil {
		return nil, notFound(err, "follow-up")
	}
	return t, nil
}

// CompleteTask marks follow-up t done with t's DoneAt (now when nil),
// DoneBy, Reached and Outcome; a follow-up done already is
// kynnys.ErrConflict. One that reached the client moves the case's
// LastContactAt forward as a held meeting does.
func (db *DB) CompleteTask(ctx context.Context, t *casework.Task) error {
	var done time.Time
	if t.DoneAt != nil {
		done = *t.DoneAt
	}
	done = stampOr(done, time.Now())
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE follow_ups SET done_at = $1, done_by = $2, reached = $3, outcome = $4
			WHERE id = $5 AND done_at IS NULL`, ts(done), nullString(t.DoneBy), t.Reached, t.Outcome, t.ID)
		if err != nil {
			return fmt.Errorf("update follow-up: %w", err)
		}
		if err := versioned(ctx, tx, res, "follow-up", "follow_ups", "id", t.ID); err != nil {
			return err
		}
		if t.Reached {
			return touchContact(ctx, tx, "follow_ups", t.ID, done)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("complete follow-up: %w", err)
	}
	t.DoneAt = &done
	return nil
}

func (db *DB) tasks(ctx context.Context, what, q string, args ...any) ([]casework.Task, error) {
	out := []casework.Task{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		t, err := scanTask(rows)
		if err != nil {
			return err
		}
		out = append(out, *t)
		return nil
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// Tasks returns a case's follow-ups, open and done, oldest first.
func (db *DB) Tasks(ctx context.Context, caseID string) ([]casework.Task, error) {
	return db.tasks(ctx, "follow-ups", "SELECT "+taskColumns+" FROM follow_ups t WHERE t.case_id = $1 ORDER BY t.created_at, t.id", caseID)
}

// OpenTasksOf returns the open follow-ups assigned to the user on cases
// not closed, the earliest due first.
func (db *DB) OpenTasksOf(ctx context.Context, userID string) ([]casework.Task, error) {
	return db.tasks(ctx, "open follow-ups", "SELECT "+taskColumns+` FROM follow_ups t JOIN cases c ON c.id = t.case_id
		WHERE t.assigned_to = $1 AND t.done_at IS NULL AND c.status <> $2 ORDER BY t.due, t.created_at, t.id`,
		userID, string(casework.StatusClosed))
}

// --- client plans and self-assessments ---

// SavePlan stores p as the case's next plan version and sets ID, Version
// and SavedAt (when zero). Two saves at once are kynnys.ErrConflict for
// the later one.
func (db *DB) SavePlan(ctx context.Context, p *casework.Plan) error {
	goals, err := encodeJSON(p.Goals)
	if err != nil {
		return fmt.Errorf("encode goals: %w", err)
	}
	saved := *p
	saved.ID, saved.SavedAt = NewID(), stampOr(p.SavedAt, time.Now())
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE case_id = $1", p.CaseID).
			Scan(&saved.Version); err != nil {
			return fmt.Errorf("next plan version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plans (id, case_id, version, goals, review_date, saved_at, saved_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, saved.ID, saved.CaseID, saved.Version, goals, dateText(saved.ReviewDate),
			ts(saved.SavedAt), nullString(saved.SavedBy)); err != nil {
			return fmt.Errorf("insert plan: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	*p = saved
	return nil
}

// Plans returns every version of a case's plan, the first one first.
func (db *DB) Plans(ctx context.Context, caseID string) ([]casework.Plan, error) {
	out := []casework.Plan{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var p casework.Plan
		var goals, review string
		var by sql.NullString
		var saved int64
		if err := rows.Scan(&p.ID, &p.CaseID, &p.Version, &goals, &review, &saved, &by); err != nil {
			return err
		}
		p.SavedAt, p.SavedBy = fromTS(saved), by.String
		var err error
		if p.ReviewDate, err = parseDateText(review); err != nil {
			return fmt.Errorf("review date: %w", err)
		}
		if err := json.Unmarshal([]byte(goals), &p.Goals); err != nil {
			return fmt.Errorf("decode goals: %w", err)
		}
		out = append(out, p)
		return nil
	}, "SELECT id, case_id, version, goals, review_date, saved_at, saved_by FROM plans WHERE case_id = $1 ORDER BY version", caseID)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	return out, nil
}

// AddAssessment stores a self-assessment and sets its ID and At (when zero).
func (db *DB) AddAssessment(ctx context.Context, a *casework.Assessment) error {
	scores, err := encodeJSON(a.Scores)
	if err != nil {
		return fmt.Errorf("encode scores: %w", err)
	}
	saved := *a
	saved.ID, saved.At = NewID(), stampOr(a.At, time.Now())
	err = db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO assessments (id, case_id, at, kind, scores, by_user) VALUES ($1, $2, $3, $4, $5, $6)",
			saved.ID, saved.CaseID, ts(saved.At), string(saved.Kind), scores, nullString(saved.By))
		return err
	})
	if err != nil {
		return fmt.Errorf("add assessment: %w", err)
	}
	*a = saved
	return nil
}

// Assessments returns a case's self-assessments, earliest first.
func (db *DB) Assessments(ctx context.Context, caseID string) ([]casework.Assessment, error) {
	out := []casework.Assessment{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var a casework.Assessment
		var kind, scores string
		var by sql.NullString
		var at int64
		if err := rows.Scan(&a.ID, &a.CaseID, &at, &kind, &scores, &by); err != nil {
			return err
		}
		a.At, a.Kind, a.By = fromTS(at), casework.AssessmentKind(kind), by.String
		if err := json.Unmarshal([]byte(scores), &a.Scores); err != nil {
			return fmt.Errorf("decode scores: %w", err)
		}
		out = append(out, a)
		return nil
	}, "SELECT id, case_id, at, kind, scores, by_user FROM assessments WHERE case_id = $1 ORDER BY at, id", caseID)
	if err != nil {
		return nil, fmt.Errorf("assessments: %w", err)
	}
	return out, nil
}

// --- consents and referrals ---

const consentColumns = `id, client_id, partner, organisation, scope, given_at, valid_until, recorded_by, withdrawn_at,
	withdrawn_by`

func scanConsent(s scanner) (*casework.Consent, error) {
	var c casework.Consent
	var partner, scope, until string
	var recordedBy, withdrawnBy sql.NullString
	var given int64
	var withdrawn sql.NullInt64
	if err := s.Scan(&c.ID, &c.ClientID, &partner, &c.Organisation, &scope, &given, &until, &recordedBy, &withdrawn,
		&withdrawnBy); err != nil {
		return nil, err
	}
	c.Partner, c.GivenAt, c.WithdrawnAt = casework.Partner(partner), fromTS(given), fromNullTS(withdrawn)
	c.RecordedBy, c.WithdrawnBy = recordedBy.String, withdrawnBy.String
	var err error
	if c.ValidUntil, err = parseDateText(until); err != nil {
		return nil, fmt.Errorf("valid until: %w", err)
	}
	if err := json.Unmarshal([]byte(scope), &c.Scope); err != nil {
		return nil, fmt.Errorf("decode scope: %w", err)
	}
	return &c, nil
}

// AddConsent stores a validated consent of c.ClientID and sets its ID and
// GivenAt (when zero).
func (db *DB) AddConsent(ctx context.Context, c *casework.Consent) error {
	scope, err := encodeJSON(c.Scope)
	if err != nil {
		return fmt.Errorf("encode scope: %w", err)
	}
	saved := *c
	saved.ID, saved.GivenAt = NewID(), stampOr(c.GivenAt, time.Now())
	saved.WithdrawnAt, saved.WithdrawnBy = nil, ""
	err = db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO consents ("+consentColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)`, saved.ID, saved.ClientID, string(saved.Partner),
			saved.Organisation, scope, ts(saved.GivenAt), dateText(saved.ValidUntil), nullString(saved.RecordedBy))
		return err
	})
	if err != nil {
		return fmt.Errorf("add consent: %w", err)
	}
	*c = saved
	return nil
}

// Consent returns one consent.
func (db *DB) Consent(ctx context.Context, id string) (*casework.Consent, error) {
	c, err := scanConsent(db.rd.QueryRowContext(ctx, "SELECT "+consentColumns+" FROM consents WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, "consent")
	}
	return c, nil
}

// Consents returns a client's consents, withdrawn and expired ones too,
// the earliest given first.
func (db *DB) Consents(ctx context.Context, clientID string) ([]casework.Consent, error) {
	out := []casework.Consent{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		c, err := scanConsent(rows)
		if err != nil {
			return err
		}
		out = append(out, *c)
		return nil
	}, "SELECT "+consentColumns+" FROM consents WHERE client_id = $1 ORDER BY given_at, id", clientID)
	if err != nil {
		return nil, fmt.Errorf("consents: %w", err)
	}
	return out, nil
}

// WithdrawConsent records that consent id was withdrawn at at (now when
// zero), as told to user by. A consent withdrawn already is
// kynnys.ErrConflict.
func (db *DB) WithdrawConsent(ctx context.Context, id, by string, at time.Time) error {
	at = stampOr(at, time.Now())
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE consents SET withdrawn_at = $1, withdrawn_by = $2 WHERE id = $3 AND withdrawn_at IS NULL",
			ts(at), nullString(by), id)
		if err != nil {
			return err
		}
		return versioned(ctx, tx, res, "consent", "consents", "id", id)
	})
	if err != nil {
		return fmt.Errorf("withdraw consent: %w", err)
	}
	return nil
}

// AddReferral stores a referral of r.CaseID under consent r.ConsentID and
// sets its ID and SentAt (when zero), and Partner and Organisation from
// the consent when empty. In the same transaction it checks the consent:
// the case's client's, given by SentAt, not withdrawn, valid on SentAt's
// date, to the same partner (else kynnys.Invalid consent_id
// casework.error.no_consent), and covering every kind shared (else share
// casework.error.not_consented).
func (db *DB) AddReferral(ctx context.Context, r *casework.Referral) error {
	content, err := encodeJSON(r.Content)
	if err != nil {
		return fmt.Errorf("encode referral content: %w", err)
	}
	shared, err := encodeJSON(r.Shared)
	if err != nil {
		return fmt.Errorf("encode shared kinds: %w", err)
	}
	saved := *r
	saved.ID, saved.SentAt = NewID(), stampOr(r.SentAt, time.Now())
	noConsent := kynnys.Invalid("consent_id", "casework.error.no_consent")
	err = db.tx(ctx, func(tx *sql.Tx) error {
		// The no-op update checks the consent and, on PostgreSQL, locks its
		// row until commit, so a withdrawal cannot slip in between the
		// check and the referral.
		res, err := tx.ExecContext(ctx, `UPDATE consents SET withdrawn_at = withdrawn_at
			WHERE id = $1 AND withdrawn_at IS NULL AND given_at <= $2 AND valid_until >= $3
			AND client_id = (SELECT client_id FROM cases WHERE id = $4)`,
			saved.ConsentID, ts(saved.SentAt), dateText(calendar.DateOf(saved.SentAt)), saved.CaseID)
		if err != nil {
			return fmt.Errorf("check consent: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return noConsent
		}
		var partner, organisation, scopeDoc string
		if err := tx.QueryRowContext(ctx, "SELECT partner, organisation, scope FROM consents WHERE id = $1", saved.ConsentID).
			Scan(&partner, &organisation, &scopeDoc); err != nil {
			return fmt.Errorf("read consent: %w", err)
		}
		var scope []casework.InfoKind
		if err := json.Unmarshal([]byte(scopeDoc), &scope); err != nil {
			return fmt.Errorf("decode scope: %w", err)
		}
		if saved.Partner == "" {
			saved.Partner = casework.Partner(partner)
		}
		if saved.Organisation == "" {
			saved.Organisation = organisation
		}
		if string(saved.Partner) != partner || saved.Organisation != organisation {
			return noConsent
		}
		for _, k := range saved.Shared {
			if !slices.Contains(scope, k) {
				return kynnys.Invalid("share", "casework.error.not_consented")
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_referrals (id, case_id, consent_id, partner, organisation, message,
			shared, content, sent_at, sent_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			saved.ID, saved.CaseID, saved.ConsentID, string(saved.Partner), saved.Organisation, saved.Message, shared, content,
			ts(saved.SentAt), nullString(saved.SentBy)); err != nil {
			return fmt.Errorf("insert referral: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add referral: %w", err)
	}
	*r = saved
	return nil
}

// Referrals returns what a case has sent to partners, the earliest first.
func (db *DB) Referrals(ctx context.Context, caseID string) ([]casework.Referral, error) {
	out := []casework.Referral{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var r casework.Referral
		var partner, shared, content string
		var by sql.NullString
		var sent int64
		if err := rows.Scan(&r.ID, &r.CaseID, &r.ConsentID, &partner, &r.Organisation, &r.Message, &shared, &content, &sent,
			&by); err != nil {
			return err
		}
		r.Partner, r.SentAt, r.SentBy = casework.Partner(partner), fromTS(sent), by.String
		if err := json.Unmarshal([]byte(shared), &r.Shared); err != nil {
			return fmt.Errorf("decode shared kinds: %w", err)
		}
		if err := json.Unmarshal([]byte(content), &r.Content); err != nil {
			return fmt.Errorf("decode referral content: %w", err)
		}
		out = append(out, r)
		return nil
	}, `SELECT id, case_id, consent_id, partner, organisation, message, shared, content, sent_at, sent_by
		FROM case_referrals WHERE case_id = $1 ORDER BY sent_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("referrals: %w", err)
	}
	return out, nil
}

// --- read grants ---

// GrantCaseRead records the purpose user userID stated for reading case
// caseID, valid until until; a new statement replaces the earlier one.
func (db *DB) GrantCaseRead(ctx context.Context, caseID, userID, purpose string, until time.Time) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO case_read_grants (case_id, user_id, purpose, until_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (case_id, user_id) DO UPDATE SET purpose = excluded.purpose, until_at = excluded.until_at`,
			caseID, userID, purpose, ts(until))
		return err
	})
	if err != nil {
		return fmt.Errorf("grant case read: %w", err)
	}
	return nil
}

// CaseReadGrant returns the purpose the user stated for reading the case,
// if still valid at now.
func (db *DB) CaseReadGrant(ctx context.Context, caseID, userID string, now time.Time) (string, bool, error) {
	var purpose string
	err := db.rd.QueryRowContext(ctx, "SELECT purpose FROM case_read_grants WHERE case_id = $1 AND user_id = $2 AND until_at > $3",
		caseID, userID, ts(now)).Scan(&purpose)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("case read grant: %w", err)
	}
	return purpose, true, nil
}
