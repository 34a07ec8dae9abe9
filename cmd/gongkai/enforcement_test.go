package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyDraw recomputes a draw from published CSV files. The
// expected selection was computed independently (Python hmac/hashlib).
func TestVerifyDraw(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	objects := write("objects.csv", "id,name,unit\nO1,甲,U1\nO2,b,U2\nO3,c,U1\nO4,d,U3\nO5,e,U2\n")
	inspectors := write("inspectors.csv", "id,name,unit\nI1,x,U1\nI2,y,U2\nI3,z,U3\nI4,w,U1\n")
	seed := "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	commitment := "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
	base := []string{"enforcement", "verify-draw", "--objects", objects, "--inspectors", inspectors, "--objects-n", "3", "--per-object", "2"}

	out := mustGongkai(t, "", append(base, "--seed", seed, "--commitment", commitment,
		"--expect", write("result.csv", "object_id,inspector_id\nO3,I2\nO3,I3\nO2,I1\nO2,I3\nO5,I4\nO5,I3\n"))...)
	for _, want := range []string{"承诺值核对：一致", "1\tO3\tI2,I3\t", "2\tO2\tI1,I3\t", "3\tO5\tI4,I3\t", "与公布的抽取结果核对：一致"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	wrongSeed := "ff" + seed[2:]
	if _, stderr, code := gongkai(t, "", append(base, "--seed", wrongSeed, "--commitment", commitment)...); code != 3 || !strings.Contains(stderr, "承诺值不符") {
		t.Errorf("wrong seed: exit %d, stderr %q; want 3 and 承诺值不符", code, stderr)
	}
	// The published hash names the list version: another file fails.
	if _, stderr, code := gongkai(t, "", append(base, "--seed", seed, "--commitment", commitment, "--objects-hash", strings.Repeat("0", 64))...); code != 3 || !strings.Contains(stderr, "不是抽取所用的版本") {
		t.Errorf("wrong list version: exit %d, stderr %q", code, stderr)
	}
	// A result that differs from the recomputation fails.
	if _, _, code := gongkai(t, "", append(base, "--seed", seed, "--commitment", commitment,
		"--expect", write("forged.csv", "object_id,inspector_id\nO1,I2\nO1,I3\nO2,I1\nO2,I3\nO5,I4\nO5,I3\n"))...); code != 3 {
		t.Errorf("forged result: exit %d, want 3", code)
	}
	out = mustGongkai(t, "", append(base, "--seed", seed, "--commitment", commitment, "--previous", write("prev.csv", "object_id,inspector_id\nO2,I1\n"))...)
	if !strings.Contains(out, "2\tO2\tI3,I4\t") || !strings.Contains(out, "回避 I1：上次抽查已检查该对象") {
		t.Errorf("previous pairs not excluded:\n%s", out)
	}
}
