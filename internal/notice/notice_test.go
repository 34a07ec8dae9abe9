package notice_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/notice"
	"gongkai/internal/notice/noticetest"
)

var (
	cal = calendar.New(nil)
	d   = calendar.MustParse
)

const description = "2024年菊园新区加装电梯补贴发放名单（第3批，共155户）"

// newApp builds an application as the store returns it: events numbered
// from 1 and the clock computed on the official calendar.
func newApp(t *testing.T, ch foi.Channel, received string, events ...foi.Event) *foi.Application {
	t.Helper()
	var r calendar.Date
	if received != "" {
		r = d(received)
	}
	a := &foi.Application{Number: "YSQ2025-00031", Channel: ch, ReceivedOn: r,
		Request: foi.Request{Description: description, Purpose: "了解政策", Format: "electronic", Delivery: "post"}}
	for i, e := range events {
		a.Events = append(a.Events, foi.RecordedEvent{Event: e, Seq: i + 1, Actor: "foi"})
	}
	c, err := foi.Compute(cal, foi.DefaultSettings, ch, r, events)
	if err != nil {
		t.Fatalf("compute: %v", err)
	}
	a.Clock = c
	return a
}

var applicant = notice.Party{Name: "李明", Address: "上海市嘉定区平城路811号"}

const organ = "上海市嘉定区菊园新区管理委员会"

// fullCase is the case of the API test: online, confirmed 2025-09-26, 补正
// asked 10-13 and received 10-20 (the new R), a third party consulted
// 10-22…10-29 (5 working days not counted), extended 11-10 by 20 working
// days, answered 12-01. Hand-checked: 10-20 + 25 working days = 11-24
// (no holiday in between), + 20 = 12-22.
func fullCase(t *testing.T, outcome foi.Outcome) *foi.Application {
	return newApp(t, foi.Online, "",
		foi.Event{Type: foi.Confirm, On: d("2025-09-26")},
		foi.Event{Type: foi.RequestSupplement, On: d("2025-10-13"), ReplyBy: d("2025-10-31"), Reason: "请写明补贴发放的年度；请写明所涉小区名称"},
		foi.Event{Type: foi.SupplementReceived, On: d("2025-10-20")},
		foi.Event{Type: foi.ConsultStart, On: d("2025-10-22"), Party: "上海某某物业管理有限公司", Kind: "third_party"},
		foi.Event{Type: foi.ConsultEnd, On: d("2025-10-29"), Party: "上海某某物业管理有限公司"},
		foi.Event{Type: foi.Extend, On: d("2025-11-10"), Reason: "涉及多个小区，需要汇总核对"},
		foi.Event{Type: foi.Answer, On: d("2025-12-01"), Outcome: outcome},
	)
}

func build(t *testing.T, app *foi.Application, k notice.Kind, seq int) *notice.Notice {
	t.Helper()
	n, err := notice.Build(notice.Input{App: app, Applicant: applicant, Organ: organ, Calendar: cal, Seq: seq}, k)
	if err != nil {
		t.Fatalf("build %s: %v", k, err)
	}
	return n
}

func text(n *notice.Notice) string { return strings.Join(n.Paragraphs, "\n") }

func mustContain(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func TestNoticesOfTheFullCase(t *testing.T) {
	app := fullCase(t, foi.Partial)
	if app.Clock.DueOn != d("2025-12-22") {
		t.Fatalf("due %s", app.Clock.DueOn)
	}
	refs := notice.Available(app)
	var kinds []string
	for _, r := range refs {
		kinds = append(kinds, string(r.Kind))
	}
	if strings.Join(kinds, ",") != "supplement,consultation,extension,answer" || refs[1].Seq != 4 {
		t.Fatalf("available: %+v", refs)
	}

	s := build(t, app, notice.Supplement, 0)
	if s.Title != "政府信息公开申请补正通知书" || s.Date != d("2025-10-13") || s.ReplyBy != d("2025-10-31") || s.To != "李明" {
		t.Fatalf("supplement: %+v", s)
	}
	mustContain(t, "补正通知书", text(s), "2025年9月26日", "YSQ2025-00031", "第三十条", "（一）请写明补贴发放的年度。", "（二）请写明所涉小区名称。",
		"请您于2025年10月31日前", "视为放弃申请", description)
	if strings.Contains(text(s), "收到您补正后的申请") {
		t.Error("the 补正 notice speaks of the supplement it asks for")
	}

	c := build(t, app, notice.Consultation, 0)
	// 10-22 + 15 working days: 10-23, 10-24, 10-27…10-31, 11-03…11-07, 11-10…11-12.
	if c.Title != "政府信息公开征求意见书" || c.To != "上海某某物业管理有限公司" || c.ReplyBy != d("2025-11-12") || c.Date != d("2025-10-22") {
		t.Fatalf("consultation: %+v", c)
	}
	mustContain(t, "征求意见书", text(c), "第三十二条", "15个工作日内（即2025年11月12日前）", "2025年10月20日收到", "逾期未提出意见的，由本机关")
	if strings.Contains(text(c), "李明") || c.Address != "" || strings.Contains(c.Text(), "李明") {
		t.Error("the consulted party learns who applied")
	}

	x := build(t, app, notice.Extension, 0)
	if x.Title != "政府信息公开申请延期答复告知书" || x.DueOn != d("2025-12-22") || x.Date != d("2025-11-10") {
		t.Fatalf("extension: %+v", x)
	}
	mustContain(t, "延期告知书", text(x), "因涉及多个小区，需要汇总核对，本机关不能在2025年11月24日前", "第三十三条第二款", "延长20个工作日",
		"延长后的答复期限至2025年12月22日", "并于2025年10月20日收到您补正后的申请")

	a := build(t, app, notice.Answer, 0)
	if a.Title != "政府信息部分公开告知书" || a.Group != notice.GroupPartial || a.Date != d("2025-12-01") || a.Address != applicant.Address {
		t.Fatalf("answer: %+v", a)
	}
	mustContain(t, "部分公开告知书", text(a), "第三十七条", "按您选择的电子形式，以邮寄方式提供给您", "六十日内", "申请行政复议；对行政复议决定不服的")
	if strings.Contains(text(a), "致歉") {
		t.Error("an answer in time apologises")
	}
	mustContain(t, "e-mail text", a.Text(), "政府信息部分公开告知书", "李明：", organ, "2025年12月1日")
	if a.Subject() != "政府信息部分公开告知书（申请编号：YSQ2025-00031）" || a.FileName() != "YSQ2025-00031-答复告知书.pdf" {
		t.Errorf("subject %q file %q", a.Subject(), a.FileName())
	}
}

// outcomeCase returns a case ending in o, with the events each outcome needs.
func outcomeCase(t *testing.T, o foi.Outcome) *foi.Application {
	confirm := foi.Event{Type: foi.Confirm, On: d("2025-09-26")}
	switch o {
	case foi.OtherNoSupplement:
		return newApp(t, foi.Online, "", confirm, foi.Event{Type: foi.RequestSupplement, On: d("2025-10-09"), ReplyBy: d("2025-10-24")},
			foi.Event{Type: foi.Answer, On: d("2025-10-27"), Outcome: o})
	case foi.OtherFeeUnpaid:
		// Pay by 10-09 + 20 working days; 2025-10-11 (Saturday) is a make-up workday: 11-05.
		return newApp(t, foi.Online, "", confirm, foi.Event{Type: foi.FeeNotice, On: d("2025-10-09"), AmountYuan: 3000},
			foi.Event{Type: foi.Answer, On: d("2025-11-06"), Outcome: o})
	}
	return newApp(t, foi.InPerson, "2025-09-26", foi.Event{Type: foi.Answer, On: d("2025-10-20"), Outcome: o, Reason: ""})
}

// wording is what each outcome's notice must say: its title and the
// articles or words that carry the decision.
var wording = map[foi.Outcome][]string{
	foi.Disclose:                     {"政府信息公开告知书", "第三十六条第（二）项", "予以公开"},
	foi.Partial:                      {"政府信息部分公开告知书", "第三十七条", "区分处理"},
	foi.WithholdStateSecret:          {"政府信息不予公开告知书", "国家秘密", "第十四条", "第三十六条第（三）项", "不予公开"},
	foi.WithholdLawProhibited:        {"政府信息不予公开告知书", "法律、行政法规禁止公开", "第十四条"},
	foi.WithholdSecurityStability:    {"政府信息不予公开告知书", "危及国家安全、公共安全、经济安全、社会稳定", "第十四条"},
	foi.WithholdThirdParty:           {"政府信息不予公开告知书", "第三方合法权益", "第十五条"},
	foi.WithholdInternalAffairs:      {"政府信息不予公开告知书", "内部事务信息", "第十六条第一款"},
	foi.WithholdProcessInfo:          {"政府信息不予公开告知书", "过程性信息", "第十六条第二款"},
	foi.WithholdEnforcementFile:      {"政府信息不予公开告知书", "行政执法案卷信息", "第十六条第二款"},
	foi.WithholdQueryMatter:          {"政府信息不予公开告知书", "行政查询事项", "第三十六条第（七）项"},
	foi.UnableNotHeld:                {"政府信息无法提供告知书", "第三十六条第（四）项、第（五）项", "现告知如下"},
	foi.UnableNeedCreation:           {"政府信息无法提供告知书", "加工、分析", "第三十八条"},
	foi.UnableUnclearAfterSupplement: {"政府信息无法提供告知书", "补正后的申请内容仍不明确", "第三十条"},
	foi.RejectPetition:               {"政府信息公开申请不予处理告知书", "信访、投诉、举报", "第三十九条第一款"},
	foi.RejectDuplicate:              {"政府信息公开申请不予处理告知书", "重复申请", "第三十六条第（六）项"},
	foi.RejectPublication:            {"政府信息公开申请不予处理告知书", "公开出版物", "第三十九条第二款"},
	foi.RejectExcessive:              {"政府信息公开申请不予处理告知书", "明显超过合理范围", "第三十五条"},
	foi.RejectConfirmation:           {"政府信息公开申请不予处理告知书", "确认或者重新出具", "第二条所称政府信息"},
	foi.OtherNoSupplement:            {"政府信息公开申请办理结果告知书", "2025年10月9日告知您补正", "补正期限至2025年10月24日", "第三十条", "视为您放弃申请"},
	foi.OtherFeeUnpaid:               {"政府信息公开申请办理结果告知书", "3000元", "缴费期限至2025年11月5日", "第四十二条", "109号"},
	foi.Other:                        {"政府信息公开申请办理结果告知书", "其他处理"},
}

func TestAnswerNoticeOfEveryOutcome(t *testing.T) {
	if len(wording) != len(foi.Outcomes) {
		t.Fatalf("wording covers %d of %d outcomes", len(wording), len(foi.Outcomes))
	}
	for _, o := range foi.Outcomes {
		n := build(t, outcomeCase(t, o.Code), notice.Answer, 0)
		want := wording[o.Code]
		if n.Title != want[0] || n.Outcome != o.Code || len(n.Basis) == 0 {
			t.Errorf("%s: title %q basis %v", o.Code, n.Title, n.Basis)
		}
		mustContain(t, string(o.Code), text(n), want[1:]...)
		mustContain(t, string(o.Code), text(n), "YSQ2025-00031", "2025年9月26日", "申请行政复议", "提起行政诉讼")
		if !strings.HasPrefix(n.Paragraphs[0], "本机关于2025年9月26日收到您提出的政府信息公开申请") {
			t.Errorf("%s opens with %q", o.Code, n.Paragraphs[0])
		}
	}
	if notice.GroupOf(foi.WithholdQueryMatter) != notice.GroupWithhold || notice.GroupOf(foi.OtherFeeUnpaid) != notice.GroupOther ||
		notice.GroupOf(foi.RejectConfirmation) != notice.GroupReject || notice.GroupOf(foi.UnableNotHeld) != notice.GroupUnable {
		t.Error("GroupOf")
	}
}

func TestAnswerVariants(t *testing.T) {
	// The officer's own reason (recorded with the answer) is added.
	app := newApp(t, foi.InPerson, "2025-09-26", foi.Event{Type: foi.Answer, On: d("2025-10-20"), Outcome: foi.UnableNotHeld, Reason: "该信息由嘉定区住房保障局负责公开，联系电话021-59990000"})
	mustContain(t, "reason", text(build(t, app, notice.Answer, 0)), "该信息由嘉定区住房保障局负责公开，联系电话021-59990000。")
	// A late answer apologises.
	app = newApp(t, foi.InPerson, "2025-09-01", foi.Event{Type: foi.Answer, On: d("2025-12-01"), Outcome: foi.Disclose})
	if !app.Clock.Late {
		t.Fatal("not late")
	}
	mustContain(t, "late", text(build(t, app, notice.Answer, 0)), "未能在法定期限内作出答复")
	// A withdrawn application gets a notice that the case ended.
	app = newApp(t, foi.InPerson, "2025-09-26", foi.Event{Type: foi.Withdraw, On: d("2025-10-10"), Note: "申请人书面撤回"})
	n := build(t, app, notice.Answer, 0)
	if n.Title != "政府信息公开申请终止办理告知书" || n.Date != d("2025-10-10") {
		t.Fatalf("withdrawn: %+v", n)
	}
	mustContain(t, "withdrawn", text(n), "您于2025年10月10日撤回了上述申请")
	// Consultation of another organ (第三十四条): silence is consent. Two
	// consultations: each has its own notice, picked by seq.
	app = newApp(t, foi.InPerson, "2025-09-26",
		foi.Event{Type: foi.ConsultStart, On: d("2025-09-29"), Party: "嘉定区住房保障局", Kind: "organ"},
		foi.Event{Type: foi.ConsultStart, On: d("2025-09-30"), Party: "某业主委员会", Kind: "third_party"})
	first := build(t, app, notice.Consultation, 1)
	if first.To != "嘉定区住房保障局" {
		t.Fatalf("seq 1: %+v", first)
	}
	// 09-29 + 15 working days across National Day 2025 (10-01…10-08 off,
	// 10-11 a make-up Saturday): 09-30, 10-09, 10-10, 10-11, 10-13…10-17,
	// 10-20…10-24, 10-27.
	mustContain(t, "organ", text(first), "第三十四条", "视为同意公开", "（即2025年10月27日前）")
	if latest := build(t, app, notice.Consultation, 0); latest.To != "某业主委员会" {
		t.Fatalf("latest consultation: %+v", latest)
	}
	// A notice sent by e-mail has no postal address.
	app.Request.Delivery = "email"
	if n := build(t, app, notice.Consultation, 2); n.Address != "" {
		t.Error("address on a consultation")
	}
}

func TestNoticeBeforeItsEventIsAConflict(t *testing.T) {
	app := newApp(t, foi.InPerson, "2025-09-26")
	for _, k := range []notice.Kind{notice.Answer, notice.Supplement, notice.Extension, notice.Consultation, notice.Fee} {
		_, err := notice.Build(notice.Input{App: app, Applicant: applicant, Organ: organ, Calendar: cal}, k)
		if code, msg := errs.Public(err); !errs.Is(err, errs.Conflict) || code != "notice_not_due" || !strings.ContainsFunc(msg, unicode.IsPrint) {
			t.Errorf("%s: %v", k, err)
		}
	}
	app = fullCase(t, foi.Disclose)
	if _, err := notice.Build(notice.Input{App: app, Calendar: cal, Seq: 2}, notice.Consultation); !errs.Is(err, errs.Conflict) {
		t.Errorf("consultation seq 2 (a 补正 event): %v", err)
	}
	if _, err := notice.Build(notice.Input{App: app, Calendar: cal}, "receipt"); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown kind: %v", err)
	}
	if len(notice.Available(newApp(t, foi.Online, ""))) != 0 {
		t.Error("notices for an unconfirmed application")
	}
}

func fontOrSkip(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(notice.DefaultFont); err != nil {
		if os.Getenv("GONGKAI_REQUIRE_BROWSER") == "1" {
			t.Fatal("fonts-arphic-gbsn00lp is not installed")
		}
		t.Skip("fonts-arphic-gbsn00lp is not installed")
	}
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// TestPDF renders every notice (each kind, each outcome) and reads it back
// with pdftotext: the number, title, wording, dates and digits survive.
func TestPDF(t *testing.T) {
	fontOrSkip(t)
	check := func(name string, n *notice.Notice, want ...string) {
		t.Helper()
		pdf, err := notice.PDF(n, "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("%s: not a PDF", name)
		}
		got := noticetest.Text(t, pdf)
		want = append(want, n.Title, "（申请编号："+n.Number+"）", n.To+"：", organ, n.DateText(), "第1页共1页")
		for _, p := range n.Paragraphs {
			want = append(want, squash(p)) // every paragraph, whole: no glyph lost
		}
		for _, w := range want {
			if !strings.Contains(got, squash(w)) {
				t.Errorf("%s: PDF text lacks %q:\n%s", name, w, got)
			}
		}
	}
	app := fullCase(t, foi.Partial)
	check("supplement", build(t, app, notice.Supplement, 0), "2025年10月13日", "2025年10月31日", "第三十条", "YSQ2025-00031")
	check("consultation", build(t, app, notice.Consultation, 0), "2025年11月12日", "15个工作日", "第三十二条")
	check("extension", build(t, app, notice.Extension, 0), "2025年11月24日", "2025年12月22日", "延长20个工作日", "第三十三条第二款")
	check("answer", build(t, app, notice.Answer, 0), "政府信息部分公开告知书", "第3批", "共155户", "2024年", "送达地址：上海市嘉定区平城路811号")
	for _, o := range foi.Outcomes {
		n := build(t, outcomeCase(t, o.Code), notice.Answer, 0)
		check(string(o.Code), n, wording[o.Code]...)
	}
}

// TestPDFLongNotice: a description of 2000 characters runs over pages,
// each numbered 第 n 页 共 m 页, and nothing of it is lost.
func TestPDFLongNotice(t *testing.T) {
	fontOrSkip(t)
	app := newApp(t, foi.InPerson, "2025-09-26", foi.Event{Type: foi.Answer, On: d("2025-10-20"), Outcome: foi.Disclose})
	app.Request.Description = strings.Repeat("菊园新区2024年第3季度（7月至9月）老旧小区改造项目资金拨付明细，", 50)
	n := build(t, app, notice.Answer, 0)
	pdf, err := notice.PDF(n, "")
	if err != nil {
		t.Fatal(err)
	}
	got := noticetest.Text(t, pdf)
	if !strings.Contains(got, "第1页共3页") || !strings.Contains(got, "第3页共3页") {
		t.Fatalf("page numbers:\n%s", got)
	}
	body := regexp.MustCompile(`第\d页共3页`).ReplaceAllString(got, "")
	if c := strings.Count(body, "老旧小区改造项目资金拨付明细"); c != 50 {
		t.Errorf("description repeated %d times in the PDF, want 50", c)
	}
	// The line-breaking rules: no line starts with closing punctuation,
	// none ends with opening punctuation, no number is cut in two.
	lines := strings.Split(noticetest.Lines(t, pdf), "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if strings.ContainsAny(l[:len(string([]rune(l)[0]))], "，。、；：）》”") {
			t.Errorf("line %d starts with closing punctuation: %q", i, l)
		}
		if strings.HasSuffix(l, "（") || strings.HasSuffix(l, "“") {
			t.Errorf("line %d ends with opening punctuation: %q", i, l)
		}
		if i+1 < len(lines) && strings.HasSuffix(l, "202") && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "4") {
			t.Errorf("a number is cut at line %d", i)
		}
	}
}

func TestPDFWithoutTheFont(t *testing.T) {
	n := build(t, fullCase(t, foi.Disclose), notice.Answer, 0)
	_, err := notice.PDF(n, filepath.Join(t.TempDir(), "none.ttf"))
	if code, msg := errs.Public(err); !errs.Is(err, errs.Unavailable) || code != "pdf_font_missing" || !strings.Contains(msg, "未安装 fonts-arphic-gbsn00lp 字体，无法生成 PDF") {
		t.Fatalf("missing font: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.ttf")
	os.WriteFile(bad, []byte("not a font"), 0o600)
	if _, err := notice.PDF(n, bad); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("bad font: %v", err)
	}
}
