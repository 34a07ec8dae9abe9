package interact

// 政府开放月 on the portal: the open month's page (polls, coming events
// and the event column of past events with their reports), a poll with
// its vote, an event with its registration form and receipt, and the
// registrant's look-up and cancellation with number and query code. Every
// POST is rate-limited per address; receipts and look-ups are never cached.

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/web/kit"
)

// openMonthFuncs are the open month's template functions.
var openMonthFuncs = template.FuncMap{
	// omError is the message of the error about field in list, or "".
	"omError": func(list []*errs.Error, field string) string {
		for _, e := range list {
			if e.Field == field {
				return e.Message
			}
		}
		return ""
	},
	// omParas splits a plain-text report into its paragraphs.
	"omParas": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"omForms": func() []interact.EventForm { return interact.EventForms },
}

// openMonthFlash are the open month's flash messages.
var openMonthFlash = map[string]string{
	"om-poll-saved":   "投票已保存。",
	"om-event-saved":  "活动已保存。",
	"om-checked-in":   "已签到。",
	"om-report-saved": "活动报道已保存，已在活动页面公开。",
}

// omFail re-renders a form page with every input error of err next to
// its field (and the first at the top); other errors go to the error page.
func (h *Handler) omFail(w http.ResponseWriter, r *http.Request, err error, name string, data map[string]any) error {
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		return err
	}
	_, data["Error"] = errs.Public(err)
	data["Errors"] = errs.All(err)
	h.Render(w, r, kit.StatusOf(err), name, data)
	return nil
}

func (h *Handler) today() calendar.Date { return calendar.DateOf(h.Now()) }

// OpenMonthPage serves GET /hudong/events: the polls open or closed, the
// coming events and the past ones with their reports.
func (h *Handler) OpenMonthPage(w http.ResponseWriter, r *http.Request) error {
	polls, err := h.Store.Polls(r.Context())
	if err != nil {
		return err
	}
	events, err := h.Store.OpenEvents(r.Context())
	if err != nil {
		return err
	}
	today := h.today()
	polls = slices.DeleteFunc(polls, func(p *interact.Poll) bool { return p.StateOn(today) == interact.PollDraft })
	var coming, past []*interact.Event
	for _, e := range events {
		if e.Past(today) {
			past = append(past, e)
		} else {
			coming = append(coming, e)
		}
	}
	slices.Reverse(past)
	h.Render(w, r, http.StatusOK, "openmonth", map[string]any{"Title": "政府开放月", "Polls": polls, "Coming": coming, "Past": past, "Today": today})
	return nil
}

// publicPoll loads a poll the public may see (not one before its window).
func (h *Handler) publicPoll(r *http.Request) (*interact.Poll, error) {
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	p, err := h.Store.Poll(r.Context(), id)
	if err == nil && p.StateOn(h.today()) == interact.PollDraft {
		err = errs.New(errs.NotFound, "web.poll", "poll_not_found", "投票不存在或尚未开始。")
	}
	return p, err
}

func (h *Handler) pollData(p *interact.Poll) map[string]any {
	today := h.today()
	return map[string]any{"Title": p.Title, "Poll": p, "State": p.StateOn(today), "Today": today}
}

// PollPage serves GET /hudong/polls/{id}.
func (h *Handler) PollPage(w http.ResponseWriter, r *http.Request) error {
	p, err := h.publicPoll(r)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "openmonth_poll", h.pollData(p))
	return nil
}

// Vote serves POST /hudong/polls/{id}: one vote per mobile number; the
// answer shows the counts.
func (h *Handler) Vote(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if err := h.limit.Allow(r, h.Now()); err != nil {
		return err
	}
	p, err := h.publicPoll(r)
	if err != nil {
		return err
	}
	option, phone := kit.FormID(r.PostFormValue("option")), r.PostFormValue("phone")
	if len(phone) > 40 {
		phone = "" // no number is that long; the check asks for one
	}
	if err := h.Store.Vote(r.Context(), p.ID, option, phone); err != nil {
		data := h.pollData(p)
		data["Option"], data["Phone"] = option, phone
		return h.omFail(w, r, err, "openmonth_poll", data)
	}
	if p, err = h.Store.Poll(r.Context(), p.ID); err != nil {
		return err
	}
	data := h.pollData(p)
	data["Voted"] = true
	h.Render(w, r, http.StatusOK, "openmonth_poll", data)
	return nil
}

func (h *Handler) eventData(r *http.Request) (map[string]any, error) {
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	e, err := h.Store.OpenEvent(r.Context(), id)
	if err != nil {
		return nil, err
	}
	today := h.today()
	closed := ""
	if err := e.RegistrationOpen(today); err != nil {
		_, closed = errs.Public(err)
	}
	return map[string]any{"Title": e.Topic, "Event": e, "Today": today, "Closed": closed}, nil
}

// EventPage serves GET /hudong/events/{id}: the event, its registration
// form while registration is open, and its report once published.
func (h *Handler) EventPage(w http.ResponseWriter, r *http.Request) error {
	data, err := h.eventData(r)
	return h.Show(w, r, "openmonth_event", data, err)
}

// Register serves POST /hudong/events/{id}: a place or the waitlist, and
// the receipt with the number and the query code, shown once.
func (h *Handler) Register(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if err := h.limit.Allow(r, h.Now()); err != nil {
		return err
	}
	data, err := h.eventData(r)
	if err != nil {
		return err
	}
	e := data["Event"].(*interact.Event)
	in := interact.Registrant{Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"), Note: r.PostFormValue("note")}
	reg, code, err := h.Store.RegisterForEvent(r.Context(), e.ID, in)
	if err != nil {
		data["Name"], data["Phone"], data["Note"] = in.Name, in.Phone, in.Note
		return h.omFail(w, r, err, "openmonth_event", data)
	}
	h.Render(w, r, http.StatusOK, "openmonth_receipt", map[string]any{"Title": "报名回执", "Event": e, "Reg": reg, "Code": code})
	return nil
}

// LookupPage serves GET /hudong/events/register/lookup.
func (h *Handler) LookupPage(w http.ResponseWriter, r *http.Request) error {
	number := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("number")))
	if len(number) > 40 {
		number = ""
	}
	h.Render(w, r, http.StatusOK, "openmonth_lookup", map[string]any{"Title": "报名查询", "Number": number})
	return nil
}

// lookupCredentials reads and bounds the number and code of a look-up form.
func lookupCredentials(r *http.Request) (number, code string) {
	number = strings.ToUpper(strings.TrimSpace(r.PostFormValue("number")))
	code = strings.ToUpper(strings.TrimSpace(r.PostFormValue("code")))
	if len(number) > 40 || len(code) > 40 {
		return "", ""
	}
	return number, code
}

// Lookup serves POST /hudong/events/register/lookup and, with cancel,
// POST /hudong/events/register/cancel: the registration's state, and its
// cancellation.
func (h *Handler) lookup(cancel bool) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		if err := h.limit.Allow(r, h.Now()); err != nil {
			return err
		}
		number, code := lookupCredentials(r)
		data := map[string]any{"Title": "报名查询", "Number": number}
		fail := func(err error) error {
			if errs.Is(err, errs.NotFound) {
				e := errs.New(errs.NotFound, "web.lookup", "registration_not_found",
					"没有找到该报名：报名编号或查询码不正确。请核对报名回执上的编号和查询码后重试（查询码不区分大小写）。").WithField("number")
				data["Error"], data["Errors"] = e.Message, []*errs.Error{e}
				h.Render(w, r, http.StatusNotFound, "openmonth_lookup", data)
				return nil
			}
			return h.omFail(w, r, err, "openmonth_lookup", data)
		}
		if number == "" || code == "" {
			return h.omFail(w, r, errs.New(errs.Invalid, "web.lookup", "credentials_required", "请填写报名编号和查询码（见报名回执）。").WithField("number"), "openmonth_lookup", data)
		}
		var reg *interact.Registration
		var err error
		if cancel {
			reg, err = h.Store.CancelEventRegistration(r.Context(), number, code)
		} else {
			reg, err = h.Store.EventRegistration(r.Context(), number, code)
		}
		if err != nil {
			if errs.Is(err, errs.Conflict) {
				// Show the registration with the reason it cannot be cancelled.
				if got, gerr := h.Store.EventRegistration(r.Context(), number, code); gerr == nil {
					reg = got
				}
				if reg != nil {
					if e, eerr := h.Store.OpenEvent(r.Context(), reg.EventID); eerr == nil {
						data["Reg"], data["Event"], data["Code"] = reg, e, code
					}
				}
			}
			return fail(err)
		}
		e, err := h.Store.OpenEvent(r.Context(), reg.EventID)
		if err != nil {
			return err
		}
		data["Reg"], data["Event"], data["Code"], data["Cancelled"] = reg, e, code, cancel
		data["CanCancel"] = reg.Status != interact.Cancelled && h.today().Before(e.On)
		h.Render(w, r, http.StatusOK, "openmonth_lookup", data)
		return nil
	}
}

// Lookup serves POST /hudong/events/register/lookup.
func (h *Handler) Lookup(w http.ResponseWriter, r *http.Request) error { return h.lookup(false)(w, r) }

// CancelRegistration serves POST /hudong/events/register/cancel.
func (h *Handler) CancelRegistration(w http.ResponseWriter, r *http.Request) error {
	return h.lookup(true)(w, r)
}
