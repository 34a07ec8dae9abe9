-- +goose Up
-- The website self-inspections (自查), newest last: when, which address was
-- crawled, the verdict and score (tenths of a point, an integer on both
-- engines), counts for the history list, and the whole report.Inspection
-- as JSON (its broken links carry the date they were first found broken).
CREATE TABLE inspections (
    id        INTEGER PRIMARY KEY,
    at        BIGINT  NOT NULL,
    base_url  TEXT    NOT NULL,
    pass      BOOLEAN NOT NULL,
    score     INTEGER NOT NULL,
    broken    INTEGER NOT NULL,
    findings  INTEGER NOT NULL,
    result    TEXT    NOT NULL
);
CREATE INDEX inspections_at ON inspections (at, id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
