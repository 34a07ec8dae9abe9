package interact

import (
	"cmp"
	"slices"

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
