package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestBulletinValues builds the third quarter of 2026 for two departments
// through the store's own methods and checks every value against the
// counts worked out below, with the second quarter as comparison.
func TestBulletinValues(t *testing.T) {
	for _, dl := range storetest.Dialects(t) {
		t.Run(string(dl), func(t *testing.T) {
			s := storetest.Open(t, dl)
			w := newWorld(t, s)
			var now time.Time
			s.Now = func() time.Time { return now }
			at := func(day string, hour int) {
				d := calendar.MustParse(day)
				now = time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, calendar.Zone)
			}
			at("2026-06-01", 10)
			a, b := w.organ, w.other
			news := &publish.Column{Code: "a-news", Name: "甲的动态", Kind: publish.KindNews, DeptID: a.ID}
			notices := &publish.Column{Code: "a-notice", Name: "甲的通知", Kind: publish.KindNotice, DeptID: a.ID}
			static := &publish.Column{Code: "a-static", Name: "甲的机构概况", Kind: publish.KindStatic, DeptID: a.ID}
			blank := &publish.Column{Code: "b-news", Name: "乙的动态", Kind: publish.KindNews, DeptID: b.ID}
			for _, c := range []*publish.Column{news, notices, static, blank} {
				if err := s.SaveColumn(ctx, "admin", c); err != nil {
					t.Fatal(err)
				}
			}

			// Documents: imported with their 发布日期, first published at
			// 09:00 on it.
			type doc struct {
				title, written, published, genre string
				organs                           []int64
				col                              *publish.Column
				interprets                       string // title of the document it interprets
			}
			ids := map[string]int64{}
			docs := []doc{
				{title: "上季度末", written: "2026-06-29", published: "2026-06-30", organs: []int64{a.ID}, col: news},                       // Q2
				{title: "季度首日", written: "2026-06-30", published: "2026-07-01", organs: []int64{a.ID}, col: news},                       // on time
				{title: "迟发的通知", written: "2026-07-01", published: "2026-08-31", organs: []int64{a.ID}, col: notices},                   // 43 working days: late
				{title: "规范性文件一", written: "2026-09-01", published: "2026-09-02", genre: publish.GenreNormative, organs: []int64{a.ID}}, // needs, has
				{title: "规范性文件二", written: "2026-09-01", published: "2026-09-03", genre: publish.GenreNormative, organs: []int64{a.ID}}, // needs, has none
				{title: "解读一", written: "2026-09-02", published: "2026-09-04", genre: publish.GenreInterpretation, organs: []int64{a.ID}, interprets: "规范性文件一"},
				{title: "联合发文", written: "2026-08-03", published: "2026-08-04", organs: []int64{a.ID, b.ID}}, // both, on time
				{title: "下季度首日", written: "2026-09-30", published: "2026-10-01", organs: []int64{b.ID}},      // Q4
			}
			for _, x := range docs {
				c := w.content(x.title, "tongzhi")
				c.WrittenOn, c.OrganIDs = calendar.MustParse(x.written), x.organs
				if x.genre != "" {
					c.Genre = x.genre
				}
				if x.col != nil {
					c.ColumnIDs = []int64{x.col.ID}
				}
				if x.interprets != "" {
					c.Interprets, c.InterpretForm, c.ColumnIDs = ids[x.interprets], publish.FormText, []int64{w.interpCol.ID}
				}
				author := w.editor
				if x.organs[0] == b.ID {
					author = w.outsider
				}
				d, err := s.ImportDocument(ctx, "import", author, c, "", calendar.MustParse(x.published))
				if err != nil {
					t.Fatalf("%s: %v", x.title, err)
				}
				ids[x.title] = d.ID
			}

			// FOI, handled by 甲: one answered on time in the quarter, one
			// answered late in it, one answered after it.
			officer := mustUser(t, s, "foi.officer", a.ID, auth.FOIOfficer)
			head := mustUser(t, s, "foi.head", a.ID, auth.FOIOfficer, auth.FOIHead)
			foiCase := func(received, answered string) {
				t.Helper()
				at(received, 10)
				app, _, err := s.CreateApplication(ctx, officer.Username, foi.InPerson, calendar.MustParse(received), annualApplicant("person"), request)
				if err != nil {
					t.Fatal(err)
				}
				at(answered, 10)
				if _, err := s.AddFOIEvent(ctx, head, app.Number, 0, foi.Event{Type: foi.Answer, On: calendar.MustParse(answered), Outcome: foi.Disclose}); err != nil {
					t.Fatal(err)
				}
			}
			foiCase("2026-07-01", "2026-07-10") // on time
			foiCase("2026-06-01", "2026-08-20") // due about 30 June: late
			foiCase("2026-09-28", "2026-10-12") // concluded in Q4

			// Letters to 乙: one answered the day it came, one a month late,
			// one received in Q2.
			office := mustUser(t, s, "office", a.ID, auth.Supervisor)
			replier := mustUser(t, s, "replier.b", b.ID, auth.Replier)
			letter := func(received, replied string) {
				t.Helper()
				at(received, 10)
				l, _, err := s.CreateLetter(ctx, interact.Submission{Kind: interact.Consult, Target: b.Code, Name: "张三", Phone: "13812345678",
					Subject: "咨询" + received, Content: "请问办事时间？"}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if l, err = s.LetterStep(ctx, office, l.Number, l.Version, interact.Step{Action: interact.ActAccept, DeptID: b.ID}); err != nil {
					t.Fatal(err)
				}
				at(replied, 11)
				if _, err := s.LetterStep(ctx, replier, l.Number, l.Version, interact.Step{Action: interact.ActReply, Text: "您好，工作日办公。"}); err != nil {
					t.Fatal(err)
				}
			}
			letter("2026-07-06", "2026-07-06")
			letter("2026-08-03", "2026-09-04")
			letter("2026-06-10", "2026-06-10")

			// Inspections: an earlier and the newest in the quarter, and one after.
			inspection := func(day string, problems ...report.Link) {
				t.Helper()
				at(day, 3)
				crawl := report.Crawl{Home: "https://www.example.gov.cn/", Pages: 5, Links: 20, Problems: problems}
				ins := report.Inspect(report.SiteFacts{Now: now, NewestPublic: now}, crawl, report.DefaultRules())
				for i := range problems { // the owners report.PageOwners would give the pages they were found on
					ins.Crawl.Problems[i].Depts = problems[i].Depts
				}
				if _, err := s.SaveInspection(ctx, "tester", &ins); err != nil {
					t.Fatal(err)
				}
			}
			link := func(url, class string, onHome bool, depts ...int64) report.Link {
				return report.Link{URL: "https://www.example.gov.cn/" + url, Class: class, Reason: "页面或文件不存在（404）",
					FoundOn: []string{"https://www.example.gov.cn/"}, OnHome: onHome, Depts: depts}
			}
			inspection("2026-07-15", link("x.pdf", "broken", false, a.ID, b.ID), link("y.pdf", "broken", false, b.ID), link("z.pdf", "broken", false, b.ID))
			// Newest in Q3: 甲 has two broken links, 乙 one, a caution
			// does not count. Score: 100 − 1 (one on the home page) − 0.1 × 2
			// (two elsewhere) = 98.8; the July run scores 99.7, October's 99.
			inspection("2026-09-20", link("a.pdf", "broken", true, a.ID, b.ID), link("b.pdf", "broken", false, a.ID), link("c.pdf", "caution", false, b.ID),
				link("d.pdf", "broken", false))
			inspection("2026-10-02", link("e.pdf", "broken", true, a.ID))

			at("2026-10-15", 10)
			q3 := report.Quarter{Year: 2026, Q: 3}
			got, err := s.BulletinValues(ctx, q3)
			if err != nil {
				t.Fatal(err)
			}
			const score = 98.8
			want := map[int64]map[string]float64{
				// 甲: 季度首日, 迟发的通知, 规范性文件一/二, 解读一, 联合发文 = 6,
				// of which 迟发的通知 is late: 5/6; one of two 规范性文件 has a
				// 解读; FOI 1 of 2 on time; no letters; 甲的动态 is stale at 30
				// September (last item 1 July), 甲的通知 is not (6 months), the
				// static column never is.
				a.ID: {"published": 6, "publish_on_time": 83.3, "interpretation": 50, "foi_on_time": 50, "stale_columns": 1, "broken_links": 2, "inspection": score},
				// 乙: 联合发文 only; no policy needing a 解读; no FOI; one of two
				// letters on time; its blank news column is stale.
				b.ID: {"published": 1, "publish_on_time": 100, "letters_on_time": 50, "stale_columns": 1, "broken_links": 1, "inspection": score},
			}
			if len(got) < 2 {
				t.Fatalf("values: %+v", got)
			}
			for _, d := range got {
				wv, ok := want[d.DeptID]
				if !ok {
					t.Errorf("unexpected department %+v", d)
					continue
				}
				if fmt.Sprint(d.Values) != fmt.Sprint(wv) {
					t.Errorf("%s:\n got %v\nwant %v", d.Name, d.Values, wv)
				}
			}

			// The second quarter: 上季度末 for 甲 (on time, not a policy); no
			// inspection; 甲的通知 had no item yet at the quarter's end (its
			// first came on 31 August), so it was stale then.
			q2, err := s.BulletinValues(ctx, q3.Previous())
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range q2 {
				if d.DeptID == a.ID && fmt.Sprint(d.Values) != fmt.Sprint(map[string]float64{"published": 1, "publish_on_time": 100, "stale_columns": 1}) {
					t.Errorf("甲 in Q2: %v", d.Values)
				}
				if d.DeptID == b.ID && fmt.Sprint(d.Values) != fmt.Sprint(map[string]float64{"published": 0, "letters_on_time": 100, "stale_columns": 1}) {
					t.Errorf("乙 in Q2: %v", d.Values)
				}
			}

			// The ranking compares with Q2 on the same indicators.
			bl, err := s.Bulletin(ctx, q3)
			if err != nil {
				t.Fatal(err)
			}
			if bl.Quarter != q3 || len(bl.Ranking) != 2 || len(bl.Indicators) != len(report.DefaultIndicators()) || !bl.Ranking[0].Previous {
				t.Fatalf("bulletin: %+v", bl)
			}
			if bl.ValuesOf(a.ID)["published"] != 6 {
				t.Errorf("values of 甲 in the bulletin: %v", bl.ValuesOf(a.ID))
			}
		})
	}
}

// TestBulletinIndicators saves a district's indicators (audited), refuses
// bad ones with the rule's message, and falls back to the defaults.
func TestBulletinIndicators(t *testing.T) {
	for _, dl := range storetest.Dialects(t) {
		t.Run(string(dl), func(t *testing.T) {
			s := storetest.Open(t, dl)
			got, err := s.BulletinIndicators(ctx)
			if err != nil || fmt.Sprint(got) != fmt.Sprint(report.DefaultIndicators()) {
				t.Fatalf("defaults: %v %v", got, err)
			}
			mine := []report.Indicator{{Code: "published", Label: "主动公开信息数", Weight: 40, Scale: report.CountUp},
				{Code: "broken_links", Label: "错链", Weight: 60, Scale: report.CountDown, Deduct: 5}}
			if err := s.SaveBulletinIndicators(ctx, "supervisor", mine); err != nil {
				t.Fatal(err)
			}
			if got, err = s.BulletinIndicators(ctx); err != nil || fmt.Sprint(got) != fmt.Sprint(mine) {
				t.Errorf("saved: %v %v", got, err)
			}
			err = s.SaveBulletinIndicators(ctx, "supervisor", []report.Indicator{{Code: "x", Label: "x", Weight: 0, Scale: report.Percent}})
			wantCode(t, err, errs.Invalid, "invalid_indicator")
			if !strings.Contains(err.Error(), "权重") {
				t.Errorf("message: %v", err)
			}
			trail, err := s.AuditEvents(ctx, store.AuditFilter{Action: "report.bulletin_indicators"})
			if err != nil || len(trail) != 1 || trail[0].Detail["rows"] != "2" {
				t.Errorf("audit: %+v %v", trail, err)
			}
		})
	}
}

// TestBulletinPlans: the bulletin's reads of the public projection are
// one range of an index, not a scan of every document (the quarter's
// documents only).
func TestBulletinPlans(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			dept := mustDept(t, s, "jy", "菊园新区管委会", "00001434-9", 0)
			if err := store.FillPublicForTest(ctx, s, 5000, dept.ID); err != nil {
				t.Fatal(err)
			}
			for _, q := range store.BulletinQueriesForTest() {
				plan, err := store.ExplainForTest(ctx, s, q.SQL, q.Args...)
				if err != nil {
					t.Fatalf("%s: %v", q.Name, err)
				}
				all := strings.Join(plan, "\n")
				if testing.Verbose() {
					t.Logf("%s:\n%s", q.Name, all)
				}
				if !strings.Contains(all, "public_docs_first") {
					t.Errorf("%s does not read public_docs_first:\n%s", q.Name, all)
				}
				for _, l := range plan {
					// The interpretation's EXISTS is the self-inspection's own
					// subquery; on this fill (no revisions) its plan says nothing.
					if strings.Contains(l, "SubPlan") || strings.Contains(l, "CORRELATED") {
						break
					}
					f := strings.Fields(strings.TrimSpace(l))
					if d == store.SQLite && len(f) == 2 && f[0] == "SCAN" || strings.Contains(l, "Seq Scan on public_doc") {
						t.Errorf("%s scans a table: %s\n%s", q.Name, l, all)
					}
				}
			}
		})
	}
}
