// Package reminder tells intake workers about a step that is due: an
// urgency assessment not done within an office hour of arrival, or a
// statutory deadline two arkipäivää away (issue 5). The job queue runs it
// at the times intake.Item.Reminders gives; it checks the item as it is
// then, so a reminder whose step is done is dropped quietly.
//
// A reminder e-mail carries no personal data: only the item's receipt,
// its kind, the deadline and a link that needs a sign-in.
package reminder

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/intake"
	"kynnys/mail"
)

// Store is what reminders read and record.
type Store interface {
	IntakeItem(ctx context.Context, id string) (*intake.Item, error)
	Users(ctx context.Context) ([]access.User, error)
	AddIntakeEvent(ctx context.Context, ev intake.Event) error
}

// Translator gives a message catalogue text in a language.
type Translator interface {
	T(lang, key string, args ...any) string
}

// Languages of a reminder, in order: staff read Finnish or Swedish, and the
// English version helps those who read neither well.
var Languages = []string{"fi", "sv", "en"}

// Sender sends reminders.
type Sender struct {
	Store Store
	Mail  mail.Sender
	Text  Translator
	// BaseURL is where staff reach Kynnys, for the link to the item.
	BaseURL string
	Now     func() time.Time
}

// Send sends reminder r about item itemID to its assigned worker and the
// team leads of its team, if the step is still to take. It records the
// reminder in the item's history.
func (s *Sender) Send(ctx context.Context, itemID string, r intake.Reminder) error {
	it, err := s.Store.IntakeItem(ctx, itemID)
	if errors.Is(err, kynnys.ErrNotFound) {
		return nil // nothing to remind about
	}
	if err != nil {
		return fmt.Errorf("reminder: %w", err)
	}
	if !it.ReminderNeeded(r) {
		return nil
	}
	users, err := s.Store.Users(ctx)
	if err != nil {
		return fmt.Errorf("reminder: %w", err)
	}
	to := Recipients(it, users)
	if len(to) == 0 {
		return nil
	}
	subject, text := s.message(it, r)
	if err := s.Mail.Send(ctx, mail.Message{To: to, Subject: subject, Text: text}); err != nil {
		return fmt.Errorf("reminder: send: %w", err)
	}
	return s.Store.AddIntakeEvent(ctx, intake.Event{ItemID: it.ID, At: s.Now(), Type: intake.EventReminder,
		Status: it.Status, Text: fmt.Sprintf("%s (%d)", r, len(to))})
}

// Recipients are the e-mail addresses of the item's assigned worker and
// its team's team leads, active accounts only, each once.
func Recipients(it *intake.Item, users []access.User) []string {
	var to []string
	for _, u := range users {
		if !u.Active || u.Email == "" {
			continue
		}
		lead := u.Role == access.RoleTeamLead && slices.Contains(u.TeamIDs(), it.TeamID)
		if (it.AssignedTo != "" && u.ID == it.AssignedTo) || lead {
			to = append(to, u.Email)
		}
	}
	slices.Sort(to)
	return slices.Compact(to)
}

// due is the deadline a reminder is about.
func due(it *intake.Item, r intake.Reminder) *time.Time {
	switch r {
	case intake.ReminderUrgency:
		return it.Deadlines.UrgencyAssessmentDue
	case intake.ReminderDecision:
		return it.Deadlines.DecisionDue
	case intake.ReminderAssessmentStart:
		return it.Deadlines.AssessmentStartDue
	case intake.ReminderAssessment:
		return it.Deadlines.AssessmentDue
	}
	return nil
}

func (s *Sender) message(it *intake.Item, r intake.Reminder) (subject, text string) {
	link := strings.TrimSuffix(s.BaseURL, "/") + "/intake/items/" + it.ID
	var b strings.Builder
	for i, lang := range Languages {
		if i > 0 {
			b.WriteString("\n\n")
		}
		dueText := ""
		if d := due(it, r); d != nil {
			dueText = calendar.DateOf(*d).String()
		}
		b.WriteString(s.Text.T(lang, "reminder.body",
			it.Receipt, s.Text.T(lang, "intake.kind."+string(it.Kind)),
			s.Text.T(lang, "intake.deadline."+string(r.Deadline())), dueText, link))
	}
	return s.Text.T(Languages[0], "reminder.subject", it.Receipt) + " / " + s.Text.T(Languages[1], "reminder.subject", it.Receipt), b.String()
}
