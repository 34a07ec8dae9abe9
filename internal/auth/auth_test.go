package auth_test

import (
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
)

func TestValidateRoles(t *testing.T) {
	cases := []struct {
		roles string
		ok    bool
	}{
		{"", true},
		{"sysadmin", true},
		{"secadmin", true},
		{"auditor", true},
		{"editor,reviewer,foi_officer,foi_head,replier,supervisor", true},
		{"sysadmin,secadmin", false},
		{"secadmin,auditor", false},
		{"sysadmin,auditor", false},
		{"sysadmin,editor", false},
		{"auditor,reviewer", false},
		{"secadmin,supervisor", false},
		{"editor,editor", true}, // duplicates fold
		{"king", false},
	}
	for _, tc := range cases {
		_, err := auth.ParseRoles(tc.roles)
		if (err == nil) != tc.ok {
			t.Errorf("ParseRoles(%q) error = %v, want ok=%v", tc.roles, err, tc.ok)
		}
	}
}

func TestPermissionsSeparated(t *testing.T) {
	admin := []auth.Role{auth.Sysadmin, auth.Secadmin, auth.Auditor}
	for _, r := range admin {
		for _, p := range auth.BusinessPermissions {
			if auth.RoleCan(r, p) {
				t.Errorf("%s can %s", r, p)
			}
		}
	}
	// Each administration permission belongs to exactly one role.
	for _, p := range []auth.Permission{auth.ManageDepartments, auth.ManageUsers, auth.ManageSettings, auth.AssignRoles, auth.UnlockAccounts, auth.ReadAudit} {
		n := 0
		for _, r := range auth.AllRoles {
			if auth.RoleCan(r, p) {
				n++
				if !r.IsAdministrative() {
					t.Errorf("business role %s holds administration permission %s", r, p)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s is held by %d roles", p, n)
		}
	}
	if !(&auth.User{Roles: []auth.Role{auth.Auditor}}).Can(auth.ReadAudit) {
		t.Error("auditor cannot read the audit trail")
	}
	if (&auth.User{Roles: []auth.Role{auth.Auditor}, Disabled: true}).Can(auth.ReadAudit) {
		t.Error("a disabled user can act")
	}
}

func TestOrgCodes(t *testing.T) {
	good := []string{"00001434-9", "000014349", "00242431-7", "mb2f1205-x", "91350100M000100Y43"} // the last is the example in GB 32100
	bad := []string{"00001434-8", "0000143", "00001434-", "ABCDEFGHI", "91350100M000100Y44", "91350100M000100Y4", "91350100M0001O0Y43"}
	for _, s := range good {
		if err := auth.ValidateOrgCode(auth.NormalizeOrgCode(s)); err != nil {
			t.Errorf("%s rejected: %v", s, err)
		}
	}
	for _, s := range bad {
		if err := auth.ValidateOrgCode(auth.NormalizeOrgCode(s)); !errs.Is(err, errs.Invalid) {
			t.Errorf("%s accepted", s)
		}
	}
	if got := auth.NormalizeOrgCode(" 000014349 "); got != "00001434-9" {
		t.Errorf("normalised %q", got)
	}
}

func TestPasswords(t *testing.T) {
	for _, pw := range []string{"short1A!", "alllowercaseletters", "ALLUPPER123456", "1234567890123",
		"Password123!", "Gongkai-Demo-2024", "Qwerty12345", "Admin@2024!", "li.na-Secret-1"} {
		if err := auth.CheckPasswordPolicy(pw, "li.na"); err == nil {
			t.Errorf("weak password %q accepted", pw)
		}
	}
	for _, pw := range []string{"Juyuan-Ledger-2024", "菊园新区Plumrain1", "correct horse Battery"} {
		if err := auth.CheckPasswordPolicy(pw, "li.na"); err != nil {
			t.Errorf("good password %q refused: %v", pw, err)
		}
	}
	h, err := auth.HashPassword("Gongkai-2024")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash format %q", h)
	}
	h2, _ := auth.HashPassword("Gongkai-2024")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !auth.VerifyPassword(h, "Gongkai-2024") || auth.VerifyPassword(h, "Gongkai-2025") {
		t.Error("verify")
	}
	for _, broken := range []string{"", "plain", "$argon2id$v=19$m=0,t=3,p=2$c2FsdA$a2V5", strings.Replace(h, "argon2id", "argon2i", 1)} {
		if auth.VerifyPassword(broken, "Gongkai-2024") {
			t.Errorf("malformed hash %q verified", broken)
		}
	}
}

// TestHasherParameters: a Hasher's parameters go into the hash, and any
// hash verifies whatever Hasher is configured now, so tests can use cheap
// parameters and production can raise them later.
func TestHasherParameters(t *testing.T) {
	cheap, err := auth.CheapHasher.Hash("Gongkai-2024")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cheap, "$argon2id$v=19$m=8,t=1,p=1$") {
		t.Errorf("cheap hash format %q", cheap)
	}
	zero, _ := auth.Hasher{}.Hash("Gongkai-2024")
	if !strings.HasPrefix(zero, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("the zero Hasher is not the default: %q", zero)
	}
	if !auth.VerifyPassword(cheap, "Gongkai-2024") || auth.VerifyPassword(cheap, "Gongkai-2025") {
		t.Error("verify cheap hash")
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := auth.HashPassword("Gongkai-2024"); err != nil {
			b.Fatal(err)
		}
	}
}
