package web

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"kynnys"
	"kynnys/recognition"
)

// County editing of the recognition tool's cue catalogue (issue 6): add a
// cue to a domain, edit its labels and facts, retire or restore it. Every
// change saves the whole catalogue as a new version with a note saying why
// (store/recognition.go), so each version stays readable as it was.

// storedRecognition is the tool's Source: the county's newest version of
// the catalogue, or the shipped one until any is saved.
type storedRecognition struct{ store Store }

func (s storedRecognition) Current(ctx context.Context) (*recognition.Catalogue, error) {
	c, _, err := s.store.RecognitionCatalogue(ctx)
	return c, err
}

const (
	// maxCueLabel bounds a cue's label in one language: a cue is one
	// observation, read in a short appointment.
	maxCueLabel = 300
	maxCueNote  = 500
)

// cueConsents are the consent answers a cue may suggest; "" suggests none.
var cueConsents = []string{"", string(recognition.ConsentGiven), string(recognition.ConsentRefused)}

// cueForm is the add or edit form of one cue, as shown or as submitted.
type cueForm struct {
	*Page
	Prefix  string // "add" or "edit": keeps the two forms' field ids apart
	Op      string // the operation submitted, if any: its form shows the note
	Domain  string
	Code    string // for add, the part after the domain's code
	Label   map[string]string
	Facts   map[recognition.Fact]bool
	Consent string
	Note    string
	Retired bool
	Errors  map[string]string // by field name without the prefix
}

// Err is the message for a field, or "".
func (f *cueForm) Err(field string) string { return f.Errors[field] }

// Languages are the languages every label must be given in.
func (f *cueForm) Languages() []string { return recognition.Languages }

// BoolFacts and Consents list what a cue may suggest, in the tool's order.
func (f *cueForm) BoolFacts() []recognition.Fact { return recognition.BoolFacts }
func (f *cueForm) Consents() []string            { return cueConsents }

type recognitionAdminView struct {
	*Page
	Version int // 0 while the shipped catalogue is in force
	Domains []recognition.Domain
	Add     *cueForm
	Edit    *cueForm // the cue being edited, if any
}

// FactName and ConsentName translate what a cue suggests.
func (v *recognitionAdminView) FactName(f recognition.Fact) string {
	return v.T("recognition_admin.fact." + string(f))
}

// Suggests lists a cue's facts in the tool's order, translated.
func (v *recognitionAdminView) Suggests(c recognition.Cue) []string {
	var out []string
	for _, f := range recognition.BoolFacts {
		if c.Facts[f] == true {
			out = append(out, v.FactName(f))
		}
	}
	if s, ok := c.Facts[recognition.FactConsent].(string); ok {
		out = append(out, v.T("recognition_admin.consent."+s))
	}
	return out
}

// noteField is the note input of one of a cue's forms.
type noteField struct {
	*Page
	ID, Value, Error string
}

// NoteField is the note of the form that saves the cue (field "note") or
// of the one that retires or restores it ("state_note"); only the form
// submitted keeps its text.
func (f *cueForm) NoteField(field string) noteField {
	n := noteField{Page: f.Page, ID: f.Prefix + "-" + field, Error: f.Errors[field]}
	if f.Op != "" && (field == "state_note") == (f.Op == "retire" || f.Op == "restore") {
		n.Value = f.Note
	}
	return n
}

func newCueForm(p *Page, prefix string) *cueForm {
	return &cueForm{Page: p, Prefix: prefix, Label: map[string]string{}, Facts: map[recognition.Fact]bool{}, Errors: map[string]string{}}
}

// cueFormOf fills the edit form with a stored cue.
func cueFormOf(p *Page, c *recognition.Cue) *cueForm {
	f := newCueForm(p, "edit")
	f.Code, f.Retired = c.Code, c.Retired
	for lang, l := range c.Label {
		f.Label[lang] = l
	}
	for fact, v := range c.Facts {
		if fact == recognition.FactConsent {
			f.Consent, _ = v.(string)
		} else {
			f.Facts[fact] = v == true
		}
	}
	return f
}

func (s *Server) recognitionAdminView(r *http.Request) (*recognitionAdminView, *recognition.Catalogue, error) {
	c, version, err := s.store.RecognitionCatalogue(r.Context())
	if err != nil {
		return nil, nil, err
	}
	p := s.view(r, "recognition_admin.title")
	return &recognitionAdminView{Page: p, Version: version, Domains: c.Domains, Add: newCueForm(p, "add")}, c, nil
}

func (s *Server) adminRecognition(w http.ResponseWriter, r *http.Request) {
	view, c, err := s.recognitionAdminView(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if code := r.URL.Query().Get("edit"); code != "" {
		cue, ok := c.Cue(code)
		if !ok {
			s.notFound(w, r)
			return
		}
		view.Edit = cueFormOf(view.Page, cue)
	}
	if r.URL.Query().Get("saved") != "" {
		view.Flash = "recognition_admin.saved"
	}
	s.render(w, r, http.StatusOK, "admin_recognition", view)
}

// readCue reads the labels, facts and consent of the submitted form into f,
// noting what is wrong in f.Errors.
func readCue(r *http.Request, f *cueForm) {
	for _, lang := range recognition.Languages {
		l := strings.TrimSpace(r.PostFormValue("label_" + lang))
		f.Label[lang] = l
		switch {
		case l == "":
			f.Errors["label_"+lang] = f.T("error.required")
		case utf8.RuneCountInString(l) > maxCueLabel:
			f.Errors["label_"+lang] = f.T("recognition_admin.error.too_long", maxCueLabel)
		}
	}
	for _, name := range r.PostForm["fact"] {
		if !slices.Contains(recognition.BoolFacts, recognition.Fact(name)) {
			// Fact names are vocabulary, not personal data.
			f.Errors["facts"] = f.T("recognition_admin.error.unknown_fact", name)
			continue
		}
		f.Facts[recognition.Fact(name)] = true
	}
	f.Consent = r.PostFormValue("consent")
	if !slices.Contains(cueConsents, f.Consent) {
		f.Errors["consent"] = f.T("recognition_admin.error.consent")
	}
}

// facts is what the form's cue suggests, as the catalogue holds it.
func (f *cueForm) facts() map[recognition.Fact]any {
	out := map[recognition.Fact]any{}
	for fact, on := range f.Facts {
		if on {
			out[fact] = true
		}
	}
	if f.Consent != "" {
		out[recognition.FactConsent] = f.Consent
	}
	return out
}

func (s *Server) adminRecognitionSave(w http.ResponseWriter, r *http.Request) {
	view, c, err := s.recognitionAdminView(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	draft := c.Draft()
	// find returns the submitted cue in the draft, or nil.
	find := func(code string) *recognition.Cue {
		for i := range draft {
			for j := range draft[i].Cues {
				if draft[i].Cues[j].Code == code {
					return &draft[i].Cues[j]
				}
			}
		}
		return nil
	}
	var form *cueForm
	op, noteField := r.PostFormValue("op"), "note"
	switch op {
	case "add":
		form = view.Add
		form.Domain, form.Code = r.PostFormValue("domain"), strings.TrimSpace(r.PostFormValue("code"))
		readCue(r, form)
		d := slices.IndexFunc(draft, func(d recognition.Domain) bool { return d.Code == form.Domain })
		code := form.Domain + "." + form.Code
		switch {
		case d < 0:
			form.Errors["domain"] = form.T("error.unknown_code")
		case !recognition.ValidCode(form.Code) || !recognition.ValidCode(code):
			form.Errors["code"] = form.T("recognition_admin.error.code")
		case find(code) != nil:
			// Retired codes count too: a code is never reused.
			form.Errors["code"] = form.T("recognition_admin.error.code_taken", code)
		}
		if len(form.Errors) == 0 {
			draft[d].Cues = append(draft[d].Cues, recognition.Cue{Code: code, Label: form.Label, Facts: form.facts()})
		}
	case "edit", "retire", "restore":
		cue := find(r.PostFormValue("code"))
		if cue == nil {
			s.errorPage(w, r, http.StatusBadRequest, "error.unknown_code")
			return
		}
		stored, _ := c.Cue(cue.Code)
		form = cueFormOf(view.Page, stored)
		view.Edit = form
		if op == "edit" {
			form.Label, form.Facts = map[string]string{}, map[recognition.Fact]bool{}
			readCue(r, form)
			if maps.Equal(cue.Label, form.Label) && maps.Equal(cue.Facts, form.facts()) {
				form.Errors["note"] = form.T("recognition_admin.error.unchanged")
			}
			cue.Label, cue.Facts = form.Label, form.facts()
		} else if noteField = "state_note"; cue.Retired == (op == "retire") {
			already := "recognition_admin.error.state_retire"
			if op == "restore" {
				already = "recognition_admin.error.state_restore"
			}
			form.Errors[noteField] = form.T(already)
		} else {
			cue.Retired = op == "retire"
		}
	default:
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	form.Op, form.Note = op, strings.TrimSpace(r.PostFormValue("note"))
	switch {
	case form.Errors[noteField] != "":
	case form.Note == "":
		form.Errors[noteField] = form.T("error.required")
	case utf8.RuneCountInString(form.Note) > maxCueNote:
		form.Errors[noteField] = form.T("recognition_admin.error.too_long", maxCueNote)
	}
	if len(form.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "admin_recognition", view)
		return
	}
	edited, err := recognition.New(draft, "draft")
	if err != nil {
		// The form's checks cover the catalogue's: this is a bug.
		s.internalError(w, r, err)
		return
	}
	_, err = s.store.SaveRecognitionCatalogue(r.Context(), edited, state(r).user.ID, form.Note)
	if errors.Is(err, kynnys.ErrConflict) {
		form.Errors[noteField] = form.T("recognition_admin.error.conflict")
		s.render(w, r, http.StatusConflict, "admin_recognition", view)
		return
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		form.Errors[noteField] = form.T(fe.Code)
		s.render(w, r, http.StatusBadRequest, "admin_recognition", view)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	// The fragment names the top of the page: without one, the browser
	// would keep the form's (its place at the foot of the page).
	http.Redirect(w, r, "/admin/recognition?saved=1#main", http.StatusSeeOther)
}

type recognitionHistoryView struct {
	*Page
	Versions []recognitionVersionRow // newest first
}

type recognitionVersionRow struct {
	recognition.CatalogueVersion
	Changes []recognitionChange
}

// recognitionChange is one kind of change in a version, with the cues it touched.
type recognitionChange struct {
	Kind string // added, changed, retired, restored
	Cues []recognition.Cue
}

func (s *Server) adminRecognitionHistory(w http.ResponseWriter, r *http.Request) {
	versions, err := s.store.RecognitionCatalogueHistory(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	prev, err := recognition.Default()
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view := &recognitionHistoryView{Page: s.view(r, "recognition_admin.history.title")}
	for _, v := range versions {
		d := v.Catalogue.Diff(prev)
		row := recognitionVersionRow{CatalogueVersion: v}
		for _, k := range []struct {
			kind  string
			codes []string
		}{{"added", d.Added}, {"changed", d.Changed}, {"retired", d.Retired}, {"restored", d.Restored}} {
			if len(k.codes) == 0 {
				continue
			}
			ch := recognitionChange{Kind: k.kind}
			for _, code := range k.codes {
				cue, _ := v.Catalogue.Cue(code)
				ch.Cues = append(ch.Cues, *cue)
			}
			row.Changes = append(row.Changes, ch)
		}
		view.Versions = append(view.Versions, row)
		prev = v.Catalogue
	}
	slices.Reverse(view.Versions)
	s.render(w, r, http.StatusOK, "admin_recognition_history", view)
}
