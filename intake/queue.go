package intake

import "time"

// QueueFilter selects items for a triage queue. Zero fields do not filter,
// except TeamIDs: an empty list selects nothing, so that a forgotten team
// check never shows every team's items.
type QueueFilter struct {
	TeamIDs []string
	// Open: only items without an outcome.
	Open bool
	// AssignedTo: only items assigned to this user.
	AssignedTo string
	// OverdueAt: only items with a deadline passed at this instant and its
	// step not taken.
	OverdueAt time.Time
	// Limit caps the number of items (default and maximum 500).
	Limit int
}

// MaxQueue is the most items one queue page lists.
const MaxQueue = 500
