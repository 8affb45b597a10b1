-- Holding-on case work (seed 002): clients, their cases, the trust ladder,
-- meetings and follow-ups, client plans, self-assessments, consents and
-- referrals to partners, same-team read grants and caseload caps.
-- Free texts and lists are kept as they are written (JSON documents for
-- lists and maps); what lists, reports and checks filter or count by is a
-- column. Dates (no time of day) are ISO text YYYY-MM-DD, which orders as
-- text; instants are BIGINT microseconds like everywhere else.

-- A client is a person (persons, 0005) with whom case work is done: the
-- client's id is the person id, so an identity code already known from an
-- intake item makes the same person, and the access log of both is one.
-- The identity code stays in persons.hetu, unique there. name_key is
-- casework.NameKey(name), what duplicates and searches compare; contact is
-- a JSON document {phone, email, address, languages}.
CREATE TABLE clients (
    person_id TEXT PRIMARY KEY REFERENCES persons (id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    contact TEXT NOT NULL,
    municipality TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX clients_name_birth ON clients (name_key, birth_date);
CREATE INDEX clients_birth ON clients (birth_date);

-- situation is a JSON object {area: text}. stage is 0 before the first
-- ladder step; last_contact_at is the latest held meeting or reached
-- follow-up (NULL: none yet) and only ever moves forward.
CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (person_id),
    team_id TEXT NOT NULL REFERENCES teams (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    second_worker_id TEXT REFERENCES users (id),
    target_group TEXT NOT NULL,
    status TEXT NOT NULL,
    close_reason TEXT NOT NULL,
    close_note TEXT NOT NULL,
    origin TEXT NOT NULL,
    origin_ref TEXT NOT NULL,
    situation TEXT NOT NULL,
    stage INTEGER NOT NULL,
    stage_at BIGINT,
    last_contact_at BIGINT,
    opened_at BIGINT NOT NULL,
    opened_by TEXT REFERENCES users (id),
    closed_at BIGINT,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX cases_worker ON cases (worker_id, status);
CREATE INDEX cases_second_worker ON cases (second_worker_id, status);
CREATE INDEX cases_team ON cases (team_id, status);
CREATE INDEX cases_client ON cases (client_id);

-- A case's history. Append-only by convention of the store (no UPDATE or
-- DELETE statement touches it).
CREATE TABLE case_events (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    at BIGINT NOT NULL,
    by_user TEXT REFERENCES users (id),
    type TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, at);

-- The county's trust ladder, every save a whole new version (like the
-- recognition catalogue, 0007). No row: the built-in default is in force.
CREATE TABLE ladder_versions (
    version INTEGER PRIMARY KEY,
    doc TEXT NOT NULL,
    saved_at BIGINT NOT NULL,
    saved_by TEXT REFERENCES users (id)
);

-- Each dated change of a case's stage, with who and why. Append-only.
CREATE TABLE ladder_steps (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    at BIGINT NOT NULL,
    by_user TEXT REFERENCES users (id),
    from_stage INTEGER NOT NULL,
    to_stage INTEGER NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX ladder_steps_case ON ladder_steps (case_id, at);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    at BIGINT NOT NULL,
    place TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT NOT NULL,
    by_user TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX meetings_case ON meetings (case_id, at);

-- Follow-up tasks; due is a date. The worker's list reads the open ones
-- (done_at NULL) by assignee.
CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    meeting_id TEXT REFERENCES meetings (id),
    kind TEXT NOT NULL,
    due TEXT NOT NULL,
    assigned_to TEXT NOT NULL REFERENCES users (id),
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id),
    done_at BIGINT,
    done_by TEXT REFERENCES users (id),
    reached BOOLEAN NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX follow_ups_assigned ON follow_ups (assigned_to, done_at);
CREATE INDEX follow_ups_case ON follow_ups (case_id);

-- Every save of a client plan is a new version; goals is a JSON list.
CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL,
    goals TEXT NOT NULL,
    review_date TEXT NOT NULL,
    saved_at BIGINT NOT NULL,
    saved_by TEXT REFERENCES users (id),
    UNIQUE (case_id, version)
);

-- scores is a JSON object {area: 1..10}.
CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    scores TEXT NOT NULL,
    by_user TEXT REFERENCES users (id)
);
CREATE INDEX assessments_case ON assessments (case_id, at);

-- A client's consent to give information to a partner; scope is a JSON
-- list of information kinds, valid_until an inclusive date.
CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (person_id),
    partner TEXT NOT NULL,
    organisation TEXT NOT NULL,
    scope TEXT NOT NULL,
    given_at BIGINT NOT NULL,
    valid_until TEXT NOT NULL,
    recorded_by TEXT REFERENCES users (id),
    withdrawn_at BIGINT,
    withdrawn_by TEXT REFERENCES users (id)
);
CREATE INDEX consents_client ON consents (client_id, given_at);

-- What was sent to a partner under a consent: shared is a JSON list of
-- information kinds and content the JSON document the partner received.
CREATE TABLE case_referrals (
    id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    consent_id TEXT NOT NULL REFERENCES consents (id),
    partner TEXT NOT NULL,
    organisation TEXT NOT NULL,
    message TEXT NOT NULL,
    shared TEXT NOT NULL,
    content TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    sent_by TEXT REFERENCES users (id)
);
CREATE INDEX case_referrals_case ON case_referrals (case_id, sent_at);

-- The purpose a same-team social worker stated for reading a case, valid
-- until until_at.
CREATE TABLE case_read_grants (
    case_id TEXT NOT NULL REFERENCES cases (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    until_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);

-- A team's own caseload cap; teams without a row use the county default
-- (settings key casework_default_cap).
CREATE TABLE team_caseload_caps (
    team_id TEXT PRIMARY KEY REFERENCES teams (id),
    cap INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT REFERENCES users (id)
);

-- One row per worker whose caseload was checked against a cap. Checking
-- upserts the row first, which on PostgreSQL locks it until the
-- transaction ends, so two assignments to one worker count one after the
-- other and cannot both slip under the cap. (SQLite has one writer anyway.)
CREATE TABLE caseload_locks (
    worker_id TEXT PRIMARY KEY,
    touched_at BIGINT NOT NULL
);
