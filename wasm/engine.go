//go:build js && wasm

package main

import (
	"context"
	"errors"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall/js"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/runner"
)

// The messages between the view and an engine are plain objects:
//
//	view → engine: {run: "pool", knobs: {clients: 5, ...}}, {stop: true}
//	engine → view: {events: Uint8Array} (runner's wire form, transferred),
//	               {end: {status, error, lingering: [...], elapsed: ms}}
//	worker.js → view: {exit: code, stderr: "..."} when Go exits,
//	                  {beat: true} every 40 ms while Go has handed back the thread

// engine runs the programs the view asks for, one at a time.
type engine struct {
	self  js.Value // the worker's global scope
	batch batcher

	mu     sync.Mutex
	cancel context.CancelFunc // of the run in progress, or nil
}

// runEngine makes this worker an engine and hands worker.js its message
// handler. The handler is never released: the worker lives as long as
// the view needs it and is then terminated.
func runEngine() {
	// A worker runs one program and is then thrown away, and in wasm the
	// collector has the program's only thread: collecting less often is
	// worth more memory. With GOGC at 400 the server with 10,000 clients
	// ran in 25–27 s instead of 41–42 s (Node 20, its engine alone, GOGC
	// set in the environment, the test in BenchmarkServerClients' shape).
	// The limit keeps many's half a million goroutines (1.3 GB of stacks
	// and heap) collecting as usual, well below wasm's 4 GiB.
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(2 << 30)

	e := &engine{self: js.Global()}
	e.batch.send = e.sendEvents
	e.batch.last = -batchDelay // the run's first event goes at once
	e.self.Call("handOff", js.FuncOf(func(_ js.Value, args []js.Value) any {
		e.message(args[0])
		return nil
	}))
}

func (e *engine) message(m js.Value) {
	if m.Type() != js.TypeObject {
		return
	}
	if name := m.Get("run"); name.Type() == js.TypeString {
		e.start(name.String(), m.Get("knobs"))
	} else if m.Get("stop").Truthy() {
		e.stop()
	}
}

// start begins a run of the program called name. It must not block: the
// run goes on in its own goroutine.
func (e *engine) start(name string, knobs js.Value) {
	ex, ok := examples.Lookup(name)
	if !ok {
		e.sendEnd(runner.Result{Status: runner.Failed, Err: errors.New("there is no program " + strconv.Quote(name))})
		return
	}
	values, err := readKnobs(ex.Knobs, knobs)
	if err != nil {
		e.sendEnd(runner.Result{Status: runner.Failed, Err: err})
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancel != nil {
		return // one run per worker; the view never asks for two
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	go func() {
		res := runner.Run(ctx, ex.Main, runner.Config{Knobs: ex.Knobs, Values: values, Sink: e.batch.add})
		e.batch.stop()
		e.sendEnd(res)
		e.mu.Lock()
		e.cancel = nil
		e.mu.Unlock()
		cancel()
	}()
}

func (e *engine) stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancel != nil {
		e.cancel()
	}
}

// readKnobs reads the knob values the view sent, checking each.
func readKnobs(knobs []runner.Knob, obj js.Value) (runner.Values, error) {
	values := runner.Defaults(knobs)
	if obj.Type() != js.TypeObject {
		return values, nil
	}
	var errs []error
	for _, k := range knobs {
		v := obj.Get(k.Name)
		if v.Type() != js.TypeNumber {
			continue
		}
		n := v.Int()
		if err := k.Check(n); err != nil {
			errs = append(errs, err)
			continue
		}
		values[k.Name] = n
	}
	return values, errors.Join(errs...)
}

var uint8Array = js.Global().Get("Uint8Array")

// sendEvents posts a batch, moving (not copying) its JS buffer.
func (e *engine) sendEvents(b []byte) {
	arr := uint8Array.New(len(b))
	js.CopyBytesToJS(arr, b)
	msg := map[string]any{"events": arr}
	e.self.Call("postMessage", msg, []any{arr.Get("buffer")})
}

func (e *engine) sendEnd(res runner.Result) {
	lingering := make([]any, len(res.Lingering))
	for i, name := range res.Lingering {
		lingering[i] = name
	}
	end := map[string]any{
		"status":    res.Status.String(),
		"elapsed":   float64(res.Elapsed.Microseconds()) / 1000,
		"lingering": lingering,
	}
	if res.Err != nil {
		end["error"] = res.Err.Error()
	}
	e.self.Call("postMessage", map[string]any{"end": end})
}
