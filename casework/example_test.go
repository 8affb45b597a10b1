package casework_test

import (
	"fmt"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// A team lead of Kokkola sees their own team in full; Kannus's single
// case at stage 3 is hidden, and so is the sum that would give it back.
func ExampleBuildReport() {
	d := &casework.ReportData{Cases: []casework.Case{
		{ID: "c1", TeamID: "kok", WorkerID: "w1", Status: casework.StatusActive, Stage: 3},
		{ID: "c2", TeamID: "kok", WorkerID: "w1", Status: casework.StatusActive, Stage: 3},
		{ID: "c3", TeamID: "kan", WorkerID: "w2", Status: casework.StatusActive, Stage: 3},
	}}
	rep := casework.BuildReport(d, casework.ReportQuery{
		From:     calendar.Date{Year: 2026, Month: time.January, Day: 1},
		To:       calendar.Date{Year: 2026, Month: time.March, Day: 31},
		Teams:    []access.Team{{ID: "kok", Name: "Kokkola"}, {ID: "kan", Name: "Kannus"}},
		OwnTeams: []string{"kok"},
		Now:      time.Date(2026, time.April, 1, 12, 0, 0, 0, calendar.Helsinki),
	})
	st := rep.Stages[3].Cases
	fmt.Println("stage 3:", st.Teams[0], st.Teams[1], st.All)
	// Output: stage 3: 2 <5 –
}
