package calendar

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// knownEaster is an independent record of Easter Sundays (published church
// calendars), with the extremes of the possible range.
var knownEaster = map[int]string{
	1818: "1818-03-22", 1943: "1943-04-25", 2008: "2008-03-23", 2011: "2011-04-24",
	2019: "2019-04-21", 2020: "2020-04-12", 2021: "2021-04-04", 2022: "2022-04-17",
	2023: "2023-04-09", 2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05",
	2027: "2027-03-28", 2028: "2028-04-16", 2029: "2029-04-01", 2030: "2030-04-21",
	2031: "2031-04-13", 2032: "2032-03-28", 2033: "2033-04-17", 2034: "2034-04-09",
	2035: "2035-03-25", 2036: "2036-04-13", 2038: "2038-04-25", 2285: "2285-03-22",
}

// gaussEaster is Gauss's Easter algorithm with its two exceptions: a
// different reckoning from the one EasterSunday uses.
func gaussEaster(y int) (time.Month, int) {
	a, b, c := y%19, y%4, y%7
	k := y / 100
	p := (13 + 8*k) / 25
	q := k / 4
	m := (15 - p + k - q) % 30
	n := (4 + k - q) % 7
	d := (19*a + m) % 30
	e := (2*b + 4*c + 6*d + n) % 7
	switch {
	case d == 29 && e == 6:
		return time.April, 19
	case d == 28 && e == 6 && (11*m+11)%30 < 19:
		return time.April, 18
	}
	if day := 22 + d + e; day > 31 {
		return time.April, day - 31
	}
	return time.March, 22 + d + e
}

func TestEasterSundayKnownDates(t *testing.T) {
	for y, want := range knownEaster {
		if got := EasterSunday(y).String(); got != want {
			t.Errorf("EasterSunday(%d) = %s, want %s", y, got, want)
		}
		if m, d := gaussEaster(y); (Date{y, m, d}).String() != want {
			t.Errorf("gaussEaster(%d) = %d-%d, want %s: the test's own reckoning is wrong", y, m, d, want)
		}
	}
}

func TestEasterSundayMatchesGauss(t *testing.T) {
	for y := MinYear; y <= MaxYear; y++ {
		got := EasterSunday(y)
		m, d := gaussEaster(y)
		if got != (Date{y, m, d}) {
			t.Fatalf("EasterSunday(%d) = %v, Gauss says %d-%02d-%02d", y, got, y, m, d)
		}
		if got.Weekday() != time.Sunday {
			t.Fatalf("EasterSunday(%d) = %v is a %v", y, got, got.Weekday())
		}
	}
}

func TestYearOutOfRangePanics(t *testing.T) {
	for name, f := range map[string]func(){
		"EasterSunday(1582)": func() { EasterSunday(1582) },
		"Holidays(4100)":     func() { Holidays(4100) },
		"HolidayOn(0001)":    func() { HolidayOn(DateOf(time.Time{})) },
		"IsArkipaiva(1500)":  func() { IsArkipaiva(Date{1500, time.March, 1}) },
	} {
		if !panics(f) {
			t.Errorf("%s: no panic", name)
		}
	}
}

func panics(f func()) (did bool) {
	defer func() { did = recover() != nil }()
	f()
	return false
}

// TestHolidaysShape checks properties that hold every year.
func TestHolidaysShape(t *testing.T) {
	type window struct {
		wd       time.Weekday // -1: any day of the week
		from, to Date         // year ignored
	}
	anyDay := time.Weekday(-1)
	md := func(m time.Month, d int) Date { return Date{0, m, d} }
	windows := map[string]window{
		"new_year":         {anyDay, md(1, 1), md(1, 1)},
		"epiphany":         {anyDay, md(1, 6), md(1, 6)},
		"good_friday":      {time.Friday, md(3, 20), md(4, 23)},
		"easter_sunday":    {time.Sunday, md(3, 22), md(4, 25)},
		"easter_monday":    {time.Monday, md(3, 23), md(4, 26)},
		"may_day":          {anyDay, md(5, 1), md(5, 1)},
		"ascension":        {time.Thursday, md(4, 30), md(6, 3)},
		"whit_sunday":      {time.Sunday, md(5, 10), md(6, 13)},
		"midsummer_eve":    {time.Friday, md(6, 19), md(6, 25)},
		"midsummer_day":    {time.Saturday, md(6, 20), md(6, 26)},
		"all_saints":       {time.Saturday, md(10, 31), md(11, 6)},
		"independence_day": {anyDay, md(12, 6), md(12, 6)},
		"christmas_eve":    {anyDay, md(12, 24), md(12, 24)},
		"christmas_day":    {anyDay, md(12, 25), md(12, 25)},
		"st_stephens_day":  {anyDay, md(12, 26), md(12, 26)},
	}
	for y := 1990; y <= 2100; y++ {
		hs := Holidays(y)
		if len(hs) != 15 {
			t.Fatalf("Holidays(%d) has %d entries", y, len(hs))
		}
		seen := map[string]bool{}
		for i, h := range hs {
			if i > 0 && h.Date.Before(hs[i-1].Date) {
				t.Errorf("Holidays(%d) not in date order at %v", y, h.Date)
			}
			w, ok := windows[h.Code]
			if !ok || seen[h.Code] {
				t.Errorf("Holidays(%d): unknown or repeated code %q", y, h.Code)
				continue
			}
			seen[h.Code] = true
			if h.Date.Year != y || !h.Date.Valid() {
				t.Errorf("%d %s: date %v", y, h.Code, h.Date)
			}
			inYear := func(d Date) Date { return Date{y, d.Month, d.Day} }
			if h.Date.Before(inYear(w.from)) || h.Date.After(inYear(w.to)) {
				t.Errorf("%d %s on %v, outside its window", y, h.Code, h.Date)
			}
			if w.wd != anyDay && h.Date.Weekday() != w.wd {
				t.Errorf("%d %s on %v, a %v", y, h.Code, h.Date, h.Date.Weekday())
			}
			for _, lang := range []string{"fi", "sv", "en"} {
				if h.Name[lang] == "" || h.LocalName(lang) != h.Name[lang] {
					t.Errorf("%d %s: no %s name", y, h.Code, lang)
				}
			}
			if len(h.Name) != 3 || h.LocalName("de") != h.Name["fi"] {
				t.Errorf("%d %s: names %v", y, h.Code, h.Name)
			}
			got, ok := HolidayOn(h.Date)
			if !ok || got.Date != h.Date {
				t.Errorf("HolidayOn(%v) = %v, %v", h.Date, got, ok)
			}
		}
		// Days not in RULES.md §1's list must always be on a weekend.
		for _, h := range hs {
			wd := h.Date.Weekday()
			switch h.Code {
			case "easter_sunday", "whit_sunday", "midsummer_day", "all_saints":
				if wd != time.Saturday && wd != time.Sunday {
					t.Errorf("%d %s on a %v", y, h.Code, wd)
				}
			default:
				if IsArkipaiva(h.Date) {
					t.Errorf("%d %s (%v) counted as an arkipäivä", y, h.Code, h.Date)
				}
			}
		}
	}
}

func TestHolidayNames(t *testing.T) {
	want := map[string][3]string{
		"new_year":         {"Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day"},
		"midsummer_eve":    {"Juhannusaatto", "Midsommarafton", "Midsummer Eve"},
		"independence_day": {"Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day"},
		"st_stephens_day":  {"Tapaninpäivä", "Annandag jul", "St Stephen's Day"},
	}
	for _, h := range Holidays(2026) {
		if w, ok := want[h.Code]; ok && (h.Name["fi"] != w[0] || h.Name["sv"] != w[1] || h.Name["en"] != w[2]) {
			t.Errorf("%s: names %v, want %v", h.Code, h.Name, w)
		}
	}
	// A caller changing a returned map must not change what others see.
	h, _ := HolidayOn(Date{2026, time.June, 19})
	h.Name["fi"] = "changed"
	Holidays(2026)[0].Name["fi"] = "changed"
	if h2, _ := HolidayOn(Date{2026, time.June, 19}); h2.Name["fi"] != "Juhannusaatto" {
		t.Errorf("shared name map was modified: %v", h2.Name)
	}
	if Holidays(2026)[0].Name["fi"] != "Uudenvuodenpäivä" {
		t.Error("shared name map was modified")
	}
}

// In 2008 (Easter on 23 March) Ascension Day fell on May Day.
func TestTwoHolidaysOnOneDay(t *testing.T) {
	d := Date{2008, time.May, 1}
	var codes []string
	for _, h := range Holidays(2008) {
		if h.Date == d {
			codes = append(codes, h.Code)
		}
	}
	if !slices.Equal(codes, []string{"may_day", "ascension"}) {
		t.Errorf("holidays on %v: %v", d, codes)
	}
	if h, ok := HolidayOn(d); !ok || h.Code != "may_day" {
		t.Errorf("HolidayOn(%v) = %v, %v", d, h.Code, ok)
	}
	// The shared day is taken away once: April 2008 ends on a Wednesday, so
	// 1–2 May give Friday 2.5 as the only arkipäivä.
	if got := ArkipaivatBetween(Date{2008, time.April, 30}, Date{2008, time.May, 4}); got != 1 {
		t.Errorf("arkipäivät 1–4 May 2008 = %d, want 1", got)
	}
	// 2285: Easter on 22 March puts Ascension Day on 30 April, before May Day.
	hs := Holidays(2285)
	i := slices.IndexFunc(hs, func(h Holiday) bool { return h.Code == "ascension" })
	if i < 0 || hs[i].Date != (Date{2285, time.April, 30}) || hs[i+1].Code != "may_day" {
		t.Errorf("Holidays(2285) around May: %v", hs[i:i+2])
	}
}

func TestHolidayCacheConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for y := MinYear + g; y <= MaxYear; y += 3 {
				d := Date{y, time.December, 24}
				if h, ok := HolidayOn(d); !ok || h.Code != "christmas_eve" {
					t.Errorf("HolidayOn(%v) = %v, %v", d, h.Code, ok)
					return
				}
				if IsArkipaiva(EasterSunday(y).AddDays(-2)) {
					t.Errorf("Good Friday %d is an arkipäivä", y)
					return
				}
			}
		})
	}
	wg.Wait()
}
