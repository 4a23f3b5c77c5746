package page

import (
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
	"github.com/goroutine-playground/playground/internal/timeline"
)

const ms = time.Millisecond

// layout lays the events out, numbered as the view numbers them.
func layout(evs ...runner.Event) *timeline.Timeline {
	tl := timeline.New()
	for i, e := range evs {
		tl.Add(e, i)
	}
	return tl
}

// woken is a run in which worker waits on a channel until main wakes it,
// then sleeps, and a deadlock follows.
func woken() *timeline.Timeline {
	return layout(
		runner.Event{At: 0, Kind: runner.Start, Who: "main"},
		runner.Event{At: 1 * ms, Kind: runner.Start, Who: "worker", Text: "main"},
		runner.Event{At: 1 * ms, Kind: runner.Running, Who: "main"},
		runner.Event{At: 2 * ms, Kind: runner.Running, Who: "worker"},
		runner.Event{At: 3 * ms, Kind: runner.Blocked, Who: "worker", Text: "chan receive", Where: "pool.go:58"},
		runner.Event{At: 10 * ms, Kind: runner.Runnable, Who: "worker", By: "main"},
		runner.Event{At: 10*ms + 63*time.Microsecond, Kind: runner.Running, Who: "worker"},
		runner.Event{At: 11 * ms, Kind: runner.Wait, Who: "worker", Text: "sleep 10s (÷10)"},
		runner.Event{At: 12 * ms, Kind: runner.Blocked, Who: "main", Text: "select", Where: "deadlock.go:63"},
		runner.Event{At: 20 * ms, Kind: runner.Stuck, Who: "main", Text: "select", Where: "deadlock.go:63"},
		runner.Event{At: 1500 * ms, Kind: runner.End, Status: runner.Failed},
	)
}

func TestTip(t *testing.T) {
	tl := woken()
	for _, tc := range []struct {
		desc string
		id   string
		n    int
		want string
	}{
		{"a lane", ItemLane.ID(1), 0, "worker: started at +0.001 by main"},
		{"a stuck lane", ItemLane.ID(0), 0, "main: started at +0.000, stuck in the deadlock"},
		{"running", ItemSpan.ID(0), 1, "+0.001 main running, until +0.012 (11.0 ms)"},
		{"a wait woken by another", ItemSpan.ID(2), 1,
			"+0.003 worker waiting: chan receive at pool.go:58, until +0.010 (7.0 ms), woken by main"},
		{"ready", ItemSpan.ID(3), 1, "+0.010 worker ready to run, waiting for the CPU, until +0.010 (63 µs)"},
		{"a piece of several states", ItemSpan.ID(3), 4, "+0.010 worker ready to run, waiting for the CPU, until +0.010 (63 µs); " +
			"drawn with 3 briefer states beside it, less than a pixel apart"},
		{"the runner's own wait", ItemSpan.ID(5), 1, "+0.011 worker waiting: sleep 10s (÷10), until +1.500 (1.49 s)"},
		{"a stuck wait", ItemSpan.ID(6), 1, "+0.012 main stuck for good: select at deadlock.go:63 (the run deadlocked)"},
		{"a wake", ItemWake.ID(0), 0, "+0.010 main woke worker, ending its wait: chan receive at pool.go:58"},
		{"a deadlock's goroutine", ItemStuck.ID(0), 0, "main is stuck for good: select at deadlock.go:63 (the deadlock was found at +0.020)"},
		{"out of range", ItemSpan.ID(99), 1, ""},
		{"an unknown kind", "z1", 1, ""},
		{"no index", "s", 1, ""},
		{"a negative index", "s-1", 1, ""},
		{"no waits-on", ItemWaitsOn.ID(0), 0, ""},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			if got := Tip(tl, tc.id, tc.n); got != tc.want {
				t.Errorf("Tip(%q, %d):\ngot  %q\nwant %q", tc.id, tc.n, got, tc.want)
			}
		})
	}
}

// TestTipWaitsOn: a deadlock's cycle, where the model has it.
func TestTipWaitsOn(t *testing.T) {
	tl := timeline.New()
	tl.Deadlock = &timeline.Deadlock{}
	tl.Lanes = []timeline.Lane{{Name: "alice"}, {Name: "bob"}}
	tl.Deadlock.Stuck = []timeline.Stuck{{Lane: 0, At: 5 * ms, Reason: "select", Where: "x.go:9", Span: -1}}
	tl.Deadlock.WaitsOn = []timeline.WaitsOn{{From: 0, To: 1, Where: "x.go:9"}}
	for _, tc := range []struct {
		desc, id, want string
	}{
		{"the edge", ItemWaitsOn.ID(0), "alice waits at x.go:9 on bob, which woke it there before"},
		{"the stuck goroutine says whom it waits on", ItemStuck.ID(0),
			"alice is stuck for good: select at x.go:9 (the deadlock was found at +0.005); it waits on bob"},
	} {
		if got := Tip(tl, tc.id, 0); got != tc.want {
			t.Errorf("%s: got %q; want %q", tc.desc, got, tc.want)
		}
	}
}

func TestLength(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0 µs"}, {63 * time.Microsecond, "63 µs"}, {12500 * time.Microsecond, "12.5 ms"}, {1200 * ms, "1.20 s"},
	} {
		if got := Length(tc.d); got != tc.want {
			t.Errorf("Length(%v): got %q; want %q", tc.d, got, tc.want)
		}
	}
}

// TestReasonClass: every reason the runner names has a class the legend
// explains.
func TestReasonClass(t *testing.T) {
	explained := map[string]bool{}
	for _, k := range Legend() {
		explained[k.Class] = true
	}
	for _, r := range append(runner.Reasons[:], "forever", "preempted") {
		if c := ReasonClass(r); !explained["waiting "+c] {
			t.Errorf("the reason %q has the class %q, which the legend does not explain", r, c)
		}
	}
	for _, tc := range []struct{ reason, want string }{
		{"chan receive", "r-chan"}, {"select", "r-chan"}, {"Mutex", "r-sync"}, {"WaitGroup", "r-sync"},
		{"sleep", "r-sleep"}, {"network", "r-io"}, {"input", "r-io"}, {"GC", "r-other"}, {"preempted", "r-other"},
	} {
		if got := ReasonClass(tc.reason); got != tc.want {
			t.Errorf("ReasonClass(%q): got %q; want %q", tc.reason, got, tc.want)
		}
	}
}

func TestLaneLabel(t *testing.T) {
	for _, tc := range []struct {
		name string
		max  int
		want string
	}{
		{"main", 15, "main"},
		{"worker-12", 9, "worker-12"},
		{"examples.spawn.func1#12", 15, "…spawn.func1#12"},
		{"äöü-äöü-äöü", 6, "…ü-äöü"},
	} {
		if got := LaneLabel(tc.name, tc.max); got != tc.want {
			t.Errorf("LaneLabel(%q, %d): got %q; want %q", tc.name, tc.max, got, tc.want)
		}
	}
}

func TestStuckLabel(t *testing.T) {
	if got := StuckLabel("select", "deadlock.go:63"); got != "stuck: select at deadlock.go:63" {
		t.Errorf("StuckLabel with a place = %q", got)
	}
	if got := StuckLabel("chan receive", ""); got != "stuck: chan receive" {
		t.Errorf("StuckLabel without a place = %q", got)
	}
}
