package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
)

var inspectNow = time.Date(2026, 12, 1, 10, 0, 0, 0, calendar.Zone)

func daysAgo(n int) time.Time { return inspectNow.AddDate(0, 0, -n) }

func codes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code+" "+f.Subject)
	}
	return out
}

// healthyFacts is a site with nothing to report.
func healthyFacts() SiteFacts {
	return SiteFacts{
		Now:          inspectNow,
		Calendar:     calendar.New(nil),
		NewestPublic: daysAgo(3),
		Columns: []InspectColumn{
			{Column: publish.Column{Code: "news", Name: "要闻", Kind: publish.KindNews}, Last: daysAgo(13)},
			{Column: publish.Column{Code: "notice", Name: "通知公告", Kind: publish.KindNotice}, Last: daysAgo(180)},
			{Column: publish.Column{Code: "about", Name: "机构概况", Kind: publish.KindStatic}},
		},
		Docs: []InspectDoc{
			{IndexNumber: "A/2026-00000001", Title: "规范性文件", WrittenOn: "2026-11-02", PublishedOn: "2026-11-30", NeedsInterpretation: true, Interpreted: true},
		},
		Unanswered: []InspectLetter{
			{Number: "ZX-recent", Kind: interact.Consult, ReceivedOn: calendar.MustParse("2026-09-02")},
			{Number: "ZX-old", Kind: interact.Consult, ReceivedOn: calendar.MustParse("2025-11-01")},
			{Number: "YJ-comment", Kind: interact.Comment, ReceivedOn: calendar.MustParse("2026-05-01")},
		},
	}
}

func TestCheckSiteHealthySiteHasNoFindings(t *testing.T) {
	if got := CheckSite(healthyFacts()); len(got) != 0 {
		t.Errorf("findings = %v, want none", codes(got))
	}
}

func TestCheckSiteFindsEachProblem(t *testing.T) {
	f := healthyFacts()
	f.NewestPublic = daysAgo(15)
	f.Columns = append(f.Columns,
		InspectColumn{Column: publish.Column{Code: "dongtai", Name: "工作动态", Kind: publish.KindNews}, Last: daysAgo(15)},
		InspectColumn{Column: publish.Column{Code: "policy", Name: "政策文件", Kind: publish.KindPolicy}, Last: daysAgo(190)},
		InspectColumn{Column: publish.Column{Code: "renshi", Name: "人事信息", Kind: publish.KindPersonnel}, Last: daysAgo(400)},
		InspectColumn{Column: publish.Column{Code: "plan", Name: "规划计划", Kind: publish.KindPlan}},
	)
	f.EmptyCatalog = []string{"财政预决算", "行政许可"}
	f.Docs = append(f.Docs,
		InspectDoc{IndexNumber: "A/2026-00000002", Title: "迟发", WrittenOn: "2026-11-02", PublishedOn: "2026-12-01"},
		InspectDoc{IndexNumber: "A/2026-00000003", Title: "无日期"},
		InspectDoc{IndexNumber: "A/2026-00000004", Title: "规章", PublishedOn: "2026-11-20", NeedsInterpretation: true},
	)
	f.Unanswered = append(f.Unanswered, InspectLetter{Number: "ZX-due", Kind: interact.Mailbox, ReceivedOn: calendar.MustParse("2026-08-31")})
	got := codes(CheckSite(f))
	want := []string{
		"home_stale 首页",
		"stale_key_column 工作动态（dongtai）",
		"stale_key_column 政策文件（policy）",
		"stale_column 人事信息（renshi）",
		"blank_column 规划计划（plan）",
		"unanswered_letter ZX-due",
		"empty_catalog 行政许可",
		"empty_catalog 财政预决算",
		"late_publication A/2026-00000002 迟发",
		"no_interpretation A/2026-00000004 规章",
		"no_publish_date A/2026-00000003 无日期",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestCheckSiteEmptySiteIsNotUpdated(t *testing.T) {
	got := codes(CheckSite(SiteFacts{Now: inspectNow}))
	if !slices.Equal(got, []string{"home_stale 首页"}) {
		t.Errorf("findings = %v", got)
	}
}

func repeat(code string, n int) []Finding {
	var out []Finding
	for i := range n {
		out = append(out, Finding{Code: code, Subject: fmt.Sprint(i)})
	}
	return out
}

func TestScore(t *testing.T) {
	rules := DefaultRules()
	cases := []struct {
		name     string
		findings []Finding
		pass     bool
		score    float64
		reason   string
	}{
		{"clean", nil, true, 100, ""},
		{"deductions within caps", append(append(repeat(FindBrokenHome, 3), repeat(FindBrokenOther, 7)...), repeat(FindEmptyCatalog, 2)...), true, 95.3, ""},
		{"a cap holds", repeat(FindBrokenOther, 500), true, 90, ""},
		{"four key columns: no veto", repeat(FindStaleKeyColumn, 4), true, 80, ""},
		{"five key columns: veto", repeat(FindStaleKeyColumn, 5), false, 80, "单项否决：栏目不更新：动态要闻 2 周、通知公告和政策文件 6 个月未更新的栏目合计 5 个及以上"},
		{"ten stale counting key columns", append(repeat(FindStaleColumn, 6), repeat(FindStaleKeyColumn, 4)...), false, 70, "单项否决：栏目不更新：应更新但长期未更新的栏目 10 个及以上"},
		{"home down and unanswered", append(repeat(FindHomeDown, 1), repeat(FindUnanswered, 1)...), false, 100, "单项否决：站点无法访问：首页在 15 秒内无法打开；互动回应差：检查前 1 年内有超过 3 个月未答复的有效留言"},
		{"under 60", append(append(append(append(repeat(FindBrokenHome, 10), repeat(FindBrokenOther, 100)...), repeat(FindEmptyCatalog, 20)...), repeat(FindLatePublication, 20)...), repeat(FindNoInterpretation, 5)...), false, 50, "扣分后得分 50.0，低于 60 分"},
	}
	for _, c := range cases {
		v := Score(rules, c.findings)
		if v.Pass != c.pass || v.Score != c.score || v.Reason != c.reason {
			t.Errorf("%s: pass %v score %v reason %q, want %v %v %q", c.name, v.Pass, v.Score, v.Reason, c.pass, c.score, c.reason)
		}
		if want := map[bool]string{true: "合格", false: "不合格"}[c.pass]; v.Result != want {
			t.Errorf("%s: result %q", c.name, v.Result)
		}
	}
}

func TestMergeRules(t *testing.T) {
	rules, err := MergeRules([]Rule{{Code: FindBrokenHome, Points: 2, Cap: 4}, {Code: FindHomeStale, VetoAt: 0}})
	if err != nil {
		t.Fatal(err)
	}
	v := Score(rules, append(repeat(FindBrokenHome, 3), repeat(FindHomeStale, 1)...))
	if !v.Pass || v.Score != 96 {
		t.Errorf("overridden: pass %v score %v, want true 96", v.Pass, v.Score)
	}
	if DefaultRules()[6].Points != 1 {
		t.Error("MergeRules changed the defaults")
	}
	for _, bad := range [][]Rule{{{Code: "nope"}}, {{Code: FindBrokenHome, Points: -1}}} {
		if _, err := MergeRules(bad); err == nil {
			t.Errorf("MergeRules(%v) accepted", bad)
		}
	}
}

func TestLinkFindings(t *testing.T) {
	got := codes(LinkFindings([]Link{
		{URL: "http://s/", Class: "broken", IsHome: true, OnHome: true},
		{URL: "http://s/a.pdf", Class: "broken", OnHome: true},
		{URL: "http://s/b.pdf", Class: "broken"},
		{URL: "http://x/", Class: "caution", OnHome: true},
	}))
	want := []string{"home_down http://s/", "broken_link_home http://s/a.pdf", "broken_link_other http://s/b.pdf"}
	if !slices.Equal(got, want) {
		t.Errorf("LinkFindings = %v, want %v", got, want)
	}
}

func TestCarrySince(t *testing.T) {
	day1, day2 := inspectNow.AddDate(0, 0, -1), inspectNow
	prev := &Inspection{At: day1, Crawl: Crawl{Problems: []Link{{URL: "a", Class: "broken"}, {URL: "b", Class: "caution"}, {URL: "gone", Class: "broken"}}}}
	CarrySince(nil, prev)
	cur := &Inspection{At: day2, Crawl: Crawl{Problems: []Link{{URL: "a", Class: "broken"}, {URL: "b", Class: "broken"}, {URL: "new", Class: "broken"}}}}
	CarrySince(prev, cur)
	want := []time.Time{day1, day2, day2} // a stays broken; b changed class; new is new
	for i, l := range cur.Crawl.Problems {
		if !l.Since.Equal(want[i]) {
			t.Errorf("%s since %v, want %v", l.URL, l.Since, want[i])
		}
	}
	if s := cur.Summary(); s.Broken != 3 || s.Findings != 0 || s.At != day2 {
		t.Errorf("summary %+v", s)
	}
}
