package calendar

import (
	"sync"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// The bitmap covers the same years ParseDate accepts. Outside them no
// arrangement exists, so the plain Monday-to-Friday rule is computed
// arithmetically and no storage is needed.
var (
	loDay = daysFromCivil(minYear, 1, 1)
	hiDay = daysFromCivil(maxYear+1, 1, 1) // exclusive
)

// officialData is lunar-go's data turned into a form that answers in
// nanoseconds: lunar-go scans a 20 KB string on every lookup, which is fine
// once per process and far too slow inside deadline arithmetic.
type officialData struct {
	work  []uint64       // bit i set: day loDay+i is a working day
	names map[int]string // day number -> holiday name, for days lunar-go lists
	years [maxYear - minYear + 1]bool
}

var (
	officialOnce sync.Once
	official     *officialData
)

func loadOfficial() *officialData {
	officialOnce.Do(func() { official = buildOfficial() })
	return official
}

// officialNames maps lunar-go's names to the wording of the State Council
// notices (国务院办公厅关于部分节假日安排的通知), which is what citizens and
// staff read and what the administrator's notes will use.
var officialNames = map[string]string{
	"元旦节":  "元旦",
	"国庆中秋": "国庆节、中秋节",
}

func buildOfficial() *officialData {
	o := &officialData{
		work:  make([]uint64, (hiDay-loDay+63)/64),
		names: make(map[int]string, 1024),
	}
	for n := loDay; n < hiDay; n++ {
		if wd := weekdayOf(n); wd != 0 && wd != 6 {
			o.work[(n-loDay)>>6] |= 1 << ((n - loDay) & 63)
		}
	}
	for y := minYear; y <= maxYear; y++ {
		l := HolidayUtil.GetHolidaysByYear(y)
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			day, err1 := ParseDate(h.GetDay())
			target, err2 := ParseDate(h.GetTarget())
			if err1 != nil || err2 != nil || day.Year != y {
				// lunar-go's key is a prefix match on "YYYY"; anything else
				// is not a record of this year and would be read twice.
				continue
			}
			n := day.days() - loDay
			if h.IsWork() {
				o.work[n>>6] |= 1 << (n & 63)
			} else {
				o.work[n>>6] &^= 1 << (n & 63)
			}
			name := h.GetName()
			if v, ok := officialNames[name]; ok {
				name = v
			}
			o.names[n+loDay] = name
			// A year is covered when its own notice is in the data. The
			// notice for year Y may start in late December of Y-1 (a
			// make-up Saturday before New Year), which says nothing
			// about the rest of Y-1; the festival a record belongs to
			// (its target) tells which notice it came from.
			o.years[target.Year-minYear] = true
		}
	}
	return o
}
