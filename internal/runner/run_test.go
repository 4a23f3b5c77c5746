package runner

import (
	"context"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// Under js/wasm the runtime parks a goroutine of its own to handle JS events.
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("runtime.handleEvent"))
}

// recorder is a sink that keeps every event.
type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) sink(e Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recorder) all() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// of returns the events of kind k, in order.
func (r *recorder) of(k Kind) []Event {
	var out []Event
	for _, e := range r.all() {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

func (r *recorder) lines() []string {
	var out []string
	for _, e := range r.of(Output) {
		out = append(out, e.Who+": "+e.Text)
	}
	return out
}

func runRec(t *testing.T, ctx context.Context, main Main, cfg Config) (Result, *recorder) {
	t.Helper()
	rec := &recorder{}
	cfg.Sink = rec.sink
	res := Run(ctx, main, cfg)
	evs := rec.all()
	if len(evs) == 0 || evs[len(evs)-1].Kind != End {
		t.Fatalf("last event is not End: %v", evs)
	}
	// The runner's own events come in the order of their times; those
	// from the trace (states, and with them Start and Exit of plain go
	// statements' goroutines) come a generation late.
	var last time.Duration
	for i, e := range evs {
		switch e.Kind {
		case Blocked, Runnable, Running, Gone, Untraced, Stuck:
			continue // stamped when the trace saw them, or when the deadlock was first seen
		case Start, Exit:
			if cfg.States {
				continue
			}
		}
		if e.At < last {
			t.Fatalf("event %d at %v is before an earlier event at %v", i, e.At, last)
		}
		last = e.At
	}
	return res, rec
}

func TestDoneWithNamedGoroutines(t *testing.T) {
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		var wg sync.WaitGroup
		for _, name := range []string{"worker", "worker", "other"} {
			wg.Add(1)
			Go(ctx, name, func(ctx context.Context) {
				defer wg.Done()
				Println(ctx, "hello from", Name(ctx))
			})
		}
		wg.Wait()
		Printf(ctx, "two\nlines\n")
		return nil
	}, Config{})
	if res.Status != Done || res.Err != nil || len(res.Lingering) > 0 {
		t.Fatalf("result = %+v; want done", res)
	}
	lines := rec.lines()
	slices.Sort(lines[:3])
	want := []string{
		"other: hello from other",
		"worker#2: hello from worker#2",
		"worker: hello from worker",
		"main: two",
		"main: lines",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("lines = %q; want %q", lines, want)
	}
	starts := rec.of(Start)
	if len(starts) != 4 || starts[0].Who != "main" || starts[1].Text != "main" {
		t.Errorf("starts = %+v; want main then three started by main", starts)
	}
	if n := len(rec.of(Exit)); n != 4 {
		t.Errorf("%d exits; want 4", n)
	}
	if end := rec.of(End); end[0].Status != Done || end[0].Text != "" {
		t.Errorf("end = %v %q; want done and no reason", end[0].Status, end[0].Text)
	}
}

func TestMainError(t *testing.T) {
	boom := errors.New("boom")
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error { return boom }, Config{})
	if res.Status != Failed || !errors.Is(res.Err, boom) {
		t.Fatalf("result = %+v; want failed with boom", res)
	}
	if end := rec.of(End); end[0].Status != Failed || end[0].Text != "boom" {
		t.Errorf("end = %v %q; want failed, boom", end[0].Status, end[0].Text)
	}
}

func TestRunChecksKnobs(t *testing.T) {
	clients := Knob{Name: "clients", Default: 5, Min: 1, Max: 10}
	ran := false
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		ran = true
		return nil
	}, Config{Knobs: []Knob{clients}, Values: Values{"clients": 11, "bogus": 1, "timescale": 1}})
	if ran || res.Status != Failed {
		t.Fatalf("ran %v, result %+v; want a failure before main", ran, res)
	}
	for _, want := range []string{"knob bogus: no such knob (knobs: clients, timescale, stall)", "knob clients: 11 is out of range [1, 10]"} {
		if !strings.Contains(res.Err.Error(), want) {
			t.Errorf("error %q; want it to say %q", res.Err, want)
		}
	}
	if end := rec.of(End); len(end) != 1 || end[0].Status != Failed || end[0].Text != res.Err.Error() {
		t.Errorf("end events %+v; want one, failed, with the error", end)
	}
}

func TestPanicFailsTheRunNotTheProcess(t *testing.T) {
	for range 2 { // and the next run works
		res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
			Go(ctx, "doomed", func(ctx context.Context) {
				var s []string
				Println(ctx, s[len(Name(ctx))]) // out of range: a runtime panic
			})
			<-ctx.Done()
			return nil
		}, Config{})
		var pe *PanicError
		if res.Status != Failed || !errors.As(res.Err, &pe) || pe.Goroutine != "doomed" {
			t.Fatalf("result = %+v; want failed with a panic in doomed", res)
		}
		if !strings.Contains(pe.Stack, "run_test.go") {
			t.Errorf("stack does not show the panicking line:\n%s", pe.Stack)
		}
		p := rec.of(Panic)
		if len(p) != 1 || p[0].Who != "doomed" || !strings.Contains(p[0].Text, "index out of range [6] with length 0") {
			t.Errorf("panic events = %+v", p)
		}
	}
}

func TestStop(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	go func() { <-started; cancel() }()
	begin := time.Now()
	res, rec := runRec(t, ctx, func(ctx context.Context, env *Env) error {
		ln, err := env.Net().Listen("tcp", ":2727")
		if err != nil {
			return err
		}
		Go(ctx, "acceptor", func(ctx context.Context) {
			ln.Accept() // released by the runner closing the network
		})
		Go(ctx, "waiter", func(ctx context.Context) {
			<-ctx.Done()
		})
		Go(ctx, "sleeper", func(ctx context.Context) {
			Sleep(ctx, time.Hour)
		})
		close(started)
		<-release // main ignores its context: it will linger
		return nil
	}, Config{})
	if res.Status != Stopped || res.Err != nil {
		t.Fatalf("result = %+v; want stopped", res)
	}
	if slices.Equal(res.Lingering, []string{"main"}) {
		t.Logf("main lingers as expected: it ignores its context")
	} else {
		t.Errorf("lingering = %q; want just main", res.Lingering)
	}
	if d := time.Since(begin); d > 5*time.Second {
		t.Errorf("stop took %v", d) // generous: the grace is 200ms; this only catches a hang
	}
	exits := map[string]bool{}
	for _, e := range rec.of(Exit) {
		exits[e.Who] = true
	}
	for _, who := range []string{"acceptor", "waiter", "sleeper"} {
		if !exits[who] {
			t.Errorf("%s did not exit before the run ended", who)
		}
	}
}

func TestLingeringGoroutineIsNamed(t *testing.T) {
	release := make(chan struct{})
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		Go(ctx, "stubborn", func(ctx context.Context) { <-release })
		Go(ctx, "polite", func(ctx context.Context) { <-ctx.Done() })
		return nil
	}, Config{Grace: 50 * time.Millisecond})
	close(release)
	if res.Status != Done || !slices.Equal(res.Lingering, []string{"stubborn"}) {
		t.Fatalf("result = %+v; want done with stubborn lingering", res)
	}
	notes := rec.of(Note)
	if len(notes) != 2 || !strings.Contains(notes[0].Text, "main returned while polite, stubborn were still running") ||
		!strings.Contains(notes[1].Text, "stubborn was still running") {
		t.Errorf("notes = %+v", notes)
	}
}

func TestDeadlockNamesEveryGoroutine(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	toMain, fromSender := make(chan int), make(chan int)
	res, _ := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		Go(ctx, "locker", func(ctx context.Context) {
			mu.Lock() // held by the test
		})
		Go(ctx, "sender", func(ctx context.Context) {
			fromSender <- 1 // nobody in the run receives
		})
		<-toMain // nobody in the run sends
		return nil
	}, Config{Values: Values{"stall": 100}, Grace: 50 * time.Millisecond})
	// Release the three for goleak: they ignore their context, as deadlocked code does.
	mu.Unlock()
	<-fromSender
	close(toMain)

	var de *DeadlockError
	if res.Status != Failed || !errors.As(res.Err, &de) {
		t.Fatalf("result = %+v; want a deadlock", res)
	}
	msg := de.Error()
	for _, want := range []string{
		"deadlock: every goroutine is blocked: main waits on chan receive at run_test.go:",
		"locker waits on sync.Mutex.Lock at run_test.go:",
		"sender waits on chan send at run_test.go:",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error = %q; want it to contain %q", msg, want)
		}
	}
	if !slices.Equal(res.Lingering, []string{"locker", "main", "sender"}) {
		t.Errorf("lingering = %q; want all three", res.Lingering)
	}
}

func TestSleepingIsNotADeadlock(t *testing.T) {
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		done := make(chan struct{})
		Go(ctx, "sleeper", func(ctx context.Context) {
			defer close(done)
			Sleep(ctx, 4*time.Second) // 400ms at the default scale
		})
		<-done
		return nil
	}, Config{Knobs: []Knob{TimeScale, Stall}, Values: Values{"stall": 1000}}) // 100ms at the default scale
	if res.Status != Done {
		t.Fatalf("result = %+v; want done", res)
	}
	w := rec.of(Wait)
	if len(w) != 1 || w[0].Text != "sleep 4s (÷10)" || len(rec.of(Resume)) != 1 {
		t.Errorf("wait events = %+v", w)
	}
}

func TestNetworkEventsAreAttributed(t *testing.T) {
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		ln, err := env.Net().Listen("tcp", env.Addr())
		if err != nil {
			return err
		}
		defer ln.Close()
		done := make(chan struct{})
		Go(ctx, "server", func(ctx context.Context) {
			defer close(done)
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			io.WriteString(c, "hello")
		})
		c, err := env.Net().DialContext(ctx, "tcp", env.Addr())
		if err != nil {
			return err
		}
		b, err := io.ReadAll(c)
		c.Close()
		<-done
		Println(ctx, string(b), err)
		return nil
	}, Config{})
	if res.Status != Done {
		t.Fatalf("result = %+v", res)
	}
	who := func(k Kind) []string {
		var out []string
		for _, e := range rec.of(k) {
			out = append(out, e.Who)
		}
		return out
	}
	if got := who(Listen); !slices.Equal(got, []string{"main"}) {
		t.Errorf("listen by %q", got)
	}
	if got := who(Accept); !slices.Equal(got, []string{"server"}) {
		t.Errorf("accept by %q", got)
	}
	if got := who(Dial); !slices.Equal(got, []string{"main"}) {
		t.Errorf("dial by %q", got)
	}
	send, recv := rec.of(Send), rec.of(Recv)
	if len(send) != 1 || send[0].Who != "server" || send[0].Text != "hello" || send[0].N != 5 {
		t.Errorf("send = %+v", send)
	}
	if len(recv) != 1 || recv[0].Who != "main" || recv[0].Conn != send[0].Conn || recv[0].Peer != send[0].Addr {
		t.Errorf("recv = %+v; want main reading the server's bytes", recv)
	}
	if l := rec.lines(); !slices.Equal(l, []string{"main: hello <nil>"}) {
		t.Errorf("lines = %q", l)
	}
}

func TestTraceLimit(t *testing.T) {
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		var wg sync.WaitGroup
		for range 5 {
			wg.Add(1)
			Go(ctx, "g", func(ctx context.Context) { defer wg.Done(); <-ctx.Done() })
		}
		ln, err := env.Net().Listen("tcp", ":0")
		if err != nil {
			return err
		}
		ln.Close()
		return nil
	}, Config{TraceLimit: 3})
	if res.Status != Done {
		t.Fatalf("result = %+v", res)
	}
	notes := rec.of(Note)
	if len(notes) == 0 || !strings.Contains(notes[0].Text, "over 3 goroutines alive") {
		t.Errorf("notes = %+v", notes)
	}
	if l := rec.of(Listen); len(l) != 1 || l[0].Who != "" {
		t.Errorf("listen = %+v; want one, unattributed", l)
	}
}

func TestGoAfterTheEndRunsUntracked(t *testing.T) {
	var saved context.Context
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		saved = ctx
		return nil
	}, Config{})
	// Code that counts on f running (a WaitGroup's Done) must not hang,
	// so f runs, but with a done context and no events: the run is over.
	ran := make(chan error, 1)
	Go(saved, "late", func(ctx context.Context) {
		Println(ctx, "too late")
		ran <- ctx.Err()
	})
	if err := <-ran; err == nil {
		t.Errorf("a goroutine started after the end has a live context")
	}
	if res.Status != Done || len(rec.of(Start)) != 1 || len(rec.of(Output)) != 0 {
		t.Errorf("a goroutine started after the end was tracked: %+v", rec.all())
	}
}

func TestGoWhileStoppingStillRuns(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	res, _ := runRec(t, ctx, func(ctx context.Context, env *Env) error {
		cancel()
		var wg sync.WaitGroup
		wg.Add(1)
		Go(ctx, "late", func(ctx context.Context) {
			defer wg.Done()
			<-ctx.Done()
		})
		wg.Wait()
		return ctx.Err()
	}, Config{})
	if res.Status != Stopped || len(res.Lingering) > 0 {
		t.Errorf("stopped while starting a goroutine: %+v", res)
	}
}

func TestMainReturningNilAfterStopIsStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	for range 20 {
		res, _ := runRec(t, ctx, func(ctx context.Context, env *Env) error {
			cancel()
			return nil
		}, Config{})
		if res.Status != Stopped {
			t.Fatalf("main returned nil after a stop: %v; want stopped", res.Status)
		}
	}
}

func TestNamedTagsOutput(t *testing.T) {
	_, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		done := make(chan struct{})
		go func(ctx context.Context) {
			defer close(done)
			Println(ctx, "plain")
		}(Named(ctx, "plain go"))
		<-done
		return nil
	}, Config{})
	if l := rec.lines(); !slices.Equal(l, []string{"plain go: plain"}) {
		t.Errorf("lines = %q", l)
	}
}

func TestTCP(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no TCP under js/wasm: the runner refuses it there")
	}
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		ln, err := env.Net().Listen("tcp", env.Addr())
		if err != nil {
			return err
		}
		Go(ctx, "server", func(ctx context.Context) {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			io.WriteString(c, "hi")
			c.Close()
		})
		c, err := env.Net().DialContext(ctx, "tcp", ln.Addr().String())
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(c)
		Println(ctx, string(b))
		return nil // the listener and the client's conn are closed by the runner
	}, Config{TCP: true, Addr: "127.0.0.1:0"})
	if res.Status != Done {
		t.Fatalf("result = %+v", res)
	}
	if l := rec.lines(); !slices.Equal(l, []string{"main: hi"}) {
		t.Errorf("lines = %q", l)
	}
	if n := len(rec.of(Close)); n != 3 {
		t.Errorf("%d close events; want 3 (two conn ends and the listener)", n)
	}
}
