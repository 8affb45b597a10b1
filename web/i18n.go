package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"golang.org/x/text/language"
)

//go:embed locale
var localeFiles embed.FS

// Languages Kynnys speaks, the first being the default.
var Languages = []string{"fi", "sv", "en"}

var langMatcher = language.NewMatcher([]language.Tag{language.Finnish, language.Swedish, language.English})

// catalogue holds every user-visible string, per language, by key.
type catalogue map[string]map[string]string

func loadCatalogue() (catalogue, error) {
	c := catalogue{}
	// Each language is a folder of JSON files, one per area of the system,
	// so that areas can grow without editing one shared file.
	for _, lang := range Languages {
		files, err := fs.Glob(localeFiles, "locale/"+lang+"/*.json")
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("no message files for %s", lang)
		}
		m := map[string]string{}
		for _, f := range files {
			b, err := localeFiles.ReadFile(f)
			if err != nil {
				return nil, err
			}
			part := map[string]string{}
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("%s: key %q is defined twice", f, k)
				}
				m[k] = v
			}
		}
		c[lang] = m
	}
	// Every key in every language: a missing translation is a build failure,
	// not a surprise in production.
	for _, lang := range Languages[1:] {
		for k := range c["fi"] {
			if _, ok := c[lang][k]; !ok {
				return nil, fmt.Errorf("locale/%s lacks %q", lang, k)
			}
		}
		for k := range c[lang] {
			if _, ok := c["fi"][k]; !ok {
				return nil, fmt.Errorf("locale/fi lacks %q (present in %s)", k, lang)
			}
		}
	}
	return c, nil
}

// T returns the message for key in lang, formatted with args when given.
// An unknown key shows as itself, so that it is noticed (tests fail on it).
func (c catalogue) T(lang, key string, args ...any) string {
	s, ok := c[lang][key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key exists.
func (c catalogue) Has(key string) bool { _, ok := c["fi"][key]; return ok }

const langCookie = "lang"

// negotiateLanguage picks the language: the lang query parameter, then the
// cookie, then Accept-Language, then Finnish.
func negotiateLanguage(r *http.Request) (lang string, fromQuery bool) {
	if q := r.URL.Query().Get("lang"); isLanguage(q) {
		return q, true
	}
	if c, err := r.Cookie(langCookie); err == nil && isLanguage(c.Value) {
		return c.Value, false
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, idx, conf := langMatcher.Match(tags...)
			if conf != language.No {
				return Languages[idx], false
			}
		}
	}
	return Languages[0], false
}

func isLanguage(s string) bool {
	for _, l := range Languages {
		if s == l {
			return true
		}
	}
	return false
}

// langLink is a link to the current page in another language.
type langLink struct {
	Lang    string
	Label   string
	Href    string
	Current bool
}

func languageLinks(r *http.Request, current string) []langLink {
	labels := map[string]string{"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}
	out := make([]langLink, 0, len(Languages))
	for _, l := range Languages {
		q := r.URL.Query()
		q.Set("lang", l)
		href := r.URL.Path + "?" + q.Encode()
		if !strings.HasPrefix(href, "/") {
			href = "/" + href
		}
		out = append(out, langLink{Lang: l, Label: labels[l], Href: href, Current: l == current})
	}
	return out
}
