package report_test

import (
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/report"
)

// TestReportStatus: an organ's report is due on 31 January, the
// district's on 31 March; unpublished past the day or published after it
// is late; a revision being worked on shows beside the published report.
func TestReportStatus(t *testing.T) {
	d := func(s string) calendar.Date {
		t.Helper()
		v, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	at := func(s string) time.Time {
		return time.Date(d(s).Year, d(s).Month, d(s).Day, 10, 0, 0, 0, calendar.Zone)
	}
	published := &publish.Document{ID: 7, PublishedRev: 3, FirstPublished: at("2026-01-20")}
	lateOne := &publish.Document{ID: 8, PublishedRev: 4, FirstPublished: at("2026-02-02")}
	draft := &publish.Document{ID: 9, OpenRev: 1}
	for _, c := range []struct {
		name  string
		organ string
		today string
		doc   *publish.Document
		open  publish.State
		label string
		late  bool
		due   string
	}{
		{"none yet", "jy", "2026-01-10", nil, "", "未生成稿件", false, "2026-01-31"},
		{"none, past due", "jy", "2026-02-01", nil, "", "未生成稿件", true, "2026-01-31"},
		{"district, not yet due", "", "2026-02-01", nil, "", "未生成稿件", false, "2026-03-31"},
		{"draft", "jy", "2026-01-10", draft, publish.Draft, "草稿未提交", false, "2026-01-31"},
		{"in review past due", "jy", "2026-02-10", draft, publish.Submitted, "稿件待审核", true, "2026-01-31"},
		{"published on time", "jy", "2026-06-01", published, "", "已发布", false, "2026-01-31"},
		{"published late", "jy", "2026-06-01", lateOne, "", "已发布", true, "2026-01-31"},
		{"published, revision in review", "jy", "2026-06-01", &publish.Document{ID: 7, PublishedRev: 3, OpenRev: 5, FirstPublished: at("2026-01-20")}, publish.Submitted, "已发布（修订稿待审核）", false, "2026-01-31"},
	} {
		s := report.StatusOf(2025, c.organ, "某机关", d(c.today), c.doc, c.open)
		if s.Label() != c.label || s.Late != c.late || s.Due != d(c.due) {
			t.Errorf("%s: %s late=%v due=%s, want %s late=%v due=%s", c.name, s.Label(), s.Late, s.Due, c.label, c.late, c.due)
		}
	}
}

// TestOrganName: the district's reports carry the department whose name
// ends the site's organ, a department's its own; an unknown code is not
// found; without a configured organ the site's name less 政务公开 is used.
func TestOrganName(t *testing.T) {
	site := report.SiteOrgan("", " 嘉定区菊园新区政务公开 ")
	if site != "嘉定区菊园新区" || report.SiteOrgan("菊园新区管委会", "x") != "菊园新区管委会" {
		t.Fatalf("SiteOrgan: %q", site)
	}
	depts := []*auth.Department{{ID: 1, Code: "jd", Name: "嘉定区人民政府"}, {ID: 2, Code: "jy", Name: "菊园新区"}, {ID: 3, Code: "yq", Name: "园区"},
		{ID: 4, Code: "dzb", Name: "党政办公室"}}
	for _, c := range []struct {
		organ string
		name  string
		id    int64
		found bool
	}{
		{"", "菊园新区", 2, true}, // the longest name ending the site's organ, not 园区
		{"dzb", "党政办公室", 4, true},
		{"nope", "", 0, false},
	} {
		name, id, found := report.OrganName(site, c.organ, depts)
		if name != c.name || id != c.id || found != c.found {
			t.Errorf("%q: %q %d %v", c.organ, name, id, found)
		}
	}
	if name, id, _ := report.OrganName("某镇", "", depts); name != "某镇" || id != 0 {
		t.Errorf("no department: %q %d", name, id)
	}
}
