package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
)

// reqState is what the middleware learns about a request, shared by pointer
// through the context so that inner layers can fill it in for outer ones
// (the matched route for the access log and metrics, say).
type reqState struct {
	id      string
	lang    string
	route   string
	user    *access.User
	session *access.Session
}

type stateKey struct{}

func state(r *http.Request) *reqState {
	if st, ok := r.Context().Value(stateKey{}).(*reqState); ok {
		return st
	}
	return &reqState{lang: Languages[0]}
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// middleware wraps the mux: request state and id, language, security
// headers, panics to 500, metrics and a log line, and cross-origin protection.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusForbidden, "error.cross_origin")
	}))
	inner := compress(cop.Handler(next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		st := &reqState{id: newRequestID()}
		var fromQuery bool
		st.lang, fromQuery = negotiateLanguage(r)
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		sw := &statusWriter{ResponseWriter: w}
		if r.Body != nil {
			// Forms and API bodies are small; a larger body is refused (413)
			// before anything reads it whole.
			r.Body = http.MaxBytesReader(sw, r.Body, maxBodyBytes)
		}
		s.securityHeaders(sw, r, st)
		// The language cookie remembers a person's choice on pages; an API
		// response must not carry it (a shared cache would hand it to everyone).
		if fromQuery && !isAPIPath(r.URL.Path) {
			http.SetCookie(sw, &http.Cookie{Name: langCookie, Value: st.lang, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
		}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				// The stack holds code locations only; the panic value may hold data, so it is not logged.
				s.log.Error("panic serving request", "request_id", st.id, "route", st.route, "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.internalError(sw, r, errors.New("panic"))
				}
			}
			s.observe(st, r, sw, time.Since(start))
		}()
		inner.ServeHTTP(sw, r)
	})
}

func (s *Server) securityHeaders(w http.ResponseWriter, r *http.Request, st *reqState) {
	h := w.Header()
	h.Set("X-Request-Id", st.id)
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
	if s.secure(r) {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
}

// observe counts the request and logs one line about it. The path is not
// logged, only the route pattern: paths and queries may carry identifiers.
func (s *Server) observe(st *reqState, r *http.Request, sw *statusWriter, d time.Duration) {
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	route := st.route
	if route == "" {
		route = "unmatched"
	}
	s.metrics.observe(route, status, d)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	if route == "GET /healthz" || route == "GET /readyz" || route == "GET /metrics" {
		level = slog.LevelDebug
	}
	attrs := []slog.Attr{slog.String("request_id", st.id), slog.String("route", route),
		slog.Int("status", status), slog.Int("bytes", sw.bytes), slog.Duration("duration", d)}
	if st.user != nil {
		attrs = append(attrs, slog.String("user_id", st.user.ID))
	}
	s.log.LogAttrs(r.Context(), level, "request", attrs...)
}

// maxBodyBytes caps every request body.
const maxBodyBytes = 1 << 20

const sessionCookieName = "kynnys_session"

// sessionCookie is __Host- prefixed over TLS, which pins it to this host and path /.
func (s *Server) sessionCookie(r *http.Request) string {
	if s.secure(r) {
		return "__Host-" + sessionCookieName
	}
	return sessionCookieName
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(r), Value: token, Path: "/", HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode, MaxAge: int(access.SessionAbsoluteTimeout / time.Second)})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(r), Value: "", Path: "/", HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// loadSession finds the browser's session and its user, if any.
func (s *Server) loadSession(r *http.Request, st *reqState) error {
	c, err := r.Cookie(s.sessionCookie(r))
	if err != nil || c.Value == "" {
		return nil
	}
	sess, err := s.store.SessionByToken(r.Context(), c.Value, s.now())
	if errors.Is(err, kynnys.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	u, err := s.store.User(r.Context(), sess.UserID)
	if errors.Is(err, kynnys.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !u.Active {
		return nil
	}
	st.session, st.user = sess, u
	return nil
}

// bearerUser returns the user of the request's API token, or nil.
func (s *Server) bearerUser(r *http.Request) (*access.User, error) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return nil, nil
	}
	u, err := s.store.APITokenUser(r.Context(), strings.TrimSpace(token), s.now())
	if errors.Is(err, kynnys.ErrNotFound) {
		return nil, nil
	}
	if err != nil || !u.Active {
		return nil, err
	}
	return u, nil
}

// guard applies a route's policy before its handler runs. Default deny: a
// staff route without a user who access.Can do its action never reaches the handler.
func (s *Server) guard(rt *route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		st.route = rt.pattern
		if rt.api {
			s.guardAPI(rt, w, r, st)
			return
		}
		if err := s.loadSession(r, st); err != nil {
			s.internalError(w, r, err)
			return
		}
		if st.session != nil {
			// Also before a refusal: the 403 page carries the session's CSRF token.
			w.Header().Set("Cache-Control", "no-store")
		}
		switch rt.auth {
		case authPending:
			if st.session == nil {
				s.redirectToLogin(w, r)
				return
			}
		case authStaff:
			if st.session == nil {
				s.redirectToLogin(w, r)
				return
			}
			if !st.session.SecondFactorDone {
				http.Redirect(w, r, "/login/second-factor", http.StatusSeeOther)
				return
			}
			if !access.Can(st.user, rt.action) {
				s.errorPage(w, r, http.StatusForbidden, "error.forbidden")
				return
			}
		}
		if !safeMethod(r.Method) && formTooLarge(r) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, "error.too_large")
			return
		}
		if rt.auth != authPublic && !safeMethod(r.Method) && !s.validCSRF(r, st) {
			s.errorPage(w, r, http.StatusForbidden, "error.csrf")
			return
		}
		rt.handler(w, r)
	})
}

func (s *Server) guardAPI(rt *route, w http.ResponseWriter, r *http.Request, st *reqState) {
	w.Header().Set("Cache-Control", "no-store")
	if rt.auth == authPublic {
		rt.handler(w, r)
		return
	}
	u, err := s.bearerUser(r)
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	if u == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="kynnys"`)
		s.apiError(w, r, http.StatusUnauthorized, "unauthorized", "error.unauthorized")
		return
	}
	st.user = u
	if !access.Can(u, rt.action) {
		s.apiError(w, r, http.StatusForbidden, "forbidden", "error.forbidden")
		return
	}
	rt.handler(w, r)
}

// formTooLarge parses the form and reports whether the body was over
// maxBodyBytes; otherwise the cut-off form would read as empty and show up as
// a misleading CSRF or validation error.
func formTooLarge(r *http.Request) bool {
	var tooLarge *http.MaxBytesError
	return errors.As(r.ParseForm(), &tooLarge)
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// validCSRF checks the form's token against the session's. Cross-origin
// protection already refuses foreign browsers; the token also refuses a
// same-site attacker (another app on a sibling subdomain).
func (s *Server) validCSRF(r *http.Request, st *reqState) bool {
	if st.session == nil {
		return false
	}
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(st.session.CSRFToken)) == 1
}

func (s *Server) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet {
		target += "?next=" + urlQueryEscape(r.URL.Path)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
