// Command testsummary turns the `go test -json` stream into a short, readable
// log. It exists for two readers:
//
//   - a person reading the output of `make test`: instead of thousands of
//     "=== RUN" lines it prints only the full output of each failed test (and
//     of each package that failed to build), then one line per package, and
//     the skipped tests with their reasons;
//   - CI, which reads the closing line of a run: the last line is always
//     exactly "N passed, N failed, N skipped".
//
// Usage:
//
//	go test -json ./... 2>&1 | go run ./internal/testsummary
//
// Lines of the input that are not JSON events (for example go command errors
// on stderr) are passed through to stdout unchanged.
//
// Counting: every test and subtest event with the action pass, fail or skip
// counts once. A package that failed without a failing test (a build failure,
// a panic in TestMain or after the tests, a timeout) counts as one more
// failure, so that "0 failed" always means the run is good.
//
// If GONGKAI_EXPECT is set to a comma-separated list of substrings, each one
// must be contained in the name of at least one passed test (for example
// "TestStoreSuite/postgres"); otherwise the run fails. This catches suites
// that were silently skipped, e.g. because a database or browser was missing.
//
// The exit status is 1 if anything failed or an expectation was not met, else 0.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Time        time.Time
	Action      string
	Package     string
	Test        string
	Elapsed     float64
	Output      string
	ImportPath  string // build-output and build-fail events
	FailedBuild string // on a package's fail event: the package whose build failed
}

type testKey struct{ pkg, test string }

type testState struct {
	output []string
	done   bool
}

type pkgState struct {
	name        string
	output      []string // package-level output (Test == "")
	result      string   // pass, fail, skip, or "" while running
	elapsed     float64
	tests       int // pass/fail/skip events of tests and subtests
	failedTests int
	failedBuild string
	failedSub   map[string]bool // tests that have a failed subtest
}

type skipped struct {
	pkg, test string
	lines     []string
}

type summary struct {
	out io.Writer

	pkgs     map[string]*pkgState
	pkgOrder []string
	tests    map[testKey]*testState
	builds   map[string][]string // build output by import path
	skips    []skipped
	passed   map[string]int // passed test names → count (for GONGKAI_EXPECT)

	nPass, nFail, nSkip int
	buildFailed         bool
}

func newSummary(out io.Writer) *summary {
	return &summary{
		out:    out,
		pkgs:   map[string]*pkgState{},
		tests:  map[testKey]*testState{},
		builds: map[string][]string{},
		passed: map[string]int{},
	}
}

func (s *summary) pkg(name string) *pkgState {
	p, ok := s.pkgs[name]
	if !ok {
		p = &pkgState{name: name, failedSub: map[string]bool{}}
		s.pkgs[name] = p
		s.pkgOrder = append(s.pkgOrder, name)
	}
	return p
}

// line handles one input line.
func (s *summary) line(b []byte) {
	trimmed := bytes.TrimSpace(b)
	var ev event
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &ev) != nil || ev.Action == "" {
		// Not a test2json event: go command errors, "go: downloading", etc.
		s.out.Write(b)
		if len(b) > 0 && b[len(b)-1] != '\n' {
			fmt.Fprintln(s.out)
		}
		return
	}
	s.event(ev)
}

func (s *summary) event(ev event) {
	switch ev.Action {
	case "build-output":
		s.builds[ev.ImportPath] = append(s.builds[ev.ImportPath], ev.Output)
		return
	case "build-fail":
		s.buildFailed = true
		fmt.Fprintf(s.out, "\n=== BUILD FAILED: %s\n", ev.ImportPath)
		s.print(s.builds[ev.ImportPath])
		delete(s.builds, ev.ImportPath)
		return
	}
	if ev.Package == "" {
		return
	}
	p := s.pkg(ev.Package)
	if ev.Test == "" {
		s.pkgEvent(p, ev)
		return
	}

	k := testKey{ev.Package, ev.Test}
	t, ok := s.tests[k]
	if !ok {
		t = &testState{}
		s.tests[k] = t
	}
	switch ev.Action {
	case "output":
		t.output = append(t.output, ev.Output)
	case "pass":
		t.done = true
		p.tests++
		s.nPass++
		s.passed[ev.Test]++
		t.output = nil
	case "fail":
		t.done = true
		p.tests++
		p.failedTests++
		s.nFail++
		// A parent test whose own output is only "=== RUN"/"--- FAIL" lines
		// failed because of its subtests, which were printed already.
		if !p.failedSub[ev.Test] || hasOwnOutput(t.output) {
			fmt.Fprintf(s.out, "\n=== FAILED: %s %s\n", ev.Package, ev.Test)
			s.print(t.output)
		}
		if i := strings.LastIndex(ev.Test, "/"); i > 0 {
			p.failedSub[ev.Test[:i]] = true
		}
		t.output = nil
	case "skip":
		t.done = true
		p.tests++
		s.nSkip++
		s.skips = append(s.skips, skipped{ev.Package, ev.Test, skipReason(t.output)})
		t.output = nil
	}
}

func (s *summary) pkgEvent(p *pkgState, ev event) {
	switch ev.Action {
	case "output":
		p.output = append(p.output, ev.Output)
	case "pass", "fail", "skip":
		p.result = ev.Action
		p.elapsed = ev.Elapsed
		if ev.FailedBuild != "" {
			p.failedBuild = ev.FailedBuild
			s.buildFailed = true
		}
		// Tests that started but never finished: the binary crashed or
		// timed out while they ran. Their output is the evidence.
		var unfinished []string
		for k, t := range s.tests {
			if k.pkg == p.name && !t.done {
				unfinished = append(unfinished, k.test)
			}
		}
		sort.Strings(unfinished)
		if ev.Action == "fail" {
			for _, name := range unfinished {
				fmt.Fprintf(s.out, "\n=== DID NOT FINISH: %s %s\n", p.name, name)
				s.print(s.tests[testKey{p.name, name}].output)
			}
			if ev.FailedBuild == "" && (p.failedTests == 0 || hasOwnOutput(p.output)) {
				fmt.Fprintf(s.out, "\n=== PACKAGE FAILED: %s\n", p.name)
				s.print(p.output)
			}
			if p.failedTests == 0 {
				s.nFail++ // see the package comment: a failed package is never "0 failed"
			}
		}
		for _, name := range unfinished {
			delete(s.tests, testKey{p.name, name})
		}
		p.output = nil
	}
}

func (s *summary) print(lines []string) {
	for _, l := range lines {
		io.WriteString(s.out, l)
		if !strings.HasSuffix(l, "\n") {
			io.WriteString(s.out, "\n")
		}
	}
}

// hasOwnOutput reports whether output has more than the lines that go test
// prints around every test and package ("=== RUN", "--- FAIL: X (0.00s)",
// "FAIL", "FAIL\tpkg\t0.1s", "exit status 1", ...).
func hasOwnOutput(output []string) bool {
	for _, l := range output {
		t := strings.TrimSpace(l)
		switch {
		case t == "", t == "PASS", t == "FAIL",
			strings.HasPrefix(t, "=== "),
			strings.HasPrefix(t, "--- FAIL: "),
			strings.HasPrefix(t, "FAIL\t"),
			strings.HasPrefix(t, "ok  \t"),
			strings.HasPrefix(t, "exit status "),
			strings.HasPrefix(t, "coverage: "):
			continue
		}
		return true
	}
	return false
}

// skipReason returns the "--- SKIP" line of a skipped test and its own
// output lines (where t.Skip's message is), without the === framing lines.
func skipReason(output []string) []string {
	var head string
	var reason []string
	for _, l := range output {
		l = strings.TrimRight(l, "\n")
		trimmed := strings.TrimSpace(l)
		switch {
		case strings.Contains(l, "--- SKIP"):
			head = trimmed
		case trimmed == "", strings.HasPrefix(trimmed, "=== "):
		default:
			reason = append(reason, l)
		}
	}
	if len(reason) > 5 {
		reason = append(reason[:5], "        …")
	}
	if head == "" {
		return reason
	}
	return append([]string{head}, reason...)
}

// finish prints the summary and reports whether the run is good.
func (s *summary) finish(expect string) bool {
	ok := s.nFail == 0 && !s.buildFailed
	if len(s.pkgOrder) == 0 {
		fmt.Fprintln(s.out, "testsummary: FAIL: the input has no test results (did go test run?)")
		ok = false
		s.nFail++
	}

	// Build failures that no package event reported (e.g. go vet or setup).
	for path, lines := range s.builds {
		if slices.ContainsFunc(lines, func(l string) bool { return strings.TrimSpace(l) != "" }) {
			fmt.Fprintf(s.out, "\n=== BUILD OUTPUT: %s\n", path)
			s.print(lines)
		}
	}

	fmt.Fprintln(s.out)
	sort.Strings(s.pkgOrder)
	width := 0
	for _, name := range s.pkgOrder {
		width = max(width, len(name))
	}
	for _, name := range s.pkgOrder {
		p := s.pkgs[name]
		status := "ok"
		detail := fmt.Sprintf("(%d tests, %.2fs)", p.tests, p.elapsed)
		switch {
		case p.result == "fail" && p.failedBuild != "":
			status, detail = "FAIL", "[build failed: "+p.failedBuild+"]"
		case p.result == "fail":
			status = "FAIL"
		case p.result == "":
			status, detail = "FAIL", "[no result: output ended early]"
			ok = false
			s.nFail++
		case p.result == "skip":
			status, detail = "no tests", "[no test files]"
		case p.tests == 0:
			status = "no tests"
		}
		fmt.Fprintf(s.out, "%-8s  %-*s  %s\n", status, width, name, detail)
	}

	if len(s.skips) > 0 {
		fmt.Fprintf(s.out, "\nskipped tests:\n")
		for _, sk := range s.skips {
			fmt.Fprintf(s.out, "  %s %s\n", sk.pkg, sk.test)
			for _, l := range sk.lines {
				fmt.Fprintf(s.out, "      %s\n", strings.TrimSpace(l))
			}
		}
	}

	if expect != "" {
		var found, missing []string
		for _, want := range strings.Split(expect, ",") {
			want = strings.TrimSpace(want)
			if want == "" {
				continue
			}
			n := 0
			for name, c := range s.passed {
				if strings.Contains(name, want) {
					n += c
				}
			}
			if n == 0 {
				missing = append(missing, want)
			} else {
				found = append(found, fmt.Sprintf("%s (%d)", want, n))
			}
		}
		fmt.Fprintln(s.out)
		if len(missing) > 0 {
			ok = false
			fmt.Fprintf(s.out, "FAIL: GONGKAI_EXPECT: no passed test matches: %s\n", strings.Join(missing, ", "))
			fmt.Fprintf(s.out, "      (they were skipped, failed or not run; see above)\n")
		}
		if len(found) > 0 {
			fmt.Fprintf(s.out, "expected tests ran: %s\n", strings.Join(found, ", "))
		}
	}

	fmt.Fprintln(s.out)
	fmt.Fprintf(s.out, "%d passed, %d failed, %d skipped\n", s.nPass, s.nFail, s.nSkip)
	return ok
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	s := newSummary(out)
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	for {
		b, err := in.ReadBytes('\n')
		if len(b) > 0 {
			s.line(b)
			// Failures are worth seeing while a long run goes on.
			if in.Buffered() == 0 {
				out.Flush()
			}
		}
		if err != nil {
			if err != io.EOF {
				fmt.Fprintf(out, "testsummary: reading input: %v\n", err)
				s.nFail++
			}
			break
		}
	}
	good := s.finish(os.Getenv("GONGKAI_EXPECT"))
	out.Flush()
	if !good {
		os.Exit(1)
	}
}
