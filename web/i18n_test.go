package web

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kynnys/access"
	"kynnys/store/storetest"
)

func TestLanguageNegotiation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})

	b := e.browser()
	r := b.get("/?lang=sv")
	wantStatus(t, r, http.StatusOK)
	c := setCookie(r, langCookie)
	if c == nil || c.Value != "sv" || c.Path != "/" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.MaxAge <= 0 {
		t.Fatalf("lang cookie %+v", c)
	}
	if got := pageLang(r); got != "sv" {
		t.Fatalf(`<html lang=%q>, want "sv"`, got)
	}
	if got := r.Header.Get("Content-Language"); got != "sv" {
		t.Fatalf("Content-Language %q", got)
	}
	// Links to the same page in the other languages.
	wantContains(t, r, `href="/?lang=fi"`, `href="/?lang=en"`)

	// The cookie now wins over the browser's preference…
	b.Header.Set("Accept-Language", "en")
	if got := pageLang(b.get("/accessibility")); got != "sv" {
		t.Fatalf("cookie sv, Accept-Language en: page in %q", got)
	}
	// …and the query parameter over the cookie.
	if got := pageLang(b.get("/accessibility?lang=en")); got != "en" {
		t.Fatalf("?lang=en: page in %q", got)
	}
	if got := pageLang(b.get("/")); got != "en" {
		t.Fatalf("after ?lang=en: page in %q", got)
	}

	for _, tc := range []struct{ header, want string }{
		{"sv-FI,sv;q=0.9", "sv"},
		{"sv-SE", "sv"},
		{"en-GB,en;q=0.9,fi;q=0.5", "en"},
		{"fi-FI", "fi"},
		{"de", "fi"},
		{"de-DE,fr;q=0.8", "fi"},
		{"", "fi"},
		{"!!garbage!!", "fi"},
	} {
		b := e.browser()
		if tc.header != "" {
			b.Header.Set("Accept-Language", tc.header)
		}
		r := b.get("/")
		if got := pageLang(r); got != tc.want {
			t.Errorf("Accept-Language %q: page in %q, want %q", tc.header, got, tc.want)
		}
		if setCookie(r, langCookie) != nil {
			t.Errorf("Accept-Language %q set a lang cookie", tc.header)
		}
	}

	// An unknown ?lang is ignored, not stored.
	r = e.browser().get("/?lang=de")
	if got := pageLang(r); got != "fi" || setCookie(r, langCookie) != nil {
		t.Fatalf("?lang=de: page in %q, cookie %v", got, setCookie(r, langCookie))
	}
}

// nonHTMLRoutes are GET routes that answer with something other than a page.
var nonHTMLRoutes = map[string]bool{
	"GET /healthz": true, "GET /readyz": true, "GET /metrics": true,
	"GET /static/{file}": true, "GET /login/enrol/qr.png": true,
	"GET /staff/coverage.csv":    true,
	"GET /staff/statistics.csv":  true,
	"GET /staff/statistics.xlsx": true,
	"GET /intake/report.csv":     true,

	"GET /staff/recognition-stats.csv": true,
	"GET /casework/report.csv":         true,
	"GET /clients/{id}/export":         true,
}

// keyLike finds text that looks like an untranslated catalogue key in a
// page: an attribute value or element text that is nothing but a key.
var keyLike = regexp.MustCompile(`[>"]\s*([a-z0-9_]+(?:\.[a-z0-9_]+)+)\s*[<"]`)

// TestEveryPageInEveryLanguage renders every page in every language and
// checks the page says which language it is in and shows no raw keys.
func TestEveryPageInEveryLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	team := e.newTeam("Satakunta", []string{"Pori"}, access.TargetWorkingAge)
	place := e.newServicePoint(team.ID)
	admin := e.newUser(access.RoleAdmin, withTOTP(), withTeams(team.ID))
	enrolling := e.newUser(access.RoleSocialWorker)
	verifying := e.newUser(access.RoleSocialWorker, withTOTP())
	if _, _, err := e.db.CreateAPIToken(e.ctx(), admin.ID, "reporting"); err != nil {
		t.Fatal(err)
	}

	clientWorker := e.newUser(access.RoleSocialWorker, withTeams(team.ID))
	client := newTestClient(e, clientWorker)
	_, overviewCase := newOverviewCase(e, team.ID, clientWorker.ID, "")
	e.climb(overviewCase, 2, "Tavattu kadulla.", 100)
	e.climb(overviewCase, 1, "Ei tavoitettu.", 50)
	workWorker := e.newUser(access.RoleSocialCounsellor, withTeams(team.ID))
	work := wkSeed(e, team.ID, workWorker)

	type page struct {
		path   string
		as     *testUser
		full   bool
		status int
	}
	pages := map[string]page{
		"GET /{$}":                       {path: "/", status: 200},
		"GET /accessibility":             {path: "/accessibility", status: 200},
		"GET /login":                     {path: "/login", status: 200},
		"/":                              {path: "/no-such-page", status: 404},
		"GET /login/enrol":               {path: "/login/enrol", as: enrolling, status: 200},
		"GET /login/second-factor":       {path: "/login/second-factor", as: verifying, status: 200},
		"GET /staff":                     {path: "/staff", as: admin, full: true, status: 200},
		"GET /account/password":          {path: "/account/password", as: admin, full: true, status: 200},
		"GET /account/tokens":            {path: "/account/tokens", as: admin, full: true, status: 200},
		"GET /admin/users":               {path: "/admin/users", as: admin, full: true, status: 200},
		"GET /admin/users/{id}":          {path: "/admin/users/" + enrolling.ID, as: admin, full: true, status: 200},
		"GET /admin/teams":               {path: "/admin/teams", as: admin, full: true, status: 200},
		"GET /admin/teams/{id}":          {path: "/admin/teams/" + team.ID, as: admin, full: true, status: 200},
		"GET /admin/recognition":         {path: "/admin/recognition", as: admin, full: true, status: 200},
		"GET /admin/recognition/history": {path: "/admin/recognition/history", as: admin, full: true, status: 200},
		"GET /places/{id}":               {path: "/places/" + place.ID, status: 200},
		"GET /phone":                     {path: "/phone", status: 200},
		"GET /help":                      {path: "/help", status: 200},
		"GET /help/sent/{receipt}":       {path: "/help/sent/K7QX-M2HP", status: 200},
		"GET /notify":                    {path: "/notify", status: 200},
		"GET /notify/sent/{receipt}":     {path: "/notify/sent/K7QX-M2HP", status: 200},
		"GET /recognise":                 {path: "/recognise", status: 200},
		"GET /recognise/print":           {path: "/recognise/print", status: 200},
		"GET /staff/places":              {path: "/staff/places", as: admin, full: true, status: 200},
		"GET /staff/places/new":          {path: "/staff/places/new", as: admin, full: true, status: 200},
		"GET /staff/places/{id}":         {path: "/staff/places/" + place.ID, as: admin, full: true, status: 200},
		"GET /staff/places/{id}/history": {path: "/staff/places/" + place.ID + "/history", as: admin, full: true, status: 200},
		"GET /staff/coverage":            {path: "/staff/coverage", as: admin, full: true, status: 200},
		"GET /staff/recognition-stats":   {path: "/staff/recognition-stats", as: admin, full: true, status: 200},
		"GET /staff/statistics":          {path: "/staff/statistics", as: admin, full: true, status: 200},
		"GET /intake/report":             {path: "/intake/report", as: admin, full: true, status: 200},
		"GET /desk":                      {path: "/desk", as: e.newUser(access.RoleSocialCounsellor, withTeams(team.ID)), full: true, status: 200},
		"GET /desk/bulk":                 {path: "/desk/bulk", as: e.newUser(access.RoleSocialCounsellor, withTeams(team.ID)), full: true, status: 200},
		"GET /desk/{id}":                 {path: "/desk/00000000-0000-7000-8000-000000000000", as: e.newUser(access.RoleSocialCounsellor), full: true, status: 404},
		"GET /intake":                    {path: "/intake", as: e.newUser(access.RoleSocialWorker, withTeams(team.ID)), full: true, status: 200},
		"GET /intake/overdue":            {path: "/intake/overdue", as: e.newUser(access.RoleTeamLead, withTeams(team.ID)), full: true, status: 200},
		"GET /intake/new":                {path: "/intake/new", as: e.newUser(access.RoleSocialCounsellor, withTeams(team.ID)), full: true, status: 200},
		"GET /intake/items/{id}":         {path: "/intake/items/" + newTriageItem(e).ID, as: e.newUser(access.RoleTeamLead, withTeams(team.ID)), full: true, status: 200},
		"GET /clients":                   {path: "/clients", as: clientWorker, full: true, status: 200},
		"GET /clients/new":               {path: "/clients/new", as: clientWorker, full: true, status: 200},
		"GET /clients/{id}":              {path: "/clients/" + client.ID, as: clientWorker, full: true, status: 200},
		"GET /clients/{id}/edit":         {path: "/clients/" + client.ID + "/edit", as: clientWorker, full: true, status: 200},
		"GET /cases/new":                 {path: "/cases/new?client=" + client.ID, as: clientWorker, full: true, status: 200},
		"GET /casework":                  {path: "/casework", as: e.newUser(access.RoleSocialWorker, withTeams(team.ID)), full: true, status: 200},
		"GET /casework/team":             {path: "/casework/team", as: e.newUser(access.RoleTeamLead, withTeams(team.ID)), full: true, status: 200},
		"GET /casework/report":           {path: "/casework/report", as: admin, full: true, status: 200},
		"GET /admin/casework":            {path: "/admin/casework", as: admin, full: true, status: 200},
		"GET /cases/{id}/meetings":       {path: "/cases/" + work.c.ID + "/meetings", as: workWorker, full: true, status: 200},
		"GET /cases/{id}/plan":           {path: "/cases/" + work.c.ID + "/plan", as: workWorker, full: true, status: 200},
		"GET /cases/{id}/progress":       {path: "/cases/" + work.c.ID + "/progress", as: workWorker, full: true, status: 200},
		"GET /cases/{id}/referrals":      {path: "/cases/" + work.c.ID + "/referrals", as: workWorker, full: true, status: 200},
		"GET /cases/{id}":                {path: "/cases/" + overviewCase.ID, as: clientWorker, full: true, status: 200},
		"GET /cases/{id}/print":          {path: "/cases/" + overviewCase.ID + "/print", as: clientWorker, full: true, status: 200},
	}
	for _, rt := range e.srv.routes {
		method := rt.method()
		if rt.api || nonHTMLRoutes[rt.pattern] || (method != http.MethodGet && strings.Contains(rt.pattern, " ")) {
			continue
		}
		if _, ok := pages[rt.pattern]; !ok {
			t.Errorf("page route %q is not covered by this test: add it to pages", rt.pattern)
		}
	}

	for pattern, p := range pages {
		for _, lang := range Languages {
			b := e.browser()
			if p.as != nil {
				b.signInAs(p.as, p.full)
			}
			sep := "?"
			if strings.Contains(p.path, "?") {
				sep = "&"
			}
			r := b.get(p.path + sep + "lang=" + lang)
			if r.StatusCode != p.status {
				t.Errorf("%s in %s: status %d, want %d", pattern, lang, r.StatusCode, p.status)
				continue
			}
			if got := pageLang(r); got != lang {
				t.Errorf("%s in %s: <html lang=%q>", pattern, lang, got)
			}
			if got := r.Header.Get("Content-Language"); got != lang {
				t.Errorf("%s in %s: Content-Language %q", pattern, lang, got)
			}
			for _, m := range keyLike.FindAllStringSubmatch(r.Body, -1) {
				if e.srv.cat.Has(m[1]) || hasCataloguePrefix(e.srv.cat, m[1]) {
					t.Errorf("%s in %s: raw key %q on the page", pattern, lang, m[1])
				}
			}
		}
	}
}

// hasCataloguePrefix reports whether s starts like a catalogue key would
// ("error.", "admin.", …), so that a missing key shown as itself is noticed.
func hasCataloguePrefix(c catalogue, s string) bool {
	first, _, _ := strings.Cut(s, ".")
	for k := range c["fi"] {
		if p, _, _ := strings.Cut(k, "."); p == first {
			return true
		}
	}
	return false
}

func TestErrorPagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, "sqlite")
	fs := &faultyStore{DB: db}
	e := newEnvWith(t, db, fs, Config{})
	worker := e.newUser(access.RoleSocialWorker)
	admin := e.newUser(access.RoleAdmin)

	bodies := map[string]string{}
	for _, lang := range Languages {
		b := e.browser()
		b.Header.Set("Accept-Language", lang)
		r := b.get("/no-such-page")
		wantStatus(t, r, http.StatusNotFound)
		wantContains(t, r, e.html(lang, "error.title.404"), e.html(lang, "error.not_found"))
		if pageLang(r) != lang {
			t.Errorf("404 in %s: page says %q", lang, pageLang(r))
		}
		bodies[lang] = r.Body

		b.signInAs(worker, true)
		r = b.get("/admin/users")
		wantStatus(t, r, http.StatusForbidden)
		wantContains(t, r, e.html(lang, "error.title.403"), e.html(lang, "error.forbidden"))
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("403 for a signed-in user: Cache-Control %q", cc)
		}
	}
	if bodies["fi"] == bodies["sv"] || bodies["fi"] == bodies["en"] || bodies["sv"] == bodies["en"] {
		t.Error("404 page is the same in different languages")
	}

	fs.usersFail.Store(true)
	for _, lang := range Languages {
		b := e.browser()
		b.Header.Set("Accept-Language", lang)
		b.signInAs(admin, true)
		r := b.get("/admin/users")
		wantStatus(t, r, http.StatusInternalServerError)
		wantContains(t, r, e.html(lang, "error.title.500"), e.html(lang, "error.internal"))
		if strings.Contains(r.Body, errInjected.Error()) {
			t.Error("500 page shows the internal error")
		}
	}
	fs.usersFail.Store(false)

	// The API's 500 keeps the JSON shape and the language.
	token := e.newToken(admin.ID)
	fs.userFails.Store(true)
	for _, lang := range Languages {
		b := e.browser()
		b.Header.Set("Accept-Language", lang)
		b.Header.Set("Authorization", "Bearer "+token)
		d := wantAPIError(t, b.get("/api/v1/me"), http.StatusInternalServerError, "internal")
		if d.Message != e.T(lang, "error.internal") {
			t.Errorf("API 500 in %s: %q", lang, d.Message)
		}
	}
	if !strings.Contains(e.logs.String(), errInjected.Error()) {
		t.Error("internal errors are not logged")
	}
}

func TestCatalogueLoadsWithSameKeysEverywhere(t *testing.T) {
	t.Parallel()
	c, err := loadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != len(Languages) {
		t.Fatalf("catalogue has %d languages, want %d", len(c), len(Languages))
	}
	fi := slices.Sorted(maps.Keys(c["fi"]))
	if len(fi) < 100 {
		t.Fatalf("only %d keys in fi", len(fi))
	}
	verbs := regexp.MustCompile(`%[a-z]`)
	for _, lang := range Languages {
		if keys := slices.Sorted(maps.Keys(c[lang])); !slices.Equal(keys, fi) {
			t.Errorf("%s has different keys from fi", lang)
		}
		for _, k := range fi {
			v := c[lang][k]
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %q is empty", lang, k)
			}
			// The same arguments are passed whatever the language.
			if got, want := verbs.FindAllString(v, -1), verbs.FindAllString(c["fi"][k], -1); !slices.Equal(got, want) {
				t.Errorf("%s: %q has verbs %v, fi has %v", lang, k, got, want)
			}
		}
	}
}

// templateKey finds {{.T "key"}}, {{$.T "key" …}} and the like.
var templateKey = regexp.MustCompile(`\$?\.T\s+"([^"]+)"`)

func TestTemplateKeysExist(t *testing.T) {
	t.Parallel()
	c, err := loadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	err = fs.WalkDir(templateFiles, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFiles.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
			found++
			if !c.Has(m[1]) {
				t.Errorf("%s uses %q, which the catalogue lacks", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Fatalf("found only %d template keys: is the pattern still right?", found)
	}

	// Keys built at run time from fixed sets.
	var dynamic []string
	for _, r := range access.Roles {
		dynamic = append(dynamic, "role."+string(r), "start.intro."+string(r))
	}
	for _, g := range access.TargetGroups {
		dynamic = append(dynamic, "target."+string(g))
	}
	for _, k := range dynamic {
		if !c.Has(k) {
			t.Errorf("catalogue lacks dynamic key %q", k)
		}
	}
}

// keyShape is what a catalogue key looks like.
var keyShape = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)

// keyFuncs take catalogue keys as string arguments.
var keyFuncs = map[string]bool{
	"T": true, "errorPage": true, "apiError": true, "view": true, "Has": true,
	"adminUsersView": true, "adminTeamsView": true,
}

// keyFields hold catalogue keys.
var keyFields = map[string]bool{"Flash": true, "Title": true, "Message": true}

// TestGoSourceKeysExist checks the keys the handlers pass as literals, the
// error pages' titles and the field error codes of the packages whose
// validation errors reach the user.
func TestGoSourceKeysExist(t *testing.T) {
	t.Parallel()
	c, err := loadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := parseDir(t, fset, ".")
	checked := 0
	seen := map[token.Pos]bool{}
	check := func(pos token.Pos, lit ast.Expr, why string) {
		bl, ok := lit.(*ast.BasicLit)
		if !ok || bl.Kind != token.STRING || seen[bl.Pos()] {
			return
		}
		seen[bl.Pos()] = true
		s, err := strconv.Unquote(bl.Value)
		if err != nil || !keyShape.MatchString(s) {
			return
		}
		checked++
		if !c.Has(s) {
			t.Errorf("%s: %s %q is not in the catalogue", fset.Position(pos), why, s)
		}
	}
	statuses := map[int]bool{http.StatusInternalServerError: true} // internalError
	imports := map[string]bool{}
	for _, f := range files {
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if rest, ok := strings.CutPrefix(p, "kynnys/"); ok {
				imports[rest] = true
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := calleeName(n.Fun)
				if keyFuncs[name] {
					for _, a := range n.Args {
						check(a.Pos(), a, name+" argument")
					}
				}
				if name == "errorPage" && len(n.Args) >= 3 {
					if code, ok := httpStatusConst(n.Args[2]); ok {
						statuses[code] = true
					} else {
						t.Errorf("%s: errorPage status is not an http.Status constant", fset.Position(n.Pos()))
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if sel, ok := lhs.(*ast.SelectorExpr); ok && keyFields[sel.Sel.Name] && i < len(n.Rhs) {
						check(n.Rhs[i].Pos(), n.Rhs[i], sel.Sel.Name)
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && keyFields[id.Name] {
					check(n.Value.Pos(), n.Value, id.Name)
				}
			case *ast.BasicLit:
				// Any other literal that starts like a key must be one.
				if s, err := strconv.Unquote(n.Value); n.Kind == token.STRING && err == nil && keyShape.MatchString(s) && hasCataloguePrefix(c, s) {
					check(n.Pos(), n, "literal")
				}
			}
			return true
		})
	}
	if checked < 40 {
		t.Fatalf("only %d key literals found: is the scan still right?", checked)
	}
	for code := range statuses {
		if key := fmt.Sprintf("error.title.%d", code); !c.Has(key) {
			t.Errorf("errorPage is used with status %d but the catalogue lacks %q", code, key)
		}
	}

	// Field error codes from the packages behind the web layer (the store
	// is the Store implementation; the rest are what web imports).
	imports["store"] = true
	for pkg := range imports {
		for _, f := range parseDir(t, fset, filepath.Join("..", filepath.FromSlash(pkg))) {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok && calleeName(call.Fun) == "Invalid" && len(call.Args) == 2 {
					check(call.Args[1].Pos(), call.Args[1], "field error code")
				}
				return true
			})
		}
	}
}

func parseDir(t *testing.T, fset *token.FileSet, dir string) []*ast.File {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, de := range entries {
		name := de.Name()
		if de.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

func calleeName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// httpStatusConst resolves http.StatusXxx by its name and StatusText.
func httpStatusConst(e ast.Expr) (int, bool) {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return 0, false
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "http" {
		return 0, false
	}
	name := strings.TrimPrefix(sel.Sel.Name, "Status")
	for code := 100; code < 600; code++ {
		text := strings.NewReplacer(" ", "", "-", "", "'", "").Replace(http.StatusText(code))
		if text != "" && strings.EqualFold(text, name) {
			return code, true
		}
	}
	return 0, false
}
