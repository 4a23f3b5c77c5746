package runner

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime/trace"
	"strconv"
	"sync"
	"testing"
	"time"

	xtrace "golang.org/x/exp/trace"
)

// TestStatesReplaceRunnerWaits: with states, the runner sends no Wait or
// Resume of its own (the trace tells); without, it does, as before.
func TestStatesReplaceRunnerWaits(t *testing.T) {
	sleeper := func(ctx context.Context, env *Env) error { return Sleep(ctx, time.Millisecond) }
	for _, c := range []struct {
		name   string
		states bool
		waits  int
	}{{"states", true, 0}, {"no states", false, 1}} {
		t.Run(c.name, func(t *testing.T) {
			_, rec := runRec(t, t.Context(), sleeper, Config{States: c.states})
			if got := len(rec.of(Wait)); got != c.waits {
				t.Errorf("got %d Wait events; want %d", got, c.waits)
			}
		})
	}
}

// TestTraceStopsPastLimit: once the run has had more goroutines than get
// states, the trace stops (an Untraced event ends the states, the runner's
// own waits take over, the trace written ends there), unless TraceAll
// keeps it on. With the limit, main sleeps only once the states have
// ended, so none of its sleeps may be in the trace; with TraceAll, all
// three are.
func TestTraceStopsPastLimit(t *testing.T) {
	for _, c := range []struct {
		name   string
		all    bool
		sleeps int // main's sleeps in the trace
	}{{"limit", false, 0}, {"all", true, 3}} {
		t.Run(c.name, func(t *testing.T) {
			untraced := make(chan struct{})
			main := func(ctx context.Context, env *Env) error {
				var wg sync.WaitGroup
				for i := range 20 {
					wg.Add(1)
					Go(ctx, "g"+strconv.Itoa(i), func(ctx context.Context) { wg.Done() })
				}
				wg.Wait()
				if !c.all {
					<-untraced
				}
				for range 3 {
					if err := Sleep(ctx, time.Millisecond); err != nil {
						return err
					}
				}
				return nil
			}
			var buf bytes.Buffer
			rec := &recorder{}
			res := Run(t.Context(), main, Config{States: true, StateLimit: 5, TraceAll: c.all, Trace: &buf,
				Sink: func(e Event) {
					rec.sink(e)
					if e.Kind == Untraced {
						close(untraced)
					}
				}})
			if res.Status != Done || res.TraceErr != nil {
				t.Fatalf("run: %v %v %v", res.Status, res.Err, res.TraceErr)
			}
			un := rec.of(Untraced)
			cut := len(un) == 1 && un[0].N == 0
			if cut == c.all || (len(rec.of(Wait)) > 0) == c.all {
				t.Errorf("got Untraced %+v and %d waits of the runner; want a cut and waits: %v", un, len(rec.of(Wait)), !c.all)
			}
			sleeps := 0
			readTrace(t, &buf, func(ev xtrace.Event) {
				if ev.Kind() != xtrace.EventStateTransition {
					return
				}
				st := ev.StateTransition()
				if st.Resource.Kind != xtrace.ResourceGoroutine {
					return
				}
				if _, to := st.Goroutine(); to == xtrace.GoWaiting {
					for f := range st.Stack.Frames() {
						if f.Func == modulePath+"runner.Sleep" {
							sleeps++
						}
					}
				}
			})
			if sleeps != c.sleeps {
				t.Errorf("%d of main's sleeps in the trace; want %d", sleeps, c.sleeps)
			}
		})
	}
}

// TestTraceWriter: Config.Trace gets a whole execution trace, which
// x/exp/trace reads to its end, with the run's mark in it.
func TestTraceWriter(t *testing.T) {
	for _, states := range []bool{false, true} {
		t.Run("states="+strconv.FormatBool(states), func(t *testing.T) {
			var buf bytes.Buffer
			res, _ := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
				return Sleep(ctx, time.Millisecond)
			}, Config{Trace: &buf, States: states})
			if res.TraceErr != nil {
				t.Fatal(res.TraceErr)
			}
			marks := 0
			readTrace(t, &buf, func(ev xtrace.Event) {
				if ev.Kind() == xtrace.EventLog && ev.Log().Category == TraceMark {
					marks++
				}
			})
			if marks != 1 {
				t.Errorf("got %d run marks; want 1", marks)
			}
		})
	}
}

// TestShortRunOneGeneration: a run shorter than its state period is one
// generation of the trace: the flight recorder that cuts generations is
// started by the first cut, not with the trace (where, in js/wasm, ending
// a generation before main's first step delayed the run's first line).
func TestShortRunOneGeneration(t *testing.T) {
	var buf bytes.Buffer
	res, _ := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		return Sleep(ctx, 10*time.Millisecond)
	}, Config{Trace: &buf, States: true, StatePeriod: time.Hour})
	if res.TraceErr != nil {
		t.Fatal(res.TraceErr)
	}
	// x/exp/trace reports a Sync at each generation's start and one at
	// the trace's end. (With the recorder started with the trace: 5.)
	syncs := 0
	readTrace(t, &buf, func(ev xtrace.Event) {
		if ev.Kind() == xtrace.EventSync {
			syncs++
		}
	})
	if syncs != 2 {
		t.Errorf("got %d syncs; want 2: one generation", syncs)
	}
}

// readTrace reads the execution trace in r to its end, giving each event
// to f; a trace it cannot read fails the test.
func readTrace(t *testing.T, r io.Reader, f func(xtrace.Event)) {
	t.Helper()
	rd, err := xtrace.NewReader(r)
	if err != nil {
		t.Fatal(err)
	}
	for {
		ev, err := rd.ReadEvent()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		f(ev)
	}
}

// TestAlreadyTracing: with an execution trace already on, a run asking
// for one runs without, says so, and keeps the runner's own waits.
func TestAlreadyTracing(t *testing.T) {
	if trace.IsEnabled() {
		t.Skip("tracing already (go test -trace)")
	}
	if err := trace.Start(io.Discard); err != nil {
		t.Fatal(err)
	}
	defer trace.Stop()
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		return Sleep(ctx, time.Millisecond)
	}, Config{States: true})
	if res.Status != Done || res.TraceErr == nil {
		t.Errorf("got %v, TraceErr %v; want done with a TraceErr", res.Status, res.TraceErr)
	}
	if len(rec.of(Note)) != 1 || len(rec.of(Wait)) != 1 || len(rec.of(Blocked)) != 0 {
		t.Errorf("got %d notes, %d waits, %d blocked; want 1, 1, 0", len(rec.of(Note)), len(rec.of(Wait)), len(rec.of(Blocked)))
	}
}

// TestTraceWriteError: a Trace writer that fails does not fail the run;
// Result.TraceErr and a Note say so.
func TestTraceWriteError(t *testing.T) {
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error { return nil },
		Config{Trace: failWriter{}})
	if res.Status != Done || !errors.Is(res.TraceErr, errDiskFull) {
		t.Errorf("got %v, TraceErr %v; want done and %v", res.Status, res.TraceErr, errDiskFull)
	}
	if len(rec.of(Note)) != 1 {
		t.Errorf("got notes %+v; want one", rec.of(Note))
	}
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }
