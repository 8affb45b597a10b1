package web

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
	"kynnys/hetu"
	"kynnys/intake"
)

// The client pages: finding a client (by POST, so that an identity code
// never travels in a URL), recording a new one with duplicate detection,
// the client's page with their cases and consents, editing, the export for
// the client's right of access, and opening a case with the caseload cap.
// Every page that shows a client's data logs the use first.

const (
	// clientSearchPurpose is logged for every client a search (or a
	// duplicate check) shows.
	clientSearchPurpose = "casework search"
	// clientSearchLimit is how many hits a search shows.
	clientSearchLimit = 50
)

// clientSummary is one existing client as a search or a duplicate check
// lists them.
type clientSummary struct {
	ID, Name, BirthDate, BirthISO, Municipality string
	// Access: "full", "read" (with a stated purpose) or "none".
	Access string
}

// clientAccess is how far u may use the client: the same rule clientUse
// applies, without logging, for telling a search hit's access in advance.
func (s *Server) clientAccess(ctx context.Context, u *access.User, clientID string) (casework.Level, error) {
	cases, err := s.store.ClientCases(ctx, clientID)
	if err != nil {
		return casework.NoAccess, fmt.Errorf("client cases: %w", err)
	}
	if len(cases) == 0 {
		cl, err := s.store.Client(ctx, clientID)
		if err != nil {
			return casework.NoAccess, fmt.Errorf("client: %w", err)
		}
		if cl.CreatedBy == u.ID {
			return casework.FullAccess, nil
		}
		return casework.NoAccess, nil
	}
	best := casework.NoAccess
	for i := range cases {
		best = max(best, casework.AccessTo(u, &cases[i]))
	}
	return best, nil
}

// clientSummaries describes matches for a list, logging each one shown
// under purpose "casework search" before anything is rendered.
func (s *Server) clientSummaries(r *http.Request, matches []casework.Match) ([]clientSummary, error) {
	u := state(r).user
	out := make([]clientSummary, 0, len(matches))
	for _, m := range matches {
		level, err := s.clientAccess(r.Context(), u, m.ClientID)
		if err != nil {
			return nil, err
		}
		if err := s.logUse(r, m.ClientID, access.LogView, clientSearchPurpose); err != nil {
			return nil, err
		}
		row := clientSummary{ID: m.ClientID, Name: m.Name, BirthDate: finnishDate(m.BirthDate), Municipality: m.Municipality, Access: "none"}
		if !m.BirthDate.IsZero() {
			row.BirthISO = m.BirthDate.String()
		}
		switch level {
		case casework.FullAccess:
			row.Access = "full"
		case casework.ReadWithPurpose:
			row.Access = "read"
		}
		out = append(out, row)
	}
	return out, nil
}

// clientSearchForm is the search as typed.
type clientSearchForm struct{ Name, BirthDate, Hetu string }

type clientsView struct {
	*Page
	Form     clientSearchForm
	Searched bool
	Hits     []clientSummary
	More     bool // the search found more than it shows
	Errors   map[string]string
	Summary  []triageSummary
}

// E is the error message of the input with id, if any.
func (v *clientsView) E(id string) deskFieldError {
	return deskFieldError{Field: id, Message: v.Errors[id]}
}

func (s *Server) clientsView(r *http.Request, f clientSearchForm) *clientsView {
	v := &clientsView{Page: s.view(r, "casework_clients.search.title"), Form: f, Errors: map[string]string{}}
	// The results live at a POST address: switching language goes back to
	// the empty search rather than to a GET the server does not answer.
	for i := range v.Langs {
		v.Langs[i].Href = "/clients?" + url.Values{"lang": {v.Langs[i].Lang}}.Encode()
	}
	return v
}

func (s *Server) clientsPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "clients", s.clientsView(r, clientSearchForm{}))
}

// clientsSearch finds clients by identity code, or by name with an
// optional birth date. Every hit shown is access-logged.
func (s *Server) clientsSearch(w http.ResponseWriter, r *http.Request) {
	f := clientSearchForm{Name: strings.TrimSpace(r.PostFormValue("name")), BirthDate: strings.TrimSpace(r.PostFormValue("birth_date")),
		Hetu: strings.ToUpper(strings.TrimSpace(r.PostFormValue("hetu")))}
	v := s.clientsView(r, f)
	q := casework.ClientQuery{Name: f.Name, Limit: clientSearchLimit + 1}
	fail := func(id, label, code string) {
		v.Errors[id] = v.T(code)
		v.Summary = append(v.Summary, triageSummary{Anchor: id, Label: v.T(label), Message: v.Errors[id]})
	}
	if f.Hetu != "" {
		code, err := hetu.Parse(f.Hetu)
		if err != nil {
			fail("search-hetu", "casework_clients.field.hetu", "casework.error.invalid_hetu")
		} else {
			q.Hetu = code.Normalized
		}
	}
	if f.BirthDate != "" {
		d, err := calendar.ParseDate(f.BirthDate)
		if err != nil {
			fail("search-birth_date", "casework_clients.field.birth_date", "error.date")
		} else {
			q.BirthDate = d
		}
	}
	switch n := utf8.RuneCountInString(strings.Join(strings.Fields(f.Name), "")); {
	case n > 200:
		fail("search-name", "casework_clients.field.name", "error.too_long")
	case f.Hetu == "" && n < 2:
		fail("search-name", "casework_clients.field.name", "casework_clients.error.search_name")
	}
	if len(v.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "clients", v)
		return
	}
	matches, err := s.store.SearchClients(r.Context(), q)
	if err != nil {
		s.internalError(w, r, fmt.Errorf("search clients: %w", err))
		return
	}
	if len(matches) > clientSearchLimit {
		matches, v.More = matches[:clientSearchLimit], true
	}
	if v.Hits, err = s.clientSummaries(r, matches); err != nil {
		s.internalError(w, r, err)
		return
	}
	v.Searched = true
	s.render(w, r, http.StatusOK, "clients", v)
}

// clientForm is the client form as typed.
type clientForm struct {
	Name, Hetu, BirthDate, Phone, Email, Address, Languages, Municipality string
	// Intake is the intake item the client comes from, if any.
	Intake string
	// Different: the user confirmed the client is none of the clients
	// with the same name and birth date.
	Different bool
	Version   int
}

func readClientForm(r *http.Request) clientForm {
	v := r.PostFormValue
	f := clientForm{Name: v("name"), Hetu: v("hetu"), BirthDate: strings.TrimSpace(v("birth_date")), Phone: v("phone"), Email: v("email"),
		Address: v("address"), Languages: v("languages"), Municipality: v("municipality"), Intake: v("intake"), Different: v("different") == "on"}
	f.Version, _ = strconv.Atoi(v("version"))
	return f
}

func clientFormOf(c *casework.Client) clientForm {
	f := clientForm{Name: c.Name, Hetu: c.Hetu, Phone: c.Phone, Email: c.Email, Address: c.Address,
		Languages: strings.Join(c.Languages, ", "), Municipality: c.Municipality, Version: c.Version}
	if !c.BirthDate.IsZero() {
		f.BirthDate = c.BirthDate.String()
	}
	return f
}

// applyTo copies the form onto c and validates it as of today. It returns
// every field's problem in the form's order: Validate stops at the first,
// so a field found wrong is set aside (given a harmless value) and the
// rest checked again.
func (f clientForm) applyTo(c *casework.Client, today calendar.Date) []*kynnys.FieldError {
	c.Name, c.Hetu, c.Phone, c.Email, c.Address, c.Municipality = f.Name, f.Hetu, f.Phone, f.Email, f.Address, f.Municipality
	c.Languages = strings.FieldsFunc(f.Languages, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	c.BirthDate = calendar.Date{}
	found := map[string]*kynnys.FieldError{}
	if f.BirthDate != "" {
		d, err := calendar.ParseDate(f.BirthDate)
		if err != nil {
			found["birth_date"] = &kynnys.FieldError{Field: "birth_date", Code: "error.date"}
		}
		c.BirthDate = d
	}
	work := *c
	for range clientFields {
		fe, ok := kynnys.AsFieldError(work.Validate(today))
		if !ok {
			break
		}
		if found[fe.Field] == nil {
			found[fe.Field] = fe
		}
		switch fe.Field {
		case "name":
			work.Name = "-"
		case "municipality":
			work.Municipality = "-"
		case "hetu", "birth_date":
			work.Hetu, work.BirthDate = "", today.AddDays(-1)
		case "phone":
			work.Phone = ""
		case "email":
			work.Email = ""
		case "address":
			work.Address = ""
		case "languages":
			work.Languages = nil
		}
	}
	if len(found) == 0 {
		*c = work
		return nil
	}
	var out []*kynnys.FieldError
	for _, name := range clientFields {
		if fe := found[name]; fe != nil {
			out = append(out, fe)
		}
	}
	return out
}

// clientFields are the inputs of the client form, in order.
var clientFields = []string{"name", "hetu", "birth_date", "phone", "email", "address", "languages", "municipality"}

type clientFormView struct {
	*Page
	Form     clientForm
	Action   string
	ClientID string // the client being edited; "" for a new one
	// IntakeReceipt: the form was filled from this intake item.
	IntakeReceipt string
	Errors        map[string]string
	Summary       []triageSummary
	Conflict      bool
	// SameHetu is the existing client with the identity code given (one
	// at most).
	SameHetu []clientSummary
	// Matches are existing clients with the same name and birth date.
	Matches []clientSummary
}

// clientInput is one input of the client form, for its template.
type clientInput struct {
	ID, Name, Value, Type, Label, Hint, Error, Autocomplete string
	Required                                                bool
	RequiredText                                            string // "required", in words
}

// clientTable is a list of existing clients on the form, for its template.
type clientTable struct {
	V       *clientFormView
	Heading string // the id of the list's heading
	Rows    []clientSummary
}

// Table is rows under the heading with id heading.
func (v *clientFormView) Table(heading string, rows []clientSummary) clientTable {
	return clientTable{V: v, Heading: heading, Rows: rows}
}

// Field is the input named name.
func (v *clientFormView) Field(name string) clientInput {
	f := clientInput{ID: "client-" + name, Name: name, Type: "text", Label: v.T("casework_clients.field." + name)}
	f.Error = v.Errors[f.ID]
	if k := "casework_clients.hint." + name; v.cat.Has(k) {
		f.Hint = v.T(k)
	}
	switch name {
	case "name":
		f.Value, f.Required, f.Autocomplete = v.Form.Name, true, "off"
	case "hetu":
		f.Value, f.Autocomplete = v.Form.Hetu, "off"
	case "birth_date":
		f.Value, f.Type = v.Form.BirthDate, "date"
	case "phone":
		f.Value, f.Type, f.Autocomplete = v.Form.Phone, "tel", "off"
	case "email":
		f.Value, f.Type, f.Autocomplete = v.Form.Email, "email", "off"
	case "address":
		f.Value, f.Autocomplete = v.Form.Address, "off"
	case "languages":
		f.Value = v.Form.Languages
	case "municipality":
		f.Value, f.Required = v.Form.Municipality, true
	}
	if f.Required {
		f.RequiredText = v.T("casework_clients.form.required")
	}
	return f
}

// IntakeQuery is the form's intake item as a query string to carry along.
func (v *clientFormView) IntakeQuery() string {
	if v.Form.Intake == "" {
		return ""
	}
	return "&" + url.Values{"intake": {v.Form.Intake}}.Encode()
}

func (s *Server) clientFormView(r *http.Request, f clientForm, clientID string) *clientFormView {
	v := &clientFormView{Page: s.view(r, "casework_clients.new.title"), Form: f, Action: "/clients/new", ClientID: clientID,
		Errors: map[string]string{}}
	if clientID != "" {
		v.Title, v.Action = "casework_clients.edit.title", "/clients/"+clientID+"/edit"
	}
	return v
}

// fail puts fe on its input and in the error summary.
func (v *clientFormView) fail(fe *kynnys.FieldError) {
	name := fe.Field
	if !slices.Contains(clientFields, name) {
		name = "name"
	}
	id := "client-" + name
	v.Errors[id] = v.T(fe.Code)
	v.Summary = append(v.Summary, triageSummary{Anchor: id, Label: v.T("casework_clients.field." + name), Message: v.Errors[id]})
}

// clientNewForm shows the empty client form, or with ?intake=<item id> the
// form filled from the intake item's person (whose use is logged).
func (s *Server) clientNewForm(w http.ResponseWriter, r *http.Request) {
	var f clientForm
	var receipt string
	if id := r.URL.Query().Get("intake"); id != "" {
		it := s.teamIntakeItem(w, r, id, casePurpose)
		if it == nil {
			return
		}
		if err := s.logUse(r, it.PersonID, access.LogView, casePurpose); err != nil {
			s.internalError(w, r, err)
			return
		}
		sub := it.Subject
		f = clientForm{Name: sub.Name, Hetu: sub.Hetu, Phone: cmp.Or(sub.Phone, it.Details.Contact.Phone),
			Email: cmp.Or(sub.Email, it.Details.Contact.Email), Address: sub.Address, Languages: sub.Language,
			Municipality: it.Municipality, Intake: it.ID}
		if !sub.BirthDate.IsZero() && sub.Hetu == "" {
			f.BirthDate = sub.BirthDate.String()
		}
		receipt = it.Receipt
	}
	v := s.clientFormView(r, f, "")
	v.IntakeReceipt = receipt
	s.render(w, r, http.StatusOK, "client_form", v)
}

// clientCreate records a new client: validation, then the duplicate check
// (the same identity code: no second client; the same name and birth date:
// only once the user confirms it is a different person), then on to
// opening the client's first case.
func (s *Server) clientCreate(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	f := readClientForm(r)
	var it *intake.Item
	if f.Intake != "" {
		if it = s.teamIntakeItem(w, r, f.Intake, casePurpose); it == nil {
			return
		}
	}
	v := s.clientFormView(r, f, "")
	if it != nil {
		v.IntakeReceipt = it.Receipt
	}
	c := &casework.Client{CreatedBy: u.ID}
	if errs := f.applyTo(c, calendar.DateOf(s.now())); errs != nil {
		for _, fe := range errs {
			v.fail(fe)
		}
		s.render(w, r, http.StatusBadRequest, "client_form", v)
		return
	}
	matches, err := s.store.ClientDuplicates(r.Context(), c)
	if err != nil {
		s.internalError(w, r, fmt.Errorf("client duplicates: %w", err))
		return
	}
	var similar []casework.Match
	for _, m := range matches {
		if m.ByHetu {
			s.clientExists(w, r, v, m.ClientID)
			return
		}
		similar = append(similar, m)
	}
	if len(similar) > 0 && !f.Different {
		if v.Matches, err = s.clientSummaries(r, similar); err != nil {
			s.internalError(w, r, err)
			return
		}
		v.Errors["client-different"] = v.T("casework_clients.error.confirm_different")
		v.Summary = append(v.Summary, triageSummary{Anchor: "client-different", Label: v.T("casework_clients.duplicates.heading"),
			Message: v.Errors["client-different"]})
		s.render(w, r, http.StatusConflict, "client_form", v)
		return
	}
	if it != nil && c.Hetu == "" {
		// Without a code only the item tells who the person is: the client
		// becomes that person, so their access log stays one log.
		c.ID = it.PersonID
	}
	err = s.store.CreateClient(r.Context(), c)
	if dup := (*casework.DuplicateError)(nil); errors.As(err, &dup) {
		s.clientExists(w, r, v, dup.ClientID)
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("create client: %w", err))
		return
	}
	if err := s.logUse(r, c.ID, access.LogCreate, casePurpose); err != nil {
		s.internalError(w, r, err)
		return
	}
	q := url.Values{"client": {c.ID}, "saved": {"client"}}
	if it != nil {
		q.Set("intake", it.ID)
	}
	http.Redirect(w, r, "/cases/new?"+q.Encode(), http.StatusSeeOther)
}

// clientExists shows the form again, saying that the client is already
// recorded as clientID (the same identity code) and linking there.
func (s *Server) clientExists(w http.ResponseWriter, r *http.Request, v *clientFormView, clientID string) {
	cl, err := s.store.Client(r.Context(), clientID)
	if err != nil {
		s.internalError(w, r, fmt.Errorf("client: %w", err))
		return
	}
	rows, err := s.clientSummaries(r, []casework.Match{{ClientID: cl.ID, Name: cl.Name, BirthDate: cl.BirthDate,
		Municipality: cl.Municipality, ByHetu: true}})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v.SameHetu = rows
	v.Errors["client-hetu"] = v.T("casework.error.duplicate_client")
	v.Summary = append(v.Summary, triageSummary{Anchor: "client-hetu", Label: v.T("casework_clients.field.hetu"), Message: v.Errors["client-hetu"]})
	s.render(w, r, http.StatusConflict, "client_form", v)
}

// clientDeniedView is the page of a client the user may not use.
type clientDeniedView struct {
	*Page
	ClientID string
	Message  string
	// Cases the user may read after stating a purpose on the case.
	Cases []clientCaseRow
	// OpenCase: offer to open a case for the client in one's own team.
	OpenCase bool
}

// loadClient loads the client named by the path and decides the user's
// use of it (logged by clientUse). When the use is refused it answers the
// request itself and returns nil.
func (s *Server) loadClient(w http.ResponseWriter, r *http.Request, action access.LogAction, write bool) (*casework.Client, []casework.Case) {
	cl, err := s.store.Client(r.Context(), r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return nil, nil
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("client: %w", err))
		return nil, nil
	}
	visible, err := s.clientUse(r, cl, action, write)
	switch {
	case errors.Is(err, errPurposeRequired):
		v := &clientDeniedView{Page: s.view(r, "error.title.403"), ClientID: cl.ID, Message: "casework_clients.error.purpose_required"}
		if v.Cases, err = s.clientCaseRows(r.Context(), v.Page, visible); err != nil {
			s.internalError(w, r, err)
			return nil, nil
		}
		s.render(w, r, http.StatusForbidden, "client_denied", v)
		return nil, nil
	case errors.Is(err, kynnys.ErrForbidden):
		v := &clientDeniedView{Page: s.view(r, "error.title.403"), ClientID: cl.ID, Message: "casework_clients.error.no_access",
			OpenCase: !write}
		if write {
			v.Message = "casework_clients.error.no_write"
		}
		s.render(w, r, http.StatusForbidden, "client_denied", v)
		return nil, nil
	case err != nil:
		s.internalError(w, r, err)
		return nil, nil
	}
	return cl, visible
}

// clientCaseRow is one of the client's cases on the client's page.
type clientCaseRow struct {
	ID, Status, StatusCode, Worker, Second, Team, Stage, Opened, OpenedISO string
}

// caseNames loads what a client's cases are shown with: the staff's and the
// teams' names by id, and the ladder.
func (s *Server) caseNames(ctx context.Context) (staff, teams map[string]string, ladder *casework.Ladder, err error) {
	if staff, _, err = s.staffNames(ctx); err != nil {
		return nil, nil, nil, fmt.Errorf("staff names: %w", err)
	}
	all, err := s.store.Teams(ctx)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("teams: %w", err)
	}
	if ladder, err = s.store.Ladder(ctx); err != nil {
		return nil, nil, nil, fmt.Errorf("ladder: %w", err)
	}
	return staff, teamNameByID(all), ladder, nil
}

func (s *Server) clientCaseRows(ctx context.Context, p *Page, cases []casework.Case) ([]clientCaseRow, error) {
	if len(cases) == 0 {
		return nil, nil
	}
	names, tn, ladder, err := s.caseNames(ctx)
	if err != nil {
		return nil, err
	}
	sorted := slices.Clone(cases)
	// Open cases first, then the newest.
	slices.SortStableFunc(sorted, func(a, b casework.Case) int {
		if a.Open() != b.Open() {
			if a.Open() {
				return -1
			}
			return 1
		}
		return b.OpenedAt.Compare(a.OpenedAt)
	})
	rows := make([]clientCaseRow, 0, len(sorted))
	for _, c := range sorted {
		row := clientCaseRow{ID: c.ID, Status: p.T("casework.status." + string(c.Status)), StatusCode: string(c.Status),
			Worker: names[c.WorkerID], Second: names[c.SecondWorkerID], Team: tn[c.TeamID],
			Opened: finnishDate(calendar.DateOf(c.OpenedAt)), OpenedISO: rfc3339(c.OpenedAt)}
		if st, ok := ladder.Stage(c.Stage); ok {
			row.Stage = fmt.Sprintf("%d. %s", st.Number, st.Label[p.Lang])
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// clientConsentRow is one consent on the client's page.
type clientConsentRow struct {
	ID, Partner, Organisation string
	Scope                     []string
	State, StateLabel         string // active, expired, withdrawn
	Given, GivenISO, GivenBy  string
	ValidUntil, ValidUntilISO string
	Withdrawn, WithdrawnBy    string
	Active                    bool
}

// consentForm is the form recording a consent, as typed.
type consentForm struct {
	Partner, Organisation, ValidUntil string
	Scope                             map[string]bool
}

type clientView struct {
	*Page
	Client    *casework.Client
	BirthDate string
	Languages []string
	CreatedBy string
	Created   string
	Cases     []clientCaseRow
	Consents  []clientConsentRow
	CanWrite  bool
	Form      consentForm
	Partners  []triageOption
	Scopes    []triageOption
	Errors    map[string]string
	Summary   []triageSummary
}

// E is the error message of the input with id, if any.
func (v *clientView) E(id string) deskFieldError {
	return deskFieldError{Field: id, Message: v.Errors[id]}
}

// clientPageView builds the client's page; the caller has logged the use.
func (s *Server) clientPageView(r *http.Request, cl *casework.Client, visible []casework.Case, f consentForm) (*clientView, error) {
	ctx := r.Context()
	u := state(r).user
	now := s.now()
	v := &clientView{Page: s.view(r, "casework_clients.client.title"), Client: cl, BirthDate: finnishDate(cl.BirthDate),
		Form: f, Errors: map[string]string{}, Created: finnishDate(calendar.DateOf(cl.CreatedAt))}
	v.TitleText = cl.Name
	// Full access to one case, or the recorder of a client without cases
	// (clientUse shows them no case): the same rule as clientUse's write.
	v.CanWrite = len(visible) == 0
	for i := range visible {
		if casework.AccessTo(u, &visible[i]) == casework.FullAccess {
			v.CanWrite = true
		}
	}
	for _, l := range cl.Languages {
		v.Languages = append(v.Languages, v.LanguageName(l))
	}
	names, _, err := s.staffNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("staff names: %w", err)
	}
	v.CreatedBy = names[cl.CreatedBy]
	if v.Cases, err = s.clientCaseRows(ctx, v.Page, visible); err != nil {
		return nil, err
	}
	consents, err := s.store.Consents(ctx, cl.ID)
	if err != nil {
		return nil, fmt.Errorf("consents: %w", err)
	}
	today := calendar.DateOf(now)
	for _, c := range consents {
		row := clientConsentRow{ID: c.ID, Partner: v.T("casework.partner." + string(c.Partner)), Organisation: c.Organisation,
			Given: v.Date(c.GivenAt), GivenISO: rfc3339(c.GivenAt), GivenBy: names[c.RecordedBy],
			ValidUntil: finnishDate(c.ValidUntil), ValidUntilISO: c.ValidUntil.String(), Active: c.ActiveAt(now), State: "active"}
		for _, k := range c.Scope {
			row.Scope = append(row.Scope, v.T("casework.info."+string(k)))
		}
		switch {
		case c.WithdrawnAt != nil:
			row.State, row.Withdrawn, row.WithdrawnBy = "withdrawn", v.Date(*c.WithdrawnAt), names[c.WithdrawnBy]
		case c.ValidUntil.Before(today):
			row.State = "expired"
		}
		row.StateLabel = v.T("casework_clients.consent.state." + row.State)
		v.Consents = append(v.Consents, row)
	}
	// Active consents first, then the newest.
	slices.SortStableFunc(v.Consents, func(a, b clientConsentRow) int {
		if a.Active != b.Active {
			if a.Active {
				return -1
			}
			return 1
		}
		return strings.Compare(b.GivenISO, a.GivenISO)
	})
	v.Partners = []triageOption{{Label: v.T("casework_clients.choose")}}
	for _, p := range casework.Partners {
		v.Partners = append(v.Partners, triageOption{Value: string(p), Label: v.T("casework.partner." + string(p)), Selected: f.Partner == string(p)})
	}
	for _, k := range casework.InfoKinds {
		v.Scopes = append(v.Scopes, triageOption{Value: string(k), Label: v.T("casework.info." + string(k)), Selected: f.Scope[string(k)]})
	}
	return v, nil
}

func (s *Server) clientPage(w http.ResponseWriter, r *http.Request) {
	cl, visible := s.loadClient(w, r, access.LogView, false)
	if cl == nil {
		return
	}
	v, err := s.clientPageView(r, cl, visible, consentForm{Scope: map[string]bool{}})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	switch saved := r.URL.Query().Get("saved"); saved {
	case "updated", "consent", "withdrawn":
		v.Flash = "casework_clients.saved." + saved
	}
	s.render(w, r, http.StatusOK, "client", v)
}

func (s *Server) clientEditForm(w http.ResponseWriter, r *http.Request) {
	cl, _ := s.loadClient(w, r, access.LogView, true)
	if cl == nil {
		return
	}
	s.render(w, r, http.StatusOK, "client_form", s.clientFormView(r, clientFormOf(cl), cl.ID))
}

// clientUpdate saves the client form over the version it was made from; a
// change made meanwhile shows the form again with casework.error.conflict.
func (s *Server) clientUpdate(w http.ResponseWriter, r *http.Request) {
	cl, _ := s.loadClient(w, r, access.LogUpdate, true)
	if cl == nil {
		return
	}
	f := readClientForm(r)
	v := s.clientFormView(r, f, cl.ID)
	if _, err := strconv.Atoi(r.PostFormValue("version")); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	if f.Version != cl.Version {
		s.clientConflict(w, r, v, cl)
		return
	}
	work := *cl
	if errs := f.applyTo(&work, calendar.DateOf(s.now())); errs != nil {
		for _, fe := range errs {
			v.fail(fe)
		}
		s.render(w, r, http.StatusBadRequest, "client_form", v)
		return
	}
	if work.Hetu != "" && work.Hetu != cl.Hetu {
		matches, err := s.store.ClientDuplicates(r.Context(), &work)
		if err != nil {
			s.internalError(w, r, fmt.Errorf("client duplicates: %w", err))
			return
		}
		for _, m := range matches {
			if m.ByHetu && m.ClientID != cl.ID {
				s.clientExists(w, r, v, m.ClientID)
				return
			}
		}
	}
	err := s.store.UpdateClient(r.Context(), &work)
	if dup := (*casework.DuplicateError)(nil); errors.As(err, &dup) {
		s.clientExists(w, r, v, dup.ClientID)
		return
	}
	if errors.Is(err, kynnys.ErrConflict) {
		fresh, err := s.store.Client(r.Context(), cl.ID)
		if err != nil {
			s.internalError(w, r, fmt.Errorf("client: %w", err))
			return
		}
		if fresh.Version == cl.Version {
			// Not a change meanwhile: the code is another person's, known
			// from an intake item, and the two cannot be merged here.
			v.fail(&kynnys.FieldError{Field: "hetu", Code: "casework_clients.error.hetu_other_person"})
			s.render(w, r, http.StatusConflict, "client_form", v)
			return
		}
		s.clientConflict(w, r, v, fresh)
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("update client: %w", err))
		return
	}
	http.Redirect(w, r, "/clients/"+cl.ID+"?saved=updated", http.StatusSeeOther)
}

// clientConflict shows the form as typed over the client's current
// version, saying that someone else changed the client meanwhile.
func (s *Server) clientConflict(w http.ResponseWriter, r *http.Request, v *clientFormView, current *casework.Client) {
	v.Form.Version, v.Conflict = current.Version, true
	s.render(w, r, http.StatusConflict, "client_form", v)
}

// consentInputs maps a consent's field to the input it is about.
var consentInputs = map[string]string{"partner": "consent-partner", "organisation": "consent-organisation",
	"scope": "consent-scope", "valid_until": "consent-valid_until"}

// clientAddConsent records the client's consent to give information to a
// partner, noting it in the history of the client's open cases.
func (s *Server) clientAddConsent(w http.ResponseWriter, r *http.Request) {
	cl, visible := s.loadClient(w, r, access.LogUpdate, true)
	if cl == nil {
		return
	}
	u := state(r).user
	now := s.now()
	f := consentForm{Partner: r.PostFormValue("partner"), Organisation: r.PostFormValue("organisation"),
		ValidUntil: strings.TrimSpace(r.PostFormValue("valid_until")), Scope: map[string]bool{}}
	c := &casework.Consent{ClientID: cl.ID, Partner: casework.Partner(f.Partner), Organisation: f.Organisation, GivenAt: now, RecordedBy: u.ID}
	for _, k := range r.PostForm["scope"] {
		f.Scope[k] = true
		c.Scope = append(c.Scope, casework.InfoKind(k))
	}
	err := kynnys.Invalid("valid_until", "error.required")
	if f.ValidUntil != "" {
		if c.ValidUntil, err = calendar.ParseDate(f.ValidUntil); err != nil {
			err = kynnys.Invalid("valid_until", "error.date")
		} else {
			err = c.Validate(calendar.DateOf(now))
		}
	}
	if fe, ok := kynnys.AsFieldError(err); ok {
		s.clientConsentRefused(w, r, cl, visible, f, fe)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := s.store.AddConsent(r.Context(), c); err != nil {
		s.internalError(w, r, fmt.Errorf("add consent: %w", err))
		return
	}
	if err := s.noteConsent(r, visible, "given", c, now); err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/clients/"+cl.ID+"?saved=consent#consents", http.StatusSeeOther)
}

// noteConsent adds a consent event ("given kela", "withdrawn ngo:
// Sininauha") to each open case of the client that the user works on.
func (s *Server) noteConsent(r *http.Request, visible []casework.Case, what string, c *casework.Consent, now time.Time) error {
	u := state(r).user
	text := what + " " + string(c.Partner)
	if c.Organisation != "" {
		text += ": " + c.Organisation
	}
	for i := range visible {
		cs := &visible[i]
		if !cs.Open() || casework.AccessTo(u, cs) != casework.FullAccess {
			continue
		}
		if err := s.store.AddCaseEvent(r.Context(), &casework.Event{CaseID: cs.ID, At: now, By: u.ID, Type: casework.EventConsent, Text: text}); err != nil {
			return fmt.Errorf("consent event: %w", err)
		}
	}
	return nil
}

func (s *Server) clientConsentRefused(w http.ResponseWriter, r *http.Request, cl *casework.Client, visible []casework.Case, f consentForm, fe *kynnys.FieldError) {
	v, err := s.clientPageView(r, cl, visible, f)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	id, ok := consentInputs[fe.Field]
	if !ok {
		id = "consent-partner"
	}
	field := strings.TrimPrefix(id, "consent-")
	v.Errors[id] = v.T(fe.Code)
	v.Summary = []triageSummary{{Anchor: id, Label: v.T("casework_clients.consent.field." + field), Message: v.Errors[id]}}
	s.render(w, r, http.StatusBadRequest, "client", v)
}

// clientConsent loads consent id, one of client clientID's. Otherwise it
// answers the request itself (404) and returns nil.
func (s *Server) clientConsent(w http.ResponseWriter, r *http.Request, clientID, id string) *casework.Consent {
	c, err := s.store.Consent(r.Context(), id)
	if errors.Is(err, kynnys.ErrNotFound) || (err == nil && c.ClientID != clientID) {
		s.notFound(w, r)
		return nil
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("consent: %w", err))
		return nil
	}
	return c
}

// clientWithdrawConsent records that the client withdrew a consent.
func (s *Server) clientWithdrawConsent(w http.ResponseWriter, r *http.Request) {
	cl, visible := s.loadClient(w, r, access.LogUpdate, true)
	if cl == nil {
		return
	}
	c := s.clientConsent(w, r, cl.ID, r.PathValue("cid"))
	if c == nil {
		return
	}
	now := s.now()
	var err error
	if c.WithdrawnAt == nil {
		err = s.store.WithdrawConsent(r.Context(), c.ID, state(r).user.ID, now)
	}
	if c.WithdrawnAt != nil || errors.Is(err, kynnys.ErrConflict) {
		// Withdrawn already, perhaps a moment ago by someone else: the
		// page as it now is, saying so.
		v, err := s.clientPageView(r, cl, visible, consentForm{Scope: map[string]bool{}})
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		v.Summary = []triageSummary{{Anchor: "consents", Label: v.T("casework_clients.consent.heading"),
			Message: v.T("casework_clients.error.already_withdrawn")}}
		s.render(w, r, http.StatusConflict, "client", v)
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("withdraw consent: %w", err))
		return
	}
	if err := s.noteConsent(r, visible, "withdrawn", c, now); err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/clients/"+cl.ID+"?saved=withdrawn#consents", http.StatusSeeOther)
}

// clientExportData is everything about a client that the user may see,
// for the client's right of access. Staff and teams are named beside their
// ids, so that the client can read who did what.
type clientExportData struct {
	ExportedAt time.Time          `json:"exported_at"`
	ExportedBy string             `json:"exported_by"`
	Client     *casework.Client   `json:"client"`
	Consents   []casework.Consent `json:"consents"`
	Cases      []clientExportCase `json:"cases"`
	Staff      map[string]string  `json:"staff"`
	Teams      map[string]string  `json:"teams"`
	Ladder     []casework.Stage   `json:"ladder"`
}

type clientExportCase struct {
	Case        casework.Case         `json:"case"`
	Events      []casework.Event      `json:"events"`
	LadderSteps []casework.LadderStep `json:"ladder_steps"`
	Meetings    []casework.Meeting    `json:"meetings"`
	Tasks       []casework.Task       `json:"tasks"`
	Plans       []casework.Plan       `json:"plans"`
	Assessments []casework.Assessment `json:"assessments"`
	Referrals   []casework.Referral   `json:"referrals"`
}

// clientExport downloads the client's data as JSON, logged as an export.
func (s *Server) clientExport(w http.ResponseWriter, r *http.Request) {
	cl, visible := s.loadClient(w, r, access.LogExport, false)
	if cl == nil {
		return
	}
	data, err := s.clientExportOf(r.Context(), cl, visible)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	data.ExportedAt, data.ExportedBy = s.now(), state(r).user.Name
	body, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		s.internalError(w, r, fmt.Errorf("export: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="client-`+cl.ID+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(body)
}

func (s *Server) clientExportOf(ctx context.Context, cl *casework.Client, visible []casework.Case) (*clientExportData, error) {
	d := &clientExportData{Client: cl, Cases: []clientExportCase{}, Staff: map[string]string{}, Teams: map[string]string{}}
	var err error
	if d.Consents, err = s.store.Consents(ctx, cl.ID); err != nil {
		return nil, fmt.Errorf("consents: %w", err)
	}
	names, tn, ladder, err := s.caseNames(ctx)
	if err != nil {
		return nil, err
	}
	d.Ladder = ladder.Stages
	staff := []string{cl.CreatedBy}
	for _, c := range d.Consents {
		staff = append(staff, c.RecordedBy, c.WithdrawnBy)
	}
	for _, c := range visible {
		ec := clientExportCase{Case: c}
		if ec.Events, err = s.store.CaseEvents(ctx, c.ID); err != nil {
			return nil, fmt.Errorf("case events: %w", err)
		}
		if ec.LadderSteps, err = s.store.LadderSteps(ctx, c.ID); err != nil {
			return nil, fmt.Errorf("ladder steps: %w", err)
		}
		if ec.Meetings, err = s.store.Meetings(ctx, c.ID); err != nil {
			return nil, fmt.Errorf("meetings: %w", err)
		}
		if ec.Tasks, err = s.store.Tasks(ctx, c.ID); err != nil {
			return nil, fmt.Errorf("tasks: %w", err)
		}
		if ec.Plans, err = s.store.Plans(ctx, c.ID); err != nil {
			return nil, fmt.Errorf("plans: %w", err)
		}
		if ec.Assessments, err = s.store.Assessments(ctx, c.ID); err != nil {
			return nil, fmt.Errorf("assessments: %w", err)
		}
		if ec.Referrals, err = s.store.Referrals(ctx, c.ID); err != nil {
			return nil, fmt.Errorf("referrals: %w", err)
		}
		d.Teams[c.TeamID] = tn[c.TeamID]
		staff = append(staff, c.WorkerID, c.SecondWorkerID, c.OpenedBy)
		for _, e := range ec.Events {
			staff = append(staff, e.By)
		}
		for _, st := range ec.LadderSteps {
			staff = append(staff, st.By)
		}
		for _, m := range ec.Meetings {
			staff = append(staff, m.By)
		}
		for _, t := range ec.Tasks {
			staff = append(staff, t.AssignedTo, t.CreatedBy, t.DoneBy)
		}
		for _, p := range ec.Plans {
			staff = append(staff, p.SavedBy)
		}
		for _, a := range ec.Assessments {
			staff = append(staff, a.By)
		}
		for _, rf := range ec.Referrals {
			staff = append(staff, rf.SentBy)
		}
		d.Cases = append(d.Cases, ec)
	}
	for _, id := range staff {
		if id != "" {
			d.Staff[id] = names[id]
		}
	}
	return d, nil
}

// caseNewForm is the form opening a case, as typed.
type caseNewForm struct {
	Team, Worker, Second, TargetGroup, OverrideReason string
}

// caseWorkerGroup is one team's possible workers with their caseloads.
type caseWorkerGroup struct {
	TeamID, Team string
	Cap          int
	Workers      []caseWorkerOption
}

type caseWorkerOption struct {
	ID, Name, Role string
	Load           int
	Full           bool
}

type caseNewView struct {
	*Page
	Client       *casework.Client
	Form         caseNewForm
	Action       string
	Teams        []triageOption
	Groups       []caseWorkerGroup
	TargetGroups []triageOption
	Origin       string // catalogue key
	Receipt      string // the intake item's receipt
	CanOverride  bool
	Errors       map[string]string
	Summary      []triageSummary
}

// E is the error message of the input with id, if any.
func (v *caseNewView) E(id string) deskFieldError {
	return deskFieldError{Field: id, Message: v.Errors[id]}
}

// fail puts the message of code (with args) on input id and in the summary.
func (v *caseNewView) fail(id, code string, args ...any) {
	v.Errors[id] = v.T(code, args...)
	v.Summary = append(v.Summary, triageSummary{Anchor: id, Label: v.T("casework_clients.case." + strings.TrimPrefix(id, "case-")),
		Message: v.Errors[id]})
}

// caseNewSetup loads what both the form and its handling need: the client
// named by ?client= and the intake item of ?intake=, if any. The use of the
// client's name on the form is logged. When it cannot go on it answers the
// request itself and returns a nil view.
func (s *Server) caseNewSetup(w http.ResponseWriter, r *http.Request, f caseNewForm) (*caseNewView, *intake.Item) {
	q := r.URL.Query()
	if q.Get("client") == "" {
		http.Redirect(w, r, "/clients", http.StatusSeeOther)
		return nil, nil
	}
	cl, err := s.store.Client(r.Context(), q.Get("client"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return nil, nil
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("client: %w", err))
		return nil, nil
	}
	var it *intake.Item
	if id := q.Get("intake"); id != "" {
		if it = s.teamIntakeItem(w, r, id, casePurpose); it == nil {
			return nil, nil
		}
	}
	u := state(r).user
	v := &caseNewView{Page: s.view(r, "casework_clients.case.title"), Client: cl, Form: f, Errors: map[string]string{},
		Origin: "casework.origin.direct", CanOverride: u.Role == access.RoleTeamLead}
	v.Action = "/cases/new?" + url.Values{"client": {cl.ID}}.Encode()
	if it != nil {
		v.Origin, v.Receipt = "casework.origin.intake", it.Receipt
		v.Action += "&" + url.Values{"intake": {it.ID}}.Encode()
		if v.Form.TargetGroup == "" && it.TargetGroup.Valid() {
			v.Form.TargetGroup = string(it.TargetGroup)
		}
	}
	if v.Form.TargetGroup == "" {
		v.Form.TargetGroup = string(access.TargetWorkingAge)
	}
	if v.Form.Team == "" && len(u.Teams) == 1 {
		v.Form.Team = u.Teams[0].ID
	}
	if err := s.caseWorkerGroups(r.Context(), v); err != nil {
		s.internalError(w, r, err)
		return nil, nil
	}
	for _, t := range u.Teams {
		v.Teams = append(v.Teams, triageOption{Value: t.ID, Label: t.Name, Selected: t.ID == v.Form.Team})
	}
	for _, g := range access.TargetGroups {
		v.TargetGroups = append(v.TargetGroups, triageOption{Value: string(g), Label: v.T("target." + string(g)),
			Selected: string(g) == v.Form.TargetGroup})
	}
	return v, it
}

// caseWorkerGroups lists, team by team of the user's, who can be a case's
// worker and how full their caseload is.
func (s *Server) caseWorkerGroups(ctx context.Context, v *caseNewView) error {
	_, users, err := s.staffNames(ctx)
	if err != nil {
		return fmt.Errorf("staff: %w", err)
	}
	var ids []string
	for _, t := range v.User.Teams {
		limit, err := s.caseLimit(ctx, t.ID, false)
		if err != nil {
			return err
		}
		g := caseWorkerGroup{TeamID: t.ID, Team: t.Name, Cap: limit}
		for _, w := range users {
			if w.Active && w.InTeam(t.ID) && slices.Contains(assignableRoles, w.Role) {
				g.Workers = append(g.Workers, caseWorkerOption{ID: w.ID, Name: w.Name, Role: v.RoleName(w.Role)})
				ids = append(ids, w.ID)
			}
		}
		slices.SortFunc(g.Workers, func(a, b caseWorkerOption) int { return strings.Compare(a.Name, b.Name) })
		v.Groups = append(v.Groups, g)
	}
	if len(ids) == 0 {
		return nil
	}
	loads, err := s.store.Caseloads(ctx, ids)
	if err != nil {
		return fmt.Errorf("caseloads: %w", err)
	}
	for gi := range v.Groups {
		g := &v.Groups[gi]
		for wi := range g.Workers {
			w := &g.Workers[wi]
			w.Load = loads[w.ID]
			w.Full = w.Load >= g.Cap
		}
	}
	return nil
}

// group is the worker group of team teamID.
func (v *caseNewView) group(teamID string) *caseWorkerGroup {
	for i := range v.Groups {
		if v.Groups[i].TeamID == teamID {
			return &v.Groups[i]
		}
	}
	return nil
}

func (s *Server) caseNewForm(w http.ResponseWriter, r *http.Request) {
	v, _ := s.caseNewSetup(w, r, caseNewForm{})
	if v == nil {
		return
	}
	if err := s.logUse(r, v.Client.ID, access.LogView, casePurpose); err != nil {
		s.internalError(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") == "client" {
		v.Flash = "casework_clients.saved.client"
	}
	// Whoever opens the case is most often its worker, when they have room.
	if g := v.group(v.Form.Team); g != nil && slices.ContainsFunc(g.Workers, func(w caseWorkerOption) bool { return w.ID == v.User.ID && !w.Full }) {
		v.Form.Worker = v.User.ID
	}
	s.render(w, r, http.StatusOK, "case_new", v)
}

// caseCreate opens a case in one of the user's teams. A worker at the
// team's caseload cap can be assigned only by a team lead of the team,
// with a reason that the case's history keeps.
func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request) {
	f := caseNewForm{Team: r.PostFormValue("team"), Worker: r.PostFormValue("worker"), Second: r.PostFormValue("second_worker"),
		TargetGroup: r.PostFormValue("target_group"), OverrideReason: r.PostFormValue("override_reason")}
	v, it := s.caseNewSetup(w, r, f)
	if v == nil {
		return
	}
	// The form shows the client's name whatever happens next.
	if err := s.logUse(r, v.Client.ID, access.LogView, casePurpose); err != nil {
		s.internalError(w, r, err)
		return
	}
	u := state(r).user
	now := s.now()
	c := &casework.Case{ClientID: v.Client.ID, TeamID: f.Team, WorkerID: f.Worker, SecondWorkerID: f.Second,
		TargetGroup: access.TargetGroup(f.TargetGroup), Status: casework.StatusActive, Origin: casework.OriginDirect,
		OpenedAt: now, OpenedBy: u.ID}
	if it != nil {
		c.Origin, c.OriginRef = casework.OriginIntake, it.ID
	}
	g := v.group(f.Team)
	var worker *caseWorkerOption
	switch {
	case f.Team == "":
		v.fail("case-team", "error.required")
	case g == nil:
		v.fail("case-team", "casework_clients.error.not_your_team")
	default:
		for i := range g.Workers {
			if g.Workers[i].ID == f.Worker {
				worker = &g.Workers[i]
			}
		}
		switch {
		case f.Worker == "":
			v.fail("case-worker", "error.required")
		case worker == nil:
			v.fail("case-worker", "casework_clients.error.worker_team")
		}
		if f.Second != "" && !slices.ContainsFunc(g.Workers, func(w caseWorkerOption) bool { return w.ID == f.Second }) {
			v.fail("case-second_worker", "casework_clients.error.worker_team")
		}
	}
	if err := c.Validate(); err != nil && len(v.Errors) == 0 {
		fe, ok := kynnys.AsFieldError(err)
		if !ok {
			s.internalError(w, r, err)
			return
		}
		v.fail("case-target_group", fe.Code)
	}
	overridden := false
	if len(v.Errors) == 0 {
		var o *casework.Override
		if strings.TrimSpace(f.OverrideReason) != "" || u.Role == access.RoleTeamLead {
			o = &casework.Override{By: u, Reason: f.OverrideReason}
		}
		var err error
		overridden, err = casework.CheckAssignment(worker.Load, g.Cap, g.TeamID, o)
		v.capRefused(worker, g, err)
	}
	if len(v.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "case_new", v)
		return
	}
	limit, err := s.caseLimit(r.Context(), c.TeamID, overridden)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	workers := c.WorkerID
	if c.SecondWorkerID != "" {
		workers += "," + c.SecondWorkerID
	}
	events := []casework.Event{{At: now, By: u.ID, Type: casework.EventOpened, Text: string(c.Origin)},
		{At: now, By: u.ID, Type: casework.EventAssigned, Text: workers}}
	if overridden {
		events = append(events, casework.Event{At: now, By: u.ID, Type: casework.EventOverride, Text: strings.TrimSpace(f.OverrideReason)})
	}
	err = s.store.OpenCase(r.Context(), c, events, limit)
	if errors.Is(err, casework.ErrOverCap) {
		// Someone filled the caseload meanwhile.
		worker.Load = max(worker.Load, g.Cap)
		v.capRefused(worker, g, err)
		s.render(w, r, http.StatusConflict, "case_new", v)
		return
	}
	if err != nil {
		s.internalError(w, r, fmt.Errorf("open case: %w", err))
		return
	}
	if err := s.logUse(r, c.ClientID, access.LogCreate, casePurpose); err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/cases/"+c.ID, http.StatusSeeOther)
}

// capRefused words a refusal of casework.CheckAssignment on the form: a
// team lead is asked for the reason, anyone else told to ask one.
func (v *caseNewView) capRefused(worker *caseWorkerOption, g *caseWorkerGroup, err error) {
	switch fe, _ := kynnys.AsFieldError(err); {
	case err == nil:
	case fe != nil && fe.Field == "override_reason", v.CanOverride && v.User.InTeam(g.TeamID) && errors.Is(err, casework.ErrOverCap):
		v.fail("case-override_reason", "casework_clients.error.override_reason", worker.Load, g.Cap)
	default:
		v.fail("case-worker", "casework_clients.error.over_cap", worker.Load, g.Cap)
	}
}
