package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// SMTPConfig says how to reach the mail server.
type SMTPConfig struct {
	// Addr is the server's HOST:PORT (submission is usually port 587).
	Addr string
	// From is the sender address, e.g. "Kynnys <kynnys@county.fi>".
	From string
	// Username and Password, when Username is set, sign in with AUTH PLAIN,
	// which net/smtp does only over TLS (or to a server on this host).
	Username, Password string
}

// SMTP sends e-mail through one SMTP server, a connection per message. It
// upgrades the connection with STARTTLS whenever the server offers it,
// checking the server's certificate.
type SMTP struct {
	cfg  SMTPConfig
	host string
	from *mail.Address
	// rootCAs replaces the system's roots (tests: the fake server's own).
	rootCAs *x509.CertPool
}

// smtpTimeout bounds a whole conversation when the context sets no deadline.
const smtpTimeout = time.Minute

// NewSMTP checks cfg and returns its sender.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil || host == "" || port == "" {
		return nil, fmt.Errorf("SMTP address %q is not HOST:PORT", cfg.Addr)
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("SMTP sender %q is not an e-mail address", cfg.From)
	}
	if cfg.Username != "" && cfg.Password == "" {
		return nil, errors.New("an SMTP user needs a password")
	}
	return &SMTP{cfg: cfg, host: host, from: from}, nil
}

// Send sends m. An error carries the SMTP stage and reply code but not the
// server's text, which often repeats an address.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	to, err := m.check()
	if err != nil {
		return err
	}
	body, err := s.format(m, to, time.Now())
	if err != nil {
		return err
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("smtp: connect: %w", err)
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(smtpTimeout)
	}
	_ = conn.SetDeadline(deadline)
	// Closing the connection is what interrupts a conversation on
	// cancellation; net/smtp itself does not watch ctx.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return stageErr("greeting", err)
	}
	defer c.Close()
	if err := s.converse(c, to, body); err != nil {
		return err
	}
	return stageErr("QUIT", c.Quit())
}

func (s *SMTP) converse(c *smtp.Client, to []*mail.Address, body []byte) error {
	if err := c.Hello("localhost"); err != nil {
		return stageErr("EHLO", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: s.host, RootCAs: s.rootCAs, MinVersion: tls.VersionTLS12}); err != nil {
			return stageErr("STARTTLS", err)
		}
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.host)); err != nil {
			return stageErr("AUTH", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return stageErr("MAIL", err)
	}
	for _, a := range to {
		if err := c.Rcpt(a.Address); err != nil {
			return stageErr("RCPT", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return stageErr("DATA", err)
	}
	if _, err := w.Write(body); err != nil {
		return stageErr("DATA", err)
	}
	return stageErr("DATA", w.Close())
}

// stageErr names the stage of the conversation that failed; a server reply
// is reduced to its code (see Send).
func stageErr(stage string, err error) error {
	if err == nil {
		return nil
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return fmt.Errorf("smtp %s: server replied %d", stage, te.Code)
	}
	return fmt.Errorf("smtp %s: %w", stage, err)
}

// format renders m as an RFC 5322 message: UTF-8 text, quoted-printable so
// that long lines and Finnish letters pass any relay, CRLF line ends.
func (s *SMTP) format(m Message, to []*mail.Address, now time.Time) ([]byte, error) {
	domain := s.from.Address[strings.LastIndexByte(s.from.Address, '@')+1:]
	recipients := make([]string, len(to))
	for i, a := range to {
		recipients[i] = a.String()
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", s.from.String())
	// One recipient a line: a long list stays within the line length limit.
	header("To", strings.Join(recipients, ",\r\n "))
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+newMessageID()+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	text := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n")
	if !strings.HasSuffix(text, "\r\n") {
		text += "\r\n"
	}
	if _, err := qp.Write([]byte(text)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
