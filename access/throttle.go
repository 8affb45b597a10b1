package access

import (
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strings"
	"time"
)

// ThrottlePolicy describes growing delays after failed logins: the first
// FreeAttempts failures cost nothing, then each further failure doubles the
// wait, starting at BaseDelay and never exceeding MaxDelay. The zero value
// never delays.
type ThrottlePolicy struct {
	FreeAttempts int
	BaseDelay    time.Duration
	MaxDelay     time.Duration
}

// LoginThrottle applies to a single account (see ThrottleKeyAccount).
var LoginThrottle = ThrottlePolicy{FreeAttempts: 3, BaseDelay: time.Second, MaxDelay: 15 * time.Minute}

// AddressThrottle applies to a client address (see ThrottleKeyAddress). It
// is more lenient because an office behind one NAT address has many users.
var AddressThrottle = ThrottlePolicy{FreeAttempts: 20, BaseDelay: time.Second, MaxDelay: 15 * time.Minute}

// Delay returns the wait imposed after the given number of consecutive
// failures: 0 up to FreeAttempts, then BaseDelay, 2·BaseDelay, 4·BaseDelay,
// … capped at MaxDelay. It does not overflow for any count.
func (p ThrottlePolicy) Delay(failures int) time.Duration {
	if failures <= p.FreeAttempts || p.BaseDelay <= 0 || p.MaxDelay <= 0 {
		return 0
	}
	// failures > FreeAttempts, so the true difference lies in [1, 2^64-1];
	// unsigned arithmetic computes it exactly even where int would overflow
	// (e.g. a negative FreeAttempts).
	doublings := uint(failures) - uint(p.FreeAttempts) - 1
	// BaseDelay<<doublings <= MaxDelay exactly when BaseDelay <=
	// MaxDelay>>doublings, which is checked without shifting BaseDelay, so
	// nothing can overflow. Durations are below 2^63, hence the 63 bound.
	if doublings >= 63 || p.BaseDelay > p.MaxDelay>>doublings {
		return p.MaxDelay
	}
	return p.BaseDelay << doublings
}

// RetryAfter returns how long after now the caller must still wait before
// another attempt is allowed, given the failure count and the time of the
// last failure; 0 means an attempt is allowed now. The result never
// exceeds Delay(failures), so a clock that jumped backwards cannot lock an
// account out for longer than the policy allows.
func (p ThrottlePolicy) RetryAfter(failures int, lastFailure, now time.Time) time.Duration {
	d := p.Delay(failures)
	if d == 0 {
		return 0
	}
	wait := lastFailure.Add(d).Sub(now)
	switch {
	case wait <= 0:
		return 0
	case wait > d:
		return d
	}
	return wait
}

// ThrottleKeyAccount derives the throttle counter key for an account from
// the e-mail address as typed at login, so that unknown addresses are
// throttled exactly like known ones. The address is hashed so that counter
// storage holds no e-mail addresses in clear. (An unsalted hash of a known
// address can still be matched; the keys are pseudonymous, not secret.)
func ThrottleKeyAccount(email string) string {
	return "acct:" + throttleHash(NormaliseEmail(email))
}

// ThrottleKeyAddress derives the throttle counter key for a client IP
// address. IPv6 addresses are reduced to their /64 prefix, because a
// single host usually controls a whole /64 and could otherwise rotate
// addresses to escape the limit. A "host:port" form is accepted too (the
// port is dropped) so that passing http.Request.RemoteAddr by mistake does
// not give every connection its own counter.
func ThrottleKeyAddress(ip string) string {
	return "addr:" + throttleHash(throttleCanonicalAddress(ip))
}

func throttleCanonicalAddress(ip string) string {
	s := strings.TrimSpace(ip)
	addr, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			// Not an address: still derive a stable key rather than fail
			// open or closed.
			return strings.ToLower(s)
		}
		addr = ap.Addr()
	}
	// The zone names a local interface, and a v4-mapped v6 address is the
	// same client as the plain v4 one.
	addr = addr.WithZone("").Unmap()
	if addr.Is6() {
		if prefix, err := addr.Prefix(64); err == nil {
			return prefix.String()
		}
	}
	return addr.String()
}

func throttleHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
