// Package audit owns the tamper-evident trail of every state change
// (全程留痕). Events are appended, never updated or deleted; each carries the
// hash of its predecessor, so altering or removing one breaks the chain from
// that point on, and Verify names the first sequence number that no longer
// fits.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Algorithm names the hash function; it is stored in every row so a later
// switch (e.g. to SM3) can coexist with old rows.
const Algorithm = "sha256"

// GenesisHash is the "previous hash" of the first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Event is one recorded state change. Detail is a flat map of strings: it is
// what an auditor reads, so values are already human-readable and never
// contain secrets (passwords, tokens) or citizens' personal data.
type Event struct {
	Seq      int64
	At       time.Time
	Actor    string // username, or "system" / "cli" for unattended changes
	Action   string // e.g. "user.create", "calendar.override"
	Object   string // e.g. "user:zhangsan", "date:2026-10-12"
	Detail   map[string]string
	Alg      string
	PrevHash string
	Hash     string
}

// canonical is the byte string that is hashed. It is JSON with a fixed field
// order (struct order) and sorted detail keys (encoding/json sorts map keys),
// times truncated to microseconds in UTC as the store keeps them.
func (e *Event) canonical() []byte {
	type form struct {
		Seq    int64             `json:"seq"`
		At     string            `json:"at"`
		Actor  string            `json:"actor"`
		Action string            `json:"action"`
		Object string            `json:"object"`
		Detail map[string]string `json:"detail"`
	}
	detail := e.Detail
	if detail == nil {
		detail = map[string]string{}
	}
	b, err := json.Marshal(form{e.Seq, e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano), e.Actor, e.Action, e.Object, detail})
	if err != nil {
		// Marshal of strings and ints cannot fail.
		panic(err)
	}
	return b
}

// ComputeHash returns H(prev_hash ‖ canonical event) in hex.
func (e *Event) ComputeHash() string {
	h := sha256.New()
	h.Write([]byte(e.PrevHash))
	h.Write(e.canonical())
	return hex.EncodeToString(h.Sum(nil))
}

// Seal sets Alg, PrevHash and Hash for an event that follows prev (the hash
// of the previous event, or GenesisHash).
func (e *Event) Seal(prev string) {
	e.Alg = Algorithm
	e.PrevHash = prev
	e.Hash = e.ComputeHash()
}

// Verifier checks a chain one event at a time, in sequence order.
type Verifier struct {
	prev    string
	nextSeq int64
	count   int64
}

// NewVerifier starts a verification at the beginning of the chain.
func NewVerifier() *Verifier { return &Verifier{prev: GenesisHash, nextSeq: 1} }

// Check verifies the next event. It returns a non-empty reason when the
// event does not belong where it stands.
func (v *Verifier) Check(e *Event) string {
	switch {
	case e.Seq != v.nextSeq:
		return "序号不连续（缺失或被删除的事件）"
	case e.Alg != Algorithm:
		return "未知的哈希算法 " + e.Alg
	case e.PrevHash != v.prev:
		return "前序哈希与上一事件不符"
	case e.ComputeHash() != e.Hash:
		return "事件内容与哈希不符（已被篡改）"
	}
	v.prev = e.Hash
	v.nextSeq++
	v.count++
	return ""
}

// Count is the number of events verified so far.
func (v *Verifier) Count() int64 { return v.count }

// Head is the hash of the last verified event.
func (v *Verifier) Head() string { return v.prev }
