package enforcement

// 双公示: the portal's list (filters kind, department, category; paged by
// a cursor) and decision page; the staff's entry form, their department's
// list with its lights and the credit-repair form; the API. An editor
// enters the decisions of their own department.

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/enforcement"
	"gongkai/internal/errs"
	"gongkai/internal/web/kit"
)

func decisionFuncs() template.FuncMap {
	return template.FuncMap{
		"enfPartyKind":  enforcement.PartyKindLabel,
		"enfCategories": func() []enforcement.Category { return enforcement.Categories },
		"enfKinds":      enforcement.Kinds,
		"enfInvalid":    func(errField any, field string) bool { s, _ := errField.(string); return s != "" && s == field },
		"enfLight": func(l string) string {
			return map[string]string{"green": "按时", "yellow": "临近期限", "red": "逾期"}[l]
		},
	}
}

func decisionFlash() map[string]string {
	return map[string]string{
		"decision_published": "已公示。",
		"decision_repaired":  "已因信用修复撤下，门户不再显示。",
	}
}

// decisionQuery reads the public list's filters and cursor.
func decisionQuery(r *http.Request) (enforcement.DecisionFilter, error) {
	const op = "web.decisionQuery"
	q := r.URL.Query()
	var f enforcement.DecisionFilter
	switch k := enforcement.Kind(q.Get("kind")); k {
	case "", enforcement.Penalty, enforcement.Licence:
		f.Kind = k
	default:
		return f, errs.InField("kind", errs.New(errs.Invalid, op, "invalid_kind", "类型应为 licence（行政许可）或 penalty（行政处罚）。"))
	}
	if v := q.Get("dept"); v != "" {
		if f.DeptID = kit.FormID(v); f.DeptID <= 0 {
			return f, errs.InField("dept", errs.New(errs.Invalid, op, "invalid_department", "部门参数应为部门编号。"))
		}
	}
	if v := q.Get("category"); v != "" {
		if _, ok := enforcement.CategoryOf(v); !ok {
			return f, errs.InField("category", errs.New(errs.Invalid, op, "invalid_category", "没有这个公示类别。"))
		}
		f.Category = v
	}
	if v := q.Get("after"); v != "" {
		day, id, ok := strings.Cut(v, "_")
		d, err := calendar.ParseDate(day)
		if f.AfterID = kit.FormID(id); !ok || err != nil || f.AfterID <= 0 {
			return f, errs.InField("after", errs.New(errs.Invalid, op, "invalid_cursor", "翻页参数无效，请从第一页重新浏览。"))
		}
		f.AfterDate = d
	}
	return f, nil
}

// nextLink is the list's next-page link after the last row shown.
func nextLink(r *http.Request, last *enforcement.Decision) string {
	q := url.Values{}
	for _, k := range []string{"kind", "dept", "category"} {
		if v := r.URL.Query().Get(k); v != "" {
			q.Set(k, v)
		}
	}
	q.Set("after", last.DecidedOn.String()+"_"+strconv.FormatInt(last.ID, 10))
	return r.URL.Path + "?" + q.Encode()
}

// DecisionsPage serves GET /enforcement/decisions.
func (h *Handler) DecisionsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, err := decisionQuery(r)
	if err != nil {
		return err
	}
	f.Today = calendar.Today(h.Now())
	list, more, err := h.Store.Decisions(ctx, f)
	if err != nil {
		return err
	}
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "“双公示”：行政许可和行政处罚", "List": list, "Filter": f, "Depts": kit.DepartmentTree(depts),
		"Paged": !f.AfterDate.IsZero(), "First": firstLink(r),
		"Description": "菊园新区行政许可和行政处罚决定信息公示，自作出决定之日起 7 个工作日内公开，公示期满后自动撤下。"}
	if more {
		data["Next"] = nextLink(r, list[len(list)-1])
	}
	h.Render(w, r, http.StatusOK, "enforcement_decisions", data)
	return nil
}

func firstLink(r *http.Request) string {
	q := r.URL.Query()
	q.Del("after")
	if len(q) == 0 {
		return r.URL.Path
	}
	return r.URL.Path + "?" + q.Encode()
}

// DecisionPage serves GET /enforcement/decisions/{id}.
func (h *Handler) DecisionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	e, err := h.Store.PublicDecision(r.Context(), id, calendar.Today(h.Now()))
	if err != nil {
		return err
	}
	c, _ := enforcement.CategoryOf(e.Category)
	h.Render(w, r, http.StatusOK, "enforcement_decision", map[string]any{"Title": e.Kind.Label() + "决定：" + e.Number, "D": e, "Category": c,
		"Meta": kit.PageMeta{ColumnName: "双公示", ArticleTitle: e.Number, PubDate: e.PublishedOn.String(), ContentSource: e.DeptName}})
	return nil
}

// editorDept is the department whose decisions u enters.
func editorDept(u *auth.User) (int64, error) {
	if !u.Can(auth.DraftDocuments) || u.DeptID == 0 {
		return 0, errs.New(errs.Forbidden, "web.editorDept", "no_department", "只有所属部门的编辑可以录入本部门的行政许可和行政处罚决定。")
	}
	return u.DeptID, nil
}

// decisionInput is the entry as the form and the API give it.
type decisionInput struct {
	Kind       string `json:"kind"`
	Number     string `json:"number"`
	DecidedOn  string `json:"decided_on"`
	PartyKind  string `json:"party_kind"`
	PartyName  string `json:"party_name"`
	CreditCode string `json:"credit_code"`
	Facts      string `json:"facts"`
	Content    string `json:"content"`
	Basis      string `json:"basis"`
	Category   string `json:"category"`
}

func (in decisionInput) decision() (enforcement.Decision, error) {
	e := enforcement.Decision{Kind: enforcement.Kind(in.Kind), Number: in.Number, PartyKind: in.PartyKind, PartyName: in.PartyName,
		CreditCode: in.CreditCode, Facts: in.Facts, Content: in.Content, Basis: in.Basis, Category: in.Category}
	if s := strings.TrimSpace(in.DecidedOn); s != "" {
		d, err := kit.DateParam("决定日期", s)
		if err != nil {
			return e, errs.InField("decided_on", err)
		}
		e.DecidedOn = d
	}
	return e, nil
}

// AdminDecisionsPage serves GET /admin/enforcement/decisions: the
// department's entries (every state), this year's lights and the form.
func (h *Handler) AdminDecisionsPage(w http.ResponseWriter, r *http.Request) error {
	return h.adminDecisions(w, r, http.StatusOK, decisionInput{Kind: "penalty", PartyKind: "org", Category: "penalty_general"}, nil)
}

func (h *Handler) adminDecisions(w http.ResponseWriter, r *http.Request, status int, in decisionInput, failed error) error {
	ctx := r.Context()
	dept, err := editorDept(kit.User(r))
	if err != nil {
		return err
	}
	list, _, err := h.Store.Decisions(ctx, enforcement.DecisionFilter{Staff: true, DeptID: dept, Size: enforcement.MaxPageSize})
	if err != nil {
		return err
	}
	today := calendar.Today(h.Now())
	lights, err := h.Store.DecisionLights(ctx, today.Year)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "双公示录入", "List": list, "In": in, "Today": today, "Lights": lights[dept], "Year": today.Year}
	if failed != nil {
		_, data["Error"] = errs.Public(failed)
		data["ErrorField"] = errs.FieldOf(failed)
		data["Errors"] = errs.All(failed)
	}
	h.Render(w, r, status, "admin_enforcement_decisions", data)
	return nil
}

// AdminCreateDecision serves POST /admin/enforcement/decisions.
func (h *Handler) AdminCreateDecision(w http.ResponseWriter, r *http.Request) error {
	dept, err := editorDept(kit.User(r))
	if err != nil {
		return err
	}
	v := r.PostFormValue
	in := decisionInput{Kind: v("kind"), Number: v("number"), DecidedOn: v("decided_on"), PartyKind: v("party_kind"), PartyName: v("party_name"),
		CreditCode: v("credit_code"), Facts: v("facts"), Content: v("content"), Basis: v("basis"), Category: v("category")}
	e, err := in.decision()
	if err == nil {
		_, err = h.Store.CreateDecision(r.Context(), kit.Actor(r), dept, e)
	}
	if err != nil {
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			return err
		}
		return h.adminDecisions(w, r, kit.StatusOf(err), in, err)
	}
	return kit.Redirect(w, r, "/admin/enforcement/decisions", "decision_published")
}

// AdminRepairDecision serves POST /admin/enforcement/decisions/{id}/repair.
func (h *Handler) AdminRepairDecision(w http.ResponseWriter, r *http.Request) error {
	dept, err := editorDept(kit.User(r))
	if err != nil {
		return err
	}
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	e, err := h.Store.Decision(r.Context(), id)
	if err != nil {
		return err
	}
	if e.DeptID != dept {
		return errs.New(errs.Forbidden, "web.repairDecision", "other_department", "只能处理本部门的公示信息。")
	}
	if err := h.Store.RepairDecision(r.Context(), kit.Actor(r), id, r.PostFormValue("reason")); err != nil {
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			return err
		}
		return h.adminDecisions(w, r, kit.StatusOf(err), decisionInput{Kind: "penalty", PartyKind: "org", Category: "penalty_general"}, err)
	}
	return kit.Redirect(w, r, "/admin/enforcement/decisions", "decision_repaired")
}

// decisionJSON is an entry as the API shows it: the public form of the
// party only.
func decisionJSON(e *enforcement.Decision) map[string]any {
	out := map[string]any{"id": e.ID, "kind": e.Kind, "number": e.Number, "decided_on": e.DecidedOn, "party_kind": e.PartyKind,
		"party_name": e.PublicParty(), "credit_code": e.CreditCode, "facts": e.Facts, "basis": e.Basis, "content": e.Content,
		"category": e.Category, "department": e.DeptName, "publish_by": e.PublishBy, "published_on": e.PublishedOn,
		"late": e.Late, "light": e.Light, "public_until": e.PublicUntil}
	return out
}

// APICreateDecision serves POST /api/v1/enforcement/decisions.
func (h *Handler) APICreateDecision(w http.ResponseWriter, r *http.Request) error {
	dept, err := editorDept(kit.User(r))
	if err != nil {
		return err
	}
	var in decisionInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := in.decision()
	if err != nil {
		return err
	}
	saved, err := h.Store.CreateDecision(r.Context(), kit.Actor(r), dept, e)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusCreated, decisionJSON(saved))
	return nil
}

// APIPublicDecisions serves GET /api/v1/public/enforcement/decisions.
func (h *Handler) APIPublicDecisions(w http.ResponseWriter, r *http.Request) error {
	f, err := decisionQuery(r)
	if err != nil {
		return err
	}
	f.Today = calendar.Today(h.Now())
	list, more, err := h.Store.Decisions(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]map[string]any, 0, len(list))
	for _, e := range list {
		items = append(items, decisionJSON(e))
	}
	out := map[string]any{"items": items, "next": nil}
	if more {
		out["next"] = nextLink(r, list[len(list)-1])
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}

// APIPublicDecision serves GET /api/v1/public/enforcement/decisions/{id}.
func (h *Handler) APIPublicDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	e, err := h.Store.PublicDecision(r.Context(), id, calendar.Today(h.Now()))
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, decisionJSON(e))
	return nil
}
