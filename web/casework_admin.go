package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"kynnys"
	"kynnys/casework"
)

// The county's case-work administration (/admin/casework): the trust
// ladder's stages, named and described in Finnish, Swedish and English, and
// the settings (days before a client counts as not reached, the default
// caseload cap). Editing works without JavaScript: the stored stages and
// two empty rows; rows left empty are dropped.

// maxStages is the most stages a ladder may have (casework.Ladder.Validate).
const maxStages = 15

// Bounds of the settings.
const (
	minNotReachedDays = 1
	maxNotReachedDays = 365
)

// stageFields are a stage row's inputs, each in every language.
var stageFields = []string{"label", "description"}

// adminStageRow is one stage as shown or submitted; Errors maps an input
// ("label_fi") to its message.
type adminStageRow struct {
	Row         int // 1-based place in the form
	Label       map[string]string
	Description map[string]string
	Errors      map[string]string
	New         bool // an empty row for adding a stage
	Langs       []adminStageLang
}

// adminStageLang is a row's inputs in one language.
type adminStageLang struct {
	Label, Description adminStageInput
}

type adminStageInput struct {
	ID, Lang, Label, Value, Error string
	Long                          bool // a description: a text area
}

// Input is the id and name of one of the row's inputs.
func (r adminStageRow) Input(field, lang string) string {
	return fmt.Sprintf("stage-%d-%s-%s", r.Row, field, lang)
}

// Err is the message of one of the row's inputs.
func (r adminStageRow) Err(field, lang string) string { return r.Errors[field+"_"+lang] }

type adminCaseworkView struct {
	*Page
	Languages []string
	Version   int
	Rows      []adminStageRow
	MaxStages int
	// LadderError is a problem with the whole ladder (its size, a stage
	// in use); LadderSummary lists every problem of the ladder form.
	LadderError   string
	LadderSummary []fieldErrorLink
	NotReached    string
	DefaultCap    string
	Settings      map[string]string // field → message
	SettingsList  []fieldErrorLink
}

func (s *Server) adminCaseworkView(r *http.Request) (*adminCaseworkView, error) {
	l, err := s.store.Ladder(r.Context())
	if err != nil {
		return nil, fmt.Errorf("ladder: %w", err)
	}
	st, err := s.store.CaseworkSettings(r.Context())
	if err != nil {
		return nil, fmt.Errorf("casework settings: %w", err)
	}
	v := &adminCaseworkView{Page: s.view(r, "casework_lists.admin.title"), Languages: Languages, Version: l.Version,
		MaxStages: maxStages, NotReached: strconv.Itoa(st.NotReachedDays), DefaultCap: strconv.Itoa(st.DefaultCap),
		Settings: map[string]string{}}
	for _, stg := range l.Stages {
		v.Rows = append(v.Rows, adminStageRow{Label: stg.Label, Description: stg.Description})
	}
	v.Rows = withEmptyRows(v.Page, v.Rows)
	return v, nil
}

// withEmptyRows numbers rows, adds up to two empty ones within maxStages,
// and lays out their inputs.
func withEmptyRows(p *Page, rows []adminStageRow) []adminStageRow {
	for i := 0; i < 2 && len(rows) < maxStages; i++ {
		rows = append(rows, adminStageRow{New: true})
	}
	for i := range rows {
		row := &rows[i]
		row.Row = i + 1
		row.Langs = nil
		for _, lang := range Languages {
			in := func(field string, values map[string]string) adminStageInput {
				return adminStageInput{ID: row.Input(field, lang), Lang: lang, Value: values[lang], Error: row.Err(field, lang),
					Label: p.T("casework_lists.admin." + field + "_in." + lang), Long: field == "description"}
			}
			row.Langs = append(row.Langs, adminStageLang{Label: in("label", row.Label), Description: in("description", row.Description)})
		}
	}
	return rows
}

func (s *Server) adminCasework(w http.ResponseWriter, r *http.Request) {
	v, err := s.adminCaseworkView(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	switch r.URL.Query().Get("saved") {
	case "ladder":
		v.Flash = "casework_lists.admin.ladder_saved"
	case "settings":
		v.Flash = "casework_lists.admin.settings_saved"
	}
	s.render(w, r, http.StatusOK, "admin_casework", v)
}

func (s *Server) adminCaseworkSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	v, err := s.adminCaseworkView(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	switch r.PostFormValue("op") {
	case "ladder":
		s.saveLadder(w, r, v)
	case "settings":
		s.saveCaseworkSettings(w, r, v)
	default:
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
	}
}

// saveLadder stores the submitted stages. Each row is checked on its own
// first, so that a problem is shown at its field.
func (s *Server) saveLadder(w http.ResponseWriter, r *http.Request, v *adminCaseworkView) {
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	stored := len(v.Rows) - countNew(v.Rows)
	// form is the rows as submitted, up to the last filled one (or the
	// stored stages), to be shown back as they were; kept are the filled.
	var form []adminStageRow
	var kept []int
	gap := 0 // the first stored stage emptied
	// Two rows more than the most stages: enough to notice too many.
	for i := 1; i <= maxStages+2; i++ {
		row := adminStageRow{Row: i, Label: map[string]string{}, Description: map[string]string{}, Errors: map[string]string{}, New: i > stored}
		empty := true
		for _, lang := range Languages {
			row.Label[lang] = r.PostFormValue(row.Input("label", lang))
			row.Description[lang] = r.PostFormValue(row.Input("description", lang))
			empty = empty && strings.TrimSpace(row.Label[lang]) == "" && strings.TrimSpace(row.Description[lang]) == ""
		}
		switch {
		case empty && i <= stored && gap == 0:
			gap = i
		case !empty && gap > 0:
			// A case keeps its stage's number: taking a stage from the
			// middle would move the cases above it to other stages'
			// names. Stages are removed from the top.
			row.Errors["label_"+Languages[0]] = v.T("casework_lists.admin.gap", gap)
		}
		form = append(form, row)
		if !empty {
			kept = append(kept, i-1)
		}
	}
	last := stored
	if len(kept) > 0 {
		last = max(last, kept[len(kept)-1]+1)
	}
	form = form[:last]
	l := &casework.Ladder{}
	hasRowErrors := false
	for _, i := range kept {
		row := &form[i]
		stg := casework.Stage{Label: copyMap(row.Label), Description: copyMap(row.Description)}
		// Validate checks a whole ladder; a ladder of the row twice
		// checks the row alone.
		twice := casework.Ladder{Stages: []casework.Stage{stg, {Label: copyMap(row.Label), Description: copyMap(row.Description)}}}
		if err := twice.Validate(); err != nil {
			fe, ok := kynnys.AsFieldError(err)
			if !ok {
				s.internalError(w, r, err)
				return
			}
			field := strings.ReplaceAll(strings.TrimPrefix(fe.Field, "stages."), ".", "_")
			row.Errors[field] = v.T(fe.Code)
		}
		hasRowErrors = hasRowErrors || len(row.Errors) > 0
		l.Stages = append(l.Stages, stg)
	}
	status := http.StatusBadRequest
	switch {
	case hasRowErrors:
	case version != v.Version:
		// Someone saved the ladder after this form was loaded.
		status, v.LadderError = http.StatusConflict, v.T("casework.error.conflict")
	default:
		err := l.Validate()
		if err == nil {
			_, err = s.store.SaveLadder(r.Context(), l, state(r).user.ID)
		}
		var fe *kynnys.FieldError
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/casework?saved=ladder", http.StatusSeeOther)
			return
		case errors.Is(err, kynnys.ErrConflict):
			status, v.LadderError = http.StatusConflict, v.T("casework.error.conflict")
		case errors.As(err, &fe):
			v.LadderError = v.T(fe.Code)
			if fe.Code == "casework.error.ladder_in_use" {
				status = http.StatusConflict
			}
		default:
			s.internalError(w, r, fmt.Errorf("save ladder: %w", err))
			return
		}
	}
	v.Rows = withEmptyRows(v.Page, form)
	if v.LadderError != "" {
		v.LadderSummary = append(v.LadderSummary, fieldErrorLink{ID: "ladder-h", Label: v.T("casework_lists.admin.ladder"), Message: v.LadderError})
	}
	for _, row := range v.Rows {
		for _, f := range stageFields {
			for _, lang := range Languages {
				if msg := row.Err(f, lang); msg != "" {
					v.LadderSummary = append(v.LadderSummary, fieldErrorLink{ID: row.Input(f, lang),
						Label: v.T("casework_lists.admin.field_of", v.T("casework_lists.admin.stage_n", row.Row),
							v.T("casework_lists.admin."+f+"_in."+lang)), Message: msg})
				}
			}
		}
	}
	s.render(w, r, status, "admin_casework", v)
}

// countNew counts the empty rows offered for new stages.
func countNew(rows []adminStageRow) int {
	n := 0
	for _, r := range rows {
		if r.New {
			n++
		}
	}
	return n
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (s *Server) saveCaseworkSettings(w http.ResponseWriter, r *http.Request, v *adminCaseworkView) {
	var st casework.Settings
	for _, f := range []struct {
		name     string
		min, max int
		text     *string
		value    *int
	}{
		{"not_reached_days", minNotReachedDays, maxNotReachedDays, &v.NotReached, &st.NotReachedDays},
		{"default_cap", minCap, maxCap, &v.DefaultCap, &st.DefaultCap},
	} {
		*f.text = strings.TrimSpace(r.PostFormValue(f.name))
		n, err := strconv.Atoi(*f.text)
		if err != nil || n < f.min || n > f.max {
			msg := v.T("casework_lists.admin.range", f.min, f.max)
			v.Settings[f.name] = msg
			v.SettingsList = append(v.SettingsList, fieldErrorLink{ID: "set-" + f.name,
				Label: v.T("casework_lists.admin." + f.name), Message: msg})
		}
		*f.value = n
	}
	if len(v.SettingsList) > 0 {
		s.render(w, r, http.StatusBadRequest, "admin_casework", v)
		return
	}
	if err := s.store.SaveCaseworkSettings(r.Context(), st); err != nil {
		s.internalError(w, r, fmt.Errorf("save casework settings: %w", err))
		return
	}
	http.Redirect(w, r, "/admin/casework?saved=settings", http.StatusSeeOther)
}
