package access

import (
	"bytes"
	"encoding/base32"
	"image/png"
	"math"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// totpRFCSecret is the RFC 6238 SHA1 test secret "12345678901234567890".
var totpRFCSecret = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

// totpTestCode returns the code for the step containing t.
func totpTestCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := totpDecodeSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	c := totpCode(key, uint64(totpStep(at)))
	return string(c[:])
}

func TestVerifyTOTPRFC6238Vectors(t *testing.T) {
	// RFC 6238 appendix B, SHA1, last six of the eight published digits.
	tests := []struct {
		unix int64
		code string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			now := time.Unix(tt.unix, 0)
			step, ok := VerifyTOTP(totpRFCSecret, tt.code, now, 0)
			if !ok {
				t.Fatalf("RFC vector rejected at %d", tt.unix)
			}
			if want := tt.unix / 30; step != want {
				t.Errorf("step = %d, want %d", step, want)
			}
			// Off by one digit must fail.
			wrong := []byte(tt.code)
			wrong[5] = '0' + (wrong[5]-'0'+1)%10
			if _, ok := VerifyTOTP(totpRFCSecret, string(wrong), now, 0); ok {
				t.Errorf("altered code %s accepted", wrong)
			}
		})
	}
}

func TestTOTPCodeMatchesLibrary(t *testing.T) {
	// Interoperability: our HOTP must agree with pquerna/otp, which is what
	// generated the secrets and what authenticator apps are tested against.
	secret, _, err := NewTOTPKey("Kynnys", "tester@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for _, unix := range []int64{0, 29, 30, 1700000000, 1700000029, 4102444800} {
		at := time.Unix(unix, 0)
		want, err := totp.GenerateCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		if got := totpTestCode(t, secret, at); got != want {
			t.Errorf("at %d: code %s, library %s", unix, got, want)
		}
	}
}

func TestVerifyTOTPSkewWindow(t *testing.T) {
	now := time.Unix(1700000015, 0) // mid-step
	cur := totpStep(now)
	tests := []struct {
		name   string
		offset int64 // steps relative to now
		ok     bool
	}{
		{"two back", -2, false},
		{"one back", -1, true},
		{"current", 0, true},
		{"one ahead", 1, true},
		{"two ahead", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := totpTestCode(t, totpRFCSecret, time.Unix((cur+tt.offset)*30, 0))
			step, ok := VerifyTOTP(totpRFCSecret, code, now, 0)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok && step != cur+tt.offset {
				t.Errorf("step = %d, want %d", step, cur+tt.offset)
			}
		})
	}
}

func TestVerifyTOTPReplay(t *testing.T) {
	now := time.Unix(1700000015, 0)
	cur := totpStep(now)
	code := totpTestCode(t, totpRFCSecret, now)

	step, ok := VerifyTOTP(totpRFCSecret, code, now, 0)
	if !ok || step != cur {
		t.Fatalf("first use: step, ok = %d, %v; want %d, true", step, ok, cur)
	}
	// Same code again, a few seconds later within the same window.
	if _, ok := VerifyTOTP(totpRFCSecret, code, now.Add(5*time.Second), step); ok {
		t.Fatal("replayed code accepted")
	}
	// Still rejected in the next step, where it is the "previous" code.
	if _, ok := VerifyTOTP(totpRFCSecret, code, now.Add(30*time.Second), step); ok {
		t.Fatal("replayed code accepted one step later")
	}
	// An older code is rejected after a newer one was used.
	next := totpTestCode(t, totpRFCSecret, now.Add(30*time.Second))
	if _, ok := VerifyTOTP(totpRFCSecret, next, now, cur+1); ok {
		t.Fatal("code for the last used step accepted")
	}
	prev := totpTestCode(t, totpRFCSecret, now.Add(-30*time.Second))
	if _, ok := VerifyTOTP(totpRFCSecret, prev, now, cur); ok {
		t.Fatal("code older than the last used step accepted")
	}
	// The next step's code is fine after the current one was used.
	if step, ok := VerifyTOTP(totpRFCSecret, next, now.Add(30*time.Second), cur); !ok || step != cur+1 {
		t.Fatalf("next code: step, ok = %d, %v; want %d, true", step, ok, cur+1)
	}
}

func TestVerifyTOTPCodeFormats(t *testing.T) {
	now := time.Unix(59, 0) // RFC vector 287082
	tests := []struct {
		code string
		ok   bool
	}{
		{"287082", true},
		{" 287082 ", true},
		{"287 082", true},
		{"28 70 82", true},
		{"287\u00a0082", true}, // no-break space, as pasted from some apps
		{"\t287082\n", true},
		{"", false},
		{"      ", false},
		{"28708", false},
		{"2870820", false},
		{"0287082", false},
		{"287-082", false},
		{"28708a", false},
		{"+287082", false},
		{"-287082", false},
		{"２８７０８２", false}, // full-width digits
		{"287082\x00", false},
		{"\xff287082", false},
		{strings.Repeat(" ", 100) + "287082", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if _, ok := VerifyTOTP(totpRFCSecret, tt.code, now, 0); ok != tt.ok {
				t.Errorf("VerifyTOTP(%q) ok = %v, want %v", tt.code, ok, tt.ok)
			}
		})
	}
}

func TestVerifyTOTPSecrets(t *testing.T) {
	now := time.Unix(59, 0)
	tests := []struct {
		name, secret string
		ok           bool
	}{
		{"canonical", totpRFCSecret, true},
		{"lowercase", strings.ToLower(totpRFCSecret), true},
		{"padded", base32.StdEncoding.EncodeToString([]byte("12345678901234567890")) + "====", true},
		{"empty", "", false},
		{"not base32", "not base32 at all!", false},
		{"too short", base32.StdEncoding.EncodeToString([]byte("123456789012345")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := VerifyTOTP(tt.secret, "287082", now, 0); ok != tt.ok {
				t.Errorf("ok = %v, want %v", ok, tt.ok)
			}
		})
	}
}

func TestVerifyTOTPBeforeEpoch(t *testing.T) {
	for _, unix := range []int64{-1, -31, -1 << 40} {
		at := time.Unix(unix, 0)
		if got := totpStep(at); got >= 0 {
			t.Errorf("totpStep(%d) = %d, want negative", unix, got)
		}
		for _, code := range []string{"000000", "287082"} {
			if _, ok := VerifyTOTP(totpRFCSecret, code, at, -100); ok {
				t.Errorf("code %s accepted at %d", code, unix)
			}
		}
	}
	// Step 0 is still reachable from step 1 via the skew window.
	code0 := totpTestCode(t, totpRFCSecret, time.Unix(0, 0))
	if step, ok := VerifyTOTP(totpRFCSecret, code0, time.Unix(30, 0), -1); !ok || step != 0 {
		t.Errorf("step 0 code: step, ok = %d, %v", step, ok)
	}
}

func TestNewTOTPKey(t *testing.T) {
	secret, rawURL, err := NewTOTPKey("Kynnys", "tyontekija@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(secret, "=") {
		t.Errorf("secret %q is padded", secret)
	}
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil || len(key) != 20 {
		t.Fatalf("secret %q: %d bytes, err %v; want 20 bytes", secret, len(key), err)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "otpauth" || u.Host != "totp" {
		t.Errorf("URL %q is not otpauth://totp", rawURL)
	}
	q := u.Query()
	want := map[string]string{"secret": secret, "issuer": "Kynnys", "algorithm": "SHA1", "digits": "6", "period": "30"}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("URL parameter %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if u.Path != "/Kynnys:tyontekija@example.org" {
		t.Errorf("URL label = %q", u.Path)
	}
	now := time.Now()
	if _, ok := VerifyTOTP(secret, totpTestCode(t, secret, now), now, 0); !ok {
		t.Error("code for a fresh key rejected")
	}

	other, _, err := NewTOTPKey("Kynnys", "tyontekija@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if other == secret {
		t.Error("two keys share a secret")
	}

	for _, bad := range [][2]string{{"", "a@example.org"}, {"Kynnys", ""}, {"Kyn:nys", "a@example.org"}, {"Kynnys", "a:b@example.org"}} {
		if _, _, err := NewTOTPKey(bad[0], bad[1]); err == nil {
			t.Errorf("NewTOTPKey(%q, %q) succeeded", bad[0], bad[1])
		}
	}
}

func TestTOTPQRCodePNG(t *testing.T) {
	_, rawURL, err := NewTOTPKey("Kynnys", "tyontekija@example.org")
	if err != nil {
		t.Fatal(err)
	}
	b, err := TOTPQRCodePNG(rawURL, 256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 256 || got.Y != 256 {
		t.Errorf("image size = %v, want 256x256", got)
	}
	// A QR code has both dark and light modules.
	var dark, light bool
	for y := 0; y < 256; y += 4 {
		for x := 0; x < 256; x += 4 {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				dark = true
			} else {
				light = true
			}
		}
	}
	if !dark || !light {
		t.Errorf("image is blank (dark %v, light %v)", dark, light)
	}

	bad := []struct {
		name string
		url  string
		size int
	}{
		{"zero size", rawURL, 0},
		{"negative size", rawURL, -1},
		{"huge size", rawURL, 100000},
		{"smaller than code", rawURL, 10},
		{"http URL", "https://example.org/", 256},
		{"hotp URL", strings.Replace(rawURL, "otpauth://totp", "otpauth://hotp", 1), 256},
		{"garbage", "::not a url", 256},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := TOTPQRCodePNG(tt.url, tt.size); err == nil {
				t.Error("expected an error")
			}
		})
	}
}

func TestNewRecoveryCodes(t *testing.T) {
	const n = recoveryMaxCount
	plain, hashes, err := NewRecoveryCodes(n)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) != n || len(hashes) != n {
		t.Fatalf("got %d codes and %d hashes, want %d", len(plain), len(hashes), n)
	}
	format := regexp.MustCompile(`^[` + recoveryAlphabet + `]{6}-[` + recoveryAlphabet + `]{6}$`)
	hexHash := regexp.MustCompile(`^[0-9a-f]{64}$`)
	seen := make(map[string]bool)
	used := make(map[rune]bool)
	for i, c := range plain {
		if !format.MatchString(c) {
			t.Errorf("code %q has the wrong form", c)
		}
		if strings.ContainsAny(c, "0o1li") {
			t.Errorf("code %q contains an ambiguous character", c)
		}
		if seen[c] {
			t.Errorf("duplicate code %q", c)
		}
		seen[c] = true
		if !hexHash.MatchString(hashes[i]) {
			t.Errorf("hash %q is not hex SHA-256", hashes[i])
		}
		if hashes[i] != RecoveryCodeHash(c) {
			t.Errorf("hash %d does not match its code", i)
		}
		for _, r := range strings.ReplaceAll(c, "-", "") {
			used[r] = true
		}
	}
	// 1200 uniform draws over 31 symbols: every symbol appears unless the
	// mapping is broken (chance of a miss by luck is about 1e-16).
	if len(used) != len(recoveryAlphabet) {
		t.Errorf("only %d of %d alphabet symbols used", len(used), len(recoveryAlphabet))
	}

	for _, bad := range []int{0, -1, recoveryMaxCount + 1} {
		if _, _, err := NewRecoveryCodes(bad); err == nil {
			t.Errorf("NewRecoveryCodes(%d) succeeded", bad)
		}
	}
}

func TestRecoveryCodeUniform(t *testing.T) {
	// 60000 draws: each symbol is expected ~1935 times (σ ≈ 44). A ±12%
	// band is over 5σ, so a false failure is about one in a million runs,
	// while a modulo bias (some symbols ~20% more likely) is caught.
	const codes = 5000
	counts := make(map[rune]int)
	for i := 0; i < codes; i++ {
		c, err := recoveryNewCode()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range strings.ReplaceAll(c, "-", "") {
			counts[r]++
		}
	}
	want := float64(codes*2*recoveryGroupLen) / float64(len(recoveryAlphabet))
	for _, r := range recoveryAlphabet {
		if got := float64(counts[r]); math.Abs(got-want) > 0.12*want {
			t.Errorf("symbol %q drawn %v times, want about %.0f", r, got, want)
		}
	}
}

func TestRecoveryCodeAlphabet(t *testing.T) {
	seen := make(map[rune]bool)
	for _, r := range recoveryAlphabet {
		if seen[r] {
			t.Errorf("duplicate symbol %q", r)
		}
		seen[r] = true
		if strings.ContainsRune("0o1li", r) || !(r >= 'a' && r <= 'z' || r >= '2' && r <= '9') {
			t.Errorf("symbol %q is ambiguous or not a lowercase alphanumeric", r)
		}
	}
	// Guard the 50-bit requirement against future edits.
	if bits := float64(2*recoveryGroupLen) * math.Log2(float64(len(recoveryAlphabet))); bits < 50 {
		t.Errorf("recovery codes carry %.1f bits, want >= 50", bits)
	}
}

func TestNormaliseRecoveryCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abcdef-ghjkmn", "abcdefghjkmn"},
		{"ABCDEF-GHJKMN", "abcdefghjkmn"},
		{" abcdef ghjkmn ", "abcdefghjkmn"},
		{"abc-def--ghj kmn", "abcdefghjkmn"},
		{"\tabcdef\u00a0ghjkmn\n", "abcdefghjkmn"},
		{"", ""},
		{"---", ""},
	}
	for _, tt := range tests {
		if got := NormaliseRecoveryCode(tt.in); got != tt.want {
			t.Errorf("NormaliseRecoveryCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Hashes of equivalent spellings agree, different codes do not.
	h := RecoveryCodeHash("abcdef-ghjkmn")
	for _, s := range []string{"ABCDEF GHJKMN", "abcdefghjkmn", " abcdef-ghjkmn\n"} {
		if RecoveryCodeHash(s) != h {
			t.Errorf("RecoveryCodeHash(%q) differs from the canonical code's hash", s)
		}
	}
	if RecoveryCodeHash("abcdef-ghjkmp") == h {
		t.Error("different codes share a hash")
	}
	// Pin the hash to hex SHA-256 of the normalised form.
	if want := "ff25e0a8f930ea31f7d2fdefc87340e34d7f6849d0781d0cd87701a5301722c0"; h != want {
		t.Errorf("RecoveryCodeHash = %s, want %s", h, want)
	}
}
