-- +goose Up
-- Site-wide search: the bigram tokens (weight A) and tails (weight B) of
-- every document the portal shows (internal/search), with a GIN index.
-- Written with the listing projection; the projection is rebuilt once
-- (public_state) so the documents published before this migration are
-- indexed too.
CREATE TABLE search_docs (
    doc_id BIGINT PRIMARY KEY REFERENCES documents(id),
    tsv    tsvector NOT NULL,
    plain  TEXT NOT NULL -- the text itself, for the results' snippets
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
-- A 发文字号 as search compares it (search.DocNumberKey: brackets of any
-- kind as 〔〕, no spaces), so a number typed any common way finds its
-- document first.
ALTER TABLE public_docs ADD COLUMN doc_key TEXT NOT NULL DEFAULT '';
CREATE INDEX public_docs_doc_key ON public_docs (doc_key) WHERE doc_key <> '';
UPDATE public_state SET built = FALSE WHERE id = 1;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
