package publish_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestStaffAttachments: the reviewer opens a draft's attachment before
// approving; the editor removes a wrong one; the public still cannot see it.
func TestStaffAttachments(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	editor, _ := e.St.UserByUsername(ctx, "editor")
	col := &publish.Column{Code: "tzgg", Name: "通知公告", Kind: publish.KindNotice}
	if err := e.St.SaveColumn(ctx, "test", col); err != nil {
		t.Fatal(err)
	}
	doc, err := e.St.CreateDocument(ctx, editor, publish.Content{Title: "附件测试", OrganIDs: []int64{editor.DeptID}, WrittenOn: calendar.MustParse("2026-03-02"),
		Theme: "02.01", Genre: "tongzhi", Attribute: publish.Active, ColumnIDs: []int64{col.ID}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.St.AddAttachment(ctx, editor, doc.ID, doc.Version, "签发稿.pdf", []byte("%PDF-1.4 staff"))
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/documents/" + webtest.Itoa(doc.ID) + "/attachments/" + webtest.Itoa(a.ID)
	rev := e.Login("reviewer")
	if r := rev.Get(path); r.Status != 200 || r.Body != "%PDF-1.4 staff" || !strings.Contains(r.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("reviewer opens the draft's file: %d %q", r.Status, r.Header.Get("Cache-Control"))
	}
	if r := e.Client().Get("/files/" + webtest.Itoa(a.ID) + "/x.pdf"); r.Status != 404 {
		t.Fatalf("public sees a draft's file: %d", r.Status)
	}
	ed := e.Login("editor")
	d, _ := e.St.Document(ctx, doc.ID)
	if r := ed.Post(path+"/delete", url.Values{"version": {webtest.Itoa(d.Version)}}); r.Status != 303 {
		t.Fatalf("remove: %d %s", r.Status, r.Body)
	}
	d, _ = e.St.Document(ctx, doc.ID)
	if list, _ := e.St.RevisionAttachments(ctx, d.OpenRev); len(list) != 0 {
		t.Fatalf("still attached: %d", len(list))
	}
	if r := ed.Post(path+"/delete", url.Values{"version": {webtest.Itoa(d.Version)}}); r.Status != 404 {
		t.Fatalf("remove twice: %d", r.Status)
	}
}

// TestReopenButton: an approved on-request document offers 退回修改, which
// returns it to draft.
func TestReopenButton(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	editor, _ := e.St.UserByUsername(ctx, "editor")
	reviewer, _ := e.St.UserByUsername(ctx, "reviewer")
	doc, err := e.St.CreateDocument(ctx, editor, publish.Content{Title: "依申请公开的文件", OrganIDs: []int64{editor.DeptID},
		WrittenOn: calendar.MustParse("2026-03-02"), Theme: "02.01", Genre: "tongzhi", Attribute: publish.OnRequest})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.St.SubmitDocument(ctx, editor, doc.ID, doc.Version); err != nil {
		t.Fatal(err)
	}
	d, _ := e.St.Document(ctx, doc.ID)
	if err := e.St.ReviewDocument(ctx, reviewer, doc.ID, d.Version, true, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	ed := e.Login("editor")
	page := "/admin/documents/" + webtest.Itoa(doc.ID)
	if r := ed.Get(page); !strings.Contains(r.Body, "退回修改") {
		t.Fatal("no reopen button on an approved on-request document")
	}
	d, _ = e.St.Document(ctx, doc.ID)
	if r := ed.Post(page+"/reopen", url.Values{"version": {webtest.Itoa(d.Version)}}); r.Status != 303 {
		t.Fatalf("reopen: %d %s", r.Status, r.Body)
	}
	d, _ = e.St.Document(ctx, doc.ID)
	if rev, _ := e.St.Revision(ctx, d.OpenRev); rev.State != publish.Draft {
		t.Fatalf("state after reopen: %s", rev.State)
	}
}
