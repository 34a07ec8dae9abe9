package report

// Handovers (信息员交接): the outgoing officer hands the work over to the
// incoming one with a checklist, and both parties sign off. A party signs
// as themselves when their officer record names their staff account; the
// supervisor (政务公开办, auth.Supervise) may sign on a party's behalf —
// for an officer with no account, or one who has left — and must then say
// why in a note, which the record keeps. A handover is complete once both
// have signed; completing it ends the outgoing officer's term on the
// handover date.

import (
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Side is a party of a handover.
type Side string

// The two parties.
const (
	Outgoing Side = "outgoing" // 交出人
	Incoming Side = "incoming" // 接收人
)

// Label is the side's Chinese name.
func (s Side) Label() string {
	if s == Outgoing {
		return "交出人"
	}
	return "接收人"
}

// ChecklistItem is one thing handed over, ticked when done.
type ChecklistItem struct {
	Key   string
	Label string
	Done  bool
}

// HandoverChecklist is the list every handover starts from, in order.
var HandoverChecklist = []ChecklistItem{
	{Key: "accounts", Label: "账号与密码移交"},
	{Key: "foi_cases", Label: "在办依申请公开件"},
	{Key: "letters", Label: "在办留言"},
	{Key: "columns", Label: "栏目维护清单"},
	{Key: "secrecy", Label: "保密要求告知"},
}

// NewChecklist returns the standard checklist with the keys in done ticked.
func NewChecklist(done map[string]bool) []ChecklistItem {
	out := make([]ChecklistItem, len(HandoverChecklist))
	for i, it := range HandoverChecklist {
		it.Done = done[it.Key]
		out[i] = it
	}
	return out
}

// Signoff is one party's confirmation: who confirmed and when; OnBehalf
// when the supervisor confirmed for the party, with Note saying why.
type Signoff struct {
	By       string
	OnBehalf bool
	Note     string
	At       time.Time
}

// Signed reports whether the party has confirmed.
func (s Signoff) Signed() bool { return s.By != "" }

// Handover is one handover between two officers of a department.
type Handover struct {
	ID       int64
	DeptID   int64
	DeptName string
	From, To *Officer
	Date     calendar.Date
	Items    []ChecklistItem
	Note     string
	Out, In  Signoff
	Created  time.Time
	By       string
}

// NewHandover checks that from may hand over to to on date and returns
// the handover with the given checklist.
func NewHandover(from, to *Officer, date calendar.Date, items []ChecklistItem, note string) (*Handover, error) {
	const op = "report.NewHandover"
	var list []*errs.Error
	bad := func(field, code, msg string) {
		list = append(list, errs.New(errs.Invalid, op, code, msg).WithField(field))
	}
	note = strings.TrimSpace(note)
	if from == nil {
		bad("from_id", "from_required", "请选择交出人。")
	}
	if to == nil {
		bad("to_id", "to_required", "请选择接收人。")
	}
	if date.IsZero() {
		bad("date", "date_required", "请填写交接日期。")
	}
	if utf8.RuneCountInString(note) > MaxRegistryNote {
		bad("note", "note_too_long", "交接说明不能超过 500 个字。")
	}
	if from != nil && to != nil {
		switch {
		case from.ID == to.ID:
			bad("to_id", "same_officer", "交出人与接收人不能是同一任信息员。")
		case from.DeptID != to.DeptID:
			bad("to_id", "other_department", "接收人须与交出人同属一个部门（交出人在“"+from.DeptName+"”，接收人在“"+to.DeptName+"”）；跨部门调整请先在接收部门登记新的信息员。")
		case from.Username != "" && from.Username == to.Username:
			bad("to_id", "same_account", "交出人与接收人登记的是同一个账户，不能自己交接给自己。")
		}
		if !date.IsZero() {
			if !from.ActiveOn(date) {
				bad("date", "from_not_active", "交接日期不在交出人的任职期内。")
			}
			if !to.To.IsZero() && to.To.Before(date) {
				bad("date", "to_ended", "接收人的任职在交接日期前已经结束。")
			}
		}
	}
	if err := errs.Join(list...); err != nil {
		return nil, err
	}
	return &Handover{DeptID: from.DeptID, DeptName: from.DeptName, From: from, To: to, Date: date, Items: items, Note: note}, nil
}

// Complete reports whether both parties have confirmed.
func (h *Handover) Complete() bool { return h.Out.Signed() && h.In.Signed() }

// Party returns the officer of side.
func (h *Handover) Party(side Side) *Officer {
	if side == Outgoing {
		return h.From
	}
	return h.To
}

// SignoffOf returns the confirmation of side.
func (h *Handover) SignoffOf(side Side) *Signoff {
	if side == Outgoing {
		return &h.Out
	}
	return &h.In
}

// SideOf returns the side u signs as themselves: the party whose officer
// record names u's account; "" when neither does.
func (h *Handover) SideOf(u *auth.User) Side {
	switch {
	case h.From != nil && h.From.Username != "" && h.From.Username == u.Username:
		return Outgoing
	case h.To != nil && h.To.Username != "" && h.To.Username == u.Username:
		return Incoming
	}
	return ""
}

// CanSee reports whether u may see h: the supervisor and the two parties.
func (h *Handover) CanSee(u *auth.User) bool { return u.Can(auth.Supervise) || h.SideOf(u) != "" }

// Confirm records by's confirmation of side at at. A party confirms their
// own side; the supervisor may confirm either side on the party's behalf
// with a note. A side confirms once, and a complete handover is closed.
func (h *Handover) Confirm(side Side, by *auth.User, note string, at time.Time) error {
	const op = "report.Handover.Confirm"
	if side != Outgoing && side != Incoming {
		return errs.New(errs.Invalid, op, "invalid_side", "请选择确认的一方：交出人或接收人。").WithField("side")
	}
	if h.Complete() {
		return errs.New(errs.Conflict, op, "handover_complete", "双方均已确认，交接已完成。")
	}
	s := h.SignoffOf(side)
	if s.Signed() {
		return errs.New(errs.Conflict, op, "already_confirmed", side.Label()+"已经确认过。")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxRegistryNote {
		return errs.New(errs.Invalid, op, "note_too_long", "确认说明不能超过 500 个字。").WithField("note")
	}
	self := h.SideOf(by) == side
	switch {
	case self:
	case by.Can(auth.Supervise):
		if note == "" {
			return errs.New(errs.Invalid, op, "behalf_note_required", "代"+side.Label()+"确认时，请写明原因（例如本人无系统账户或已调离）。").WithField("note")
		}
	default:
		return errs.New(errs.Forbidden, op, "not_party", "只有"+side.Label()+"本人或政务公开办可以确认这一方。")
	}
	*s = Signoff{By: by.Username, OnBehalf: !self, Note: note, At: at}
	return nil
}

// Pending lists the checklist items not yet ticked.
func (h *Handover) Pending() []ChecklistItem {
	var out []ChecklistItem
	for _, it := range h.Items {
		if !it.Done {
			out = append(out, it)
		}
	}
	return out
}

// EndsTerm reports the day the completed handover ends the outgoing
// officer's term on, and false when it does not end it (not complete yet,
// or the term already ended).
func (h *Handover) EndsTerm() (calendar.Date, bool) {
	if !h.Complete() || h.From == nil || !h.From.To.IsZero() {
		return calendar.Date{}, false
	}
	return h.Date, true
}
