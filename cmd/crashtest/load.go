package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/internal/calendar"
)

// ledger is what the clients of one cycle were told: the writes answered
// with success, and the ones sent without an answer (in flight at the
// kill). It is the list to look for after the restart, never the evidence.
type ledger struct {
	mu         sync.Mutex
	apps       map[string]string // FOI number → its description (201)
	confirmed  map[string]bool   // FOI numbers whose confirm event got 201
	published  map[string]bool   // document titles whose review got 303 doc_published
	unanswered int               // writes without an answer
	inFlight   map[string]bool   // document titles whose publication had no answer
	refused    []string          // answered, but not with success
}

func newLedger() *ledger {
	return &ledger{apps: map[string]string{}, confirmed: map[string]bool{}, published: map[string]bool{}, inFlight: map[string]bool{}}
}

func (l *ledger) acknowledged() int { return len(l.apps) + len(l.confirmed) + len(l.published) }

func (l *ledger) refuse(what string, a answer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refused = append(l.refused, what+": "+a.short())
}

// load is one cycle's clients against srv until ctx ends or the server is
// gone. Keys are unique over the whole run (cycle number, counter).
type load struct {
	h       *harness
	srv     *server
	cycle   int
	led     *ledger
	toStaff chan string // acknowledged FOI numbers for the staff client

	editor, reviewer *client // signed in before the load starts
	n                atomic.Int64
}

// submitters is how many anonymous applicants submit at the same time.
const submitters = 3

// run starts the clients and returns when all have stopped.
func (ld *load) run(ctx context.Context) {
	var wg sync.WaitGroup
	for range submitters {
		wg.Go(func() { ld.submit(ctx) })
	}
	wg.Go(func() { ld.confirm(ctx) })
	wg.Go(func() { ld.publish(ctx) })
	wg.Wait()
}

// gone reports whether an answer means the clients should stop: no answer
// (the server was killed) or the cycle is over.
func gone(ctx context.Context, a answer) bool { return a.err != nil || ctx.Err() != nil }

// submit sends anonymous online applications. Each one comes from its own
// visitor address: the harness is the trusted proxy and names the visitor
// in X-Forwarded-For, as nginx in front of the server would, so the
// per-visitor limit (30 a minute) applies per simulated applicant.
func (ld *load) submit(ctx context.Context) {
	c := newClient(ld.srv.url)
	for ctx.Err() == nil {
		n := ld.h.visitors.Add(1)
		key := fmt.Sprintf("crash-c%d-%d", ld.cycle, ld.n.Add(1))
		body := map[string]any{
			"applicant":   map[string]string{"kind": "person", "name": "测试", "id_type": "护照", "id_number": "E12345678", "phone": "13812345678"},
			"description": key, "format": "paper", "delivery": "pickup",
		}
		xff := fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
		a := c.postJSON(ctx, "/api/v1/foi/applications", body, map[string]string{"X-Forwarded-For": xff})
		if gone(ctx, a) {
			ld.unanswered(a)
			return
		}
		var out struct {
			Number string `json:"number"`
		}
		if a.status != http.StatusCreated || json.Unmarshal(a.body, &out) != nil || out.Number == "" {
			ld.led.refuse("POST /api/v1/foi/applications", a)
			continue
		}
		ld.led.mu.Lock()
		ld.led.apps[out.Number] = key
		ld.led.mu.Unlock()
		select {
		case ld.toStaff <- out.Number:
		default: // the officer is behind; this one stays unconfirmed
		}
	}
}

// unanswered counts a write that got no answer while the server was
// running (a transport error once it was killed, or the cycle's end).
func (ld *load) unanswered(a answer) {
	if a.err != nil {
		ld.led.mu.Lock()
		ld.led.unanswered++
		ld.led.mu.Unlock()
	}
}

// confirm is the FOI head confirming receipt of acknowledged online
// applications through the API with a bearer token: read the case for its
// version, record the confirm event with it.
func (ld *load) confirm(ctx context.Context) {
	c := newClient(ld.srv.url)
	c.token = ld.h.token
	today := calendar.DateOf(time.Now()).String()
	for {
		var number string
		select {
		case <-ctx.Done():
			return
		case number = <-ld.toStaff:
		}
		a := c.get(ctx, "/api/v1/foi/applications/"+number)
		if gone(ctx, a) {
			return
		}
		var app struct {
			Version int64 `json:"version"`
		}
		if a.status != http.StatusOK || json.Unmarshal(a.body, &app) != nil {
			ld.led.refuse("GET /api/v1/foi/applications/"+number, a)
			continue
		}
		a = c.postJSON(ctx, "/api/v1/foi/applications/"+number+"/events",
			map[string]any{"version": app.Version, "type": "confirm", "on": today}, nil)
		if gone(ctx, a) {
			ld.unanswered(a)
			return
		}
		if a.status != http.StatusCreated {
			ld.led.refuse("POST …/events confirm "+number, a)
			continue
		}
		ld.led.mu.Lock()
		ld.led.confirmed[number] = true
		ld.led.mu.Unlock()
	}
}

var (
	docURLRE     = regexp.MustCompile(`^/admin/documents/([0-9]+)`)
	docVersionRE = regexp.MustCompile(`name="version" value="([0-9]+)"`)
)

// publish is an editor drafting and submitting notices and a reviewer
// approving them, which publishes them at once (a 通知 needs no
// interpretation), all through the back-office forms.
func (ld *load) publish(ctx context.Context) {
	editor, reviewer := ld.editor, ld.reviewer
	today := calendar.DateOf(time.Now()).String()
	version := func(c *client, id string) (string, answer) {
		a := c.get(ctx, "/admin/documents/"+id)
		if m := docVersionRE.FindSubmatch(a.body); a.err == nil && a.status == http.StatusOK && m != nil {
			return string(m[1]), a
		}
		return "", a
	}
	for ctx.Err() == nil {
		title := fmt.Sprintf("崩溃测试通知 crash-c%d-%d", ld.cycle, ld.n.Add(1))
		a := editor.postForm(ctx, "/admin/documents/new", url.Values{
			"title": {title}, "organ": {ld.h.organ}, "written_on": {today}, "theme": {"02.01"}, "genre": {"tongzhi"},
			"keywords": {"崩溃测试"}, "summary": {"崩溃测试"}, "body": {"<p>崩溃测试。</p>"}, "attribute": {"active"}, "column": {ld.h.column},
		})
		if gone(ctx, a) {
			ld.unanswered(a)
			return
		}
		m := docURLRE.FindStringSubmatch(a.header.Get("Location"))
		if a.status != http.StatusSeeOther || m == nil {
			ld.led.refuse("create document", a)
			continue
		}
		id := m[1]
		v, a := version(editor, id)
		if gone(ctx, a) {
			return
		}
		if a = editor.postForm(ctx, "/admin/documents/"+id+"/submit", url.Values{"version": {v}}); gone(ctx, a) {
			ld.unanswered(a)
			return
		}
		if a.status != http.StatusSeeOther || a.flash() != "doc_submitted" {
			ld.led.refuse("submit document "+id, a)
			continue
		}
		v, a = version(reviewer, id)
		if gone(ctx, a) {
			return
		}
		ld.led.mu.Lock()
		ld.led.inFlight[title] = true
		ld.led.mu.Unlock()
		a = reviewer.postForm(ctx, "/admin/documents/"+id+"/review", url.Values{"version": {v}, "approve": {"1"}})
		if gone(ctx, a) {
			ld.unanswered(a)
			return
		}
		ld.led.mu.Lock()
		delete(ld.led.inFlight, title)
		ld.led.mu.Unlock()
		if a.status != http.StatusSeeOther || a.flash() != "doc_published" {
			ld.led.refuse("publish document "+id+" (flash "+strconv.Quote(a.flash())+")", a)
			continue
		}
		ld.led.mu.Lock()
		ld.led.published[title] = true
		ld.led.mu.Unlock()
	}
}
