package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"kynnys/calendar"
	"kynnys/encounter"
	"kynnys/store"
	"kynnys/store/storetest"
)

// BenchmarkEncounterStatsYear reads a county's year from the store alone:
// 365 days at 10 service points with 100 roll-up rows a day each (the 61
// codes of the fixed dimensions, 30 topic pairs and 9 referral partners),
// 365,000 daily rows and their monthly sums, written directly. The whole
// page over a million real encounters is web's BenchmarkStatisticsYear.
//
//	go test -run '^$' -bench EncounterStatsYear ./store
func BenchmarkEncounterStatsYear(b *testing.B) {
	ctx := context.Background()
	dsn := storetest.DSN(b, "sqlite")
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()

	var facts []encounter.Fact
	add := func(dim string, codes ...string) {
		for _, c := range codes {
			facts = append(facts, encounter.Fact{Dimension: dim, Code: c})
		}
	}
	add(encounter.DimTotal, "")
	for _, c := range encounter.Channels {
		add(encounter.DimChannel, string(c))
	}
	var topics []string
	for _, e := range encounter.DefaultVocabulary {
		switch e.Kind {
		case encounter.KindTopic:
			topics = append(topics, e.Code)
			add(encounter.DimTopic, e.Code)
		case encounter.KindHelp:
			add(encounter.DimHelp, e.Code)
		case encounter.KindAgeBand:
			add(encounter.DimAgeBand, e.Code)
		}
	}
	add(encounter.DimAgeBand, "")
	for h := 8; h < 20; h++ {
		add(encounter.DimHour, fmt.Sprintf("%02d", h))
	}
	add(encounter.DimAnonymous, "yes", "no")
	add(encounter.DimAlreadyClient, "yes", "no", "unknown")
	add(encounter.DimContinued, "yes", "no")
	add(encounter.DimVisit, "first", "returning")
	for i := range 30 {
		add(encounter.DimTopicPair, topics[i%15]+"|"+topics[(i/15+i+1)%15])
	}
	for i := range 9 {
		add(encounter.DimReferral, fmt.Sprintf("Partner %d", i))
	}

	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Prepare("INSERT INTO encounter_rollups (local_month, local_date, service_point_id, dimension, code, count) VALUES ($1, $2, $3, $4, $5, $6)")
	if err != nil {
		b.Fatal(err)
	}
	first := calendar.Date{Year: 2025, Month: time.January, Day: 1}
	rows := 0
	for d := range 365 {
		day := first.AddDays(d).String()
		for p := range 10 {
			point := fmt.Sprintf("point-%02d", p)
			for i, f := range facts {
				if _, err := stmt.Exec(day[:7], day, point, f.Dimension, f.Code, 1+(d+p+i)%50); err != nil {
					b.Fatal(err)
				}
				rows++
			}
		}
	}
	// The monthly sums, as the store keeps them beside the daily rows.
	if _, err := tx.Exec(`INSERT INTO encounter_rollups_monthly (local_month, dimension, code, service_point_id, count)
		SELECT local_month, dimension, code, service_point_id, SUM(count) FROM encounter_rollups
		GROUP BY local_month, dimension, code, service_point_id`); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	q := encounter.StatsQuery{From: first, To: first.AddDays(364)}
	queries, args := store.StatsQueries(q)
	var lines []string
	for i, query := range queries {
		plan, err := raw.Query("EXPLAIN QUERY PLAN "+query, args[i]...)
		if err != nil {
			b.Fatal(err)
		}
		for plan.Next() {
			var id, parent, unused int
			var detail string
			if err := plan.Scan(&id, &parent, &unused, &detail); err != nil {
				b.Fatal(err)
			}
			lines = append(lines, detail)
		}
		plan.Close()
	}
	b.Logf("%d daily roll-up rows; plans: %s", rows, strings.Join(lines, "; "))

	for b.Loop() {
		s, err := db.EncounterStats(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(s.Days) != 365 {
			b.Fatalf("%d days", len(s.Days))
		}
	}
}
