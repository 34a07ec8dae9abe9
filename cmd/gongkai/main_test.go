package main

// The tests of this package run the real program: the test binary re-executes
// itself with GONGKAI_TEST_MAIN=1 and then behaves exactly like the gongkai
// binary (TestMain calls main). So every test here goes through flag
// parsing, the environment, os.Exit codes, signals and real sockets, on real
// SQLite files and, when GONGKAI_TEST_POSTGRES is set, real PostgreSQL
// databases.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

const mainEnv = "GONGKAI_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		main() // exits
		return
	}
	code := m.Run()
	storetest.Cleanup() // the import tests' template databases
	os.Exit(code)
}

// Generous limits that only stop a hung child; no test asserts on speed.
const (
	cliTimeout   = 2 * time.Minute
	startTimeout = 2 * time.Minute
	stopTimeout  = time.Minute
)

// childEnv is the environment of a re-executed program: the test's own,
// without any GONGKAI_ setting that could point the child at another
// database, plus extra ("KEY=value") and the re-exec switch.
func childEnv(extra []string) []string {
	var env []string
	gorace := "atexit_sleep_ms=0"
	for _, kv := range os.Environ() {
		switch {
		case strings.HasPrefix(kv, "GONGKAI_"):
			continue
		case strings.HasPrefix(kv, "GORACE="):
			gorace = strings.TrimPrefix(kv, "GORACE=") + " " + gorace
			continue
		}
		env = append(env, kv)
	}
	env = append(env, extra...)
	// Under -race, a child that exits 0 would otherwise sleep a second in
	// the race runtime's exit hook; reports still fail its exit status.
	return append(env, "GORACE="+gorace, mainEnv+"=1")
}

// program returns a command that runs the test binary as gongkai. Its
// working directory is a fresh temporary directory, so a command that falls
// back to the default ./data never writes into the source tree.
func program(t testing.TB, ctx context.Context, env []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = childEnv(env)
	cmd.Dir = t.TempDir()
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// gongkai runs `gongkai args…` with stdin and returns its output and exit
// status.
func gongkai(t testing.TB, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return gongkaiEnv(t, nil, stdin, args...)
}

// gongkaiEnv is gongkai with extra environment variables ("KEY=value").
func gongkaiEnv(t testing.TB, env []string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := program(t, ctx, env, args...)
	var out, errb bytes.Buffer
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee) && ee.Exited():
		code = ee.ExitCode()
	default:
		t.Fatalf("gongkai %s: %v (ctx: %v)\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, ctx.Err(), out.String(), errb.String())
	}
	return out.String(), errb.String(), code
}

// mustGongkai runs gongkai and fails the test unless it exits 0.
func mustGongkai(t testing.TB, stdin string, args ...string) string {
	t.Helper()
	out, errOut, code := gongkai(t, stdin, args...)
	if code != 0 {
		t.Fatalf("gongkai %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// syncBuffer collects a child's output while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// listenWriter is the server's stdout: it keeps everything and reports the
// base URL once the "listening on http://HOST:PORT" line is complete.
type listenWriter struct {
	syncBuffer
	once sync.Once
	url  chan string
}

var listeningRE = regexp.MustCompile(`listening on (http://[^\s]+)`)

func (w *listenWriter) Write(p []byte) (int, error) {
	n, err := w.syncBuffer.Write(p)
	s := w.String()
	for _, line := range strings.SplitAfter(s, "\n") {
		if !strings.HasSuffix(line, "\n") {
			break // incomplete line; wait for the rest
		}
		if m := listeningRE.FindStringSubmatch(line); m != nil {
			w.once.Do(func() { w.url <- m[1] })
		}
	}
	return n, err
}

// server is a running `gongkai serve`.
type server struct {
	URL    string    // http://127.0.0.1:PORT
	Cmd    *exec.Cmd // the child process
	stdout *listenWriter
	stderr *syncBuffer
	done   chan struct{} // closed when the process has exited
	err    error         // cmd.Wait's result, valid after done
}

// Stdout is what the server printed so far.
func (s *server) Stdout() string { return s.stdout.String() }

// Stderr is the server's log so far.
func (s *server) Stderr() string { return s.stderr.String() }

// wait waits for the process to exit and returns cmd.Wait's result.
func (s *server) wait(t testing.TB) error {
	t.Helper()
	select {
	case <-s.done:
		return s.err
	case <-time.After(stopTimeout):
		_ = s.Cmd.Process.Kill()
		<-s.done
		t.Fatalf("server did not exit within %v\nstderr:\n%s", stopTimeout, s.Stderr())
		return nil
	}
}

// stop sends SIGTERM and requires a clean exit with status 0.
func (s *server) stop(t testing.TB) {
	t.Helper()
	if err := s.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	if err := s.wait(t); err != nil {
		t.Fatalf("server after SIGTERM: %v (want exit status 0)\nstderr:\n%s", err, s.Stderr())
	}
}

// startServe runs `gongkai serve --addr 127.0.0.1:0 args…` and waits until it
// is listening. The process is killed when the test ends (if still running).
func startServe(t testing.TB, args ...string) *server {
	t.Helper()
	cmd := program(t, context.Background(), nil, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	s := &server{
		Cmd:    cmd,
		stdout: &listenWriter{url: make(chan string, 1)},
		stderr: &syncBuffer{},
		done:   make(chan struct{}),
	}
	// cmd.Stdout/Stderr are writers, not files: exec copies the pipes in
	// its own goroutines all the time, so the child never blocks on output.
	cmd.Stdout, cmd.Stderr = s.stdout, s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("server %s stdout:\n%s\nstderr (last 4000 bytes):\n%s", strings.Join(cmd.Args[1:], " "), s.Stdout(), tail(s.Stderr(), 4000))
		}
	})
	select {
	case s.URL = <-s.stdout.url:
		return s
	case <-s.done:
		t.Fatalf("server exited before listening: %v\nstdout:\n%s\nstderr:\n%s", s.err, s.Stdout(), s.Stderr())
	case <-time.After(startTimeout):
		t.Fatalf("server not listening after %v\nstdout:\n%s\nstderr:\n%s", startTimeout, s.Stdout(), s.Stderr())
	}
	return nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// storeArgs makes a fresh, empty store of dialect d and returns the flags
// that point the program at it (--data DIR or --db URL) and the URL that
// store.Open takes.
func storeArgs(t testing.TB, d store.Dialect) (args []string, url string) {
	t.Helper()
	url = storetest.URL(t, d)
	if d == store.SQLite {
		return []string{"--data", filepath.Dir(url)}, url
	}
	return []string{"--db", url}, url
}

// openTestStore opens the store at url in the test process, closed at the end.
func openTestStore(t testing.TB, url string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var httpClient = &http.Client{Timeout: time.Minute}

// get fetches url, with a bearer token when token is not empty.
func get(t testing.TB, url, token string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", url, err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

// forDialects runs f as a subtest on every dialect under test.
func forDialects(t *testing.T, f func(t *testing.T, d store.Dialect)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) { f(t, d) })
	}
}
