package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/intake"
)

// The JSON documents of an item: personal data kept whole and read only
// with the item. Dates are ISO strings, empty when unknown.
type subjectDoc struct {
	Name                 string        `json:"name,omitempty"`
	Hetu                 string        `json:"hetu,omitempty"`
	BirthDate            string        `json:"birth_date,omitempty"`
	Address              string        `json:"address,omitempty"`
	Phone                string        `json:"phone,omitempty"`
	Email                string        `json:"email,omitempty"`
	Language             string        `json:"language,omitempty"`
	Guardians            []guardianDoc `json:"guardians,omitempty"`
	ExpectedDueDate      string        `json:"expected_due_date,omitempty"`
	HighestCareAllowance bool          `json:"highest_care_allowance,omitempty"`
	ChildSpecialSupport  bool          `json:"child_special_support,omitempty"`
	Child                bool          `json:"child,omitempty"`
	Older                bool          `json:"older,omitempty"`
}

type guardianDoc struct {
	Name    string `json:"name,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Address string `json:"address,omitempty"`
}

func dateText(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func parseDateText(s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	return calendar.ParseDate(s)
}

func encodeSubject(s intake.Subject) (string, error) {
	doc := subjectDoc{Name: s.Name, Hetu: s.Hetu, BirthDate: dateText(s.BirthDate), Address: s.Address, Phone: s.Phone,
		Email: s.Email, Language: s.Language, ExpectedDueDate: dateText(s.ExpectedDueDate),
		HighestCareAllowance: s.HighestCareAllowance, ChildSpecialSupport: s.ChildSpecialSupport, Child: s.Child, Older: s.Older}
	for _, g := range s.Guardians {
		doc.Guardians = append(doc.Guardians, guardianDoc(g))
	}
	b, err := json.Marshal(doc)
	return string(b), err
}

func decodeSubject(text string) (intake.Subject, error) {
	var doc subjectDoc
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return intake.Subject{}, err
	}
	s := intake.Subject{Name: doc.Name, Hetu: doc.Hetu, Address: doc.Address, Phone: doc.Phone, Email: doc.Email,
		Language: doc.Language, HighestCareAllowance: doc.HighestCareAllowance,
		ChildSpecialSupport: doc.ChildSpecialSupport, Child: doc.Child, Older: doc.Older}
	var err1, err2 error
	s.BirthDate, err1 = parseDateText(doc.BirthDate)
	s.ExpectedDueDate, err2 = parseDateText(doc.ExpectedDueDate)
	for _, g := range doc.Guardians {
		s.Guardians = append(s.Guardians, intake.Guardian(g))
	}
	return s, errors.Join(err1, err2)
}

type notifierDoc struct {
	Name                 string `json:"name,omitempty"`
	Organisation         string `json:"organisation,omitempty"`
	Title                string `json:"title,omitempty"`
	Phone                string `json:"phone,omitempty"`
	Email                string `json:"email,omitempty"`
	Professional         bool   `json:"professional,omitempty"`
	WantsAcknowledgement bool   `json:"wants_acknowledgement,omitempty"`
}

type detailsDoc struct {
	PersonKnows     string   `json:"person_knows,omitempty"`
	Consent         string   `json:"consent,omitempty"`
	PoliceNotified  bool     `json:"police_notified,omitempty"`
	Cues            []string `json:"cues,omitempty"`
	WhoNeedsHelp    string   `json:"who_needs_help,omitempty"`
	Topics          []string `json:"topics,omitempty"`
	Anonymous       bool     `json:"anonymous,omitempty"`
	ContactMethod   string   `json:"contact_method,omitempty"`
	ContactPhone    string   `json:"contact_phone,omitempty"`
	ContactEmail    string   `json:"contact_email,omitempty"`
	GoodTimes       string   `json:"good_times,omitempty"`
	MayLeaveMessage bool     `json:"may_leave_message,omitempty"`
}

func encodeDetails(d intake.Details) (string, error) {
	b, err := json.Marshal(detailsDoc{PersonKnows: d.PersonKnows, Consent: string(d.Consent), PoliceNotified: d.PoliceNotified,
		Cues: d.Cues, WhoNeedsHelp: d.WhoNeedsHelp, Topics: d.Topics, Anonymous: d.Anonymous,
		ContactMethod: d.Contact.Method, ContactPhone: d.Contact.Phone, ContactEmail: d.Contact.Email,
		GoodTimes: d.Contact.GoodTimes, MayLeaveMessage: d.Contact.MayLeaveMessage})
	return string(b), err
}

func decodeDetails(text string) (intake.Details, error) {
	var doc detailsDoc
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return intake.Details{}, err
	}
	return intake.Details{PersonKnows: doc.PersonKnows, Consent: intake.Consent(doc.Consent), PoliceNotified: doc.PoliceNotified,
		Cues: doc.Cues, WhoNeedsHelp: doc.WhoNeedsHelp, Topics: doc.Topics, Anonymous: doc.Anonymous,
		Contact: intake.Contact{Method: doc.ContactMethod, Phone: doc.ContactPhone, Email: doc.ContactEmail,
			GoodTimes: doc.GoodTimes, MayLeaveMessage: doc.MayLeaveMessage}}, nil
}

func nullTS(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: ts(*t), Valid: true}
}

// CreateIntakeItem stores a new item in one transaction with its person
// (one person per identity code), its events and its reminder jobs. It sets
// ID, Receipt, PersonID, Version and UpdatedAt. Only after it returns may
// the sender be shown the receipt: the commit is durable.
func (db *DB) CreateIntakeItem(ctx context.Context, it *intake.Item, events []intake.Event) error {
	subject, err := encodeSubject(it.Subject)
	if err != nil {
		return fmt.Errorf("encode subject: %w", err)
	}
	details, err := encodeDetails(it.Details)
	if err != nil {
		return fmt.Errorf("encode details: %w", err)
	}
	var notifier sql.NullString
	if it.Notifier != nil {
		b, err := json.Marshal(notifierDoc(*it.Notifier))
		if err != nil {
			return fmt.Errorf("encode notifier: %w", err)
		}
		notifier = sql.NullString{String: string(b), Valid: true}
	}
	// A receipt collision is rare (see intake.NewReceipt) and only needs a
	// fresh code; anything else is an error.
	for attempt := 0; ; attempt++ {
		it.ID, it.Receipt, it.Version = NewID(), intake.NewReceipt(), 1
		it.UpdatedAt = it.RecordedAt
		err = db.tx(ctx, func(tx *sql.Tx) error {
			if it.PersonID, err = ensurePerson(ctx, tx, it.Subject.Hetu, it.RecordedAt); err != nil {
				return err
			}
			_, next := it.NextDeadline()
			d := it.Deadlines
			if _, err := tx.ExecContext(ctx, `INSERT INTO intake_items (id, receipt, kind, source, opened_at, recorded_at, recorded_by,
				municipality, target_group, team_id, routed, person_id, subject, notifier, concern, details, status, urgency,
				urgency_reasons, forwarded_to, no_action_reason, urgency_due, decision_due, assessment_start_due, assessment_due,
				next_due, version, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, '', '', '', '', $18, $19, $20, $21, $22, 1, $23)`,
				it.ID, it.Receipt, string(it.Kind), string(it.Source), ts(it.OpenedAt), ts(it.RecordedAt), nullString(it.RecordedBy),
				it.Municipality, string(it.TargetGroup), nullString(it.TeamID), it.Routed, nullString(it.PersonID), subject, notifier,
				it.Concern, details, string(it.Status), nullTS(d.UrgencyAssessmentDue), nullTS(d.DecisionDue),
				nullTS(d.AssessmentStartDue), nullTS(d.AssessmentDue), nullTS(next), ts(it.UpdatedAt)); err != nil {
				return fmt.Errorf("insert intake item: %w", err)
			}
			for i := range events {
				events[i].ItemID = it.ID
				if err := insertIntakeEvent(ctx, tx, &events[i]); err != nil {
					return err
				}
			}
			return db.scheduleIntakeReminders(ctx, tx, it)
		})
		if err == nil || attempt == 3 || !errors.Is(err, kynnys.ErrConflict) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("create intake item: %w", err)
	}
	return nil
}

// ensurePerson returns the person with the identity code code, made if
// new, or a new person when there is no code.
func ensurePerson(ctx context.Context, tx *sql.Tx, code string, now time.Time) (string, error) {
	if code == "" {
		id := NewID()
		_, err := tx.ExecContext(ctx, "INSERT INTO persons (id, hetu, created_at) VALUES ($1, NULL, $2)", id, ts(now))
		return id, err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO persons (id, hetu, created_at) VALUES ($1, $2, $3) ON CONFLICT (hetu) DO NOTHING",
		NewID(), code, ts(now)); err != nil {
		return "", fmt.Errorf("insert person: %w", err)
	}
	var id string
	if err := tx.QueryRowContext(ctx, "SELECT id FROM persons WHERE hetu = $1", code).Scan(&id); err != nil {
		return "", fmt.Errorf("read person: %w", err)
	}
	return id, nil
}

func insertIntakeEvent(ctx context.Context, tx *sql.Tx, ev *intake.Event) error {
	if ev.ID == "" {
		ev.ID = NewID()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO intake_events (id, item_id, at, by_user, type, status, from_team, to_team, text)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		ev.ID, ev.ItemID, ts(ev.At), nullString(ev.By), string(ev.Type), string(ev.Status), ev.FromTeam, ev.ToTeam, ev.Text)
	if err != nil {
		return fmt.Errorf("insert intake event: %w", err)
	}
	return nil
}

const intakeColumns = `id, receipt, kind, source, opened_at, recorded_at, recorded_by, municipality, target_group, team_id,
	routed, person_id, subject, notifier, concern, details, status, urgency, urgency_reasons, urgency_by, urgency_at,
	assigned_to, assigned_at, decided_at, forwarded_to, no_action_reason, assessment_started_at, assessment_completed_at,
	urgency_due, decision_due, assessment_start_due, assessment_due, version, updated_at`

func scanIntakeItem(s scanner) (*intake.Item, error) {
	var it intake.Item
	var kind, source, tg, status, urgency, subject, details string
	var recordedBy, teamID, personID, notifier, urgencyBy, assignedTo sql.NullString
	var opened, recorded, updated int64
	var urgencyAt, assignedAt, decidedAt, startedAt, completedAt, urgencyDue, decisionDue, startDue, assessmentDue sql.NullInt64
	if err := s.Scan(&it.ID, &it.Receipt, &kind, &source, &opened, &recorded, &recordedBy, &it.Municipality, &tg, &teamID,
		&it.Routed, &personID, &subject, &notifier, &it.Concern, &details, &status, &urgency, &it.UrgencyReasons, &urgencyBy,
		&urgencyAt, &assignedTo, &assignedAt, &decidedAt, &it.ForwardedTo, &it.NoActionReason, &startedAt, &completedAt,
		&urgencyDue, &decisionDue, &startDue, &assessmentDue, &it.Version, &updated); err != nil {
		return nil, err
	}
	it.Kind, it.Source, it.TargetGroup = intake.Kind(kind), intake.Source(source), access.TargetGroup(tg)
	it.OpenedAt, it.RecordedAt, it.UpdatedAt = fromTS(opened), fromTS(recorded), fromTS(updated)
	it.RecordedBy, it.TeamID, it.PersonID = recordedBy.String, teamID.String, personID.String
	it.Status, it.Urgency, it.UrgencyBy, it.AssignedTo = intake.Status(status), intake.Urgency(urgency), urgencyBy.String, assignedTo.String
	it.UrgencyAt, it.AssignedAt, it.DecidedAt = fromNullTS(urgencyAt), fromNullTS(assignedAt), fromNullTS(decidedAt)
	it.AssessmentStartedAt, it.AssessmentCompletedAt = fromNullTS(startedAt), fromNullTS(completedAt)
	it.Deadlines = intake.Deadlines{UrgencyAssessmentDue: fromNullTS(urgencyDue), DecisionDue: fromNullTS(decisionDue),
		AssessmentStartDue: fromNullTS(startDue), AssessmentDue: fromNullTS(assessmentDue)}
	var err error
	if it.Subject, err = decodeSubject(subject); err != nil {
		return nil, fmt.Errorf("decode subject: %w", err)
	}
	if it.Details, err = decodeDetails(details); err != nil {
		return nil, fmt.Errorf("decode details: %w", err)
	}
	if notifier.Valid {
		var doc notifierDoc
		if err := json.Unmarshal([]byte(notifier.String), &doc); err != nil {
			return nil, fmt.Errorf("decode notifier: %w", err)
		}
		n := intake.Notifier(doc)
		it.Notifier = &n
	}
	return &it, nil
}

// IntakeItem returns one item.
func (db *DB) IntakeItem(ctx context.Context, id string) (*intake.Item, error) {
	it, err := scanIntakeItem(db.rd.QueryRowContext(ctx, "SELECT "+intakeColumns+" FROM intake_items WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, "intake item")
	}
	return it, nil
}

// IntakeEvents returns an item's history, oldest first.
func (db *DB) IntakeEvents(ctx context.Context, itemID string) ([]intake.Event, error) {
	out := []intake.Event{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var ev intake.Event
		var at int64
		var by sql.NullString
		var typ, status string
		if err := rows.Scan(&ev.ID, &ev.ItemID, &at, &by, &typ, &status, &ev.FromTeam, &ev.ToTeam, &ev.Text); err != nil {
			return err
		}
		ev.At, ev.By, ev.Type, ev.Status = fromTS(at), by.String, intake.EventType(typ), intake.Status(status)
		out = append(out, ev)
		return nil
	}, `SELECT id, item_id, at, by_user, type, status, from_team, to_team, text FROM intake_events
		WHERE item_id = $1 ORDER BY at, id`, itemID)
	if err != nil {
		return nil, fmt.Errorf("read intake events: %w", err)
	}
	return out, nil
}

// closedStatuses is the SQL list of the outcome statuses.
func closedStatuses() string {
	quoted := make([]string, len(intake.Outcomes))
	for i, s := range intake.Outcomes {
		quoted[i] = "'" + string(s) + "'"
	}
	return strings.Join(quoted, ", ")
}

// IntakeQueue returns the items f selects, in triage order: new (not yet
// assessed) first, then urgent, then by the nearest deadline still to meet,
// then oldest first.
func (db *DB) IntakeQueue(ctx context.Context, f intake.QueueFilter) ([]intake.Item, error) {
	out := []intake.Item{}
	if len(f.TeamIDs) == 0 {
		return out, nil
	}
	args := []any{}
	for _, id := range f.TeamIDs {
		args = append(args, id)
	}
	where := "team_id IN (" + placeholders(1, len(f.TeamIDs)) + ")"
	if f.Open {
		where += " AND status NOT IN (" + closedStatuses() + ")"
	}
	if f.AssignedTo != "" {
		args = append(args, f.AssignedTo)
		where += fmt.Sprintf(" AND assigned_to = $%d", len(args))
	}
	// next_due is NULL once every step is taken, and an item closed with a
	// started assessment keeps its 3-month deadline: so next_due alone says
	// what is overdue, closed or not.
	// next_due is the earliest deadline whose step is still to take, which
	// for a closed item can only be the 3-month assessment.
	if !f.OverdueAt.IsZero() {
		args = append(args, ts(f.OverdueAt))
		where += fmt.Sprintf(" AND next_due < $%d", len(args))
	}
	limit := f.Limit
	if limit <= 0 || limit > intake.MaxQueue {
		limit = intake.MaxQueue
	}
	args = append(args, limit)
	q := "SELECT " + intakeColumns + " FROM intake_items WHERE " + where + `
		ORDER BY CASE WHEN status = 'received' THEN 0 ELSE 1 END, CASE WHEN urgency = 'urgent' THEN 0 ELSE 1 END,
		CASE WHEN next_due IS NULL THEN 1 ELSE 0 END, next_due, opened_at, id LIMIT $` + fmt.Sprint(len(args))
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		it, err := scanIntakeItem(rows)
		if err != nil {
			return err
		}
		out = append(out, *it)
		return nil
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read intake queue: %w", err)
	}
	return out, nil
}

// SaveIntakeTriage stores the triage fields of it, changed by one of its
// methods, with the event that method returned. it.Version must be the
// version read; a concurrent change makes this kynnys.ErrConflict.
func (db *DB) SaveIntakeTriage(ctx context.Context, it *intake.Item, ev intake.Event) error {
	_, next := it.NextDeadline()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE intake_items SET status = $1, urgency = $2, urgency_reasons = $3, urgency_by = $4,
			urgency_at = $5, assigned_to = $6, assigned_at = $7, decided_at = $8, forwarded_to = $9, no_action_reason = $10,
			assessment_started_at = $11, assessment_completed_at = $12, next_due = $13, version = version + 1, updated_at = $14
			WHERE id = $15 AND version = $16`,
			string(it.Status), string(it.Urgency), it.UrgencyReasons, nullString(it.UrgencyBy), nullTS(it.UrgencyAt),
			nullString(it.AssignedTo), nullTS(it.AssignedAt), nullTS(it.DecidedAt), it.ForwardedTo, it.NoActionReason,
			nullTS(it.AssessmentStartedAt), nullTS(it.AssessmentCompletedAt), nullTS(next), ts(ev.At), it.ID, it.Version)
		if err != nil {
			return fmt.Errorf("update intake item: %w", err)
		}
		if err := oneRow(res, "intake item"); err != nil {
			return err
		}
		ev.ItemID = it.ID
		return insertIntakeEvent(ctx, tx, &ev)
	})
	if err != nil {
		return fmt.Errorf("save triage: %w", err)
	}
	it.Version++
	it.UpdatedAt = fromTS(ts(ev.At))
	return nil
}

// oneRow turns an update that matched no row into kynnys.ErrConflict: the
// row changed (or vanished) since it was read.
func oneRow(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return fmt.Errorf("%s changed meanwhile: %w", what, kynnys.ErrConflict)
	}
	return nil
}

// RerouteIntakeItem moves an item to team toTeam, keeping the move, who made
// it and why in the history. The new team assigns its own worker, so an
// assignment is undone. it.Version must be the version read; it is updated
// to the stored state.
func (db *DB) RerouteIntakeItem(ctx context.Context, it *intake.Item, toTeam, by, reason string, at time.Time) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE intake_items SET team_id = $1, routed = $2, assigned_to = NULL, assigned_at = NULL,
			status = CASE WHEN status IN ('assigned', 'in_progress') THEN 'urgency_assessed' ELSE status END,
			version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5`,
			toTeam, true, ts(at), it.ID, it.Version)
		if err != nil {
			return fmt.Errorf("reroute intake item: %w", err)
		}
		if err := oneRow(res, "intake item"); err != nil {
			return err
		}
		return insertIntakeEvent(ctx, tx, &intake.Event{ItemID: it.ID, At: at, By: by, Type: intake.EventRerouted,
			FromTeam: it.TeamID, ToTeam: toTeam, Text: reason})
	})
	if err != nil {
		return fmt.Errorf("reroute: %w", err)
	}
	it.TeamID, it.Routed, it.AssignedTo, it.AssignedAt = toTeam, true, "", nil
	if it.Status == intake.StatusAssigned || it.Status == intake.StatusInProgress {
		it.Status = intake.StatusUrgencyAssessed
	}
	it.Version++
	it.UpdatedAt = fromTS(ts(at))
	return nil
}

// AddIntakeEvent appends an event (a note, a reminder sent) to an item's history.
func (db *DB) AddIntakeEvent(ctx context.Context, ev intake.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return insertIntakeEvent(ctx, tx, &ev) })
}

// IntakeItemsOpened returns the items of teams opened in [from, to), for
// the compliance report. Personal data is left out: only the kind, the
// deadlines and the triage times are read.
func (db *DB) IntakeItemsOpened(ctx context.Context, teamIDs []string, from, to time.Time) ([]intake.Item, error) {
	out := []intake.Item{}
	if len(teamIDs) == 0 {
		return out, nil
	}
	args := []any{ts(from), ts(to)}
	for _, id := range teamIDs {
		args = append(args, id)
	}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var it intake.Item
		var kind, status string
		var team sql.NullString
		var opened int64
		var urgencyAt, decidedAt, startedAt, completedAt, urgencyDue, decisionDue, startDue, assessmentDue sql.NullInt64
		if err := rows.Scan(&it.ID, &kind, &team, &opened, &status, &urgencyAt, &decidedAt, &startedAt, &completedAt,
			&urgencyDue, &decisionDue, &startDue, &assessmentDue); err != nil {
			return err
		}
		it.Kind, it.TeamID, it.OpenedAt, it.Status = intake.Kind(kind), team.String, fromTS(opened), intake.Status(status)
		it.UrgencyAt, it.DecidedAt = fromNullTS(urgencyAt), fromNullTS(decidedAt)
		it.AssessmentStartedAt, it.AssessmentCompletedAt = fromNullTS(startedAt), fromNullTS(completedAt)
		it.Deadlines = intake.Deadlines{UrgencyAssessmentDue: fromNullTS(urgencyDue), DecisionDue: fromNullTS(decisionDue),
			AssessmentStartDue: fromNullTS(startDue), AssessmentDue: fromNullTS(assessmentDue)}
		out = append(out, it)
		return nil
	}, `SELECT id, kind, team_id, opened_at, status, urgency_at, decided_at, assessment_started_at, assessment_completed_at,
		urgency_due, decision_due, assessment_start_due, assessment_due FROM intake_items
		WHERE opened_at >= $1 AND opened_at < $2 AND team_id IN (`+placeholders(3, len(teamIDs))+`) ORDER BY opened_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read intake items for the report: %w", err)
	}
	return out, nil
}

// PersonIDs resolves what a person's access log extract is asked for by:
// a person id, an intake item's id (its subject), a case's id (its
// client), or an identity code. Unknown keys give an empty list.
func (db *DB) PersonIDs(ctx context.Context, key string) ([]string, error) {
	out := []string{}
	err := db.eachRow(ctx, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	}, `SELECT id FROM persons WHERE id = $1 OR hetu = $2
		UNION SELECT person_id FROM intake_items WHERE id = $1 AND person_id IS NOT NULL
		UNION SELECT client_id FROM cases WHERE id = $1`, key, strings.ToUpper(key))
	if err != nil {
		return nil, fmt.Errorf("resolve person: %w", err)
	}
	return out, nil
}

// DefaultIntakeTeam is the team that takes items no team's area and target
// group match ("" when none is set).
func (db *DB) DefaultIntakeTeam(ctx context.Context) (string, error) {
	v, _, err := db.Setting(ctx, settingDefaultIntakeTeam)
	return v, err
}

// SetDefaultIntakeTeam sets the default intake team; it must exist.
func (db *DB) SetDefaultIntakeTeam(ctx context.Context, teamID string) error {
	if _, err := db.Team(ctx, teamID); err != nil {
		return err
	}
	return db.SetSetting(ctx, settingDefaultIntakeTeam, teamID)
}

const settingDefaultIntakeTeam = "intake_default_team"
