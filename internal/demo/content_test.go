package demo

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
)

// The demo content is data; these tests keep it consistent with the publish
// domain so that Load never trips over a dangling reference or a value the
// domain rejects. They read the embedded files the way Load does.
var (
	demoData    = mustReadData()
	departments = demoData.Departments
	columns     = demoData.Columns
	catalog     = demoData.Catalog
	points      = demoData.Points
	documents   = demoData.Documents
)

func mustReadData() *dataset {
	ds, err := readDataset(dataFS())
	if err != nil {
		panic(err)
	}
	return ds
}

var (
	docNumberRe = regexp.MustCompile(`^[\p{Han}A-Za-z]{1,20}〔[12][0-9]{3}〕[0-9]{1,5}号$`)
	demoCodeRe  = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,31}$`)
	firstRe     = regexp.MustCompile(`^[0-9]{2}$`)
	secondRe    = regexp.MustCompile(`^[0-9]{2}\.[0-9]{2}$`)
	tagRe       = regexp.MustCompile(`<[^>]*>`)
	allowedTags = map[string]bool{"p": true, "h2": true, "h3": true, "ol": true, "ul": true, "li": true, "table": true,
		"thead": true, "tbody": true, "tr": true, "th": true, "td": true, "strong": true}
)

// areas26 are the 26 pilot areas of 国办发〔2019〕54号.
var areas26 = []string{"城乡规划", "重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿/农村集体土地征收",
	"国有土地上房屋征收与补偿", "农村危房改造", "城市综合执法", "扶贫", "救灾", "社会救助", "养老服务", "户籍管理", "涉农补贴",
	"就业", "社会保险", "义务教育", "生态环境", "公共文化服务", "公共法律服务", "卫生健康", "食品药品监管", "保障性住房", "市政服务"}

// lastPublished is the latest publication date the demo may carry.
var lastPublished = calendar.Date{Year: 2026, Month: 11, Day: 20}

func mustDate(t *testing.T, what, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Errorf("%s: date %q: %v", what, s, err)
	}
	return d
}

func TestThemes(t *testing.T) {
	codes := map[string]bool{}
	var first []string
	for _, th := range publish.DefaultThemes {
		if codes[th.Code] {
			t.Errorf("theme %s: duplicate code", th.Code)
		}
		codes[th.Code] = true
		if strings.TrimSpace(th.Name) == "" || !th.Active {
			t.Errorf("theme %s: empty name or inactive", th.Code)
		}
		switch {
		case firstRe.MatchString(th.Code):
			first = append(first, th.Code)
			if th.Parent() != "" {
				t.Errorf("theme %s: first-level code has a parent", th.Code)
			}
		case secondRe.MatchString(th.Code):
			if !codes[th.Parent()] {
				t.Errorf("theme %s: parent %s missing or listed after it", th.Code, th.Parent())
			}
		default:
			t.Errorf("theme %q: code is neither NN nor NN.MM", th.Code)
		}
	}
	if len(first) != 22 || first[0] != "01" || first[21] != "22" {
		t.Errorf("first-level themes = %v, want 01..22", first)
	}
	// Second-level codes are numbered 01, 02, … within their parent.
	next := map[string]int{}
	for _, th := range publish.DefaultThemes {
		if p := th.Parent(); p != "" {
			next[p]++
			if want := p + "." + twoDigits(next[p]); th.Code != want {
				t.Errorf("theme %s: want %s (consecutive numbering)", th.Code, want)
			}
		}
	}
	if name := themeName("02.10"); name != "政务公告" {
		t.Errorf("local theme 02.10 = %q, want 政务公告", name)
	}
	if name := themeName("02.01"); name != "政务公开" {
		t.Errorf("theme 02.01 = %q, want 政务公开", name)
	}
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func themeName(code string) string {
	for _, th := range publish.DefaultThemes {
		if th.Code == code {
			return th.Name
		}
	}
	return ""
}

func TestGenres(t *testing.T) {
	want := []string{"jueyi", "jueding", "mingling", "gongbao", "gonggao", "tonggao", "yijian", "tongzhi", "tongbao", "baogao",
		"qingshi", "pifu", "yian", "han", "jiyao", "guizhang", "guifanxing", "guihua", "gongzuodongtai", "jiedu", "tujie", "shuju"}
	var got []string
	names := map[string]bool{}
	for _, g := range publish.DefaultGenres {
		got = append(got, g.Code)
		if g.Name == "" || names[g.Name] || !g.Active {
			t.Errorf("genre %s: empty, duplicate or inactive name %q", g.Code, g.Name)
		}
		names[g.Name] = true
	}
	if !slices.Equal(got, want) {
		t.Errorf("genre codes = %v, want %v", got, want)
	}
	for _, c := range []string{publish.GenreRegulation, publish.GenreNormative, publish.GenreInterpretation} {
		if !slices.Contains(got, c) {
			t.Errorf("genre %s with rules attached is missing", c)
		}
	}
}

func deptCodes() map[string]bool {
	m := map[string]bool{}
	for _, d := range departments {
		m[d.Code] = true
	}
	return m
}

func TestColumns(t *testing.T) {
	depts := deptCodes()
	seen := map[string]bool{}
	for i, c := range columns {
		if seen[c.Code] {
			t.Errorf("column %s: duplicate code", c.Code)
		}
		col := &publish.Column{Code: c.Code, Name: c.Name, Kind: publish.ColumnKind(c.Kind), Position: i}
		if err := col.Validate(); err != nil {
			t.Errorf("column %s: %v", c.Code, err)
		}
		if col.Code != c.Code {
			t.Errorf("column %q: code not in normal form", c.Code)
		}
		if c.Parent != "" && !seen[c.Parent] {
			t.Errorf("column %s: parent %q missing or listed after it", c.Code, c.Parent)
		}
		if !depts[c.Dept] {
			t.Errorf("column %s: unknown department %q", c.Code, c.Dept)
		}
		seen[c.Code] = true
	}
	if n := len(columns); n < 15 || n > 20 {
		t.Errorf("%d columns, want 15–20", n)
	}
}

func TestCatalog(t *testing.T) {
	depts := deptCodes()
	seen := map[string]bool{}
	areas := map[string]bool{}
	for _, c := range catalog {
		if seen[c.Code] {
			t.Errorf("catalog %s: duplicate code", c.Code)
		}
		seen[c.Code] = true
		if !slices.Contains(areas26, c.Area) {
			t.Errorf("catalog %s: area %q is not one of the 26", c.Code, c.Area)
		}
		areas[c.Area] = true
		for _, ch := range c.Channels {
			if !slices.Contains(publish.Channels, ch) {
				t.Errorf("catalog %s: channel %q not in publish.Channels", c.Code, ch)
			}
		}
		if len(c.Channels) == 0 || c.Level2 == "" || c.Basis == "" || c.TimeLimit == "" || c.Subject == "" {
			t.Errorf("catalog %s: incomplete row", c.Code)
		}
		item := &publish.CatalogItem{Code: c.Code, Area: c.Area, Level1: c.Level1, Level2: c.Level2, Content: c.Content,
			Basis: c.Basis, TimeLimit: c.TimeLimit, Subject: c.Subject, Channels: slices.Clone(c.Channels),
			Audience: c.Audience, Mode: c.Mode, Level: c.Level}
		item.Normalize()
		if err := item.Validate(); err != nil {
			t.Errorf("catalog %s: %v", c.Code, err)
		}
		if item.Code != c.Code || len(item.Channels) != len(c.Channels) {
			t.Errorf("catalog %s: not in normal form (code or duplicate channels)", c.Code)
		}
		if !depts[c.Dept] {
			t.Errorf("catalog %s: unknown department %q", c.Code, c.Dept)
		}
	}
	if len(areas) < 6 || len(catalog) < 18 {
		t.Errorf("catalog covers %d areas in %d items, want ≥6 areas and ~20 items", len(areas), len(catalog))
	}
}

func TestPoints(t *testing.T) {
	depts := deptCodes()
	seen := map[string]bool{}
	for _, p := range points {
		if seen[p.Code] || !demoCodeRe.MatchString(p.Code) {
			t.Errorf("point %q: duplicate or malformed code", p.Code)
		}
		seen[p.Code] = true
		if p.Name == "" || !strings.Contains(p.Address, "嘉定区") || p.Hours == "" {
			t.Errorf("point %s: incomplete", p.Code)
		}
		if !depts[p.Dept] {
			t.Errorf("point %s: unknown department %q", p.Code, p.Dept)
		}
	}
	if len(points) != 3 {
		t.Errorf("%d points, want 3", len(points))
	}
}

func TestDocuments(t *testing.T) {
	depts := deptCodes()
	themes := map[string]bool{}
	for _, th := range publish.DefaultThemes {
		if th.Parent() != "" {
			themes[th.Code] = true
		}
	}
	genres := map[string]bool{}
	for _, g := range publish.DefaultGenres {
		genres[g.Code] = true
	}
	cols := map[string]int64{}
	for i, c := range columns {
		cols[c.Code] = int64(i + 1)
	}
	cats := map[string]int64{}
	for i, c := range catalog {
		cats[c.Code] = int64(i + 1)
	}
	pts := map[string]int64{}
	for i, p := range points {
		pts[p.Code] = int64(i + 1)
	}
	keys := map[string]int{}
	for i, d := range documents {
		if d.Key == "" {
			t.Errorf("document %d: empty key", i)
		}
		if _, dup := keys[d.Key]; dup {
			t.Errorf("document %s: duplicate key", d.Key)
		}
		keys[d.Key] = i
	}
	byKey := func(k string) *demoDoc {
		if i, ok := keys[k]; ok {
			return &documents[i]
		}
		return nil
	}

	for _, d := range documents {
		what := "document " + d.Key
		c := publish.Content{Title: d.Title, DocNumber: d.DocNumber, Theme: d.Theme, Genre: d.Genre, Keywords: d.Keywords,
			Summary: d.Summary, Body: d.Body, Attribute: publish.Attribute(d.Attribute), WithheldReason: publish.WithheldReason(d.Reason),
			NeedsInterpret: d.NeedsInterp, InterpretForm: publish.InterpretationForm(d.Form), Audience: d.Audience}
		if c.Attribute == "" {
			c.Attribute = publish.Active
		}
		for _, o := range d.Organs {
			if !depts[o] {
				t.Errorf("%s: unknown organ %q", what, o)
			}
			c.OrganIDs = append(c.OrganIDs, int64(len(c.OrganIDs)+1))
		}
		for _, col := range d.Columns {
			if cols[col] == 0 {
				t.Errorf("%s: unknown column %q", what, col)
			}
			c.ColumnIDs = append(c.ColumnIDs, cols[col])
		}
		for _, cat := range d.Catalog {
			if cats[cat] == 0 {
				t.Errorf("%s: unknown catalog item %q", what, cat)
			}
			c.CatalogIDs = append(c.CatalogIDs, cats[cat])
		}
		for _, p := range d.Points {
			if pts[p] == 0 {
				t.Errorf("%s: unknown point %q", what, p)
			}
			c.PointIDs = append(c.PointIDs, pts[p])
		}
		if !themes[d.Theme] {
			t.Errorf("%s: theme %q is not a second-level code of DefaultThemes", what, d.Theme)
		}
		if !genres[d.Genre] {
			t.Errorf("%s: genre %q not in DefaultGenres", what, d.Genre)
		}
		if d.DocNumber != "" && !docNumberRe.MatchString(d.DocNumber) {
			t.Errorf("%s: 发文字号 %q malformed", what, d.DocNumber)
		}
		if d.Written == "" {
			t.Errorf("%s: no written date", what)
		}
		written := mustDate(t, what, d.Written)
		c.WrittenOn = written
		if d.Effective != "" {
			c.EffectiveOn = mustDate(t, what, d.Effective)
		}
		// Published: every document that goes public has a date; drafts,
		// withheld and on-request documents never go public.
		public := !d.Draft && c.Attribute == publish.Active
		if public != (d.Published != "") {
			t.Errorf("%s: published date %q does not match draft=%v attribute=%s", what, d.Published, d.Draft, c.Attribute)
		}
		if d.Published != "" {
			pub := mustDate(t, what, d.Published)
			if pub.Before(written) || pub.After(lastPublished) {
				t.Errorf("%s: published %s before written %s or after %s", what, pub, written, lastPublished)
			}
		}
		if d.Interprets != "" {
			target := byKey(d.Interprets)
			if target == nil || target.Key == d.Key {
				t.Errorf("%s: interprets unknown document %q", what, d.Interprets)
			} else {
				c.Interprets = int64(keys[d.Interprets] + 1)
				if target.Published != d.Published {
					t.Errorf("%s: not published together with %s (三同步)", what, target.Key)
				}
			}
		}
		if d.Form != "" && d.Genre != publish.GenreInterpretation {
			t.Errorf("%s: interpretation form on a non-interpretation", what)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", what, err)
		}
		if !d.Draft {
			if err := c.ValidateForSubmit(); err != nil {
				t.Errorf("%s: %v", what, err)
			}
		}
		if c.Targeted() && len(d.Columns) > 0 {
			t.Errorf("%s: targeted document listed in public columns", what)
		}
		// 三同步: each policy that needs one has a published interpretation.
		if c.NeedsInterpretation() && !d.Draft {
			found := false
			for _, o := range documents {
				if o.Interprets == d.Key && o.Genre == publish.GenreInterpretation && !o.Draft {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: needs an interpretation but has none", what)
			}
		}
		// Lifecycle.
		switch d.Validity {
		case "":
			if d.ValidityOn != "" || d.ValidityBy != "" {
				t.Errorf("%s: validity date or link without a validity state", what)
			}
		case string(publish.Expired), string(publish.Repealed), string(publish.Amended):
			on := mustDate(t, what, d.ValidityOn)
			if d.Published != "" && on.Before(mustDate(t, what, d.Published)) {
				t.Errorf("%s: validity date %s before publication", what, on)
			}
			if d.Validity == string(publish.Expired) && d.ValidityBy != "" {
				t.Errorf("%s: expired documents are not linked", what)
			}
			if d.Validity != string(publish.Expired) {
				by := byKey(d.ValidityBy)
				if by == nil || by.Key == d.Key || by.Published == "" {
					t.Errorf("%s: %s by unknown or unpublished document %q", what, d.Validity, d.ValidityBy)
				} else if mustDate(t, what, by.Published).After(on) {
					t.Errorf("%s: %s on %s by %s, which was published later", what, d.Validity, on, by.Key)
				}
			}
		default:
			t.Errorf("%s: unknown validity %q", what, d.Validity)
		}
		switch publish.WithdrawReason(d.Withdrawn) {
		case "":
			if d.ReplacedBy != "" {
				t.Errorf("%s: replacement without withdrawal", what)
			}
		case publish.WithdrawError, publish.WithdrawNotInForce:
			if d.ReplacedBy != "" {
				t.Errorf("%s: replacement on a withdrawal that is not a replacement", what)
			}
		case publish.WithdrawReplaced:
			by := byKey(d.ReplacedBy)
			if by == nil || by.Key == d.Key || by.Published == "" || by.Withdrawn != "" {
				t.Errorf("%s: replaced by unknown, unpublished or withdrawn document %q", what, d.ReplacedBy)
			}
		default:
			t.Errorf("%s: unknown withdrawal %q", what, d.Withdrawn)
		}
		if d.Withdrawn != "" && d.Published == "" {
			t.Errorf("%s: withdrawn but never published", what)
		}
		for _, note := range d.Revisions {
			if strings.TrimSpace(note) == "" {
				t.Errorf("%s: empty revision note", what)
			}
		}
		if len(d.Revisions) > 0 && d.Published == "" {
			t.Errorf("%s: revisions of an unpublished document", what)
		}
		if d.Key != "plan2024" && d.IndexNumber != "" {
			t.Errorf("%s: only the seed document has a fixed index number", what)
		}
		checkBody(t, what, d.Body, d.Figures...)
		if len(d.Figures) > 0 && d.Published == "" {
			t.Errorf("%s: figures on a document that is not imported", what)
		}
	}
}

// figureImg is how a body shows one of its figures: by name, with alt text.
var figureImg = regexp.MustCompile(`^<img src="([a-z0-9.-]+)" alt="[^"<>&]+">$`)

func checkBody(t *testing.T, what, body string, figures ...string) {
	t.Helper()
	if strings.TrimSpace(body) == "" {
		t.Errorf("%s: empty body", what)
	}
	shown := map[string]bool{}
	for _, tag := range tagRe.FindAllString(body, -1) {
		if m := figureImg.FindStringSubmatch(tag); m != nil && slices.Contains(figures, m[1]) {
			shown[m[1]] = true
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(tag, "<"), "/"), ">")
		if !allowedTags[name] {
			t.Errorf("%s: tag %s not allowed (only plain %v, no attributes; <img src alt> for the document's figures)", what, tag, allowedTags)
		}
	}
	for _, f := range figures {
		if !shown[f] {
			t.Errorf("%s: figure %s is not shown in the body", what, f)
		}
	}
	own := func(src string) (string, bool) { return src, slices.Contains(figures, src) }
	if clean := richtext.SanitizeBody(body, own); clean != strings.TrimSpace(body) {
		t.Errorf("%s: body changes when sanitised on save:\n%s", what, clean)
	}
	lower := strings.ToLower(body)
	for _, bad := range []string{"http:", "https:", "www.", "&", "<script", "style"} {
		if strings.Contains(lower, bad) {
			t.Errorf("%s: body contains %q", what, bad)
		}
	}
}

func TestSeedDocument(t *testing.T) {
	d := documents[0]
	if d.Key != "plan2024" || d.Title != "2024年菊园新区政务公开工作要点" {
		t.Fatalf("first document = %s %q, want the seed plan2024", d.Key, d.Title)
	}
	if d.IndexNumber != "00001434-9/2024-00000030" || d.Written != "2024-04-19" || d.Published != "2024-04-19" {
		t.Errorf("seed header = %s %s %s", d.IndexNumber, d.Written, d.Published)
	}
	if d.Theme != "02.10" || !slices.Equal(d.Organs, []string{"jy"}) || d.Keywords != "" { // the published page has no 关键词
		t.Errorf("seed metadata = %s %v %q", d.Theme, d.Organs, d.Keywords)
	}
	for _, s := range []string{"做实政务公开基础", "2024年菊园新区政务公开工作的总体要求是", "<h2>五、做强监督保障工作</h2>",
		"结合第三方评估,坚持每季度通报工作,强化督查整改。"} {
		if !strings.Contains(d.Body, s) {
			t.Errorf("seed body lacks %q", s)
		}
	}
	if n := strings.Count(d.Body, "<h2>"); n != 5 {
		t.Errorf("seed body has %d headings, want 5", n)
	}
}

// TestVariety checks that the demo shows every feature it is meant to show.
func TestVariety(t *testing.T) {
	if len(documents) < 51 {
		t.Errorf("%d documents, want the seed and at least 50 more", len(documents))
	}
	count := func(f func(d demoDoc) bool) int {
		n := 0
		for _, d := range documents {
			if f(d) {
				n++
			}
		}
		return n
	}
	byKey := map[string]demoDoc{}
	for _, d := range documents {
		byKey[d.Key] = d
	}
	interpretedAs := func(form string) int {
		return count(func(d demoDoc) bool {
			return d.Genre == publish.GenreInterpretation && d.Form == form && byKey[d.Interprets].Genre == publish.GenreNormative
		})
	}
	has2026 := func(col string) func(d demoDoc) bool {
		return func(d demoDoc) bool {
			return slices.Contains(d.Columns, col) && strings.HasPrefix(d.Published, "2026-")
		}
	}
	checks := []struct {
		name string
		n    int
		min  int
		max  int
	}{
		{"行政规范性文件", count(func(d demoDoc) bool { return d.Genre == publish.GenreNormative }), 2, 100},
		{"简明问答 of a 规范性文件", interpretedAs("qa"), 1, 100},
		{"图解 of a 规范性文件", interpretedAs("graphic"), 1, 100},
		{"repealed", count(func(d demoDoc) bool { return d.Validity == "repealed" && d.ValidityBy != "" && d.ValidityOn != "" }), 1, 100},
		{"amended", count(func(d demoDoc) bool { return d.Validity == "amended" && d.ValidityBy != "" }), 1, 100},
		{"expired", count(func(d demoDoc) bool { return d.Validity == "expired" && d.ValidityOn != "" }), 1, 100},
		{"revised", count(func(d demoDoc) bool { return slices.Contains(d.Revisions, "更正第三条中的补贴标准笔误") }), 1, 1},
		{"withheld internal affairs", count(func(d demoDoc) bool { return d.Attribute == "withheld" && d.Reason == "internal_affairs" }), 1, 100},
		{"on request", count(func(d demoDoc) bool { return d.Attribute == "on_request" }), 1, 100},
		{"定点公开", count(func(d demoDoc) bool { return len(d.Points) > 0 }), 1, 100},
		{"定向公开 to 各村居委会", count(func(d demoDoc) bool { return d.Audience == "菊园新区各村居委会" }), 1, 100},
		{"withdrawn in error", count(func(d demoDoc) bool { return d.Withdrawn == "error" }), 1, 100},
		{"withdrawn replaced", count(func(d demoDoc) bool { return d.Withdrawn == "replaced" && d.ReplacedBy != "" }), 1, 100},
		{"drafts", count(func(d demoDoc) bool { return d.Draft }), 2, 2},
		{"政务动态 in 2026", count(has2026("zwdt")), 3, 100},
		{"通知公告", count(func(d demoDoc) bool { return slices.Contains(d.Columns, "tzgg") }), 3, 100},
		{"财政预算 with a table", count(func(d demoDoc) bool {
			return slices.Contains(d.Columns, "czyjs") && strings.Contains(d.Title, "预算") && strings.Contains(d.Body, "<table>")
		}), 1, 100},
		{"人事任免", count(func(d demoDoc) bool { return slices.Contains(d.Columns, "rsxx") && strings.Contains(d.Title, "任免") }), 1, 100},
		{"规划", count(func(d demoDoc) bool { return slices.Contains(d.Columns, "ghjh") && d.Genre == "guihua" }), 1, 100},
		{"with catalog items", count(func(d demoDoc) bool { return len(d.Catalog) > 0 }), 5, 100},
	}
	for _, c := range checks {
		if c.n < c.min || c.n > c.max {
			t.Errorf("%s: %d documents, want %d–%d", c.name, c.n, c.min, c.max)
		}
	}
	// Publication years spread over 2022–2026.
	years := map[string]bool{}
	for _, d := range documents {
		if len(d.Published) >= 4 {
			years[d.Published[:4]] = true
		}
	}
	for _, y := range []string{"2022", "2023", "2024", "2025", "2026"} {
		if !years[y] {
			t.Errorf("no document published in %s", y)
		}
	}
	// Every column that is not static has at least one public document.
	for _, col := range columns {
		if publish.ColumnKind(col.Kind) == publish.KindStatic && hasChildren(col.Code) {
			continue
		}
		if hasChildren(col.Code) {
			continue // a parent shows its children's documents
		}
		if count(func(d demoDoc) bool { return slices.Contains(d.Columns, col.Code) && d.Published != "" }) == 0 {
			t.Errorf("column %s has no published document", col.Code)
		}
	}
}

func hasChildren(code string) bool {
	for _, c := range columns {
		if c.Parent == code {
			return true
		}
	}
	return false
}
