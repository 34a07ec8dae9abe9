package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/publish"
	"gongkai/internal/secret"
)

func (s *Store) box() error {
	if s.Secrets == nil {
		return errs.New(errs.Unavailable, "store.box", "no_key", "未配置个人信息加密密钥，无法受理依申请公开。")
	}
	return nil
}

// CreateApplication registers an application and returns it with its query
// code, which is shown once (only its hash is kept). The personal data is
// sealed before it reaches the database.
func (s *Store) CreateApplication(ctx context.Context, actor string, ch foi.Channel, receivedOn calendar.Date, a foi.Applicant, r foi.Request) (*foi.Application, string, error) {
	const op = "store.CreateApplication"
	if err := s.box(); err != nil {
		return nil, "", err
	}
	a.Normalize()
	r.Normalize()
	if !ch.Valid() {
		return nil, "", errs.New(errs.Invalid, op, "invalid_channel", "收件渠道应为 in_person、mail_signed、mail_unsigned、fax 或 online。")
	}
	if err := foi.CheckApplication(&a, &r, calendar.DateOf(s.Now())); err != nil {
		return nil, "", err
	}
	if ch.NeedsConfirmation() {
		receivedOn = calendar.Date{}
	} else if receivedOn.IsZero() {
		return nil, "", errs.New(errs.Invalid, op, "received_on_required", "当面提交或邮寄签收的申请须填写收到申请之日（received_on）。")
	}
	code := newQueryCode()
	var app *foi.Application
	err := s.update(ctx, op, func(tx *Tx) error {
		today := calendar.DateOf(tx.now)
		if receivedOn.After(today) {
			return errs.New(errs.Invalid, op, "date_in_future", "收到申请之日不能晚于今天。")
		}
		if _, err := tx.exec("INSERT INTO foi_sequences (year, last) VALUES (?, 0) ON CONFLICT (year) DO NOTHING", today.Year); err != nil {
			return err
		}
		var seq int64
		if err := tx.queryRow("UPDATE foi_sequences SET last = last + 1 WHERE year = ? RETURNING last", today.Year).Scan(&seq); err != nil {
			return translate(err)
		}
		number := fmt.Sprintf("YSQ%d-%05d", today.Year, seq)
		office, err := foiOfficeFrom(tx)
		if err != nil {
			return err
		}
		b := s.Secrets
		// The case starts with the FOI office as its 承办部门.
		id, err := tx.insert(`INSERT INTO foi_applications (number, code_hash, channel, received_on, dept_id, applicant_kind, org_category,
			name_sealed, name_mask, id_type, id_number_sealed, id_number_mask, phone_sealed, phone_mask, email_sealed, address_sealed,
			description, purpose, format, delivery, version, created_by, created_at, updated_at, id_number_mac,
			legal_rep_sealed, legal_rep_mask, contact_sealed, contact_mask)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
			number, hashQueryCode(code), string(ch), receivedOn.String(), nullID(office.DeptID), a.Kind, a.OrgCategory,
			b.Seal(a.Name), secret.MaskName(a.Name), a.IDType, b.Seal(a.IDNumber), secret.MaskID(a.IDNumber), b.Seal(a.Phone), secret.MaskPhone(a.Phone),
			b.Seal(a.Email), b.Seal(a.Address), r.Description, r.Purpose, r.Format, r.Delivery, actor, micros(tx.now), micros(tx.now),
			b.MAC(a.IDType+":"+a.IDNumber),
			b.Seal(a.LegalRep), foi.MaskContact(a.LegalRep), b.Seal(a.Contact), foi.MaskContact(a.Contact))
		if err != nil {
			return err
		}
		// The trail names the case, never the applicant.
		if err := tx.record(actor, "foi.create", "foi:"+number, map[string]string{"channel": string(ch), "received_on": receivedOn.String()}); err != nil {
			return err
		}
		cal, err := calendarFrom(tx)
		if err != nil {
			return err
		}
		if app, err = loadApplication(tx, cal, "id = ?", id); err != nil {
			return err
		}
		return tx.refreshFOIListing(app, cal)
	})
	return app, code, err
}

const foiColumns = `id, number, channel, received_on, dept_id, applicant_kind, org_category, name_mask, id_type, id_number_mask, phone_mask,
	description, purpose, format, delivery, version, created_by, created_at, updated_at,
	legal_rep_mask, contact_mask`

func scanApplication(sc interface{ Scan(...any) error }) (*foi.Application, error) {
	var a foi.Application
	var received string
	var dept sql.NullInt64
	var created, updated int64
	p := &a.Applicant
	if err := sc.Scan(&a.ID, &a.Number, &a.Channel, &received, &dept, &p.Kind, &p.OrgCategory, &p.Name, &p.IDType, &p.IDNumber, &p.Phone,
		&a.Request.Description, &a.Request.Purpose, &a.Request.Format, &a.Request.Delivery, &a.Version, &a.CreatedBy, &created, &updated,
		&p.LegalRep, &p.Contact); err != nil {
		return nil, translate(err)
	}
	a.ReceivedOn, _ = calendar.ParseDate(received)
	a.DeptID, a.Created, a.Updated, a.OrgCategory = dept.Int64, fromMicros(created), fromMicros(updated), p.OrgCategory
	return &a, nil
}

// eventsOf loads an application's events in order.
func eventsOf(q reader, appID int64) ([]foi.RecordedEvent, error) {
	rows, err := q.rowsOf("SELECT seq, type, on_date, detail, actor, created_at FROM foi_events WHERE app_id = ? ORDER BY seq", appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []foi.RecordedEvent
	for rows.Next() {
		var e foi.RecordedEvent
		var on, detail string
		var at int64
		if err := rows.Scan(&e.Seq, &e.Type, &on, &detail, &e.Actor, &at); err != nil {
			return nil, translate(err)
		}
		if err := json.Unmarshal([]byte(detail), &e.Event); err != nil {
			return nil, err
		}
		e.Type = e.Event.Type
		e.On, _ = calendar.ParseDate(on)
		e.At = fromMicros(at)
		out = append(out, e)
	}
	return out, translate(rows.Err())
}

func (tx *Tx) rowsOf(q string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(tx.ctx, tx.s.rebind(q), args...)
	return rows, translate(err)
}

func (q storeQ) rowsOf(query string, args ...any) (*sql.Rows, error) {
	return q.s.query(q.ctx, query, args...)
}

// computeClock replays the events on the calendar.
func computeClock(cal *calendar.Calendar, a *foi.Application) error {
	return errs.Wrap("store.computeClock", a.ComputeClock(cal))
}

// loadApplication reads one application with its events and its clock on
// cal, from the read pool or inside a transaction.
func loadApplication(q reader, cal *calendar.Calendar, where string, arg any) (*foi.Application, error) {
	a, err := scanApplication(q.row("SELECT "+foiColumns+" FROM foi_applications WHERE "+where, arg))
	if err != nil {
		return nil, notFound(err, "application_not_found", "申请不存在。")
	}
	if a.Events, err = eventsOf(q, a.ID); err != nil {
		return nil, err
	}
	return a, computeClock(cal, a)
}

// FOIApplicationByNumber returns one application for staff, masked.
func (s *Store) FOIApplicationByNumber(ctx context.Context, number string) (*foi.Application, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	a, err := loadApplication(storeQ{s, ctx}, cal, "number = ?", number)
	return a, errs.Wrap("store.FOIApplicationByNumber", err)
}

// FOIApplicant opens the sealed personal data of an application. Every
// opening is recorded in the audit trail (who looked, at which case).
func (s *Store) FOIApplicant(ctx context.Context, actor, number string) (*foi.Applicant, error) {
	const op = "store.FOIApplicant"
	if err := s.box(); err != nil {
		return nil, err
	}
	var p *foi.Applicant
	err := s.update(ctx, op, func(tx *Tx) error {
		var err error
		if p, err = s.openApplicant(tx, number); err != nil {
			return err
		}
		return tx.record(actor, "foi.view_personal_data", "foi:"+number, nil)
	})
	return p, err
}

// openApplicant reads and opens an application's sealed personal data;
// the caller records why.
func (s *Store) openApplicant(q reader, number string) (*foi.Applicant, error) {
	var p foi.Applicant
	var name, id, phone, email, address, legalRep, contact string
	if err := q.row(`SELECT applicant_kind, org_category, id_type, name_sealed, id_number_sealed, phone_sealed, email_sealed, address_sealed,
		legal_rep_sealed, contact_sealed FROM foi_applications WHERE number = ?`, number).Scan(&p.Kind, &p.OrgCategory, &p.IDType,
		&name, &id, &phone, &email, &address, &legalRep, &contact); err != nil {
		return nil, notFound(translate(err), "application_not_found", "申请不存在。")
	}
	for _, f := range []struct {
		dst    *string
		sealed string
	}{{&p.Name, name}, {&p.IDNumber, id}, {&p.Phone, phone}, {&p.Email, email}, {&p.Address, address},
		{&p.LegalRep, legalRep}, {&p.Contact, contact}} {
		var err error
		if *f.dst, err = s.Secrets.Open(f.sealed); err != nil {
			return nil, errs.Wrap("store.openApplicant", err)
		}
	}
	return &p, nil
}

// AddFOIEvent records one event after the clock rules accept it; the
// version the user saw guards against two officers recording at once.
func (s *Store) AddFOIEvent(ctx context.Context, u *auth.User, number string, version int64, e foi.Event) (*foi.Application, error) {
	var app *foi.Application
	err := s.update(ctx, "store.AddFOIEvent", func(tx *Tx) error {
		var err error
		app, err = tx.addFOIEvent(u, number, version, e)
		return err
	})
	return app, err
}

// addFOIEvent is AddFOIEvent inside a transaction.
func (tx *Tx) addFOIEvent(u *auth.User, number string, version int64, e foi.Event) (*foi.Application, error) {
	const op = "store.AddFOIEvent"
	r, err := tx.exec("UPDATE foi_applications SET version = version + 1, updated_at = ? WHERE number = ? AND (version = ? OR ? = 0)",
		micros(tx.now), number, version, version)
	if err != nil {
		return nil, err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		var one int
		if err := tx.queryRow("SELECT 1 FROM foi_applications WHERE number = ?", number).Scan(&one); err != nil {
			return nil, notFound(translate(err), "application_not_found", "申请不存在。")
		}
		return nil, errs.New(errs.Conflict, op, "stale_version", "该申请已被他人更新，请刷新后再登记。")
	}
	cal, err := calendarFrom(tx)
	if err != nil {
		return nil, err
	}
	app, err := loadApplication(tx, cal, "number = ?", number)
	if err != nil {
		return nil, err
	}
	office, err := foiOfficeFrom(tx)
	if err != nil {
		return nil, err
	}
	who := FOIStaff(u, office)
	who.Drafted = app.DraftedBy() == u.Username
	if !who.Sees(app.DeptID) {
		return nil, errs.New(errs.NotFound, op, "application_not_found", "申请不存在。")
	}
	e = app.Clock.Resolve(e)
	if err := foi.Check(cal, foi.DefaultSettings, app.Channel, app.ReceivedOn, app.SubmittedOn(), app.ClockEvents(), e, calendar.DateOf(tx.now)); err != nil {
		return nil, err
	}
	if err := foi.Permit(app.Clock, e, who, office); err != nil {
		return nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if issuesNotice(e.Type) {
		if e.NoticeNo, err = tx.nextNoticeNumber(office, e.On.Year); err != nil {
			return nil, err
		}
	}
	detail, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	seq := len(app.Events) + 1
	if _, err := tx.exec("INSERT INTO foi_events (app_id, seq, type, on_date, detail, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		app.ID, seq, string(e.Type), e.On.String(), string(detail), u.Username, micros(tx.now)); err != nil {
		return nil, err
	}
	audit := map[string]string{"type": string(e.Type), "on": e.On.String()}
	if e.Outcome != "" {
		audit["outcome"] = string(e.Outcome)
	}
	if err := tx.record(u.Username, "foi.event", "foi:"+number, audit); err != nil {
		return nil, err
	}
	app.Events = append(app.Events, foi.RecordedEvent{Event: e, Seq: seq, Actor: u.Username, At: tx.now})
	return app, tx.refreshFOIListing(app, cal)
}

// TrackFOI returns an application to the applicant who holds its number
// and query code; a wrong pair is not found, whichever half was wrong.
func (s *Store) TrackFOI(ctx context.Context, number, code string) (*foi.Application, error) {
	a, err := trackedApp(storeQ{s, ctx}, number, code)
	return a, errs.Wrap("store.TrackFOI", err)
}

// AddFOIReview records a review or lawsuit (for the annual report's section 四).
func (s *Store) AddFOIReview(ctx context.Context, actor, number string, r foi.Review) error {
	const op = "store.AddFOIReview"
	if err := r.Validate(); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		if r.FiledOn.After(calendar.DateOf(tx.now)) {
			return errs.New(errs.Invalid, op, "date_in_future", "日期不能晚于今天。")
		}
		var id int64
		if err := tx.queryRow("SELECT id FROM foi_applications WHERE number = ?", number).Scan(&id); err != nil {
			return notFound(translate(err), "application_not_found", "申请不存在。")
		}
		if _, err := tx.exec("INSERT INTO foi_reviews (app_id, kind, filed_on, result, closed_on, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, r.Kind, r.FiledOn.String(), r.Result, r.ClosedOn.String(), actor, micros(tx.now)); err != nil {
			return err
		}
		return tx.record(actor, "foi.review", "foi:"+number, map[string]string{"kind": r.Kind, "result": r.Result, "filed_on": r.FiledOn.String()})
	})
}

// FOIDeptOf returns the department an application is assigned to.
func (s *Store) FOIDeptOf(ctx context.Context, number string) (int64, error) {
	var dept sql.NullInt64
	if err := s.queryRow(ctx, "SELECT dept_id FROM foi_applications WHERE number = ?", number).Scan(&dept); err != nil {
		return 0, errs.Wrap("store.FOIDeptOf", notFound(translate(err), "application_not_found", "申请不存在。"))
	}
	return dept.Int64, nil
}

// AssignFOI routes an application to the department that handles it (a
// transfer is a new assignment); the trail keeps every move.
func (s *Store) AssignFOI(ctx context.Context, actor, number string, deptID int64, note string) error {
	const op = "store.AssignFOI"
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > foi.MaxReason {
		return errs.InField("note", errs.Newf(errs.Invalid, op, "field_too_long", "转办说明不超过 %d 个字。", foi.MaxReason))
	}
	return s.update(ctx, op, func(tx *Tx) error {
		var code string
		if err := tx.queryRow("SELECT code FROM departments WHERE id = ?", deptID).Scan(&code); err != nil {
			return invalid(notFound(translate(err), "department_not_found", "所选部门不存在。"))
		}
		r, err := tx.exec("UPDATE foi_applications SET dept_id = ?, version = version + 1, updated_at = ? WHERE number = ?", deptID, micros(tx.now), number)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, op, "application_not_found", "申请不存在。")
		}
		detail := map[string]string{"department": code}
		if note != "" {
			detail["note"] = note
		}
		return tx.record(actor, "foi.assign", "foi:"+number, detail)
	})
}

// Bounds of the duplicate warning: it looks at the applicant's latest
// applications and names a few; an applicant with very many is a case for
// 第三十五条, which the count shows.
const (
	dupScan  = 500
	dupNamed = 20
)

// FOIDuplicates lists, newest first, up to 20 of the same applicant's
// applications of the 12 months before this one whose descriptions look
// alike (shared character pairs), among the latest 500, so staff can spot
// a 重复申请 before answering; total is how many applications the
// applicant made in those 12 months besides this one.
func (s *Store) FOIDuplicates(ctx context.Context, number string) (similar []*foi.Application, total int, err error) {
	const op = "store.FOIDuplicates"
	var mac, desc string
	var created int64
	if err := s.queryRow(ctx, "SELECT id_number_mac, description, created_at FROM foi_applications WHERE number = ?", number).Scan(&mac, &desc, &created); err != nil {
		return nil, 0, errs.Wrap(op, notFound(translate(err), "application_not_found", "申请不存在。"))
	}
	if mac == "" {
		return nil, 0, nil
	}
	since := fromMicros(created).AddDate(-1, 0, 0)
	where := " FROM foi_applications WHERE id_number_mac = ? AND number <> ? AND created_at >= ?"
	args := []any{mac, number, micros(since)}
	if err := s.queryRow(ctx, "SELECT COUNT(*)"+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	err = s.queryAll(ctx, op, "SELECT "+foiColumns+where+" ORDER BY id DESC LIMIT ?", append(args, dupScan), func(rows *sql.Rows) error {
		a, err := scanApplication(rows)
		if err == nil && len(similar) < dupNamed && foi.Similar(desc, a.Request.Description) {
			similar = append(similar, a)
		}
		return err
	})
	return similar, total, err
}

// AddFOIFile seals and stores a file of an application. The type is
// checked from the bytes (PDF or image), like document attachments.
func (s *Store) AddFOIFile(ctx context.Context, actor, number, kind, name string, data []byte) (*foi.File, error) {
	const op = "store.AddFOIFile"
	if err := s.box(); err != nil {
		return nil, err
	}
	// The kind and size are refused before a failed detection, as they
	// say more about what went wrong.
	mime, derr := publish.DetectAttachment(name, data)
	f := &foi.File{Kind: kind, Name: publish.CleanFileName(name), MIME: mime, Size: int64(len(data))}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, derr
	}
	err := s.update(ctx, op, func(tx *Tx) error {
		var appID int64
		if err := tx.queryRow("SELECT id FROM foi_applications WHERE number = ?", number).Scan(&appID); err != nil {
			return notFound(translate(err), "application_not_found", "申请不存在。")
		}
		if kind == foi.FileReleased {
			if err := tx.releasedOpen(number); err != nil {
				return err
			}
		}
		id, err := tx.insert("INSERT INTO foi_files (app_id, kind, name, mime, size, data_sealed, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			appID, kind, f.Name, f.MIME, f.Size, s.Secrets.Seal(string(data)), actor, micros(tx.now))
		if err != nil {
			return err
		}
		f.ID = id
		return tx.record(actor, "foi.file", "foi:"+number, map[string]string{"kind": kind, "size": itoa(f.Size)})
	})
	return f, err
}

// releasedOpen refuses a change to the released files (答复附件) once the
// answer is signed or the case withdrawn: the notice lists them as signed.
func (tx *Tx) releasedOpen(number string) error {
	cal, err := calendarFrom(tx)
	if err != nil {
		return err
	}
	app, err := loadApplication(tx, cal, "number = ?", number)
	if err != nil {
		return err
	}
	if st := app.Clock.Status; st == foi.Answered || st == foi.Withdrawn {
		return errs.New(errs.Conflict, "store.releasedOpen", "case_closed", "答复已签发（或申请已撤回），答复附件不能再增删。")
	}
	return nil
}

// RemoveFOIReleased deletes a released file before the answer is signed.
func (s *Store) RemoveFOIReleased(ctx context.Context, actor, number string, id int64) error {
	const op = "store.RemoveFOIReleased"
	return s.update(ctx, op, func(tx *Tx) error {
		if err := tx.releasedOpen(number); err != nil {
			return err
		}
		r, err := tx.exec(`DELETE FROM foi_files WHERE id = ? AND kind = ? AND app_id = (SELECT id FROM foi_applications WHERE number = ?)`,
			id, foi.FileReleased, number)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, op, "file_not_found", "文件不存在。")
		}
		return tx.record(actor, "foi.file_removed", "foi:"+number, map[string]string{"file": itoa(id)})
	})
}

// FOIFiles lists an application's files (without their bytes).
func (s *Store) FOIFiles(ctx context.Context, number string) ([]*foi.File, error) {
	var out []*foi.File
	err := s.queryAll(ctx, "store.FOIFiles", `SELECT f.id, f.kind, f.name, f.mime, f.size, f.supplement_id FROM foi_files f
		JOIN foi_applications a ON a.id = f.app_id WHERE a.number = ? ORDER BY f.id`, []any{number}, func(rows *sql.Rows) error {
		var f foi.File
		out = append(out, &f)
		return rows.Scan(&f.ID, &f.Kind, &f.Name, &f.MIME, &f.Size, &f.SupplementID)
	})
	return out, err
}

// OpenFOIFile returns a file's bytes for staff; each opening is audited.
func (s *Store) OpenFOIFile(ctx context.Context, actor, number string, id int64) (*foi.File, []byte, error) {
	return s.openFOIFile(ctx, "store.OpenFOIFile", func(tx *Tx, f *foi.File, sealed *string) error {
		if err := tx.queryRow(`SELECT f.id, f.kind, f.name, f.mime, f.size, f.data_sealed FROM foi_files f JOIN foi_applications a ON a.id = f.app_id
			WHERE a.number = ? AND f.id = ?`, number, id).Scan(&f.ID, &f.Kind, &f.Name, &f.MIME, &f.Size, sealed); err != nil {
			return notFound(translate(err), "file_not_found", "文件不存在。")
		}
		return tx.record(actor, "foi.view_personal_data", "foi:"+number, map[string]string{"file": itoa(id)})
	})
}

// openFOIFile reads a sealed file in a transaction (load selects it and
// records the opening) and opens its bytes.
func (s *Store) openFOIFile(ctx context.Context, op string, load func(tx *Tx, f *foi.File, sealed *string) error) (*foi.File, []byte, error) {
	if err := s.box(); err != nil {
		return nil, nil, err
	}
	var f foi.File
	var sealed string
	if err := s.update(ctx, op, func(tx *Tx) error { return load(tx, &f, &sealed) }); err != nil {
		return nil, nil, err
	}
	data, err := s.Secrets.Open(sealed)
	if err != nil {
		return nil, nil, errs.Wrap(op, err)
	}
	return &f, []byte(data), nil
}

// RecordFOINoticeSent records that a notice went to the applicant (the
// detail holds the kind, the masked address and the message id).
func (s *Store) RecordFOINoticeSent(ctx context.Context, actor, number string, detail map[string]string) error {
	return s.update(ctx, "store.RecordFOINoticeSent", func(tx *Tx) error {
		var one int
		if err := tx.queryRow("SELECT 1 FROM foi_applications WHERE number = ?", number).Scan(&one); err != nil {
			return notFound(translate(err), "application_not_found", "申请不存在。")
		}
		return tx.record(actor, "foi.notice_sent", "foi:"+number, detail)
	})
}
