package interact

// The staff pages of 意见征集. The 政务公开办 (auth.Supervise) creates and
// edits solicitations and publishes their feedback; a replier
// (auth.ReplyLetters) sees the solicitations of their own department,
// exports their comments and answers them in bulk from a template. A
// solicitation of another department is not found for a replier.

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/web/kit"
)

// solicitationFor loads the {id} solicitation if the user may see it.
func (h *Handler) solicitationFor(r *http.Request) (*interact.Solicitation, error) {
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	sol, err := h.Store.Solicitation(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if u := kit.User(r); !u.Can(auth.Supervise) && (u.DeptID == 0 || u.DeptID != sol.DeptID) {
		return nil, errs.New(errs.NotFound, "web.solicitationFor", "solicitation_not_found", "没有这项意见征集。")
	}
	return sol, nil
}

// AdminSolicitations serves GET /admin/solicitations.
func (h *Handler) AdminSolicitations(w http.ResponseWriter, r *http.Request) error {
	page, err := kit.PageParam(r.URL.Query())
	if err != nil {
		return err
	}
	u := kit.User(r)
	today, size, dept := calendar.Today(h.Now()), 50, int64(0)
	if !u.Can(auth.Supervise) {
		dept = u.DeptID
	}
	rows, total, err := h.solicitRows(r, dept, today, page, size)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "admin_solicit_list", map[string]any{"Title": "意见征集", "Rows": rows,
		"Pager": kit.NewPager(r, page, size, total), "CanCreate": u.Can(auth.Supervise)})
	return nil
}

// solicitForm is the solicitation form as typed.
type solicitForm struct {
	Title, Dept, Kind, DocID, Summary, DraftText, OpensOn, ClosesOn, ShortReason string
	Confirm                                                                      bool
	Version                                                                      int64
}

func solicitFormOf(r *http.Request) solicitForm {
	v := r.PostFormValue
	ver, _ := strconv.ParseInt(v("version"), 10, 64)
	return solicitForm{Title: v("title"), Dept: v("dept"), Kind: v("kind"), DocID: v("doc_id"), Summary: v("summary"),
		DraftText: v("draft_text"), OpensOn: v("opens_on"), ClosesOn: v("closes_on"), ShortReason: v("short_reason"),
		Confirm: v("confirm_short") == "yes", Version: ver}
}

func solicitFormFrom(s *interact.Solicitation) solicitForm {
	f := solicitForm{Title: s.Title, Dept: strconv.FormatInt(s.DeptID, 10), Kind: string(s.Kind), Summary: s.Summary,
		DraftText: s.DraftText, OpensOn: s.OpensOn.String(), ClosesOn: s.ClosesOn.String(), ShortReason: s.ShortReason,
		Confirm: s.ShortReason != "", Version: s.Version}
	if s.DocID != 0 {
		f.DocID = strconv.FormatInt(s.DocID, 10)
	}
	return f
}

// solicitation turns the form into the domain value; a date that does not
// parse is reported on its field.
func (f solicitForm) solicitation() (interact.Solicitation, error) {
	s := interact.Solicitation{Title: f.Title, DeptID: kit.FormID(f.Dept), Kind: interact.DraftKind(f.Kind), Summary: f.Summary,
		DraftText: f.DraftText, ShortReason: f.ShortReason, Version: f.Version}
	var bad []*errs.Error
	if v := strings.TrimSpace(f.DocID); v != "" {
		if s.DocID = kit.FormID(v); s.DocID <= 0 {
			bad = append(bad, errs.New(errs.Invalid, "web.solicitForm", "invalid_doc", "关联文件应填写文件编号（数字），不关联的请留空。").WithField("doc_id"))
		}
	}
	for _, d := range []struct {
		field, name, v string
		to             *calendar.Date
	}{{"opens_on", "征集开始日期", f.OpensOn, &s.OpensOn}, {"closes_on", "征集截止日期", f.ClosesOn, &s.ClosesOn}} {
		if strings.TrimSpace(d.v) == "" {
			continue // the domain asks for it
		}
		day, err := kit.DateParam(d.name, d.v)
		if err != nil {
			e, _ := err.(*errs.Error)
			bad = append(bad, e.WithField(d.field))
			continue
		}
		*d.to = day
	}
	return s, errs.Join(bad...)
}

// solicitFormData is what the create and edit forms need.
func (h *Handler) solicitFormData(r *http.Request, f solicitForm) (map[string]any, error) {
	depts, err := h.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	type minimum struct {
		Kind interact.DraftKind
		Text string
	}
	var mins []minimum
	for _, k := range interact.DraftKinds() {
		if m, ok := interact.MinimumPeriods[k]; ok {
			mins = append(mins, minimum{k, m.Text() + "（" + m.Source + "）"})
		}
	}
	return map[string]any{"Form": f, "Departments": kit.DepartmentTree(depts), "Kinds": interact.DraftKinds(), "Minimums": mins,
		"FieldErrors": map[string]string{}}, nil
}

// solicitFormFailed re-renders the form page with each problem next to
// its field; a short period's warning comes with the confirmation box.
func (h *Handler) solicitFormFailed(w http.ResponseWriter, r *http.Request, name string, data map[string]any, err error) error {
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		return err
	}
	fieldErrs := map[string]string{}
	var problems []solicitProblem
	for _, e := range errs.All(err) {
		code, msg := errs.Public(e)
		if code == "period_too_short" || code == "short_reason_required" {
			data["Warning"] = true
		}
		if e.Field != "" {
			if _, dup := fieldErrs[e.Field]; dup {
				continue
			}
			fieldErrs[e.Field] = msg
		}
		problems = append(problems, solicitProblem{e.Field, msg})
	}
	data["FieldErrors"], data["Problems"] = fieldErrs, problems
	h.Render(w, r, kit.StatusOf(err), name, data)
	return nil
}

// AdminNewSolicitationPage serves GET /admin/solicitations/new.
func (h *Handler) AdminNewSolicitationPage(w http.ResponseWriter, r *http.Request) error {
	today := calendar.Today(h.Now())
	data, err := h.solicitFormData(r, solicitForm{Kind: string(interact.DraftNormative), OpensOn: today.String(), Dept: strconv.FormatInt(kit.User(r).DeptID, 10)})
	if err != nil {
		return err
	}
	data["Title"] = "新建意见征集"
	return h.Show(w, r, "admin_solicit_new", data, nil)
}

// AdminCreateSolicitation serves POST /admin/solicitations/new.
func (h *Handler) AdminCreateSolicitation(w http.ResponseWriter, r *http.Request) error {
	f := solicitFormOf(r)
	fail := func(err error) error {
		data, derr := h.solicitFormData(r, f)
		if derr != nil {
			return derr
		}
		data["Title"] = "新建意见征集"
		return h.solicitFormFailed(w, r, "admin_solicit_new", data, err)
	}
	sol, err := f.solicitation()
	if err != nil {
		return fail(err)
	}
	created, err := h.Store.CreateSolicitation(r.Context(), kit.User(r).Username, sol, f.Confirm)
	if err != nil {
		return fail(err)
	}
	return kit.Redirect(w, r, "/admin/solicitations/"+strconv.FormatInt(created.ID, 10), "solicit-created")
}

// solicitAdminData is what the staff page of one solicitation shows.
func (h *Handler) solicitAdminData(r *http.Request, sol *interact.Solicitation) (map[string]any, error) {
	data, err := h.solicitFormData(r, solicitFormFrom(sol))
	if err != nil {
		return nil, err
	}
	comments, err := h.Store.SolicitationComments(r.Context(), sol.ID)
	if err != nil {
		return nil, err
	}
	dept, err := h.Store.Department(r.Context(), sol.DeptID)
	if err != nil {
		return nil, err
	}
	u := kit.User(r)
	today := calendar.Today(h.Now())
	open, taken := 0, 0
	for _, l := range comments {
		if l.Status == interact.Received || l.Status == interact.Handling {
			open++
		}
		if l.Status != interact.Rejected {
			taken++
		}
	}
	fb := interact.Feedback{}
	if sol.Feedback != nil {
		fb = *sol.Feedback
	}
	points := append([]interact.FeedbackPoint(nil), fb.Points...)
	for range 5 { // blank rows to add points without script
		points = append(points, interact.FeedbackPoint{})
	}
	data["Title"], data["Sol"], data["Dept"], data["Comments"], data["State"] = sol.Title, sol, dept.Name, comments, sol.State(today)
	data["OpenComments"], data["Taken"], data["FB"], data["Points"], data["Outcomes"] = open, taken, fb, points, interact.Outcomes()
	data["CanEdit"] = u.Can(auth.Supervise) && sol.Feedback == nil
	data["CanFeedback"] = u.Can(auth.Supervise) && sol.CanPublishFeedback(today) == nil
	data["CanReply"] = u.Can(auth.ReplyLetters) && u.DeptID == sol.DeptID
	data["Warning"] = sol.ShortReason != ""
	return data, nil
}

// AdminSolicitation serves GET /admin/solicitations/{id}.
func (h *Handler) AdminSolicitation(w http.ResponseWriter, r *http.Request) error {
	sol, err := h.solicitationFor(r)
	if err != nil {
		return err
	}
	data, err := h.solicitAdminData(r, sol)
	return h.Show(w, r, "admin_solicit", data, err)
}

// adminSolicitFailed shows the staff page again with err.
func (h *Handler) adminSolicitFailed(w http.ResponseWriter, r *http.Request, sol *interact.Solicitation, edit *solicitForm, err error) error {
	data, derr := h.solicitAdminData(r, sol)
	if derr != nil {
		return derr
	}
	if edit != nil {
		data["Form"] = *edit
		return h.solicitFormFailed(w, r, "admin_solicit", data, err)
	}
	return h.FormPage(w, r, err, func() (string, map[string]any, error) { return "admin_solicit", data, nil })
}

// AdminUpdateSolicitation serves POST /admin/solicitations/{id}.
func (h *Handler) AdminUpdateSolicitation(w http.ResponseWriter, r *http.Request) error {
	old, err := h.solicitationFor(r)
	if err != nil {
		return err
	}
	f := solicitFormOf(r)
	sol, err := f.solicitation()
	if err == nil {
		sol.ID = old.ID
		_, err = h.Store.UpdateSolicitation(r.Context(), kit.User(r).Username, sol, f.Confirm)
	}
	if err != nil {
		return h.adminSolicitFailed(w, r, old, &f, err)
	}
	return kit.Redirect(w, r, "/admin/solicitations/"+strconv.FormatInt(old.ID, 10), "solicit-saved")
}

// AdminSolicitationFeedback serves POST /admin/solicitations/{id}/feedback.
func (h *Handler) AdminSolicitationFeedback(w http.ResponseWriter, r *http.Request) error {
	sol, err := h.solicitationFor(r)
	if err != nil {
		return err
	}
	fb := interact.Feedback{Text: r.PostFormValue("text")}
	adopted := strings.TrimSpace(r.PostFormValue("adopted"))
	if fb.Adopted, err = strconv.Atoi(adopted); err != nil && adopted != "" {
		return h.adminSolicitFailed(w, r, sol, nil, errs.New(errs.Invalid, "web.solicitFeedback", "invalid_adopted", "采纳的意见条数应为整数。").WithField("adopted"))
	}
	points, outcomes, reasons := r.PostForm["point"], r.PostForm["outcome"], r.PostForm["reason"]
	for i, p := range points {
		var o, why string
		if i < len(outcomes) {
			o = outcomes[i]
		}
		if i < len(reasons) {
			why = reasons[i]
		}
		fb.Points = append(fb.Points, interact.FeedbackPoint{Point: p, Outcome: interact.Outcome(o), Reason: why})
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if _, err := h.Store.PublishSolicitationFeedback(r.Context(), kit.User(r).Username, sol.ID, version, fb); err != nil {
		return h.adminSolicitFailed(w, r, sol, nil, err)
	}
	return kit.Redirect(w, r, "/admin/solicitations/"+strconv.FormatInt(sol.ID, 10), "solicit-feedback")
}

// AdminSolicitationExport serves POST /admin/solicitations/{id}/comments.xlsx
// and .csv: every comment without personal data, audited, never cached.
func (h *Handler) AdminSolicitationExport(format string) kit.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		sol, err := h.solicitationFor(r)
		if err != nil {
			return err
		}
		rows, err := h.Store.ExportSolicitationComments(r.Context(), kit.User(r).Username, sol.ID, format)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := writeComments(&buf, format, sol.Title, rows); err != nil {
			return err
		}
		id := strconv.FormatInt(sol.ID, 10)
		name, ascii := "意见征集"+id+"-意见汇总."+format, "solicitation-"+id+"-comments."+format
		return kit.Download(w, exportContentType(format), ascii, name, &buf)
	}
}

// AdminSolicitationReply serves POST /admin/solicitations/{id}/reply: the
// template text as the reply to every comment still open.
func (h *Handler) AdminSolicitationReply(w http.ResponseWriter, r *http.Request) error {
	sol, err := h.solicitationFor(r)
	if err != nil {
		return err
	}
	if _, err := h.Store.BulkReplySolicitation(r.Context(), kit.User(r), sol.ID, r.PostFormValue("content")); err != nil {
		return h.adminSolicitFailed(w, r, sol, nil, err)
	}
	return kit.Redirect(w, r, "/admin/solicitations/"+strconv.FormatInt(sol.ID, 10), "solicit-replied")
}
