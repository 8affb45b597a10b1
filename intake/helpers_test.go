package intake

import (
	"time"

	"kynnys/calendar"
)

// The expected values in these tests are typed in from a printed calendar,
// never computed with package calendar: only its Helsinki zone is used, to
// write instants down.

// hel is the instant at a Helsinki wall-clock time.
func hel(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.Helsinki)
}

// endOf is 23:59:59 Helsinki time on a day, where each deadline expires.
func endOf(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 23, 59, 59, 0, calendar.Helsinki)
}

func ptr(t time.Time) *time.Time { return &t }

func date(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }

// dayOf renders a deadline as its Helsinki date, after checking that it is
// the last second of that day; "" for none, "!" + the time otherwise.
func dayOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	h := t.In(calendar.Helsinki)
	if h.Hour() != 23 || h.Minute() != 59 || h.Second() != 59 || h.Nanosecond() != 0 {
		return "!" + h.Format(time.RFC3339Nano)
	}
	return h.Format(time.DateOnly)
}
