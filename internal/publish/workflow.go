package publish

import (
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// The workflow rules are functions of the revision and the acting user's
// facts, so the store can call them inside its transaction and every
// transition is decided in one place.

// Actor is who acts, as the workflow sees it.
type Actor struct {
	UserID    int64
	DeptID    int64
	CanDraft  bool // 信息员
	CanReview bool // 审核员
}

func conflictState(op, msg string) error {
	return errs.New(errs.Conflict, op, "invalid_transition", msg)
}

// CheckEdit allows the author (or another editor of the owning department)
// to change a draft or returned revision.
func CheckEdit(a Actor, doc *Document, rev *Revision) error {
	const op = "publish.CheckEdit"
	if !a.CanDraft {
		return errs.New(errs.Forbidden, op, "forbidden", "只有信息员可以编辑文件。")
	}
	if a.DeptID != doc.DeptID {
		return errs.New(errs.Forbidden, op, "other_department", "只能编辑本部门的文件。")
	}
	if !rev.State.Editable() {
		return conflictState(op, "该版本已提交或已审核，不能再修改；如需修改请先由审核员退回，或发布后修订。")
	}
	return nil
}

// CheckSubmit moves a draft to review. A revision of a published document
// must say what changed.
func CheckSubmit(a Actor, doc *Document, rev *Revision) error {
	if err := CheckEdit(a, doc, rev); err != nil {
		return err
	}
	if err := rev.Content.ValidateForSubmit(); err != nil {
		return err
	}
	if doc.PublishedRev != 0 && strings.TrimSpace(rev.ChangeNote) == "" {
		return errs.New(errs.Invalid, "publish.CheckSubmit", "change_note_required", "修订已发布的文件时，请填写修订说明。")
	}
	return nil
}

// CheckReview lets a reviewer who neither wrote nor submitted it decide on a submitted
// revision. Returning needs a note.
func CheckReview(a Actor, rev *Revision, approve bool, note string) error {
	const op = "publish.CheckReview"
	if !a.CanReview {
		return errs.New(errs.Forbidden, op, "forbidden", "只有审核员可以审核。")
	}
	if rev.EditedBy(a.UserID) {
		return errs.New(errs.Forbidden, op, "own_draft", "不能审核自己起草的文件（保密审查须由他人进行）。")
	}
	if rev.State != Submitted {
		return conflictState(op, "该版本不在待审核状态。")
	}
	if !approve && strings.TrimSpace(note) == "" {
		return errs.New(errs.Invalid, op, "note_required", "退回时请填写退回意见。")
	}
	if utf8.RuneCountInString(note) > 1000 {
		return errs.New(errs.Invalid, op, "note_too_long", "审核意见不超过 1000 个字。")
	}
	return nil
}

// CheckPublishable refuses to publish what may never be public.
func CheckPublishable(c *Content) error {
	const op = "publish.CheckPublishable"
	switch {
	case c.Classified:
		return errs.New(errs.Forbidden, op, "classified", "涉密信息不得公开。")
	case c.Attribute == Withheld:
		return errs.New(errs.Forbidden, op, "withheld", "公开属性为“不予公开”的信息可以保存和审核，但不能发布。")
	case c.Attribute == OnRequest:
		return errs.New(errs.Forbidden, op, "on_request", "公开属性为“依申请公开”的信息不主动发布，可在答复依申请公开时提供。")
	}
	return nil
}
