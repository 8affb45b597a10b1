// Package directory is where and when help is available: service points
// (meeting places, clinics, phone and chat services, outreach), their
// opening hours in Europe/Helsinki with exceptions and public holidays,
// "open now", and the coverage of hours across the week.
package directory

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
)

// Kind is what sort of service point it is.
type Kind string

const (
	KindMeetingPlace Kind = "meeting_place"
	KindClinic       Kind = "clinic"
	KindPhone        Kind = "phone"
	KindChat         Kind = "chat"
	KindOutreach     Kind = "outreach"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindMeetingPlace, KindClinic, KindPhone, KindChat, KindOutreach}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Remote reports whether the service is reached without going anywhere.
func (k Kind) Remote() bool { return k == KindPhone || k == KindChat }

// Localized is a text in Finnish, Swedish and English.
type Localized struct {
	FI string `json:"fi"`
	SV string `json:"sv"`
	EN string `json:"en"`
}

// In returns the text in lang, falling back to Finnish, then to any.
func (l Localized) In(lang string) string {
	var s string
	switch lang {
	case "sv":
		s = l.SV
	case "en":
		s = l.EN
	default:
		s = l.FI
	}
	for _, v := range []string{s, l.FI, l.SV, l.EN} {
		if v != "" {
			return v
		}
	}
	return ""
}

func (l *Localized) trim() {
	l.FI, l.SV, l.EN = strings.TrimSpace(l.FI), strings.TrimSpace(l.SV), strings.TrimSpace(l.EN)
}

// Address is where a place is. Coordinates are WGS84, optional.
type Address struct {
	Street     string   `json:"street"`
	PostalCode string   `json:"postal_code"`
	City       string   `json:"city"`
	Lat        *float64 `json:"lat,omitempty"`
	Lon        *float64 `json:"lon,omitempty"`
}

// Staff roles that may be on duty at a place (seed 001: a social counsellor
// and a practical nurse are present during opening hours).
var StaffRoles = []string{"social_counsellor", "social_worker", "practical_nurse", "nurse", "health_professional", "peer_worker", "ngo_worker"}

// Topics a place can help with. The encounter vocabulary (a later issue)
// uses the same codes.
var Topics = []string{"unemployment", "income_support", "debt", "housing", "substance_use", "mental_health",
	"loneliness", "daily_life", "family", "violence", "health", "digital_services", "benefits", "employment_services", "immigration"}

// ServicePoint is one place or channel where help is available.
type ServicePoint struct {
	ID                     string
	Kind                   Kind
	Name                   Localized
	Description            Localized
	Organization           string
	TeamID                 string // the team that keeps it up to date; "" for county-wide
	Municipality           string
	Address                Address
	Phone                  string
	TargetGroups           []access.TargetGroup
	Topics                 []string
	StaffRoles             []string
	Languages              []string // ISO 639-1 codes
	Accessibility          Localized
	AnonymousOK            bool
	Free                   bool
	NoReferralNeeded       bool
	AppointmentNeeded      bool
	ClosedOnPublicHolidays bool
	Hours                  []WeeklyHours
	Exceptions             []Exception
	CreatedAt              time.Time
	UpdatedAt              time.Time
}

// Validate checks and normalises a service point before it is stored. The
// error is a *kynnys.FieldError naming the field, in the API's field syntax
// (e.g. "hours[1].closes").
func (sp *ServicePoint) Validate() error {
	if !sp.Kind.Valid() {
		return kynnys.Invalid("kind", "error.unknown_code")
	}
	sp.Name.trim()
	sp.Description.trim()
	sp.Accessibility.trim()
	if sp.Name.FI == "" && sp.Name.SV == "" && sp.Name.EN == "" {
		return kynnys.Invalid("name", "error.required")
	}
	for field, s := range map[string]string{"name.fi": sp.Name.FI, "name.sv": sp.Name.SV, "name.en": sp.Name.EN, "organization": sp.Organization, "municipality": sp.Municipality} {
		if utf8.RuneCountInString(s) > 200 {
			return kynnys.Invalid(field, "error.too_long")
		}
	}
	for field, s := range map[string]string{"description.fi": sp.Description.FI, "description.sv": sp.Description.SV, "description.en": sp.Description.EN,
		"accessibility.fi": sp.Accessibility.FI, "accessibility.sv": sp.Accessibility.SV, "accessibility.en": sp.Accessibility.EN} {
		if utf8.RuneCountInString(s) > 4000 {
			return kynnys.Invalid(field, "error.too_long")
		}
	}
	sp.Municipality = strings.TrimSpace(sp.Municipality)
	sp.Organization = strings.TrimSpace(sp.Organization)
	if sp.Municipality == "" {
		return kynnys.Invalid("municipality", "error.required")
	}
	sp.Phone = strings.TrimSpace(sp.Phone)
	if sp.Kind == KindPhone && sp.Phone == "" {
		return kynnys.Invalid("phone", "error.required")
	}
	if sp.Phone != "" && !validPhone(sp.Phone) {
		return kynnys.Invalid("phone", "error.phone")
	}
	if err := sp.Address.validate(); err != nil {
		return err
	}
	for _, g := range sp.TargetGroups {
		if !g.Valid() {
			return kynnys.Invalid("target_groups", "error.unknown_code")
		}
	}
	sp.TargetGroups = dedupe(sp.TargetGroups)
	for _, list := range []struct {
		field string
		vals  *[]string
		known []string
	}{{"topics", &sp.Topics, Topics}, {"staff_roles", &sp.StaffRoles, StaffRoles}} {
		for _, v := range *list.vals {
			if !slices.Contains(list.known, v) {
				return kynnys.Invalid(list.field, "error.unknown_code")
			}
		}
		*list.vals = dedupe(*list.vals)
	}
	for _, l := range sp.Languages {
		if len(l) != 2 || strings.ToLower(l) != l {
			return kynnys.Invalid("languages", "error.unknown_code")
		}
	}
	sp.Languages = dedupe(sp.Languages)
	return ValidateHours(sp.Hours, sp.Exceptions)
}

func (a *Address) validate() error {
	a.Street, a.PostalCode, a.City = strings.TrimSpace(a.Street), strings.TrimSpace(a.PostalCode), strings.TrimSpace(a.City)
	if a.PostalCode != "" && (len(a.PostalCode) != 5 || strings.Trim(a.PostalCode, "0123456789") != "") {
		return kynnys.Invalid("address.postal_code", "error.postal_code")
	}
	if (a.Lat == nil) != (a.Lon == nil) {
		return kynnys.Invalid("address.lat", "error.coordinates")
	}
	// Finland and its surroundings: catches swapped or zero coordinates.
	if a.Lat != nil && (math.IsNaN(*a.Lat) || *a.Lat < 59 || *a.Lat > 71 || math.IsNaN(*a.Lon) || *a.Lon < 19 || *a.Lon > 32) {
		return kynnys.Invalid("address.lat", "error.coordinates")
	}
	return nil
}

func validPhone(p string) bool {
	digits := 0
	for i, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 5 && digits <= 15
}

func dedupe[T comparable](xs []T) []T {
	out := xs[:0:0]
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Clock is a time of day in minutes after midnight, 0–1440 (24:00 closes a day).
type Clock int

// ParseClock reads "HH:MM" (or "H.MM", as Finns write it); "24:00" is the end of the day.
func ParseClock(s string) (Clock, error) {
	s = strings.TrimSpace(strings.Replace(s, ".", ":", 1))
	h, m, ok := strings.Cut(s, ":")
	// Digits only: Sscanf alone would take "+9", "9: 5" or "9:0x" (as 09:00).
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 || strings.Trim(h+m, "0123456789") != "" {
		return 0, fmt.Errorf("time of day %q is not HH:MM", s)
	}
	var hh, mm int
	if _, err := fmt.Sscanf(h+" "+m, "%d %d", &hh, &mm); err != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("time of day %q is not HH:MM", s)
	}
	return Clock(hh*60 + mm), nil
}

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Finnish writes times as 8.30.
func (c Clock) Finnish() string { return fmt.Sprintf("%d.%02d", int(c)/60, int(c)%60) }

// WeeklyHours is one opening interval on some weekdays, optionally only
// within a validity period (summer hours, a pilot's months).
type WeeklyHours struct {
	Days      []time.Weekday
	Opens     Clock
	Closes    Clock
	ValidFrom calendar.Date // zero: no start
	ValidTo   calendar.Date // zero: no end; inclusive
}

func (w WeeklyHours) validOn(d calendar.Date) bool {
	if !w.ValidFrom.IsZero() && d.Before(w.ValidFrom) {
		return false
	}
	if !w.ValidTo.IsZero() && d.After(w.ValidTo) {
		return false
	}
	return slices.Contains(w.Days, d.Weekday())
}

// Exception replaces the weekly hours on one date: closed, or other hours.
// Several exceptions on one date give several intervals.
type Exception struct {
	Date   calendar.Date
	Closed bool
	Opens  Clock
	Closes Clock
	Note   Localized
}

// ValidateHours checks weekly hours and exceptions: each interval closes
// after it opens, intervals on one day do not overlap, periods and dates are
// valid, and a date is not both closed and open.
func ValidateHours(hours []WeeklyHours, exceptions []Exception) error {
	for i, h := range hours {
		f := fmt.Sprintf("hours[%d]", i)
		if len(h.Days) == 0 {
			return kynnys.Invalid(f+".days", "error.required")
		}
		for _, d := range h.Days {
			if d < time.Sunday || d > time.Saturday {
				return kynnys.Invalid(f+".days", "error.unknown_code")
			}
		}
		if err := checkInterval(f, h.Opens, h.Closes); err != nil {
			return err
		}
		if !h.ValidFrom.IsZero() && !h.ValidFrom.Valid() {
			return kynnys.Invalid(f+".valid_from", "error.date")
		}
		if !h.ValidTo.IsZero() && !h.ValidTo.Valid() {
			return kynnys.Invalid(f+".valid_to", "error.date")
		}
		if !h.ValidFrom.IsZero() && !h.ValidTo.IsZero() && h.ValidTo.Before(h.ValidFrom) {
			return kynnys.Invalid(f+".valid_to", "error.period_order")
		}
		for j := range i {
			if hoursOverlap(hours[j], h) {
				return kynnys.Invalid(f, "error.overlap")
			}
		}
	}
	for i, e := range exceptions {
		f := fmt.Sprintf("exceptions[%d]", i)
		if !e.Date.Valid() {
			return kynnys.Invalid(f+".date", "error.date")
		}
		for j := range i {
			o := exceptions[j]
			if o.Date != e.Date {
				continue
			}
			if o.Closed || e.Closed {
				return kynnys.Invalid(f+".date", "error.exception_conflict")
			}
			if e.Opens < o.Closes && o.Opens < e.Closes {
				return kynnys.Invalid(f, "error.overlap")
			}
		}
		if e.Closed {
			continue
		}
		if err := checkInterval(f, e.Opens, e.Closes); err != nil {
			return err
		}
	}
	return nil
}

func checkInterval(field string, opens, closes Clock) error {
	if opens < 0 || opens >= 1440 {
		return kynnys.Invalid(field+".opens", "error.time")
	}
	if closes <= 0 || closes > 1440 {
		return kynnys.Invalid(field+".closes", "error.time")
	}
	if closes <= opens {
		return kynnys.Invalid(field+".closes", "error.closes_before_opens")
	}
	return nil
}

// hoursOverlap reports whether two weekly intervals can be in force on the
// same day at overlapping times.
func hoursOverlap(a, b WeeklyHours) bool {
	if !(a.Opens < b.Closes && b.Opens < a.Closes) {
		return false
	}
	shareDay := false
	for _, d := range a.Days {
		if slices.Contains(b.Days, d) {
			shareDay = true
		}
	}
	if !shareDay {
		return false
	}
	// Periods: disjoint if one ends before the other starts.
	if !a.ValidTo.IsZero() && !b.ValidFrom.IsZero() && a.ValidTo.Before(b.ValidFrom) {
		return false
	}
	if !b.ValidTo.IsZero() && !a.ValidFrom.IsZero() && b.ValidTo.Before(a.ValidFrom) {
		return false
	}
	return true
}

// Filter narrows a stored listing; zero values match everything.
type Filter struct {
	Municipality  string
	ModifiedAfter time.Time
}

// Editor is who saved a version of a service point, for its history.
type Editor struct {
	UserID string
	Name   string
}

// Version is one saved version in a service point's change history.
type Version struct {
	Version   int
	ChangedAt time.Time
	By        Editor
	Point     ServicePoint
}
