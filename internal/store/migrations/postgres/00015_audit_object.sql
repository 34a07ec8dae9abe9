-- +goose Up
-- A case's or a document's own trail (the FOI case page lists it) is an
-- index range, not a scan of the whole audit chain.
CREATE INDEX audit_events_object ON audit_events (object, seq);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
