package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"kynnys/access"
	"kynnys/store"
	"kynnys/store/storetest"
)

func TestAdminTeams(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		admin := e.newUser(access.RoleAdmin)
		b := e.browser()
		b.signInAs(admin, true)

		for _, lang := range Languages {
			b.Header.Set("Accept-Language", lang)
			r := b.postCSRF("/admin/teams", url.Values{"name": {"Porin perhetyö"}, "municipalities": {"Pori"},
				"target_group": {"families", "pets"}})
			wantStatus(t, r, http.StatusBadRequest)
			wantContains(t, r, e.html(lang, "error.unknown_code"), `value="Porin perhetyö"`)
			r = b.postCSRF("/admin/teams", url.Values{"name": {"  "}})
			wantStatus(t, r, http.StatusBadRequest)
			wantContains(t, r, e.html(lang, "error.required"))
		}
		b.Header.Del("Accept-Language")
		if teams, _ := e.db.Teams(e.ctx()); len(teams) != 0 {
			t.Fatalf("invalid forms created %d teams", len(teams))
		}

		r := b.postCSRF("/admin/teams", url.Values{"name": {"Porin perhetyö"}, "municipalities": {" Pori, Ulvila ,, pori"},
			"target_group": {"families", "youth"}})
		loc := wantRedirect(t, r, "/admin/teams")
		r = b.get(loc.String())
		wantStatus(t, r, http.StatusOK)
		wantContains(t, r, e.html("fi", "admin.saved"), "Porin perhetyö")
		teams, err := e.db.Teams(e.ctx())
		if err != nil || len(teams) != 1 {
			t.Fatalf("teams %v, %v", teams, err)
		}
		team := teams[0]
		if !slices.Equal(team.Municipalities, []string{"Pori", "Ulvila"}) ||
			!sameStrings(groupNames(team.TargetGroups), []string{"families", "youth"}) {
			t.Fatalf("stored team %+v", team)
		}

		// Names are unique regardless of case.
		r = b.postCSRF("/admin/teams", url.Values{"name": {"PORIN PERHETYÖ"}})
		wantStatus(t, r, http.StatusConflict)
		wantContains(t, r, e.html("fi", "admin.teams.name_taken"))

		// Editing.
		wantStatus(t, b.get("/admin/teams/"+team.ID), http.StatusOK)
		r = b.postCSRF("/admin/teams/"+team.ID, url.Values{"name": {"Porin lapsiperheet"}, "municipalities": {"Pori"},
			"target_group": {"families"}})
		wantRedirect(t, r, "/admin/teams")
		got, err := e.db.Team(e.ctx(), team.ID)
		if err != nil || got.Name != "Porin lapsiperheet" || !slices.Equal(got.Municipalities, []string{"Pori"}) ||
			!sameStrings(groupNames(got.TargetGroups), []string{"families"}) {
			t.Fatalf("edited team %+v, %v", got, err)
		}
		r = b.postCSRF("/admin/teams/"+team.ID, url.Values{"name": {"x"}, "target_group": {"nope"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, e.html("fi", "error.unknown_code"))
		other := e.newTeam("Rauman tiimi", nil)
		wantStatus(t, b.postCSRF("/admin/teams/"+other.ID, url.Values{"name": {"porin lapsiperheet"}}), http.StatusConflict)
		wantStatus(t, b.postCSRF("/admin/teams/00000000-0000-7000-8000-000000000000", url.Values{"name": {"Ghost"}}), http.StatusNotFound)
		wantStatus(t, b.get("/admin/teams/00000000-0000-7000-8000-000000000000"), http.StatusNotFound)
	})
}

func groupNames(gs []access.TargetGroup) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g)
	}
	return out
}

func TestAdminUsers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		team := e.newTeam("Harjavallan tiimi", []string{"Harjavalta"}, access.TargetElderly)
		team2 := e.newTeam("Kokemäen tiimi", []string{"Kokemäki"}, access.TargetDisabled)
		admin := e.newUser(access.RoleAdmin)
		b := e.browser()
		b.signInAs(admin, true)
		wantStatus(t, b.get("/admin/users"), http.StatusOK)

		create := url.Values{"email": {"Maija@Example.fi"}, "name": {"Maija Meikäläinen"},
			"role": {string(access.RoleSocialWorker)}, "team": {team.ID}}
		r := b.postCSRF("/admin/users", create)
		wantStatus(t, r, http.StatusCreated)
		wantContains(t, r, e.html("fi", "admin.users.created", "maija@example.fi"), e.html("fi", "admin.users.password_once"))
		pm := secretCode.FindStringSubmatch(r.Body)
		if pm == nil || len(pm[1]) != 16 {
			t.Fatalf("one-time password not shown:\n%s", r.Body)
		}
		password := pm[1]
		created, err := e.db.UserByEmail(e.ctx(), "maija@example.fi")
		if err != nil {
			t.Fatal(err)
		}
		if created.Role != access.RoleSocialWorker || !created.Active || created.TOTPEnabled || !slices.Equal(created.TeamIDs(), []string{team.ID}) {
			t.Fatalf("created user %+v", created)
		}
		creds, err := e.db.CredentialsByUser(e.ctx(), created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := access.CheckPassword(creds.PasswordHash, password); !ok {
			t.Fatal("the shown password does not sign in")
		}
		// Shown once only.
		if list := b.get("/admin/users"); strings.Contains(list.Body, password) {
			t.Fatal("the one-time password is shown again")
		}
		if strings.Contains(b.get("/admin/users/"+created.ID).Body, password) {
			t.Fatal("the one-time password is on the user page")
		}

		// Validation, in each language.
		for _, lang := range Languages {
			b.Header.Set("Accept-Language", lang)
			for _, tc := range []struct {
				form   url.Values
				status int
				key    string
			}{
				{url.Values{"email": {"not-an-email"}, "name": {"Matti"}, "role": {"analyst"}}, http.StatusBadRequest, "error.email"},
				{url.Values{"email": {""}, "name": {"Matti"}, "role": {"analyst"}}, http.StatusBadRequest, "error.required"},
				{url.Values{"email": {"matti@example.fi"}, "name": {"Matti"}, "role": {"superuser"}}, http.StatusBadRequest, "error.unknown_code"},
				{url.Values{"email": {"matti@example.fi"}, "name": {"Matti"}, "role": {"analyst"}, "team": {"no-such-team"}}, http.StatusBadRequest, "error.unknown_code"},
				{url.Values{"email": {"MAIJA@example.fi"}, "name": {"Toinen Maija"}, "role": {"analyst"}}, http.StatusConflict, "admin.users.email_taken"},
			} {
				r := b.postCSRF("/admin/users", tc.form)
				wantStatus(t, r, tc.status)
				wantContains(t, r, e.html(lang, tc.key))
				if secretCode.MatchString(r.Body) {
					t.Fatal("a refused form shows a password")
				}
			}
		}
		b.Header.Del("Accept-Language")
		if users, _ := e.db.Users(e.ctx()); len(users) != 2 {
			t.Fatalf("%d users after refused forms, want 2", len(users))
		}

		// Update role, teams and name; then deactivate, which ends the
		// user's sessions and tokens.
		userBrowser := e.browser()
		token, _ := e.newSession(created.ID, true)
		userBrowser.setSession(token)
		userBrowser.Header.Set("Authorization", "Bearer "+e.newToken(created.ID))
		wantStatus(t, userBrowser.get("/staff"), http.StatusOK)

		r = b.postCSRF("/admin/users/"+created.ID, url.Values{"name": {"Maija M."}, "role": {"team_lead"},
			"team": {team.ID, team2.ID}, "active": {"on"}})
		loc := wantRedirect(t, r, "/admin/users/"+created.ID)
		wantContains(t, b.get(loc.String()), e.html("fi", "admin.saved"))
		got := e.reloadUser(created.ID)
		if got.Name != "Maija M." || got.Role != access.RoleTeamLead || !got.Active || !sameStrings(got.TeamIDs(), []string{team.ID, team2.ID}) {
			t.Fatalf("updated user %+v", got)
		}
		wantStatus(t, userBrowser.get("/staff"), http.StatusOK)

		r = b.postCSRF("/admin/users/"+created.ID, url.Values{"name": {"Maija M."}, "role": {"bogus"}, "active": {"on"}})
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, e.html("fi", "error.unknown_code"))
		r = b.postCSRF("/admin/users/"+created.ID, url.Values{"name": {"Maija M."}, "role": {"team_lead"}, "team": {"nope"}, "active": {"on"}})
		wantStatus(t, r, http.StatusBadRequest)

		r = b.postCSRF("/admin/users/"+created.ID, url.Values{"name": {"Maija M."}, "role": {"team_lead"}})
		wantRedirect(t, r, "/admin/users/"+created.ID)
		if e.reloadUser(created.ID).Active {
			t.Fatal("user still active")
		}
		wantRedirect(t, userBrowser.get("/staff"), "/login")
		wantAPIError(t, userBrowser.get("/api/v1/me"), http.StatusUnauthorized, "unauthorized")
		if r := e.browser().login("maija@example.fi", password); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("deactivated user signs in: status %d", r.StatusCode)
		}

		// An admin cannot lock themselves out.
		for _, form := range []url.Values{
			{"name": {admin.Name}, "role": {"admin"}},
			{"name": {admin.Name}, "role": {"analyst"}, "active": {"on"}},
		} {
			r = b.postCSRF("/admin/users/"+admin.ID, form)
			wantStatus(t, r, http.StatusBadRequest)
			wantContains(t, r, e.html("fi", "admin.user.not_self"))
		}
		if me := e.reloadUser(admin.ID); !me.Active || me.Role != access.RoleAdmin {
			t.Fatalf("admin changed themselves: %+v", me)
		}
		wantRedirect(t, b.postCSRF("/admin/users/"+admin.ID, url.Values{"name": {"Pääkäyttäjä"}, "role": {"admin"}, "active": {"on"}}),
			"/admin/users/"+admin.ID)
		wantStatus(t, b.postCSRF("/admin/users/00000000-0000-7000-8000-000000000000", url.Values{"name": {"x"}, "role": {"admin"}}), http.StatusNotFound)
	})
}

func TestAdminResetSecondFactor(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, nil, Config{})
		admin := e.newUser(access.RoleAdmin)
		lost := e.newUser(access.RolePartner, withTOTP())
		b := e.browser()
		b.signInAs(admin, true)
		victim := e.browser()
		victim.signInAs(lost, true)
		wantStatus(t, victim.get("/staff"), http.StatusOK)

		wantContains(t, b.get("/admin/users/"+lost.ID), e.html("fi", "admin.user.second_factor_on"))
		wantRedirect(t, b.postCSRF("/admin/users/"+lost.ID+"/reset-second-factor", nil), "/admin/users/"+lost.ID)
		creds, err := e.db.CredentialsByUser(e.ctx(), lost.ID)
		if err != nil {
			t.Fatal(err)
		}
		if creds.TOTPEnabled || creds.TOTPSecret != "" {
			t.Fatalf("second factor still set: %+v", creds.TOTPEnabled)
		}
		if left, _ := e.db.RecoveryCodesLeft(e.ctx(), lost.ID); left != 0 {
			t.Fatalf("%d recovery codes left after reset", left)
		}
		wantContains(t, b.get("/admin/users/"+lost.ID), e.html("fi", "admin.user.second_factor_off"))
		// Their sessions ended; signing in again leads to enrolment.
		wantRedirect(t, victim.get("/staff"), "/login")
		wantRedirect(t, e.browser().login(lost.Email, lost.Password), "/login/enrol")
		wantStatus(t, b.postCSRF("/admin/users/00000000-0000-7000-8000-000000000000/reset-second-factor", nil), http.StatusNotFound)
	})
}
