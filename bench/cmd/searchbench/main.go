// Command searchbench compares gongkai's search on SQLite and on
// PostgreSQL with Bleve v2 (CJK analyzer) on one generated corpus: index
// time and size, latency by query class, throughput with one and with
// several clients, and recall of known-item queries. It prints one table
// and writes it to -out.
//
//	go run ./cmd/searchbench -n 100000 -pg postgres://…
//	go run ./cmd/searchbench -n 1000 -engines sqlite,bleve
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/bench/corpus"
	"gongkai/bench/engine"
)

type options struct {
	n        int
	seed     uint64
	engines  []string
	pg       string
	dir      string
	out      string
	batch    int
	reps     int
	duration time.Duration
	clients  int
}

var allEngines = []string{"sqlite", "postgres", "bleve"}

func main() {
	var o options
	var engines string
	var million bool
	flag.IntVar(&o.n, "n", 100_000, "documents in the corpus")
	flag.BoolVar(&million, "million", false, "1,000,000 documents (overrides -n)")
	flag.Uint64Var(&o.seed, "seed", 1, "corpus seed")
	flag.StringVar(&engines, "engines", "all", "engines to run, comma-separated: sqlite, postgres, bleve (or all)")
	flag.StringVar(&o.pg, "pg", "", "empty PostgreSQL database for gongkai-postgres, postgres://… (without it, PostgreSQL is skipped)")
	flag.StringVar(&o.dir, "dir", "", "directory for the SQLite store and the Bleve index, kept afterwards (default: a temporary directory, removed)")
	flag.StringVar(&o.out, "out", "results/latest.txt", "file the report is written to as well")
	flag.IntVar(&o.batch, "batch", 500, "documents per load batch (gongkai's import batch)")
	flag.IntVar(&o.reps, "reps", 10, "timed runs of every query for the latencies")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "length of each throughput run")
	flag.IntVar(&o.clients, "clients", 8, "concurrent clients of the second throughput run")
	flag.Parse()
	if million {
		o.n = 1_000_000
	}
	if engines == "all" {
		engines = strings.Join(allEngines, ",")
	}
	for _, e := range strings.Split(engines, ",") {
		if e = strings.TrimSpace(e); !slices.Contains(allEngines, e) {
			fmt.Fprintf(os.Stderr, "searchbench: unknown engine %q (sqlite, postgres, bleve)\n", e)
			os.Exit(2)
		}
		o.engines = append(o.engines, strings.TrimSpace(e))
	}
	if o.n < 100 || o.reps < 1 || o.clients < 1 || o.batch < 1 {
		fmt.Fprintln(os.Stderr, "searchbench: -n must be at least 100, -reps, -clients and -batch at least 1")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options, stdout, log io.Writer) error {
	dir := o.dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "searchbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	c := corpus.New(o.n, o.seed)
	queries := c.Queries()
	var notes []string
	if l := loadavg(); l != "" {
		notes = append(notes, "load average at the start: "+l)
	}
	var results []*result
	for _, name := range o.engines {
		var e engine.Engine
		var err error
		switch name {
		case "sqlite":
			e, err = engine.OpenGongkai(ctx, "gongkai-sqlite", filepath.Join(dir, "gongkai.db"))
		case "postgres":
			if o.pg == "" {
				line := "gongkai-postgres: skipped (no -pg URL; make bench-search starts a throwaway PostgreSQL)"
				fmt.Fprintln(log, line)
				notes = append(notes, line)
				continue
			}
			e, err = engine.OpenGongkai(ctx, "gongkai-postgres", o.pg)
		case "bleve":
			e, err = engine.OpenBleve(filepath.Join(dir, "bleve"))
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		r, err := measure(ctx, o, c, queries, e, log)
		if cerr := e.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
		results = append(results, r)
	}
	if l := loadavg(); l != "" {
		notes = append(notes, "load average at the end: "+l)
	}
	report := render(o, c, queries, results, notes)
	fmt.Fprint(stdout, report)
	if o.out != "" {
		if err := os.MkdirAll(filepath.Dir(o.out), 0o750); err != nil {
			return err
		}
		if err := os.WriteFile(o.out, []byte(report), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(log, "searchbench: report written to %s\n", o.out)
	}
	return nil
}

// result is what was measured on one engine.
type result struct {
	name          string
	docs          int
	indexTime     time.Duration
	size, index   int64
	latency       map[string][]time.Duration // by class
	totals        []int                      // by query
	qps1, qpsN    float64
	found3        map[string]int // known-item class → found in the top 3
	found10       map[string]int
	filteredTotal bool // totals of filtered queries are known
}

func measure(ctx context.Context, o options, c *corpus.Corpus, queries []corpus.Query, e engine.Engine, log io.Writer) (*result, error) {
	r := &result{name: e.Name(), latency: map[string][]time.Duration{}, found3: map[string]int{}, found10: map[string]int{}}
	fmt.Fprintf(log, "%s: loading %d documents\n", r.name, c.N())
	batch := make([]*corpus.Doc, 0, o.batch)
	load := func() error {
		if len(batch) == 0 {
			return nil
		}
		start := time.Now()
		err := e.Load(ctx, batch)
		r.indexTime += time.Since(start)
		r.docs += len(batch)
		batch = batch[:0]
		if r.docs%(20*o.batch) == 0 {
			fmt.Fprintf(log, "%s: %d documents, %.0f/s\n", r.name, r.docs, float64(r.docs)/r.indexTime.Seconds())
		}
		return err
	}
	for d := range c.Docs() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if batch = append(batch, d); len(batch) == o.batch {
			if err := load(); err != nil {
				return nil, err
			}
		}
	}
	if err := load(); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := e.Flush(ctx); err != nil {
		return nil, err
	}
	r.indexTime += time.Since(start)
	var err error
	if r.size, r.index, err = e.Size(ctx); err != nil {
		return nil, err
	}

	// One untimed pass: hits, recall, and a warm cache.
	fmt.Fprintf(log, "%s: %d queries × %d\n", r.name, len(queries), o.reps)
	r.totals = make([]int, len(queries))
	r.filteredTotal = true
	for i, q := range queries {
		ids, total, err := e.Search(ctx, q.Text, q.Filter)
		if err != nil {
			return nil, fmt.Errorf("query %q: %w", q.Text, err)
		}
		r.totals[i] = total
		if total < 0 {
			r.filteredTotal = false
		}
		if q.Want != "" {
			if at := slices.Index(ids, q.Want); at >= 0 && at < 3 {
				r.found3[q.Class]++
			}
			if at := slices.Index(ids, q.Want); at >= 0 && at < 10 {
				r.found10[q.Class]++
			}
		}
	}
	for range o.reps {
		for _, q := range queries {
			start := time.Now()
			if _, _, err := e.Search(ctx, q.Text, q.Filter); err != nil {
				return nil, err
			}
			r.latency[q.Class] = append(r.latency[q.Class], time.Since(start))
		}
	}

	// Throughput over the class queries (not the known items, which are
	// many and cheap), each client going round them from its own start.
	var mix []corpus.Query
	for _, q := range queries {
		if q.Want == "" {
			mix = append(mix, q)
		}
	}
	fmt.Fprintf(log, "%s: throughput, 1 and %d clients, %s each\n", r.name, o.clients, o.duration)
	if r.qps1, err = throughput(ctx, e, mix, 1, o.duration); err != nil {
		return nil, err
	}
	if r.qpsN, err = throughput(ctx, e, mix, o.clients, o.duration); err != nil {
		return nil, err
	}
	return r, nil
}

// throughput runs clients goroutines, each searching the queries in turn,
// for d, and returns the searches per second.
func throughput(ctx context.Context, e engine.Engine, qs []corpus.Query, clients int, d time.Duration) (float64, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var done atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, clients)
	start := time.Now()
	for w := range clients {
		wg.Go(func() {
			for i := w * len(qs) / clients; ctx.Err() == nil; i++ {
				q := qs[i%len(qs)]
				if _, _, err := e.Search(ctx, q.Text, q.Filter); err != nil {
					if ctx.Err() == nil {
						errc <- err
						cancel()
					}
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errc)
	if err := <-errc; err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return 0, err
	}
	return float64(done.Load()) / elapsed.Seconds(), nil
}

// percentile is the p-th percentile (0–100) of ds, nearest rank.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// loadavg is the 1, 5 and 15 minute load of the machine (Linux), for the
// reader to see whether something else was running.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return ""
}

func runtimeLine() string {
	return fmt.Sprintf("%s, %s/%s, %d CPUs (GOMAXPROCS %d)", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0))
}
