-- +goose Up
-- Solicitations of comment on draft documents (意见征集). The comments are
-- letters of kind 'comment' whose target is the solicitation's id; the
-- feedback columns stay empty until the drafting department publishes
-- it, and its table of points is solicitation_points.
CREATE TABLE solicitations (
    id                 INTEGER PRIMARY KEY,
    title              TEXT    NOT NULL,
    dept_id            INTEGER NOT NULL REFERENCES departments(id),
    kind               TEXT    NOT NULL,
    doc_id             INTEGER REFERENCES documents(id),
    summary            TEXT    NOT NULL DEFAULT '',
    draft_text         TEXT    NOT NULL DEFAULT '',
    opens_on           TEXT    NOT NULL,
    closes_on          TEXT    NOT NULL,
    short_reason       TEXT    NOT NULL DEFAULT '',
    feedback_at        BIGINT  NOT NULL DEFAULT 0,
    feedback_by        TEXT    NOT NULL DEFAULT '',
    feedback_text      TEXT    NOT NULL DEFAULT '',
    received_count     INTEGER NOT NULL DEFAULT 0,
    adopted_count      INTEGER NOT NULL DEFAULT 0,
    created_by         TEXT    NOT NULL,
    version            BIGINT  NOT NULL,
    created_at         BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL
);
-- The public list orders by the dates; staff lists by department.
CREATE INDEX solicitations_closes ON solicitations (closes_on, id);
CREATE INDEX solicitations_dept ON solicitations (dept_id, closes_on, id);

-- The feedback's table: one row per point of the comments.
CREATE TABLE solicitation_points (
    solicitation_id  INTEGER NOT NULL REFERENCES solicitations(id),
    seq              INTEGER NOT NULL,
    point            TEXT    NOT NULL,
    outcome          TEXT    NOT NULL,
    reason           TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (solicitation_id, seq)
);

-- A solicitation's comments: letters by kind and target.
CREATE INDEX letters_kind_target ON letters (kind, target, id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
