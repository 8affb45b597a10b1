package web

import (
	"net/http"

	"kynnys/access"
)

// logUse records that the signed-in user used personID's data, with the
// route and request id, as act 703/2023 requires. Handlers call it before
// writing the data to the response; when it fails they must show nothing:
//
//	if err := s.logUse(r, client.ID, access.LogView, purpose); err != nil {
//		s.internalError(w, r, err)
//		return
//	}
func (s *Server) logUse(r *http.Request, personID string, action access.LogAction, purpose string) error {
	st := state(r)
	return access.Use(r.Context(), s.store, st.user, personID, action, purpose, st.route, st.id)
}
