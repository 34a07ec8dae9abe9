package interact_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/web/webtest"
)

// TestBrowserOpenMonth audits the poll page and the event page with
// axe-core in both modes, then votes and registers as a person does and
// audits the results and the receipt.
func TestBrowserOpenMonth(t *testing.T) {
	e := webtest.BrowserServer(t)
	ctx := context.Background()
	today := calendar.Today(time.Now())
	dept, err := e.St.DepartmentByCode(ctx, "jy-zwgk")
	if err != nil {
		t.Fatal(err)
	}
	p := &interact.Poll{Title: "开放月议题征集", DeptID: dept.ID, OpensOn: today.AddDays(-1), ClosesOn: today.AddDays(30),
		Description: "请选出您最想走进的地方。", Options: []interact.PollOption{{Text: "垃圾分类处置中心"}, {Text: "社区食堂"}, {Text: "12345 热线"}}}
	if err := e.St.CreatePoll(ctx, "supervisor", p); err != nil {
		t.Fatal(err)
	}
	ev := &interact.Event{Topic: "走进垃圾分类处置中心", DeptID: dept.ID, On: today.AddDays(20), Starts: "09:30", Ends: "11:30",
		Place: "菊园新区环卫所", Form: interact.Visit, Capacity: 1, PollID: p.ID,
		RegOpens: today.AddDays(-1), RegCloses: today.AddDays(10), Description: "参观垃圾分类处置流程。"}
	if err := e.St.CreateOpenEvent(ctx, "supervisor", ev); err != nil {
		t.Fatal(err)
	}
	poll, event := "/hudong/polls/"+webtest.Itoa(p.ID), "/hudong/events/"+webtest.Itoa(ev.ID)
	tab := browsertest.Browser(t)
	webtest.AuditBothModes(t, tab, e.Base, []webtest.BrowserPage{
		{Name: "open-month", Path: "/hudong/events", Status: 200, Sel: `a[href="` + event + `"]`},
		{Name: "poll", Path: poll, Status: 200, Sel: `form[action="` + poll + `"]`},
		{Name: "event", Path: event, Status: 200, Sel: `form[action="` + event + `"]`},
		{Name: "lookup", Path: "/hudong/events/register/lookup", Status: 200, Sel: "#lk-number"},
	})

	// A wrong number first: the message is next to the field.
	webtest.Go(t, tab, e.Base+poll)
	webtest.Tick(t, tab, "#pv-opt-"+webtest.Itoa(p.Options[1].ID))
	webtest.Type(t, tab, "#pv-phone", "2380000000")
	if status := webtest.Click(t, tab, `form[action="`+poll+`"] button[type=submit]`); status != 400 {
		t.Fatalf("bad phone: %d", status)
	}
	if got := webtest.Text(t, tab, "#pv-phone-err"); !strings.Contains(got, "以 1 开头的 11 位数字") {
		t.Fatalf("phone error: %q", got)
	}
	webtest.Accessible(t, tab, "poll with an error")
	webtest.Go(t, tab, e.Base+poll)
	webtest.Tick(t, tab, "#pv-opt-"+webtest.Itoa(p.Options[1].ID))
	webtest.Type(t, tab, "#pv-phone", "13800000001")
	if status := webtest.Click(t, tab, `form[action="`+poll+`"] button[type=submit]`); status != 200 {
		t.Fatalf("vote: %d %s", status, webtest.Text(t, tab, "main"))
	}
	if got := webtest.Text(t, tab, "#poll-counts"); !strings.Contains(got, "共 1 票") {
		t.Fatalf("counts: %q", got)
	}
	webtest.Accessible(t, tab, "poll counts")

	webtest.Go(t, tab, e.Base+event)
	webtest.Type(t, tab, "#er-name", "张三")
	webtest.Type(t, tab, "#er-phone", "13800000001")
	if status := webtest.Click(t, tab, `form[action="`+event+`"] button[type=submit]`); status != 200 {
		t.Fatalf("register: %d %s", status, webtest.Text(t, tab, "main"))
	}
	number, code := webtest.Text(t, tab, "#receipt-number"), webtest.Text(t, tab, "#receipt-code")
	if !strings.HasPrefix(number, "KF") || len(code) != 8 || !strings.Contains(webtest.Text(t, tab, "#receipt-status"), "报名成功") {
		t.Fatalf("receipt: %q %q", number, code)
	}
	webtest.Accessible(t, tab, "registration receipt")
	webtest.Go(t, tab, e.Base+"/hudong/events/register/lookup?number="+number)
	webtest.Type(t, tab, "#lk-code", code)
	if status := webtest.Click(t, tab, `form[action="/hudong/events/register/lookup"] button[type=submit]`); status != 200 {
		t.Fatalf("look-up: %d", status)
	}
	if got := webtest.Text(t, tab, "#reg-status"); !strings.Contains(got, "报名成功") {
		t.Fatalf("status: %q", got)
	}
	webtest.Accessible(t, tab, "registration look-up")
}
