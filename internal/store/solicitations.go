package store

import (
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// commentTarget checks that a comment's solicitation is open on today and
// returns the department that drafted it.
func (tx *Tx) commentTarget(id string, today calendar.Date) (int64, error) {
	return 0, errs.InField("target", errs.New(errs.Invalid, "store.CreateLetter", "solicitation_not_found", "没有这项意见征集。"))
}
