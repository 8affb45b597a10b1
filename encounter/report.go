package encounter

import (
	"math"
	"slices"

	"kynnys/calendar"
)

// MinCell is the smallest count shown outside the team (RULES.md §5): a
// count of 1–4 could point at a person in a small place.
const MinCell = 5

// Report is the statistics of a period as the API shows them. Counts are by
// code; shares are fractions 0–1 of Total, rounded to four decimals.
//
// Under suppression a cell of 1–4 is left out of its map and named in
// Suppressed as "dimension:code". A suppressed total or share reads 0 and
// is named by its field ("total", "anonymous_share"): the API promises
// numbers, and Suppressed tells a hidden value from a real zero. A share of
// an empty period is 0.
type Report struct {
	Total                 int            `json:"total"`
	ByTopic               map[string]int `json:"by_topic"`
	ByHelp                map[string]int `json:"by_help"`
	ByChannel             map[string]int `json:"by_channel"`
	ByAgeBand             map[string]int `json:"by_age_band"`
	ByHour                map[string]int `json:"by_hour"`
	ByWeekday             map[string]int `json:"by_weekday"`
	ByDay                 map[string]int `json:"by_day"`
	Referrals             map[string]int `json:"referrals"`
	TopicPairs            map[string]int `json:"topic_pairs"`
	AnonymousShare        float64        `json:"anonymous_share"`
	NotAlreadyClientShare float64        `json:"not_already_client_share"`
	ContinuedShare        float64        `json:"continued_share"`
	FirstVisitShare       float64        `json:"first_visit_share"`
	Suppressed            []string       `json:"suppressed"`
}

// AgeBandNotGiven is the by_age_band key of encounters without an age band.
const AgeBandNotGiven = "unknown"

// weekdayCodes are the by_weekday keys, as the directory's opening hours name days.
var weekdayCodes = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// BuildReport turns summed roll-ups into a report. With suppress, every
// cell of 1–4 is hidden (see Report); so is a share whose encounters or
// whose complement number 1–4, since the share and the total would give
// the hidden count back. Other sums of hidden cells are not protected here:
// the cells are the roll-ups' as they are.
func BuildReport(s *Stats, suppress bool) Report {
	rep := Report{Suppressed: []string{}}
	small := func(n int) bool { return suppress && n > 0 && n < MinCell }
	hide := func(name string) { rep.Suppressed = append(rep.Suppressed, name) }

	total := s.Total()
	if small(total) {
		hide(DimTotal)
	} else {
		rep.Total = total
	}

	// cells copies one dimension, leaving out hidden cells and zeroes (the
	// roll-ups may keep a zero after an encounter is edited or deleted).
	cells := func(dim string, counts map[string]int, rename func(string) string) map[string]int {
		out := map[string]int{}
		for _, code := range sortedKeys(counts) {
			n := counts[code]
			if rename != nil {
				code = rename(code)
			}
			switch {
			case n <= 0:
			case small(n):
				hide(dim + ":" + code)
			default:
				out[code] = n
			}
		}
		return out
	}
	rep.ByTopic = cells(DimTopic, s.Counts[DimTopic], nil)
	rep.ByHelp = cells(DimHelp, s.Counts[DimHelp], nil)
	rep.ByChannel = cells(DimChannel, s.Counts[DimChannel], nil)
	rep.ByAgeBand = cells(DimAgeBand, s.Counts[DimAgeBand], func(c string) string {
		if c == "" {
			return AgeBandNotGiven
		}
		return c
	})
	rep.ByHour = cells(DimHour, s.Counts[DimHour], nil)
	rep.ByWeekday = cells("weekday", weekdays(s.Days), nil)
	rep.ByDay = cells("day", s.Days, nil)
	rep.Referrals = cells(DimReferral, s.Counts[DimReferral], nil)
	rep.TopicPairs = cells(DimTopicPair, s.Counts[DimTopicPair], nil)

	share := func(name string, n int) float64 {
		if total <= 0 {
			return 0
		}
		if small(total) || small(n) || small(total-n) {
			hide(name)
			return 0
		}
		return math.Round(float64(n)/float64(total)*1e4) / 1e4
	}
	rep.AnonymousShare = share("anonymous_share", s.Count(DimAnonymous, "yes"))
	rep.NotAlreadyClientShare = share("not_already_client_share", s.Count(DimAlreadyClient, "no"))
	rep.ContinuedShare = share("continued_share", s.Count(DimContinued, "yes"))
	rep.FirstVisitShare = share("first_visit_share", s.Count(DimVisit, "first"))
	return rep
}

// weekdays adds the daily totals up by weekday ("mon".."sun"). A key that is
// not a date is skipped: it cannot be placed on a weekday.
func weekdays(days map[string]int) map[string]int {
	out := map[string]int{}
	for key, n := range days {
		d, err := calendar.ParseDate(key)
		if err != nil {
			continue
		}
		out[weekdayCodes[d.Weekday()]] += n
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
