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

// Solicitations (意见征集): one row per draft out for comment, with its
// feedback in the same row once published and the feedback's table of
// points in solicitation_points. The comments are letters (letters.go)
// of kind comment whose target is the solicitation's id; commentTarget is
// the one place that decides whether a comment is taken.

// commentTarget checks that a comment's solicitation is open on today and
// returns the department that drafted it.
func (tx *Tx) commentTarget(target string, today calendar.Date) (int64, error) {
	const op = "store.CreateLetter"
	missing := errs.InField("target", errs.New(errs.NotFound, op, "solicitation_not_found", "没有这项意见征集。"))
	id, err := strconv.ParseInt(target, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != target {
		return 0, missing
	}
	s, err := loadSolicitation(tx, id)
	if errs.Is(err, errs.NotFound) {
		return 0, missing
	}
	if err != nil {
		return 0, err
	}
	if err := s.Accepts(today); err != nil {
		return 0, err
	}
	return s.DeptID, nil
}

const solicitationColumns = `s.id, s.title, s.dept_id, s.kind, s.doc_id, COALESCE(p.index_number, ''), COALESCE(p.title, ''), s.summary, s.draft_text,
	s.opens_on, s.closes_on, s.short_reason, s.feedback_at, s.feedback_by, s.feedback_text, s.received_count, s.adopted_count,
	s.created_by, s.version, s.created_at, s.updated_at`

// solicitationFrom joins the linked document while it is public on the portal.
const solicitationFrom = ` FROM solicitations s LEFT JOIN public_docs p ON p.doc_id = s.doc_id AND p.portal = ?`

func scanSolicitation(sc interface{ Scan(...any) error }) (*interact.Solicitation, error) {
	var s interact.Solicitation
	var kind, opens, closes string
	var doc sql.NullInt64
	var fbAt, created, updated int64
	var fb interact.Feedback
	if err := sc.Scan(&s.ID, &s.Title, &s.DeptID, &kind, &doc, &s.DocIndex, &s.DocTitle, &s.Summary, &s.DraftText,
		&opens, &closes, &s.ShortReason, &fbAt, &fb.PublishedBy, &fb.Text, &fb.Received, &fb.Adopted,
		&s.CreatedBy, &s.Version, &created, &updated); err != nil {
		return nil, err
	}
	s.Kind, s.DocID = interact.DraftKind(kind), doc.Int64
	s.OpensOn, _ = calendar.ParseDate(opens)
	s.ClosesOn, _ = calendar.ParseDate(closes)
	s.CreatedAt, s.UpdatedAt = fromMicros(created), fromMicros(updated)
	if fbAt != 0 {
		fb.PublishedAt = fromMicros(fbAt)
		s.Feedback = &fb
	}
	return &s, nil
}

// loadSolicitation loads one solicitation with its feedback's points.
func loadSolicitation(q reader, id int64) (*interact.Solicitation, error) {
	s, err := scanSolicitation(q.row("SELECT "+solicitationColumns+solicitationFrom+" WHERE s.id = ?", true, id))
	if err != nil {
		return nil, notFound(translate(err), "solicitation_not_found", "没有这项意见征集。")
	}
	if s.Feedback == nil {
		return s, nil
	}
	rows, err := q.rowsOf("SELECT point, outcome, reason FROM solicitation_points WHERE solicitation_id = ? ORDER BY seq", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p interact.FeedbackPoint
		var outcome string
		if err := rows.Scan(&p.Point, &outcome, &p.Reason); err != nil {
			return nil, translate(err)
		}
		p.Outcome = interact.Outcome(outcome)
		s.Feedback.Points = append(s.Feedback.Points, p)
	}
	return s, translate(rows.Err())
}

// Solicitation returns a solicitation with its feedback.
func (s *Store) Solicitation(ctx context.Context, id int64) (*interact.Solicitation, error) {
	sol, err := loadSolicitation(storeQ{s, ctx}, id)
	return sol, errs.Wrap("store.Solicitation", err)
}

// Solicitations returns one page (of size, at most 100) of the
// solicitations of a department (0: of every department), open ones on
// today first (the soonest to close first), then those not yet open, then
// the closed ones newest first, and the total.
func (s *Store) Solicitations(ctx context.Context, deptID int64, today calendar.Date, page, size int) ([]*interact.Solicitation, int, error) {
	const op = "store.Solicitations"
	size = min(max(size, 1), 100)
	page = min(max(page, 1), MaxPublicPage)
	where, args := "1 = 1", []any{}
	if deptID != 0 {
		where, args = "s.dept_id = ?", append(args, deptID)
	}
	var total int
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM solicitations s WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	t := today.String()
	var out []*interact.Solicitation
	err := s.queryAll(ctx, op, "SELECT "+solicitationColumns+solicitationFrom+" WHERE "+where+`
		ORDER BY CASE WHEN s.opens_on <= ? AND s.closes_on >= ? THEN 0 WHEN s.opens_on > ? THEN 1 ELSE 2 END,
		CASE WHEN s.closes_on >= ? THEN s.closes_on ELSE '' END, s.closes_on DESC, s.id DESC LIMIT ? OFFSET ?`,
		append(append([]any{true}, args...), t, t, t, t, size, (page-1)*size), func(rows *sql.Rows) error {
			sol, err := scanSolicitation(rows)
			out = append(out, sol)
			return err
		})
	return out, total, err
}

// checkSolicitation validates sol against the domain and the references
// the transaction sees: the department, and the linked document, which
// must be public on the portal so the page can link it.
func (tx *Tx) checkSolicitation(op string, sol *interact.Solicitation, confirmed bool) error {
	cal, err := calendarFrom(tx)
	if err != nil {
		return err
	}
	problems := sol.Problems(cal, confirmed)
	if sol.DeptID != 0 && !tx.hasRow("departments", sol.DeptID) {
		problems = append(problems, fieldErr(op, "dept", "invalid_dept", "所选起草部门不存在。"))
	}
	if sol.DocID != 0 {
		var n int
		if err := tx.queryRow("SELECT COUNT(*) FROM public_docs WHERE doc_id = ? AND portal = ?", sol.DocID, true).Scan(&n); err != nil {
			return translate(err)
		}
		if n == 0 {
			problems = append(problems, fieldErr(op, "doc_id", "invalid_doc", "关联的草案文件不存在或尚未在门户公开：请先发布草案文件，或不关联文件而填写草案全文。"))
		}
	}
	return errs.Join(problems...)
}

func solicitationDetail(sol *interact.Solicitation) map[string]string {
	d := map[string]string{"title": sol.Title, "dept": itoa(sol.DeptID), "kind": string(sol.Kind), "doc": itoa(sol.DocID),
		"opens_on": sol.OpensOn.String(), "closes_on": sol.ClosesOn.String()}
	if sol.ShortReason != "" {
		d["short_period"] = sol.ShortReason
	}
	return d
}

// CreateSolicitation puts a draft out for comment. A period shorter than
// the kind's minimum is refused unless confirmed with a reason, which the
// audit trail records.
func (s *Store) CreateSolicitation(ctx context.Context, actor string, sol interact.Solicitation, confirmed bool) (*interact.Solicitation, error) {
	const op = "store.CreateSolicitation"
	sol.Normalize()
	var out *interact.Solicitation
	err := s.update(ctx, op, func(tx *Tx) error {
		if err := tx.checkSolicitation(op, &sol, confirmed); err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO solicitations (title, dept_id, kind, doc_id, summary, draft_text, opens_on, closes_on, short_reason,
			created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			sol.Title, sol.DeptID, string(sol.Kind), nullID(sol.DocID), sol.Summary, sol.DraftText, sol.OpensOn.String(), sol.ClosesOn.String(),
			sol.ShortReason, actor, micros(tx.now), micros(tx.now))
		if err != nil {
			return err
		}
		if err := tx.record(actor, "solicitation.create", "solicitation:"+itoa(id), solicitationDetail(&sol)); err != nil {
			return err
		}
		out, err = loadSolicitation(tx, id)
		return err
	})
	return out, err
}

// UpdateSolicitation replaces a solicitation's fields under its version
// (sol.Version as read). Once the feedback is out the solicitation is a
// record and no longer changes.
func (s *Store) UpdateSolicitation(ctx context.Context, actor string, sol interact.Solicitation, confirmed bool) (*interact.Solicitation, error) {
	const op = "store.UpdateSolicitation"
	sol.Normalize()
	var out *interact.Solicitation
	err := s.update(ctx, op, func(tx *Tx) error {
		old, err := loadSolicitation(tx, sol.ID)
		if err != nil {
			return err
		}
		if old.Version != sol.Version {
			return errs.New(errs.Conflict, op, "stale_version", "这项意见征集已被他人修改，请刷新页面后再保存。")
		}
		if old.Feedback != nil {
			return errs.New(errs.Conflict, op, "feedback_published", "反馈已经发布，意见征集不能再修改。")
		}
		if err := tx.checkSolicitation(op, &sol, confirmed); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE solicitations SET title = ?, dept_id = ?, kind = ?, doc_id = ?, summary = ?, draft_text = ?, opens_on = ?,
			closes_on = ?, short_reason = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			sol.Title, sol.DeptID, string(sol.Kind), nullID(sol.DocID), sol.Summary, sol.DraftText, sol.OpensOn.String(), sol.ClosesOn.String(),
			sol.ShortReason, micros(tx.now), sol.ID, sol.Version); err != nil {
			return err
		}
		if err := tx.record(actor, "solicitation.update", "solicitation:"+itoa(sol.ID), solicitationDetail(&sol)); err != nil {
			return err
		}
		out, err = loadSolicitation(tx, sol.ID)
		return err
	})
	return out, err
}

// commentsWhere selects the comment letters of a solicitation.
const commentsWhere = "kind = ? AND target = ?"

func commentArgs(id int64) []any { return []any{string(interact.Comment), strconv.FormatInt(id, 10)} }

// SolicitationComments lists a solicitation's comments, oldest first,
// with the writers' masks only.
func (s *Store) SolicitationComments(ctx context.Context, id int64) ([]*interact.Letter, error) {
	var out []*interact.Letter
	err := s.queryAll(ctx, "store.SolicitationComments", "SELECT "+letterColumns+" FROM letters WHERE "+commentsWhere+" ORDER BY id",
		commentArgs(id), func(rows *sql.Rows) error {
			l, err := scanLetter(rows)
			out = append(out, l)
			return err
		})
	return out, err
}

// PublishSolicitationFeedback publishes (or replaces) the feedback after
// the close date. The count received is the comments that were taken
// (those refused as spam or abuse are no comments), counted here so the
// page never disagrees with the letters.
func (s *Store) PublishSolicitationFeedback(ctx context.Context, actor string, id, version int64, fb interact.Feedback) (*interact.Solicitation, error) {
	const op = "store.PublishSolicitationFeedback"
	fb.Normalize()
	var out *interact.Solicitation
	err := s.update(ctx, op, func(tx *Tx) error {
		sol, err := loadSolicitation(tx, id)
		if err != nil {
			return err
		}
		if sol.Version != version {
			return errs.New(errs.Conflict, op, "stale_version", "这项意见征集已被他人修改，请刷新页面后再发布。")
		}
		if err := sol.CanPublishFeedback(calendar.DateOf(tx.now)); err != nil {
			return err
		}
		if err := tx.queryRow("SELECT COUNT(*) FROM letters WHERE "+commentsWhere+" AND status <> ?",
			append(commentArgs(id), string(interact.Rejected))...).Scan(&fb.Received); err != nil {
			return translate(err)
		}
		if err := errs.Join(fb.Problems()...); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE solicitations SET feedback_at = ?, feedback_by = ?, feedback_text = ?, received_count = ?, adopted_count = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			micros(tx.now), actor, fb.Text, fb.Received, fb.Adopted, micros(tx.now), id, version); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM solicitation_points WHERE solicitation_id = ?", id); err != nil {
			return err
		}
		for i, p := range fb.Points {
			if _, err := tx.exec("INSERT INTO solicitation_points (solicitation_id, seq, point, outcome, reason) VALUES (?, ?, ?, ?, ?)",
				id, i+1, p.Point, string(p.Outcome), p.Reason); err != nil {
				return err
			}
		}
		if err := tx.record(actor, "solicitation.feedback", "solicitation:"+itoa(id), map[string]string{
			"received": strconv.Itoa(fb.Received), "adopted": strconv.Itoa(fb.Adopted), "points": strconv.Itoa(len(fb.Points))}); err != nil {
			return err
		}
		out, err = loadSolicitation(tx, id)
		return err
	})
	return out, err
}

// ExportSolicitationComments returns a solicitation's comments for the
// drafting office without personal data: no name, phone or e-mail, and
// the writer's name, e-mail addresses and long digit runs cut out of the
// text (interact.PublicText, with the name opened here and never
// returned). The export is audited in the same transaction.
func (s *Store) ExportSolicitationComments(ctx context.Context, actor string, id int64, format string) ([]interact.CommentRow, error) {
	const op = "store.ExportSolicitationComments"
	if err := s.box(); err != nil {
		return nil, err
	}
	var out []interact.CommentRow
	err := s.update(ctx, op, func(tx *Tx) error {
		if _, err := loadSolicitation(tx, id); err != nil {
			return err
		}
		rows, err := tx.rowsOf("SELECT number, received_on, content, status, name_sealed FROM letters WHERE "+commentsWhere+" ORDER BY id", commentArgs(id)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r interact.CommentRow
			var received, status, sealed string
			if err := rows.Scan(&r.Number, &received, &r.Content, &status, &sealed); err != nil {
				return translate(err)
			}
			name, err := s.Secrets.Open(sealed)
			if err != nil {
				return err
			}
			r.ReceivedOn, _ = calendar.ParseDate(received)
			r.Content, r.Status = interact.PublicText(r.Content, name), interact.Status(status)
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return translate(err)
		}
		rows.Close()
		return tx.record(actor, "solicitation.export", "solicitation:"+itoa(id), map[string]string{"format": format, "rows": strconv.Itoa(len(out))})
	})
	return out, err
}

// BulkReplySolicitation answers every open comment of a solicitation with
// text, as u (a replier of the drafting department), in one transaction.
// A comment needs no triage: its department is the solicitation's, fixed
// when it was taken, so one still waiting is accepted by the replier as
// part of this step (recorded as an accept by them) and then answered.
// Each letter goes through interact.Apply and stepLetter like a single
// step, so its trail, version and audit events are the same as by hand.
// Comments already waiting for review keep their reply, and one a
// department handed back to the office (returned) waits for the office.
// It returns how many were answered.
func (s *Store) BulkReplySolicitation(ctx context.Context, u *auth.User, id int64, text string) (int, error) {
	const op = "store.BulkReplySolicitation"
	n := 0
	err := s.update(ctx, op, func(tx *Tx) error {
		sol, err := loadSolicitation(tx, id)
		if err != nil {
			return err
		}
		who := StaffOf(u)
		if !who.Replier || who.DeptID == 0 || who.DeptID != sol.DeptID {
			return errs.New(errs.Forbidden, op, "not_permitted", "只有起草部门的答复人员可以批量答复意见。")
		}
		if strings.TrimSpace(text) == "" {
			return errs.InField("content", errs.New(errs.Invalid, op, "reply_required", "请填写答复内容。"))
		}
		set, err := letterSettingsFrom(tx)
		if err != nil {
			return err
		}
		ids, err := tx.ids("SELECT id FROM letters WHERE "+commentsWhere+" AND status IN (?, ?) ORDER BY id",
			append(commentArgs(id), string(interact.Received), string(interact.Handling))...)
		if err != nil {
			return err
		}
		for _, lid := range ids {
			l, err := loadLetter(tx, "id = ?", lid)
			if err != nil {
				return err
			}
			if l.Status == interact.Received {
				if len(l.Events) > 1 {
					continue // handed back to the office after a return: the office decides where it goes
				}
				office := who
				office.Triage = true // the solicitation fixed the department: no triage to wait for
				if err := tx.stepLetter(l, u.Username, office, interact.Step{Action: interact.ActAccept, DeptID: sol.DeptID}); err != nil {
					return err
				}
			}
			if l.DeptID != sol.DeptID {
				continue // transferred elsewhere by the office: that department answers it
			}
			if err := tx.stepLetter(l, u.Username, who, interact.Step{Action: interact.ActReply, Text: text, Review: set.Review}); err != nil {
				return err
			}
			n++
		}
		return tx.record(u.Username, "solicitation.bulk_reply", "solicitation:"+itoa(id), map[string]string{"replied": strconv.Itoa(n)})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
