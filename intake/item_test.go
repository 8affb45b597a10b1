package intake

import (
	"strings"
	"testing"
	"time"

	"kynnys"
	"kynnys/calendar"
)

func TestKinds(t *testing.T) {
	tests := []struct {
		kind                                          Kind
		notification, onlyProfessionals, childWelfare bool
		basis                                         string
	}{
		{KindHelpRequest, false, false, false, "SHL 1301/2014 36 §"},
		{KindPhone, false, false, false, "SHL 1301/2014 36 §"},
		{KindSHL35Consent, true, true, false, "SHL 1301/2014 35 §"},
		{KindSHL35NoConsent, true, true, false, "SHL 1301/2014 35 §"},
		{KindChildWelfare, true, false, true, "LsL 417/2007 25 §"},
		{KindChildWelfareJoint, true, true, true, "LsL 417/2007 25 a §"},
		{KindAnticipatory, true, true, true, "LsL 417/2007 25 c §"},
		{KindElderly, true, false, false, "VPL 980/2012 25 §"},
	}
	if len(tests) != len(Kinds) {
		t.Errorf("%d kinds tested, %d exist", len(tests), len(Kinds))
	}
	for _, tt := range tests {
		if !tt.kind.Valid() || tt.kind.Notification() != tt.notification || tt.kind.OnlyProfessionals() != tt.onlyProfessionals ||
			tt.kind.ChildWelfare() != tt.childWelfare || tt.kind.LegalBasis() != tt.basis {
			t.Errorf("%s: valid %v, notification %v, only professionals %v, child welfare %v, basis %q", tt.kind, tt.kind.Valid(),
				tt.kind.Notification(), tt.kind.OnlyProfessionals(), tt.kind.ChildWelfare(), tt.kind.LegalBasis())
		}
	}
	for _, k := range []Kind{"", "other", "Help_Request"} {
		if k.Valid() || k.Notification() {
			t.Errorf("%q is valid", k)
		}
	}
}

func TestAgeOnAndIsChildOn(t *testing.T) {
	tests := []struct {
		birth, on string
		age       int
	}{
		{"2000-02-29", "2018-02-28", 17},
		{"2000-02-29", "2018-03-01", 18},
		{"2000-02-29", "2020-02-29", 20},
		{"1952-03-24", "2027-03-23", 74},
		{"1952-03-24", "2027-03-24", 75},
		{"1952-12-31", "2027-01-01", 74},
		{"2027-03-24", "2027-03-24", 0},
	}
	for _, tt := range tests {
		b, o := mustDate(t, tt.birth), mustDate(t, tt.on)
		if got := AgeOn(b, o); got != tt.age {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", tt.birth, tt.on, got, tt.age)
		}
	}
	on := date(2027, 3, 24)
	for _, tt := range []struct {
		s    Subject
		want bool
	}{
		{Subject{}, false},
		{Subject{Child: true}, true},
		{Subject{ChildSpecialSupport: true}, true},
		{Subject{BirthDate: date(2009, 3, 25)}, true},
		{Subject{BirthDate: date(2009, 3, 24)}, false},
		{Subject{BirthDate: date(2009, 3, 24), Child: true, ChildSpecialSupport: true}, false},
	} {
		if got := tt.s.IsChildOn(on); got != tt.want {
			t.Errorf("%+v.IsChildOn = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// Identity codes for the tests: 15.7.2010 and 24.3.1952, made with the
// RULES.md §4 check character.
const (
	childHetu = "150710A123V"
	oldHetu   = "240352-1450"
)

var validateNow = hel(2026, 6, 10, 12, 0)

func notification(k Kind) Item {
	it := Item{Kind: k, Source: SourceNotification, OpenedAt: validateNow.Add(-time.Hour), Municipality: " Pori ",
		Concern: " Lapsi on usein yksin iltaisin. ",
		Subject: Subject{Name: "Tiina Testinen", BirthDate: date(2015, 4, 1), Address: "Testikatu 1"},
		Notifier: &Notifier{Name: " Hanna Hoitaja ", Organisation: "Porin koulu", Phone: "040 111 2222",
			Email: "hanna.hoitaja@example.fi", Professional: true}}
	switch k {
	case KindSHL35Consent:
		it.Details.Consent = ConsentGiven
	case KindAnticipatory:
		it.Subject = Subject{Name: "Outi Odottaja", ExpectedDueDate: date(2026, 11, 1)}
	case KindElderly, KindSHL35NoConsent:
		it.Subject = Subject{Name: "Erkki Esimerkki", BirthDate: date(1940, 1, 1)}
	}
	return it
}

func helpRequest() Item {
	return Item{Kind: KindHelpRequest, Source: SourcePublicForm, OpenedAt: validateNow, Municipality: "Pori",
		Details: Details{Topics: []string{"money", "housing"}, Contact: Contact{Method: "phone", Phone: " 040 123 4567 "}}}
}

func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ä", n) }
	private := func(it *Item) {
		it.Notifier = &Notifier{Name: "Pekka Naapuri", Organisation: "Kyläyhdistys", Phone: "050 999 8888"}
	}
	anonymous := func(it *Item) { it.Notifier = &Notifier{} }
	anon := func(it *Item) { it.Details.Anonymous, it.Details.Contact = true, Contact{} }
	tests := []struct {
		name   string
		base   func() Item
		change func(*Item)
		field  string // "" for valid
		code   string
	}{
		{"valid notification", func() Item { return notification(KindChildWelfare) }, func(*Item) {}, "", ""},
		{"valid help request", helpRequest, func(*Item) {}, "", ""},
		{"opened at now", helpRequest, func(it *Item) { it.OpenedAt = validateNow }, "", ""},

		{"no kind", helpRequest, func(it *Item) { it.Kind = "" }, "kind", "intake.error.kind"},
		{"unknown kind", helpRequest, func(it *Item) { it.Kind = "letter" }, "kind", "intake.error.kind"},
		{"no opening time", helpRequest, func(it *Item) { it.OpenedAt = time.Time{} }, "opened_at", "error.required"},
		{"opened in the future", helpRequest, func(it *Item) { it.OpenedAt = validateNow.Add(time.Second) }, "opened_at", "intake.error.future"},
		{"opened before 2000", helpRequest, func(it *Item) { it.OpenedAt = hel(1999, 12, 31, 23, 0) }, "opened_at", "intake.error.too_old"},
		{"no municipality", helpRequest, func(it *Item) { it.Municipality = "  " }, "municipality", "error.required"},
		{"municipality of 200", helpRequest, func(it *Item) { it.Municipality = long(200) }, "", ""},
		{"municipality too long", helpRequest, func(it *Item) { it.Municipality = long(201) }, "municipality", "intake.error.too_long"},
		{"notification without concern", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Concern = " \n " }, "concern", "error.required"},
		{"phone call without concern", helpRequest, func(it *Item) { it.Kind, it.Details = KindPhone, Details{} }, "concern", "error.required"},
		{"help request without concern", helpRequest, func(it *Item) { it.Concern = " " }, "", ""},
		{"concern of 8000", helpRequest, func(it *Item) { it.Concern = long(MaxConcern) }, "", ""},
		{"concern too long", helpRequest, func(it *Item) { it.Concern = long(MaxConcern + 1) }, "concern", "intake.error.too_long"},

		{"subject name too long", helpRequest, func(it *Item) { it.Subject.Name = long(201) }, "subject.name", "intake.error.too_long"},
		{"subject address too long", helpRequest, func(it *Item) { it.Subject.Address = long(201) }, "subject.address", "intake.error.too_long"},
		{"subject email invalid", helpRequest, func(it *Item) { it.Subject.Email = "matti.example.fi" }, "subject.email", "intake.error.email"},
		{"subject email with a display name", helpRequest, func(it *Item) { it.Subject.Email = "Matti <matti@example.fi>" }, "subject.email", "intake.error.email"},
		{"hetu invalid", helpRequest, func(it *Item) { it.Subject.Hetu = "150710A123W" }, "subject.hetu", "intake.error.hetu"},
		{"hetu and birth date agree", helpRequest, func(it *Item) { it.Subject.Hetu, it.Subject.BirthDate = childHetu, date(2010, 7, 15) }, "", ""},
		{"hetu and birth date disagree", helpRequest, func(it *Item) { it.Subject.Hetu, it.Subject.BirthDate = childHetu, date(2010, 7, 16) }, "subject.birth_date", "intake.error.birth_date_mismatch"},
		{"born on the opening day", helpRequest, func(it *Item) { it.Subject.BirthDate = date(2026, 6, 10) }, "", ""},
		{"born after the opening", helpRequest, func(it *Item) { it.Subject.BirthDate = date(2026, 6, 11) }, "subject.birth_date", "intake.error.birth_date"},
		{"born 131 years ago", helpRequest, func(it *Item) { it.Subject.BirthDate = date(1895, 1, 1) }, "subject.birth_date", "intake.error.birth_date"},
		{"anticipatory without due date", func() Item { return notification(KindAnticipatory) }, func(it *Item) { it.Subject.ExpectedDueDate = calendar.Date{} }, "subject.expected_due_date", "error.required"},
		{"due date a month ago", func() Item { return notification(KindAnticipatory) }, func(it *Item) { it.Subject.ExpectedDueDate = date(2026, 5, 10) }, "", ""},
		{"due date too long ago", func() Item { return notification(KindAnticipatory) }, func(it *Item) { it.Subject.ExpectedDueDate = date(2026, 5, 9) }, "subject.expected_due_date", "intake.error.due_date"},
		{"due date in 310 days", func() Item { return notification(KindAnticipatory) }, func(it *Item) { it.Subject.ExpectedDueDate = date(2027, 4, 16) }, "", ""},
		{"due date too far", func() Item { return notification(KindAnticipatory) }, func(it *Item) { it.Subject.ExpectedDueDate = date(2027, 4, 17) }, "subject.expected_due_date", "intake.error.due_date"},
		{"five guardians", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Subject.Guardians = make([]Guardian, 5) }, "subject.guardians", "intake.error.too_many"},
		{"guardian name too long", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Subject.Guardians = []Guardian{{Name: long(201)}} }, "subject.guardians", "intake.error.too_long"},

		{"professional without name", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Notifier.Name = " " }, "notifier.name", "intake.error.notifier_identity"},
		{"professional without organisation", func() Item { return notification(KindElderly) }, func(it *Item) { it.Notifier.Organisation = "" }, "notifier.organisation", "intake.error.notifier_identity"},
		{"professional without phone", func() Item { return notification(KindSHL35NoConsent) }, func(it *Item) { it.Notifier.Phone = "" }, "notifier.phone", "intake.error.notifier_identity"},
		{"professional anonymous", func() Item { return notification(KindElderly) }, func(it *Item) { it.Notifier = &Notifier{Professional: true} }, "notifier.name", "intake.error.notifier_identity"},
		{"notification without a notifier", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Notifier = nil }, "notifier.name", "intake.error.notifier_identity"},
		{"notifier email invalid", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Notifier.Email = "hanna@" }, "notifier.email", "intake.error.email"},
		{"notifier title too long", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Notifier.Title = long(201) }, "notifier.title", "intake.error.too_long"},
		{"private person, child welfare, named", func() Item { return notification(KindChildWelfare) }, private, "", ""},
		{"private person, child welfare, anonymous", func() Item { return notification(KindChildWelfare) }, anonymous, "", ""},
		{"private person, older person, anonymous", func() Item { return notification(KindElderly) }, anonymous, "", ""},
		{"private person, SHL 35 with consent", func() Item { return notification(KindSHL35Consent) }, private, "notifier.professional", "intake.error.professional_only"},
		{"private person, SHL 35 without consent", func() Item { return notification(KindSHL35NoConsent) }, private, "notifier.professional", "intake.error.professional_only"},
		{"private person, joint contact", func() Item { return notification(KindChildWelfareJoint) }, private, "notifier.professional", "intake.error.professional_only"},
		{"private person, anticipatory", func() Item { return notification(KindAnticipatory) }, private, "notifier.professional", "intake.error.professional_only"},
		{"anonymous SHL 35 with consent", func() Item { return notification(KindSHL35Consent) }, anonymous, "notifier.name", "intake.error.notifier_identity"},
		{"anonymous SHL 35 without consent", func() Item { return notification(KindSHL35NoConsent) }, anonymous, "notifier.name", "intake.error.notifier_identity"},
		{"anonymous joint contact", func() Item { return notification(KindChildWelfareJoint) }, anonymous, "notifier.name", "intake.error.notifier_identity"},
		{"anonymous anticipatory", func() Item { return notification(KindAnticipatory) }, anonymous, "notifier.name", "intake.error.notifier_identity"},

		{"consent given", func() Item { return notification(KindSHL35Consent) }, func(*Item) {}, "", ""},
		{"consent missing", func() Item { return notification(KindSHL35Consent) }, func(it *Item) { it.Details.Consent = "" }, "consent", "intake.error.consent_needed"},
		{"consent refused", func() Item { return notification(KindSHL35Consent) }, func(it *Item) { it.Details.Consent = ConsentRefused }, "consent", "intake.error.consent_needed"},
		{"consent not asked", func() Item { return notification(KindSHL35Consent) }, func(it *Item) { it.Details.Consent = ConsentNotAsked }, "consent", "intake.error.consent_needed"},
		{"consent refused, without consent", func() Item { return notification(KindSHL35NoConsent) }, func(it *Item) { it.Details.Consent = ConsentRefused }, "", ""},
		{"consent unknown value", func() Item { return notification(KindSHL35NoConsent) }, func(it *Item) { it.Details.Consent = "maybe" }, "consent", "intake.error.choice"},
		{"person knows unknown value", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Details.PersonKnows = "perhaps" }, "person_knows", "intake.error.choice"},
		{"person knows", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Details.PersonKnows = "unknown" }, "", ""},
		{"too many cues", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Details.Cues = make([]string, 101) }, "cues", "intake.error.too_many"},
		{"cue too long", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Details.Cues = []string{long(201)} }, "cues", "intake.error.too_long"},
		{"topics on a notification", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Details.Topics = []string{"money"} }, "help", "intake.error.help_only"},
		{"who needs help on a notification", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Details.WhoNeedsHelp = "self" }, "help", "intake.error.help_only"},
		{"anonymous notification flag", func() Item { return notification(KindChildWelfare) }, func(it *Item) { it.Details.Anonymous = true }, "help", "intake.error.help_only"},

		{"who needs help unknown", helpRequest, func(it *Item) { it.Details.WhoNeedsHelp = "neighbour" }, "who_needs_help", "intake.error.choice"},
		{"older close one", helpRequest, func(it *Item) { it.Details.WhoNeedsHelp = "older_close_one" }, "", ""},
		{"unknown topic", helpRequest, func(it *Item) { it.Details.Topics = []string{"money", "taxes"} }, "topics", "intake.error.choice"},
		{"too many topics", helpRequest, func(it *Item) { it.Details.Topics = append(append([]string{}, HelpTopics...), "money") }, "topics", "intake.error.too_many"},
		{"every topic", helpRequest, func(it *Item) { it.Details.Topics = append([]string{}, HelpTopics...) }, "", ""},
		{"neither topic nor concern", helpRequest, func(it *Item) { it.Details.Topics = nil }, "topics", "intake.error.what_about"},
		{"concern without topic", helpRequest, func(it *Item) { it.Details.Topics, it.Concern = nil, "Rahat loppu." }, "", ""},
		{"anonymous", helpRequest, anon, "", ""},
		{"anonymous with a phone", helpRequest, func(it *Item) { anon(it); it.Details.Contact.Phone = "040 1" }, "anonymous", "intake.error.anonymous_personal_data"},
		{"anonymous with an email", helpRequest, func(it *Item) { anon(it); it.Details.Contact.Email = "a@example.fi" }, "anonymous", "intake.error.anonymous_personal_data"},
		{"anonymous with a name", helpRequest, func(it *Item) { anon(it); it.Subject.Name = "Matti" }, "anonymous", "intake.error.anonymous_personal_data"},
		{"anonymous with a hetu", helpRequest, func(it *Item) { anon(it); it.Subject.Hetu = oldHetu }, "anonymous", "intake.error.anonymous_personal_data"},
		{"anonymous with the person's phone", helpRequest, func(it *Item) { anon(it); it.Subject.Phone = "040 2" }, "anonymous", "intake.error.anonymous_personal_data"},
		{"anonymous with the person's email", helpRequest, func(it *Item) { anon(it); it.Subject.Email = "b@example.fi" }, "anonymous", "intake.error.anonymous_personal_data"},
		{"anonymous with an address", helpRequest, func(it *Item) { anon(it); it.Subject.Address = "Katu 1" }, "anonymous", "intake.error.anonymous_personal_data"},
		{"anonymous with a guardian", helpRequest, func(it *Item) { anon(it); it.Subject.Guardians = []Guardian{{Name: "Äiti"}} }, "anonymous", "intake.error.anonymous_personal_data"},
		{"anonymous with a notifier", helpRequest, func(it *Item) { anon(it); it.Notifier = &Notifier{Name: "Sisko"} }, "anonymous", "intake.error.anonymous_personal_data"},
		{"no contact method", helpRequest, func(it *Item) { it.Details.Contact.Method = "" }, "contact.method", "intake.error.contact_method"},
		{"unknown contact method", helpRequest, func(it *Item) { it.Details.Contact.Method = "fax" }, "contact.method", "intake.error.contact_method"},
		{"phone method without a phone", helpRequest, func(it *Item) { it.Details.Contact.Phone = " " }, "contact.phone", "error.required"},
		{"email method without an email", helpRequest, func(it *Item) { it.Details.Contact.Method = "email" }, "contact.email", "error.required"},
		{"email method", helpRequest, func(it *Item) { it.Details.Contact = Contact{Method: "email", Email: "maija@example.fi"} }, "", ""},
		{"email invalid", helpRequest, func(it *Item) { it.Details.Contact = Contact{Method: "email", Email: "maija@"} }, "contact.email", "intake.error.email"},
		{"email invalid beside a phone", helpRequest, func(it *Item) { it.Details.Contact.Email = "maija" }, "contact.email", "intake.error.email"},
		{"good times unknown", helpRequest, func(it *Item) { it.Details.Contact.GoodTimes = "night" }, "contact.good_times", "intake.error.choice"},
		{"good times", helpRequest, func(it *Item) { it.Details.Contact.GoodTimes = "afternoon" }, "", ""},
		{"contact phone too long", helpRequest, func(it *Item) { it.Details.Contact.Phone = long(201) }, "contact.phone", "intake.error.too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := tt.base()
			tt.change(&it)
			submitted := personalValues(&it)
			err := it.Validate(validateNow)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			fe, ok := kynnys.AsFieldError(err)
			if !ok || fe.Field != tt.field || fe.Code != tt.code {
				t.Fatalf("Validate = %v, want %s %s", err, tt.field, tt.code)
			}
			for _, v := range submitted {
				if strings.Contains(err.Error(), v) {
					t.Errorf("error %q holds the submitted value %q", err, v)
				}
			}
		})
	}
}

// personalValues are the values an item holds that an error must not echo.
func personalValues(it *Item) []string {
	s := it.Subject
	vs := []string{it.Concern, s.Name, s.Hetu, s.Address, s.Phone, s.Email, it.Details.Contact.Phone, it.Details.Contact.Email}
	if n := it.Notifier; n != nil {
		vs = append(vs, n.Name, n.Organisation, n.Title, n.Phone, n.Email)
	}
	for _, g := range s.Guardians {
		vs = append(vs, g.Name)
	}
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// TestValidateEveryKindNeedsConcern: only a help request may leave the
// concern out.
func TestValidateEveryKindNeedsConcern(t *testing.T) {
	for _, k := range NotificationKinds {
		it := notification(k)
		if err := it.Validate(validateNow); err != nil {
			t.Errorf("%s: %v", k, err)
		}
		it = notification(k)
		it.Concern = ""
		if fe, ok := kynnys.AsFieldError(it.Validate(validateNow)); !ok || fe.Field != "concern" {
			t.Errorf("%s without concern: %v", k, fe)
		}
	}
}

func TestValidateNormalises(t *testing.T) {
	it := helpRequest()
	it.Subject.Hetu = " " + strings.ToLower(childHetu) + " "
	it.Details.WhoNeedsHelp = ""
	if err := it.Validate(validateNow); err != nil {
		t.Fatal(err)
	}
	if it.Subject.Hetu != childHetu || it.Subject.BirthDate != date(2010, 7, 15) {
		t.Errorf("hetu %q, birth date %v", it.Subject.Hetu, it.Subject.BirthDate)
	}
	if it.Details.WhoNeedsHelp != "self" || it.Details.Contact.Phone != "040 123 4567" {
		t.Errorf("who needs help %q, phone %q", it.Details.WhoNeedsHelp, it.Details.Contact.Phone)
	}
	// The identity code's birth date makes the 75-year-old's deadlines.
	it = helpRequest()
	it.Subject.Hetu = oldHetu
	it.OpenedAt = hel(2027, 3, 24, 10, 0)
	if err := it.Validate(hel(2027, 3, 24, 10, 0)); err != nil {
		t.Fatal(err)
	}
	if got := dayOf(ComputeDeadlines(it.Kind, it.Subject, it.OpenedAt).AssessmentStartDue); got != "2027-04-06" {
		t.Errorf("75th birthday from the hetu: assessment start %q", got)
	}

	n := notification(KindChildWelfare)
	if err := n.Validate(validateNow); err != nil {
		t.Fatal(err)
	}
	if n.Municipality != "Pori" || n.Concern != "Lapsi on usein yksin iltaisin." || n.Notifier.Name != "Hanna Hoitaja" {
		t.Errorf("not trimmed: %q %q %q", n.Municipality, n.Concern, n.Notifier.Name)
	}

	// An anonymous request keeps no contact method.
	it = helpRequest()
	it.Details.Anonymous, it.Details.Contact = true, Contact{Method: "phone", GoodTimes: "any"}
	if err := it.Validate(validateNow); err != nil || it.Details.Contact.Method != "" {
		t.Errorf("anonymous: %v, method %q", err, it.Details.Contact.Method)
	}
}

// TestHelpAboutAChild: "who needs help: a child" is a contact about a
// child, with the child's deadlines and team, unless a birth date says
// otherwise.
func TestHelpAboutAChild(t *testing.T) {
	it := helpRequest()
	it.Details.WhoNeedsHelp = "child"
	it.OpenedAt = hel(2027, 3, 24, 10, 0)
	if err := it.Validate(hel(2027, 3, 24, 12, 0)); err != nil {
		t.Fatal(err)
	}
	got := gotDeadlines(ComputeDeadlines(it.Kind, it.Subject, it.OpenedAt))
	if want := (wantDeadlines{urgency: "2027-03-24", decision: "2027-04-06", assessment: "2027-06-24"}); got != want {
		t.Errorf("deadlines %+v, want %+v", got, want)
	}
	if g := TargetGroupFor(it.Kind, it.Subject, date(2027, 3, 24)); g != "families" {
		t.Errorf("target group %s", g)
	}
	it = helpRequest()
	it.Details.WhoNeedsHelp = "close_one"
	if err := it.Validate(validateNow); err != nil || it.Subject.Child {
		t.Errorf("a close one: %v, child %v", err, it.Subject.Child)
	}
}

func mustDate(t *testing.T, s string) (d calendar.Date) {
	t.Helper()
	if err := d.UnmarshalText([]byte(s)); err != nil {
		t.Fatal(err)
	}
	return d
}
