package directory

// The Open Referral Human Services Data Specification (HSDS) 3.0 view of the
// directory, for the read-only /hsds API. The mapping is pure: the same
// points and options give the same output, ids included, so consumers can
// sync by id and responses can be cached.
//
// One service point is one HSDS service (its id is the point's id) with one
// service_at_location and one location. Organisations, locations and the
// other child objects have no ids of their own in Kynnys, so theirs are
// name-based UUIDs (version 5, SHA-1) derived from the point id or the
// organisation name: stable across requests and restarts, unique per object.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"kynnys/calendar"
)

// HSDSVersion is the HSDS version the API follows.
const HSDSVersion = "3.0"

// hsdsNamespace is the namespace of every derived HSDS id. Changing it
// changes every published id, which breaks consumers that sync by id.
var hsdsNamespace = uuid.MustParse("252e8306-994c-481f-9b33-a27da3cde00e")

func hsdsID(parts ...string) string {
	return uuid.NewSHA1(hsdsNamespace, []byte(strings.Join(parts, "/"))).String()
}

// HSDSOrganizationID is the id of the organisation called name.
func HSDSOrganizationID(name string) string { return hsdsID("organization", name) }

// HSDSServiceAtLocationID is the id of a point's service_at_location.
func HSDSServiceAtLocationID(pointID string) string { return hsdsID(pointID, "service_at_location") }

// HSDSLocationID is the id of a point's location.
func HSDSLocationID(pointID string) string { return hsdsID(pointID, "location") }

// HSDSService is an HSDS service. Arrays use omitzero: the fully nested form
// sets them (empty arrays included), the list form leaves them nil.
type HSDSService struct {
	ID                 string                  `json:"id"`
	OrganizationID     string                  `json:"organization_id,omitempty"`
	Name               string                  `json:"name"`
	Description        string                  `json:"description,omitempty"`
	URL                string                  `json:"url,omitempty"`
	Status             string                  `json:"status"`
	ApplicationProcess string                  `json:"application_process,omitempty"`
	FeesDescription    string                  `json:"fees_description,omitempty"`
	LastModified       string                  `json:"last_modified,omitempty"`
	Organization       *HSDSOrganization       `json:"organization,omitempty"`
	Phones             []HSDSPhone             `json:"phones,omitzero"`
	ServiceAtLocations []HSDSServiceAtLocation `json:"service_at_locations,omitzero"`
	Languages          []HSDSLanguage          `json:"languages,omitzero"`
}

// HSDSOrganization is an HSDS organization (name and description are required).
type HSDSOrganization struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// HSDSServiceAtLocation links a service to a location. Service is set on the
// service_at_location endpoints only (inside a service it would repeat it).
type HSDSServiceAtLocation struct {
	ID         string         `json:"id"`
	ServiceID  string         `json:"service_id"`
	LocationID string         `json:"location_id"`
	Schedules  []HSDSSchedule `json:"schedules,omitzero"`
	Location   *HSDSLocation  `json:"location,omitempty"`
	Service    *HSDSService   `json:"service,omitempty"`
}

// HSDSLocation is where (or through which channel) a service is delivered.
type HSDSLocation struct {
	ID             string              `json:"id"`
	LocationType   string              `json:"location_type"`
	OrganizationID string              `json:"organization_id,omitempty"`
	Name           string              `json:"name,omitempty"`
	Latitude       *float64            `json:"latitude,omitempty"`
	Longitude      *float64            `json:"longitude,omitempty"`
	Addresses      []HSDSAddress       `json:"addresses,omitzero"`
	Accessibility  []HSDSAccessibility `json:"accessibility,omitzero"`
}

// HSDSAddress is a street address. Every field but location_id is required.
type HSDSAddress struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// HSDSPhone is a phone number of a service.
type HSDSPhone struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Number    string `json:"number"`
	Type      string `json:"type"`
}

// HSDSSchedule is one RFC 5545 style recurrence with its opening time.
type HSDSSchedule struct {
	ID                  string `json:"id"`
	ServiceAtLocationID string `json:"service_at_location_id"`
	ValidFrom           string `json:"valid_from,omitempty"`
	ValidTo             string `json:"valid_to,omitempty"`
	Wkst                string `json:"wkst,omitempty"`
	Freq                string `json:"freq,omitempty"`
	Interval            int    `json:"interval,omitempty"`
	Byday               string `json:"byday,omitempty"`
	Description         string `json:"description,omitempty"`
	OpensAt             string `json:"opens_at,omitempty"`
	ClosesAt            string `json:"closes_at,omitempty"`
	AttendingType       string `json:"attending_type,omitempty"`
	Notes               string `json:"notes,omitempty"`
}

// HSDSLanguage is a language the service is given in.
type HSDSLanguage struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	Name      string `json:"name,omitempty"`
	Code      string `json:"code"`
}

// HSDSAccessibility describes access to a location for disabled people.
type HSDSAccessibility struct {
	ID          string `json:"id"`
	LocationID  string `json:"location_id"`
	Description string `json:"description"`
}

// HSDSPage is the HSDS paginated list: the page fields of the API's Page
// schema and the page's items.
type HSDSPage[T any] struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"` // items on this page, as HSDS defines it (not per_page)
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"` // this page has no items
	Contents   []T  `json:"contents"`
}

// HSDS maps service points to HSDS objects.
type HSDS struct {
	// Lang is the language of texts: fi, sv or en (anything else reads as fi).
	Lang string
	// Publisher is the county publishing the directory; it stands in as the
	// organisation of points that name none.
	Publisher string
	// BaseURL is the public site's absolute URL, for links to the service
	// pages; "" leaves them out.
	BaseURL string
	// Today leaves out exceptions before it; the zero date keeps them all.
	Today calendar.Date
	// LanguageName names an ISO 639-1 code in Lang, "" when it cannot.
	LanguageName func(code string) string
}

// ServicePage pages points as one-to-one service objects. page is 1-based;
// the caller checks page and perPage (below 1 they count as 1).
func (h HSDS) ServicePage(points []ServicePoint, page, perPage int) HSDSPage[HSDSService] {
	return hsdsPaginate(points, page, perPage, h.ServiceSummary)
}

// ServiceAtLocationPage pages points as one-to-one service_at_location objects.
func (h HSDS) ServiceAtLocationPage(points []ServicePoint, page, perPage int) HSDSPage[HSDSServiceAtLocation] {
	return hsdsPaginate(points, page, perPage, h.ServiceAtLocationSummary)
}

func hsdsPaginate[T any](points []ServicePoint, page, perPage int, f func(*ServicePoint) T) HSDSPage[T] {
	page, perPage = max(page, 1), max(perPage, 1) // a caller's slip must not divide by zero
	total := len(points)
	p := HSDSPage[T]{TotalItems: total, TotalPages: (total + perPage - 1) / perPage, PageNumber: page,
		FirstPage: page == 1, Contents: []T{}}
	p.LastPage = page >= p.TotalPages
	// page-1 > total/perPage is past the end; checking first keeps the
	// product below from overflowing on absurd page numbers.
	if page-1 <= total/perPage {
		lo := (page - 1) * perPage
		for i := lo; i < min(lo+perPage, total); i++ {
			p.Contents = append(p.Contents, f(&points[i]))
		}
	}
	p.Size, p.Empty = len(p.Contents), len(p.Contents) == 0
	return p
}

// Service is the fully nested service: organisation, phones, languages and
// the service_at_location with its location and schedules.
func (h HSDS) Service(sp *ServicePoint) HSDSService {
	s := h.ServiceSummary(sp)
	org := h.organization(sp)
	s.Organization = &org
	s.Phones = []HSDSPhone{}
	if sp.Phone != "" {
		s.Phones = append(s.Phones, HSDSPhone{ID: hsdsID(sp.ID, "phone"), ServiceID: sp.ID, Number: sp.Phone, Type: "voice"})
	}
	s.Languages = []HSDSLanguage{}
	for _, code := range sp.Languages {
		l := HSDSLanguage{ID: hsdsID(sp.ID, "language", code), ServiceID: sp.ID, Code: code}
		if h.LanguageName != nil {
			l.Name = h.LanguageName(code)
		}
		s.Languages = append(s.Languages, l)
	}
	s.ServiceAtLocations = []HSDSServiceAtLocation{h.serviceAtLocation(sp)}
	return s
}

// ServiceSummary is the service with its one-to-one fields only (the list form).
func (h HSDS) ServiceSummary(sp *ServicePoint) HSDSService {
	t := h.texts()
	s := HSDSService{ID: sp.ID, OrganizationID: HSDSOrganizationID(h.orgName(sp)), Name: sp.Name.In(h.Lang),
		Description: sp.Description.In(h.Lang), Status: "active", ApplicationProcess: t.application(sp)}
	if sp.Free {
		s.FeesDescription = t.free
	}
	if h.BaseURL != "" {
		s.URL = strings.TrimSuffix(h.BaseURL, "/") + "/places/" + sp.ID
		if h.Lang == "sv" || h.Lang == "en" {
			s.URL += "?lang=" + h.Lang
		}
	}
	if !sp.UpdatedAt.IsZero() {
		// HSDS asks for millisecond accuracy.
		s.LastModified = sp.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	return s
}

// ServiceAtLocation is the fully nested service_at_location, with the
// service (fully nested but for this link) as the HSDS examples show it.
func (h HSDS) ServiceAtLocation(sp *ServicePoint) HSDSServiceAtLocation {
	sal := h.serviceAtLocation(sp)
	s := h.Service(sp)
	s.ServiceAtLocations = nil
	sal.Service = &s
	return sal
}

// ServiceAtLocationSummary is the list form: ids plus the one-to-one
// location and service.
func (h HSDS) ServiceAtLocationSummary(sp *ServicePoint) HSDSServiceAtLocation {
	loc := h.location(sp)
	loc.Addresses, loc.Accessibility = nil, nil
	s := h.ServiceSummary(sp)
	return HSDSServiceAtLocation{ID: HSDSServiceAtLocationID(sp.ID), ServiceID: sp.ID, LocationID: loc.ID, Location: &loc, Service: &s}
}

func (h HSDS) serviceAtLocation(sp *ServicePoint) HSDSServiceAtLocation {
	loc := h.location(sp)
	return HSDSServiceAtLocation{ID: HSDSServiceAtLocationID(sp.ID), ServiceID: sp.ID, LocationID: loc.ID,
		Schedules: h.schedules(sp), Location: &loc}
}

// OrganizationID is the id of the organisation providing sp.
func (h HSDS) OrganizationID(sp *ServicePoint) string { return HSDSOrganizationID(h.orgName(sp)) }

func (h HSDS) orgName(sp *ServicePoint) string {
	if sp.Organization != "" {
		return sp.Organization
	}
	return h.Publisher
}

func (h HSDS) organization(sp *ServicePoint) HSDSOrganization {
	name := h.orgName(sp)
	return HSDSOrganization{ID: HSDSOrganizationID(name), Name: name, Description: fmt.Sprintf(h.texts().organization, h.Publisher)}
}

// location: phone and chat services are virtual, with no address even if
// one is stored (that would be an office, not where the service is given).
// Other kinds are physical; outreach without an address still happens in
// places, just not in one.
func (h HSDS) location(sp *ServicePoint) HSDSLocation {
	id := HSDSLocationID(sp.ID)
	loc := HSDSLocation{ID: id, LocationType: "physical", OrganizationID: HSDSOrganizationID(h.orgName(sp)),
		Name: sp.Name.In(h.Lang), Addresses: []HSDSAddress{}, Accessibility: []HSDSAccessibility{}}
	if sp.Kind.Remote() {
		loc.LocationType = "virtual"
	} else {
		loc.Latitude, loc.Longitude = sp.Address.Lat, sp.Address.Lon
		if a := sp.Address; a.Street != "" {
			city := a.City
			if city == "" {
				city = sp.Municipality
			}
			// Finland has no states or provinces, and state_province is
			// required. The municipality is the administrative unit under
			// the country that every point has (and that people filter by).
			// A missing postal code stays "": the field must be present,
			// and an invented code would mislead.
			loc.Addresses = append(loc.Addresses, HSDSAddress{ID: hsdsID(sp.ID, "address"), LocationID: id,
				Address1: a.Street, City: city, StateProvince: sp.Municipality, PostalCode: a.PostalCode,
				Country: "FI", AddressType: "physical"})
		}
	}
	if d := sp.Accessibility.In(h.Lang); d != "" {
		loc.Accessibility = append(loc.Accessibility, HSDSAccessibility{ID: hsdsID(sp.ID, "accessibility"), LocationID: id, Description: d})
	}
	return loc
}

// hsdsDays are the RFC 5545 weekday codes, indexed by time.Weekday.
var hsdsDays = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// HSDSByDay is the RRULE BYDAY list of days, Monday first (the week start
// the schedules declare), without repeats.
func HSDSByDay(days []time.Weekday) string {
	codes := make([]string, 0, len(days))
	for _, i := range mondayFirst(days) {
		codes = append(codes, hsdsDays[(i+1)%7])
	}
	return strings.Join(codes, ",")
}

// mondayFirst returns the days as sorted, distinct indexes 0 = Monday … 6 = Sunday.
func mondayFirst(days []time.Weekday) []int {
	var idx []int
	for _, d := range days {
		if d >= time.Sunday && d <= time.Saturday {
			idx = append(idx, mondayIndex(d))
		}
	}
	slices.Sort(idx)
	return slices.Compact(idx)
}

// HSDSTime is a wall-clock time as HSDS writes it, "HH:MM". The end of the
// day (24:00) is "23:59": 24:00 is no valid time of day for most parsers,
// and HSDS's schedule guidance uses 23:59 for "until midnight".
func HSDSTime(c Clock) string {
	if c >= 1440 {
		return "23:59"
	}
	return c.String()
}

// schedules: one HSDS schedule per weekly interval, in wall-clock time.
//
// Times carry no UTC offset and the numeric timezone field is left out:
// Finland is UTC+2 in winter and UTC+3 in summer, so any one offset would be
// wrong for half the year. Opening hours are local wall-clock times (RFC 5545
// would say floating time); the notes name the zone.
//
// HSDS 3.0 has no exception dates (no EXDATE), so closing on public holidays
// and the exceptions from Today on are told in the notes, in plain language.
// Splitting the weekly rules around every such date, as HSDS's guidance
// allows, would turn each holiday into more schedule rows than most
// consumers can make sense of.
func (h HSDS) schedules(sp *ServicePoint) []HSDSSchedule {
	t := h.texts()
	salID := HSDSServiceAtLocationID(sp.ID)
	exceptions := h.exceptionsText(sp)
	out := []HSDSSchedule{}
	var notes []string
	if len(sp.Hours) > 0 && sp.ClosedOnPublicHolidays {
		notes = append(notes, t.closedOnHolidays)
	}
	if exceptions != "" {
		notes = append(notes, exceptions)
	}
	if len(sp.Hours) > 0 || exceptions != "" {
		notes = append(notes, t.localTime)
	}
	note := strings.Join(notes, " ")
	for i, wh := range sp.Hours {
		s := HSDSSchedule{ID: hsdsID(sp.ID, "schedule", strconv.Itoa(i)), ServiceAtLocationID: salID,
			Wkst: "MO", Freq: "WEEKLY", Interval: 1, Byday: HSDSByDay(wh.Days),
			OpensAt: HSDSTime(wh.Opens), ClosesAt: HSDSTime(wh.Closes),
			Description: t.weekly(wh), AttendingType: t.attending[sp.Kind], Notes: note}
		if !wh.ValidFrom.IsZero() {
			s.ValidFrom = wh.ValidFrom.String()
		}
		if !wh.ValidTo.IsZero() {
			s.ValidTo = wh.ValidTo.String()
		}
		out = append(out, s)
	}
	if len(out) == 0 && exceptions != "" {
		// No weekly hours, only dated openings: a schedule without a rule
		// still carries them to consumers.
		out = append(out, HSDSSchedule{ID: hsdsID(sp.ID, "schedule", "notes"), ServiceAtLocationID: salID,
			Description: t.noRegularHours, AttendingType: t.attending[sp.Kind], Notes: note})
	}
	return out
}

// exceptionsText lists the exceptions from Today on, by date:
// "Poikkeukset: 24.12.2025 suljettu; 31.12.2025 10.00–14.00 (Uusivuosi)."
func (h HSDS) exceptionsText(sp *ServicePoint) string {
	t := h.texts()
	var es []Exception
	for _, e := range sp.Exceptions {
		if h.Today.IsZero() || !e.Date.Before(h.Today) {
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		return ""
	}
	slices.SortStableFunc(es, func(a, b Exception) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return int(a.Opens - b.Opens)
	})
	var days []string
	for i := 0; i < len(es); {
		d := es[i].Date
		var hours, notes []string
		for ; i < len(es) && es[i].Date == d; i++ {
			if es[i].Closed {
				hours = append(hours, t.closed)
			} else {
				hours = append(hours, t.clock(es[i].Opens)+"–"+t.clock(es[i].Closes))
			}
			if n := es[i].Note.In(h.Lang); n != "" && !slices.Contains(notes, n) {
				notes = append(notes, n)
			}
		}
		s := t.date(d) + " " + strings.Join(hours, ", ")
		if len(notes) > 0 {
			s += " (" + strings.Join(notes, "; ") + ")"
		}
		days = append(days, s)
	}
	return t.exceptions + " " + strings.Join(days, "; ") + "."
}

// hsdsTexts are the generated phrases in one language.
type hsdsTexts struct {
	days             [7]string // short names, Monday first
	finnishClock     bool      // 9.00 rather than 09:00
	isoDates         bool      // 2025-12-24 rather than 24.12.2025
	from, until      string    // "%s" is a date
	closed           string
	closedOnHolidays string
	exceptions       string
	localTime        string
	noRegularHours   string
	free             string
	noReferral       string
	anonymous        string
	appointment      string
	noAppointment    string
	organization     string // "%s" is the publisher
	attending        map[Kind]string
}

var hsdsPhrases = map[string]*hsdsTexts{
	"fi": {
		days:         [7]string{"ma", "ti", "ke", "to", "pe", "la", "su"},
		finnishClock: true, from: "%s alkaen", until: "%s asti",
		closed:           "suljettu",
		closedOnHolidays: "Suljettu arkipyhinä.",
		exceptions:       "Poikkeukset:",
		localTime:        "Ajat ovat Suomen aikaa (Europe/Helsinki).",
		noRegularHours:   "Ei säännöllisiä aukioloaikoja.",
		free:             "Maksuton.",
		noReferral:       "Ei lähetettä.",
		anonymous:        "Voit asioida nimettömänä.",
		appointment:      "Ajanvaraus tarvitaan.",
		noAppointment:    "Ei ajanvarausta.",
		organization:     "Palveluja tarjoava organisaatio. Julkaisija: %s.",
		attending: map[Kind]string{KindMeetingPlace: "Paikan päällä", KindClinic: "Paikan päällä",
			KindPhone: "Puhelimitse", KindChat: "Chatissa verkossa", KindOutreach: "Jalkautuva työ: työntekijät tulevat sinne, missä ihmiset ovat"},
	},
	"sv": {
		days:         [7]string{"mån", "tis", "ons", "tors", "fre", "lör", "sön"},
		finnishClock: true, from: "från %s", until: "till %s",
		closed:           "stängt",
		closedOnHolidays: "Stängt på helgdagar.",
		exceptions:       "Undantag:",
		localTime:        "Tiderna är finsk tid (Europe/Helsinki).",
		noRegularHours:   "Inga regelbundna öppettider.",
		free:             "Avgiftsfri.",
		noReferral:       "Ingen remiss.",
		anonymous:        "Du kan vara anonym.",
		appointment:      "Tidsbokning behövs.",
		noAppointment:    "Ingen tidsbokning.",
		organization:     "Organisation som erbjuder tjänster. Utgivare: %s.",
		attending: map[Kind]string{KindMeetingPlace: "På plats", KindClinic: "På plats",
			KindPhone: "Per telefon", KindChat: "Chatt på nätet", KindOutreach: "Uppsökande arbete: personalen kommer dit människorna är"},
	},
	"en": {
		days:     [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
		isoDates: true, from: "from %s", until: "until %s",
		closed:           "closed",
		closedOnHolidays: "Closed on public holidays.",
		exceptions:       "Exceptions:",
		localTime:        "Times are Finnish local time (Europe/Helsinki).",
		noRegularHours:   "No regular opening hours.",
		free:             "Free of charge.",
		noReferral:       "No referral needed.",
		anonymous:        "You can stay anonymous.",
		appointment:      "Appointment needed.",
		noAppointment:    "No appointment needed.",
		organization:     "Organisation providing services. Publisher: %s.",
		attending: map[Kind]string{KindMeetingPlace: "In person", KindClinic: "In person",
			KindPhone: "By phone", KindChat: "Online chat", KindOutreach: "Outreach: staff come to where people are"},
	},
}

func (h HSDS) texts() *hsdsTexts {
	if t, ok := hsdsPhrases[h.Lang]; ok {
		return t
	}
	return hsdsPhrases["fi"]
}

func (t *hsdsTexts) clock(c Clock) string {
	if t.finnishClock {
		return c.Finnish()
	}
	return c.String()
}

func (t *hsdsTexts) date(d calendar.Date) string {
	if t.isoDates {
		return d.String()
	}
	return fmt.Sprintf("%d.%d.%d", d.Day, int(d.Month), d.Year)
}

// weekly reads a weekly interval aloud: "ma–pe 9.00–15.00 (1.6.2025–31.8.2025)".
func (t *hsdsTexts) weekly(wh WeeklyHours) string {
	idx := mondayFirst(wh.Days)
	var parts []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, t.days[idx[i]]+"–"+t.days[idx[j]])
		default:
			for k := i; k <= j; k++ {
				parts = append(parts, t.days[idx[k]])
			}
		}
		i = j + 1
	}
	s := strings.Join(parts, ", ") + " " + t.clock(wh.Opens) + "–" + t.clock(wh.Closes)
	switch from, to := wh.ValidFrom, wh.ValidTo; {
	case !from.IsZero() && !to.IsZero():
		s += " (" + t.date(from) + "–" + t.date(to) + ")"
	case !from.IsZero():
		s += " (" + fmt.Sprintf(t.from, t.date(from)) + ")"
	case !to.IsZero():
		s += " (" + fmt.Sprintf(t.until, t.date(to)) + ")"
	}
	return s
}

// application tells the flags that matter before coming.
func (t *hsdsTexts) application(sp *ServicePoint) string {
	var parts []string
	if sp.NoReferralNeeded {
		parts = append(parts, t.noReferral)
	}
	if sp.AnonymousOK {
		parts = append(parts, t.anonymous)
	}
	if sp.AppointmentNeeded {
		parts = append(parts, t.appointment)
	} else {
		parts = append(parts, t.noAppointment)
	}
	return strings.Join(parts, " ")
}
