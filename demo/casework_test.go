package demo

import (
	"slices"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
	"kynnys/hetu"
	"kynnys/store"
	"kynnys/store/storetest"
)

// TestSeedCasework seeds the demo's year of case work on both engines
// after the intake it opens some cases from, and checks that it looks like
// the holding-on work the reports are meant to show.
func TestSeedCasework(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		teams := demoTeams(t, db)
		now := time.Date(2026, time.March, 18, 11, 30, 0, 0, calendar.Helsinki)
		today := calendar.DateOf(now)
		if err := seedIntake(ctx, db, teams, now); err != nil {
			t.Fatal(err)
		}
		started := time.Now()
		if err := seedCasework(ctx, db, teams, now); err != nil {
			t.Fatal(err)
		}
		t.Logf("case work seeded in %s", time.Since(started).Round(time.Millisecond))

		ids := map[string]string{}
		users, err := db.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			ids[u.Email] = u.ID
		}
		team, other := teams[CaseworkTeam].ID, teams[caseworkOtherTeam].ID
		cases, err := db.TeamCases(ctx, []string{team, other})
		if err != nil {
			t.Fatal(err)
		}
		clients := map[string]bool{}
		inTeam := 0
		for _, c := range cases {
			clients[c.ClientID] = true
			if c.TeamID == team {
				inTeam++
			}
		}
		if len(cases) != len(demoClients) || len(clients) != len(demoClients) || inTeam != len(teamWorkers) {
			t.Fatalf("%d cases of %d clients, %d in the team; want %d clients with a case each, %d in the team",
				len(cases), len(clients), inTeam, len(demoClients), len(teamWorkers))
		}

		var regressed, top, noHetu, notReached, plannedSoon, held, noShows, followedUp, overdue, openTasks int
		var withPlan, fromIntake, referrals, withdrawn, expired int
		for i := range cases {
			c := &cases[i]
			cl, err := db.Client(ctx, c.ClientID)
			if err != nil {
				t.Fatal(err)
			}
			if cl.Hetu == "" {
				noHetu++
			} else if code, err := hetu.Parse(cl.Hetu); err != nil || !code.Temporary {
				t.Errorf("client %s: an identity code that is not a valid temporary one", cl.ID)
			}
			if c.Origin == casework.OriginIntake {
				fromIntake++
			}

			// The ladder: a dated history from the first stage to the current one.
			steps, err := db.LadderSteps(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(steps) == 0 || steps[0].From != 0 || steps[len(steps)-1].To != c.Stage {
				t.Fatalf("case %s: ladder history %+v does not lead to stage %d", c.ID, steps, c.Stage)
			}
			down := false
			for j, s := range steps {
				if j > 0 && (s.From != steps[j-1].To || s.At.Before(steps[j-1].At)) {
					t.Errorf("case %s: step %d does not follow the one before", c.ID, j)
				}
				if s.Reason == "" || s.By == "" {
					t.Errorf("case %s: step %d without a reason or who", c.ID, j)
				}
				down = down || s.Regression()
				if s.To == 7 {
					top++
				}
			}
			if down {
				regressed++
			}

			// Meetings: no-shows each with a follow-up, and never a closure.
			meetings, err := db.Meetings(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			tasks, err := db.Tasks(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var last *casework.Meeting
			for j := range meetings {
				m := &meetings[j]
				switch m.Status {
				case casework.MeetingHeld:
					held++
				case casework.MeetingNoShow:
					noShows++
					if !slices.ContainsFunc(tasks, func(tk casework.Task) bool { return tk.MeetingID == m.ID }) {
						t.Errorf("case %s: a no-show without a follow-up", c.ID)
					}
				case casework.MeetingPlanned:
					if m.At.Before(now) {
						t.Errorf("case %s: a planned meeting in the past", c.ID)
					} else if m.At.Before(now.Add(15 * 24 * time.Hour)) {
						plannedSoon++
					}
				}
				if m.At.Before(now) && m.Status != casework.MeetingCancelled {
					last = m
				}
			}
			for _, tk := range tasks {
				switch {
				case tk.DoneAt == nil:
					openTasks++
					if tk.Due.Before(today) {
						overdue++
					}
				case tk.DoneAt.Sub(tk.CreatedAt) <= 5*24*time.Hour+4*time.Hour:
					followedUp++
				}
			}
			if c.Status == casework.StatusClosed {
				if !slices.Contains([]casework.CloseReason{casework.CloseToEmployment, casework.CloseToServices,
					casework.CloseMovedAway}, c.CloseReason) {
					t.Errorf("case %s closed for %s", c.ID, c.CloseReason)
				}
				if last == nil || last.Status != casework.MeetingHeld || last.At.After(*c.ClosedAt) {
					t.Errorf("case %s: closed right after a no-show (%+v)", c.ID, last)
				}
			}
			if casework.NotReached(c, notReachedDays, now) {
				notReached++
			}

			// Plans in 1–3 versions, each with a start self-assessment.
			plans, err := db.Plans(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(plans) > 3 {
				t.Errorf("case %s: %d plan versions", c.ID, len(plans))
			}
			if len(plans) > 0 {
				withPlan++
				as, err := db.Assessments(ctx, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(as) == 0 || as[0].Kind != casework.AssessmentStart {
					t.Errorf("case %s: a plan without a start self-assessment", c.ID)
				}
			}

			// Consents, and referrals carrying only what they cover.
			consents, err := db.Consents(ctx, c.ClientID)
			if err != nil {
				t.Fatal(err)
			}
			for _, cs := range consents {
				if cs.WithdrawnAt != nil {
					withdrawn++
				} else if cs.ValidUntil.Before(today) {
					expired++
				}
			}
			refs, err := db.Referrals(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, ref := range refs {
				referrals++
				i := slices.IndexFunc(consents, func(cs casework.Consent) bool { return cs.ID == ref.ConsentID })
				if i < 0 || !consents[i].ActiveAt(ref.SentAt) {
					t.Fatalf("referral %s without a consent active when sent", ref.ID)
				}
				for _, k := range ref.Shared {
					if !consents[i].Covers(k) {
						t.Errorf("referral %s shares %s, which the consent does not cover", ref.ID, k)
					}
				}
				checkShared(t, ref)
			}
		}
		t.Logf("%d regressed, %d reached the top, %d without a hetu, %d not reached, %d planned soon, %d held, %d no-shows, "+
			"%d followed up within 5 days, %d open follow-ups (%d overdue), %d with a plan, %d from intake, %d referrals",
			regressed, top, noHetu, notReached, plannedSoon, held, noShows, followedUp, openTasks, overdue, withPlan,
			fromIntake, referrals)
		if regressed < len(cases)/5 || regressed > len(cases)*2/3 {
			t.Errorf("%d of %d cases slipped back on the ladder; want about a third", regressed, len(cases))
		}
		if top < 3 {
			t.Errorf("%d cases reached the top of the ladder, want a few", top)
		}
		if share := float64(noShows) / float64(held+noShows); share < 0.1 || share > 0.2 {
			t.Errorf("no-shows %.0f %% of meetings, want 10–20 %%", 100*share)
		}
		if followedUp < noShows*3/4 {
			t.Errorf("%d of %d no-shows followed up within five days; want most", followedUp, noShows)
		}
		if overdue < 1 || openTasks < 3 {
			t.Errorf("%d open follow-ups, %d overdue: the workers' lists should show some", openTasks, overdue)
		}
		if notReached < 4 {
			t.Errorf("%d clients not reached for %d days, want some", notReached, notReachedDays)
		}
		if plannedSoon < len(cases)/2 {
			t.Errorf("%d meetings planned for the coming two weeks, want most open cases to have one", plannedSoon)
		}
		if noHetu < 3 || withPlan < len(cases)/2 || referrals < 3 || withdrawn < 1 || expired < 1 {
			t.Errorf("%d clients without a hetu, %d cases with a plan, %d referrals, %d consents withdrawn, %d expired",
				noHetu, withPlan, referrals, withdrawn, expired)
		}

		// Caseloads: the team's cap, and one worker over it by a team lead's override.
		caps, err := db.TeamCaps(ctx)
		if err != nil || caps[team] != CaseworkCap {
			t.Fatalf("team cap %d (%v), want %d", caps[team], err, CaseworkCap)
		}
		workers := []string{ids[caseworkJari], ids[caseworkMinna], ids[caseworkSatu]}
		loads, err := db.Caseloads(ctx, workers)
		if err != nil {
			t.Fatal(err)
		}
		over := 0
		for _, w := range workers {
			if loads[w] > CaseworkCap {
				over++
			}
		}
		if over != 1 || loads[ids[caseworkJari]] <= CaseworkCap {
			t.Errorf("caseloads %v against the cap %d; want Jari alone over it", loads, CaseworkCap)
		}
		overrides := 0
		for _, c := range cases {
			events, err := db.CaseEvents(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range events {
				if ev.Type == casework.EventOverride {
					overrides++
					if u := userByID(users, ev.By); u == nil || u.Role != access.RoleTeamLead || ev.Text == "" {
						t.Errorf("an override without a team lead's reason: %+v", ev)
					}
				}
			}
		}
		if overrides != 1 {
			t.Errorf("%d over-cap overrides recorded, want 1", overrides)
		}
	})
}

// checkShared fails if a referral's content carries a kind it does not share.
func checkShared(t *testing.T, ref casework.Referral) {
	t.Helper()
	c := ref.Content
	carried := map[casework.InfoKind]bool{
		casework.InfoContact:   c.Name != "" || c.Phone != "" || c.Email != "" || c.Address != "",
		casework.InfoSituation: len(c.Situation) > 0,
		casework.InfoLadder:    c.Stage != 0 || len(c.StageName) > 0,
		casework.InfoPlan:      len(c.Goals) > 0,
		casework.InfoProgress:  len(c.Scores) > 0,
	}
	for k, has := range carried {
		if has && !slices.Contains(ref.Shared, k) {
			t.Errorf("referral %s carries %s without sharing it", ref.ID, k)
		}
	}
	if !carried[casework.InfoContact] {
		t.Errorf("referral %s carries no contact details", ref.ID)
	}
}

func userByID(users []access.User, id string) *access.User {
	for i := range users {
		if users[i].ID == id {
			return &users[i]
		}
	}
	return nil
}

// TestGenerateCaseworkDeterministic: the same day gives the same demo.
func TestGenerateCaseworkDeterministic(t *testing.T) {
	now := time.Date(2026, time.March, 18, 11, 30, 0, 0, calendar.Helsinki)
	teams, m := memDemo()
	gen := func() []*caseScript {
		s, err := generateCasework(teams, m.users, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := gen(), gen()
	if len(a) != len(demoClients) {
		t.Fatalf("%d scripts, want %d", len(a), len(demoClients))
	}
	hetus := map[string]bool{}
	for i := range a {
		if a[i].client.Name != b[i].client.Name || a[i].client.Hetu != b[i].client.Hetu || len(a[i].ops) != len(b[i].ops) ||
			!a[i].kase.OpenedAt.Equal(b[i].kase.OpenedAt) {
			t.Fatalf("script %d differs between two runs", i)
		}
		for j := range a[i].ops {
			if !a[i].ops[j].at.Equal(b[i].ops[j].at) {
				t.Fatalf("script %d op %d differs between two runs", i, j)
			}
			if a[i].ops[j].at.After(now) {
				t.Errorf("script %d op %d is in the future", i, j)
			}
		}
		if h := a[i].client.Hetu; h != "" {
			if hetus[h] {
				t.Errorf("identity code used twice")
			}
			hetus[h] = true
		}
	}
}
