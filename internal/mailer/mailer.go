// Package mailer sends e-mail through a configured SMTP server: a plain-text
// body in UTF-8 with attachments (a notice and its PDF), as one MIME
// multipart message with an RFC 2047 subject. It uses STARTTLS whenever the
// server offers it and authenticates (PLAIN) when a user is configured;
// net/smtp refuses to send a password over an unencrypted connection to any
// host but the local one.
package mailer

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"gongkai/internal/errs"
)

// Config says how to reach the SMTP server. An empty Addr means e-mail is
// not configured.
type Config struct {
	Addr     string // host:port, e.g. smtp.example.gov.cn:587 (GONGKAI_SMTP_ADDR)
	From     string // sender, e.g. 菊园新区政务公开 <gongkai@example.gov.cn> (GONGKAI_SMTP_FROM)
	User     string // optional; with it the client authenticates (GONGKAI_SMTP_USER)
	Password string // (GONGKAI_SMTP_PASSWORD)
}

// Enabled reports whether e-mail is configured.
func (c Config) Enabled() bool { return strings.TrimSpace(c.Addr) != "" }

// Validate checks the configuration when e-mail is enabled.
func (c Config) Validate() error {
	const op = "mailer.Config.Validate"
	if !c.Enabled() {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return errs.New(errs.Invalid, op, "smtp_addr", "SMTP 服务器地址应为“主机:端口”，例如 smtp.example.gov.cn:587。")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return errs.New(errs.Invalid, op, "smtp_from", "请设置有效的发件地址（GONGKAI_SMTP_FROM）。")
	}
	if c.User == "" && c.Password != "" {
		return errs.New(errs.Invalid, op, "smtp_user", "设置了 SMTP 密码却没有用户名。")
	}
	return nil
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name        string // may be Chinese; sent RFC 2231-encoded
	ContentType string // e.g. application/pdf
	Data        []byte
}

// Message is one e-mail to one recipient.
type Message struct {
	To          string // an address (a display name is allowed)
	Subject     string
	Body        string // plain text
	Attachments []Attachment
}

// Timeout bounds one delivery (connect, dialogue, data) when the context
// has no earlier deadline.
const Timeout = 60 * time.Second

// tlsConfig is the STARTTLS configuration for a server name; tests replace
// it to trust their own certificate.
var tlsConfig = func(host string) *tls.Config {
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

// Send delivers m through the server of c and returns the Message-ID it
// gave the message. Errors are unavailable (the server or the network) or
// invalid (a bad address), with Chinese messages; the cause (never the
// password) is kept for the log.
func Send(ctx context.Context, c Config, m Message) (string, error) {
	const op = "mailer.Send"
	if !c.Enabled() {
		return "", errs.New(errs.Unavailable, op, "smtp_not_configured", "服务器未配置电子邮件（SMTP），无法发送。")
	}
	if err := c.Validate(); err != nil {
		return "", err
	}
	from, _ := mail.ParseAddress(c.From)
	to, err := mail.ParseAddress(m.To)
	if err != nil || strings.ContainsAny(m.To, "\r\n") {
		return "", errs.New(errs.Invalid, op, "invalid_recipient", "收件人电子邮箱格式不正确。")
	}
	id := messageID(from.Address)
	raw, err := Compose(from, to, m, time.Now(), id)
	if err != nil {
		return "", err
	}
	unavailable := func(err error) error {
		return errs.New(errs.Unavailable, op, "smtp_failed", "邮件发送失败（SMTP 服务器不可用或拒收），请稍后重试或改为邮寄。").WithErr(err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, Timeout)
		defer cancel()
	}
	host, _, _ := net.SplitHostPort(c.Addr)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", c.Addr)
	if err != nil {
		return "", unavailable(err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	client, err := smtp.NewClient(conn, host)
	if err != nil {
		return "", unavailable(err)
	}
	defer client.Close()
	if err := client.Hello(helloName(from.Address)); err != nil {
		return "", unavailable(err)
	}
	if ok, _ := client.Extension("STARTTLS"); ok {
		if err := client.StartTLS(tlsConfig(host)); err != nil {
			return "", unavailable(err)
		}
	}
	if c.User != "" {
		if ok, _ := client.Extension("AUTH"); !ok {
			return "", unavailable(fmt.Errorf("server %s offers no AUTH", c.Addr))
		}
		if err := client.Auth(smtp.PlainAuth("", c.User, c.Password, host)); err != nil {
			return "", unavailable(err)
		}
	}
	if err := client.Mail(from.Address); err != nil {
		return "", unavailable(err)
	}
	if err := client.Rcpt(to.Address); err != nil {
		return "", unavailable(err)
	}
	w, err := client.Data()
	if err != nil {
		return "", unavailable(err)
	}
	if _, err := w.Write(raw); err != nil {
		return "", unavailable(err)
	}
	if err := w.Close(); err != nil {
		return "", unavailable(err)
	}
	if err := client.Quit(); err != nil {
		return "", unavailable(err)
	}
	return id, nil
}

// helloName is the name given in EHLO: the sender's domain, a name that
// means something to the server's logs (net/smtp would say "localhost").
func helloName(addr string) string {
	if _, domain, ok := strings.Cut(addr, "@"); ok && domain != "" && !strings.ContainsAny(domain, " \r\n") {
		return domain
	}
	return "localhost"
}

func messageID(from string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "<" + hex.EncodeToString(b) + "@" + helloName(from) + ">"
}

// Compose writes the message: headers (Subject in RFC 2047 base64 UTF-8),
// a quoted-printable UTF-8 text part and base64 attachments.
func Compose(from, to *mail.Address, m Message, now time.Time, id string) ([]byte, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	subject := strings.NewReplacer("\r", " ", "\n", " ").Replace(m.Subject)
	header := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.BEncoding.Encode("UTF-8", subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", id)
	header("MIME-Version", "1.0")
	header("Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": mw.Boundary()}))
	buf.WriteString("\r\n")

	part, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=UTF-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return nil, err
	}
	qp := quotedprintable.NewWriter(part)
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	for _, a := range m.Attachments {
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		part, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType(ct, map[string]string{"name": a.Name})},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})},
			"Content-Transfer-Encoding": {"base64"},
		})
		if err != nil {
			return nil, err
		}
		enc := base64.StdEncoding.EncodeToString(a.Data)
		for len(enc) > 0 {
			n := min(len(enc), 76)
			if _, err := part.Write([]byte(enc[:n] + "\r\n")); err != nil {
				return nil, err
			}
			enc = enc[n:]
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
