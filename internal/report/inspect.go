package report

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
)

// The website self-inspection (自查) follows 国办秘函〔2019〕19号: a site
// with any 单项否决 item fails outright; otherwise the deduction items
// (扣分指标) are taken off 100. The facts come from two places: a crawl of
// the running site (its links, see Links) and the platform's own records
// (SiteFacts). CheckSite turns the records into findings; Score applies
// the rule table to findings and links.

// InspectColumn is one column with the date of its newest public item.
type InspectColumn struct {
	Column publish.Column
	Last   time.Time // zero: the column has no public item
}

// InspectDoc is one public document as the checks need it.
type InspectDoc struct {
	IndexNumber string
	Title       string
	WrittenOn   string // 成文日期 YYYY-MM-DD, or ""
	PublishedOn string // 发布日期 YYYY-MM-DD, or ""
	// NeedsInterpretation: a 规章, 行政规范性文件 or flagged policy (三同步).
	NeedsInterpretation bool
	// Interpreted: a public interpretation links to it.
	Interpreted bool
	// Organs are the departments that issued it (发布机构), the lead first.
	Organs []int64
}

// InspectLetter is one letter still unanswered, as the store lists them.
type InspectLetter struct {
	Number     string
	Kind       interact.Kind
	Subject    string
	ReceivedOn calendar.Date
	DeptID     int64 // the department that must answer; 0 while unassigned
}

// SiteFacts are the records the checks read.
type SiteFacts struct {
	Now          time.Time
	Calendar     *calendar.Calendar
	Columns      []InspectColumn
	NewestPublic time.Time // the newest publication on the portal; zero if none
	EmptyCatalog []string  // names of catalog items without a public document
	Docs         []InspectDoc
	Unanswered   []InspectLetter // open letters, oldest first or in any order
	// Departments names every department by id, for the report's owners.
	Departments map[int64]string
}

// The finding codes; each is one row of the rule table (Rules).
const (
	FindHomeStale        = "home_stale"        // 首页 2 周未更新
	FindStaleKeyColumn   = "stale_key_column"  // 动态要闻 2 周、通知公告/政策文件 6 个月未更新
	FindStaleColumn      = "stale_column"      // 其他应更新栏目超期未更新
	FindBlankColumn      = "blank_column"      // 空白栏目
	FindUnanswered       = "unanswered_letter" // 留言超过 3 个月未答复
	FindEmptyCatalog     = "empty_catalog"     // 目录事项无信息
	FindLatePublication  = "late_publication"  // 成文后超过 20 个工作日发布
	FindNoInterpretation = "no_interpretation" // 政策文件无解读
	FindNoPublishDate    = "no_publish_date"   // 无发布日期
	FindHomeDown         = "home_down"         // 首页无法访问（来自链接检查）
	FindBrokenHome       = "broken_link_home"  // 首页不可用链接
	FindBrokenOther      = "broken_link_other" // 其他页面不可用链接
)

// Finding is one problem the checks found.
type Finding struct {
	Code    string `json:"code"`
	Subject string `json:"subject"` // what it is about: a column, a document, a letter, a URL
	Detail  string `json:"detail"`  // Chinese, for the report
	// Depts are the departments that must fix it (a column's owner, a
	// document's organs, a letter's department, the owners of the pages a
	// broken link is on); empty: the 政务公开办 itself (Unowned).
	Depts []int64 `json:"depts,omitempty"`
	// FixBy is the last day to fix it: the rule's FixWorkdays working days
	// after the inspection (set by Inspect).
	FixBy calendar.Date `json:"fix_by,omitzero"`
}

// HomeWindow is how long the home page may go without a new item.
const HomeWindow = 14 * 24 * time.Hour

// LateAfterWorkdays is 条例第二十六条's limit: 20 working days from 成文.
const LateAfterWorkdays = 20

// UnansweredWithinYears is how far back unanswered letters count (1 year before the check).
const UnansweredWithinYears = 1

// publicationDelay is the working days from 成文日期 written to 发布日期
// published (YYYY-MM-DD); ok is false when either is missing or malformed
// or there is no calendar.
func publicationDelay(cal *calendar.Calendar, written, published string) (days int, ok bool) {
	w, err1 := calendar.ParseDate(written)
	p, err2 := calendar.ParseDate(published)
	if cal == nil || err1 != nil || err2 != nil {
		return 0, false
	}
	n, _ := cal.CountWorkdays(w, p)
	return n, true
}

// PublishedLate is 条例第二十六条's rule as the self-inspection's
// late_publication check applies it: more than LateAfterWorkdays working
// days from 成文 to publication. A document without both dates is not late.
func PublishedLate(cal *calendar.Calendar, written, published string) bool {
	n, ok := publicationDelay(cal, written, published)
	return ok && n > LateAfterWorkdays
}

// CheckSite runs every record check over f. Findings come in a fixed
// order: by check, then by subject.
func CheckSite(f SiteFacts) []Finding {
	var out []Finding
	add := func(code, subject, detail string, depts ...int64) {
		out = append(out, Finding{Code: code, Subject: subject, Detail: detail, Depts: owners(depts...)})
	}
	today := calendar.DateOf(f.Now)

	if f.NewestPublic.IsZero() {
		add(FindHomeStale, "首页", "网站没有任何已发布的信息")
	} else if age := f.Now.Sub(f.NewestPublic); age > HomeWindow {
		add(FindHomeStale, "首页", fmt.Sprintf("最近一次发布为 %s，已 %d 天无新信息（要求 2 周内更新）", calendar.DateOf(f.NewestPublic), int(age/(24*time.Hour))))
	}

	cols := slices.Clone(f.Columns)
	slices.SortFunc(cols, func(a, b InspectColumn) int { return cmp.Compare(a.Column.Code, b.Column.Code) })
	for _, c := range cols {
		col := c.Column
		window := col.Kind.Window()
		if window == 0 {
			continue // static columns hold pages, not a stream of items
		}
		name := col.Name + "（" + col.Code + "）"
		switch {
		case c.Last.IsZero():
			add(FindBlankColumn, name, "栏目没有任何信息", col.DeptID)
		case col.Stale(c.Last, f.Now):
			code := FindStaleColumn
			if col.Kind == publish.KindNews || col.Kind == publish.KindNotice || col.Kind == publish.KindPolicy {
				code = FindStaleKeyColumn
			}
			add(code, name, fmt.Sprintf("最近更新 %s，超过 %d 天未更新", calendar.DateOf(c.Last), int(window/(24*time.Hour))), col.DeptID)
		}
	}

	since := today.AddDays(-365 * UnansweredWithinYears)
	before := interact.EscalationBefore(today)
	letters := slices.Clone(f.Unanswered)
	slices.SortFunc(letters, func(a, b InspectLetter) int { return cmp.Compare(a.Number, b.Number) })
	for _, l := range letters {
		if l.Kind == interact.Comment || l.ReceivedOn.Before(since) || !l.ReceivedOn.Before(before) {
			continue // 意见征集 is not a 政务咨询 column; older than a year or younger than 3 months does not count
		}
		add(FindUnanswered, l.Number, fmt.Sprintf("%s 收到，超过 %d 个月未答复", l.ReceivedOn, interact.EscalationMonths), l.DeptID)
	}

	empty := slices.Clone(f.EmptyCatalog)
	slices.Sort(empty)
	for _, name := range empty {
		add(FindEmptyCatalog, name, "目录事项下没有已公开的信息")
	}

	docs := slices.Clone(f.Docs)
	slices.SortFunc(docs, func(a, b InspectDoc) int { return cmp.Compare(a.IndexNumber, b.IndexNumber) })
	for _, d := range docs {
		subject := d.IndexNumber + " " + d.Title
		if d.PublishedOn == "" {
			add(FindNoPublishDate, subject, "信息没有发布日期", d.Organs...)
		} else if n, ok := publicationDelay(f.Calendar, d.WrittenOn, d.PublishedOn); ok && n > LateAfterWorkdays {
			add(FindLatePublication, subject, fmt.Sprintf("成文 %s，发布 %s，相隔 %d 个工作日（应在 %d 个工作日内公开）", d.WrittenOn, d.PublishedOn, n, LateAfterWorkdays), d.Organs...)
		}
	}
	for _, d := range docs {
		if d.NeedsInterpretation && !d.Interpreted {
			add(FindNoInterpretation, d.IndexNumber+" "+d.Title, "政策文件没有公开的解读", d.Organs...)
		}
	}
	order := map[string]int{}
	for i, r := range DefaultRules() {
		order[r.Code] = i
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return cmp.Compare(order[a.Code], order[b.Code]) })
	return out
}
