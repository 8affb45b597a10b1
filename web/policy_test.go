package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"kynnys/access"
)

// who may use a route, as the test expects it.
type who struct {
	auth  authKind
	roles []access.Role // authStaff only
}

var (
	anyone    = who{auth: authPublic}
	signingIn = who{auth: authPending}
	allStaff  = who{auth: authStaff, roles: []access.Role{access.RoleAdmin, access.RoleTeamLead, access.RoleSocialWorker,
		access.RoleSocialCounsellor, access.RoleHealthProfessional, access.RolePartner, access.RoleAnalyst}}
	adminOnly        = who{auth: authStaff, roles: []access.Role{access.RoleAdmin}}
	placeEditors     = who{auth: authStaff, roles: []access.Role{access.RoleAdmin, access.RoleTeamLead}}
	planners         = who{auth: authStaff, roles: []access.Role{access.RoleAdmin, access.RoleTeamLead, access.RoleAnalyst}}
	encounterLoggers = who{auth: authStaff, roles: []access.Role{access.RoleTeamLead, access.RoleSocialWorker,
		access.RoleSocialCounsellor, access.RoleHealthProfessional}}
	encounterReaders = who{auth: authStaff, roles: []access.Role{access.RoleAdmin, access.RoleTeamLead, access.RoleSocialWorker,
		access.RoleSocialCounsellor, access.RoleAnalyst}}
	contactRecorders = who{auth: authStaff, roles: []access.Role{access.RoleTeamLead, access.RoleSocialWorker, access.RoleSocialCounsellor}}
	triagers         = contactRecorders
	teamLeads        = who{auth: authStaff, roles: []access.Role{access.RoleTeamLead}}
	intakeReaders    = planners
	caseworkers      = contactRecorders
)

// routePolicy is the expected policy of every route. A route added to
// registerRoutes without an entry here fails TestRouteRoleMatrix, and so
// does an entry whose route is gone: adding a route means deciding here who
// may use it.
var routePolicy = map[string]who{
	"GET /healthz":       anyone,
	"GET /readyz":        anyone,
	"GET /metrics":       anyone,
	"GET /static/{file}": anyone,
	"GET /{$}":           anyone,
	"GET /accessibility": anyone,
	"GET /login":         anyone,
	"POST /login":        anyone,
	"/":                  anyone,

	"GET /login/second-factor":  signingIn,
	"POST /login/second-factor": signingIn,
	"GET /login/enrol":          signingIn,
	"GET /login/enrol/qr.png":   signingIn,
	"POST /login/enrol":         signingIn,
	"POST /logout":              signingIn,

	"GET /staff":                                 allStaff,
	"GET /account/password":                      allStaff,
	"POST /account/password":                     allStaff,
	"GET /account/tokens":                        allStaff,
	"POST /account/tokens":                       allStaff,
	"POST /account/tokens/{id}/revoke":           allStaff,
	"GET /admin/users":                           adminOnly,
	"POST /admin/users":                          adminOnly,
	"GET /admin/users/{id}":                      adminOnly,
	"POST /admin/users/{id}":                     adminOnly,
	"POST /admin/users/{id}/reset-second-factor": adminOnly,
	"GET /admin/teams":                           adminOnly,
	"POST /admin/teams":                          adminOnly,
	"GET /admin/teams/{id}":                      adminOnly,
	"POST /admin/teams/{id}":                     adminOnly,

	"GET /places/{id}": anyone,
	"GET /phone":       anyone,

	"GET /staff/places":              placeEditors,
	"GET /staff/places/new":          placeEditors,
	"POST /staff/places":             placeEditors,
	"GET /staff/places/{id}":         placeEditors,
	"POST /staff/places/{id}":        placeEditors,
	"GET /staff/places/{id}/history": placeEditors,
	"GET /staff/coverage":            planners,
	"GET /staff/coverage.csv":        planners,
	"GET /staff/statistics":          encounterReaders,
	"GET /staff/statistics.csv":      encounterReaders,
	"GET /staff/statistics.xlsx":     encounterReaders,

	"GET /api/v1/openapi.json": anyone,
	"GET /api/v1/me":           allStaff,

	"GET /api/v1/service-points":                  {auth: authPublic},
	"POST /api/v1/service-points":                 placeEditors,
	"GET /api/v1/service-points/{id}":             anyone,
	"PUT /api/v1/service-points/{id}":             placeEditors,
	"GET /api/v1/service-points/{id}/openings":    anyone,
	"GET /api/v1/vocabularies/topics":             anyone,
	"GET /api/v1/vocabularies/help":               anyone,
	"GET /api/v1/vocabularies/age-bands":          anyone,
	"POST /api/v1/encounters":                     encounterLoggers,
	"GET /api/v1/reports/encounters":              encounterReaders,
	"GET /desk":                                   encounterLoggers,
	"POST /desk":                                  encounterLoggers,
	"GET /desk/bulk":                              encounterLoggers,
	"POST /desk/bulk":                             encounterLoggers,
	"GET /desk/{id}":                              encounterLoggers,
	"POST /desk/{id}":                             encounterLoggers,
	"POST /desk/{id}/delete":                      encounterLoggers,
	"GET /help":                                   anyone,
	"POST /help":                                  anyone,
	"GET /help/sent/{receipt}":                    anyone,
	"GET /notify":                                 anyone,
	"POST /notify":                                anyone,
	"GET /notify/sent/{receipt}":                  anyone,
	"POST /api/v1/help-requests":                  anyone,
	"POST /api/v1/notifications":                  anyone,
	"POST /api/v1/contacts":                       contactRecorders,
	"GET /api/v1/contacts/{id}":                   triagers,
	"GET /intake":                                 triagers,
	"GET /intake/overdue":                         teamLeads,
	"GET /intake/new":                             contactRecorders,
	"POST /intake/new":                            contactRecorders,
	"GET /intake/items/{id}":                      triagers,
	"POST /intake/items/{id}/urgency":             triagers,
	"POST /intake/items/{id}/assign":              triagers,
	"POST /intake/items/{id}/start":               triagers,
	"POST /intake/items/{id}/close":               triagers,
	"POST /intake/items/{id}/assessment-complete": triagers,
	"POST /intake/items/{id}/note":                triagers,
	"POST /intake/items/{id}/reroute":             teamLeads,
	"GET /intake/report":                          intakeReaders,
	"GET /intake/report.csv":                      intakeReaders,
	"POST /admin/intake-default-team":             adminOnly,
	"GET /api/v1/recognition/catalogue":           anyone,
	"POST /api/v1/recognition/evaluate":           anyone,
	"GET /recognise":                              anyone,
	"GET /recognise/print":                        anyone,
	"GET /admin/recognition":                      adminOnly,
	"POST /admin/recognition":                     adminOnly,
	"GET /admin/recognition/history":              adminOnly,
	"GET /staff/recognition-stats":                planners,
	"GET /staff/recognition-stats.csv":            planners,

	"POST /api/v1/clients":                           caseworkers,
	"GET /api/v1/clients/{id}":                       caseworkers,
	"POST /api/v1/cases":                             caseworkers,
	"GET /api/v1/cases/{id}":                         caseworkers,
	"POST /api/v1/cases/{id}/ladder":                 caseworkers,
	"POST /api/v1/cases/{id}/meetings":               caseworkers,
	"POST /api/v1/cases/{id}/meetings/{mid}/no-show": caseworkers,
	"GET /clients":                                   caseworkers,
	"POST /clients/search":                           caseworkers,
	"GET /clients/new":                               caseworkers,
	"POST /clients/new":                              caseworkers,
	"GET /clients/{id}":                              caseworkers,
	"GET /clients/{id}/edit":                         caseworkers,
	"POST /clients/{id}/edit":                        caseworkers,
	"POST /clients/{id}/consents":                    caseworkers,
	"POST /clients/{id}/consents/{cid}/withdraw":     caseworkers,
	"GET /clients/{id}/export":                       caseworkers,
	"GET /cases/new":                                 caseworkers,
	"POST /cases/new":                                caseworkers,
	"GET /cases/{id}":                                caseworkers,
	"POST /cases/{id}/purpose":                       caseworkers,
	"POST /cases/{id}/ladder":                        caseworkers,
	"POST /cases/{id}/situation":                     caseworkers,
	"POST /cases/{id}/status":                        caseworkers,
	"POST /cases/{id}/workers":                       caseworkers,
	"GET /cases/{id}/print":                          caseworkers,
	"GET /cases/{id}/meetings":                       caseworkers,
	"POST /cases/{id}/meetings":                      caseworkers,
	"POST /cases/{id}/meetings/{mid}":                caseworkers,
	"POST /cases/{id}/tasks":                         caseworkers,
	"POST /cases/{id}/tasks/{tid}/done":              caseworkers,
	"GET /cases/{id}/plan":                           caseworkers,
	"POST /cases/{id}/plan":                          caseworkers,
	"GET /cases/{id}/progress":                       caseworkers,
	"POST /cases/{id}/progress":                      caseworkers,
	"GET /cases/{id}/referrals":                      caseworkers,
	"POST /cases/{id}/referrals":                     caseworkers,
	"GET /casework":                                  caseworkers,
	"GET /casework/team":                             teamLeads,
	"POST /casework/team/{id}/cap":                   teamLeads,
	"GET /casework/report":                           planners,
	"GET /casework/report.csv":                       planners,
	"GET /admin/casework":                            adminOnly,
	"POST /admin/casework":                           adminOnly,
	"GET /hsds/{$}":                                  anyone,
	"GET /hsds/services":                             anyone,
	"GET /hsds/services/{id}":                        anyone,
	"GET /hsds/service_at_locations":                 anyone,
	"GET /hsds/service_at_locations/{id}":            anyone,
}

var wildcard = regexp.MustCompile(`\{[^}]*\}`)

// concretePath turns a route pattern's path into one request path: {$}
// vanishes, other wildcards get a dummy value that matches nothing stored.
func concretePath(p string) string {
	return wildcard.ReplaceAllStringFunc(p, func(w string) string {
		if w == "{$}" {
			return ""
		}
		return "00000000-0000-7000-8000-000000000000"
	})
}

// requestFor is the method and path that exercise route pattern.
func requestFor(rt *route) (method, path string) {
	method, path = rt.method(), rt.path()
	if !strings.Contains(rt.pattern, " ") {
		// A pattern without a method (the catch-all) is tried with GET on
		// a path no other route claims.
		method, path = http.MethodGet, "/no-such-page"+rt.pattern
	}
	return method, concretePath(path)
}

func TestRouteTableMatchesRegisteredRoutes(t *testing.T) {
	t.Parallel()
	s, err := New(Config{Logger: discardLogger()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	for _, rt := range s.routes {
		if registered[rt.pattern] {
			t.Errorf("route %q registered twice", rt.pattern)
		}
		registered[rt.pattern] = true
		want, ok := routePolicy[rt.pattern]
		if !ok {
			t.Errorf("route %q has no entry in routePolicy: decide who may use it", rt.pattern)
			continue
		}
		if rt.auth != want.auth {
			t.Errorf("route %q: registered with auth %d, table says %d", rt.pattern, rt.auth, want.auth)
		}
		if isAPI := isAPIPath(rt.path()); rt.api != isAPI {
			t.Errorf("route %q: api=%v, but its path says %v (API routes take bearer tokens, pages cookies)", rt.pattern, rt.api, isAPI)
		}
		if rt.auth != authStaff {
			if rt.action != "" {
				t.Errorf("route %q: non-staff route carries action %q", rt.pattern, rt.action)
			}
			continue
		}
		// The table, the registered action and the policy must agree.
		got := access.RolesFor(rt.action)
		if len(got) == 0 {
			t.Errorf("route %q: action %q grants no role", rt.pattern, rt.action)
		}
		if !sameRoles(got, want.roles) {
			t.Errorf("route %q: policy grants %v, table expects %v", rt.pattern, got, want.roles)
		}
		for _, role := range access.Roles {
			u := &access.User{Role: role, Active: true}
			if can, listed := access.Can(u, rt.action), slices.Contains(want.roles, role); can != listed {
				t.Errorf("route %q: access.Can(%s)=%v, table says %v", rt.pattern, role, can, listed)
			}
			if access.Can(&access.User{Role: role}, rt.action) {
				t.Errorf("route %q: an inactive %s is allowed", rt.pattern, role)
			}
		}
	}
	for p := range routePolicy {
		if !registered[p] {
			t.Errorf("routePolicy lists %q, which is not registered", p)
		}
	}
}

func sameRoles(a, b []access.Role) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// principal is one kind of caller in the matrix.
type principal struct {
	name string
	// prepare sets up a browser for one request (a fresh session each time,
	// since some routes end the session they are called with).
	prepare func(b *browser)
	role    access.Role // for staff principals
	pending bool
	anon    bool
}

// TestRouteRoleMatrix walks every registered route with every kind of
// caller and checks the outcome against routePolicy. It is about policy,
// not storage, so it runs on SQLite only.
func TestRouteRoleMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})

	users := map[access.Role]*testUser{}
	tokens := map[access.Role]string{}
	for _, role := range access.Roles {
		users[role] = e.newUser(role)
		tokens[role] = e.newToken(users[role].ID)
	}
	pendingUser := e.newUser(access.RoleSocialWorker, withTOTP())

	principals := []principal{
		{name: "anonymous", anon: true, prepare: func(*browser) {}},
		{name: "pending", pending: true, prepare: func(b *browser) { b.signInAs(pendingUser, false) }},
	}
	for _, role := range access.Roles {
		principals = append(principals, principal{name: string(role), role: role, prepare: func(b *browser) {
			b.signInAs(users[role], true)
			b.Header.Set("Authorization", "Bearer "+tokens[role])
		}})
	}

	for _, rt := range e.srv.routes {
		want, ok := routePolicy[rt.pattern]
		if !ok {
			continue // reported by TestRouteTableMatchesRegisteredRoutes
		}
		method, path := requestFor(rt)
		for _, p := range principals {
			t.Run(rt.pattern+"/"+p.name, func(t *testing.T) {
				b := e.browser()
				p.prepare(b)
				var r *resp
				if method == http.MethodPost && b.sessionToken() != "" {
					r = b.postCSRF(path, url.Values{})
				} else {
					r = b.do(b.newRequest(method, path, nil))
				}
				if r.StatusCode >= 500 {
					t.Fatalf("%s %s as %s: status %d", method, path, p.name, r.StatusCode)
				}
				checkOutcome(t, rt, want, p, r)
			})
		}
	}
}

func checkOutcome(t *testing.T, rt *route, want who, p principal, r *resp) {
	t.Helper()
	allowed := func() {
		t.Helper()
		if r.StatusCode == http.StatusUnauthorized || r.StatusCode == http.StatusForbidden {
			t.Fatalf("%s as %s: status %d, want access; body:\n%.1000s", rt.pattern, p.name, r.StatusCode, r.Body)
		}
	}
	switch {
	case want.auth == authPublic:
		allowed()
	case rt.api && (p.anon || p.pending):
		// The API takes only bearer tokens; a session cookie is no credential there.
		wantAPIError(t, r, http.StatusUnauthorized, "unauthorized")
		if r.Header.Get("WWW-Authenticate") == "" {
			t.Fatalf("%s as %s: 401 without WWW-Authenticate", rt.pattern, p.name)
		}
	case rt.api && slices.Contains(want.roles, p.role):
		allowed()
	case rt.api:
		wantAPIError(t, r, http.StatusForbidden, "forbidden")
	case p.anon:
		wantRedirect(t, r, "/login")
	case want.auth == authPending:
		allowed()
	case p.pending:
		wantRedirect(t, r, "/login/second-factor")
	case slices.Contains(want.roles, p.role):
		allowed()
	default:
		wantStatus(t, r, http.StatusForbidden)
	}
}

// wantAPIError checks the API's one error shape.
func wantAPIError(t *testing.T, r *resp, status int, code string) apiErrorDetail {
	t.Helper()
	wantStatus(t, r, status)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error Content-Type %q, want JSON", ct)
	}
	var body map[string]map[string]any
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		t.Fatalf("error body %q is not the error shape: %v", r.Body, err)
	}
	if len(body) != 1 || body["error"] == nil {
		t.Fatalf("error body %q: want exactly {\"error\":{…}}", r.Body)
	}
	detail := body["error"]
	c, _ := detail["code"].(string)
	m, _ := detail["message"].(string)
	if c != code || m == "" {
		t.Fatalf("error body %q: want code %q and a message", r.Body, code)
	}
	return apiErrorDetail{Code: c, Message: m}
}

// TestBearerTokenIsNoPageCredential: a token is for the API only; pages need
// a session (so a leaked token cannot drive the browser forms).
func TestBearerTokenIsNoPageCredential(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	admin := e.newUser(access.RoleAdmin)
	b := e.browser()
	b.Header.Set("Authorization", "Bearer "+e.newToken(admin.ID))
	wantRedirect(t, b.get("/admin/users"), "/login")
	wantStatus(t, b.get("/api/v1/me"), http.StatusOK)
}
