-- +goose Up
-- 政府开放月: topic polls and events with registration. A voter is kept
-- only as the keyed MAC of the mobile number (one vote per person and
-- poll); a registrant's name and phone are sealed, with masks for the
-- check-in list. Each event's version is bumped first by every
-- registration and cancellation, which serialises them per event on both
-- engines (the capacity check reads the counts after it).
CREATE TABLE om_polls (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    dept_id     INTEGER NOT NULL REFERENCES departments(id),
    opens_on    TEXT    NOT NULL,
    closes_on   TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

CREATE TABLE om_poll_options (
    id      INTEGER PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES om_polls(id),
    seq     INTEGER NOT NULL,
    text    TEXT    NOT NULL,
    UNIQUE (poll_id, seq)
);

CREATE TABLE om_votes (
    id         INTEGER PRIMARY KEY,
    poll_id    INTEGER NOT NULL REFERENCES om_polls(id),
    option_id  INTEGER NOT NULL REFERENCES om_poll_options(id),
    voter_mac  TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    UNIQUE (poll_id, voter_mac)
);
CREATE INDEX om_votes_option ON om_votes (option_id);

CREATE TABLE om_events (
    id          INTEGER PRIMARY KEY,
    topic       TEXT    NOT NULL,
    dept_id     INTEGER NOT NULL REFERENCES departments(id),
    on_date     TEXT    NOT NULL,
    starts      TEXT    NOT NULL,
    ends        TEXT    NOT NULL,
    place       TEXT    NOT NULL,
    form        TEXT    NOT NULL,
    capacity    INTEGER NOT NULL,
    reg_opens   TEXT    NOT NULL,
    reg_closes  TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    poll_id     INTEGER REFERENCES om_polls(id),
    report      TEXT    NOT NULL DEFAULT '',
    report_at   BIGINT  NOT NULL DEFAULT 0,
    version     BIGINT  NOT NULL DEFAULT 1,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX om_events_date ON om_events (on_date, id);

CREATE TABLE om_registrations (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES om_events(id),
    number        TEXT    NOT NULL UNIQUE,
    code_hash     TEXT    NOT NULL,
    name_sealed   TEXT    NOT NULL,
    name_mask     TEXT    NOT NULL,
    phone_sealed  TEXT    NOT NULL,
    phone_mask    TEXT    NOT NULL,
    phone_mac     TEXT    NOT NULL,
    note          TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    cancelled_at  BIGINT  NOT NULL DEFAULT 0,
    checked_in_at BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX om_registrations_event ON om_registrations (event_id, status, id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
