package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"unicode/utf8"

	"gongkai/internal/errs"
	"gongkai/internal/extract"
)

// Attachments' text. Each attachment row keeps the plain text of its file
// (attachments.text, migration 00018) with text_state: 'done', 'failed'
// (the file could not be read; it is searched without its text) or
// 'pending' (stored before the column existed). An upload extracts the
// text as it stores the file (Tx.attach); ExtractAttachmentTexts reads the
// pending ones once. refreshPublic appends the texts of the published
// revision's attachments to what search indexes of a portal document.

// Text states of an attachment row.
const (
	textDone    = "done"
	textFailed  = "failed"
	textPending = "pending"
)

// maxIndexedText bounds what search indexes of one document once its
// attachments' text is added. PostgreSQL refuses a tsvector over 1 MiB, and
// each distinct Han bigram costs it about 14 bytes (entry, lexeme, a
// position), so text of distinct bigrams — the worst case — stays within
// it up to about 75,000 characters; 160 KiB is 54,000. Attachments get
// what the document's own fields leave; what lies past that is not
// searched.
const maxIndexedText = 160 << 10

// attachmentText is the text of an uploaded file and its state.
func attachmentText(name, mime string, data []byte) (string, string) {
	text, err := extract.Text(name, mime, data)
	if err != nil {
		return "", textFailed
	}
	return text, textDone
}

// revisionAttachmentText joins the texts of revision revID's attachments,
// in their order, at most maxIndexedText bytes.
func (tx *Tx) revisionAttachmentText(revID int64) (string, error) {
	var b strings.Builder
	err := tx.each(`SELECT a.text FROM revision_attachments ra JOIN attachments a ON a.id = ra.attachment_id
		WHERE ra.rev_id = ? AND a.text <> '' ORDER BY ra.position`, []any{revID}, func(rows *sql.Rows) error {
		var text string
		if err := rows.Scan(&text); err != nil || b.Len() >= maxIndexedText {
			return err
		}
		if b.Len() > 0 {
			b.WriteString("。\n") // as publicRowOf ends a field, so no Han run spans two files
		}
		b.WriteString(text)
		return nil
	})
	return cutText(b.String(), maxIndexedText), err
}

// cutText cuts s to at most n bytes at a character boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// addAttachmentText appends the texts of a portal row's attachments to
// what search indexes of it, after the body, within maxIndexedText.
func (tx *Tx) addAttachmentText(p *publicRow) error {
	const sep = "。\n"
	room := maxIndexedText - len(p.Head) - len(p.Body) - len(sep)
	if !p.Portal || room <= 0 {
		return nil
	}
	text, err := tx.revisionAttachmentText(p.RevID)
	if text = cutText(text, room); err != nil || text == "" {
		return err
	}
	if p.Body != "" {
		p.Body += sep
	}
	p.Body += text
	return nil
}

// extractBatch is how many pending attachments one transaction settles.
const extractBatch = 32

// ExtractAttachmentTexts reads the text of the attachments still pending
// (those stored before texts were kept), a batch at a time: the files are
// read and extracted outside any transaction, one at a time, then one
// transaction stores the batch's texts and refreshes the listing
// projection and search rows of their documents (refreshPublic, which
// leaves a document no list shows as it is). It returns how many it
// settled. Instances running it together settle each row once (the update
// requires 'pending'); ctx ends it between files.
func (s *Store) ExtractAttachmentTexts(ctx context.Context) (int, error) {
	const op = "store.ExtractAttachmentTexts"
	settled := 0
	var after int64
	for {
		var ids []int64
		if err := s.queryAll(ctx, op, "SELECT id FROM attachments WHERE text_state = ? AND id > ? ORDER BY id LIMIT ?",
			[]any{textPending, after, extractBatch}, func(rows *sql.Rows) error {
				var id int64
				err := rows.Scan(&id)
				ids = append(ids, id)
				return err
			}); err != nil {
			return settled, err
		}
		if len(ids) == 0 {
			return settled, nil
		}
		after = ids[len(ids)-1]
		type result struct {
			id, docID   int64
			text, state string
		}
		var results []result
		for _, id := range ids {
			if err := ctx.Err(); err != nil {
				return settled, errs.Wrap(op, err)
			}
			r := result{id: id}
			var name, mime string
			var data []byte
			if err := s.queryRow(ctx, "SELECT doc_id, name, mime, data FROM attachments WHERE id = ?", id).Scan(&r.docID, &name, &mime, &data); err != nil {
				return settled, errs.Wrap(op, translate(err))
			}
			r.text, r.state = attachmentText(name, mime, data)
			results = append(results, r)
		}
		n := 0
		err := s.update(ctx, op, func(tx *Tx) error {
			n = 0
			var docs []int64
			for _, r := range results {
				res, err := tx.exec("UPDATE attachments SET text = ?, text_state = ? WHERE id = ? AND text_state = ?", r.text, r.state, r.id, textPending)
				if err != nil {
					return err
				}
				if k, _ := res.RowsAffected(); k > 0 {
					n++
					docs = append(docs, r.docID)
				}
			}
			slices.Sort(docs)
			for _, id := range slices.Compact(docs) {
				if err := tx.refreshPublic(id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return settled, err
		}
		settled += n
	}
}
