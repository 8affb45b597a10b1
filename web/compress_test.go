package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCompression(t *testing.T) {
	e := newEnv(t, "sqlite", Config{})
	cases := []struct {
		name, path, accept string
		wantGzip           bool
	}{
		{"page", "/?lang=fi", "gzip, deflate, br", true},
		{"stylesheet", "/static/kynnys.css", "gzip", true},
		{"json", "/api/v1/openapi.json", "gzip", true},
		{"no gzip asked", "/?lang=fi", "", false},
		{"gzip refused", "/?lang=fi", "gzip;q=0, br", false},
		{"gzip refused as 0.0", "/?lang=fi", "gzip;q=0.0", false},
		{"gzip with weight", "/?lang=fi", "br;q=1, gzip;q=0.5", true},
		{"404 page", "/no-such-page", "gzip", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, c.path, nil)
			if c.accept != "" {
				req.Header.Set("Accept-Encoding", c.accept)
			}
			rec := httptest.NewRecorder()
			e.srv.ServeHTTP(rec, req)
			gz := rec.Header().Get("Content-Encoding") == "gzip"
			if gz != c.wantGzip {
				t.Fatalf("Content-Encoding gzip = %v, want %v", gz, c.wantGzip)
			}
			if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
				t.Error("Vary: Accept-Encoding missing")
			}
			if !gz {
				return
			}
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(zr)
			if err != nil || len(body) == 0 {
				t.Fatalf("gunzip: %v (%d bytes)", err, len(body))
			}
		})
	}
}
