-- Roll-ups: how many (not deleted) encounters of a Helsinki date at a
-- service point have each fact (encounter.Fact). Every encounter write
-- changes them in its own transaction, and the statistics are sums of them,
-- so a county's year is read from a few hundred thousand small rows rather
-- than a million encounters. A count that falls to 0 is kept (the key is
-- likely to be used again); the statistics leave zero sums out.
--
-- The statistics read a date range (and maybe some points) grouped by
-- (dimension, code). The key leads with local_month (the date's 'YYYY-MM'),
-- so a query reads only the months of its range, whatever the years of
-- history, and then runs in (dimension, code, local_date) order, so the
-- groups stream out of the key without a sort. (Leading with local_date
-- instead made SQLite sort every row of the range: 2.5 times slower for a
-- year.) No foreign key to service_points: the encounters' own key already
-- keeps a point with encounters from going away.
CREATE TABLE encounter_rollups (
    local_month TEXT NOT NULL,
    local_date TEXT NOT NULL,
    service_point_id TEXT NOT NULL,
    dimension TEXT NOT NULL,
    code TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (local_month, dimension, code, local_date, service_point_id)
);
