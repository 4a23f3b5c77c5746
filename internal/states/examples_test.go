package states

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/examples/programs"
	"github.com/goroutine-playground/playground/internal/runner"
)

// linesOf returns "file:N" for each line of a program's source that
// contains one of the fragments.
func linesOf(ex examples.Example, fragments ...string) map[string]bool {
	at := map[string]bool{}
	for i, line := range strings.Split(ex.Source, "\n") {
		for _, f := range fragments {
			if strings.Contains(line, f) {
				at[ex.File+":"+strconv.Itoa(i+1)] = true
			}
		}
	}
	return at
}

func runExample(t *testing.T, name string, values runner.Values) (runner.Result, []runner.Event) {
	t.Helper()
	ex, ok := examples.Lookup(name)
	if !ok {
		t.Fatalf("no program %q", name)
	}
	var evs []runner.Event
	res := runner.Run(t.Context(), programs.Main(ex.Name), runner.Config{Knobs: ex.Knobs, Values: values, States: true, Parse: Parse,
		Sink: func(e runner.Event) { evs = append(evs, e) }})
	if res.TraceErr != nil {
		t.Fatal(res.TraceErr)
	}
	return res, evs
}

// TestDeadlockStates: the trace of deadlock shows alice and bob waiting in
// listen's select, at its line in deadlock.go, and main on its WaitGroup,
// when the deadlock is found (their last wait before it: on the way there a
// goroutine may wait a moment on something else, such as the lock
// ctx.Done takes when two call it at once); the deadlock's Stuck events say
// the same, before the run's end.
func TestDeadlockStates(t *testing.T) {
	ex, _ := examples.Lookup("deadlock")
	selects := linesOf(ex, "select {")
	wgWait := linesOf(ex, "wg.Wait()")
	res, evs := runExample(t, "deadlock", runner.Values{"stall": 300})
	if res.Status != runner.Failed {
		t.Fatalf("got %v; want failed", res.Status)
	}
	want := map[string]struct {
		reasons map[string]bool
		at      map[string]bool
	}{
		"alice": {map[string]bool{"select": true, "chan receive": true}, selects},
		"bob":   {map[string]bool{"select": true, "chan receive": true}, selects},
		"main":  {map[string]bool{"WaitGroup": true}, wgWait},
	}
	// The waits before the deadlock was found: once it was, the run's end
	// woke them to return (and they may wait again on the way out).
	found := time.Duration(math.MaxInt64)
	for _, e := range evs {
		if e.Kind == runner.Stuck {
			found = min(found, e.At)
		}
	}
	last := map[string]runner.Event{} // each one's last wait before the deadlock was found
	stuck := map[string]bool{}
	for i, e := range evs {
		w, ok := want[e.Who]
		if !ok {
			continue
		}
		switch e.Kind {
		case runner.Blocked:
			if e.At <= found {
				last[e.Who] = e
			}
		case runner.Stuck:
			if !w.reasons[e.Text] || !w.at[e.Where] {
				t.Errorf("%s stuck on %q at %s; want one of %v at one of %v", e.Who, e.Text, e.Where, w.reasons, w.at)
			}
			if evs[len(evs)-1].Kind != runner.End || i == len(evs)-1 {
				t.Errorf("Stuck is not before the End")
			}
			stuck[e.Who] = true
		}
	}
	for who, w := range want {
		e, blocked := last[who]
		if blocked && (!w.reasons[e.Text] || !w.at[e.Where]) {
			t.Errorf("%s last blocked on %q at %s; want one of %v at one of %v", who, e.Text, e.Where, w.reasons, w.at)
		}
		if !blocked || !stuck[who] {
			t.Errorf("%s: blocked %v, stuck %v; want both", who, blocked, stuck[who])
		}
	}
}

// TestPoolStates: pool's workers wait on the waiting room (a receive, in
// the range over the channel) until main seats a client there: every such
// wait is a chan receive, woken by main. Whether a worker waits at all is
// the scheduler's choice (one that starts after main seated a client takes
// it at once), so the program runs up to five times until one does.
func TestPoolStates(t *testing.T) {
	ex, _ := examples.Lookup("pool")
	room := linesOf(ex, "range waiting")
	waits := 0
	for run := 0; run < 5 && waits == 0; run++ {
		res, evs := runExample(t, "pool", runner.Values{"clients": 4, "workers": 2, "messages": 2, "pause": 10})
		if res.Status != runner.Done {
			t.Fatalf("got %v %v; want done", res.Status, res.Err)
		}
		waiting := map[string]bool{} // workers waiting in the room now
		for _, e := range evs {
			if !strings.HasPrefix(e.Who, "worker-") {
				continue
			}
			switch e.Kind {
			case runner.Blocked:
				if room[e.Where] {
					if e.Text != "chan receive" {
						t.Errorf("%s waits on %q in the waiting room; want chan receive", e.Who, e.Text)
					}
					waiting[e.Who] = true
					waits++
				}
			case runner.Runnable:
				if waiting[e.Who] && e.By != "main" {
					t.Errorf("%s woken in the waiting room by %q; want main", e.Who, e.By)
				}
				waiting[e.Who] = false
			}
		}
	}
	if waits == 0 {
		t.Errorf("in five runs, no worker waited on the waiting room (at %v)", room)
	}
}
