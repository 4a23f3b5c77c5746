package states

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/goroutine-playground/playground/internal/runner"
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
// states_test.go:line, as a dump of every stack shows it: the programs
// below wake their waiter only once it really waits. A wait in the
// runner's own bookkeeping on the way (memnet records a read as an event)
// is not the wait: under -race and load the waiter was seen parked there,
// woken, and never waited on the network at all.
func waitParked(line int) {
	at := "states_test.go:" + strconv.Itoa(line)
	buf := make([]byte, 1<<20)
	for {
		dump := string(buf[:runtime.Stack(buf, true)])
		for g := range strings.SplitSeq(dump, "\n\n") {
			header, _, _ := strings.Cut(g, "\n")
			i := strings.Index(g, at+" ")
			if i < 0 {
				i = strings.Index(g, at+"\n")
			}
			// g[:i] is the header and the frames inside the line's.
			if i >= 0 && !strings.Contains(header, "[running") && !strings.Contains(header, "[runnable") &&
				!strings.Contains(g[:i], "/internal/runner.") {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
}

// events are a run's events, in the order they came.
type events []runner.Event

func (evs events) all() []runner.Event { return evs }

// of returns the events of kind k, in order.
func (evs events) of(k runner.Kind) []runner.Event {
	var out []runner.Event
	for _, e := range evs {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// runRec runs main with its states parsed by Parse, and returns its events.
func runRec(t *testing.T, ctx context.Context, main runner.Main, cfg runner.Config) (runner.Result, events) {
	t.Helper()
	var evs events
	if cfg.States {
		cfg.Parse = Parse
	}
	cfg.Sink = func(e runner.Event) { evs = append(evs, e) }
	res := runner.Run(ctx, main, cfg)
	if len(evs) == 0 || evs[len(evs)-1].Kind != runner.End {
		t.Fatalf("the last event is not End: %v", evs)
	}
	return res, evs
}

// A waiter goroutine blocks on one primitive; main wakes it once it waits.
var blockers = []struct {
	name   string
	reason string
	by     string // who wakes it
	main   func(lines map[string]int) runner.Main
}{
	{name: "chan send", reason: "chan send", by: "main", main: func(lines map[string]int) runner.Main {
		return func(ctx context.Context, env *runner.Env) error {
			ch := make(chan int)
			runner.Go(ctx, "waiter", func(ctx context.Context) {
				ch <- 1 // blocks: chan send
			})
			waitParked(lines["chan send"])
			<-ch
			return nil
		}
	}},
	{name: "chan receive", reason: "chan receive", by: "main", main: func(lines map[string]int) runner.Main {
		return func(ctx context.Context, env *runner.Env) error {
			ch := make(chan int)
			done := make(chan struct{})
			runner.Go(ctx, "waiter", func(ctx context.Context) {
				<-ch // blocks: chan receive
				close(done)
			})
			waitParked(lines["chan receive"])
			ch <- 1
			<-done
			return nil
		}
	}},
	{name: "select", reason: "select", by: "main", main: func(lines map[string]int) runner.Main {
		return func(ctx context.Context, env *runner.Env) error {
			a, b := make(chan int), make(chan int)
			done := make(chan struct{})
			runner.Go(ctx, "waiter", func(ctx context.Context) {
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
	{name: "Mutex", reason: "Mutex", by: "main", main: func(lines map[string]int) runner.Main {
		return func(ctx context.Context, env *runner.Env) error {
			var mu sync.Mutex
			var wg sync.WaitGroup
			mu.Lock()
			wg.Add(1)
			runner.Go(ctx, "waiter", func(ctx context.Context) {
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
	{name: "RWMutex", reason: "RWMutex", by: "main", main: func(lines map[string]int) runner.Main {
		return func(ctx context.Context, env *runner.Env) error {
			var mu sync.RWMutex
			var wg sync.WaitGroup
			mu.RLock()
			wg.Add(1)
			runner.Go(ctx, "waiter", func(ctx context.Context) {
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
	{name: "WaitGroup", reason: "WaitGroup", by: "main", main: func(lines map[string]int) runner.Main {
		return func(ctx context.Context, env *runner.Env) error {
			var wg, done sync.WaitGroup
			wg.Add(1)
			done.Add(1)
			runner.Go(ctx, "waiter", func(ctx context.Context) {
				defer done.Done()
				wg.Wait() // blocks: WaitGroup
			})
			waitParked(lines["WaitGroup"])
			wg.Done()
			done.Wait()
			return nil
		}
	}},
	{name: "Cond", reason: "Cond", by: "main", main: func(lines map[string]int) runner.Main {
		return func(ctx context.Context, env *runner.Env) error {
			var mu sync.Mutex
			c := sync.NewCond(&mu)
			ready, done := false, make(chan struct{})
			runner.Go(ctx, "waiter", func(ctx context.Context) {
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
	{name: "sleep", reason: "sleep", main: func(lines map[string]int) runner.Main {
		return func(ctx context.Context, env *runner.Env) error {
			done := make(chan struct{})
			runner.Go(ctx, "waiter", func(ctx context.Context) {
				_ = runner.Sleep(ctx, 30*time.Millisecond) // blocks: sleep
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
	{name: "network", reason: "network", by: "main", main: func(lines map[string]int) runner.Main {
		return func(ctx context.Context, env *runner.Env) error {
			ln, err := env.Net().Listen("tcp", env.Addr())
			if err != nil {
				return err
			}
			defer ln.Close()
			done := make(chan error, 1)
			runner.Go(ctx, "waiter", func(ctx context.Context) {
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
// A run in which the waiter never waited at its line at all is run again,
// up to three times: sleep's wait is a few ms (30 ms at the default time
// scale), and a process held off its core that long between the timer's
// start and the wait finds the timer fired and does not wait (seen under
// node on a loaded machine, about one run in 60).
func TestStatesReasons(t *testing.T) {
	lines := markerLines(t)
	for _, c := range blockers {
		t.Run(c.name, func(t *testing.T) {
			where := "states_test.go:" + strconv.Itoa(lines[c.name])
			for try := 1; ; try++ {
				res, rec := runRec(t, t.Context(), c.main(lines), runner.Config{States: true})
				if res.Status != runner.Done || res.TraceErr != nil {
					t.Fatalf("run: %v %v %v", res.Status, res.Err, res.TraceErr)
				}
				waited, msg := checkWait(rec, where, c.reason, c.by)
				if waited || try == 3 {
					if msg != "" {
						t.Error(msg)
					}
					return
				}
				t.Logf("run %d: the waiter never waited at %s; again", try, where)
			}
		})
	}
}

// checkWait looks in a run's events for the waiter's wait at where for
// reason, and the wake that ends it, by by. It reports whether the waiter
// waited at where at all, and what is wrong ("" if nothing). A moment's
// wait there on something else on the way (the runner's bookkeeping, under
// -race and load) is real, and not this one.
func checkWait(rec events, where, reason, by string) (bool, string) {
	var blocked *runner.Event
	var others []string
	waited := false
	for _, e := range rec.all() {
		if e.Who != "waiter" {
			continue
		}
		switch {
		case e.Kind == runner.Blocked && e.Where == where && e.Text == reason:
			blocked, waited = &e, true
		case e.Kind == runner.Blocked && e.Where == where:
			others = append(others, e.Text)
			blocked, waited = nil, true
		case e.Kind == runner.Runnable && blocked != nil:
			var wrong []string
			if e.By != by {
				wrong = append(wrong, fmt.Sprintf("woken from %s: got by %q; want %q", reason, e.By, by))
			}
			if e.At < blocked.At {
				wrong = append(wrong, fmt.Sprintf("woken at %v, before it blocked at %v", e.At, blocked.At))
			}
			return true, strings.Join(wrong, "; ")
		}
	}
	return waited, fmt.Sprintf("no Blocked at %s on %q then Runnable for waiter (other waits there: %q) in %s", where, reason, others, dump(rec.all()))
}

func dump(evs []runner.Event) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString("\n" + e.At.String() + " " + e.Kind.String() + " " + e.Who + " " + strconv.Quote(e.Text) + " " + e.Where + " by " + e.By)
	}
	return b.String()
}

// TestStatesReplaceRunnerWaits: with states, the runner sends no Wait or
// Resume of its own (the trace tells); without, it does, as before.
func TestStatesReplaceRunnerWaits(t *testing.T) {
	sleeper := func(ctx context.Context, env *runner.Env) error { return runner.Sleep(ctx, time.Millisecond) }
	for _, c := range []struct {
		name   string
		states bool
		waits  int
	}{{"states", true, 0}, {"no states", false, 1}} {
		t.Run(c.name, func(t *testing.T) {
			_, rec := runRec(t, t.Context(), sleeper, runner.Config{States: c.states})
			if got := len(rec.of(runner.Wait)); got != c.waits {
				t.Errorf("got %d Wait events; want %d", got, c.waits)
			}
			if got := len(rec.of(runner.Blocked)) > 0; got != c.states {
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
	main := func(ctx context.Context, env *runner.Env) error {
		wg.Add(2)
		go plainWorker(&wg)
		go func(ctx context.Context) {
			defer wg.Done()
			runner.Println(ctx, "hello")
		}(runner.Named(ctx, "greeter"))
		wg.Wait()
		return nil
	}
	_, rec := runRec(t, t.Context(), main, runner.Config{States: true})
	want := map[string]bool{"states.plainWorker": false, "greeter": false}
	for _, e := range rec.of(runner.Start) {
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
	kinds := map[string][]runner.Kind{}
	for _, e := range rec.all() {
		if e.Who == "greeter" && e.Kind != runner.Output {
			kinds[e.Who] = append(kinds[e.Who], e.Kind)
		}
	}
	got := kinds["greeter"]
	if len(got) < 4 || got[0] != runner.Start || got[1] != runner.Runnable || got[len(got)-2] != runner.Gone || got[len(got)-1] != runner.Exit {
		t.Errorf("greeter's events %v; want start, runnable, ..., gone, exit", got)
	}
}

func plainWorker(wg *sync.WaitGroup) { wg.Done() }

// TestStateLimit: past the limit, goroutines get no states and one
// Untraced event says so.
func TestStateLimit(t *testing.T) {
	main := func(ctx context.Context, env *runner.Env) error {
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Add(1)
			runner.Go(ctx, "g"+strconv.Itoa(i), func(ctx context.Context) { wg.Done() })
		}
		wg.Wait()
		return nil
	}
	_, rec := runRec(t, t.Context(), main, runner.Config{States: true, StateLimit: 5})
	followed := map[string]bool{}
	for _, e := range rec.of(runner.Running) {
		followed[e.Who] = true
	}
	if len(followed) != 5 {
		t.Errorf("got states for %d goroutines (%v); want 5", len(followed), followed)
	}
	limited := 0
	for _, e := range rec.of(runner.Untraced) {
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

// TestStateEvents: past the most state events, one Untraced event with N
// 0 says the states stop, and the runner's own waits take over.
func TestStateEvents(t *testing.T) {
	main := func(ctx context.Context, env *runner.Env) error {
		for range 50 {
			if err := runner.Sleep(ctx, 100*time.Microsecond); err != nil {
				return err
			}
		}
		time.Sleep(50 * time.Millisecond) // a generation is cut
		return runner.Sleep(ctx, time.Millisecond)
	}
	_, rec := runRec(t, t.Context(), main, runner.Config{States: true, StateEvents: 20, StatePeriod: 10 * time.Millisecond})
	n := 0
	for _, e := range rec.all() {
		switch e.Kind {
		case runner.Blocked, runner.Runnable, runner.Running, runner.Gone:
			n++
		}
	}
	if n != 20 {
		t.Errorf("got %d state events; want 20", n)
	}
	un := rec.of(runner.Untraced)
	if len(un) != 1 || un[0].N != 0 {
		t.Fatalf("got Untraced events %+v; want one with N 0", un)
	}
	if len(rec.of(runner.Wait)) == 0 {
		t.Errorf("no Wait events from the runner after the states stopped")
	}
}

// The tests run programs, which start goroutines. Under js/wasm the
// runtime parks one of its own in runtime.handleEvent once JavaScript has
// called into Go; it is not the program's.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("runtime.handleEvent"))
}

// TestStatesNameAsOutput: a goroutine of a plain go statement that writes
// to standard output (a package main written in the page) has the same
// name in its output lines as in its states, even with two of the same
// function ("#2"), whichever the runner named first: here the second one
// started writes first.
func TestStatesNameAsOutput(t *testing.T) {
	out := runner.NewStdout()
	var wg sync.WaitGroup
	main := func(ctx context.Context, env *runner.Env) error {
		second := make(chan struct{})
		wg.Add(2)
		go stdoutWorker(out, &wg, "one", second, nil)
		go stdoutWorker(out, &wg, "two", nil, second)
		wg.Wait()
		return nil
	}
	_, rec := runRec(t, t.Context(), main, runner.Config{States: true, Stdout: out})
	printed := map[string]string{} // line → who
	for _, e := range rec.of(runner.Output) {
		printed[e.Text] = e.Who
	}
	var started []runner.Event
	for _, e := range rec.of(runner.Start) {
		if strings.Contains(e.Who, "stdoutWorker") {
			started = append(started, e)
		}
	}
	slices.SortFunc(started, func(a, b runner.Event) int { return cmp.Compare(a.At, b.At) })
	if len(started) != 2 || printed["one"] != started[0].Who || printed["two"] != started[1].Who {
		t.Errorf("\"one\" from %q, \"two\" from %q; states of %v; want the first started, then the second",
			printed["one"], printed["two"], started)
	}
}

// stdoutWorker writes line, after after is closed if it is not nil, then
// closes done if it is not nil.
func stdoutWorker(out *runner.Stdout, wg *sync.WaitGroup, line string, after <-chan struct{}, done chan<- struct{}) {
	defer wg.Done()
	if after != nil {
		<-after
	}
	out.Write(1, []byte(line+"\n"))
	if done != nil {
		close(done)
	}
}
