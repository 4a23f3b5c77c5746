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
// started, goroutines alive, open connections and the time scale.
type status struct {
	state, elapsed, alive, conns, scale *dom.BasicHTMLElement
}

func newStatus(box *dom.BasicHTMLElement) *status {
	empty(box)
	s := &status{
		state:   text("span", "state", ""),
		elapsed: text("span", "elapsed", ""),
		alive:   text("span", "alive", ""),
		conns:   text("span", "conns", ""),
		scale:   text("span", "scale", ""),
	}
	for _, e := range []*dom.BasicHTMLElement{s.state, s.elapsed, s.alive, s.conns, s.scale} {
		box.AppendChild(e)
	}
	return s
}

// show writes the line.
func (s *status) show(state string, elapsed time.Duration, c *counters, scale int) {
	s.state.SetTextContent(state)
	s.elapsed.SetTextContent(strconv.FormatFloat(elapsed.Seconds(), 'f', 1, 64) + " s")
	s.alive.SetTextContent(plural(c.alive, "goroutine") + " alive")
	s.conns.SetTextContent(plural(len(c.ends), "open connection"))
	if scale == 1 {
		s.scale.SetTextContent("sleeps in real time")
	} else {
		s.scale.SetTextContent("sleeps ÷" + strconv.Itoa(scale) + " (timescale)")
	}
}

func plural(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}
