-- +goose Up
-- What the staff inbox and the reminders filter, count and order on, so
-- they page in SQL: the case's status and, while its clock runs (办理中 or
-- 征求意见中), its due date (YYYY-MM-DD; '' when the clock is stopped or
-- the case is closed). They are derived from the events and the calendar:
-- Tx.refreshFOIListing writes them in the transaction of every event, and a
-- calendar change rewrites those of the open cases in its own. The events
-- stay the record; every page still replays its rows' clocks. Rows older
-- than this migration have status '' until Store.Migrate fills them.
ALTER TABLE foi_applications ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE foi_applications ADD COLUMN due_on TEXT NOT NULL DEFAULT '';
-- Running clocks by due date (due_on > ''), then the rest newest first
-- (due_on = ''), for every case, one status, one department, or a
-- department and a status.
CREATE INDEX foi_applications_due ON foi_applications (due_on, id);
CREATE INDEX foi_applications_status ON foi_applications (status, due_on, id);
CREATE INDEX foi_applications_dept_due ON foi_applications (dept_id, due_on, id);
CREATE INDEX foi_applications_dept_status ON foi_applications (dept_id, status, due_on, id);

-- +goose Down
-- Forward-only: migrations are never rolled back.
SELECT 1;
