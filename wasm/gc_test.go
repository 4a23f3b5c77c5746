//go:build js && wasm

package main

import (
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent returns the collector's GOGC without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// TestCollector: while a run is under way the view does not collect (but
// past runHeap); once it has ended it collects when idle and goes back to
// Go's pacing, unless the next run has begun by then.
func TestCollector(t *testing.T) {
	defer debug.SetGCPercent(gcPercent())
	tests := []struct {
		name string
		desc string
		runs []bool // the run states the collector hears, in order
		want int    // GOGC a while after the last
	}{
		{name: "running", desc: "a run under way: no pacing", runs: []bool{true}, want: -1},
		{name: "ended", desc: "after the run, when idle: Go's pacing", runs: []bool{true, false}, want: 100},
		{name: "next run", desc: "the next run began before the page was idle", runs: []bool{true, false, true}, want: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetGCPercent(100)
			c := newCollector()
			for _, on := range tt.runs {
				c.run(on)
			}
			waitIdle(t, c)
			if got := gcPercent(); got != tt.want {
				t.Errorf("%s: GOGC %d; want %d", tt.desc, got, tt.want)
			}
			c.run(false)
			waitIdle(t, c) // its call, before the next test's collector
		})
	}
}

// waitIdle waits until c's idle call, if one is scheduled, has been made
// (node has no requestIdleCallback: it is due 200 ms after the run).
func waitIdle(t *testing.T, c *collector) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); c.idle.set; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the idle call was never made")
		}
	}
}
