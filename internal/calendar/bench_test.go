package calendar_test

import (
	"testing"

	"gongkai/internal/calendar"
)

var (
	sinkDate calendar.Date
	sinkInt  int
	sinkBool bool
)

func BenchmarkAddWorkdays20(b *testing.B) {
	c := calendar.New(nil)
	start := d("2024-09-27")
	for b.Loop() {
		sinkDate, sinkBool = c.AddWorkdays(start, 20)
	}
}

func BenchmarkCountWorkdaysYear(b *testing.B) {
	c := calendar.New(nil)
	from, to := d("2023-12-31"), d("2024-12-31")
	for b.Loop() {
		sinkInt, sinkBool = c.CountWorkdays(from, to)
	}
}

func BenchmarkIsWorkday(b *testing.B) {
	c := calendar.New(nil)
	days := make([]calendar.Date, 1024)
	for i := range days {
		days[i] = d("2024-01-01").AddDays(i)
	}
	i := 0
	for b.Loop() {
		sinkBool = c.IsWorkday(days[i&1023])
		i++
	}
}

func BenchmarkNew(b *testing.B) {
	ov := []calendar.Override{{Date: d("2026-10-12")}, {Date: d("2030-01-01"), Note: "元旦"}}
	calendar.New(nil)
	for b.Loop() {
		_ = calendar.New(ov)
	}
}
