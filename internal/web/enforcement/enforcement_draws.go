package enforcement

// 双随机: the public list of plans, a plan's page (commitment, list
// versions with their hashes and files, the revealed seed, the selection
// with the conflict rules applied, the results and their clock), the
// explanation of how to recompute a draw, and the staff's forms to create
// a plan, reveal its seed and publish its results.

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/enforcement"
	"gongkai/internal/errs"
	"gongkai/internal/web/kit"
)

func drawFuncs() template.FuncMap {
	return template.FuncMap{
		"enfConflict":      enforcement.ConflictLabel,
		"enfConflictRules": func() []string { return enforcement.ConflictRules },
		"enfInc":           func(i int) int { return i + 1 },
	}
}

func drawFlash() map[string]string {
	return map[string]string{
		"plan_created":   "抽查计划已建立，承诺值和名录版本已公布。",
		"plan_drawn":     "已公布随机种子并完成抽取。",
		"plan_published": "抽查结果已公布。",
	}
}

// DrawsPage serves GET /enforcement/draws.
func (h *Handler) DrawsPage(w http.ResponseWriter, r *http.Request) error {
	plans, err := h.Store.Plans(r.Context(), 0, 100)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "enforcement_draws", map[string]any{"Title": "“双随机、一公开”抽查", "Plans": plans,
		"Description": "菊园新区双随机抽查计划：抽取前公布随机种子的承诺值和名录版本，抽取后公布种子，任何人都可以重新计算抽取结果。"})
	return nil
}

// DrawHowPage serves GET /enforcement/draws/how: how anyone recomputes a draw.
func (h *Handler) DrawHowPage(w http.ResponseWriter, r *http.Request) error {
	h.Render(w, r, http.StatusOK, "enforcement_draw_how", map[string]any{"Title": "如何核验双随机抽取结果"})
	return nil
}

// planView is a plan with what its page shows.
type planView struct {
	*enforcement.Plan
	Result      enforcement.DrawResult
	Drawn       bool
	Names       map[string]string // inspector id → name
	ResultLight string
}

func (h *Handler) planView(r *http.Request) (*planView, error) {
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	p, err := h.Store.Plan(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &planView{Plan: p, Names: map[string]string{}}
	if v.Result, v.Drawn, err = p.Result(); err != nil {
		return nil, err
	}
	if ins, err := enforcement.ParseMembers("inspectors", []byte(p.InspectorsCSV)); err == nil {
		for _, m := range ins {
			v.Names[m.ID] = m.Name
		}
	}
	cal, err := h.Store.Calendar(r.Context())
	if err != nil {
		return nil, err
	}
	v.ResultLight = p.ResultsLight(cal, calendar.Today(h.Now()))
	return v, nil
}

// DrawPage serves GET /enforcement/draws/{id}.
func (h *Handler) DrawPage(w http.ResponseWriter, r *http.Request) error {
	v, err := h.planView(r)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "enforcement_draw", map[string]any{"Title": "抽查计划：" + v.Title, "P": v,
		"Meta": kit.PageMeta{ColumnName: "双随机一公开", ArticleTitle: v.Title, PubDate: v.Created.In(calendar.Zone).Format("2006-01-02 15:04"), ContentSource: v.DeptName}})
	return nil
}

// DrawFile serves GET /enforcement/draws/{id}/{file}: the published lists
// and result as CSV, byte for byte what the hashes cover.
func (h *Handler) DrawFile(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	p, err := h.Store.Plan(r.Context(), id)
	if err != nil {
		return err
	}
	var body string
	switch r.PathValue("file") {
	case "objects.csv":
		body = p.ObjectsCSV
	case "inspectors.csv":
		body = p.InspectorsCSV
	case "previous.csv":
		body = p.PreviousCSV
	case "result.csv":
		body = p.ResultCSV
	default:
		return errs.New(errs.NotFound, "web.drawFile", "file_not_found", "没有这个文件。")
	}
	if body == "" {
		return errs.New(errs.NotFound, "web.drawFile", "file_not_found", "该文件尚未公布。")
	}
	name := "plan" + strconv.FormatInt(p.ID, 10) + "-" + r.PathValue("file")
	return kit.Download(w, "text/csv; charset=utf-8", name, name, bytes.NewBufferString(body))
}

// AdminDrawsPage serves GET /admin/enforcement/draws: the department's
// plans and the form for a new one, with a freshly generated seed offered.
func (h *Handler) AdminDrawsPage(w http.ResponseWriter, r *http.Request) error {
	return h.adminDraws(w, r, http.StatusOK, &enforcement.Plan{N: 1, PerObject: 2}, nil)
}

func (h *Handler) adminDraws(w http.ResponseWriter, r *http.Request, status int, in *enforcement.Plan, failed error) error {
	dept, err := editorDept(kit.User(r))
	if err != nil {
		return err
	}
	plans, err := h.Store.Plans(r.Context(), dept, 100)
	if err != nil {
		return err
	}
	seed := make([]byte, enforcement.SeedBytes)
	if _, err := rand.Read(seed); err != nil {
		return err
	}
	data := map[string]any{"Title": "双随机抽查计划", "Plans": plans, "In": in, "Seed": hex.EncodeToString(seed), "Commitment": enforcement.Commit(seed)}
	if failed != nil {
		_, data["Error"] = errs.Public(failed)
		data["ErrorField"] = errs.FieldOf(failed)
		data["Errors"] = errs.All(failed)
	}
	h.Render(w, r, status, "admin_enforcement_draws", data)
	return nil
}

func formFail(err error) bool { return errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) }

// AdminCreatePlan serves POST /admin/enforcement/draws.
func (h *Handler) AdminCreatePlan(w http.ResponseWriter, r *http.Request) error {
	dept, err := editorDept(kit.User(r))
	if err != nil {
		return err
	}
	v := r.PostFormValue
	n, _ := strconv.Atoi(strings.TrimSpace(v("objects_n")))
	k, _ := strconv.Atoi(strings.TrimSpace(v("per_object")))
	in := &enforcement.Plan{Title: v("title"), N: n, PerObject: k, Commitment: v("commitment"),
		ObjectsCSV: csvText(v("objects_csv")), InspectorsCSV: csvText(v("inspectors_csv")), PreviousCSV: csvText(v("previous_csv"))}
	p, err := h.Store.CreatePlan(r.Context(), kit.Actor(r), dept, *in)
	if err != nil {
		if !formFail(err) {
			return err
		}
		return h.adminDraws(w, r, kit.StatusOf(err), in, err)
	}
	return kit.Redirect(w, r, "/enforcement/draws/"+strconv.FormatInt(p.ID, 10), "plan_created")
}

// csvText normalises pasted CSV: line ends to \n and one final newline,
// so the published file and its hash do not depend on the browser.
func csvText(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
	if s == "" {
		return ""
	}
	return s + "\n"
}

// ownPlan loads the plan of the path if it is the user's department's.
func (h *Handler) ownPlan(r *http.Request) (*enforcement.Plan, error) {
	dept, err := editorDept(kit.User(r))
	if err != nil {
		return nil, err
	}
	id, err := kit.PathID(r)
	if err != nil {
		return nil, err
	}
	p, err := h.Store.Plan(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if p.DeptID != dept {
		return nil, errs.New(errs.Forbidden, "web.ownPlan", "other_department", "只能操作本部门的抽查计划。")
	}
	return p, nil
}

// AdminDrawPlan serves POST /admin/enforcement/draws/{id}/draw: reveal
// the seed and draw.
func (h *Handler) AdminDrawPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := h.ownPlan(r)
	if err != nil {
		return err
	}
	if err := h.Store.DrawPlan(r.Context(), kit.Actor(r), p.ID, r.PostFormValue("seed")); err != nil {
		if !formFail(err) {
			return err
		}
		return h.adminDraws(w, r, kit.StatusOf(err), &enforcement.Plan{N: 1, PerObject: 2}, err)
	}
	return kit.Redirect(w, r, "/enforcement/draws/"+strconv.FormatInt(p.ID, 10), "plan_drawn")
}

// AdminPlanResults serves POST /admin/enforcement/draws/{id}/results.
func (h *Handler) AdminPlanResults(w http.ResponseWriter, r *http.Request) error {
	p, err := h.ownPlan(r)
	if err != nil {
		return err
	}
	var end calendar.Date
	if s := strings.TrimSpace(r.PostFormValue("inspection_end")); s != "" {
		if end, err = kit.DateParam("检查结束日期", s); err != nil {
			err = errs.InField("inspection_end", err)
		}
	}
	if err == nil {
		err = h.Store.PublishPlanResults(r.Context(), kit.Actor(r), p.ID, end, r.PostFormValue("results_text"))
	}
	if err != nil {
		if !formFail(err) {
			return err
		}
		return h.adminDraws(w, r, kit.StatusOf(err), &enforcement.Plan{N: 1, PerObject: 2}, err)
	}
	return kit.Redirect(w, r, "/enforcement/draws/"+strconv.FormatInt(p.ID, 10), "plan_published")
}
