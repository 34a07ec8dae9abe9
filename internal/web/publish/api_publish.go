package publish

// The public JSON API of active disclosure: the same documents, filters
// and public rule as the policy library (store.PublicDocuments), for
// programs (GPP-Woo style open output, so that scrapers are unnecessary).

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
	"gongkai/internal/web/kit"
)

// publicDocJSON is a document in a listing.
type publicDocJSON struct {
	IndexNumber string           `json:"index_number"`
	Title       string           `json:"title"`
	Organs      []string         `json:"organs"`
	DocNumber   string           `json:"doc_number"`
	WrittenOn   calendar.Date    `json:"written_on"`
	PublishedOn calendar.Date    `json:"published_on"`
	Theme       string           `json:"theme"`
	Genre       string           `json:"genre"`
	Validity    publish.Validity `json:"validity"`
	EffectiveOn calendar.Date    `json:"effective_on"`
	// Status is what 有效性 reads today: validity, or not_in_force
	// (不再有效), or not_yet (尚未施行: valid, 实施日期 still ahead).
	Status      publish.Status `json:"status"`
	StatusLabel string         `json:"status_label"`
	URL         string         `json:"url"`
}

// publicLinkJSON names a related document.
type publicLinkJSON struct {
	IndexNumber string `json:"index_number"`
	Title       string `json:"title"`
	URL         string `json:"url"`
}

type publicAttachmentJSON struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Size int64  `json:"size"`
	MIME string `json:"mime"`
}

// publicDocDetailJSON is one document with its text and relations.
type publicDocDetailJSON struct {
	publicDocJSON
	Keywords        string                 `json:"keywords"`
	Summary         string                 `json:"summary"`
	BodyHTML        string                 `json:"body_html"`
	Attachments     []publicAttachmentJSON `json:"attachments"`
	Interpretations []publicLinkJSON       `json:"interpretations"`
	Interprets      *publicLinkJSON        `json:"interprets"`
	ValidityOn      calendar.Date          `json:"validity_on"`
	ValidityBy      *publicLinkJSON        `json:"validity_by"`
}

func toPublicDocJSON(p *publish.PublicDoc, themes map[string]string, today calendar.Date) publicDocJSON {
	c := &p.Rev.Content
	organs := p.Organs
	if organs == nil {
		organs = []string{}
	}
	theme := themes[c.Theme]
	if theme == "" {
		theme = p.ThemeName
	}
	out := publicDocJSON{
		IndexNumber: p.Doc.IndexNumber, Title: c.Title, Organs: organs, DocNumber: c.DocNumber,
		WrittenOn: c.WrittenOn, PublishedOn: p.Rev.PublishedOn, Theme: theme, Genre: p.GenreName,
		Validity: p.Doc.Validity, EffectiveOn: c.EffectiveOn, URL: docPath(p.Doc.IndexNumber),
	}
	out.Status = publish.StatusOn(p.Doc.Validity, p.Doc.Withdrawn == publish.WithdrawNotInForce, c.EffectiveOn, today)
	out.StatusLabel = out.Status.Label()
	return out
}

func toPublicLink(l *publish.DocLink) *publicLinkJSON {
	if l == nil {
		return nil
	}
	return &publicLinkJSON{IndexNumber: l.IndexNumber, Title: l.Title, URL: docPath(l.IndexNumber)}
}

// writePublicJSON writes a public, revalidated JSON answer (writeJSON
// forbids storing, which is right for staff data but not for this).

// parseSize reads ?size=N (1–100, default 20).
func parseSize(v string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return ppPageSize, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		return 0, errs.New(errs.Invalid, "web.parseSize", "invalid_size", "每页条数 size 应为 1 到 100 之间的整数。")
	}
	return n, nil
}

// APIPublicDocuments serves GET /api/v1/public/documents.
func (s *Handler) APIPublicDocuments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f, _, err := s.parsePublicFilter(ctx, q, true)
	if err != nil {
		return err
	}
	if f.Size, err = parseSize(q.Get("size")); err != nil {
		return err
	}
	docs, total, err := s.Store.PublicDocuments(ctx, f)
	if err != nil {
		return err
	}
	themes, _, err := s.themeNames(ctx)
	if err != nil {
		return err
	}
	items := make([]publicDocJSON, len(docs))
	for i, p := range docs {
		items[i] = toPublicDocJSON(p, themes, s.today())
	}
	kit.WriteJSON(w, http.StatusOK, map[string]any{"total": total, "page": f.Page, "size": f.Size, "items": items})
	return nil
}

// APIPublicDocument serves GET /api/v1/public/documents/{index...}.
func (s *Handler) APIPublicDocument(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	index := r.PathValue("index")
	if index == "" {
		return errs.New(errs.NotFound, "web.apiPublicDocument", "document_not_found", "该信息不存在或已撤回。")
	}
	p, repl, err := s.Store.PublicDocument(ctx, index, 0)
	if err != nil {
		return err
	}
	if p == nil {
		http.Redirect(w, r, "/api/v1/public/documents/"+escapeSegments(repl), http.StatusMovedPermanently)
		return nil
	}
	themes, _, err := s.themeNames(ctx)
	if err != nil {
		return err
	}
	c := &p.Rev.Content
	out := publicDocDetailJSON{
		publicDocJSON:   toPublicDocJSON(p, themes, s.today()),
		Keywords:        c.Keywords,
		Summary:         c.Summary,
		BodyHTML:        richtext.ResolveImages(c.Body, publish.OwnImages(p.Attachments)),
		Attachments:     []publicAttachmentJSON{},
		Interpretations: []publicLinkJSON{},
		Interprets:      toPublicLink(p.Interprets),
		ValidityOn:      p.Doc.ValidityOn,
		ValidityBy:      toPublicLink(p.ValidityBy),
	}
	for _, a := range p.Attachments {
		out.Attachments = append(out.Attachments, publicAttachmentJSON{Name: a.Name, URL: filePath(a), Size: a.Size, MIME: a.MIME})
	}
	for i := range p.Interpretations {
		out.Interpretations = append(out.Interpretations, *toPublicLink(&p.Interpretations[i]))
	}
	kit.WriteJSON(w, http.StatusOK, out)
	return nil
}
