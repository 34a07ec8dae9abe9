package kit

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
)

// PathID reads the {id} path value: anything but a positive integer is a
// record that does not exist.
func PathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.New(errs.NotFound, "web.pathID", "not_found", "您访问的记录不存在。")
	}
	return id, nil
}

// FormID reads an optional id from a form value; anything else is 0.
func FormID(v string) int64 {
	id, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return id
}

// Pager is the paging bar of a listing; links keep the other query
// parameters (filters, a kiosk's key).
type Pager struct {
	Page, Pages, Total      int
	First, Prev, Next, Last string
	Beyond                  bool // the page asked for is past the end
	// Deepest is the last page the listing serves when that is before its
	// end (a public list serves at most so deep); 0 when every page is.
	Deepest int
}

// NewPager lays out the paging bar of page of a listing of total rows.
func NewPager(r *http.Request, page, size, total int) Pager {
	return NewPagerUpTo(r, page, size, total, 0)
}

// NewPagerUpTo is NewPager for a listing that serves no page past deepest
// (0: no limit): its links stop there, so no link leads to a refusal.
func NewPagerUpTo(r *http.Request, page, size, total, deepest int) Pager {
	p := Pager{Page: page, Total: total, Pages: (total + size - 1) / size}
	link := func(n int) string {
		q := r.URL.Query()
		if n <= 1 {
			q.Del("page")
		} else {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + q.Encode()
	}
	if total > 0 && page > p.Pages {
		p.Beyond = true
		p.First = link(1)
		return p
	}
	last := p.Pages
	if deepest > 0 && last > deepest {
		last, p.Deepest = deepest, deepest
	}
	if page > 1 {
		p.First, p.Prev = link(1), link(page-1)
	}
	if page < last {
		p.Next, p.Last = link(page+1), link(last)
	}
	return p
}

// PageParam reads ?page=N: absent is 1, anything but a positive integer is
// bad input.
func PageParam(q url.Values) (int, error) {
	v := strings.TrimSpace(q.Get("page"))
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, errs.New(errs.Invalid, "web.parsePage", "invalid_page", "页码应为正整数，例如 page=2。")
	}
	return n, nil
}

// DateParam reads a civil date typed into the field called name; every
// page and API endpoint accepts and rejects dates with the same message.
func DateParam(name, v string) (calendar.Date, error) {
	d, err := calendar.ParseDate(strings.TrimSpace(v))
	if err != nil {
		return d, errs.Newf(errs.Invalid, "web.parseDateParam", "invalid_date", "“%s”不是有效日期：应为 YYYY-MM-DD 格式，且在 1901 至 2099 年之间，例如 2024-09-27。", name)
	}
	return d, nil
}

// deptNode is a department with its depth, for an indented list.
// DeptNode is a department in a tree listing, indented by its depth.
type DeptNode struct {
	*auth.Department
	Depth  int
	Indent string
}

// departmentTree orders departments parent-first with their depth.
// DepartmentTree orders departments parent first, children indented.
func DepartmentTree(depts []*auth.Department) []DeptNode {
	children := map[int64][]*auth.Department{}
	for _, d := range depts {
		children[d.ParentID] = append(children[d.ParentID], d)
	}
	var out []DeptNode
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, d := range children[parent] {
			out = append(out, DeptNode{d, depth, strings.Repeat("　", depth)})
			walk(d.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}

// DocPath is the portal page of a document by its index number: the
// slashes stay path separators and anything else is escaped.
func DocPath(index string) string {
	parts := strings.Split(index, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "/docs/" + strings.Join(parts, "/")
}
