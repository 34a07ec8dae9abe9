-- +goose Up
-- The quarterly bulletin counts each department's documents first
-- published on the portal in a quarter: one range of this index (the
-- InspectFacts newest-publication MAX reads its end).
CREATE INDEX public_docs_first ON public_docs (portal, first_published);
-- The interpretation check finds the public row of an interpretation by
-- its revision.
CREATE INDEX public_docs_rev ON public_docs (rev_id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
