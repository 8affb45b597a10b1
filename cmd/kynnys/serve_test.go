//go:build unix

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"kynnys/demo"
	"kynnys/store/storetest"
)

// e2eVersion is stamped into the test binary, to check that the documented
// -ldflags "-X main.version=…" reaches the running server.
const e2eVersion = "e2e-test"

// exitWithin bounds how long a signalled server may take to stop.
const exitWithin = 10 * time.Second

var built struct {
	once sync.Once
	path string
	took time.Duration
	err  error
}

// kynnysBinary builds ./cmd/kynnys once per test run. Under -race it builds
// with -race too: the test binary has already compiled every dependency that
// way, so this is a link rather than a cold compile of SQLite.
func kynnysBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		gomod, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			built.err = fmt.Errorf("go env GOMOD: %w", err)
			return
		}
		mod := strings.TrimSpace(string(gomod))
		if mod == "" || mod == os.DevNull {
			built.err = errors.New("the tests do not run inside the kynnys module")
			return
		}
		path := filepath.Join(binDir, "kynnys")
		args := []string{"build", "-buildvcs=false", "-ldflags=-X main.version=" + e2eVersion, "-o", path}
		if raceEnabled {
			args = append(args, "-race")
		}
		args = append(args, "./cmd/kynnys")
		cmd := exec.Command("go", args...)
		cmd.Dir = filepath.Dir(mod)
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
			return
		}
		built.path, built.took = path, time.Since(start)
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proc is a kynnys process started by a test.
type proc struct {
	t       *testing.T
	cmd     *exec.Cmd
	stdout  *lockedBuffer
	stderr  *lockedBuffer
	started time.Time
	done    chan struct{} // closed when the process has exited
}

// startKynnys runs the built binary with args. The environment is the
// test's minus KYNNYS_* variables, so that a developer's settings (say
// KYNNYS_DEMO=true) cannot change what is tested. The process is killed if
// the test ends first.
func startKynnys(t *testing.T, stdin string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(kynnysBinary(t), args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KYNNYS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if _, set := os.LookupEnv("GORACE"); raceEnabled && !set {
		// The race runtime otherwise sleeps 1 s at exit, which would blur
		// the shutdown timing and slow every test.
		cmd.Env = append(cmd.Env, "GORACE=atexit_sleep_ms=0")
	}
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	p := &proc{t: t, cmd: cmd, stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("kynnys %s\n--- stdout:\n%s--- stderr:\n%s", strings.Join(args, " "), p.stdout, p.stderr)
		}
	})
	return p
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// exitCode waits up to d for the process to exit and returns its exit code.
func (p *proc) exitCode(d time.Duration) int {
	p.t.Helper()
	select {
	case <-p.done:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(d):
		p.t.Fatalf("kynnys did not exit within %v", d)
		return -1
	}
}

// waitOutput waits for re to match what the process has written to buf and
// returns the submatches.
func (p *proc) waitOutput(buf *lockedBuffer, re *regexp.Regexp) []string {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		exited := p.exited() // read before the output, which is complete once exited
		if m := re.FindStringSubmatch(buf.String()); m != nil {
			return m
		}
		if exited {
			p.t.Fatalf("kynnys exited (%v) without writing %q", p.cmd.ProcessState, re)
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("kynnys did not write %q in time", re)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// listenURL matches the address in the slog text line the server writes
// once it listens (url=http://127.0.0.1:PORT).
var listenURL = regexp.MustCompile(`\burl=(http://[^\s"]+)\s`)

// waitReady waits until /readyz answers 200 and returns how long that took
// from process start: startup, migration, demo seeding and all.
func (p *proc) waitReady() (base string, sinceStart time.Duration) {
	p.t.Helper()
	base = p.waitOutput(p.stderr, listenURL)[1]
	client := &http.Client{Timeout: 2 * time.Second}
	defer client.CloseIdleConnections()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(base + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, time.Since(p.started)
			}
		}
		if p.exited() || time.Now().After(deadline) {
			p.t.Fatalf("/readyz never answered 200 (last: %v, %v)", resp, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// rss reads the process's resident set size from /proc.
func (p *proc) rss() string {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return "unavailable (" + err.Error() + ")"
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unavailable"
}

func (p *proc) signal(sig os.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatalf("signal %v: %v", sig, err)
	}
}

func dial(t *testing.T, base string) (net.Conn, *bufio.Reader) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	return c, bufio.NewReader(c)
}

func sigName(sig syscall.Signal) string {
	return map[syscall.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT"}[sig]
}

func TestServe(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
				t.Run("demo then "+sigName(sig), func(t *testing.T) {
					t.Parallel()
					dsn := storetest.DSN(t, engine)
					serveDemoAndStop(t, engine, dsn, sig)
					restartWithoutDemo(t, dsn, sig)
				})
			}
			// An installation begins with either command: both make it real.
			for _, setup := range [][]string{
				{"user", "create", "--email", "oikea@example.fi", "--name", "Oikea Käyttäjä", "--role", "social_worker", "--password-stdin"},
				{"team", "create", "--name", "Oikea tiimi", "--municipalities", "Pori"},
			} {
				t.Run("demo refuses a database after "+setup[0]+" create", func(t *testing.T) {
					t.Parallel()
					demoRefusesRealDatabase(t, storetest.DSN(t, engine), setup)
				})
			}
		})
	}
}

// serveDemoAndStop starts `serve --demo` on an empty database, checks what
// it printed and serves, then stops it with sig while one connection idles
// and another has a request in flight: the request must be answered in full
// and the process exit 0 within exitWithin.
func serveDemoAndStop(t *testing.T, engine, dsn string, sig syscall.Signal) {
	p := startKynnys(t, "", "serve", "--demo", "--addr", "127.0.0.1:0", "--db", dsn)
	base, ready := p.waitReady()
	t.Logf("%s: process start to /readyz 200: %v; VmRSS after start: %s (race detector: %v; binary built in %v)",
		engine, ready.Round(time.Millisecond), p.rss(), raceEnabled, built.took.Round(time.Millisecond))

	listening := p.waitOutput(p.stderr, regexp.MustCompile(`msg="kynnys listening" .*\n`))[0]
	for _, want := range []string{"engine=" + engine, "demo=true", "version=" + e2eVersion} {
		if !strings.Contains(listening, want) {
			t.Errorf("listening line %q lacks %q", listening, want)
		}
	}
	// The credentials come before the server listens, so they are all there.
	p.waitOutput(p.stdout, regexp.MustCompile(regexp.QuoteMeta(demo.Users[len(demo.Users)-1].Email)))
	out := p.stdout.String()
	for _, want := range []string{"Demo county created.", "DEMO MODE", demo.Password} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	for _, u := range demo.Users {
		if !strings.Contains(out, string(u.Role)) || !strings.Contains(out, u.Email) {
			t.Errorf("stdout lacks the %s user %s:\n%s", u.Role, u.Email, out)
		}
	}

	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	resp, err := client.Get(base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                     `json:"openapi"`
		Info    struct{ Version string }   `json:"info"`
		Paths   map[string]json.RawMessage `json:"paths"`
	}
	err = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || err != nil {
		t.Fatalf("openapi.json: %s, %q, %v", resp.Status, resp.Header.Get("Content-Type"), err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Version != e2eVersion || doc.Paths["/api/v1/openapi.json"] == nil {
		t.Errorf("openapi.json: version %q, info.version %q, %d paths", doc.OpenAPI, doc.Info.Version, len(doc.Paths))
	}

	// An idle keep-alive connection that has completed a request.
	idle, idleR := dial(t, base)
	fmt.Fprint(idle, "GET /healthz HTTP/1.1\r\nHost: kynnys\r\n\r\n")
	resp, err = http.ReadResponse(idleR, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(body) != "ok\n" || resp.Close {
		t.Fatalf("healthz: %s %q (close %v), want 200 ok on a kept-alive connection", resp.Status, body, resp.Close)
	}

	// A sign-in in flight: headers sent, body held back. With Expect:
	// 100-continue the server says when the handler has begun to read it.
	form := url.Values{"email": {demo.Users[0].Email}, "password": {demo.Password}}.Encode()
	busy, busyR := dial(t, base)
	fmt.Fprintf(busy, "POST /login HTTP/1.1\r\nHost: kynnys\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n", len(form))
	resp, err = http.ReadResponse(busyR, nil)
	if err != nil || resp.StatusCode != http.StatusContinue {
		t.Fatalf("login: %v %v, want 100 Continue", resp, err)
	}

	p.signal(sig)
	signalled := time.Now()
	p.waitOutput(p.stderr, regexp.MustCompile(`shutting down`))
	// Shutdown closes idle connections at once...
	if _, err := idleR.ReadByte(); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("the idle connection was not closed by the shutdown: %v", err)
	}
	// ...but waits for the request in flight.
	time.Sleep(200 * time.Millisecond)
	if p.exited() {
		t.Fatalf("kynnys exited (%v) with a request in flight", p.cmd.ProcessState)
	}
	fmt.Fprint(busy, form)
	resp, err = http.ReadResponse(busyR, nil)
	if err != nil {
		t.Fatalf("the request in flight got no response: %v", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	// 303 with a session: the handler ran to the end, database writes and all.
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
		t.Errorf("the request in flight got %s with cookies %v, want a demo sign-in (303 and a session)", resp.Status, resp.Cookies())
	}

	if code := p.exitCode(exitWithin - time.Since(signalled)); code != 0 {
		t.Fatalf("exit code %d after %s, want 0", code, sigName(sig))
	}
	t.Logf("%s: exited 0 %v after %s (of which the test held the request in flight 200ms)",
		engine, time.Since(signalled).Round(time.Millisecond), sigName(sig))
	if !strings.Contains(p.stderr.String(), "msg=stopped") {
		t.Errorf("no \"stopped\" log line:\n%s", p.stderr)
	}
}

// restartWithoutDemo starts a plain `serve` on the database a demo server
// left behind: it must come up (a demo database is a database), without the
// demo banner, and stop cleanly again.
func restartWithoutDemo(t *testing.T, dsn string, sig syscall.Signal) {
	p := startKynnys(t, "", "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	_, ready := p.waitReady()
	t.Logf("restart without --demo: /readyz 200 after %v", ready.Round(time.Millisecond))
	if !strings.Contains(p.stderr.String(), "demo=false") {
		t.Errorf("the server does not log demo=false:\n%s", p.stderr)
	}
	if out := p.stdout.String(); out != "" {
		t.Errorf("stdout = %q, want nothing without --demo", out)
	}
	p.signal(sig)
	if code := p.exitCode(exitWithin); code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}
}

// demoRefusesRealDatabase: demo mode turns off the second factor and adds
// accounts with a published password, so it must not start on a database
// that setup (an administrative command) has made real.
func demoRefusesRealDatabase(t *testing.T, dsn string, setup []string) {
	create := startKynnys(t, testPassword+"\n", slices.Concat(setup, []string{"--db", dsn})...)
	if code := create.exitCode(30 * time.Second); code != 0 {
		t.Fatalf("%s: exit %d", strings.Join(setup, " "), code)
	}
	p := startKynnys(t, "", "serve", "--demo", "--addr", "127.0.0.1:0", "--db", dsn)
	if code := p.exitCode(30 * time.Second); code == 0 {
		t.Fatal("serve --demo started on a database with a real user")
	}
	stderr := p.stderr.String()
	if !strings.Contains(stderr, "not a demo database") || !strings.Contains(stderr, "refusing demo mode") {
		t.Errorf("stderr does not say why:\n%s", stderr)
	}
	if strings.Contains(stderr, "kynnys listening") {
		t.Error("the server listened before refusing")
	}
	if out := p.stdout.String(); strings.Contains(out, demo.Password) || strings.Contains(out, "DEMO MODE") {
		t.Errorf("demo credentials printed for a real database:\n%s", out)
	}
}
