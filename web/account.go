package web

import (
	"errors"
	"net/http"
	"strings"

	"kynnys"
	"kynnys/access"
)

type startView struct {
	*Page
	RecoveryCodesLeft int
	SecondFactor      bool
}

// start is the signed-in start page: who you are, your teams and the tools your role has.
func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	left, err := s.store.RecoveryCodesLeft(r.Context(), st.user.ID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "start", &startView{Page: s.view(r, "start.title"), RecoveryCodesLeft: left, SecondFactor: st.user.TOTPEnabled})
}

type passwordView struct {
	*Page
	Errors map[string]string
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	p := s.view(r, "password.title")
	if r.URL.Query().Get("changed") == "1" {
		p.Flash = "password.changed"
	}
	s.render(w, r, http.StatusOK, "password", &passwordView{Page: p})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	view := &passwordView{Page: s.view(r, "password.title"), Errors: map[string]string{}}
	current, next, confirm := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("confirm")
	creds, err := s.store.CredentialsByUser(r.Context(), st.user.ID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if ok, _, _ := access.CheckPassword(creds.PasswordHash, current); !ok {
		view.Errors["current"] = view.T("password.wrong_current")
	}
	switch err := access.ValidateNewPassword(next); {
	case errors.Is(err, access.ErrPasswordTooShort):
		view.Errors["new"] = view.T("password.too_short")
	case errors.Is(err, access.ErrPasswordTooLong):
		view.Errors["new"] = view.T("password.too_long")
	case err != nil:
		view.Errors["new"] = view.T("password.invalid")
	case next == current:
		view.Errors["new"] = view.T("password.same")
	case next != confirm:
		view.Errors["confirm"] = view.T("password.mismatch")
	}
	if len(view.Errors) > 0 {
		s.render(w, r, http.StatusBadRequest, "password", view)
		return
	}
	hash, err := access.HashPassword(next)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	// Other sessions end: a stolen session must not survive a password change.
	if err := s.store.SetPassword(r.Context(), st.user.ID, hash, st.session.TokenHash); err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/password?changed=1", http.StatusSeeOther)
}

type tokensView struct {
	*Page
	Tokens   []access.APIToken
	NewToken string
	Error    string
	Name     string
}

func (s *Server) tokensView(r *http.Request) (*tokensView, error) {
	ts, err := s.store.APITokens(r.Context(), state(r).user.ID)
	if err != nil {
		return nil, err
	}
	return &tokensView{Page: s.view(r, "tokens.title"), Tokens: ts}, nil
}

func (s *Server) tokens(w http.ResponseWriter, r *http.Request) {
	view, err := s.tokensView(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if r.URL.Query().Get("revoked") == "1" {
		view.Flash = "tokens.revoked"
	}
	s.render(w, r, http.StatusOK, "tokens", view)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	token, _, err := s.store.CreateAPIToken(r.Context(), state(r).user.ID, name)
	if fe, ok := kynnys.AsFieldError(err); ok {
		view, verr := s.tokensView(r)
		if verr != nil {
			s.internalError(w, r, verr)
			return
		}
		view.Error, view.Name = view.T(fe.Code), name
		s.render(w, r, http.StatusBadRequest, "tokens", view)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view, err := s.tokensView(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	// Shown on this response only; only its hash is stored.
	view.NewToken = token
	s.render(w, r, http.StatusCreated, "tokens", view)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	err := s.store.RevokeAPIToken(r.Context(), state(r).user.ID, r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/tokens?revoked=1", http.StatusSeeOther)
}
