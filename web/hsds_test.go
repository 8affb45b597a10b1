package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
)

// The HSDS 3.0 schemas are test data in directory/testdata/hsds (see its
// SOURCE.md). The object files $ref each other by bare file name and carry
// no $id, so they are added under one file:// base; openapi.json refers to
// the published copies by absolute URL, which hsdsLoader maps to the same
// files (tests have no network).
const hsdsSpecBase = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

type hsdsSchemas struct {
	service, serviceAtLocation       *jsonschema.Schema
	root, page                       *jsonschema.Schema
	servicesPage, serviceAtLocations *jsonschema.Schema // the list responses, Page and contents
	serviceItem, serviceAtLocItem    *jsonschema.Schema
	dir                              string
}

// hsdsLoader serves the published schema URLs from the local copies and
// refuses everything else.
type hsdsLoader struct{ dir string }

func (l hsdsLoader) Load(u string) (any, error) {
	name, ok := strings.CutPrefix(u, hsdsSpecBase)
	if !ok || strings.Contains(name, "..") {
		return nil, fmt.Errorf("%s is not a local HSDS 3.0 schema", u)
	}
	f, err := os.Open(filepath.Join(l.dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

var loadHSDSSchemas = sync.OnceValues(func() (*hsdsSchemas, error) {
	dir, err := filepath.Abs(filepath.Join("..", "directory", "testdata", "hsds"))
	if err != nil {
		return nil, err
	}
	base := "file://" + filepath.ToSlash(dir) + "/"
	c := jsonschema.NewCompiler()
	// No file declares $schema; openapi.json declares 2020-12 as its dialect.
	c.DefaultDraft(jsonschema.Draft2020)
	// In 2020-12 formats are annotations unless asked for. The ones HSDS
	// uses (uuid, uri, email, date-time) are all built into the validator,
	// so assert them: a malformed id or timestamp fails the test.
	c.AssertFormat()
	// organization.json (4ff4496) has "format": "%Y" on year_incorporated, a
	// strftime pattern rather than a JSON Schema format. The validator would
	// skip an unknown format silently; registering it says what it means (a
	// whole year) instead of relying on that.
	c.RegisterFormat(&jsonschema.Format{Name: "%Y", Validate: validateYear})
	c.UseLoader(hsdsLoader{dir: dir})
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	compiled, err := filepath.Glob(filepath.Join(dir, "compiled", "*.json"))
	if err != nil {
		return nil, err
	}
	for _, f := range append(files, compiled...) {
		rel, err := filepath.Rel(dir, f)
		if err != nil {
			return nil, err
		}
		doc, err := readJSONFile(f)
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(base+filepath.ToSlash(rel), doc); err != nil {
			return nil, err
		}
	}
	s := &hsdsSchemas{dir: dir}
	response := func(path string) string {
		p := strings.ReplaceAll(path, "/", "~1")
		return base + "openapi.json#/paths/" + p + "/get/responses/200/content/application~1json/schema"
	}
	for _, x := range []struct {
		dst **jsonschema.Schema
		loc string
	}{
		{&s.service, base + "service.json"},
		{&s.serviceAtLocation, base + "service_at_location.json"},
		{&s.serviceItem, base + "compiled/service_list.json"},
		{&s.serviceAtLocItem, base + "compiled/service_at_location_list.json"},
		{&s.page, base + "openapi.json#/components/schemas/Page"},
		{&s.root, response("/")},
		{&s.servicesPage, response("/services")},
		{&s.serviceAtLocations, response("/service_at_locations")},
	} {
		if *x.dst, err = c.Compile(x.loc); err != nil {
			return nil, fmt.Errorf("compile %s: %w", x.loc, err)
		}
	}
	return s, nil
})

func readJSONFile(path string) (any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

// validateYear checks a "%Y" value: a whole year. Like the built-in
// formats it passes values of other types (the type keyword judges those).
func validateYear(v any) error {
	n, ok := v.(json.Number)
	if !ok {
		return nil
	}
	y, err := n.Int64()
	if err != nil || y < 1 || y > 9999 {
		return fmt.Errorf("%s is not a year", n)
	}
	return nil
}

func hsdsSchemasFor(t *testing.T) *hsdsSchemas {
	t.Helper()
	s, err := loadHSDSSchemas()
	if err != nil {
		t.Fatalf("HSDS schemas: %v", err)
	}
	return s
}

// instance decodes a body the way the validator wants numbers (json.Number).
func instance(t *testing.T, body string) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not JSON: %v\n%.500s", err, body)
	}
	return v
}

func mustValidate(t *testing.T, sch *jsonschema.Schema, what string, v any) {
	t.Helper()
	if err := sch.Validate(v); err != nil {
		b, _ := json.MarshalIndent(v, "", "  ")
		t.Fatalf("%s does not validate: %v\n%.3000s", what, err, b)
	}
}

// undeclared lists the properties of v that the schema file (and the files
// it refers to) does not declare. The schemas allow extra properties, so
// validation alone would not catch a misspelt field name.
func undeclared(t *testing.T, dir, file string, v any) []string {
	t.Helper()
	cache := map[string]map[string]any{}
	load := func(name string) map[string]any {
		if d, ok := cache[name]; ok {
			return d
		}
		doc, err := readJSONFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		m, _ := doc.(map[string]any)
		cache[name] = m
		return m
	}
	var out []string
	var walk func(schema map[string]any, v any, path string)
	walk = func(schema map[string]any, v any, path string) {
		if ref, ok := schema["$ref"].(string); ok {
			schema = load(ref)
		}
		switch v := v.(type) {
		case map[string]any:
			props, _ := schema["properties"].(map[string]any)
			for k, c := range v {
				sub, ok := props[k].(map[string]any)
				if !ok {
					out = append(out, path+"."+k)
					continue
				}
				walk(sub, c, path+"."+k)
			}
		case []any:
			items, _ := schema["items"].(map[string]any)
			for i, c := range v {
				walk(items, c, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(load(file), v, "$")
	slices.Sort(out)
	return out
}

// hsdsEnv stores three points that between them use every mapping: a
// meeting place with an address and coordinates, a phone service, and a
// clinic with exceptions, a validity period and no postal code.
type hsdsEnv struct {
	*testEnv
	place, phone, clinic *directory.ServicePoint
}

func newHSDSEnv(t *testing.T) *hsdsEnv {
	t.Helper()
	pub, _ := url.Parse("https://palvelut.example.fi")
	e := &hsdsEnv{testEnv: newEnv(t, "sqlite", Config{CountyName: "Satakunnan hyvinvointialue", PublicURL: pub})}
	today := calendar.DateOf(e.clock.now())
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	lat, lon := 61.4851, 21.7974
	e.place = e.store(&directory.ServicePoint{Kind: directory.KindMeetingPlace, Municipality: "Pori", Organization: "Porin kaupunki",
		Name:        directory.Localized{FI: "Kohtaamispaikka Positiimi", SV: "Mötesplatsen Positiimi", EN: "Positiimi meeting place"},
		Description: directory.Localized{FI: "Kahvia ja neuvontaa", SV: "Kaffe och rådgivning", EN: "Coffee and advice"},
		Address:     directory.Address{Street: "Itäpuisto 11", PostalCode: "28100", City: "Pori", Lat: &lat, Lon: &lon},
		Phone:       "02 621 1234", Languages: []string{"fi", "sv", "ru"},
		Accessibility: directory.Localized{FI: "Esteetön sisäänkäynti", SV: "Tillgänglig ingång", EN: "Step-free entrance"},
		TargetGroups:  []access.TargetGroup{access.TargetWorkingAge}, AnonymousOK: true, Free: true, NoReferralNeeded: true,
		ClosedOnPublicHolidays: true,
		Hours:                  []directory.WeeklyHours{{Days: weekdays, Opens: 9 * 60, Closes: 15 * 60}}})
	e.phone = e.store(&directory.ServicePoint{Kind: directory.KindPhone, Municipality: "Rauma",
		Name:        directory.Localized{FI: "Sosiaalineuvonta puhelimessa", SV: "Social rådgivning per telefon", EN: "Social advice by phone"},
		Description: directory.Localized{FI: "Soita nimettömänä", EN: "Call anonymously"},
		Address:     directory.Address{Street: "Kauppakatu 1", PostalCode: "26100", City: "Rauma"},
		Phone:       "0800 123 456", Languages: []string{"fi", "en"}, AnonymousOK: true, Free: true,
		Hours: []directory.WeeklyHours{{Days: append(weekdays, time.Saturday, time.Sunday), Opens: 8 * 60, Closes: 24 * 60}}})
	e.clinic = e.store(&directory.ServicePoint{Kind: directory.KindClinic, Municipality: "Ulvila", Organization: "Porin kaupunki",
		Name:        directory.Localized{FI: "Terveysneuvonta", SV: "Hälsorådgivning", EN: "Health advice"},
		Description: directory.Localized{FI: "Vastaanotto ilman ajanvarausta", EN: "Walk-in clinic"},
		Address:     directory.Address{Street: "Valtakatu 2", City: "Ulvila"}, AppointmentNeeded: true, ClosedOnPublicHolidays: false,
		Hours: []directory.WeeklyHours{
			{Days: []time.Weekday{time.Tuesday, time.Thursday}, Opens: 12 * 60, Closes: 16 * 60},
			{Days: []time.Weekday{time.Wednesday}, Opens: 17 * 60, Closes: 19 * 60,
				ValidFrom: today.AddDays(-30), ValidTo: today.AddDays(60)}},
		Exceptions: []directory.Exception{
			{Date: today.AddDays(-3), Closed: true, Note: directory.Localized{FI: "Mennyt"}},
			{Date: today.AddDays(10), Closed: true, Note: directory.Localized{FI: "Koulutus", EN: "Training"}},
			{Date: today.AddDays(20), Opens: 10 * 60, Closes: 12 * 60}}})
	return e
}

func (e *hsdsEnv) store(sp *directory.ServicePoint) *directory.ServicePoint {
	e.t.Helper()
	if err := e.db.CreateServicePoint(e.ctx(), sp, directory.Editor{Name: "test"}); err != nil {
		e.t.Fatalf("store %s: %v", sp.Name.FI, err)
	}
	return sp
}

// getHSDS fetches path, wants 200 with the public caching headers, and
// returns the body.
func (e *hsdsEnv) getHSDS(path string) string {
	e.t.Helper()
	r := e.browser().get(path)
	wantStatus(e.t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		e.t.Fatalf("%s: Content-Type %q", path, ct)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=300" {
		e.t.Fatalf("%s: Cache-Control %q", path, cc)
	}
	if sc := r.Header.Values("Set-Cookie"); len(sc) > 0 {
		e.t.Fatalf("%s: a publicly cacheable answer sets cookies %q", path, sc)
	}
	if r.Header.Get("Access-Control-Allow-Origin") != "*" {
		e.t.Fatalf("%s: no CORS header", path)
	}
	return r.Body
}

type hsdsPageJSON struct {
	TotalItems int               `json:"total_items"`
	TotalPages int               `json:"total_pages"`
	PageNumber int               `json:"page_number"`
	Size       int               `json:"size"`
	FirstPage  bool              `json:"first_page"`
	LastPage   bool              `json:"last_page"`
	Empty      bool              `json:"empty"`
	Contents   []json.RawMessage `json:"contents"`
}

// getPage fetches and validates a list page: the whole response against
// the HSDS OpenAPI response schema (Page plus items), the page fields
// against Page, each item against its list schema, and no undeclared fields.
func (e *hsdsEnv) getPage(path string) hsdsPageJSON {
	e.t.Helper()
	sch := hsdsSchemasFor(e.t)
	body := e.getHSDS(path)
	whole, item, itemFile := sch.servicesPage, sch.serviceItem, "compiled/service_list.json"
	if strings.HasPrefix(path, "/hsds/service_at_locations") {
		whole, item, itemFile = sch.serviceAtLocations, sch.serviceAtLocItem, "compiled/service_at_location_list.json"
	}
	v := instance(e.t, body)
	mustValidate(e.t, whole, path, v)
	mustValidate(e.t, sch.page, path+" (Page)", v)
	m, _ := v.(map[string]any)
	items, _ := m["contents"].([]any)
	for i, it := range items {
		mustValidate(e.t, item, fmt.Sprintf("%s contents[%d]", path, i), it)
		if extra := undeclared(e.t, sch.dir, itemFile, it); len(extra) > 0 {
			e.t.Fatalf("%s contents[%d] has fields HSDS does not define: %v", path, i, extra)
		}
	}
	var p hsdsPageJSON
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		e.t.Fatal(err)
	}
	if p.Contents == nil {
		e.t.Fatalf("%s: contents is not an array: %s", path, body)
	}
	return p
}

func pageIDs(t *testing.T, p hsdsPageJSON) []string {
	t.Helper()
	var out []string
	for _, c := range p.Contents {
		var x struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(c, &x); err != nil {
			t.Fatal(err)
		}
		out = append(out, x.ID)
	}
	return out
}

func sortedIDs(sps ...*directory.ServicePoint) []string {
	var out []string
	for _, sp := range sps {
		out = append(out, sp.ID)
	}
	slices.Sort(out)
	return out
}

func TestHSDSRoot(t *testing.T) {
	t.Parallel()
	e := newHSDSEnv(t)
	sch := hsdsSchemasFor(t)
	for _, path := range []string{"/hsds/", "/hsds/?lang=sv"} {
		body := e.getHSDS(path)
		mustValidate(t, sch.root, path, instance(t, body))
		var root struct {
			Version, Profile, Description string
			OpenAPIURL                    string `json:"openapi_url"`
			Publisher                     struct{ Name, Website string }
		}
		if err := json.Unmarshal([]byte(body), &root); err != nil {
			t.Fatal(err)
		}
		if root.Version != "3.0" || root.OpenAPIURL != hsdsSpecBase+"openapi.json" || root.Profile == "" ||
			root.Publisher.Name != "Satakunnan hyvinvointialue" || root.Publisher.Website != "https://palvelut.example.fi" ||
			!strings.Contains(root.Description, "Satakunnan hyvinvointialue") {
			t.Errorf("%s: %s", path, body)
		}
	}
}

func TestHSDSServicesValidate(t *testing.T) {
	t.Parallel()
	e := newHSDSEnv(t)
	sch := hsdsSchemasFor(t)
	all := sortedIDs(e.place, e.phone, e.clinic)
	for _, lang := range []string{"", "?lang=sv", "?lang=en"} {
		p := e.getPage("/hsds/services" + lang)
		if got := pageIDs(t, p); !slices.Equal(got, all) {
			t.Fatalf("services%s: %v, want every point in id order %v", lang, got, all)
		}
		sals := e.getPage("/hsds/service_at_locations" + lang)
		if sals.TotalItems != 3 {
			t.Fatalf("service_at_locations%s: %d items", lang, sals.TotalItems)
		}
		for _, sp := range []*directory.ServicePoint{e.place, e.phone, e.clinic} {
			body := e.getHSDS("/hsds/services/" + sp.ID + lang)
			v := instance(t, body)
			mustValidate(t, sch.service, "service "+sp.Name.FI, v)
			if extra := undeclared(t, sch.dir, "service.json", v); len(extra) > 0 {
				t.Fatalf("service %s has fields HSDS does not define: %v", sp.Name.FI, extra)
			}
			salID := directory.HSDSServiceAtLocationID(sp.ID)
			body = e.getHSDS("/hsds/service_at_locations/" + salID + lang)
			v = instance(t, body)
			mustValidate(t, sch.serviceAtLocation, "service_at_location "+sp.Name.FI, v)
			// The nested service is the one extension: HSDS 3.0's
			// service_at_location.json has no "service", its list schema
			// and the published examples do.
			if extra := undeclared(t, sch.dir, "service_at_location.json", v); !slices.Equal(extra, []string{"$.service"}) {
				t.Fatalf("service_at_location %s: undeclared fields %v", sp.Name.FI, extra)
			}
			nested := v.(map[string]any)["service"]
			mustValidate(t, sch.service, "service inside service_at_location", nested)
			if extra := undeclared(t, sch.dir, "service.json", nested); len(extra) > 0 {
				t.Fatalf("service inside service_at_location: undeclared %v", extra)
			}
		}
	}
}

// hsdsServiceJSON is the part of a nested service the tests look into.
type hsdsServiceJSON struct {
	ID, Name, Status, URL string
	OrganizationID        string `json:"organization_id"`
	LastModified          string `json:"last_modified"`
	Organization          struct{ ID, Name, Description string }
	Phones                []struct{ Number string }
	Languages             []struct{ Code, Name string }
	SALs                  []struct {
		ID        string
		Schedules []struct {
			Freq, Byday, Wkst, Description, Notes string
			OpensAt                               string `json:"opens_at"`
			ClosesAt                              string `json:"closes_at"`
			ValidFrom                             string `json:"valid_from"`
			ValidTo                               string `json:"valid_to"`
			Interval                              int
		}
		Location struct {
			LocationType string `json:"location_type"`
			Latitude     *float64
			Longitude    *float64
			Addresses    []struct {
				Address1      string `json:"address_1"`
				StateProvince string `json:"state_province"`
				PostalCode    string `json:"postal_code"`
				City, Country string
			}
			Accessibility []struct{ Description string }
		}
	} `json:"service_at_locations"`
}

func (e *hsdsEnv) service(id, lang string) hsdsServiceJSON {
	e.t.Helper()
	var s hsdsServiceJSON
	if err := json.Unmarshal([]byte(e.getHSDS("/hsds/services/"+id+lang)), &s); err != nil {
		e.t.Fatal(err)
	}
	if len(s.SALs) != 1 {
		e.t.Fatalf("service %s: %d service_at_locations, want 1", id, len(s.SALs))
	}
	return s
}

func TestHSDSServiceContent(t *testing.T) {
	t.Parallel()
	e := newHSDSEnv(t)

	place := e.service(e.place.ID, "")
	loc := place.SALs[0].Location
	if place.Name != "Kohtaamispaikka Positiimi" || place.Status != "active" || place.URL != "https://palvelut.example.fi/places/"+e.place.ID ||
		place.Organization.Name != "Porin kaupunki" || place.OrganizationID != place.Organization.ID || place.LastModified == "" {
		t.Errorf("meeting place %+v", place)
	}
	if loc.LocationType != "physical" || loc.Latitude == nil || *loc.Latitude != 61.4851 || len(loc.Addresses) != 1 ||
		loc.Addresses[0].StateProvince != "Pori" || loc.Addresses[0].Country != "FI" || loc.Addresses[0].PostalCode != "28100" ||
		len(loc.Accessibility) != 1 || loc.Accessibility[0].Description != "Esteetön sisäänkäynti" {
		t.Errorf("meeting place location %+v", loc)
	}
	if len(place.Languages) != 3 || place.Languages[2].Code != "ru" || place.Languages[2].Name != e.T("fi", "language.ru") {
		t.Errorf("languages %+v", place.Languages)
	}
	sched := place.SALs[0].Schedules
	if len(sched) != 1 || sched[0].Byday != "MO,TU,WE,TH,FR" || sched[0].OpensAt != "09:00" || sched[0].ClosesAt != "15:00" ||
		sched[0].Freq != "WEEKLY" || sched[0].Wkst != "MO" || sched[0].Interval != 1 || !strings.Contains(sched[0].Notes, "arkipyhinä") {
		t.Errorf("meeting place schedules %+v", sched)
	}
	if sv := e.service(e.place.ID, "?lang=sv"); sv.Name != "Mötesplatsen Positiimi" || sv.Languages[2].Name != e.T("sv", "language.ru") ||
		sv.URL != "https://palvelut.example.fi/places/"+e.place.ID+"?lang=sv" {
		t.Errorf("Swedish texts: %+v", sv)
	}

	phone := e.service(e.phone.ID, "?lang=en")
	ploc := phone.SALs[0].Location
	if ploc.LocationType != "virtual" || len(ploc.Addresses) != 0 || len(phone.Phones) != 1 || phone.Phones[0].Number != "0800 123 456" {
		t.Errorf("phone service %+v", phone)
	}
	if phone.Organization.Name != "Satakunnan hyvinvointialue" {
		t.Errorf("a point naming no organisation belongs to %q, want the county", phone.Organization.Name)
	}
	if s := phone.SALs[0].Schedules[0]; s.Byday != "MO,TU,WE,TH,FR,SA,SU" || s.ClosesAt != "23:59" || strings.Contains(s.Notes, "holidays") {
		t.Errorf("phone schedule %+v", s)
	}

	clinic := e.service(e.clinic.ID, "?lang=en")
	if a := clinic.SALs[0].Location.Addresses; len(a) != 1 || a[0].PostalCode != "" || a[0].City != "Ulvila" {
		t.Errorf("clinic address %+v", a)
	}
	if clinic.OrganizationID != place.OrganizationID {
		t.Error("two points of one organisation have different organisation ids")
	}
	today := calendar.DateOf(e.clock.now())
	cs := clinic.SALs[0].Schedules
	if len(cs) != 2 || cs[1].ValidFrom != today.AddDays(-30).String() || cs[1].ValidTo != today.AddDays(60).String() || cs[1].Byday != "WE" {
		t.Fatalf("clinic schedules %+v", cs)
	}
	want := fmt.Sprintf("Exceptions: %s closed (Training); %s 10:00–12:00.", today.AddDays(10), today.AddDays(20))
	if !strings.Contains(cs[0].Notes, want) || strings.Contains(cs[0].Notes, "Mennyt") || strings.Contains(cs[0].Notes, today.AddDays(-3).String()) {
		t.Errorf("clinic notes %q, want %q and no past exceptions", cs[0].Notes, want)
	}

	// The nested service_at_location is the one /service_at_locations/{id} serves.
	var sal struct {
		ID        string
		ServiceID string `json:"service_id"`
		Service   struct{ ID, Name string }
		Schedules []json.RawMessage
	}
	if err := json.Unmarshal([]byte(e.getHSDS("/hsds/service_at_locations/"+clinic.SALs[0].ID)), &sal); err != nil {
		t.Fatal(err)
	}
	if sal.ServiceID != e.clinic.ID || sal.Service.ID != e.clinic.ID || sal.Service.Name != "Terveysneuvonta" || len(sal.Schedules) != 2 {
		t.Errorf("service_at_location %+v", sal)
	}

	if a, b := e.getHSDS("/hsds/services/"+e.clinic.ID), e.getHSDS("/hsds/services/"+e.clinic.ID); a != b {
		t.Error("the same request gives different bodies")
	}
}

func TestHSDSPaginationAndFilters(t *testing.T) {
	t.Parallel()
	e := newHSDSEnv(t)
	all := sortedIDs(e.place, e.phone, e.clinic)
	for _, list := range []string{"/hsds/services", "/hsds/service_at_locations"} {
		p1 := e.getPage(list + "?per_page=2")
		p2 := e.getPage(list + "?per_page=2&page=2")
		p3 := e.getPage(list + "?per_page=2&page=3")
		for _, c := range []struct {
			p                  hsdsPageJSON
			num, size          int
			first, last, empty bool
		}{{p1, 1, 2, true, false, false}, {p2, 2, 1, false, true, false}, {p3, 3, 0, false, true, true}} {
			if c.p.TotalItems != 3 || c.p.TotalPages != 2 || c.p.PageNumber != c.num || c.p.Size != c.size ||
				c.p.FirstPage != c.first || c.p.LastPage != c.last || c.p.Empty != c.empty || len(c.p.Contents) != c.size {
				t.Errorf("%s page %d: %+v", list, c.num, c.p)
			}
		}
		if got := append(pageIDs(t, p1), pageIDs(t, p2)...); list == "/hsds/services" && !slices.Equal(got, all) {
			t.Errorf("pages 1 and 2: %v, want %v", got, all)
		}
		if p := e.getPage(list); p.Size != 3 || !p.FirstPage || !p.LastPage || p.TotalPages != 1 {
			t.Errorf("%s with defaults: %+v", list, p)
		}
	}

	search := func(q string) []string {
		t.Helper()
		return pageIDs(t, e.getPage("/hsds/services?search="+url.QueryEscape(q)))
	}
	if got := search("MÖTESPLATS"); !slices.Equal(got, []string{e.place.ID}) {
		t.Errorf("search in Swedish name, upper case: %v", got)
	}
	if got := search("walk-in"); !slices.Equal(got, []string{e.clinic.ID}) {
		t.Errorf("search in English description: %v", got)
	}
	if got := search("ei osumaa"); len(got) != 0 {
		t.Errorf("search without match: %v", got)
	}
	orgID := directory.HSDSOrganizationID("Porin kaupunki")
	if got := pageIDs(t, e.getPage("/hsds/service_at_locations?organization_id="+orgID)); len(got) != 2 {
		t.Errorf("organization_id filter: %v", got)
	}

	// modified_after is inclusive, to the microsecond the store keeps.
	time.Sleep(2 * time.Millisecond)
	e.clinic.Description.FI = "Päivitetty"
	if err := e.db.UpdateServicePoint(e.ctx(), e.clinic, directory.Editor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	at := e.clinic.UpdatedAt
	modified := func(q string) []string {
		t.Helper()
		return pageIDs(t, e.getPage("/hsds/services?modified_after="+q))
	}
	if got := modified(url.QueryEscape(at.Format(time.RFC3339Nano))); !slices.Equal(got, []string{e.clinic.ID}) {
		t.Errorf("modified_after its own last change: %v", got)
	}
	if got := modified(url.QueryEscape(at.Add(time.Microsecond).Format(time.RFC3339Nano))); len(got) != 0 {
		t.Errorf("modified_after a microsecond later: %v", got)
	}
	if got := modified(at.Add(-time.Hour).In(calendar.Helsinki).Format(time.RFC3339)); len(got) != 3 {
		// An unescaped "+02:00" arrives as " 02:00" and is still understood.
		t.Errorf("modified_after an hour ago with an unescaped offset: %v", got)
	}
	today := calendar.DateOf(e.clock.now())
	if got := modified(today.AddDays(-1).String()); len(got) != 3 {
		t.Errorf("modified_after yesterday: %v", got)
	}
	if got := modified(today.AddDays(1).String()); len(got) != 0 {
		t.Errorf("modified_after tomorrow: %v", got)
	}
	var s hsdsServiceJSON
	if err := json.Unmarshal([]byte(e.getHSDS("/hsds/services/"+e.clinic.ID)), &s); err != nil {
		t.Fatal(err)
	}
	if lm, err := time.Parse(time.RFC3339, s.LastModified); err != nil || !lm.Equal(at.Truncate(time.Millisecond)) {
		t.Errorf("last_modified %q, want %s", s.LastModified, at)
	}
}

func TestHSDSErrors(t *testing.T) {
	t.Parallel()
	e := newHSDSEnv(t)
	for _, tc := range []struct{ path, field string }{
		{"/hsds/services?page=0", "page"},
		{"/hsds/services?page=abc", "page"},
		{"/hsds/services?page=-1", "page"},
		{"/hsds/services?per_page=0", "per_page"},
		{"/hsds/services?per_page=201", "per_page"},
		{"/hsds/service_at_locations?per_page=1.5", "per_page"},
		{"/hsds/services?modified_after=yesterday", "modified_after"},
		{"/hsds/service_at_locations?modified_after=2026-02-30", "modified_after"},
		{"/hsds/services?lang=de", "lang"},
		{"/hsds/?lang=de", "lang"},
		{"/hsds/services/" + e.place.ID + "?lang=de", "lang"},
	} {
		r := e.browser().get(tc.path)
		var body apiErrorBody
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil || r.StatusCode != http.StatusBadRequest ||
			body.Error.Code != "invalid" || body.Error.Field != tc.field || body.Error.Message == "" {
			t.Errorf("%s: status %d, body %s; want 400 naming %s", tc.path, r.StatusCode, r.Body, tc.field)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: error Cache-Control %q, want no-store", tc.path, cc)
		}
	}
	for _, path := range []string{
		"/hsds/services/00000000-0000-7000-8000-000000000000",
		"/hsds/service_at_locations/00000000-0000-7000-8000-000000000000",
		"/hsds/service_at_locations/" + e.place.ID, // a service id is no service_at_location id
		"/hsds/services/" + directory.HSDSServiceAtLocationID(e.place.ID),
	} {
		r := e.browser().get(path)
		var body apiErrorBody
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil || r.StatusCode != http.StatusNotFound || body.Error.Code != "not_found" {
			t.Errorf("%s: status %d, body %s; want 404 JSON", path, r.StatusCode, r.Body)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", path, cc)
		}
	}
}

// TestHSDSValidationCanFail breaks valid output in ways the schemas forbid,
// so that the passing validations above mean something.
func TestHSDSValidationCanFail(t *testing.T) {
	t.Parallel()
	e := newHSDSEnv(t)
	sch := hsdsSchemasFor(t)
	service := func() map[string]any {
		return instance(t, e.getHSDS("/hsds/services/"+e.place.ID)).(map[string]any)
	}
	page := func() map[string]any {
		return instance(t, e.getHSDS("/hsds/services")).(map[string]any)
	}
	sal := func() map[string]any {
		return instance(t, e.getHSDS("/hsds/service_at_locations/"+directory.HSDSServiceAtLocationID(e.place.ID))).(map[string]any)
	}
	nth := func(v any, path ...any) map[string]any {
		for _, p := range path {
			switch p := p.(type) {
			case string:
				v = v.(map[string]any)[p]
			case int:
				v = v.([]any)[p]
			}
		}
		return v.(map[string]any)
	}
	for _, tc := range []struct {
		name   string
		sch    *jsonschema.Schema
		doc    func() map[string]any
		mutate func(map[string]any)
	}{
		{"service without name", sch.service, service, func(s map[string]any) { delete(s, "name") }},
		{"unknown status", sch.service, service, func(s map[string]any) { s["status"] = "open" }},
		{"id not a uuid (format assertion)", sch.service, service, func(s map[string]any) { s["id"] = "place-1" }},
		{"last_modified not a date-time", sch.service, service, func(s map[string]any) { s["last_modified"] = "yesterday" }},
		{"url not a uri", sch.service, service, func(s map[string]any) { s["url"] = "places/1" }},
		{"organization without description", sch.service, service, func(s map[string]any) { delete(nth(s, "organization"), "description") }},
		{"phone without number", sch.service, service, func(s map[string]any) { delete(nth(s, "phones", 0), "number") }},
		{"address without state_province", sch.service, service, func(s map[string]any) {
			delete(nth(s, "service_at_locations", 0, "location", "addresses", 0), "state_province")
		}},
		{"location type", sch.service, service, func(s map[string]any) {
			nth(s, "service_at_locations", 0, "location")["location_type"] = "office"
		}},
		{"schedule freq", sch.service, service, func(s map[string]any) {
			nth(s, "service_at_locations", 0, "schedules", 0)["freq"] = "DAILY"
		}},
		{"latitude as text", sch.serviceAtLocation, sal, func(s map[string]any) { nth(s, "location")["latitude"] = "61.48" }},
		{"list item without name", sch.servicesPage, page, func(p map[string]any) { delete(nth(p, "contents", 0), "name") }},
		{"page without empty", sch.page, page, func(p map[string]any) { delete(p, "empty") }},
		{"total_pages as text", sch.servicesPage, page, func(p map[string]any) { p["total_pages"] = "1" }},
	} {
		doc := tc.doc()
		if err := tc.sch.Validate(doc); err != nil {
			t.Fatalf("%s: the unbroken document fails already: %v", tc.name, err)
		}
		tc.mutate(doc)
		err := tc.sch.Validate(doc)
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: validates (err %v), want a validation error", tc.name, err)
		}
	}
	// The year format organization.json names.
	if validateYear(json.Number("2011")) != nil || validateYear(json.Number("2011.5")) == nil || validateYear("x") != nil {
		t.Error("validateYear")
	}
}
