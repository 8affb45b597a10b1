package casework

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
)

// benchData is a county's two years of case work: teams × casesPerTeam
// cases, each with a ladder history and fortnightly meetings, a tenth of
// them missed and followed up.
func benchData(teams, casesPerTeam int, now time.Time) (*ReportData, ReportQuery) {
	r := rand.New(rand.NewPCG(1, 2))
	d := &ReportData{}
	q := ReportQuery{To: calendar.DateOf(now), From: calendar.DateOf(now).AddDays(-365), Now: now}
	for t := range teams {
		team := access.Team{ID: fmt.Sprintf("team-%d", t), Name: fmt.Sprintf("Team %d", t)}
		q.Teams = append(q.Teams, team)
		for c := range casesPerTeam {
			opened := now.Add(-time.Duration(r.IntN(730*24)) * time.Hour)
			cs := Case{ID: fmt.Sprintf("%d-%d", t, c), TeamID: team.ID, WorkerID: fmt.Sprintf("w-%d-%d", t, c%8),
				Status: StatusActive, OpenedAt: opened}
			stage := 0
			for at := opened; at.Before(now); at = at.Add(time.Duration(7+r.IntN(40)) * 24 * time.Hour) {
				to := max(1, min(7, stage+1-2*r.IntN(4)/3))
				if to != stage {
					d.Steps = append(d.Steps, LadderStep{CaseID: cs.ID, At: at, From: stage, To: to})
					stage = to
				}
			}
			cs.Stage = stage
			for i, at := 0, opened; at.Before(now); i, at = i+1, at.Add(14*24*time.Hour) {
				m := Meeting{ID: fmt.Sprintf("%s-m%d", cs.ID, i), CaseID: cs.ID, At: at, Place: PlaceOffice, Status: MeetingHeld}
				if r.IntN(10) == 0 {
					m.Status = MeetingNoShow
					done := at.Add(48 * time.Hour)
					d.Tasks = append(d.Tasks, Task{CaseID: cs.ID, MeetingID: m.ID, Kind: TaskCall,
						Due: calendar.DateOf(done), DoneAt: &done, Reached: true})
				}
				d.Meetings = append(d.Meetings, m)
			}
			d.Cases = append(d.Cases, cs)
		}
	}
	q.OwnTeams = []string{q.Teams[0].ID}
	return d, q
}

// BenchmarkBuildReport: the case-work report of 20 teams with 160 cases
// each, as a team lead of one of them sees it (suppression everywhere else).
func BenchmarkBuildReport(b *testing.B) {
	d, q := benchData(20, 160, time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	b.ReportMetric(float64(len(d.Cases)), "cases")
	for b.Loop() {
		BuildReport(d, q)
	}
}
