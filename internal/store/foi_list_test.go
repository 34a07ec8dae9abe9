package store_test

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/remind"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestFOIInbox runs the inbox's listing tests on each dialect.
func TestFOIInbox(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			c := newInboxCases(t, s, 250)
			t.Run("OverdueFirstAndCounted", func(t *testing.T) { testInboxOverdue(t, s, c) })
			t.Run("PagesCoverEveryCaseOnce", func(t *testing.T) { testInboxPaging(t, s, c) })
			t.Run("FiltersCombine", func(t *testing.T) { testInboxFilters(t, s, c) })
			t.Run("DueForReminders", func(t *testing.T) { testInboxDue(t, s, c) })
			t.Run("ListingFollowsEventsAndCalendar", func(t *testing.T) { testInboxListing(t, s, c) })
			t.Run("MigrateFillsOldRows", func(t *testing.T) { testInboxBackfill(t, s) })
		})
	}
}

// inboxCases is a store of applications in every state, over two
// departments and the unassigned, with one case received years ago.
type inboxCases struct {
	today   calendar.Date
	oldest  string
	depts   [2]int64
	officer *auth.User
	head    *auth.User
}

var inboxToday = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC) // Monday, 10:00 in Shanghai

func newInboxCases(t *testing.T, s *store.Store, n int) *inboxCases {
	t.Helper()
	s.Now = storetest.NewClock(inboxToday).Now
	c := &inboxCases{today: calendar.DateOf(inboxToday)}
	a := mustDept(t, s, "jy-a", "党政办公室", "", 0)
	b := mustDept(t, s, "jy-b", "建设管理办公室", "", 0)
	c.depts = [2]int64{a.ID, b.ID}
	c.officer = mustUser(t, s, "foi.officer", a.ID, auth.FOIOfficer)
	c.head = mustUser(t, s, "foi.head", a.ID, auth.FOIOfficer, auth.FOIHead)
	cal, err := s.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ago := func(days int) calendar.Date { d, _ := cal.AddWorkdays(c.today, -days); return d }
	for i := range n {
		ch, recv := foi.InPerson, ago(i%45)
		if i == 0 {
			recv = calendar.MustParse("2000-03-01") // 26 years overdue, and the oldest
		}
		var events []foi.Event
		on := ago(1)
		switch i % 10 {
		case 1:
			ch, recv = foi.Online, calendar.Date{}
		case 2:
			recv = ago(3)
			events = []foi.Event{{Type: foi.Answer, On: on, Outcome: foi.Disclose}}
		case 3:
			recv = ago(3)
			events = []foi.Event{{Type: foi.RequestSupplement, On: on, ReplyBy: c.today.AddDays(15), Reason: "身份证明"}}
		case 4:
			recv = ago(3 + i%30)
			events = []foi.Event{{Type: foi.ConsultStart, On: ago(i % 3), Kind: "third_party", Party: "某公司"}}
		case 5:
			recv = ago(3)
			events = []foi.Event{{Type: foi.Withdraw, On: on, Note: "申请人书面撤回"}}
		case 6:
			recv = ago(3)
			events = []foi.Event{{Type: foi.FeeNotice, On: on, AmountYuan: 50}}
		case 7:
			if i%20 == 7 {
				recv = ago(5 + i%25)
				events = []foi.Event{{Type: foi.Extend, On: recv.AddDays(1), Reason: "需要调档"}}
			}
		}
		app, _, err := s.CreateApplication(ctx, "foi.officer", ch, recv, applicant, request)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if i == 0 {
			c.oldest = app.Number
		}
		for _, e := range events {
			if app, err = s.AddFOIEvent(ctx, c.head, app.Number, app.Version, e); err != nil {
				t.Fatalf("case %d, %s: %v", i, e.Type, err)
			}
		}
		if i%3 != 2 {
			if err := s.AssignFOI(ctx, "foi.head", app.Number, c.depts[i%3], ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	return c
}

// replayed is a case as a full replay sees it: what the inbox must show.
type replayed struct {
	id      int64
	number  string
	dept    int64
	status  foi.Status
	running bool
	due     calendar.Date
	light   foi.Light
}

// replayAll reads every case one by one (FOIApplicationByNumber replays
// its events) and works out its light on today.
func replayAll(t *testing.T, s *store.Store, today calendar.Date) []replayed {
	t.Helper()
	cal, err := s.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := rawDB(t, s).Query("SELECT number FROM foi_applications ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	var numbers []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, n)
	}
	rows.Close()
	var out []replayed
	for _, n := range numbers {
		a, err := s.FOIApplicationByNumber(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		r := replayed{id: a.ID, number: n, dept: a.DeptID, status: a.Clock.Status}
		if a.Clock.Status == foi.InProgress || a.Clock.Status == foi.InConsultation {
			r.running, r.due, r.light = true, a.Clock.DueOn, foi.LightOf(cal, a.Clock.DueOn, today)
		}
		out = append(out, r)
	}
	return out
}

// urgentOrder is the inbox's order, from the replayed clocks: running
// clocks by due date, then the rest newest first.
func urgentOrder(rs []replayed) []string {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b replayed) int {
		switch {
		case a.running && b.running:
			return cmp.Or(a.due.Compare(b.due), cmp.Compare(a.id, b.id))
		case a.running:
			return -1
		case b.running:
			return 1
		}
		return cmp.Compare(b.id, a.id)
	})
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.number
	}
	return out
}

// allPages walks the pages of f until one is empty.
func allPages(t *testing.T, s *store.Store, f store.FOIFilter) []string {
	t.Helper()
	var out []string
	for f.Page = 1; ; f.Page++ {
		page, err := s.FOIApplications(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > f.Size {
			t.Fatalf("page %d has %d rows, size %d", f.Page, len(page), f.Size)
		}
		if len(page) == 0 {
			return out
		}
		for _, a := range page {
			if a.Clock == nil || len(a.Events) != len(mustEvents(t, s, a.Number)) {
				t.Fatalf("%s listed without its clock or events", a.Number)
			}
			out = append(out, a.Number)
		}
	}
}

func mustEvents(t *testing.T, s *store.Store, number string) []foi.RecordedEvent {
	a, err := s.FOIApplicationByNumber(ctx, number)
	if err != nil {
		t.Fatal(err)
	}
	return a.Events
}

func testInboxOverdue(t *testing.T, s *store.Store, c *inboxCases) {
	red, yellow, green, total, err := s.FOICounts(ctx, store.FOIFilter{Status: "open", Today: c.today})
	if err != nil {
		t.Fatal(err)
	}
	if red < 1 || total < 200 {
		t.Fatalf("open cases: red %d, yellow %d, green %d of %d", red, yellow, green, total)
	}
	page, err := s.FOIApplications(ctx, store.FOIFilter{Status: "open", Today: c.today, Size: 20})
	if err != nil || len(page) != 20 || page[0].Number != c.oldest {
		t.Fatalf("first page does not start with the case overdue since 2000: %v %v", numbersOf(page), err)
	}
	if l := foi.LightOf(mustCalendar(t, s), page[0].Clock.DueOn, c.today); l != foi.Red {
		t.Fatalf("oldest case's light %q", l)
	}
}

func numbersOf(apps []*foi.Application) []string {
	var out []string
	for _, a := range apps {
		out = append(out, a.Number)
	}
	return out
}

func mustCalendar(t *testing.T, s *store.Store) *calendar.Calendar {
	cal, err := s.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func testInboxPaging(t *testing.T, s *store.Store, c *inboxCases) {
	rs := replayAll(t, s, c.today)
	for _, size := range []int{1, 7, 50, 250, 500} {
		got := allPages(t, s, store.FOIFilter{Status: "all", Today: c.today, Size: size})
		if want := urgentOrder(rs); !slices.Equal(got, want) {
			t.Fatalf("size %d: pages list %d cases, want %d in urgent order\ngot  %v\nwant %v", size, len(got), len(want), got, want)
		}
	}
	// A page past the end is empty, not an error.
	if page, err := s.FOIApplications(ctx, store.FOIFilter{Today: c.today, Page: 1000, Size: 50}); err != nil || len(page) != 0 {
		t.Fatalf("page past the end: %d %v", len(page), err)
	}
}

func testInboxFilters(t *testing.T, s *store.Store, c *inboxCases) {
	rs := replayAll(t, s, c.today)
	statuses := []string{"", "all", "open", string(foi.InProgress), string(foi.InConsultation), string(foi.Answered), string(foi.AwaitingConfirmation),
		string(foi.AwaitingSupplement), string(foi.AwaitingFee), string(foi.Withdrawn)}
	lights := []foi.Light{"", foi.Red, foi.Yellow, foi.Green}
	depts := []int64{0, c.depts[0], c.depts[1]}
	seen := map[foi.Light]bool{}
	for _, st := range statuses {
		for _, dept := range depts {
			for _, l := range lights {
				f := store.FOIFilter{Status: st, DeptID: dept, Light: l, Today: c.today, Size: 13}
				name := fmt.Sprintf("status %q dept %d light %q", st, dept, l)
				var want []replayed
				var wr, wy, wg int
				for _, r := range rs {
					open := r.status != foi.Answered && r.status != foi.Withdrawn
					if (st == "open" && !open) || (st != "" && st != "all" && st != "open" && string(r.status) != st) ||
						(dept != 0 && r.dept != dept) || (l != "" && r.light != l) {
						continue
					}
					want = append(want, r)
					switch r.light {
					case foi.Red:
						wr++
					case foi.Yellow:
						wy++
					case foi.Green:
						wg++
					}
					seen[r.light] = true
				}
				if got := allPages(t, s, f); !slices.Equal(got, urgentOrder(want)) {
					t.Fatalf("%s: listed %v\nwant %v", name, got, urgentOrder(want))
				}
				red, yellow, green, total, err := s.FOICounts(ctx, f)
				if err != nil || red != wr || yellow != wy || green != wg || total != len(want) {
					t.Fatalf("%s: counts %d/%d/%d of %d, a replay counts %d/%d/%d of %d (%v)", name, red, yellow, green, total, wr, wy, wg, len(want), err)
				}
			}
		}
	}
	if !seen[foi.Red] || !seen[foi.Yellow] || !seen[foi.Green] || !seen[foi.None] {
		t.Fatalf("the cases do not cover every light: %v", seen)
	}
	_, err := s.FOIApplications(ctx, store.FOIFilter{Status: "closed"})
	wantCode(t, err, errs.Invalid, "invalid_status")
	_, _, _, _, err = s.FOICounts(ctx, store.FOIFilter{Light: "blue"})
	wantCode(t, err, errs.Invalid, "invalid_light")
}

func testInboxDue(t *testing.T, s *store.Store, c *inboxCases) {
	cal := mustCalendar(t, s)
	var all []*foi.Application
	for _, r := range replayAll(t, s, c.today) {
		a, _ := s.FOIApplicationByNumber(ctx, r.number)
		all = append(all, a)
	}
	// Over several days, so the yellow window's edges and weekends move.
	for day := c.today; day.Before(c.today.AddDays(12)); day = day.AddDays(1) {
		due, err := s.DueFOIApplications(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		want, got := remind.Due(all, cal, day), remind.Due(due, cal, day)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s: reminders from the due cases %v\nfrom every case %v", day, got, want)
		}
		for _, a := range due {
			if l := foi.LightOf(cal, a.Clock.DueOn, day); l != foi.Red && l != foi.Yellow {
				t.Fatalf("%s: %s loaded with light %q", day, a.Number, l)
			}
		}
	}
}

// checkListing compares the stored listing columns of every case with a
// replay of its events.
func checkListing(t *testing.T, s *store.Store, when string) {
	t.Helper()
	stored := map[string][2]string{}
	rows, err := rawDB(t, s).Query("SELECT number, status, due_on FROM foi_applications")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n, st, due string
		if err := rows.Scan(&n, &st, &due); err != nil {
			t.Fatal(err)
		}
		stored[n] = [2]string{st, due}
	}
	rows.Close()
	for _, r := range replayAll(t, s, calendar.DateOf(inboxToday)) {
		want := [2]string{string(r.status), ""}
		if r.running {
			want[1] = r.due.String()
		}
		if stored[r.number] != want {
			t.Fatalf("%s: %s stored %v, its replay %v", when, r.number, stored[r.number], want)
		}
	}
}

func testInboxListing(t *testing.T, s *store.Store, c *inboxCases) {
	checkListing(t, s, "after creation")
	cal := mustCalendar(t, s)
	ago := func(days int) calendar.Date { d, _ := cal.AddWorkdays(c.today, -days); return d }
	recv := ago(4)
	steps := []struct {
		ch     foi.Channel
		events []foi.Event
	}{
		// Submitted online today, so every step is dated today.
		{foi.Online, []foi.Event{{Type: foi.Confirm, On: c.today}, {Type: foi.ConsultStart, On: c.today, Kind: "organ", Party: "区档案馆"},
			{Type: foi.ConsultEnd, On: c.today}, {Type: foi.Extend, On: c.today, Reason: "需要调档"},
			{Type: foi.Contact, On: c.today, Kind: "phone", Note: "说明办理进度"}, {Type: foi.Draft, On: c.today, Outcome: foi.Disclose},
			{Type: foi.DraftReturned, On: c.today, Note: "补充依据"}, {Type: foi.Draft, On: c.today, Outcome: foi.Disclose},
			{Type: foi.DraftApproved, On: c.today}, {Type: foi.Answer, On: c.today, Outcome: foi.Disclose},
			{Type: foi.Mail, On: c.today, Carrier: "EMS", TrackingNo: "E1"}, {Type: foi.Archive, On: c.today, Location: "A-1"}}},
		{foi.InPerson, []foi.Event{{Type: foi.RequestSupplement, On: ago(3), ReplyBy: c.today.AddDays(10), Reason: "身份证明"}, {Type: foi.SupplementReceived, On: ago(2)},
			{Type: foi.FeeNotice, On: ago(1), AmountYuan: 20}, {Type: foi.FeePaid, On: c.today}, {Type: foi.Withdraw, On: c.today, Note: "申请人书面撤回"},
			{Type: foi.Archive, On: c.today, Location: "A-2"}}},
	}
	for _, st := range steps {
		r := recv
		if st.ch.NeedsConfirmation() {
			r = calendar.Date{}
		}
		app, _, err := s.CreateApplication(ctx, "foi.officer", st.ch, r, applicant, request)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range st.events {
			if app, err = s.AddFOIEvent(ctx, c.head, app.Number, app.Version, e); err != nil {
				t.Fatalf("%s: %v", e.Type, err)
			}
			checkListing(t, s, "after "+string(e.Type))
		}
	}
	// A rest day inside the open cases' periods moves their due dates, and
	// the stored ones with them; deleting it moves them back.
	before := replayAll(t, s, c.today)
	holiday := c.today.AddDays(2)
	if err := s.SetCalendarOverride(ctx, "admin", calendar.Override{Date: holiday, Workday: false, Note: "临时调休"}); err != nil {
		t.Fatal(err)
	}
	checkListing(t, s, "after a rest day was added")
	moved := 0
	for i, r := range replayAll(t, s, c.today) {
		if r.due != before[i].due {
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("the override moved no due date: the test proves nothing")
	}
	if err := s.DeleteCalendarOverride(ctx, "admin", holiday); err != nil {
		t.Fatal(err)
	}
	checkListing(t, s, "after the rest day was removed")
	if err := s.SetCalendarOverride(ctx, "admin", calendar.Override{Date: calendar.MustParse("2026-03-07"), Workday: true, Note: "周六上班"}); err != nil {
		t.Fatal(err)
	}
	checkListing(t, s, "after a working Saturday was added")

	// A 补正 asked on the last allowed day (the 7th working day) no longer
	// replays if a rest day before it becomes a working day: the calendar
	// change is refused rather than leave the case's stored clock behind.
	cal = mustCalendar(t, s)
	r, _ := cal.AddWorkdays(c.today, -foi.DefaultSettings.SupplementDays)
	app, _, err := s.CreateApplication(ctx, "foi.officer", foi.InPerson, r, applicant, request)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFOIEvent(ctx, c.head, app.Number, app.Version, foi.Event{Type: foi.RequestSupplement, On: c.today, ReplyBy: c.today.AddDays(10), Reason: "身份证明"}); err != nil {
		t.Fatal(err)
	}
	rest := r.AddDays(1)
	for cal.IsWorkday(rest) {
		rest = rest.AddDays(1)
	}
	err = s.SetCalendarOverride(ctx, "admin", calendar.Override{Date: rest, Workday: true, Note: "补班"})
	wantCode(t, err, errs.Conflict, "calendar_breaks_case")
	overrides, _ := s.CalendarOverrides(ctx)
	for _, o := range overrides {
		if o.Date == rest {
			t.Fatal("the refused override was saved")
		}
	}
	checkListing(t, s, "after a refused calendar change")
}

// testInboxBackfill: rows written before the listing columns existed (or
// by an older release) are filled by Migrate from a replay.
func testInboxBackfill(t *testing.T, s *store.Store) {
	if _, err := rawDB(t, s).Exec("UPDATE foi_applications SET status = '', due_on = ''"); err != nil {
		t.Fatal(err)
	}
	if _, err := rawDB(t, s).Exec(rebindFor(s, "UPDATE foi_applications SET due_on = ? WHERE status = ''"), "2099-01-01"); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	checkListing(t, s, "after Migrate")
}
