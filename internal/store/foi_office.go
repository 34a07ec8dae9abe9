package store

import (
	"context"
	"database/sql"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

const foiOfficeSetting = "foi.office"

// FOIOffice returns the organ's 政府信息公开工作机构 settings, with the
// department resolved: when none was chosen, the top department (the
// first one, if an organ has several).
func (s *Store) FOIOffice(ctx context.Context) (*foi.Office, error) {
	return foiOfficeFrom(storeQ{s, ctx})
}

func foiOfficeFrom(q reader) (*foi.Office, error) {
	const op = "store.FOIOffice"
	o := &foi.Office{}
	if _, err := readSetting(q, foiOfficeSetting, o); err != nil {
		return nil, errs.Wrap(op, err)
	}
	o.Normalize()
	if o.DeptID == 0 {
		var id sql.NullInt64
		if err := q.row("SELECT MIN(id) FROM departments WHERE parent_id IS NULL").Scan(&id); err != nil {
			return nil, errs.Wrap(op, translate(err))
		}
		o.DeptID = id.Int64
	}
	return o, nil
}

// FOIOfficeSet reports whether an administrator has saved the office
// settings (until then FOIOffice gives the defaults).
func (s *Store) FOIOfficeSet(ctx context.Context) (bool, error) {
	var n int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM settings WHERE name = ?", foiOfficeSetting).Scan(&n); err != nil {
		return false, errs.Wrap("store.FOIOfficeSet", translate(err))
	}
	return n > 0, nil
}

// SetFOIOffice saves the office settings (audited with the values, which
// hold no personal data of applicants).
func (s *Store) SetFOIOffice(ctx context.Context, actor string, o foi.Office) error {
	const op = "store.SetFOIOffice"
	o.Normalize()
	if err := o.Validate(); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		var code string
		if err := tx.queryRow("SELECT code FROM departments WHERE id = ?", o.DeptID).Scan(&code); err != nil {
			return errs.InField("dept_id", invalid(notFound(translate(err), "department_not_found", "所选部门不存在。")))
		}
		if err := tx.writeSetting(foiOfficeSetting, actor, o); err != nil {
			return err
		}
		detail := map[string]string{"department": code, "contact": o.Contact, "phone": o.Phone, "address": o.Address,
			"review_organ": o.ReviewOrgan, "court": o.Court, "notice_pattern": o.NoticePattern, "one_step": boolText(o.OneStep)}
		return tx.record(actor, "settings.foi_office", "settings:"+foiOfficeSetting, detail)
	})
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// FOIStaff is u as the case rules see them, given the office.
func FOIStaff(u *auth.User, o *foi.Office) foi.Staff {
	return foi.Staff{Head: u.Can(auth.ApproveExtensions), Office: o != nil && o.DeptID != 0 && u.DeptID == o.DeptID, DeptID: u.DeptID}
}

// issuesNotice reports whether recording e issues a written notice, which
// then takes the next 文书编号.
func issuesNotice(t foi.EventType) bool {
	switch t {
	case foi.RequestSupplement, foi.ConsultStart, foi.Extend, foi.FeeNotice, foi.Answer, foi.Withdraw:
		return true
	}
	return false
}

// nextNoticeNumber takes the next 文书编号 of the year.
func (tx *Tx) nextNoticeNumber(o *foi.Office, year int) (string, error) {
	if _, err := tx.exec("INSERT INTO foi_notice_sequences (year, last) VALUES (?, 0) ON CONFLICT (year) DO NOTHING", year); err != nil {
		return "", err
	}
	var seq int
	if err := tx.queryRow("UPDATE foi_notice_sequences SET last = last + 1 WHERE year = ? RETURNING last", year).Scan(&seq); err != nil {
		return "", translate(err)
	}
	return o.NoticeNumber(year, seq), nil
}
