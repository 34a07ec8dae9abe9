package interact_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// omStart is 2026-07-20 in Shanghai: the poll is open, August's event
// takes registrations.
var omStart = time.Date(2026, 7, 20, 2, 0, 0, 0, time.UTC)

// omFixture adds a poll open in July and an August visit of the 政务公开办
// with capacity places.
func omFixture(t *testing.T, e *webtest.Env, capacity int) (*interact.Poll, *interact.Event) {
	t.Helper()
	dept, err := e.St.DepartmentByCode(ctx, "jy-zwgk")
	if err != nil {
		t.Fatal(err)
	}
	p := &interact.Poll{Title: "开放月议题征集", DeptID: dept.ID, OpensOn: calendar.MustParse("2026-07-01"), ClosesOn: calendar.MustParse("2026-07-31"),
		Description: "请选出您最想走进的地方。", Options: []interact.PollOption{{Text: "垃圾分类处置中心"}, {Text: "社区食堂"}}}
	if err := e.St.CreatePoll(ctx, "supervisor", p); err != nil {
		t.Fatal(err)
	}
	ev := &interact.Event{Topic: "走进垃圾分类处置中心", DeptID: dept.ID, On: calendar.MustParse("2026-08-12"), Starts: "09:30", Ends: "11:30",
		Place: "菊园新区环卫所", Form: interact.Visit, Capacity: capacity, PollID: p.ID,
		RegOpens: calendar.MustParse("2026-07-15"), RegCloses: calendar.MustParse("2026-08-10"), Description: "参观垃圾分类处置流程。"}
	if err := e.St.CreateOpenEvent(ctx, "supervisor", ev); err != nil {
		t.Fatal(err)
	}
	return p, ev
}

// omReceipt reads the number and code of a registration receipt.
func omReceipt(t *testing.T, body string) (number, code string) {
	t.Helper()
	m := receiptRe.FindStringSubmatch(strings.ReplaceAll(body, "\n", " "))
	if m == nil {
		t.Fatalf("no receipt:\n%s", body)
	}
	return m[1], m[2]
}

func openMonthVisitPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string), rendered map[string]bool) {
	e.Clock.Advance(omStart.Sub(e.Clock.Now()))
	p, ev := omFixture(t, e, 5)
	c := e.Client()
	check(c, "/hudong/events", 200, "openmonth")
	check(c, "/hudong/polls/"+webtest.Itoa(p.ID), 200, "openmonth_poll")
	check(c, "/hudong/events/"+webtest.Itoa(ev.ID), 200, "openmonth_event")
	check(c, "/hudong/events/register/lookup", 200, "openmonth_lookup")
	c.Get("/hudong/events/" + webtest.Itoa(ev.ID))
	if r := c.Post("/hudong/events/"+webtest.Itoa(ev.ID), url.Values{"name": {"张三"}, "phone": {"13800000001"}}); r.Status == 200 && strings.Contains(r.Body, "receipt-code") {
		rendered["openmonth_receipt"] = true
	}
	staff := e.Login("supervisor")
	check(staff, "/admin/openmonth", 200, "admin_openmonth")
	check(staff, "/admin/openmonth/polls/new", 200, "admin_openmonth_poll")
	check(staff, "/admin/openmonth/polls/"+webtest.Itoa(p.ID), 200, "admin_openmonth_poll")
	check(staff, "/admin/openmonth/events/new", 200, "admin_openmonth_event")
	check(staff, "/admin/openmonth/events/"+webtest.Itoa(ev.ID), 200, "admin_openmonth_event")
}

// TestOpenMonthVote: a bad number is refused in Chinese next to its field,
// a vote shows the counts, and the same number again gets 409.
func TestOpenMonthVote(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.NewWith(t, d, webtest.Options{Start: omStart})
		p, _ := omFixture(t, e, 2)
		path := "/hudong/polls/" + webtest.Itoa(p.ID)
		c := e.Client()
		if r := c.Get(path); r.Status != 200 || !strings.Contains(r.Body, "社区食堂") || strings.Contains(r.Body, `id="poll-counts"`) {
			t.Fatalf("poll page: %d\n%s", r.Status, r.Body)
		}
		opt := webtest.Itoa(p.Options[1].ID)
		r := c.Post(path, url.Values{"option": {opt}, "phone": {"2380000000"}})
		if r.Status != 400 || !strings.Contains(r.Body, "手机号码应为以 1 开头的 11 位数字") || !strings.Contains(r.Body, `id="pv-phone-err"`) {
			t.Fatalf("bad phone: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		r = c.Post(path, url.Values{"option": {opt}, "phone": {"138-0000-0001"}})
		if r.Status != 200 || !strings.Contains(r.Body, "投票成功") || !strings.Contains(r.Body, `id="poll-counts"`) || !strings.Contains(r.Body, "共 1 票") {
			t.Fatalf("vote: %d\n%s", r.Status, r.Body)
		}
		c2 := e.Client() // another visitor, the same person
		c2.Get(path)
		r = c2.Post(path, url.Values{"option": {webtest.Itoa(p.Options[0].ID)}, "phone": {"13800000001"}})
		if r.Status != 409 || !strings.Contains(r.Body, "该手机号码已经参加过本次投票") {
			t.Fatalf("second vote: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		got, _ := e.St.Poll(ctx, p.ID)
		if got.Total() != 1 || got.Options[1].Votes != 1 {
			t.Fatalf("counts: %+v", got.Options)
		}
	})
}

// TestOpenMonthRegistration: form errors in Chinese; capacity 1 gives one
// place and one waitlist; the receipt shows the code once; look-up with a
// wrong code is 404; cancelling the place promotes the waitlisted person.
func TestOpenMonthRegistration(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.NewWith(t, d, webtest.Options{Start: omStart})
		_, ev := omFixture(t, e, 1)
		path := "/hudong/events/" + webtest.Itoa(ev.ID)
		c := e.Client()
		c.Get(path)
		r := c.Post(path, url.Values{"name": {""}, "phone": {"1380000"}, "note": {"带一位家属"}})
		if r.Status != 400 || !strings.Contains(r.Body, "请填写姓名。") || !strings.Contains(r.Body, "手机号码应为以 1 开头的 11 位数字") || !strings.Contains(r.Body, "带一位家属") {
			t.Fatalf("form errors: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		r = c.Post(path, url.Values{"name": {"张三"}, "phone": {"13800000001"}})
		if r.Status != 200 || !strings.Contains(r.Body, "报名成功") || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("register: %d %v\n%s", r.Status, r.Header, r.Body)
		}
		first, firstCode := omReceipt(t, r.Body)
		if strings.Count(r.Body, firstCode) != 1 {
			t.Fatalf("code shown %d times", strings.Count(r.Body, firstCode))
		}
		r = c.Post(path, url.Values{"name": {"李四"}, "phone": {"13800000002"}})
		if r.Status != 200 || !strings.Contains(r.Body, "候补名单第 1 位") {
			t.Fatalf("waitlist: %d\n%s", r.Status, r.Body)
		}
		second, secondCode := omReceipt(t, r.Body)
		if r = c.Post(path, url.Values{"name": {"张三"}, "phone": {"13800000001"}}); r.Status != 409 || !strings.Contains(r.Body, "已经报名本活动") {
			t.Fatalf("twice: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		// The code is on no other page.
		if r = c.Get(path); strings.Contains(r.Body, firstCode) || strings.Contains(r.Body, "张三") || !strings.Contains(r.Body, "候补 1 人") {
			t.Fatalf("event page after registration:\n%s", r.Body)
		}
		c.Get("/hudong/events/register/lookup")
		if r = c.Post("/hudong/events/register/lookup", url.Values{"number": {first}, "code": {"WRONGCOD"}}); r.Status != 404 || !strings.Contains(r.Body, "报名编号或查询码不正确") {
			t.Fatalf("wrong code: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		if r = c.Post("/hudong/events/register/cancel", url.Values{"number": {first}, "code": {"WRONGCOD"}}); r.Status != 404 {
			t.Fatalf("cancel with wrong code: %d", r.Status)
		}
		r = c.Post("/hudong/events/register/lookup", url.Values{"number": {strings.ToLower(first)}, "code": {strings.ToLower(firstCode)}})
		if r.Status != 200 || !strings.Contains(r.Body, "张*") || strings.Contains(r.Body, "张三") || !strings.Contains(r.Body, "取消报名") {
			t.Fatalf("look-up: %d\n%s", r.Status, r.Body)
		}
		r = c.Post("/hudong/events/register/cancel", url.Values{"number": {first}, "code": {firstCode}})
		if r.Status != 200 || !strings.Contains(r.Body, "报名已取消") || !strings.Contains(r.Body, "已取消") {
			t.Fatalf("cancel: %d\n%s", r.Status, r.Body)
		}
		if r = c.Post("/hudong/events/register/cancel", url.Values{"number": {first}, "code": {firstCode}}); r.Status != 409 || !strings.Contains(r.Body, "该报名已经取消") {
			t.Fatalf("cancel twice: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		r = c.Post("/hudong/events/register/lookup", url.Values{"number": {second}, "code": {secondCode}})
		if r.Status != 200 || !strings.Contains(r.Body, "报名成功") {
			t.Fatalf("waitlisted not promoted: %d\n%s", r.Status, r.Body)
		}
	})
}

// TestOpenMonthStaff: the check-in list is masked and records a check-in;
// after August the dashboard shows which departments held an event, and
// the report shows on the public page and in the event column.
func TestOpenMonthStaff(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.NewWith(t, d, webtest.Options{Start: omStart})
		_, ev := omFixture(t, e, 3)
		if _, _, err := e.St.RegisterForEvent(ctx, ev.ID, interact.Registrant{Name: "王小明", Phone: "13912345678"}); err != nil {
			t.Fatal(err)
		}
		epath := "/admin/openmonth/events/" + webtest.Itoa(ev.ID)
		if r := e.Login("editor").Get(epath); r.Status != 403 {
			t.Fatalf("editor: %d", r.Status)
		}
		staff := e.Login("supervisor")
		if r := staff.Get("/admin/"); !strings.Contains(r.Body, `href="/admin/openmonth"`) {
			t.Fatalf("the back-office menu does not link the open month")
		}
		r := staff.Get(epath)
		if r.Status != 200 || !strings.Contains(r.Body, "王**") || !strings.Contains(r.Body, "139****5678") || strings.Contains(r.Body, "王小明") || strings.Contains(r.Body, "13912345678") {
			t.Fatalf("check-in list:\n%s", r.Body)
		}
		regs, _ := e.St.EventRegistrations(ctx, ev.ID)
		if r = staff.Post(epath+"/checkin", url.Values{"registration": {webtest.Itoa(regs[0].ID)}}); r.Status != 303 {
			t.Fatalf("check in: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		if r = staff.Get(epath); !strings.Contains(r.Body, "已签到") {
			t.Fatalf("check-in not shown:\n%s", r.Body)
		}
		if r = staff.Post(epath+"/checkin", url.Values{"registration": {webtest.Itoa(regs[0].ID)}}); r.Status != 409 || !strings.Contains(r.Body, "已经签到") {
			t.Fatalf("second check-in: %d", r.Status)
		}
		// A report before the event is refused.
		if r = staff.Post(epath+"/report", url.Values{"report": {"提前写的报道"}}); r.Status != 409 || !strings.Contains(r.Body, "活动举行后才能发布") {
			t.Fatalf("early report: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		// A new event through the form: errors in Chinese first.
		staff.Get("/admin/openmonth/events/new")
		r = staff.Post("/admin/openmonth/events/new", url.Values{"topic": {""}, "form": {"visit"}, "capacity": {"十"}, "on": {"2026-8-1"}})
		if r.Status != 400 || !strings.Contains(r.Body, "请填写活动主题") || !strings.Contains(r.Body, "名额应为整数") {
			t.Fatalf("event form errors: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		// The dashboard in September: the 政务公开办 held its visit, the
		// other departments are marked.
		e.Clock.Advance(43 * 24 * time.Hour) // 2026-09-01
		staff = e.Login("supervisor")
		r = staff.Get("/admin/openmonth?year=2026")
		if r.Status != 200 {
			t.Fatalf("dashboard: %d", r.Status)
		}
		dash := strings.ReplaceAll(r.Body, "\n", " ")
		row := regexp.MustCompile(`<tr[^>]*>\s*<th scope="row">([^<]+)</th>\s*<td>(.*?)</td>`)
		held, missing := map[string]bool{}, 0
		for _, m := range row.FindAllStringSubmatch(dash, -1) {
			if strings.Contains(m[2], "未举办") {
				missing++
			} else if strings.Contains(m[2], "已举办") {
				held[m[1]] = true
			}
		}
		zw, _ := e.St.DepartmentByCode(ctx, "jy-zwgk")
		depts, _ := e.St.Departments(ctx)
		if len(held) != 1 || !held[zw.Name] || missing != len(depts)-1 {
			t.Fatalf("dashboard held %v, %d missing of %d", held, missing, len(depts))
		}
		if r = staff.Get("/admin/openmonth?year=2025"); !strings.Contains(r.Body, "个部门尚未举办") || strings.Contains(r.Body, ">已举办<") {
			t.Fatalf("2025 dashboard:\n%s", r.Body)
		}
		if r = staff.Post(epath+"/report", url.Values{"report": {"3 位市民参观了处置中心。\n\n大家提出了 5 条建议。"}}); r.Status != 303 {
			t.Fatalf("report: %d\n%s", r.Status, webtest.Alert(r.Body))
		}
		pub := e.Client()
		if r = pub.Get("/hudong/events/" + webtest.Itoa(ev.ID)); !strings.Contains(r.Body, "<p>大家提出了 5 条建议。</p>") || strings.Contains(r.Body, "提交报名") {
			t.Fatalf("public event page:\n%s", r.Body)
		}
		if r = pub.Get("/hudong/events"); !strings.Contains(r.Body, "3 位市民参观了处置中心。") {
			t.Fatalf("event column:\n%s", r.Body)
		}
	})
}
