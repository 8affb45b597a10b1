package mail

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
	"log/slog"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSMTP is a minimal SMTP server for one test: it records the commands it
// gets (AUTH decoded) and the message, and answers as its fields say.
type fakeSMTP struct {
	ln       net.Listener
	tls      *tls.Config // offer STARTTLS with this, when set
	rejectTo string      // answer RCPT TO this address with 550

	mu       sync.Mutex
	commands []string
	data     string
	tlsUsed  bool
	done     chan struct{}
}

func startFake(t *testing.T, f *fakeSMTP) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.ln, f.done = ln, make(chan struct{})
	t.Cleanup(func() { ln.Close() })
	go f.serve()
	return f
}

func (f *fakeSMTP) serve() {
	defer close(f.done)
	conn, err := f.ln.Accept()
	if err != nil {
		return
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(conn)
	reply := func(lines ...string) { _ = tp.PrintfLine("%s", strings.Join(lines, "\r\n")) }
	reply("220 fake ESMTP")
	secure := false
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		record := line
		switch verb {
		case "EHLO":
			ext := []string{"250-fake"}
			if f.tls != nil && !secure {
				ext = append(ext, "250-STARTTLS")
			}
			if secure {
				ext = append(ext, "250-AUTH PLAIN")
			}
			reply(append(ext, "250 8BITMIME")...)
		case "STARTTLS":
			reply("220 go ahead")
			tc := tls.Server(conn, f.tls)
			if err := tc.Handshake(); err != nil {
				return // the client's to report
			}
			tp, secure = textproto.NewConn(tc), true
			f.mu.Lock()
			f.tlsUsed = true
			f.mu.Unlock()
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			dec, _ := base64.StdEncoding.DecodeString(resp)
			record = "AUTH " + mech + " " + strings.ReplaceAll(string(dec), "\x00", "|")
			reply("235 ok")
		case "MAIL":
			reply("250 ok")
		case "RCPT":
			if f.rejectTo != "" && strings.Contains(arg, f.rejectTo) {
				reply("550 no such user " + f.rejectTo)
			} else {
				reply("250 ok")
			}
		case "DATA":
			reply("354 go on")
			data, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			f.mu.Lock()
			f.data = string(data)
			f.mu.Unlock()
			reply("250 queued")
		case "QUIT":
			reply("221 bye")
			f.record(line)
			return
		default:
			reply("502 unknown")
		}
		f.record(record)
	}
}

func (f *fakeSMTP) record(cmd string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commands = append(f.commands, cmd)
}

// transcript waits for the conversation to end and returns it.
func (f *fakeSMTP) transcript(t *testing.T) ([]string, string, bool) {
	t.Helper()
	select {
	case <-f.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the fake SMTP server's conversation did not end")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.commands, f.data, f.tlsUsed
}

// selfSigned returns a server TLS config for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fake smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

var reminder = Message{
	To:      []string{"ohjaaja@county.fi", "Tiina Vetäjä <vetaja@county.fi>"},
	Subject: "Muistutus: määräaika lähestyy",
	Text:    "Määräaika on 2.1.2027.\nAvaa: https://kynnys.example/intake/items/1\n" + strings.Repeat("pitkä rivi ", 12),
}

func TestSMTPSendsOverPlainConnection(t *testing.T) {
	f := startFake(t, &fakeSMTP{})
	s, err := NewSMTP(SMTPConfig{Addr: f.ln.Addr().String(), From: "Kynnys <kynnys@county.fi>"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(t.Context(), reminder); err != nil {
		t.Fatalf("Send: %v", err)
	}
	commands, data, tlsUsed := f.transcript(t)
	want := []string{"EHLO localhost", "MAIL FROM:<kynnys@county.fi> BODY=8BITMIME",
		"RCPT TO:<ohjaaja@county.fi>", "RCPT TO:<vetaja@county.fi>", "DATA", "QUIT"}
	if !slices.Equal(commands, want) {
		t.Errorf("conversation:\n got %q\nwant %q", commands, want)
	}
	if tlsUsed {
		t.Error("TLS was used though the server did not offer it")
	}
	checkMessage(t, data)
}

// checkMessage parses what the server received and compares it with reminder.
func checkMessage(t *testing.T, data string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("the message does not parse: %v\n%s", err, data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != reminder.Subject {
		t.Errorf("Subject = %q (%v), want %q", subject, err, reminder.Subject)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Address != "ohjaaja@county.fi" || to[1].Address != "vetaja@county.fi" || to[1].Name != "Tiina Vetäjä" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if from, err := msg.Header.AddressList("From"); err != nil || from[0].Address != "kynnys@county.fi" {
		t.Errorf("From = %v (%v)", from, err)
	}
	for _, h := range []string{"Date", "Message-ID"} {
		if msg.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	if ct := msg.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	// The server's reader has turned CRLF into LF.
	for line := range strings.SplitSeq(data, "\n") {
		if len(line) > 78 {
			t.Errorf("a line of %d characters: %q", len(line), line)
		}
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if want := reminder.Text + "\n"; string(body) != want {
		t.Errorf("body:\n got %q\nwant %q", body, want)
	}
}

func TestSMTPStartsTLSAndSignsIn(t *testing.T) {
	serverTLS, roots := selfSigned(t)
	f := startFake(t, &fakeSMTP{tls: serverTLS})
	s, err := NewSMTP(SMTPConfig{Addr: f.ln.Addr().String(), From: "kynnys@county.fi", Username: "kynnys", Password: "salasana"})
	if err != nil {
		t.Fatal(err)
	}
	s.rootCAs = roots
	if err := s.Send(t.Context(), reminder); err != nil {
		t.Fatalf("Send: %v", err)
	}
	commands, data, tlsUsed := f.transcript(t)
	if !tlsUsed {
		t.Fatal("the client did not start TLS though the server offered it")
	}
	want := []string{"EHLO localhost", "STARTTLS", "EHLO localhost", "AUTH PLAIN |kynnys|salasana",
		"MAIL FROM:<kynnys@county.fi> BODY=8BITMIME", "RCPT TO:<ohjaaja@county.fi>", "RCPT TO:<vetaja@county.fi>", "DATA", "QUIT"}
	if !slices.Equal(commands, want) {
		t.Errorf("conversation:\n got %q\nwant %q", commands, want)
	}
	checkMessage(t, data)
}

// A server whose certificate does not check out gets neither the password
// nor the message.
func TestSMTPRefusesUntrustedServer(t *testing.T) {
	serverTLS, _ := selfSigned(t)
	f := startFake(t, &fakeSMTP{tls: serverTLS})
	s, err := NewSMTP(SMTPConfig{Addr: f.ln.Addr().String(), From: "kynnys@county.fi", Username: "kynnys", Password: "salasana"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(t.Context(), reminder); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send to a server with an untrusted certificate: %v, want a STARTTLS error", err)
	}
	commands, data, _ := f.transcript(t)
	for _, c := range commands {
		if strings.HasPrefix(c, "AUTH") || strings.HasPrefix(c, "MAIL") {
			t.Errorf("the client went on with %q", c)
		}
	}
	if data != "" {
		t.Error("the message was sent")
	}
}

// A refused recipient fails the send, and the error does not repeat the
// server's text (which names the address).
func TestSMTPRefusedRecipient(t *testing.T) {
	f := startFake(t, &fakeSMTP{rejectTo: "vetaja@county.fi"})
	s, err := NewSMTP(SMTPConfig{Addr: f.ln.Addr().String(), From: "kynnys@county.fi"})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(t.Context(), reminder)
	if err == nil || !strings.Contains(err.Error(), "RCPT") || !strings.Contains(err.Error(), "550") {
		t.Fatalf("Send = %v, want an RCPT 550 error", err)
	}
	if strings.Contains(err.Error(), "@") {
		t.Errorf("the error names an address: %v", err)
	}
}

func TestNewSMTPChecksConfig(t *testing.T) {
	for _, cfg := range []SMTPConfig{
		{Addr: "smtp.county.fi", From: "kynnys@county.fi"},
		{Addr: ":587", From: "kynnys@county.fi"},
		{Addr: "smtp.county.fi:587", From: "kynnys"},
		{Addr: "smtp.county.fi:587", From: "kynnys@county.fi", Username: "kynnys"},
	} {
		if _, err := NewSMTP(cfg); err == nil {
			t.Errorf("NewSMTP(%+v) accepted", cfg)
		}
	}
}

func TestMessagesThatCannotBeSent(t *testing.T) {
	var buf bytes.Buffer
	log := Log{Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	for name, m := range map[string]Message{
		"no recipients":     {Subject: "s", Text: "t"},
		"bad address":       {To: []string{"not an address"}, Subject: "s"},
		"header injection":  {To: []string{"a@county.fi"}, Subject: "s\r\nBcc: x@evil.example"},
		"bare line feed":    {To: []string{"a@county.fi"}, Subject: "s\nBcc: x@evil.example"},
		"one bad recipient": {To: []string{"a@county.fi", "b@"}, Subject: "s"},
	} {
		err := log.Send(context.Background(), m)
		if err == nil {
			t.Errorf("%s: sent", name)
		} else if strings.Contains(err.Error(), "@") {
			t.Errorf("%s: the error names an address: %v", name, err)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("refused messages were logged: %s", buf.String())
	}
}

// The log sender writes the count of recipients, the subject and an id,
// and nothing of the addresses or the text.
func TestLogSenderLogsNoPersonalData(t *testing.T) {
	var buf bytes.Buffer
	log := Log{Logger: slog.New(slog.NewJSONHandler(&buf, nil))}
	if err := log.Send(t.Context(), reminder); err != nil {
		t.Fatal(err)
	}
	line := buf.String()
	for _, want := range []string{`"recipients":2`, `"message_id":"`, "Muistutus"} {
		if !strings.Contains(line, want) {
			t.Errorf("the log line lacks %s: %s", want, line)
		}
	}
	for _, secret := range []string{"ohjaaja", "vetaja", "Vetäjä", "county.fi", "Määräaika", "kynnys.example"} {
		if strings.Contains(line, secret) {
			t.Errorf("the log line holds %q: %s", secret, line)
		}
	}
}
