//go:build js && wasm

package engine

import (
	"context"
	"errors"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall/js"

	"github.com/goroutine-playground/playground/internal/protocol"
	"github.com/goroutine-playground/playground/internal/runner"
	"github.com/goroutine-playground/playground/internal/states"
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

// Main runs a program written in the page, whose func main is user: a
// generated init of the program's package main calls it, so it runs
// before Go would call main itself. It waits for the view's request, runs
// user under the runner as the goroutine "main" (what the program writes
// to standard output and error becomes its goroutines' output lines),
// sends the run's end and exits the process: it never returns.
func Main(user func()) {
	e := newEngine()
	e.plain = true
	e.stdout = runner.NewStdout()
	e.batch.eager = true // a crash loses nothing written before it
	e.lookup = func(string) (runner.Main, []runner.Knob, bool) {
		return func(context.Context, *runner.Env) error {
			user()
			return nil
		}, nil, true
	}
	e.queue = make(chan []byte, 1)
	e.self.Call("handStdio", js.FuncOf(func(_ js.Value, args []js.Value) any {
		// Called by worker.js's file system on the goroutine that wrote.
		e.stdout.Write(args[0].Int(), bytesOf(args[1]))
		return nil
	}), js.FuncOf(func(_ js.Value, args []js.Value) any {
		// A read of standard input: (buffer, length, callback), called on
		// the goroutine that reads, which must not block here; the line
		// comes from another goroutine, in that one's name.
		e.readStdin(e.stdin.Caller(), args[0], args[1].Int(), args[2])
		return nil
	}))
	e.handOff()
	res := e.run(<-e.queue)
	code := 0
	if res.Status != runner.Done {
		code = 1
	}
	os.Exit(code)
}

// readStdin answers one read of standard input of length bytes into the
// JS buffer, calling back (err, n) when there is something to read: what
// is left of the last line read, or the next line and its newline. At the
// end of the input it calls back 0 bytes read.
func (e *engine) readStdin(who string, buf js.Value, length int, callback js.Value) {
	go func() {
		e.stdinMu.Lock()
		defer e.stdinMu.Unlock()
		if len(e.stdinRest) == 0 {
			line, err := e.stdin.ReadLineFor(who)
			if err != nil {
				callback.Invoke(nil, 0)
				return
			}
			e.stdinRest = []byte(line + "\n")
		}
		n := min(length, len(e.stdinRest))
		js.CopyBytesToJS(buf, e.stdinRest[:n])
		e.stdinRest = e.stdinRest[n:]
		callback.Invoke(nil, n)
	}()
}

// engine runs the one program the view asks for.
type engine struct {
	self   js.Value // the worker's global scope
	batch  batcher
	lookup Lookup

	stdin  *runner.Stdin  // the run's input, fed by the view
	stdout *runner.Stdout // a plain program's writes, or nil

	stdinMu   sync.Mutex  // one read of os.Stdin at a time
	stdinRest []byte      // what the last read of os.Stdin left of its line
	plain     bool        // a program written in the page (Main)
	queue     chan []byte // Main's request, to run in its own goroutine

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
	e.batch.send = func(b []byte, now bool) { e.stage(b, false, now) }
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
		e.start(bytesOf(b))
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
// goes on in its own goroutine (or, for Main, in the goroutine that
// waits for it).
func (e *engine) start(request []byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.started {
		return // one run per worker; the view never asks for two
	}
	e.started = true
	if e.queue != nil {
		e.queue <- request
		return
	}
	go e.run(request)
}

// run runs the program a request asks for, to its end.
func (e *engine) run(request []byte) runner.Result {
	q, err := runner.ReadRequest(request)
	if err != nil {
		return e.refuse(err)
	}
	main, knobs, ok := e.lookup(q.Program)
	if !ok {
		return e.refuse(errors.New("there is no program " + strconv.Quote(q.Program)))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.mu.Lock()
	e.cancel = cancel
	e.mu.Unlock()
	cfg := runner.Config{Knobs: knobs, Values: q.Values, Sink: e.sink, Stdin: e.stdin, Stdout: e.stdout,
		// Goroutine states from Go's execution tracer, parsed here as the
		// run goes on; the trace's bytes go to the view too, for #trace.
		States: true, Parse: states.Parse, Trace: traceWriter{e}}
	if e.plain {
		cfg.Untracked = "main."
	}
	return runner.Run(ctx, main, cfg)
}

// sink takes the run's events. The End goes alone, after the batch
// before it.
func (e *engine) sink(ev runner.Event) {
	if ev.Kind != runner.End {
		e.batch.add(ev)
		return
	}
	e.batch.stop()
	e.stage(runner.AppendEvent(nil, ev), true, true)
}

// refuse ends a run that could not begin.
func (e *engine) refuse(err error) runner.Result {
	res := runner.Result{Status: runner.Failed, Err: err}
	e.stage(runner.AppendEvent(nil, runner.Event{Kind: runner.End, Status: res.Status, Text: err.Error()}), true, true)
	return res
}

func (e *engine) stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancel != nil {
		e.cancel()
	}
}

// traceWriter hands the run's execution trace to worker.js, which posts
// it to the view as it comes.
type traceWriter struct{ e *engine }

func (w traceWriter) Write(b []byte) (int, error) {
	arr := uint8Array.New(len(b))
	js.CopyBytesToJS(arr, b)
	w.e.self.Call("stageTrace", arr)
	return len(b), nil
}

var uint8Array = js.Global().Get("Uint8Array")

// stage hands worker.js events in wire form, which it posts to the view
// in batches of its own (so that what Go handed it reaches the view even
// if this Go runtime then dies); end says they end the run, now that they
// are to be posted at once (with what waits before them).
func (e *engine) stage(b []byte, end, now bool) {
	arr := uint8Array.New(len(b))
	js.CopyBytesToJS(arr, b)
	e.self.Call("stage", arr, end, now)
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
