package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
)

// The staff pages for service points: a list, one form for a whole place
// with its weekly hours and exceptions (plain form rows, no JavaScript), a
// two-week preview of the computed openings, and the change history.

const (
	// placeEmptyRows is how many blank rows a table of hours offers, and how
	// many the "add rows" button adds.
	placeEmptyRows = 3
	// placeMaxRows bounds the rows a form may claim, so that a crafted
	// request cannot make the server build an enormous page.
	placeMaxRows = 100
	// placePreviewDays is this week and next, counted from today.
	placePreviewDays = 14
)

// placeDays are the weekdays in Finnish order, Monday first.
var placeDays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// placeField describes one input of the place form. Ids double as input
// names and use underscores, never dots, so that they cannot be mistaken for
// catalogue keys.
type placeField struct {
	label     string // catalogue key of the visible label
	summary   string // catalogue key naming the field in the error summary; label when ""
	typ       string // input type, or "textarea"; "" for inputs the template writes itself
	lang      string // language of the text typed in
	hintID    string // a hint shared by a group of inputs
	hint      string // catalogue key of the input's own hint
	inputMode string
	max       int
	required  bool
}

var placeFields = map[string]placeField{
	"kind":                {label: "places_admin.field.kind"},
	"name_fi":             {label: "places_admin.lang.fi", summary: "places_admin.field.name_fi", typ: "text", lang: "fi", hintID: "name-hint", max: 200},
	"name_sv":             {label: "places_admin.lang.sv", summary: "places_admin.field.name_sv", typ: "text", lang: "sv", hintID: "name-hint", max: 200},
	"name_en":             {label: "places_admin.lang.en", summary: "places_admin.field.name_en", typ: "text", lang: "en", hintID: "name-hint", max: 200},
	"description_fi":      {label: "places_admin.lang.fi", summary: "places_admin.field.description_fi", typ: "textarea", lang: "fi"},
	"description_sv":      {label: "places_admin.lang.sv", summary: "places_admin.field.description_sv", typ: "textarea", lang: "sv"},
	"description_en":      {label: "places_admin.lang.en", summary: "places_admin.field.description_en", typ: "textarea", lang: "en"},
	"organization":        {label: "places_admin.field.organization", typ: "text", max: 200},
	"municipality":        {label: "places_admin.field.municipality", typ: "text", max: 200, required: true},
	"team_id":             {label: "places_admin.field.team_id"},
	"address_street":      {label: "places_admin.field.address_street", typ: "text", max: 200},
	"address_postal_code": {label: "places_admin.field.address_postal_code", typ: "text", inputMode: "numeric", max: 5},
	"address_city":        {label: "places_admin.field.address_city", typ: "text", max: 200},
	"address_lat":         {label: "places_admin.field.address_lat", typ: "text", inputMode: "decimal", hintID: "coordinates-hint"},
	"address_lon":         {label: "places_admin.field.address_lon", typ: "text", inputMode: "decimal", hintID: "coordinates-hint"},
	"phone":               {label: "places_admin.field.phone", typ: "tel", hint: "places_admin.hint.phone", max: 40},
	"target_groups":       {label: "field.target_groups"},
	"topics":              {label: "places_admin.field.topics"},
	"staff_roles":         {label: "places_admin.field.staff_roles"},
	"languages":           {label: "places_admin.field.languages", typ: "text", hint: "places_admin.hint.languages", max: 100},
	"accessibility_fi":    {label: "places_admin.lang.fi", summary: "places_admin.field.accessibility_fi", typ: "textarea", lang: "fi"},
	"accessibility_sv":    {label: "places_admin.lang.sv", summary: "places_admin.field.accessibility_sv", typ: "textarea", lang: "sv"},
	"accessibility_en":    {label: "places_admin.lang.en", summary: "places_admin.field.accessibility_en", typ: "textarea", lang: "en"},
	"hours":               {label: "places_admin.section.hours"},
	"exceptions":          {label: "places_admin.section.exceptions"},
}

// placeFieldOrder is the order of the fields on the form (for the error
// summary); placeTextNames are the single-valued ones among them.
var (
	placeTextNames = []string{"kind", "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en",
		"organization", "municipality", "team_id", "address_street", "address_postal_code", "address_city", "address_lat", "address_lon",
		"phone", "languages", "accessibility_fi", "accessibility_sv", "accessibility_en"}
	placeFieldOrder = []string{"kind", "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en",
		"organization", "municipality", "team_id", "address_street", "address_postal_code", "address_city", "address_lat", "address_lon",
		"phone", "target_groups", "topics", "staff_roles", "languages", "accessibility_fi", "accessibility_sv", "accessibility_en",
		"hours", "exceptions"}
	placeFlagNames = []string{"anonymous_ok", "free", "no_referral_needed", "appointment_needed"}
)

// Columns of the two tables of rows, as the ids' suffixes (the same words as
// the validation's field names, so errors map by name).
var (
	hoursColumns     = []string{"days", "opens", "closes", "valid_from", "valid_to"}
	exceptionColumns = []string{"date", "closed", "opens", "closes", "note_fi"}
)

// placeForm is the form as submitted: strings as typed, so that a form sent
// back with errors shows exactly what the user entered.
type placeForm struct {
	Text   map[string]string
	Checks map[string]map[string]bool // target_groups, topics, staff_roles
	Flags  map[string]bool            // placeFlagNames and closed_on_public_holidays
	Hours  []hoursRow
	Except []exceptionRow
}

type hoursRow struct {
	Days                              map[string]bool // by day code ("mon")
	Opens, Closes, ValidFrom, ValidTo string
}

func (h hoursRow) empty() bool {
	return len(h.Days) == 0 && strings.TrimSpace(h.Opens+h.Closes+h.ValidFrom+h.ValidTo) == ""
}

type exceptionRow struct {
	Date, Opens, Closes, NoteFI string
	Closed                      bool
	// The form edits the Finnish note only; the Swedish and English ones
	// (set through the API) ride along in hidden fields so saving keeps them.
	NoteSV, NoteEN string
}

func (e exceptionRow) empty() bool {
	return !e.Closed && strings.TrimSpace(e.Date+e.Opens+e.Closes+e.NoteFI) == ""
}

func newPlaceForm() placeForm {
	f := placeForm{Text: map[string]string{}, Flags: map[string]bool{}, Checks: map[string]map[string]bool{}}
	for _, g := range []string{"target_groups", "topics", "staff_roles"} {
		f.Checks[g] = map[string]bool{}
	}
	return f
}

func (f *placeForm) addEmptyRows() {
	for range placeEmptyRows {
		if len(f.Hours) < placeMaxRows {
			f.Hours = append(f.Hours, hoursRow{Days: map[string]bool{}})
		}
		if len(f.Except) < placeMaxRows {
			f.Except = append(f.Except, exceptionRow{})
		}
	}
}

// clockValue writes a time for an <input type=time>, which cannot show 24:00:
// the end of the day is written 00:00 in the closing column and read back so.
func clockValue(c directory.Clock) string {
	if c >= 1440 {
		return "00:00"
	}
	return c.String()
}

func dateValue(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// formFromPoint fills the form from a stored point.
func formFromPoint(sp *directory.ServicePoint) placeForm {
	f := newPlaceForm()
	t := f.Text
	t["kind"] = string(sp.Kind)
	t["name_fi"], t["name_sv"], t["name_en"] = sp.Name.FI, sp.Name.SV, sp.Name.EN
	t["description_fi"], t["description_sv"], t["description_en"] = sp.Description.FI, sp.Description.SV, sp.Description.EN
	t["organization"], t["municipality"], t["team_id"] = sp.Organization, sp.Municipality, sp.TeamID
	t["address_street"], t["address_postal_code"], t["address_city"] = sp.Address.Street, sp.Address.PostalCode, sp.Address.City
	if sp.Address.Lat != nil && sp.Address.Lon != nil {
		t["address_lat"] = strconv.FormatFloat(*sp.Address.Lat, 'f', -1, 64)
		t["address_lon"] = strconv.FormatFloat(*sp.Address.Lon, 'f', -1, 64)
	}
	t["phone"] = sp.Phone
	t["languages"] = strings.Join(sp.Languages, ", ")
	t["accessibility_fi"], t["accessibility_sv"], t["accessibility_en"] = sp.Accessibility.FI, sp.Accessibility.SV, sp.Accessibility.EN
	for _, g := range sp.TargetGroups {
		f.Checks["target_groups"][string(g)] = true
	}
	for _, v := range sp.Topics {
		f.Checks["topics"][v] = true
	}
	for _, v := range sp.StaffRoles {
		f.Checks["staff_roles"][v] = true
	}
	f.Flags["anonymous_ok"], f.Flags["free"] = sp.AnonymousOK, sp.Free
	f.Flags["no_referral_needed"], f.Flags["appointment_needed"] = sp.NoReferralNeeded, sp.AppointmentNeeded
	f.Flags["closed_on_public_holidays"] = sp.ClosedOnPublicHolidays
	for _, h := range sp.Hours {
		row := hoursRow{Days: map[string]bool{}, Opens: clockValue(h.Opens), Closes: clockValue(h.Closes),
			ValidFrom: dateValue(h.ValidFrom), ValidTo: dateValue(h.ValidTo)}
		for _, d := range h.Days {
			row.Days[directory.DayCode(d)] = true
		}
		f.Hours = append(f.Hours, row)
	}
	for _, e := range sp.Exceptions {
		row := exceptionRow{Date: dateValue(e.Date), Closed: e.Closed, NoteFI: e.Note.FI, NoteSV: e.Note.SV, NoteEN: e.Note.EN}
		if !e.Closed {
			row.Opens, row.Closes = clockValue(e.Opens), clockValue(e.Closes)
		}
		f.Except = append(f.Except, row)
	}
	return f
}

// rowCount reads a table's row count, within bounds.
func rowCount(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return min(n, placeMaxRows)
}

// readPlaceForm reads a submitted (already parsed) form.
func readPlaceForm(r *http.Request) placeForm {
	f := newPlaceForm()
	for _, n := range placeTextNames {
		f.Text[n] = r.PostFormValue(n)
	}
	for g, m := range f.Checks {
		for _, v := range r.PostForm[g] {
			m[v] = true
		}
	}
	for _, n := range append(slices.Clone(placeFlagNames), "closed_on_public_holidays") {
		f.Flags[n] = r.PostFormValue(n) != ""
	}
	for i := range rowCount(r.PostFormValue("hours_rows")) {
		p := fmt.Sprintf("h%d_", i)
		row := hoursRow{Days: map[string]bool{}, Opens: r.PostFormValue(p + "opens"), Closes: r.PostFormValue(p + "closes"),
			ValidFrom: r.PostFormValue(p + "valid_from"), ValidTo: r.PostFormValue(p + "valid_to")}
		for _, d := range r.PostForm[p+"days"] {
			if d != "" {
				row.Days[d] = true
			}
		}
		f.Hours = append(f.Hours, row)
	}
	for i := range rowCount(r.PostFormValue("exceptions_rows")) {
		p := fmt.Sprintf("x%d_", i)
		f.Except = append(f.Except, exceptionRow{Date: r.PostFormValue(p + "date"), Closed: r.PostFormValue(p+"closed") != "",
			Opens: r.PostFormValue(p + "opens"), Closes: r.PostFormValue(p + "closes"), NoteFI: r.PostFormValue(p + "note_fi"),
			NoteSV: r.PostFormValue(p + "note_sv"), NoteEN: r.PostFormValue(p + "note_en")})
	}
	return f
}

// placeErrors collects problems by form id, as catalogue keys; the first
// problem found for an id stays.
type placeErrors map[string]string

func (e placeErrors) add(id, code string) {
	if _, ok := e[id]; !ok {
		e[id] = code
	}
}

// parseClockInput reads a time from the form; closing at 00:00 means midnight.
func parseClockInput(s string, closing bool) (directory.Clock, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "error.required"
	}
	c, err := directory.ParseClock(s)
	if err != nil {
		return 0, "error.time"
	}
	if closing && c == 0 {
		c = 1440
	}
	return c, ""
}

// parseDateInput reads an optional date; ok is false when it is malformed.
func parseDateInput(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}, true
	}
	d, err := calendar.ParseDate(s)
	return d, err == nil
}

var dayByCode = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	for _, d := range placeDays {
		m[directory.DayCode(d)] = d
	}
	return m
}()

func (h hoursRow) parse(p string, errs placeErrors) (directory.WeeklyHours, bool) {
	var w directory.WeeklyHours
	n := len(errs)
	for _, d := range placeDays {
		if h.Days[directory.DayCode(d)] {
			w.Days = append(w.Days, d)
		}
	}
	for code := range h.Days {
		if _, ok := dayByCode[code]; !ok {
			errs.add(p+"days", "error.unknown_code")
		}
	}
	var code string
	if w.Opens, code = parseClockInput(h.Opens, false); code != "" {
		errs.add(p+"opens", code)
	}
	if w.Closes, code = parseClockInput(h.Closes, true); code != "" {
		errs.add(p+"closes", code)
	}
	var ok bool
	if w.ValidFrom, ok = parseDateInput(h.ValidFrom); !ok {
		errs.add(p+"valid_from", "error.date")
	}
	if w.ValidTo, ok = parseDateInput(h.ValidTo); !ok {
		errs.add(p+"valid_to", "error.date")
	}
	return w, len(errs) == n
}

func (e exceptionRow) parse(p string, errs placeErrors) (directory.Exception, bool) {
	x := directory.Exception{Closed: e.Closed, Note: directory.Localized{FI: e.NoteFI, SV: e.NoteSV, EN: e.NoteEN}}
	n := len(errs)
	if strings.TrimSpace(e.Date) == "" {
		errs.add(p+"date", "error.required")
	} else if d, err := calendar.ParseDate(strings.TrimSpace(e.Date)); err != nil {
		errs.add(p+"date", "error.date")
	} else {
		x.Date = d
	}
	if !e.Closed {
		var code string
		if x.Opens, code = parseClockInput(e.Opens, false); code != "" {
			errs.add(p+"opens", code)
		}
		if x.Closes, code = parseClockInput(e.Closes, true); code != "" {
			errs.add(p+"closes", code)
		}
	}
	return x, len(errs) == n
}

// checked lists the checked codes: the known ones in their display order,
// then any others (which validation refuses).
func checked(m map[string]bool, known []string) []string {
	var out []string
	for _, k := range known {
		if m[k] {
			out = append(out, k)
		}
	}
	var unknown []string
	for k := range m {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	return append(out, unknown...)
}

func targetGroupCodes() []string {
	out := make([]string, len(access.TargetGroups))
	for i, g := range access.TargetGroups {
		out[i] = string(g)
	}
	return out
}

// point builds the service point the form describes. hourRows and excRows
// map the point's hours and exceptions back to form rows: empty rows (and
// rows that did not parse) are left out, so index i of the point is not
// row i of the form.
func (f *placeForm) point(errs placeErrors) (sp *directory.ServicePoint, hourRows, excRows []int) {
	t := f.Text
	sp = &directory.ServicePoint{Kind: directory.Kind(strings.TrimSpace(t["kind"])),
		Name:          directory.Localized{FI: t["name_fi"], SV: t["name_sv"], EN: t["name_en"]},
		Description:   directory.Localized{FI: t["description_fi"], SV: t["description_sv"], EN: t["description_en"]},
		Accessibility: directory.Localized{FI: t["accessibility_fi"], SV: t["accessibility_sv"], EN: t["accessibility_en"]},
		Organization:  t["organization"], Municipality: t["municipality"], TeamID: strings.TrimSpace(t["team_id"]),
		Address: directory.Address{Street: t["address_street"], PostalCode: t["address_postal_code"], City: t["address_city"]},
		Phone:   t["phone"], Topics: checked(f.Checks["topics"], directory.Topics),
		StaffRoles:  checked(f.Checks["staff_roles"], directory.StaffRoles),
		AnonymousOK: f.Flags["anonymous_ok"], Free: f.Flags["free"], NoReferralNeeded: f.Flags["no_referral_needed"],
		AppointmentNeeded: f.Flags["appointment_needed"], ClosedOnPublicHolidays: f.Flags["closed_on_public_holidays"]}
	for _, g := range checked(f.Checks["target_groups"], targetGroupCodes()) {
		sp.TargetGroups = append(sp.TargetGroups, access.TargetGroup(g))
	}
	for _, l := range strings.FieldsFunc(t["languages"], func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		sp.Languages = append(sp.Languages, strings.ToLower(l))
	}
	for _, c := range []struct {
		id  string
		dst **float64
	}{{"address_lat", &sp.Address.Lat}, {"address_lon", &sp.Address.Lon}} {
		s := strings.TrimSpace(strings.Replace(t[c.id], ",", ".", 1))
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			errs.add(c.id, "error.coordinates")
			continue
		}
		*c.dst = &v
	}
	for i, row := range f.Hours {
		if row.empty() {
			continue
		}
		if h, ok := row.parse(fmt.Sprintf("h%d_", i), errs); ok {
			sp.Hours = append(sp.Hours, h)
			hourRows = append(hourRows, i)
		}
	}
	for i, row := range f.Except {
		if row.empty() {
			continue
		}
		if x, ok := row.parse(fmt.Sprintf("x%d_", i), errs); ok {
			sp.Exceptions = append(sp.Exceptions, x)
			excRows = append(excRows, i)
		}
	}
	return sp, hourRows, excRows
}

// placeErrorID turns a validation field ("hours[1].closes", "name.fi") into
// the id of the form input it concerns ("h3_closes" when the point's second
// hours came from form row 3; "name_fi").
func placeErrorID(field string, hourRows, excRows []int) string {
	for _, tbl := range []struct {
		name, prefix string
		rows         []int
	}{{"hours", "h", hourRows}, {"exceptions", "x", excRows}} {
		rest, ok := strings.CutPrefix(field, tbl.name+"[")
		if !ok {
			continue
		}
		num, rest, ok := strings.Cut(rest, "]")
		i, err := strconv.Atoi(num)
		if !ok || err != nil || i < 0 || i >= len(tbl.rows) {
			return tbl.name
		}
		id := fmt.Sprintf("%s%d", tbl.prefix, tbl.rows[i])
		if col := strings.TrimPrefix(rest, "."); col != "" {
			id += "_" + col
		}
		return id
	}
	if field == "name" {
		return "name_fi"
	}
	return strings.ReplaceAll(field, ".", "_")
}

// neutralize clears or fills the field a validation error named, so that
// validating again finds the next problem: one submission then reports every
// invalid field instead of only the first. It returns false for a field it
// does not know.
func neutralize(sp *directory.ServicePoint, field string) bool {
	switch field {
	case "kind":
		sp.Kind = directory.KindMeetingPlace
	case "name", "name.fi":
		sp.Name.FI = "-"
	case "name.sv":
		sp.Name.SV = ""
	case "name.en":
		sp.Name.EN = ""
	case "description.fi", "description.sv", "description.en":
		sp.Description = directory.Localized{}
	case "accessibility.fi", "accessibility.sv", "accessibility.en":
		sp.Accessibility = directory.Localized{}
	case "organization":
		sp.Organization = ""
	case "municipality":
		sp.Municipality = "-"
	case "phone":
		sp.Phone = ""
	case "address.postal_code":
		sp.Address.PostalCode = ""
	case "address.lat":
		sp.Address.Lat, sp.Address.Lon = nil, nil
	case "target_groups":
		sp.TargetGroups = nil
	case "topics":
		sp.Topics = nil
	case "staff_roles":
		sp.StaffRoles = nil
	case "languages":
		sp.Languages = nil
	default:
		return false
	}
	return true
}

// validatePlace records every problem of sp: the place's own fields, each
// row of hours and exceptions on its own, and then the rows together
// (overlaps, a date both closed and open).
func validatePlace(sp *directory.ServicePoint, f *placeForm, errs placeErrors, hourRows, excRows []int) {
	base := *sp
	base.Hours, base.Exceptions = nil, nil
	for range len(placeFieldOrder) { // each round clears one field, so this bounds it
		fe, ok := kynnys.AsFieldError(base.Validate())
		if !ok {
			break
		}
		code := fe.Code
		if fe.Field == "kind" && strings.TrimSpace(f.Text["kind"]) == "" {
			code = "error.required"
		}
		if fe.Field == "languages" && code == "error.unknown_code" {
			code = "places_admin.error.languages"
		}
		errs.add(placeErrorID(fe.Field, nil, nil), code)
		if !neutralize(&base, fe.Field) {
			break
		}
	}
	for i, h := range sp.Hours {
		if fe, ok := kynnys.AsFieldError(directory.ValidateHours([]directory.WeeklyHours{h}, nil)); ok {
			errs.add(placeErrorID(fe.Field, hourRows[i:i+1], nil), fe.Code)
		}
	}
	for i, x := range sp.Exceptions {
		if fe, ok := kynnys.AsFieldError(directory.ValidateHours(nil, []directory.Exception{x})); ok {
			errs.add(placeErrorID(fe.Field, nil, excRows[i:i+1]), fe.Code)
		}
	}
	if fe, ok := kynnys.AsFieldError(directory.ValidateHours(sp.Hours, sp.Exceptions)); ok {
		errs.add(placeErrorID(fe.Field, hourRows, excRows), fe.Code)
	}
}

// placeTeamError checks the team a point is given: admins may give any team
// or none; team leads one of their own.
func placeTeamError(u *access.User, teamID string, teams []access.Team) string {
	if teamID == "" {
		switch {
		case u.Role == access.RoleAdmin:
			return ""
		case len(u.Teams) == 0:
			return "places_admin.no_team"
		}
		return "error.required"
	}
	if !slices.ContainsFunc(teams, func(t access.Team) bool { return t.ID == teamID }) {
		return "error.unknown_code"
	}
	if !mayEditPoint(u, teamID) {
		return "directory.not_your_team"
	}
	return ""
}

// Views.

type placeListItem struct {
	ID, Name, Municipality, Team string
	Kind                         directory.Kind
	Open                         bool
	Changed                      time.Time
}

type placesListView struct {
	*Page
	Places []placeListItem
}

// placeInput is one input as the templates draw it.
type placeInput struct {
	ID, Type, Label, Value, Lang, InputMode, Hint, Error, DescribedBy string
	Max                                                               int
	Required, Invalid, HiddenLabel                                    bool
}

type placeCheck struct {
	ID, Value, Label string
	Checked          bool
}

type placeCheckGroup struct {
	Name, Legend, Error string
	Items               []placeCheck
}

type placeDayCheck struct {
	ID, Code, Short, Long string
	Checked               bool
}

type hoursRowView struct {
	Prefix, DaysLegend, DaysError, RowError string
	N                                       int
	Days                                    []placeDayCheck
	Opens, Closes, ValidFrom, ValidTo       placeInput
}

type exceptionRowView struct {
	Prefix, RowError, NoteSV, NoteEN string
	N                                int
	Date, Opens, Closes, Note        placeInput
	Closed                           placeCheck
	ClosedError                      string
}

type placeSummaryItem struct{ Anchor, Label, Message string }

type previewDay struct {
	ISO, Label, Hours string
	Today, Marked     bool
	Notes             []string
}

type placeFormView struct {
	*Page
	Point       *directory.ServicePoint // the stored point; nil for a new one
	PointName   string
	Action      string
	Form        placeForm
	Errors      map[string]string // translated, by input id
	Summary     []placeSummaryItem
	Kinds       []directory.Kind
	TeamOptions []access.Team
	AllowNoTeam bool
	HoursRows   []hoursRowView
	ExceptRows  []exceptionRowView
	Preview     []previewDay
	allTeams    []access.Team
}

func (s *Server) placeFormView(r *http.Request, sp *directory.ServicePoint) (*placeFormView, error) {
	teams, err := s.store.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	u := state(r).user
	title := "places_admin.new.title"
	v := &placeFormView{Point: sp, Action: "/staff/places", Errors: map[string]string{}, Kinds: directory.Kinds,
		AllowNoTeam: u.Role == access.RoleAdmin, allTeams: teams}
	if sp != nil {
		title, v.Action = "places_admin.edit.title", "/staff/places/"+sp.ID
	}
	v.Page = s.view(r, title)
	if sp != nil {
		v.PointName = sp.Name.In(v.Lang)
		v.Preview = s.placePreview(sp, v.Page)
	}
	for _, t := range teams {
		if u.Role == access.RoleAdmin || u.InTeam(t.ID) {
			v.TeamOptions = append(v.TeamOptions, t)
		}
	}
	return v, nil
}

// F is a text input of the form, ready to draw.
func (v *placeFormView) F(id string) placeInput {
	spec := placeFields[id]
	in := placeInput{ID: id, Type: spec.typ, Label: v.T(spec.label), Value: v.Form.Text[id], Lang: spec.lang,
		InputMode: spec.inputMode, Max: spec.max, Required: spec.required, Error: v.Errors[id]}
	if spec.hint != "" {
		in.Hint = v.T(spec.hint)
	}
	in.Invalid = in.Error != ""
	in.DescribedBy = describedBy(spec.hintID, hintID(in.Hint != "", id), errorID(in.Invalid, id))
	return in
}

func hintID(has bool, id string) string {
	if has {
		return id + "-hint"
	}
	return ""
}

func errorID(has bool, id string) string {
	if has {
		return id + "-error"
	}
	return ""
}

func describedBy(ids ...string) string {
	return strings.Join(slices.DeleteFunc(ids, func(s string) bool { return s == "" }), " ")
}

// Checks is a group of checkboxes of the form.
func (v *placeFormView) Checks(name string) placeCheckGroup {
	g := placeCheckGroup{Name: name, Legend: v.T(placeFields[name].label), Error: v.Errors[name]}
	var codes []string
	var prefix string
	switch name {
	case "target_groups":
		codes, prefix = targetGroupCodes(), "target."
	case "topics":
		codes, prefix = directory.Topics, "topic."
	case "staff_roles":
		codes, prefix = directory.StaffRoles, "staff_role."
	}
	for _, c := range codes {
		g.Items = append(g.Items, placeCheck{ID: name + "_" + c, Value: c, Label: v.T(prefix + c), Checked: v.Form.Checks[name][c]})
	}
	return g
}

// Flag is a single checkbox of the form.
func (v *placeFormView) Flag(name string) placeCheck {
	return placeCheck{ID: name, Value: "on", Label: v.T("places_admin.field." + name), Checked: v.Form.Flags[name]}
}

// TeamDescribedBy ties the team select to its hint (team leads) and error.
func (v *placeFormView) TeamDescribedBy() string {
	return describedBy(hintID(!v.AllowNoTeam, "team"), errorID(v.Errors["team_id"] != "", "team_id"))
}

// cell is one input in a table row; a row-level error (an overlap) marks
// the times of the row too.
func (v *placeFormView) cell(prefix, col, typ, value string, n int, header string) placeInput {
	id := prefix + "_" + col
	in := placeInput{ID: id, Type: typ, Value: value, Error: v.Errors[id], HiddenLabel: true,
		Label: v.T("places_admin.row_label", v.T(header), n)}
	rowErr := v.Errors[prefix] != "" && (col == "opens" || col == "closes")
	in.Invalid = in.Error != "" || rowErr
	in.DescribedBy = describedBy(errorID(in.Error != "", id), errorID(rowErr, prefix))
	return in
}

// buildRows prepares the tables of hours and exceptions for the template.
func (v *placeFormView) buildRows() {
	v.HoursRows, v.ExceptRows = nil, nil
	for i, h := range v.Form.Hours {
		p := fmt.Sprintf("h%d", i)
		row := hoursRowView{Prefix: p, N: i + 1, DaysLegend: v.T("places_admin.row_label", v.T("places_admin.hours.days"), i+1),
			DaysError: v.Errors[p+"_days"], RowError: v.Errors[p],
			Opens:     v.cell(p, "opens", "time", h.Opens, i+1, "places_admin.col.opens"),
			Closes:    v.cell(p, "closes", "time", h.Closes, i+1, "places_admin.col.closes"),
			ValidFrom: v.cell(p, "valid_from", "date", h.ValidFrom, i+1, "places_admin.hours.valid_from"),
			ValidTo:   v.cell(p, "valid_to", "date", h.ValidTo, i+1, "places_admin.hours.valid_to")}
		for _, d := range placeDays {
			c := directory.DayCode(d)
			row.Days = append(row.Days, placeDayCheck{ID: p + "_day_" + c, Code: c, Checked: h.Days[c],
				Short: v.T("places_admin.day_short." + c), Long: v.T("places_admin.day." + c)})
		}
		v.HoursRows = append(v.HoursRows, row)
	}
	for i, x := range v.Form.Except {
		p := fmt.Sprintf("x%d", i)
		row := exceptionRowView{Prefix: p, N: i + 1, RowError: v.Errors[p], NoteSV: x.NoteSV, NoteEN: x.NoteEN,
			Date:   v.cell(p, "date", "date", x.Date, i+1, "places_admin.exceptions.date"),
			Opens:  v.cell(p, "opens", "time", x.Opens, i+1, "places_admin.col.opens"),
			Closes: v.cell(p, "closes", "time", x.Closes, i+1, "places_admin.col.closes"),
			Note:   v.cell(p, "note_fi", "text", x.NoteFI, i+1, "places_admin.exceptions.note"),
			Closed: placeCheck{ID: p + "_closed", Value: "on", Checked: x.Closed,
				Label: v.T("places_admin.row_label", v.T("places_admin.exceptions.closed"), i+1)},
			ClosedError: v.Errors[p+"_closed"]}
		row.Note.Lang = "fi"
		v.ExceptRows = append(v.ExceptRows, row)
	}
}

// setErrors translates the problems and builds the error summary in the
// order of the form, each entry linking to its input (WCAG 3.3.1).
func (v *placeFormView) setErrors(errs placeErrors) {
	for id, code := range errs {
		v.Errors[id] = v.T(code)
	}
	var order []string
	for _, id := range placeFieldOrder {
		if id == "hours" {
			for i := range v.Form.Hours {
				p := fmt.Sprintf("h%d", i)
				order = append(order, p)
				for _, c := range hoursColumns {
					order = append(order, p+"_"+c)
				}
			}
		}
		if id == "exceptions" {
			for i := range v.Form.Except {
				p := fmt.Sprintf("x%d", i)
				order = append(order, p)
				for _, c := range exceptionColumns {
					order = append(order, p+"_"+c)
				}
			}
		}
		order = append(order, id)
	}
	for _, id := range order {
		if msg, ok := v.Errors[id]; ok {
			v.Summary = append(v.Summary, placeSummaryItem{Anchor: v.anchor(id), Label: v.summaryLabel(id), Message: msg})
		}
	}
}

// anchor is the element an error summary entry leads to.
func (v *placeFormView) anchor(id string) string {
	switch id {
	case "target_groups", "topics", "staff_roles":
		if items := v.Checks(id).Items; len(items) > 0 {
			return items[0].ID
		}
	case "hours":
		return "hours-h"
	case "exceptions":
		return "exceptions-h"
	}
	if tbl, row, col, ok := splitRowID(id); ok {
		switch {
		case col == "":
			return fmt.Sprintf("%c%d_opens", tbl, row)
		case col == "days":
			return fmt.Sprintf("h%d_day_mon", row)
		}
	}
	return id
}

// splitRowID reads "h3_closes" as ('h', 3, "closes") and "x0" as ('x', 0, "").
func splitRowID(id string) (tbl byte, row int, col string, ok bool) {
	if len(id) < 2 || (id[0] != 'h' && id[0] != 'x') {
		return 0, 0, "", false
	}
	num, col, _ := strings.Cut(id[1:], "_")
	row, err := strconv.Atoi(num)
	if err != nil || row < 0 {
		return 0, 0, "", false
	}
	return id[0], row, col, true
}

var rowColumnLabels = map[string]string{
	"days": "places_admin.hours.days", "opens": "places_admin.col.opens", "closes": "places_admin.col.closes",
	"valid_from": "places_admin.hours.valid_from", "valid_to": "places_admin.hours.valid_to",
	"date": "places_admin.exceptions.date", "closed": "places_admin.exceptions.closed", "note_fi": "places_admin.exceptions.note",
}

func (v *placeFormView) summaryLabel(id string) string {
	if spec, ok := placeFields[id]; ok {
		if spec.summary != "" {
			return v.T(spec.summary)
		}
		return v.T(spec.label)
	}
	if tbl, row, col, ok := splitRowID(id); ok {
		section := "places_admin.section.hours"
		if tbl == 'x' {
			section = "places_admin.section.exceptions"
		}
		if key, known := rowColumnLabels[col]; known {
			return v.T("places_admin.summary.row_field", v.T(section), row+1, v.T(key))
		}
		return v.T("places_admin.summary.row", v.T(section), row+1)
	}
	return id
}

// wallClock is the Helsinki wall-clock time of t on date d; the next
// midnight is 24:00.
func wallClock(t time.Time, d calendar.Date) directory.Clock {
	t = t.In(calendar.Helsinki)
	if calendar.DateOf(t) != d {
		return 1440
	}
	return directory.Clock(t.Hour()*60 + t.Minute())
}

// placePreview lists the openings of the stored point for this week and
// next, with public holidays and exceptions marked.
func (s *Server) placePreview(sp *directory.ServicePoint, p *Page) []previewDay {
	today := calendar.DateOf(s.now())
	clock := func(c directory.Clock) string {
		if p.Lang == "fi" {
			return c.Finnish() // Finns write 9.00–15.00
		}
		return c.String()
	}
	out := make([]previewDay, 0, placePreviewDays)
	for i := range placePreviewDays {
		d := today.AddDays(i)
		day := previewDay{ISO: d.String(), Today: i == 0,
			Label: fmt.Sprintf("%s %d.%d.%d", p.T("places_admin.day_short."+directory.DayCode(d.Weekday())), d.Day, int(d.Month), d.Year)}
		var times []string
		for _, iv := range sp.IntervalsOn(d) {
			times = append(times, clock(wallClock(iv.Start, d))+"–"+clock(wallClock(iv.End, d)))
		}
		day.Hours = strings.Join(times, ", ")
		if h, ok := calendar.HolidayOn(d); ok {
			day.Notes = append(day.Notes, h.LocalName(p.Lang))
			day.Marked = true
		}
		for _, e := range sp.Exceptions {
			if e.Date != d {
				continue
			}
			key := "places_admin.preview.exception"
			if e.Closed {
				key = "places_admin.preview.exception_closed"
			}
			day.Notes = append(day.Notes, p.T(key))
			if n := e.Note.In(p.Lang); n != "" {
				day.Notes = append(day.Notes, n)
			}
			day.Marked = true
		}
		out = append(out, day)
	}
	return out
}

func (s *Server) renderPlaceForm(w http.ResponseWriter, r *http.Request, status int, v *placeFormView) {
	v.buildRows()
	if len(v.Summary) > 0 {
		v.Title += "_invalid"
	}
	s.render(w, r, status, "places_admin_form", v)
}

// placeFromPath loads the point named in the path and checks the user may
// edit it; otherwise it answers 404 or 403 itself.
func (s *Server) placeFromPath(w http.ResponseWriter, r *http.Request) (*directory.ServicePoint, bool) {
	sp, err := s.store.ServicePoint(r.Context(), r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.internalError(w, r, err)
		return nil, false
	}
	if !mayEditPoint(state(r).user, sp.TeamID) {
		s.errorPage(w, r, http.StatusForbidden, "directory.not_your_team")
		return nil, false
	}
	return sp, true
}

// Handlers.

func (s *Server) adminPlaces(w http.ResponseWriter, r *http.Request) {
	points, err := s.store.ServicePoints(r.Context(), directory.Filter{})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	teams, err := s.store.Teams(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	names := map[string]string{}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	u, now := state(r).user, s.now()
	view := &placesListView{Page: s.view(r, "places_admin.list.title")}
	for i := range points {
		sp := &points[i]
		if !mayEditPoint(u, sp.TeamID) {
			continue
		}
		_, open := sp.OpenAt(now)
		view.Places = append(view.Places, placeListItem{ID: sp.ID, Name: sp.Name.In(view.Lang), Kind: sp.Kind,
			Municipality: sp.Municipality, Team: names[sp.TeamID], Open: open, Changed: sp.UpdatedAt})
	}
	s.render(w, r, http.StatusOK, "places_admin", view)
}

func (s *Server) adminNewPlace(w http.ResponseWriter, r *http.Request) {
	view, err := s.placeFormView(r, nil)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view.Form = newPlaceForm()
	view.Form.Flags["closed_on_public_holidays"] = true
	if !view.AllowNoTeam && len(view.TeamOptions) > 0 {
		view.Form.Text["team_id"] = view.TeamOptions[0].ID
	}
	view.Form.addEmptyRows()
	s.renderPlaceForm(w, r, http.StatusOK, view)
}

func (s *Server) adminCreatePlace(w http.ResponseWriter, r *http.Request) {
	s.savePlace(w, r, nil)
}

func (s *Server) adminEditPlace(w http.ResponseWriter, r *http.Request) {
	sp, ok := s.placeFromPath(w, r)
	if !ok {
		return
	}
	view, err := s.placeFormView(r, sp)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view.Form = formFromPoint(sp)
	view.Form.addEmptyRows()
	if r.URL.Query().Get("saved") == "1" {
		view.Flash = "admin.saved"
	}
	s.renderPlaceForm(w, r, http.StatusOK, view)
}

func (s *Server) adminUpdatePlace(w http.ResponseWriter, r *http.Request) {
	sp, ok := s.placeFromPath(w, r)
	if !ok {
		return
	}
	s.savePlace(w, r, sp)
}

// savePlace handles both the new and the edit form; old is the stored point
// when editing.
func (s *Server) savePlace(w http.ResponseWriter, r *http.Request, old *directory.ServicePoint) {
	view, err := s.placeFormView(r, old)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	view.Form = readPlaceForm(r)
	if more := r.PostFormValue("more"); more != "" {
		// "Add rows" re-renders without saving: there is no JavaScript to add them.
		for range placeEmptyRows {
			if more == "exceptions" && len(view.Form.Except) < placeMaxRows {
				view.Form.Except = append(view.Form.Except, exceptionRow{})
			} else if more == "hours" && len(view.Form.Hours) < placeMaxRows {
				view.Form.Hours = append(view.Form.Hours, hoursRow{Days: map[string]bool{}})
			}
		}
		view.Flash = "places_admin.rows_added"
		s.renderPlaceForm(w, r, http.StatusOK, view)
		return
	}
	errs := placeErrors{}
	sp, hourRows, excRows := view.Form.point(errs)
	validatePlace(sp, &view.Form, errs, hourRows, excRows)
	u := state(r).user
	if code := placeTeamError(u, sp.TeamID, view.allTeams); code != "" {
		errs.add("team_id", code)
	}
	if len(errs) == 0 {
		if old == nil {
			err = s.store.CreateServicePoint(r.Context(), sp, editor(u))
		} else {
			sp.ID = old.ID
			err = s.store.UpdateServicePoint(r.Context(), sp, editor(u))
		}
		if fe, ok := kynnys.AsFieldError(err); ok {
			errs.add(placeErrorID(fe.Field, hourRows, excRows), fe.Code)
		} else if errors.Is(err, kynnys.ErrNotFound) {
			s.notFound(w, r)
			return
		} else if err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		view.setErrors(errs)
		s.renderPlaceForm(w, r, http.StatusBadRequest, view)
		return
	}
	http.Redirect(w, r, "/staff/places/"+sp.ID+"?saved=1", http.StatusSeeOther)
}

// History.

type placeVersionView struct {
	Version   int
	ChangedAt time.Time
	By        string
	First     bool
	Changes   []string
}

type placeHistoryView struct {
	*Page
	Point     *directory.ServicePoint
	PointName string
	Versions  []placeVersionView
}

func (s *Server) adminPlaceHistory(w http.ResponseWriter, r *http.Request) {
	sp, ok := s.placeFromPath(w, r)
	if !ok {
		return
	}
	versions, err := s.store.ServicePointHistory(r.Context(), sp.ID)
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view := &placeHistoryView{Page: s.view(r, "places_admin.history.title"), Point: sp}
	view.PointName = sp.Name.In(view.Lang)
	// Versions come newest first: each is compared with the one after it.
	for i, v := range versions {
		vv := placeVersionView{Version: v.Version, ChangedAt: v.ChangedAt, By: v.By.Name, First: i == len(versions)-1}
		if !vv.First {
			for _, key := range placeChanges(&versions[i+1].Point, &v.Point) {
				vv.Changes = append(vv.Changes, view.T(key))
			}
		}
		view.Versions = append(view.Versions, vv)
	}
	s.render(w, r, http.StatusOK, "places_admin_history", view)
}

// placeChanges names (as catalogue keys, in form order) the parts of a
// point that differ between two versions.
func placeChanges(a, b *directory.ServicePoint) []string {
	checks := []struct {
		key  string
		same bool
	}{
		{"places_admin.field.kind", a.Kind == b.Kind},
		{"field.name", a.Name == b.Name},
		{"places_admin.legend.description", a.Description == b.Description},
		{"places_admin.field.organization", a.Organization == b.Organization},
		{"places_admin.field.municipality", a.Municipality == b.Municipality},
		{"places_admin.field.team_id", a.TeamID == b.TeamID},
		{"places_admin.section.contact", sameAddress(a.Address, b.Address)},
		{"places_admin.field.phone", a.Phone == b.Phone},
		{"field.target_groups", sameSet(a.TargetGroups, b.TargetGroups)},
		{"places_admin.field.topics", sameSet(a.Topics, b.Topics)},
		{"places_admin.field.staff_roles", sameSet(a.StaffRoles, b.StaffRoles)},
		{"places_admin.field.languages", sameSet(a.Languages, b.Languages)},
		{"places_admin.legend.accessibility", a.Accessibility == b.Accessibility},
		{"places_admin.field.anonymous_ok", a.AnonymousOK == b.AnonymousOK},
		{"places_admin.field.free", a.Free == b.Free},
		{"places_admin.field.no_referral_needed", a.NoReferralNeeded == b.NoReferralNeeded},
		{"places_admin.field.appointment_needed", a.AppointmentNeeded == b.AppointmentNeeded},
		{"places_admin.field.closed_on_public_holidays", a.ClosedOnPublicHolidays == b.ClosedOnPublicHolidays},
		{"places_admin.section.hours", slices.EqualFunc(a.Hours, b.Hours, sameHours)},
		{"places_admin.section.exceptions", slices.Equal(a.Exceptions, b.Exceptions)},
	}
	var out []string
	for _, c := range checks {
		if !c.same {
			out = append(out, c.key)
		}
	}
	return out
}

func sameAddress(a, b directory.Address) bool {
	sameCoord := func(x, y *float64) bool { return (x == nil && y == nil) || (x != nil && y != nil && *x == *y) }
	return a.Street == b.Street && a.PostalCode == b.PostalCode && a.City == b.City && sameCoord(a.Lat, b.Lat) && sameCoord(a.Lon, b.Lon)
}

// sameSet compares lists whose order carries no meaning.
func sameSet[T ~string](a, b []T) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func sameHours(a, b directory.WeeklyHours) bool {
	return a.Opens == b.Opens && a.Closes == b.Closes && a.ValidFrom == b.ValidFrom && a.ValidTo == b.ValidTo && sameSet(dayCodes(a.Days), dayCodes(b.Days))
}

func dayCodes(days []time.Weekday) []string {
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = directory.DayCode(d)
	}
	return out
}
