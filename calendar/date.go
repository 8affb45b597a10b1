// Package calendar knows the Finnish calendar that statutory deadlines are
// counted in: civil dates in Europe/Helsinki, Finnish public holidays, and
// arkipäivä arithmetic as RULES.md §1 defines it (act 150/1930).
//
// Supported years are MinYear to MaxYear. Functions that look at holidays
// panic for a date outside that range, because such a date can only come
// from a programming error (a zero time.Time, say): ParseDate never returns
// one.
package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"time"

	// Embedded zone data, so Helsinki loads on hosts and containers that have
	// no zoneinfo of their own.
	_ "time/tzdata"
)

// Supported years: 1583 is the first whole Gregorian year, and EasterSunday
// is specified up to 4099.
const (
	MinYear = 1583
	MaxYear = 4099
)

// Helsinki is Europe/Helsinki, the zone in which every Finnish deadline is
// reckoned whatever the server's zone is.
var Helsinki = mustLoadHelsinki()

func mustLoadHelsinki() *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		// Cannot happen: time/tzdata is linked in as a fallback.
		panic("calendar: loading Europe/Helsinki: " + err.Error())
	}
	return loc
}

// ErrInvalidDate is returned (wrapped) by ParseDate. The error never holds
// the input, which may be personal data such as a birth date.
var ErrInvalidDate = errors.New("calendar: invalid date")

// Date is a civil (wall-calendar) date with no time of day and no zone. It is
// comparable with ==, so it works as a map key.
//
// Dates from ParseDate, DateOf and AddDays are always valid. Methods given
// an out-of-range field (31 April) normalise it the way time.Date does,
// except String, Compare and friends, which use the fields as they are.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses the ISO 8601 form "2006-01-02". It rejects dates that do
// not exist (2027-02-29) and years outside MinYear..MaxYear.
func ParseDate(s string) (Date, error) {
	// time.DateOnly demands the zero padding and checks the day exists.
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%w: want an existing day as YYYY-MM-DD", ErrInvalidDate)
	}
	d := dateOfCivil(t)
	if d.Year < MinYear || d.Year > MaxYear {
		return Date{}, fmt.Errorf("%w: year outside %d–%d", ErrInvalidDate, MinYear, MaxYear)
	}
	return d, nil
}

// DateOf returns the Helsinki date on which the instant t falls, which is the
// date that counts for a deadline whatever zone t carries.
func DateOf(t time.Time) Date {
	return dateOfCivil(t.In(Helsinki))
}

func dateOfCivil(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// civil returns midnight UTC of d. UTC has no DST, so day arithmetic on it is
// exact; time.Date also normalises out-of-range fields here.
func (d Date) civil() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// dayNumber counts days since 1970-01-01 (negative before it).
func (d Date) dayNumber() int64 {
	return d.civil().Unix() / secondsPerDay
}

const secondsPerDay = 24 * 60 * 60

func dateOfDayNumber(n int64) Date {
	return dateOfCivil(time.Unix(n*secondsPerDay, 0).UTC())
}

// weekdayOfDayNumber avoids package time in the counting loops;
// 1970-01-01 was a Thursday.
func weekdayOfDayNumber(n int64) time.Weekday {
	w := (n + int64(time.Thursday)) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// String returns d as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText implements encoding.TextMarshaler (JSON, form values). An
// invalid date is an error rather than a string that cannot be read back;
// use the `omitzero` JSON option for an absent date.
func (d Date) MarshalText() ([]byte, error) {
	if !d.Valid() {
		return nil, fmt.Errorf("%w: cannot marshal", ErrInvalidDate)
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// IsZero reports whether d is the zero Date, which stands for "no date".
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is an existing day in a supported year.
func (d Date) Valid() bool {
	return d.Year >= MinYear && d.Year <= MaxYear && dateOfCivil(d.civil()) == d
}

// AddDays returns the date n days after d (before, if n is negative).
func (d Date) AddDays(n int) Date {
	return dateOfCivil(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.civil().Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after o; it suits
// slices.SortFunc.
func (d Date) Compare(o Date) int {
	return cmp.Or(cmp.Compare(d.Year, o.Year), cmp.Compare(d.Month, o.Month), cmp.Compare(d.Day, o.Day))
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same date (the same as d == o).
func (d Date) Equal(o Date) bool { return d == o }

// Time returns the instant at the given wall-clock time on d in Helsinki.
// A wall time that does not exist (03:00–03:59 on the last Sunday of March)
// or exists twice (03:00–03:59 on the last Sunday of October) resolves to one
// of the neighbouring instants, as time.Date does; StartOfDay and EndOfDay
// are never affected, as Finland changes clocks in the small hours.
func (d Date) Time(hour, minute, sec int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, sec, 0, Helsinki)
}

// StartOfDay returns 00:00:00 Helsinki time on d, for "what happened on this
// day" range queries.
func (d Date) StartOfDay() time.Time { return d.Time(0, 0, 0) }

// EndOfDay returns 23:59:59 Helsinki time on d, the instant a deadline
// falling on d expires (RULES.md §1). Its UTC offset is that of d itself,
// +02:00 or +03:00, whatever the offset was when the matter opened.
func (d Date) EndOfDay() time.Time { return d.Time(23, 59, 59) }
