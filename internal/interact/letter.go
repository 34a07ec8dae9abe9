package interact

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Kind is what a letter is.
type Kind string

// The kinds of letters.
const (
	Consult Kind = "consult" // 网上咨询, to a department (or the district, assigned at triage)
	Mailbox Kind = "mailbox" // 领导信箱, to a named leader
	Comment Kind = "comment" // 意见征集, a comment on an open solicitation
)

// Label is the kind's Chinese name.
func (k Kind) Label() string {
	switch k {
	case Consult:
		return "网上咨询"
	case Mailbox:
		return "领导信箱"
	case Comment:
		return "意见征集"
	}
	return ""
}

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool { return k.Label() != "" }

// Status is where a letter stands.
type Status string

// The statuses of a letter.
const (
	Received  Status = "received"  // 待分办: waiting for triage
	Handling  Status = "handling"  // 办理中: accepted, assigned, the clock runs
	Reviewing Status = "reviewing" // 答复待审核: a reply waits for review
	Replied   Status = "replied"   // 已答复
	Rejected  Status = "rejected"  // 不予受理
)

var statusLabels = map[Status]string{Received: "待分办", Handling: "办理中", Reviewing: "答复待审核", Replied: "已答复", Rejected: "不予受理"}

// Label is the status's Chinese name.
func (s Status) Label() string { return statusLabels[s] }

// Open reports whether the letter still waits for its reply.
func (s Status) Open() bool { return s == Received || s == Handling || s == Reviewing }

// Statuses lists the statuses in their order of handling.
func Statuses() []Status { return []Status{Received, Handling, Reviewing, Replied, Rejected} }

// Field limits, shared by the forms (maxlength), the API and the store.
const (
	MaxName     = 50
	MaxPhone    = 20
	MaxEmail    = 100
	MaxSubject  = 100
	MaxContent  = 5000
	MaxReply    = 10000
	MaxNote     = 500
	MaxFiles    = 3
	MaxFileSize = 5 << 20 // bytes per attachment
)

// SimpleDays and NormalDays are the working days a letter has for its
// reply (the plan: simple questions within 1 working day, every other
// within 5), counted from the day it was received in Asia/Shanghai.
const (
	SimpleDays = 1
	NormalDays = 5
)

// DueOn is the day a reply is due: received plus 1 working day for a
// simple letter, 5 for any other, by the calendar's working-day addition
// (so a letter received on a rest day counts from the next working day:
// adding n working days to a Saturday lands on the n-th working day after it).
func DueOn(cal *calendar.Calendar, received calendar.Date, simple bool) calendar.Date {
	n := NormalDays
	if simple {
		n = SimpleDays
	}
	due, _ := cal.AddWorkdays(received, n)
	return due
}

// Upload is a file a writer attaches, as received.
type Upload struct {
	Name string
	Data []byte
}

// Submission is what a writer sends.
type Submission struct {
	Kind      Kind
	Target    string // department code (consult), leader id (mailbox), solicitation id (comment)
	Name      string
	Phone     string
	Email     string
	Subject   string
	Content   string
	PublishOK bool // the writer consents to publication (留言选登)
}

var (
	phoneRe = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$`)
	emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// Normalize trims the fields.
func (s *Submission) Normalize() {
	s.Target = strings.TrimSpace(s.Target)
	s.Name = strings.TrimSpace(s.Name)
	s.Phone = strings.ReplaceAll(strings.TrimSpace(s.Phone), " ", "")
	s.Email = strings.TrimSpace(s.Email)
	s.Subject = strings.TrimSpace(s.Subject)
	s.Content = strings.TrimSpace(strings.ReplaceAll(s.Content, "\r\n", "\n"))
}

// Validate returns every problem of a submission at once.
func (s *Submission) Validate() error { return errs.Join(s.Problems()...) }

// Problems lists the submission's problems in form order.
func (s *Submission) Problems() []*errs.Error {
	var out []*errs.Error
	if !s.Kind.Valid() {
		out = append(out, problem("kind", "invalid_kind", "留言类型应为网上咨询（consult）、领导信箱（mailbox）或意见征集（comment）。"))
	}
	switch {
	case s.Kind == Mailbox && s.Target == "":
		out = append(out, problem("target", "target_required", "请选择收信的领导。"))
	case s.Kind == Comment && s.Target == "":
		out = append(out, problem("target", "target_required", "请指明对哪一项意见征集提出意见。"))
	case tooLong(s.Target, 50):
		out = append(out, problem("target", "invalid_target", "收信对象不正确。"))
	}
	switch {
	case s.Name == "":
		out = append(out, problem("name", "name_required", "请填写姓名。"))
	case tooLong(s.Name, MaxName) || !plainText(s.Name, false):
		out = append(out, problem("name", "invalid_name", "姓名不超过 50 个字，不含换行等特殊字符。"))
	}
	switch {
	case s.Phone == "":
		out = append(out, problem("phone", "phone_required", "请填写联系电话，以便答复时联系您。"))
	case !phoneRe.MatchString(s.Phone):
		out = append(out, problem("phone", "invalid_phone", "联系电话应为 11 位手机号码或带区号的固定电话，例如 13812345678 或 021-59990000。"))
	}
	if s.Email != "" && (tooLong(s.Email, MaxEmail) || !emailRe.MatchString(s.Email)) {
		out = append(out, problem("email", "invalid_email", "电子邮箱格式不正确，例如 name@example.com。"))
	}
	switch {
	case s.Subject == "":
		out = append(out, problem("subject", "subject_required", "请填写标题。"))
	case tooLong(s.Subject, MaxSubject) || !plainText(s.Subject, false):
		out = append(out, problem("subject", "invalid_subject", "标题不超过 100 个字，不含换行等特殊字符。"))
	}
	switch {
	case s.Content == "":
		out = append(out, problem("content", "content_required", "请填写留言内容。"))
	case tooLong(s.Content, MaxContent):
		out = append(out, problem("content", "content_too_long", "留言内容不超过 5000 个字。"))
	case !plainText(s.Content, true):
		out = append(out, problem("content", "invalid_content", "留言内容含有无法识别的控制字符，请删除后再提交。"))
	}
	return out
}

// plainText reports whether s holds no control characters other than line
// breaks and tabs where multiline text is allowed.
func plainText(s string, multiline bool) bool {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			if !multiline {
				return false
			}
			continue
		}
		if unicode.IsControl(r) || r == '\uFFFD' || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') {
			return false
		}
	}
	return true
}

// Reject reasons: why a letter is not accepted, each with what the
// writer is told to do instead.
const (
	RejectSpam     = "spam"     // 垃圾信息
	RejectAbusive  = "abusive"  // 含辱骂、攻击等内容
	RejectHotline  = "hotline"  // 属于 12345 市民服务热线受理范围
	RejectPetition = "petition" // 属于信访事项
	RejectOther    = "other"    // 其他（写明理由）
)

type rejectReason struct{ label, guidance string }

var rejectReasons = map[string]rejectReason{
	RejectSpam:     {"垃圾信息", "您的留言被识别为广告或无意义的内容，未予受理。如有问题需要咨询，请重新填写留言，写明具体问题。"},
	RejectAbusive:  {"含有辱骂、攻击等不文明内容", "您的留言含有辱骂、攻击或其他不文明的内容，未予受理。欢迎您文明表达诉求后重新留言。"},
	RejectHotline:  {"属于 12345 市民服务热线受理范围", "您反映的是需要职能部门现场处置的具体诉求（如市容、噪声、设施报修），请拨打 12345 市民服务热线或登录“一网通办”12345 市民服务热线网上平台提交，由热线派单办理，办理更快捷。"},
	RejectPetition: {"属于信访事项", "您反映的事项属于信访事项，请通过国家信访局网上信访平台、上海市网上信访受理平台提交，或到嘉定区人民来访接待中心反映，信访机构将依照《信访工作条例》办理。"},
	RejectOther:    {"其他原因", "您的留言未予受理，原因见处理说明。"},
}

// RejectReasons lists the reason codes in the order staff see them.
func RejectReasons() []string {
	return []string{RejectSpam, RejectAbusive, RejectHotline, RejectPetition, RejectOther}
}

// RejectLabel is a reason's name for staff and the writer.
func RejectLabel(code string) string { return rejectReasons[code].label }

// RejectGuidance is what the writer is told to do instead.
func RejectGuidance(code string) string { return rejectReasons[code].guidance }

// Letter is a letter with its handling so far. Personal data is not here:
// it is sealed in the store; the masks are what lists show.
type Letter struct {
	ID         int64
	Number     string // e.g. XX2026-00012
	Kind       Kind
	Target     string // as submitted
	DeptID     int64  // the department that answers; 0 until assigned
	Subject    string
	Content    string
	PublishOK  bool
	NameMask   string
	PhoneMask  string
	EmailMask  string
	HasEmail   bool
	Status     Status
	Simple     bool
	ReceivedOn calendar.Date // the submission date in Asia/Shanghai
	DueOn      calendar.Date // zero until accepted
	Reason     string        // reject reason code
	Note       string        // reject explanation, or the last return note
	Reply      string        // the released reply, or the draft while Reviewing
	ReplyDept  int64         // the department that replied
	ReplyBy    string
	RepliedOn  calendar.Date
	RepliedAt  time.Time
	Published  bool // selected for 留言选登
	Rating     int  // the writer's satisfaction, 1–5; 0 not rated
	PolicyID   int64
	Version    int64
	CreatedAt  time.Time
	Events     []LetterEvent
}

// LetterEvent is one step of a letter's handling, for its trail.
type LetterEvent struct {
	Seq    int
	Action Action
	Actor  string
	DeptID int64
	Text   string
	At     time.Time
}

// Action is a step staff (or the writer) take on a letter.
type Action string

// The actions.
const (
	ActSubmit   Action = "submit"   // the writer sent it
	ActAccept   Action = "accept"   // triage: accepted, classified, assigned
	ActReject   Action = "reject"   // triage: not accepted, with reason
	ActTransfer Action = "transfer" // assigned to another department
	ActReturn   Action = "return"   // the department hands it back to triage
	ActReply    Action = "reply"    // a reply written (released, or held for review)
	ActApprove  Action = "approve"  // the reviewer released the held reply
	ActRevise   Action = "revise"   // the reviewer sent the reply back
	ActPublish  Action = "publish"  // selected for 留言选登
	ActHide     Action = "hide"     // taken out of 留言选登
	ActRate     Action = "rate"     // the writer rated the reply
	ActLink     Action = "link"     // linked to a policy document
)

var actionLabels = map[Action]string{
	ActSubmit: "提交留言", ActAccept: "受理并分办", ActReject: "不予受理", ActTransfer: "转办",
	ActReturn: "退回分办", ActReply: "答复", ActApprove: "审核通过，发布答复", ActRevise: "退回修改答复",
	ActPublish: "选登", ActHide: "取消选登", ActRate: "满意度评价", ActLink: "关联政策文件",
}

// Label is the action's Chinese name.
func (a Action) Label() string { return actionLabels[a] }

// Step is one action with its input.
type Step struct {
	Action Action
	Simple bool   // accept
	DeptID int64  // accept (0: keep), transfer
	Reason string // reject
	Text   string // reject note, return note, reply, revise note
	Rating int    // rate
	Policy int64  // link (0: unlink)
	Review bool   // reply: hold the reply for review (the setting)
}

// Staff is who takes a step: the 政务公开办 (Triage: it accepts, assigns,
// reviews and selects) or a department's replier.
type Staff struct {
	Username string
	DeptID   int64
	Triage   bool // holds the supervise permission
	Replier  bool // holds the reply permission
}

// Sees reports whether staff may see the letter: the office sees every
// letter, a replier the letters of their department.
func (s Staff) Sees(l *Letter) bool {
	return s.Triage || (s.Replier && s.DeptID != 0 && s.DeptID == l.DeptID)
}

func refused(code, msg string) error { return errs.New(errs.Conflict, "interact.Apply", code, msg) }
func forbidden(msg string) error {
	return errs.New(errs.Forbidden, "interact.Apply", "not_permitted", msg)
}

// Apply takes step st on l, by who, on today, with the calendar for the
// due date. It changes l only when the step is allowed; the store calls
// it inside the transaction that saves the letter, so the rule is
// checked against the state it changes. The writer's rating has who zero.
func Apply(cal *calendar.Calendar, l *Letter, who Staff, st Step, today calendar.Date) error {
	triage := func() error {
		if !who.Triage {
			return forbidden("只有政务公开办可以分办、转办、审核和选登留言。")
		}
		return nil
	}
	text := strings.TrimSpace(st.Text)
	switch st.Action {
	case ActAccept:
		if err := triage(); err != nil {
			return err
		}
		if l.Status != Received {
			return refused("letter_not_received", "只有待分办的留言可以受理。")
		}
		dept := st.DeptID
		if dept == 0 {
			dept = l.DeptID
		}
		if dept == 0 {
			return errs.InField("dept", errs.New(errs.Invalid, "interact.Apply", "dept_required", "请选择承办部门。"))
		}
		l.Status, l.Simple, l.DeptID = Handling, st.Simple, dept
		l.DueOn = DueOn(cal, l.ReceivedOn, st.Simple)
		l.Note = ""
	case ActReject:
		if err := triage(); err != nil {
			return err
		}
		if l.Status != Received {
			return refused("letter_not_received", "只有待分办的留言可以不予受理。")
		}
		if rejectReasons[st.Reason].label == "" {
			return errs.InField("reason", errs.New(errs.Invalid, "interact.Apply", "invalid_reason", "请选择不予受理的理由。"))
		}
		if st.Reason == RejectOther && text == "" {
			return errs.InField("note", errs.New(errs.Invalid, "interact.Apply", "note_required", "选择“其他原因”时请写明理由。"))
		}
		l.Status, l.Reason, l.Note, l.DueOn = Rejected, st.Reason, text, calendar.Date{}
	case ActTransfer:
		if err := triage(); err != nil {
			return err
		}
		if l.Status != Handling {
			return refused("letter_not_handling", "只有办理中的留言可以转办。")
		}
		if st.DeptID == 0 || st.DeptID == l.DeptID {
			return errs.InField("dept", errs.New(errs.Invalid, "interact.Apply", "dept_required", "请选择另一个承办部门。"))
		}
		l.DeptID = st.DeptID
	case ActReturn:
		if !who.Sees(l) || !who.Replier {
			return forbidden("只有承办部门的答复人员可以退回分办。")
		}
		if l.Status != Handling {
			return refused("letter_not_handling", "只有办理中的留言可以退回分办。")
		}
		if text == "" {
			return errs.InField("note", errs.New(errs.Invalid, "interact.Apply", "note_required", "请写明退回的理由，例如不属于本部门职责、建议转哪个部门。"))
		}
		// The clock keeps running from the day the letter was received:
		// a return never buys time.
		l.Status, l.Note = Received, text
	case ActReply:
		if !who.Replier || who.DeptID == 0 || who.DeptID != l.DeptID {
			return forbidden("只有承办部门的答复人员可以答复。")
		}
		if l.Status != Handling {
			return refused("letter_not_handling", "只有办理中的留言可以答复。")
		}
		if text == "" {
			return errs.InField("content", errs.New(errs.Invalid, "interact.Apply", "reply_required", "请填写答复内容。"))
		}
		if tooLong(text, MaxReply) || !plainText(text, true) {
			return errs.InField("content", errs.New(errs.Invalid, "interact.Apply", "invalid_reply", "答复内容不超过 10000 个字，不含控制字符。"))
		}
		l.Reply, l.ReplyBy, l.ReplyDept, l.Note = text, who.Username, l.DeptID, ""
		if st.Review {
			l.Status = Reviewing
		} else {
			l.release(today)
		}
	case ActApprove:
		if err := triage(); err != nil {
			return err
		}
		if l.Status != Reviewing {
			return refused("letter_not_reviewing", "只有待审核的答复可以审核。")
		}
		l.release(today)
	case ActRevise:
		if err := triage(); err != nil {
			return err
		}
		if l.Status != Reviewing {
			return refused("letter_not_reviewing", "只有待审核的答复可以退回修改。")
		}
		if text == "" {
			return errs.InField("note", errs.New(errs.Invalid, "interact.Apply", "note_required", "请写明需要修改的地方。"))
		}
		l.Status, l.Note = Handling, text
	case ActPublish:
		if err := triage(); err != nil {
			return err
		}
		if !l.PublishOK {
			return refused("publish_not_consented", "留言人未同意公开，这封留言不能选登。")
		}
		if l.Status != Replied {
			return refused("letter_not_replied", "只有已答复的留言可以选登。")
		}
		l.Published = true
	case ActHide:
		if err := triage(); err != nil {
			return err
		}
		l.Published = false
	case ActRate:
		if l.Status != Replied {
			return refused("letter_not_replied", "留言答复后才能评价。")
		}
		if l.Rating != 0 {
			return refused("already_rated", "这封留言已经评价过了。")
		}
		if st.Rating < 1 || st.Rating > 5 {
			return errs.InField("rating", errs.New(errs.Invalid, "interact.Apply", "invalid_rating", "请选择 1 至 5 分的满意度。"))
		}
		l.Rating = st.Rating
	case ActLink:
		if !who.Sees(l) {
			return forbidden("您不能处理这封留言。")
		}
		l.PolicyID = st.Policy
	default:
		return errs.New(errs.Invalid, "interact.Apply", "invalid_action", "不支持的操作。")
	}
	return nil
}

func (l *Letter) release(today calendar.Date) {
	l.Status, l.RepliedOn, l.DueOn = Replied, today, calendar.Date{}
}

// OnTime reports whether a replied letter was answered by its due date,
// recomputed from its classification (the due column is cleared on reply).
func (l *Letter) OnTime(cal *calendar.Calendar) bool {
	return l.Status == Replied && !l.RepliedOn.After(DueOn(cal, l.ReceivedOn, l.Simple))
}

// Light is a letter's traffic light in staff lists: red overdue, yellow
// due today or on the next working day, green otherwise; none when no
// reply is owed.
type Light string

// The lights.
const (
	Green  Light = "green"
	Yellow Light = "yellow"
	Red    Light = "red"
	None   Light = ""
)

// YellowDays is how many working days left (or fewer) turn a letter yellow.
const YellowDays = 1

// LightOf returns the light of a due date as of today.
func LightOf(cal *calendar.Calendar, due, today calendar.Date) Light {
	return Light(cal.Light(due, today, YellowDays))
}

// EscalationMonths is how long an unanswered letter may wait before it is on
// the escalation list: the national website checklist vetoes a site with a
// letter unanswered for 3 months.
const EscalationMonths = 3

// EscalationBefore is the received date before which an open letter is
// escalated as of today.
func EscalationBefore(today calendar.Date) calendar.Date {
	t := time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, time.UTC).AddDate(0, -EscalationMonths, 0)
	return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

var (
	longDigits = regexp.MustCompile(`\d[\d\- ]{5,}\d`)
	emailIn    = regexp.MustCompile(`[^\s@，。,;；:：()（）<>]+@[^\s@，。,;；:：()（）<>]+\.[A-Za-z]{2,}`)
)

// PublicText is a letter's text as 留言选登 shows it: the writer's name,
// e-mail addresses and runs of seven or more digits (phone, ID and card
// numbers) replaced by asterisks, whatever the writer typed into the text.
func PublicText(s, writerName string) string {
	if n := strings.TrimSpace(writerName); n != "" {
		s = strings.ReplaceAll(s, n, strings.Repeat("*", len([]rune(n))))
	}
	s = emailIn.ReplaceAllString(s, "***@***")
	return longDigits.ReplaceAllStringFunc(s, func(m string) string { return strings.Repeat("*", len(m)) })
}
