package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/store"
	"kynnys/store/storetest"
)

func TestSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mustUser(t, db, "u@example.fi", "U")

		t.Run("round trip", func(t *testing.T) {
			token, s, err := db.CreateSession(ctx, u.ID, false)
			mustNil(t, err)
			// Only the hash is kept: a copy of the table must not sign anyone in.
			if s.TokenHash != access.HashToken(token) || s.TokenHash == token || len(token) < 43 {
				t.Fatalf("token %q / hash %q: want a 256-bit token stored as its SHA-256", token, s.TokenHash)
			}
			if s.CSRFToken == "" || s.CSRFToken == token {
				t.Fatalf("CSRF token %q must be set and differ from the session token", s.CSRFToken)
			}
			got, err := db.SessionByToken(ctx, token, s.CreatedAt.Add(time.Second))
			mustNil(t, err)
			if got.TokenHash != s.TokenHash || got.UserID != u.ID || got.SecondFactorDone || got.CSRFToken != s.CSRFToken ||
				!got.CreatedAt.Equal(s.CreatedAt) || !got.LastSeenAt.Equal(s.CreatedAt) {
				t.Fatalf("SessionByToken = %+v, want %+v", got, s)
			}
			_, err = db.SessionByToken(ctx, s.TokenHash, time.Now())
			wantIs(t, err, kynnys.ErrNotFound)

			mustNil(t, db.DeleteSession(ctx, s.TokenHash))
			_, err = db.SessionByToken(ctx, token, time.Now())
			wantIs(t, err, kynnys.ErrNotFound)
			// Deleting what is gone is not an error (double sign-out).
			mustNil(t, db.DeleteSession(ctx, s.TokenHash))
		})

		t.Run("wrong token", func(t *testing.T) {
			token, _ := mustSession(t, db, u.ID)
			for _, wrong := range []string{"", "x", token[:len(token)-1], token + "x", strings.ToUpper(token)} {
				if wrong == token {
					continue
				}
				_, err := db.SessionByToken(ctx, wrong, time.Now())
				wantIs(t, err, kynnys.ErrNotFound)
			}
		})

		t.Run("idle timeout", func(t *testing.T) {
			token, s := mustSession(t, db, u.ID)
			_, err := db.SessionByToken(ctx, token, s.CreatedAt.Add(31*time.Minute))
			wantIs(t, err, kynnys.ErrNotFound)
			// The row is gone: even at a time it would be fresh it is not found.
			_, err = db.SessionByToken(ctx, token, s.CreatedAt)
			wantIs(t, err, kynnys.ErrNotFound)
		})

		t.Run("idle exactly the timeout", func(t *testing.T) {
			token, s := mustSession(t, db, u.ID)
			_, err := db.SessionByToken(ctx, token, s.CreatedAt.Add(access.SessionIdleTimeout))
			mustNil(t, err)
		})

		t.Run("use keeps it alive", func(t *testing.T) {
			token, s := mustSession(t, db, u.ID)
			got, err := db.SessionByToken(ctx, token, s.CreatedAt.Add(25*time.Minute))
			mustNil(t, err)
			if !got.LastSeenAt.Equal(s.CreatedAt.Add(25 * time.Minute)) {
				t.Fatalf("LastSeenAt = %v, want the time of use", got.LastSeenAt)
			}
			_, err = db.SessionByToken(ctx, token, s.CreatedAt.Add(50*time.Minute))
			mustNil(t, err)
		})

		t.Run("absolute timeout", func(t *testing.T) {
			token, s := mustSession(t, db, u.ID)
			// Used every 20 minutes it never idles out, but it ends 12 h after sign-in.
			for at := s.CreatedAt.Add(20 * time.Minute); ; at = at.Add(20 * time.Minute) {
				_, err := db.SessionByToken(ctx, token, at)
				if at.Sub(s.CreatedAt) <= access.SessionAbsoluteTimeout {
					if err != nil {
						t.Fatalf("used at +%v: %v", at.Sub(s.CreatedAt), err)
					}
					continue
				}
				wantIs(t, err, kynnys.ErrNotFound)
				break
			}
			_, err := db.SessionByToken(ctx, token, s.CreatedAt.Add(time.Minute))
			wantIs(t, err, kynnys.ErrNotFound)
		})

		t.Run("delete expired", func(t *testing.T) {
			// Start clean: earlier subtests left live sessions.
			_, err := db.DeleteExpiredSessions(ctx, time.Now().Add(48*time.Hour))
			mustNil(t, err)

			used, s := mustSession(t, db, u.ID)
			idle1, _ := mustSession(t, db, u.ID)
			idle2, _ := mustSession(t, db, u.ID)
			_, err = db.SessionByToken(ctx, used, s.CreatedAt.Add(25*time.Minute))
			mustNil(t, err)

			n, err := db.DeleteExpiredSessions(ctx, s.CreatedAt.Add(40*time.Minute))
			mustNil(t, err)
			if n != 2 {
				t.Fatalf("DeleteExpiredSessions removed %d, want the 2 idle ones", n)
			}
			wantSessionsAt(t, db, s.CreatedAt.Add(41*time.Minute), map[string]bool{used: true, idle1: false, idle2: false})

			n, err = db.DeleteExpiredSessions(ctx, s.CreatedAt.Add(41*time.Minute))
			mustNil(t, err)
			if n != 0 {
				t.Fatalf("DeleteExpiredSessions removed %d live sessions", n)
			}
			n, err = db.DeleteExpiredSessions(ctx, s.CreatedAt.Add(access.SessionAbsoluteTimeout+time.Second))
			mustNil(t, err)
			if n != 1 {
				t.Fatalf("DeleteExpiredSessions removed %d, want 1", n)
			}
		})
	})
}

func wantSessionsAt(t *testing.T, db *store.DB, now time.Time, live map[string]bool) {
	t.Helper()
	for tok, want := range live {
		_, err := db.SessionByToken(t.Context(), tok, now)
		if want && err != nil {
			t.Fatalf("session ended: %v", err)
		}
		if !want {
			wantIs(t, err, kynnys.ErrNotFound)
		}
	}
}

func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mustUser(t, db, "u@example.fi", "U")
		other := mustUser(t, db, "o@example.fi", "O")

		token, rec, err := db.CreateAPIToken(ctx, u.ID, "reporting")
		mustNil(t, err)
		if !strings.HasPrefix(token, access.APITokenPrefix) || len(token) < len(access.APITokenPrefix)+43 {
			t.Fatalf("token %q: want %q and 256 random bits", token, access.APITokenPrefix)
		}
		wantUUIDv7(t, rec.ID)
		if rec.UserID != u.ID || rec.Name != "reporting" || rec.CreatedAt.IsZero() || rec.LastUsedAt != nil || rec.RevokedAt != nil {
			t.Fatalf("created token record = %+v", rec)
		}

		now := time.Now().UTC().Truncate(time.Microsecond)
		got, err := db.APITokenUser(ctx, token, now)
		mustNil(t, err)
		if got.ID != u.ID || got.Email != u.Email {
			t.Fatalf("APITokenUser = %+v, want %+v", got, u)
		}
		for _, wrong := range []string{"", access.APITokenPrefix, token + "x", access.HashToken(token)} {
			_, err := db.APITokenUser(ctx, wrong, now)
			wantIs(t, err, kynnys.ErrNotFound)
		}

		second, rec2, err := db.CreateAPIToken(ctx, u.ID, "backup")
		mustNil(t, err)
		if second == token {
			t.Fatal("two tokens are the same")
		}
		theirs, theirRec, err := db.CreateAPIToken(ctx, other.ID, "theirs")
		mustNil(t, err)

		list, err := db.APITokens(ctx, u.ID)
		mustNil(t, err)
		var ids []string
		for _, x := range list {
			ids = append(ids, x.ID)
		}
		// Newest first, and only the user's own.
		if want := []string{rec2.ID, rec.ID}; !slices.Equal(ids, want) {
			t.Fatalf("APITokens = %v, want %v", ids, want)
		}
		if list[1].LastUsedAt == nil || !list[1].LastUsedAt.Equal(now) || list[0].LastUsedAt != nil {
			t.Fatalf("last use not recorded: %+v", list)
		}

		t.Run("revoke", func(t *testing.T) {
			// Nobody revokes someone else's token.
			wantIs(t, db.RevokeAPIToken(ctx, u.ID, theirRec.ID), kynnys.ErrNotFound)
			if got, err := db.APITokenUser(ctx, theirs, now); err != nil || got.ID != other.ID {
				t.Fatalf("their token after a foreign revoke: %+v, %v", got, err)
			}
			wantIs(t, db.RevokeAPIToken(ctx, u.ID, store.NewID()), kynnys.ErrNotFound)

			mustNil(t, db.RevokeAPIToken(ctx, u.ID, rec.ID))
			_, err := db.APITokenUser(ctx, token, now)
			wantIs(t, err, kynnys.ErrNotFound)
			wantIs(t, db.RevokeAPIToken(ctx, u.ID, rec.ID), kynnys.ErrNotFound)
			if got, err := db.APITokenUser(ctx, second, now); err != nil || got.ID != u.ID {
				t.Fatalf("the other token after revoking one: %+v, %v", got, err)
			}
			list, err := db.APITokens(ctx, u.ID)
			mustNil(t, err)
			if len(list) != 2 || list[1].RevokedAt == nil || list[0].RevokedAt != nil {
				t.Fatalf("after revoke: %+v", list)
			}
		})

		t.Run("invalid name", func(t *testing.T) {
			for _, name := range []string{"", "   ", strings.Repeat("n", 101)} {
				_, _, err := db.CreateAPIToken(ctx, u.ID, name)
				wantField(t, err, "name")
			}
		})
	})
}

func TestLoginFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		t0 := time.Now().UTC().Truncate(time.Microsecond)
		account, address, other := "acct:1f2e", "addr:9a8b", "acct:7777"

		mustNil(t, db.RecordLoginFailure(ctx, t0, account, address))
		mustNil(t, db.RecordLoginFailure(ctx, t0.Add(time.Second), account, address))
		mustNil(t, db.RecordLoginFailure(ctx, t0.Add(2*time.Second), account))
		mustNil(t, db.RecordLoginFailure(ctx, t0.Add(3*time.Second))) // no keys: nothing to do

		for _, tc := range []struct {
			key  string
			n    int
			last time.Time
		}{
			{account, 3, t0.Add(2 * time.Second)},
			{address, 2, t0.Add(time.Second)},
			{other, 0, time.Time{}},
		} {
			n, last, err := db.LoginFailures(ctx, tc.key)
			mustNil(t, err)
			if n != tc.n || !last.Equal(tc.last) {
				t.Fatalf("LoginFailures(%s) = %d at %v, want %d at %v", tc.key, n, last, tc.n, tc.last)
			}
		}

		mustNil(t, db.ClearLoginFailures(ctx, account))
		if n, last, err := db.LoginFailures(ctx, account); err != nil || n != 0 || !last.IsZero() {
			t.Fatalf("after clear: %d at %v, %v", n, last, err)
		}
		if n, _, err := db.LoginFailures(ctx, address); err != nil || n != 2 {
			t.Fatalf("clearing one key changed another: %d, %v", n, err)
		}
		mustNil(t, db.ClearLoginFailures(ctx, other))

		// Counting starts again from one.
		mustNil(t, db.RecordLoginFailure(ctx, t0.Add(time.Minute), account))
		if n, _, err := db.LoginFailures(ctx, account); err != nil || n != 1 {
			t.Fatalf("after clear and a new failure: %d, %v", n, err)
		}
	})
}
