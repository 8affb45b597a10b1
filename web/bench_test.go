package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kynnys/access"
	"kynnys/demo"
	"kynnys/directory"
	"kynnys/store/storetest"
)

// BenchmarkPublicPages measures the server time of the public pages through
// the whole middleware chain (gzip included), on the demo county and on a
// county with 200 places. It reports the compressed size as gzip-B/op.
//
//	go test -run '^$' -bench PublicPages -benchtime 2s ./web
func BenchmarkPublicPages(b *testing.B) {
	for _, places := range []int{0, 200} {
		db := storetest.Open(b, "sqlite")
		if _, err := demo.Prepare(b.Context(), db, access.HashPassword); err != nil {
			b.Fatal(err)
		}
		points, err := db.ServicePoints(b.Context(), directory.Filter{})
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < places; i++ {
			sp := points[i%len(points)]
			sp.ID, sp.Name.FI = "", fmt.Sprintf("%s %d", sp.Name.FI, i)
			if err := db.CreateServicePoint(b.Context(), &sp, directory.Editor{}); err != nil {
				b.Fatal(err)
			}
		}
		srv, err := New(Config{Logger: slog.New(slog.DiscardHandler)}, db)
		if err != nil {
			b.Fatal(err)
		}
		total := len(points) + places
		paths := []struct{ name, path string }{
			{"home", "/?lang=fi"},
			{"home_evenings", "/?lang=fi&when=evenings"},
			{"place", "/places/" + points[0].ID + "?lang=fi"},
			{"phone", "/phone?lang=sv"},
			{"api_list", "/api/v1/service-points"},
			{"hsds_services", "/hsds/services?per_page=50"},
		}
		for _, p := range paths {
			b.Run(fmt.Sprintf("points=%d/%s", total, p.name), func(b *testing.B) {
				var size int
				for b.Loop() {
					req := httptest.NewRequest(http.MethodGet, p.path, nil)
					req.Header.Set("Accept-Encoding", "gzip")
					rec := httptest.NewRecorder()
					srv.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Encoding"), "gzip") {
						b.Fatalf("%s: status %d, encoding %q", p.path, rec.Code, rec.Header().Get("Content-Encoding"))
					}
					size = rec.Body.Len()
				}
				b.ReportMetric(float64(size), "gzip-B/op")
			})
		}
	}
}
