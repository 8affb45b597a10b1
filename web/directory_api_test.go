package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/store"
	"kynnys/store/storetest"
)

// dirPointBody is the example request: weekdays 9–15, closed on public
// holidays, closed on 23 December and open 10–14 on Christmas Eve.
const dirPointBody = `{"kind":"meeting_place","name":{"fi":"Olohuone","sv":"Vardagsrum","en":"Living room"},` +
	`"municipality":"Turku","hours":[{"days":["mon","tue","wed","thu","fri"],"opens":"09:00","closes":"15:00"}],` +
	`"closed_on_public_holidays":true,` +
	`"exceptions":[{"date":"2026-12-23","closed":true},{"date":"2026-12-24","opens":"10:00","closes":"14:00"}]}`

// setDirectoryNow puts the server's clock at t.
func setDirectoryNow(e *testEnv, t time.Time) {
	e.clock.mu.Lock()
	defer e.clock.mu.Unlock()
	e.clock.t = t
}

func dirAt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.Helsinki)
}

// apiBrowser is a client that sends token as a bearer token ("" for none).
func dirBrowser(e *testEnv, token string) *browser {
	b := e.browser()
	if token != "" {
		b.Header.Set("Authorization", "Bearer "+token)
	}
	return b
}

func dirSend(b *browser, method, path, body string) *resp {
	b.t.Helper()
	req := b.newRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return b.do(req)
}

// object decodes a JSON object response.
func dirObject(t *testing.T, r *resp) map[string]any {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON", ct)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", r.Body, err)
	}
	return m
}

// wantDirectoryError checks the API's error shape and returns its detail.
func wantDirectoryError(t *testing.T, r *resp, status int, code, field string) apiErrorDetail {
	t.Helper()
	wantStatus(t, r, status)
	var body struct {
		Error *apiErrorDetail `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || body.Error == nil {
		t.Fatalf("error body %q is not {\"error\":{…}}: %v", r.Body, err)
	}
	d := *body.Error
	if d.Code != code || d.Field != field || d.Message == "" {
		t.Fatalf("error %+v, want code %q field %q and a message", d, code, field)
	}
	return d
}

// wantState checks open_now, open_until and next_opening of a point as JSON.
func wantPointState(t *testing.T, m map[string]any, open bool, until, next string) {
	t.Helper()
	if _, ok := m["open_now"]; !ok {
		t.Fatalf("no open_now in %v", m)
	}
	if _, ok := m["next_opening"]; !ok {
		t.Fatalf("no next_opening in %v", m)
	}
	if m["open_now"] != open {
		t.Errorf("open_now = %v, want %v", m["open_now"], open)
	}
	gotUntil, hasUntil := m["open_until"]
	if open && gotUntil != until || !open && hasUntil {
		t.Errorf("open_until = %v, want %q", gotUntil, until)
	}
	var wantNext any = next
	if next == "" {
		wantNext = nil
	}
	if m["next_opening"] != wantNext {
		t.Errorf("next_opening = %v, want %v", m["next_opening"], wantNext)
	}
}

func TestDirectoryAPICreate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		admin := e.newUser(access.RoleAdmin)
		b := dirBrowser(e, e.newToken(admin.ID))
		setDirectoryNow(e, dirAt(2026, 11, 25, 10, 0))

		r := dirSend(b, http.MethodPost, "/api/v1/service-points", dirPointBody)
		wantStatus(t, r, http.StatusCreated)
		m := dirObject(t, r)
		id, _ := m["id"].(string)
		if u, err := uuid.Parse(id); err != nil || u.Version() != 7 {
			t.Fatalf("id %q is not a UUIDv7", id)
		}
		if loc := r.Header.Get("Location"); loc != "/api/v1/service-points/"+id {
			t.Errorf("Location %q", loc)
		}
		wantPointState(t, m, true, "2026-11-25T15:00:00+02:00", "2026-11-26T09:00:00+02:00")
		if name, _ := m["name"].(map[string]any); name["sv"] != "Vardagsrum" || m["municipality"] != "Turku" ||
			m["closed_on_public_holidays"] != true || m["created_at"] == nil {
			t.Errorf("stored object not echoed: %s", r.Body)
		}
		if _, ok := m["team_id"]; ok {
			t.Errorf("an admin's point without a team got team_id %v", m["team_id"])
		}

		sp, err := db.ServicePoint(e.ctx(), id)
		if err != nil {
			t.Fatal(err)
		}
		if sp.Name.EN != "Living room" || len(sp.Exceptions) != 2 || !sp.Exceptions[0].Closed || sp.Hours[0].Closes != 15*60 {
			t.Errorf("stored %+v", sp)
		}
		hist, err := db.ServicePointHistory(e.ctx(), id)
		if err != nil || len(hist) != 1 || hist[0].By.UserID != admin.ID || hist[0].By.Name != admin.Name {
			t.Errorf("history %+v (%v), want one version by %s", hist, err, admin.Name)
		}

		// The id and timestamps are the server's, whatever the client sends;
		// outside opening hours there is no open_until.
		setDirectoryNow(e, dirAt(2026, 11, 25, 16, 0))
		forged := strings.Replace(dirPointBody, `{"kind"`, `{"id":"`+id+`","created_at":"2001-01-01T00:00:00Z","kind"`, 1)
		r = dirSend(b, http.MethodPost, "/api/v1/service-points", forged)
		wantStatus(t, r, http.StatusCreated)
		m = dirObject(t, r)
		if created, _ := m["created_at"].(string); m["id"] == id || created == "" || strings.HasPrefix(created, "2001") {
			t.Errorf("client-set id or created_at kept: %s", r.Body)
		}
		wantPointState(t, m, false, "", "2026-11-26T09:00:00+02:00")
	})
}

func TestDirectoryAPIPermissions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		setDirectoryNow(e, dirAt(2026, 11, 25, 10, 0))
		own := e.newTeam("Turun tiimi", []string{"Turku"}, access.TargetWorkingAge)
		other := e.newTeam("Porin tiimi", []string{"Pori"}, access.TargetWorkingAge)
		lead := e.newUser(access.RoleTeamLead, withTeams(own.ID))
		worker := e.newUser(access.RoleSocialWorker, withTeams(own.ID))
		admin := e.newUser(access.RoleAdmin)
		leadB := dirBrowser(e, e.newToken(lead.ID))
		adminB := dirBrowser(e, e.newToken(admin.ID))
		workerB := dirBrowser(e, e.newToken(worker.ID))
		anon := dirBrowser(e, "")
		withTeam := func(teamID string) string {
			return strings.Replace(dirPointBody, `{"kind"`, `{"team_id":"`+teamID+`","kind"`, 1)
		}

		// A team lead's new point belongs to the lead's team.
		r := dirSend(leadB, http.MethodPost, "/api/v1/service-points", dirPointBody)
		wantStatus(t, r, http.StatusCreated)
		mine := dirObject(t, r)
		mineID, _ := mine["id"].(string)
		if mine["team_id"] != own.ID {
			t.Errorf("team lead's point has team_id %v, want %s", mine["team_id"], own.ID)
		}
		if sp, err := db.ServicePoint(e.ctx(), mineID); err != nil || sp.TeamID != own.ID {
			t.Errorf("stored team %v (%v), want %s", sp, err, own.ID)
		}

		// The admin may place a point in any team; a lead only in their own.
		r = dirSend(adminB, http.MethodPost, "/api/v1/service-points", withTeam(other.ID))
		wantStatus(t, r, http.StatusCreated)
		theirsID, _ := dirObject(t, r)["id"].(string)
		wantDirectoryError(t, dirSend(leadB, http.MethodPost, "/api/v1/service-points", withTeam(other.ID)), http.StatusForbidden, "forbidden", "")
		wantDirectoryError(t, dirSend(adminB, http.MethodPost, "/api/v1/service-points", withTeam(uuid.NewString())),
			http.StatusBadRequest, "invalid", "team_id")

		// Editing: the lead's own point yes, another team's no, and no
		// moving one's point to another team.
		edited := strings.Replace(dirPointBody, "Olohuone", "Uusi olohuone", 1)
		r = dirSend(leadB, http.MethodPut, "/api/v1/service-points/"+mineID, edited)
		wantStatus(t, r, http.StatusOK)
		if m := dirObject(t, r); m["id"] != mineID || m["team_id"] != own.ID {
			t.Errorf("updated point %s", r.Body)
		}
		wantDirectoryError(t, dirSend(leadB, http.MethodPut, "/api/v1/service-points/"+theirsID, edited), http.StatusForbidden, "forbidden", "")
		wantDirectoryError(t, dirSend(leadB, http.MethodPut, "/api/v1/service-points/"+mineID, withTeam(other.ID)), http.StatusForbidden, "forbidden", "")
		hist, err := db.ServicePointHistory(e.ctx(), mineID)
		if err != nil || len(hist) != 2 || hist[0].By.Name != lead.Name || hist[0].Point.Name.FI != "Uusi olohuone" {
			t.Errorf("history %+v (%v), want the lead's edit on top", hist, err)
		}
		if sp, err := db.ServicePoint(e.ctx(), theirsID); err != nil || sp.Name.FI != "Olohuone" || sp.TeamID != other.ID {
			t.Errorf("the other team's point changed: %+v (%v)", sp, err)
		}

		// Other roles and anonymous callers may not write at all.
		wantDirectoryError(t, dirSend(workerB, http.MethodPost, "/api/v1/service-points", dirPointBody), http.StatusForbidden, "forbidden", "")
		wantDirectoryError(t, dirSend(workerB, http.MethodPut, "/api/v1/service-points/"+mineID, edited), http.StatusForbidden, "forbidden", "")
		wantDirectoryError(t, dirSend(anon, http.MethodPost, "/api/v1/service-points", dirPointBody), http.StatusUnauthorized, "unauthorized", "")
		wantDirectoryError(t, dirSend(anon, http.MethodPut, "/api/v1/service-points/"+mineID, edited), http.StatusUnauthorized, "unauthorized", "")
		wantDirectoryError(t, dirSend(adminB, http.MethodPut, "/api/v1/service-points/"+uuid.NewString(), edited), http.StatusNotFound, "not_found", "")

		points, err := db.ServicePoints(e.ctx(), directory.Filter{})
		if err != nil || len(points) != 2 {
			t.Errorf("%d points stored (%v), want the 2 allowed", len(points), err)
		}
	})
}

func TestDirectoryAPIInvalidInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		admin := e.newUser(access.RoleAdmin)
		b := dirBrowser(e, e.newToken(admin.ID))
		existing := e.newServicePoint("")
		for _, tc := range []struct {
			name, body, field string
		}{
			{"closes before opens", strings.Replace(dirPointBody, `"closes":"15:00"`, `"closes":"08:00"`, 1), "hours[0].closes"},
			{"closes when it opens", strings.Replace(dirPointBody, `"closes":"15:00"`, `"closes":"09:00"`, 1), "hours[0].closes"},
			{"not a time", strings.Replace(dirPointBody, `"opens":"09:00"`, `"opens":"nine"`, 1), "hours[0].opens"},
			{"not a day", strings.Replace(dirPointBody, `"mon"`, `"monday"`, 1), "hours[0].days"},
			{"not a date", strings.Replace(dirPointBody, `"2026-12-23"`, `"23.12.2026"`, 1), "exceptions[0].date"},
			{"closed and open on one date", strings.Replace(dirPointBody, `"2026-12-23"`, `"2026-12-24"`, 1), "exceptions[1].date"},
			{"unknown kind", strings.Replace(dirPointBody, `"meeting_place"`, `"shop"`, 1), "kind"},
			{"no municipality", strings.Replace(dirPointBody, `"Turku"`, `""`, 1), "municipality"},
			{"malformed JSON", `{"kind":"meeting_place",`, "body"},
			{"not an object", `["meeting_place"]`, "body"},
			{"a number as name.fi", strings.Replace(dirPointBody, `"fi":"Olohuone"`, `"fi":42`, 1), "name.fi"},
			{"a string as hours", `{"kind":"clinic","hours":"mon-fri 9-15"}`, "hours"},
			{"a string as a boolean", strings.Replace(dirPointBody, `"closed_on_public_holidays":true`, `"closed_on_public_holidays":"yes"`, 1), "closed_on_public_holidays"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				for _, method := range []string{http.MethodPost, http.MethodPut} {
					path := "/api/v1/service-points"
					if method == http.MethodPut {
						path += "/" + existing.ID
					}
					d := wantDirectoryError(t, dirSend(b, method, path, tc.body), http.StatusBadRequest, "invalid", tc.field)
					if !strings.Contains(d.Message, tc.field) {
						t.Errorf("%s: message %q does not name %s", method, d.Message, tc.field)
					}
				}
			})
		}
		// A wrong type inside a list names the field (the index may be lost).
		d := wantDirectoryError(t, dirSend(b, http.MethodPost, "/api/v1/service-points", `{"hours":[{"days":"mon"}]}`),
			http.StatusBadRequest, "invalid", "hours.days")
		if !strings.HasPrefix(d.Field, "hours") {
			t.Errorf("field %q", d.Field)
		}

		// Nothing was stored or changed.
		points, err := db.ServicePoints(e.ctx(), directory.Filter{})
		if err != nil || len(points) != 1 || points[0].Name.FI != "Positiimi" {
			t.Errorf("points after refused writes: %+v (%v)", points, err)
		}
		if hist, err := db.ServicePointHistory(e.ctx(), existing.ID); err != nil || len(hist) != 1 {
			t.Errorf("history after refused updates: %d versions (%v)", len(hist), err)
		}
	})
}

func TestDirectoryAPIOpenNow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		admin := e.newUser(access.RoleAdmin)
		r := dirSend(dirBrowser(e, e.newToken(admin.ID)), http.MethodPost, "/api/v1/service-points", dirPointBody)
		wantStatus(t, r, http.StatusCreated)
		id, _ := dirObject(t, r)["id"].(string)
		anon := dirBrowser(e, "")
		for _, tc := range []struct {
			name        string
			now         time.Time
			open        bool
			until, next string
		}{
			{"Wednesday morning", dirAt(2026, 11, 25, 10, 0), true, "2026-11-25T15:00:00+02:00", "2026-11-26T09:00:00+02:00"},
			{"Wednesday at opening", dirAt(2026, 11, 25, 9, 0), true, "2026-11-25T15:00:00+02:00", "2026-11-26T09:00:00+02:00"},
			{"Wednesday at closing", dirAt(2026, 11, 25, 15, 0), false, "", "2026-11-26T09:00:00+02:00"},
			{"Wednesday 16:00", dirAt(2026, 11, 25, 16, 0), false, "", "2026-11-26T09:00:00+02:00"},
			{"Friday evening", dirAt(2026, 11, 27, 16, 0), false, "", "2026-11-30T09:00:00+02:00"},
			{"closed by exception on 23 December", dirAt(2026, 12, 23, 10, 0), false, "", "2026-12-24T10:00:00+02:00"},
			{"Christmas Eve 11:00", dirAt(2026, 12, 24, 11, 0), true, "2026-12-24T14:00:00+02:00", "2026-12-28T09:00:00+02:00"},
			{"Christmas Eve 14:00", dirAt(2026, 12, 24, 14, 0), false, "", "2026-12-28T09:00:00+02:00"},
			{"Christmas Day", dirAt(2026, 12, 25, 10, 0), false, "", "2026-12-28T09:00:00+02:00"},
			{"summer time", dirAt(2027, 6, 16, 10, 0), true, "2027-06-16T15:00:00+03:00", "2027-06-17T09:00:00+03:00"},
			{"a UTC clock", time.Date(2026, 11, 25, 12, 30, 0, 0, time.UTC), true, "2026-11-25T15:00:00+02:00", "2026-11-26T09:00:00+02:00"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				setDirectoryNow(e, tc.now)
				r := anon.get("/api/v1/service-points/" + id)
				wantStatus(t, r, http.StatusOK)
				one := dirObject(t, r)
				if one["id"] != id {
					t.Fatalf("got point %v", one["id"])
				}
				wantPointState(t, one, tc.open, tc.until, tc.next)

				r = anon.get("/api/v1/service-points")
				wantStatus(t, r, http.StatusOK)
				var list []map[string]any
				if err := json.Unmarshal([]byte(r.Body), &list); err != nil || len(list) != 1 {
					t.Fatalf("list %s: %v", r.Body, err)
				}
				wantPointState(t, list[0], tc.open, tc.until, tc.next)
			})
		}

		// A point that never opens has next_opening null.
		setDirectoryNow(e, dirAt(2026, 11, 25, 10, 0))
		r = dirSend(dirBrowser(e, e.newToken(admin.ID)), http.MethodPost, "/api/v1/service-points",
			`{"kind":"outreach","name":{"fi":"Etsivä työ"},"municipality":"Turku"}`)
		wantStatus(t, r, http.StatusCreated)
		wantPointState(t, dirObject(t, r), false, "", "")
	})
}

func TestDirectoryAPIListFilters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
		add := func(name, municipality string, kind directory.Kind, group access.TargetGroup, topic string, h directory.WeeklyHours) {
			t.Helper()
			sp := &directory.ServicePoint{Kind: kind, Name: directory.Localized{FI: name}, Municipality: municipality,
				TargetGroups: []access.TargetGroup{group}, Topics: []string{topic}, ClosedOnPublicHolidays: true,
				Hours: []directory.WeeklyHours{h}}
			if kind == directory.KindPhone {
				sp.Phone = "02 123 4567"
			}
			if err := db.CreateServicePoint(e.ctx(), sp, directory.Editor{Name: "test"}); err != nil {
				t.Fatal(err)
			}
		}
		add("Olohuone", "Turku", directory.KindMeetingPlace, access.TargetYouth, "debt",
			directory.WeeklyHours{Days: weekdays, Opens: 9 * 60, Closes: 15 * 60})
		add("Puhelin", "Pori", directory.KindPhone, access.TargetWorkingAge, "housing",
			directory.WeeklyHours{Days: append(weekdays, time.Saturday, time.Sunday), Opens: 8*60 + 30, Closes: 20 * 60})
		add("Vastaanotto", "Turku", directory.KindClinic, access.TargetElderly, "health",
			directory.WeeklyHours{Days: []time.Weekday{time.Saturday}, Opens: 10 * 60, Closes: 14 * 60})
		anon := dirBrowser(e, "")

		for _, tc := range []struct {
			now   time.Time
			query string
			want  []string
		}{
			{dirAt(2026, 11, 25, 16, 0), "", []string{"Puhelin", "Olohuone", "Vastaanotto"}},
			{dirAt(2026, 11, 25, 16, 0), "municipality=Turku", []string{"Olohuone", "Vastaanotto"}},
			{dirAt(2026, 11, 25, 16, 0), "kind=phone", []string{"Puhelin"}},
			{dirAt(2026, 11, 25, 16, 0), "target_group=youth", []string{"Olohuone"}},
			{dirAt(2026, 11, 25, 16, 0), "topic=health", []string{"Vastaanotto"}},
			{dirAt(2026, 11, 25, 16, 0), "open_now=true", []string{"Puhelin"}},
			{dirAt(2026, 11, 25, 10, 0), "open_now=true", []string{"Puhelin", "Olohuone"}},
			{dirAt(2026, 11, 28, 11, 0), "open_now=true", []string{"Puhelin", "Vastaanotto"}},
			{dirAt(2026, 12, 24, 11, 0), "open_now=true", nil},
			{dirAt(2026, 11, 25, 10, 0), "municipality=Turku&open_now=true", []string{"Olohuone"}},
			{dirAt(2026, 11, 25, 16, 0), "municipality=Turku&open_now=true", nil},
			{dirAt(2026, 11, 25, 16, 0), "kind=clinic&target_group=youth", nil},
			{dirAt(2026, 11, 25, 16, 0), "municipality=Rauma", nil},
		} {
			t.Run(tc.now.Format("Jan 2 15:04")+" "+tc.query, func(t *testing.T) {
				setDirectoryNow(e, tc.now)
				r := anon.get("/api/v1/service-points?" + tc.query)
				wantStatus(t, r, http.StatusOK)
				var list []map[string]any
				if err := json.Unmarshal([]byte(r.Body), &list); err != nil || list == nil {
					t.Fatalf("list %s is not a JSON array: %v", r.Body, err)
				}
				var names []string
				for _, p := range list {
					name, _ := p["name"].(map[string]any)
					fi, _ := name["fi"].(string)
					names = append(names, fi)
					if _, ok := p["open_now"]; !ok {
						t.Errorf("%s has no open_now", fi)
					}
					if _, ok := p["next_opening"]; !ok {
						t.Errorf("%s has no next_opening", fi)
					}
				}
				if !slices.Equal(names, tc.want) {
					t.Errorf("points %v, want %v", names, tc.want)
				}
			})
		}
	})
}

func TestDirectoryAPIUnknownPoint(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	anon := dirBrowser(e, "")
	id := uuid.NewString()
	wantDirectoryError(t, anon.get("/api/v1/service-points/"+id), http.StatusNotFound, "not_found", "")
	wantDirectoryError(t, anon.get("/api/v1/service-points/"+id+"/openings?from=2026-11-23&to=2026-11-29"),
		http.StatusNotFound, "not_found", "")
	// An empty directory lists as [], not null.
	r := anon.get("/api/v1/service-points")
	wantStatus(t, r, http.StatusOK)
	if strings.TrimSpace(r.Body) != "[]" {
		t.Errorf("empty list %q, want []", r.Body)
	}
}

func TestOpeningsAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		sp := e.newServicePoint("") // weekdays 9–15, closed on public holidays
		anon := dirBrowser(e, "")
		openings := func(from, to string) *resp {
			q := url.Values{}
			if from != "" {
				q.Set("from", from)
			}
			if to != "" {
				q.Set("to", to)
			}
			return anon.get("/api/v1/service-points/" + sp.ID + "/openings?" + q.Encode())
		}

		for _, tc := range []struct {
			name, from, to string
			count          int
			first, last    string // "start/end" of the first and last opening
		}{
			{"a winter week", "2026-11-23", "2026-11-29", 5,
				"2026-11-23T09:00:00+02:00/2026-11-23T15:00:00+02:00", "2026-11-27T09:00:00+02:00/2026-11-27T15:00:00+02:00"},
			{"to is inclusive", "2026-11-27", "2026-11-27", 1,
				"2026-11-27T09:00:00+02:00/2026-11-27T15:00:00+02:00", "2026-11-27T09:00:00+02:00/2026-11-27T15:00:00+02:00"},
			{"a weekend", "2026-11-28", "2026-11-29", 0, "", ""},
			{"the week of Midsummer", "2026-06-15", "2026-06-21", 4,
				"2026-06-15T09:00:00+03:00/2026-06-15T15:00:00+03:00", "2026-06-18T09:00:00+03:00/2026-06-18T15:00:00+03:00"},
			{"across spring forward", "2026-03-27", "2026-03-30", 2,
				"2026-03-27T09:00:00+02:00/2026-03-27T15:00:00+02:00", "2026-03-30T09:00:00+03:00/2026-03-30T15:00:00+03:00"},
			{"across fall back", "2026-10-23", "2026-10-26", 2,
				"2026-10-23T09:00:00+03:00/2026-10-23T15:00:00+03:00", "2026-10-26T09:00:00+02:00/2026-10-26T15:00:00+02:00"},
			// 366 days: all of 2026 (252 weekdays that are not holidays) and
			// New Year's Day 2027, a holiday.
			{"366 days", "2026-01-01", "2027-01-01", 252,
				"2026-01-02T09:00:00+02:00/2026-01-02T15:00:00+02:00", "2026-12-31T09:00:00+02:00/2026-12-31T15:00:00+02:00"},
			{"a leap year", "2028-01-01", "2028-12-31", 251,
				"2028-01-03T09:00:00+02:00/2028-01-03T15:00:00+02:00", "2028-12-29T09:00:00+02:00/2028-12-29T15:00:00+02:00"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := openings(tc.from, tc.to)
				wantStatus(t, r, http.StatusOK)
				var list []map[string]string
				if err := json.Unmarshal([]byte(r.Body), &list); err != nil || list == nil {
					t.Fatalf("body %.200s is not a JSON array: %v", r.Body, err)
				}
				if len(list) != tc.count {
					t.Fatalf("%d openings, want %d", len(list), tc.count)
				}
				for _, o := range list {
					if len(o) != 2 || o["start"] == "" || o["end"] == "" {
						t.Fatalf("opening %v, want exactly start and end", o)
					}
				}
				if tc.count == 0 {
					return
				}
				if got := list[0]["start"] + "/" + list[0]["end"]; got != tc.first {
					t.Errorf("first %s, want %s", got, tc.first)
				}
				if got := list[len(list)-1]["start"] + "/" + list[len(list)-1]["end"]; got != tc.last {
					t.Errorf("last %s, want %s", got, tc.last)
				}
			})
		}

		for _, tc := range []struct {
			name, from, to, field string
		}{
			{"367 days", "2026-01-01", "2027-01-02", "to"},
			{"to before from", "2026-11-27", "2026-11-26", "to"},
			{"a bad from", "2026-13-01", "2026-11-29", "from"},
			{"a Finnish from", "23.11.2026", "2026-11-29", "from"},
			{"no from", "", "2026-11-29", "from"},
			{"a nonexistent to", "2026-02-01", "2026-02-30", "to"},
			{"no to", "2026-11-23", "", "to"},
			{"neither", "", "", "from"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantDirectoryError(t, openings(tc.from, tc.to), http.StatusBadRequest, "invalid", tc.field)
			})
		}
	})
}
