package encounter

import "kynnys/calendar"

// StatsQuery selects the roll-ups to add up: Helsinki dates From..To
// inclusive, at the given service points (nil: all).
type StatsQuery struct {
	From, To        calendar.Date
	ServicePointIDs []string
}

// Stats are the summed roll-ups: Counts[dimension][code] and the daily
// totals by date ("2006-01-02").
type Stats struct {
	Counts map[string]map[string]int
	Days   map[string]int
}

// Count returns Counts[dim][code] (0 when absent).
func (s *Stats) Count(dim, code string) int { return s.Counts[dim][code] }

// Total is the number of encounters.
func (s *Stats) Total() int { return s.Count(DimTotal, "") }
