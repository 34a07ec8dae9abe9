package store_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func solicitationStaff(t *testing.T, s *store.Store, username string, dept int64, roles ...auth.Role) *auth.User {
	t.Helper()
	u := &auth.User{Username: username, Name: "测试" + username, DeptID: dept, Roles: roles}
	if err := s.CreateDemoUser(ctx, u, "Solicit-Test-Pass-2026"); err != nil {
		t.Fatal(err)
	}
	got, err := s.UserByUsername(ctx, username)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func comment(id int64, name, phone, content string) interact.Submission {
	return interact.Submission{Kind: interact.Comment, Target: strconv.FormatInt(id, 10), Name: name, Phone: phone,
		Email: "writer@example.com", Subject: "对草案的意见", Content: content}
}

// TestSolicitationLifecycle runs a solicitation from creation to published
// feedback on each engine: the period warning, comments taken only from
// the open date through the close date (a late one refused with the date
// and nothing stored), feedback refused before the close, published after
// it with the count taken from the letters.
func TestSolicitationLifecycle(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			clock := storetest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)) // Monday 2 March, 10:00 in Shanghai
			s.Now = clock.Now
			dept := mustDept(t, s, "jy-fgb", "菊园新区法制办", "", 0)
			sol := interact.Solicitation{Title: "菊园新区停车管理办法（征求意见稿）", DeptID: dept.ID, Kind: interact.DraftNormative,
				DraftText: "第一条 为了规范停车管理……", OpensOn: calendar.MustParse("2026-03-02"), ClosesOn: calendar.MustParse("2026-03-06")}

			// Five working days for a normative document: a warning, not saved.
			_, err := s.CreateSolicitation(ctx, "supervisor", sol, false)
			wantCode(t, err, errs.Invalid, "period_too_short")
			_, err = s.CreateSolicitation(ctx, "supervisor", sol, true)
			wantCode(t, err, errs.Invalid, "short_reason_required")
			sol.ShortReason = "上级文件要求 3 月中旬前出台"
			short, err := s.CreateSolicitation(ctx, "supervisor", sol, true)
			if err != nil {
				t.Fatal(err)
			}
			evs, err := s.AuditEvents(ctx, store.AuditFilter{ObjectIs: "solicitation:" + strconv.FormatInt(short.ID, 10)})
			if err != nil || len(evs) != 1 || evs[0].Action != "solicitation.create" || evs[0].Detail["short_period"] != sol.ShortReason {
				t.Fatalf("the short period's reason is not in the audit trail: %+v %v", evs, err)
			}

			// Ten working days, 2–13 March: long enough.
			sol.ShortReason, sol.ClosesOn = "", calendar.MustParse("2026-03-13")
			open, err := s.CreateSolicitation(ctx, "supervisor", sol, false)
			if err != nil {
				t.Fatal(err)
			}
			if open.ShortReason != "" || open.State(calendar.MustParse("2026-03-02")) != interact.Open {
				t.Fatalf("created: %+v", open)
			}
			later := sol
			later.OpensOn, later.ClosesOn = calendar.MustParse("2026-04-01"), calendar.MustParse("2026-04-30")
			upcoming, err := s.CreateSolicitation(ctx, "supervisor", later, false)
			if err != nil {
				t.Fatal(err)
			}

			l, code, err := s.CreateLetter(ctx, comment(open.ID, "张三丰", "13812345678", "建议夜间允许路边临时停车。"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if l.Kind != interact.Comment || l.DeptID != dept.ID || l.Status != interact.Received || code == "" {
				t.Fatalf("comment letter: %+v", l)
			}
			_, _, err = s.CreateLetter(ctx, comment(upcoming.ID, "张三丰", "13812345678", "提前提意见"), nil)
			wantCode(t, err, errs.Conflict, "solicitation_not_open")
			_, _, err = s.CreateLetter(ctx, comment(99999, "张三丰", "13812345678", "没有这个征集"), nil)
			wantCode(t, err, errs.NotFound, "solicitation_not_found")
			_, _, err = s.CreateLetter(ctx, comment(0, "张三丰", "13812345678", "坏编号"), nil)
			if errs.Is(err, errs.Internal) || err == nil {
				t.Fatalf("target 0: %v", err)
			}

			_, err = s.PublishSolicitationFeedback(ctx, "supervisor", open.ID, open.Version, interact.Feedback{Text: "感谢"})
			wantCode(t, err, errs.Conflict, "solicitation_not_closed")

			// The close date itself still takes comments (until 23:59 in Shanghai).
			clock.Advance(time.Date(2026, 3, 13, 15, 59, 0, 0, time.UTC).Sub(clock.Now()))
			if _, _, err := s.CreateLetter(ctx, comment(open.ID, "李四", "13900001111", "最后一天的意见"), nil); err != nil {
				t.Fatalf("on the close date: %v", err)
			}
			clock.Advance(2 * time.Minute) // 14 March, 00:01 in Shanghai
			_, _, err = s.CreateLetter(ctx, comment(open.ID, "王五", "13900002222", "截止后的意见"), nil)
			wantCode(t, err, errs.Conflict, "solicitation_closed")
			if _, msg := errs.Public(err); msg != "本次意见征集已于 2026-03-13 截止，不再接收意见。" {
				t.Fatalf("late comment message: %q", msg)
			}
			comments, err := s.SolicitationComments(ctx, open.ID)
			if err != nil || len(comments) != 2 {
				t.Fatalf("comments after the late one: %d %v", len(comments), err)
			}

			fb := interact.Feedback{Adopted: 1, Text: "共收到意见 2 条。", Points: []interact.FeedbackPoint{
				{Point: "夜间允许路边临时停车", Outcome: interact.Partial, Reason: "主干道除外"},
				{Point: "增加收费", Outcome: interact.NotAdopted},
			}}
			_, err = s.PublishSolicitationFeedback(ctx, "supervisor", open.ID, open.Version, fb)
			wantCode(t, err, errs.Invalid, "reason_required")
			fb.Points[1].Reason = "不符合上位法"
			fb.Adopted = 3
			_, err = s.PublishSolicitationFeedback(ctx, "supervisor", open.ID, open.Version, fb)
			wantCode(t, err, errs.Invalid, "invalid_adopted")
			fb.Adopted = 1
			done, err := s.PublishSolicitationFeedback(ctx, "supervisor", open.ID, open.Version, fb)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Solicitation(ctx, open.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Feedback == nil || got.Feedback.Received != 2 || got.Feedback.Adopted != 1 || len(got.Feedback.Points) != 2 ||
				got.Feedback.Points[1].Outcome != interact.NotAdopted || got.Feedback.Points[1].Reason != "不符合上位法" ||
				got.State(calendar.MustParse("2026-03-14")) != interact.FeedbackPublish {
				t.Fatalf("feedback read back: %+v", got.Feedback)
			}
			edit := *done
			edit.Title = "改标题"
			_, err = s.UpdateSolicitation(ctx, "supervisor", edit, false)
			wantCode(t, err, errs.Conflict, "feedback_published")

			list, total, err := s.Solicitations(ctx, 0, calendar.MustParse("2026-04-02"), 1, 20)
			if err != nil || total != 3 || len(list) != 3 || list[0].ID != upcoming.ID {
				t.Fatalf("list on 2 April: the open one first: %d %v", total, err)
			}
		})
	}
}

// TestSolicitationBulkReply: one action of a replier of the drafting
// department answers every comment still open (accepting those waiting),
// each with its own accept and reply steps; a comment refused by the
// office is left alone, and a replier of another department may not.
func TestSolicitationBulkReply(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			s.Now = storetest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)).Now
			dept := mustDept(t, s, "jy-fgb", "菊园新区法制办", "", 0)
			other := mustDept(t, s, "jy-sqfw", "社区服务办", "", 0)
			office := solicitationStaff(t, s, "office", other.ID, auth.Supervisor)
			replier := solicitationStaff(t, s, "drafter", dept.ID, auth.Replier)
			outsider := solicitationStaff(t, s, "outsider", other.ID, auth.Replier)
			sol, err := s.CreateSolicitation(ctx, "office", interact.Solicitation{Title: "养犬管理规定（草案）", DeptID: dept.ID, Kind: interact.DraftOther,
				DraftText: "全文", OpensOn: calendar.MustParse("2026-03-02"), ClosesOn: calendar.MustParse("2026-03-31")}, false)
			if err != nil {
				t.Fatal(err)
			}
			var numbers []string
			for i, who := range []string{"甲", "乙", "丙"} {
				l, _, err := s.CreateLetter(ctx, comment(sol.ID, "居民"+who, "1380000000"+strconv.Itoa(i), "意见"+who), nil)
				if err != nil {
					t.Fatal(err)
				}
				numbers = append(numbers, l.Number)
			}
			// The office accepts the first by hand and refuses the third as spam.
			first, _ := s.Letter(ctx, numbers[0])
			if _, err := s.LetterStep(ctx, office, numbers[0], first.Version, interact.Step{Action: interact.ActAccept}); err != nil {
				t.Fatal(err)
			}
			third, _ := s.Letter(ctx, numbers[2])
			if _, err := s.LetterStep(ctx, office, numbers[2], third.Version, interact.Step{Action: interact.ActReject, Reason: interact.RejectSpam}); err != nil {
				t.Fatal(err)
			}

			_, err = s.BulkReplySolicitation(ctx, outsider, sol.ID, "感谢您的意见。")
			wantCode(t, err, errs.Forbidden, "not_permitted")
			_, err = s.BulkReplySolicitation(ctx, replier, sol.ID, "  ")
			wantCode(t, err, errs.Invalid, "reply_required")
			n, err := s.BulkReplySolicitation(ctx, replier, sol.ID, "感谢您的意见，我们将认真研究。")
			if err != nil || n != 2 {
				t.Fatalf("bulk reply: %d %v", n, err)
			}
			wantActions := map[string][]interact.Action{
				numbers[0]: {interact.ActSubmit, interact.ActAccept, interact.ActReply},
				numbers[1]: {interact.ActSubmit, interact.ActAccept, interact.ActReply},
				numbers[2]: {interact.ActSubmit, interact.ActReject},
			}
			for _, num := range numbers {
				l, err := s.Letter(ctx, num)
				if err != nil {
					t.Fatal(err)
				}
				var got []interact.Action
				for _, e := range l.Events {
					got = append(got, e.Action)
				}
				if len(got) != len(wantActions[num]) {
					t.Fatalf("%s: steps %v, want %v", num, got, wantActions[num])
				}
				for i := range got {
					if got[i] != wantActions[num][i] {
						t.Fatalf("%s: steps %v, want %v", num, got, wantActions[num])
					}
				}
				if num != numbers[2] && (l.Status != interact.Replied || l.Reply != "感谢您的意见，我们将认真研究。" || l.ReplyBy != "drafter" || l.Version != 3) {
					t.Fatalf("%s after the bulk reply: %+v", num, l)
				}
				evs, err := s.AuditEvents(ctx, store.AuditFilter{ObjectIs: "letter:" + num})
				if err != nil || len(evs) != len(wantActions[num]) {
					t.Fatalf("%s: %d audit events, want one per step (%v)", num, len(evs), err)
				}
			}
			// Nothing left open: a second run answers none.
			if n, err := s.BulkReplySolicitation(ctx, replier, sol.ID, "再次答复"); err != nil || n != 0 {
				t.Fatalf("second bulk reply: %d %v", n, err)
			}
		})
	}
}

// TestSolicitationExportRows: the rows for the drafting office carry no
// personal data, not even what the writer typed into the text.
func TestSolicitationExportRows(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			s := storetest.Open(t, d)
			s.Now = storetest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)).Now
			dept := mustDept(t, s, "jy-fgb", "菊园新区法制办", "", 0)
			sol, err := s.CreateSolicitation(ctx, "office", interact.Solicitation{Title: "草案", DeptID: dept.ID, Kind: interact.DraftOther,
				DraftText: "全文", OpensOn: calendar.MustParse("2026-03-02"), ClosesOn: calendar.MustParse("2026-03-31")}, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.CreateLetter(ctx, comment(sol.ID, "欧阳明月", "13912345678", "我是欧阳明月，电话13912345678，邮箱writer@example.com，建议增加停车位。"), nil); err != nil {
				t.Fatal(err)
			}
			rows, err := s.ExportSolicitationComments(ctx, "office", sol.ID, "csv")
			if err != nil || len(rows) != 1 {
				t.Fatalf("export: %v %v", rows, err)
			}
			for _, personal := range []string{"欧阳明月", "13912345678", "writer@example.com"} {
				if strings.Contains(rows[0].Content, personal) {
					t.Fatalf("export row holds %q: %q", personal, rows[0].Content)
				}
			}
			if !strings.HasSuffix(rows[0].Content, "建议增加停车位。") || rows[0].Status != interact.Received || rows[0].ReceivedOn.String() != "2026-03-02" {
				t.Fatalf("row: %+v", rows[0])
			}
			evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: "solicitation.export"})
			if err != nil || len(evs) != 1 || evs[0].Detail["rows"] != "1" {
				t.Fatalf("export audit: %+v %v", evs, err)
			}
		})
	}
}
