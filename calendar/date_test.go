package calendar

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func mustParse(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

func mustInstant(t testing.TB, s string) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("time.Parse(%q): %v", s, err)
	}
	return ts
}

func TestHelsinkiLoaded(t *testing.T) {
	if Helsinki == nil || Helsinki.String() != "Europe/Helsinki" {
		t.Fatalf("Helsinki = %v", Helsinki)
	}
}

func TestParseDate(t *testing.T) {
	valid := map[string]Date{
		"2026-04-02": {2026, time.April, 2},
		"2028-02-29": {2028, time.February, 29},
		"1583-01-01": {1583, time.January, 1},
		"4099-12-31": {4099, time.December, 31},
	}
	for s, want := range valid {
		got, err := ParseDate(s)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
		if got.String() != s {
			t.Errorf("ParseDate(%q).String() = %q", s, got.String())
		}
	}
	for _, s := range []string{
		"", "2026-4-2", "2026-04-2", "26-04-02", "2026/04/02", "02.04.2026",
		"2027-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
		"1582-12-31", "4100-01-01", "0000-01-01", " 2026-04-02", "2026-04-02T00:00:00Z",
	} {
		d, err := ParseDate(s)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, d)
			continue
		}
		if !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) error %v is not ErrInvalidDate", s, err)
		}
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("ParseDate(%q) error %q repeats the input", s, err)
		}
	}
}

func TestDateText(t *testing.T) {
	type doc struct {
		Due  Date `json:"due"`
		Born Date `json:"born,omitzero"`
	}
	b, err := json.Marshal(doc{Due: Date{2027, time.March, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"due":"2027-03-01"}`; got != want {
		t.Errorf("json = %s, want %s", got, want)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil || back.Due != (Date{2027, time.March, 1}) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"due":"2027-02-29"}`), &back); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("unmarshal of a non-existent day: err = %v", err)
	}
	if _, err := json.Marshal(doc{Due: Date{2027, time.February, 30}}); err == nil {
		t.Error("marshalling an invalid date succeeded")
	}
}

func TestValidAndZero(t *testing.T) {
	cases := []struct {
		d           Date
		valid, zero bool
	}{
		{Date{}, false, true},
		{Date{2026, time.April, 2}, true, false},
		{Date{2026, time.April, 31}, false, false},
		{Date{2028, time.February, 29}, true, false},
		{Date{2100, time.February, 29}, false, false}, // 2100 is not a leap year
		{Date{1500, time.January, 1}, false, false},
	}
	for _, c := range cases {
		if c.d.Valid() != c.valid || c.d.IsZero() != c.zero {
			t.Errorf("%v: Valid = %v, IsZero = %v; want %v, %v", c.d, c.d.Valid(), c.d.IsZero(), c.valid, c.zero)
		}
	}
}

func TestDateOf(t *testing.T) {
	cases := []struct {
		instant string
		want    string
	}{
		{"2026-03-13T21:30:00Z", "2026-03-13"},      // 23:30 EET Friday
		{"2026-03-13T22:30:00Z", "2026-03-14"},      // 00:30 EET Saturday, still Friday in UTC
		{"2026-06-04T20:59:59Z", "2026-06-04"},      // 23:59:59 EEST
		{"2026-06-04T21:00:00Z", "2026-06-05"},      // 00:00 EEST
		{"2026-03-29T00:59:59Z", "2026-03-29"},      // 02:59:59 EET, just before the spring change
		{"2026-03-29T01:00:00Z", "2026-03-29"},      // 04:00 EEST, just after it
		{"2026-10-25T21:59:59Z", "2026-10-25"},      // 23:59:59 EET after the autumn change
		{"2026-10-25T22:00:00Z", "2026-10-26"},      // 00:00 EET
		{"2026-12-31T23:30:00-05:00", "2027-01-01"}, // any zone: 06:30 EET
	}
	for _, c := range cases {
		if got := DateOf(mustInstant(t, c.instant)).String(); got != c.want {
			t.Errorf("DateOf(%s) = %s, want %s", c.instant, got, c.want)
		}
	}
}

func TestAddDaysWeekdayCompare(t *testing.T) {
	d := Date{2027, time.December, 31}
	cases := []struct {
		n    int
		want string
		wd   time.Weekday
	}{
		{0, "2027-12-31", time.Friday},
		{1, "2028-01-01", time.Saturday},
		{60, "2028-02-29", time.Tuesday},
		{-365, "2026-12-31", time.Thursday},
		{-730, "2025-12-31", time.Wednesday},
	}
	for _, c := range cases {
		got := d.AddDays(c.n)
		if got.String() != c.want || got.Weekday() != c.wd {
			t.Errorf("AddDays(%d) = %v (%v), want %s (%v)", c.n, got, got.Weekday(), c.want, c.wd)
		}
	}
	// Normalisation of an out-of-range field, as time.Date does it.
	if got := (Date{2026, time.April, 31}).AddDays(0); got != (Date{2026, time.May, 1}) {
		t.Errorf("AddDays(0) of 31 April = %v", got)
	}

	a, b := Date{2026, time.December, 31}, Date{2027, time.January, 1}
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Equal(b) || !a.Equal(a) {
		t.Error("Before/After/Equal across a year boundary")
	}
	for _, c := range []struct {
		x, y Date
		want int
	}{
		{a, b, -1}, {b, a, 1}, {a, a, 0},
		{Date{2026, time.February, 28}, Date{2026, time.March, 1}, -1},
		{Date{2026, time.March, 2}, Date{2026, time.March, 1}, 1},
	} {
		if got := c.x.Compare(c.y); got != c.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", c.x, c.y, got, c.want)
		}
	}
}

func TestEndOfDayAcrossDST(t *testing.T) {
	cases := []struct {
		date, end, endUTC, start string
		dayLength                time.Duration
	}{
		// Spring forward at 03:00 EET: the day is 23 hours long and ends in
		// summer time.
		{"2026-03-29", "2026-03-29T23:59:59+03:00", "2026-03-29T20:59:59Z", "2026-03-29T00:00:00+02:00", 23 * time.Hour},
		{"2026-03-28", "2026-03-28T23:59:59+02:00", "2026-03-28T21:59:59Z", "2026-03-28T00:00:00+02:00", 24 * time.Hour},
		// Fall back at 04:00 EEST: 25 hours, ends in winter time.
		{"2026-10-25", "2026-10-25T23:59:59+02:00", "2026-10-25T21:59:59Z", "2026-10-25T00:00:00+03:00", 25 * time.Hour},
		{"2026-10-24", "2026-10-24T23:59:59+03:00", "2026-10-24T20:59:59Z", "2026-10-24T00:00:00+03:00", 24 * time.Hour},
		{"2026-06-19", "2026-06-19T23:59:59+03:00", "2026-06-19T20:59:59Z", "2026-06-19T00:00:00+03:00", 24 * time.Hour},
		{"2027-01-04", "2027-01-04T23:59:59+02:00", "2027-01-04T21:59:59Z", "2027-01-04T00:00:00+02:00", 24 * time.Hour},
	}
	for _, c := range cases {
		d := mustParse(t, c.date)
		end, start := d.EndOfDay(), d.StartOfDay()
		if got := end.Format(time.RFC3339); got != c.end {
			t.Errorf("%s EndOfDay = %s, want %s", c.date, got, c.end)
		}
		if got := end.UTC().Format(time.RFC3339); got != c.endUTC {
			t.Errorf("%s EndOfDay in UTC = %s, want %s", c.date, got, c.endUTC)
		}
		if got := start.Format(time.RFC3339); got != c.start {
			t.Errorf("%s StartOfDay = %s, want %s", c.date, got, c.start)
		}
		if got := end.Sub(start) + time.Second; got != c.dayLength {
			t.Errorf("%s is %v long, want %v", c.date, got, c.dayLength)
		}
		if DateOf(end) != d || DateOf(end.Add(time.Second)) != d.AddDays(1) {
			t.Errorf("%s EndOfDay is not the last second of the day", c.date)
		}
	}
	if got := (Date{2026, time.April, 2}).Time(10, 15, 30).Format(time.RFC3339); got != "2026-04-02T10:15:30+03:00" {
		t.Errorf("Time = %s", got)
	}
}
