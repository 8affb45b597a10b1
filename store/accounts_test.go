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

func TestTeams(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		beta := &access.Team{
			Name:           "  Beta team ",
			Municipalities: []string{" Vantaa ", "Espoo", "espoo", "", "VANTAA"},
			TargetGroups:   []access.TargetGroup{access.TargetYouth, access.TargetFamilies, access.TargetYouth},
		}
		mustNil(t, db.CreateTeam(ctx, beta))
		wantUUIDv7(t, beta.ID)
		if beta.CreatedAt.IsZero() || beta.Name != "Beta team" {
			t.Fatalf("created team = %+v, want trimmed name and a creation time", beta)
		}

		got, err := db.Team(ctx, beta.ID)
		mustNil(t, err)
		if got.Name != "Beta team" || !got.CreatedAt.Equal(beta.CreatedAt) {
			t.Fatalf("Team = %+v, want %+v", got, beta)
		}
		// Trimmed, deduplicated regardless of case, blanks dropped; read back sorted.
		if want := []string{"Espoo", "Vantaa"}; !slices.Equal(got.Municipalities, want) {
			t.Fatalf("municipalities = %q, want %q", got.Municipalities, want)
		}
		// Deduplicated; read back in access.TargetGroups order.
		if want := []access.TargetGroup{access.TargetFamilies, access.TargetYouth}; !slices.Equal(got.TargetGroups, want) {
			t.Fatalf("target groups = %q, want %q", got.TargetGroups, want)
		}

		t.Run("invalid or conflicting", func(t *testing.T) {
			for _, tc := range []struct {
				name     string
				team     access.Team
				field    string // a FieldError for this field, or
				conflict bool   // kynnys.ErrConflict
			}{
				{name: "empty name", team: access.Team{Name: ""}, field: "name"},
				{name: "blank name", team: access.Team{Name: " \t "}, field: "name"},
				{name: "long name", team: access.Team{Name: strings.Repeat("x", 201)}, field: "name"},
				{name: "unknown target group", team: access.Team{Name: "Delta", TargetGroups: []access.TargetGroup{access.TargetElderly, "pensioners"}}, field: "target_groups"},
				{name: "long municipality", team: access.Team{Name: "Delta", Municipalities: []string{strings.Repeat("m", 101)}}, field: "municipalities"},
				{name: "same name other case", team: access.Team{Name: "BETA TEAM"}, conflict: true},
				{name: "same name padded", team: access.Team{Name: "  beta team  "}, conflict: true},
			} {
				t.Run(tc.name, func(t *testing.T) {
					team := tc.team
					err := db.CreateTeam(ctx, &team)
					if tc.conflict {
						wantIs(t, err, kynnys.ErrConflict)
					} else {
						wantField(t, err, tc.field)
					}
				})
			}
			teams, err := db.Teams(ctx)
			mustNil(t, err)
			if len(teams) != 1 {
				t.Fatalf("after rejected creates there are %d teams, want 1", len(teams))
			}
		})

		mustTeam(t, db, "gamma")
		alpha := mustTeam(t, db, "Alpha", "Helsinki")

		t.Run("ordering", func(t *testing.T) {
			teams, err := db.Teams(ctx)
			mustNil(t, err)
			var names []string
			for _, tm := range teams {
				names = append(names, tm.Name)
			}
			// By name regardless of case.
			if want := []string{"Alpha", "Beta team", "gamma"}; !slices.Equal(names, want) {
				t.Fatalf("Teams = %q, want %q", names, want)
			}
			if !slices.Equal(teams[0].Municipalities, []string{"Helsinki"}) || len(teams[1].TargetGroups) != 2 {
				t.Fatalf("Teams did not load lists: %+v", teams)
			}
		})

		t.Run("lookup", func(t *testing.T) {
			for _, tc := range []struct {
				name, key, wantID string
			}{
				{"by id", alpha.ID, alpha.ID},
				{"by name", "Alpha", alpha.ID},
				{"by name other case", "ALPHA", alpha.ID},
				{"by name padded", "  beta TEAM ", beta.ID},
				{"unknown", "Omega", ""},
				{"unknown id", store.NewID(), ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got, err := db.TeamByIDOrName(ctx, tc.key)
					if tc.wantID == "" {
						wantIs(t, err, kynnys.ErrNotFound)
						return
					}
					mustNil(t, err)
					if got.ID != tc.wantID {
						t.Fatalf("TeamByIDOrName(%q) = %s, want %s", tc.key, got.ID, tc.wantID)
					}
				})
			}
			_, err := db.Team(ctx, store.NewID())
			wantIs(t, err, kynnys.ErrNotFound)
		})

		t.Run("update", func(t *testing.T) {
			upd := &access.Team{ID: beta.ID, Name: " Beta renamed ", Municipalities: []string{"Kerava"}, TargetGroups: []access.TargetGroup{access.TargetElderly}}
			mustNil(t, db.UpdateTeam(ctx, upd))
			got, err := db.Team(ctx, beta.ID)
			mustNil(t, err)
			if got.Name != "Beta renamed" || !slices.Equal(got.Municipalities, []string{"Kerava"}) ||
				!slices.Equal(got.TargetGroups, []access.TargetGroup{access.TargetElderly}) {
				t.Fatalf("after UpdateTeam: %+v", got)
			}
			_, err = db.TeamByIDOrName(ctx, "beta team")
			wantIs(t, err, kynnys.ErrNotFound)

			// A change of case only is not a conflict with itself.
			mustNil(t, db.UpdateTeam(ctx, &access.Team{ID: beta.ID, Name: "BETA RENAMED"}))
			got, err = db.Team(ctx, beta.ID)
			mustNil(t, err)
			if got.Name != "BETA RENAMED" || len(got.Municipalities) != 0 || len(got.TargetGroups) != 0 {
				t.Fatalf("after clearing lists: %+v", got)
			}

			wantIs(t, db.UpdateTeam(ctx, &access.Team{ID: beta.ID, Name: "alpha"}), kynnys.ErrConflict)
			wantField(t, db.UpdateTeam(ctx, &access.Team{ID: beta.ID, Name: "x", TargetGroups: []access.TargetGroup{"nope"}}), "target_groups")
			wantField(t, db.UpdateTeam(ctx, &access.Team{ID: beta.ID, Name: " "}), "name")
			wantIs(t, db.UpdateTeam(ctx, &access.Team{ID: store.NewID(), Name: "Nobody's"}), kynnys.ErrNotFound)

			// Rejected updates left the team as it was.
			got, err = db.Team(ctx, beta.ID)
			mustNil(t, err)
			if got.Name != "BETA RENAMED" {
				t.Fatalf("a rejected update changed the team: %+v", got)
			}
		})
	})
}

func TestUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if n, err := db.CountUsers(ctx); err != nil || n != 0 {
			t.Fatalf("CountUsers on a fresh database = %d, %v", n, err)
		}
		north := mustTeam(t, db, "North", "Oulu")
		east := mustTeam(t, db, "east", "Joensuu")

		u, err := db.CreateUser(ctx, access.NewUser{
			Email: "  Maija.Meikalainen@Example.FI ", Name: " Maija Meikäläinen ", Role: access.RoleSocialWorker,
			TeamIDs: []string{north.ID, east.ID}, PasswordHash: "hash-1",
		})
		mustNil(t, err)
		wantUUIDv7(t, u.ID)
		if u.Email != "maija.meikalainen@example.fi" || u.Name != "Maija Meikäläinen" || u.Role != access.RoleSocialWorker ||
			!u.Active || u.TOTPEnabled || u.CreatedAt.IsZero() {
			t.Fatalf("created user = %+v", u)
		}
		// Teams by name regardless of case, with their lists.
		if got := u.TeamIDs(); !slices.Equal(got, []string{east.ID, north.ID}) {
			t.Fatalf("teams = %v, want east then north", got)
		}
		if !slices.Equal(u.Teams[0].Municipalities, []string{"Joensuu"}) {
			t.Fatalf("user's team lacks its lists: %+v", u.Teams[0])
		}

		t.Run("invalid or conflicting", func(t *testing.T) {
			ok := access.NewUser{Email: "new@example.fi", Name: "New", Role: access.RoleAnalyst, PasswordHash: "h"}
			for _, tc := range []struct {
				name     string
				edit     func(*access.NewUser)
				field    string
				conflict bool
			}{
				{"empty email", func(n *access.NewUser) { n.Email = " " }, "email", false},
				{"no at sign", func(n *access.NewUser) { n.Email = "new.example.fi" }, "email", false},
				{"nothing before at", func(n *access.NewUser) { n.Email = "@example.fi" }, "email", false},
				{"nothing after at", func(n *access.NewUser) { n.Email = "new@" }, "email", false},
				{"space inside", func(n *access.NewUser) { n.Email = "new user@example.fi" }, "email", false},
				{"angle brackets", func(n *access.NewUser) { n.Email = "<new@example.fi>" }, "email", false},
				{"empty name", func(n *access.NewUser) { n.Name = "  " }, "name", false},
				{"unknown role", func(n *access.NewUser) { n.Role = "root" }, "role", false},
				{"empty role", func(n *access.NewUser) { n.Role = "" }, "role", false},
				{"no password", func(n *access.NewUser) { n.PasswordHash = "" }, "password", false},
				{"same email other case", func(n *access.NewUser) { n.Email = "MAIJA.meikalainen@example.fi" }, "", true},
			} {
				t.Run(tc.name, func(t *testing.T) {
					nu := ok
					tc.edit(&nu)
					_, err := db.CreateUser(ctx, nu)
					if tc.conflict {
						wantIs(t, err, kynnys.ErrConflict)
					} else {
						wantField(t, err, tc.field)
					}
				})
			}
			// An unknown team must not leave a half-created user behind.
			bad := ok
			bad.TeamIDs = []string{north.ID, store.NewID()}
			if _, err := db.CreateUser(ctx, bad); err == nil {
				t.Fatal("CreateUser with an unknown team succeeded")
			}
			if n, err := db.CountUsers(ctx); err != nil || n != 1 {
				t.Fatalf("after rejected creates CountUsers = %d, %v; want 1", n, err)
			}
		})

		aino := mustUser(t, db, "aino@example.fi", "Aino")
		mustUser(t, db, "ville@example.fi", "Ville", north.ID)

		t.Run("lookup", func(t *testing.T) {
			got, err := db.User(ctx, u.ID)
			mustNil(t, err)
			if got.Email != u.Email || len(got.Teams) != 2 {
				t.Fatalf("User = %+v", got)
			}
			got, err = db.UserByEmail(ctx, " MAIJA.Meikalainen@EXAMPLE.fi")
			mustNil(t, err)
			if got.ID != u.ID {
				t.Fatalf("UserByEmail found %s, want %s", got.ID, u.ID)
			}
			_, err = db.User(ctx, store.NewID())
			wantIs(t, err, kynnys.ErrNotFound)
			_, err = db.UserByEmail(ctx, "nobody@example.fi")
			wantIs(t, err, kynnys.ErrNotFound)

			users, err := db.Users(ctx)
			mustNil(t, err)
			var names []string
			for _, x := range users {
				names = append(names, x.Name)
			}
			if want := []string{"Aino", "Maija Meikäläinen", "Ville"}; !slices.Equal(names, want) {
				t.Fatalf("Users = %q, want %q", names, want)
			}
			if len(users[0].Teams) != 0 || len(users[2].Teams) != 1 || users[2].Teams[0].Name != "North" {
				t.Fatalf("Users teams: %+v", users)
			}
			if n, err := db.CountUsers(ctx); err != nil || n != 3 {
				t.Fatalf("CountUsers = %d, %v; want 3", n, err)
			}
		})

		t.Run("credentials", func(t *testing.T) {
			c, err := db.CredentialsByEmail(ctx, "Maija.Meikalainen@example.fi ")
			mustNil(t, err)
			want := access.Credentials{UserID: u.ID, Active: true, PasswordHash: "hash-1"}
			if *c != want {
				t.Fatalf("CredentialsByEmail = %+v, want %+v", *c, want)
			}
			c, err = db.CredentialsByUser(ctx, u.ID)
			mustNil(t, err)
			if *c != want {
				t.Fatalf("CredentialsByUser = %+v, want %+v", *c, want)
			}
			_, err = db.CredentialsByEmail(ctx, "nobody@example.fi")
			wantIs(t, err, kynnys.ErrNotFound)
			_, err = db.CredentialsByUser(ctx, store.NewID())
			wantIs(t, err, kynnys.ErrNotFound)
		})

		t.Run("teams", func(t *testing.T) {
			mustNil(t, db.SetUserTeams(ctx, aino.ID, []string{north.ID}))
			wantTeams(t, db, aino.ID, north.ID)
			mustNil(t, db.SetUserTeams(ctx, aino.ID, []string{east.ID, north.ID}))
			wantTeams(t, db, aino.ID, east.ID, north.ID)
			// All or nothing: an unknown team leaves the old teams in place.
			if err := db.SetUserTeams(ctx, aino.ID, []string{north.ID, store.NewID()}); err == nil {
				t.Fatal("SetUserTeams with an unknown team succeeded")
			}
			wantTeams(t, db, aino.ID, east.ID, north.ID)
			mustNil(t, db.SetUserTeams(ctx, aino.ID, nil))
			wantTeams(t, db, aino.ID)
			// A team named twice is the same as once, not a conflict.
			mustNil(t, db.SetUserTeams(ctx, aino.ID, []string{north.ID, north.ID}))
			wantTeams(t, db, aino.ID, north.ID)
			twice, err := db.CreateUser(ctx, access.NewUser{Email: "twice@example.fi", Name: "Twice", Role: access.RoleAnalyst,
				TeamIDs: []string{east.ID, east.ID}, PasswordHash: "h"})
			mustNil(t, err)
			wantTeams(t, db, twice.ID, east.ID)
		})
	})
}

func wantTeams(t *testing.T, db *store.DB, userID string, teamIDs ...string) {
	t.Helper()
	u, err := db.User(t.Context(), userID)
	mustNil(t, err)
	if got := u.TeamIDs(); !slices.Equal(got, teamIDs) {
		t.Fatalf("user teams = %v, want %v", got, teamIDs)
	}
}

func TestSetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mustUser(t, db, "u@example.fi", "U")
		other := mustUser(t, db, "o@example.fi", "O")
		tok1, _ := mustSession(t, db, u.ID)
		tok2, s2 := mustSession(t, db, u.ID)
		tok3, _ := mustSession(t, db, u.ID)
		tokOther, _ := mustSession(t, db, other.ID)

		// Changing one's own password keeps the session it was done in.
		mustNil(t, db.SetPassword(ctx, u.ID, "hash-2", s2.TokenHash))
		c, err := db.CredentialsByUser(ctx, u.ID)
		mustNil(t, err)
		if c.PasswordHash != "hash-2" {
			t.Fatalf("password hash = %q, want hash-2", c.PasswordHash)
		}
		wantSessions(t, db, map[string]bool{tok1: false, tok2: true, tok3: false, tokOther: true})

		// An admin reset keeps none.
		mustNil(t, db.SetPassword(ctx, u.ID, "hash-3", ""))
		wantSessions(t, db, map[string]bool{tok2: false, tokOther: true})

		wantIs(t, db.SetPassword(ctx, store.NewID(), "hash", ""), kynnys.ErrNotFound)
	})
}

// wantSessions checks which session tokens are still live.
func wantSessions(t *testing.T, db *store.DB, live map[string]bool) {
	t.Helper()
	for tok, want := range live {
		_, err := db.SessionByToken(t.Context(), tok, time.Now())
		if want && err != nil {
			t.Fatalf("session %s… ended: %v", tok[:6], err)
		}
		if !want {
			wantIs(t, err, kynnys.ErrNotFound)
		}
	}
}

func TestSetActive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mustUser(t, db, "u@example.fi", "U")
		other := mustUser(t, db, "o@example.fi", "O")
		tok, _ := mustSession(t, db, u.ID)
		tokOther, _ := mustSession(t, db, other.ID)
		api1, _, err := db.CreateAPIToken(ctx, u.ID, "one")
		mustNil(t, err)
		api2, _, err := db.CreateAPIToken(ctx, u.ID, "two")
		mustNil(t, err)
		apiOther, _, err := db.CreateAPIToken(ctx, other.ID, "theirs")
		mustNil(t, err)

		mustNil(t, db.SetActive(ctx, u.ID, false))
		got, err := db.User(ctx, u.ID)
		mustNil(t, err)
		c, err := db.CredentialsByUser(ctx, u.ID)
		mustNil(t, err)
		if got.Active || c.Active {
			t.Fatalf("deactivated user still active: user %v, credentials %v", got.Active, c.Active)
		}
		wantSessions(t, db, map[string]bool{tok: false, tokOther: true})
		for _, api := range []string{api1, api2} {
			_, err := db.APITokenUser(ctx, api, time.Now())
			wantIs(t, err, kynnys.ErrNotFound)
		}
		if got, err := db.APITokenUser(ctx, apiOther, time.Now()); err != nil || got.ID != other.ID {
			t.Fatalf("another user's token: %+v, %v", got, err)
		}
		list, err := db.APITokens(ctx, u.ID)
		mustNil(t, err)
		for _, x := range list {
			if x.RevokedAt == nil {
				t.Fatalf("token %q not marked revoked", x.Name)
			}
		}

		// Reactivation does not bring the revoked tokens back.
		mustNil(t, db.SetActive(ctx, u.ID, true))
		got, err = db.User(ctx, u.ID)
		mustNil(t, err)
		if !got.Active {
			t.Fatal("reactivated user is not active")
		}
		_, err = db.APITokenUser(ctx, api1, time.Now())
		wantIs(t, err, kynnys.ErrNotFound)

		wantIs(t, db.SetActive(ctx, store.NewID(), false), kynnys.ErrNotFound)
	})
}

func TestTOTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mustUser(t, db, "u@example.fi", "U")
		other := mustUser(t, db, "o@example.fi", "O")

		// Nothing to enable without a pending secret (an admin reset it meanwhile).
		wantIs(t, db.EnableTOTP(ctx, u.ID, 1000, []string{"rc-hash-0"}), kynnys.ErrNotFound)
		wantCreds(t, db, u.ID, "", false, 0)
		wantCodesLeft(t, db, u.ID, 0)

		mustNil(t, db.SetPendingTOTP(ctx, u.ID, "SECRET1"))
		wantCreds(t, db, u.ID, "SECRET1", false, 0)
		if got, _ := db.User(ctx, u.ID); got.TOTPEnabled {
			t.Fatal("pending secret counts as enabled")
		}

		codes := []string{"rc-hash-1", "rc-hash-2", "rc-hash-3"}
		mustNil(t, db.EnableTOTP(ctx, u.ID, 1000, codes))
		wantCreds(t, db, u.ID, "SECRET1", true, 1000)
		if got, _ := db.User(ctx, u.ID); !got.TOTPEnabled {
			t.Fatal("EnableTOTP did not enable")
		}
		wantCodesLeft(t, db, u.ID, 3)

		t.Run("replay guard", func(t *testing.T) {
			for _, tc := range []struct {
				step int64
				ok   bool
			}{
				{1000, false}, // the step used at enrolment
				{999, false},
				{1001, true},
				{1001, false}, // the same code again
				{1000, false},
				{1003, true}, // steps may be skipped
				{1002, false},
			} {
				ok, err := db.AdvanceTOTPStep(ctx, u.ID, tc.step)
				mustNil(t, err)
				if ok != tc.ok {
					t.Fatalf("AdvanceTOTPStep(%d) = %v, want %v", tc.step, ok, tc.ok)
				}
			}
			wantCreds(t, db, u.ID, "SECRET1", true, 1003)
		})

		t.Run("recovery codes", func(t *testing.T) {
			for _, tc := range []struct {
				user, hash string
				ok         bool
			}{
				{u.ID, "rc-hash-2", true},
				{u.ID, "rc-hash-2", false}, // once only
				{u.ID, "rc-hash-9", false},
				{other.ID, "rc-hash-1", false}, // someone else's code
			} {
				ok, err := db.UseRecoveryCode(ctx, tc.user, tc.hash)
				mustNil(t, err)
				if ok != tc.ok {
					t.Fatalf("UseRecoveryCode(%s) = %v, want %v", tc.hash, ok, tc.ok)
				}
			}
			wantCodesLeft(t, db, u.ID, 2)
			wantCodesLeft(t, db, other.ID, 0)

			// Enrolling again replaces the codes, used or not.
			mustNil(t, db.EnableTOTP(ctx, u.ID, 1003, []string{"rc-new-1", "rc-new-2"}))
			wantCodesLeft(t, db, u.ID, 2)
			if ok, _ := db.UseRecoveryCode(ctx, u.ID, "rc-hash-1"); ok {
				t.Fatal("an old recovery code still works after re-enrolment")
			}
		})

		t.Run("reset", func(t *testing.T) {
			tok, _ := mustSession(t, db, u.ID)
			tokOther, _ := mustSession(t, db, other.ID)
			mustNil(t, db.ResetTOTP(ctx, u.ID))
			wantCreds(t, db, u.ID, "", false, 0)
			wantCodesLeft(t, db, u.ID, 0)
			wantSessions(t, db, map[string]bool{tok: false, tokOther: true})
			if got, _ := db.User(ctx, u.ID); got.TOTPEnabled {
				t.Fatal("TOTP still enabled after reset")
			}
		})
	})
}

func wantCreds(t *testing.T, db *store.DB, userID, secret string, enabled bool, step int64) {
	t.Helper()
	c, err := db.CredentialsByUser(t.Context(), userID)
	mustNil(t, err)
	if c.TOTPSecret != secret || c.TOTPEnabled != enabled || c.TOTPLastStep != step {
		t.Fatalf("TOTP state = (%q, %v, %d), want (%q, %v, %d)", c.TOTPSecret, c.TOTPEnabled, c.TOTPLastStep, secret, enabled, step)
	}
}

func wantCodesLeft(t *testing.T, db *store.DB, userID string, want int) {
	t.Helper()
	n, err := db.RecoveryCodesLeft(t.Context(), userID)
	mustNil(t, err)
	if n != want {
		t.Fatalf("RecoveryCodesLeft = %d, want %d", n, want)
	}
}

func TestSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		if v, ok, err := db.Setting(ctx, "instance_name"); err != nil || ok || v != "" {
			t.Fatalf("unset setting = %q, %v, %v", v, ok, err)
		}
		for _, v := range []string{"Kynnys Oulu", "Kynnys Pohjois-Pohjanmaa", ""} {
			mustNil(t, db.SetSetting(ctx, "instance_name", v))
			got, ok, err := db.Setting(ctx, "instance_name")
			mustNil(t, err)
			if !ok || got != v {
				t.Fatalf("Setting = %q, %v; want %q", got, ok, v)
			}
		}
		mustNil(t, db.SetSetting(ctx, "other", "x"))
		if got, _, _ := db.Setting(ctx, "instance_name"); got != "" {
			t.Fatalf("writing one setting changed another: %q", got)
		}
	})
}

func TestUpdateUserProfile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := mustUser(t, db, "u@example.fi", "U")
		mustNil(t, db.UpdateUserProfile(ctx, u.ID, "  Uusi Nimi ", access.RoleTeamLead))
		got, err := db.User(ctx, u.ID)
		mustNil(t, err)
		if got.Name != "Uusi Nimi" || got.Role != access.RoleTeamLead || got.Email != u.Email {
			t.Fatalf("after UpdateUserProfile: %+v", got)
		}
		for _, tc := range []struct {
			name  string
			role  access.Role
			field string
		}{
			{" ", access.RoleAnalyst, "name"},
			{strings.Repeat("n", 201), access.RoleAnalyst, "name"},
			{"Name", "superuser", "role"},
		} {
			wantField(t, db.UpdateUserProfile(ctx, u.ID, tc.name, tc.role), tc.field)
		}
		wantIs(t, db.UpdateUserProfile(ctx, store.NewID(), "Name", access.RoleAnalyst), kynnys.ErrNotFound)
	})
}

func TestUpgradePasswordHashKeepsSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u, err := db.CreateUser(ctx, access.NewUser{Email: "upgrade@example.fi", Name: "Up Grade", Role: access.RoleAnalyst, PasswordHash: "old-hash"})
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := db.CreateSession(ctx, u.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		// A stale old hash (someone changed the password meanwhile) changes nothing.
		if err := db.UpgradePasswordHash(ctx, u.ID, "not-the-stored-hash", "x"); err != nil {
			t.Fatal(err)
		}
		if c, _ := db.CredentialsByUser(ctx, u.ID); c.PasswordHash != "old-hash" {
			t.Fatalf("hash changed by a stale upgrade: %q", c.PasswordHash)
		}
		if err := db.UpgradePasswordHash(ctx, u.ID, "old-hash", "new-hash"); err != nil {
			t.Fatal(err)
		}
		if c, _ := db.CredentialsByUser(ctx, u.ID); c.PasswordHash != "new-hash" {
			t.Fatalf("hash = %q, want new-hash", c.PasswordHash)
		}
		if _, err := db.SessionByToken(ctx, token, time.Now()); err != nil {
			t.Fatalf("session ended by a hash upgrade: %v", err)
		}
	})
}
