package register

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/foi"
)

// The JSON register:
//
//	{"year": 2025, "organ": "…", "generated_at": "2026-01-05T09:30:00+08:00", "rows": [Row, …]}
//
// Keys are snake_case; dates are "YYYY-MM-DD" or null when the case has no
// such node; every key of Row, Consultation, Review and the common keys of
// Event are always present (a string without a value is ""), so the schema
// is stable. The keys of an event that only some types carry (reply_by,
// items, party, …) are present only on those types. The schema is part of
// the API (GET /api/v1/foi/register in openapi.json): change it by adding
// keys, never by renaming or removing one.

// Row is one case of the JSON register.
type Row struct {
	Number             string         `json:"number"`
	Channel            foi.Channel    `json:"channel"`
	ChannelLabel       string         `json:"channel_label"`
	ApplicantKind      string         `json:"applicant_kind"`
	ApplicantKindLabel string         `json:"applicant_kind_label"`
	OrgCategory        string         `json:"org_category"`
	OrgCategoryLabel   string         `json:"org_category_label"`
	DeptCode           string         `json:"dept_code"`
	DeptName           string         `json:"dept_name"`
	Description        string         `json:"description"`
	Format             string         `json:"format"`
	Delivery           string         `json:"delivery"`
	CreatedOn          calendar.Date  `json:"created_on"`
	Status             foi.Status     `json:"status"`
	StatusLabel        string         `json:"status_label"`
	ReceivedOn         calendar.Date  `json:"received_on"`
	ConfirmedOn        calendar.Date  `json:"confirmed_on"`
	DueOn              calendar.Date  `json:"due_on"`
	PausedWorkdays     int            `json:"paused_workdays"`
	Extended           bool           `json:"extended"`
	Late               bool           `json:"late"`
	Outcome            foi.Outcome    `json:"outcome"`
	OutcomeLabel       string         `json:"outcome_label"`
	SupplementOn       calendar.Date  `json:"supplement_requested_on"`
	SupplementReplyBy  calendar.Date  `json:"supplement_reply_by"`
	SupplementItems    string         `json:"supplement_items"`
	SupplementReceived calendar.Date  `json:"supplement_received_on"`
	SupplementNoticeNo string         `json:"supplement_notice_no"`
	Consultations      []Consultation `json:"consultations"`
	ExtendedOn         calendar.Date  `json:"extended_on"`
	ExtensionReason    string         `json:"extension_reason"`
	ExtensionNoticeNo  string         `json:"extension_notice_no"`
	FeeNoticeOn        calendar.Date  `json:"fee_notice_on"`
	FeeAmountYuan      int            `json:"fee_amount_yuan"`
	FeePaidOn          calendar.Date  `json:"fee_paid_on"`
	FeeNoticeNo        string         `json:"fee_notice_no"`
	DraftedOn          calendar.Date  `json:"drafted_on"`
	DraftedBy          string         `json:"drafted_by"`
	ApprovedOn         calendar.Date  `json:"approved_on"`
	ApprovedBy         string         `json:"approved_by"`
	SignedOn           calendar.Date  `json:"signed_on"`
	SignedBy           string         `json:"signed_by"`
	AnsweredOn         calendar.Date  `json:"answered_on"`
	AnswerNoticeNo     string         `json:"answer_notice_no"`
	MailedOn           calendar.Date  `json:"mailed_on"`
	MailCarrier        string         `json:"mail_carrier"`
	MailTrackingNo     string         `json:"mail_tracking_no"`
	ArchivedOn         calendar.Date  `json:"archived_on"`
	ArchiveLocation    string         `json:"archive_location"`
	WithdrawnOn        calendar.Date  `json:"withdrawn_on"`
	WithdrawalNoticeNo string         `json:"withdrawal_notice_no"`
	Contacts           int            `json:"contacts"`
	Reviews            []Review       `json:"reviews"`
	Events             []Event        `json:"events"`
}

// Consultation is one 征求意见 of a case.
type Consultation struct {
	Kind      string        `json:"kind"`
	KindLabel string        `json:"kind_label"`
	Party     string        `json:"party"`
	StartedOn calendar.Date `json:"started_on"`
	EndedOn   calendar.Date `json:"ended_on"`
	NoticeNo  string        `json:"notice_no"`
}

// Review is one 行政复议 or 行政诉讼 over a case.
type Review struct {
	Kind        string        `json:"kind"`
	KindLabel   string        `json:"kind_label"`
	FiledOn     calendar.Date `json:"filed_on"`
	Result      string        `json:"result"`
	ResultLabel string        `json:"result_label"`
	ClosedOn    calendar.Date `json:"closed_on"`
}

// Event is one recorded step of a case, without its free-text note.
type Event struct {
	Seq          int           `json:"seq"`
	Type         foi.EventType `json:"type"`
	TypeLabel    string        `json:"type_label"`
	On           calendar.Date `json:"on"`
	Actor        string        `json:"actor"`
	NoticeNo     string        `json:"notice_no"`
	RecordedAt   string        `json:"recorded_at"` // RFC 3339, China time
	ReplyBy      calendar.Date `json:"reply_by,omitzero"`
	Items        string        `json:"items,omitempty"` // request_supplement
	Party        string        `json:"party,omitempty"`
	PartyKind    string        `json:"party_kind,omitempty"`
	Reason       string        `json:"reason,omitempty"`
	AmountYuan   int           `json:"amount_yuan,omitempty"`
	Outcome      foi.Outcome   `json:"outcome,omitempty"`
	OutcomeLabel string        `json:"outcome_label,omitempty"`
	Draft        int           `json:"draft,omitempty"` // answer: the seq of the draft it signs
	Carrier      string        `json:"carrier,omitempty"`
	TrackingNo   string        `json:"tracking_no,omitempty"`
	Location     string        `json:"location,omitempty"`
	ContactKind  string        `json:"contact_kind,omitempty"`
}

// RowOf is r as the JSON register writes it.
func RowOf(r *foi.RegisterRow) Row {
	out := Row{Number: r.Number, Channel: r.Channel, ChannelLabel: ChannelLabel(r.Channel), ApplicantKind: r.ApplicantKind,
		ApplicantKindLabel: KindLabel(r.ApplicantKind), OrgCategory: r.OrgCategory, OrgCategoryLabel: foi.OrgCategories[r.OrgCategory],
		DeptCode: r.DeptCode, DeptName: r.DeptName, Description: r.Description, Format: r.Format, Delivery: r.Delivery,
		CreatedOn: dateOf(r.Created), Status: r.Status, StatusLabel: r.Status.Label(), ReceivedOn: r.ReceivedOn,
		ConfirmedOn: r.ConfirmedOn, DueOn: r.DueOn, PausedWorkdays: r.PausedWorkdays, Extended: r.Extended, Late: r.Late,
		Outcome: r.Outcome, OutcomeLabel: r.Outcome.Label(),
		SupplementOn: r.SupplementRequestedOn, SupplementReplyBy: r.SupplementReplyBy, SupplementItems: r.SupplementItems,
		SupplementReceived: r.SupplementReceivedOn, SupplementNoticeNo: r.SupplementNoticeNo,
		Consultations: []Consultation{}, ExtendedOn: r.ExtendedOn, ExtensionReason: r.ExtensionReason, ExtensionNoticeNo: r.ExtensionNoticeNo,
		FeeNoticeOn: r.FeeNoticeOn, FeeAmountYuan: r.FeeAmountYuan, FeePaidOn: r.FeePaidOn, FeeNoticeNo: r.FeeNoticeNo,
		DraftedOn: r.DraftedOn, DraftedBy: r.DraftedBy, ApprovedOn: r.ApprovedOn, ApprovedBy: r.ApprovedBy,
		SignedOn: r.SignedOn, SignedBy: r.SignedBy, AnsweredOn: r.AnsweredOn, AnswerNoticeNo: r.AnswerNoticeNo,
		MailedOn: r.MailedOn, MailCarrier: r.MailCarrier, MailTrackingNo: r.MailTrackingNo,
		ArchivedOn: r.ArchivedOn, ArchiveLocation: r.ArchiveLocation, WithdrawnOn: r.WithdrawnOn, WithdrawalNoticeNo: r.WithdrawalNoticeNo,
		Contacts: r.Contacts, Reviews: []Review{}, Events: make([]Event, len(r.Events))}
	for _, c := range r.Consultations {
		out.Consultations = append(out.Consultations, Consultation{Kind: c.Kind, KindLabel: ConsultLabel(c.Kind), Party: c.Party,
			StartedOn: c.StartedOn, EndedOn: c.EndedOn, NoticeNo: c.NoticeNo})
	}
	for _, v := range r.Reviews {
		out.Reviews = append(out.Reviews, Review{Kind: v.Kind, KindLabel: foi.ReviewKindLabel(v.Kind), FiledOn: v.FiledOn,
			Result: v.Result, ResultLabel: foi.ReviewResultLabel(v.Result), ClosedOn: v.ClosedOn})
	}
	for i := range r.Events {
		out.Events[i] = eventOf(&r.Events[i])
	}
	return out
}

func eventOf(e *foi.RecordedEvent) Event {
	out := Event{Seq: e.Seq, Type: e.Type, TypeLabel: e.Type.Label(), On: e.On, Actor: e.Actor, NoticeNo: e.NoticeNo,
		ReplyBy: e.ReplyBy, Party: e.Party, AmountYuan: e.AmountYuan, Outcome: e.Outcome, OutcomeLabel: e.Outcome.Label(),
		Draft: e.Draft, Carrier: e.Carrier, TrackingNo: e.TrackingNo, Location: e.Location}
	if !e.At.IsZero() {
		out.RecordedAt = e.At.In(calendar.Zone).Format(time.RFC3339)
	}
	switch e.Type {
	case foi.RequestSupplement:
		out.Items = e.Reason
	case foi.Contact:
		out.ContactKind = e.Kind
	case foi.ConsultStart, foi.ConsultEnd:
		out.PartyKind = e.Kind
		out.Reason = e.Reason
	default:
		out.Reason = e.Reason
	}
	return out
}

// JSONWriter writes the JSON register row by row.
type JSONWriter struct {
	w     *bufio.Writer
	rows  int
	err   error
	close bool
}

// NewJSON starts a JSON register on w with its header.
func NewJSON(w io.Writer, h Header) (*JSONWriter, error) {
	jw := &JSONWriter{w: bufio.NewWriter(w)}
	head, err := marshal(struct {
		Year        int    `json:"year"`
		Organ       string `json:"organ"`
		GeneratedAt string `json:"generated_at"`
	}{h.Year, h.Organ, h.GeneratedAt.In(calendar.Zone).Format(time.RFC3339)})
	if err != nil {
		return nil, err
	}
	// The header's object, left open for the rows.
	_, err = jw.w.Write(append(head[:len(head)-1], []byte(`,"rows":[`)...))
	return jw, err
}

// Add writes one row.
func (jw *JSONWriter) Add(r *foi.RegisterRow) error {
	if jw.err != nil {
		return jw.err
	}
	sep := ",\n"
	if jw.rows == 0 {
		sep = "\n"
	}
	b, err := marshal(RowOf(r))
	if err != nil {
		jw.err = err
		return err
	}
	jw.rows++
	if _, jw.err = jw.w.WriteString(sep); jw.err == nil {
		_, jw.err = jw.w.Write(b)
	}
	return jw.err
}

// Rows is how many rows were written.
func (jw *JSONWriter) Rows() int { return jw.rows }

// Close ends the document and flushes it.
func (jw *JSONWriter) Close() error {
	if jw.err != nil {
		return jw.err
	}
	if jw.close {
		return nil
	}
	jw.close = true
	end := "]}\n"
	if jw.rows > 0 {
		end = "\n" + end
	}
	if _, err := jw.w.WriteString(end); err != nil {
		return err
	}
	return jw.w.Flush()
}

// marshal is json.Marshal without HTML escaping (a description may hold
// < and &, and the file is not HTML) and without the trailing newline.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
