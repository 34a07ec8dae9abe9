-- +goose Up
-- Files of an application (the applicant's ID scan, signed receipts). The
-- bytes are sealed like the other personal data.
CREATE TABLE foi_files (
    id           INTEGER PRIMARY KEY,
    app_id       INTEGER NOT NULL REFERENCES foi_applications(id),
    kind         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    mime         TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    data_sealed  TEXT    NOT NULL,
    created_by   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL
);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
