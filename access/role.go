// Package access is who may do what in Kynnys: staff accounts, roles, teams,
// sessions, API tokens, the authorization policy and the access log required
// by act 703/2023. It holds rules only; storage is behind interfaces.
package access

import (
	"strings"
	"time"

	"kynnys"
)

// Role is a staff member's role. The identifiers are fixed: other programs use them.
type Role string

const (
	RoleAdmin              Role = "admin"
	RoleTeamLead           Role = "team_lead"
	RoleSocialWorker       Role = "social_worker"
	RoleSocialCounsellor   Role = "social_counsellor"
	RoleHealthProfessional Role = "health_professional"
	RolePartner            Role = "partner"
	RoleAnalyst            Role = "analyst"
)

// Roles lists every role in a stable order (for forms and tests).
var Roles = []Role{RoleAdmin, RoleTeamLead, RoleSocialWorker, RoleSocialCounsellor,
	RoleHealthProfessional, RolePartner, RoleAnalyst}

// Valid reports whether r is one of the fixed roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// TargetGroup is a population a team serves.
type TargetGroup string

const (
	TargetWorkingAge TargetGroup = "working_age"
	TargetFamilies   TargetGroup = "families"
	TargetDisabled   TargetGroup = "disabled"
	TargetElderly    TargetGroup = "elderly"
	TargetYouth      TargetGroup = "youth"
)

// TargetGroups lists every target group in a stable order.
var TargetGroups = []TargetGroup{TargetWorkingAge, TargetFamilies, TargetDisabled, TargetElderly, TargetYouth}

// Valid reports whether g is a known target group.
func (g TargetGroup) Valid() bool {
	for _, x := range TargetGroups {
		if g == x {
			return true
		}
	}
	return false
}

// Team is an organisation unit: a group of staff serving some municipalities
// and target groups. Intake routing and access to cases follow the team.
type Team struct {
	ID             string
	Name           string
	Municipalities []string
	TargetGroups   []TargetGroup
	CreatedAt      time.Time
}

// Validate checks a team before it is stored and normalises its lists.
func (t *Team) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		return kynnys.Invalid("name", "error.required")
	}
	if len(t.Name) > 200 {
		return kynnys.Invalid("name", "error.too_long")
	}
	muns := make([]string, 0, len(t.Municipalities))
	seen := map[string]bool{}
	for _, m := range t.Municipalities {
		m = strings.TrimSpace(m)
		if m == "" || seen[strings.ToLower(m)] {
			continue
		}
		if len(m) > 100 {
			return kynnys.Invalid("municipalities", "error.too_long")
		}
		seen[strings.ToLower(m)] = true
		muns = append(muns, m)
	}
	t.Municipalities = muns
	groups := make([]TargetGroup, 0, len(t.TargetGroups))
	seenG := map[TargetGroup]bool{}
	for _, g := range t.TargetGroups {
		if !g.Valid() {
			return kynnys.Invalid("target_groups", "error.unknown_code")
		}
		if !seenG[g] {
			seenG[g] = true
			groups = append(groups, g)
		}
	}
	t.TargetGroups = groups
	return nil
}

// User is a staff account.
type User struct {
	ID          string
	Email       string
	Name        string
	Role        Role
	Teams       []Team
	Active      bool
	TOTPEnabled bool
	CreatedAt   time.Time
}

// TeamIDs returns the ids of the user's teams.
func (u *User) TeamIDs() []string {
	ids := make([]string, len(u.Teams))
	for i, t := range u.Teams {
		ids[i] = t.ID
	}
	return ids
}

// InTeam reports whether the user belongs to the team with the given id.
func (u *User) InTeam(teamID string) bool {
	for _, t := range u.Teams {
		if t.ID == teamID {
			return true
		}
	}
	return false
}

// OrgUnit names the user's organisation unit(s) for the access log extract.
func (u *User) OrgUnit() string {
	names := make([]string, len(u.Teams))
	for i, t := range u.Teams {
		names[i] = t.Name
	}
	return strings.Join(names, "; ")
}

// NormaliseEmail gives the canonical form an email is stored and looked up in.
func NormaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ValidateNewUser checks the fields of a user about to be created.
func ValidateNewUser(email, name string, role Role) error {
	email = NormaliseEmail(email)
	at := strings.IndexByte(email, '@')
	if email == "" {
		return kynnys.Invalid("email", "error.required")
	}
	if at < 1 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n<>\"") || len(email) > 254 {
		return kynnys.Invalid("email", "error.email")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return kynnys.Invalid("name", "error.required")
	}
	if len(name) > 200 {
		return kynnys.Invalid("name", "error.too_long")
	}
	if role == "" {
		return kynnys.Invalid("role", "error.required")
	}
	if !role.Valid() {
		return kynnys.Invalid("role", "error.unknown_code")
	}
	return nil
}
