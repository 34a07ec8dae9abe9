package foi

// The FOI office's settings page, the released files (答复附件) of a case,
// the confirmation of an applicant's online supplement, and assignment by
// API. The rules (who may, what is valid) are the store's and the foi
// domain's; these handlers parse and render.

import (
	"io"
	"net/http"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/web/kit"
)

// officeData is the settings page's data.
func (s *Handler) officeData(r *http.Request, o *foi.Office) (map[string]any, error) {
	depts, err := s.Store.Departments(r.Context())
	if err != nil {
		return nil, err
	}
	return map[string]any{"Title": "依申请公开设置", "Office": o, "Depts": kit.DepartmentTree(depts),
		"Example": o.NoticeNumber(calendar.Today(s.Now()).Year, 1)}, nil
}

// SettingsPage serves GET /admin/foi/settings.
func (s *Handler) SettingsPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Store.FOIOffice(r.Context())
	if err != nil {
		return err
	}
	data, err := s.officeData(r, o)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin_foi_settings", data)
	return nil
}

// SaveSettings serves POST /admin/foi/settings.
func (s *Handler) SaveSettings(w http.ResponseWriter, r *http.Request) error {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	o := foi.Office{DeptID: kit.FormID(v("dept_id")), Contact: v("contact"), Phone: v("phone"), Address: v("address"),
		ReviewOrgan: v("review_organ"), Court: v("court"), NoticePattern: v("notice_pattern"), OneStep: v("one_step") == "1"}
	err := s.Store.SetFOIOffice(r.Context(), kit.Actor(r), o)
	if err == nil {
		return kit.Redirect(w, r, "/admin/foi/settings", "foi_settings")
	}
	return s.FormPage(w, r, err, func() (string, map[string]any, error) {
		data, err := s.officeData(r, &o)
		if data != nil {
			data["ErrorField"] = errs.FieldOf(err)
		}
		return "admin_foi_settings", data, err
	})
}

// AdminReleased keeps a file to release with the answer (答复附件); its
// type is detected from the bytes as for document attachments.
func (s *Handler) AdminReleased(w http.ResponseWriter, r *http.Request) error {
	const op = "web.adminFOIReleased"
	number := r.PathValue("number")
	fail := func(err error) error { return s.foiCaseFail(w, r, err, "released", "上传答复附件") }
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 || r.MultipartForm.File["file"][0].Size == 0 {
		return fail(errs.New(errs.Invalid, op, "file_required", "请选择要随答复提供的文件。"))
	}
	hdr := r.MultipartForm.File["file"][0]
	if hdr.Size > foi.MaxReleasedSize {
		return fail(errs.New(errs.Invalid, op, "file_too_large", "答复附件每个不超过 20 MB。"))
	}
	f, err := hdr.Open()
	if err != nil {
		return fail(errs.New(errs.Invalid, op, "bad_upload", "文件读取失败，请重新上传。"))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, foi.MaxReleasedSize+1))
	if err != nil {
		return fail(errs.New(errs.Invalid, op, "bad_upload", "文件读取失败，请重新上传。"))
	}
	if _, err := s.Store.AddFOIFile(r.Context(), kit.Actor(r), number, foi.FileReleased, hdr.Filename, data); err != nil {
		return fail(err)
	}
	return kit.Redirect(w, r, foiCaseURL(number)+"#h-released", "foi_released")
}

// AdminRemoveReleased deletes a released file before the answer is signed.
func (s *Handler) AdminRemoveReleased(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	if err := s.Store.RemoveFOIReleased(r.Context(), kit.Actor(r), number, id); err != nil {
		return s.foiCaseFail(w, r, err, "released", "删除答复附件")
	}
	return kit.Redirect(w, r, foiCaseURL(number)+"#h-released", "foi_released_removed")
}

// AdminConfirmSupplement records the applicant's online supplement as
// received (the clock restarts on the day it was sent).
func (s *Handler) AdminConfirmSupplement(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	version := kit.FormID(r.PostFormValue("version"))
	if version <= 0 {
		err = errs.New(errs.Invalid, "web.adminFOIConfirmSupplement", "version_required", "表单缺少版本信息，请刷新页面后重新登记。")
	} else {
		_, err = s.Store.ConfirmFOISupplement(r.Context(), kit.User(r), number, version, id)
	}
	if err != nil {
		return s.foiCaseFail(w, r, err, "supplement", "确认补正")
	}
	return kit.Redirect(w, r, foiCaseURL(number)+"#h-events", "foi_event")
}

// APIAssign serves POST /api/v1/foi/applications/{number}/assign.
func (s *Handler) APIAssign(w http.ResponseWriter, r *http.Request) error {
	const op = "web.apiAssignFOI"
	var in struct {
		Dept string `json:"dept"`
		Note string `json:"note"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Dept) == "" {
		return errs.InField("dept", errs.New(errs.Invalid, op, "department_required", "请填写承办部门的代码 dept。"))
	}
	d, err := s.Store.DepartmentByCode(r.Context(), strings.TrimSpace(in.Dept))
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.InField("dept", errs.New(errs.Invalid, op, "department_not_found", "没有代码为该值的部门。"))
		}
		return err
	}
	number := r.PathValue("number")
	if err := s.Store.AssignFOI(r.Context(), kit.Actor(r), number, d.ID, in.Note); err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"number": number, "dept": d.Code, "dept_name": d.Name})
	return nil
}
