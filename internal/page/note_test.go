package page

import (
	"strconv"
	"testing"

	"github.com/goroutine-playground/playground/internal/runner"
	"github.com/goroutine-playground/playground/internal/timeline"
)

func TestTimelineNote(t *testing.T) {
	many := timeline.New()
	n := 0
	add := func(e runner.Event) { many.Add(e, n); n++ }
	for i := range timeline.MaxLanes + 2 {
		add(runner.Event{Kind: runner.Start, Who: "g" + strconv.Itoa(i)})
	}
	add(runner.Event{At: 5 * ms, Kind: runner.Untraced, N: 1000, Text: "goroutines after the first 1000 have no states"})
	add(runner.Event{At: 666 * ms, Kind: runner.Untraced, Text: "past 1000 goroutines the execution trace stops"})
	for _, tc := range []struct {
		desc   string
		tl     *timeline.Timeline
		joined int
		want   string
	}{
		{"one goroutine", layout(runner.Event{Kind: runner.Start, Who: "main"}), 0, "1 goroutine."},
		{"clients waiting and served", layout(
			runner.Event{Kind: runner.Start, Who: "main"},
			runner.Event{Kind: runner.Start, Who: "c1"},
			runner.Event{Kind: runner.Start, Who: "c2"},
			runner.Event{Kind: runner.Dial, Who: "c1", Conn: 1, Addr: "c:1"},
			runner.Event{Kind: runner.Dial, Who: "c2", Conn: 2, Addr: "c:2"},
			runner.Event{Kind: runner.Accept, Who: "main", Conn: 1},
			runner.Event{Kind: runner.Accept, Who: "main", Conn: 2},
			runner.Event{Kind: runner.Send, Who: "main", Conn: 1, Addr: "s:1", N: 1, Text: "x"},
		), 0, "3 goroutines; clients served now: 1, waiting: 1."},
		{"beyond the lanes, states cut, pieces", many, 12, "1000 goroutines. Only the first 1000 goroutines have lanes: " +
			"2 more started (0 of them ended) and are counted, not drawn. The goroutine states stop at +0.666 " +
			"(past 1000 goroutines the execution trace stops): after that, lanes show what the runner saw. " +
			"Where a goroutine changed state several times within a pixel, one mark stands for those states (12 of them)."},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			if got := TimelineNote(tc.tl, tc.joined); got != tc.want {
				t.Errorf("\ngot  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestTraceNote(t *testing.T) {
	cut := timeline.States{On: true, Cut: true, CutAt: 666 * ms, Why: []string{"past 1000 goroutines the execution trace stops"}}
	for _, tc := range []struct {
		desc    string
		program string
		st      timeline.States
		kept    int
		all     bool
		want    string
	}{
		{"no trace", "pool", timeline.States{}, 0, true, ""},
		{"the whole run", "pool", timeline.States{On: true}, 312_400, true, "pool.trace, 312 KB."},
		{"a program of the reader's", "", timeline.States{On: true}, 900, true, "program.trace, 900 B."},
		{"cut by the tracer", "many", cut, 2_140_000, true,
			"many.trace, 2.1 MB: it stops at +0.666, as past 1000 goroutines the execution trace stops."},
		{"cut by the page", "many", cut, 64 << 20, false, "many.trace, 67.1 MB: the page kept only the first 67.1 MB of it."},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			if got := TraceNote(tc.program, tc.st, tc.kept, tc.all); got != tc.want {
				t.Errorf("got %q; want %q", got, tc.want)
			}
		})
	}
}
