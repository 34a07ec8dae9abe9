package interact

// The FAQ library (常见问题解答库): the portal's list with search, tag and
// department filters and each entry's page; the staff's list (entries past
// their review date first), the form to write and edit an entry, hiding
// and publishing, and the dashboard's review reminder. Who may edit which
// entry is interact.CanEditFAQ, checked again by the store.

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/web/kit"
)

// faqFuncs are the template functions of the FAQ pages.
func faqFuncs() template.FuncMap {
	return template.FuncMap{
		// faqParagraphs splits a plain-text answer into its paragraphs.
		"faqParagraphs": func(s string) []string {
			var out []string
			for _, p := range strings.Split(s, "\n") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
			return out
		},
		"faqDocPath": kit.DocPath,
		"faqTags":    func(tags []string) string { return strings.Join(tags, "，") },
		"faqInvalid": func(errField any, field string) bool { s, _ := errField.(string); return s != "" && s == field },
		"faqMax": func(field string) int {
			return map[string]int{"question": interact.MaxFAQQuestion, "answer": interact.MaxFAQAnswer,
				"source_letter": interact.MaxFAQSourceLetter}[field]
		},
	}
}

// faqFlash are the FAQ pages' flash messages.
func faqFlash() map[string]string {
	return map[string]string{
		"faq_created":   "问题已保存。",
		"faq_saved":     "修改已保存。",
		"faq_hidden":    "该问题已隐藏，门户不再显示。",
		"faq_published": "该问题已发布到门户。",
	}
}

// faqQuery reads the list's filters (q, tag, dept, page).
func faqQuery(r *http.Request) (interact.FAQFilter, error) {
	q := r.URL.Query()
	page, err := kit.PageParam(q)
	if err != nil {
		return interact.FAQFilter{}, err
	}
	f := interact.FAQFilter{Q: strings.TrimSpace(q.Get("q")), Tag: strings.TrimSpace(q.Get("tag")), Page: page}
	if v := strings.TrimSpace(q.Get("dept")); v != "" {
		if f.DeptID = kit.FormID(v); f.DeptID <= 0 {
			return f, errs.New(errs.Invalid, "web.faqQuery", "invalid_department", "部门参数应为部门编号。")
		}
	}
	if len([]rune(f.Q)) > 50 || len([]rune(f.Tag)) > interact.MaxFAQTag {
		return f, errs.New(errs.Invalid, "web.faqQuery", "query_too_long", "搜索词不能超过 50 个字。")
	}
	return f, nil
}

// FAQListPage serves GET /hudong/faq: the published entries, newest
// change first, searched and filtered.
func (h *Handler) FAQListPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, err := faqQuery(r)
	if err != nil {
		return err
	}
	f.State = interact.FAQPublished
	list, total, err := h.Store.FAQs(ctx, f)
	if err != nil {
		return err
	}
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return err
	}
	tags, err := h.Store.FAQTags(ctx, 30)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "interact_faq", map[string]any{"Title": "常见问题解答", "List": list, "Filter": f,
		"Depts": kit.DepartmentTree(depts), "Tags": tags, "Pager": kit.NewPager(r, f.Page, interact.DefaultFAQPageSize, total),
		"Description": "菊园新区常见问题解答库：各部门对群众常见咨询的权威答复，可按关键词、标签和部门查找。"})
	return nil
}

// FAQPage serves GET /hudong/faq/{id}: one published entry.
func (h *Handler) FAQPage(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	e, err := h.Store.PublicFAQ(r.Context(), id)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "interact_faq_entry", map[string]any{"Title": e.Question, "FAQ": e,
		"Meta": kit.PageMeta{ColumnName: "常见问题解答", ArticleTitle: e.Question,
			PubDate: e.Updated.In(calendar.Zone).Format("2006-01-02 15:04"), ContentSource: e.DeptName}})
	return nil
}

// faqScope is the department whose entries u works on: 0 (all) for the
// 政务公开办, their own for a replier; a replier outside any department
// has none.
func faqScope(u *auth.User) (int64, error) {
	if u.Can(auth.Supervise) {
		return 0, nil
	}
	if u.DeptID == 0 {
		return 0, errs.New(errs.Forbidden, "web.faqScope", "no_department", "您的账户未归属任何部门，不能维护常见问题。")
	}
	return u.DeptID, nil
}

// AdminFAQList serves GET /admin/faq: the entries of the user's scope,
// those past their review date first.
func (h *Handler) AdminFAQList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := kit.User(r)
	scope, err := faqScope(u)
	if err != nil {
		return err
	}
	f, err := faqQuery(r)
	if err != nil {
		return err
	}
	switch st := interact.FAQState(r.URL.Query().Get("state")); st {
	case "", interact.FAQPublished, interact.FAQHidden:
		f.State = st
	default:
		return errs.New(errs.Invalid, "web.adminFAQList", "invalid_state", "状态应为 published 或 hidden。")
	}
	if scope != 0 {
		f.DeptID = scope
	}
	today := calendar.Today(h.Now())
	f.ReviewFirst, f.Today = true, today
	list, total, err := h.Store.FAQs(ctx, f)
	if err != nil {
		return err
	}
	_, overdue, err := h.Store.FAQs(ctx, interact.FAQFilter{Overdue: true, Today: today, DeptID: scope, Size: 1})
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "常见问题解答库", "List": list, "Filter": f, "Today": today, "Overdue": overdue,
		"AllDepts": scope == 0, "Pager": kit.NewPager(r, f.Page, interact.DefaultFAQPageSize, total)}
	if scope == 0 {
		depts, err := h.Store.Departments(ctx)
		if err != nil {
			return err
		}
		data["Depts"] = kit.DepartmentTree(depts)
	}
	h.Render(w, r, http.StatusOK, "admin_faq", data)
	return nil
}

// faqFormData is the entry form's data: e is what it shows.
func (h *Handler) faqFormData(r *http.Request, e *interact.FAQ) (map[string]any, error) {
	u := kit.User(r)
	title := "新建常见问题"
	if e.ID != 0 {
		title = "编辑常见问题"
	}
	depts, err := h.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	var choices []kit.DeptNode
	for _, d := range kit.DepartmentTree(depts) {
		if interact.CanEditFAQ(u, d.ID) {
			choices = append(choices, d)
		}
	}
	return map[string]any{"Title": title, "FAQ": e, "Depts": choices, "TagText": strings.Join(e.Tags, "，"),
		"Today": calendar.Today(h.Now())}, nil
}

// faqForm reads the entry form.
func faqForm(r *http.Request) (interact.FAQ, error) {
	v := func(k string) string { return r.PostFormValue(k) }
	e := interact.FAQ{Question: v("question"), Answer: v("answer"), DeptID: kit.FormID(v("dept_id")), Tags: interact.SplitTags(v("tags")),
		State: interact.FAQState(v("state")), SourceLetter: v("source_letter"), Version: kit.FormID(v("version"))}
	if s := strings.TrimSpace(v("policy_doc_id")); s != "" {
		if e.PolicyDocID = kit.FormID(s); e.PolicyDocID <= 0 {
			return e, errs.InField("policy_doc_id", errs.New(errs.Invalid, "web.faqForm", "invalid_policy_doc", "关联政策文件的编号应为正整数。"))
		}
	}
	if s := strings.TrimSpace(v("review_by")); s != "" {
		d, err := kit.DateParam("复核日期", s)
		if err != nil {
			return e, errs.InField("review_by", err)
		}
		e.ReviewBy = d
	}
	return e, nil
}

// AdminNewFAQPage serves GET /admin/faq/new.
func (h *Handler) AdminNewFAQPage(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	if _, err := faqScope(u); err != nil {
		return err
	}
	e := &interact.FAQ{DeptID: u.DeptID, State: interact.FAQPublished, ReviewBy: calendar.Today(h.Now()).AddDays(interact.FAQReviewPeriod)}
	return h.faqFormShow(w, r, e)
}

// faqFormShow renders the form for e.
func (h *Handler) faqFormShow(w http.ResponseWriter, r *http.Request, e *interact.FAQ) error {
	data, err := h.faqFormData(r, e)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "admin_faq_edit", data)
	return nil
}

// faqFail re-renders the form with what was typed and the error.
func (h *Handler) faqFail(w http.ResponseWriter, r *http.Request, e *interact.FAQ, err error) error {
	return h.FormPage(w, r, err, func() (string, map[string]any, error) {
		data, lerr := h.faqFormData(r, e)
		if data != nil {
			data["ErrorField"] = errs.FieldOf(err)
			data["Errors"] = errs.All(err)
		}
		return "admin_faq_edit", data, lerr
	})
}

// AdminCreateFAQ serves POST /admin/faq/new.
func (h *Handler) AdminCreateFAQ(w http.ResponseWriter, r *http.Request) error {
	u := kit.User(r)
	if _, err := faqScope(u); err != nil {
		return err
	}
	e, err := faqForm(r)
	if err == nil && e.DeptID != 0 && !interact.CanEditFAQ(u, e.DeptID) {
		return errs.New(errs.Forbidden, "web.adminCreateFAQ", "faq_other_department", "您只能为本部门编写常见问题。")
	}
	var saved *interact.FAQ
	if err == nil {
		saved, err = h.Store.CreateFAQ(r.Context(), kit.Actor(r), e)
	}
	if err != nil {
		return h.faqFail(w, r, &e, err)
	}
	return kit.Redirect(w, r, "/admin/faq/"+strconv.FormatInt(saved.ID, 10), "faq_created")
}

// adminFAQ loads entry {id} for the user: another department's entry
// does not exist for a replier.
func (h *Handler) adminFAQ(r *http.Request) (*interact.FAQ, error) {
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	e, err := h.Store.FAQ(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !interact.CanEditFAQ(kit.User(r), e.DeptID) {
		return nil, errs.New(errs.NotFound, "web.adminFAQ", "faq_not_found", "该问题不存在。")
	}
	return e, nil
}

// AdminFAQPage serves GET /admin/faq/{id}: the entry's form.
func (h *Handler) AdminFAQPage(w http.ResponseWriter, r *http.Request) error {
	e, err := h.adminFAQ(r)
	if err != nil {
		return err
	}
	return h.faqFormShow(w, r, e)
}

// AdminSaveFAQ serves POST /admin/faq/{id}.
func (h *Handler) AdminSaveFAQ(w http.ResponseWriter, r *http.Request) error {
	old, err := h.adminFAQ(r)
	if err != nil {
		return err
	}
	e, err := faqForm(r)
	e.ID = old.ID
	if err == nil {
		_, err = h.Store.UpdateFAQ(r.Context(), kit.User(r), e)
	}
	if err != nil {
		return h.faqFail(w, r, &e, err)
	}
	return kit.Redirect(w, r, "/admin/faq/"+strconv.FormatInt(e.ID, 10), "faq_saved")
}

// AdminFAQState serves POST /admin/faq/{id}/state: hide or publish.
func (h *Handler) AdminFAQState(w http.ResponseWriter, r *http.Request) error {
	e, err := h.adminFAQ(r)
	if err != nil {
		return err
	}
	state := interact.FAQState(r.PostFormValue("state"))
	if err := h.Store.SetFAQState(r.Context(), kit.User(r), e.ID, kit.FormID(r.PostFormValue("version")), state); err != nil {
		return h.faqFail(w, r, e, err)
	}
	flash := "faq_published"
	if state == interact.FAQHidden {
		flash = "faq_hidden"
	}
	return kit.Redirect(w, r, "/admin/faq/"+strconv.FormatInt(e.ID, 10), flash)
}

// FAQWidget is the dashboard's reminder of the entries past their review
// date (as "FAQReview"): the department's for a replier, all for the
// 政务公开办; nothing when there are none.
func (h *Handler) FAQWidget(r *http.Request, u *auth.User) (string, any, error) {
	if !u.Can(auth.Supervise) && !(u.Can(auth.ReplyLetters) && u.DeptID != 0) {
		return "", nil, nil
	}
	scope, err := faqScope(u)
	if err != nil {
		return "", nil, err
	}
	list, total, err := h.Store.FAQs(r.Context(), interact.FAQFilter{Overdue: true, Today: calendar.Today(h.Now()), DeptID: scope, Size: 5})
	if err != nil || total == 0 {
		return "", nil, err
	}
	return "FAQReview", map[string]any{"List": list, "Total": total}, nil
}
