-- +goose Up
-- The revisions that interpret a document, the few among all: the
-- self-inspection and the bulletin ask, per document, whether a public
-- interpretation exists (store.inspectDocColumns).
CREATE INDEX revisions_interpreting ON revisions (interprets) WHERE interprets <> 0;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
