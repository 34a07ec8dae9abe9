// Package auth owns staff identity: departments, users, roles and what each
// role may do (三员分立), passwords, login lockout, sessions and API tokens.
// It knows nothing of HTTP or SQL; the web layer asks it questions and the
// store keeps its rows.
package auth

import (
	"slices"
	"strings"

	"gongkai/internal/errs"
)

// Role is a named set of permissions.
type Role string

// The administration roles are mutually exclusive and never combined with a
// business role (三员分立: the person who runs the system is not the one who
// grants rights, and neither can read the trail that watches them).
const (
	Sysadmin Role = "sysadmin" // 系统管理员: departments, users, settings
	Secadmin Role = "secadmin" // 安全管理员: assigns roles, unlocks accounts
	Auditor  Role = "auditor"  // 安全审计员: reads the audit trail, nothing else
)

// The business roles may be combined freely.
const (
	Editor     Role = "editor"      // 信息员
	Reviewer   Role = "reviewer"    // 保密审查/审核
	FOIOfficer Role = "foi_officer" // 依申请公开办理
	FOIHead    Role = "foi_head"    // 依申请公开负责人（批准延期）
	Replier    Role = "replier"     // 答复部门
	Supervisor Role = "supervisor"  // 政务公开办
)

// AllRoles lists every role in display order.
var AllRoles = []Role{Sysadmin, Secadmin, Auditor, Editor, Reviewer, FOIOfficer, FOIHead, Replier, Supervisor}

var roleLabels = map[Role]string{
	Sysadmin:   "系统管理员",
	Secadmin:   "安全管理员",
	Auditor:    "安全审计员",
	Editor:     "信息员",
	Reviewer:   "审核员（保密审查）",
	FOIOfficer: "依申请公开经办人",
	FOIHead:    "依申请公开负责人",
	Replier:    "答复人",
	Supervisor: "政务公开办（监督）",
}

// Label is the Chinese name of the role.
func (r Role) Label() string { return roleLabels[r] }

// IsAdministrative reports whether r is one of the three separated
// administration roles.
func (r Role) IsAdministrative() bool { return r == Sysadmin || r == Secadmin || r == Auditor }

// ParseRoles reads a comma-separated list such as "editor,reviewer" and
// validates the combination.
func ParseRoles(s string) ([]Role, error) {
	var roles []Role
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		r := Role(part)
		if r.Label() == "" {
			return nil, errs.Newf(errs.Invalid, "auth.ParseRoles", "unknown_role", "未知角色“%s”。可选：%s。", part, roleNames())
		}
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	return roles, ValidateRoles(roles)
}

func roleNames() string {
	names := make([]string, len(AllRoles))
	for i, r := range AllRoles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// ValidateRoles enforces 三员分立: at most one administration role, and
// never together with a business role. An empty set is allowed (an account
// waiting for the security administrator).
func ValidateRoles(roles []Role) error {
	admin, business := 0, 0
	for _, r := range roles {
		if r.Label() == "" {
			return errs.Newf(errs.Invalid, "auth.ValidateRoles", "unknown_role", "未知角色“%s”。", r)
		}
		if r.IsAdministrative() {
			admin++
		} else {
			business++
		}
	}
	if admin > 1 || (admin == 1 && business > 0) {
		return errs.New(errs.Invalid, "auth.ValidateRoles", "roles_not_separated",
			"三员分立：系统管理员、安全管理员、安全审计员三者互斥，且不得兼任业务角色。")
	}
	return nil
}

// SortRoles returns roles in AllRoles order.
func SortRoles(roles []Role) []Role {
	sorted := slices.Clone(roles)
	slices.SortFunc(sorted, func(a, b Role) int { return slices.Index(AllRoles, a) - slices.Index(AllRoles, b) })
	return sorted
}

// JoinRoles is the display form of a role set: sorted by AllRoles order,
// comma-separated.
func JoinRoles(roles []Role) string {
	sorted := SortRoles(roles)
	parts := make([]string, len(sorted))
	for i, r := range sorted {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

// Permission is one thing the server lets a user do. Handlers name the
// permission they need; roles grant permissions; nothing else decides.
type Permission string

// Administration permissions.
const (
	ManageDepartments Permission = "manage_departments"
	ManageUsers       Permission = "manage_users"
	ManageSettings    Permission = "manage_settings" // including the working-day calendar
	AssignRoles       Permission = "assign_roles"
	UnlockAccounts    Permission = "unlock_accounts"
	ReadAudit         Permission = "read_audit"
)

// Business permissions. The features that use them arrive with their
// modules; the grants are fixed here so separation of duties is decided in
// one table.
const (
	DraftDocuments    Permission = "draft_documents"
	ReviewDocuments   Permission = "review_documents"
	HandleFOI         Permission = "handle_foi"
	ApproveExtensions Permission = "approve_extensions"
	ReplyLetters      Permission = "reply_letters"
	Supervise         Permission = "supervise"
	ViewStaffData     Permission = "view_staff_data" // read departments and colleagues, needed to route work
)

// BusinessPermissions lists the permissions no administration role holds.
var BusinessPermissions = []Permission{DraftDocuments, ReviewDocuments, HandleFOI, ApproveExtensions, ReplyLetters, Supervise}

var grants = map[Role][]Permission{
	Sysadmin:   {ManageDepartments, ManageUsers, ManageSettings, ViewStaffData},
	Secadmin:   {AssignRoles, UnlockAccounts, ViewStaffData},
	Auditor:    {ReadAudit},
	Editor:     {DraftDocuments, ViewStaffData},
	Reviewer:   {ReviewDocuments, ViewStaffData},
	FOIOfficer: {HandleFOI, ViewStaffData},
	FOIHead:    {HandleFOI, ApproveExtensions, ViewStaffData},
	Replier:    {ReplyLetters, ViewStaffData},
	Supervisor: {Supervise, ViewStaffData},
}

// RoleCan reports whether role r grants p.
func RoleCan(r Role, p Permission) bool { return slices.Contains(grants[r], p) }

// IsAdministrative reports whether u holds an administration role.
func (u *User) IsAdministrative() bool { return slices.ContainsFunc(u.Roles, Role.IsAdministrative) }

// CanResetPassword decides whether by may reset target's password; by nil
// is the server's console. A security administrator resets the passwords
// of business accounts only: resetting an administration account's would
// let one of the three log in as another (三员分立), so that is done on the
// server (`gongkai user reset-password`), where it is audited as such. Nobody
// resets their own password; they change it.
func CanResetPassword(by, target *User) error {
	const op = "auth.CanResetPassword"
	if by == nil {
		return nil
	}
	if by.ID == target.ID {
		return errs.New(errs.Forbidden, op, "own_password", "请在“修改密码”页修改自己的密码。")
	}
	if !by.Can(UnlockAccounts) {
		return errs.New(errs.Forbidden, op, "forbidden", "您的角色没有执行此操作的权限。")
	}
	if target.IsAdministrative() {
		return errs.New(errs.Forbidden, op, "admin_password_on_server", "管理员账户（系统管理员、安全管理员、安全审计员）的密码只能在服务器上用 gongkai user reset-password 重置。")
	}
	return nil
}

// CanRevokeToken reports whether by may revoke an API token of the account
// ownerID: its owner, and the security administrator.
func CanRevokeToken(by *User, ownerID int64) bool {
	return by == nil || by.ID == ownerID || by.Can(UnlockAccounts)
}
