package store

import (
	"context"
	"database/sql"

	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
)

// LettersReceived returns the letters received from from to to
// (inclusive), without their trails, for statistics.
func (s *Store) LettersReceived(ctx context.Context, from, to calendar.Date) ([]*interact.Letter, error) {
	var out []*interact.Letter
	err := s.queryAll(ctx, "store.LettersReceived", "SELECT "+letterColumns+" FROM letters WHERE received_on >= ? AND received_on <= ? ORDER BY received_on, id",
		[]any{from.String(), to.String()}, func(rows *sql.Rows) error {
			l, err := scanLetter(rows)
			out = append(out, l)
			return err
		})
	return out, err
}

// PolicyQuestions counts the letters received from from to to that are
// linked to each policy document, most first (at most 20): the cue for a
// further 解读.
func (s *Store) PolicyQuestions(ctx context.Context, from, to calendar.Date) ([]interact.PolicyCount, error) {
	var out []interact.PolicyCount
	err := s.queryAll(ctx, "store.PolicyQuestions", `SELECT l.policy_id, COALESCE(p.index_number, ''), COALESCE(p.title, ''), COUNT(*) AS n
		FROM letters l LEFT JOIN public_docs p ON p.doc_id = l.policy_id
		WHERE l.policy_id IS NOT NULL AND l.received_on >= ? AND l.received_on <= ?
		GROUP BY l.policy_id, p.index_number, p.title ORDER BY n DESC, l.policy_id LIMIT 20`,
		[]any{from.String(), to.String()}, func(rows *sql.Rows) error {
			var c interact.PolicyCount
			err := rows.Scan(&c.DocID, &c.Index, &c.Title, &c.N)
			out = append(out, c)
			return err
		})
	return out, err
}

// LetterPolicy returns the index number and title of a letter's linked
// policy (empty when it is not public).
func (s *Store) LetterPolicy(ctx context.Context, docID int64) (index, title string, err error) {
	err = s.queryRow(ctx, "SELECT index_number, title FROM public_docs WHERE doc_id = ?", docID).Scan(&index, &title)
	if err == sql.ErrNoRows {
		return "", "", nil
	}
	return index, title, errs.Wrap("store.LetterPolicy", translate(err))
}

// PolicyByIndex returns the id of the public document with an index number.
func (s *Store) PolicyByIndex(ctx context.Context, index string) (int64, error) {
	var id int64
	err := s.queryRow(ctx, "SELECT doc_id FROM public_docs WHERE index_number = ? AND portal = ?", index, true).Scan(&id)
	return id, notFound(translate(err), "document_not_found", "没有索引号为 "+index+" 的公开文件。")
}

// DueLetters returns the open letters the daily reminder may name: those
// due by the next working day after today, and those received before the
// escalation date (bounded by the open letters, not by all letters).
func (s *Store) DueLetters(ctx context.Context, today calendar.Date) ([]*interact.Letter, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	yellowTo, _ := cal.AddWorkdays(today, interact.YellowDays)
	var out []*interact.Letter
	err = s.queryAll(ctx, "store.DueLetters", "SELECT "+letterColumns+` FROM letters WHERE status IN (?, ?, ?)
		AND ((due_on > '' AND due_on <= ?) OR received_on < ?) ORDER BY due_on, id`,
		[]any{string(interact.Received), string(interact.Handling), string(interact.Reviewing), yellowTo.String(), interact.EscalationBefore(today).String()},
		func(rows *sql.Rows) error {
			l, err := scanLetter(rows)
			out = append(out, l)
			return err
		})
	return out, err
}
