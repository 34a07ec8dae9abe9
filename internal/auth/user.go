package auth

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// Department is a node of the organisation tree (嘉定区 → 菊园新区 → 党政办公室 …).
type Department struct {
	ID       int64
	Code     string // short stable identifier, e.g. "jy-dzb"
	Name     string
	OrgCode  string // 组织机构代码 (9) or 统一社会信用代码 (18); feeds the 索引号
	ParentID int64  // 0 for a root
	// The organ's public contact (条例第二十条: 负责人姓名, 联系方式, 办公地址),
	// shown on the portal's 机构职能 page when set.
	Head    string // 负责人
	Phone   string // 办公电话
	Address string // 办公地址
	Created time.Time
	Updated time.Time
}

var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// Normalize trims fields and puts OrgCode in its canonical form.
func (d *Department) Normalize() {
	d.Code = strings.ToLower(strings.TrimSpace(d.Code))
	d.Name = strings.TrimSpace(d.Name)
	d.OrgCode = NormalizeOrgCode(d.OrgCode)
	d.Head, d.Phone, d.Address = strings.TrimSpace(d.Head), strings.TrimSpace(d.Phone), strings.TrimSpace(d.Address)
}

// phonePattern is an office telephone as portals print it: digits with
// area-code hyphens, extensions and several numbers separated by 、 or ,.
var phonePattern = regexp.MustCompile(`^[0-9][0-9 ()（）+\-转、,，]{2,39}$`)

// Validate checks a department before it is stored.
func (d *Department) Validate() error {
	const op = "auth.Department.Validate"
	if !codePattern.MatchString(d.Code) {
		return errs.New(errs.Invalid, op, "invalid_department_code", "部门编码应为 1–32 位小写字母、数字、连字符或下划线，且以字母或数字开头。")
	}
	if d.Name == "" || utf8.RuneCountInString(d.Name) > 64 {
		return errs.New(errs.Invalid, op, "invalid_department_name", "部门名称不能为空，且不超过 64 个字。")
	}
	if d.OrgCode != "" {
		if err := ValidateOrgCode(d.OrgCode); err != nil {
			return err
		}
	}
	if utf8.RuneCountInString(d.Head) > 32 || strings.ContainsAny(d.Head, "\r\n\t") {
		return errs.InField("head", errs.New(errs.Invalid, op, "invalid_department_head", "负责人不超过 32 个字，且不能换行。"))
	}
	if d.Phone != "" && !phonePattern.MatchString(d.Phone) {
		return errs.InField("phone", errs.New(errs.Invalid, op, "invalid_department_phone", "办公电话应为数字（可含区号连字符、“转”分机），如 021-59990000。"))
	}
	if utf8.RuneCountInString(d.Address) > 100 || strings.ContainsAny(d.Address, "\r\n\t") {
		return errs.InField("address", errs.New(errs.Invalid, op, "invalid_department_address", "办公地址不超过 100 个字，且不能换行。"))
	}
	return nil
}

// NormalizeOrgCode upper-cases an organisation code and writes a 9-character
// 组织机构代码 in its printed form "XXXXXXXX-X", as it appears in 索引号.
func NormalizeOrgCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) == 9 && !strings.Contains(s, "-") {
		s = s[:8] + "-" + s[8:]
	}
	return s
}

// ValidateOrgCode accepts a 组织机构代码 (GB 11714, "XXXXXXXX-X") or a
// 统一社会信用代码 (GB 32100, 18 characters), both with a correct check
// character, so a typo is caught when the department is entered rather than
// years later in a published 索引号.
func ValidateOrgCode(s string) error {
	const op = "auth.ValidateOrgCode"
	bad := errs.New(errs.Invalid, op, "invalid_org_code", "组织机构代码应为 9 位（如 00001434-9）或 18 位统一社会信用代码，且校验位正确。")
	switch len(s) {
	case 10:
		if s[8] != '-' || !orgCodeOK(s[:8]+s[9:]) {
			return bad
		}
	case 18:
		if !creditCodeOK(s) {
			return bad
		}
	default:
		return bad
	}
	return nil
}

func orgCodeOK(s string) bool {
	weights := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		v := alnumValue(s[i])
		if v < 0 {
			return false
		}
		sum += v * weights[i]
	}
	var want byte
	switch c := 11 - sum%11; c {
	case 10:
		want = 'X'
	case 11:
		want = '0'
	default:
		want = byte('0' + c)
	}
	return s[8] == want
}

// alnumValue is the GB 11714 value of a code character: digits 0–9, letters 10–35.
func alnumValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func creditCodeOK(s string) bool {
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditAlphabet, s[i])
		if v < 0 {
			return false
		}
		sum += v * weights[i]
	}
	c := (31 - sum%31) % 31
	return s[17] == creditAlphabet[c]
}

// User is a staff account. Citizens have no accounts.
type User struct {
	ID       int64
	Username string
	Name     string // display name, e.g. 张敏
	DeptID   int64  // 0 if none (administration accounts may stand outside the tree)
	Roles    []Role
	Disabled bool
	// MustChangePassword is set by a password reset: the password is
	// temporary, and the account may do nothing but change it.
	MustChangePassword bool
	LockedUntil        time.Time
	PasswordHash       string
	Created            time.Time
	Updated            time.Time
}

var usernamePattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{2,31}$`)

// Can reports whether any of u's roles grants p. A disabled user can do nothing.
func (u *User) Can(p Permission) bool {
	if u == nil || u.Disabled {
		return false
	}
	for _, r := range u.Roles {
		if RoleCan(r, p) {
			return true
		}
	}
	return false
}

// HasRole reports whether u holds r.
func (u *User) HasRole(r Role) bool { return slices.Contains(u.Roles, r) }

// Locked reports whether the account is locked at now.
func (u *User) Locked(now time.Time) bool { return u.LockedUntil.After(now) }

// Normalize trims the user's fields.
func (u *User) Normalize() {
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.Name = strings.TrimSpace(u.Name)
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	const op = "auth.User.Validate"
	if !usernamePattern.MatchString(u.Username) {
		return errs.New(errs.Invalid, op, "invalid_username", "用户名应为 3–32 位小写字母、数字、点、连字符或下划线，且以字母开头。")
	}
	if u.Name == "" || utf8.RuneCountInString(u.Name) > 32 {
		return errs.New(errs.Invalid, op, "invalid_name", "姓名不能为空，且不超过 32 个字。")
	}
	if err := ValidateRoles(u.Roles); err != nil {
		return err
	}
	for _, r := range u.Roles {
		if !r.IsAdministrative() && u.DeptID == 0 {
			return errs.New(errs.Invalid, op, "department_required", "业务角色的账户必须属于一个部门。")
		}
	}
	return nil
}
