package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/store"
	"kynnys/store/storetest"
)

func TestSessionIdleTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	u := e.newUser(access.RoleSocialWorker)
	b := e.browser()
	b.signInAs(u, true)
	wantStatus(t, b.get("/staff"), http.StatusOK)

	e.clock.advance(access.SessionIdleTimeout - time.Minute)
	wantStatus(t, b.get("/staff"), http.StatusOK)

	e.clock.advance(access.SessionIdleTimeout + time.Second)
	loc := wantRedirect(t, b.get("/staff"), "/login")
	if loc.Query().Get("next") != "/staff" {
		t.Fatalf("redirect %s does not lead back to /staff", loc)
	}
}

func TestSessionAbsoluteTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	u := e.newUser(access.RoleSocialWorker)
	b := e.browser()
	b.signInAs(u, true)
	start := e.clock.now()
	// Stay active, never idle for long; the session still ends at 12 h.
	step := access.SessionIdleTimeout - time.Minute
	for {
		e.clock.advance(step)
		r := b.get("/staff")
		if e.clock.now().Sub(start) <= access.SessionAbsoluteTimeout {
			wantStatus(t, r, http.StatusOK)
			continue
		}
		wantRedirect(t, r, "/login")
		break
	}
}

func TestLogoutEndsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	u := e.newUser(access.RoleSocialWorker)
	b := e.browser()
	b.signInAs(u, true)
	token := b.sessionToken()
	r := b.postCSRF("/logout", nil)
	wantRedirect(t, r, "/login")
	if c := setCookie(r, sessionCookieName); c == nil || c.MaxAge >= 0 || c.Value != "" {
		t.Fatalf("sign-out does not clear the cookie: %+v", c)
	}
	if _, err := e.db.SessionByToken(e.ctx(), token, e.clock.now()); !errors.Is(err, kynnys.ErrNotFound) {
		t.Fatalf("session after sign-out: %v", err)
	}
	// The old cookie, replayed, is worthless.
	b.setSession(token)
	wantRedirect(t, b.get("/staff"), "/login")
}

func TestPasswordChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		u := e.newUser(access.RoleHealthProfessional)
		here, there := e.browser(), e.browser()
		here.signInAs(u, true)
		there.signInAs(u, true)
		const newPassword = "a much longer new passphrase"

		for _, lang := range Languages {
			here.Header.Set("Accept-Language", lang)
			for _, tc := range []struct {
				current, next, confirm, key string
			}{
				{u.Password, "short", "short", "password.too_short"},
				{u.Password, newPassword, newPassword + "!", "password.mismatch"},
				{"not my password", newPassword, newPassword, "password.wrong_current"},
				{u.Password, u.Password, u.Password, "password.same"},
				{u.Password, strings.Repeat("x", 300), strings.Repeat("x", 300), "password.too_long"},
			} {
				r := here.postCSRF("/account/password", url.Values{"current": {tc.current}, "new": {tc.next}, "confirm": {tc.confirm}})
				wantStatus(t, r, http.StatusBadRequest)
				wantContains(t, r, e.html(lang, tc.key))
			}
		}
		here.Header.Del("Accept-Language")
		wantStatus(t, there.get("/staff"), http.StatusOK)

		r := here.postCSRF("/account/password", url.Values{"current": {u.Password}, "new": {newPassword}, "confirm": {newPassword}})
		loc := wantRedirect(t, r, "/account/password")
		r = here.get(loc.String())
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, e.html("fi", "password.changed"))
		// The session that changed the password goes on; the other ends.
		wantStatus(t, here.get("/staff"), http.StatusOK)
		wantRedirect(t, there.get("/staff"), "/login")

		creds, err := e.db.CredentialsByUser(e.ctx(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := access.CheckPassword(creds.PasswordHash, newPassword); !ok {
			t.Fatal("new password does not verify")
		}
		if ok, _, _ := access.CheckPassword(creds.PasswordHash, u.Password); ok {
			t.Fatal("old password still verifies")
		}
	})
}

func TestCookieFlagsPlainHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{Demo: true})
	u := e.newUser(access.RoleAnalyst)
	b := e.browser()
	r := b.login(u.Email, u.Password)
	wantRedirect(t, r, "/staff")
	c := setCookie(r, sessionCookieName)
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure || c.MaxAge <= 0 {
		t.Fatalf("session cookie %+v", c)
	}
	if r.Header.Get("Strict-Transport-Security") != "" {
		t.Fatal("HSTS over plain http")
	}
}

func TestCookieFlagsBehindHTTPS(t *testing.T) {
	t.Parallel()
	public, _ := url.Parse("https://kynnys.example.fi")
	e := newEnv(t, "sqlite", Config{Demo: true, PublicURL: public})
	u := e.newUser(access.RoleAnalyst)
	// TLS ends at the proxy: the request itself is plain http.
	b := e.browser()
	r := b.login(u.Email, u.Password)
	wantRedirect(t, r, "/staff")
	if setCookie(r, sessionCookieName) != nil {
		t.Fatal("unprefixed session cookie set over https")
	}
	c := setCookie(r, "__Host-"+sessionCookieName)
	if c == nil || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Fatalf("__Host- session cookie %+v: want Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", c)
	}
	if hsts := r.Header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
		t.Fatalf("HSTS %q", hsts)
	}
	lang := setCookie(b.get("/?lang=en"), langCookie)
	if lang == nil || !lang.Secure || lang.SameSite != http.SameSiteLaxMode {
		t.Fatalf("lang cookie %+v: want Secure, SameSite=Lax", lang)
	}

	// The prefixed cookie is the session (and the only one).
	hb := e.browserAt("https://kynnys.example.fi")
	hb.signInAs(u, true)
	wantStatus(t, hb.get("/staff"), http.StatusOK)
	plain := e.browserAt("https://kynnys.example.fi")
	token, _ := e.newSession(u.ID, true)
	plain.jar.SetCookies(plain.base, []*http.Cookie{{Name: sessionCookieName, Value: token, Path: "/"}})
	wantRedirect(t, plain.get("/staff"), "/login")
}

func TestCSRFAndCrossOrigin(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	u := e.newUser(access.RoleTeamLead)
	b := e.browser()
	b.signInAs(u, true)
	tokens := func() int {
		t.Helper()
		ts, err := e.db.APITokens(e.ctx(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(ts)
	}

	post := func(form url.Values, header map[string]string) *resp {
		t.Helper()
		req := b.newRequest(http.MethodPost, "/account/tokens", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		return b.do(req)
	}
	csrf := b.csrf()

	r := post(url.Values{"name": {"x"}}, nil)
	wantStatus(t, r, http.StatusForbidden)
	wantContains(t, r, e.html("fi", "error.csrf"))
	wantStatus(t, post(url.Values{"name": {"x"}, "csrf": {csrf + "x"}}, nil), http.StatusForbidden)
	wantStatus(t, post(url.Values{"name": {"x"}, "csrf": {""}}, nil), http.StatusForbidden)
	// Another session's token is no good either.
	other, _ := e.newSession(u.ID, true)
	otherSess, err := e.db.SessionByToken(e.ctx(), other, e.clock.now())
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, post(url.Values{"name": {"x"}, "csrf": {otherSess.CSRFToken}}, nil), http.StatusForbidden)

	// A browser saying the request is cross-site is refused even with the token.
	r = post(url.Values{"name": {"x"}, "csrf": {csrf}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	wantStatus(t, r, http.StatusForbidden)
	wantContains(t, r, e.html("fi", "error.cross_origin"))
	wantStatus(t, post(url.Values{"name": {"x"}, "csrf": {csrf}}, map[string]string{"Origin": "https://evil.example"}), http.StatusForbidden)
	if n := tokens(); n != 0 {
		t.Fatalf("%d tokens created by refused requests", n)
	}

	// Same origin with the right token passes.
	r = post(url.Values{"name": {"reporting"}, "csrf": {csrf}}, map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://kynnys.test"})
	wantStatus(t, r, http.StatusCreated)
	if n := tokens(); n != 1 {
		t.Fatalf("%d tokens, want 1", n)
	}

	// Signing in is protected from cross-site posts too (login CSRF).
	anon := e.browser()
	req := anon.newRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"email": {u.Email}, "password": {u.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	wantStatus(t, anon.do(req), http.StatusForbidden)

	// Sign-out needs the token as well, so a foreign page cannot sign users out.
	wantStatus(t, b.post("/logout", nil), http.StatusForbidden)
	wantStatus(t, b.get("/staff"), http.StatusOK)
}
