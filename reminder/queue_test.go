package reminder_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/intake"
	"kynnys/jobs"
	"kynnys/mail"
	"kynnys/reminder"
	"kynnys/store"
	"kynnys/store/storetest"
)

type outbox struct {
	mu   sync.Mutex
	sent []mail.Message
}

func (o *outbox) Send(_ context.Context, m mail.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return nil
}

func (o *outbox) count() int { o.mu.Lock(); defer o.mu.Unlock(); return len(o.sent) }

type plain struct{}

func (plain) T(_, key string, _ ...any) string { return key }

// TestRemindersFireFromTheQueue stores an item (which queues its reminders
// in the same transaction) and works the job queue: the urgency reminder
// goes to the team lead one office hour after arrival, not before, and
// not at all once the urgency is assessed.
func TestRemindersFireFromTheQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team := &access.Team{Name: "Triage", Municipalities: []string{"Pori"}}
		if err := db.CreateTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateUser(ctx, access.NewUser{Email: "lead@example.fi", Name: "Lead", Role: access.RoleTeamLead,
			TeamIDs: []string{team.ID}, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		// Monday 7 December 2026 at 10:00: the urgency reminder is due at 11:00.
		opened := calendar.Date{Year: 2026, Month: 12, Day: 7}.Time(10, 0, 0)
		newItem := func() *intake.Item {
			it := &intake.Item{Kind: intake.KindSHL35Consent, Source: intake.SourceNotification, OpenedAt: opened,
				RecordedAt: opened, Municipality: "Pori", TeamID: team.ID, Routed: true, Concern: "rent unpaid",
				Notifier: &intake.Notifier{Name: "N", Organisation: "O", Phone: "1", Professional: true},
				Details:  intake.Details{Consent: intake.ConsentGiven}}
			it.Status = intake.StatusReceived
			it.Deadlines = intake.ComputeDeadlines(it.Kind, it.Subject, it.OpenedAt)
			if err := db.CreateIntakeItem(ctx, it, nil); err != nil {
				t.Fatal(err)
			}
			return it
		}
		pending, assessed := newItem(), newItem()
		ev, err := assessed.AssessUrgency("", opened.Add(10*time.Minute), intake.UrgencyNotUrgent, "no danger")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SaveIntakeTriage(ctx, assessed, ev); err != nil {
			t.Fatal(err)
		}

		out := &outbox{}
		sender := &reminder.Sender{Store: db, Mail: out, Text: plain{}, BaseURL: "https://k.example", Now: time.Now}
		worker := store.IntakeReminderWorker(sender.Send)

		if err := jobs.RunDue(ctx, db.Jobs(), opened.Add(59*time.Minute), worker); err != nil {
			t.Fatal(err)
		}
		if n := out.count(); n != 0 {
			t.Fatalf("%d reminders before the office hour was up", n)
		}
		if err := jobs.RunDue(ctx, db.Jobs(), opened.Add(61*time.Minute), worker); err != nil {
			t.Fatal(err)
		}
		if n := out.count(); n != 1 {
			t.Fatalf("%d reminders after an office hour, want 1 (the unassessed item only)", n)
		}
		if to := out.sent[0].To; !slices.Equal(to, []string{"lead@example.fi"}) {
			t.Errorf("sent to %v, want the team lead", to)
		}
		events, err := db.IntakeEvents(ctx, pending.ID)
		if err != nil {
			t.Fatal(err)
		}
		if last := events[len(events)-1]; last.Type != intake.EventReminder {
			t.Errorf("last event %q, want the reminder recorded", last.Type)
		}
	})
}
