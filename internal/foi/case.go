package foi

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Length limits of the fields of an application and of its events, in
// characters. The forms, the API and the store all check them through
// Validate, so a limit is stated once; the event texts are kept for good
// (the trail and the notices quote them).
const (
	MaxName        = 100 // applicant's 姓名 or 名称
	MaxIDType      = 20
	MaxIDNumber    = 40
	MaxEmail       = 100
	MaxAddress     = 200
	MaxDescription = 2000
	MaxPurpose     = 500
	MaxParty       = 100 // consulted party
	MaxReason      = 500 // reason of an extension
	MaxShort       = 50  // carrier and tracking number of a mailing
	MaxLocation    = 100 // archive location
	MaxAmountYuan  = 10_000_000
	MaxFileSize    = 5 << 20 // a file of an application, such as the ID scan
)

// Application is an information request with its computed clock. Its
// applicant holds only masked values unless the sealed data was opened.
type Application struct {
	ID          int64
	Number      string
	Channel     Channel
	ReceivedOn  calendar.Date // as entered for in-person and signed mail
	DeptID      int64
	Applicant   Applicant
	Request     Request
	Events      []RecordedEvent
	Clock       *Clock
	Version     int64
	CreatedBy   string
	Created     time.Time
	Updated     time.Time
	OrgCategory string
}

// RecordedEvent is an Event as the case holds it: with its place in the
// case, who recorded it and when. Event stays the clock's input, which a
// new step has before anyone records it.
type RecordedEvent struct {
	Event
	Seq   int
	Actor string
	At    time.Time
}

// ClockEvents are the application's events as Compute takes them.
func (a *Application) ClockEvents() []Event {
	events := make([]Event, len(a.Events))
	for i, e := range a.Events {
		events[i] = e.Event
	}
	return events
}

// SubmittedOn is the day the application reached the organ as far as the
// system knows it: for an online application the day it was submitted; for
// the other channels staff enter the application after it arrived, so the
// system does not know (zero), and ReceivedOn or the confirmation fixes it.
func (a *Application) SubmittedOn() calendar.Date {
	if a.Channel == Online {
		return calendar.DateOf(a.Created)
	}
	return calendar.Date{}
}

// ComputeClock replays the application's events on cal and sets its Clock.
func (a *Application) ComputeClock(cal *calendar.Calendar) error {
	c, err := Compute(cal, DefaultSettings, a.Channel, a.ReceivedOn, a.ClockEvents())
	if err != nil {
		return err
	}
	a.Clock = c
	return nil
}

// Validate checks the free text and the amount of an event before the clock
// rules see it; the messages name the field.
func (e *Event) Validate() error {
	for _, f := range []struct {
		value, name string
		max         int
	}{
		{e.Party, "被征求意见方", MaxParty}, {e.Reason, "延期理由", MaxReason},
		{e.Carrier, "寄送单位", MaxShort}, {e.TrackingNo, "邮件单号", MaxShort}, {e.Location, "归档位置", MaxLocation},
	} {
		if utf8.RuneCountInString(f.value) > f.max {
			return errs.Newf(errs.Invalid, "foi.Event.Validate", "field_too_long", "“%s”不超过 %d 个字。", f.name, f.max)
		}
	}
	if e.AmountYuan < 0 || e.AmountYuan > MaxAmountYuan {
		return errs.New(errs.Invalid, "foi.Event.Validate", "invalid_amount", "收费金额应为正整数（元）。")
	}
	return nil
}

// choice is a code with its Chinese label, in the order a select offers it.
type choice struct{ code, label string }

func codes(cs []choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.code
	}
	return out
}

func labelOf(cs []choice, code string) string {
	for _, c := range cs {
		if c.code == code {
			return c.label
		}
	}
	return ""
}

var (
	reviewKinds = []choice{
		{"reconsideration", "行政复议"}, {"litigation_direct", "行政诉讼（未经复议直接起诉）"},
		{"litigation_after_reconsideration", "行政诉讼（复议后起诉）"},
	}
	reviewResults = []choice{{"pending", "尚未审结"}, {"upheld", "维持具体行政行为"}, {"corrected", "结果纠正"}, {"other", "其他结果"}}
)

// ReviewKinds lists the kinds of review (the columns of the annual
// report's section 四), in order.
func ReviewKinds() []string { return codes(reviewKinds) }

// ReviewResults lists the results of a review, pending first.
func ReviewResults() []string { return codes(reviewResults) }

// ReviewKindLabel is the Chinese name of a review kind, "" if unknown.
func ReviewKindLabel(kind string) string { return labelOf(reviewKinds, kind) }

// ReviewResultLabel is the Chinese name of a review result, "" if unknown.
func ReviewResultLabel(result string) string { return labelOf(reviewResults, result) }

// Review is a 行政复议 or 行政诉讼 over an application.
type Review struct {
	Kind     string // one of ReviewKinds
	FiledOn  calendar.Date
	Result   string // one of ReviewResults
	ClosedOn calendar.Date
}

// Validate checks a review as entered; the date against today is the
// store's, which knows today.
func (r *Review) Validate() error {
	const op = "foi.Review.Validate"
	if ReviewKindLabel(r.Kind) == "" {
		return errs.New(errs.Invalid, op, "invalid_review_kind", "类型应为行政复议（reconsideration）、直接起诉（litigation_direct）或复议后起诉（litigation_after_reconsideration）。")
	}
	if ReviewResultLabel(r.Result) == "" {
		return errs.New(errs.Invalid, op, "invalid_review_result", "结果应为 upheld（维持）、corrected（纠正）、other（其他）或 pending（尚未审结）。")
	}
	if r.FiledOn.IsZero() {
		return errs.New(errs.Invalid, op, "invalid_date", "请填写立案（申请）日期。")
	}
	if r.Result == "pending" && !r.ClosedOn.IsZero() || r.Result != "pending" && r.ClosedOn.IsZero() || !r.ClosedOn.IsZero() && r.ClosedOn.Before(r.FiledOn) {
		return errs.New(errs.Invalid, op, "invalid_closed_on", "已审结的须填写结案日期（不早于立案日期）；尚未审结的不填。")
	}
	return nil
}

// File is a file of an application (its bytes stay sealed until opened).
type File struct {
	ID   int64
	Kind string // id_scan | other
	Name string
	MIME string // detected from the bytes; "" while undetected
	Size int64
}

// Validate checks a file's kind and size, and its type once detected: an
// application's files are PDFs or images.
func (f *File) Validate() error {
	const op = "foi.File.Validate"
	if f.Kind != "id_scan" && f.Kind != "other" {
		return errs.New(errs.Invalid, op, "invalid_file_kind", "文件类型应为身份证明扫描件（id_scan）或其他（other）。")
	}
	if f.Size > MaxFileSize {
		return errs.New(errs.Invalid, op, "file_too_large", "身份证明等材料不超过 5 MB。")
	}
	if f.MIME != "" && f.MIME != "application/pdf" && !strings.HasPrefix(f.MIME, "image/") {
		return errs.New(errs.Invalid, op, "attachment_type", "身份证明请上传 PDF 或图片（PNG、JPEG）。")
	}
	return nil
}

// DescribeDue says how far a due date is, given its light and the working
// days left (negative when overdue): 已逾期 2 个工作日, 今天到期 or 剩余 3
// 个工作日. A red case seen on the rest day after its due day has 0 days
// left and is still overdue.
func DescribeDue(l Light, left int) string {
	switch {
	case l == Red:
		return fmt.Sprintf("已逾期 %d 个工作日", -left)
	case left == 0:
		return "今天到期"
	}
	return fmt.Sprintf("剩余 %d 个工作日", left)
}
