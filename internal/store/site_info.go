package store

import (
	"context"

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
	if _, err := readSetting(storeQ{s, ctx}, siteInfoSetting, info); err != nil {
		return nil, errs.Wrap(op, err)
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
	return s.update(ctx, op, func(tx *Tx) error {
		if err := tx.writeSetting(siteInfoSetting, actor, info); err != nil {
			return err
		}
		detail := map[string]string{"sponsor": info.Sponsor, "operator": info.Operator, "address": info.Address,
			"postcode": info.Postcode, "phone": info.Phone, "site_code": info.SiteCode, "icp": info.ICP,
			"police": info.Police, "conac_url": info.ConacURL}
		return tx.record(actor, "settings.site", "settings:"+siteInfoSetting, detail)
	})
}
