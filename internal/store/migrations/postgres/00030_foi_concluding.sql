-- +goose Up
-- The quarterly bulletin finds the FOI cases answered or withdrawn in a
-- quarter: two ranges of this index.
CREATE INDEX foi_events_type_on ON foi_events (type, on_date);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
