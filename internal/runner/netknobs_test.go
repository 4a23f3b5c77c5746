package runner

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/memnet"
)

func TestShaping(t *testing.T) {
	tests := []struct {
		name      string
		values    Values
		scale     int
		latency   time.Duration
		bandwidth int64
	}{
		{"none", Values{}, 10, 0, 0},
		{"real time", Values{"latency": 100, "bandwidth": 50}, 1, 100 * time.Millisecond, 50_000},
		{"ten times faster", Values{"latency": 100, "bandwidth": 50}, 10, 10 * time.Millisecond, 500_000},
		{"the most", Values{"latency": Latency.Max, "bandwidth": Bandwidth.Max}, TimeScale.Max, 10 * time.Millisecond, 1_000_000_000_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, b := shaping(tt.values, tt.scale)
			if l != tt.latency || b != tt.bandwidth {
				t.Errorf("got %v, %d B/s; want %v, %d B/s", l, b, tt.latency, tt.bandwidth)
			}
		})
	}
}

// TestNetworkKnobs: the knobs reach the run's in-memory network, scaled.
func TestNetworkKnobs(t *testing.T) {
	r := newRun(t.Context(), Config{}, Values{TimeScale.Name: 4, Latency.Name: 200, Bandwidth.Name: 3})
	defer r.cancel()
	n := r.net.(*memnet.Network)
	if n.Latency != 50*time.Millisecond || n.Bandwidth != 12_000 {
		t.Errorf("network latency %v, bandwidth %d; want 50ms, 12000", n.Latency, n.Bandwidth)
	}
}

// TestInFlightIsNotADeadlock: a client waits longer than the stall time
// for bytes that cross the network's latency; the run is not failed.
func TestInFlightIsNotADeadlock(t *testing.T) {
	res, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error {
		ln, err := env.Net().Listen("tcp", ":0")
		if err != nil {
			return err
		}
		defer ln.Close()
		c, err := env.Net().DialContext(ctx, "tcp", ln.Addr().String())
		if err != nil {
			return err
		}
		defer c.Close()
		s, err := ln.Accept()
		if err != nil {
			return err
		}
		s.Write([]byte("slow"))
		s.Close()
		b, err := io.ReadAll(c)
		Println(ctx, string(b))
		return err
	}, Config{Knobs: []Knob{TimeScale, Stall, Latency}, Values: Values{TimeScale.Name: 1, Stall.Name: 100, Latency.Name: 600}})
	if res.Status != Done {
		t.Fatalf("ended %v: %v; want done", res.Status, res.Err)
	}
	if got := rec.lines(); len(got) != 1 || got[0] != "main: slow" {
		t.Errorf("lines %q; want main: slow", got)
	}
}

// TestShapingOverTCPIsNoted: over real TCP the knobs cannot apply, and the
// run says so.
func TestShapingOverTCPIsNoted(t *testing.T) {
	_, rec := runRec(t, t.Context(), func(ctx context.Context, env *Env) error { return nil },
		Config{TCP: true, Knobs: []Knob{Latency}, Values: Values{Latency.Name: 100}})
	if notes := texts(rec.of(Note)); len(notes) != 1 || !strings.Contains(notes[0], "in-memory network only") {
		t.Errorf("notes %q; want one saying the knobs apply to the in-memory network only", notes)
	}
}
