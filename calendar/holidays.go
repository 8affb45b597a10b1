package calendar

import (
	"cmp"
	"fmt"
	"slices"
	"sync/atomic"
	"time"
)

// EasterSunday returns Easter Sunday of the Gregorian year, by the anonymous
// Gregorian algorithm (Meeus/Jones/Butcher). It panics for a year outside
// MinYear..MaxYear.
func EasterSunday(year int) Date {
	checkYear(year)
	golden := year % 19 // position in the 19-year Metonic cycle
	century, yearOfCentury := year/100, year%100
	// Gregorian corrections: skipped leap years and the lunar (Metonic) drift.
	leapSkips, centuryRem := century/4, century%4
	lunarCorr := (century - (century+8)/25 + 1) / 3
	// Days from 21 March to the Paschal full moon.
	moon := (19*golden + century - leapSkips - lunarCorr + 15) % 30
	// Days from the day after that full moon to the next Sunday (0–6).
	toSunday := (32 + 2*centuryRem + 2*(yearOfCentury/4) - moon - yearOfCentury%4) % 7
	// Moves Easter a week earlier in the rare years the rule would overshoot.
	late := (golden + 11*moon + 22*toSunday) / 451
	x := moon + toSunday - 7*late + 114
	return Date{Year: year, Month: time.Month(x / 31), Day: x%31 + 1}
}

func checkYear(year int) {
	if year < MinYear || year > MaxYear {
		panic(fmt.Sprintf("calendar: year %d outside supported range %d–%d", year, MinYear, MaxYear))
	}
}

// Holiday is a Finnish public holiday or a day treated like one (Christmas
// Eve, Midsummer Eve).
type Holiday struct {
	Date Date
	// Name maps "fi", "sv" and "en" to the holiday's name. Each call returns
	// fresh maps, so a caller may keep or change them.
	Name map[string]string
	// Code is a stable identifier such as "midsummer_eve", for storage and
	// message catalogues.
	Code string
}

// LocalName returns the name in lang ("fi", "sv", "en"), or the Finnish name
// for any other language.
func (h Holiday) LocalName(lang string) string {
	if n, ok := h.Name[lang]; ok {
		return n
	}
	return h.Name["fi"]
}

// holidayRule is one holiday: its names and how to find it in a year.
type holidayRule struct {
	code       string
	fi, sv, en string
	// notArkipaiva marks the days RULES.md §1 lists as not arkipäivät. The
	// rest (Easter Sunday, Whit Sunday, Midsummer Day, All Saints' Day)
	// always fall on a weekend, so they need no mark.
	notArkipaiva bool
	date         func(year int, easter Date) Date
}

func fixed(m time.Month, d int) func(int, Date) Date {
	return func(year int, _ Date) Date { return Date{Year: year, Month: m, Day: d} }
}

func fromEaster(days int) func(int, Date) Date {
	return func(_ int, easter Date) Date { return easter.AddDays(days) }
}

// firstWeekdayFrom gives the first wd on or after the given day; the movable
// midsummer and All Saints' days are defined as the wd in a 7-day window.
func firstWeekdayFrom(wd time.Weekday, m time.Month, d int) func(int, Date) Date {
	return func(year int, _ Date) Date {
		start := Date{Year: year, Month: m, Day: d}
		return start.AddDays((int(wd) - int(start.Weekday()) + 7) % 7)
	}
}

// holidayRules lists the holidays in calendar order; where two fall on one
// day (May Day and Ascension Day in 2008), this order breaks the tie.
// The current rules date from 1991 (Epiphany and Ascension Day were moved to
// Saturdays in 1973–1990); they are applied to every year.
var holidayRules = [...]holidayRule{
	{"new_year", "Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day", true, fixed(time.January, 1)},
	{"epiphany", "Loppiainen", "Trettondedag jul", "Epiphany", true, fixed(time.January, 6)},
	{"good_friday", "Pitkäperjantai", "Långfredagen", "Good Friday", true, fromEaster(-2)},
	{"easter_sunday", "Pääsiäispäivä", "Påskdagen", "Easter Sunday", false, fromEaster(0)},
	{"easter_monday", "2. pääsiäispäivä", "Annandag påsk", "Easter Monday", true, fromEaster(1)},
	{"may_day", "Vappu", "Första maj", "May Day", true, fixed(time.May, 1)},
	{"ascension", "Helatorstai", "Kristi himmelsfärdsdag", "Ascension Day", true, fromEaster(39)},
	{"whit_sunday", "Helluntaipäivä", "Pingstdagen", "Whit Sunday", false, fromEaster(49)},
	{"midsummer_eve", "Juhannusaatto", "Midsommarafton", "Midsummer Eve", true, firstWeekdayFrom(time.Friday, time.June, 19)},
	{"midsummer_day", "Juhannuspäivä", "Midsommardagen", "Midsummer Day", false, firstWeekdayFrom(time.Saturday, time.June, 20)},
	{"all_saints", "Pyhäinpäivä", "Alla helgons dag", "All Saints' Day", false, firstWeekdayFrom(time.Saturday, time.October, 31)},
	{"independence_day", "Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day", true, fixed(time.December, 6)},
	{"christmas_eve", "Jouluaatto", "Julafton", "Christmas Eve", true, fixed(time.December, 24)},
	{"christmas_day", "Joulupäivä", "Juldagen", "Christmas Day", true, fixed(time.December, 25)},
	{"st_stephens_day", "Tapaninpäivä", "Annandag jul", "St Stephen's Day", true, fixed(time.December, 26)},
}

// yearInfo is one year's holidays in the form the counting functions need.
// It is immutable once built, so goroutines share it without locks.
type yearInfo struct {
	year  int
	first int64 // day number of 1 January
	days  int64 // 365 or 366
	// entries are in date order (ties in holidayRules order).
	entries [len(holidayRules)]yearEntry
	// closed has bit (day - first) set for every day a holiday makes a
	// non-arkipäivä.
	closed [6]uint64
	// closedWeekdays are the Monday–Friday days the holidays take away, in
	// order, each once: what ArkipaivatBetween subtracts from the weekdays.
	closedWeekdays []int64
}

type yearEntry struct {
	rule uint8 // index into holidayRules
	date Date
	day  int64
}

// years caches yearInfo per supported year. A miss computes the year; two
// goroutines may race to do so, and both get the one that was stored first.
var years [MaxYear - MinYear + 1]atomic.Pointer[yearInfo]

func yearFor(year int) *yearInfo {
	checkYear(year)
	slot := &years[year-MinYear]
	if y := slot.Load(); y != nil {
		return y
	}
	y := buildYear(year)
	if slot.CompareAndSwap(nil, y) {
		return y
	}
	return slot.Load()
}

func buildYear(year int) *yearInfo {
	first := Date{Year: year, Month: time.January, Day: 1}.dayNumber()
	next := Date{Year: year + 1, Month: time.January, Day: 1}.dayNumber()
	y := &yearInfo{year: year, first: first, days: next - first}
	easter := EasterSunday(year)
	for i, r := range holidayRules {
		d := r.date(year, easter)
		y.entries[i] = yearEntry{rule: uint8(i), date: d, day: d.dayNumber()}
	}
	slices.SortFunc(y.entries[:], func(a, b yearEntry) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.rule, b.rule))
	})
	for _, e := range y.entries {
		if !holidayRules[e.rule].notArkipaiva {
			continue
		}
		off := e.day - first
		if y.closed[off/64]&(1<<(off%64)) != 0 {
			continue // two holidays on one day take it away once
		}
		y.closed[off/64] |= 1 << (off % 64)
		if wd := weekdayOfDayNumber(e.day); wd != time.Saturday && wd != time.Sunday {
			y.closedWeekdays = append(y.closedWeekdays, e.day)
		}
	}
	return y
}

// isClosed reports whether a holiday makes day (a day number in y) a
// non-arkipäivä.
func (y *yearInfo) isClosed(day int64) bool {
	off := day - y.first
	return y.closed[off/64]&(1<<(off%64)) != 0
}

func (e yearEntry) holiday() Holiday {
	r := &holidayRules[e.rule]
	return Holiday{
		Date: e.date,
		Name: map[string]string{"fi": r.fi, "sv": r.sv, "en": r.en},
		Code: r.code,
	}
}

// Holidays returns the year's 15 public holidays and days treated like them,
// in date order. The rules in force since 1991 are applied to every year. It
// panics for a year outside MinYear..MaxYear.
func Holidays(year int) []Holiday {
	y := yearFor(year)
	hs := make([]Holiday, len(y.entries))
	for i, e := range y.entries {
		hs[i] = e.holiday()
	}
	return hs
}

// HolidayOn returns the holiday on d, if there is one. When two fall on the
// same day (May Day and Ascension Day in 2008), it returns the one Holidays
// lists first. It panics if d's year is outside MinYear..MaxYear.
func HolidayOn(d Date) (Holiday, bool) {
	c := d.civil()
	day := c.Unix() / secondsPerDay
	y := yearFor(c.Year())
	for _, e := range y.entries {
		if e.day == day {
			return e.holiday(), true
		}
	}
	return Holiday{}, false
}
