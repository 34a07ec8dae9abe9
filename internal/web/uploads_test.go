package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/web/webtest"
)

// TestUploadRefusedBeforeItsBody: a 6 MB post to the public form without
// the form's cookie-bound token is refused before its body is read, and
// only a few large public bodies are read at once — a flood of uploads
// cannot fill the memory.
func TestUploadRefusedBeforeItsBody(t *testing.T) {
	e := webtest.New(t, store.SQLite)
	// The body announces 6 MB but only 64 KB ever arrive: a server that
	// read the body before deciding would wait for the rest.
	pr, pw := io.Pipe()
	defer pw.Close()
	req := webtest.NewRequest(t, e, "POST", "/foi/apply")
	req.Body, req.ContentLength = pr, 6<<20
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	answer := make(chan int, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			answer <- 0
			return
		}
		res.Body.Close()
		answer <- res.StatusCode
	}()
	go func() { _, _ = pw.Write(make([]byte, 64<<10)) }()
	select {
	case status := <-answer:
		if status != http.StatusForbidden {
			t.Errorf("post without the form's cookie: %d, want 403", status)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server waited for the body of a post it must refuse")
	}

	// Four slow uploads with the cookie hold every slot; the fifth is
	// told to come back later at once.
	c := e.Client()
	c.Get("/foi/apply")
	cookie := ""
	for _, ck := range c.HTTP.Jar.Cookies(req.URL) {
		if ck.Name == "gk_csrf" {
			cookie = ck.Name + "=" + ck.Value
		}
	}
	if cookie == "" {
		t.Fatal("the form page set no CSRF cookie")
	}
	slow := func() (*io.PipeWriter, chan int) {
		pr, pw := io.Pipe()
		done := make(chan int, 1)
		req := webtest.NewRequest(t, e, "POST", "/foi/apply")
		req.Body, req.ContentLength = pr, 5<<20
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		req.Header.Set("Cookie", cookie)
		go func() {
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				done <- 0
				return
			}
			res.Body.Close()
			done <- res.StatusCode
		}()
		_, _ = pw.Write([]byte(strings.Repeat("x", 1024))) // the server is now reading this body
		return pw, done
	}
	var writers []*io.PipeWriter
	var dones []chan int
	for range 4 {
		pw, done := slow()
		writers, dones = append(writers, pw), append(dones, done)
	}
	for deadline := time.Now().Add(10 * time.Second); e.Srv.UploadsInProgress() < 4; {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of 4 uploads are being read", e.Srv.UploadsInProgress())
		}
		time.Sleep(10 * time.Millisecond)
	}
	pw5, fifth := slow()
	writers = append(writers, pw5)
	select {
	case status := <-fifth:
		if status != http.StatusServiceUnavailable {
			t.Errorf("fifth concurrent upload: %d, want 503", status)
		}
	case <-time.After(10 * time.Second):
		t.Error("the fifth upload was not refused while four were being read")
	}
	for _, pw := range writers {
		pw.CloseWithError(io.ErrUnexpectedEOF)
	}
	for _, d := range dones {
		<-d
	}
	// The server notices the broken bodies and gives the slots back.
	for deadline := time.Now().Add(10 * time.Second); e.Srv.UploadsInProgress() > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d upload slots still taken after the uploads ended", e.Srv.UploadsInProgress())
		}
	}
}
