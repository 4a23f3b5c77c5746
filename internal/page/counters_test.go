package page

import (
	"testing"

	"github.com/goroutine-playground/playground/internal/runner"
)

// TestCounters: goroutines alive, connections open, and the events
// followed, which number the next event of the run.
func TestCounters(t *testing.T) {
	var c Counters
	c.Reset()
	for i, e := range []runner.Event{
		{Kind: runner.Start, Who: "main"},
		{Kind: runner.Start, Who: "client"},
		{Kind: runner.Dial, Who: "client", Conn: 1},
		{Kind: runner.Accept, Who: "main", Conn: 1},
		{Kind: runner.Output, Who: "main", Text: "hi"},
		{Kind: runner.Close, Who: "client", Conn: 1},
		{Kind: runner.Exit, Who: "client"},
	} {
		if c.Events != i {
			t.Errorf("before event %d, Events = %d; want %d", i, c.Events, i)
		}
		c.Add(e)
	}
	if c.Alive != 1 || c.Conns() != 1 || c.Events != 7 {
		t.Errorf("alive %d, conns %d, events %d; want 1, 1, 7", c.Alive, c.Conns(), c.Events)
	}
	// Past the tracer's limit a plain goroutine's Exit never comes: the
	// run's end counts it gone with the rest.
	c.Add(runner.Event{Kind: runner.Start, Who: "main.worker"})
	c.Add(runner.Event{Kind: runner.End, Status: runner.Done})
	if c.Alive != 0 {
		t.Errorf("after the End: alive %d; want 0", c.Alive)
	}
	c.Reset()
	if c.Alive != 0 || c.Conns() != 0 || c.Events != 0 {
		t.Errorf("after Reset: alive %d, conns %d, events %d; want 0, 0, 0", c.Alive, c.Conns(), c.Events)
	}
}
