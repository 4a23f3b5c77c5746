//go:build js && wasm

package main

import (
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
)

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
func (s *status) show(state page.State, elapsed time.Duration, c *page.Counters, scale int) {
	if s == nil {
		return
	}
	for i, t := range page.StatusParts(state, elapsed, c, scale) {
		if t != s.last[i] {
			s.parts[i].SetTextContent(t)
			s.last[i] = t
		}
	}
}
