-- +goose Up
-- A daily job's claim becomes a lease: done_at stays 0 until the run
-- succeeded, so a run that failed, or died with its instance, is tried again
-- once claimed_until has passed. Claims made before this were final.
ALTER TABLE job_runs ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE job_runs ADD COLUMN done_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE job_runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_runs ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
UPDATE job_runs SET done_at = at, attempts = 1;

-- Mail waiting to be sent. The message (recipient, subject, body,
-- attachments) is sealed: notices carry applicants' personal data. A row is
-- never deleted: sent_at or failed_at (given up) ends it. dedupe_key, when
-- set, makes enqueueing idempotent (a job that is retried enqueues once).
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    dedupe_key      TEXT UNIQUE,
    message_sealed  TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_try_at     BIGINT  NOT NULL,
    claimed_until   BIGINT  NOT NULL DEFAULT 0,
    sent_at         BIGINT  NOT NULL DEFAULT 0,
    message_id      TEXT    NOT NULL DEFAULT '',
    failed_at       BIGINT  NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_pending ON mail_outbox (next_try_at) WHERE sent_at = 0 AND failed_at = 0;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
