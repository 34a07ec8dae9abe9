package foi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/errs"
	"gongkai/internal/foi"
	"gongkai/internal/mailer"
	"gongkai/internal/notice"
	"gongkai/internal/report"
	"gongkai/internal/secret"
	"gongkai/internal/web/kit"
)

func noticePath(number string, k notice.Kind, seq int, what ...string) string {
	p := "/admin/foi/" + url.PathEscape(number) + "/notices/" + string(k)
	for _, w := range what {
		p += "/" + w
	}
	if seq != 0 {
		p += "?seq=" + strconv.Itoa(seq)
	}
	return p
}

func (s *Handler) mailConfig() mailer.Config {
	return mailer.Config{Addr: s.Cfg.SMTPAddr, From: s.Cfg.SMTPFrom, User: s.Cfg.SMTPUser, Password: s.Cfg.SMTPPassword}
}

// organ is the name notices are signed with.
func (s *Handler) organ() string {
	if o := report.SiteOrgan(s.Cfg.Organ, s.Cfg.SiteName); o != "" {
		return o
	}
	return s.Cfg.SiteName
}

// noticeReq is a parsed notice request: the case, the notice and, for the
// full notice to the applicant, the applicant's full data.
type noticeReq struct {
	app       *foi.Application
	kind      notice.Kind
	seq       int
	full      bool           // the notice names the applicant in full (opened, audited)
	applicant *foi.Applicant // the opened data; nil unless full and to the applicant
	n         *notice.Notice
}

// loadNotice parses the route, checks that the notice's event happened
// (409 otherwise) and builds the notice. With full, and for a notice to
// the applicant, it first opens the applicant's data (audited by the
// store): only POST handlers pass full, so no link, prefetch or cross-site
// GET adds to the trail. Without it the notice names the applicant masked
// and has no address. A 征求意见书 goes to the consulted party, so it
// opens nothing either way.
func (s *Handler) loadNotice(r *http.Request, full bool) (*noticeReq, error) {
	const op = "web.loadNotice"
	q := &noticeReq{kind: notice.Kind(r.PathValue("kind")), full: full}
	if !q.kind.Valid() {
		return nil, errs.New(errs.NotFound, op, "unknown_notice", "没有这种文书：告知书类型应为 answer、supplement、extension、fee 或 consultation。")
	}
	if v := r.URL.Query().Get("seq"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return nil, errs.New(errs.Invalid, op, "invalid_seq", "征求意见的序号应为正整数。")
		}
		q.seq = n
	}
	number := r.PathValue("number")
	var err error
	if q.app, err = s.Store.FOIApplicationByNumber(r.Context(), number); err != nil {
		return nil, err
	}
	if err := notice.Check(q.app, q.kind, q.seq); err != nil {
		return nil, err
	}
	party := notice.Party{Name: q.app.Applicant.Name} // masked by the store
	if full && q.kind.ToApplicant() {
		if q.applicant, err = s.Store.FOIApplicant(r.Context(), kit.Actor(r), number); err != nil {
			return nil, err
		}
		party = notice.Party{Name: q.applicant.Name, Address: q.applicant.Address}
	}
	q.n, err = s.buildNotice(r.Context(), q.app, q.kind, q.seq, party)
	return q, err
}

// buildNotice writes a case's notice of kind k addressed to party, with
// the office's settings and the released files.
func (s *Handler) buildNotice(ctx context.Context, app *foi.Application, k notice.Kind, seq int, party notice.Party) (*notice.Notice, error) {
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	office, err := s.office(ctx)
	if err != nil {
		return nil, err
	}
	files, err := s.Store.FOIFiles(ctx, app.Number)
	if err != nil {
		return nil, err
	}
	var released []foi.File
	for _, f := range foi.Released(files) {
		released = append(released, *f)
	}
	return notice.Build(notice.Input{App: app, Applicant: party, Organ: s.organ(), Calendar: cal, Office: *office, Released: released, Seq: seq}, k)
}

// NoticePage shows a notice for checking, the applicant's name masked and
// without the address, with the buttons (forms) that open the full notice
// for printing, its PDF and, for the applicant's notices, the e-mail.
func (s *Handler) NoticePage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.loadNotice(r, false)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "notice_view", s.noticeData(q, ""))
	return nil
}

// NoticeFull shows the full notice, the applicant named in full, for
// printing (a POST: it opens the applicant's data).
func (s *Handler) NoticeFull(w http.ResponseWriter, r *http.Request) error {
	q, err := s.loadNotice(r, true)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "notice_view", s.noticeData(q, ""))
	return nil
}

func (s *Handler) noticeData(q *noticeReq, failure string) map[string]any {
	data := map[string]any{
		"Title": q.n.Title + " " + q.app.Number, "Notice": q.n, "App": q.app, "Kind": q.kind,
		"Full": noticePath(q.app.Number, q.kind, q.seq), "PDF": noticePath(q.app.Number, q.kind, q.seq, "pdf"),
		"Send": noticePath(q.app.Number, q.kind, q.seq, "send"), "Case": foiCaseURL(q.app.Number), "Error": failure,
		// Masked: the page shows the notice as checked, not as sent.
		"Masked": q.kind.ToApplicant() && !q.full,
	}
	// Whether and where the notice can be e-mailed, said before the button.
	switch {
	case !q.kind.ToApplicant():
		data["MailNote"] = "征求意见书请打印盖章后送达被征求意见方。"
	case !s.mailConfig().Enabled():
		data["MailNote"] = "服务器未配置电子邮件（SMTP），请下载 PDF 后邮寄或当面送达。"
	case !q.full:
		data["MailTo"] = "" // the address is known once the full notice is opened
		data["CanMail"] = true
	case q.applicant == nil || q.applicant.Email == "":
		data["MailNote"] = "申请人没有留下电子邮箱，请下载 PDF 后邮寄或当面送达。"
	default:
		data["MailTo"] = secret.MaskEmail(q.applicant.Email)
		data["CanMail"] = true
	}
	return data
}

// NoticePDF sends the full notice as a PDF (a POST: it opens the
// applicant's data; never cached).
func (s *Handler) NoticePDF(w http.ResponseWriter, r *http.Request) error {
	q, err := s.loadNotice(r, true)
	if err != nil {
		return err
	}
	pdf, err := notice.PDF(q.n, s.Cfg.PDFFont)
	if err != nil {
		return err
	}
	sendFile(w, "inline", q.n.FileName(), "application/pdf", pdf)
	return nil
}

// SendNotice e-mails a notice to the applicant, its PDF attached, and
// records the delivery in the case's trail. What stands in the way (no
// SMTP, no e-mail address, a 征求意见书) is said on the notice page.
func (s *Handler) SendNotice(w http.ResponseWriter, r *http.Request) error {
	const op = "web.sendNotice"
	q, err := s.loadNotice(r, true)
	if err != nil {
		return err
	}
	refuse := func(status int, msg string) error {
		s.Render(w, r, status, "notice_view", s.noticeData(q, "发送未成功："+msg))
		return nil
	}
	switch {
	case !q.kind.ToApplicant():
		return refuse(http.StatusConflict, "征求意见书发给被征求意见方，不通过电子邮件发给申请人；请打印盖章后送达。")
	case !s.mailConfig().Enabled():
		return refuse(http.StatusServiceUnavailable, "服务器未配置电子邮件（SMTP），请下载 PDF 后邮寄或当面送达。")
	case q.applicant.Email == "":
		return refuse(http.StatusConflict, "申请人没有留下电子邮箱，请下载 PDF 后邮寄或当面送达。")
	}
	pdf, err := notice.PDF(q.n, s.Cfg.PDFFont)
	if err != nil {
		return err
	}
	id, err := mailer.Send(r.Context(), s.mailConfig(), mailer.Message{
		To: q.applicant.Email, Subject: q.n.Subject(), Body: q.n.Text(),
		Attachments: []mailer.Attachment{{Name: q.n.FileName(), ContentType: "application/pdf", Data: pdf}},
	})
	if err != nil {
		if errs.Is(err, errs.Unavailable) || errs.Is(err, errs.Invalid) {
			// The server's reply may quote the address: log the code only.
			code, msg := errs.Public(err)
			s.Log.Warn("notice e-mail failed", "number", q.app.Number, "kind", string(q.kind), "code", code, "request_id", kit.RequestID(r.Context()))
			return refuse(kit.StatusOf(err), msg)
		}
		return err
	}
	detail := map[string]string{"kind": string(q.kind), "title": q.n.Title, "channel": "email",
		"to": secret.MaskEmail(q.applicant.Email), "message_id": id, "date": q.n.Date.String()}
	if q.seq != 0 {
		detail["seq"] = strconv.Itoa(q.seq)
	}
	if err := s.Store.RecordFOINoticeSent(r.Context(), kit.Actor(r), q.app.Number, detail); err != nil {
		// The mail is gone; the trail must say so, or the log at least.
		s.Log.Error("notice e-mailed but not recorded", "number", q.app.Number, "kind", string(q.kind), "message_id", id,
			"request_id", kit.RequestID(r.Context()), "err", err.Error())
		return errs.Wrap(op, fmt.Errorf("record notice sent: %w", err))
	}
	return kit.Redirect(w, r, noticePath(q.app.Number, q.kind, q.seq), "notice_sent")
}
