package encounter

import (
	"slices"
	"testing"
	"time"

	"kynnys"
	"kynnys/calendar"
)

var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, calendar.Helsinki)

func validEncounter() *Encounter {
	return &Encounter{ServicePointID: "p1", Channel: ChannelWalkIn, StartedAt: testNow.Add(-2 * time.Hour),
		DurationMin: 20, Anonymous: true, AgeBand: "18_29", Topics: []string{"debt", "housing", "debt"},
		Help: []string{"advice"}, ReferredTo: []string{" Kela ", "", "Kela"}}
}

func testVocabulary() *Vocabulary {
	v := &Vocabulary{Entries: slices.Clone(DefaultVocabulary)}
	for i := range v.Entries {
		if v.Entries[i].Code == "violence" {
			v.Entries[i].Active = false
		}
	}
	return v
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name        string
		edit        func(*Encounter)
		field, code string
	}{
		{"valid", func(*Encounter) {}, "", ""},
		{"no point", func(e *Encounter) { e.ServicePointID = " " }, "service_point_id", "error.required"},
		{"unknown channel", func(e *Encounter) { e.Channel = "fax" }, "channel", "error.unknown_code"},
		{"no start", func(e *Encounter) { e.StartedAt = time.Time{} }, "started_at", "error.required"},
		{"a minute ahead is clock skew", func(e *Encounter) { e.StartedAt = testNow.Add(time.Minute) }, "", ""},
		{"future", func(e *Encounter) { e.StartedAt = testNow.Add(2 * time.Minute) }, "started_at", "error.future"},
		{"too old", func(e *Encounter) { e.StartedAt = testNow.Add(-MaxAge - time.Second) }, "started_at", "error.too_old"},
		{"negative duration", func(e *Encounter) { e.DurationMin = -1 }, "duration_min", "error.duration"},
		{"too long", func(e *Encounter) { e.DurationMin = MaxDurationMin + 1 }, "duration_min", "error.duration"},
		{"client on anonymous", func(e *Encounter) { e.ClientID = "c1" }, "client_id", "error.personal_data_anonymous"},
		{"note on anonymous", func(e *Encounter) { e.Note = "Matti" }, "note", "error.personal_data_anonymous"},
		{"blank note on anonymous", func(e *Encounter) { e.Note = "  " }, "", ""},
		{"named with a note", func(e *Encounter) { e.Anonymous, e.ClientID, e.Note = false, "c1", "Matti" }, "", ""},
		{"unknown age band", func(e *Encounter) { e.AgeBand = "old" }, "age_band", "error.unknown_code"},
		{"unknown gender", func(e *Encounter) { e.Gender = "n/a" }, "gender", "error.unknown_code"},
		{"unknown topic", func(e *Encounter) { e.Topics = []string{"x"} }, "topics", "error.unknown_code"},
		{"retired topic", func(e *Encounter) { e.Topics = []string{"violence"} }, "topics", "error.unknown_code"},
		{"help as topic", func(e *Encounter) { e.Help = []string{"debt"} }, "help", "error.unknown_code"},
		{"too many topics", func(e *Encounter) { e.Topics = slices.Repeat([]string{"debt"}, MaxCodes+1) }, "topics", "error.too_many"},
		{"unknown answer", func(e *Encounter) { e.AlreadyClient = "maybe" }, "already_client", "error.unknown_code"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := validEncounter()
			c.edit(e)
			err := e.Validate(testVocabulary(), testNow)
			if c.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			fe, ok := kynnys.AsFieldError(err)
			if !ok || fe.Field != c.field || fe.Code != c.code {
				t.Fatalf("error %v, want %s %s", err, c.field, c.code)
			}
		})
	}
}

func TestValidateNormalises(t *testing.T) {
	e := validEncounter()
	if err := e.Validate(testVocabulary(), testNow); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.Topics, []string{"debt", "housing"}) || !slices.Equal(e.ReferredTo, []string{"Kela"}) || e.AlreadyClient != "unknown" {
		t.Errorf("topics %q, referrals %q, already client %q", e.Topics, e.ReferredTo, e.AlreadyClient)
	}
}

func TestFacts(t *testing.T) {
	e := &Encounter{Channel: ChannelPhone, StartedAt: time.Date(2026, 11, 25, 7, 30, 0, 0, time.UTC), Anonymous: true,
		AgeBand: "30_44", Topics: []string{"housing", "debt", "loneliness"}, Help: []string{"advice"},
		ReferredTo: []string{"Kela"}, AlreadyClient: "no", FirstVisit: true}
	want := []Fact{{DimTotal, ""}, {DimChannel, "phone"}, {DimAgeBand, "30_44"}, {DimHour, "09"},
		{DimAnonymous, "yes"}, {DimAlreadyClient, "no"}, {DimContinued, "no"}, {DimVisit, "first"},
		{DimTopic, "housing"}, {DimTopic, "debt"}, {DimTopic, "loneliness"},
		{DimTopicPair, "debt|housing"}, {DimTopicPair, "debt|loneliness"}, {DimTopicPair, "housing|loneliness"},
		{DimHelp, "advice"}, {DimReferral, "Kela"}}
	if got := e.Facts(); !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if d := e.LocalDate(); d.String() != "2026-11-25" {
		t.Errorf("local date %s", d)
	}
}

func TestValidCode(t *testing.T) {
	for code, want := range map[string]bool{
		"debt": true, "application_income_support": true, "a1": true,
		"": false, "Debt": false, "a|b": false, "debt ": false, "velka-asiat": false, "ä": false,
		"a_very_long_code_that_goes_on_and_on_past_forty": false,
	} {
		if got := ValidCode(code); got != want {
			t.Errorf("ValidCode(%q) = %v, want %v", code, got, want)
		}
	}
	for _, e := range DefaultVocabulary {
		if !ValidCode(e.Code) {
			t.Errorf("default code %q is not valid", e.Code)
		}
	}
}
