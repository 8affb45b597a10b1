package intake

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"kynnys"
)

func TestStatuses(t *testing.T) {
	closed := map[Status]bool{StatusGuidanceGiven: true, StatusAssessmentStarted: true, StatusForwarded: true, StatusNoAction: true}
	for _, s := range Statuses {
		if !s.Valid() || s.Closed() != closed[s] {
			t.Errorf("%s: valid %v, closed %v", s, s.Valid(), s.Closed())
		}
	}
	if len(Statuses) != 8 || len(Outcomes) != len(closed) {
		t.Errorf("%d statuses, %d outcomes", len(Statuses), len(Outcomes))
	}
	if Status("closed").Valid() || Status("").Closed() {
		t.Error("unknown status accepted")
	}
}

// action is one triage step on an item.
type action struct {
	name string
	do   func(it *Item, at time.Time) (Event, error)
}

var actions = []action{
	{"assess", func(it *Item, at time.Time) (Event, error) {
		return it.AssessUrgency("lead", at, UrgencyUrgent, "danger")
	}},
	{"assign", func(it *Item, at time.Time) (Event, error) { return it.Assign("lead", at, "worker-2") }},
	{"start", func(it *Item, at time.Time) (Event, error) { return it.Start("worker-2", at) }},
	{"guidance", func(it *Item, at time.Time) (Event, error) { return it.Close("worker", at, StatusGuidanceGiven, "") }},
	{"assessment", func(it *Item, at time.Time) (Event, error) {
		return it.Close("worker", at, StatusAssessmentStarted, "")
	}},
	{"forward", func(it *Item, at time.Time) (Event, error) {
		return it.Close("worker", at, StatusForwarded, "velkaneuvonta")
	}},
	{"no action", func(it *Item, at time.Time) (Event, error) {
		return it.Close("worker", at, StatusNoAction, "already a client")
	}},
	{"complete", func(it *Item, at time.Time) (Event, error) { return it.CompleteAssessment("worker", at) }},
}

// TestTransitions runs every action on an item in every status. A want
// starting with "!" is the error code (on field "status" for closed and
// transition, "urgency" for urgency_first); otherwise it is the status
// after the action.
func TestTransitions(t *testing.T) {
	const (
		closed  = "!intake.error.closed"
		first   = "!intake.error.urgency_first"
		refused = "!intake.error.transition"
	)
	// Columns in the order of actions: assess, assign, start, guidance,
	// assessment, forward, no action, complete.
	want := map[Status][8]string{
		StatusReceived:          {"urgency_assessed", first, refused, first, first, first, first, refused},
		StatusUrgencyAssessed:   {"urgency_assessed", "assigned", refused, "guidance_given", "assessment_started", "forwarded", "no_action", refused},
		StatusAssigned:          {"assigned", "assigned", "in_progress", "guidance_given", "assessment_started", "forwarded", "no_action", refused},
		StatusInProgress:        {"in_progress", "in_progress", refused, "guidance_given", "assessment_started", "forwarded", "no_action", refused},
		StatusGuidanceGiven:     {closed, closed, refused, closed, closed, closed, closed, refused},
		StatusAssessmentStarted: {closed, closed, refused, closed, closed, closed, closed, "assessment_started"},
		StatusForwarded:         {closed, closed, refused, closed, closed, closed, closed, refused},
		StatusNoAction:          {closed, closed, refused, closed, closed, closed, closed, refused},
	}
	if len(want) != len(Statuses) {
		t.Fatalf("%d statuses in the table, %d exist", len(want), len(Statuses))
	}
	at := hel(2027, 3, 25, 9, 30)
	for _, from := range Statuses {
		for i, a := range actions {
			t.Run(string(from)+"/"+a.name, func(t *testing.T) {
				it := itemIn(t, from)
				before := *it
				ev, err := a.do(it, at)
				w := want[from][i]
				if code, isErr := strings.CutPrefix(w, "!"); isErr {
					fe, ok := kynnys.AsFieldError(err)
					field := "status"
					if code == "intake.error.urgency_first" {
						field = "urgency"
					}
					if !ok || fe.Code != code || fe.Field != field {
						t.Fatalf("got %v, want %s %s", err, field, code)
					}
					if !reflect.DeepEqual(*it, before) {
						t.Errorf("a refused action changed the item:\n%+v\n%+v", it.Triage, before.Triage)
					}
					return
				}
				if err != nil {
					t.Fatalf("got %v, want status %s", err, w)
				}
				if string(it.Status) != w || ev.Status != it.Status || !ev.At.Equal(at) {
					t.Errorf("status %s, event %+v; want %s", it.Status, ev, w)
				}
			})
		}
	}
}

func TestAssessUrgency(t *testing.T) {
	it := itemIn(t, StatusReceived)
	first, later := hel(2027, 3, 24, 10, 30), hel(2027, 3, 24, 14, 0)
	ev, err := it.AssessUrgency("lead-1", first, UrgencyNotUrgent, "  Ei välitöntä vaaraa.  ")
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != EventUrgency || ev.By != "lead-1" || ev.Text != "not_urgent: Ei välitöntä vaaraa." || it.UrgencyReasons != "Ei välitöntä vaaraa." {
		t.Errorf("event %+v, reasons %q", ev, it.UrgencyReasons)
	}
	if _, err := it.AssessUrgency("lead-2", later, UrgencyUrgent, "Tilanne muuttui."); err != nil {
		t.Fatal(err)
	}
	// The first assessment's time stays; the content is the latest.
	if !it.UrgencyAt.Equal(first) || it.UrgencyAt.Location() != time.UTC || it.Urgency != UrgencyUrgent || it.UrgencyBy != "lead-2" ||
		it.Status != StatusUrgencyAssessed {
		t.Errorf("after re-assessment: %+v at %v", it.Triage, it.UrgencyAt)
	}

	for _, tt := range []struct {
		name     string
		u        Urgency
		reasons  string
		field    string
		wantCode string
	}{
		{"unknown urgency", "very", "x", "urgency", "intake.error.choice"},
		{"no urgency", "", "x", "urgency", "intake.error.choice"},
		{"no reasons", UrgencyUrgent, " \t", "reasons", "intake.error.reasons"},
		{"reasons too long", UrgencyUrgent, strings.Repeat("ö", MaxNote+1), "reasons", "intake.error.too_long"},
	} {
		it := itemIn(t, StatusReceived)
		_, err := it.AssessUrgency("lead", first, tt.u, tt.reasons)
		if fe, ok := kynnys.AsFieldError(err); !ok || fe.Field != tt.field || fe.Code != tt.wantCode || it.UrgencyAt != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if _, err := itemIn(t, StatusReceived).AssessUrgency("lead", first, UrgencyUrgent, strings.Repeat("ö", MaxNote)); err != nil {
		t.Errorf("reasons of MaxNote: %v", err)
	}
}

func TestAssignAndStart(t *testing.T) {
	it := itemIn(t, StatusUrgencyAssessed)
	if _, err := it.Assign("lead", hel(2027, 3, 24, 12, 0), ""); !isField(err, "worker", "error.required") {
		t.Errorf("no worker: %v", err)
	}
	ev, err := it.Assign("lead", hel(2027, 3, 24, 12, 0), "worker-1")
	if err != nil || ev.Type != EventAssigned || ev.Text != "worker-1" || it.AssignedTo != "worker-1" || it.Status != StatusAssigned {
		t.Fatalf("assign: %v %+v %+v", err, ev, it.Triage)
	}
	if _, err := it.Start("worker-1", hel(2027, 3, 24, 13, 0)); err != nil || it.Status != StatusInProgress {
		t.Fatalf("start: %v %s", err, it.Status)
	}
	// Re-assigning work in progress keeps it in progress.
	if _, err := it.Assign("lead", hel(2027, 3, 25, 9, 0), "worker-2"); err != nil || it.Status != StatusInProgress ||
		it.AssignedTo != "worker-2" || !it.AssignedAt.Equal(hel(2027, 3, 25, 9, 0)) {
		t.Fatalf("re-assign: %v %+v", err, it.Triage)
	}
}

func TestClose(t *testing.T) {
	at := hel(2027, 3, 30, 11, 0)
	tests := []struct {
		outcome      Status
		detail       string
		field, code  string
		forwardedTo  string
		noAction     string
		assessmentAt bool
	}{
		{StatusGuidanceGiven, "", "", "", "", "", false},
		{StatusAssessmentStarted, "", "", "", "", "", true},
		{StatusForwarded, "  Talous- ja velkaneuvonta ", "", "", "Talous- ja velkaneuvonta", "", false},
		{StatusNoAction, "Asiakkuus on jo olemassa.", "", "", "", "Asiakkuus on jo olemassa.", false},
		{StatusForwarded, " ", "detail", "intake.error.detail_forwarded", "", "", false},
		{StatusNoAction, "", "detail", "intake.error.detail_no_action", "", "", false},
		{StatusNoAction, strings.Repeat("x", MaxShort*5+1), "detail", "intake.error.too_long", "", "", false},
		{StatusAssigned, "", "outcome", "intake.error.choice", "", "", false},
		{StatusReceived, "", "outcome", "intake.error.choice", "", "", false},
		{"done", "", "outcome", "intake.error.choice", "", "", false},
	}
	for _, tt := range tests {
		it := itemIn(t, StatusAssigned)
		ev, err := it.Close("worker", at, tt.outcome, tt.detail)
		if tt.field != "" {
			if !isField(err, tt.field, tt.code) || it.Status != StatusAssigned || it.DecidedAt != nil {
				t.Errorf("%s %q: %v, status %s", tt.outcome, tt.detail, err, it.Status)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.outcome, err)
			continue
		}
		if it.Status != tt.outcome || !it.DecidedAt.Equal(at) || it.ForwardedTo != tt.forwardedTo || it.NoActionReason != tt.noAction ||
			(it.AssessmentStartedAt != nil) != tt.assessmentAt || ev.Type != EventStatus || ev.Status != tt.outcome {
			t.Errorf("%s: %+v, event %+v", tt.outcome, it.Triage, ev)
		}
		if tt.assessmentAt && !it.AssessmentStartedAt.Equal(at) {
			t.Errorf("assessment started at %v", it.AssessmentStartedAt)
		}
	}
}

func TestCompleteAssessment(t *testing.T) {
	it := itemIn(t, StatusAssessmentStarted)
	at := hel(2027, 6, 1, 9, 0)
	ev, err := it.CompleteAssessment("worker", at)
	if err != nil || ev.Type != EventAssessment || !it.AssessmentCompletedAt.Equal(at) || it.Status != StatusAssessmentStarted {
		t.Fatalf("%v %+v %+v", err, ev, it.Triage)
	}
	if _, err := it.CompleteAssessment("worker", at.Add(time.Hour)); !isField(err, "status", "intake.error.transition") ||
		!it.AssessmentCompletedAt.Equal(at) {
		t.Errorf("completed twice: %v", err)
	}
}

func TestNote(t *testing.T) {
	at := hel(2027, 3, 24, 10, 0)
	ev, err := Note("worker", at, "  Soitettu, ei vastausta.  ")
	if err != nil || ev.Type != EventNote || ev.Text != "Soitettu, ei vastausta." || ev.By != "worker" || !ev.At.Equal(at) {
		t.Errorf("%v %+v", err, ev)
	}
	if _, err := Note("worker", at, " "); !isField(err, "note", "error.required") {
		t.Errorf("empty note: %v", err)
	}
	if _, err := Note("worker", at, strings.Repeat("ä", MaxNote+1)); !isField(err, "note", "intake.error.too_long") {
		t.Errorf("long note: %v", err)
	}
}

func isField(err error, field, code string) bool {
	fe, ok := kynnys.AsFieldError(err)
	return ok && fe.Field == field && fe.Code == code
}
