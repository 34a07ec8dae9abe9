package publish_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/browsertest"
	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// pcPNG is a small valid PNG.
func pcPNG(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 8, 6))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pcWebM starts like a WebM file: an EBML header naming the webm type.
var pcWebM = []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02")

// pcStaff does the store's part of a test: the demo's editor and reviewer.
type pcStaff struct {
	t                testing.TB
	st               *store.Store
	editor, reviewer *auth.User
	interpCol        *publish.Column
	policyCol        *publish.Column
}

func newStaff(t testing.TB, st *store.Store) *pcStaff {
	t.Helper()
	ctx := context.Background()
	s := &pcStaff{t: t, st: st}
	var err error
	if s.editor, err = st.UserByUsername(ctx, "editor"); err != nil {
		t.Fatal(err)
	}
	if s.reviewer, err = st.UserByUsername(ctx, "reviewer"); err != nil {
		t.Fatal(err)
	}
	if s.interpCol, err = st.ColumnByCode(ctx, "zcjd"); err != nil {
		t.Fatal(err)
	}
	if s.policyCol, err = st.ColumnByCode(ctx, "gfxwj"); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *pcStaff) must(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

func (s *pcStaff) version(id int64) int64 {
	s.t.Helper()
	d, err := s.st.Document(context.Background(), id)
	s.must(err)
	return d.Version
}

func (s *pcStaff) content(title, genre string, col *publish.Column) publish.Content {
	return publish.Content{Title: title, OrganIDs: []int64{s.editor.DeptID}, WrittenOn: calendar.MustParse("2026-02-20"),
		Theme: "09.05", Genre: genre, Attribute: publish.Active, ColumnIDs: []int64{col.ID}, Body: "<p>" + title + "。</p>"}
}

func (s *pcStaff) create(c publish.Content) int64 {
	s.t.Helper()
	d, err := s.st.CreateDocument(context.Background(), s.editor, c)
	s.must(err)
	return d.ID
}

func (s *pcStaff) attach(id int64, name string, data []byte) *publish.Attachment {
	s.t.Helper()
	a, err := s.st.AddAttachment(context.Background(), s.editor, id, s.version(id), name, data)
	s.must(err)
	return a
}

func (s *pcStaff) save(id int64, c publish.Content) {
	s.t.Helper()
	s.must(s.st.SaveDraft(context.Background(), s.editor, id, s.version(id), c, ""))
}

func (s *pcStaff) submit(id int64) error {
	return s.st.SubmitDocument(context.Background(), s.editor, id, s.version(id))
}

func (s *pcStaff) approve(id int64) {
	s.t.Helper()
	s.must(s.st.ReviewDocument(context.Background(), s.reviewer, id, s.version(id), true, "", time.Time{}))
}

func (s *pcStaff) index(id int64) string {
	s.t.Helper()
	d, err := s.st.Document(context.Background(), id)
	s.must(err)
	if d.IndexNumber == "" {
		s.t.Fatalf("document %d is not published", id)
	}
	return d.IndexNumber
}

// publishVideo publishes a 规范性文件 with a video interpretation (a WebM
// file and its transcript), and returns the interpretation's page and file.
func (s *pcStaff) publishVideo(title string) (string, *publish.Attachment) {
	s.t.Helper()
	pid := s.create(s.content(title, publish.GenreNormative, s.policyCol))
	ic := s.content("视频解读："+title, publish.GenreInterpretation, s.interpCol)
	ic.Interprets, ic.InterpretForm = pid, publish.FormMedia
	ic.Body = "<p>主持人：欢迎收看本期政策解读。</p><p>解读人：办法明确了补助对象、标准和申请程序。</p>"
	iid := s.create(ic)
	video := s.attach(iid, "政策解读.webm", pcWebM)
	s.must(s.submit(iid))
	s.must(s.submit(pid))
	s.approve(iid)
	s.approve(pid)
	return "/docs/" + s.index(iid), video
}

// pcDemoDoc finds a demo document by title through the portal's listing.
func pcDemoDoc(t *testing.T, st *store.Store, f store.PublicFilter, title string) string {
	t.Helper()
	docs, _, err := st.PublicDocuments(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Rev.Content.Title == title {
			return "/docs/" + d.Doc.IndexNumber
		}
	}
	t.Fatalf("no public document %q", title)
	return ""
}

const (
	pcGraphicTitle = "图解：《菊园新区住宅小区电动自行车集中充电设施建设补助办法》"
	pcChargeTitle  = "菊园新区住宅小区电动自行车集中充电设施建设补助办法"
)

func TestPortalContent(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.NewDemo(t, d)
		for _, tc := range []struct {
			name string
			fn   func(t *testing.T, e *webtest.Env)
		}{
			{"AnnualReportCard", pcAnnualReportCard},
			{"OneGuide", pcOneGuide},
			{"OrganContacts", pcOrganContacts},
			{"GraphicImages", pcGraphicImages},
			{"ImageLeak", pcImageLeak},
			{"Video", pcVideo},
			{"PolicyLibrary", pcPolicyLibrary},
			{"NotYetInForce", pcNotYetInForce},
		} {
			t.Run(tc.name, func(t *testing.T) { tc.fn(t, e) })
		}
		if strings.Contains(e.Logs.String(), "level=ERROR") {
			t.Errorf("server errors:\n%s", e.Logs.String())
		}
	})
}

// The 年报 card links to the 年报 column and says 建设中 only while the
// column has no public report.
func pcAnnualReportCard(t *testing.T, e *webtest.Env) {
	r := e.Client().Get("/xxgk")
	ppMust(t, r, 200, "/xxgk", `<h2><a href="/columns/ndbg">政府信息公开年报</a></h2>`, "共 2 篇")
	ppNone(t, r.Body, "/xxgk", "本栏目建设中")
	webtest.AccessibleHTML(t, "/xxgk", r.Body)

	// A store without reports: the card says so, with or without the column.
	empty := webtest.New(t, e.St.Dialect())
	r = empty.Client().Get("/xxgk")
	ppMust(t, r, 200, "/xxgk (no column)", "<h2>政府信息公开年报</h2>", "本栏目建设中")
	if err := empty.St.SaveColumn(context.Background(), "admin", &publish.Column{Code: publish.ColumnAnnualReports, Name: "政府信息公开年报", Kind: publish.KindPlan}); err != nil {
		t.Fatal(err)
	}
	r = empty.Client().Get("/xxgk")
	ppMust(t, r, 200, "/xxgk (empty column)", `href="/columns/ndbg"`, "本栏目建设中")
}

// The 公开指南 is one text: the guide page. No document repeats it.
func pcOneGuide(t *testing.T, e *webtest.Env) {
	c := e.Client()
	r := c.Get("/xxgk/guide")
	ppMust(t, r, 200, "/xxgk/guide", `<h1 class="doc-title">菊园新区政府信息公开指南</h1>`, "2025年01月20日",
		"受理地点：菊园新区社区事务受理服务中心政务公开查阅点", "上午 9:00—11:30")
	// Neither a document nor a column of its own.
	status, body := e.API("GET", "/api/v1/public/documents?q="+url.QueryEscape("政府信息公开指南"), "", "")
	if status != 200 || body["total"] != 0.0 {
		t.Errorf("documents titled 政府信息公开指南: %d %v", status, body["total"])
	}
	if r := c.Get("/columns/gkzn"); r.Status != 404 {
		t.Errorf("/columns/gkzn: %d, want 404 (the guide has no column of its own)", r.Status)
	}
	r = c.Get("/xxgk")
	if n := strings.Count(r.Body, "政府信息公开指南"); n != 1 {
		t.Errorf("/xxgk names the guide %d times, want once (its card)", n)
	}
}

// 机构职能 shows each organ's 负责人, 电话 and 地址 when set; staff edit them.
func pcOrganContacts(t *testing.T, e *webtest.Env) {
	c := e.Client()
	r := c.Get("/columns/jgzn")
	ppMust(t, r, 200, "/columns/jgzn", `<h2 id="h-organs">机构信息</h2>`, "<h3>菊园新区</h3>", "<dt>负责人</dt><dd>徐建国</dd>",
		`<dt>办公电话</dt><dd><a href="tel:021-00001000">021-00001000</a></dd>`, "<h3>经济发展办公室</h3>", "<dd>郑浩</dd>",
		"菊园新区管委会机构职能")
	// Organs without any contact are not listed; a missing field is not shown.
	ppNone(t, r.Body, "/columns/jgzn", "<h3>园新居委会</h3>", "<h3>嘉定区人民政府</h3>")
	webtest.AccessibleHTML(t, "/columns/jgzn", r.Body)
	// Other columns do not list organs.
	if r := c.Get("/columns/zwdt"); strings.Contains(r.Body, "h-organs") {
		t.Error("/columns/zwdt lists organs")
	}

	dept, err := e.St.DepartmentByCode(context.Background(), "jy-jw-yx")
	if err != nil {
		t.Fatal(err)
	}
	admin := e.Login("admin")
	page := "/admin/departments/" + webtest.Itoa(dept.ID)
	r = admin.Get(page)
	ppMust(t, r, 200, page, `name="head"`, `name="phone"`, `name="address"`)
	form := url.Values{"csrf": {admin.CSRF}, "name": {dept.Name}, "parent_id": {webtest.Itoa(dept.ParentID)},
		"head": {"孙红"}, "phone": {"not a phone"}, "address": {"园新路（示例地址）"}}
	r = admin.Post(page, form)
	if r.Status != 400 || !strings.Contains(r.Body, "办公电话应为数字") {
		t.Errorf("bad phone: %d %s", r.Status, webtest.Alert(r.Body))
	}
	form.Set("phone", "021-00002000")
	if r := admin.Post(page, form); r.Status != 303 {
		t.Fatalf("save contacts: %d %s", r.Status, webtest.Alert(r.Body))
	}
	r = c.Get("/columns/jgzn")
	ppMust(t, r, 200, "/columns/jgzn after the edit", "<h3>园新居委会</h3>", "<dd>孙红</dd>", "021-00002000", "园新路（示例地址）")
}

var pcImgRe = regexp.MustCompile(`<img src="([^"]+)" alt="([^"]*)">`)

// The demo 图解 shows its own two images inline, with their alt text, and
// each one is served as an image.
func pcGraphicImages(t *testing.T, e *webtest.Env) {
	c := e.Client()
	p := pcDemoDoc(t, e.St, store.PublicFilter{Genre: publish.GenreGraphic}, pcGraphicTitle)
	r := c.Get(p)
	ppMust(t, r, 200, p, "图解", `alt="柱状图：新建设施每个充电端口补助300元`, `alt="流程图：四个方框`)
	body := r.Body[strings.Index(r.Body, `class="doc-body"`):]
	imgs := pcImgRe.FindAllStringSubmatch(body, -1)
	if len(imgs) != 2 {
		t.Fatalf("%s: %d images in the body, want 2", p, len(imgs))
	}
	for _, m := range imgs {
		if !strings.HasPrefix(m[1], "/files/") || strings.TrimSpace(m[2]) == "" {
			t.Errorf("image %q alt %q", m[1], m[2])
		}
		r := c.Get(m[1])
		if r.Status != 200 || r.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(r.Body, "\x89PNG") {
			t.Errorf("GET %s: %d %s", m[1], r.Status, r.Header.Get("Content-Type"))
		}
	}
	// Both are in the body, so none is repeated after it.
	ppNone(t, r.Body, p, "doc-figures")
	webtest.AccessibleHTML(t, p, r.Body)
}

// An <img> that points at another document's (unpublished) attachment is
// dropped when the body is saved and again when it is shown, and that file
// cannot be fetched; an image of the document's own that the body does
// not show follows the body.
func pcImageLeak(t *testing.T, e *webtest.Env) {
	s := newStaff(t, e.St)
	other := s.create(s.content("未发布的内部文件", "tongzhi", s.policyCol))
	secret := s.attach(other, "内部图片.png", pcPNG(t))

	c := s.content("带示意图的通知", "tongzhi", s.policyCol)
	id := s.create(c)
	own := s.attach(id, "示意图.png", pcPNG(t))
	extra := s.attach(id, "补充图.png", pcPNG(t))
	secretPath := "/files/" + webtest.Itoa(secret.ID) + "/" + url.PathEscape(secret.Name)
	c.Body = `<p>正文。</p><img src="示意图.png" alt="办理流程示意图"><img src="` + secretPath + `" alt="偷看">` +
		`<img src="/files/` + webtest.Itoa(secret.ID) + `" alt="偷看二"><img src="https://example.com/t.png" alt="外链">` +
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="内嵌"><img src="javascript:alert(1)" alt="脚本">`
	s.save(id, c)
	s.must(s.submit(id))
	s.approve(id)
	p := "/docs/" + s.index(id)
	r := e.Client().Get(p)
	ppMust(t, r, 200, p, `<img src="/files/`+webtest.Itoa(own.ID)+`/`+url.PathEscape(own.Name)+`" alt="办理流程示意图">`,
		`class="doc-figures"`, `<img src="/files/`+webtest.Itoa(extra.ID)+`/`+url.PathEscape(extra.Name)+`" alt="带示意图的通知（图1）">`)
	ppNone(t, r.Body, p, "/files/"+webtest.Itoa(secret.ID), "偷看", "example.com", "data:image", "javascript:")
	if n := len(pcImgRe.FindAllString(r.Body, -1)); n != 2 {
		t.Errorf("%s: %d images, want 2 (the body's own and the one after it)", p, n)
	}
	webtest.AccessibleHTML(t, p, r.Body)
	if r := e.Client().Get(secretPath); r.Status != 404 {
		t.Errorf("GET %s (another document's unpublished file): %d", secretPath, r.Status)
	}
	// The API gives the same resolved body.
	_, body := e.API("GET", "/api/v1/public/documents/"+s.index(id), "", "")
	if html, _ := body["body_html"].(string); strings.Contains(html, webtest.Itoa(secret.ID)+"/") || !strings.Contains(html, `alt="办理流程示意图"`) {
		t.Errorf("API body_html: %q", html)
	}
}

// A video interpretation plays with controls next to its 文字实录; one
// without a transcript is refused with a Chinese message.
func pcVideo(t *testing.T, e *webtest.Env) {
	s := newStaff(t, e.St)
	p, video := s.publishVideo("视频测试补助办法")
	r := e.Client().Get(p)
	src := "/files/" + webtest.Itoa(video.ID) + "/" + url.PathEscape(video.Name)
	ppMust(t, r, 200, p, `<video controls preload="metadata" src="`+src+`" aria-describedby="h-transcript">`,
		`<h2 id="h-transcript">文字实录</h2>`, "主持人：欢迎收看本期政策解读。", "音视频解读")
	webtest.AccessibleHTML(t, p, r.Body)
	if r := e.Client().Get(src); r.Status != 200 || r.Header.Get("Content-Type") != "video/webm" {
		t.Errorf("GET %s: %d %s", src, r.Status, r.Header.Get("Content-Type"))
	}
	// Without a transcript the editor's submit is refused.
	pid := s.create(s.content("无实录测试办法", publish.GenreNormative, s.policyCol))
	ic := s.content("无实录的音频解读", publish.GenreInterpretation, s.interpCol)
	ic.Interprets, ic.InterpretForm, ic.Body = pid, publish.FormMedia, ""
	iid := s.create(ic)
	s.attach(iid, "解读.mp3", append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), make([]byte, 32)...))
	editor := e.Login("editor")
	docPage := "/admin/documents/" + webtest.Itoa(iid)
	editor.Get(docPage)
	r = editor.Post(docPage+"/submit", url.Values{"csrf": {editor.CSRF}, "version": {webtest.Itoa(s.version(iid))}})
	if r.Status != 400 || !strings.Contains(r.Body, "须在正文中提供完整的文字实录") {
		t.Errorf("submit without transcript: %d %s", r.Status, webtest.Alert(r.Body))
	}
}

// The 政策文件库 lists policy genres only; genre=tujie finds the 图解.
func pcPolicyLibrary(t *testing.T, e *webtest.Env) {
	c := e.Client()
	r := c.Get("/policies?genre=tujie")
	ppMust(t, r, 200, "/policies?genre=tujie", pcGraphicTitle, "检索结果：共 1 条", `<option value="tujie" selected>图解</option>`)
	r = c.Get("/policies")
	ppMust(t, r, 200, "/policies", pcChargeTitle, `<option value="guifanxing">行政规范性文件</option>`)
	// The demo's news (工作动态) and data (数据) are not policy.
	ppNone(t, r.Body, "/policies", `value="gongzuodongtai"`, `value="shuju"`, "菊园新区首批既有多层住宅加装电梯项目集中签约",
		"菊园新区2025年政府信息公开工作年度报告")
	if r := c.Get("/policies?q=" + url.QueryEscape("加装电梯项目集中签约")); !strings.Contains(r.Body, "没有找到符合条件的文件") {
		t.Errorf("the library finds news: %s", webtest.Alert(r.Body))
	}
	// Its theme filter lists themes with policy documents only: 09.05
	// (the 充电 documents) is there, 03.03 (统计, no document) is not.
	ppMust(t, r, 200, "/policies", `<option value="09.05">`)
	ppNone(t, r.Body, "/policies", `<option value="03.03">`, `<option value="01.01">`)
}

// A 规范性文件 whose 实施日期 is ahead reads 尚未施行 on its page, in lists
// and in the API; the clock stands at 2026-03-02, the demo's 充电 rules
// take effect on 2026-08-15.
func pcNotYetInForce(t *testing.T, e *webtest.Env) {
	c := e.Client()
	p := pcDemoDoc(t, e.St, store.PublicFilter{Genre: publish.GenreNormative}, pcChargeTitle)
	r := c.Get(p)
	ppMust(t, r, 200, p, `<th scope="row">有效性</th><td>尚未施行</td>`, "本文件尚未施行，</strong>自 2026年08月15日 起施行")
	r = c.Get("/policies?genre=guifanxing")
	ppMust(t, r, 200, "/policies?genre=guifanxing", `<span class="tag tag-not_yet">尚未施行</span>`, `<span class="tag tag-valid">有效</span>`)
	r = c.Get("/columns/gfxwj")
	ppMust(t, r, 200, "/columns/gfxwj", `<span class="tag tag-not_yet">尚未施行</span>`)
	_, body := e.API("GET", "/api/v1/public/documents?genre=guifanxing", "", "")
	items, _ := body["items"].([]any)
	found := false
	for _, it := range items {
		m := it.(map[string]any)
		if m["title"] == pcChargeTitle {
			found = true
			if m["status"] != "not_yet" || m["status_label"] != "尚未施行" || m["validity"] != "valid" || m["effective_on"] != "2026-08-15" {
				t.Errorf("API item: %v", m)
			}
		} else if m["status"] == "not_yet" {
			t.Errorf("API: %v is not yet in force?", m["title"])
		}
	}
	if !found {
		t.Error("API: the 充电 rules are not listed")
	}
	// From its 实施日期 on, it is 有效.
	later := webtest.NewWith(t, e.St.Dialect(), webtest.Options{Data: webtest.Demo, Start: time.Date(2026, 8, 15, 1, 0, 0, 0, time.UTC)})
	r = later.Client().Get(p)
	ppMust(t, r, 200, p+" on 2026-08-15", `<th scope="row">有效性</th><td>有效</td>`)
	ppNone(t, r.Body, p, "尚未施行")
}

// TestBrowserGraphicAndVideo audits the 图解 page with its inline images
// and a video interpretation page with axe-core, and saves screenshots.
func TestBrowserGraphicAndVideo(t *testing.T) {
	e := webtest.BrowserServer(t)
	s := newStaff(t, e.St)
	video, _ := s.publishVideo("浏览器视频测试补助办法")
	graphic := pcDemoDoc(t, e.St, store.PublicFilter{Genre: publish.GenreGraphic}, pcGraphicTitle)
	ctx := browsertest.Browser(t)
	webtest.AuditBothModes(t, ctx, e.Base, []webtest.BrowserPage{
		{Name: "graphic", Path: graphic, Status: 200, Sel: `.doc-body img[src^="/files/"][alt]`, Shot: "portal-graphic"},
		{Name: "video", Path: video, Status: 200, Sel: `video[controls]`, Shot: "portal-video"},
	})
	webtest.Go(t, ctx, e.Base+graphic)
	// The images load (their natural size is known) and fit the column.
	if n := webtest.Eval[int](t, ctx, `[...document.querySelectorAll('.doc-body img')].filter(i => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width <= document.querySelector('.doc-body').getBoundingClientRect().width + 1).length`); n != 2 {
		t.Errorf("%d of the 图解's images loaded and fit, want 2", n)
	}
}
