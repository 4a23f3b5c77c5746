package programs

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

// runTyping runs the program called name with the knob values, sending it
// the lines one at a time, each once some goroutine waits for input, as a
// user would type them; then it closes the input. It returns how the run
// ended and its events.
func runTyping(t *testing.T, ctx context.Context, name string, values runner.Values, lines ...string) (runner.Result, *events) {
	t.Helper()
	ex, _ := examples.Lookup(name)
	in := runner.NewStdin()
	waits := make(chan struct{}, len(lines)+1)
	typist := make(chan struct{})
	go func() {
		defer close(typist)
		for _, l := range lines {
			if _, ok := <-waits; !ok {
				return
			}
			in.Send(l)
		}
		in.Close()
	}()
	rec := &events{}
	res := runner.Run(ctx, Main(ex.Name), runner.Config{Knobs: ex.Knobs, Values: values, Stdin: in, Grace: grace,
		Sink: func(e runner.Event) {
			rec.sink(e)
			if e.Kind == runner.Wait && e.Text == "input" {
				select {
				case waits <- struct{}{}:
				default:
				}
			}
		}})
	close(waits)
	<-typist
	if len(res.Lingering) > 0 {
		t.Errorf("goroutines still running after the run: %v", res.Lingering)
	}
	return res, rec
}

// conversation returns main's lines, with each line of input it read
// written "> line".
func conversation(rec *events) []string {
	var out []string
	for _, e := range rec.list() {
		switch {
		case e.Kind == runner.Input && e.Who == "main":
			out = append(out, "> "+e.Text)
		case e.Kind == runner.Output && e.Who == "main":
			out = append(out, e.Text)
		}
	}
	return out
}

// TestResponsiveAnswersWhileWorking: with the work in a goroutine, each
// line is answered at once: the status is the progress of a count that
// cannot have finished (below a billion), stop stops it, and the run ends.
func TestResponsiveAnswersWhileWorking(t *testing.T) {
	res, rec := runTyping(t, t.Context(), "responsive", runner.Values{"primes": 1000}, "status", "what?", "stop")
	if res.Status != runner.Done {
		t.Fatalf("ended %v: %v\n%s", res.Status, res.Err, dump(rec))
	}
	got := conversation(rec)
	if len(got) != 8 {
		t.Fatalf("main's conversation %q; want 8 lines", got)
	}
	want := []struct{ line, prefix string }{
		{got[0], "Counting the primes below 1,000,000,000."},
		{got[1], "> status"},
		{got[2], ""}, // the progress, checked below
		{got[3], "> what?"},
		{got[4], "Commands: status"},
		{got[5], "> stop"},
		{got[6], "Stopping the work."},
		{got[7], "Stopped: "},
	}
	for i, w := range want {
		if !strings.HasPrefix(w.line, w.prefix) {
			t.Errorf("line %d: got %q; want it to start with %q", i, w.line, w.prefix)
		}
	}
	if !strings.HasSuffix(got[2], "so far.") && got[2] != "Just started: no number checked yet." {
		t.Errorf("status answered %q; want the progress of a count under way", got[2])
	}
	if !slices.Contains(started(rec), "worker") {
		t.Errorf("goroutines %v; want a worker", started(rec))
	}
	checkAllExited(t, rec)
}

// TestResponsiveAloneAnswersLate: with main doing the work, what was typed
// meanwhile is answered only once the work is done.
func TestResponsiveAloneAnswersLate(t *testing.T) {
	ex, _ := examples.Lookup("responsive")
	in := runner.NewStdin()
	in.Send("status\nstop\n") // typed at once, while main counts
	rec := &events{}
	res := runner.Run(t.Context(), Main(ex.Name), runner.Config{Knobs: ex.Knobs, Stdin: in, Grace: grace, Sink: rec.sink,
		Values: runner.Values{"primes": 1, "background": 0}})
	if res.Status != runner.Done {
		t.Fatalf("ended %v: %v\n%s", res.Status, res.Err, dump(rec))
	}
	done := "Done: 78,498 primes below 1,000,000, counted in "
	got := conversation(rec)
	if len(got) != 6 || !strings.HasPrefix(got[2], done) || got[4] != "Nothing to stop: the work is done." || !strings.HasPrefix(got[5], done) {
		t.Errorf("main's conversation %q; want late answers: the count done, nothing to stop", got)
	}
	if started(rec)[0] != "main" || len(started(rec)) != 1 {
		t.Errorf("goroutines %v; want main alone", started(rec))
	}
	if len(rec.of(runner.Wait)) > 0 {
		t.Errorf("main waited for input: %v", rec.of(runner.Wait))
	}
}

// TestResponsiveEndsWithTheWork: with nobody typing, the run ends when the
// count is done, input open or closed.
func TestResponsiveEndsWithTheWork(t *testing.T) {
	for _, bg := range []int{0, 1} {
		res, rec := runTyping(t, t.Context(), "responsive", runner.Values{"primes": 1, "background": bg})
		got := conversation(rec)
		if res.Status != runner.Done || len(got) != 2 || !strings.HasPrefix(got[1], "Done: 78,498 primes") {
			t.Errorf("background=%d: ended %v with %q; want done with the count", bg, res.Status, got)
		}
	}
}

// TestStopResponsive stops a run that waits for its user.
func TestStopResponsive(t *testing.T) {
	ex, _ := examples.Lookup("responsive")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	res := runner.Run(ctx, Main(ex.Name), runner.Config{Knobs: ex.Knobs, Stdin: runner.NewStdin(), Grace: grace,
		Values: runner.Values{"primes": 1000},
		Sink: func(e runner.Event) {
			if e.Kind == runner.Wait && e.Text == "input" {
				cancel()
			}
		}})
	if !stopped(ctx, res) || len(res.Lingering) > 0 {
		t.Fatalf("ended %v, lingering %v", res.Status, res.Lingering)
	}
}

// TestInputPrograms: a program is marked as reading input exactly when it
// calls runner.ReadLine.
func TestInputPrograms(t *testing.T) {
	for _, e := range examples.All() {
		if reads := strings.Contains(e.Source, "runner.ReadLine("); reads != e.Input {
			t.Errorf("%s: Input is %v; its source calls ReadLine: %v", e.Name, e.Input, reads)
		}
	}
}

func TestIsPrime(t *testing.T) {
	var got []int
	for n := range 30 {
		if isPrime(n) {
			got = append(got, n)
		}
	}
	if want := []int{2, 3, 5, 7, 11, 13, 17, 19, 23, 29}; !slices.Equal(got, want) {
		t.Errorf("primes below 30: got %v; want %v", got, want)
	}
}
