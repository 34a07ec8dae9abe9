package interact

// The public side of letters: the form (网上咨询 and 领导信箱) with its
// receipt, tracking with the satisfaction rating, and 留言选登. As with
// FOI, the query code is shown once, on the receipt rendered as the answer
// to the POST; tracking is a POST, so the code never travels in a URL.

import (
	"html/template"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/web/kit"
)

// LetterBody is the body limit of the letter form: three files of 5 MB
// and the text (web/routes.go, publicUpload).
const LetterBody = interact.MaxFiles*interact.MaxFileSize + 1<<20

var (
	letterFuncs = template.FuncMap{
		"letterKind":   func(k interact.Kind) string { return k.Label() },
		"letterKinds":  func() []interact.Kind { return []interact.Kind{interact.Consult, interact.Mailbox, interact.Comment} },
		"letterStatus": func(s interact.Status) string { return s.Label() },
		"letterAction": func(a interact.Action) string { return a.Label() },
		// letterTime is a moment of a letter's trail in Beijing time.
		"letterTime": func(t time.Time) string { return t.In(calendar.Zone).Format("2006-01-02 15:04") },
		"letterActor": func(a string) string {
			switch a {
			case "anonymous":
				return "留言人（网上提交）"
			case "writer":
				return "留言人"
			}
			return a
		},
		"rejectLabel":   interact.RejectLabel,
		"letterRatings": func() []int { return []int{1, 2, 3, 4, 5} },
		"rejectGuide":   interact.RejectGuidance,
		// letterMax is a field's length limit for its maxlength attribute.
		"letterMax": func(field string) int { return letterMaxLen[field] },
		// letterParas splits a plain text into its paragraphs.
		"letterParas": func(s string) []string {
			var out []string
			for _, p := range strings.Split(s, "\n") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
			return out
		},
	}
	letterFlash = map[string]string{
		"letter_step":     "已办理，留言的办理记录已更新。",
		"letter_settings": "政民互动设置已保存。",
	}
	letterMaxLen = map[string]int{"name": interact.MaxName, "phone": interact.MaxPhone, "email": interact.MaxEmail,
		"subject": interact.MaxSubject, "content": interact.MaxContent, "reply": interact.MaxReply, "note": interact.MaxNote}
)

// letterForm is the form's data: its kind, the choices and what was typed.
func (h *Handler) letterForm(r *http.Request, sub interact.Submission) (map[string]any, error) {
	set, err := h.Store.LetterSettings(r.Context())
	if err != nil {
		return nil, err
	}
	depts, err := h.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	var active []*auth.Department
	for _, d := range depts {
		if d.ParentID != 0 {
			active = append(active, d)
		}
	}
	title := "网上咨询"
	if sub.Kind == interact.Mailbox {
		title = "领导信箱"
	}
	ch := interact.NewChallenge(h.Store.Secrets.MAC, rand.IntN(10), rand.IntN(10), h.Now())
	return map[string]any{"Title": title, "Kind": string(sub.Kind), "Form": sub, "Leaders": set.Leaders, "Departments": active, "Challenge": ch}, nil
}

// letterKindOf reads the kind a form page is for (consult unless mailbox).
func letterKindOf(v string) interact.Kind {
	if interact.Kind(v) == interact.Mailbox {
		return interact.Mailbox
	}
	return interact.Consult
}

// WritePage is the letter form: ?kind=mailbox for 领导信箱, else 网上咨询;
// ?target= preselects a department or leader.
func (h *Handler) WritePage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	data, err := h.letterForm(r, interact.Submission{Kind: letterKindOf(q.Get("kind")), Target: q.Get("target")})
	return h.Show(w, r, "letter_write", data, err)
}

// Write receives a letter from the form and answers with the receipt.
func (h *Handler) Write(w http.ResponseWriter, r *http.Request) error {
	if err := h.limit.Allow(r, h.Now()); err != nil {
		return err
	}
	sub := interact.Submission{
		Kind: letterKindOf(r.PostFormValue("kind")), Target: r.PostFormValue("target"),
		Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"),
		Subject: r.PostFormValue("subject"), Content: r.PostFormValue("content"), PublishOK: r.PostFormValue("publish_ok") == "yes",
	}
	fail := func(err error) error {
		return h.FormPage(w, r, err, func() (string, map[string]any, error) {
			data, lerr := h.letterForm(r, sub)
			if lerr == nil {
				data["Errors"] = errs.All(err)
				data["ErrorField"] = errs.FieldOf(err)
			}
			return "letter_write", data, lerr
		})
	}
	if err := interact.CheckChallenge(h.Store.Secrets.MAC, r.PostFormValue("challenge_token"), r.PostFormValue("challenge"), h.Now()); err != nil {
		return fail(err)
	}
	files, err := letterFiles(r)
	if err != nil {
		return fail(err)
	}
	l, code, err := h.Store.CreateLetter(r.Context(), sub, files)
	if err != nil {
		return fail(err)
	}
	h.Render(w, r, http.StatusCreated, "letter_receipt", map[string]any{"Title": "留言已提交", "Letter": l, "Code": code})
	return nil
}

// letterFiles reads the form's attachments within their limits.
func letterFiles(r *http.Request) ([]interact.Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []interact.Upload
	for _, hdr := range r.MultipartForm.File["files"] {
		if hdr.Filename == "" && hdr.Size == 0 {
			continue
		}
		if len(out) == interact.MaxFiles {
			return nil, errs.InField("files", errs.New(errs.Invalid, "web.letterFiles", "too_many_files", "附件最多 3 个。"))
		}
		if hdr.Size > interact.MaxFileSize {
			return nil, errs.InField("files", errs.New(errs.Invalid, "web.letterFiles", "file_too_large", "每个附件不超过 5 MB："+hdr.Filename))
		}
		f, err := hdr.Open()
		if err != nil {
			return nil, errs.InField("files", errs.New(errs.Invalid, "web.letterFiles", "bad_upload", "附件读取失败，请重新选择文件。"))
		}
		data, err := io.ReadAll(io.LimitReader(f, interact.MaxFileSize+1))
		f.Close()
		if err != nil || len(data) > interact.MaxFileSize {
			return nil, errs.InField("files", errs.New(errs.Invalid, "web.letterFiles", "file_too_large", "每个附件不超过 5 MB："+hdr.Filename))
		}
		out = append(out, interact.Upload{Name: hdr.Filename, Data: data})
	}
	return out, nil
}

// TrackPage is the tracking form.
func (h *Handler) TrackPage(w http.ResponseWriter, r *http.Request) error {
	h.Render(w, r, http.StatusOK, "letter_track", map[string]any{"Title": "留言办理进度查询"})
	return nil
}

// Track shows a letter's progress to its writer (number and code posted).
func (h *Handler) Track(w http.ResponseWriter, r *http.Request) error {
	if err := h.limit.Allow(r, h.Now()); err != nil {
		return err
	}
	number, code := strings.TrimSpace(r.PostFormValue("number")), strings.TrimSpace(r.PostFormValue("code"))
	l, err := h.Store.TrackLetter(r.Context(), number, code)
	return h.renderTrack(w, r, l, number, code, err, "")
}

func (h *Handler) renderTrack(w http.ResponseWriter, r *http.Request, l *interact.Letter, number, code string, err error, done string) error {
	data := map[string]any{"Title": "留言办理进度查询", "Number": number, "Code": code, "Done": done}
	status := http.StatusOK
	if err != nil {
		if !errs.Is(err, errs.NotFound) && !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			return err
		}
		_, data["Error"] = errs.Public(err)
		data["ErrorField"] = errs.FieldOf(err)
		status = kit.StatusOf(err)
	}
	if l != nil {
		data["Letter"] = l
		if l.ReplyDept != 0 {
			if d, derr := h.Store.Department(r.Context(), l.ReplyDept); derr == nil {
				data["ReplyDept"] = d.Name
			}
		}
	}
	h.Render(w, r, status, "letter_track", data)
	return nil
}

// Rate records the writer's satisfaction with the reply.
func (h *Handler) Rate(w http.ResponseWriter, r *http.Request) error {
	if err := h.limit.Allow(r, h.Now()); err != nil {
		return err
	}
	number, code := strings.TrimSpace(r.PostFormValue("number")), strings.TrimSpace(r.PostFormValue("code"))
	rating, _ := strconv.Atoi(r.PostFormValue("rating"))
	l, err := h.Store.RateLetter(r.Context(), number, code, rating)
	if err != nil && !errs.Is(err, errs.NotFound) {
		// Show the letter again with the message.
		l2, terr := h.Store.TrackLetter(r.Context(), number, code)
		if terr != nil {
			return h.renderTrack(w, r, nil, number, code, terr, "")
		}
		return h.renderTrack(w, r, l2, number, code, err, "")
	}
	return h.renderTrack(w, r, l, number, code, err, "rated")
}

// LettersPage is 留言选登: the letters staff selected, with their writers'
// consent, newest reply first.
func (h *Handler) LettersPage(w http.ResponseWriter, r *http.Request) error {
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
	h.Render(w, r, http.StatusOK, "letters_public", map[string]any{"Title": "留言选登", "Letters": letters, "Depts": names,
		"Pager": kit.NewPager(r, page, size, total)})
	return nil
}

// PublicLetterPage is one letter of 留言选登 with its reply.
func (h *Handler) PublicLetterPage(w http.ResponseWriter, r *http.Request) error {
	l, err := h.Store.PublishedLetter(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	names, err := h.deptNames(r)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "letter_public", map[string]any{"Title": l.Subject, "Letter": l, "Depts": names,
		"Meta": kit.PageMeta{ColumnName: "留言选登", ArticleTitle: l.Subject, PubDate: l.RepliedAt.In(calendar.Zone).Format("2006-01-02 15:04")}})
	return nil
}

// deptNames maps department ids to names.
func (h *Handler) deptNames(r *http.Request) (map[int64]string, error) {
	return h.deptMap(r, func(d *auth.Department) string { return d.Name })
}

// deptMap maps department ids to what of them key picks.
func (h *Handler) deptMap(r *http.Request, key func(*auth.Department) string) (map[int64]string, error) {
	depts, err := h.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(depts))
	for _, d := range depts {
		out[d.ID] = key(d)
	}
	return out, nil
}
