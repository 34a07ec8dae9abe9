package report_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/linkcheck"
	"gongkai/internal/publish"
	"gongkai/internal/report"
	"gongkai/internal/store"
	"gongkai/internal/web/kit"
	"gongkai/internal/web/webtest"
)

// plantBrokenAttachment publishes, as the demo's editor and reviewer, a
// notice of the editor's department whose body links to an attachment
// that does not exist, and returns its index number and the dead link.
func plantBrokenAttachment(t *testing.T, e *webtest.Env) (index, dead string, dept int64) {
	t.Helper()
	ctx := context.Background()
	editor, _ := e.St.UserByUsername(ctx, "editor")
	reviewer, _ := e.St.UserByUsername(ctx, "reviewer")
	col, err := e.St.ColumnByCode(ctx, "tzgg")
	if err != nil {
		t.Fatal(err)
	}
	dead = "/files/999999/%E5%BC%80%E6%94%BE%E6%97%B6%E9%97%B4%E8%A1%A8.pdf"
	d, err := e.St.CreateDocument(ctx, editor, publish.Content{Title: "关于公布公共查阅点开放时间的通知",
		OrganIDs: []int64{editor.DeptID}, WrittenOn: calendar.DateOf(e.Clock.Now()), Theme: "02.01", Genre: "tongzhi",
		Summary: "公布公共查阅点开放时间。", Attribute: publish.Active, ColumnIDs: []int64{col.ID},
		Body: `<p>开放时间见<a href="` + dead + `">开放时间表</a>。</p>`})
	if err != nil {
		t.Fatal(err)
	}
	step := func(f func(version int64) error) {
		t.Helper()
		cur, err := e.St.Document(ctx, d.ID)
		if err == nil {
			err = f(cur.Version)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	step(func(v int64) error { return e.St.SubmitDocument(ctx, editor, d.ID, v) })
	step(func(v int64) error { return e.St.ReviewDocument(ctx, reviewer, d.ID, v, true, "", time.Time{}) })
	if d, err = e.St.Document(ctx, d.ID); err != nil || !d.Public() {
		t.Fatalf("the notice was not published: %v", err)
	}
	return d.IndexNumber, dead, editor.DeptID
}

// TestInspectRoutesPlantedAttachment plants a 404 attachment on a notice
// of the editor's department (党政办公室) in the demo, crawls the real
// portal and inspects: the dead link is the only broken one, found on the
// notice's page, and it and its finding go to that department, due five
// working days after the inspection; the kept inspection's page shows the
// department and the date.
func TestInspectRoutesPlantedAttachment(t *testing.T) {
	e := webtest.NewWith(t, store.SQLite, webtest.Options{Data: webtest.Demo, Start: demoInspectDay})
	ctx := context.Background()
	index, dead, dept := plantBrokenAttachment(t, e)
	site, _ := url.Parse(e.TS.URL)
	res, err := linkcheck.Check(ctx, e.TS.URL, linkcheck.Options{Delay: linkcheck.NoDelay, PerHost: 4, MaxPages: 400,
		Transport: offline{site: site.Host, rt: http.DefaultTransport}})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := e.St.InspectRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := e.St.InspectFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ins := report.Inspect(facts, res.Report(), rules)
	page := e.TS.URL + kit.DocPath(index)
	var broken []report.Link
	for _, l := range ins.Crawl.Problems {
		if l.Class == "broken" {
			broken = append(broken, l)
		}
	}
	if len(broken) != 1 || broken[0].URL != e.TS.URL+dead || !slices.Equal(broken[0].FoundOn, []string{page}) {
		t.Fatalf("broken links %+v, want only %s on %s", broken, dead, page)
	}
	if !slices.Equal(broken[0].Depts, []int64{dept}) || ins.Owner(broken[0].Depts) != "党政办公室" {
		t.Errorf("dead link routed to %v (%s), want [%d] 党政办公室", broken[0].Depts, ins.Owner(broken[0].Depts), dept)
	}
	i := slices.IndexFunc(ins.Findings, func(f report.Finding) bool { return f.Subject == e.TS.URL+dead })
	if i < 0 {
		t.Fatalf("no finding for the dead link: %+v", ins.Findings)
	}
	// demoInspectDay is Tuesday 2026-12-01 in Beijing: five working days on is Tuesday 2026-12-08.
	if f := ins.Findings[i]; f.Code != report.FindBrokenOther || !slices.Equal(f.Depts, []int64{dept}) || f.FixBy != calendar.MustParse("2026-12-08") {
		t.Errorf("finding %+v", f)
	}
	id, err := e.St.SaveInspection(ctx, "tester", &ins)
	if err != nil {
		t.Fatal(err)
	}
	r := e.Login("supervisor").Get("/admin/inspect/" + webtest.Itoa(id))
	for _, want := range []string{"<td>党政办公室</td><td>2026-12-08</td>", report.Unowned} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("inspection page lacks %q", want)
		}
	}
}
