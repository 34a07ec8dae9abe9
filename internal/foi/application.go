package foi

import (
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
// never logged, never on a public surface.
type Applicant struct {
	Kind        string `json:"kind"`         // person | org
	Name        string `json:"name"`         // 姓名 or 名称
	OrgCategory string `json:"org_category"` // for org: business | research | nonprofit | legal | other (the report's columns)
	IDType      string `json:"id_type"`      // e.g. 居民身份证, 护照, 统一社会信用代码
	IDNumber    string `json:"id_number"`
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

func bad(code, msg string) error { return errs.New(errs.Invalid, "foi.Validate", code, msg) }

func badf(code, format string, args ...any) error {
	return errs.Newf(errs.Invalid, "foi.Validate", code, format, args...)
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Normalize trims the fields.
func (a *Applicant) Normalize() {
	for _, p := range []*string{&a.Kind, &a.Name, &a.OrgCategory, &a.IDType, &a.IDNumber, &a.Phone, &a.Email, &a.Address} {
		*p = strings.TrimSpace(*p)
	}
	a.IDNumber = strings.ToUpper(a.IDNumber)
}

// Validate checks an applicant; the messages say which field is wrong.
func (a *Applicant) Validate(today calendar.Date) error {
	switch a.Kind {
	case "person":
		if a.OrgCategory != "" {
			return bad("invalid_org_category", "自然人申请无需填写组织类别。")
		}
	case "org":
		if OrgCategories[a.OrgCategory] == "" {
			return bad("invalid_org_category", "法人或其他组织请选择类别：商业企业、科研机构、社会公益组织、法律服务机构或其他。")
		}
	default:
		return bad("invalid_applicant_kind", "申请人类型应为自然人（person）或法人或其他组织（org）。")
	}
	if a.Name == "" || tooLong(a.Name, MaxName) || !plainText(a.Name, false) {
		return badf("invalid_name", "请填写申请人姓名或名称（不超过 %d 个字）。", MaxName)
	}
	if a.IDType == "" || tooLong(a.IDType, MaxIDType) || a.IDNumber == "" || tooLong(a.IDNumber, MaxIDNumber) ||
		!plainText(a.IDType, false) || !plainText(a.IDNumber, false) {
		return bad("invalid_id", "请填写证件类型和证件号码（身份证明）。")
	}
	if a.IDType == "居民身份证" && !validIDCard(a.IDNumber, today) {
		return bad("invalid_id_number", "居民身份证号码应为 18 位，出生日期真实，且校验位正确。")
	}
	if !phoneRe.MatchString(a.Phone) {
		return bad("invalid_phone", "请填写有效的联系电话。")
	}
	if a.Email != "" {
		if m, err := mail.ParseAddress(a.Email); err != nil || m.Address != a.Email || tooLong(a.Email, MaxEmail) {
			return bad("invalid_email", "电子邮箱格式不正确。")
		}
	}
	if tooLong(a.Address, MaxAddress) || !plainText(a.Address, false) {
		return badf("invalid_address", "通讯地址不超过 %d 个字，且不含控制字符。", MaxAddress)
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

// Validate checks the request against the applicant's contact details.
func (r *Request) Validate(a *Applicant) error {
	if r.Description == "" {
		return bad("description_required", "请描述所需政府信息的名称、文号或便于查询的其他特征。")
	}
	if tooLong(r.Description, MaxDescription) {
		return badf("description_too_long", "所需信息描述不超过 %d 个字；如需多项信息，请分别申请（一事一申请）。", MaxDescription)
	}
	if !plainText(r.Description, true) {
		return bad("invalid_description", "所需信息描述含有控制字符，请删除后重新填写。")
	}
	if tooLong(r.Purpose, MaxPurpose) {
		return badf("purpose_too_long", "用途说明不超过 %d 个字。", MaxPurpose)
	}
	if !plainText(r.Purpose, true) {
		return bad("invalid_purpose", "用途说明含有控制字符，请删除后重新填写。")
	}
	if r.Format != "paper" && r.Format != "electronic" {
		return bad("invalid_format", "信息载体应为纸质（paper）或电子（electronic）。")
	}
	switch r.Delivery {
	case "post":
		if a.Address == "" {
			return bad("address_required", "选择邮寄的，请填写通讯地址。")
		}
	case "email":
		if a.Email == "" {
			return bad("email_required", "选择电子邮件的，请填写电子邮箱。")
		}
	case "pickup", "onsite":
	default:
		return bad("invalid_delivery", "获取方式应为邮寄（post）、电子邮件（email）、自行领取（pickup）或当场阅读（onsite）。")
	}
	return nil
}

// MaskID keeps the first 4 and last 4 characters of an identifier:
// 310101199001011234 → 3101**********1234.
func MaskID(s string) string { return maskMiddle(s, 4, 4) }

// MaskPhone keeps the first 3 and last 4 digits: 138****5678.
func MaskPhone(s string) string { return maskMiddle(s, 3, 4) }

// MaskName keeps the first character: 张**.
func MaskName(s string) string { return maskMiddle(s, 1, 0) }

// MaskEmail keeps the first character of the local part and the domain.
func MaskEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok {
		return maskMiddle(s, 1, 0)
	}
	return maskMiddle(local, 1, 0) + "@" + domain
}

// MaskAddress keeps the first 6 characters (district and street).
func MaskAddress(s string) string { return maskMiddle(s, 6, 0) }

func maskMiddle(s string, head, tail int) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	if len(r) <= head+tail {
		if len(r) == 1 {
			return "*"
		}
		return string(r[:1]) + strings.Repeat("*", len(r)-1)
	}
	return string(r[:head]) + strings.Repeat("*", len(r)-head-tail) + string(r[len(r)-tail:])
}

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
