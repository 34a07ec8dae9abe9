package report

import (
	"fmt"
	"math"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/publish"
)

// The annual report (政府信息公开工作年度报告, 国办公开办函〔2021〕30号):
// the tables of its sections 二, 三 and 四, computed for a year and an organ
// from the platform's records, with the figures only staff know (licensing,
// penalties, enforcement, fees) entered by them.

// Annual is the tables of one year's report of one organ ("" for the whole
// district).
type Annual struct {
	Year     int      `json:"year"`
	Organ    string   `json:"organ"`
	Section2 Section2 `json:"section2"`
	Section3 Section3 `json:"section3"`
	Section4 Section4 `json:"section4"`
}

// --- Section 二: 主动公开政府信息情况 ---

// DocCounts is a row of the first block of section 二 (规章, 行政规范性文件):
// 本年制发件数, 本年废止件数, 现行有效件数.
type DocCounts struct {
	Issued   int `json:"issued"`
	Repealed int `json:"repealed"`
	InForce  int `json:"in_force"`
}

// Decisions is a row counting decisions (本年处理决定数量).
type Decisions struct {
	Decisions int `json:"decisions"`
}

// Fees is the row of 行政事业性收费 (本年收费金额, 万元).
type Fees struct {
	AmountWanYuan float64 `json:"amount_wan_yuan"`
}

// Section2 is the table of section 二.
type Section2 struct {
	Rules       DocCounts `json:"rules"`     // 规章
	Normative   DocCounts `json:"normative"` // 行政规范性文件
	Licensing   Decisions `json:"licensing"` // 行政许可
	Penalty     Decisions `json:"penalty"`   // 行政处罚
	Enforcement Decisions `json:"enforcement"`
	Fees        Fees      `json:"fees"`
}

// Figures are the numbers of section 二 that the platform does not record
// and staff enter for a year and organ: the decisions on licences,
// penalties and enforcement measures and the fees collected (万元).
type Figures struct {
	Licensing   int     `json:"licensing"`
	Penalty     int     `json:"penalty"`
	Enforcement int     `json:"enforcement"`
	FeesWanYuan float64 `json:"fees_wan_yuan"`
}

// MaxDecisions bounds an entered count; MaxFeesWanYuan the entered fees.
const (
	MaxDecisions   = 10_000_000
	MaxFeesWanYuan = 100_000_000
)

// Validate checks entered figures: whole non-negative counts and an
// amount in 万元 with at most four decimals (to the 元).
func (f *Figures) Validate() error {
	const op = "report.Figures.Validate"
	var list []*errs.Error
	for _, c := range []struct {
		field string
		name  string
		n     int
	}{{"licensing", "行政许可处理决定数量", f.Licensing}, {"penalty", "行政处罚处理决定数量", f.Penalty}, {"enforcement", "行政强制处理决定数量", f.Enforcement}} {
		if c.n < 0 || c.n > MaxDecisions {
			list = append(list, errs.Newf(errs.Invalid, op, "invalid_count", "“%s”应为 0 至 %d 之间的整数。", c.name, MaxDecisions).WithField(c.field))
		}
	}
	if a := f.FeesWanYuan; math.IsNaN(a) || a < 0 || a > MaxFeesWanYuan || math.Abs(a*1e4-math.Round(a*1e4)) > 1e-6 {
		list = append(list, errs.New(errs.Invalid, op, "invalid_amount", "“本年收费金额”以万元为单位，不小于 0，最多四位小数（精确到元）。").WithField("fees_wan_yuan"))
	}
	return errs.Join(list...)
}

// DocFact is what section 二 needs of one document of genre 规章 or
// 行政规范性文件 as the public sees it.
type DocFact struct {
	Genre       string // publish.GenreRegulation or publish.GenreNormative
	PublishedOn calendar.Date
	EffectiveOn calendar.Date // zero: in force from publication
	Validity    publish.Validity
	ValidityOn  calendar.Date // the day it ceased to be valid; zero while valid
	NotInForce  bool          // withdrawn from the lists as 不再有效 (no date recorded)
}

// Section2Of computes section 二 for year from the organ's published
// documents and the entered figures. For each of 规章 and 行政规范性文件:
//
//   - issued (本年制发): published (发布日期) in year;
//   - repealed (本年废止): marked 废止 or 失效 with a date in year (a
//     document marked 已修订 is not repealed: its revision is a document
//     of its own, counted when issued);
//   - in force (现行有效) at 31 December of year: published and in effect
//     (实施日期, when set) on or before that day, and valid then: still
//     有效, or its 废止/失效/修订 dated after that day; a document withdrawn
//     as 不再有效 (which records no date) is not in force.
//
// Documents of other genres are ignored. The documents are those the
// public sees (the listing projection), so one withdrawn as published in
// error, or replaced by another, is in no count.
func Section2Of(year int, docs []DocFact, f Figures) Section2 {
	s := Section2{Licensing: Decisions{f.Licensing}, Penalty: Decisions{f.Penalty}, Enforcement: Decisions{f.Enforcement},
		Fees: Fees{f.FeesWanYuan}}
	end := calendar.Date{Year: year, Month: 12, Day: 31}
	for _, d := range docs {
		var c *DocCounts
		switch d.Genre {
		case publish.GenreRegulation:
			c = &s.Rules
		case publish.GenreNormative:
			c = &s.Normative
		default:
			continue
		}
		if d.PublishedOn.Year == year {
			c.Issued++
		}
		if (d.Validity == publish.Repealed || d.Validity == publish.Expired) && d.ValidityOn.Year == year {
			c.Repealed++
		}
		published := !d.PublishedOn.IsZero() && !d.PublishedOn.After(end)
		effective := d.EffectiveOn.IsZero() || !d.EffectiveOn.After(end)
		valid := (d.Validity == publish.Valid || d.ValidityOn.After(end)) && !d.NotInForce
		if published && effective && valid {
			c.InForce++
		}
	}
	return s
}

// --- Section 三: 收到和处理政府信息公开申请情况 ---

// The applicant columns of section 三, in the table's order, then the total.
const (
	ColPerson    = "person"    // 自然人
	ColBusiness  = "business"  // 商业企业
	ColResearch  = "research"  // 科研机构
	ColNonprofit = "nonprofit" // 社会公益组织
	ColLegal     = "legal"     // 法律服务机构
	ColOtherOrg  = "other_org" // 其他
	ColTotal     = "total"     // 总计
)

// ApplicantColumns are the six applicant columns in order.
var ApplicantColumns = []string{ColPerson, ColBusiness, ColResearch, ColNonprofit, ColLegal, ColOtherOrg}

// ColumnLabels are the columns' headings.
var ColumnLabels = map[string]string{ColPerson: "自然人", ColBusiness: "商业企业", ColResearch: "科研机构",
	ColNonprofit: "社会公益组织", ColLegal: "法律服务机构", ColOtherOrg: "其他", ColTotal: "总计"}

// Cells is one row of section 三: a count per applicant column and their
// total.
type Cells struct {
	Person    int `json:"person"`
	Business  int `json:"business"`
	Research  int `json:"research"`
	Nonprofit int `json:"nonprofit"`
	Legal     int `json:"legal"`
	OtherOrg  int `json:"other_org"`
	Total     int `json:"total"`
}

// cell is the address of column col in c, nil for an unknown column.
func (c *Cells) cell(col string) *int {
	switch col {
	case ColPerson:
		return &c.Person
	case ColBusiness:
		return &c.Business
	case ColResearch:
		return &c.Research
	case ColNonprofit:
		return &c.Nonprofit
	case ColLegal:
		return &c.Legal
	case ColOtherOrg:
		return &c.OtherOrg
	case ColTotal:
		return &c.Total
	}
	return nil
}

// Get is the count of column col (0 for an unknown one).
func (c Cells) Get(col string) int {
	if p := c.cell(col); p != nil {
		return *p
	}
	return 0
}

// add counts one application in column col and in the total.
func (c *Cells) add(col string) {
	*c.cell(col)++
	c.Total++
}

// The rows of section 三 besides the outcomes (whose keys are the outcome
// codes, foi.Outcomes).
const (
	RowNew          = "new"           // 一、本年新收
	RowCarriedOver  = "carried_over"  // 二、上年结转
	RowResultsTotal = "results_total" // 三（七）总计
	RowCarryForward = "carry_forward" // 四、结转下年度继续办理
)

// RowKeys are the keys of section 三's rows in the table's order.
func RowKeys() []string {
	keys := []string{RowNew, RowCarriedOver}
	for _, o := range foi.Outcomes {
		keys = append(keys, string(o.Code))
	}
	return append(keys, RowResultsTotal, RowCarryForward)
}

// Section3 is the table of section 三: every row of RowKeys, present even
// when zero.
type Section3 struct {
	Rows map[string]Cells `json:"rows"`
}

// NewSection3 is an empty table with every row.
func NewSection3() Section3 {
	s := Section3{Rows: map[string]Cells{}}
	for _, k := range RowKeys() {
		s.Rows[k] = Cells{}
	}
	return s
}

// ColumnOf is the applicant column of an application: a natural person's,
// or the category of the legal person or organisation (unknown categories
// under 其他).
func ColumnOf(a *foi.Application) string {
	if a.Applicant.Kind != "org" {
		return ColPerson
	}
	cat := a.OrgCategory
	if cat == "" {
		cat = a.Applicant.OrgCategory
	}
	switch cat {
	case "business", "research", "nonprofit", "legal":
		return cat
	}
	return ColOtherOrg
}

// ReceivedOn is the day the application was first received (条例第三十一条):
// the day entered for in-person and signed-mail applications, the first
// confirmation for the others; zero while unconfirmed. A 补正 or a fee
// restarts the clock's period but not the receipt the report counts.
func ReceivedOn(a *foi.Application) calendar.Date {
	if !a.Channel.NeedsConfirmation() {
		return a.ReceivedOn
	}
	for _, e := range a.Events {
		if e.Type == foi.Confirm {
			return e.On
		}
	}
	return calendar.Date{}
}

// Concluded is when and how an application was concluded: its answer
// (which includes the closures for a missed 补正 or fee) or its
// withdrawal (其他处理：其他); ok is false while it is open.
func Concluded(a *foi.Application) (on calendar.Date, outcome foi.Outcome, ok bool) {
	for _, e := range a.Events {
		switch e.Type {
		case foi.Answer:
			return e.On, e.Outcome, true
		case foi.Withdraw:
			return e.On, foi.Other, true
		}
	}
	return calendar.Date{}, "", false
}

// Add counts one application in year's table. With R its first receipt
// and C its conclusion:
//
//   - 本年新收: R in year;
//   - 上年结转: R before year and not concluded before 1 January;
//   - 办理结果: concluded in year (by R's side of the table, so R is on
//     or before the conclusion), in its outcome's row;
//   - 结转下年度: R on or before 31 December and not concluded by then.
//
// An application never received (awaiting confirmation) is in no row. So
// each counted application is in exactly one of the first two rows and
// in exactly one of the last two, and the table balances.
func (s *Section3) Add(year int, a *foi.Application) {
	r := ReceivedOn(a)
	if r.IsZero() || r.Year > year {
		return
	}
	on, outcome, done := Concluded(a)
	if done && on.Year < year {
		return // concluded before the year began
	}
	col := ColumnOf(a)
	s.bump(RowNew, col, r.Year == year)
	s.bump(RowCarriedOver, col, r.Year < year)
	if done && on.Year == year {
		s.bump(string(outcome), col, true)
		s.bump(RowResultsTotal, col, true)
	} else {
		s.bump(RowCarryForward, col, true)
	}
}

func (s *Section3) bump(row, col string, yes bool) {
	if !yes {
		return
	}
	c := s.Rows[row]
	c.add(col)
	s.Rows[row] = c
}

// Section3Of computes section 三 for year from applications.
func Section3Of(year int, apps []*foi.Application) Section3 {
	s := NewSection3()
	for _, a := range apps {
		s.Add(year, a)
	}
	return s
}

// Check lists, in Chinese, every invariant of section 三 that the table
// breaks (regulatory rules §2.2): each row's 总计 is the sum of its six
// columns; per column, 三（七）总计 is the sum of the outcome rows and
// 一 + 二 = 三（七） + 四. Nil when the table balances.
func Check(s Section3) []string {
	var out []string
	for _, k := range RowKeys() {
		c, ok := s.Rows[k]
		if !ok {
			out = append(out, fmt.Sprintf("缺少“%s”行。", RowLabel(k)))
			continue
		}
		sum := 0
		for _, col := range ApplicantColumns {
			sum += c.Get(col)
		}
		if sum != c.Total {
			out = append(out, fmt.Sprintf("“%s”行：各列之和 %d 不等于总计 %d。", RowLabel(k), sum, c.Total))
		}
	}
	for _, col := range append(append([]string{}, ApplicantColumns...), ColTotal) {
		results := 0
		for _, o := range foi.Outcomes {
			results += s.Rows[string(o.Code)].Get(col)
		}
		if t := s.Rows[RowResultsTotal].Get(col); results != t {
			out = append(out, fmt.Sprintf("“%s”列：各办理结果之和 %d 不等于办理结果总计 %d。", ColumnLabels[col], results, t))
		}
		in := s.Rows[RowNew].Get(col) + s.Rows[RowCarriedOver].Get(col)
		if done := s.Rows[RowResultsTotal].Get(col) + s.Rows[RowCarryForward].Get(col); in != done {
			out = append(out, fmt.Sprintf("“%s”列：本年新收与上年结转之和 %d 不等于办理结果总计与结转下年度之和 %d。", ColumnLabels[col], in, done))
		}
	}
	return out
}

// CheckCarry compares this year's 上年结转 with last year's 结转下年度,
// column by column (the check report reviewers make across years).
func CheckCarry(last, this Section3) []string {
	var out []string
	for _, col := range append(append([]string{}, ApplicantColumns...), ColTotal) {
		if a, b := last.Rows[RowCarryForward].Get(col), this.Rows[RowCarriedOver].Get(col); a != b {
			out = append(out, fmt.Sprintf("“%s”列：上年结转 %d 不等于上一年度的结转下年度 %d。", ColumnLabels[col], b, a))
		}
	}
	return out
}

// RowLabel is the heading of a row of section 三.
func RowLabel(key string) string {
	switch key {
	case RowNew:
		return "一、本年新收政府信息公开申请数量"
	case RowCarriedOver:
		return "二、上年结转政府信息公开申请数量"
	case RowResultsTotal:
		return "三、本年度办理结果（七）总计"
	case RowCarryForward:
		return "四、结转下年度继续办理"
	}
	return foi.Outcome(key).Label()
}

// --- Section 四: 政府信息公开行政复议、行政诉讼情况 ---

// ReviewCounts is one of the three blocks of section 四.
type ReviewCounts struct {
	Upheld    int `json:"upheld"`    // 结果维持
	Corrected int `json:"corrected"` // 结果纠正
	Other     int `json:"other"`     // 其他结果
	Pending   int `json:"pending"`   // 尚未审结
	Total     int `json:"total"`     // 总计
}

// Section4 is the table of section 四.
type Section4 struct {
	Reconsideration                ReviewCounts `json:"reconsideration"`
	LitigationDirect               ReviewCounts `json:"litigation_direct"`
	LitigationAfterReconsideration ReviewCounts `json:"litigation_after_reconsideration"`
}

// Section4Of computes section 四 for year from the reviews of the organ's
// applications. A review counts in year when it was closed in year (under
// its result) or filed in year and not closed by 31 December (尚未审结). A
// review filed in one year and closed in a later one is thus pending in
// the first year's report and under its result in the closing year's;
// one still open through a whole year is in neither of that year's
// columns.
func Section4Of(year int, reviews []foi.Review) Section4 {
	var s Section4
	for _, r := range reviews {
		var b *ReviewCounts
		switch r.Kind {
		case "reconsideration":
			b = &s.Reconsideration
		case "litigation_direct":
			b = &s.LitigationDirect
		case "litigation_after_reconsideration":
			b = &s.LitigationAfterReconsideration
		default:
			continue
		}
		closed := !r.ClosedOn.IsZero() && r.Result != "pending"
		switch {
		case closed && r.ClosedOn.Year == year:
			switch r.Result {
			case "upheld":
				b.Upheld++
			case "corrected":
				b.Corrected++
			default:
				b.Other++
			}
		case r.FiledOn.Year == year && (!closed || r.ClosedOn.Year > year):
			b.Pending++
		default:
			continue
		}
		b.Total++
	}
	return s
}

// Line is a row of section 三 as the notice lays it out: the part (一 to
// 四), the group of an outcome (（一） to （七）) and its item (1., 2., …),
// each "" where the row has none.
type Line struct {
	Key   string // the row's key in Section3.Rows
	Part  string
	Group string
	Item  string
}

// outcomeGroups are the groups of 三、本年度办理结果 as the notice heads
// them, by the prefix of the outcome's label.
var outcomeGroups = []struct{ prefix, head string }{
	{"予以公开", "（一）予以公开"},
	{"部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
	{"不予公开", "（三）不予公开"},
	{"无法提供", "（四）无法提供"},
	{"不予处理", "（五）不予处理"},
	{"其他处理", "（六）其他处理"},
}

// Lines are the rows of section 三 in the notice's order and wording.
func Lines() []Line {
	const results = "三、本年度办理结果"
	out := []Line{{Key: RowNew, Part: RowLabel(RowNew)}, {Key: RowCarriedOver, Part: RowLabel(RowCarriedOver)}}
	item := map[string]int{}
	for _, o := range foi.Outcomes {
		group, rest, split := o.Label, "", false
		for i, r := range []rune(o.Label) {
			if r == '：' {
				group, rest, split = string([]rune(o.Label)[:i]), string([]rune(o.Label)[i+1:]), true
				break
			}
		}
		l := Line{Key: string(o.Code), Part: results}
		for _, g := range outcomeGroups {
			if g.prefix == group {
				l.Group = g.head
			}
		}
		if split {
			item[group]++
			l.Item = fmt.Sprintf("%d.%s", item[group], rest)
		}
		out = append(out, l)
	}
	return append(out, Line{Key: RowResultsTotal, Part: results, Group: "（七）总计"}, Line{Key: RowCarryForward, Part: RowLabel(RowCarryForward)})
}
