package store_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"kynnys/jobs"
	"kynnys/store"
	"kynnys/store/storetest"
)

type testJob struct {
	Name string `json:"name"`
}

func (testJob) Kind() string { return "kynnys_test" }

// ran counts the runs of test jobs by name; failFirst names jobs whose first
// run fails.
type ran struct {
	mu        sync.Mutex
	runs      map[string]int
	failFirst map[string]bool
}

func newRan(failFirst ...string) *ran {
	r := &ran{runs: map[string]int{}, failFirst: map[string]bool{}}
	for _, n := range failFirst {
		r.failFirst[n] = true
	}
	return r
}

func (r *ran) worker() jobs.Worker {
	return jobs.Func(func(_ context.Context, a testJob) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.runs[a.Name]++
		if r.failFirst[a.Name] && r.runs[a.Name] == 1 {
			return errors.New("first attempt fails")
		}
		return nil
	})
}

func (r *ran) count(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.runs[name]
}

// runDue works the test jobs due by now.
func runDue(t *testing.T, db *store.DB, now time.Time, r *ran) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if err := jobs.RunDue(ctx, db.Jobs(), now, r.worker()); err != nil {
		t.Fatalf("RunDue: %v", err)
	}
}

func enqueue(t *testing.T, db *store.DB, name string, at time.Time, rollback bool) {
	t.Helper()
	if err := db.EnqueueInTx(t.Context(), testJob{Name: name}, at, rollback); err != nil {
		t.Fatalf("enqueue %s: %v", name, err)
	}
}

// A job put on the queue in a transaction exists exactly when the
// transaction commits, and then runs once.
func TestJobsFollowTheirTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		enqueue(t, db, "rolled-back", time.Time{}, true)
		enqueue(t, db, "committed", time.Time{}, false)
		enqueue(t, db, "overdue", time.Now().Add(-time.Hour), false)
		r := newRan()
		runDue(t, db, time.Now(), r)
		for name, want := range map[string]int{"rolled-back": 0, "committed": 1, "overdue": 1} {
			if got := r.count(name); got != want {
				t.Errorf("job %q ran %d times, want %d", name, got, want)
			}
		}
		runDue(t, db, time.Now(), r)
		if got := r.count("committed"); got != 1 {
			t.Errorf("a done job ran again: %d runs", got)
		}
	})
}

// A job due later waits on the queue until then: on the clock, and when
// RunDue is asked to look ahead.
func TestJobsWaitUntilDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		soon := time.Now().Add(1500 * time.Millisecond)
		enqueue(t, db, "soon", soon, false)
		tomorrow := time.Now().Add(24 * time.Hour)
		enqueue(t, db, "tomorrow", tomorrow, false)
		r := newRan()
		runDue(t, db, time.Now(), r)
		if got := r.count("soon"); got != 0 {
			t.Fatalf("a job due in the future ran %d times before it was due", got)
		}
		time.Sleep(time.Until(soon))
		runDue(t, db, time.Now(), r)
		if got := r.count("soon"); got != 1 {
			t.Fatalf("a job ran %d times once due, want 1", got)
		}
		runDue(t, db, tomorrow.Add(-time.Minute), r)
		if got := r.count("tomorrow"); got != 0 {
			t.Fatalf("a job ran %d times a minute before it was due", got)
		}
		runDue(t, db, tomorrow, r)
		if got := r.count("tomorrow"); got != 1 {
			t.Fatalf("a job ran %d times at its time, want 1", got)
		}
	})
}

// A job whose work fails is tried again later, not at once.
func TestJobsRetryFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		enqueue(t, db, "flaky", time.Time{}, false)
		r := newRan("flaky")
		runDue(t, db, time.Now(), r)
		if got := r.count("flaky"); got != 1 {
			t.Fatalf("first run: %d attempts, want 1 (the retry comes later)", got)
		}
		// River's first retry comes about a second after the failure.
		runDue(t, db, time.Now().Add(time.Minute), r)
		if got := r.count("flaky"); got != 2 {
			t.Fatalf("%d attempts, want 2 (a failure and a retry)", got)
		}
		runDue(t, db, time.Now().Add(24*time.Hour), r)
		if got := r.count("flaky"); got != 2 {
			t.Fatalf("a job that succeeded on its retry ran again: %d attempts", got)
		}
	})
}

// Jobs are on disk, not in memory: they outlive the process that queued them.
func TestJobsSurviveReopen(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			dsn := storetest.DSN(t, engine)
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(t.Context()); err != nil {
				t.Fatal(err)
			}
			enqueue(t, db, "durable", time.Time{}, false)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			reopened := openStore(t, dsn)
			if _, err := reopened.Migrate(t.Context()); err != nil {
				t.Fatal(err)
			}
			r := newRan()
			runDue(t, reopened, time.Now(), r)
			if got := r.count("durable"); got != 1 {
				t.Fatalf("the job ran %d times after reopening, want 1", got)
			}
		})
	}
}

// The runner kynnys serve starts picks queued jobs up by itself, and Stop
// cancels a job that outlasts Stop's deadline.
func TestJobsRunner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		started := make(chan string, 2)
		cancelled := make(chan struct{})
		worker := jobs.Func(func(ctx context.Context, a testJob) error {
			started <- a.Name
			if a.Name != "endless" {
				return nil
			}
			<-ctx.Done()
			close(cancelled)
			return ctx.Err()
		})
		runner, err := jobs.Start(t.Context(), db.Jobs(), slog.New(slog.DiscardHandler), worker)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"quick", "endless"} {
			enqueue(t, db, name, time.Time{}, false)
			select {
			case got := <-started:
				if got != name {
					t.Fatalf("started %q, want %q", got, name)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("the runner did not start job %q within 10 s", name)
			}
		}
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		stopStart := time.Now()
		_ = runner.Stop(ctx)
		select {
		case <-cancelled:
		default:
			t.Fatal("Stop returned without cancelling the running job")
		}
		if took := time.Since(stopStart); took > 5*time.Second {
			t.Errorf("Stop took %v", took)
		}
	})
}
