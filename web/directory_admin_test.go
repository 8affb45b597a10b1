package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
)

// placeForm is a valid new-place form: weekday hours in form row 1 (row 0
// left empty, as a user might), Saturday hours for the summer in row 3 and
// a closed date in exception row 1.
func placeFormValues() url.Values {
	return url.Values{
		"kind": {"meeting_place"}, "name_fi": {"Kohtaamispaikka Tori"}, "name_sv": {"Mötesplatsen Torget"}, "name_en": {" "},
		"description_fi": {"Tule juttelemaan."}, "organization": {"Satakunnan hyvinvointialue"}, "municipality": {"Pori"},
		"team_id": {""}, "address_street": {"Yrjönkatu 1"}, "address_postal_code": {"28100"}, "address_city": {"Pori"},
		"address_lat": {"61,4851"}, "address_lon": {"21.7974"}, "phone": {"02 123 4567"},
		"target_groups": {"working_age", "youth"}, "topics": {"housing", "debt"}, "staff_roles": {"social_counsellor"},
		"languages": {"FI, sv"}, "accessibility_fi": {"Esteetön sisäänkäynti."},
		"anonymous_ok": {"on"}, "free": {"on"}, "closed_on_public_holidays": {"on"},
		"hours_rows": {"4"},
		"h1_days":    {"mon", "tue", "wed", "thu", "fri"}, "h1_opens": {"09:00"}, "h1_closes": {"15:00"},
		"h3_days": {"sat"}, "h3_opens": {"10.00"}, "h3_closes": {"00:00"}, "h3_valid_from": {"2027-06-01"}, "h3_valid_to": {"2027-08-31"},
		"exceptions_rows": {"3"},
		"x1_date":         {"2026-12-31"}, "x1_closed": {"on"}, "x1_note_fi": {"Uudenvuodenaatto"},
		"x2_date": {"2027-01-07"}, "x2_opens": {"12:00"}, "x2_closes": {"14:00"},
	}
}

func withValues(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func (e *testEnv) allPoints() []directory.ServicePoint {
	e.t.Helper()
	points, err := e.db.ServicePoints(e.ctx(), directory.Filter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return points
}

// wantFieldError checks that the form control of id is marked invalid and
// described by an error with the message, and that the error summary links
// to it.
func wantFieldError(t *testing.T, e *testEnv, r *resp, id, lang, key string) {
	t.Helper()
	wantStatus(t, r, http.StatusBadRequest)
	msg := e.html(lang, key)
	wantContains(t, r, `<span class="field-error" id="`+id+`-error">`+msg+`</span>`, `class="error-summary"`)
	// The control (for a row's own error, an overlap, its times; for a
	// group of checkboxes, its fieldset) points at the message.
	control := regexp.MustCompile(`<(input|select|textarea|fieldset) [^>]*aria-describedby="[^"]*\b` + regexp.QuoteMeta(id) + `-error\b[^>]*>`).FindStringSubmatch(r.Body)
	switch {
	case control == nil && id == "team_id" && !strings.Contains(r.Body, `<select id="team_id"`):
		// A team lead without teams has no choice to mark.
	case control == nil:
		t.Fatalf("no control is described by %s-error:\n%s", id, r.Body)
	case control[1] != "fieldset" && !strings.Contains(control[0], `aria-invalid="true"`):
		t.Fatalf("control of %s not marked invalid: %s", id, control[0])
	}
	// A group of checkboxes is linked by its first box ("h3_days" by "h3_day_mon").
	anchor := strings.TrimSuffix(id, "_days")
	if !regexp.MustCompile(`<li><a href="#` + regexp.QuoteMeta(anchor) + `[a-z_]*">[^<]*` + regexp.QuoteMeta(msg) + `</a></li>`).MatchString(r.Body) {
		t.Fatalf("error summary does not link %s with %q:\n%s", id, msg, r.Body)
	}
}

func TestPlaceAdminCreate(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	team := e.newTeam("Porin kohtaamispaikat", []string{"Pori"}, access.TargetWorkingAge)
	admin := e.newUser(access.RoleAdmin)
	b := e.browser()
	b.signInAs(admin, true)

	r := b.get("/staff/places/new")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `name="h2_opens"`, `name="x2_date"`, `id="closed_on_public_holidays" name="closed_on_public_holidays" value="on" checked`,
		`<option value="">`+e.html("fi", "places_admin.team.none")+`</option>`, team.Name)
	if strings.Contains(r.Body, `name="h3_opens"`) {
		t.Fatal("a new form has more than three empty rows of hours")
	}

	r = b.postCSRF("/staff/places", withValues(placeFormValues(), "team_id", team.ID))
	wantStatus(t, r, http.StatusSeeOther)
	points := e.allPoints()
	if len(points) != 1 {
		t.Fatalf("%d points stored", len(points))
	}
	sp := points[0]
	if r.Header.Get("Location") != "/staff/places/"+sp.ID+"?saved=1" {
		t.Fatalf("redirect to %q", r.Header.Get("Location"))
	}
	if sp.Kind != directory.KindMeetingPlace || sp.Name != (directory.Localized{FI: "Kohtaamispaikka Tori", SV: "Mötesplatsen Torget"}) ||
		sp.TeamID != team.ID || sp.Municipality != "Pori" || sp.Address.PostalCode != "28100" ||
		sp.Address.Lat == nil || *sp.Address.Lat != 61.4851 || *sp.Address.Lon != 21.7974 ||
		!slices.Equal(sp.Languages, []string{"fi", "sv"}) || !slices.Equal(sp.Topics, []string{"debt", "housing"}) ||
		!slices.Equal(sp.TargetGroups, []access.TargetGroup{access.TargetWorkingAge, access.TargetYouth}) ||
		!slices.Equal(sp.StaffRoles, []string{"social_counsellor"}) ||
		!sp.AnonymousOK || !sp.Free || sp.NoReferralNeeded || sp.AppointmentNeeded || !sp.ClosedOnPublicHolidays {
		t.Fatalf("stored %+v", sp)
	}
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	summer := directory.WeeklyHours{Days: []time.Weekday{time.Saturday}, Opens: 600, Closes: 1440,
		ValidFrom: calendar.Date{Year: 2027, Month: 6, Day: 1}, ValidTo: calendar.Date{Year: 2027, Month: 8, Day: 31}}
	if len(sp.Hours) != 2 || !sameHours(sp.Hours[0], directory.WeeklyHours{Days: weekdays, Opens: 540, Closes: 900}) || !sameHours(sp.Hours[1], summer) {
		t.Fatalf("stored hours %+v", sp.Hours)
	}
	if len(sp.Exceptions) != 2 || sp.Exceptions[0] != (directory.Exception{Date: calendar.Date{Year: 2026, Month: 12, Day: 31}, Closed: true,
		Note: directory.Localized{FI: "Uudenvuodenaatto"}}) || sp.Exceptions[1].Opens != 720 || sp.Exceptions[1].Closes != 840 {
		t.Fatalf("stored exceptions %+v", sp.Exceptions)
	}

	// The edit page shows what was saved, midnight as 00:00, and the notice.
	r = b.get(r.Header.Get("Location"))
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "admin.saved"), `value="Kohtaamispaikka Tori"`, `id="h1_closes" name="h1_closes" type="time" value="00:00"`,
		`id="h0_day_mon" name="h0_days" value="mon" checked`, `id="x0_closed" name="x0_closed" value="on" checked`, `value="fi, sv"`,
		`id="topics_debt" name="topics" value="debt" checked`, `name="h4_opens"`, `id="preview-h"`)
	if strings.Contains(r.Body, `name="h5_opens"`) {
		t.Fatal("edit form should have the two stored rows and three empty ones")
	}

	// Saving the form unchanged changes nothing but the version.
	form := withValues(placeFormValues(), "team_id", team.ID, "hours_rows", "0", "exceptions_rows", "0")
	wantRedirect(t, b.postCSRF("/staff/places/"+sp.ID, form), "/staff/places/"+sp.ID)
	if got := e.allPoints()[0]; len(got.Hours) != 0 || len(got.Exceptions) != 0 || got.ID != sp.ID {
		t.Fatalf("rows emptied: %+v", got)
	}

	// The list shows it.
	r = b.get("/staff/places")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `<a href="/staff/places/`+sp.ID+`">Kohtaamispaikka Tori</a>`, e.html("fi", "kind.meeting_place"), team.Name)

	// Unknown places.
	const ghost = "/staff/places/00000000-0000-7000-8000-000000000000"
	wantStatus(t, b.get(ghost), http.StatusNotFound)
	wantStatus(t, b.postCSRF(ghost, placeFormValues()), http.StatusNotFound)
	wantStatus(t, b.get(ghost+"/history"), http.StatusNotFound)
}

func TestPlaceAdminValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	admin := e.newUser(access.RoleAdmin)
	b := e.browser()
	b.signInAs(admin, true)

	for _, tc := range []struct {
		name string
		form url.Values
		id   string
		key  string
	}{
		// Row 3 of the form is the point's second hours: the error must land on row 3.
		{"closes before opens", withValues(placeFormValues(), "h3_opens", "16:00", "h3_closes", "12:00"), "h3_closes", "error.closes_before_opens"},
		{"overlap", withValues(placeFormValues(), "h3_days", "fri", "h3_opens", "14:00", "h3_closes", "18:00", "h3_valid_from", "", "h3_valid_to", ""), "h3", "error.overlap"},
		{"no days", withValues(placeFormValues(), "h3_days", ""), "h3_days", "error.required"},
		{"bad time", withValues(placeFormValues(), "h1_opens", "9"), "h1_opens", "error.time"},
		{"bad period", withValues(placeFormValues(), "h3_valid_to", "2027-05-01"), "h3_valid_to", "error.period_order"},
		{"bad date", withValues(placeFormValues(), "x2_date", "2027-02-30"), "x2_date", "error.date"},
		{"bad hours date", withValues(placeFormValues(), "h3_valid_from", "1.6.2027"), "h3_valid_from", "error.date"},
		{"closed and open", withValues(placeFormValues(), "x2_date", "2026-12-31"), "x2_date", "error.exception_conflict"},
		{"exception times", withValues(placeFormValues(), "x2_closes", "11:00"), "x2_closes", "error.closes_before_opens"},
		{"no kind", withValues(placeFormValues(), "kind", ""), "kind", "error.required"},
		{"no name", withValues(placeFormValues(), "name_fi", " ", "name_sv", ""), "name_fi", "error.required"},
		{"postal code", withValues(placeFormValues(), "address_postal_code", "281"), "address_postal_code", "error.postal_code"},
		{"coordinates", withValues(placeFormValues(), "address_lat", "x"), "address_lat", "error.coordinates"},
		{"languages", withValues(placeFormValues(), "languages", "finnish"), "languages", "places_admin.error.languages"},
		{"unknown topic", withValues(placeFormValues(), "topics", "cats"), "topics", "error.unknown_code"},
		{"unknown team", withValues(placeFormValues(), "team_id", "00000000-0000-7000-8000-000000000000"), "team_id", "error.unknown_code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := b.postCSRF("/staff/places", tc.form)
			wantFieldError(t, e, r, tc.id, "fi", tc.key)
			// What was typed stays.
			wantContains(t, r, `value="Yrjönkatu 1"`, `value="02 123 4567"`, "<title>"+e.html("fi", "places_admin.new.title_invalid"))
		})
	}

	// Several problems at once are all reported.
	r := b.postCSRF("/staff/places", withValues(placeFormValues(), "kind", "", "municipality", "", "address_postal_code", "1", "h1_closes", "08:00", "x2_date", "x"))
	for _, id := range []string{"kind", "municipality", "address_postal_code", "h1_closes", "x2_date"} {
		wantContains(t, r, `href="#`+id+`"`)
	}
	if n := len(e.allPoints()); n != 0 {
		t.Fatalf("invalid forms stored %d points", n)
	}

	// In every language, with the messages and no raw keys.
	for _, lang := range Languages {
		b.Header.Set("Accept-Language", lang)
		r := b.postCSRF("/staff/places", withValues(placeFormValues(), "h1_opens", "16:00"))
		wantFieldError(t, e, r, "h1_closes", lang, "error.closes_before_opens")
		for _, m := range keyLike.FindAllStringSubmatch(r.Body, -1) {
			if e.srv.cat.Has(m[1]) || hasCataloguePrefix(e.srv.cat, m[1]) {
				t.Errorf("400 page in %s: raw key %q", lang, m[1])
			}
		}
	}
}

func TestPlaceAdminMoreRows(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	admin := e.newUser(access.RoleAdmin)
	b := e.browser()
	b.signInAs(admin, true)

	r := b.postCSRF("/staff/places", withValues(placeFormValues(), "more", "hours", "h1_opens", "17:00"))
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "places_admin.rows_added"), `name="h6_opens"`, `name="hours_rows" value="7"`,
		`id="h1_opens" name="h1_opens" type="time" value="17:00"`, `value="Kohtaamispaikka Tori"`, `name="exceptions_rows" value="3"`)
	if strings.Contains(r.Body, `name="h7_opens"`) || strings.Contains(r.Body, "error-summary") {
		t.Fatal("add rows: wrong number of rows, or validated")
	}
	r = b.postCSRF("/staff/places", withValues(placeFormValues(), "more", "exceptions"))
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `name="x5_date"`, `name="hours_rows" value="4"`)
	if n := len(e.allPoints()); n != 0 {
		t.Fatalf("adding rows stored %d points", n)
	}
	// The row count is bounded.
	r = b.postCSRF("/staff/places", withValues(placeFormValues(), "more", "hours", "hours_rows", "1000000"))
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(r.Body, `name="h100_opens"`) {
		t.Fatal("row count not bounded")
	}
}

func TestPlaceAdminTeamLead(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	own := e.newTeam("Oma tiimi", []string{"Pori"})
	other := e.newTeam("Toinen tiimi", []string{"Rauma"})
	lead := e.newUser(access.RoleTeamLead, withTeams(own.ID))
	mine, theirs, countyWide := e.newServicePoint(own.ID), e.newServicePoint(other.ID), e.newServicePoint("")
	b := e.browser()
	b.signInAs(lead, true)

	r := b.get("/staff/places")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, "/staff/places/"+mine.ID)
	for _, id := range []string{theirs.ID, countyWide.ID} {
		if strings.Contains(r.Body, id) {
			t.Fatalf("list shows a place of another team: %s", id)
		}
	}

	// Another team's place: 403 with the reason, nothing changes.
	for _, p := range []string{theirs.ID, countyWide.ID} {
		for _, r := range []*resp{b.get("/staff/places/" + p), b.get("/staff/places/" + p + "/history"),
			b.postCSRF("/staff/places/"+p, withValues(placeFormValues(), "team_id", own.ID))} {
			wantStatus(t, r, http.StatusForbidden)
			wantContains(t, r, e.html("fi", "directory.not_your_team"))
		}
	}

	// The form offers only the lead's own team, no "no team".
	r = b.get("/staff/places/" + mine.ID)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `<option value="`+own.ID+`" selected>`, e.html("fi", "places_admin.team.hint_lead"))
	if strings.Contains(r.Body, other.ID) || strings.Contains(r.Body, `<option value="">`+e.html("fi", "places_admin.team.none")) {
		t.Fatal("team lead is offered other teams or no team")
	}

	// Own place: saved.
	r = b.postCSRF("/staff/places/"+mine.ID, withValues(placeFormValues(), "team_id", own.ID))
	wantRedirect(t, r, "/staff/places/"+mine.ID)
	got, err := e.db.ServicePoint(e.ctx(), mine.ID)
	if err != nil || got.Name.FI != "Kohtaamispaikka Tori" || got.TeamID != own.ID {
		t.Fatalf("own place after edit: %+v, %v", got, err)
	}

	// A foreign team or none cannot be given, to an old or a new place.
	for _, team := range []string{other.ID, ""} {
		r = b.postCSRF("/staff/places/"+mine.ID, withValues(placeFormValues(), "team_id", team, "name_fi", "Siirretty"))
		wantStatus(t, r, http.StatusBadRequest)
		r = b.postCSRF("/staff/places", withValues(placeFormValues(), "team_id", team))
		wantStatus(t, r, http.StatusBadRequest)
	}
	wantFieldError(t, e, b.postCSRF("/staff/places", withValues(placeFormValues(), "team_id", other.ID)), "team_id", "fi", "directory.not_your_team")
	if got, _ := e.db.ServicePoint(e.ctx(), mine.ID); got.TeamID != own.ID || got.Name.FI != "Kohtaamispaikka Tori" {
		t.Fatalf("place moved to another team: %+v", got)
	}
	if n := len(e.allPoints()); n != 3 {
		t.Fatalf("%d points, want 3", n)
	}

	// A new place in the lead's own team.
	wantStatus(t, b.get("/staff/places/new"), http.StatusOK)
	wantStatus(t, b.postCSRF("/staff/places", withValues(placeFormValues(), "team_id", own.ID)), http.StatusSeeOther)
	if n := len(e.allPoints()); n != 4 {
		t.Fatalf("%d points, want 4", n)
	}

	// A lead without a team is told so, and cannot save.
	loner := e.newUser(access.RoleTeamLead)
	lb := e.browser()
	lb.signInAs(loner, true)
	r = lb.get("/staff/places/new")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "places_admin.no_team"))
	wantFieldError(t, e, lb.postCSRF("/staff/places", placeFormValues()), "team_id", "fi", "places_admin.no_team")
}

func TestPlaceAdminHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	admin := e.newUser(access.RoleAdmin)
	sp := e.newServicePoint("")
	b := e.browser()
	b.signInAs(admin, true)

	// Edit through the form: a new name and Saturday hours, all else kept.
	r := b.get("/staff/places/" + sp.ID)
	wantStatus(t, r, http.StatusOK)
	form := formFromPoint(sp)
	values := url.Values{"hours_rows": {"2"}, "exceptions_rows": {"0"}}
	for k, v := range form.Text {
		values.Set(k, v)
	}
	for g, m := range form.Checks {
		for c := range m {
			values.Add(g, c)
		}
	}
	for f, on := range form.Flags {
		if on {
			values.Set(f, "on")
		}
	}
	values.Set("name_fi", "Positiimi Pori")
	values["h0_days"] = []string{"mon", "tue", "wed", "thu", "fri"}
	values.Set("h0_opens", "09:00")
	values.Set("h0_closes", "15:00")
	values["h1_days"] = []string{"sat"}
	values.Set("h1_opens", "10:00")
	values.Set("h1_closes", "13:00")
	wantRedirect(t, b.postCSRF("/staff/places/"+sp.ID, values), "/staff/places/"+sp.ID)

	for _, lang := range Languages {
		b.Header.Set("Accept-Language", lang)
		r = b.get("/staff/places/" + sp.ID + "/history")
		wantStatus(t, r, http.StatusOK)
		v2, v1 := strings.Index(r.Body, `<th scope="row">2</th>`), strings.Index(r.Body, `<th scope="row">1</th>`)
		if v2 < 0 || v1 < 0 || v2 > v1 {
			t.Fatalf("history in %s: want versions 2 then 1:\n%s", lang, r.Body)
		}
		changes := r.Body[v2:v1]
		for _, key := range []string{"field.name", "places_admin.section.hours"} {
			if !strings.Contains(changes, "<li>"+e.html(lang, key)+"</li>") {
				t.Errorf("history in %s: version 2 does not name %s:\n%s", lang, key, changes)
			}
		}
		for _, key := range []string{"places_admin.field.phone", "places_admin.section.exceptions", "places_admin.field.free"} {
			if strings.Contains(changes, "<li>"+e.html(lang, key)+"</li>") {
				t.Errorf("history in %s: version 2 names unchanged %s", lang, key)
			}
		}
		wantContains(t, r, admin.Name, e.html(lang, "places_admin.history.created"))
	}
}

func TestPlaceChanges(t *testing.T) {
	t.Parallel()
	lat, lat2 := 61.0, 61.0
	a := directory.ServicePoint{Kind: directory.KindClinic, Topics: []string{"debt", "housing"}, Address: directory.Address{Lat: &lat, Lon: &lat},
		Hours: []directory.WeeklyHours{{Days: []time.Weekday{time.Monday, time.Friday}, Opens: 1, Closes: 2}}}
	b := a
	b.Topics = []string{"housing", "debt"}
	b.Address.Lat, b.Address.Lon = &lat2, &lat2
	b.Hours = []directory.WeeklyHours{{Days: []time.Weekday{time.Friday, time.Monday}, Opens: 1, Closes: 2}}
	if got := placeChanges(&a, &b); len(got) != 0 {
		t.Fatalf("reordered lists and equal coordinates are no change: %v", got)
	}
	b.Free, b.Hours[0].Closes = true, 3
	b.Exceptions = []directory.Exception{{Date: calendar.Date{Year: 2027, Month: 1, Day: 1}, Closed: true}}
	if got := placeChanges(&a, &b); !slices.Equal(got, []string{"places_admin.field.free", "places_admin.section.hours", "places_admin.section.exceptions"}) {
		t.Fatalf("changes %v", got)
	}
}

func TestPlaceErrorID(t *testing.T) {
	t.Parallel()
	hours, excs := []int{1, 3}, []int{2}
	for field, want := range map[string]string{
		"hours[1].closes": "h3_closes", "hours[0]": "h1", "exceptions[0].date": "x2_date", "exceptions[0]": "x2",
		"hours[7].opens": "hours", "name": "name_fi", "name.sv": "name_sv", "address.postal_code": "address_postal_code", "kind": "kind",
	} {
		if got := placeErrorID(field, hours, excs); got != want {
			t.Errorf("placeErrorID(%q) = %q, want %q", field, got, want)
		}
	}
}

// TestPlacePreviewAtChristmas renders the edit page at a fixed time. The
// handler is called directly, past the session check: a session made now
// would have expired by a clock set weeks ahead.
func TestPlacePreviewAtChristmas(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	admin := e.newUser(access.RoleAdmin)
	sp := e.newServicePoint("")
	sp.Exceptions = []directory.Exception{
		{Date: calendar.Date{Year: 2026, Month: 12, Day: 23}, Opens: 9 * 60, Closes: 12 * 60, Note: directory.Localized{FI: "Lyhennetty päivä", EN: "Short day"}},
		{Date: calendar.Date{Year: 2026, Month: 12, Day: 28}, Closed: true},
	}
	if err := e.db.UpdateServicePoint(e.ctx(), sp, directory.Editor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	e.clock.mu.Lock()
	e.clock.t = time.Date(2026, 12, 21, 10, 0, 0, 0, calendar.Helsinki)
	e.clock.mu.Unlock()

	christmas, ok := calendar.HolidayOn(calendar.Date{Year: 2026, Month: 12, Day: 25})
	if !ok {
		t.Fatal("no holiday on Christmas Day")
	}
	for _, lang := range Languages {
		req := httptest.NewRequest(http.MethodGet, "/staff/places/"+sp.ID, nil)
		req = req.WithContext(context.WithValue(req.Context(), stateKey{}, &reqState{lang: lang, user: admin.User}))
		req.SetPathValue("id", sp.ID)
		rec := httptest.NewRecorder()
		e.srv.adminEditPlace(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", lang, rec.Code)
		}
		body := rec.Body.String()
		row := func(iso string) string {
			i := strings.Index(body, `<time datetime="`+iso+`">`)
			if i < 0 {
				t.Fatalf("%s: preview lacks %s:\n%s", lang, iso, body)
			}
			j := strings.Index(body[i:], "</tr>")
			return body[i : i+j]
		}
		times, short := "09:00–15:00", "09:00–12:00"
		if lang == "fi" {
			times, short = "9.00–15.00", "9.00–12.00"
		}
		closed := e.html(lang, "places_admin.preview.closed")
		for iso, want := range map[string][]string{
			"2026-12-21": {times, e.html(lang, "places_admin.preview.today")},
			"2026-12-23": {short, e.html(lang, "places_admin.preview.exception")},
			"2026-12-25": {closed, christmas.LocalName(lang)},
			"2026-12-28": {closed, e.html(lang, "places_admin.preview.exception_closed")},
			"2027-01-01": {closed},
			"2027-01-02": {closed}, // Saturday
			"2027-01-03": {closed},
		} {
			got := row(iso)
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("%s, %s: row lacks %q: %s", lang, iso, w, got)
				}
			}
		}
		if strings.Contains(body, `datetime="2027-01-04"`) {
			t.Errorf("%s: preview goes past two weeks", lang)
		}
		if lang == "en" && !strings.Contains(row("2026-12-23"), "Short day") {
			t.Errorf("exception note not in English")
		}
	}
}
