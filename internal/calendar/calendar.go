package calendar

import (
	"math/bits"
	"slices"
	"time"
)

// Override is an administrator's ruling on one date, winning over the
// official data. It exists because lunar-go is only as current as the
// release we build with: the State Council publishes next year's
// arrangement in November or December and occasionally adjusts one at short
// notice, and deadlines must follow the notice from the day it appears.
type Override struct {
	Date    Date
	Workday bool
	Note    string // e.g. "国庆节", shown as the date's holiday name

	// Who made the ruling and when, as the store records them; New
	// ignores them.
	UpdatedBy string
	Updated   time.Time
}

// Calendar answers working-day questions. Obtain one from New (the zero
// value has no data and is not usable). It is immutable after New and
// therefore safe for concurrent use; when the override table changes, build
// a new Calendar and swap the pointer rather than mutating this one.
type Calendar struct {
	official *officialData
	work     []uint64 // official bitmap with the overrides applied
	notes    map[int]string
	years    [maxYear - minYear + 1]bool
}

// New returns a Calendar of the official arrangement with overrides applied
// on top. When two overrides name the same date the later one wins, as the
// newer ruling would. Overrides outside 1901-2099 are ignored: ParseDate
// cannot produce such dates, and no arrangement exists for them. Building a
// Calendar copies a 9 KB bitmap and is cheap enough to do on every change.
func New(overrides []Override) *Calendar {
	o := loadOfficial()
	c := &Calendar{
		official: o,
		work:     slices.Clone(o.work),
		years:    o.years,
	}
	for _, ov := range overrides {
		if ov.Date.IsZero() {
			continue
		}
		n := ov.Date.days()
		if n < loDay || n >= hiDay {
			continue
		}
		i := n - loDay
		if ov.Workday {
			c.work[i>>6] |= 1 << (i & 63)
		} else {
			c.work[i>>6] &^= 1 << (i & 63)
		}
		if ov.Note != "" {
			if c.notes == nil {
				c.notes = make(map[int]string)
			}
			c.notes[n] = ov.Note
		}
		c.years[fromDays(n).Year-minYear] = true
	}
	return c
}

// IsWorkday reports whether d is a working day. Outside 1901-2099, and in
// years no arrangement covers, that is simply Monday to Friday. The zero
// Date is not a day and is never a working day.
func (c *Calendar) IsWorkday(d Date) bool {
	if d.IsZero() {
		return false
	}
	return c.isWork(d.days())
}

func (c *Calendar) isWork(n int) bool {
	if n < loDay || n >= hiDay {
		wd := weekdayOf(n)
		return wd != 0 && wd != 6
	}
	i := n - loDay
	return c.work[i>>6]&(1<<(i&63)) != 0
}

// Holiday returns the name of the holiday or make-up day d belongs to, such
// as "国庆节", so that a deadline view can explain why it skipped a weekday
// or counted a Saturday. An administrator's note wins; an override without a
// note keeps the official name. Weekends that lunar-go lists as part of a
// holiday period are named too, as the notices do ("与周末连休").
func (c *Calendar) Holiday(d Date) (name string, ok bool) {
	if d.IsZero() {
		return "", false
	}
	n := d.days()
	if name, ok := c.notes[n]; ok {
		return name, true
	}
	name, ok = c.official.names[n]
	return name, ok
}

// Covered reports whether an arrangement is known for year: lunar-go holds
// that year's State Council notice, or an administrator has entered at
// least one override in it (typically next year's notice, before a lunar-go
// release carries it). A single override counts because the administrator
// enters a notice as a whole; we cannot tell a half-entered one apart.
func (c *Calendar) Covered(year int) bool {
	if year < minYear || year > maxYear {
		return false
	}
	return c.years[year-minYear]
}

// provisional reports whether any year from y1 to y2 is not covered. The
// loop stops at the first uncovered year, so it is short even when a huge
// n walks far past 2099.
func (c *Calendar) provisional(y1, y2 int) bool {
	for y := y1; y <= y2; y++ {
		if !c.Covered(y) {
			return true
		}
	}
	return false
}

// AddWorkdays returns the n-th working day after d; d itself is not
// counted, because the law counts from the day after the event. n == 0
// returns d unchanged, even if d is not a working day, since nothing was
// counted. Negative n counts backwards: the |n|-th working day before d.
//
// provisional is true when a day examined on the way (strictly after d up to
// the result, or from the result up to strictly before d) lies in a year
// that is not Covered: the result is then an estimate under the
// Monday-to-Friday rule. Callers validate n; the computation is arithmetic
// outside 1901-2099 and never loops day by day, so any n terminates
// quickly, though one beyond a few million years ahead overflows into a
// meaningless date. The zero Date yields the zero Date.
func (c *Calendar) AddWorkdays(d Date, n int) (result Date, provisional bool) {
	if d.IsZero() || n == 0 {
		return d, false
	}
	x := d.days()
	var r int
	if n > 0 {
		r = c.forward(x+1, n)
		return fromDays(r), c.provisional(d.AddDays(1).Year, fromDays(r).Year)
	}
	r = c.backward(x, -n)
	return fromDays(r), c.provisional(fromDays(r).Year, d.AddDays(-1).Year)
}

// CountWorkdays returns the number of working days in (from, to]: from is
// not counted and to is, so that CountWorkdays(d, AddWorkdays(d, n)) == n.
// If to is before from the result is -(working days in (to, from]), which
// keeps "how many working days remain" meaningful after a deadline passed.
// provisional is as for AddWorkdays, over the days counted. Either Date
// being zero yields 0.
func (c *Calendar) CountWorkdays(from, to Date) (count int, provisional bool) {
	if from.IsZero() || to.IsZero() {
		return 0, false
	}
	a, b := from.days(), to.days()
	if a == b {
		return 0, false
	}
	if a < b {
		return c.count(a+1, b+1), c.provisional(fromDays(a+1).Year, fromDays(b).Year)
	}
	return -c.count(b+1, a+1), c.provisional(fromDays(b+1).Year, fromDays(a).Year)
}

// Weekday arithmetic for days outside the bitmap. m0 is a Monday
// (1969-12-29), so weekdaysBefore(x) counts Mondays to Fridays in [m0, x)
// and nthWeekday(i) is the i-th (0-based) of them; both extend to
// negative arguments through floor division.
const m0 = -3

func weekdaysBefore(x int) int {
	k := x - m0
	return 5*floorDiv(k, 7) + min(floorMod(k, 7), 5)
}

func nthWeekday(i int) int {
	return m0 + 7*floorDiv(i, 5) + floorMod(i, 5)
}

// count returns the number of working days in [a, b), a <= b.
func (c *Calendar) count(a, b int) int {
	total := 0
	if a < loDay {
		e := min(b, loDay)
		total += weekdaysBefore(e) - weekdaysBefore(a)
		a = e
	}
	if b > hiDay {
		s := max(a, hiDay)
		total += weekdaysBefore(b) - weekdaysBefore(s)
		b = s
	}
	if a >= b {
		return total
	}
	i, j := a-loDay, b-loDay // bits [i, j) of the bitmap
	wi, wj := i>>6, j>>6
	if wi == wj {
		return total + bits.OnesCount64(c.work[wi]&(^uint64(0)<<(i&63))&^(^uint64(0)<<(j&63)))
	}
	total += bits.OnesCount64(c.work[wi] & (^uint64(0) << (i & 63)))
	for w := wi + 1; w < wj; w++ {
		total += bits.OnesCount64(c.work[w])
	}
	if j&63 != 0 {
		total += bits.OnesCount64(c.work[wj] &^ (^uint64(0) << (j & 63)))
	}
	return total
}

// forward returns the k-th working day (k >= 1) at or after day x.
func (c *Calendar) forward(x, k int) int {
	if x < loDay {
		have := weekdaysBefore(loDay) - weekdaysBefore(x)
		if have >= k {
			return nthWeekday(weekdaysBefore(x) + k - 1)
		}
		k -= have
		x = loDay
	}
	if x < hiDay {
		i := x - loDay
		w := i >> 6
		word := c.work[w] & (^uint64(0) << (i & 63))
		for {
			pc := bits.OnesCount64(word)
			if pc >= k {
				return loDay + w<<6 + selectLow(word, k)
			}
			k -= pc
			w++
			if w == len(c.work) {
				break
			}
			word = c.work[w]
		}
		// Bits past hiDay in the last word are never set, so whatever is
		// left is counted from hiDay on.
		x = hiDay
	}
	return nthWeekday(weekdaysBefore(x) + k - 1)
}

// backward returns the k-th working day (k >= 1) strictly before day x.
func (c *Calendar) backward(x, k int) int {
	if x > hiDay {
		have := weekdaysBefore(x) - weekdaysBefore(hiDay)
		if have >= k {
			return nthWeekday(weekdaysBefore(x) - k)
		}
		k -= have
		x = hiDay
	}
	if x > loDay {
		i := x - 1 - loDay
		w := i >> 6
		word := c.work[w] & (^uint64(0) >> (63 - i&63))
		for {
			pc := bits.OnesCount64(word)
			if pc >= k {
				return loDay + w<<6 + selectHigh(word, k)
			}
			k -= pc
			if w == 0 {
				break
			}
			w--
			word = c.work[w]
		}
		x = loDay
	}
	return nthWeekday(weekdaysBefore(x) - k)
}

// selectLow returns the index of the k-th lowest set bit (k >= 1).
func selectLow(w uint64, k int) int {
	for ; k > 1; k-- {
		w &= w - 1
	}
	return bits.TrailingZeros64(w)
}

// selectHigh returns the index of the k-th highest set bit (k >= 1).
func selectHigh(w uint64, k int) int {
	for ; k > 1; k-- {
		w &^= 1 << (63 - bits.LeadingZeros64(w))
	}
	return 63 - bits.LeadingZeros64(w)
}

// Light is the traffic light of a deadline as of today, shared by every
// clock of the platform: "red" once today is after due, "yellow" when
// yellowDays or fewer working days are left, "green" otherwise, and ""
// for no deadline (zero due).
func (c *Calendar) Light(due, today Date, yellowDays int) string {
	if due.IsZero() {
		return ""
	}
	if today.After(due) {
		return "red"
	}
	if left, _ := c.CountWorkdays(today, due); left <= yellowDays {
		return "yellow"
	}
	return "green"
}
