package main

import (
	"strings"
	"testing"
)

// TestConfigErrors checks that bad settings from the environment or flags
// stop the program before it touches any data, with a Chinese message.
func TestConfigErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name      string
		env       []string
		args      []string
		stderrHas string
	}{
		{"GONGKAI_DB not postgres", []string{"GONGKAI_DB=mysql://x"}, []string{"migrate"}, "postgres://"},
		{"--db not postgres", nil, []string{"migrate", "--db", "sqlite:///tmp/x.db"}, "postgres://"},
		{"GONGKAI_SECURE_COOKIES not a bool", []string{"GONGKAI_SECURE_COOKIES=maybe"}, []string{"migrate", "--data", dir}, "GONGKAI_SECURE_COOKIES"},
		{"GONGKAI_SECURE_COOKIES on serve", []string{"GONGKAI_SECURE_COOKIES=maybe"}, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, "maybe"},
		{"GONGKAI_LOG_FORMAT", []string{"GONGKAI_LOG_FORMAT=xml"}, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, "xml"},
		{"bad --addr", nil, []string{"serve", "--data", dir, "--addr", "8080"}, "监听地址"},
		{"bad GONGKAI_ADDR", []string{"GONGKAI_ADDR=localhost"}, []string{"serve", "--data", dir}, "监听地址"},
		{"empty --data", nil, []string{"migrate", "--data", ""}, "--data"},
		{"unknown flag", nil, []string{"migrate", "--data", dir, "--frobnicate"}, "frobnicate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := gongkaiEnv(t, tt.env, "", tt.args...)
			if code == 0 {
				t.Fatalf("exit 0, want an error\nstdout: %s\nstderr: %s", out, errOut)
			}
			if !strings.Contains(errOut, tt.stderrHas) || !hanRE.MatchString(errOut) {
				t.Errorf("stderr = %q, want a Chinese message containing %q", errOut, tt.stderrHas)
			}
		})
	}

	// The environment works when it is right: GONGKAI_DATA replaces --data.
	out, errOut, code := gongkaiEnv(t, []string{"GONGKAI_DATA=" + dir, "GONGKAI_SECURE_COOKIES=true"}, "", "workday", "is", "2026-10-10")
	if code != 0 || strings.TrimSpace(out) != "workday" {
		t.Fatalf("workday with GONGKAI_DATA: exit %d, %q %q", code, out, errOut)
	}
}
