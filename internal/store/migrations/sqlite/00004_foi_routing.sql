-- +goose Up
-- The keyed fingerprint of the applicant's ID number finds the same
-- applicant's earlier requests (duplicate warning) without opening sealed data.
ALTER TABLE foi_applications ADD COLUMN id_number_mac TEXT NOT NULL DEFAULT '';
CREATE INDEX foi_applications_mac ON foi_applications (id_number_mac);
CREATE INDEX foi_applications_dept ON foi_applications (dept_id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
