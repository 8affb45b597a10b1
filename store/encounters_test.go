package store_test

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"kynnys"
	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/encounter"
	"kynnys/store"
	"kynnys/store/storetest"
)

func mustPoint(t testing.TB, db *store.DB) string {
	t.Helper()
	sp := newPoint("Pori", "")
	if err := db.CreateServicePoint(context.Background(), sp, directory.Editor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	return sp.ID
}

func at(t *testing.T, rfc3339 string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, rfc3339)
	mustNil(t, err)
	return v
}

func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	mustNil(t, err)
	return d
}

func anon(point string, channel encounter.Channel, started time.Time) *encounter.Encounter {
	return &encounter.Encounter{ServicePointID: point, StaffID: "staff-1", Channel: channel, StartedAt: started,
		DurationMin: 15, Anonymous: true, AlreadyClient: "unknown"}
}

func stats(t *testing.T, db *store.DB, from, to string, points []string) *encounter.Stats {
	t.Helper()
	s, err := db.EncounterStats(t.Context(), encounter.StatsQuery{From: date(t, from), To: date(t, to), ServicePointIDs: points})
	mustNil(t, err)
	if s.Counts == nil || s.Days == nil {
		t.Fatalf("stats maps are nil: %+v", s)
	}
	return s
}

func wantCounts(t *testing.T, s *encounter.Stats, want map[string]map[string]int, days map[string]int) {
	t.Helper()
	for dim := range s.Counts {
		if _, ok := want[dim]; !ok {
			t.Errorf("unexpected dimension %q: %v", dim, s.Counts[dim])
		}
	}
	for dim, codes := range want {
		if !maps.Equal(s.Counts[dim], codes) {
			t.Errorf("%s = %v, want %v", dim, s.Counts[dim], codes)
		}
	}
	if !maps.Equal(s.Days, days) {
		t.Errorf("days = %v, want %v", s.Days, days)
	}
}

func TestVocabularySeeded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		v, err := db.Vocabulary(t.Context())
		mustNil(t, err)
		if len(v.Entries) != len(encounter.DefaultVocabulary) {
			t.Fatalf("%d entries, want %d", len(v.Entries), len(encounter.DefaultVocabulary))
		}
		def := &encounter.Vocabulary{Entries: encounter.DefaultVocabulary}
		for _, kind := range []encounter.VocabularyKind{encounter.KindTopic, encounter.KindHelp, encounter.KindAgeBand} {
			got, want := v.Of(kind), def.Of(kind)
			if !slices.Equal(got, want) {
				t.Errorf("%s entries:\n got %+v\nwant %+v", kind, got, want)
			}
			for _, e := range got {
				if !e.Active {
					t.Errorf("%s %s is not active", kind, e.Code)
				}
			}
		}
		// Ordered by kind, then position.
		if !slices.IsSortedFunc(v.Entries, func(a, b encounter.Entry) int {
			if a.Kind != b.Kind {
				return strings.Compare(string(a.Kind), string(b.Kind))
			}
			return a.Position - b.Position
		}) {
			t.Error("entries are not ordered by kind and position")
		}
	})
}

func TestVocabularyAddAndRetire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		gambling := encounter.Entry{Kind: encounter.KindTopic, Code: "gambling", Label: directory.Localized{FI: "Rahapelit", SV: "Penningspel", EN: "Gambling"}}
		mustNil(t, db.AddVocabularyEntry(ctx, gambling))
		wantIs(t, db.AddVocabularyEntry(ctx, gambling), kynnys.ErrConflict)
		wantField(t, db.AddVocabularyEntry(ctx, encounter.Entry{Kind: "colour", Code: "red"}), "kind")
		wantField(t, db.AddVocabularyEntry(ctx, encounter.Entry{Kind: encounter.KindHelp, Code: " "}), "code")

		mustNil(t, db.SetVocabularyActive(ctx, encounter.KindTopic, "debt", false))
		wantIs(t, db.SetVocabularyActive(ctx, encounter.KindTopic, "no_such_code", false), kynnys.ErrNotFound)
		wantIs(t, db.SetVocabularyActive(ctx, encounter.KindHelp, "debt", false), kynnys.ErrNotFound) // a topic, not help

		v, err := db.Vocabulary(ctx)
		mustNil(t, err)
		topics := v.Of(encounter.KindTopic)
		last := topics[len(topics)-1]
		gambling.Active, gambling.Position = true, len(topics)-1
		if last != gambling || len(topics) != len((&encounter.Vocabulary{Entries: encounter.DefaultVocabulary}).Of(encounter.KindTopic))+1 {
			t.Errorf("last topic = %+v, want %+v", last, gambling)
		}
		if !v.Known(encounter.KindTopic, "debt") || v.Active(encounter.KindTopic, "debt") {
			t.Error("retired debt should be known but not active")
		}
		mustNil(t, db.SetVocabularyActive(ctx, encounter.KindTopic, "debt", true))
		v, err = db.Vocabulary(ctx)
		mustNil(t, err)
		if !v.Active(encounter.KindTopic, "debt") {
			t.Error("restored debt is not active")
		}
	})
}

func TestEncounterCreateAndGet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		point := mustPoint(t, db)
		e := &encounter.Encounter{ServicePointID: point, StaffID: "staff-1", Channel: encounter.ChannelOutreach,
			StartedAt: at(t, "2026-06-10T06:05:00Z").Add(1500 * time.Nanosecond), DurationMin: 45,
			ClientID: "client-1", Note: "Sovittiin uusi tapaaminen.", AgeBand: "30_44", Gender: "female",
			Topics: []string{"housing", "debt"}, Help: []string{"service_guidance", "advice"}, ReferredTo: []string{"Kela", "A-klinikka"},
			AlreadyClient: "yes", ContinuedToServices: true, FirstVisit: true}
		before := time.Now().Add(-time.Second)
		mustNil(t, db.CreateEncounter(ctx, e))
		wantUUIDv7(t, e.ID)
		if e.CreatedAt.Before(before) || !e.UpdatedAt.Equal(e.CreatedAt) {
			t.Errorf("created %v updated %v", e.CreatedAt, e.UpdatedAt)
		}
		if !e.StartedAt.Equal(at(t, "2026-06-10T06:05:00.000001Z")) {
			t.Errorf("StartedAt = %v, want it as stored, in whole microseconds", e.StartedAt)
		}
		got, err := db.Encounter(ctx, e.ID)
		mustNil(t, err)
		if a, b := jsonOf(t, got), jsonOf(t, e); a != b {
			t.Fatalf("loaded encounter differs:\n got %s\nwant %s", a, b)
		}

		// Empty lists read back empty, not nil, and an anonymous one has no client.
		a := anon(point, encounter.ChannelPhone, at(t, "2026-06-10T07:00:00Z"))
		mustNil(t, db.CreateEncounter(ctx, a))
		got, err = db.Encounter(ctx, a.ID)
		mustNil(t, err)
		if got.Topics == nil || got.Help == nil || got.ReferredTo == nil || got.ClientID != "" || !got.Anonymous {
			t.Errorf("anonymous encounter read back as %+v", got)
		}

		_, err = db.Encounter(ctx, store.NewID())
		wantIs(t, err, kynnys.ErrNotFound)
	})
}

func TestEncounterAnonymousRefusesPersonalData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		point := mustPoint(t, db)
		withNote := anon(point, encounter.ChannelWalkIn, at(t, "2026-06-10T07:00:00Z"))
		withNote.Note = "Matti Meikäläinen"
		wantField(t, db.CreateEncounter(ctx, withNote), "note")
		withClient := anon(point, encounter.ChannelWalkIn, at(t, "2026-06-10T07:00:00Z"))
		withClient.ClientID = "client-1"
		wantField(t, db.CreateEncounter(ctx, withClient), "client_id")
		// One bad encounter refuses the whole batch.
		ok := anon(point, encounter.ChannelWalkIn, at(t, "2026-06-10T07:00:00Z"))
		wantField(t, db.CreateEncounters(ctx, []*encounter.Encounter{ok, withNote}), "note")
		if withNote.ID != "" || withClient.ID != "" || ok.ID != "" {
			t.Error("a refused encounter got an id")
		}
		if s := stats(t, db, "2026-01-01", "2026-12-31", nil); s.Total() != 0 || len(s.Counts) != 0 {
			t.Errorf("refused encounters were counted: %+v", s)
		}
		recent, err := db.RecentEncounters(ctx, "staff-1", time.Time{}, 10)
		mustNil(t, err)
		if len(recent) != 0 {
			t.Errorf("refused encounters were stored: %+v", recent)
		}

		// An update cannot add personal data to an anonymous encounter either.
		mustNil(t, db.CreateEncounter(ctx, ok))
		ok.Note = "Matti Meikäläinen"
		wantField(t, db.UpdateEncounter(ctx, ok), "note")
		got, err := db.Encounter(ctx, ok.ID)
		mustNil(t, err)
		if got.Note != "" {
			t.Errorf("note %q stored on an anonymous encounter", got.Note)
		}
	})
}

// fixture logs seven encounters over three Helsinki days (10–12 June 2026,
// summer time, UTC+3) at points a and b.
func fixture(t *testing.T, db *store.DB, a, b string) []*encounter.Encounter {
	t.Helper()
	e := func(point string, ch encounter.Channel, started string, anonymous bool, topics, help, refs []string,
		age, already string, continued, first bool) *encounter.Encounter {
		x := &encounter.Encounter{ServicePointID: point, StaffID: "staff-1", Channel: ch, StartedAt: at(t, started), DurationMin: 20,
			Anonymous: anonymous, AgeBand: age, Topics: topics, Help: help, ReferredTo: refs, AlreadyClient: already,
			ContinuedToServices: continued, FirstVisit: first}
		if !anonymous {
			x.ClientID, x.Note = "client-1", "Sovittu uusi aika."
		}
		return x
	}
	es := []*encounter.Encounter{
		// 10 June
		e(a, encounter.ChannelWalkIn, "2026-06-10T07:15:00Z", true, []string{"debt", "housing"}, []string{"advice"}, nil, "18_29", "no", false, true),
		e(a, encounter.ChannelPhone, "2026-06-10T11:00:00Z", true, []string{"housing"}, []string{"advice", "service_guidance"}, []string{"Kela"}, "", "unknown", true, false),
		e(b, encounter.ChannelOutreach, "2026-06-10T06:05:00Z", false, []string{"debt", "housing", "mental_health"}, []string{"conversation_support"}, []string{"Kela", "A-klinikka"}, "30_44", "yes", true, false),
		// 11 June
		e(a, encounter.ChannelWalkIn, "2026-06-11T07:30:00Z", true, []string{"loneliness"}, []string{"conversation_support"}, nil, "65_74", "no", false, true),
		// 23:30 UTC on 11 June is 02:30 on 12 June in Helsinki: it counts on the 12th, hour 02.
		e(b, encounter.ChannelChat, "2026-06-11T23:30:00Z", true, []string{"mental_health", "debt"}, []string{"advice"}, nil, "under_18", "unknown", false, true),
		// 12 June
		e(b, encounter.ChannelPhone, "2026-06-12T10:45:00Z", true, nil, []string{"digital_help"}, nil, "", "no", false, false),
		e(a, encounter.ChannelWalkIn, "2026-06-12T13:59:00Z", true, []string{"debt"}, []string{"application_income_support", "advice"}, []string{"Kela"}, "45_64", "yes", true, false),
	}
	for _, x := range es {
		mustNil(t, db.CreateEncounter(t.Context(), x))
	}
	return es
}

func TestEncounterStatsExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a, b := mustPoint(t, db), mustPoint(t, db)
		fixture(t, db, a, b)

		all := map[string]map[string]int{
			"total":          {"": 7},
			"channel":        {"walk_in": 3, "phone": 2, "outreach": 1, "chat": 1},
			"topic":          {"debt": 4, "housing": 3, "mental_health": 2, "loneliness": 1},
			"topic_pair":     {"debt|housing": 2, "debt|mental_health": 2, "housing|mental_health": 1},
			"help":           {"advice": 4, "service_guidance": 1, "conversation_support": 2, "digital_help": 1, "application_income_support": 1},
			"referral":       {"Kela": 3, "A-klinikka": 1},
			"age_band":       {"18_29": 1, "": 2, "30_44": 1, "65_74": 1, "under_18": 1, "45_64": 1},
			"hour":           {"10": 2, "14": 1, "09": 1, "02": 1, "13": 1, "16": 1},
			"anonymous":      {"yes": 6, "no": 1},
			"already_client": {"no": 3, "unknown": 2, "yes": 2},
			"continued":      {"yes": 3, "no": 4},
			"visit":          {"first": 3, "returning": 4},
		}
		allDays := map[string]int{"2026-06-10": 3, "2026-06-11": 1, "2026-06-12": 3}
		wantCounts(t, stats(t, db, "2026-06-01", "2026-06-30", nil), all, allDays)
		wantCounts(t, stats(t, db, "2026-06-10", "2026-06-12", []string{a, b}), all, allDays)

		// 10–11 June: the 23:30 UTC chat of the 11th is Helsinki's 12th, so it is out.
		wantCounts(t, stats(t, db, "2026-06-10", "2026-06-11", nil), map[string]map[string]int{
			"total":          {"": 4},
			"channel":        {"walk_in": 2, "phone": 1, "outreach": 1},
			"topic":          {"debt": 2, "housing": 3, "mental_health": 1, "loneliness": 1},
			"topic_pair":     {"debt|housing": 2, "debt|mental_health": 1, "housing|mental_health": 1},
			"help":           {"advice": 2, "service_guidance": 1, "conversation_support": 2},
			"referral":       {"Kela": 2, "A-klinikka": 1},
			"age_band":       {"18_29": 1, "": 1, "30_44": 1, "65_74": 1},
			"hour":           {"10": 2, "14": 1, "09": 1},
			"anonymous":      {"yes": 3, "no": 1},
			"already_client": {"no": 2, "unknown": 1, "yes": 1},
			"continued":      {"yes": 2, "no": 2},
			"visit":          {"first": 2, "returning": 2},
		}, map[string]int{"2026-06-10": 3, "2026-06-11": 1})

		// Point b only, 11–12 June.
		wantCounts(t, stats(t, db, "2026-06-11", "2026-06-12", []string{b}), map[string]map[string]int{
			"total":          {"": 2},
			"channel":        {"chat": 1, "phone": 1},
			"topic":          {"debt": 1, "mental_health": 1},
			"topic_pair":     {"debt|mental_health": 1},
			"help":           {"advice": 1, "digital_help": 1},
			"age_band":       {"under_18": 1, "": 1},
			"hour":           {"02": 1, "13": 1},
			"anonymous":      {"yes": 2},
			"already_client": {"unknown": 1, "no": 1},
			"continued":      {"no": 2},
			"visit":          {"first": 1, "returning": 1},
		}, map[string]int{"2026-06-12": 2})

		// No points: nothing, not everything.
		if s := stats(t, db, "2026-06-01", "2026-06-30", []string{}); len(s.Counts) != 0 || len(s.Days) != 0 {
			t.Errorf("stats of no points = %+v", s)
		}
		if s := stats(t, db, "2026-06-01", "2026-06-30", []string{store.NewID()}); len(s.Counts) != 0 || s.Total() != 0 {
			t.Errorf("stats of an unknown point = %+v", s)
		}
		if s := stats(t, db, "2026-07-01", "2026-07-31", nil); len(s.Counts) != 0 {
			t.Errorf("stats of July = %+v", s)
		}
	})
}

func TestEncounterUpdateMovesCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		a, b := mustPoint(t, db), mustPoint(t, db)
		es := fixture(t, db, a, b)
		before := stats(t, db, "2026-06-01", "2026-06-30", nil)

		// The first encounter: housing becomes loneliness, the walk-in a phone call.
		e := *es[0]
		e.StaffID = "someone-else" // ignored: who logged it stays
		e.Topics, e.Channel, e.Help = []string{"debt", "loneliness"}, encounter.ChannelPhone, []string{"advice", "digital_help"}
		mustNil(t, db.UpdateEncounter(ctx, &e))
		if e.StaffID != "staff-1" || !e.CreatedAt.Equal(es[0].CreatedAt) || !e.UpdatedAt.After(es[0].UpdatedAt) {
			t.Errorf("after update staff %q created %v updated %v", e.StaffID, e.CreatedAt, e.UpdatedAt)
		}
		got, err := db.Encounter(ctx, e.ID)
		mustNil(t, err)
		e.ReferredTo = []string{} // read back empty, not nil
		if a, b := jsonOf(t, got), jsonOf(t, &e); a != b {
			t.Fatalf("updated encounter differs:\n got %s\nwant %s", a, b)
		}

		after := stats(t, db, "2026-06-01", "2026-06-30", nil)
		want := map[[2]string]int{
			{"topic", "housing"}: -1, {"topic", "loneliness"}: +1,
			{"topic_pair", "debt|housing"}: -1, {"topic_pair", "debt|loneliness"}: +1,
			{"channel", "walk_in"}: -1, {"channel", "phone"}: +1,
			{"help", "digital_help"}: +1,
		}
		for dim, codes := range after.Counts {
			for code := range codes {
				if before.Counts[dim] == nil {
					before.Counts[dim] = map[string]int{}
				}
				before.Counts[dim][code] += 0
			}
		}
		for dim, codes := range before.Counts {
			for code, n := range codes {
				if d := after.Count(dim, code) - n; d != want[[2]string{dim, code}] {
					t.Errorf("%s %s moved by %d, want %d", dim, code, d, want[[2]string{dim, code}])
				}
			}
		}
		if !maps.Equal(before.Days, after.Days) || after.Total() != 7 {
			t.Errorf("days %v → %v, total %d", before.Days, after.Days, after.Total())
		}

		// Moving an encounter to another day and point moves all its counts.
		e.StartedAt, e.ServicePointID = at(t, "2026-06-20T09:00:00Z"), b
		mustNil(t, db.UpdateEncounter(ctx, &e))
		if s := stats(t, db, "2026-06-20", "2026-06-20", []string{b}); s.Total() != 1 || s.Count("topic", "loneliness") != 1 || s.Count("hour", "12") != 1 {
			t.Errorf("moved encounter counts %+v", s.Counts)
		}
		s := stats(t, db, "2026-06-10", "2026-06-10", []string{a})
		if s.Total() != 1 || s.Count("topic", "debt") != 0 {
			t.Errorf("old day and point still count the moved encounter: %+v", s.Counts)
		}

		missing := *es[1]
		missing.ID = store.NewID()
		wantIs(t, db.UpdateEncounter(ctx, &missing), kynnys.ErrNotFound)
	})
}

func TestEncounterDeleteAudited(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			db, dsn := openMigrated(t, engine)
			a, b := mustPoint(t, db), mustPoint(t, db)
			es := fixture(t, db, a, b)

			// The only loneliness: its count disappears, not stays at 0.
			mustNil(t, db.DeleteEncounter(ctx, es[3].ID, "admin-1"))
			s := stats(t, db, "2026-06-01", "2026-06-30", nil)
			if _, ok := s.Counts["topic"]["loneliness"]; ok || s.Total() != 6 || s.Days["2026-06-11"] != 0 {
				t.Errorf("after delete: %+v", s)
			}
			if _, ok := s.Days["2026-06-11"]; ok {
				t.Errorf("a day with no encounters left is listed: %v", s.Days)
			}
			_, err := db.Encounter(ctx, es[3].ID)
			wantIs(t, err, kynnys.ErrNotFound)
			wantIs(t, db.DeleteEncounter(ctx, es[3].ID, "admin-1"), kynnys.ErrNotFound)
			wantIs(t, db.UpdateEncounter(ctx, es[3]), kynnys.ErrNotFound)
			wantIs(t, db.DeleteEncounter(ctx, store.NewID(), "admin-1"), kynnys.ErrNotFound)

			raw := openRaw(t, engine, dsn)
			var deletedAt sql.NullInt64
			var deletedBy sql.NullString
			if err := raw.QueryRow("SELECT deleted_at, deleted_by FROM encounters WHERE id = $1", es[3].ID).Scan(&deletedAt, &deletedBy); err != nil {
				t.Fatal(err)
			}
			if !deletedAt.Valid || time.Since(time.UnixMicro(deletedAt.Int64)) > time.Minute || deletedBy.String != "admin-1" {
				t.Errorf("deleted_at %v deleted_by %v", deletedAt, deletedBy)
			}

			// The table itself refuses personal data on an anonymous encounter.
			_, err = raw.Exec(`INSERT INTO encounters (id, service_point_id, staff_id, channel, started_at, local_date, duration_min,
				anonymous, client_id, note, age_band, gender, already_client, continued, first_visit, created_at, updated_at)
				VALUES ($1, $2, 's', 'phone', 0, '1970-01-01', 0, TRUE, NULL, 'a name', '', '', 'unknown', FALSE, FALSE, 0, 0)`, store.NewID(), a)
			if err == nil {
				t.Error("an anonymous encounter with a note was accepted by the table")
			}
		})
	}
}

func TestCreateEncountersBatchEqualsSingles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		a, b := mustPoint(t, db), mustPoint(t, db)
		topics := []string{"debt", "housing", "mental_health", "loneliness", "benefits"}
		helps := []string{"advice", "service_guidance", "digital_help"}
		make50 := func(point string) []*encounter.Encounter {
			var es []*encounter.Encounter
			start := at(t, "2026-03-01T06:00:00Z")
			for i := range 50 {
				e := anon(point, encounter.Channels[i%len(encounter.Channels)], start.Add(time.Duration(i)*7*time.Hour))
				e.Topics = []string{topics[i%5]}
				if i%3 == 0 {
					e.Topics = append(e.Topics, topics[(i+2)%5])
				}
				e.Help = []string{helps[i%3]}
				if i%4 == 0 {
					e.ReferredTo = []string{"Kela"}
				}
				e.AgeBand = []string{"", "18_29", "45_64"}[i%3]
				e.FirstVisit, e.ContinuedToServices = i%2 == 0, i%5 == 0
				es = append(es, e)
			}
			return es
		}
		mustNil(t, db.CreateEncounters(ctx, make50(a)))
		for _, e := range make50(b) {
			mustNil(t, db.CreateEncounter(ctx, e))
		}
		batch := stats(t, db, "2026-01-01", "2026-12-31", []string{a})
		singles := stats(t, db, "2026-01-01", "2026-12-31", []string{b})
		if batch.Total() != 50 || jsonOf(t, batch) != jsonOf(t, singles) {
			t.Errorf("batch stats differ from single creates:\n batch %s\nsingle %s", jsonOf(t, batch), jsonOf(t, singles))
		}
		// Each batch encounter was stored whole.
		recent, err := db.RecentEncounters(ctx, "staff-1", time.Time{}, 200)
		mustNil(t, err)
		if len(recent) != 100 {
			t.Fatalf("%d encounters stored, want 100", len(recent))
		}
	})
}

func TestRecentEncounters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		point := mustPoint(t, db)
		started := at(t, "2026-06-10T07:00:00Z")
		var mine []*encounter.Encounter
		for i := range 4 {
			e := anon(point, encounter.ChannelWalkIn, started.Add(-time.Duration(i)*time.Hour)) // logged in reverse order of starting
			e.Topics = []string{"debt"}
			mustNil(t, db.CreateEncounter(ctx, e))
			mine = append(mine, e)
		}
		other := anon(point, encounter.ChannelPhone, started)
		other.StaffID = "staff-2"
		mustNil(t, db.CreateEncounter(ctx, other))
		mustNil(t, db.DeleteEncounter(ctx, mine[2].ID, "staff-1"))

		ids := func(es []encounter.Encounter) []string {
			out := []string{}
			for _, e := range es {
				out = append(out, e.ID)
			}
			return out
		}
		got, err := db.RecentEncounters(ctx, "staff-1", time.Time{}, 10)
		mustNil(t, err)
		if want := []string{mine[3].ID, mine[1].ID, mine[0].ID}; !slices.Equal(ids(got), want) {
			t.Fatalf("recent = %v, want newest logged first without the deleted one: %v", ids(got), want)
		}
		if !slices.Equal(got[0].Topics, []string{"debt"}) {
			t.Errorf("recent encounter topics = %v", got[0].Topics)
		}
		got, err = db.RecentEncounters(ctx, "staff-1", time.Time{}, 2)
		mustNil(t, err)
		if want := []string{mine[3].ID, mine[1].ID}; !slices.Equal(ids(got), want) {
			t.Errorf("recent, limit 2 = %v, want %v", ids(got), want)
		}
		got, err = db.RecentEncounters(ctx, "staff-1", mine[1].CreatedAt, 10)
		mustNil(t, err)
		if want := []string{mine[3].ID, mine[1].ID}; !slices.Equal(ids(got), want) {
			t.Errorf("recent since the second = %v, want %v", ids(got), want)
		}
		got, err = db.RecentEncounters(ctx, "staff-3", time.Time{}, 10)
		mustNil(t, err)
		if got == nil || len(got) != 0 {
			t.Errorf("recent of someone with none = %#v, want empty", got)
		}
	})
}
