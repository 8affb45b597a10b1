package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"kynnys/access"
	"kynnys/demo"
	"kynnys/jobs"
	"kynnys/mail"
	"kynnys/reminder"
	"kynnys/store"
	"kynnys/web"
)

// shutdownGrace is how long in-flight requests get to finish on SIGINT/SIGTERM.
const shutdownGrace = 8 * time.Second

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dsn := newFlags("serve", stderr)
	addr := fs.String("addr", envOr("KYNNYS_ADDR", "127.0.0.1:8080"), "listen address HOST:PORT (env KYNNYS_ADDR)")
	demoMode := fs.Bool("demo", envOr("KYNNYS_DEMO", "") == "true", "fill an empty database with a demo county and allow sign-in without a second factor (env KYNNYS_DEMO=true)")
	publicURL := fs.String("public-url", envOr("KYNNYS_PUBLIC_URL", ""), "the URL users reach Kynnys at; https makes cookies Secure (env KYNNYS_PUBLIC_URL)")
	trustProxy := fs.Bool("trust-proxy", envOr("KYNNYS_TRUST_PROXY", "") == "true", "take client addresses from X-Forwarded-For (env KYNNYS_TRUST_PROXY=true)")
	logFormat := fs.String("log-format", envOr("KYNNYS_LOG_FORMAT", "text"), "log format: text or json (env KYNNYS_LOG_FORMAT)")
	logLevel := fs.String("log-level", envOr("KYNNYS_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env KYNNYS_LOG_LEVEL)")
	county := fs.String("county", envOr("KYNNYS_COUNTY", "Demo-hyvinvointialue"), "the wellbeing services county's name on public pages (env KYNNYS_COUNTY)")
	emergency := fs.String("emergency-number", envOr("KYNNYS_EMERGENCY_NUMBER", "0800 000 000"), "the social and crisis emergency phone number (env KYNNYS_EMERGENCY_NUMBER)")
	tlsCert := fs.String("tls-cert", envOr("KYNNYS_TLS_CERT", ""), "TLS certificate file, to serve HTTPS directly (env KYNNYS_TLS_CERT)")
	tlsKey := fs.String("tls-key", envOr("KYNNYS_TLS_KEY", ""), "TLS key file (env KYNNYS_TLS_KEY)")
	smtpAddr := fs.String("smtp-addr", envOr("KYNNYS_SMTP_ADDR", ""), "SMTP server HOST:PORT for e-mail; without it e-mail is only logged (env KYNNYS_SMTP_ADDR)")
	smtpFrom := fs.String("smtp-from", envOr("KYNNYS_SMTP_FROM", ""), "sender address of e-mail (env KYNNYS_SMTP_FROM)")
	smtpUser := fs.String("smtp-user", envOr("KYNNYS_SMTP_USER", ""), "SMTP user name; the password comes from the environment variable KYNNYS_SMTP_PASSWORD (env KYNNYS_SMTP_USER)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	logger, err := newLogger(stderr, *logFormat, *logLevel)
	if err != nil {
		return usageError{err.Error()}
	}
	var pub *url.URL
	if *publicURL != "" {
		if pub, err = url.Parse(*publicURL); err != nil || (pub.Scheme != "http" && pub.Scheme != "https") || pub.Host == "" {
			return usageError{"--public-url must be an http or https URL"}
		}
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		return usageError{"--tls-cert and --tls-key go together"}
	}
	mailer, err := newMailer(logger, *demoMode, mail.SMTPConfig{Addr: *smtpAddr, From: *smtpFrom,
		Username: *smtpUser, Password: os.Getenv("KYNNYS_SMTP_PASSWORD")})
	if err != nil {
		return usageError{err.Error()}
	}

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	started := time.Now()
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		logger.Info("migrated database", "engine", db.Engine(), "versions", applied)
	}
	if *demoMode {
		seeded, err := demo.Prepare(ctx, db, access.HashPassword)
		if err != nil {
			return err
		}
		printDemoCredentials(stdout, seeded)
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for name, pool := range db.Pools() {
		reg.MustRegister(collectors.NewDBStatsCollector(pool, name))
	}
	srv, err := web.New(web.Config{Demo: *demoMode, PublicURL: pub, TrustProxyHeaders: *trustProxy,
		CountyName: *county, EmergencyNumber: *emergency, Version: version, Logger: logger, Registry: reg}, db)
	if err != nil {
		return err
	}
	go expireSessions(ctx, db, logger)
	reminders := &reminder.Sender{Store: db, Mail: mailer, Text: srv, BaseURL: baseURL(pub, *addr), Now: time.Now}
	runner, err := startJobs(ctx, db, logger, reminders)
	if err != nil {
		return err
	}
	// On an early return; the clean shutdown below stops it itself, in order.
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		_ = runner.Stop(sctx)
	}()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	httpSrv := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if *tlsCert != "" {
		scheme = "https"
	}
	logger.Info("kynnys listening", "url", scheme+"://"+ln.Addr().String(), "engine", db.Engine(), "demo", *demoMode,
		"version", version, "startup", time.Since(started).Round(time.Millisecond))

	errc := make(chan error, 1)
	go func() {
		if *tlsCert != "" {
			errc <- httpSrv.ServeTLS(ln, *tlsCert, *tlsKey)
		} else {
			errc <- httpSrv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := httpSrv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// After the requests (which may queue jobs), before the database closes.
	if err := runner.Stop(sctx); err != nil {
		logger.Warn("stopping background jobs", "err", err)
	}
	logger.Info("stopped")
	return nil
}

// newMailer returns the e-mail sender: SMTP when a server is configured,
// otherwise the log (expected in demo mode, a warning otherwise).
func newMailer(logger *slog.Logger, demoMode bool, cfg mail.SMTPConfig) (mail.Sender, error) {
	if cfg.Addr != "" {
		if cfg.Username != "" && cfg.Password == "" {
			return nil, errors.New("--smtp-user needs the password in the environment variable KYNNYS_SMTP_PASSWORD")
		}
		return mail.NewSMTP(cfg)
	}
	if cfg.From != "" || cfg.Username != "" {
		return nil, errors.New("--smtp-from and --smtp-user need --smtp-addr")
	}
	if !demoMode {
		logger.Warn("no SMTP server configured (--smtp-addr): e-mail such as deadline reminders is logged, not sent")
	}
	return mail.Log{Logger: logger}, nil
}

// startJobs starts working the job queue with a worker for each kind of job
// Kynnys queues.
func startJobs(ctx context.Context, db *store.DB, logger *slog.Logger, reminders *reminder.Sender) (*jobs.Runner, error) {
	return jobs.Start(ctx, db.Jobs(), logger.With("component", "jobs"), store.IntakeReminderWorker(reminders.Send))
}

// baseURL is where staff reach Kynnys, for links in e-mails: the public
// URL when set, else the listen address.
func baseURL(pub *url.URL, addr string) string {
	if pub != nil {
		return strings.TrimSuffix(pub.String(), "/")
	}
	return "http://" + addr
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format must be text or json")
}

func printDemoCredentials(w io.Writer, seeded bool) {
	if seeded {
		fmt.Fprintln(w, "Demo county created.")
	}
	fmt.Fprintln(w, "DEMO MODE: made-up data only; no second factor is asked. Demo users (password "+demo.Password+"):")
	for _, u := range demo.Users {
		fmt.Fprintf(w, "  %-22s %s\n", u.Role, u.Email)
	}
}

// expireSessions removes dead sessions every few minutes (they are refused
// anyway; this keeps the table small).
func expireSessions(ctx context.Context, db *store.DB, logger *slog.Logger) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if _, err := db.DeleteExpiredSessions(ctx, now); err != nil && ctx.Err() == nil {
				logger.Warn("expiring sessions failed", "err", err)
			}
		}
	}
}
