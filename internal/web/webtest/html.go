package webtest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var (
	alertRe = regexp.MustCompile(`<([a-z0-9]+)\b[^>]*\brole="alert"[^>]*>`)
	tagRe   = regexp.MustCompile(`<[^>]*>`)
	spaceRe = regexp.MustCompile(`\s+`)
)

// Alert returns the text of the page's first alert, the whole element with
// the tags taken out (an error summary lists several messages), or the
// start of the page when it has none, for failure messages.
func Alert(body string) string {
	if m := alertRe.FindStringSubmatchIndex(body); m != nil {
		tag, rest := body[m[2]:m[3]], body[m[1]:]
		open, closing := regexp.MustCompile(`<`+tag+`\b`), "</"+tag+">"
		depth, end := 1, len(rest)
		for i := 0; i < len(rest); {
			c := strings.Index(rest[i:], closing)
			if c < 0 {
				break
			}
			if loc := open.FindStringIndex(rest[i:]); loc != nil && loc[0] < c {
				depth, i = depth+1, i+loc[1]
				continue
			}
			if depth--; depth == 0 {
				end = i + c
				break
			}
			i += c + len(closing)
		}
		return strings.TrimSpace(spaceRe.ReplaceAllString(tagRe.ReplaceAllString(rest[:end], " "), " "))
	}
	if len(body) > 600 {
		return body[:600]
	}
	return body
}

var (
	headingRe = regexp.MustCompile(`<h([1-6])[\s>]`)
	fieldRe   = regexp.MustCompile(`<(?:input|select|textarea)\b[^>]*>`)
	idRe      = regexp.MustCompile(`\bid="([^"]+)"`)
	tableRe   = regexp.MustCompile(`<table\b[^>]*>\s*(<caption)?`)
)

// AccessibleHTML checks what can be checked without a browser: one h1
// first and no skipped heading levels, every visible form field labelled,
// every table captioned.
func AccessibleHTML(t *testing.T, path, body string) {
	t.Helper()
	// A document's own text is the editor's, not the template's.
	if i := strings.Index(body, `<div class="doc-body">`); i >= 0 {
		j := strings.Index(body[i:], `</article>`)
		if k := strings.Index(body[i:], `<section class="doc-related"`); k >= 0 && k < j {
			j = k
		}
		body = body[:i] + body[i+j:]
	}
	var levels []int
	for _, m := range headingRe.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[1])
		levels = append(levels, n)
	}
	if len(levels) == 0 || levels[0] != 1 || slices.Index(levels[1:], 1) >= 0 {
		t.Errorf("%s: headings %v, want exactly one h1, first", path, levels)
	}
	for i := 1; i < len(levels); i++ {
		if levels[i] > levels[i-1]+1 {
			t.Errorf("%s: heading h%d follows h%d", path, levels[i], levels[i-1])
		}
	}
	for _, field := range fieldRe.FindAllString(body, -1) {
		if strings.Contains(field, `type="hidden"`) || strings.Contains(field, `type="submit"`) {
			continue
		}
		m := idRe.FindStringSubmatch(field)
		if m == nil || !strings.Contains(body, `<label for="`+m[1]+`"`) {
			t.Errorf("%s: form field without a label: %s", path, field)
		}
	}
	for _, m := range tableRe.FindAllStringSubmatch(body, -1) {
		if m[1] == "" {
			t.Errorf("%s: a table without a caption", path)
		}
	}
}
