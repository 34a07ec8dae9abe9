package publish

import (
	"regexp"
	"slices"
	"strings"

	"gongkai/internal/errs"
)

var codeRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,31}$`)

// Channels are the 公开渠道和载体 of the national catalog template.
var Channels = []string{"政府网站", "政府公报", "两微一端", "发布会/听证会", "广播电视", "纸质媒体", "公开查阅点",
	"政务服务中心", "便民服务站", "入户/现场", "社区/企事业单位/村公示栏（电子屏）", "精准推送", "12345热线", "其他"}

// CatalogItem is one row of the 政务公开标准目录.
type CatalogItem struct {
	ID        int64
	Code      string   // stable key, e.g. "czyjs-01"
	Area      string   // 领域, one of the 26 pilot areas, e.g. 财政预决算
	Level1    string   // 一级事项
	Level2    string   // 二级事项
	Content   string   // 公开内容（要素）
	Basis     string   // 公开依据
	TimeLimit string   // 公开时限
	Subject   string   // 公开主体
	Channels  []string // 公开渠道和载体
	Audience  string   // 公开对象: all (全社会) / specific (特定群体)
	Mode      string   // 公开方式: active (主动) / on_request (依申请)
	Level     string   // 公开层级: county / township / village
	DeptID    int64    // responsible department
	Position  int
}

// AudienceLabel, ModeLabel and LevelLabel give the Chinese of the coded fields.
var (
	AudienceLabel = map[string]string{"all": "全社会", "specific": "特定群体"}
	ModeLabel     = map[string]string{"active": "主动", "on_request": "依申请"}
	LevelLabel    = map[string]string{"county": "县级", "township": "乡级", "village": "村级"}
)

// Normalize trims the item's fields and orders its channels as the template does.
func (c *CatalogItem) Normalize() {
	for _, p := range []*string{&c.Code, &c.Area, &c.Level1, &c.Level2, &c.Content, &c.Basis, &c.TimeLimit, &c.Subject, &c.Audience, &c.Mode, &c.Level} {
		*p = strings.TrimSpace(*p)
	}
	c.Code = strings.ToLower(c.Code)
	var chans []string
	for _, ch := range c.Channels {
		ch = strings.TrimSpace(ch)
		if ch != "" && !slices.Contains(chans, ch) {
			chans = append(chans, ch)
		}
	}
	slices.SortStableFunc(chans, func(a, b string) int { return channelIndex(a) - channelIndex(b) })
	c.Channels = chans
}

func channelIndex(ch string) int {
	if i := slices.Index(Channels, ch); i >= 0 {
		return i
	}
	return len(Channels)
}

// Validate checks a catalog item.
func (c *CatalogItem) Validate() error {
	const op = "publish.CatalogItem.Validate"
	if !codeRe.MatchString(c.Code) {
		return errs.New(errs.Invalid, op, "invalid_catalog_code", "目录编码应为 1–32 位小写字母、数字、点或连字符。")
	}
	if c.Level1 == "" || c.Content == "" {
		return errs.New(errs.Invalid, op, "catalog_incomplete", "请至少填写一级事项和公开内容（要素）。")
	}
	for _, ch := range c.Channels {
		if !slices.Contains(Channels, ch) {
			return errs.Newf(errs.Invalid, op, "invalid_channel", "未知的公开渠道“%s”。", ch)
		}
	}
	if AudienceLabel[c.Audience] == "" {
		return errs.New(errs.Invalid, op, "invalid_audience", "公开对象应为“全社会”或“特定群体”。")
	}
	if ModeLabel[c.Mode] == "" {
		return errs.New(errs.Invalid, op, "invalid_mode", "公开方式应为“主动”或“依申请”。")
	}
	if LevelLabel[c.Level] == "" {
		return errs.New(errs.Invalid, op, "invalid_level", "公开层级应为县级、乡级或村级。")
	}
	return nil
}

// CatalogRecord is a catalog item in its portable form: codes rather than
// labels, and the responsible department by its code. It is the item of
// the back office's JSON export and of the demo's catalog.json, so an
// exported catalog can seed another site.
type CatalogRecord struct {
	Code      string   `json:"code"`
	Area      string   `json:"area"`
	Level1    string   `json:"level1"`
	Level2    string   `json:"level2"`
	Content   string   `json:"content"`
	Basis     string   `json:"basis"`
	TimeLimit string   `json:"time_limit"`
	Subject   string   `json:"subject"`
	Channels  []string `json:"channels"`
	Audience  string   `json:"audience"`
	Mode      string   `json:"mode"`
	Level     string   `json:"level"`
	Dept      string   `json:"dept"`
}

// Record is the item's portable form; deptCode is its department's code.
func (c *CatalogItem) Record(deptCode string) CatalogRecord {
	chans := c.Channels
	if chans == nil {
		chans = []string{}
	}
	return CatalogRecord{Code: c.Code, Area: c.Area, Level1: c.Level1, Level2: c.Level2, Content: c.Content, Basis: c.Basis,
		TimeLimit: c.TimeLimit, Subject: c.Subject, Channels: chans, Audience: c.Audience, Mode: c.Mode, Level: c.Level, Dept: deptCode}
}

// Item is the record as a catalog item of the department deptID.
func (r CatalogRecord) Item(deptID int64) *CatalogItem {
	return &CatalogItem{Code: r.Code, Area: r.Area, Level1: r.Level1, Level2: r.Level2, Content: r.Content, Basis: r.Basis,
		TimeLimit: r.TimeLimit, Subject: r.Subject, Channels: r.Channels, Audience: r.Audience, Mode: r.Mode, Level: r.Level, DeptID: deptID}
}
