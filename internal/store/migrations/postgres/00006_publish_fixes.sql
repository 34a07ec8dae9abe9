-- +goose Up
-- Index numbers run per series: the number's form with the organ and year
-- filled in (e.g. "00001434-9/2026-{seq:8}"). Organs that share an
-- organisation code, or a rule without one, share a series, so their
-- numbers can never collide.
CREATE TABLE index_series (
    series  TEXT    NOT NULL,
    year    INTEGER NOT NULL,
    last    BIGINT  NOT NULL,
    PRIMARY KEY (series, year)
);

-- Everyone who wrote or submitted a revision: none of them may review it.
CREATE TABLE revision_editors (
    rev_id   BIGINT NOT NULL REFERENCES revisions(id),
    user_id  BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (rev_id, user_id)
);
INSERT INTO revision_editors (rev_id, user_id) SELECT id, author_id FROM revisions;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
