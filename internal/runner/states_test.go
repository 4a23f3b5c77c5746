package runner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"runtime/trace"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	xtrace "golang.org/x/exp/trace"
)

// markerLines maps each "// blocks: NAME" comment in this file to its
// line, so the tests know where the programs below wait without counting
// lines by hand.
func markerLines(t *testing.T) map[string]int {
	t.Helper()
	src, err := os.ReadFile("states_test.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		if _, name, ok := strings.Cut(sc.Text(), "// blocks: "); ok {
			lines[name] = n
		}
	}
	return lines
}

// waitParked returns once a goroutine of the process is parked at
// states_test.go:line, as a stack dump shows it: the programs below wake
// their waiter only once it really waits.
func waitParked(line int) {
	at := "states_test.go:" + strconv.Itoa(line)
	for {
		for _, s := range parseStacks(allStacks()) {
			if _, busy := s.blockedOn(); !busy && s.state != "sleep" && s.state != "select" {
				continue
			}
			for _, p := range s.places {
				if strings.HasSuffix(p, at) && s.state != "running" && s.state != "runnable" {
					return
				}
			}
		}
		time.Sleep(time.Millisecond)
	}
}

// A waiter goroutine blocks on one primitive; main wakes it once it waits.
var blockers = []struct {
	name   string
	reason string
	by     string // who wakes it
	main   func(lines map[string]int) Main
}{
	{name: "chan send", reason: "chan send", by: "main", main: func(lines map[string]int) Main {
		return func(ctx context.Context, env *Env) error {
			ch := make(chan int)
			Go(ctx, "waiter", func(ctx context.Context) {
				ch <- 1 // blocks: chan send
			})
			waitParked(lines["chan send"])
			<-ch
			return nil
		}
	}},
	{name: "chan receive", reason: "chan receive", by: "main", main: func(lines map[string]int) Main {
		return func(ctx context.Context, env *Env) error {
			ch := make(chan int)
			done := make(chan struct{})
			Go(ctx, "waiter", func(ctx context.Context) {
				<-ch // blocks: chan receive
				close(done)
			})
			waitParked(lines["chan receive"])
			ch <- 1
			<-done
			return nil
		}
	}},
	{name: "select", reason: "select", by: "main", main: func(lines map[string]int) Main {
		return func(ctx context.Context, env *Env) error {
			a, b := make(chan int), make(chan int)
			done := make(chan struct{})
			Go(ctx, "waiter", func(ctx context.Context) {
				select { // blocks: select
				case <-a:
				case <-b:
				}
				close(done)
			})
			waitParked(lines["select"])
			b <- 1
			<-done
			return nil
		}
	}},
	{name: "Mutex", reason: "Mutex", by: "main", main: func(lines map[string]int) Main {
		return func(ctx context.Context, env *Env) error {
			var mu sync.Mutex
			var wg sync.WaitGroup
			mu.Lock()
			wg.Add(1)
			Go(ctx, "waiter", func(ctx context.Context) {
				defer wg.Done()
				mu.Lock() // blocks: Mutex
				defer mu.Unlock()
			})
			waitParked(lines["Mutex"])
			mu.Unlock()
			wg.Wait()
			return nil
		}
	}},
	{name: "RWMutex", reason: "RWMutex", by: "main", main: func(lines map[string]int) Main {
		return func(ctx context.Context, env *Env) error {
			var mu sync.RWMutex
			var wg sync.WaitGroup
			mu.RLock()
			wg.Add(1)
			Go(ctx, "waiter", func(ctx context.Context) {
				defer wg.Done()
				mu.Lock() // blocks: RWMutex
				defer mu.Unlock()
			})
			waitParked(lines["RWMutex"])
			mu.RUnlock()
			wg.Wait()
			return nil
		}
	}},
	{name: "WaitGroup", reason: "WaitGroup", by: "main", main: func(lines map[string]int) Main {
		return func(ctx context.Context, env *Env) error {
			var wg, done sync.WaitGroup
			wg.Add(1)
			done.Add(1)
			Go(ctx, "waiter", func(ctx context.Context) {
				defer done.Done()
				wg.Wait() // blocks: WaitGroup
			})
			waitParked(lines["WaitGroup"])
			wg.Done()
			done.Wait()
			return nil
		}
	}},
	{name: "Cond", reason: "Cond", by: "main", main: func(lines map[string]int) Main {
		return func(ctx context.Context, env *Env) error {
			var mu sync.Mutex
			c := sync.NewCond(&mu)
			ready, done := false, make(chan struct{})
			Go(ctx, "waiter", func(ctx context.Context) {
				mu.Lock()
				for !ready {
					c.Wait() // blocks: Cond
				}
				mu.Unlock()
				close(done)
			})
			waitParked(lines["Cond"])
			mu.Lock()
			ready = true
			c.Signal()
			mu.Unlock()
			<-done
			return nil
		}
	}},
	{name: "sleep", reason: "sleep", main: func(lines map[string]int) Main {
		return func(ctx context.Context, env *Env) error {
			done := make(chan struct{})
			Go(ctx, "waiter", func(ctx context.Context) {
				_ = Sleep(ctx, 30*time.Millisecond) // blocks: sleep
				close(done)
			})
			// main keeps busy meanwhile: the timer fires while it runs,
			// and must not be taken for the waker.
			for n := 0; ; n++ {
				select {
				case <-done:
					return nil
				default:
				}
				if n%1000 == 0 {
					runtime.Gosched()
				}
			}
		}
	}},
	{name: "network", reason: "network", by: "main", main: func(lines map[string]int) Main {
		return func(ctx context.Context, env *Env) error {
			ln, err := env.Net().Listen("tcp", env.Addr())
			if err != nil {
				return err
			}
			defer ln.Close()
			done := make(chan error, 1)
			Go(ctx, "waiter", func(ctx context.Context) {
				c, err := env.Net().DialContext(ctx, "tcp", env.Addr())
				if err != nil {
					done <- err
					return
				}
				defer c.Close()
				_, err = c.Read(make([]byte, 1)) // blocks: network
				done <- err
			})
			c, err := ln.Accept()
			if err != nil {
				return err
			}
			defer c.Close()
			waitParked(lines["network"])
			if _, err := c.Write([]byte("x")); err != nil {
				return err
			}
			return <-done
		}
	}},
}

// TestStatesReasons: each way of waiting shows as the waiter's Blocked
// event, with the reason and the line, then a Runnable naming who woke it.
func TestStatesReasons(t *testing.T) {
	lines := markerLines(t)
	for _, c := range blockers {
		t.Run(c.name, func(t *testing.T) {
			res, rec := runRec(t, t.Context(), c.main(lines), Config{States: true})
			if res.Status != Done || res.TraceErr != nil {
				t.Fatalf("run: %v %v %v", res.Status, res.Err, res.TraceErr)
			}
			where := "states_test.go:" + strconv.Itoa(lines[c.name])
			var blocked *Event
			for _, e := range rec.all() {
				if e.Who != "waiter" {
					continue
				}
				switch {
				case e.Kind == Blocked && e.Where == where:
					if e.Text != c.reason {
						t.Errorf("blocked at %s: got reason %q; want %q", where, e.Text, c.reason)
					}
					blocked = &e
				case e.Kind == Runnable && blocked != nil:
					if e.By != c.by {
						t.Errorf("woken from %s: got by %q; want %q", c.reason, e.By, c.by)
					}
					if e.At < blocked.At {
						t.Errorf("woken at %v, before it blocked at %v", e.At, blocked.At)
					}
					return
				}
			}
			t.Errorf("no Blocked at %s then Runnable for waiter in %s", where, dump(rec.all()))
		})
	}
}

func dump(evs []Event) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString("\n" + e.At.String() + " " + e.Kind.String() + " " + e.Who + " " + strconv.Quote(e.Text) + " " + e.Where + " by " + e.By)
	}
	return b.String()
}

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
			if got := len(rec.of(Blocked)) > 0; got != c.states {
				t.Errorf("Blocked events: got %v; want %v", got, c.states)
			}
		})
	}
}

// TestStatesName: a goroutine of a plain go statement is named by its
// function, or by runner.Named when it is started with it, and gets Start,
// Runnable (by its parent) and Exit events from the trace.
func TestStatesName(t *testing.T) {
	var wg sync.WaitGroup
	main := func(ctx context.Context, env *Env) error {
		wg.Add(2)
		go plainWorker(&wg)
		go func(ctx context.Context) {
			defer wg.Done()
			Println(ctx, "hello")
		}(Named(ctx, "greeter"))
		wg.Wait()
		return nil
	}
	_, rec := runRec(t, t.Context(), main, Config{States: true})
	want := map[string]bool{"runner.plainWorker": false, "greeter": false}
	for _, e := range rec.of(Start) {
		if _, ok := want[e.Who]; ok {
			want[e.Who] = true
			if e.Text != "main" {
				t.Errorf("%s started by %q; want main", e.Who, e.Text)
			}
		}
	}
	for who, seen := range want {
		if !seen {
			t.Errorf("no Start for %q in %s", who, dump(rec.all()))
		}
	}
	kinds := map[string][]Kind{}
	for _, e := range rec.all() {
		if e.Who == "greeter" && e.Kind != Output {
			kinds[e.Who] = append(kinds[e.Who], e.Kind)
		}
	}
	got := kinds["greeter"]
	if len(got) < 4 || got[0] != Start || got[1] != Runnable || got[len(got)-2] != Gone || got[len(got)-1] != Exit {
		t.Errorf("greeter's events %v; want start, runnable, ..., gone, exit", got)
	}
}

func plainWorker(wg *sync.WaitGroup) { wg.Done() }

// TestStateLimit: past the limit, goroutines get no states and one
// Untraced event says so.
func TestStateLimit(t *testing.T) {
	main := func(ctx context.Context, env *Env) error {
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Add(1)
			Go(ctx, "g"+strconv.Itoa(i), func(ctx context.Context) { wg.Done() })
		}
		wg.Wait()
		return nil
	}
	_, rec := runRec(t, t.Context(), main, Config{States: true, StateLimit: 5})
	followed := map[string]bool{}
	for _, e := range rec.of(Running) {
		followed[e.Who] = true
	}
	if len(followed) != 5 {
		t.Errorf("got states for %d goroutines (%v); want 5", len(followed), followed)
	}
	limited := 0
	for _, e := range rec.of(Untraced) {
		if e.N != 0 {
			limited++
			if e.N != 5 {
				t.Errorf("got Untraced with N %d; want 5", e.N)
			}
		}
	}
	if limited != 1 {
		t.Errorf("got %d Untraced events with a limit; want 1: %s", limited, dump(rec.all()))
	}
}

// TestTraceStopsPastLimit: once the run has had more goroutines than get
// states, the trace stops (states end with an Untraced event, and the
// runner's own waits take over), unless TraceAll keeps it on.
func TestTraceStopsPastLimit(t *testing.T) {
	main := func(ctx context.Context, env *Env) error {
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Add(1)
			Go(ctx, "g"+strconv.Itoa(i), func(ctx context.Context) { wg.Done() })
		}
		wg.Wait()
		for range 3 {
			if err := Sleep(ctx, 60*time.Millisecond); err != nil {
				return err
			}
		}
		return nil
	}
	for _, c := range []struct {
		name string
		all  bool
	}{{"limit", false}, {"all", true}} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			res, rec := runRec(t, t.Context(), main, Config{States: true, StateLimit: 5, TraceAll: c.all, Trace: &buf})
			if res.Status != Done || res.TraceErr != nil {
				t.Fatalf("run: %v %v %v", res.Status, res.Err, res.TraceErr)
			}
			cut := false
			for _, e := range rec.of(Untraced) {
				cut = cut || e.N == 0
			}
			sleeps := 0
			for _, e := range rec.of(Blocked) {
				if e.Who == "main" && e.Text == "sleep" {
					sleeps++
				}
			}
			if c.all && (cut || sleeps != 3) {
				t.Errorf("traced all: cut %v, %d sleeps of main in the states; want no cut, 3", cut, sleeps)
			}
			if !c.all && (!cut || sleeps == 3 || len(rec.of(Wait)) == 0) {
				t.Errorf("cut %v, %d sleeps of main in the states, %d waits of the runner; want a cut, fewer than 3, some",
					cut, sleeps, len(rec.of(Wait)))
			}
			if _, err := xtrace.NewReader(&buf); err != nil {
				t.Errorf("the trace does not read: %v", err)
			}
		})
	}
}

// TestStateEvents: past the most state events, one Untraced event with N
// 0 says the states stop, and the runner's own waits take over.
func TestStateEvents(t *testing.T) {
	main := func(ctx context.Context, env *Env) error {
		for range 50 {
			if err := Sleep(ctx, 100*time.Microsecond); err != nil {
				return err
			}
		}
		time.Sleep(50 * time.Millisecond) // a generation is cut
		return Sleep(ctx, time.Millisecond)
	}
	_, rec := runRec(t, t.Context(), main, Config{States: true, StateEvents: 20, StatePeriod: 10 * time.Millisecond})
	n := 0
	for _, e := range rec.all() {
		switch e.Kind {
		case Blocked, Runnable, Running, Gone:
			n++
		}
	}
	if n != 20 {
		t.Errorf("got %d state events; want 20", n)
	}
	un := rec.of(Untraced)
	if len(un) != 1 || un[0].N != 0 {
		t.Fatalf("got Untraced events %+v; want one with N 0", un)
	}
	if len(rec.of(Wait)) == 0 {
		t.Errorf("no Wait events from the runner after the states stopped")
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
			rd, err := xtrace.NewReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			marks := 0
			for {
				ev, err := rd.ReadEvent()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if ev.Kind() == xtrace.EventLog && ev.Log().Category == logRun {
					marks++
				}
			}
			if marks != 1 {
				t.Errorf("got %d run marks; want 1", marks)
			}
		})
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
