package publish_test

import (
	"archive/zip"
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestSearchFindsAttachmentText: a file uploaded in the back office makes
// its published document findable by the file's text, through the public
// search API, while nothing else of the document mentions it.
func TestSearchFindsAttachmentText(t *testing.T) {
	webtest.Dialects(t, func(t *testing.T, d store.Dialect) {
		e := webtest.New(t, d)
		editor, _ := e.St.UserByUsername(ctx, "editor")
		reviewer, _ := e.St.UserByUsername(ctx, "reviewer")
		col := &publish.Column{Code: "tzgg", Name: "通知公告", Kind: publish.KindNotice}
		if err := e.St.SaveColumn(ctx, "test", col); err != nil {
			t.Fatal(err)
		}
		doc, err := e.St.CreateDocument(ctx, editor, publish.Content{Title: "关于电动自行车安全管理的通告", OrganIDs: []int64{editor.DeptID},
			WrittenOn: calendar.MustParse("2026-03-02"), Theme: "02.01", Genre: "tongzhi", Attribute: publish.Active, ColumnIDs: []int64{col.ID},
			Body: "<p>具体要求见附件。</p>"})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for name, body := range map[string]string{
			"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
			"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
				`<w:p><w:r><w:t>禁止在楼道内停放电动自行车和飞线充电。</w:t></w:r></w:p></w:body></w:document>`,
		} {
			f, _ := z.Create(name)
			f.Write([]byte(body))
		}
		z.Close()
		ed := e.Login("editor")
		if r := apUpload(ed, "/admin/documents/"+webtest.Itoa(doc.ID)+"/attachments", url.Values{"version": {webtest.Itoa(doc.Version)}}, "告知书.docx", b.Bytes()); r.Status != 303 {
			t.Fatalf("upload: %d %s", r.Status, webtest.Alert(r.Body))
		}
		search := func() []any {
			status, out := e.API("GET", "/api/v1/search?q="+url.QueryEscape("飞线充电"), "", "")
			if status != 200 {
				t.Fatalf("search: %d %v", status, out)
			}
			hits, _ := out["hits"].([]any)
			return hits
		}
		if hits := search(); len(hits) != 0 {
			t.Fatalf("a draft's attachment is found: %v", hits)
		}
		if err := e.St.SubmitDocument(ctx, editor, doc.ID, mustVersion(t, e, doc.ID)); err != nil {
			t.Fatal(err)
		}
		if err := e.St.ReviewDocument(ctx, reviewer, doc.ID, mustVersion(t, e, doc.ID), true, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		hits := search()
		if len(hits) != 1 {
			t.Fatalf("hits: %v", hits)
		}
		hit := hits[0].(map[string]any)
		if hit["title"] != "关于电动自行车安全管理的通告" || !strings.Contains(hit["snippet"].(string), "飞线充电") {
			t.Errorf("hit: %v", hit)
		}
	})
}

func mustVersion(t *testing.T, e *webtest.Env, id int64) int64 {
	t.Helper()
	d, err := e.St.Document(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Version
}
