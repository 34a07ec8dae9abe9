package interact_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// faqDept is a demo department's id.
func faqDept(t *testing.T, e *webtest.Env, code string) int64 {
	t.Helper()
	d, err := e.St.DepartmentByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

func faqCreate(t *testing.T, e *webtest.Env, f interact.FAQ) *interact.FAQ {
	t.Helper()
	got, err := e.St.CreateFAQ(ctx, "tester", f)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// faqVisitPages renders the FAQ pages for TestEveryPageRenders.
func faqVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	f := faqCreate(t, e, interact.FAQ{Question: "如何办理居住证？", Answer: "携带身份证。", DeptID: faqDept(t, e, "jy-sqfw"), Tags: []string{"居住证"}})
	check(e.Client(), "/hudong/faq", 200, "interact_faq")
	check(e.Client(), "/hudong/faq/"+webtest.Itoa(f.ID), 200, "interact_faq_entry")
	sup := e.Login("supervisor")
	check(sup, "/admin/faq", 200, "admin_faq")
	check(sup, "/admin/faq/new", 200, "admin_faq_edit")
}

// TestFAQPages: staff write an entry, the public finds it by search, tag
// and department, hiding takes it off the portal, bad input is refused in
// Chinese with what was typed kept.
func TestFAQPages(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		sqfw, jjfz := faqDept(t, e, "jy-sqfw"), faqDept(t, e, "jy-jjfz")
		sup := e.Login("supervisor")
		sup.Get("/admin/faq/new")
		form := url.Values{"question": {"高龄补贴何时发放？"}, "answer": {"每月10日前发放。\n\n逾期请联系社区。"}, "dept_id": {webtest.Itoa(sqfw)},
			"tags": {"养老，补贴"}, "review_by": {"2027-01-31"}, "state": {"published"}}
		r := sup.Post("/admin/faq/new", form)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/faq/") {
			t.Fatalf("create: %d %s", r.Status, webtest.Alert(r.Body))
		}
		entry := "/hudong/faq/" + strings.TrimPrefix(r.Header.Get("Location"), "/admin/faq/")
		faqCreate(t, e, interact.FAQ{Question: "企业 WiFi 补贴怎么申请？", Answer: "向经济发展办公室提交材料。", DeptID: jjfz, Tags: []string{"补贴"}})

		anon := e.Client()
		page := anon.Get(entry)
		if page.Status != 200 || !strings.Contains(page.Body, "<p>每月10日前发放。</p>") || !strings.Contains(page.Body, "<p>逾期请联系社区。</p>") ||
			!strings.Contains(page.Body, "社区事务受理服务中心") {
			t.Fatalf("entry page: %d %s", page.Status, page.Body)
		}
		webtest.AccessibleHTML(t, "FAQ entry", page.Body)
		list := func(query string) string {
			t.Helper()
			r := anon.Get("/hudong/faq" + query)
			if r.Status != 200 {
				t.Fatalf("list %s: %d", query, r.Status)
			}
			return r.Body
		}
		if b := list("?q=wifi"); !strings.Contains(b, "企业 WiFi 补贴怎么申请？") || strings.Contains(b, "高龄补贴何时发放？") {
			t.Fatalf("q=wifi: %s", b)
		}
		if b := list("?tag=" + url.QueryEscape("补贴") + "&dept=" + webtest.Itoa(sqfw)); !strings.Contains(b, "高龄补贴何时发放？") || strings.Contains(b, "WiFi") {
			t.Fatalf("tag and department: %s", b)
		}
		if b := list("?q=" + url.QueryEscape("逾期")); !strings.Contains(b, "高龄补贴何时发放？") {
			t.Fatal("q does not search the answer")
		}
		if r := anon.Get("/hudong/faq?dept=abc"); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "部门参数") {
			t.Fatalf("a bad department: %d", r.Status)
		}
		if !strings.Contains(e.Client().Get("/hudong").Body, `href="/hudong/faq"`) {
			t.Fatal("the 政民互动 page does not link the FAQ")
		}

		// Hide: gone from the public list and page (the page cache too).
		id := strings.TrimPrefix(entry, "/hudong/faq/")
		admin := sup.Get("/admin/faq/" + id)
		version := between(admin.Body, `name="version" value="`, `"`)
		if r := sup.Post("/admin/faq/"+id+"/state", url.Values{"state": {"hidden"}, "version": {version}}); r.Status != http.StatusSeeOther {
			t.Fatalf("hide: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := anon.Get(entry); r.Status != http.StatusNotFound {
			t.Fatalf("a hidden entry's page: %d", r.Status)
		}
		if b := list(""); strings.Contains(b, "高龄补贴何时发放？") || !strings.Contains(b, "WiFi") {
			t.Fatal("a hidden entry is listed")
		}

		// Bad input: every problem, in Chinese, the form keeps what was typed.
		sup.Get("/admin/faq/new")
		bad := url.Values{"question": {""}, "answer": {strings.Repeat("长", 5001)}, "dept_id": {webtest.Itoa(sqfw)}, "tags": {"甲 乙"},
			"review_by": {"2027-02-30"}, "state": {"published"}}
		if r := sup.Post("/admin/faq/new", bad); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "复核日期") || !strings.Contains(r.Body, `value="甲，乙"`) {
			t.Fatalf("a bad date: %d %s", r.Status, webtest.Alert(r.Body))
		}
		bad.Set("review_by", "2027-02-28")
		r = sup.Post("/admin/faq/new", bad)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "请填写问题。") || !strings.Contains(r.Body, "答复内容不能超过 5000 个字。") {
			t.Fatalf("bad entry: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if _, total, _ := e.St.FAQs(ctx, interact.FAQFilter{}); total != 2 {
			t.Fatalf("a refused entry was stored: %d", total)
		}
	})
}

func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}

// TestFAQDepartmentScope: a replier sees, edits and hides their own
// department's entries only; another's answer 404 and are not listed;
// entries past their review date are flagged first and on the dashboard.
func TestFAQDepartmentScope(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		sqfw, jjfz := faqDept(t, e, "jy-sqfw"), faqDept(t, e, "jy-jjfz")
		today := calendar.Today(e.Clock.Now())
		mine := faqCreate(t, e, interact.FAQ{Question: "社区的旧问题", Answer: "答", DeptID: sqfw, ReviewBy: today.AddDays(-3)})
		faqCreate(t, e, interact.FAQ{Question: "社区的新问题", Answer: "答", DeptID: sqfw})
		theirs := faqCreate(t, e, interact.FAQ{Question: "经济的旧问题", Answer: "答", DeptID: jjfz, ReviewBy: today.AddDays(-3)})

		replier := e.Login("replier") // 社区事务受理服务中心
		r := replier.Get("/admin/faq")
		if r.Status != 200 || strings.Contains(r.Body, "经济的旧问题") || !strings.Contains(r.Body, "已过复核日期") ||
			strings.Index(r.Body, "社区的旧问题") > strings.Index(r.Body, "社区的新问题") {
			t.Fatalf("replier's list: %d %s", r.Status, r.Body)
		}
		theirPath := "/admin/faq/" + webtest.Itoa(theirs.ID)
		if r := replier.Get(theirPath); r.Status != http.StatusNotFound {
			t.Fatalf("another department's entry: %d", r.Status)
		}
		form := url.Values{"question": {"改"}, "answer": {"改"}, "dept_id": {webtest.Itoa(jjfz)}, "state": {"published"}, "version": {"1"}}
		if r := replier.Post(theirPath, form); r.Status != http.StatusNotFound {
			t.Fatalf("editing another department's entry: %d", r.Status)
		}
		if r := replier.Post(theirPath+"/state", url.Values{"state": {"hidden"}, "version": {"1"}}); r.Status != http.StatusNotFound {
			t.Fatalf("hiding another department's entry: %d", r.Status)
		}
		if r := replier.Post("/admin/faq/new", form); r.Status != http.StatusForbidden {
			t.Fatalf("writing for another department: %d", r.Status)
		}
		if got, _ := e.St.FAQ(ctx, theirs.ID); got.Question != "经济的旧问题" || got.State != interact.FAQPublished {
			t.Fatalf("changed: %+v", got)
		}
		// Their own: the review date moves on and the flag goes.
		replier.Get("/admin/faq/" + webtest.Itoa(mine.ID))
		form = url.Values{"question": {"社区的旧问题"}, "answer": {"新的答复"}, "dept_id": {webtest.Itoa(sqfw)}, "state": {"published"},
			"version": {"1"}, "review_by": {today.AddDays(180).String()}}
		dash := replier.Get("/admin/")
		if !strings.Contains(dash.Body, "常见问题：已过复核日期") || !strings.Contains(dash.Body, "社区的旧问题") || strings.Contains(dash.Body, "经济的旧问题") {
			t.Fatalf("dashboard: %s", dash.Body)
		}
		if r := replier.Post("/admin/faq/"+webtest.Itoa(mine.ID), form); r.Status != http.StatusSeeOther {
			t.Fatalf("own entry: %d %s", r.Status, webtest.Alert(r.Body))
		}
		if r := replier.Post("/admin/faq/"+webtest.Itoa(mine.ID), form); r.Status != http.StatusConflict {
			t.Fatalf("a stale version: %d", r.Status)
		}
		if dash := replier.Get("/admin/"); strings.Contains(dash.Body, "常见问题：已过复核日期") {
			t.Fatal("the dashboard still flags a reviewed entry")
		}
		// The 政务公开办 sees every department's overdue entry.
		if dash := e.Login("supervisor").Get("/admin/"); !strings.Contains(dash.Body, "经济的旧问题") {
			t.Fatal("the supervisor's dashboard misses an overdue entry")
		}
	})
}
