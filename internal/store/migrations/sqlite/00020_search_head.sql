-- +goose Up
-- PostgreSQL gets the head's own tsvector here (see its migration); the
-- FTS5 table already keeps the head as a column of its own.
SELECT 1;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
