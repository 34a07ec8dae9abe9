// Package errs owns the one error type of gongkai. An error carries a Kind
// (which the web layer maps to an HTTP status in exactly one place), the Op
// that failed (for logs), a stable Code (for API clients) and a Chinese
// Message that is safe to show to the person who caused it.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error by what the caller can do about it.
type Kind string

// The kinds of error. Internal is the zero meaning: anything unclassified.
const (
	Invalid         Kind = "invalid"
	NotFound        Kind = "not_found"
	Conflict        Kind = "conflict"
	Forbidden       Kind = "forbidden"
	Unauthenticated Kind = "unauthenticated"
	Unavailable     Kind = "unavailable"
	RateLimited     Kind = "rate_limited"
	Internal        Kind = "internal"
)

// Error is gongkai's error. Message is shown to users, so it never contains
// personal data or internals; Err keeps the cause for logs.
type Error struct {
	Kind    Kind
	Op      string // e.g. "store.CreateUser"
	Code    string // stable, machine-readable, e.g. "invalid_date"
	Message string // Chinese, user-facing
	Field   string // the input field the error is about (a form field or JSON key), if any
	Err     error  // underlying cause, never shown to users
}

// Error implements error for logs: it includes the cause.
func (e *Error) Error() string {
	s := e.Op + ": " + string(e.Kind)
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.Message != "" {
		s += " " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a stable code and a Chinese message.
func New(k Kind, op, code, message string) *Error {
	return &Error{Kind: k, Op: op, Code: code, Message: message}
}

// Newf is New with a formatted message.
func Newf(k Kind, op, code, format string, args ...any) *Error {
	return New(k, op, code, fmt.Sprintf(format, args...))
}

// Wrap attaches op to err. A *Error keeps its kind, code and message; any
// other error becomes Internal. Wrap(op, nil) is nil.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return &Error{Kind: e.Kind, Op: op, Code: e.Code, Message: e.Message, Field: e.Field, Err: err}
	}
	return &Error{Kind: Internal, Op: op, Code: "internal", Err: err}
}

// KindOf returns the kind of err, Internal for foreign errors.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) && e.Kind != "" {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Public returns the code and message to show a user. Internal errors (and
// foreign ones) get a generic message so nothing internal leaks.
func Public(err error) (code, message string) {
	var e *Error
	if !errors.As(err, &e) || e.Kind == Internal || e.Kind == "" {
		return "internal", "服务器内部错误，请稍后再试。"
	}
	code, message = e.Code, e.Message
	if code == "" {
		code = string(e.Kind)
	}
	if message == "" {
		message = defaultMessages[e.Kind]
	}
	return code, message
}

var defaultMessages = map[Kind]string{
	Invalid:         "请求内容有误。",
	NotFound:        "未找到所请求的内容。",
	Conflict:        "操作与当前状态冲突，请刷新后重试。",
	Forbidden:       "您没有执行此操作的权限。",
	Unauthenticated: "请先登录。",
	Unavailable:     "服务暂时不可用，请稍后再试。",
	RateLimited:     "请求过于频繁，请稍后再试。",
}

// WithErr sets the cause of e and returns e.
func (e *Error) WithErr(err error) *Error {
	e.Err = err
	return e
}

// WithField sets the input field e is about and returns e.
func (e *Error) WithField(field string) *Error {
	e.Field = field
	return e
}

// InField says that err is about the input field: a *Error keeps its kind,
// code and message; any other error becomes Internal. InField(f, nil) is nil.
func InField(field string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return &Error{Kind: e.Kind, Op: e.Op, Code: e.Code, Message: e.Message, Field: field, Err: err}
	}
	return &Error{Kind: Internal, Op: "errs.InField", Code: "internal", Field: field, Err: err}
}

// FieldOf returns the input field err is about, or "".
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
