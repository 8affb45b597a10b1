package store_test

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/directory"
	"kynnys/encounter"
	"kynnys/store"
	"kynnys/store/storetest"
)

// twoNodes opens two handles on one fresh database: two nodes, each with
// its own caches.
func twoNodes(t *testing.T, engine string) (a, b *store.DB) {
	t.Helper()
	dsn := storetest.DSN(t, engine)
	a, b = openStore(t, dsn), openStore(t, dsn)
	_, err := a.Migrate(t.Context())
	mustNil(t, err)
	return a, b
}

// TestUserCacheSeesOtherNodesWrites: node A reads a user (filling its
// cache) after each change node B makes, by id and by API token, and must
// see every change.
func TestUserCacheSeesOtherNodesWrites(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			a, b := twoNodes(t, engine)
			team := mustTeam(t, b, "Aikuiset", "Pori")
			other := mustTeam(t, b, "Nuoret", "Ulvila")
			u := mustUser(t, b, "u@example.fi", "U", team.ID)
			token, _, err := b.CreateAPIToken(ctx, u.ID, "node test")
			mustNil(t, err)
			now := time.Now()

			// check reads u on A both ways and hands it to want.
			check := func(step string, want func(*access.User) bool) {
				t.Helper()
				byID, err := a.User(ctx, u.ID)
				mustNil(t, err)
				byToken, err := a.APITokenUser(ctx, token, now)
				mustNil(t, err)
				if !want(byID) || !want(byToken) {
					t.Fatalf("after %s node A reads %+v by id and %+v by token", step, byID, byToken)
				}
			}
			teamNames := func(u *access.User) []string {
				var names []string
				for _, t := range u.Teams {
					names = append(names, t.Name)
				}
				return names
			}
			check("creation", func(got *access.User) bool { return slices.Equal(teamNames(got), []string{"Aikuiset"}) })

			mustNil(t, b.UpdateUserProfile(ctx, u.ID, "Uusi Nimi", access.RoleTeamLead))
			check("a profile change", func(got *access.User) bool { return got.Name == "Uusi Nimi" && got.Role == access.RoleTeamLead })

			mustNil(t, b.SetUserTeams(ctx, u.ID, []string{team.ID, other.ID}))
			check("a team change", func(got *access.User) bool { return slices.Equal(teamNames(got), []string{"Aikuiset", "Nuoret"}) })

			renamed := *other
			renamed.Name, renamed.Municipalities = "Lapset", []string{"Pori", "Ulvila"}
			mustNil(t, b.UpdateTeam(ctx, &renamed))
			check("a team's rename", func(got *access.User) bool {
				return slices.Equal(teamNames(got), []string{"Aikuiset", "Lapset"}) && slices.Equal(got.Teams[1].Municipalities, []string{"Pori", "Ulvila"})
			})

			mustNil(t, b.SetPendingTOTP(ctx, u.ID, "SECRET"))
			mustNil(t, b.EnableTOTP(ctx, u.ID, 1, nil))
			check("enrolment", func(got *access.User) bool { return got.TOTPEnabled })
			mustNil(t, b.ResetTOTP(ctx, u.ID))
			check("a second-factor reset", func(got *access.User) bool { return !got.TOTPEnabled })

			// Deactivation revokes the token: by id the user reads inactive,
			// by token not at all.
			mustNil(t, b.SetActive(ctx, u.ID, false))
			if got, err := a.User(ctx, u.ID); err != nil || got.Active {
				t.Fatalf("after deactivation node A reads %+v, %v", got, err)
			}
			_, err = a.APITokenUser(ctx, token, now)
			wantIs(t, err, kynnys.ErrNotFound)
			mustNil(t, b.SetActive(ctx, u.ID, true))
			if got, err := a.User(ctx, u.ID); err != nil || !got.Active {
				t.Fatalf("after reactivation node A reads %+v, %v", got, err)
			}

			token2, rec2, err := b.CreateAPIToken(ctx, u.ID, "second")
			mustNil(t, err)
			if got, err := a.APITokenUser(ctx, token2, now); err != nil || got.ID != u.ID {
				t.Fatalf("new token on node A: %+v, %v", got, err)
			}
			mustNil(t, b.RevokeAPIToken(ctx, u.ID, rec2.ID))
			_, err = a.APITokenUser(ctx, token2, now)
			wantIs(t, err, kynnys.ErrNotFound)
		})
	}
}

// TestUserCacheConcurrentReadsAreCurrent: while node B renames a user
// again and again, readers on node A never see a name older than the last
// rename that had committed when their read began.
func TestUserCacheConcurrentReadsAreCurrent(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			a, b := twoNodes(t, engine)
			u := mustUser(t, b, "u@example.fi", "0")
			const renames = 30
			var committed atomic.Int64
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for range 4 {
				wg.Go(func() {
					for committed.Load() < renames {
						before := committed.Load()
						got, err := a.User(ctx, u.ID)
						if err != nil {
							errs <- err
							return
						}
						if n, _ := strconv.Atoi(got.Name); int64(n) < before {
							errs <- fmt.Errorf("read name %q after rename %d had committed", got.Name, before)
							return
						}
					}
				})
			}
			for i := 1; i <= renames; i++ {
				mustNil(t, b.UpdateUserProfile(ctx, u.ID, strconv.Itoa(i), access.RoleSocialWorker))
				committed.Store(int64(i))
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		})
	}
}

// A caller changing the user or vocabulary it was handed changes nothing
// that the next caller gets.
func TestCachedValuesAreCopies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		team := mustTeam(t, db, "Aikuiset", "Pori")
		u := mustUser(t, db, "u@example.fi", "U", team.ID)
		first, err := db.User(ctx, u.ID)
		mustNil(t, err)
		first.Name, first.Teams[0].Name, first.Teams[0].Municipalities[0] = "X", "X", "X"
		again, err := db.User(ctx, u.ID)
		mustNil(t, err)
		if again.Name != "U" || again.Teams[0].Name != "Aikuiset" || again.Teams[0].Municipalities[0] != "Pori" {
			t.Fatalf("a caller's change reached the cache: %+v", again)
		}

		v, err := db.Vocabulary(ctx)
		mustNil(t, err)
		code := v.Entries[0].Code
		v.Entries[0].Code, v.Entries[0].Active = "changed", false
		v.Entries = v.Entries[:1]
		v2, err := db.Vocabulary(ctx)
		mustNil(t, err)
		if len(v2.Entries) != len(encounter.DefaultVocabulary) || v2.Entries[0].Code != code || !v2.Entries[0].Active {
			t.Fatalf("a caller's change reached the cache: %d entries, first %+v", len(v2.Entries), v2.Entries[0])
		}
	})
}

// TestVocabularyCacheSeesOtherNodesWrites: an entry added or retired on
// node B is known, or retired, on node A at once.
func TestVocabularyCacheSeesOtherNodesWrites(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			a, b := twoNodes(t, engine)
			active := func(code string) (known, active bool) {
				t.Helper()
				v, err := a.Vocabulary(ctx)
				mustNil(t, err)
				return v.Known(encounter.KindTopic, code), v.Active(encounter.KindTopic, code)
			}
			if known, _ := active("gambling"); known {
				t.Fatal("gambling is known before it is added")
			}
			mustNil(t, b.AddVocabularyEntry(ctx, encounter.Entry{Kind: encounter.KindTopic, Code: "gambling",
				Label: directory.Localized{FI: "Rahapelit", SV: "Penningspel", EN: "Gambling"}}))
			if known, on := active("gambling"); !known || !on {
				t.Fatalf("after node B adds it, node A: known %v, active %v", known, on)
			}
			mustNil(t, b.SetVocabularyActive(ctx, encounter.KindTopic, "gambling", false))
			if known, on := active("gambling"); !known || on {
				t.Fatalf("after node B retires it, node A: known %v, active %v", known, on)
			}
			mustNil(t, b.SetVocabularyActive(ctx, encounter.KindTopic, "gambling", true))
			if _, on := active("gambling"); !on {
				t.Fatal("after node B restores it, node A has it retired")
			}
		})
	}
}

// TestServicePointTeamSeesOtherNodesWrites: the team of a point, as node A
// tells it from its cached directory, follows node B's changes.
func TestServicePointTeamSeesOtherNodesWrites(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			a, b := twoNodes(t, engine)
			team, other := mustTeam(t, b, "Aikuiset", "Pori"), mustTeam(t, b, "Nuoret", "Pori")
			_, err := a.ServicePointTeam(ctx, store.NewID())
			wantIs(t, err, kynnys.ErrNotFound)

			p := newPoint("Pori", team.ID)
			mustNil(t, b.CreateServicePoint(ctx, p, directory.Editor{}))
			wantTeam := func(step, want string) {
				t.Helper()
				got, err := a.ServicePointTeam(ctx, p.ID)
				if err != nil || got != want {
					t.Fatalf("after %s node A reads team %q (%v), want %q", step, got, err, want)
				}
			}
			wantTeam("creation", team.ID)
			p.TeamID = other.ID
			mustNil(t, b.UpdateServicePoint(ctx, p, directory.Editor{}))
			wantTeam("a move to another team", other.ID)
			p.TeamID = ""
			mustNil(t, b.UpdateServicePoint(ctx, p, directory.Editor{}))
			wantTeam("a move to the whole county", "")
			mustNil(t, b.DeleteServicePoint(ctx, p.ID))
			_, err = a.ServicePointTeam(ctx, p.ID)
			wantIs(t, err, kynnys.ErrNotFound)
		})
	}
}
