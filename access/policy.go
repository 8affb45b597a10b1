package access

// Action is something a staff member may be allowed to do. Every protected
// route and API endpoint names the Action it needs; Can decides.
type Action string

const (
	// ActionUseStaffArea: the signed-in pages every staff member has
	// (start page, own password, own API tokens).
	ActionUseStaffArea Action = "staff_area"
	// ActionManageUsers: create, deactivate and reset staff accounts.
	ActionManageUsers Action = "manage_users"
	// ActionManageTeams: create and edit teams.
	ActionManageTeams Action = "manage_teams"
	// ActionVerifyAccessLog: check the access log's integrity and print extracts.
	ActionVerifyAccessLog Action = "verify_access_log"
	// ActionManageServicePoints: create and edit service points and their
	// hours (team leads: their own teams' points; checked in the handler).
	ActionManageServicePoints Action = "manage_service_points"
	// ActionViewCoverage: the coverage report of opening hours (no personal data).
	ActionViewCoverage Action = "view_coverage"
	// ActionLogEncounter: log an encounter at a point of one's own team
	// (the team is checked in the handler).
	ActionLogEncounter Action = "log_encounter"
	// ActionViewEncounterReports: encounter statistics; outside one's own
	// teams' points small counts are suppressed (RULES.md §5).
	ActionViewEncounterReports Action = "view_encounter_reports"
	// ActionRecordContact: record a phone call or a notification received
	// on paper as an intake item.
	ActionRecordContact Action = "record_contact"
	// ActionTriage: the triage queue and the items of one's own teams
	// (the team is checked in the handler; every read is access-logged).
	ActionTriage Action = "triage"
	// ActionReroute: move an item to another team, and see one's teams'
	// overdue items at a glance.
	ActionReroute Action = "reroute"
	// ActionViewIntakeReports: the deadline compliance report (aggregates;
	// small counts outside one's own teams suppressed).
	ActionViewIntakeReports Action = "view_intake_reports"
	// ActionManageRecognition: add, edit and retire the recognition tool's cues.
	ActionManageRecognition Action = "manage_recognition"
	// ActionViewRecognitionStats: how often each cue and route comes up (anonymous counts).
	ActionViewRecognitionStats Action = "view_recognition_stats"
	// ActionCasework: clients and holding-on case work. Which cases a user
	// sees is decided per case (casework.AccessTo), and every use is logged.
	ActionCasework Action = "casework"
	// ActionManageCaseloads: the team's caseloads against the cap, setting
	// the cap, and assigning beyond it (with a reason).
	ActionManageCaseloads Action = "manage_caseloads"
	// ActionViewCaseworkReports: trust-ladder and caseload reports
	// (aggregates; small counts outside one's own teams suppressed).
	ActionViewCaseworkReports Action = "view_casework_reports"
	// ActionManageLadder: define the trust ladder's stages and the
	// county's case-work settings.
	ActionManageLadder Action = "manage_ladder"
)

// grants is the whole role-to-action table. Anything not listed is denied.
var grants = map[Action][]Role{
	ActionUseStaffArea:         Roles,
	ActionManageUsers:          {RoleAdmin},
	ActionManageTeams:          {RoleAdmin},
	ActionVerifyAccessLog:      {RoleAdmin},
	ActionManageServicePoints:  {RoleAdmin, RoleTeamLead},
	ActionViewCoverage:         {RoleAdmin, RoleTeamLead, RoleAnalyst},
	ActionLogEncounter:         {RoleTeamLead, RoleSocialWorker, RoleSocialCounsellor, RoleHealthProfessional},
	ActionViewEncounterReports: {RoleAdmin, RoleTeamLead, RoleSocialWorker, RoleSocialCounsellor, RoleAnalyst},
	ActionRecordContact:        {RoleTeamLead, RoleSocialWorker, RoleSocialCounsellor},
	ActionTriage:               {RoleTeamLead, RoleSocialWorker, RoleSocialCounsellor},
	ActionReroute:              {RoleTeamLead},
	ActionViewIntakeReports:    {RoleAdmin, RoleTeamLead, RoleAnalyst},
	ActionManageRecognition:    {RoleAdmin},
	ActionViewRecognitionStats: {RoleAdmin, RoleTeamLead, RoleAnalyst},
	ActionCasework:             {RoleTeamLead, RoleSocialWorker, RoleSocialCounsellor},
	ActionManageCaseloads:      {RoleTeamLead},
	ActionViewCaseworkReports:  {RoleAdmin, RoleTeamLead, RoleAnalyst},
	ActionManageLadder:         {RoleAdmin},
}

// Can reports whether u may perform a. Default deny: no user, an inactive
// user or an action without a grant is refused.
func Can(u *User, a Action) bool {
	if u == nil || !u.Active {
		return false
	}
	for _, r := range grants[a] {
		if r == u.Role {
			return true
		}
	}
	return false
}

// RolesFor lists the roles granted a (for documentation and the route matrix test).
func RolesFor(a Action) []Role { return append([]Role(nil), grants[a]...) }
