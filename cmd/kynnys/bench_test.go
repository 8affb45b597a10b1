package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

func TestBenchEncounters(t *testing.T) {
	out := mustRun(t, "", "bench", "encounters", "--clients", "4", "--duration", "1s")
	for _, key := range []string{"engine", "clients", "duration", "requests", "errors", "throughput", "latency", "stored"} {
		if !regexp.MustCompile(`(?m)^` + key + `: +\S`).MatchString(out) {
			t.Errorf("no %s line in:\n%s", key, out)
		}
	}
	if !regexp.MustCompile(`(?m)^engine: +sqlite$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^errors: +0$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^latency: +p50 \S+  p90 \S+  p99 \S+  max \S+$`).MatchString(out) {
		t.Errorf("unexpected output:\n%s", out)
	}
	m := regexp.MustCompile(`(?m)^requests: +(\d+)$`).FindStringSubmatch(out)
	s := regexp.MustCompile(`(?m)^stored: +(\d+) \(acknowledged (\d+)\)$`).FindStringSubmatch(out)
	if m == nil || s == nil || s[1] != m[1] || s[2] != m[1] {
		t.Fatalf("requests, stored and acknowledged differ:\n%s", out)
	}
	if n, _ := strconv.Atoi(m[1]); n == 0 {
		t.Fatalf("no requests made:\n%s", out)
	}
}

func TestBenchEncountersCPUProfile(t *testing.T) {
	profile := filepath.Join(t.TempDir(), "cpu.prof")
	mustRun(t, "", "bench", "encounters", "--clients", "2", "--duration", "300ms", "--cpuprofile", profile)
	// A profile is gzipped protobuf.
	b, err := os.ReadFile(profile)
	if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("no CPU profile written: %d bytes, %v", len(b), err)
	}
}

func TestBenchEncountersUsage(t *testing.T) {
	if code, _, _ := runKynnys(t, "", "bench", "encounters", "--clients", "0"); code != 2 {
		t.Fatalf("--clients 0: exit %d, want 2", code)
	}
	if code, _, _ := runKynnys(t, "", "bench"); code != 2 {
		t.Fatalf("bench without a subcommand: exit %d, want 2", code)
	}
}
