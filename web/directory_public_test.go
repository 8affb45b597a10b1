package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"kynnys/calendar"
	"kynnys/directory"
)

// setNow puts the test clock at a Helsinki wall time.
func (e *testEnv) setNow(s string) {
	e.t.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Helsinki)
	if err != nil {
		e.t.Fatal(err)
	}
	e.clock.mu.Lock()
	e.clock.t = t
	e.clock.mu.Unlock()
}

func TestRegularHoursSummary(t *testing.T) {
	e := newEnv(t, "sqlite", Config{})
	week := func(days ...time.Weekday) []time.Weekday { return days }
	cases := []struct {
		name  string
		lang  string
		hours []directory.WeeklyHours
		want  []string
	}{
		{"weekdays", "fi", []directory.WeeklyHours{{Days: week(1, 2, 3, 4, 5), Opens: 510, Closes: 900}}, []string{"ma–pe 8.30–15.00"}},
		{"split days", "fi", []directory.WeeklyHours{{Days: week(2, 4), Opens: 540, Closes: 840}}, []string{"ti, to 9.00–14.00"}},
		{"two groups", "en", []directory.WeeklyHours{{Days: week(1, 2, 3), Opens: 540, Closes: 900}, {Days: week(4), Opens: 720, Closes: 1080}},
			[]string{"Mon–Wed 9:00–15:00", "Thu 12:00–18:00"}},
		{"two intervals a day", "sv", []directory.WeeklyHours{{Days: week(6, 0), Opens: 540, Closes: 660}, {Days: week(6, 0), Opens: 720, Closes: 900}},
			[]string{"lör–sön 9:00–11:00, 12:00–15:00"}},
		{"period over", "fi", []directory.WeeklyHours{{Days: week(1), Opens: 540, Closes: 600,
			ValidTo: calendar.Date{Year: 2026, Month: time.June, Day: 30}}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := &Page{Lang: c.lang, cat: e.srv.cat}
			got := p.regularHours(&directory.ServicePoint{Hours: c.hours}, calendar.Date{Year: 2026, Month: time.November, Day: 24})
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestPublicDirectoryPages(t *testing.T) {
	e := newEnv(t, "sqlite", Config{})
	team := e.newTeam("Satakunta", []string{"Pori"})
	place := e.newServicePoint(team.ID) // Pori, weekdays 9–15, closes on holidays
	phone := &directory.ServicePoint{Kind: directory.KindPhone, Municipality: "Salo", Phone: "02 000 1010",
		Name: directory.Localized{FI: "Puhelinneuvonta", SV: "Telefonrådgivning", EN: "Phone advice"}, ClosedOnPublicHolidays: true,
		Hours: []directory.WeeklyHours{{Days: []time.Weekday{1, 2, 3, 4, 5}, Opens: 510, Closes: 900}}}
	if err := e.db.CreateServicePoint(e.ctx(), phone, directory.Editor{}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()

	t.Run("open now and filters", func(t *testing.T) {
		e.setNow("2026-11-25 10:00") // a Wednesday
		r := b.get("/?lang=fi")
		if r.StatusCode != 200 || !strings.Contains(r.Body, "Sulkeutuu klo 15.00.") {
			t.Fatalf("status %d; want an open place closing at 15.00:\n%s", r.StatusCode, r.Body)
		}
		r = b.get("/?lang=fi&municipality=Salo")
		if strings.Contains(r.Body, "/places/"+place.ID) || !strings.Contains(r.Body, "/places/"+phone.ID) {
			t.Error("municipality filter: want only the Salo service")
		}
		e.setNow("2026-11-25 16:30")
		r = b.get("/?lang=en&when=open_now")
		if strings.Contains(r.Body, "/places/"+place.ID) {
			t.Error("open now at 16.30: the 9–15 place must not be listed")
		}
		r = b.get("/?lang=en")
		if !strings.Contains(r.Body, "Opens tomorrow at 9:00.") {
			t.Errorf("want next opening tomorrow at 9:00:\n%s", r.Body)
		}
		if r = b.get("/?lang=en&when=weekends"); strings.Contains(r.Body, "/places/") {
			t.Error("no place is open on weekends")
		}
		if r = b.get("/?lang=en&when=evenings"); strings.Contains(r.Body, "/places/") {
			t.Error("no place is open in the evening")
		}
	})

	t.Run("place page across Christmas", func(t *testing.T) {
		e.setNow("2026-12-21 12:00") // Monday of Christmas week
		r := b.get("/places/" + place.ID + "?lang=fi")
		if r.StatusCode != 200 {
			t.Fatalf("status %d", r.StatusCode)
		}
		for _, want := range []string{"<title>Positiimi – Kynnys</title>", "Jouluaatto", "Joulupäivä", "ma–pe 9.00–15.00", "Suljettu arkipyhinä."} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("place page lacks %q", want)
			}
		}
		// Thursday 24.12. is Christmas Eve: closed although a weekday.
		if !strings.Contains(r.Body, "to 24.12.</th>\n<td>suljettu (Jouluaatto)") {
			t.Errorf("Christmas Eve row not closed:\n%s", r.Body)
		}
	})

	t.Run("phone page lists phone services only", func(t *testing.T) {
		r := b.get("/phone?lang=sv")
		if !strings.Contains(r.Body, "Telefonrådgivning") || strings.Contains(r.Body, "/places/"+place.ID) || !strings.Contains(r.Body, `href="tel:020001010"`) {
			t.Errorf("phone page:\n%s", r.Body)
		}
	})

	t.Run("unknown place is 404", func(t *testing.T) {
		if r := b.get("/places/nope?lang=sv"); r.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", r.StatusCode)
		}
	})
}
