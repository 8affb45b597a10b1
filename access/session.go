package access

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Session lifetimes: a session ends after 30 minutes without use, and in any
// case 12 hours after sign-in.
const (
	SessionIdleTimeout     = 30 * time.Minute
	SessionAbsoluteTimeout = 12 * time.Hour
)

// Session is a signed-in browser. SecondFactorDone is false between the
// password and the TOTP step (or enrolment).
type Session struct {
	TokenHash        string
	UserID           string
	SecondFactorDone bool
	CSRFToken        string
	CreatedAt        time.Time
	LastSeenAt       time.Time
}

// APIToken is a bearer token's record; the token itself is shown only once.
type APIToken struct {
	ID         string
	UserID     string
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// APITokenPrefix marks Kynnys tokens so that secret scanners can find leaked ones.
const APITokenPrefix = "kyn_"

// HashToken is how session and API tokens are stored: they are 256-bit
// random values, so a plain SHA-256 is enough (no stretching needed).
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewUser is what is needed to create a staff account.
type NewUser struct {
	Email        string
	Name         string
	Role         Role
	TeamIDs      []string
	PasswordHash string
}

// Credentials are the secrets of an account, read only to check a sign-in.
type Credentials struct {
	UserID       string
	Active       bool
	PasswordHash string
	TOTPSecret   string
	TOTPEnabled  bool
	TOTPLastStep int64
}
