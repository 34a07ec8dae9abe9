package publish_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/demo"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web/webtest"
)

// ppFix is the fixture of the portal tests, made through the store API as
// staff would make it: columns, a catalog item, a point, the guide pages,
// and documents in every public and non-public state.
type ppFix struct {
	organ                   *auth.Department
	editor, reviewer        *auth.User
	news, policy, policySub *publish.Column
	item                    *publish.CatalogItem
	point                   *publish.Point
	key                     string

	policyDoc, interp    *publish.Document // 三同步: published together
	oldDoc, newDoc       *publish.Document // old withdrawn as replaced by new
	repealed, notInForce *publish.Document
	targeted, withdrawn  *publish.Document
	draft                *publish.Document
	news25               []*publish.Document // imported, 2024-12-27 … 2025-06-20

	pdf, docx, targetedPDF, draftPDF, withdrawnPDF *publish.Attachment
}

const (
	ppPolicyTitle   = "关于印发菊园新区测试政策的通知"
	ppInterpTitle   = "《关于印发菊园新区测试政策的通知》解读"
	ppRepealedTitle = "菊园新区老旧管理办法"
	ppRevisionTitle = "修订草稿标题不得公开"
	ppTargetedTitle = "定点公开测试文件"
	ppErrorTitle    = "发布错误测试文件"
	ppDraftTitle    = "草稿测试文件"
	ppOldTitle      = "旧版便民服务指南"
	ppNewTitle      = "新版便民服务指南"
	ppPDFBytes      = "%PDF-1.4 测试附件内容"
)

// ppHidden are titles that must never appear on a public surface.
var ppHidden = []string{ppRevisionTitle, ppTargetedTitle, ppErrorTitle, ppDraftTitle}

func ppDocx() []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := zw.Create(n)
		_, _ = w.Write([]byte("<x/>"))
	}
	_ = zw.Close()
	return b.Bytes()
}

func ppSetup(t testing.TB, e *webtest.Env) *ppFix {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f := &ppFix{}
	var err error
	f.editor, err = e.St.UserByUsername(ctx, "editor")
	must(err)
	f.reviewer, err = e.St.UserByUsername(ctx, "reviewer")
	must(err)
	f.organ, err = e.St.DepartmentByCode(ctx, "jy-dzb")
	must(err)
	col := func(code, name string, parent int64, kind publish.ColumnKind) *publish.Column {
		c := &publish.Column{Code: code, Name: name, ParentID: parent, Kind: kind, DeptID: f.organ.ID}
		must(e.St.SaveColumn(ctx, "test", c))
		return c
	}
	f.news = col("pp-news", "测试动态", 0, publish.KindNews)
	f.policy = col("pp-policy", "测试政策文件", 0, publish.KindPolicy)
	f.policySub = col("pp-policy-sub", "测试规范性文件", f.policy.ID, publish.KindPolicy)
	f.item = &publish.CatalogItem{Code: "pp-cat-01", Area: "测试领域", Level1: "预算公开", Level2: "测试部门预算",
		Content: "部门预算说明及预算报表。", Basis: "《中华人民共和国预算法》第十四条", TimeLimit: "批复后20日内",
		Subject: "菊园新区管委会", Channels: []string{"政府网站", "公开查阅点"}, Audience: "all", Mode: "active", Level: "township", DeptID: f.organ.ID}
	must(e.St.SaveCatalogItems(ctx, "test", []*publish.CatalogItem{f.item}))
	if f.item, err = e.St.CatalogItem(ctx, "pp-cat-01"); err != nil {
		t.Fatal(err)
	}
	f.point = &publish.Point{Code: "pp-point", Name: "测试公共查阅点", Address: "菊园新区测试路1号", Hours: "工作日 9:00–17:00", DeptID: f.organ.ID}
	f.key, err = e.St.CreatePoint(ctx, "test", f.point)
	must(err)
	must(e.St.SavePage(ctx, "test", &publish.Page{Slug: "guide", Title: "菊园新区政府信息公开指南（测试）",
		Body: `<p>指南正文测试。</p><script>alert("guide")</script>`, RevisedOn: "2024-01-28"}))
	must(e.St.SavePage(ctx, "test", &publish.Page{Slug: "system", Title: "菊园新区政府信息公开制度（测试）", Body: "<p>制度正文测试。</p>"}))

	content := func(title string, cols ...*publish.Column) publish.Content {
		c := publish.Content{Title: title, OrganIDs: []int64{f.organ.ID}, WrittenOn: calendar.MustParse("2026-02-27"),
			Theme: "02.01", Genre: "tongzhi", Keywords: "测试;政务公开", Attribute: publish.Active, Body: "<p>" + title + "的正文。</p>"}
		for _, col := range cols {
			c.ColumnIDs = append(c.ColumnIDs, col.ID)
		}
		return c
	}
	reload := func(id int64) *publish.Document {
		d, err := e.St.Document(ctx, id)
		must(err)
		return d
	}
	version := func(id int64) int64 { return reload(id).Version }
	create := func(c publish.Content) int64 {
		d, err := e.St.CreateDocument(ctx, f.editor, c)
		must(err)
		return d.ID
	}
	attach := func(id int64, name string, data []byte) *publish.Attachment {
		a, err := e.St.AddAttachment(ctx, f.editor, id, version(id), name, data)
		must(err)
		return a
	}
	submit := func(id int64) { must(e.St.SubmitDocument(ctx, f.editor, id, version(id))) }
	approve := func(id int64) { must(e.St.ReviewDocument(ctx, f.reviewer, id, version(id), true, "", time.Time{})) }
	publishNew := func(c publish.Content) *publish.Document {
		id := create(c)
		submit(id)
		approve(id)
		return reload(id)
	}
	withdraw := func(d *publish.Document, why publish.WithdrawReason, by int64) {
		must(e.St.WithdrawDocument(ctx, f.reviewer, d.ID, version(d.ID), why, by, "测试"))
	}

	// A policy and its interpretation, published together (三同步).
	pc := content(ppPolicyTitle, f.policySub)
	pc.DocNumber, pc.NeedsInterpret, pc.Summary = "菊办发〔2026〕1号", true, "测试政策的内容概述。"
	pc.EffectiveOn, pc.CatalogIDs = calendar.MustParse("2026-04-01"), []int64{f.item.ID}
	pid := create(pc)
	f.pdf = attach(pid, "附件一：实施细则.pdf", []byte(ppPDFBytes))
	f.docx = attach(pid, "办事指南.docx", ppDocx())
	ic := content(ppInterpTitle, f.policySub)
	ic.Genre, ic.Interprets, ic.InterpretForm = publish.GenreInterpretation, pid, publish.FormQA
	iid := create(ic)
	submit(pid)
	submit(iid)
	approve(iid)
	approve(pid)
	f.policyDoc, f.interp = reload(pid), reload(iid)
	if !f.policyDoc.Public() || !f.interp.Public() {
		t.Fatal("fixture: the policy and its interpretation were not published")
	}

	f.oldDoc = publishNew(content(ppOldTitle, f.policy))
	f.newDoc = publishNew(content(ppNewTitle, f.policy))
	withdraw(f.oldDoc, publish.WithdrawReplaced, f.newDoc.ID)

	rc := content(ppRepealedTitle, f.policy)
	rc.Theme = "10.02"
	f.repealed = publishNew(rc)
	must(e.St.SetValidity(ctx, f.reviewer, f.repealed.ID, version(f.repealed.ID), publish.Repealed, calendar.MustParse("2026-03-01"), f.policyDoc.ID))
	// A revision in progress must not replace the public text.
	must(e.St.ReviseDocument(ctx, f.editor, f.repealed.ID, version(f.repealed.ID)))
	rc.Title = ppRevisionTitle
	must(e.St.SaveDraft(ctx, f.editor, f.repealed.ID, version(f.repealed.ID), rc, "测试修订"))

	f.notInForce = publishNew(content("已不再有效的测试文件<em>x</em>", f.policy))
	withdraw(f.notInForce, publish.WithdrawNotInForce, 0)

	tc := content(ppTargetedTitle)
	tc.PointIDs = []int64{f.point.ID}
	tid := create(tc)
	f.targetedPDF = attach(tid, "定点附件.pdf", []byte(ppPDFBytes))
	submit(tid)
	approve(tid)
	f.targeted = reload(tid)

	wid := create(content(ppErrorTitle, f.news))
	f.withdrawnPDF = attach(wid, "撤回附件.pdf", []byte(ppPDFBytes))
	submit(wid)
	approve(wid)
	withdraw(reload(wid), publish.WithdrawError, 0)
	f.withdrawn = reload(wid)

	did := create(content(ppDraftTitle, f.news))
	f.draftPDF = attach(did, "草稿附件.pdf", []byte(ppPDFBytes))
	f.draft = reload(did)

	for i := 1; i <= 25; i++ {
		c := content(fmt.Sprintf("测试动态第%02d条", i), f.news)
		c.Genre, c.Theme = "gongzuodongtai", "10.02"
		day := calendar.MustParse("2024-12-20").AddDays(7 * i)
		c.WrittenOn = day
		d, err := e.St.ImportDocument(ctx, "test", f.editor, c, "", day)
		must(err)
		f.news25 = append(f.news25, d)
	}
	return f
}

// ppRenderPortalPages visits every portal_* page template through a real
// route, for TestEveryPageRenders.
func ppRenderPortalPages(t *testing.T, e *webtest.Env, check func(c *webtest.Client, path string, want int, template string)) {
	t.Helper()
	f := ppSetup(t, e)
	anon := e.Client()
	check(anon, "/xxgk", 200, "portal_xxgk")
	check(anon, "/xxgk/guide", 200, "portal_guide")
	check(anon, "/xxgk/catalog", 200, "portal_catalog")
	check(anon, "/xxgk/catalog/pp-cat-01", 200, "portal_catalog_item")
	check(anon, "/columns/pp-news", 200, "portal_column")
	check(anon, "/policies", 200, "portal_policies")
	check(anon, ppDoc(f.policyDoc), 200, "portal_doc")
	check(anon, "/points/pp-point?key="+url.QueryEscape(f.key), 200, "portal_kiosk")
	check(anon, "/points/pp-point?mode=signage&key="+url.QueryEscape(f.key), 200, "portal_signage")
	check(anon, "/sitemap.html", 200, "portal_sitemap")
	check(anon, "/accessibility", 200, "portal_accessibility")
}

func ppDoc(d *publish.Document) string { return "/docs/" + d.IndexNumber }
func ppAPI(d *publish.Document) string { return "/api/v1/public/documents/" + d.IndexNumber }
func ppFile(a *publish.Attachment) string {
	return "/files/" + webtest.Itoa(a.ID) + "/" + url.PathEscape(a.Name)
}

// ppGet sends a GET with extra headers through c.
func ppGet(c *webtest.Client, path string, hdr ...string) webtest.Response {
	req, _ := http.NewRequest("GET", c.E.TS.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.Do(req)
}

func ppMust(t *testing.T, r webtest.Response, status int, path string, want ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("GET %s: %d, want %d\n%s", path, r.Status, status, r.Body)
	}
	for _, w := range want {
		if !strings.Contains(r.Body, w) {
			t.Errorf("GET %s: the answer does not contain %q", path, w)
		}
	}
}

func ppNone(t *testing.T, body, path string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("GET %s shows %q", path, u)
		}
	}
}

// TestPortal runs the portal scenarios on every dialect, on one fixture.
func TestPortal(t *testing.T) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e *webtest.Env, f *ppFix)
	}{
		{"Home", ppTestHome},
		{"Section", ppTestSection},
		{"Catalog", ppTestCatalog},
		{"Column", ppTestColumn},
		{"Pagination", ppTestPagination},
		{"Policies", ppTestPolicies},
		{"PoliciesBadInput", ppTestPoliciesBadInput},
		{"Document", ppTestDocument},
		{"Lifecycle", ppTestLifecycle},
		{"NotFound", ppTestNotFound},
		{"Files", ppTestFiles},
		{"Kiosk", ppTestKiosk},
		{"Feed", ppTestFeed},
		{"Sitemap", ppTestSitemap},
		{"API", ppTestAPI},
		{"APIBadInput", ppTestAPIBadInput},
		{"ConditionalGET", ppTestConditionalGET}, // last: it changes a document
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			e := webtest.New(t, d)
			f := ppSetup(t, e)
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) { tc.fn(t, e, f) })
			}
			if strings.Contains(e.Logs.String(), "level=ERROR") {
				t.Errorf("the portal logged server errors:\n%s", e.Logs.String())
			}
		})
	}
}

func ppTestHome(t *testing.T, e *webtest.Env, f *ppFix) {
	r := e.Client().Get("/")
	ppMust(t, r, 200, "/", `href="/xxgk"`, `action="/search"`, `name="q"`, `href="/policies"`, `href="/foi/apply"`, `href="/workdays"`, `href="/admin/login"`,
		`href="/columns/pp-news"`, "测试动态第25条", "测试动态第21条", `href="/columns/pp-policy"`, ppPolicyTitle)
	// Five per column: the sixth newest is not on the home page.
	ppNone(t, r.Body, "/", append([]string{"测试动态第20条"}, ppHidden...)...)
	webtest.AccessibleHTML(t, "/", r.Body)
	// The policy library finds policies (not news) by their number.
	r = e.Client().Get("/policies?q=" + url.QueryEscape("菊办发〔2026〕1号"))
	ppMust(t, r, 200, "/policies?q=…", ppPolicyTitle, "共 1 条")
}

func ppTestSection(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	r := c.Get("/xxgk")
	ppMust(t, r, 200, "/xxgk", `href="/xxgk/guide"`, `href="/xxgk/system"`, `href="/xxgk/catalog"`, `href="/policies"`,
		"政府信息公开年报", "依申请公开", "本栏目建设中", `href="/columns/pp-policy"`, `href="/columns/pp-policy-sub"`)
	webtest.AccessibleHTML(t, "/xxgk", r.Body)
	// No broken links: every link on the section index answers.
	for _, m := range regexp.MustCompile(`href="(/[^"]*)"`).FindAllStringSubmatch(r.Body, -1) {
		if strings.HasPrefix(m[1], "/static/") || strings.HasPrefix(m[1], "/elder?") {
			continue // the 长辈版 switch answers with a redirect back
		}
		if s := c.Get(m[1]).Status; s != 200 {
			t.Errorf("/xxgk links to %s, which answers %d", m[1], s)
		}
	}
	r = c.Get("/xxgk/guide")
	ppMust(t, r, 200, "/xxgk/guide", "菊园新区政府信息公开指南（测试）", "修订日期：", "2024年01月28日", "<p>指南正文测试。</p>")
	ppNone(t, r.Body, "/xxgk/guide", "<script>alert")
	webtest.AccessibleHTML(t, "/xxgk/guide", r.Body)
	r = c.Get("/xxgk/system")
	ppMust(t, r, 200, "/xxgk/system", "菊园新区政府信息公开制度（测试）", "<p>制度正文测试。</p>")
}

func ppTestCatalog(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	r := c.Get("/xxgk/catalog")
	ppMust(t, r, 200, "/xxgk/catalog", "测试领域", "预算公开", `href="/xxgk/catalog/pp-cat-01"`, "测试部门预算")
	webtest.AccessibleHTML(t, "/xxgk/catalog", r.Body)
	r = c.Get("/xxgk/catalog/pp-cat-01")
	ppMust(t, r, 200, "/xxgk/catalog/pp-cat-01", "公开内容（要素）", "部门预算说明及预算报表。", "公开依据", "《中华人民共和国预算法》第十四条",
		"公开时限", "批复后20日内", "公开主体", "菊园新区管委会", "公开渠道和载体", "政府网站、公开查阅点",
		"公开对象", "全社会", "公开方式", "主动公开", "公开层级", "乡级", ppPolicyTitle, `href="`+ppDoc(f.policyDoc)+`"`)
	ppNone(t, r.Body, "/xxgk/catalog/pp-cat-01", ppHidden...)
	webtest.AccessibleHTML(t, "/xxgk/catalog/pp-cat-01", r.Body)
	if r := c.Get("/xxgk/catalog/no-such-item"); r.Status != 404 || !webtest.HanRe.MatchString(r.Body) {
		t.Errorf("unknown catalog item: %d", r.Status)
	}
}

func ppTestColumn(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	r := c.Get("/columns/pp-policy")
	// The parent column lists its children's documents too.
	ppMust(t, r, 200, "/columns/pp-policy", "<h1>测试政策文件</h1>", `aria-label="当前位置"`, `href="/xxgk"`,
		ppPolicyTitle, ppInterpTitle, ppNewTitle, "菊办发〔2026〕1号", "2026年03月02日",
		`href="/columns/pp-policy-sub"`, "下级栏目",
		`<link rel="alternate" type="application/atom+xml"`, `href="/columns/pp-policy/feed.xml"`,
		`<span class="tag tag-repealed">废止</span>`, "&lt;em&gt;x&lt;/em&gt;")
	ppNone(t, r.Body, "/columns/pp-policy", append([]string{ppOldTitle, "<em>x</em>"}, ppHidden...)...)
	webtest.AccessibleHTML(t, "/columns/pp-policy", r.Body)
	r = c.Get("/columns/pp-policy-sub")
	ppMust(t, r, 200, "/columns/pp-policy-sub", ppPolicyTitle, `href="/columns/pp-policy">测试政策文件</a>`)
	ppNone(t, r.Body, "/columns/pp-policy-sub", ppNewTitle)
	if r := c.Get("/columns/no-such-column"); r.Status != 404 || !strings.Contains(r.Body, "栏目不存在") {
		t.Errorf("unknown column: %d", r.Status)
	}
}

func ppTestPagination(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	r := c.Get("/columns/pp-news")
	ppMust(t, r, 200, "/columns/pp-news", "第 1 / 2 页，共 25 条", `href="/columns/pp-news?page=2"`, "测试动态第25条", "测试动态第06条")
	if n := strings.Count(r.Body, "测试动态第"); n != 20 {
		t.Errorf("page 1 lists %d items, want 20", n)
	}
	ppNone(t, r.Body, "page 1", "测试动态第05条", ppDraftTitle, ppErrorTitle)
	r = c.Get("/columns/pp-news?page=2")
	ppMust(t, r, 200, "?page=2", "第 2 / 2 页，共 25 条", "测试动态第05条", "测试动态第01条", `rel="prev"`)
	if n := strings.Count(r.Body, "测试动态第"); n != 5 {
		t.Errorf("page 2 lists %d items, want 5", n)
	}
	r = c.Get("/columns/pp-news?page=3")
	ppMust(t, r, 200, "?page=3", "第 3 页没有内容", "回到第一页")
	ppNone(t, r.Body, "?page=3", "测试动态第")
	for _, p := range []string{"0", "-1", "abc", "1.5", "99999999999"} {
		r := c.Get("/columns/pp-news?page=" + p)
		if r.Status != 400 || !strings.Contains(r.Body, "页码应为正整数") {
			t.Errorf("?page=%s: %d", p, r.Status)
		}
	}
}

func ppTestPolicies(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	r := c.Get("/policies")
	ppMust(t, r, 200, "/policies", "<h1>政策文件库</h1>", `<label for="pf-organ">发布机构</label>`, `<label for="pf-theme">主题分类</label>`,
		`<label for="pf-genre">体裁</label>`, `<label for="pf-year">发布年份</label>`, `<label for="pf-validity">有效性</label>`,
		`<label for="pf-q">关键词</label>`, `<option value="jy-dzb">党政办公室</option>`, `<option value="2025">2025年</option>`,
		`<option value="02.01">政务公开</option>`, `<option value="repealed">废止</option>`,
		"<caption>全部文件：共 5 条", `<th scope="col" class="opt">发布机构</th>`, `<th scope="col" class="nowrap opt">成文日期</th>`,
		"索引号："+f.policyDoc.IndexNumber, ppPolicyTitle, "菊办发〔2026〕1号", "2026年02月27日")
	ppNone(t, r.Body, "/policies", append([]string{ppOldTitle, "黄墙村村委会"}, ppHidden...)...)
	webtest.AccessibleHTML(t, "/policies", r.Body)

	cases := []struct {
		query      string
		total      int
		want, not  []string
		wantSelect string
	}{
		{"q=" + url.QueryEscape("测试 政策"), 2, []string{ppPolicyTitle, ppInterpTitle}, []string{ppNewTitle}, ""},
		{"q=" + url.QueryEscape("菊办发〔2026〕1号"), 1, []string{ppPolicyTitle}, nil, ""},
		{"organ=jy-dzb&validity=repealed", 1, []string{ppRepealedTitle}, []string{ppPolicyTitle + "</a>"}, `<option value="repealed" selected>`},
		{"theme=02", 4, []string{ppPolicyTitle, ppNewTitle}, []string{ppRepealedTitle, "测试动态"}, `<option value="02" selected>`},
		{"theme=10.02&genre=tongzhi", 1, []string{ppRepealedTitle}, nil, `<option value="10.02" selected>`},
		{"genre=jiedu", 1, []string{ppInterpTitle}, []string{ppPolicyTitle + "</a>"}, `<option value="jiedu" selected>`},
		{"validity=repealed", 1, []string{ppRepealedTitle, "废止"}, []string{ppPolicyTitle}, `<option value="repealed" selected>`},
		{"q=" + url.QueryEscape("草稿测"), 0, []string{"没有找到符合条件的文件"}, nil, ""},
	}
	for _, tc := range cases {
		r := c.Get("/policies?" + tc.query)
		ppMust(t, r, 200, "/policies?"+tc.query, tc.want...)
		if tc.total > 0 && !strings.Contains(r.Body, fmt.Sprintf("检索结果：共 %d 条", tc.total)) {
			t.Errorf("/policies?%s: want %d results", tc.query, tc.total)
		}
		ppNone(t, r.Body, "/policies?"+tc.query, append(tc.not, ppHidden...)...)
		if tc.wantSelect != "" && !strings.Contains(r.Body, tc.wantSelect) {
			t.Errorf("/policies?%s: the chosen option is not selected", tc.query)
		}
	}
	// News (工作动态) is not policy: the library neither lists nor finds it,
	// and its genre is not offered.
	r = c.Get("/policies?q=" + url.QueryEscape("测试动态"))
	ppMust(t, r, 200, "/policies?q=测试动态", "没有找到符合条件的文件")
	ppNone(t, r.Body, "/policies?q=测试动态", `<option value="gongzuodongtai"`, "测试动态第01条")
	r = c.Get("/policies?genre=gongzuodongtai")
	ppMust(t, r, 400, "/policies?genre=gongzuodongtai", "所选体裁不属于政策文件")
	// The theme filter offers only themes with policy documents: 02
	// (政务公开) and 10.02 (the repealed 通知), not 10.02's news-only
	// neighbours nor the empty 07.
	r = c.Get("/policies")
	ppMust(t, r, 200, "/policies", `<option value="02.01">政务公开</option>`, `<option value="10.02">城乡建设（含住房）</option>`)
	ppNone(t, r.Body, "/policies", `<option value="07.01">`, `<option value="02.02">`, `<option value="10.01">`)
	// Paging keeps the filters (the API lists every genre).
	status, body := e.API("GET", "/api/v1/public/documents?q="+url.QueryEscape("测试动态")+"&page=2", "", "")
	if items, _ := body["items"].([]any); status != 200 || body["total"] != 25.0 || len(items) != 5 {
		t.Errorf("API ?q=测试动态&page=2: %d total %v", status, body["total"])
	}
}

func ppTestPoliciesBadInput(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	for _, tc := range []struct{ query, want string }{
		{"year=abc", "年份应为四位数字"},
		{"year=24", "年份应为四位数字"},
		{"validity=bogus", "有效性应为"},
		{"organ=no-such-dept", "发布机构不存在"},
		{"theme=99", "主题分类不存在"},
		{"genre=nope", "体裁不存在"},
		{"page=0", "页码应为正整数"},
		{"q=" + strings.Repeat("长", 101), "关键词不超过 100 个字"},
	} {
		r := c.Get("/policies?" + tc.query)
		if r.Status != 400 || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `role="alert"`) {
			t.Errorf("/policies?%s: %d, want 400 saying %q", tc.query, r.Status, tc.want)
		}
		// The form stays, with what the visitor typed.
		if !strings.Contains(r.Body, `action="/policies"`) {
			t.Errorf("/policies?%s: the form is gone", tc.query)
		}
	}
	if r := c.Get("/policies?q=" + url.QueryEscape(`"><script>x</script>`) + "&year=x"); strings.Contains(r.Body, "<script>x</script>") {
		t.Error("the keyword is not escaped")
	}
}

func ppTestDocument(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	p := ppDoc(f.policyDoc)
	r := c.Get(p)
	ppMust(t, r, 200, p,
		`<th scope="row">索引号</th><td class="mono">`+f.policyDoc.IndexNumber+`</td>`,
		`<th scope="row">发布机构</th><td>党政办公室</td>`,
		`<th scope="row">成文日期</th><td>2026年02月27日</td>`,
		`<th scope="row">发布日期</th><td>2026年03月02日</td>`,
		`<th scope="row">主题分类</th><td>综合政务\政务公开</td>`,
		`<th scope="row">体裁</th><td>通知</td>`,
		`<th scope="row">关键词</th><td>测试;政务公开</td>`,
		`<th scope="row">发文字号</th><td>菊办发〔2026〕1号</td>`,
		// In force from 2026-04-01; the clock stands at 2026-03-02.
		`<th scope="row">有效性</th><td>尚未施行</td>`, "本文件尚未施行，</strong>自 2026年04月01日 起施行",
		`<th scope="row">实施日期</th><td>2026年04月01日</td>`,
		`<th scope="row">内容概述</th><td colspan="3">测试政策的内容概述。</td>`,
		`<h1 class="doc-title" id="doc-title">`+ppPolicyTitle+`</h1>`,
		"<p>"+ppPolicyTitle+"的正文。</p>",
		"<h2 id=\"h-att\">附件</h2>", `href="`+ppFile(f.pdf)+`"`, "附件一：实施细则.pdf", "PDF", `href="`+ppFile(f.docx)+`"`, "Word",
		"相关解读", `href="`+ppDoc(f.interp)+`"`, ppInterpTitle,
		`href="/columns/pp-policy-sub"`)
	ppNone(t, r.Body, p, append([]string{"本文件已", "解读的原文件"}, ppHidden...)...)
	webtest.AccessibleHTML(t, p, r.Body)
	// The same bytes for every visitor: cacheable anywhere, revalidated
	// each time, and no cookie.
	if cc := r.Header.Get("Cache-Control"); cc != "public, no-cache" || r.Header.Get("Set-Cookie") != "" {
		t.Errorf("document page Cache-Control %q, Set-Cookie %q", cc, r.Header.Get("Set-Cookie"))
	}
	// The interpretation links back.
	r = c.Get(ppDoc(f.interp))
	ppMust(t, r, 200, ppDoc(f.interp), "解读的原文件", `href="`+p+`"`, ppPolicyTitle, "解读（简明问答）")
	ppNone(t, r.Body, ppDoc(f.interp), "相关解读")
	// The print stylesheet hides the navigation and keeps the table and text.
	var print string
	for _, part := range strings.Split(c.Get("/static/site.css").Body, "@media print")[1:] {
		print += part[:strings.Index(part, "\n}")]
	}
	for _, want := range []string{".mainnav", ".crumbs", ".doc-meta", ".doc-body"} {
		if !strings.Contains(print, want) {
			t.Errorf("the print style does not mention %s", want)
		}
	}
}

func ppTestLifecycle(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	// Repealed: a banner with the date and the repealing document; the
	// revision in progress does not show.
	p := ppDoc(f.repealed)
	r := c.Get(p)
	ppMust(t, r, 200, p, `class="doc-banner"`, "本文件已于 2026年03月01日废止", `href="`+ppDoc(f.policyDoc)+`"`, ppRepealedTitle,
		`<th scope="row">有效性</th><td>废止</td>`)
	ppNone(t, r.Body, p, ppRevisionTitle)
	// Withdrawn as no longer in force: the page stays with a notice.
	p = ppDoc(f.notInForce)
	r = c.Get(p)
	ppMust(t, r, 200, p, "本文件已不再有效", "&lt;em&gt;x&lt;/em&gt;")
	// Replaced: the old page moves to the replacement.
	p = ppDoc(f.oldDoc)
	r = c.Get(p)
	if r.Status != http.StatusMovedPermanently || r.Header.Get("Location") != ppDoc(f.newDoc) {
		t.Fatalf("replaced document %s: %d → %q, want 301 → %s", p, r.Status, r.Header.Get("Location"), ppDoc(f.newDoc))
	}
	ppMust(t, c.Get(r.Header.Get("Location")), 200, ppDoc(f.newDoc), ppNewTitle)
	r = c.Get(ppAPI(f.oldDoc))
	if r.Status != http.StatusMovedPermanently || r.Header.Get("Location") != ppAPI(f.newDoc) {
		t.Errorf("replaced document in the API: %d → %q", r.Status, r.Header.Get("Location"))
	}
}

func ppTestNotFound(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	// The number the next publication of the organ would get.
	m := regexp.MustCompile(`^(.*/2026-)(\d{8})$`).FindStringSubmatch(f.withdrawn.IndexNumber)
	if m == nil {
		t.Fatalf("unexpected index number %q", f.withdrawn.IndexNumber)
	}
	seq, _ := strconv.Atoi(m[2])
	next := fmt.Sprintf("%s%08d", m[1], seq+1)
	unknown := c.Get("/no-such-page")
	for _, p := range []string{
		"/docs/MB2F1203-3/2026-99999999", "/docs/" + next, "/docs/", ppDoc(f.withdrawn), ppDoc(f.targeted),
	} {
		r := c.Get(p)
		if r.Status != 404 || !webtest.HanRe.MatchString(r.Body) {
			t.Errorf("GET %s: %d, want a Chinese 404", p, r.Status)
		}
		ppNone(t, r.Body, p, ppHidden...)
	}
	for _, p := range []string{"/api/v1/public/documents/" + next, ppAPI(f.withdrawn), ppAPI(f.targeted), "/api/v1/public/documents/x"} {
		status, body := e.API("GET", p, "", "")
		if code, msg := webtest.ErrorCode(body); status != 404 || code != "document_not_found" || !webtest.HanRe.MatchString(msg) {
			t.Errorf("GET %s: %d %v", p, status, body)
		}
	}
	_ = unknown
}

func ppTestFiles(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	p := ppFile(f.pdf)
	r := c.Get(p)
	if r.Status != 200 || r.Body != ppPDFBytes {
		t.Fatalf("GET %s: %d %q", p, r.Status, r.Body)
	}
	h := r.Header
	if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") == "" {
		t.Errorf("attachment headers: %v", h)
	}
	wantDisp := `inline; filename="attachment.pdf"; filename*=UTF-8''` + "%E9%99%84%E4%BB%B6%E4%B8%80%EF%BC%9A%E5%AE%9E%E6%96%BD%E7%BB%86%E5%88%99.pdf"
	if got := h.Get("Content-Disposition"); got != wantDisp {
		t.Errorf("Content-Disposition %q, want %q", got, wantDisp)
	}
	if r2 := ppGet(c, p, "If-None-Match", h.Get("ETag")); r2.Status != 304 || r2.Body != "" {
		t.Errorf("attachment revalidation: %d", r2.Status)
	}
	// A range of the file, as a PDF reader or a resumed download asks.
	if r2 := ppGet(c, p, "Range", "bytes=0-3"); r2.Status != http.StatusPartialContent || r2.Body != ppPDFBytes[:4] ||
		!strings.HasPrefix(r2.Header.Get("Content-Range"), "bytes 0-3/") {
		t.Errorf("attachment range: %d %q %q", r2.Status, r2.Body, r2.Header.Get("Content-Range"))
	}
	r = c.Get(ppFile(f.docx))
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Disposition"), `attachment; filename="attachment.docx"; filename*=UTF-8''`) ||
		!strings.Contains(r.Header.Get("Content-Type"), "wordprocessingml") {
		t.Errorf("docx: %d %v", r.Status, r.Header)
	}
	// A wrong name moves to the right one.
	r = c.Get("/files/" + webtest.Itoa(f.pdf.ID) + "/other.pdf")
	if r.Status != http.StatusMovedPermanently || r.Header.Get("Location") != p {
		t.Errorf("wrong file name: %d %q", r.Status, r.Header.Get("Location"))
	}
	// Not public: the same 404 whether or not the file exists.
	want := c.Get("/files/99999999/none.pdf")
	if want.Status != 404 {
		t.Fatalf("missing file: %d", want.Status)
	}
	msg := regexp.MustCompile(`(?s)<p class="error-box" role="alert">(.*?)</p>`)
	for _, p := range []string{ppFile(f.draftPDF), ppFile(f.withdrawnPDF), ppFile(f.targetedPDF), "/files/abc/x.pdf", "/files/" + webtest.Itoa(f.draftPDF.ID) + "/other.pdf"} {
		r := c.Get(p)
		if r.Status != 404 || msg.FindString(r.Body) != msg.FindString(want.Body) || msg.FindString(r.Body) == "" {
			t.Errorf("GET %s: %d, want the same 404 as a missing file", p, r.Status)
		}
		ppNone(t, r.Body, p, ppPDFBytes, "草稿附件", "撤回附件", "定点附件")
	}
}

func ppTestKiosk(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	key := "?key=" + url.QueryEscape(f.key)
	unknown := c.Get("/no-such-page")
	for _, p := range []string{"/points/pp-point", "/points/pp-point?key=wrong", "/points/no-such-point" + key,
		"/points/pp-point/docs/" + f.targeted.IndexNumber, "/points/pp-point/docs/" + f.targeted.IndexNumber + "?key=wrong",
		"/points/pp-point/files/" + webtest.Itoa(f.targetedPDF.ID) + "/" + url.PathEscape(f.targetedPDF.Name)} {
		r := c.Get(p)
		if r.Status != 404 || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: %d (Cache-Control %q), want 404, no-store", p, r.Status, r.Header.Get("Cache-Control"))
		}
		// The answer is the one of any unknown URL.
		if !strings.Contains(r.Body, "您访问的页面不存在") && !strings.Contains(r.Body, "附件不存在") {
			t.Errorf("GET %s: not the plain 404", p)
		}
		ppNone(t, r.Body, p, ppTargetedTitle, "测试公共查阅点")
	}
	_ = unknown
	r := c.Get("/points/pp-point" + key)
	ppMust(t, r, 200, "/points/pp-point?key=…", "<h1>测试公共查阅点</h1>", "菊园新区测试路1号", ppTargetedTitle)
	ppNone(t, r.Body, "kiosk", ppPolicyTitle, ppDraftTitle, ppErrorTitle)
	if r.Header.Get("Cache-Control") != "no-store" || !strings.Contains(r.Header.Get("X-Robots-Tag"), "noindex") {
		t.Errorf("kiosk headers: %v", r.Header)
	}
	webtest.AccessibleHTML(t, "kiosk", r.Body)
	docLink := regexp.MustCompile(`href="(/points/pp-point/docs/[^"]+)"`).FindStringSubmatch(r.Body)
	if docLink == nil {
		t.Fatal("the kiosk does not link its document")
	}
	u := strings.ReplaceAll(docLink[1], "&amp;", "&")
	r = c.Get(u)
	ppMust(t, r, 200, u, ppTargetedTitle, "测试公共查阅点")
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("kiosk document Cache-Control %q", r.Header.Get("Cache-Control"))
	}
	fileLink := regexp.MustCompile(`href="(/points/pp-point/files/[^"]+)"`).FindStringSubmatch(r.Body)
	if fileLink == nil {
		t.Fatal("the kiosk document does not link its attachment")
	}
	u = strings.ReplaceAll(fileLink[1], "&amp;", "&")
	r = c.Get(u)
	if r.Status != 200 || r.Body != ppPDFBytes || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("kiosk attachment %s: %d %q", u, r.Status, r.Header.Get("Cache-Control"))
	}
	// A public document is not on the kiosk's own pages.
	if r := c.Get("/points/pp-point/docs/" + f.policyDoc.IndexNumber + key); r.Status != 404 {
		t.Errorf("public document through the kiosk: %d", r.Status)
	}
}

type ppAtom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func ppTestFeed(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	r := c.Get("/columns/pp-news/feed.xml")
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("feed: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	var feed ppAtom
	if err := xml.Unmarshal([]byte(r.Body), &feed); err != nil {
		t.Fatalf("the feed is not well-formed XML: %v\n%s", err, r.Body)
	}
	if len(feed.Entries) != 20 || feed.Entries[0].Title != "测试动态第25条" || feed.Entries[19].Title != "测试动态第06条" {
		t.Fatalf("feed entries: %d, first %+v", len(feed.Entries), feed.Entries)
	}
	if !strings.Contains(feed.Title, "测试动态") || feed.ID != e.TS.URL+"/columns/pp-news" {
		t.Errorf("feed title %q id %q", feed.Title, feed.ID)
	}
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
		t.Errorf("feed updated %q: %v", feed.Updated, err)
	}
	for _, en := range feed.Entries {
		if !strings.HasPrefix(en.Link.Href, e.TS.URL+"/docs/") || en.ID == "" {
			t.Errorf("entry link %q is not an absolute document URL", en.Link.Href)
		}
		if _, err := time.Parse(time.RFC3339, en.Updated); err != nil {
			t.Errorf("entry updated %q: %v", en.Updated, err)
		}
	}
	ppNone(t, r.Body, "feed", ppHidden...)
	// A title with markup is escaped by the XML encoder.
	r = c.Get("/columns/pp-policy/feed.xml")
	var feed2 ppAtom
	if err := xml.Unmarshal([]byte(r.Body), &feed2); err != nil {
		t.Fatalf("policy feed: %v", err)
	}
	var titles []string
	for _, en := range feed2.Entries {
		titles = append(titles, en.Title)
	}
	if !slices.Contains(titles, "已不再有效的测试文件<em>x</em>") || !slices.Contains(titles, ppPolicyTitle) || slices.Contains(titles, ppOldTitle) {
		t.Errorf("policy feed titles: %v", titles)
	}
	ppNone(t, r.Body, "policy feed", append([]string{"<em>"}, ppHidden...)...)
	if r := c.Get("/columns/no-such/feed.xml"); r.Status != 404 {
		t.Errorf("unknown feed: %d", r.Status)
	}
}

func ppTestSitemap(t *testing.T, e *webtest.Env, f *ppFix) {
	r := e.Client().Get("/sitemap.xml")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("sitemap: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	var index struct {
		Files []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(r.Body), &index); err != nil || len(index.Files) != 2 {
		t.Fatalf("the sitemap index is not well-formed or does not list pages and one chunk: %v %s", err, r.Body)
	}
	locs := map[string]bool{}
	for _, file := range index.Files {
		if !strings.HasPrefix(file.Loc, e.TS.URL+"/sitemaps/") {
			t.Fatalf("sitemap file %q is not absolute on this host", file.Loc)
		}
		r := e.Client().Get(strings.TrimPrefix(file.Loc, e.TS.URL))
		var sm struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(r.Body), &sm); err != nil || r.Status != 200 {
			t.Fatalf("%s is not well-formed XML: %d %v", file.Loc, r.Status, err)
		}
		for _, u := range sm.URLs {
			if !strings.HasPrefix(u.Loc, e.TS.URL+"/") {
				t.Errorf("sitemap URL %q is not absolute on this host", u.Loc)
			}
			locs[strings.TrimPrefix(u.Loc, e.TS.URL)] = true
		}
	}
	for _, p := range []string{"/sitemaps/2.xml", "/sitemaps/0.xml", "/sitemaps/x.xml", "/sitemaps/1.txt"} {
		if r := e.Client().Get(p); r.Status != 404 {
			t.Errorf("GET %s: %d", p, r.Status)
		}
	}
	for _, want := range []string{"/xxgk", "/policies", "/foi", "/foi/apply", "/foi/track", "/workdays", "/xxgk/catalog/pp-cat-01",
		"/columns/pp-news", "/columns/pp-policy-sub", ppDoc(f.policyDoc), ppDoc(f.interp),
		ppDoc(f.newDoc), ppDoc(f.repealed), ppDoc(f.notInForce), ppDoc(f.news25[0]), ppDoc(f.news25[24])} {
		if !locs[want] {
			t.Errorf("the sitemap lacks %s", want)
		}
	}
	for _, not := range []string{ppDoc(f.oldDoc), ppDoc(f.withdrawn), ppDoc(f.targeted)} {
		if locs[not] {
			t.Errorf("the sitemap lists %s", not)
		}
	}
	docs := 0
	for l := range locs {
		if strings.HasPrefix(l, "/docs/") {
			docs++
		}
	}
	if docs != 30 {
		t.Errorf("the sitemap lists %d documents, want 30", docs)
	}
}

func ppKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func ppSameKeys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := ppKeys(m); !slices.Equal(got, want) {
		t.Errorf("%s keys %v, want %v", what, got, want)
	}
}

var ppItemKeys = []string{"index_number", "title", "organs", "doc_number", "written_on", "published_on", "theme", "genre", "validity",
	"effective_on", "status", "status_label", "url"}

func ppTestAPI(t *testing.T, e *webtest.Env, f *ppFix) {
	status, body := e.API("GET", "/api/v1/public/documents?column=pp-news&size=5&page=2", "", "")
	if status != 200 {
		t.Fatalf("list: %d %v", status, body)
	}
	ppSameKeys(t, "list", body, "total", "page", "size", "items")
	if body["total"] != 25.0 || body["page"] != 2.0 || body["size"] != 5.0 {
		t.Errorf("list paging: %v %v %v", body["total"], body["page"], body["size"])
	}
	items, _ := body["items"].([]any)
	if len(items) != 5 {
		t.Fatalf("list items: %d", len(items))
	}
	first := items[0].(map[string]any)
	ppSameKeys(t, "item", first, ppItemKeys...)
	if first["title"] != "测试动态第20条" || first["genre"] != "工作动态" || first["theme"] != `城乡建设、环境保护\城乡建设（含住房）` ||
		first["validity"] != "valid" || first["doc_number"] != "" || first["url"] != ppDoc(f.news25[19]) ||
		first["published_on"] != f.news25[19].FirstPublished.In(calendar.Zone).Format("2006-01-02") {
		t.Errorf("item: %v", first)
	}
	if organs, _ := first["organs"].([]any); len(organs) != 1 || organs[0] != "党政办公室" {
		t.Errorf("organs: %v", first["organs"])
	}
	// Every public document once, nothing else.
	status, body = e.API("GET", "/api/v1/public/documents?size=100", "", "")
	if status != 200 || body["total"] != 30.0 || body["size"] != 100.0 || body["page"] != 1.0 {
		t.Fatalf("all: %d total %v", status, body["total"])
	}
	raw, _ := json.Marshal(body)
	ppNone(t, string(raw), "API list", append([]string{ppOldTitle}, ppHidden...)...)
	for q, want := range map[string]float64{
		"validity=repealed": 1, "catalog=pp-cat-01": 1, "column=pp-policy": 5, "theme=02": 4, "genre=jiedu": 1, "year=2024": 1,
		"organ=jy-dzb": 30, "q=" + url.QueryEscape("测试动态第0"): 9, "column=pp-policy-sub&validity=valid": 2,
	} {
		if status, body := e.API("GET", "/api/v1/public/documents?"+q, "", ""); status != 200 || body["total"] != want {
			t.Errorf("?%s: %d total %v, want %v", q, status, body["total"], want)
		}
	}
	// One document, with its relations.
	status, body = e.API("GET", ppAPI(f.policyDoc), "", "")
	if status != 200 {
		t.Fatalf("detail: %d %v", status, body)
	}
	ppSameKeys(t, "detail", body, append(slices.Clone(ppItemKeys), "keywords", "summary", "body_html", "attachments",
		"interpretations", "interprets", "validity_on", "validity_by")...)
	if body["title"] != ppPolicyTitle || body["doc_number"] != "菊办发〔2026〕1号" || body["written_on"] != "2026-02-27" ||
		body["published_on"] != "2026-03-02" || body["effective_on"] != "2026-04-01" || body["theme"] != `综合政务\政务公开` ||
		body["genre"] != "通知" || body["keywords"] != "测试;政务公开" || body["summary"] != "测试政策的内容概述。" ||
		body["body_html"] != "<p>"+ppPolicyTitle+"的正文。</p>" || body["interprets"] != nil || body["validity_on"] != nil ||
		body["validity_by"] != nil || body["url"] != ppDoc(f.policyDoc) || body["index_number"] != f.policyDoc.IndexNumber ||
		body["validity"] != "valid" || body["status"] != "not_yet" || body["status_label"] != "尚未施行" {
		t.Errorf("detail: %v", body)
	}
	atts, _ := body["attachments"].([]any)
	if len(atts) != 2 {
		t.Fatalf("attachments: %v", body["attachments"])
	}
	a := atts[0].(map[string]any)
	ppSameKeys(t, "attachment", a, "name", "url", "size", "mime")
	if a["name"] != "附件一：实施细则.pdf" || a["url"] != ppFile(f.pdf) || a["size"] != float64(len(ppPDFBytes)) || a["mime"] != "application/pdf" {
		t.Errorf("attachment: %v", a)
	}
	interps, _ := body["interpretations"].([]any)
	if len(interps) != 1 {
		t.Fatalf("interpretations: %v", body["interpretations"])
	}
	in := interps[0].(map[string]any)
	ppSameKeys(t, "interpretation", in, "index_number", "title", "url")
	if in["title"] != ppInterpTitle || in["url"] != ppDoc(f.interp) || in["index_number"] != f.interp.IndexNumber {
		t.Errorf("interpretation: %v", in)
	}
	// The interpretation points back; the repealed document names its date and cause.
	_, body = e.API("GET", ppAPI(f.interp), "", "")
	if on, _ := body["interprets"].(map[string]any); on["url"] != ppDoc(f.policyDoc) || on["title"] != ppPolicyTitle {
		t.Errorf("interprets: %v", body["interprets"])
	}
	if l, _ := body["interpretations"].([]any); l == nil || len(l) != 0 {
		t.Errorf("interpretations of an interpretation: %v", body["interpretations"])
	}
	_, body = e.API("GET", ppAPI(f.repealed), "", "")
	if by, _ := body["validity_by"].(map[string]any); body["validity"] != "repealed" || body["validity_on"] != "2026-03-01" || by["url"] != ppDoc(f.policyDoc) {
		t.Errorf("repealed: %v", body)
	}
	if body["title"] != ppRepealedTitle {
		t.Errorf("the API shows a revision in progress: %v", body["title"])
	}
}

func ppTestAPIBadInput(t *testing.T, e *webtest.Env, f *ppFix) {
	for _, tc := range []struct{ query, code string }{
		{"size=0", "invalid_size"}, {"size=101", "invalid_size"}, {"size=abc", "invalid_size"},
		{"page=0", "invalid_page"}, {"page=x", "invalid_page"},
		{"year=20x4", "invalid_year"}, {"validity=bogus", "invalid_validity"},
		{"organ=nope", "invalid_organ"}, {"theme=99.99", "invalid_theme"}, {"genre=x", "invalid_genre"},
		{"column=nope", "invalid_column"}, {"catalog=nope", "invalid_catalog"},
	} {
		status, body := e.API("GET", "/api/v1/public/documents?"+tc.query, "", "")
		code, msg := webtest.ErrorCode(body)
		if status != 400 || code != tc.code || !webtest.HanRe.MatchString(msg) {
			t.Errorf("?%s: %d %q %q, want 400 %s", tc.query, status, code, msg, tc.code)
		}
	}
}

func ppTestConditionalGET(t *testing.T, e *webtest.Env, f *ppFix) {
	c := e.Client()
	paths := []string{"/api/v1/public/documents?column=pp-news", ppAPI(f.policyDoc), "/columns/pp-news", "/columns/pp-news/feed.xml"}
	etags := map[string]string{}
	for _, p := range paths {
		r := c.Get(p)
		etag, lm := r.Header.Get("ETag"), r.Header.Get("Last-Modified")
		if r.Status != 200 || etag == "" || lm == "" {
			t.Fatalf("GET %s: %d ETag %q Last-Modified %q", p, r.Status, etag, lm)
		}
		etags[p] = etag
		if r := ppGet(c, p, "If-None-Match", etag); r.Status != 304 || r.Body != "" || r.Header.Get("ETag") != etag {
			t.Errorf("GET %s If-None-Match: %d", p, r.Status)
		}
		if r := ppGet(c, p, "If-None-Match", `"other", W/`+etag); r.Status != 304 {
			t.Errorf("GET %s If-None-Match (list, weak): %d", p, r.Status)
		}
		if r := ppGet(c, p, "If-Modified-Since", lm); r.Status != 304 {
			t.Errorf("GET %s If-Modified-Since: %d", p, r.Status)
		}
		if r := ppGet(c, p, "If-None-Match", `"stale"`); r.Status != 200 {
			t.Errorf("GET %s with a stale ETag: %d", p, r.Status)
		}
	}
	// Public pages carry no per-visitor token: a new visitor's copy is
	// just as current.
	if r := ppGet(e.Client(), "/columns/pp-news", "If-None-Match", etags["/columns/pp-news"]); r.Status != 304 {
		t.Errorf("page for a new visitor answered %d", r.Status)
	}
	// A change to what these pages show changes their validators at once:
	// a news item withdrawn (the column, its feed, the API list) and the
	// policy's validity (its API entry).
	e.Clock.Advance(time.Minute)
	news, err := e.St.Document(ctx, f.news25[24].ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.St.WithdrawDocument(ctx, f.reviewer, news.ID, news.Version, publish.WithdrawError, 0, "测试撤回"); err != nil {
		t.Fatal(err)
	}
	d, err := e.St.Document(ctx, f.policyDoc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.St.SetValidity(ctx, f.reviewer, d.ID, d.Version, publish.Expired, calendar.MustParse("2026-03-01"), 0); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		r := ppGet(c, p, "If-None-Match", etags[p])
		if r.Status != 200 || r.Header.Get("ETag") == etags[p] {
			t.Errorf("GET %s after a change: %d, ETag unchanged %v", p, r.Status, r.Header.Get("ETag") == etags[p])
		}
	}
}

// TestPortalMissingPages checks the section before the guide and the
// system are written, and an empty site.
func TestPortalMissingPages(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	c := e.Client()
	for _, p := range []string{"/xxgk/guide", "/xxgk/system"} {
		r := c.Get(p)
		if r.Status != 404 || !strings.Contains(r.Body, "尚未发布") {
			t.Errorf("GET %s without the page: %d", p, r.Status)
		}
	}
	for _, p := range []string{"/", "/xxgk", "/xxgk/catalog", "/policies"} {
		r := c.Get(p)
		if r.Status != 200 {
			t.Errorf("GET %s on an empty site: %d", p, r.Status)
		}
		webtest.AccessibleHTML(t, p, r.Body)
	}
	if r := c.Get("/policies"); !strings.Contains(r.Body, "暂无公开的文件") {
		t.Error("the empty library says nothing")
	}
	r := c.Get("/sitemap.xml")
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(r.Body), &sm); err != nil || r.Status != 200 {
		t.Errorf("empty sitemap: %d %v", r.Status, err)
	}
}

// TestPortalDemo opens the demo site's portal: the seed document (the 2024
// plan of 菊园新区, with its fixed index number) and the section pages.
func TestPortalDemo(t *testing.T) {
	e := webtest.NewDemo(t, store.SQLite)
	c := e.Client()
	r := c.Get("/docs/00001434-9/2024-00000030")
	ppMust(t, r, 200, "seed document", "2024年菊园新区政务公开工作要点", "00001434-9/2024-00000030", "2024年04月19日", "菊园新区")
	webtest.AccessibleHTML(t, "seed document", r.Body)
	for _, p := range []string{"/", "/xxgk", "/xxgk/guide", "/xxgk/catalog", "/policies", "/sitemap.xml"} {
		if r := c.Get(p); r.Status != 200 {
			t.Errorf("GET %s: %d", p, r.Status)
		}
	}
	if r := c.Get("/xxgk/guide"); !strings.Contains(r.Body, "修订日期：") {
		t.Error("the demo guide shows no revision date")
	}
	status, body := e.API("GET", "/api/v1/public/documents?q="+url.QueryEscape("政务公开工作要点"), "", "")
	if status != 200 || body["total"].(float64) < 1 {
		t.Errorf("API search of the demo: %d %v", status, body)
	}
}

// TestPortalEveryTemplate checks that ppRenderPortalPages (the hook for
// web_test.go's testEveryPageRenders) visits every portal_* template.
func TestPortalEveryTemplate(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	rendered := map[string]bool{}
	ppRenderPortalPages(t, e, func(c *webtest.Client, path string, want int, template string) {
		t.Helper()
		r := c.Get(path)
		if r.Status != want || !strings.Contains(r.Body, `<html lang="zh-CN"`) || !strings.Contains(r.Body, `id="main"`) {
			t.Fatalf("GET %s: %d, want %d", path, r.Status, want)
		}
		rendered[template] = true
	})
	for _, n := range e.Srv.PageNames() {
		if strings.HasPrefix(n, "portal_") && !rendered[n] {
			t.Errorf("page template %s is not visited by ppRenderPortalPages", n)
		}
	}
}

// TestPortalBrowserAccessibility audits the portal pages of the demo site
// with axe-core in a real browser, in the normal and the 长辈版 mode.
func TestPortalBrowserAccessibility(t *testing.T) {
	e := webtest.BrowserServer(t)
	ctx := browsertest.Browser(t)
	first := func(f store.PublicFilter) string {
		t.Helper()
		f.Size = 1
		docs, _, err := e.St.PublicDocuments(context.Background(), f)
		if err != nil || len(docs) == 0 {
			t.Fatalf("demo document for %+v: %v", f, err)
		}
		return "/docs/" + docs[0].Doc.IndexNumber
	}
	pages := []webtest.BrowserPage{
		{Name: "xxgk", Path: "/xxgk", Status: 200, Sel: `a[href="/xxgk/guide"]`},
		{Name: "guide", Path: "/xxgk/guide", Status: 200, Sel: `.doc-revised`, Shot: "portal-guide"},
		{Name: "catalog", Path: "/xxgk/catalog", Status: 200, Sel: `a[href^="/xxgk/catalog/"]`},
		{Name: "catalog-item", Path: "/xxgk/catalog/shjz-01", Status: 200, Sel: `.catalog-meta`},
		{Name: "column", Path: "/columns/zcwj", Status: 200, Sel: `table.doclist tbody tr`, Shot: "portal-column"},
		{Name: "policies", Path: "/policies", Status: 200, Sel: `#pf-organ`, Shot: "portal-policies"},
		{Name: "policies-filtered", Path: "/policies?validity=valid&q=" + url.QueryEscape("菊园"), Status: 200, Sel: `table.doclist tbody tr`},
		{Name: "policies-bad-year", Path: "/policies?year=abc", Status: 400, Sel: `.error-box[role=alert]`},
		{Name: "seed-document", Path: "/docs/00001434-9/2024-00000030", Status: 200, Sel: `table.doc-meta`, Shot: "portal-doc"},
		{Name: "repealed-document", Path: first(store.PublicFilter{Validity: publish.Repealed}), Status: 200, Sel: `.doc-banner`},
		{Name: "interpretation", Path: first(store.PublicFilter{Genre: publish.GenreInterpretation}), Status: 200, Sel: `#h-orig`},
		{Name: "kiosk", Path: "/points/dzp-yx?key=" + url.QueryEscape(demo.PointKey), Status: 200, Sel: `.kiosk-list a`},
		{Name: "not-found", Path: "/docs/no/such-document", Status: 404, Sel: `.error-box[role=alert]`},
	}
	webtest.AuditPages(t, ctx, e.Base, false, pages)
	webtest.SetElder(t, ctx, e.Base, "/xxgk", true)
	webtest.AuditPages(t, ctx, e.Base, true, pages)
	webtest.SetElder(t, ctx, e.Base, "/xxgk", false)
}
