package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
)

// The FAQ library (常见问题解答库, migration 00023). Lists are SQL over
// faqs: filter, count, order and page; the tag filter probes faq_tags by
// its (tag, faq_id) index and the department filter faqs_state_dept. The
// substring search q is a LIKE over search_text (question and answer
// folded by faqFold), which no index serves: it reads every entry of the
// state, so its cost grows with the library (a few thousand entries).

// faqFold is the one case fold of the search text and of q.
func faqFold(s string) string { return strings.ToLower(s) }

const faqColumns = `f.id, f.question, f.answer, f.dept_id, d.name, f.tags, f.review_by, f.state, f.source_letter,
	COALESCE(f.policy_doc_id, 0), f.version, f.created_by, f.created_at, f.updated_by, f.updated_at,
	COALESCE(p.index_number, ''), COALESCE(p.title, '')`

// faqFrom joins what an entry shows: its department, and its policy
// document while the portal lists it.
const faqFrom = ` FROM faqs f JOIN departments d ON d.id = f.dept_id
	LEFT JOIN public_docs p ON p.doc_id = f.policy_doc_id AND p.portal = TRUE`

func scanFAQ(sc interface{ Scan(...any) error }) (*interact.FAQ, error) {
	var f interact.FAQ
	var tags, review, state string
	var created, updated int64
	if err := sc.Scan(&f.ID, &f.Question, &f.Answer, &f.DeptID, &f.DeptName, &tags, &review, &state, &f.SourceLetter,
		&f.PolicyDocID, &f.Version, &f.CreatedBy, &created, &f.UpdatedBy, &updated, &f.PolicyIndex, &f.PolicyTitle); err != nil {
		return nil, err
	}
	f.Tags = interact.SplitTags(tags)
	f.ReviewBy, _ = calendar.ParseDate(review)
	f.State = interact.FAQState(state)
	f.Created, f.Updated = fromMicros(created), fromMicros(updated)
	return &f, nil
}

// FAQ returns an entry in any state, for staff.
func (s *Store) FAQ(ctx context.Context, id int64) (*interact.FAQ, error) {
	f, err := scanFAQ(s.queryRow(ctx, "SELECT "+faqColumns+faqFrom+" WHERE f.id = ?", id))
	if err != nil {
		return nil, errs.Wrap("store.FAQ", notFound(translate(err), "faq_not_found", "该问题不存在。"))
	}
	return f, nil
}

// PublicFAQ returns a published entry; a hidden one does not exist.
func (s *Store) PublicFAQ(ctx context.Context, id int64) (*interact.FAQ, error) {
	f, err := scanFAQ(s.queryRow(ctx, "SELECT "+faqColumns+faqFrom+" WHERE f.id = ? AND f.state = ?", id, string(interact.FAQPublished)))
	if err != nil {
		return nil, errs.Wrap("store.PublicFAQ", notFound(translate(err), "faq_not_found", "该问题不存在或已撤下。"))
	}
	return f, nil
}

// FAQs lists one page of the entries f admits and how many it admits.
func (s *Store) FAQs(ctx context.Context, f interact.FAQFilter) ([]*interact.FAQ, int, error) {
	const op = "store.FAQs"
	var where []string
	var args []any
	if f.State != "" {
		where, args = append(where, "f.state = ?"), append(args, string(f.State))
	}
	if f.Overdue {
		where, args = append(where, "f.state = ? AND f.review_by < ?"), append(args, string(interact.FAQPublished), f.Today.String())
	}
	if f.DeptID != 0 {
		where, args = append(where, "f.dept_id = ?"), append(args, f.DeptID)
	}
	if f.Tag != "" {
		where, args = append(where, "f.id IN (SELECT t.faq_id FROM faq_tags t WHERE t.tag = ?)"), append(args, f.Tag)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where, args = append(where, `f.search_text LIKE ? ESCAPE '\'`), append(args, "%"+escapeLike(faqFold(q))+"%")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM faqs f"+cond, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	if f.Size <= 0 || f.Size > interact.MaxFAQPageSize {
		f.Size = interact.DefaultFAQPageSize
	}
	page := max(f.Page, 1)
	order := " ORDER BY f.updated_at DESC, f.id DESC"
	orderArgs := []any{}
	switch {
	case f.Overdue:
		order = " ORDER BY f.review_by, f.id"
	case f.ReviewFirst:
		order = " ORDER BY CASE WHEN f.state = ? AND f.review_by < ? THEN 0 ELSE 1 END, f.updated_at DESC, f.id DESC"
		orderArgs = append(orderArgs, string(interact.FAQPublished), f.Today.String())
	}
	q := "SELECT " + faqColumns + faqFrom + cond + order + " LIMIT ? OFFSET ?"
	all := append(append(append([]any{}, args...), orderArgs...), f.Size, (page-1)*f.Size)
	var out []*interact.FAQ
	err := s.queryAll(ctx, op, q, all, func(rows *sql.Rows) error {
		e, err := scanFAQ(rows)
		out = append(out, e)
		return err
	})
	return out, total, err
}

// FAQTags lists the tags of the published entries, most used first.
func (s *Store) FAQTags(ctx context.Context, limit int) ([]string, error) {
	var out []string
	err := s.queryAll(ctx, "store.FAQTags", `SELECT t.tag FROM faq_tags t JOIN faqs f ON f.id = t.faq_id WHERE f.state = ?
		GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT ?`, []any{string(interact.FAQPublished), limit}, func(rows *sql.Rows) error {
		var t string
		err := rows.Scan(&t)
		out = append(out, t)
		return err
	})
	return out, err
}

// CreateFAQ adds an entry (normalised and validated) by actor. The letters
// part calls it with SourceLetter set to make a reply an entry in one
// step; who may write for which department is the caller's to check
// (interact.CanEditFAQ).
func (s *Store) CreateFAQ(ctx context.Context, actor string, e interact.FAQ) (*interact.FAQ, error) {
	const op = "store.CreateFAQ"
	e.Normalize(calendar.Today(s.Now()))
	if err := e.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := s.update(ctx, op, func(tx *Tx) error {
		code, err := tx.faqRefs(&e)
		if err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO faqs (question, answer, search_text, dept_id, tags, review_by, state, source_letter, policy_doc_id,
			version, created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			e.Question, e.Answer, faqFold(e.Question+"\n"+e.Answer), e.DeptID, strings.Join(e.Tags, ","), e.ReviewBy.String(),
			string(e.State), e.SourceLetter, faqPolicy(e.PolicyDocID), actor, micros(tx.now), actor, micros(tx.now))
		if err != nil {
			return err
		}
		if err := tx.writeFAQTags(id, e.Tags); err != nil {
			return err
		}
		detail := map[string]string{"department": code, "state": string(e.State), "review_by": e.ReviewBy.String()}
		if e.SourceLetter != "" {
			detail["source_letter"] = e.SourceLetter
		}
		return tx.record(actor, "faq.create", "faq:"+strconv.FormatInt(id, 10), detail)
	})
	if err != nil {
		return nil, err
	}
	return s.FAQ(ctx, id)
}

// UpdateFAQ saves e over the entry e.ID at e.Version, for u: u must be
// allowed both the entry's department and the one e names
// (interact.CanEditFAQ); an entry of another department does not exist
// for them. A version that moved on is refused with stale_version.
func (s *Store) UpdateFAQ(ctx context.Context, u *auth.User, e interact.FAQ) (*interact.FAQ, error) {
	const op = "store.UpdateFAQ"
	e.Normalize(calendar.Today(s.Now()))
	if err := e.Validate(); err != nil {
		return nil, err
	}
	err := s.update(ctx, op, func(tx *Tx) error {
		if _, err := tx.faqFor(u, e.ID); err != nil {
			return err
		}
		if !interact.CanEditFAQ(u, e.DeptID) {
			return errs.InField("dept_id", errs.New(errs.Forbidden, op, "faq_other_department", "您只能把问题归入本部门。"))
		}
		code, err := tx.faqRefs(&e)
		if err != nil {
			return err
		}
		res, err := tx.exec(`UPDATE faqs SET question = ?, answer = ?, search_text = ?, dept_id = ?, tags = ?, review_by = ?, state = ?,
			source_letter = ?, policy_doc_id = ?, version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?`,
			e.Question, e.Answer, faqFold(e.Question+"\n"+e.Answer), e.DeptID, strings.Join(e.Tags, ","), e.ReviewBy.String(),
			string(e.State), e.SourceLetter, faqPolicy(e.PolicyDocID), u.Username, micros(tx.now), e.ID, e.Version)
		if err != nil {
			return err
		}
		if err := faqStale(res); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM faq_tags WHERE faq_id = ?", e.ID); err != nil {
			return err
		}
		if err := tx.writeFAQTags(e.ID, e.Tags); err != nil {
			return err
		}
		return tx.record(u.Username, "faq.update", "faq:"+strconv.FormatInt(e.ID, 10),
			map[string]string{"department": code, "state": string(e.State), "review_by": e.ReviewBy.String()})
	})
	if err != nil {
		return nil, err
	}
	return s.FAQ(ctx, e.ID)
}

// SetFAQState publishes or hides the entry id at version, for u (as
// UpdateFAQ).
func (s *Store) SetFAQState(ctx context.Context, u *auth.User, id, version int64, state interact.FAQState) error {
	const op = "store.SetFAQState"
	if state != interact.FAQPublished && state != interact.FAQHidden {
		return problemOf(op, "state", "invalid_state", "状态应为“已发布”或“已隐藏”。")
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if _, err := tx.faqFor(u, id); err != nil {
			return err
		}
		res, err := tx.exec("UPDATE faqs SET state = ?, version = version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND version = ?",
			string(state), u.Username, micros(tx.now), id, version)
		if err != nil {
			return err
		}
		if err := faqStale(res); err != nil {
			return err
		}
		return tx.record(u.Username, "faq.state", "faq:"+strconv.FormatInt(id, 10), map[string]string{"state": string(state)})
	})
}

func problemOf(op, field, code, msg string) error {
	return errs.InField(field, errs.New(errs.Invalid, op, code, msg))
}

// faqFor reads the department of entry id for u: not found when it does
// not exist or u may not edit its department's entries.
func (tx *Tx) faqFor(u *auth.User, id int64) (int64, error) {
	var dept int64
	err := tx.queryRow("SELECT dept_id FROM faqs WHERE id = ?", id).Scan(&dept)
	if err == nil && !interact.CanEditFAQ(u, dept) {
		err = sql.ErrNoRows
	}
	if err != nil {
		return 0, notFound(translate(err), "faq_not_found", "该问题不存在。")
	}
	return dept, nil
}

// faqRefs checks the department and the policy document e names exist and
// gives the department's code for the trail.
func (tx *Tx) faqRefs(e *interact.FAQ) (string, error) {
	var code string
	if err := tx.queryRow("SELECT code FROM departments WHERE id = ?", e.DeptID).Scan(&code); err != nil {
		return "", errs.InField("dept_id", invalid(notFound(translate(err), "department_not_found", "所选部门不存在。")))
	}
	if e.PolicyDocID != 0 {
		var one int
		if err := tx.queryRow("SELECT 1 FROM documents WHERE id = ?", e.PolicyDocID).Scan(&one); err != nil {
			return "", errs.InField("policy_doc_id", invalid(notFound(translate(err), "policy_doc_not_found", "关联的政策文件不存在。")))
		}
	}
	return code, nil
}

func (tx *Tx) writeFAQTags(id int64, tags []string) error {
	for _, t := range tags {
		if _, err := tx.exec("INSERT INTO faq_tags (faq_id, tag) VALUES (?, ?)", id, t); err != nil {
			return err
		}
	}
	return nil
}

func faqPolicy(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func faqStale(res sql.Result) error {
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errs.New(errs.Conflict, "store", "stale_version", "该问题已被他人修改，请刷新页面后重新编辑。")
	}
	return nil
}
