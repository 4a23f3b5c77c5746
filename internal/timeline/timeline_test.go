package timeline

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/examples/programs"
	"github.com/goroutine-playground/playground/internal/runner"
)

// The tests run the real pool program, which starts goroutines. Under
// js/wasm the runtime parks one of its own in runtime.handleEvent once
// JavaScript has called into Go; it is not the program's.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("runtime.handleEvent"))
}

// numbered returns a sink that lays out a run's events in tl, numbered
// from 0 in the order they come, as the view numbers them.
func numbered(tl *Timeline) func(runner.Event) {
	n := 0
	return func(e runner.Event) {
		tl.Add(e, n)
		n++
	}
}

// runPool runs the real pool program and lays out its events.
func runPool(t *testing.T, clients, workers, protocol int) (*Timeline, []runner.Event) {
	t.Helper()
	ex, ok := examples.Lookup("pool")
	if !ok {
		t.Fatal("no pool program")
	}
	tl := New()
	var evs []runner.Event
	res := runner.Run(t.Context(), programs.Main(ex.Name), runner.Config{
		Knobs: ex.Knobs,
		Values: runner.Values{"clients": clients, "workers": workers, "messages": 3,
			"pause": 20, "protocol": protocol},
		Sink: func(e runner.Event) {
			evs = append(evs, e)
			tl.Add(e, len(evs)-1)
		},
	})
	if res.Status != runner.Done {
		t.Fatalf("pool run: %v %v", res.Status, res.Err)
	}
	return tl, evs
}

// TestPoolLanes: a lane for each goroutine the run started, named as its
// Start event names it, and every goroutine that printed has one.
func TestPoolLanes(t *testing.T) {
	tl, evs := runPool(t, 5, 2, 0)
	var started, lanes []string
	for _, e := range evs {
		if e.Kind == runner.Start {
			started = append(started, e.Who)
		}
		if e.Kind == runner.Output {
			if _, ok := tl.Lane(e.Who); !ok {
				t.Errorf("%q printed %q but has no lane", e.Who, e.Text)
			}
		}
	}
	for _, l := range tl.Lanes {
		lanes = append(lanes, l.Name)
		if !l.Ended {
			t.Errorf("lane %q never ended", l.Name)
		}
	}
	if !slices.Equal(lanes, started) {
		t.Errorf("lanes %q; want the started goroutines %q", lanes, started)
	}
	for _, s := range tl.Spans {
		if s.Open {
			t.Errorf("span %+v still open after the run", s)
		}
	}
}

// TestPoolServed: every client is queued, then served once by a worker,
// and never more than workers at once.
func TestPoolServed(t *testing.T) {
	for _, workers := range []int{1, 2, 3} {
		t.Run(strconv.Itoa(workers), func(t *testing.T) {
			tl, _ := runPool(t, 5, workers, 0)
			served := map[string]Span{}
			type edge struct {
				at time.Duration
				d  int
			}
			var edges []edge
			for _, s := range tl.Spans {
				if s.Kind != Served {
					continue
				}
				client := tl.Lanes[s.Lane].Name
				if _, dup := served[client]; dup {
					t.Errorf("%s served twice", client)
				}
				served[client] = s
				if len(s.Other) < 7 || s.Other[:7] != "worker-" {
					t.Errorf("%s served by %q; want a worker", client, s.Other)
				}
				edges = append(edges, edge{s.From, +1}, edge{s.To, -1})
			}
			if len(served) != 5 {
				t.Fatalf("served clients %d; want 5", len(served))
			}
			slices.SortFunc(edges, func(a, b edge) int {
				if a.at != b.at {
					return int(a.at - b.at)
				}
				return a.d - b.d // ends before starts at the same instant
			})
			most, n := 0, 0
			for _, e := range edges {
				n += e.d
				most = max(most, n)
			}
			if most > workers || most == 0 {
				t.Errorf("at most %d served at once; want 1..%d", most, workers)
			}
			queued := 0
			for _, s := range tl.Spans {
				if s.Kind == Queued && s.To > s.From {
					queued++
					if sv, ok := served[tl.Lanes[s.Lane].Name]; !ok || sv.From != s.To {
						t.Errorf("queued span %+v does not end where its service starts (%+v)", s, sv)
					}
				}
			}
			if queued < 5-workers {
				t.Errorf("%d clients waited in the queue; want at least %d", queued, 5-workers)
			}
		})
	}
}

// TestPoolArrows: the pickle goes from a worker to its client, each
// message from a client to its worker, each arrow pointing forward in
// time, labelled with the bytes.
func TestPoolArrows(t *testing.T) {
	tl, evs := runPool(t, 3, 2, 0)
	var sends int
	for _, e := range evs {
		if e.Kind == runner.Send {
			sends++
		}
	}
	if len(tl.Arrows) != sends {
		t.Errorf("%d arrows for %d sends", len(tl.Arrows), sends)
	}
	var pickles, hey int
	for _, a := range tl.Arrows {
		from, to := tl.Lanes[a.From].Name, tl.Lanes[a.To].Name
		if a.Received < a.Sent || evs[a.SendEvent].Kind != runner.Send || evs[a.RecvEvent].Kind != runner.Recv {
			t.Errorf("arrow %+v does not go from a send to a later recv", a)
		}
		switch a.Label {
		case `(lp0\nI1\naI2\naI7\naI9\naI0\na.`:
			pickles++
			if from[:7] != "worker-" || to[:7] != "client-" {
				t.Errorf("pickle from %s to %s", from, to)
			}
		case `Hey. 0\n`, `Hey. 1\n`, `Hey. 2\n`:
			hey++
			if from[:7] != "client-" || to[:7] != "worker-" {
				t.Errorf("%q from %s to %s", a.Label, from, to)
			}
		default:
			t.Errorf("unexpected label %q", a.Label)
		}
	}
	if pickles != 3 || hey != 9 {
		t.Errorf("%d pickles and %d messages; want 3 and 9", pickles, hey)
	}
}

func net(kind runner.Kind, at time.Duration, who string, conn uint64, addr, peer string, off int64, text string) runner.Event {
	return runner.Event{At: at, Kind: kind, Who: who, Conn: conn, Addr: addr, Peer: peer, Off: off, N: len(text), Text: text}
}

// TestPairing covers orders the pool does not show: a read reported
// before its write, one read taking two writes, and byte-by-byte reads.
func TestPairing(t *testing.T) {
	const a, b = "a:1", "b:2"
	start := func(tl *Timeline) {
		tl.Add(runner.Event{Kind: runner.Start, Who: "w"}, 0)
		tl.Add(runner.Event{Kind: runner.Start, Who: "r"}, 1)
	}
	for _, tc := range []struct {
		desc   string
		events []runner.Event
		want   []string // labels of the arrows, in order
	}{
		{"write then read", []runner.Event{
			net(runner.Send, 1, "w", 7, a, b, 0, "hello"),
			net(runner.Recv, 2, "r", 7, b, a, 0, "hello"),
		}, []string{"hello"}},
		{"read reported first", []runner.Event{
			net(runner.Recv, 1, "r", 7, b, a, 0, "hel"),
			net(runner.Recv, 2, "r", 7, b, a, 3, "lo"),
			net(runner.Send, 3, "w", 7, a, b, 0, "hello"),
		}, []string{"hello"}},
		{"one read, two writes", []runner.Event{
			net(runner.Send, 1, "w", 7, a, b, 0, "ab"),
			net(runner.Send, 2, "w", 7, a, b, 2, "cd"),
			net(runner.Recv, 3, "r", 7, b, a, 0, "abcd"),
		}, []string{"ab", "cd"}},
		{"byte by byte", []runner.Event{
			net(runner.Send, 1, "w", 7, a, b, 0, "ab"),
			net(runner.Send, 2, "w", 7, a, b, 2, "c\x00"),
			net(runner.Recv, 3, "r", 7, b, a, 0, "a"),
			net(runner.Recv, 4, "r", 7, b, a, 1, "b"),
			net(runner.Recv, 5, "r", 7, b, a, 2, "c"),
			net(runner.Recv, 6, "r", 7, b, a, 3, "\x00"),
		}, []string{"ab", `c\x00`}},
		{"other direction is not a partner", []runner.Event{
			net(runner.Send, 1, "w", 7, a, b, 0, "x"),
			net(runner.Recv, 2, "w", 7, a, b, 0, "y"),
		}, nil},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			tl := New()
			start(tl)
			for i, e := range tc.events {
				tl.Add(e, i)
			}
			var got []string
			for _, ar := range tl.Arrows {
				got = append(got, ar.Label)
				if tl.Lanes[ar.From].Name != "w" || tl.Lanes[ar.To].Name != "r" {
					t.Errorf("arrow %+v not from w to r", ar)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q; want %q", got, tc.want)
			}
		})
	}
}

// TestRecvMarksCoalesce: a byte-by-byte decoder draws one mark, not one per byte.
func TestRecvMarksCoalesce(t *testing.T) {
	tl := New()
	tl.Add(runner.Event{Kind: runner.Start, Who: "r"}, 0)
	for i := range 26 {
		tl.Add(net(runner.Recv, time.Duration(i), "r", 1, "b", "a", int64(i), "x"), 1+i)
	}
	if len(tl.Marks) != 1 || tl.Marks[0].Count != 26 {
		t.Errorf("marks %+v; want one standing for 26 reads", tl.Marks)
	}
}

// TestWaits: a wait lasts until the goroutine's next event, and a sleep
// until its Resume.
func TestWaits(t *testing.T) {
	tl := New()
	for i, e := range []runner.Event{
		{At: 0, Kind: runner.Start, Who: "g"},
		{At: 1, Kind: runner.Wait, Who: "g", Text: "accept"},
		{At: 5, Kind: runner.Accept, Who: "g", Conn: 1},
		{At: 6, Kind: runner.Wait, Who: "g", Text: "sleep 1s"},
		{At: 9, Kind: runner.Resume, Who: "g"},
		{At: 10, Kind: runner.Wait, Who: "g", Text: "read"},
	} {
		tl.Add(e, i)
	}
	want := []Span{
		{Lane: 0, Kind: Waiting, From: 1, To: 5, Text: "accept", Event: 1, Reason: "network", By: -1},
		{Lane: 0, Kind: Waiting, From: 6, To: 9, Text: "sleep 1s", Event: 3, Reason: "sleep", By: -1},
		{Lane: 0, Kind: Waiting, From: 10, To: 10, Open: true, Text: "read", Event: 5, Reason: "network", By: -1},
	}
	if !slices.Equal(tl.Spans, want) {
		t.Errorf("spans\n%+v; want\n%+v", tl.Spans, want)
	}
	tl.Add(runner.Event{At: 12, Kind: runner.End, Text: "done"}, 6)
	if s := tl.Spans[2]; s.Open || s.To != 12 {
		t.Errorf("after End, the open wait is %+v; want closed at 12", s)
	}
}

// TestManyLanes: beyond MaxLanes goroutines are counted, not laid out.
func TestManyLanes(t *testing.T) {
	tl := New()
	add := numbered(tl)
	const n = MaxLanes + 500
	for i := range n {
		who := "g" + strconv.Itoa(i)
		add(runner.Event{Kind: runner.Start, Who: who})
		add(runner.Event{Kind: runner.Output, Who: who, Text: "hi"})
		add(runner.Event{Kind: runner.Exit, Who: who})
	}
	if len(tl.Lanes) != MaxLanes || len(tl.Marks) != 2*MaxLanes {
		t.Errorf("%d lanes and %d marks; want %d and %d", len(tl.Lanes), len(tl.Marks), MaxLanes, 2*MaxLanes)
	}
	if s, e := tl.Hidden(); s != 500 || e != 500 {
		t.Errorf("hidden %d started, %d ended; want 500, 500", s, e)
	}
	// The marks keep the numbers the events were given.
	if last := tl.Marks[len(tl.Marks)-1]; last.Event != 3*MaxLanes-1 {
		t.Errorf("the last mark is of event %d; want %d", last.Event, 3*MaxLanes-1)
	}
}

func TestLabel(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"Hey. 3\n", 32, `Hey. 3\n`},
		{"\x80\x02]q\x00", 32, `\x80\x02]q\x00`},
		{"abcdef", 4, "abcd…"},
		{`say "hi"`, 32, `say \"hi\"`},
	} {
		if got := Label(tc.in, tc.max); got != tc.want {
			t.Errorf("Label(%q, %d): got %q; want %q", tc.in, tc.max, got, tc.want)
		}
	}
}
