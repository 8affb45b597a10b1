package store_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
	"kynnys/intake"
	"kynnys/store"
	"kynnys/store/storetest"
)

// cwBase is the instant the case-work tests' history starts at: fixed, in
// UTC and whole seconds, so what is read back compares equal.
var cwBase = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// cwEnv is a team with two workers and a third user outside it.
type cwEnv struct {
	db                       *store.DB
	team, other              *access.Team
	worker, second, stranger *access.User
}

func newCW(t *testing.T, db *store.DB) *cwEnv {
	t.Helper()
	e := &cwEnv{db: db, team: mustTeam(t, db, "Aikuissosiaalityö Kokkola"), other: mustTeam(t, db, "Aikuissosiaalityö Kannus")}
	e.worker = mustUser(t, db, "worker@example.fi", "Wilma Worker", e.team.ID)
	e.second = mustUser(t, db, "second@example.fi", "Sakari Second", e.team.ID)
	e.stranger = mustUser(t, db, "stranger@example.fi", "Stina Stranger", e.other.ID)
	return e
}

func (e *cwEnv) client(t *testing.T, name, code, birth string) *casework.Client {
	t.Helper()
	c := &casework.Client{Name: name, Hetu: code, Municipality: "Kokkola", CreatedBy: e.worker.ID, CreatedAt: cwBase}
	if birth != "" {
		c.BirthDate = date(t, birth)
	}
	mustNil(t, c.Validate(calendar.DateOf(cwBase)))
	// Validate leaves an empty list where the store reads back none.
	c.Languages = nil
	mustNil(t, e.db.CreateClient(t.Context(), c))
	return c
}

func (e *cwEnv) newCase(clientID string, worker *access.User) *casework.Case {
	return &casework.Case{ClientID: clientID, TeamID: e.team.ID, WorkerID: worker.ID, TargetGroup: access.TargetWorkingAge,
		Status: casework.StatusActive, Origin: casework.OriginDirect, OpenedAt: cwBase, OpenedBy: worker.ID}
}

func (e *cwEnv) openCase(t *testing.T, clientID string, worker *access.User) *casework.Case {
	t.Helper()
	c := e.newCase(clientID, worker)
	mustNil(t, e.db.OpenCase(t.Context(), c, []casework.Event{{At: cwBase, By: worker.ID, Type: casework.EventOpened}}, -1))
	return c
}

// idsOf makes a reader of what a store list method returns: the ids of the
// items in order, failing the test on the method's error.
func idsOf[T any](t *testing.T, id func(T) string) func([]T, error) []string {
	return func(items []T, err error) []string {
		t.Helper()
		mustNil(t, err)
		out := []string{}
		for _, x := range items {
			out = append(out, id(x))
		}
		return out
	}
}

// wantReadBack checks that read gives back want by id, and ErrNotFound for
// an id never stored.
func wantReadBack[T any](t *testing.T, what string, read func(context.Context, string) (T, error), id string, want T) {
	t.Helper()
	got, err := read(t.Context(), id)
	mustNil(t, err)
	wantEqual(t, what, got, want)
	_, err = read(t.Context(), store.NewID())
	wantIs(t, err, kynnys.ErrNotFound)
}

func wantEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}

// TestCaseworkClients: a client reads back as stored; an identity code
// makes one person with an intake item's subject; a second client with a
// code is a duplicate naming the first; updates check the version, and a
// refused update leaves the client as it was.
func TestCaseworkClients(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		code := testHetu("150380", "-", "123")
		c := &casework.Client{Name: " Matti  Meikäläinen ", Hetu: code, Phone: "040 123 4567", Email: "matti@example.fi",
			Address: "Rantakatu 1, Kokkola", Languages: []string{"fi", "sv"}, Municipality: "Kokkola", CreatedBy: e.worker.ID,
			CreatedAt: cwBase}
		mustNil(t, c.Validate(calendar.DateOf(cwBase)))
		mustNil(t, db.CreateClient(ctx, c))
		wantUUIDv7(t, c.ID)
		if c.Version != 1 || !c.UpdatedAt.Equal(cwBase) || c.BirthDate != date(t, "1980-03-15") {
			t.Fatalf("created %+v", c)
		}
		wantReadBack(t, "client", db.Client, c.ID, c)

		// Without a code: a person of its own; no contact details at all.
		bare := e.client(t, "Liisa Laine", "", "1975-06-01")
		wantReadBack(t, "client without a code", db.Client, bare.ID, bare)

		// The same code again is a duplicate of the first client.
		again := &casework.Client{Name: "M. Meikäläinen", Hetu: code, BirthDate: c.BirthDate, Municipality: "Kannus", CreatedAt: cwBase}
		err := db.CreateClient(ctx, again)
		var dup *casework.DuplicateError
		if !errors.As(err, &dup) || dup.ClientID != c.ID || !errors.Is(err, kynnys.ErrConflict) || again.ID != "" {
			t.Fatalf("second client with the code: %v (%+v), id %q", err, dup, again.ID)
		}

		// A code first seen on an intake item: the client is that person,
		// and a second client is a duplicate of it.
		known := testHetu("010290", "-", "246")
		item := &intake.Item{Kind: intake.KindPhone, Source: intake.SourceStaff, OpenedAt: cwBase, RecordedAt: cwBase,
			Municipality: "Kokkola", TargetGroup: access.TargetWorkingAge, Subject: intake.Subject{Name: "Pekka", Hetu: known},
			Concern: "Soitti", Triage: intake.Triage{Status: intake.StatusReceived}}
		mustNil(t, db.CreateIntakeItem(ctx, item, nil))
		fromItem := e.client(t, "Pekka Peltola", known, "")
		if fromItem.ID != item.PersonID {
			t.Fatalf("client %q, intake person %q: want the same person", fromItem.ID, item.PersonID)
		}
		err = db.CreateClient(ctx, &casework.Client{Name: "Pekka P", Hetu: known, BirthDate: fromItem.BirthDate, Municipality: "Kokkola"})
		if !errors.As(err, &dup) || dup.ClientID != fromItem.ID {
			t.Fatalf("duplicate of a client made from an intake person: %v", err)
		}

		// Updates: the version is checked and moves on.
		stale := *c
		c.Name, c.Phone, c.Languages = "Matti Meikäläinen-Virtanen", "", []string{"fi"}
		mustNil(t, db.UpdateClient(ctx, c))
		if c.Version != 2 || !c.UpdatedAt.After(cwBase) {
			t.Fatalf("after update: version %d, updated %v", c.Version, c.UpdatedAt)
		}
		got, err := db.Client(ctx, c.ID)
		mustNil(t, err)
		wantEqual(t, "updated client", got, c)
		wantIs(t, db.UpdateClient(ctx, &stale), kynnys.ErrConflict)
		ghost := *c
		ghost.ID = store.NewID()
		wantIs(t, db.UpdateClient(ctx, &ghost), kynnys.ErrNotFound)

		// A code learnt later is added to the person; one that another
		// client has is a duplicate, one only an intake item's person has
		// a conflict, and either refusal leaves the client unchanged.
		bare.Hetu, bare.Name = testHetu("010675", "-", "358"), "Liisa Laine-Koski"
		mustNil(t, db.UpdateClient(ctx, bare))
		if ids, err := db.PersonIDs(ctx, bare.Hetu); err != nil || len(ids) != 1 || ids[0] != bare.ID {
			t.Fatalf("person by the added code: %v, %v", ids, err)
		}
		before := *bare
		for _, tt := range []struct {
			code   string
			client bool // another client has the code; else an intake item's person
		}{{code, true}, {testHetu("020675", "-", "468"), false}} {
			if !tt.client {
				// A person of an intake item only.
				other := &intake.Item{Kind: intake.KindPhone, Source: intake.SourceStaff, OpenedAt: cwBase, RecordedAt: cwBase,
					Municipality: "Kokkola", TargetGroup: access.TargetWorkingAge, Subject: intake.Subject{Name: "X", Hetu: tt.code},
					Concern: "Soitti", Triage: intake.Triage{Status: intake.StatusReceived}}
				mustNil(t, db.CreateIntakeItem(ctx, other, nil))
			}
			try := before
			try.Hetu, try.Name = tt.code, "Changed"
			err := db.UpdateClient(ctx, &try)
			wantIs(t, err, kynnys.ErrConflict)
			if tt.client && (!errors.As(err, &dup) || dup.ClientID != c.ID) {
				t.Fatalf("code of another client: %v", err)
			}
			got, err = db.Client(ctx, bare.ID)
			mustNil(t, err)
			wantEqual(t, "client after a refused update", got, &before)
		}
		// The code can be removed again (a correction).
		bare.Hetu = ""
		mustNil(t, db.UpdateClient(ctx, bare))
		got, err = db.Client(ctx, bare.ID)
		mustNil(t, err)
		if got.Hetu != "" {
			t.Fatalf("code not removed: %q", got.Hetu)
		}
	})
}

// TestCaseworkClientDuplicates: by code first, then by name and birth
// date in any spelling NameKey equates; never the client itself, and never
// someone whose code differs.
func TestCaseworkClientDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		noCode := e.client(t, "Matti Meikäläinen", "", "1980-03-15")
		withCode := e.client(t, "MATTI meikäläinen", testHetu("150380", "-", "123"), "")
		e.client(t, "Matti Meikäläinen", testHetu("150380", "-", "135"), "") // the same name, another person
		e.client(t, "Matti Meikäläinen", "", "1980-03-16")
		e.client(t, "Matti Mäkinen", "", "1980-03-15")

		// A new client with no code matches everyone of that name and date.
		m, err := db.ClientDuplicates(ctx, &casework.Client{Name: "matti  meikäläinen", BirthDate: date(t, "1980-03-15")})
		mustNil(t, err)
		if len(m) != 3 {
			t.Fatalf("matches of a new client without a code: %+v", m)
		}
		for _, x := range m {
			if x.ByHetu || x.BirthDate != date(t, "1980-03-15") || x.Municipality != "Kokkola" {
				t.Fatalf("match %+v", x)
			}
		}

		// withCode itself: the code-less one by name, not the one whose code differs.
		m, err = db.ClientDuplicates(ctx, withCode)
		mustNil(t, err)
		wantEqual(t, "duplicates of a client with a code", m, []casework.Match{{ClientID: noCode.ID, Name: noCode.Name,
			BirthDate: noCode.BirthDate, Municipality: "Kokkola"}})

		// A new client with withCode's code: that client by code, listed
		// once and first, then the code-less namesake.
		m, err = db.ClientDuplicates(ctx, &casework.Client{Name: "Matti Meikäläinen", Hetu: withCode.Hetu, BirthDate: withCode.BirthDate})
		mustNil(t, err)
		if len(m) != 2 || m[0].ClientID != withCode.ID || !m[0].ByHetu || m[1].ClientID != noCode.ID || m[1].ByHetu {
			t.Fatalf("duplicates by code and name: %+v", m)
		}
	})
}

// TestCaseworkSearchClients: an exact code, name words as prefixes of the
// name's words in any order, a birth date, a limit; LIKE's wildcards in
// the query are plain characters.
func TestCaseworkSearchClients(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		code := testHetu("150380", "-", "123")
		matti := e.client(t, "Matti Meikäläinen", code, "")
		maija := e.client(t, "Maija Meikäläinen", "", "1985-01-01")
		ville := e.client(t, "Ville Virtanen", "", "1990-05-05")
		odd := e.client(t, "Anna 100%_Virta", "", "1990-05-05")

		hits := idsOf(t, func(m casework.Match) string { return m.ClientID })
		for _, tt := range []struct {
			name string
			q    casework.ClientQuery
			want []string
		}{
			{"code", casework.ClientQuery{Hetu: code}, []string{matti.ID}},
			{"code in lower case", casework.ClientQuery{Hetu: " " + strings.ToLower(code) + " "}, []string{matti.ID}},
			{"code wins over name", casework.ClientQuery{Hetu: code, Name: "Ville"}, []string{matti.ID}},
			{"unknown code", casework.ClientQuery{Hetu: testHetu("150380", "-", "147")}, []string{}},
			{"surname prefix", casework.ClientQuery{Name: "meik"}, []string{maija.ID, matti.ID}},
			{"two prefixes any order", casework.ClientQuery{Name: "Meik Mat"}, []string{matti.ID}},
			{"inside a word", casework.ClientQuery{Name: "atti"}, []string{}},
			{"name and birth date", casework.ClientQuery{Name: "meikäläinen", BirthDate: date(t, "1985-01-01")}, []string{maija.ID}},
			{"birth date alone", casework.ClientQuery{BirthDate: date(t, "1990-05-05")}, []string{odd.ID, ville.ID}},
			{"limit", casework.ClientQuery{Name: "m", Limit: 1}, []string{maija.ID}},
			{"percent is no wildcard", casework.ClientQuery{Name: "v%n"}, []string{}},
			{"underscore is no wildcard", casework.ClientQuery{Name: "v_r"}, []string{}},
			{"percent itself", casework.ClientQuery{Name: "100%_v"}, []string{odd.ID}},
			{"nothing asked", casework.ClientQuery{Name: "  "}, []string{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantEqual(t, "hits", hits(db.SearchClients(ctx, tt.q)), tt.want)
			})
		}
	})
}

// TestCaseworkCases: a case reads back as opened with its events; lists
// by client, worker and team; updates check the version; a refused open
// or update writes nothing.
func TestCaseworkCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		cl := e.client(t, "Matti Meikäläinen", "", "1980-03-15")
		c := e.newCase(cl.ID, e.worker)
		c.SecondWorkerID = e.second.ID
		c.Origin, c.OriginRef = casework.OriginEncounter, store.NewID()
		c.Situation = map[casework.Area]string{casework.AreaHousing: "Asuu ystävän sohvalla.", casework.AreaFinances: "Velkoja."}
		events := []casework.Event{{At: cwBase, By: e.worker.ID, Type: casework.EventOpened},
			{At: cwBase, By: e.worker.ID, Type: casework.EventAssigned, Text: "Wilma Worker, Sakari Second"}}
		mustNil(t, db.OpenCase(ctx, c, events, 5))
		wantUUIDv7(t, c.ID)
		if c.Version != 1 || c.UpdatedAt.IsZero() || events[0].CaseID != c.ID || events[1].ID == "" {
			t.Fatalf("opened %+v, events %+v", c, events)
		}
		wantReadBack(t, "case", db.Case, c.ID, c)
		gotEvents, err := db.CaseEvents(ctx, c.ID)
		mustNil(t, err)
		wantEqual(t, "events", gotEvents, events)

		// A note added later comes last.
		note := &casework.Event{CaseID: c.ID, At: cwBase.Add(time.Hour), By: e.second.ID, Type: casework.EventSituation}
		mustNil(t, db.AddCaseEvent(ctx, note))
		if gotEvents, _ = db.CaseEvents(ctx, c.ID); len(gotEvents) != 3 || gotEvents[2] != *note {
			t.Fatalf("events after a note: %+v", gotEvents)
		}

		// An unknown client, or an event that cannot be stored: no case.
		bad := e.newCase(store.NewID(), e.worker)
		wantIs(t, db.OpenCase(ctx, bad, nil, -1), kynnys.ErrNotFound)
		cl2 := e.client(t, "Maija Meikäläinen", "", "1985-01-01")
		bad = e.newCase(cl2.ID, e.worker)
		if err := db.OpenCase(ctx, bad, []casework.Event{{By: store.NewID(), Type: casework.EventOpened}}, -1); err == nil {
			t.Fatal("opened a case with an event by an unknown user")
		}
		if cs, _ := db.ClientCases(ctx, cl2.ID); len(cs) != 0 {
			t.Fatalf("half-opened case: %+v", cs)
		}

		// Lists: newest first, closed ones too.
		later := e.newCase(cl2.ID, e.second)
		later.OpenedAt = cwBase.Add(24 * time.Hour)
		mustNil(t, db.OpenCase(ctx, later, nil, -1))
		elsewhere := e.newCase(cl.ID, e.stranger)
		elsewhere.TeamID, elsewhere.OpenedAt = e.other.ID, cwBase.Add(48*time.Hour)
		mustNil(t, db.OpenCase(ctx, elsewhere, nil, -1))

		ids := idsOf(t, func(c casework.Case) string { return c.ID })
		wantEqual(t, "client cases", ids(db.ClientCases(ctx, cl.ID)), []string{elsewhere.ID, c.ID})
		wantEqual(t, "second's cases", ids(db.CasesOfWorker(ctx, e.second.ID)), []string{later.ID, c.ID})
		wantEqual(t, "worker's cases", ids(db.CasesOfWorker(ctx, e.worker.ID)), []string{c.ID})
		wantEqual(t, "team cases", ids(db.TeamCases(ctx, []string{e.team.ID})), []string{later.ID, c.ID})
		wantEqual(t, "both teams", ids(db.TeamCases(ctx, []string{e.team.ID, e.other.ID})), []string{elsewhere.ID, later.ID, c.ID})
		wantEqual(t, "no team", ids(db.TeamCases(ctx, nil)), []string{})

		// Update: closing keeps the case on the lists; the version is checked.
		stale := *c
		mustNil(t, c.Transition(casework.StatusClosed, casework.CloseToEmployment, "Sai työpaikan.", cwBase.Add(72*time.Hour)))
		c.SecondWorkerID, c.Situation = "", nil
		mustNil(t, db.UpdateCase(ctx, c, []casework.Event{{By: e.worker.ID, Type: casework.EventStatus, Text: "closed"}}, 0))
		if c.Version != 2 {
			t.Fatalf("version after update %d", c.Version)
		}
		got, err := db.Case(ctx, c.ID)
		mustNil(t, err)
		wantEqual(t, "closed case", got, c)
		wantEqual(t, "worker's cases after closing", ids(db.CasesOfWorker(ctx, e.worker.ID)), []string{c.ID})
		wantEqual(t, "second's cases after closing", ids(db.CasesOfWorker(ctx, e.second.ID)), []string{later.ID})

		stale.CloseNote = "stale"
		wantIs(t, db.UpdateCase(ctx, &stale, []casework.Event{{By: e.worker.ID, Type: casework.EventSituation}}, -1), kynnys.ErrConflict)
		ghost := *c
		ghost.ID = store.NewID()
		wantIs(t, db.UpdateCase(ctx, &ghost, nil, -1), kynnys.ErrNotFound)
		if gotEvents, _ = db.CaseEvents(ctx, c.ID); len(gotEvents) != 4 {
			t.Fatalf("a refused update wrote events: %+v", gotEvents)
		}
		// An update whose event cannot be stored is undone whole.
		c2 := *c
		c2.CloseNote = "changed"
		if err := db.UpdateCase(ctx, &c2, []casework.Event{{By: store.NewID(), Type: casework.EventSituation}}, -1); err == nil {
			t.Fatal("update with an event by an unknown user")
		}
		if got, _ = db.Case(ctx, c.ID); got.CloseNote != "Sai työpaikan." || got.Version != 2 {
			t.Fatalf("half-updated case: %+v", got)
		}
	})
}

// TestCaseworkCaseloadCap: active cases as the named worker count against
// the limit; paused and closed ones and second-worker ones do not; -1
// overrides; a reassignment is checked, an update that adds nothing not.
func TestCaseworkCaseloadCap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		open := func(worker *access.User, status casework.Status, limit int) (*casework.Case, error) {
			cl := e.client(t, "Asiakas "+store.NewID()[:8], "", "1980-01-01")
			c := e.newCase(cl.ID, worker)
			c.Status = status
			if status == casework.StatusClosed {
				c.CloseReason = casework.CloseOther
			}
			return c, db.OpenCase(ctx, c, []casework.Event{{By: worker.ID, Type: casework.EventOpened}}, limit)
		}
		for range 2 {
			_, err := open(e.worker, casework.StatusActive, 2)
			mustNil(t, err)
		}
		_, err := open(e.worker, casework.StatusPaused, 2)
		mustNil(t, err)
		_, err = open(e.worker, casework.StatusClosed, 2)
		mustNil(t, err)
		shared, err := open(e.second, casework.StatusActive, 2)
		mustNil(t, err)
		shared.SecondWorkerID = e.worker.ID
		mustNil(t, db.UpdateCase(ctx, shared, nil, 2))

		full, err := open(e.worker, casework.StatusActive, 2)
		if !errors.Is(err, casework.ErrOverCap) {
			t.Fatalf("third active case: %v", err)
		}
		if cs, _ := db.ClientCases(ctx, full.ClientID); len(cs) != 0 {
			t.Fatalf("a refused case was stored: %+v", cs)
		}
		over, err := open(e.worker, casework.StatusActive, -1)
		mustNil(t, err)
		loads, err := db.Caseloads(ctx, []string{e.worker.ID, e.second.ID, e.stranger.ID})
		mustNil(t, err)
		wantEqual(t, "caseloads", loads, map[string]int{e.worker.ID: 3, e.second.ID: 1, e.stranger.ID: 0})

		// Giving the shared case to the full worker is refused, and nothing changes.
		give := *shared
		give.WorkerID, give.SecondWorkerID = e.worker.ID, e.second.ID
		err = db.UpdateCase(ctx, &give, []casework.Event{{By: e.second.ID, Type: casework.EventAssigned}}, 3)
		if !errors.Is(err, casework.ErrOverCap) {
			t.Fatalf("reassigning to a full worker: %v", err)
		}
		if got, _ := db.Case(ctx, shared.ID); got.WorkerID != e.second.ID || got.Version != shared.Version {
			t.Fatalf("refused reassignment changed the case: %+v", got)
		}
		// Reactivating a paused case counts too.
		paused, err := open(e.worker, casework.StatusPaused, -1)
		mustNil(t, err)
		mustNil(t, paused.Transition(casework.StatusActive, "", "", cwBase))
		if err := db.UpdateCase(ctx, paused, nil, 3); !errors.Is(err, casework.ErrOverCap) {
			t.Fatalf("reactivating beyond the cap: %v", err)
		}
		// But the full worker's own case can still be edited, and closed.
		over.Situation = map[casework.Area]string{casework.AreaHousing: "Asunto löytyi."}
		mustNil(t, db.UpdateCase(ctx, over, nil, 1))
		mustNil(t, over.Transition(casework.StatusClosed, casework.CloseGoalsMet, "", cwBase))
		mustNil(t, db.UpdateCase(ctx, over, nil, 0))
		loads, err = db.Caseloads(ctx, []string{e.worker.ID})
		mustNil(t, err)
		wantEqual(t, "caseload after closing", loads, map[string]int{e.worker.ID: 2})
		if loads, err = db.Caseloads(ctx, nil); err != nil || len(loads) != 0 {
			t.Fatalf("caseloads of nobody: %v, %v", loads, err)
		}
	})
}

// TestCaseworkCaseloadCapConcurrent: many assignments to one worker at
// once cannot slip past the cap together.
func TestCaseworkCaseloadCapConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		const tries, limit = 8, 3
		cases := make([]*casework.Case, tries)
		for i := range cases {
			cl := e.client(t, "Asiakas "+store.NewID()[:8], "", "1980-01-01")
			cases[i] = e.newCase(cl.ID, e.worker)
		}
		errs := make([]error, tries)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range cases {
			wg.Go(func() {
				<-start
				errs[i] = db.OpenCase(ctx, cases[i], []casework.Event{{By: e.worker.ID, Type: casework.EventOpened}}, limit)
			})
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, casework.ErrOverCap):
				t.Fatalf("unexpected error: %v", err)
			}
		}
		loads, err := db.Caseloads(ctx, []string{e.worker.ID})
		mustNil(t, err)
		if ok != limit || loads[e.worker.ID] != limit {
			t.Fatalf("%d of %d opened, caseload %d; want %d", ok, tries, loads[e.worker.ID], limit)
		}
	})
}

// TestCaseworkLadder: the default until a version is saved; versions; a
// ladder too short for an open case is refused; steps move the case and
// check its version.
func TestCaseworkLadder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		l, err := db.Ladder(ctx)
		mustNil(t, err)
		def := casework.DefaultLadder()
		wantEqual(t, "default ladder", l, &def)

		mine := casework.DefaultLadder()
		mine.Stages[0].Label["fi"] = "Ei vielä yhteyttä"
		v, err := db.SaveLadder(ctx, &mine, e.worker.ID)
		mustNil(t, err)
		if v != 1 || mine.Version != 1 {
			t.Fatalf("first save: %d, %d", v, mine.Version)
		}
		l, err = db.Ladder(ctx)
		mustNil(t, err)
		wantEqual(t, "saved ladder", l, &mine)
		_, err = db.SaveLadder(ctx, &casework.Ladder{Stages: mine.Stages[:1]}, e.worker.ID)
		wantField(t, err, "stages")

		cl := e.client(t, "Matti Meikäläinen", "", "1980-03-15")
		c := e.openCase(t, cl.ID, e.worker)
		climb := func(c *casework.Case, to int, at time.Time) *casework.LadderStep {
			t.Helper()
			step, err := c.ClimbTo(l, to, "syy", e.worker.ID, at, at)
			mustNil(t, err)
			mustNil(t, db.AddLadderStep(ctx, c, &step))
			return &step
		}
		s1 := climb(c, 2, cwBase.Add(time.Hour))
		s2 := climb(c, 5, cwBase.Add(2*time.Hour))
		s3 := climb(c, 4, cwBase.Add(3*time.Hour))
		wantUUIDv7(t, s1.ID)
		if !s3.Regression() || c.Stage != 4 || !c.StageAt.Equal(cwBase.Add(3*time.Hour)) || c.Version != 4 {
			t.Fatalf("after three steps: %+v", c)
		}
		got, err := db.Case(ctx, c.ID)
		mustNil(t, err)
		wantEqual(t, "case after steps", got, c)
		steps, err := db.LadderSteps(ctx, c.ID)
		mustNil(t, err)
		wantEqual(t, "steps", steps, []casework.LadderStep{*s1, *s2, *s3})

		// A stale case: no step, no move.
		stale := *c
		stale.Version--
		step, err := stale.ClimbTo(l, 6, "syy", e.worker.ID, cwBase.Add(4*time.Hour), cwBase.Add(4*time.Hour))
		mustNil(t, err)
		wantIs(t, db.AddLadderStep(ctx, &stale, &step), kynnys.ErrConflict)
		// A step from a stage the case is no longer on.
		wrong := casework.LadderStep{From: 2, To: 3, Reason: "syy", At: cwBase.Add(4 * time.Hour)}
		wantIs(t, db.AddLadderStep(ctx, c, &wrong), kynnys.ErrConflict)
		ghost := *c
		ghost.ID = store.NewID()
		step = casework.LadderStep{From: 4, To: 5, Reason: "syy"}
		wantIs(t, db.AddLadderStep(ctx, &ghost, &step), kynnys.ErrNotFound)
		if steps, _ = db.LadderSteps(ctx, c.ID); len(steps) != 3 {
			t.Fatalf("a refused step was stored: %+v", steps)
		}
		if got, _ = db.Case(ctx, c.ID); got.Stage != 4 || got.Version != 4 {
			t.Fatalf("a refused step moved the case: %+v", got)
		}

		// The open case is on stage 4: a 3-stage ladder is refused, a
		// 4-stage one is not. A closed case on a higher stage does not count.
		closed := e.openCase(t, e.client(t, "Maija Meikäläinen", "", "1985-01-01").ID, e.worker)
		climb(closed, 7, cwBase.Add(time.Hour))
		mustNil(t, closed.Transition(casework.StatusClosed, casework.CloseToServices, "", cwBase.Add(2*time.Hour)))
		mustNil(t, db.UpdateCase(ctx, closed, nil, -1))
		short := casework.Ladder{Stages: casework.DefaultLadder().Stages[:3]}
		_, err = db.SaveLadder(ctx, &short, e.worker.ID)
		if fe, ok := kynnys.AsFieldError(err); !ok || fe.Field != "stages" || fe.Code != "casework.error.ladder_in_use" {
			t.Fatalf("ladder shorter than an open case's stage: %v", err)
		}
		four := casework.Ladder{Stages: casework.DefaultLadder().Stages[:4]}
		v, err = db.SaveLadder(ctx, &four, "")
		mustNil(t, err)
		if l, err = db.Ladder(ctx); err != nil || v != 2 || l.Version != 2 || l.Top() != 4 {
			t.Fatalf("second save: %d, %+v, %v", v, l, err)
		}
	})
}

// TestCaseworkMeetingsAndFollowUps: meetings read back and check their
// version; held meetings and reached follow-ups move the last contact
// forward only; a no-show saves the meeting and its follow-up together.
func TestCaseworkMeetingsAndFollowUps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		c := e.openCase(t, e.client(t, "Matti Meikäläinen", "", "1980-03-15").ID, e.worker)
		lastContact := func() *time.Time {
			t.Helper()
			got, err := db.Case(ctx, c.ID)
			mustNil(t, err)
			if got.Version != c.Version {
				t.Fatalf("a meeting changed the case's version: %d", got.Version)
			}
			return got.LastContactAt
		}

		planned := &casework.Meeting{CaseID: c.ID, At: cwBase.Add(48 * time.Hour), Place: casework.PlaceHome,
			Status: casework.MeetingPlanned, By: e.worker.ID, CreatedAt: cwBase}
		mustNil(t, db.SaveMeeting(ctx, planned))
		wantUUIDv7(t, planned.ID)
		if planned.Version != 1 || lastContact() != nil {
			t.Fatalf("planned meeting %+v", planned)
		}
		wantReadBack(t, "meeting", db.Meeting, planned.ID, planned)

		// Held: the last contact moves to its time.
		stale := *planned
		planned.Status, planned.Outcome = casework.MeetingHeld, "Kävimme läpi tilanteen."
		mustNil(t, db.SaveMeeting(ctx, planned))
		if planned.Version != 2 {
			t.Fatalf("version after update %d", planned.Version)
		}
		if lc := lastContact(); lc == nil || !lc.Equal(planned.At) {
			t.Fatalf("last contact %v, want %v", lc, planned.At)
		}
		stale.Outcome = "stale"
		wantIs(t, db.SaveMeeting(ctx, &stale), kynnys.ErrConflict)
		ghost := *planned
		ghost.ID = store.NewID()
		wantIs(t, db.SaveMeeting(ctx, &ghost), kynnys.ErrNotFound)

		// An earlier held meeting recorded later does not move it back.
		earlier := &casework.Meeting{CaseID: c.ID, At: cwBase.Add(24 * time.Hour), Place: casework.PlaceStreet,
			Status: casework.MeetingHeld, By: e.worker.ID}
		mustNil(t, db.SaveMeeting(ctx, earlier))
		if lc := lastContact(); !lc.Equal(planned.At) {
			t.Fatalf("last contact moved back to %v", lc)
		}
		ms, err := db.Meetings(ctx, c.ID)
		mustNil(t, err)
		if len(ms) != 2 || ms[0].ID != earlier.ID || ms[1].ID != planned.ID {
			t.Fatalf("meetings %+v", ms)
		}

		// A no-show: the meeting and its follow-up together.
		missed := &casework.Meeting{CaseID: c.ID, At: cwBase.Add(96 * time.Hour), Place: casework.PlaceOffice,
			Status: casework.MeetingPlanned, By: e.worker.ID}
		mustNil(t, db.SaveMeeting(ctx, missed))
		now := cwBase.Add(97 * time.Hour)
		task, err := casework.NoShow(c, missed, casework.TaskCall, calendar.Date{}, e.worker.ID, now)
		mustNil(t, err)
		// A follow-up that cannot be stored: the meeting stays planned.
		broken := task
		broken.AssignedTo = store.NewID()
		if err := db.RecordNoShow(ctx, missed, &broken); err == nil {
			t.Fatal("no-show with a follow-up for an unknown user")
		}
		if got, _ := db.Meeting(ctx, missed.ID); got.Status != casework.MeetingPlanned || got.Version != 1 {
			t.Fatalf("half-recorded no-show: %+v", got)
		}
		if ts, _ := db.Tasks(ctx, c.ID); len(ts) != 0 {
			t.Fatalf("half-recorded no-show: tasks %+v", ts)
		}
		mustNil(t, db.RecordNoShow(ctx, missed, &task))
		if missed.Version != 2 || task.MeetingID != missed.ID || task.ID == "" {
			t.Fatalf("no-show: meeting %+v, task %+v", missed, task)
		}
		got, err := db.Meeting(ctx, missed.ID)
		mustNil(t, err)
		wantEqual(t, "missed meeting", got, missed)
		gotTask, err := db.Task(ctx, task.ID)
		mustNil(t, err)
		wantEqual(t, "follow-up", gotTask, &task)
		if lc := lastContact(); !lc.Equal(planned.At) {
			t.Fatalf("a no-show moved the last contact to %v", lc)
		}
		if cs, _ := db.Case(ctx, c.ID); cs.Status != casework.StatusActive {
			t.Fatalf("a no-show changed the case: %+v", cs)
		}
		// A brand-new meeting recorded as missed at once, with its own follow-up.
		walkIn := &casework.Meeting{CaseID: c.ID, At: cwBase.Add(100 * time.Hour), Place: casework.PlacePartnerOffice,
			Status: casework.MeetingPlanned, By: e.worker.ID}
		letter, err := casework.NoShow(c, walkIn, casework.TaskLetter, calendar.DateOf(cwBase).AddDays(30), e.worker.ID, now.Add(4*time.Hour))
		mustNil(t, err)
		letter.Note = "Kirje kotiin."
		mustNil(t, db.RecordNoShow(ctx, walkIn, &letter))
		if walkIn.Version != 1 || walkIn.Status != casework.MeetingNoShow || letter.MeetingID != walkIn.ID {
			t.Fatalf("new missed meeting %+v, task %+v", walkIn, letter)
		}
		_, err = db.Task(ctx, store.NewID())
		wantIs(t, err, kynnys.ErrNotFound)

		// A hand-made follow-up for the second worker; the worker's list is by due date.
		visit := &casework.Task{CaseID: c.ID, Kind: casework.TaskVisit, Due: calendar.DateOf(cwBase).AddDays(1),
			AssignedTo: e.worker.ID, CreatedBy: e.second.ID, CreatedAt: cwBase}
		mustNil(t, db.CreateTask(ctx, visit))
		other := &casework.Task{CaseID: c.ID, Kind: casework.TaskMessage, Due: calendar.DateOf(cwBase), AssignedTo: e.second.ID}
		mustNil(t, db.CreateTask(ctx, other))
		if other.CreatedAt.IsZero() {
			t.Fatal("CreatedAt not set")
		}
		taskIDs := idsOf(t, func(x casework.Task) string { return x.ID })
		wantEqual(t, "worker's open follow-ups", taskIDs(db.OpenTasksOf(ctx, e.worker.ID)), []string{visit.ID, task.ID, letter.ID})
		wantEqual(t, "case's follow-ups", taskIDs(db.Tasks(ctx, c.ID)), []string{visit.ID, task.ID, letter.ID, other.ID})

		// Done without reaching the client: no contact. Reached: contact, forward only.
		task.DoneBy, task.Outcome = e.worker.ID, "Ei vastannut."
		task.DoneAt = ptr(cwBase.Add(98 * time.Hour))
		mustNil(t, db.CompleteTask(ctx, &task))
		if lc := lastContact(); !lc.Equal(planned.At) {
			t.Fatalf("an unreached follow-up moved the last contact to %v", lc)
		}
		wantIs(t, db.CompleteTask(ctx, &task), kynnys.ErrConflict)
		wantIs(t, db.CompleteTask(ctx, &casework.Task{ID: store.NewID()}), kynnys.ErrNotFound)
		gotTask, err = db.Task(ctx, task.ID)
		mustNil(t, err)
		wantEqual(t, "done follow-up", gotTask, &task)

		letter.DoneBy, letter.Reached, letter.Outcome = e.worker.ID, true, "Soitti takaisin."
		letter.DoneAt = ptr(cwBase.Add(120 * time.Hour))
		mustNil(t, db.CompleteTask(ctx, &letter))
		if lc := lastContact(); !lc.Equal(*letter.DoneAt) {
			t.Fatalf("last contact %v, want the reached follow-up's %v", lc, letter.DoneAt)
		}
		visit.DoneBy, visit.Reached = e.worker.ID, true
		visit.DoneAt = ptr(cwBase.Add(100 * time.Hour))
		mustNil(t, db.CompleteTask(ctx, visit))
		if lc := lastContact(); !lc.Equal(*letter.DoneAt) {
			t.Fatalf("an earlier reached follow-up moved the last contact back to %v", lc)
		}
		wantEqual(t, "worker's open follow-ups when done", taskIDs(db.OpenTasksOf(ctx, e.worker.ID)), []string{})

		// A closed case's open follow-ups leave the worker's list.
		mustNil(t, c.Transition(casework.StatusClosed, casework.CloseOther, "", cwBase.Add(200*time.Hour)))
		mustNil(t, db.UpdateCase(ctx, c, nil, -1))
		wantEqual(t, "second's open follow-ups of a closed case", taskIDs(db.OpenTasksOf(ctx, e.second.ID)), []string{})
	})
}

// TestCaseworkPlansAndAssessments: every plan save is the next version;
// assessments read back with their scores.
func TestCaseworkPlansAndAssessments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		c := e.openCase(t, e.client(t, "Matti Meikäläinen", "", "1980-03-15").ID, e.worker)
		other := e.openCase(t, e.client(t, "Maija Meikäläinen", "", "1985-01-01").ID, e.worker)
		if ps, err := db.Plans(ctx, c.ID); err != nil || len(ps) != 0 {
			t.Fatalf("plans of a new case: %v, %v", ps, err)
		}
		p1 := &casework.Plan{CaseID: c.ID, ReviewDate: date(t, "2025-06-01"), SavedBy: e.worker.ID, SavedAt: cwBase,
			Goals: []casework.Goal{{Text: "Haluan oman asunnon.", Actions: []casework.Action{
				{What: "Asuntohakemus", Who: "asiakas"}, {What: "Soitto vuokranantajalle", Who: "työntekijä", Done: true}}}}}
		mustNil(t, db.SavePlan(ctx, p1))
		p2 := &casework.Plan{CaseID: c.ID, ReviewDate: date(t, "2025-09-01"), SavedBy: e.second.ID, SavedAt: cwBase.Add(time.Hour),
			Goals: []casework.Goal{{Text: "Haluan oman asunnon."}, {Text: "Velat kuntoon."}}}
		mustNil(t, db.SavePlan(ctx, p2))
		p3 := &casework.Plan{CaseID: other.ID, ReviewDate: date(t, "2025-09-01"), Goals: []casework.Goal{{Text: "Töihin."}}}
		mustNil(t, db.SavePlan(ctx, p3))
		if p1.Version != 1 || p2.Version != 2 || p3.Version != 1 || p3.SavedAt.IsZero() {
			t.Fatalf("plan versions %d %d %d", p1.Version, p2.Version, p3.Version)
		}
		ps, err := db.Plans(ctx, c.ID)
		mustNil(t, err)
		wantEqual(t, "plans", ps, []casework.Plan{*p1, *p2})

		a1 := &casework.Assessment{CaseID: c.ID, At: cwBase, Kind: casework.AssessmentStart, By: e.worker.ID,
			Scores: map[casework.Area]int{casework.AreaHousing: 2, casework.AreaFinances: 3}}
		a2 := &casework.Assessment{CaseID: c.ID, At: cwBase.Add(90 * 24 * time.Hour), Kind: casework.AssessmentReview, By: e.worker.ID,
			Scores: map[casework.Area]int{casework.AreaHousing: 6}}
		mustNil(t, db.AddAssessment(ctx, a2))
		mustNil(t, db.AddAssessment(ctx, a1))
		as, err := db.Assessments(ctx, c.ID)
		mustNil(t, err)
		wantEqual(t, "assessments", as, []casework.Assessment{*a1, *a2})
		if as, _ = db.Assessments(ctx, other.ID); len(as) != 0 {
			t.Fatalf("assessments of another case: %+v", as)
		}
	})
}

// TestCaseworkConsentsAndReferrals: a referral needs, in its own
// transaction, a consent of the case's client that is given, not
// withdrawn, still valid and covering what is shared.
func TestCaseworkConsentsAndReferrals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		cl := e.client(t, "Matti Meikäläinen", "", "1980-03-15")
		c := e.openCase(t, cl.ID, e.worker)
		otherClient := e.client(t, "Maija Meikäläinen", "", "1985-01-01")

		consent := func(client string, partner casework.Partner, org, until string, scope ...casework.InfoKind) *casework.Consent {
			t.Helper()
			k := &casework.Consent{ClientID: client, Partner: partner, Organisation: org, Scope: scope, GivenAt: cwBase,
				ValidUntil: date(t, until), RecordedBy: e.worker.ID}
			mustNil(t, db.AddConsent(ctx, k))
			return k
		}
		kela := consent(cl.ID, casework.PartnerKela, "", "2025-12-31", casework.InfoContact, casework.InfoSituation)
		wantReadBack(t, "consent", db.Consent, kela.ID, kela)
		ngo := consent(cl.ID, casework.PartnerNGO, "Sininauha", "2025-04-30", casework.InfoLadder)
		foreign := consent(otherClient.ID, casework.PartnerKela, "", "2025-12-31", casework.InfoContact)

		send := func(k *casework.Consent, at time.Time, share ...casework.InfoKind) (*casework.Referral, error) {
			r := &casework.Referral{CaseID: c.ID, ConsentID: k.ID, Message: "Asiakas tarvitsee apua.", Shared: share,
				Content: casework.ReferralContent{Name: cl.Name, Situation: map[casework.Area]string{casework.AreaHousing: "x"}},
				SentAt:  at, SentBy: e.worker.ID}
			return r, db.AddReferral(ctx, r)
		}
		r1, err := send(kela, cwBase.Add(time.Hour), casework.InfoContact, casework.InfoSituation)
		mustNil(t, err)
		if r1.Partner != casework.PartnerKela || r1.ID == "" {
			t.Fatalf("referral %+v", r1)
		}
		r2, err := send(ngo, cwBase.Add(2*time.Hour), casework.InfoLadder)
		mustNil(t, err)
		if r2.Partner != casework.PartnerNGO || r2.Organisation != "Sininauha" {
			t.Fatalf("referral to an NGO %+v", r2)
		}

		refused := []struct {
			name  string
			k     *casework.Consent
			at    time.Time
			share []casework.InfoKind
			field string
		}{
			{"another client's consent", foreign, cwBase.Add(time.Hour), []casework.InfoKind{casework.InfoContact}, "consent_id"},
			{"before it was given", kela, cwBase.Add(-time.Hour), []casework.InfoKind{casework.InfoContact}, "consent_id"},
			// 2025-04-30 is the last valid day in Helsinki: 21:00 UTC is already 1 May.
			{"expired", ngo, time.Date(2025, 4, 30, 21, 0, 0, 0, time.UTC), []casework.InfoKind{casework.InfoLadder}, "consent_id"},
			{"not covered", kela, cwBase.Add(time.Hour), []casework.InfoKind{casework.InfoContact, casework.InfoPlan}, "share"},
			{"unknown consent", &casework.Consent{ID: store.NewID()}, cwBase.Add(time.Hour), nil, "consent_id"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) {
				_, err := send(tt.k, tt.at, tt.share...)
				wantField(t, err, tt.field)
			})
		}
		// The last valid day itself is fine.
		_, err = send(ngo, time.Date(2025, 4, 30, 20, 59, 0, 0, time.UTC), casework.InfoLadder)
		mustNil(t, err)
		// Asking for another partner than the consent's.
		wrong := &casework.Referral{CaseID: c.ID, ConsentID: kela.ID, Partner: casework.PartnerDVV, SentAt: cwBase.Add(time.Hour)}
		wantField(t, db.AddReferral(ctx, wrong), "consent_id")

		// Withdrawn: refused from then on.
		mustNil(t, db.WithdrawConsent(ctx, kela.ID, e.second.ID, cwBase.Add(3*time.Hour)))
		got, err := db.Consent(ctx, kela.ID)
		mustNil(t, err)
		if got.WithdrawnAt == nil || !got.WithdrawnAt.Equal(cwBase.Add(3*time.Hour)) || got.WithdrawnBy != e.second.ID {
			t.Fatalf("withdrawn consent %+v", got)
		}
		_, err = send(kela, cwBase.Add(4*time.Hour), casework.InfoContact)
		if fe, ok := kynnys.AsFieldError(err); !ok || fe.Field != "consent_id" || fe.Code != "casework.error.no_consent" {
			t.Fatalf("referral under a withdrawn consent: %v", err)
		}
		wantIs(t, db.WithdrawConsent(ctx, kela.ID, e.second.ID, cwBase.Add(5*time.Hour)), kynnys.ErrConflict)
		wantIs(t, db.WithdrawConsent(ctx, store.NewID(), e.second.ID, cwBase), kynnys.ErrNotFound)

		rs, err := db.Referrals(ctx, c.ID)
		mustNil(t, err)
		if len(rs) != 3 {
			t.Fatalf("a refused referral was stored: %d referrals", len(rs))
		}
		wantEqual(t, "referrals", rs[:2], []casework.Referral{*r1, *r2})
		cs, err := db.Consents(ctx, cl.ID)
		mustNil(t, err)
		if len(cs) != 2 || cs[0].ID != kela.ID || cs[0].WithdrawnAt == nil || cs[1].ID != ngo.ID {
			t.Fatalf("consents %+v", cs)
		}
	})
}

// TestCaseworkReadGrants: a stated purpose opens a case until its time runs out.
func TestCaseworkReadGrants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		c := e.openCase(t, e.client(t, "Matti Meikäläinen", "", "1980-03-15").ID, e.worker)
		until := cwBase.Add(8 * time.Hour)
		check := func(user string, at time.Time, want string, wantOK bool) {
			t.Helper()
			p, ok, err := db.CaseReadGrant(ctx, c.ID, user, at)
			mustNil(t, err)
			if p != want || ok != wantOK {
				t.Fatalf("grant at %v: %q %v, want %q %v", at, p, ok, want, wantOK)
			}
		}
		check(e.second.ID, cwBase, "", false)
		mustNil(t, db.GrantCaseRead(ctx, c.ID, e.second.ID, "sijaisuus", until))
		check(e.second.ID, cwBase, "sijaisuus", true)
		check(e.second.ID, until.Add(-time.Microsecond), "sijaisuus", true)
		check(e.second.ID, until, "", false)
		check(e.stranger.ID, cwBase, "", false)
		// A new statement replaces the old one.
		mustNil(t, db.GrantCaseRead(ctx, c.ID, e.second.ID, "tiimipalaveri", until.Add(8*time.Hour)))
		check(e.second.ID, until, "tiimipalaveri", true)
	})
}

// TestCaseworkSettingsAndCaps: defaults until saved; team caps set and removed.
func TestCaseworkSettingsAndCaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		st, err := db.CaseworkSettings(ctx)
		mustNil(t, err)
		wantEqual(t, "default settings", st, casework.DefaultSettings)
		mustNil(t, db.SaveCaseworkSettings(ctx, casework.Settings{NotReachedDays: 21, DefaultCap: 15}))
		st, err = db.CaseworkSettings(ctx)
		mustNil(t, err)
		wantEqual(t, "saved settings", st, casework.Settings{NotReachedDays: 21, DefaultCap: 15})
		wantField(t, db.SaveCaseworkSettings(ctx, casework.Settings{NotReachedDays: 0, DefaultCap: 15}), "not_reached_days")
		wantField(t, db.SaveCaseworkSettings(ctx, casework.Settings{NotReachedDays: 7, DefaultCap: -1}), "default_cap")

		caps, err := db.TeamCaps(ctx)
		mustNil(t, err)
		wantEqual(t, "no caps", caps, map[string]int{})
		mustNil(t, db.SetTeamCap(ctx, e.team.ID, 12, e.worker.ID))
		mustNil(t, db.SetTeamCap(ctx, e.other.ID, 20, ""))
		mustNil(t, db.SetTeamCap(ctx, e.team.ID, 10, e.worker.ID))
		caps, err = db.TeamCaps(ctx)
		mustNil(t, err)
		wantEqual(t, "caps", caps, map[string]int{e.team.ID: 10, e.other.ID: 20})
		mustNil(t, db.SetTeamCap(ctx, e.other.ID, -1, ""))
		caps, err = db.TeamCaps(ctx)
		mustNil(t, err)
		wantEqual(t, "caps after removing one", caps, map[string]int{e.team.ID: 10})
		wantIs(t, db.SetTeamCap(ctx, store.NewID(), 5, ""), kynnys.ErrNotFound)
	})
}

// TestCaseworkReportData: the teams' cases with their steps, meetings and
// follow-ups, without free texts; nil is every team, an empty list none.
func TestCaseworkReportData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		mine := e.newCase(e.client(t, "Matti Meikäläinen", "", "1980-03-15").ID, e.worker)
		mine.Situation = map[casework.Area]string{casework.AreaHousing: "Asunnoton."}
		mustNil(t, db.OpenCase(ctx, mine, nil, -1))
		theirs := e.newCase(e.client(t, "Maija Meikäläinen", "", "1985-01-01").ID, e.stranger)
		theirs.TeamID, theirs.OpenedAt = e.other.ID, cwBase.Add(time.Hour)
		mustNil(t, db.OpenCase(ctx, theirs, nil, -1))
		l := casework.DefaultLadder()
		for _, c := range []*casework.Case{mine, theirs} {
			step, err := c.ClimbTo(&l, 2, "Tavattiin.", c.WorkerID, c.OpenedAt.Add(time.Hour), c.OpenedAt.Add(time.Hour))
			mustNil(t, err)
			mustNil(t, db.AddLadderStep(ctx, c, &step))
			m := &casework.Meeting{CaseID: c.ID, At: c.OpenedAt.Add(time.Hour), Place: casework.PlaceStreet,
				Status: casework.MeetingHeld, Outcome: "Juteltiin.", By: c.WorkerID}
			mustNil(t, db.SaveMeeting(ctx, m))
			mustNil(t, db.CreateTask(ctx, &casework.Task{CaseID: c.ID, Kind: casework.TaskCall, Due: calendar.DateOf(cwBase),
				AssignedTo: c.WorkerID, Note: "Soita.", CreatedAt: c.OpenedAt}))
		}

		all, err := db.CaseworkReportData(ctx, nil)
		mustNil(t, err)
		if len(all.Cases) != 2 || len(all.Steps) != 2 || len(all.Meetings) != 2 || len(all.Tasks) != 2 ||
			all.Cases[0].ID != mine.ID || all.Cases[1].ID != theirs.ID {
			t.Fatalf("every team: %+v", all)
		}
		one, err := db.CaseworkReportData(ctx, []string{e.team.ID})
		mustNil(t, err)
		if len(one.Cases) != 1 || len(one.Steps) != 1 || len(one.Meetings) != 1 || len(one.Tasks) != 1 ||
			one.Cases[0].ID != mine.ID || one.Steps[0].CaseID != mine.ID || one.Meetings[0].CaseID != mine.ID || one.Tasks[0].CaseID != mine.ID {
			t.Fatalf("one team: %+v", one)
		}
		c, s, m, k := one.Cases[0], one.Steps[0], one.Meetings[0], one.Tasks[0]
		if c.Situation != nil || s.Reason != "" || m.Outcome != "" || k.Note != "" {
			t.Fatalf("free texts in report data: %+v %+v %+v %+v", c, s, m, k)
		}
		if c.Stage != 2 || s.To != 2 || m.Status != casework.MeetingHeld || c.LastContactAt == nil {
			t.Fatalf("report data lost what reports count: %+v %+v %+v", c, s, m)
		}
		none, err := db.CaseworkReportData(ctx, []string{})
		mustNil(t, err)
		if len(none.Cases)+len(none.Steps)+len(none.Meetings)+len(none.Tasks) != 0 {
			t.Fatalf("no team: %+v", none)
		}
	})
}

// TestCaseworkPersonIDs: a client's access-log extract is found by a case's
// id as well as by the client's id and identity code.
func TestCaseworkPersonIDs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		e := newCW(t, db)
		cl := e.client(t, "Matti Meikäläinen", testHetu("150380", "-", "123"), "")
		c := e.openCase(t, cl.ID, e.worker)
		for _, key := range []string{cl.ID, c.ID, cl.Hetu} {
			ids, err := db.PersonIDs(ctx, key)
			mustNil(t, err)
			wantEqual(t, "person ids", ids, []string{cl.ID})
		}
	})
}
