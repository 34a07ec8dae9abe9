package calendar

import (
	"encoding/json"
	"fmt"
	"time"

	"gongkai/internal/errs"
)

// Date is a civil date: a day on the wall calendar, with no clock time and
// no zone. Deadlines are days, not instants, and carrying a time.Time would
// let a midnight in one zone become the previous day in another. Date is
// comparable, so == and map keys work; the zero value means "unset" and is
// not a valid day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// The range ParseDate accepts. The upper bound is the end of lunar-go's
// lunar tables and far beyond any deadline; the lower bound keeps typos such
// as 0024 out of the database.
const (
	minYear = 1901
	maxYear = 2099
)

const (
	msgDateFormat = "日期格式应为 YYYY-MM-DD，例如 2024-09-27。"
	msgDateRange  = "日期不存在或超出范围：应为 1901-01-01 至 2099-12-31 之间的日期，格式为 YYYY-MM-DD，例如 2024-09-27。"
)

// ParseDate parses exactly "YYYY-MM-DD" with two-digit month and day. It is
// strict because dates arrive from forms and APIs where "2024-1-5" or
// "2024-02-30" is more likely a mistake than a request for normalisation,
// and a silently shifted date would shift a legal deadline.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, errs.New(errs.Invalid, "calendar.ParseDate", "invalid_date", msgDateFormat)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, errs.New(errs.Invalid, "calendar.ParseDate", "invalid_date", msgDateFormat)
	}
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, errs.New(errs.Invalid, "calendar.ParseDate", "invalid_date", msgDateRange)
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// digits parses ASCII digits only; strconv.Atoi would accept a sign.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// MustParse is ParseDate for literals in tests and constants, where a bad
// date is a programming error worth a panic.
func MustParse(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(fmt.Sprintf("calendar.MustParse(%q): %v", s, err))
	}
	return d
}

// String formats d as "YYYY-MM-DD", the one format gongkai shows and stores.
// The zero Date is "" so that an unset date prints as nothing rather than
// as a plausible-looking day.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return string(d.appendFormat(nil))
}

func (d Date) appendFormat(b []byte) []byte {
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Appendf(b, "%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	y, m, dd := d.Year, int(d.Month), d.Day
	if m < 0 || m > 99 || dd < 0 || dd > 99 {
		return fmt.Appendf(b, "%04d-%02d-%02d", y, m, dd)
	}
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// AddDays returns the date n days after d (before, for negative n). Fields
// out of range are normalised the way time.Date does, so Date{2024, 2, 30}
// is treated as 2024-03-01. The zero Date stays zero: adding to "unset"
// must not invent a day.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return fromDays(d.days() + n)
}

// Weekday returns the day of the week. It is meaningless for the zero Date.
func (d Date) Weekday() time.Weekday {
	return weekdayOf(d.days())
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e, for use
// with slices.SortFunc.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is strictly earlier than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is strictly later than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// MarshalJSON writes "YYYY-MM-DD", and null for the zero Date so that API
// clients see "no date" rather than an empty string they might parse.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 12)
	b = append(b, '"')
	b = d.appendFormat(b)
	return append(b, '"'), nil
}

// UnmarshalJSON accepts a "YYYY-MM-DD" string or null (the zero Date). Any
// other input, including "", yields ParseDate's error, so the client is told
// the accepted format in Chinese rather than seeing a JSON decoder message.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errs.New(errs.Invalid, "calendar.ParseDate", "invalid_date", msgDateFormat)
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText writes "YYYY-MM-DD", and nothing for the zero Date, so that a
// Date works as a JSON map key, a form value and a query parameter.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return d.appendFormat(make([]byte, 0, 10)), nil
}

// UnmarshalText parses "YYYY-MM-DD"; empty text is the zero Date, mirroring
// MarshalText, because text formats such as query strings have no null.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Zone is China Standard Time. China has observed no DST since 1991, so a
// fixed +08:00 zone is exact for every date a deadline can touch and needs
// no tzdata on the server.
var Zone = time.FixedZone("CST", 8*3600)

// Today returns the civil date in China at the instant now. It takes now as
// an argument so that callers pass their injected clock and tests can pin
// the day; the server's own zone never matters.
func Today(now time.Time) Date { return DateOf(now) }

// DateOf returns the civil date in China of the instant t, whatever zone t
// carries: a request stamped 23:30 UTC was received on the next day in
// China, and that is the day the law counts from.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Zone).Date()
	return Date{Year: y, Month: m, Day: d}
}

// Day numbers: days since 1970-01-01, computed with Howard Hinnant's
// civil-calendar algorithms. They are exact for the proleptic Gregorian
// calendar, need no time.Time allocation or zone, and are linear in the day
// field, which is what makes out-of-range days normalise like time.Date.

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

func (d Date) days() int { return daysFromCivil(d.Year, int(d.Month), d.Day) }

func daysFromCivil(y, m, d int) int {
	y += floorDiv(m-1, 12)
	m = floorMod(m-1, 12) + 1
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12 // March is 0, so the leap day is the last of the year
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func fromDays(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return Date{Year: y, Month: time.Month(m), Day: d}
}

// weekdayOf uses that day 0, 1970-01-01, was a Thursday.
func weekdayOf(n int) time.Weekday {
	return time.Weekday(floorMod(n+4, 7))
}
