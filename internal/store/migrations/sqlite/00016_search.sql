-- +goose Up
-- Site-wide search: the bigram tokens and tails (internal/search) of every
-- document the portal shows, rowid = the document's id. Written with the
-- listing projection; the projection is rebuilt once (public_state) so the
-- documents published before this migration are indexed too.
-- plain is the text itself, not indexed, for the results' snippets.
CREATE VIRTUAL TABLE search_docs USING fts5(tokens, tails, plain UNINDEXED);
-- A 发文字号 as search compares it (search.DocNumberKey: brackets of any
-- kind as 〔〕, no spaces), so a number typed any common way finds its
-- document first.
ALTER TABLE public_docs ADD COLUMN doc_key TEXT NOT NULL DEFAULT '';
CREATE INDEX public_docs_doc_key ON public_docs (doc_key) WHERE doc_key <> '';
UPDATE public_state SET built = FALSE WHERE id = 1;

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
