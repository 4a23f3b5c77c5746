//go:build js && wasm

package main

import (
	"runtime"
	"runtime/debug"
)

// runHeap is how much memory the view's Go runtime may hold while a run
// streams before it collects anyway: the server's 10,000 clients, the
// biggest stream of the built-in programs, allocate about 25 MB in the
// view over a live heap of about 5 MB.
const runHeap = 64 << 20

// collector decides when the view's garbage collector runs. In js/wasm
// a mark phase has the page's only thread: begun while a run's events
// stream in, it runs to its end inside one message handler, nothing
// preempting it to let the browser draw (40-55 ms, the longest frames of
// the server's 10,000-client run). So while a run is under way the view
// collects only past runHeap, and once it has ended, it collects in a
// task of its own when the page is idle and goes back to the pacing it had.
type collector struct {
	running bool
	idle    *pending
	// What the runtime had before the run: GOGC and the memory limit.
	percent int
	limit   int64
}

func newCollector() *collector {
	c := &collector{}
	c.idle = newPending(func() {
		if !c.running { // not if the next run has begun meanwhile
			debug.SetGCPercent(c.percent)
			debug.SetMemoryLimit(c.limit)
			runtime.GC()
		}
	})
	return c
}

// run says whether a run is under way: true as it starts, false once it is
// over and the page has drawn all of it.
func (c *collector) run(on bool) {
	if on == c.running {
		return
	}
	c.running = on
	if !on {
		c.idle.whenIdle()
		return
	}
	if c.idle.set {
		return // the last run's pacing is still off: what it had stays
	}
	c.limit = debug.SetMemoryLimit(runHeap)
	c.percent = debug.SetGCPercent(-1) // the memory limit still applies
}
