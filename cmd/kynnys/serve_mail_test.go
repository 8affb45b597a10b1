package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"kynnys/mail"
)

func TestNewMailer(t *testing.T) {
	for _, tc := range []struct {
		name    string
		demo    bool
		cfg     mail.SMTPConfig
		wantErr string
		smtp    bool
		warns   bool
	}{
		{name: "demo without SMTP logs quietly", demo: true},
		{name: "production without SMTP logs with a warning", warns: true},
		{name: "SMTP", cfg: mail.SMTPConfig{Addr: "smtp.county.fi:587", From: "kynnys@county.fi"}, smtp: true},
		{name: "SMTP with a user", cfg: mail.SMTPConfig{Addr: "smtp.county.fi:587", From: "kynnys@county.fi", Username: "k", Password: "p"}, smtp: true},
		{name: "a sender without a server", cfg: mail.SMTPConfig{From: "kynnys@county.fi"}, wantErr: "--smtp-addr"},
		{name: "a user without a password", cfg: mail.SMTPConfig{Addr: "smtp.county.fi:587", From: "kynnys@county.fi", Username: "k"}, wantErr: "KYNNYS_SMTP_PASSWORD"},
		{name: "a server without a port", cfg: mail.SMTPConfig{Addr: "smtp.county.fi", From: "kynnys@county.fi"}, wantErr: "HOST:PORT"},
		{name: "a server without a sender", cfg: mail.SMTPConfig{Addr: "smtp.county.fi:587"}, wantErr: "sender"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log bytes.Buffer
			sender, err := newMailer(slog.New(slog.NewTextHandler(&log, nil)), tc.demo, tc.cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, isSMTP := sender.(*mail.SMTP); isSMTP != tc.smtp {
				t.Errorf("sender is %T", sender)
			}
			if warned := strings.Contains(log.String(), "level=WARN"); warned != tc.warns {
				t.Errorf("warning logged: %v, want %v:\n%s", warned, tc.warns, log.String())
			}
		})
	}
}
