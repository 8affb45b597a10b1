package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"kynnys"
	"kynnys/calendar"
	"kynnys/directory"
)

// The Open Referral HSDS 3.0 read API: the directory as the standard's
// services and service_at_locations, for other directories and referral
// systems to import. The mapping lives in directory; this is the HTTP side.

const (
	hsdsDefaultPerPage = 50
	hsdsMaxPerPage     = 200
	// hsdsOpenAPIURL is the standard's own API description. The endpoints
	// follow it unchanged (no profile), and it has the response schemas our
	// /api/v1/openapi.json does not repeat.
	hsdsOpenAPIURL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
	// hsdsProfile: without a profile of our own, the core specification.
	hsdsProfile = "https://github.com/openreferral/specification/tree/3.0"
)

var hsdsFeedDescription = map[string]string{
	"fi": "%s: missä ja milloin matalan kynnyksen sosiaalipalveluja on saatavilla, Open Referral HSDS 3.0 -muodossa.",
	"sv": "%s: var och när socialvårdens lågtröskeltjänster finns, i formatet Open Referral HSDS 3.0.",
	"en": "%s: where and when low-threshold social services are available, in the Open Referral HSDS 3.0 format.",
}

const hsdsListParams = " Query: page (from 1), per_page (1–200, default 50), search (name and description, any language)," +
	" modified_after (RFC 3339 or YYYY-MM-DD in Europe/Helsinki; on or after), organization_id, lang (fi, sv, en; default fi)."

var (
	opHSDSRoot = &apiOp{ID: "hsdsRoot", Summary: "HSDS 3.0 root metadata: version, profile, openapi_url, publisher", Tag: "hsds",
		Responses: map[string]apiResponse{"200": {Description: "Metadata (HSDS openapi.json, path /)", Schema: map[string]any{"type": "object"}},
			"400": errResp("Unknown lang")}}
	opHSDSServices = &apiOp{ID: "hsdsServices", Summary: "HSDS services, paginated, one-to-one fields." + hsdsListParams, Tag: "hsds",
		Responses: map[string]apiResponse{"200": {Description: "A Page of compiled/service_list.json items", Schema: map[string]any{"type": "object"}},
			"400": errResp("Invalid parameter; error.field names it")}}
	opHSDSService = &apiOp{ID: "hsdsService", Summary: "One HSDS service, fully nested (lang: fi, sv, en)", Tag: "hsds",
		Responses: map[string]apiResponse{"200": {Description: "The service (HSDS service.json)", Schema: map[string]any{"type": "object"}},
			"400": errResp("Unknown lang"), "404": errResp("No such service")}}
	opHSDSServiceAtLocations = &apiOp{ID: "hsdsServiceAtLocations", Summary: "HSDS service_at_locations, paginated, one-to-one fields." + hsdsListParams, Tag: "hsds",
		Responses: map[string]apiResponse{"200": {Description: "A Page of compiled/service_at_location_list.json items", Schema: map[string]any{"type": "object"}},
			"400": errResp("Invalid parameter; error.field names it")}}
	opHSDSServiceAtLocation = &apiOp{ID: "hsdsServiceAtLocation", Summary: "One HSDS service_at_location, fully nested with its service (lang: fi, sv, en)", Tag: "hsds",
		Responses: map[string]apiResponse{"200": {Description: "The service at location (HSDS service_at_location.json)", Schema: map[string]any{"type": "object"}},
			"400": errResp("Unknown lang"), "404": errResp("No such service at location")}}
)

type hsdsRootJSON struct {
	Version     string            `json:"version"`
	Profile     string            `json:"profile"`
	OpenAPIURL  string            `json:"openapi_url"`
	Description string            `json:"description"`
	Publisher   hsdsPublisherJSON `json:"publisher"`
}

type hsdsPublisherJSON struct {
	Name    string `json:"name"`
	Website string `json:"website,omitempty"`
}

// hsdsQuery is a request's parsed parameters.
type hsdsQuery struct {
	lang           string
	page, perPage  int
	search         string
	modifiedAfter  time.Time
	organizationID string
}

// hsdsLang reads the language of texts from ?lang= alone (default fi), not
// from the cookie or Accept-Language as pages do: then the URL decides the
// body, and shared caches need no Vary.
func (s *Server) hsdsLang(w http.ResponseWriter, r *http.Request) (string, bool) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		return "fi", true
	}
	if !isLanguage(lang) {
		s.apiFieldError(w, r, &kynnys.FieldError{Field: "lang", Code: "error.unknown_code"})
		return "", false
	}
	return lang, true
}

// hsdsListQuery reads the list parameters, answering 400 naming the first
// bad one.
func (s *Server) hsdsListQuery(w http.ResponseWriter, r *http.Request) (hsdsQuery, bool) {
	var q hsdsQuery
	var ok bool
	if q.lang, ok = s.hsdsLang(w, r); !ok {
		return q, false
	}
	v := r.URL.Query()
	q.page, q.perPage = 1, hsdsDefaultPerPage
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"page", &q.page, 0}, {"per_page", &q.perPage, hsdsMaxPerPage}} {
		raw := v.Get(p.name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || (p.max > 0 && n > p.max) {
			code := "error.positive_number"
			if p.max > 0 {
				code = "error.per_page"
			}
			s.apiFieldError(w, r, &kynnys.FieldError{Field: p.name, Code: code})
			return q, false
		}
		*p.dst = n
	}
	if raw := v.Get("modified_after"); raw != "" {
		t, ok := parseModifiedAfter(raw)
		if !ok {
			s.apiFieldError(w, r, &kynnys.FieldError{Field: "modified_after", Code: "error.date"})
			return q, false
		}
		q.modifiedAfter = t
	}
	q.search = strings.ToLower(strings.TrimSpace(v.Get("search")))
	q.organizationID = strings.TrimSpace(v.Get("organization_id"))
	return q, true
}

// parseModifiedAfter reads an RFC 3339 instant or a date, which means its
// first moment in Europe/Helsinki.
func parseModifiedAfter(s string) (time.Time, bool) {
	for _, c := range []string{s, strings.Replace(s, " ", "+", 1)} {
		// The retry: an unescaped "+02:00" in a query string arrives as " 02:00".
		if t, err := time.Parse(time.RFC3339Nano, c); err == nil {
			return t, true
		}
	}
	if d, err := calendar.ParseDate(s); err == nil {
		return d.StartOfDay(), true
	}
	return time.Time{}, false
}

// hsdsPoints lists the points a list request asks for, in id order: ids
// never change, so a point stays on its page while others are edited, and
// new points (time-ordered ids) come last.
func (s *Server) hsdsPoints(r *http.Request, q hsdsQuery, h directory.HSDS) ([]directory.ServicePoint, error) {
	var f directory.Filter
	if !q.modifiedAfter.IsZero() {
		// HSDS means modified on or after; the store keeps microseconds and
		// returns those strictly after, so ask from the microsecond before.
		f.ModifiedAfter = q.modifiedAfter.Add(-time.Nanosecond).Truncate(time.Microsecond)
	}
	points, err := s.store.ServicePoints(r.Context(), f)
	if err != nil {
		return nil, err
	}
	points = slices.DeleteFunc(points, func(sp directory.ServicePoint) bool {
		return !hsdsSearchMatches(&sp, q.search) || (q.organizationID != "" && h.OrganizationID(&sp) != q.organizationID)
	})
	slices.SortFunc(points, func(a, b directory.ServicePoint) int { return strings.Compare(a.ID, b.ID) })
	return points, nil
}

// hsdsSearchMatches: q (lower case) is in the name or description in any language.
func hsdsSearchMatches(sp *directory.ServicePoint, q string) bool {
	if q == "" {
		return true
	}
	for _, t := range []string{sp.Name.FI, sp.Name.SV, sp.Name.EN, sp.Description.FI, sp.Description.SV, sp.Description.EN} {
		if strings.Contains(strings.ToLower(t), q) {
			return true
		}
	}
	return false
}

func (s *Server) hsdsMapper(lang string) directory.HSDS {
	h := directory.HSDS{Lang: lang, Publisher: s.cfg.CountyName, Today: calendar.DateOf(s.now()),
		LanguageName: func(code string) string {
			if k := "language." + code; s.cat.Has(k) {
				return s.cat.T(lang, k)
			}
			return ""
		}}
	// Links come from the configured address only, never from the request's
	// Host: the answers are publicly cached.
	if u := s.cfg.PublicURL; u != nil {
		h.BaseURL = u.String()
	}
	return h
}

// hsdsWrite answers 200 with v.
func (s *Server) hsdsWrite(w http.ResponseWriter, v any) {
	h := w.Header()
	// guardAPI marks every API answer no-store before the handler runs.
	// HSDS data is public and the body depends on the URL alone, so a
	// successful answer may be cached by anyone for five minutes (edits show
	// within that). Errors keep no-store: their message follows the
	// caller's language.
	h.Set("Cache-Control", "public, max-age=300")
	// Public read-only data for other sites' scripts; no credentials involved.
	h.Set("Access-Control-Allow-Origin", "*")
	s.writeJSON(w, http.StatusOK, v)
}

func (s *Server) hsdsRoot(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.hsdsLang(w, r)
	if !ok {
		return
	}
	root := hsdsRootJSON{Version: directory.HSDSVersion, Profile: hsdsProfile, OpenAPIURL: hsdsOpenAPIURL,
		Description: fmt.Sprintf(hsdsFeedDescription[lang], s.cfg.CountyName), Publisher: hsdsPublisherJSON{Name: s.cfg.CountyName}}
	if u := s.cfg.PublicURL; u != nil {
		root.Publisher.Website = u.String()
	}
	s.hsdsWrite(w, root)
}

func (s *Server) hsdsServices(w http.ResponseWriter, r *http.Request) {
	s.hsdsList(w, r, func(h directory.HSDS, points []directory.ServicePoint, page, perPage int) any {
		return h.ServicePage(points, page, perPage)
	})
}

// hsdsList answers a paginated HSDS listing; page builds the page of one
// object type from the matching points.
func (s *Server) hsdsList(w http.ResponseWriter, r *http.Request, page func(h directory.HSDS, points []directory.ServicePoint, page, perPage int) any) {
	q, ok := s.hsdsListQuery(w, r)
	if !ok {
		return
	}
	h := s.hsdsMapper(q.lang)
	points, err := s.hsdsPoints(r, q, h)
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	s.hsdsWrite(w, page(h, points, q.page, q.perPage))
}

func (s *Server) hsdsService(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.hsdsLang(w, r)
	if !ok {
		return
	}
	sp, err := s.store.ServicePoint(r.Context(), r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.apiError(w, r, http.StatusNotFound, "not_found", "error.not_found")
		return
	}
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	s.hsdsWrite(w, s.hsdsMapper(lang).Service(sp))
}

func (s *Server) hsdsServiceAtLocations(w http.ResponseWriter, r *http.Request) {
	s.hsdsList(w, r, func(h directory.HSDS, points []directory.ServicePoint, page, perPage int) any {
		return h.ServiceAtLocationPage(points, page, perPage)
	})
}

func (s *Server) hsdsServiceAtLocation(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.hsdsLang(w, r)
	if !ok {
		return
	}
	// The id is derived from the point's and cannot be reversed, so look
	// through the points; a county's directory is hundreds of them at most.
	points, err := s.store.ServicePoints(r.Context(), directory.Filter{})
	if err != nil {
		s.apiInternalError(w, r, err)
		return
	}
	id := r.PathValue("id")
	for i := range points {
		if directory.HSDSServiceAtLocationID(points[i].ID) == id {
			s.hsdsWrite(w, s.hsdsMapper(lang).ServiceAtLocation(&points[i]))
			return
		}
	}
	s.apiError(w, r, http.StatusNotFound, "not_found", "error.not_found")
}
