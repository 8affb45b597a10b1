package web

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/directory"
	"kynnys/store"
	"kynnys/store/storetest"
)

// cheapParams keep test users fast to create and to sign in as; login
// accepts any parameters (and upgrades them), so the flows stay realistic.
var cheapParams = access.PasswordParams{Memory: 8, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const testPassword = "correct horse battery staple"

// clock is the server's time in tests; a mutex because handlers may read it
// while the test advances it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// lockedBuffer collects log output written by handlers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testEnv is a server on a fresh database with a controllable clock.
type testEnv struct {
	t     *testing.T
	db    *store.DB
	srv   *Server
	clock *clock
	logs  *lockedBuffer
	seq   atomic.Int64
}

// newEnv starts a server on a fresh database of engine.
func newEnv(t *testing.T, engine string, cfg Config) *testEnv {
	t.Helper()
	return newEnvWith(t, storetest.Open(t, engine), nil, cfg)
}

// newEnvWith starts a server on st (db itself when st is nil); db stays
// reachable for setting up and inspecting data.
func newEnvWith(t *testing.T, db *store.DB, st Store, cfg Config) *testEnv {
	t.Helper()
	if st == nil {
		st = db
	}
	logs := &lockedBuffer{}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	s, err := New(cfg, st)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	// Sessions are created with the wall clock, so the test clock starts there.
	c := &clock{t: time.Now()}
	s.now = c.now
	return &testEnv{t: t, db: db, srv: s, clock: c, logs: logs}
}

func (e *testEnv) ctx() context.Context { return context.Background() }

// testUser is a user with the secrets the test knows.
type testUser struct {
	*access.User
	Password   string
	TOTPSecret string
	Recovery   []string
}

type userOpt func(*access.NewUser, *bool)

// withTOTP makes the user enrolled in the second factor.
func withTOTP() userOpt { return func(_ *access.NewUser, totp *bool) { *totp = true } }

func withEmail(email string) userOpt { return func(nu *access.NewUser, _ *bool) { nu.Email = email } }

func withTeams(ids ...string) userOpt {
	return func(nu *access.NewUser, _ *bool) { nu.TeamIDs = ids }
}

// newUser creates an active user with a cheaply hashed testPassword.
func (e *testEnv) newUser(role access.Role, opts ...userOpt) *testUser {
	e.t.Helper()
	hash, err := access.HashPasswordWith(cheapParams, testPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	n := e.seq.Add(1)
	nu := access.NewUser{Email: fmt.Sprintf("user%d.%s@example.fi", n, role), Name: fmt.Sprintf("Test User %d", n),
		Role: role, PasswordHash: hash}
	var totp bool
	for _, o := range opts {
		o(&nu, &totp)
	}
	u, err := e.db.CreateUser(e.ctx(), nu)
	if err != nil {
		e.t.Fatalf("create user: %v", err)
	}
	tu := &testUser{User: u, Password: testPassword}
	if totp {
		tu.TOTPSecret = newTOTPSecret(e.t)
		plain, hashes, err := access.NewRecoveryCodes(10)
		if err != nil {
			e.t.Fatal(err)
		}
		tu.Recovery = plain
		if err := e.db.SetPendingTOTP(e.ctx(), u.ID, tu.TOTPSecret); err != nil {
			e.t.Fatal(err)
		}
		if err := e.db.EnableTOTP(e.ctx(), u.ID, 0, hashes); err != nil {
			e.t.Fatal(err)
		}
		tu.User = e.reloadUser(u.ID)
	}
	return tu
}

func (e *testEnv) reloadUser(id string) *access.User {
	e.t.Helper()
	u, err := e.db.User(e.ctx(), id)
	if err != nil {
		e.t.Fatalf("user %s: %v", id, err)
	}
	return u
}

func (e *testEnv) newTeam(name string, muns []string, groups ...access.TargetGroup) *access.Team {
	e.t.Helper()
	t := &access.Team{Name: name, Municipalities: muns, TargetGroups: groups}
	if err := e.db.CreateTeam(e.ctx(), t); err != nil {
		e.t.Fatalf("create team: %v", err)
	}
	return t
}

// newSession starts a session directly in the store (no sign-in flow).
func (e *testEnv) newSession(userID string, secondFactorDone bool) (string, *access.Session) {
	e.t.Helper()
	token, sess, err := e.db.CreateSession(e.ctx(), userID, secondFactorDone)
	if err != nil {
		e.t.Fatalf("create session: %v", err)
	}
	return token, sess
}

func (e *testEnv) newToken(userID string) string {
	e.t.Helper()
	token, _, err := e.db.CreateAPIToken(e.ctx(), userID, "test")
	if err != nil {
		e.t.Fatalf("create api token: %v", err)
	}
	return token
}

// T is the catalogue text of key in lang.
func (e *testEnv) T(lang, key string, args ...any) string {
	e.t.Helper()
	if !e.srv.cat.Has(key) {
		e.t.Fatalf("catalogue has no %q", key)
	}
	return e.srv.cat.T(lang, key, args...)
}

// html is the catalogue text as html/template writes it into a page.
func (e *testEnv) html(lang, key string, args ...any) string {
	e.t.Helper()
	return template.HTMLEscapeString(e.T(lang, key, args...))
}

// serverTransport hands requests straight to the handler: an http.Client
// with a cookie jar on top behaves like a browser without a network.
type serverTransport struct {
	h          http.Handler
	remoteAddr func() string
}

func (tr serverTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sreq := httptest.NewRequestWithContext(req.Context(), req.Method, req.URL.String(), req.Body)
	sreq.Header = req.Header.Clone()
	sreq.ContentLength = req.ContentLength
	sreq.RemoteAddr = tr.remoteAddr()
	rec := httptest.NewRecorder()
	tr.h.ServeHTTP(rec, sreq)
	res := rec.Result()
	res.Request = req
	return res, nil
}

// browser is one user agent with its own cookies.
type browser struct {
	t      *testing.T
	env    *testEnv
	base   *url.URL
	jar    *cookiejar.Jar
	client *http.Client
	// Header is sent with every request (Accept-Language, Authorization).
	Header http.Header
	mu     sync.Mutex
	addr   string
}

func (e *testEnv) browser() *browser { return e.browserAt("http://kynnys.test") }

func (e *testEnv) browserAt(base string) *browser {
	e.t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		e.t.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	b := &browser{t: e.t, env: e, base: u, jar: jar, Header: http.Header{}, addr: "192.0.2.10:40000"}
	b.client = &http.Client{
		Transport: serverTransport{h: e.srv, remoteAddr: b.remoteAddr},
		Jar:       jar,
		// Tests look at every redirect themselves.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return b
}

func (b *browser) remoteAddr() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.addr
}

// setAddr changes the client address the server sees.
func (b *browser) setAddr(ip string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.addr = ip + ":40000"
}

// resp is a response with its body read.
type resp struct {
	*http.Response
	Body string
}

func (b *browser) do(req *http.Request) *resp {
	b.t.Helper()
	for k, vs := range b.Header {
		if req.Header.Get(k) == "" {
			req.Header[k] = vs
		}
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return &resp{Response: res, Body: string(body)}
}

func (b *browser) newRequest(method, path string, body io.Reader) *http.Request {
	b.t.Helper()
	u, err := b.base.Parse(path)
	if err != nil {
		b.t.Fatal(err)
	}
	req, err := http.NewRequest(method, u.String(), body)
	if err != nil {
		b.t.Fatal(err)
	}
	return req
}

func (b *browser) get(path string) *resp {
	b.t.Helper()
	return b.do(b.newRequest(http.MethodGet, path, nil))
}

// post sends form as is.
func (b *browser) post(path string, form url.Values) *resp {
	b.t.Helper()
	req := b.newRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// postCSRF sends form with the session's CSRF token added.
func (b *browser) postCSRF(path string, form url.Values) *resp {
	b.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf", b.csrf())
	return b.post(path, f)
}

func (b *browser) cookieName() string {
	if b.base.Scheme == "https" {
		return "__Host-" + sessionCookieName
	}
	return sessionCookieName
}

// sessionToken is the session cookie the browser holds ("" for none).
func (b *browser) sessionToken() string {
	for _, c := range b.jar.Cookies(b.base) {
		if c.Name == b.cookieName() {
			return c.Value
		}
	}
	return ""
}

// setSession puts a session token into the cookie jar.
func (b *browser) setSession(token string) {
	b.jar.SetCookies(b.base, []*http.Cookie{{Name: b.cookieName(), Value: token, Path: "/"}})
}

// signInAs gives the browser a session for u straight from the store.
func (b *browser) signInAs(u *testUser, secondFactorDone bool) {
	b.t.Helper()
	token, _ := b.env.newSession(u.ID, secondFactorDone)
	b.setSession(token)
}

// csrf is the CSRF token of the browser's current session.
func (b *browser) csrf() string {
	b.t.Helper()
	token := b.sessionToken()
	if token == "" {
		b.t.Fatal("browser has no session")
	}
	sess, err := b.env.db.SessionByToken(b.env.ctx(), token, b.env.clock.now())
	if err != nil {
		b.t.Fatalf("session: %v", err)
	}
	return sess.CSRFToken
}

// login posts the sign-in form.
func (b *browser) login(email, password string) *resp {
	b.t.Helper()
	return b.post("/login", url.Values{"email": {email}, "password": {password}})
}

// wantStatus fails the test unless r has the status.
func wantStatus(t *testing.T, r *resp, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body:\n%.2000s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, r.Body)
	}
}

// wantRedirect fails unless r is a 303 to a URL whose path is path.
func wantRedirect(t *testing.T, r *resp, path string) *url.URL {
	t.Helper()
	wantStatus(t, r, http.StatusSeeOther)
	loc, err := url.Parse(r.Header.Get("Location"))
	if err != nil {
		t.Fatalf("Location %q: %v", r.Header.Get("Location"), err)
	}
	if loc.Path != path {
		t.Fatalf("%s %s: redirect to %q, want path %q", r.Request.Method, r.Request.URL.Path, loc, path)
	}
	return loc
}

func wantContains(t *testing.T, r *resp, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Fatalf("%s %s: body lacks %q; body:\n%.3000s", r.Request.Method, r.Request.URL.Path, p, r.Body)
		}
	}
}

// setCookie returns the cookie named name that r sets, or nil.
func setCookie(r *resp, name string) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

var htmlLang = regexp.MustCompile(`<html lang="([a-z]+)">`)

// pageLang is the lang attribute of a page's root element.
func pageLang(r *resp) string {
	m := htmlLang.FindStringSubmatch(r.Body)
	if m == nil {
		return ""
	}
	return m[1]
}

// newTOTPSecret is a random 160-bit base32 secret.
func newTOTPSecret(t *testing.T) string {
	t.Helper()
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// totpAt computes the RFC 6238 code (HMAC-SHA1, 30 s, 6 digits) for secret at
// instant at. It is written independently of package access so that the
// test checks the server against the standard, not against itself.
func totpAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	clean := strings.ToUpper(strings.ReplaceAll(secret, " ", ""))
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(clean, "="))
	if err != nil {
		t.Fatalf("secret is not base32: %v", err)
	}
	return hotp(key, uint64(at.Unix()/30), 6)
}

func hotp(key []byte, counter uint64, digits int) string {
	msg := make([]byte, 8)
	binary.BigEndian.PutUint64(msg, counter)
	m := hmac.New(sha1.New, key)
	m.Write(msg)
	sum := m.Sum(nil)
	offset := int(sum[19] & 0x0f)
	bin := (uint32(sum[offset])&0x7f)<<24 | uint32(sum[offset+1])<<16 | uint32(sum[offset+2])<<8 | uint32(sum[offset+3])
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// TestTOTPHelperRFC6238 pins the helper to the RFC's published vectors, so a
// passing sign-in test means the server speaks standard TOTP.
func TestTOTPHelperRFC6238(t *testing.T) {
	t.Parallel()
	key := []byte("12345678901234567890")
	for _, tc := range []struct {
		unix int64
		want string
	}{{59, "94287082"}, {1111111109, "07081804"}, {1234567890, "89005924"}, {2000000000, "69279037"}} {
		if got := hotp(key, uint64(tc.unix/30), 8); got != tc.want {
			t.Errorf("T=%d: %s, want %s", tc.unix, got, tc.want)
		}
	}
	secret := base32.StdEncoding.EncodeToString(key)
	if got := totpAt(t, secret, time.Unix(59, 0)); got != "287082" {
		t.Errorf("six digits at T=59: %s, want 287082", got)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// faultyStore is the real store with failures and odd states switched on
// at will, for paths a healthy database never takes.
type faultyStore struct {
	*store.DB
	inactive  atomic.Bool // every user reads as deactivated
	behind    atomic.Bool // the schema is one migration behind
	pingFails atomic.Bool
	usersFail atomic.Bool
	userFails atomic.Bool
}

var errInjected = errors.New("injected failure")

func (f *faultyStore) User(ctx context.Context, id string) (*access.User, error) {
	if f.userFails.Load() {
		return nil, errInjected
	}
	u, err := f.DB.User(ctx, id)
	if err == nil && f.inactive.Load() {
		u.Active = false
	}
	return u, err
}

// APITokenUser reads users as User does.
func (f *faultyStore) APITokenUser(ctx context.Context, token string, now time.Time) (*access.User, error) {
	if f.userFails.Load() {
		return nil, errInjected
	}
	u, err := f.DB.APITokenUser(ctx, token, now)
	if err == nil && f.inactive.Load() {
		u.Active = false
	}
	return u, err
}

func (f *faultyStore) SchemaVersion(ctx context.Context) (int, error) {
	v, err := f.DB.SchemaVersion(ctx)
	if f.behind.Load() {
		v--
	}
	return v, err
}

func (f *faultyStore) Ping(ctx context.Context) error {
	if f.pingFails.Load() {
		return errInjected
	}
	return f.DB.Ping(ctx)
}

func (f *faultyStore) Users(ctx context.Context) ([]access.User, error) {
	if f.usersFail.Load() {
		return nil, errInjected
	}
	return f.DB.Users(ctx)
}

// newServicePoint stores a meeting place open on weekdays 9–15 for teamID.
func (e *testEnv) newServicePoint(teamID string) *directory.ServicePoint {
	e.t.Helper()
	sp := &directory.ServicePoint{Kind: directory.KindMeetingPlace, TeamID: teamID, Municipality: "Pori",
		Name:         directory.Localized{FI: "Positiimi", SV: "Positiimi", EN: "Positiimi"},
		Description:  directory.Localized{FI: "Kohtaamispaikka", SV: "Mötesplats", EN: "Meeting place"},
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge}, AnonymousOK: true, Free: true, NoReferralNeeded: true,
		ClosedOnPublicHolidays: true,
		Hours: []directory.WeeklyHours{{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
			Opens: 9 * 60, Closes: 15 * 60}}}
	if err := e.db.CreateServicePoint(e.ctx(), sp, directory.Editor{Name: "test"}); err != nil {
		e.t.Fatal(err)
	}
	return sp
}
