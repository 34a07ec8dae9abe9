-- +goose Up
-- Search weighs where a term stands: the tsvector now holds a document's
-- heading (title, 发文字号, keywords) weighted A, its text (summary, body)
-- B and the tails of both C (internal/search.Index). The rows are written
-- again by one rebuild of the listing projection.
DELETE FROM search_docs;
UPDATE public_state SET built = FALSE WHERE id = 1;
-- What the public searched, per ISO week (YYYY-Www), without who: the
-- query folded and with long digit runs masked, how often, and how often
-- it found nothing. For the staff's search dashboard.
CREATE TABLE search_queries (
    week      TEXT   NOT NULL,
    query     TEXT   NOT NULL,
    searches  BIGINT NOT NULL,
    empty     BIGINT NOT NULL,
    PRIMARY KEY (week, query)
);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
