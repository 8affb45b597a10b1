package web

import (
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

// Progress: the client's short self-assessment, 1–10 per support-need area
// (SHL 11 §), at the start and at reviews, and the change per area.

// progressForm is the self-assessment form as typed; Scores by area code,
// "" for not assessed.
type progressForm struct {
	Kind, Date string
	Scores     map[string]string
}

// progressArea is one area's radio group.
type progressArea struct {
	Code, Label string
	Selected    string
}

// progressChange is one row of the change table.
type progressChange struct {
	Area                    string
	First, Latest, Assessed int
	// Change in words: "+3, better", "−2, worse", "no change".
	Change string
	// Direction: better, worse, same, once (a CSS class; the words say it).
	Direction string
}

// progressColumn is one assessment in the by-date table.
type progressColumn struct {
	When, ISO, Kind, By string
}

// progressRow is one area's scores in the by-date table, "" where the
// assessment did not score it.
type progressRow struct {
	Area   string
	Scores []string
}

type caseProgressView struct {
	workPage
	Form    progressForm
	Kinds   []workOption
	Scale   []string // "1".."10"
	Changes []progressChange
	Columns []progressColumn
	Rows    []progressRow
	Today   string
}

// AreasFor lists the areas' radio groups as the form has them.
func (v *caseProgressView) AreasFor() []progressArea {
	out := make([]progressArea, 0, len(casework.Areas))
	for _, a := range casework.Areas {
		out = append(out, progressArea{Code: string(a), Label: v.T("casework.area." + string(a)), Selected: v.Form.Scores[string(a)]})
	}
	return out
}

func (s *Server) caseProgressView(r *http.Request, wc *workCase) (*caseProgressView, error) {
	wp, err := s.workPageOf(r, wc, "progress")
	if err != nil {
		return nil, err
	}
	today := calendar.DateOf(s.now())
	v := &caseProgressView{workPage: wp, Today: isoDate(today)}
	for i := 1; i <= 10; i++ {
		v.Scale = append(v.Scale, strconv.Itoa(i))
	}
	names, _, err := s.staffNames(r.Context())
	if err != nil {
		return nil, fmt.Errorf("staff names: %w", err)
	}
	assessments, err := s.store.Assessments(r.Context(), wc.c.ID)
	if err != nil {
		return nil, fmt.Errorf("assessments: %w", err)
	}
	slices.SortFunc(assessments, func(a, b casework.Assessment) int { return a.At.Compare(b.At) })
	// The first assessment is the start; later ones are reviews.
	v.Form = progressForm{Kind: string(casework.AssessmentStart), Date: isoDate(today), Scores: map[string]string{}}
	if len(assessments) > 0 {
		v.Form.Kind = string(casework.AssessmentReview)
	}
	for _, k := range []casework.AssessmentKind{casework.AssessmentStart, casework.AssessmentReview} {
		v.Kinds = append(v.Kinds, workOption{Value: string(k), Label: v.T("casework_work.progress.kind." + string(k))})
	}

	for _, c := range casework.Progress(assessments) {
		row := progressChange{Area: v.T("casework.area." + string(c.Area)), First: c.First, Latest: c.Latest, Assessed: c.Assessed}
		switch d := c.Change(); {
		case c.Assessed < 2:
			row.Direction, row.Change = "once", v.T("casework_work.progress.once")
		case d > 0:
			row.Direction, row.Change = "better", v.T("casework_work.progress.better", d)
		case d < 0:
			row.Direction, row.Change = "worse", v.T("casework_work.progress.worse", -d)
		default:
			row.Direction, row.Change = "same", v.T("casework_work.progress.same")
		}
		v.Changes = append(v.Changes, row)
		scores := make([]string, len(assessments))
		for i, a := range assessments {
			if n, ok := a.Scores[c.Area]; ok {
				scores[i] = strconv.Itoa(n)
			}
		}
		v.Rows = append(v.Rows, progressRow{Area: row.Area, Scores: scores})
	}
	for _, a := range assessments {
		v.Columns = append(v.Columns, progressColumn{When: finnishDate(calendar.DateOf(a.At)), ISO: rfc3339(a.At),
			Kind: v.T("casework_work.progress.kind." + string(a.Kind)), By: names[a.By]})
	}
	return v, nil
}

func (s *Server) caseProgress(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogView, false)
	if wc == nil {
		return
	}
	v, err := s.caseProgressView(r, wc)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") == "assessment" {
		v.Flash = "casework_work.saved.assessment"
	}
	s.render(w, r, http.StatusOK, "case_progress", v)
}

// caseAddAssessment records a self-assessment made today or earlier (on
// paper at a meeting), never before the case opened.
func (s *Server) caseAddAssessment(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogCreate, true)
	if wc == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	now := s.now()
	today := calendar.DateOf(now)
	f := progressForm{Kind: r.PostFormValue("kind"), Date: r.PostFormValue("date"), Scores: map[string]string{}}
	a := casework.Assessment{CaseID: wc.c.ID, Kind: casework.AssessmentKind(f.Kind), Scores: map[casework.Area]int{},
		By: state(r).user.ID, At: now}
	err := workClosed(wc)
	for _, area := range casework.Areas {
		raw := strings.TrimSpace(r.PostFormValue("score." + string(area)))
		f.Scores[string(area)] = raw
		if raw == "" || err != nil {
			continue
		}
		n, convErr := strconv.Atoi(raw)
		if convErr != nil {
			err = kynnys.Invalid("scores."+string(area), "casework.error.score")
			continue
		}
		a.Scores[area] = n
	}
	if err == nil {
		var day calendar.Date
		day, err = parseDateField("date", f.Date)
		switch {
		case err != nil:
		case day.IsZero():
			err = kynnys.Invalid("date", "error.required")
		case day.After(today) || day.Before(calendar.DateOf(wc.c.OpenedAt)):
			err = kynnys.Invalid("date", "casework_work.error.assessed_on")
		case day != today:
			// Made on paper earlier: noon of that day keeps its order.
			a.At = day.Time(12, 0, 0)
		}
	}
	if err == nil {
		err = a.Validate()
	}
	if err == nil {
		err = s.store.AddAssessment(r.Context(), &a)
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		v, verr := s.caseProgressView(r, wc)
		if verr != nil {
			s.internalError(w, r, verr)
			return
		}
		v.Form = f
		inputs := map[string]workInput{"kind": {"prog-kind", "casework_work.progress.kind"},
			"date": {"prog-date", "casework_work.progress.date"}, "scores": {"prog-scores", "casework_work.progress.scores"}}
		for _, area := range casework.Areas {
			inputs["scores."+string(area)] = workInput{"score-" + string(area), "casework.area." + string(area)}
		}
		v.refuse(fe, inputs, workInput{"prog-scores", "casework_work.progress.scores"})
		s.render(w, r, http.StatusBadRequest, "case_progress", v)
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("add assessment: %w", err))
		return
	}
	workRedirect(w, r, wc.c.ID, "progress", "assessment", "change-h", nil)
}
