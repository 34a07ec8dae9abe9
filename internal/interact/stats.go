package interact

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gongkai/internal/calendar"
)

// DeptStats are one department's letter figures for a period (letters
// received in it).
type DeptStats struct {
	DeptID   int64
	Received int
	Answered int     // replied
	OnTime   int     // replied by the due date of their classification
	Overdue  int     // still open past their due date, or replied late
	Rejected int     // not accepted
	Open     int     // waiting for a reply
	AvgDays  float64 // mean working days from receipt to reply, over the answered
}

// OnTimePercent is the share of answered letters answered on time.
func (s DeptStats) OnTimePercent() float64 {
	if s.Answered == 0 {
		return 0
	}
	return float64(s.OnTime) * 100 / float64(s.Answered)
}

// Stats computes the figures per department (key 0: not yet assigned) of
// letters, as of today; the result is ordered by department id, with the
// total (DeptID -1) last.
func Stats(cal *calendar.Calendar, letters []*Letter, today calendar.Date) []DeptStats {
	by := map[int64]*DeptStats{}
	total := &DeptStats{DeptID: -1}
	days := map[int64]int{}
	for _, l := range letters {
		s := by[l.DeptID]
		if s == nil {
			s = &DeptStats{DeptID: l.DeptID}
			by[l.DeptID] = s
		}
		for _, t := range []*DeptStats{s, total} {
			t.Received++
			switch {
			case l.Status == Replied:
				t.Answered++
				n, _ := cal.CountWorkdays(l.ReceivedOn, l.RepliedOn)
				days[t.DeptID] += n
				if l.OnTime(cal) {
					t.OnTime++
				} else {
					t.Overdue++
				}
			case l.Status == Rejected:
				t.Rejected++
			default:
				t.Open++
				if !l.DueOn.IsZero() && today.After(l.DueOn) {
					t.Overdue++
				}
			}
		}
	}
	out := make([]DeptStats, 0, len(by)+1)
	for _, s := range by {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b DeptStats) int { return cmp.Compare(a.DeptID, b.DeptID) })
	out = append(out, *total)
	for i := range out {
		if out[i].Answered > 0 {
			out[i].AvgDays = float64(days[out[i].DeptID]) / float64(out[i].Answered)
		}
	}
	return out
}

// PolicyCount is how many letters a policy document drew.
type PolicyCount struct {
	DocID int64
	Index string
	Title string
	N     int
}

// Due is one department's letters that need attention on a day.
type Due struct {
	DeptID    int64
	Red       []*Letter // past their due date
	Yellow    []*Letter // due today or on the next working day
	Escalated []*Letter // unanswered for more than EscalationMonths
}

// DueByDept sorts open letters into red, yellow and escalated per
// department (key 0: not yet assigned) as of today; departments with
// nothing to do are left out.
func DueByDept(cal *calendar.Calendar, letters []*Letter, today calendar.Date) map[int64]*Due {
	out := map[int64]*Due{}
	before := EscalationBefore(today)
	for _, l := range letters {
		if !l.Status.Open() {
			continue
		}
		d := out[l.DeptID]
		if d == nil {
			d = &Due{DeptID: l.DeptID}
		}
		switch LightOf(cal, l.DueOn, today) {
		case Red:
			d.Red = append(d.Red, l)
		case Yellow:
			d.Yellow = append(d.Yellow, l)
		}
		if l.ReceivedOn.Before(before) {
			d.Escalated = append(d.Escalated, l)
		}
		if len(d.Red)+len(d.Yellow)+len(d.Escalated) > 0 {
			out[l.DeptID] = d
		}
	}
	return out
}

// DigestText is the reminder e-mail of one department's letters; it names
// letters by number and subject, never their writers.
func DigestText(dept string, today calendar.Date, d *Due, baseURL string) (subject, body string) {
	subject = fmt.Sprintf("【留言办理提醒】%s %s：逾期 %d 件，即将到期 %d 件", dept, today, len(d.Red), len(d.Yellow))
	var b strings.Builder
	fmt.Fprintf(&b, "%s，截至 %s：\n", dept, today)
	section := func(title string, ls []*Letter) {
		if len(ls) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s（%d 件）：\n", title, len(ls))
		for _, l := range ls {
			fmt.Fprintf(&b, "- %s %s，答复期限 %s：%s/admin/letters/%s\n", l.Number, l.Subject, dateOrDash(l.DueOn), baseURL, l.Number)
		}
	}
	section("已超过答复期限", d.Red)
	section("今明两个工作日内到期", d.Yellow)
	section("超过三个月未答复（网站检查的单项否决项）", d.Escalated)
	return subject, b.String()
}

func dateOrDash(d calendar.Date) string {
	if d.IsZero() {
		return "未分办"
	}
	return d.String()
}
