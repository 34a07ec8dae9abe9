-- +goose Up
-- Search weighs where a term stands: the index now keeps a document's
-- heading (title, 发文字号, keywords), its text (summary, body) and the
-- tails of both as three columns (internal/search.Index). The table is
-- made again and filled by one rebuild of the listing projection.
-- prefix='1' keeps an index of every token's first character, so a query
-- ending in one Han character (2024年, 查) reads one list instead of
-- merging those of every bigram it starts (100x faster at 100,000
-- documents).
DROP TABLE search_docs;
CREATE VIRTUAL TABLE search_docs USING fts5(head, body, tails, plain UNINDEXED, prefix='1');
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
