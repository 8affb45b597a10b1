package reminder

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/intake"
	"kynnys/mail"
)

type fakeStore struct {
	items  map[string]*intake.Item
	users  []access.User
	events []intake.Event
}

func (f *fakeStore) IntakeItem(_ context.Context, id string) (*intake.Item, error) {
	it, ok := f.items[id]
	if !ok {
		return nil, kynnys.ErrNotFound
	}
	return it, nil
}
func (f *fakeStore) Users(context.Context) ([]access.User, error) { return f.users, nil }
func (f *fakeStore) AddIntakeEvent(_ context.Context, ev intake.Event) error {
	f.events = append(f.events, ev)
	return nil
}

type sent struct {
	to            []string
	subject, text string
}

type fakeMail struct{ sent []sent }

func (m *fakeMail) Send(_ context.Context, msg mail.Message) error {
	m.sent = append(m.sent, sent{msg.To, msg.Subject, msg.Text})
	return nil
}

type echo struct{}

func (echo) T(lang, key string, args ...any) string {
	return lang + ":" + key + fmt.Sprint(args...)
}

func fixture() (*fakeStore, *intake.Item) {
	opened := calendar.Date{Year: 2026, Month: 12, Day: 18}.Time(10, 0, 0)
	it := &intake.Item{ID: "item-1", Receipt: "ACDE-FGHJ", Kind: intake.KindChildWelfare, TeamID: "team-a", OpenedAt: opened,
		Subject:   intake.Subject{Name: "Maija Meikäläinen", Hetu: "131052-308T"},
		Deadlines: intake.ComputeDeadlines(intake.KindChildWelfare, intake.Subject{}, opened)}
	it.Status = intake.StatusReceived
	team := func(id string) []access.Team { return []access.Team{{ID: id}} }
	st := &fakeStore{items: map[string]*intake.Item{it.ID: it}, users: []access.User{
		{ID: "lead-a", Email: "lead.a@example.fi", Role: access.RoleTeamLead, Teams: team("team-a"), Active: true},
		{ID: "lead-b", Email: "lead.b@example.fi", Role: access.RoleTeamLead, Teams: team("team-b"), Active: true},
		{ID: "old-lead", Email: "old@example.fi", Role: access.RoleTeamLead, Teams: team("team-a"), Active: false},
		{ID: "worker", Email: "worker@example.fi", Role: access.RoleSocialWorker, Teams: team("team-a"), Active: true},
		{ID: "other", Email: "other@example.fi", Role: access.RoleSocialWorker, Teams: team("team-a"), Active: true},
	}}
	return st, it
}

func TestSend(t *testing.T) {
	now := time.Date(2026, 12, 18, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		prepare  func(*intake.Item)
		reminder intake.Reminder
		itemID   string
		wantTo   []string
	}{
		{"urgency not assessed: the team lead", nil, intake.ReminderUrgency, "item-1", []string{"lead.a@example.fi"}},
		{"assigned: the worker and the team lead", func(it *intake.Item) {
			it.UrgencyAt, it.AssignedTo, it.Status = &now, "worker", intake.StatusAssigned
		}, intake.ReminderDecision, "item-1", []string{"lead.a@example.fi", "worker@example.fi"}},
		{"urgency assessed: no urgency reminder", func(it *intake.Item) {
			it.UrgencyAt, it.Status = &now, intake.StatusUrgencyAssessed
		}, intake.ReminderUrgency, "item-1", nil},
		{"decided: no decision reminder", func(it *intake.Item) {
			it.UrgencyAt, it.DecidedAt, it.Status = &now, &now, intake.StatusGuidanceGiven
		}, intake.ReminderDecision, "item-1", nil},
		{"item gone: nothing", nil, intake.ReminderUrgency, "no-such-item", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, it := fixture()
			if tt.prepare != nil {
				tt.prepare(it)
			}
			mailer := &fakeMail{}
			s := &Sender{Store: st, Mail: mailer, Text: echo{}, BaseURL: "https://kynnys.example/", Now: func() time.Time { return now }}
			if err := s.Send(context.Background(), tt.itemID, tt.reminder); err != nil {
				t.Fatal(err)
			}
			if tt.wantTo == nil {
				if len(mailer.sent) != 0 || len(st.events) != 0 {
					t.Fatalf("sent %v, events %v; want nothing", mailer.sent, st.events)
				}
				return
			}
			if len(mailer.sent) != 1 || strings.Join(mailer.sent[0].to, ",") != strings.Join(tt.wantTo, ",") {
				t.Fatalf("sent %+v, want one mail to %v", mailer.sent, tt.wantTo)
			}
			m := mailer.sent[0]
			for _, secret := range []string{"Maija", "Meikäläinen", "131052"} {
				if strings.Contains(m.subject+m.text, secret) {
					t.Errorf("the reminder carries personal data %q", secret)
				}
			}
			for _, want := range []string{"ACDE-FGHJ", "https://kynnys.example/intake/items/item-1", "fi:", "sv:", "en:"} {
				if !strings.Contains(m.text, want) {
					t.Errorf("text lacks %q:\n%s", want, m.text)
				}
			}
			if len(st.events) != 1 || st.events[0].Type != intake.EventReminder {
				t.Errorf("events %+v, want one reminder event", st.events)
			}
		})
	}
}
