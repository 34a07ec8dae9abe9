package report

// 政务新媒体: the supervisor's register of accounts with the ones that
// have not posted for two weeks flagged, the form to register one, and
// each account's page with its status history, the status change and the
// last-post date.

import (
	"net/http"
	"strconv"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/report"
	"gongkai/internal/web/kit"
)

func (h *Handler) newMediaData(r *http.Request, form *report.NewMediaAccount) (map[string]any, error) {
	ctx := r.Context()
	list, err := h.Store.NewMediaAccounts(ctx)
	if err != nil {
		return nil, err
	}
	depts, err := h.Store.Departments(ctx)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(h.Now())
	if form == nil {
		form = &report.NewMediaAccount{Platform: report.PlatformWeChat, Tier: report.TierTown, StatusDate: today}
	}
	return map[string]any{"Title": "政务新媒体", "List": list, "Stale": report.StaleAccounts(list, today), "Today": today,
		"StaleDays": report.StaleDays, "Form": form, "Depts": kit.DepartmentTree(depts), "FE": map[string]string{}}, nil
}

// NewMediaPage serves GET /admin/registry/newmedia.
func (h *Handler) NewMediaPage(w http.ResponseWriter, r *http.Request) error {
	data, err := h.newMediaData(r, nil)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "newmedia", data)
	return nil
}

// CreateNewMedia serves POST /admin/registry/newmedia.
func (h *Handler) CreateNewMedia(w http.ResponseWriter, r *http.Request) error {
	v := r.PostFormValue
	a := report.NewMediaAccount{Platform: report.Platform(v("platform")), Name: v("name"), DeptID: kit.FormID(v("dept_id")), Tier: report.Tier(v("tier"))}
	var bad []*errs.Error
	var e *errs.Error
	if a.StatusDate, e = registryDate(r, "status_date", "开设日期"); e != nil {
		bad = append(bad, e)
	}
	if a.LastPost, e = registryDate(r, "last_post", "最近更新日期"); e != nil {
		bad = append(bad, e)
	}
	err := errs.Join(bad...)
	var saved *report.NewMediaAccount
	if err == nil {
		if saved, err = h.Store.CreateNewMediaAccount(r.Context(), kit.Actor(r), a); err == nil && !a.LastPost.IsZero() {
			_, err = h.Store.SetNewMediaLastPost(r.Context(), kit.Actor(r), saved.ID, a.LastPost)
		}
	}
	if err != nil && saved == nil {
		return h.registryFail(w, r, "newmedia", err, func() (map[string]any, error) { return h.newMediaData(r, &a) })
	}
	if err != nil {
		return h.newMediaAccountFail(w, r, saved.ID, err)
	}
	return kit.Redirect(w, r, "/admin/registry/newmedia/"+strconv.FormatInt(saved.ID, 10), "newmedia_created")
}

func (h *Handler) newMediaAccountData(r *http.Request, id int64) (map[string]any, error) {
	a, err := h.Store.NewMediaAccount(r.Context(), id)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(h.Now())
	return map[string]any{"Title": a.Platform.Label() + "：" + a.Name, "A": a, "Today": today, "StaleDays": report.StaleDays,
		"Change": map[string]string{"date": today.String()}, "FE": map[string]string{}}, nil
}

func (h *Handler) newMediaAccountFail(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	return h.registryFail(w, r, "newmedia_account", err, func() (map[string]any, error) {
		data, lerr := h.newMediaAccountData(r, id)
		if data != nil {
			data["Change"] = map[string]string{"status": r.PostFormValue("status"), "date": r.PostFormValue("status_date"), "note": r.PostFormValue("note"),
				"last_post": r.PostFormValue("last_post")}
		}
		return data, lerr
	})
}

// NewMediaAccountPage serves GET /admin/registry/newmedia/{id}.
func (h *Handler) NewMediaAccountPage(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	data, err := h.newMediaAccountData(r, id)
	if err != nil {
		return err
	}
	h.Render(w, r, http.StatusOK, "newmedia_account", data)
	return nil
}

// NewMediaStatus serves POST /admin/registry/newmedia/{id}/status.
func (h *Handler) NewMediaStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	if _, err := h.Store.NewMediaAccount(r.Context(), id); err != nil {
		return err
	}
	date, e := registryDate(r, "status_date", "状态变化日期")
	if e != nil {
		err = e
	} else {
		_, err = h.Store.ChangeNewMediaStatus(r.Context(), kit.Actor(r), id, kit.FormID(r.PostFormValue("version")),
			report.AccountStatus(r.PostFormValue("status")), date, r.PostFormValue("note"))
	}
	if err != nil {
		return h.newMediaAccountFail(w, r, id, err)
	}
	return kit.Redirect(w, r, "/admin/registry/newmedia/"+strconv.FormatInt(id, 10), "newmedia_status")
}

// NewMediaLastPost serves POST /admin/registry/newmedia/{id}/last-post.
func (h *Handler) NewMediaLastPost(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	if _, err := h.Store.NewMediaAccount(r.Context(), id); err != nil {
		return err
	}
	day, e := registryDate(r, "last_post", "最近更新日期")
	if e != nil {
		err = e
	} else {
		_, err = h.Store.SetNewMediaLastPost(r.Context(), kit.Actor(r), id, day)
	}
	if err != nil {
		return h.newMediaAccountFail(w, r, id, err)
	}
	return kit.Redirect(w, r, "/admin/registry/newmedia/"+strconv.FormatInt(id, 10), "newmedia_posted")
}

// newMediaJSON is an account as the API answers it.
type newMediaJSON struct {
	ID         int64  `json:"id"`
	Platform   string `json:"platform"`
	Name       string `json:"name"`
	Department string `json:"department"`
	Tier       string `json:"tier"`
	Status     string `json:"status"`
	StatusDate string `json:"status_date"`
	LastPost   string `json:"last_post"`
	Stale      bool   `json:"stale"`
}

// APINewMediaLastPost serves PUT /api/v1/newmedia/{id}/last-post: a
// publishing tool reports the date of an account's latest post
// ({"last_post":"YYYY-MM-DD"}); an older date than the one on file
// changes nothing.
func (h *Handler) APINewMediaLastPost(w http.ResponseWriter, r *http.Request) error {
	id, err := kit.PathID(r)
	if err != nil {
		return err
	}
	var in struct {
		LastPost string `json:"last_post"`
	}
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	day, err := kit.DateParam("最近更新日期", in.LastPost)
	if err != nil {
		return errs.InField("last_post", err)
	}
	a, err := h.Store.SetNewMediaLastPost(r.Context(), kit.Actor(r), id, day)
	if err != nil {
		return err
	}
	kit.WriteJSON(w, http.StatusOK, newMediaJSON{ID: a.ID, Platform: string(a.Platform), Name: a.Name, Department: a.DeptName,
		Tier: string(a.Tier), Status: string(a.Status), StatusDate: a.StatusDate.String(), LastPost: a.LastPost.String(),
		Stale: a.Stale(calendar.Today(h.Now()))})
	return nil
}
