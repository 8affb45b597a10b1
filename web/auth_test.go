package web

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/store"
	"kynnys/store/storetest"
)

var (
	secretOnPage = regexp.MustCompile(`<code class="secret">([A-Z2-7 ]+)</code>`)
	recoveryCode = regexp.MustCompile(`<li><code>([a-z2-9]{6}-[a-z2-9]{6})</code></li>`)
)

// wrongCode is a six-digit code that is valid in none of the steps the
// server accepts around at.
func wrongCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	valid := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		valid[totpAt(t, secret, at.Add(d))] = true
	}
	n, _ := strconv.Atoi(totpAt(t, secret, at))
	for {
		n = (n + 1) % 1_000_000
		if c := fmt.Sprintf("%06d", n); !valid[c] {
			return c
		}
	}
}

func TestSignInFlow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		u := e.newUser(access.RoleSocialWorker)
		b := e.browser()

		// Wrong password and unknown email look the same: same status, same
		// message, no session.
		for _, tc := range []struct{ lang, email, password string }{
			{"fi", u.Email, "wrong password here"},
			{"sv", u.Email, "wrong password here"},
			{"en", "nobody@example.fi", testPassword},
			{"fi", "nobody@example.fi", testPassword},
		} {
			b.Header.Set("Accept-Language", tc.lang)
			r := b.login(tc.email, tc.password)
			wantStatus(t, r, http.StatusUnauthorized)
			wantContains(t, r, e.html(tc.lang, "login.failed"))
			if c := setCookie(r, sessionCookieName); c != nil || b.sessionToken() != "" {
				t.Fatalf("failed sign-in (%s) set a session cookie", tc.email)
			}
		}
		b.Header.Del("Accept-Language")
		wantStatus(t, b.login(u.Email, ""), http.StatusBadRequest)

		// The password alone leads to enrolment, not to the staff area.
		r := b.login(strings.ToUpper(u.Email), u.Password)
		wantRedirect(t, r, "/login/enrol")
		c := setCookie(r, sessionCookieName)
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure over http", c)
		}
		wantRedirect(t, b.get("/staff"), "/login/second-factor")
		wantRedirect(t, b.get("/login/second-factor"), "/login/enrol")

		r = b.get("/login/enrol")
		wantStatus(t, r, http.StatusOK)
		m := secretOnPage.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("enrolment page shows no secret:\n%s", r.Body)
		}
		secret := strings.ReplaceAll(m[1], " ", "")
		creds, err := e.db.CredentialsByUser(e.ctx(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if creds.TOTPSecret != secret || creds.TOTPEnabled {
			t.Fatalf("stored secret %q enabled=%v, page shows %q", creds.TOTPSecret, creds.TOTPEnabled, secret)
		}
		if again := secretOnPage.FindStringSubmatch(b.get("/login/enrol").Body); again == nil || again[1] != m[1] {
			t.Fatal("reloading the enrolment page changed the secret")
		}

		r = b.get("/login/enrol/qr.png")
		wantStatus(t, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); ct != "image/png" {
			t.Fatalf("QR Content-Type %q", ct)
		}
		if _, err := png.Decode(bytes.NewReader([]byte(r.Body))); err != nil {
			t.Fatalf("QR is not a PNG: %v", err)
		}

		now := e.clock.now()
		r = b.postCSRF("/login/enrol", url.Values{"code": {wrongCode(t, secret, now)}})
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, e.html("fi", "enrol.failed"))

		pendingToken := b.sessionToken()
		enrolCode := totpAt(t, secret, now)
		r = b.postCSRF("/login/enrol", url.Values{"code": {enrolCode[:3] + " " + enrolCode[3:]}})
		wantStatus(t, r, http.StatusOK)
		codes := recoveryCode.FindAllStringSubmatch(r.Body, -1)
		if len(codes) != 10 {
			t.Fatalf("%d recovery codes shown, want 10:\n%s", len(codes), r.Body)
		}
		if b.sessionToken() == pendingToken || b.sessionToken() == "" {
			t.Fatal("session token not rotated when the second factor was set up")
		}
		if _, err := e.db.SessionByToken(e.ctx(), pendingToken, e.clock.now()); err == nil {
			t.Fatal("the pre-enrolment session still exists")
		}
		wantStatus(t, b.get("/staff"), http.StatusOK)
		if left, _ := e.db.RecoveryCodesLeft(e.ctx(), u.ID); left != 10 {
			t.Fatalf("%d recovery codes stored, want 10", left)
		}

		signOut := func() {
			t.Helper()
			loc := wantRedirect(t, b.postCSRF("/logout", nil), "/login")
			if loc.Query().Get("signed_out") != "1" || b.sessionToken() != "" {
				t.Fatalf("sign-out: redirect %s, cookie %q", loc, b.sessionToken())
			}
		}
		signIn := func() {
			t.Helper()
			loc := wantRedirect(t, b.login(u.Email, u.Password), "/login/second-factor")
			if loc.Query().Get("next") != "/staff" {
				t.Fatalf("second-factor redirect %s lost next", loc)
			}
			wantStatus(t, b.get("/login/second-factor"), http.StatusOK)
		}
		second := func(code string) *resp {
			t.Helper()
			return b.postCSRF("/login/second-factor", url.Values{"code": {code}, "next": {"/staff"}})
		}

		signOut()
		signIn()
		// The enrolment code's step is used up.
		r = second(enrolCode)
		wantStatus(t, r, http.StatusUnauthorized)
		wantContains(t, r, e.html("fi", "second_factor.failed"))
		r = second(wrongCode(t, secret, e.clock.now()))
		wantStatus(t, r, http.StatusUnauthorized)
		wantRedirect(t, b.get("/staff"), "/login/second-factor")

		e.clock.advance(30 * time.Second)
		code := totpAt(t, secret, e.clock.now())
		before := b.sessionToken()
		wantRedirect(t, second(code), "/staff")
		if b.sessionToken() == before {
			t.Fatal("session token not rotated after the second factor")
		}
		wantStatus(t, b.get("/staff"), http.StatusOK)

		// A code works once, also in a new sign-in within the same step.
		signOut()
		signIn()
		wantStatus(t, second(code), http.StatusUnauthorized)

		// A recovery code works once, typed in any case and spacing.
		rc := codes[3][1]
		wantRedirect(t, second(" "+strings.ToUpper(rc)+" "), "/staff")
		wantStatus(t, b.get("/staff"), http.StatusOK)
		signOut()
		signIn()
		wantStatus(t, second(rc), http.StatusUnauthorized)
		if left, _ := e.db.RecoveryCodesLeft(e.ctx(), u.ID); left != 9 {
			t.Fatalf("%d recovery codes left, want 9", left)
		}

		// next survives the second factor, but only as a local path.
		for next, want := range map[string]string{"/account/tokens": "/account/tokens", "//evil.example/x": "/staff", "https://evil.example/": "/staff"} {
			e.clock.advance(30 * time.Second)
			b = e.browser()
			wantRedirect(t, b.post("/login", url.Values{"email": {u.Email}, "password": {u.Password}, "next": {next}}), "/login/second-factor")
			r := b.postCSRF("/login/second-factor", url.Values{"code": {totpAt(t, secret, e.clock.now())}, "next": {next}})
			if loc := r.Header.Get("Location"); r.StatusCode != http.StatusSeeOther || loc != want {
				t.Fatalf("next=%q: status %d Location %q, want %q", next, r.StatusCode, loc, want)
			}
		}
	})
}

func TestDemoSignInNeedsOnlyPassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{Demo: true})
	u := e.newUser(access.RoleSocialCounsellor)
	b := e.browser()
	wantRedirect(t, b.login(u.Email, u.Password), "/staff")
	r := b.get("/staff")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "demo.banner"))
}

// failuresUntilDelay is how many failures p allows before it imposes a wait.
func failuresUntilDelay(p access.ThrottlePolicy) int {
	n := 0
	for p.Delay(n) == 0 {
		n++
	}
	return n
}

func TestLoginThrottlePerAccount(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		u := e.newUser(access.RoleTeamLead, withTOTP())
		b := e.browser()
		n := failuresUntilDelay(access.LoginThrottle)
		if n <= access.LoginThrottle.FreeAttempts {
			t.Fatalf("policy delays after %d failures, fewer than FreeAttempts", n)
		}
		for i := range n {
			if r := b.login(u.Email, "not the password"); r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d", i+1, r.StatusCode)
			}
		}
		// Now even the right password waits.
		b.Header.Set("Accept-Language", "en")
		r := b.login(u.Email, u.Password)
		wantStatus(t, r, http.StatusTooManyRequests)
		wait := access.LoginThrottle.Delay(n)
		secs := int((wait + time.Second - 1) / time.Second)
		if got := r.Header.Get("Retry-After"); got != strconv.Itoa(secs) {
			t.Fatalf("Retry-After %q, want %d", got, secs)
		}
		wantContains(t, r, e.html("en", "login.throttled", secs))
		if b.sessionToken() != "" {
			t.Fatal("throttled sign-in set a session")
		}
		// Another address does not help: the account is what is throttled.
		b.setAddr("203.0.113.99")
		wantStatus(t, b.login(u.Email, u.Password), http.StatusTooManyRequests)

		e.clock.advance(wait)
		wantRedirect(t, b.login(u.Email, u.Password), "/login/second-factor")
		// Success cleared the account's failures.
		if failures, _, err := e.db.LoginFailures(e.ctx(), access.ThrottleKeyAccount(u.Email)); err != nil || failures != 0 {
			t.Fatalf("failures after success: %d, %v", failures, err)
		}

		// Unknown emails are throttled the same way, so throttling does not
		// reveal which accounts exist.
		for range n {
			wantStatus(t, b.login("nobody@example.fi", "x"), http.StatusUnauthorized)
		}
		wantStatus(t, b.login("nobody@example.fi", "x"), http.StatusTooManyRequests)
	})
}

func TestLoginThrottlePerAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	n := failuresUntilDelay(access.AddressThrottle)
	perAccount := failuresUntilDelay(access.LoginThrottle)
	// Spread the failures over enough accounts that none is throttled itself.
	var users []*testUser
	for range (n + perAccount - 1) / perAccount {
		users = append(users, e.newUser(access.RoleAnalyst))
	}
	b := e.browser()
	b.setAddr("198.51.100.7")
	for i := range n {
		if r := b.login(users[i%len(users)].Email, "not the password"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i+1, r.StatusCode)
		}
	}
	fresh := e.newUser(access.RoleAnalyst)
	r := b.login(fresh.Email, fresh.Password)
	wantStatus(t, r, http.StatusTooManyRequests)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	// The same account from another address is fine.
	b.setAddr("198.51.100.8")
	wantRedirect(t, b.login(fresh.Email, fresh.Password), "/login/enrol")
}

func TestClientAddress(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		trust  bool
		remote string
		xff    string
		want   string
		name   string
	}{
		{false, "192.0.2.1:1234", "203.0.113.5", "192.0.2.1", "forwarded header ignored unless trusted"},
		{true, "10.0.0.1:1234", "203.0.113.5", "203.0.113.5", "proxy's entry used"},
		{true, "10.0.0.1:1234", "198.51.100.1, 203.0.113.5", "203.0.113.5", "last entry is the proxy's"},
		{true, "10.0.0.1:1234", "not-an-ip", "10.0.0.1", "garbage falls back to the peer"},
		{true, "[2001:db8::1]:443", "", "2001:db8::1", "IPv6 peer"},
	} {
		s := &Server{cfg: Config{TrustProxyHeaders: tc.trust}}
		r := httptest.NewRequest(http.MethodPost, "/login", nil)
		r.RemoteAddr = tc.remote
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := s.clientAddress(r); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestUnknownSessionCookie: a forged or expired cookie is no session.
func TestUnknownSessionCookie(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	b := e.browser()
	b.setSession("no-such-session")
	wantRedirect(t, b.get("/staff"), "/login")
	wantRedirect(t, b.get("/login/enrol"), "/login")
	if _, err := e.db.SessionByToken(e.ctx(), "no-such-session", e.clock.now()); !errors.Is(err, kynnys.ErrNotFound) {
		t.Fatalf("unknown session: %v", err)
	}
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                       "/staff",
		"/account/tokens":        "/account/tokens",
		"/admin/users?saved=1":   "/admin/users?saved=1",
		"//evil.example":         "/staff",
		"/\\evil.example":        "/staff",
		"\\\\evil.example":       "/staff",
		"https://evil.example/":  "/staff",
		"javascript:alert(1)":    "/staff",
		"evil.example":           "/staff",
		"/\t/evil.example":       "/staff",
		"/\r\nLocation: x":       "/staff",
		"/%2F%2Fevil.example":    "/%2F%2Fevil.example",
		"/login?next=//evil.com": "/login?next=//evil.com",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLoginReplacesExistingSession: a session cookie planted before sign-in
// (session fixation) is discarded, not upgraded.
func TestLoginReplacesExistingSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{Demo: true})
	attacker := e.newUser(access.RolePartner)
	victim := e.newUser(access.RoleSocialWorker)
	planted, _ := e.newSession(attacker.ID, false)
	b := e.browser()
	b.setSession(planted)
	wantRedirect(t, b.login(victim.Email, victim.Password), "/staff")
	if b.sessionToken() == planted {
		t.Fatal("sign-in kept the planted session token")
	}
	if _, err := e.db.SessionByToken(e.ctx(), planted, e.clock.now()); !errors.Is(err, kynnys.ErrNotFound) {
		t.Fatalf("planted session survives sign-in: %v", err)
	}
	r := b.get("/staff")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, victim.Name)
}
