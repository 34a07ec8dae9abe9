package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/demo"
	"gongkai/internal/publish"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web/webtest"
)

// leakMarker is a document in a state the public must never see, with a
// title no public document contains.
type leakMarker struct {
	state      string
	title      string
	index      string   // set when the document has an index number
	attachment string   // its attachment's public URL
	pages      []string // other URLs that must answer 404
}

// TestNothingLeaks crawls every public surface of the demo site (pages,
// feeds, sitemap, public API) after planting documents in every
// non-public state, and checks that none of them shows anywhere, that their
// pages and attachments answer 404 whether or not they exist, and that a
// kiosk page needs its key.
func TestNothingLeaks(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			e := webtest.NewDemo(t, d)
			markers, public := plantMarkers(t, e)
			enf, enfPublic := plantEnforcementMarkers(t, e, strconv.FormatInt(time.Now().UnixNano()%1e9, 36))
			markers = append(markers, enf...)
			pages := crawl(t, e, 600)
			if len(pages) < 80 {
				t.Fatalf("the crawl reached only %d pages", len(pages))
			}
			t.Logf("crawled %d public URLs, %d markers", len(pages), len(markers))
			reachedPublic, reachedEnf := false, false
			for u, body := range pages {
				if strings.Contains(body, public) {
					reachedPublic = true
				}
				reachedEnf = reachedEnf || strings.Contains(body, enfPublic)
				for _, m := range markers {
					if strings.Contains(body, m.title) || (m.index != "" && strings.Contains(body, m.index)) {
						t.Errorf("%s document %q is visible at %s", m.state, m.title, u)
					}
				}
			}
			if !reachedPublic {
				t.Fatal("the crawl never reached the public control document: the crawler is broken")
			}
			if !reachedEnf {
				t.Fatal("the crawl never reached the public 双公示 control entry")
			}
			anon := e.Client()
			// Search (the page and the API) finds the public control
			// document and none of the others.
			for _, u := range []string{"/search?q=" + url.QueryEscape("泄漏测试"), "/api/v1/search?size=100&q=" + url.QueryEscape("泄漏测试 正文")} {
				body := anon.Get(u).Body
				if !strings.Contains(body, public) {
					t.Errorf("%s does not find the public control document", u)
				}
				for _, m := range markers {
					if strings.Contains(body, m.title) || (m.index != "" && strings.Contains(body, m.index)) {
						t.Errorf("%s document %q is found by %s", m.state, m.title, u)
					}
				}
			}
			for _, m := range markers {
				for _, p := range m.pages {
					if r := anon.Get(p); r.Status != http.StatusNotFound {
						t.Errorf("%s entry %s: %d", m.state, p, r.Status)
					}
				}
				if m.attachment != "" {
					if r := anon.Get(m.attachment); r.Status != http.StatusNotFound {
						t.Errorf("%s attachment %s: %d", m.state, m.attachment, r.Status)
					}
				}
				if m.index != "" {
					for _, p := range []string{"/docs/" + m.index, "/api/v1/public/documents/" + m.index} {
						if r := anon.Get(p); r.Status != http.StatusNotFound {
							t.Errorf("%s document %s: %d", m.state, p, r.Status)
						}
					}
				}
			}
			if r := anon.Get("/files/99999999/none.pdf"); r.Status != http.StatusNotFound {
				t.Errorf("missing attachment: %d", r.Status)
			}
			// Kiosk pages need the point's key; with it they show the targeted document.
			for _, p := range []string{"/points/dzp-yx", "/points/dzp-yx?key=wrong-key-wrong-key", "/points/no-such-point?key=" + demo.PointKey} {
				if r := anon.Get(p); r.Status != http.StatusNotFound {
					t.Errorf("kiosk %s: %d", p, r.Status)
				}
			}
			if r := anon.Get("/points/dzp-yx?key=" + url.QueryEscape(demo.PointKey)); r.Status != 200 || !strings.Contains(r.Body, "泄漏测试-定点") {
				t.Errorf("kiosk with its key: %d", r.Status)
			}
			// Every page above is in the page cache now. Withdrawing a
			// document takes it off every cached page at once.
			const seed = "00001434-9/2024-00000030"
			p, _, err := e.St.PublicDocument(ctx, seed, 0)
			if err != nil {
				t.Fatal(err)
			}
			title := p.Rev.Content.Title
			seen := 0
			for _, body := range pages {
				if strings.Contains(body, title) {
					seen++
				}
			}
			if seen < 3 {
				t.Fatalf("the seed document is on only %d cached pages: the check below would prove nothing", seen)
			}
			reviewer, _ := e.St.UserByUsername(ctx, "reviewer")
			if err := e.St.WithdrawDocument(ctx, reviewer, p.Doc.ID, p.Doc.Version, publish.WithdrawError, 0, "测试：发布错误"); err != nil {
				t.Fatal(err)
			}
			for u, body := range crawl(t, e, 600) {
				if strings.Contains(body, title) || strings.Contains(body, seed) {
					t.Errorf("the withdrawn document is still shown at %s", u)
				}
			}
			for _, u := range []string{"/docs/" + seed, "/api/v1/public/documents/" + seed} {
				if r := anon.Get(u); r.Status != http.StatusNotFound {
					t.Errorf("withdrawn %s: %d", u, r.Status)
				}
			}
			// Its index number appears only in the link of a hit.
			if r := anon.Get("/search?q=" + url.QueryEscape(title)); strings.Contains(r.Body, seed) {
				t.Errorf("search still finds the withdrawn document")
			}
		})
	}
}

func plantMarkers(t *testing.T, e *webtest.Env) ([]*leakMarker, string) {
	t.Helper()
	editor, _ := e.St.UserByUsername(ctx, "editor")
	reviewer, _ := e.St.UserByUsername(ctx, "reviewer")
	col, err := e.St.ColumnByCode(ctx, "tzgg")
	if err != nil {
		t.Fatal(err)
	}
	point, err := e.St.PointByCode(ctx, "dzp-yx")
	if err != nil {
		t.Fatal(err)
	}
	stamp := strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	content := func(state string) publish.Content {
		return publish.Content{Title: "泄漏测试-" + state + "-" + stamp, OrganIDs: []int64{editor.DeptID}, WrittenOn: calendar.MustParse("2026-02-27"),
			Theme: "02.01", Genre: "tongzhi", Attribute: publish.Active, ColumnIDs: []int64{col.ID}, Body: "<p>泄漏测试正文 " + stamp + "</p>"}
	}
	version := func(id int64) int64 {
		d, err := e.St.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Version
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var markers []*leakMarker
	plant := func(state string, c publish.Content, steps ...func(id int64)) {
		doc, err := e.St.CreateDocument(ctx, editor, c)
		must(err)
		a, err := e.St.AddAttachment(ctx, editor, doc.ID, version(doc.ID), "泄漏附件.pdf", []byte("%PDF-1.4 "+stamp))
		must(err)
		for _, step := range steps {
			step(doc.ID)
		}
		d, _ := e.St.Document(ctx, doc.ID)
		markers = append(markers, &leakMarker{state: state, title: c.Title, index: d.IndexNumber,
			attachment: "/files/" + strconv.FormatInt(a.ID, 10) + "/" + url.PathEscape(a.Name)})
	}
	submit := func(id int64) { must(e.St.SubmitDocument(ctx, editor, id, version(id))) }
	approve := func(id int64) { must(e.St.ReviewDocument(ctx, reviewer, id, version(id), true, "", time.Time{})) }
	ret := func(id int64) {
		must(e.St.ReviewDocument(ctx, reviewer, id, version(id), false, "退回", time.Time{}))
	}
	withdraw := func(id int64) {
		must(e.St.WithdrawDocument(ctx, reviewer, id, version(id), publish.WithdrawError, 0, ""))
	}

	plant("草稿", content("草稿"))
	plant("待审核", content("待审核"), submit)
	plant("已退回", content("已退回"), submit, ret)
	withheld := content("不予公开")
	withheld.Attribute, withheld.WithheldReason = publish.Withheld, "internal_affairs"
	plant("不予公开", withheld, submit, approve)
	onRequest := content("依申请公开")
	onRequest.Attribute = publish.OnRequest
	plant("依申请公开", onRequest, submit, approve)
	targeted := content("定点")
	targeted.PointIDs, targeted.ColumnIDs = []int64{point.ID}, nil
	plant("定点公开", targeted, submit, approve)
	audience := content("定向")
	audience.Audience = "菊园新区各村居委会"
	plant("定向公开", audience, submit, approve)
	plant("撤回（发布错误）", content("发布错误"), submit, approve, withdraw)
	// A revision in review must not replace the public text early.
	revised := content("修订中的公开文件")
	plant("（对照）", revised, submit, approve, func(id int64) {
		must(e.St.ReviseDocument(ctx, editor, id, version(id)))
		c := content("修订稿尚未审核")
		must(e.St.SaveDraft(ctx, editor, id, version(id), c, "修订说明"))
		submit(id)
	})
	// That document itself is public: keep it as the crawler's control,
	// and the unapproved revision title as a marker.
	control := markers[len(markers)-1]
	markers = markers[:len(markers)-1]
	markers = append(markers, &leakMarker{state: "未审核的修订", title: "泄漏测试-修订稿尚未审核-" + stamp})
	return markers, control.title
}

var linkRe = regexp.MustCompile(`(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>|"url":\s*"([^"]+)"`)

// crawl fetches same-site public URLs breadth-first from the entry points,
// anonymously, and returns each URL's body.
func crawl(t *testing.T, e *webtest.Env, limit int) map[string]string {
	t.Helper()
	c := e.Client()
	base, _ := url.Parse(e.TS.URL)
	queue := []string{"/", "/sitemap.xml", "/xxgk", "/policies", "/api/v1/public/documents?size=100",
		"/enforcement/decisions", "/enforcement/draws", "/api/v1/public/enforcement/decisions"}
	seen := map[string]bool{}
	pages := map[string]string{}
	for len(queue) > 0 && len(pages) < limit {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		r := c.Get(u)
		if r.Status >= 500 {
			t.Errorf("GET %s: %d", u, r.Status)
		}
		pages[u] = r.Body
		if loc := r.Header.Get("Location"); loc != "" {
			queue = append(queue, loc)
		}
		for _, m := range linkRe.FindAllStringSubmatch(r.Body, -1) {
			raw := m[1] + m[2] + m[3]
			raw = strings.ReplaceAll(raw, "&amp;", "&")
			ref, err := url.Parse(raw)
			if err != nil {
				continue
			}
			abs := base.ResolveReference(ref)
			// The 长辈版 switch only redirects back to the page it is on.
			if abs.Host != base.Host || strings.HasPrefix(abs.Path, "/admin") || strings.HasPrefix(abs.Path, "/static/") || abs.Path == "/elder" {
				continue
			}
			p := abs.RequestURI()
			if !seen[p] {
				queue = append(queue, p)
			}
		}
	}
	return pages
}
