package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"kynnys/access"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Page is the data every page's template gets; each page's own view data
// embeds it. Templates reach translations through {{.T "key"}}.
type Page struct {
	Lang      string
	Title     string // catalogue key of the page title
	TitleText string // a title that is data, not a key (a place's name); wins over Title
	User      *access.User
	CSRF      string
	Langs     []langLink
	Path      string
	Flash     string // catalogue key of a one-off notice
	Demo      bool
	County    string
	Emergency string
	cat       catalogue
	assets    *assets
}

// T translates key into the page's language.
func (p *Page) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// LanguageName names a language code in the page's language (the code
// itself when the catalogue does not know it).
func (p *Page) LanguageName(code string) string {
	if k := "language." + code; p.cat.Has(k) {
		return p.T(k)
	}
	return code
}

// Asset returns the cache-busting URL of a static file.
func (p *Page) Asset(name string) string { return p.assets.url(name) }

// RoleName is the translated name of a role.
func (p *Page) RoleName(r access.Role) string { return p.T("role." + string(r)) }

// Can reports whether the signed-in user may do action (for showing links).
func (p *Page) Can(action string) bool { return access.Can(p.User, access.Action(action)) }

// Date formats an instant as a Finnish-style date and time in Europe/Helsinki.
func (p *Page) Date(t time.Time) string { return t.In(helsinki).Format("2.1.2006 15.04") }

var helsinki = mustLoadLocation("Europe/Helsinki")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("time zone %s: %v (the binary embeds time/tzdata)", name, err))
	}
	return loc
}

func (s *Server) view(r *http.Request, title string) *Page {
	st := state(r)
	p := &Page{Lang: st.lang, Title: title, User: st.user, Langs: languageLinks(r, st.lang), Path: r.URL.Path,
		Demo: s.cfg.Demo, County: s.cfg.CountyName, Emergency: s.cfg.EmergencyNumber, cat: s.cat, assets: s.assets}
	if st.session != nil && st.session.SecondFactorDone {
		p.CSRF = st.session.CSRFToken
	} else if st.session != nil {
		p.CSRF = st.session.CSRFToken
		p.User = nil // not fully signed in: show no staff navigation
	}
	return p
}

// parsePages parses every page template together with the shared layout.
func parsePages() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").ParseFS(templateFiles, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, f)
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes a page. It renders into a buffer first so that a template
// error becomes a clean 500, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages[name]
	if !ok {
		s.internalError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.internalError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", state(r).lang)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorView struct {
	*Page
	Status  int
	Message string
}

// errorPage shows an error in the user's language (JSON under /api/).
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msgKey string) {
	if isAPIPath(r.URL.Path) {
		s.apiError(w, r, status, apiCode(status), msgKey)
		return
	}
	p := s.view(r, fmt.Sprintf("error.title.%d", status))
	if !s.cat.Has(p.Title) {
		p.Title = "error.title.400"
	}
	s.render(w, r, status, "error", &errorView{Page: p, Status: status, Message: msgKey})
}

func apiCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "bad_request"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusConflict:
		return "conflict"
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	case http.StatusTooManyRequests:
		return "too_many_requests"
	}
	return "internal"
}

// internalError logs err (which must hold no personal data) and shows a 500.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	st := state(r)
	s.log.Error("internal error", "request_id", st.id, "route", st.route, "err", err)
	if isAPIPath(r.URL.Path) {
		s.apiError(w, r, http.StatusInternalServerError, "internal", "error.internal")
		return
	}
	p := s.view(r, "error.title.500")
	s.render(w, r, http.StatusInternalServerError, "error", &errorView{Page: p, Status: 500, Message: "error.internal"})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "error.not_found")
}

// apiErrorBody is the one error shape of the API.
type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

type apiErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, status int, code, msgKey string) {
	s.writeJSON(w, status, apiErrorBody{Error: apiErrorDetail{Code: code, Message: s.cat.T(state(r).lang, msgKey)}})
}

func (s *Server) apiInternalError(w http.ResponseWriter, r *http.Request, err error) {
	st := state(r)
	s.log.Error("internal error", "request_id", st.id, "route", st.route, "err", err)
	s.apiError(w, r, http.StatusInternalServerError, "internal", "error.internal")
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// assets are the embedded static files with content hashes for caching.
type assets struct {
	files map[string][]byte
	hash  map[string]string
}

func loadAssets() (*assets, error) {
	a := &assets{files: map[string][]byte{}, hash: map[string]string{}}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := path.Base(p)
		sum := sha256.Sum256(b)
		a.files[name], a.hash[name] = b, hex.EncodeToString(sum[:6])
		return nil
	})
	return a, err
}

func (a *assets) url(name string) string { return "/static/" + name + "?v=" + a.hash[name] }

// static serves an embedded file; with the right ?v= it may be cached for a year.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, ok := s.assets.files[name]
	if !ok {
		s.notFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if r.URL.Query().Get("v") == s.assets.hash[name] {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	w.Header().Set("ETag", `"`+s.assets.hash[name]+`"`)
	if r.Header.Get("If-None-Match") == `"`+s.assets.hash[name]+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(b)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext returns a local path to continue to after sign-in, refusing
// anything that could leave the site ("//evil", "https://…", "/\evil").
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/staff"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/staff"
	}
	return next
}

// isAPIPath reports whether errors on path are JSON rather than pages.
func isAPIPath(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/hsds" || strings.HasPrefix(path, "/hsds/")
}
