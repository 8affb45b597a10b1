package web

import (
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kynnys"
	"kynnys/calendar"
	"kynnys/encounter"
)

// Bulk entry at the desk: one form, many encounters, for an event where
// thirty visitors come and go. The event (place, channel, date and hours) is
// given once; each visitor is a row of their own, so that one person's
// topics and help stay together (the co-occurrence statistics count them
// per encounter). Bulk entries are anonymous: the form has no free text.

const (
	// bulkRows is how many rows the form starts with, and how many "more
	// rows" adds.
	bulkRows = 10
	// bulkMaxRows bounds one form: a page, not a spreadsheet import.
	bulkMaxRows = 100
	// bulkDefaultSpan is how far back from now the preset start is.
	bulkDefaultSpan = 2 * time.Hour
)

// bulkRow is one visitor as typed.
type bulkRow struct {
	AgeBand, AlreadyClient string
	Topics, Help           map[string]bool
	FirstVisit, Continued  bool
}

func newBulkRow() bulkRow {
	return bulkRow{AlreadyClient: "unknown", Topics: map[string]bool{}, Help: map[string]bool{}}
}

// empty reports whether the row says nothing: such rows are left out.
func (r *bulkRow) empty() bool {
	return r.AgeBand == "" && (r.AlreadyClient == "" || r.AlreadyClient == "unknown") && !r.FirstVisit && !r.Continued &&
		len(r.Topics) == 0 && len(r.Help) == 0
}

// bulkForm is the form as typed, so that a rejected form comes back as it was.
type bulkForm struct {
	Point, Channel, Date, From, To string
	Rows                           []bulkRow
}

// bulkRowError is a row's field error: the field and its catalogue key.
type bulkRowError struct{ Field, Code string }

// bulkCell is one checkbox of a row.
type bulkCell struct {
	ID, Name, Value, Label string
	Row, Who               string // the row's id prefix and name ("Visitor 3")
	Checked, Invalid       bool
}

type bulkRowView struct {
	N                   int
	ID, Who             string // "r3", the prefix of the row's ids and names; "Visitor 3"
	AgeBands, Already   []deskChoice
	Flags, Topics, Help []bulkCell
	ErrorField, Error   string
	ErrorLabel          string // "Visitor 3 – Topics"
}

type bulkView struct {
	*Page
	Form         bulkForm
	Points       []deskChoice
	Channels     []deskChoice
	Topics, Help []deskChoice // the columns, the same for every row
	Rows         []bulkRowView
	Errors       map[string]string
	Summary      []deskSummaryItem
	Columns      int // cells in a row, for the row errors' colspan
	NextRow      int // the first row "more rows" adds; 0 at bulkMaxRows
	MoreRows     int
	MaxRows      int
	Today        string
}

// bulkFieldOrder is the order of the event's fields in the error summary.
var bulkFieldOrder = []string{"service_point_id", "channel", "date", "from", "to", "rows"}

var bulkFieldLabels = map[string]string{"service_point_id": "desk.field.service_point_id", "channel": "desk.field.channel",
	"date": "desk.bulk.field.date", "from": "desk.bulk.field.from", "to": "desk.bulk.field.to", "rows": "desk.bulk.rows.heading"}

var bulkAnchors = map[string]string{"service_point_id": "point", "channel": "channel-" + string(encounter.Channels[0]),
	"date": "date", "from": "from", "to": "to", "rows": "r1-age_band"}

// bulkEventFields maps the encounter fields that the event sets to the
// form's fields: an error in them is the event's, not a row's.
var bulkEventFields = map[string]string{"service_point_id": "service_point_id", "channel": "channel", "started_at": "from"}

func (s *Server) deskBulk(w http.ResponseWriter, r *http.Request) {
	now := s.now().In(calendar.Helsinki)
	today := calendar.DateOf(now)
	from := now.Add(-bulkDefaultSpan).Truncate(time.Hour)
	if calendar.DateOf(from) != today {
		from = today.StartOfDay()
	}
	f := bulkForm{Point: r.URL.Query().Get("point"), Channel: string(encounter.ChannelOutreach), Date: today.String(),
		From: from.Format("15:04"), To: now.Format("15:04")}
	for range bulkRows {
		f.Rows = append(f.Rows, newBulkRow())
	}
	s.renderBulk(w, r, http.StatusOK, f, "", nil, nil)
}

func (s *Server) deskBulkCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	f := readBulkForm(r)
	if r.PostFormValue("step") == "more" {
		// More rows without JavaScript: re-render, save nothing.
		for range bulkRows {
			if len(f.Rows) < bulkMaxRows {
				f.Rows = append(f.Rows, newBulkRow())
			}
		}
		s.renderBulk(w, r, http.StatusOK, f, "desk.bulk.rows_added", nil, nil)
		return
	}
	errs, rowErrs := map[string]string{}, map[int]bulkRowError{}
	from, to := f.span(s.now(), errs)
	if f.Point != "" {
		forbidden, err := s.checkDeskPlace(r, f.Point, errs)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		if forbidden {
			s.errorPage(w, r, http.StatusForbidden, "encounter.not_your_team")
			return
		}
	}
	es, rows := f.encounters(state(r).user.ID, from, to)
	if len(es) == 0 {
		errs["rows"] = "desk.bulk.error.empty"
	}
	// The rows are checked once the event is right: encounter.Validate
	// checks the event's fields first.
	if len(errs) == 0 {
		vocab, err := s.store.Vocabulary(r.Context())
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		for k, e := range es {
			fe := map[string]string{}
			if err := s.validateDeskEncounter(vocab, e, fe); err != nil {
				s.internalError(w, r, err)
				return
			}
			for field, code := range fe {
				if ef, ok := bulkEventFields[field]; ok {
					errs[ef] = code
				} else {
					rowErrs[rows[k]] = bulkRowError{Field: field, Code: code}
				}
			}
		}
	}
	if len(errs) == 0 && len(rowErrs) == 0 {
		// All rows or none: one transaction.
		err := s.store.CreateEncounters(r.Context(), es)
		if err == nil {
			http.Redirect(w, r, "/desk?"+url.Values{"point": {f.Point}, "bulk": {strconv.Itoa(len(es))}}.Encode(), http.StatusSeeOther)
			return
		}
		fe, ok := kynnys.AsFieldError(err)
		if !ok {
			s.internalError(w, r, err)
			return
		}
		errs["rows"] = fe.Code
	}
	s.renderBulk(w, r, http.StatusBadRequest, f, "", errs, rowErrs)
}

// readBulkForm reads the posted form: the event and "rows" rows (at most
// bulkMaxRows), named r1.… to rN.….
func readBulkForm(r *http.Request) bulkForm {
	f := bulkForm{Point: r.PostFormValue("point"), Channel: r.PostFormValue("channel"),
		Date: strings.TrimSpace(r.PostFormValue("date")), From: strings.TrimSpace(r.PostFormValue("from")),
		To: strings.TrimSpace(r.PostFormValue("to"))}
	n, err := strconv.Atoi(r.PostFormValue("rows"))
	if err != nil || n < 1 {
		n = bulkRows
	}
	for i := range min(n, bulkMaxRows) {
		p := "r" + strconv.Itoa(i+1) + "."
		row := bulkRow{AgeBand: r.PostFormValue(p + "age_band"), AlreadyClient: r.PostFormValue(p + "already_client"),
			FirstVisit: r.PostFormValue(p+"first_visit") == "on", Continued: r.PostFormValue(p+"continued") == "on",
			Topics: map[string]bool{}, Help: map[string]bool{}}
		for _, c := range r.PostForm[p+"topics"] {
			row.Topics[c] = true
		}
		for _, c := range r.PostForm[p+"help"] {
			row.Help[c] = true
		}
		f.Rows = append(f.Rows, row)
	}
	return f
}

// span reads the event's date and hours as instants, adding errors by
// field to errs.
func (f *bulkForm) span(now time.Time, errs map[string]string) (from, to time.Time) {
	day, err := calendar.ParseDate(f.Date)
	switch {
	case f.Date == "":
		errs["date"] = "error.required"
	case err != nil:
		errs["date"] = "error.date"
	case day.After(calendar.DateOf(now)):
		errs["date"] = "error.future"
	}
	clock := func(field, s string) (h, m int) {
		t, err := time.Parse("15:04", s)
		switch {
		case s == "":
			errs[field] = "error.required"
		case err != nil:
			errs[field] = "desk.error.time"
		}
		return t.Hour(), t.Minute()
	}
	fh, fm := clock("from", f.From)
	th, tm := clock("to", f.To)
	if len(errs) > 0 {
		return time.Time{}, time.Time{}
	}
	from, to = day.Time(fh, fm, 0), day.Time(th, tm, 0)
	switch {
	case to.Before(from):
		errs["to"] = "desk.bulk.error.span"
	case to.After(now.Add(time.Minute)): // the slack encounter.Validate allows
		errs["to"] = "error.future"
	case now.Sub(from) > encounter.MaxAge:
		errs["date"] = "error.too_old"
	}
	return from, to
}

// encounters builds an anonymous encounter of every row that is not empty,
// spread evenly over from–to in row order, with the index of its row.
func (f *bulkForm) encounters(staffID string, from, to time.Time) (es []*encounter.Encounter, rows []int) {
	for i := range f.Rows {
		if !f.Rows[i].empty() {
			rows = append(rows, i)
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	step := to.Sub(from) / time.Duration(len(rows))
	for k, i := range rows {
		row := &f.Rows[i]
		es = append(es, &encounter.Encounter{ServicePointID: f.Point, StaffID: staffID, Channel: encounter.Channel(f.Channel),
			StartedAt: from.Add(time.Duration(k) * step).Truncate(time.Minute), Anonymous: true, AgeBand: row.AgeBand,
			AlreadyClient: row.AlreadyClient, ContinuedToServices: row.Continued, FirstVisit: row.FirstVisit,
			Topics: sortedSet(row.Topics), Help: sortedSet(row.Help)})
	}
	return es, rows
}

// renderBulk shows the form f with flash (a catalogue key, or "") and the
// errors by event field and by row index.
func (s *Server) renderBulk(w http.ResponseWriter, r *http.Request, status int, f bulkForm, flash string,
	errs map[string]string, rowErrs map[int]bulkRowError) {
	ctx := r.Context()
	v := &bulkView{Page: s.view(r, "desk.bulk.title"), Errors: map[string]string{}, MoreRows: bulkRows, MaxRows: bulkMaxRows,
		Today: calendar.DateOf(s.now()).String()}
	v.Flash = flash
	var err error
	v.Points, f.Point, _, err = s.deskPlaces(ctx, v.User, v.Lang, f.Point, "")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v.Form = f
	v.Channels = channelChoices(v.Page, f.Channel)
	vocab, err := s.store.Vocabulary(ctx)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	stats, err := s.deskFrequency(ctx, f.Point)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	// One set of columns for all rows: the active codes, and retired ones a
	// row still holds.
	topics, help := map[string]bool{}, map[string]bool{}
	for _, row := range f.Rows {
		maps.Copy(topics, row.Topics)
		maps.Copy(help, row.Help)
	}
	v.Topics = deskChips(vocab, encounter.KindTopic, encounter.DimTopic, "col-topic-", topics, stats, v.Lang)
	v.Help = deskChips(vocab, encounter.KindHelp, encounter.DimHelp, "col-help-", help, stats, v.Lang)
	v.Columns = 5 + len(v.Topics) + len(v.Help)
	for i, row := range f.Rows {
		rv := bulkRowView{N: i + 1, ID: "r" + strconv.Itoa(i+1), Who: v.T("desk.bulk.visitor", i+1)}
		rv.AgeBands = ageBandChoices(vocab, v.Page, rv.ID+"-age_band-", row.AgeBand)
		rv.Already = alreadyChoices(v.Page, rv.ID+"-already_client-", row.AlreadyClient)
		rv.Flags = []bulkCell{rv.cell("first_visit", deskChoice{Value: "on", Label: v.T("desk.field.first_visit"), Checked: row.FirstVisit}),
			rv.cell("continued", deskChoice{Value: "on", Label: v.T("desk.field.continued"), Checked: row.Continued})}
		for _, c := range v.Topics {
			rv.Topics = append(rv.Topics, rv.cell("topics", deskChoice{Value: c.Value, Label: c.Label, Checked: row.Topics[c.Value]}))
		}
		for _, c := range v.Help {
			rv.Help = append(rv.Help, rv.cell("help", deskChoice{Value: c.Value, Label: c.Label, Checked: row.Help[c.Value]}))
		}
		v.Rows = append(v.Rows, rv)
	}
	if len(v.Rows) < bulkMaxRows {
		v.NextRow = len(v.Rows) + 1
	}
	v.setErrors(errs, rowErrs)
	s.render(w, r, status, "desk_bulk", v)
}

// cell is the row's checkbox of field with c's value, label and state.
func (rv *bulkRowView) cell(field string, c deskChoice) bulkCell {
	id := rv.ID + "-" + field
	if field == "topics" || field == "help" {
		id += "-" + c.Value
	}
	return bulkCell{ID: id, Name: rv.ID + "." + field, Value: c.Value, Label: c.Label, Row: rv.ID, Who: rv.Who, Checked: c.Checked}
}

// setErrors translates the errors and builds the summary: the event's
// fields first, then the rows in order, each linked to its first input.
func (v *bulkView) setErrors(errs map[string]string, rowErrs map[int]bulkRowError) {
	for _, f := range bulkFieldOrder {
		if code, ok := errs[f]; ok {
			v.Errors[f] = v.T(code)
			v.Summary = append(v.Summary, deskSummaryItem{Anchor: bulkAnchors[f], Label: v.T(bulkFieldLabels[f]), Message: v.Errors[f]})
		}
	}
	for i := range v.Rows {
		re, ok := rowErrs[i]
		if !ok {
			continue
		}
		rv := &v.Rows[i]
		rv.ErrorField, rv.Error = re.Field, v.T(re.Code)
		rv.ErrorLabel = v.T("desk.bulk.row_field", rv.N, v.T("desk.field."+re.Field))
		// The link goes to the field's first input; a select is named by the field.
		anchor := rv.ID + "-" + re.Field
		first := true
		for _, cells := range [][]bulkCell{rv.Flags, rv.Topics, rv.Help} {
			for j := range cells {
				if cells[j].Name == rv.ID+"."+re.Field {
					cells[j].Invalid = true
					if first {
						anchor, first = cells[j].ID, false
					}
				}
			}
		}
		v.Summary = append(v.Summary, deskSummaryItem{Anchor: anchor, Label: rv.ErrorLabel, Message: rv.Error})
	}
}

// E is the event field's error message, if any.
func (v *bulkView) E(field string) deskFieldError {
	return deskFieldError{Field: field, Message: v.Errors[field]}
}
