-- Intake: contacts and notifications (seed 003), their routing, triage and
-- statutory deadlines, and the people they are about.

-- persons are the people whose data Kynnys holds and the access log is kept
-- for. An identity code, when known, makes one person of several items.
CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    hetu TEXT UNIQUE,
    created_at BIGINT NOT NULL
);

-- subject, notifier and details are JSON documents: personal data read only
-- with the item, never queried by content. The deadlines and the triage
-- times are columns, because the queue and the compliance report sort and
-- count by them. next_due is the earliest deadline still to meet (NULL when
-- none), which orders the queue.
CREATE TABLE intake_items (
    id TEXT PRIMARY KEY,
    receipt TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT REFERENCES users (id),
    municipality TEXT NOT NULL,
    target_group TEXT NOT NULL,
    team_id TEXT REFERENCES teams (id),
    routed BOOLEAN NOT NULL,
    person_id TEXT REFERENCES persons (id),
    subject TEXT NOT NULL,
    notifier TEXT,
    concern TEXT NOT NULL,
    details TEXT NOT NULL,
    status TEXT NOT NULL,
    urgency TEXT NOT NULL,
    urgency_reasons TEXT NOT NULL,
    urgency_by TEXT REFERENCES users (id),
    urgency_at BIGINT,
    assigned_to TEXT REFERENCES users (id),
    assigned_at BIGINT,
    decided_at BIGINT,
    forwarded_to TEXT NOT NULL,
    no_action_reason TEXT NOT NULL,
    assessment_started_at BIGINT,
    assessment_completed_at BIGINT,
    urgency_due BIGINT,
    decision_due BIGINT,
    assessment_start_due BIGINT,
    assessment_due BIGINT,
    next_due BIGINT,
    version INTEGER NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX intake_items_queue ON intake_items (team_id, status, next_due);
CREATE INDEX intake_items_opened ON intake_items (team_id, opened_at);
CREATE INDEX intake_items_assigned ON intake_items (assigned_to, status);
CREATE INDEX intake_items_person ON intake_items (person_id);

-- intake_events is each item's history: routing, urgency, assignment,
-- status changes, notes and reminders. Append-only by convention of the
-- store (no UPDATE or DELETE statement touches it).
CREATE TABLE intake_events (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES intake_items (id),
    at BIGINT NOT NULL,
    by_user TEXT REFERENCES users (id),
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    from_team TEXT NOT NULL,
    to_team TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX intake_events_item ON intake_events (item_id, at);
