package foi_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web/webtest"
)

var (
	inboxRowRe   = regexp.MustCompile(`<th scope="row"><a href="/admin/foi/(YSQ[0-9-]+)"`)
	inboxRedRe   = regexp.MustCompile(`已逾期 (\d+) 件`)
	inboxNextRe  = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	inboxTotalRe = regexp.MustCompile(`共 (\d+) 件`)
)

// TestFOIInboxPaging: with 250 cases, the one received in 2000 is counted
// red and listed first, although 249 newer ones were registered after it;
// the pages, followed by their 下一页 links, list every case once; a page
// number that is not one is refused, and a page past the end says so.
func TestFOIInboxPaging(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			e := webtest.New(t, d)
			today := calendar.DateOf(e.Clock.Now())
			person := foi.Applicant{Kind: "person", Name: "王芳", IDType: "居民身份证", IDNumber: "310101199001011234", Phone: "13900001111"}
			req := foi.Request{Description: "菊园新区道路养护计划", Format: "paper", Delivery: "pickup"}
			oldest, _, err := e.St.CreateApplication(ctx, "foi", foi.InPerson, calendar.MustParse("2000-03-01"), person, req)
			if err != nil {
				t.Fatal(err)
			}
			for range 249 {
				if _, _, err := e.St.CreateApplication(ctx, "foi", foi.InPerson, today, person, req); err != nil {
					t.Fatal(err)
				}
			}
			officer := e.Login("foi")
			r := officer.Get("/admin/foi")
			fpMust(t, r, 200, "inbox", "第 1 / 5 页")
			webtest.AccessibleHTML(t, "/admin/foi", r.Body)
			if m := inboxRedRe.FindStringSubmatch(r.Body); m == nil || m[1] != "1" {
				t.Fatalf("red count %v, want 1 (the case of 2000)", m)
			}
			if m := inboxTotalRe.FindStringSubmatch(r.Body); m == nil || m[1] != "250" {
				t.Fatalf("total %v, want 250", m)
			}
			seen := map[string]int{}
			for page := 1; ; page++ {
				rows := inboxRowRe.FindAllStringSubmatch(r.Body, -1)
				if len(rows) == 0 || len(rows) > 50 {
					t.Fatalf("page %d lists %d cases", page, len(rows))
				}
				if page == 1 && rows[0][1] != oldest.Number {
					t.Fatalf("page 1 starts with %s, not the overdue %s", rows[0][1], oldest.Number)
				}
				for _, m := range rows {
					seen[m[1]]++
				}
				next := inboxNextRe.FindStringSubmatch(r.Body)
				if next == nil {
					break
				}
				link := html.UnescapeString(next[1])
				if !strings.Contains(link, "page="+webtest.Itoa(int64(page+1))) {
					t.Fatalf("next link %q", link)
				}
				if r = officer.Get(link); r.Status != 200 {
					t.Fatalf("%s: %d", link, r.Status)
				}
			}
			if len(seen) != 250 {
				t.Fatalf("the pages list %d distinct cases, want 250", len(seen))
			}
			for n, k := range seen {
				if k != 1 {
					t.Fatalf("%s listed %d times", n, k)
				}
			}
			// The filters travel with the pages and combine.
			r = officer.Get("/admin/foi?status=open&light=red")
			if rows := inboxRowRe.FindAllStringSubmatch(r.Body, -1); len(rows) != 1 || rows[0][1] != oldest.Number {
				t.Fatalf("red filter lists %v", rows)
			}
			r = officer.Get("/admin/foi?status=in_progress&light=green&page=2")
			fpMust(t, r, 200, "green, page 2", "第 2 / 5 页")
			if rows := inboxRowRe.FindAllStringSubmatch(r.Body, -1); len(rows) != 50 {
				t.Fatalf("green page 2 lists %d", len(rows))
			}
			if !strings.Contains(r.Body, `href="/admin/foi?light=green&amp;page=3&amp;status=in_progress" rel="next"`) {
				t.Error("the next page's link drops the filters")
			}
			fpMust(t, officer.Get("/admin/foi?status=answered"), 200, "no answered cases", "没有符合条件的申请")
			// Bad input is refused in words; a page past the end says so.
			fpMust(t, officer.Get("/admin/foi?page=abc"), 400, "bad page", "页码应为正整数")
			fpMust(t, officer.Get("/admin/foi?page=0"), 400, "page 0", "页码应为正整数")
			fpMust(t, officer.Get("/admin/foi?status=closed"), 400, "bad status", "办理状态应为")
			fpMust(t, officer.Get("/admin/foi?light=blue"), 400, "bad light", "期限状态应为")
			fpMust(t, officer.Get("/admin/foi?page=99"), 200, "past the end", "第 99 页没有内容", "共 250 条")
		})
	}
}
