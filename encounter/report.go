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
// Under suppression a hidden cell is left out of its map and named in
// Suppressed as "dimension:code". A hidden cell is a count of 1–4, unless it
// is also named in Complementary: then it was hidden so that a count of 1–4
// cannot be worked out by subtracting shown cells from a total, and may hold
// any count (see BuildReport). A suppressed total or share reads 0 and is
// named by its field ("total", "anonymous_share"): the API promises numbers,
// and Suppressed tells a hidden value from a real zero. A share of an empty
// period is 0.
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
	Complementary         []string       `json:"complementary"`
}

// AgeBandNotGiven is the by_age_band key of encounters without an age band.
const AgeBandNotGiven = "unknown"

// weekdayCodes are the by_weekday keys, as the directory's opening hours name days.
var weekdayCodes = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// BuildReport turns summed roll-ups into a report. With suppress:
//
//   - Primary suppression: every cell of 1–4 is hidden, and so is a share
//     whose encounters or whose complement number 1–4, since the share and
//     the total would give the hidden count back.
//   - Secondary suppression: channel, age band, hour, weekday and day each
//     split the total (every encounter has exactly one of each), and the days
//     of a weekday split that weekday. In such a split the hidden cells add up to
//     the parent minus the shown cells, so more cells are hidden (protect)
//     until every hidden count of 1–4 could still be any of 1–4.
//
// Topics, help, referrals and topic pairs are not splits (an encounter has
// any number of each), so no sum of them is shown and primary suppression is
// enough there. docs/statistics.md discusses the rule and its limits.
func BuildReport(s *Stats, suppress bool) Report {
	rep := Report{Suppressed: []string{}, Complementary: []string{}}
	small := func(n int) bool { return suppress && n > 0 && n < MinCell }
	hide := func(name string) { rep.Suppressed = append(rep.Suppressed, name) }

	total := s.Total()
	if small(total) {
		hide(DimTotal)
	} else {
		rep.Total = total
	}

	dim := func(name string, counts map[string]int, rename func(string) string) *cells {
		c := &cells{name: name, counts: map[string]int{}, hidden: map[string]bool{}, neutral: map[string]bool{}}
		for code, n := range counts {
			if rename != nil {
				code = rename(code)
			}
			// The roll-ups may keep a zero after an encounter is edited or deleted.
			if n > 0 {
				c.counts[code] = n
				c.hidden[code] = small(n)
			}
		}
		return c
	}
	topic := dim(DimTopic, s.Counts[DimTopic], nil)
	help := dim(DimHelp, s.Counts[DimHelp], nil)
	channel := dim(DimChannel, s.Counts[DimChannel], nil)
	ageBand := dim(DimAgeBand, s.Counts[DimAgeBand], func(c string) string {
		if c == "" {
			return AgeBandNotGiven
		}
		return c
	})
	hour := dim(DimHour, s.Counts[DimHour], nil)
	weekday := dim("weekday", weekdays(s.Days), nil)
	day := dim("day", s.Days, nil)
	referral := dim(DimReferral, s.Counts[DimReferral], nil)
	topicPair := dim(DimTopicPair, s.Counts[DimTopicPair], nil)

	if suppress {
		hiddenTotal := small(total)
		for _, c := range []*cells{channel, ageBand, hour, weekday, day} {
			c.protect(sortedKeys(c.counts), total, hiddenTotal)
		}
		byWeekday := map[string][]string{}
		for _, code := range sortedKeys(day.counts) {
			if d, err := calendar.ParseDate(code); err == nil {
				w := weekdayCodes[d.Weekday()]
				byWeekday[w] = append(byWeekday[w], code)
			}
		}
		for _, w := range sortedKeys(weekday.counts) {
			day.protect(byWeekday[w], weekday.counts[w], weekday.hidden[w])
		}
	}

	rep.ByTopic = topic.shown(&rep)
	rep.ByHelp = help.shown(&rep)
	rep.ByChannel = channel.shown(&rep)
	rep.ByAgeBand = ageBand.shown(&rep)
	rep.ByHour = hour.shown(&rep)
	rep.ByWeekday = weekday.shown(&rep)
	rep.ByDay = day.shown(&rep)
	rep.Referrals = referral.shown(&rep)
	rep.TopicPairs = topicPair.shown(&rep)

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

// cells are one dimension's non-zero counts by code and which are hidden.
// A neutral cell is hidden without being read as 1–4 (see protect).
type cells struct {
	name    string
	counts  map[string]int
	hidden  map[string]bool
	neutral map[string]bool
}

// protect applies secondary suppression to codes, cells that add up to a
// parent figure: the total, or a weekday.
//
// A reader who knows the parent knows the hidden cells' sum S (the parent
// minus the shown cells), that a cell read as "< 5" holds 1–4 and, knowing
// this rule, that any other hidden cell holds MinCell or more. The cells are
// protected when that leaves each hidden cell of 1–4 free to be any of 1–4
// (safe). Until they are, the shown cell that closes the gap with the least
// loss is hidden too. When hiding every cell is not enough (a split of 6 into
// 5 and 1 gives the 1 away however it is marked), the hidden cells are made
// neutral: no longer marked "< 5", they could be any split of S.
//
// A hidden parent of 1–4 keeps its cells (all of 1–4 themselves) as vague as
// it is, and needs nothing more. A hidden parent of MinCell or more may be
// learnt from another split, so its cells are protected as if it were shown;
// and should they all be shown, their sum would give the parent back, so the
// smallest is hidden with it. The same goes for a single hidden cell of
// MinCell or more under a shown parent: it is hidden to protect a split
// elsewhere, which it would not if a subtraction gave it back.
func (c *cells) protect(codes []string, parent int, parentHidden bool) {
	if parentHidden && parent < MinCell {
		return
	}
	for {
		var k, m, sum int
		var shown []string
		for _, code := range codes {
			n := c.counts[code]
			switch {
			case n <= 0:
			case !c.hidden[code]:
				shown = append(shown, code)
			case n < MinCell:
				k, sum = k+1, sum+n
			default:
				m, sum = m+1, sum+n
			}
		}
		// One hidden cell under a shown parent, or a hidden parent over
		// shown cells only: a subtraction would give either back.
		single, orphan := m == 1 && !parentHidden, m == 0 && parentHidden
		switch {
		case len(shown) > 0 && k == 0 && (single || orphan):
			c.hidden[c.pick(shown, 0)] = true
			continue
		case k == 0 || safe(k, m, sum):
			return
		case len(shown) == 0:
			for _, code := range codes {
				if c.hidden[code] {
					c.neutral[code] = true
				}
			}
			return
		}
		// slack is how far the hidden cells sit above the least a reader
		// knows they hold; MinCell-2 of it lets a cell of 1 be read as 4.
		slack := sum - k - MinCell*m
		c.hidden[c.pick(shown, max(0, MinCell-2-slack))] = true
	}
}

// safe says whether k hidden cells of 1–4 and m hidden cells of MinCell or
// more, summing to sum, leave each of the k free to be any of 1–4: at most
// 1 even if the others are as large as they can be, and at least MinCell-1
// if they are as small as they can be.
func safe(k, m, sum int) bool {
	canBeLargest := sum-(k-1)-MinCell*m >= MinCell-1
	canBeOne := m > 0 || sum-(MinCell-1)*(k-1) <= 1
	return canBeLargest && canBeOne
}

// pick chooses the shown cell to hide: the smallest holding at least
// MinCell+need, so that it closes the gap; if none does, the largest.
// Ties go to the first code.
func (c *cells) pick(shown []string, need int) string {
	best := ""
	for _, code := range shown {
		n := c.counts[code]
		switch {
		case best == "":
			best = code
		case n >= MinCell+need && (c.counts[best] < MinCell+need || n < c.counts[best]):
			best = code
		case c.counts[best] < MinCell+need && n > c.counts[best]:
			best = code
		}
	}
	return best
}

// shown returns the shown cells and names the hidden ones in rep.
func (c *cells) shown(rep *Report) map[string]int {
	out := map[string]int{}
	for _, code := range sortedKeys(c.counts) {
		n := c.counts[code]
		if !c.hidden[code] {
			out[code] = n
			continue
		}
		name := c.name + ":" + code
		rep.Suppressed = append(rep.Suppressed, name)
		if n >= MinCell || c.neutral[code] {
			rep.Complementary = append(rep.Complementary, name)
		}
	}
	return out
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
