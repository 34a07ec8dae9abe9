package publish_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// siteForm is a full, valid settings form.
func siteForm() url.Values {
	return url.Values{
		"sponsor": {"上海市嘉定区菊园新区管理委员会"}, "operator": {"菊园新区党政办公室"},
		"address": {"菊园新区测试路 8 号"}, "postcode": {"201821"}, "phone": {"021-12340000"},
		"site_code": {"3101149999"}, "icp": {"沪ICP备00000000号-9"}, "police": {"沪公网安备31011400000000号"},
		"conac_url": {"https://bszs.conac.cn/sitename?method=show&id=TEST"},
	}
}

// footerOf is the page's <footer>.
func footerOf(t *testing.T, body string) string {
	t.Helper()
	i, j := strings.Index(body, `<footer class="footer">`), strings.Index(body, "</footer>")
	if i < 0 || j < i {
		t.Fatalf("no footer in\n%s", body)
	}
	return body[i:j]
}

// TestSiteSettingsAndFooter: the 政务公开办 keeps the site's settings;
// bad input is refused field by field in Chinese; the footer of every
// portal page shows each setting only once it is set, at once (the page
// cache follows), with the registration links the authorities expect.
func TestSiteSettingsAndFooter(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		anon := e.Client()
		// Nothing set: the footer has its own links and no empty label.
		foot := footerOf(t, anon.Get("/").Body)
		for _, want := range []string{`href="/sitemap.html"`, `href="/accessibility"`, `href="https://zfwzzc.www.gov.cn/"`,
			`href="/workdays"`, `href="/admin/login"`} {
			if !strings.Contains(foot, want) {
				t.Errorf("footer without settings lacks %s", want)
			}
		}
		for _, label := range []string{"主办单位", "承办单位", "联系我们", "地址", "邮编", "电话", "网站标识码", "ICP", "公网安备", "conac", "党政机关"} {
			if strings.Contains(foot, label) {
				t.Errorf("footer without settings shows %q", label)
			}
		}
		if body := anon.Get("/").Body; strings.Contains(body, `name="SiteIDCode"`) {
			t.Error("SiteIDCode meta tag without a code")
		}

		sup := e.Login("supervisor")
		if r := sup.Get("/admin/site/settings"); r.Status != 200 {
			t.Fatalf("settings page: %d", r.Status)
		} else {
			webtest.AccessibleHTML(t, "/admin/site/settings", r.Body)
		}
		if r := e.Login("admin").Get("/admin/site/settings"); r.Status != http.StatusForbidden {
			t.Errorf("the system administrator opens the site settings: %d", r.Status)
		}

		// Bad input: every bad field at once, each marked, nothing saved.
		bad := siteForm()
		bad.Set("site_code", "310114000")
		bad.Set("icp", "ICP备12345678号")
		bad.Set("police", "沪公网安备 3101140200号")
		bad.Set("postcode", "20182")
		bad.Set("conac_url", "https://example.com/conac")
		r := sup.Post("/admin/site/settings", bad)
		if r.Status != http.StatusBadRequest {
			t.Fatalf("bad settings: %d", r.Status)
		}
		for _, want := range []string{"网站标识码为 10 位数字", "ICP 备案号的格式", "公安机关备案号的格式", "邮编为 6 位数字", "党政机关网站标识的链接",
			`id="ss-site_code" name="site_code" value="310114000"`, `aria-invalid="true"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("refused form lacks %q:\n%s", want, webtest.Alert(r.Body))
			}
		}
		if n := strings.Count(r.Body, `aria-invalid="true"`); n != 5 {
			t.Errorf("%d fields marked invalid, want 5", n)
		}
		webtest.AccessibleHTML(t, "refused settings", r.Body)
		if got := footerOf(t, anon.Get("/").Body); strings.Contains(got, "310114000") {
			t.Error("refused settings reached the footer")
		}

		// Valid: saved, audited, and on the next page view.
		if r := sup.Post("/admin/site/settings", siteForm()); r.Status != http.StatusSeeOther {
			t.Fatalf("save settings: %d %s", r.Status, webtest.Alert(r.Body))
		}
		evs, err := e.St.AuditEvents(ctx, store.AuditFilter{Action: "settings.site"})
		if err != nil || len(evs) != 1 || evs[0].Actor != "supervisor" || evs[0].Detail["site_code"] != "3101149999" {
			t.Errorf("audit of the settings: %v %+v", err, evs)
		}
		home := anon.Get("/")
		foot = footerOf(t, home.Body)
		for _, want := range []string{
			"主办单位：上海市嘉定区菊园新区管理委员会", "承办单位：菊园新区党政办公室", "联系我们",
			"地址：菊园新区测试路 8 号", "邮编：201821", "电话：021-12340000", "网站标识码：3101149999",
			`<a href="https://beian.miit.gov.cn/" rel="noopener">沪ICP备00000000号-9</a>`,
			// Written with the registry's space, linked by its digits.
			`href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=31011400000000" rel="noopener">沪公网安备 31011400000000号</a>`,
			`class="conac" href="https://bszs.conac.cn/sitename?method=show&amp;id=TEST"`,
			`href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=3101149999"`,
		} {
			if !strings.Contains(foot, want) {
				t.Errorf("footer lacks %s\n%s", want, foot)
			}
		}
		if !strings.Contains(home.Body, `<meta name="SiteIDCode" content="3101149999">`) {
			t.Error("home page without the SiteIDCode meta tag")
		}
		// The accessibility statement gives the contact lines.
		if r := anon.Get("/accessibility"); !strings.Contains(r.Body, "电话：021-12340000") {
			t.Errorf("accessibility statement without the phone: %d", r.Status)
		}

		// Only some set: only those lines.
		part := url.Values{"sponsor": {"某主办单位"}, "icp": {"沪ICP备12345678号"}}
		if r := sup.Post("/admin/site/settings", part); r.Status != http.StatusSeeOther {
			t.Fatalf("save partial settings: %d %s", r.Status, webtest.Alert(r.Body))
		}
		foot = footerOf(t, anon.Get("/xxgk").Body)
		if !strings.Contains(foot, "主办单位：某主办单位") || !strings.Contains(foot, "沪ICP备12345678号") {
			t.Errorf("partial footer lacks what is set:\n%s", foot)
		}
		for _, gone := range []string{"承办单位", "联系我们", "网站标识码", "公网安备", "conac", "sitecode="} {
			if strings.Contains(foot, gone) {
				t.Errorf("partial footer still shows %q", gone)
			}
		}
	})
}

// TestSiteSettingsFormats: the formats of the codes, accepted and refused.
func TestSiteSettingsFormats(t *testing.T) {
	for _, c := range []struct {
		info publish.SiteInfo
		code string // "" valid
	}{
		{publish.SiteInfo{SiteCode: "3101140001"}, ""},
		{publish.SiteInfo{SiteCode: "BM35000001"}, ""},
		{publish.SiteInfo{SiteCode: "31011400a1"}, "invalid_site_code"},
		{publish.SiteInfo{SiteCode: "31011400011"}, "invalid_site_code"},
		{publish.SiteInfo{ICP: "京ICP备05070602号"}, ""},
		{publish.SiteInfo{ICP: "沪 ICP 备 12345678 号-2"}, ""},
		{publish.SiteInfo{ICP: "沪ICP证12345678号"}, "invalid_icp"},
		{publish.SiteInfo{ICP: "AB ICP备12345678号"}, "invalid_icp"},
		{publish.SiteInfo{Police: "沪公网安备 31011402000001号"}, ""},
		{publish.SiteInfo{Police: "沪公网安备31011402000001号"}, ""},
		{publish.SiteInfo{Police: "沪公网安备 3101140200000号"}, "invalid_police_record"},
		{publish.SiteInfo{ConacURL: "https://bszs.conac.cn/sitename?method=show&id=1"}, ""},
		{publish.SiteInfo{ConacURL: "javascript:alert(1)//conac.cn"}, "invalid_conac_url"},
		{publish.SiteInfo{ConacURL: "https://conac.cn.example.com/"}, "invalid_conac_url"},
		{publish.SiteInfo{Phone: "021-6999 0000 转 801"}, ""},
		{publish.SiteInfo{Phone: "请拨打热线"}, "invalid_phone"},
		{publish.SiteInfo{Postcode: "2018210"}, "invalid_postcode"},
	} {
		c.info.Normalize()
		err := c.info.Validate()
		var got string
		if err != nil {
			got = errorCode(err)
		}
		if got != c.code {
			t.Errorf("%+v: %q, want %q", c.info, got, c.code)
		}
	}
	p := publish.SiteInfo{Police: "沪公网安备31011402000001号"}
	p.Normalize()
	if p.Police != "沪公网安备 31011402000001号" || p.PoliceCode() != "31011402000001" {
		t.Errorf("公安备案号 normalised to %q, code %q", p.Police, p.PoliceCode())
	}
}

// TestGovMetaTags: every portal page names the site; a document page also
// its column, title, publication date and publishing organ.
func TestGovMetaTags(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	f := ppSetup(t, e)
	if r := e.Login("supervisor").Post("/admin/site/settings", url.Values{"site_code": {"3101149999"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("save settings: %d", r.Status)
	}
	metas := func(body string) map[string]string {
		out := map[string]string{}
		for _, m := range regexp.MustCompile(`<meta name="([A-Za-z]+)" content="([^"]*)">`).FindAllStringSubmatch(body, -1) {
			out[m[1]] = m[2]
		}
		return out
	}
	p, _, err := e.St.PublicDocument(ctx, f.policyDoc.IndexNumber, 0)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(e.TS.URL, "http://")
	got := metas(e.Client().Get(ppDoc(f.policyDoc)).Body)
	want := map[string]string{
		"SiteName": "嘉定区菊园新区 政务公开", "SiteDomain": host, "SiteIDCode": "3101149999",
		"ColumnName": "测试规范性文件", "ArticleTitle": ppPolicyTitle,
		"PubDate": p.Rev.PublishedOn.String(), "ContentSource": "党政办公室",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("document page meta %s = %q, want %q", k, got[k], v)
		}
	}
	if _, err := calendar.ParseDate(got["PubDate"]); err != nil {
		t.Errorf("PubDate %q is not a date", got["PubDate"])
	}
	// A column page names its column; the home page only the site.
	if c := metas(e.Client().Get("/columns/pp-news").Body); c["ColumnName"] != "测试动态" || c["SiteIDCode"] != "3101149999" {
		t.Errorf("column page meta: %v", c)
	}
	home := metas(e.Client().Get("/").Body)
	if home["SiteName"] == "" || home["SiteDomain"] != host || home["ArticleTitle"] != "" || home["ColumnName"] != "" {
		t.Errorf("home page meta: %v", home)
	}
	// The back office has none of them.
	if a := metas(e.Login("supervisor").Get("/admin/").Body); a["SiteName"] != "" {
		t.Errorf("back office meta: %v", a)
	}
}

// TestErrorPagesPlain: an unknown page is plain Chinese with ways on and no
// internal error code; the API keeps its codes.
func TestErrorPagesPlain(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	r := e.Client().Get("/no-such-page")
	if r.Status != 404 || !strings.Contains(r.Body, "<h1>页面不存在</h1>") || !strings.Contains(r.Body, `href="/sitemap.html"`) {
		t.Fatalf("404 page: %d\n%s", r.Status, r.Body)
	}
	for _, code := range []string{"not_found", "错误代码", "request_id"} {
		if strings.Contains(r.Body, code) {
			t.Errorf("404 page shows %q", code)
		}
	}
	webtest.AccessibleHTML(t, "404", r.Body)
	if r := e.Client().Get("/docs/no/such-document"); r.Status != 404 || strings.Contains(r.Body, "_not_found") {
		t.Errorf("unknown document: %d, shows a code: %v", r.Status, strings.Contains(r.Body, "_not_found"))
	}
	status, body := e.API("GET", "/api/v1/public/documents/no/such-document", "", "")
	if code, _ := webtest.ErrorCode(body); status != 404 || code == "" {
		t.Errorf("API 404 without its code: %d %v", status, body)
	}
}

// TestKioskChrome: a point's screen has no site menu, search or staff
// link; its signage mode shows five items a screen and moves on with a
// refresh to the next screen, from the last back to the first.
func TestKioskChrome(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	f := ppSetup(t, e)
	// Six more items at the point: seven in all, two screens.
	for i := 1; i <= 6; i++ {
		c := publish.Content{Title: "定点屏幕测试第" + string(rune('0'+i)) + "条", OrganIDs: []int64{f.organ.ID}, WrittenOn: calendar.MustParse("2026-02-27"),
			Theme: "02.01", Genre: "tongzhi", Attribute: publish.Active, Body: "<p>正文。</p>", PointIDs: []int64{f.point.ID}}
		if _, err := e.St.ImportDocument(ctx, "test", f.editor, c, "", calendar.MustParse("2026-03-01").AddDays(i)); err != nil {
			t.Fatal(err)
		}
	}
	key := url.QueryEscape(f.key)
	c := e.Client()
	for _, path := range []string{"/points/pp-point?key=" + key, "/points/pp-point/docs/" + f.targeted.IndexNumber + "?key=" + key,
		"/points/pp-point?mode=signage&key=" + key} {
		r := c.Get(path)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d", path, r.Status)
		}
		for _, no := range []string{`class="mainnav"`, `href="/admin/login"`, "工作人员登录", `action="/search"`, `href="/xxgk"`, `href="/sitemap.html"`} {
			if strings.Contains(r.Body, no) {
				t.Errorf("kiosk %s shows %s", path, no)
			}
		}
		webtest.AccessibleHTML(t, path, r.Body)
	}

	refresh := regexp.MustCompile(`<a class="signage-next" href="([^"]*)" rel="next" data-advance="(\d+)">`)
	screen := func(path string) (items int, next string) {
		t.Helper()
		r := c.Get(path)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d", path, r.Status)
		}
		m := refresh.FindStringSubmatch(r.Body)
		if m == nil || m[2] != "20" {
			t.Fatalf("signage %s without its next link", path)
		}
		if strings.Contains(r.Body, `http-equiv="refresh"`) {
			t.Errorf("signage %s refreshes by itself", path)
		}
		return strings.Count(r.Body, `<p class="signage-title">`), strings.ReplaceAll(m[1], "&amp;", "&")
	}
	first := "/points/pp-point?mode=signage&key=" + key
	n, next := screen(first)
	if n != 5 {
		t.Errorf("first screen: %d items, want 5", n)
	}
	u, err := url.Parse(next)
	if err != nil || u.Path != "/points/pp-point" ||
		u.Query().Get("page") != "2" || u.Query().Get("mode") != "signage" || u.Query().Get("key") != f.key {
		t.Fatalf("first screen refreshes to %q", next)
	}
	n, next = screen(u.String())
	if n != 2 {
		t.Errorf("second screen: %d items, want 2", n)
	}
	u, _ = url.Parse(next)
	if u.Query().Get("page") != "" || u.Query().Get("mode") != "signage" || u.Query().Get("key") != f.key {
		t.Errorf("last screen refreshes to %q, want the first", next)
	}
	// A screen left on a page that no longer exists starts again.
	if n, _ := screen(first + "&page=9"); n != 5 {
		t.Errorf("page past the end: %d items, want the first screen's 5", n)
	}
	// Without the key it is the plain 404, as the kiosk.
	if r := c.Get("/points/pp-point?mode=signage"); r.Status != 404 {
		t.Errorf("signage without key: %d", r.Status)
	}
}

// TestHumanSitemap: the HTML sitemap lists the sections, every column
// (children under their parent) and the catalog, and every link answers.
func TestHumanSitemap(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	ppSetup(t, e)
	r := e.Client().Get("/sitemap.html")
	ppMust(t, r, 200, "/sitemap.html", "<h1>网站地图</h1>", `href="/xxgk"`, `href="/foi/apply"`, `href="/columns/pp-news"`,
		`href="/columns/pp-policy"`, `href="/columns/pp-policy-sub"`, `href="/xxgk/catalog/pp-cat-01"`, "测试领域", `href="/sitemap.xml"`)
	if i, j := strings.Index(r.Body, `href="/columns/pp-policy"`), strings.Index(r.Body, `href="/columns/pp-policy-sub"`); i > j {
		t.Error("a child column before its parent")
	}
	webtest.AccessibleHTML(t, "/sitemap.html", r.Body)
	for _, m := range regexp.MustCompile(`href="(/[^"]*)"`).FindAllStringSubmatch(r.Body, -1) {
		if strings.HasPrefix(m[1], "/static/") || strings.HasPrefix(m[1], "/elder?") {
			continue
		}
		if got := e.Client().Get(m[1]); got.Status != 200 {
			t.Errorf("sitemap link %s: %d", m[1], got.Status)
		}
	}
	// The XML sitemap names the human one.
	if x := e.Client().Get("/sitemaps/pages.xml"); !strings.Contains(x.Body, "/sitemap.html</loc>") {
		t.Error("pages.xml does not list /sitemap.html")
	}
}

func errorCode(err error) string {
	code, _ := errs.Public(err)
	return code
}
