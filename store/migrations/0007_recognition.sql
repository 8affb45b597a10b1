-- The cue catalogue of the recognition tool (issue 6), as a county edits
-- it. Every save stores the whole catalogue as a new version rather than
-- editing rows in place: the catalogue is small (some 50 cues), each version
-- is then complete and auditable on its own, and old statistics and links
-- can still be read against the version they were made with. No row means
-- the embedded default catalogue (recognition/catalogue.json) is in force.
CREATE TABLE recognition_catalogues (
    version INTEGER PRIMARY KEY,
    document TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users(id),
    note TEXT NOT NULL
);
