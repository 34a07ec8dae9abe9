// Package storetest opens real, throwaway stores for tests: a SQLite file in
// a temporary directory, and a fresh database on the PostgreSQL that
// `make test` starts (GONGKAI_TEST_POSTGRES). Tests of every package that
// touches data loop over Dialects so both engines pass the same assertions.
package storetest

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver for the admin connection

	"gongkai/internal/auth"
	"gongkai/internal/secret"
	"gongkai/internal/store"
)

// Dialects returns the engines to test on: SQLite always, PostgreSQL when
// GONGKAI_TEST_POSTGRES is set. With GONGKAI_REQUIRE_POSTGRES=1 (as in
// `make test`) a missing PostgreSQL fails the test instead of skipping it.
func Dialects(t testing.TB) []store.Dialect {
	ds := []store.Dialect{store.SQLite}
	if os.Getenv("GONGKAI_TEST_POSTGRES") != "" {
		ds = append(ds, store.Postgres)
	} else if os.Getenv("GONGKAI_REQUIRE_POSTGRES") == "1" {
		t.Fatal("GONGKAI_REQUIRE_POSTGRES=1 but GONGKAI_TEST_POSTGRES is not set; run through scripts/with-postgres.sh")
	}
	return ds
}

// URL returns a database URL for a new, empty database of dialect d that is
// removed when the test ends.
func URL(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "gongkai.db")
	}
	name := "gk_" + randomHex(6)
	if err := adminExec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := adminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	u, err := databaseURL(name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Open returns a migrated store of dialect d, closed when the test ends.
// It hashes passwords with auth.CheapHasher.
func Open(t testing.TB, d store.Dialect) *store.Store {
	t.Helper()
	return OpenInstances(t, d, 1)[0]
}

// OpenInstances returns n migrated stores of dialect d on one new database,
// as n instances of the program would have, closed when the test ends. They
// share one sealing key and hash passwords with auth.CheapHasher.
func OpenInstances(t testing.TB, d store.Dialect, n int) []*store.Store {
	t.Helper()
	url, key := URL(t, d), newKey()
	out := make([]*store.Store, n)
	for i := range out {
		s, err := openMigrated(url, key)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out
}

// newKey is a fresh sealing key.
func newKey() []byte {
	key := make([]byte, secret.KeySize)
	_, _ = rand.Read(key)
	return key
}

// openMigrated opens the store at dsn as the tests use it: migrated,
// sealing with key, hashing with auth.CheapHasher.
func openMigrated(dsn string, key []byte) (*store.Store, error) {
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	s.Hasher = auth.CheapHasher
	if s.Secrets, err = secret.New(key); err == nil {
		err = s.Migrate(ctx)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Clock is a settable clock for store.Now and auth.Service.Now, safe for
// concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
