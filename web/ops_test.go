package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kynnys/access"
	"kynnys/store/storetest"
)

func wantSecurityHeaders(t *testing.T, what string, r *resp) {
	t.Helper()
	h := r.Header
	csp := h.Get("Content-Security-Policy")
	if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") ||
		!strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("%s: Content-Security-Policy %q", what, csp)
	}
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "same-origin",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %s %q, want %q", what, name, got, want)
		}
	}
	if h.Get("X-Request-Id") == "" {
		t.Errorf("%s: no X-Request-Id", what)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	u := e.newUser(access.RoleSocialWorker)

	anon := e.browser()
	home := anon.get("/")
	wantStatus(t, home, http.StatusOK)
	wantSecurityHeaders(t, "home page", home)
	if cc := home.Header.Get("Cache-Control"); cc == "no-store" {
		t.Errorf("public page for an anonymous visitor is no-store")
	}
	notFound := anon.get("/no-such-page")
	wantStatus(t, notFound, http.StatusNotFound)
	wantSecurityHeaders(t, "404 page", notFound)
	if home.Header.Get("X-Request-Id") == notFound.Header.Get("X-Request-Id") {
		t.Error("two requests share a request id")
	}

	api := e.browser()
	api.Header.Set("Authorization", "Bearer "+e.newToken(u.ID))
	me := api.get("/api/v1/me")
	wantStatus(t, me, http.StatusOK)
	wantSecurityHeaders(t, "API response", me)
	denied := e.browser().get("/api/v1/me")
	wantSecurityHeaders(t, "API 401", denied)
	wantSecurityHeaders(t, "API 404", e.browser().get("/api/v1/nothing"))
	wantSecurityHeaders(t, "static file", e.browser().get("/static/kynnys.css"))

	staff := e.browser()
	staff.signInAs(u, true)
	for _, p := range []string{"/staff", "/account/password", "/account/tokens", "/no-such-page"} {
		r := staff.get(p)
		wantSecurityHeaders(t, p, r)
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s for a signed-in user: Cache-Control %q, want no-store", p, cc)
		}
	}
	for _, r := range []*resp{me, denied} {
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("API %d: Cache-Control %q, want no-store", r.StatusCode, cc)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	b := e.browser()
	versioned := e.srv.assets.url("kynnys.css")
	r := b.get(versioned)
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("versioned asset Cache-Control %q", cc)
	}
	if cc := b.get("/static/kynnys.css?v=old").Header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
		t.Errorf("stale version cached for good: %q", cc)
	}
	req := b.newRequest(http.MethodGet, versioned, nil)
	req.Header.Set("If-None-Match", r.Header.Get("ETag"))
	wantStatus(t, b.do(req), http.StatusNotModified)
	wantStatus(t, b.get("/static/nothing.js"), http.StatusNotFound)
	wantStatus(t, b.get("/static/..%2fserver.go"), http.StatusNotFound)
}

func TestHealthReadinessMetrics(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, "sqlite")
	fs := &faultyStore{DB: db}
	e := newEnvWith(t, db, fs, Config{})
	b := e.browser()

	r := b.get("/healthz")
	wantStatus(t, r, http.StatusOK)
	if strings.TrimSpace(r.Body) != "ok" {
		t.Errorf("healthz body %q", r.Body)
	}
	wantStatus(t, b.get("/readyz"), http.StatusOK)

	fs.behind.Store(true)
	r = b.get("/readyz")
	wantStatus(t, r, http.StatusServiceUnavailable)
	fs.behind.Store(false)
	fs.pingFails.Store(true)
	wantStatus(t, b.get("/readyz"), http.StatusServiceUnavailable)
	// Liveness does not depend on the database.
	wantStatus(t, b.get("/healthz"), http.StatusOK)
	fs.pingFails.Store(false)
	wantStatus(t, b.get("/readyz"), http.StatusOK)

	wantStatus(t, b.get("/no-such-page"), http.StatusNotFound)
	r = b.get("/metrics")
	wantStatus(t, r, http.StatusOK)
	for _, want := range []string{
		"kynnys_http_requests_total",
		`kynnys_http_requests_total{route="GET /healthz",status="200"} 2`,
		`kynnys_http_requests_total{route="GET /readyz",status="503"} 2`,
		`route="/",status="404"`,
		"kynnys_http_request_duration_seconds_bucket",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// Metrics are labelled by route pattern, never by raw path.
	if strings.Contains(r.Body, "no-such-page") {
		t.Error("metrics contain a raw request path")
	}
}

func TestReadyzOnPostgresAndSQLite(t *testing.T) {
	t.Parallel()
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine, Config{})
			wantStatus(t, e.browser().get("/readyz"), http.StatusOK)
		})
	}
}

// TestBodyLimit: a body over the cap is refused without reaching the
// handlers' logic and without a server error.
func TestBodyLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{Demo: true})
	u := e.newUser(access.RoleAdmin)
	big := strings.Repeat("a", maxBodyBytes+1)

	anon := e.browser()
	r := anon.post("/login", url.Values{"email": {u.Email}, "password": {u.Password}, "pad": {big}})
	if r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized sign-in: status %d, want 413", r.StatusCode)
	}
	if anon.sessionToken() != "" {
		t.Fatal("oversized sign-in started a session")
	}

	b := e.browser()
	b.signInAs(u, true)
	for _, lang := range Languages {
		b.Header.Set("Accept-Language", lang)
		r = b.postCSRF("/account/tokens", url.Values{"name": {"big"}, "pad": {big}})
		wantStatus(t, r, http.StatusRequestEntityTooLarge)
		wantContains(t, r, e.html(lang, "error.title.413"), e.html(lang, "error.too_large"))
	}
	if ts, _ := e.db.APITokens(e.ctx(), u.ID); len(ts) != 0 {
		t.Fatal("oversized form created a token")
	}
	r = b.postCSRF("/admin/teams", url.Values{"name": {"Big"}, "municipalities": {big}})
	wantStatus(t, r, http.StatusRequestEntityTooLarge)

	// Just under the cap is still read.
	small := strings.Repeat("a", maxBodyBytes/2)
	wantStatus(t, b.postCSRF("/account/tokens", url.Values{"name": {"fits"}, "pad": {small}}), http.StatusCreated)
}
