// Package notice owns the written notices of 依申请公开 (告知书): the answer
// notice of each outcome, the 补正通知书, the 延期答复告知书, the 收费通知书
// and the 征求意见书. A notice is built as data (title, 文书编号, addressee,
// paragraphs, attachments, the articles it rests on, the organ, the date
// and the office's contact) from an application, its events, the office
// settings and the applicant's full name and address, which the caller
// opens (and the store audits); it is rendered as HTML by the web package
// and as PDF here. The wording is data, in texts/*.tmpl: our own, citing
// the 条例 (国务院令第711号). Go picks the text and computes the dates.
package notice

import (
	"fmt"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

// Kind names a notice.
type Kind string

// The notices.
const (
	Answer       Kind = "answer"       // 答复告知书, one wording per outcome
	Supplement   Kind = "supplement"   // 补正通知书 (第三十条)
	Extension    Kind = "extension"    // 延期答复告知书 (第三十三条第二款)
	Consultation Kind = "consultation" // 征求意见书 (第三十二条 / 第三十四条)
	Fee          Kind = "fee"          // 收费通知书 (第四十二条, 国办函〔2020〕109号)
)

// Kinds lists the notices in the order a case meets them.
var Kinds = []Kind{Supplement, Consultation, Extension, Fee, Answer}

// Valid reports whether k is a known notice.
func (k Kind) Valid() bool {
	switch k {
	case Answer, Supplement, Extension, Consultation, Fee:
		return true
	}
	return false
}

// Label is the Chinese name of the notice.
func (k Kind) Label() string {
	return map[Kind]string{Answer: "答复告知书", Supplement: "补正通知书", Extension: "延期答复告知书", Consultation: "征求意见书", Fee: "收费通知书"}[k]
}

// ToApplicant reports whether the notice goes to the applicant (and so
// carries the applicant's name and may be e-mailed to them). A 征求意见书
// goes to the consulted party and never names the applicant.
func (k Kind) ToApplicant() bool { return k != Consultation }

// Group is the outcome group an answer notice is written for.
type Group string

// The outcome groups (the column groups of the annual report's section 三).
const (
	GroupDisclose Group = "disclose" // 予以公开
	GroupPartial  Group = "partial"  // 部分公开
	GroupWithhold Group = "withhold" // 不予公开
	GroupUnable   Group = "unable"   // 无法提供
	GroupReject   Group = "reject"   // 不予处理
	GroupOther    Group = "other"    // 其他处理
)

// GroupOf returns the group of an outcome.
func GroupOf(o foi.Outcome) Group {
	s := string(o)
	switch {
	case o == foi.Disclose:
		return GroupDisclose
	case o == foi.Partial:
		return GroupPartial
	case strings.HasPrefix(s, "withhold_"):
		return GroupWithhold
	case strings.HasPrefix(s, "unable_"):
		return GroupUnable
	case strings.HasPrefix(s, "reject_"):
		return GroupReject
	}
	return GroupOther
}

// Party is who a notice is addressed to, with the full (unmasked) data.
type Party struct {
	Name    string
	Address string
}

// Input is what a notice is built from.
type Input struct {
	App       *foi.Application
	Applicant Party // the applicant's full name and address (unused for a 征求意见书)
	Organ     string
	Calendar  *calendar.Calendar
	Settings  foi.Settings // zero: foi.DefaultSettings
	// Office is the FOI office: its contact is printed on every notice,
	// its 行政复议机关 and court in the remedy of an answer (each only when
	// set).
	Office foi.Office
	// Released are the files of the released information (答复附件),
	// listed as the attachments of a 予以公开 or 部分公开 answer. Files of
	// another kind are ignored.
	Released []foi.File
	// Seq picks a consultation by the seq of its consult_start event; 0 is
	// the latest consultation.
	Seq int
}

// Notice is one notice as data, ready to render.
type Notice struct {
	Kind        Kind
	Group       Group       // answer notices only
	Outcome     foi.Outcome // answer notices only
	Number      string      // the application number
	NoticeNo    string      // the 文书编号 the store gave the event ("" for events recorded before numbering)
	Title       string
	To          string // the addressee's name, printed before the colon
	Address     string // where a posted notice goes ("" when not posted)
	Paragraphs  []string
	Attachments []string // the names of the attached files (附件), in order
	Basis       []string // the articles the notice rests on, e.g. 第三十六条第（二）项
	Organ       string
	Date        calendar.Date
	Contact     []string      // the office's 联系人, 联系电话 and 通信地址 lines, those set
	ReplyBy     calendar.Date // 补正 and consultation: the reply-by date; fee: the pay-by date
	DueOn       calendar.Date // extension: the new due date
}

// DateText is the date in the form official documents print it: 2025年12月1日.
func (n *Notice) DateText() string { return CNDate(n.Date) }

// Subject is the e-mail subject of the notice.
func (n *Notice) Subject() string {
	return fmt.Sprintf("%s（申请编号：%s）", n.Title, n.Number)
}

// AttachmentLines are the 附件 lines as printed: 附件：1. name, the next
// ones aligned under the first name.
func (n *Notice) AttachmentLines() []string {
	var out []string
	for i, a := range n.Attachments {
		lead := "附件："
		if i > 0 {
			lead = "\u3000\u3000\u3000"
		}
		out = append(out, fmt.Sprintf("%s%d. %s", lead, i+1, a))
	}
	return out
}

// Text is the notice as plain text, the body of an e-mail.
func (n *Notice) Text() string {
	var b strings.Builder
	b.WriteString(n.Title + "\n")
	if n.NoticeNo != "" {
		b.WriteString(n.NoticeNo + "\n")
	}
	fmt.Fprintf(&b, "申请编号：%s\n\n%s：\n\n", n.Number, n.To)
	for _, p := range n.Paragraphs {
		fmt.Fprintf(&b, "　　%s\n\n", p)
	}
	if a := n.AttachmentLines(); len(a) > 0 {
		for _, l := range a {
			fmt.Fprintf(&b, "　　%s\n", l)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%s\n%s\n", n.Organ, n.DateText())
	if len(n.Contact) > 0 {
		b.WriteString("\n")
		for _, l := range n.Contact {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// FileName is the file name of the notice's PDF.
func (n *Notice) FileName() string {
	return fmt.Sprintf("%s-%s.pdf", n.Number, n.Kind.Label())
}

// CNDate writes a civil date as 2025年12月1日 ("" for the zero date).
func CNDate(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

func conflict(code, format string, args ...any) error {
	return errs.Newf(errs.Conflict, "notice.Build", code, format, args...)
}

// Ref names one notice a case has.
type Ref struct {
	Kind  Kind
	Seq   int    // consultations: the seq of the consult_start event
	Label string // e.g. 征求意见书（某物业公司）
}

// Available lists the notices whose event has happened, in the order of
// Kinds (each consultation separately).
func Available(app *foi.Application) []Ref {
	if app == nil || app.Clock == nil {
		return nil
	}
	var out []Ref
	for _, k := range Kinds {
		switch k {
		case Consultation:
			for _, e := range app.Events {
				if e.Type == foi.ConsultStart {
					out = append(out, Ref{Consultation, e.Seq, fmt.Sprintf("%s（%s）", k.Label(), e.Party)})
				}
			}
		case Answer:
			if app.Clock.Status == foi.Answered || app.Clock.Status == foi.Withdrawn {
				out = append(out, Ref{Kind: k, Label: k.Label()})
			}
		default:
			if last(app, issuedBy[k]) != nil {
				out = append(out, Ref{Kind: k, Label: k.Label()})
			}
		}
	}
	return out
}

// issuedBy is the event that issues each notice but the answer (which an
// answer or a withdrawal issues).
var issuedBy = map[Kind]foi.EventType{Supplement: foi.RequestSupplement, Extension: foi.Extend, Fee: foi.FeeNotice, Consultation: foi.ConsultStart}

// Check reports, as a conflict with a Chinese message, why a case has no
// such notice yet; callers check before they open the applicant's data.
func Check(app *foi.Application, k Kind, seq int) error {
	if app == nil || app.Clock == nil {
		return errs.New(errs.Internal, "notice.Check", "no_application", "缺少申请数据。")
	}
	switch k {
	case Answer:
		if app.Clock.Status != foi.Answered && app.Clock.Status != foi.Withdrawn {
			return conflict("notice_not_due", "该申请尚未答复（当前状态：%s），还不能出具答复告知书。", app.Clock.Status.Label())
		}
	case Supplement:
		if last(app, foi.RequestSupplement) == nil {
			return conflict("notice_not_due", "该申请没有告知补正，没有补正通知书。")
		}
	case Extension:
		if last(app, foi.Extend) == nil {
			return conflict("notice_not_due", "该申请没有延长答复期限，没有延期答复告知书。")
		}
	case Fee:
		if last(app, foi.FeeNotice) == nil {
			return conflict("notice_not_due", "该申请没有发出收费通知，没有收费通知书。")
		}
	case Consultation:
		if consultation(app, seq) == nil {
			if seq != 0 && last(app, foi.ConsultStart) != nil {
				return conflict("notice_not_due", "没有序号为 %d 的征求意见。", seq)
			}
			return conflict("notice_not_due", "该申请没有征求第三方或其他机关的意见，没有征求意见书。")
		}
	default:
		return errs.Newf(errs.NotFound, "notice.Check", "unknown_notice", "没有“%s”这种文书。", k)
	}
	return nil
}

func last(app *foi.Application, t foi.EventType) *foi.RecordedEvent {
	for i := len(app.Events) - 1; i >= 0; i-- {
		if app.Events[i].Type == t {
			return &app.Events[i]
		}
	}
	return nil
}

func consultation(app *foi.Application, seq int) *foi.RecordedEvent {
	if seq == 0 {
		return last(app, foi.ConsultStart)
	}
	for i := range app.Events {
		if e := &app.Events[i]; e.Type == foi.ConsultStart && e.Seq == seq {
			return e
		}
	}
	return nil
}

// Build writes the notice of kind k for the case in in. A notice whose
// event has not happened is a conflict (Check).
func Build(in Input, k Kind) (*Notice, error) {
	const op = "notice.Build"
	if err := Check(in.App, k, in.Seq); err != nil {
		return nil, err
	}
	if in.Calendar == nil {
		return nil, errs.New(errs.Internal, op, "no_calendar", "缺少工作日历。")
	}
	if in.Settings == (foi.Settings{}) {
		in.Settings = foi.DefaultSettings
	}
	in.Office.Normalize()
	b := &builder{in: in, app: in.App}
	b.n = &Notice{Kind: k, Number: in.App.Number, Organ: strings.TrimSpace(in.Organ), To: strings.TrimSpace(in.Applicant.Name)}
	if in.App.Request.Delivery == "post" {
		b.n.Address = strings.TrimSpace(in.Applicant.Address)
	}
	b.d = &textData{
		Number: in.App.Number, Description: flat(in.App.Request.Description),
		Format: in.App.Request.Format, Delivery: in.App.Request.Delivery,
		ReceivedOn: CNDate(b.firstReceipt()), Office: in.Office,
		FeeRestarts: in.Settings.FeeRestarts,
	}
	if s := last(in.App, foi.SupplementReceived); s != nil && k != Supplement {
		b.d.SupplementOn = CNDate(s.On)
	}
	var err error
	switch k {
	case Answer:
		err = b.answer()
	case Supplement:
		err = b.supplement()
	case Extension:
		err = b.extension()
	case Fee:
		err = b.fee()
	case Consultation:
		err = b.consultation()
	}
	if err == nil {
		b.n.Contact, err = execute("contact", b.d)
	}
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	return b.n, nil
}

type builder struct {
	in  Input
	app *foi.Application
	n   *Notice
	d   *textData
	err error
}

// title sets the notice's title from the text named name.
func (b *builder) title(name string) {
	if b.err == nil {
		b.n.Title, b.err = one("title."+name, b.d)
	}
}

// text adds the paragraphs of the text named name.
func (b *builder) text(name string) {
	if b.err != nil {
		return
	}
	p, err := execute(name, b.d)
	b.n.Paragraphs, b.err = append(b.n.Paragraphs, p...), err
}

func (b *builder) cite(articles ...string) { b.n.Basis = append(b.n.Basis, articles...) }

// issued records the event that issues the notice: its date and 文书编号.
func (b *builder) issued(e *foi.RecordedEvent) {
	b.n.Date, b.n.NoticeNo = e.On, strings.TrimSpace(e.NoticeNo)
	b.d.On = CNDate(e.On)
}

// firstReceipt is the day the application was first received (R before
// any 补正): the day handed in or signed for, or the day both sides
// confirmed.
func (b *builder) firstReceipt() calendar.Date {
	if !b.app.Channel.NeedsConfirmation() {
		return b.app.ReceivedOn
	}
	for _, e := range b.app.Events {
		if e.Type == foi.Confirm {
			return e.On
		}
	}
	return calendar.Date{}
}

// clockUpTo replays the events before index i on the calendar: the clock
// as it stood when event i was recorded.
func (b *builder) clockUpTo(i int) (*foi.Clock, error) {
	events := make([]foi.Event, i)
	for j := range events {
		events[j] = b.app.Events[j].Event
	}
	return foi.Compute(b.in.Calendar, b.in.Settings, b.app.Channel, b.app.ReceivedOn, events)
}

func indexOf(app *foi.Application, e *foi.RecordedEvent) int {
	for i := range app.Events {
		if &app.Events[i] == e {
			return i
		}
	}
	return len(app.Events)
}

// withholdArticles are the articles each 不予公开 ground rests on (with
// 第三十六条第（三）项, which every refusal cites).
var withholdArticles = map[foi.Outcome]string{
	foi.WithholdStateSecret:       "第十四条",
	foi.WithholdLawProhibited:     "第十四条",
	foi.WithholdSecurityStability: "第十四条",
	foi.WithholdThirdParty:        "第十五条",
	foi.WithholdInternalAffairs:   "第十六条第一款",
	foi.WithholdProcessInfo:       "第十六条第二款",
	foi.WithholdEnforcementFile:   "第十六条第二款",
}

// answerBasis are the articles of each answer but the 不予公开 grounds.
var answerBasis = map[foi.Outcome][]string{
	foi.Disclose:                     {"第三十六条第（二）项"},
	foi.Partial:                      {"第三十七条", "第三十六条第（二）项", "第三十六条第（三）项"},
	foi.WithholdQueryMatter:          {"第三十六条第（七）项"},
	foi.UnableNotHeld:                {"第三十六条第（四）项", "第三十六条第（五）项"},
	foi.UnableNeedCreation:           {"第三十八条"},
	foi.UnableUnclearAfterSupplement: {"第二十九条第二款", "第三十条"},
	foi.RejectPetition:               {"第三十九条第一款"},
	foi.RejectDuplicate:              {"第三十六条第（六）项"},
	foi.RejectPublication:            {"第三十九条第二款"},
	foi.RejectExcessive:              {"第三十五条"},
	foi.RejectConfirmation:           {"第二条"},
	foi.OtherNoSupplement:            {"第三十条"},
	foi.OtherFeeUnpaid:               {"第四十二条"},
	foi.Other:                        {"第三十六条"},
}

func (b *builder) answer() error {
	n := b.n
	if b.app.Clock.Status == foi.Withdrawn {
		e := last(b.app, foi.Withdraw)
		if e == nil {
			return errs.New(errs.Internal, "notice.answer", "no_withdraw_event", "撤回事件缺失。")
		}
		b.issued(e)
		n.Outcome, n.Group = foi.Other, GroupOther
		b.title("withdraw")
		b.text("withdraw") // the 条例 has no article on withdrawal; nothing is cited
		return b.err
	}
	e := last(b.app, foi.Answer)
	if e == nil {
		return errs.New(errs.Internal, "notice.answer", "no_answer_event", "答复事件缺失。")
	}
	o := e.Outcome
	if o.Label() == "" {
		return errs.Newf(errs.Internal, "notice.answer", "unknown_outcome", "未知的办理结果“%s”。", o)
	}
	b.issued(e)
	n.Outcome, n.Group = o, GroupOf(o)
	d := b.d
	d.Outcome, d.Reason = o, oneLine(e.Reason, "；")
	d.ReviewFirst = n.Group == GroupWithhold || n.Group == GroupPartial
	if n.Group == GroupDisclose || n.Group == GroupPartial {
		for _, f := range b.in.Released {
			if name := strings.TrimSpace(f.Name); name != "" && (f.Kind == "" || f.Kind == foi.FileReleased) {
				n.Attachments = append(n.Attachments, name)
			}
		}
		d.Released = len(n.Attachments) > 0
	}
	switch o {
	case foi.OtherNoSupplement:
		s := last(b.app, foi.RequestSupplement)
		if s == nil {
			return errs.New(errs.Internal, "notice.answer", "no_supplement_event", "补正事件缺失。")
		}
		d.AskedOn, d.ReplyBy = CNDate(s.On), CNDate(s.ReplyBy)
	case foi.OtherFeeUnpaid:
		f := last(b.app, foi.FeeNotice)
		if f == nil {
			return errs.New(errs.Internal, "notice.answer", "no_fee_event", "收费通知事件缺失。")
		}
		after, err := b.clockUpTo(indexOf(b.app, f) + 1)
		if err != nil {
			return err
		}
		d.FeeOn, d.Amount, d.PayBy = CNDate(f.On), f.AmountYuan, CNDate(after.FeePayBy)
	}
	if a, ok := withholdArticles[o]; ok {
		d.Articles = a
		b.cite(a, "第三十六条第（三）项")
	} else {
		b.cite(answerBasis[o]...)
	}
	b.title("answer." + string(n.Group))
	b.text("opening")
	b.text("answer." + string(o))
	if b.app.Clock.Late {
		b.text("late")
	}
	b.text("remedy")
	b.text("closing")
	return b.err
}

func (b *builder) supplement() error {
	e := last(b.app, foi.RequestSupplement)
	b.issued(e)
	b.n.ReplyBy = e.ReplyBy
	b.d.ReplyBy = CNDate(e.ReplyBy)
	b.d.Items = Items(e.Reason) // none: an event recorded before items were required
	b.title("supplement")
	b.text("supplement")
	b.cite("第二十九条第二款", "第三十条")
	return b.err
}

// Items splits the officer's 补正 items, one a line, without their
// final punctuation. A single line is split at its semicolons (items were
// written so before the form asked for one a line); on several lines a
// semicolon belongs to its item.
func Items(s string) []string {
	sep := func(r rune) bool { return r == '\n' }
	if !strings.Contains(strings.TrimSpace(s), "\n") {
		sep = func(r rune) bool { return r == '；' || r == ';' }
	}
	var out []string
	for _, line := range strings.FieldsFunc(s, sep) {
		if line = strings.TrimRight(strings.TrimSpace(line), "。；;，,"); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// flat joins the lines of an entered text with a space: a notice's
// paragraphs are single lines.
func flat(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

func cnNumber(i int) string {
	digits := []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case i <= 10:
		return digits[i]
	case i < 20:
		return "十" + digits[i-10]
	case i < 100 && i%10 == 0:
		return digits[i/10] + "十"
	case i < 100:
		return digits[i/10] + "十" + digits[i%10]
	}
	return fmt.Sprint(i)
}

func (b *builder) extension() error {
	e := last(b.app, foi.Extend)
	i := indexOf(b.app, e)
	before, err := b.clockUpTo(i)
	if err != nil {
		return err
	}
	after, err := b.clockUpTo(i + 1)
	if err != nil {
		return err
	}
	b.issued(e)
	b.n.DueOn = after.DueOn
	d := b.d
	d.Reason, d.DueBefore, d.DueOn, d.Days = oneLine(e.Reason, "；"), CNDate(before.DueOn), CNDate(after.DueOn), b.in.Settings.ExtensionDays
	b.title("extension")
	b.text("extension")
	b.cite("第三十三条第二款")
	return b.err
}

func (b *builder) fee() error {
	e := last(b.app, foi.FeeNotice)
	after, err := b.clockUpTo(indexOf(b.app, e) + 1)
	if err != nil {
		return err
	}
	b.issued(e)
	b.n.ReplyBy = after.FeePayBy
	d := b.d
	d.Amount, d.PayBy, d.Days = e.AmountYuan, CNDate(after.FeePayBy), b.in.Settings.FeePaymentDays
	b.title("fee")
	b.text("fee")
	b.cite("第四十二条")
	return b.err
}

func (b *builder) consultation() error {
	e := consultation(b.app, b.in.Seq)
	n := b.n
	replyBy, _ := b.in.Calendar.AddWorkdays(e.On, b.in.Settings.ConsultDays)
	// The receipt date as it stood when the consultation began (a 补正 may
	// have moved it). The consulted party learns what is asked, never who asks.
	then, err := b.clockUpTo(indexOf(b.app, e))
	if err != nil {
		return err
	}
	b.issued(e)
	n.ReplyBy, n.To, n.Address = replyBy, strings.TrimSpace(e.Party), ""
	d := b.d
	d.ReceivedOn, d.SupplementOn, d.ReplyBy, d.Days = CNDate(then.ReceivedOn), "", CNDate(replyBy), b.in.Settings.ConsultDays
	b.title("consultation")
	if e.Kind == "organ" {
		b.text("consultation.organ")
		b.cite("第三十四条")
	} else {
		b.text("consultation.third_party")
		b.cite("第三十二条")
	}
	return b.err
}
