package engine

import (
	"sync"
	"time"

	"github.com/goroutine-playground/playground/internal/protocol"
	"github.com/goroutine-playground/playground/internal/runner"
)

// The batches' size and delay are the protocol's: worker.js gathers what
// Go hands it by the same rule before it posts to the view.
const (
	// batchSize is the size at which a batch of events is sent at once: a
	// program that never blocks never lets a timer fire, so size alone must
	// move its output.
	batchSize = protocol.BatchBytes
	// batchDelay is how long an event may wait for others to join its
	// batch: about a frame, since the view draws once per frame anyway.
	batchDelay = protocol.BatchDelay
)

// batcher keeps a run's events in wire form and hands them to send in
// batches. The first event after a quiet spell goes at once, and so does
// the run's first line of output (the reader waits for it: it comes a few
// milliseconds after the run's first events, and would otherwise wait a
// batchDelay for them); the ones that follow within batchDelay wait for a
// timer or for the batch to fill.
type batcher struct {
	// send hands over a batch; now says it carries the run's first line,
	// which worker.js then posts at once too. It must not keep the slice.
	send  func(b []byte, now bool)
	eager bool // send each Output event at once, with what waits before it

	mu     sync.Mutex
	buf    []byte
	last   time.Duration // At of the last event sent
	tail   time.Duration // At of the last event added
	timer  *time.Timer
	output bool // an Output event has been sent
}

// add is the run's sink: it appends e and sends the batch if it is due.
func (b *batcher) add(e runner.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	wasEmpty := len(b.buf) == 0
	b.buf = runner.AppendEvent(b.buf, e)
	b.tail = e.At
	first := e.Kind == runner.Output && !b.output
	switch {
	case first:
		b.output = true
		b.sendLocked(e.At, true)
	case len(b.buf) >= batchSize || (wasEmpty && e.At-b.last >= batchDelay) || (b.eager && e.Kind == runner.Output):
		b.sendLocked(e.At, false)
	case wasEmpty:
		if b.timer == nil {
			b.timer = time.AfterFunc(batchDelay, b.flush)
		} else {
			b.timer.Reset(batchDelay)
		}
	}
}

// flush sends what is waiting.
func (b *batcher) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sendLocked(b.tail, false)
}

func (b *batcher) sendLocked(at time.Duration, now bool) {
	if len(b.buf) == 0 {
		return
	}
	b.send(b.buf, now)
	b.buf = b.buf[:0]
	b.last = at
}

// stop sends what is waiting and stops the timer.
func (b *batcher) stop() {
	b.flush()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer != nil {
		b.timer.Stop()
	}
}
