-- +goose Up
-- The version of what the public sees: one row, bumped in the transaction of
-- every change to public content (publishing, withdrawal, validity, imports,
-- columns, catalog, taxonomies, guide pages, department names, calendar
-- overrides). Page caches key on it, so every instance sees a change at once;
-- changed_at is the public Last-Modified.
CREATE TABLE content_version (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    BIGINT NOT NULL,
    changed_at BIGINT NOT NULL
);
INSERT INTO content_version (id, version, changed_at)
    SELECT 1, 1, COALESCE(MAX(last_published), 0) FROM documents;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
