package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/encounter"
	"kynnys/store"
	"kynnys/store/storetest"
)

// agedStore makes encounters read as logged age earlier. Sessions and
// created_at both follow the wall clock, so moving the test clock a day on
// would expire every session; ageing the entries tests the same rule.
type agedStore struct {
	*store.DB
	age atomic.Int64 // time.Duration
}

func (s *agedStore) Encounter(ctx context.Context, id string) (*encounter.Encounter, error) {
	e, err := s.DB.Encounter(ctx, id)
	if err == nil {
		e.CreatedAt = e.CreatedAt.Add(-time.Duration(s.age.Load()))
	}
	return e, err
}

type deskEnv struct {
	*testEnv
	aged           *agedStore
	pointA, pointB *directory.ServicePoint
	counsellorA    *testUser
	leadA          *testUser
	workerB        *testUser
}

func newDeskEnv(t *testing.T) *deskEnv {
	t.Helper()
	db := storetest.Open(t, "sqlite")
	aged := &agedStore{DB: db}
	e := newEnvWith(t, db, aged, Config{})
	// Late in the evening "two hours from now" is tomorrow morning, which
	// the form reads as today: keep the clock where that cannot happen.
	// (Back, not forward: forward would expire the wall-clock sessions.)
	if e.clock.now().In(calendar.Helsinki).Hour() >= 21 {
		e.clock.advance(-4 * time.Hour)
	}
	a, b := e.newTeam("Pori", []string{"Pori"}), e.newTeam("Rauma", []string{"Rauma"})
	return &deskEnv{testEnv: e, aged: aged, pointA: e.newServicePoint(a.ID), pointB: e.newServicePoint(b.ID),
		counsellorA: e.newUser(access.RoleSocialCounsellor, withTeams(a.ID)),
		leadA:       e.newUser(access.RoleTeamLead, withTeams(a.ID)),
		workerB:     e.newUser(access.RoleSocialWorker, withTeams(b.ID))}
}

func (e *deskEnv) as(u *testUser) *browser {
	b := e.browser()
	b.signInAs(u, true)
	return b
}

// clockInput is t as the form's time field writes it.
func clockInput(t time.Time) string { return t.In(calendar.Helsinki).Format("15:04") }

// deskValues is a complete desk form at point; extra replaces fields (an
// empty value removes one).
func (e *deskEnv) deskValues(point string, extra url.Values) url.Values {
	f := url.Values{"point": {point}, "channel": {"outreach"}, "topics": {"housing", "debt"}, "help": {"advice"},
		"age_band": {"18_29"}, "already_client": {"no"}, "continued": {"on"}, "first_visit": {"on"}, "anonymous": {"on"},
		"referred_to": {"Kela, TE-palvelut"}, "duration": {"20"}, "started": {clockInput(e.clock.now())}}
	for k, v := range extra {
		if len(v) == 0 || v[0] == "" {
			delete(f, k)
		} else {
			f[k] = v
		}
	}
	return f
}

// logViaDesk posts a valid form and returns the stored entry.
func (e *deskEnv) logViaDesk(t *testing.T, b *browser, point string, extra url.Values) *encounter.Encounter {
	t.Helper()
	loc := wantRedirect(t, b.postCSRF("/desk", e.deskValues(point, extra)), "/desk")
	got, err := e.db.Encounter(e.ctx(), loc.Query().Get("saved"))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func (e *deskEnv) stored(t *testing.T, u *testUser) []encounter.Encounter {
	t.Helper()
	list, err := e.db.RecentEncounters(e.ctx(), u.ID, e.clock.now().Add(-48*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestDeskLogsAnEncounter(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)

	r := b.get("/desk")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `<option value="`+e.pointA.ID+`" selected>`, `id="channel-walk_in" name="channel" value="walk_in" checked`,
		`id="anonymous" name="anonymous" value="on" checked`, `id="first_visit" name="first_visit" value="on" checked`,
		`id="already_client-unknown" name="already_client" value="unknown" checked`, `value="15"`)
	if strings.Contains(r.Body, e.pointB.ID) || strings.Contains(r.Body, `id="note"`) {
		t.Fatal("the form offers another team's place or a note while anonymous")
	}

	started := e.clock.now().Add(-10 * time.Minute)
	if calendar.DateOf(started) != calendar.DateOf(e.clock.now()) {
		started = e.clock.now()
	}
	loc := wantRedirect(t, b.postCSRF("/desk", e.deskValues(e.pointA.ID, url.Values{"started": {clockInput(started)}})), "/desk")
	if loc.Query().Get("point") != e.pointA.ID {
		t.Fatalf("redirect %s keeps no place", loc)
	}
	list := e.stored(t, e.counsellorA)
	if len(list) != 1 {
		t.Fatalf("%d entries stored", len(list))
	}
	got := list[0]
	if got.ServicePointID != e.pointA.ID || got.StaffID != e.counsellorA.ID || got.Channel != encounter.ChannelOutreach ||
		!got.Anonymous || got.AgeBand != "18_29" || got.AlreadyClient != "no" || !got.ContinuedToServices || !got.FirstVisit ||
		got.DurationMin != 20 || !slices.Equal(got.Topics, []string{"debt", "housing"}) || !slices.Equal(got.Help, []string{"advice"}) ||
		!slices.Equal(got.ReferredTo, []string{"Kela", "TE-palvelut"}) || clockInput(got.StartedAt) != clockInput(started) ||
		calendar.DateOf(got.StartedAt) != calendar.DateOf(e.clock.now()) {
		t.Fatalf("stored %+v", got)
	}

	r = b.get(loc.String())
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("fi", "desk.saved", "Velat, Asuminen"), `href="/desk/`+got.ID+`"`)
}

func TestDeskOrdersChipsByFrequency(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	at := func(point string, n int, topic, help string) {
		for range n {
			en := &encounter.Encounter{ServicePointID: point, StaffID: e.leadA.ID, Channel: encounter.ChannelWalkIn,
				StartedAt: e.clock.now().Add(-48 * time.Hour), Anonymous: true, Topics: []string{topic}, Help: []string{help}}
			if err := e.db.CreateEncounter(e.ctx(), en); err != nil {
				t.Fatal(err)
			}
		}
	}
	at(e.pointA.ID, 3, "immigration", "digital_help")
	at(e.pointA.ID, 2, "debt", "warm_handoff")
	at(e.pointB.ID, 9, "loneliness", "advice") // another place's habits do not count

	r := e.as(e.counsellorA).get("/desk?point=" + e.pointA.ID)
	wantStatus(t, r, http.StatusOK)
	order := func(ids ...string) {
		t.Helper()
		last := -1
		for _, id := range ids {
			i := strings.Index(r.Body, `id="`+id+`"`)
			if i < 0 || i < last {
				t.Fatalf("%s is not in order %v", id, ids)
			}
			last = i
		}
	}
	order("topic-immigration", "topic-debt", "topic-unemployment", "topic-loneliness")
	order("help-digital_help", "help-warm_handoff", "help-advice")
}

func TestDeskRejectsAFutureTime(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)
	r := b.postCSRF("/desk", e.deskValues(e.pointA.ID, url.Values{"started": {clockInput(e.clock.now().Add(2 * time.Hour))}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `class="error-summary"`, `href="#started"`, e.html("fi", "error.future"), `aria-invalid="true"`,
		`value="Kela, TE-palvelut"`, `id="topic-debt" name="topics" value="debt" checked`)
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatalf("%d entries stored", n)
	}

	r = b.postCSRF("/desk", e.deskValues(e.pointA.ID, url.Values{"started": {"25:99"}, "duration": {"lots"}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "desk.error.time"), e.html("fi", "error.duration"))
}

func TestDeskAnonymousTakesNoNote(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)

	r := b.postCSRF("/desk", e.deskValues(e.pointA.ID, url.Values{"note": {"Matti, 040 123"}}))
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("fi", "error.personal_data_anonymous"), `href="#anonymous"`)
	if strings.Contains(r.Body, "Matti") {
		t.Fatal("the refused note is echoed back")
	}
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatalf("%d entries stored", n)
	}

	// Without JavaScript: untick anonymous, press "Add details", get the field.
	r = b.postCSRF("/desk", e.deskValues(e.pointA.ID, url.Values{"anonymous": nil, "step": {"details"}}))
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `id="note"`)
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatal("adding details saved the entry")
	}
	got := e.logViaDesk(t, b, e.pointA.ID, url.Values{"anonymous": nil, "note": {"Asiakas soittaa huomenna"}})
	if got.Anonymous || got.Note != "Asiakas soittaa huomenna" {
		t.Fatalf("stored anonymous %v, note %q", got.Anonymous, got.Note)
	}
}

func TestDeskEditAndDelete(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	author := e.as(e.counsellorA)
	got := e.logViaDesk(t, author, e.pointA.ID, nil)
	path := "/desk/" + got.ID

	r := author.get(path)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `id="topic-housing" name="topics" value="housing" checked`, `action="`+path+`"`, `action="`+path+`/delete"`)
	wantRedirect(t, author.postCSRF(path, e.deskValues(e.pointA.ID, url.Values{"topics": {"loneliness"}})), "/desk")
	if upd, err := e.db.Encounter(e.ctx(), got.ID); err != nil || !slices.Equal(upd.Topics, []string{"loneliness"}) {
		t.Fatalf("after edit: %+v, %v", upd, err)
	}

	// Others may not, whatever the time; a worker of another team cannot
	// move an entry to their place either.
	wantStatus(t, e.as(e.workerB).get(path), http.StatusForbidden)
	wantStatus(t, e.as(e.workerB).get("/desk/00000000-0000-7000-8000-000000000000"), http.StatusNotFound)
	wantStatus(t, author.postCSRF(path, e.deskValues(e.pointB.ID, nil)), http.StatusForbidden)

	// A day on, the author may no longer; the team lead may.
	e.aged.age.Store(int64(30 * time.Hour)) // the clock may stand 4 h back
	wantStatus(t, author.get(path), http.StatusForbidden)
	wantStatus(t, author.postCSRF(path, e.deskValues(e.pointA.ID, nil)), http.StatusForbidden)
	wantStatus(t, author.postCSRF(path+"/delete", url.Values{"confirm": {"on"}}), http.StatusForbidden)
	lead := e.as(e.leadA)
	wantStatus(t, lead.get(path), http.StatusOK)
	wantRedirect(t, lead.postCSRF(path, e.deskValues(e.pointA.ID, url.Values{"topics": {"debt"}})), "/desk")
	upd, err := e.db.Encounter(e.ctx(), got.ID)
	if err != nil || !slices.Equal(upd.Topics, []string{"debt"}) || upd.StaffID != e.counsellorA.ID {
		t.Fatalf("after the lead's edit: %+v, %v", upd, err)
	}

	// Deleting asks for confirmation, then leaves a marked row behind.
	wantStatus(t, lead.postCSRF(path+"/delete", nil), http.StatusBadRequest)
	wantRedirect(t, lead.postCSRF(path+"/delete", url.Values{"confirm": {"on"}}), "/desk")
	if _, err := e.db.Encounter(e.ctx(), got.ID); !errors.Is(err, kynnys.ErrNotFound) {
		t.Fatalf("deleted entry reads %v", err)
	}
	wantStatus(t, lead.get(path), http.StatusNotFound)
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatalf("%d entries still listed", n)
	}
}

func TestDeskAnotherTeamsPlace(t *testing.T) {
	t.Parallel()
	e := newDeskEnv(t)
	b := e.as(e.counsellorA)
	wantStatus(t, b.postCSRF("/desk", e.deskValues(e.pointB.ID, nil)), http.StatusForbidden)
	if n := len(e.stored(t, e.counsellorA)); n != 0 {
		t.Fatalf("%d entries stored", n)
	}
	// Asking for another team's place preselects one's own.
	r := b.get("/desk?point=" + e.pointB.ID)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, `<option value="`+e.pointA.ID+`" selected>`)
}
