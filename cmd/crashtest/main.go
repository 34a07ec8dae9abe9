// Command crashtest is the crash-safety harness behind `make crash-test`.
// It runs a real `gongkai serve` on one data directory or database that
// persists across cycles and, per cycle, puts concurrent load on it
// (anonymous FOI submissions, the FOI head confirming them through the API
// with a bearer token, an editor and a reviewer publishing notices through
// the back-office forms), kills the server with SIGKILL at a random moment
// of the load window, restarts it on the same data and reads everything
// back:
//
//   - lost: a write that was acknowledged (201, or the redirect with
//     doc_published) and is absent after the restart, read through the
//     restarted server's API;
//   - half-written: part of one transaction visible without the rest,
//     found through the server (listed but not public, a listed document
//     nobody published) and by store.CheckIntegrity on the store itself;
//   - the verdict of `gongkai audit verify`.
//
// It exits 1 if anything was lost or half-written or the trail does not
// verify. The moment of each kill comes from -seed, which is printed, so a
// run can be replayed.
//
//	crashtest -gongkai bin/gongkai -data DIR [-db postgres://…] [-cycles 50] [-seed N]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// harness is one run on one engine.
type harness struct {
	gongkai string // the binary
	data    string // data directory (SQLite file, secret key)
	db      string // PostgreSQL URL, "" for SQLite
	log     io.Writer
	logName string

	token            string       // the FOI head's API token
	organ, column    string       // the editor's department and a column, from the editor's form
	visitors         atomic.Int64 // simulated applicants so far (their X-Forwarded-For)
	minKill, maxKill time.Duration
}

func (h *harness) storeArgs() []string {
	if h.db != "" {
		return []string{"--data", h.data, "--db", h.db}
	}
	return []string{"--data", h.data}
}

func (h *harness) storeURL() string {
	if h.db != "" {
		return h.db
	}
	return filepath.Join(h.data, "gongkai.db")
}

func (h *harness) engine() string {
	if h.db != "" {
		return "postgres"
	}
	return "sqlite"
}

func main() {
	h := &harness{}
	flag.StringVar(&h.gongkai, "gongkai", "bin/gongkai", "the gongkai binary")
	flag.StringVar(&h.data, "data", "", "data directory (created; SQLite file and key)")
	flag.StringVar(&h.db, "db", "", "PostgreSQL URL; empty: SQLite in -data")
	cycles := flag.Int("cycles", 50, "kill/restart cycles")
	seed := flag.Uint64("seed", 0, "seed of the kill moments; 0: from the clock")
	flag.DurationVar(&h.minKill, "min-kill", 300*time.Millisecond, "earliest kill after the load starts")
	flag.DurationVar(&h.maxKill, "max-kill", 2500*time.Millisecond, "latest kill after the load starts")
	flag.Parse()
	if h.data == "" || *cycles < 1 || h.maxKill <= h.minKill {
		flag.Usage()
		os.Exit(2)
	}
	if *seed == 0 {
		*seed = uint64(time.Now().UnixNano())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ok, err := h.run(ctx, *cycles, *seed)
	if err != nil {
		fmt.Fprintf(os.Stderr, "crashtest %s: %v\n", h.engine(), err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

var tokenRE = regexp.MustCompile(`^\S+$`)

func (h *harness) run(ctx context.Context, cycles int, seed uint64) (bool, error) {
	if err := os.MkdirAll(h.data, 0o750); err != nil {
		return false, err
	}
	h.logName = filepath.Join(h.data, "server.log")
	logFile, err := os.OpenFile(h.logName, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
	if err != nil {
		return false, err
	}
	defer logFile.Close()
	h.log = logFile
	rng := rand.New(rand.NewPCG(seed, 0))
	fmt.Printf("crashtest %s: %d cycles, seed %d (replay: SEED=%d), kill between %v and %v of load, server log %s\n",
		h.engine(), cycles, seed, seed, h.minKill, h.maxKill, h.logName)

	srv, err := h.start(true)
	if err != nil {
		return false, err
	}
	defer func() {
		select {
		case <-srv.done:
		default:
			_ = srv.stop()
		}
	}()
	out, err := h.cli(ctx, "token", "create", "--username", "foihead", "--name", "崩溃测试")
	if h.token = strings.TrimSpace(out); err != nil || !tokenRE.MatchString(h.token) {
		return false, fmt.Errorf("token create: %q %v", out, err)
	}
	if err := h.formRefs(ctx, srv); err != nil {
		return false, err
	}

	var (
		lost, torn = map[string]bool{}, map[string]bool{} // distinct findings of the run
		acked      int
		inFlight   int
		verifyFail int
		all        = newLedger() // every cycle's acknowledgements, for the final read-back
		lastVerify string
		opened     = map[string]bool{} // listed documents that opened through the public API
	)
	for cycle := 1; cycle <= cycles; cycle++ {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		began := time.Now()
		led := newLedger()
		ld := &load{h: h, srv: srv, cycle: cycle, led: led, toStaff: make(chan string, 10000),
			editor: newClient(srv.url), reviewer: newClient(srv.url)}
		// Signing in (argon2id) happens before the load window opens.
		if err := ld.editor.login(ctx, "editor"); err != nil {
			return false, fmt.Errorf("cycle %d: %w", cycle, err)
		}
		if err := ld.reviewer.login(ctx, "reviewer"); err != nil {
			return false, fmt.Errorf("cycle %d: %w", cycle, err)
		}
		loadCtx, endLoad := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			ld.run(loadCtx)
			close(done)
		}()
		after := h.minKill + time.Duration(rng.Int64N(int64(h.maxKill-h.minKill)))
		select {
		case <-time.After(after):
		case <-srv.done:
			endLoad()
			return false, fmt.Errorf("cycle %d: the server exited during the load (log: %s)", cycle, h.logName)
		}
		if !srv.kill() {
			endLoad()
			return false, fmt.Errorf("cycle %d: the server did not die of SIGKILL: %v", cycle, srv.cmd.ProcessState)
		}
		endLoad()
		<-done

		if srv, err = h.start(false); err != nil {
			return false, fmt.Errorf("cycle %d: restart: %w", cycle, err)
		}
		var f findings
		staff := newClient(srv.url)
		staff.token = h.token
		fo, err := checkFOI(ctx, staff, led.apps, led.confirmed)
		if err != nil {
			return false, fmt.Errorf("cycle %d: %w", cycle, err)
		}
		f.add(fo)
		for t := range led.published {
			all.published[t] = true
		}
		for t := range led.inFlight {
			all.inFlight[t] = true
		}
		for n, k := range led.apps {
			all.apps[n] = k
		}
		for n := range led.confirmed {
			all.confirmed[n] = true
		}
		// The listing holds every cycle's documents: check them all.
		fd, present, presentInFlight, err := checkDocuments(ctx, newClient(srv.url), all.published, all.inFlight, opened)
		if err != nil {
			return false, fmt.Errorf("cycle %d: %w", cycle, err)
		}
		f.add(fd)
		inStore, err := h.checkStore(ctx)
		if err != nil {
			return false, fmt.Errorf("cycle %d: integrity check: %w", cycle, err)
		}
		f.torn = append(f.torn, inStore...)
		verdict, verified := h.verifyAudit(ctx)
		if !verified {
			verifyFail++
		}
		lastVerify = verdict
		acked += led.acknowledged()
		inFlight += led.unanswered
		for _, x := range f.lost {
			lost[x] = true
		}
		for _, x := range f.torn {
			torn[x] = true
		}
		fmt.Printf("%s cycle %2d/%d: kill -9 after %4dms; acknowledged %3d (foi %d, confirm %d, published %d), unanswered %d; "+
			"harness documents listed %d (%d of them unacknowledged, in flight at a kill); lost %d, half-written %d, refused %d; audit: %s (cycle %.1fs)\n",
			h.engine(), cycle, cycles, after.Milliseconds(), led.acknowledged(), len(led.apps), len(led.confirmed), len(led.published),
			led.unanswered, present, presentInFlight, len(f.lost), len(f.torn), len(led.refused), verdict, time.Since(began).Seconds())
		printSome("LOST", f.lost, 10)
		printSome("HALF-WRITTEN", f.torn, 10)
		printSome("refused", led.refused, 3)
	}

	// Final read-back of every acknowledged FOI write of the run.
	staff := newClient(srv.url)
	staff.token = h.token
	final, err := checkFOI(ctx, staff, all.apps, all.confirmed)
	if err != nil {
		return false, fmt.Errorf("final read-back: %w", err)
	}
	for _, x := range final.lost {
		lost[x] = true
	}
	printSome("LOST", final.lost, 10)
	if err := srv.stop(); err != nil {
		return false, err
	}
	ok := len(lost) == 0 && len(torn) == 0 && verifyFail == 0
	verdict := "PASS"
	if !ok {
		verdict = "FAIL"
	}
	fmt.Printf("crashtest %s %s: %d cycles (seed %d), %d acknowledged writes (%d FOI applications, %d confirm events, %d publications), "+
		"%d unanswered at the kills; lost %d, half-written %d (distinct findings; final read-back of every acknowledged FOI write: lost %d); audit verify failed %d times, last: %s\n",
		h.engine(), verdict, cycles, seed, acked, len(all.apps), len(all.confirmed), len(all.published), inFlight,
		len(lost), len(torn), len(final.lost), verifyFail, lastVerify)
	return ok, nil
}

var (
	selectedOrganRE = regexp.MustCompile(`<option value="([0-9]+)" selected>`)
	columnRE        = regexp.MustCompile(`name="column" value="([0-9]+)"`)
)

// formRefs reads the editor's department and a column from the editor's
// own form for a new document.
func (h *harness) formRefs(ctx context.Context, srv *server) error {
	c := newClient(srv.url)
	if err := c.login(ctx, "editor"); err != nil {
		return err
	}
	a := c.get(ctx, "/admin/documents/new")
	o, col := selectedOrganRE.FindSubmatch(a.body), columnRE.FindSubmatch(a.body)
	if a.err != nil || a.status != 200 || o == nil || col == nil {
		return fmt.Errorf("GET /admin/documents/new as editor: %s", a.short())
	}
	h.organ, h.column = string(o[1]), string(col[1])
	return nil
}

// printSome prints the first max items of a list, and how many more.
func printSome(label string, items []string, max int) {
	for i, x := range items {
		if i == max {
			fmt.Printf("  … %d more %s\n", len(items)-max, label)
			return
		}
		fmt.Printf("  %s: %s\n", label, x)
	}
}
