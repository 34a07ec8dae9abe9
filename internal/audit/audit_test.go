package audit_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"gongkai/internal/audit"
)

func chain(n int) []*audit.Event {
	prev := audit.GenesisHash
	var out []*audit.Event
	at := time.Date(2026, 1, 5, 1, 2, 3, 456789000, time.UTC)
	for i := 1; i <= n; i++ {
		e := &audit.Event{Seq: int64(i), At: at.Add(time.Duration(i) * time.Second), Actor: "admin", Action: "department.create",
			Object: "department:d", Detail: map[string]string{"name": "部门", "b": "2", "a": "1"}}
		e.Seal(prev)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func verify(events []*audit.Event) (int64, string) {
	v := audit.NewVerifier()
	for _, e := range events {
		if reason := v.Check(e); reason != "" {
			return e.Seq, reason
		}
	}
	return 0, ""
}

func TestChain(t *testing.T) {
	events := chain(5)
	if bad, reason := verify(events); bad != 0 {
		t.Fatalf("fresh chain fails at %d: %s", bad, reason)
	}
	// The hash covers every field, and detail keys in any order hash alike.
	mutations := map[string]func(e *audit.Event){
		"actor":  func(e *audit.Event) { e.Actor = "intruder" },
		"action": func(e *audit.Event) { e.Action = "user.delete" },
		"object": func(e *audit.Event) { e.Object = "department:x" },
		"detail": func(e *audit.Event) { e.Detail["name"] = "改" },
		"time":   func(e *audit.Event) { e.At = e.At.Add(time.Microsecond) },
		"seq":    func(e *audit.Event) { e.Seq = 9 },
		"alg":    func(e *audit.Event) { e.Alg = "md5" },
	}
	for name, mutate := range mutations {
		events := chain(5)
		mutate(events[2])
		if bad, _ := verify(events); bad != 3 && !(name == "seq" && bad == 9) {
			t.Errorf("changing %s of event 3: verify reports %d", name, bad)
		}
	}
	// Removing an event breaks the sequence; reordering breaks the links.
	events = chain(5)
	if bad, _ := verify(append(events[:2:2], events[3:]...)); bad != 4 {
		t.Errorf("deleted event: bad=%d", bad)
	}
	// Re-sealing a forged event does not help: its successor no longer links.
	events = chain(5)
	events[1].Actor = "intruder"
	events[1].Seal(events[0].Hash)
	if bad, _ := verify(events); bad != 3 {
		t.Errorf("re-sealed forgery: bad=%d", bad)
	}
}

// TestCanonicalForm pins the hashed bytes, written out by hand: stored
// hashes must verify forever, so the canonical form may never change
// silently (sorted detail keys, UTC microseconds, fixed field order).
func TestCanonicalForm(t *testing.T) {
	e := chain(1)[0]
	canonical := `{"seq":1,"at":"2026-01-05T01:02:04.456789Z","actor":"admin","action":"department.create",` +
		`"object":"department:d","detail":{"a":"1","b":"2","name":"部门"}}`
	sum := sha256.Sum256([]byte(audit.GenesisHash + canonical))
	if want := hex.EncodeToString(sum[:]); e.Hash != want || e.Alg != "sha256" {
		t.Fatalf("hash %s (%s), want %s", e.Hash, e.Alg, want)
	}
}
