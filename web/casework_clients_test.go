package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
	"kynnys/hetu"
)

// clientHetu is a made-up temporary identity code of someone born on
// 15.3.1980, distinct for each call.
func clientHetu(e *testEnv) string {
	n := 900 + int(e.seq.Add(1)%100)
	nine := "150380" + strconv.Itoa(n)
	return "150380-" + strconv.Itoa(n) + string(hetu.CheckSymbol(nine))
}

// newTestClient stores a client recorded by by, with mods applied first.
func newTestClient(e *testEnv, by *testUser, mods ...func(*casework.Client)) *casework.Client {
	e.t.Helper()
	c := &casework.Client{Name: "Marja Virtanen", Hetu: clientHetu(e), Municipality: "Pori", Phone: "040 123 4567",
		Languages: []string{"fi"}, CreatedBy: by.ID}
	for _, m := range mods {
		m(c)
	}
	if err := c.Validate(calendar.DateOf(e.clock.now())); err != nil {
		e.t.Fatalf("test client: %v", err)
	}
	if err := e.db.CreateClient(e.ctx(), c); err != nil {
		e.t.Fatalf("create client: %v", err)
	}
	return c
}

type clientsEnv struct {
	*testEnv
	pori, salo               *access.Team
	lead, worker, counsellor *testUser // Pori
	saloWorker               *testUser
}

func newClientsEnv(t *testing.T, engine string) *clientsEnv {
	t.Helper()
	e := newEnv(t, engine, Config{})
	pori := e.newTeam("Porin tiimi", []string{"Pori"}, access.TargetWorkingAge, access.TargetFamilies)
	salo := e.newTeam("Salon tiimi", []string{"Salo"})
	return &clientsEnv{testEnv: e, pori: pori, salo: salo,
		lead:       e.newUser(access.RoleTeamLead, withTeams(pori.ID)),
		worker:     e.newUser(access.RoleSocialWorker, withTeams(pori.ID)),
		counsellor: e.newUser(access.RoleSocialCounsellor, withTeams(pori.ID)),
		saloWorker: e.newUser(access.RoleSocialWorker, withTeams(salo.ID))}
}

// openCase opens a case for clientID through the form (at path, when
// given) and returns its id.
func (e *clientsEnv) openCase(b *browser, path, clientID string, form url.Values) string {
	e.t.Helper()
	if path == "" {
		path = "/cases/new?client=" + clientID
	}
	r := b.postCSRF(path, form)
	wantStatus(e.t, r, http.StatusSeeOther)
	id, ok := strings.CutPrefix(r.Header.Get("Location"), "/cases/")
	if !ok || id == "" || strings.ContainsAny(id, "/?") {
		e.t.Fatalf("opened a case: redirect to %q", r.Header.Get("Location"))
	}
	return id
}

// wantNoHetu fails if code shows in the response's address, redirect or
// the server's log.
func (e *clientsEnv) wantNoHetu(r *resp, code string) {
	e.t.Helper()
	for _, s := range []string{r.Request.URL.String(), r.Header.Get("Location"), e.logs.String()} {
		if strings.Contains(strings.ToUpper(s), code) {
			e.t.Fatalf("identity code in %q", s)
		}
	}
}

// clientFormValues is a new-client form for name with an identity code or
// a birth date.
func clientFormValues(name, code, birth string) url.Values {
	return url.Values{"name": {name}, "hetu": {code}, "birth_date": {birth}, "municipality": {"Pori"},
		"phone": {"040 765 4321"}, "languages": {"fi, ru"}}
}

func TestClientSearch(t *testing.T) {
	t.Parallel()
	eachEngine(t, newClientsEnv, func(t *testing.T, e *clientsEnv) {
		marja := newTestClient(e.testEnv, e.worker)
		other := newTestClient(e.testEnv, e.worker, func(c *casework.Client) {
			c.Name, c.Hetu = "Pekka Peloton", ""
			c.BirthDate = calendar.Date{Year: 1975, Month: 5, Day: 5}
		})

		b := e.as(e.worker)
		r := b.postCSRF("/clients/search", url.Values{"hetu": {strings.ToLower(marja.Hetu)}})
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, `href="/clients/`+marja.ID+`"`, "Marja Virtanen", "15.3.1980", e.html("fi", "casework_clients.access.full"))
		if strings.Contains(r.Body, "Pekka Peloton") {
			t.Fatal("a search by identity code shows someone else")
		}
		e.wantNoHetu(r, marja.Hetu)
		if strings.Contains(r.Body, `href="/clients/search?`) {
			t.Fatal("language links lead to the POST address")
		}
		if !e.logged(marja.ID, e.worker, access.LogView, clientSearchPurpose) {
			t.Fatal("the hit shown was not logged")
		}
		if e.logged(other.ID, e.worker, access.LogView, clientSearchPurpose) {
			t.Fatal("a client not shown was logged")
		}

		r = b.postCSRF("/clients/search", url.Values{"name": {"virt mar"}})
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, `href="/clients/`+marja.ID+`"`)
		r = b.postCSRF("/clients/search", url.Values{"name": {"Peloton"}, "birth_date": {"1975-05-05"}})
		wantContains(t, r, `href="/clients/`+other.ID+`"`)
		r = b.postCSRF("/clients/search", url.Values{"name": {"Peloton"}, "birth_date": {"1976-05-05"}})
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, e.html("fi", "casework_clients.search.none"))

		// Someone in another team sees the hit, and that they have no access.
		r = e.as(e.saloWorker).postCSRF("/clients/search", url.Values{"name": {"Marja"}})
		wantContains(t, r, `href="/clients/`+marja.ID+`"`, e.html("fi", "casework_clients.access.none"))

		// Bad input: 400 in the user's language, the code kept in the form only.
		sv := e.asIn(e.worker, "sv")
		for _, tc := range []struct {
			form url.Values
			key  string
		}{
			{url.Values{"hetu": {"150380-900X"}}, "casework.error.invalid_hetu"},
			{url.Values{"name": {" "}}, "casework_clients.error.search_name"},
			{url.Values{"name": {"Marja"}, "birth_date": {"15.3.1980"}}, "error.date"},
		} {
			r := sv.postCSRF("/clients/search", tc.form)
			wantStatus(t, r, http.StatusBadRequest)
			wantContains(t, r, e.html("sv", tc.key), `class="error-summary"`)
		}
	})
}

func TestClientCreateAndDuplicates(t *testing.T) {
	t.Parallel()
	eachEngine(t, newClientsEnv, func(t *testing.T, e *clientsEnv) {
		b := e.as(e.counsellor)
		code := clientHetu(e.testEnv)

		r := b.postCSRF("/clients/new", clientFormValues("Liisa Laine", code, ""))
		loc := wantRedirect(t, r, "/cases/new")
		e.wantNoHetu(r, code)
		id := loc.Query().Get("client")
		cl, err := e.db.Client(e.ctx(), id)
		if err != nil {
			t.Fatal(err)
		}
		if cl.Hetu != code || cl.BirthDate != (calendar.Date{Year: 1980, Month: 3, Day: 15}) || cl.CreatedBy != e.counsellor.ID ||
			strings.Join(cl.Languages, ",") != "fi,ru" {
			t.Fatalf("client %+v", cl)
		}
		if !e.logged(id, e.counsellor, access.LogCreate, casePurpose) {
			t.Fatal("creation not logged")
		}
		// The recorder may open the client (no case yet) and the case form.
		wantStatus(t, b.get("/clients/"+id), http.StatusOK)
		wantContains(t, b.get(loc.String()), e.html("fi", "casework_clients.saved.client"))

		// The same identity code again: no second client, a link to the first.
		r = b.postCSRF("/clients/new", clientFormValues("Liisa Toinen", strings.ToLower(code), ""))
		wantStatus(t, r, http.StatusConflict)
		wantContains(t, r, e.html("fi", "casework.error.duplicate_client"), `href="/clients/`+id+`"`, `href="/cases/new?client=`+id+`"`)
		e.wantNoHetu(r, code)
		hits, err := e.db.SearchClients(e.ctx(), casework.ClientQuery{Hetu: code, Limit: 10})
		if err != nil || len(hits) != 1 {
			t.Fatalf("clients with the code: %v %v", hits, err)
		}

		// The same name and birth date: only after confirming.
		form := clientFormValues("Pekka Peloton", "", "1975-05-05")
		wantRedirect(t, b.postCSRF("/clients/new", form), "/cases/new")
		r = b.postCSRF("/clients/new", form)
		wantStatus(t, r, http.StatusConflict)
		wantContains(t, r, e.html("fi", "casework_clients.duplicates.heading"), `name="different"`,
			e.html("fi", "casework_clients.error.confirm_different"))
		form.Set("different", "on")
		wantRedirect(t, b.postCSRF("/clients/new", form), "/cases/new")
		hits, err = e.db.SearchClients(e.ctx(), casework.ClientQuery{Name: "Pekka Peloton", Limit: 10})
		if err != nil || len(hits) != 2 {
			t.Fatalf("two Pekkas: %v %v", hits, err)
		}

		// Bad input: 400 with the error by the field, in the user's language.
		sv := e.asIn(e.counsellor, "sv")
		e.wantFormErrors(t, sv, "/clients/new", "sv", []formError{
			{clientFormValues("", code, ""), "client-name", "error.required"},
			{clientFormValues("Anna", "150380-900X", ""), "client-hetu", "casework.error.invalid_hetu"},
			{clientFormValues("Anna", "", ""), "client-birth_date", "casework.error.birth_date_required"},
			{clientFormValues("Anna", "", "5/5/1975"), "client-birth_date", "error.date"},
			{clientFormValues("Anna", code, "1981-01-01"), "client-birth_date", "casework.error.birth_date_mismatch"},
			{func() url.Values { f := clientFormValues("Anna", "", "1975-01-01"); f.Set("email", "no at"); return f }(), "client-email", "error.email"},
			{func() url.Values {
				f := clientFormValues("Anna", "", "1975-01-01")
				f.Set("languages", "finnish")
				return f
			}(), "client-languages", "casework.error.language"},
		})
		e.wantNoHetu(r, code)
	})
}

func TestClientFromIntake(t *testing.T) {
	t.Parallel()
	e := newClientsEnv(t, "sqlite")
	it := newTriageItem(e.testEnv)
	theirs := newTriageItem(e.testEnv, inMunicipality("Salo"))
	b := e.as(e.worker)

	r := b.get("/clients/new?intake=" + it.ID)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `value="`+triageSubjectName+`"`, `value="`+it.Subject.Hetu+`"`, `name="intake" value="`+it.ID+`"`, it.Receipt)
	if !e.logged(it.PersonID, e.worker, access.LogView, casePurpose) {
		t.Fatal("reading the intake item's person was not logged")
	}
	wantStatus(t, b.get("/clients/new?intake="+theirs.ID), http.StatusForbidden)
	if !e.logged(theirs.PersonID, e.worker, access.LogDeny, casePurpose) {
		t.Fatal("the refused read was not logged")
	}
	wantStatus(t, b.get("/clients/new?intake=nosuchitem"), http.StatusNotFound)

	f := clientFormValues(triageSubjectName, it.Subject.Hetu, "")
	f.Set("intake", it.ID)
	loc := wantRedirect(t, b.postCSRF("/clients/new", f), "/cases/new")
	if loc.Query().Get("intake") != it.ID {
		t.Fatalf("the intake item is not carried along: %s", loc)
	}
	caseID := e.openCase(b, loc.String(), "", url.Values{"team": {e.pori.ID}, "worker": {e.worker.ID}, "target_group": {"working_age"}})
	c := e.storedCase(caseID)
	if c.Origin != casework.OriginIntake || c.OriginRef != it.ID || c.ClientID != loc.Query().Get("client") {
		t.Fatalf("case %+v", c)
	}

	// The item page offers to open a case to caseworkers.
	wantContains(t, b.get("/intake/items/"+it.ID), `href="/clients/new?intake=`+it.ID+`"`)
	f.Set("intake", theirs.ID)
	wantStatus(t, b.postCSRF("/clients/new", f), http.StatusForbidden)
}

func TestClientPageAccessAndExport(t *testing.T) {
	t.Parallel()
	eachEngine(t, newClientsEnv, func(t *testing.T, e *clientsEnv) {
		cl := newTestClient(e.testEnv, e.counsellor)
		b := e.as(e.counsellor)
		e.openCase(b, "", cl.ID, url.Values{"team": {e.pori.ID}, "worker": {e.counsellor.ID}, "target_group": {"working_age"}})

		r := b.get("/clients/" + cl.ID)
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, cl.Name, cl.Hetu, "040 123 4567", e.html("fi", "casework.status.active"), "Porin tiimi",
			`href="/clients/`+cl.ID+`/edit"`, `href="/clients/`+cl.ID+`/export"`)
		if !e.logged(cl.ID, e.counsellor, access.LogView, casePurpose) {
			t.Fatal("view not logged")
		}

		// Outside the team: 403, logged as refused, nothing of the client shown.
		r = e.as(e.saloWorker).get("/clients/" + cl.ID)
		wantStatus(t, r, http.StatusForbidden)
		if strings.Contains(r.Body, cl.Name) || strings.Contains(r.Body, cl.Hetu) {
			t.Fatal("the refusal shows the client")
		}
		wantContains(t, r, e.html("fi", "casework_clients.error.no_access"))
		if !e.logged(cl.ID, e.saloWorker, access.LogDeny, casePurpose) {
			t.Fatal("deny not logged")
		}
		wantStatus(t, e.as(e.saloWorker).get("/clients/"+cl.ID+"/export"), http.StatusForbidden)
		wantStatus(t, e.as(e.saloWorker).get("/clients/"+cl.ID+"/edit"), http.StatusForbidden)
		// A same-team social worker must state a purpose on a case first.
		r = e.as(e.worker).get("/clients/" + cl.ID)
		wantStatus(t, r, http.StatusForbidden)
		wantContains(t, r, e.html("fi", "casework_clients.error.purpose_required"), `href="/cases/`)
		wantStatus(t, b.get("/clients/nosuchclient"), http.StatusNotFound)

		r = b.get("/clients/" + cl.ID + "/export")
		wantStatus(t, r, http.StatusOK)
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
			t.Fatalf("Content-Disposition %q", cd)
		}
		var data struct {
			Client struct{ Name, Hetu string }
			Cases  []struct {
				Case   struct{ ID string }
				Events []struct{ Type string }
			} `json:"cases"`
			Staff map[string]string `json:"staff"`
		}
		if err := json.Unmarshal([]byte(r.Body), &data); err != nil {
			t.Fatalf("export: %v\n%s", err, r.Body)
		}
		if data.Client.Name != cl.Name || data.Client.Hetu != cl.Hetu || len(data.Cases) != 1 || len(data.Cases[0].Events) < 2 ||
			data.Staff[e.counsellor.ID] != e.counsellor.Name {
			t.Fatalf("export %+v", data)
		}
		if !e.logged(cl.ID, e.counsellor, access.LogExport, casePurpose) {
			t.Fatal("export not logged as an export")
		}
	})
}

func TestClientConsents(t *testing.T) {
	t.Parallel()
	eachEngine(t, newClientsEnv, func(t *testing.T, e *clientsEnv) {
		cl := newTestClient(e.testEnv, e.counsellor)
		b := e.as(e.counsellor)
		until := calendar.DateOf(e.clock.now()).AddDays(180).String()

		r := b.postCSRF("/clients/"+cl.ID+"/consents", url.Values{"partner": {"kela"}, "scope": {"contact", "plan"}, "valid_until": {until}})
		wantRedirect(t, r, "/clients/"+cl.ID)
		consents, err := e.db.Consents(e.ctx(), cl.ID)
		if err != nil || len(consents) != 1 {
			t.Fatalf("consents %v %v", consents, err)
		}
		c := consents[0]
		if c.Partner != casework.PartnerKela || len(c.Scope) != 2 || c.RecordedBy != e.counsellor.ID || !c.ActiveAt(e.clock.now()) {
			t.Fatalf("consent %+v", c)
		}
		if !e.logged(cl.ID, e.counsellor, access.LogUpdate, casePurpose) {
			t.Fatal("update not logged")
		}
		r = b.get("/clients/" + cl.ID)
		wantContains(t, r, e.html("fi", "casework_clients.consent.state.active"), e.html("fi", "casework.info.plan"),
			`action="/clients/`+cl.ID+`/consents/`+c.ID+`/withdraw"`)

		// Bad input comes back with the error by its field.
		sv := e.asIn(e.counsellor, "sv")
		e.wantFormErrors(t, sv, "/clients/"+cl.ID+"/consents", "sv", []formError{
			{url.Values{"partner": {"kela"}, "valid_until": {until}}, "consent-scope", "error.required"},
			{url.Values{"partner": {"ngo"}, "scope": {"contact"}, "valid_until": {until}}, "consent-organisation", "error.required"},
			{url.Values{"partner": {"mafia"}, "scope": {"contact"}, "valid_until": {until}}, "consent-partner", "error.unknown_code"},
			{url.Values{"partner": {"kela"}, "scope": {"contact"}, "valid_until": {"2001-01-01"}}, "consent-valid_until", "casework.error.due_past"},
			{url.Values{"partner": {"kela"}, "scope": {"contact"}, "valid_until": {"soon"}}, "consent-valid_until", "error.date"},
			{url.Values{"partner": {"kela"}, "scope": {"contact"}}, "consent-valid_until", "error.required"},
		})

		// Others may not record or withdraw.
		wantStatus(t, e.as(e.saloWorker).postCSRF("/clients/"+cl.ID+"/consents/"+c.ID+"/withdraw", nil), http.StatusForbidden)

		wantRedirect(t, b.postCSRF("/clients/"+cl.ID+"/consents/"+c.ID+"/withdraw", nil), "/clients/"+cl.ID)
		got, err := e.db.Consent(e.ctx(), c.ID)
		if err != nil || got.WithdrawnAt == nil || got.WithdrawnBy != e.counsellor.ID {
			t.Fatalf("withdrawn consent %+v %v", got, err)
		}
		wantContains(t, b.get("/clients/"+cl.ID), e.html("fi", "casework_clients.consent.state.withdrawn"))
		wantStatus(t, b.postCSRF("/clients/"+cl.ID+"/consents/"+c.ID+"/withdraw", nil), http.StatusConflict)
		other := newTestClient(e.testEnv, e.counsellor)
		wantStatus(t, b.postCSRF("/clients/"+other.ID+"/consents/"+c.ID+"/withdraw", nil), http.StatusNotFound)
	})
}

func TestClientEdit(t *testing.T) {
	t.Parallel()
	eachEngine(t, newClientsEnv, func(t *testing.T, e *clientsEnv) {
		cl := newTestClient(e.testEnv, e.counsellor)
		b := e.as(e.counsellor)
		r := b.get("/clients/" + cl.ID + "/edit")
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, `value="`+cl.Name+`"`, `name="version" value="`+strconv.Itoa(cl.Version)+`"`)

		f := clientFormValues("Marja Virtanen-Laine", cl.Hetu, "")
		f.Set("version", strconv.Itoa(cl.Version))
		wantRedirect(t, b.postCSRF("/clients/"+cl.ID+"/edit", f), "/clients/"+cl.ID)
		got, err := e.db.Client(e.ctx(), cl.ID)
		if err != nil || got.Name != "Marja Virtanen-Laine" || got.Version == cl.Version {
			t.Fatalf("edited %+v %v", got, err)
		}
		if !e.logged(cl.ID, e.counsellor, access.LogUpdate, casePurpose) {
			t.Fatal("update not logged")
		}

		// The same old version again: someone changed it meanwhile.
		f.Set("name", "Marja V.")
		r = b.postCSRF("/clients/"+cl.ID+"/edit", f)
		wantStatus(t, r, http.StatusConflict)
		wantContains(t, r, e.html("fi", "casework.error.conflict"), `value="Marja V."`, `name="version" value="`+strconv.Itoa(got.Version)+`"`)

		f.Set("version", strconv.Itoa(got.Version))
		f.Set("hetu", "150380-900X")
		wantStatus(t, b.postCSRF("/clients/"+cl.ID+"/edit", f), http.StatusBadRequest)
		f.Del("version")
		wantStatus(t, b.postCSRF("/clients/"+cl.ID+"/edit", f), http.StatusBadRequest)

		// Another client's identity code is refused.
		other := newTestClient(e.testEnv, e.counsellor)
		f = clientFormValues("Marja", other.Hetu, "")
		f.Set("version", strconv.Itoa(got.Version))
		r = b.postCSRF("/clients/"+cl.ID+"/edit", f)
		wantStatus(t, r, http.StatusConflict)
		wantContains(t, r, e.html("fi", "casework.error.duplicate_client"))
	})
}

func TestCaseOpenCaseloadCap(t *testing.T) {
	t.Parallel()
	eachEngine(t, newClientsEnv, func(t *testing.T, e *clientsEnv) {
		if err := e.db.SetTeamCap(e.ctx(), e.pori.ID, 1, e.lead.ID); err != nil {
			t.Fatal(err)
		}
		first := newTestClient(e.testEnv, e.counsellor)
		second := newTestClient(e.testEnv, e.counsellor)
		third := newTestClient(e.testEnv, e.lead)
		b := e.as(e.counsellor)

		r := b.get("/cases/new?client=" + first.ID)
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, first.Name, e.html("fi", "casework_clients.case.load", 0, 1), `value="working_age" selected`)
		if strings.Contains(r.Body, `name="override_reason"`) {
			t.Fatal("a counsellor is offered the override")
		}
		open := url.Values{"team": {e.pori.ID}, "worker": {e.counsellor.ID}, "second_worker": {e.worker.ID}, "target_group": {"working_age"}}
		c := e.storedCase(e.openCase(b, "", first.ID, open))
		if c.WorkerID != e.counsellor.ID || c.SecondWorkerID != e.worker.ID || c.Status != casework.StatusActive ||
			c.Origin != casework.OriginDirect || c.TeamID != e.pori.ID || c.OpenedBy != e.counsellor.ID {
			t.Fatalf("case %+v", c)
		}
		if types := eventTypes(e.caseEvents(c.ID)); types != "opened,assigned" {
			t.Fatalf("events %s", types)
		}
		if !e.logged(first.ID, e.counsellor, access.LogCreate, casePurpose) {
			t.Fatal("opening not logged")
		}

		// The counsellor's caseload is now full: refused, with a pointer to the lead.
		r = b.postCSRF("/cases/new?client="+second.ID, open)
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, e.html("fi", "casework_clients.error.over_cap", 1, 1))
		if cases, _ := e.db.ClientCases(e.ctx(), second.ID); len(cases) != 0 {
			t.Fatalf("a case was opened over the cap: %+v", cases)
		}
		// Naming a reason does not make a counsellor a team lead.
		open.Set("override_reason", "Tunnen asiakkaan")
		wantStatus(t, b.postCSRF("/cases/new?client="+second.ID, open), http.StatusBadRequest)

		// The team lead sees the override field and must give a reason.
		lb := e.as(e.lead)
		wantContains(t, lb.get("/cases/new?client="+second.ID), `name="override_reason"`, e.html("fi", "casework_clients.case.full"))
		open.Del("override_reason")
		r = lb.postCSRF("/cases/new?client="+second.ID, open)
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, e.html("fi", "casework_clients.error.override_reason", 1, 1))
		open.Set("override_reason", "Asiakas tuntee jo ohjaajan, siirto toiselle katkaisisi luottamuksen.")
		evs := e.caseEvents(e.openCase(lb, "", second.ID, open))
		if types := eventTypes(evs); types != "opened,assigned,over_cap" || evs[2].Text != open.Get("override_reason") || evs[2].By != e.lead.ID {
			t.Fatalf("events %s %+v", types, evs)
		}

		// Bad input: 4xx in the user's language, never 500.
		sv := e.asIn(e.lead, "sv")
		e.wantFormErrors(t, sv, "/cases/new?client="+third.ID, "sv", []formError{
			{url.Values{"worker": {e.lead.ID}, "target_group": {"working_age"}}, "case-team", "error.required"},
			{url.Values{"team": {e.salo.ID}, "worker": {e.lead.ID}, "target_group": {"working_age"}}, "case-team", "casework_clients.error.not_your_team"},
			{url.Values{"team": {e.pori.ID}, "target_group": {"working_age"}}, "case-worker", "error.required"},
			{url.Values{"team": {e.pori.ID}, "worker": {e.saloWorker.ID}, "target_group": {"working_age"}}, "case-worker", "casework_clients.error.worker_team"},
			{url.Values{"team": {e.pori.ID}, "worker": {e.lead.ID}, "second_worker": {"nobody"}, "target_group": {"working_age"}}, "case-second_worker", "casework_clients.error.worker_team"},
			{url.Values{"team": {e.pori.ID}, "worker": {e.lead.ID}, "target_group": {"pets"}}, "case-target_group", "error.unknown_code"},
		})
		wantStatus(t, sv.get("/cases/new?client=nosuchclient"), http.StatusNotFound)
		wantRedirect(t, sv.get("/cases/new"), "/clients")
	})
}

func eventTypes(evs []casework.Event) string {
	types := make([]string, len(evs))
	for i, ev := range evs {
		types[i] = string(ev.Type)
	}
	return strings.Join(types, ",")
}

func TestClientStartPageLinks(t *testing.T) {
	t.Parallel()
	e := newClientsEnv(t, "sqlite")
	for _, tc := range []struct {
		u    *testUser
		want bool
	}{{e.counsellor, true}, {e.lead, true}, {e.newUser(access.RoleAnalyst), false}, {e.newUser(access.RoleAdmin), false}} {
		r := e.as(tc.u).get("/staff")
		wantStatus(t, r, http.StatusOK)
		if got := strings.Contains(r.Body, `href="/clients"`) && strings.Contains(r.Body, `href="/casework"`); got != tc.want {
			t.Errorf("%s: links to clients and cases %v, want %v", tc.u.Role, got, tc.want)
		}
	}
	// The intake item page offers "Open a case" only to caseworkers.
	it := newTriageItem(e.testEnv)
	if r := e.as(e.counsellor).get("/intake/items/" + it.ID); !strings.Contains(r.Body, "/clients/new?intake="+it.ID) {
		t.Error("no open-a-case link on the intake item")
	}
}
