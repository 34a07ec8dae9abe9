// Package remind owns the daily reminder of 依申请公开 deadlines: for each
// department, the open cases whose light is yellow (5 working days or
// fewer left) or red (overdue), most urgent first, and the text of the
// reminder e-mail. It holds no personal data: a reminder names the case,
// never the applicant.
package remind

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
)

// Reminder is one case that needs attention.
type Reminder struct {
	Number string
	DeptID int64 // 0: not yet assigned to a department
	Light  foi.Light
	Status foi.Status
	DueOn  calendar.Date
	// Left is the working days from today to the due date (0 on the due
	// day itself); negative when overdue: -2 means two working days late.
	Left int
}

// Due lists the yellow and red cases of apps as of today, per department
// (key 0 for unassigned cases). Cases without a running clock (answered,
// withdrawn, awaiting confirmation, a 补正 or a fee) are left out.
func Due(apps []*foi.Application, cal *calendar.Calendar, today calendar.Date) map[int64][]Reminder {
	out := map[int64][]Reminder{}
	for _, a := range apps {
		if a == nil || a.Clock == nil {
			continue
		}
		c := a.Clock
		if c.Status != foi.InProgress && c.Status != foi.InConsultation {
			continue
		}
		light := foi.LightOf(cal, c.DueOn, today)
		if light != foi.Yellow && light != foi.Red {
			continue
		}
		left, _ := cal.CountWorkdays(today, c.DueOn)
		out[a.DeptID] = append(out[a.DeptID], Reminder{Number: a.Number, DeptID: a.DeptID, Light: light, Status: c.Status, DueOn: c.DueOn, Left: left})
	}
	for _, rs := range out {
		slices.SortFunc(rs, func(x, y Reminder) int {
			return cmp.Or(cmp.Compare(x.Left, y.Left), x.DueOn.Compare(y.DueOn), cmp.Compare(x.Number, y.Number))
		})
	}
	return out
}

// Counts returns the number of red and yellow reminders in rs.
func Counts(rs []Reminder) (red, yellow int) {
	for _, r := range rs {
		switch r.Light {
		case foi.Red:
			red++
		case foi.Yellow:
			yellow++
		}
	}
	return red, yellow
}

// Describe says how urgent one reminder is, e.g. 已逾期 2 个工作日 or 剩余 3 个工作日.
func (r Reminder) Describe() string { return foi.DescribeDue(r.Light, r.Left) }

// Subject is the subject of a department's reminder e-mail.
func Subject(dept string, today calendar.Date, rs []Reminder) string {
	red, yellow := Counts(rs)
	return fmt.Sprintf("依申请公开到期提醒（%s，%s）：逾期 %d 件，即将到期 %d 件", dept, today, red, yellow)
}

// Text is the body of a department's reminder e-mail; base is the site
// address for links to the cases ("" for none).
func Text(dept string, today calendar.Date, rs []Reminder, base string) string {
	var b strings.Builder
	red, yellow := Counts(rs)
	fmt.Fprintf(&b, "%s：\n\n截至 %s，本部门有 %d 件依申请公开已逾期（红灯）、%d 件将在 %d 个工作日内到期（黄灯）：\n\n", dept, today, red, yellow, foi.YellowDays)
	for _, r := range rs {
		mark := "黄灯"
		if r.Light == foi.Red {
			mark = "红灯"
		}
		fmt.Fprintf(&b, "【%s】%s  答复期限 %s（%s），%s\n", mark, r.Number, r.DueOn, r.Describe(), r.Status.Label())
		if base != "" {
			fmt.Fprintf(&b, "    %s/admin/foi/%s\n", strings.TrimRight(base, "/"), r.Number)
		}
	}
	b.WriteString("\n逾期答复的，须在答复中说明；需要延期的，请在期限届满前报负责人同意并告知申请人（条例第三十三条第二款）。\n本邮件由系统每日自动发送，不含申请人个人信息。\n")
	return b.String()
}
