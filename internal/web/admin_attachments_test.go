package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/publish"
	"gongkai/internal/store"
)

// TestStaffAttachments: the reviewer opens a draft's attachment before
// approving; the editor removes a wrong one; the public still cannot see it.
func TestStaffAttachments(t *testing.T) {
	e := newEnv(t, store.SQLite)
	editor, _ := e.st.UserByUsername(ctx, "editor")
	col := &publish.Column{Code: "tzgg", Name: "通知公告", Kind: publish.KindNotice}
	if err := e.st.SaveColumn(ctx, "test", col); err != nil {
		t.Fatal(err)
	}
	doc, err := e.st.CreateDocument(ctx, editor, publish.Content{Title: "附件测试", OrganIDs: []int64{editor.DeptID}, WrittenOn: calendar.MustParse("2026-03-02"),
		Theme: "02.01", Genre: "tongzhi", Attribute: publish.Active, ColumnIDs: []int64{col.ID}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.st.AddAttachment(ctx, editor, doc.ID, doc.Version, "签发稿.pdf", []byte("%PDF-1.4 staff"))
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/documents/" + itoa(doc.ID) + "/attachments/" + itoa(a.ID)
	rev := e.login("reviewer")
	if r := rev.get(path); r.status != 200 || r.body != "%PDF-1.4 staff" || !strings.Contains(r.header.Get("Cache-Control"), "no-store") {
		t.Fatalf("reviewer opens the draft's file: %d %q", r.status, r.header.Get("Cache-Control"))
	}
	if r := e.client().get("/files/" + itoa(a.ID) + "/x.pdf"); r.status != 404 {
		t.Fatalf("public sees a draft's file: %d", r.status)
	}
	ed := e.login("editor")
	d, _ := e.st.Document(ctx, doc.ID)
	if r := ed.post(path+"/delete", url.Values{"version": {itoa(d.Version)}}); r.status != 303 {
		t.Fatalf("remove: %d %s", r.status, r.body)
	}
	d, _ = e.st.Document(ctx, doc.ID)
	if list, _ := e.st.RevisionAttachments(ctx, d.OpenRev); len(list) != 0 {
		t.Fatalf("still attached: %d", len(list))
	}
	if r := ed.post(path+"/delete", url.Values{"version": {itoa(d.Version)}}); r.status != 404 {
		t.Fatalf("remove twice: %d", r.status)
	}
}

// TestReopenButton: an approved on-request document offers 退回修改, which
// returns it to draft.
func TestReopenButton(t *testing.T) {
	e := newEnv(t, store.SQLite)
	editor, _ := e.st.UserByUsername(ctx, "editor")
	reviewer, _ := e.st.UserByUsername(ctx, "reviewer")
	doc, err := e.st.CreateDocument(ctx, editor, publish.Content{Title: "依申请公开的文件", OrganIDs: []int64{editor.DeptID},
		WrittenOn: calendar.MustParse("2026-03-02"), Theme: "02.01", Genre: "tongzhi", Attribute: publish.OnRequest})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.SubmitDocument(ctx, editor, doc.ID, doc.Version); err != nil {
		t.Fatal(err)
	}
	d, _ := e.st.Document(ctx, doc.ID)
	if err := e.st.ReviewDocument(ctx, reviewer, doc.ID, d.Version, true, "", time.Time{}); err != nil {
		t.Fatal(err)
	}
	ed := e.login("editor")
	page := "/admin/documents/" + itoa(doc.ID)
	if r := ed.get(page); !strings.Contains(r.body, "退回修改") {
		t.Fatal("no reopen button on an approved on-request document")
	}
	d, _ = e.st.Document(ctx, doc.ID)
	if r := ed.post(page+"/reopen", url.Values{"version": {itoa(d.Version)}}); r.status != 303 {
		t.Fatalf("reopen: %d %s", r.status, r.body)
	}
	d, _ = e.st.Document(ctx, doc.ID)
	if rev, _ := e.st.Revision(ctx, d.OpenRev); rev.State != publish.Draft {
		t.Fatalf("state after reopen: %s", rev.State)
	}
}
