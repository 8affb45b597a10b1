package intake

import (
	"strings"
	"time"
	"unicode/utf8"

	"kynnys"
)

// Status is where an item is in its handling.
type Status string

const (
	StatusReceived          Status = "received"
	StatusUrgencyAssessed   Status = "urgency_assessed"
	StatusAssigned          Status = "assigned"
	StatusInProgress        Status = "in_progress"
	StatusGuidanceGiven     Status = "guidance_given"
	StatusAssessmentStarted Status = "assessment_started"
	StatusForwarded         Status = "forwarded"
	StatusNoAction          Status = "no_action"
)

// Statuses lists every status in the order of handling.
var Statuses = []Status{StatusReceived, StatusUrgencyAssessed, StatusAssigned, StatusInProgress,
	StatusGuidanceGiven, StatusAssessmentStarted, StatusForwarded, StatusNoAction}

// Outcomes are the statuses that end the intake.
var Outcomes = []Status{StatusGuidanceGiven, StatusAssessmentStarted, StatusForwarded, StatusNoAction}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// Closed reports whether s ends the intake.
func (s Status) Closed() bool {
	for _, x := range Outcomes {
		if s == x {
			return true
		}
	}
	return false
}

// Urgency is the result of the urgency assessment.
type Urgency string

const (
	UrgencyUrgent    Urgency = "urgent"
	UrgencyNotUrgent Urgency = "not_urgent"
)

// Triage is the handling of an item: the urgency assessment, the worker,
// the outcome and the times that the deadlines are measured against.
type Triage struct {
	Status         Status
	Urgency        Urgency
	UrgencyReasons string
	UrgencyBy      string
	UrgencyAt      *time.Time
	AssignedTo     string
	AssignedAt     *time.Time
	// DecidedAt: when the decision on the service-need assessment was made,
	// that is, when the item reached an outcome.
	DecidedAt *time.Time
	// ForwardedTo names the service an item was forwarded to.
	ForwardedTo string
	// NoActionReason says why nothing was done.
	NoActionReason        string
	AssessmentStartedAt   *time.Time
	AssessmentCompletedAt *time.Time
}

// Event is one step in an item's history.
type Event struct {
	ID     string
	ItemID string
	At     time.Time
	By     string // user id; empty for the system
	Type   EventType
	// Status after the event, for status changes.
	Status Status
	// FromTeam and ToTeam, for routing.
	FromTeam, ToTeam string
	// Text: a note, the urgency reasons, a re-routing reason, the reminder
	// sent. It may hold personal data and is shown only with the item.
	Text string
}

// EventType names what happened.
type EventType string

const (
	EventCreated     EventType = "created"
	EventRouted      EventType = "routed"
	EventRerouted    EventType = "rerouted"
	EventUrgency     EventType = "urgency_assessed"
	EventAssigned    EventType = "assigned"
	EventStatus      EventType = "status"
	EventNote        EventType = "note"
	EventAssessment  EventType = "assessment_completed"
	EventReminder    EventType = "reminder_sent"
	EventAcknowledge EventType = "acknowledged"
)

func (it *Item) stamp(at time.Time) *time.Time { t := at.UTC(); return &t }

// AssessUrgency records the urgency assessment. It may be done again (a
// situation can change); the first assessment's time is what the deadline
// is measured against.
func (it *Item) AssessUrgency(by string, at time.Time, u Urgency, reasons string) (Event, error) {
	if it.Status.Closed() {
		return Event{}, kynnys.Invalid("status", "intake.error.closed")
	}
	if u != UrgencyUrgent && u != UrgencyNotUrgent {
		return Event{}, kynnys.Invalid("urgency", "intake.error.choice")
	}
	reasons = strings.TrimSpace(reasons)
	if reasons == "" {
		return Event{}, kynnys.Invalid("reasons", "intake.error.reasons")
	}
	if utf8.RuneCountInString(reasons) > MaxNote {
		return Event{}, kynnys.Invalid("reasons", "intake.error.too_long")
	}
	it.Urgency, it.UrgencyReasons, it.UrgencyBy = u, reasons, by
	if it.UrgencyAt == nil {
		it.UrgencyAt = it.stamp(at)
	}
	if it.Status == StatusReceived {
		it.Status = StatusUrgencyAssessed
	}
	return Event{At: at, By: by, Type: EventUrgency, Status: it.Status, Text: string(u) + ": " + reasons}, nil
}

// Assign gives the item to a worker (again, to re-assign it).
func (it *Item) Assign(by string, at time.Time, worker string) (Event, error) {
	switch {
	case it.Status.Closed():
		return Event{}, kynnys.Invalid("status", "intake.error.closed")
	case it.UrgencyAt == nil:
		return Event{}, kynnys.Invalid("urgency", "intake.error.urgency_first")
	case worker == "":
		return Event{}, kynnys.Invalid("worker", "error.required")
	}
	it.AssignedTo, it.AssignedAt = worker, it.stamp(at)
	if it.Status != StatusInProgress {
		it.Status = StatusAssigned
	}
	return Event{At: at, By: by, Type: EventAssigned, Status: it.Status, Text: worker}, nil
}

// Start marks that the assigned worker has taken the item up.
func (it *Item) Start(by string, at time.Time) (Event, error) {
	if it.Status != StatusAssigned {
		return Event{}, kynnys.Invalid("status", "intake.error.transition")
	}
	it.Status = StatusInProgress
	return Event{At: at, By: by, Type: EventStatus, Status: it.Status}, nil
}

// Close ends the intake with an outcome. Forwarding names the service; no
// action gives the reason.
func (it *Item) Close(by string, at time.Time, outcome Status, detail string) (Event, error) {
	detail = strings.TrimSpace(detail)
	switch {
	case !outcome.Closed():
		return Event{}, kynnys.Invalid("outcome", "intake.error.choice")
	case it.Status.Closed():
		return Event{}, kynnys.Invalid("status", "intake.error.closed")
	case it.UrgencyAt == nil:
		return Event{}, kynnys.Invalid("urgency", "intake.error.urgency_first")
	case (outcome == StatusForwarded || outcome == StatusNoAction) && detail == "":
		return Event{}, kynnys.Invalid("detail", "intake.error.detail_"+string(outcome))
	case utf8.RuneCountInString(detail) > MaxShort*5:
		return Event{}, kynnys.Invalid("detail", "intake.error.too_long")
	}
	it.Status, it.DecidedAt = outcome, it.stamp(at)
	switch outcome {
	case StatusForwarded:
		it.ForwardedTo = detail
	case StatusNoAction:
		it.NoActionReason = detail
	case StatusAssessmentStarted:
		it.AssessmentStartedAt = it.DecidedAt
	}
	return Event{At: at, By: by, Type: EventStatus, Status: outcome, Text: detail}, nil
}

// CompleteAssessment records that the service-need assessment started from
// this item is complete, for the 3-month deadline.
func (it *Item) CompleteAssessment(by string, at time.Time) (Event, error) {
	if it.Status != StatusAssessmentStarted || it.AssessmentCompletedAt != nil {
		return Event{}, kynnys.Invalid("status", "intake.error.transition")
	}
	it.AssessmentCompletedAt = it.stamp(at)
	return Event{At: at, By: by, Type: EventAssessment, Status: it.Status}, nil
}

// Note checks a free-text note on the item.
func Note(by string, at time.Time, text string) (Event, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Event{}, kynnys.Invalid("note", "error.required")
	}
	if utf8.RuneCountInString(text) > MaxNote {
		return Event{}, kynnys.Invalid("note", "intake.error.too_long")
	}
	return Event{At: at, By: by, Type: EventNote, Text: text}, nil
}
