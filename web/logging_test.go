package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/store"
	"kynnys/store/storetest"
)

// secretCode finds a value shown once (a token, a one-time password).
var secretCode = regexp.MustCompile(`<code class="secret">([^<]+)</code>`)

// TestNoPersonalDataInLogs drives the flows that handle personal data and
// secrets and checks none of it reaches the server log.
func TestNoPersonalDataInLogs(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	admin := e.newUser(access.RoleAdmin, withTOTP(), withEmail("paakayttaja.virtanen@example.fi"))
	worker := e.newUser(access.RoleSocialWorker, withEmail("liisa.lahtinen@example.fi"))
	var secrets []string

	// Sign-in with an email, a failed one, an unknown account, enrolment.
	b := e.browser()
	wantStatus(t, b.login(worker.Email, "Salainen-Väärä-Salasana-1"), http.StatusUnauthorized)
	wantStatus(t, b.login("tuntematon.henkilo@example.fi", "Toinen-Salasana-2"), http.StatusUnauthorized)
	wantRedirect(t, b.login(worker.Email, worker.Password), "/login/enrol")
	secrets = append(secrets, b.sessionToken(), b.csrf())
	page := b.get("/login/enrol")
	m := secretOnPage.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no secret on the enrolment page")
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	r := b.postCSRF("/login/enrol", url.Values{"code": {totpAt(t, secret, e.clock.now())}})
	wantStatus(t, r, http.StatusOK)
	secrets = append(secrets, secret, b.sessionToken())
	for _, c := range recoveryCode.FindAllStringSubmatch(r.Body, -1) {
		secrets = append(secrets, c[1])
	}

	// A token made on the token page.
	r = b.postCSRF("/account/tokens", url.Values{"name": {"Liisan raportointi"}})
	wantStatus(t, r, http.StatusCreated)
	tm := secretCode.FindStringSubmatch(r.Body)
	if tm == nil || !strings.HasPrefix(tm[1], access.APITokenPrefix) {
		t.Fatal("token page shows no token")
	}
	secrets = append(secrets, tm[1])
	api := e.browser()
	api.Header.Set("Authorization", "Bearer "+tm[1])
	wantStatus(t, api.get("/api/v1/me"), http.StatusOK)
	api.Header.Set("Authorization", "Bearer kyn_wrong-token-value")
	wantStatus(t, api.get("/api/v1/me"), http.StatusUnauthorized)

	// An admin creates a user (and fails to create the same one twice).
	ab := e.browser()
	ab.signInAs(admin, true)
	form := url.Values{"email": {"maija@example.fi"}, "name": {"Maija Meikäläinen"}, "role": {string(access.RoleSocialCounsellor)}}
	r = ab.postCSRF("/admin/users", form)
	wantStatus(t, r, http.StatusCreated)
	pm := secretCode.FindStringSubmatch(r.Body)
	if pm == nil {
		t.Fatal("no one-time password shown")
	}
	secrets = append(secrets, pm[1])
	wantStatus(t, ab.postCSRF("/admin/users", form), http.StatusConflict)
	wantStatus(t, ab.postCSRF("/admin/users", url.Values{"email": {"not an email"}, "name": {"Matti Möttönen"}, "role": {"admin"}}), http.StatusBadRequest)
	// A panic or internal error path would log too; a search for a person
	// in the URL must not be logged either.
	wantStatus(t, ab.get("/admin/users/maija@example.fi?q=Meikäläinen"), http.StatusNotFound)

	logs := e.logs.String()
	if !strings.Contains(logs, "request") || !strings.Contains(logs, "route=") {
		t.Fatalf("no request log lines captured:\n%s", logs)
	}
	forbidden := []string{
		worker.Email, admin.Email, "maija@example.fi", "tuntematon.henkilo@example.fi", "maija", "Maija", "Meikäläinen",
		"Meik", "Matti", "Möttönen", "Liisan raportointi", "liisa", "paakayttaja", "virtanen", "@example.fi",
		testPassword, "Salainen-Väärä-Salasana-1", "Toinen-Salasana-2", "kyn_",
	}
	forbidden = append(forbidden, secrets...)
	for _, s := range forbidden {
		if s != "" && strings.Contains(strings.ToLower(logs), strings.ToLower(s)) {
			t.Errorf("log contains %q", s)
		}
	}
}

// TestLogUse checks the access-log helper records who, whose, route and
// request id through the real middleware, and that the chain verifies.
func TestLogUse(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		team := e.newTeam("Porin aikuissosiaalityö", []string{"Pori"}, access.TargetWorkingAge)
		u := e.newUser(access.RoleSocialWorker, withTeams(team.ID))
		const person = "0190a1b2-0000-7000-8000-00000000abcd"

		// A test route stands in for the client pages to come.
		var useErr error
		e.srv.page("GET /test/people/{id}", access.ActionUseStaffArea, func(w http.ResponseWriter, r *http.Request) {
			if useErr = e.srv.logUse(r, r.PathValue("id"), access.LogView, "  asiakkaan ohjaus  "); useErr != nil {
				e.srv.internalError(w, r, useErr)
				return
			}
			_, _ = w.Write([]byte("data"))
		})
		b := e.browser()
		b.signInAs(u, true)
		since := time.Now().Add(-time.Minute)
		r := b.get("/test/people/" + person)
		wantStatus(t, r, http.StatusOK)
		if useErr != nil {
			t.Fatal(useErr)
		}

		entries, err := e.db.AccessLogForPerson(e.ctx(), person, since)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 {
			t.Fatalf("%d entries, want 1", len(entries))
		}
		got := entries[0]
		if got.Route != "GET /test/people/{id}" || got.RequestID != r.Header.Get("X-Request-Id") || got.RequestID == "" {
			t.Errorf("route %q request id %q; want the pattern and %q", got.Route, got.RequestID, r.Header.Get("X-Request-Id"))
		}
		if got.UserID != u.ID || got.UserName != u.Name || got.OrgUnit != team.Name || got.PersonID != person ||
			got.Action != access.LogView || got.Purpose != "asiakkaan ohjaus" {
			t.Errorf("entry %+v", got)
		}
		if n, err := e.db.VerifyAccessLog(e.ctx()); err != nil || n != 1 {
			t.Fatalf("VerifyAccessLog = %d, %v", n, err)
		}

		// Without a user (no middleware state at all, or a state without a
		// user) nothing is recorded and the caller gets an error.
		bare := httptest.NewRequest(http.MethodGet, "/x", nil)
		if err := e.srv.logUse(bare, person, access.LogView, "x"); err == nil {
			t.Error("logUse without any request state succeeded")
		}
		st := &reqState{id: "req-1", route: "GET /x", lang: "fi"}
		anon := bare.WithContext(context.WithValue(bare.Context(), stateKey{}, st))
		if err := e.srv.logUse(anon, person, access.LogView, "x"); err == nil {
			t.Error("logUse without a user succeeded")
		}
		st.user = u.User
		if err := e.srv.logUse(anon, "", access.LogView, "x"); err == nil {
			t.Error("logUse without a person succeeded")
		}
		if err := e.srv.logUse(anon, person, access.LogExport, "vienti"); err != nil {
			t.Fatal(err)
		}
		if n, err := e.db.VerifyAccessLog(e.ctx()); err != nil || n != 2 {
			t.Fatalf("VerifyAccessLog = %d, %v; want 2 entries", n, err)
		}
	})
}
