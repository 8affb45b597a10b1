package encounter

import (
	"encoding/json"
	"reflect"
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
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestBuildReportSuppressed(t *testing.T) {
	got := BuildReport(sampleStats(), true)
	want := Report{
		Total:                 12,
		ByTopic:               map[string]int{"debt": 6},
		ByHelp:                map[string]int{"advice": 12},
		ByChannel:             map[string]int{"walk_in": 7, "phone": 5},
		ByAgeBand:             map[string]int{"unknown": 5},
		ByHour:                map[string]int{"09": 5, "10": 7},
		ByWeekday:             map[string]int{"mon": 9},
		ByDay:                 map[string]int{"2026-11-02": 5},
		Referrals:             map[string]int{},
		TopicPairs:            map[string]int{},
		AnonymousShare:        0, // 2 not anonymous: the share would give the 2 back
		NotAlreadyClientShare: 0.5,
		ContinuedShare:        0.4167,
		FirstVisitShare:       0, // 4 returning
		Suppressed: []string{"topic:housing", "age_band:18_29", "age_band:30_44", "weekday:tue",
			"day:2026-11-03", "day:2026-11-09", "referral:Kela", "topic_pair:debt|housing",
			"anonymous_share", "first_visit_share"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
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
		`"continued_share":0,"first_visit_share":0,"suppressed":[]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}
