package directory

import (
	"slices"
	"time"

	"kynnys/access"
	"kynnys/calendar"
)

// Interval is one opening: from Start until End, instants in Europe/Helsinki.
type Interval struct {
	Start time.Time
	End   time.Time
}

// at is the instant of a wall-clock time on a Helsinki date; 24:00 is the
// next midnight. On the spring-forward night a time in the missing hour is
// the instant the clocks jump past it (time.Date would move it an hour on,
// past a closing time just after the gap, giving an interval that ends
// before it starts).
func at(d calendar.Date, c Clock) time.Time {
	if c >= 1440 {
		return d.AddDays(1).StartOfDay()
	}
	h, m := int(c)/60, int(c)%60
	t := d.Time(h, m, 0)
	if t.Hour() != h || t.Minute() != m {
		start, _ := t.ZoneBounds()
		return start
	}
	return t
}

// IntervalsOn returns the openings on a Helsinki date in time order.
func (sp *ServicePoint) IntervalsOn(d calendar.Date) []Interval {
	wall := sp.wallIntervalsOn(d)
	out := make([]Interval, len(wall))
	for i, w := range wall {
		out[i] = Interval{at(d, w[0]), at(d, w[1])}
	}
	return out
}

// OpenAt returns the opening t falls in, if any.
func (sp *ServicePoint) OpenAt(t time.Time) (Interval, bool) {
	for _, iv := range sp.IntervalsOn(calendar.DateOf(t)) {
		if !t.Before(iv.Start) && t.Before(iv.End) {
			return iv, true
		}
	}
	return Interval{}, false
}

// searchHorizon bounds the search for the next opening: a place with no
// opening within a year and a bit is, for a visitor, closed.
const searchHorizon = 400

// NextOpening returns the first opening that starts after t (the next one,
// also when the place is open at t).
func (sp *ServicePoint) NextOpening(t time.Time) (Interval, bool) {
	d := calendar.DateOf(t)
	for i := 0; i <= searchHorizon; i++ {
		for _, iv := range sp.IntervalsOn(d.AddDays(i)) {
			if iv.Start.After(t) {
				return iv, true
			}
		}
	}
	return Interval{}, false
}

// Openings lists the openings on the Helsinki dates from..to, both included.
func (sp *ServicePoint) Openings(from, to calendar.Date) []Interval {
	var out []Interval
	for d := from; !d.After(to); d = d.AddDays(1) {
		out = append(out, sp.IntervalsOn(d)...)
	}
	return out
}

// Band is a part of the day for coverage: the pilots found that places open
// only in office hours miss those at work or school.
type Band int

const (
	BandEarly   Band = iota // before 8
	BandOffice              // 8–16
	BandEvening             // 16–20
	BandNight               // after 20
)

// Bands lists the bands in order, with their limits in minutes.
var Bands = []struct {
	Band       Band
	Code       string
	From, Till Clock
}{
	{BandEarly, "early", 0, 8 * 60},
	{BandOffice, "office", 8 * 60, 16 * 60},
	{BandEvening, "evening", 16 * 60, 20 * 60},
	{BandNight, "night", 20 * 60, 24 * 60},
}

// WeekHours is open hours by weekday (Monday first) and band.
type WeekHours [7][4]float64

// Total sums every cell.
func (w *WeekHours) Total() float64 {
	var t float64
	for _, day := range w {
		for _, h := range day {
			t += h
		}
	}
	return t
}

// Weekend sums Saturday and Sunday.
func (w *WeekHours) Weekend() float64 {
	var t float64
	for _, h := range w[5] {
		t += h
	}
	for _, h := range w[6] {
		t += h
	}
	return t
}

// Band sums one band over the week.
func (w *WeekHours) Band(b Band) float64 {
	var t float64
	for _, day := range w {
		t += day[b]
	}
	return t
}

// Coverage is how many hours a week help is available, over a period, by
// weekday and band: for all the points, by kind and by target group.
type Coverage struct {
	From, To      calendar.Date
	Weeks         float64
	Points        int
	All           WeekHours
	ByKind        map[Kind]*WeekHours
	ByTargetGroup map[access.TargetGroup]*WeekHours
}

// mondayIndex maps time.Weekday to 0 = Monday … 6 = Sunday.
func mondayIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

// ComputeCoverage adds up the openings of points on from..to (holidays and
// exceptions included) and averages them to hours per week. Hours are wall
// clock hours of the Helsinki day, so the DST nights do not skew the bands.
func ComputeCoverage(points []ServicePoint, from, to calendar.Date) *Coverage {
	c := &Coverage{From: from, To: to, Points: len(points),
		ByKind: map[Kind]*WeekHours{}, ByTargetGroup: map[access.TargetGroup]*WeekHours{}}
	days := 0
	for d := from; !d.After(to); d = d.AddDays(1) {
		days++
	}
	if days == 0 {
		return c
	}
	c.Weeks = float64(days) / 7
	for i := range points {
		sp := &points[i]
		var w WeekHours
		for d := from; !d.After(to); d = d.AddDays(1) {
			wd := mondayIndex(d.Weekday())
			for _, iv := range sp.wallIntervalsOn(d) {
				for _, b := range Bands {
					lo, hi := max(iv[0], b.From), min(iv[1], b.Till)
					if hi > lo {
						w[wd][b.Band] += float64(hi-lo) / 60 / c.Weeks
					}
				}
			}
		}
		addWeek(&c.All, &w)
		if c.ByKind[sp.Kind] == nil {
			c.ByKind[sp.Kind] = &WeekHours{}
		}
		addWeek(c.ByKind[sp.Kind], &w)
		for _, g := range sp.TargetGroups {
			if c.ByTargetGroup[g] == nil {
				c.ByTargetGroup[g] = &WeekHours{}
			}
			addWeek(c.ByTargetGroup[g], &w)
		}
	}
	return c
}

func addWeek(dst, src *WeekHours) {
	for d := range src {
		for b := range src[d] {
			dst[d][b] += src[d][b]
		}
	}
}

// wallIntervalsOn returns the openings on a Helsinki date as wall-clock
// minutes, in time order. An exception on the date replaces the weekly hours;
// otherwise a public holiday closes the place if it closes on holidays.
func (sp *ServicePoint) wallIntervalsOn(d calendar.Date) [][2]Clock {
	var out [][2]Clock
	exception := false
	for _, e := range sp.Exceptions {
		if e.Date != d {
			continue
		}
		if e.Closed {
			return nil
		}
		exception = true
		out = append(out, [2]Clock{e.Opens, e.Closes})
	}
	if !exception {
		if sp.ClosedOnPublicHolidays {
			if _, holiday := calendar.HolidayOn(d); holiday {
				return nil
			}
		}
		for _, h := range sp.Hours {
			if h.validOn(d) {
				out = append(out, [2]Clock{h.Opens, h.Closes})
			}
		}
	}
	slices.SortFunc(out, func(a, b [2]Clock) int { return int(a[0] - b[0]) })
	return out
}
