package store_test

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestPortalContentSuite runs the store side of the portal's content
// pages on each dialect: organ contacts, the policy library's listing and
// theme counts, a body's own images, and media interpretations.
func TestPortalContentSuite(t *testing.T) {
	tests := []struct {
		name string
		fn   func(t *testing.T, w *world)
	}{
		{"OrganContacts", testOrganContacts},
		{"PolicyLibrary", testPolicyLibrary},
		{"BodyImages", testBodyImages},
		{"MediaInterpretation", testMediaInterpretation},
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) { tc.fn(t, newWorld(t, storetest.Open(t, d))) })
			}
		})
	}
}

// testPNG is a small valid PNG.
func testPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testWebM starts like a WebM file: an EBML header naming the webm type.
var testWebM = []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02")

func testOrganContacts(t *testing.T, w *world) {
	d := &auth.Department{Code: "jy-test", Name: "测试办公室", Head: " 王五 ", Phone: "021-00001234", Address: "菊园新区示例路1号"}
	if err := w.s.CreateDepartment(ctx, "admin", d); err != nil {
		t.Fatal(err)
	}
	got, err := w.s.Department(ctx, d.ID)
	if err != nil || got.Head != "王五" || got.Phone != "021-00001234" || got.Address != "菊园新区示例路1号" {
		t.Fatalf("created: %+v %v", got, err)
	}
	got.Head, got.Phone, got.Address = "赵六", "021-00005678转123", ""
	if err := w.s.UpdateDepartment(ctx, "admin", got); err != nil {
		t.Fatal(err)
	}
	again, _ := w.s.DepartmentByCode(ctx, "jy-test")
	if again.Head != "赵六" || again.Phone != "021-00005678转123" || again.Address != "" {
		t.Errorf("updated: %+v", again)
	}
	again.Phone = "call me"
	err = w.s.UpdateDepartment(ctx, "admin", again)
	wantCode(t, err, errs.Invalid, "invalid_department_phone")
	if errs.FieldOf(err) != "phone" {
		t.Errorf("phone error field %q", errs.FieldOf(err))
	}
	again.Phone, again.Address = "", strings.Repeat("长", 101)
	wantCode(t, w.s.UpdateDepartment(ctx, "admin", again), errs.Invalid, "invalid_department_address")
}

func testPolicyLibrary(t *testing.T, w *world) {
	policy := w.content("政策库测试：通知", "tongzhi")
	policy.Theme = "10.02"
	w.publishSimple(policy)
	news := w.content("政策库测试：工作动态", "gongzuodongtai")
	news.Theme = "07.07" // a theme with news only
	w.publishSimple(news)
	base := w.content("政策库测试：被图解的规范性文件", publish.GenreNormative)
	base.DocNumber = "菊管规〔2026〕9号"
	baseDoc := w.draft(base)
	graphic := w.content("政策库测试：图解", publish.GenreInterpretation)
	graphic.Interprets, graphic.InterpretForm = baseDoc.ID, publish.FormGraphic
	graphic.ColumnIDs = []int64{w.interpCol.ID}
	gDoc := w.draft(graphic)
	// A 图解 is submitted with an image and not without.
	wantCode(t, w.submit(gDoc.ID), errs.Invalid, "graphic_image_required")
	if _, err := w.s.AddAttachment(ctx, w.editor, gDoc.ID, w.doc(gDoc.ID).Version, "图解.png", testPNG(t)); err != nil {
		t.Fatal(err)
	}
	for _, step := range []func(int64) error{w.submit} {
		if err := step(gDoc.ID); err != nil {
			t.Fatal(err)
		}
		if err := step(baseDoc.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.approve(gDoc.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.approve(baseDoc.ID); err != nil {
		t.Fatal(err)
	}

	titles := func(f store.PublicFilter) (map[string]bool, int) {
		t.Helper()
		docs, total, err := w.s.PublicDocuments(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, d := range docs {
			out[d.Rev.Content.Title] = true
		}
		if len(docs) != total {
			t.Errorf("%+v: %d rows, total %d", f, len(docs), total)
		}
		return out, total
	}
	lib, n := titles(store.PublicFilter{Policy: true})
	if n != 3 || !lib[policy.Title] || !lib[base.Title] || !lib[graphic.Title] || lib[news.Title] {
		t.Errorf("policy library = %v (%d), want the 通知, the 规范性文件 and its 图解, not the news", lib, n)
	}
	if all, n := titles(store.PublicFilter{}); n != 4 || !all[news.Title] {
		t.Errorf("all = %v (%d)", all, n)
	}
	// A 图解 interpretation is listed as 图解, not as 解读.
	if got, n := titles(store.PublicFilter{Policy: true, Genre: publish.GenreGraphic}); n != 1 || !got[graphic.Title] {
		t.Errorf("genre tujie = %v", got)
	}
	if _, n := titles(store.PublicFilter{Genre: publish.GenreInterpretation}); n != 0 {
		t.Errorf("genre jiedu lists %d, want 0 (the only interpretation is a 图解)", n)
	}
	if got, n := titles(store.PublicFilter{Policy: true, Theme: "10"}); n != 1 || !got[policy.Title] {
		t.Errorf("policy theme 10 = %v", got)
	}
	// The theme filter's themes: those with policy documents.
	themes, err := w.s.PolicyThemes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"02": true, "02.01": true, "10": true, "10.02": true}
	if len(themes) != len(want) || !themes["02.01"] || !themes["10.02"] || !themes["10"] || !themes["02"] || themes["07.07"] || themes["07"] {
		t.Errorf("policy themes = %v, want %v", themes, want)
	}
	checkProjection(t, w.s, "policy library")
	// Marking 工作动态 as policy moves the news in, with its theme; the
	// mark taken off again moves it out.
	if err := w.s.SaveGenre(ctx, "admin", publish.Genre{Code: "gongzuodongtai", Name: "工作动态", Active: true, Policy: true}); err != nil {
		t.Fatal(err)
	}
	if lib, n := titles(store.PublicFilter{Policy: true}); n != 4 || !lib[news.Title] {
		t.Errorf("after marking news as policy: %v (%d)", lib, n)
	}
	if themes, _ := w.s.PolicyThemes(ctx); !themes["07.07"] {
		t.Errorf("policy themes after marking: %v", themes)
	}
	checkProjection(t, w.s, "genre marked")
	if err := w.s.SaveGenre(ctx, "admin", publish.Genre{Code: "gongzuodongtai", Name: "工作动态", Active: true}); err != nil {
		t.Fatal(err)
	}
	if _, n := titles(store.PublicFilter{Policy: true}); n != 3 {
		t.Errorf("after unmarking: %d", n)
	}
	if themes, _ := w.s.PolicyThemes(ctx); themes["07.07"] {
		t.Errorf("policy themes after unmarking: %v", themes)
	}
	genres, _ := w.s.Genres(ctx)
	notPolicy := map[string]bool{"gongbao": true, "tongbao": true, "baogao": true, "qingshi": true, "yian": true, "han": true,
		"jiyao": true, "gongzuodongtai": true, "shuju": true}
	for _, g := range genres {
		if g.Policy == notPolicy[g.Code] {
			t.Errorf("genre %s policy = %v", g.Code, g.Policy)
		}
	}
	checkProjection(t, w.s, "genre unmarked")
}

func testBodyImages(t *testing.T, w *world) {
	// Another document, never published, with an image of its own.
	other := w.draft(w.content("别的文件（草稿）", "tongzhi"))
	secret, err := w.s.AddAttachment(ctx, w.editor, other.ID, w.doc(other.ID).Version, "内部.png", testPNG(t))
	if err != nil {
		t.Fatal(err)
	}
	d := w.draft(w.content("带图的文件", "tongzhi"))
	own, err := w.s.AddAttachment(ctx, w.editor, d.ID, w.doc(d.ID).Version, "示意图.png", testPNG(t))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := w.s.AddAttachment(ctx, w.editor, d.ID, w.doc(d.ID).Version, "表.pdf", []byte("%PDF-1.4\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := w.content("带图的文件", "tongzhi")
	c.Body = `<p>甲</p><img src="示意图.png" alt="示意图">` +
		`<img src="/files/` + itoa(secret.ID) + `/内部.png" alt="别人的图">` +
		`<img src="/files/` + itoa(pdf.ID) + `/表.pdf" alt="不是图片">` +
		`<img src="https://example.com/x.png" alt="外链"><img src="data:image/png;base64,AAAA" alt="内嵌">`
	if err := w.s.SaveDraft(ctx, w.editor, d.ID, w.doc(d.ID).Version, c, ""); err != nil {
		t.Fatal(err)
	}
	rev, err := w.s.Revision(ctx, w.doc(d.ID).OpenRev)
	if err != nil {
		t.Fatal(err)
	}
	if want := `<p>甲</p><img src="/files/` + itoa(own.ID) + `/%E7%A4%BA%E6%84%8F%E5%9B%BE.png" alt="示意图">`; rev.Content.Body != want {
		t.Errorf("saved body = %q, want %q", rev.Content.Body, want)
	}
	// An image without alt text is refused, with a Chinese message on the body.
	c.Body = `<p>甲</p><img src="示意图.png">`
	err = w.s.SaveDraft(ctx, w.editor, d.ID, w.doc(d.ID).Version, c, "")
	wantCode(t, err, errs.Invalid, "image_alt_required")
	if errs.FieldOf(err) != "body" {
		t.Errorf("alt error field %q", errs.FieldOf(err))
	}
	// The other document's file stays unpublished.
	if _, _, err := w.s.PublicAttachment(ctx, secret.ID, 0); !errs.Is(err, errs.NotFound) {
		t.Errorf("the other document's image is public: %v", err)
	}
}

func testMediaInterpretation(t *testing.T, w *world) {
	policy := w.draft(w.content("有音视频解读的政策", publish.GenreNormative))
	c := w.content("视频解读", publish.GenreInterpretation)
	c.Interprets, c.InterpretForm, c.ColumnIDs = policy.ID, publish.FormMedia, []int64{w.interpCol.ID}
	c.Body = "<p>&nbsp;</p>"
	d := w.draft(c)
	if _, err := w.s.AddAttachment(ctx, w.editor, d.ID, w.doc(d.ID).Version, "解读.webm", testWebM); err != nil {
		t.Fatal(err)
	}
	// No transcript: refused, in Chinese.
	err := w.submit(d.ID)
	wantCode(t, err, errs.Invalid, "transcript_required")
	if _, msg := errs.Public(err); !strings.Contains(msg, "文字实录") {
		t.Errorf("message %q", msg)
	}
	c.Body = "<p>主持人：今天解读……</p>"
	if err := w.s.SaveDraft(ctx, w.editor, d.ID, w.doc(d.ID).Version, c, ""); err != nil {
		t.Fatal(err)
	}
	if err := w.submit(d.ID); err != nil {
		t.Fatal(err)
	}
	// A media interpretation needs its media file.
	c2 := c
	c2.Title = "没有文件的音频解读"
	d2 := w.draft(c2)
	wantCode(t, w.submit(d2.ID), errs.Invalid, "media_file_required")
	// The media limit holds audio and video to the store's setting.
	w.s.MediaLimit = 16
	_, err = w.s.AddAttachment(ctx, w.editor, d2.ID, w.doc(d2.ID).Version, "长.webm", append(slicesClone(testWebM), make([]byte, 64)...))
	wantCode(t, err, errs.Invalid, "media_too_large")
	if _, err := w.s.AddAttachment(ctx, w.editor, d2.ID, w.doc(d2.ID).Version, "图.png", testPNG(t)); err != nil {
		t.Errorf("an image is not held to the media limit: %v", err)
	}
}

func slicesClone(b []byte) []byte { return append([]byte(nil), b...) }
