package interact

// The public pages of 意见征集: the list of solicitations, one
// solicitation with its draft, period and (while open) the comment form,
// and the comment's receipt. The receipt carries the query code once, as
// the answer to the POST, never in a URL or a cookie.

import (
	"html/template"
	"math/rand/v2"
	"net/http"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/web/kit"
)

// solicitFuncs are the template functions of the solicitation pages.
func solicitFuncs() template.FuncMap {
	return template.FuncMap{
		// solicitMinimum is a kind's minimum comment period, as a phrase.
		"solicitMinimum": func(k interact.DraftKind) string {
			if m, ok := interact.MinimumPeriods[k]; ok {
				return "不少于 " + m.Text() + "（" + m.Source + "）"
			}
			return "无规定期限"
		},
		"solicitDocPath": kit.DocPath,
		"solicitSeq":     func(i int) int { return i + 1 },
	}
}

// solicitFlash are the flash messages of the solicitation pages.
var solicitFlash = map[string]string{
	"solicit-created":  "意见征集已创建。",
	"solicit-saved":    "意见征集已保存。",
	"solicit-feedback": "反馈已发布，门户页面已显示。",
	"solicit-replied":  "已按模板答复全部待答复的意见。",
}

// solicitRow is a solicitation with its state on today, for lists.
type solicitRow struct {
	*interact.Solicitation
	State interact.SolicitationState
	Dept  string
}

// solicitRows is a page of solicitations (of dept, or all for 0) with
// their states on today and their departments' names.
func (h *Handler) solicitRows(r *http.Request, dept int64, today calendar.Date, page, size int) ([]solicitRow, int, error) {
	list, total, err := h.Store.Solicitations(r.Context(), dept, today, page, size)
	if err != nil {
		return nil, 0, err
	}
	names, err := h.deptNames(r)
	if err != nil {
		return nil, 0, err
	}
	rows := make([]solicitRow, len(list))
	for i, s := range list {
		rows[i] = solicitRow{s, s.State(today), names[s.DeptID]}
	}
	return rows, total, nil
}

// SolicitationsPage serves GET /hudong/solicitations.
func (h *Handler) SolicitationsPage(w http.ResponseWriter, r *http.Request) error {
	page, err := kit.PageParam(r.URL.Query())
	if err != nil {
		return err
	}
	today := calendar.Today(h.Now())
	const size = 20
	rows, total, err := h.solicitRows(r, 0, today, page, size)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "solicit_list", map[string]any{"Title": "意见征集", "Rows": rows,
		"Pager": kit.NewPager(r, page, size, total)})
	return nil
}

// solicitCommentForm is what the comment form posts.
type solicitCommentForm struct {
	Name, Phone, Email, Content string
	PublishOK                   bool
}

// solicitPageData is what the solicitation page shows.
func (h *Handler) solicitPageData(r *http.Request, sol *interact.Solicitation, f solicitCommentForm) (map[string]any, error) {
	dept, err := h.Store.Department(r.Context(), sol.DeptID)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(h.Now())
	return map[string]any{"Title": sol.Title, "Sol": sol, "State": sol.State(today), "Dept": dept.Name, "Form": f,
		"Challenge":   interact.NewChallenge(h.Store.Secrets.MAC, rand.IntN(10), rand.IntN(10), h.Now()),
		"FieldErrors": map[string]string{}, "MaxContent": interact.MaxContent,
		"Meta": kit.PageMeta{ColumnName: "意见征集"}}, nil
}

// SolicitationPage serves GET /hudong/solicitations/{id}.
func (h *Handler) SolicitationPage(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	sol, err := h.Store.Solicitation(r.Context(), id)
	if err != nil {
		return err
	}
	data, err := h.solicitPageData(r, sol, solicitCommentForm{})
	return h.Show(w, r, "solicit_page", data, err)
}

// solicitFieldOrder is the order of the comment form's fields.
var solicitFieldOrder = []string{"name", "phone", "email", "content", "challenge"}

// SolicitationComment serves POST /hudong/solicitations/{id}: a comment,
// answered with its receipt. After the close date (or before the open
// date) the page comes back with the reason and nothing is stored.
func (h *Handler) SolicitationComment(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if err := h.limit.Allow(r, h.Now()); err != nil {
		return err
	}
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	sol, err := h.Store.Solicitation(r.Context(), id)
	if err != nil {
		return err
	}
	f := solicitCommentForm{Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"),
		Content: r.PostFormValue("content"), PublishOK: r.PostFormValue("publish_ok") == "yes"}
	sub := interact.Submission{Kind: interact.Comment, Target: strconv.FormatInt(id, 10), Name: f.Name, Phone: f.Phone, Email: f.Email,
		Subject: interact.CommentSubject(sol.Title), Content: f.Content, PublishOK: f.PublishOK}
	// The challenge is checked with the fields, so one submission shows
	// every problem; a solicitation not open says so first (the store
	// refuses the comment with the dates).
	open := sol.State(calendar.Today(h.Now())) == interact.Open
	if cerr := interact.CheckChallenge(h.Store.Secrets.MAC, r.PostFormValue("challenge_token"), r.PostFormValue("challenge"), h.Now()); cerr != nil && open {
		check := sub
		check.Normalize()
		problems := check.Problems()
		problems = append(problems, errs.All(cerr)...)
		return h.solicitCommentFailed(w, r, sol, f, errs.Join(problems...))
	}
	l, code, err := h.Store.CreateLetter(r.Context(), sub, nil)
	if err != nil {
		return h.solicitCommentFailed(w, r, sol, f, err)
	}
	h.Render(w, r, http.StatusOK, "solicit_receipt", map[string]any{"Title": "意见已提交", "Sol": sol, "Letter": l, "Code": code})
	return nil
}

// solicitCommentFailed shows the solicitation page again with what went
// wrong: each field's problem next to it (400), or why the solicitation
// takes no comment now (409).
func (h *Handler) solicitCommentFailed(w http.ResponseWriter, r *http.Request, sol *interact.Solicitation, f solicitCommentForm, err error) error {
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		return err
	}
	data, derr := h.solicitPageData(r, sol, f)
	if derr != nil {
		return derr
	}
	fieldErrs := map[string]string{}
	var problems []solicitProblem
	for _, e := range errs.All(err) {
		_, msg := errs.Public(e)
		field := e.Field
		if field == "target" || field == "subject" || field == "kind" {
			field = ""
		}
		if field != "" {
			if _, dup := fieldErrs[field]; dup {
				continue
			}
			fieldErrs[field] = msg
		}
		problems = append(problems, solicitProblem{field, msg})
	}
	order := func(field string) int {
		for i, f := range solicitFieldOrder {
			if f == field {
				return i
			}
		}
		return -1
	}
	for i := 1; i < len(problems); i++ { // stable insertion sort: a handful of problems
		for j := i; j > 0 && order(problems[j].Field) < order(problems[j-1].Field); j-- {
			problems[j], problems[j-1] = problems[j-1], problems[j]
		}
	}
	data["FieldErrors"], data["Problems"] = fieldErrs, problems
	if errs.Is(err, errs.Conflict) {
		_, data["Error"] = errs.Public(err)
		data["Problems"] = nil
	}
	h.Render(w, r, kit.StatusOf(err), "solicit_page", data)
	return nil
}

// solicitProblem is one message of a failed form and its field ("" none).
type solicitProblem struct{ Field, Message string }
