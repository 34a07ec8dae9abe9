-- +goose Up
-- The plain text of each attachment (extract.Text), which search indexes
-- with the published revision it belongs to. An upload stores it with the
-- file ('done', or 'failed' if the file could not be read); the attachments
-- that predate this migration are 'pending' until Store.ExtractAttachmentTexts,
-- run once at serve start, reads them.
ALTER TABLE attachments ADD COLUMN text TEXT NOT NULL DEFAULT '';
ALTER TABLE attachments ADD COLUMN text_state TEXT NOT NULL DEFAULT 'pending';
CREATE INDEX attachments_text_pending ON attachments (id) WHERE text_state = 'pending';

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
