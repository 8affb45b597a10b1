package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/casework"
)

// caseworkStore is what holding-on case work needs from storage.
type caseworkStore interface {
	CreateClient(ctx context.Context, c *casework.Client) error
	Client(ctx context.Context, id string) (*casework.Client, error)
	UpdateClient(ctx context.Context, c *casework.Client) error
	ClientDuplicates(ctx context.Context, c *casework.Client) ([]casework.Match, error)
	SearchClients(ctx context.Context, q casework.ClientQuery) ([]casework.Match, error)

	// OpenCase stores a new case with its first events. limit >= 0 makes
	// the store refuse (casework.ErrOverCap) when the worker already has
	// limit active cases; -1 skips the check (a team lead's override).
	OpenCase(ctx context.Context, c *casework.Case, events []casework.Event, limit int) error
	Case(ctx context.Context, id string) (*casework.Case, error)
	// UpdateCase saves c if its Version is still the stored one
	// (kynnys.ErrConflict otherwise) and appends events; limit as in OpenCase,
	// counting the worker's other active cases.
	UpdateCase(ctx context.Context, c *casework.Case, events []casework.Event, limit int) error
	ClientCases(ctx context.Context, clientID string) ([]casework.Case, error)
	CasesOfWorker(ctx context.Context, userID string) ([]casework.Case, error)
	TeamCases(ctx context.Context, teamIDs []string) ([]casework.Case, error)
	CaseEvents(ctx context.Context, caseID string) ([]casework.Event, error)
	AddCaseEvent(ctx context.Context, ev *casework.Event) error

	Ladder(ctx context.Context) (*casework.Ladder, error)
	SaveLadder(ctx context.Context, l *casework.Ladder, by string) (int, error)
	// AddLadderStep stores step and the case's new stage (c already moved
	// by Case.ClimbTo), checking c.Version as UpdateCase does.
	AddLadderStep(ctx context.Context, c *casework.Case, step *casework.LadderStep) error
	LadderSteps(ctx context.Context, caseID string) ([]casework.LadderStep, error)

	// SaveMeeting inserts (empty ID) or updates a meeting; a held meeting
	// moves the case's LastContactAt forward.
	SaveMeeting(ctx context.Context, m *casework.Meeting) error
	// RecordNoShow saves the missed meeting and its follow-up in one transaction.
	RecordNoShow(ctx context.Context, m *casework.Meeting, t *casework.Task) error
	Meeting(ctx context.Context, id string) (*casework.Meeting, error)
	Meetings(ctx context.Context, caseID string) ([]casework.Meeting, error)
	CreateTask(ctx context.Context, t *casework.Task) error
	Task(ctx context.Context, id string) (*casework.Task, error)
	// CompleteTask marks t done (DoneAt, DoneBy, Reached, Outcome set by the
	// caller); a follow-up that reached the client counts as contact.
	CompleteTask(ctx context.Context, t *casework.Task) error
	Tasks(ctx context.Context, caseID string) ([]casework.Task, error)
	OpenTasksOf(ctx context.Context, userID string) ([]casework.Task, error)

	SavePlan(ctx context.Context, p *casework.Plan) error
	Plans(ctx context.Context, caseID string) ([]casework.Plan, error)
	AddAssessment(ctx context.Context, a *casework.Assessment) error
	Assessments(ctx context.Context, caseID string) ([]casework.Assessment, error)

	AddConsent(ctx context.Context, c *casework.Consent) error
	Consent(ctx context.Context, id string) (*casework.Consent, error)
	Consents(ctx context.Context, clientID string) ([]casework.Consent, error)
	WithdrawConsent(ctx context.Context, id, by string, at time.Time) error
	// AddReferral stores a referral after checking, in the same
	// transaction, that its consent is still active.
	AddReferral(ctx context.Context, r *casework.Referral) error
	Referrals(ctx context.Context, caseID string) ([]casework.Referral, error)

	GrantCaseRead(ctx context.Context, caseID, userID, purpose string, until time.Time) error
	// CaseReadGrant is the purpose a user stated for reading a case, if
	// still valid at now.
	CaseReadGrant(ctx context.Context, caseID, userID string, now time.Time) (string, bool, error)

	CaseworkSettings(ctx context.Context) (casework.Settings, error)
	SaveCaseworkSettings(ctx context.Context, st casework.Settings) error
	TeamCaps(ctx context.Context) (map[string]int, error)
	SetTeamCap(ctx context.Context, teamID string, limit int, by string) error
	// Caseloads counts each user's active cases as the named worker.
	Caseloads(ctx context.Context, userIDs []string) (map[string]int, error)
	CaseworkReportData(ctx context.Context, teamIDs []string) (*casework.ReportData, error)
}

// Access-log purposes of case work. A same-team reader's purpose is the one
// they stated, after readPurposePrefix.
const (
	casePurpose       = "casework"
	readPurposePrefix = "casework read: "
	// readGrantFor is how long a stated purpose opens a case for reading.
	readGrantFor = 8 * time.Hour
)

// errPurposeRequired: a same-team social worker must state a purpose first.
var errPurposeRequired = errors.New("purpose required")

// caseUse decides whether the signed-in user may use case c for action
// (write: any change), and logs the use under the client before anything
// is shown. A refusal is logged too, as a deny. It returns the purpose
// logged and the user's level; errors are kynnys.ErrForbidden,
// errPurposeRequired, or a storage failure.
func (s *Server) caseUse(r *http.Request, c *casework.Case, action access.LogAction, write bool) (string, casework.Level, error) {
	u := state(r).user
	level := casework.AccessTo(u, c)
	purpose := casePurpose
	switch {
	case level == casework.FullAccess:
	case level == casework.ReadWithPurpose && !write:
		stated := strings.TrimSpace(r.Header.Get("Kynnys-Purpose"))
		if stated == "" {
			p, ok, err := s.store.CaseReadGrant(r.Context(), c.ID, u.ID, s.now())
			if err != nil {
				return "", level, fmt.Errorf("read grant: %w", err)
			}
			if !ok {
				return "", level, errPurposeRequired
			}
			stated = p
		}
		purpose = readPurposePrefix + stated
	default:
		if err := s.logUse(r, c.ClientID, access.LogDeny, casePurpose); err != nil {
			return "", level, err
		}
		return "", level, kynnys.ErrForbidden
	}
	if err := s.logUse(r, c.ClientID, action, purpose); err != nil {
		return "", level, err
	}
	return purpose, level, nil
}

// clientUse decides whether the signed-in user may see client cl: anyone
// with access to one of the client's cases, or, while the client has no
// case, the staff member who recorded them. It logs the use (or the deny)
// like caseUse and returns the cases the user may open.
func (s *Server) clientUse(r *http.Request, cl *casework.Client, action access.LogAction, write bool) ([]casework.Case, error) {
	u := state(r).user
	cases, err := s.store.ClientCases(r.Context(), cl.ID)
	if err != nil {
		return nil, fmt.Errorf("client cases: %w", err)
	}
	var visible []casework.Case
	best := casework.NoAccess
	for _, c := range cases {
		if l := casework.AccessTo(u, &c); l > casework.NoAccess {
			visible = append(visible, c)
			best = max(best, l)
		}
	}
	purpose := casePurpose
	switch {
	case best == casework.FullAccess || (len(cases) == 0 && cl.CreatedBy == u.ID):
	case best == casework.ReadWithPurpose && !write:
		stated := strings.TrimSpace(r.Header.Get("Kynnys-Purpose"))
		for i := 0; stated == "" && i < len(visible); i++ {
			p, ok, err := s.store.CaseReadGrant(r.Context(), visible[i].ID, u.ID, s.now())
			if err != nil {
				return nil, fmt.Errorf("read grant: %w", err)
			}
			if ok {
				stated = p
			}
		}
		if stated == "" {
			return visible, errPurposeRequired
		}
		purpose = readPurposePrefix + stated
	default:
		if err := s.logUse(r, cl.ID, access.LogDeny, casePurpose); err != nil {
			return nil, err
		}
		return nil, kynnys.ErrForbidden
	}
	if err := s.logUse(r, cl.ID, action, purpose); err != nil {
		return nil, err
	}
	return visible, nil
}

// caseLimit is the cap check OpenCase and UpdateCase make for team teamID:
// -1 with a team lead's override, otherwise the team's cap.
func (s *Server) caseLimit(ctx context.Context, teamID string, override bool) (int, error) {
	if override {
		return -1, nil
	}
	caps, err := s.store.TeamCaps(ctx)
	if err != nil {
		return 0, fmt.Errorf("caps: %w", err)
	}
	if c, ok := caps[teamID]; ok {
		return c, nil
	}
	st, err := s.store.CaseworkSettings(ctx)
	if err != nil {
		return 0, fmt.Errorf("settings: %w", err)
	}
	return st.DefaultCap, nil
}

// caseTab is one page of a case (the overview and its sub-pages).
type caseTab struct {
	Href    string
	Label   string // catalogue key
	Current bool
}

// caseHeader is the part every case page starts with: whose case it is,
// where it stands, the tabs, and for a same-team reader the purpose they
// stated (the case is then read-only).
type caseHeader struct {
	Client   *casework.Client
	Case     *casework.Case
	Worker   string // names
	Second   string
	Stage    string // the current stage's label, "" before the first
	ReadOnly bool
	Purpose  string // the reader's stated purpose
	Tabs     []caseTab
}

// caseHeaderOf builds the header for tab ("overview", "meetings", "plan",
// "progress", "referrals").
func (s *Server) caseHeaderOf(ctx context.Context, p *Page, cl *casework.Client, c *casework.Case, level casework.Level, purpose, tab string) (caseHeader, error) {
	h := caseHeader{Client: cl, Case: c, ReadOnly: level != casework.FullAccess,
		Purpose: strings.TrimPrefix(purpose, readPurposePrefix)}
	if !h.ReadOnly {
		h.Purpose = ""
	}
	names, _, err := s.staffNames(ctx)
	if err != nil {
		return h, err
	}
	h.Worker, h.Second = names[c.WorkerID], names[c.SecondWorkerID]
	l, err := s.store.Ladder(ctx)
	if err != nil {
		return h, fmt.Errorf("ladder: %w", err)
	}
	if st, ok := l.Stage(c.Stage); ok {
		h.Stage = fmt.Sprintf("%d. %s", st.Number, st.Label[p.Lang])
	}
	base := "/cases/" + c.ID
	for _, t := range []struct{ name, href string }{
		{"overview", base}, {"meetings", base + "/meetings"}, {"plan", base + "/plan"},
		{"progress", base + "/progress"}, {"referrals", base + "/referrals"},
	} {
		h.Tabs = append(h.Tabs, caseTab{Href: t.href, Label: "casework.tab." + t.name, Current: t.name == tab})
	}
	return h, nil
}
