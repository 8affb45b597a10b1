package directory_test

import (
	"math"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/directory"
)

// band is one day's hours by band: early, office, evening, night.
type band = [4]float64

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func wantWeek(t *testing.T, what string, got *directory.WeekHours, want directory.WeekHours) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: no hours", what)
	}
	names := [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	for d := range want {
		for b := range want[d] {
			if !near(got[d][b], want[d][b]) {
				t.Errorf("%s: %s %s = %v h, want %v h", what, names[d], directory.Bands[b].Code, got[d][b], want[d][b])
			}
		}
	}
}

func TestCoverageOfficeHours(t *testing.T) {
	t.Parallel()
	// Mon–Fri 9–17: 9–16 is office band (7 h), 16–17 evening (1 h).
	sp := place(true, hours(weekdays, clk(9, 0), clk(17, 0)))
	c := directory.ComputeCoverage([]directory.ServicePoint{*sp}, date(2026, 11, 23), date(2026, 11, 29))
	if c.Weeks != 1 || c.Points != 1 {
		t.Fatalf("Weeks = %v, Points = %d; want 1, 1", c.Weeks, c.Points)
	}
	day := band{0, 7, 1, 0}
	wantWeek(t, "all", &c.All, directory.WeekHours{day, day, day, day, day})
	for _, tc := range []struct {
		what      string
		got, want float64
	}{
		{"total", c.All.Total(), 40},
		{"weekend", c.All.Weekend(), 0},
		{"office band", c.All.Band(directory.BandOffice), 35},
		{"evening band", c.All.Band(directory.BandEvening), 5},
		{"early band", c.All.Band(directory.BandEarly), 0},
		{"night band", c.All.Band(directory.BandNight), 0},
	} {
		if !near(tc.got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.what, tc.got, tc.want)
		}
	}
}

func TestCoverageBandEdges(t *testing.T) {
	t.Parallel()
	evening := place(true, hours([]time.Weekday{time.Tuesday, time.Thursday}, clk(15, 0), clk(21, 0)))
	early := place(true, hours([]time.Weekday{time.Wednesday}, clk(6, 0), clk(9, 0)))
	// A 24-hour Sunday in the spring-forward week: wall-clock hours count,
	// so the short night does not take an hour from a band.
	allDay := place(true, hours([]time.Weekday{time.Sunday}, clk(0, 0), clk(24, 0)))
	c := directory.ComputeCoverage([]directory.ServicePoint{*evening, *early, *allDay}, date(2026, 3, 23), date(2026, 3, 29))
	wantWeek(t, "all", &c.All, directory.WeekHours{
		{}, {0, 1, 4, 1}, {2, 1, 0, 0}, {0, 1, 4, 1}, {}, {}, {8, 8, 4, 4},
	})
	if !near(c.All.Total(), 12+3+24) || !near(c.All.Weekend(), 24) {
		t.Errorf("total %v, weekend %v; want 39, 24", c.All.Total(), c.All.Weekend())
	}
}

func TestCoverageHolidayWeek(t *testing.T) {
	t.Parallel()
	// Christmas week 2026: Thursday 24 and Friday 25 are holidays.
	closing := place(true, hours(weekdays, clk(9, 0), clk(17, 0)))
	staying := place(false, hours(weekdays, clk(9, 0), clk(17, 0)))
	from, to := date(2026, 12, 21), date(2026, 12, 27)
	day := band{0, 7, 1, 0}

	c := directory.ComputeCoverage([]directory.ServicePoint{*closing}, from, to)
	wantWeek(t, "closed on holidays", &c.All, directory.WeekHours{day, day, day})
	if !near(c.All.Total(), 24) {
		t.Errorf("total %v, want 24", c.All.Total())
	}

	c = directory.ComputeCoverage([]directory.ServicePoint{*staying}, from, to)
	wantWeek(t, "open on holidays", &c.All, directory.WeekHours{day, day, day, day, day})

	// An exception on Christmas Eve counts, in its own bands.
	closing.Exceptions = []directory.Exception{{Date: date(2026, 12, 24), Opens: clk(10, 0), Closes: clk(18, 0)}}
	c = directory.ComputeCoverage([]directory.ServicePoint{*closing}, from, to)
	wantWeek(t, "with an exception", &c.All, directory.WeekHours{day, day, day, {0, 6, 2, 0}})
}

func TestCoverageByKindAndTargetGroup(t *testing.T) {
	t.Parallel()
	meeting := place(true, hours(weekdays, clk(9, 0), clk(17, 0))) // 40 h
	meeting.TargetGroups = []access.TargetGroup{access.TargetYouth, access.TargetFamilies}
	phone := place(true, hours(weekdays, clk(8, 30), clk(15, 0))) // 32.5 h, all office
	phone.Kind, phone.Phone = directory.KindPhone, "+358 2 123 4567"
	phone.TargetGroups = []access.TargetGroup{access.TargetYouth}
	clinic := place(true, hours([]time.Weekday{time.Saturday}, clk(10, 0), clk(14, 0))) // 4 h
	clinic.Kind = directory.KindClinic
	clinic.TargetGroups = []access.TargetGroup{access.TargetElderly}

	c := directory.ComputeCoverage([]directory.ServicePoint{*meeting, *phone, *clinic}, date(2026, 11, 23), date(2026, 11, 29))
	if c.Points != 3 {
		t.Errorf("Points = %d, want 3", c.Points)
	}
	for _, tc := range []struct {
		what           string
		week           *directory.WeekHours
		total, weekend float64
	}{
		{"all", &c.All, 76.5, 4},
		{"meeting places", c.ByKind[directory.KindMeetingPlace], 40, 0},
		{"phone", c.ByKind[directory.KindPhone], 32.5, 0},
		{"clinics", c.ByKind[directory.KindClinic], 4, 4},
		{"youth", c.ByTargetGroup[access.TargetYouth], 72.5, 0},
		{"families", c.ByTargetGroup[access.TargetFamilies], 40, 0},
		{"elderly", c.ByTargetGroup[access.TargetElderly], 4, 4},
	} {
		if tc.week == nil {
			t.Errorf("%s: missing", tc.what)
			continue
		}
		if !near(tc.week.Total(), tc.total) || !near(tc.week.Weekend(), tc.weekend) {
			t.Errorf("%s: total %v, weekend %v; want %v, %v", tc.what, tc.week.Total(), tc.week.Weekend(), tc.total, tc.weekend)
		}
	}
	wantWeek(t, "phone", c.ByKind[directory.KindPhone], directory.WeekHours{{0, 6.5}, {0, 6.5}, {0, 6.5}, {0, 6.5}, {0, 6.5}})
	// Groups and kinds with no point are absent, not zero entries.
	if c.ByKind[directory.KindChat] != nil || c.ByTargetGroup[access.TargetWorkingAge] != nil {
		t.Errorf("unexpected entries: chat %v, working age %v", c.ByKind[directory.KindChat], c.ByTargetGroup[access.TargetWorkingAge])
	}
}

func TestCoverageAveragesWeeks(t *testing.T) {
	t.Parallel()
	sp := place(true, hours(weekdays, clk(9, 0), clk(17, 0)))
	// Closed on one of the two Wednesdays: that day averages to half.
	sp.Exceptions = []directory.Exception{{Date: date(2026, 11, 25), Closed: true}}
	c := directory.ComputeCoverage([]directory.ServicePoint{*sp}, date(2026, 11, 23), date(2026, 12, 6))
	if c.Weeks != 2 {
		t.Fatalf("Weeks = %v, want 2", c.Weeks)
	}
	day := band{0, 7, 1, 0}
	wantWeek(t, "all", &c.All, directory.WeekHours{day, day, {0, 3.5, 0.5, 0}, day, day})
	if !near(c.All.Total(), 36) {
		t.Errorf("total %v, want 36 (72 h over two weeks)", c.All.Total())
	}
}

func TestCoverageEmptyRange(t *testing.T) {
	t.Parallel()
	sp := place(true, hours(weekdays, clk(9, 0), clk(17, 0)))
	c := directory.ComputeCoverage([]directory.ServicePoint{*sp}, date(2026, 11, 29), date(2026, 11, 23))
	if c.Weeks != 0 || c.All.Total() != 0 || len(c.ByKind) != 0 {
		t.Errorf("to before from: %+v, want nothing counted", c)
	}
	c = directory.ComputeCoverage(nil, date(2026, 11, 23), date(2026, 11, 29))
	if c.Points != 0 || c.All.Total() != 0 {
		t.Errorf("no points: %+v", c)
	}
}
