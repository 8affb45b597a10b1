// Package casework is the holding-on case work of seed 002: identified
// clients, their cases with a named worker, the trust ladder, meetings and
// outreach, follow-ups instead of closure after a no-show, the client plan,
// progress self-assessments, consent to share information, caseloads and
// who may see a case. It holds rules only; storage is behind interfaces.
package casework

import (
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
)

// Area is one of the support-need areas of the Social Welfare Act
// (1301/2014) 11 §. A case's overall situation and the progress
// self-assessment are both described by area.
type Area string

const (
	AreaDailyLiving      Area = "daily_living"      // 1) managing daily life
	AreaHousing          Area = "housing"           // 2) housing
	AreaFinances         Area = "finances"          // 3) financial support
	AreaInclusion        Area = "inclusion"         // 4) preventing exclusion, promoting participation
	AreaViolence         Area = "violence"          // 5) violence in close relationships, abuse
	AreaCrisis           Area = "crisis"            // 6) sudden crises
	AreaChildDevelopment Area = "child_development" // 7) a child's balanced development
	AreaSubstanceHealth  Area = "substance_health"  // 8) substance use, mental health, illness, disability, ageing
	AreaFunctioning      Area = "functioning"       // 9) other physical, mental, social or cognitive functioning
	AreaCarers           Area = "carers"            // 10) supporting family and close ones
)

// Areas lists the areas in the order of the law.
var Areas = []Area{AreaDailyLiving, AreaHousing, AreaFinances, AreaInclusion, AreaViolence, AreaCrisis,
	AreaChildDevelopment, AreaSubstanceHealth, AreaFunctioning, AreaCarers}

// Valid reports whether a is one of the law's areas.
func (a Area) Valid() bool { return contains(Areas, a) }

// Client is an identified person Kynnys does case work with. ID is the
// person's id (shared with intake items about the same person), under which
// the access log is kept.
type Client struct {
	ID   string
	Name string
	// Hetu is the personal identity code, empty when the person has none;
	// then BirthDate is required. Personal data: never in a URL or a log.
	Hetu         string
	BirthDate    calendar.Date
	Phone        string
	Email        string
	Address      string
	Languages    []string // ISO 639-1 codes, the client's first
	Municipality string
	CreatedAt    time.Time
	CreatedBy    string
	UpdatedAt    time.Time
	Version      int
}

// Match is an existing client that a new one may duplicate.
type Match struct {
	ClientID     string
	Name         string
	BirthDate    calendar.Date
	Municipality string
	// ByHetu: the identity codes are equal, so it is the same person;
	// otherwise the name and birth date are.
	ByHetu bool
}

// Status is where a case stands.
type Status string

const (
	StatusActive Status = "active"
	StatusPaused Status = "paused"
	StatusClosed Status = "closed"
)

// Statuses lists the statuses in a stable order.
var Statuses = []Status{StatusActive, StatusPaused, StatusClosed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return contains(Statuses, s) }

// CloseReason says why a case was closed. There is deliberately no "did not
// show up": in the holding-on model a missed meeting leads to a follow-up,
// never to closure.
type CloseReason string

const (
	CloseGoalsMet       CloseReason = "goals_met"
	CloseToServices     CloseReason = "to_services"
	CloseToEmployment   CloseReason = "to_employment"
	CloseMovedAway      CloseReason = "moved_away"
	CloseClientDeclined CloseReason = "client_declined"
	CloseDeceased       CloseReason = "deceased"
	CloseOther          CloseReason = "other"
)

// CloseReasons lists the reasons in a stable order.
var CloseReasons = []CloseReason{CloseGoalsMet, CloseToServices, CloseToEmployment, CloseMovedAway,
	CloseClientDeclined, CloseDeceased, CloseOther}

// Valid reports whether r is a known reason.
func (r CloseReason) Valid() bool { return contains(CloseReasons, r) }

// Origin is where a case came from.
type Origin string

const (
	OriginDirect    Origin = "direct"
	OriginIntake    Origin = "intake"    // OriginRef is the intake item's id
	OriginEncounter Origin = "encounter" // OriginRef is the encounter's id
)

// Valid reports whether o is a known origin.
func (o Origin) Valid() bool { return o == OriginDirect || o == OriginIntake || o == OriginEncounter }

// Case is the work with one client in one team.
type Case struct {
	ID             string
	ClientID       string
	TeamID         string
	WorkerID       string // the named worker
	SecondWorkerID string // optional
	TargetGroup    access.TargetGroup
	Status         Status
	CloseReason    CloseReason // when closed
	CloseNote      string
	Origin         Origin
	OriginRef      string
	// Situation is the client's overall situation, a short text per area
	// (only the areas that concern the client).
	Situation map[Area]string
	// Stage is the current trust-ladder stage (0 before the first one is
	// recorded) and StageAt when it was reached.
	Stage   int
	StageAt time.Time
	// LastContactAt is the last held meeting (nil: none yet), for the
	// "not reached for N days" list.
	LastContactAt *time.Time
	OpenedAt      time.Time
	OpenedBy      string
	ClosedAt      *time.Time
	UpdatedAt     time.Time
	Version       int
}

// HasWorker reports whether userID is the case's named or second worker.
func (c *Case) HasWorker(userID string) bool {
	return userID != "" && (c.WorkerID == userID || c.SecondWorkerID == userID)
}

// Open reports whether work on the case goes on (active or paused).
func (c *Case) Open() bool { return c.Status != StatusClosed }

// EventType names an entry in a case's history.
type EventType string

const (
	EventOpened       EventType = "opened"
	EventAssigned     EventType = "assigned"      // Text: the workers
	EventOverride     EventType = "over_cap"      // a team lead assigned beyond the cap; Text: the reason
	EventStatus       EventType = "status"        // Text: the new status (and reason)
	EventSituation    EventType = "situation"     // the overall situation was updated
	EventReadGranted  EventType = "read_granted"  // a same-team social worker stated a purpose; Text: it
	EventConsent      EventType = "consent"       // a consent was recorded or withdrawn
	EventReferralSent EventType = "referral_sent" // Text: the partner
)

// Event is one entry of a case's history. Append-only.
type Event struct {
	ID     string
	CaseID string
	At     time.Time
	By     string
	Type   EventType
	Text   string
}

// Stage is one rung of the trust ladder, defined by the county.
type Stage struct {
	Number      int               `json:"number"`
	Label       map[string]string `json:"label"`       // fi, sv, en
	Description map[string]string `json:"description"` // fi, sv, en
}

// Ladder is the county's trust ladder: stages numbered 1..n from the
// bottom. Version counts the county's edits (0: the built-in default).
type Ladder struct {
	Stages  []Stage `json:"stages"`
	Version int     `json:"-"`
}

// LadderStep is one dated change of a case's stage, with who and why.
// From is 0 for the first stage recorded.
type LadderStep struct {
	ID     string
	CaseID string
	At     time.Time
	By     string
	From   int
	To     int
	Reason string
}

// Regression reports whether the step goes down the ladder: normal in this
// work, and shown as such.
func (s LadderStep) Regression() bool { return s.From > 0 && s.To < s.From }

// Place is where a meeting happens.
type Place string

const (
	PlaceOffice        Place = "office"
	PlaceHome          Place = "home"
	PlaceStreet        Place = "street"
	PlacePartnerOffice Place = "partner_office"
	PlacePhone         Place = "phone"
	PlaceVideo         Place = "video"
)

// Places lists the places in a stable order.
var Places = []Place{PlaceOffice, PlaceHome, PlaceStreet, PlacePartnerOffice, PlacePhone, PlaceVideo}

// Valid reports whether p is a known place.
func (p Place) Valid() bool { return contains(Places, p) }

// Outreach reports whether meeting at p means going out to the client.
func (p Place) Outreach() bool { return p == PlaceHome || p == PlaceStreet || p == PlacePartnerOffice }

// MeetingStatus is a meeting's state.
type MeetingStatus string

const (
	MeetingPlanned   MeetingStatus = "planned"
	MeetingHeld      MeetingStatus = "held"
	MeetingNoShow    MeetingStatus = "no_show"
	MeetingCancelled MeetingStatus = "cancelled"
)

// MeetingStatuses lists the states in a stable order.
var MeetingStatuses = []MeetingStatus{MeetingPlanned, MeetingHeld, MeetingNoShow, MeetingCancelled}

// Valid reports whether s is a known meeting state.
func (s MeetingStatus) Valid() bool { return contains(MeetingStatuses, s) }

// Meeting is a planned or held meeting with the client.
type Meeting struct {
	ID        string
	CaseID    string
	At        time.Time
	Place     Place
	Status    MeetingStatus
	Outcome   string // what came of it, in a few words
	By        string // who planned or recorded it
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int
}

// TaskKind is how a follow-up reaches for the client.
type TaskKind string

const (
	TaskCall    TaskKind = "call"
	TaskLetter  TaskKind = "letter"
	TaskVisit   TaskKind = "visit"
	TaskMessage TaskKind = "message"
)

// TaskKinds lists the kinds in a stable order.
var TaskKinds = []TaskKind{TaskCall, TaskLetter, TaskVisit, TaskMessage}

// Valid reports whether k is a known kind.
func (k TaskKind) Valid() bool { return contains(TaskKinds, k) }

// Task is a follow-up: what the worker does to reach the client again.
type Task struct {
	ID         string
	CaseID     string
	MeetingID  string // the missed meeting that caused it, if any
	Kind       TaskKind
	Due        calendar.Date
	AssignedTo string
	Note       string
	CreatedAt  time.Time
	CreatedBy  string
	DoneAt     *time.Time
	DoneBy     string
	// Reached: whether the follow-up reached the client.
	Reached bool
	Outcome string
}

// Goal is one goal of a client plan, in the client's own words, with the
// actions agreed for it.
type Goal struct {
	Text    string   `json:"text"`
	Actions []Action `json:"actions"`
}

// Action is who does what towards a goal.
type Action struct {
	What string `json:"what"`
	Who  string `json:"who"` // the client, the worker, a partner…
	Done bool   `json:"done"`
}

// Plan is one version of a case's client plan. Every save is a new version;
// the earlier ones are the plan's history.
type Plan struct {
	ID         string
	CaseID     string
	Version    int
	Goals      []Goal
	ReviewDate calendar.Date
	SavedAt    time.Time
	SavedBy    string
}

// AssessmentKind says when a self-assessment was made.
type AssessmentKind string

const (
	AssessmentStart  AssessmentKind = "start"
	AssessmentReview AssessmentKind = "review"
)

// Assessment is the client's self-assessment: a score 1–10 per area the
// client chose to assess.
type Assessment struct {
	ID     string
	CaseID string
	At     time.Time
	Kind   AssessmentKind
	Scores map[Area]int
	By     string
}

// InfoKind is a kind of information a consent may cover.
type InfoKind string

const (
	InfoContact   InfoKind = "contact"   // name, phone, email, address
	InfoSituation InfoKind = "situation" // the overall situation by area
	InfoLadder    InfoKind = "ladder"    // the trust-ladder stage
	InfoPlan      InfoKind = "plan"      // the client plan's goals and actions
	InfoProgress  InfoKind = "progress"  // the self-assessments
)

// InfoKinds lists the kinds in a stable order.
var InfoKinds = []InfoKind{InfoContact, InfoSituation, InfoLadder, InfoPlan, InfoProgress}

// Valid reports whether k is a known kind.
func (k InfoKind) Valid() bool { return contains(InfoKinds, k) }

// Partner is a kind of organisation information may go to.
type Partner string

const (
	PartnerKela            Partner = "kela"
	PartnerEmployment      Partner = "employment_services"
	PartnerDebtEnforcement Partner = "debt_enforcement"
	PartnerDVV             Partner = "dvv"
	PartnerHealthCare      Partner = "health_care"
	PartnerNGO             Partner = "ngo"
	PartnerOther           Partner = "other"
)

// Partners lists the partners in a stable order.
var Partners = []Partner{PartnerKela, PartnerEmployment, PartnerDebtEnforcement, PartnerDVV, PartnerHealthCare,
	PartnerNGO, PartnerOther}

// Valid reports whether p is a known partner.
func (p Partner) Valid() bool { return contains(Partners, p) }

// Consent is the client's consent to give information to a partner.
type Consent struct {
	ID           string
	ClientID     string
	Partner      Partner
	Organisation string // the named organisation (for ngo and other, required)
	Scope        []InfoKind
	GivenAt      time.Time
	ValidUntil   calendar.Date // inclusive
	RecordedBy   string
	WithdrawnAt  *time.Time
	WithdrawnBy  string
}

// Referral is information sent from a case to a partner: only what a valid
// consent covers.
type Referral struct {
	ID           string
	CaseID       string
	ConsentID    string
	Partner      Partner
	Organisation string
	Message      string
	Shared       []InfoKind
	Content      ReferralContent
	SentAt       time.Time
	SentBy       string
}

// ReferralContent is what the partner receives. Fields outside the
// consent's scope are empty.
type ReferralContent struct {
	Name      string            `json:"name,omitempty"`
	Phone     string            `json:"phone,omitempty"`
	Email     string            `json:"email,omitempty"`
	Address   string            `json:"address,omitempty"`
	Situation map[Area]string   `json:"situation,omitempty"`
	Stage     int               `json:"stage,omitempty"`
	StageName map[string]string `json:"stage_name,omitempty"`
	Goals     []Goal            `json:"goals,omitempty"`
	Scores    map[Area]int      `json:"scores,omitempty"`
}

// Settings are the county's case-work settings.
type Settings struct {
	// NotReachedDays: a case whose client has not been met for this many
	// days shows on the worker's list.
	NotReachedDays int
	// DefaultCap is the caseload cap of a team without its own.
	DefaultCap int
}

// DefaultSettings are used until the county sets its own.
var DefaultSettings = Settings{NotReachedDays: 14, DefaultCap: 25}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// DuplicateError is returned when a client with the same identity code
// already exists. It matches kynnys.ErrConflict.
type DuplicateError struct{ ClientID string }

func (e *DuplicateError) Error() string { return "a client with this identity code exists" }

// Is makes errors.Is(err, kynnys.ErrConflict) true.
func (e *DuplicateError) Is(target error) bool { return target == kynnys.ErrConflict }

// ClientQuery is a search for clients: an exact identity code, or a name
// (words matched as prefixes of the name's words) with an optional birth
// date. The query itself is personal data: it travels in a POST body only.
type ClientQuery struct {
	Hetu      string
	Name      string
	BirthDate calendar.Date
	Limit     int
}

// ReportData is what the case-work reports are computed from: the cases of
// some teams with their ladder steps, meetings and follow-ups.
type ReportData struct {
	Cases    []Case
	Steps    []LadderStep
	Meetings []Meeting
	Tasks    []Task
}
