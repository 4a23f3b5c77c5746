package page

import (
	"strconv"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Counters follows a run's events to know what is alive now.
type Counters struct {
	Alive int // goroutines started and not yet exited
	// Events is how many events have been followed: the number of the
	// next in the run, by which the page links an event's line of output
	// to its mark in the timeline (data-event).
	Events int
	ends   map[uint64]int // open ends of each connection
}

// Reset forgets the last run.
func (c *Counters) Reset() {
	c.Alive, c.Events = 0, 0
	c.ends = map[uint64]int{}
}

// Add follows one event.
func (c *Counters) Add(e runner.Event) {
	if c.ends == nil {
		c.ends = map[uint64]int{}
	}
	c.Events++
	switch e.Kind {
	case runner.Start:
		c.Alive++
	case runner.Exit:
		c.Alive = max(0, c.Alive-1)
	case runner.End:
		// A program's goroutines end with it; and past the tracer's limit
		// the Exits of goroutines started with a plain go statement never
		// come, so their count would stay up.
		c.Alive = 0
	case runner.Dial, runner.Accept:
		c.ends[e.Conn]++
	case runner.Close:
		if n, ok := c.ends[e.Conn]; ok {
			if n <= 1 {
				delete(c.ends, e.Conn)
			} else {
				c.ends[e.Conn] = n - 1
			}
		}
	}
}

// Conns is how many connections have an end open.
func (c *Counters) Conns() int { return len(c.ends) }

// StatusParts is the status line under the buttons, in its parts: the
// state, the time since the run started, goroutines alive, open
// connections and the time scale.
func StatusParts(s State, elapsed time.Duration, c *Counters, scale int) [5]string {
	scaled := "sleeps in real time"
	if scale > 1 { // a program written in the page has no time scale
		scaled = "sleeps ÷" + strconv.Itoa(scale) + " (timescale)"
	}
	return [5]string{
		s.String(),
		strconv.FormatFloat(elapsed.Seconds(), 'f', 1, 64) + " s",
		Plural(c.Alive, "goroutine") + " alive",
		Plural(c.Conns(), "open connection"),
		scaled,
	}
}
