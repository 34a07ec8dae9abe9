package report

import (
	"cmp"
	"slices"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/remind"
)

// The supervisor's dashboard (政务公开办) puts every department's red items
// side by side: what is late now, not what the quarter's bulletin scores.
// A red item is something a department must act on today — an 依申请公开
// case or a letter past its due date, a letter unanswered for more than 3
// months, a column past its window, a broken link on its pages, no active
// 信息员, a 政务新媒体 account silent for 2 weeks. Yellow items (due soon)
// are shown beside them but are not red.

// AlertFacts are the records the dashboard's red items come from, as of
// Today.
type AlertFacts struct {
	Today    calendar.Date
	Now      time.Time
	Depts    []*auth.Department
	FOI      map[int64][]remind.Reminder // remind.Due of the open cases, by department (0: unassigned)
	Letters  map[int64]*interact.Due     // interact.DueByDept, by department (0: in triage)
	Columns  []InspectColumn             // every column with its newest public item
	Latest   *Inspection                 // the newest kept inspection, nil if none
	Officers []*Officer
	Accounts []*NewMediaAccount
}

// DeptAlerts is one department's line on the dashboard. DeptID 0 is the
// 政务公开办's own line: cases and letters not yet assigned, problems on
// pages no department owns.
type DeptAlerts struct {
	DeptID           int64
	Name             string
	FOIOverdue       int
	FOIDueSoon       int
	LettersOverdue   int
	LettersDueSoon   int
	LettersEscalated int      // open for more than 3 months (most are overdue too)
	LettersLate      int      // overdue or escalated, each letter once: the letters' red items
	StaleColumns     []string // names of the department's columns past their window (or blank)
	BrokenLinks      int      // broken links of the latest inspection on its pages
	NoOfficer        bool
	SilentAccounts   []string // its 政务新媒体 accounts not updated in 14 days
}

// Red is the number of red items on the line; a letter both overdue and
// past 3 months is one.
func (d DeptAlerts) Red() int {
	n := d.FOIOverdue + d.LettersLate + len(d.StaleColumns) + d.BrokenLinks + len(d.SilentAccounts)
	if d.NoOfficer {
		n++
	}
	return n
}

// Unassigned is the 政务公开办's line's name.
const Unassigned = "政务公开办（未分配、无归属）"

// Alerts gives one line per department with anything red or yellow, the
// most red first, then in the order of Depts with the office's line last.
// Departments with nothing to do are left out. A broken link counts once
// for each department owning a page it was found on.
func Alerts(f AlertFacts) []DeptAlerts {
	lines := map[int64]*DeptAlerts{}
	line := func(id int64) *DeptAlerts {
		if lines[id] == nil {
			lines[id] = &DeptAlerts{DeptID: id, Name: Unassigned}
		}
		return lines[id]
	}
	for id, rs := range f.FOI {
		red, yellow := remind.Counts(rs)
		l := line(id)
		l.FOIOverdue += red
		l.FOIDueSoon += yellow
	}
	for id, d := range f.Letters {
		l := line(id)
		l.LettersOverdue += len(d.Red)
		l.LettersDueSoon += len(d.Yellow)
		l.LettersEscalated += len(d.Escalated)
		late := map[*interact.Letter]bool{}
		for _, x := range append(slices.Clone(d.Red), d.Escalated...) {
			late[x] = true
		}
		l.LettersLate += len(late)
	}
	for _, c := range f.Columns {
		if c.Column.Kind.Window() == 0 || !c.Column.Stale(c.Last, f.Now) {
			continue
		}
		l := line(c.Column.DeptID)
		l.StaleColumns = append(l.StaleColumns, c.Column.Name)
	}
	if f.Latest != nil {
		for _, p := range f.Latest.Crawl.Problems {
			if p.Class != "broken" {
				continue
			}
			if len(p.Depts) == 0 {
				line(0).BrokenLinks++
			}
			for _, id := range p.Depts {
				line(id).BrokenLinks++
			}
		}
	}
	for _, d := range DepartmentsWithoutOfficer(f.Depts, f.Officers, f.Today) {
		line(d.ID).NoOfficer = true
	}
	for _, a := range StaleAccounts(f.Accounts, f.Today) {
		l := line(a.DeptID)
		l.SilentAccounts = append(l.SilentAccounts, a.Name)
	}
	names, order := map[int64]string{}, map[int64]int{0: len(f.Depts)}
	for i, d := range f.Depts {
		names[d.ID], order[d.ID] = d.Name, i
	}
	out := make([]DeptAlerts, 0, len(lines))
	for id, l := range lines {
		if n, ok := names[id]; ok {
			l.Name = n
		} else if id != 0 {
			continue // a department since removed
		}
		slices.Sort(l.StaleColumns)
		slices.Sort(l.SilentAccounts)
		if l.Red()+l.FOIDueSoon+l.LettersDueSoon > 0 {
			out = append(out, *l)
		}
	}
	slices.SortFunc(out, func(a, b DeptAlerts) int {
		return cmp.Or(cmp.Compare(b.Red(), a.Red()), cmp.Compare(order[a.DeptID], order[b.DeptID]))
	})
	return out
}
