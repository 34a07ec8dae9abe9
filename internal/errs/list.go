package errs

import (
	"errors"
	"strings"
)

// List is several input errors found at once, in the order of the form, so
// a person corrects every field in one round instead of one per submission.
// As an error it is its first element: Kind, Public and FieldOf see the
// first problem, and a caller that knows only single errors keeps working.
type List []*Error

// Error joins the elements' log forms.
func (l List) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap returns the elements, first first, for errors.As and errors.Is.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Join returns nil for no errors, the error itself for one, and a List
// for several. Nil elements are dropped.
func Join(es ...*Error) error {
	var l List
	for _, e := range es {
		if e != nil {
			l = append(l, e)
		}
	}
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return l
}

// All returns every input error err carries: the elements of a List
// anywhere in its chain, else the one *Error it is, else nothing.
func All(err error) []*Error {
	var l List
	if errors.As(err, &l) {
		return append([]*Error(nil), l...)
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return nil
}
