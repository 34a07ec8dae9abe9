package foi

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Channel is how an application arrived; it decides the receipt date
// (条例第三十一条).
type Channel string

// The channels.
const (
	InPerson     Channel = "in_person"     // 当面提交: the day it was handed in
	MailSigned   Channel = "mail_signed"   // 邮寄需签收: the day the organ signed
	MailUnsigned Channel = "mail_unsigned" // 平常信函: the day both sides confirmed
	Online       Channel = "online"        // 互联网: the day both sides confirmed
	Fax          Channel = "fax"           // 传真: the day both sides confirmed
)

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	switch c {
	case InPerson, MailSigned, MailUnsigned, Online, Fax:
		return true
	}
	return false
}

// NeedsConfirmation reports whether the receipt date is the day both sides
// confirmed, rather than the day of handing in or signing.
func (c Channel) NeedsConfirmation() bool { return c == MailUnsigned || c == Online || c == Fax }

// EventType names a step of the case.
type EventType string

// The event types.
const (
	Confirm            EventType = "confirm"
	RequestSupplement  EventType = "request_supplement"
	SupplementReceived EventType = "supplement_received"
	ConsultStart       EventType = "consult_start"
	ConsultEnd         EventType = "consult_end"
	Extend             EventType = "extend"
	FeeNotice          EventType = "fee_notice"
	FeePaid            EventType = "fee_paid"
	Answer             EventType = "answer"
	Mail               EventType = "mail"
	Archive            EventType = "archive"
	Withdraw           EventType = "withdraw"

	// Steps that never move the clock: the sign-off of an answer (拟办 →
	// 审核 → 签发, the 签发 being the answer itself) and the record of
	// communication with the applicant.
	Draft         EventType = "draft"          // 拟办: outcome, reasons
	DraftApproved EventType = "draft_approved" // 审核通过
	DraftReturned EventType = "draft_returned" // 审核退回, with a note
	Contact       EventType = "contact"        // 与申请人沟通: phone, meeting, message
)

// ContactKinds are the ways staff reach an applicant, with their labels.
var ContactKinds = map[string]string{"phone": "电话", "meeting": "当面沟通", "message": "短信或网上留言", "letter": "信函", "email": "电子邮件", "other": "其他"}

// Event is one recorded step. Only the fields of its type are set.
type Event struct {
	Type       EventType
	On         calendar.Date
	ReplyBy    calendar.Date // request_supplement
	Party      string        // consult_start / consult_end
	Kind       string        // consult_start: third_party | organ
	Reason     string        // extend; request_supplement: the items, one a line; answer, draft: the specific reasons
	AmountYuan int           // fee_notice
	Outcome    Outcome       // answer, draft
	Carrier    string        // mail
	TrackingNo string        // mail
	Location   string        // archive
	Note       string        // contact, draft_returned, draft_approved, supplement_received
	Draft      int           // answer: the seq of the approved draft it signs (0: answered directly)
	NoticeNo   string        // the 文书编号 of the notice the event issued (set by the store)
}

// Status is where the case stands.
type Status string

// The statuses.
const (
	AwaitingConfirmation Status = "awaiting_confirmation"
	InProgress           Status = "in_progress"
	AwaitingSupplement   Status = "awaiting_supplement"
	InConsultation       Status = "in_consultation"
	AwaitingFee          Status = "awaiting_fee"
	Answered             Status = "answered"
	Withdrawn            Status = "withdrawn"
)

// Settings are the rules the law leaves to configuration.
type Settings struct {
	BaseDays       int  // 20 working days (第三十三条)
	ExtensionDays  int  // 20 working days at most
	SupplementDays int  // a 补正 must be asked within 7 working days of receipt (第三十条)
	ConsultDays    int  // a consulted party has 15 working days (第三十二、三十四条)
	FeeRestarts    bool // true: the period runs anew from payment (109号); false: the fee period is a pause
	FeePaymentDays int  // the applicant pays within 20 working days of the notice, else the case closes
}

// DefaultSettings follow the 条例 and 国办函〔2020〕109号 as written.
var DefaultSettings = Settings{BaseDays: 20, ExtensionDays: 20, SupplementDays: 7, ConsultDays: 15, FeeRestarts: true, FeePaymentDays: 20}

// Step is one line of a due date's explanation.
type Step struct {
	On   calendar.Date `json:"on"`
	Text string        `json:"text"`
}

// Clock is the computed state of a case.
type Clock struct {
	Status         Status
	ReceivedOn     calendar.Date // R; zero while awaiting confirmation
	DueOn          calendar.Date // zero while the clock is stopped
	PausedWorkdays int
	Extended       bool
	Outcome        Outcome
	AnsweredOn     calendar.Date
	Late           bool
	Provisional    bool // the calendar has no official data for a year involved
	SupplementBy   calendar.Date
	FeePayBy       calendar.Date
	Explanation    []Step
	// The pending draft answer (拟办) and its review: DraftSeq is the seq
	// of its event, 0 when there is none.
	Draft         *Event
	DraftSeq      int
	DraftApproved bool
	seq           int // events replayed so far
	openConsults  map[string]calendar.Date
	consults      [][2]calendar.Date // (A, B] intervals counted from the current R
	supplemented  bool
	feeNoticeOn   calendar.Date
	feePauses     [][2]calendar.Date
	last          calendar.Date
	answered      bool
	mailed        bool
	archived      bool
}

func refuse(format string, args ...any) error {
	return errs.Newf(errs.Conflict, "foi.Apply", "invalid_transition", format, args...)
}

func invalid(code, format string, args ...any) error {
	return errs.Newf(errs.Invalid, "foi.Apply", code, format, args...)
}

// Compute replays the events of an application received by channel (with
// receivedOn for the channels that fix R on arrival) and returns its clock,
// or the first event that the rules refuse.
func Compute(cal *calendar.Calendar, set Settings, channel Channel, receivedOn calendar.Date, events []Event) (*Clock, error) {
	c := &Clock{Status: AwaitingConfirmation, openConsults: map[string]calendar.Date{}}
	if !channel.NeedsConfirmation() {
		if receivedOn.IsZero() {
			return nil, invalid("received_on_required", "当面提交或邮寄签收的申请须填写收到申请之日。")
		}
		c.receive(receivedOn, fmt.Sprintf("%s收到申请（%s），为收到申请之日", receivedOn, channelLabel[channel]))
	}
	for i, e := range events {
		if err := c.apply(cal, set, channel, e); err != nil {
			return nil, fmt.Errorf("第 %d 个事件：%w", i+1, err)
		}
	}
	c.finish(cal, set)
	return c, nil
}

// Check validates one new event against the case as it stands, with the
// same rules Compute applies; today is the latest allowed date and
// submittedOn, the day the application reached the organ (for an online
// application, the day it was submitted), the earliest. Compute does not
// apply the floor, so cases recorded before it was checked still replay.
func Check(cal *calendar.Calendar, set Settings, channel Channel, receivedOn, submittedOn calendar.Date, events []Event, e Event, today calendar.Date) error {
	if e.On.IsZero() {
		return invalid("invalid_date", "请填写事件日期（YYYY-MM-DD）。")
	}
	if e.On.After(today) {
		return invalid("date_in_future", "事件日期不能晚于今天。")
	}
	if !submittedOn.IsZero() && e.On.Before(submittedOn) {
		return invalid("before_submission", "事件日期不能早于提交申请之日（%s）。", submittedOn)
	}
	switch {
	case e.Type == RequestSupplement && strings.TrimSpace(e.Reason) == "":
		return invalid("items_required", "请逐项写明需要补正的事项（一行一项），补正通知书将原样列出。")
	case e.Type == Withdraw && strings.TrimSpace(e.Note) == "":
		return invalid("note_required", "请写明申请人撤回的方式和依据（如书面撤回申请书、电话撤回并已记录）。")
	case (e.Type == Answer || e.Type == Draft) && e.Outcome.NeedsReason() && strings.TrimSpace(e.Reason) == "":
		return invalid("reason_required", "“%s”须写明具体理由（不予公开的内容及其依据；不掌握的，写明信息不存在或者负责公开的机关及其联系方式），告知书将原样写入。", e.Outcome.Label())
	}
	_, err := Compute(cal, set, channel, receivedOn, append(append([]Event{}, events...), e))
	return err
}

var channelLabel = map[Channel]string{InPerson: "当面提交", MailSigned: "邮寄签收", MailUnsigned: "平常信函", Online: "网上提交", Fax: "传真"}

func (c *Clock) receive(on calendar.Date, text string) {
	c.ReceivedOn, c.Status = on, InProgress
	c.consults, c.feePauses = nil, nil
	c.Explanation = append(c.Explanation, Step{on, text})
}

func (c *Clock) apply(cal *calendar.Calendar, set Settings, ch Channel, e Event) error {
	c.seq++
	if e.On.IsZero() {
		return invalid("invalid_date", "事件日期无效。")
	}
	// The steps of the clock are in date order; the sign-off and the
	// communication log are not steps of the clock and neither follow nor
	// bind them (a supplement sent on Monday is recorded as of Monday even
	// after a call logged on Tuesday).
	moves := e.Type.MovesClock() || eventLabel[e.Type] == ""
	if moves && !c.last.IsZero() && e.On.Before(c.last) {
		return invalid("out_of_order", "事件日期（%s）不能早于上一个办理环节（%s）。", e.On, c.last)
	}
	if e.Type == Contact {
		// Communication with the applicant is recorded at any stage.
		if ContactKinds[e.Kind] == "" {
			return invalid("invalid_contact_kind", "沟通方式应为 phone（电话）、meeting（当面）、message（短信或留言）、letter（信函）、email（电子邮件）或 other（其他）。")
		}
		if strings.TrimSpace(e.Note) == "" {
			return invalid("note_required", "请写明沟通的内容。")
		}
		return nil
	}
	if c.Status == Answered && e.Type != Mail && e.Type != Archive {
		return refuse("申请已答复，不能再登记“%s”。", eventLabel[e.Type])
	}
	if c.Status == Withdrawn && e.Type != Archive {
		return refuse("申请已撤回，只能归档。")
	}
	if !c.ReceivedOn.IsZero() && e.On.Before(c.ReceivedOn) && e.Type != Archive {
		return invalid("before_receipt", "事件日期不能早于收到申请之日（%s）。", c.ReceivedOn)
	}
	switch e.Type {
	case Confirm:
		if !ch.NeedsConfirmation() {
			return refuse("当面提交和邮寄签收的申请以收到之日为准，无需确认。")
		}
		if c.Status != AwaitingConfirmation {
			return refuse("该申请已确认收到。")
		}
		c.receive(e.On, fmt.Sprintf("%s双方确认收到申请（%s），为收到申请之日", e.On, channelLabel[ch]))
	case RequestSupplement:
		if c.Status != InProgress {
			return refuse("只有办理中的申请可以要求补正。")
		}
		if c.supplemented {
			return refuse("补正只能一次性告知，不能第二次要求补正。")
		}
		limit, _ := cal.AddWorkdays(c.ReceivedOn, set.SupplementDays)
		if e.On.After(limit) {
			return refuse("补正须自收到申请之日起 %d 个工作日内（即 %s 前）一次性告知，已超过期限。", set.SupplementDays, limit)
		}
		if e.ReplyBy.IsZero() || !e.ReplyBy.After(e.On) {
			return invalid("reply_by_required", "请填写合理的补正期限（晚于告知之日）。")
		}
		c.supplemented, c.Status, c.SupplementBy, c.DueOn = true, AwaitingSupplement, e.ReplyBy, calendar.Date{}
		c.Explanation = append(c.Explanation, Step{e.On, fmt.Sprintf("%s告知补正，期限至 %s；补正期间不计算答复期限", e.On, e.ReplyBy)})
	case SupplementReceived:
		if c.Status != AwaitingSupplement {
			return refuse("没有待补正的要求。")
		}
		c.receive(e.On, fmt.Sprintf("%s收到补正材料，答复期限自该日重新计算", e.On))
	case ConsultStart:
		if c.Status != InProgress && c.Status != InConsultation {
			return refuse("只有办理中的申请可以征求意见。")
		}
		if e.Kind != "third_party" && e.Kind != "organ" {
			return invalid("invalid_consult_kind", "征求意见的对象类型应为 third_party（第三方）或 organ（其他机关）。")
		}
		party := strings.TrimSpace(e.Party)
		if party == "" {
			return invalid("party_required", "请填写被征求意见方。")
		}
		if _, open := c.openConsults[party]; open {
			return refuse("对“%s”的征求意见尚未结束。", party)
		}
		c.openConsults[party], c.Status = e.On, InConsultation
		kind := map[string]string{"third_party": "第三方（第三十二条）", "organ": "其他机关（第三十四条）"}[e.Kind]
		c.Explanation = append(c.Explanation, Step{e.On, fmt.Sprintf("%s向%s“%s”征求意见，所需时间不计算在答复期限内", e.On, kind, party)})
	case ConsultEnd:
		party := strings.TrimSpace(e.Party)
		if party == "" {
			// Without a name it ends the only open consultation.
			open := c.OpenConsultations()
			switch len(open) {
			case 0:
				return refuse("没有进行中的征求意见。")
			case 1:
				party = open[0]
			default:
				return refuse("有多个进行中的征求意见（%s），请注明收到的是哪一方的意见。", strings.Join(open, "、"))
			}
		}
		start, open := c.openConsults[party]
		if !open {
			return refuse("没有对“%s”的进行中的征求意见。", party)
		}
		delete(c.openConsults, party)
		c.consults = append(c.consults, [2]calendar.Date{start, e.On})
		if len(c.openConsults) == 0 {
			c.Status = InProgress
		}
		c.Explanation = append(c.Explanation, Step{e.On, fmt.Sprintf("%s“%s”的意见收到，征求意见结束", e.On, party)})
	case Extend:
		if c.Status != InProgress && c.Status != InConsultation {
			return refuse("只有办理中的申请可以延期。")
		}
		if c.Extended {
			return refuse("答复期限只能延长一次。")
		}
		if strings.TrimSpace(e.Reason) == "" {
			return invalid("reason_required", "延期须写明理由，并告知申请人。")
		}
		due := c.due(cal, set)
		if e.On.After(due) {
			return refuse("延期须在答复期限届满（%s）前决定。", due)
		}
		c.Extended = true
		c.Explanation = append(c.Explanation, Step{e.On, fmt.Sprintf("%s经负责人同意延长答复期限 %d 个工作日（%s），已告知申请人", e.On, set.ExtensionDays, strings.TrimSpace(e.Reason))})
	case FeeNotice:
		if c.Status != InProgress {
			return refuse("只有办理中的申请可以发出收费通知。")
		}
		if e.AmountYuan <= 0 {
			return invalid("invalid_amount", "收费金额应为正整数（元）。")
		}
		c.Status, c.feeNoticeOn = AwaitingFee, e.On
		c.FeePayBy, _ = cal.AddWorkdays(e.On, set.FeePaymentDays)
		c.Explanation = append(c.Explanation, Step{e.On, fmt.Sprintf("%s发出收费通知（%d 元），缴费期限至 %s", e.On, e.AmountYuan, c.FeePayBy)})
	case FeePaid:
		if c.Status != AwaitingFee {
			return refuse("没有待缴纳的费用。")
		}
		if e.On.After(c.FeePayBy) {
			return refuse("缴费期限（%s）已过，应以“逾期未缴费”办结。", c.FeePayBy)
		}
		if set.FeeRestarts {
			c.receive(e.On, fmt.Sprintf("%s收到缴费，答复期限自该日重新计算", e.On))
		} else {
			c.feePauses = append(c.feePauses, [2]calendar.Date{c.feeNoticeOn, e.On})
			c.Status = InProgress
			c.Explanation = append(c.Explanation, Step{e.On, fmt.Sprintf("%s收到缴费，收费期间不计算答复期限", e.On)})
		}
		c.FeePayBy = calendar.Date{}
	case Answer:
		if e.Outcome.Label() == "" {
			return invalid("invalid_outcome", "未知的办理结果“%s”。", e.Outcome)
		}
		switch {
		case e.Outcome == OtherNoSupplement:
			if c.Status != AwaitingSupplement || !e.On.After(c.SupplementBy) {
				return refuse("只有补正期限届满仍未补正的申请，才能以“逾期不补正”办结。")
			}
		case e.Outcome == OtherFeeUnpaid:
			if c.Status != AwaitingFee || !e.On.After(c.FeePayBy) {
				return refuse("只有缴费期限届满仍未缴费的申请，才能以“逾期未缴费”办结。")
			}
		case c.Status != InProgress:
			if c.Status == InConsultation {
				return refuse("征求意见尚未结束，请先登记意见收到（或期满）。")
			}
			return refuse("当前状态（%s）不能答复。", statusLabel[c.Status])
		}
		if e.Draft != 0 && (e.Draft != c.DraftSeq || !c.DraftApproved || c.Draft.Outcome != e.Outcome || c.Draft.Reason != e.Reason) {
			return errs.New(errs.Conflict, "foi.Apply", "draft_not_approved", "只能签发已审核通过的拟办意见，且答复须与拟办意见一致。")
		}
		c.Draft, c.DraftSeq, c.DraftApproved = nil, 0, false
		c.Late = c.Status == InProgress && e.On.After(c.due(cal, set))
		c.Status, c.Outcome, c.AnsweredOn, c.answered = Answered, e.Outcome, e.On, true
		text := fmt.Sprintf("%s答复：%s", e.On, e.Outcome.Label())
		if c.Late {
			text += "（逾期答复）"
		}
		c.Explanation = append(c.Explanation, Step{e.On, text})
	case Mail:
		if !c.answered {
			return refuse("答复后才能登记邮寄。")
		}
		if strings.TrimSpace(e.Carrier) == "" || strings.TrimSpace(e.TrackingNo) == "" {
			return invalid("mail_details_required", "请填写寄送单位和单号。")
		}
		c.mailed = true
	case Archive:
		if !c.answered && c.Status != Withdrawn {
			return refuse("答复或撤回后才能归档。")
		}
		if c.archived {
			return refuse("已经归档。")
		}
		if strings.TrimSpace(e.Location) == "" {
			return invalid("location_required", "请填写归档位置（档案号或存放处）。")
		}
		c.archived = true
	case Draft:
		if c.Status == AwaitingConfirmation {
			return refuse("确认收到申请后才能拟办答复。")
		}
		if e.Outcome.Label() == "" {
			return invalid("invalid_outcome", "未知的办理结果“%s”。", e.Outcome)
		}
		if c.Draft != nil {
			return refuse("已有待审核或待签发的拟办意见，请先审核退回后再重新拟办。")
		}
		d := e
		c.Draft, c.DraftSeq, c.DraftApproved = &d, c.seq, false
	case DraftApproved:
		if c.Draft == nil || c.DraftApproved {
			return refuse("没有待审核的拟办意见。")
		}
		c.DraftApproved = true
	case DraftReturned:
		if c.Draft == nil {
			return refuse("没有待审核或待签发的拟办意见。")
		}
		if strings.TrimSpace(e.Note) == "" {
			return invalid("note_required", "退回拟办意见须写明理由。")
		}
		c.Draft, c.DraftSeq, c.DraftApproved = nil, 0, false
	case Withdraw:
		c.Draft, c.DraftSeq, c.DraftApproved = nil, 0, false
		c.Status, c.Outcome = Withdrawn, Other
		c.Explanation = append(c.Explanation, Step{e.On, e.On.String() + "申请人撤回申请（计入“其他处理”）"})
	default:
		return invalid("unknown_event", "未知的事件类型“%s”。", e.Type)
	}
	if moves {
		c.last = e.On
	}
	return nil
}

// due is the current due date: R plus the base period, the paused working
// days and the extension. An open consultation is assumed to run its full
// statutory time.
func (c *Clock) due(cal *calendar.Calendar, set Settings) calendar.Date {
	days := set.BaseDays + c.paused(cal, set)
	if c.Extended {
		days += set.ExtensionDays
	}
	d, _ := cal.AddWorkdays(c.ReceivedOn, days)
	return d
}

// paused counts the working days in the union of the pause intervals
// (A, B] after R, so overlapping consultations never count a day twice.
func (c *Clock) paused(cal *calendar.Calendar, set Settings) int {
	var spans [][2]calendar.Date
	spans = append(spans, c.consults...)
	for _, a := range c.openConsults {
		end, _ := cal.AddWorkdays(a, set.ConsultDays)
		spans = append(spans, [2]calendar.Date{a, end})
	}
	spans = append(spans, c.feePauses...)
	days := map[calendar.Date]bool{}
	for _, s := range spans {
		for d := s[0].AddDays(1); !d.After(s[1]); d = d.AddDays(1) {
			if cal.IsWorkday(d) && d.After(c.ReceivedOn) {
				days[d] = true
			}
		}
	}
	return len(days)
}

func (c *Clock) finish(cal *calendar.Calendar, set Settings) {
	if c.ReceivedOn.IsZero() {
		return
	}
	c.PausedWorkdays = c.paused(cal, set)
	if c.Status == InProgress || c.Status == InConsultation || c.Status == Answered {
		c.DueOn = c.due(cal, set)
		days := set.BaseDays + c.PausedWorkdays
		if c.Extended {
			days += set.ExtensionDays
		}
		_, c.Provisional = cal.AddWorkdays(c.ReceivedOn, days)
		text := fmt.Sprintf("答复期限：自 %s 起 %d 个工作日", c.ReceivedOn, set.BaseDays)
		if c.PausedWorkdays > 0 {
			text += fmt.Sprintf("，加不计入的 %d 个工作日", c.PausedWorkdays)
		}
		if c.Extended {
			text += fmt.Sprintf("，加延长的 %d 个工作日", set.ExtensionDays)
		}
		text += fmt.Sprintf("，至 %s（不含收到当日）", c.DueOn)
		if len(c.openConsults) > 0 {
			text += "；征求意见未结束的，按法定意见期满计算，意见提前收到时期限相应提前"
		}
		if c.Provisional {
			text += "；涉及年份尚无官方节假日安排，为暂定"
		}
		c.Explanation = append(c.Explanation, Step{c.DueOn, text})
	}
}

// Light is the traffic light of a case in staff lists.
type Light string

// YellowDays is how many working days left turn a case's light yellow.
const YellowDays = 5

// The lights: green more than YellowDays working days left, yellow that many or fewer, red overdue.
const (
	Green  Light = "green"
	Yellow Light = "yellow"
	Red    Light = "red"
	None   Light = "" // no running clock
)

// LightOf returns the light of a due date as of today.
func LightOf(cal *calendar.Calendar, due, today calendar.Date) Light {
	return Light(cal.Light(due, today, YellowDays))
}

var eventLabel = map[EventType]string{
	Confirm: "确认收到申请", RequestSupplement: "告知补正", SupplementReceived: "收到补正材料",
	ConsultStart: "征求意见", ConsultEnd: "征求意见结束", Extend: "延长答复期限",
	FeeNotice: "发出收费通知", FeePaid: "收到缴费", Answer: "作出答复", Mail: "寄出答复",
	Archive: "归档", Withdraw: "申请人撤回申请",
	Draft: "拟办答复", DraftApproved: "审核通过", DraftReturned: "审核退回", Contact: "与申请人沟通",
}

// Label is the Chinese name of the event type, "" if unknown.
func (t EventType) Label() string { return eventLabel[t] }

// MovesClock reports whether the event type is a step of the statutory
// clock (the sign-off and the communication log are not).
func (t EventType) MovesClock() bool {
	switch t {
	case Draft, DraftApproved, DraftReturned, Contact:
		return false
	}
	return eventLabel[t] != ""
}

var statusLabel = map[Status]string{AwaitingConfirmation: "待确认收到", InProgress: "办理中", AwaitingSupplement: "待补正", InConsultation: "征求意见中",
	AwaitingFee: "待缴费", Answered: "已答复", Withdrawn: "已撤回"}

// Label is the Chinese name of the status.
func (s Status) Label() string { return statusLabel[s] }

// OpenConsultations lists, sorted, the parties whose consultation has
// started and not ended.
func (c *Clock) OpenConsultations() []string {
	return slices.Sorted(maps.Keys(c.openConsults))
}

// Resolve completes e as it will be recorded: a consult_end without a
// party names the only open consultation (Check refuses it when there is
// none or several), so the record says whose opinion arrived; an answer
// that signs a draft takes the draft's outcome and reasons.
func (c *Clock) Resolve(e Event) Event {
	if e.Type == ConsultEnd && strings.TrimSpace(e.Party) == "" {
		if open := c.OpenConsultations(); len(open) == 1 {
			e.Party = open[0]
		}
	}
	// The 签发 of a draft answers with the draft's outcome and reasons,
	// whatever else the request says.
	if e.Type == Answer && e.Draft != 0 && e.Draft == c.DraftSeq && c.Draft != nil {
		e.Outcome, e.Reason = c.Draft.Outcome, c.Draft.Reason
	}
	return e
}
