-- +goose Up
-- 依申请公开. Personal data is sealed (AES-GCM, key outside the database);
-- the *_mask columns hold the masked forms lists show. The clock is not
-- stored: it is recomputed from the events and the calendar on every read,
-- so a calendar change moves open due dates at once.
CREATE TABLE foi_applications (
    id                INTEGER PRIMARY KEY,
    number            TEXT    NOT NULL UNIQUE,
    code_hash         TEXT    NOT NULL,
    channel           TEXT    NOT NULL,
    received_on       TEXT    NOT NULL DEFAULT '',
    dept_id           INTEGER REFERENCES departments(id),
    applicant_kind    TEXT    NOT NULL,
    org_category      TEXT    NOT NULL DEFAULT '',
    name_sealed       TEXT    NOT NULL,
    name_mask         TEXT    NOT NULL,
    id_type           TEXT    NOT NULL,
    id_number_sealed  TEXT    NOT NULL,
    id_number_mask    TEXT    NOT NULL,
    phone_sealed      TEXT    NOT NULL,
    phone_mask        TEXT    NOT NULL,
    email_sealed      TEXT    NOT NULL DEFAULT '',
    address_sealed    TEXT    NOT NULL DEFAULT '',
    description       TEXT    NOT NULL,
    purpose           TEXT    NOT NULL DEFAULT '',
    format            TEXT    NOT NULL,
    delivery          TEXT    NOT NULL,
    version           BIGINT  NOT NULL DEFAULT 1,
    created_by        TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL
);

CREATE TABLE foi_events (
    id          INTEGER PRIMARY KEY,
    app_id      INTEGER NOT NULL REFERENCES foi_applications(id),
    seq         INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    on_date     TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (app_id, seq)
);

CREATE TABLE foi_reviews (
    id          INTEGER PRIMARY KEY,
    app_id      INTEGER NOT NULL REFERENCES foi_applications(id),
    kind        TEXT    NOT NULL,
    filed_on    TEXT    NOT NULL,
    result      TEXT    NOT NULL,
    closed_on   TEXT    NOT NULL DEFAULT '',
    actor       TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- Application numbers run per year and are never reused.
CREATE TABLE foi_sequences (
    year  INTEGER PRIMARY KEY,
    last  BIGINT  NOT NULL
);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
