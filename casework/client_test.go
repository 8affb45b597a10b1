package casework

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"kynnys"
	"kynnys/calendar"
)

// today is the fixed "today" of the rule tests.
var today = calendar.Date{Year: 2026, Month: time.November, Day: 24}

// wantInvalid fails unless err is a field error of field with code.
func wantInvalid(t *testing.T, err error, field, code string) {
	t.Helper()
	fe, ok := kynnys.AsFieldError(err)
	if !ok {
		t.Fatalf("err = %v, want invalid %s: %s", err, field, code)
	}
	if fe.Field != field || fe.Code != code {
		t.Fatalf("err = invalid %s: %s, want invalid %s: %s", fe.Field, fe.Code, field, code)
	}
}

const checkChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// signs lists the century signs of RULES.md §4 by century.
var signs = map[int]string{1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}

// wantValidated checks c.Validate on day on: refused on field with code
// when field is named, otherwise accepted with the birth date birth. It
// reports whether c was accepted.
func wantValidated(t *testing.T, c *Client, on calendar.Date, field, code string, birth calendar.Date) bool {
	t.Helper()
	err := c.Validate(on)
	if field != "" {
		wantInvalid(t, err, field, code)
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	if c.BirthDate != birth {
		t.Fatalf("birth date %v, want %v", c.BirthDate, birth)
	}
	return true
}

// makeHetu builds a code the obvious way, independently of package hetu.
func makeHetu(d time.Time, sign byte, individual int) string {
	nine := d.Format("020106") + fmt.Sprintf("%03d", individual)
	n, _ := strconv.Atoi(nine)
	return d.Format("020106") + string(sign) + fmt.Sprintf("%03d", individual) + string(checkChars[n%31])
}

// refHetu is a second, independent reading of RULES.md §4: the birth date
// a code stands for, or false when it is not a valid code.
func refHetu(s string) (time.Time, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 11 {
		return time.Time{}, false
	}
	var century int
	switch {
	case s[6] == '+':
		century = 1800
	case strings.IndexByte("-YXWVU", s[6]) >= 0:
		century = 1900
	case strings.IndexByte("ABCDEF", s[6]) >= 0:
		century = 2000
	default:
		return time.Time{}, false
	}
	num := func(part string) (int, bool) {
		n := 0
		for _, r := range part {
			if r < '0' || r > '9' {
				return 0, false
			}
			n = n*10 + int(r-'0')
		}
		return n, true
	}
	dd, ok1 := num(s[0:2])
	mm, ok2 := num(s[2:4])
	yy, ok3 := num(s[4:6])
	zzz, ok4 := num(s[7:10])
	if !ok1 || !ok2 || !ok3 || !ok4 || zzz < 2 {
		return time.Time{}, false
	}
	d := time.Date(century+yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if d.Day() != dd || int(d.Month()) != mm {
		return time.Time{}, false
	}
	if checkChars[(dd*10_000_000+mm*100_000+yy*1000+zzz)%31] != s[10] {
		return time.Time{}, false
	}
	return d, true
}

func dateOf(t time.Time) calendar.Date {
	return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// h2003 is a code of someone born on 1 January 2003 with the century sign.
func h2003(sign string) string {
	return makeHetu(time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC), sign[0], 4)
}

func newClient(hetu string) *Client {
	return &Client{Name: " Testi Asiakas ", Hetu: hetu, Municipality: "Kokkola"}
}

// checkClient validates a client with code and compares the outcome with
// the reference reading: a valid code fixes the birth date; an invalid one
// is refused on the hetu field; a valid code of someone born in the future
// or more than 130 years ago is refused on the birth date.
func checkClient(t *testing.T, code string, on calendar.Date) {
	t.Helper()
	c := newClient(code)
	err := c.Validate(on)
	birth, valid := refHetu(code)
	switch {
	case !valid:
		wantInvalid(t, err, "hetu", "casework.error.invalid_hetu")
	case dateOf(birth).After(on):
		wantInvalid(t, err, "hetu", "casework.error.invalid_hetu")
	case err != nil:
		t.Fatalf("%q: %v", code, err)
	case c.BirthDate != dateOf(birth) || c.Hetu != strings.ToUpper(strings.TrimSpace(code)) || c.Name != "Testi Asiakas":
		t.Fatalf("%q: got birth %v hetu %q name %q", code, c.BirthDate, c.Hetu, c.Name)
	}
}

// TestClientValidateGeneratedHetu runs Client.Validate over generated
// codes: every century sign, days from 1850 to 2025 (every 29 February
// among them), ordinary and temporary individual numbers.
func TestClientValidateGeneratedHetu(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2))
	var days []time.Time
	for d := time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() <= 2025; d = d.AddDate(0, 0, 1+r.IntN(9)) {
		days = append(days, d)
	}
	leapDays := 0
	for y := 1850; y <= 2025; y++ {
		if d := time.Date(y, 2, 29, 0, 0, 0, 0, time.UTC); d.Month() == time.February {
			days = append(days, d)
			leapDays++
		}
	}
	n := 0
	for _, day := range days {
		for _, sign := range []byte(signs[day.Year()/100*100]) {
			individual := 2 + r.IntN(898) // 002–899
			if r.IntN(4) == 0 {
				individual = 900 + r.IntN(100) // temporary
			}
			code := makeHetu(day, sign, individual)
			if _, ok := refHetu(code); !ok {
				t.Fatalf("generator made an invalid code %q", code)
			}
			on := today
			if day.Year() < 1900 {
				// Nobody born in the 1800s is alive now: read the code as
				// on a day when they were.
				on = calendar.Date{Year: 1950, Month: time.January, Day: 1}
			}
			checkClient(t, code, on)
			n++
		}
	}
	t.Logf("%d generated codes", n)
	if leapDays != 43 { // 1852–2024 less 1900
		t.Fatalf("%d leap days", leapDays)
	}
	if n < 20_000 {
		t.Fatalf("only %d codes", n)
	}
}

// TestClientValidateHetuEdges covers the edges by name.
func TestClientValidateHetuEdges(t *testing.T) {
	tests := []struct {
		name, hetu string
		on         calendar.Date
		field      string // "" when valid
		code       string
		birth      calendar.Date
	}{
		{"plain", "131052-308T", today, "", "", calendar.Date{Year: 1952, Month: 10, Day: 13}},
		{"new 1900s sign", "131052Y308T", today, "", "", calendar.Date{Year: 1952, Month: 10, Day: 13}},
		{"2000s", h2003("A"), today, "", "", calendar.Date{Year: 2003, Month: 1, Day: 1}},
		{"new 2000s sign", h2003("F"), today, "", "", calendar.Date{Year: 2003, Month: 1, Day: 1}},
		{"lowercase normalised", " " + strings.ToLower(h2003("A")) + "\t", today, "", "", calendar.Date{Year: 2003, Month: 1, Day: 1}},
		{"temporary number", makeHetu(time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC), '-', 950), today, "", "", calendar.Date{Year: 1990, Month: 5, Day: 17}},
		{"leap day 2000", makeHetu(time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), 'A', 123), today, "", "", calendar.Date{Year: 2000, Month: 2, Day: 29}},
		{"leap day 1904", makeHetu(time.Date(1904, 2, 29, 0, 0, 0, 0, time.UTC), 'W', 456), today, "", "", calendar.Date{Year: 1904, Month: 2, Day: 29}},
		{"wrong check", "131052-308U", today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"individual 000", "010190-000" + string(checkChars[10190000%31]), today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"individual 001", "010190-001" + string(checkChars[10190001%31]), today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"29.2. of a non-leap year", "290223A123" + string(checkChars[290223123%31]), today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"29.2.1900 (not a leap year)", "290200-123" + string(checkChars[290200123%31]), today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"31 April", "310423A123" + string(checkChars[310423123%31]), today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"day 0", "000190-123" + string(checkChars[190123%31]), today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"month 13", "011390-123" + string(checkChars[11390123%31]), today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"unknown century sign G", "131052G308T", today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"unknown century sign Z", "131052Z308T", today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"too short", "131052-308", today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"too long", "131052-308TT", today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"inner space", "131052 308T", today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"letter in date", "13105A-308T", today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"born in the future", makeHetu(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 'A', 222), today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"born tomorrow", makeHetu(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), 'A', 222), today, "hetu", "casework.error.invalid_hetu", calendar.Date{}},
		{"born today", makeHetu(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), 'A', 222), today, "", "", today},
		{"1800s now", makeHetu(time.Date(1880, 3, 3, 0, 0, 0, 0, time.UTC), '+', 222), today, "", "", calendar.Date{Year: 1880, Month: 3, Day: 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(tc.hetu)
			if wantValidated(t, c, tc.on, tc.field, tc.code, tc.birth) && c.Hetu != strings.ToUpper(strings.TrimSpace(tc.hetu)) {
				t.Fatalf("hetu %q not normalised", c.Hetu)
			}
		})
	}
}

// TestClientValidateCorruptedHetu changes each character of valid codes
// to every other character a typist might hit: a change that leaves a valid
// code (another century sign of the same century, say) is accepted with
// the birth date it then stands for, and every other change is refused.
func TestClientValidateCorruptedHetu(t *testing.T) {
	const keys = "0123456789+-ABCDEFGHIJKLMNOPQRSTUVWXYZabcxy .*/"
	r := rand.New(rand.NewPCG(3, 4))
	var accepted, refused int
	for range 150 {
		day := time.Date(1900+r.IntN(126), time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
		if day.After(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)) {
			continue
		}
		s := signs[day.Year()/100*100]
		code := makeHetu(day, s[r.IntN(len(s))], 2+r.IntN(998))
		for i := range len(code) {
			for _, k := range []byte(keys) {
				if k == code[i] {
					continue
				}
				bad := code[:i] + string(k) + code[i+1:]
				checkClient(t, bad, today)
				if _, ok := refHetu(bad); ok {
					accepted++
				} else {
					refused++
				}
			}
		}
	}
	// A single change of a digit moves DDMMYYZZZ by a multiple of a power
	// of ten, never of 31, so nearly every change is caught; only century
	// signs and lowercase letters survive.
	t.Logf("%d corrupted codes accepted (still valid), %d refused", accepted, refused)
	if refused < 50_000 || accepted == 0 {
		t.Fatalf("accepted %d, refused %d", accepted, refused)
	}
}

func TestClientValidateBirthDate(t *testing.T) {
	born := calendar.Date{Year: 1952, Month: 10, Day: 13}
	tests := []struct {
		name         string
		hetu         string
		birth        calendar.Date
		field, code  string
		wantBirthDay calendar.Date
	}{
		{"hetu and the same birth date", "131052-308T", born, "", "", born},
		{"hetu and another birth date", "131052-308T", born.AddDays(1), "birth_date", "casework.error.birth_date_mismatch", calendar.Date{}},
		{"birth date only", "", born, "", "", born},
		{"neither", "", calendar.Date{}, "birth_date", "casework.error.birth_date_required", calendar.Date{}},
		{"blank hetu, no birth date", "   ", calendar.Date{}, "birth_date", "casework.error.birth_date_required", calendar.Date{}},
		{"birth date in the future", "", today.AddDays(1), "birth_date", "error.date", calendar.Date{}},
		{"birth date today", "", today, "", "", today},
		{"born 131 years ago", "", calendar.Date{Year: 1895, Month: 12, Day: 31}, "birth_date", "error.date", calendar.Date{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(tc.hetu)
			c.BirthDate = tc.birth
			wantValidated(t, c, today, tc.field, tc.code, tc.wantBirthDay)
		})
	}
}

func TestClientValidateFields(t *testing.T) {
	base := func() *Client {
		return &Client{Name: "Aino Asiakas", BirthDate: calendar.Date{Year: 1980, Month: 1, Day: 2}, Municipality: "Kannus"}
	}
	tests := []struct {
		name        string
		edit        func(c *Client)
		field, code string
		check       func(t *testing.T, c *Client)
	}{
		{"ok", func(c *Client) {}, "", "", nil},
		{"no name", func(c *Client) { c.Name = "  " }, "name", "error.required", nil},
		{"long name", func(c *Client) { c.Name = strings.Repeat("a", 201) }, "name", "error.too_long", nil},
		{"no municipality", func(c *Client) { c.Municipality = "" }, "municipality", "error.required", nil},
		{"bad email", func(c *Client) { c.Email = "aino.example.fi" }, "email", "error.email", nil},
		{"email with space", func(c *Client) { c.Email = "aino @example.fi" }, "email", "error.email", nil},
		{"email trimmed", func(c *Client) { c.Email = " aino@example.fi " }, "", "", func(t *testing.T, c *Client) {
			if c.Email != "aino@example.fi" {
				t.Fatalf("email %q", c.Email)
			}
		}},
		{"languages normalised", func(c *Client) { c.Languages = []string{" FI", "sv", "", "fi", "ru"} }, "", "", func(t *testing.T, c *Client) {
			if strings.Join(c.Languages, ",") != "fi,sv,ru" {
				t.Fatalf("languages %v", c.Languages)
			}
		}},
		{"bad language", func(c *Client) { c.Languages = []string{"finnish"} }, "languages", "casework.error.language", nil},
		{"language with digit", func(c *Client) { c.Languages = []string{"f1"} }, "languages", "casework.error.language", nil},
		{"too many languages", func(c *Client) {
			c.Languages = []string{"aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh", "ii", "jj", "kk"}
		}, "languages", "error.too_long", nil},
		{"long phone", func(c *Client) { c.Phone = strings.Repeat("1", 51) }, "phone", "error.too_long", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			tc.edit(c)
			err := c.Validate(today)
			if tc.field != "" {
				wantInvalid(t, err, tc.field, tc.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				tc.check(t, c)
			}
		})
	}
}

func TestNameKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Matti Meikäläinen", "  matti   MEIKÄLÄINEN "},
		{"Anna-Liisa Virtanen", "anna liisa virtanen"},
		{"Virtanen, Anna", "virtanen anna"},
		{"A. Aalto", "a aalto"},
	}
	for _, tc := range tests {
		if NameKey(tc.a) != NameKey(tc.b) {
			t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q", tc.a, NameKey(tc.a), tc.b, NameKey(tc.b))
		}
	}
	if NameKey("Mäki") == NameKey("Maki") {
		t.Error("ä and a must stay different letters")
	}
	if got := NameKey(" Matti  Meikäläinen "); got != "matti meikäläinen" {
		t.Errorf("NameKey = %q", got)
	}
}
