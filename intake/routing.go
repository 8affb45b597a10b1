package intake

import (
	"strings"

	"kynnys/access"
	"kynnys/calendar"
)

// OlderPersonAge is the age from which a person's matter goes to the
// elderly services' team (decision: the usual line of Finnish county
// services for older people).
const OlderPersonAge = 65

// TargetGroupFor decides the target group that routes an item: a child or a
// child welfare kind → families; an older person → elderly; someone with
// the highest care allowance → disabled; anyone else → working age.
func TargetGroupFor(k Kind, s Subject, opened calendar.Date) access.TargetGroup {
	switch {
	case k.ChildWelfare() || s.IsChildOn(opened):
		return access.TargetFamilies
	case k == KindElderly, !s.BirthDate.IsZero() && AgeOn(s.BirthDate, opened) >= OlderPersonAge,
		s.BirthDate.IsZero() && s.Older:
		return access.TargetElderly
	case s.HighestCareAllowance:
		return access.TargetDisabled
	}
	return access.TargetWorkingAge
}

// Route picks the team for an item from municipality and target group: the
// first team (teams come in name order) that serves both. A team that lists
// no municipalities serves all of them, and likewise for target groups, but
// a team that names both is preferred. With no team, the county's default
// team (which may be empty) takes it, and routed is false.
func Route(teams []access.Team, municipality string, tg access.TargetGroup, defaultTeam string) (teamID string, routed bool) {
	best, bestScore := "", 0
	for _, t := range teams {
		score := 0
		switch {
		case containsFold(t.Municipalities, municipality):
			score += 2
		case len(t.Municipalities) == 0:
			score++
		default:
			continue
		}
		switch {
		case containsGroup(t.TargetGroups, tg):
			score += 2
		case len(t.TargetGroups) == 0:
			score++
		default:
			continue
		}
		if score > bestScore {
			best, bestScore = t.ID, score
		}
	}
	if best == "" {
		return defaultTeam, false
	}
	return best, true
}

func containsFold(xs []string, x string) bool {
	x = strings.TrimSpace(x)
	for _, y := range xs {
		if strings.EqualFold(strings.TrimSpace(y), x) {
			return true
		}
	}
	return false
}

func containsGroup(gs []access.TargetGroup, g access.TargetGroup) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}
