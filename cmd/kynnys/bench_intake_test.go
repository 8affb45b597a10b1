package main

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kynnys/intake"
	"kynnys/store"
	"kynnys/store/storetest"
)

// TestBenchIntake runs the crash test briefly on each engine: the built
// binary serves, is killed mid-load and restarted, and every acknowledged
// submission must be in the database.
func TestBenchIntake(t *testing.T) {
	bin := kynnysBinary(t)
	eachEngine(t, func(t *testing.T, dsn string) {
		cmd := exec.Command(bin, "bench", "intake", "--db", dsn, "--clients", "8", "--kill-after", "1s")
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "KYNNYS_") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("bench intake: %v\nstdout:\n%s\nstderr:\n%s", err, &out, &errOut)
		}
		field := func(key string) string {
			m := regexp.MustCompile(`(?m)^` + key + `: +(.+)$`).FindStringSubmatch(out.String())
			if m == nil {
				t.Fatalf("no %s line in:\n%s", key, &out)
			}
			return m[1]
		}
		number := func(key string) int {
			n, err := strconv.Atoi(field(key))
			if err != nil {
				t.Fatalf("%s: %q is not a number", key, field(key))
			}
			return n
		}
		engine := "sqlite"
		if store.IsPostgres(dsn) {
			engine = "postgres"
		}
		if got := field("engine"); got != engine {
			t.Errorf("engine %s, want %s", got, engine)
		}
		acked, found := number("acknowledged"), number("found")
		if acked <= 8 || found != acked || number("lost") != 0 {
			t.Errorf("acknowledged %d, found %d:\n%s", acked, found, &out)
		}
		if !regexp.MustCompile(`^\d+ requests, \d+ acknowledged, 0 failed$`).MatchString(field("before kill")) ||
			!regexp.MustCompile(`^ready in \S+; 8 of 8 acknowledged after it$`).MatchString(field("restart")) ||
			!regexp.MustCompile(`^p50 \S+  p99 \S+  max \S+$`).MatchString(field("latency")) {
			t.Errorf("unexpected output:\n%s", &out)
		}
		if errOut.Len() > 0 {
			t.Errorf("stderr:\n%s", &errOut)
		}
	})
}

// TestVerifyAcknowledged checks the check itself: an id that is not there,
// or is there with another receipt, is lost.
func TestVerifyAcknowledged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Now()
		var kept []ack
		for range 3 {
			it := &intake.Item{Kind: intake.KindPhone, Source: intake.SourceStaff, OpenedAt: now, RecordedAt: now,
				Municipality: "Pori", Concern: "puhelu", Triage: intake.Triage{Status: intake.StatusReceived}}
			if err := db.CreateIntakeItem(t.Context(), it, nil); err != nil {
				t.Fatal(err)
			}
			kept = append(kept, ack{ID: it.ID, Receipt: it.Receipt})
		}
		gone := store.NewID()
		wrong := ack{ID: kept[2].ID, Receipt: "AAAA-AAAA"}
		found, missing, err := verifyAcknowledged(t.Context(), db, []ack{kept[0], {ID: gone, Receipt: "CCCC-CCCC"}, kept[1], wrong})
		if err != nil {
			t.Fatal(err)
		}
		if found != 2 || !slices.Equal(missing, []string{gone, wrong.ID}) {
			t.Errorf("found %d, missing %v", found, missing)
		}
	})
}

func TestBenchIntakeUsage(t *testing.T) {
	for _, args := range [][]string{{"--clients", "0"}, {"--kill-after", "0s"}, {"extra"}} {
		if code, _, _ := runKynnys(t, "", append([]string{"bench", "intake"}, args...)...); code != 2 {
			t.Errorf("bench intake %v: exit %d, want 2", args, code)
		}
	}
}
