// Package noticetest reads the text back out of generated PDF notices for
// tests, with poppler's pdftotext. Where poppler-utils is missing the test
// is skipped, or fails under GONGKAI_REQUIRE_BROWSER=1 (which `make test`
// sets), so a machine without it never passes silently.
package noticetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// Lines is pdftotext's output in reading order, one printed line a line.
func Lines(t testing.TB, pdf []byte) string {
	t.Helper()
	return pdftotext(t, pdf)
}

// Layout is pdftotext's output with -layout: each printed line with its
// indentation and alignment kept, as the page shows it.
func Layout(t testing.TB, pdf []byte) string {
	t.Helper()
	return pdftotext(t, pdf, "-layout")
}

func pdftotext(t testing.TB, pdf []byte, flags ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("GONGKAI_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext (poppler-utils) is not installed")
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	f := filepath.Join(t.TempDir(), "n.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(append([]string{"-enc", "UTF-8"}, flags...), f, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Text is the PDF's text with all white space removed, so a test can look
// for a phrase however the layout broke its lines.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, Lines(t, pdf))
}
