package access

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"testing"
	"time"
)

func TestThrottleDelayLogin(t *testing.T) {
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{math.MinInt, 0},
		{-1, 0},
		{0, 0},
		{1, 0},
		{3, 0},
		{4, time.Second},
		{5, 2 * time.Second},
		{6, 4 * time.Second},
		{7, 8 * time.Second},
		{13, 512 * time.Second},
		{14, 15 * time.Minute}, // 1024 s capped at 900 s
		{15, 15 * time.Minute},
		{66, 15 * time.Minute},
		{67, 15 * time.Minute},
		{1000, 15 * time.Minute},
		{math.MaxInt, 15 * time.Minute},
	}
	for _, tt := range tests {
		if got := LoginThrottle.Delay(tt.failures); got != tt.want {
			t.Errorf("LoginThrottle.Delay(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}

func TestThrottleDelayAddress(t *testing.T) {
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{3, 0},
		{20, 0},
		{21, time.Second},
		{22, 2 * time.Second},
		{1 << 40, 15 * time.Minute},
	}
	for _, tt := range tests {
		if got := AddressThrottle.Delay(tt.failures); got != tt.want {
			t.Errorf("AddressThrottle.Delay(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}

func TestThrottleDelayEdgePolicies(t *testing.T) {
	const maxDur = time.Duration(math.MaxInt64)
	tests := []struct {
		name     string
		p        ThrottlePolicy
		failures int
		want     time.Duration
	}{
		{"zero policy", ThrottlePolicy{}, 1000, 0},
		{"base above max", ThrottlePolicy{BaseDelay: time.Hour, MaxDelay: time.Minute}, 1, time.Minute},
		{"base equals max", ThrottlePolicy{BaseDelay: time.Minute, MaxDelay: time.Minute}, 5, time.Minute},
		{"no free attempts", ThrottlePolicy{BaseDelay: time.Second, MaxDelay: time.Hour}, 1, time.Second},
		{"negative free attempts", ThrottlePolicy{FreeAttempts: math.MinInt, BaseDelay: time.Second, MaxDelay: time.Hour}, math.MaxInt, time.Hour},
		{"uncapped-ish no overflow", ThrottlePolicy{BaseDelay: time.Nanosecond, MaxDelay: maxDur}, 63, 1 << 62},
		{"uncapped-ish saturates", ThrottlePolicy{BaseDelay: time.Nanosecond, MaxDelay: maxDur}, 64, maxDur},
		{"huge base", ThrottlePolicy{BaseDelay: maxDur, MaxDelay: maxDur}, 2, maxDur},
		{"negative base", ThrottlePolicy{BaseDelay: -time.Second, MaxDelay: time.Hour}, 10, 0},
		{"negative max", ThrottlePolicy{BaseDelay: time.Second, MaxDelay: -time.Hour}, 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Delay(tt.failures); got != tt.want {
				t.Errorf("Delay(%d) = %v, want %v", tt.failures, got, tt.want)
			}
		})
	}
}

func TestThrottleDelayMonotonic(t *testing.T) {
	for _, p := range []ThrottlePolicy{LoginThrottle, AddressThrottle, {BaseDelay: 3 * time.Millisecond, MaxDelay: 7 * time.Hour}} {
		prev := time.Duration(0)
		for f := 0; f < 200; f++ {
			d := p.Delay(f)
			if d < prev || d < 0 || d > p.MaxDelay {
				t.Fatalf("%+v: Delay(%d) = %v after %v", p, f, d, prev)
			}
			prev = d
		}
	}
}

func TestThrottleRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		failures int
		last     time.Time
		want     time.Duration
	}{
		{"free attempts", 3, now, 0},
		{"just failed", 4, now, time.Second},
		{"half waited", 4, now.Add(-500 * time.Millisecond), 500 * time.Millisecond},
		{"exactly waited", 4, now.Add(-time.Second), 0},
		{"long ago", 10, now.Add(-time.Hour), 0},
		{"capped delay", 100, now.Add(-5 * time.Minute), 10 * time.Minute},
		{"clock went back", 5, now.Add(time.Hour), 2 * time.Second},
		{"zero last failure", 100, time.Time{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LoginThrottle.RetryAfter(tt.failures, tt.last, now); got != tt.want {
				t.Errorf("RetryAfter = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestThrottleKeyAccount(t *testing.T) {
	k := ThrottleKeyAccount("Maija.Meikalainen@Example.org")
	sum := sha256.Sum256([]byte("maija.meikalainen@example.org"))
	if want := "acct:" + hex.EncodeToString(sum[:]); k != want {
		t.Fatalf("key = %q, want %q", k, want)
	}
	for _, same := range []string{"maija.meikalainen@example.org", "  MAIJA.MEIKALAINEN@EXAMPLE.ORG\t"} {
		if got := ThrottleKeyAccount(same); got != k {
			t.Errorf("ThrottleKeyAccount(%q) differs", same)
		}
	}
	if ThrottleKeyAccount("matti.meikalainen@example.org") == k {
		t.Error("different addresses share a key")
	}
	lower := strings.ToLower(k)
	for _, part := range []string{"maija", "meikalainen", "example", "@"} {
		if strings.Contains(lower, part) {
			t.Errorf("key %q leaks %q", k, part)
		}
	}
}

func TestThrottleKeyAddress(t *testing.T) {
	groups := [][]string{
		{"192.0.2.1", " 192.0.2.1 ", "192.0.2.1:51234", "::ffff:192.0.2.1", "[::ffff:192.0.2.1]:443"},
		{"192.0.2.2"},
		{
			"2001:db8:1:2::1",
			"2001:db8:1:2:ffff:ffff:ffff:ffff",
			"2001:DB8:1:2::abcd",
			"2001:0db8:0001:0002:0000:0000:0000:0001",
			"[2001:db8:1:2::5]:8443",
			"[2001:db8:1:2::6]",
			"2001:db8:1:2::7%eth0",
		},
		{"2001:db8:1:3::1"},
		{"2001:db8:2:2::1"},
		{"fe80::1", "fe80::2%eth0"},
		{"not an address"},
		{""},
	}
	keys := make(map[string]int)
	for gi, g := range groups {
		want := ThrottleKeyAddress(g[0])
		if !strings.HasPrefix(want, "addr:") || len(want) != len("addr:")+64 {
			t.Errorf("ThrottleKeyAddress(%q) = %q: bad shape", g[0], want)
		}
		for _, ip := range g[1:] {
			if got := ThrottleKeyAddress(ip); got != want {
				t.Errorf("ThrottleKeyAddress(%q) != ThrottleKeyAddress(%q)", ip, g[0])
			}
		}
		if other, dup := keys[want]; dup {
			t.Errorf("groups %d and %d share key %q", other, gi, want)
		}
		keys[want] = gi
	}
	if k := ThrottleKeyAddress("192.0.2.1"); strings.Contains(k, "192") {
		t.Errorf("key %q contains the address", k)
	}
	// The hashed value is the canonical address or /64 prefix.
	sum := sha256.Sum256([]byte("2001:db8:1:2::/64"))
	if got, want := ThrottleKeyAddress("2001:db8:1:2::1"), "addr:"+hex.EncodeToString(sum[:]); got != want {
		t.Errorf("IPv6 key = %q, want %q", got, want)
	}
}
