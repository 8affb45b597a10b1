package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"kynnys/store"
	"kynnys/store/storetest"
)

// binDir holds the kynnys binary the end-to-end tests build; it lives for
// the whole test run so that the binary is built once, not once per test.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kynnys-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// runKynnys runs a command in-process exactly as main does and returns its
// exit code and output.
func runKynnys(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(t.Context(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// mustRun runs a command that has to succeed and returns its standard output.
func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	code, stdout, stderr := runKynnys(t, stdin, args...)
	if code != 0 {
		t.Fatalf("kynnys %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout
}

// lastLine is the contract's machine-readable part of an output: its last line.
func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}

// openStore opens dsn (migrating it) to check what a command did, the way
// the next command would see it.
func openStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// eachEngine runs fn once per engine with a fresh, empty database.
func eachEngine(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			fn(t, storetest.DSN(t, engine))
		})
	}
}

func TestRunCommandLine(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		code      int
		stdout    string // substring; "" means stdout must be empty
		stderr    string // substring; "" means stderr must be empty
		stdoutAny bool   // stdout is not checked
		stderrAny bool   // stderr is not checked
	}{
		{name: "no arguments", args: nil, code: 2, stderr: "Usage:"},
		{name: "-h", args: []string{"-h"}, code: 0, stdout: "Usage:"},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: "Usage:"},
		{name: "help", args: []string{"help"}, code: 0, stdout: "Usage:"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "kynnys " + version + "\n"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`},
		{name: "missing subcommand", args: []string{"team"}, code: 2, stderr: "team needs a subcommand"},
		{name: "unknown subcommand", args: []string{"user", "delete"}, code: 2, stderr: `unknown subcommand user "delete"`},
		{name: "subcommand -h", args: []string{"team", "create", "-h"}, code: 0, stderr: "-municipalities"},
		{name: "unknown flag", args: []string{"migrate", "--nope"}, code: 2, stderrAny: true},
		{name: "stray argument", args: []string{"migrate", "extra"}, code: 2, stderr: `unexpected argument "extra"`},
		// serve refuses bad options before it touches a database or a port.
		{name: "serve bad log format", args: []string{"serve", "--log-format", "xml"}, code: 2, stderr: "--log-format"},
		{name: "serve bad log level", args: []string{"serve", "--log-level", "loud"}, code: 2, stderr: "--log-level"},
		{name: "serve bad public url", args: []string{"serve", "--public-url", "ftp://example.org"}, code: 2, stderr: "--public-url"},
		{name: "serve cert without key", args: []string{"serve", "--tls-cert", "cert.pem"}, code: 2, stderr: "--tls-cert and --tls-key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runKynnys(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			checkOutput(t, "stdout", stdout, tt.stdout, tt.stdoutAny)
			checkOutput(t, "stderr", stderr, tt.stderr, tt.stderrAny)
		})
	}
}

func checkOutput(t *testing.T, name, got, want string, unchecked bool) {
	t.Helper()
	switch {
	case unchecked:
	case want == "" && got != "":
		t.Errorf("%s = %q, want it empty", name, got)
	case !strings.Contains(got, want):
		t.Errorf("%s = %q, want it to contain %q", name, got, want)
	}
}

func TestMigrate(t *testing.T) {
	eachEngine(t, func(t *testing.T, dsn string) {
		db := openStoreNoMigrate(t, dsn)
		latest, err := db.LatestVersion()
		if err != nil {
			t.Fatal(err)
		}
		if v, err := db.SchemaVersion(t.Context()); err != nil || v != 0 {
			t.Fatalf("fresh database at version %d (%v), want 0", v, err)
		}

		out := mustRun(t, "", "migrate", "--db", dsn)
		if want := "schema version " + strconv.Itoa(latest); !strings.Contains(out, want) || strings.Contains(out, "applied 0 ") {
			t.Errorf("first migrate printed %q, want it to apply migrations up to %q", out, want)
		}
		if v, err := db.SchemaVersion(t.Context()); err != nil || v != latest {
			t.Fatalf("after migrate: version %d (%v), want %d", v, err, latest)
		}

		// Idempotent: a second run applies nothing and changes nothing.
		out = mustRun(t, "", "migrate", "--db", dsn)
		if !strings.Contains(out, "applied 0 migration(s); schema version "+strconv.Itoa(latest)) {
			t.Errorf("second migrate printed %q, want nothing applied", out)
		}
		if v, err := db.SchemaVersion(t.Context()); err != nil || v != latest {
			t.Fatalf("after second migrate: version %d (%v), want %d", v, err, latest)
		}
	})
}

// openStoreNoMigrate opens dsn without migrating, to watch migrate from outside.
func openStoreNoMigrate(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
