package intake

import (
	"testing"
	"time"
)

// complianceNow is Tuesday 20 April 2027 at noon.
var complianceNow = hel(2027, 4, 20, 12, 0)

// complianceItem is a fixture item with its expected outcome per deadline
// ("met", "missed", "open" or "" where the deadline does not apply).
type complianceItem struct {
	it                                   Item
	urgency, decision, start, assessment string
	overdue                              bool
	next                                 DeadlineKind
	nextDue                              *time.Time
}

// complianceFixture sets the deadlines by hand, so that the test is about
// the counting only.
func complianceFixture() []complianceItem {
	opened := hel(2027, 4, 1, 10, 0)
	childDl := Deadlines{UrgencyAssessmentDue: ptr(endOf(2027, 4, 1)), DecisionDue: ptr(endOf(2027, 4, 12)), AssessmentDue: ptr(endOf(2027, 7, 1))}
	elderlyDl := func(start time.Time) Deadlines {
		return Deadlines{UrgencyAssessmentDue: ptr(endOf(2027, 4, 1)), AssessmentStartDue: ptr(start)}
	}
	item := func(opened time.Time, dl Deadlines, tr Triage) Item {
		return Item{OpenedAt: opened, Deadlines: dl, Triage: tr}
	}
	return []complianceItem{
		{ // 1. Guidance within both deadlines; closed without an assessment, so its 3 months do not apply.
			it:      item(opened, childDl, Triage{Status: StatusGuidanceGiven, UrgencyAt: ptr(hel(2027, 4, 1, 10, 30)), DecidedAt: ptr(hel(2027, 4, 8, 10, 0))}),
			urgency: "met", decision: "met",
		},
		{ // 2. Urgency assessed the next day; undecided after the 7th arkipäivä.
			it:      item(opened, childDl, Triage{Status: StatusAssigned, UrgencyAt: ptr(hel(2027, 4, 2, 9, 0))}),
			urgency: "missed", decision: "missed", assessment: "open",
			overdue: true, next: DeadlineDecision, nextDue: childDl.DecisionDue,
		},
		{ // 3. An adult's matter, never looked at.
			it:      item(opened, Deadlines{UrgencyAssessmentDue: ptr(endOf(2027, 4, 1))}, Triage{Status: StatusReceived}),
			urgency: "missed", overdue: true, next: DeadlineUrgency, nextDue: ptr(endOf(2027, 4, 1)),
		},
		{ // 4. Arrived an hour ago.
			it:      item(hel(2027, 4, 20, 11, 0), Deadlines{UrgencyAssessmentDue: ptr(endOf(2027, 4, 20))}, Triage{Status: StatusReceived}),
			urgency: "open", next: DeadlineUrgency, nextDue: ptr(endOf(2027, 4, 20)),
		},
		{ // 5. An older person's assessment started on the last day.
			it: item(opened, elderlyDl(endOf(2027, 4, 9)), Triage{Status: StatusAssessmentStarted, UrgencyAt: ptr(hel(2027, 4, 1, 10, 5)),
				DecidedAt: ptr(hel(2027, 4, 9, 15, 0)), AssessmentStartedAt: ptr(hel(2027, 4, 9, 15, 0))}),
			urgency: "met", start: "met",
		},
		{ // 6. Closed without an assessment, but after the start deadline.
			it: item(opened, elderlyDl(endOf(2027, 4, 9)), Triage{Status: StatusNoAction, UrgencyAt: ptr(hel(2027, 4, 1, 12, 0)),
				DecidedAt: ptr(hel(2027, 4, 12, 9, 0))}),
			urgency: "met", start: "missed",
		},
		{ // 7. In progress, start still ahead.
			it: item(hel(2027, 4, 13, 10, 0), Deadlines{UrgencyAssessmentDue: ptr(endOf(2027, 4, 13)), AssessmentStartDue: ptr(endOf(2027, 4, 22))},
				Triage{Status: StatusInProgress, UrgencyAt: ptr(hel(2027, 4, 13, 11, 0))}),
			urgency: "met", start: "open", next: DeadlineAssessmentStart, nextDue: ptr(endOf(2027, 4, 22)),
		},
		{ // 8. A child's assessment done within 3 months.
			it: item(hel(2026, 12, 1, 10, 0), Deadlines{UrgencyAssessmentDue: ptr(endOf(2026, 12, 1)), DecisionDue: ptr(endOf(2026, 12, 10)),
				AssessmentDue: ptr(endOf(2027, 3, 1))}, Triage{Status: StatusAssessmentStarted, UrgencyAt: ptr(hel(2026, 12, 1, 12, 0)),
				DecidedAt: ptr(hel(2026, 12, 8, 10, 0)), AssessmentStartedAt: ptr(hel(2026, 12, 8, 10, 0)),
				AssessmentCompletedAt: ptr(hel(2027, 2, 25, 14, 0))}),
			urgency: "met", decision: "met", assessment: "met",
		},
		{ // 9. A child's assessment not complete when its 3 months ended yesterday.
			it: item(hel(2027, 1, 19, 10, 0), Deadlines{UrgencyAssessmentDue: ptr(endOf(2027, 1, 19)), DecisionDue: ptr(endOf(2027, 1, 28)),
				AssessmentDue: ptr(endOf(2027, 4, 19))}, Triage{Status: StatusAssessmentStarted, UrgencyAt: ptr(hel(2027, 1, 19, 10, 10)),
				DecidedAt: ptr(hel(2027, 1, 27, 10, 0)), AssessmentStartedAt: ptr(hel(2027, 1, 27, 10, 0))}),
			urgency: "met", decision: "met", assessment: "missed",
			overdue: true, next: DeadlineAssessment, nextDue: ptr(endOf(2027, 4, 19)),
		},
		{ // 10. Decided a day late; the assessment is under way.
			it: item(opened, childDl, Triage{Status: StatusAssessmentStarted, UrgencyAt: ptr(hel(2027, 4, 1, 11, 0)),
				DecidedAt: ptr(hel(2027, 4, 13, 10, 0)), AssessmentStartedAt: ptr(hel(2027, 4, 13, 10, 0))}),
			urgency: "met", decision: "missed", assessment: "open", next: DeadlineAssessment, nextDue: childDl.AssessmentDue,
		},
		{ // 11. Forwarded in the deadline's very last second.
			it: item(opened, childDl, Triage{Status: StatusForwarded, UrgencyAt: ptr(hel(2027, 4, 1, 10, 20)),
				DecidedAt: ptr(endOf(2027, 4, 12)), ForwardedTo: "päihdepalvelut"}),
			urgency: "met", decision: "met",
		},
	}
}

func TestBuildCompliance(t *testing.T) {
	fixture := complianceFixture()
	items := make([]Item, len(fixture))
	for i, f := range fixture {
		items[i] = f.it
	}
	c := BuildCompliance(items, complianceNow)
	want := []DeadlineResult{
		{DeadlineUrgency, 8, 2, 1},
		{DeadlineDecision, 4, 2, 0},
		{DeadlineAssessmentStart, 1, 1, 1},
		{DeadlineAssessment, 1, 1, 2},
	}
	if c.Items != 11 || len(c.Deadlines) != len(want) {
		t.Fatalf("items %d, deadlines %+v", c.Items, c.Deadlines)
	}
	for i, w := range want {
		if c.Deadlines[i] != w {
			t.Errorf("got %+v, want %+v", c.Deadlines[i], w)
		}
	}
	// Each item's own outcome, to tell which one a wrong count comes from.
	for i, f := range fixture {
		got := BuildCompliance([]Item{f.it}, complianceNow)
		for j, w := range []string{f.urgency, f.decision, f.start, f.assessment} {
			r := got.Deadlines[j]
			g := map[[3]int]string{{0, 0, 0}: "", {1, 0, 0}: "met", {0, 1, 0}: "missed", {0, 0, 1}: "open"}[[3]int{r.Met, r.Missed, r.Open}]
			if g != w {
				t.Errorf("item %d, %s: %q, want %q", i+1, r.Deadline, g, w)
			}
		}
	}
	// Urgency: 5m, 10m, 20m, 30m, 1h, 1h, 2h, 2h, 23h → the 5th. Decision:
	// 168h, 168h, 192h, 197h, 263h, 277h59m59s, 288h → the 4th.
	if c.HaveUrgency != 9 || c.MedianToUrgency != time.Hour {
		t.Errorf("urgency median %v of %d", c.MedianToUrgency, c.HaveUrgency)
	}
	if c.HaveDecision != 7 || c.MedianToDecision != 197*time.Hour {
		t.Errorf("decision median %v of %d", c.MedianToDecision, c.HaveDecision)
	}

	// An even count takes the middle two's mean: items 1, 5, 6 and 10 have
	// urgency 30m, 5m, 2h, 1h and decision 168h, 197h, 263h, 288h.
	even := BuildCompliance([]Item{items[0], items[4], items[5], items[9]}, complianceNow)
	if even.MedianToUrgency != 45*time.Minute || even.MedianToDecision != 230*time.Hour || even.HaveUrgency != 4 || even.HaveDecision != 4 {
		t.Errorf("even: urgency %v of %d, decision %v of %d", even.MedianToUrgency, even.HaveUrgency, even.MedianToDecision, even.HaveDecision)
	}

	empty := BuildCompliance(nil, complianceNow)
	if empty.Items != 0 || empty.MedianToUrgency != 0 || empty.HaveDecision != 0 || len(empty.Deadlines) != len(DeadlineKinds) {
		t.Errorf("empty: %+v", empty)
	}
	for i, r := range empty.Deadlines {
		if r != (DeadlineResult{Deadline: DeadlineKinds[i]}) {
			t.Errorf("empty: %+v", r)
		}
	}
}

func TestOverdueAndNextDeadline(t *testing.T) {
	for i, f := range complianceFixture() {
		if got := f.it.Overdue(complianceNow); got != f.overdue {
			t.Errorf("item %d: Overdue = %v, want %v", i+1, got, f.overdue)
		}
		kind, due := f.it.NextDeadline()
		if kind != f.next || (due == nil) != (f.nextDue == nil) || (due != nil && !due.Equal(*f.nextDue)) {
			t.Errorf("item %d: NextDeadline = %s %v, want %s %v", i+1, kind, due, f.next, f.nextDue)
		}
	}
	// Overdue turns at the end of the day, not before.
	it := Item{OpenedAt: hel(2027, 4, 1, 10, 0), Deadlines: Deadlines{UrgencyAssessmentDue: ptr(endOf(2027, 4, 1))}}
	it.Status = StatusReceived
	if it.Overdue(endOf(2027, 4, 1)) || !it.Overdue(endOf(2027, 4, 1).Add(time.Second)) {
		t.Error("overdue at the wrong moment")
	}
}

func TestShare(t *testing.T) {
	tests := []struct {
		r     DeadlineResult
		share float64
		ok    bool
	}{
		{DeadlineResult{Met: 3, Missed: 1, Open: 9}, 0.75, true},
		{DeadlineResult{Missed: 2}, 0, true},
		{DeadlineResult{Met: 2}, 1, true},
		{DeadlineResult{Open: 4}, 0, false},
		{DeadlineResult{}, 0, false},
	}
	for _, tt := range tests {
		if share, ok := tt.r.Share(); share != tt.share || ok != tt.ok {
			t.Errorf("%+v: %v, %v", tt.r, share, ok)
		}
	}
}
