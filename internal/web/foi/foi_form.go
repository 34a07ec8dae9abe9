package foi

// The application form, online (/foi/apply) and at the counter
// (/admin/foi/new). The applicant is a natural person or an organisation,
// each with its own block of fields; the form works without script, when
// both blocks show under their headings, so the server reads only the
// chosen kind's block and drops the other. Every problem is reported at
// once: each message next to its field and all of them in a summary.

import (
	"net/http"
	"slices"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/web/kit"
)

// foiForm is the application form as typed.
type foiForm struct {
	A          foi.Applicant // what is submitted: the chosen kind's block and the contact details
	Person     foiPersonBlock
	Org        foiOrgBlock
	R          foi.Request
	Consent    bool
	Channel    string // staff only
	ReceivedOn string // staff only
	HadFile    bool   // a file was chosen (it must be chosen again after an error)
}

// foiPersonBlock is the 自然人 block as typed.
type foiPersonBlock struct{ Name, IDType, IDNumber string }

// foiOrgBlock is the 法人或其他组织 block as typed; its fields are named
// org_… where the person block has the same field.
type foiOrgBlock struct{ Category, Name, IDType, IDNumber, LegalRep, Contact string }

func foiFormOf(r *http.Request) *foiForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := &foiForm{
		Person: foiPersonBlock{Name: v("name"), IDType: v("id_type"), IDNumber: strings.ToUpper(v("id_number"))},
		Org: foiOrgBlock{Category: v("org_category"), Name: v("org_name"), IDType: v("org_id_type"), IDNumber: strings.ToUpper(v("org_id_number")),
			LegalRep: v("legal_rep"), Contact: v("contact")},
		A:       foi.Applicant{Kind: v("kind"), Phone: v("phone"), Email: v("email"), Address: v("address")},
		R:       foi.Request{Description: v("description"), Purpose: v("purpose"), Format: v("format"), Delivery: v("delivery")},
		Consent: v("consent") == "1", Channel: v("channel"), ReceivedOn: v("received_on"),
	}
	if f.A.Kind == "org" {
		o := f.Org
		f.A.OrgCategory, f.A.Name, f.A.IDType, f.A.IDNumber, f.A.LegalRep, f.A.Contact = o.Category, o.Name, o.IDType, o.IDNumber, o.LegalRep, o.Contact
	} else {
		p := f.Person
		f.A.Name, f.A.IDType, f.A.IDNumber = p.Name, p.IDType, p.IDNumber
	}
	f.A.Normalize()
	f.R.Normalize()
	if r.MultipartForm != nil && len(r.MultipartForm.File["id_scan"]) > 0 && r.MultipartForm.File["id_scan"][0].Filename != "" {
		f.HadFile = true
	}
	return f
}

// foiFieldErr is bad input in the named form field.
func foiFieldErr(field, code, msg string) *errs.Error {
	return errs.New(errs.Invalid, "web.foiForm", code, msg).WithField(field)
}

// foiBlockFields are the domain's fields (JSON keys) that belong to an
// applicant block: without a kind, the form cannot tell which block was
// meant, so it asks for the kind first.
var foiBlockFields = map[string]bool{"name": true, "org_category": true, "id_type": true, "id_number": true, "legal_rep": true, "contact": true}

// check validates the form as the store will, plus what only the form has:
// the identity-document lists and the declaration. It reports every
// problem at once.
func (f *foiForm) check(today calendar.Date) error {
	var out []*errs.Error
	known := f.A.Kind == "person" || f.A.Kind == "org"
	idType := false
	for _, e := range append(f.A.Problems(today), f.R.Problems(&f.A)...) {
		if !known && foiBlockFields[e.Field] {
			continue
		}
		idType = idType || e.Field == "id_type"
		out = append(out, e)
	}
	offered := slices.Contains(foiPersonIDTypes, f.A.IDType)
	if f.A.Kind == "org" {
		offered = slices.ContainsFunc(foiOrgIDTypes, func(t struct{ Value, Label string }) bool { return t.Value == f.A.IDType })
	}
	if known && !idType && f.A.IDType != "" && !offered {
		out = append(out, foiFieldErr("id_type", "invalid_id_type", "请从列表中选择证件类型。"))
	}
	if !f.Consent {
		out = append(out, foiFieldErr("consent", "consent_required", "请勾选“本人承诺所填信息真实有效”后再提交。"))
	}
	return errs.Join(out...)
}

// receipt is the staff form's channel and the day the application was
// received (none for the channels that need a confirmation first).
func (f *foiForm) receipt() (foi.Channel, calendar.Date, error) {
	ch := foi.Channel(f.Channel)
	if !ch.Valid() {
		return ch, calendar.Date{}, foiFieldErr("channel", "invalid_channel", "请选择收件渠道。")
	}
	if ch.NeedsConfirmation() {
		return ch, calendar.Date{}, nil
	}
	if f.ReceivedOn == "" {
		return ch, calendar.Date{}, foiFieldErr("received_on", "received_on_required", "当面提交或邮寄签收的申请，请填写收到申请之日。")
	}
	d, err := kit.DateParam("收到申请之日", f.ReceivedOn)
	return ch, d, errs.InField("received_on", err)
}

// foiJoin gathers the input errors of several checks into one, for
// foiFormFailed; an error that is not bad input wins, as it is no
// business of the person filling in the form.
func foiJoin(es ...error) error {
	var all []*errs.Error
	for _, e := range es {
		if e == nil {
			continue
		}
		if !errs.Is(e, errs.Invalid) {
			return e
		}
		all = append(all, errs.All(e)...)
	}
	return errs.Join(all...)
}

// foiFieldOf names the form field of an error that does not name its own.
var foiFieldOf = map[string]string{
	"invalid_channel": "channel", "received_on_required": "received_on", "date_in_future": "received_on",
	"empty_attachment": "id_scan", "attachment_too_large": "id_scan", "attachment_type": "id_scan", "attachment_mismatch": "id_scan",
	"file_too_large": "id_scan",
}

// foiFormMessages replace the domain's messages where those name API values.
var foiFormMessages = map[string]string{
	"invalid_applicant_kind": "请选择申请人类型：自然人，或法人或其他组织。",
	"invalid_org_category":   "请选择组织类别：商业企业、科研机构、社会公益组织、法律服务机构或其他。",
	"invalid_format":         "请选择信息载体：纸质或电子。",
	"invalid_delivery":       "请选择获取信息的方式：邮寄、电子邮件、自行领取或当场阅读。",
	"invalid_channel":        "请选择收件渠道。",
	"attachment_type":        "身份证明扫描件请上传 PDF 或图片（PNG、JPEG）。",
	"attachment_mismatch":    "身份证明扫描件的内容与文件扩展名不符，请上传 PDF 或图片（PNG、JPEG）。",
	"empty_attachment":       "所选的身份证明文件为空，请重新选择。",
	"attachment_too_large":   "身份证明扫描件不超过 5 MB。",
}

// foiFieldOrder is the order of the form's fields (their ids without
// "fa-"), so the summary lists problems as the page shows the fields.
var foiFieldOrder = []string{"channel", "received_on", "kind-person",
	"name", "id_type", "id_number", "org_category", "org_name", "org_id_type", "org_id_number", "legal_rep", "contact",
	"phone", "email", "address", "description", "purpose", "format-paper", "delivery-post", "id_scan", "consent"}

// foiFormField is the form field (its id without "fa-") of a problem the
// domain names by JSON key: the organisation's name and document have
// fields of their own, and a radio group is reached by its first button.
func foiFormField(kind, field, code string) string {
	switch field {
	case "":
		return foiFieldOf[code]
	case "name", "id_type", "id_number":
		if kind == "org" {
			return "org_" + field
		}
	case "kind", "format", "delivery":
		return field + "-" + map[string]string{"kind": "person", "format": "paper", "delivery": "post"}[field]
	}
	return field
}

// foiProblem is one message of a failed submission and the field it is
// about ("" for none).
type foiProblem struct{ Field, Message string }

// foiFormFailed re-renders the form with every problem of err, keeping what
// was typed; an error that is not bad input goes to the error page.
func (s *Handler) foiFormFailed(w http.ResponseWriter, r *http.Request, f *foiForm, staff bool, err error) error {
	if !errs.Is(err, errs.Invalid) {
		return err
	}
	fieldErrs := map[string]string{}
	var problems []foiProblem
	for _, e := range errs.All(err) {
		code, msg := errs.Public(e)
		if m := foiFormMessages[code]; m != "" {
			msg = m
		}
		field := foiFormField(f.A.Kind, e.Field, code)
		if field != "" {
			if _, dup := fieldErrs[field]; dup {
				continue
			}
			fieldErrs[field] = msg
		}
		problems = append(problems, foiProblem{field, msg})
	}
	order := func(field string) int {
		if i := slices.Index(foiFieldOrder, field); i >= 0 {
			return i
		}
		return -1 // a problem of no field (or an unknown one) comes first
	}
	slices.SortStableFunc(problems, func(a, b foiProblem) int { return order(a.Field) - order(b.Field) })
	data := foiFormData(f, staff)
	data["Problems"], data["FieldErrors"] = problems, fieldErrs
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusBadRequest, "foi_apply", data)
	return nil
}

// foiFormData is what the application form needs, public or staff.
func foiFormData(f *foiForm, staff bool) map[string]any {
	title, action := "申请公开政府信息", "/foi/apply"
	if staff {
		title, action = "登记依申请公开申请", "/admin/foi/new"
	}
	return map[string]any{"Title": title, "Action": action, "Staff": staff, "Form": f, "PersonIDTypes": foiPersonIDTypes,
		"OrgIDTypes": foiOrgIDTypes, "OrgCategories": foiOrgCategories, "Channels": foiChannels, "ScanLimit": "5 MB",
		"FieldErrors": map[string]string{}}
}
