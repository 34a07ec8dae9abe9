package interact

import (
	"net/http"

	"gongkai/internal/auth"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/web/kit"
)

// APICreateLetter serves POST /api/v1/letters: a letter from a program
// (an app, a partner platform), limited per client like the form. The
// form's challenge is for people; the API has the limiter.
func (h *Handler) APICreateLetter(w http.ResponseWriter, r *http.Request) error {
	if err := h.limit.Allow(r, h.Now()); err != nil {
		return err
	}
	var in struct {
		Kind      string `json:"kind"`
		Target    string `json:"target"`
		Name      string `json:"name"`
		Phone     string `json:"phone"`
		Email     string `json:"email"`
		Subject   string `json:"subject"`
		Content   string `json:"content"`
		PublishOK bool   `json:"publish_ok"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	l, code, err := h.Store.CreateLetter(r.Context(), interact.Submission{Kind: interact.Kind(in.Kind), Target: in.Target, Name: in.Name,
		Phone: in.Phone, Email: in.Email, Subject: in.Subject, Content: in.Content, PublishOK: in.PublishOK}, nil)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, map[string]any{"number": l.Number, "query_code": code, "status": l.Status})
	return nil
}

// letterJSON is a letter for staff: masks only, never the sealed data.
func (h *Handler) letterJSON(r *http.Request, l *interact.Letter) (map[string]any, error) {
	codes, err := h.deptCodes(r)
	if err != nil {
		return nil, err
	}
	cal, err := h.Store.Calendar(r.Context())
	if err != nil {
		return nil, err
	}
	events := make([]map[string]any, 0, len(l.Events))
	for _, e := range l.Events {
		events = append(events, map[string]any{"seq": e.Seq, "action": e.Action, "actor": e.Actor, "dept": codes[e.DeptID], "text": e.Text,
			"at": e.At.UTC().Format("2006-01-02T15:04:05Z")})
	}
	return map[string]any{"number": l.Number, "kind": l.Kind, "target": l.Target, "dept": codes[l.DeptID], "subject": l.Subject,
		"content": l.Content, "publish_ok": l.PublishOK, "name": l.NameMask, "phone": l.PhoneMask, "email": l.EmailMask,
		"status": l.Status, "status_label": l.Status.Label(), "simple": l.Simple, "received_on": l.ReceivedOn, "due_on": nullDate(l.DueOn),
		"light": string(interact.LightOf(cal, l.DueOn, calendar.DateOf(h.Now()))), "reason": l.Reason, "note": l.Note, "reply": l.Reply,
		"reply_dept": codes[l.ReplyDept], "replied_on": nullDate(l.RepliedOn), "published": l.Published, "rating": l.Rating,
		"version": l.Version, "events": events}, nil
}

func nullDate(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

func (h *Handler) deptCodes(r *http.Request) (map[int64]string, error) {
	return h.deptMap(r, func(d *auth.Department) string { return d.Code })
}

func (h *Handler) writeLetter(w http.ResponseWriter, r *http.Request, status int, l *interact.Letter) error {
	out, err := h.letterJSON(r, l)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, status, out)
	return nil
}

// APILetter serves GET /api/v1/letters/{number} (staff).
func (h *Handler) APILetter(w http.ResponseWriter, r *http.Request) error {
	l, err := h.letterFor(r)
	if err != nil {
		return err
	}
	return h.writeLetter(w, r, http.StatusOK, l)
}

// apiStep takes a step on the path's letter at the version just read.
func (h *Handler) apiStep(w http.ResponseWriter, r *http.Request, st interact.Step) error {
	l, err := h.letterFor(r)
	if err != nil {
		return err
	}
	l, err = h.Store.LetterStep(r.Context(), kit.User(r), l.Number, l.Version, st)
	if err != nil {
		return err
	}
	return h.writeLetter(w, r, http.StatusOK, l)
}

// APITriage serves POST /api/v1/letters/{number}/triage.
func (h *Handler) APITriage(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Accept bool   `json:"accept"`
		Simple bool   `json:"simple"`
		Dept   string `json:"dept"`
		Reason string `json:"reason"`
		Note   string `json:"note"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	st := interact.Step{Action: interact.ActReject, Reason: in.Reason, Text: in.Note}
	if in.Accept {
		st = interact.Step{Action: interact.ActAccept, Simple: in.Simple}
	}
	if d := strings.TrimSpace(in.Dept); d != "" {
		dept, err := h.Store.DepartmentByCode(r.Context(), d)
		if err != nil {
			return errs.InField("dept", errs.New(errs.Invalid, "web.APITriage", "invalid_dept", "没有编码为 "+d+" 的部门。"))
		}
		st.DeptID = dept.ID
	}
	return h.apiStep(w, r, st)
}

// APIReply serves POST /api/v1/letters/{number}/reply.
func (h *Handler) APIReply(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Content string `json:"content"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	return h.apiStep(w, r, interact.Step{Action: interact.ActReply, Text: in.Content})
}

// APITrackLetter serves GET /api/v1/letters/track?number=&code= (public):
// the letter's progress without personal data.
func (h *Handler) APITrackLetter(w http.ResponseWriter, r *http.Request) error {
	if err := h.limit.Allow(r, h.Now()); err != nil {
		return err
	}
	q := r.URL.Query()
	l, err := h.Store.TrackLetter(r.Context(), q.Get("number"), q.Get("code"))
	if err != nil {
		return err
	}
	names, err := h.deptNames(r)
	if err != nil {
		return err
	}
	out := map[string]any{"number": l.Number, "kind": l.Kind, "subject": l.Subject, "status": l.Status, "status_label": l.Status.Label(),
		"received_on": l.ReceivedOn, "due_on": nullDate(l.DueOn), "reply": nil, "reply_dept": nil, "replied_on": nullDate(l.RepliedOn)}
	if l.Status == interact.Replied {
		out["reply"], out["reply_dept"] = l.Reply, names[l.ReplyDept]
	}
	if l.Status == interact.Rejected {
		out["reason_label"], out["guidance"] = interact.RejectLabel(l.Reason), interact.RejectGuidance(l.Reason)
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}

// APIPublicLetters serves GET /api/v1/public/letters: 留言选登 with the
// four required fields (留言时间, 答复时间, 答复单位) and the texts as
// published.
func (h *Handler) APIPublicLetters(w http.ResponseWriter, r *http.Request) error {
	page, err := kit.PageParam(r.URL.Query())
	if err != nil {
		return err
	}
	const size = 20
	letters, total, err := h.Store.PublishedLetters(r.Context(), page, size)
	if err != nil {
		return err
	}
	names, err := h.deptNames(r)
	if err != nil {
		return err
	}
	items := make([]map[string]any, 0, len(letters))
	for _, l := range letters {
		items = append(items, map[string]any{"number": l.Number, "kind": l.Kind, "subject": l.Subject, "content": l.Content,
			"received_on": l.ReceivedOn, "replied_on": l.RepliedOn, "reply_dept": names[l.ReplyDept], "reply": l.Reply})
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"total": total, "page": page, "size": size, "items": items})
	return nil
}
