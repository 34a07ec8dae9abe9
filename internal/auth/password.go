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

// Argon2id parameters (RFC 9106 second recommendation, lowered memory for a
// small town server): 64 MiB, 3 passes, 2 lanes. Stored in the hash so they
// can be raised later without invalidating old hashes.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

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

// HashPassword returns an encoded argon2id hash of pw with a fresh salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", errs.Wrap("auth.HashPassword", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
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

// dummyHash is verified against when a username does not exist, so that a
// wrong username and a wrong password take the same time.
var dummyHash = sync.OnceValue(func() string { h, _ := HashPassword("gongkai-dummy-password-Aa1!"); return h })
