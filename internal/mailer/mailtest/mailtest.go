// Package mailtest is a tiny SMTP server on loopback for tests of code that
// sends mail: EHLO/HELO, STARTTLS (when given a certificate), AUTH PLAIN
// (when Auth is set), MAIL, RCPT, DATA, RSET, NOOP and QUIT. It can refuse
// recipients, always or for the first few sessions, to test retries.
package mailtest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Received is what the server saw of one session that ended with QUIT.
type Received struct {
	Hello, From string
	Rcpt        []string
	Auth        string // the decoded AUTH PLAIN response
	TLS         bool   // STARTTLS was negotiated before MAIL
	Data        []byte
}

// Server is the test server. Set the options, then Start it.
type Server struct {
	Addr        string           // host:port, set by Start
	Cert        *tls.Certificate // offer STARTTLS with this certificate
	Auth        bool             // offer AUTH PLAIN (inside TLS when Cert is set)
	RejectRcpt  bool             // answer every RCPT with 550
	RejectFirst int              // answer RCPT with 550 in the first RejectFirst sessions

	sessions atomic.Int64
	got      chan Received
}

// Start listens on a loopback port until the test ends.
func Start(t testing.TB, s *Server) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s.Addr, s.got = ln.Addr().String(), make(chan Received, 16)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn, s.sessions.Add(1))
		}
	}()
	return s
}

// Sessions is the number of connections accepted so far.
func (s *Server) Sessions() int { return int(s.sessions.Load()) }

func (s *Server) serve(conn net.Conn, session int64) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	w := func(line string) { io.WriteString(conn, line+"\r\n") }
	var rec Received
	w("220 test.local ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			rec.Hello = arg
			w("250-test.local")
			if s.Cert != nil && !rec.TLS {
				w("250-STARTTLS")
			}
			if s.Auth && (rec.TLS || s.Cert == nil) {
				w("250-AUTH PLAIN")
			}
			w("250 8BITMIME")
		case "HELO":
			rec.Hello = arg
			w("250 test.local")
		case "STARTTLS":
			w("220 go ahead")
			tc := tls.Server(conn, &tls.Config{Certificates: []tls.Certificate{*s.Cert}})
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, r, rec.TLS = tc, bufio.NewReader(tc), true
		case "AUTH":
			_, resp, _ := strings.Cut(arg, " ")
			b, _ := base64.StdEncoding.DecodeString(resp)
			rec.Auth = string(b)
			w("235 2.7.0 accepted")
		case "MAIL":
			rec.From = arg
			w("250 ok")
		case "RCPT":
			if s.RejectRcpt || session <= int64(s.RejectFirst) {
				w("550 5.1.1 no such user")
				continue
			}
			rec.Rcpt = append(rec.Rcpt, arg)
			w("250 ok")
		case "DATA":
			w("354 end with <CRLF>.<CRLF>")
			var data bytes.Buffer
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, ".")) // undo dot-stuffing
			}
			rec.Data = data.Bytes()
			w("250 queued")
		case "RSET", "NOOP":
			w("250 ok")
		case "QUIT":
			w("221 bye")
			s.got <- rec
			return
		default:
			w("502 unknown command")
		}
	}
}

// Next waits for the next session that ended with QUIT.
func (s *Server) Next(t testing.TB) Received {
	t.Helper()
	select {
	case r := <-s.got:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no message arrived")
	}
	return Received{}
}

// Waiting is the number of completed sessions not yet taken with Next.
func (s *Server) Waiting() int { return len(s.got) }
