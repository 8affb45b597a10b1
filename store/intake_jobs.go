package store

import (
	"context"
	"database/sql"
	"fmt"

	"kynnys/intake"
	"kynnys/jobs"
)

// intakeReminderArgs is the job of one intake reminder. It holds ids only:
// the job table is no place for personal data.
type intakeReminderArgs struct {
	ItemID   string          `json:"item_id"`
	Reminder intake.Reminder `json:"reminder"`
}

func (intakeReminderArgs) Kind() string { return "intake_reminder" }

// scheduleIntakeReminders puts the item's reminders on the job queue in the
// transaction that stores the item, so that an item never exists without
// its reminders. Each job decides when it runs whether it still has a point.
func (db *DB) scheduleIntakeReminders(ctx context.Context, tx *sql.Tx, it *intake.Item) error {
	for _, r := range it.Reminders() {
		if err := db.enqueueTx(ctx, tx, intakeReminderArgs{ItemID: it.ID, Reminder: r.Reminder}, r.At); err != nil {
			return fmt.Errorf("schedule %s reminder: %w", r.Reminder, err)
		}
	}
	return nil
}

// IntakeReminderWorker works the intake reminder jobs with send.
func IntakeReminderWorker(send func(ctx context.Context, itemID string, r intake.Reminder) error) jobs.Worker {
	return jobs.Func(func(ctx context.Context, a intakeReminderArgs) error { return send(ctx, a.ItemID, a.Reminder) })
}
