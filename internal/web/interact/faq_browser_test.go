package interact_test

import (
	"strings"
	"testing"

	"gongkai/internal/browsertest"
	"gongkai/internal/interact"
	"gongkai/internal/web/webtest"
)

// TestBrowserFAQ audits the FAQ list (with a search) and an entry page
// with axe-core in both modes, and follows a tag link from the entry.
func TestBrowserFAQ(t *testing.T) {
	e := webtest.BrowserServer(t)
	dept, err := e.St.DepartmentByCode(ctx, "jy-sqfw")
	if err != nil {
		t.Fatal(err)
	}
	f, err := e.St.CreateFAQ(ctx, "tester", interact.FAQ{Question: "如何办理居住证？", Answer: "携带身份证和居住证明。\n\n工作日到社区事务受理服务中心办理。",
		DeptID: dept.ID, Tags: []string{"居住证", "户籍"}})
	if err != nil {
		t.Fatal(err)
	}
	tab := browsertest.Browser(t)
	entry := "/hudong/faq/" + webtest.Itoa(f.ID)
	webtest.AuditBothModes(t, tab, e.Base, []webtest.BrowserPage{
		{Name: "list", Path: "/hudong/faq", Status: 200, Sel: `a[href="` + entry + `"]`},
		{Name: "search", Path: "/hudong/faq?q=" + "居住证", Status: 200, Sel: `ol.faq-list li`},
		{Name: "entry", Path: entry, Status: 200, Sel: "article h1"},
	})
	webtest.Go(t, tab, e.Base+entry)
	if status := webtest.Click(t, tab, `article a.tag[href*="tag="]`); status != 200 {
		t.Fatalf("tag link: %d", status)
	}
	if got := webtest.Text(t, tab, "main"); !strings.Contains(got, "如何办理居住证？") {
		t.Fatalf("the tag's list: %s", got)
	}
}
