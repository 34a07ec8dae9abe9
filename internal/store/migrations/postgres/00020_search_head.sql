-- +goose Up
-- The head's own tsvector (title, 发文字号, keywords, unweighted) with its
-- GIN index, for the search's walk over the heads: PostgreSQL estimates a
-- weight-restricted query on the whole tsvector as if it were not
-- restricted (a word common in bodies looks common in titles) and then
-- reads every row; this column has its own statistics. Filled from the
-- head's lexemes (weight A) of the existing rows.
ALTER TABLE search_docs ADD COLUMN head_tsv tsvector NOT NULL DEFAULT ''::tsvector;
UPDATE search_docs SET head_tsv = setweight(ts_filter(tsv, '{a}'), 'D');
CREATE INDEX search_docs_head ON search_docs USING GIN (head_tsv);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
