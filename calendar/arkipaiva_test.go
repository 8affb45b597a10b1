package calendar

import (
	"testing"
	"time"
)

// naiveCalendar reckons 2019–2036 independently of the package, written
// differently on purpose: Easter from the knownEaster table, the movable
// Midsummer and All Saints' days by scanning for the weekday, all arithmetic
// on time.Time, holidays in a map keyed by the date's text.
type naiveCalendar struct {
	holiday map[string]string // "2006-01-02" → code
}

// notArkipaivaCodes is RULES.md §1's list, typed in again.
var notArkipaivaCodes = map[string]bool{
	"new_year": true, "epiphany": true, "good_friday": true, "easter_monday": true,
	"may_day": true, "ascension": true, "midsummer_eve": true, "independence_day": true,
	"christmas_eve": true, "christmas_day": true, "st_stephens_day": true,
}

const naiveFirstYear, naiveLastYear = 2019, 2036

func newNaiveCalendar(t testing.TB) *naiveCalendar {
	t.Helper()
	n := &naiveCalendar{holiday: map[string]string{}}
	add := func(day time.Time, code string) {
		k := day.Format(time.DateOnly)
		if old, dup := n.holiday[k]; dup {
			t.Fatalf("naive calendar: %s is both %s and %s", k, old, code)
		}
		n.holiday[k] = code
	}
	for y := naiveFirstYear; y <= naiveLastYear; y++ {
		on := func(m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
		scan := func(start time.Time, wd time.Weekday) time.Time {
			for day := start; day.Before(start.AddDate(0, 0, 7)); day = day.AddDate(0, 0, 1) {
				if day.Weekday() == wd {
					return day
				}
			}
			t.Fatalf("naive calendar: no %v in the week from %v", wd, start)
			return time.Time{}
		}
		easter, err := time.Parse(time.DateOnly, knownEaster[y])
		if err != nil {
			t.Fatalf("naive calendar: Easter %d: %v", y, err)
		}
		add(on(time.January, 1), "new_year")
		add(on(time.January, 6), "epiphany")
		add(easter.AddDate(0, 0, -2), "good_friday")
		add(easter, "easter_sunday")
		add(easter.AddDate(0, 0, 1), "easter_monday")
		add(on(time.May, 1), "may_day")
		add(easter.AddDate(0, 0, 39), "ascension")
		add(easter.AddDate(0, 0, 49), "whit_sunday")
		add(scan(on(time.June, 19), time.Friday), "midsummer_eve")
		add(scan(on(time.June, 20), time.Saturday), "midsummer_day")
		add(scan(on(time.October, 31), time.Saturday), "all_saints")
		add(on(time.December, 6), "independence_day")
		add(on(time.December, 24), "christmas_eve")
		add(on(time.December, 25), "christmas_day")
		add(on(time.December, 26), "st_stephens_day")
	}
	return n
}

func (n *naiveCalendar) arkipaiva(t testing.TB, day time.Time) bool {
	if day.Year() < naiveFirstYear || day.Year() > naiveLastYear {
		t.Fatalf("naive calendar asked about %v", day)
	}
	if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		return false
	}
	return !notArkipaivaCodes[n.holiday[day.Format(time.DateOnly)]]
}

func dateOfUTC(day time.Time) Date {
	y, m, d := day.Date()
	return Date{y, m, d}
}

// eachDay calls f for every day of 2020–2035.
func eachDay(f func(day time.Time)) {
	end := time.Date(2036, time.January, 1, 0, 0, 0, 0, time.UTC)
	for day := time.Date(2020, time.January, 1, 0, 0, 0, 0, time.UTC); day.Before(end); day = day.AddDate(0, 0, 1) {
		f(day)
	}
}

func TestExhaustiveAgainstNaive(t *testing.T) {
	naive := newNaiveCalendar(t)
	days, holidays := 0, 0
	eachDay(func(day time.Time) {
		days++
		d := dateOfUTC(day)
		if got, want := IsArkipaiva(d), naive.arkipaiva(t, day); got != want {
			t.Errorf("IsArkipaiva(%v) = %v, want %v", d, got, want)
		}
		h, ok := HolidayOn(d)
		want, wantOK := naive.holiday[day.Format(time.DateOnly)]
		if ok != wantOK || h.Code != want || (ok && h.Date != d) {
			t.Errorf("HolidayOn(%v) = %q, %v; want %q, %v", d, h.Code, ok, want, wantOK)
		}
		if ok {
			holidays++
		}
		if d.Weekday() != day.Weekday() || d.AddDays(1) != dateOfUTC(day.AddDate(0, 0, 1)) {
			t.Errorf("%v: Weekday or AddDays wrong", d)
		}
	})
	if days != 5844 || holidays != 16*15 {
		t.Errorf("checked %d days and %d holidays, want 5844 and 240", days, holidays)
	}
}

func TestNthArkipaivaAfterExhaustive(t *testing.T) {
	naive := newNaiveCalendar(t)
	eachDay(func(day time.Time) {
		d := dateOfUTC(day)
		for _, n := range []int{1, 2, 7, 20} {
			cur := day
			for left := n; left > 0; {
				cur = cur.AddDate(0, 0, 1)
				if naive.arkipaiva(t, cur) {
					left--
				}
			}
			want := dateOfUTC(cur)
			got := NthArkipaivaAfter(d, n)
			if got != want {
				t.Fatalf("NthArkipaivaAfter(%v, %d) = %v, want %v", d, n, got, want)
			}
			if c := ArkipaivatBetween(d, got); c != n {
				t.Fatalf("ArkipaivatBetween(%v, %v) = %d, want %d", d, got, c, n)
			}
			// Any time of day d in Helsinki gives the same deadline.
			for _, opened := range []time.Time{d.StartOfDay(), d.Time(12, 0, 0), d.EndOfDay()} {
				if dl := ArkipaivaDeadline(opened, n); !dl.Equal(want.EndOfDay()) {
					t.Fatalf("ArkipaivaDeadline(%v, %d) = %v, want %v", opened, n, dl, want.EndOfDay())
				}
			}
		}
	})
}

func TestArkipaivatBetweenExhaustive(t *testing.T) {
	naive := newNaiveCalendar(t)
	// cum[i] counts the arkipäivät among days[0..i], so the arkipäivät in
	// (days[i], days[j]] are cum[j] - cum[i].
	var days []time.Time
	var cum []int
	count := 0
	for day := time.Date(naiveFirstYear, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() <= naiveLastYear; day = day.AddDate(0, 0, 1) {
		if naive.arkipaiva(t, day) {
			count++
		}
		days = append(days, day)
		cum = append(cum, count)
	}
	offsets := []int{-800, -366, -8, -7, -6, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 31, 95, 366, 800}
	for i, day := range days {
		if day.Year() < 2020 || day.Year() > 2035 {
			continue
		}
		from := dateOfUTC(day)
		for _, off := range offsets {
			j := i + off
			if j < 0 || j >= len(days) {
				continue
			}
			to := dateOfUTC(days[j])
			want := cum[j] - cum[i]
			if got := ArkipaivaDiff(from, to); got != want {
				t.Fatalf("ArkipaivaDiff(%v, %v) = %d, want %d", from, to, got, want)
			}
			if got := ArkipaivatBetween(from, to); got != max(want, 0) {
				t.Fatalf("ArkipaivatBetween(%v, %v) = %d, want %d", from, to, got, max(want, 0))
			}
		}
	}
}

func TestMonthsAfterExhaustive(t *testing.T) {
	naive := newNaiveCalendar(t)
	eachDay(func(day time.Time) {
		if day.Year() > 2034 {
			return // a year ahead must stay inside the naive calendar
		}
		for _, months := range []int{1, 3, 6, 12} {
			y, m, d := day.Date()
			firstOfTarget := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
			lastDay := firstOfTarget.AddDate(0, 1, -1).Day()
			cur := firstOfTarget.AddDate(0, 0, min(d, lastDay)-1)
			for !naive.arkipaiva(t, cur) {
				cur = cur.AddDate(0, 0, 1)
			}
			if got, want := MonthsAfter(dateOfUTC(day), months), dateOfUTC(cur); got != want {
				t.Fatalf("MonthsAfter(%v, %d) = %v, want %v", dateOfUTC(day), months, got, want)
			}
		}
	})
}

// TestArkipaivaDeadlineHandChecked holds cases counted by hand from a wall
// calendar; n = 7 throughout (LsL 26 §, SHL 36 §).
func TestArkipaivaDeadlineHandChecked(t *testing.T) {
	cases := []struct {
		name, opened, want string
	}{
		// Easter 2026 is 5.4. Thu 2.4 opened; Fri 3.4 Good Friday, Sat–Sun,
		// Mon 6.4 Easter Monday are not counted: Tue 7.4 = 1, 8.4 = 2,
		// 9.4 = 3, Fri 10.4 = 4, Mon 13.4 = 5, 14.4 = 6, Wed 15.4 = 7.
		{"Thursday before Easter", "2026-04-02T10:00:00+03:00", "2026-04-15T23:59:59+03:00"},
		// Easter 2027 is 28.3, also the night clocks go forward. Thu 25.3;
		// Good Friday 26.3 and Easter Monday 29.3 out: 30.3 = 1, 31.3 = 2,
		// 1.4 = 3, 2.4 = 4, 5.4 = 5, 6.4 = 6, 7.4 = 7. Opened in winter
		// time, due in summer time.
		{"Easter on the DST night", "2027-03-25T12:00:00+02:00", "2027-04-07T23:59:59+03:00"},
		// Midsummer Eve is Fri 19.6.2026. Thu 18.6: 22.6 = 1 … Fri 26.6 = 5,
		// Mon 29.6 = 6, Tue 30.6 = 7.
		{"Thursday before Midsummer", "2026-06-18T12:00:00+03:00", "2026-06-30T23:59:59+03:00"},
		// Mon 21.12.2026: 22.12 = 1, 23.12 = 2; Christmas Eve Thu, Christmas
		// Day Fri, St Stephen's Sat out; 28.12 = 3, 29 = 4, 30 = 5, Thu 31 = 6;
		// New Year's Day Fri 1.1.2027 out; Mon 4.1.2027 = 7.
		{"Christmas week", "2026-12-21T09:00:00+02:00", "2027-01-04T23:59:59+02:00"},
		// Wed 23.12.2026: 28.12 = 1 … 31.12 = 4, 4.1 = 5, 5.1 = 6; Epiphany
		// Wed 6.1.2027 out; Thu 7.1 = 7.
		{"day before Christmas Eve", "2026-12-23T15:00:00+02:00", "2027-01-07T23:59:59+02:00"},
		// Mon 28.12.2026: 29, 30, 31.12 = 1–3, 4.1 = 4, 5.1 = 5, Epiphany out,
		// 7.1 = 6, Fri 8.1 = 7.
		{"between Christmas and Epiphany", "2026-12-28T09:00:00+02:00", "2027-01-08T23:59:59+02:00"},
		// Thu 31.12.2026: New Year's Day out, 4.1 = 1, 5.1 = 2, Epiphany out,
		// 7.1 = 3, 8.1 = 4, 11.1 = 5, 12.1 = 6, Wed 13.1 = 7.
		{"New Year's Eve", "2026-12-31T16:00:00+02:00", "2027-01-13T23:59:59+02:00"},
		// Thu 30.4.2026: May Day Fri out, 4.5 = 1 … 8.5 = 5, 11.5 = 6, 12.5 = 7.
		{"before May Day", "2026-04-30T12:00:00+03:00", "2026-05-12T23:59:59+03:00"},
		// Wed 13.5.2026: Ascension Day Thu 14.5 out, Fri 15.5 = 1, 18–22.5 =
		// 2–6, Mon 25.5 = 7 (Whit Monday is a working day in Finland).
		{"before Ascension Day", "2026-05-13T12:00:00+03:00", "2026-05-25T23:59:59+03:00"},
		// Fri 3.12.2027: Independence Day Mon 6.12 out, 7.12 = 1 … 10.12 = 4,
		// 13.12 = 5, 14.12 = 6, Wed 15.12 = 7.
		{"before Independence Day", "2027-12-03T12:00:00+02:00", "2027-12-15T23:59:59+02:00"},
		// Sat 14.3.2026: Mon 16.3 = 1 … Fri 20.3 = 5, 23.3 = 6, Tue 24.3 = 7;
		// the same as for the Friday before and the Sunday after.
		{"Saturday", "2026-03-14T11:00:00+02:00", "2026-03-24T23:59:59+02:00"},
		{"Sunday", "2026-03-15T11:00:00+02:00", "2026-03-24T23:59:59+02:00"},
		{"Monday", "2026-03-16T11:00:00+02:00", "2026-03-25T23:59:59+02:00"},
		// The Helsinki date counts, not the UTC one.
		{"Friday 23:30 Helsinki", "2026-03-13T21:30:00Z", "2026-03-24T23:59:59+02:00"},
		{"Saturday 00:30 Helsinki, Friday in UTC", "2026-03-13T22:30:00Z", "2026-03-24T23:59:59+02:00"},
		// Thu 12.3: 13.3 = 1, 16–20.3 = 2–6, Mon 23.3 = 7. Fri 13.3: Tue 24.3.
		{"Thursday 23:30 Helsinki", "2026-03-12T21:30:00Z", "2026-03-23T23:59:59+02:00"},
		{"Friday 00:30 Helsinki, Thursday in UTC", "2026-03-12T22:30:00Z", "2026-03-24T23:59:59+02:00"},
		// Summer time: Thu 4.6.2026 gives Mon 15.6, Fri 5.6 gives Tue 16.6.
		{"Thursday 23:30 EEST", "2026-06-04T20:30:00Z", "2026-06-15T23:59:59+03:00"},
		{"Friday 00:30 EEST, Thursday in UTC", "2026-06-04T21:30:00Z", "2026-06-16T23:59:59+03:00"},
		// Sun 29.3.2026, clocks forward at 03:00 EET. Mon 30.3 = 1, 31.3 = 2,
		// 1.4 = 3, 2.4 = 4, Easter 3.–6.4 out, 7.4 = 5, 8.4 = 6, Thu 9.4 = 7.
		{"Saturday 23:30 EET before spring DST", "2026-03-28T21:30:00Z", "2026-04-09T23:59:59+03:00"},
		{"02:30 EET on spring DST night", "2026-03-29T00:30:00Z", "2026-04-09T23:59:59+03:00"},
		{"04:30 EEST on spring DST night", "2026-03-29T01:30:00Z", "2026-04-09T23:59:59+03:00"},
		{"Sunday 23:30 EEST after spring DST", "2026-03-29T20:30:00Z", "2026-04-09T23:59:59+03:00"},
		// Mon 30.3 00:30 EEST (still Sunday at +02:00): 31.3 = 1 … 2.4 = 3,
		// 7.4 = 4, 8.4 = 5, 9.4 = 6, Fri 10.4 = 7.
		{"Monday 00:30 EEST after spring DST", "2026-03-29T21:30:00Z", "2026-04-10T23:59:59+03:00"},
		// Sun 25.10.2026, clocks back at 04:00 EEST, so 03:30 happens twice.
		// Mon 26.10 = 1 … Fri 30.10 = 5, Mon 2.11 = 6, Tue 3.11 = 7; opened in
		// summer time, due in winter time.
		{"Saturday 23:30 EEST before autumn DST", "2026-10-24T20:30:00Z", "2026-11-03T23:59:59+02:00"},
		{"first 03:30 (EEST) on autumn DST night", "2026-10-25T00:30:00Z", "2026-11-03T23:59:59+02:00"},
		{"second 03:30 (EET) on autumn DST night", "2026-10-25T01:30:00Z", "2026-11-03T23:59:59+02:00"},
		{"Sunday 23:30 EET after autumn DST", "2026-10-25T21:30:00Z", "2026-11-03T23:59:59+02:00"},
		// Mon 26.10 00:30 EET (still Sunday at +03:00): Wed 4.11.
		{"Monday 00:30 EET after autumn DST", "2026-10-25T22:30:00Z", "2026-11-04T23:59:59+02:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ArkipaivaDeadline(mustInstant(t, c.opened), 7)
			if s := got.Format(time.RFC3339); s != c.want {
				t.Errorf("ArkipaivaDeadline(%s, 7) = %s, want %s", c.opened, s, c.want)
			}
			if got.Location() != Helsinki {
				t.Errorf("deadline in %v, want Helsinki", got.Location())
			}
		})
	}
}

func TestMonthsDeadline(t *testing.T) {
	cases := []struct {
		name, opened string
		months       int
		want         string
	}{
		// 30.2.2027 does not exist; 28.2.2027 is a Sunday; Mon 1.3.
		{"no 30 February", "2026-11-30T10:00:00+02:00", 3, "2027-03-01T23:59:59+02:00"},
		// 31.4 does not exist; Fri 30.4.2027 is an arkipäivä.
		{"no 31 April", "2027-01-31T10:00:00+02:00", 3, "2027-04-30T23:59:59+03:00"},
		// 31.11 does not exist; Mon 30.11.2026.
		{"no 31 November", "2026-08-31T10:00:00+03:00", 3, "2026-11-30T23:59:59+02:00"},
		// 23:30 EEST is still 31.8 in Helsinki; 00:30 EEST is 1.9, due Tue 1.12.
		{"31 August 23:30 Helsinki", "2026-08-31T20:30:00Z", 3, "2026-11-30T23:59:59+02:00"},
		{"1 September 00:30 Helsinki", "2026-08-31T21:30:00Z", 3, "2026-12-01T23:59:59+02:00"},
		// Christmas Eve Thu, Christmas Day Fri, St Stephen's Sat: Mon 28.12.
		{"lands on Christmas Eve", "2026-09-24T12:00:00+03:00", 3, "2026-12-28T23:59:59+02:00"},
		{"lands on Christmas Day", "2026-09-25T12:00:00+03:00", 3, "2026-12-28T23:59:59+02:00"},
		{"lands on St Stephen's Day", "2026-09-26T12:00:00+03:00", 3, "2026-12-28T23:59:59+02:00"},
		// Independence Day is Mon 6.12.2027: Tue 7.12.
		{"lands on Independence Day", "2027-09-06T12:00:00+03:00", 3, "2027-12-07T23:59:59+02:00"},
		// New Year's Day Fri 1.1.2027: Mon 4.1. Epiphany Wed 6.1.2027: Thu 7.1.
		{"lands on New Year's Day", "2026-10-01T12:00:00+03:00", 3, "2027-01-04T23:59:59+02:00"},
		{"lands on Epiphany", "2026-10-06T12:00:00+03:00", 3, "2027-01-07T23:59:59+02:00"},
		// Good Friday 3.4.2026, Easter Monday 6.4: Tue 7.4.
		{"lands on Good Friday", "2026-01-03T12:00:00+02:00", 3, "2026-04-07T23:59:59+03:00"},
		// Midsummer Eve Fri 19.6.2026: Mon 22.6.
		{"lands on Midsummer Eve", "2026-03-19T12:00:00+02:00", 3, "2026-06-22T23:59:59+03:00"},
		// 2028 is a leap year: 29.2.2028 exists and is a Tuesday.
		{"leap year", "2027-11-30T12:00:00+02:00", 3, "2028-02-29T23:59:59+02:00"},
		// 2029 is not: 28.2.2029 is a Wednesday.
		{"after a leap year", "2028-11-30T12:00:00+02:00", 3, "2029-02-28T23:59:59+02:00"},
		{"29 February plus a year", "2028-02-29T12:00:00+02:00", 12, "2029-02-28T23:59:59+02:00"},
		// One month from 31.1.2027: 28.2.2027 is a Sunday, Mon 1.3.
		{"one month from 31 January", "2027-01-31T12:00:00+02:00", 1, "2027-03-01T23:59:59+02:00"},
		// Opened in summer time, due in winter time: Thu 29.10.2026.
		{"across DST", "2026-07-29T12:00:00+03:00", 3, "2026-10-29T23:59:59+02:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := MonthsDeadline(mustInstant(t, c.opened), c.months)
			if s := got.Format(time.RFC3339); s != c.want {
				t.Errorf("MonthsDeadline(%s, %d) = %s, want %s", c.opened, c.months, s, c.want)
			}
		})
	}
}

func TestArkipaivaDiffHandChecked(t *testing.T) {
	due := Date{2026, time.April, 15} // the Easter case above
	cases := []struct {
		today string
		want  int
	}{
		{"2026-04-02", 7},  // the day it opened
		{"2026-04-06", 7},  // Easter Monday: none used yet
		{"2026-04-14", 1},  // one left
		{"2026-04-15", 0},  // the last day
		{"2026-04-16", -1}, // one arkipäivä overdue
		{"2026-04-19", -2}, // Sunday after: Thu and Fri overdue
		{"2026-04-20", -3},
	}
	for _, c := range cases {
		if got := ArkipaivaDiff(mustParse(t, c.today), due); got != c.want {
			t.Errorf("ArkipaivaDiff(%s, %v) = %d, want %d", c.today, due, got, c.want)
		}
	}
	// A whole year, counted by hand: 2026 has 261 weekdays (52 weeks and a
	// Thursday). Nine holidays fall on them: New Year's Day Thu, Epiphany
	// Tue, Good Friday, Easter Monday, May Day Fri, Ascension Day, Midsummer
	// Eve, Christmas Eve Thu and Christmas Day Fri (Independence Day is a
	// Sunday, St Stephen's Day a Saturday). 261 - 9 = 252.
	if got := ArkipaivatBetween(Date{2025, time.December, 31}, Date{2026, time.December, 31}); got != 252 {
		t.Errorf("arkipäivät in 2026 = %d, want 252", got)
	}
}

func TestInvalidCountsPanic(t *testing.T) {
	d := Date{2026, time.April, 2}
	for name, f := range map[string]func(){
		"NthArkipaivaAfter 0":  func() { NthArkipaivaAfter(d, 0) },
		"NthArkipaivaAfter -1": func() { NthArkipaivaAfter(d, -1) },
		"ArkipaivaDeadline 0":  func() { ArkipaivaDeadline(d.StartOfDay(), 0) },
		"MonthsAfter 0":        func() { MonthsAfter(d, 0) },
		"MonthsDeadline -3":    func() { MonthsDeadline(d.StartOfDay(), -3) },
	} {
		if !panics(f) {
			t.Errorf("%s: no panic", name)
		}
	}
}

func BenchmarkArkipaivaDeadline(b *testing.B) {
	opened := time.Date(2026, time.December, 21, 9, 0, 0, 0, Helsinki)
	for b.Loop() {
		ArkipaivaDeadline(opened, 7)
	}
}

func BenchmarkMonthsDeadline(b *testing.B) {
	opened := time.Date(2026, time.September, 24, 9, 0, 0, 0, Helsinki)
	for b.Loop() {
		MonthsDeadline(opened, 3)
	}
}

func BenchmarkArkipaivatBetween(b *testing.B) {
	from, to := Date{2026, time.January, 1}, Date{2027, time.June, 30}
	for b.Loop() {
		ArkipaivatBetween(from, to)
	}
}

func BenchmarkIsArkipaiva(b *testing.B) {
	d := Date{2026, time.June, 19}
	for b.Loop() {
		IsArkipaiva(d)
	}
}
