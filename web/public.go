package web

import "net/http"

func (s *Server) accessibility(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "accessibility", s.view(r, "a11y.title"))
}
