-- +goose Up
-- Letters from the public (政民互动): 网上咨询, 领导信箱 and comments on a
-- 意见征集. Personal data is sealed (name, phone, e-mail); the masks serve
-- lists. status and due_on are derived from the letter's steps and the
-- calendar by one writer (Tx.saveLetter); the published texts are the
-- letter and reply with personal details removed, written when staff
-- select the letter, so public reads need no key.
CREATE TABLE letters (
    id              INTEGER PRIMARY KEY,
    number          TEXT    NOT NULL UNIQUE,
    code_hash       TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    target          TEXT    NOT NULL DEFAULT '',
    dept_id         INTEGER REFERENCES departments(id),
    name_sealed     TEXT    NOT NULL,
    name_mask       TEXT    NOT NULL,
    phone_sealed    TEXT    NOT NULL,
    phone_mask      TEXT    NOT NULL,
    email_sealed    TEXT    NOT NULL DEFAULT '',
    email_mask      TEXT    NOT NULL DEFAULT '',
    phone_mac       TEXT    NOT NULL DEFAULT '',
    subject         TEXT    NOT NULL,
    content         TEXT    NOT NULL,
    publish_ok      BOOLEAN NOT NULL,
    status          TEXT    NOT NULL,
    simple          BOOLEAN NOT NULL DEFAULT FALSE,
    received_on     TEXT    NOT NULL,
    due_on          TEXT    NOT NULL DEFAULT '',
    reason          TEXT    NOT NULL DEFAULT '',
    note            TEXT    NOT NULL DEFAULT '',
    reply           TEXT    NOT NULL DEFAULT '',
    reply_dept_id   INTEGER REFERENCES departments(id),
    reply_by        TEXT    NOT NULL DEFAULT '',
    replied_on      TEXT    NOT NULL DEFAULT '',
    replied_at      BIGINT  NOT NULL DEFAULT 0,
    published       BOOLEAN NOT NULL DEFAULT FALSE,
    public_subject  TEXT    NOT NULL DEFAULT '',
    public_content  TEXT    NOT NULL DEFAULT '',
    public_reply    TEXT    NOT NULL DEFAULT '',
    rating          INTEGER NOT NULL DEFAULT 0,
    policy_id       INTEGER REFERENCES documents(id),
    version         BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
-- The inbox: running clocks by due date, the rest newest first (due_on
-- '' then id), per status, per department or all.
CREATE INDEX letters_status_due ON letters (status, due_on, id);
CREATE INDEX letters_dept_status_due ON letters (dept_id, status, due_on, id);
CREATE INDEX letters_due ON letters (due_on, id);
CREATE INDEX letters_dept_due ON letters (dept_id, due_on, id);
-- Newest first, for the inbox's other statuses and the escalation list.
CREATE INDEX letters_received ON letters (received_on, id);
-- 留言选登: newest reply first.
CREATE INDEX letters_published ON letters (published, replied_at, id);
-- Which policies draw questions.
CREATE INDEX letters_policy ON letters (policy_id);

-- Each step of a letter, for its trail.
CREATE TABLE letter_events (
    letter_id  INTEGER NOT NULL REFERENCES letters(id),
    seq        INTEGER NOT NULL,
    action     TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    dept_id    INTEGER REFERENCES departments(id),
    text       TEXT    NOT NULL DEFAULT '',
    at         BIGINT  NOT NULL,
    PRIMARY KEY (letter_id, seq)
);

-- Attachments the writer sent (sealed, like the personal data).
CREATE TABLE letter_files (
    id           INTEGER PRIMARY KEY,
    letter_id    INTEGER NOT NULL REFERENCES letters(id),
    name         TEXT    NOT NULL,
    mime         TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    data_sealed  TEXT    NOT NULL
);
CREATE INDEX letter_files_letter ON letter_files (letter_id);

-- Kept counts (the published letters of 留言选登), moved by the step that
-- changes them, so the public list's total is one primary-key read.
CREATE TABLE letter_counts (
    name  TEXT   PRIMARY KEY,
    n     BIGINT NOT NULL
);
INSERT INTO letter_counts (name, n) VALUES ('published', 0);

-- Letter numbers run per year.
CREATE TABLE letter_sequences (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
