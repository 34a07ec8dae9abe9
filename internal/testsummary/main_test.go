package main

import (
	"bytes"
	"strings"
	"testing"
)

// run feeds lines of `go test -json` to a summary and returns its output and
// whether it judged the run good.
func run(t *testing.T, expect string, lines ...string) (string, bool) {
	t.Helper()
	var out bytes.Buffer
	s := newSummary(&out)
	for _, l := range lines {
		s.line([]byte(l + "\n"))
	}
	ok := s.finish(expect)
	return out.String(), ok
}

func lastLine(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestSummaryPassSkipFail(t *testing.T) {
	out, ok := run(t, "",
		`{"Action":"start","Package":"p/a"}`,
		`{"Action":"run","Package":"p/a","Test":"TestOK"}`,
		`{"Action":"output","Package":"p/a","Test":"TestOK","Output":"=== RUN   TestOK\n"}`,
		`{"Action":"output","Package":"p/a","Test":"TestOK","Output":"    a_test.go:3: quiet on success\n"}`,
		`{"Action":"pass","Package":"p/a","Test":"TestOK","Elapsed":0}`,
		`{"Action":"run","Package":"p/a","Test":"TestSkip"}`,
		`{"Action":"output","Package":"p/a","Test":"TestSkip","Output":"=== RUN   TestSkip\n"}`,
		`{"Action":"output","Package":"p/a","Test":"TestSkip","Output":"    a_test.go:9: no database\n"}`,
		`{"Action":"output","Package":"p/a","Test":"TestSkip","Output":"--- SKIP: TestSkip (0.00s)\n"}`,
		`{"Action":"skip","Package":"p/a","Test":"TestSkip","Elapsed":0}`,
		`{"Action":"run","Package":"p/a","Test":"TestBad"}`,
		`{"Action":"run","Package":"p/a","Test":"TestBad/sub"}`,
		`{"Action":"output","Package":"p/a","Test":"TestBad/sub","Output":"    a_test.go:12: got 1, want 2\n"}`,
		`{"Action":"output","Package":"p/a","Test":"TestBad/sub","Output":"--- FAIL: TestBad/sub (0.00s)\n"}`,
		`{"Action":"fail","Package":"p/a","Test":"TestBad/sub","Elapsed":0}`,
		`{"Action":"output","Package":"p/a","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}`,
		`{"Action":"fail","Package":"p/a","Test":"TestBad","Elapsed":0}`,
		`{"Action":"output","Package":"p/a","Output":"FAIL\n"}`,
		`{"Action":"fail","Package":"p/a","Elapsed":0.5}`,
		`{"Action":"start","Package":"p/b"}`,
		`{"Action":"output","Package":"p/b","Output":"?   \tp/b\t[no test files]\n"}`,
		`{"Action":"skip","Package":"p/b","Elapsed":0}`,
	)
	if ok {
		t.Error("a run with failed tests was judged good")
	}
	for _, want := range []string{
		"=== FAILED: p/a TestBad/sub", "got 1, want 2",
		"FAIL      p/a  (4 tests, 0.50s)",
		"no tests  p/b  [no test files]",
		"--- SKIP: TestSkip (0.00s)", "a_test.go:9: no database",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "quiet on success") {
		t.Errorf("output of a passed test was printed:\n%s", out)
	}
	if strings.Contains(out, "=== FAILED: p/a TestBad\n") {
		t.Errorf("parent with no output of its own was printed:\n%s", out)
	}
	if got, want := lastLine(out), "1 passed, 2 failed, 1 skipped"; got != want {
		t.Errorf("last line %q, want %q", got, want)
	}
}

func TestSummaryBuildFailure(t *testing.T) {
	out, ok := run(t, "",
		`# p/c [p/c.test]`, // not JSON: passed through
		`{"ImportPath":"p/c [p/c.test]","Action":"build-output","Output":"c_test.go:5:2: undefined: x\n"}`,
		`{"ImportPath":"p/c [p/c.test]","Action":"build-fail"}`,
		`{"Action":"start","Package":"p/c"}`,
		`{"Action":"output","Package":"p/c","Output":"FAIL\tp/c [build failed]\n"}`,
		`{"Action":"fail","Package":"p/c","Elapsed":0,"FailedBuild":"p/c [p/c.test]"}`,
	)
	if ok {
		t.Error("a build failure was judged good")
	}
	for _, want := range []string{"# p/c [p/c.test]", "undefined: x", "[build failed: p/c [p/c.test]]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if got, want := lastLine(out), "0 passed, 1 failed, 0 skipped"; got != want {
		t.Errorf("last line %q, want %q", got, want)
	}
}

func TestSummaryExpect(t *testing.T) {
	stream := []string{
		`{"Action":"run","Package":"p","Test":"TestStore/sqlite"}`,
		`{"Action":"pass","Package":"p","Test":"TestStore/sqlite"}`,
		`{"Action":"run","Package":"p","Test":"TestStore/postgres"}`,
		`{"Action":"skip","Package":"p","Test":"TestStore/postgres"}`,
		`{"Action":"pass","Package":"p","Test":"TestStore"}`,
		`{"Action":"pass","Package":"p","Elapsed":1}`,
	}
	out, ok := run(t, "TestStore/sqlite", stream...)
	if !ok || !strings.Contains(out, "expected tests ran: TestStore/sqlite (1)") {
		t.Errorf("ok=%v, output:\n%s", ok, out)
	}
	out, ok = run(t, "TestStore/sqlite, TestStore/postgres", stream...)
	if ok || !strings.Contains(out, "no passed test matches: TestStore/postgres") {
		t.Errorf("a skipped expected test was not reported: ok=%v, output:\n%s", ok, out)
	}
	if got, want := lastLine(out), "2 passed, 0 failed, 1 skipped"; got != want {
		t.Errorf("last line %q, want %q", got, want)
	}
}

func TestSummaryNoInput(t *testing.T) {
	out, ok := run(t, "", "go: updates to go.mod needed")
	if ok || !strings.Contains(out, "go: updates to go.mod needed") {
		t.Errorf("ok=%v, output:\n%s", ok, out)
	}
}
