// Package register writes the yearly register of information requests
// (依申请公开台账) that the municipal platform takes: JSON with a stable
// schema and an Excel workbook. It turns foi.RegisterRow values into files
// and nothing else: which cases a year holds is foi's rule and the store's
// query; neither HTTP nor SQL is spoken here. Both writers take the rows
// one at a time, so an export never holds more than the store's page.
package register

import (
	"cmp"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

// Header is what a register says about itself.
type Header struct {
	Year        int
	Organ       string // the organ whose register it is
	GeneratedAt time.Time
}

// Title is the register's title, e.g. 菊园新区管委会2025年政府信息公开申请台账.
func (h Header) Title() string {
	return h.Organ + itoa(h.Year) + "年政府信息公开申请办理台账"
}

func itoa(n int) string { return strconv.Itoa(n) }

// The wording of the codes, as the register prints them.
var (
	channelLabels  = map[foi.Channel]string{foi.InPerson: "当面提交", foi.MailSigned: "邮寄（签收）", foi.MailUnsigned: "平常信函", foi.Online: "互联网", foi.Fax: "传真"}
	kindLabels     = map[string]string{"person": "自然人", "org": "法人或其他组织"}
	formatLabels   = map[string]string{"paper": "纸质", "electronic": "电子"}
	deliveryLabels = map[string]string{"post": "邮寄", "email": "电子邮件", "pickup": "自行领取", "onsite": "当场阅读、抄录"}
	consultLabels  = map[string]string{"third_party": "第三方", "organ": "其他机关"}
)

// ChannelLabel is the Chinese name of a channel.
func ChannelLabel(c foi.Channel) string { return cmp.Or(channelLabels[c], string(c)) }

// KindLabel is the Chinese name of an applicant kind.
func KindLabel(k string) string { return cmp.Or(kindLabels[k], k) }

// ConsultLabel is the Chinese name of a consulted party's kind.
func ConsultLabel(k string) string { return cmp.Or(consultLabels[k], k) }

// eventDetail is the substance of an event in one line of text, for the
// workbook's events sheet: what the JSON carries in the event's own fields.
func eventDetail(e *foi.RecordedEvent) string {
	var parts []string
	add := func(label, v string) {
		if strings.TrimSpace(v) != "" {
			parts = append(parts, label+"："+v)
		}
	}
	switch e.Type {
	case foi.RequestSupplement:
		add("补正期限", e.ReplyBy.String())
		add("补正事项", strings.Join(strings.Fields(strings.ReplaceAll(e.Reason, "\n", "；")), " "))
	case foi.ConsultStart, foi.ConsultEnd:
		add("对象类型", consultLabels[e.Kind])
		add("被征求意见方", e.Party)
	case foi.Extend:
		add("理由", e.Reason)
	case foi.FeeNotice:
		add("金额（元）", itoa(e.AmountYuan))
	case foi.Answer, foi.Draft:
		add("办理结果", e.Outcome.Label())
		add("理由", e.Reason)
		if e.Type == foi.Answer && e.Draft != 0 {
			add("签发拟办", "第 "+itoa(e.Draft)+" 项")
		}
	case foi.Mail:
		add("寄送单位", e.Carrier)
		add("单号", e.TrackingNo)
	case foi.Archive:
		add("归档位置", e.Location)
	case foi.Contact:
		add("沟通方式", foi.ContactKinds[e.Kind])
	}
	return strings.Join(parts, "；")
}

// consultationsText lists a row's consultations, one a line.
func consultationsText(r *foi.RegisterRow) string {
	lines := make([]string, len(r.Consultations))
	for i, c := range r.Consultations {
		s := ConsultLabel(c.Kind) + " " + c.Party + "：" + c.StartedOn.String() + " 至 "
		if c.EndedOn.IsZero() {
			s += "（未结束）"
		} else {
			s += c.EndedOn.String()
		}
		if c.NoticeNo != "" {
			s += "（" + c.NoticeNo + "）"
		}
		lines[i] = s
	}
	return strings.Join(lines, "\n")
}

// reviewsText lists a row's reviews and lawsuits, one a line.
func reviewsText(r *foi.RegisterRow) string {
	lines := make([]string, len(r.Reviews))
	for i, v := range r.Reviews {
		s := foi.ReviewKindLabel(v.Kind) + " " + v.FiledOn.String() + " 立案，" + foi.ReviewResultLabel(v.Result)
		if !v.ClosedOn.IsZero() {
			s += "，" + v.ClosedOn.String() + " 审结"
		}
		lines[i] = s
	}
	return strings.Join(lines, "\n")
}

// dateOf is the civil date in China of an instant.
func dateOf(t time.Time) calendar.Date {
	if t.IsZero() {
		return calendar.Date{}
	}
	return calendar.DateOf(t)
}

// Writer writes a register row by row; Close finishes the file.
type Writer interface {
	Add(*foi.RegisterRow) error
	Rows() int
	Close() error
}

// The formats.
const (
	JSON = "json"
	XLSX = "xlsx"
)

// New starts a register in format (JSON or XLSX) on w.
func New(format string, w io.Writer, h Header) (Writer, error) {
	switch format {
	case JSON:
		return NewJSON(w, h)
	case XLSX:
		return NewXLSX(w, h)
	}
	return nil, errs.Newf(errs.Invalid, "register.New", "invalid_format", "台账格式应为 json 或 xlsx，而不是“%s”。", format)
}

// ContentType is the media type of a format.
func ContentType(format string) string {
	if format == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/json; charset=utf-8"
}

// FileName is the download's name, e.g. 依申请公开台账-2025.xlsx, and its
// ASCII fallback foi-register-2025.xlsx.
func FileName(year int, format string) (name, ascii string) {
	return "依申请公开台账-" + itoa(year) + "." + format, "foi-register-" + itoa(year) + "." + format
}

var errClosed = errors.New("register: the file is closed")
