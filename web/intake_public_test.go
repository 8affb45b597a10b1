package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"kynnys/access"
	"kynnys/intake"
	"kynnys/store/storetest"
)

// intakeEnv is a county of three teams at Friday 18 December 2026, 10:00
// Helsinki time, the week before Christmas: adults and families in Pori,
// and Rauma, which is also the default team.
type intakeEnv struct {
	*testEnv
	adults, families, rauma *access.Team
	adultWorker             *testUser
	familyWorker            *testUser
	raumaWorker             *testUser
}

func newIntakeEnv(t *testing.T, engine string) *intakeEnv {
	t.Helper()
	e := newEnv(t, engine, Config{EmergencyNumber: "0800 123 456"})
	e.setNow("2026-12-18 10:00")
	ie := &intakeEnv{testEnv: e,
		adults:   e.newTeam("Pori aikuiset", []string{"Pori"}, access.TargetWorkingAge, access.TargetElderly, access.TargetDisabled),
		families: e.newTeam("Pori perheet", []string{"Pori"}, access.TargetFamilies),
		rauma:    e.newTeam("Rauma", []string{"Rauma"})}
	if err := e.db.SetDefaultIntakeTeam(e.ctx(), ie.rauma.ID); err != nil {
		t.Fatal(err)
	}
	ie.adultWorker = e.newUser(access.RoleSocialWorker, withTeams(ie.adults.ID))
	ie.familyWorker = e.newUser(access.RoleSocialWorker, withTeams(ie.families.ID))
	ie.raumaWorker = e.newUser(access.RoleSocialCounsellor, withTeams(ie.rauma.ID))
	return ie
}

// items is every stored item (the default team catches the unroutable).
func (e *intakeEnv) items() []intake.Item {
	e.t.Helper()
	items, err := e.db.IntakeQueue(e.ctx(), intake.QueueFilter{TeamIDs: []string{e.adults.ID, e.families.ID, e.rauma.ID}})
	if err != nil {
		e.t.Fatal(err)
	}
	return items
}

// postIntake sends body as JSON to path, from a fresh address unless the
// test is about addresses, so that the rate limit stays out of the way.
func (e *intakeEnv) postIntake(token, path string, body any, addr string) *resp {
	e.t.Helper()
	b := dirBrowser(e.testEnv, token)
	if addr == "" {
		addr = fmt.Sprintf("[2001:db8:%x::1]", e.seq.Add(1))
	}
	b.setAddr(addr)
	raw, ok := body.(string)
	if !ok {
		j, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		raw = string(j)
	}
	return dirSend(b, http.MethodPost, path, raw)
}

// intakeSchemas compiles the OpenAPI document's schemas of the intake
// operations, so that responses (and the examples sent) are checked
// against what the document promises.
func intakeSchemas(t *testing.T, e *testEnv) map[string]*jsonschema.Schema {
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
	r := e.browser().get("/api/v1/openapi.json")
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]*jsonschema.Schema{}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	add := func(name string, schema any) {
		if schema == nil {
			t.Fatalf("%s: no schema in the OpenAPI document", name)
		}
		// Through JSON again: the compiler wants its own number types.
		b, _ := json.Marshal(schema)
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("mem:///"+name+".json", v); err != nil {
			t.Fatal(err)
		}
		if out[name], err = c.Compile("mem:///" + name + ".json"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for name, p := range map[string]string{"help": "/api/v1/help-requests", "notification": "/api/v1/notifications", "contact": "/api/v1/contacts"} {
		op := doc.Paths[p]["post"]
		add(name+".request", op.RequestBody.Content["application/json"].Schema)
		add(name+".201", op.Responses["201"].Content["application/json"].Schema)
	}
	add("item", doc.Paths["/api/v1/contacts/{id}"]["get"].Responses["200"].Content["application/json"].Schema)
	return out
}

func wantSchema(t *testing.T, s *jsonschema.Schema, what, body string) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := s.Validate(v); err != nil {
		t.Fatalf("%s does not match its OpenAPI schema: %v\n%s", what, err, body)
	}
}

const (
	childHetu   = "010115A1239" // born 1 January 2015
	elderHetu   = "150340-202X" // born 15 March 1940
	badHetu     = "010115A1238" // wrong check character
	endOfOpen   = "2026-12-18T23:59:59+02:00"
	seventhDay  = "2026-12-31T23:59:59+02:00" // 21, 22, 23, 28, 29, 30, 31 December
	threeMonths = "2027-03-18T23:59:59+02:00" // a Thursday
)

// A professional's identity, as every professional notification needs.
var professional = map[string]any{"name": "Terttu Terveydenhoitaja", "organisation": "Porin neuvola", "phone": "044 123 4567",
	"email": "terttu@example.fi", "wants_acknowledgement": true}

// TestIntakeAPICreatesEveryKind runs on both engines: the deadlines and the access log are stored.
func TestIntakeAPICreatesEveryKind(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			testIntakeAPICreatesEveryKind(t, newIntakeEnv(t, engine))
		})
	}
}

func testIntakeAPICreatesEveryKind(t *testing.T, e *intakeEnv) {
	schemas := intakeSchemas(t, e.testEnv)
	token := e.newToken(e.adultWorker.ID)
	type deadlines [4]string // urgency, decision, start, assessment; "" for null
	cases := []struct {
		name, path, schema string
		token              bool
		body               map[string]any
		team               *access.Team
		openedAt           string
		want               deadlines
	}{
		{"help for oneself", "/api/v1/help-requests", "help", false,
			map[string]any{"municipality": "Pori", "topics": []string{"money", "housing"}, "concern": "Vuokra on maksamatta.",
				"subject": map[string]any{"name": "Matti Meikäläinen"},
				"contact": map[string]any{"method": "phone", "phone": "040 111 2222", "good_times": "morning", "may_leave_message": true}},
			e.adults, "", deadlines{endOfOpen, "", "", ""}},
		{"help about a child", "/api/v1/help-requests", "help", false,
			map[string]any{"kind": "help_request", "municipality": "Pori", "who_needs_help": "child", "topics": []string{"child"},
				"subject": map[string]any{"child": true}, "contact": map[string]any{"method": "email", "email": "aiti@example.fi"}},
			e.families, "", deadlines{endOfOpen, seventhDay, "", threeMonths}},
		{"anonymous help", "/api/v1/help-requests", "help", false,
			map[string]any{"municipality": "Rauma", "topics": []string{"loneliness"}, "anonymous": true},
			e.rauma, "", deadlines{endOfOpen, "", "", ""}},
		{"SHL 35 with consent, 86 years old", "/api/v1/notifications", "notification", false,
			map[string]any{"kind": "shl35_consent", "municipality": "Pori", "consent": "given", "concern": "Ei selviydy kotona.",
				"subject": map[string]any{"hetu": elderHetu}, "notifier": professional},
			e.adults, "", deadlines{endOfOpen, "", seventhDay, ""}},
		{"SHL 35 without consent", "/api/v1/notifications", "notification", false,
			map[string]any{"kind": "shl35_no_consent", "municipality": "Pori", "consent": "refused", "person_knows": "no",
				"concern": "Asunto on vaarallisessa kunnossa.", "subject": map[string]any{"name": "Aino", "birth_date": "1990-05-05"},
				"notifier": professional},
			e.adults, "", deadlines{endOfOpen, "", "", ""}},
		{"child welfare", "/api/v1/notifications", "notification", false,
			map[string]any{"kind": "child_welfare", "municipality": "Pori", "concern": "Lapsi on usein yksin.", "police_notified": true,
				"cues": []string{"child.alone", "home.neglect"},
				"subject": map[string]any{"name": "Liisa", "hetu": childHetu,
					"guardians": []map[string]any{{"name": "Huoltaja", "phone": "050 000 0000"}}},
				"notifier": professional},
			e.families, "", deadlines{endOfOpen, seventhDay, "", threeMonths}},
		{"joint contact, child needing special support", "/api/v1/notifications", "notification", false,
			map[string]any{"kind": "child_welfare_joint", "municipality": "Pori", "concern": "Perhe pyytää tukea.",
				"subject": map[string]any{"birth_date": "2016-06-01", "child_special_support": true}, "notifier": professional},
			e.families, "", deadlines{endOfOpen, seventhDay, seventhDay, threeMonths}},
		{"anticipatory", "/api/v1/notifications", "notification", false,
			map[string]any{"kind": "anticipatory_child_welfare", "municipality": "Pori", "concern": "Odottava äiti käyttää päihteitä.",
				"subject": map[string]any{"name": "Odottaja", "expected_due_date": "2027-03-01"}, "notifier": professional},
			e.families, "", deadlines{endOfOpen, "", "", ""}},
		{"older person", "/api/v1/notifications", "notification", false,
			map[string]any{"kind": "elderly", "municipality": "Pori", "concern": "Muisti heikentynyt.",
				"subject": map[string]any{"birth_date": "1950-02-01"}, "notifier": professional},
			e.adults, "", deadlines{endOfOpen, "", seventhDay, ""}},
		{"phone call the day before", "/api/v1/contacts", "contact", true,
			map[string]any{"kind": "phone", "opened_at": "2026-12-17T15:30:00+02:00", "municipality": "Pori", "concern": "Soitti hoitotuesta.",
				"subject": map[string]any{"name": "Veikko", "highest_care_allowance": true}},
			e.adults, "2026-12-17T15:30:00+02:00",
			// 18, 21, 22, 23, 28, 29, 30 December: the 7th arkipäivä after the 17th.
			deadlines{"2026-12-17T23:59:59+02:00", "", "2026-12-30T23:59:59+02:00", ""}},
		{"paper child welfare notification from a neighbour", "/api/v1/contacts", "contact", true,
			map[string]any{"kind": "child_welfare", "municipality": "Pori", "concern": "Kirje: lapset huutavat öisin.",
				"subject": map[string]any{"child": true}, "notifier": map[string]any{"professional": false}},
			e.families, "", deadlines{endOfOpen, seventhDay, "", threeMonths}},
	}
	for _, tc := range cases {
		tok := ""
		if tc.token {
			tok = token
		}
		body, _ := json.Marshal(tc.body)
		wantSchema(t, schemas[tc.schema+".request"], tc.name+": the request", string(body))
		r := e.postIntake(tok, tc.path, tc.body, "")
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("%s: status %d: %s", tc.name, r.StatusCode, r.Body)
		}
		wantSchema(t, schemas[tc.schema+".201"], tc.name+": the 201 body", r.Body)
		var got map[string]json.RawMessage
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatal(err)
		}
		keys := make([]string, 0, len(got))
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"deadlines", "id", "kind", "opened_at", "receipt", "team_id"}; !slices.Equal(keys, want) {
			t.Errorf("%s: keys %v, want exactly %v", tc.name, keys, want)
		}
		var c struct {
			ID        string             `json:"id"`
			Receipt   string             `json:"receipt"`
			Kind      string             `json:"kind"`
			OpenedAt  string             `json:"opened_at"`
			TeamID    string             `json:"team_id"`
			Deadlines map[string]*string `json:"deadlines"`
		}
		if err := json.Unmarshal([]byte(r.Body), &c); err != nil {
			t.Fatal(err)
		}
		wantKind := "help_request"
		if k, ok := tc.body["kind"].(string); ok {
			wantKind = k
		}
		wantOpened := tc.openedAt
		if wantOpened == "" {
			wantOpened = "2026-12-18T10:00:00+02:00"
		}
		if c.Kind != wantKind || c.OpenedAt != wantOpened || c.TeamID != tc.team.ID || !receiptShape.MatchString(c.Receipt) {
			t.Errorf("%s: kind %q opened_at %q team %q receipt %q; want %s %s %s (%s)", tc.name, c.Kind, c.OpenedAt, c.TeamID, c.Receipt,
				wantKind, wantOpened, tc.team.ID, tc.team.Name)
		}
		if loc := r.Header.Get("Location"); loc != "/api/v1/contacts/"+c.ID {
			t.Errorf("%s: Location %q", tc.name, loc)
		}
		for i, name := range []string{"urgency_assessment_due", "decision_due", "assessment_start_due", "assessment_due"} {
			v, ok := c.Deadlines[name]
			switch {
			case !ok:
				t.Errorf("%s: deadlines lack %s", tc.name, name)
			case tc.want[i] == "" && v != nil:
				t.Errorf("%s: %s = %q, want null", tc.name, name, *v)
			case tc.want[i] != "" && (v == nil || *v != tc.want[i]):
				t.Errorf("%s: %s = %v, want %s", tc.name, name, v, tc.want[i])
			}
		}
		it, err := e.db.IntakeItem(e.ctx(), c.ID)
		if err != nil {
			t.Fatalf("%s: not stored: %v", tc.name, err)
		}
		wantSource := map[string]intake.Source{"help": intake.SourcePublicForm, "notification": intake.SourceNotification,
			"contact": intake.SourceStaff}[tc.schema]
		wantBy := ""
		if tc.token {
			wantBy = e.adultWorker.ID
		}
		if it.Source != wantSource || it.RecordedBy != wantBy || it.Receipt != c.Receipt {
			t.Errorf("%s: stored source %q by %q receipt %q", tc.name, it.Source, it.RecordedBy, it.Receipt)
		}
		if tc.schema == "notification" && (it.Notifier == nil || !it.Notifier.Professional || !it.Notifier.WantsAcknowledgement) {
			t.Errorf("%s: notifier %+v, want a professional asking for acknowledgement", tc.name, it.Notifier)
		}
	}
	if n := len(e.items()); n != len(cases) {
		t.Errorf("%d items stored, want %d", n, len(cases))
	}
}

func TestIntakeAPIRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := newIntakeEnv(t, "sqlite")
	token := e.newToken(e.adultWorker.ID)
	notification := func(change func(m map[string]any)) map[string]any {
		m := map[string]any{"kind": "shl35_no_consent", "municipality": "Pori", "concern": "Huoli.",
			"subject": map[string]any{"name": "Aino"}, "notifier": map[string]any{"name": "N", "organisation": "O", "phone": "1"}}
		change(m)
		return m
	}
	help := func(change func(m map[string]any)) map[string]any {
		m := map[string]any{"municipality": "Pori", "topics": []string{"money"}, "contact": map[string]any{"method": "phone", "phone": "1"}}
		change(m)
		return m
	}
	cases := []struct {
		name, path string
		token      bool
		body       any
		field      string
	}{
		{"a professional without notifier", "/api/v1/notifications", false, notification(func(m map[string]any) { delete(m, "notifier") }), "notifier.name"},
		{"no organisation", "/api/v1/notifications", false, notification(func(m map[string]any) {
			m["notifier"] = map[string]any{"name": "N", "phone": "1"}
		}), "notifier.organisation"},
		{"no phone", "/api/v1/notifications", false, notification(func(m map[string]any) {
			m["notifier"] = map[string]any{"name": "N", "organisation": "O"}
		}), "notifier.phone"},
		{"a private person's SHL 35 contact", "/api/v1/notifications", false, notification(func(m map[string]any) {
			m["kind"], m["consent"] = "shl35_consent", "given"
			m["notifier"] = map[string]any{"name": "N", "organisation": "O", "phone": "1", "professional": false}
		}), "notifier.professional"},
		{"an invalid identity code", "/api/v1/notifications", false, notification(func(m map[string]any) {
			m["subject"] = map[string]any{"hetu": badHetu}
		}), "subject.hetu"},
		{"an impossible birth date", "/api/v1/notifications", false, notification(func(m map[string]any) {
			m["subject"] = map[string]any{"birth_date": "2027-02-29"}
		}), "subject.birth_date"},
		{"anticipatory without due date", "/api/v1/notifications", false, notification(func(m map[string]any) { m["kind"] = "anticipatory_child_welfare" }), "subject.expected_due_date"},
		{"no concern", "/api/v1/notifications", false, notification(func(m map[string]any) { delete(m, "concern") }), "concern"},
		{"no municipality", "/api/v1/notifications", false, notification(func(m map[string]any) { delete(m, "municipality") }), "municipality"},
		{"a help request on /notifications", "/api/v1/notifications", false, notification(func(m map[string]any) { m["kind"] = "help_request" }), "kind"},
		{"a phone call on /notifications", "/api/v1/notifications", false, notification(func(m map[string]any) { m["kind"] = "phone" }), "kind"},
		{"no kind on /notifications", "/api/v1/notifications", false, notification(func(m map[string]any) { delete(m, "kind") }), "kind"},
		{"opened_at on /notifications", "/api/v1/notifications", false, notification(func(m map[string]any) { m["opened_at"] = "2026-12-18T09:00:00+02:00" }), "opened_at"},
		{"opened_at on /help-requests", "/api/v1/help-requests", false, help(func(m map[string]any) { m["opened_at"] = "2026-12-18T09:00:00+02:00" }), "opened_at"},
		{"a notification on /help-requests", "/api/v1/help-requests", false, help(func(m map[string]any) { m["kind"] = "child_welfare" }), "kind"},
		{"anonymous with a phone number", "/api/v1/help-requests", false, help(func(m map[string]any) { m["anonymous"] = true }), "anonymous"},
		{"no topic and no words", "/api/v1/help-requests", false, help(func(m map[string]any) { delete(m, "topics") }), "topics"},
		{"an unknown topic", "/api/v1/help-requests", false, help(func(m map[string]any) { m["topics"] = []string{"weather"} }), "topics"},
		{"an unknown field", "/api/v1/help-requests", false, help(func(m map[string]any) { m["consnet"] = "given" }), "consnet"},
		{"an unknown field in subject", "/api/v1/notifications", false, notification(func(m map[string]any) {
			m["subject"] = map[string]any{"nmae": "Aino"}
		}), "nmae"},
		{"a wrong type", "/api/v1/notifications", false, notification(func(m map[string]any) { m["police_notified"] = "yes" }), "police_notified"},
		{"a malformed cue", "/api/v1/notifications", false, notification(func(m map[string]any) { m["cues"] = []string{"<b>"} }), "cues"},
		{"not JSON", "/api/v1/help-requests", false, "{", "body"},
		{"an unknown kind", "/api/v1/contacts", true, map[string]any{"kind": "letter", "municipality": "Pori", "concern": "x"}, "kind"},
		{"a future opened_at", "/api/v1/contacts", true, map[string]any{"kind": "phone", "municipality": "Pori", "concern": "x",
			"opened_at": "2026-12-18T10:05:00+02:00"}, "opened_at"},
		{"a malformed opened_at", "/api/v1/contacts", true, map[string]any{"kind": "phone", "municipality": "Pori", "concern": "x",
			"opened_at": "18.12.2026 9.00"}, "opened_at"},
	}
	for _, tc := range cases {
		tok := ""
		if tc.token {
			tok = token
		}
		r := e.postIntake(tok, tc.path, tc.body, "")
		d := wantDirectoryError(t, r, http.StatusBadRequest, "invalid", tc.field)
		if !strings.HasPrefix(d.Message, tc.field+": ") {
			t.Errorf("%s: message %q does not name %s", tc.name, d.Message, tc.field)
		}
		if strings.Contains(r.Body, badHetu) {
			t.Errorf("%s: the identity code is echoed: %s", tc.name, r.Body)
		}
	}
	if n := len(e.items()); n != 0 {
		t.Errorf("%d items stored from refused requests", n)
	}
	// Staff only: no token, no contact.
	r := e.postIntake("", "/api/v1/contacts", map[string]any{"kind": "phone", "municipality": "Pori", "concern": "x"}, "")
	wantStatus(t, r, http.StatusUnauthorized)
}

// createNotification sends a child welfare notification about childHetu
// and returns its id.
func (e *intakeEnv) createNotification() string {
	e.t.Helper()
	r := e.postIntake("", "/api/v1/notifications", map[string]any{"kind": "child_welfare", "municipality": "Pori",
		"concern": "Lapsi on usein yksin.", "subject": map[string]any{"name": "Liisa", "hetu": childHetu}, "notifier": professional}, "")
	wantStatus(e.t, r, http.StatusCreated)
	var c struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.Body), &c); err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// TestIntakeAPIGetContact runs on both engines: the deadlines and the access log are stored.
func TestIntakeAPIGetContact(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			testIntakeAPIGetContact(t, newIntakeEnv(t, engine))
		})
	}
}

func testIntakeAPIGetContact(t *testing.T, e *intakeEnv) {
	schemas := intakeSchemas(t, e.testEnv)
	id := e.createNotification()
	get := func(u *testUser) *resp {
		tok := ""
		if u != nil {
			tok = e.newToken(u.ID)
		}
		return dirSend(dirBrowser(e.testEnv, tok), http.MethodGet, "/api/v1/contacts/"+id, "")
	}

	r := get(e.familyWorker)
	wantStatus(t, r, http.StatusOK)
	wantSchema(t, schemas["item"], "the item", r.Body)
	var item intakeItemJSON
	if err := json.Unmarshal([]byte(r.Body), &item); err != nil {
		t.Fatal(err)
	}
	if item.ID != id || item.Kind != "child_welfare" || item.Subject.Hetu != childHetu || item.Subject.BirthDate == nil ||
		*item.Subject.BirthDate != "2015-01-01" || item.Notifier == nil || item.Notifier.Organisation != "Porin neuvola" ||
		item.Status != "received" || item.TeamID == nil || *item.TeamID != e.families.ID || !item.Routed ||
		item.Source != "notification" || item.RecordedBy != nil || item.Triage.Urgency != nil ||
		item.Deadlines.DecisionDue == nil || *item.Deadlines.DecisionDue != seventhDay {
		t.Errorf("item %+v", item)
	}
	if len(item.Events) != 2 || item.Events[0].Type != "created" || item.Events[1].Type != "routed" ||
		item.Events[1].ToTeam == nil || *item.Events[1].ToTeam != e.families.ID {
		t.Errorf("events %+v, want created and routed", item.Events)
	}

	wantDirectoryError(t, get(e.adultWorker), http.StatusForbidden, "forbidden", "")
	wantStatus(t, get(nil), http.StatusUnauthorized)
	r = dirSend(dirBrowser(e.testEnv, e.newToken(e.familyWorker.ID)), http.MethodGet, "/api/v1/contacts/00000000-0000-7000-8000-000000000000", "")
	wantDirectoryError(t, r, http.StatusNotFound, "not_found", "")

	// Both the read and the refusal are in the person's extract, which
	// is found by the identity code as `kynnys accesslog extract` finds it.
	persons, err := e.db.PersonIDs(e.ctx(), childHetu)
	if err != nil || len(persons) != 1 {
		t.Fatalf("persons %v, %v", persons, err)
	}
	entries, err := e.db.AccessLogForPerson(e.ctx(), persons[0], time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var views, denials int
	for _, en := range entries {
		switch {
		case en.Action == access.LogView && en.UserID == e.familyWorker.ID && en.Purpose == triagePurpose &&
			en.Route == "GET /api/v1/contacts/{id}":
			views++
		case en.Action == access.LogDeny && en.UserID == e.adultWorker.ID && en.Route == "GET /api/v1/contacts/{id}":
			denials++
		default:
			t.Errorf("unexpected access log entry %+v", en)
		}
	}
	if views != 1 || denials != 1 {
		t.Errorf("%d views and %d denials logged, want 1 and 1", views, denials)
	}

	// A contact recorded by staff is logged as created by them.
	r = e.postIntake(e.newToken(e.adultWorker.ID), "/api/v1/contacts", map[string]any{"kind": "phone", "municipality": "Pori",
		"concern": "Soitti.", "subject": map[string]any{"hetu": elderHetu}}, "")
	wantStatus(t, r, http.StatusCreated)
	persons, _ = e.db.PersonIDs(e.ctx(), elderHetu)
	if len(persons) != 1 {
		t.Fatalf("persons %v", persons)
	}
	entries, _ = e.db.AccessLogForPerson(e.ctx(), persons[0], time.Time{})
	if len(entries) != 1 || entries[0].Action != access.LogCreate || entries[0].UserID != e.adultWorker.ID {
		t.Errorf("recording a contact logged %+v, want one create by the worker", entries)
	}
}

// helpPost is a valid "Ask for help" form with changes (nil deletes).
func helpPost(changes url.Values) url.Values {
	f := url.Values{"who": {"self"}, "topics": {"money", "housing"}, "concern": {"Vuokra on maksamatta."},
		"municipality": {"Pori"}, "method": {"phone"}, "name": {"Matti"}, "phone": {"040 111 2222"}, "good_times": {"any"},
		"may_leave_message": {"on"}, "website": {""}}
	for k, v := range changes {
		if v == nil {
			delete(f, k)
		} else {
			f[k] = v
		}
	}
	return f
}

func TestHelpForm(t *testing.T) {
	t.Parallel()
	e := newIntakeEnv(t, "sqlite")
	b := e.browser()

	r := b.get("/help")
	wantStatus(t, r, http.StatusOK)
	// The acute-danger line comes before anything else is asked.
	acute, form := strings.Index(r.Body, e.html("fi", "home.acute.heading")), strings.Index(r.Body, `<form method="post" action="/help"`)
	if acute < 0 || form < 0 || acute > form {
		t.Errorf("the acute-danger line (%d) is not before the form (%d)", acute, form)
	}
	wantContains(t, r, `class="pub-hp" aria-hidden="true"`, `name="website" value="" tabindex="-1" autocomplete="off"`,
		`<option value="Pori">`, `<option value="Rauma">`)

	// Sent: a 303 to the receipt, stored with what was asked.
	r = b.post("/help", helpPost(nil))
	loc := r.Header.Get("Location")
	wantStatus(t, r, http.StatusSeeOther)
	receipt, ok := strings.CutPrefix(loc, "/help/sent/")
	if !ok || !receiptShape.MatchString(receipt) {
		t.Fatalf("redirect to %q", loc)
	}
	items := e.items()
	if len(items) != 1 {
		t.Fatalf("%d items stored", len(items))
	}
	it := items[0]
	if it.Receipt != receipt || it.Kind != intake.KindHelpRequest || it.Source != intake.SourcePublicForm || it.Subject.Name != "Matti" ||
		it.Details.Contact.Phone != "040 111 2222" || !slices.Equal(it.Details.Topics, []string{"housing", "money"}) ||
		it.Subject.Language != "fi" || it.TeamID != e.adults.ID {
		t.Errorf("stored %+v", it)
	}
	r = b.get(loc)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, receipt, e.html("fi", "help.sent.next.contact"))

	// Anonymous: the receipt says where help is available instead.
	r = b.post("/help", helpPost(url.Values{"method": {"none"}, "name": nil, "phone": nil, "may_leave_message": nil}))
	wantStatus(t, r, http.StatusSeeOther)
	loc = r.Header.Get("Location")
	if !strings.HasPrefix(loc, "/help/sent/") || !strings.HasSuffix(loc, "?anonymous=1") {
		t.Fatalf("anonymous request sent to %q", loc)
	}
	r = b.get(loc)
	wantContains(t, r, `href="/"`, `href="/phone"`, "0800 123 456", "112")
	if strings.Contains(r.Body, e.html("fi", "help.sent.next.contact")) {
		t.Error("an anonymous sender is told they will be contacted")
	}
	if n := len(e.items()); n != 2 {
		t.Fatalf("%d items stored", n)
	}

	// Refused: the values come back, the summary links to the fields.
	r = b.post("/help", helpPost(url.Values{"municipality": {""}, "concern": {"Olen <yksin> & väsynyt"}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `class="error-summary"`, `href="#municipality"`, `Olen &lt;yksin&gt; &amp; väsynyt</textarea>`,
		`value="040 111 2222"`, `value="Matti"`, `id="topic-money" name="topics" value="money" checked`, `aria-invalid="true"`)
	r = b.post("/help", helpPost(url.Values{"phone": {""}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `href="#phone"`, `id="phone-error"`)
	r = b.post("/help", helpPost(url.Values{"method": {"none"}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `href="#method-none"`)
	if n := len(e.items()); n != 2 {
		t.Errorf("refused forms stored items: %d", n)
	}

	// Another site's form is refused by cross-origin protection; there is
	// no session, so no token to check, as with the sign-in form.
	req := b.newRequest(http.MethodPost, "/help", strings.NewReader(helpPost(nil).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	wantStatus(t, b.do(req), http.StatusForbidden)
	if n := len(e.items()); n != 2 {
		t.Errorf("a cross-site post stored an item")
	}

	// The bot that fills the honeypot sees a receipt; nothing is stored.
	r = b.post("/help", helpPost(url.Values{"website": {"http://spam.example"}}))
	wantStatus(t, r, http.StatusSeeOther)
	if !strings.HasPrefix(r.Header.Get("Location"), "/help/sent/") {
		t.Errorf("honeypot answered with %q", r.Header.Get("Location"))
	}
	if n := len(e.items()); n != 2 {
		t.Errorf("the honeypot stored an item")
	}
	wantContains(t, b.get("/metrics"), `kynnys_intake_public_refused_total{reason="honeypot"} 1`)

	wantStatus(t, b.get("/help/sent/nope"), http.StatusNotFound)
	wantStatus(t, b.get("/notify/sent/K7QX-M2H"), http.StatusNotFound)
}

func TestPublicFormsRateLimit(t *testing.T) {
	t.Parallel()
	e := newIntakeEnv(t, "sqlite")
	b := e.browser()
	b.Header.Set("Accept-Language", "sv")
	b.setAddr("[2001:db8:1:2::10]")
	for range submitBurst {
		wantStatus(t, b.post("/help", helpPost(nil)), http.StatusSeeOther)
	}
	// Mistakes do not spend the budget, but the next valid form is refused.
	r := b.post("/help", helpPost(url.Values{"municipality": {""}}))
	wantStatus(t, r, http.StatusBadRequest)
	r = b.post("/help", helpPost(url.Values{"concern": {"Sama taas"}}))
	wantStatus(t, r, http.StatusTooManyRequests)
	if pageLang(r) != "sv" || r.Header.Get("Retry-After") == "" {
		t.Errorf("429 in %q, Retry-After %q", pageLang(r), r.Header.Get("Retry-After"))
	}
	wantContains(t, r, e.html("sv", "help.errors.heading"), "Sama taas</textarea>", "0800 123 456")
	// The same /64 shares the budget, and the API shares it with the forms.
	b.setAddr("[2001:db8:1:2::99]")
	wantStatus(t, b.post("/notify", notifyPost(nil)), http.StatusTooManyRequests)
	api := e.postIntake("", "/api/v1/help-requests", map[string]any{"municipality": "Pori", "topics": []string{"money"},
		"anonymous": true}, "[2001:db8:1:2::abc]")
	wantDirectoryError(t, api, http.StatusTooManyRequests, "too_many_requests", "")
	// Another address is not held back; after a while this one is not either.
	b.setAddr("192.0.2.77")
	wantStatus(t, b.post("/help", helpPost(nil)), http.StatusSeeOther)
	e.clock.advance(submitWindow / submitBurst)
	b.setAddr("[2001:db8:1:2::10]")
	wantStatus(t, b.post("/help", helpPost(nil)), http.StatusSeeOther)
	if n := len(e.items()); n != submitBurst+2 {
		t.Errorf("%d items stored, want %d", n, submitBurst+2)
	}
	// Staff recording contacts are not limited.
	tok := e.newToken(e.adultWorker.ID)
	for range submitBurst + 1 {
		r := e.postIntake(tok, "/api/v1/contacts", map[string]any{"kind": "phone", "municipality": "Pori", "concern": "x"}, "[2001:db8:1:2::10]")
		wantStatus(t, r, http.StatusCreated)
	}
}

// notifyPost is a valid child welfare notification form with changes.
func notifyPost(changes url.Values) url.Values {
	f := url.Values{"kind": {"child_welfare"}, "subject_name": {"Liisa"}, "subject_hetu": {childHetu}, "subject_birth_date": {""},
		"subject_language": {"fi"}, "guardian0_name": {"Huoltaja Yksi"}, "guardian0_phone": {"050 000 0000"}, "guardian1_name": {""},
		"expected_due_date": {""}, "concern": {"Lapsi on usein yksin."}, "municipality": {"Pori"}, "person_knows": {"no"},
		"police_notified": {"on"}, "notifier_name": {"Terttu"}, "notifier_organisation": {"Porin neuvola"},
		"notifier_phone": {"044 123 4567"}, "wants_acknowledgement": {"on"}, "cues": {"child.alone"}, "website": {""}}
	for k, v := range changes {
		if v == nil {
			delete(f, k)
		} else {
			f[k] = v
		}
	}
	return f
}

func TestNotifyForm(t *testing.T) {
	t.Parallel()
	e := newIntakeEnv(t, "sqlite")
	b := e.browser()

	r := b.get("/notify?lang=sv")
	wantStatus(t, r, http.StatusOK)
	acute, form := strings.Index(r.Body, e.html("sv", "home.acute.heading")), strings.Index(r.Body, `action="/notify"`)
	if acute < 0 || acute > form {
		t.Error("the acute-danger line is not before the form")
	}
	for _, k := range intake.NotificationKinds {
		wantContains(t, r, `id="kind-`+string(k)+`"`, e.html("sv", "notify.kind."+string(k)+".explain"))
	}

	r = b.post("/notify", notifyPost(nil))
	loc := r.Header.Get("Location")
	wantStatus(t, r, http.StatusSeeOther)
	receipt, _ := strings.CutPrefix(loc, "/notify/sent/")
	items := e.items()
	if len(items) != 1 {
		t.Fatalf("%d items", len(items))
	}
	it := items[0]
	if it.Receipt != receipt || it.Kind != intake.KindChildWelfare || it.Source != intake.SourceNotification ||
		it.Subject.Hetu != childHetu || len(it.Subject.Guardians) != 1 || it.Subject.Guardians[0].Phone != "050 000 0000" ||
		it.Notifier == nil || !it.Notifier.Professional || !it.Notifier.WantsAcknowledgement || !it.Details.PoliceNotified ||
		!slices.Equal(it.Details.Cues, []string{"child.alone"}) || it.TeamID != e.families.ID {
		t.Errorf("stored %+v, notifier %+v", it, it.Notifier)
	}
	r = b.get(loc)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, receipt, e.html("sv", "notify.sent.next.child"))

	// A professional must say who they are; what was typed comes back.
	r = b.post("/notify", notifyPost(url.Values{"notifier_name": {""}, "subject_birth_date": {"31.2.2015"}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `href="#subject-birth_date"`, `value="31.2.2015"`, `value="`+childHetu+`"`, `value="Huoltaja Yksi"`)
	r = b.post("/notify", notifyPost(url.Values{"notifier_name": {""}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `href="#notifier-name"`, `id="notifier-name-error"`, `value="Porin neuvola"`, `Lapsi on usein yksin.</textarea>`,
		`id="kind-child_welfare" name="kind" value="child_welfare" checked`)
	r = b.post("/notify", notifyPost(url.Values{"kind": {"phone"}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `href="#kind-shl35_consent"`)
	r = b.post("/notify", notifyPost(url.Values{"kind": {"shl35_consent"}, "private": {"on"}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `href="#private"`)
	r = b.post("/notify", notifyPost(url.Values{"kind": {"anticipatory_child_welfare"}, "expected_due_date": {"1.3.2027"},
		"subject_hetu": {""}, "guardian0_name": {""}, "guardian0_phone": {""}}))
	wantStatus(t, r, http.StatusSeeOther)
	if n := len(e.items()); n != 2 {
		t.Fatalf("%d items", n)
	}

	// A private person may leave their identity out of a child welfare notification.
	r = b.post("/notify", notifyPost(url.Values{"private": {"on"}, "notifier_name": {""}, "notifier_organisation": {""},
		"notifier_phone": {""}, "wants_acknowledgement": nil}))
	wantStatus(t, r, http.StatusSeeOther)
	if n := len(e.items()); n != 3 {
		t.Fatalf("%d items", n)
	}

	// The recognition tool prefills, by address (kind and cue codes) or by
	// a posted draft (with the concern); it never submits. Free text in an
	// address is not taken.
	r = b.get("/notify?kind=child_welfare&cues=child.alone,home.neglect,<bad>&concern=" + url.QueryEscape("Huoli & kiire"))
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `id="kind-child_welfare" name="kind" value="child_welfare" checked`,
		`<input type="hidden" name="cues" value="child.alone">`, `<input type="hidden" name="cues" value="home.neglect">`)
	if strings.Contains(r.Body, "bad&gt;") || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("prefill kept a malformed cue, or may be cached (%q)", r.Header.Get("Cache-Control"))
	}
	if strings.Contains(r.Body, "Huoli &amp; kiire") {
		t.Error("the concern was taken from the address")
	}
	r = b.post("/notify", url.Values{"step": {"prefill"}, "kind": {"elderly"}, "cues": {"memory"}, "concern": {"Muisti"}})
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `value="elderly" checked`, `name="cues" value="memory"`, `Muisti</textarea>`)
	if n := len(e.items()); n != 3 {
		t.Errorf("prefilling stored an item")
	}

}

// TestPublicFormLinks: the public pages lead to the forms, and so does
// the start page of staff who notify rather than triage.
func TestPublicFormLinks(t *testing.T) {
	t.Parallel()
	// The wall clock: sessions are made with it.
	e := newEnv(t, "sqlite", Config{})
	wantContains(t, e.browser().get("/"), `href="/help"`, `href="/notify"`)
	nurse := e.newUser(access.RoleHealthProfessional, withTOTP())
	b := e.browser()
	b.signInAs(nurse, true)
	wantContains(t, b.get("/staff"), `href="/notify"`)
	// A signed-in member of staff finds their name already filled in,
	// and is not held back by the address's limit.
	wantContains(t, b.get("/notify"), `value="`+nurse.Name+`"`, `value="`+nurse.Email+`"`)
	anonymous := e.browser() // the same address
	for range submitBurst {
		wantStatus(t, anonymous.post("/notify", notifyPost(nil)), http.StatusSeeOther)
	}
	wantStatus(t, anonymous.post("/notify", notifyPost(nil)), http.StatusTooManyRequests)
	wantStatus(t, b.post("/notify", notifyPost(nil)), http.StatusSeeOther)
}
