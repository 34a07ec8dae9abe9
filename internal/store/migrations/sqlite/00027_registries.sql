-- +goose Up
-- 信息员: one row per term of an information officer in a department.
-- Dates are YYYY-MM-DD text; to_date '' while the term runs. username is
-- the officer's staff account when they have one (for signing handovers).
CREATE TABLE officers (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    dept_id         BIGINT  NOT NULL REFERENCES departments(id),
    duty            TEXT    NOT NULL CHECK (duty IN ('publish', 'foi', 'interact')),
    username        TEXT    NOT NULL DEFAULT '',
    from_date       TEXT    NOT NULL,
    to_date         TEXT    NOT NULL DEFAULT '',
    trainee         BOOLEAN NOT NULL DEFAULT FALSE,
    trainee_filed   TEXT    NOT NULL DEFAULT '',
    trainee_note    TEXT    NOT NULL DEFAULT '',
    version         BIGINT  NOT NULL DEFAULT 1,
    updated_by      TEXT    NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE INDEX officers_dept ON officers (dept_id, to_date);
CREATE INDEX officers_username ON officers (username) WHERE username <> '';

-- 交接: the checklist is JSON ([{key, label, done}]); each party's sign-off
-- is who, whether on their behalf (by the supervisor, with a note) and when
-- (0 until signed). completed_at is set when the second party signs.
CREATE TABLE handovers (
    id              INTEGER PRIMARY KEY,
    dept_id         BIGINT  NOT NULL REFERENCES departments(id),
    from_id         BIGINT  NOT NULL REFERENCES officers(id),
    to_id           BIGINT  NOT NULL REFERENCES officers(id),
    handover_date   TEXT    NOT NULL,
    checklist       TEXT    NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    out_by          TEXT    NOT NULL DEFAULT '',
    out_behalf      BOOLEAN NOT NULL DEFAULT FALSE,
    out_note        TEXT    NOT NULL DEFAULT '',
    out_at          BIGINT  NOT NULL DEFAULT 0,
    in_by           TEXT    NOT NULL DEFAULT '',
    in_behalf       BOOLEAN NOT NULL DEFAULT FALSE,
    in_note         TEXT    NOT NULL DEFAULT '',
    in_at           BIGINT  NOT NULL DEFAULT 0,
    completed_at    BIGINT  NOT NULL DEFAULT 0,
    created_by      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX handovers_created ON handovers (completed_at, created_at, id);

-- 政务新媒体: status and status_date are the latest row of
-- newmedia_status (the history, one row per change).
CREATE TABLE newmedia_accounts (
    id              INTEGER PRIMARY KEY,
    platform        TEXT    NOT NULL CHECK (platform IN ('wechat', 'weibo', 'douyin', 'toutiao', 'other')),
    name            TEXT    NOT NULL,
    dept_id         BIGINT  NOT NULL REFERENCES departments(id),
    tier            TEXT    NOT NULL CHECK (tier IN ('district', 'town', 'other')),
    status          TEXT    NOT NULL CHECK (status IN ('open', 'changed', 'suspended', 'cancelled')),
    status_date     TEXT    NOT NULL,
    last_post       TEXT    NOT NULL DEFAULT '',
    version         BIGINT  NOT NULL DEFAULT 1,
    updated_by      TEXT    NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX newmedia_accounts_name ON newmedia_accounts (platform, name);
CREATE INDEX newmedia_accounts_dept ON newmedia_accounts (dept_id);
CREATE TABLE newmedia_status (
    id              INTEGER PRIMARY KEY,
    account_id      BIGINT  NOT NULL REFERENCES newmedia_accounts(id),
    status          TEXT    NOT NULL,
    status_date     TEXT    NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    created_by      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX newmedia_status_account ON newmedia_status (account_id, id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
