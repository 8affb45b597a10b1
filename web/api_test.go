package web

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"kynnys/access"
	"kynnys/store"
	"kynnys/store/storetest"
)

func TestOpenAPIDocumentsEveryAPIRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{Version: "test"})
	r := e.browser().get("/api/v1/openapi.json")
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q, want 3.1.0", doc.OpenAPI)
	}

	documented := 0
	operationIDs := map[string]string{}
	for _, rt := range e.srv.routes {
		if !strings.HasPrefix(rt.path(), "/api/v1/") {
			continue
		}
		documented++
		p := pathParam.ReplaceAllString(rt.path(), "{$1}")
		op := doc.Paths[p][strings.ToLower(rt.method())]
		if op == nil {
			t.Errorf("route %q is missing from the OpenAPI document", rt.pattern)
			continue
		}
		id, _ := op["operationId"].(string)
		if id == "" {
			t.Errorf("%s: no operationId", rt.pattern)
		} else if other, dup := operationIDs[id]; dup {
			t.Errorf("%s and %s share operationId %q", rt.pattern, other, id)
		}
		operationIDs[id] = rt.pattern

		// Every path wildcard is a documented, required path parameter.
		params := map[string]bool{}
		list, _ := op["parameters"].([]any)
		for _, x := range list {
			m, _ := x.(map[string]any)
			if m["in"] == "path" && m["required"] == true {
				name, _ := m["name"].(string)
				params[name] = true
			}
		}
		for _, m := range pathParam.FindAllStringSubmatch(rt.path(), -1) {
			if !params[m[1]] {
				t.Errorf("%s: path parameter %q not documented", rt.pattern, m[1])
			}
		}

		responses, _ := op["responses"].(map[string]any)
		if len(responses) == 0 {
			t.Errorf("%s: no responses documented", rt.pattern)
		}
		if rt.auth != authPublic {
			for _, code := range []string{"401", "403"} {
				if responses[code] == nil {
					t.Errorf("%s: guarded route does not document %s", rt.pattern, code)
				}
			}
		}
	}
	if documented == 0 {
		t.Fatal("no /api/v1 routes found")
	}

	// Every schema reference resolves.
	var refs []string
	collectRefs(jsonValue(t, r.Body), &refs)
	for _, ref := range refs {
		name, ok := strings.CutPrefix(ref, "#/components/schemas/")
		if !ok || doc.Components.Schemas[name] == nil {
			t.Errorf("unresolved $ref %q", ref)
		}
	}
}

func jsonValue(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func collectRefs(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			*out = append(*out, ref)
		}
		for _, c := range x {
			collectRefs(c, out)
		}
	case []any:
		for _, c := range x {
			collectRefs(c, out)
		}
	}
}

// TestOpenAPIConcurrent builds the document from several servers at once;
// under -race it catches shared route descriptions being written.
func TestOpenAPIConcurrent(t *testing.T) {
	t.Parallel()
	var servers []*Server
	for range 2 {
		s, err := New(Config{Logger: discardLogger()}, nil)
		if err != nil {
			t.Fatal(err)
		}
		servers = append(servers, s, s)
	}
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Go(func() { _ = s.openAPIDocument() })
	}
	wg.Wait()
}

func TestAPIMe(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		team := e.newTeam("Porin tiimi", []string{"Pori", "Ulvila"}, access.TargetFamilies, access.TargetYouth)
		u := e.newUser(access.RoleSocialWorker, withTeams(team.ID))
		token := e.newToken(u.ID)

		b := e.browser()
		b.Header.Set("Authorization", "Bearer "+token)
		r := b.get("/api/v1/me")
		wantStatus(t, r, http.StatusOK)
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q, want no-store", cc)
		}
		var me map[string]json.RawMessage
		if err := json.Unmarshal([]byte(r.Body), &me); err != nil {
			t.Fatal(err)
		}
		wantKeys(t, "me", me, "id", "email", "name", "role", "teams")
		var got meResponse
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Email != u.Email || got.Name != u.Name || got.Role != string(access.RoleSocialWorker) {
			t.Errorf("me = %+v, want user %s %s %s", got, u.ID, u.Email, u.Name)
		}
		var teams []map[string]json.RawMessage
		if err := json.Unmarshal(me["teams"], &teams); err != nil || len(teams) != 1 {
			t.Fatalf("teams %s: %v", me["teams"], err)
		}
		wantKeys(t, "team", teams[0], "id", "name", "municipalities", "target_groups")
		gt := got.Teams[0]
		if gt.ID != team.ID || gt.Name != "Porin tiimi" || !slices.Equal(gt.Municipalities, []string{"Pori", "Ulvila"}) ||
			!sameStrings(gt.TargetGroups, []string{"families", "youth"}) {
			t.Errorf("team = %+v", gt)
		}

		// A user without teams gets an empty list, not null.
		loner := e.newUser(access.RoleAnalyst)
		b.Header.Set("Authorization", "Bearer "+e.newToken(loner.ID))
		r = b.get("/api/v1/me")
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.Body, `"teams":[]`) {
			t.Errorf("teams of a user without teams: %s", r.Body)
		}
	})
}

func wantKeys(t *testing.T, what string, m map[string]json.RawMessage, keys ...string) {
	t.Helper()
	got := slices.Sorted(maps.Keys(m))
	want := slices.Sorted(slices.Values(keys))
	if !slices.Equal(got, want) {
		t.Errorf("%s fields %v, want exactly %v", what, got, want)
	}
}

func sameStrings(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestAPIRefusesBadCredentials(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	u := e.newUser(access.RoleTeamLead)
	owner := e.browser()
	owner.signInAs(u, true)

	// A token revoked on the token page stops working at once.
	revoked, rec, err := e.db.CreateAPIToken(e.ctx(), u.ID, "revoked")
	if err != nil {
		t.Fatal(err)
	}
	wantRedirect(t, owner.postCSRF("/account/tokens/"+rec.ID+"/revoke", nil), "/account/tokens")

	// Someone else's token id cannot be revoked by this user.
	other := e.newUser(access.RoleTeamLead)
	otherToken, otherRec, err := e.db.CreateAPIToken(e.ctx(), other.ID, "theirs")
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, owner.postCSRF("/account/tokens/"+otherRec.ID+"/revoke", nil), http.StatusNotFound)

	for name, header := range map[string]string{
		"missing":        "",
		"revoked":        "Bearer " + revoked,
		"garbage":        "Bearer kyn_not-a-real-token",
		"empty bearer":   "Bearer ",
		"basic":          "Basic dXNlcjpwYXNzd29yZA==",
		"token as basic": "Basic " + otherToken,
		"no scheme":      otherToken,
	} {
		t.Run(name, func(t *testing.T) {
			b := e.browser()
			req := b.newRequest(http.MethodGet, "/api/v1/me", nil)
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			r := b.do(req)
			wantAPIError(t, r, http.StatusUnauthorized, "unauthorized")
			if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", r.Header.Get("WWW-Authenticate"))
			}
		})
	}

	// The other user's token still works: the failed revoke touched nothing.
	b := e.browser()
	b.Header.Set("Authorization", "Bearer "+otherToken)
	wantStatus(t, b.get("/api/v1/me"), http.StatusOK)

	// Deactivating the user ends their token.
	if err := e.db.SetActive(e.ctx(), other.ID, false); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, b.get("/api/v1/me"), http.StatusUnauthorized, "unauthorized")
}

// TestAPIInactiveUserToken: even a token that is still live is refused once
// its user is inactive (defence in depth behind the store's revocation).
func TestAPIInactiveUserToken(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, "sqlite")
	fs := &faultyStore{DB: db}
	e := newEnvWith(t, db, fs, Config{})
	u := e.newUser(access.RolePartner)
	token := e.newToken(u.ID)
	b := e.browser()
	b.Header.Set("Authorization", "Bearer "+token)
	wantStatus(t, b.get("/api/v1/me"), http.StatusOK)
	fs.inactive.Store(true)
	wantAPIError(t, b.get("/api/v1/me"), http.StatusUnauthorized, "unauthorized")
	// And the same for a browser session.
	b.signInAs(u, true)
	wantRedirect(t, b.get("/staff"), "/login")
}

func TestAPIErrorFollowsAcceptLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	seen := map[string]string{}
	for _, tc := range []struct{ header, lang string }{
		{"fi", "fi"}, {"sv-FI,sv;q=0.9", "sv"}, {"en-GB,en;q=0.8", "en"}, {"de", "fi"}, {"", "fi"},
	} {
		b := e.browser()
		req := b.newRequest(http.MethodGet, "/api/v1/me", nil)
		if tc.header != "" {
			req.Header.Set("Accept-Language", tc.header)
		}
		d := wantAPIError(t, b.do(req), http.StatusUnauthorized, "unauthorized")
		if want := e.T(tc.lang, "error.unauthorized"); d.Message != want {
			t.Errorf("Accept-Language %q: message %q, want %q", tc.header, d.Message, want)
		}
		seen[tc.lang] = d.Message
	}
	if seen["fi"] == seen["sv"] || seen["fi"] == seen["en"] || seen["sv"] == seen["en"] {
		t.Errorf("messages do not differ by language: %q", seen)
	}

	// Unknown API paths answer in JSON too, in the caller's language.
	b := e.browser()
	b.Header.Set("Accept-Language", "sv")
	d := wantAPIError(t, b.get("/api/v1/no-such-thing"), http.StatusNotFound, "not_found")
	if d.Message != e.T("sv", "error.not_found") {
		t.Errorf("404 message %q", d.Message)
	}
}
