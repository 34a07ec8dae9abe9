package auth

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
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

// CheckPasswordPolicy enforces the password rule for staff accounts: the
// shape (CheckPasswordShape), and no common password (a small embedded
// list, common_passwords.txt: Password123, 12345678…, qwerty…) nor any of
// words — the user name, the person's name, the site name, or a word of
// them of three characters or more — inside it, ignoring case.
func CheckPasswordPolicy(pw string, words ...string) error {
	const op = "auth.CheckPasswordPolicy"
	if err := CheckPasswordShape(pw); err != nil {
		return err
	}
	lower := strings.ToLower(pw)
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, lower)
	common := errs.New(errs.Invalid, op, "common_password", "密码过于常见或容易猜到（如 Password123、12345678、qwerty），请另选一个。")
	if commonPasswords[lower] || commonPasswords[letters] {
		return common
	}
	for _, run := range commonRuns {
		if strings.Contains(lower, run) {
			return common
		}
	}
	for _, w := range words {
		for _, part := range append(strings.Fields(w), w) {
			part = strings.ToLower(strings.TrimSpace(part))
			if utf8.RuneCountInString(part) >= 3 && strings.Contains(lower, part) {
				return errs.New(errs.Invalid, op, "password_contains_name", "密码不得包含用户名、姓名或网站名称。")
			}
		}
	}
	return nil
}

// CheckPasswordShape is the length and character-class part of the rule:
// 10–256 characters from at least three of: lower-case, upper-case, digits,
// symbols (common 等级保护 practice).
func CheckPasswordShape(pw string) error {
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

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords and commonRuns are common_passwords.txt: whole passwords
// or letter stems, and runs refused anywhere inside a password.
var commonPasswords, commonRuns = func() (map[string]bool, []string) {
	words := map[string]bool{}
	var runs []string
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "~"):
			runs = append(runs, line[1:])
		default:
			words[line] = true
		}
	}
	return words, runs
}()

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
