package publish_test

import (
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/web/webtest"
)

// apButtons are the document page's action controls, by the action they post.
var apButtons = []publish.Action{publish.ActEdit, publish.ActSubmit, publish.ActReview, publish.ActRevise,
	publish.ActWithdraw, publish.ActValidity, publish.ActReopen}

// apButtonShown reports whether the document page offers the action.
func apButtonShown(body string, id int64, act publish.Action) bool {
	if act == publish.ActEdit {
		return strings.Contains(body, `href="/admin/documents/`+webtest.Itoa(id)+`/edit"`)
	}
	return strings.Contains(body, `action="/admin/documents/`+webtest.Itoa(id)+`/`+string(act)+`"`)
}

// TestPublishButtonsAreCan drives documents through every state the back
// office can produce and checks, for each staff role, that the document
// page offers exactly the actions publish.Can allows.
func TestPublishButtonsAreCan(t *testing.T) {
	e := webtest.New(t, storetest.Dialects(t)[0])
	w := apSetup(t, e)
	clients := map[string]*webtest.Client{"editor": w.editor, "reviewer": w.rev, "supervisor": w.sup}
	seen := map[publish.Action]bool{}
	check := func(state string, id int64) {
		t.Helper()
		doc, err := e.St.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var open *publish.Revision
		if doc.OpenRev != 0 {
			if open, err = e.St.Revision(ctx, doc.OpenRev); err != nil {
				t.Fatal(err)
			}
		}
		for name, c := range clients {
			u, err := e.St.UserByUsername(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			r := c.Get("/admin/documents/" + webtest.Itoa(id))
			if r.Status != 200 {
				t.Fatalf("%s: %s sees %d", state, name, r.Status)
			}
			for _, act := range apButtons {
				want := publish.Can(store.ActorOf(u), doc, open, act) == nil
				if got := apButtonShown(r.Body, id, act); got != want {
					t.Errorf("%s: %s is offered %s: %v, publish.Can says %v", state, name, act, got, want)
				}
				seen[act] = seen[act] || want
			}
			// The editor page opens exactly when editing is allowed, and
			// offers the upload form exactly when attaching is.
			canEdit := publish.Can(store.ActorOf(u), doc, open, publish.ActEdit) == nil
			if name == "reviewer" || name == "supervisor" {
				continue // the route refuses them the editor (golden route matrix)
			}
			ed := c.Get("/admin/documents/" + webtest.Itoa(id) + "/edit")
			if (ed.Status == 200) != canEdit {
				t.Errorf("%s: %s opens the editor with %d, publish.Can allows editing: %v", state, name, ed.Status, canEdit)
			}
			if ed.Status == 200 {
				upload := strings.Contains(ed.Body, `action="/admin/documents/`+webtest.Itoa(id)+`/attachments"`)
				if want := publish.Can(store.ActorOf(u), doc, open, publish.ActAttach) == nil; upload != want {
					t.Errorf("%s: %s is offered the upload: %v, publish.Can says %v", state, name, upload, want)
				}
			}
		}
	}
	act := func(c *webtest.Client, id int64, action string, form url.Values) {
		t.Helper()
		w.apMust(t, w.apAct(t, c, id, action, form), action)
	}
	approve := func() url.Values { return url.Values{"approve": {"1"}} }

	doc := w.apCreate(t, w.editor, w.apForm("按钮测试通知", "tongzhi", w.policyCol))
	check("draft", doc)
	act(w.editor, doc, "submit", nil)
	check("submitted", doc)
	act(w.rev, doc, "review", url.Values{"approve": {"0"}, "note": {"请补充依据"}})
	check("returned", doc)
	act(w.editor, doc, "submit", nil)
	act(w.rev, doc, "review", url.Values{"approve": {"1"}, "publish_at": {"2026-03-05 09:00"}})
	check("scheduled", doc)
	act(w.editor, doc, "reopen", nil)
	act(w.editor, doc, "submit", nil)
	act(w.rev, doc, "review", approve())
	check("published", doc)
	act(w.editor, doc, "revise", nil)
	check("published, revision drafted", doc)
	act(w.sup, doc, "withdraw", url.Values{"reason": {string(publish.WithdrawError)}})
	check("withdrawn", doc)

	onRequest := w.apForm("依申请公开的答复", "tongzhi", w.policyCol)
	onRequest.Set("attribute", string(publish.OnRequest))
	held := w.apCreate(t, w.editor, onRequest)
	act(w.editor, held, "submit", nil)
	act(w.rev, held, "review", approve())
	check("approved, on request", held)

	// 三同步: the policy waits, approved, for its interpretation.
	policy := w.apCreate(t, w.editor, w.apForm("按钮测试规定", publish.GenreNormative, w.policyCol))
	iform := w.apForm("按钮测试规定解读", publish.GenreInterpretation, w.interpCol)
	iform.Set("interprets", webtest.Itoa(policy))
	iform.Set("interpret_form", "qa")
	interp := w.apCreate(t, w.editor, iform)
	act(w.editor, interp, "submit", nil)
	act(w.editor, policy, "submit", nil)
	act(w.rev, policy, "review", approve())
	check("approved, waiting for its interpretation", policy)
	check("interpretation submitted", interp)

	for _, a := range apButtons {
		if !seen[a] {
			t.Errorf("no state offered %s to anyone: the test does not cover it", a)
		}
	}
}
