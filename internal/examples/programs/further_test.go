package programs

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

func TestPanicFailsTheRun(t *testing.T) {
	res, rec := run(t, t.Context(), "panic", nil)
	var pe *runner.PanicError
	if res.Status != runner.Failed || !errors.As(res.Err, &pe) || pe.Goroutine != "worker" {
		t.Fatalf("ended %v: %v; want failed with a panic in worker", res.Status, res.Err)
	}
	if !strings.Contains(pe.Stack, "panic.go:") || !strings.Contains(pe.Error(), "index out of range [3]") {
		t.Errorf("panic %q with stack\n%s\nwant the index error and a place in panic.go", pe.Error(), pe.Stack)
	}
	if p := rec.of(runner.Panic); len(p) != 1 || p[0].Who != "worker" {
		t.Errorf("panic events %v; want one by worker", p)
	}
	if rec.index(runner.Output, "main", "The worker finished.") >= 0 {
		t.Error("main carried on as if nothing happened")
	}

	// The process lives on: the next run starts afresh and works.
	rec = mustRun(t, "panic", map[string]string{"recover": "1"})
	if rec.index(runner.Output, "main", "main got an error: the worker recovered: runtime error: index out of range [3]") < 0 {
		t.Errorf("recovering: main did not get the worker's error\n%s", dump(rec))
	}
	if len(rec.of(runner.Panic)) > 0 {
		t.Error("recovering: the runner saw a panic")
	}
}

func TestDeadlockIsReported(t *testing.T) {
	res, rec := run(t, t.Context(), "deadlock", nil)
	var de *runner.DeadlockError
	if res.Status != runner.Failed || !errors.As(res.Err, &de) {
		t.Fatalf("ended %v: %v; want failed with a deadlock", res.Status, res.Err)
	}
	var who []string
	for _, w := range de.Waiting {
		who = append(who, w.Goroutine)
		if w.Goroutine != "main" && !strings.HasPrefix(w.Where, "deadlock.go:") {
			t.Errorf("%s waits at %q; want a place in deadlock.go", w.Goroutine, w.Where)
		}
	}
	if !slices.Equal(who, []string{"main", "alice", "bob"}) {
		t.Errorf("waiting: %v; want main, alice, bob", who)
	}
	if len(rec.output("")) > 0 {
		t.Errorf("someone spoke: %v", texts(rec.output("")))
	}
	checkAllExited(t, rec)

	rec = mustRun(t, "deadlock", map[string]string{"fix": "1"})
	if got := byWho(rec); !slices.Equal(got["bob"], []string{"Heard: Hello, Bob."}) || !slices.Equal(got["alice"], []string{"Heard: Hello, Alice."}) {
		t.Errorf("fixed: %v; want each to hear the other", got)
	}
}

// spinLines returns the ticks printed before the spinner finished, and
// whether it finished.
func spinLines(rec *events) (ticks int, done bool) {
	for _, e := range rec.output("") {
		switch {
		case e.Who == "spinner" && strings.HasPrefix(e.Text, "Done:"):
			return ticks, true
		case e.Who == "ticker":
			ticks++
		}
	}
	return ticks, false
}

func TestSpin(t *testing.T) {
	for _, yield := range []string{"0", "1"} {
		rec := mustRun(t, "spin", map[string]string{"spin": "500", "yield": yield})
		ticks, done := spinLines(rec)
		if !done {
			t.Fatalf("yield=%s: the spinner did not finish\n%s", yield, dump(rec))
		}
		// In wasm, one thread and no preemption: only yielding lets the
		// ticker run. Natively other cores and preemption let it run too,
		// but how soon depends on the machine's load, so it is not checked.
		if runtimeGOOS == "js" && (ticks > 0) != (yield == "1") {
			t.Errorf("yield=%s in wasm: %d ticks during the spin", yield, ticks)
		}
		t.Logf("yield=%s on %s: %d ticks during the spin", yield, runtimeGOOS, ticks)
	}
}

// TestStopSpin stops a spinner that never blocks: it must notice within
// the runner's grace.
func TestStopSpin(t *testing.T) {
	ex, _ := examples.Lookup("spin")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	rec := &events{}
	res := runner.Run(ctx, Main(ex.Name), runner.Config{Knobs: ex.Knobs, Grace: grace, Values: runner.Values{"spin": 60000},
		Sink: func(e runner.Event) {
			rec.sink(e)
			if e.Kind == runner.Output && strings.HasPrefix(e.Text, "Spinning") {
				cancel()
			}
		}})
	if !stopped(ctx, res) || len(res.Lingering) > 0 {
		t.Fatalf("ended %v, lingering %v", res.Status, res.Lingering)
	}
	if _, done := spinLines(rec); done {
		t.Error("the spinner finished a minute's spin")
	}
	checkAllExited(t, rec)
}

var (
	startedRE  = regexp.MustCompile(`^Started ([\d,]+) goroutines in `)
	comparedRE = regexp.MustCompile(`^(goroutine per client|pool): ([\d,]+) clients served in .*; at most (\d+) server goroutines at once`)
)

func TestMany(t *testing.T) {
	rec := mustRun(t, "many", map[string]string{"goroutines": "3000", "clients": "40", "workers": "3", "messages": "2"})
	var spawned string
	peak := map[string]int{}
	for _, e := range rec.output("main") {
		if m := startedRE.FindStringSubmatch(e.Text); m != nil {
			spawned = m[1]
		}
		if m := comparedRE.FindStringSubmatch(e.Text); m != nil {
			if m[2] != "40" {
				t.Errorf("%s served %s clients; want 40", m[1], m[2])
			}
			peak[m[1]], _ = strconv.Atoi(m[3])
		}
	}
	if spawned != "3,000" {
		t.Errorf("started %q goroutines; want 3,000\n%s", spawned, dump(rec))
	}
	if len(peak) != 2 || peak["pool"] < 1 || peak["pool"] > 3 || peak["goroutine per client"] < 1 {
		t.Errorf("peaks %v; want both, the pool's at most 3 workers", peak)
	}
	// The pool's workers are the only goroutines the runner names.
	for _, name := range started(rec) {
		if name != "main" && !strings.HasPrefix(name, "server") && !strings.HasPrefix(name, "worker-") {
			t.Errorf("unexpected goroutine %s", name)
		}
	}

	ex, _ := examples.Lookup("many")
	res := runner.Run(t.Context(), Main(ex.Name), runner.Config{Knobs: ex.Knobs, Grace: grace, Role: runner.Server})
	if res.Status != runner.Failed || !strings.Contains(res.Err.Error(), "role both") {
		t.Errorf("many as a server alone: %v %v; want a failure naming the role", res.Status, res.Err)
	}
}

// TestStopMany stops many while its hundred thousand goroutines wait.
func TestStopMany(t *testing.T) {
	ex, _ := examples.Lookup("many")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	res := runner.Run(ctx, Main(ex.Name), runner.Config{Knobs: ex.Knobs, Grace: grace, Values: runner.Values{"goroutines": 20000},
		Sink: func(e runner.Event) {
			if e.Kind == runner.Output && strings.HasPrefix(e.Text, "They hold") {
				cancel()
			}
		}})
	if !stopped(ctx, res) || len(res.Lingering) > 0 {
		t.Fatalf("ended %v, lingering %v", res.Status, res.Lingering)
	}
}

// TestStopManyWhileSpawning stops many while main is still starting the
// most goroutines: main must notice and return within the grace.
func TestStopManyWhileSpawning(t *testing.T) {
	if runtimeGOOS == "js" || raceEnabled {
		t.Skip("half a million goroutines take a gigabyte in wasm and long under -race; TestStopMany covers the stop there")
	}
	ex, _ := examples.Lookup("many")
	most := ex.Knobs[slices.IndexFunc(ex.Knobs, func(k runner.Knob) bool { return k.Name == "goroutines" })].Max
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var once sync.Once
	res := runner.Run(ctx, Main(ex.Name), runner.Config{Knobs: ex.Knobs, Grace: grace, Values: runner.Values{"goroutines": most},
		Sink: func(e runner.Event) {
			if e.Kind == runner.Start && e.Who == "main" {
				once.Do(func() { time.AfterFunc(100*time.Millisecond, cancel) })
			}
		}})
	if !stopped(ctx, res) || len(res.Lingering) > 0 {
		t.Fatalf("ended %v: %v, lingering %v", res.Status, res.Err, res.Lingering)
	}
}
