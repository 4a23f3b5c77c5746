//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/protocol"
)

// worker is the view's handle on one engine in a Web Worker.
type worker struct {
	w         js.Value
	listeners []listener
	heard     float64 // performance.now() of its last message
}

// workerHandler is what the workers report to the view.
type workerHandler interface {
	// events takes a batch of the run's events in runner's wire form;
	// end says it is the run's last, ending in its End event.
	events(w *worker, batch []byte, end bool)
	// trace takes the next bytes of the run's execution trace, a
	// Uint8Array the view keeps as it is, for #trace.
	trace(w *worker, chunk js.Value)
	// died takes the news that the worker's Go runtime is gone: it
	// exited with code, or (code -1) failed.
	died(w *worker, code int, why string)
}

// startWorker starts a worker through site/app.js (the first one app.js
// may have started already, when take is set) and reports what it says
// to h.
func startWorker(take bool, h workerHandler) *worker {
	pg := js.Global().Get("playground")
	w := &worker{}
	if take {
		w.start(pg.Call("take"), h)
	} else {
		w.start(pg.Call("spawn"), h)
	}
	return w
}

// start listens to the Web Worker ww and reports what it says to h.
func (w *worker) start(ww js.Value, h workerHandler) {
	w.w = ww
	w.heard = now()
	target := &dom.BasicNode{Value: w.w}
	w.listeners = []listener{
		listen(target, "message", func(ev *dom.BasicEvent) {
			w.heard = now()
			m := ev.Get("data")
			if m.Type() != js.TypeObject {
				return
			}
			switch {
			case m.Get(protocol.Events).Type() == js.TypeObject:
				h.events(w, bytesOf(m.Get(protocol.Events)), false)
			case m.Get(protocol.End).Type() == js.TypeObject:
				h.events(w, bytesOf(m.Get(protocol.End)), true)
			case m.Get(protocol.Trace).Type() == js.TypeObject:
				h.trace(w, m.Get(protocol.Trace))
			case !m.Get(protocol.Exit).IsUndefined():
				code, why := exitReport(m)
				h.died(w, code, why)
			}
		}),
		listen(target, "error", func(ev *dom.BasicEvent) {
			ev.PreventDefault() // reported in the output, not the console
			msg := ev.Get("message")
			why := "the worker failed"
			if msg.Type() == js.TypeString {
				why = page.WorkerError(msg.String())
			}
			h.died(w, -1, why)
		}),
	}
}

// bytesOf copies a Uint8Array into Go.
func bytesOf(arr js.Value) []byte {
	n := arr.Get("length")
	if n.Type() != js.TypeNumber {
		return nil
	}
	b := make([]byte, n.Int())
	js.CopyBytesToGo(b, arr)
	return b
}

// exitReport says why a worker's Go runtime exited, from what it wrote.
func exitReport(m js.Value) (int, string) {
	// The code is a JS number: syscall/js cannot call a method on a
	// primitive (toString panicked here and took the view down with it).
	code := -1
	if c := m.Get(protocol.Exit); c.Type() == js.TypeNumber {
		code = c.Int()
	}
	var stderr string
	if s := m.Get(protocol.Stderr); s.Type() == js.TypeString {
		stderr = s.String()
	}
	return code, page.ExitReport(code, stderr)
}

// busy reports whether the engine has been silent for longer than
// protocol.SilentFor, and for how long.
func (w *worker) busy() (bool, time.Duration) {
	quiet := time.Duration((now() - w.heard) * float64(time.Millisecond))
	return quiet > protocol.SilentFor, quiet
}

// post sends the engine a message.
func (w *worker) post(msg map[string]any) { w.w.Call("postMessage", msg) }

// postBytes sends the engine bytes under key, moving their buffer.
func (w *worker) postBytes(key string, b []byte) {
	arr := bytesToJS(b)
	w.w.Call("postMessage", map[string]any{key: arr}, []any{arr.Get("buffer")})
}

// retire ends the worker and releases the view's handlers.
func (w *worker) retire() {
	w.w.Call("terminate")
	for _, l := range w.listeners {
		l.remove()
	}
	w.listeners = nil
}
