package foi

import (
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// The yearly register (依申请公开台账) lists every case that had a node in
// the year, with every node of the case, for the municipal platform and the
// annual report. A case is in year Y's register when any of these holds:
//
//   - it was created (registered or submitted online) in Y;
//   - the day entered as received (in person, signed mail) falls in Y;
//   - any of its events is dated in Y (the confirmation, which fixes R for
//     the online, fax and unsigned-mail channels, is one);
//   - a review or lawsuit over it was filed or closed in Y;
//   - it was created before Y and not concluded (answered or withdrawn)
//     before Y began, so it was still open in Y (the annual report's
//     "carry over" cases, even those with no step recorded in Y).
//
// So a case received in December and answered in January is in both years'
// registers, and a case answered in one year whose answer is mailed or
// archived in the next is in both.
//
// The register holds no personal data: neither the applicant's name, ID,
// phone, e-mail nor address, nor their masks, nor the free-text notes of
// events (the communication log and review notes may name the applicant);
// it keeps the applicant's kind and organisation category, the request's
// description, and the staff who acted.

// MinRegisterYear is the first year of the register: the 条例 took effect on
// 2008-05-01.
const MinRegisterYear = 2008

// CheckRegisterYear refuses a year outside the register's range.
func CheckRegisterYear(year int) error {
	if year < MinRegisterYear || year > 2099 {
		return errs.InField("year", errs.Newf(errs.Invalid, "foi.CheckRegisterYear", "invalid_year",
			"年份应为 %d 至 2099 之间的四位数字。", MinRegisterYear))
	}
	return nil
}

// RegisterRow is one case of the register: what identifies it (without the
// applicant), its statutory clock, its nodes flattened into dates, and its
// events and reviews as recorded.
type RegisterRow struct {
	Number        string
	Channel       Channel
	ApplicantKind string // person | org
	OrgCategory   string // for org: one of OrgCategories
	DeptCode      string // 承办部门
	DeptName      string
	Description   string
	Format        string // paper | electronic
	Delivery      string // post | email | pickup | onsite
	Created       time.Time

	Status         Status
	ReceivedOn     calendar.Date // R, as the clock fixes it
	DueOn          calendar.Date // the statutory due date; zero while the clock is stopped
	Extended       bool
	PausedWorkdays int
	Late           bool
	Outcome        Outcome // zero while open

	ConfirmedOn           calendar.Date
	SupplementRequestedOn calendar.Date
	SupplementReplyBy     calendar.Date
	SupplementItems       string // one a line, as the 补正通知书 lists them
	SupplementReceivedOn  calendar.Date
	SupplementNoticeNo    string
	Consultations         []RegisterConsultation
	ExtendedOn            calendar.Date
	ExtensionReason       string
	ExtensionNoticeNo     string
	FeeNoticeOn           calendar.Date
	FeeAmountYuan         int
	FeePaidOn             calendar.Date
	FeeNoticeNo           string
	DraftedOn             calendar.Date // 拟办 of the answer (the draft it signed, else the last one)
	DraftedBy             string
	ApprovedOn            calendar.Date // 审核
	ApprovedBy            string
	SignedOn              calendar.Date // 签发: the answer
	SignedBy              string
	AnsweredOn            calendar.Date
	AnswerNoticeNo        string
	MailedOn              calendar.Date
	MailCarrier           string
	MailTrackingNo        string
	ArchivedOn            calendar.Date
	ArchiveLocation       string
	WithdrawnOn           calendar.Date
	WithdrawalNoticeNo    string
	Contacts              int // entries of the communication log

	Events  []RecordedEvent // every event, in order; the store keeps their notes out
	Reviews []Review
}

// RegisterConsultation is one consultation (征求意见) of a case.
type RegisterConsultation struct {
	Kind      string // third_party | organ
	Party     string
	StartedOn calendar.Date
	EndedOn   calendar.Date // zero while open
	NoticeNo  string        // of the 征求意见书
}

// NewRegisterRow builds the register's row of an application whose clock is
// computed, with its 承办部门 and its reviews. The applicant's identifying
// fields are not read, the events' notes are dropped and consulted third
// parties are not named.
func NewRegisterRow(a *Application, deptCode, deptName string, reviews []Review) RegisterRow {
	r := RegisterRow{Number: a.Number, Channel: a.Channel, ApplicantKind: a.Applicant.Kind, OrgCategory: a.OrgCategory,
		DeptCode: deptCode, DeptName: deptName, Description: a.Request.Description, Format: a.Request.Format,
		Delivery: a.Request.Delivery, Created: a.Created, Reviews: reviews}
	if c := a.Clock; c != nil {
		r.Status, r.ReceivedOn, r.DueOn, r.Extended = c.Status, c.ReceivedOn, c.DueOn, c.Extended
		r.PausedWorkdays, r.Late, r.Outcome, r.AnsweredOn = c.PausedWorkdays, c.Late, c.Outcome, c.AnsweredOn
	}
	r.Events = make([]RecordedEvent, len(a.Events))
	var signed int // the seq of the draft the answer signed
	for i, e := range a.Events {
		e.Note = ""
		r.Events[i] = e
		switch e.Type {
		case Confirm:
			r.ConfirmedOn = e.On
		case RequestSupplement:
			r.SupplementRequestedOn, r.SupplementReplyBy, r.SupplementItems, r.SupplementNoticeNo = e.On, e.ReplyBy, e.Reason, e.NoticeNo
		case SupplementReceived:
			r.SupplementReceivedOn = e.On
		case ConsultStart:
			r.Consultations = append(r.Consultations, RegisterConsultation{Kind: e.Kind, Party: e.Party, StartedOn: e.On, NoticeNo: e.NoticeNo})
		case ConsultEnd:
			for j := range r.Consultations {
				if c := &r.Consultations[j]; c.Party == e.Party && c.EndedOn.IsZero() {
					c.EndedOn = e.On
					break
				}
			}
		case Extend:
			r.ExtendedOn, r.ExtensionReason, r.ExtensionNoticeNo = e.On, e.Reason, e.NoticeNo
		case FeeNotice:
			r.FeeNoticeOn, r.FeeAmountYuan, r.FeeNoticeNo = e.On, e.AmountYuan, e.NoticeNo
		case FeePaid:
			r.FeePaidOn = e.On
		case Answer:
			r.SignedOn, r.SignedBy, r.AnswerNoticeNo, signed = e.On, e.Actor, e.NoticeNo, e.Draft
		case Mail:
			r.MailedOn, r.MailCarrier, r.MailTrackingNo = e.On, e.Carrier, e.TrackingNo
		case Archive:
			r.ArchivedOn, r.ArchiveLocation = e.On, e.Location
		case Withdraw:
			r.WithdrawnOn, r.WithdrawalNoticeNo = e.On, e.NoticeNo
		case Contact:
			r.Contacts++
		}
	}
	r.draftNodes(signed)
	r.hideThirdParties()
	return r
}

// hideThirdParties drops the names of consulted third parties (第三十二条
// protects them; a third party may be a person) from the row and its
// events; consulted organs stay named.
func (r *RegisterRow) hideThirdParties() {
	hidden := map[string]bool{}
	for i := range r.Consultations {
		if c := &r.Consultations[i]; c.Kind != "organ" {
			hidden[c.Party], c.Party = true, ""
		}
	}
	for i := range r.Events {
		if e := &r.Events[i]; hidden[e.Party] {
			e.Party = ""
		}
	}
}

// draftNodes fills the 拟办 and 审核 of the answer: the draft the answer
// signed (by its seq) and the approval that followed it; while the case is
// unanswered, the last draft and its approval, if any (a pending
// sign-off). An answer recorded directly (by a head, or in one step) has
// neither.
func (r *RegisterRow) draftNodes(signed int) {
	if !r.SignedOn.IsZero() && signed == 0 {
		return
	}
	draft := -1
	for i, e := range r.Events {
		if e.Type == Draft && (signed == 0 || e.Seq == signed) {
			draft = i
		}
	}
	if draft < 0 {
		return
	}
	d := r.Events[draft]
	r.DraftedOn, r.DraftedBy = d.On, d.Actor
	for _, e := range r.Events[draft+1:] {
		switch e.Type {
		case DraftApproved:
			r.ApprovedOn, r.ApprovedBy = e.On, e.Actor
			return
		case DraftReturned, Draft:
			return
		}
	}
}
