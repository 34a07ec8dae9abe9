package interact

import "net/http"

// IndexPage is 政民互动's front page: the ways to write to the district,
// the published letters, the FAQ library, open solicitations and the open
// month.
func (h *Handler) IndexPage(w http.ResponseWriter, r *http.Request) error {
	h.Render(w, r, http.StatusOK, "interact", map[string]any{"Title": "政民互动"})
	return nil
}
