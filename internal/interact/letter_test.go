package interact_test

import (
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
)

var cal = calendar.New(nil)

// TestDueOn pins the reply deadlines across holidays and make-up days,
// worked out by hand from the State Council's holiday notices
// (shared/domain/cn-holidays-2024-2026.csv): simple = received + 1
// working day, normal = received + 5.
func TestDueOn(t *testing.T) {
	cases := []struct {
		received string
		simple   bool
		want     string
		why      string
	}{
		{"2024-06-03", true, "2024-06-04", "an ordinary Monday"},
		{"2024-06-03", false, "2024-06-11", "Mon + 5 crosses the weekend and the 端午 holiday of 10 June"},
		{"2024-09-30", true, "2024-10-08", "before 国庆: the next working day is after the seven holidays"},
		{"2024-09-30", false, "2024-10-12", "the Saturday 12 October is a make-up working day"},
		{"2024-09-28", true, "2024-09-29", "received on a Saturday: the make-up Sunday 29 September is the first working day"},
		{"2024-09-28", false, "2024-10-10", "29 Sep, 30 Sep, then 8, 9, 10 October"},
		{"2025-01-27", false, "2025-02-10", "春节 2025: 5, 6, 7 Feb, the make-up Saturday 8 Feb, then Monday 10 Feb"},
		{"2025-01-25", true, "2025-01-26", "the make-up Sunday 26 January"},
		{"2025-02-01", true, "2025-02-05", "received inside the holiday"},
		{"2026-02-13", false, "2026-02-27", "春节 2026: the make-up Saturday 14 Feb, then 24–27 Feb after the holiday"},
	}
	for _, c := range cases {
		got := interact.DueOn(cal, calendar.MustParse(c.received), c.simple)
		if got.String() != c.want {
			t.Errorf("received %s simple=%v: due %s, want %s (%s)", c.received, c.simple, got, c.want, c.why)
		}
	}
}

func TestSubmissionProblems(t *testing.T) {
	s := interact.Submission{Kind: "letter", Name: "", Phone: "12345", Email: "x@", Subject: strings.Repeat("题", 101), Content: "a\x00b"}
	s.Normalize()
	got := map[string]string{}
	for _, p := range s.Problems() {
		got[p.Field] = p.Code
	}
	want := map[string]string{"kind": "invalid_kind", "name": "name_required", "phone": "invalid_phone", "email": "invalid_email",
		"subject": "invalid_subject", "content": "invalid_content"}
	for f, c := range want {
		if got[f] != c {
			t.Errorf("field %s: code %q, want %q (all: %v)", f, got[f], c, got)
		}
	}
	ok := interact.Submission{Kind: interact.Consult, Name: "张三", Phone: "021-59990000", Subject: "加装电梯", Content: "<script>alert(1)</script> 请问流程？"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a good submission (markup is only text): %v", err)
	}
	mb := interact.Submission{Kind: interact.Mailbox, Name: "张三", Phone: "13812345678", Subject: "s", Content: "c"}
	if errs.FieldOf(mb.Validate()) != "target" {
		t.Fatalf("a mailbox letter without a leader: %v", mb.Validate())
	}
}

// TestApply walks a letter through triage, return, reply with review and
// publication, and checks who may take each step.
func TestApply(t *testing.T) {
	office := interact.Staff{Username: "office", Triage: true}
	replier := interact.Staff{Username: "r", DeptID: 7, Replier: true}
	other := interact.Staff{Username: "o", DeptID: 8, Replier: true}
	today := calendar.MustParse("2024-09-30")
	l := &interact.Letter{Status: interact.Received, ReceivedOn: today, PublishOK: false}
	step := func(who interact.Staff, st interact.Step, wantCode string) {
		t.Helper()
		err := interact.Apply(cal, l, who, st, today)
		got := ""
		if err != nil {
			got, _ = errs.Public(err)
		}
		if got != wantCode {
			t.Fatalf("%s by %s: code %q, want %q (%v)", st.Action, who.Username, got, wantCode, err)
		}
	}
	step(replier, interact.Step{Action: interact.ActAccept, DeptID: 7}, "not_permitted")
	step(office, interact.Step{Action: interact.ActAccept}, "dept_required")
	step(office, interact.Step{Action: interact.ActAccept, DeptID: 7, Simple: true}, "")
	if l.DueOn.String() != "2024-10-08" || l.Status != interact.Handling {
		t.Fatalf("accepted simple on 30 Sep: %+v", l)
	}
	step(other, interact.Step{Action: interact.ActReply, Text: "答复"}, "not_permitted")
	step(replier, interact.Step{Action: interact.ActReply}, "reply_required")
	step(replier, interact.Step{Action: interact.ActReturn}, "note_required")
	step(replier, interact.Step{Action: interact.ActReturn, Text: "不属于本部门"}, "")
	if l.Status != interact.Received {
		t.Fatalf("returned: %s", l.Status)
	}
	step(office, interact.Step{Action: interact.ActAccept, DeptID: 7}, "")
	if l.DueOn.String() != "2024-10-12" {
		t.Fatalf("re-accepted as normal: due %s, want the received date + 5 (a return buys no time)", l.DueOn)
	}
	step(replier, interact.Step{Action: interact.ActReply, Text: "答复内容", Review: true}, "")
	if l.Status != interact.Reviewing {
		t.Fatalf("reply held for review: %s", l.Status)
	}
	step(office, interact.Step{Action: interact.ActPublish}, "publish_not_consented")
	step(office, interact.Step{Action: interact.ActRevise, Text: "补充政策依据"}, "")
	step(replier, interact.Step{Action: interact.ActReply, Text: "答复内容，依据某文件", Review: true}, "")
	step(office, interact.Step{Action: interact.ActApprove}, "")
	if l.Status != interact.Replied || l.RepliedOn != today || !l.OnTime(cal) {
		t.Fatalf("approved: %+v", l)
	}
	step(office, interact.Step{Action: interact.ActPublish}, "publish_not_consented")
	l.PublishOK = true
	step(office, interact.Step{Action: interact.ActPublish}, "")
	step(interact.Staff{}, interact.Step{Action: interact.ActRate, Rating: 9}, "invalid_rating")
	step(interact.Staff{}, interact.Step{Action: interact.ActRate, Rating: 5}, "")
	step(interact.Staff{}, interact.Step{Action: interact.ActRate, Rating: 4}, "already_rated")
}

func TestPublicText(t *testing.T) {
	in := "我是张三，电话 138 1234 5678，邮箱 zs@163.com，身份证 310101199001011234。张三家住2号楼。"
	got := interact.PublicText(in, "张三")
	for _, leak := range []string{"张三", "1234 5678", "zs@163.com", "310101199001011234"} {
		if strings.Contains(got, leak) {
			t.Errorf("published text keeps %q: %s", leak, got)
		}
	}
	if !strings.Contains(got, "2号楼") {
		t.Errorf("short numbers are kept: %s", got)
	}
}

func TestLights(t *testing.T) {
	due := calendar.MustParse("2024-10-08")
	for today, want := range map[string]interact.Light{"2024-09-27": interact.Green, "2024-09-30": interact.Yellow, "2024-10-08": interact.Yellow, "2024-10-09": interact.Red} {
		if got := interact.LightOf(cal, due, calendar.MustParse(today)); got != want {
			t.Errorf("due %s on %s: %s, want %s", due, today, got, want)
		}
	}
}

func TestChallenge(t *testing.T) {
	mac := func(s string) string { return "m(" + s + ")" }
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	c := interact.NewChallenge(mac, 6, 3, now) // 7 加 4
	if !strings.Contains(c.Question, "七加四") {
		t.Fatalf("question: %s", c.Question)
	}
	if err := interact.CheckChallenge(mac, c.Token, "11", now.Add(time.Minute)); err != nil {
		t.Fatalf("right answer refused: %v", err)
	}
	if err := interact.CheckChallenge(mac, c.Token, "１１", now); err != nil {
		t.Fatalf("full-width digits refused: %v", err)
	}
	for name, try := range map[string][2]string{"wrong": {c.Token, "12"}, "forged": {strings.Replace(c.Token, "7.4", "1.1", 1), "2"}, "garbage": {"x", "1"}} {
		if err := interact.CheckChallenge(mac, try[0], try[1], now); errs.FieldOf(err) != "challenge" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if code, _ := errs.Public(interact.CheckChallenge(mac, c.Token, "11", now.Add(3*time.Hour))); code != "challenge_expired" {
		t.Errorf("expired: %s", code)
	}
}

func TestDueByDept(t *testing.T) {
	today := calendar.MustParse("2024-10-08") // Tuesday after 国庆
	ls := []*interact.Letter{
		{Number: "A", DeptID: 1, Status: interact.Handling, ReceivedOn: calendar.MustParse("2024-09-30"), DueOn: calendar.MustParse("2024-09-30")},
		{Number: "B", DeptID: 1, Status: interact.Handling, ReceivedOn: calendar.MustParse("2024-10-08"), DueOn: calendar.MustParse("2024-10-09")},
		{Number: "C", DeptID: 2, Status: interact.Handling, ReceivedOn: calendar.MustParse("2024-10-08"), DueOn: calendar.MustParse("2024-10-15")},
		{Number: "D", DeptID: 0, Status: interact.Received, ReceivedOn: calendar.MustParse("2024-07-01")},
		{Number: "E", DeptID: 1, Status: interact.Replied, ReceivedOn: calendar.MustParse("2024-06-01")},
	}
	due := interact.DueByDept(cal, ls, today)
	if len(due) != 2 || len(due[1].Red) != 1 || due[1].Red[0].Number != "A" || len(due[1].Yellow) != 1 || due[2] != nil ||
		len(due[0].Escalated) != 1 || due[0].Escalated[0].Number != "D" {
		t.Fatalf("due: %+v", due)
	}
	subject, body := interact.DigestText("社区事务受理服务中心", today, due[1], "https://example.gov.cn")
	if !strings.Contains(subject, "逾期 1 件，即将到期 1 件") || !strings.Contains(body, "https://example.gov.cn/admin/letters/A") {
		t.Fatalf("digest: %s\n%s", subject, body)
	}
}
