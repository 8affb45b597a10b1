package intake

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/hetu"
)

// Size limits keep one submission small; a concern longer than a few pages
// belongs in a meeting, not a form.
const (
	MaxConcern = 8000
	MaxShort   = 200
	MaxNote    = 4000
)

// Item is one contact or notification and its handling.
type Item struct {
	ID      string
	Receipt string // the code the sender gets, to refer to the item
	Kind    Kind
	Source  Source
	// OpenedAt is when the matter reached the county (vireilletulo): the
	// submit time of a form, the time of a call, or the real arrival time of
	// a paper notification that staff record later (never in the future).
	OpenedAt   time.Time
	RecordedAt time.Time
	RecordedBy string // the staff member who recorded it; empty for forms

	Municipality string
	TargetGroup  access.TargetGroup
	TeamID       string
	// Routed is false when no team serves the municipality and target
	// group and the item went to the county's default team.
	Routed bool

	Subject Subject
	// Notifier is nil when the person contacts about themselves. A
	// notification kind needs one: a private person notifying anonymously
	// sends an empty, non-professional Notifier, so that a missing notifier
	// is never taken for a lawful anonymous notification.
	Notifier *Notifier
	Concern  string
	Details  Details
	// PersonID links the item to the person the access log is kept for.
	PersonID string

	Deadlines Deadlines
	Triage
	Version   int
	UpdatedAt time.Time
}

// Subject is the person the item is about. Every field is personal data.
type Subject struct {
	Name      string
	Hetu      string
	BirthDate calendar.Date
	Address   string
	Phone     string
	Email     string
	Language  string
	// Guardians of a child, for child welfare notifications.
	Guardians []Guardian
	// ExpectedDueDate of an anticipatory notification.
	ExpectedDueDate calendar.Date
	// HighestCareAllowance: receives the highest care allowance
	// (vammaisetuuslaki 9 § 2 mom. 3 k.), which sets a 7-arkipäivä start.
	HighestCareAllowance bool
	// ChildSpecialSupport: a child needing special support (SHL 3 § 5 k.).
	ChildSpecialSupport bool
	// Child says the person is under 18 when no birth date is known.
	Child bool
	// Older says the person is an older one when no birth date is known
	// (routing to the elderly services' team).
	Older bool
}

// Guardian is a child's custodian as the notifier knows them.
type Guardian struct {
	Name    string
	Phone   string
	Address string
}

// Notifier is who sent the item when it is not the person themselves.
type Notifier struct {
	Name         string
	Organisation string
	Title        string
	Phone        string
	Email        string
	// Professional: the notifier acts in a professional role, obliged to
	// notify and so never anonymous (RULES.md §2).
	Professional bool
	// WantsAcknowledgement: the professional asked to be told that the
	// notification was received (LsL 26 §).
	WantsAcknowledgement bool
}

// Identified reports whether n names a person who can be reached.
func (n *Notifier) Identified() bool {
	return n != nil && n.Name != "" && n.Organisation != "" && n.Phone != ""
}

// Consent is the person's stand on the contact.
type Consent string

const (
	ConsentGiven    Consent = "given"
	ConsentRefused  Consent = "refused"
	ConsentNotAsked Consent = "not_asked"
)

// Details are the answers that depend on the kind.
type Details struct {
	// Notifications.
	PersonKnows    string  // yes, no, unknown
	Consent        Consent // may be empty
	PoliceNotified bool
	// Cues ticked in the recognition tool, when the notification came from it.
	Cues []string

	// Help requests.
	WhoNeedsHelp string   // self, child, close_one, older_close_one
	Topics       []string // HelpTopics codes
	Anonymous    bool
	Contact      Contact
}

// Contact is how and when a help requester wants to be reached.
type Contact struct {
	Method          string // phone, email
	Phone           string
	Email           string
	GoodTimes       string // morning, afternoon, any
	MayLeaveMessage bool
}

// HelpTopics are the plain-language choices of the "Ask for help" form.
var HelpTopics = []string{"money", "housing", "daily_life", "work_or_study", "loneliness",
	"substance_use", "mental_health", "violence", "family", "child", "older_person", "other"}

// WhoNeedsHelpChoices are the answers to "who needs help".
var WhoNeedsHelpChoices = []string{"self", "child", "close_one", "older_close_one"}

// IsChildOn reports whether the subject is under 18 on d. Without a birth
// date, the Child flag and a special-support flag decide.
func (s *Subject) IsChildOn(d calendar.Date) bool {
	if !s.BirthDate.IsZero() {
		return AgeOn(s.BirthDate, d) < 18
	}
	return s.Child || s.ChildSpecialSupport
}

// AgeOn is the age in whole years of someone born on birth, on day d.
// Someone born on 29 February turns a year older on 1 March in other years.
func AgeOn(birth, d calendar.Date) int {
	age := d.Year - birth.Year
	if d.Month < birth.Month || (d.Month == birth.Month && d.Day < birth.Day) {
		age--
	}
	return age
}

// Validate checks an item as it arrives and normalises it: trimmed text,
// the birth date taken from the identity code. now is the time of arrival;
// OpenedAt must be set (to now for forms) and not after now.
func (it *Item) Validate(now time.Time) error {
	if !it.Kind.Valid() {
		return kynnys.Invalid("kind", "intake.error.kind")
	}
	if it.OpenedAt.IsZero() {
		return kynnys.Invalid("opened_at", "error.required")
	}
	if it.OpenedAt.After(now) {
		return kynnys.Invalid("opened_at", "intake.error.future")
	}
	if calendar.DateOf(it.OpenedAt).Year < 2000 {
		return kynnys.Invalid("opened_at", "intake.error.too_old")
	}
	it.Municipality = strings.TrimSpace(it.Municipality)
	if err := short("municipality", it.Municipality, true); err != nil {
		return err
	}
	it.Concern = strings.TrimSpace(it.Concern)
	if it.Concern == "" && it.Kind != KindHelpRequest {
		return kynnys.Invalid("concern", "error.required")
	}
	if utf8.RuneCountInString(it.Concern) > MaxConcern {
		return kynnys.Invalid("concern", "intake.error.too_long")
	}
	if err := it.Subject.validate(calendar.DateOf(it.OpenedAt)); err != nil {
		return err
	}
	if err := it.validateNotifier(); err != nil {
		return err
	}
	if err := it.validateDetails(); err != nil {
		return err
	}
	if it.Kind == KindAnticipatory && it.Subject.ExpectedDueDate.IsZero() {
		return kynnys.Invalid("subject.expected_due_date", "error.required")
	}
	return nil
}

func (s *Subject) validate(opened calendar.Date) error {
	for _, f := range []struct {
		name string
		v    *string
	}{{"subject.name", &s.Name}, {"subject.address", &s.Address}, {"subject.phone", &s.Phone},
		{"subject.email", &s.Email}, {"subject.language", &s.Language}} {
		*f.v = strings.TrimSpace(*f.v)
		if err := short(f.name, *f.v, false); err != nil {
			return err
		}
	}
	if s.Email != "" && !validEmail(s.Email) {
		return kynnys.Invalid("subject.email", "intake.error.email")
	}
	if s.Hetu = strings.TrimSpace(s.Hetu); s.Hetu != "" {
		code, err := hetu.Parse(s.Hetu)
		if err != nil {
			return kynnys.Invalid("subject.hetu", "intake.error.hetu")
		}
		if !s.BirthDate.IsZero() && s.BirthDate != code.BirthDate {
			return kynnys.Invalid("subject.birth_date", "intake.error.birth_date_mismatch")
		}
		s.Hetu, s.BirthDate = code.Normalized, code.BirthDate
	}
	if !s.BirthDate.IsZero() && (s.BirthDate.After(opened) || opened.Year-s.BirthDate.Year > 130) {
		return kynnys.Invalid("subject.birth_date", "intake.error.birth_date")
	}
	if !s.ExpectedDueDate.IsZero() && (s.ExpectedDueDate.Before(opened.AddDays(-31)) || s.ExpectedDueDate.After(opened.AddDays(310))) {
		return kynnys.Invalid("subject.expected_due_date", "intake.error.due_date")
	}
	if len(s.Guardians) > 4 {
		return kynnys.Invalid("subject.guardians", "intake.error.too_many")
	}
	for i := range s.Guardians {
		g := &s.Guardians[i]
		g.Name, g.Phone, g.Address = strings.TrimSpace(g.Name), strings.TrimSpace(g.Phone), strings.TrimSpace(g.Address)
		for _, v := range []string{g.Name, g.Phone, g.Address} {
			if err := short("subject.guardians", v, false); err != nil {
				return err
			}
		}
	}
	return nil
}

func (it *Item) validateNotifier() error {
	n := it.Notifier
	if n != nil {
		for _, f := range []struct {
			name string
			v    *string
		}{{"notifier.name", &n.Name}, {"notifier.organisation", &n.Organisation}, {"notifier.title", &n.Title},
			{"notifier.phone", &n.Phone}, {"notifier.email", &n.Email}} {
			*f.v = strings.TrimSpace(*f.v)
			if err := short(f.name, *f.v, false); err != nil {
				return err
			}
		}
		if n.Email != "" && !validEmail(n.Email) {
			return kynnys.Invalid("notifier.email", "intake.error.email")
		}
	}
	// An obliged professional never notifies anonymously (RULES.md §2).
	mustIdentify := it.Kind.OnlyProfessionals() || (it.Kind.Notification() && (n == nil || n.Professional))
	if !mustIdentify {
		return nil
	}
	switch {
	case n == nil || n.Name == "":
		return kynnys.Invalid("notifier.name", "intake.error.notifier_identity")
	case n.Organisation == "":
		return kynnys.Invalid("notifier.organisation", "intake.error.notifier_identity")
	case n.Phone == "":
		return kynnys.Invalid("notifier.phone", "intake.error.notifier_identity")
	case it.Kind.OnlyProfessionals() && !n.Professional:
		return kynnys.Invalid("notifier.professional", "intake.error.professional_only")
	}
	return nil
}

func (it *Item) validateDetails() error {
	d := &it.Details
	switch d.PersonKnows {
	case "", "yes", "no", "unknown":
	default:
		return kynnys.Invalid("person_knows", "intake.error.choice")
	}
	switch d.Consent {
	case "", ConsentGiven, ConsentRefused, ConsentNotAsked:
	default:
		return kynnys.Invalid("consent", "intake.error.choice")
	}
	if it.Kind == KindSHL35Consent && d.Consent != ConsentGiven {
		return kynnys.Invalid("consent", "intake.error.consent_needed")
	}
	if len(d.Cues) > 100 {
		return kynnys.Invalid("cues", "intake.error.too_many")
	}
	for _, c := range d.Cues {
		if err := short("cues", c, false); err != nil {
			return err
		}
	}
	if it.Kind != KindHelpRequest {
		if d.WhoNeedsHelp != "" || len(d.Topics) > 0 || d.Anonymous {
			return kynnys.Invalid("help", "intake.error.help_only")
		}
		return nil
	}
	if d.WhoNeedsHelp == "" {
		d.WhoNeedsHelp = "self"
	}
	if !contains(WhoNeedsHelpChoices, d.WhoNeedsHelp) {
		return kynnys.Invalid("who_needs_help", "intake.error.choice")
	}
	if d.WhoNeedsHelp == "child" {
		// A contact about a child starts the child's deadlines and goes to
		// the families' team (RULES.md §3), even when no birth date is given.
		it.Subject.Child = true
	}
	if d.WhoNeedsHelp == "older_close_one" {
		it.Subject.Older = true
	}
	if len(d.Topics) > len(HelpTopics) {
		return kynnys.Invalid("topics", "intake.error.too_many")
	}
	for _, t := range d.Topics {
		if !contains(HelpTopics, t) {
			return kynnys.Invalid("topics", "intake.error.choice")
		}
	}
	if len(d.Topics) == 0 && it.Concern == "" {
		return kynnys.Invalid("topics", "intake.error.what_about")
	}
	c := &d.Contact
	c.Phone, c.Email = strings.TrimSpace(c.Phone), strings.TrimSpace(c.Email)
	if d.Anonymous {
		// Nothing that identifies anyone is kept from an anonymous request.
		if c.Phone != "" || c.Email != "" || it.Subject.Name != "" || it.Subject.Hetu != "" ||
			it.Subject.Phone != "" || it.Subject.Email != "" || it.Subject.Address != "" ||
			len(it.Subject.Guardians) > 0 || (it.Notifier != nil && *it.Notifier != Notifier{}) {
			return kynnys.Invalid("anonymous", "intake.error.anonymous_personal_data")
		}
		c.Method = ""
		return nil
	}
	switch c.Method {
	case "phone":
		if c.Phone == "" {
			return kynnys.Invalid("contact.phone", "error.required")
		}
	case "email":
		if c.Email == "" {
			return kynnys.Invalid("contact.email", "error.required")
		}
	default:
		return kynnys.Invalid("contact.method", "intake.error.contact_method")
	}
	if c.Email != "" && !validEmail(c.Email) {
		return kynnys.Invalid("contact.email", "intake.error.email")
	}
	switch c.GoodTimes {
	case "", "morning", "afternoon", "any":
	default:
		return kynnys.Invalid("contact.good_times", "intake.error.choice")
	}
	for _, v := range []struct{ f, s string }{{"contact.phone", c.Phone}, {"contact.email", c.Email}} {
		if err := short(v.f, v.s, false); err != nil {
			return err
		}
	}
	return nil
}

// validEmail accepts a bare address only: mail.ParseAddress alone would
// also take "Name <a@b.fi>", which is not an address to store or write to.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

func short(field, v string, required bool) error {
	if required && v == "" {
		return kynnys.Invalid(field, "error.required")
	}
	if utf8.RuneCountInString(v) > MaxShort {
		return kynnys.Invalid(field, "intake.error.too_long")
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
