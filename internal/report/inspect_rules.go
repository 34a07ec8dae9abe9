package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"gongkai/internal/errs"
)

// Rule is one row of the inspection table: the findings of Code (and of
// Also) make the site fail when there are VetoAt or more of them (0: never
// a veto), and each finding of Code takes Points off 100, at most Cap in
// all. Each finding of Code is to be fixed by its owner within FixWorkdays
// working days of the inspection. The table is data: DefaultRules is
// 秘函〔2019〕19号 as far as it is known, and the settings can override any
// row's numbers (MergeRules).
type Rule struct {
	Code        string   `json:"code"`
	Item        string   `json:"item"`  // the indicator as the notice names it
	Group       string   `json:"group"` // 单项否决 or the 扣分 group
	Also        []string `json:"also,omitempty"`
	VetoAt      int      `json:"veto_at"`
	Points      float64  `json:"points"`
	Cap         float64  `json:"cap"`
	FixWorkdays int      `json:"fix_workdays"`
}

// The bounds of a rule's numbers a district may set.
const (
	MaxVetoAt      = 1000
	MaxRulePoints  = 100
	MaxFixWorkdays = 60
)

// The default time to fix a finding: what makes the site fail (veto items)
// and what a visitor meets at once (broken links) within a working week,
// the rest within two.
const (
	FixUrgent = 5
	FixNormal = 10
)

// PassScore is the lowest passing score when no veto item applies.
const PassScore = 60

// DefaultRules returns the built-in table, in report order. The veto
// thresholds are the notice's; the deduction points follow one agency's
// published self-check (政策文件栏目 6 个月未更新 −5) and the usual
// 链接可用性 practice (首页每处 −1, 其他页面每处 −0.1); the rest are the
// 政务公开办's own weights and meant to be tuned in the settings.
func DefaultRules() []Rule {
	return []Rule{
		{Code: FindHomeDown, Item: "站点无法访问：首页在 15 秒内无法打开", Group: "单项否决", VetoAt: 1, FixWorkdays: FixUrgent},
		{Code: FindHomeStale, Item: "首页不更新：首页 2 周内无新信息", Group: "单项否决", VetoAt: 1, FixWorkdays: FixUrgent},
		{Code: FindStaleKeyColumn, Item: "栏目不更新：动态要闻 2 周、通知公告和政策文件 6 个月未更新的栏目合计 5 个及以上", Group: "单项否决", VetoAt: 5, Points: 5, Cap: 20, FixWorkdays: FixUrgent},
		{Code: FindStaleColumn, Item: "栏目不更新：应更新但长期未更新的栏目 10 个及以上", Group: "单项否决", Also: []string{FindStaleKeyColumn}, VetoAt: 10, Points: 2, Cap: 10, FixWorkdays: FixUrgent},
		{Code: FindBlankColumn, Item: "栏目不更新：空白栏目 5 个及以上", Group: "单项否决", VetoAt: 5, Points: 2, Cap: 10, FixWorkdays: FixUrgent},
		{Code: FindUnanswered, Item: "互动回应差：检查前 1 年内有超过 3 个月未答复的有效留言", Group: "单项否决", VetoAt: 1, FixWorkdays: FixUrgent},
		{Code: FindBrokenHome, Item: "链接可用性：首页不可用链接（含图片、附件、外部链接）", Group: "功能设计", Points: 1, Cap: 10, FixWorkdays: FixUrgent},
		{Code: FindBrokenOther, Item: "链接可用性：其他页面不可用链接", Group: "功能设计", Points: 0.1, Cap: 10, FixWorkdays: FixUrgent},
		{Code: FindEmptyCatalog, Item: "信息发布：标准目录事项无信息", Group: "发布解读", Points: 0.5, Cap: 10, FixWorkdays: FixNormal},
		{Code: FindLatePublication, Item: "信息发布：成文后超过 20 个工作日公开", Group: "发布解读", Points: 0.5, Cap: 10, FixWorkdays: FixNormal},
		{Code: FindNoInterpretation, Item: "政策解读：规章、规范性文件无解读", Group: "发布解读", Points: 2, Cap: 10, FixWorkdays: FixNormal},
		{Code: FindNoPublishDate, Item: "信息发布：信息无发布日期", Group: "发布解读", Points: 1, Cap: 5, FixWorkdays: FixNormal},
	}
}

// MergeRules applies override to the default table: a row with a known
// code replaces that row's numbers (VetoAt, Points, Cap, and FixWorkdays
// unless it is 0, which keeps the default: overrides saved before the
// field existed have none); item names and groups stay. An unknown code or
// a number out of bounds (CheckOverride) is an error.
func MergeRules(override []Rule) ([]Rule, error) {
	const op = "report.MergeRules"
	rules := DefaultRules()
	for _, o := range override {
		i := slices.IndexFunc(rules, func(r Rule) bool { return r.Code == o.Code })
		if i < 0 {
			return nil, errs.New(errs.Invalid, op, "unknown_inspect_rule", fmt.Sprintf("自查规则“%s”不存在。", o.Code))
		}
		if err := CheckOverride(o); err != nil {
			return nil, err
		}
		rules[i].VetoAt, rules[i].Points, rules[i].Cap = o.VetoAt, o.Points, o.Cap
		if o.FixWorkdays > 0 {
			rules[i].FixWorkdays = o.FixWorkdays
		}
	}
	return rules, nil
}

// CheckOverride checks the numbers of one override row, every bad one at
// once: each error names its field (veto_at, points, cap, fix_workdays)
// and the rule (its Item, else its Code) in its message.
func CheckOverride(o Rule) error {
	const op = "report.CheckOverride"
	var bad []*errs.Error
	name := o.Item
	if name == "" {
		name = o.Code
	}
	add := func(field, code, msg string) {
		bad = append(bad, errs.New(errs.Invalid, op, code, fmt.Sprintf("自查规则“%s”：%s", name, msg)).WithField(field))
	}
	if o.VetoAt < 0 || o.VetoAt > MaxVetoAt {
		add("veto_at", "invalid_inspect_veto", fmt.Sprintf("否决阈值应为 0–%d 的整数（0 表示不否决）。", MaxVetoAt))
	}
	points := func(v float64) bool { return !math.IsNaN(v) && v >= 0 && v <= MaxRulePoints }
	if !points(o.Points) {
		add("points", "invalid_inspect_points", fmt.Sprintf("每项扣分应为 0–%d 之间的数。", MaxRulePoints))
	}
	if !points(o.Cap) {
		add("cap", "invalid_inspect_cap", fmt.Sprintf("扣分上限应为 0–%d 之间的数。", MaxRulePoints))
	}
	if o.FixWorkdays < 0 || o.FixWorkdays > MaxFixWorkdays {
		add("fix_workdays", "invalid_inspect_fix", fmt.Sprintf("整改期限应为 1–%d 个工作日。", MaxFixWorkdays))
	}
	return errs.Join(bad...)
}

// RuleLine is one rule's result.
type RuleLine struct {
	Code     string  `json:"code"`
	Item     string  `json:"item"`
	Group    string  `json:"group"`
	Count    int     `json:"count"`    // findings of the rule's own code
	Counted  int     `json:"counted"`  // findings the veto threshold counts (own and Also)
	Veto     bool    `json:"veto"`     // the veto threshold is reached
	Deducted float64 `json:"deducted"` // points taken off
}

// Verdict is the inspection's outcome.
type Verdict struct {
	Pass   bool       `json:"pass"`
	Result string     `json:"result"` // 合格 or 不合格
	Score  float64    `json:"score"`  // 100 minus deductions, one decimal
	Reason string     `json:"reason"` // why it failed, naming the veto items; "" when it passed
	Lines  []RuleLine `json:"lines"`
}

// Score applies rules to findings. Any veto fails the site whatever the
// score; otherwise a score under PassScore fails it.
func Score(rules []Rule, findings []Finding) Verdict {
	count := map[string]int{}
	for _, f := range findings {
		count[f.Code]++
	}
	v := Verdict{Score: 100}
	var vetoes []string
	total := 0.0
	for _, r := range rules {
		l := RuleLine{Code: r.Code, Item: r.Item, Group: r.Group, Count: count[r.Code], Counted: count[r.Code]}
		for _, a := range r.Also {
			l.Counted += count[a]
		}
		if r.VetoAt > 0 && l.Counted >= r.VetoAt {
			l.Veto = true
			vetoes = append(vetoes, r.Item)
		}
		l.Deducted = math.Min(float64(l.Count)*r.Points, r.Cap)
		l.Deducted = math.Round(l.Deducted*10) / 10
		total += l.Deducted
		v.Lines = append(v.Lines, l)
	}
	v.Score = math.Max(0, math.Round((100-total)*10)/10)
	switch {
	case len(vetoes) > 0:
		v.Result = "不合格"
		v.Reason = "单项否决："
		for i, s := range vetoes {
			if i > 0 {
				v.Reason += "；"
			}
			v.Reason += s
		}
	case v.Score < PassScore:
		v.Result = "不合格"
		v.Reason = fmt.Sprintf("扣分后得分 %.1f，低于 %d 分", v.Score, PassScore)
	default:
		v.Pass, v.Result = true, "合格"
	}
	return v
}

// Link is one problem link from a crawl of the site, as the checks need it.
type Link struct {
	URL     string   `json:"url"`
	Class   string   `json:"class"` // "broken" or "caution"; only broken links deduct
	Reason  string   `json:"reason"`
	Status  int      `json:"status,omitempty"`
	FoundOn []string `json:"found_on"`
	IsHome  bool     `json:"is_home"` // the home page itself
	OnHome  bool     `json:"on_home"` // linked from the home page
	// Since is when the link was first found with this class in an
	// unbroken run of inspections (set when the inspection is kept).
	Since time.Time `json:"since,omitzero"`
	// Depts are the departments that own the pages the link was found on
	// (a document's organs, a column's owner), who must fix it; empty when
	// no department owns those pages.
	Depts []int64 `json:"depts,omitempty"`
}

// Crawl is what a crawl of the running site found.
type Crawl struct {
	Home      string `json:"home"`
	Pages     int    `json:"pages"`
	Links     int    `json:"links"`
	Truncated bool   `json:"truncated"`
	Problems  []Link `json:"problems"` // broken and caution links, by URL
}

// Inspection is one self-inspection: the verdict, every finding, and the
// crawl's problem links (cautions are for a person to look at; they do not
// deduct).
type Inspection struct {
	At       time.Time `json:"at"`
	Verdict  Verdict   `json:"verdict"`
	Findings []Finding `json:"findings"`
	Crawl    Crawl     `json:"crawl"`
	// Departments names, as on the day, the departments its findings and
	// links are routed to (see Owner).
	Departments map[int64]string `json:"departments,omitempty"`
}

// Inspect runs the record checks on facts, adds the crawl's broken links
// and scores the whole by rules. Every problem link and finding is routed
// to the departments that own it (PageOwners, CheckSite) and dated with
// the day it is to be fixed by.
func Inspect(facts SiteFacts, crawl Crawl, rules []Rule) Inspection {
	crawl.Problems = slices.Clone(crawl.Problems)
	NewPageOwners(crawl.Home, facts).Route(crawl.Problems)
	findings := append(LinkFindings(crawl.Problems), CheckSite(facts)...)
	order := map[string]int{}
	for i, r := range rules {
		order[r.Code] = i
	}
	slices.SortStableFunc(findings, func(a, b Finding) int { return cmp.Compare(order[a.Code], order[b.Code]) })
	if crawl.Problems == nil {
		crawl.Problems = []Link{}
	}
	if findings == nil {
		findings = []Finding{}
	}
	fixBy(findings, rules, facts.Now, facts.Calendar)
	ins := Inspection{At: facts.Now, Verdict: Score(rules, findings), Findings: findings, Crawl: crawl}
	name := func(ids []int64) {
		for _, id := range ids {
			if n, ok := facts.Departments[id]; ok {
				if ins.Departments == nil {
					ins.Departments = map[int64]string{}
				}
				ins.Departments[id] = n
			}
		}
	}
	for _, f := range findings {
		name(f.Depts)
	}
	for _, l := range crawl.Problems {
		name(l.Depts)
	}
	return ins
}

// LinkFindings turns a crawl's broken links into findings: the home page
// itself unreachable, broken links on the home page, broken links elsewhere.
func LinkFindings(links []Link) []Finding {
	var out []Finding
	for _, l := range links {
		if l.Class != "broken" {
			continue
		}
		code := FindBrokenOther
		switch {
		case l.IsHome:
			code = FindHomeDown
		case l.OnHome:
			code = FindBrokenHome
		}
		out = append(out, Finding{Code: code, Subject: l.URL, Detail: l.Reason, Depts: l.Depts})
	}
	return out
}

// CarrySince dates each problem link of cur: since the previous
// inspection's date for the same URL with the same class, else since cur
// itself ("broken since", a link that stays broken keeps its first date).
func CarrySince(prev *Inspection, cur *Inspection) {
	type key struct{ url, class string }
	since := map[key]time.Time{}
	if prev != nil {
		for _, l := range prev.Crawl.Problems {
			if !l.Since.IsZero() {
				since[key{l.URL, l.Class}] = l.Since
			}
		}
	}
	for i := range cur.Crawl.Problems {
		l := &cur.Crawl.Problems[i]
		if s, ok := since[key{l.URL, l.Class}]; ok {
			l.Since = s
		} else {
			l.Since = cur.At
		}
	}
}

// InspectionSummary is one kept inspection in the history list.
type InspectionSummary struct {
	ID       int64
	At       time.Time
	BaseURL  string
	Pass     bool
	Score    float64
	Broken   int // broken links
	Findings int
}

// Summary returns the history row of ins.
func (ins *Inspection) Summary() InspectionSummary {
	broken := 0
	for _, l := range ins.Crawl.Problems {
		if l.Class == "broken" {
			broken++
		}
	}
	return InspectionSummary{At: ins.At, BaseURL: ins.Crawl.Home, Pass: ins.Verdict.Pass, Score: ins.Verdict.Score, Broken: broken, Findings: len(ins.Findings)}
}
