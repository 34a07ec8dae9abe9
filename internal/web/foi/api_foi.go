package foi

import (
	"net/http"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/web/kit"
)

// foiCreateJSON is the body of POST /api/v1/foi/applications.
type foiCreateJSON struct {
	Applicant   foi.Applicant `json:"applicant"`
	Description string        `json:"description"`
	Purpose     string        `json:"purpose"`
	Format      string        `json:"format"`
	Delivery    string        `json:"delivery"`
	Channel     foi.Channel   `json:"channel"`     // staff only
	ReceivedOn  calendar.Date `json:"received_on"` // staff only: R for in_person and mail_signed
}

// APICreate accepts an application from anyone; staff with a token may
// register one that came in person, by mail or by fax.
func (s *Handler) APICreate(w http.ResponseWriter, r *http.Request) error {
	const op = "web.apiCreateFOI"
	var in foiCreateJSON
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	actorName, ch := "anonymous", foi.Online
	u, err := s.BearerUser(r)
	if err != nil {
		return err
	}
	if u != nil {
		if !u.Can(auth.HandleFOI) {
			return errs.New(errs.Forbidden, op, "forbidden", "只有依申请公开经办人可以登记其他渠道的申请。")
		}
		actorName = u.Username
		if in.Channel != "" {
			ch = in.Channel
		}
	} else if in.Channel != "" || !in.ReceivedOn.IsZero() {
		return errs.New(errs.Invalid, op, "channel_staff_only", "channel 和 received_on 只能由工作人员（携带令牌）填写；网上申请请省略这两项。")
	} else if err := s.limit.Allow(r, s.Now()); err != nil {
		return err // anonymous submissions are bounded per client; staff registrations are not
	}
	app, code, err := s.Store.CreateApplication(r.Context(), actorName, ch, in.ReceivedOn, in.Applicant,
		foi.Request{Description: in.Description, Purpose: in.Purpose, Format: in.Format, Delivery: in.Delivery})
	if err != nil {
		return foiAPIFields(err)
	}
	kit.WriteJSON(w, http.StatusCreated, map[string]any{"number": app.Number, "query_code": code, "status": app.Clock.Status})
	return nil
}

// foiApplicantKeys are the JSON keys of foi.Applicant, which the create
// body nests under "applicant".
var foiApplicantKeys = map[string]bool{"kind": true, "name": true, "org_category": true, "id_type": true, "id_number": true,
	"legal_rep": true, "contact": true, "phone": true, "email": true, "address": true}

// foiAPIFields names the applicant's fields of the input errors of err as
// the create body has them (applicant.name); the request's fields are
// top-level keys already.
func foiAPIFields(err error) error {
	all := errs.All(err)
	if !errs.Is(err, errs.Invalid) || len(all) == 0 {
		return err
	}
	out := make([]*errs.Error, len(all))
	for i, e := range all {
		c := *e
		if foiApplicantKeys[c.Field] {
			c.Field = "applicant." + c.Field
		}
		out[i] = &c
	}
	return errs.Join(out...)
}

// foiEventJSON is the body of POST …/events and an item of the events list.
// Version, in the body only, is the application's version the client read
// (as the case page's form carries it), so two officers never record over
// each other.
type foiEventJSON struct {
	Version    int64         `json:"version,omitempty"`
	Seq        int           `json:"seq,omitempty"`
	Type       foi.EventType `json:"type"`
	On         calendar.Date `json:"on"`
	ReplyBy    calendar.Date `json:"reply_by,omitzero"`
	Party      string        `json:"party,omitempty"`
	Kind       string        `json:"kind,omitempty"`
	Reason     string        `json:"reason,omitempty"`
	AmountYuan int           `json:"amount_yuan,omitempty"`
	Outcome    foi.Outcome   `json:"outcome,omitempty"`
	Carrier    string        `json:"carrier,omitempty"`
	TrackingNo string        `json:"tracking_no,omitempty"`
	Location   string        `json:"location,omitempty"`
	Note       string        `json:"note,omitempty"`
	Draft      int           `json:"draft,omitempty"`
	NoticeNo   string        `json:"notice_no,omitempty"`
	Actor      string        `json:"actor,omitempty"`
	At         *time.Time    `json:"at,omitempty"`
}

// APIAddEvent serves POST /api/v1/foi/applications/{number}/events.
func (s *Handler) APIAddEvent(w http.ResponseWriter, r *http.Request) error {
	var in foiEventJSON
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Seq != 0 || in.Actor != "" || in.At != nil || in.NoticeNo != "" {
		return errs.New(errs.Invalid, "web.apiAddFOIEvent", "unknown_field", "seq、actor、at、notice_no 由系统记录，请勿提交。")
	}
	// Version 0 would skip the store's check.
	if in.Version <= 0 {
		return errs.New(errs.Invalid, "web.apiAddFOIEvent", "version_required", "请提交申请的版本号 version（读取申请时返回）。")
	}
	e := foi.Event{Type: in.Type, On: in.On, ReplyBy: in.ReplyBy, Party: in.Party, Kind: in.Kind, Reason: in.Reason, AmountYuan: in.AmountYuan,
		Outcome: in.Outcome, Carrier: in.Carrier, TrackingNo: in.TrackingNo, Location: in.Location, Note: in.Note, Draft: in.Draft}
	app, err := s.Store.AddFOIEvent(r.Context(), kit.User(r), r.PathValue("number"), in.Version, e)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, foiStaffJSON(app))
	return nil
}

// APIApplication serves GET /api/v1/foi/applications/{number}.
func (s *Handler) APIApplication(w http.ResponseWriter, r *http.Request) error {
	app, err := s.Store.FOIApplicationByNumber(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, foiStaffJSON(app))
	return nil
}

// foiStaffJSON is the staff view of a case: masked applicant, events and the
// explained clock.
func foiStaffJSON(a *foi.Application) map[string]any {
	c := a.Clock
	events := make([]foiEventJSON, len(a.Events))
	for i, e := range a.Events {
		at := e.At
		events[i] = foiEventJSON{Seq: e.Seq, Type: e.Type, On: e.On, ReplyBy: e.ReplyBy, Party: e.Party, Kind: e.Kind, Reason: e.Reason,
			AmountYuan: e.AmountYuan, Outcome: e.Outcome, Carrier: e.Carrier, TrackingNo: e.TrackingNo, Location: e.Location,
			Note: e.Note, Draft: e.Draft, NoticeNo: e.NoticeNo, Actor: e.Actor, At: &at}
	}
	explanation := c.Explanation
	if explanation == nil {
		explanation = []foi.Step{}
	}
	return map[string]any{
		"number": a.Number, "status": c.Status, "channel": a.Channel, "version": a.Version, "received_on": c.ReceivedOn, "due_on": c.DueOn,
		"paused_workdays": c.PausedWorkdays, "extended": c.Extended, "outcome": c.Outcome, "late": c.Late, "provisional": c.Provisional,
		"applicant": map[string]string{"kind": a.Applicant.Kind, "name": a.Applicant.Name, "id_type": a.Applicant.IDType,
			"id_number": a.Applicant.IDNumber, "phone": a.Applicant.Phone, "org_category": a.Applicant.OrgCategory,
			"legal_rep": a.Applicant.LegalRep, "contact": a.Applicant.Contact},
		"description": a.Request.Description, "events": events, "explanation": explanation, "dept_id": a.DeptID,
		"draft_seq": c.DraftSeq, "draft_approved": c.DraftApproved,
	}
}

// APITrack is the applicant's view: status and dates, no personal data.
// A wrong number/code pair is 404, and guessing is rate-limited.
func (s *Handler) APITrack(w http.ResponseWriter, r *http.Request) error {
	if err := s.limit.Allow(r, s.Now()); err != nil {
		return err
	}
	q := r.URL.Query()
	app, err := s.Store.TrackFOI(r.Context(), q.Get("number"), q.Get("code"))
	if err != nil {
		return err
	}
	c := app.Clock
	items, by := []string{}, calendar.Date{}
	if c.Status == foi.AwaitingSupplement {
		items, by = supplementItems(app), c.SupplementBy
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"number": app.Number, "status": c.Status, "status_label": c.Status.Label(),
		"received_on": c.ReceivedOn, "due_on": c.DueOn, "outcome": c.Outcome, "outcome_label": c.Outcome.Label(),
		"supplement_by": by, "supplement_items": items})
	return nil
}

// APIAddReview serves POST /api/v1/foi/applications/{number}/reviews.
func (s *Handler) APIAddReview(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Kind     string        `json:"kind"`
		FiledOn  calendar.Date `json:"filed_on"`
		Result   string        `json:"result"`
		ClosedOn calendar.Date `json:"closed_on"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.Store.AddFOIReview(r.Context(), kit.Actor(r), r.PathValue("number"),
		foi.Review{Kind: in.Kind, FiledOn: in.FiledOn, Result: in.Result, ClosedOn: in.ClosedOn}); err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, map[string]any{"number": r.PathValue("number"), "kind": in.Kind, "result": in.Result})
	return nil
}
