package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gongkai/internal/store"
)

// Prepared is a database filled once per test binary (the demo data, say)
// and copied for each test that asks for it: a SQLite file copy, or
// PostgreSQL's CREATE DATABASE … TEMPLATE. Filling a store through the
// store's own methods costs far more than copying its bytes, and each test
// still gets a database of its own.
type Prepared struct {
	dialect store.Dialect
	fill    func(context.Context, *store.Store) error
	start   time.Time

	once sync.Once
	err  error
	path string // SQLite: the template file
	name string // PostgreSQL: the template database
	key  []byte // the sealing key the template's personal data is sealed with
	mu   sync.Mutex
}

// Prepare describes a template of dialect d filled by fill, with the store's
// clock standing at start while it fills. Nothing happens until Open.
func Prepare(d store.Dialect, start time.Time, fill func(context.Context, *store.Store) error) *Prepared {
	return &Prepared{dialect: d, fill: fill, start: start}
}

// build fills the template once. It lives until the test binary ends: the
// SQLite file in a temporary directory removed by Cleanup, the PostgreSQL
// database with the throwaway cluster that `make test` starts.
func (p *Prepared) build() error {
	ctx := context.Background()
	var dsn string
	switch p.dialect {
	case store.SQLite:
		dir, err := os.MkdirTemp("", "gongkai-template-")
		if err != nil {
			return err
		}
		registerCleanup(func() { os.RemoveAll(dir) })
		p.path = filepath.Join(dir, "template.db")
		dsn = p.path
	default:
		p.name = "gk_tmpl_" + randomHex(6)
		if err := adminExec("CREATE DATABASE " + p.name); err != nil {
			return err
		}
		var err error
		if dsn, err = databaseURL(p.name); err != nil {
			return err
		}
	}
	p.key = newKey()
	s, err := openMigrated(dsn, p.key)
	if err != nil {
		return err
	}
	defer s.Close()
	s.Now = NewClock(p.start).Now
	return p.fill(ctx, s)
}

// Open returns a migrated store holding a copy of the template, closed (and
// its database removed) when the test ends.
func (p *Prepared) Open(t testing.TB) *store.Store {
	t.Helper()
	s, _ := p.OpenURL(t)
	return s
}

// OpenURL is Open that also returns the copy's database URL, so a test can
// open a second instance on the same database (Reopen).
func (p *Prepared) OpenURL(t testing.TB) (*store.Store, string) {
	t.Helper()
	p.once.Do(func() { p.err = p.build() })
	if p.err != nil {
		t.Fatalf("prepare template database: %v", p.err)
	}
	var dsn string
	switch p.dialect {
	case store.SQLite:
		dsn = filepath.Join(t.TempDir(), "gongkai.db")
		if err := copyFile(p.path, dsn); err != nil {
			t.Fatal(err)
		}
	default:
		name := "gk_" + randomHex(6)
		// CREATE DATABASE … TEMPLATE refuses while another copy is being
		// made from the same template, so copies are made one at a time.
		p.mu.Lock()
		err := adminExec("CREATE DATABASE " + name + " TEMPLATE " + p.name)
		p.mu.Unlock()
		if err != nil {
			t.Fatalf("copy template database: %v", err)
		}
		t.Cleanup(func() {
			if err := adminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
				t.Logf("drop test database %s: %v", name, err)
			}
		})
		if dsn, err = databaseURL(name); err != nil {
			t.Fatal(err)
		}
	}
	return p.Reopen(t, dsn), dsn
}

// Reopen opens another store on the copy at dsn, as a second instance of
// the program would, closed when the test ends.
func (p *Prepared) Reopen(t testing.TB, dsn string) *store.Store {
	t.Helper()
	s, err := openMigrated(dsn, p.key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// adminExec runs one statement on the PostgreSQL that GONGKAI_TEST_POSTGRES names.
func adminExec(stmt string) error {
	admin := os.Getenv("GONGKAI_TEST_POSTGRES")
	if admin == "" {
		return fmt.Errorf("GONGKAI_TEST_POSTGRES is not set")
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

// databaseURL is the URL of database name on the test PostgreSQL.
func databaseURL(name string) (string, error) {
	u, err := url.Parse(os.Getenv("GONGKAI_TEST_POSTGRES"))
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

func registerCleanup(f func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanups = append(cleanups, f)
}

// Cleanup removes what templates left on disk; a TestMain calls it after
// the tests ran.
func Cleanup() {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	for _, f := range cleanups {
		f()
	}
	cleanups = nil
}
