package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/publish"
	"gongkai/internal/richtext"
)

// ReviseDocument opens a new draft revision of a published document, a copy
// of the public version; the public keeps seeing the old one until the new
// one is approved. One open revision per document at a time.
func (s *Store) ReviseDocument(ctx context.Context, u *auth.User, docID, version int64) error {
	return s.update(ctx, "store.ReviseDocument", func(tx *Tx) error {
		doc, _, err := tx.lockFor(u, docID, version, publish.ActRevise)
		if err != nil {
			return err
		}
		pub, err := getRevision(tx, doc.PublishedRev)
		if err != nil {
			return err
		}
		var no int
		if err := tx.queryRow("SELECT MAX(no) FROM revisions WHERE doc_id = ?", docID).Scan(&no); err != nil {
			return translate(err)
		}
		revID, err := tx.newRevision(docID, no+1, u.ID, &pub.Content, "")
		if err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO revision_attachments (rev_id, attachment_id, position) SELECT ?, attachment_id, position FROM revision_attachments WHERE rev_id = ?", revID, pub.ID); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE documents SET open_rev = ? WHERE id = ?", revID, docID); err != nil {
			return err
		}
		return tx.record(u.Username, "document.revise", docObject(docID), map[string]string{"revision": strconv.Itoa(no + 1)})
	})
}

// WithdrawDocument takes a published document off the portal. 发布错误
// removes it from every public surface; 被替代 redirects its page to the
// replacement; 不再有效 keeps the page with a notice.
func (s *Store) WithdrawDocument(ctx context.Context, u *auth.User, docID, version int64, reason publish.WithdrawReason, replacedBy int64, note string) error {
	const op = "store.WithdrawDocument"
	if reason.Label() == "" {
		return errs.New(errs.Invalid, op, "invalid_withdraw_reason", "请选择撤回原因：发布错误、被替代或不再有效。")
	}
	if reason == publish.WithdrawReplaced && replacedBy == 0 {
		return errs.New(errs.Invalid, op, "replacement_required", "被替代的文件须指明替代它的文件。")
	}
	return s.update(ctx, op, func(tx *Tx) error {
		doc, _, err := tx.lockFor(u, docID, version, publish.ActWithdraw)
		if err != nil {
			return err
		}
		if reason == publish.WithdrawReplaced {
			repl, err := getDocument(tx, replacedBy)
			if err != nil {
				return invalid(err)
			}
			if !repl.Public() || repl.ID == doc.ID {
				return errs.New(errs.Invalid, op, "replacement_not_public", "替代文件须为另一份已发布的文件。")
			}
		} else {
			replacedBy = 0
		}
		if _, err := tx.exec("UPDATE documents SET withdrawn = ?, replaced_by = ? WHERE id = ?", string(reason), replacedBy, docID); err != nil {
			return err
		}
		if err := tx.refreshPublic(docID); err != nil {
			return err
		}
		return tx.record(u.Username, "document.withdraw", docObject(docID),
			map[string]string{"reason": string(reason), "replaced_by": itoa(replacedBy), "note": strings.TrimSpace(note)})
	})
}

// SetValidity records that a published document has expired, been repealed
// or been amended (with the date and, for 废止/已修订, the document that did it).
func (s *Store) SetValidity(ctx context.Context, u *auth.User, docID, version int64, v publish.Validity, on calendar.Date, link int64) error {
	const op = "store.SetValidity"
	if v.Label() == "" {
		return errs.New(errs.Invalid, op, "invalid_validity", "有效性应为有效、失效、废止或已修订。")
	}
	if v != publish.Valid && on.IsZero() {
		return errs.New(errs.Invalid, op, "validity_date_required", "请填写失效、废止或修订的日期。")
	}
	if (v == publish.Repealed || v == publish.Amended) && link == 0 {
		return errs.New(errs.Invalid, op, "validity_link_required", "废止或修订须关联作出该决定的文件。")
	}
	if v == publish.Valid {
		on, link = calendar.Date{}, 0
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if _, _, err := tx.lockFor(u, docID, version, publish.ActValidity); err != nil {
			return err
		}
		if link != 0 {
			if link == docID {
				return errs.New(errs.Invalid, op, "validity_link_self", "废止或修订的依据不能是本文件自己。")
			}
			if _, err := getDocument(tx, link); err != nil {
				return invalid(err)
			}
		}
		if _, err := tx.exec("UPDATE documents SET validity = ?, validity_on = ?, validity_link = ? WHERE id = ?", string(v), on.String(), link, docID); err != nil {
			return err
		}
		if err := tx.refreshPublic(docID); err != nil {
			return err
		}
		return tx.record(u.Username, "document.validity", docObject(docID), map[string]string{"validity": string(v), "on": on.String(), "link": itoa(link)})
	})
}

// PublishDue publishes the scheduled revisions whose time has come, each in
// its own transaction, so one that can no longer go out (its policy was
// withdrawn, say) does not hold the others back. That one returns to
// 已审核 with the reason in its review note, for staff to decide. It is
// idempotent: a revision is published once, whichever instance runs it.
func (s *Store) PublishDue(ctx context.Context) (int, error) {
	var ids []int64
	err := s.update(ctx, "store.PublishDue", func(tx *Tx) error {
		var err error
		ids, err = tx.ids("SELECT id FROM revisions WHERE state = ? AND publish_at <= ?", string(publish.Scheduled), micros(tx.now))
		return err
	})
	if err != nil {
		return 0, err
	}
	published := 0
	var failed []error
	for _, id := range ids {
		claimed := false
		err := s.update(ctx, "store.PublishDue", func(tx *Tx) error {
			claimed = false
			// The claim is the state change itself: of two instances racing
			// on one revision, the second's UPDATE waits for the first's
			// row lock, then finds the state changed and touches no row.
			r, err := tx.exec("UPDATE revisions SET state = ? WHERE id = ? AND state = ?",
				string(publish.Approved), id, string(publish.Scheduled))
			if err != nil {
				return err
			}
			if n, err := r.RowsAffected(); err != nil || n != 1 {
				return err // another instance got there first
			}
			rev, err := getRevision(tx, id)
			if err != nil {
				return err
			}
			doc, err := getDocument(tx, rev.DocID)
			if err != nil {
				return err
			}
			claimed = true
			return tx.publishTogether(systemActor, "system", doc, rev)
		})
		if err == nil {
			if claimed {
				published++
			}
			continue
		}
		failed = append(failed, err)
		_, msg := errs.Public(err)
		if ferr := s.update(ctx, "store.PublishDue", func(tx *Tx) error {
			if _, err := tx.exec("UPDATE revisions SET state = ?, review_note = ? WHERE id = ? AND state = ?",
				string(publish.Approved), "定时发布未能完成："+msg, id, string(publish.Scheduled)); err != nil {
				return err
			}
			var docID int64
			if err := tx.queryRow("SELECT doc_id FROM revisions WHERE id = ?", id).Scan(&docID); err != nil {
				return translate(err)
			}
			return tx.record("system", "document.schedule_failed", docObject(docID), map[string]string{"reason": msg})
		}); ferr != nil {
			failed = append(failed, ferr)
		}
	}
	return published, errors.Join(failed...)
}

// AddAttachment stores a file on the document's open revision. The type is
// decided from the content (publish.DetectAttachment), never from the name.
func (s *Store) AddAttachment(ctx context.Context, u *auth.User, docID, version int64, name string, data []byte) (*publish.Attachment, error) {
	var a *publish.Attachment
	err := s.update(ctx, "store.AddAttachment", func(tx *Tx) error {
		_, rev, err := tx.lockFor(u, docID, version, publish.ActAttach)
		if err != nil {
			return err
		}
		if err := tx.noteEditor(rev.ID, u.ID); err != nil {
			return err
		}
		var pos int
		if err := tx.queryRow("SELECT COALESCE(MAX(position), 0) + 1 FROM revision_attachments WHERE rev_id = ?", rev.ID).Scan(&pos); err != nil {
			return translate(err)
		}
		if a, err = tx.attach(docID, rev.ID, pos, name, data); err != nil {
			return err
		}
		return tx.record(u.Username, "document.attach", docObject(docID), map[string]string{"name": a.Name, "sha256": a.SHA256, "size": itoa(a.Size)})
	})
	return a, err
}

// attach stores a file of a document at position pos of revision revID,
// typed by its content.
func (tx *Tx) attach(docID, revID int64, pos int, name string, data []byte) (*publish.Attachment, error) {
	mime, err := publish.DetectAttachmentWithin(name, data, tx.s.MediaLimit)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	a := &publish.Attachment{DocID: docID, Name: publish.CleanFileName(name), MIME: mime, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	text, state := attachmentText(a.Name, a.MIME, data)
	if a.ID, err = tx.insert("INSERT INTO attachments (doc_id, name, mime, size, sha256, data, created_at, text, text_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		docID, a.Name, a.MIME, a.Size, a.SHA256, data, micros(tx.now), text, state); err != nil {
		return nil, err
	}
	if _, err := tx.exec("INSERT INTO revision_attachments (rev_id, attachment_id, position) VALUES (?, ?, ?)", revID, a.ID, pos); err != nil {
		return nil, err
	}
	return a, nil
}

// RevisionAttachments lists the attachments of a revision in order.
func (s *Store) RevisionAttachments(ctx context.Context, revID int64) ([]*publish.Attachment, error) {
	var out []*publish.Attachment
	err := s.queryAll(ctx, "store.RevisionAttachments", revisionAttachmentsSQL, []any{revID}, func(rows *sql.Rows) error {
		var a publish.Attachment
		out = append(out, &a)
		return rows.Scan(&a.ID, &a.DocID, &a.Name, &a.MIME, &a.Size, &a.SHA256)
	})
	return out, err
}

const revisionAttachmentsSQL = `SELECT a.id, a.doc_id, a.name, a.mime, a.size, a.sha256 FROM attachments a
	JOIN revision_attachments ra ON ra.attachment_id = a.id WHERE ra.rev_id = ? ORDER BY ra.position`

// revisionAttachments is RevisionAttachments inside a transaction.
func revisionAttachments(tx *Tx, revID int64) ([]*publish.Attachment, error) {
	var out []*publish.Attachment
	err := tx.each(revisionAttachmentsSQL, []any{revID}, func(rows *sql.Rows) error {
		var a publish.Attachment
		out = append(out, &a)
		return rows.Scan(&a.ID, &a.DocID, &a.Name, &a.MIME, &a.Size, &a.SHA256)
	})
	return out, err
}

// ImportDocument brings an already-published document from an earlier
// system into the store, keeping its index number and publication date
// (a district moving its archive keeps its 索引号). It bypasses the review
// workflow, so it is for the demo loader, which acts as the system, and is
// recorded as document.import; the author's department owns it. The
// organ's sequence moves past an imported number of the default form so
// that number is never given out again. ImportDocuments is the same for a
// batch.
func (s *Store) ImportDocument(ctx context.Context, actor string, author *auth.User, c publish.Content, indexNumber string, published calendar.Date, files ...publish.ImportedFile) (*publish.Document, error) {
	it := &publish.Imported{IndexNumber: indexNumber, PublishedOn: published, Validity: publish.Valid, Content: c, Attachments: files}
	var doc *publish.Document
	err := s.update(ctx, "store.ImportDocument", func(tx *Tx) error {
		var err error
		doc, err = tx.importDocument(systemActor, actor, author.ID, author.DeptID, it)
		return err
	})
	return doc, err
}

// ImportDocuments imports a batch of documents of an earlier system
// (`gongkai import documents`) in one transaction: all of them or, on the
// first bad one, none (the error names its line). u, a 政务公开办 account
// (publish.Can, ActImport), is recorded as author and in one
// document.import event per document; each document belongs to its first
// organ. Attachments are typed by their content, and a validity other
// than 有效 is kept as the earlier system recorded it (without its date
// and deciding document, which that system did not export).
func (s *Store) ImportDocuments(ctx context.Context, u *auth.User, batch []*publish.Imported) ([]*publish.Document, error) {
	docs := make([]*publish.Document, 0, len(batch))
	err := s.update(ctx, "store.ImportDocuments", func(tx *Tx) error {
		for _, it := range batch {
			if len(it.Content.OrganIDs) == 0 {
				return publish.LineError(it.Line, errs.New(errs.Invalid, "store.ImportDocuments", "organ_required", "请选择发布机构。"))
			}
			doc, err := tx.importDocument(ActorOf(u), u.Username, u.ID, it.Content.OrganIDs[0], it)
			if err != nil {
				if it.Line == 0 || errs.KindOf(err) == errs.Internal {
					return err
				}
				return publish.LineError(it.Line, err)
			}
			docs = append(docs, doc)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return docs, nil
}

// importDocument is one imported document: checked (publish.Can, the
// content as for review and publication, its references), written as
// published on its date, numbered, with its attachments and audit event.
func (tx *Tx) importDocument(a publish.Actor, actor string, authorID, owner int64, it *publish.Imported) (*publish.Document, error) {
	if err := publish.Can(a, nil, nil, publish.ActImport); err != nil {
		return nil, err
	}
	c := it.Content
	c.Body = richtext.SanitizeBody(c.Body, keepImages)
	if err := publish.PrepareImported(&c); err != nil {
		return nil, err
	}
	if it.Validity.Label() == "" {
		return nil, errs.New(errs.Invalid, "store.importDocument", "invalid_validity", "有效性应为有效、失效、废止或已修订。")
	}
	if err := tx.checkContentRefs(&c, owner); err != nil {
		return nil, err
	}
	published, indexNumber := it.PublishedOn, it.IndexNumber
	at := time.Date(published.Year, published.Month, published.Day, 9, 0, 0, 0, calendar.Zone)
	id, err := tx.insert("INSERT INTO documents (dept_id, validity, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)",
		owner, string(it.Validity), micros(at), micros(tx.now))
	if err != nil {
		return nil, err
	}
	revID, err := tx.newRevision(id, 1, authorID, &c, "")
	if err != nil {
		return nil, err
	}
	if indexNumber == "" {
		if indexNumber, err = tx.nextIndexNumber(c.OrganIDs, published.Year); err != nil {
			return nil, err
		}
	} else if err := tx.reserveImported(c.OrganIDs[0], published.Year, indexNumber); err != nil {
		return nil, err
	}
	if _, err := tx.exec("UPDATE revisions SET state = ?, published_on = ?, created_at = ?, updated_at = ? WHERE id = ?",
		string(publish.Published), published.String(), micros(at), micros(at), revID); err != nil {
		return nil, err
	}
	if _, err := tx.exec("UPDATE documents SET index_number = ?, published_rev = ?, first_published = ?, last_published = ? WHERE id = ?",
		indexNumber, revID, micros(at), micros(at), id); err != nil {
		return nil, duplicate(err, "index_number_taken", "索引号“"+indexNumber+"”已被使用。")
	}
	var atts []*publish.Attachment
	for i, f := range it.Attachments {
		a, err := tx.attach(id, revID, i+1, f.Name, f.Data)
		if err != nil {
			return nil, err
		}
		atts = append(atts, a)
	}
	if err := publish.CheckInterpretationFiles(&c, atts); err != nil {
		return nil, err
	}
	// The body may show the document's own images, by name or path.
	if body := richtext.ResolveImages(c.Body, publish.OwnImages(atts)); body != c.Body {
		if _, err := tx.exec("UPDATE revisions SET body = ? WHERE id = ?", body, revID); err != nil {
			return nil, err
		}
	}
	if err := tx.refreshPublic(id); err != nil {
		return nil, err
	}
	doc, err := getDocument(tx, id)
	if err != nil {
		return nil, err
	}
	detail := map[string]string{"index_number": indexNumber, "title": c.Title, "published_on": published.String()}
	if it.Validity != publish.Valid {
		detail["validity"] = string(it.Validity)
	}
	if len(it.Attachments) > 0 {
		detail["attachments"] = strconv.Itoa(len(it.Attachments))
	}
	return doc, tx.record(actor, "document.import", docObject(id), detail)
}

var defaultTail = regexp.MustCompile(`/([12][0-9]{3})-([0-9]{8})$`)

// reserveImported moves the organ's series past an imported number written
// in the organ's form, so that number is never given out again.
func (tx *Tx) reserveImported(organ int64, year int, number string) error {
	r, err := tx.indexRule(organ)
	if err != nil {
		return err
	}
	series := seriesOf(r.pattern, r.orgCode, r.deptCode, year)
	m := defaultTail.FindStringSubmatch(number)
	if m == nil || !strings.HasPrefix(number, strings.SplitN(series, "{seq", 2)[0]) {
		return nil
	}
	seq, _ := strconv.ParseInt(m[2], 10, 64)
	_, err = tx.exec(`INSERT INTO index_series (series, year, last) VALUES (?, ?, ?)
		ON CONFLICT (series, year) DO UPDATE SET last = excluded.last WHERE index_series.last < excluded.last`, series, year, seq)
	return err
}

// StaffAttachment returns a document's file for staff (the reviewer must
// read what they approve), whatever the document's state. Callers check
// the user may see the document.
func (s *Store) StaffAttachment(ctx context.Context, docID, id int64) (*publish.Attachment, []byte, error) {
	var a publish.Attachment
	var data []byte
	err := s.queryRow(ctx, "SELECT id, doc_id, name, mime, size, sha256, data FROM attachments WHERE id = ? AND doc_id = ?", id, docID).
		Scan(&a.ID, &a.DocID, &a.Name, &a.MIME, &a.Size, &a.SHA256, &data)
	if err != nil {
		return nil, nil, errs.Wrap("store.StaffAttachment", notFound(translate(err), "attachment_not_found", "附件不存在。"))
	}
	return &a, data, nil
}

// RemoveAttachment takes a file off the document's open revision (earlier
// versions keep theirs: history is never rewritten).
func (s *Store) RemoveAttachment(ctx context.Context, u *auth.User, docID, version, id int64) error {
	return s.update(ctx, "store.RemoveAttachment", func(tx *Tx) error {
		_, rev, err := tx.lockFor(u, docID, version, publish.ActRemoveAttachment)
		if err != nil {
			return err
		}
		r, err := tx.exec("DELETE FROM revision_attachments WHERE rev_id = ? AND attachment_id = ?", rev.ID, id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "store.RemoveAttachment", "attachment_not_found", "本版本没有这个附件。")
		}
		return tx.record(u.Username, "document.detach", docObject(docID), map[string]string{"attachment_id": itoa(id)})
	})
}

// ReopenDocument sends an approved or scheduled revision back to draft, so
// its 公开属性 can be decided anew (an approved 依申请公开 document that
// should now go out actively) or its publication rescheduled. The author's
// department edits it again and it is reviewed again.
func (s *Store) ReopenDocument(ctx context.Context, u *auth.User, docID, version int64) error {
	const op = "store.ReopenDocument"
	return s.update(ctx, op, func(tx *Tx) error {
		doc, rev, err := tx.lockFor(u, docID, version, publish.ActReopen)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE revisions SET state = ?, publish_at = 0, updated_at = ? WHERE id = ?", string(publish.Draft), micros(tx.now), rev.ID); err != nil {
			return err
		}
		return tx.record(u.Username, "document.reopen", docObject(doc.ID), map[string]string{"revision": strconv.Itoa(rev.No), "was": string(rev.State)})
	})
}

// TakenIndexNumbers returns those of numbers that documents already have,
// so an import can report every clash before it writes anything.
func (s *Store) TakenIndexNumbers(ctx context.Context, numbers []string) ([]string, error) {
	var out []string
	for start := 0; start < len(numbers); start += 500 {
		chunk := numbers[start:min(start+500, len(numbers))]
		args := make([]any, len(chunk))
		for i, n := range chunk {
			args[i] = n
		}
		q := "SELECT index_number FROM documents WHERE index_number IN (?" + strings.Repeat(", ?", len(chunk)-1) + ")"
		if err := s.queryAll(ctx, "store.TakenIndexNumbers", q, args, func(rows *sql.Rows) error {
			var n string
			out = append(out, n)
			return rows.Scan(&out[len(out)-1])
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
