package foi_test

import (
	"testing"

	"gongkai/internal/foi"
)

func TestFees(t *testing.T) {
	items := map[int]int{0: 0, 1: 0, 10: 0, 11: 100, 30: 2000, 31: 2200, 35: 3000, 40: 4000, 41: 4300, 50: 7000, 51: 7400}
	for n, want := range items {
		if got := foi.FeeByItems(n); got != want {
			t.Errorf("FeeByItems(%d) = %d, want %d", n, got, want)
		}
	}
	pages := map[int]int{0: 0, 30: 0, 31: 10, 100: 700, 101: 720, 200: 2700, 201: 2740, 250: 4700}
	for n, want := range pages {
		if got := foi.FeeByPages(n); got != want {
			t.Errorf("FeeByPages(%d) = %d, want %d", n, got, want)
		}
	}
}
