package intake

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewReceipt(t *testing.T) {
	// The alphabet typed in again: no 0/O, 1/I/L, 5/S, 8/B.
	const symbols = "ACDEFGHJKMNPQRTUVWXY234679"
	format := regexp.MustCompile(`^[` + symbols + `]{4}-[` + symbols + `]{4}$`)
	const n = 10_000
	seen := make(map[string]bool, n)
	var perPosition [8]map[rune]int
	for i := range perPosition {
		perPosition[i] = map[rune]int{}
	}
	for range n {
		r := NewReceipt()
		if !format.MatchString(r) {
			t.Fatalf("receipt %q does not match %s", r, format)
		}
		seen[r] = true
		for i, c := range strings.ReplaceAll(r, "-", "") {
			perPosition[i][c]++
		}
	}
	// 26^8 ≈ 2·10¹¹ codes: a repeat among 10,000 has odds of about 1 in 4000.
	if len(seen) < n-1 {
		t.Errorf("%d distinct receipts of %d", len(seen), n)
	}
	// About 385 of each symbol per position; each must turn up.
	for i, counts := range perPosition {
		if len(counts) != len(symbols) {
			t.Errorf("position %d uses %d symbols, want %d", i, len(counts), len(symbols))
		}
	}
}
