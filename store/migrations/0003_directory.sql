-- Directory: service points with their opening hours. A service point is
-- read and written whole (its hours and exceptions with it), so it is kept as
-- one JSON document in the API's shape; the columns beside it are what
-- queries filter and sort on. Every saved version is kept in the history.

CREATE TABLE service_points (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    municipality TEXT NOT NULL,
    team_id TEXT REFERENCES teams (id) ON DELETE SET NULL,
    document TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX service_points_municipality ON service_points (municipality);
CREATE INDEX service_points_updated ON service_points (updated_at);

CREATE TABLE service_point_history (
    service_point_id TEXT NOT NULL REFERENCES service_points (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    changed_at BIGINT NOT NULL,
    changed_by TEXT NOT NULL, -- user id ('' for the system, e.g. demo data)
    changed_by_name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (service_point_id, version)
);
