package web

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"kynnys/access"
	"kynnys/casework"
)

// cwaEnv is two teams at Wednesday 25 November 2026, 12:00 Helsinki time:
// in team A a social worker who is the named worker of the cases, a social
// counsellor who is their second worker, the team lead, another social
// worker and another counsellor; in team B a team lead and a social worker;
// an administrator and an analyst in no team.
type cwaEnv struct {
	*testEnv
	teamA, teamB *access.Team
	worker       *testUser // A, social worker: the named worker
	second       *testUser // A, social counsellor: the second worker
	leadA        *testUser
	readerA      *testUser // A, social worker, not on the case
	counsellorA  *testUser // A, social counsellor, not on the case
	leadB        *testUser
	workerB      *testUser // B, social worker
	admin        *testUser
	analyst      *testUser
	tokens       map[string]string
}

func newCwaEnv(t *testing.T, engine string) *cwaEnv {
	t.Helper()
	e := newEnv(t, engine, Config{})
	e.setNow("2026-11-25 12:00")
	a, b := e.newTeam("Kokkola aikuissosiaalityö", []string{"Kokkola"}, access.TargetWorkingAge),
		e.newTeam("Kannus aikuissosiaalityö", []string{"Kannus"}, access.TargetWorkingAge)
	return &cwaEnv{testEnv: e, teamA: a, teamB: b,
		worker:      e.newUser(access.RoleSocialWorker, withTeams(a.ID)),
		second:      e.newUser(access.RoleSocialCounsellor, withTeams(a.ID)),
		leadA:       e.newUser(access.RoleTeamLead, withTeams(a.ID)),
		readerA:     e.newUser(access.RoleSocialWorker, withTeams(a.ID)),
		counsellorA: e.newUser(access.RoleSocialCounsellor, withTeams(a.ID)),
		leadB:       e.newUser(access.RoleTeamLead, withTeams(b.ID)),
		workerB:     e.newUser(access.RoleSocialWorker, withTeams(b.ID)),
		admin:       e.newUser(access.RoleAdmin),
		analyst:     e.newUser(access.RoleAnalyst),
		tokens:      map[string]string{}}
}

// send makes an API request as u with body (a string as is, anything else
// as JSON) and extra headers as name, value pairs.
func (e *cwaEnv) send(u *testUser, method, path string, body any, header ...string) *resp {
	e.t.Helper()
	tok, ok := e.tokens[u.ID]
	if !ok {
		tok = e.newToken(u.ID)
		e.tokens[u.ID] = tok
	}
	raw, isString := body.(string)
	if !isString && body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		raw = string(j)
	}
	b := dirBrowser(e.testEnv, tok)
	for i := 0; i+1 < len(header); i += 2 {
		b.Header.Set(header[i], header[i+1])
	}
	return dirSend(b, method, path, raw)
}

// created checks a 201 and returns the id in it.
func (e *cwaEnv) created(r *resp) string {
	e.t.Helper()
	wantStatus(e.t, r, http.StatusCreated)
	id, _ := dirObject(e.t, r)["id"].(string)
	if id == "" {
		e.t.Fatalf("201 without an id: %s", r.Body)
	}
	return id
}

// newClient records a client, with a birth date instead when hetu is "".
func (e *cwaEnv) newClient(u *testUser, name, hetu string) string {
	e.t.Helper()
	body := map[string]any{"name": name, "hetu": hetu, "municipality": "Kokkola"}
	if hetu == "" {
		body["birth_date"] = "1980-05-05"
	}
	return e.created(e.send(u, http.MethodPost, "/api/v1/clients", body))
}

// newCase opens a case of the named worker with the second worker.
func (e *cwaEnv) newCase(clientID string) string {
	e.t.Helper()
	return e.created(e.send(e.worker, http.MethodPost, "/api/v1/cases", map[string]any{"client_id": clientID,
		"second_worker_id": e.second.ID}))
}

func (e *cwaEnv) getCase(u *testUser, id string, header ...string) apiCaseJSON {
	e.t.Helper()
	r := e.send(u, http.MethodGet, "/api/v1/cases/"+id, nil, header...)
	wantStatus(e.t, r, http.StatusOK)
	var c apiCaseJSON
	if err := json.Unmarshal([]byte(r.Body), &c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// wantNoLeak fails if secret is in the server's log or in any access-log row.
func (e *cwaEnv) wantNoLeak(secrets ...string) {
	e.t.Helper()
	logs := e.logs.String()
	if !strings.Contains(logs, "POST /api/v1/clients") {
		e.t.Fatal("the server logged no request: the check would prove nothing")
	}
	var rows []string
	for _, pool := range e.db.Pools() {
		res, err := pool.QueryContext(e.ctx(), `SELECT user_id, user_name, org_unit, person_id, action, purpose, route, request_id
			FROM access_log`)
		if err != nil {
			e.t.Fatal(err)
		}
		for res.Next() {
			f := make([]string, 8)
			if err := res.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7]); err != nil {
				e.t.Fatal(err)
			}
			rows = append(rows, strings.Join(f, "|"))
		}
		if err := res.Close(); err != nil {
			e.t.Fatal(err)
		}
		break
	}
	if len(rows) == 0 {
		e.t.Fatal("the access log is empty")
	}
	all := strings.Join(rows, "\n")
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			e.t.Errorf("identity code %s is in the server log", s)
		}
		if strings.Contains(all, s) {
			e.t.Errorf("identity code %s is in the access log", s)
		}
	}
}

// wantNotInResponse fails if secret is in a header (Location included) or,
// unless the body may carry it, the body of r.
func wantNotInResponse(t *testing.T, r *resp, secret string, bodyToo bool) {
	t.Helper()
	for k, vs := range r.Header {
		for _, v := range vs {
			if strings.Contains(v, secret) {
				t.Errorf("identity code in header %s: %s", k, v)
			}
		}
	}
	if strings.Contains(r.Request.URL.String(), secret) {
		t.Errorf("identity code in the URL %s", r.Request.URL)
	}
	if bodyToo && strings.Contains(r.Body, secret) {
		t.Errorf("identity code in the response body %s", r.Body)
	}
}

// ---- identity codes ----

const cwaCheckChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// cwaHetu builds a code with a correct check character, written here
// independently of package hetu from RULES.md §4.
func cwaHetu(day, month, year int, sign byte, individual int) string {
	digits := fmt.Sprintf("%02d%02d%02d", day, month, year%100)
	n, _ := strconv.Atoi(digits + fmt.Sprintf("%03d", individual))
	return digits + string(sign) + fmt.Sprintf("%03d", individual) + string(cwaCheckChars[n%31])
}

// hetuGen makes random identity codes from a fixed seed.
type hetuGen struct{ r *rand.Rand }

func newHetuGen() *hetuGen { return &hetuGen{rand.New(rand.NewPCG(7, 2026))} }

func (g *hetuGen) pick(s string) byte { return s[g.r.IntN(len(s))] }

// valid is a code of someone born 1800-01-01…2026-11-24, the day before
// the test's today.
func (g *hetuGen) valid() string {
	first, last := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	d := first.AddDate(0, 0, g.r.IntN(int(last.Sub(first).Hours()/24)+1))
	var sign byte
	switch {
	case d.Year() < 1900:
		sign = '+'
	case d.Year() < 2000:
		sign = g.pick("-YXWVU")
	default:
		sign = g.pick("ABCDEF")
	}
	return cwaHetu(d.Day(), int(d.Month()), d.Year(), sign, 2+g.r.IntN(998))
}

// invalid is a code wrong in one way (named by the returned reason); its
// check character is right unless the check character is the fault.
func (g *hetuGen) invalid(kind int) (string, string) {
	v := g.valid()
	switch kind % 9 {
	case 0:
		c := v[10]
		for c == v[10] {
			c = g.pick(cwaCheckChars)
		}
		return v[:10] + string(c), "wrong check character"
	case 1:
		dates := [][3]int{{30, 2, 1984}, {31, 2, 2001}, {29, 2, 1900}, {29, 2, 2023}, {31, 4, 1970}, {31, 6, 1999},
			{31, 9, 2010}, {31, 11, 1955}, {0, 5, 1980}, {12, 0, 1980}, {12, 13, 1980}, {32, 1, 1990}}
		d := dates[g.r.IntN(len(dates))]
		sign := g.pick("-YXWVU")
		if d[2] >= 2000 {
			sign = g.pick("ABCDEF")
		}
		return cwaHetu(d[0], d[1], d[2], sign, 2+g.r.IntN(898)), "no such date"
	case 2:
		return cwaHetu(1+g.r.IntN(28), 1+g.r.IntN(12), 1950+g.r.IntN(50), '-', g.r.IntN(2)), "individual number 000 or 001"
	case 3:
		return v[:6] + string(g.pick("GZ*/_#=")) + v[7:], "unknown century sign"
	case 4:
		if g.r.IntN(2) == 0 {
			return v[:10], "too short"
		}
		return v + string(g.pick("0A")), "too long"
	case 5:
		i := []int{0, 1, 2, 3, 4, 5, 7, 8, 9}[g.r.IntN(9)]
		return v[:i] + string(g.pick("OIlSx")) + v[i+1:], "a letter among the digits"
	case 6:
		return v[:10] + string(g.pick("GIOQZ")), "check character outside the alphabet"
	case 7:
		d := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(3000))
		return cwaHetu(d.Day(), int(d.Month()), d.Year(), g.pick("ABCDEF"), 2+g.r.IntN(898)), "born after today"
	default:
		return v[:7] + " " + v[7:], "a space inside"
	}
}

// TestCaseworkAPIHetuValidation sends many generated valid and invalid
// identity codes: the valid are stored (201), every invalid one is refused
// with 400 invalid_hetu, and none shows up in a log, the access log or a
// URL.
func TestCaseworkAPIHetuValidation(t *testing.T) {
	eachEngine(t, newCwaEnv, func(t *testing.T, e *cwaEnv) {
		g := newHetuGen()
		seen := map[string]bool{}
		var secrets []string
		for i := 0; len(secrets) < 120; i++ {
			code := g.valid()
			if seen[code] {
				continue
			}
			seen[code] = true
			secrets = append(secrets, code)
			sent := code
			switch i % 3 {
			case 1:
				sent = strings.ToLower(code) // the century sign and check letter in lower case
			case 2:
				sent = "  " + code + " "
			}
			r := e.send(e.worker, http.MethodPost, "/api/v1/clients", map[string]any{"name": fmt.Sprintf("Asiakas Numero %d", i),
				"hetu": sent, "municipality": "Kokkola", "languages": []string{"fi"}})
			if r.StatusCode != http.StatusCreated {
				t.Fatalf("valid code %q: status %d, body %s", sent, r.StatusCode, r.Body)
			}
			wantNotInResponse(t, r, code, true)
		}
		for i := range 270 {
			code, why := g.invalid(i)
			if seen[code] {
				t.Fatalf("generator made %q both valid and invalid", code)
			}
			secrets = append(secrets, code)
			r := e.send(e.worker, http.MethodPost, "/api/v1/clients", map[string]any{"name": "Virheellinen Tunnus",
				"hetu": code, "municipality": "Kokkola"}, "Accept-Language", "en")
			if r.StatusCode != http.StatusBadRequest {
				t.Fatalf("invalid code %q (%s): status %d, body %s", code, why, r.StatusCode, r.Body)
			}
			d := wantDirectoryError(t, r, http.StatusBadRequest, "invalid_hetu", "hetu")
			if want := "hetu: " + e.T("en", "casework.error.invalid_hetu"); d.Message != want {
				t.Errorf("message %q, want %q", d.Message, want)
			}
			wantNotInResponse(t, r, code, true)
		}
		e.wantNoLeak(secrets...)
	})
}

// ---- clients ----

func TestCaseworkAPIClients(t *testing.T) {
	eachEngine(t, newCwaEnv, testCaseworkAPIClients)
}

func testCaseworkAPIClients(t *testing.T, e *cwaEnv) {
	const code = "131052-308T" // RULES.md's example form: 13 October 1952
	secret := cwaHetu(13, 10, 1952, '-', 308)
	if secret != code {
		t.Fatalf("the generator makes %s of the example, want %s", secret, code)
	}
	r := e.send(e.worker, http.MethodPost, "/api/v1/clients", map[string]any{"name": "Matti Meikäläinen", "hetu": code,
		"municipality": "Kokkola", "phone": "040 123 4567", "email": "matti@example.fi", "address": "Torikatu 1, Kokkola",
		"languages": []string{"FI", "sv"}})
	id := e.created(r)
	if loc := r.Header.Get("Location"); loc != "/api/v1/clients/"+id {
		t.Errorf("Location %q", loc)
	}
	if _, ok := dirObject(t, r)["possible_duplicates"]; ok {
		t.Errorf("a first client has possible duplicates: %s", r.Body)
	}
	wantNotInResponse(t, r, code, true)

	// The creator reads the client while it has no case; others may not.
	r = e.send(e.worker, http.MethodGet, "/api/v1/clients/"+id, nil)
	wantStatus(t, r, http.StatusOK)
	var cl apiClientJSON
	if err := json.Unmarshal([]byte(r.Body), &cl); err != nil {
		t.Fatal(err)
	}
	if cl.ID != id || cl.Name != "Matti Meikäläinen" || cl.Hetu == nil || *cl.Hetu != code || cl.BirthDate != "1952-10-13" ||
		cl.Municipality != "Kokkola" || strings.Join(cl.Languages, ",") != "fi,sv" || len(cl.Cases) != 0 {
		t.Errorf("client %+v", cl)
	}
	wantDirectoryError(t, e.send(e.workerB, http.MethodGet, "/api/v1/clients/"+id, nil), http.StatusForbidden, "forbidden", "")
	wantDirectoryError(t, e.send(e.worker, http.MethodGet, "/api/v1/clients/no-such-client", nil), http.StatusNotFound, "not_found", "")

	// The same code again, however written, is the same person.
	for _, again := range []string{code, strings.ToLower(code), " " + code} {
		r = e.send(e.readerA, http.MethodPost, "/api/v1/clients", map[string]any{"name": "M. Meikäläinen", "hetu": again, "municipality": "Kannus"})
		wantDirectoryError(t, r, http.StatusConflict, "duplicate_client", "hetu")
		var dup apiDuplicateBody
		if err := json.Unmarshal([]byte(r.Body), &dup); err != nil || dup.Error.ExistingID != id {
			t.Errorf("duplicate body %s: %v", r.Body, err)
		}
		wantNotInResponse(t, r, code, true)
	}

	// The same name and birth date without a code: stored, with a warning.
	r = e.send(e.worker, http.MethodPost, "/api/v1/clients", map[string]any{"name": "matti  MEIKÄLÄINEN", "birth_date": "1952-10-13",
		"municipality": "Kokkola"})
	other := e.created(r)
	var body apiClientCreated
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || len(body.PossibleDuplicates) != 1 || body.PossibleDuplicates[0] != id {
		t.Errorf("possible duplicates %s, want [%s]", r.Body, id)
	}
	if other == id {
		t.Fatal("the second client got the first one's id")
	}
	// A different code on the same name and birth date is another person.
	r = e.send(e.worker, http.MethodPost, "/api/v1/clients", map[string]any{"name": "Matti Meikäläinen",
		"hetu": cwaHetu(13, 10, 1952, '-', 310), "municipality": "Kokkola"})
	if e.created(r); strings.Contains(r.Body, id) {
		t.Errorf("a client with another code is flagged as a duplicate of one with a code: %s", r.Body)
	}

	// The creation, the creator's read and the refusal are in the first
	// client's access log, and so are the duplicate checks that named them.
	var creates, views, denies, checks int
	for _, en := range e.accessLog(id) {
		switch {
		case en.Action == access.LogCreate && en.UserID == e.worker.ID && en.Purpose == casePurpose && en.Route == "POST /api/v1/clients":
			creates++
		case en.Action == access.LogView && en.UserID == e.worker.ID && en.Purpose == casePurpose:
			views++
		case en.Action == access.LogDeny && en.UserID == e.workerB.ID:
			denies++
		case en.Action == access.LogView && en.Purpose == apiDuplicatePurpose:
			checks++
		default:
			t.Errorf("unexpected access log entry %+v", en)
		}
	}
	if creates != 1 || views != 1 || denies != 1 || checks != 4 {
		t.Errorf("%d creates, %d views, %d denials, %d duplicate checks; want 1, 1, 1, 4", creates, views, denies, checks)
	}

	// Bad input names the field.
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "Ei Tunnusta", "municipality": "Kokkola"}, "birth_date"},
		{map[string]any{"name": "", "birth_date": "1980-01-01", "municipality": "Kokkola"}, "name"},
		{map[string]any{"name": "Ei Kuntaa", "birth_date": "1980-01-01"}, "municipality"},
		{map[string]any{"name": "Päivä", "birth_date": "13.10.1952", "municipality": "Kokkola"}, "birth_date"},
		{map[string]any{"name": "Päivä", "birth_date": "2027-01-01", "municipality": "Kokkola"}, "birth_date"},
		{map[string]any{"name": "Ristiriita", "hetu": code, "birth_date": "1952-10-14", "municipality": "Kokkola"}, "birth_date"},
		{map[string]any{"name": "Sähköposti", "birth_date": "1980-01-01", "municipality": "Kokkola", "email": "ei-osoite"}, "email"},
		{map[string]any{"name": "Kieli", "birth_date": "1980-01-01", "municipality": "Kokkola", "languages": []string{"suomi"}}, "languages"},
	} {
		wantDirectoryError(t, e.send(e.worker, http.MethodPost, "/api/v1/clients", tc.body), http.StatusBadRequest, "invalid", tc.field)
	}
	e.wantNoLeak(code)
}

// ---- cases ----

func TestCaseworkAPIOpenCase(t *testing.T) {
	eachEngine(t, newCwaEnv, testCaseworkAPIOpenCase)
}

func testCaseworkAPIOpenCase(t *testing.T, e *cwaEnv) {
	client := e.newClient(e.worker, "Liisa Virtanen", cwaHetu(2, 3, 1975, '-', 246))

	// The defaults: the caller is the worker, in their only team, working age.
	r := e.send(e.worker, http.MethodPost, "/api/v1/cases", map[string]any{"client_id": client})
	id := e.created(r)
	if loc := r.Header.Get("Location"); loc != "/api/v1/cases/"+id {
		t.Errorf("Location %q", loc)
	}
	c := e.getCase(e.worker, id)
	if c.ClientID != client || c.TeamID != e.teamA.ID || c.WorkerID != e.worker.ID || c.WorkerName != e.worker.Name ||
		c.SecondWorkerID != nil || c.TargetGroup != "working_age" || c.Status != "active" || c.Origin != "direct" || c.Stage != 0 ||
		c.StageName != nil || c.LastContactAt != nil || c.OpenedAt != "2026-11-25T12:00:00+02:00" || c.OpenedBy != e.worker.ID ||
		c.Access.Level != "full" || c.Access.Purpose != nil || len(c.Ladder) != 0 || len(c.FollowUps) != 0 {
		t.Errorf("case %+v", c)
	}
	events := e.caseEvents(id)
	if len(events) != 2 || events[0].Type != casework.EventOpened || events[1].Type != casework.EventAssigned ||
		events[1].Text != e.worker.ID || events[0].By != e.worker.ID {
		t.Errorf("events %+v, want opened and assigned", events)
	}
	var creates int
	for _, en := range e.accessLog(client) {
		if en.Action == access.LogCreate && en.UserID == e.worker.ID && en.Route == "POST /api/v1/cases" {
			creates++
		}
	}
	if creates != 1 {
		t.Errorf("opening the case logged %d creates under the client, want 1", creates)
	}

	// A team lead opens a case for a worker and a second worker of the team.
	r = e.send(e.leadA, http.MethodPost, "/api/v1/cases", map[string]any{"client_id": client, "worker_id": e.readerA.ID,
		"second_worker_id": e.counsellorA.ID, "target_group": "disabled", "team_id": e.teamA.ID})
	c = e.getCase(e.leadA, e.created(r))
	if c.WorkerID != e.readerA.ID || c.SecondWorkerID == nil || *c.SecondWorkerID != e.counsellorA.ID ||
		c.SecondWorkerName == nil || *c.SecondWorkerName != e.counsellorA.Name || c.TargetGroup != "disabled" {
		t.Errorf("case %+v", c)
	}

	// A user in two teams says which.
	both := e.newUser(access.RoleSocialWorker, withTeams(e.teamA.ID, e.teamB.ID))
	wantDirectoryError(t, e.send(both, http.MethodPost, "/api/v1/cases", map[string]any{"client_id": client}),
		http.StatusBadRequest, "invalid", "team_id")
	c = e.getCase(both, e.created(e.send(both, http.MethodPost, "/api/v1/cases", map[string]any{"client_id": client, "team_id": e.teamB.ID})))
	if c.TeamID != e.teamB.ID {
		t.Errorf("team %s, want B", c.TeamID)
	}

	for _, tc := range []struct {
		name   string
		u      *testUser
		body   map[string]any
		status int
		code   string
		field  string
	}{
		{"unknown client", e.worker, map[string]any{"client_id": "00000000-0000-7000-8000-000000000000"}, 404, "not_found", ""},
		{"no client", e.worker, map[string]any{}, 400, "invalid", "client_id"},
		{"another team", e.worker, map[string]any{"client_id": client, "team_id": e.teamB.ID}, 400, "invalid", "team_id"},
		{"worker of another team", e.leadA, map[string]any{"client_id": client, "worker_id": e.workerB.ID}, 400, "invalid", "worker_id"},
		{"no such worker", e.leadA, map[string]any{"client_id": client, "worker_id": "nobody"}, 400, "invalid", "worker_id"},
		{"analyst as worker", e.leadA, map[string]any{"client_id": client, "worker_id": e.analyst.ID}, 400, "invalid", "worker_id"},
		{"second worker of another team", e.worker, map[string]any{"client_id": client, "second_worker_id": e.leadB.ID}, 400, "invalid", "second_worker_id"},
		{"unknown target group", e.worker, map[string]any{"client_id": client, "target_group": "adults"}, 400, "invalid", "target_group"},
		{"unknown origin", e.worker, map[string]any{"client_id": client, "origin": "phone"}, 400, "invalid", "origin"},
		{"intake without a ref", e.worker, map[string]any{"client_id": client, "origin": "intake"}, 400, "invalid", "origin_ref"},
		{"unknown intake item", e.worker, map[string]any{"client_id": client, "origin": "intake", "origin_ref": "nothing"}, 400, "invalid", "origin_ref"},
		{"unknown encounter", e.worker, map[string]any{"client_id": client, "origin": "encounter", "origin_ref": "nothing"}, 400, "invalid", "origin_ref"},
		{"override by a worker", e.worker, map[string]any{"client_id": client, "override_reason": "Kiire"}, 403, "forbidden", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantDirectoryError(t, e.send(tc.u, http.MethodPost, "/api/v1/cases", tc.body), tc.status, tc.code, tc.field)
		})
	}
	for _, u := range []*testUser{e.admin, e.analyst} {
		wantStatus(t, e.send(u, http.MethodPost, "/api/v1/cases", map[string]any{"client_id": client}), http.StatusForbidden)
	}
}

func TestCaseworkAPICaseloadOverride(t *testing.T) {
	eachEngine(t, newCwaEnv, testCaseworkAPICaseloadOverride)
}

func testCaseworkAPICaseloadOverride(t *testing.T, e *cwaEnv) {
	if err := e.db.SetTeamCap(e.ctx(), e.teamA.ID, 2, e.leadA.ID); err != nil {
		t.Fatal(err)
	}
	open := func(u *testUser, extra map[string]any) *resp {
		t.Helper()
		body := map[string]any{"client_id": e.newClient(e.leadA, fmt.Sprintf("Asiakas %d", e.seq.Add(1)), ""), "worker_id": e.worker.ID}
		for k, v := range extra {
			body[k] = v
		}
		return e.send(u, http.MethodPost, "/api/v1/cases", body)
	}
	e.created(open(e.worker, nil))
	e.created(open(e.leadA, nil))

	d := wantDirectoryError(t, open(e.worker, nil), http.StatusConflict, "over_cap", "")
	if d.Message != e.T("fi", "casework.error.over_cap") {
		t.Errorf("message %q", d.Message)
	}
	wantDirectoryError(t, open(e.leadA, nil), http.StatusConflict, "over_cap", "")
	wantDirectoryError(t, open(e.leadA, map[string]any{"override_reason": "  "}), http.StatusConflict, "over_cap", "")
	wantDirectoryError(t, open(e.counsellorA, map[string]any{"override_reason": "Kriisi"}), http.StatusForbidden, "forbidden", "")
	wantDirectoryError(t, open(e.readerA, map[string]any{"override_reason": "Kriisi"}), http.StatusForbidden, "forbidden", "")
	wantDirectoryError(t, open(e.leadB, map[string]any{"override_reason": "Kriisi", "team_id": e.teamA.ID}), http.StatusBadRequest, "invalid", "team_id")

	const reason = "Asiakas tuntee työntekijän entuudestaan."
	id := e.created(open(e.leadA, map[string]any{"override_reason": reason}))
	events := e.caseEvents(id)
	var overrides []casework.Event
	for _, ev := range events {
		if ev.Type == casework.EventOverride {
			overrides = append(overrides, ev)
		}
	}
	if len(overrides) != 1 || overrides[0].Text != reason || overrides[0].By != e.leadA.ID {
		t.Errorf("events %+v, want one override by the team lead with the reason", events)
	}
	loads, err := e.db.Caseloads(e.ctx(), []string{e.worker.ID, e.readerA.ID})
	if err != nil || loads[e.worker.ID] != 3 || loads[e.readerA.ID] != 0 {
		t.Errorf("caseloads %v, %v; want 3 and 0", loads, err)
	}

	// Below the cap a team lead's reason is not an override.
	id = e.created(open(e.leadA, map[string]any{"worker_id": e.readerA.ID, "override_reason": reason}))
	for _, ev := range e.caseEvents(id) {
		if ev.Type == casework.EventOverride {
			t.Errorf("an override recorded below the cap: %+v", ev)
		}
	}
}

func TestCaseworkAPILadder(t *testing.T) {
	eachEngine(t, newCwaEnv, testCaseworkAPILadder)
}

func testCaseworkAPILadder(t *testing.T, e *cwaEnv) {
	client := e.newClient(e.worker, "Pekka Korhonen", "")
	id := e.newCase(client)
	path := "/api/v1/cases/" + id + "/ladder"
	climb := func(u *testUser, body map[string]any) *resp {
		t.Helper()
		return e.send(u, http.MethodPost, path, body)
	}
	step := func(r *resp) apiLadderCreated {
		t.Helper()
		e.created(r)
		var s apiLadderCreated
		if err := json.Unmarshal([]byte(r.Body), &s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	if s := step(climb(e.worker, map[string]any{"stage": 2, "reason": "Vastasi puhelimeen."})); s.From != 0 || s.To != 2 || s.Regression ||
		s.At != "2026-11-25T12:00:00+02:00" {
		t.Errorf("first step %+v", s)
	}
	e.clock.advance(48 * time.Hour)
	if s := step(climb(e.second, map[string]any{"stage": 4, "reason": "Tavataan viikoittain.", "at": "2026-11-26T15:00:00+02:00"})); s.From != 2 ||
		s.To != 4 || s.Regression || s.At != "2026-11-26T15:00:00+02:00" {
		t.Errorf("second step %+v", s)
	}
	e.clock.advance(24 * time.Hour)
	if s := step(climb(e.leadA, map[string]any{"stage": 3, "reason": "Jäi pois kahdesti."})); s.From != 4 || s.To != 3 || !s.Regression {
		t.Errorf("a step down %+v, want a regression", s)
	}

	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"same stage", map[string]any{"stage": 3, "reason": "x"}, "stage"},
		{"no such stage", map[string]any{"stage": 99, "reason": "x"}, "stage"},
		{"stage zero", map[string]any{"stage": 0, "reason": "x"}, "stage"},
		{"no stage", map[string]any{"reason": "x"}, "stage"},
		{"no reason", map[string]any{"stage": 5}, "reason"},
		{"blank reason", map[string]any{"stage": 5, "reason": "  "}, "reason"},
		{"in the future", map[string]any{"stage": 5, "reason": "x", "at": "2026-12-31T12:00:00+02:00"}, "at"},
		{"before the previous step", map[string]any{"stage": 5, "reason": "x", "at": "2026-11-26T12:00:00+02:00"}, "at"},
		{"not a time", map[string]any{"stage": 5, "reason": "x", "at": "28.11.2026"}, "at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantDirectoryError(t, climb(e.worker, tc.body), http.StatusBadRequest, "invalid", tc.field)
		})
	}
	d := wantDirectoryError(t, climb(e.worker, map[string]any{"stage": 5, "reason": "x", "version": 1}), http.StatusConflict, "conflict", "")
	if d.Message != e.T("fi", "casework.error.conflict") {
		t.Errorf("message %q", d.Message)
	}
	c := e.getCase(e.worker, id)
	step(climb(e.worker, map[string]any{"stage": 5, "reason": "Yhteinen tavoite: asunto.", "version": c.Version}))

	// Outsiders and a same-team reader may not move the case.
	wantDirectoryError(t, climb(e.workerB, map[string]any{"stage": 6, "reason": "x"}), http.StatusForbidden, "forbidden", "")
	r := e.send(e.readerA, http.MethodPost, path, map[string]any{"stage": 6, "reason": "x"}, "Kynnys-Purpose", "Sijaisuus")
	if d := wantDirectoryError(t, r, http.StatusForbidden, "forbidden", ""); d.Message != e.T("fi", "casework.error.read_only") {
		t.Errorf("message %q", d.Message)
	}
	wantDirectoryError(t, e.send(e.worker, http.MethodPost, "/api/v1/cases/no-such-case/ladder", map[string]any{"stage": 2, "reason": "x"}),
		http.StatusNotFound, "not_found", "")

	c = e.getCase(e.worker, id)
	if c.Stage != 5 || c.StageName["fi"] == "" || c.StageName["sv"] == "" || c.StageName["en"] == "" || c.StageAt == nil {
		t.Errorf("stage %d %v at %v", c.Stage, c.StageName, c.StageAt)
	}
	type hop struct {
		from, to   int
		by         string
		regression bool
	}
	want := []hop{{0, 2, e.worker.ID, false}, {2, 4, e.second.ID, false}, {4, 3, e.leadA.ID, true}, {3, 5, e.worker.ID, false}}
	if len(c.Ladder) != len(want) {
		t.Fatalf("ladder %+v, want %d steps", c.Ladder, len(want))
	}
	for i, w := range want {
		s := c.Ladder[i]
		if (hop{s.From, s.To, s.By, s.Regression}) != w || s.Reason == "" || s.At == "" || s.ID == "" {
			t.Errorf("step %d: %+v, want %+v", i, s, w)
		}
	}
	if c.Ladder[1].At != "2026-11-26T15:00:00+02:00" || c.Ladder[1].Reason != "Tavataan viikoittain." {
		t.Errorf("the back-dated step reads %+v", c.Ladder[1])
	}

	// Every change is logged as an update under the client, the refusals as denials.
	var updates, denies int
	for _, en := range e.accessLog(client) {
		if en.Route != "POST /api/v1/cases/{id}/ladder" {
			continue
		}
		switch en.Action {
		case access.LogUpdate:
			updates++
		case access.LogDeny:
			denies++
		}
	}
	// Four steps, eight refused inputs and one stale version by those who
	// may change the case (a time that is no time is refused before the
	// case is read); two refused users.
	if updates != 13 || denies != 2 {
		t.Errorf("%d updates and %d denials logged, want 13 and 2", updates, denies)
	}
}

// TestCaseworkAPICaseAccess is the access matrix of a case: who reads it,
// who is refused, and that every read and every refusal is in the client's
// access log with its purpose.
func TestCaseworkAPICaseAccess(t *testing.T) {
	eachEngine(t, newCwaEnv, testCaseworkAPICaseAccess)
}

func testCaseworkAPICaseAccess(t *testing.T, e *cwaEnv) {
	client := e.newClient(e.worker, "Anna Niemi", cwaHetu(24, 12, 1988, '-', 482))
	id := e.newCase(client)
	const purpose = "Sijaistan nimettyä työntekijää: asiakas soitti."
	type row struct {
		name    string
		u       *testUser
		purpose string // the Kynnys-Purpose header
		status  int
		code    string
		action  access.LogAction // "": nothing is logged (no person is known yet)
		logged  string
	}
	check := func(t *testing.T, path, route string, rows []row) {
		for _, tc := range rows {
			t.Run(tc.name, func(t *testing.T) {
				before := len(e.accessLog(client))
				var header []string
				if tc.purpose != "" {
					header = []string{"Kynnys-Purpose", tc.purpose}
				}
				r := e.send(tc.u, http.MethodGet, path, nil, header...)
				if tc.code != "" {
					wantDirectoryError(t, r, tc.status, tc.code, "")
				} else {
					wantStatus(t, r, tc.status)
				}
				added := e.accessLog(client)[before:]
				if tc.action == "" {
					if len(added) != 0 {
						t.Errorf("logged %+v, want nothing", added)
					}
					return
				}
				if len(added) != 1 {
					t.Fatalf("logged %+v, want one entry", added)
				}
				en := added[0]
				if en.Action != tc.action || en.UserID != tc.u.ID || en.Purpose != tc.logged || en.Route != route || en.RequestID == "" {
					t.Errorf("logged %+v, want %s by %s for %q on %s", en, tc.action, tc.u.Name, tc.logged, route)
				}
			})
		}
	}
	check(t, "/api/v1/cases/"+id, "GET /api/v1/cases/{id}", []row{
		{"named worker", e.worker, "", 200, "", access.LogView, casePurpose},
		{"named worker stating a purpose", e.worker, "Tarkistus", 200, "", access.LogView, casePurpose},
		{"second worker", e.second, "", 200, "", access.LogView, casePurpose},
		{"team lead", e.leadA, "", 200, "", access.LogView, casePurpose},
		{"team lead of another team", e.leadB, "", 403, "forbidden", access.LogDeny, casePurpose},
		{"team lead of another team stating a purpose", e.leadB, purpose, 403, "forbidden", access.LogDeny, casePurpose},
		{"social worker of the team", e.readerA, "", 403, "purpose_required", access.LogDeny, casePurpose},
		{"social worker of the team stating a purpose", e.readerA, purpose, 200, "", access.LogView, readPurposePrefix + purpose},
		{"social counsellor of the team", e.counsellorA, "", 403, "forbidden", access.LogDeny, casePurpose},
		{"social counsellor of the team stating a purpose", e.counsellorA, purpose, 403, "forbidden", access.LogDeny, casePurpose},
		{"social worker of another team", e.workerB, "", 403, "forbidden", access.LogDeny, casePurpose},
		{"social worker of another team stating a purpose", e.workerB, purpose, 403, "forbidden", access.LogDeny, casePurpose},
		{"administrator", e.admin, "", 403, "", "", ""},
		{"analyst", e.analyst, "", 403, "", "", ""},
		{"a purpose too long to keep", e.readerA, strings.Repeat("x", 501), 400, "", "", ""},
	})
	check(t, "/api/v1/clients/"+client, "GET /api/v1/clients/{id}", []row{
		{"named worker", e.worker, "", 200, "", access.LogView, casePurpose},
		{"second worker", e.second, "", 200, "", access.LogView, casePurpose},
		{"team lead", e.leadA, "", 200, "", access.LogView, casePurpose},
		{"team lead of another team", e.leadB, "", 403, "forbidden", access.LogDeny, casePurpose},
		{"social worker of the team", e.readerA, "", 403, "purpose_required", access.LogDeny, casePurpose},
		{"social worker of the team stating a purpose", e.readerA, purpose, 200, "", access.LogView, readPurposePrefix + purpose},
		{"social counsellor of the team", e.counsellorA, purpose, 403, "forbidden", access.LogDeny, casePurpose},
		{"social worker of another team", e.workerB, purpose, 403, "forbidden", access.LogDeny, casePurpose},
		{"analyst", e.analyst, "", 403, "", "", ""},
	})

	c := e.getCase(e.readerA, id, "Kynnys-Purpose", purpose)
	if c.Access.Level != "read" || c.Access.Purpose == nil || *c.Access.Purpose != purpose || c.WorkerID != e.worker.ID {
		t.Errorf("a same-team reader sees %+v", c.Access)
	}
	r := e.send(e.readerA, http.MethodGet, "/api/v1/clients/"+client, nil, "Kynnys-Purpose", purpose)
	var cl apiClientJSON
	if err := json.Unmarshal([]byte(r.Body), &cl); err != nil || len(cl.Cases) != 1 || cl.Cases[0].ID != id {
		t.Errorf("client %s: %v", r.Body, err)
	}
	wantDirectoryError(t, e.send(e.worker, http.MethodGet, "/api/v1/cases/no-such-case", nil), http.StatusNotFound, "not_found", "")

	// The responses match the OpenAPI document.
	wantSchema(t, cwaSchema(t, e.testEnv, "/api/v1/cases/{id}", "get", "200"), "the case", e.send(e.worker, http.MethodGet, "/api/v1/cases/"+id, nil).Body)
	wantSchema(t, cwaSchema(t, e.testEnv, "/api/v1/clients/{id}", "get", "200"), "the client", e.send(e.worker, http.MethodGet, "/api/v1/clients/"+client, nil).Body)
}

func TestCaseworkAPIMeetingsAndNoShow(t *testing.T) {
	eachEngine(t, newCwaEnv, testCaseworkAPIMeetingsAndNoShow)
}

func testCaseworkAPIMeetingsAndNoShow(t *testing.T, e *cwaEnv) {
	client := e.newClient(e.worker, "Jari Mäkelä", "")
	id := e.newCase(client)
	meetings := "/api/v1/cases/" + id + "/meetings"
	meet := func(u *testUser, body map[string]any) *resp {
		t.Helper()
		return e.send(u, http.MethodPost, meetings, body)
	}
	noShow := func(u *testUser, mid string, body any) *resp {
		t.Helper()
		return e.send(u, http.MethodPost, meetings+"/"+mid+"/no-show", body)
	}

	// Tuesday's planned meeting at the office; a held one on the street the week before.
	missed := e.created(meet(e.worker, map[string]any{"at": "2026-11-24T10:00:00+02:00", "place": "office", "status": "planned"}))
	held := e.created(meet(e.second, map[string]any{"at": "2026-11-20T10:00:00+02:00", "place": "street", "status": "held",
		"outcome": "Tavattiin torilla, sovittiin käynnistä."}))
	if c := e.getCase(e.worker, id); c.LastContactAt == nil || *c.LastContactAt != "2026-11-20T10:00:00+02:00" {
		t.Errorf("last contact %v, want the held meeting", c.LastContactAt)
	}

	// The client did not come: a call is due on the 2nd arkipäivä after, and the case stays open.
	r := noShow(e.worker, missed, "{}")
	wantStatus(t, r, http.StatusCreated)
	var task apiNoShowCreated
	if err := json.Unmarshal([]byte(r.Body), &task); err != nil || task.TaskID == "" || task.Due != "2026-11-26" {
		t.Fatalf("no-show answered %s (%v), want a task due 2026-11-26", r.Body, err)
	}
	c := e.getCase(e.worker, id)
	if c.Status != "active" || c.ClosedAt != nil || c.CloseReason != nil {
		t.Errorf("after a no-show the case is %s (closed %v, %v), want active", c.Status, c.ClosedAt, c.CloseReason)
	}
	if len(c.FollowUps) != 1 || c.FollowUps[0].ID != task.TaskID || c.FollowUps[0].Kind != "call" || c.FollowUps[0].Due != "2026-11-26" ||
		c.FollowUps[0].MeetingID == nil || *c.FollowUps[0].MeetingID != missed || c.FollowUps[0].AssignedTo != e.worker.ID {
		t.Errorf("follow-ups %+v", c.FollowUps)
	}
	if m, err := e.db.Meeting(e.ctx(), missed); err != nil || m.Status != casework.MeetingNoShow {
		t.Errorf("missed meeting %+v, %v", m, err)
	}
	stored, err := e.db.Case(e.ctx(), id)
	if err != nil || stored.Status != casework.StatusActive || stored.ClosedAt != nil {
		t.Errorf("stored case %+v, %v", stored, err)
	}

	// Another no-show with a letter on a chosen day; the default status is planned.
	second := e.created(meet(e.worker, map[string]any{"at": "2026-11-25T09:00:00+02:00", "place": "home"}))
	if m, err := e.db.Meeting(e.ctx(), second); err != nil || m.Status != casework.MeetingPlanned {
		t.Errorf("meeting without a status %+v, %v", m, err)
	}
	r = noShow(e.leadA, second, map[string]any{"kind": "letter", "due": "2026-12-01"})
	if wantStatus(t, r, http.StatusCreated); !strings.Contains(r.Body, `"due":"2026-12-01"`) {
		t.Errorf("no-show %s", r.Body)
	}
	if c := e.getCase(e.worker, id); len(c.FollowUps) != 2 || c.FollowUps[1].Kind != "letter" || c.Status != "active" {
		t.Errorf("follow-ups %+v, status %s", c.FollowUps, c.Status)
	}

	future := e.created(meet(e.worker, map[string]any{"at": "2026-11-30T10:00:00+02:00", "place": "video"}))
	other := e.newCase(e.newClient(e.worker, "Toinen Asiakas", ""))
	elsewhere := e.created(e.send(e.worker, http.MethodPost, "/api/v1/cases/"+other+"/meetings",
		map[string]any{"at": "2026-11-24T10:00:00+02:00", "place": "phone"}))
	for _, tc := range []struct {
		name   string
		mid    string
		body   map[string]any
		status int
		code   string
		field  string
	}{
		{"a held meeting", held, nil, 400, "invalid", "status"},
		{"not yet", future, nil, 400, "invalid", "at"},
		{"due in the past", missed, map[string]any{"due": "2026-11-01"}, 400, "invalid", "due"},
		{"due not a date", missed, map[string]any{"due": "1.12.2026"}, 400, "invalid", "due"},
		{"unknown kind", missed, map[string]any{"kind": "email"}, 400, "invalid", "kind"},
		{"another case's meeting", elsewhere, nil, 404, "not_found", ""},
		{"no such meeting", "no-such-meeting", nil, 404, "not_found", ""},
	} {
		t.Run("no-show "+tc.name, func(t *testing.T) {
			body := tc.body
			if body == nil {
				body = map[string]any{}
			}
			wantDirectoryError(t, noShow(e.worker, tc.mid, body), tc.status, tc.code, tc.field)
		})
	}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no-show through here", map[string]any{"at": "2026-11-24T10:00:00+02:00", "place": "office", "status": "no_show"}, "status"},
		{"cancelled", map[string]any{"at": "2026-11-24T10:00:00+02:00", "place": "office", "status": "cancelled"}, "status"},
		{"unknown place", map[string]any{"at": "2026-11-24T10:00:00+02:00", "place": "cafe"}, "place"},
		{"held in the future", map[string]any{"at": "2026-11-26T10:00:00+02:00", "place": "office", "status": "held"}, "at"},
		{"no time", map[string]any{"place": "office"}, "at"},
		{"not a time", map[string]any{"at": "2026-11-24 10:00", "place": "office"}, "at"},
		{"outcome too long", map[string]any{"at": "2026-11-24T10:00:00+02:00", "place": "office", "outcome": strings.Repeat("x", 4001)}, "outcome"},
	} {
		t.Run("meeting "+tc.name, func(t *testing.T) {
			wantDirectoryError(t, meet(e.worker, tc.body), http.StatusBadRequest, "invalid", tc.field)
		})
	}
	wantDirectoryError(t, e.send(e.readerA, http.MethodPost, meetings, map[string]any{"at": "2026-11-24T10:00:00+02:00", "place": "office"},
		"Kynnys-Purpose", "Sijaisuus"), http.StatusForbidden, "forbidden", "")
	wantDirectoryError(t, noShow(e.workerB, missed, "{}"), http.StatusForbidden, "forbidden", "")

	// A closed case takes no meetings, no-shows or steps.
	e.closeCase(id, casework.CloseGoalsMet)
	wantDirectoryError(t, meet(e.worker, map[string]any{"at": "2026-11-24T10:00:00+02:00", "place": "office"}), http.StatusBadRequest, "invalid", "status")
	wantDirectoryError(t, noShow(e.worker, future, "{}"), http.StatusBadRequest, "invalid", "status")
	wantDirectoryError(t, e.send(e.worker, http.MethodPost, "/api/v1/cases/"+id+"/ladder", map[string]any{"stage": 2, "reason": "x"}),
		http.StatusBadRequest, "invalid", "stage")
}

// TestCaseworkAPIBadInput: broken JSON, unknown fields and wrong types
// are 400 on every endpoint, never a 500.
func TestCaseworkAPIBadInput(t *testing.T) {
	t.Parallel()
	e := newCwaEnv(t, "sqlite")
	client := e.newClient(e.worker, "Eeva Lahti", "")
	id := e.newCase(client)
	mid := e.created(e.send(e.worker, http.MethodPost, "/api/v1/cases/"+id+"/meetings", map[string]any{"at": "2026-11-24T10:00:00+02:00", "place": "office"}))
	common := []string{``, `{`, `[]`, `"text"`, `42`, `{} {}`, `{"x": 1}`, `{"name": "a",}`, "\x00"}
	for path, bodies := range map[string][]string{
		"/api/v1/clients": {`{"name": 5, "birth_date": "1980-01-01", "municipality": "K"}`, `{"name": "A", "hetu": 131052308, "municipality": "K"}`,
			`{"name": "A", "birth_date": "1980-01-01", "municipality": "K", "languages": "fi"}`, `{"name": "A", "birth_date": 19800101, "municipality": "K"}`,
			`{"name": "A", "birth_date": "1980-01-01", "municipality": "K", "social_security_number": "131052-308T"}`},
		"/api/v1/cases": {`{"client_id": 5}`, `{"client_id": "` + client + `", "override_reason": true}`, `{"client_id": "` + client + `", "worker_id": ["a"]}`,
			`{"client_id": "` + client + `", "status": "active"}`},
		"/api/v1/cases/" + id + "/ladder": {`{"stage": "3", "reason": "x"}`, `{"stage": 2.5, "reason": "x"}`, `{"stage": 3, "reason": "x", "version": "1"}`,
			`{"stage": 3, "reason": ["x"]}`, `{"stage": 99999999999999999999, "reason": "x"}`, `{"to": 3, "reason": "x"}`},
		"/api/v1/cases/" + id + "/meetings": {`{"at": 5, "place": "office"}`, `{"at": "2026-11-24T10:00:00+02:00", "place": "office", "outcome": {}}`,
			`{"at": "2026-11-24T10:00:00+02:00", "where": "office"}`},
		"/api/v1/cases/" + id + "/meetings/" + mid + "/no-show": {`{"due": 20261201}`, `{"kind": 1}`, `{"note": "x"}`},
	} {
		for _, body := range append(common, bodies...) {
			r := e.send(e.worker, http.MethodPost, path, body)
			if r.StatusCode != http.StatusBadRequest {
				t.Errorf("POST %s %q: status %d, want 400; body %s", path, body, r.StatusCode, r.Body)
				continue
			}
			wantDirectoryError(t, r, http.StatusBadRequest, "invalid", dirObject(t, r)["error"].(map[string]any)["field"].(string))
		}
	}
	if strings.Contains(e.logs.String(), "level=ERROR") {
		t.Errorf("bad input logged an error:\n%s", e.logs.String())
	}
	e.wantNoLeak("131052-308T", "131052308")
}

// cwaSchema compiles the schema the OpenAPI document gives for the status
// response (or "request" for the body) of method on path.
func cwaSchema(t *testing.T, e *testEnv, path, method, status string) *jsonschema.Schema {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct{ Schema any } `json:"content"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Content map[string]struct{ Schema any } `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(e.browser().get("/api/v1/openapi.json").Body), &doc); err != nil {
		t.Fatal(err)
	}
	op := doc.Paths[path][method]
	schema := op.Responses[status].Content["application/json"].Schema
	if status == "request" {
		schema = op.RequestBody.Content["application/json"].Schema
	}
	if schema == nil {
		t.Fatalf("%s %s %s: no schema in the OpenAPI document", method, path, status)
	}
	b, _ := json.Marshal(schema)
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("mem:///s.json", v); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem:///s.json")
	if err != nil {
		t.Fatalf("%s %s %s: %v", method, path, status, err)
	}
	return s
}

// TestCaseworkAPISchemas checks the documented request bodies against
// bodies the API takes, and the 201 answers against their schemas.
func TestCaseworkAPISchemas(t *testing.T) {
	t.Parallel()
	e := newCwaEnv(t, "sqlite")
	post := func(path, docPath, body string) *resp {
		t.Helper()
		wantSchema(t, cwaSchema(t, e.testEnv, docPath, "post", "request"), "request to "+docPath, body)
		r := e.send(e.worker, http.MethodPost, path, body)
		wantStatus(t, r, http.StatusCreated)
		wantSchema(t, cwaSchema(t, e.testEnv, docPath, "post", "201"), "201 of "+docPath, r.Body)
		return r
	}
	client := dirObject(t, post("/api/v1/clients", "/api/v1/clients", `{"name": "Olli Salo", "hetu": "131052-308T", "municipality": "Kokkola",
		"phone": "040 1", "email": "olli@example.fi", "address": "Katu 1", "languages": ["fi", "sv"]}`))["id"].(string)
	post("/api/v1/clients", "/api/v1/clients", `{"name": "Olli Salo", "birth_date": "1952-10-13", "municipality": "Kokkola"}`)
	id := dirObject(t, post("/api/v1/cases", "/api/v1/cases", `{"client_id": "`+client+`", "target_group": "working_age", "origin": "direct"}`))["id"].(string)
	post("/api/v1/cases/"+id+"/ladder", "/api/v1/cases/{id}/ladder", `{"stage": 2, "reason": "Ensikontakti.", "at": "2026-11-25T11:00:00+02:00"}`)
	mid := dirObject(t, post("/api/v1/cases/"+id+"/meetings", "/api/v1/cases/{id}/meetings",
		`{"at": "2026-11-24T10:00:00+02:00", "place": "home", "status": "planned", "outcome": ""}`))["id"].(string)
	post("/api/v1/cases/"+id+"/meetings/"+mid+"/no-show", "/api/v1/cases/{id}/meetings/{mid}/no-show", `{"kind": "visit", "due": "2026-11-27"}`)
	r := e.send(e.readerA, http.MethodPost, "/api/v1/clients", `{"name": "Olli", "hetu": "131052-308T", "municipality": "Kokkola"}`)
	wantStatus(t, r, http.StatusConflict)
	wantSchema(t, cwaSchema(t, e.testEnv, "/api/v1/clients", "post", "409"), "409 of a duplicate", r.Body)
}
