package access

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters: RFC 6238 defaults, the only ones every authenticator
// app supports.
const (
	totpPeriod     = 30 // seconds
	totpDigits     = 6
	totpSecretSize = 20 // bytes, the RFC 4226 recommendation (160 bits)
	// RFC 4226 requires a shared secret of at least 128 bits.
	totpMinSecretSize = 16
	// The QR image is rendered in memory; keep the pixel count bounded.
	totpQRMaxSize = 2048
)

var totpB32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPKey generates a 20-byte random TOTP secret for account at issuer.
// It returns the secret in base32 without padding, for storage, and the
// otpauth:// URL to show to the user as a QR code.
func NewTOTPKey(issuer, account string) (secret, otpauthURL string, err error) {
	// The key URI label is "issuer:account"; a colon in either part would
	// make authenticator apps split it wrongly.
	if strings.Contains(issuer, ":") || strings.Contains(account, ":") {
		return "", "", errors.New("access: TOTP issuer and account must not contain ':'")
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  totpSecretSize,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
		Rand:        rand.Reader,
	})
	if err != nil {
		return "", "", fmt.Errorf("access: generate TOTP key: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// TOTPQRCodePNG renders otpauthURL as a size×size PNG QR code.
func TOTPQRCodePNG(otpauthURL string, size int) ([]byte, error) {
	if size <= 0 || size > totpQRMaxSize {
		return nil, fmt.Errorf("access: QR code size %d out of range", size)
	}
	u, err := url.Parse(otpauthURL)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" {
		return nil, errors.New("access: not an otpauth://totp URL")
	}
	key, err := otp.NewKeyFromURL(otpauthURL)
	if err != nil {
		return nil, fmt.Errorf("access: parse otpauth URL: %w", err)
	}
	img, err := key.Image(size, size)
	if err != nil {
		return nil, fmt.Errorf("access: render QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("access: encode QR code: %w", err)
	}
	return buf.Bytes(), nil
}

// VerifyTOTP checks a 6-digit code against secret (base32) at time now. It
// accepts the codes of the previous, current and next 30-second steps to
// tolerate clock skew, but never a step <= lastStep, so a code cannot be
// replayed once the caller has stored the returned step as its new
// lastStep. Pass 0 as lastStep when no code has been used yet. Spaces in
// code are ignored, as apps often display "123 456".
func VerifyTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	digits, valid := totpNormaliseCode(code)
	if !valid {
		return 0, false
	}
	key, err := totpDecodeSecret(secret)
	if err != nil {
		return 0, false
	}
	current := totpStep(now)
	// All candidate steps are computed and compared, so the time taken does
	// not depend on which one (if any) matches.
	for s := current - 1; s <= current+1; s++ {
		if s < 0 || s <= lastStep {
			continue
		}
		want := totpCode(key, uint64(s))
		if subtle.ConstantTimeCompare(want[:], digits[:]) == 1 && !ok {
			step, ok = s, true
		}
	}
	return step, ok
}

// totpNormaliseCode drops whitespace and requires exactly six ASCII digits.
func totpNormaliseCode(code string) (digits [totpDigits]byte, ok bool) {
	// Anything this long is not a code; avoid scanning large inputs.
	if len(code) > 64 {
		return digits, false
	}
	n := 0
	for _, r := range code {
		if unicode.IsSpace(r) {
			continue
		}
		if r < '0' || r > '9' || n == totpDigits {
			return digits, false
		}
		digits[n] = byte(r)
		n++
	}
	return digits, n == totpDigits
}

// totpDecodeSecret accepts the base32 secret with or without padding and in
// either case, as authenticator tooling varies.
func totpDecodeSecret(secret string) ([]byte, error) {
	s := strings.TrimRight(strings.ToUpper(strings.TrimSpace(secret)), "=")
	key, err := totpB32.DecodeString(s)
	if err != nil {
		return nil, errors.New("access: invalid TOTP secret")
	}
	if len(key) < totpMinSecretSize {
		return nil, errors.New("access: TOTP secret too short")
	}
	return key, nil
}

// totpStep is the RFC 6238 time step of t (floor division, also for times
// before 1970, which are rejected later as negative steps).
func totpStep(t time.Time) int64 {
	u := t.Unix()
	s := u / totpPeriod
	if u%totpPeriod < 0 {
		s--
	}
	return s
}

// totpCode computes the RFC 4226 HOTP value for counter as six ASCII
// digits. It is implemented here rather than via pquerna/otp so that the
// secret is decoded once per verification and the result has a fixed size
// for constant-time comparison.
func totpCode(key []byte, counter uint64) [totpDigits]byte {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)

	// Dynamic truncation (RFC 4226 section 5.3).
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff

	var out [totpDigits]byte
	for i := totpDigits - 1; i >= 0; i-- {
		out[i] = byte('0' + v%10)
		v /= 10
	}
	return out
}

// Recovery codes use lowercase letters and digits without the easily
// confused 0, o, 1, l and i: 31 symbols.
const (
	recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	// Two groups of six symbols: 12·log2(31) ≈ 59.5 bits. Two groups of five
	// would give only 49.5 bits with this alphabet, short of the 50-bit
	// target.
	recoveryGroupLen = 6
	recoveryMaxCount = 100
	// Random bytes at or above this value are rejected so that byte%31 is
	// uniform.
	recoveryByteLimit = 256 - 256%len(recoveryAlphabet)
)

// NewRecoveryCodes returns n distinct random recovery codes of the form
// "xxxxxx-xxxxxx" and their hashes for storage (see RecoveryCodeHash).
func NewRecoveryCodes(n int) (plain []string, hashes []string, err error) {
	if n < 1 || n > recoveryMaxCount {
		return nil, nil, fmt.Errorf("access: recovery code count %d out of range", n)
	}
	plain = make([]string, 0, n)
	hashes = make([]string, 0, n)
	seen := make(map[string]bool, n)
	for len(plain) < n {
		code, err := recoveryNewCode()
		if err != nil {
			return nil, nil, err
		}
		// A collision is astronomically unlikely, but duplicates would make
		// the store's lookup ambiguous, so guarantee distinctness anyway.
		if seen[code] {
			continue
		}
		seen[code] = true
		plain = append(plain, code)
		hashes = append(hashes, RecoveryCodeHash(code))
	}
	return plain, hashes, nil
}

// NormaliseRecoveryCode lowercases s and removes whitespace and dashes, so
// that codes typed with different spacing or case compare equal.
func NormaliseRecoveryCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// RecoveryCodeHash returns the hex SHA-256 of the normalised code. A fast,
// unsalted hash is adequate because the codes are random with about 59
// bits of entropy, not user-chosen; it also lets the store look a code up
// by its hash directly.
func RecoveryCodeHash(code string) string {
	sum := sha256.Sum256([]byte(NormaliseRecoveryCode(code)))
	return hex.EncodeToString(sum[:])
}

func recoveryNewCode() (string, error) {
	const symbols = 2 * recoveryGroupLen
	var out [symbols + 1]byte
	var buf [2 * symbols]byte
	n := 0
	for n < symbols {
		if _, err := rand.Read(buf[:]); err != nil {
			return "", fmt.Errorf("access: recovery code: %w", err)
		}
		for _, b := range buf {
			if int(b) >= recoveryByteLimit {
				continue
			}
			pos := n
			if n >= recoveryGroupLen {
				pos++ // skip the dash
			}
			out[pos] = recoveryAlphabet[int(b)%len(recoveryAlphabet)]
			n++
			if n == symbols {
				break
			}
		}
	}
	out[recoveryGroupLen] = '-'
	return string(out[:]), nil
}
