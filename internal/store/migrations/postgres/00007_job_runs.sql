-- +goose Up
-- Daily jobs claim their day here, so with several instances each runs once.
CREATE TABLE job_runs (
    name  TEXT NOT NULL,
    day   TEXT NOT NULL,
    at    BIGINT NOT NULL,
    PRIMARY KEY (name, day)
);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
