package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
)

// The quarterly bulletin (季度通报) ranks the departments by weighted
// indicators. The indicators and their weights are data (a district sets
// its own), so the rule here is only how a value becomes points: a share is
// its percentage; a count of output is scaled to the best department; a
// count of faults loses points per fault.

// Scale is how an indicator's value becomes points out of 100.
type Scale string

// The scales.
const (
	Percent   Scale = "percent"    // the value is a percentage (on-time %, coverage %); points = value
	CountUp   Scale = "count_up"   // more is better (documents published); points = value / best × 100
	CountDown Scale = "count_down" // fewer is better (stale columns, broken links); points = 100 − Deduct × value, at least 0
)

// Indicator is one measure of the bulletin.
type Indicator struct {
	Code   string  `json:"code"`
	Label  string  `json:"label"`
	Weight float64 `json:"weight"` // its share of the total; the weights need not add up to 100
	Scale  Scale   `json:"scale"`
	Deduct float64 `json:"deduct,omitempty"` // CountDown: points lost per unit
}

// DefaultIndicators are the bulletin's indicators until the 政务公开办
// sets its own: the measures the plan names, weighted towards timeliness.
func DefaultIndicators() []Indicator {
	return []Indicator{
		{Code: "published", Label: "主动公开信息数", Weight: 15, Scale: CountUp},
		{Code: "publish_on_time", Label: "按时公开率（%）", Weight: 15, Scale: Percent},
		{Code: "stale_columns", Label: "栏目更新不及时（个）", Weight: 10, Scale: CountDown, Deduct: 20},
		{Code: "broken_links", Label: "错链断链（个）", Weight: 10, Scale: CountDown, Deduct: 10},
		{Code: "foi_on_time", Label: "依申请公开按期答复率（%）", Weight: 15, Scale: Percent},
		{Code: "letters_on_time", Label: "留言按期答复率（%）", Weight: 15, Scale: Percent},
		{Code: "interpretation", Label: "政策解读率（%）", Weight: 10, Scale: Percent},
		{Code: "inspection", Label: "网站自查得分", Weight: 10, Scale: Percent},
	}
}

// ValidateIndicators checks a district's indicators: codes unique and
// short, a label, a positive weight, a known scale, a deduction for counts
// of faults.
func ValidateIndicators(ins []Indicator) error {
	var out []*errs.Error
	seen := map[string]bool{}
	bad := func(i int, msg string) {
		out = append(out, &errs.Error{Kind: errs.Invalid, Op: "report.ValidateIndicators", Code: "invalid_indicator",
			Message: fmt.Sprintf("第 %d 项指标：%s", i+1, msg), Field: "indicators"})
	}
	if len(ins) == 0 {
		return errs.InField("indicators", errs.New(errs.Invalid, "report.ValidateIndicators", "no_indicators", "至少设置一项指标。"))
	}
	for i, in := range ins {
		switch {
		case in.Code == "" || len(in.Code) > 40:
			bad(i, "请填写代码（不超过 40 个字符）。")
		case seen[in.Code]:
			bad(i, "代码 "+in.Code+" 重复。")
		case in.Label == "":
			bad(i, "请填写名称。")
		case !(in.Weight > 0) || in.Weight > 100:
			bad(i, "权重应大于 0、不超过 100。")
		case in.Scale != Percent && in.Scale != CountUp && in.Scale != CountDown:
			bad(i, "计分方式应为 percent、count_up 或 count_down。")
		case in.Scale == CountDown && !(in.Deduct > 0):
			bad(i, "按问题数扣分的指标须设置每个问题扣的分数。")
		}
		seen[in.Code] = true
	}
	return errs.Join(out...)
}

// DeptValues are one department's raw values for a quarter, by indicator
// code. A missing code (no data, e.g. a department without letters) is
// left out of that department's score and its weight out of the division,
// so no department is ranked on what it could not do.
type DeptValues struct {
	DeptID int64
	Name   string
	Values map[string]float64
}

// Ranked is one department's line of the bulletin.
type Ranked struct {
	DeptID int64
	Name   string
	Points map[string]float64 // by indicator code, 0–100
	Score  float64            // weighted mean of the points, 0–100, one decimal
	Rank   int                // 1 is best; equal scores share a rank
	// Against the previous quarter: the change of score and of rank
	// (positive = better); Previous false when the department was not
	// ranked then.
	Previous   bool
	ScoreDelta float64
	RankDelta  int
}

// Rank scores and ranks the departments of a quarter and compares them
// with the previous quarter's ranking (nil for none).
func Rank(ins []Indicator, depts []DeptValues, previous []Ranked) []Ranked {
	best := map[string]float64{}
	for _, in := range ins {
		if in.Scale != CountUp {
			continue
		}
		for _, d := range depts {
			if v, ok := d.Values[in.Code]; ok {
				best[in.Code] = max(best[in.Code], v)
			}
		}
	}
	out := make([]Ranked, 0, len(depts))
	for _, d := range depts {
		r := Ranked{DeptID: d.DeptID, Name: d.Name, Points: map[string]float64{}}
		var sum, weights float64
		for _, in := range ins {
			v, ok := d.Values[in.Code]
			if !ok {
				continue
			}
			p := points(in, v, best[in.Code])
			r.Points[in.Code] = p
			sum += in.Weight * p
			weights += in.Weight
		}
		if weights > 0 {
			r.Score = math.Round(sum/weights*10) / 10
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Ranked) int { return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Name, b.Name)) })
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && out[i].Score == out[i-1].Score {
			out[i].Rank = out[i-1].Rank
		}
	}
	prev := map[int64]Ranked{}
	for _, p := range previous {
		prev[p.DeptID] = p
	}
	for i := range out {
		if p, ok := prev[out[i].DeptID]; ok {
			out[i].Previous = true
			out[i].ScoreDelta = math.Round((out[i].Score-p.Score)*10) / 10
			out[i].RankDelta = p.Rank - out[i].Rank
		}
	}
	return out
}

// points is one value's points out of 100 on its indicator's scale.
func points(in Indicator, v, best float64) float64 {
	var p float64
	switch in.Scale {
	case Percent:
		p = v
	case CountUp:
		if best > 0 {
			p = v / best * 100
		} else {
			p = 100 // nobody published: nobody is behind
		}
	case CountDown:
		p = 100 - in.Deduct*v
	}
	return math.Round(min(max(p, 0), 100)*10) / 10
}

// Quarter is a calendar quarter.
type Quarter struct {
	Year int
	Q    int // 1–4
}

// Label is the quarter's Chinese name, e.g. 2026年第一季度.
func (q Quarter) Label() string {
	return fmt.Sprintf("%d年第%s季度", q.Year, []string{"一", "二", "三", "四"}[q.Q-1])
}

// Previous is the quarter before q.
func (q Quarter) Previous() Quarter {
	if q.Q == 1 {
		return Quarter{q.Year - 1, 4}
	}
	return Quarter{q.Year, q.Q - 1}
}

// String is the quarter's code, e.g. 2026Q3 (ParseQuarter reads it back).
func (q Quarter) String() string { return fmt.Sprintf("%dQ%d", q.Year, q.Q) }

// Next is the quarter after q.
func (q Quarter) Next() Quarter {
	if q.Q == 4 {
		return Quarter{q.Year + 1, 1}
	}
	return Quarter{q.Year, q.Q + 1}
}

// First is the quarter's first day; the quarter runs up to, not
// including, Next().First().
func (q Quarter) First() calendar.Date {
	return calendar.Date{Year: q.Year, Month: time.Month(3*q.Q - 2), Day: 1}
}

// Last is the quarter's last day.
func (q Quarter) Last() calendar.Date { return q.Next().First().AddDays(-1) }

// QuarterOf is the quarter holding d.
func QuarterOf(d calendar.Date) Quarter { return Quarter{d.Year, (int(d.Month)-1)/3 + 1} }

// Bulletin years: from the first year of the FOI register to 2099.
const (
	MinBulletinYear = foi.MinRegisterYear
	MaxBulletinYear = 2099
)

// ParseQuarter reads a quarter's code: the year, Q and the quarter's
// number, e.g. 2026Q3 (a lower-case q is accepted).
func ParseQuarter(s string) (Quarter, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	bad := errs.InField("quarter", errs.Newf(errs.Invalid, "report.ParseQuarter", "invalid_quarter",
		"季度应写作“年份Q季度”，如 2026Q3（年份 %d 至 %d，季度 1 至 4）。", MinBulletinYear, MaxBulletinYear))
	year, q, ok := strings.Cut(s, "Q")
	if !ok || len(year) != 4 || len(q) != 1 {
		return Quarter{}, bad
	}
	y, err1 := strconv.Atoi(year)
	n, err2 := strconv.Atoi(q)
	if err1 != nil || err2 != nil || y < MinBulletinYear || y > MaxBulletinYear || n < 1 || n > 4 {
		return Quarter{}, bad
	}
	return Quarter{y, n}, nil
}

// Bulletin is one quarter's bulletin: the indicators it was scored on,
// the departments' raw values and the ranking, best first, compared with
// the previous quarter's ranking on the same indicators.
type Bulletin struct {
	Quarter    Quarter
	Indicators []Indicator
	Values     []DeptValues // by department, as the store lists them
	Ranking    []Ranked     // best first
}

// ValuesOf returns the raw values of a department (nil if none).
func (b *Bulletin) ValuesOf(dept int64) map[string]float64 {
	for _, d := range b.Values {
		if d.DeptID == dept {
			return d.Values
		}
	}
	return nil
}

// Share is part of whole as a percentage with one decimal; ok is false
// when whole is 0 (nothing to measure, the indicator is left out).
func Share(part, whole int) (float64, bool) {
	if whole == 0 {
		return 0, false
	}
	return math.Round(float64(part)*1000/float64(whole)) / 10, true
}

// Change is the line's change against the previous quarter in words, with
// an arrow that repeats them: 上升 2 位 ↑, 下降 1 位 ↓, 名次不变 →, or 上季度未参评.
func (r Ranked) Change() string {
	switch {
	case !r.Previous:
		return "上季度未参评"
	case r.RankDelta > 0:
		return fmt.Sprintf("上升 %d 位 ↑", r.RankDelta)
	case r.RankDelta < 0:
		return fmt.Sprintf("下降 %d 位 ↓", -r.RankDelta)
	}
	return "名次不变 →"
}

// ScoreChange is the change of score in words, e.g. 得分 +3.5.
func (r Ranked) ScoreChange() string {
	if !r.Previous {
		return ""
	}
	if r.ScoreDelta > 0 {
		return "得分 +" + strconv.FormatFloat(r.ScoreDelta, 'f', 1, 64)
	}
	return "得分 " + strconv.FormatFloat(r.ScoreDelta, 'f', 1, 64)
}

// FormatValue shows a raw value: a share with one decimal and %, a count
// whole; "—" for a value left out.
func FormatValue(in Indicator, v float64, ok bool) string {
	switch {
	case !ok:
		return "—"
	case in.Scale == Percent:
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// FormatPoints shows points with one decimal; "—" for none.
func FormatPoints(p float64, ok bool) string {
	if !ok {
		return "—"
	}
	return strconv.FormatFloat(p, 'f', 1, 64)
}
