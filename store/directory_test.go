package store_test

import (
	"database/sql"
	"encoding/json"
	"testing"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
	"kynnys/store"
	"kynnys/store/storetest"
)

// newPoint is a valid service point with everything the document holds.
func newPoint(municipality, teamID string) *directory.ServicePoint {
	lat, lon := 61.4851, 21.7974
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	return &directory.ServicePoint{
		Kind: directory.KindMeetingPlace, TeamID: teamID, Municipality: municipality,
		Name:         directory.Localized{FI: "Olohuone", SV: "Vardagsrum", EN: "Living room"},
		Description:  directory.Localized{FI: "Kohtaamispaikka", SV: "Mötesplats", EN: "Meeting place"},
		Organization: "Satakunnan hyvinvointialue",
		Address:      directory.Address{Street: "Antinkatu 1", PostalCode: "28100", City: municipality, Lat: &lat, Lon: &lon},
		Phone:        "02 123 4567",
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge}, Topics: []string{"debt"},
		StaffRoles: []string{"social_counsellor"}, Languages: []string{"fi"},
		AnonymousOK: true, Free: true, NoReferralNeeded: true, ClosedOnPublicHolidays: true,
		Hours: []directory.WeeklyHours{{Days: weekdays, Opens: 9 * 60, Closes: 15 * 60}},
		Exceptions: []directory.Exception{{Date: calendar.Date{Year: 2026, Month: time.December, Day: 24}, Opens: 10 * 60, Closes: 14 * 60,
			Note: directory.Localized{FI: "Jouluaatto"}}},
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	mustNil(t, err)
	return string(b)
}

func pointIDs(points []directory.ServicePoint) []string {
	ids := make([]string, len(points))
	for i, p := range points {
		ids[i] = p.ID
	}
	return ids
}

func TestServicePointCreateAndGet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		team := mustTeam(t, db, "Porin tiimi", "Pori")
		sp := newPoint("Pori", team.ID)
		before := time.Now().Add(-time.Second)
		mustNil(t, db.CreateServicePoint(ctx, sp, directory.Editor{UserID: "u1", Name: "Aino Admin"}))
		wantUUIDv7(t, sp.ID)
		if sp.CreatedAt.IsZero() || !sp.UpdatedAt.Equal(sp.CreatedAt) || sp.CreatedAt.Before(before) || sp.CreatedAt.After(time.Now()) {
			t.Fatalf("timestamps created %v updated %v, want both set to now", sp.CreatedAt, sp.UpdatedAt)
		}

		got, err := db.ServicePoint(ctx, sp.ID)
		mustNil(t, err)
		if a, b := jsonOf(t, got), jsonOf(t, sp); a != b {
			t.Fatalf("loaded point differs:\n got %s\nwant %s", a, b)
		}
		if got.TeamID != team.ID || !got.CreatedAt.Equal(sp.CreatedAt) {
			t.Errorf("loaded team %q created %v", got.TeamID, got.CreatedAt)
		}

		hist, err := db.ServicePointHistory(ctx, sp.ID)
		mustNil(t, err)
		if len(hist) != 1 || hist[0].Version != 1 || hist[0].By.Name != "Aino Admin" || hist[0].By.UserID != "u1" ||
			!hist[0].ChangedAt.Equal(sp.CreatedAt) || hist[0].Point.ID != sp.ID {
			t.Fatalf("history = %+v, want version 1 by Aino Admin", hist)
		}

		_, err = db.ServicePoint(ctx, store.NewID())
		wantIs(t, err, kynnys.ErrNotFound)
		_, err = db.ServicePointHistory(ctx, store.NewID())
		wantIs(t, err, kynnys.ErrNotFound)
	})
}

func TestServicePointValidationStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		sp := newPoint("Pori", "")
		sp.Hours[0].Closes = 8 * 60
		wantField(t, db.CreateServicePoint(ctx, sp, directory.Editor{Name: "x"}), "hours[0].closes")
		if sp.ID != "" {
			t.Errorf("an invalid point got id %q", sp.ID)
		}
		points, err := db.ServicePoints(ctx, directory.Filter{})
		mustNil(t, err)
		if len(points) != 0 {
			t.Fatalf("an invalid point was stored: %v", pointIDs(points))
		}

		// An invalid update leaves the stored version as it was.
		ok := newPoint("Pori", "")
		mustNil(t, db.CreateServicePoint(ctx, ok, directory.Editor{Name: "x"}))
		bad := *ok
		bad.Municipality = " "
		wantField(t, db.UpdateServicePoint(ctx, &bad, directory.Editor{Name: "y"}), "municipality")
		got, err := db.ServicePoint(ctx, ok.ID)
		mustNil(t, err)
		if got.Municipality != "Pori" {
			t.Errorf("municipality %q after a refused update", got.Municipality)
		}
		hist, err := db.ServicePointHistory(ctx, ok.ID)
		mustNil(t, err)
		if len(hist) != 1 {
			t.Errorf("%d versions after a refused update, want 1", len(hist))
		}
	})
}

func TestServicePointUpdateKeepsHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		sp := newPoint("Pori", "")
		mustNil(t, db.CreateServicePoint(ctx, sp, directory.Editor{UserID: "u1", Name: "Aino Admin"}))
		created := sp.CreatedAt

		upd := *sp
		upd.Name = directory.Localized{FI: "Uusi olohuone"}
		upd.Hours = []directory.WeeklyHours{{Days: []time.Weekday{time.Monday}, Opens: 12 * 60, Closes: 16 * 60}}
		upd.CreatedAt = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // the caller cannot move it
		mustNil(t, db.UpdateServicePoint(ctx, &upd, directory.Editor{UserID: "u2", Name: "Bertta Lead"}))
		if !upd.CreatedAt.Equal(created) || upd.UpdatedAt.Before(created) {
			t.Errorf("after update created %v updated %v, want created %v kept", upd.CreatedAt, upd.UpdatedAt, created)
		}

		got, err := db.ServicePoint(ctx, sp.ID)
		mustNil(t, err)
		if a, b := jsonOf(t, got), jsonOf(t, &upd); a != b {
			t.Fatalf("loaded point differs:\n got %s\nwant %s", a, b)
		}

		hist, err := db.ServicePointHistory(ctx, sp.ID)
		mustNil(t, err)
		if len(hist) != 2 {
			t.Fatalf("%d versions, want 2", len(hist))
		}
		newest, oldest := hist[0], hist[1]
		if newest.Version != 2 || newest.By != (directory.Editor{UserID: "u2", Name: "Bertta Lead"}) || newest.Point.Name.FI != "Uusi olohuone" {
			t.Errorf("newest = version %d by %+v, name %q", newest.Version, newest.By, newest.Point.Name.FI)
		}
		if oldest.Version != 1 || oldest.By != (directory.Editor{UserID: "u1", Name: "Aino Admin"}) || oldest.Point.Name.FI != "Olohuone" ||
			len(oldest.Point.Hours) != 1 || oldest.Point.Hours[0].Opens != 9*60 {
			t.Errorf("oldest = version %d by %+v, name %q", oldest.Version, oldest.By, oldest.Point.Name.FI)
		}
		if newest.ChangedAt.Before(oldest.ChangedAt) {
			t.Errorf("newest changed %v before oldest %v", newest.ChangedAt, oldest.ChangedAt)
		}

		// A third save bumps the version again.
		mustNil(t, db.UpdateServicePoint(ctx, &upd, directory.Editor{Name: "Cecilia"}))
		hist, err = db.ServicePointHistory(ctx, sp.ID)
		mustNil(t, err)
		if len(hist) != 3 || hist[0].Version != 3 || hist[0].By.Name != "Cecilia" || hist[2].Version != 1 {
			t.Errorf("after a third save: %d versions, newest %d by %q", len(hist), hist[0].Version, hist[0].By.Name)
		}

		missing := newPoint("Pori", "")
		missing.ID = store.NewID()
		wantIs(t, db.UpdateServicePoint(ctx, missing, directory.Editor{Name: "x"}), kynnys.ErrNotFound)
		_, err = db.ServicePointHistory(ctx, missing.ID)
		wantIs(t, err, kynnys.ErrNotFound)
	})
}

func TestServicePointsFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		var created []*directory.ServicePoint
		for _, m := range []string{"Turku", "Pori", "Turku"} {
			sp := newPoint(m, "")
			mustNil(t, db.CreateServicePoint(ctx, sp, directory.Editor{Name: "x"}))
			created = append(created, sp)
		}
		turku1, pori, turku2 := created[0], created[1], created[2]

		for _, tc := range []struct {
			name string
			f    directory.Filter
			want []string
		}{
			{"all, by municipality then creation", directory.Filter{}, []string{pori.ID, turku1.ID, turku2.ID}},
			{"one municipality", directory.Filter{Municipality: "Turku"}, []string{turku1.ID, turku2.ID}},
			{"a municipality without points", directory.Filter{Municipality: "Rauma"}, nil},
			{"modified after the first", directory.Filter{ModifiedAfter: turku1.UpdatedAt}, []string{pori.ID, turku2.ID}},
			{"modified after the last", directory.Filter{ModifiedAfter: turku2.UpdatedAt}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := db.ServicePoints(ctx, tc.f)
				mustNil(t, err)
				if ids := pointIDs(got); !equalStrings(ids, tc.want) {
					t.Errorf("ids %v, want %v", ids, tc.want)
				}
			})
		}

		// Updating a point makes it "modified" again.
		cut := turku2.UpdatedAt
		time.Sleep(2 * time.Millisecond)
		mustNil(t, db.UpdateServicePoint(ctx, turku1, directory.Editor{Name: "x"}))
		got, err := db.ServicePoints(ctx, directory.Filter{ModifiedAfter: cut})
		mustNil(t, err)
		if ids := pointIDs(got); !equalStrings(ids, []string{turku1.ID}) {
			t.Errorf("modified after the update: %v, want only %s", ids, turku1.ID)
		}
		got, err = db.ServicePoints(ctx, directory.Filter{Municipality: "Pori", ModifiedAfter: cut})
		mustNil(t, err)
		if len(got) != 0 {
			t.Errorf("Pori modified after the update: %v, want none", pointIDs(got))
		}
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestServicePointDeleteCascadesHistory(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			db, dsn := openMigrated(t, engine)
			keep, gone := newPoint("Pori", ""), newPoint("Pori", "")
			mustNil(t, db.CreateServicePoint(ctx, keep, directory.Editor{Name: "x"}))
			mustNil(t, db.CreateServicePoint(ctx, gone, directory.Editor{Name: "x"}))
			mustNil(t, db.UpdateServicePoint(ctx, gone, directory.Editor{Name: "y"}))

			mustNil(t, db.DeleteServicePoint(ctx, gone.ID))
			_, err := db.ServicePoint(ctx, gone.ID)
			wantIs(t, err, kynnys.ErrNotFound)
			_, err = db.ServicePointHistory(ctx, gone.ID)
			wantIs(t, err, kynnys.ErrNotFound)
			raw := openFKRaw(t, engine, dsn)
			var n int
			mustNil(t, raw.QueryRow("SELECT COUNT(*) FROM service_point_history WHERE service_point_id = $1", gone.ID).Scan(&n))
			if n != 0 {
				t.Errorf("%d history rows left after delete", n)
			}
			wantIs(t, db.DeleteServicePoint(ctx, gone.ID), kynnys.ErrNotFound)

			// The other point and its history are untouched.
			hist, err := db.ServicePointHistory(ctx, keep.ID)
			mustNil(t, err)
			if len(hist) != 1 {
				t.Errorf("other point has %d versions, want 1", len(hist))
			}
		})
	}
}

// openFKRaw is a raw connection that, on SQLite, enforces foreign keys the
// way the store's own connections do, so ON DELETE actions run.
func openFKRaw(t *testing.T, engine, dsn string) *sql.DB {
	t.Helper()
	if engine == "postgres" {
		return openRaw(t, engine, dsn)
	}
	raw, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
	mustNil(t, err)
	t.Cleanup(func() { raw.Close() })
	return raw
}

func TestServicePointTeamDeleted(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := t.Context()
			db, dsn := openMigrated(t, engine)
			team := mustTeam(t, db, "Lakkautettu tiimi", "Pori")
			mustUser(t, db, "lead@example.fi", "Lead", team.ID)
			sp := newPoint("Pori", team.ID)
			mustNil(t, db.CreateServicePoint(ctx, sp, directory.Editor{Name: "x"}))

			// The store has no way to delete a team; an operator may.
			raw := openFKRaw(t, engine, dsn)
			rawExec(t, raw, "DELETE FROM teams WHERE id = $1", team.ID)
			var teamID sql.NullString
			mustNil(t, raw.QueryRow("SELECT team_id FROM service_points WHERE id = $1", sp.ID).Scan(&teamID))
			if teamID.Valid {
				t.Fatalf("team_id = %q after the team was deleted, want NULL", teamID.String)
			}

			got, err := db.ServicePoint(ctx, sp.ID)
			mustNil(t, err)
			if got.TeamID != "" || got.Name.FI != "Olohuone" {
				t.Errorf("loaded point has team %q, name %q; want no team", got.TeamID, got.Name.FI)
			}
			list, err := db.ServicePoints(ctx, directory.Filter{})
			mustNil(t, err)
			if len(list) != 1 || list[0].TeamID != "" {
				t.Errorf("listed points %v, want one without a team", pointIDs(list))
			}
			// It can still be saved: no reference to the deleted team remains.
			mustNil(t, db.UpdateServicePoint(ctx, got, directory.Editor{Name: "Admin"}))
		})
	}
}
