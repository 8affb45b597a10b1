package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/store"
)

// bench intake is the crash test of intake: "a load test shows that no
// acknowledged submission is lost when the server is killed mid-load". It
// runs `kynnys serve` as a child process, loads the public intake API,
// kills the server with SIGKILL while requests are in flight, starts it
// again on the same database and looks every acknowledged item up in it.

func cmdBenchIntake(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench intake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Not KYNNYS_DB: a load test must not write into a real database by accident.
	dsn := fs.String("db", "", "SQLite file path or postgres:// URL to load (default: a fresh temporary SQLite file)")
	clients := fs.Int("clients", 16, "concurrent HTTP clients")
	killAfter := fs.Duration("kill-after", 3*time.Second, "how long to load the server before killing it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *clients < 1 || *killAfter <= 0 {
		return usageError{"--clients and --kill-after must be positive"}
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the kynnys executable: %w", err)
	}
	if *dsn == "" {
		dir, err := os.MkdirTemp("", "kynnys-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dsn = filepath.Join(dir, "kynnys.db")
	}
	municipality, teamID, err := intakeBenchFixture(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}

	srv, err := startServer(ctx, exe, *dsn)
	if err != nil {
		return err
	}
	defer srv.kill()
	load := newIntakeLoad(srv.base, municipality, *clients)
	res := load.runUntilKilled(ctx, *killAfter, srv.kill)
	if err := srv.wait(10 * time.Second); err != nil {
		return err
	}

	restartAt := time.Now()
	srv, err = startServer(ctx, exe, *dsn)
	if err != nil {
		return fmt.Errorf("restart after the kill: %w", err)
	}
	defer srv.kill()
	restartTook := time.Since(restartAt)
	// The restarted server takes submissions again.
	load.base = srv.base
	after := load.batch(ctx)
	res.acks = append(res.acks, after.acks...)
	if err := srv.stop(15 * time.Second); err != nil {
		return err
	}

	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	found, missing, err := verifyAcknowledged(ctx, db, res.acks)
	if err != nil {
		return err
	}
	stored, err := db.IntakeItemsOpened(ctx, []string{teamID}, load.started.Add(-time.Minute), time.Now().Add(time.Minute))
	if err != nil {
		return err
	}

	lat := res.latencies
	slices.Sort(lat)
	loaded := res.killedAt.Sub(load.started)
	fmt.Fprintf(stdout, "engine:        %s\n", db.Engine())
	fmt.Fprintf(stdout, "clients:       %d\n", *clients)
	fmt.Fprintf(stdout, "killed after:  %s (SIGKILL)\n", loaded.Round(time.Millisecond))
	fmt.Fprintf(stdout, "before kill:   %d requests, %d acknowledged, %d failed\n", res.sent, len(lat), res.failed)
	fmt.Fprintf(stdout, "throughput:    %.0f acknowledged/s\n", float64(len(lat))/loaded.Seconds())
	fmt.Fprintf(stdout, "latency:       p50 %s  p99 %s  max %s\n", quantile(lat, 0.50), quantile(lat, 0.99), quantile(lat, 1))
	fmt.Fprintf(stdout, "in flight:     %d cut off by the kill\n", res.cutOff)
	fmt.Fprintf(stdout, "restart:       ready in %s; %d of %d acknowledged after it\n", restartTook.Round(time.Millisecond), len(after.acks), after.sent)
	fmt.Fprintf(stdout, "acknowledged:  %d\n", len(res.acks))
	fmt.Fprintf(stdout, "found:         %d\n", found)
	fmt.Fprintf(stdout, "lost:          %d\n", len(missing))
	fmt.Fprintf(stdout, "stored:        %d (%d without an answer)\n", len(stored), len(stored)-found)

	for _, r := range []loadResult{res.loadResult, after.loadResult} {
		if r.firstErr != "" {
			fmt.Fprintf(stderr, "kynnys: first failed request: %s\n", r.firstErr)
		}
	}
	switch {
	case len(missing) > 0:
		return fmt.Errorf("%d acknowledged submissions are not in the database, for example %s", len(missing), missing[0])
	case len(res.acks) == len(after.acks):
		return errors.New("no submission was acknowledged before the kill: make --kill-after longer")
	case res.failed > 0 || after.failed > 0 || len(after.acks) < after.sent:
		return fmt.Errorf("%d requests failed while the server was up", res.failed+after.failed+after.sent-len(after.acks))
	}
	return nil
}

// intakeBenchFixture makes a team of its own for a municipality of its
// own, so that the load's items are routed to it and to no real team.
func intakeBenchFixture(ctx context.Context, dsn string) (municipality, teamID string, err error) {
	db, err := openMigrated(ctx, dsn)
	if err != nil {
		return "", "", err
	}
	defer db.Close()
	tag := rand.Text()[:8]
	team := &access.Team{Name: "Bench intake " + tag, Municipalities: []string{"Bench-" + tag}, TargetGroups: access.TargetGroups}
	if err := db.CreateTeam(ctx, team); err != nil {
		return "", "", err
	}
	return team.Municipalities[0], team.ID, nil
}

// serverProcess is `kynnys serve` running as a child.
type serverProcess struct {
	cmd    *exec.Cmd
	base   string
	output *syncBuffer
	done   chan struct{}
	err    error // of Wait, once done is closed
}

// syncBuffer collects a child's output while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// listeningURL is the address in the line the server logs once it listens.
var listeningURL = regexp.MustCompile(`\burl=(http://[^\s"]+)`)

// startServer runs `exe serve` on dsn on a free port and waits until it is
// ready. Client addresses come from X-Forwarded-For, so that the load can
// stand for many senders under the public forms' per-address limit. The
// child gets no KYNNYS_* variables: the command line says it all.
func startServer(ctx context.Context, exe, dsn string) (*serverProcess, error) {
	cmd := exec.Command(exe, "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--trust-proxy", "--log-format", "text")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "KYNNYS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	p := &serverProcess{cmd: cmd, output: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.output, p.output
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start kynnys serve: %w", err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	client := &http.Client{Timeout: 2 * time.Second}
	defer client.CloseIdleConnections()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if p.base == "" {
			if m := listeningURL.FindStringSubmatch(p.output.String()); m != nil {
				p.base = m[1]
			}
		}
		if p.base != "" {
			if resp, err := client.Get(p.base + "/readyz"); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return p, nil
				}
			}
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("kynnys serve exited (%v):\n%s", p.err, p.output)
		case <-ctx.Done():
			p.kill()
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.kill()
			return nil, fmt.Errorf("kynnys serve was not ready within a minute:\n%s", p.output)
		}
	}
}

// kill sends SIGKILL: the process ends at once, with no chance to finish
// a request or flush anything.
func (p *serverProcess) kill() {
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Kill()
	}
}

// wait waits up to d for the process to end.
func (p *serverProcess) wait(d time.Duration) error {
	select {
	case <-p.done:
		return nil
	case <-time.After(d):
		return fmt.Errorf("kynnys serve did not end within %s", d)
	}
}

// stop ends the server as an operator would (SIGTERM) and expects a clean exit.
func (p *serverProcess) stop(d time.Duration) error {
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	if err := p.wait(d); err != nil {
		return err
	}
	if p.err != nil {
		return fmt.Errorf("kynnys serve after SIGTERM: %v:\n%s", p.err, p.output)
	}
	return nil
}

// ack is an acknowledged submission: what its sender was told.
type ack struct {
	ID      string `json:"id"`
	Receipt string `json:"receipt"`
}

// intakeLoad sends submissions to the public intake API, every one from
// an address of its own.
type intakeLoad struct {
	base, municipality string
	clients            int
	client             *http.Client
	seq                atomic.Uint64
	started            time.Time
}

func newIntakeLoad(base, municipality string, clients int) *intakeLoad {
	return &intakeLoad{base: base, municipality: municipality, clients: clients, client: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}}}
}

// submission is the next request: help requests and professionals'
// notifications in turn, each from its own address in 10.0.0.0/8.
func (l *intakeLoad) submission() (path string, body []byte, addr string) {
	n := l.seq.Add(1)
	addr = fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
	var v map[string]any
	if n%2 == 0 {
		path, v = "/api/v1/help-requests", map[string]any{"kind": "help_request", "municipality": l.municipality,
			"concern": "Kuormitustesti: tarvitsen apua laskujen kanssa.", "topics": []string{"money"},
			"contact": map[string]any{"method": "phone", "phone": "040 000 0000", "good_times": "any"}}
	} else {
		path, v = "/api/v1/notifications", map[string]any{"kind": "child_welfare", "municipality": l.municipality,
			"subject": map[string]any{"birth_date": "2015-05-01"}, "concern": "Kuormitustesti: huoli lapsen arjesta.",
			"notifier": map[string]any{"name": "Kuormitus Testi", "organisation": "Kuormitustesti", "phone": "040 000 0001"}}
	}
	body, _ = json.Marshal(v) // maps of strings always marshal
	return path, body, addr
}

// send makes one submission. err is nil only for a 201 with an id and a
// receipt; status is 0 when no answer came at all.
func (l *intakeLoad) send(ctx context.Context) (a ack, status int, err error) {
	path, body, addr := l.submission()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+path, bytes.NewReader(body))
	if err != nil {
		return ack{}, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := l.client.Do(req)
	if err != nil {
		return ack{}, 0, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return ack{}, resp.StatusCode, err
	}
	if resp.StatusCode != http.StatusCreated {
		// API errors name the field and never echo values: safe to show.
		return ack{}, resp.StatusCode, fmt.Errorf("%s: HTTP %d %s", path, resp.StatusCode, bytes.TrimSpace(answer))
	}
	if err := json.Unmarshal(answer, &a); err != nil || a.ID == "" || a.Receipt == "" {
		return ack{}, resp.StatusCode, fmt.Errorf("%s: a 201 without an id and receipt", path)
	}
	return a, resp.StatusCode, nil
}

// intakeResult is what a load saw.
type intakeResult struct {
	loadResult
	acks   []ack
	sent   int // requests started
	failed int // requests that failed while the server was up
	cutOff int // requests in flight when the server was killed
	// killedAt is when SIGKILL was sent.
	killedAt time.Time
}

// runUntilKilled has clients submit until killAfter has passed, then kills
// the server with kill while their requests are in flight, and returns
// once every client has seen the outcome of its last request.
func (l *intakeLoad) runUntilKilled(ctx context.Context, killAfter time.Duration, kill func()) intakeResult {
	var (
		mu       sync.Mutex
		res      intakeResult
		wg       sync.WaitGroup
		killedAt atomic.Int64 // UnixNano; 0 while the server runs
	)
	l.started = time.Now()
	timer := time.AfterFunc(killAfter, func() {
		killedAt.Store(time.Now().UnixNano())
		kill()
	})
	defer timer.Stop()
	for range l.clients {
		wg.Go(func() {
			var mine intakeResult
			for killedAt.Load() == 0 && ctx.Err() == nil {
				t0 := time.Now()
				a, status, err := l.send(ctx)
				mine.sent++
				switch {
				case err == nil:
					mine.acks = append(mine.acks, a)
					mine.latencies = append(mine.latencies, time.Since(t0))
				case status == 0 && killedAt.Load() != 0:
					// No answer, and the server is gone: cut off by the kill.
					mine.cutOff++
				default:
					mine.failed++
					if mine.firstErr == "" {
						mine.firstErr = err.Error()
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.acks = append(res.acks, mine.acks...)
			res.latencies = append(res.latencies, mine.latencies...)
			res.sent += mine.sent
			res.failed += mine.failed
			res.cutOff += mine.cutOff
			if res.firstErr == "" {
				res.firstErr = mine.firstErr
			}
		})
	}
	wg.Wait()
	res.killedAt = time.Unix(0, killedAt.Load())
	return res
}

// batch sends one submission per client at once and waits for every answer.
func (l *intakeLoad) batch(ctx context.Context) intakeResult {
	var (
		mu  sync.Mutex
		res intakeResult
		wg  sync.WaitGroup
	)
	for range l.clients {
		wg.Go(func() {
			a, _, err := l.send(ctx)
			mu.Lock()
			defer mu.Unlock()
			res.sent++
			if err != nil {
				res.failed++
				if res.firstErr == "" {
					res.firstErr = err.Error()
				}
				return
			}
			res.acks = append(res.acks, a)
		})
	}
	wg.Wait()
	return res
}

// verifyAcknowledged looks every acknowledged submission up in the
// database: found when its item is there with the receipt its sender got.
// missing lists the ids of the others.
func verifyAcknowledged(ctx context.Context, db *store.DB, acks []ack) (found int, missing []string, err error) {
	for _, a := range acks {
		it, err := db.IntakeItem(ctx, a.ID)
		switch {
		case errors.Is(err, kynnys.ErrNotFound):
			missing = append(missing, a.ID)
		case err != nil:
			return 0, nil, err
		case it.Receipt != a.Receipt:
			missing = append(missing, a.ID)
		default:
			found++
		}
	}
	return found, missing, nil
}
