package store

import (
	"context"
	"os"

	"gongkai/internal/errs"
)

// Backup writes a consistent copy of a SQLite store to path while the server
// keeps running (VACUUM INTO reads one snapshot). PostgreSQL has its own
// tools, so there it returns an Invalid error with the advice.
func (s *Store) Backup(ctx context.Context, path string) error {
	const op = "store.Backup"
	if s.dialect != SQLite {
		return errs.New(errs.Invalid, op, "use_pg_dump",
			"PostgreSQL 存储请使用 pg_dump 备份，例如：pg_dump --format=custom --file=gongkai.dump \"$GONGKAI_DB\"；恢复用 pg_restore。")
	}
	if _, err := os.Stat(path); err == nil {
		return errs.New(errs.Conflict, op, "backup_exists", "备份文件已存在，不会覆盖："+path)
	}
	if _, err := s.write.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return errs.Wrap(op, err)
	}
	return nil
}
