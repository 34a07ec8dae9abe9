package store

import (
	"context"
	"embed"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"gongkai/internal/errs"
)

// migrations holds one folder of numbered, forward-only .sql files per
// dialect; a test asserts both folders hold the same names.
//
//go:embed migrations
var migrations embed.FS

// MigrationsFS returns the migration files of dialect d.
func MigrationsFS(d Dialect) fs.FS {
	sub, err := fs.Sub(migrations, "migrations/"+string(d))
	if err != nil {
		panic(err) // the folders are embedded; a missing one is a build defect
	}
	return sub
}

// Migrate applies every pending migration. On PostgreSQL a session advisory
// lock makes instances that start together migrate one after another.
func (s *Store) Migrate(ctx context.Context) error {
	const op = "store.Migrate"
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return errs.Wrap(op, err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.write, MigrationsFS(s.dialect), opts...)
	if err != nil {
		return errs.Wrap(op, err)
	}
	if _, err := p.Up(ctx); err != nil {
		return errs.Wrap(op, err)
	}
	if err := s.seedReference(ctx); err != nil {
		return err
	}
	if err := s.buildPublic(ctx); err != nil {
		return err
	}
	return s.buildFOIListing(ctx)
}
