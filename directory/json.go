package directory

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
)

// The JSON form of a service point is the API's (and the stored document's).
// Decoding reports a bad value as a *kynnys.FieldError naming the field.

type hoursJSON struct {
	Days      []string `json:"days"`
	Opens     string   `json:"opens"`
	Closes    string   `json:"closes"`
	ValidFrom string   `json:"valid_from,omitempty"`
	ValidTo   string   `json:"valid_to,omitempty"`
}

type exceptionJSON struct {
	Date   string     `json:"date"`
	Closed bool       `json:"closed,omitempty"`
	Opens  string     `json:"opens,omitempty"`
	Closes string     `json:"closes,omitempty"`
	Note   *Localized `json:"note,omitempty"`
}

type servicePointJSON struct {
	ID                     string          `json:"id,omitempty"`
	Kind                   string          `json:"kind"`
	Name                   Localized       `json:"name"`
	Description            Localized       `json:"description"`
	Organization           string          `json:"organization"`
	TeamID                 string          `json:"team_id,omitempty"`
	Municipality           string          `json:"municipality"`
	Address                Address         `json:"address"`
	Phone                  string          `json:"phone,omitempty"`
	TargetGroups           []string        `json:"target_groups"`
	Topics                 []string        `json:"topics"`
	StaffRoles             []string        `json:"staff_roles"`
	Languages              []string        `json:"languages"`
	Accessibility          Localized       `json:"accessibility"`
	AnonymousOK            bool            `json:"anonymous_ok"`
	Free                   bool            `json:"free"`
	NoReferralNeeded       bool            `json:"no_referral_needed"`
	AppointmentNeeded      bool            `json:"appointment_needed"`
	ClosedOnPublicHolidays *bool           `json:"closed_on_public_holidays,omitempty"`
	Hours                  []hoursJSON     `json:"hours"`
	Exceptions             []exceptionJSON `json:"exceptions"`
	CreatedAt              *time.Time      `json:"created_at,omitempty"`
	UpdatedAt              *time.Time      `json:"updated_at,omitempty"`
}

var dayCodes = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// DayCode is the API's code for a weekday ("mon").
func DayCode(d time.Weekday) string { return dayCodes[d] }

func parseDay(s string) (time.Weekday, bool) {
	for i, c := range dayCodes {
		if strings.EqualFold(s, c) {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

func orEmpty(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// MarshalJSON writes the API form.
func (sp ServicePoint) MarshalJSON() ([]byte, error) {
	closed := sp.ClosedOnPublicHolidays
	j := servicePointJSON{ID: sp.ID, Kind: string(sp.Kind), Name: sp.Name, Description: sp.Description,
		Organization: sp.Organization, TeamID: sp.TeamID, Municipality: sp.Municipality, Address: sp.Address,
		Phone: sp.Phone, Topics: orEmpty(sp.Topics), StaffRoles: orEmpty(sp.StaffRoles), Languages: orEmpty(sp.Languages),
		Accessibility: sp.Accessibility, AnonymousOK: sp.AnonymousOK, Free: sp.Free, NoReferralNeeded: sp.NoReferralNeeded,
		AppointmentNeeded: sp.AppointmentNeeded, ClosedOnPublicHolidays: &closed,
		TargetGroups: []string{}, Hours: []hoursJSON{}, Exceptions: []exceptionJSON{}}
	for _, g := range sp.TargetGroups {
		j.TargetGroups = append(j.TargetGroups, string(g))
	}
	for _, h := range sp.Hours {
		hj := hoursJSON{Opens: h.Opens.String(), Closes: h.Closes.String()}
		for _, d := range h.Days {
			hj.Days = append(hj.Days, DayCode(d))
		}
		if !h.ValidFrom.IsZero() {
			hj.ValidFrom = h.ValidFrom.String()
		}
		if !h.ValidTo.IsZero() {
			hj.ValidTo = h.ValidTo.String()
		}
		j.Hours = append(j.Hours, hj)
	}
	for _, e := range sp.Exceptions {
		ej := exceptionJSON{Date: e.Date.String(), Closed: e.Closed}
		if !e.Closed {
			ej.Opens, ej.Closes = e.Opens.String(), e.Closes.String()
		}
		if e.Note != (Localized{}) {
			note := e.Note
			ej.Note = &note
		}
		j.Exceptions = append(j.Exceptions, ej)
	}
	if !sp.CreatedAt.IsZero() {
		c, u := sp.CreatedAt, sp.UpdatedAt
		j.CreatedAt, j.UpdatedAt = &c, &u
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the API form. Timestamps and the id are read too (the
// stored document has them); API handlers overwrite what clients may not set.
// Missing closed_on_public_holidays means true: places close on holidays
// unless they say otherwise.
func (sp *ServicePoint) UnmarshalJSON(b []byte) error {
	var j servicePointJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return jsonFieldError(err)
	}
	out := ServicePoint{ID: j.ID, Kind: Kind(j.Kind), Name: j.Name, Description: j.Description, Organization: j.Organization,
		TeamID: j.TeamID, Municipality: j.Municipality, Address: j.Address, Phone: j.Phone, Topics: j.Topics,
		StaffRoles: j.StaffRoles, Languages: j.Languages, Accessibility: j.Accessibility, AnonymousOK: j.AnonymousOK,
		Free: j.Free, NoReferralNeeded: j.NoReferralNeeded, AppointmentNeeded: j.AppointmentNeeded,
		ClosedOnPublicHolidays: j.ClosedOnPublicHolidays == nil || *j.ClosedOnPublicHolidays}
	for _, g := range j.TargetGroups {
		out.TargetGroups = append(out.TargetGroups, access.TargetGroup(g))
	}
	for i, hj := range j.Hours {
		f := fmt.Sprintf("hours[%d]", i)
		var h WeeklyHours
		for _, s := range hj.Days {
			d, ok := parseDay(s)
			if !ok {
				return kynnys.Invalid(f+".days", "error.unknown_code")
			}
			h.Days = append(h.Days, d)
		}
		var err error
		if h.Opens, err = ParseClock(hj.Opens); err != nil {
			return kynnys.Invalid(f+".opens", "error.time")
		}
		if h.Closes, err = ParseClock(hj.Closes); err != nil {
			return kynnys.Invalid(f+".closes", "error.time")
		}
		if hj.ValidFrom != "" {
			if h.ValidFrom, err = calendar.ParseDate(hj.ValidFrom); err != nil {
				return kynnys.Invalid(f+".valid_from", "error.date")
			}
		}
		if hj.ValidTo != "" {
			if h.ValidTo, err = calendar.ParseDate(hj.ValidTo); err != nil {
				return kynnys.Invalid(f+".valid_to", "error.date")
			}
		}
		out.Hours = append(out.Hours, h)
	}
	for i, ej := range j.Exceptions {
		f := fmt.Sprintf("exceptions[%d]", i)
		var e Exception
		var err error
		if e.Date, err = calendar.ParseDate(ej.Date); err != nil {
			return kynnys.Invalid(f+".date", "error.date")
		}
		e.Closed = ej.Closed
		if ej.Note != nil {
			e.Note = *ej.Note
		}
		if !e.Closed {
			if e.Opens, err = ParseClock(ej.Opens); err != nil {
				return kynnys.Invalid(f+".opens", "error.time")
			}
			if e.Closes, err = ParseClock(ej.Closes); err != nil {
				return kynnys.Invalid(f+".closes", "error.time")
			}
		}
		out.Exceptions = append(out.Exceptions, e)
	}
	if j.CreatedAt != nil {
		out.CreatedAt = *j.CreatedAt
	}
	if j.UpdatedAt != nil {
		out.UpdatedAt = *j.UpdatedAt
	}
	*sp = out
	return nil
}

// jsonFieldError names the field of a JSON type error ("name.fi" for a
// number where a string belongs); a syntax error names the body.
func jsonFieldError(err error) error {
	if te, ok := err.(*json.UnmarshalTypeError); ok && te.Field != "" {
		return kynnys.Invalid(te.Field, "error.type")
	}
	return kynnys.Invalid("body", "error.json")
}
