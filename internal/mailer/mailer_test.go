package mailer

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"gongkai/internal/errs"
	"gongkai/internal/mailer/mailtest"
)

var pdf = append([]byte("%PDF-1.3\n"), bytes.Repeat([]byte{0, 1, 2, 0xff, '.', '\n'}, 200)...)

func testMessage() Message {
	return Message{
		To:      "李明 <liming@example.com>",
		Subject: "政府信息部分公开告知书（申请编号：YSQ2025-00031）",
		Body:    "政府信息部分公开告知书\n\n李明：\n\n　　本机关于2025年9月26日收到您提出的申请。\n.\n以点开头的一行。\n",
		Attachments: []Attachment{
			{Name: "YSQ2025-00031-答复告知书.pdf", ContentType: "application/pdf", Data: pdf},
		},
	}
}

// checkMessage parses what arrived and checks every part of it.
func checkMessage(t *testing.T, rec mailtest.Received) {
	t.Helper()
	if from, _, _ := strings.Cut(rec.From, " "); from != "FROM:<gongkai@jy.example.gov.cn>" || len(rec.Rcpt) != 1 || rec.Rcpt[0] != "TO:<liming@example.com>" {
		t.Fatalf("envelope: %q %q", rec.From, rec.Rcpt)
	}
	if rec.Hello != "jy.example.gov.cn" {
		t.Errorf("EHLO %q", rec.Hello)
	}
	for i, c := range rec.Data {
		if c >= 0x80 {
			t.Fatalf("8-bit byte at %d: the message must be 7-bit clean", i)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(rec.Data))
	if err != nil {
		t.Fatal(err)
	}
	raw := msg.Header.Get("Subject")
	if !strings.HasPrefix(raw, "=?UTF-8?b?") && !strings.HasPrefix(raw, "=?UTF-8?B?") {
		t.Errorf("subject is not RFC 2047: %q", raw)
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(raw)
	if err != nil || subject != "政府信息部分公开告知书（申请编号：YSQ2025-00031）" {
		t.Errorf("subject %q (%v)", subject, err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || from[0].Name != "菊园新区政务公开" {
		t.Errorf("From %v %v", from, err)
	}
	for _, h := range []string{"Date", "Message-Id", "Mime-Version"} {
		if msg.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("content type %q", msg.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	text, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(text) // quoted-printable is decoded by the reader
	if !strings.Contains(string(body), "李明：\r\n") || !strings.Contains(string(body), "\r\n.\r\n以点开头的一行。") || !strings.HasPrefix(text.Header.Get("Content-Type"), "text/plain; charset=UTF-8") {
		t.Errorf("text part: %q %v", body, text.Header)
	}
	att, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	if att.FileName() != "YSQ2025-00031-答复告知书.pdf" || !strings.HasPrefix(att.Header.Get("Content-Type"), "application/pdf") {
		t.Errorf("attachment: %q %v", att.FileName(), att.Header)
	}
	data, _ := io.ReadAll(base64.NewDecoder(base64.StdEncoding, att))
	if !bytes.Equal(data, pdf) {
		t.Errorf("attachment: %d bytes, want %d", len(data), len(pdf))
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("more parts than expected: %v", err)
	}
}

var cfg = Config{From: "菊园新区政务公开 <gongkai@jy.example.gov.cn>"}

func TestSendPlain(t *testing.T) {
	s := mailtest.Start(t, &mailtest.Server{})
	c := cfg
	c.Addr = s.Addr
	id, err := Send(context.Background(), c, testMessage())
	if err != nil {
		t.Fatal(err)
	}
	rec := s.Next(t)
	if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@jy.example.gov.cn>") || !bytes.Contains(rec.Data, []byte("Message-ID: "+id)) {
		t.Errorf("message id %q", id)
	}
	if rec.TLS || rec.Auth != "" {
		t.Error("TLS or AUTH where the server offered none and no user is set")
	}
	checkMessage(t, rec)
}

// TestSendSTARTTLSAndAuth: the server offers STARTTLS; the client takes it
// and then authenticates with PLAIN inside TLS.
func TestSendSTARTTLSAndAuth(t *testing.T) {
	cert, pool := selfSigned(t)
	old := tlsConfig
	tlsConfig = func(host string) *tls.Config {
		return &tls.Config{ServerName: host, RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	t.Cleanup(func() { tlsConfig = old })
	s := mailtest.Start(t, &mailtest.Server{Cert: cert, Auth: true})
	c := cfg
	c.Addr, c.User, c.Password = s.Addr, "gongkai", "s3cret-密码"
	if _, err := Send(context.Background(), c, testMessage()); err != nil {
		t.Fatal(err)
	}
	rec := s.Next(t)
	if !rec.TLS || rec.Auth != "\x00gongkai\x00s3cret-密码" {
		t.Fatalf("tls %v auth %q", rec.TLS, rec.Auth)
	}
	checkMessage(t, rec)

	// A certificate the client does not trust stops the delivery before
	// the password is sent.
	tlsConfig = old
	s2 := mailtest.Start(t, &mailtest.Server{Cert: cert, Auth: true})
	c.Addr = s2.Addr
	if _, err := Send(context.Background(), c, testMessage()); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("untrusted certificate: %v", err)
	}
}

func TestSendFailures(t *testing.T) {
	ctx := context.Background()
	if _, err := Send(ctx, Config{}, testMessage()); errs.KindOf(err) != errs.Unavailable {
		t.Errorf("not configured: %v", err)
	} else if code, msg := errs.Public(err); code != "smtp_not_configured" || !strings.Contains(msg, "未配置") {
		t.Errorf("not configured: %s %s", code, msg)
	}
	s := mailtest.Start(t, &mailtest.Server{RejectRcpt: true})
	c := cfg
	c.Addr = s.Addr
	_, err := Send(ctx, c, testMessage())
	if code, msg := errs.Public(err); !errs.Is(err, errs.Unavailable) || code != "smtp_failed" || !strings.Contains(msg, "邮件发送失败") {
		t.Errorf("rejected recipient: %v", err)
	}
	for _, to := range []string{"", "not an address", "a@example.com\r\nBcc: x@example.com"} {
		m := testMessage()
		m.To = to
		if _, err := Send(ctx, c, m); !errs.Is(err, errs.Invalid) {
			t.Errorf("recipient %q: %v", to, err)
		}
	}
	// Nobody listening.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	c.Addr = ln.Addr().String()
	ln.Close()
	if _, err := Send(ctx, c, testMessage()); !errs.Is(err, errs.Unavailable) {
		t.Errorf("closed port: %v", err)
	}
	// Configuration mistakes are caught at start.
	if err := (Config{Addr: "smtp.example.com", From: "a@example.com"}).Validate(); !errs.Is(err, errs.Invalid) {
		t.Errorf("addr without port: %v", err)
	}
	if err := (Config{Addr: "smtp.example.com:25", From: "x"}).Validate(); !errs.Is(err, errs.Invalid) {
		t.Errorf("bad from: %v", err)
	}
	if err := (Config{Addr: "smtp.example.com:25", From: "a@example.com", Password: "p"}).Validate(); !errs.Is(err, errs.Invalid) {
		t.Errorf("password without user: %v", err)
	}
}

// TestSubjectCannotInjectHeaders: a line break in the subject stays inside
// the encoded word.
func TestSubjectCannotInjectHeaders(t *testing.T) {
	m := testMessage()
	m.Subject = "告知书\r\nBcc: evil@example.com"
	from, _ := mail.ParseAddress(cfg.From)
	to, _ := mail.ParseAddress(m.To)
	raw, err := Compose(from, to, m, time.Now(), "<x@y>")
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Bcc") != "" {
		t.Fatal("header injected")
	}
}

func selfSigned(t *testing.T) (*tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test.local"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
