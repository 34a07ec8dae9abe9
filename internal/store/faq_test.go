package store_test

import (
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestFAQSuite runs the FAQ library's store tests on each dialect.
func TestFAQSuite(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Run("CreateSearchHide", func(t *testing.T) { testFAQCreateSearchHide(t, storetest.Open(t, d)) })
			t.Run("DepartmentScope", func(t *testing.T) { testFAQDepartmentScope(t, storetest.Open(t, d)) })
			t.Run("ReviewFlags", func(t *testing.T) { testFAQReviewFlags(t, storetest.Open(t, d)) })
		})
	}
}

func mustFAQ(t *testing.T, s *store.Store, e interact.FAQ) *interact.FAQ {
	t.Helper()
	f, err := s.CreateFAQ(ctx, "tester", e)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func faqQuestions(t *testing.T, s *store.Store, f interact.FAQFilter) ([]string, int) {
	t.Helper()
	list, total, err := s.FAQs(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Question)
	}
	return out, total
}

func testFAQCreateSearchHide(t *testing.T, s *store.Store) {
	sqfw := mustDept(t, s, "jy-sqfw", "社区事务受理服务中心", "", 0)
	jjfz := mustDept(t, s, "jy-jjfz", "经济发展办公室", "", 0)
	a := mustFAQ(t, s, interact.FAQ{Question: "  如何办理居住证？ ", Answer: "携带身份证到社区事务受理服务中心。\r\n工作日办理。", DeptID: sqfw.ID,
		Tags: []string{"居住证，户籍 居住证"}, SourceLetter: "ZX2026-00012"})
	if a.Question != "如何办理居住证？" || a.Answer != "携带身份证到社区事务受理服务中心。\n工作日办理。" || strings.Join(a.Tags, "|") != "居住证|户籍" ||
		a.DeptName != "社区事务受理服务中心" || a.State != interact.FAQPublished || a.SourceLetter != "ZX2026-00012" || a.Version != 1 {
		t.Fatalf("created: %+v", a)
	}
	// No review date given: a year after today.
	if want := calendar.Today(s.Now()).AddDays(interact.FAQReviewPeriod); a.ReviewBy != want {
		t.Fatalf("review date %s, want %s", a.ReviewBy, want)
	}
	mustFAQ(t, s, interact.FAQ{Question: "企业登记 WiFi 补贴怎么申请？", Answer: "向经济发展办公室提交材料。", DeptID: jjfz.ID, Tags: []string{"补贴"}})
	mustFAQ(t, s, interact.FAQ{Question: "高龄补贴何时发放？", Answer: "每月10日前发放到账。", DeptID: sqfw.ID, Tags: []string{"补贴", "养老"}})

	got, total := faqQuestions(t, s, interact.FAQFilter{Q: "wifi"}) // case folded on both engines
	if total != 1 || got[0] != "企业登记 WiFi 补贴怎么申请？" {
		t.Fatalf("q=wifi: %v %d", got, total)
	}
	if got, total = faqQuestions(t, s, interact.FAQFilter{Q: "工作日"}); total != 1 || got[0] != "如何办理居住证？" {
		t.Fatalf("q in the answer: %v %d", got, total)
	}
	if _, total = faqQuestions(t, s, interact.FAQFilter{Q: "100%"}); total != 0 {
		t.Fatalf("a %% in q is a wildcard: %d", total)
	}
	if got, total = faqQuestions(t, s, interact.FAQFilter{Tag: "补贴", DeptID: sqfw.ID}); total != 1 || got[0] != "高龄补贴何时发放？" {
		t.Fatalf("tag and department: %v %d", got, total)
	}
	// Newest first, paged in SQL; the total counts every page.
	if got, total = faqQuestions(t, s, interact.FAQFilter{Size: 2, Page: 2}); total != 3 || len(got) != 1 || got[0] != "如何办理居住证？" {
		t.Fatalf("page 2: %v %d", got, total)
	}
	if tags, err := s.FAQTags(ctx, 10); err != nil || len(tags) != 4 || tags[0] != "补贴" {
		t.Fatalf("tags: %v %v", tags, err)
	}

	// Hidden: gone from the public reads, kept for staff.
	sup := &auth.User{Username: "supervisor", Roles: []auth.Role{auth.Supervisor}}
	if err := s.SetFAQState(ctx, sup, a.ID, a.Version, interact.FAQHidden); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublicFAQ(ctx, a.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("a hidden entry is public: %v", err)
	}
	if _, total = faqQuestions(t, s, interact.FAQFilter{State: interact.FAQPublished, Tag: "居住证"}); total != 0 {
		t.Fatalf("a hidden entry is listed: %d", total)
	}
	if e, err := s.FAQ(ctx, a.ID); err != nil || e.State != interact.FAQHidden || e.Version != 2 {
		t.Fatalf("staff read: %+v %v", e, err)
	}
	// The old version is refused.
	wantCode(t, s.SetFAQState(ctx, sup, a.ID, a.Version, interact.FAQPublished), errs.Conflict, "stale_version")

	// Bad input: every problem at once, in Chinese, nothing stored.
	_, err := s.CreateFAQ(ctx, "tester", interact.FAQ{Answer: strings.Repeat("长", interact.MaxFAQAnswer+1), DeptID: sqfw.ID,
		Tags: []string{"一", "二", "三", "四", "五", "六"}})
	all := errs.All(err)
	if len(all) != 3 || all[0].Code != "question_required" || all[1].Code != "answer_too_long" || all[2].Code != "too_many_tags" ||
		!strings.Contains(all[1].Message, "5000") {
		t.Fatalf("bad entry: %v", all)
	}
	_, err = s.CreateFAQ(ctx, "tester", interact.FAQ{Question: "问", Answer: "答", DeptID: 99999})
	wantCode(t, err, errs.Invalid, "department_not_found")
	_, err = s.CreateFAQ(ctx, "tester", interact.FAQ{Question: "问", Answer: "答", DeptID: sqfw.ID, PolicyDocID: 99999})
	wantCode(t, err, errs.Invalid, "policy_doc_not_found")
	if _, total = faqQuestions(t, s, interact.FAQFilter{}); total != 3 {
		t.Fatalf("a refused entry was stored: %d", total)
	}

	// Every change is audited; the trail never holds the text.
	evs, _ := s.AuditEvents(ctx, store.AuditFilter{Action: "faq."})
	if len(evs) != 4 || evs[0].Action != "faq.state" || evs[0].Actor != "supervisor" || evs[3].Detail["source_letter"] != "ZX2026-00012" {
		t.Fatalf("trail: %+v", evs)
	}
	for _, e := range evs {
		for _, v := range e.Detail {
			if strings.Contains(v, "居住证") || strings.Contains(v, "补贴") {
				t.Fatalf("content in the trail: %v", e.Detail)
			}
		}
	}
}

func testFAQDepartmentScope(t *testing.T, s *store.Store) {
	sqfw := mustDept(t, s, "jy-sqfw", "社区事务受理服务中心", "", 0)
	jjfz := mustDept(t, s, "jy-jjfz", "经济发展办公室", "", 0)
	mine := mustFAQ(t, s, interact.FAQ{Question: "社区问题", Answer: "答复", DeptID: sqfw.ID})
	theirs := mustFAQ(t, s, interact.FAQ{Question: "经济问题", Answer: "答复", DeptID: jjfz.ID})
	replier := &auth.User{Username: "replier", DeptID: sqfw.ID, Roles: []auth.Role{auth.Replier}}

	edit := *theirs
	edit.Answer = "改过的答复"
	_, err := s.UpdateFAQ(ctx, replier, edit)
	wantCode(t, err, errs.NotFound, "faq_not_found")
	wantCode(t, s.SetFAQState(ctx, replier, theirs.ID, theirs.Version, interact.FAQHidden), errs.NotFound, "faq_not_found")
	if e, _ := s.FAQ(ctx, theirs.ID); e.Answer != "答复" || e.State != interact.FAQPublished {
		t.Fatalf("another department's entry changed: %+v", e)
	}

	edit = *mine
	edit.Answer = "本部门的新答复"
	got, err := s.UpdateFAQ(ctx, replier, edit)
	if err != nil || got.Answer != "本部门的新答复" || got.Version != 2 || got.UpdatedBy != "replier" {
		t.Fatalf("own entry: %+v %v", got, err)
	}
	// Nor may they give their entry to another department.
	edit = *got
	edit.DeptID = jjfz.ID
	_, err = s.UpdateFAQ(ctx, replier, edit)
	wantCode(t, err, errs.Forbidden, "faq_other_department")
	// An editor of documents may not edit any entry.
	editor := &auth.User{Username: "editor", DeptID: sqfw.ID, Roles: []auth.Role{auth.Editor}}
	wantCode(t, s.SetFAQState(ctx, editor, mine.ID, 2, interact.FAQHidden), errs.NotFound, "faq_not_found")
}

func testFAQReviewFlags(t *testing.T, s *store.Store) {
	sqfw := mustDept(t, s, "jy-sqfw", "社区事务受理服务中心", "", 0)
	today := calendar.Today(s.Now())
	mustFAQ(t, s, interact.FAQ{Question: "新问题", Answer: "答", DeptID: sqfw.ID, ReviewBy: today.AddDays(30)})
	mustFAQ(t, s, interact.FAQ{Question: "旧问题", Answer: "答", DeptID: sqfw.ID, ReviewBy: today.AddDays(-10)})
	mustFAQ(t, s, interact.FAQ{Question: "更旧的问题", Answer: "答", DeptID: sqfw.ID, ReviewBy: today.AddDays(-40)})
	mustFAQ(t, s, interact.FAQ{Question: "隐藏的旧问题", Answer: "答", DeptID: sqfw.ID, ReviewBy: today.AddDays(-90), State: interact.FAQHidden})
	mustFAQ(t, s, interact.FAQ{Question: "今天复核", Answer: "答", DeptID: sqfw.ID, ReviewBy: today})

	// The staff list puts the published overdue first (a hidden entry is
	// not on the portal), then the rest newest first.
	got, _ := faqQuestions(t, s, interact.FAQFilter{ReviewFirst: true, Today: today})
	if strings.Join(got[:2], "|") != "更旧的问题|旧问题" && strings.Join(got[:2], "|") != "旧问题|更旧的问题" {
		t.Fatalf("overdue not first: %v", got)
	}
	if got, total := faqQuestions(t, s, interact.FAQFilter{Overdue: true, Today: today, DeptID: sqfw.ID}); total != 2 || strings.Join(got, "|") != "更旧的问题|旧问题" {
		t.Fatalf("overdue: %v %d", got, total)
	}
}
