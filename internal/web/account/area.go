// Package account is the web area of people and settings: staff login,
// logout, the dashboard and password change; departments (with their index
// number rules), users and roles (三员分立); the working-day calendar and
// its public calculator; the audit trail; and the matching API.
package account

import (
	"embed"
	"io/fs"

	"gongkai/internal/web/kit"
)

//go:embed templates
var templates embed.FS

// Handler serves the area's routes.
type Handler struct {
	*kit.Site
	// Widgets fill the dashboard with what other areas have for the user.
	Widgets []kit.Widget
}

// New returns the area's handlers on site.
func New(site *kit.Site) *Handler { return &Handler{Site: site} }

// Area describes the area's pages and flash messages.
func Area() kit.Area {
	sub, _ := fs.Sub(templates, "templates")
	return kit.Area{
		Name:      "account",
		Templates: sub,
		Flash: map[string]string{
			"saved":     "已保存。",
			"created":   "已创建。",
			"unlocked":  "账户已解锁。",
			"password":  "密码已更新。",
			"temporary": "您的密码已被重置，是临时密码：请先设置自己的新密码，之后才能使用其他功能。",
			"revoked":   "API 令牌已吊销。",
			"roles":     "角色已更新，该用户需重新登录后生效。",
			"deleted":   "已删除。",
			"loggedout": "您已安全退出。",
		},
	}
}
