package store

import "kynnys/access"

// Transitional aliases while tests move to the access types.
type (
	Session     = access.Session
	APIToken    = access.APIToken
	NewUser     = access.NewUser
	Credentials = access.Credentials
)

const (
	SessionIdleTimeout     = access.SessionIdleTimeout
	SessionAbsoluteTimeout = access.SessionAbsoluteTimeout
	APITokenPrefix         = access.APITokenPrefix
)

// HashToken is access.HashToken.
func HashToken(token string) string { return access.HashToken(token) }
