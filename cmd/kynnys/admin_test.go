package main

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
	"kynnys/intake"
	"kynnys/store"
	"kynnys/store/storetest"
)

// testPassword is long enough for the policy and distinctive enough that
// finding it in any output is a leak, not a coincidence.
const testPassword = "Kynnys-salasana-7f3a9c"

func wantUUIDv7(t *testing.T, s string) {
	t.Helper()
	u, err := uuid.Parse(s)
	if err != nil {
		t.Fatalf("%q is not a UUID: %v", s, err)
	}
	if u.Version() != 7 || u.String() != s {
		t.Fatalf("%q is not a canonical UUIDv7 (version %d)", s, u.Version())
	}
}

func teamIDs(teams []access.Team) []string {
	ids := make([]string, len(teams))
	for i, t := range teams {
		ids[i] = t.ID
	}
	slices.Sort(ids)
	return ids
}

func TestTeamCreate(t *testing.T) {
	eachEngine(t, func(t *testing.T, dsn string) {
		out := mustRun(t, "", "team", "create", "--db", dsn, "--name", "Satakunta: Porin seutu",
			"--municipalities", "Pori,Harjavalta", "--target-groups", "working_age,families")
		id := lastLine(out)
		wantUUIDv7(t, id)

		db := openStore(t, dsn)
		team, err := db.Team(t.Context(), id)
		if err != nil {
			t.Fatalf("the printed id does not find the team: %v", err)
		}
		if team.Name != "Satakunta: Porin seutu" {
			t.Errorf("name = %q", team.Name)
		}
		if muns := slices.Sorted(slices.Values(team.Municipalities)); !slices.Equal(muns, []string{"Harjavalta", "Pori"}) {
			t.Errorf("municipalities = %q, want Harjavalta and Pori", team.Municipalities)
		}
		if want := []access.TargetGroup{access.TargetWorkingAge, access.TargetFamilies}; !slices.Equal(team.TargetGroups, want) {
			t.Errorf("target groups = %q, want %q", team.TargetGroups, want)
		}
		if list := mustRun(t, "", "team", "list", "--db", dsn); !strings.Contains(list, id+"\tSatakunta: Porin seutu\t") {
			t.Errorf("team list does not show the team:\n%s", list)
		}

		// Failures create nothing and say why; names are unique in any case.
		for _, tt := range []struct {
			name   string
			args   []string
			code   int
			stderr string
		}{
			{"duplicate name", []string{"--name", "SATAKUNTA: PORIN SEUTU"}, 1, "already exists"},
			{"unknown target group", []string{"--name", "Uusi", "--target-groups", "working_age,pets"}, 2, "invalid --target-groups"},
			{"missing name", []string{"--municipalities", "Pori"}, 2, "invalid --name"},
			{"blank name", []string{"--name", "   "}, 2, "invalid --name"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				code, stdout, stderr := runKynnys(t, "", append([]string{"team", "create", "--db", dsn}, tt.args...)...)
				if code != tt.code || !strings.Contains(stderr, tt.stderr) {
					t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tt.code, tt.stderr)
				}
				if stdout != "" {
					t.Errorf("stdout = %q, want nothing on failure", stdout)
				}
			})
		}
		if teams, err := db.Teams(t.Context()); err != nil || len(teams) != 1 {
			t.Errorf("after the failures: %d teams (%v), want 1", len(teams), err)
		}
	})
}

func TestUserCreate(t *testing.T) {
	eachEngine(t, func(t *testing.T, dsn string) {
		salo := lastLine(mustRun(t, "", "team", "create", "--db", dsn, "--name", "Salo-Somero", "--municipalities", "Salo,Somero"))
		vakka := lastLine(mustRun(t, "", "team", "create", "--db", dsn, "--name", "Vakka-Suomi", "--municipalities", "Laitila"))

		// One team by id, one by name in another case.
		out := mustRun(t, testPassword+"\n", "user", "create", "--db", dsn, "--email", " Sanna.Sosiaali@Example.FI ",
			"--name", "Sanna Sosiaali", "--role", "social_worker", "--team", salo, "--team", "vakka-suomi", "--password-stdin")
		if strings.Contains(out, testPassword) {
			t.Fatalf("the password is in the output:\n%s", out)
		}
		id := lastLine(out)
		wantUUIDv7(t, id)

		db := openStore(t, dsn)
		u, err := db.UserByEmail(t.Context(), "sanna.sosiaali@example.fi")
		if err != nil {
			t.Fatalf("user not stored under the normalised email: %v", err)
		}
		if u.ID != id || u.Name != "Sanna Sosiaali" || u.Role != access.RoleSocialWorker || !u.Active || u.TOTPEnabled {
			t.Errorf("stored user %+v; want id %s, social_worker, active, TOTP not enrolled", u, id)
		}
		if got, want := teamIDs(u.Teams), slices.Sorted(slices.Values([]string{salo, vakka})); !slices.Equal(got, want) {
			t.Errorf("teams = %v, want %v", got, want)
		}
		creds, err := db.CredentialsByUser(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if creds.TOTPEnabled || creds.TOTPSecret != "" {
			t.Error("a new user must enrol the second factor at first sign-in, but one is set")
		}
		if ok, _, err := access.CheckPassword(creds.PasswordHash, testPassword); err != nil || !ok {
			t.Errorf("the stored hash does not match the password given on stdin (%v)", err)
		}

		// Only the first line of stdin is the password; a CRLF ending is no part of it.
		out = mustRun(t, testPassword+"\r\nsomething else\n", "user", "create", "--db", dsn, "--email", "aino@example.fi",
			"--name", "Aino Ylläpitäjä", "--role", "admin", "--password-stdin")
		creds, err = db.CredentialsByUser(t.Context(), lastLine(out))
		if err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := access.CheckPassword(creds.PasswordHash, testPassword); !ok {
			t.Error("a CRLF-terminated password line was not stored as the line without CRLF")
		}

		list := mustRun(t, "", "user", "list", "--db", dsn)
		if !strings.Contains(list, id+"\tsanna.sosiaali@example.fi\tSanna Sosiaali\tsocial_worker\tactive\tSalo-Somero; Vakka-Suomi\n") {
			t.Errorf("user list does not show the user with teams:\n%s", list)
		}

		// The same email again, in another case: refused, nothing added.
		code, stdout, stderr := runKynnys(t, testPassword+"\n", "user", "create", "--db", dsn, "--email", "SANNA.SOSIAALI@example.fi",
			"--name", "Toinen Sanna", "--role", "partner", "--password-stdin")
		if code == 0 || !strings.Contains(stderr, "already exists") {
			t.Errorf("duplicate email: exit %d, stderr %q; want a failure saying it exists", code, stderr)
		}
		if strings.Contains(stdout+stderr, testPassword) {
			t.Error("the password is in the output of a failed create")
		}
		if n, err := db.CountUsers(t.Context()); err != nil || n != 2 {
			t.Errorf("%d users (%v), want 2", n, err)
		}
	})
}

func TestUserCreateRejects(t *testing.T) {
	eachEngine(t, func(t *testing.T, dsn string) {
		mustRun(t, "", "team", "create", "--db", dsn, "--name", "Kokkola")
		db := openStore(t, dsn)
		const email, role, stdin = "liisa@example.fi", "health_professional", testPassword + "\n"
		tests := []struct {
			name    string
			email   string
			role    string
			team    string
			pwStdin bool
			stdin   string
			stderr  string
		}{
			{"unknown role", email, "superuser", "", true, stdin, "invalid --role"},
			{"no role", email, "", "", true, stdin, "invalid --role"},
			{"email without at", "liisa.example.fi", role, "", true, stdin, "invalid --email"},
			{"email with space", "liisa la@example.fi", role, "", true, stdin, "invalid --email"},
			{"no email", " ", role, "", true, stdin, "invalid --email"},
			{"unknown team name", email, role, "Kokkola-Kannus", true, stdin, `no team "Kokkola-Kannus"`},
			{"unknown team id", email, role, store.NewID(), true, stdin, "no team"},
			{"no --password-stdin", email, role, "", false, stdin, "--password-stdin is required"},
			{"password too short", email, role, "", true, "Lyhyt-sana1\n", "too short"},
			{"empty stdin", email, role, "", true, "", "too short"},
			{"control character", email, role, "", true, "Kynnys\x7fsalasana-7f3a9c\n", "invalid characters"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				args := []string{"user", "create", "--db", dsn, "--email", tt.email, "--name", "Liisa Lähihoitaja", "--role", tt.role}
				if tt.team != "" {
					args = append(args, "--team", tt.team)
				}
				if tt.pwStdin {
					args = append(args, "--password-stdin")
				}
				code, stdout, stderr := runKynnys(t, tt.stdin, args...)
				if code != 2 {
					t.Errorf("exit %d, want 2 (a usage error)", code)
				}
				if !strings.Contains(stderr, tt.stderr) {
					t.Errorf("stderr = %q, want it to say %q", stderr, tt.stderr)
				}
				if secret := strings.TrimRight(tt.stdin, "\r\n"); secret != "" && strings.Contains(stdout+stderr, secret) {
					t.Errorf("the password is in the output:\nstdout: %s\nstderr: %s", stdout, stderr)
				}
				if n, err := db.CountUsers(t.Context()); err != nil || n != 0 {
					t.Errorf("%d users exist (%v), want none", n, err)
				}
			})
		}
	})
}

func TestTokenCreate(t *testing.T) {
	eachEngine(t, func(t *testing.T, dsn string) {
		uid := lastLine(mustRun(t, testPassword+"\n", "user", "create", "--db", dsn, "--email", "kalle@example.fi",
			"--name", "Kalle Kumppani", "--role", "partner", "--password-stdin"))
		out := mustRun(t, "", "token", "create", "--db", dsn, "--user", "KALLE@example.fi", "--name", " Integraatio ")
		token := lastLine(out)
		if !strings.HasPrefix(token, access.APITokenPrefix) || len(token) < len(access.APITokenPrefix)+32 {
			t.Fatalf("last line %q does not look like an API token", token)
		}

		db := openStore(t, dsn)
		got, err := db.APITokenUser(t.Context(), token, time.Now())
		if err != nil || got.ID != uid {
			t.Fatalf("the token authenticates %+v (%v), want the user %s", got, err, uid)
		}
		tokens, err := db.APITokens(t.Context(), uid)
		if err != nil || len(tokens) != 1 || tokens[0].Name != "Integraatio" {
			t.Fatalf("tokens = %+v (%v), want one named Integraatio", tokens, err)
		}
		if second := lastLine(mustRun(t, "", "token", "create", "--db", dsn, "--user", "kalle@example.fi", "--name", "Toinen")); second == token {
			t.Error("two tokens are the same")
		}

		// Refusals print no token and store none.
		inactive := lastLine(mustRun(t, testPassword+"\n", "user", "create", "--db", dsn, "--email", "poissa@example.fi",
			"--name", "Pekka Poissa", "--role", "analyst", "--password-stdin"))
		if err := db.SetActive(t.Context(), inactive, false); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name   string
			args   []string
			stderr string
		}{
			{"unknown user", []string{"--user", "nobody@example.fi", "--name", "x"}, "no user with that email"},
			{"no user", []string{"--name", "x"}, "--user and --name are required"},
			{"no name", []string{"--user", "kalle@example.fi"}, "--user and --name are required"},
			{"blank name", []string{"--user", "kalle@example.fi", "--name", "  "}, "--user and --name are required"},
			{"deactivated user", []string{"--user", "poissa@example.fi", "--name", "x"}, "deactivated"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				code, stdout, stderr := runKynnys(t, "", append([]string{"token", "create", "--db", dsn}, tt.args...)...)
				if code != 2 || !strings.Contains(stderr, tt.stderr) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.stderr)
				}
				if strings.Contains(stdout, access.APITokenPrefix) {
					t.Errorf("a token was printed: %q", stdout)
				}
			})
		}
		for u, want := range map[string]int{uid: 2, inactive: 0} {
			if tokens, err := db.APITokens(t.Context(), u); err != nil || len(tokens) != want {
				t.Errorf("user %s has %d tokens (%v) after the refusals, want %d", u, len(tokens), err, want)
			}
		}
	})
}

// appendLog appends entries to the access log as the web layer would.
func appendLog(t *testing.T, db *store.DB, entries ...*access.LogEntry) {
	t.Helper()
	for _, e := range entries {
		if err := db.AppendAccessLog(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAccessLogVerify(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, engine)
			db := openStore(t, dsn)
			if out := mustRun(t, "", "accesslog", "verify", "--db", dsn); !strings.Contains(out, "verified: 0 entries") {
				t.Errorf("empty log: %q", out)
			}

			person := store.NewID()
			for i := range 3 {
				appendLog(t, db, &access.LogEntry{UserID: store.NewID(), UserName: "Sanna Sosiaali", OrgUnit: "Salo-Somero",
					PersonID: person, Action: access.LogView, Purpose: fmt.Sprintf("Palvelutarpeen arviointi %d", i),
					Route: "GET /people/{id}", RequestID: fmt.Sprintf("req-%d", i)})
			}
			seq, head, err := db.AccessLogHead(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			out := mustRun(t, "", "accesslog", "verify", "--db", dsn)
			if want := fmt.Sprintf("verified: 3 entries, head %d %s", seq, head); !strings.Contains(out, want) {
				t.Errorf("intact log: %q, want %q", out, want)
			}

			tamper(t, engine, dsn, "UPDATE access_log SET purpose = 'Jotain muuta' WHERE seq = 2")
			code, stdout, stderr := runKynnys(t, "", "accesslog", "verify", "--db", dsn)
			if code == 0 {
				t.Fatalf("a changed entry verified: %q", stdout)
			}
			if !strings.Contains(stderr, "does NOT verify") || !strings.Contains(stderr, "entry 2") {
				t.Errorf("stderr = %q, want it to name entry 2 as broken", stderr)
			}
		})
	}
}

// tamper changes the access log behind Kynnys's back, as someone with the
// database itself could: the append-only triggers go first.
func tamper(t *testing.T, engine, dsn, update string) {
	t.Helper()
	driver, raw, disable := "sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)", "DROP TRIGGER access_log_no_update"
	if engine == "postgres" {
		driver, raw, disable = "pgx", dsn, "ALTER TABLE access_log DISABLE TRIGGER USER"
	}
	db, err := sql.Open(driver, raw)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The trigger is what stops the application; check it does before going round it.
	if _, err := db.Exec(update); err == nil {
		t.Fatal("the access log accepted an UPDATE with its triggers in place")
	}
	if _, err := db.Exec(disable); err != nil {
		t.Fatalf("%s: %v", disable, err)
	}
	res, err := db.Exec(update)
	if err != nil {
		t.Fatalf("%s: %v", update, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("tampering changed %d rows (%v), want 1", n, err)
	}
}

// lastOn returns the most recent 10:00 UTC on month/day before now: within
// the past year, so inside the extract's default two-year window.
func lastOn(now time.Time, month time.Month, day int) time.Time {
	t := time.Date(now.Year(), month, day, 10, 0, 0, 0, time.UTC)
	if t.After(now) {
		t = t.AddDate(-1, 0, 0)
	}
	return t
}

func TestAccessLogExtract(t *testing.T) {
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	eachEngine(t, func(t *testing.T, dsn string) {
		db := openStore(t, dsn)
		now := time.Now()
		person, other := store.NewID(), store.NewID()
		winter := &access.LogEntry{At: lastOn(now, time.January, 15), UserID: store.NewID(), UserName: "Sanna Sosiaali",
			OrgUnit: "Salo-Somero", PersonID: person, Action: access.LogView,
			Purpose: `Palvelutarpeen arviointi, "kiireellinen"`, Route: "GET /people/{id}", RequestID: "r1"}
		summer := &access.LogEntry{At: lastOn(now, time.July, 15), UserID: store.NewID(), UserName: "Olli Ohjaaja",
			OrgUnit: "Salo-Somero; Vakka-Suomi", PersonID: person, Action: access.LogUpdate,
			Purpose: "Asiakassuunnitelma", Route: "POST /people/{id}", RequestID: "r2"}
		someoneElse := &access.LogEntry{At: summer.At.Add(time.Hour), UserID: store.NewID(), UserName: "Eeva Esihenkilö",
			OrgUnit: "Pori", PersonID: other, Action: access.LogView, Purpose: "Toinen asiakas", Route: "GET /people/{id}", RequestID: "r3"}
		old := &access.LogEntry{At: now.AddDate(-3, 0, 0).Truncate(time.Second), UserID: store.NewID(), UserName: "Liisa Lähihoitaja",
			OrgUnit: "Hämeenlinna", PersonID: person, Action: access.LogPrint, Purpose: "Vanha tuloste", Route: "GET /people/{id}/print", RequestID: "r4"}
		appendLog(t, db, summer, someoneElse, winter, old)

		byTime := []*access.LogEntry{winter, summer}
		if summer.At.Before(winter.At) {
			byTime = []*access.LogEntry{summer, winter}
		}
		offsets := map[*access.LogEntry]string{winter: "+02:00", summer: "+03:00"}

		// Default window: two years back, this person only, oldest first.
		rows := extract(t, "--db", dsn, "--person", person)
		wantRows(t, rows, helsinki, byTime...)
		for i, e := range byTime {
			if !strings.HasSuffix(rows[i][0], offsets[e]) {
				t.Errorf("time %q, want Helsinki offset %s", rows[i][0], offsets[e])
			}
		}

		// --since is a date in Helsinki: from the later entry's day on.
		later := byTime[1]
		wantRows(t, extract(t, "--db", dsn, "--person", person, "--since", later.At.In(helsinki).Format(time.DateOnly)), helsinki, later)
		// Far enough back, the old entry is in too.
		since := old.At.In(helsinki).AddDate(0, 0, -1).Format(time.DateOnly)
		wantRows(t, extract(t, "--db", dsn, "--person", person, "--since", since), helsinki, old, byTime[0], byTime[1])
		wantRows(t, extract(t, "--db", dsn, "--person", store.NewID()), helsinki)

		for _, tt := range []struct {
			name   string
			args   []string
			stderr string
		}{
			{"no person", []string{"--db", dsn}, "--person is required"},
			{"bad since", []string{"--db", dsn, "--person", person, "--since", "15.1.2025"}, "--since must be a date"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				code, _, stderr := runKynnys(t, "", append([]string{"accesslog", "extract"}, tt.args...)...)
				if code != 2 || !strings.Contains(stderr, tt.stderr) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.stderr)
				}
			})
		}
	})
}

// TestAccessLogExtractResolves: an intake item's subject is found by the
// item's id and by the identity code (in any letter case), as well as by
// the person id the log is kept under; two items with one code are one person.
func TestAccessLogExtractResolves(t *testing.T) {
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	eachEngine(t, func(t *testing.T, dsn string) {
		db := openStore(t, dsn)
		code := "150349-123P"
		now := time.Now().Add(-time.Hour).Truncate(time.Second)
		newItem := func(h string) *intake.Item {
			it := &intake.Item{Kind: intake.KindPhone, Source: intake.SourceStaff, OpenedAt: now, RecordedAt: now,
				Municipality: "Pori", TargetGroup: access.TargetElderly, Subject: intake.Subject{Name: "Maija", Hetu: h},
				Concern: "Soitti", Triage: intake.Triage{Status: intake.StatusReceived}}
			if err := db.CreateIntakeItem(t.Context(), it, nil); err != nil {
				t.Fatal(err)
			}
			return it
		}
		first, second, other := newItem(code), newItem(code), newItem("")
		if first.PersonID == "" || first.PersonID != second.PersonID || other.PersonID == first.PersonID {
			t.Fatalf("person ids %q, %q, %q: want the first two alike and the third its own", first.PersonID, second.PersonID, other.PersonID)
		}
		read := &access.LogEntry{At: now, UserID: store.NewID(), UserName: "Sanna Sosiaali", OrgUnit: "Salo-Somero",
			PersonID: first.PersonID, Action: access.LogView, Purpose: "triage", Route: "GET /api/v1/contacts/{id}", RequestID: "r1"}
		update := &access.LogEntry{At: now.Add(time.Minute), UserID: store.NewID(), UserName: "Eeva Esihenkilö", OrgUnit: "Salo-Somero",
			PersonID: second.PersonID, Action: access.LogUpdate, Purpose: "triage", Route: "POST /intake/items/{id}/urgency", RequestID: "r2"}
		unrelated := &access.LogEntry{At: now, UserID: store.NewID(), UserName: "Olli Ohjaaja", OrgUnit: "Pori",
			PersonID: other.PersonID, Action: access.LogView, Purpose: "triage", Route: "GET /intake/items/{id}", RequestID: "r3"}
		appendLog(t, db, update, unrelated, read)

		for _, key := range []string{first.PersonID, first.ID, second.ID, code, strings.ToLower(code), " " + code + " "} {
			wantRows(t, extract(t, "--db", dsn, "--person", key), helsinki, read, update)
		}
		wantRows(t, extract(t, "--db", dsn, "--person", other.ID), helsinki, unrelated)
		wantRows(t, extract(t, "--db", dsn, "--person", "010180-1232"), helsinki)
	})
}

// TestAccessLogExtractByCase: a client's extract is found by the id of one
// of their cases, as well as by the client's id and identity code.
func TestAccessLogExtractByCase(t *testing.T) {
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	eachEngine(t, func(t *testing.T, dsn string) {
		db := openStore(t, dsn)
		ctx := t.Context()
		now := time.Now().Add(-time.Hour).Truncate(time.Second)
		team := &access.Team{Name: "Aikuissosiaalityö", TargetGroups: []access.TargetGroup{access.TargetWorkingAge}}
		if err := db.CreateTeam(ctx, team); err != nil {
			t.Fatal(err)
		}
		worker, err := db.CreateUser(ctx, access.NewUser{Email: "wilma@example.fi", Name: "Wilma Worker",
			Role: access.RoleSocialWorker, TeamIDs: []string{team.ID}, PasswordHash: "hash"})
		if err != nil {
			t.Fatal(err)
		}
		code := "150349-123P"
		cl := &casework.Client{Name: "Matti Meikäläinen", Hetu: code, Municipality: "Kokkola", CreatedBy: worker.ID}
		if err := cl.Validate(calendar.DateOf(now)); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateClient(ctx, cl); err != nil {
			t.Fatal(err)
		}
		c := &casework.Case{ClientID: cl.ID, TeamID: team.ID, WorkerID: worker.ID, TargetGroup: access.TargetWorkingAge,
			Status: casework.StatusActive, Origin: casework.OriginDirect, OpenedAt: now, OpenedBy: worker.ID}
		if err := db.OpenCase(ctx, c, nil, -1); err != nil {
			t.Fatal(err)
		}
		view := &access.LogEntry{At: now, UserID: worker.ID, UserName: worker.Name, OrgUnit: team.Name, PersonID: cl.ID,
			Action: access.LogView, Purpose: "casework", Route: "GET /cases/{id}", RequestID: "r1"}
		appendLog(t, db, view)
		for _, key := range []string{c.ID, cl.ID, code} {
			wantRows(t, extract(t, "--db", dsn, "--person", key), helsinki, view)
		}
	})
}

// extract runs `accesslog extract` and returns its CSV records after
// checking the header.
func extract(t *testing.T, args ...string) [][]string {
	t.Helper()
	out := mustRun(t, "", append([]string{"accesslog", "extract"}, args...)...)
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	if len(records) == 0 || !slices.Equal(records[0], []string{"time", "user", "organisation_unit", "action", "purpose"}) {
		t.Fatalf("header is wrong:\n%s", out)
	}
	return records[1:]
}

func wantRows(t *testing.T, rows [][]string, loc *time.Location, want ...*access.LogEntry) {
	t.Helper()
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i, e := range want {
		at, err := time.Parse(time.RFC3339, rows[i][0])
		if err != nil || !at.Equal(e.At) {
			t.Errorf("row %d time %q (%v), want %s", i, rows[i][0], err, e.At.In(loc).Format(time.RFC3339))
		}
		if got := rows[i][1:]; !slices.Equal(got, []string{e.UserName, e.OrgUnit, string(e.Action), e.Purpose}) {
			t.Errorf("row %d = %q, want user, unit, action and purpose of %+v", i, got, *e)
		}
	}
}
