package publish

import (
	"net/http"
	"strconv"

	"gongkai/internal/errs"
	"gongkai/internal/web/kit"
)

// AdminAttachmentFile serves a document's attachment to staff who may see
// the document, in any state: the reviewer reads what they approve.
func (s *Handler) AdminAttachmentFile(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.adminLoadDocument(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil {
		return errs.New(errs.NotFound, "web.adminAttachmentFile", "attachment_not_found", "附件不存在。")
	}
	a, data, err := s.Store.StaffAttachment(r.Context(), doc.ID, aid)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", a.MIME)
	h.Set("Content-Disposition", contentDisposition(a.MIME, a.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(data)
	return nil
}

// AdminRemoveAttachment takes a file off the open draft.
func (s *Handler) AdminRemoveAttachment(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.adminLoadDocument(r)
	if err != nil {
		return err
	}
	aid, _ := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err := s.Store.RemoveAttachment(r.Context(), kit.User(r), doc.ID, kit.FormID(r.PostFormValue("version")), aid); err != nil {
		return err
	}
	return kit.Redirect(w, r, apDocURL(doc.ID)+"/edit#attachments", "saved")
}
