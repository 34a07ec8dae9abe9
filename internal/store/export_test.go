package store

import "database/sql"

// RawForTest exposes the write pool to the external tests, which need to
// tamper with rows the way someone with database access could.
func RawForTest(s *Store) (*sql.DB, error) { return s.write, nil }
