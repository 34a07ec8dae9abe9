package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"

	"gongkai/internal/demo"
	"gongkai/internal/store"
)

// TestServeDemo boots the whole program with the demo data, checks the
// portal, the back office and the probes, stops it with SIGTERM (graceful:
// exit status 0), and boots it again on the same data, which must neither
// fail nor load the demo twice.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	forDialects(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		args, url := storeArgs(t, d)
		srv := startServe(t, append(args, "--demo")...)

		out := srv.Stdout()
		for _, want := range []string{"已载入菊园新区演示数据", demo.Password, "admin", "auditor", "security"} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout does not contain %q:\n%s", want, out)
			}
		}
		wantBackend := "(SQLite "
		if d == store.Postgres {
			wantBackend = "(PostgreSQL)"
		}
		if !strings.Contains(out, wantBackend) {
			t.Errorf("listening line does not name the backend %q:\n%s", wantBackend, out)
		}

		status, hdr, body := get(t, srv.URL+"/", "")
		if status != 200 || !strings.Contains(body, `lang="zh-CN"`) || !strings.Contains(body, "政务公开") {
			t.Errorf("GET /: %d, lang zh-CN %v, 政务公开 %v", status, strings.Contains(body, `lang="zh-CN"`), strings.Contains(body, "政务公开"))
		}
		if !strings.Contains(body, demo.SiteName) {
			t.Errorf("GET / does not show the demo site name %q", demo.SiteName)
		}
		if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET /: Content-Type %q", ct)
		}
		if status, _, body := get(t, srv.URL+"/admin/login", ""); status != 200 || !strings.Contains(body, "<form") {
			t.Errorf("GET /admin/login: %d (form present %v)", status, strings.Contains(body, "<form"))
		}
		if status, _, body := get(t, srv.URL+"/healthz", ""); status != 200 || strings.TrimSpace(body) != "ok" {
			t.Errorf("GET /healthz: %d %q", status, body)
		}
		if status, _, body := get(t, srv.URL+"/readyz", ""); status != 200 {
			t.Errorf("GET /readyz: %d %q", status, body)
		}
		if status, _, _ := get(t, srv.URL+"/no-such-page", ""); status != 404 {
			t.Errorf("GET /no-such-page: %d", status)
		}

		srv.stop(t) // SIGTERM → exit status 0
		if log := srv.Stderr(); !strings.Contains(log, "stopped") {
			t.Errorf("server log does not record the graceful stop:\n%s", tail(log, 2000))
		}

		// Second start on the same data: works, shows the accounts, loads nothing.
		srv = startServe(t, append(args, "--demo")...)
		out = srv.Stdout()
		if strings.Contains(out, "已载入") {
			t.Errorf("second start loaded the demo again:\n%s", out)
		}
		if !strings.Contains(out, demo.Password) || !strings.Contains(out, "auditor") {
			t.Errorf("second start does not list the demo accounts:\n%s", out)
		}
		if status, _, _ := get(t, srv.URL+"/readyz", ""); status != 200 {
			t.Errorf("GET /readyz after restart: %d", status)
		}
		srv.stop(t)

		s := openTestStore(t, url)
		ctx := context.Background()
		users, err := s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		depts, err := s.Departments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != len(demo.Accounts) || len(depts) != 10 {
			t.Errorf("after two demo starts: %d users (want %d), %d departments (want 10)", len(users), len(demo.Accounts), len(depts))
		}
		if res, err := s.VerifyAudit(ctx); err != nil || !res.OK() {
			t.Errorf("audit after two demo starts: %+v %v", res, err)
		}
	})
}

// crashTarget is how many acknowledged writes the crash test waits for
// before it kills the server (a count, not a time).
const crashTarget = 200

// crashWrite is one kind of acknowledged write the crash test hammers.
type crashWrite struct {
	name    string
	user    string // whose API token writes
	path    string
	body    func(key string) string
	present func(t *testing.T, srv *server, url, token string) map[string]bool // keys found after the restart
	// public writes come from many visitors: the server trusts the test as
	// its proxy, and each write names its own client address, so the
	// per-visitor limit holds per visitor as it would behind nginx.
	public bool
}

var crashWrites = []crashWrite{
	{
		// A letter from the public (政民互动): its number is on the
		// writer's receipt, so it must exist after any crash.
		name: "letters", user: "supervisor", path: "/api/v1/letters", public: true,
		body: func(key string) string {
			return `{"kind":"consult","target":"jy-sqfw","name":"测试","phone":"13812345678","subject":"` + key + `","content":"崩溃测试"}`
		},
		present: func(t *testing.T, _ *server, url, _ string) map[string]bool {
			out := map[string]bool{}
			st := openTestStore(t, url)
			for page := 1; ; page++ {
				ls, total, err := st.Letters(context.Background(), store.LetterFilter{Status: "all", Page: page, Size: store.MaxLetterPage})
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range ls {
					out[l.Subject] = true
				}
				if page*store.MaxLetterPage >= total {
					return out
				}
			}
		},
	},
	{
		name: "departments", user: "admin", path: "/api/v1/departments",
		body: func(key string) string { return fmt.Sprintf(`{"code":%q,"name":"崩溃测试%s"}`, key, key) },
		present: func(t *testing.T, srv *server, _, token string) map[string]bool {
			status, _, body := get(t, srv.URL+"/api/v1/departments", token)
			if status != 200 {
				t.Fatalf("GET /api/v1/departments after the crash: %d %s", status, body)
			}
			var list struct {
				Items []struct {
					Code string `json:"code"`
				} `json:"items"`
			}
			if err := json.Unmarshal([]byte(body), &list); err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, it := range list.Items {
				out[it.Code] = true
			}
			return out
		},
	},
	{
		// An information request is a legal document: once its number is
		// given, it must exist.
		name: "foi", user: "foi", path: "/api/v1/foi/applications",
		body: func(key string) string {
			return `{"applicant":{"kind":"person","name":"测试","id_type":"护照","id_number":"E12345678","phone":"13812345678"},` +
				`"description":"` + key + `","format":"paper","delivery":"pickup","channel":"in_person","received_on":"2026-11-02"}`
		},
		present: func(t *testing.T, _ *server, url, _ string) map[string]bool {
			apps, err := openTestStore(t, url).FOIApplications(context.Background(), store.FOIFilter{Size: store.MaxFOIPageSize})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, a := range apps {
				out[a.Request.Description] = true
			}
			return out
		},
	},
}

// TestCrashLosesNoAcknowledgedWrite kills the server with SIGKILL while
// four clients are writing through the API (departments; information
// requests), restarts it on the same data, and requires every write that
// was acknowledged (201) to be there, and the audit chain to verify.
func TestCrashLosesNoAcknowledgedWrite(t *testing.T) {
	t.Parallel()
	forDialects(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		for _, w := range crashWrites {
			t.Run(w.name, func(t *testing.T) { crashTest(t, d, w) })
		}
	})
}

func crashTest(t *testing.T, d store.Dialect, w crashWrite) {
	args, url := storeArgs(t, d)
	serveArgs := args
	if w.public {
		serveArgs = append(serveArgs[:len(serveArgs):len(serveArgs)], "--trusted-proxies", "127.0.0.1/32")
	}
	srv := startServe(t, append(serveArgs[:len(serveArgs):len(serveArgs)], "--demo")...)
	// The CLI works next to the running server (SQLite in WAL mode).
	token := strings.TrimSpace(mustGongkai(t, "", append([]string{"token", "create", "--username", w.user, "--name", "crash test"}, args...)...))

	var (
		mu       sync.Mutex
		next     int
		acked    = map[string]bool{} // 201 received
		unacked  = map[string]bool{} // sent, no answer (the crash)
		rejected []string            // answered, but not 201
		killed   bool
		reached  = make(chan struct{})
		once     sync.Once
	)
	client := &http.Client{Timeout: cliTimeout}
	worker := func() {
		for {
			mu.Lock()
			if killed || next >= 20*crashTarget {
				mu.Unlock()
				return
			}
			next++
			n, key := next, fmt.Sprintf("crash-%d", next)
			mu.Unlock()

			req, _ := http.NewRequest(http.MethodPost, srv.URL+w.path, strings.NewReader(w.body(key)))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			if w.public {
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.1", n/250, n%250))
			}
			resp, err := client.Do(req)
			var status int
			var respBody []byte
			if err == nil {
				respBody, err = io.ReadAll(resp.Body)
				resp.Body.Close()
				status = resp.StatusCode
			}
			mu.Lock()
			switch {
			case err != nil:
				unacked[key] = true
			case status == http.StatusCreated:
				acked[key] = true
				if len(acked) >= crashTarget {
					once.Do(func() { close(reached) })
				}
			default:
				rejected = append(rejected, fmt.Sprintf("%s: %d %s", key, status, bytes.TrimSpace(respBody)))
			}
			stop := err != nil
			mu.Unlock()
			if stop {
				return // the server is gone
			}
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(worker)
	}
	select {
	case <-reached:
	case <-srv.done:
		t.Fatalf("server exited during the load: %v", srv.err)
	}
	// Requests are in flight: the other workers have their next POST out.
	if err := srv.Cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.wait(t)
	if ws, ok := srv.Cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("server after SIGKILL: %v, want killed by SIGKILL", srv.Cmd.ProcessState)
	}
	mu.Lock()
	killed = true
	mu.Unlock()
	wg.Wait()

	if len(rejected) > 0 {
		t.Errorf("%d writes were answered with an error before the crash, e.g. %s", len(rejected), rejected[0])
	}

	// Restart on the same data and read everything back.
	srv = startServe(t, args...)
	present := w.present(t, srv, url, token)
	var lost []string
	for key := range acked {
		if !present[key] {
			lost = append(lost, key)
		}
	}
	inflightPresent, crashPresent := 0, 0
	for key := range unacked {
		if present[key] {
			inflightPresent++
		}
	}
	for key := range present {
		if strings.HasPrefix(key, "crash-") {
			crashPresent++
		}
	}
	t.Logf("%s %s crash: %d acknowledged, %d present after restart, %d lost; %d in flight at the kill (unacknowledged), %d of them present",
		d, w.name, len(acked), crashPresent, len(lost), len(unacked), inflightPresent)
	if len(lost) > 0 {
		t.Errorf("%d acknowledged writes lost in the crash: %v", len(lost), lost)
	}
	if crashPresent != len(acked)+inflightPresent {
		t.Errorf("%d crash-* writes present, want %d acknowledged + %d in-flight", crashPresent, len(acked), inflightPresent)
	}

	// The trail survived the crash too, while the server runs again.
	out := mustGongkai(t, "", append([]string{"audit", "verify"}, args...)...)
	if !strings.Contains(out, "校验通过") {
		t.Errorf("audit verify after the crash: %s", out)
	}
	srv.stop(t)
}
