-- Use statistics of the recognition tool (seed 004): daily counters by the
-- professional's sector, so that the county sees which cues and routes come
-- up where. Only counters are kept, never a row per use, so nothing here can
-- be linked to a person or to one professional's session. kind is
-- 'evaluation' (code ''), 'cue' (a cue code) or 'route' (a route name); day
-- is the Helsinki date as YYYY-MM-DD, which orders as text.
CREATE TABLE recognition_use_counts (
    day TEXT NOT NULL,
    sector TEXT NOT NULL,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (day, sector, kind, code)
);
