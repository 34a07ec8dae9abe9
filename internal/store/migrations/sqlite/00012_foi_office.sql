-- +goose Up
-- Settings kept by administrators, one JSON value per name (the FOI office:
-- its department, contact, 复议机关, court, notice numbering, one-step
-- answering). Each change is audited.
CREATE TABLE settings (
    name        TEXT   PRIMARY KEY,
    value       TEXT   NOT NULL,
    updated_by  TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- 文书编号 of the FOI notices run per year and are never reused.
CREATE TABLE foi_notice_sequences (
    year  INTEGER PRIMARY KEY,
    last  BIGINT  NOT NULL
);

-- A case is never 未分配: the ones recorded without a department go to
-- the top department, the default FOI office.
UPDATE foi_applications SET dept_id = (SELECT MIN(id) FROM departments WHERE parent_id IS NULL)
    WHERE dept_id IS NULL;

-- Supplements sent online by the applicant wait here until an officer
-- confirms them (the supplement_received event); the text is the
-- applicant's own and sealed with the files.
CREATE TABLE foi_supplements (
    id            INTEGER PRIMARY KEY,
    app_id        BIGINT  NOT NULL REFERENCES foi_applications(id),
    text_sealed   TEXT    NOT NULL,
    submitted_on  TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    confirmed_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX foi_supplements_app ON foi_supplements (app_id);
ALTER TABLE foi_files ADD COLUMN supplement_id BIGINT NOT NULL DEFAULT 0;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
