//go:build js && wasm

package main

import (
	"strconv"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/runner"
)

// counters follows a run's events to know what is alive now.
type counters struct {
	alive int            // goroutines started and not yet exited
	ends  map[uint64]int // open ends of each connection
}

func (c *counters) reset() {
	c.alive = 0
	c.ends = map[uint64]int{}
}

func (c *counters) add(e runner.Event) {
	switch e.Kind {
	case runner.Start:
		c.alive++
	case runner.Exit:
		c.alive--
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

// status is the line under the buttons: the state, the time since the run
// started, goroutines alive, open connections and the time scale. It is
// redrawn every frame of a run, so it writes only the parts that changed.
type status struct {
	parts [5]*dom.BasicHTMLElement
	last  [5]string
}

func newStatus(box *dom.BasicHTMLElement) *status {
	if box == nil {
		return nil // a page without a status line
	}
	empty(box)
	s := &status{}
	for i, class := range []string{"state", "elapsed", "alive", "conns", "scale"} {
		s.parts[i] = create("span", class)
		box.AppendChild(s.parts[i])
	}
	return s
}

// show writes the line.
func (s *status) show(state string, elapsed time.Duration, c *counters, scale int) {
	if s == nil {
		return
	}
	scaled := "sleeps in real time"
	if scale != 1 {
		scaled = "sleeps ÷" + strconv.Itoa(scale) + " (timescale)"
	}
	for i, t := range [5]string{
		state,
		strconv.FormatFloat(elapsed.Seconds(), 'f', 1, 64) + " s",
		plural(c.alive, "goroutine") + " alive",
		plural(len(c.ends), "open connection"),
		scaled,
	} {
		if t != s.last[i] {
			s.parts[i].SetTextContent(t)
			s.last[i] = t
		}
	}
}

func plural(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}
