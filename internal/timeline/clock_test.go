package timeline

import (
	"slices"
	"testing"
	"time"
)

// TestClockFit: a live run grows the clock fourfold when it outgrows the
// width, and a run that is over fills the width, measured then.
func TestClockFit(t *testing.T) {
	for _, tc := range []struct {
		desc     string
		now      time.Duration
		live     bool
		width    float64 // what the box measures, when asked
		changed  bool
		span     time.Duration
		measured bool
	}{
		{"within the first span", 50 * time.Millisecond, true, 0, false, FirstSpan, false},
		{"just outgrown", 101 * time.Millisecond, true, 0, true, 4 * FirstSpan, false},
		{"far outgrown", 2 * time.Second, true, 0, true, 64 * FirstSpan, false},
		{"over, short: fills the width", 20 * time.Millisecond, false, 500, true, 21 * time.Millisecond, true},
		{"over, nearly full: left alone", 90 * time.Millisecond, false, 500, false, FirstSpan, false},
		{"over before anything happened", 0, false, 500, false, FirstSpan, false},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			c := NewClock(110, 1000)
			measured := false
			changed := c.Fit(tc.now, tc.live, func() float64 { measured = true; return tc.width })
			if changed != tc.changed || measured != tc.measured {
				t.Errorf("changed %v, measured %v; want %v, %v", changed, measured, tc.changed, tc.measured)
			}
			// Spans are compared to a microsecond: the width is a float.
			if got := c.Span().Round(time.Microsecond); got != tc.span {
				t.Errorf("span %v; want %v", got, tc.span)
			}
			if tc.now > 0 && c.X(tc.now) > c.Left+c.Width {
				t.Errorf("now (%v) is drawn at %.1f, beyond the width's end %.1f", tc.now, c.X(tc.now), c.Left+c.Width)
			}
		})
	}
}

// TestClockTicks: labels every 1, 2 or 5 times a power of ten, at least
// tickPx apart, from 0 to the width's end.
func TestClockTicks(t *testing.T) {
	for _, tc := range []struct {
		desc  string
		span  time.Duration
		width float64
		want  []string
	}{
		{"the first span", FirstSpan, 1000, []string{"0.000 s", "0.010 s", "0.020 s", "0.030 s", "0.040 s",
			"0.050 s", "0.060 s", "0.070 s", "0.080 s", "0.090 s", "0.100 s"}},
		{"two seconds on a phone", 2 * time.Second, 240, []string{"0.000 s", "1.000 s", "2.000 s"}},
		{"fives", 1 * time.Second, 400, []string{"0.000 s", "0.500 s", "1.000 s"}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			c := Clock{Left: 10, Width: tc.width, NsPerPx: float64(tc.span) / tc.width}
			var got []string
			for i, k := range c.Ticks() {
				got = append(got, k.Text)
				if i > 0 && k.X-c.Ticks()[i-1].X < tickPx {
					t.Errorf("ticks %q and %q are %.1f px apart; want at least %d", c.Ticks()[i-1].Text, k.Text, k.X-c.Ticks()[i-1].X, tickPx)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q; want %q", got, tc.want)
			}
		})
	}
}
