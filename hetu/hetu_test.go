package hetu

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// reference builds a code the slow, obvious way, independently of Parse.
func reference(birth time.Time, sign byte, individual int) string {
	nine := birth.Format("020106") + fmt.Sprintf("%03d", individual)
	n, _ := strconv.Atoi(nine)
	return birth.Format("020106") + string(sign) + fmt.Sprintf("%03d", individual) + string("0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31])
}

func signsFor(year int) string {
	switch year / 100 {
	case 18:
		return "+"
	case 19:
		return "-YXWVU"
	default:
		return "ABCDEF"
	}
}

// TestGeneratedCodes checks every day from 1800 to 2099 with random
// individual numbers and every century sign: each valid code parses to its
// birth date and sex, and changing its check character makes it invalid.
func TestGeneratedCodes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 0
	for d := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2100; d = d.AddDate(0, 0, 1) {
		signs := signsFor(d.Year())
		sign := signs[r.IntN(len(signs))]
		individual := 2 + r.IntN(998)
		code := reference(d, sign, individual)
		c, err := Parse(code)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		if c.BirthDate.Year != d.Year() || c.BirthDate.Month != d.Month() || c.BirthDate.Day != d.Day() {
			t.Fatalf("%s: birth date %v, want %v", code, c.BirthDate, d.Format(time.DateOnly))
		}
		if want := Sex(individual % 2); c.Sex != want || c.Temporary != (individual >= 900) {
			t.Fatalf("%s: sex %v temporary %v", code, c.Sex, c.Temporary)
		}
		wrong := []byte(code)
		wrong[10] = "0123456789ABCDEFHJKLMNPRSTUVWXY"[(r.IntN(30)+1+indexOf(code[10]))%31]
		if _, err := Parse(string(wrong)); !errors.Is(err, ErrCheckSymbol) {
			t.Fatalf("%s with check %c: %v, want ErrCheckSymbol", code, wrong[10], err)
		}
		n++
	}
	if n < 100_000 {
		t.Fatalf("only %d codes checked", n)
	}
}

func indexOf(b byte) int {
	for i := range 31 {
		if "0123456789ABCDEFHJKLMNPRSTUVWXY"[i] == b {
			return i
		}
	}
	return -1
}

func TestInvalidCodes(t *testing.T) {
	tests := []struct {
		code string
		want error
	}{
		{"", ErrLength},
		{"131052-308", ErrLength},
		{"131052-308TT", ErrLength},
		{"13105A-308T", ErrFormat},
		{"131052-3O8T", ErrFormat},
		{"131052G308T", ErrCentury},
		{"131052*308T", ErrCentury},
		{"310225-1234", ErrDate}, // 31 February
		{"290223-123K", ErrDate}, // 1923 is not a leap year
		{"001052-308T", ErrDate}, // day 0
		{"131352-308T", ErrDate}, // month 13
		{"010101-0012", ErrIndividual},
		{"010101-0001", ErrIndividual},
		{"131052-308U", ErrCheckSymbol},
		{"131052-308G", ErrCheckSymbol}, // G is never a check character
	}
	for _, tt := range tests {
		if _, err := Parse(tt.code); !errors.Is(err, tt.want) {
			t.Errorf("Parse(%q) = %v, want %v", tt.code, err, tt.want)
		}
	}
}

func TestKnownCodes(t *testing.T) {
	tests := []struct {
		code  string
		birth string
		sex   Sex
	}{
		{"131052-308T", "1952-10-13", Female},
		{"131052X308T", "1952-10-13", Female},
		{"010594Y9021", "1994-05-01", Female},
		{"010594Y9032", "1994-05-01", Male},
		{"020502E902X", "2002-05-02", Female},
		{"  131052-308t ", "1952-10-13", Female}, // case and space forgiven
		{"290200A003D", "2000-02-29", Male},
		{"010100+002H", "1800-01-01", Female},
	}
	for _, tt := range tests {
		c, err := Parse(tt.code)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.code, err)
			continue
		}
		if c.BirthDate.String() != tt.birth || c.Sex != tt.sex {
			t.Errorf("Parse(%q) = %v %v, want %v %v", tt.code, c.BirthDate, c.Sex, tt.birth, tt.sex)
		}
	}
}

func TestErrorsHoldNoCode(t *testing.T) {
	for _, code := range []string{"131052-308U", "310225-1234", "131052G308T"} {
		if _, err := Parse(code); err == nil || strings.Contains(err.Error(), code[:6]) {
			t.Errorf("error for a code %v leaks it", err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"131052-308T", "010594Y9021", "", "xxxxxxxxxxx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err == nil && !Valid(c.Normalized) {
			t.Fatalf("normalised %q of a valid code is invalid", c.Normalized)
		}
	})
}
