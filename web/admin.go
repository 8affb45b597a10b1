package web

import (
	"crypto/rand"
	"errors"
	"net/http"
	"strings"

	"kynnys"
	"kynnys/access"
)

type adminUsersView struct {
	*Page
	Users     []access.User
	Teams     []access.Team
	Roles     []access.Role
	Errors    map[string]string
	Form      newUserForm
	Created   *access.User
	Password  string
	SelfID    string
	UserFocus *access.User
}

type newUserForm struct {
	Email, Name string
	Role        access.Role
	TeamIDs     map[string]bool
}

func (s *Server) adminUsersView(r *http.Request, title string) (*adminUsersView, error) {
	users, err := s.store.Users(r.Context())
	if err != nil {
		return nil, err
	}
	teams, err := s.store.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	return &adminUsersView{Page: s.view(r, title), Users: users, Teams: teams, Roles: access.Roles,
		Errors: map[string]string{}, SelfID: state(r).user.ID, Form: newUserForm{TeamIDs: map[string]bool{}}}, nil
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	view, err := s.adminUsersView(r, "admin.users.title")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") == "1" {
		view.Flash = "admin.saved"
	}
	s.render(w, r, http.StatusOK, "admin_users", view)
}

// generatedPassword is a one-time password for a new account: 16 characters
// from an unambiguous alphabet (about 80 bits), shown once to the admin.
func generatedPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func (s *Server) adminCreateUser(w http.ResponseWriter, r *http.Request) {
	view, err := s.adminUsersView(r, "admin.users.title")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	view.Form = newUserForm{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: access.Role(r.PostFormValue("role")), TeamIDs: map[string]bool{}}
	teamIDs, ok := s.knownTeamIDs(view.Teams, r.PostForm["team"])
	if !ok {
		view.Errors["team"] = view.T("error.unknown_code")
	}
	for _, id := range teamIDs {
		view.Form.TeamIDs[id] = true
	}
	if err := access.ValidateNewUser(view.Form.Email, view.Form.Name, view.Form.Role); err != nil {
		if fe, ok := kynnys.AsFieldError(err); ok {
			view.Errors[fe.Field] = view.T(fe.Code)
		}
	}
	if len(view.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "admin_users", view)
		return
	}
	password := generatedPassword()
	hash, err := access.HashPassword(password)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	u, err := s.store.CreateUser(r.Context(), access.NewUser{Email: view.Form.Email, Name: view.Form.Name, Role: view.Form.Role, TeamIDs: teamIDs, PasswordHash: hash})
	if errors.Is(err, kynnys.ErrConflict) {
		view.Errors["email"] = view.T("admin.users.email_taken")
		s.render(w, r, http.StatusConflict, "admin_users", view)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view, err = s.adminUsersView(r, "admin.users.title")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view.Created, view.Password = u, password
	s.render(w, r, http.StatusCreated, "admin_users", view)
}

// knownTeamIDs keeps the submitted team ids that exist; ok is false if any did not.
func (s *Server) knownTeamIDs(teams []access.Team, submitted []string) ([]string, bool) {
	known := map[string]bool{}
	for _, t := range teams {
		known[t.ID] = true
	}
	var ids []string
	ok := true
	for _, id := range submitted {
		if known[id] {
			ids = append(ids, id)
		} else {
			ok = false
		}
	}
	return ids, ok
}

func (s *Server) userFromPath(w http.ResponseWriter, r *http.Request) (*access.User, bool) {
	u, err := s.store.User(r.Context(), r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.internalError(w, r, err)
		return nil, false
	}
	return u, true
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userFromPath(w, r)
	if !ok {
		return
	}
	view, err := s.adminUsersView(r, "admin.user.title")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view.UserFocus = u
	for _, t := range u.Teams {
		view.Form.TeamIDs[t.ID] = true
	}
	if r.URL.Query().Get("saved") == "1" {
		view.Flash = "admin.saved"
	}
	s.render(w, r, http.StatusOK, "admin_user", view)
}

func (s *Server) adminUpdateUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userFromPath(w, r)
	if !ok {
		return
	}
	view, err := s.adminUsersView(r, "admin.user.title")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	view.UserFocus = u
	name, role := strings.TrimSpace(r.PostFormValue("name")), access.Role(r.PostFormValue("role"))
	active := r.PostFormValue("active") == "on"
	teamIDs, known := s.knownTeamIDs(view.Teams, r.PostForm["team"])
	for _, id := range teamIDs {
		view.Form.TeamIDs[id] = true
	}
	if !known {
		view.Errors["team"] = view.T("error.unknown_code")
	}
	if u.ID == view.SelfID && (!active || role != access.RoleAdmin) {
		// An admin cannot lock themselves out; another admin must do it.
		view.Errors["active"] = view.T("admin.user.not_self")
	}
	if len(view.Errors) == 0 {
		err = s.store.UpdateUserProfile(r.Context(), u.ID, name, role)
		if fe, ok := kynnys.AsFieldError(err); ok {
			view.Errors[fe.Field] = view.T(fe.Code)
		} else if err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	if len(view.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "admin_user", view)
		return
	}
	if err := s.store.SetUserTeams(r.Context(), u.ID, teamIDs); err != nil {
		s.internalError(w, r, err)
		return
	}
	if active != u.Active {
		if err := s.store.SetActive(r.Context(), u.ID, active); err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/admin/users/"+u.ID+"?saved=1", http.StatusSeeOther)
}

func (s *Server) adminResetSecondFactor(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userFromPath(w, r)
	if !ok {
		return
	}
	if err := s.store.ResetTOTP(r.Context(), u.ID); err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/users/"+u.ID+"?saved=1", http.StatusSeeOther)
}

type adminTeamsView struct {
	*Page
	Teams        []access.Team
	TargetGroups []access.TargetGroup
	Errors       map[string]string
	Form         teamForm
	TeamFocus    *access.Team
	// DefaultIntakeTeam takes the intake items no team's area and target
	// group match; "" leaves them in no queue.
	DefaultIntakeTeam string
}

type teamForm struct {
	Name           string
	Municipalities string
	Groups         map[access.TargetGroup]bool
}

func (s *Server) adminTeamsView(r *http.Request, title string) (*adminTeamsView, error) {
	teams, err := s.store.Teams(r.Context())
	if err != nil {
		return nil, err
	}
	defaultTeam, err := s.store.DefaultIntakeTeam(r.Context())
	if err != nil {
		return nil, err
	}
	return &adminTeamsView{Page: s.view(r, title), Teams: teams, TargetGroups: access.TargetGroups,
		Errors: map[string]string{}, Form: teamForm{Groups: map[access.TargetGroup]bool{}}, DefaultIntakeTeam: defaultTeam}, nil
}

func (s *Server) adminTeams(w http.ResponseWriter, r *http.Request) {
	view, err := s.adminTeamsView(r, "admin.teams.title")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") == "1" {
		view.Flash = "admin.saved"
	}
	s.render(w, r, http.StatusOK, "admin_teams", view)
}

// teamFromForm reads the team form into t and the view's form echo.
func teamFromForm(r *http.Request, t *access.Team, view *adminTeamsView) {
	view.Form.Name = strings.TrimSpace(r.PostFormValue("name"))
	view.Form.Municipalities = r.PostFormValue("municipalities")
	t.Name = view.Form.Name
	t.Municipalities = strings.Split(view.Form.Municipalities, ",")
	t.TargetGroups = nil
	for _, g := range r.PostForm["target_group"] {
		t.TargetGroups = append(t.TargetGroups, access.TargetGroup(g))
		view.Form.Groups[access.TargetGroup(g)] = true
	}
}

func (s *Server) saveTeam(w http.ResponseWriter, r *http.Request, view *adminTeamsView, t *access.Team, tmpl string, save func(*access.Team) error) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	teamFromForm(r, t, view)
	err := save(t)
	if fe, ok := kynnys.AsFieldError(err); ok {
		view.Errors[fe.Field] = view.T(fe.Code)
		s.render(w, r, http.StatusBadRequest, tmpl, view)
		return
	}
	if errors.Is(err, kynnys.ErrConflict) {
		view.Errors["name"] = view.T("admin.teams.name_taken")
		s.render(w, r, http.StatusConflict, tmpl, view)
		return
	}
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/teams?saved=1", http.StatusSeeOther)
}

func (s *Server) adminCreateTeam(w http.ResponseWriter, r *http.Request) {
	view, err := s.adminTeamsView(r, "admin.teams.title")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	s.saveTeam(w, r, view, &access.Team{}, "admin_teams", func(t *access.Team) error { return s.store.CreateTeam(r.Context(), t) })
}

func (s *Server) adminTeam(w http.ResponseWriter, r *http.Request) {
	view, err := s.adminTeamsView(r, "admin.team.title")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	t, err := s.store.Team(r.Context(), r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view.TeamFocus = t
	view.Form.Name, view.Form.Municipalities = t.Name, strings.Join(t.Municipalities, ", ")
	for _, g := range t.TargetGroups {
		view.Form.Groups[g] = true
	}
	s.render(w, r, http.StatusOK, "admin_team", view)
}

func (s *Server) adminUpdateTeam(w http.ResponseWriter, r *http.Request) {
	view, err := s.adminTeamsView(r, "admin.team.title")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	t := &access.Team{ID: r.PathValue("id")}
	view.TeamFocus = t
	s.saveTeam(w, r, view, t, "admin_team", func(t *access.Team) error { return s.store.UpdateTeam(r.Context(), t) })
}
