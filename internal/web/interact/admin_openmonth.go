package interact

// 政府开放月 in the back office (政务公开办, auth.Supervise): the August
// dashboard of departments with and without an offline event held, the
// polls with their counts, the events with their check-in list and report.

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/web/kit"
)

// AdminOpenMonth serves GET /admin/openmonth?year=: which departments have
// held an offline event in August of the year, and the polls and events.
func (h *Handler) AdminOpenMonth(w http.ResponseWriter, r *http.Request) error {
	today := h.today()
	year := today.Year
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2099 {
			return errs.New(errs.Invalid, "web.adminOpenMonth", "invalid_year", "年份应为 2000 至 2099 之间的四位数字。")
		}
		year = y
	}
	ctx := r.Context()
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return err
	}
	events, err := h.Store.OpenEvents(ctx)
	if err != nil {
		return err
	}
	polls, err := h.Store.Polls(ctx)
	if err != nil {
		return err
	}
	lines := interact.OpenMonthOf(depts, events, year, today)
	missing := 0
	for _, l := range lines {
		if !l.HasHeld() {
			missing++
		}
	}
	h.Render(w, r, http.StatusOK, "admin_openmonth", map[string]any{"Title": "政府开放月", "Year": year, "Lines": lines, "Missing": missing,
		"Events": events, "Polls": polls, "Today": today, "Prev": year - 1, "Next": year + 1})
	return nil
}

// pollForm reads a poll from the staff form: one option a line.
func pollForm(r *http.Request) (*interact.Poll, error) {
	p := &interact.Poll{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), DeptID: kit.FormID(r.PostFormValue("dept_id"))}
	for _, line := range strings.Split(r.PostFormValue("options"), "\n") {
		p.Options = append(p.Options, interact.PollOption{Text: line})
	}
	var list []*errs.Error
	p.OpensOn, list = formDate(r, "opens_on", "投票开始日期", list)
	p.ClosesOn, list = formDate(r, "closes_on", "投票截止日期", list)
	p.Normalize()
	return p, withChecks(list, p.Validate())
}

// withChecks joins the form's parse errors with the domain checks of the
// fields that did parse, so a form shows every problem at once.
func withChecks(parsed []*errs.Error, checked error) error {
	if len(parsed) == 0 {
		return checked
	}
	bad := map[string]bool{}
	for _, e := range parsed {
		bad[e.Field] = true
	}
	for _, e := range errs.All(checked) {
		if !bad[e.Field] {
			parsed = append(parsed, e)
		}
	}
	return errs.Join(parsed...)
}

// formDate reads an optional date field; a malformed one is a field error.
func formDate(r *http.Request, field, label string, list []*errs.Error) (calendar.Date, []*errs.Error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return calendar.Date{}, list
	}
	d, err := kit.DateParam(label, v)
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) {
			list = append(list, e.WithField(field))
		}
	}
	return d, list
}

func (h *Handler) pollPageData(r *http.Request, p *interact.Poll) (map[string]any, error) {
	depts, err := h.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	title := "新建议题征集投票"
	if p.ID != 0 {
		title = "议题征集投票：" + p.Title
	}
	texts := make([]string, len(p.Options))
	for i, o := range p.Options {
		texts[i] = o.Text
	}
	data := map[string]any{"Title": title, "Poll": p, "Depts": kit.DepartmentTree(depts), "OptionsText": strings.Join(texts, "\n"),
		"State": p.StateOn(h.today())}
	if p.ID != 0 {
		data["Counts"] = p
	}
	return data, nil
}

// AdminNewPoll serves GET /admin/openmonth/polls/new.
func (h *Handler) AdminNewPoll(w http.ResponseWriter, r *http.Request) error {
	data, err := h.pollPageData(r, &interact.Poll{})
	return h.Show(w, r, "admin_openmonth_poll", data, err)
}

// AdminPoll serves GET /admin/openmonth/polls/{id}: the form and the counts.
func (h *Handler) AdminPoll(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	p, err := h.Store.Poll(r.Context(), id)
	if err != nil {
		return err
	}
	data, err := h.pollPageData(r, p)
	return h.Show(w, r, "admin_openmonth_poll", data, err)
}

// AdminSavePoll serves POST /admin/openmonth/polls/new and
// POST /admin/openmonth/polls/{id}.
func (h *Handler) AdminSavePoll(w http.ResponseWriter, r *http.Request) error {
	p, err := pollForm(r)
	if r.PathValue("id") != "" {
		id, perr := kit.PathID(r)
		if perr != nil {
			return perr
		}
		if _, gerr := h.Store.Poll(r.Context(), id); gerr != nil {
			return gerr
		}
		p.ID = id
	}
	if err == nil {
		if p.ID == 0 {
			err = h.Store.CreatePoll(r.Context(), kit.Actor(r), p)
		} else {
			err = h.Store.UpdatePoll(r.Context(), kit.Actor(r), p)
		}
	}
	if err != nil {
		data, derr := h.pollPageData(r, p)
		if derr != nil {
			return derr
		}
		data["OptionsText"] = r.PostFormValue("options")
		if p.ID != 0 {
			// The counts shown are the stored ones, not the form's.
			if old, gerr := h.Store.Poll(r.Context(), p.ID); gerr == nil {
				data["Counts"] = old
			}
		}
		return h.omFail(w, r, err, "admin_openmonth_poll", data)
	}
	return kit.Redirect(w, r, "/admin/openmonth/polls/"+strconv.FormatInt(p.ID, 10), "om-poll-saved")
}

// eventForm reads an event from the staff form.
func eventForm(r *http.Request) (*interact.Event, error) {
	e := &interact.Event{Topic: r.PostFormValue("topic"), DeptID: kit.FormID(r.PostFormValue("dept_id")), Starts: r.PostFormValue("starts"),
		Ends: r.PostFormValue("ends"), Place: r.PostFormValue("place"), Form: interact.EventForm(r.PostFormValue("form")),
		Description: r.PostFormValue("description"), PollID: kit.FormID(r.PostFormValue("poll_id"))}
	var list []*errs.Error
	e.On, list = formDate(r, "on", "活动日期", list)
	e.RegOpens, list = formDate(r, "reg_opens", "报名开始日期", list)
	e.RegCloses, list = formDate(r, "reg_closes", "报名截止日期", list)
	if v := strings.TrimSpace(r.PostFormValue("capacity")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			list = append(list, errs.New(errs.Invalid, "web.eventForm", "capacity_invalid", "名额应为整数。").WithField("capacity"))
		}
		e.Capacity = n
	}
	e.Normalize()
	return e, withChecks(list, e.Validate())
}

func (h *Handler) eventPageData(r *http.Request, e *interact.Event) (map[string]any, error) {
	ctx := r.Context()
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	polls, err := h.Store.Polls(ctx)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Title": "新建开放活动", "Event": e, "Depts": kit.DepartmentTree(depts), "Polls": polls, "Today": h.today()}
	if e.ID != 0 {
		data["Title"] = "开放活动：" + e.Topic
		regs, err := h.Store.EventRegistrations(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		data["Regs"] = regs
	}
	return data, nil
}

// AdminNewEvent serves GET /admin/openmonth/events/new.
func (h *Handler) AdminNewEvent(w http.ResponseWriter, r *http.Request) error {
	e := &interact.Event{Form: interact.Visit, PollID: kit.FormID(r.URL.Query().Get("poll"))}
	data, err := h.eventPageData(r, e)
	return h.Show(w, r, "admin_openmonth_event", data, err)
}

// loadEvent reads the event of the path.
func (h *Handler) loadEvent(r *http.Request) (*interact.Event, error) {
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	return h.Store.OpenEvent(r.Context(), id)
}

// AdminEvent serves GET /admin/openmonth/events/{id}: the form, the
// check-in list and the report.
func (h *Handler) AdminEvent(w http.ResponseWriter, r *http.Request) error {
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	data, err := h.eventPageData(r, e)
	return h.Show(w, r, "admin_openmonth_event", data, err)
}

// AdminSaveEvent serves POST /admin/openmonth/events/new and
// POST /admin/openmonth/events/{id}.
func (h *Handler) AdminSaveEvent(w http.ResponseWriter, r *http.Request) error {
	e, err := eventForm(r)
	var old *interact.Event
	if r.PathValue("id") != "" {
		var gerr error
		if old, gerr = h.loadEvent(r); gerr != nil {
			return gerr
		}
		e.ID = old.ID
	}
	if err == nil {
		if e.ID == 0 {
			err = h.Store.CreateOpenEvent(r.Context(), kit.Actor(r), e)
		} else {
			err = h.Store.UpdateOpenEvent(r.Context(), kit.Actor(r), e)
		}
	}
	if err != nil {
		if old != nil {
			e.Confirmed, e.Waitlisted, e.Report = old.Confirmed, old.Waitlisted, old.Report
		}
		data, derr := h.eventPageData(r, e)
		if derr != nil {
			return derr
		}
		data["Capacity"] = r.PostFormValue("capacity")
		return h.omFail(w, r, err, "admin_openmonth_event", data)
	}
	return kit.Redirect(w, r, "/admin/openmonth/events/"+strconv.FormatInt(e.ID, 10), "om-event-saved")
}

// eventAction is a POST on an event's page that re-renders the page with
// its error, or returns to it with flash.
func (h *Handler) eventAction(w http.ResponseWriter, r *http.Request, flash string, act func(e *interact.Event) error) error {
	e, err := h.loadEvent(r)
	if err != nil {
		return err
	}
	if err := act(e); err != nil {
		data, derr := h.eventPageData(r, e)
		if derr != nil {
			return derr
		}
		data["ReportText"] = r.PostFormValue("report")
		return h.omFail(w, r, err, "admin_openmonth_event", data)
	}
	return kit.Redirect(w, r, "/admin/openmonth/events/"+strconv.FormatInt(e.ID, 10)+"#checkin", flash)
}

// AdminCheckIn serves POST /admin/openmonth/events/{id}/checkin.
func (h *Handler) AdminCheckIn(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "om-checked-in", func(e *interact.Event) error {
		return h.Store.CheckInRegistration(r.Context(), kit.Actor(r), e.ID, kit.FormID(r.PostFormValue("registration")))
	})
}

// AdminReport serves POST /admin/openmonth/events/{id}/report.
func (h *Handler) AdminReport(w http.ResponseWriter, r *http.Request) error {
	return h.eventAction(w, r, "om-report-saved", func(e *interact.Event) error {
		return h.Store.SaveEventReport(r.Context(), kit.Actor(r), e.ID, r.PostFormValue("report"))
	})
}
