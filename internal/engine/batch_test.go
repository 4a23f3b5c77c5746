package engine

import (
	"sync"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// sent records the batches a batcher sends, decoded.
type sent struct {
	mu      sync.Mutex
	batches [][]runner.Event
	now     []bool // each batch's now
}

func (s *sent) send(b []byte, now bool) {
	var evs []runner.Event
	for len(b) > 0 {
		e, rest, err := runner.ReadEvent(b)
		if err != nil {
			panic(err)
		}
		evs = append(evs, e)
		b = rest
	}
	s.mu.Lock()
	s.batches = append(s.batches, evs)
	s.now = append(s.now, now)
	s.mu.Unlock()
}

func (s *sent) count() (batches, events int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.batches {
		events += len(b)
	}
	return len(s.batches), events
}

func TestBatcherFirstEventGoesAtOnce(t *testing.T) {
	var s sent
	b := &batcher{send: s.send, last: -batchDelay}
	b.add(runner.Event{Kind: runner.Output, Who: "main", Text: "first"})
	if n, _ := s.count(); n != 1 {
		t.Fatalf("%d batches after the first event; want it sent at once", n)
	}
	// The ones right after it wait for the timer, or for the end.
	b.add(runner.Event{Kind: runner.Output, Who: "main", Text: "second"})
	b.add(runner.Event{Kind: runner.Output, Who: "main", Text: "third"})
	if n, _ := s.count(); n != 1 {
		t.Fatalf("%d batches; want the next two to wait", n)
	}
	b.stop()
	if n, evs := s.count(); n != 2 || evs != 3 {
		t.Fatalf("after stop: %d batches of %d events; want 2 of 3", n, evs)
	}
}

func TestBatcherFirstOutputGoesAtOnce(t *testing.T) {
	var s sent
	b := &batcher{send: s.send, last: -batchDelay}
	// A run begins with events of its goroutines; its first line comes
	// right after them and must not wait for the timer.
	b.add(runner.Event{Kind: runner.Start, Who: "main"})
	b.add(runner.Event{Kind: runner.Start, Who: "worker"})
	b.add(runner.Event{Kind: runner.Output, Who: "main", Text: "first"})
	b.add(runner.Event{Kind: runner.Output, Who: "main", Text: "second"})
	s.mu.Lock()
	got := len(s.batches)
	var now []bool
	now = append(now, s.now...)
	s.mu.Unlock()
	if got != 2 {
		t.Fatalf("%d batches; want 2: the first event, then the second with the first line", got)
	}
	if now[0] || !now[1] {
		t.Errorf("now = %v; want [false true]: the first line is to be posted at once", now)
	}
	b.stop()
	if n, evs := s.count(); n != 3 || evs != 4 {
		t.Fatalf("after stop: %d batches of %d events; want 3 of 4", n, evs)
	}
}

func TestBatcherTimerSends(t *testing.T) {
	var s sent
	b := &batcher{send: s.send, last: -batchDelay}
	b.add(runner.Event{Kind: runner.Output, Text: "1"})
	b.add(runner.Event{Kind: runner.Output, Text: "2"})
	defer b.stop()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if n, _ := s.count(); n == 2 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the timer never sent the waiting event")
		}
	}
}

func TestBatcherSizeSends(t *testing.T) {
	var s sent
	b := &batcher{send: s.send, last: -batchDelay}
	defer b.stop()
	b.add(runner.Event{Kind: runner.Output, Text: "first"})
	line := string(make([]byte, 1000))
	for range batchSize/1000 + 2 {
		b.add(runner.Event{Kind: runner.Output, Text: line})
	}
	// A program that never blocks lets no timer fire: size alone moves it.
	if n, _ := s.count(); n < 2 {
		t.Fatalf("%d batches after %d bytes; want a full batch sent", n, batchSize)
	}
}
