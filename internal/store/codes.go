package store

import (
	"crypto/rand"
	"crypto/subtle"
	"math/big"
	"strings"

	"gongkai/internal/auth"
)

// Query codes: what a member of the public gets with a number (an FOI
// application, a letter, an event registration) to follow or change it
// without an account. Only the code's hash is stored; the code is shown
// once, on the receipt.

// queryCodeAlphabet leaves out look-alikes (0/O, 1/I/L) for codes read over the phone.
const queryCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

func newQueryCode() string {
	b := make([]byte, 8)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(queryCodeAlphabet))))
		if err != nil {
			panic("store: no randomness: " + err.Error())
		}
		b[i] = queryCodeAlphabet[n.Int64()]
	}
	return string(b)
}

// hashQueryCode is what is stored of a query code.
func hashQueryCode(code string) string { return auth.HashSecret(code) }

// codeMatches reports whether code (as typed: any case, spaces around) is
// the one whose hash is stored, in constant time. An empty hash (no such
// row) still costs the hashing, so a wrong number and a wrong code take
// the same time.
func codeMatches(hash, code string) bool {
	typed := hashQueryCode(strings.ToUpper(strings.TrimSpace(code)))
	return hash != "" && subtle.ConstantTimeCompare([]byte(hash), []byte(typed)) == 1
}
