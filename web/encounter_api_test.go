package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/directory"
	"kynnys/encounter"
)

// encounterEnv is two teams with a point each, staff in them and an analyst,
// at Wednesday 25 November 2026, 12:00 Helsinki time.
type encounterEnv struct {
	*testEnv
	pointA, pointB *directory.ServicePoint
	counsellorA    *testUser // team A
	leadA          *testUser // team A
	workerB        *testUser // team B
	analyst        *testUser
	admin          *testUser
}

func newEncounterEnv(t *testing.T) *encounterEnv {
	t.Helper()
	e := newEnv(t, "sqlite", Config{})
	e.setNow("2026-11-25 12:00")
	a, b := e.newTeam("Pori", []string{"Pori"}), e.newTeam("Rauma", []string{"Rauma"})
	return &encounterEnv{testEnv: e, pointA: e.newServicePoint(a.ID), pointB: e.newServicePoint(b.ID),
		counsellorA: e.newUser(access.RoleSocialCounsellor, withTeams(a.ID)),
		leadA:       e.newUser(access.RoleTeamLead, withTeams(a.ID)),
		workerB:     e.newUser(access.RoleSocialWorker, withTeams(b.ID)),
		analyst:     e.newUser(access.RoleAnalyst),
		admin:       e.newUser(access.RoleAdmin)}
}

// as is an API client with u's token.
func (e *encounterEnv) as(u *testUser) *browser { return dirBrowser(e.testEnv, e.newToken(u.ID)) }

// encounterBody is the contract's example request at point, with fields
// replaced or added by extra (a JSON object's members, "" for none).
func encounterBody(point, extra string) string {
	base := map[string]any{"service_point_id": point, "channel": "walk_in", "started_at": "2026-11-25T10:00:00+02:00",
		"duration_min": 20, "anonymous": true, "age_band": "18_29", "topics": []string{"debt", "housing"},
		"help": []string{"advice"}, "already_client": "no", "continued_to_services": true, "first_visit": true}
	if extra != "" {
		var m map[string]any
		if err := json.Unmarshal([]byte("{"+extra+"}"), &m); err != nil {
			panic(err)
		}
		for k, v := range m {
			if v == nil {
				delete(base, k)
			} else {
				base[k] = v
			}
		}
	}
	b, _ := json.Marshal(base)
	return string(b)
}

func postEncounter(t *testing.T, b *browser, body string) map[string]any {
	t.Helper()
	r := dirSend(b, http.MethodPost, "/api/v1/encounters", body)
	wantStatus(t, r, http.StatusCreated)
	return dirObject(t, r)
}

func TestEncounterVocabularies(t *testing.T) {
	t.Parallel()
	e := newEncounterEnv(t)
	if err := e.db.SetVocabularyActive(e.ctx(), encounter.KindTopic, "debt", false); err != nil {
		t.Fatal(err)
	}
	anon := e.browser()
	for _, c := range []struct {
		path string
		kind encounter.VocabularyKind
	}{{"/api/v1/vocabularies/topics", encounter.KindTopic}, {"/api/v1/vocabularies/help", encounter.KindHelp},
		{"/api/v1/vocabularies/age-bands", encounter.KindAgeBand}} {
		r := anon.get(c.path)
		wantStatus(t, r, http.StatusOK)
		var got []struct {
			Code   string            `json:"code"`
			Label  map[string]string `json:"label"`
			Active *bool             `json:"active"`
		}
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatalf("%s: %v in %s", c.path, err, r.Body)
		}
		want := (&encounter.Vocabulary{Entries: encounter.DefaultVocabulary}).Of(c.kind)
		if len(got) != len(want) {
			t.Fatalf("%s: %d entries, want %d", c.path, len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			wantActive := !(c.kind == encounter.KindTopic && w.Code == "debt")
			if g.Code != w.Code || g.Active == nil || *g.Active != wantActive ||
				g.Label["fi"] != w.Label.FI || g.Label["sv"] != w.Label.SV || g.Label["en"] != w.Label.EN || len(g.Label) != 3 {
				t.Errorf("%s[%d] = %+v, want %+v active %v", c.path, i, g, w, wantActive)
			}
		}
	}
	// A retired topic stays listed but cannot be used.
	r := dirSend(e.as(e.counsellorA), http.MethodPost, "/api/v1/encounters", encounterBody(e.pointA.ID, ""))
	wantDirectoryError(t, r, http.StatusBadRequest, "invalid", "topics")
}

func TestEncounterCreate(t *testing.T) {
	t.Parallel()
	e := newEncounterEnv(t)
	b := e.as(e.counsellorA)

	// anonymous left out means anonymous; a staff_id in the body is ignored.
	m := postEncounter(t, b, encounterBody(e.pointA.ID, `"anonymous":null,"staff_id":"`+e.leadA.ID+`","gender":"female"`))
	id, _ := m["id"].(string)
	if id == "" {
		t.Fatalf("no id in %v", m)
	}
	want := map[string]any{"id": id, "service_point_id": e.pointA.ID, "staff_id": e.counsellorA.ID, "channel": "walk_in",
		"started_at": "2026-11-25T10:00:00+02:00", "duration_min": 20.0, "anonymous": true, "age_band": "18_29", "gender": "female",
		"topics": []any{"debt", "housing"}, "help": []any{"advice"}, "referred_to": []any{}, "already_client": "no",
		"continued_to_services": true, "first_visit": true, "client_id": "", "note": ""}
	for k, v := range want {
		if !reflect.DeepEqual(m[k], v) {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	for _, k := range []string{"created_at", "updated_at"} {
		if s, _ := m[k].(string); s == "" {
			t.Errorf("no %s in %v", k, m)
		} else if _, err := time.Parse(time.RFC3339, s); err != nil {
			t.Errorf("%s %q: %v", k, s, err)
		}
	}
	stored, err := e.db.Encounter(e.ctx(), id)
	if err != nil {
		t.Fatal(err)
	}
	if stored.StaffID != e.counsellorA.ID || !stored.Anonymous || stored.ServicePointID != e.pointA.ID {
		t.Errorf("stored %+v", stored)
	}

	// A named encounter keeps its note and client, and the use of the
	// client's data is in the access log.
	const note = "Keskusteltiin velkajärjestelystä ja vuokrarästeistä"
	m = postEncounter(t, b, encounterBody(e.pointA.ID, `"anonymous":false,"client_id":"client-42","note":"`+note+`","referred_to":["Kela"," Kela ",""]`))
	if m["anonymous"] != false || m["note"] != note || m["client_id"] != "client-42" || !reflect.DeepEqual(m["referred_to"], []any{"Kela"}) {
		t.Errorf("named encounter: %v", m)
	}
	entries, err := e.db.AccessLogForPerson(e.ctx(), "client-42", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].UserID != e.counsellorA.ID || entries[0].Action != access.LogCreate ||
		entries[0].Route != "POST /api/v1/encounters" {
		t.Errorf("access log %+v", entries)
	}

	// A county-wide point (no team) is anyone's who may log.
	wide := e.newServicePoint("")
	postEncounter(t, e.as(e.workerB), encounterBody(wide.ID, ""))

	// The note never reaches the log, neither stored nor refused.
	wantDirectoryError(t, dirSend(b, http.MethodPost, "/api/v1/encounters", encounterBody(e.pointA.ID, `"note":"`+note+`"`)),
		http.StatusBadRequest, "invalid", "note")
	if logs := e.logs.String(); strings.Contains(logs, "velkajärjestely") || strings.Contains(logs, "client-42") {
		t.Errorf("the log holds the note or the client:\n%s", logs)
	}
}

func TestEncounterCreateInvalid(t *testing.T) {
	t.Parallel()
	e := newEncounterEnv(t)
	b := e.as(e.counsellorA)
	for _, c := range []struct{ extra, field string }{
		{`"topics":["debt","no_such_topic"]`, "topics"},
		{`"help":["no_such_help"]`, "help"},
		{`"started_at":"2026-11-25T12:30:00+02:00"`, "started_at"},
		{`"started_at":"2025-11-01T10:00:00+02:00"`, "started_at"},
		{`"started_at":"25.11.2026 10:00"`, "started_at"},
		{`"started_at":null`, "started_at"},
		{`"note":"Matti kävi"`, "note"},
		{`"anonymous":null,"note":"Matti kävi"`, "note"},
		{`"client_id":"client-1"`, "client_id"},
		{`"channel":"carrier_pigeon"`, "channel"},
		{`"duration_min":-1`, "duration_min"},
		{`"duration_min":"long"`, "duration_min"},
		{`"age_band":"ancient"`, "age_band"},
		{`"gender":"unspecified"`, "gender"},
		{`"already_client":"maybe"`, "already_client"},
		{`"service_point_id":"no-such-point"`, "service_point_id"},
		{`"service_point_id":null`, "service_point_id"},
	} {
		t.Run(c.extra, func(t *testing.T) {
			r := dirSend(b, http.MethodPost, "/api/v1/encounters", encounterBody(e.pointA.ID, c.extra))
			wantDirectoryError(t, r, http.StatusBadRequest, "invalid", c.field)
		})
	}
	// The message is in the caller's language and names the field.
	b.Header.Set("Accept-Language", "en")
	r := dirSend(b, http.MethodPost, "/api/v1/encounters", encounterBody(e.pointA.ID, `"started_at":"2026-11-26T10:00:00+02:00"`))
	if d := wantDirectoryError(t, r, http.StatusBadRequest, "invalid", "started_at"); d.Message != "started_at: "+e.T("en", "error.future") {
		t.Errorf("message %q", d.Message)
	}
	wantDirectoryError(t, dirSend(b, http.MethodPost, "/api/v1/encounters", "{"), http.StatusBadRequest, "invalid", "body")
}

func TestEncounterCreateAccess(t *testing.T) {
	t.Parallel()
	e := newEncounterEnv(t)
	body := encounterBody(e.pointA.ID, "")
	wantAPIError(t, dirSend(e.browser(), http.MethodPost, "/api/v1/encounters", body), http.StatusUnauthorized, "unauthorized")
	wantAPIError(t, dirSend(e.as(e.analyst), http.MethodPost, "/api/v1/encounters", body), http.StatusForbidden, "forbidden")
	wantAPIError(t, dirSend(e.as(e.admin), http.MethodPost, "/api/v1/encounters", body), http.StatusForbidden, "forbidden")
	// Another team's point.
	d := wantAPIError(t, dirSend(e.as(e.workerB), http.MethodPost, "/api/v1/encounters", body), http.StatusForbidden, "forbidden")
	if d.Message != e.T("fi", "encounter.not_your_team") {
		t.Errorf("message %q", d.Message)
	}
	postEncounter(t, e.as(e.leadA), body)
}

// reportResponse decodes a report with the field names of the contract.
type reportResponse struct {
	From                  string         `json:"from"`
	To                    string         `json:"to"`
	ServicePointID        string         `json:"service_point_id"`
	Suppression           bool           `json:"suppression"`
	Total                 int            `json:"total"`
	ByTopic               map[string]int `json:"by_topic"`
	ByHelp                map[string]int `json:"by_help"`
	ByChannel             map[string]int `json:"by_channel"`
	ByAgeBand             map[string]int `json:"by_age_band"`
	ByHour                map[string]int `json:"by_hour"`
	ByWeekday             map[string]int `json:"by_weekday"`
	ByDay                 map[string]int `json:"by_day"`
	Referrals             map[string]int `json:"referrals"`
	TopicPairs            map[string]int `json:"topic_pairs"`
	AnonymousShare        float64        `json:"anonymous_share"`
	NotAlreadyClientShare float64        `json:"not_already_client_share"`
	ContinuedShare        float64        `json:"continued_share"`
	FirstVisitShare       float64        `json:"first_visit_share"`
	Suppressed            []string       `json:"suppressed"`
	Complementary         []string       `json:"complementary"`
}

func getReport(t *testing.T, b *browser, query string) reportResponse {
	t.Helper()
	r := b.get("/api/v1/reports/encounters?" + query)
	wantStatus(t, r, http.StatusOK)
	m := dirObject(t, r)
	for _, k := range []string{"total", "by_topic", "by_help", "by_channel", "anonymous_share", "not_already_client_share",
		"continued_share", "suppressed"} {
		if _, ok := m[k]; !ok {
			t.Fatalf("report lacks %q: %s", k, r.Body)
		}
	}
	var rep reportResponse
	if err := json.Unmarshal([]byte(r.Body), &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestEncounterReport(t *testing.T) {
	t.Parallel()
	e := newEncounterEnv(t)
	c := e.as(e.counsellorA)
	// Six encounters at point A over Tuesday and Wednesday, one at point B.
	for _, extra := range []string{
		`"started_at":"2026-11-24T09:30:00+02:00"`,
		`"started_at":"2026-11-24T10:15:00+02:00","topics":["debt"],"help":["advice","service_guidance"],"continued_to_services":false`,
		`"started_at":"2026-11-25T09:05:00+02:00","channel":"phone","topics":["debt"],"age_band":"30_44","already_client":"yes","first_visit":false`,
		`"started_at":"2026-11-25T09:45:00+02:00","topics":["housing","debt"],"age_band":null,"already_client":null`,
		`"started_at":"2026-11-25T11:00:00+02:00","topics":["debt"],"referred_to":["Kela"]`,
		`"started_at":"2026-11-25T11:30:00+02:00","anonymous":false,"note":"Yksinäisyys","topics":["loneliness"],` +
			`"help":["conversation_support"],"age_band":"45_64","continued_to_services":false,"first_visit":false`,
	} {
		postEncounter(t, c, encounterBody(e.pointA.ID, extra))
	}
	postEncounter(t, e.as(e.workerB), encounterBody(e.pointB.ID, `"channel":"phone","topics":["debt"]`))

	period := "from=2026-11-01&to=2026-11-30"
	pointA := period + "&service_point=" + e.pointA.ID
	full := reportResponse{From: "2026-11-01", To: "2026-11-30", ServicePointID: e.pointA.ID,
		Total:     6,
		ByTopic:   map[string]int{"debt": 5, "housing": 2, "loneliness": 1},
		ByHelp:    map[string]int{"advice": 5, "service_guidance": 1, "conversation_support": 1},
		ByChannel: map[string]int{"walk_in": 5, "phone": 1},
		ByAgeBand: map[string]int{"18_29": 3, "30_44": 1, "45_64": 1, "unknown": 1},
		ByHour:    map[string]int{"09": 3, "10": 1, "11": 2},
		ByWeekday: map[string]int{"tue": 2, "wed": 4},
		ByDay:     map[string]int{"2026-11-24": 2, "2026-11-25": 4},
		Referrals: map[string]int{"Kela": 1}, TopicPairs: map[string]int{"debt|housing": 2},
		AnonymousShare: 0.8333, NotAlreadyClientShare: 0.6667, ContinuedShare: 0.6667, FirstVisitShare: 0.6667,
		Suppressed: []string{}, Complementary: []string{}}
	if got := getReport(t, e.as(e.leadA), pointA); !reflect.DeepEqual(got, full) {
		t.Errorf("team lead of the point's team:\n got  %+v\n want %+v", got, full)
	}
	// The counsellor of the team sees the same.
	if got := getReport(t, c, pointA); !reflect.DeepEqual(got, full) {
		t.Errorf("counsellor of the point's team:\n got  %+v\n want %+v", got, full)
	}

	// Outside the team: only cells of 5 or more, and no share that would
	// give a small count back (1 named, 4 not continued, 2 returning …).
	// Nor the 5 walk-ins: 6 − 5 would give the one phone call back, and
	// with both hidden 6 = 5 + 1 still would, so neither reads "< 5".
	suppressed := reportResponse{From: "2026-11-01", To: "2026-11-30", ServicePointID: e.pointA.ID, Suppression: true,
		Total: 6, ByTopic: map[string]int{"debt": 5}, ByHelp: map[string]int{"advice": 5}, ByChannel: map[string]int{},
		ByAgeBand: map[string]int{}, ByHour: map[string]int{}, ByWeekday: map[string]int{}, ByDay: map[string]int{},
		Referrals: map[string]int{}, TopicPairs: map[string]int{},
		Suppressed: []string{"topic:housing", "topic:loneliness", "help:conversation_support", "help:service_guidance",
			"channel:phone", "channel:walk_in", "age_band:18_29", "age_band:30_44", "age_band:45_64", "age_band:unknown",
			"hour:09", "hour:10", "hour:11", "weekday:tue", "weekday:wed", "day:2026-11-24", "day:2026-11-25",
			"referral:Kela", "topic_pair:debt|housing",
			"anonymous_share", "not_already_client_share", "continued_share", "first_visit_share"},
		Complementary: []string{"channel:phone", "channel:walk_in", "age_band:18_29", "age_band:30_44", "age_band:45_64",
			"age_band:unknown", "weekday:tue", "weekday:wed", "day:2026-11-24", "day:2026-11-25"}}
	for _, u := range []*testUser{e.analyst, e.workerB, e.admin} {
		if got := getReport(t, e.as(u), pointA); !reflect.DeepEqual(got, suppressed) {
			t.Errorf("%s outside the team:\n got  %+v\n want %+v", u.Role, got, suppressed)
		}
	}

	// Every point: point B is not team A's, so its lead sees suppressed counts too.
	all := getReport(t, e.as(e.leadA), period)
	if !all.Suppression || all.Total != 7 || !reflect.DeepEqual(all.ByTopic, map[string]int{"debt": 6}) ||
		!reflect.DeepEqual(all.ByChannel, map[string]int{}) || all.ServicePointID != "" {
		t.Errorf("every point: %+v", all)
	}
	// A period of another month: nothing, and shares of nothing are 0.
	empty := getReport(t, e.as(e.leadA), "from=2026-10-01&to=2026-10-31&service_point="+e.pointA.ID)
	if empty.Suppression || empty.Total != 0 || len(empty.ByTopic) != 0 || empty.AnonymousShare != 0 || len(empty.Suppressed) != 0 {
		t.Errorf("empty period: %+v", empty)
	}
	// Under five in all: the total itself is hidden.
	few := getReport(t, e.as(e.analyst), "from=2026-11-25&to=2026-11-25&service_point="+e.pointB.ID)
	if few.Total != 0 || len(few.Suppressed) == 0 || few.Suppressed[0] != "total" {
		t.Errorf("one encounter outside the team: %+v", few)
	}
	// to is inclusive: one day is from=to.
	if day := getReport(t, e.as(e.leadA), "from=2026-11-24&to=2026-11-24&service_point="+e.pointA.ID); day.Total != 2 {
		t.Errorf("one day: total %d, want 2", day.Total)
	}
}

func TestEncounterReportParameters(t *testing.T) {
	t.Parallel()
	e := newEncounterEnv(t)
	b := e.as(e.analyst)
	for _, c := range []struct{ query, field string }{
		{"to=2026-11-30", "from"},
		{"from=2026-11-01", "to"},
		{"from=1.11.2026&to=2026-11-30", "from"},
		{"from=2026-11-30&to=2026-11-01", "to"},
		{"from=2026-01-01&to=2027-01-02", "to"},
	} {
		r := b.get("/api/v1/reports/encounters?" + c.query)
		wantDirectoryError(t, r, http.StatusBadRequest, "invalid", c.field)
	}
	// 366 days is the longest period.
	getReport(t, b, "from=2026-01-01&to=2027-01-01")
	wantAPIError(t, b.get("/api/v1/reports/encounters?from=2026-11-01&to=2026-11-30&service_point=no-such-point"),
		http.StatusNotFound, "not_found")
	wantAPIError(t, e.browser().get("/api/v1/reports/encounters?from=2026-11-01&to=2026-11-30"), http.StatusUnauthorized, "unauthorized")
	health := e.newUser(access.RoleHealthProfessional)
	wantAPIError(t, e.as(health).get("/api/v1/reports/encounters?from=2026-11-01&to=2026-11-30"), http.StatusForbidden, "forbidden")
}
