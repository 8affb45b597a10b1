// Package mail sends Kynnys's plain-text e-mail (deadline reminders to
// staff): over SMTP in production, or to the log in demo mode and when no
// SMTP server is configured.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
)

// Message is one plain-text e-mail.
type Message struct {
	To      []string
	Subject string
	Text    string
}

// Sender sends e-mail.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// check refuses a message that cannot be sent: no recipients, an address
// that does not parse, or a subject that would break out of its header. The
// error names no address: errors end up in logs.
func (m Message) check() ([]*mail.Address, error) {
	if len(m.To) == 0 {
		return nil, errors.New("mail: no recipients")
	}
	to := make([]*mail.Address, len(m.To))
	for i, s := range m.To {
		a, err := mail.ParseAddress(s)
		if err != nil {
			return nil, fmt.Errorf("mail: recipient %d is not an e-mail address", i+1)
		}
		to[i] = a
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("mail: the subject has a line break")
	}
	return to, nil
}

// newMessageID returns a random id for the Message-ID header and the log.
func newMessageID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Log is the Sender for demo mode and for a node without an SMTP server: it
// sends nothing and logs only that a message was due, with the number of
// recipients, the subject and an id — never the addresses or the text.
type Log struct {
	Logger *slog.Logger
}

// Send logs m instead of sending it.
func (l Log) Send(ctx context.Context, m Message) error {
	if _, err := m.check(); err != nil {
		return err
	}
	l.Logger.InfoContext(ctx, "e-mail not sent: no SMTP server configured",
		"recipients", len(m.To), "subject", m.Subject, "message_id", newMessageID())
	return nil
}
