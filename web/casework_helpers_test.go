package web

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/casework"
	"kynnys/store/storetest"
)

// Helpers shared by the case-work tests.

// eachEngine runs test in a parallel subtest per store engine, each with
// an environment of its own made by newEnv.
func eachEngine[E any](t *testing.T, newEnv func(*testing.T, string) E, test func(*testing.T, E)) {
	t.Helper()
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			test(t, newEnv(t, engine))
		})
	}
}

// plainEnv is an environment with the default configuration and no data.
func plainEnv(t *testing.T, engine string) *testEnv { return newEnv(t, engine, Config{}) }

// as is a browser signed in as u, second factor done.
func (e *testEnv) as(u *testUser) *browser {
	b := e.browser()
	b.signInAs(u, true)
	return b
}

// asIn is a browser signed in as u that asks for pages in lang.
func (e *testEnv) asIn(u *testUser, lang string) *browser {
	b := e.as(u)
	b.Header.Set("Accept-Language", lang)
	return b
}

// accessLog is the access log of person, oldest first.
func (e *testEnv) accessLog(person string) []access.LogEntry {
	e.t.Helper()
	entries, err := e.db.AccessLogForPerson(e.ctx(), person, time.Time{})
	if err != nil {
		e.t.Fatal(err)
	}
	return entries
}

// logged reports whether person's access log has an entry by u with
// action and purpose.
func (e *testEnv) logged(person string, u *testUser, action access.LogAction, purpose string) bool {
	e.t.Helper()
	for _, l := range e.accessLog(person) {
		if l.UserID == u.ID && l.Action == action && l.Purpose == purpose {
			return true
		}
	}
	return false
}

// storedCase is case id as stored now.
func (e *testEnv) storedCase(id string) *casework.Case {
	e.t.Helper()
	c, err := e.db.Case(e.ctx(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// caseEvents is the history of case id, oldest first.
func (e *testEnv) caseEvents(id string) []casework.Event {
	e.t.Helper()
	evs, err := e.db.CaseEvents(e.ctx(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return evs
}

// wantFieldError fails unless r refuses a form with 400 on a page in lang
// that shows key's message (with args) next to the input field and links to
// that input from the error summary.
func (e *testEnv) wantFieldError(t *testing.T, r *resp, lang, field, key string, args ...any) {
	t.Helper()
	wantStatus(t, r, http.StatusBadRequest)
	if got := pageLang(r); got != lang {
		t.Fatalf("%s %s: refused in %q, want %q", r.Request.Method, r.Request.URL.Path, got, lang)
	}
	wantContains(t, r, `href="#`+field+`"`, `id="`+field+`-error">`+e.html(lang, key, args...))
}

// closeCase closes case id for reason, straight in the store.
func (e *testEnv) closeCase(id string, reason casework.CloseReason) {
	e.t.Helper()
	c := e.storedCase(id)
	if err := c.Transition(casework.StatusClosed, reason, "", e.clock.now()); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.UpdateCase(e.ctx(), c, nil, -1); err != nil {
		e.t.Fatal(err)
	}
}

// formError is a form the server must refuse, with the input field it must
// mark and the message key it must show there.
type formError struct {
	form       url.Values
	field, key string
}

// wantFormErrors posts each form to path as b and checks the refusal with
// wantFieldError.
func (e *testEnv) wantFormErrors(t *testing.T, b *browser, path, lang string, cases []formError) {
	t.Helper()
	for _, tc := range cases {
		e.wantFieldError(t, b.postCSRF(path, tc.form), lang, tc.field, tc.key)
	}
}
