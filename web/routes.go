package web

import (
	"net/http"
	"strings"

	"kynnys/access"
	"kynnys/encounter"
)

// authKind is how a route is guarded. Every route has one; there is no
// unguarded way to register a route.
type authKind int

const (
	// authPublic: anyone, signed in or not.
	authPublic authKind = iota
	// authPending: a browser session that passed the password step, with or
	// without the second factor (the second-factor and enrolment pages, sign-out).
	authPending
	// authStaff: a fully signed-in session (pages) or a bearer token (API)
	// whose user access.Can do the route's action.
	authStaff
)

// route is one registered endpoint with its policy and, for the API, its
// OpenAPI description.
type route struct {
	pattern string // ServeMux pattern, "METHOD /path"
	auth    authKind
	action  access.Action // for authStaff
	api     bool          // JSON errors; bearer tokens instead of cookies
	doc     *apiOp        // OpenAPI operation, for API routes
	handler http.HandlerFunc
}

func (rt *route) method() string { m, _, _ := strings.Cut(rt.pattern, " "); return m }
func (rt *route) path() string   { _, p, _ := strings.Cut(rt.pattern, " "); return p }

func (s *Server) add(rt *route) {
	s.routes = append(s.routes, rt)
	s.mux.Handle(rt.pattern, s.guard(rt))
}

// public registers a page anyone may see.
func (s *Server) public(pattern string, h http.HandlerFunc) {
	s.add(&route{pattern: pattern, auth: authPublic, handler: h})
}

// pending registers a page for a session between password and second factor.
func (s *Server) pending(pattern string, h http.HandlerFunc) {
	s.add(&route{pattern: pattern, auth: authPending, handler: h})
}

// page registers a staff page guarded by action.
func (s *Server) page(pattern string, action access.Action, h http.HandlerFunc) {
	s.add(&route{pattern: pattern, auth: authStaff, action: action, handler: h})
}

// apiRoute registers an API endpoint guarded by action (bearer token).
func (s *Server) apiRoute(pattern string, action access.Action, doc *apiOp, h http.HandlerFunc) {
	s.add(&route{pattern: pattern, auth: authStaff, action: action, api: true, doc: doc, handler: h})
}

// publicAPI registers an API endpoint open to anyone.
func (s *Server) publicAPI(pattern string, doc *apiOp, h http.HandlerFunc) {
	s.add(&route{pattern: pattern, auth: authPublic, api: true, doc: doc, handler: h})
}

func (s *Server) registerRoutes() {
	// Operations.
	s.public("GET /healthz", s.healthz)
	s.public("GET /readyz", s.readyz)
	s.public("GET /metrics", s.metricsHandler())
	s.public("GET /static/{file}", s.static)

	// Public pages: the directory of places and phone services.
	s.public("GET /{$}", s.home)
	s.public("GET /places/{id}", s.placePage)
	s.public("GET /phone", s.phonePage)
	s.public("GET /accessibility", s.accessibility)

	// Signing in.
	s.public("GET /login", s.loginForm)
	s.public("POST /login", s.login)
	s.pending("GET /login/second-factor", s.secondFactorForm)
	s.pending("POST /login/second-factor", s.secondFactor)
	s.pending("GET /login/enrol", s.enrolForm)
	s.pending("GET /login/enrol/qr.png", s.enrolQR)
	s.pending("POST /login/enrol", s.enrol)
	s.pending("POST /logout", s.logout)

	// Staff area.
	s.page("GET /staff", access.ActionUseStaffArea, s.start)
	s.page("GET /account/password", access.ActionUseStaffArea, s.passwordForm)
	s.page("POST /account/password", access.ActionUseStaffArea, s.changePassword)
	s.page("GET /account/tokens", access.ActionUseStaffArea, s.tokens)
	s.page("POST /account/tokens", access.ActionUseStaffArea, s.createToken)
	s.page("POST /account/tokens/{id}/revoke", access.ActionUseStaffArea, s.revokeToken)

	// Administration.
	s.page("GET /admin/users", access.ActionManageUsers, s.adminUsers)
	s.page("POST /admin/users", access.ActionManageUsers, s.adminCreateUser)
	s.page("GET /admin/users/{id}", access.ActionManageUsers, s.adminUser)
	s.page("POST /admin/users/{id}", access.ActionManageUsers, s.adminUpdateUser)
	s.page("POST /admin/users/{id}/reset-second-factor", access.ActionManageUsers, s.adminResetSecondFactor)
	s.page("GET /admin/teams", access.ActionManageTeams, s.adminTeams)
	s.page("POST /admin/teams", access.ActionManageTeams, s.adminCreateTeam)
	s.page("GET /admin/teams/{id}", access.ActionManageTeams, s.adminTeam)
	s.page("POST /admin/teams/{id}", access.ActionManageTeams, s.adminUpdateTeam)

	// Service points: administration and the coverage of hours.
	s.page("GET /staff/places", access.ActionManageServicePoints, s.adminPlaces)
	s.page("GET /staff/places/new", access.ActionManageServicePoints, s.adminNewPlace)
	s.page("POST /staff/places", access.ActionManageServicePoints, s.adminCreatePlace)
	s.page("GET /staff/places/{id}", access.ActionManageServicePoints, s.adminEditPlace)
	s.page("POST /staff/places/{id}", access.ActionManageServicePoints, s.adminUpdatePlace)
	s.page("GET /staff/places/{id}/history", access.ActionManageServicePoints, s.adminPlaceHistory)
	s.page("GET /staff/coverage", access.ActionViewCoverage, s.coveragePage)
	s.page("GET /staff/coverage.csv", access.ActionViewCoverage, s.coverageCSV)

	// API.
	s.publicAPI("GET /api/v1/openapi.json", opOpenAPI, s.openAPI)
	s.apiRoute("GET /api/v1/me", access.ActionUseStaffArea, opMe, s.apiMe)
	s.publicAPI("GET /api/v1/service-points", opListServicePoints, s.apiListServicePoints)
	s.apiRoute("POST /api/v1/service-points", access.ActionManageServicePoints, opCreateServicePoint, s.apiCreateServicePoint)
	s.publicAPI("GET /api/v1/service-points/{id}", opGetServicePoint, s.apiGetServicePoint)
	s.apiRoute("PUT /api/v1/service-points/{id}", access.ActionManageServicePoints, opUpdateServicePoint, s.apiUpdateServicePoint)
	s.publicAPI("GET /api/v1/service-points/{id}/openings", opOpenings, s.apiOpenings)

	// Encounters: the vocabularies (public), logging and statistics.
	s.publicAPI("GET /api/v1/vocabularies/topics", opTopicVocabulary, s.apiVocabulary(encounter.KindTopic))
	s.publicAPI("GET /api/v1/vocabularies/help", opHelpVocabulary, s.apiVocabulary(encounter.KindHelp))
	s.publicAPI("GET /api/v1/vocabularies/age-bands", opAgeBandVocabulary, s.apiVocabulary(encounter.KindAgeBand))
	s.apiRoute("POST /api/v1/encounters", access.ActionLogEncounter, opCreateEncounter, s.apiCreateEncounter)
	s.apiRoute("GET /api/v1/reports/encounters", access.ActionViewEncounterReports, opEncounterReport, s.apiEncounterReport)

	// Desk: the counsellor's page for logging encounters, and their own recent entries.
	s.page("GET /desk", access.ActionLogEncounter, s.desk)
	s.page("GET /desk/bulk", access.ActionLogEncounter, s.deskBulk)
	s.page("POST /desk/bulk", access.ActionLogEncounter, s.deskBulkCreate)
	s.page("POST /desk", access.ActionLogEncounter, s.deskCreate)
	s.page("GET /desk/{id}", access.ActionLogEncounter, s.deskEdit)
	s.page("POST /desk/{id}", access.ActionLogEncounter, s.deskUpdate)
	s.page("POST /desk/{id}/delete", access.ActionLogEncounter, s.deskDelete)

	// Statistics: the encounter report as a page, and its CSV.
	s.page("GET /staff/statistics", access.ActionViewEncounterReports, s.statsPage)
	s.page("GET /staff/statistics.csv", access.ActionViewEncounterReports, s.statsCSV)
	s.page("GET /staff/statistics.xlsx", access.ActionViewEncounterReports, s.statsXLSX)

	// Intake: "Ask for help" and professionals' notifications (public),
	// contacts recorded by staff, the triage queue and deadline compliance.
	s.public("GET /help", s.helpForm)
	s.public("POST /help", s.helpSubmit)
	s.public("GET /help/sent/{receipt}", s.helpSent)
	s.public("GET /notify", s.notifyForm)
	s.public("POST /notify", s.notifySubmit)
	s.public("GET /notify/sent/{receipt}", s.notifySent)
	s.publicAPI("POST /api/v1/help-requests", opCreateHelpRequest, s.apiCreateHelpRequest)
	s.publicAPI("POST /api/v1/notifications", opCreateNotification, s.apiCreateNotification)
	s.apiRoute("POST /api/v1/contacts", access.ActionRecordContact, opCreateContact, s.apiCreateContact)
	s.apiRoute("GET /api/v1/contacts/{id}", access.ActionTriage, opGetContact, s.apiGetContact)
	s.page("GET /intake", access.ActionTriage, s.intakeQueue)
	s.page("GET /intake/overdue", access.ActionReroute, s.intakeOverdue)
	s.page("GET /intake/new", access.ActionRecordContact, s.intakeNewForm)
	s.page("POST /intake/new", access.ActionRecordContact, s.intakeCreate)
	s.page("GET /intake/items/{id}", access.ActionTriage, s.intakeItem)
	s.page("POST /intake/items/{id}/urgency", access.ActionTriage, s.intakeUrgency)
	s.page("POST /intake/items/{id}/assign", access.ActionTriage, s.intakeAssign)
	s.page("POST /intake/items/{id}/start", access.ActionTriage, s.intakeStart)
	s.page("POST /intake/items/{id}/close", access.ActionTriage, s.intakeClose)
	s.page("POST /intake/items/{id}/assessment-complete", access.ActionTriage, s.intakeAssessmentComplete)
	s.page("POST /intake/items/{id}/note", access.ActionTriage, s.intakeNote)
	s.page("POST /intake/items/{id}/reroute", access.ActionReroute, s.intakeReroute)
	s.page("GET /intake/report", access.ActionViewIntakeReports, s.intakeReport)
	s.page("GET /intake/report.csv", access.ActionViewIntakeReports, s.intakeReportCSV)
	s.page("POST /admin/intake-default-team", access.ActionManageTeams, s.adminSetDefaultIntakeTeam)

	// Recognition tool: the cue catalogue and the decision of the route.
	s.publicAPI("GET /api/v1/recognition/catalogue", opRecognitionCatalogue, s.apiRecognitionCatalogue)
	s.publicAPI("POST /api/v1/recognition/evaluate", opRecognitionEvaluate, s.apiRecognitionEvaluate)
	s.public("GET /recognise", s.recognisePage)
	s.public("GET /recognise/print", s.recognisePrint)
	s.page("GET /admin/recognition", access.ActionManageRecognition, s.adminRecognition)
	s.page("POST /admin/recognition", access.ActionManageRecognition, s.adminRecognitionSave)
	s.page("GET /admin/recognition/history", access.ActionManageRecognition, s.adminRecognitionHistory)
	s.page("GET /staff/recognition-stats", access.ActionViewRecognitionStats, s.recognitionStats)
	s.page("GET /staff/recognition-stats.csv", access.ActionViewRecognitionStats, s.recognitionStatsCSV)

	// Holding-on case work: clients, cases and the trust ladder, meetings and
	// follow-ups, plans, progress, consent and referrals, caseloads and reports.
	s.apiRoute("POST /api/v1/clients", access.ActionCasework, opCreateClient, s.apiCreateClient)
	s.apiRoute("GET /api/v1/clients/{id}", access.ActionCasework, opGetClient, s.apiGetClient)
	s.apiRoute("POST /api/v1/cases", access.ActionCasework, opCreateCase, s.apiCreateCase)
	s.apiRoute("GET /api/v1/cases/{id}", access.ActionCasework, opGetCase, s.apiGetCase)
	s.apiRoute("POST /api/v1/cases/{id}/ladder", access.ActionCasework, opCaseLadder, s.apiCaseLadder)
	s.apiRoute("POST /api/v1/cases/{id}/meetings", access.ActionCasework, opCaseMeeting, s.apiCaseMeeting)
	s.apiRoute("POST /api/v1/cases/{id}/meetings/{mid}/no-show", access.ActionCasework, opCaseNoShow, s.apiCaseNoShow)
	s.page("GET /clients", access.ActionCasework, s.clientsPage)
	s.page("POST /clients/search", access.ActionCasework, s.clientsSearch)
	s.page("GET /clients/new", access.ActionCasework, s.clientNewForm)
	s.page("POST /clients/new", access.ActionCasework, s.clientCreate)
	s.page("GET /clients/{id}", access.ActionCasework, s.clientPage)
	s.page("GET /clients/{id}/edit", access.ActionCasework, s.clientEditForm)
	s.page("POST /clients/{id}/edit", access.ActionCasework, s.clientUpdate)
	s.page("POST /clients/{id}/consents", access.ActionCasework, s.clientAddConsent)
	s.page("POST /clients/{id}/consents/{cid}/withdraw", access.ActionCasework, s.clientWithdrawConsent)
	s.page("GET /clients/{id}/export", access.ActionCasework, s.clientExport)
	s.page("GET /cases/new", access.ActionCasework, s.caseNewForm)
	s.page("POST /cases/new", access.ActionCasework, s.caseCreate)
	s.page("GET /cases/{id}", access.ActionCasework, s.casePage)
	s.page("POST /cases/{id}/purpose", access.ActionCasework, s.caseStatePurpose)
	s.page("POST /cases/{id}/ladder", access.ActionCasework, s.caseLadderStep)
	s.page("POST /cases/{id}/situation", access.ActionCasework, s.caseSituation)
	s.page("POST /cases/{id}/status", access.ActionCasework, s.caseStatus)
	s.page("POST /cases/{id}/workers", access.ActionCasework, s.caseWorkers)
	s.page("GET /cases/{id}/print", access.ActionCasework, s.casePrint)
	s.page("GET /cases/{id}/meetings", access.ActionCasework, s.caseMeetings)
	s.page("POST /cases/{id}/meetings", access.ActionCasework, s.caseAddMeeting)
	s.page("POST /cases/{id}/meetings/{mid}", access.ActionCasework, s.caseRecordMeeting)
	s.page("POST /cases/{id}/tasks", access.ActionCasework, s.caseAddTask)
	s.page("POST /cases/{id}/tasks/{tid}/done", access.ActionCasework, s.caseTaskDone)
	s.page("GET /cases/{id}/plan", access.ActionCasework, s.casePlan)
	s.page("POST /cases/{id}/plan", access.ActionCasework, s.caseSavePlan)
	s.page("GET /cases/{id}/progress", access.ActionCasework, s.caseProgress)
	s.page("POST /cases/{id}/progress", access.ActionCasework, s.caseAddAssessment)
	s.page("GET /cases/{id}/referrals", access.ActionCasework, s.caseReferrals)
	s.page("POST /cases/{id}/referrals", access.ActionCasework, s.caseSendReferral)
	s.page("GET /casework", access.ActionCasework, s.caseworkList)
	s.page("GET /casework/team", access.ActionManageCaseloads, s.caseworkTeam)
	s.page("POST /casework/team/{id}/cap", access.ActionManageCaseloads, s.caseworkSetCap)
	s.page("GET /casework/report", access.ActionViewCaseworkReports, s.caseworkReport)
	s.page("GET /casework/report.csv", access.ActionViewCaseworkReports, s.caseworkReportCSV)
	s.page("GET /admin/casework", access.ActionManageLadder, s.adminCasework)
	s.page("POST /admin/casework", access.ActionManageLadder, s.adminCaseworkSave)

	// Open Referral HSDS 3.0, read only.
	s.publicAPI("GET /hsds/{$}", opHSDSRoot, s.hsdsRoot)
	s.publicAPI("GET /hsds/services", opHSDSServices, s.hsdsServices)
	s.publicAPI("GET /hsds/services/{id}", opHSDSService, s.hsdsService)
	s.publicAPI("GET /hsds/service_at_locations", opHSDSServiceAtLocations, s.hsdsServiceAtLocations)
	s.publicAPI("GET /hsds/service_at_locations/{id}", opHSDSServiceAtLocation, s.hsdsServiceAtLocation)

	// Anything else: 404 in the user's language (JSON under /api/).
	s.public("/", s.notFound)
}
