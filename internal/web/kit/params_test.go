package kit_test

import (
	"net/http/httptest"
	"testing"

	"gongkai/internal/web/kit"
)

// TestPagerStopsAtDeepest: a public list of 100,000 rows that serves 500
// pages links its last served page, not page 5,000, and offers no next
// page there; a short list links its real last page.
func TestPagerStopsAtDeepest(t *testing.T) {
	r := httptest.NewRequest("GET", "/columns/zcwj?page=3&year=2020", nil)
	p := kit.NewPagerUpTo(r, 3, 20, 100000, 500)
	if p.Pages != 5000 || p.Deepest != 500 || p.Last != "/columns/zcwj?page=500&year=2020" || p.Next != "/columns/zcwj?page=4&year=2020" {
		t.Errorf("page 3: %+v", p)
	}
	r = httptest.NewRequest("GET", "/columns/zcwj?page=500", nil)
	if p := kit.NewPagerUpTo(r, 500, 20, 100000, 500); p.Next != "" || p.Last != "" || p.Prev != "/columns/zcwj?page=499" {
		t.Errorf("page 500: %+v", p)
	}
	r = httptest.NewRequest("GET", "/columns/zcwj", nil)
	if p := kit.NewPagerUpTo(r, 1, 20, 45, 500); p.Deepest != 0 || p.Last != "/columns/zcwj?page=3" {
		t.Errorf("short list: %+v", p)
	}
	if p := kit.NewPager(r, 1, 20, 100000); p.Deepest != 0 || p.Last != "/columns/zcwj?page=5000" {
		t.Errorf("unlimited: %+v", p)
	}
}
