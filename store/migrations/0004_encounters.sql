-- Encounters: the log of walk-in, phone, outreach and chat contacts, the
-- vocabularies their topics and help come from, and the roll-up counts the
-- statistics are read from. (The default vocabulary is seeded by Go code in
-- this migration's transaction: see afterMigration in migrate.go.)

-- Entries are never deleted, only retired (active = FALSE), so that old
-- encounters keep their meaning.
CREATE TABLE vocabulary_entries (
    kind TEXT NOT NULL, -- topic, help, age_band
    code TEXT NOT NULL,
    label_fi TEXT NOT NULL,
    label_sv TEXT NOT NULL,
    label_en TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    position INTEGER NOT NULL, -- display order within the kind
    created_at BIGINT NOT NULL,
    PRIMARY KEY (kind, code)
);

-- staff_id is a user id without a foreign key: an encounter is a statistics
-- record and outlives the account that logged it. Deleting is soft
-- (deleted_at, deleted_by) so that the audit trail keeps who removed what.
CREATE TABLE encounters (
    id TEXT PRIMARY KEY,
    service_point_id TEXT NOT NULL REFERENCES service_points (id),
    staff_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    local_date TEXT NOT NULL, -- Helsinki date of started_at, YYYY-MM-DD
    duration_min INTEGER NOT NULL,
    anonymous BOOLEAN NOT NULL,
    client_id TEXT,
    note TEXT NOT NULL DEFAULT '',
    age_band TEXT NOT NULL, -- '' when not asked
    gender TEXT NOT NULL,
    already_client TEXT NOT NULL,
    continued BOOLEAN NOT NULL,
    first_visit BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT,
    deleted_by TEXT,
    -- RULES.md §5: an anonymous encounter carries no personal data, whatever
    -- the application above gets wrong.
    CHECK (NOT anonymous OR (client_id IS NULL AND note = ''))
);
CREATE INDEX encounters_staff ON encounters (staff_id, created_at);
CREATE INDEX encounters_point_date ON encounters (service_point_id, local_date);

-- position keeps the order the codes were given in, so an encounter reads
-- back as it was written.
CREATE TABLE encounter_codes (
    encounter_id TEXT NOT NULL REFERENCES encounters (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, -- topic, help
    code TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (encounter_id, kind, code)
);

CREATE TABLE encounter_referrals (
    encounter_id TEXT NOT NULL REFERENCES encounters (id) ON DELETE CASCADE,
    partner TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (encounter_id, partner)
);

-- The roll-up table, encounter_rollups, is in 0004_encounters.sqlite.sql
-- and 0004_encounters.postgres.sql: on SQLite it is clustered on its key.
