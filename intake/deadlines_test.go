package intake

import (
	"testing"
	"time"

	"kynnys/calendar"
)

// wantDeadlines are the four deadlines as Helsinki dates, "" where none.
type wantDeadlines struct{ urgency, decision, start, assessment string }

func gotDeadlines(d Deadlines) wantDeadlines {
	return wantDeadlines{dayOf(d.UrgencyAssessmentDue), dayOf(d.DecisionDue), dayOf(d.AssessmentStartDue), dayOf(d.AssessmentDue)}
}

// TestComputeDeadlinesBySubject opens every kind of matter on Wednesday
// 24 March 2027 at 10:00, before Easter (Good Friday 26.3, Easter Monday
// 29.3): the 7th arkipäivä is Tuesday 6 April, three months is Thursday
// 24 June.
func TestComputeDeadlinesBySubject(t *testing.T) {
	opened := hel(2027, 3, 24, 10, 0)
	const day, seventh, months = "2027-03-24", "2027-04-06", "2027-06-24"
	adult := Subject{BirthDate: date(1980, 5, 5)}
	onlyUrgency := wantDeadlines{urgency: day}
	start := wantDeadlines{urgency: day, start: seventh}
	child := wantDeadlines{urgency: day, decision: seventh, assessment: months}
	childStart := wantDeadlines{urgency: day, decision: seventh, start: seventh, assessment: months}
	tests := []struct {
		name string
		kind Kind
		s    Subject
		want wantDeadlines
	}{
		{"help request, adult", KindHelpRequest, adult, onlyUrgency},
		{"help request, nothing known", KindHelpRequest, Subject{}, onlyUrgency},
		{"phone, adult", KindPhone, adult, onlyUrgency},
		{"SHL 35 with consent, adult", KindSHL35Consent, adult, onlyUrgency},
		{"SHL 35 without consent, adult", KindSHL35NoConsent, adult, onlyUrgency},
		{"75th birthday on the opening day", KindHelpRequest, Subject{BirthDate: date(1952, 3, 24)}, start},
		{"75th birthday the day before", KindPhone, Subject{BirthDate: date(1952, 3, 23)}, start},
		{"75th birthday the day after", KindHelpRequest, Subject{BirthDate: date(1952, 3, 25)}, onlyUrgency},
		{"aged 90", KindSHL35NoConsent, Subject{BirthDate: date(1937, 1, 1)}, start},
		{"highest care allowance, aged 40", KindHelpRequest, Subject{BirthDate: date(1987, 1, 1), HighestCareAllowance: true}, start},
		{"highest care allowance, no birth date", KindSHL35Consent, Subject{HighestCareAllowance: true}, start},
		{"17 years and 364 days", KindPhone, Subject{BirthDate: date(2009, 3, 25)}, child},
		{"18th birthday on the opening day", KindPhone, Subject{BirthDate: date(2009, 3, 24)}, onlyUrgency},
		{"born this month", KindSHL35NoConsent, Subject{BirthDate: date(2027, 3, 1)}, child},
		{"child flag without a birth date", KindHelpRequest, Subject{Child: true}, child},
		{"child flag, but the birth date says adult", KindHelpRequest, Subject{Child: true, BirthDate: date(2000, 1, 1)}, onlyUrgency},
		{"child needing special support, no birth date", KindHelpRequest, Subject{ChildSpecialSupport: true}, childStart},
		{"child needing special support, birth date", KindSHL35Consent, Subject{ChildSpecialSupport: true, BirthDate: date(2015, 6, 1)}, childStart},
		{"special support flag on an adult", KindPhone, Subject{ChildSpecialSupport: true, BirthDate: date(2000, 1, 1)}, onlyUrgency},
		{"child with the highest care allowance", KindPhone, Subject{HighestCareAllowance: true, BirthDate: date(2010, 1, 1)}, childStart},
		{"anticipatory", KindAnticipatory, Subject{ExpectedDueDate: date(2027, 6, 1)}, onlyUrgency},
		{"anticipatory, child flags set", KindAnticipatory, Subject{Child: true, ChildSpecialSupport: true}, onlyUrgency},
		{"elderly, no birth date", KindElderly, Subject{}, start},
		{"elderly, aged 60", KindElderly, Subject{BirthDate: date(1967, 1, 1)}, start},
		{"elderly, aged 82", KindElderly, Subject{BirthDate: date(1945, 2, 2)}, start},
		{"child welfare, nothing known", KindChildWelfare, Subject{}, child},
		{"child welfare, special support", KindChildWelfare, Subject{ChildSpecialSupport: true}, childStart},
		{"child welfare, adult birth date: the kind decides", KindChildWelfare, adult, child},
		{"joint contact", KindChildWelfareJoint, Subject{BirthDate: date(2012, 8, 8)}, child},
		{"joint contact, special support", KindChildWelfareJoint, Subject{ChildSpecialSupport: true}, childStart},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := gotDeadlines(ComputeDeadlines(tt.kind, tt.s, opened)); got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestComputeDeadlinesCalendar checks a child welfare notification's
// deadlines around the holidays, weekends and clock changes. Each row's
// counting is written out in the comment.
func TestComputeDeadlinesCalendar(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                         string
		opened                       time.Time
		urgency, decision, threeMths string
	}{
		// Easter 2026: Good Friday 3.4, Easter Monday 6.4.
		{"Thu before Easter 2026", hel(2026, 4, 2, 14, 5), "2026-04-02", "2026-04-15", "2026-07-02"},
		// Easter 2027: 25.3 (1), 30.3, 31.3, 1.4, 2.4, 5.4, 6.4 (7).
		{"Wed before Easter 2027", hel(2027, 3, 24, 10, 0), "2027-03-24", "2027-04-06", "2027-06-24"},
		// 30.3 (1) … 7.4 (7); 25.6.2027 is Midsummer Eve → Mon 28.6.
		{"Thu before Easter 2027", hel(2027, 3, 25, 10, 0), "2027-03-25", "2027-04-07", "2027-06-28"},
		// Opened on Good Friday: day 1 is Tue 30.3; 26.6 is a Saturday.
		{"Good Friday 2027", hel(2027, 3, 26, 12, 0), "2027-03-26", "2027-04-07", "2027-06-28"},
		{"Easter Monday 2027", hel(2027, 3, 29, 9, 0), "2027-03-29", "2027-04-07", "2027-06-29"},
		// May Day Fri 1.5.2026: 4.5 (1) … 12.5 (7).
		{"Thu before May Day 2026", hel(2026, 4, 30, 9, 0), "2026-04-30", "2026-05-12", "2026-07-30"},
		// Ascension Thu 14.5.2026: 11, 12, 13, 15, 18, 19, 20.5; 8.8 is a Saturday.
		{"week of Ascension 2026", hel(2026, 5, 8, 9, 0), "2026-05-08", "2026-05-20", "2026-08-10"},
		// Ascension Thu 6.5.2027: 4, 5, 7, 10, 11, 12, 13.5.
		{"week of Ascension 2027", hel(2027, 5, 3, 9, 0), "2027-05-03", "2027-05-13", "2027-08-03"},
		{"on Ascension Day 2027", hel(2027, 5, 6, 11, 0), "2027-05-06", "2027-05-17", "2027-08-06"},
		// Midsummer Eve Fri 19.6.2026: 16, 17, 18, 22, 23, 24, 25.6.
		{"before Midsummer 2026", hel(2026, 6, 15, 9, 0), "2026-06-15", "2026-06-25", "2026-09-15"},
		// Midsummer Eve Fri 25.6.2027: 22, 23, 24, 28, 29, 30.6, 1.7.
		{"before Midsummer 2027", hel(2027, 6, 21, 9, 0), "2027-06-21", "2027-07-01", "2027-09-21"},
		// Christmas 2026 (Thu–Sat) and New Year (Fri): 22, 23, 28, 29, 30, 31.12, 4.1; 21.3.2027 is a Sunday.
		{"Mon before Christmas 2026", hel(2026, 12, 21, 9, 0), "2026-12-21", "2027-01-04", "2027-03-22"},
		// 28, 29, 30, 31.12, 4, 5.1, (Epiphany Wed 6.1), 7.1.
		{"Wed before Christmas 2026", hel(2026, 12, 23, 9, 0), "2026-12-23", "2027-01-07", "2027-03-23"},
		{"on Christmas Eve 2026", hel(2026, 12, 24, 10, 0), "2026-12-24", "2027-01-07", "2027-03-24"},
		// St Stephen's Day is a Saturday; 26.3.2027 is Good Friday, then Easter → Tue 30.3.
		{"on St Stephen's Day 2026", hel(2026, 12, 26, 15, 0), "2026-12-26", "2027-01-07", "2027-03-30"},
		// 30, 31.12, 4, 5, 7, 8, 11.1; 29.3.2027 is Easter Monday.
		{"between Christmas and New Year", hel(2026, 12, 29, 9, 0), "2026-12-29", "2027-01-11", "2027-03-30"},
		{"New Year's Eve 2026", hel(2026, 12, 31, 9, 0), "2026-12-31", "2027-01-13", "2027-03-31"},
		// Independence Day Mon 6.12.2027: 3, 7, 8, 9, 10, 13, 14.12.
		{"before Independence Day 2027", hel(2027, 12, 2, 9, 0), "2027-12-02", "2027-12-14", "2028-03-02"},
		// Weekend openings: day 1 is Monday 12.10; 10.1.2027 is a Sunday.
		{"opened on a Saturday", hel(2026, 10, 10, 12, 0), "2026-10-10", "2026-10-20", "2027-01-11"},
		{"opened on a Sunday", hel(2026, 10, 11, 12, 0), "2026-10-11", "2026-10-20", "2027-01-11"},
		// 3 months: 30.2 does not exist, 28.2.2027 is a Sunday → 1.3.
		{"30 Nov 2026", hel(2026, 11, 30, 9, 0), "2026-11-30", "2026-12-09", "2027-03-01"},
		// Leap year: 29.2.2028 is a Tuesday. 1, 2, 3, (6.12), 7, 8, 9, 10.12.
		{"30 Nov 2027", hel(2027, 11, 30, 9, 0), "2027-11-30", "2027-12-10", "2028-02-29"},
		// 31.4 does not exist: the last of April, a Friday.
		{"31 Jan 2027 (a Sunday)", hel(2027, 1, 31, 9, 0), "2027-01-31", "2027-02-09", "2027-04-30"},
		{"31 Dec 2026", hel(2026, 12, 31, 23, 0), "2026-12-31", "2027-01-13", "2027-03-31"},
		// Due days on holidays: Christmas Eve → Mon 28.12; New Year's Day → Mon 4.1;
		// Epiphany → Thu 7.1; May Day (a Saturday) → Mon 3.5; Ascension → Fri 7.5.
		{"due on Christmas Eve", hel(2026, 9, 24, 9, 0), "2026-09-24", "2026-10-05", "2026-12-28"},
		{"due on New Year's Day", hel(2026, 10, 1, 9, 0), "2026-10-01", "2026-10-12", "2027-01-04"},
		{"due on Epiphany", hel(2026, 10, 6, 9, 0), "2026-10-06", "2026-10-15", "2027-01-07"},
		{"due on May Day", hel(2027, 2, 1, 9, 0), "2027-02-01", "2027-02-10", "2027-05-03"},
		{"due on Ascension Day", hel(2027, 2, 6, 9, 0), "2027-02-06", "2027-02-16", "2027-05-07"},
		// Late evening against just after midnight, in winter time (+02:00)…
		{"Thu 26.3.2026 23:30 EET", utc(2026, 3, 26, 21, 30), "2026-03-26", "2026-04-08", "2026-06-26"},
		{"Fri 27.3.2026 00:30 EET", utc(2026, 3, 26, 22, 30), "2026-03-27", "2026-04-09", "2026-06-29"},
		// …on the morning the clocks go forward (Sun 29.3.2026, 03:30 EEST)…
		{"Sun 29.3.2026 03:30 EEST", utc(2026, 3, 29, 0, 30), "2026-03-29", "2026-04-09", "2026-06-29"},
		// …in summer time (+03:00), where 21:30 UTC is already the next day…
		{"Mon 30.3.2026 23:30 EEST", utc(2026, 3, 30, 20, 30), "2026-03-30", "2026-04-10", "2026-06-30"},
		{"Tue 31.3.2026 00:30 EEST", utc(2026, 3, 30, 21, 30), "2026-03-31", "2026-04-13", "2026-06-30"},
		// …and around the October change (Sun 25.10.2026).
		{"Thu 22.10.2026 23:30 EEST", utc(2026, 10, 22, 20, 30), "2026-10-22", "2026-11-02", "2027-01-22"},
		{"Fri 23.10.2026 00:30 EEST", utc(2026, 10, 22, 21, 30), "2026-10-23", "2026-11-03", "2027-01-25"},
		{"Mon 26.10.2026 23:30 EET", utc(2026, 10, 26, 21, 30), "2026-10-26", "2026-11-04", "2027-01-26"},
		{"Tue 27.10.2026 00:30 EET", utc(2026, 10, 26, 22, 30), "2026-10-27", "2026-11-05", "2027-01-27"},
		// An instant given in another zone: 17:30 in New York is 00:30 in Helsinki.
		{"23.12.2026 17:30 New York", time.Date(2026, 12, 23, 17, 30, 0, 0, newYork), "2026-12-24", "2027-01-07", "2027-03-24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := wantDeadlines{urgency: tt.urgency, decision: tt.decision, assessment: tt.threeMths}
			if got := gotDeadlines(ComputeDeadlines(KindChildWelfare, Subject{}, tt.opened)); got != want {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
			// The same day count gives the start of an older person's assessment.
			want = wantDeadlines{urgency: tt.urgency, start: tt.decision}
			if got := gotDeadlines(ComputeDeadlines(KindElderly, Subject{}, tt.opened)); got != want {
				t.Errorf("elderly: got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestDeadlineOffsets checks that the end of a day carries that day's own
// UTC offset, not the offset when the matter opened.
func TestDeadlineOffsets(t *testing.T) {
	d := ComputeDeadlines(KindChildWelfare, Subject{}, hel(2026, 3, 26, 12, 0))
	if got, want := d.UrgencyAssessmentDue.UTC(), time.Date(2026, 3, 26, 21, 59, 59, 0, time.UTC); !got.Equal(want) {
		t.Errorf("urgency due %v, want %v", got, want)
	}
	if got, want := d.DecisionDue.UTC(), time.Date(2026, 4, 8, 20, 59, 59, 0, time.UTC); !got.Equal(want) {
		t.Errorf("decision due %v, want %v", got, want)
	}
}

func TestAddOfficeTime(t *testing.T) {
	const layout = "2006-01-02 15:04 -07:00"
	tests := []struct {
		name string
		from time.Time
		d    time.Duration
		want string
	}{
		{"inside hours", hel(2026, 6, 10, 10, 0), time.Hour, "2026-06-10 11:00 +03:00"},
		{"ends at closing", hel(2026, 6, 10, 15, 0), time.Hour, "2026-06-10 16:00 +03:00"},
		{"15:30 runs over to the next morning", hel(2026, 6, 10, 15, 30), time.Hour, "2026-06-11 08:30 +03:00"},
		{"before opening", hel(2026, 6, 10, 7, 0), time.Hour, "2026-06-10 09:00 +03:00"},
		{"at closing", hel(2026, 6, 10, 16, 0), time.Hour, "2026-06-11 09:00 +03:00"},
		{"evening", hel(2026, 6, 10, 17, 0), time.Hour, "2026-06-11 09:00 +03:00"},
		{"just before midnight", hel(2026, 6, 10, 23, 59), time.Hour, "2026-06-11 09:00 +03:00"},
		{"Friday afternoon", hel(2026, 6, 12, 15, 30), time.Hour, "2026-06-15 08:30 +03:00"},
		{"Saturday", hel(2026, 6, 13, 12, 0), time.Hour, "2026-06-15 09:00 +03:00"},
		{"before Midsummer Eve", hel(2026, 6, 18, 15, 30), time.Hour, "2026-06-22 08:30 +03:00"},
		{"before Easter, across the spring clock change", hel(2027, 3, 25, 15, 30), time.Hour, "2027-03-30 08:30 +03:00"},
		{"before Christmas", hel(2026, 12, 23, 15, 30), time.Hour, "2026-12-28 08:30 +02:00"},
		{"on Christmas Eve", hel(2026, 12, 24, 10, 0), time.Hour, "2026-12-28 09:00 +02:00"},
		{"New Year's Eve", hel(2026, 12, 31, 15, 45), time.Hour, "2027-01-04 08:45 +02:00"},
		{"before Epiphany", hel(2027, 1, 5, 15, 30), time.Hour, "2027-01-07 08:30 +02:00"},
		{"Friday before the spring change", hel(2026, 3, 27, 15, 30), time.Hour, "2026-03-30 08:30 +03:00"},
		{"on the spring change night", hel(2026, 3, 29, 3, 30), 30 * time.Minute, "2026-03-30 08:30 +03:00"},
		{"Friday before the autumn change", hel(2026, 10, 23, 15, 30), time.Hour, "2026-10-26 08:30 +02:00"},
		{"given in UTC", time.Date(2026, 6, 10, 4, 30, 0, 0, time.UTC), time.Hour, "2026-06-10 09:00 +03:00"},
		{"a whole office day", hel(2026, 6, 8, 8, 0), 8 * time.Hour, "2026-06-08 16:00 +03:00"},
		{"one hour more than a day", hel(2026, 6, 8, 8, 0), 9 * time.Hour, "2026-06-09 09:00 +03:00"},
		{"ten hours over two days", hel(2026, 6, 10, 12, 0), 10 * time.Hour, "2026-06-11 14:00 +03:00"},
		{"a working week", hel(2026, 6, 8, 8, 0), 40 * time.Hour, "2026-06-12 16:00 +03:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AddOfficeTime(tt.from, tt.d).In(calendar.Helsinki).Format(layout); got != tt.want {
				t.Errorf("AddOfficeTime(%v, %v) = %s, want %s", tt.from, tt.d, got, tt.want)
			}
		})
	}
}

func TestReminders(t *testing.T) {
	const layout = "2006-01-02 15:04"
	tests := []struct {
		name     string
		kind     Kind
		s        Subject
		opened   time.Time
		recorded time.Time
		want     map[Reminder]string
	}{
		{
			// Decision due Tue 6.4 → Fri 2.4 (Mon 5.4 is one arkipäivä before);
			// assessment due Thu 24.6 → Tue 22.6.
			name: "child welfare before Easter", kind: KindChildWelfare, opened: hel(2027, 3, 24, 10, 0), recorded: hel(2027, 3, 24, 10, 0),
			want: map[Reminder]string{ReminderUrgency: "2027-03-24 11:00", ReminderDecision: "2027-04-02 08:00", ReminderAssessment: "2027-06-22 08:00"},
		},
		{
			// Opened on a Saturday: the office hour runs on Monday. Decision due
			// Thu 7.1 → Mon 4.1 (Epiphany Wed 6.1 does not count); assessment due
			// Tue 30.3 → Wed 24.3 (Easter Monday and Good Friday do not count).
			name: "child welfare across holidays", kind: KindChildWelfare, opened: hel(2026, 12, 26, 15, 0), recorded: hel(2026, 12, 26, 15, 0),
			want: map[Reminder]string{ReminderUrgency: "2026-12-28 09:00", ReminderDecision: "2027-01-04 08:00", ReminderAssessment: "2027-03-24 08:00"},
		},
		{
			// Start due Mon 4.1.2027 → Wed 30.12 (New Year's Day does not count).
			name: "older person before Christmas", kind: KindElderly, opened: hel(2026, 12, 21, 10, 0), recorded: hel(2026, 12, 21, 10, 5),
			want: map[Reminder]string{ReminderUrgency: "2026-12-21 11:00", ReminderAssessmentStart: "2026-12-30 08:00"},
		},
		{
			name: "child needing special support", kind: KindHelpRequest, s: Subject{ChildSpecialSupport: true},
			opened: hel(2027, 3, 24, 10, 0), recorded: hel(2027, 3, 24, 10, 0),
			want: map[Reminder]string{ReminderUrgency: "2027-03-24 11:00", ReminderDecision: "2027-04-02 08:00",
				ReminderAssessmentStart: "2027-04-02 08:00", ReminderAssessment: "2027-06-22 08:00"},
		},
		{
			name: "adult: the urgency reminder only", kind: KindHelpRequest, opened: hel(2026, 6, 10, 15, 30), recorded: hel(2026, 6, 10, 15, 30),
			want: map[Reminder]string{ReminderUrgency: "2026-06-11 08:30"},
		},
		{
			// A paper notification of Tue 1.12 recorded on Fri 11.12 at 13:00:
			// the urgency reminder (1.12 11:00) and the decision reminder (due
			// Thu 10.12 → Tue 8.12 08:00) have passed and go at once; the
			// assessment (due Mon 1.3.2027 → Thu 25.2) is ahead.
			name: "back-dated", kind: KindChildWelfare, opened: hel(2026, 12, 1, 10, 0), recorded: hel(2026, 12, 11, 13, 0),
			want: map[Reminder]string{ReminderUrgency: "2026-12-11 13:00", ReminderDecision: "2026-12-11 13:00", ReminderAssessment: "2027-02-25 08:00"},
		},
		{
			// Without a recording time, nothing is moved.
			name: "not yet recorded", kind: KindChildWelfare, opened: hel(2026, 12, 1, 10, 0),
			want: map[Reminder]string{ReminderUrgency: "2026-12-01 11:00", ReminderDecision: "2026-12-08 08:00", ReminderAssessment: "2027-02-25 08:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := Item{Kind: tt.kind, Subject: tt.s, OpenedAt: tt.opened, RecordedAt: tt.recorded,
				Deadlines: ComputeDeadlines(tt.kind, tt.s, tt.opened)}
			got := map[Reminder]string{}
			for _, r := range it.Reminders() {
				if _, dup := got[r.Reminder]; dup {
					t.Errorf("two %s reminders", r.Reminder)
				}
				got[r.Reminder] = r.At.In(calendar.Helsinki).Format(layout)
			}
			if len(got) != len(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for r, want := range tt.want {
				if got[r] != want {
					t.Errorf("%s reminder at %q, want %q", r, got[r], want)
				}
			}
		})
	}
}

// itemIn builds an item that has reached status s through the triage steps.
func itemIn(t *testing.T, s Status) *Item {
	t.Helper()
	it := &Item{Kind: KindChildWelfare, OpenedAt: hel(2027, 3, 24, 10, 0)}
	it.Status = StatusReceived
	at := hel(2027, 3, 24, 11, 0)
	steps := []func() (Event, error){}
	if s != StatusReceived {
		steps = append(steps, func() (Event, error) { return it.AssessUrgency("lead", at, UrgencyNotUrgent, "no danger") })
	}
	if s == StatusAssigned || s == StatusInProgress {
		steps = append(steps, func() (Event, error) { return it.Assign("lead", at, "worker") })
	}
	if s == StatusInProgress {
		steps = append(steps, func() (Event, error) { return it.Start("worker", at) })
	}
	if s.Closed() {
		steps = append(steps, func() (Event, error) { return it.Close("worker", at, s, "a service") })
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			t.Fatalf("to %s: %v", s, err)
		}
	}
	if it.Status != s {
		t.Fatalf("built an item in %s, want %s", it.Status, s)
	}
	return it
}

func TestReminderNeeded(t *testing.T) {
	// Columns: urgency, decision, assessment start, assessment.
	tests := []struct {
		status    Status
		completed bool
		want      [4]bool
	}{
		{StatusReceived, false, [4]bool{true, true, true, false}},
		{StatusUrgencyAssessed, false, [4]bool{false, true, true, false}},
		{StatusAssigned, false, [4]bool{false, true, true, false}},
		{StatusInProgress, false, [4]bool{false, true, true, false}},
		{StatusGuidanceGiven, false, [4]bool{false, false, false, false}},
		{StatusAssessmentStarted, false, [4]bool{false, false, false, true}},
		{StatusAssessmentStarted, true, [4]bool{false, false, false, false}},
		{StatusForwarded, false, [4]bool{false, false, false, false}},
		{StatusNoAction, false, [4]bool{false, false, false, false}},
	}
	covered := map[Status]bool{}
	for _, tt := range tests {
		covered[tt.status] = true
		it := itemIn(t, tt.status)
		if tt.completed {
			if _, err := it.CompleteAssessment("worker", hel(2027, 5, 1, 9, 0)); err != nil {
				t.Fatal(err)
			}
		}
		for i, r := range []Reminder{ReminderUrgency, ReminderDecision, ReminderAssessmentStart, ReminderAssessment} {
			if got := it.ReminderNeeded(r); got != tt.want[i] {
				t.Errorf("%s (completed %v): ReminderNeeded(%s) = %v, want %v", tt.status, tt.completed, r, got, tt.want[i])
			}
		}
		if it.ReminderNeeded("unknown") {
			t.Errorf("%s: an unknown reminder is needed", tt.status)
		}
	}
	for _, s := range Statuses {
		if !covered[s] {
			t.Errorf("status %s not covered", s)
		}
	}
}

func TestArkipaivatLeft(t *testing.T) {
	due := endOf(2027, 4, 6) // Tuesday after Easter week
	tests := []struct {
		now  time.Time
		want int
	}{
		{hel(2027, 3, 24, 10, 0), 7},
		{hel(2027, 3, 27, 10, 0), 6}, // Saturday: 30.3–6.4 without Easter Monday
		{hel(2027, 4, 3, 10, 0), 2},  // Saturday: Mon and Tue left
		{hel(2027, 4, 5, 10, 0), 1},
		{hel(2027, 4, 6, 0, 0), 0},
		{endOf(2027, 4, 6), 0},
		{hel(2027, 4, 7, 0, 0), -1},
		{hel(2027, 4, 8, 9, 0), -2},
		{hel(2027, 4, 10, 9, 0), -3}, // Saturday: 7, 8 and 9.4 have passed
	}
	for _, tt := range tests {
		if got := ArkipaivatLeft(due, tt.now); got != tt.want {
			t.Errorf("ArkipaivatLeft at %v = %d, want %d", tt.now, got, tt.want)
		}
	}
}

// TestReminderDeadline: every reminder an item schedules names a deadline
// that applies to the item, the one whose day it reminds of.
func TestReminderDeadline(t *testing.T) {
	opened := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.Helsinki)
	it := Item{Kind: KindChildWelfare, OpenedAt: opened, RecordedAt: opened,
		Subject: Subject{ChildSpecialSupport: true}}
	it.Deadlines = ComputeDeadlines(it.Kind, it.Subject, opened)
	rs := it.Reminders()
	if len(rs) != 4 {
		t.Fatalf("%d reminders, want one per deadline", len(rs))
	}
	for _, r := range rs {
		due, _, applies := it.DeadlineOutcome(r.Reminder.Deadline())
		if !applies || due == nil {
			t.Errorf("reminder %s names deadline %q, which does not apply", r.Reminder, r.Reminder.Deadline())
			continue
		}
		if r.Reminder != ReminderUrgency && ArkipaivatLeft(*due, r.At) != ReminderLead {
			t.Errorf("reminder %s at %v is %d arkipäivää before %v", r.Reminder, r.At, ArkipaivatLeft(*due, r.At), *due)
		}
	}
	if k := Reminder("other").Deadline(); k != "" {
		t.Errorf("an unknown reminder names %q", k)
	}
}
