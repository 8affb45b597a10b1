package calendar

import (
	"fmt"
	"time"
)

// IsArkipaiva reports whether d is an arkipäivä (RULES.md §1): Monday to
// Friday, except New Year's Day, Epiphany, Good Friday, Easter Monday,
// May Day, Ascension Day, Midsummer Eve, Independence Day, Christmas Eve,
// Christmas Day and St Stephen's Day.
func IsArkipaiva(d Date) bool {
	c := d.civil()
	if wd := c.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !yearFor(c.Year()).isClosed(c.Unix() / secondsPerDay)
}

// walker steps through days keeping the weekday and year at hand, so a
// count costs no calls into package time per day.
type walker struct {
	day  int64
	wd   time.Weekday
	year *yearInfo
}

func newWalker(d Date) walker {
	c := d.civil()
	return walker{day: c.Unix() / secondsPerDay, wd: c.Weekday(), year: yearFor(c.Year())}
}

func (w *walker) next() {
	w.day++
	w.wd = (w.wd + 1) % 7
	if w.day >= w.year.first+w.year.days {
		w.year = yearFor(w.year.year + 1)
	}
}

func (w *walker) arkipaiva() bool {
	return w.wd != time.Saturday && w.wd != time.Sunday && !w.year.isClosed(w.day)
}

// NthArkipaivaAfter returns the nth arkipäivä after d: d itself is not
// counted, and the first arkipäivä after it is day 1 (RULES.md §1).
//
// It panics if n < 1: the statutory counts are constants, so a smaller n is
// a programming error, and there is no sensible date to return for it.
func NthArkipaivaAfter(d Date, n int) Date {
	if n < 1 {
		panic(fmt.Sprintf("calendar: NthArkipaivaAfter with n = %d; want n >= 1", n))
	}
	w := newWalker(d)
	for n > 0 {
		w.next()
		if w.arkipaiva() {
			n--
		}
	}
	return dateOfDayNumber(w.day)
}

// ArkipaivaDeadline returns the deadline "within n arkipäivää" of a matter
// that opened at the instant opened: the end (23:59:59 Helsinki time) of the
// nth arkipäivä after the Helsinki date on which opened falls. It panics if
// n < 1.
func ArkipaivaDeadline(opened time.Time, n int) time.Time {
	return NthArkipaivaAfter(DateOf(opened), n).EndOfDay()
}

// MonthsAfter returns the last day of a "within months months" period that
// starts on d (RULES.md §1): the same-numbered day months months later, or
// that month's last day if it has no such day, moved to the next arkipäivä
// if it is not one.
//
// It panics if months < 1, for the reason NthArkipaivaAfter does.
func MonthsAfter(d Date, months int) Date {
	if months < 1 {
		panic(fmt.Sprintf("calendar: MonthsAfter with months = %d; want months >= 1", months))
	}
	c := d.civil()
	m := int(c.Month()) - 1 + months
	year, month := c.Year()+m/12, time.Month(m%12+1)
	// Day 0 of the next month is the last day of this one.
	last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	due := Date{Year: year, Month: month, Day: min(c.Day(), last)}
	if IsArkipaiva(due) {
		return due
	}
	return NthArkipaivaAfter(due, 1)
}

// MonthsDeadline returns the deadline "within months months" of a matter
// that opened at the instant opened: the end (23:59:59 Helsinki time) of
// MonthsAfter the Helsinki date on which opened falls. For example, a matter
// opened on 30 November 2026 with months = 3 is due on 1 March 2027, because
// February has no 30th and 28 February 2027 is a Sunday. It panics if
// months < 1.
func MonthsDeadline(opened time.Time, months int) time.Time {
	return MonthsAfter(DateOf(opened), months).EndOfDay()
}

// ArkipaivatBetween returns the number of arkipäivät after from up to and
// including to, or 0 if to is not after from. With from as today and to as a
// deadline's date, it is the arkipäivät left before the deadline ends: 0 on
// the last day itself.
func ArkipaivatBetween(from, to Date) int {
	f, t := from.civil(), to.civil()
	first, last := f.Unix()/secondsPerDay, t.Unix()/secondsPerDay
	if last <= first {
		return 0
	}
	// Whole weeks hold five weekdays each; walk the remainder (< 7 days).
	span := last - first
	count := span / 7 * 5
	for day := first + span/7*7 + 1; day <= last; day++ {
		if wd := weekdayOfDayNumber(day); wd != time.Saturday && wd != time.Sunday {
			count++
		}
	}
	// Then take away the weekday holidays in (first, last].
	for year := f.Year(); year <= t.Year(); year++ {
		for _, day := range yearFor(year).closedWeekdays {
			if day > first && day <= last {
				count--
			}
		}
	}
	return int(count)
}

// ArkipaivaDiff is ArkipaivatBetween with a sign: ArkipaivatBetween(from, to)
// if to is after from, otherwise minus ArkipaivatBetween(to, from). With
// from as today and to as a deadline's date, a negative result says how many
// arkipäivät the deadline is overdue.
func ArkipaivaDiff(from, to Date) int {
	if n := ArkipaivatBetween(from, to); n > 0 {
		return n
	}
	return -ArkipaivatBetween(to, from)
}
