//go:build js && wasm

package engine

import (
	"context"
	"errors"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall/js"

	"github.com/goroutine-playground/playground/internal/protocol"
	"github.com/goroutine-playground/playground/internal/runner"
)

// Lookup finds a program by its short name: its main function and knobs.
type Lookup func(name string) (runner.Main, []runner.Knob, bool)

// Serve makes this worker an engine for the programs lookup finds, and
// never returns: the worker lives until the view terminates it.
func Serve(lookup Lookup) {
	e := newEngine()
	e.lookup = lookup
	e.handOff()
	select {}
}

// engine runs the one program the view asks for.
type engine struct {
	self   js.Value // the worker's global scope
	batch  batcher
	lookup Lookup

	stdin *runner.Stdin // the run's input, fed by the view

	mu      sync.Mutex
	started bool
	cancel  context.CancelFunc // of the run in progress, or nil
}

func newEngine() *engine {
	// A worker runs one program and is then thrown away, and in wasm the
	// collector has the program's only thread: collecting less often is
	// worth more memory. With GOGC at 400 the server with 10,000 clients
	// ran in 25–27 s instead of 41–42 s (Node 20, its engine alone, GOGC
	// set in the environment, the test in BenchmarkServerClients' shape).
	// The limit keeps many's half a million goroutines (1.3 GB of stacks
	// and heap) collecting as usual, well below wasm's 4 GiB.
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(2 << 30)
	e := &engine{self: js.Global(), stdin: runner.NewStdin()}
	e.batch.send = func(b []byte) { e.post(protocol.Events, b) }
	e.batch.last = -batchDelay // the run's first event goes at once
	return e
}

// handOff gives worker.js the engine's message handler, which is never
// released: the worker lives as long as the view needs it.
func (e *engine) handOff() {
	e.self.Call("handOff", js.FuncOf(func(_ js.Value, args []js.Value) any {
		e.message(args[0])
		return nil
	}))
}

func (e *engine) message(m js.Value) {
	if m.Type() != js.TypeObject {
		return
	}
	if b := m.Get(protocol.Run); b.Type() == js.TypeObject {
		buf := make([]byte, b.Get("length").Int())
		js.CopyBytesToGo(buf, b)
		e.start(buf)
	} else if m.Get(protocol.Stop).Truthy() {
		e.stop()
	} else if text := m.Get(protocol.Input); text.Type() == js.TypeString {
		// Refusals reach the reader as the run's notes, or (after the
		// run) are the view's to say: it knows the run has ended.
		_ = e.stdin.Send(text.String())
	} else if m.Get(protocol.CloseInput).Truthy() {
		e.stdin.Close()
	}
}

// start begins the run a request asks for. It must not block: the run
// goes on in its own goroutine.
func (e *engine) start(request []byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.started {
		return // one run per worker; the view never asks for two
	}
	e.started = true
	q, err := runner.ReadRequest(request)
	if err != nil {
		e.refuse(err)
		return
	}
	main, knobs, ok := e.lookup(q.Program)
	if !ok {
		e.refuse(errors.New("there is no program " + strconv.Quote(q.Program)))
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	go func() {
		defer cancel()
		runner.Run(ctx, main, runner.Config{Knobs: knobs, Values: q.Values, Sink: e.sink, Stdin: e.stdin})
	}()
}

// sink takes the run's events. The End goes alone, after the batch
// before it.
func (e *engine) sink(ev runner.Event) {
	if ev.Kind != runner.End {
		e.batch.add(ev)
		return
	}
	e.batch.stop()
	e.post(protocol.End, runner.AppendEvent(nil, ev))
}

// refuse ends a run that could not begin.
func (e *engine) refuse(err error) {
	e.post(protocol.End, runner.AppendEvent(nil, runner.Event{Kind: runner.End, Status: runner.Failed, Text: err.Error()}))
}

func (e *engine) stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancel != nil {
		e.cancel()
	}
}

var uint8Array = js.Global().Get("Uint8Array")

// post sends bytes under key, moving (not copying) their JS buffer.
func (e *engine) post(key string, b []byte) {
	arr := uint8Array.New(len(b))
	js.CopyBytesToJS(arr, b)
	e.self.Call("postMessage", map[string]any{key: arr}, []any{arr.Get("buffer")})
}
