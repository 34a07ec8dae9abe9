package errs_test

import (
	"errors"
	"testing"

	"gongkai/internal/errs"
)

func TestListIsItsFirstAndKeepsAll(t *testing.T) {
	a := errs.New(errs.Invalid, "foi.Validate", "invalid_name", "请填写姓名。").WithField("name")
	b := errs.New(errs.Invalid, "foi.Validate", "invalid_phone", "请填写联系电话。").WithField("phone")
	if errs.Join() != nil || errs.Join(nil, nil) != nil {
		t.Fatal("Join of nothing is not nil")
	}
	if err := errs.Join(nil, a); err != error(a) {
		t.Fatalf("Join of one: %#v", err)
	}
	err := errs.Wrap("store.CreateApplication", errs.Join(a, nil, b))
	if code, msg := errs.Public(err); code != "invalid_name" || msg != "请填写姓名。" || errs.FieldOf(err) != "name" || !errs.Is(err, errs.Invalid) {
		t.Fatalf("as one error: %q %q %q", code, msg, errs.FieldOf(err))
	}
	all := errs.All(err)
	if len(all) != 2 || all[0] != a || all[1] != b {
		t.Fatalf("All: %v", all)
	}
	if !errors.Is(err, b) {
		t.Fatal("the second problem is not in the chain")
	}
	if got := errs.All(a); len(got) != 1 || got[0] != a {
		t.Fatalf("All of one: %v", got)
	}
	if errs.All(errors.New("plain")) != nil || errs.All(nil) != nil {
		t.Fatal("All of a foreign error or nil is not empty")
	}
}
