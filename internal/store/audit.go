package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/errs"
)

// record appends an audit event inside tx. Taking the chain head with an
// UPDATE … RETURNING locks the head row, so concurrent appenders (several
// instances on PostgreSQL) queue up and the chain never forks.
func (tx *Tx) record(actor, action, object string, detail map[string]string) error {
	var prev string
	var seq int64
	if err := tx.queryRow("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").Scan(&seq, &prev); err != nil {
		return translate(err)
	}
	e := audit.Event{Seq: seq, At: tx.now, Actor: actor, Action: action, Object: object, Detail: detail}
	e.Seal(prev)
	detailJSON, err := json.Marshal(nonNil(detail))
	if err != nil {
		return err
	}
	if _, err := tx.exec(`INSERT INTO audit_events (seq, at, actor, action, object, detail, alg, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, micros(e.At), e.Actor, e.Action, e.Object, string(detailJSON), e.Alg, e.PrevHash, e.Hash); err != nil {
		return err
	}
	_, err = tx.exec("UPDATE audit_head SET hash = ? WHERE id = 1", e.Hash)
	tx.public = tx.public || publicActions[action]
	return err
}

// publicActions are the audited changes that can change what the public
// sees. Recording one makes the transaction bump the content version once
// before it commits (Store.update), so no change to public content can
// forget to invalidate the page caches (every change is audited), a batch
// import bumps it once, and no staff-only change moves the public
// Last-Modified.
var publicActions = map[string]bool{
	"document.publish": true, "document.withdraw": true, "document.validity": true, "document.import": true,
	"column.save": true, "catalog.save": true, "theme.save": true, "genre.save": true, "page.save": true,
	"department.create": true, "department.update": true,
	"calendar.override": true, "calendar.override.delete": true,
	"settings.site":  true,
	"letter.publish": true, "letter.hide": true,
	"faq.create": true, "faq.update": true, "faq.state": true,
	"solicitation.create": true, "solicitation.update": true, "solicitation.feedback": true,
	"enforcement.decision.publish": true, "enforcement.decision.repair": true,
	"enforcement.plan.create": true, "enforcement.plan.draw": true, "enforcement.plan.results": true,
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// AuditFilter narrows a listing of the trail. Zero fields do not filter.
type AuditFilter struct {
	Actor     string
	Action    string // prefix, e.g. "user." for all user events
	Object    string // substring
	ObjectIs  string // exactly this object (an index range: a case's or a document's own trail)
	From, To  time.Time
	BeforeSeq int64 // for paging backwards: events with seq < BeforeSeq
	Limit     int
}

const auditColumns = "seq, at, actor, action, object, detail, alg, prev_hash, hash"

func scanEvent(sc interface{ Scan(...any) error }) (*audit.Event, error) {
	var e audit.Event
	var at int64
	var detail string
	if err := sc.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Object, &detail, &e.Alg, &e.PrevHash, &e.Hash); err != nil {
		return nil, err
	}
	e.At = fromMicros(at)
	if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
		// A row whose detail no longer parses was edited by hand; keep the
		// raw text so Verify reports it as tampered rather than failing here.
		e.Detail = map[string]string{"_raw": detail}
	}
	return &e, nil
}

// AuditEvents lists events newest first.
func (s *Store) AuditEvents(ctx context.Context, f AuditFilter) ([]*audit.Event, error) {
	var where []string
	var args []any
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if f.Action != "" {
		where, args = append(where, `action LIKE ? ESCAPE '\'`), append(args, escapeLike(f.Action)+"%")
	}
	if f.Object != "" {
		where, args = append(where, `object LIKE ? ESCAPE '\'`), append(args, "%"+escapeLike(f.Object)+"%")
	}
	if f.ObjectIs != "" {
		where, args = append(where, "object = ?"), append(args, f.ObjectIs)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, micros(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, micros(f.To))
	}
	if f.BeforeSeq > 0 {
		where, args = append(where, "seq < ?"), append(args, f.BeforeSeq)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := "SELECT " + auditColumns + " FROM audit_events"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY seq DESC LIMIT ?"
	args = append(args, f.Limit)
	var out []*audit.Event
	err := s.queryAll(ctx, "store.AuditEvents", q, args, func(rows *sql.Rows) error {
		e, err := scanEvent(rows)
		out = append(out, e)
		return err
	})
	return out, err
}

// escapeLike makes user text literal inside a LIKE pattern. Both dialects
// treat backslash as the LIKE escape only when told; we tell them.
func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// VerifyResult reports the outcome of walking the chain.
type VerifyResult struct {
	Count   int64  // events that verified
	BadSeq  int64  // first event that does not fit; 0 if none
	Reason  string // why BadSeq does not fit
	HeadSeq int64  // what the chain head row says
}

// OK reports whether the whole chain verified.
func (r VerifyResult) OK() bool { return r.BadSeq == 0 }

// VerifyAudit walks the whole trail in order and checks every link, and that
// the head row matches the last event (so deleting the newest events is
// detected too).
func (s *Store) VerifyAudit(ctx context.Context) (VerifyResult, error) {
	const op = "store.VerifyAudit"
	var res VerifyResult
	var headHash string
	if err := s.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&res.HeadSeq, &headHash); err != nil {
		return res, errs.Wrap(op, translate(err))
	}
	v := audit.NewVerifier()
	// Page through the trail so a long one never sits in memory whole.
	var after int64
	for res.BadSeq == 0 {
		n := 0
		err := s.queryAll(ctx, op, "SELECT "+auditColumns+" FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 1000", []any{after}, func(rows *sql.Rows) error {
			e, err := scanEvent(rows)
			if err != nil {
				return err
			}
			n++
			after = e.Seq
			if res.BadSeq == 0 {
				if reason := v.Check(e); reason != "" {
					res.BadSeq, res.Reason = e.Seq, reason
				}
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		if n == 0 {
			break
		}
	}
	res.Count = v.Count()
	if res.BadSeq == 0 && (v.Count() != res.HeadSeq || v.Head() != headHash) {
		res.BadSeq, res.Reason = v.Count()+1, "链头记录与最后一个事件不符（事件被删除）"
	}
	return res, nil
}
