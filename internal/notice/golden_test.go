package notice_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
	"gongkai/internal/notice"
	"gongkai/internal/notice/noticetest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the notices as built")

// office is the FOI office of the golden notices, every setting filled.
// The organs named are examples of what an administrator enters.
var office = foi.Office{Contact: "王芳", Phone: "021-59990000", Address: "上海市嘉定区平城路1055号菊园新区管理委员会政府信息公开办公室",
	ReviewOrgan: "上海市嘉定区人民政府", Court: "上海市嘉定区人民法院", NoticePattern: "菊园依申〔{year}〕{seq}号"}

var released = []foi.File{
	{Kind: foi.FileReleased, Name: "2024年菊园新区加装电梯补贴发放名单（第3批）.pdf", MIME: "application/pdf", Size: 412_331},
	{Kind: foi.FileReleased, Name: "加装电梯补贴资金拨付情况汇总表.xlsx", MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Size: 18_204},
	{Kind: foi.FileIDScan, Name: "申请人身份证.jpg", MIME: "image/jpeg", Size: 90_000}, // not released: never listed
}

// replay records events one by one as the store does: each passes
// foi.Check on the day it happens (the rules a new event meets, which are
// stricter than those Compute replays), and each that issues a notice
// gets the next 文书编号.
func replay(t *testing.T, ch foi.Channel, received string, events ...foi.Event) *foi.Application {
	t.Helper()
	var r calendar.Date
	if received != "" {
		r = d(received)
	}
	seq := 40
	for i := range events {
		e := &events[i]
		if err := foi.Check(cal, foi.DefaultSettings, ch, r, calendar.Date{}, events[:i], *e, e.On); err != nil {
			t.Fatalf("event %d (%s): %v", i+1, e.Type, err)
		}
		switch e.Type {
		case foi.RequestSupplement, foi.ConsultStart, foi.Extend, foi.FeeNotice, foi.Answer, foi.Withdraw:
			seq++
			e.NoticeNo = office.NoticeNumber(e.On.Year, seq)
		}
	}
	return newApp(t, ch, received, events...)
}

// reasons are the officer's specific reasons of the golden answers (the
// outcomes that need one, and two that may have one).
var reasons = map[foi.Outcome]string{
	foi.Partial:                   "名单中155户住户的身份证号码、联系电话和银行账号属于个人隐私，公开会对第三方合法权益造成损害，依照《条例》第十五条的规定不予公开，已在提供的名单中作遮盖处理",
	foi.WithholdStateSecret:       "该名单所附的资金拨付文件已由定密责任人依法确定为秘密级国家秘密，保密期限尚未届满",
	foi.WithholdLawProhibited:     "该名单所附的住户金融账户信息，有关法律、行政法规规定不得对外提供",
	foi.WithholdSecurityStability: "该名单附有各加装电梯点位的供电线路和消防设施布置图，公开后可能危及公共安全",
	foi.WithholdThirdParty:        "该名单载有155户住户的姓名、身份证号码和银行账号，属于个人隐私；\n公开会对上述住户的合法权益造成损害，且不公开不会对公共利益造成重大影响。",
	foi.WithholdInternalAffairs:   "您申请的是本机关财务部门办理该批补贴拨付的内部审批流转单，属于内部工作流程信息",
	foi.WithholdProcessInfo:       "第3批补贴发放名单尚在审核过程中，现有材料为初审过程稿，尚未最终确定",
	foi.WithholdEnforcementFile:   "您申请的材料为本机关对加装电梯施工单位违规施工作出行政处罚的案卷材料",
	foi.WithholdQueryMatter:       "您申请的住户房屋权属情况属于不动产登记资料，可以依照《不动产登记暂行条例》的规定向不动产登记机构申请查询",
	foi.UnableNotHeld:             "加装电梯补贴由上海市嘉定区住房和城乡建设管理委员会负责审核发放，您可以向该机关申请获取",
}

// goldenOutcome is a case that ends in o, as an officer records it.
func goldenOutcome(t *testing.T, o foi.Outcome) *foi.Application {
	t.Helper()
	switch o {
	case foi.Partial:
		return goldenFull(t, foi.Event{Type: foi.Answer, On: d("2025-12-01"), Outcome: o, Reason: reasons[o]})
	case foi.OtherNoSupplement:
		return replay(t, foi.Online, "", foi.Event{Type: foi.Confirm, On: d("2025-09-26")},
			foi.Event{Type: foi.RequestSupplement, On: d("2025-10-09"), ReplyBy: d("2025-10-24"), Reason: "请写明补贴发放的年度和批次"},
			foi.Event{Type: foi.Answer, On: d("2025-10-27"), Outcome: o})
	case foi.OtherFeeUnpaid:
		return replay(t, foi.Online, "", foi.Event{Type: foi.Confirm, On: d("2025-09-26")},
			foi.Event{Type: foi.FeeNotice, On: d("2025-10-09"), AmountYuan: 3000},
			foi.Event{Type: foi.Answer, On: d("2025-11-06"), Outcome: o})
	case foi.UnableUnclearAfterSupplement:
		return replay(t, foi.InPerson, "2025-09-26",
			foi.Event{Type: foi.RequestSupplement, On: d("2025-09-29"), ReplyBy: d("2025-10-17"), Reason: "请写明所需名单的年度、批次或者所涉小区名称"},
			foi.Event{Type: foi.SupplementReceived, On: d("2025-10-13")},
			foi.Event{Type: foi.Answer, On: d("2025-11-03"), Outcome: o})
	}
	return replay(t, foi.InPerson, "2025-09-26", foi.Event{Type: foi.Answer, On: d("2025-10-20"), Outcome: o, Reason: reasons[o]})
}

// goldenFull is the full case of notice_test.go as recorded today: online,
// 补正 with two items, a third party consulted, extended, then end.
func goldenFull(t *testing.T, end ...foi.Event) *foi.Application {
	t.Helper()
	events := []foi.Event{
		{Type: foi.Confirm, On: d("2025-09-26")},
		{Type: foi.RequestSupplement, On: d("2025-10-13"), ReplyBy: d("2025-10-31"), Reason: "请写明补贴发放的年度。\n请写明所涉小区名称；如涉及多个小区，请逐一列明"},
		{Type: foi.SupplementReceived, On: d("2025-10-20")},
		{Type: foi.ConsultStart, On: d("2025-10-22"), Party: "上海某某物业管理有限公司", Kind: "third_party"},
		{Type: foi.ConsultEnd, On: d("2025-10-29"), Party: "上海某某物业管理有限公司"},
		{Type: foi.Extend, On: d("2025-11-10"), Reason: "申请涉及12个小区的补贴发放记录，需要逐一汇总核对"},
	}
	return replay(t, foi.Online, "", append(events, end...)...)
}

type goldenCase struct {
	name string
	app  *foi.Application
	kind notice.Kind
	seq  int
	in   func(*notice.Input) // changes to the input, for the legacy cases
}

func goldenCases(t *testing.T) []goldenCase {
	var cases []goldenCase
	for _, o := range foi.Outcomes {
		cases = append(cases, goldenCase{name: "answer_" + string(o.Code), app: goldenOutcome(t, o.Code), kind: notice.Answer})
	}
	full := goldenFull(t)
	organ := replay(t, foi.InPerson, "2025-09-26",
		foi.Event{Type: foi.ConsultStart, On: d("2025-09-29"), Party: "上海市嘉定区住房和城乡建设管理委员会", Kind: "organ"})
	fee := replay(t, foi.Online, "", foi.Event{Type: foi.Confirm, On: d("2025-09-26")},
		foi.Event{Type: foi.FeeNotice, On: d("2025-10-09"), AmountYuan: 3000})
	withdrawn := replay(t, foi.InPerson, "2025-09-26", foi.Event{Type: foi.Withdraw, On: d("2025-10-10"), Note: "申请人提交书面撤回申请书"})
	cases = append(cases,
		goldenCase{name: "withdraw", app: withdrawn, kind: notice.Answer},
		goldenCase{name: "supplement", app: full, kind: notice.Supplement},
		goldenCase{name: "extension", app: full, kind: notice.Extension},
		goldenCase{name: "consultation_third_party", app: full, kind: notice.Consultation},
		goldenCase{name: "consultation_organ", app: organ, kind: notice.Consultation},
		goldenCase{name: "fee", app: fee, kind: notice.Fee},
		// A case recorded before items, reasons and numbers were kept,
		// for an office that has set nothing: the generic texts.
		goldenCase{name: "legacy_supplement", app: newApp(t, foi.InPerson, "2025-09-26",
			foi.Event{Type: foi.RequestSupplement, On: d("2025-09-29"), ReplyBy: d("2025-10-17")}), kind: notice.Supplement,
			in: func(in *notice.Input) { in.Office = foi.Office{} }},
		goldenCase{name: "legacy_answer_partial", app: newApp(t, foi.InPerson, "2025-09-26",
			foi.Event{Type: foi.Answer, On: d("2025-10-20"), Outcome: foi.Partial}), kind: notice.Answer,
			in: func(in *notice.Input) { in.Office, in.Released = foi.Office{}, nil }},
	)
	return cases
}

func goldenInput(c goldenCase) notice.Input {
	in := notice.Input{App: c.app, Applicant: applicant, Organ: organ, Calendar: cal, Office: office, Released: released, Seq: c.seq}
	if c.in != nil {
		c.in(&in)
	}
	return in
}

// TestGolden compares the plain text of every notice with
// testdata/<name>.golden; -update rewrites them. The golden files are
// what an officer signs: review every change to them.
func TestGolden(t *testing.T) {
	cases := goldenCases(t)
	if len(cases) != len(foi.Outcomes)+8 {
		t.Fatalf("%d golden cases", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := notice.Build(goldenInput(c), c.kind)
			if err != nil {
				t.Fatal(err)
			}
			got := n.Text()
			file := filepath.Join("testdata", c.name+".golden")
			seen[c.name+".golden"] = true
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the notice as built:\n--- want\n%s\n--- got\n%s", file, want, got)
			}
		})
	}
	// No stale golden file is left behind.
	files, _ := filepath.Glob(filepath.Join("testdata", "*.golden"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s matches no case", f)
		}
	}
}

// TestGoldenTypography checks what a reviewer would: every notice to the
// applicant carries its number, contact and remedy as the office set them,
// and the text is set in full-width punctuation with no ASCII sign where
// Chinese takes a full-width one.
func TestGoldenTypography(t *testing.T) {
	for _, c := range goldenCases(t) {
		n, err := notice.Build(goldenInput(c), c.kind)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		legacy := strings.HasPrefix(c.name, "legacy_")
		if (n.NoticeNo == "") != legacy || !legacy && !strings.HasPrefix(n.NoticeNo, "菊园依申〔2025〕") {
			t.Errorf("%s: 文书编号 %q", c.name, n.NoticeNo)
		}
		if got := strings.Join(n.Contact, "|"); legacy && got != "" || !legacy && got != "联系人：王芳|联系电话：021-59990000|通信地址："+office.Address {
			t.Errorf("%s: contact %q", c.name, got)
		}
		for i, p := range n.Paragraphs {
			if strings.ContainsAny(p, ",;:()?!\"'\n") || strings.Contains(p, "。。") || strings.Contains(p, "；。") || strings.Contains(p, "。；") {
				t.Errorf("%s paragraph %d: half-width or doubled punctuation: %q", c.name, i, p)
			}
			if !strings.HasSuffix(p, "。") && !strings.HasSuffix(p, "：") {
				t.Errorf("%s paragraph %d does not end a sentence: %q", c.name, i, p)
			}
		}
		// 《条例》 is said only after the first citation introduced it.
		body := strings.Join(n.Paragraphs, "")
		intro := "《中华人民共和国政府信息公开条例》（以下简称"
		if i, j := strings.Index(body, "《条例》"), strings.Index(body, intro); i >= 0 && (j < 0 || i != j+len(intro)) {
			t.Errorf("%s: 《条例》 before it is introduced", c.name)
		}
		if strings.Count(body, "以下简称") > 1 {
			t.Errorf("%s: the short name is introduced twice", c.name)
		}
		if c.kind == notice.Answer && !strings.HasPrefix(c.name, "withdraw") {
			remedy := n.Paragraphs[len(n.Paragraphs)-2]
			if !legacy && (!strings.Contains(remedy, "向上海市嘉定区人民政府申请行政复议") || !strings.Contains(remedy, "向上海市嘉定区人民法院提起行政诉讼")) ||
				legacy && !strings.Contains(remedy, "依法申请行政复议") {
				t.Errorf("%s: remedy %q", c.name, remedy)
			}
		}
	}
}

// TestPDFOfEveryKind renders each kind of notice of the golden cases with
// the real font and reads it back with pdftotext -layout: the 文书编号,
// the title, the addressee, the items or reasons, the attachments, the
// organs of the remedy and the contact survive on the page.
func TestPDFOfEveryKind(t *testing.T) {
	fontOrSkip(t)
	type check struct {
		name string
		want []string
	}
	checks := []check{
		{"supplement", []string{"（一）请写明补贴发放的年度。", "（二）请写明所涉小区名称；如涉及多个小区，请逐一列明。", "请您于2025年10月31日前"}},
		{"extension", []string{"因申请涉及12个小区的补贴发放记录，需要逐一汇总核对", "延长后的答复期限至2025年12月22日"}},
		{"consultation_third_party", []string{"上海某某物业管理有限公司：", "第三十二条", "（即2025年11月12日前）"}},
		{"consultation_organ", []string{"上海市嘉定区住房和城乡建设管理委员会：", "视为同意公开"}},
		{"fee", []string{"金额为人民币3000元", "请您于2025年11月5日前", "答复期限自本机关收到您缴纳的费用之日起重新计算"}},
		{"withdraw", []string{"您于2025年10月10日撤回了上述申请"}},
		{"answer_partial", []string{"说明理由如下：名单中155户住户的身份证号码", "第十五条", "附件：1.2024年菊园新区加装电梯补贴发放名单（第3批）.pdf",
			"2.加装电梯补贴资金拨付情况汇总表.xlsx", "向上海市嘉定区人民政府申请行政复议", "向上海市嘉定区人民法院提起行政诉讼", "送达地址：上海市嘉定区平城路811号"}},
		{"answer_withhold_state_secret", []string{"具体理由：该名单所附的资金拨付文件已由定密责任人依法确定为秘密级国家秘密", "第十四条、第三十六条第（三）项", "向上海市嘉定区人民政府申请行政复议"}},
		{"answer_unable_not_held", []string{"负责审核发放", "向上海市嘉定区人民法院提起行政诉讼"}},
	}
	byName := map[string]goldenCase{}
	for _, c := range goldenCases(t) {
		byName[c.name] = c
	}
	for _, c := range checks {
		gc, ok := byName[c.name]
		if !ok {
			t.Fatalf("no golden case %s", c.name)
		}
		n, err := notice.Build(goldenInput(gc), gc.kind)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		pdf, err := notice.PDF(n, "")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		page := noticetest.Layout(t, pdf)
		got := squash(page)
		want := append([]string{n.NoticeNo, n.Title, n.To + "：", "联系人：王芳", "联系电话：021-59990000", "通信地址：" + office.Address}, c.want...)
		for _, w := range want {
			if !strings.Contains(got, squash(w)) {
				t.Errorf("%s: the PDF lacks %q:\n%s", c.name, w, page)
			}
		}
		// The number sits on its own line under the title, centred.
		for _, l := range strings.Split(page, "\n") {
			if strings.Contains(l, n.NoticeNo) && strings.TrimSpace(l) != n.NoticeNo {
				t.Errorf("%s: the 文书编号 shares its line: %q", c.name, l)
			}
		}
	}
}

// TestFeeNoticeAvailable: a fee_notice makes the 收费通知书 available, in
// the order a case meets it, and its pay-by date is the clock's.
func TestFeeNoticeAvailable(t *testing.T) {
	app := goldenOutcome(t, foi.OtherFeeUnpaid)
	var kinds []string
	for _, r := range notice.Available(app) {
		kinds = append(kinds, string(r.Kind))
	}
	if strings.Join(kinds, ",") != "fee,answer" {
		t.Fatalf("available: %v", kinds)
	}
	n, err := notice.Build(notice.Input{App: app, Applicant: applicant, Organ: organ, Calendar: cal}, notice.Fee)
	if err != nil {
		t.Fatal(err)
	}
	// 2025-10-09 + 20 working days, 10-11 (Saturday) a make-up workday.
	if n.ReplyBy != d("2025-11-05") || n.Date != d("2025-10-09") || n.Title != "政府信息公开信息处理费收费通知书" || n.Kind.Label() != "收费通知书" {
		t.Errorf("fee notice: %+v", n)
	}
	// Without FeeRestarts the fee period is a pause, and the notice says so.
	set := foi.DefaultSettings
	set.FeeRestarts = false
	n, err = notice.Build(notice.Input{App: app, Applicant: applicant, Organ: organ, Calendar: cal, Settings: set}, notice.Fee)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "fee pause", text(n), "不计算在答复期限内")
	if strings.Contains(text(n), "重新计算") {
		t.Error("a pause is said to restart the period")
	}
}
