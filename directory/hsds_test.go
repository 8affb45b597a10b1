package directory_test

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"kynnys/calendar"
	"kynnys/directory"
)

var hsdsToday = calendar.Date{Year: 2026, Month: time.March, Day: 2}

func hsdsMapper(lang string) directory.HSDS {
	names := map[string]string{"fi": "suomi", "sv": "ruotsi"}
	return directory.HSDS{Lang: lang, Publisher: "Satakunnan hyvinvointialue", BaseURL: "https://palvelut.example.fi/",
		Today: hsdsToday, LanguageName: func(code string) string { return names[code] }}
}

// hsdsClinic is a clinic with weekday and summer hours, exceptions on both
// sides of hsdsToday, an address, coordinates and accessibility.
func hsdsClinic() *directory.ServicePoint {
	lat, lon := 61.4851, 21.7974
	return &directory.ServicePoint{ID: "0195f0a2-7c3e-7000-8000-000000000001", Kind: directory.KindClinic,
		Name:         directory.Localized{FI: "Terveysneuvonta", SV: "Hälsorådgivning", EN: "Health advice"},
		Description:  directory.Localized{FI: "Matalan kynnyksen vastaanotto", EN: "Walk-in clinic"},
		Organization: "Porin kaupunki", Municipality: "Pori",
		Address: directory.Address{Street: "Itäpuisto 11", PostalCode: "28100", City: "Pori", Lat: &lat, Lon: &lon},
		Phone:   "02 621 1234", Languages: []string{"fi", "sv", "xx"},
		Accessibility: directory.Localized{FI: "Esteetön sisäänkäynti", EN: "Step-free entrance"},
		Free:          true, NoReferralNeeded: true, AnonymousOK: true, ClosedOnPublicHolidays: true,
		Hours: []directory.WeeklyHours{
			{Days: []time.Weekday{time.Friday, time.Monday, time.Wednesday, time.Tuesday, time.Thursday, time.Monday}, Opens: 9 * 60, Closes: 15 * 60},
			{Days: []time.Weekday{time.Sunday, time.Saturday}, Opens: 18 * 60, Closes: 24 * 60,
				ValidFrom: calendar.Date{Year: 2026, Month: time.June, Day: 1}, ValidTo: calendar.Date{Year: 2026, Month: time.August, Day: 31}},
		},
		Exceptions: []directory.Exception{
			{Date: hsdsToday.AddDays(-1), Closed: true},
			{Date: hsdsToday.AddDays(30), Opens: 13 * 60, Closes: 14 * 60},
			{Date: hsdsToday, Closed: true, Note: directory.Localized{FI: "Koulutuspäivä", EN: "Training day"}},
			{Date: hsdsToday.AddDays(30), Opens: 10 * 60, Closes: 12 * 60},
		},
		UpdatedAt: time.Date(2026, time.February, 27, 10, 30, 45, 123456000, time.UTC),
	}
}

func TestHSDSByDay(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		days []time.Weekday
		want string
	}{
		{[]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, "MO,TU,WE,TH,FR"},
		{[]time.Weekday{time.Sunday, time.Saturday, time.Sunday}, "SA,SU"}, // Monday first, no repeats
		{[]time.Weekday{time.Thursday, time.Monday}, "MO,TH"},
		{nil, ""},
	} {
		if got := directory.HSDSByDay(tc.days); got != tc.want {
			t.Errorf("HSDSByDay(%v) = %q, want %q", tc.days, got, tc.want)
		}
	}
}

func TestHSDSTime(t *testing.T) {
	t.Parallel()
	for c, want := range map[directory.Clock]string{0: "00:00", 9*60 + 5: "09:05", 23*60 + 59: "23:59", 24 * 60: "23:59"} {
		if got := directory.HSDSTime(c); got != want {
			t.Errorf("HSDSTime(%d) = %q, want %q", c, got, want)
		}
	}
}

func TestHSDSIDsAreStable(t *testing.T) {
	t.Parallel()
	// Pinned: a changed namespace or scheme would re-identify every object
	// for consumers that sync by id.
	if got, want := directory.HSDSOrganizationID("Porin kaupunki"), uuid.NewSHA1(uuid.MustParse("252e8306-994c-481f-9b33-a27da3cde00e"),
		[]byte("organization/Porin kaupunki")).String(); got != want {
		t.Fatalf("organization id %s, want %s", got, want)
	}
	sp := hsdsClinic()
	a, b := hsdsMapper("fi").Service(sp), hsdsMapper("en").Service(hsdsClinic())
	ja, jb := ids(t, a), ids(t, b)
	if strings.Join(ja, " ") != strings.Join(jb, " ") {
		t.Fatalf("ids differ between calls or languages:\n%v\n%v", ja, jb)
	}
	seen := map[string]bool{}
	for _, id := range ja {
		u, err := uuid.Parse(id)
		if err != nil {
			t.Fatalf("id %q is not a UUID", id)
		}
		if id != sp.ID && u.Version() != 5 {
			t.Errorf("derived id %s is version %d, want 5", id, u.Version())
		}
		if seen[id] {
			t.Errorf("id %s used twice", id)
		}
		seen[id] = true
	}
	// Service, organisation, phone, three languages, service_at_location,
	// location, address, accessibility and two schedules.
	if len(ja) != 12 {
		t.Errorf("%d ids, want 12: %v", len(ja), ja)
	}
	other := hsdsClinic()
	other.ID = "0195f0a2-7c3e-7000-8000-000000000002"
	if directory.HSDSLocationID(other.ID) == directory.HSDSLocationID(sp.ID) ||
		directory.HSDSServiceAtLocationID(other.ID) == directory.HSDSServiceAtLocationID(sp.ID) {
		t.Fatal("two points share derived ids")
	}
	if a.ServiceAtLocations[0].ID != directory.HSDSServiceAtLocationID(sp.ID) || a.ServiceAtLocations[0].LocationID != directory.HSDSLocationID(sp.ID) {
		t.Fatal("exported id helpers disagree with the mapping")
	}
}

// ids collects every "id" in v's JSON form, depth first.
func ids(t *testing.T, v any) []string {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(marshal(t, v)), &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			if id, ok := x["id"].(string); ok {
				out = append(out, id)
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(x[k])
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(doc)
	return out
}

func TestHSDSServiceNested(t *testing.T) {
	t.Parallel()
	s := hsdsMapper("fi").Service(hsdsClinic())
	if s.Name != "Terveysneuvonta" || s.Status != "active" || s.URL != "https://palvelut.example.fi/places/"+s.ID {
		t.Errorf("service %q status %q url %q", s.Name, s.Status, s.URL)
	}
	if s.LastModified != "2026-02-27T10:30:45.123Z" {
		t.Errorf("last_modified %q, want milliseconds in UTC", s.LastModified)
	}
	if s.FeesDescription != "Maksuton." || s.ApplicationProcess != "Ei lähetettä. Voit asioida nimettömänä. Ei ajanvarausta." {
		t.Errorf("fees %q application %q", s.FeesDescription, s.ApplicationProcess)
	}
	if s.Organization == nil || s.Organization.Name != "Porin kaupunki" || s.Organization.ID != s.OrganizationID || s.Organization.Description == "" {
		t.Errorf("organization %+v (service says %s)", s.Organization, s.OrganizationID)
	}
	if len(s.Phones) != 1 || s.Phones[0].Number != "02 621 1234" || s.Phones[0].ServiceID != s.ID {
		t.Errorf("phones %+v", s.Phones)
	}
	var langs []string
	for _, l := range s.Languages {
		langs = append(langs, l.Code+"="+l.Name)
	}
	if got := strings.Join(langs, " "); got != "fi=suomi sv=ruotsi xx=" {
		t.Errorf("languages %s", got)
	}
	sal := s.ServiceAtLocations[0]
	loc := sal.Location
	if sal.ServiceID != s.ID || loc.LocationType != "physical" || *loc.Latitude != 61.4851 || loc.OrganizationID != s.OrganizationID {
		t.Errorf("service at location %+v, location %+v", sal, loc)
	}
	want := directory.HSDSAddress{ID: loc.Addresses[0].ID, LocationID: loc.ID, Address1: "Itäpuisto 11", City: "Pori",
		StateProvince: "Pori", PostalCode: "28100", Country: "FI", AddressType: "physical"}
	if len(loc.Addresses) != 1 || loc.Addresses[0] != want {
		t.Errorf("addresses %+v", loc.Addresses)
	}
	if len(loc.Accessibility) != 1 || loc.Accessibility[0].Description != "Esteetön sisäänkäynti" {
		t.Errorf("accessibility %+v", loc.Accessibility)
	}
}

func TestHSDSSchedules(t *testing.T) {
	t.Parallel()
	fi := hsdsMapper("fi").Service(hsdsClinic()).ServiceAtLocations[0].Schedules
	if len(fi) != 2 {
		t.Fatalf("%d schedules, want one per weekly interval", len(fi))
	}
	week, summer := fi[0], fi[1]
	if week.Freq != "WEEKLY" || week.Interval != 1 || week.Wkst != "MO" || week.Byday != "MO,TU,WE,TH,FR" ||
		week.OpensAt != "09:00" || week.ClosesAt != "15:00" || week.ValidFrom != "" || week.ValidTo != "" {
		t.Errorf("weekday schedule %+v", week)
	}
	if summer.Byday != "SA,SU" || summer.OpensAt != "18:00" || summer.ClosesAt != "23:59" ||
		summer.ValidFrom != "2026-06-01" || summer.ValidTo != "2026-08-31" {
		t.Errorf("summer schedule %+v", summer)
	}
	if week.Description != "ma–pe 9.00–15.00" || summer.Description != "la, su 18.00–24.00 (1.6.2026–31.8.2026)" {
		t.Errorf("descriptions %q, %q", week.Description, summer.Description)
	}
	if week.AttendingType != "Paikan päällä" || week.ServiceAtLocationID != directory.HSDSServiceAtLocationID(hsdsClinic().ID) {
		t.Errorf("attending %q, sal %q", week.AttendingType, week.ServiceAtLocationID)
	}
	// Holidays and exceptions from today on, in date order, same-day
	// intervals together; the zone is named.
	wantNotes := "Suljettu arkipyhinä. Poikkeukset: 2.3.2026 suljettu (Koulutuspäivä); 1.4.2026 10.00–12.00, 13.00–14.00. Ajat ovat Suomen aikaa (Europe/Helsinki)."
	if week.Notes != wantNotes || summer.Notes != wantNotes {
		t.Errorf("notes\n got %q\nwant %q", week.Notes, wantNotes)
	}

	en := hsdsMapper("en").Service(hsdsClinic()).ServiceAtLocations[0].Schedules
	if en[0].Description != "Mon–Fri 09:00–15:00" || en[1].Description != "Sat, Sun 18:00–24:00 (2026-06-01–2026-08-31)" {
		t.Errorf("English descriptions %q, %q", en[0].Description, en[1].Description)
	}
	if !strings.Contains(en[0].Notes, "2026-03-02 closed (Training day); 2026-04-01 10:00–12:00, 13:00–14:00") {
		t.Errorf("English notes %q", en[0].Notes)
	}

	// Only dated openings: one schedule without a rule carries them.
	sp := hsdsClinic()
	sp.Hours = nil
	only := hsdsMapper("sv").Service(sp).ServiceAtLocations[0].Schedules
	if len(only) != 1 || only[0].Freq != "" || only[0].Byday != "" || !strings.HasPrefix(only[0].Notes, "Undantag: 2.3.2026 stängt") {
		t.Errorf("schedules without weekly hours: %+v", only)
	}
	if strings.Contains(only[0].Notes, "helgdagar") {
		t.Error("a point without weekly hours says it closes on holidays")
	}
	sp.Exceptions = nil
	if got := hsdsMapper("sv").Service(sp).ServiceAtLocations[0].Schedules; len(got) != 0 {
		t.Errorf("no hours at all: %+v", got)
	}
}

func TestHSDSRemoteAndFallbacks(t *testing.T) {
	t.Parallel()
	sp := hsdsClinic()
	sp.Kind, sp.Organization = directory.KindPhone, ""
	s := hsdsMapper("xx").Service(sp) // unknown language: Finnish texts
	loc := s.ServiceAtLocations[0].Location
	if loc.LocationType != "virtual" || len(loc.Addresses) != 0 || loc.Latitude != nil {
		t.Errorf("phone service location %+v", loc)
	}
	if s.Organization.Name != "Satakunnan hyvinvointialue" || s.OrganizationID != directory.HSDSOrganizationID("Satakunnan hyvinvointialue") {
		t.Errorf("organisation of a point naming none: %+v", s.Organization)
	}
	if s.ServiceAtLocations[0].Schedules[0].AttendingType != "Puhelimitse" {
		t.Errorf("attending type %q", s.ServiceAtLocations[0].Schedules[0].AttendingType)
	}
	if s.URL != "https://palvelut.example.fi/places/"+sp.ID {
		t.Errorf("url %q", s.URL)
	}

	sp = hsdsClinic()
	sp.Address.City, sp.Address.PostalCode = "", ""
	a := hsdsMapper("sv").Service(sp).ServiceAtLocations[0].Location.Addresses[0]
	if a.City != "Pori" || a.PostalCode != "" {
		t.Errorf("address without city and postal code: %+v", a)
	}
	if u := hsdsMapper("sv").ServiceSummary(sp).URL; u != "https://palvelut.example.fi/places/"+sp.ID+"?lang=sv" {
		t.Errorf("Swedish url %q", u)
	}
	sp.Address.Street = ""
	if got := hsdsMapper("fi").Service(sp).ServiceAtLocations[0].Location; len(got.Addresses) != 0 || got.LocationType != "physical" {
		t.Errorf("place without a street: %+v", got)
	}
	if u := (directory.HSDS{}).ServiceSummary(sp).URL; u != "" {
		t.Errorf("url without a base: %q", u)
	}
}

func TestHSDSJSONShapes(t *testing.T) {
	t.Parallel()
	sp := hsdsClinic()
	sp.Phone, sp.Languages, sp.Accessibility = "", nil, directory.Localized{}
	full := marshal(t, hsdsMapper("fi").Service(sp))
	for _, part := range []string{`"phones":[]`, `"languages":[]`, `"accessibility":[]`, `"organization":{`} {
		if !strings.Contains(full, part) {
			t.Errorf("nested service lacks %s: %s", part, full)
		}
	}
	summary := marshal(t, hsdsMapper("fi").ServiceSummary(sp))
	for _, part := range []string{`"phones"`, `"languages"`, `"organization"`, `"service_at_locations"`} {
		if strings.Contains(summary, part) {
			t.Errorf("list form has %s: %s", part, summary)
		}
	}
	sal := marshal(t, hsdsMapper("fi").ServiceAtLocationSummary(sp))
	for _, part := range []string{`"schedules"`, `"addresses"`, `"phones"`} {
		if strings.Contains(sal, part) {
			t.Errorf("service_at_location list form has %s: %s", part, sal)
		}
	}
	nested := hsdsMapper("fi").ServiceAtLocation(sp)
	if nested.Service == nil || nested.Service.ServiceAtLocations != nil || nested.Service.Organization == nil || len(nested.Schedules) != 2 {
		t.Errorf("nested service_at_location %+v", nested)
	}
	if a, b := marshal(t, hsdsMapper("fi").Service(hsdsClinic())), marshal(t, hsdsMapper("fi").Service(hsdsClinic())); a != b {
		t.Error("the same point maps to different JSON")
	}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHSDSPagination(t *testing.T) {
	t.Parallel()
	points := make([]directory.ServicePoint, 5)
	for i := range points {
		points[i] = *hsdsClinic()
		points[i].ID = uuid.NewSHA1(uuid.Nil, []byte{byte(i)}).String()
	}
	h := hsdsMapper("fi")
	for _, tc := range []struct {
		n, page, per       int
		size, pages        int
		first, last, empty bool
		firstID            int
	}{
		{5, 1, 2, 2, 3, true, false, false, 0},
		{5, 2, 2, 2, 3, false, false, false, 2},
		{5, 3, 2, 1, 3, false, true, false, 4},
		{5, 4, 2, 0, 3, false, true, true, -1}, // past the end
		{5, 1, 5, 5, 1, true, true, false, 0},
		{5, math.MaxInt, 2, 0, 3, false, true, true, -1}, // no overflow
		{0, 1, 50, 0, 0, true, true, true, -1},
	} {
		p := h.ServicePage(points[:tc.n], tc.page, tc.per)
		if p.TotalItems != tc.n || p.TotalPages != tc.pages || p.PageNumber != tc.page || p.Size != tc.size ||
			p.FirstPage != tc.first || p.LastPage != tc.last || p.Empty != tc.empty || len(p.Contents) != tc.size || p.Contents == nil {
			t.Errorf("%d items, page %d of %d: %+v", tc.n, tc.page, tc.per, p)
			continue
		}
		if tc.firstID >= 0 && p.Contents[0].ID != points[tc.firstID].ID {
			t.Errorf("page %d starts with %s, want item %d", tc.page, p.Contents[0].ID, tc.firstID)
		}
	}
	sp := h.ServiceAtLocationPage(points, 1, 50)
	if sp.Size != 5 || sp.Contents[0].Location == nil || sp.Contents[0].Service == nil || sp.Contents[0].Service.Name == "" {
		t.Errorf("service_at_location page %+v", sp)
	}
}
