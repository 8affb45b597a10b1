package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/encounter"
)

// A year of made-up encounters at the demo places, so that the statistics
// look like a pilot's (issue 4 §6). The mixes follow seed 001: mostly
// anonymous, mostly not yet clients, few continuing to services.

const (
	// encounterTarget is about how many encounters a year at the demo places.
	encounterTarget = 20000
	// encounterBatch is how many go in one transaction: large enough to be
	// fast on SQLite, small enough to keep each transaction short.
	encounterBatch = 500
	// encounterSeed makes the demo the same every time for the same day.
	encounterSeed = 2026
)

// yearTarget is how many encounters to seed. CI runs the tests with -race
// (.ci/run), and the demo tests and the server's start-up test seed the demo
// on SQLite and PostgreSQL. Under the race detector the full year takes about
// 40 s on SQLite and 23 s on PostgreSQL (4.5 s without it), so there the
// year is thinned to a twentieth: the same shape of data, seeded in a few
// seconds.
var yearTarget = func() int {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				return encounterTarget / 20
			}
		}
	}
	return encounterTarget
}()

// weighted is a code with its relative frequency.
type weighted struct {
	code   string
	weight float64
}

func pick(r *rand.Rand, ws []weighted) string {
	var sum float64
	for _, w := range ws {
		sum += w.weight
	}
	x := r.Float64() * sum
	for _, w := range ws {
		if x -= w.weight; x < 0 {
			return w.code
		}
	}
	return ws[len(ws)-1].code
}

// pickN picks n distinct codes (fewer if ws is shorter).
func pickN(r *rand.Rand, ws []weighted, n int) []string {
	var out []string
	for tries := 0; len(out) < n && tries < 20; tries++ {
		if c := pick(r, ws); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// Topic mixes by kind of place. Meeting places hear about unemployment,
// loneliness and money; the clinic mostly about substance use.
var (
	meetingTopics = []weighted{
		{"unemployment", 20}, {"loneliness", 17}, {"income_support", 16}, {"daily_life", 15}, {"substance_use", 10},
		{"debt", 8}, {"digital_services", 8}, {"benefits", 8}, {"housing", 6}, {"mental_health", 6},
		{"employment_services", 5}, {"health", 4}, {"family", 3}, {"immigration", 2}, {"violence", 1},
	}
	clinicTopics = []weighted{
		{"substance_use", 45}, {"mental_health", 15}, {"income_support", 10}, {"health", 10}, {"housing", 8},
		{"debt", 6}, {"daily_life", 5}, {"unemployment", 5}, {"benefits", 4}, {"violence", 2}, {"loneliness", 3},
	}
	phoneTopics = []weighted{
		{"income_support", 18}, {"benefits", 12}, {"family", 10}, {"housing", 10}, {"daily_life", 10},
		{"unemployment", 10}, {"mental_health", 8}, {"substance_use", 6}, {"debt", 6}, {"loneliness", 5},
		{"employment_services", 3}, {"digital_services", 3}, {"immigration", 2}, {"violence", 1},
	}
	helpMix = []weighted{
		{"advice", 30}, {"service_guidance", 25}, {"conversation_support", 20}, {"application_income_support", 6},
		{"digital_help", 5}, {"application_other", 4}, {"application_housing", 3}, {"application_rehabilitation", 3},
		{"warm_handoff", 3}, {"initial_assessment", 2}, {"shl35_contact", 1},
	}
	referralMix = []weighted{{"Kela", 35}, {"TE-palvelut", 25}, {"Järjestö", 20}, {"Ulosotto", 12}, {"DVV", 8}}
	ageMix      = []weighted{
		{"", 12}, {"under_18", 2}, {"18_29", 20}, {"30_44", 28}, {"45_64", 28}, {"65_74", 7}, {"75_plus", 3},
	}
	genderMix  = []weighted{{"", 30}, {"female", 34}, {"male", 34}, {"other", 2}}
	alreadyMix = []weighted{{"no", 65}, {"yes", 20}, {"unknown", 15}}
	// demoNotes are made-up notes of named encounters; some have none.
	demoNotes = []string{"Sovittu uusi käynti ensi viikolle.", "Toivoo yhteydenottoa puhelimitse.", "Hakemus jätetty yhdessä.", ""}
)

// kindWeight scales how busy a kind of place is per open hour.
func kindWeight(k directory.Kind) float64 {
	switch k {
	case directory.KindClinic:
		return 1.3
	case directory.KindPhone:
		return 1.1
	default:
		return 1
	}
}

// encounterStore is what seeding encounters needs.
type encounterStore interface {
	ServicePoints(ctx context.Context, f directory.Filter) ([]directory.ServicePoint, error)
	Users(ctx context.Context) ([]access.User, error)
	CreateEncounters(ctx context.Context, es []*encounter.Encounter) error
}

// seedEncounters logs a year of encounters at the teams' places, by the
// teams' staff, in batches.
func seedEncounters(ctx context.Context, st encounterStore, teams []access.Team, now time.Time) error {
	points, err := st.ServicePoints(ctx, directory.Filter{})
	if err != nil {
		return err
	}
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	es := generateEncounters(points, teamStaff(teams, users), now)
	for i := 0; i < len(es); i += encounterBatch {
		if err := st.CreateEncounters(ctx, es[i:min(i+encounterBatch, len(es))]); err != nil {
			return fmt.Errorf("demo encounters: %w", err)
		}
	}
	return nil
}

// teamStaff maps a team to the ids of those who log its encounters: its
// counsellors and health professionals, else its lead, else any member.
func teamStaff(teams []access.Team, users []access.User) map[string][]string {
	slices.SortFunc(users, func(a, b access.User) int { return cmp.Compare(a.Email, b.Email) })
	out := map[string][]string{}
	for _, t := range teams {
		var loggers, leads, members []string
		for i := range users {
			u := &users[i]
			if !u.InTeam(t.ID) {
				continue
			}
			switch u.Role {
			case access.RoleSocialCounsellor, access.RoleHealthProfessional:
				loggers = append(loggers, u.ID)
			case access.RoleTeamLead:
				leads = append(leads, u.ID)
			default:
				members = append(members, u.ID)
			}
		}
		switch {
		case len(loggers) > 0:
			out[t.ID] = loggers
		case len(leads) > 0:
			out[t.ID] = leads
		case len(members) > 0:
			out[t.ID] = members
		}
	}
	return out
}

// generateEncounters makes the encounters of the 365 days up to now at
// points whose team has staff, only within their opening hours. The same
// points, staff and day give the same encounters.
func generateEncounters(points []directory.ServicePoint, staff map[string][]string, now time.Time) []*encounter.Encounter {
	points = slices.Clone(points)
	slices.SortFunc(points, func(a, b directory.ServicePoint) int { return cmp.Compare(a.Name.FI, b.Name.FI) })
	today := calendar.DateOf(now)
	from := today.AddDays(-364)

	type slot struct {
		point  *directory.ServicePoint
		staff  []string
		iv     directory.Interval
		weight float64
	}
	var slots []slot
	var weightSum float64
	for i := range points {
		sp := &points[i]
		ids := staff[sp.TeamID]
		if len(ids) == 0 {
			continue
		}
		for _, iv := range sp.Openings(from, today) {
			if !iv.Start.Before(now) {
				continue
			}
			w := iv.End.Sub(iv.Start).Hours() * kindWeight(sp.Kind)
			slots = append(slots, slot{sp, ids, iv, w})
			weightSum += w
		}
	}
	if weightSum == 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(encounterSeed, uint64(today.Year)*1000+uint64(today.Month)*40+uint64(today.Day)))
	perWeight := float64(yearTarget) / weightSum
	out := make([]*encounter.Encounter, 0, yearTarget+len(slots))
	for _, s := range slots {
		// The expected count, rounded at random: the total stays close to the target.
		n := int(s.weight*perWeight + r.Float64())
		span := s.iv.End.Sub(s.iv.Start)
		end := s.iv.End
		if now.Before(end) {
			end = now
		}
		for range n {
			// Two uniforms averaged: busier in the middle of the opening.
			at := s.iv.Start.Add(time.Duration((r.Float64() + r.Float64()) / 2 * float64(span))).Truncate(time.Minute)
			if !at.Before(end) {
				continue
			}
			out = append(out, randomEncounter(r, s.point, s.staff, at))
		}
	}
	return out
}

// randomEncounter makes an encounter at sp at the instant at, logged when
// it happened: the desk lists what a counsellor logged in the last 24 h, and
// a year seeded at start-up would otherwise all show there.
func randomEncounter(r *rand.Rand, sp *directory.ServicePoint, staff []string, at time.Time) *encounter.Encounter {
	e := &encounter.Encounter{ServicePointID: sp.ID, StaffID: staff[r.IntN(len(staff))], StartedAt: at, CreatedAt: at,
		Anonymous: r.Float64() < 0.85, AgeBand: pick(r, ageMix), Gender: pick(r, genderMix),
		AlreadyClient: pick(r, alreadyMix), ContinuedToServices: r.Float64() < 0.15, FirstVisit: r.Float64() < 0.6}
	topics := meetingTopics
	switch sp.Kind {
	case directory.KindPhone:
		e.Channel, topics = encounter.ChannelPhone, phoneTopics
		e.DurationMin = 5 + r.IntN(26)
	case directory.KindClinic:
		e.Channel, topics = encounter.ChannelWalkIn, clinicTopics
		if r.Float64() < 0.1 {
			e.Channel = encounter.ChannelPhone
		}
		e.DurationMin = 10 + r.IntN(41)
	default:
		e.Channel = encounter.ChannelWalkIn
		if r.Float64() < 0.04 {
			e.Channel = encounter.ChannelOutreach
		}
		e.DurationMin = 10 + r.IntN(51)
	}
	e.Topics = pickN(r, topics, 1+r.IntN(2)+r.IntN(2))
	e.Help = pickN(r, helpMix, 1+r.IntN(2))
	if slices.Contains(e.Topics, "digital_services") && !slices.Contains(e.Help, "digital_help") {
		e.Help = append(e.Help, "digital_help")
	}
	if r.Float64() < 0.12 {
		n := 1
		if r.Float64() < 0.15 {
			n = 2
		}
		e.ReferredTo = pickN(r, referralMix, n)
	}
	if !e.Anonymous {
		e.Note = demoNotes[r.IntN(len(demoNotes))]
	}
	return e
}
