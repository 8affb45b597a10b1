// Package jobs is Kynnys's durable job queue (deadline reminders, e-mail,
// retention): River (github.com/riverqueue/river) on the store's own database,
// SQLite or PostgreSQL. A job is put on the queue in the same transaction as
// the data it is about, so it exists exactly when that data was committed;
// it survives restarts and is retried when its work fails. On PostgreSQL any
// number of nodes work the queue together and each job runs on one of them.
//
// River's types stay inside this package: a job's arguments are any struct
// with a Kind method (Args), its work is a plain function (Func).
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// Args are a job's arguments: a struct stored as JSON, and the name of its
// kind, which stays the same across releases (jobs outlive deploys). Keep
// personal data out of them; an id to look up at work time is enough.
type Args interface {
	Kind() string
}

// Queue is the job queue on one database.
type Queue struct {
	driver riverdriver.Driver[*sql.Tx]
	// insert is an insert-only client: putting jobs on the queue needs no
	// workers, so store code can enqueue whether or not this node works jobs.
	insert *river.Client[*sql.Tx]
}

// New returns the queue on pool, the store's write pool. engine is "sqlite"
// or "postgres". On SQLite the pool must have a single connection (River's
// SQLite driver asks for one; the store's writer has one anyway). On
// PostgreSQL River's tables live in the first schema of the pool's
// search_path, like the store's own.
func New(engine string, pool *sql.DB) (*Queue, error) {
	var driver riverdriver.Driver[*sql.Tx]
	switch engine {
	case "sqlite":
		driver = riversqlite.New(pool)
	case "postgres":
		// Poll-only (no LISTEN connection of its own): a job is found within
		// the poll interval, which is plenty for reminders and e-mail.
		driver = riverdatabasesql.New(pool)
	default:
		return nil, fmt.Errorf("jobs: unknown engine %q", engine)
	}
	insert, err := river.NewClient(driver, &river.Config{})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{driver: driver, insert: insert}, nil
}

// Migrate creates or updates River's tables (River keeps its own version
// table, river_migration). Callers serialise concurrent migrators between
// nodes where they can (the store's PostgreSQL advisory lock); on SQLite,
// where another process may be migrating the same file at the same time,
// a failure is retried as long as the other migrator is making progress.
func (q *Queue) Migrate(ctx context.Context) error {
	m, err := rivermigrate.New(q.driver, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	applied := -1
	for {
		_, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		if err == nil {
			return nil
		}
		existing, verr := m.ExistingVersions(ctx)
		if verr != nil || len(existing) <= applied {
			return fmt.Errorf("jobs: migrate: %w", err)
		}
		applied = len(existing)
	}
}

// InsertTx puts a job on the queue inside tx, due at at (the zero time or a
// past time: due now). The job exists only if tx commits.
func (q *Queue) InsertTx(ctx context.Context, tx *sql.Tx, args Args, at time.Time) error {
	var opts river.InsertOpts
	// A past ScheduledAt would make the job wait for River's scheduler
	// (every few seconds) instead of being available at once.
	if at.After(time.Now()) {
		// River keeps milliseconds on SQLite, rounding: truncate, so that
		// the job is not due a fraction later than asked.
		opts.ScheduledAt = at.Truncate(time.Millisecond)
	}
	if _, err := q.insert.InsertTx(ctx, tx, args, &opts); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// Worker works the jobs of one kind; make one with Func.
type Worker struct {
	kind string
	add  func(*river.Workers) error
}

// Func returns the worker for jobs of T's kind. work gets the job's
// arguments; when it returns an error the job is tried again later, with
// growing pauses (River's default: up to 25 attempts over about three weeks).
// A job may run more than once (a node may die after the work but before
// the job is marked done), so work must be safe to repeat. Its error is
// logged: keep personal data out of it.
func Func[T Args](work func(ctx context.Context, args T) error) Worker {
	var zero T
	return Worker{kind: zero.Kind(), add: func(ws *river.Workers) error {
		return river.AddWorkerSafely(ws, river.WorkFunc(func(ctx context.Context, job *river.Job[T]) error {
			return work(ctx, job.Args)
		}))
	}}
}

// Settings of the working client. Jobs are few and mostly wait on the
// network (SMTP), so a handful of workers suits a small (two-core) node.
const (
	maxWorkers   = 4
	pollInterval = time.Second
	// stopCancelGrace is how long jobs get to notice that they were
	// cancelled when they outlast Stop's own deadline.
	stopCancelGrace = 2 * time.Second
)

type clientOptions struct {
	logger       *slog.Logger
	pollInterval time.Duration
	// forTests: no stagger at start-up, and no leader election (RunDue does
	// the one leader duty it needs itself), so that a client may start and
	// stop at once without leaving a leader behind for the next to wait on.
	forTests bool
}

// newClient builds a client that works the default queue with workers.
func newClient(q *Queue, o clientOptions, workers []Worker) (*river.Client[*sql.Tx], error) {
	ws := river.NewWorkers()
	for _, w := range workers {
		if err := w.add(ws); err != nil {
			return nil, fmt.Errorf("jobs: worker %s: %w", w.kind, err)
		}
	}
	client, err := river.NewClient(q.driver, &river.Config{
		Logger:            o.logger,
		Workers:           ws,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: maxWorkers}},
		FetchPollInterval: o.pollInterval,
		FetchCooldown:     min(o.pollInterval, river.FetchCooldownDefault),
		// A node fetches only the kinds it knows, so while nodes of two
		// releases run side by side, a new kind waits for a new node
		// instead of failing on an old one.
		FetchOnlyKnownKinds:    true,
		TestOnly:               o.forTests,
		LeaderElectionDisabled: o.forTests,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return client, nil
}

// Runner works the queue in the background until Stop.
type Runner struct {
	client *river.Client[*sql.Tx] // nil: no workers, nothing to work
}

// Start works the queue with workers until Stop; cancelling ctx does not stop
// it (so a shutdown can stop it after the requests that may add jobs).
// Without workers it works nothing. River's own log lines go to logger.
func Start(ctx context.Context, q *Queue, logger *slog.Logger, workers ...Worker) (*Runner, error) {
	if len(workers) == 0 {
		return &Runner{}, nil
	}
	client, err := newClient(q, clientOptions{logger: logger, pollInterval: pollInterval}, workers)
	if err != nil {
		return nil, err
	}
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	return &Runner{client: client}, nil
}

// Stop fetches no more jobs and waits for the running ones to finish; at
// ctx's deadline it cancels them (they run again later, on this node or
// another).
func (r *Runner) Stop(ctx context.Context) error {
	if r.client == nil {
		return nil
	}
	err := r.client.Stop(ctx)
	if ctx.Err() == nil {
		return err
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopCancelGrace)
	defer cancel()
	return r.client.StopAndCancel(cctx)
}
