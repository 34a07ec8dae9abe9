-- +goose Up
-- A legal person or other organisation names its 法定代表人或负责人 and the
-- 联系人 who deals with the case. Both are names of natural persons, so
-- they are sealed like name_sealed, and lists read the masks. Rows of
-- natural persons, and those from before this migration, keep ''.
ALTER TABLE foi_applications ADD COLUMN legal_rep_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE foi_applications ADD COLUMN legal_rep_mask   TEXT NOT NULL DEFAULT '';
ALTER TABLE foi_applications ADD COLUMN contact_sealed   TEXT NOT NULL DEFAULT '';
ALTER TABLE foi_applications ADD COLUMN contact_mask     TEXT NOT NULL DEFAULT '';

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
