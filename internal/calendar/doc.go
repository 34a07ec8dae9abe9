// Package calendar owns civil dates and Chinese statutory working days.
//
// Disclosure law counts its deadlines in working days (工作日), so every
// deadline in gongkai is computed here and nowhere else: a Date is a day on
// the wall calendar in China, with no clock time and no zone to get wrong,
// and a Calendar says which of those days are working days.
//
// A working day is a Monday to Friday that is not an official holiday, or a
// make-up workday (调休上班) that the State Council moved onto a weekend. The
// official arrangement comes from github.com/6tail/lunar-go, which is
// compiled into the binary so that deadlines never depend on a network or a
// database being reachable. The State Council publishes each year's
// arrangement only a few weeks ahead, and occasionally changes it, so an
// administrator's override table wins over lunar-go; this package receives
// those overrides as plain values and knows nothing of where they are kept.
//
// The day of an event is not counted: a request received on a Friday with a
// 20 working day deadline is due on the 20th working day after that Friday.
// When a computation touches a year for which neither lunar-go nor the
// administrator has published an arrangement, it falls back to "Monday to
// Friday" and says so by reporting the result as provisional, so callers can
// show the deadline as an estimate rather than silently trusting it.
package calendar
