package kit

import (
	"net/http"
	"net/url"
	"regexp"
	"unicode/utf8"

	"gongkai/internal/errs"
)

// The one input layer: text that reaches a handler, and so a store, is
// valid UTF-8 without control characters. PostgreSQL refuses NUL and
// invalid UTF-8 (a 500 if it got that far) and SQLite would keep the
// bytes; neither belongs in a government record. Tab, newline and carriage
// return are allowed in form and JSON values (long texts have them); a
// path or a query has none. Field rules (lengths, which fields may be
// multi-line) stay in the domain.

var errBadText = errs.New(errs.Invalid, "web.input", "invalid_text", "提交的内容含有无效字符（非 UTF-8 编码或控制字符），请检查后重新提交。")

// CleanText reports whether s is valid UTF-8 with no control character
// other than, when multiline, tab, newline and carriage return.
func CleanText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			if !multiline {
				return false
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return false
		}
	}
	return true
}

// CheckURL refuses a request whose path or query holds anything but clean
// single-line text, or a malformed escape.
func CheckURL(r *http.Request) error {
	if !CleanText(r.URL.Path, false) {
		return errBadText
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errs.New(errs.Invalid, "web.input", "invalid_query", "网址中的查询参数格式有误。")
	}
	for k, vs := range q {
		if !CleanText(k, false) {
			return errBadText
		}
		for _, v := range vs {
			if !CleanText(v, false) {
				return errBadText
			}
		}
	}
	return nil
}

// CheckForm refuses a parsed form with a value or a file name that is not
// clean text.
func CheckForm(r *http.Request) error {
	for k, vs := range r.PostForm {
		if !CleanText(k, false) {
			return errBadText
		}
		for _, v := range vs {
			if !CleanText(v, true) {
				return errBadText
			}
		}
	}
	if r.MultipartForm != nil {
		for _, fs := range r.MultipartForm.File {
			for _, f := range fs {
				if !CleanText(f.Filename, false) {
					return errBadText
				}
			}
		}
	}
	return nil
}

// jsonControl matches a JSON escape of a control character other than tab,
// newline and carriage return (raw ones are invalid JSON already).
var jsonControl = regexp.MustCompile(`\\u00(?:[01][0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])`)

// checkJSON refuses a JSON body that is not valid UTF-8 (the decoder would
// silently replace the bytes) or escapes a control character.
func checkJSON(body []byte) error {
	if !utf8.Valid(body) || jsonControl.Match(body) {
		return errBadText
	}
	return nil
}
