package encounter

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// sampleStats are twelve encounters over three days (two Mondays and a
// Tuesday), built by hand so that every number below can be checked on paper.
func sampleStats() *Stats {
	return &Stats{
		Counts: map[string]map[string]int{
			DimTotal:         {"": 12},
			DimTopic:         {"debt": 6, "housing": 4, "loneliness": 0},
			DimHelp:          {"advice": 12},
			DimChannel:       {"walk_in": 7, "phone": 5},
			DimAgeBand:       {"": 5, "18_29": 3, "30_44": 4},
			DimHour:          {"09": 5, "10": 7},
			DimTopicPair:     {"debt|housing": 2},
			DimReferral:      {"Kela": 1},
			DimAnonymous:     {"yes": 10, "no": 2},
			DimAlreadyClient: {"no": 6, "yes": 5, "unknown": 1},
			DimContinued:     {"yes": 5, "no": 7},
			DimVisit:         {"first": 8, "returning": 4},
		},
		Days: map[string]int{"2026-11-02": 5, "2026-11-03": 3, "2026-11-09": 4},
	}
}

func TestBuildReportUnsuppressed(t *testing.T) {
	got := BuildReport(sampleStats(), false)
	want := Report{
		Total:                 12,
		ByTopic:               map[string]int{"debt": 6, "housing": 4},
		ByHelp:                map[string]int{"advice": 12},
		ByChannel:             map[string]int{"walk_in": 7, "phone": 5},
		ByAgeBand:             map[string]int{"unknown": 5, "18_29": 3, "30_44": 4},
		ByHour:                map[string]int{"09": 5, "10": 7},
		ByWeekday:             map[string]int{"mon": 9, "tue": 3},
		ByDay:                 map[string]int{"2026-11-02": 5, "2026-11-03": 3, "2026-11-09": 4},
		Referrals:             map[string]int{"Kela": 1},
		TopicPairs:            map[string]int{"debt|housing": 2},
		AnonymousShare:        0.8333,
		NotAlreadyClientShare: 0.5,
		ContinuedShare:        0.4167,
		FirstVisitShare:       0.6667,
		Suppressed:            []string{},
		Complementary:         []string{},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestBuildReportSuppressed(t *testing.T) {
	got := BuildReport(sampleStats(), true)
	want := Report{
		Total:      12,
		ByTopic:    map[string]int{"debt": 6},
		ByHelp:     map[string]int{"advice": 12},
		ByChannel:  map[string]int{"walk_in": 7, "phone": 5},
		ByAgeBand:  map[string]int{}, // 5 unknown hidden too: else 12 − 5 = 7 = 3 + 4 would leave 3–4 each
		ByHour:     map[string]int{"09": 5, "10": 7},
		ByWeekday:  map[string]int{}, // Monday's 9 hidden too: else 12 − 9 gives Tuesday's 3
		ByDay:      map[string]int{}, // the days split the total as the age bands do
		Referrals:  map[string]int{},
		TopicPairs: map[string]int{},
		// 2 not anonymous: the share would give the 2 back
		AnonymousShare:        0,
		NotAlreadyClientShare: 0.5,
		ContinuedShare:        0.4167,
		FirstVisitShare:       0, // 4 returning
		Suppressed: []string{"topic:housing", "age_band:18_29", "age_band:30_44", "age_band:unknown",
			"weekday:mon", "weekday:tue", "day:2026-11-02", "day:2026-11-03", "day:2026-11-09",
			"referral:Kela", "topic_pair:debt|housing", "anonymous_share", "first_visit_share"},
		Complementary: []string{"age_band:unknown", "weekday:mon", "day:2026-11-02"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// hours is a period whose encounters are counts by hour; the hours split
// the total, as channels, age bands, weekdays and days do.
func hours(counts map[string]int) *Stats {
	total := 0
	for _, n := range counts {
		total += n
	}
	return &Stats{Counts: map[string]map[string]int{DimTotal: {"": total}, DimHour: counts}}
}

// TestSecondarySuppression: no hidden count of 1–4 can be narrowed below
// 1–4 by subtracting the shown hours from the total.
func TestSecondarySuppression(t *testing.T) {
	for _, c := range []struct {
		name          string
		counts        map[string]int
		shown         map[string]int
		complementary []string
	}{
		{"nothing small, nothing hidden", map[string]int{"09": 5, "10": 7}, map[string]int{"09": 5, "10": 7}, []string{}},
		{"one small cell: the smallest cell that leaves it 1–4 goes with it",
			map[string]int{"09": 40, "10": 2, "11": 30}, map[string]int{"09": 40}, []string{"hour:11"}},
		{"not a 5 next to a 1, which 6 − 5 would give back, but 9",
			map[string]int{"08": 5, "09": 9, "10": 50, "11": 1}, map[string]int{"08": 5, "10": 50}, []string{"hour:09"}},
		{"two small cells that hide each other: 5 is 1+4 or 2+3 or …",
			map[string]int{"09": 2, "10": 3, "11": 20}, map[string]int{"11": 20}, []string{}},
		{"two small cells that do not: 2 is 1+1",
			map[string]int{"09": 1, "10": 1, "11": 20}, map[string]int{}, []string{"hour:11"}},
		{"two cells of 4: 8 is 4+4 only", map[string]int{"09": 4, "10": 4, "11": 20, "12": 30},
			map[string]int{"12": 30}, []string{"hour:11"}},
		{"too few to protect: every hidden cell is neutral, none read as < 5",
			map[string]int{"09": 5, "10": 6, "11": 1}, map[string]int{}, []string{"hour:09", "hour:10", "hour:11"}},
		{"a total under 5: all hidden, all 1–4", map[string]int{"09": 1, "10": 2}, map[string]int{}, []string{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := BuildReport(hours(c.counts), true)
			if !reflect.DeepEqual(rep.ByHour, c.shown) || !reflect.DeepEqual(rep.Complementary, c.complementary) {
				t.Errorf("shown %v, complementary %q; want %v, %q", rep.ByHour, rep.Complementary, c.shown, c.complementary)
			}
			for code, n := range c.counts {
				if _, shown := rep.ByHour[code]; !shown && !slices.Contains(rep.Suppressed, "hour:"+code) {
					t.Errorf("hour %s (%d) neither shown nor named in suppressed", code, n)
				}
			}
			// Inside the team nothing is hidden.
			if rep := BuildReport(hours(c.counts), false); len(rep.ByHour) != len(c.counts) || len(rep.Complementary) != 0 {
				t.Errorf("unsuppressed: %+v", rep)
			}
		})
	}
}

// TestSecondarySuppressionDays: the days of a weekday split it, and the
// days split the total.
func TestSecondarySuppressionDays(t *testing.T) {
	// Mondays 2 and 9 November (10 and 6), Tuesday 3 (3), Wednesday 4 (8).
	days := map[string]int{"2026-11-02": 10, "2026-11-09": 6, "2026-11-03": 3, "2026-11-04": 8}
	s := &Stats{Counts: map[string]map[string]int{DimTotal: {"": 27}}, Days: days}
	rep := BuildReport(s, true)
	// Tuesday's 3 needs Wednesday's 8 hidden among the weekdays, and then
	// Wednesday's one day would give it back; among the days it needs a
	// day of 6 or more (9 November) hidden, and then Monday's 16 minus the
	// 10 of 2 November would give that back, so that goes too.
	want := Report{ByWeekday: map[string]int{"mon": 16}, ByDay: map[string]int{},
		Complementary: []string{"weekday:wed", "day:2026-11-02", "day:2026-11-04", "day:2026-11-09"}}
	if !reflect.DeepEqual(rep.ByWeekday, want.ByWeekday) || !reflect.DeepEqual(rep.ByDay, want.ByDay) ||
		!reflect.DeepEqual(rep.Complementary, want.Complementary) {
		t.Errorf("weekdays %v, days %v, complementary %q; want %v, %v, %q",
			rep.ByWeekday, rep.ByDay, rep.Complementary, want.ByWeekday, want.ByDay, want.Complementary)
	}
}

// oneDim is a period of total encounters, n of which were anonymous, all on
// one day with one topic.
func oneDim(total, n int) *Stats {
	return &Stats{
		Counts: map[string]map[string]int{
			DimTotal:     {"": total},
			DimTopic:     {"debt": total},
			DimAnonymous: {"yes": n, "no": total - n},
		},
		Days: map[string]int{"2026-11-02": total},
	}
}

func TestBuildReportBoundaries(t *testing.T) {
	for _, c := range []struct {
		name        string
		total, anon int
		suppress    bool
		wantTotal   int
		wantTopic   map[string]int
		wantShare   float64
		wantHidden  []string
	}{
		{"4 outside the team", 4, 4, true, 0, map[string]int{},
			0, []string{"total", "topic:debt", "weekday:mon", "day:2026-11-02",
				"anonymous_share", "not_already_client_share", "continued_share", "first_visit_share"}},
		{"4 inside the team", 4, 4, false, 4, map[string]int{"debt": 4}, 1, []string{}},
		{"5 outside the team", 5, 5, true, 5, map[string]int{"debt": 5}, 1, []string{}},
		{"a share of 4 of 9 is hidden", 9, 4, true, 9, map[string]int{"debt": 9}, 0, []string{"anonymous_share"}},
		{"a share of 5 of 9 is hidden too: 4 are not anonymous", 9, 5, true, 9, map[string]int{"debt": 9}, 0, []string{"anonymous_share"}},
		{"5 of 10", 10, 5, true, 10, map[string]int{"debt": 10}, 0.5, []string{}},
		{"none of 10", 10, 0, true, 10, map[string]int{"debt": 10}, 0, []string{}},
		{"an empty period", 0, 0, true, 0, map[string]int{}, 0, []string{}},
		{"an empty period inside the team", 0, 0, false, 0, map[string]int{}, 0, []string{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := BuildReport(oneDim(c.total, c.anon), c.suppress)
			if got.Total != c.wantTotal || !reflect.DeepEqual(got.ByTopic, c.wantTopic) ||
				got.AnonymousShare != c.wantShare || !reflect.DeepEqual(got.Suppressed, c.wantHidden) {
				t.Errorf("total %d, by_topic %v, anonymous_share %v, suppressed %q; want %d, %v, %v, %q",
					got.Total, got.ByTopic, got.AnonymousShare, got.Suppressed, c.wantTotal, c.wantTopic, c.wantShare, c.wantHidden)
			}
		})
	}
}

// TestBuildReportJSON: empty maps and lists are {} and [], never null, so
// that clients need no special case for a quiet period.
func TestBuildReportJSON(t *testing.T) {
	b, err := json.Marshal(BuildReport(&Stats{}, true))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"total":0,"by_topic":{},"by_help":{},"by_channel":{},"by_age_band":{},"by_hour":{},"by_weekday":{},` +
		`"by_day":{},"referrals":{},"topic_pairs":{},"anonymous_share":0,"not_already_client_share":0,` +
		`"continued_share":0,"first_visit_share":0,"suppressed":[],"complementary":[]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

// TestSuppressionAudit attacks random small periods the way a reader of
// the report could: every set of daily counts that agrees with what it shows
// (shown counts exactly, "< 5" as 1–4, other hidden counts as at least 1,
// absent ones as 0; the total, the weekdays and the days), and no hidden
// count of 1–4 may come out as one value.
func TestSuppressionAudit(t *testing.T) {
	days := []string{"2026-11-02", "2026-11-09", "2026-11-03", "2026-11-04"} // Mon, Mon, Tue, Wed
	weekday := []string{"mon", "mon", "tue", "wed"}
	const top = 12 // candidate counts 0..top; true counts stay below top-3
	r := rand.New(rand.NewPCG(2026, 11))
	for trial := range 150 {
		truth := make([]int, len(days))
		s := &Stats{Counts: map[string]map[string]int{DimTotal: {}}, Days: map[string]int{}}
		for i := range truth {
			truth[i] = r.IntN(top - 3)
			if truth[i] > 0 {
				s.Days[days[i]] = truth[i]
			}
			s.Counts[DimTotal][""] += truth[i]
		}
		rep := BuildReport(s, true)
		// bounds reads a cell of the report as the range it leaves open.
		bounds := func(name string, shown map[string]int, code string) [2]int {
			switch n, ok := shown[code]; {
			case ok:
				return [2]int{n, n}
			case slices.Contains(rep.Complementary, name):
				return [2]int{1, 1 << 30}
			case slices.Contains(rep.Suppressed, name):
				return [2]int{1, MinCell - 1}
			}
			return [2]int{0, 0}
		}
		total := bounds(DimTotal, map[string]int{"": rep.Total}, "")
		if slices.Contains(rep.Suppressed, DimTotal) {
			total = [2]int{1, MinCell - 1}
		}
		dayB := make([][2]int, len(days))
		for i, d := range days {
			dayB[i] = bounds("day:"+d, rep.ByDay, d)
		}
		weekB := map[string][2]int{}
		for _, w := range weekday {
			weekB[w] = bounds("weekday:"+w, rep.ByWeekday, w)
		}
		in := func(n int, b [2]int) bool { return n >= b[0] && n <= b[1] }
		possible := make([]map[int]bool, len(days))
		for i := range possible {
			possible[i] = map[int]bool{}
		}
		c := make([]int, len(days))
		var walk func(i int)
		walk = func(i int) {
			if i < len(days) {
				for c[i] = 0; c[i] <= top; c[i]++ {
					if in(c[i], dayB[i]) {
						walk(i + 1)
					}
				}
				return
			}
			sum, byWeekday := 0, map[string]int{}
			for j, n := range c {
				sum += n
				byWeekday[weekday[j]] += n
			}
			if !in(sum, total) {
				return
			}
			for w, b := range weekB {
				if !in(byWeekday[w], b) {
					return
				}
			}
			for j, n := range c {
				possible[j][n] = true
			}
		}
		walk(0)
		for i, n := range truth {
			if n >= 1 && n < MinCell && len(possible[i]) == 1 {
				t.Errorf("trial %d: days %v give day %s (%d) away; report %+v", trial, truth, days[i], n, rep)
			}
		}
	}
}
