// Package notice owns the written notices of 依申请公开 (告知书): the answer
// notice of each outcome group, the 补正通知书, the 延期答复告知书 and the
// 征求意见书. A notice is built as data (title, addressee, paragraphs, the
// articles it rests on, the organ and the date) from an application, its
// events and the applicant's full name and address, which the caller opens
// (and the store audits); it is rendered as HTML by the web package and as
// PDF here. The wording is our own and cites the 条例 (国务院令第711号).
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
	Answer       Kind = "answer"       // 答复告知书, one wording per outcome group
	Supplement   Kind = "supplement"   // 补正通知书 (第三十条)
	Extension    Kind = "extension"    // 延期答复告知书 (第三十三条第二款)
	Consultation Kind = "consultation" // 征求意见书 (第三十二条 / 第三十四条)
)

// Kinds lists the notices in the order a case meets them.
var Kinds = []Kind{Supplement, Consultation, Extension, Answer}

// Valid reports whether k is a known notice.
func (k Kind) Valid() bool {
	switch k {
	case Answer, Supplement, Extension, Consultation:
		return true
	}
	return false
}

// Label is the Chinese name of the notice.
func (k Kind) Label() string {
	return map[Kind]string{Answer: "答复告知书", Supplement: "补正通知书", Extension: "延期答复告知书", Consultation: "征求意见书"}[k]
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

// Law is how the notices name the 条例 the first time; later citations say 《条例》.
const Law = "《中华人民共和国政府信息公开条例》"

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
	// Seq picks a consultation by the seq of its consult_start event; 0 is
	// the latest consultation.
	Seq int
}

// Notice is one notice as data, ready to render.
type Notice struct {
	Kind       Kind
	Group      Group       // answer notices only
	Outcome    foi.Outcome // answer notices only
	Number     string      // the application number
	Title      string
	To         string // the addressee's name, printed before the colon
	Address    string // where a posted notice goes ("" when not posted)
	Paragraphs []string
	Basis      []string // the articles the notice rests on, e.g. 第三十六条第（二）项
	Organ      string
	Date       calendar.Date
	ReplyBy    calendar.Date // 补正 and consultation: the reply-by date
	DueOn      calendar.Date // extension: the new due date
}

// DateText is the date in the form official documents print it: 2025年12月1日.
func (n *Notice) DateText() string { return CNDate(n.Date) }

// Subject is the e-mail subject of the notice.
func (n *Notice) Subject() string {
	return fmt.Sprintf("%s（申请编号：%s）", n.Title, n.Number)
}

// Text is the notice as plain text, the body of an e-mail.
func (n *Notice) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n申请编号：%s\n\n%s：\n\n", n.Title, n.Number, n.To)
	for _, p := range n.Paragraphs {
		fmt.Fprintf(&b, "　　%s\n\n", p)
	}
	fmt.Fprintf(&b, "%s\n%s\n", n.Organ, n.DateText())
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
		case Supplement:
			if last(app, foi.RequestSupplement) != nil {
				out = append(out, Ref{Kind: k, Label: k.Label()})
			}
		case Extension:
			if last(app, foi.Extend) != nil {
				out = append(out, Ref{Kind: k, Label: k.Label()})
			}
		case Answer:
			if app.Clock.Status == foi.Answered || app.Clock.Status == foi.Withdrawn {
				out = append(out, Ref{Kind: k, Label: k.Label()})
			}
		}
	}
	return out
}

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
	b := &builder{in: in, app: in.App}
	b.n = &Notice{Kind: k, Number: in.App.Number, Organ: strings.TrimSpace(in.Organ), To: strings.TrimSpace(in.Applicant.Name)}
	if in.App.Request.Delivery == "post" {
		b.n.Address = strings.TrimSpace(in.Applicant.Address)
	}
	var err error
	switch k {
	case Answer:
		err = b.answer()
	case Supplement:
		err = b.supplement()
	case Extension:
		err = b.extension()
	case Consultation:
		err = b.consultation()
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
}

func (b *builder) para(format string, args ...any) {
	b.n.Paragraphs = append(b.n.Paragraphs, fmt.Sprintf(format, args...))
}

func (b *builder) cite(articles ...string) { b.n.Basis = append(b.n.Basis, articles...) }

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

// opening is the first paragraph of a notice to the applicant: when the
// application came and what it asks for.
func (b *builder) opening() {
	r := b.firstReceipt()
	text := fmt.Sprintf("本机关于%s收到您提出的政府信息公开申请（申请编号：%s）", CNDate(r), b.app.Number)
	if s := last(b.app, foi.SupplementReceived); s != nil && b.n.Kind != Supplement {
		text += fmt.Sprintf("，并于%s收到您补正后的申请", CNDate(s.On))
	}
	b.para("%s。您申请获取的政府信息为：“%s”。", text, strings.TrimSpace(b.app.Request.Description))
}

var formatLabel = map[string]string{"paper": "纸质", "electronic": "电子"}
var deliveryLabel = map[string]string{"post": "邮寄", "email": "电子邮件", "pickup": "自行领取", "onsite": "当场阅读"}

func (b *builder) howProvided() string {
	f, d := formatLabel[b.app.Request.Format], deliveryLabel[b.app.Request.Delivery]
	if f == "" || d == "" {
		return "随本告知书一并提供给您"
	}
	return fmt.Sprintf("按您选择的%s形式，以%s方式提供给您", f, d)
}

// withholdGround is the statutory ground of each 不予公开 outcome: the
// sentence that says why and the articles it rests on.
var withholdGround = map[foi.Outcome]struct{ why, articles string }{
	foi.WithholdStateSecret:       {"您申请获取的政府信息属于国家秘密", "第十四条"},
	foi.WithholdLawProhibited:     {"您申请获取的政府信息属于法律、行政法规禁止公开的政府信息", "第十四条"},
	foi.WithholdSecurityStability: {"您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定", "第十四条"},
	foi.WithholdThirdParty:        {"您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害", "第十五条"},
	foi.WithholdInternalAffairs:   {"您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息", "第十六条第一款"},
	foi.WithholdProcessInfo:       {"您申请获取的政府信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息", "第十六条第二款"},
	foi.WithholdEnforcementFile:   {"您申请获取的政府信息属于行政执法案卷信息", "第十六条第二款"},
}

func (b *builder) answer() error {
	n := b.n
	var on calendar.Date
	if b.app.Clock.Status == foi.Withdrawn {
		e := last(b.app, foi.Withdraw)
		if e == nil {
			return errs.New(errs.Internal, "notice.answer", "no_withdraw_event", "撤回事件缺失。")
		}
		on = e.On
		n.Outcome, n.Group, n.Date = foi.Other, GroupOther, on
		n.Title = "政府信息公开申请终止办理告知书"
		b.opening()
		b.para("您于%s撤回了上述申请。本机关对该申请终止办理。", CNDate(on))
		b.para("如您仍需获取相关政府信息，可以依照%s重新提出申请。", Law)
		b.cite("第二十九条")
		return nil
	}
	e := last(b.app, foi.Answer)
	if e == nil {
		return errs.New(errs.Internal, "notice.answer", "no_answer_event", "答复事件缺失。")
	}
	o := e.Outcome
	n.Outcome, n.Group, n.Date = o, GroupOf(o), e.On
	reason := strings.TrimSpace(e.Reason) // the officer's own explanation, when recorded
	b.opening()
	switch n.Group {
	case GroupDisclose:
		n.Title = "政府信息公开告知书"
		b.para("经审查，您申请获取的政府信息属于可以公开的政府信息。根据%s第三十六条第（一）项、第（二）项的规定，本机关决定予以公开：已经主动公开的，告知您获取的方式和途径；其余信息%s。", Law, b.howProvided())
		b.cite("第三十六条第（一）项", "第三十六条第（二）项")
	case GroupPartial:
		n.Title = "政府信息部分公开告知书"
		b.para("经审查，您申请获取的政府信息中含有依法不应当公开的内容，但能够作区分处理。根据%s第三十七条的规定，本机关向您提供可以公开的部分，%s。", Law, b.howProvided())
		if reason != "" {
			b.para("对不予公开的部分，理由如下：%s。", strings.TrimRight(reason, "。"))
		} else {
			b.para("对其中依照《条例》第十四条、第十五条、第十六条的规定不应当公开的内容，本机关已作区分处理，不予提供。")
		}
		b.cite("第三十七条", "第三十六条第（二）项", "第三十六条第（三）项")
	case GroupWithhold:
		n.Title = "政府信息不予公开告知书"
		if o == foi.WithholdQueryMatter {
			b.para("经审查，您申请获取的是工商、不动产登记资料等信息，有关法律、行政法规对该类信息的获取有特别规定，属于行政查询事项。根据%s第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定向有关机关办理查询。", Law)
			b.cite("第三十六条第（七）项")
		} else {
			g := withholdGround[o]
			b.para("经审查，%s。根据%s%s和第三十六条第（三）项的规定，本机关决定不予公开。", g.why, Law, g.articles)
			b.cite(g.articles, "第三十六条第（三）项")
		}
		if reason != "" {
			b.para("具体理由：%s。", strings.TrimRight(reason, "。"))
		}
	case GroupUnable:
		n.Title = "政府信息无法提供告知书"
		switch o {
		case foi.UnableNotHeld:
			b.para("经检索，本机关没有制作或者获取您申请的政府信息。根据%s第三十六条第（四）项、第（五）项的规定，告知您该政府信息不存在或者不属于本机关负责公开。", Law)
			b.cite("第三十六条第（四）项", "第三十六条第（五）项")
		case foi.UnableNeedCreation:
			b.para("经审查，本机关没有您所要求的现成信息，需要对现有政府信息进行加工、分析才能形成。根据%s第三十八条的规定，本机关不予提供。", Law)
			b.cite("第三十八条")
		default:
			b.para("本机关已依照%s第三十条的规定告知您补正申请，但补正后的申请内容仍不明确，本机关无法确定您所需的政府信息。根据《条例》第二十九条第二款、第三十条的规定，本机关无法向您提供。", Law)
			b.cite("第二十九条第二款", "第三十条")
		}
		if reason != "" {
			b.para("%s。", strings.TrimRight(reason, "。"))
		}
	case GroupReject:
		n.Title = "政府信息公开申请不予处理告知书"
		switch o {
		case foi.RejectPetition:
			b.para("经审查，您以政府信息公开申请的形式提出的是信访、投诉、举报等诉求。根据%s第三十九条第一款的规定，本机关不作为政府信息公开申请处理，您可以依照有关法律、法规的规定向有关机关提出。", Law)
			b.cite("第三十九条第一款")
		case foi.RejectDuplicate:
			b.para("经审查，您已就相同的政府信息提出过申请，本机关已经作出答复，您再次提出的申请属于重复申请。根据%s第三十六条第（六）项的规定，本机关不予重复处理。", Law)
			b.cite("第三十六条第（六）项")
		case foi.RejectPublication:
			b.para("经审查，您要求提供的是政府公报、报刊、书籍等公开出版物。根据%s第三十九条第二款的规定，请您通过公开发行的渠道获取，本机关不作为政府信息公开申请处理。", Law)
			b.cite("第三十九条第二款")
		case foi.RejectExcessive:
			b.para("您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，经审查，所说明的理由不合理。根据%s第三十五条的规定，本机关不予处理。", Law)
			b.cite("第三十五条")
		default:
			b.para("经审查，您申请的是要求本机关确认或者重新出具您已获取的信息，不属于获取本机关已制作或者获取的政府信息的申请。根据%s第二条、第三十九条的规定，本机关不作为政府信息公开申请处理。", Law)
			b.cite("第二条", "第三十九条")
		}
		if reason != "" {
			b.para("%s。", strings.TrimRight(reason, "。"))
		}
	default:
		n.Title = "政府信息公开申请办理结果告知书"
		switch o {
		case foi.OtherNoSupplement:
			s := last(b.app, foi.RequestSupplement)
			if s == nil {
				return errs.New(errs.Internal, "notice.answer", "no_supplement_event", "补正事件缺失。")
			}
			b.para("本机关于%s告知您补正申请，补正期限至%s。您无正当理由逾期未补正。根据%s第三十条的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。", CNDate(s.On), CNDate(s.ReplyBy), Law)
			b.cite("第三十条")
		case foi.OtherFeeUnpaid:
			f := last(b.app, foi.FeeNotice)
			if f == nil {
				return errs.New(errs.Internal, "notice.answer", "no_fee_event", "收费通知事件缺失。")
			}
			payBy, _ := b.in.Calendar.AddWorkdays(f.On, b.in.Settings.FeePaymentDays)
			b.para("本机关于%s向您发出收取信息处理费通知（%d元），缴费期限至%s。您逾期未缴纳。根据%s第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。", CNDate(f.On), f.AmountYuan, CNDate(payBy), Law)
			b.cite("第四十二条")
		default:
			text := "经审查，本机关对您的申请作其他处理"
			if reason != "" {
				text += "：" + strings.TrimRight(reason, "。")
			}
			b.para("%s。", text)
			b.cite("第三十六条")
		}
	}
	if b.app.Clock.Late {
		b.para("本机关未能在法定期限内作出答复，特此致歉。")
	}
	b.para("如对本答复不服，您可以自收到本告知书之日起六十日内依法申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。")
	b.para("特此告知。")
	return nil
}

// defaultItems is the 补正 asked when the officer recorded no items: the
// features 第二十九条第二款第（二）项 requires of a request.
const defaultItems = "请写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述"

func (b *builder) supplement() error {
	e := last(b.app, foi.RequestSupplement)
	n := b.n
	n.Title, n.Date, n.ReplyBy = "政府信息公开申请补正通知书", e.On, e.ReplyBy
	b.opening()
	b.para("经审查，您的申请内容不明确，本机关无法据此确定您所需的政府信息。根据%s第三十条的规定，现一次性告知您需要补正的事项：", Law)
	items := splitItems(e.Reason)
	if len(items) == 0 {
		items = []string{defaultItems}
	}
	for i, it := range items {
		b.para("（%s）%s。", cnNumber(i+1), strings.TrimRight(it, "。；;"))
	}
	b.para("请您于%s前向本机关提交补正后的申请。答复期限自本机关收到补正后的申请之日起重新计算。", CNDate(e.ReplyBy))
	b.para("无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。")
	b.para("特此通知。")
	b.cite("第二十九条第二款", "第三十条")
	return nil
}

// splitItems splits the officer's 补正 items, one a line (or separated by
// ；).
func splitItems(s string) []string {
	var out []string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '；' || r == ';' }) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
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
	n := b.n
	n.Title, n.Date, n.DueOn = "政府信息公开申请延期答复告知书", e.On, after.DueOn
	b.opening()
	b.para("因%s，本机关不能在%s前（法定答复期限内）作出答复。经本机关政府信息公开工作机构负责人同意，根据%s第三十三条第二款的规定，答复期限延长%d个工作日，延长后的答复期限至%s。",
		strings.TrimRight(strings.TrimSpace(e.Reason), "。"), CNDate(before.DueOn), Law, b.in.Settings.ExtensionDays, CNDate(after.DueOn))
	b.para("征求第三方和其他机关意见所需时间不计算在答复期限内；如有此情形，答复期限相应顺延，本机关将另行告知。")
	b.para("特此告知。")
	b.cite("第三十三条第二款")
	return nil
}

func (b *builder) consultation() error {
	e := consultation(b.app, b.in.Seq)
	n := b.n
	replyBy, _ := b.in.Calendar.AddWorkdays(e.On, b.in.Settings.ConsultDays)
	n.Title, n.Date, n.ReplyBy, n.To, n.Address = "政府信息公开征求意见书", e.On, replyBy, strings.TrimSpace(e.Party), ""
	// The receipt date as it stood when the consultation began (a 补正 may
	// have moved it). The consulted party learns what is asked, never who asks.
	then, err := b.clockUpTo(indexOf(b.app, e))
	if err != nil {
		return err
	}
	b.para("本机关于%s收到一份政府信息公开申请（申请编号：%s），申请获取的政府信息为：“%s”。", CNDate(then.ReceivedOn), b.app.Number, strings.TrimSpace(b.app.Request.Description))
	days := b.in.Settings.ConsultDays
	if e.Kind == "organ" {
		b.para("经审查，该政府信息涉及贵机关，公开前需要征求贵机关的意见。根据%s第三十四条的规定，现书面征求意见。", Law)
		b.para("请贵机关自收到本征求意见书之日起%d个工作日内（即%s前）书面提出是否同意公开的意见；不同意公开的，请说明理由。逾期未提出意见的，视为同意公开。", days, CNDate(replyBy))
		b.cite("第三十四条")
	} else {
		b.para("经审查，该政府信息可能涉及您（贵单位）的商业秘密、个人隐私等合法权益，公开可能对您（贵单位）的合法权益造成损害。根据%s第三十二条的规定，现书面征求您（贵单位）的意见。", Law)
		b.para("请您（贵单位）自收到本征求意见书之日起%d个工作日内（即%s前）书面提出是否同意公开的意见；不同意公开的，请说明理由。逾期未提出意见的，由本机关依照《条例》的规定决定是否公开。", days, CNDate(replyBy))
		b.para("第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。")
		b.cite("第三十二条")
	}
	b.para("特此函询。")
	return nil
}
