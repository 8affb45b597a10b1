-- Foundation: teams, staff accounts, sessions, API tokens, login throttling,
-- settings and the access log. Instants are BIGINT microseconds since the
-- Unix epoch (UTC); ids are UUIDv7 text.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE, -- lowercased name: names are unique regardless of case
    created_at BIGINT NOT NULL
);

CREATE TABLE team_municipalities (
    team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL,
    PRIMARY KEY (team_id, municipality)
);
CREATE INDEX team_municipalities_municipality ON team_municipalities (municipality);

CREATE TABLE team_target_groups (
    team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    target_group TEXT NOT NULL,
    PRIMARY KEY (team_id, target_group)
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE, -- stored normalised (lowercase)
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    password_hash TEXT NOT NULL,
    password_changed_at BIGINT NOT NULL,
    totp_secret TEXT NOT NULL DEFAULT '', -- pending or enrolled secret
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step BIGINT NOT NULL DEFAULT 0, -- replay guard
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE user_teams (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, team_id)
);
CREATE INDEX user_teams_team ON user_teams (team_id);

CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    second_factor_done BOOLEAN NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed sign-ins per account and per address; keys hold hashes, not emails or IPs.
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at BIGINT NOT NULL
);

-- Act 703/2023: every use of a person's data. Append-only and hash-chained;
-- access_log_head records the end of the chain so that cut-off rows show.
CREATE TABLE access_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    org_unit TEXT NOT NULL,
    person_id TEXT NOT NULL,
    action TEXT NOT NULL,
    purpose TEXT NOT NULL,
    route TEXT NOT NULL,
    request_id TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX access_log_person ON access_log (person_id, at);

CREATE TABLE access_log_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO access_log_head (id, seq, hash) VALUES (1, 0, '');
