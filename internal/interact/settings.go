package interact

import (
	"fmt"
	"regexp"
	"strings"

	"gongkai/internal/errs"
)

// Leader is a leader the 领导信箱 writes to. A letter to a leader is
// answered by the leader's department unless triage assigns another.
type Leader struct {
	ID     string `json:"id"`    // short code, e.g. zhuren
	Name   string `json:"name"`  // 徐建国
	Title  string `json:"title"` // 菊园新区管委会主任
	DeptID int64  `json:"dept_id"`
}

// Settings are the 政民互动 settings the 政务公开办 keeps.
type Settings struct {
	// Review holds every reply for the office's review before the writer
	// sees it.
	Review  bool     `json:"review"`
	Leaders []Leader `json:"leaders"`
}

// Leader returns the leader with id.
func (s *Settings) Leader(id string) (Leader, bool) {
	for _, l := range s.Leaders {
		if l.ID == id {
			return l, true
		}
	}
	return Leader{}, false
}

var leaderIDRe = regexp.MustCompile(`^[a-z0-9-]{1,20}$`)

// Validate checks the leaders: each with an id of lower-case letters,
// digits and hyphens, a name and a title, a department, and no id twice.
func (s *Settings) Validate() error {
	seen := map[string]bool{}
	var out []*errs.Error
	for i, l := range s.Leaders {
		at := fmt.Sprintf("第 %d 位领导：", i+1)
		switch {
		case !leaderIDRe.MatchString(l.ID):
			out = append(out, problem("leaders", "invalid_leader", at+"代码由小写字母、数字和连字符组成，不超过 20 个字符。"))
		case seen[l.ID]:
			out = append(out, problem("leaders", "duplicate_leader", at+"代码 "+l.ID+" 重复。"))
		case strings.TrimSpace(l.Name) == "" || tooLong(l.Name, MaxName) || strings.TrimSpace(l.Title) == "" || tooLong(l.Title, 50):
			out = append(out, problem("leaders", "invalid_leader", at+"请填写姓名和职务（各不超过 50 个字）。"))
		case l.DeptID == 0:
			out = append(out, problem("leaders", "invalid_leader", at+"请选择所在部门。"))
		}
		seen[l.ID] = true
	}
	if len(s.Leaders) > 50 {
		out = append(out, problem("leaders", "too_many_leaders", "领导信箱最多设置 50 位领导。"))
	}
	return errs.Join(out...)
}
