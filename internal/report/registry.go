package report

// The registries of information officers (信息员) and of government
// new-media accounts (政务新媒体): the records with their Validate, and the
// warnings the supervisor watches — a department with no active officer,
// an account that has not posted for two weeks — as pure functions of the
// records and the day.

import (
	"strings"
	"unicode/utf8"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Field limits of the registries (characters).
const (
	MaxOfficerName  = 40
	MaxRegistryNote = 500
	MaxAccountName  = 80
	MaxUsername     = 64
)

// Duty is what an information officer does for the department.
type Duty string

// The duties of an information officer.
const (
	DutyPublish  Duty = "publish"  // 信息发布
	DutyFOI      Duty = "foi"      // 依申请公开
	DutyInteract Duty = "interact" // 政民互动
)

// Duties lists the duties in form order.
var Duties = []Duty{DutyPublish, DutyFOI, DutyInteract}

// Label is the duty's Chinese name.
func (d Duty) Label() string {
	switch d {
	case DutyPublish:
		return "信息发布"
	case DutyFOI:
		return "依申请公开"
	case DutyInteract:
		return "政民互动"
	}
	return string(d)
}

// Officer is one term of an information officer in a department: from
// From until To (To zero while the term runs). Username, when set, is the
// officer's staff account, which lets them sign their own handovers. A
// trainee (实习) officer is filed (实习备案) on TraineeFiled.
type Officer struct {
	ID           int64
	Name         string
	DeptID       int64
	DeptName     string
	Duty         Duty
	Username     string
	From, To     calendar.Date
	Trainee      bool
	TraineeFiled calendar.Date
	TraineeNote  string
	Version      int64
}

// Normalize trims the text fields; a regular officer keeps no filing.
func (o *Officer) Normalize() {
	o.Name = strings.TrimSpace(o.Name)
	o.Username = strings.TrimSpace(o.Username)
	o.TraineeNote = strings.TrimSpace(strings.ReplaceAll(o.TraineeNote, "\r\n", "\n"))
	if !o.Trainee {
		o.TraineeFiled, o.TraineeNote = calendar.Date{}, ""
	}
}

// Validate reports every problem of o at once, in form order.
func (o Officer) Validate() error {
	const op = "report.Officer.Validate"
	var list []*errs.Error
	bad := func(field, code, msg string) {
		list = append(list, errs.New(errs.Invalid, op, code, msg).WithField(field))
	}
	switch n := utf8.RuneCountInString(o.Name); {
	case n == 0:
		bad("name", "name_required", "请填写信息员姓名。")
	case n > MaxOfficerName:
		bad("name", "name_too_long", "信息员姓名不能超过 40 个字。")
	}
	if o.DeptID <= 0 {
		bad("dept_id", "department_required", "请选择所在部门。")
	}
	if o.Duty.Label() == string(o.Duty) {
		bad("duty", "invalid_duty", "请选择职责：信息发布、依申请公开或政民互动。")
	}
	if utf8.RuneCountInString(o.Username) > MaxUsername {
		bad("username", "username_too_long", "账户名不能超过 64 个字符。")
	}
	if o.From.IsZero() {
		bad("from", "from_required", "请填写任职起始日期。")
	}
	if !o.To.IsZero() && !o.From.IsZero() && o.To.Before(o.From) {
		bad("to", "to_before_from", "任职截止日期不能早于起始日期。")
	}
	if o.Trainee && o.TraineeFiled.IsZero() {
		bad("trainee_filed", "trainee_filed_required", "实习信息员须填写实习备案日期。")
	}
	if utf8.RuneCountInString(o.TraineeNote) > MaxRegistryNote {
		bad("trainee_note", "trainee_note_too_long", "备案说明不能超过 500 个字。")
	}
	return errs.Join(list...)
}

// ActiveOn reports whether o's term covers day: it has begun and not
// ended before day (the last day of a term is still served).
func (o Officer) ActiveOn(day calendar.Date) bool {
	return !o.From.After(day) && (o.To.IsZero() || !o.To.Before(day))
}

// DepartmentsWithoutOfficer lists, in the order of depts, the departments
// in which none of officers is active on day.
func DepartmentsWithoutOfficer(depts []*auth.Department, officers []*Officer, day calendar.Date) []*auth.Department {
	served := map[int64]bool{}
	for _, o := range officers {
		if o.ActiveOn(day) {
			served[o.DeptID] = true
		}
	}
	var out []*auth.Department
	for _, d := range depts {
		if !served[d.ID] {
			out = append(out, d)
		}
	}
	return out
}
