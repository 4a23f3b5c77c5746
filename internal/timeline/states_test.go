package timeline

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/examples/programs"
	"github.com/goroutine-playground/playground/internal/runner"
	"github.com/goroutine-playground/playground/internal/states"
)

// span is a Span in short, for comparing layouts: "lane kind from-to".
func (t *Timeline) short(s Span) string {
	out := fmt.Sprintf("%s %s %d-%d", t.Lanes[s.Lane].Name, s.Kind, s.From, s.To)
	if s.Open {
		out += " open"
	}
	if s.Kind == Waiting {
		out += " " + s.Reason + "@" + s.Where
		if s.By >= 0 {
			out += " by " + t.Lanes[s.By].Name
		}
		if s.Stuck {
			out += " stuck"
		}
	}
	return out
}

func (t *Timeline) shortSpans() []string {
	var out []string
	for _, s := range t.Spans {
		out = append(out, t.short(s))
	}
	return out
}

// TestStatesLayout: the states tile each lane, a wait ends with the lane
// that woke it and a Wake arrow, and a lane's states end at Gone even
// though the runner's Exit came first (the states come late).
func TestStatesLayout(t *testing.T) {
	for _, tc := range []struct {
		desc   string
		events []runner.Event
		spans  []string
		wakes  []string
	}{
		{"a wait woken by another goroutine", []runner.Event{
			{At: 1, Kind: runner.Start, Who: "main"},
			{At: 3, Kind: runner.Start, Who: "w", Text: "main"},
			{At: 8, Kind: runner.Exit, Who: "w"},
			{At: 9, Kind: runner.Exit, Who: "main"},
			{At: 2, Kind: runner.Runnable, Who: "main"},
			{At: 2, Kind: runner.Running, Who: "main"},
			{At: 3, Kind: runner.Runnable, Who: "w", By: "main"},
			{At: 4, Kind: runner.Blocked, Who: "main", Text: "WaitGroup", Where: "x.go:9"},
			{At: 4, Kind: runner.Running, Who: "w"},
			{At: 7, Kind: runner.Runnable, Who: "main", By: "w"},
			{At: 8, Kind: runner.Gone, Who: "w"},
			{At: 8, Kind: runner.Running, Who: "main"},
			{At: 9, Kind: runner.Gone, Who: "main"},
			{At: 10, Kind: runner.End, Text: "done"},
		}, []string{
			"main runnable 2-2",
			"main running 2-4",
			"w runnable 3-4",
			"main waiting 4-7 WaitGroup@x.go:9 by w",
			"w running 4-8",
			"main runnable 7-8",
			"main running 8-9",
		}, []string{"w→main at 7"}},
		{"a sleep: no waker; states cut before the end", []runner.Event{
			{At: 1, Kind: runner.Start, Who: "main"},
			{At: 1, Kind: runner.Running, Who: "main"},
			{At: 2, Kind: runner.Blocked, Who: "main", Text: "sleep", Where: "x.go:3"},
			{At: 5, Kind: runner.Runnable, Who: "main"},
			{At: 6, Kind: runner.Running, Who: "main"},
			{At: 7, Kind: runner.Untraced, Text: "too many"},
			{At: 9, Kind: runner.Exit, Who: "main"},
			{At: 10, Kind: runner.End, Text: "done"},
		}, []string{
			"main running 1-2",
			"main waiting 2-5 sleep@x.go:3",
			"main runnable 5-6",
			"main running 6-7",
		}, nil},
		{"a lane's last state ends with the lane when Gone never comes", []runner.Event{
			{At: 1, Kind: runner.Start, Who: "main"},
			{At: 1, Kind: runner.Running, Who: "main"},
			{At: 4, Kind: runner.Exit, Who: "main"},
			{At: 10, Kind: runner.End, Text: "done"},
		}, []string{"main running 1-4"}, nil},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			tl := New()
			for i, e := range tc.events {
				tl.Add(e, i)
			}
			if got := tl.shortSpans(); !slices.Equal(got, tc.spans) {
				t.Errorf("spans\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.spans, "\n"))
			}
			var wakes []string
			for _, w := range tl.Wakes {
				wakes = append(wakes, fmt.Sprintf("%s→%s at %d", tl.Lanes[w.From].Name, tl.Lanes[w.To].Name, w.At))
				if s := tl.Spans[w.Span]; s.Kind != Waiting || s.Lane != w.To || s.By != w.From {
					t.Errorf("wake %+v does not end its span %+v", w, s)
				}
			}
			if !slices.Equal(wakes, tc.wakes) {
				t.Errorf("wakes %q; want %q", wakes, tc.wakes)
			}
			if !tl.States.On {
				t.Errorf("States.On is false")
			}
		})
	}
}

// TestUntraced: a limit on goroutines and a cut are both in the model.
func TestUntraced(t *testing.T) {
	tl := New()
	add := numbered(tl)
	add(runner.Event{At: 1, Kind: runner.Untraced, N: 1000, Text: "goroutines after the first 1000 have no states"})
	add(runner.Event{At: 5, Kind: runner.Untraced, Text: "past 1000 goroutines the execution trace stops"})
	want := States{Limit: 1000, Cut: true, CutAt: 5,
		Why: []string{"goroutines after the first 1000 have no states", "past 1000 goroutines the execution trace stops"}}
	if got := tl.States; got.Limit != want.Limit || got.Cut != want.Cut || got.CutAt != want.CutAt || !slices.Equal(got.Why, want.Why) {
		t.Errorf("got %+v; want %+v", got, want)
	}
}

// TestMaxSpans: spans stop at their cap, and the timeline says so.
func TestMaxSpans(t *testing.T) {
	tl := New()
	add := numbered(tl)
	add(runner.Event{Kind: runner.Start, Who: "g"})
	for i := range MaxSpans + 10 {
		k := runner.Running
		if i%2 == 1 {
			k = runner.Runnable
		}
		add(runner.Event{At: time.Duration(i), Kind: k, Who: "g"})
	}
	if len(tl.Spans) != MaxSpans || !tl.Capped() {
		t.Errorf("%d spans, capped %v; want %d, true", len(tl.Spans), tl.Capped(), MaxSpans)
	}
}

// runStates runs a program with states and lays out its events.
func runStates(t *testing.T, main runner.Main, cfg runner.Config) (*Timeline, runner.Result) {
	t.Helper()
	tl := New()
	cfg.States, cfg.Parse = true, states.Parse
	cfg.Sink = numbered(tl)
	res := runner.Run(t.Context(), main, cfg)
	if res.TraceErr != nil {
		t.Fatal(res.TraceErr)
	}
	if !tl.Ended {
		t.Fatal("the timeline did not end")
	}
	return tl, res
}

// checkTiled checks that each lane's state spans follow one another
// without gap or overlap, and are all closed.
func checkTiled(t *testing.T, tl *Timeline) {
	t.Helper()
	last := map[int]Span{}
	for _, s := range tl.Spans {
		if !s.States {
			continue
		}
		if s.Open || s.To < s.From {
			t.Errorf("span %s is open or backwards", tl.short(s))
		}
		if p, ok := last[s.Lane]; ok && p.To != s.From {
			t.Errorf("span %s does not follow %s", tl.short(s), tl.short(p))
		}
		last[s.Lane] = s
	}
}

// TestPoolStatesLayout: in the real pool, every lane is tiled by its
// states, and the workers wait in the waiting room until main wakes them.
// Whether a worker waits there at all is the scheduler's choice, so the
// program runs up to five times until one does.
func TestPoolStatesLayout(t *testing.T) {
	ex, _ := examples.Lookup("pool")
	roomWaits := 0
	for run := 0; run < 5 && roomWaits == 0; run++ {
		tl, res := runStates(t, programs.Main(ex.Name), runner.Config{Knobs: ex.Knobs,
			Values: runner.Values{"clients": 4, "workers": 2, "messages": 2, "pause": 10}})
		if res.Status != runner.Done {
			t.Fatalf("pool: %v %v", res.Status, res.Err)
		}
		checkTiled(t, tl)
		if len(tl.Wakes) == 0 {
			t.Errorf("no wakes")
		}
		main, _ := tl.Lane("main")
		for _, s := range tl.Spans {
			if s.Kind == Waiting && strings.HasPrefix(tl.Lanes[s.Lane].Name, "worker-") && s.Reason == "chan receive" {
				roomWaits++
				if s.By != main || !strings.HasPrefix(s.Where, "pool.go:") {
					t.Errorf("a worker's chan receive %s; want at pool.go, woken by main", tl.short(s))
				}
			}
		}
	}
	if roomWaits == 0 {
		t.Errorf("in five runs, no worker waited on the waiting room")
	}
}

// pingPong is a test-only program: alice and bob each wake the other once
// at the line where the other waits, then both wait there again for an
// answer that never comes. The timeline can tell the cycle: each waits
// where the other woke it before. Each sends only once the other waits,
// so the waits are where they are on any scheduler.
func pingPong(ctx context.Context, env *runner.Env) error {
	toAlice, toBob := make(chan int), make(chan int)
	done := make(chan struct{}, 2)
	runner.Go(ctx, "alice", func(ctx context.Context) {
		defer func() { done <- struct{}{} }()
		waitSelect("pingPong.func2") // bob
		toBob <- 1
		for {
			select { // alice waits
			case <-toAlice:
			case <-ctx.Done():
				return
			}
		}
	})
	runner.Go(ctx, "bob", func(ctx context.Context) {
		defer func() { done <- struct{}{} }()
		for i := 0; ; i++ {
			select { // bob waits
			case <-toBob:
			case <-ctx.Done():
				return
			}
			if i == 0 {
				waitSelect("pingPong.func1") // alice
				toAlice <- 2
			}
		}
	})
	<-done
	<-done
	return nil
}

// waitSelect returns once the goroutine running the function fn waits in
// a select, as a dump of every stack shows.
func waitSelect(fn string) {
	buf := make([]byte, 1<<20)
	for {
		dump := string(buf[:runtime.Stack(buf, true)])
		for g := range strings.SplitSeq(dump, "\n\n") {
			if strings.Contains(g, fn+"(") && strings.Contains(g, "[select") {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
}

// TestDeadlockCycle: a deadlock's goroutines end on their stuck waits, and
// who waits on whom is the cycle alice → bob → alice.
func TestDeadlockCycle(t *testing.T) {
	tl, res := runStates(t, pingPong, runner.Config{Knobs: []runner.Knob{runner.Stall}, Values: runner.Values{"stall": 200}})
	if res.Status != runner.Failed || tl.Deadlock == nil {
		t.Fatalf("got %v, deadlock %v; want failed with a deadlock", res.Status, tl.Deadlock)
	}
	checkTiled(t, tl)
	alice, _ := tl.Lane("alice")
	bob, _ := tl.Lane("bob")
	var edges []string
	for _, w := range tl.Deadlock.WaitsOn {
		edges = append(edges, tl.Lanes[w.From].Name+"→"+tl.Lanes[w.To].Name)
	}
	slices.Sort(edges)
	if want := []string{"alice→bob", "bob→alice"}; !slices.Equal(edges, want) {
		t.Errorf("waits on %q; want %q", edges, want)
	}
	checkStuck(t, tl, map[int]string{alice: "select", bob: "select"}, "states_test.go:")
}

// checkStuck checks that each lane ends on its stuck wait, with reason.
func checkStuck(t *testing.T, tl *Timeline, reasons map[int]string, file string) {
	t.Helper()
	for _, st := range tl.Deadlock.Stuck {
		want, ok := reasons[st.Lane]
		if !ok {
			continue
		}
		delete(reasons, st.Lane)
		if st.Span < 0 {
			t.Errorf("%s stuck without a span", tl.Lanes[st.Lane].Name)
			continue
		}
		s := tl.Spans[st.Span]
		if !s.Stuck || s.Reason != want || !strings.HasPrefix(s.Where, file) || st.Reason != want || !tl.Lanes[st.Lane].Stuck {
			t.Errorf("%s stuck in %s (%+v); want stuck on %s at %s…", tl.Lanes[st.Lane].Name, tl.short(s), st, want, file)
		}
		for _, later := range tl.Spans[st.Span+1:] {
			if later.Lane == st.Lane && later.Kind != Queued && later.Kind != Served && later.Kind != Serving {
				t.Errorf("%s has %s after its stuck wait", tl.Lanes[st.Lane].Name, tl.short(later))
			}
		}
	}
	for l := range reasons {
		t.Errorf("%s not stuck", tl.Lanes[l].Name)
	}
}

// TestDeadlockExample: the real deadlock, with and without states: alice
// and bob end stuck in listen's select, main on its WaitGroup.
func TestDeadlockExample(t *testing.T) {
	ex, _ := examples.Lookup("deadlock")
	for _, withStates := range []bool{true, false} {
		t.Run(fmt.Sprint("states=", withStates), func(t *testing.T) {
			tl := New()
			res := runner.Run(t.Context(), programs.Main(ex.Name), runner.Config{Knobs: ex.Knobs, Values: runner.Values{"stall": 200},
				States: withStates, Parse: states.Parse, Sink: numbered(tl)})
			if res.Status != runner.Failed || tl.Deadlock == nil {
				t.Fatalf("got %v, deadlock %v; want failed with a deadlock", res.Status, tl.Deadlock)
			}
			if tl.States.On != withStates {
				t.Errorf("States.On %v; want %v", tl.States.On, withStates)
			}
			main, _ := tl.Lane("main")
			alice, _ := tl.Lane("alice")
			bob, _ := tl.Lane("bob")
			checkStuck(t, tl, map[int]string{main: "WaitGroup", alice: "select", bob: "select"}, "deadlock.go:")
			if len(tl.Deadlock.WaitsOn) != 0 {
				t.Errorf("waits on %+v; want none (no one ever woke them)", tl.Deadlock.WaitsOn)
			}
		})
	}
}

// TestStatesBounded: many's goroutines do not grow the states or the
// layout past their caps: with 10,000 or 40,000 goroutines, lanes, spans
// and state events stay under them, and the timeline says where the
// states stop. (How many spans a goroutine has depends on the scheduler:
// under -race, main's spawning loop alone ran and was preempted 7,000
// times, so the counts are compared with the caps, not with each other.)
func TestStatesBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 40,000 goroutines")
	}
	ex, _ := examples.Lookup("many")
	for _, n := range []int{10000, 40000} {
		sent := 0
		tl := New()
		add := numbered(tl)
		res := runner.Run(t.Context(), programs.Main(ex.Name), runner.Config{Knobs: ex.Knobs, States: true, Parse: states.Parse,
			Values: runner.Values{"goroutines": n, "clients": 20, "messages": 1},
			Sink: func(e runner.Event) {
				switch e.Kind {
				case runner.Blocked, runner.Runnable, runner.Running, runner.Gone:
					sent++
				}
				add(e)
			}})
		if res.Status != runner.Done {
			t.Fatalf("many %d: %v %v", n, res.Status, res.Err)
		}
		if len(tl.Lanes) > MaxLanes || len(tl.Spans) > MaxSpans || sent > runner.DefaultStateEvents {
			t.Errorf("many %d: %d lanes, %d spans, %d state events; want at most %d, %d, %d",
				n, len(tl.Lanes), len(tl.Spans), sent, MaxLanes, MaxSpans, runner.DefaultStateEvents)
		}
		if tl.States.Limit != runner.DefaultStateLimit && !tl.States.Cut {
			t.Errorf("many %d: states %+v; want the limit or a cut said", n, tl.States)
		}
	}
}
