package publish

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// SiteInfo is what a Chinese government website shows of itself in its
// footer and in its pages' meta tags: who runs it, how to reach them and
// its registrations. Every field is optional; the portal shows a line only
// when it is set. The 政务公开办 keeps it (/admin/site/settings, audited).
type SiteInfo struct {
	Sponsor  string `json:"sponsor"`   // 主办单位
	Operator string `json:"operator"`  // 承办单位
	Address  string `json:"address"`   // 联系地址
	Postcode string `json:"postcode"`  // 邮编
	Phone    string `json:"phone"`     // 联系电话
	SiteCode string `json:"site_code"` // 网站标识码: 10 digits, or bm + 8 digits for a State Council department
	ICP      string `json:"icp"`       // ICP 备案号, e.g. 沪ICP备12345678号-1
	Police   string `json:"police"`    // 公安机关备案号, e.g. 沪公网安备 31011402000001号
	ConacURL string `json:"conac_url"` // the site's 党政机关网站标识 page (conac.cn)
}

// Field limits of SiteInfo, in characters.
const (
	MaxSiteName    = 100
	MaxSiteAddress = 200
	MaxSitePhone   = 50
	MaxSiteURL     = 300
)

// provinces are the one-character names of the provinces that begin an ICP
// or 公安 registration number.
const provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼港澳台"

var (
	siteCodeRe = regexp.MustCompile(`^(?:\d{10}|bm\d{8})$`)
	icpRe      = regexp.MustCompile(`^[` + provinces + `]ICP备\d{6,10}号(?:-\d{1,3})?$`)
	policeRe   = regexp.MustCompile(`^[` + provinces + `]公网安备 ?(\d{14})号$`)
	postcodeRe = regexp.MustCompile(`^\d{6}$`)
	phoneRe    = regexp.MustCompile(`^[0-9０-９()（）+\- 、，,转]*[0-9][0-9０-９()（）+\- 、，,转]*$`)
)

// Normalize trims every field, folds the 网站标识码's letters to lower case
// and writes the ICP and 公安 numbers the way they are registered (no
// spaces in the ICP number, one space after 公网安备).
func (s *SiteInfo) Normalize() {
	for _, p := range []*string{&s.Sponsor, &s.Operator, &s.Address, &s.Postcode, &s.Phone, &s.SiteCode, &s.ICP, &s.Police, &s.ConacURL} {
		*p = strings.TrimSpace(*p)
	}
	s.SiteCode = strings.ToLower(s.SiteCode)
	s.ICP = strings.ReplaceAll(strings.ReplaceAll(s.ICP, " ", ""), "　", "")
	s.ICP = strings.ReplaceAll(s.ICP, "icp", "ICP")
	if m := policeRe.FindStringSubmatch(strings.ReplaceAll(strings.ReplaceAll(s.Police, " ", ""), "　", "")); m != nil {
		s.Police = strings.Replace(m[0], "公网安备", "公网安备 ", 1)
	}
}

// Validate checks every field and reports all the bad ones at once, each
// with its form field.
func (s *SiteInfo) Validate() error {
	const op = "publish.SiteInfo.Validate"
	var bad []*errs.Error
	long := func(v string, max int, field, name string) {
		if utf8.RuneCountInString(v) > max {
			bad = append(bad, errs.Newf(errs.Invalid, op, "too_long", "%s不超过 %d 个字。", name, max).WithField(field))
		}
	}
	long(s.Sponsor, MaxSiteName, "sponsor", "主办单位")
	long(s.Operator, MaxSiteName, "operator", "承办单位")
	long(s.Address, MaxSiteAddress, "address", "联系地址")
	if s.Postcode != "" && !postcodeRe.MatchString(s.Postcode) {
		bad = append(bad, errs.New(errs.Invalid, op, "invalid_postcode", "邮编为 6 位数字，例如 201821。").WithField("postcode"))
	}
	if s.Phone != "" && (utf8.RuneCountInString(s.Phone) > MaxSitePhone || !phoneRe.MatchString(s.Phone)) {
		bad = append(bad, errs.Newf(errs.Invalid, op, "invalid_phone", "联系电话只写号码（数字、连字符、括号），不超过 %d 个字。", MaxSitePhone).WithField("phone"))
	}
	if s.SiteCode != "" && !siteCodeRe.MatchString(s.SiteCode) {
		bad = append(bad, errs.New(errs.Invalid, op, "invalid_site_code", "网站标识码为 10 位数字（国务院部门为 bm 加 8 位数字），请按全国政府网站基本信息数据库中的标识码填写。").WithField("site_code"))
	}
	if s.ICP != "" && !icpRe.MatchString(s.ICP) {
		bad = append(bad, errs.New(errs.Invalid, op, "invalid_icp", "ICP 备案号的格式为“省份简称 + ICP备 + 数字 + 号”，可带网站序号，例如 沪ICP备12345678号-1。").WithField("icp"))
	}
	if s.Police != "" && !policeRe.MatchString(s.Police) {
		bad = append(bad, errs.New(errs.Invalid, op, "invalid_police_record", "公安机关备案号的格式为“省份简称 + 公网安备 + 14 位数字 + 号”，例如 沪公网安备 31011402000001号。").WithField("police"))
	}
	if s.ConacURL != "" {
		u, err := url.Parse(s.ConacURL)
		host := ""
		if err == nil {
			host = strings.ToLower(u.Hostname())
		}
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || (host != "conac.cn" && !strings.HasSuffix(host, ".conac.cn")) ||
			len(s.ConacURL) > MaxSiteURL {
			bad = append(bad, errs.New(errs.Invalid, op, "invalid_conac_url", "党政机关网站标识的链接应为中央机构编制委员会办公室（conac.cn）发给本网站的地址，以 https:// 开头。").WithField("conac_url"))
		}
	}
	return errs.Join(bad...)
}

// PoliceCode is the 14 digits of the 公安机关备案号, for the link to its
// record; "" when there is none.
func (s *SiteInfo) PoliceCode() string {
	if m := policeRe.FindStringSubmatch(s.Police); m != nil {
		return m[1]
	}
	return ""
}

// Contact reports whether any contact line is set (the footer's 联系我们).
func (s *SiteInfo) Contact() bool { return s.Address != "" || s.Postcode != "" || s.Phone != "" }
