package report

// 政务新媒体: the register of the government's accounts on social
// platforms (the filing the 国办 rules on 政务新媒体 require), each with its
// status history (开设, 变更, 关停, 注销 with the date of each change) and
// the date of its last post. An account that is open and has not posted
// for StaleDays calendar days is flagged (the inspections' “僵尸号”).

import (
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// StaleDays is how many calendar days without a post flag an open account.
const StaleDays = 14

// Platform is where an account lives.
type Platform string

// The platforms.
const (
	PlatformWeChat  Platform = "wechat"
	PlatformWeibo   Platform = "weibo"
	PlatformDouyin  Platform = "douyin"
	PlatformToutiao Platform = "toutiao"
	PlatformOther   Platform = "other"
)

// Platforms lists the platforms in form order.
var Platforms = []Platform{PlatformWeChat, PlatformWeibo, PlatformDouyin, PlatformToutiao, PlatformOther}

// Label is the platform's Chinese name.
func (p Platform) Label() string {
	return map[Platform]string{PlatformWeChat: "微信公众号", PlatformWeibo: "微博", PlatformDouyin: "抖音",
		PlatformToutiao: "今日头条", PlatformOther: "其他"}[p]
}

// Tier is the level an account is filed at (备案层级).
type Tier string

// The filing tiers.
const (
	TierDistrict Tier = "district" // 区级
	TierTown     Tier = "town"     // 街镇级
	TierOther    Tier = "other"
)

// Tiers lists the tiers in form order.
var Tiers = []Tier{TierDistrict, TierTown, TierOther}

// Label is the tier's Chinese name.
func (t Tier) Label() string {
	return map[Tier]string{TierDistrict: "区级", TierTown: "街镇级", TierOther: "其他"}[t]
}

// AccountStatus is an account's state in the register.
type AccountStatus string

// The statuses.
const (
	StatusOpen      AccountStatus = "open"      // 开设
	StatusChanged   AccountStatus = "changed"   // 变更
	StatusSuspended AccountStatus = "suspended" // 关停
	StatusCancelled AccountStatus = "cancelled" // 注销
)

// Statuses lists the statuses in order.
var Statuses = []AccountStatus{StatusOpen, StatusChanged, StatusSuspended, StatusCancelled}

// Label is the status's Chinese name.
func (s AccountStatus) Label() string {
	return map[AccountStatus]string{StatusOpen: "开设", StatusChanged: "变更", StatusSuspended: "关停", StatusCancelled: "注销"}[s]
}

// Operating reports whether an account in s is expected to post.
func (s AccountStatus) Operating() bool { return s == StatusOpen || s == StatusChanged }

// CanChangeStatus reports whether an account in from may move to to: an
// operating account may be changed, suspended or cancelled; a suspended
// one reopened or cancelled; a cancelled one is final. A new account
// starts as 开设.
func CanChangeStatus(from, to AccountStatus) bool {
	switch from {
	case "":
		return to == StatusOpen
	case StatusOpen, StatusChanged:
		return to == StatusChanged || to == StatusSuspended || to == StatusCancelled
	case StatusSuspended:
		return to == StatusOpen || to == StatusCancelled
	}
	return false
}

// StatusChange is one row of an account's history.
type StatusChange struct {
	Status AccountStatus
	Date   calendar.Date
	Note   string
	By     string
	At     time.Time
}

// NewMediaAccount is one registered account. Status and StatusDate are
// its latest change; History holds every change, oldest first.
type NewMediaAccount struct {
	ID         int64
	Platform   Platform
	Name       string
	DeptID     int64
	DeptName   string
	Tier       Tier
	Status     AccountStatus
	StatusDate calendar.Date
	LastPost   calendar.Date
	History    []StatusChange
	Version    int64
}

// Normalize trims the name.
func (a *NewMediaAccount) Normalize() { a.Name = strings.TrimSpace(a.Name) }

// Validate reports every problem of a's own fields at once, in form order.
func (a NewMediaAccount) Validate() error {
	const op = "report.NewMediaAccount.Validate"
	var list []*errs.Error
	bad := func(field, code, msg string) {
		list = append(list, errs.New(errs.Invalid, op, code, msg).WithField(field))
	}
	if a.Platform.Label() == "" {
		bad("platform", "invalid_platform", "请选择平台：微信公众号、微博、抖音、今日头条或其他。")
	}
	switch n := utf8.RuneCountInString(a.Name); {
	case n == 0:
		bad("name", "account_name_required", "请填写账号名称。")
	case n > MaxAccountName:
		bad("name", "account_name_too_long", "账号名称不能超过 80 个字。")
	}
	if a.DeptID <= 0 {
		bad("dept_id", "department_required", "请选择运营主体（部门）。")
	}
	if a.Tier.Label() == "" {
		bad("tier", "invalid_tier", "请选择备案层级。")
	}
	if a.StatusDate.IsZero() {
		bad("status_date", "status_date_required", "请填写开设日期。")
	}
	if !a.LastPost.IsZero() && !a.StatusDate.IsZero() && a.LastPost.Before(a.History0()) {
		bad("last_post", "last_post_before_open", "最近更新日期不能早于开设日期。")
	}
	return errs.Join(list...)
}

// History0 is the day the account was opened: its first change, or
// StatusDate when no history is loaded.
func (a NewMediaAccount) History0() calendar.Date {
	if len(a.History) > 0 {
		return a.History[0].Date
	}
	return a.StatusDate
}

// ChangeStatus checks that a may move to status on date (not before its
// latest change) and applies it.
func (a *NewMediaAccount) ChangeStatus(status AccountStatus, date calendar.Date, note string) error {
	const op = "report.NewMediaAccount.ChangeStatus"
	if status.Label() == "" {
		return errs.New(errs.Invalid, op, "invalid_status", "请选择状态：开设、变更、关停或注销。").WithField("status")
	}
	if !CanChangeStatus(a.Status, status) {
		return errs.New(errs.Invalid, op, "status_not_allowed", "账号当前为“"+a.Status.Label()+"”，不能改为“"+status.Label()+"”。").WithField("status")
	}
	if date.IsZero() {
		return errs.New(errs.Invalid, op, "status_date_required", "请填写状态变化的日期。").WithField("status_date")
	}
	if !a.StatusDate.IsZero() && date.Before(a.StatusDate) {
		return errs.New(errs.Invalid, op, "status_date_before_last", "日期不能早于上一次状态变化（"+a.StatusDate.String()+"）。").WithField("status_date")
	}
	if utf8.RuneCountInString(strings.TrimSpace(note)) > MaxRegistryNote {
		return errs.New(errs.Invalid, op, "note_too_long", "说明不能超过 500 个字。").WithField("note")
	}
	a.Status, a.StatusDate = status, date
	return nil
}

// Stale reports whether a is operating and has not posted for StaleDays
// calendar days on today; an account that never posted counts from the
// day it was opened.
func (a NewMediaAccount) Stale(today calendar.Date) bool {
	if !a.Status.Operating() {
		return false
	}
	last := a.LastPost
	if last.IsZero() {
		last = a.History0()
	}
	return !today.Before(last.AddDays(StaleDays))
}

// StaleAccounts lists the accounts of list that are stale on today.
func StaleAccounts(list []*NewMediaAccount, today calendar.Date) []*NewMediaAccount {
	var out []*NewMediaAccount
	for _, a := range list {
		if a.Stale(today) {
			out = append(out, a)
		}
	}
	return out
}
