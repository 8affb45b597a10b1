// Package hetu validates Finnish personal identity codes (henkilötunnus,
// RULES.md §4). A code is personal data: nothing here puts one in an error
// text, and callers must keep them out of URLs and logs.
package hetu

import (
	"errors"
	"strings"

	"kynnys/calendar"
)

// Sex as the individual number encodes it (odd: male, even: female).
type Sex int

const (
	Female Sex = iota
	Male
)

// Code is a validated identity code and what it encodes.
type Code struct {
	// Normalized is the code in upper case without surrounding space.
	Normalized string
	BirthDate  calendar.Date
	Sex        Sex
	// Temporary codes have an individual number 900–999.
	Temporary bool
}

// The reasons a code is refused. Each is safe to show or log: none carries
// the code.
var (
	ErrLength      = errors.New("hetu: a code has 11 characters")
	ErrFormat      = errors.New("hetu: a code is DDMMYY, a century sign, three digits and a check character")
	ErrCentury     = errors.New("hetu: unknown century sign")
	ErrDate        = errors.New("hetu: the birth date does not exist")
	ErrIndividual  = errors.New("hetu: individual number 000 and 001 are not used")
	ErrCheckSymbol = errors.New("hetu: the check character does not match")
)

const checkSymbols = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// centuries maps each century sign to the century it stands for (act
// 128/2023 added the signs Y–U and B–F beside -, + and A).
var centuries = map[byte]int{
	'+': 1800,
	'-': 1900, 'Y': 1900, 'X': 1900, 'W': 1900, 'V': 1900, 'U': 1900,
	'A': 2000, 'B': 2000, 'C': 2000, 'D': 2000, 'E': 2000, 'F': 2000,
}

// Parse validates s and returns what it encodes.
func Parse(s string) (Code, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 11 {
		return Code{}, ErrLength
	}
	digits := s[0:6] + s[7:10]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return Code{}, ErrFormat
		}
	}
	century, ok := centuries[s[6]]
	if !ok {
		return Code{}, ErrCentury
	}
	day, month, year := atoi(s[0:2]), atoi(s[2:4]), century+atoi(s[4:6])
	birth, err := calendar.ParseDate(pad4(year) + "-" + s[2:4] + "-" + s[0:2])
	if err != nil || int(birth.Month) != month || birth.Day != day {
		return Code{}, ErrDate
	}
	individual := atoi(s[7:10])
	if individual < 2 {
		return Code{}, ErrIndividual
	}
	if checkSymbols[atoi(digits)%31] != s[10] {
		return Code{}, ErrCheckSymbol
	}
	sex := Female
	if individual%2 == 1 {
		sex = Male
	}
	return Code{Normalized: s, BirthDate: birth, Sex: sex, Temporary: individual >= 900}, nil
}

// Valid reports whether s is a valid identity code.
func Valid(s string) bool { _, err := Parse(s); return err == nil }

// CheckSymbol returns the check character for the nine digits DDMMYYZZZ
// (for generating test codes).
func CheckSymbol(nineDigits string) byte { return checkSymbols[atoi(nineDigits)%31] }

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func pad4(n int) string {
	b := []byte{'0', '0', '0', '0'}
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}
