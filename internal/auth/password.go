package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"gongkai/internal/errs"
)

const argonKeyLen = 32

// Hasher holds the argon2id parameters new password hashes are made with.
// The parameters are stored in each hash, so verifying needs no Hasher and
// the parameters can be raised later without invalidating old hashes. The
// zero Hasher is DefaultHasher.
type Hasher struct {
	Time    uint32 // passes
	Memory  uint32 // KiB
	Threads uint8  // lanes
}

// DefaultHasher is the production setting (RFC 9106 second recommendation,
// lowered memory for a small town server): 64 MiB, 3 passes, 2 lanes.
var DefaultHasher = Hasher{Time: 3, Memory: 64 * 1024, Threads: 2}

// CheapHasher is for tests only: the smallest parameters argon2id accepts,
// so a test suite that creates many accounts does not spend its time
// hashing. Never use it for real accounts.
var CheapHasher = Hasher{Time: 1, Memory: 8, Threads: 1}

func (h Hasher) orDefault() Hasher {
	if h == (Hasher{}) {
		return DefaultHasher
	}
	return h
}

// CheckPasswordPolicy enforces the password rule for staff accounts: at
// least 10 characters from at least three of: lower-case, upper-case,
// digits, symbols (common 等级保护 practice).
func CheckPasswordPolicy(pw string) error {
	const op = "auth.CheckPasswordPolicy"
	if utf8.RuneCountInString(pw) < 10 || len(pw) > 256 {
		return errs.New(errs.Invalid, op, "weak_password", "密码长度应为 10–256 个字符。")
	}
	var lower, upper, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 3 {
		return errs.New(errs.Invalid, op, "weak_password", "密码应至少包含小写字母、大写字母、数字、符号中的三类。")
	}
	return nil
}

// HashPassword returns an encoded argon2id hash of pw with a fresh salt,
// made with DefaultHasher.
func HashPassword(pw string) (string, error) { return DefaultHasher.Hash(pw) }

// Hash returns an encoded argon2id hash of pw with a fresh salt.
func (h Hasher) Hash(pw string) (string, error) {
	h = h.orDefault()
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", errs.Wrap("auth.Hasher.Hash", err)
	}
	key := argon2.IDKey([]byte(pw), salt, h.Time, h.Memory, h.Threads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.Memory, h.Time, h.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the encoded hash. A malformed
// hash never matches.
func VerifyPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version, memory, time, threads int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil ||
		memory < 1 || memory > 1<<22 || time < 1 || time > 100 || threads < 1 || threads > 255 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, uint32(time), uint32(memory), uint8(threads), uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummyHashes holds, per Hasher, the hash verified against when a username
// does not exist, so that a wrong username and a wrong password take the
// same time.
var dummyHashes sync.Map // Hasher → string

// dummyHash returns the stand-in hash made with h's parameters.
func (h Hasher) dummyHash() string {
	h = h.orDefault()
	if v, ok := dummyHashes.Load(h); ok {
		return v.(string)
	}
	d, _ := h.Hash("gongkai-dummy-password-Aa1!")
	v, _ := dummyHashes.LoadOrStore(h, d)
	return v.(string)
}
