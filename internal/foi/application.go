package foi

import (
	"gongkai/internal/secret"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// Applicant is who asks (条例第二十九条: 姓名或者名称、身份证明、联系方式).
// Its identifying fields are personal data: sealed at rest, masked in lists,
// never logged, never on a public surface. A legal person or other
// organisation also names its 法定代表人或负责人 and the 联系人 who deals
// with the case; a natural person leaves those fields empty.
type Applicant struct {
	Kind        string `json:"kind"`         // person | org
	Name        string `json:"name"`         // 姓名 or 名称
	OrgCategory string `json:"org_category"` // for org: business | research | nonprofit | legal | other (the report's columns)
	IDType      string `json:"id_type"`      // e.g. 居民身份证, 护照, 统一社会信用代码
	IDNumber    string `json:"id_number"`
	LegalRep    string `json:"legal_rep"` // for org: 法定代表人或负责人
	Contact     string `json:"contact"`   // for org: 联系人姓名
	Phone       string `json:"phone"`
	Email       string `json:"email"`
	Address     string `json:"address"`
}

// Request is what an application asks for and how the answer should come.
type Request struct {
	Description string `json:"description"`
	Purpose     string `json:"purpose"`
	Format      string `json:"format"`   // paper | electronic
	Delivery    string `json:"delivery"` // post | email | pickup | onsite
}

var (
	phoneRe  = regexp.MustCompile(`^\+?[0-9][0-9 -]{5,19}$`)
	idCardRe = regexp.MustCompile(`^[0-9]{17}[0-9X]$`)
)

// problem is bad input in the field named by its JSON key.
func problem(field, code, msg string) *errs.Error {
	return errs.New(errs.Invalid, "foi.Validate", code, msg).WithField(field)
}

func problemf(field, code, format string, args ...any) *errs.Error {
	return errs.Newf(errs.Invalid, "foi.Validate", code, format, args...).WithField(field)
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Normalize trims the fields.
func (a *Applicant) Normalize() {
	for _, p := range []*string{&a.Kind, &a.Name, &a.OrgCategory, &a.IDType, &a.IDNumber, &a.LegalRep, &a.Contact, &a.Phone, &a.Email, &a.Address} {
		*p = strings.TrimSpace(*p)
	}
	a.IDNumber = strings.ToUpper(a.IDNumber)
}

// Validate checks an applicant: nil, or every problem at once (an
// errs.List whose first element is the first problem in form order).
func (a *Applicant) Validate(today calendar.Date) error { return errs.Join(a.Problems(today)...) }

// Problems checks an applicant and returns every problem, in form order,
// each naming its field by JSON key; at most one problem per field.
func (a *Applicant) Problems(today calendar.Date) []*errs.Error {
	var out []*errs.Error
	add := func(e *errs.Error) { out = append(out, e) }
	org := a.Kind == "org"
	switch a.Kind {
	case "person":
		if a.OrgCategory != "" {
			add(problem("org_category", "invalid_org_category", "自然人申请无需填写组织类别。"))
		}
	case "org":
		if OrgCategories[a.OrgCategory] == "" {
			add(problem("org_category", "invalid_org_category", "法人或其他组织请选择类别：商业企业、科研机构、社会公益组织、法律服务机构或其他。"))
		}
	default:
		add(problem("kind", "invalid_applicant_kind", "申请人类型应为自然人（person）或法人或其他组织（org）。"))
	}
	switch {
	case a.Name != "" && !tooLong(a.Name, MaxName) && plainText(a.Name, false):
	case org:
		add(problemf("name", "invalid_name", "请填写法人或其他组织的名称（不超过 %d 个字）。", MaxName))
	default:
		add(problemf("name", "invalid_name", "请填写申请人姓名或名称（不超过 %d 个字）。", MaxName))
	}
	if e := a.idProblem(today); e != nil {
		add(e)
	}
	for _, f := range []struct {
		field, code, label string
		value              string
	}{{"legal_rep", "invalid_legal_rep", "法定代表人或负责人", a.LegalRep}, {"contact", "invalid_contact", "联系人", a.Contact}} {
		switch {
		case a.Kind == "person" && f.value != "":
			add(problem(f.field, f.code, "自然人申请无需填写"+f.label+"。"))
		case org && (f.value == "" || tooLong(f.value, MaxName) || !plainText(f.value, false)):
			add(problemf(f.field, f.code, "请填写%s的姓名（不超过 %d 个字）。", f.label, MaxName))
		}
	}
	if !phoneRe.MatchString(a.Phone) {
		add(problem("phone", "invalid_phone", "请填写有效的联系电话。"))
	}
	if a.Email != "" {
		if m, err := mail.ParseAddress(a.Email); err != nil || m.Address != a.Email || tooLong(a.Email, MaxEmail) {
			add(problem("email", "invalid_email", "电子邮箱格式不正确。"))
		}
	}
	if tooLong(a.Address, MaxAddress) || !plainText(a.Address, false) {
		add(problemf("address", "invalid_address", "通讯地址不超过 %d 个字，且不含控制字符。", MaxAddress))
	}
	return out
}

// CreditCodeType is the identity document of a legal person or other
// organisation: the 统一社会信用代码 (GB 32100-2015).
const CreditCodeType = "统一社会信用代码"

// personIDTypes are documents only a natural person holds.
var personIDTypes = map[string]bool{"居民身份证": true, "港澳居民来往内地通行证": true, "台湾居民来往大陆通行证": true, "护照": true, "外国人永久居留身份证": true}

// idProblem checks the identity document (身份证明): a type and a number,
// the 居民身份证 by GB 11643 and the 统一社会信用代码 by GB 32100. A person
// shows a personal document; an organisation shows its credit code, or,
// if it has none (an organisation registered abroad, or one not
// registered in China), another registration document under “其他”.
func (a *Applicant) idProblem(today calendar.Date) *errs.Error {
	switch {
	case a.IDType == "" || tooLong(a.IDType, MaxIDType) || !plainText(a.IDType, false):
		return problem("id_type", "invalid_id", "请填写证件类型（身份证明）。")
	case a.Kind == "person" && a.IDType == CreditCodeType:
		return problem("id_type", "invalid_id_type", "统一社会信用代码是法人或其他组织的证件；自然人请选择本人的身份证件。")
	case a.Kind == "org" && personIDTypes[a.IDType]:
		return problem("id_type", "invalid_id_type", "法人或其他组织请填写统一社会信用代码；没有统一社会信用代码的，证件类型选“其他”，并填写登记证明的号码。")
	case a.IDNumber == "" || tooLong(a.IDNumber, MaxIDNumber) || !plainText(a.IDNumber, false):
		return problem("id_number", "invalid_id", "请填写证件号码（身份证明）。")
	case a.IDType == "居民身份证" && !validIDCard(a.IDNumber, today):
		return problem("id_number", "invalid_id_number", "居民身份证号码应为 18 位，出生日期真实，且校验位正确。")
	case a.IDType == CreditCodeType && !ValidCreditCode(a.IDNumber):
		return problem("id_number", "invalid_credit_code", "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z），前两位为登记管理部门和机构类别代码，且校验位正确。")
	}
	return nil
}

// plainText reports whether s is valid UTF-8 without control or format
// characters (NUL, escape sequences, bidirectional overrides), which have
// no place in a name and can disguise text in notices and logs; long text
// (multiline) may keep newlines and tabs.
func plainText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) {
			return false
		}
	}
	return true
}

// validIDCard checks the 18-digit 居民身份证 number (GB 11643): its birth
// date (digits 7–14) is a real date in calendar.ParseDate's range (from
// 1901) and not after today, and its check character is right.
func validIDCard(s string, today calendar.Date) bool {
	if !idCardRe.MatchString(s) {
		return false
	}
	birth, err := calendar.ParseDate(s[6:10] + "-" + s[10:12] + "-" + s[12:14])
	if err != nil || birth.After(today) {
		return false
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s[i]-'0') * weights[i]
	}
	return s[17] == "10X98765432"[sum%11]
}

// OrgCategories are the applicant columns of the annual report for legal
// persons and other organisations.
var OrgCategories = map[string]string{"business": "商业企业", "research": "科研机构", "nonprofit": "社会公益组织", "legal": "法律服务机构", "other": "其他"}

// Normalize trims the request's fields.
func (r *Request) Normalize() {
	r.Description, r.Purpose = strings.TrimSpace(r.Description), strings.TrimSpace(r.Purpose)
	r.Format, r.Delivery = strings.TrimSpace(r.Format), strings.TrimSpace(r.Delivery)
}

// Validate checks the request against the applicant's contact details:
// nil, or every problem at once (see Problems).
func (r *Request) Validate(a *Applicant) error { return errs.Join(r.Problems(a)...) }

// Problems checks the request and returns every problem in form order,
// each naming its field by JSON key; a delivery that needs an address or an
// e-mail the applicant did not give is the applicant's field's problem.
func (r *Request) Problems(a *Applicant) []*errs.Error {
	var out []*errs.Error
	add := func(e *errs.Error) { out = append(out, e) }
	switch {
	case r.Description == "":
		add(problem("description", "description_required", "请描述所需政府信息的名称、文号或便于查询的其他特征。"))
	case tooLong(r.Description, MaxDescription):
		add(problemf("description", "description_too_long", "所需信息描述不超过 %d 个字；如需多项信息，请分别申请（一事一申请）。", MaxDescription))
	case !plainText(r.Description, true):
		add(problem("description", "invalid_description", "所需信息描述含有控制字符，请删除后重新填写。"))
	}
	switch {
	case tooLong(r.Purpose, MaxPurpose):
		add(problemf("purpose", "purpose_too_long", "用途说明不超过 %d 个字。", MaxPurpose))
	case !plainText(r.Purpose, true):
		add(problem("purpose", "invalid_purpose", "用途说明含有控制字符，请删除后重新填写。"))
	}
	if r.Format != "paper" && r.Format != "electronic" {
		add(problem("format", "invalid_format", "信息载体应为纸质（paper）或电子（electronic）。"))
	}
	switch r.Delivery {
	case "post":
		if a.Address == "" {
			add(problem("address", "address_required", "选择邮寄的，请填写通讯地址。"))
		}
	case "email":
		if a.Email == "" {
			add(problem("email", "email_required", "选择电子邮件的，请填写电子邮箱。"))
		}
	case "pickup", "onsite":
	default:
		add(problem("delivery", "invalid_delivery", "获取方式应为邮寄（post）、电子邮件（email）、自行领取（pickup）或当场阅读（onsite）。"))
	}
	return out
}

// CheckApplication validates an applicant and a request together and
// returns every problem at once: nil, or an errs.List in form order.
func CheckApplication(a *Applicant, r *Request, today calendar.Date) error {
	return errs.Join(append(a.Problems(today), r.Problems(a)...)...)
}

// MaskContact masks the name of a person acting for an organisation (its
// 联系人 or 法定代表人) as secret.MaskName does, so no list shows more of a
// representative than of an applicant.
func MaskContact(s string) string { return secret.MaskName(s) }

// Similar reports whether two descriptions share at least half of their
// character pairs (Dice coefficient ≥ 0.5), the threshold of the duplicate
// warning: 重复申请 are rarely word for word.
func Similar(a, b string) bool {
	pa, pb := pairs(a), pairs(b)
	if len(pa) == 0 || len(pb) == 0 {
		return a == b
	}
	common := 0
	for p, n := range pa {
		common += min(n, pb[p])
	}
	total := 0
	for _, n := range pa {
		total += n
	}
	for _, n := range pb {
		total += n
	}
	return 2*common*2 >= total
}

func pairs(s string) map[string]int {
	var r []rune
	for _, c := range s {
		if !unicode.IsSpace(c) && !unicode.IsPunct(c) {
			r = append(r, c)
		}
	}
	out := map[string]int{}
	for i := 0; i+1 < len(r); i++ {
		out[string(r[i:i+2])]++
	}
	return out
}
