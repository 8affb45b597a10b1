package directory_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
)

// fullPoint sets every field, so round trips and validation cover them all.
func fullPoint() *directory.ServicePoint {
	lat, lon := 60.4518, 22.2666
	summer := hours([]time.Weekday{time.Saturday}, clk(10, 0), clk(14, 0))
	summer.ValidFrom, summer.ValidTo = date(2026, 6, 1), date(2026, 8, 16)
	return &directory.ServicePoint{
		ID:           "0192f000-0000-7000-8000-000000000001",
		Kind:         directory.KindMeetingPlace,
		Name:         directory.Localized{FI: "Olohuone", SV: "Vardagsrum", EN: "Living room"},
		Description:  directory.Localized{FI: "Matalan kynnyksen kohtaamispaikka", SV: "Mötesplats", EN: "Drop-in place"},
		Organization: "Varha",
		TeamID:       "0192f000-0000-7000-8000-0000000000aa",
		Municipality: "Turku",
		Address:      directory.Address{Street: "Linnankatu 1", PostalCode: "20100", City: "Turku", Lat: &lat, Lon: &lon},
		Phone:        "+358 2 123 4567",
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge, access.TargetYouth},
		Topics:       []string{"debt", "housing"},
		StaffRoles:   []string{"social_counsellor", "practical_nurse"},
		Languages:    []string{"fi", "sv"},
		Accessibility: directory.Localized{FI: "Esteetön sisäänkäynti", SV: "Tillgänglig ingång",
			EN: "Step-free entrance"},
		AnonymousOK: true, Free: true, NoReferralNeeded: true, AppointmentNeeded: false,
		ClosedOnPublicHolidays: true,
		Hours:                  []directory.WeeklyHours{hours(weekdays, clk(9, 0), clk(11, 0)), hours(weekdays, clk(12, 0), clk(15, 0)), summer},
		Exceptions: []directory.Exception{
			{Date: date(2026, 12, 24), Opens: clk(10, 0), Closes: clk(14, 0), Note: directory.Localized{FI: "Jouluaatto", EN: "Christmas Eve"}},
			{Date: date(2026, 12, 23), Closed: true},
		},
		CreatedAt: time.Date(2026, 11, 24, 10, 0, 0, 123456000, time.UTC),
		UpdatedAt: time.Date(2026, 11, 24, 11, 30, 0, 0, time.UTC),
	}
}

// wantFieldError fails unless err is a *kynnys.FieldError for exactly field
// (and code, when given).
func wantFieldError(t *testing.T, err error, field, code string) {
	t.Helper()
	fe, ok := kynnys.AsFieldError(err)
	if !ok {
		t.Fatalf("err = %v, want a *kynnys.FieldError for %q", err, field)
	}
	if fe.Field != field || (code != "" && fe.Code != code) {
		t.Fatalf("FieldError{%q, %q}, want {%q, %q}", fe.Field, fe.Code, field, code)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	type sp = directory.ServicePoint
	addHours := func(hs ...directory.WeeklyHours) func(*sp) {
		return func(p *sp) { p.Hours = append(p.Hours, hs...) }
	}
	addExceptions := func(es ...directory.Exception) func(*sp) {
		return func(p *sp) { p.Exceptions = append(p.Exceptions, es...) }
	}
	period := func(h directory.WeeklyHours, from, to calendar.Date) directory.WeeklyHours {
		h.ValidFrom, h.ValidTo = from, to
		return h
	}
	ptr := func(f float64) *float64 { return &f }
	sat := []time.Weekday{time.Saturday}
	for _, tc := range []struct {
		name        string
		mutate      func(*sp)
		field, code string // "" for valid
	}{
		{"the full point is valid", func(*sp) {}, "", ""},
		{"unknown kind", func(p *sp) { p.Kind = "shop" }, "kind", "error.unknown_code"},
		{"missing kind", func(p *sp) { p.Kind = "" }, "kind", "error.unknown_code"},
		{"blank name in every language", func(p *sp) { p.Name = directory.Localized{FI: " ", SV: "\t"} }, "name", "error.required"},
		{"a name in one language is enough", func(p *sp) { p.Name = directory.Localized{SV: "Vardagsrum"} }, "", ""},
		{"name of 200 bytes", func(p *sp) { p.Name.FI = strings.Repeat("a", 200) }, "", ""},
		{"name too long", func(p *sp) { p.Name.FI = strings.Repeat("a", 201) }, "name.fi", "error.too_long"},
		{"English name too long", func(p *sp) { p.Name.EN = strings.Repeat("a", 201) }, "name.en", "error.too_long"},
		{"organization too long", func(p *sp) { p.Organization = strings.Repeat("a", 201) }, "organization", "error.too_long"},
		{"description too long", func(p *sp) { p.Description.SV = strings.Repeat("a", 4001) }, "description.sv", "error.too_long"},
		{"accessibility too long", func(p *sp) { p.Accessibility.FI = strings.Repeat("a", 4001) }, "accessibility.fi", "error.too_long"},
		{"blank municipality", func(p *sp) { p.Municipality = "  " }, "municipality", "error.required"},
		{"phone service without a phone", func(p *sp) { p.Kind, p.Phone = directory.KindPhone, " " }, "phone", "error.required"},
		{"phone with letters", func(p *sp) { p.Phone = "040 ABC 1234" }, "phone", "error.phone"},
		{"phone too short", func(p *sp) { p.Phone = "1234" }, "phone", "error.phone"},
		{"phone too long", func(p *sp) { p.Phone = "+358 40 1234 5678 9012" }, "phone", "error.phone"},
		{"plus inside a phone", func(p *sp) { p.Phone = "040+1234567" }, "phone", "error.phone"},
		{"phone with brackets and dashes", func(p *sp) { p.Phone = "+358 (0)40-123 4567" }, "", ""},
		{"short postal code", func(p *sp) { p.Address.PostalCode = "2010" }, "address.postal_code", "error.postal_code"},
		{"postal code with a letter", func(p *sp) { p.Address.PostalCode = "2O100" }, "address.postal_code", "error.postal_code"},
		{"latitude without longitude", func(p *sp) { p.Address.Lon = nil }, "address.lat", "error.coordinates"},
		{"swapped coordinates", func(p *sp) { p.Address.Lat, p.Address.Lon = ptr(22.27), ptr(60.45) }, "address.lat", "error.coordinates"},
		{"zero coordinates", func(p *sp) { p.Address.Lat, p.Address.Lon = ptr(0), ptr(0) }, "address.lat", "error.coordinates"},
		{"NaN longitude", func(p *sp) { p.Address.Lon = ptr(math.NaN()) }, "address.lat", "error.coordinates"},
		{"no coordinates", func(p *sp) { p.Address.Lat, p.Address.Lon = nil, nil }, "", ""},
		{"unknown target group", func(p *sp) { p.TargetGroups = append(p.TargetGroups, "pets") }, "target_groups", "error.unknown_code"},
		{"unknown topic", func(p *sp) { p.Topics = []string{"weather"} }, "topics", "error.unknown_code"},
		{"unknown staff role", func(p *sp) { p.StaffRoles = []string{"wizard"} }, "staff_roles", "error.unknown_code"},
		{"upper-case language", func(p *sp) { p.Languages = []string{"FI"} }, "languages", "error.unknown_code"},
		{"three-letter language", func(p *sp) { p.Languages = []string{"fin"} }, "languages", "error.unknown_code"},

		{"closes before opens", func(p *sp) { p.Hours[1].Closes = clk(11, 0) }, "hours[1].closes", "error.closes_before_opens"},
		{"closes when it opens", func(p *sp) { p.Hours[1].Closes = clk(12, 0) }, "hours[1].closes", "error.closes_before_opens"},
		{"24:00 as closing time", func(p *sp) { p.Hours = p.Hours[:1]; p.Hours[0].Closes = clk(24, 0) }, "", ""},
		{"24:00 as opening time", func(p *sp) { p.Hours[0].Opens = clk(24, 0) }, "hours[0].opens", "error.time"},
		{"negative opening time", func(p *sp) { p.Hours[0].Opens = -1 }, "hours[0].opens", "error.time"},
		{"00:00 as closing time", func(p *sp) { p.Hours[2].Closes = 0 }, "hours[2].closes", "error.time"},
		{"closing after 24:00", func(p *sp) { p.Hours[0].Closes = clk(24, 1) }, "hours[0].closes", "error.time"},
		{"no days", func(p *sp) { p.Hours[1].Days = nil }, "hours[1].days", "error.required"},
		{"weekday 7", func(p *sp) { p.Hours[0].Days = []time.Weekday{7} }, "hours[0].days", "error.unknown_code"},
		{"weekday -1", func(p *sp) { p.Hours[0].Days = []time.Weekday{-1} }, "hours[0].days", "error.unknown_code"},
		{"overlap on a shared day", addHours(hours([]time.Weekday{time.Friday}, clk(14, 0), clk(18, 0))), "hours[3]", "error.overlap"},
		{"same interval on a shared day", addHours(hours([]time.Weekday{time.Sunday, time.Monday}, clk(9, 0), clk(11, 0))), "hours[3]", "error.overlap"},
		{"back to back is no overlap", addHours(hours([]time.Weekday{time.Friday}, clk(15, 0), clk(18, 0))), "", ""},
		{"different days do not overlap", addHours(hours([]time.Weekday{time.Sunday}, clk(9, 0), clk(15, 0))), "", ""},
		{"disjoint validity periods do not overlap",
			addHours(period(hours(sat, clk(11, 0), clk(13, 0)), date(2026, 8, 17), calendar.Date{})), "", ""},
		{"a period before an open-started one's start",
			addHours(period(hours(sat, clk(11, 0), clk(13, 0)), calendar.Date{}, date(2026, 5, 31))), "", ""},
		{"periods sharing their boundary day overlap",
			addHours(period(hours(sat, clk(11, 0), clk(13, 0)), date(2026, 8, 16), calendar.Date{})), "hours[3]", "error.overlap"},
		{"a period overlaps hours without one",
			addHours(period(hours([]time.Weekday{time.Monday}, clk(10, 0), clk(12, 0)), date(2026, 6, 1), date(2026, 8, 16))), "hours[3]", "error.overlap"},
		{"valid_to before valid_from", func(p *sp) { p.Hours[2].ValidTo = date(2026, 5, 31) }, "hours[2].valid_to", "error.period_order"},
		{"a one-day period", func(p *sp) { p.Hours[2].ValidTo = p.Hours[2].ValidFrom }, "", ""},
		{"nonexistent valid_from", func(p *sp) { p.Hours[2].ValidFrom = date(2026, 2, 30) }, "hours[2].valid_from", "error.date"},
		{"nonexistent valid_to", func(p *sp) { p.Hours[2].ValidTo = date(2026, 13, 1) }, "hours[2].valid_to", "error.date"},

		{"closed and open on one date", addExceptions(directory.Exception{Date: date(2026, 12, 24), Closed: true}), "exceptions[2].date", "error.exception_conflict"},
		{"open and closed on one date", addExceptions(directory.Exception{Date: date(2026, 12, 23), Opens: clk(10, 0), Closes: clk(12, 0)}),
			"exceptions[2].date", "error.exception_conflict"},
		{"closed twice on one date", addExceptions(directory.Exception{Date: date(2026, 12, 23), Closed: true}), "exceptions[2].date", "error.exception_conflict"},
		{"overlapping exceptions", addExceptions(directory.Exception{Date: date(2026, 12, 24), Opens: clk(13, 0), Closes: clk(15, 0)}),
			"exceptions[2]", "error.overlap"},
		{"back-to-back exceptions", addExceptions(directory.Exception{Date: date(2026, 12, 24), Opens: clk(14, 0), Closes: clk(16, 0)}), "", ""},
		{"the same hours on another date", addExceptions(directory.Exception{Date: date(2026, 12, 31), Opens: clk(10, 0), Closes: clk(14, 0)}), "", ""},
		{"exception closes before it opens", func(p *sp) { p.Exceptions[0].Closes = clk(9, 0) }, "exceptions[0].closes", "error.closes_before_opens"},
		{"exception opening at 24:00", func(p *sp) { p.Exceptions[0].Opens = clk(24, 0) }, "exceptions[0].opens", "error.time"},
		{"exception without a date", func(p *sp) { p.Exceptions[1].Date = calendar.Date{} }, "exceptions[1].date", "error.date"},
		{"exception on a nonexistent date", func(p *sp) { p.Exceptions[0].Date = date(2027, 2, 29) }, "exceptions[0].date", "error.date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fullPoint()
			tc.mutate(p)
			err := p.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v, want valid", err)
				}
				return
			}
			wantFieldError(t, err, tc.field, tc.code)
		})
	}
}

func TestValidateNormalises(t *testing.T) {
	t.Parallel()
	p := fullPoint()
	p.Name.FI, p.Municipality, p.Organization, p.Phone = "  Olohuone\n", " Turku ", " Varha ", " 040 123 4567 "
	p.Address.PostalCode, p.Address.City = " 20100 ", " Turku "
	p.TargetGroups = []access.TargetGroup{access.TargetYouth, access.TargetYouth, access.TargetFamilies}
	p.Topics = []string{"debt", "debt"}
	p.StaffRoles = []string{"nurse", "nurse"}
	p.Languages = []string{"fi", "fi", "en"}
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if p.Name.FI != "Olohuone" || p.Municipality != "Turku" || p.Organization != "Varha" || p.Phone != "040 123 4567" ||
		p.Address.PostalCode != "20100" || p.Address.City != "Turku" {
		t.Errorf("not trimmed: %+v", p)
	}
	if !reflect.DeepEqual(p.TargetGroups, []access.TargetGroup{access.TargetYouth, access.TargetFamilies}) ||
		!reflect.DeepEqual(p.Topics, []string{"debt"}) || !reflect.DeepEqual(p.StaffRoles, []string{"nurse"}) ||
		!reflect.DeepEqual(p.Languages, []string{"fi", "en"}) {
		t.Errorf("duplicates kept: %v %v %v %v", p.TargetGroups, p.Topics, p.StaffRoles, p.Languages)
	}
}

func TestValidateHoursEmpty(t *testing.T) {
	t.Parallel()
	// A point without hours is valid: an outreach team may have none.
	if err := directory.ValidateHours(nil, nil); err != nil {
		t.Errorf("ValidateHours(nil, nil) = %v", err)
	}
}

func TestParseClock(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		want    directory.Clock
		ok      bool
		str, fi string
	}{
		{"9:00", clk(9, 0), true, "09:00", "9.00"},
		{"09:00", clk(9, 0), true, "09:00", "9.00"},
		{"09.30", clk(9, 30), true, "09:30", "9.30"},
		{"8.30", clk(8, 30), true, "08:30", "8.30"},
		{" 15:00 ", clk(15, 0), true, "15:00", "15.00"},
		{"00:00", 0, true, "00:00", "0.00"},
		{"23:59", clk(23, 59), true, "23:59", "23.59"},
		{"24:00", clk(24, 0), true, "24:00", "24.00"},
		{"24:01", 0, false, "", ""},
		{"25:00", 0, false, "", ""},
		{"9:60", 0, false, "", ""},
		{"7", 0, false, "", ""},
		{"aa:bb", 0, false, "", ""},
		{"", 0, false, "", ""},
		{"9:5", 0, false, "", ""},
		{"009:00", 0, false, "", ""},
		{"9:00:00", 0, false, "", ""},
		{"9.30.00", 0, false, "", ""},
		{"9:0x", 0, false, "", ""},
		{"+9:00", 0, false, "", ""},
		{"-0:00", 0, false, "", ""},
		{"9: 5", 0, false, "", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := directory.ParseClock(tc.in)
			if !tc.ok {
				if err == nil {
					t.Fatalf("ParseClock(%q) = %v, want an error", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseClock(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			if got.String() != tc.str || got.Finnish() != tc.fi {
				t.Errorf("String() = %q, Finnish() = %q; want %q, %q", got.String(), got.Finnish(), tc.str, tc.fi)
			}
		})
	}
}

func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p := fullPoint()
	if err := p.Validate(); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	p.ClosedOnPublicHolidays = false // an explicit false must survive
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back directory.ServicePoint
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if !reflect.DeepEqual(&back, p) {
		t.Errorf("round trip changed the point\n got %+v\nwant %+v", back, *p)
	}
	b2, err := json.Marshal(&back)
	if err != nil {
		t.Fatal(err)
	}
	if string(b2) != string(b) {
		t.Errorf("second encoding differs:\n%s\n%s", b, b2)
	}

	// The API's shape: day codes, HH:MM times, dates, no hours on a closed day.
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"id":                        `"0192f000-0000-7000-8000-000000000001"`,
		"kind":                      `"meeting_place"`,
		"name":                      `{"fi":"Olohuone","sv":"Vardagsrum","en":"Living room"}`,
		"closed_on_public_holidays": `false`,
		"target_groups":             `["working_age","youth"]`,
		"hours": `[{"days":["mon","tue","wed","thu","fri"],"opens":"09:00","closes":"11:00"},` +
			`{"days":["mon","tue","wed","thu","fri"],"opens":"12:00","closes":"15:00"},` +
			`{"days":["sat"],"opens":"10:00","closes":"14:00","valid_from":"2026-06-01","valid_to":"2026-08-16"}]`,
		"exceptions": `[{"date":"2026-12-24","opens":"10:00","closes":"14:00","note":{"fi":"Jouluaatto","sv":"","en":"Christmas Eve"}},` +
			`{"date":"2026-12-23","closed":true}]`,
		"created_at": `"2026-11-24T10:00:00.123456Z"`,
	} {
		if got := string(doc[key]); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
}

func TestJSONEmptyListsAndNoTimestamps(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(place(true))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"hours":[]`, `"exceptions":[]`, `"target_groups":[]`, `"topics":[]`, `"closed_on_public_holidays":true`} {
		if !strings.Contains(s, want) {
			t.Errorf("%s lacks %s", s, want)
		}
	}
	for _, absent := range []string{`"id"`, `"created_at"`, `"updated_at"`, `"team_id"`} {
		if strings.Contains(s, absent) {
			t.Errorf("%s has %s for a new point", s, absent)
		}
	}
}

func TestJSONDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		field      string
		prefix     bool // field need only start with this (the index may be missing)
	}{
		{"bad day", `{"hours":[{"days":["maa"],"opens":"09:00","closes":"15:00"}]}`, "hours[0].days", false},
		{"bad opening time", `{"hours":[{"days":["mon"],"opens":"9","closes":"15:00"}]}`, "hours[0].opens", false},
		{"missing opening time", `{"hours":[{"days":["mon"],"closes":"15:00"}]}`, "hours[0].opens", false},
		{"bad closing time in the second", `{"hours":[{"days":["mon"],"opens":"09:00","closes":"15:00"},{"days":["tue"],"opens":"09:00","closes":"25:00"}]}`, "hours[1].closes", false},
		{"bad valid_from", `{"hours":[{"days":["mon"],"opens":"09:00","closes":"15:00","valid_from":"1.6.2026"}]}`, "hours[0].valid_from", false},
		{"bad valid_to", `{"hours":[{"days":["mon"],"opens":"09:00","closes":"15:00","valid_to":"2026-02-30"}]}`, "hours[0].valid_to", false},
		{"bad exception date", `{"exceptions":[{"date":"24.12.2026","closed":true}]}`, "exceptions[0].date", false},
		{"open exception without hours", `{"exceptions":[{"date":"2026-12-23","closed":true},{"date":"2026-12-24"}]}`, "exceptions[1].opens", false},
		{"bad exception closing", `{"exceptions":[{"date":"2026-12-24","opens":"10:00","closes":"x"}]}`, "exceptions[0].closes", false},
		{"a number as name.fi", `{"name":{"fi":42}}`, "name.fi", false},
		{"a string as name", `{"name":"Olohuone"}`, "name", false},
		{"a string as hours", `{"hours":"mon-fri"}`, "hours", false},
		{"a string as days", `{"hours":[{"days":"mon"}]}`, "hours", true},
		{"a string as a boolean", `{"free":"yes"}`, "free", false},
		// (Syntax errors stop json.Unmarshal before UnmarshalJSON runs; the
		// web layer names them "body".)
		{"an array", `[]`, "body", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p directory.ServicePoint
			err := json.Unmarshal([]byte(tc.body), &p)
			fe, ok := kynnys.AsFieldError(err)
			if !ok {
				t.Fatalf("err = %v, want a *kynnys.FieldError", err)
			}
			if fe.Field != tc.field && !(tc.prefix && strings.HasPrefix(fe.Field, tc.field)) {
				t.Errorf("field %q, want %q", fe.Field, tc.field)
			}
			if strings.Contains(fe.Error(), "maa") || strings.Contains(fe.Error(), "Olohuone") {
				t.Errorf("error %q repeats the submitted value", fe.Error())
			}
		})
	}
}

func TestJSONDefaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body string
		want bool
	}{
		{`{"kind":"clinic"}`, true}, // missing means true
		{`{"kind":"clinic","closed_on_public_holidays":null}`, true},
		{`{"kind":"clinic","closed_on_public_holidays":true}`, true},
		{`{"kind":"clinic","closed_on_public_holidays":false}`, false},
	} {
		var p directory.ServicePoint
		if err := json.Unmarshal([]byte(tc.body), &p); err != nil {
			t.Fatalf("%s: %v", tc.body, err)
		}
		if p.ClosedOnPublicHolidays != tc.want {
			t.Errorf("%s: ClosedOnPublicHolidays = %v, want %v", tc.body, p.ClosedOnPublicHolidays, tc.want)
		}
	}
	// Day codes are read case-insensitively and Finnish times are accepted.
	var p directory.ServicePoint
	if err := json.Unmarshal([]byte(`{"hours":[{"days":["MON","Sun"],"opens":"8.30","closes":"24:00"}]}`), &p); err != nil {
		t.Fatal(err)
	}
	want := directory.WeeklyHours{Days: []time.Weekday{time.Monday, time.Sunday}, Opens: clk(8, 30), Closes: clk(24, 0)}
	if len(p.Hours) != 1 || !reflect.DeepEqual(p.Hours[0], want) {
		t.Errorf("hours = %+v, want %+v", p.Hours, want)
	}
}
