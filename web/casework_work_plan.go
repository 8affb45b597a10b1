package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// The client plan: goals in the client's own words with the actions agreed
// for each, and a review date. Every save is a new version; the earlier
// ones are the plan's history.

// The edit form works without JavaScript: it shows every goal with two
// empty action rows, then planNewGoals empty goals with planNewActions
// empty rows each. Empty rows are dropped when the plan is saved.
const (
	planNewGoals   = 2
	planNewActions = 3
	planMoreRows   = 2
	// planFormMax bounds the goals, and the actions of a goal, a form may
	// post, so a forged form cannot make the server loop long.
	planFormMax = 60
	// The inputs' maxlength, the same as casework's limits, so that a
	// refused text can be found in the form.
	planGoalMax, planWhatMax, planWhoMax = 4000, 900, 200
)

// planActionForm is one action row as typed.
type planActionForm struct {
	What, Who string
	Done      bool
}

// planGoalForm is one goal block as typed.
type planGoalForm struct {
	Text    string
	Actions []planActionForm
}

// planForm is the edit form as typed. Version is the plan version it was
// made from (0: no plan yet).
type planForm struct {
	Version    int
	ReviewDate string
	Goals      []planGoalForm
}

// planVersionView is one version of the plan.
type planVersionView struct {
	Version             int
	Saved, SavedISO, By string
	Review, ReviewISO   string
	Goals               []casework.Goal
}

type casePlanView struct {
	workPage
	Current *planVersionView
	// ReviewPassed: the review date of the current plan has passed.
	ReviewPassed bool
	History      []planVersionView
	Form         planForm
	Today        string
}

// GoalID and ActionID are the ids of a goal's and an action's inputs.
func (v *casePlanView) GoalID(g int) string      { return "g" + strconv.Itoa(g) }
func (v *casePlanView) ActionID(g, a int) string { return v.GoalID(g) + "-a" + strconv.Itoa(a) }

// Plus1 numbers goals and actions from one.
func (v *casePlanView) Plus1(i int) int { return i + 1 }

// planFormOf is the edit form for the latest plan (nil: none yet), with
// its empty rows.
func planFormOf(p *casework.Plan, today calendar.Date) planForm {
	f := planForm{ReviewDate: isoDate(calendar.MonthsAfter(today, 3))}
	if p != nil {
		f.Version, f.ReviewDate = p.Version, isoDate(p.ReviewDate)
		for _, g := range p.Goals {
			gf := planGoalForm{Text: g.Text}
			for _, a := range g.Actions {
				gf.Actions = append(gf.Actions, planActionForm(a))
			}
			gf.Actions = append(gf.Actions, make([]planActionForm, planMoreRows)...)
			f.Goals = append(f.Goals, gf)
		}
	}
	for range planNewGoals {
		f.Goals = append(f.Goals, planGoalForm{Actions: make([]planActionForm, planNewActions)})
	}
	return f
}

// readPlanForm reads the posted form; false when it is malformed.
func readPlanForm(r *http.Request) (planForm, bool) {
	if err := r.ParseForm(); err != nil {
		return planForm{}, false
	}
	version, ok := workVersion(r)
	if !ok {
		return planForm{}, false
	}
	f := planForm{Version: version, ReviewDate: r.PostFormValue("review_date")}
	for g := 0; ; g++ {
		key := "g" + strconv.Itoa(g) + "."
		if _, ok := r.PostForm[key+"text"]; !ok {
			break
		}
		if g >= planFormMax {
			return planForm{}, false
		}
		gf := planGoalForm{Text: r.PostFormValue(key + "text")}
		for a := 0; ; a++ {
			ak := key + "a" + strconv.Itoa(a) + "."
			if _, ok := r.PostForm[ak+"what"]; !ok {
				break
			}
			if a >= planFormMax {
				return planForm{}, false
			}
			gf.Actions = append(gf.Actions, planActionForm{What: r.PostFormValue(ak + "what"),
				Who: r.PostFormValue(ak + "who"), Done: r.PostFormValue(ak+"done") != ""})
		}
		f.Goals = append(f.Goals, gf)
	}
	return f, true
}

// plan is the form as a plan to validate, in slices of its own: Validate
// compacts them in place, and the form must stay as typed.
func (f planForm) plan() casework.Plan {
	var p casework.Plan
	for _, g := range f.Goals {
		goal := casework.Goal{Text: g.Text}
		for _, a := range g.Actions {
			goal.Actions = append(goal.Actions, casework.Action(a))
		}
		p.Goals = append(p.Goals, goal)
	}
	return p
}

// planInput finds the input a plan's field error is about: the first one
// that breaks the rule the error names.
func (v *casePlanView) planInput(f planForm, fe *kynnys.FieldError) (id, label string) {
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	tooLong := fe.Code == "error.too_long"
	goalLabel := func(g int) string { return v.T("casework_work.plan.goal_n", g+1) }
	actionLabel := func(g, a int, key string) string {
		return v.T("casework_work.plan.action_n", g+1, a+1) + ": " + v.T(key)
	}
	switch fe.Field {
	case "review_date":
		return "plan-review", v.T("casework_work.plan.review")
	case "goals.text":
		for g, gf := range f.Goals {
			hasAction := slices.ContainsFunc(gf.Actions, func(a planActionForm) bool { return !blank(a.What) })
			if (tooLong && len(strings.TrimSpace(gf.Text)) > planGoalMax) || (!tooLong && blank(gf.Text) && hasAction) {
				return v.GoalID(g) + "-text", goalLabel(g)
			}
		}
	case "goals.actions.what", "goals.actions.who":
		for g, gf := range f.Goals {
			for a, af := range gf.Actions {
				switch {
				case fe.Field == "goals.actions.what" && len(strings.TrimSpace(af.What)) > planWhatMax:
					return v.ActionID(g, a) + "-what", actionLabel(g, a, "casework_work.plan.what")
				case fe.Field == "goals.actions.who" && (len(strings.TrimSpace(af.Who)) > planWhoMax || (!tooLong && !blank(af.What) && blank(af.Who))):
					return v.ActionID(g, a) + "-who", actionLabel(g, a, "casework_work.plan.who")
				}
			}
		}
	case "goals":
		if fe.Code == "casework.error.no_goals" && len(f.Goals) > 0 {
			return v.GoalID(0) + "-text", goalLabel(0)
		}
	}
	return "plan-goals", v.T("casework_work.plan.goals")
}

func (s *Server) casePlanView(r *http.Request, wc *workCase) (*casePlanView, *casework.Plan, error) {
	wp, err := s.workPageOf(r, wc, "plan")
	if err != nil {
		return nil, nil, err
	}
	today := calendar.DateOf(s.now())
	v := &casePlanView{workPage: wp, Today: isoDate(today)}
	names, _, err := s.staffNames(r.Context())
	if err != nil {
		return nil, nil, fmt.Errorf("staff names: %w", err)
	}
	plans, err := s.store.Plans(r.Context(), wc.c.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("plans: %w", err)
	}
	// The newest version first.
	slices.SortFunc(plans, func(a, b casework.Plan) int { return b.Version - a.Version })
	for _, p := range plans {
		pv := planVersionView{Version: p.Version, Saved: v.Date(p.SavedAt), SavedISO: rfc3339(p.SavedAt), By: names[p.SavedBy],
			Review: finnishDate(p.ReviewDate), ReviewISO: isoDate(p.ReviewDate), Goals: p.Goals}
		if v.Current == nil {
			v.Current = &pv
			v.ReviewPassed = p.ReviewDate.Before(today)
			continue
		}
		v.History = append(v.History, pv)
	}
	var latest *casework.Plan
	if len(plans) > 0 {
		latest = &plans[0]
	}
	v.Form = planFormOf(latest, today)
	return v, latest, nil
}

func (s *Server) casePlan(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogView, false)
	if wc == nil {
		return
	}
	v, _, err := s.casePlanView(r, wc)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") == "plan" {
		v.Flash = "casework_work.saved.plan"
	}
	s.render(w, r, http.StatusOK, "case_plan", v)
}

// caseSavePlan saves the form as the plan's next version. A form made from
// an older version than the latest is refused with 409 and shown again as
// typed, beside the plan someone else saved meanwhile.
func (s *Server) caseSavePlan(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogUpdate, true)
	if wc == nil {
		return
	}
	f, ok := readPlanForm(r)
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	v, latest, err := s.casePlanView(r, wc)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	latestVersion := 0
	if latest != nil {
		latestVersion = latest.Version
	}
	refused := func(status int) {
		v.Form = f
		v.Form.Version = latestVersion
		s.render(w, r, status, "case_plan", v)
	}
	if f.Version != latestVersion {
		v.Conflict = true
		refused(http.StatusConflict)
		return
	}
	now := s.now()
	p := f.plan()
	p.CaseID, p.Version, p.SavedAt, p.SavedBy = wc.c.ID, latestVersion+1, now, state(r).user.ID
	err = workClosed(wc)
	if err == nil {
		p.ReviewDate, err = parseDateField("review_date", f.ReviewDate)
	}
	if err == nil {
		err = p.Validate(calendar.DateOf(now))
	}
	if err == nil {
		err = s.store.SavePlan(r.Context(), &p)
	}
	if errors.Is(err, kynnys.ErrConflict) {
		v.Conflict = true
		refused(http.StatusConflict)
		return
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		id, label := v.planInput(f, fe)
		if fe.Field == "status" {
			id, label = "plan-goals", v.T("casework_work.plan.goals")
		}
		v.fail(id, label, v.T(fe.Code))
		refused(http.StatusBadRequest)
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("save plan: %w", err))
		return
	}
	workRedirect(w, r, wc.c.ID, "plan", "plan", "current-h", nil)
}

// planGoals is what the "plan-goals" template shows: one version's goals.
type planGoals struct {
	*Page
	Goals []casework.Goal
}

// GoalsOf gives the "plan-goals" template goals with the page's language.
func (v *casePlanView) GoalsOf(goals []casework.Goal) planGoals {
	return planGoals{Page: v.Page, Goals: goals}
}
