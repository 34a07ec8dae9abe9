package store

import (
	"database/sql"
	"encoding/json"
	"errors"
)

// Settings are named JSON values in the settings table (the FOI office,
// the site's footer, the search synonyms), each written by one method
// that validates and audits it.

// readSetting decodes setting name into v; found is false (and v left as
// it was) while it was never saved.
func readSetting(q reader, name string, v any) (found bool, err error) {
	var value string
	switch err := q.row("SELECT value FROM settings WHERE name = ?", name).Scan(&value); {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, translate(err)
	}
	return true, json.Unmarshal([]byte(value), v)
}

// writeSetting saves v as setting name, by actor.
func (tx *Tx) writeSetting(name, actor string, v any) error {
	value, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.exec(`INSERT INTO settings (name, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		name, string(value), actor, micros(tx.now))
	return err
}
