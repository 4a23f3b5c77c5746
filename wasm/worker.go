//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// silentFor is how long an engine may go without a word (worker.js beats
// every 40 ms while its thread is free) before the view counts it as busy:
// its Go program holds the worker's only thread, so a message asking it to
// stop would wait unread until that program blocks.
const silentFor = 150 // ms

// worker is the view's handle on one engine in a Web Worker.
type worker struct {
	w         js.Value
	listeners []listener
	heard     float64 // performance.now() of its last message
}

// busy reports whether the engine has been silent for more than silentFor,
// and for how long.
func (w *worker) busy() (bool, float64) {
	quiet := now() - w.heard
	return quiet > silentFor, quiet
}

// workerHandler is what a worker reports to the view.
type workerHandler interface {
	events(w *worker, batch js.Value) // a Uint8Array of events in wire form
	ended(w *worker, end js.Value)    // the run's result
	died(w *worker, why string)       // the worker's Go runtime is gone
}

// newWorker takes the worker app.js started first, or starts another, and
// reports what it says to h.
func newWorker(take bool, h workerHandler) *worker {
	pg := js.Global().Get("playground")
	var w *worker
	if take {
		w = &worker{w: pg.Call("take")}
	} else {
		w = &worker{w: pg.Call("spawn")}
	}
	w.heard = now()
	target := &dom.BasicNode{Value: w.w}
	w.listeners = []listener{
		listen(target, "message", func(ev *dom.BasicEvent) {
			m := ev.Get("data")
			w.heard = now()
			switch {
			case m.Type() != js.TypeObject, m.Get("beat").Truthy():
			case !m.Get("events").IsUndefined():
				h.events(w, m.Get("events"))
			case !m.Get("end").IsUndefined():
				h.ended(w, m.Get("end"))
			case !m.Get("exit").IsUndefined():
				h.died(w, exitReport(m))
			}
		}),
		listen(target, "error", func(ev *dom.BasicEvent) {
			ev.PreventDefault() // reported in the output, not the console
			msg := ev.Get("message")
			why := "the worker failed"
			if msg.Type() == js.TypeString {
				why += ": " + msg.String()
			}
			h.died(w, why)
		}),
	}
	return w
}

// exitReport says why a worker's Go runtime exited, from what it wrote.
func exitReport(m js.Value) string {
	// The code is a JS number: syscall/js cannot call a method on a
	// primitive (toString panicked here and took the view down with it).
	code := m.Get("exit")
	why := "the engine's Go runtime exited"
	if code.Type() == js.TypeNumber {
		why += " (code " + strconv.Itoa(code.Int()) + ")"
	}
	if s := m.Get("stderr"); s.Type() == js.TypeString && s.String() != "" {
		why += ":\n" + s.String()
	}
	return why
}

// post sends the engine a message.
func (w *worker) post(msg map[string]any) { w.w.Call("postMessage", msg) }

// retire ends the worker and releases the view's handlers.
func (w *worker) retire() {
	w.w.Call("terminate")
	for _, l := range w.listeners {
		l.remove()
	}
	w.listeners = nil
}
