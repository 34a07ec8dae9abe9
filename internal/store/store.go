// Package store owns all SQL. It speaks SQLite (embedded, the default) and
// PostgreSQL (scale-out) with one SQL subset: queries are written with "?"
// placeholders and rewritten once for PostgreSQL; where the dialects must
// differ, the difference is a named pair. Every multi-write operation is one
// method in one transaction, stamped with one "now" from an injectable clock,
// and appends its audit event in that same transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/secret"
)

// Dialect names the database engine behind a Store.
type Dialect string

// The two supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the database. It is safe for concurrent use.
type Store struct {
	dialect Dialect
	read    *sql.DB // SQLite: a pool of readers; PostgreSQL: the only pool
	write   *sql.DB // SQLite: one connection, the single writer path
	path    string  // SQLite file path
	// Now is the clock; tests replace it. Each transaction reads it once.
	Now func() time.Time
	// Secrets seals applicants' personal data; set by the program from the
	// key outside the database. Without it, FOI applications are refused.
	Secrets *secret.Box
	// Hasher makes password hashes; zero is auth.DefaultHasher. Tests set
	// auth.CheapHasher.
	Hasher auth.Hasher
	// SiteName is the portal's name, which no staff password may contain.
	SiteName string
	// MediaLimit is the largest audio or video attachment, in bytes; zero
	// is publish.DefaultMediaLimit (serve --media-limit sets it).
	MediaLimit int64
}

// Open connects to url: "postgres://…" or "postgresql://…" opens PostgreSQL;
// anything else is a SQLite file path (its directory is created).
func Open(ctx context.Context, url string) (*Store, error) {
	const op = "store.Open"
	s := &Store{Now: time.Now}
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		// Every statement is planned with its arguments: the driver caches
		// prepared statements, and after five runs PostgreSQL may switch
		// to a generic plan, which for search (how many documents a word
		// matches decides the plan) reads every row.
		cfg, err := pgx.ParseConfig(url)
		if err != nil {
			return nil, errs.New(errs.Invalid, op, "invalid_database_url", "数据库地址无法解析。").WithErr(err)
		}
		if _, set := cfg.RuntimeParams["plan_cache_mode"]; !set {
			cfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
		}
		db := stdlib.OpenDB(*cfg)
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(10)
		db.SetConnMaxIdleTime(5 * time.Minute)
		s.dialect, s.read, s.write = Postgres, db, db
	} else {
		if err := os.MkdirAll(filepath.Dir(url), 0o750); err != nil {
			return nil, errs.Wrap(op, err)
		}
		// WAL lets readers proceed while the single writer commits.
		// synchronous(FULL) makes every acknowledged commit survive a power
		// loss, not only a crash of the process.
		pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"
		read, err := sql.Open("sqlite", "file:"+url+"?"+pragmas+"&_pragma=query_only(1)&_pragma=cache_size(-16000)")
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		read.SetMaxOpenConns(8)
		write, err := sql.Open("sqlite", "file:"+url+"?"+pragmas+"&_txlock=immediate")
		if err != nil {
			read.Close()
			return nil, errs.Wrap(op, err)
		}
		write.SetMaxOpenConns(1)
		write.SetConnMaxIdleTime(0)
		s.dialect, s.read, s.write, s.path = SQLite, read, write, url
	}
	if err := s.write.PingContext(ctx); err != nil {
		s.Close()
		return nil, errs.New(errs.Unavailable, op, "store_unavailable", "无法连接数据库。").WithErr(err)
	}
	return s, nil
}

// Dialect reports which engine the store speaks.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close releases the connections.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Ping checks that the database answers (for /readyz).
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return errs.New(errs.Unavailable, "store.Ping", "store_unavailable", "数据库不可用。").WithErr(err)
	}
	return nil
}

// rebind rewrites "?" placeholders to "$1, $2, …" for PostgreSQL. It is the
// only place the placeholder syntax differs. Queries never contain a literal
// "?" inside a string (a test checks every query text).
func (s *Store) rebind(q string) string {
	if s.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Tx is one write transaction with its single "now".
type Tx struct {
	s   *Store
	tx  *sql.Tx
	ctx context.Context
	now time.Time
	// exists remembers the references this transaction has found (a bulk
	// import names the same few departments and columns thousands of
	// times); what exists inside a transaction stays.
	exists map[string]bool
	rules  map[int64]indexRule // an organ's index-number rule, read once per transaction
	// public says the transaction recorded a change to public content;
	// the content version is bumped once, before it commits.
	public bool
	counts map[facet]int64 // pending changes of public_counts (public_counts.go)
	// search and searchOrder are the index rows waiting for the commit
	// (search.go, flushSearch).
	search      map[int64]searchRow
	searchOrder []int64
}

// update runs fn in a write transaction. It commits when fn returns nil.
// On SQLite the transaction starts with BEGIN IMMEDIATE on the single writer
// connection, so two writers never deadlock on a lock upgrade.
func (s *Store) update(ctx context.Context, op string, fn func(tx *Tx) error) error {
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return errs.Wrap(op, translate(err))
	}
	tx := &Tx{s: s, tx: sqlTx, ctx: ctx, now: s.Now().UTC().Truncate(time.Microsecond)}
	err = fn(tx)
	if err == nil {
		err = tx.flushSearch()
	}
	if err == nil {
		err = tx.flushCounts()
	}
	if err == nil && tx.public {
		_, err = tx.exec("UPDATE content_version SET version = version + 1, changed_at = ? WHERE id = 1", micros(tx.now))
	}
	if err != nil {
		_ = sqlTx.Rollback()
		return errs.Wrap(op, err)
	}
	if err := sqlTx.Commit(); err != nil {
		return errs.Wrap(op, translate(err))
	}
	return nil
}

func (tx *Tx) exec(q string, args ...any) (sql.Result, error) {
	r, err := tx.tx.ExecContext(tx.ctx, tx.s.rebind(q), args...)
	return r, translate(err)
}

func (tx *Tx) queryRow(q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(tx.ctx, tx.s.rebind(q), args...)
}

// insert runs an INSERT … RETURNING id (both dialects accept RETURNING).
func (tx *Tx) insert(q string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(q+" RETURNING id", args...).Scan(&id)
	return id, translate(err)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.read.QueryRowContext(ctx, s.rebind(q), args...)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := s.read.QueryContext(ctx, s.rebind(q), args...)
	return rows, translate(err)
}

// queryAll runs q and calls scan for every row.
func (s *Store) queryAll(ctx context.Context, op, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return errs.Wrap(op, translate(err))
		}
	}
	return errs.Wrap(op, translate(rows.Err()))
}

// translate maps driver errors to kinds once, for both dialects.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return errs.New(errs.NotFound, "store", "not_found", "").WithErr(err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return errs.New(errs.Conflict, "store", "duplicate", "").WithErr(err)
		case "23503":
			return errs.New(errs.Conflict, "store", "in_use", "").WithErr(err)
		case "40001", "40P01":
			return errs.New(errs.Unavailable, "store", "busy", "").WithErr(err)
		}
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		switch liteErr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return errs.New(errs.Conflict, "store", "duplicate", "").WithErr(err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return errs.New(errs.Conflict, "store", "in_use", "").WithErr(err)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return errs.New(errs.Unavailable, "store", "busy", "").WithErr(err)
		}
	}
	return err
}

// micros is how timestamps are stored in both dialects: microseconds since
// the Unix epoch in a BIGINT. It sorts, compares and indexes the same way on
// SQLite and PostgreSQL, which the engines' own time types do not.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicros is the inverse of micros; 0 is the zero time.
func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// duplicate turns a duplicate-key error into a conflict with a Chinese
// message naming what was duplicated.
func duplicate(err error, code, message string) error {
	var e *errs.Error
	if errors.As(err, &e) && e.Code == "duplicate" {
		return errs.New(errs.Conflict, "store", code, message).WithErr(err)
	}
	return err
}

// placeholders is "(?, ?, …)" for n arguments of an IN list.
func placeholders(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}
