package report

import (
	"slices"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
)

// ownerFacts: two departments (7 and 9), a joint document of both, one of
// 9 alone, a column of 7 and one nobody owns.
func ownerFacts() SiteFacts {
	return SiteFacts{
		Now:         inspectNow,
		Departments: map[int64]string{7: "区政府办公室", 9: "区财政局"},
		Docs: []InspectDoc{
			{IndexNumber: "00001434-9/2026-00000001", Title: "联合发文", PublishedOn: "2026-09-01", Organs: []int64{9, 7}},
			{IndexNumber: "00001434-9/2026-00000002", Title: "财政信息", PublishedOn: "2026-09-01", Organs: []int64{9}},
		},
		Columns: []InspectColumn{
			{Column: publish.Column{Code: "tzgg", DeptID: 7}},
			{Column: publish.Column{Code: "misc"}},
		},
	}
}

func TestPageOwners(t *testing.T) {
	o := NewPageOwners("https://www.example.gov.cn/", ownerFacts())
	cases := []struct {
		url  string
		want []int64
	}{
		{"https://www.example.gov.cn/docs/00001434-9/2026-00000001", []int64{7, 9}},
		{"https://www.example.gov.cn/docs/00001434-9%2F2026-00000002#top", []int64{9}},
		{"https://www.example.gov.cn/points/p1/docs/00001434-9/2026-00000002?k=x", []int64{9}},
		{"https://www.example.gov.cn/columns/tzgg", []int64{7}},
		{"https://www.example.gov.cn/columns/tzgg?page=2", []int64{7}},
		{"https://www.example.gov.cn/columns/tzgg/feed.xml", []int64{7}},
		{"https://www.example.gov.cn/columns/misc", nil},
		{"https://www.example.gov.cn/columns/nope", nil},
		{"https://www.example.gov.cn/docs/unknown", nil},
		{"https://www.example.gov.cn/", nil},
		{"https://www.example.gov.cn/search?q=x", nil},
		{"https://www.example.gov.cn/hudong/letters", nil},
		{"https://other.example.org/docs/00001434-9/2026-00000001", nil},
		{"http://www.example.gov.cn/columns/tzgg", nil},
	}
	for _, c := range cases {
		if got := o.Of(c.url); !slices.Equal(got, c.want) {
			t.Errorf("Of(%s) = %v, want %v", c.url, got, c.want)
		}
	}
	sub := NewPageOwners("https://gov.example.cn/jy/", ownerFacts())
	if got := sub.Of("https://gov.example.cn/jy/columns/tzgg"); !slices.Equal(got, []int64{7}) {
		t.Errorf("under a path prefix: %v", got)
	}
	if got := sub.Of("https://gov.example.cn/columns/tzgg"); got != nil {
		t.Errorf("outside the prefix: %v", got)
	}
}

// TestInspectRoutesAndDates: a broken attachment on a document page goes
// to the document's organs, a broken link on the home page to nobody, a
// broken column page to its column's owner even where it is linked from
// the home page; the record checks' findings go to the column's, the
// document's and the letter's departments; each finding is due its rule's
// working days after the inspection, across the National Day holiday.
func TestInspectRoutesAndDates(t *testing.T) {
	f := ownerFacts()
	f.Now = time.Date(2026, 9, 30, 10, 0, 0, 0, calendar.Zone)
	f.Calendar = calendar.New(nil)
	f.NewestPublic = f.Now
	f.Columns = append(f.Columns, InspectColumn{Column: publish.Column{Code: "blank", Name: "空白", Kind: publish.KindNews, DeptID: 9}})
	f.Docs = append(f.Docs, InspectDoc{IndexNumber: "X/2026-00000009", Title: "无日期", Organs: []int64{7}})
	f.Unanswered = []InspectLetter{{Number: "ZX-1", Kind: interact.Consult, ReceivedOn: calendar.MustParse("2026-05-01"), DeptID: 9}}
	home := "https://www.example.gov.cn/"
	crawl := Crawl{Home: home, Problems: []Link{
		{URL: home + "files/1/a.pdf", Class: "broken", FoundOn: []string{home + "docs/00001434-9/2026-00000002"}},
		{URL: home + "files/2/b.pdf", Class: "broken", FoundOn: []string{home}, OnHome: true},
		{URL: home + "columns/tzgg", Class: "broken", FoundOn: []string{home}, OnHome: true},
		{URL: "https://other.example.org/", Class: "caution", FoundOn: []string{home + "docs/00001434-9/2026-00000001"}},
		// The footer's link, on the home page and every document page: the site's own.
		{URL: "https://footer.example.org/", Class: "broken", FoundOn: []string{home, home + "docs/00001434-9/2026-00000001"}, OnHome: true},
	}}
	ins := Inspect(f, crawl, DefaultRules())
	wantLinks := [][]int64{{9}, nil, {7}, {7, 9}, nil}
	for i, l := range ins.Crawl.Problems {
		if !slices.Equal(l.Depts, wantLinks[i]) {
			t.Errorf("link %s: depts %v, want %v", l.URL, l.Depts, wantLinks[i])
		}
	}
	if crawl.Problems[0].Depts != nil {
		t.Error("Inspect wrote into the caller's crawl")
	}
	// 9-30 (Wed) + 5 working days: 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13; + 10: … 10-20.
	type row struct {
		depts []int64
		fixBy string
	}
	want := map[string]row{
		FindBrokenHome + " " + home + "columns/tzgg":    {[]int64{7}, "2026-10-13"},
		FindBrokenHome + " " + home + "files/2/b.pdf":   {nil, "2026-10-13"},
		FindBrokenHome + " https://footer.example.org/": {nil, "2026-10-13"},
		FindBrokenOther + " " + home + "files/1/a.pdf":  {[]int64{9}, "2026-10-13"},
		FindBlankColumn + " 空白（blank）":                  {[]int64{9}, "2026-10-13"},
		FindUnanswered + " ZX-1":                        {[]int64{9}, "2026-10-13"},
		FindNoPublishDate + " X/2026-00000009 无日期":      {[]int64{7}, "2026-10-20"},
	}
	for _, x := range ins.Findings {
		key := x.Code + " " + x.Subject
		w, ok := want[key]
		if !ok {
			t.Errorf("unexpected finding %+v", x)
			continue
		}
		delete(want, key)
		if !slices.Equal(x.Depts, w.depts) || x.FixBy.String() != w.fixBy {
			t.Errorf("%s: %v due %s, want %v due %s", key, x.Depts, x.FixBy, w.depts, w.fixBy)
		}
	}
	for k := range want {
		t.Errorf("missing finding %s", k)
	}
	if len(ins.Departments) != 2 || ins.Owner([]int64{7, 9}) != "区政府办公室、区财政局" || ins.Owner(nil) != Unowned || ins.Owner([]int64{3}) != "部门 #3" {
		t.Errorf("names: %v", ins.Departments)
	}
}

func TestMergeRulesFixWorkdays(t *testing.T) {
	rules, err := MergeRules([]Rule{{Code: FindEmptyCatalog, Points: 0.5, Cap: 10, FixWorkdays: 20}, {Code: FindBrokenHome, Points: 1, Cap: 10}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		want := map[string]int{FindEmptyCatalog: 20, FindBrokenHome: FixUrgent, FindNoPublishDate: FixNormal, FindHomeStale: FixUrgent}[r.Code]
		if want != 0 && r.FixWorkdays != want {
			t.Errorf("%s: fix in %d, want %d", r.Code, r.FixWorkdays, want)
		}
	}
	err = CheckOverride(Rule{Code: FindBrokenHome, VetoAt: -1, Points: 101, Cap: -2, FixWorkdays: 61})
	var fields []string
	for _, e := range errs.All(err) {
		fields = append(fields, e.Field)
	}
	if !slices.Equal(fields, []string{"veto_at", "points", "cap", "fix_workdays"}) {
		t.Errorf("fields %v (%v)", fields, err)
	}
	if err := CheckOverride(Rule{Code: FindBrokenHome, VetoAt: MaxVetoAt, Points: MaxRulePoints, Cap: 0, FixWorkdays: MaxFixWorkdays}); err != nil {
		t.Errorf("bounds refused: %v", err)
	}
}
