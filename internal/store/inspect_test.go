package store_test

import (
	"slices"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/demo"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestInspectFacts runs the self-inspection's records on the demo on each
// engine: the facts match what the portal shows (every public document,
// every column), and what is planted afterwards — a blank news column and
// a consultation left unanswered for four months — is found, with nothing
// else new apart from what four months of silence make stale. The rule
// table's overrides are saved and read back.
func TestInspectFacts(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			clock := storetest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
			s.Now = clock.Now
			if _, err := demo.Load(ctx, s); err != nil {
				t.Fatal(err)
			}
			f, err := s.InspectFacts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			_, total, err := s.PublicDocuments(ctx, store.PublicFilter{Size: 1})
			if err != nil {
				t.Fatal(err)
			}
			cols, err := s.Columns(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Docs) != total || total == 0 || len(f.Columns) != len(cols) || f.NewestPublic.IsZero() || f.Calendar == nil {
				t.Fatalf("facts: %d docs (portal %d), %d columns (%d), newest %v", len(f.Docs), total, len(f.Columns), len(cols), f.NewestPublic)
			}
			for _, doc := range f.Docs {
				if doc.IndexNumber == "" || doc.Title == "" {
					t.Fatalf("document without index number or title: %+v", doc)
				}
				if len(doc.Organs) == 0 || f.Departments[doc.Organs[0]] == "" {
					t.Fatalf("document without its organs: %+v", doc)
				}
			}
			// The demo's stamps run ahead of the template's clock: stand a day after its newest publication.
			clock.Advance(f.NewestPublic.Add(24 * time.Hour).Sub(clock.Now()))
			if f, err = s.InspectFacts(ctx); err != nil {
				t.Fatal(err)
			}
			before := report.CheckSite(f)
			for _, x := range before {
				if x.Code == report.FindBlankColumn && x.Subject == "自查空白栏目（zicha-blank）" || x.Code == report.FindHomeStale {
					t.Fatalf("found before planting: %+v", x)
				}
			}

			depts, err := s.Departments(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SaveColumn(ctx, "tester", &publish.Column{Code: "zicha-blank", Name: "自查空白栏目", Kind: publish.KindNews, DeptID: depts[0].ID}); err != nil {
				t.Fatal(err)
			}
			l, _, err := s.CreateLetter(ctx, interact.Submission{Kind: interact.Consult, Target: depts[len(depts)-1].Code, Name: "张三", Phone: "13812345678",
				Subject: "咨询办事时间", Content: "请问社区事务受理服务中心周六是否办公？"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(4 * 30 * 24 * time.Hour)
			f, err = s.InspectFacts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			after := report.CheckSite(f)
			has := func(code, subject string, dept int64) bool {
				return slices.ContainsFunc(after, func(x report.Finding) bool {
					return x.Code == code && x.Subject == subject && (dept == 0 || slices.Equal(x.Depts, []int64{dept}))
				})
			}
			// Each goes to its owner: the column's department, the letter's.
			if !has(report.FindBlankColumn, "自查空白栏目（zicha-blank）", depts[0].ID) || !has(report.FindUnanswered, l.Number, depts[len(depts)-1].ID) {
				t.Errorf("planted faults not found with their departments in %+v", after)
			}
			if !has(report.FindHomeStale, "首页", 0) {
				t.Errorf("four months without publication, home page not stale: %+v", after)
			}
			for _, x := range after {
				switch x.Code {
				case report.FindUnanswered:
					if x.Subject != l.Number && !containsFinding(before, x) {
						// The demo's own open letters may have passed three months too; only those are allowed.
						if !demoLetterOlderThan(t, s, x.Subject, f) {
							t.Errorf("unexpected unanswered letter %+v", x)
						}
					}
				case report.FindEmptyCatalog, report.FindLatePublication, report.FindNoInterpretation, report.FindNoPublishDate:
					if !containsFinding(before, x) {
						t.Errorf("a record check changed with the clock alone: %+v", x)
					}
				}
			}

			override := []report.Rule{{Code: report.FindBrokenHome, Points: 2, Cap: 6}}
			if err := s.SaveInspectRules(ctx, "tester", override); err != nil {
				t.Fatal(err)
			}
			rules, err := s.InspectRules(ctx)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(rules, func(r report.Rule) bool { return r.Code == report.FindBrokenHome })
			if i < 0 || rules[i].Points != 2 || rules[i].Cap != 6 || len(rules) != len(report.DefaultRules()) {
				t.Errorf("rules after override: %+v", rules)
			}
			if err := s.SaveInspectRules(ctx, "tester", []report.Rule{{Code: "nope"}}); err == nil {
				t.Error("unknown rule saved")
			}
		})
	}
}

// containsFinding reports whether list holds x (code, subject, detail and departments).
func containsFinding(list []report.Finding, x report.Finding) bool {
	return slices.ContainsFunc(list, func(y report.Finding) bool {
		return y.Code == x.Code && y.Subject == x.Subject && y.Detail == x.Detail && slices.Equal(y.Depts, x.Depts)
	})
}

// demoLetterOlderThan reports whether letter number is one of the store's
// letters received more than three months before the facts' date.
func demoLetterOlderThan(t *testing.T, s *store.Store, number string, f report.SiteFacts) bool {
	t.Helper()
	l, err := s.Letter(ctx, number)
	if err != nil {
		t.Fatal(err)
	}
	return l.ReceivedOn.Before(interact.EscalationBefore(calendar.DateOf(f.Now)))
}

// TestInspectionHistory keeps two inspections of one address on each
// engine: the list is newest first with score and counts, the latest is
// read back whole, and a link broken in both keeps its first date while a
// newly broken one is dated by the second run.
func TestInspectionHistory(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			day1 := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)
			day2 := day1.Add(24 * time.Hour)
			crawl := func(urls ...string) report.Crawl {
				c := report.Crawl{Home: "https://www.example.gov.cn/", Pages: 3, Links: 9}
				for _, u := range urls {
					c.Problems = append(c.Problems, report.Link{URL: u, Class: "broken", Reason: "页面或文件不存在（404）", FoundOn: []string{"https://www.example.gov.cn/"}, OnHome: true})
				}
				return c
			}
			first := report.Inspect(report.SiteFacts{Now: day1, NewestPublic: day1}, crawl("https://www.example.gov.cn/a.pdf"), report.DefaultRules())
			if _, err := s.SaveInspection(ctx, "tester", &first); err != nil {
				t.Fatal(err)
			}
			second := report.Inspect(report.SiteFacts{Now: day2, NewestPublic: day1}, crawl("https://www.example.gov.cn/a.pdf", "https://www.example.gov.cn/b.pdf"), report.DefaultRules())
			id, err := s.SaveInspection(ctx, "tester", &second)
			if err != nil {
				t.Fatal(err)
			}
			list, err := s.Inspections(ctx, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 2 || list[0].ID != id || list[0].Score != 98 || list[0].Broken != 2 || list[0].Findings != 2 || !list[0].Pass ||
				list[1].Score != 99 || !list[1].At.Equal(day1) || list[0].BaseURL != "https://www.example.gov.cn/" {
				t.Fatalf("history %+v", list)
			}
			got, err := s.Inspection(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if p := got.Crawl.Problems; len(p) != 2 || !p[0].Since.Equal(day1) || !p[1].Since.Equal(day2) || got.Verdict.Result != "合格" {
				t.Errorf("latest: %+v", got)
			}
			if _, err := s.Inspection(ctx, id+100); err == nil {
				t.Error("unknown inspection found")
			}
		})
	}
}
