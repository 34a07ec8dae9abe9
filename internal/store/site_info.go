package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"gongkai/internal/errs"
	"gongkai/internal/publish"
)

const siteInfoSetting = "site.info"

// SiteInfo returns the portal's footer and meta-tag settings (主办单位,
// 联系方式, 网站标识码, 备案号 …); all empty until an administrator saves
// them.
func (s *Store) SiteInfo(ctx context.Context) (*publish.SiteInfo, error) {
	const op = "store.SiteInfo"
	info := &publish.SiteInfo{}
	var value string
	switch err := s.queryRow(ctx, "SELECT value FROM settings WHERE name = ?", siteInfoSetting).Scan(&value); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, errs.Wrap(op, translate(err))
	default:
		if err := json.Unmarshal([]byte(value), info); err != nil {
			return nil, errs.Wrap(op, err)
		}
	}
	return info, nil
}

// SetSiteInfo validates and saves the portal's settings. The change is
// audited with every value (none is personal data) and, being public,
// moves the content version, so cached pages show the new footer.
func (s *Store) SetSiteInfo(ctx context.Context, actor string, info publish.SiteInfo) error {
	const op = "store.SetSiteInfo"
	info.Normalize()
	if err := info.Validate(); err != nil {
		return err
	}
	value, err := json.Marshal(info)
	if err != nil {
		return errs.Wrap(op, err)
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if _, err := tx.exec(`INSERT INTO settings (name, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			siteInfoSetting, string(value), actor, micros(tx.now)); err != nil {
			return err
		}
		detail := map[string]string{"sponsor": info.Sponsor, "operator": info.Operator, "address": info.Address,
			"postcode": info.Postcode, "phone": info.Phone, "site_code": info.SiteCode, "icp": info.ICP,
			"police": info.Police, "conac_url": info.ConacURL}
		return tx.record(actor, "settings.site", "settings:"+siteInfoSetting, detail)
	})
}
