-- +goose Up
-- Site-wide search: the bigram tokens (weight A) and tails (weight B) of
-- every document the portal shows (internal/search), with a GIN index.
-- Written with the listing projection; the projection is rebuilt once
-- (public_state) so the documents published before this migration are
-- indexed too.
CREATE TABLE search_docs (
    doc_id BIGINT PRIMARY KEY REFERENCES documents(id),
    tsv    tsvector NOT NULL
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
UPDATE public_state SET built = FALSE WHERE id = 1;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
