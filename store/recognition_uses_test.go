package store_test

import (
	"slices"
	"testing"
	"time"

	"kynnys/calendar"
	"kynnys/store"
	"kynnys/store/storetest"
)

func TestRecognitionUseCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		d1 := calendar.Date{Year: 2026, Month: time.March, Day: 31}
		d2 := calendar.Date{Year: 2026, Month: time.April, Day: 1}
		d3 := calendar.Date{Year: 2026, Month: time.April, Day: 2}
		// A cue ticked twice in one use counts once.
		mustNil(t, db.RecordRecognitionUse(ctx, d1, "health", []string{"rent_arrears", "rent_arrears", "no_address"}, []string{"shl35_consent"}))
		mustNil(t, db.RecordRecognitionUse(ctx, d2, "health", []string{"no_address"}, []string{"shl35_consent", "guide"}))
		mustNil(t, db.RecordRecognitionUse(ctx, d2, "police", nil, []string{"guide"}))
		mustNil(t, db.RecordRecognitionUse(ctx, d3, "police", []string{"no_address"}, []string{"emergency"}))

		ev, cue, route := store.RecognitionUseEvaluation, store.RecognitionUseCue, store.RecognitionUseRoute
		for _, tc := range []struct {
			name     string
			from, to calendar.Date
			want     []store.RecognitionUseCount
		}{
			{"all days", d1, d3, []store.RecognitionUseCount{
				{"health", cue, "no_address", 2}, {"health", cue, "rent_arrears", 1}, {"health", ev, "", 2},
				{"health", route, "guide", 1}, {"health", route, "shl35_consent", 2},
				{"police", cue, "no_address", 1}, {"police", ev, "", 2}, {"police", route, "emergency", 1}, {"police", route, "guide", 1}}},
			{"one day", d2, d2, []store.RecognitionUseCount{
				{"health", cue, "no_address", 1}, {"health", ev, "", 1}, {"health", route, "guide", 1}, {"health", route, "shl35_consent", 1},
				{"police", ev, "", 1}, {"police", route, "guide", 1}}},
			{"before any use", d1.AddDays(-10), d1.AddDays(-1), nil},
		} {
			got, err := db.RecognitionUseStats(ctx, tc.from, tc.to)
			mustNil(t, err)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s:\n got %v\nwant %v", tc.name, got, tc.want)
			}
		}

		if err := db.RecordRecognitionUse(ctx, calendar.Date{}, "health", nil, nil); err == nil {
			t.Error("a zero day was recorded")
		}
		if err := db.RecordRecognitionUse(ctx, d1, "", nil, nil); err == nil {
			t.Error("an empty sector was recorded")
		}
	})
}
