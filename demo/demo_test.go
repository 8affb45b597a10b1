package demo_test

import (
	"errors"
	"slices"
	"testing"

	"kynnys/access"
	"kynnys/demo"
	"kynnys/store"
	"kynnys/store/storetest"
)

// mustNotHash fails the test if Prepare hashes a password: it should only
// do so while seeding.
func mustNotHash(t *testing.T) func(string) (string, error) {
	return func(string) (string, error) {
		t.Error("Prepare hashed a password when it had nothing to seed")
		return "", errors.New("unexpected hash")
	}
}

func TestPrepareSeedsEmptyDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		seeded, err := demo.Prepare(ctx, db, access.HashPassword)
		if err != nil || !seeded {
			t.Fatalf("Prepare on an empty database = %v, %v; want true, nil", seeded, err)
		}
		if _, ok, err := db.Setting(ctx, demo.SettingKey); err != nil || !ok {
			t.Errorf("the database is not marked as a demo database (%v)", err)
		}

		teams, err := db.Teams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(teams) != len(demo.Teams) {
			t.Fatalf("%d teams, want %d", len(teams), len(demo.Teams))
		}
		byName := map[string]access.Team{}
		for _, tm := range teams {
			byName[tm.Name] = tm
		}
		for _, want := range demo.Teams {
			got, ok := byName[want.Name]
			if !ok {
				t.Errorf("team %q missing", want.Name)
				continue
			}
			if !sameSet(got.Municipalities, want.Municipalities) || !sameSet(got.TargetGroups, want.TargetGroups) {
				t.Errorf("team %q: %q %q, want %q %q", want.Name, got.Municipalities, got.TargetGroups, want.Municipalities, want.TargetGroups)
			}
		}

		users, err := db.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != len(demo.Users) {
			t.Fatalf("%d users, want %d", len(users), len(demo.Users))
		}
		// At least one user for every role, so every part of the system can be tried.
		for _, role := range access.Roles {
			n := 0
			for _, u := range users {
				if u.Role == role {
					n++
				}
			}
			if n < 1 {
				t.Errorf("%d demo users with role %s, want at least 1", n, role)
			}
		}
		for _, want := range demo.Users {
			u, err := db.UserByEmail(ctx, want.Email)
			if err != nil {
				t.Errorf("demo user %s: %v", want.Email, err)
				continue
			}
			if u.Name != want.Name || u.Role != want.Role || !u.Active {
				t.Errorf("demo user %s = %q %s active=%v, want %q %s active", want.Email, u.Name, u.Role, u.Active, want.Name, want.Role)
			}
			var gotTeams, wantTeams []string
			for _, tm := range u.Teams {
				gotTeams = append(gotTeams, tm.Name)
			}
			for _, i := range want.Teams {
				wantTeams = append(wantTeams, demo.Teams[i].Name)
			}
			if !sameSet(gotTeams, wantTeams) {
				t.Errorf("demo user %s teams %q, want %q", want.Email, gotTeams, wantTeams)
			}
			creds, err := db.CredentialsByUser(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ok, _, err := access.CheckPassword(creds.PasswordHash, demo.Password); err != nil || !ok {
				t.Errorf("demo user %s does not sign in with demo.Password (%v)", want.Email, err)
			}
		}
		// Seeding must not touch the package's templates.
		for _, tm := range demo.Teams {
			if tm.ID != "" {
				t.Fatalf("demo.Teams[%q] got an ID: the next Prepare would reuse it", tm.Name)
			}
		}

		// Starting again in demo mode is a no-op.
		seeded, err = demo.Prepare(ctx, db, mustNotHash(t))
		if err != nil || seeded {
			t.Fatalf("second Prepare = %v, %v; want false, nil", seeded, err)
		}
		if n, err := db.CountUsers(ctx); err != nil || n != len(demo.Users) {
			t.Errorf("after the second Prepare: %d users (%v), want %d", n, err, len(demo.Users))
		}
		if teams, err := db.Teams(ctx); err != nil || len(teams) != len(demo.Teams) {
			t.Errorf("after the second Prepare: %d teams (%v), want %d", len(teams), err, len(demo.Teams))
		}
	})
}

func TestPrepareRefusesRealDatabase(t *testing.T) {
	// Either is real data: an installation begins with `kynnys team create`
	// and `kynnys user create`.
	realData := []struct {
		name   string
		create func(t *testing.T, db *store.DB) error
	}{
		{"a user", func(t *testing.T, db *store.DB) error {
			_, err := db.CreateUser(t.Context(), access.NewUser{Email: "oikea@example.fi", Name: "Oikea Käyttäjä",
				Role: access.RoleSocialWorker, PasswordHash: "not-a-demo-hash"})
			return err
		}},
		{"a team", func(t *testing.T, db *store.DB) error {
			return db.CreateTeam(t.Context(), &access.Team{Name: "Oikea tiimi", Municipalities: []string{"Pori"}})
		}},
	}
	for _, rd := range realData {
		name, create := rd.name, rd.create
		t.Run(name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := t.Context()
				if err := create(t, db); err != nil {
					t.Fatal(err)
				}
				users, err := db.CountUsers(ctx)
				if err != nil {
					t.Fatal(err)
				}
				teams, err := db.Teams(ctx)
				if err != nil {
					t.Fatal(err)
				}

				seeded, err := demo.Prepare(ctx, db, mustNotHash(t))
				if !errors.Is(err, demo.ErrNotDemoDatabase) || seeded {
					t.Fatalf("Prepare on a database with %s = %v, %v; want ErrNotDemoDatabase", name, seeded, err)
				}
				// Refusing changes nothing: no mark, no demo teams or users.
				if _, ok, err := db.Setting(ctx, demo.SettingKey); err != nil || ok {
					t.Errorf("a real database was marked as a demo database (%v)", err)
				}
				if n, err := db.CountUsers(ctx); err != nil || n != users {
					t.Errorf("%d users (%v), want %d", n, err, users)
				}
				if after, err := db.Teams(ctx); err != nil || len(after) != len(teams) {
					t.Errorf("%d teams (%v), want %d", len(after), err, len(teams))
				}
				// And it keeps refusing: the refusal is not a one-off.
				if _, err := demo.Prepare(ctx, db, mustNotHash(t)); !errors.Is(err, demo.ErrNotDemoDatabase) {
					t.Errorf("second Prepare = %v, want ErrNotDemoDatabase", err)
				}
			})
		})
	}
}

func sameSet[T ~string](a, b []T) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
