// Package interact owns 政民互动: letters from the public (网上咨询, 领导信箱,
// comments on a 意见征集) with their handling and working-day deadlines, the
// published letters (留言选登), the FAQ library (常见问题解答库), solicitations
// of comment on draft documents, the open month (政府开放月: topic polls and
// events with registration), and 12345 hotline work orders imported for
// statistics. Every rule is a pure function over these types and the
// working-day calendar; the store keeps them and the web area shows them.
package interact

import (
	"unicode/utf8"

	"gongkai/internal/errs"
)

// problem is a field's error in a form or an API body.
func problem(field, code, msg string) *errs.Error {
	return &errs.Error{Kind: errs.Invalid, Op: "interact", Code: code, Message: msg, Field: field}
}

// tooLong reports whether s has more than n characters.
func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }
