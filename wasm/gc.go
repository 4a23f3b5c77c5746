//go:build js && wasm

package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"syscall/js"
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
// task of its own when the page is idle and goes back to Go's usual pacing.
type collector struct {
	running bool
	idle    *pending
}

func newCollector() *collector {
	c := &collector{}
	c.idle = newPending(func() {
		if !c.running { // not if the next run has begun meanwhile
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
			runtime.GC()
		}
	})
	return c
}

// run says whether a run is under way (the page's state is Running).
func (c *collector) run(on bool) {
	if on == c.running {
		return
	}
	c.running = on
	if on {
		debug.SetMemoryLimit(runHeap)
		debug.SetGCPercent(-1) // the memory limit still applies
		return
	}
	c.idle.whenIdle()
}

// whenIdle calls f once, when the page is next idle (within a second), or
// soon where requestIdleCallback is missing, unless a call is scheduled
// already.
func (p *pending) whenIdle() {
	if p.set {
		return
	}
	p.set = true
	if ric := js.Global().Get("requestIdleCallback"); ric.Type() == js.TypeFunction {
		ric.Invoke(p.fn, map[string]any{"timeout": 1000})
		return
	}
	js.Global().Call("setTimeout", p.fn, 200)
}
