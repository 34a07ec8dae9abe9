package errs_test

import (
	"errors"
	"fmt"
	"testing"

	"gongkai/internal/errs"
)

func TestWrapKeepsKindCodeAndMessage(t *testing.T) {
	base := errs.New(errs.Conflict, "store.CreateUser", "username_taken", "用户名已被使用。")
	err := errs.Wrap("web.createUser", fmt.Errorf("context: %w", base))
	if !errs.Is(err, errs.Conflict) {
		t.Fatalf("kind lost: %v", err)
	}
	if code, msg := errs.Public(err); code != "username_taken" || msg != "用户名已被使用。" {
		t.Fatalf("public %q %q", code, msg)
	}
	if !errors.Is(err, base) {
		t.Fatal("cause lost")
	}
	if errs.Wrap("x", nil) != nil {
		t.Fatal("Wrap(nil) is not nil")
	}
}

func TestPublicHidesInternals(t *testing.T) {
	secret := errors.New("pq: password authentication failed for user gongkai at 10.0.0.5")
	for _, err := range []error{secret, errs.Wrap("store.Open", secret), errs.New(errs.Internal, "x", "", "内部细节")} {
		code, msg := errs.Public(err)
		if code != "internal" || msg != "服务器内部错误，请稍后再试。" {
			t.Errorf("Public(%v) = %q %q", err, code, msg)
		}
		if errs.KindOf(err) != errs.Internal {
			t.Errorf("KindOf(%v) = %s", err, errs.KindOf(err))
		}
	}
	// A kind without its own message gets the kind's generic Chinese one.
	if code, msg := errs.Public(errs.New(errs.Forbidden, "x", "", "")); code != "forbidden" || msg == "" {
		t.Errorf("default message: %q %q", code, msg)
	}
}

// TestField: the input field an error is about survives wrapping, and
// InField names it on any error without changing what the user is told.
func TestField(t *testing.T) {
	e := errs.New(errs.Invalid, "foi.Validate", "invalid_email", "电子邮箱格式不正确。").WithField("email")
	if got := errs.FieldOf(errs.Wrap("store.CreateApplication", e)); got != "email" {
		t.Errorf("field after Wrap: %q", got)
	}
	moved := errs.InField("received_on", errs.New(errs.Invalid, "calendar.ParseDate", "invalid_date", "日期无效。"))
	if errs.FieldOf(moved) != "received_on" || errs.KindOf(moved) != errs.Invalid {
		t.Errorf("InField: %q %s", errs.FieldOf(moved), errs.KindOf(moved))
	}
	if code, msg := errs.Public(moved); code != "invalid_date" || msg != "日期无效。" {
		t.Errorf("InField changed the message: %q %q", code, msg)
	}
	if errs.InField("x", nil) != nil || errs.FieldOf(errors.New("plain")) != "" {
		t.Error("nil or foreign errors")
	}
}
