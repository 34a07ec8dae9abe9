package secret_test

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"gongkai/internal/secret"
)

func TestSealOpen(t *testing.T) {
	key := bytes.Repeat([]byte{7}, secret.KeySize)
	b, err := secret.New(key)
	if err != nil {
		t.Fatal(err)
	}
	s := b.Seal("310101199001011234")
	if strings.Contains(s, "1234") || !strings.HasPrefix(s, "v1:") || s == b.Seal("310101199001011234") {
		t.Fatalf("sealed form %q", s)
	}
	if got, err := b.Open(s); err != nil || got != "310101199001011234" {
		t.Fatalf("open: %q %v", got, err)
	}
	other, _ := secret.New(bytes.Repeat([]byte{8}, secret.KeySize))
	if _, err := other.Open(s); err == nil {
		t.Fatal("opened with the wrong key")
	}
	if _, err := b.Open("v1:" + s[4:len(s)-2]); err == nil {
		t.Fatal("opened a truncated value")
	}
	if b.Seal("") != "" {
		t.Fatal("empty value sealed")
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	k1, err := secret.LoadKey("", dir)
	if err != nil || len(k1) != secret.KeySize {
		t.Fatal(err)
	}
	k2, _ := secret.LoadKey("", dir)
	if !bytes.Equal(k1, k2) {
		t.Fatal("the key file was not reused")
	}
	env := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))
	if k, err := secret.LoadKey(env, dir); err != nil || k[0] != 1 {
		t.Fatal("GONGKAI_KEY not used", err)
	}
	if _, err := secret.LoadKey("short", dir); err == nil {
		t.Fatal("bad GONGKAI_KEY accepted")
	}
}

func TestMAC(t *testing.T) {
	a, _ := secret.New(bytes.Repeat([]byte{7}, secret.KeySize))
	b, _ := secret.New(bytes.Repeat([]byte{9}, secret.KeySize))
	x1, x2 := a.MAC("x"), a.MAC("x")
	if x1 != x2 || x1 == a.MAC("y") || x1 == b.MAC("x") || a.MAC("") != "" {
		t.Fatal("MAC is not a keyed, deterministic fingerprint")
	}
}
