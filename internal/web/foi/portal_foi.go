package foi

// The public pages of 依申请公开: the notes for applicants, the application
// form with its receipt, and the tracking page. The query code is shown
// once, on the receipt, which is rendered as the answer to the POST: it never
// travels in a URL or a cookie, and the pages that carry it or the
// applicant's data are not cached. Tracking is a POST for the same reason.

import (
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/publish"
	"gongkai/internal/web/kit"
)

// foiScanMax is the largest ID scan accepted (the store's limit); the
// server reads the application form's body up to publicUpload's limit (web/routes.go).
const foiScanMax = foi.MaxFileSize

var (
	foiChannelLabels = map[foi.Channel]string{
		foi.InPerson: "当面提交", foi.MailSigned: "邮寄（需签收）", foi.MailUnsigned: "平常信函",
		foi.Online: "网上提交", foi.Fax: "传真",
	}
	foiFormatLabels   = map[string]string{"paper": "纸质", "electronic": "电子"}
	foiDeliveryLabels = map[string]string{"post": "邮寄", "email": "电子邮件", "pickup": "自行领取", "onsite": "当场阅读、抄录"}
	foiKindLabels     = map[string]string{"person": "自然人", "org": "法人或其他组织"}
	// foiPersonIDTypes are the identity documents the form offers a natural person.
	foiPersonIDTypes = []string{"居民身份证", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "护照", "外国人永久居留身份证", "其他"}
	// foiOrgIDTypes are those it offers an organisation: the credit code, or
	// for one without (registered abroad, or not registered in China)
	// another registration document.
	foiOrgIDTypes = []struct{ Value, Label string }{{foi.CreditCodeType, foi.CreditCodeType}, {"其他", "其他登记证明（无统一社会信用代码的组织）"}}
	// foiOrgCategories in the order of the annual report's columns.
	foiOrgCategories = []struct{ Code, Label string }{
		{"business", "商业企业"}, {"research", "科研机构"}, {"nonprofit", "社会公益组织"}, {"legal", "法律服务机构"}, {"other", "其他"},
	}
	foiChannels = []foi.Channel{foi.InPerson, foi.MailSigned, foi.MailUnsigned, foi.Fax, foi.Online}
	// foiMaxLen are the domain's limits by form field name.
	foiMaxLen = map[string]int{"name": foi.MaxName, "id_number": foi.MaxIDNumber, "legal_rep": foi.MaxName, "contact": foi.MaxName, "email": foi.MaxEmail, "address": foi.MaxAddress,
		"party": foi.MaxParty, "reason": foi.MaxReason, "carrier": foi.MaxShort, "tracking_no": foi.MaxShort, "location": foi.MaxLocation}
)

// foiScan is an uploaded ID scan, checked before anything is created.
type foiScan struct {
	name string
	data []byte
}

// foiScanOf reads and checks the optional ID scan: PDF, PNG or JPEG by its
// bytes, at most 5 MB. A refused file refuses the whole submission, so a
// refused file never leaves an application behind.
func foiScanOf(r *http.Request) (*foiScan, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["id_scan"]) == 0 {
		return nil, nil
	}
	hdr := r.MultipartForm.File["id_scan"][0]
	if hdr.Filename == "" && hdr.Size == 0 {
		return nil, nil
	}
	if hdr.Size > foiScanMax {
		return nil, foiFieldErr("id_scan", "file_too_large", "身份证明扫描件不超过 5 MB。")
	}
	file, err := hdr.Open()
	if err != nil {
		return nil, foiFieldErr("id_scan", "bad_upload", "身份证明扫描件读取失败，请重新选择文件。")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, foiScanMax+1))
	if err != nil {
		return nil, foiFieldErr("id_scan", "bad_upload", "身份证明扫描件读取失败，请重新选择文件。")
	}
	if len(data) > foiScanMax {
		return nil, foiFieldErr("id_scan", "file_too_large", "身份证明扫描件不超过 5 MB。")
	}
	mime, err := publish.DetectAttachment(hdr.Filename, data)
	if err != nil {
		return nil, err
	}
	if mime != "application/pdf" && mime != "image/png" && mime != "image/jpeg" {
		return nil, foiFieldErr("id_scan", "attachment_type", foiFormMessages["attachment_type"])
	}
	return &foiScan{name: hdr.Filename, data: data}, nil
}

// GuidePage is 依申请公开须知.
func (s *Handler) GuidePage(w http.ResponseWriter, r *http.Request) error {
	set := foi.DefaultSettings
	s.Render(w, r, http.StatusOK, "foi_guide", map[string]any{"Title": "依申请公开须知", "Set": set})
	return nil
}

// ApplyPage serves GET /foi/apply.
func (s *Handler) ApplyPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "foi_apply", foiFormData(&foiForm{A: foi.Applicant{Kind: "person"}}, false))
	return nil
}

// Apply accepts an online application and answers with its receipt.
func (s *Handler) Apply(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.limit.Allow(r, s.Now()); err != nil {
		return err
	}
	f := foiFormOf(r)
	scan, err := foiScanOf(r)
	if err := foiJoin(f.check(calendar.Today(s.Now())), err); err != nil {
		return s.foiFormFailed(w, r, f, false, err)
	}
	app, code, err := s.Store.CreateApplication(r.Context(), "anonymous", foi.Online, calendar.Date{}, f.A, f.R)
	if err != nil {
		return s.foiFormFailed(w, r, f, false, err)
	}
	return s.foiReceipt(w, r, app, code, scan, "anonymous", false)
}

// foiReceipt stores the scan of a new application and shows its receipt.
// The application exists by now, so a scan the store refuses only adds a
// note to the receipt: the query code must reach the applicant regardless.
func (s *Handler) foiReceipt(w http.ResponseWriter, r *http.Request, app *foi.Application, code string, scan *foiScan, actorName string, staff bool) error {
	data := map[string]any{"Title": "申请已提交", "App": app, "Code": code, "Staff": staff, "Set": foi.DefaultSettings}
	if staff {
		data["Title"] = "申请已登记"
	}
	if scan != nil {
		if _, err := s.Store.AddFOIFile(r.Context(), actorName, app.Number, "id_scan", scan.name, scan.data); err != nil {
			s.Log.Error("foi id scan not stored", "request_id", kit.RequestID(r.Context()), "number", app.Number, "err", err.Error())
			data["ScanFailed"] = true
		} else {
			data["ScanSaved"] = true
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusOK, "foi_receipt", data)
	return nil
}

// TrackPage serves GET /foi/track.
func (s *Handler) TrackPage(w http.ResponseWriter, r *http.Request) error {
	number := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("number")))
	if utf8.RuneCountInString(number) > 40 {
		number = ""
	}
	s.Render(w, r, http.StatusOK, "foi_track", map[string]any{"Title": "申请进度查询", "Number": number})
	return nil
}

// foiStage is a line of the public timeline: what happened and when, never
// who, why or with whom.
type foiStage struct {
	On    calendar.Date
	Label string
}

// Track shows an application's progress to whoever holds its number and
// query code. A wrong pair is 404 whichever half was wrong; guessing is
// rate-limited.
func (s *Handler) Track(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	number := strings.ToUpper(strings.TrimSpace(r.PostFormValue("number")))
	code := strings.ToUpper(strings.TrimSpace(r.PostFormValue("code")))
	data := map[string]any{"Title": "申请进度查询", "Number": number}
	if utf8.RuneCountInString(number) > 40 {
		data["Number"] = ""
	}
	show := func(status int, field, msg string) error {
		data["Error"], data["ErrorField"] = msg, field
		s.Render(w, r, status, "foi_track", data)
		return nil
	}
	if err := s.limit.Allow(r, s.Now()); err != nil {
		_, msg := errs.Public(err)
		return show(http.StatusTooManyRequests, "", msg)
	}
	switch {
	case number == "":
		return show(http.StatusBadRequest, "number", "请填写申请编号（回执上以 YSQ 开头的编号）。")
	case code == "":
		return show(http.StatusBadRequest, "code", "请填写查询码（回执上的 8 位字母和数字）。")
	}
	var app *foi.Application
	var err error
	if len(number) <= 40 && len(code) <= 40 {
		app, err = s.Store.TrackFOI(r.Context(), number, code)
	} else {
		err = errs.New(errs.NotFound, "web.foiTrack", "application_not_found", "")
	}
	if errs.Is(err, errs.NotFound) {
		return show(http.StatusNotFound, "number", "没有找到该申请：申请编号或查询码不正确。请核对回执上的申请编号和查询码后重试（查询码不区分大小写）。")
	}
	if err != nil {
		return err
	}
	data["App"], data["Stages"] = app, foiStages(app)
	s.Render(w, r, http.StatusOK, "foi_track", data)
	return nil
}

// foiStages is the applicant's timeline: the submission, then each event's
// type and date.
func foiStages(app *foi.Application) []foiStage {
	var out []foiStage
	if app.Channel.NeedsConfirmation() {
		out = append(out, foiStage{calendar.DateOf(app.Created), "提交申请"})
	} else {
		out = append(out, foiStage{app.ReceivedOn, "收到申请（" + foiChannelLabels[app.Channel] + "）"})
	}
	for _, e := range app.Events {
		// The sign-off is the organ's internal step; the applicant sees
		// its result, the answer.
		if e.Type.MovesClock() || e.Type == foi.Contact {
			out = append(out, foiStage{e.On, e.Type.Label()})
		}
	}
	return out
}
