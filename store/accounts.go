package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"kynnys"
	"kynnys/access"
)

// NewID returns a new UUIDv7: time-ordered, so inserts stay index-friendly.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// CreateTeam validates and stores a new team, setting its ID and CreatedAt.
func (db *DB) CreateTeam(ctx context.Context, t *access.Team) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.ID, t.CreatedAt = NewID(), time.Now().UTC().Truncate(time.Microsecond)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO teams (id, name, name_key, created_at) VALUES ($1, $2, $3, $4)",
			t.ID, t.Name, strings.ToLower(t.Name), ts(t.CreatedAt)); err != nil {
			return err
		}
		return writeTeamLists(ctx, tx, t)
	})
	if err != nil {
		return fmt.Errorf("create team: %w", err)
	}
	return nil
}

// UpdateTeam replaces a team's name, municipalities and target groups.
func (db *DB) UpdateTeam(ctx context.Context, t *access.Team) error {
	if err := t.Validate(); err != nil {
		return err
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE teams SET name = $1, name_key = $2 WHERE id = $3", t.Name, strings.ToLower(t.Name), t.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kynnys.ErrNotFound
		}
		for _, q := range []string{"DELETE FROM team_municipalities WHERE team_id = $1", "DELETE FROM team_target_groups WHERE team_id = $1"} {
			if _, err := tx.ExecContext(ctx, q, t.ID); err != nil {
				return err
			}
		}
		if err := writeTeamLists(ctx, tx, t); err != nil {
			return err
		}
		return bumpVersion(ctx, tx, accountsVersionKey)
	})
	if err != nil {
		return fmt.Errorf("update team: %w", err)
	}
	return nil
}

func writeTeamLists(ctx context.Context, tx *sql.Tx, t *access.Team) error {
	for _, m := range t.Municipalities {
		if _, err := tx.ExecContext(ctx, "INSERT INTO team_municipalities (team_id, municipality) VALUES ($1, $2)", t.ID, m); err != nil {
			return err
		}
	}
	for _, g := range t.TargetGroups {
		if _, err := tx.ExecContext(ctx, "INSERT INTO team_target_groups (team_id, target_group) VALUES ($1, $2)", t.ID, string(g)); err != nil {
			return err
		}
	}
	return nil
}

// Teams lists every team by name.
func (db *DB) Teams(ctx context.Context) ([]access.Team, error) {
	return db.queryTeams(ctx, "SELECT id, name, created_at FROM teams ORDER BY name_key")
}

// Team returns one team by id.
func (db *DB) Team(ctx context.Context, id string) (*access.Team, error) {
	ts, err := db.queryTeams(ctx, "SELECT id, name, created_at FROM teams WHERE id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("team: %w", kynnys.ErrNotFound)
	}
	return &ts[0], nil
}

// TeamByIDOrName finds a team by its id or, failing that, its name (any case).
func (db *DB) TeamByIDOrName(ctx context.Context, idOrName string) (*access.Team, error) {
	ts, err := db.queryTeams(ctx, "SELECT id, name, created_at FROM teams WHERE id = $1 OR name_key = $2",
		idOrName, strings.ToLower(strings.TrimSpace(idOrName)))
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("team: %w", kynnys.ErrNotFound)
	}
	return &ts[0], nil
}

func (db *DB) queryTeams(ctx context.Context, q string, args ...any) ([]access.Team, error) {
	rows, err := db.rd.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("query teams: %w", err)
	}
	defer rows.Close()
	var teams []access.Team
	index := map[string]int{}
	for rows.Next() {
		var t access.Team
		var created int64
		if err := rows.Scan(&t.ID, &t.Name, &created); err != nil {
			return nil, fmt.Errorf("scan team: %w", err)
		}
		t.CreatedAt = fromTS(created)
		index[t.ID] = len(teams)
		teams = append(teams, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query teams: %w", err)
	}
	if len(teams) == 0 {
		return teams, nil
	}
	ids := make([]any, 0, len(teams))
	for _, t := range teams {
		ids = append(ids, t.ID)
	}
	in := placeholders(1, len(ids))
	if err := db.eachRow(ctx, func(r *sql.Rows) error {
		var id, m string
		if err := r.Scan(&id, &m); err != nil {
			return err
		}
		t := &teams[index[id]]
		t.Municipalities = append(t.Municipalities, m)
		return nil
	}, "SELECT team_id, municipality FROM team_municipalities WHERE team_id IN ("+in+") ORDER BY municipality", ids...); err != nil {
		return nil, fmt.Errorf("team municipalities: %w", err)
	}
	if err := db.eachRow(ctx, func(r *sql.Rows) error {
		var id, g string
		if err := r.Scan(&id, &g); err != nil {
			return err
		}
		t := &teams[index[id]]
		t.TargetGroups = append(t.TargetGroups, access.TargetGroup(g))
		return nil
	}, "SELECT team_id, target_group FROM team_target_groups WHERE team_id IN ("+in+")", ids...); err != nil {
		return nil, fmt.Errorf("team target groups: %w", err)
	}
	for i := range teams {
		sortTargetGroups(teams[i].TargetGroups)
	}
	return teams, nil
}

// sortTargetGroups orders groups as access.TargetGroups lists them.
func sortTargetGroups(gs []access.TargetGroup) {
	rank := func(g access.TargetGroup) int {
		for i, x := range access.TargetGroups {
			if x == g {
				return i
			}
		}
		return len(access.TargetGroups)
	}
	sort.Slice(gs, func(i, j int) bool { return rank(gs[i]) < rank(gs[j]) })
}

func (db *DB) eachRow(ctx context.Context, fn func(*sql.Rows) error, q string, args ...any) error {
	rows, err := db.rd.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CreateUser stores an active user without a second factor yet.
func (db *DB) CreateUser(ctx context.Context, nu access.NewUser) (*access.User, error) {
	if err := access.ValidateNewUser(nu.Email, nu.Name, nu.Role); err != nil {
		return nil, err
	}
	if nu.PasswordHash == "" {
		return nil, kynnys.Invalid("password", "error.required")
	}
	id, now := NewID(), ts(time.Now())
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, role, active, password_hash, password_changed_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, TRUE, $5, $6, $6, $6)`,
			id, access.NormaliseEmail(nu.Email), strings.TrimSpace(nu.Name), string(nu.Role), nu.PasswordHash, now); err != nil {
			return err
		}
		for _, t := range nu.TeamIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO user_teams (user_id, team_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", id, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	return db.User(ctx, id)
}

const userColumns = "id, email, name, role, active, totp_enabled, created_at"

// User returns a user with teams by id. The copy handed out is the
// caller's own: the cached one is never exposed.
func (db *DB) User(ctx context.Context, id string) (*access.User, error) {
	version, _, err := db.Setting(ctx, accountsVersionKey)
	if err != nil {
		return nil, err
	}
	return db.cachedUser(ctx, id, version)
}

// cachedUser returns user id as of accounts version, from the node's cache
// if it holds it at that version.
func (db *DB) cachedUser(ctx context.Context, id, version string) (*access.User, error) {
	u, err := db.caches.users.get(version, id, func() (*access.User, error) {
		return db.oneUser(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id)
	})
	if err != nil {
		return nil, err
	}
	return cloneUser(u), nil
}

func cloneUser(u *access.User) *access.User {
	c := *u
	c.Teams = slices.Clone(u.Teams)
	for i := range c.Teams {
		c.Teams[i].Municipalities = slices.Clone(c.Teams[i].Municipalities)
		c.Teams[i].TargetGroups = slices.Clone(c.Teams[i].TargetGroups)
	}
	return &c
}

// UserByEmail returns a user with teams by email (any case).
func (db *DB) UserByEmail(ctx context.Context, email string) (*access.User, error) {
	return db.oneUser(ctx, "SELECT "+userColumns+" FROM users WHERE email = $1", access.NormaliseEmail(email))
}

func (db *DB) oneUser(ctx context.Context, q string, arg any) (*access.User, error) {
	us, err := db.queryUsers(ctx, q, arg)
	if err != nil {
		return nil, err
	}
	if len(us) == 0 {
		return nil, fmt.Errorf("user: %w", kynnys.ErrNotFound)
	}
	return &us[0], nil
}

// Users lists every user by name.
func (db *DB) Users(ctx context.Context) ([]access.User, error) {
	return db.queryUsers(ctx, "SELECT "+userColumns+" FROM users ORDER BY name, email")
}

func (db *DB) queryUsers(ctx context.Context, q string, args ...any) ([]access.User, error) {
	var users []access.User
	err := db.eachRow(ctx, func(r *sql.Rows) error {
		var u access.User
		var role string
		var created int64
		if err := r.Scan(&u.ID, &u.Email, &u.Name, &role, &u.Active, &u.TOTPEnabled, &created); err != nil {
			return err
		}
		u.Role, u.CreatedAt = access.Role(role), fromTS(created)
		users = append(users, u)
		return nil
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("query users: %w", err)
	}
	if len(users) == 0 {
		return users, nil
	}
	teams, err := db.Teams(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[string]access.Team{}
	for _, t := range teams {
		byID[t.ID] = t
	}
	index := map[string]int{}
	ids := make([]any, len(users))
	for i, u := range users {
		index[u.ID], ids[i] = i, u.ID
	}
	err = db.eachRow(ctx, func(r *sql.Rows) error {
		var uid, tid string
		if err := r.Scan(&uid, &tid); err != nil {
			return err
		}
		u := &users[index[uid]]
		u.Teams = append(u.Teams, byID[tid])
		return nil
	}, "SELECT ut.user_id, ut.team_id FROM user_teams ut JOIN teams t ON t.id = ut.team_id WHERE ut.user_id IN ("+placeholders(1, len(ids))+") ORDER BY t.name_key", ids...)
	if err != nil {
		return nil, fmt.Errorf("user teams: %w", err)
	}
	return users, nil
}

// CredentialsByEmail returns the sign-in secrets of the user with that email.
func (db *DB) CredentialsByEmail(ctx context.Context, email string) (*access.Credentials, error) {
	return db.credentials(ctx, "email", access.NormaliseEmail(email))
}

// CredentialsByUser returns the sign-in secrets of a user by id.
func (db *DB) CredentialsByUser(ctx context.Context, userID string) (*access.Credentials, error) {
	return db.credentials(ctx, "id", userID)
}

func (db *DB) credentials(ctx context.Context, column, value string) (*access.Credentials, error) {
	var c access.Credentials
	// column is one of two constants above, never user input.
	err := db.wr.QueryRowContext(ctx, "SELECT id, active, password_hash, totp_secret, totp_enabled, totp_last_step FROM users WHERE "+column+" = $1", value).
		Scan(&c.UserID, &c.Active, &c.PasswordHash, &c.TOTPSecret, &c.TOTPEnabled, &c.TOTPLastStep)
	if err != nil {
		return nil, notFound(err, "credentials")
	}
	return &c, nil
}

// SetPassword replaces a user's password hash and ends all their other sessions
// (keepSessionHash names the one to keep, or "").
func (db *DB) SetPassword(ctx context.Context, userID, hash, keepSessionHash string) error {
	now := ts(time.Now())
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3", hash, now, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kynnys.ErrNotFound
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", userID, keepSessionHash)
		return err
	})
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return nil
}

// SetActive activates or deactivates a user; deactivation ends their sessions
// and revokes their API tokens.
func (db *DB) SetActive(ctx context.Context, userID string, active bool) error {
	now := ts(time.Now())
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET active = $1, updated_at = $2 WHERE id = $3", active, now, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kynnys.ErrNotFound
		}
		if err := bumpVersion(ctx, tx, accountsVersionKey); err != nil || active {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL", now, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("set active: %w", err)
	}
	return nil
}

// SetUserTeams replaces the teams a user belongs to.
func (db *DB) SetUserTeams(ctx context.Context, userID string, teamIDs []string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM user_teams WHERE user_id = $1", userID); err != nil {
			return err
		}
		for _, t := range teamIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO user_teams (user_id, team_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", userID, t); err != nil {
				return err
			}
		}
		return bumpVersion(ctx, tx, accountsVersionKey)
	})
	if err != nil {
		return fmt.Errorf("set user teams: %w", err)
	}
	return nil
}

// SetPendingTOTP stores a new, not yet verified TOTP secret for enrolment.
func (db *DB) SetPendingTOTP(ctx context.Context, userID, secret string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET totp_secret = $1, totp_enabled = FALSE, totp_last_step = 0, updated_at = $2 WHERE id = $3",
			secret, ts(time.Now()), userID); err != nil {
			return err
		}
		return bumpVersion(ctx, tx, accountsVersionKey)
	})
	if err != nil {
		return fmt.Errorf("set pending totp: %w", err)
	}
	return nil
}

// EnableTOTP marks the pending secret verified and replaces the recovery codes.
func (db *DB) EnableTOTP(ctx context.Context, userID string, step int64, recoveryHashes []string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET totp_enabled = TRUE, totp_last_step = $1, updated_at = $2 WHERE id = $3 AND totp_secret <> ''",
			step, ts(time.Now()), userID)
		if err != nil {
			return err
		}
		// No pending secret (reset meanwhile, or no such user): reporting
		// success would tell the user a second factor is on when it is not.
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("no pending totp secret: %w", kynnys.ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = $1", userID); err != nil {
			return err
		}
		for _, h := range recoveryHashes {
			if _, err := tx.ExecContext(ctx, "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)", userID, h); err != nil {
				return err
			}
		}
		return bumpVersion(ctx, tx, accountsVersionKey)
	})
	if err != nil {
		return fmt.Errorf("enable totp: %w", err)
	}
	return nil
}

// ResetTOTP removes a user's second factor and recovery codes (an admin does
// this when a phone is lost); the user must enrol again at next sign-in.
func (db *DB) ResetTOTP(ctx context.Context, userID string) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET totp_secret = '', totp_enabled = FALSE, totp_last_step = 0, updated_at = $1 WHERE id = $2", ts(time.Now()), userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = $1", userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
			return err
		}
		return bumpVersion(ctx, tx, accountsVersionKey)
	})
	if err != nil {
		return fmt.Errorf("reset totp: %w", err)
	}
	return nil
}

// AdvanceTOTPStep records the step of an accepted code, refusing (false) if a
// code of that step or later was already used: the replay guard holds across
// nodes because the check and the update are one statement.
func (db *DB) AdvanceTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	res, err := db.wr.ExecContext(ctx, "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1", step, userID)
	if err != nil {
		return false, fmt.Errorf("advance totp step: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UseRecoveryCode marks an unused recovery code used; false if there is none.
func (db *DB) UseRecoveryCode(ctx context.Context, userID, codeHash string) (bool, error) {
	res, err := db.wr.ExecContext(ctx, "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
		ts(time.Now()), userID, codeHash)
	if err != nil {
		return false, fmt.Errorf("use recovery code: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func (db *DB) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	var n int
	err := db.rd.QueryRowContext(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL", userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count recovery codes: %w", err)
	}
	return n, nil
}

// CountUsers counts all users (for demo seeding: only an empty database).
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.rd.QueryRowContext(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// Setting reads a setting; ok is false when it is not set.
func (db *DB) Setting(ctx context.Context, key string) (value string, ok bool, err error) {
	err = db.queryRow(ctx, "SELECT value FROM settings WHERE key = $1", key).Scan(&value)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting: %w", err)
	}
	return value, true, nil
}

// SetSetting writes a setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	_, err := db.wr.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	if err != nil {
		return fmt.Errorf("write setting: %w", err)
	}
	return nil
}

// UpdateUserProfile changes a user's name and role.
func (db *DB) UpdateUserProfile(ctx context.Context, userID, name string, role access.Role) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return kynnys.Invalid("name", "error.required")
	}
	if len(name) > 200 {
		return kynnys.Invalid("name", "error.too_long")
	}
	if !role.Valid() {
		return kynnys.Invalid("role", "error.unknown_code")
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET name = $1, role = $2, updated_at = $3 WHERE id = $4", name, string(role), ts(time.Now()), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kynnys.ErrNotFound
		}
		return bumpVersion(ctx, tx, accountsVersionKey)
	})
	if err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	return nil
}

// UpgradePasswordHash replaces a hash made with weaker parameters by one of
// the same password made with today's. Unlike SetPassword it is not a
// password change: sessions stay and password_changed_at does not move.
func (db *DB) UpgradePasswordHash(ctx context.Context, userID, oldHash, newHash string) error {
	// Only if the hash is still the one checked: a concurrent password change wins.
	if _, err := db.wr.ExecContext(ctx, "UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3", newHash, userID, oldHash); err != nil {
		return fmt.Errorf("upgrade password hash: %w", err)
	}
	return nil
}
