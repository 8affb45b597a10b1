package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// runDuePoll is how often RunDue's client looks for jobs and RunDue looks
// whether any are left: short, so that tests stay fast.
const runDuePoll = 20 * time.Millisecond

// RunDue is for tests: it works the jobs of the workers' kinds that are due
// by now, with a real River client fetching them from the queue, and returns
// when none of those kinds is due by now (or by the clock, when that is
// later) or running. now ahead of the clock fires jobs scheduled for later
// without waiting for them. A job that fails is retried by River's policy,
// so it runs again within the same call only if its retry falls due too.
// Jobs of other kinds are left alone. Run it on a database where no Runner
// works.
func RunDue(ctx context.Context, q *Queue, now time.Time, workers ...Worker) error {
	client, err := newClient(q, clientOptions{logger: slog.New(slog.DiscardHandler), pollInterval: runDuePoll, forTests: true}, workers)
	if err != nil {
		return err
	}
	kinds := make([]string, len(workers))
	for i, w := range workers {
		kinds[i] = w.kind
	}
	if err := client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	idleErr := waitIdle(ctx, client, kinds, now)
	if err := client.Stop(ctx); err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return idleErr
}

// waitIdle waits until no job of kinds is running or due by now. A job due
// by now that River would not fetch yet (scheduled for later than the clock,
// or waiting for the leader's scheduler, which this client does not run: see
// clientOptions.forTests) is made available at once.
func waitIdle(ctx context.Context, client *river.Client[*sql.Tx], kinds []string, now time.Time) error {
	params := river.NewJobListParams().
		Kinds(kinds...).
		States(rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable, rivertype.JobStateRunning).
		OrderBy(river.JobListOrderByScheduledAt, river.SortOrderAsc).
		First(1)
	t := time.NewTicker(runDuePoll)
	defer t.Stop()
	for {
		res, err := client.JobList(ctx, params)
		if err != nil {
			return fmt.Errorf("jobs: list: %w", err)
		}
		// The horizon moves with the clock once the clock passes now: a job
		// made available below is due at the clock's time, and so is a job
		// being worked (due when it was fetched), so the earliest
		// scheduled_at decides.
		clock := time.Now()
		if len(res.Jobs) == 0 || res.Jobs[0].ScheduledAt.After(later(now, clock)) {
			return nil
		}
		job := res.Jobs[0]
		if job.State == rivertype.JobStateScheduled || job.State == rivertype.JobStateRetryable || job.ScheduledAt.After(clock) {
			if _, err := client.JobRetry(ctx, job.ID); err != nil {
				return fmt.Errorf("jobs: make a due job available: %w", err)
			}
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
