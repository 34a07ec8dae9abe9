package publish

// The back office's page for the portal's own settings: the footer's
// 主办单位, contact lines and registrations, and the 网站标识码 of the
// meta tags. The 政务公开办 keeps them, as it keeps the columns and the
// guide; the rules are publish.SiteInfo's, the saving the store's.

import (
	"net/http"
	"strings"

	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/web/kit"
)

// siteData is the settings page's data; bad holds the input errors of a
// failed save by field.
func siteData(info *publish.SiteInfo, err error) map[string]any {
	bad := map[string]string{}
	var all []string
	for _, e := range errs.All(err) {
		_, msg := errs.Public(e)
		if e.Field != "" {
			bad[e.Field] = msg
		}
		all = append(all, msg)
	}
	return map[string]any{"Title": "网站信息", "Info": info, "Bad": bad, "Problems": all}
}

// SiteSettingsPage serves GET /admin/site/settings.
func (s *Handler) SiteSettingsPage(w http.ResponseWriter, r *http.Request) error {
	info, err := s.Store.SiteInfo(r.Context())
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin_site_settings", siteData(info, nil))
	return nil
}

// SaveSiteSettings serves POST /admin/site/settings.
func (s *Handler) SaveSiteSettings(w http.ResponseWriter, r *http.Request) error {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	info := publish.SiteInfo{Sponsor: v("sponsor"), Operator: v("operator"), Address: v("address"), Postcode: v("postcode"),
		Phone: v("phone"), SiteCode: v("site_code"), ICP: v("icp"), Police: v("police"), ConacURL: v("conac_url")}
	err := s.Store.SetSiteInfo(r.Context(), kit.Actor(r), info)
	if err == nil {
		return kit.Redirect(w, r, "/admin/site/settings", "site_saved")
	}
	return s.FormPage(w, r, err, func() (string, map[string]any, error) {
		return "admin_site_settings", siteData(&info, err), nil
	})
}
