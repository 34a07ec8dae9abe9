package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // "sqlite" driver, to tamper with the file behind the store's back

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// hanRE matches a Chinese character: error messages are for Chinese operators.
var hanRE = regexp.MustCompile(`\p{Han}`)

const provisionalWarning = "provisional"

func TestWorkdayCommands(t *testing.T) {
	t.Parallel()
	data := []string{"--data", t.TempDir()}
	mustGongkai(t, "", append([]string{"migrate"}, data...)...)

	tests := []struct {
		name        string
		args        []string
		code        int
		stdout      string // exact, without the trailing newline; checked when code == 0
		provisional bool   // the provisional warning is on stderr
		stderrHas   string // for failures
	}{
		{name: "add across National Day 2024", args: []string{"add", "2024-09-27", "20"}, stdout: "2024-10-30"},
		{name: "add onto a make-up Saturday", args: []string{"add", "2026-02-13", "1"}, stdout: "2026-02-14"},
		{name: "is make-up Saturday", args: []string{"is", "2026-10-10"}, stdout: "workday"},
		{name: "is National Day", args: []string{"is", "2026-10-01"}, stdout: "rest"},
		{name: "is ordinary Sunday", args: []string{"is", "2025-03-02"}, stdout: "rest"},
		{name: "count", args: []string{"count", "2024-09-27", "2024-10-30"}, stdout: "20"},
		{name: "count empty interval", args: []string{"count", "2024-10-30", "2024-10-30"}, stdout: "0"},
		{name: "flags after positionals", args: []string{"is", "2026-10-10", "--data", data[1]}, stdout: "workday"},
		{name: "negative N after --", args: []string{"add", "--data", data[1], "2024-10-30", "--", "-20"}, stdout: "2024-09-27"},
		{name: "negative N", args: []string{"add", "2024-10-30", "-20"}, stdout: "2024-09-27"},
		{name: "unknown flag", args: []string{"add", "2024-10-30", "1", "--bogus"}, code: 2, stderrHas: "bogus"},
		{name: "bad kind", args: []string{"set", "2026-01-05", "maybe"}, code: 2, stderrHas: "workday 或 rest"},

		{name: "2028 is provisional", args: []string{"is", "2028-01-03"}, stdout: "workday", provisional: true},
		{name: "add into 2028 is provisional", args: []string{"add", "2027-12-29", "5"}, stdout: "2028-01-05", provisional: true},
		{name: "count into 2028 is provisional", args: []string{"count", "2027-12-01", "2028-01-10"}, stdout: "", provisional: true},

		{name: "bad date slashes", args: []string{"is", "2024/09/27"}, code: 1, stderrHas: "YYYY-MM-DD"},
		{name: "bad date word", args: []string{"add", "tomorrow", "3"}, code: 1, stderrHas: "YYYY-MM-DD"},
		{name: "impossible date", args: []string{"is", "2024-02-30"}, code: 1, stderrHas: "YYYY-MM-DD"},
		{name: "bad count bound", args: []string{"count", "2024-09-27", "2024-13-01"}, code: 1, stderrHas: "YYYY-MM-DD"},

		{name: "no subcommand", args: nil, code: 2, stderrHas: "用法"},
		{name: "unknown subcommand", args: []string{"next", "2024-09-27"}, code: 2, stderrHas: "用法"},
		{name: "add missing N", args: []string{"add", "2024-09-27"}, code: 2, stderrHas: "用法"},
		{name: "add extra arg", args: []string{"add", "2024-09-27", "1", "2"}, code: 2, stderrHas: "用法"},
		{name: "is without date", args: []string{"is"}, code: 2, stderrHas: "用法"},
		{name: "count one date", args: []string{"count", "2024-09-27"}, code: 2, stderrHas: "用法"},
		{name: "N not a number", args: []string{"add", "2024-09-27", "twenty"}, code: 2, stderrHas: "N 应为整数"},
		{name: "set bad kind", args: []string{"set", "2026-10-12", "holiday"}, code: 2, stderrHas: "workday 或 rest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"workday"}, tt.args...)
			if !slices.Contains(tt.args, "--data") {
				args = append(args, data...)
			}
			out, errOut, code := gongkai(t, "", args...)
			if code != tt.code {
				t.Fatalf("gongkai %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, tt.code, out, errOut)
			}
			if tt.code != 0 {
				if !strings.Contains(errOut, tt.stderrHas) || !hanRE.MatchString(errOut) {
					t.Errorf("stderr = %q, want a Chinese message containing %q", errOut, tt.stderrHas)
				}
				if out != "" {
					t.Errorf("stdout = %q on failure, want nothing", out)
				}
				return
			}
			if tt.stdout != "" && strings.TrimSuffix(out, "\n") != tt.stdout {
				t.Errorf("stdout = %q, want %q", out, tt.stdout)
			}
			if got := strings.Contains(errOut, provisionalWarning); got != tt.provisional {
				t.Errorf("provisional warning on stderr = %v, want %v (stderr %q)", got, tt.provisional, errOut)
			}
			if !tt.provisional && errOut != "" {
				t.Errorf("stderr = %q, want nothing", errOut)
			}
		})
	}
}

func TestWorkdayOverride(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := []string{"--data", dir}
	wd := func(args ...string) string {
		t.Helper()
		return strings.TrimSpace(mustGongkai(t, "", append(append([]string{"workday"}, args...), data...)...))
	}

	// 2026-10-10 is the Saturday made up for National Day, 10-11 a Sunday,
	// 10-12 an ordinary Monday.
	if got := wd("is", "2026-10-12"); got != "workday" {
		t.Fatalf("before the override 2026-10-12 is %s", got)
	}
	if got := wd("add", "2026-10-10", "1"); got != "2026-10-12" {
		t.Fatalf("before the override add 2026-10-10 1 = %s", got)
	}

	out := wd("set", "2026-10-12", "rest", "--note", "台风")
	if !strings.Contains(out, "2026-10-12") {
		t.Errorf("set printed %q", out)
	}

	// The very next command sees the override.
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"is", "2026-10-12"}, "rest"},
		{[]string{"add", "2026-10-10", "1"}, "2026-10-13"},
		{[]string{"add", "2026-10-09", "1"}, "2026-10-10"}, // the make-up Saturday is untouched
		{[]string{"add", "2026-10-09", "2"}, "2026-10-13"},
		// (2026-10-09, 2026-10-16]: 10 (make-up), 11 Sun, 12 rest (override), 13–16.
		{[]string{"count", "2026-10-09", "2026-10-16"}, "5"},
	} {
		if got := wd(tt.args...); got != tt.want {
			t.Errorf("workday %s = %s after the override, want %s", strings.Join(tt.args, " "), got, tt.want)
		}
	}

	// Setting it back to a workday is also immediate.
	wd("set", "2026-10-12", "workday", "--note", "台风过境，恢复上班")
	if got := wd("is", "2026-10-12"); got != "workday" {
		t.Errorf("after the second override 2026-10-12 is %s", got)
	}

	out = mustGongkai(t, "", append([]string{"audit", "verify"}, data...)...)
	if !strings.Contains(out, "校验通过") {
		t.Errorf("audit verify printed %q", out)
	}

	s := openTestStore(t, filepath.Join(dir, "gongkai.db"))
	events, err := s.AuditEvents(context.Background(), store.AuditFilter{Action: "calendar.override"})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, e := range events {
		if e.Action != "calendar.override" {
			continue
		}
		if e.Actor != "cli" || e.Object != "date:2026-10-12" {
			t.Errorf("override event actor %q object %q, want cli and date:2026-10-12", e.Actor, e.Object)
		}
		notes = append(notes, e.Detail["kind"]+"/"+e.Detail["note"])
	}
	// Newest first.
	if want := []string{"workday/台风过境，恢复上班", "rest/台风"}; !slices.Equal(notes, want) {
		t.Errorf("calendar.override events = %q, want %q", notes, want)
	}
}

func TestUserAdd(t *testing.T) {
	t.Parallel()
	data := []string{"--data", t.TempDir()}
	mustGongkai(t, "", append([]string{"dept", "add", "--code", "jy", "--name", "菊园新区", "--org-code", "00001434-9"}, data...)...)

	userAdd := func(stdin string, args ...string) (string, string, int) {
		t.Helper()
		return gongkai(t, stdin, append(append([]string{"user", "add"}, args...), data...)...)
	}
	out, errOut, code := userAdd("Juyuan-Editor-2024\n", "--username", "user1", "--role", "editor,reviewer", "--dept", "jy")
	if code != 0 {
		t.Fatalf("user add: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "user1") {
		t.Errorf("user add printed %q", out)
	}

	for _, tt := range []struct {
		name      string
		stdin     string
		args      []string
		code      int // 0 = any non-zero
		stderrHas string
	}{
		{"admin with business role", "Juyuan-Editor-2024\n", []string{"--username", "user2", "--role", "sysadmin,editor"}, 0, "三员分立"},
		{"two admin roles", "Juyuan-Editor-2024\n", []string{"--username", "user2", "--role", "secadmin,auditor"}, 0, "三员分立"},
		{"unknown role", "Juyuan-Editor-2024\n", []string{"--username", "user2", "--role", "mayor"}, 0, "未知角色"},
		{"empty stdin", "", []string{"--username", "user2", "--role", "editor"}, 2, "标准输入"},
		{"blank line on stdin", "\n", []string{"--username", "user2", "--role", "editor"}, 2, "标准输入"},
		{"short password", "Ab1!\n", []string{"--username", "user2", "--role", "editor", "--dept", "jy"}, 1, "weak_password"},
		{"one-class password", "aaaaaaaaaaaaaaaa\n", []string{"--username", "user2", "--role", "editor", "--dept", "jy"}, 1, "weak_password"},
		{"taken username", "Juyuan-Editor-2024\n", []string{"--username", "user1", "--role", "editor", "--dept", "jy"}, 1, "user1"},
		{"unknown department", "Juyuan-Editor-2024\n", []string{"--username", "user2", "--role", "editor", "--dept", "nowhere"}, 1, ""},
		{"username too short", "Juyuan-Editor-2024\n", []string{"--username", "u1", "--role", "editor"}, 1, "invalid_username"},
		{"no subcommand", "", nil, 2, "用法"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut string
			var code int
			if tt.args == nil {
				out, errOut, code = gongkai(t, tt.stdin, append([]string{"user"}, data...)...)
			} else {
				out, errOut, code = userAdd(tt.stdin, tt.args...)
			}
			if code == 0 || (tt.code != 0 && code != tt.code) {
				t.Fatalf("exit %d, want %d (0 = any failure)\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(errOut, tt.stderrHas) || !hanRE.MatchString(errOut) {
				t.Errorf("stderr = %q, want a Chinese message containing %q", errOut, tt.stderrHas)
			}
		})
	}

	// Only user1 was created, with both roles, in 菊园新区.
	s := openTestStore(t, filepath.Join(data[1], "gongkai.db"))
	users, err := s.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0].Username != "user1" {
		t.Fatalf("users = %v, want only user1", users)
	}
	dept, err := s.DepartmentByCode(context.Background(), "jy")
	if err != nil {
		t.Fatal(err)
	}
	if u := users[0]; u.DeptID != dept.ID || len(u.Roles) != 2 {
		t.Errorf("user1 = %+v, want dept %d and two roles", u, dept.ID)
	}
}

func TestTokenWorksAgainstServer(t *testing.T) {
	t.Parallel()
	data := []string{"--data", t.TempDir()}
	mustGongkai(t, "", append([]string{"dept", "add", "--code", "jy", "--name", "菊园新区", "--org-code", "00001434-9"}, data...)...)
	mustGongkai(t, "Juyuan-Editor-2024\n", append([]string{"user", "add", "--username", "user1", "--role", "editor,reviewer", "--dept", "jy"}, data...)...)

	out := mustGongkai(t, "", append([]string{"token", "create", "--username", "user1"}, data...)...)
	token := strings.TrimSpace(out)
	if !strings.HasPrefix(token, "gk_") || strings.ContainsAny(token, " \n") {
		t.Fatalf("token create printed %q, want one gk_… token", out)
	}
	if _, errOut, code := gongkai(t, "", append([]string{"token", "create", "--username", "nobody"}, data...)...); code == 0 {
		t.Errorf("token create for an unknown user succeeded")
	} else if !hanRE.MatchString(errOut) {
		t.Errorf("token create for an unknown user: stderr %q", errOut)
	}

	srv := startServe(t, data...)
	status, hdr, body := get(t, srv.URL+"/api/v1/me", token)
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/me: %d %s %s", status, hdr.Get("Content-Type"), body)
	}
	var me struct {
		Username string   `json:"username"`
		Roles    []string `json:"roles"`
	}
	if err := json.Unmarshal([]byte(body), &me); err != nil {
		t.Fatalf("GET /api/v1/me: %v in %s", err, body)
	}
	if me.Username != "user1" || !slices.Equal(me.Roles, []string{"editor", "reviewer"}) {
		t.Errorf("GET /api/v1/me = %+v, want user1 with editor, reviewer", me)
	}

	// Without a token, and with a wrong one, the API refuses.
	if status, _, body := get(t, srv.URL+"/api/v1/me", ""); status != 401 {
		t.Errorf("GET /api/v1/me without token: %d %s", status, body)
	}
	if status, _, body := get(t, srv.URL+"/api/v1/me", token+"x"); status != 401 {
		t.Errorf("GET /api/v1/me with a wrong token: %d %s", status, body)
	}
	// The token carries the user's permissions: an editor may not read the
	// audit trail (三员分立).
	if status, _, body := get(t, srv.URL+"/api/v1/audit/events", token); status != 403 {
		t.Errorf("GET /api/v1/audit/events as editor: %d %s", status, body)
	}
	srv.stop(t)
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	t.Parallel()
	forDialects(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		args, url := storeArgs(t, d)
		with := func(cmd ...string) []string { return append(cmd, args...) }
		mustGongkai(t, "", with("dept", "add", "--code", "jy", "--name", "菊园新区")...)
		mustGongkai(t, "", with("dept", "add", "--code", "jy-dzb", "--name", "党政办公室", "--parent", "jy")...)
		mustGongkai(t, "", with("workday", "set", "2026-10-12", "rest", "--note", "台风")...)

		out := mustGongkai(t, "", with("audit", "verify")...)
		if !strings.Contains(out, "校验通过：3 条记录") {
			t.Fatalf("audit verify on an intact trail printed %q", out)
		}

		// The database refuses the edit while its guard is in place.
		db := openRaw(t, d, url)
		tamper := `UPDATE audit_events SET detail = '{"name":"被篡改"}' WHERE seq = 2`
		if _, err := db.Exec(tamper); err == nil {
			t.Fatal("audit_events accepted an UPDATE with the trigger in place")
		}
		drop := "DROP TRIGGER audit_events_no_update"
		if d == store.Postgres {
			drop = "DROP TRIGGER audit_events_no_change ON audit_events"
		}
		if _, err := db.Exec(drop); err != nil {
			t.Fatal(err)
		}
		if res, err := db.Exec(tamper); err != nil {
			t.Fatal(err)
		} else if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("tamper updated %d rows", n)
		}

		out, errOut, code := gongkai(t, "", with("audit", "verify")...)
		if code == 0 {
			t.Fatalf("audit verify passed a tampered trail: %s", out)
		}
		if !strings.Contains(errOut, "seq 2") || !strings.Contains(errOut, "此前 1 条记录完好") {
			t.Errorf("audit verify stderr = %q, want it to name seq 2 after 1 good event", errOut)
		}
	})
}

// openRaw opens the database behind a store directly, bypassing the store.
func openRaw(t *testing.T, d store.Dialect, url string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", "file:"+url+"?_pragma=busy_timeout(10000)"
	if d == store.Postgres {
		driver, dsn = "pgx", url
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestBackup(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		data := []string{"--data", dir}
		mustGongkai(t, "", append([]string{"dept", "add", "--code", "jy", "--name", "菊园新区", "--org-code", "00001434-9"}, data...)...)
		mustGongkai(t, "", append([]string{"dept", "add", "--code", "jy-dzb", "--name", "党政办公室", "--parent", "jy"}, data...)...)

		if _, errOut, code := gongkai(t, "", append([]string{"backup"}, data...)...); code != 2 {
			t.Errorf("backup without --out: exit %d, want 2 (%s)", code, errOut)
		}

		backup := filepath.Join(t.TempDir(), "backup.db")
		out := mustGongkai(t, "", append([]string{"backup", "--out", backup}, data...)...)
		if !strings.Contains(out, backup) {
			t.Errorf("backup printed %q", out)
		}

		ctx := context.Background()
		orig, err := openTestStore(t, filepath.Join(dir, "gongkai.db")).Departments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		copied, err := openTestStore(t, backup).Departments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(orig) != 2 || len(copied) != len(orig) {
			t.Fatalf("backup has %d departments, original %d (want 2)", len(copied), len(orig))
		}
		for i := range orig {
			if *orig[i] != *copied[i] {
				t.Errorf("department %d: backup %+v, original %+v", i, *copied[i], *orig[i])
			}
		}

		// A second backup to the same path must not overwrite the first.
		out, errOut, code := gongkai(t, "", append([]string{"backup", "--out", backup}, data...)...)
		if code == 0 {
			t.Fatalf("backup over an existing file succeeded: %s", out)
		}
		if !strings.Contains(errOut, "不会覆盖") {
			t.Errorf("backup over an existing file: stderr %q", errOut)
		}
	})
	if slices.Contains(storetest.Dialects(t), store.Postgres) {
		t.Run("postgres", func(t *testing.T) {
			t.Parallel()
			args, _ := storeArgs(t, store.Postgres)
			for _, extra := range [][]string{nil, {"--out", filepath.Join(t.TempDir(), "x.db")}} {
				out := mustGongkai(t, "", append(append([]string{"backup"}, extra...), args...)...)
				if !strings.Contains(out, "pg_dump") {
					t.Errorf("backup %v on PostgreSQL printed %q, want pg_dump advice", extra, out)
				}
			}
		})
	}
}

func TestHelpVersionUnknown(t *testing.T) {
	t.Parallel()
	out := mustGongkai(t, "", "help")
	for _, sub := range []string{"serve", "migrate", "user add", "dept add", "token create", "backup", "audit verify",
		"workday add", "workday count", "workday is", "workday set", "foi fee", "foi register", "version", "help"} {
		if !strings.Contains(out, "  "+sub+" ") && !strings.Contains(out, "  "+sub+"\n") {
			t.Errorf("help does not list %q", sub)
		}
	}
	for _, alias := range []string{"-h", "--help"} {
		if got := mustGongkai(t, "", alias); got != out {
			t.Errorf("%s printed something else than help", alias)
		}
	}

	out, errOut, code := gongkai(t, "", "frobnicate")
	if code != 2 || !strings.Contains(errOut, "frobnicate") || !strings.Contains(errOut, "用法") || out != "" {
		t.Errorf("unknown command: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, errOut, code := gongkai(t, ""); code != 2 || !strings.Contains(errOut, "用法") {
		t.Errorf("no command: exit %d, stderr %q", code, errOut)
	}

	out = mustGongkai(t, "", "version")
	if !regexp.MustCompile(`^gongkai \S+\n$`).MatchString(out) {
		t.Errorf("version printed %q", out)
	}
}

func TestFOIFeeCommand(t *testing.T) {
	for args, want := range map[string]string{"--items 35": "3000", "--pages 250": "4700", "--items 10": "0", "--pages 31": "10"} {
		out, errOut, code := gongkai(t, "", append([]string{"foi", "fee"}, strings.Fields(args)...)...)
		if code != 0 || strings.TrimSpace(out) != want {
			t.Errorf("foi fee %s = %q (%d %s), want %s", args, out, code, errOut, want)
		}
	}
	for _, bad := range [][]string{{"foi", "fee"}, {"foi", "fee", "--items", "3", "--pages", "4"}, {"foi", "fee", "--items", "x"}, {"foi"}} {
		if _, errOut, code := gongkai(t, "", bad...); code != 2 || !strings.Contains(errOut, "用法") && !strings.Contains(errOut, "invalid") {
			t.Errorf("%v: %d %s", bad, code, errOut)
		}
	}
}
