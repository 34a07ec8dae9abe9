package interact

// 政府开放月: every August the district opens its doors with at least one
// offline event per department, chosen with the public. A topic poll
// (议题征集投票) asks which topic people want; events (开放活动) take
// registrations up to their capacity and then a waitlist; after an event
// staff publish a short report. Dates are civil dates in Asia/Shanghai.

import (
	"fmt"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Field limits of the open month, in characters.
const (
	MaxPollTitle       = 100
	MaxPollDescription = 2000
	MaxPollOption      = 60
	MinPollOptions     = 2
	MaxPollOptions     = 20
	MaxEventTopic      = 100
	MaxEventPlace      = 200
	MaxEventText       = 4000
	MaxEventReport     = 4000
	MaxEventCapacity   = 10000
	MaxRegistrantName  = 50
	MaxRegistrantNote  = 200
)

// PollState is where a poll stands on a day, from its window alone.
type PollState string

// The poll states.
const (
	PollDraft  PollState = "draft"  // before the window: not yet shown to the public
	PollOpen   PollState = "open"   // inside the window: votes are taken
	PollClosed PollState = "closed" // after the window: the counts are final
)

// Label is the state's Chinese name.
func (s PollState) Label() string {
	switch s {
	case PollDraft:
		return "未开始"
	case PollOpen:
		return "投票中"
	case PollClosed:
		return "已结束"
	}
	return string(s)
}

// PollOption is one choice of a poll with its count of votes.
type PollOption struct {
	ID    int64
	Text  string
	Votes int
}

// Poll is a topic poll of the open month.
type Poll struct {
	ID          int64
	Title       string
	Description string
	Options     []PollOption
	OpensOn     calendar.Date // first day votes are taken
	ClosesOn    calendar.Date // last day votes are taken
	DeptID      int64         // the organising department
	DeptName    string        // read model: the department's name
	Created     time.Time
	Updated     time.Time
}

// StateOn is the poll's state on day.
func (p *Poll) StateOn(day calendar.Date) PollState {
	switch {
	case day.Before(p.OpensOn):
		return PollDraft
	case day.After(p.ClosesOn):
		return PollClosed
	}
	return PollOpen
}

// Total is the number of votes cast.
func (p *Poll) Total() int {
	n := 0
	for _, o := range p.Options {
		n += o.Votes
	}
	return n
}

// Percent is an option's share of the votes, in whole percent.
func (p *Poll) Percent(o PollOption) int {
	if t := p.Total(); t > 0 {
		return (o.Votes*100 + t/2) / t
	}
	return 0
}

// Normalize trims the texts and drops empty options.
func (p *Poll) Normalize() {
	p.Title = strings.TrimSpace(p.Title)
	p.Description = strings.TrimSpace(p.Description)
	var opts []PollOption
	for _, o := range p.Options {
		if o.Text = strings.TrimSpace(o.Text); o.Text != "" {
			opts = append(opts, o)
		}
	}
	p.Options = opts
}

// Validate reports every problem of a poll at once, in form order.
func (p *Poll) Validate() error {
	var list []*errs.Error
	switch {
	case p.Title == "":
		list = append(list, problem("title", "title_required", "请填写投票主题。"))
	case tooLong(p.Title, MaxPollTitle):
		list = append(list, problem("title", "title_too_long", fmt.Sprintf("投票主题不超过 %d 字。", MaxPollTitle)))
	}
	if tooLong(p.Description, MaxPollDescription) {
		list = append(list, problem("description", "description_too_long", fmt.Sprintf("说明不超过 %d 字。", MaxPollDescription)))
	}
	switch {
	case len(p.Options) < MinPollOptions:
		list = append(list, problem("options", "too_few_options", fmt.Sprintf("请至少填写 %d 个备选议题。", MinPollOptions)))
	case len(p.Options) > MaxPollOptions:
		list = append(list, problem("options", "too_many_options", fmt.Sprintf("备选议题最多 %d 个。", MaxPollOptions)))
	}
	seen := map[string]bool{}
	for _, o := range p.Options {
		if tooLong(o.Text, MaxPollOption) {
			list = append(list, problem("options", "option_too_long", fmt.Sprintf("每个备选议题不超过 %d 字：“%s”过长。", MaxPollOption, o.Text)))
			break
		}
		if seen[o.Text] {
			list = append(list, problem("options", "option_repeated", "备选议题“"+o.Text+"”重复。"))
			break
		}
		seen[o.Text] = true
	}
	list = append(list, window("opens_on", "closes_on", "投票", p.OpensOn, p.ClosesOn)...)
	if p.DeptID == 0 {
		list = append(list, problem("dept_id", "dept_required", "请选择组织部门。"))
	}
	return errs.Join(list...)
}

// window checks a from–to pair of dates.
func window(fromField, toField, what string, from, to calendar.Date) []*errs.Error {
	var list []*errs.Error
	if from.IsZero() {
		list = append(list, problem(fromField, fromField+"_required", "请填写"+what+"开始日期（YYYY-MM-DD）。"))
	}
	if to.IsZero() {
		list = append(list, problem(toField, toField+"_required", "请填写"+what+"截止日期（YYYY-MM-DD）。"))
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		list = append(list, problem(toField, "window_reversed", what+"截止日期不能早于开始日期。"))
	}
	return list
}

// CanVote refuses a vote outside the poll's window.
func (p *Poll) CanVote(today calendar.Date) error {
	switch p.StateOn(today) {
	case PollDraft:
		return errs.New(errs.Conflict, "interact.Vote", "poll_not_open", fmt.Sprintf("投票尚未开始，开始日期为 %s。", p.OpensOn))
	case PollClosed:
		return errs.New(errs.Conflict, "interact.Vote", "poll_closed", fmt.Sprintf("投票已于 %s 结束，不再接受投票。", p.ClosesOn))
	}
	return nil
}

// CheckMobile validates a mainland mobile number: 11 digits starting with 1.
func CheckMobile(field, phone string) error {
	if phone == "" {
		return problem(field, "phone_required", "请填写手机号码。")
	}
	ok := len(phone) == 11 && phone[0] == '1'
	for i := 0; ok && i < len(phone); i++ {
		ok = phone[i] >= '0' && phone[i] <= '9'
	}
	if !ok {
		return problem(field, "phone_invalid", "手机号码应为以 1 开头的 11 位数字，例如 13812345678。")
	}
	return nil
}

// NormalizeMobile removes the spaces and hyphens people type in a number.
func NormalizeMobile(phone string) string {
	return strings.NewReplacer(" ", "", "-", "", "\u3000", "").Replace(strings.TrimSpace(phone))
}

// EventForm is how the public takes part in an event.
type EventForm string

// The forms of an open-month event.
const (
	Visit      EventForm = "visit"      // 参观
	Talk       EventForm = "talk"       // 座谈
	Experience EventForm = "experience" // 体验
)

// EventForms lists the forms in the order forms show them.
var EventForms = []EventForm{Visit, Talk, Experience}

// Label is the form's Chinese name.
func (f EventForm) Label() string {
	switch f {
	case Visit:
		return "参观"
	case Talk:
		return "座谈"
	case Experience:
		return "体验"
	}
	return string(f)
}

// Valid reports whether f is one of the forms.
func (f EventForm) Valid() bool { return f == Visit || f == Talk || f == Experience }

// Event is an open-month event (开放活动).
type Event struct {
	ID          int64
	Topic       string
	DeptID      int64
	DeptName    string // read model
	On          calendar.Date
	Starts      string // HH:MM
	Ends        string // HH:MM
	Place       string
	Form        EventForm
	Capacity    int
	RegOpens    calendar.Date
	RegCloses   calendar.Date
	Description string
	PollID      int64  // the poll the topic came from, or 0
	PollTitle   string // read model
	Report      string // the report staff publish after the event
	ReportAt    time.Time
	Confirmed   int // read model: confirmed registrations
	Waitlisted  int // read model: registrations on the waitlist
	Created     time.Time
	Updated     time.Time
}

// Normalize trims the texts.
func (e *Event) Normalize() {
	for _, s := range []*string{&e.Topic, &e.Starts, &e.Ends, &e.Place, &e.Description} {
		*s = strings.TrimSpace(*s)
	}
	e.Form = EventForm(strings.TrimSpace(string(e.Form)))
}

// Validate reports every problem of an event at once, in form order.
func (e *Event) Validate() error {
	var list []*errs.Error
	switch {
	case e.Topic == "":
		list = append(list, problem("topic", "topic_required", "请填写活动主题。"))
	case tooLong(e.Topic, MaxEventTopic):
		list = append(list, problem("topic", "topic_too_long", fmt.Sprintf("活动主题不超过 %d 字。", MaxEventTopic)))
	}
	if e.DeptID == 0 {
		list = append(list, problem("dept_id", "dept_required", "请选择组织部门。"))
	}
	if e.On.IsZero() {
		list = append(list, problem("on", "date_required", "请填写活动日期（YYYY-MM-DD）。"))
	}
	starts, okS := clock(e.Starts)
	ends, okE := clock(e.Ends)
	if !okS {
		list = append(list, problem("starts", "starts_invalid", "开始时间应为 HH:MM，例如 09:30。"))
	}
	if !okE {
		list = append(list, problem("ends", "ends_invalid", "结束时间应为 HH:MM，例如 11:30。"))
	}
	if okS && okE && ends <= starts {
		list = append(list, problem("ends", "ends_before_starts", "结束时间应晚于开始时间。"))
	}
	switch {
	case e.Place == "":
		list = append(list, problem("place", "place_required", "请填写活动地点。"))
	case tooLong(e.Place, MaxEventPlace):
		list = append(list, problem("place", "place_too_long", fmt.Sprintf("活动地点不超过 %d 字。", MaxEventPlace)))
	}
	if !e.Form.Valid() {
		list = append(list, problem("form", "form_invalid", "请选择活动形式：参观、座谈或体验。"))
	}
	if e.Capacity < 1 || e.Capacity > MaxEventCapacity {
		list = append(list, problem("capacity", "capacity_invalid", fmt.Sprintf("名额应为 1 至 %d 之间的整数。", MaxEventCapacity)))
	}
	list = append(list, window("reg_opens", "reg_closes", "报名", e.RegOpens, e.RegCloses)...)
	if !e.RegCloses.IsZero() && !e.On.IsZero() && e.RegCloses.After(e.On) {
		list = append(list, problem("reg_closes", "registration_after_event", "报名截止日期不能晚于活动日期。"))
	}
	if tooLong(e.Description, MaxEventText) {
		list = append(list, problem("description", "description_too_long", fmt.Sprintf("活动介绍不超过 %d 字。", MaxEventText)))
	}
	return errs.Join(list...)
}

// clock parses HH:MM into minutes of the day.
func clock(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// Past reports whether the event's day is over on today.
func (e *Event) Past(today calendar.Date) bool { return today.After(e.On) }

// Full reports whether every place is taken (new registrations wait).
func (e *Event) Full() bool { return e.Confirmed >= e.Capacity }

// Left is the number of places still free.
func (e *Event) Left() int { return max(e.Capacity-e.Confirmed, 0) }

// RegistrationOpen is whether people can register on today (and why not).
func (e *Event) RegistrationOpen(today calendar.Date) error {
	const op = "interact.Register"
	switch {
	case !today.Before(e.On):
		return errs.New(errs.Conflict, op, "event_past", "活动已举行或正在举行，不再接受报名。")
	case today.Before(e.RegOpens):
		return errs.New(errs.Conflict, op, "registration_not_open", fmt.Sprintf("报名尚未开始，报名时间为 %s 至 %s。", e.RegOpens, e.RegCloses))
	case today.After(e.RegCloses):
		return errs.New(errs.Conflict, op, "registration_closed", fmt.Sprintf("报名已于 %s 截止。", e.RegCloses))
	}
	return nil
}

// CanReport refuses a report before the event has taken place.
func (e *Event) CanReport(today calendar.Date) error {
	if today.Before(e.On) {
		return errs.New(errs.Conflict, "interact.Report", "event_not_held", "活动举行后才能发布活动报道。")
	}
	return nil
}

// RegistrationStatus is where a registration stands.
type RegistrationStatus string

// The registration states.
const (
	Confirmed  RegistrationStatus = "confirmed"  // has a place
	Waitlisted RegistrationStatus = "waitlisted" // waits for a place, in order
	Cancelled  RegistrationStatus = "cancelled"  // cancelled by the registrant
)

// Label is the status's Chinese name.
func (s RegistrationStatus) Label() string {
	switch s {
	case Confirmed:
		return "报名成功"
	case Waitlisted:
		return "候补"
	case Cancelled:
		return "已取消"
	}
	return string(s)
}

// Registrant is what a person gives to register.
type Registrant struct {
	Name  string
	Phone string
	Note  string
}

// Normalize trims the fields and cleans the phone number.
func (r *Registrant) Normalize() {
	r.Name = strings.TrimSpace(r.Name)
	r.Phone = NormalizeMobile(r.Phone)
	r.Note = strings.TrimSpace(r.Note)
}

// Validate reports every problem at once, in form order.
func (r *Registrant) Validate() error {
	var list []*errs.Error
	switch {
	case r.Name == "":
		list = append(list, problem("name", "name_required", "请填写姓名。"))
	case tooLong(r.Name, MaxRegistrantName):
		list = append(list, problem("name", "name_too_long", fmt.Sprintf("姓名不超过 %d 字。", MaxRegistrantName)))
	}
	if err := CheckMobile("phone", r.Phone); err != nil {
		list = append(list, err.(*errs.Error))
	}
	if tooLong(r.Note, MaxRegistrantNote) {
		list = append(list, problem("note", "note_too_long", fmt.Sprintf("备注不超过 %d 字。", MaxRegistrantNote)))
	}
	return errs.Join(list...)
}

// Registration is one person's registration for an event; Name and Phone
// are masked (the sealed values stay in the store).
type Registration struct {
	ID        int64
	Number    string
	EventID   int64
	Name      string
	Phone     string
	Note      string
	Status    RegistrationStatus
	Position  int // on the waitlist: 1 is next; 0 otherwise
	CheckedIn time.Time
	Created   time.Time
}

// DeptOpenMonth is one department's line on the supervisor's August
// dashboard.
type DeptOpenMonth struct {
	Dept   *auth.Department
	Held   []*Event // offline events held in August of the year
	Coming []*Event // offline events planned in August, not yet held
}

// HasHeld reports whether the department has held an event.
func (d DeptOpenMonth) HasHeld() bool { return len(d.Held) > 0 }

// OpenMonthOf says for each department whether it has held an offline
// event in August of year by today. Every event form is offline.
func OpenMonthOf(depts []*auth.Department, events []*Event, year int, today calendar.Date) []DeptOpenMonth {
	by := map[int64]*DeptOpenMonth{}
	out := make([]DeptOpenMonth, len(depts))
	for i, d := range depts {
		out[i].Dept = d
		by[d.ID] = &out[i]
	}
	for _, e := range events {
		line := by[e.DeptID]
		if line == nil || e.On.Year != year || e.On.Month != time.August {
			continue
		}
		if e.Past(today) {
			line.Held = append(line.Held, e)
		} else {
			line.Coming = append(line.Coming, e)
		}
	}
	return out
}
