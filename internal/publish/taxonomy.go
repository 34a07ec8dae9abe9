package publish

import (
	"strings"
	"time"

	"gongkai/internal/errs"
)

// Theme is a node of the two-level 主题分类 tree. Codes are "NN" for the
// first level and "NN.MM" for the second; documents take second-level codes.
type Theme struct {
	Code   string
	Name   string
	Active bool // retired themes stay for old documents but are not offered
}

// Parent returns the first-level code of a second-level theme, "" for a
// first-level one.
func (t Theme) Parent() string {
	p, _, ok := strings.Cut(t.Code, ".")
	if !ok {
		return ""
	}
	return p
}

// Genre is a 体裁 (文种 and the portal genres). Policy says whether the
// 政策文件库 lists it: policies, rules and their interpretations are
// policy; news, data, reports and internal 公文 are not.
type Genre struct {
	Code   string
	Name   string
	Active bool
	Policy bool
}

// ColumnKind sets how fresh a column must be kept (国办秘函〔2019〕19号
// inspection windows). The windows are data on the kind, so a change of the
// inspection rules is one edit here.
type ColumnKind string

// The column kinds.
const (
	KindNews      ColumnKind = "news"      // 动态、要闻: 2 weeks
	KindNotice    ColumnKind = "notice"    // 通知公告: 6 months
	KindPolicy    ColumnKind = "policy"    // 政策文件: 6 months
	KindPersonnel ColumnKind = "personnel" // 人事: 1 year
	KindPlan      ColumnKind = "plan"      // 规划计划: 1 year
	KindStatic    ColumnKind = "static"    // 静态栏目: no window
)

// ColumnKinds lists the kinds with their labels and freshness windows in days (0 = none).
var ColumnKinds = []struct {
	Kind  ColumnKind
	Label string
	Days  int
}{
	{KindNews, "动态、要闻（2 周内更新）", 14},
	{KindNotice, "通知公告（6 个月内更新）", 183},
	{KindPolicy, "政策文件（6 个月内更新）", 183},
	{KindPersonnel, "人事信息（1 年内更新）", 365},
	{KindPlan, "规划计划（1 年内更新）", 365},
	{KindStatic, "静态栏目（无更新要求）", 0},
}

// Window returns how long the column may go without a new item; 0 = no limit.
func (k ColumnKind) Window() time.Duration {
	for _, c := range ColumnKinds {
		if c.Kind == k {
			return time.Duration(c.Days) * 24 * time.Hour
		}
	}
	return 0
}

// Valid reports whether k is a known kind.
func (k ColumnKind) Valid() bool {
	for _, c := range ColumnKinds {
		if c.Kind == k {
			return true
		}
	}
	return false
}

// Column is a 栏目 of the portal.
type Column struct {
	ID       int64
	Code     string
	Name     string
	ParentID int64
	Kind     ColumnKind
	DeptID   int64 // owning department, which keeps it fresh
	Position int
}

// Stale reports whether a column whose newest item is from last is overdue at now.
func (c *Column) Stale(last, now time.Time) bool {
	w := c.Kind.Window()
	if w == 0 {
		return false
	}
	return last.IsZero() || now.Sub(last) > w
}

// Validate checks a column.
func (c *Column) Validate() error {
	const op = "publish.Column.Validate"
	c.Code = strings.ToLower(strings.TrimSpace(c.Code))
	c.Name = strings.TrimSpace(c.Name)
	if !codeRe.MatchString(c.Code) {
		return errs.New(errs.Invalid, op, "invalid_column_code", "栏目编码应为 1–32 位小写字母、数字、连字符，且以字母或数字开头。")
	}
	if c.Name == "" || len([]rune(c.Name)) > 30 {
		return errs.New(errs.Invalid, op, "invalid_column_name", "栏目名称不能为空，且不超过 30 个字。")
	}
	if !c.Kind.Valid() {
		return errs.New(errs.Invalid, op, "invalid_column_kind", "请选择栏目类型。")
	}
	return nil
}
