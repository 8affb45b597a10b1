-- Monthly roll-ups: the daily roll-ups (encounter_rollups) summed by month,
-- written in the same transactions (rollupDeltas.apply). A year of a
-- county's statistics reads these, some 80,000 rows for a million
-- encounters at 40 points, instead of 1.2 million daily rows; only the
-- months a period covers in part, and the daily totals, come from the daily
-- roll-ups. The key runs in the order the statistics group by (month,
-- dimension, code), so the sums stream out without a sort. See
-- docs/statistics.md. (The SQLite half differs only in WITHOUT ROWID.)
CREATE TABLE encounter_rollups_monthly (
    local_month TEXT NOT NULL,
    dimension TEXT NOT NULL,
    code TEXT NOT NULL,
    service_point_id TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (local_month, dimension, code, service_point_id)
);

INSERT INTO encounter_rollups_monthly (local_month, dimension, code, service_point_id, count)
    SELECT local_month, dimension, code, service_point_id, SUM(count) FROM encounter_rollups
    GROUP BY local_month, dimension, code, service_point_id;
