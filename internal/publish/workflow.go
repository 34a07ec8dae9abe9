package publish

import (
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// The workflow rules are functions of the document, its open revision and
// the acting user's facts. Who may do what in which state is decided by
// Can alone: the store calls it inside the transaction that changes the
// rows, and the back office calls it to decide which actions to offer.
// testdata/can.golden lists every decision; a rule change is a diff there.

// Actor is who acts, as the workflow sees it.
type Actor struct {
	UserID       int64
	DeptID       int64
	CanDraft     bool // 信息员
	CanReview    bool // 审核员
	CanSupervise bool // 政务公开办
	System       bool // the scheduler publishing due revisions
}

// Action is one step of the active-disclosure workflow.
type Action string

// The workflow actions.
const (
	ActCreate           Action = "create"            // 起草
	ActEdit             Action = "edit"              // 编辑
	ActSubmit           Action = "submit"            // 提交审核
	ActReview           Action = "review"            // 审核
	ActPublish          Action = "publish"           // 发布
	ActRevise           Action = "revise"            // 修订
	ActWithdraw         Action = "withdraw"          // 撤回
	ActValidity         Action = "validity"          // 变更有效性
	ActReopen           Action = "reopen"            // 退回修改
	ActAttach           Action = "attach"            // 上传附件
	ActRemoveAttachment Action = "remove_attachment" // 删除附件
	ActImport           Action = "import"            // 批量导入（迁移旧系统已发布的文件）
)

// Actions lists every action in workflow order.
var Actions = []Action{ActCreate, ActEdit, ActSubmit, ActReview, ActPublish, ActRevise, ActWithdraw, ActValidity,
	ActReopen, ActAttach, ActRemoveAttachment, ActImport}

// documentless reports whether an action brings a document into being
// rather than acting on one.
func (a Action) documentless() bool { return a == ActCreate || a == ActImport }

// Label is the Chinese name.
func (a Action) Label() string {
	return map[Action]string{ActCreate: "起草", ActEdit: "编辑", ActSubmit: "提交审核", ActReview: "审核", ActPublish: "发布",
		ActRevise: "修订", ActWithdraw: "撤回", ActValidity: "变更有效性", ActReopen: "退回修改", ActAttach: "上传附件",
		ActRemoveAttachment: "删除附件", ActImport: "批量导入"}[a]
}

const canOp = "publish.Can"

func conflictState(msg string) error {
	return errs.New(errs.Conflict, canOp, "invalid_transition", msg)
}

func forbidden(code, msg string) error { return errs.New(errs.Forbidden, canOp, code, msg) }

var errNoOpenRevision = errs.New(errs.Conflict, canOp, "no_open_revision", "该文件没有正在编辑的版本；如需修改已发布的文件，请先点击“修订”。")

// Can decides whether a may take action on doc, whose open revision is rev
// (nil when none; for ActPublish, the approved revision to publish). It
// returns nil or the error to show. ActCreate needs no document.
func Can(a Actor, doc *Document, rev *Revision, action Action) error {
	switch action {
	case ActCreate:
		if !a.CanDraft || a.DeptID == 0 {
			return forbidden("forbidden", "只有属于部门的信息员可以起草文件。")
		}
		return nil
	case ActImport:
		// Documents published by an earlier system arrive as they were
		// (index number, dates, validity), past the review workflow: the
		// migration is the 政务公开办's act, or the system's (the demo).
		if !a.CanSupervise && !a.System {
			return forbidden("forbidden", "只有政务公开办可以批量导入已发布的文件。")
		}
		return nil
	case ActEdit, ActSubmit, ActAttach, ActRemoveAttachment:
		// The author (or another editor of the owning department) changes a
		// draft or returned revision.
		if rev == nil {
			return errNoOpenRevision
		}
		if !a.CanDraft {
			return forbidden("forbidden", "只有信息员可以编辑文件。")
		}
		if a.DeptID != doc.DeptID {
			return forbidden("other_department", "只能编辑本部门的文件。")
		}
		if !rev.State.Editable() {
			return conflictState("该版本已提交或已审核，不能再修改；如需修改请先由审核员退回，或发布后修订。")
		}
		return nil
	case ActReview:
		// A reviewer who neither wrote nor submitted it decides on a
		// submitted revision (保密审查 by someone else).
		if rev == nil {
			return errNoOpenRevision
		}
		if !a.CanReview {
			return forbidden("forbidden", "只有审核员可以审核。")
		}
		if rev.EditedBy(a.UserID) {
			return forbidden("own_draft", "不能审核自己起草的文件（保密审查须由他人进行）。")
		}
		if rev.State != Submitted {
			return conflictState("该版本不在待审核状态。")
		}
		return nil
	case ActPublish:
		// An approved revision goes public on its reviewer's approval or
		// at its scheduled time, unless it may never be public.
		if rev == nil {
			return errNoOpenRevision
		}
		if !a.CanReview && !a.System {
			return forbidden("forbidden", "只有审核员审核通过的版本才能发布。")
		}
		if rev.State != Approved {
			return conflictState("只有已审核的版本可以发布。")
		}
		return CheckPublishable(&rev.Content)
	case ActRevise:
		// A new draft of a published document, one open revision at a time.
		if !a.CanDraft || a.DeptID != doc.DeptID {
			return forbidden("forbidden", "只有本部门的信息员可以修订文件。")
		}
		if doc.OpenRev != 0 {
			return errs.New(errs.Conflict, canOp, "revision_open", "该文件已有一个正在编辑的版本，请在该版本上修改。")
		}
		if doc.PublishedRev == 0 || doc.Withdrawn != "" {
			return errs.New(errs.Conflict, canOp, "not_published", "只有已发布且未撤回的文件可以修订。")
		}
		return nil
	case ActWithdraw:
		if !a.CanReview && !a.CanSupervise {
			return forbidden("forbidden", "只有审核员或政务公开办可以撤回已发布的文件。")
		}
		if doc.PublishedRev == 0 || doc.Withdrawn != "" {
			return errs.New(errs.Conflict, canOp, "not_published", "该文件未发布或已撤回。")
		}
		return nil
	case ActValidity:
		// 有效性 is a fact about a published document (withdrawn ones
		// included: a 不再有效 page shows it); reviewers work across
		// departments, editors on their own.
		if !a.CanDraft && !a.CanReview {
			return forbidden("forbidden", "只有信息员或审核员可以变更文件有效性。")
		}
		if !a.CanReview && a.DeptID != doc.DeptID {
			return forbidden("other_department", "只能变更本部门文件的有效性。")
		}
		if doc.PublishedRev == 0 {
			return errs.New(errs.Conflict, canOp, "not_published", "只有已发布的文件可以变更有效性。")
		}
		return nil
	case ActReopen:
		// An approved or scheduled revision goes back to draft.
		if !a.CanDraft && !a.CanReview {
			return forbidden("forbidden", "只有信息员或审核员可以退回已审核的版本。")
		}
		if rev == nil {
			return errNoOpenRevision
		}
		if rev.State != Approved && rev.State != Scheduled {
			return conflictState("只有已审核（含定时发布）的版本可以退回修改。")
		}
		if !a.CanReview && a.DeptID != doc.DeptID {
			return forbidden("other_department", "只能退回本部门的文件。")
		}
		return nil
	}
	return errs.New(errs.Invalid, canOp, "unknown_action", "未知的操作。")
}

// Allowed reports, for each action on an existing document, whether a may
// take it now: what the back office offers.
func Allowed(a Actor, doc *Document, rev *Revision) map[Action]bool {
	out := make(map[Action]bool, len(Actions))
	for _, act := range Actions {
		if !act.documentless() {
			out[act] = Can(a, doc, rev, act) == nil
		}
	}
	return out
}

// CheckSubmitInput checks what review needs of the content once Can has
// allowed the submission. A revision of a published document must say
// what changed.
func CheckSubmitInput(doc *Document, rev *Revision) error {
	if err := rev.Content.ValidateForSubmit(); err != nil {
		return err
	}
	if doc.PublishedRev != 0 && strings.TrimSpace(rev.ChangeNote) == "" {
		return errs.New(errs.Invalid, "publish.CheckSubmitInput", "change_note_required", "修订已发布的文件时，请填写修订说明。")
	}
	return nil
}

// CheckReviewInput checks a review decision: returning needs a note.
func CheckReviewInput(approve bool, note string) error {
	const op = "publish.CheckReviewInput"
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
