package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

var ctx = context.Background()

// TestStoreSuite runs every store test on each dialect: SQLite always,
// PostgreSQL under `make test`.
func TestStoreSuite(t *testing.T) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s *store.Store)
	}{
		{"Departments", testDepartments},
		{"Users", testUsers},
		{"Lockout", testLockout},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
		{"AuditChain", testAuditChain},
		{"AuditTamper", testAuditTamper},
		{"AuditFilter", testAuditFilter},
		{"ConcurrentWrites", testConcurrentWrites},
		{"CalendarOverrides", testCalendarOverrides},
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					tc.fn(t, storetest.Open(t, d))
				})
			}
		})
	}
}

func TestMigrationNamesMatch(t *testing.T) {
	names := func(d store.Dialect) []string {
		var out []string
		err := fs.WalkDir(store.MigrationsFS(d), ".", func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				out = append(out, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := names(store.SQLite), names(store.Postgres)
	if strings.Join(a, ",") != strings.Join(b, ",") || len(a) == 0 {
		t.Fatalf("migration names differ:\nsqlite:   %v\npostgres: %v", a, b)
	}
}

func wantCode(t *testing.T, err error, kind errs.Kind, code string) {
	t.Helper()
	var e *errs.Error
	if err == nil {
		t.Fatalf("want %s/%s, got nil", kind, code)
	}
	if !errs.Is(err, kind) {
		t.Fatalf("want kind %s, got %v", kind, err)
	}
	if c, _ := errs.Public(err); c != code {
		t.Fatalf("want code %s, got %s (%v) %T", code, c, err, e)
	}
}

func mustDept(t testing.TB, s *store.Store, code, name, org string, parent int64) *auth.Department {
	t.Helper()
	d := &auth.Department{Code: code, Name: name, OrgCode: org, ParentID: parent}
	if err := s.CreateDepartment(ctx, "tester", d); err != nil {
		t.Fatal(err)
	}
	return d
}

func testDepartments(t *testing.T, s *store.Store) {
	root := mustDept(t, s, "jd", "嘉定区", "", 0)
	jy := mustDept(t, s, "jy", "菊园新区", "000014349", root.ID)
	if jy.OrgCode != "00001434-9" {
		t.Fatalf("org code not normalised: %q", jy.OrgCode)
	}
	got, err := s.DepartmentByCode(ctx, "jy")
	if err != nil || got.Name != "菊园新区" || got.ParentID != root.ID {
		t.Fatalf("read back: %+v %v", got, err)
	}
	wantCode(t, s.CreateDepartment(ctx, "tester", &auth.Department{Code: "jy", Name: "重复"}), errs.Conflict, "department_code_taken")
	wantCode(t, s.CreateDepartment(ctx, "tester", &auth.Department{Code: "x", Name: "坏代码", OrgCode: "00001434-8"}), errs.Invalid, "invalid_org_code")
	wantCode(t, s.CreateDepartment(ctx, "tester", &auth.Department{Code: "y", Name: "无上级", ParentID: 9999}), errs.NotFound, "parent_not_found")
	// A department cannot move under its own child.
	root.ParentID = jy.ID
	wantCode(t, s.UpdateDepartment(ctx, "tester", root), errs.Invalid, "department_cycle")
	jy.Name = "菊园新区管委会"
	if err := s.UpdateDepartment(ctx, "tester", jy); err != nil {
		t.Fatal(err)
	}
	all, err := s.Departments(ctx)
	if err != nil || len(all) != 2 || all[1].Name != "菊园新区管委会" {
		t.Fatalf("list: %v %v", all, err)
	}
	_, err = s.DepartmentByCode(ctx, "nope")
	wantCode(t, err, errs.NotFound, "department_not_found")
}

const goodPassword = "Juyuan-Ledger-7f!"

func mustUser(t *testing.T, s *store.Store, username string, dept int64, roles ...auth.Role) *auth.User {
	t.Helper()
	u := &auth.User{Username: username, Name: "测试" + username, DeptID: dept, Roles: roles}
	if err := s.CreateUser(ctx, "tester", u, goodPassword); err != nil {
		t.Fatal(err)
	}
	return u
}

func testUsers(t *testing.T, s *store.Store) {
	d := mustDept(t, s, "jy", "菊园新区", "", 0)
	u := mustUser(t, s, "zhang.min", d.ID, auth.Editor, auth.Reviewer)
	got, err := s.UserByUsername(ctx, "zhang.min")
	if err != nil || got.ID != u.ID || !got.HasRole(auth.Reviewer) || got.DeptID != d.ID {
		t.Fatalf("read back %+v %v", got, err)
	}
	if strings.Contains(got.PasswordHash, goodPassword) || !auth.VerifyPassword(got.PasswordHash, goodPassword) {
		t.Fatal("password not hashed or not verifiable")
	}
	wantCode(t, s.CreateUser(ctx, "tester", &auth.User{Username: "zhang.min", Name: "又一个"}, goodPassword), errs.Conflict, "username_taken")
	wantCode(t, s.CreateUser(ctx, "tester", &auth.User{Username: "x1x", Name: "弱", Roles: nil}, "short"), errs.Invalid, "weak_password")
	wantCode(t, s.CreateUser(ctx, "tester", &auth.User{Username: "mix", Name: "兼任", DeptID: d.ID, Roles: []auth.Role{auth.Sysadmin, auth.Editor}}, goodPassword), errs.Invalid, "roles_not_separated")
	wantCode(t, s.CreateUser(ctx, "tester", &auth.User{Username: "nodept", Name: "无部门", Roles: []auth.Role{auth.Editor}}, goodPassword), errs.Invalid, "department_required")
	_, err = s.SetRoles(ctx, "sec", u.ID, []auth.Role{auth.Auditor, auth.Secadmin})
	wantCode(t, err, errs.Invalid, "roles_not_separated")
	if _, err := s.SetRoles(ctx, "sec", u.ID, []auth.Role{auth.FOIOfficer}); err != nil {
		t.Fatal(err)
	}
	// Nobody changes their own roles; the last security administrator stays.
	sec := mustUser(t, s, "sec.one", 0, auth.Secadmin)
	_, err = s.SetRoles(ctx, "sec.one", sec.ID, []auth.Role{auth.Sysadmin})
	wantCode(t, err, errs.Forbidden, "own_roles")
	_, err = s.SetRoles(ctx, "someone.else", sec.ID, nil)
	wantCode(t, err, errs.Conflict, "last_admin")
	mustUser(t, s, "sec.two", 0, auth.Secadmin)
	if _, err := s.SetRoles(ctx, "sec.two", sec.ID, nil); err != nil {
		t.Fatalf("with a second security administrator: %v", err)
	}
	if _, err := s.UpdateUserProfile(ctx, "admin", u.ID, "张敏", d.ID, true); err != nil {
		t.Fatal(err)
	}
	got, _ = s.UserByID(ctx, u.ID)
	if got.Name != "张敏" || !got.Disabled || len(got.Roles) != 1 || got.Roles[0] != auth.FOIOfficer {
		t.Fatalf("after update %+v", got)
	}
}

// service wires the auth service to a store with a controllable clock.
func service(s *store.Store) (*auth.Service, *storetest.Clock) {
	clock := storetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	s.Now = clock.Now
	return &auth.Service{Repo: s, Policy: auth.DefaultPolicy, Now: clock.Now, Hasher: auth.CheapHasher}, clock
}

// testLockout: failures count per account and address; one address cannot
// lock an account for everybody, nor try more than its share of user
// names; every refusal is the same answer.
func testLockout(t *testing.T, s *store.Store) {
	svc, clock := service(s)
	u := mustUser(t, s, "li.na", 0, auth.Secadmin)
	const home, attacker = "10.0.0.1", "203.0.113.9"
	// Four failures, then a success: the count starts over.
	for i := 0; i < 4; i++ {
		_, _, err := svc.Login(ctx, "li.na", "wrong", home)
		wantCode(t, err, errs.Unauthenticated, "bad_credentials")
	}
	if _, _, err := svc.Login(ctx, "li.na", goodPassword, home); err != nil {
		t.Fatalf("login after 4 failures: %v", err)
	}
	// Failures spread beyond the window do not count.
	for i := 0; i < 4; i++ {
		_, _, _ = svc.Login(ctx, "li.na", "wrong", attacker)
	}
	clock.Advance(16 * time.Minute)
	_, _, err := svc.Login(ctx, "li.na", "wrong", attacker)
	wantCode(t, err, errs.Unauthenticated, "bad_credentials")
	// Five within 15 minutes stop that address, even with the right
	// password, with the same answer as a wrong one …
	for i := 0; i < 4; i++ {
		_, _, _ = svc.Login(ctx, "li.na", "wrong", attacker)
	}
	_, _, err = svc.Login(ctx, "li.na", goodPassword, attacker)
	wantCode(t, err, errs.Unauthenticated, "bad_credentials")
	// … but not the account's owner elsewhere, however long it goes on.
	for i := 0; i < 50; i++ {
		_, _, _ = svc.Login(ctx, "li.na", "wrong", attacker)
	}
	if _, _, err := svc.Login(ctx, "li.na", goodPassword, home); err != nil {
		t.Fatalf("an attacker's failures locked the owner out: %v", err)
	}
	// The stop lifts by itself after the window.
	clock.Advance(15*time.Minute + time.Second)
	if _, _, err := svc.Login(ctx, "li.na", goodPassword, attacker); err != nil {
		t.Fatalf("login after the window: %v", err)
	}
	// One address may not guess across user names either: unknown names
	// count toward it, and answer as a wrong password does.
	_, _, err = svc.Login(ctx, "nobody", "x", "198.51.100.7")
	wantCode(t, err, errs.Unauthenticated, "bad_credentials")
	for i := 0; i < 20; i++ {
		_, _, _ = svc.Login(ctx, "nobody"+string(rune('a'+i)), "x", "198.51.100.7")
	}
	_, _, err = svc.Login(ctx, "li.na", goodPassword, "198.51.100.7")
	wantCode(t, err, errs.Unauthenticated, "bad_credentials")
	// Many addresses together (a distributed attack) lock the account, as
	// the security administrator sees and lifts.
	for i := 0; i < 30; i++ {
		_, _, _ = svc.Login(ctx, "li.na", "wrong", fmt.Sprintf("192.0.2.%d", i/4))
	}
	_, _, err = svc.Login(ctx, "li.na", goodPassword, home)
	wantCode(t, err, errs.Unauthenticated, "bad_credentials")
	if got, _ := s.UserByID(ctx, u.ID); !got.Locked(clock.Now()) {
		t.Fatal("a distributed attack did not lock the account")
	}
	if err := s.Unlock(ctx, "sec", u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Login(ctx, "li.na", goodPassword, home); err != nil {
		t.Fatalf("login after unlock: %v", err)
	}
	ev, err := s.AuditEvents(ctx, store.AuditFilter{Action: "user.lock"})
	if err != nil || len(ev) != 1 {
		t.Fatalf("lock events %d %v", len(ev), err)
	}
}

func testSessions(t *testing.T, s *store.Store) {
	svc, clock := service(s)
	mustUser(t, s, "wang.fang", 0, auth.Auditor)
	sess, u, err := svc.Login(ctx, "wang.fang", goodPassword, "10.0.0.1")
	if err != nil || u.Username != "wang.fang" {
		t.Fatal(err)
	}
	var raw int
	if err := rawDB(t, s).QueryRow(rebindFor(s, "SELECT COUNT(*) FROM sessions WHERE id = ?"), sess.Token).Scan(&raw); err != nil || raw != 0 {
		t.Fatalf("the session token itself must not be stored (%d, %v)", raw, err)
	}
	// Activity keeps the session alive past 30 minutes in total.
	for i := 0; i < 3; i++ {
		clock.Advance(20 * time.Minute)
		if _, _, err := svc.Authenticate(ctx, sess.Token); err != nil {
			t.Fatalf("active session expired after %d×20min: %v", i+1, err)
		}
	}
	// 30 idle minutes end it.
	clock.Advance(30 * time.Minute)
	_, _, err = svc.Authenticate(ctx, sess.Token)
	wantCode(t, err, errs.Unauthenticated, "session_expired")
	if n, err := s.PurgeSessions(ctx, auth.DefaultPolicy); err != nil || n != 1 {
		t.Fatalf("purge removed %d, %v", n, err)
	}
	// Logout deletes the session.
	sess, _, _ = svc.Login(ctx, "wang.fang", goodPassword, "10.0.0.1")
	if err := svc.Logout(ctx, sess, "wang.fang"); err != nil {
		t.Fatal(err)
	}
	_, _, err = svc.Authenticate(ctx, sess.Token)
	wantCode(t, err, errs.Unauthenticated, "session_expired")
}

func testTokens(t *testing.T, s *store.Store) {
	svc, _ := service(s)
	u := mustUser(t, s, "api.user", 0, auth.Sysadmin)
	tok, err := s.CreateToken(ctx, "cli", u.ID, "测试令牌", 0)
	if err != nil || !strings.HasPrefix(tok, auth.TokenPrefix) {
		t.Fatalf("token %q %v", tok, err)
	}
	var hash string
	if err := rawDB(t, s).QueryRow("SELECT hash FROM api_tokens").Scan(&hash); err != nil || hash == tok || strings.Contains(hash, tok[3:]) {
		t.Fatalf("token stored in clear: %q %v", hash, err)
	}
	got, err := svc.AuthenticateToken(ctx, tok)
	if err != nil || got.ID != u.ID {
		t.Fatalf("authenticate token: %v", err)
	}
	_, err = svc.AuthenticateToken(ctx, tok+"x")
	wantCode(t, err, errs.Unauthenticated, "bad_token")
}

func testAuditChain(t *testing.T, s *store.Store) {
	d := mustDept(t, s, "jy", "菊园新区", "", 0)
	mustUser(t, s, "a.b", d.ID, auth.Editor)
	if err := s.SetCalendarOverride(ctx, "admin", calendar.Override{Date: calendar.MustParse("2027-01-04"), Workday: false, Note: "测试"}); err != nil {
		t.Fatal(err)
	}
	res, err := s.VerifyAudit(ctx)
	if err != nil || !res.OK() || res.Count != 3 {
		t.Fatalf("verify %+v %v", res, err)
	}
	ev, _ := s.AuditEvents(ctx, store.AuditFilter{})
	if len(ev) != 3 || ev[0].Action != "calendar.override" || ev[2].Action != "department.create" || ev[0].PrevHash != ev[1].Hash {
		t.Fatalf("events %+v", ev)
	}
	// The database itself refuses to change or delete events.
	if _, err := rawDB(t, s).Exec("UPDATE audit_events SET actor = 'x'"); err == nil {
		t.Fatal("update of audit_events was allowed")
	}
	if _, err := rawDB(t, s).Exec("DELETE FROM audit_events"); err == nil {
		t.Fatal("delete from audit_events was allowed")
	}
}

// dropGuards removes the append-only triggers, as an attacker with database
// access could, so the tests can prove Verify still catches the change.
func dropGuards(t *testing.T, s *store.Store) {
	db := rawDB(t, s)
	stmts := []string{"DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"}
	if s.Dialect() == store.Postgres {
		stmts = []string{"DROP TRIGGER audit_events_no_change ON audit_events"}
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func testAuditTamper(t *testing.T, s *store.Store) {
	for i := 0; i < 5; i++ {
		mustDept(t, s, fmt.Sprintf("d%d", i), fmt.Sprintf("部门%d", i), "", 0)
	}
	dropGuards(t, s)
	db := rawDB(t, s)
	if _, err := db.Exec(`UPDATE audit_events SET detail = '{"name":"改过的"}' WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	res, err := s.VerifyAudit(ctx)
	if err != nil || res.OK() || res.BadSeq != 3 {
		t.Fatalf("altered event 3 not detected: %+v %v", res, err)
	}
	if _, err := db.Exec(`UPDATE audit_events SET detail = (SELECT detail FROM audit_events WHERE seq = 2) WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	if res, _ = s.VerifyAudit(ctx); res.BadSeq != 3 {
		t.Fatalf("still altered: %+v", res)
	}
	// Deleting the newest event is caught through the head row.
	s2 := storetest.Open(t, s.Dialect())
	for i := 0; i < 3; i++ {
		mustDept(t, s2, fmt.Sprintf("e%d", i), "部门", "", 0)
	}
	dropGuards(t, s2)
	if _, err := rawDB(t, s2).Exec("DELETE FROM audit_events WHERE seq = 3"); err != nil {
		t.Fatal(err)
	}
	if res, _ := s2.VerifyAudit(ctx); res.OK() || res.BadSeq != 3 {
		t.Fatalf("deleted newest event not detected: %+v", res)
	}
}

func testAuditFilter(t *testing.T, s *store.Store) {
	mustDept(t, s, "a", "甲", "", 0)
	u := mustUser(t, s, "someone", 0, auth.Auditor)
	if err := s.Unlock(ctx, "secadmin1", u.ID); err != nil {
		t.Fatal(err)
	}
	ev, err := s.AuditEvents(ctx, store.AuditFilter{Actor: "secadmin1"})
	if err != nil || len(ev) != 1 || ev[0].Action != "user.unlock" {
		t.Fatalf("actor filter: %+v %v", ev, err)
	}
	ev, _ = s.AuditEvents(ctx, store.AuditFilter{Action: "user."})
	if len(ev) != 2 {
		t.Fatalf("action prefix filter: %d", len(ev))
	}
	// LIKE wildcards in user input are literal.
	ev, _ = s.AuditEvents(ctx, store.AuditFilter{Object: "%"})
	if len(ev) != 0 {
		t.Fatalf("%% matched %d events", len(ev))
	}
	ev, _ = s.AuditEvents(ctx, store.AuditFilter{Object: "some"})
	if len(ev) != 2 {
		t.Fatalf("object filter: %d", len(ev))
	}
}

func testConcurrentWrites(t *testing.T, s *store.Store) {
	const n = 40
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errc <- s.CreateDepartment(ctx, "tester", &auth.Department{Code: fmt.Sprintf("c%02d", i), Name: "并发部门"})
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := s.VerifyAudit(ctx)
	if err != nil || !res.OK() || res.Count != n {
		t.Fatalf("chain after concurrent writes: %+v %v", res, err)
	}
}

func testCalendarOverrides(t *testing.T, s *store.Store) {
	d := calendar.MustParse("2026-10-12") // an ordinary Monday
	cal, err := s.Calendar(ctx)
	if err != nil || !cal.IsWorkday(d) {
		t.Fatal("2026-10-12 should be a workday before the override", err)
	}
	if err := s.SetCalendarOverride(ctx, "admin", calendar.Override{Date: d, Workday: false, Note: "台风停工"}); err != nil {
		t.Fatal(err)
	}
	cal, _ = s.Calendar(ctx)
	if cal.IsWorkday(d) {
		t.Fatal("override not applied")
	}
	// Replacing the ruling keeps one row.
	if err := s.SetCalendarOverride(ctx, "admin", calendar.Override{Date: d, Workday: true, Note: "恢复"}); err != nil {
		t.Fatal(err)
	}
	list, _ := s.CalendarOverrides(ctx)
	if len(list) != 1 || !list[0].Workday || list[0].Note != "恢复" || list[0].UpdatedBy != "admin" {
		t.Fatalf("overrides %+v", list)
	}
	if err := s.DeleteCalendarOverride(ctx, "admin", d); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteCalendarOverride(ctx, "admin", d), errs.NotFound, "override_not_found")
	ev, _ := s.AuditEvents(ctx, store.AuditFilter{Object: "date:2026-10-12"})
	if len(ev) != 3 {
		t.Fatalf("calendar changes audited: %d events", len(ev))
	}
}

func TestBackupSQLite(t *testing.T) {
	s := storetest.Open(t, store.SQLite)
	mustDept(t, s, "jy", "菊园新区", "", 0)
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Backup(ctx, out), errs.Conflict, "backup_exists")
	c, err := store.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if d, err := c.DepartmentByCode(ctx, "jy"); err != nil || d.Name != "菊园新区" {
		t.Fatalf("backup content: %v", err)
	}
	if res, err := c.VerifyAudit(ctx); err != nil || !res.OK() || res.Count != 1 {
		t.Fatalf("backup trail: %+v %v", res, err)
	}
}

// rawDB opens a second, plain connection to the test database, the way an
// operator (or an attacker) with database access would.
func rawDB(t *testing.T, s *store.Store) *sql.DB {
	t.Helper()
	db, err := store.RawForTest(s)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func rebindFor(s *store.Store, q string) string {
	if s.Dialect() == store.Postgres {
		return strings.Replace(q, "?", "$1", 1)
	}
	return q
}
