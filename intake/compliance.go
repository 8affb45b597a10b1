package intake

import (
	"slices"
	"time"
)

// DeadlineKind names one of the statutory deadlines in the compliance report.
type DeadlineKind string

const (
	DeadlineUrgency         DeadlineKind = "urgency_assessment"
	DeadlineDecision        DeadlineKind = "decision"
	DeadlineAssessmentStart DeadlineKind = "assessment_start"
	DeadlineAssessment      DeadlineKind = "assessment"
)

// DeadlineKinds in report order.
var DeadlineKinds = []DeadlineKind{DeadlineUrgency, DeadlineDecision, DeadlineAssessmentStart, DeadlineAssessment}

// DeadlineResult counts how the items that a deadline applied to fared.
type DeadlineResult struct {
	Deadline DeadlineKind
	// Met: done by the deadline. Missed: done late, or not done and the
	// deadline has passed. Open: not done, the deadline still ahead.
	Met, Missed, Open int
}

// Share is the share of decided cases handled in time (Met / (Met+Missed)),
// the figure THL asks counties for; ok is false when none is decided yet.
func (r DeadlineResult) Share() (share float64, ok bool) {
	if r.Met+r.Missed == 0 {
		return 0, false
	}
	return float64(r.Met) / float64(r.Met+r.Missed), true
}

// Compliance is the deadline compliance of a set of items.
type Compliance struct {
	Items     int
	Deadlines []DeadlineResult
	// Medians from the opening, over the items that have reached the step.
	MedianToUrgency, MedianToDecision time.Duration
	HaveUrgency, HaveDecision         int
}

// DeadlineOutcome returns deadline k of the item, when the step it asks for
// was taken (nil: not yet), and whether the deadline applies to the item.
func (it *Item) DeadlineOutcome(k DeadlineKind) (due, done *time.Time, applies bool) {
	d := it.Deadlines
	switch k {
	case DeadlineUrgency:
		return d.UrgencyAssessmentDue, it.UrgencyAt, d.UrgencyAssessmentDue != nil
	case DeadlineDecision:
		return d.DecisionDue, it.DecidedAt, d.DecisionDue != nil
	case DeadlineAssessmentStart:
		done := it.AssessmentStartedAt
		if done == nil && it.Status.Closed() {
			// Closed without an assessment: the decision that none was
			// needed is what the deadline is met by.
			done = it.DecidedAt
		}
		return d.AssessmentStartDue, done, d.AssessmentStartDue != nil
	case DeadlineAssessment:
		applies := d.AssessmentDue != nil && (!it.Status.Closed() || it.Status == StatusAssessmentStarted)
		return d.AssessmentDue, it.AssessmentCompletedAt, applies
	}
	return nil, nil, false
}

// Overdue reports whether any deadline of the item has passed at now with
// its step not taken.
func (it *Item) Overdue(now time.Time) bool {
	for _, k := range DeadlineKinds {
		if due, done, applies := it.DeadlineOutcome(k); applies && done == nil && now.After(*due) {
			return true
		}
	}
	return false
}

// NextDeadline returns the earliest deadline whose step is still to take,
// or nil.
func (it *Item) NextDeadline() (DeadlineKind, *time.Time) {
	var kind DeadlineKind
	var next *time.Time
	for _, k := range DeadlineKinds {
		if due, done, applies := it.DeadlineOutcome(k); applies && done == nil && (next == nil || due.Before(*next)) {
			kind, next = k, due
		}
	}
	return kind, next
}

// BuildCompliance measures items against their deadlines as at now.
func BuildCompliance(items []Item, now time.Time) Compliance {
	c := Compliance{Items: len(items)}
	results := make([]DeadlineResult, len(DeadlineKinds))
	for j, k := range DeadlineKinds {
		results[j].Deadline = k
	}
	var toUrgency, toDecision []time.Duration
	for i := range items {
		it := &items[i]
		for j, k := range DeadlineKinds {
			due, done, applies := it.DeadlineOutcome(k)
			switch {
			case !applies:
			case done != nil && !done.After(*due):
				results[j].Met++
			case done != nil || now.After(*due):
				results[j].Missed++
			default:
				results[j].Open++
			}
		}
		if it.UrgencyAt != nil {
			toUrgency = append(toUrgency, it.UrgencyAt.Sub(it.OpenedAt))
		}
		if it.DecidedAt != nil {
			toDecision = append(toDecision, it.DecidedAt.Sub(it.OpenedAt))
		}
	}
	c.Deadlines = results
	c.MedianToUrgency, c.HaveUrgency = median(toUrgency), len(toUrgency)
	c.MedianToDecision, c.HaveDecision = median(toDecision), len(toDecision)
	return c
}

// median of ds (the mean of the middle two for an even count); 0 for none.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	m := len(ds) / 2
	if len(ds)%2 == 1 {
		return ds[m]
	}
	return ds[m-1] + (ds[m]-ds[m-1])/2
}
