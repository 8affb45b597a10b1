package casework

import (
	"strings"
	"time"
	"unicode"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/hetu"
)

// Field limits, in bytes.
const (
	maxName   = 200
	maxShort  = 300
	maxText   = 4000
	maxGoals  = 20
	maxAction = 20
)

func text(field, v string, limit int, required bool) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" && required {
		return "", kynnys.Invalid(field, "error.required")
	}
	if len(v) > limit {
		return "", kynnys.Invalid(field, "error.too_long")
	}
	return v, nil
}

// Validate checks and normalises a client before it is stored. The identity
// code, when given, must be valid (RULES.md §4) and fixes the birth date;
// without one the birth date is required. today bounds the birth date.
func (c *Client) Validate(today calendar.Date) error {
	var err error
	if c.Name, err = text("name", c.Name, maxName, true); err != nil {
		return err
	}
	c.Hetu = strings.ToUpper(strings.TrimSpace(c.Hetu))
	if c.Hetu != "" {
		code, err := hetu.Parse(c.Hetu)
		if err != nil {
			return kynnys.Invalid("hetu", "casework.error.invalid_hetu")
		}
		if !c.BirthDate.IsZero() && c.BirthDate != code.BirthDate {
			return kynnys.Invalid("birth_date", "casework.error.birth_date_mismatch")
		}
		c.Hetu, c.BirthDate = code.Normalized, code.BirthDate
	}
	if c.BirthDate.IsZero() {
		return kynnys.Invalid("birth_date", "casework.error.birth_date_required")
	}
	// A valid identity code is accepted whatever the age it gives (the
	// register is the authority); a typed birth date must be plausible.
	if c.Hetu != "" && c.BirthDate.After(today) {
		return kynnys.Invalid("hetu", "casework.error.invalid_hetu")
	}
	if c.BirthDate.After(today) || (c.Hetu == "" && c.BirthDate.Year < today.Year-130) {
		return kynnys.Invalid("birth_date", "error.date")
	}
	if c.Municipality, err = text("municipality", c.Municipality, 100, true); err != nil {
		return err
	}
	if c.Phone, err = text("phone", c.Phone, 50, false); err != nil {
		return err
	}
	if c.Email, err = text("email", c.Email, 254, false); err != nil {
		return err
	}
	if c.Email != "" && (!strings.Contains(c.Email, "@") || strings.ContainsAny(c.Email, " <>\"")) {
		return kynnys.Invalid("email", "error.email")
	}
	if c.Address, err = text("address", c.Address, maxShort, false); err != nil {
		return err
	}
	langs := make([]string, 0, len(c.Languages))
	for _, l := range c.Languages {
		l = strings.ToLower(strings.TrimSpace(l))
		if l == "" || contains(langs, l) {
			continue
		}
		if len(l) < 2 || len(l) > 3 || strings.IndexFunc(l, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return kynnys.Invalid("languages", "casework.error.language")
		}
		langs = append(langs, l)
	}
	if len(langs) > 10 {
		return kynnys.Invalid("languages", "error.too_long")
	}
	c.Languages = langs
	return nil
}

// NameKey is the form names are compared in for duplicate detection: case
// and spacing ignored, letters kept (ä and a are different letters).
func NameKey(name string) string {
	fields := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == ',' || r == '.'
	})
	return strings.Join(fields, " ")
}

// Validate checks a case before it is opened or saved.
func (c *Case) Validate() error {
	if c.ClientID == "" {
		return kynnys.Invalid("client_id", "error.required")
	}
	if c.TeamID == "" {
		return kynnys.Invalid("team_id", "error.required")
	}
	if c.WorkerID == "" {
		return kynnys.Invalid("worker_id", "error.required")
	}
	if c.SecondWorkerID == c.WorkerID {
		c.SecondWorkerID = ""
	}
	if !c.TargetGroup.Valid() {
		return kynnys.Invalid("target_group", "error.unknown_code")
	}
	if !c.Status.Valid() {
		return kynnys.Invalid("status", "error.unknown_code")
	}
	if c.Status == StatusClosed && !c.CloseReason.Valid() {
		return kynnys.Invalid("close_reason", "error.required")
	}
	if c.Origin == "" {
		c.Origin = OriginDirect
	}
	if !c.Origin.Valid() {
		return kynnys.Invalid("origin", "error.unknown_code")
	}
	var err error
	if c.CloseNote, err = text("close_note", c.CloseNote, maxText, false); err != nil {
		return err
	}
	for a, v := range c.Situation {
		if !a.Valid() {
			return kynnys.Invalid("situation", "error.unknown_code")
		}
		if v, err = text("situation."+string(a), v, maxText, false); err != nil {
			return err
		}
		if v == "" {
			delete(c.Situation, a)
		} else {
			c.Situation[a] = v
		}
	}
	return nil
}

// Transition checks a change of status: a closed case needs a reason, and a
// closed case is reopened (to active) rather than paused.
func (c *Case) Transition(to Status, reason CloseReason, note string, now time.Time) error {
	if !to.Valid() {
		return kynnys.Invalid("status", "error.unknown_code")
	}
	if to == c.Status {
		return kynnys.Invalid("status", "casework.error.same_status")
	}
	if c.Status == StatusClosed && to == StatusPaused {
		return kynnys.Invalid("status", "casework.error.reopen_first")
	}
	note, err := text("close_note", note, maxText, false)
	if err != nil {
		return err
	}
	switch to {
	case StatusClosed:
		if !reason.Valid() {
			return kynnys.Invalid("close_reason", "error.required")
		}
		c.CloseReason, c.CloseNote, c.ClosedAt = reason, note, &now
	default:
		c.CloseReason, c.CloseNote, c.ClosedAt = "", "", nil
	}
	c.Status = to
	return nil
}

// Validate checks the county's ladder: 2–15 stages numbered 1..n, each
// named in Finnish, Swedish and English.
func (l *Ladder) Validate() error {
	if len(l.Stages) < 2 || len(l.Stages) > 15 {
		return kynnys.Invalid("stages", "casework.error.ladder_size")
	}
	for i := range l.Stages {
		s := &l.Stages[i]
		s.Number = i + 1
		for _, lang := range []string{"fi", "sv", "en"} {
			v, err := text("stages.label."+lang, s.Label[lang], maxName, true)
			if err != nil {
				return err
			}
			s.Label[lang] = v
			if s.Description == nil {
				s.Description = map[string]string{}
			}
			if s.Description[lang], err = text("stages.description."+lang, s.Description[lang], maxShort*2, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// Stage returns the stage numbered n.
func (l *Ladder) Stage(n int) (Stage, bool) {
	if n < 1 || n > len(l.Stages) {
		return Stage{}, false
	}
	return l.Stages[n-1], true
}

// Top is the number of the highest stage.
func (l *Ladder) Top() int { return len(l.Stages) }

// ClimbTo records a move of c to stage to, dated at, and updates c. Moves
// down are as valid as moves up; a move to the same stage or on a closed
// case is refused, and so is a date in the future or before the case opened.
func (c *Case) ClimbTo(l *Ladder, to int, reason, by string, at, now time.Time) (LadderStep, error) {
	if !c.Open() {
		return LadderStep{}, kynnys.Invalid("stage", "casework.error.case_closed")
	}
	if _, ok := l.Stage(to); !ok {
		return LadderStep{}, kynnys.Invalid("stage", "casework.error.unknown_stage")
	}
	if to == c.Stage {
		return LadderStep{}, kynnys.Invalid("stage", "casework.error.same_stage")
	}
	reason, err := text("reason", reason, maxText, true)
	if err != nil {
		return LadderStep{}, err
	}
	if at.IsZero() {
		at = now
	}
	if at.After(now) || at.Before(c.OpenedAt.Add(-24*time.Hour)) || (!c.StageAt.IsZero() && at.Before(c.StageAt)) {
		return LadderStep{}, kynnys.Invalid("at", "casework.error.step_date")
	}
	step := LadderStep{CaseID: c.ID, At: at, By: by, From: c.Stage, To: to, Reason: reason}
	c.Stage, c.StageAt = to, at
	return step, nil
}

// Validate checks a meeting. A held or missed meeting cannot be in the future.
func (m *Meeting) Validate(now time.Time) error {
	if m.At.IsZero() {
		return kynnys.Invalid("at", "error.required")
	}
	if !m.Place.Valid() {
		return kynnys.Invalid("place", "error.unknown_code")
	}
	if !m.Status.Valid() {
		return kynnys.Invalid("status", "error.unknown_code")
	}
	if (m.Status == MeetingHeld || m.Status == MeetingNoShow) && m.At.After(now) {
		return kynnys.Invalid("at", "casework.error.not_yet")
	}
	var err error
	m.Outcome, err = text("outcome", m.Outcome, maxText, false)
	return err
}

// FollowUpDays is how many arkipäivät after a no-show the follow-up is
// due unless the worker chooses otherwise.
const FollowUpDays = 2

// NoShow records that the client did not come to m. The case stays as it
// is: a no-show never closes a case. The returned task (a call by default)
// is due FollowUpDays arkipäivät later unless due is given, and is the
// worker's.
func NoShow(c *Case, m *Meeting, kind TaskKind, due calendar.Date, by string, now time.Time) (Task, error) {
	if !c.Open() {
		return Task{}, kynnys.Invalid("status", "casework.error.case_closed")
	}
	if m.Status != MeetingPlanned && m.Status != MeetingNoShow {
		return Task{}, kynnys.Invalid("status", "casework.error.meeting_recorded")
	}
	if !calendar.DateOf(m.At).Valid() {
		// A zero time would make the arkipäivä count below panic.
		return Task{}, kynnys.Invalid("at", "error.required")
	}
	if m.At.After(now) {
		return Task{}, kynnys.Invalid("at", "casework.error.not_yet")
	}
	if kind == "" {
		kind = TaskCall
	}
	if !kind.Valid() {
		return Task{}, kynnys.Invalid("kind", "error.unknown_code")
	}
	today := calendar.DateOf(now)
	if due.IsZero() {
		due = calendar.NthArkipaivaAfter(calendar.DateOf(m.At), FollowUpDays)
		if due.Before(today) {
			due = today
		}
	}
	if due.Before(today) {
		return Task{}, kynnys.Invalid("due", "casework.error.due_past")
	}
	m.Status = MeetingNoShow
	return Task{CaseID: c.ID, MeetingID: m.ID, Kind: kind, Due: due, AssignedTo: c.WorkerID, CreatedAt: now, CreatedBy: by}, nil
}

// Validate checks a follow-up task made by hand.
func (t *Task) Validate(today calendar.Date) error {
	if !t.Kind.Valid() {
		return kynnys.Invalid("kind", "error.unknown_code")
	}
	if t.Due.IsZero() {
		return kynnys.Invalid("due", "error.required")
	}
	if t.Due.Before(today) {
		return kynnys.Invalid("due", "casework.error.due_past")
	}
	var err error
	t.Note, err = text("note", t.Note, maxText, false)
	return err
}

// NotReached reports whether the client of an open case has gone days
// days without a held meeting (counting from the opening when there has
// been none).
func NotReached(c *Case, days int, now time.Time) bool {
	if !c.Open() || c.Status == StatusPaused {
		return false
	}
	since := c.OpenedAt
	if c.LastContactAt != nil {
		since = *c.LastContactAt
	}
	return calendar.DateOf(now).Compare(calendar.DateOf(since).AddDays(days)) >= 0
}

// Validate checks a plan version: at least one goal, each in the client's
// words, and a review date not in the past.
func (p *Plan) Validate(today calendar.Date) error {
	// Fresh slices: on an error the form is shown again from p, which must
	// still hold what was submitted.
	goals := make([]Goal, 0, len(p.Goals))
	for _, g := range p.Goals {
		t, err := text("goals.text", g.Text, maxText, false)
		if err != nil {
			return err
		}
		actions := make([]Action, 0, len(g.Actions))
		for _, a := range g.Actions {
			what, err := text("goals.actions.what", a.What, maxShort*3, false)
			if err != nil {
				return err
			}
			who, err := text("goals.actions.who", a.Who, maxName, false)
			if err != nil {
				return err
			}
			if what == "" {
				continue
			}
			if who == "" {
				return kynnys.Invalid("goals.actions.who", "error.required")
			}
			actions = append(actions, Action{What: what, Who: who, Done: a.Done})
		}
		if t == "" {
			if len(actions) > 0 {
				return kynnys.Invalid("goals.text", "error.required")
			}
			continue
		}
		if len(actions) > maxAction {
			return kynnys.Invalid("goals.actions", "error.too_long")
		}
		goals = append(goals, Goal{Text: t, Actions: actions})
	}
	if len(goals) == 0 {
		return kynnys.Invalid("goals", "casework.error.no_goals")
	}
	if len(goals) > maxGoals {
		return kynnys.Invalid("goals", "error.too_long")
	}
	p.Goals = goals
	if p.ReviewDate.IsZero() {
		return kynnys.Invalid("review_date", "error.required")
	}
	if p.ReviewDate.Before(today) {
		return kynnys.Invalid("review_date", "casework.error.due_past")
	}
	return nil
}

// Validate checks a self-assessment: at least one area, each score 1–10.
func (a *Assessment) Validate() error {
	if a.Kind != AssessmentStart && a.Kind != AssessmentReview {
		return kynnys.Invalid("kind", "error.unknown_code")
	}
	if len(a.Scores) == 0 {
		return kynnys.Invalid("scores", "casework.error.no_scores")
	}
	for area, v := range a.Scores {
		if !area.Valid() {
			return kynnys.Invalid("scores", "error.unknown_code")
		}
		if v < 1 || v > 10 {
			return kynnys.Invalid("scores."+string(area), "casework.error.score")
		}
	}
	return nil
}

// AreaChange is the change in one area between the first and the latest
// self-assessment that scored it.
type AreaChange struct {
	Area   Area
	First  int
	Latest int
	// Assessed counts the assessments that scored the area.
	Assessed int
}

// Change is Latest minus First (positive: better).
func (c AreaChange) Change() int { return c.Latest - c.First }

// Progress gives the change per area over assessments (any order), in the
// order of Areas; areas never scored are left out.
func Progress(assessments []Assessment) []AreaChange {
	type point struct {
		at time.Time
		v  int
	}
	first, latest := map[Area]point{}, map[Area]point{}
	count := map[Area]int{}
	for _, a := range assessments {
		for area, v := range a.Scores {
			count[area]++
			if p, ok := first[area]; !ok || a.At.Before(p.at) {
				first[area] = point{a.At, v}
			}
			if p, ok := latest[area]; !ok || !a.At.Before(p.at) {
				latest[area] = point{a.At, v}
			}
		}
	}
	var out []AreaChange
	for _, area := range Areas {
		if count[area] == 0 {
			continue
		}
		out = append(out, AreaChange{Area: area, First: first[area].v, Latest: latest[area].v, Assessed: count[area]})
	}
	return out
}

// Validate checks a consent before it is recorded.
func (c *Consent) Validate(today calendar.Date) error {
	if !c.Partner.Valid() {
		return kynnys.Invalid("partner", "error.unknown_code")
	}
	var err error
	required := c.Partner == PartnerNGO || c.Partner == PartnerOther
	if c.Organisation, err = text("organisation", c.Organisation, maxName, required); err != nil {
		return err
	}
	scope := make([]InfoKind, 0, len(c.Scope))
	for _, k := range InfoKinds {
		for _, s := range c.Scope {
			if !s.Valid() {
				return kynnys.Invalid("scope", "error.unknown_code")
			}
			if s == k {
				scope = append(scope, k)
				break
			}
		}
	}
	if len(scope) == 0 {
		return kynnys.Invalid("scope", "error.required")
	}
	c.Scope = scope
	if c.ValidUntil.IsZero() {
		return kynnys.Invalid("valid_until", "error.required")
	}
	if c.ValidUntil.Before(today) {
		return kynnys.Invalid("valid_until", "casework.error.due_past")
	}
	return nil
}

// ActiveAt reports whether the consent holds at now: given, not withdrawn,
// and valid until at least today.
func (c *Consent) ActiveAt(now time.Time) bool {
	return !c.GivenAt.After(now) && c.WithdrawnAt == nil && !c.ValidUntil.Before(calendar.DateOf(now))
}

// Covers reports whether the consent covers k.
func (c *Consent) Covers(k InfoKind) bool { return contains(c.Scope, k) }

// ShareInput is everything a referral could carry.
type ShareInput struct {
	Client     *Client
	Case       *Case
	Ladder     *Ladder
	Plan       *Plan       // latest version, nil when none
	Assessment *Assessment // latest, nil when none
}

// BuildReferral makes the content of a referral to the consent's partner
// carrying the kinds of information asked for. Every kind asked must be
// covered by the consent, which must be the client's and active now; what is
// not asked is not sent.
func BuildReferral(in ShareInput, consent *Consent, share []InfoKind, now time.Time) (ReferralContent, error) {
	// The case must be the consenting client's too, or another person's
	// data would go out under this consent.
	if consent == nil || consent.ClientID != in.Client.ID || in.Case.ClientID != in.Client.ID || !consent.ActiveAt(now) {
		return ReferralContent{}, kynnys.Invalid("consent_id", "casework.error.no_consent")
	}
	if len(share) == 0 {
		return ReferralContent{}, kynnys.Invalid("share", "error.required")
	}
	var out ReferralContent
	for _, k := range share {
		if !k.Valid() {
			return ReferralContent{}, kynnys.Invalid("share", "error.unknown_code")
		}
		if !consent.Covers(k) {
			return ReferralContent{}, kynnys.Invalid("share", "casework.error.not_consented")
		}
		switch k {
		case InfoContact:
			out.Name, out.Phone, out.Email, out.Address = in.Client.Name, in.Client.Phone, in.Client.Email, in.Client.Address
		case InfoSituation:
			out.Situation = map[Area]string{}
			for a, v := range in.Case.Situation {
				out.Situation[a] = v
			}
		case InfoLadder:
			if in.Ladder != nil {
				if st, ok := in.Ladder.Stage(in.Case.Stage); ok {
					out.Stage, out.StageName = st.Number, st.Label
				}
			}
		case InfoPlan:
			if in.Plan != nil {
				out.Goals = in.Plan.Goals
			}
		case InfoProgress:
			if in.Assessment != nil {
				out.Scores = in.Assessment.Scores
			}
		}
	}
	return out, nil
}

// ErrOverCap is returned when an assignment would take a worker beyond the
// team's caseload cap without a team lead's override.
var ErrOverCap = kynnys.Invalid("worker_id", "casework.error.over_cap")

// Override is a team lead's permission to assign beyond the cap.
type Override struct {
	By     *access.User
	Reason string
}

// CheckAssignment decides whether a worker with active open cases may take
// one more in team teamID with cap cap. Beyond the cap only a team lead of
// that team may assign, with a reason; the returned bool says an override
// was used (to be recorded in the case history).
func CheckAssignment(active, cap int, teamID string, o *Override) (bool, error) {
	if active < cap {
		return false, nil
	}
	if o == nil || o.By == nil {
		return false, ErrOverCap
	}
	if o.By.Role != access.RoleTeamLead || !o.By.InTeam(teamID) || !o.By.Active {
		return false, kynnys.ErrForbidden
	}
	reason, err := text("override_reason", o.Reason, maxText, true)
	if err != nil {
		return false, err
	}
	o.Reason = reason
	return true, nil
}

// Level is how far a user may see a case.
type Level int

const (
	// NoAccess: not even that the case exists beyond its id.
	NoAccess Level = iota
	// ReadWithPurpose: a social worker of the case's team may read it, but
	// only after stating a purpose, and every read is logged with it.
	ReadWithPurpose
	// FullAccess: the case's workers and their team lead.
	FullAccess
)

// AccessTo is the one rule of who sees a case: its workers and a team lead
// of its team fully; a social worker of its team read-only with a stated
// purpose; no one else, administrators included.
func AccessTo(u *access.User, c *Case) Level {
	switch {
	case u == nil || !u.Active:
		return NoAccess
	case c.HasWorker(u.ID):
		return FullAccess
	case !u.InTeam(c.TeamID):
		return NoAccess
	case u.Role == access.RoleTeamLead:
		return FullAccess
	case u.Role == access.RoleSocialWorker:
		return ReadWithPurpose
	}
	return NoAccess
}
