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
