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
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"kynnys/access"
	"kynnys/directory"
	"kynnys/encounter"
	"kynnys/store"
	"kynnys/web"
)

func cmdBenchEncounters(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench encounters", flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Not KYNNYS_DB: a load test must not write into a real database by accident.
	dsn := fs.String("db", "", "SQLite file path or postgres:// URL to load (default: a fresh temporary SQLite file)")
	clients := fs.Int("clients", 32, "concurrent HTTP clients")
	duration := fs.Duration("duration", 10*time.Second, "how long to send requests")
	addr := fs.String("addr", "", "listen address HOST:PORT for the server (default: a free port on 127.0.0.1)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load (server and clients) to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *clients < 1 || *duration <= 0 {
		return usageError{"--clients and --duration must be positive"}
	}
	if *dsn == "" {
		dir, err := os.MkdirTemp("", "kynnys-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*dsn = filepath.Join(dir, "kynnys.db")
	}
	if *addr == "" {
		*addr = "127.0.0.1:0"
	}

	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	point, token, err := benchFixture(ctx, db)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	srv, err := web.New(web.Config{Version: version, Logger: slog.New(slog.DiscardHandler)}, db)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = httpSrv.Serve(ln) }()
	defer httpSrv.Close()

	// A minute ago, so that the start is never in the future at the server.
	started := time.Now().Add(-time.Minute).Truncate(time.Second)
	body, err := json.Marshal(map[string]any{"service_point_id": point.ID, "channel": "walk_in",
		"started_at": started.Format(time.RFC3339), "duration_min": 20, "anonymous": true, "age_band": "18_29",
		"topics": []string{"debt", "housing"}, "help": []string{"advice"}, "already_client": "no",
		"continued_to_services": true, "first_visit": true})
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	res := runLoad(ctx, "http://"+ln.Addr().String()+"/api/v1/encounters", token, body, *clients, *duration)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if res.firstErr != "" {
		fmt.Fprintf(stderr, "kynnys: first failed request: %s\n", res.firstErr)
	}

	// Every acknowledged encounter must be in the roll-ups of the fixture's
	// own service point, which nothing else writes to.
	day := (&encounter.Encounter{StartedAt: started}).LocalDate()
	stats, err := db.EncounterStats(ctx, encounter.StatsQuery{From: day, To: day, ServicePointIDs: []string{point.ID}})
	if err != nil {
		return err
	}
	stored := stats.Total()

	lat := res.latencies
	slices.Sort(lat)
	fmt.Fprintf(stdout, "engine:      %s\n", db.Engine())
	fmt.Fprintf(stdout, "clients:     %d\n", *clients)
	fmt.Fprintf(stdout, "duration:    %s\n", res.elapsed.Round(time.Millisecond))
	fmt.Fprintf(stdout, "requests:    %d\n", len(lat))
	fmt.Fprintf(stdout, "errors:      %d\n", len(lat)-res.acked)
	fmt.Fprintf(stdout, "throughput:  %.0f encounters/s\n", float64(res.acked)/res.elapsed.Seconds())
	fmt.Fprintf(stdout, "latency:     p50 %s  p90 %s  p99 %s  max %s\n",
		quantile(lat, 0.50), quantile(lat, 0.90), quantile(lat, 0.99), quantile(lat, 1))
	fmt.Fprintf(stdout, "stored:      %d (acknowledged %d)\n", stored, res.acked)
	if stored != res.acked {
		return fmt.Errorf("the database holds %d encounters, but %d were acknowledged", stored, res.acked)
	}
	return nil
}

// benchFixture makes a team, a service point of it and a social counsellor
// in it with an API token. Names are unique, so a database can be loaded again.
func benchFixture(ctx context.Context, db *store.DB) (*directory.ServicePoint, string, error) {
	tag := rand.Text()[:8]
	team := &access.Team{Name: "Bench " + tag, Municipalities: []string{"Pori"}}
	if err := db.CreateTeam(ctx, team); err != nil {
		return nil, "", err
	}
	point := &directory.ServicePoint{Kind: directory.KindMeetingPlace, TeamID: team.ID, Municipality: "Pori",
		Name: directory.Localized{FI: "Kuormitustesti " + tag}}
	if err := db.CreateServicePoint(ctx, point, directory.Editor{Name: "kynnys bench"}); err != nil {
		return nil, "", err
	}
	hash, err := access.HashPassword(rand.Text())
	if err != nil {
		return nil, "", err
	}
	u, err := db.CreateUser(ctx, access.NewUser{Email: "bench-" + tag + "@example.invalid", Name: "Bench " + tag,
		Role: access.RoleSocialCounsellor, TeamIDs: []string{team.ID}, PasswordHash: hash})
	if err != nil {
		return nil, "", err
	}
	token, _, err := db.CreateAPIToken(ctx, u.ID, "bench")
	return point, token, err
}

type loadResult struct {
	latencies []time.Duration // of every request, acknowledged or not
	acked     int             // 201 responses
	elapsed   time.Duration
	firstErr  string
}

// runLoad has clients POST body to url until duration has passed. A request
// under way then is finished, not cancelled: a cancelled request may still
// have been stored, and the count check afterwards would not add up.
func runLoad(ctx context.Context, url, token string, body []byte, clients int, duration time.Duration) loadResult {
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}}
	defer client.CloseIdleConnections()
	var (
		mu  sync.Mutex
		res loadResult
		wg  sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(duration)
	for range clients {
		wg.Go(func() {
			var lat []time.Duration
			acked := 0
			var firstErr string
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				status, err := post(client, url, token, body)
				lat = append(lat, time.Since(t0))
				switch {
				case status == http.StatusCreated:
					acked++ // acknowledged even if reading the answer failed
				case firstErr != "":
				case err != nil:
					firstErr = err.Error()
				default:
					firstErr = fmt.Sprintf("HTTP %d", status)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.latencies = append(res.latencies, lat...)
			res.acked += acked
			if res.firstErr == "" {
				res.firstErr = firstErr
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

func post(client *http.Client, url, token string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	// Read to the end, so that the connection is reused.
	_, err = io.Copy(io.Discard, resp.Body)
	err = errors.Join(err, resp.Body.Close())
	return resp.StatusCode, err
}

// quantile is the q-quantile (nearest rank) of sorted latencies.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)].Round(10 * time.Microsecond)
}
