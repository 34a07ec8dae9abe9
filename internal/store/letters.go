package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/calendar"
	"gongkai/internal/errs"
	"gongkai/internal/interact"
	"gongkai/internal/publish"
	"gongkai/internal/secret"
)

// Letters (政民互动): a letter is one row with its current state and one
// event row per step. Every step is decided by interact.Apply inside the
// transaction that saves it, under the letter's version; status, due_on
// and the published texts are written by saveLetter only.

const letterSettingsName = "interact.letters"

// LetterSettings returns the 政民互动 settings (leaders, review).
func (s *Store) LetterSettings(ctx context.Context) (*interact.Settings, error) {
	return letterSettingsFrom(storeQ{s, ctx})
}

func letterSettingsFrom(q reader) (*interact.Settings, error) {
	var set interact.Settings
	if _, err := readSetting(q, letterSettingsName, &set); err != nil {
		return nil, errs.Wrap("store.LetterSettings", err)
	}
	return &set, nil
}

// SaveLetterSettings replaces the settings, audited.
func (s *Store) SaveLetterSettings(ctx context.Context, actor string, set interact.Settings) error {
	const op = "store.SaveLetterSettings"
	if err := set.Validate(); err != nil {
		return err
	}
	return s.update(ctx, op, func(tx *Tx) error {
		for _, l := range set.Leaders {
			if !tx.hasRow("departments", l.DeptID) {
				return errs.InField("leaders", errs.New(errs.Invalid, op, "invalid_leader", "领导 "+l.Name+" 的所在部门不存在。"))
			}
		}
		if err := tx.writeSetting(letterSettingsName, actor, set); err != nil {
			return err
		}
		return tx.record(actor, "letters.settings", "settings:letters", map[string]string{
			"review": strconv.FormatBool(set.Review), "leaders": strconv.Itoa(len(set.Leaders))})
	})
}

// CreateLetter registers a letter from the public and returns it with its
// query code, shown once (only its hash is kept). The personal data is
// sealed before it reaches the database; received is today in Asia/Shanghai.
func (s *Store) CreateLetter(ctx context.Context, sub interact.Submission, files []interact.Upload) (*interact.Letter, string, error) {
	const op = "store.CreateLetter"
	if err := s.box(); err != nil {
		return nil, "", err
	}
	sub.Normalize()
	problems := sub.Problems()
	if len(files) > interact.MaxFiles {
		problems = append(problems, fieldErr(op, "files", "too_many_files", fmt.Sprintf("附件最多 %d 个。", interact.MaxFiles)))
	}
	type checked struct{ name, mime string }
	var typed []checked
	for _, f := range files {
		if len(f.Data) > interact.MaxFileSize {
			problems = append(problems, fieldErr(op, "files", "file_too_large", "每个附件不超过 5 MB。"))
			break
		}
		mime, err := publish.DetectAttachment(f.Name, f.Data)
		if err != nil || !letterFileTypes[mime] {
			problems = append(problems, fieldErr(op, "files", "file_type", "附件只能是 PDF、Word（DOCX）、PNG 或 JPEG 文件："+publish.CleanFileName(f.Name)))
			break
		}
		typed = append(typed, checked{publish.CleanFileName(f.Name), mime})
	}
	if err := errs.Join(problems...); err != nil {
		return nil, "", err
	}
	code := newQueryCode()
	var l *interact.Letter
	err := s.update(ctx, op, func(tx *Tx) error {
		today := calendar.DateOf(tx.now)
		dept, err := tx.letterTarget(sub, today)
		if err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO letter_sequences (year, last) VALUES (?, 0) ON CONFLICT (year) DO NOTHING", today.Year); err != nil {
			return err
		}
		var seq int64
		if err := tx.queryRow("UPDATE letter_sequences SET last = last + 1 WHERE year = ? RETURNING last", today.Year).Scan(&seq); err != nil {
			return translate(err)
		}
		number := fmt.Sprintf("XX%d-%05d", today.Year, seq)
		b := s.Secrets
		id, err := tx.insert(`INSERT INTO letters (number, code_hash, kind, target, dept_id, name_sealed, name_mask, phone_sealed, phone_mask,
			email_sealed, email_mask, phone_mac, subject, content, publish_ok, status, received_on, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			number, hashQueryCode(code), string(sub.Kind), sub.Target, nullID(dept), b.Seal(sub.Name), secret.MaskName(sub.Name),
			b.Seal(sub.Phone), secret.MaskPhone(sub.Phone), b.Seal(sub.Email), secret.MaskEmail(sub.Email), b.MAC(sub.Phone),
			sub.Subject, sub.Content, sub.PublishOK, string(interact.Received), today.String(), micros(tx.now), micros(tx.now))
		if err != nil {
			return err
		}
		for i, f := range files {
			if _, err := tx.exec("INSERT INTO letter_files (letter_id, name, mime, size, data_sealed) VALUES (?, ?, ?, ?, ?)",
				id, typed[i].name, typed[i].mime, len(f.Data), b.Seal(string(f.Data))); err != nil {
				return err
			}
		}
		if err := tx.letterEvent(id, 1, interact.ActSubmit, "anonymous", dept, ""); err != nil {
			return err
		}
		// The trail names the letter, never the writer.
		if err := tx.record("anonymous", "letter.create", "letter:"+number, map[string]string{
			"kind": string(sub.Kind), "target": sub.Target, "files": strconv.Itoa(len(files))}); err != nil {
			return err
		}
		l, err = loadLetter(tx, "id = ?", id)
		return err
	})
	return l, code, err
}

var letterFileTypes = map[string]bool{"application/pdf": true, "application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
	"image/png": true, "image/jpeg": true}

// hasRow reports whether table has a row with id (tables named by code only).
func (tx *Tx) hasRow(table string, id int64) bool {
	var n int
	return id != 0 && tx.queryRow("SELECT COUNT(*) FROM "+table+" WHERE id = ?", id).Scan(&n) == nil && n == 1
}

func fieldErr(op, field, code, msg string) *errs.Error {
	return &errs.Error{Kind: errs.Invalid, Op: op, Code: code, Message: msg, Field: field}
}

// letterTarget resolves a submission's target to the department that
// will answer (0: the district as a whole, assigned at triage).
func (tx *Tx) letterTarget(sub interact.Submission, today calendar.Date) (int64, error) {
	const op = "store.CreateLetter"
	bad := func(msg string) error {
		return errs.InField("target", errs.New(errs.Invalid, op, "invalid_target", msg))
	}
	switch sub.Kind {
	case interact.Consult:
		if sub.Target == "" {
			return 0, nil
		}
		var id int64
		if err := tx.queryRow("SELECT id FROM departments WHERE code = ?", sub.Target).Scan(&id); err != nil {
			return 0, bad("所选部门不存在，请重新选择。")
		}
		return id, nil
	case interact.Mailbox:
		set, err := letterSettingsFrom(tx)
		if err != nil {
			return 0, err
		}
		leader, ok := set.Leader(sub.Target)
		if !ok {
			return 0, bad("所选领导不存在，请重新选择。")
		}
		return leader.DeptID, nil
	case interact.Comment:
		return tx.commentTarget(sub.Target, today)
	}
	return 0, bad("收信对象不正确。")
}

func (tx *Tx) letterEvent(letterID int64, seq int, a interact.Action, actor string, dept int64, text string) error {
	_, err := tx.exec("INSERT INTO letter_events (letter_id, seq, action, actor, dept_id, text, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		letterID, seq, string(a), actor, nullID(dept), text, micros(tx.now))
	return err
}

const letterColumns = `id, number, kind, target, dept_id, subject, content, publish_ok, name_mask, phone_mask, email_mask, status, simple,
	received_on, due_on, reason, note, reply, reply_dept_id, reply_by, replied_on, replied_at, published, rating, policy_id, version, created_at`

func scanLetter(sc interface{ Scan(...any) error }) (*interact.Letter, error) {
	var l interact.Letter
	var kind, status, received, due, replied string
	var dept, replyDept, policy sql.NullInt64
	var repliedAt, created int64
	if err := sc.Scan(&l.ID, &l.Number, &kind, &l.Target, &dept, &l.Subject, &l.Content, &l.PublishOK, &l.NameMask, &l.PhoneMask, &l.EmailMask,
		&status, &l.Simple, &received, &due, &l.Reason, &l.Note, &l.Reply, &replyDept, &l.ReplyBy, &replied, &repliedAt, &l.Published,
		&l.Rating, &policy, &l.Version, &created); err != nil {
		return nil, err
	}
	l.Kind, l.Status = interact.Kind(kind), interact.Status(status)
	l.DeptID, l.ReplyDept, l.PolicyID = dept.Int64, replyDept.Int64, policy.Int64
	l.ReceivedOn, _ = calendar.ParseDate(received)
	l.DueOn, _ = calendar.ParseDate(due)
	l.RepliedOn, _ = calendar.ParseDate(replied)
	if repliedAt != 0 {
		l.RepliedAt = fromMicros(repliedAt)
	}
	l.CreatedAt = fromMicros(created)
	l.HasEmail = l.EmailMask != ""
	return &l, nil
}

// loadLetter loads one letter with its events.
func loadLetter(q reader, where string, arg any) (*interact.Letter, error) {
	l, err := scanLetter(q.row("SELECT "+letterColumns+" FROM letters WHERE "+where, arg))
	if err != nil {
		return nil, notFound(translate(err), "letter_not_found", "留言不存在。")
	}
	rows, err := q.rowsOf("SELECT seq, action, actor, dept_id, text, at FROM letter_events WHERE letter_id = ? ORDER BY seq", l.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e interact.LetterEvent
		var action string
		var dept sql.NullInt64
		var at int64
		if err := rows.Scan(&e.Seq, &action, &e.Actor, &dept, &e.Text, &at); err != nil {
			return nil, translate(err)
		}
		e.Action, e.DeptID, e.At = interact.Action(action), dept.Int64, fromMicros(at)
		l.Events = append(l.Events, e)
	}
	return l, translate(rows.Err())
}

// Letter returns a letter by number, with its trail.
func (s *Store) Letter(ctx context.Context, number string) (*interact.Letter, error) {
	l, err := loadLetter(storeQ{s, ctx}, "number = ?", strings.TrimSpace(number))
	return l, errs.Wrap("store.Letter", err)
}

// LetterWriter opens a letter's personal data for staff who must contact
// the writer; every opening is audited.
func (s *Store) LetterWriter(ctx context.Context, actor, number string) (name, phone, email string, err error) {
	const op = "store.LetterWriter"
	if err := s.box(); err != nil {
		return "", "", "", err
	}
	err = s.update(ctx, op, func(tx *Tx) error {
		var ns, ps, es string
		if err := tx.queryRow("SELECT name_sealed, phone_sealed, email_sealed FROM letters WHERE number = ?", number).Scan(&ns, &ps, &es); err != nil {
			return notFound(translate(err), "letter_not_found", "留言不存在。")
		}
		var err error
		if name, err = s.Secrets.Open(ns); err != nil {
			return err
		}
		if phone, err = s.Secrets.Open(ps); err != nil {
			return err
		}
		if email, err = s.Secrets.Open(es); err != nil {
			return err
		}
		return tx.record(actor, "letter.personal_view", "letter:"+number, nil)
	})
	return name, phone, email, err
}

// trackedLetter loads the letter a number and query code open; a wrong
// pair is not found, whichever half was wrong.
func trackedLetter(q reader, number, code string) (*interact.Letter, error) {
	var id int64
	var hash string
	if err := q.row("SELECT id, code_hash FROM letters WHERE number = ?", strings.TrimSpace(number)).Scan(&id, &hash); err != nil {
		hash = ""
	}
	if !codeMatches(hash, code) {
		return nil, errs.New(errs.NotFound, "store.TrackLetter", "letter_not_found", "留言编号或查询码不正确。")
	}
	return loadLetter(q, "id = ?", id)
}

// TrackLetter is the writer's view of their letter, by number and code.
func (s *Store) TrackLetter(ctx context.Context, number, code string) (*interact.Letter, error) {
	return trackedLetter(storeQ{s, ctx}, number, code)
}

// RateLetter records the writer's satisfaction with the reply.
func (s *Store) RateLetter(ctx context.Context, number, code string, rating int) (*interact.Letter, error) {
	var l *interact.Letter
	err := s.update(ctx, "store.RateLetter", func(tx *Tx) error {
		var err error
		if l, err = trackedLetter(tx, number, code); err != nil {
			return err
		}
		return tx.stepLetter(l, "writer", interact.Staff{}, interact.Step{Action: interact.ActRate, Rating: rating})
	})
	return l, err
}

// StaffOf is the letter handling rights of u.
func StaffOf(u *auth.User) interact.Staff {
	return interact.Staff{Username: u.Username, DeptID: u.DeptID, Triage: u.Can(auth.Supervise), Replier: u.Can(auth.ReplyLetters)}
}

// LetterStep takes a staff step on the letter, refused with stale_version
// when the letter changed since version was read. A letter the user may
// not see is not found.
func (s *Store) LetterStep(ctx context.Context, u *auth.User, number string, version int64, st interact.Step) (*interact.Letter, error) {
	var l *interact.Letter
	err := s.update(ctx, "store.LetterStep", func(tx *Tx) error {
		var err error
		if l, err = loadLetter(tx, "number = ?", number); err != nil {
			return err
		}
		who := StaffOf(u)
		if !who.Sees(l) {
			return errs.New(errs.NotFound, "store.LetterStep", "letter_not_found", "留言不存在。")
		}
		if version != l.Version {
			return errs.New(errs.Conflict, "store.LetterStep", "stale_version", "这封留言已被他人处理，请刷新页面后再操作。")
		}
		if st.Action == interact.ActReply {
			set, err := letterSettingsFrom(tx)
			if err != nil {
				return err
			}
			st.Review = set.Review
		}
		if st.DeptID != 0 && !tx.hasRow("departments", st.DeptID) {
			return errs.InField("dept", errs.New(errs.Invalid, "store.LetterStep", "invalid_dept", "所选部门不存在。"))
		}
		if st.Action == interact.ActLink && st.Policy != 0 && !tx.hasRow("documents", st.Policy) {
			return errs.InField("policy", errs.New(errs.Invalid, "store.LetterStep", "invalid_policy", "所选政策文件不存在。"))
		}
		return tx.stepLetter(l, u.Username, who, st)
	})
	return l, err
}

// stepLetter applies st to l (loaded in tx) and saves the result with its
// event and audit record.
func (tx *Tx) stepLetter(l *interact.Letter, actor string, who interact.Staff, st interact.Step) error {
	cal, err := calendarFrom(tx)
	if err != nil {
		return err
	}
	today := calendar.DateOf(tx.now)
	was := l.Published
	if err := interact.Apply(cal, l, who, st, today); err != nil {
		return err
	}
	if l.Published != was {
		delta := 1
		if was {
			delta = -1
		}
		if _, err := tx.exec("UPDATE letter_counts SET n = n + ? WHERE name = 'published'", delta); err != nil {
			return err
		}
	}
	text := strings.TrimSpace(st.Text)
	switch st.Action {
	case interact.ActReject:
		text = interact.RejectLabel(st.Reason) + cmpText(text)
	case interact.ActRate:
		text = strconv.Itoa(st.Rating)
	case interact.ActLink:
		text = strconv.FormatInt(st.Policy, 10)
	}
	if err := tx.saveLetter(l); err != nil {
		return err
	}
	if err := tx.letterEvent(l.ID, len(l.Events)+1, st.Action, actor, l.DeptID, text); err != nil {
		return err
	}
	detail := map[string]string{"status": string(l.Status)}
	switch st.Action {
	case interact.ActAccept:
		detail["simple"], detail["due_on"], detail["dept"] = strconv.FormatBool(l.Simple), l.DueOn.String(), itoa(l.DeptID)
	case interact.ActTransfer:
		detail["dept"] = itoa(l.DeptID)
	case interact.ActReject:
		detail["reason"] = st.Reason
	case interact.ActRate:
		detail["rating"] = text
	}
	if err := tx.record(actor, "letter."+string(st.Action), "letter:"+l.Number, detail); err != nil {
		return err
	}
	l.Events = append(l.Events, interact.LetterEvent{Seq: len(l.Events) + 1, Action: st.Action, Actor: actor, DeptID: l.DeptID, Text: text, At: tx.now})
	l.Version++
	return nil
}

func cmpText(note string) string {
	if note == "" {
		return ""
	}
	return "：" + note
}

// saveLetter writes l's state under its version. The published texts are
// cut when the letter is selected: the writer's name (opened here, never
// stored in the clear), e-mail addresses and long digit runs removed.
func (tx *Tx) saveLetter(l *interact.Letter) error {
	var pubSubject, pubContent, pubReply string
	if l.Published {
		var sealed string
		if err := tx.queryRow("SELECT name_sealed FROM letters WHERE id = ?", l.ID).Scan(&sealed); err != nil {
			return translate(err)
		}
		name, err := tx.s.Secrets.Open(sealed)
		if err != nil {
			return err
		}
		pubSubject, pubContent, pubReply = interact.PublicText(l.Subject, name), interact.PublicText(l.Content, name), interact.PublicText(l.Reply, name)
	}
	var repliedAt int64
	if l.Status == interact.Replied {
		if l.RepliedAt.IsZero() {
			l.RepliedAt = tx.now
		}
		repliedAt = micros(l.RepliedAt)
	}
	r, err := tx.exec(`UPDATE letters SET dept_id = ?, status = ?, simple = ?, due_on = ?, reason = ?, note = ?, reply = ?, reply_dept_id = ?, reply_by = ?,
		replied_on = ?, replied_at = ?, published = ?, public_subject = ?, public_content = ?, public_reply = ?, rating = ?, policy_id = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		nullID(l.DeptID), string(l.Status), l.Simple, dateText(l.DueOn), l.Reason, l.Note, l.Reply, nullID(l.ReplyDept), l.ReplyBy,
		dateText(l.RepliedOn), repliedAt, l.Published, pubSubject, pubContent, pubReply, l.Rating, nullID(l.PolicyID),
		micros(tx.now), l.ID, l.Version)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return errs.New(errs.Conflict, "store.saveLetter", "stale_version", "这封留言已被他人处理，请刷新页面后再操作。")
	}
	return nil
}

func dateText(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// refreshOpenLetters recomputes the due dates of accepted letters after a
// calendar change, in the change's transaction.
func (tx *Tx) refreshOpenLetters() error {
	cal, err := calendarFrom(tx)
	if err != nil {
		return err
	}
	type open struct {
		id       int64
		received string
		simple   bool
		due      string
	}
	var all []open
	rows, err := tx.rowsOf("SELECT id, received_on, simple, due_on FROM letters WHERE status IN (?, ?)", string(interact.Handling), string(interact.Reviewing))
	if err != nil {
		return err
	}
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.id, &o.received, &o.simple, &o.due); err != nil {
			rows.Close()
			return translate(err)
		}
		all = append(all, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return translate(err)
	}
	for _, o := range all {
		received, err := calendar.ParseDate(o.received)
		if err != nil {
			return err
		}
		if due := interact.DueOn(cal, received, o.simple).String(); due != o.due {
			if _, err := tx.exec("UPDATE letters SET due_on = ? WHERE id = ?", due, o.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// LetterFilter selects letters for the staff inbox.
type LetterFilter struct {
	// Status is "" or "open" (waiting for a reply), "all", "escalated"
	// (open and received more than interact.EscalationMonths ago) or one
	// interact.Status.
	Status string
	DeptID int64 // 0: every department (the office); a replier is held to theirs
	Kind   interact.Kind
	Light  interact.Light // red, yellow or green on Today; "" any
	Today  calendar.Date
	Page   int
	Size   int
}

// MaxLetterPage is the largest page of the staff inbox.
const MaxLetterPage = 100

func (s *Store) letterConds(ctx context.Context, f LetterFilter) (string, []any, error) {
	var conds []string
	var args []any
	today := f.Today
	if today.IsZero() {
		today = calendar.DateOf(s.Now())
	}
	switch st := interact.Status(f.Status); {
	case f.Status == "" || f.Status == "open":
		conds = append(conds, "status IN (?, ?, ?)")
		args = append(args, string(interact.Received), string(interact.Handling), string(interact.Reviewing))
	case f.Status == "all":
	case f.Status == "escalated":
		conds = append(conds, "status IN (?, ?, ?) AND received_on < ?")
		args = append(args, string(interact.Received), string(interact.Handling), string(interact.Reviewing), interact.EscalationBefore(today).String())
	case st.Label() != "":
		conds = append(conds, "status = ?")
		args = append(args, f.Status)
	default:
		return "", nil, errs.InField("status", errs.New(errs.Invalid, "store.Letters", "invalid_status", "办理状态不正确。"))
	}
	if f.DeptID != 0 {
		conds = append(conds, "dept_id = ?")
		args = append(args, f.DeptID)
	}
	if f.Kind != "" {
		if !f.Kind.Valid() {
			return "", nil, errs.InField("kind", errs.New(errs.Invalid, "store.Letters", "invalid_kind", "留言类型不正确。"))
		}
		conds = append(conds, "kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.Light != interact.None {
		cal, err := s.Calendar(ctx)
		if err != nil {
			return "", nil, err
		}
		yellowTo, _ := cal.AddWorkdays(today, interact.YellowDays)
		switch f.Light {
		case interact.Red:
			conds = append(conds, "due_on > '' AND due_on < ?")
			args = append(args, today.String())
		case interact.Yellow:
			conds = append(conds, "due_on >= ? AND due_on <= ?")
			args = append(args, today.String(), yellowTo.String())
		case interact.Green:
			conds = append(conds, "due_on > ?")
			args = append(args, yellowTo.String())
		default:
			return "", nil, errs.InField("light", errs.New(errs.Invalid, "store.Letters", "invalid_light", "期限提示应为 red、yellow 或 green。"))
		}
	}
	if len(conds) == 0 {
		return "1 = 1", args, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// Letters returns one page of the letters f selects, most urgent first
// (running clocks by due date, then the rest newest first), and the total.
// The two parts are two index ranges (a due date set, ascending; none,
// by id descending), so a page reads its rows and the skipped index
// entries, never a sort of the whole set.
func (s *Store) Letters(ctx context.Context, f LetterFilter) ([]*interact.Letter, int, error) {
	const op = "store.Letters"
	f.Size = min(max(f.Size, 1), MaxLetterPage)
	f.Page = max(f.Page, 1)
	where, args, err := s.letterConds(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	running, rest := where+" AND due_on > ''", where+" AND due_on = ''"
	var nRunning, nRest int
	if err := s.queryRow(ctx, "SELECT (SELECT COUNT(*) FROM letters WHERE "+running+"), (SELECT COUNT(*) FROM letters WHERE "+rest+")",
		append(append([]any{}, args...), args...)...).Scan(&nRunning, &nRest); err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	var out []*interact.Letter
	fetch := func(q string, limit, offset int) error {
		return s.queryAll(ctx, op, "SELECT "+letterColumns+" FROM letters WHERE "+q+" LIMIT ? OFFSET ?",
			append(append([]any{}, args...), limit, offset), func(rows *sql.Rows) error {
				l, err := scanLetter(rows)
				out = append(out, l)
				return err
			})
	}
	offset := (f.Page - 1) * f.Size
	if offset < nRunning {
		if err := fetch(running+" ORDER BY due_on, id", f.Size, offset); err != nil {
			return nil, 0, err
		}
	}
	if len(out) < f.Size && offset+len(out) < nRunning+nRest {
		if err := fetch(rest+" ORDER BY due_on DESC, id DESC", f.Size-len(out), max(0, offset-nRunning)); err != nil {
			return nil, 0, err
		}
	}
	return out, nRunning + nRest, nil
}

// LetterLights counts the red and yellow letters of f (its Light ignored).
func (s *Store) LetterLights(ctx context.Context, f LetterFilter) (red, yellow int, err error) {
	f.Light = interact.Red
	w, a, err := s.letterConds(ctx, f)
	if err != nil {
		return 0, 0, err
	}
	if err := s.queryRow(ctx, "SELECT COUNT(*) FROM letters WHERE "+w, a...).Scan(&red); err != nil {
		return 0, 0, errs.Wrap("store.LetterLights", translate(err))
	}
	f.Light = interact.Yellow
	if w, a, err = s.letterConds(ctx, f); err != nil {
		return 0, 0, err
	}
	err = s.queryRow(ctx, "SELECT COUNT(*) FROM letters WHERE "+w, a...).Scan(&yellow)
	return red, yellow, errs.Wrap("store.LetterLights", translate(err))
}

// LetterFiles lists a letter's attachments (without their bytes).
func (s *Store) LetterFiles(ctx context.Context, number string) ([]publish.Attachment, error) {
	var out []publish.Attachment
	err := s.queryAll(ctx, "store.LetterFiles", `SELECT f.id, f.name, f.mime, f.size FROM letter_files f JOIN letters l ON l.id = f.letter_id
		WHERE l.number = ? ORDER BY f.id`, []any{number}, func(rows *sql.Rows) error {
		var a publish.Attachment
		err := rows.Scan(&a.ID, &a.Name, &a.MIME, &a.Size)
		out = append(out, a)
		return err
	})
	return out, err
}

// OpenLetterFile opens one attachment for staff, audited.
func (s *Store) OpenLetterFile(ctx context.Context, actor, number string, id int64) (publish.Attachment, []byte, error) {
	var a publish.Attachment
	var data string
	err := s.update(ctx, "store.OpenLetterFile", func(tx *Tx) error {
		var sealed string
		if err := tx.queryRow(`SELECT f.id, f.name, f.mime, f.size, f.data_sealed FROM letter_files f JOIN letters l ON l.id = f.letter_id
			WHERE l.number = ? AND f.id = ?`, number, id).Scan(&a.ID, &a.Name, &a.MIME, &a.Size, &sealed); err != nil {
			return notFound(translate(err), "file_not_found", "附件不存在。")
		}
		var err error
		if data, err = tx.s.Secrets.Open(sealed); err != nil {
			return err
		}
		return tx.record(actor, "letter.file_view", "letter:"+number, map[string]string{"file": itoa(id)})
	})
	return a, []byte(data), err
}

// PublishedLetters returns a page of 留言选登, newest reply first, with
// their published texts only (Content, Reply and Subject hold them), and
// the total.
func (s *Store) PublishedLetters(ctx context.Context, page, size int) ([]*interact.Letter, int, error) {
	const op = "store.PublishedLetters"
	size = min(max(size, 1), 50)
	page = min(max(page, 1), MaxPublicPage)
	var total int
	if err := s.queryRow(ctx, "SELECT n FROM letter_counts WHERE name = 'published'").Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, translate(err))
	}
	var out []*interact.Letter
	err := s.queryAll(ctx, op, `SELECT number, kind, reply_dept_id, public_subject, public_content, public_reply, received_on, replied_on, replied_at
		FROM letters WHERE published = ? ORDER BY replied_at DESC, id DESC LIMIT ? OFFSET ?`, []any{true, size, (page - 1) * size},
		func(rows *sql.Rows) error {
			l, err := scanPublishedLetter(rows)
			out = append(out, l)
			return err
		})
	return out, total, err
}

func scanPublishedLetter(sc interface{ Scan(...any) error }) (*interact.Letter, error) {
	var l interact.Letter
	var kind, received, replied string
	var dept sql.NullInt64
	var at int64
	if err := sc.Scan(&l.Number, &kind, &dept, &l.Subject, &l.Content, &l.Reply, &received, &replied, &at); err != nil {
		return nil, err
	}
	l.Kind, l.ReplyDept, l.Status, l.Published = interact.Kind(kind), dept.Int64, interact.Replied, true
	l.ReceivedOn, _ = calendar.ParseDate(received)
	l.RepliedOn, _ = calendar.ParseDate(replied)
	l.RepliedAt = fromMicros(at)
	return &l, nil
}

// PublishedLetter returns one letter of 留言选登 (published texts only).
func (s *Store) PublishedLetter(ctx context.Context, number string) (*interact.Letter, error) {
	l, err := scanPublishedLetter(s.queryRow(ctx, `SELECT number, kind, reply_dept_id, public_subject, public_content, public_reply, received_on, replied_on, replied_at
		FROM letters WHERE number = ? AND published = ?`, strings.TrimSpace(number), true))
	if err != nil {
		return nil, notFound(translate(err), "letter_not_found", "留言不存在或未公开。")
	}
	return l, nil
}

// LetterFAQDraft is an entry of the FAQ library drafted from a replied
// letter: its subject as the question, the reply as the answer, the
// replying department, the linked policy, and the letter as its source;
// the writer's name, e-mail addresses and long digit runs are removed as
// for 留言选登. It is hidden until staff publish it.
func (s *Store) LetterFAQDraft(ctx context.Context, number string) (interact.FAQ, error) {
	const op = "store.LetterFAQDraft"
	if err := s.box(); err != nil {
		return interact.FAQ{}, err
	}
	l, err := loadLetter(storeQ{s, ctx}, "number = ?", number)
	if err != nil {
		return interact.FAQ{}, errs.Wrap(op, err)
	}
	if l.Status != interact.Replied {
		return interact.FAQ{}, errs.New(errs.Conflict, op, "letter_not_replied", "留言答复后才能生成常见问题。")
	}
	var sealed string
	if err := s.queryRow(ctx, "SELECT name_sealed FROM letters WHERE id = ?", l.ID).Scan(&sealed); err != nil {
		return interact.FAQ{}, errs.Wrap(op, translate(err))
	}
	name, err := s.Secrets.Open(sealed)
	if err != nil {
		return interact.FAQ{}, errs.Wrap(op, err)
	}
	q := []rune(interact.PublicText(l.Subject, name))
	if len(q) > interact.MaxFAQQuestion {
		q = q[:interact.MaxFAQQuestion]
	}
	a := []rune(interact.PublicText(l.Reply, name))
	if len(a) > interact.MaxFAQAnswer {
		a = a[:interact.MaxFAQAnswer]
	}
	return interact.FAQ{Question: string(q), Answer: string(a), DeptID: l.ReplyDept,
		State: interact.FAQHidden, SourceLetter: l.Number, PolicyDocID: l.PolicyID}, nil
}
