package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kynnys/calendar"
	"kynnys/encounter"
)

// bulkValues is a bulk form at point for yesterday 10–12 with ten rows,
// all empty; extra replaces fields (an empty value removes one).
func (e *deskEnv) bulkValues(point string, extra url.Values) url.Values {
	f := url.Values{"point": {point}, "channel": {"outreach"}, "date": {e.yesterday().String()},
		"from": {"10:00"}, "to": {"12:00"}, "rows": {"10"}}
	for k, v := range extra {
		if len(v) == 0 || v[0] == "" {
			delete(f, k)
		} else {
			f[k] = v
		}
	}
	return f
}

func (e *deskEnv) yesterday() calendar.Date { return calendar.DateOf(e.clock.now()).AddDays(-1) }

func TestDeskBulkLogsTheFilledRows(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)

	wantContains(t, b.get("/desk"), `href="/desk/bulk?point=`+e.pointA.ID+`"`)
	r := b.get("/desk/bulk")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `<option value="`+e.pointA.ID+`" selected>`, `name="rows" value="10"`, `id="r10-age_band"`,
		`id="r1-topics-housing" name="r1.topics" value="housing"`, `id="r10-help-advice" name="r10.help" value="advice"`,
		`id="channel-outreach" name="channel" value="outreach" checked`, `formaction="/desk/bulk#r11-age_band"`)
	if strings.Contains(r.Body, e.pointB.ID) || strings.Contains(r.Body, `id="r11-age_band"`) || strings.Contains(r.Body, "<textarea") {
		t.Fatal("the form offers another team's place, an eleventh row or free text")
	}

	// Rows 1, 3 and 7 say something; the rest are left as they came.
	loc := wantRedirect(t, b.postCSRF("/desk/bulk", e.bulkValues(e.pointA.ID, url.Values{
		"r1.topics": {"housing", "debt"}, "r1.help": {"advice"}, "r1.age_band": {"18_29"}, "r1.already_client": {"no"},
		"r3.first_visit": {"on"}, "r3.already_client": {"unknown"},
		"r7.topics": {"loneliness"}, "r7.continued": {"on"}, "r7.already_client": {"yes"},
		"r8.age_band": {""}, "r8.already_client": {"unknown"},
	})), "/desk")
	if loc.Query().Get("bulk") != "3" || loc.Query().Get("point") != e.pointA.ID {
		t.Fatalf("redirect %s", loc)
	}
	list := e.stored(t, e.counsellorA)
	if len(list) != 3 {
		t.Fatalf("%d entries stored, want 3", len(list))
	}
	slices.SortFunc(list, func(a, b encounter.Encounter) int { return a.StartedAt.Compare(b.StartedAt) })
	day := e.yesterday()
	type want struct {
		topics, help     []string
		age, already     string
		first, continued bool
		at               time.Time
	}
	// Three entries over two hours: one every 40 minutes, in row order.
	wants := []want{
		{[]string{"debt", "housing"}, []string{"advice"}, "18_29", "no", false, false, day.Time(10, 0, 0)},
		{[]string{}, []string{}, "", "unknown", true, false, day.Time(10, 40, 0)},
		{[]string{"loneliness"}, []string{}, "", "yes", false, true, day.Time(11, 20, 0)},
	}
	for i, w := range wants {
		got := list[i]
		if got.ServicePointID != e.pointA.ID || got.StaffID != e.counsellorA.ID || got.Channel != encounter.ChannelOutreach ||
			!got.Anonymous || got.Note != "" || !slices.Equal(got.Topics, w.topics) || !slices.Equal(got.Help, w.help) ||
			got.AgeBand != w.age || got.AlreadyClient != w.already || got.FirstVisit != w.first || got.ContinuedToServices != w.continued ||
			!got.StartedAt.Equal(w.at) {
			t.Fatalf("entry %d: stored %+v, want %+v", i, got, w)
		}
	}

	r = b.get(loc.String())
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "desk.bulk.saved", 3))
}

func TestDeskBulkStoresAllOrNothing(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)
	r := b.postCSRF("/desk/bulk", e.bulkValues(e.pointA.ID, url.Values{
		"r1.topics": {"housing"}, "r1.age_band": {"30_44"},
		"r2.topics": {"debt", "no_such_topic"},
		"r4.topics": {"loneliness"},
	}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `class="error-summary"`, `href="#r2-topics-`, e.html("fi", "desk.bulk.row_field", 2, e.T("fi", "desk.field.topics")),
		e.html("fi", "error.unknown_code"), `id="r2-error"`, `aria-describedby="r2-error"`,
		// What was entered comes back.
		`id="r1-topics-housing" name="r1.topics" value="housing" checked`, `<option value="30_44" selected>`,
		`id="r2-topics-debt" name="r2.topics" value="debt" checked`, `id="r4-topics-loneliness" name="r4.topics" value="loneliness" checked`,
		`value="10:00"`, `value="12:00"`)
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatalf("%d entries stored of a form with an invalid row", n)
	}
}

func TestDeskBulkAnotherTeamsPlace(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)
	wantStatus(t, b.postCSRF("/desk/bulk", e.bulkValues(e.pointB.ID, url.Values{"r1.topics": {"housing"}})), http.StatusForbidden)
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatalf("%d entries stored at another team's place", n)
	}
	r := b.get("/desk/bulk?point=" + e.pointB.ID)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `<option value="`+e.pointA.ID+`" selected>`)
}

func TestDeskBulkRejectsBadInput(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)
	filled := url.Values{"r1.topics": {"housing"}}
	with := func(extra url.Values) url.Values {
		f := e.bulkValues(e.pointA.ID, filled)
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	tomorrow := calendar.DateOf(e.clock.now()).AddDays(1).String()
	for _, tc := range []struct {
		name   string
		form   url.Values
		anchor string
		key    string
	}{
		{"no rows", e.bulkValues(e.pointA.ID, nil), "#r1-age_band", "desk.bulk.error.empty"},
		{"no date", with(url.Values{"date": {""}}), "#date", "error.required"},
		{"bad date", with(url.Values{"date": {"31.2.2026"}}), "#date", "error.date"},
		{"future date", with(url.Values{"date": {tomorrow}}), "#date", "error.future"},
		{"too old", with(url.Values{"date": {calendar.DateOf(e.clock.now()).AddDays(-400).String()}}), "#date", "error.too_old"},
		{"bad time", with(url.Values{"from": {"25:99"}}), "#from", "desk.error.time"},
		{"no end", with(url.Values{"to": {""}}), "#to", "error.required"},
		{"end before start", with(url.Values{"from": {"12:00"}, "to": {"10:00"}}), "#to", "desk.bulk.error.span"},
		{"end in the future", with(url.Values{"date": {calendar.DateOf(e.clock.now()).String()}, "from": {"00:00"},
			"to": {clockInput(e.clock.now().Add(2 * time.Hour))}}), "#to", "error.future"},
		{"unknown channel", with(url.Values{"channel": {"pigeon"}}), "#channel-walk_in", "error.unknown_code"},
		{"no place", with(url.Values{"point": {""}}), "#point", "error.required"},
		{"unknown place", with(url.Values{"point": {"00000000-0000-7000-8000-000000000000"}}), "#point", "error.unknown_code"},
		{"unknown age band", with(url.Values{"r1.age_band": {"ancient"}}), "#r1-age_band", "error.unknown_code"},
		{"unknown answer", with(url.Values{"r1.already_client": {"maybe"}}), "#r1-already_client", "error.unknown_code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := b.postCSRF("/desk/bulk", tc.form)
			wantStatus(t, r, http.StatusBadRequest)
			wantContains(t, r, `href="`+tc.anchor+`"`, e.html("fi", tc.key))
		})
	}
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatalf("%d entries stored from bad forms", n)
	}
	// In the user's language.
	r := b.postCSRF("/desk/bulk?lang=sv", with(url.Values{"from": {"12:00"}, "to": {"10:00"}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("sv", "desk.bulk.error.span"))
}

func TestDeskBulkNeedsTheCSRFToken(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)
	form := e.bulkValues(e.pointA.ID, url.Values{"r1.topics": {"housing"}})
	wantStatus(t, b.post("/desk/bulk", form), http.StatusForbidden)
	form.Set("csrf", "not-the-token")
	wantStatus(t, b.post("/desk/bulk", form), http.StatusForbidden)
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatalf("%d entries stored without the CSRF token", n)
	}
}

func TestDeskBulkMoreRows(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)
	r := b.postCSRF("/desk/bulk", e.bulkValues(e.pointA.ID, url.Values{"step": {"more"}, "r2.topics": {"debt"}}))
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `name="rows" value="20"`, `id="r20-age_band"`, `formaction="/desk/bulk#r21-age_band"`,
		`id="r2-topics-debt" name="r2.topics" value="debt" checked`, e.html("fi", "desk.bulk.rows_added"))
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatal("adding rows saved entries")
	}

	// At the maximum there is no button, and more rows are not added;
	// a larger count than the maximum reads as the maximum.
	for _, rows := range []int{bulkMaxRows, 1000} {
		r = b.postCSRF("/desk/bulk", e.bulkValues(e.pointA.ID, url.Values{"step": {"more"}, "rows": {strconv.Itoa(rows)}}))
		wantStatus(t, r, http.StatusOK)
		limit := strconv.Itoa(bulkMaxRows)
		wantContains(t, r, `name="rows" value="`+limit+`"`, `id="r`+limit+`-age_band"`, e.html("fi", "desk.bulk.max_rows", bulkMaxRows))
		if strings.Contains(r.Body, `value="more"`) {
			t.Fatal("the maximum form offers more rows")
		}
	}
}
