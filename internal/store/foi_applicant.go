package store

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/publish"
)

// The applicant's side of a case: the online supplement and the downloads
// of notices and released files, each authorised by the application number
// and query code and recorded in the case's trail as the applicant's own
// step (never with personal data).

const applicantActor = "applicant"

// trackedID checks a number and query code and returns the application's
// id; a wrong pair is not found, whichever half was wrong.
func trackedID(q reader, number, code string) (int64, error) {
	gone := errs.New(errs.NotFound, "store.TrackFOI", "application_not_found", "申请编号或查询码不正确。")
	var id int64
	var hash string
	if err := q.row("SELECT id, code_hash FROM foi_applications WHERE number = ?", strings.TrimSpace(number)).Scan(&id, &hash); err != nil {
		hash = ""
	}
	if !codeMatches(hash, code) {
		return 0, gone
	}
	return id, nil
}

// trackedApp loads the application a number and query code open.
func trackedApp(q reader, number, code string) (*foi.Application, error) {
	id, err := trackedID(q, number, code)
	if err != nil {
		return nil, err
	}
	cal, err := calendarFrom(q)
	if err != nil {
		return nil, err
	}
	return loadApplication(q, cal, "id = ?", id)
}

// SubmitFOISupplement keeps the applicant's online supplement (text and
// files) for an officer to confirm. Only a case awaiting a supplement
// takes one, and one at a time.
func (s *Store) SubmitFOISupplement(ctx context.Context, number, code, text string, files []foi.Upload) (*foi.Supplement, error) {
	const op = "store.SubmitFOISupplement"
	if err := s.box(); err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	if text == "" && len(files) == 0 {
		return nil, errs.InField("text", errs.New(errs.Invalid, op, "supplement_empty", "请填写补正内容或上传补正材料。"))
	}
	if utf8.RuneCountInString(text) > foi.MaxSupplement {
		return nil, errs.InField("text", errs.Newf(errs.Invalid, op, "field_too_long", "补正内容不超过 %d 个字。", foi.MaxSupplement))
	}
	if len(files) > 3 {
		return nil, errs.InField("files", errs.New(errs.Invalid, op, "too_many_files", "补正材料最多 3 个文件。"))
	}
	checked := make([]*foi.File, len(files))
	for i, u := range files {
		mime, derr := publish.DetectAttachment(u.Name, u.Data)
		f := &foi.File{Kind: foi.FileSupplement, Name: publish.CleanFileName(u.Name), MIME: mime, Size: int64(len(u.Data))}
		if err := f.Validate(); err != nil {
			return nil, errs.InField("files", err)
		}
		if derr != nil {
			return nil, errs.InField("files", derr)
		}
		checked[i] = f
	}
	sup := &foi.Supplement{Text: text, Files: checked}
	err := s.update(ctx, op, func(tx *Tx) error {
		app, err := trackedApp(tx, number, code)
		if err != nil {
			return err
		}
		if app.Clock.Status != foi.AwaitingSupplement {
			return errs.New(errs.Conflict, op, "no_supplement_due", "该申请目前不需要补正。")
		}
		id := app.ID
		// The case's row is locked first, so two submissions at once are
		// one after the other and the second sees the first.
		if _, err := tx.exec("UPDATE foi_applications SET updated_at = ? WHERE id = ?", micros(tx.now), id); err != nil {
			return err
		}
		var pending int
		if err := tx.queryRow("SELECT COUNT(*) FROM foi_supplements WHERE app_id = ? AND confirmed_seq = 0", id).Scan(&pending); err != nil {
			return translate(err)
		}
		if pending > 0 {
			return errs.New(errs.Conflict, op, "supplement_pending", "您已在网上提交补正，工作人员确认前不能再次提交；如需更正，请联系政府信息公开工作机构。")
		}
		sup.SubmittedOn, sup.Created = calendar.DateOf(tx.now), tx.now
		if sup.ID, err = tx.insert("INSERT INTO foi_supplements (app_id, text_sealed, submitted_on, created_at) VALUES (?, ?, ?, ?)",
			id, s.Secrets.Seal(text), sup.SubmittedOn.String(), micros(tx.now)); err != nil {
			return err
		}
		var size int64
		for i, f := range checked {
			if f.ID, err = tx.insert(`INSERT INTO foi_files (app_id, kind, name, mime, size, data_sealed, created_by, created_at, supplement_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, f.Kind, f.Name, f.MIME, f.Size, s.Secrets.Seal(string(files[i].Data)), applicantActor, micros(tx.now), sup.ID); err != nil {
				return err
			}
			f.SupplementID, size = sup.ID, size+f.Size
		}
		return tx.record(applicantActor, "foi.supplement_submitted", "foi:"+app.Number,
			map[string]string{"supplement": itoa(sup.ID), "files": itoa(int64(len(checked))), "size": itoa(size), "on": sup.SubmittedOn.String()})
	})
	if err != nil {
		return nil, err
	}
	return sup, nil
}

// FOISupplements lists a case's online supplements with their files, for
// staff (the text opened).
func (s *Store) FOISupplements(ctx context.Context, number string) ([]*foi.Supplement, error) {
	const op = "store.FOISupplements"
	var out []*foi.Supplement
	var sealed []string
	err := s.queryAll(ctx, op, `SELECT p.id, p.text_sealed, p.submitted_on, p.created_at, p.confirmed_seq FROM foi_supplements p
		JOIN foi_applications a ON a.id = p.app_id WHERE a.number = ? ORDER BY p.id`, []any{number}, func(rows *sql.Rows) error {
		var p foi.Supplement
		var text, on string
		var created int64
		if err := rows.Scan(&p.ID, &text, &on, &created, &p.ConfirmedSeq); err != nil {
			return err
		}
		p.SubmittedOn, _ = calendar.ParseDate(on)
		p.Created = fromMicros(created)
		out, sealed = append(out, &p), append(sealed, text)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	if err := s.box(); err != nil {
		return nil, err
	}
	for i, p := range out {
		if p.Text, err = s.Secrets.Open(sealed[i]); err != nil {
			return nil, errs.Wrap(op, err)
		}
	}
	files, err := s.FOIFiles(ctx, number)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		for _, p := range out {
			if f.SupplementID == p.ID {
				p.Files = append(p.Files, f)
			}
		}
	}
	return out, nil
}

// ConfirmFOISupplement records a pending online supplement as the case's
// supplement_received event, dated the day the applicant sent it.
func (s *Store) ConfirmFOISupplement(ctx context.Context, u *auth.User, number string, version, id int64) (*foi.Application, error) {
	const op = "store.ConfirmFOISupplement"
	var app *foi.Application
	err := s.update(ctx, op, func(tx *Tx) error {
		var on string
		var confirmed int
		if err := tx.queryRow(`SELECT p.submitted_on, p.confirmed_seq FROM foi_supplements p JOIN foi_applications a ON a.id = p.app_id
			WHERE a.number = ? AND p.id = ?`, number, id).Scan(&on, &confirmed); err != nil {
			return notFound(translate(err), "supplement_not_found", "补正材料不存在。")
		}
		if confirmed != 0 {
			return errs.New(errs.Conflict, op, "supplement_confirmed", "该补正已确认。")
		}
		d, _ := calendar.ParseDate(on)
		var err error
		if app, err = tx.addFOIEvent(u, number, version, foi.Event{Type: foi.SupplementReceived, On: d, Note: "申请人网上提交补正（第 " + itoa(id) + " 号）"}); err != nil {
			return err
		}
		_, err = tx.exec("UPDATE foi_supplements SET confirmed_seq = ? WHERE id = ?", len(app.Events), id)
		return err
	})
	return app, err
}

// TrackedFile returns a released file (答复附件) to the applicant once the
// answer is signed; each download is recorded.
func (s *Store) TrackedFile(ctx context.Context, number, code string, fileID int64) (*foi.File, []byte, error) {
	const op = "store.TrackedFile"
	return s.openFOIFile(ctx, op, func(tx *Tx, f *foi.File, sealed *string) error {
		app, err := trackedApp(tx, number, code)
		if err != nil {
			return err
		}
		if app.Clock.Status != foi.Answered || !app.Clock.Outcome.ReleasesFiles() {
			return errs.New(errs.NotFound, op, "file_not_found", "文件不存在。")
		}
		if err := tx.queryRow("SELECT id, kind, name, mime, size, data_sealed FROM foi_files WHERE app_id = ? AND id = ? AND kind = ?",
			app.ID, fileID, foi.FileReleased).Scan(&f.ID, &f.Kind, &f.Name, &f.MIME, &f.Size, sealed); err != nil {
			return notFound(translate(err), "file_not_found", "文件不存在。")
		}
		return tx.record(applicantActor, "foi.applicant_download", "foi:"+app.Number, map[string]string{"file": itoa(f.ID), "size": itoa(f.Size)})
	})
}

// TrackedApplicant opens the applicant's own data for a notice the
// applicant downloads (their name and address are on it); the download is
// recorded with the notice's kind, never with the data.
func (s *Store) TrackedApplicant(ctx context.Context, number, code, notice string) (*foi.Application, *foi.Applicant, error) {
	const op = "store.TrackedApplicant"
	if err := s.box(); err != nil {
		return nil, nil, err
	}
	var app *foi.Application
	var p *foi.Applicant
	err := s.update(ctx, op, func(tx *Tx) error {
		var err error
		if app, err = trackedApp(tx, number, code); err != nil {
			return err
		}
		if p, err = s.openApplicant(tx, app.Number); err != nil {
			return err
		}
		return tx.record(applicantActor, "foi.applicant_download", "foi:"+app.Number, map[string]string{"notice": notice})
	})
	return app, p, err
}
