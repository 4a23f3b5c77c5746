package msgbench

import (
	"net"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks for leaks; under js/wasm the runtime keeps a goroutine
// of its own waiting for events from JavaScript.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("runtime.handleEvent"))
}

// TestRun moves a few messages each way: every case must finish, report
// what it moved, and take some time.
func TestRun(t *testing.T) {
	const n, rounds = 1000, 2
	res, err := Run(n, rounds)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(res), rounds*len(Cases); got != want {
		t.Fatalf("got %d results; want %d", got, want)
	}
	for i, r := range res {
		if want := Cases[i%len(Cases)].Name; r.Name != want {
			t.Errorf("result %d is %q; want %q", i, r.Name, want)
		}
		if r.N != n || r.Elapsed <= 0 || r.PerSecond() <= 0 {
			t.Errorf("result %d: %+v; want %d messages in a positive time", i, r, n)
		}
	}
}

// TestRunSomeCases runs the cases named, in the order of Cases.
func TestRunSomeCases(t *testing.T) {
	res, err := Run(100, 2, "chan", "memnet")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res {
		got = append(got, r.Name)
	}
	if want := "memnet chan memnet chan"; strings.Join(got, " ") != want {
		t.Errorf("cases run: %q; want %q", got, want)
	}
	if _, err := Run(100, 1, "memnet", "tcp"); err == nil || !strings.Contains(err.Error(), `no case "tcp"`) {
		t.Errorf("Run with an unknown case: %v; want an error naming it", err)
	}
}

func TestRunBadArguments(t *testing.T) {
	for _, c := range []struct{ n, rounds int }{{0, 1}, {1, 0}, {-1, -1}} {
		if _, err := Run(c.n, c.rounds); err == nil {
			t.Errorf("Run(%d, %d) succeeded; want an error", c.n, c.rounds)
		}
	}
}

func TestPerSecond(t *testing.T) {
	if got := (Result{N: 10}).PerSecond(); got != 0 {
		t.Errorf("PerSecond of no time = %v; want 0", got)
	}
	if got := (Result{N: 10, Elapsed: 2e9}).PerSecond(); got != 5 {
		t.Errorf("PerSecond = %v; want 5", got)
	}
}

// TestStreamBroken checks that a stream that ends early is an error, not a
// fast result.
func TestStreamBroken(t *testing.T) {
	w, r := net.Pipe()
	w.Close()
	if d, err := stream(w, r, 10); err == nil {
		t.Fatalf("stream over a closed pipe took %v and no error; want an error", d)
	}
}
