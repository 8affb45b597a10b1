package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
)

// randomToken returns a URL-safe random string of n bytes of entropy.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateSession starts a session for a user and returns the cookie token.
func (db *DB) CreateSession(ctx context.Context, userID string, secondFactorDone bool) (token string, s *access.Session, err error) {
	token = randomToken(32)
	now := time.Now().UTC().Truncate(time.Microsecond)
	s = &access.Session{TokenHash: access.HashToken(token), UserID: userID, SecondFactorDone: secondFactorDone,
		CSRFToken: randomToken(32), CreatedAt: now, LastSeenAt: now}
	_, err = db.wr.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, second_factor_done, csrf_token, created_at, last_seen_at)
		VALUES ($1, $2, $3, $4, $5, $5)`, s.TokenHash, userID, secondFactorDone, s.CSRFToken, ts(now))
	if err != nil {
		return "", nil, fmt.Errorf("create session: %w", err)
	}
	return token, s, nil
}

// SessionByToken returns the live session for a cookie token and marks it
// used. An idle or too old session is deleted and reported as not found.
func (db *DB) SessionByToken(ctx context.Context, token string, now time.Time) (*access.Session, error) {
	h := access.HashToken(token)
	var s access.Session
	var created, seen int64
	err := db.rd.QueryRowContext(ctx, "SELECT user_id, second_factor_done, csrf_token, created_at, last_seen_at FROM sessions WHERE token_hash = $1", h).
		Scan(&s.UserID, &s.SecondFactorDone, &s.CSRFToken, &created, &seen)
	if err != nil {
		return nil, notFound(err, "session")
	}
	s.TokenHash, s.CreatedAt, s.LastSeenAt = h, fromTS(created), fromTS(seen)
	if now.Sub(s.LastSeenAt) > access.SessionIdleTimeout || now.Sub(s.CreatedAt) > access.SessionAbsoluteTimeout {
		_ = db.DeleteSession(ctx, h)
		return nil, fmt.Errorf("session expired: %w", kynnys.ErrNotFound)
	}
	// Writing last_seen_at on every request would serialise all readers
	// behind the writer; a minute's precision is plenty for a 30-minute timeout.
	if now.Sub(s.LastSeenAt) > time.Minute {
		if _, err := db.wr.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2", ts(now), h); err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
		s.LastSeenAt = now
	}
	return &s, nil
}

// DeleteSession ends a session (sign-out, rotation).
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.wr.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past either timeout.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := db.wr.ExecContext(ctx, "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
		ts(now.Add(-access.SessionIdleTimeout)), ts(now.Add(-access.SessionAbsoluteTimeout)))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// CreateAPIToken makes a new token for a user and returns it in clear, once.
func (db *DB) CreateAPIToken(ctx context.Context, userID, name string) (string, *access.APIToken, error) {
	// Trimmed like every other name, so that a blank one counts as missing.
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, kynnys.Invalid("name", "error.required")
	}
	if len(name) > 100 {
		return "", nil, kynnys.Invalid("name", "error.too_long")
	}
	token := access.APITokenPrefix + randomToken(32)
	t := &access.APIToken{ID: NewID(), UserID: userID, Name: name, CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	_, err := db.wr.ExecContext(ctx, "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
		t.ID, userID, name, access.HashToken(token), ts(t.CreatedAt))
	if err != nil {
		return "", nil, fmt.Errorf("create api token: %w", db.dialect.mapErr(err))
	}
	return token, t, nil
}

// APITokenUser returns the user of a live (not revoked) token, active or
// not: the caller decides what an inactive user may do. Every API request
// asks this, so one query reads the token and the accounts version, and the
// user comes from the node's cache when it is current (cache.go).
func (db *DB) APITokenUser(ctx context.Context, token string, now time.Time) (*access.User, error) {
	var id, userID, version string
	var lastUsed sql.NullInt64
	err := db.queryRow(ctx, `SELECT id, user_id, last_used_at, COALESCE((SELECT value FROM settings WHERE key = $2), '')
		FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, access.HashToken(token), accountsVersionKey).
		Scan(&id, &userID, &lastUsed, &version)
	if err != nil {
		return nil, notFound(err, "api token")
	}
	if !lastUsed.Valid || now.Sub(fromTS(lastUsed.Int64)) > time.Minute {
		if _, err := db.wr.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", ts(now), id); err != nil {
			return nil, fmt.Errorf("touch api token: %w", err)
		}
	}
	return db.cachedUser(ctx, userID, version)
}

// APITokens lists a user's tokens, newest first.
func (db *DB) APITokens(ctx context.Context, userID string) ([]access.APIToken, error) {
	var out []access.APIToken
	err := db.eachRow(ctx, func(r *sql.Rows) error {
		var t access.APIToken
		var created int64
		var used, revoked sql.NullInt64
		if err := r.Scan(&t.ID, &t.UserID, &t.Name, &created, &used, &revoked); err != nil {
			return err
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = fromTS(created), fromNullTS(used), fromNullTS(revoked)
		out = append(out, t)
		return nil
	}, "SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC", userID)
	if err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	return out, nil
}

// RevokeAPIToken revokes one of the user's tokens.
func (db *DB) RevokeAPIToken(ctx context.Context, userID, tokenID string) error {
	res, err := db.wr.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
		ts(time.Now()), tokenID, userID)
	if err != nil {
		return fmt.Errorf("revoke api token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("api token: %w", kynnys.ErrNotFound)
	}
	return nil
}

// LoginFailures returns the failure count and last failure for a throttle key.
func (db *DB) LoginFailures(ctx context.Context, key string) (int, time.Time, error) {
	var n int
	var last int64
	err := db.rd.QueryRowContext(ctx, "SELECT failures, last_failure_at FROM login_failures WHERE key = $1", key).Scan(&n, &last)
	if err == sql.ErrNoRows {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("read login failures: %w", err)
	}
	return n, fromTS(last), nil
}

// RecordLoginFailure counts one more failure for each key.
func (db *DB) RecordLoginFailure(ctx context.Context, now time.Time, keys ...string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, failures, last_failure_at) VALUES ($1, 1, $2)
				ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures + 1, last_failure_at = excluded.last_failure_at`, k, ts(now)); err != nil {
				return fmt.Errorf("record login failure: %w", err)
			}
		}
		return nil
	})
}

// ClearLoginFailures forgets the failures of a key (after a successful sign-in).
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	if _, err := db.wr.ExecContext(ctx, "DELETE FROM login_failures WHERE key = $1", key); err != nil {
		return fmt.Errorf("clear login failures: %w", err)
	}
	return nil
}
