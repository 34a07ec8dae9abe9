package report

// 信息员名录 and 交接: the supervisor's list of officer terms with the
// departments that have no active officer, the form to register and edit
// a term, the handovers (list, new, page) and the two sign-offs. The
// handover page and its sign-off are open to the two parties as well
// (their officer record names their account), to anyone else it does not
// exist.

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
	"gongkai/internal/web/kit"
)

// officersData is the officers page's data; form is the new-term form.
func (h *Handler) officersData(r *http.Request, form *report.Officer) (map[string]any, error) {
	ctx := r.Context()
	officers, err := h.Store.Officers(ctx)
	if err != nil {
		return nil, err
	}
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(h.Now())
	if form == nil {
		form = &report.Officer{Duty: report.DutyPublish, From: today}
	}
	return map[string]any{"Title": "信息员名录", "Officers": officers, "Today": today, "Form": form,
		"Missing": report.DepartmentsWithoutOfficer(depts, officers, today), "Depts": kit.DepartmentTree(depts), "FE": map[string]string{}}, nil
}

// OfficersPage serves GET /admin/registry/officers.
func (h *Handler) OfficersPage(w http.ResponseWriter, r *http.Request) error {
	data, err := h.officersData(r, nil)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "registry_officers", data)
	return nil
}

// registryDate reads the optional date field; label names it in the error.
func registryDate(r *http.Request, field, label string) (calendar.Date, *errs.Error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return calendar.Date{}, nil
	}
	d, err := kit.DateParam(label, v)
	if err != nil {
		e := errs.All(err)[0]
		return d, e.WithField(field)
	}
	return d, nil
}

// officerForm reads the officer form; bad dates are reported together.
func officerForm(r *http.Request) (report.Officer, error) {
	v := r.PostFormValue
	o := report.Officer{Name: v("name"), DeptID: kit.FormID(v("dept_id")), Duty: report.Duty(v("duty")), Username: v("username"),
		Trainee: v("trainee") == "1", TraineeNote: v("trainee_note"), Version: kit.FormID(v("version"))}
	var bad []*errs.Error
	var e *errs.Error
	if o.From, e = registryDate(r, "from", "任职起始日期"); e != nil {
		bad = append(bad, e)
	}
	if o.To, e = registryDate(r, "to", "任职截止日期"); e != nil {
		bad = append(bad, e)
	}
	if o.TraineeFiled, e = registryDate(r, "trainee_filed", "实习备案日期"); e != nil {
		bad = append(bad, e)
	}
	return o, errs.Join(bad...)
}

// CreateOfficer serves POST /admin/registry/officers.
func (h *Handler) CreateOfficer(w http.ResponseWriter, r *http.Request) error {
	o, err := officerForm(r)
	if err == nil {
		_, err = h.Store.CreateOfficer(r.Context(), kit.Actor(r), o)
	}
	if err != nil {
		return h.registryFail(w, r, "registry_officers", err, func() (map[string]any, error) { return h.officersData(r, &o) })
	}
	return kit.Redirect(w, r, "/admin/registry/officers", "officer_created")
}

func (h *Handler) officerData(r *http.Request, o *report.Officer) (map[string]any, error) {
	depts, err := h.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "编辑信息员：" + o.Name, "Form": o, "Depts": kit.DepartmentTree(depts), "FE": map[string]string{}}, nil
}

// OfficerPage serves GET /admin/registry/officers/{id}: the term's form.
func (h *Handler) OfficerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	o, err := h.Store.Officer(r.Context(), id)
	if err != nil {
		return err
	}
	data, err := h.officerData(r, o)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "registry_officer", data)
	return nil
}

// SaveOfficer serves POST /admin/registry/officers/{id}.
func (h *Handler) SaveOfficer(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	if _, err := h.Store.Officer(r.Context(), id); err != nil {
		return err
	}
	o, err := officerForm(r)
	o.ID = id
	if err == nil {
		_, err = h.Store.UpdateOfficer(r.Context(), kit.Actor(r), o)
	}
	if err != nil {
		return h.registryFail(w, r, "registry_officer", err, func() (map[string]any, error) { return h.officerData(r, &o) })
	}
	return kit.Redirect(w, r, "/admin/registry/officers", "officer_saved")
}

// handoverForm is what the new-handover form shows.
type handoverForm struct {
	FromID, ToID int64
	Date         string
	Done         map[string]bool
	Note         string
}

func (h *Handler) handoversData(r *http.Request, f *handoverForm) (map[string]any, error) {
	ctx := r.Context()
	list, err := h.Store.Handovers(ctx)
	if err != nil {
		return nil, err
	}
	officers, err := h.Store.Officers(ctx)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(h.Now())
	if f == nil {
		f = &handoverForm{Date: today.String(), Done: map[string]bool{}}
	}
	// Outgoing: the running terms; incoming: the running and future ones.
	var from []*report.Officer
	var to []*report.Officer
	for _, o := range officers {
		if o.To.IsZero() || !o.To.Before(today) {
			to = append(to, o)
			if !o.From.After(today) {
				from = append(from, o)
			}
		}
	}
	return map[string]any{"Title": "信息员交接", "List": list, "Form": f, "FromChoices": from, "ToChoices": to, "FE": map[string]string{}}, nil
}

// HandoversPage serves GET /admin/registry/handovers.
func (h *Handler) HandoversPage(w http.ResponseWriter, r *http.Request) error {
	data, err := h.handoversData(r, nil)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "registry_handovers", data)
	return nil
}

// CreateHandover serves POST /admin/registry/handovers.
func (h *Handler) CreateHandover(w http.ResponseWriter, r *http.Request) error {
	v := r.PostFormValue
	f := handoverForm{FromID: kit.FormID(v("from_id")), ToID: kit.FormID(v("to_id")), Date: strings.TrimSpace(v("date")), Done: map[string]bool{}, Note: v("note")}
	for _, it := range report.HandoverChecklist {
		f.Done[it.Key] = v("item_"+it.Key) == "1"
	}
	var err error
	var date calendar.Date
	if f.Date != "" {
		if date, err = kit.DateParam("交接日期", f.Date); err != nil {
			err = errs.InField("date", err)
		}
	}
	var saved *report.Handover
	if err == nil {
		saved, err = h.Store.CreateHandover(r.Context(), kit.Actor(r), f.FromID, f.ToID, date, report.NewChecklist(f.Done), f.Note)
	}
	if err != nil {
		return h.registryFail(w, r, "registry_handovers", err, func() (map[string]any, error) { return h.handoversData(r, &f) })
	}
	return kit.Redirect(w, r, "/admin/registry/handovers/"+strconv.FormatInt(saved.ID, 10), "handover_created")
}

// handover loads handover {id} for the user: it does not exist for
// anyone but the supervisor and its two parties.
func (h *Handler) handover(r *http.Request) (*report.Handover, error) {
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	ho, err := h.Store.Handover(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !ho.CanSee(kit.User(r)) {
		return nil, errs.New(errs.NotFound, "web.handover", "handover_not_found", "该交接记录不存在。")
	}
	return ho, nil
}

func (h *Handler) handoverData(r *http.Request, ho *report.Handover) map[string]any {
	u := kit.User(r)
	return map[string]any{"Title": "信息员交接：" + ho.DeptName, "H": ho, "MySide": string(ho.SideOf(u)), "Office": u.Can(auth.Supervise),
		"Sides": []report.Side{report.Outgoing, report.Incoming}, "FE": map[string]string{}}
}

// HandoverPage serves GET /admin/registry/handovers/{id}.
func (h *Handler) HandoverPage(w http.ResponseWriter, r *http.Request) error {
	ho, err := h.handover(r)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "registry_handover", h.handoverData(r, ho))
	return nil
}

// ConfirmHandover serves POST /admin/registry/handovers/{id}/confirm: the
// user signs one side, as its party or, for the supervisor, on the
// party's behalf with a note.
func (h *Handler) ConfirmHandover(w http.ResponseWriter, r *http.Request) error {
	ho, err := h.handover(r)
	if err != nil {
		return err
	}
	side := report.Side(r.PostFormValue("side"))
	saved, err := h.Store.ConfirmHandover(r.Context(), kit.User(r), ho.ID, side, r.PostFormValue("note"))
	if err != nil {
		return h.registryFail(w, r, "registry_handover", err, func() (map[string]any, error) {
			data := h.handoverData(r, ho)
			data["Side"], data["Note"] = string(side), r.PostFormValue("note")
			return data, nil
		})
	}
	flash := "handover_signed"
	if saved.Complete() {
		flash = "handover_complete"
	}
	return kit.Redirect(w, r, "/admin/registry/handovers/"+strconv.FormatInt(ho.ID, 10), flash)
}
