package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/encounter"
)

// The desk: a counsellor's one-page form for logging encounters quickly, with
// the day's own entries under it. Plain HTML forms; no JavaScript needed.

const (
	// deskEditWindow is how long the author may change or delete an entry;
	// after it only a team lead of the place's team may.
	deskEditWindow = 24 * time.Hour
	// deskFrequencyDays is how far back the place's topic counts reach for
	// ordering the chips.
	deskFrequencyDays = 90
	// deskRecentLimit bounds the list under the form.
	deskRecentLimit = 30
	// deskDefaultDuration is the preset length of an encounter, in minutes.
	deskDefaultDuration = 15
)

// deskForm is the form as typed, so that a rejected form comes back as it was.
type deskForm struct {
	Point, Channel, AgeBand, AlreadyClient string
	ReferredTo, Duration, Started, Note    string
	Topics, Help                           map[string]bool
	Continued, FirstVisit, Anonymous       bool
}

// deskChoice is one radio button, checkbox chip or select option.
type deskChoice struct {
	ID, Value, Label string
	Checked          bool
}

type deskRecent struct {
	ID, Time, Place, Topics string
	ISO                     string
}

type deskSummaryItem struct{ Anchor, Label, Message string }

type deskView struct {
	*Page
	Action   string
	EditID   string // the entry being edited; "" on the new-entry form
	Form     deskForm
	Points   []deskChoice
	Channels []deskChoice
	Topics   []deskChoice
	Help     []deskChoice
	AgeBands []deskChoice
	Already  []deskChoice
	ShowNote bool
	Errors   map[string]string
	Summary  []deskSummaryItem
	Recent   []deskRecent
	Saved    string // topics of the entry just saved, for the notice
	Bulk     int    // how many encounters the bulk form just saved
	Day      string // the date the time of day is on
}

// deskFieldOrder is the form's order, for the error summary; each field's
// anchor is the id of its first input.
var deskFieldOrder = []string{"service_point_id", "channel", "topics", "help", "age_band", "already_client",
	"referred_to", "duration_min", "started_at", "anonymous", "note", "confirm"}

var deskAnchors = map[string]string{"channel": "channel-walk_in", "topics": "topics", "help": "help",
	"age_band": "age_band-none", "already_client": "already_client-unknown", "service_point_id": "point",
	"duration_min": "duration", "started_at": "started", "client_id": "anonymous"}

// mayLogAt is the API's rule for where u may log: a place of one of u's
// teams, or a county-wide place (no team).
func mayLogAt(u *access.User, sp *directory.ServicePoint) bool {
	return sp.TeamID == "" || u.InTeam(sp.TeamID)
}

// mayChangeEncounter: the author within deskEditWindow of logging it, or a
// team lead of the place's team at any time (corrections after the window).
func mayChangeEncounter(u *access.User, e *encounter.Encounter, sp *directory.ServicePoint, now time.Time) bool {
	if e.StaffID == u.ID && now.Sub(e.CreatedAt) < deskEditWindow {
		return true
	}
	return u.Role == access.RoleTeamLead && sp != nil && sp.TeamID != "" && u.InTeam(sp.TeamID)
}

func (s *Server) desk(w http.ResponseWriter, r *http.Request) {
	view := s.deskView(r, "")
	q := r.URL.Query()
	view.Form = s.newDeskForm()
	view.Form.Point = q.Get("point")
	if q.Get("deleted") == "1" {
		view.Flash = "desk.deleted"
	}
	if n, err := strconv.Atoi(q.Get("bulk")); err == nil && n > 0 {
		// From the URL, so shown only to whoever follows it: no check needed.
		view.Bulk = n
	}
	if id := q.Get("saved"); id != "" {
		// Only one's own entry is named: the id comes from the URL.
		if e, err := s.store.Encounter(r.Context(), id); err == nil && e.StaffID == view.User.ID {
			view.Saved = s.deskTopicLabels(r, e)
			if view.Form.Point == "" {
				view.Form.Point = e.ServicePointID
			}
		}
	}
	if err := s.fillDesk(r, view); err != nil {
		s.internalError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "desk", view)
}

func (s *Server) newDeskForm() deskForm {
	return deskForm{Channel: string(encounter.ChannelWalkIn), AlreadyClient: "unknown", FirstVisit: true, Anonymous: true,
		Duration: strconv.Itoa(deskDefaultDuration), Started: s.now().In(calendar.Helsinki).Format("15:04"),
		Topics: map[string]bool{}, Help: map[string]bool{}}
}

func (s *Server) deskView(r *http.Request, editID string) *deskView {
	title, action := "desk.title", "/desk"
	if editID != "" {
		title, action = "desk.edit.title", "/desk/"+editID
	}
	return &deskView{Page: s.view(r, title), Action: action, EditID: editID, Errors: map[string]string{},
		Day: s.now().In(calendar.Helsinki).Format("2.1.2006")}
}

// fillDesk adds the choices, in the place's order of frequency, and the
// recent entries. It settles the preselected place when none is valid.
func (s *Server) fillDesk(r *http.Request, v *deskView) error {
	ctx, u := r.Context(), v.User
	// An entry being edited keeps its own place even if it is county-wide.
	keep := ""
	if v.EditID != "" {
		keep = v.Form.Point
	}
	var names map[string]string
	var err error
	v.Points, v.Form.Point, names, err = s.deskPlaces(ctx, u, v.Lang, v.Form.Point, keep)
	if err != nil {
		return err
	}
	v.Channels = channelChoices(v.Page, v.Form.Channel)
	v.Already = alreadyChoices(v.Page, "already_client-", v.Form.AlreadyClient)
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	stats, err := s.deskFrequency(ctx, v.Form.Point)
	if err != nil {
		return err
	}
	v.Topics = deskChips(vocab, encounter.KindTopic, encounter.DimTopic, "topic-", v.Form.Topics, stats, v.Lang)
	v.Help = deskChips(vocab, encounter.KindHelp, encounter.DimHelp, "help-", v.Form.Help, stats, v.Lang)
	v.AgeBands = ageBandChoices(vocab, v.Page, "age_band-", v.Form.AgeBand)

	recent, err := s.store.RecentEncounters(ctx, u.ID, s.now().Add(-deskEditWindow), deskRecentLimit)
	if err != nil {
		return err
	}
	for i := range recent {
		e := &recent[i]
		v.Recent = append(v.Recent, deskRecent{ID: e.ID, Time: v.Date(e.StartedAt), ISO: rfc3339(e.StartedAt),
			Place: names[e.ServicePointID], Topics: labelList(vocab, encounter.KindTopic, e.Topics, v.Lang)})
	}
	return nil
}

// deskPlaces lists the places u may pick at the desk — their teams' places,
// and keep (the place of an entry being edited) — by name, and settles the
// selected one: point when offered, else the place of u's latest entry,
// else the first. names names every place, for listing entries.
func (s *Server) deskPlaces(ctx context.Context, u *access.User, lang, point, keep string) (choices []deskChoice, selected string, names map[string]string, err error) {
	all, err := s.store.ServicePoints(ctx, directory.Filter{})
	if err != nil {
		return nil, "", nil, err
	}
	names = map[string]string{}
	var mine []directory.ServicePoint
	for _, sp := range all {
		names[sp.ID] = sp.Name.In(lang)
		if (sp.TeamID != "" && u.InTeam(sp.TeamID)) || (keep != "" && sp.ID == keep) {
			mine = append(mine, sp)
		}
	}
	slices.SortFunc(mine, func(a, b directory.ServicePoint) int { return strings.Compare(names[a.ID], names[b.ID]) })
	offered := func(id string) bool {
		return slices.ContainsFunc(mine, func(sp directory.ServicePoint) bool { return sp.ID == id })
	}
	selected = point
	if !offered(selected) {
		selected = ""
		latest, err := s.store.RecentEncounters(ctx, u.ID, s.now().Add(-encounter.MaxAge), 1)
		if err != nil {
			return nil, "", nil, err
		}
		if len(latest) > 0 && offered(latest[0].ServicePointID) {
			selected = latest[0].ServicePointID
		} else if len(mine) > 0 {
			selected = mine[0].ID
		}
	}
	for _, sp := range mine {
		choices = append(choices, deskChoice{Value: sp.ID, Label: names[sp.ID], Checked: sp.ID == selected})
	}
	return choices, selected, names, nil
}

// deskFrequency is the place's statistics of the last deskFrequencyDays,
// which order the chips by use; nil without a place.
func (s *Server) deskFrequency(ctx context.Context, point string) (*encounter.Stats, error) {
	if point == "" {
		return nil, nil
	}
	today := calendar.DateOf(s.now())
	return s.store.EncounterStats(ctx, encounter.StatsQuery{From: today.AddDays(-(deskFrequencyDays - 1)), To: today,
		ServicePointIDs: []string{point}})
}

// channelChoices are the channels as radio buttons, with checked chosen.
func channelChoices(p *Page, checked string) []deskChoice {
	out := make([]deskChoice, 0, len(encounter.Channels))
	for _, c := range encounter.Channels {
		out = append(out, deskChoice{ID: "channel-" + string(c), Value: string(c),
			Label: p.T("desk.channel." + string(c)), Checked: string(c) == checked})
	}
	return out
}

// alreadyChoices are the answers to "already a client?", with ids
// prefix+answer.
func alreadyChoices(p *Page, prefix, checked string) []deskChoice {
	out := make([]deskChoice, 0, len(encounter.AlreadyClientAnswers))
	for _, a := range encounter.AlreadyClientAnswers {
		out = append(out, deskChoice{ID: prefix + a, Value: a, Label: p.T("desk.already_client." + a), Checked: a == checked})
	}
	return out
}

// ageBandChoices are "not given" and the active age bands (and checked,
// even if retired), with ids prefix+code.
func ageBandChoices(vocab *encounter.Vocabulary, p *Page, prefix, checked string) []deskChoice {
	out := []deskChoice{{ID: prefix + "none", Value: "", Label: p.T("desk.age_band.none"), Checked: checked == ""}}
	for _, e := range vocab.Of(encounter.KindAgeBand) {
		if e.Active || e.Code == checked {
			out = append(out, deskChoice{ID: prefix + e.Code, Value: e.Code, Label: e.Label.In(p.Lang), Checked: e.Code == checked})
		}
	}
	return out
}

// deskChips lists the active codes of kind, the place's most used first
// (ties and unused codes in the vocabulary's order). A retired code stays
// only while checked, so that editing an old entry shows what it holds.
func deskChips(vocab *encounter.Vocabulary, kind encounter.VocabularyKind, dim, prefix string, checked map[string]bool,
	stats *encounter.Stats, lang string) []deskChoice {
	entries := slices.DeleteFunc(vocab.Of(kind), func(e encounter.Entry) bool { return !e.Active && !checked[e.Code] })
	count := func(code string) int {
		if stats == nil {
			return 0
		}
		return stats.Count(dim, code)
	}
	slices.SortStableFunc(entries, func(a, b encounter.Entry) int {
		return cmp.Or(cmp.Compare(count(b.Code), count(a.Code)), cmp.Compare(a.Position, b.Position))
	})
	out := make([]deskChoice, 0, len(entries))
	for _, e := range entries {
		out = append(out, deskChoice{ID: prefix + e.Code, Value: e.Code, Label: e.Label.In(lang), Checked: checked[e.Code]})
	}
	return out
}

// labelList names codes in lang, comma-separated.
func labelList(vocab *encounter.Vocabulary, kind encounter.VocabularyKind, codes []string, lang string) string {
	names := make([]string, 0, len(codes))
	for _, c := range codes {
		name := c
		for _, e := range vocab.Of(kind) {
			if e.Code == c {
				name = e.Label.In(lang)
			}
		}
		names = append(names, name)
	}
	return strings.Join(names, ", ")
}

func (s *Server) deskTopicLabels(r *http.Request, e *encounter.Encounter) string {
	vocab, err := s.store.Vocabulary(r.Context())
	if err != nil {
		return ""
	}
	if len(e.Topics) == 0 {
		return s.cat.T(state(r).lang, "desk.no_topics")
	}
	return labelList(vocab, encounter.KindTopic, e.Topics, state(r).lang)
}

// readDeskForm reads the posted form.
func readDeskForm(r *http.Request) deskForm {
	f := deskForm{Point: r.PostFormValue("point"), Channel: r.PostFormValue("channel"), AgeBand: r.PostFormValue("age_band"),
		AlreadyClient: r.PostFormValue("already_client"), ReferredTo: r.PostFormValue("referred_to"),
		Duration: strings.TrimSpace(r.PostFormValue("duration")), Started: strings.TrimSpace(r.PostFormValue("started")),
		Note: r.PostFormValue("note"), Topics: map[string]bool{}, Help: map[string]bool{},
		Continued: r.PostFormValue("continued") == "on", FirstVisit: r.PostFormValue("first_visit") == "on",
		Anonymous: r.PostFormValue("anonymous") == "on"}
	for _, c := range r.PostForm["topics"] {
		f.Topics[c] = true
	}
	for _, c := range r.PostForm["help"] {
		f.Help[c] = true
	}
	return f
}

// encounter builds the encounter from the form on date day (Helsinki),
// adding parse errors to errs by field.
func (f *deskForm) encounter(day calendar.Date, errs map[string]string) *encounter.Encounter {
	e := &encounter.Encounter{ServicePointID: f.Point, Channel: encounter.Channel(f.Channel), Anonymous: f.Anonymous,
		AgeBand: f.AgeBand, AlreadyClient: f.AlreadyClient, ContinuedToServices: f.Continued, FirstVisit: f.FirstVisit,
		Note: f.Note}
	// Sorted, not in map order, so that the same form stores the same lists.
	e.Topics, e.Help = sortedSet(f.Topics), sortedSet(f.Help)
	for _, ref := range strings.Split(f.ReferredTo, ",") {
		if ref = strings.TrimSpace(ref); ref != "" {
			e.ReferredTo = append(e.ReferredTo, ref)
		}
	}
	if f.Duration != "" {
		n, err := strconv.Atoi(f.Duration)
		if err != nil {
			errs["duration_min"] = "error.duration"
		}
		e.DurationMin = n
	}
	switch t, err := time.Parse("15:04", f.Started); {
	case f.Started == "":
		errs["started_at"] = "error.required"
	case err != nil:
		errs["started_at"] = "desk.error.time"
	default:
		e.StartedAt = day.Time(t.Hour(), t.Minute(), 0)
	}
	return e
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k, ok := range m {
		if ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// setErrors translates errs (field → catalogue key) and builds the summary.
func (v *deskView) setErrors(errs map[string]string) {
	// A refused note or client id on an anonymous entry is about the
	// anonymous choice when no note field is shown.
	for _, f := range []string{"note", "client_id"} {
		if code, ok := errs[f]; ok && (f == "client_id" || !v.ShowNote) {
			delete(errs, f)
			errs["anonymous"] = code
		}
	}
	for f, code := range errs {
		v.Errors[f] = v.T(code)
	}
	for _, f := range deskFieldOrder {
		if msg, ok := v.Errors[f]; ok {
			anchor := f
			if a, ok := deskAnchors[f]; ok {
				anchor = a
			}
			v.Summary = append(v.Summary, deskSummaryItem{Anchor: anchor, Label: v.T("desk.field." + f), Message: msg})
		}
	}
}

// deskFailure re-renders the form with errs and status.
func (s *Server) deskFailure(w http.ResponseWriter, r *http.Request, v *deskView, status int, errs map[string]string) {
	v.ShowNote = !v.Form.Anonymous
	if v.Form.Anonymous {
		v.Form.Note = "" // not echoed back: an anonymous entry holds no free text
	}
	v.setErrors(errs)
	if err := s.fillDesk(r, v); err != nil {
		s.internalError(w, r, err)
		return
	}
	s.render(w, r, status, "desk", v)
}

// checkDeskEncounter validates e and the user's right to log at its place,
// returning errors by field, or a non-field error for a 500.
func (s *Server) checkDeskEncounter(r *http.Request, e *encounter.Encounter, errs map[string]string) (forbidden bool, err error) {
	if len(errs) > 0 {
		return false, nil
	}
	vocab, err := s.store.Vocabulary(r.Context())
	if err != nil {
		return false, err
	}
	if err := s.validateDeskEncounter(vocab, e, errs); err != nil || len(errs) > 0 {
		return false, err
	}
	return s.checkDeskPlace(r, e.ServicePointID, errs)
}

// validateDeskEncounter validates e, adding its field error to errs; an
// error of another kind is returned.
func (s *Server) validateDeskEncounter(vocab *encounter.Vocabulary, e *encounter.Encounter, errs map[string]string) error {
	err := e.Validate(vocab, s.now())
	if err == nil {
		return nil
	}
	fe, ok := kynnys.AsFieldError(err)
	if !ok {
		return err
	}
	errs[fe.Field] = fe.Code
	return nil
}

// checkDeskPlace reports whether the user may not log at point (mayLogAt);
// an unknown point is an error in errs.
func (s *Server) checkDeskPlace(r *http.Request, point string, errs map[string]string) (forbidden bool, err error) {
	sp, err := s.store.ServicePoint(r.Context(), point)
	if errors.Is(err, kynnys.ErrNotFound) {
		errs["service_point_id"] = "error.unknown_code"
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return !mayLogAt(state(r).user, sp), nil
}

// deskSubmission turns the posted desk form into an encounter dated day
// (keeping the id and client of old when editing) and checks it. When it
// cannot be saved — the "add details" step, invalid input, another team's
// place — it answers the request itself and returns false.
func (s *Server) deskSubmission(w http.ResponseWriter, r *http.Request, view *deskView, day calendar.Date, old *encounter.Encounter) (*encounter.Encounter, bool) {
	if r.PostFormValue("step") == "details" {
		// The no-JavaScript way to reveal the note: re-render, save nothing.
		s.deskFailure(w, r, view, http.StatusOK, map[string]string{})
		return nil, false
	}
	errs := map[string]string{}
	e := view.Form.encounter(day, errs)
	if old != nil {
		e.ID, e.ClientID = old.ID, old.ClientID
	}
	forbidden, err := s.checkDeskEncounter(r, e, errs)
	switch {
	case err != nil:
		s.internalError(w, r, err)
	case forbidden:
		s.errorPage(w, r, http.StatusForbidden, "encounter.not_your_team")
	case len(errs) > 0:
		s.deskFailure(w, r, view, http.StatusBadRequest, errs)
	default:
		return e, true
	}
	return nil, false
}

func (s *Server) deskCreate(w http.ResponseWriter, r *http.Request) {
	view := s.deskView(r, "")
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	view.Form = readDeskForm(r)
	e, ok := s.deskSubmission(w, r, view, calendar.DateOf(s.now()), nil)
	if !ok {
		return
	}
	e.StaffID = view.User.ID
	if err := s.store.CreateEncounter(r.Context(), e); err != nil {
		if fe, ok := kynnys.AsFieldError(err); ok {
			s.deskFailure(w, r, view, http.StatusBadRequest, map[string]string{fe.Field: fe.Code})
			return
		}
		s.internalError(w, r, err)
		return
	}
	// Post/redirect/get: reloading the page does not log the entry twice.
	http.Redirect(w, r, "/desk?"+url.Values{"point": {e.ServicePointID}, "saved": {e.ID}}.Encode(), http.StatusSeeOther)
}

// deskEntry loads the entry of the path and checks the user may change it,
// answering 404 or 403 itself.
func (s *Server) deskEntry(w http.ResponseWriter, r *http.Request) (*encounter.Encounter, bool) {
	e, err := s.store.Encounter(r.Context(), r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.internalError(w, r, err)
		return nil, false
	}
	sp, err := s.store.ServicePoint(r.Context(), e.ServicePointID)
	if err != nil && !errors.Is(err, kynnys.ErrNotFound) {
		s.internalError(w, r, err)
		return nil, false
	}
	if !mayChangeEncounter(state(r).user, e, sp, s.now()) {
		s.errorPage(w, r, http.StatusForbidden, "desk.not_yours")
		return nil, false
	}
	return e, true
}

func formFromEncounter(e *encounter.Encounter) deskForm {
	f := deskForm{Point: e.ServicePointID, Channel: string(e.Channel), AgeBand: e.AgeBand, AlreadyClient: e.AlreadyClient,
		ReferredTo: strings.Join(e.ReferredTo, ", "), Duration: strconv.Itoa(e.DurationMin),
		Started: e.StartedAt.In(calendar.Helsinki).Format("15:04"), Note: e.Note,
		Topics: map[string]bool{}, Help: map[string]bool{}, Continued: e.ContinuedToServices, FirstVisit: e.FirstVisit,
		Anonymous: e.Anonymous}
	for _, c := range e.Topics {
		f.Topics[c] = true
	}
	for _, c := range e.Help {
		f.Help[c] = true
	}
	return f
}

func (s *Server) deskEdit(w http.ResponseWriter, r *http.Request) {
	e, ok := s.deskEntry(w, r)
	if !ok {
		return
	}
	if e.ClientID != "" {
		// Showing a named client's entry is a use of their data.
		if err := s.logUse(r, e.ClientID, access.LogView, "encounter"); err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	view := s.deskView(r, e.ID)
	view.Day = e.StartedAt.In(calendar.Helsinki).Format("2.1.2006")
	view.Form = formFromEncounter(e)
	view.ShowNote = !e.Anonymous
	if err := s.fillDesk(r, view); err != nil {
		s.internalError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "desk", view)
}

func (s *Server) deskUpdate(w http.ResponseWriter, r *http.Request) {
	old, ok := s.deskEntry(w, r)
	if !ok {
		return
	}
	view := s.deskView(r, old.ID)
	view.Day = old.StartedAt.In(calendar.Helsinki).Format("2.1.2006")
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	view.Form = readDeskForm(r)
	// The entry keeps its own day; the form changes only the time of day.
	e, ok := s.deskSubmission(w, r, view, calendar.DateOf(old.StartedAt), old)
	if !ok {
		return
	}
	if e.ClientID != "" {
		if err := s.logUse(r, e.ClientID, access.LogUpdate, "encounter"); err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	if err := s.store.UpdateEncounter(r.Context(), e); err != nil {
		if fe, ok := kynnys.AsFieldError(err); ok {
			s.deskFailure(w, r, view, http.StatusBadRequest, map[string]string{fe.Field: fe.Code})
			return
		}
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/desk?"+url.Values{"point": {e.ServicePointID}, "saved": {e.ID}}.Encode(), http.StatusSeeOther)
}

func (s *Server) deskDelete(w http.ResponseWriter, r *http.Request) {
	e, ok := s.deskEntry(w, r)
	if !ok {
		return
	}
	if r.PostFormValue("confirm") != "on" {
		view := s.deskView(r, e.ID)
		view.Day = e.StartedAt.In(calendar.Helsinki).Format("2.1.2006")
		view.Form = formFromEncounter(e)
		view.ShowNote = !e.Anonymous
		view.setErrors(map[string]string{"confirm": "desk.error.confirm"})
		if err := s.fillDesk(r, view); err != nil {
			s.internalError(w, r, err)
			return
		}
		s.render(w, r, http.StatusBadRequest, "desk", view)
		return
	}
	// The row stays, marked deleted and by whom: the audit trail.
	if err := s.store.DeleteEncounter(r.Context(), e.ID, state(r).user.ID); err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/desk?"+url.Values{"point": {e.ServicePointID}, "deleted": {"1"}}.Encode(), http.StatusSeeOther)
}

// deskFieldError is one field's message for the "desk-error" template.
type deskFieldError struct{ Field, Message string }

// E is field's error message, if any.
func (v *deskView) E(field string) deskFieldError {
	return deskFieldError{Field: field, Message: v.Errors[field]}
}
