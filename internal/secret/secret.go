// Package secret seals personal data at rest (applicants' ID numbers,
// phones, addresses, e-mail) with AES-256-GCM under a key kept outside the
// database: a copy of the database alone reveals nothing.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gongkai/internal/errs"
)

// KeySize is the key length in bytes (AES-256).
const KeySize = 32

// Box seals and opens strings.
type Box struct {
	aead   cipher.AEAD
	macKey []byte
}

// New returns a Box for a 32-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secret: key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	// A separate key for matching, so a MAC never reveals the sealing key.
	mk := sha256.Sum256(append([]byte("gongkai-mac:"), key...))
	return &Box{aead: aead, macKey: mk[:]}, nil
}

// MAC returns a keyed fingerprint of s: equal inputs give equal
// fingerprints, so sealed values can be matched (the same applicant's
// earlier requests) without opening them; without the key it reveals nothing.
func (b *Box) MAC(s string) string {
	if s == "" {
		return ""
	}
	m := hmac.New(sha256.New, b.macKey)
	m.Write([]byte(s))
	return base64.RawStdEncoding.EncodeToString(m.Sum(nil))
}

const prefix = "v1:"

// Seal encrypts s; the empty string stays empty (nothing to hide).
func (b *Box) Seal(s string) string {
	if s == "" {
		return ""
	}
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("secret: no randomness: " + err.Error())
	}
	return prefix + base64.RawStdEncoding.EncodeToString(b.aead.Seal(nonce, nonce, []byte(s), nil))
}

// Open decrypts what Seal produced.
func (b *Box) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, prefix))
	n := b.aead.NonceSize()
	if err != nil || !strings.HasPrefix(sealed, prefix) || len(raw) < n {
		return "", errs.New(errs.Internal, "secret.Open", "sealed_corrupt", "")
	}
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], nil)
	if err != nil {
		return "", errs.New(errs.Internal, "secret.Open", "sealed_corrupt", "").WithErr(err)
	}
	return string(plain), nil
}

// LoadKey returns the key from envKey (base64) when set, else from the file
// gongkai.key in dataDir, which is created with a random key on first use.
// Several instances on PostgreSQL must share GONGKAI_KEY.
func LoadKey(envKey, dataDir string) ([]byte, error) {
	if envKey != "" {
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(envKey))
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("GONGKAI_KEY 应为 %d 字节密钥的 base64 编码（可用 openssl rand -base64 32 生成）", KeySize)
		}
		return key, nil
	}
	path := filepath.Join(dataDir, "gongkai.key")
	if b, err := os.ReadFile(path); err == nil {
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("密钥文件 %s 已损坏", path)
		}
		return key, nil
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, err
	}
	// O_EXCL: two processes starting together never overwrite each other's key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if os.IsExist(err) {
			return LoadKey("", dataDir)
		}
		return nil, err
	}
	defer f.Close()
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		return nil, err
	}
	return key, f.Sync()
}
