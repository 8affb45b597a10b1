package intake

import (
	"time"

	"kynnys/calendar"
)

// Deadlines are the statutory deadlines an item starts (RULES.md §3). A nil
// deadline does not apply to the item. Each is the end (23:59:59 Helsinki)
// of its day.
type Deadlines struct {
	// UrgencyAssessmentDue: the law says "immediately"; the latest that can
	// still be called that is the end of the day the matter opened. The
	// one-office-hour reminder (UrgencyReminderAt) nudges well before.
	UrgencyAssessmentDue *time.Time
	// DecisionDue: a child's matter: decide whether to start the
	// service-need assessment, and tell the child or guardian the
	// notification was received, within 7 arkipäivää (LsL 26 §).
	DecisionDue *time.Time
	// AssessmentStartDue: the assessment starts at the latest on the 7th
	// arkipäivä for a person of 75 or over, one receiving the highest care
	// allowance, or a child needing special support (SHL 36 §).
	AssessmentStartDue *time.Time
	// AssessmentDue: a child's assessment is complete within 3 months of
	// the opening (LsL 26 § 5 mom., SHL 36 §).
	AssessmentDue *time.Time
}

// ElderlyAge is the age from which the 7-arkipäivä start applies. SHL 36 §
// says "yli 75-vuotias"; Kynnys reads it as having turned 75 (decision: the
// earlier deadline errs on the person's side).
const ElderlyAge = 75

// ComputeDeadlines returns the deadlines of an item of kind k about s that
// opened at the instant opened.
func ComputeDeadlines(k Kind, s Subject, opened time.Time) Deadlines {
	day := calendar.DateOf(opened)
	at := func(t time.Time) *time.Time { return &t }
	d := Deadlines{UrgencyAssessmentDue: at(day.EndOfDay())}
	seventh := at(calendar.ArkipaivaDeadline(opened, 7))
	switch {
	case k == KindAnticipatory:
		// Support is planned before the birth; no day count (the expected
		// due date is shown instead).
	case k.ChildWelfare() || s.IsChildOn(day):
		d.DecisionDue = seventh
		d.AssessmentDue = at(calendar.MonthsDeadline(opened, 3))
		// A child needing special support, or one already receiving the
		// highest care allowance, also has the 7-arkipäivä start (§3).
		if s.ChildSpecialSupport || s.HighestCareAllowance {
			d.AssessmentStartDue = seventh
		}
	case k == KindElderly,
		!s.BirthDate.IsZero() && AgeOn(s.BirthDate, day) >= ElderlyAge,
		s.HighestCareAllowance:
		d.AssessmentStartDue = seventh
	}
	return d
}

// Office hours, in which an urgency assessment is expected within the hour:
// arkipäivät 08:00–16:00 Helsinki time (decision: the triage teams' hours in
// seed 003).
const (
	officeOpens  = 8
	officeCloses = 16
)

// AddOfficeTime returns the instant when d of office time has passed after
// t, counting only arkipäivät 08:00–16:00 in Helsinki.
func AddOfficeTime(t time.Time, d time.Duration) time.Time {
	t = t.In(calendar.Helsinki)
	for {
		day := calendar.DateOf(t)
		open, closes := day.Time(officeOpens, 0, 0), day.Time(officeCloses, 0, 0)
		if !calendar.IsArkipaiva(day) || !t.Before(closes) {
			t = calendar.NthArkipaivaAfter(day, 1).Time(officeOpens, 0, 0)
			continue
		}
		if t.Before(open) {
			t = open
		}
		if left := closes.Sub(t); d <= left {
			return t.Add(d)
		} else {
			d -= left
			t = closes
		}
	}
}

// Reminder names a deadline a reminder is about.
type Reminder string

const (
	ReminderUrgency         Reminder = "urgency"
	ReminderDecision        Reminder = "decision"
	ReminderAssessmentStart Reminder = "assessment_start"
	ReminderAssessment      Reminder = "assessment"
)

// Deadline is the deadline r reminds about ("" for an unknown reminder).
func (r Reminder) Deadline() DeadlineKind {
	switch r {
	case ReminderUrgency:
		return DeadlineUrgency
	case ReminderDecision:
		return DeadlineDecision
	case ReminderAssessmentStart:
		return DeadlineAssessmentStart
	case ReminderAssessment:
		return DeadlineAssessment
	}
	return ""
}

// ReminderLead is how many arkipäivät before a deadline its reminder goes out.
const ReminderLead = 2

// ScheduledReminder is a reminder and when it is due.
type ScheduledReminder struct {
	Reminder Reminder
	At       time.Time
}

// Reminders returns when to remind about the item: one office hour after
// it opened if the urgency is still not assessed, and at the start of
// office hours ReminderLead arkipäivät before each day-counted deadline. A
// moment that has already passed when the item is recorded (staff recorded
// a paper notification days after it arrived) becomes RecordedAt: at once.
func (it *Item) Reminders() []ScheduledReminder {
	earliest := it.OpenedAt
	if it.RecordedAt.After(earliest) {
		earliest = it.RecordedAt
	}
	notBefore := func(t time.Time) time.Time {
		if t.Before(earliest) {
			return earliest
		}
		return t
	}
	out := []ScheduledReminder{{ReminderUrgency, notBefore(AddOfficeTime(it.OpenedAt, time.Hour))}}
	for _, r := range []struct {
		kind Reminder
		due  *time.Time
	}{{ReminderDecision, it.Deadlines.DecisionDue}, {ReminderAssessmentStart, it.Deadlines.AssessmentStartDue},
		{ReminderAssessment, it.Deadlines.AssessmentDue}} {
		if r.due == nil {
			continue
		}
		at := reminderDay(calendar.DateOf(*r.due)).Time(officeOpens, 0, 0)
		out = append(out, ScheduledReminder{r.kind, notBefore(at)})
	}
	return out
}

// reminderDay is the arkipäivä from which due is ReminderLead arkipäivät away.
func reminderDay(due calendar.Date) calendar.Date {
	d := due.AddDays(-1)
	for calendar.ArkipaivatBetween(d, due) < ReminderLead {
		d = d.AddDays(-1)
	}
	for !calendar.IsArkipaiva(d) {
		d = d.AddDays(-1)
	}
	return d
}

// ReminderNeeded reports whether the reminder r still has a point: the step
// it is about has not been taken and the item is not closed.
func (it *Item) ReminderNeeded(r Reminder) bool {
	if it.Status.Closed() && r != ReminderAssessment {
		return false
	}
	switch r {
	case ReminderUrgency:
		return it.UrgencyAt == nil
	case ReminderDecision:
		return it.DecidedAt == nil
	case ReminderAssessmentStart:
		return it.AssessmentStartedAt == nil
	case ReminderAssessment:
		return it.Status == StatusAssessmentStarted && it.AssessmentCompletedAt == nil
	}
	return false
}

// ArkipaivatLeft is the number of arkipäivät left before due as seen at
// now: 0 on the last day, negative when overdue (the arkipäivät since).
func ArkipaivatLeft(due, now time.Time) int {
	return calendar.ArkipaivaDiff(calendar.DateOf(now), calendar.DateOf(due))
}
