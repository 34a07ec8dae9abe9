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

// DraftedBy is who recorded the pending draft answer (拟办), "" without
// one; its clock must be computed.
func (a *Application) DraftedBy() string {
	if c := a.Clock; c != nil && c.DraftSeq > 0 && c.DraftSeq <= len(a.Events) {
		return a.Events[c.DraftSeq-1].Actor
	}
	return ""
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
		{e.Note, "说明", MaxReason}, {e.NoticeNo, "文书编号", MaxOfficeText},
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

// File is a file of a case (its bytes stay sealed until opened).
type File struct {
	ID           int64
	Kind         string // one of FileKinds
	Name         string
	MIME         string // detected from the bytes; "" while undetected
	Size         int64
	SupplementID int64 // a file the applicant sent with an online supplement
}

// The kinds of file a case holds: the applicant's own (an ID scan, other
// materials, files sent with a supplement) and the released information
// (答复附件), which the applicant downloads once the answer is signed.
const (
	FileIDScan     = "id_scan"
	FileOther      = "other"
	FileSupplement = "supplement"
	FileReleased   = "released"
)

// MaxReleasedSize bounds one released file (as a document attachment).
const MaxReleasedSize = 20 << 20

// Validate checks a file's kind and size, and its type once detected: the
// applicant's files are PDFs or images; released files are any type a
// document attachment may have (the caller detects it by content).
func (f *File) Validate() error {
	const op = "foi.File.Validate"
	switch f.Kind {
	case FileIDScan, FileOther, FileSupplement:
		if f.Size > MaxFileSize {
			return errs.New(errs.Invalid, op, "file_too_large", "身份证明、补正等材料每个不超过 5 MB。")
		}
		if f.MIME != "" && f.MIME != "application/pdf" && !strings.HasPrefix(f.MIME, "image/") {
			return errs.New(errs.Invalid, op, "attachment_type", "申请材料请上传 PDF 或图片（PNG、JPEG）。")
		}
	case FileReleased:
		if f.Size > MaxReleasedSize {
			return errs.New(errs.Invalid, op, "file_too_large", "答复附件每个不超过 20 MB。")
		}
	default:
		return errs.New(errs.Invalid, op, "invalid_file_kind", "文件类型应为身份证明扫描件（id_scan）、其他材料（other）、补正材料（supplement）或答复附件（released）。")
	}
	return nil
}

// Released are the files of files kept for release with the answer.
func Released(files []*File) []*File {
	var out []*File
	for _, f := range files {
		if f.Kind == FileReleased {
			out = append(out, f)
		}
	}
	return out
}

// KindLabel is the Chinese name of the file's kind.
func (f *File) KindLabel() string {
	return map[string]string{FileIDScan: "身份证明扫描件", FileOther: "其他材料", FileSupplement: "补正材料", FileReleased: "答复附件"}[f.Kind]
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

// MaxSupplement is the limit of the text of an online supplement.
const MaxSupplement = MaxDescription

// Supplement is what the applicant sent online in answer to a 补正通知书.
// It waits for an officer, who confirms it as the supplement_received
// event (the clock restarts on the day it was sent).
type Supplement struct {
	ID           int64
	Text         string
	SubmittedOn  calendar.Date
	Created      time.Time
	ConfirmedSeq int // the seq of its supplement_received event; 0 while pending
	Files        []*File
}

// Upload is a file as submitted, before its type is detected.
type Upload struct {
	Name string
	Data []byte
}
