package programs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

// TestMain checks that no run leaves a goroutine behind, a stopped or
// failed one included. Under js/wasm the runtime parks a goroutine of its
// own in runtime.handleEvent once JavaScript has called into Go (a timer
// firing while every goroutine slept); it is not ours.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("runtime.handleEvent"))
}

// events is a run's event stream, kept by its sink.
type events struct {
	mu  sync.Mutex
	all []runner.Event
}

func (r *events) sink(e runner.Event) {
	r.mu.Lock()
	r.all = append(r.all, e)
	r.mu.Unlock()
}

// list returns a copy of the events so far.
func (r *events) list() []runner.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.all)
}

// of returns the events of kind k, in order.
func (r *events) of(k runner.Kind) []runner.Event {
	var out []runner.Event
	for _, e := range r.list() {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// output returns the output lines of the goroutines whose names have the
// prefix who ("" for all), in order.
func (r *events) output(who string) []runner.Event {
	var out []runner.Event
	for _, e := range r.of(runner.Output) {
		if strings.HasPrefix(e.Who, who) {
			out = append(out, e)
		}
	}
	return out
}

// index returns the position in the stream of the first event of kind k
// by who whose text has the prefix text, or -1.
func (r *events) index(k runner.Kind, who, text string) int {
	for i, e := range r.list() {
		if e.Kind == k && e.Who == who && strings.HasPrefix(e.Text, text) {
			return i
		}
	}
	return -1
}

// grace is how long the tests let goroutines take to return once a run is
// over. What they check is that the goroutines do return, honouring their
// context; how fast depends on the machine's load, and the page's 200 ms
// is the runner's default, not something a shared test machine can
// promise.
const grace = 5 * time.Second

// run runs the example called name with the knob settings set, as text, and
// returns how it ended and what it did. It fails the test on a bad setting.
func run(t *testing.T, ctx context.Context, name string, set map[string]string) (runner.Result, *events) {
	t.Helper()
	ex, ok := examples.Lookup(name)
	if !ok {
		t.Fatalf("no example %q", name)
	}
	values, err := runner.Resolve(ex.Knobs, set)
	if err != nil {
		t.Fatalf("Resolve(%v): %v", set, err)
	}
	rec := &events{}
	res := runner.Run(ctx, Main(ex.Name), runner.Config{Knobs: ex.Knobs, Values: values, Sink: rec.sink, Grace: grace})
	if len(res.Lingering) > 0 {
		t.Errorf("%s: goroutines still running after the run: %v", name, res.Lingering)
	}
	all := rec.list()
	if len(all) == 0 || all[len(all)-1].Kind != runner.End {
		t.Fatalf("%s: the last event is not End", name)
	}
	return res, rec
}

// mustRun is run for a run that must end done.
func mustRun(t *testing.T, name string, set map[string]string) *events {
	t.Helper()
	res, rec := run(t, t.Context(), name, set)
	if res.Status != runner.Done {
		t.Fatalf("%s ended %v: %v\n%s", name, res.Status, res.Err, dump(rec))
	}
	return rec
}

// dump renders the events for a failure message.
func dump(rec *events) string {
	var b strings.Builder
	for _, e := range rec.list() {
		fmt.Fprintf(&b, "%v %v %s: %q\n", e.At, e.Kind, e.Who, e.Text)
	}
	return b.String()
}

// stopped reports whether a run whose context was cancelled ended as
// stopped.
func stopped(ctx context.Context, res runner.Result) bool {
	return ctx.Err() != nil && res.Status == runner.Stopped
}
