package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
)

type loginView struct {
	*Page
	Email string
	Next  string
	Error string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	if st.session != nil && st.session.SecondFactorDone {
		http.Redirect(w, r, "/staff", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &loginView{Page: s.view(r, "login.title"), Next: safeNext(r.URL.Query().Get("next"))})
}

// clientAddress is the address throttling counts against.
func (s *Server) clientAddress(r *http.Request) string {
	if s.cfg.TrustProxyHeaders {
		// The proxy appends the address it saw; the last entry is the one it vouches for.
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// throttled reports how long the caller must wait before another attempt
// on any of keys (the longest wait wins).
func (s *Server) throttled(r *http.Request, keys map[string]access.ThrottlePolicy) (time.Duration, error) {
	var wait time.Duration
	for key, policy := range keys {
		n, last, err := s.store.LoginFailures(r.Context(), key)
		if err != nil {
			return 0, err
		}
		wait = max(wait, policy.RetryAfter(n, last, s.now()))
	}
	return wait, nil
}

func (s *Server) tooManyAttempts(w http.ResponseWriter, r *http.Request, wait time.Duration, render func(msg string)) {
	secs := int((wait + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", fmt.Sprint(secs))
	render(s.cat.T(state(r).lang, "login.throttled", secs))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	view := &loginView{Page: s.view(r, "login.title"), Email: email, Next: next}
	fail := func(status int, msg string) {
		view.Error = msg
		s.render(w, r, status, "login", view)
	}
	if email == "" || password == "" {
		fail(http.StatusBadRequest, s.cat.T(view.Lang, "login.missing"))
		return
	}
	acctKey := access.ThrottleKeyAccount(email)
	addrKey := access.ThrottleKeyAddress(s.clientAddress(r))
	wait, err := s.throttled(r, map[string]access.ThrottlePolicy{acctKey: access.LoginThrottle, addrKey: access.AddressThrottle})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if wait > 0 {
		s.tooManyAttempts(w, r, wait, func(msg string) { fail(http.StatusTooManyRequests, msg) })
		return
	}
	creds, err := s.store.CredentialsByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, kynnys.ErrNotFound) {
		s.internalError(w, r, err)
		return
	}
	ok := false
	if creds == nil {
		access.DummyPasswordCheck(password) // same time as a real check: no account probing
	} else {
		var rehash bool
		ok, rehash, err = access.CheckPassword(creds.PasswordHash, password)
		if err != nil {
			s.log.Error("stored password hash unreadable", "user_id", creds.UserID, "err", err)
			ok = false
		}
		ok = ok && creds.Active
		if ok && rehash {
			if h, err := access.HashPassword(password); err == nil {
				if err := s.store.UpgradePasswordHash(r.Context(), creds.UserID, creds.PasswordHash, h); err != nil {
					s.log.Warn("password hash upgrade failed", "user_id", creds.UserID, "err", err)
				}
			}
		}
	}
	if !ok {
		if err := s.store.RecordLoginFailure(r.Context(), s.now(), acctKey, addrKey); err != nil {
			s.internalError(w, r, err)
			return
		}
		fail(http.StatusUnauthorized, s.cat.T(view.Lang, "login.failed"))
		return
	}
	if err := s.store.ClearLoginFailures(r.Context(), acctKey); err != nil {
		s.internalError(w, r, err)
		return
	}
	// In demo mode the password is enough; otherwise the session waits for the second factor.
	if err := s.startSession(w, r, creds.UserID, s.cfg.Demo); err != nil {
		s.internalError(w, r, err)
		return
	}
	switch {
	case s.cfg.Demo:
		http.Redirect(w, r, next, http.StatusSeeOther)
	case creds.TOTPEnabled:
		http.Redirect(w, r, "/login/second-factor?next="+urlQueryEscape(next), http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/login/enrol", http.StatusSeeOther)
	}
}

// startSession replaces the browser's session with a new one (a fresh token
// at every privilege change defeats session fixation).
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID string, secondFactorDone bool) error {
	st := state(r)
	if c, err := r.Cookie(s.sessionCookie(r)); err == nil && c.Value != "" {
		if err := s.store.DeleteSession(r.Context(), access.HashToken(c.Value)); err != nil {
			return err
		}
	}
	token, sess, err := s.store.CreateSession(r.Context(), userID, secondFactorDone)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, token)
	st.session = sess
	return nil
}

type secondFactorView struct {
	*Page
	Next  string
	Error string
}

func (s *Server) secondFactorForm(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	if st.session.SecondFactorDone {
		http.Redirect(w, r, "/staff", http.StatusSeeOther)
		return
	}
	creds, err := s.store.CredentialsByUser(r.Context(), st.session.UserID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if !creds.TOTPEnabled {
		http.Redirect(w, r, "/login/enrol", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "second_factor", &secondFactorView{Page: s.view(r, "second_factor.title"), Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) secondFactor(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	if st.session.SecondFactorDone {
		http.Redirect(w, r, "/staff", http.StatusSeeOther)
		return
	}
	next := safeNext(r.PostFormValue("next"))
	view := &secondFactorView{Page: s.view(r, "second_factor.title"), Next: next}
	fail := func(status int, msg string) {
		view.Error = msg
		s.render(w, r, status, "second_factor", view)
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	if code == "" {
		fail(http.StatusBadRequest, s.cat.T(view.Lang, "second_factor.missing"))
		return
	}
	key := "2fa:" + st.session.UserID
	wait, err := s.throttled(r, map[string]access.ThrottlePolicy{key: access.LoginThrottle})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if wait > 0 {
		s.tooManyAttempts(w, r, wait, func(msg string) { fail(http.StatusTooManyRequests, msg) })
		return
	}
	creds, err := s.store.CredentialsByUser(r.Context(), st.session.UserID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	ok := false
	if len(access.NormaliseRecoveryCode(code)) > 6 {
		ok, err = s.store.UseRecoveryCode(r.Context(), creds.UserID, access.RecoveryCodeHash(code))
	} else if step, valid := access.VerifyTOTP(creds.TOTPSecret, code, s.now(), creds.TOTPLastStep); valid && creds.TOTPEnabled {
		ok, err = s.store.AdvanceTOTPStep(r.Context(), creds.UserID, step)
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if !ok {
		if err := s.store.RecordLoginFailure(r.Context(), s.now(), key); err != nil {
			s.internalError(w, r, err)
			return
		}
		fail(http.StatusUnauthorized, s.cat.T(view.Lang, "second_factor.failed"))
		return
	}
	if err := s.store.ClearLoginFailures(r.Context(), key); err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := s.startSession(w, r, creds.UserID, true); err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

type enrolView struct {
	*Page
	Secret        string
	Error         string
	RecoveryCodes []string
}

// pendingSecret returns the user's not yet verified TOTP secret, making one
// on first visit. Reloading the page keeps the secret already scanned.
func (s *Server) pendingSecret(r *http.Request, userID string) (string, bool, error) {
	creds, err := s.store.CredentialsByUser(r.Context(), userID)
	if err != nil {
		return "", false, err
	}
	if creds.TOTPEnabled {
		return "", true, nil
	}
	if creds.TOTPSecret != "" {
		return creds.TOTPSecret, false, nil
	}
	u, err := s.store.User(r.Context(), userID)
	if err != nil {
		return "", false, err
	}
	secret, _, err := access.NewTOTPKey(s.cfg.CountyName+" Kynnys", u.Email)
	if err != nil {
		return "", false, err
	}
	return secret, false, s.store.SetPendingTOTP(r.Context(), userID, secret)
}

// enrolmentSecret is the secret being enrolled; a user already enrolled is
// sent to the second-factor step instead (ok false: the response is written).
func (s *Server) enrolmentSecret(w http.ResponseWriter, r *http.Request) (string, bool) {
	secret, enrolled, err := s.pendingSecret(r, state(r).session.UserID)
	if err != nil {
		s.internalError(w, r, err)
		return "", false
	}
	if enrolled {
		http.Redirect(w, r, "/login/second-factor", http.StatusSeeOther)
		return "", false
	}
	return secret, true
}

func (s *Server) enrolForm(w http.ResponseWriter, r *http.Request) {
	secret, ok := s.enrolmentSecret(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "enrol", &enrolView{Page: s.view(r, "enrol.title"), Secret: groupSecret(secret)})
}

// groupSecret splits a base32 secret into groups of four for typing by hand.
func groupSecret(secret string) string {
	var b strings.Builder
	for i, c := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *Server) enrolQR(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	secret, enrolled, err := s.pendingSecret(r, st.session.UserID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if enrolled {
		s.notFound(w, r)
		return
	}
	u, err := s.store.User(r.Context(), st.session.UserID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	png, err := access.TOTPQRCodePNG(access.TOTPURL(s.cfg.CountyName+" Kynnys", u.Email, secret), 240)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(png)
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	secret, ok := s.enrolmentSecret(w, r)
	if !ok {
		return
	}
	view := &enrolView{Page: s.view(r, "enrol.title"), Secret: groupSecret(secret)}
	step, ok := access.VerifyTOTP(secret, r.PostFormValue("code"), s.now(), 0)
	if !ok {
		view.Error = s.cat.T(view.Lang, "enrol.failed")
		s.render(w, r, http.StatusBadRequest, "enrol", view)
		return
	}
	plain, hashes, err := access.NewRecoveryCodes(10)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := s.store.EnableTOTP(r.Context(), st.session.UserID, step, hashes); err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := s.startSession(w, r, st.session.UserID, true); err != nil {
		s.internalError(w, r, err)
		return
	}
	// The codes are shown once, on this response, and never stored in clear.
	view = &enrolView{Page: s.view(r, "recovery.title"), RecoveryCodes: plain}
	s.render(w, r, http.StatusOK, "recovery_codes", view)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	if err := s.store.DeleteSession(r.Context(), st.session.TokenHash); err != nil {
		s.internalError(w, r, err)
		return
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/login?signed_out=1", http.StatusSeeOther)
}
