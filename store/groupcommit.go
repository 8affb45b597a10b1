package store

import (
	"context"
	"errors"
	"sync"

	"kynnys/encounter"
)

// maxGroupCommit bounds one group commit, so that a burst does not make a
// transaction (and the wait of everyone in it) arbitrarily long.
const maxGroupCommit = 128

// errClosed answers a write that arrives after Close.
var errClosed = errors.New("store is closed")

// groupCommitter writes concurrent CreateEncounter calls together. One
// fsync'd commit costs far more than the rows it carries, so every caller
// that arrives while a commit runs joins the next transaction (natural
// batching, no timers: a lone caller goes straight through). Each caller is
// answered only after COMMIT has returned, so an acknowledgement is durable.
type groupCommitter struct {
	startOnce, stopOnce sync.Once
	// queue is unbuffered: a request is enqueued exactly when the committer
	// receives it, so whatever has been received is committed or answered
	// with an error, and a caller still waiting can give up on its context.
	queue chan *commitRequest
	quit  chan struct{} // closed by stop
	done  chan struct{} // closed when the committer has returned; nil if never started
}

type commitRequest struct {
	e     *encounter.Encounter
	reply chan error
}

// submit hands e to the committer, starting it on first use, and waits for
// its commit.
func (c *groupCommitter) submit(ctx context.Context, db *DB, e *encounter.Encounter) error {
	c.startOnce.Do(func() {
		c.queue, c.quit, c.done = make(chan *commitRequest), make(chan struct{}), make(chan struct{})
		go c.run(db)
	})
	r := &commitRequest{e: e, reply: make(chan error, 1)}
	select {
	case c.queue <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-c.quit:
		return errClosed
	}
	// Received means it will be written: wait for the outcome regardless of
	// ctx, or the caller could be told "failed" about a committed encounter.
	return <-r.reply
}

// stop makes later submits fail, lets the commit in progress finish and
// waits for the committer to return. It is safe to call more than once.
func (c *groupCommitter) stop() {
	// Claiming startOnce first keeps a committer from starting after Close.
	c.startOnce.Do(func() { c.quit = make(chan struct{}) })
	c.stopOnce.Do(func() { close(c.quit) })
	if c.done != nil {
		<-c.done
	}
}

func (c *groupCommitter) run(db *DB) {
	defer close(c.done)
	batch := make([]*commitRequest, 0, maxGroupCommit)
	for {
		select {
		case r := <-c.queue:
			batch = append(batch[:0], r)
		case <-c.quit:
			return
		}
		// Take everyone already waiting, without waiting for more.
	collect:
		for len(batch) < maxGroupCommit {
			select {
			case r := <-c.queue:
				batch = append(batch, r)
			default:
				break collect
			}
		}
		db.commitGroup(batch)
		clear(batch) // do not hold on to answered encounters
	}
}

// commitGroup writes batch in one transaction and answers every request.
// If that fails, each is written alone, so that one bad encounter (a
// service point deleted meanwhile, say) fails only its own caller. The
// writes use a context of their own: they are shared by callers whose
// contexts may end, and every received request must be committed or told why not.
func (db *DB) commitGroup(batch []*commitRequest) {
	ctx := context.Background()
	es := make([]*encounter.Encounter, len(batch))
	for i, r := range batch {
		es[i] = r.e
	}
	err := db.CreateEncounters(ctx, es)
	if err == nil || len(batch) == 1 {
		for _, r := range batch {
			r.reply <- err
		}
		return
	}
	for _, r := range batch {
		r.reply <- db.CreateEncounters(ctx, []*encounter.Encounter{r.e})
	}
}
