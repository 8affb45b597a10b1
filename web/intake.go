package web

import (
	"context"
	"fmt"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/intake"
)

// intakeStore is what intake needs from storage.
type intakeStore interface {
	CreateIntakeItem(ctx context.Context, it *intake.Item, events []intake.Event) error
	IntakeItem(ctx context.Context, id string) (*intake.Item, error)
	IntakeEvents(ctx context.Context, itemID string) ([]intake.Event, error)
	IntakeQueue(ctx context.Context, f intake.QueueFilter) ([]intake.Item, error)
	SaveIntakeTriage(ctx context.Context, it *intake.Item, ev intake.Event) error
	RerouteIntakeItem(ctx context.Context, it *intake.Item, toTeam, by, reason string, at time.Time) error
	AddIntakeEvent(ctx context.Context, ev intake.Event) error
	IntakeItemsOpened(ctx context.Context, teamIDs []string, from, to time.Time) ([]intake.Item, error)
	DefaultIntakeTeam(ctx context.Context) (string, error)
	SetDefaultIntakeTeam(ctx context.Context, teamID string) error
}

// receiveIntake validates a new item, routes it to a team, computes its
// deadlines and stores it with its reminders. it.Kind, Source, Subject,
// Notifier, Concern, Details and Municipality come from the sender;
// OpenedAt too when staff back-date a contact (zero: now). by is the staff
// member recording it, nil for the public forms. On success the item is
// durably stored and holds its id, receipt, team and deadlines.
func (s *Server) receiveIntake(ctx context.Context, it *intake.Item, by *access.User) error {
	now := s.now()
	it.RecordedAt = now
	if it.OpenedAt.IsZero() {
		it.OpenedAt = now
	}
	if by != nil {
		it.RecordedBy = by.ID
	}
	it.Status = intake.StatusReceived
	if err := it.Validate(now); err != nil {
		return err
	}
	it.TargetGroup = intake.TargetGroupFor(it.Kind, it.Subject, calendar.DateOf(it.OpenedAt))
	teams, err := s.store.Teams(ctx)
	if err != nil {
		return fmt.Errorf("route: %w", err)
	}
	defaultTeam, err := s.store.DefaultIntakeTeam(ctx)
	if err != nil {
		return fmt.Errorf("route: %w", err)
	}
	it.TeamID, it.Routed = intake.Route(teams, it.Municipality, it.TargetGroup, defaultTeam)
	it.Deadlines = intake.ComputeDeadlines(it.Kind, it.Subject, it.OpenedAt)
	events := []intake.Event{
		{At: now, By: it.RecordedBy, Type: intake.EventCreated, Status: intake.StatusReceived},
		{At: now, Type: intake.EventRouted, ToTeam: it.TeamID},
	}
	return s.store.CreateIntakeItem(ctx, it, events)
}

// T is the message catalogue for code outside the web layer that writes to
// people, such as the intake reminders.
func (s *Server) T(lang, key string, args ...any) string { return s.cat.T(lang, key, args...) }
