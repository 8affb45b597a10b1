package directory_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kynnys/calendar"
	"kynnys/directory"
)

// Fixtures shared by the directory tests. Dates are written out by hand
// (not taken from package calendar) so the tests check the holidays too.

func date(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }

// hel is a wall-clock instant in Helsinki.
func hel(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.Helsinki)
}

// clk is a time of day; clk(24, 0) is the end of the day.
func clk(h, m int) directory.Clock { return directory.Clock(h*60 + m) }

var (
	weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	allWeek  = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
)

func hours(days []time.Weekday, opens, closes directory.Clock) directory.WeeklyHours {
	return directory.WeeklyHours{Days: days, Opens: opens, Closes: closes}
}

// place is a minimal valid meeting place with the given weekly hours.
func place(closedOnHolidays bool, hs ...directory.WeeklyHours) *directory.ServicePoint {
	return &directory.ServicePoint{Kind: directory.KindMeetingPlace, Name: directory.Localized{FI: "Olohuone"},
		Municipality: "Turku", ClosedOnPublicHolidays: closedOnHolidays, Hours: hs}
}

// office is the reference place: weekdays 9–15, closed on public holidays.
func office() *directory.ServicePoint { return place(true, hours(weekdays, clk(9, 0), clk(15, 0))) }

// fmtIntervals renders intervals in Helsinki time with offsets, so a failure
// shows exactly which instant is wrong.
func fmtIntervals(ivs []directory.Interval) string {
	parts := make([]string, len(ivs))
	for i, iv := range ivs {
		parts[i] = fmtInterval(iv)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func fmtInterval(iv directory.Interval) string {
	return iv.Start.In(calendar.Helsinki).Format(time.RFC3339) + "/" + iv.End.In(calendar.Helsinki).Format(time.RFC3339)
}

func TestIntervalsOnAcrossDST(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		sp         *directory.ServicePoint
		day        calendar.Date
		start, end string
		length     time.Duration
	}{
		{"spring forward, open all day is 23 h", place(true, hours([]time.Weekday{time.Sunday}, clk(0, 0), clk(24, 0))), date(2026, 3, 29),
			"2026-03-29T00:00:00+02:00", "2026-03-30T00:00:00+03:00", 23 * time.Hour},
		{"spring forward, 02–05 loses the missing hour", place(true, hours([]time.Weekday{time.Sunday}, clk(2, 0), clk(5, 0))), date(2026, 3, 29),
			"2026-03-29T02:00:00+02:00", "2026-03-29T05:00:00+03:00", 2 * time.Hour},
		// 03:30 does not exist that night: the place opens when the clocks
		// jump past it, never after it closes.
		{"spring forward, opening inside the missing hour", place(true, hours([]time.Weekday{time.Sunday}, clk(3, 30), clk(4, 15))), date(2026, 3, 29),
			"2026-03-29T04:00:00+03:00", "2026-03-29T04:15:00+03:00", 15 * time.Minute},
		{"fall back, open all day is 25 h", place(true, hours([]time.Weekday{time.Sunday}, clk(0, 0), clk(24, 0))), date(2026, 10, 25),
			"2026-10-25T00:00:00+03:00", "2026-10-26T00:00:00+02:00", 25 * time.Hour},
		{"fall back, 02–05 gains the repeated hour", place(true, hours([]time.Weekday{time.Sunday}, clk(2, 0), clk(5, 0))), date(2026, 10, 25),
			"2026-10-25T02:00:00+03:00", "2026-10-25T05:00:00+02:00", 4 * time.Hour},
		{"winter time before spring forward", office(), date(2026, 3, 27),
			"2026-03-27T09:00:00+02:00", "2026-03-27T15:00:00+02:00", 6 * time.Hour},
		{"summer time after spring forward", office(), date(2026, 3, 30),
			"2026-03-30T09:00:00+03:00", "2026-03-30T15:00:00+03:00", 6 * time.Hour},
		{"summer time before fall back", office(), date(2026, 10, 23),
			"2026-10-23T09:00:00+03:00", "2026-10-23T15:00:00+03:00", 6 * time.Hour},
		{"winter time after fall back", office(), date(2026, 10, 26),
			"2026-10-26T09:00:00+02:00", "2026-10-26T15:00:00+02:00", 6 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.sp.IntervalsOn(tc.day)
			if len(got) != 1 {
				t.Fatalf("IntervalsOn(%s) = %s, want one interval", tc.day, fmtIntervals(got))
			}
			if s := fmtInterval(got[0]); s != tc.start+"/"+tc.end {
				t.Errorf("IntervalsOn(%s) = %s, want %s/%s", tc.day, s, tc.start, tc.end)
			}
			if d := got[0].End.Sub(got[0].Start); d != tc.length {
				t.Errorf("interval lasts %v, want %v", d, tc.length)
			}
		})
	}
}

func TestOpenAt(t *testing.T) {
	t.Parallel()
	allDaySunday := place(true, hours([]time.Weekday{time.Sunday}, clk(0, 0), clk(24, 0)))
	allDayEveryDay := place(false, hours(allWeek, clk(0, 0), clk(24, 0)))
	fallBackFirst := time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC) // 03:30 +03:00
	for _, tc := range []struct {
		name  string
		sp    *directory.ServicePoint
		at    time.Time
		open  bool
		until string // the end of the opening, when open
	}{
		{"a second before opening", office(), hel(2026, 11, 25, 9, 0).Add(-time.Second), false, ""},
		{"at opening", office(), hel(2026, 11, 25, 9, 0), true, "2026-11-25T15:00:00+02:00"},
		{"just after opening", office(), hel(2026, 11, 25, 9, 0).Add(time.Nanosecond), true, "2026-11-25T15:00:00+02:00"},
		{"just before closing", office(), hel(2026, 11, 25, 15, 0).Add(-time.Nanosecond), true, "2026-11-25T15:00:00+02:00"},
		{"at closing (exclusive)", office(), hel(2026, 11, 25, 15, 0), false, ""},
		{"after closing", office(), hel(2026, 11, 25, 15, 0).Add(time.Second), false, ""},
		{"instant given in UTC", office(), time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC), true, "2026-11-25T15:00:00+02:00"},
		{"Saturday evening UTC is Sunday in Helsinki", allDaySunday, time.Date(2026, 3, 28, 22, 30, 0, 0, time.UTC), true, "2026-03-30T00:00:00+03:00"},
		{"Sunday evening UTC is Monday in Helsinki", allDaySunday, time.Date(2026, 3, 29, 21, 30, 0, 0, time.UTC), false, ""},
		{"Saturday", office(), hel(2026, 11, 28, 12, 0), false, ""},
		{"public holiday on a weekday", office(), hel(2026, 12, 24, 12, 0), false, ""},
		{"last second before 24:00", allDaySunday, hel(2026, 3, 29, 23, 59).Add(59 * time.Second), true, "2026-03-30T00:00:00+03:00"},
		{"24:00 is the next midnight, exclusive", allDaySunday, hel(2026, 3, 30, 0, 0), false, ""},
		{"first pass of the repeated hour", allDayEveryDay, fallBackFirst, true, "2026-10-26T00:00:00+02:00"},
		{"second pass of the repeated hour", allDayEveryDay, fallBackFirst.Add(time.Hour), true, "2026-10-26T00:00:00+02:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv, open := tc.sp.OpenAt(tc.at)
			if open != tc.open {
				t.Fatalf("OpenAt(%s) open = %v, want %v", tc.at.In(calendar.Helsinki).Format(time.RFC3339Nano), open, tc.open)
			}
			if !open {
				if iv != (directory.Interval{}) {
					t.Errorf("closed, but got interval %s", fmtInterval(iv))
				}
				return
			}
			if got := iv.End.In(calendar.Helsinki).Format(time.RFC3339); got != tc.until {
				t.Errorf("open until %s, want %s", got, tc.until)
			}
			if tc.at.Before(iv.Start) || !tc.at.Before(iv.End) {
				t.Errorf("interval %s does not hold the instant", fmtInterval(iv))
			}
		})
	}
}

func TestPublicHolidays(t *testing.T) {
	t.Parallel()
	// Open every day, so holidays falling on weekends are tested too.
	closing := place(true, hours(allWeek, clk(10, 0), clk(16, 0)))
	staying := place(false, hours(allWeek, clk(10, 0), clk(16, 0)))
	weekdayOnly := office()
	for _, tc := range []struct {
		name    string
		day     calendar.Date
		holiday bool
	}{
		{"New Year's Day", date(2026, 1, 1), true},
		{"Epiphany", date(2026, 1, 6), true},
		{"Maundy Thursday is an ordinary day", date(2026, 4, 2), false},
		{"Good Friday", date(2026, 4, 3), true},
		{"Holy Saturday is an ordinary day", date(2026, 4, 4), false},
		{"Easter Sunday", date(2026, 4, 5), true},
		{"Easter Monday", date(2026, 4, 6), true},
		{"day after Easter Monday", date(2026, 4, 7), false},
		{"May Day", date(2026, 5, 1), true},
		{"Ascension Day", date(2026, 5, 14), true},
		{"Whit Sunday", date(2026, 5, 24), true},
		{"day before Midsummer Eve", date(2026, 6, 18), false},
		{"Midsummer Eve", date(2026, 6, 19), true},
		{"Midsummer Day", date(2026, 6, 20), true},
		{"Sunday after Midsummer", date(2026, 6, 21), false},
		{"All Saints' Day", date(2026, 10, 31), true},
		{"Independence Day", date(2026, 12, 6), true},
		{"23 December", date(2026, 12, 23), false},
		{"Christmas Eve", date(2026, 12, 24), true},
		{"Christmas Day", date(2026, 12, 25), true},
		{"St Stephen's Day", date(2026, 12, 26), true},
		{"27 December", date(2026, 12, 27), false},
		{"New Year's Eve is an ordinary day", date(2026, 12, 31), false},
		{"New Year's Day 2027", date(2027, 1, 1), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := closing.IntervalsOn(tc.day)
			if tc.holiday && len(got) != 0 {
				t.Errorf("%s: a place closed on holidays opens %s", tc.day, fmtIntervals(got))
			}
			if !tc.holiday && len(got) != 1 {
				t.Errorf("%s: an ordinary day, got %s, want one opening", tc.day, fmtIntervals(got))
			}
			if got := staying.IntervalsOn(tc.day); len(got) != 1 {
				t.Errorf("%s: a place open on holidays got %s, want one opening", tc.day, fmtIntervals(got))
			}
			wd := tc.day.Weekday()
			wantWeekday := !tc.holiday && wd != time.Saturday && wd != time.Sunday
			if got := weekdayOnly.IntervalsOn(tc.day); (len(got) == 1) != wantWeekday {
				t.Errorf("%s (%s): weekday place got %s", tc.day, wd, fmtIntervals(got))
			}
		})
	}
}

func TestExceptions(t *testing.T) {
	t.Parallel()
	sp := office()
	sp.Exceptions = []directory.Exception{
		{Date: date(2026, 12, 24), Opens: clk(10, 0), Closes: clk(14, 0)},
		{Date: date(2026, 11, 25), Closed: true},
		// Given out of order: the result is sorted all the same.
		{Date: date(2026, 11, 26), Opens: clk(12, 0), Closes: clk(13, 0)},
		{Date: date(2026, 11, 26), Opens: clk(8, 0), Closes: clk(10, 0)},
		{Date: date(2026, 11, 28), Opens: clk(11, 0), Closes: clk(13, 0)},
	}
	for _, tc := range []struct {
		name string
		day  calendar.Date
		want string
	}{
		{"an open exception overrides Christmas Eve", date(2026, 12, 24), "[2026-12-24T10:00:00+02:00/2026-12-24T14:00:00+02:00]"},
		{"Christmas Day stays closed", date(2026, 12, 25), "[]"},
		{"a closed exception closes an ordinary Wednesday", date(2026, 11, 25), "[]"},
		{"exceptions replace the weekly hours", date(2026, 11, 26),
			"[2026-11-26T08:00:00+02:00/2026-11-26T10:00:00+02:00 2026-11-26T12:00:00+02:00/2026-11-26T13:00:00+02:00]"},
		{"the day after an exception is ordinary", date(2026, 11, 27), "[2026-11-27T09:00:00+02:00/2026-11-27T15:00:00+02:00]"},
		{"an exception opens a Saturday", date(2026, 11, 28), "[2026-11-28T11:00:00+02:00/2026-11-28T13:00:00+02:00]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fmtIntervals(sp.IntervalsOn(tc.day)); got != tc.want {
				t.Errorf("IntervalsOn(%s) = %s, want %s", tc.day, got, tc.want)
			}
		})
	}
	if err := directory.ValidateHours(sp.Hours, sp.Exceptions); err != nil {
		t.Errorf("the fixture itself is invalid: %v", err)
	}
}

func TestSeveralIntervalsADay(t *testing.T) {
	t.Parallel()
	// Listed afternoon first: IntervalsOn must sort them.
	sp := place(true, hours(weekdays, clk(12, 0), clk(15, 0)), hours(weekdays, clk(9, 0), clk(11, 0)))
	want := "[2026-11-25T09:00:00+02:00/2026-11-25T11:00:00+02:00 2026-11-25T12:00:00+02:00/2026-11-25T15:00:00+02:00]"
	if got := fmtIntervals(sp.IntervalsOn(date(2026, 11, 25))); got != want {
		t.Errorf("IntervalsOn = %s, want %s", got, want)
	}
	for _, tc := range []struct {
		at   time.Time
		open bool
	}{
		{hel(2026, 11, 25, 10, 59), true},
		{hel(2026, 11, 25, 11, 0), false},
		{hel(2026, 11, 25, 11, 30), false},
		{hel(2026, 11, 25, 12, 0), true},
	} {
		if _, open := sp.OpenAt(tc.at); open != tc.open {
			t.Errorf("OpenAt(%s) = %v, want %v", tc.at.Format(time.Kitchen), open, tc.open)
		}
	}
	// Inside the first interval the next opening is the afternoon one.
	next, ok := sp.NextOpening(hel(2026, 11, 25, 10, 0))
	if !ok || !next.Start.Equal(hel(2026, 11, 25, 12, 0)) {
		t.Errorf("NextOpening from 10:00 = %s, %v; want the 12:00 opening", fmtInterval(next), ok)
	}
}

func TestValidityPeriods(t *testing.T) {
	t.Parallel()
	summer := hours(allWeek, clk(10, 0), clk(14, 0))
	summer.ValidFrom, summer.ValidTo = date(2026, 6, 1), date(2026, 8, 16)
	spring := hours(weekdays, clk(9, 0), clk(16, 0))
	spring.ValidTo = date(2026, 5, 31)
	autumn := hours(weekdays, clk(9, 0), clk(16, 0))
	autumn.ValidFrom = date(2026, 8, 17)
	sp := place(true, spring, summer, autumn)
	if err := sp.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	for _, tc := range []struct {
		name string
		day  calendar.Date
		want string // "" for closed
	}{
		{"last Friday of normal hours", date(2026, 5, 29), "09:00-16:00"},
		{"Sunday before summer", date(2026, 5, 31), ""},
		{"first day of summer hours", date(2026, 6, 1), "10:00-14:00"},
		{"summer Saturday", date(2026, 8, 15), "10:00-14:00"},
		{"Midsummer Eve still closes", date(2026, 6, 19), ""},
		{"last day of summer hours (inclusive)", date(2026, 8, 16), "10:00-14:00"},
		{"first day of autumn hours", date(2026, 8, 17), "09:00-16:00"},
		{"autumn Saturday", date(2026, 8, 22), ""},
		{"open-ended autumn hours next year", date(2027, 3, 3), "09:00-16:00"},
		{"open-started spring hours last year", date(2025, 3, 5), "09:00-16:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := sp.IntervalsOn(tc.day)
			var s []string
			for _, iv := range got {
				s = append(s, iv.Start.In(calendar.Helsinki).Format("15:04")+"-"+iv.End.In(calendar.Helsinki).Format("15:04"))
			}
			if strings.Join(s, ",") != tc.want {
				t.Errorf("IntervalsOn(%s) = %s, want %q", tc.day, fmtIntervals(got), tc.want)
			}
		})
	}
}

func TestNextOpening(t *testing.T) {
	t.Parallel()
	allDaySunday := place(true, hours([]time.Weekday{time.Sunday}, clk(0, 0), clk(24, 0)))
	soon := hours(weekdays, clk(9, 0), clk(15, 0))
	soon.ValidFrom = date(2027, 6, 1)
	farAway := hours(weekdays, clk(9, 0), clk(15, 0))
	farAway.ValidFrom = date(2028, 1, 3)
	past := hours(weekdays, clk(9, 0), clk(15, 0))
	past.ValidTo = date(2026, 1, 31)
	for _, tc := range []struct {
		name string
		sp   *directory.ServicePoint
		from time.Time
		want string // the start of the next opening; "" for none
	}{
		{"before opening the same day", office(), hel(2026, 11, 25, 8, 0), "2026-11-25T09:00:00+02:00"},
		{"inside an opening: the next one, not the current", office(), hel(2026, 11, 25, 10, 0), "2026-11-26T09:00:00+02:00"},
		{"exactly at opening: the next one", office(), hel(2026, 11, 25, 9, 0), "2026-11-26T09:00:00+02:00"},
		{"at closing", office(), hel(2026, 11, 25, 15, 0), "2026-11-26T09:00:00+02:00"},
		{"across a weekend", office(), hel(2026, 11, 27, 16, 0), "2026-11-30T09:00:00+02:00"},
		{"across Christmas", office(), hel(2026, 12, 23, 15, 0), "2026-12-28T09:00:00+02:00"},
		{"across New Year", office(), hel(2026, 12, 31, 15, 0), "2027-01-04T09:00:00+02:00"},
		{"across the fall-back weekend", office(), hel(2026, 10, 23, 15, 0), "2026-10-26T09:00:00+02:00"},
		{"24-hour Sunday skips Easter Sunday", allDaySunday, hel(2026, 3, 29, 12, 0), "2026-04-12T00:00:00+03:00"},
		{"hours starting in half a year", place(true, soon), hel(2026, 11, 25, 10, 0), "2027-06-01T09:00:00+03:00"},
		{"hours starting after more than a year", place(true, farAway), hel(2026, 11, 25, 10, 0), ""},
		{"hours that have ended", place(true, past), hel(2026, 11, 25, 10, 0), ""},
		{"no hours at all", place(true), hel(2026, 11, 25, 10, 0), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv, ok := tc.sp.NextOpening(tc.from)
			if tc.want == "" {
				if ok {
					t.Fatalf("NextOpening = %s, want none", fmtInterval(iv))
				}
				return
			}
			if !ok {
				t.Fatalf("NextOpening found nothing, want %s", tc.want)
			}
			if got := iv.Start.In(calendar.Helsinki).Format(time.RFC3339); got != tc.want {
				t.Errorf("NextOpening = %s, want start %s", fmtInterval(iv), tc.want)
			}
			if !iv.Start.After(tc.from) {
				t.Errorf("next opening %s does not start after %s", fmtInterval(iv), tc.from)
			}
		})
	}
}

func TestOpenings(t *testing.T) {
	t.Parallel()
	sp := office()
	for _, tc := range []struct {
		name        string
		from, to    calendar.Date
		count       int
		first, last string // interval starts
	}{
		{"a week", date(2026, 11, 23), date(2026, 11, 29), 5, "2026-11-23T09:00:00+02:00", "2026-11-27T09:00:00+02:00"},
		{"to is inclusive", date(2026, 11, 23), date(2026, 11, 27), 5, "2026-11-23T09:00:00+02:00", "2026-11-27T09:00:00+02:00"},
		{"one day shorter", date(2026, 11, 23), date(2026, 11, 26), 4, "2026-11-23T09:00:00+02:00", "2026-11-26T09:00:00+02:00"},
		{"a single day", date(2026, 11, 25), date(2026, 11, 25), 1, "2026-11-25T09:00:00+02:00", "2026-11-25T09:00:00+02:00"},
		{"a weekend only", date(2026, 11, 28), date(2026, 11, 29), 0, "", ""},
		{"to before from", date(2026, 11, 27), date(2026, 11, 23), 0, "", ""},
		{"across the fall-back change", date(2026, 10, 23), date(2026, 10, 26), 2, "2026-10-23T09:00:00+03:00", "2026-10-26T09:00:00+02:00"},
		// 261 weekdays in 2026 less the 9 holidays on weekdays (1.1, 6.1,
		// 3.4, 6.4, 1.5, 14.5, 19.6, 24.12, 25.12).
		{"the year 2026", date(2026, 1, 1), date(2026, 12, 31), 252, "2026-01-02T09:00:00+02:00", "2026-12-31T09:00:00+02:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := sp.Openings(tc.from, tc.to)
			if len(got) != tc.count {
				t.Fatalf("Openings(%s, %s) has %d openings, want %d", tc.from, tc.to, len(got), tc.count)
			}
			for i := 1; i < len(got); i++ {
				if !got[i-1].End.Before(got[i].Start) {
					t.Fatalf("openings out of order or overlapping: %s then %s", fmtInterval(got[i-1]), fmtInterval(got[i]))
				}
			}
			if tc.count == 0 {
				return
			}
			if s := got[0].Start.In(calendar.Helsinki).Format(time.RFC3339); s != tc.first {
				t.Errorf("first opening starts %s, want %s", s, tc.first)
			}
			if s := got[len(got)-1].Start.In(calendar.Helsinki).Format(time.RFC3339); s != tc.last {
				t.Errorf("last opening starts %s, want %s", s, tc.last)
			}
		})
	}
}

// TestPhoneServiceMidsummerWeek: the Varsinais-Suomi phone service answers
// on weekdays 8.30–15; in the week of Midsummer 2026 Midsummer Eve (Friday
// 19 June) takes one day away.
func TestPhoneServiceMidsummerWeek(t *testing.T) {
	t.Parallel()
	sp := &directory.ServicePoint{Kind: directory.KindPhone, Municipality: "Turku", Phone: "+358 2 123 4567",
		Name:                   directory.Localized{FI: "Varsinais-Suomen sosiaalipalvelujen puhelinpalvelu"},
		ClosedOnPublicHolidays: true, Hours: []directory.WeeklyHours{hours(weekdays, clk(8, 30), clk(15, 0))}}
	if err := sp.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	got := sp.Openings(date(2026, 6, 15), date(2026, 6, 21))
	var want []string
	for d := 15; d <= 18; d++ {
		want = append(want, fmt.Sprintf("2026-06-%02dT08:30:00+03:00/2026-06-%02dT15:00:00+03:00", d, d))
	}
	if s := fmtIntervals(got); s != "["+strings.Join(want, " ")+"]" {
		t.Errorf("openings = %s\nwant %v", s, want)
	}
	for _, tc := range []struct {
		at   time.Time
		open bool
	}{
		{hel(2026, 6, 18, 8, 29), false},
		{hel(2026, 6, 18, 8, 30), true},
		{hel(2026, 6, 18, 14, 59), true},
		{hel(2026, 6, 19, 10, 0), false},
		{hel(2026, 6, 22, 8, 30), true},
	} {
		if _, open := sp.OpenAt(tc.at); open != tc.open {
			t.Errorf("OpenAt(%s) = %v, want %v", tc.at.Format(time.RFC3339), open, tc.open)
		}
	}
	next, ok := sp.NextOpening(hel(2026, 6, 18, 15, 0))
	if !ok || next.Start.Format(time.RFC3339) != "2026-06-22T08:30:00+03:00" {
		t.Errorf("after Thursday the next opening is %s (%v), want Monday 22 June 8.30", fmtInterval(next), ok)
	}
}
