package store_test

import (
	"errors"
	"reflect"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/hetu"
	"kynnys/intake"
	"kynnys/store"
	"kynnys/store/storetest"
)

// testHetu builds a valid identity code from a birth date DDMMYY, a
// century sign and an individual number.
func testHetu(birth, sign, n string) string {
	return birth + sign + n + string(hetu.CheckSymbol(birth+n))
}

// utc is an instant at microsecond precision in UTC, as the store gives it back.
func utc(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, time.UTC)
}

func ptr(t time.Time) *time.Time { return &t }

// plainItem is an adult's help request to team with the given deadlines.
func plainItem(team string, opened time.Time, d intake.Deadlines) *intake.Item {
	return &intake.Item{Kind: intake.KindHelpRequest, Source: intake.SourcePublicForm, OpenedAt: opened, RecordedAt: opened,
		Municipality: "Pori", TargetGroup: access.TargetWorkingAge, TeamID: team, Routed: true,
		Details:   intake.Details{WhoNeedsHelp: "self", Topics: []string{"money"}, Contact: intake.Contact{Method: "phone", Phone: "040 123"}},
		Deadlines: d, Triage: intake.Triage{Status: intake.StatusReceived}}
}

func mustCreate(t *testing.T, db *store.DB, it *intake.Item, events ...intake.Event) *intake.Item {
	t.Helper()
	mustNil(t, db.CreateIntakeItem(t.Context(), it, events))
	return it
}

func mustItem(t *testing.T, db *store.DB, id string) *intake.Item {
	t.Helper()
	it, err := db.IntakeItem(t.Context(), id)
	mustNil(t, err)
	return it
}

// mustSave applies a triage step read fresh from the store and saves it.
func mustSave(t *testing.T, db *store.DB, id string, step func(it *intake.Item) (intake.Event, error)) *intake.Item {
	t.Helper()
	it := mustItem(t, db, id)
	ev, err := step(it)
	mustNil(t, err)
	mustNil(t, db.SaveIntakeTriage(t.Context(), it, ev))
	return it
}

func ids(items []intake.Item) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = items[i].ID
	}
	return out
}

func TestIntakeItemRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		team := mustTeam(t, db, "Lapsiperheet", "Pori")
		staff := mustUser(t, db, "vastaanotto@example.fi", "Vastaanotto", team.ID)
		opened := utc(2026, time.March, 2, 7, 15)
		code := testHetu("150315", "A", "123")
		in := &intake.Item{
			Kind: intake.KindChildWelfare, Source: intake.SourceStaff, OpenedAt: opened, RecordedAt: opened.Add(90 * time.Minute),
			RecordedBy: staff.ID, Municipality: "Pori", TargetGroup: access.TargetFamilies, TeamID: team.ID, Routed: false,
			Subject: intake.Subject{Name: "Lapsi Esimerkki", Hetu: code, BirthDate: date(t, "2015-03-15"),
				Address: "Katu 1, 28100 Pori", Phone: "040 111", Email: "lapsi@example.fi", Language: "fi",
				Guardians:       []intake.Guardian{{Name: "Äiti", Phone: "040 222", Address: "Katu 1"}, {Name: "Isä"}},
				ExpectedDueDate: date(t, "2026-09-30"), HighestCareAllowance: true, ChildSpecialSupport: true, Child: true},
			Notifier: &intake.Notifier{Name: "Opettaja", Organisation: "Koulu", Title: "luokanopettaja", Phone: "040 333",
				Email: "ope@example.fi", Professional: true, WantsAcknowledgement: true},
			Concern: "Huoli lapsen jaksamisesta.\nToinen rivi.",
			Details: intake.Details{PersonKnows: "yes", Consent: intake.ConsentRefused, PoliceNotified: true,
				Cues: []string{"cue_a", "cue_b"}, WhoNeedsHelp: "child", Topics: []string{"child", "family"}, Anonymous: true,
				Contact: intake.Contact{Method: "email", Phone: "040 444", Email: "c@example.fi", GoodTimes: "morning", MayLeaveMessage: true}},
			Deadlines: intake.Deadlines{UrgencyAssessmentDue: ptr(utc(2026, time.March, 2, 21, 59)),
				DecisionDue: ptr(utc(2026, time.March, 11, 21, 59)), AssessmentStartDue: ptr(utc(2026, time.March, 11, 21, 59)),
				AssessmentDue: ptr(utc(2026, time.June, 2, 20, 59))},
			Triage: intake.Triage{Status: intake.StatusReceived},
		}
		mustCreate(t, db, in)
		wantUUIDv7(t, in.ID)
		wantUUIDv7(t, in.PersonID)
		if !regexp.MustCompile(`^[ACDEFGHJKMNPQRTUVWXY234679]{4}-[ACDEFGHJKMNPQRTUVWXY234679]{4}$`).MatchString(in.Receipt) {
			t.Errorf("receipt %q", in.Receipt)
		}
		if in.Version != 1 || !in.UpdatedAt.Equal(in.RecordedAt) {
			t.Errorf("version %d, updated %v", in.Version, in.UpdatedAt)
		}
		got := mustItem(t, db, in.ID)
		if !reflect.DeepEqual(got, in) {
			t.Errorf("read back:\n got  %+v\n want %+v", got, in)
		}

		// A help request with no notifier, no deadlines beyond the urgency
		// one and no optional data keeps its nils.
		bare := mustCreate(t, db, plainItem(team.ID, opened, intake.Deadlines{UrgencyAssessmentDue: ptr(opened.Add(time.Hour))}))
		got = mustItem(t, db, bare.ID)
		if got.Notifier != nil || got.Deadlines.DecisionDue != nil || got.Deadlines.AssessmentStartDue != nil ||
			got.Deadlines.AssessmentDue != nil || got.Subject.Guardians != nil || got.UrgencyAt != nil || got.AssignedAt != nil {
			t.Errorf("nils not kept: %+v", got)
		}
		if !reflect.DeepEqual(got, bare) {
			t.Errorf("read back:\n got  %+v\n want %+v", got, bare)
		}
		// Times given in another zone come back as the same instants.
		hki := opened.In(calendar.Helsinki)
		zoned := mustCreate(t, db, plainItem(team.ID, hki, intake.Deadlines{UrgencyAssessmentDue: ptr(calendar.DateOf(hki).EndOfDay())}))
		got = mustItem(t, db, zoned.ID)
		if !got.OpenedAt.Equal(opened) || !got.Deadlines.UrgencyAssessmentDue.Equal(calendar.DateOf(hki).EndOfDay()) {
			t.Errorf("zoned times: %v %v", got.OpenedAt, got.Deadlines.UrgencyAssessmentDue)
		}

		_, err := db.IntakeItem(t.Context(), store.NewID())
		wantIs(t, err, kynnys.ErrNotFound)
	})
}

func TestIntakeReceiptsAndPersons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		team := mustTeam(t, db, "Aikuiset", "Pori")
		opened := utc(2026, time.March, 2, 9, 0)
		code := testHetu("131052", "-", "308")
		receipts, itemIDs, persons := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for range 40 {
			it := mustCreate(t, db, plainItem(team.ID, opened, intake.Deadlines{}))
			receipts[it.Receipt], itemIDs[it.ID], persons[it.PersonID] = true, true, true
		}
		if len(receipts) != 40 || len(itemIDs) != 40 {
			t.Errorf("%d receipts, %d ids for 40 items", len(receipts), len(itemIDs))
		}
		// Without an identity code every item is a person of its own.
		if len(persons) != 40 {
			t.Errorf("%d persons for 40 items without a code", len(persons))
		}

		// One identity code is one person, also when items arrive at once.
		var wg sync.WaitGroup
		got := make([]string, 8)
		errs := make([]error, 8)
		for i := range got {
			wg.Go(func() {
				it := plainItem(team.ID, opened, intake.Deadlines{})
				it.Subject.Hetu = code
				errs[i] = db.CreateIntakeItem(t.Context(), it, nil)
				got[i] = it.PersonID
			})
		}
		wg.Wait()
		mustNil(t, errors.Join(errs...))
		if one := slices.Compact(slices.Sorted(slices.Values(got))); len(one) != 1 || one[0] == "" || persons[one[0]] {
			t.Errorf("items with one code got persons %v", got)
		}
		other := plainItem(team.ID, opened, intake.Deadlines{})
		other.Subject.Hetu = testHetu("010190", "-", "123")
		mustCreate(t, db, other)
		if other.PersonID == got[0] {
			t.Error("two codes share a person")
		}
	})
}

func TestIntakeEventsInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		team := mustTeam(t, db, "Aikuiset", "Pori")
		other := mustTeam(t, db, "Muut", "Ulvila")
		worker := mustUser(t, db, "tyontekija@example.fi", "Työntekijä", team.ID)
		opened := utc(2026, time.March, 2, 9, 0)
		it := mustCreate(t, db, plainItem(team.ID, opened, intake.Deadlines{UrgencyAssessmentDue: ptr(opened.Add(time.Hour))}),
			intake.Event{At: opened, Type: intake.EventCreated, Status: intake.StatusReceived},
			intake.Event{At: opened, Type: intake.EventRouted, ToTeam: team.ID})
		note, err := intake.Note(worker.ID, opened.Add(20*time.Minute), "Soitettu, ei vastannut.")
		mustNil(t, err)
		note.ItemID = it.ID
		mustNil(t, db.AddIntakeEvent(t.Context(), note))
		mustSave(t, db, it.ID, func(it *intake.Item) (intake.Event, error) {
			return it.AssessUrgency(worker.ID, opened.Add(10*time.Minute), intake.UrgencyNotUrgent, "Ei akuuttia vaaraa.")
		})
		// An event stored later but dated earlier sorts by its time.
		mustNil(t, db.AddIntakeEvent(t.Context(), intake.Event{ItemID: it.ID, At: opened.Add(5 * time.Minute),
			Type: intake.EventReminder, Text: "urgency"}))
		fresh := mustItem(t, db, it.ID)
		mustNil(t, db.RerouteIntakeItem(t.Context(), fresh, other.ID, worker.ID, "Asuu Ulvilassa.", opened.Add(30*time.Minute)))

		evs, err := db.IntakeEvents(t.Context(), it.ID)
		mustNil(t, err)
		type row struct {
			At       time.Time
			By       string
			Type     intake.EventType
			Status   intake.Status
			From, To string
			Text     string
		}
		var gotRows []row
		for _, ev := range evs {
			wantUUIDv7(t, ev.ID)
			if ev.ItemID != it.ID {
				t.Errorf("event of item %q", ev.ItemID)
			}
			gotRows = append(gotRows, row{ev.At, ev.By, ev.Type, ev.Status, ev.FromTeam, ev.ToTeam, ev.Text})
		}
		want := []row{
			{opened, "", intake.EventCreated, intake.StatusReceived, "", "", ""},
			{opened, "", intake.EventRouted, "", "", team.ID, ""},
			{opened.Add(5 * time.Minute), "", intake.EventReminder, "", "", "", "urgency"},
			{opened.Add(10 * time.Minute), worker.ID, intake.EventUrgency, intake.StatusUrgencyAssessed, "", "", "not_urgent: Ei akuuttia vaaraa."},
			{opened.Add(20 * time.Minute), worker.ID, intake.EventNote, "", "", "", "Soitettu, ei vastannut."},
			{opened.Add(30 * time.Minute), worker.ID, intake.EventRerouted, "", team.ID, other.ID, "Asuu Ulvilassa."},
		}
		if !reflect.DeepEqual(gotRows, want) {
			t.Errorf("events:\n got  %+v\n want %+v", gotRows, want)
		}
		if evs, err := db.IntakeEvents(t.Context(), store.NewID()); err != nil || evs == nil || len(evs) != 0 {
			t.Errorf("events of an unknown item: %v, %v", evs, err)
		}
	})
}

func TestIntakeQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		teamA := mustTeam(t, db, "A", "Pori")
		teamB := mustTeam(t, db, "B", "Ulvila")
		worker := mustUser(t, db, "a@example.fi", "A", teamA.ID)
		other := mustUser(t, db, "b@example.fi", "B", teamA.ID)
		day := utc(2026, time.March, 2, 8, 0)
		// due makes an item whose urgency is due at opening+1h and decision at dueDay.
		due := func(opened time.Time, decision time.Time) *intake.Item {
			return plainItem(teamA.ID, opened, intake.Deadlines{UrgencyAssessmentDue: ptr(opened.Add(time.Hour)), DecisionDue: ptr(decision)})
		}
		assess := func(id string, u intake.Urgency) {
			mustSave(t, db, id, func(it *intake.Item) (intake.Event, error) {
				return it.AssessUrgency(worker.ID, it.OpenedAt.Add(30*time.Minute), u, "syy")
			})
		}
		// Two new items: the nearer deadline first, though opened later.
		newLate := mustCreate(t, db, due(day, day.AddDate(0, 0, 9)))
		soon := due(day.Add(10*time.Minute), day.AddDate(0, 0, 9))
		soon.Deadlines.UrgencyAssessmentDue = ptr(day.Add(30 * time.Minute))
		newSoon := mustCreate(t, db, soon)
		// Assessed: urgent first whatever the deadline, then the nearest
		// deadline, the older of equal deadlines first, no deadline last.
		urgent := mustCreate(t, db, due(day, day.AddDate(0, 0, 20)))
		assess(urgent.ID, intake.UrgencyUrgent)
		nearOld := mustCreate(t, db, due(day, day.AddDate(0, 0, 3)))
		assess(nearOld.ID, intake.UrgencyNotUrgent)
		nearNew := mustCreate(t, db, due(day.Add(2*time.Hour), day.AddDate(0, 0, 3)))
		assess(nearNew.ID, intake.UrgencyNotUrgent)
		far := mustCreate(t, db, due(day, day.AddDate(0, 0, 5)))
		assess(far.ID, intake.UrgencyNotUrgent)
		undated := mustCreate(t, db, plainItem(teamA.ID, day.Add(-time.Hour), intake.Deadlines{UrgencyAssessmentDue: ptr(day)}))
		assess(undated.ID, intake.UrgencyNotUrgent)
		mustSave(t, db, far.ID, func(it *intake.Item) (intake.Event, error) { return it.Assign(worker.ID, day, other.ID) })
		// Closed, and another team's.
		closed := mustCreate(t, db, due(day, day.AddDate(0, 0, 1)))
		assess(closed.ID, intake.UrgencyNotUrgent)
		mustSave(t, db, closed.ID, func(it *intake.Item) (intake.Event, error) {
			return it.Close(worker.ID, day.Add(time.Hour), intake.StatusGuidanceGiven, "")
		})
		otherTeam := plainItem(teamB.ID, day, intake.Deadlines{UrgencyAssessmentDue: ptr(day)})
		mustCreate(t, db, otherTeam)
		// A started assessment is closed for intake but its 3-month
		// deadline still runs.
		started := mustCreate(t, db, plainItem(teamA.ID, day, intake.Deadlines{UrgencyAssessmentDue: ptr(day.Add(time.Hour)),
			DecisionDue: ptr(day.AddDate(0, 0, 9)), AssessmentDue: ptr(day.AddDate(0, 0, 40))}))
		assess(started.ID, intake.UrgencyNotUrgent)
		mustSave(t, db, started.ID, func(it *intake.Item) (intake.Event, error) {
			return it.Close(worker.ID, day.Add(2*time.Hour), intake.StatusAssessmentStarted, "")
		})

		queue := func(f intake.QueueFilter) []string {
			t.Helper()
			items, err := db.IntakeQueue(ctx, f)
			mustNil(t, err)
			if items == nil {
				t.Fatal("nil queue")
			}
			return ids(items)
		}
		openOrder := []string{newSoon.ID, newLate.ID, urgent.ID, nearOld.ID, nearNew.ID, far.ID, undated.ID}
		for _, tc := range []struct {
			name string
			f    intake.QueueFilter
			want []string
		}{
			{"open", intake.QueueFilter{TeamIDs: []string{teamA.ID}, Open: true}, openOrder},
			{"all", intake.QueueFilter{TeamIDs: []string{teamA.ID}},
				// The closed item's deadline is met, so it has none left; the
				// started assessment's is 40 days away.
				[]string{newSoon.ID, newLate.ID, urgent.ID, nearOld.ID, nearNew.ID, far.ID, started.ID, undated.ID, closed.ID}},
			{"limit", intake.QueueFilter{TeamIDs: []string{teamA.ID}, Open: true, Limit: 3}, openOrder[:3]},
			{"team B", intake.QueueFilter{TeamIDs: []string{teamB.ID}, Open: true}, []string{otherTeam.ID}},
			{"both teams", intake.QueueFilter{TeamIDs: []string{teamB.ID, teamA.ID}, Open: true},
				[]string{otherTeam.ID, newSoon.ID, newLate.ID, urgent.ID, nearOld.ID, nearNew.ID, far.ID, undated.ID}},
			{"no teams", intake.QueueFilter{Open: true}, []string{}},
			{"assigned", intake.QueueFilter{TeamIDs: []string{teamA.ID}, AssignedTo: other.ID}, []string{far.ID}},
			{"assigned to no one", intake.QueueFilter{TeamIDs: []string{teamA.ID}, AssignedTo: worker.ID}, []string{}},
			// At day+4: the new items' urgency (day+1h) and the near decisions
			// (day+3) have passed; far (day+5) and the undated item not.
			{"overdue", intake.QueueFilter{TeamIDs: []string{teamA.ID}, OverdueAt: day.AddDate(0, 0, 4)},
				[]string{newSoon.ID, newLate.ID, nearOld.ID, nearNew.ID}},
			{"overdue assessment", intake.QueueFilter{TeamIDs: []string{teamA.ID}, OverdueAt: day.AddDate(0, 0, 41)},
				[]string{newSoon.ID, newLate.ID, urgent.ID, nearOld.ID, nearNew.ID, far.ID, started.ID}},
			{"overdue at the deadline itself", intake.QueueFilter{TeamIDs: []string{teamA.ID}, OverdueAt: day.AddDate(0, 0, 3)},
				[]string{newSoon.ID, newLate.ID}},
		} {
			if got := queue(tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("%s:\n got  %v\n want %v", tc.name, got, tc.want)
			}
		}
		// The store's overdue filter agrees with the domain's.
		items, err := db.IntakeQueue(ctx, intake.QueueFilter{TeamIDs: []string{teamA.ID}})
		mustNil(t, err)
		for _, at := range []time.Time{day.AddDate(0, 0, 4), day.AddDate(0, 0, 41)} {
			var want []string
			for i := range items {
				if items[i].Overdue(at) {
					want = append(want, items[i].ID)
				}
			}
			if got := queue(intake.QueueFilter{TeamIDs: []string{teamA.ID}, OverdueAt: at}); !slices.Equal(got, want) {
				t.Errorf("overdue at %v: store %v, domain %v", at, got, want)
			}
		}
	})
}

func TestSaveIntakeTriage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		team := mustTeam(t, db, "A", "Pori")
		worker := mustUser(t, db, "a@example.fi", "A", team.ID)
		opened := utc(2026, time.March, 2, 8, 0)
		it := mustCreate(t, db, plainItem(team.ID, opened, intake.Deadlines{UrgencyAssessmentDue: ptr(opened.Add(time.Hour)),
			DecisionDue: ptr(opened.AddDate(0, 0, 9))}))
		first, second := mustItem(t, db, it.ID), mustItem(t, db, it.ID)

		ev, err := first.AssessUrgency(worker.ID, opened.Add(time.Minute), intake.UrgencyUrgent, "Vaara.")
		mustNil(t, err)
		mustNil(t, db.SaveIntakeTriage(ctx, first, ev))
		if first.Version != 2 || !first.UpdatedAt.Equal(opened.Add(time.Minute)) {
			t.Errorf("after save: version %d, updated %v", first.Version, first.UpdatedAt)
		}
		if got := mustItem(t, db, it.ID); !reflect.DeepEqual(got, first) {
			t.Errorf("saved:\n got  %+v\n want %+v", got, first)
		}

		// The second reader's change was made on an old version.
		ev, err = second.AssessUrgency(worker.ID, opened.Add(2*time.Minute), intake.UrgencyNotUrgent, "Ei vaaraa.")
		mustNil(t, err)
		wantIs(t, db.SaveIntakeTriage(ctx, second, ev), kynnys.ErrConflict)
		if got := mustItem(t, db, it.ID); !reflect.DeepEqual(got, first) {
			t.Errorf("a refused save changed the item:\n got  %+v\n want %+v", got, first)
		}
		evs, err := db.IntakeEvents(ctx, it.ID)
		mustNil(t, err)
		if len(evs) != 1 || evs[0].Text != "urgent: Vaara." {
			t.Errorf("events after a refused save: %+v", evs)
		}

		// Every triage field is stored, and the next deadline follows.
		cur := mustSave(t, db, it.ID, func(it *intake.Item) (intake.Event, error) {
			return it.Assign(worker.ID, opened.Add(time.Hour), worker.ID)
		})
		cur = mustSave(t, db, cur.ID, func(it *intake.Item) (intake.Event, error) { return it.Start(worker.ID, opened.Add(2*time.Hour)) })
		cur = mustSave(t, db, cur.ID, func(it *intake.Item) (intake.Event, error) {
			return it.Close(worker.ID, opened.Add(3*time.Hour), intake.StatusForwarded, "Päihdepalvelut")
		})
		if got := mustItem(t, db, it.ID); !reflect.DeepEqual(got, cur) || got.Version != 5 || got.ForwardedTo != "Päihdepalvelut" ||
			got.DecidedAt == nil || !got.DecidedAt.Equal(opened.Add(3*time.Hour)) {
			t.Errorf("closed:\n got  %+v\n want %+v", got, cur)
		}
		if q, err := db.IntakeQueue(ctx, intake.QueueFilter{TeamIDs: []string{team.ID}, OverdueAt: opened.AddDate(1, 0, 0)}); err != nil || len(q) != 0 {
			t.Errorf("a closed item is overdue: %v %v", ids(q), err)
		}

		// An item that is not there is a conflict too: it vanished.
		gone := *cur
		gone.ID = store.NewID()
		wantIs(t, db.SaveIntakeTriage(ctx, &gone, intake.Event{At: opened, Type: intake.EventNote, Text: "x"}), kynnys.ErrConflict)
	})
}

func TestRerouteIntakeItem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		teamA := mustTeam(t, db, "A", "Pori")
		teamB := mustTeam(t, db, "B", "Ulvila")
		lead := mustUser(t, db, "lead@example.fi", "Lead", teamA.ID)
		opened := utc(2026, time.March, 2, 8, 0)
		newItem := func() *intake.Item {
			it := plainItem(teamA.ID, opened, intake.Deadlines{UrgencyAssessmentDue: ptr(opened.Add(time.Hour))})
			it.Routed = false
			return mustCreate(t, db, it)
		}
		assessed := func(id string) *intake.Item {
			return mustSave(t, db, id, func(it *intake.Item) (intake.Event, error) {
				return it.AssessUrgency(lead.ID, opened.Add(time.Minute), intake.UrgencyNotUrgent, "syy")
			})
		}
		assigned := func(id string) *intake.Item {
			assessed(id)
			return mustSave(t, db, id, func(it *intake.Item) (intake.Event, error) { return it.Assign(lead.ID, opened.Add(time.Hour), lead.ID) })
		}
		inProgress := func(id string) *intake.Item {
			assigned(id)
			return mustSave(t, db, id, func(it *intake.Item) (intake.Event, error) { return it.Start(lead.ID, opened.Add(2*time.Hour)) })
		}
		for _, tc := range []struct {
			name  string
			setup func(id string) *intake.Item
			want  intake.Status
		}{
			{"received", func(id string) *intake.Item { return mustItem(t, db, id) }, intake.StatusReceived},
			{"urgency assessed", assessed, intake.StatusUrgencyAssessed},
			{"assigned", assigned, intake.StatusUrgencyAssessed},
			{"in progress", inProgress, intake.StatusUrgencyAssessed},
		} {
			it := tc.setup(newItem().ID)
			before := *it
			at := opened.Add(3 * time.Hour)
			mustNil(t, db.RerouteIntakeItem(ctx, it, teamB.ID, lead.ID, "Väärä kunta.", at))
			got := mustItem(t, db, it.ID)
			if got.TeamID != teamB.ID || !got.Routed || got.AssignedTo != "" || got.AssignedAt != nil || got.Status != tc.want ||
				got.Version != before.Version+1 || !got.UpdatedAt.Equal(at) {
				t.Errorf("%s: after re-routing %+v", tc.name, got)
			}
			if got.UrgencyAt == nil != (before.UrgencyAt == nil) || got.Urgency != before.Urgency {
				t.Errorf("%s: the urgency assessment was lost: %+v", tc.name, got)
			}
			// The caller's copy follows, so that it can be saved again.
			if !reflect.DeepEqual(it, got) {
				t.Errorf("%s: caller's copy\n got  %+v\n want %+v", tc.name, it, got)
			}
			evs, err := db.IntakeEvents(ctx, it.ID)
			mustNil(t, err)
			last := evs[len(evs)-1]
			if last.Type != intake.EventRerouted || last.FromTeam != teamA.ID || last.ToTeam != teamB.ID || last.By != lead.ID ||
				last.Text != "Väärä kunta." || !last.At.Equal(at) {
				t.Errorf("%s: history %+v", tc.name, last)
			}
			// A stale copy is refused and changes nothing.
			wantIs(t, db.RerouteIntakeItem(ctx, &before, teamA.ID, lead.ID, "takaisin", at), kynnys.ErrConflict)
			if again := mustItem(t, db, it.ID); again.TeamID != teamB.ID || again.Version != got.Version {
				t.Errorf("%s: a stale re-route changed the item: %+v", tc.name, again)
			}
			if evs2, _ := db.IntakeEvents(ctx, it.ID); len(evs2) != len(evs) {
				t.Errorf("%s: a stale re-route added history", tc.name)
			}
		}
	})
}

func TestIntakeItemsOpened(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		teamA := mustTeam(t, db, "A", "Pori")
		teamB := mustTeam(t, db, "B", "Ulvila")
		teamC := mustTeam(t, db, "C", "Kokemäki")
		worker := mustUser(t, db, "a@example.fi", "A", teamA.ID)
		from, to := utc(2026, time.January, 1, 0, 0), utc(2026, time.April, 1, 0, 0)
		mk := func(team string, opened time.Time) *intake.Item {
			return mustCreate(t, db, plainItem(team, opened, intake.Deadlines{UrgencyAssessmentDue: ptr(opened.Add(time.Hour)),
				DecisionDue: ptr(opened.AddDate(0, 0, 9)), AssessmentDue: ptr(opened.AddDate(0, 3, 0))}))
		}
		mk(teamA.ID, from.Add(-time.Microsecond))
		first := mk(teamA.ID, from)
		last := mk(teamB.ID, to.Add(-time.Microsecond))
		mk(teamA.ID, to)
		mk(teamC.ID, from.Add(time.Hour))
		mustSave(t, db, first.ID, func(it *intake.Item) (intake.Event, error) {
			return it.AssessUrgency(worker.ID, from.Add(time.Minute), intake.UrgencyNotUrgent, "syy")
		})
		done := mustSave(t, db, first.ID, func(it *intake.Item) (intake.Event, error) {
			return it.Close(worker.ID, from.Add(time.Hour), intake.StatusAssessmentStarted, "")
		})
		done = mustSave(t, db, done.ID, func(it *intake.Item) (intake.Event, error) {
			return it.CompleteAssessment(worker.ID, from.AddDate(0, 1, 0))
		})

		got, err := db.IntakeItemsOpened(ctx, []string{teamA.ID, teamB.ID}, from, to)
		mustNil(t, err)
		if !slices.Equal(ids(got), []string{first.ID, last.ID}) {
			t.Fatalf("opened in the period: %v, want %v", ids(got), []string{first.ID, last.ID})
		}
		// Only what the report needs: no personal data.
		want := intake.Item{ID: done.ID, Kind: done.Kind, TeamID: teamA.ID, OpenedAt: from, Deadlines: done.Deadlines,
			Triage: intake.Triage{Status: intake.StatusAssessmentStarted, UrgencyAt: done.UrgencyAt, DecidedAt: done.DecidedAt,
				AssessmentStartedAt: done.AssessmentStartedAt, AssessmentCompletedAt: done.AssessmentCompletedAt}}
		if !reflect.DeepEqual(got[0], want) {
			t.Errorf("report item:\n got  %+v\n want %+v", got[0], want)
		}
		if got[1].TeamID != teamB.ID || got[1].Status != intake.StatusReceived || got[1].UrgencyAt != nil {
			t.Errorf("open item: %+v", got[1])
		}
		for _, teams := range [][]string{nil, {}} {
			got, err := db.IntakeItemsOpened(ctx, teams, from, to)
			if err != nil || got == nil || len(got) != 0 {
				t.Errorf("no teams: %v %v", ids(got), err)
			}
		}
	})
}

func TestPersonIDs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		team := mustTeam(t, db, "A", "Pori")
		opened := utc(2026, time.March, 2, 8, 0)
		code := testHetu("131052", "-", "308")
		it := plainItem(team.ID, opened, intake.Deadlines{})
		it.Subject.Hetu = code
		mustCreate(t, db, it)
		anonymous := mustCreate(t, db, plainItem(team.ID, opened, intake.Deadlines{}))
		for _, tc := range []struct {
			key  string
			want []string
		}{
			{it.PersonID, []string{it.PersonID}},
			{it.ID, []string{it.PersonID}},
			{code, []string{it.PersonID}},
			{"131052-308t", []string{it.PersonID}},
			{anonymous.ID, []string{anonymous.PersonID}},
			{anonymous.PersonID, []string{anonymous.PersonID}},
			{store.NewID(), []string{}},
			{testHetu("010190", "-", "123"), []string{}},
			{"", []string{}},
		} {
			got, err := db.PersonIDs(ctx, tc.key)
			mustNil(t, err)
			if got == nil || !slices.Equal(got, tc.want) {
				t.Errorf("PersonIDs(key %d chars) = %v, want %v", len(tc.key), got, tc.want)
			}
		}
	})
}

func TestDefaultIntakeTeam(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if id, err := db.DefaultIntakeTeam(ctx); err != nil || id != "" {
			t.Fatalf("unset default team: %q %v", id, err)
		}
		a := mustTeam(t, db, "A", "Pori")
		b := mustTeam(t, db, "B", "Ulvila")
		mustNil(t, db.SetDefaultIntakeTeam(ctx, a.ID))
		mustNil(t, db.SetDefaultIntakeTeam(ctx, b.ID))
		wantIs(t, db.SetDefaultIntakeTeam(ctx, store.NewID()), kynnys.ErrNotFound)
		wantIs(t, db.SetDefaultIntakeTeam(ctx, ""), kynnys.ErrNotFound)
		if id, err := db.DefaultIntakeTeam(ctx); err != nil || id != b.ID {
			t.Fatalf("default team %q %v, want %q", id, err, b.ID)
		}
	})
}
