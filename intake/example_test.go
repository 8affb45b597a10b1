package intake_test

import (
	"fmt"
	"time"

	"kynnys/calendar"
	"kynnys/intake"
)

func ExampleComputeDeadlines() {
	// A teacher's child welfare notification arrives on the Monday before
	// Christmas 2026; Christmas Eve to St Stephen's Day and New Year's Day
	// are not arkipäivät.
	opened := time.Date(2026, time.December, 21, 14, 0, 0, 0, calendar.Helsinki)
	d := intake.ComputeDeadlines(intake.KindChildWelfare, intake.Subject{}, opened)
	show := func(name string, t *time.Time) {
		if t == nil {
			fmt.Println(name, "-")
			return
		}
		fmt.Println(name, t.Format(time.RFC3339))
	}
	show("urgency assessment:", d.UrgencyAssessmentDue)
	show("decision and notice:", d.DecisionDue)
	show("assessment start:", d.AssessmentStartDue)
	show("assessment complete:", d.AssessmentDue)
	// Output:
	// urgency assessment: 2026-12-21T23:59:59+02:00
	// decision and notice: 2027-01-04T23:59:59+02:00
	// assessment start: -
	// assessment complete: 2027-03-22T23:59:59+02:00
}
