package foi

// The applicant's side of tracking: what to supplement and by when, the
// online supplement, and the downloads of the notices and the released
// files (答复附件). Every request carries the number and query code (the
// tracking page is a POST and never cached), is rate-limited like tracking
// and is recorded in the case's trail by the store, without personal data.

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/notice"
	"gongkai/internal/web/kit"
)

// Limits of an online supplement: the files of the application form.
const (
	supplementFiles   = 3
	supplementFileMax = foi.MaxFileSize
	// SupplementBody bounds the body of the supplement form.
	SupplementBody = supplementFiles*supplementFileMax + 1<<20
)

// foiTrackView is what the tracking page shows of a case beyond its clock.
type foiTrackView struct {
	Items    []string        // the 补正事项 of the pending request
	Pending  *foi.Supplement // a supplement sent and not yet confirmed
	Notices  []notice.Ref    // the applicant's notices
	Released []*foi.File     // downloadable once answered
}

// trackView gathers the applicant's view of app.
func (s *Handler) trackView(r *http.Request, app *foi.Application) (*foiTrackView, error) {
	v := &foiTrackView{}
	if app.Clock.Status == foi.AwaitingSupplement {
		v.Items = supplementItems(app)
		sups, err := s.Store.FOISupplements(r.Context(), app.Number)
		if err != nil {
			return nil, err
		}
		for _, p := range sups {
			if p.ConfirmedSeq == 0 {
				v.Pending = p
			}
		}
	}
	for _, ref := range notice.Available(app) {
		if ref.Kind.ToApplicant() {
			v.Notices = append(v.Notices, ref)
		}
	}
	if app.Clock.Status == foi.Answered && app.Clock.Outcome.ReleasesFiles() {
		files, err := s.Store.FOIFiles(r.Context(), app.Number)
		if err != nil {
			return nil, err
		}
		v.Released = foi.Released(files)
	}
	return v, nil
}

// supplementItems are the items of the case's last 补正 request.
func supplementItems(app *foi.Application) []string {
	for i := len(app.Events) - 1; i >= 0; i-- {
		if e := app.Events[i]; e.Type == foi.RequestSupplement {
			if items := notice.Items(e.Reason); items != nil {
				return items
			}
			break
		}
	}
	return []string{}
}

// trackCredentials reads and bounds the number and code of a tracking form.
func trackCredentials(r *http.Request) (number, code string) {
	number = strings.ToUpper(strings.TrimSpace(r.PostFormValue("number")))
	code = strings.ToUpper(strings.TrimSpace(r.PostFormValue("code")))
	if len(number) > 40 || len(code) > 40 {
		return "", ""
	}
	return number, code
}

// Supplement serves POST /foi/track/supplement: the applicant's online
// supplement, kept for an officer to confirm.
func (s *Handler) Supplement(w http.ResponseWriter, r *http.Request) error {
	const op = "web.foiSupplement"
	w.Header().Set("Cache-Control", "no-store")
	if err := s.limit.Allow(r, s.Now()); err != nil {
		return err
	}
	number, code := trackCredentials(r)
	var files []foi.Upload
	var err error
	if r.MultipartForm != nil {
		for _, hdr := range r.MultipartForm.File["files"] {
			if hdr.Filename == "" && hdr.Size == 0 {
				continue
			}
			if len(files) == supplementFiles {
				err = errs.InField("files", errs.New(errs.Invalid, op, "too_many_files", "补正材料最多 3 个文件。"))
				break
			}
			if hdr.Size > supplementFileMax {
				err = errs.InField("files", errs.New(errs.Invalid, op, "file_too_large", "补正材料每个不超过 5 MB。"))
				break
			}
			f, oerr := hdr.Open()
			if oerr != nil {
				err = errs.InField("files", errs.New(errs.Invalid, op, "bad_upload", "文件读取失败，请重新选择。"))
				break
			}
			data, rerr := io.ReadAll(io.LimitReader(f, supplementFileMax+1))
			f.Close()
			if rerr != nil {
				err = errs.InField("files", errs.New(errs.Invalid, op, "bad_upload", "文件读取失败，请重新选择。"))
				break
			}
			files = append(files, foi.Upload{Name: hdr.Filename, Data: data})
		}
	}
	text := r.PostFormValue("text")
	if err == nil {
		_, err = s.Store.SubmitFOISupplement(r.Context(), number, code, text, files)
	}
	app, terr := s.Store.TrackFOI(r.Context(), number, code)
	if terr != nil {
		return terr
	}
	data := map[string]any{"Title": "申请进度查询", "Number": number}
	status := http.StatusOK
	if err != nil {
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			return err
		}
		_, msg := errs.Public(err)
		data["SupplementError"], data["SupplementField"], data["SupplementText"] = msg, errs.FieldOf(err), text
		status = kit.StatusOf(err)
	} else {
		data["Supplemented"] = true
	}
	return s.renderTrack(w, r, status, data, app, code)
}

// renderTrack shows the tracking result of app.
func (s *Handler) renderTrack(w http.ResponseWriter, r *http.Request, status int, data map[string]any, app *foi.Application, code string) error {
	view, err := s.trackView(r, app)
	if err != nil {
		return err
	}
	data["App"], data["Stages"], data["View"], data["Code"] = app, foiStages(app), view, code
	s.Render(w, r, status, "foi_track", data)
	return nil
}

// TrackNotice serves POST /foi/track/notice: a notice to the applicant as
// a PDF, addressed in full (it is their own).
func (s *Handler) TrackNotice(w http.ResponseWriter, r *http.Request) error {
	if err := s.limit.Allow(r, s.Now()); err != nil {
		return err
	}
	number, code := trackCredentials(r)
	k := notice.Kind(r.PostFormValue("kind"))
	if !k.Valid() || !k.ToApplicant() {
		return errs.New(errs.NotFound, "web.foiTrackNotice", "unknown_notice", "没有这种告知书。")
	}
	// The case is checked first, so a wrong code or a notice not yet due
	// records nothing.
	app, err := s.Store.TrackFOI(r.Context(), number, code)
	if err != nil {
		return err
	}
	if err := notice.Check(app, k, 0); err != nil {
		return err
	}
	_, p, err := s.Store.TrackedApplicant(r.Context(), number, code, string(k))
	if err != nil {
		return err
	}
	n, err := s.buildNotice(r.Context(), app, k, 0, notice.Party{Name: p.Name, Address: p.Address})
	if err != nil {
		return err
	}
	pdf, err := notice.PDF(n, s.Cfg.PDFFont)
	if err != nil {
		return err
	}
	sendFile(w, "attachment", n.FileName(), "application/pdf", pdf)
	return nil
}

// TrackFile serves POST /foi/track/file: a released file, once answered.
func (s *Handler) TrackFile(w http.ResponseWriter, r *http.Request) error {
	if err := s.limit.Allow(r, s.Now()); err != nil {
		return err
	}
	number, code := trackCredentials(r)
	f, data, err := s.Store.TrackedFile(r.Context(), number, code, kit.FormID(r.PostFormValue("file")))
	if err != nil {
		return err
	}
	sendFile(w, "attachment", f.Name, f.MIME, data)
	return nil
}

// sendFile answers with a file that is never cached (it holds personal
// data or what was released to one applicant); disposition is inline or
// attachment.
func sendFile(w http.ResponseWriter, disposition, name, contentType string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}
