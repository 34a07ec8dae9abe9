package store_test

import (
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestAccountSecurity runs the account findings' store tests on each dialect.
func TestAccountSecurity(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Run("LastAdminDisable", func(t *testing.T) { testLastAdminDisable(t, storetest.Open(t, d)) })
			t.Run("ResetPassword", func(t *testing.T) { testResetPassword(t, storetest.Open(t, d)) })
			t.Run("TokenLife", func(t *testing.T) { testTokenLife(t, storetest.Open(t, d)) })
			t.Run("PasswordBlocklist", func(t *testing.T) { testPasswordBlocklist(t, storetest.Open(t, d)) })
		})
	}
}

// testLastAdminDisable: the last enabled holder of each administration
// role cannot be disabled, and nobody disables themselves.
func testLastAdminDisable(t *testing.T, s *store.Store) {
	admin := mustUser(t, s, "admin.one", 0, auth.Sysadmin)
	for _, r := range []auth.Role{auth.Sysadmin, auth.Secadmin, auth.Auditor} {
		u := admin
		if r != auth.Sysadmin {
			u = mustUser(t, s, "only."+string(r), 0, r)
		}
		by := "admin.one"
		if u == admin {
			by = "someone.else"
		}
		_, err := s.UpdateUserProfile(ctx, by, u.ID, u.Name, 0, true)
		wantCode(t, err, errs.Conflict, "last_admin")
	}
	_, err := s.UpdateUserProfile(ctx, "admin.one", admin.ID, admin.Name, 0, true)
	wantCode(t, err, errs.Forbidden, "own_account")
	mustUser(t, s, "auditor.two", 0, auth.Auditor)
	aud, _ := s.UserByUsername(ctx, "only.auditor")
	if _, err := s.UpdateUserProfile(ctx, "admin.one", aud.ID, aud.Name, 0, true); err != nil {
		t.Fatalf("disabling one of two auditors: %v", err)
	}
	// A disabled holder no longer counts: the remaining auditor is the last.
	two, _ := s.UserByUsername(ctx, "auditor.two")
	_, err = s.UpdateUserProfile(ctx, "admin.one", two.ID, two.Name, 0, true)
	wantCode(t, err, errs.Conflict, "last_admin")
	_, err = s.SetRoles(ctx, "sec", two.ID, nil)
	wantCode(t, err, errs.Conflict, "last_admin")
}

// testResetPassword: a security administrator resets business accounts
// only; the reset password is temporary; the console resets any account.
func testResetPassword(t *testing.T, s *store.Store) {
	svc, _ := service(s)
	d := mustDept(t, s, "jy", "菊园新区", "", 0)
	sec := mustUser(t, s, "sec.one", 0, auth.Secadmin)
	aud := mustUser(t, s, "aud.one", 0, auth.Auditor)
	ed := mustUser(t, s, "ed.one", d.ID, auth.Editor)
	wantCode(t, s.ResetPassword(ctx, sec, aud.ID, "Temp-Reset-93x!"), errs.Forbidden, "admin_password_on_server")
	wantCode(t, s.ResetPassword(ctx, sec, sec.ID, "Temp-Reset-93x!"), errs.Forbidden, "own_password")
	if err := s.ResetPassword(ctx, sec, ed.ID, "Temp-Reset-93x!"); err != nil {
		t.Fatal(err)
	}
	_, u, err := svc.Login(ctx, "ed.one", "Temp-Reset-93x!", "10.0.0.1")
	if err != nil || !u.MustChangePassword {
		t.Fatalf("after a reset: %+v %v", u, err)
	}
	if err := s.ChangePassword(ctx, u, "Own-Choice-58k!", ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, ed.ID); got.MustChangePassword {
		t.Fatal("the own change did not clear the temporary flag")
	}
	if err := s.ResetPassword(ctx, nil, aud.ID, "Console-Reset-71q!"); err != nil {
		t.Fatalf("console reset: %v", err)
	}
	ev, err := s.AuditEvents(ctx, store.AuditFilter{Action: "user.password_reset"})
	if err != nil || len(ev) != 2 || ev[0].Actor != "cli" {
		t.Fatalf("reset events: %+v %v", ev, err)
	}
}

// testTokenLife: tokens are listed, expire, are revoked by their owner
// (not by another user) and by a reset or disabling.
func testTokenLife(t *testing.T, s *store.Store) {
	svc, clock := service(s)
	d := mustDept(t, s, "jy", "菊园新区", "", 0)
	mustUser(t, s, "admin.one", 0, auth.Sysadmin)
	sec := mustUser(t, s, "sec.one", 0, auth.Secadmin)
	ed := mustUser(t, s, "ed.one", d.ID, auth.Editor)
	other := mustUser(t, s, "ed.two", d.ID, auth.Editor)
	short, _ := s.CreateToken(ctx, "cli", ed.ID, "短期", 24*time.Hour)
	long, _ := s.CreateToken(ctx, "cli", ed.ID, "默认", 0)
	clock.Advance(25 * time.Hour)
	_, err := svc.AuthenticateToken(ctx, short)
	wantCode(t, err, errs.Unauthenticated, "token_expired")
	if _, err := svc.AuthenticateToken(ctx, long); err != nil {
		t.Fatal(err)
	}
	clock.Advance(90 * 24 * time.Hour)
	_, err = svc.AuthenticateToken(ctx, long)
	wantCode(t, err, errs.Unauthenticated, "token_expired")
	tok, _ := s.CreateToken(ctx, "cli", ed.ID, "吊销", 0)
	list, err := s.Tokens(ctx, ed.ID)
	if err != nil || len(list) != 3 || list[0].Name != "吊销" {
		t.Fatalf("tokens: %+v %v", list, err)
	}
	_, err = s.RevokeToken(ctx, other, list[0].ID)
	wantCode(t, err, errs.NotFound, "token_not_found")
	edUser, _ := s.UserByID(ctx, ed.ID)
	if _, err := s.RevokeToken(ctx, edUser, list[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err = svc.AuthenticateToken(ctx, tok)
	wantCode(t, err, errs.Unauthenticated, "bad_token")
	// A reset and disabling revoke every token.
	tok, _ = s.CreateToken(ctx, "cli", ed.ID, "重置", 0)
	if err := s.ResetPassword(ctx, sec, ed.ID, "Temp-Reset-93x!"); err != nil {
		t.Fatal(err)
	}
	_, err = svc.AuthenticateToken(ctx, tok)
	wantCode(t, err, errs.Unauthenticated, "bad_token")
	tok, _ = s.CreateToken(ctx, "cli", other.ID, "停用", 0)
	if _, err := s.UpdateUserProfile(ctx, "admin.one", other.ID, other.Name, d.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateUserProfile(ctx, "admin.one", other.ID, other.Name, d.ID, false); err != nil {
		t.Fatal(err)
	}
	_, err = svc.AuthenticateToken(ctx, tok)
	wantCode(t, err, errs.Unauthenticated, "bad_token")
}

// testPasswordBlocklist: common passwords, the user name and the site name
// inside the password are refused; the demo's accounts alone get the
// published demo password.
func testPasswordBlocklist(t *testing.T, s *store.Store) {
	s.SiteName = "Juyuan 政务公开"
	for pw, code := range map[string]string{
		"Password123!":      "common_password",
		"Passw0rd-2024":     "common_password",
		"Gongkai-Demo-2024": "common_password",
		"Qwerty-2024!":      "common_password",
		"Ab-12345678-x":     "common_password",
		"Zhang.Wei-2024":    "password_contains_name",
		"My-Juyuan-2024!":   "password_contains_name",
	} {
		u := &auth.User{Username: "zhang.wei", Name: "张伟"}
		wantCode(t, s.CreateUser(ctx, "tester", u, pw), errs.Invalid, code)
	}
	u := &auth.User{Username: "zhang.wei", Name: "张伟"}
	if err := s.CreateUser(ctx, "tester", u, "Plum-Rain-Ledger-42"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateDemoUser(ctx, &auth.User{Username: "demo.user", Name: "演示"}, "Gongkai-Demo-2024"); err != nil {
		t.Fatalf("demo account: %v", err)
	}
	wantCode(t, s.ChangePassword(ctx, u, "Gongkai-Demo-2024", ""), errs.Invalid, "common_password")
}
