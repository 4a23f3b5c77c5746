package timeline

import (
	"strconv"
	"time"
)

// FirstSpan is the time a [Clock]'s width shows when a run starts; the
// clock grows fourfold whenever the run outgrows it.
const FirstSpan = 100 * time.Millisecond

// Clock maps a run's times to the x of a drawing: Left is where time 0 is
// drawn (the lane names' column ends there), and Width pixels after it
// show Span of the run. It is the one place the page's timeline turns
// times into pixels.
type Clock struct {
	Left    float64 // x of time 0
	Width   float64 // of the time area, in pixels
	NsPerPx float64
}

// NewClock returns a clock whose width shows FirstSpan.
func NewClock(left, width float64) Clock {
	return Clock{Left: left, Width: width, NsPerPx: float64(FirstSpan) / width}
}

// X is where the time at is drawn.
func (c Clock) X(at time.Duration) float64 { return c.Left + c.Len(at) }

// Len is how many pixels a duration spans.
func (c Clock) Len(d time.Duration) float64 { return float64(d) / c.NsPerPx }

// Span is the time the width shows.
func (c Clock) Span() time.Duration { return time.Duration(c.Width * c.NsPerPx) }

// Fit rescales the clock for a run that has reached now, and reports
// whether it changed (then everything drawn must be drawn again). While
// the run goes on (live), the clock only grows, fourfold at a time, so a
// long run is redrawn every so often rather than every frame. Once it is
// over, the whole run fills the width, measured anew by width (an embed's
// timeline tab may have been hidden when the run began); it is called
// only then, since measuring costs the page a layout.
func (c *Clock) Fit(now time.Duration, live bool, width func() float64) bool {
	switch {
	case now > c.Span():
		for c.Span() < now {
			c.NsPerPx *= 4
		}
		return true
	case !live && now > 0 && now < c.Span()*4/5:
		c.Width = width()
		c.NsPerPx = float64(now) * 1.05 / c.Width
		return true
	}
	return false
}

// Tick is a label of the time axis.
type Tick struct {
	X    float64
	Text string // "0.500 s"
}

// tickPx is about how far apart the axis's labels are.
const tickPx = 90

// Ticks labels the time along the axis, at the first of 1, 2 and 5 times a
// power of ten apart that is at least tickPx wide.
func (c Clock) Ticks() []Tick {
	step := time.Microsecond
	for i := 0; c.Len(step) < tickPx; i++ {
		if i%3 == 1 {
			step = step / 2 * 5 // 2 → 5
		} else {
			step *= 2 // 1 → 2, 5 → 10
		}
	}
	var ticks []Tick
	for at := time.Duration(0); c.Len(at) <= c.Width; at += step {
		ticks = append(ticks, Tick{X: c.X(at), Text: strconv.FormatFloat(at.Seconds(), 'f', 3, 64) + " s"})
	}
	return ticks
}
