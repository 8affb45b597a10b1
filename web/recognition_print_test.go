package web

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	stylesheetLink = regexp.MustCompile(`href="(/static/kynnys\.css\?v=[0-9a-f]+)"`)
	// pdfPage matches a page object, not the /Pages tree.
	pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)
)

// TestRecognisePrintFitsTwoPages prints the paper version with headless
// Chromium, as a county would, and checks it is two A4 pages in every
// language.
func TestRecognisePrintFitsTwoPages(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH")
	}
	e := newEnv(t, "sqlite", Config{EmergencyNumber: "0800 123 456", CountyName: "Satakunnan hyvinvointialue"})
	for _, lang := range Languages {
		b := e.browser()
		r := b.get("/recognise/print?lang=" + lang)
		wantStatus(t, r, http.StatusOK)
		m := stylesheetLink.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatal("no stylesheet link")
		}
		css := b.get(m[1])
		wantStatus(t, css, http.StatusOK)
		dir := t.TempDir()
		page := filepath.Join(dir, "print.html")
		if err := os.WriteFile(filepath.Join(dir, "kynnys.css"), []byte(css.Body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(page, []byte(strings.Replace(r.Body, m[0], `href="kynnys.css"`, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out.pdf")
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+out,
			"--no-pdf-header-footer", "file://"+page)
		msg, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("%s: chromium: %v\n%s", lang, err, msg)
		}
		pdf, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(pdfPage.FindAll(pdf, -1)); n != 2 {
			t.Errorf("%s: the paper version prints on %d pages, want 2", lang, n)
		}
		if dst := os.Getenv("KYNNYS_PRINT_OUT"); dst != "" {
			// For looking at the pages: keep each language's PDF.
			if err := os.WriteFile(filepath.Join(dst, "recognise-"+lang+".pdf"), pdf, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
}
