package store_test

import (
	"archive/zip"
	"bytes"
	"math/rand/v2"
	"testing"

	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// wordFile is a DOCX whose one paragraph is text.
func wordFile(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
			`<w:body><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`,
	} {
		f, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAttachmentTextSearch: a portal document is found by the text of the
// attachments of its published revision, and by nothing else's.
func TestAttachmentTextSearch(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, storetest.Open(t, d))
			doc := w.draft(w.content("关于电动自行车充电管理的通知", "tongzhi"))
			if _, err := w.s.AddAttachment(ctx, w.editor, doc.ID, w.doc(doc.ID).Version, "告知书.docx", wordFile(t, "严禁楼道内飞线充电。")); err != nil {
				t.Fatal(err)
			}
			if got := w.searched("飞线充电"); len(got) != 0 {
				t.Fatalf("a draft's attachment is searchable: %v", got)
			}
			if err := w.submit(doc.ID); err != nil {
				t.Fatal(err)
			}
			if err := w.approve(doc.ID); err != nil {
				t.Fatal(err)
			}
			if got := w.searched("飞线充电"); len(got) != 1 || !got["关于电动自行车充电管理的通知"] {
				t.Fatalf("search by the attachment's text: %v", got)
			}
			// A file added to the open revision is not searched until
			// that revision is published.
			if err := w.s.ReviseDocument(ctx, w.editor, doc.ID, w.doc(doc.ID).Version); err != nil {
				t.Fatal(err)
			}
			if _, err := w.s.AddAttachment(ctx, w.editor, doc.ID, w.doc(doc.ID).Version, "补充.docx", wordFile(t, "集中充电棚开放时间")); err != nil {
				t.Fatal(err)
			}
			if got := w.searched("充电棚"); len(got) != 0 {
				t.Fatalf("an open revision's attachment is searchable: %v", got)
			}
			if err := w.s.WithdrawDocument(ctx, w.reviewer, doc.ID, w.doc(doc.ID).Version, publish.WithdrawError, 0, "发布错误"); err != nil {
				t.Fatal(err)
			}
			if got := w.searched("飞线充电"); len(got) != 0 {
				t.Fatalf("found after withdrawal: %v", got)
			}
		})
	}
}

// TestExtractAttachmentTexts: attachments stored before texts were kept
// are read once, and their documents become searchable by them.
func TestExtractAttachmentTexts(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, storetest.Open(t, d))
			doc := w.draft(w.content("充电设施建设补助办法", "tongzhi"))
			a, err := w.s.AddAttachment(ctx, w.editor, doc.ID, w.doc(doc.ID).Version, "申请表.docx", wordFile(t, "充电桩补贴申请表"))
			if err != nil {
				t.Fatal(err)
			}
			other := w.draft(w.content("未发布的草稿", "tongzhi"))
			if _, err := w.s.AddAttachment(ctx, w.editor, other.ID, w.doc(other.ID).Version, "草稿.docx", wordFile(t, "充电桩补贴草案")); err != nil {
				t.Fatal(err)
			}
			// As the rows stood before migration 00018 filled them.
			db, _ := store.RawForTest(w.s)
			q := "UPDATE attachments SET text = '', text_state = 'pending'"
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
			if err := w.submit(doc.ID); err != nil {
				t.Fatal(err)
			}
			if err := w.approve(doc.ID); err != nil {
				t.Fatal(err)
			}
			if got := w.searched("充电桩补贴"); len(got) != 0 {
				t.Fatalf("found before extraction: %v", got)
			}
			n, err := w.s.ExtractAttachmentTexts(ctx)
			if err != nil || n != 2 {
				t.Fatalf("extracted %d: %v", n, err)
			}
			if got := w.searched("充电桩补贴"); len(got) != 1 || !got["充电设施建设补助办法"] {
				t.Fatalf("after extraction: %v", got)
			}
			var text, state string
			if err := db.QueryRowContext(ctx, rebindFor(w.s, "SELECT text, text_state FROM attachments WHERE id = ?"), a.ID).Scan(&text, &state); err != nil {
				t.Fatal(err)
			}
			if text != "充电桩补贴申请表" || state != "done" {
				t.Errorf("row: %q %q", text, state)
			}
			if n, err := w.s.ExtractAttachmentTexts(ctx); err != nil || n != 0 {
				t.Errorf("second run settled %d: %v", n, err)
			}
		})
	}
}

// An unreadable file is stored all the same, marked failed.
func TestUnreadableAttachmentStored(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, storetest.Open(t, d))
			doc := w.draft(w.content("带损坏附件的文件", "tongzhi"))
			a, err := w.s.AddAttachment(ctx, w.editor, doc.ID, w.doc(doc.ID).Version, "坏.pdf", []byte("%PDF-1.4\n% 截断的文件\n"))
			if err != nil {
				t.Fatal(err)
			}
			db, _ := store.RawForTest(w.s)
			var text, state string
			if err := db.QueryRowContext(ctx, rebindFor(w.s, "SELECT text, text_state FROM attachments WHERE id = ?"), a.ID).Scan(&text, &state); err != nil {
				t.Fatal(err)
			}
			if text != "" || state != "failed" {
				t.Errorf("row: %q %q", text, state)
			}
		})
	}
}

// A long attachment (about 1 MiB of text, 350,000 distinct-ish characters)
// is searched as far as the index takes it and does not stop publication:
// PostgreSQL refuses to_tsvector input over 1 MiB.
func TestLongAttachmentText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	long := make([]rune, 350000)
	for i := range long {
		long[i] = rune(0x4E00 + r.IntN(3000))
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, storetest.Open(t, d))
			doc := w.draft(w.content("附件很长的文件", "tongzhi"))
			if _, err := w.s.AddAttachment(ctx, w.editor, doc.ID, w.doc(doc.ID).Version, "长.docx", wordFile(t, "飞线充电。"+string(long)+"。楼道停车")); err != nil {
				t.Fatal(err)
			}
			if err := w.submit(doc.ID); err != nil {
				t.Fatal(err)
			}
			if err := w.approve(doc.ID); err != nil {
				t.Fatal(err)
			}
			if got := w.searched("飞线充电"); !got["附件很长的文件"] {
				t.Errorf("the start of a long attachment: %v", got)
			}
			if got := w.searched("楼道停车"); len(got) != 0 {
				t.Errorf("text past the bound is indexed: %v", got)
			}
		})
	}
}
