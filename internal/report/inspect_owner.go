package report

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/calendar"
)

// Every problem of an inspection goes to the department that must fix it:
// the owner of the portal page it is on. Which page belongs to whom is
// decided here and nowhere else (PageOwners), from the portal's addresses
// (web/routes.go) and the records the store already gives the checks.

// Unowned names who handles a problem no department owns: the home page,
// search, the 互动 pages, the guide and catalog pages.
const Unowned = "政务公开办（未归属）"

// owners returns ids without zeros and repeats, sorted; nil when none is left.
func owners(ids ...int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// PageOwners resolves portal addresses to the departments that own them.
type PageOwners struct {
	home    *url.URL
	docs    map[string][]int64 // index number → organs
	columns map[string]int64   // column code → owning department
}

// NewPageOwners returns the resolver for the site at home with the records
// of f: its public documents' organs and its columns' owners.
func NewPageOwners(home string, f SiteFacts) *PageOwners {
	o := &PageOwners{docs: map[string][]int64{}, columns: map[string]int64{}}
	o.home, _ = url.Parse(home)
	for _, d := range f.Docs {
		o.docs[d.IndexNumber] = d.Organs
	}
	for _, c := range f.Columns {
		o.columns[c.Column.Code] = c.Column.DeptID
	}
	return o
}

// Of returns the owners of the page at raw: a document page
// (/docs/{index…}, and a point's copy /points/{code}/docs/{index…}) is its
// organs', a column page (/columns/{code} and its feed) its column's
// department's. Any other page, another site's address, or a document or
// column the records do not know has no owner (nil).
func (o *PageOwners) Of(raw string) []int64 {
	u, err := url.Parse(raw)
	if err != nil || o.home == nil || !strings.EqualFold(u.Host, o.home.Host) || u.Scheme != o.home.Scheme {
		return nil
	}
	p := u.Path
	if base := strings.TrimSuffix(o.home.Path, "/"); base != "" {
		if !strings.HasPrefix(p, base+"/") {
			return nil
		}
		p = strings.TrimPrefix(p, base)
	}
	if rest, ok := strings.CutPrefix(p, "/points/"); ok {
		if _, doc, ok := strings.Cut(rest, "/docs/"); ok {
			p = "/docs/" + doc
		}
	}
	if index, ok := strings.CutPrefix(p, "/docs/"); ok {
		return owners(o.docs[index]...)
	}
	if code, ok := strings.CutPrefix(p, "/columns/"); ok {
		code = strings.TrimSuffix(code, "/feed.xml")
		if strings.Contains(code, "/") {
			return nil
		}
		return owners(o.columns[code])
	}
	return nil
}

// Route fills each problem link's Depts: the owners of the pages it was
// found on and, for a broken page of the site itself, the page's own.
func (o *PageOwners) Route(links []Link) {
	for i := range links {
		l := &links[i]
		var ids []int64
		if !l.OnHome && !l.IsHome {
			// A link on the home page is the site's own (its header,
			// footer or the home page's blocks, kept by the 政务公开办),
			// whichever other pages repeat it.
			for _, page := range l.FoundOn {
				ids = append(ids, o.Of(page)...)
			}
		}
		if l.Class == "broken" {
			ids = append(ids, o.Of(l.URL)...)
		}
		l.Depts = owners(ids...)
	}
}

// fixBy dates each finding: its rule's FixWorkdays working days after the
// inspection's day on cal (the official calendar when cal is nil).
func fixBy(findings []Finding, rules []Rule, at time.Time, cal *calendar.Calendar) {
	if cal == nil {
		cal = calendar.New(nil)
	}
	days := map[string]int{}
	for _, r := range rules {
		days[r.Code] = r.FixWorkdays
	}
	today := calendar.DateOf(at)
	for i := range findings {
		n := days[findings[i].Code]
		if n <= 0 {
			n = FixNormal
		}
		findings[i].FixBy, _ = cal.AddWorkdays(today, n)
	}
}

// Owner names the departments of depts for the report, "、"-separated, or
// Unowned when there are none. A department the inspection does not name
// (removed since) shows as its number.
func (ins *Inspection) Owner(depts []int64) string {
	if len(depts) == 0 {
		return Unowned
	}
	names := make([]string, 0, len(depts))
	for _, id := range depts {
		if n, ok := ins.Departments[id]; ok {
			names = append(names, n)
		} else {
			names = append(names, "部门 #"+strconv.FormatInt(id, 10))
		}
	}
	return strings.Join(names, "、")
}
