package publish

import (
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/store"
)

// The signage mode of a point's kiosk (?mode=signage): for a screen in a
// hall that nobody touches. Large type, a few items at a time, and the
// page moves on by itself with <meta http-equiv="refresh">, so it needs no
// script (the CSP allows none inline) and survives a reload or a network
// cut: the next page is just the next URL. After the last page it starts
// again from the first.

const (
	signageSize    = 5  // items on one screen
	signageSeconds = 20 // how long one screen stays
)

// signage renders page of the point's items for a screen.
func (s *Handler) signage(w http.ResponseWriter, r *http.Request, k *ppKiosk, page int) error {
	docs, total, err := s.Store.PublicDocuments(r.Context(), store.PublicFilter{PointID: k.Point.ID, Page: page, Size: signageSize})
	if err != nil {
		return err
	}
	pages := max(1, (total+signageSize-1)/signageSize)
	if page > pages {
		// A screen left on a page that no longer exists starts again.
		page = 1
		if docs, total, err = s.Store.PublicDocuments(r.Context(), store.PublicFilter{PointID: k.Point.ID, Page: 1, Size: signageSize}); err != nil {
			return err
		}
		pages = max(1, (total+signageSize-1)/signageSize)
	}
	next := page + 1
	if next > pages {
		next = 1
	}
	q := url.Values{"key": {k.Key}, "mode": {"signage"}}
	if next > 1 {
		q.Set("page", strconv.Itoa(next))
	}
	s.Render(w, r, http.StatusOK, "portal_signage", map[string]any{
		"Title":   k.Point.Name,
		"Point":   k.Point,
		"Rows":    ppRows(docs, docPath, s.today()),
		"Page":    page,
		"Start":   (page-1)*signageSize + 1,
		"Seconds": signageSeconds,
		"Pages":   pages,
		"Total":   total,
		"Signage": true,
		// The point's ordinary pages, which never refresh.
		"KioskHome": k.withKey(k.base()),
		// The next screen: a link, which site.js follows after Seconds
		// unless paused (a refresh the reader cannot stop would fail
		// WCAG 2.2.1).
		"Next": k.base() + "?" + q.Encode(),
	})
	return nil
}
