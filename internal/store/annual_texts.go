package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/publish"
	"gongkai/internal/report"
)

// The annual report's text sections (一, 五, 六) and its document: the
// texts are settings of a year and organ like the entered figures; the
// report goes to the portal as an ordinary document, drafted, reviewed and
// published through the documents' workflow, and the setting
// report.annual_doc remembers which document it is so that generating it
// again revises that document.

func annualTextsSetting(year int, organ string) string {
	return "report.annual_texts:" + strconv.Itoa(year) + ":" + organ
}

func annualDocSetting(year int, organ string) string {
	return "report.annual_doc:" + strconv.Itoa(year) + ":" + organ
}

// AnnualTexts returns the text sections written for year and organ (empty
// until written).
func (s *Store) AnnualTexts(ctx context.Context, year int, organ string) (*report.Texts, error) {
	t := &report.Texts{}
	_, err := readSetting(storeQ{s, ctx}, annualTextsSetting(year, organ), t)
	return t, errs.Wrap("store.AnnualTexts", err)
}

// SetAnnualTexts saves the text sections of year and organ, audited with
// their lengths.
func (s *Store) SetAnnualTexts(ctx context.Context, actor string, year int, organ string, t report.Texts) error {
	const op = "store.SetAnnualTexts"
	if err := foi.CheckRegisterYear(year); err != nil {
		return err
	}
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	if _, err := s.organDepts(ctx, organ); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if err := tx.writeSetting(annualTextsSetting(year, organ), actor, t); err != nil {
			return err
		}
		return tx.record(actor, "report.annual_texts", "report-annual:"+strconv.Itoa(year)+":"+organ, map[string]string{
			"year": strconv.Itoa(year), "organ": organ, "overview_chars": strconv.Itoa(len([]rune(t.Overview))),
			"problems_chars": strconv.Itoa(len([]rune(t.Problems))), "other_chars": strconv.Itoa(len([]rune(t.Other)))})
	})
}

// AnnualPublicCount counts the documents the organ (with its
// sub-departments; "" the whole district) published on the portal in
// year, by publication date, as the public sees them now.
func (s *Store) AnnualPublicCount(ctx context.Context, year int, organ string) (int, error) {
	const op = "store.AnnualPublicCount"
	if err := foi.CheckRegisterYear(year); err != nil {
		return 0, err
	}
	in, err := s.organDepts(ctx, organ)
	if err != nil {
		return 0, err
	}
	q := `SELECT COUNT(*) FROM public_docs p JOIN documents d ON d.id = p.doc_id
		WHERE p.portal = TRUE AND p.published_on >= ? AND p.published_on <= ?`
	args := []any{strconv.Itoa(year) + "-01-01", strconv.Itoa(year) + "-12-31"}
	if in != nil {
		marks := make([]string, 0, len(in))
		for id := range in {
			marks = append(marks, "?")
			args = append(args, id)
		}
		q += " AND d.dept_id IN (" + strings.Join(marks, ", ") + ")"
	}
	var n int
	err = s.queryRow(ctx, q, args...).Scan(&n)
	return n, errs.Wrap(op, translate(err))
}

// annualDoc is the setting that names the report's document.
type annualDoc struct {
	DocID int64 `json:"doc_id"`
}

// AnnualDocument returns the document made for year's report of organ,
// nil when none has been made (or it was withdrawn).
func (s *Store) AnnualDocument(ctx context.Context, year int, organ string) (*publish.Document, error) {
	var ref annualDoc
	found, err := readSetting(storeQ{s, ctx}, annualDocSetting(year, organ), &ref)
	if err != nil || !found {
		return nil, errs.Wrap("store.AnnualDocument", err)
	}
	doc, err := s.Document(ctx, ref.DocID)
	if errs.Is(err, errs.NotFound) || (err == nil && doc.Withdrawn != "") {
		return nil, nil
	}
	return doc, err
}

// SetAnnualDocument records an existing document (a report published
// before the platform, imported) as year's report of organ, so the
// report's status and a later 生成年报稿件 use it.
func (s *Store) SetAnnualDocument(ctx context.Context, actor string, year int, organ string, docID int64) error {
	const op = "store.SetAnnualDocument"
	if err := foi.CheckRegisterYear(year); err != nil {
		return err
	}
	if _, err := s.organDepts(ctx, organ); err != nil {
		return err
	}
	if _, err := s.Document(ctx, docID); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if err := tx.writeSetting(annualDocSetting(year, organ), actor, annualDoc{docID}); err != nil {
			return err
		}
		return tx.recordAnnualDocument(actor, year, organ, docID)
	})
}

func (tx *Tx) recordAnnualDocument(actor string, year int, organ string, docID int64) error {
	return tx.record(actor, "report.annual_document", docObject(docID), map[string]string{"year": strconv.Itoa(year), "organ": organ})
}

// SaveAnnualDraft puts c, the report of year and organ, into a draft as u
// through the documents' workflow (publish.Can decides: u drafts as an
// editor of a department): the first time it creates the document; after
// that it saves over the report's open draft, or revises the published
// report into a new revision, so a year's report is always one document.
// A revision under review is not changed (the workflow refuses it).
func (s *Store) SaveAnnualDraft(ctx context.Context, u *auth.User, year int, organ string, c publish.Content) (doc *publish.Document, created bool, err error) {
	if err := foi.CheckRegisterYear(year); err != nil {
		return nil, false, err
	}
	if _, err := s.organDepts(ctx, organ); err != nil {
		return nil, false, err
	}
	doc, err = s.AnnualDocument(ctx, year, organ)
	if err != nil {
		return nil, false, err
	}
	if doc == nil {
		// The document and the setting naming it are one transaction, and
		// the setting is inserted, not replaced: of two clicks at once,
		// the second fails on the setting's key and leaves nothing behind.
		if err := newDocumentContent(u, &c); err != nil {
			return nil, false, err
		}
		err = s.update(ctx, "store.SaveAnnualDraft", func(tx *Tx) error {
			if doc, err = tx.createDocument(u, &c); err != nil {
				return err
			}
			value, err := json.Marshal(annualDoc{doc.ID})
			if err != nil {
				return err
			}
			if _, err := tx.exec("INSERT INTO settings (name, value, updated_by, updated_at) VALUES (?, ?, ?, ?)",
				annualDocSetting(year, organ), string(value), u.Username, micros(tx.now)); err != nil {
				if errs.Is(translate(err), errs.Conflict) {
					return errs.New(errs.Conflict, "store.SaveAnnualDraft", "annual_document_exists", "该年度报告的稿件刚刚已经生成，请刷新页面后再操作。")
				}
				return err
			}
			return tx.recordAnnualDocument(u.Username, year, organ, doc.ID)
		})
		return doc, true, err
	}
	version := doc.Version
	if doc.OpenRev == 0 {
		if err := s.ReviseDocument(ctx, u, doc.ID, version); err != nil {
			return nil, false, err
		}
		version++
	}
	if err := s.SaveDraft(ctx, u, doc.ID, version, c, "重新生成年度报告"); err != nil {
		return nil, false, err
	}
	doc, err = s.Document(ctx, doc.ID)
	return doc, false, err
}
