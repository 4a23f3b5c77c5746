package runner

import (
	"context"
	"io"
	"runtime"
	"runtime/trace"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The execution trace of a run
//
// With [Config.Trace] or [Config.States] set, Run records the run with
// runtime/trace from before main starts until its goroutines have ended.
// A process has one execution trace at a time: if one is already on (go
// test -trace, another run tracing), the run goes on without, and a Note
// and [Result.TraceErr] say so.
//
// The runtime hands the trace out a generation at a time, and cuts one
// about once a second. For states to reach the page while the run goes on,
// a flight recorder (runtime/trace.FlightRecorder, whose snapshot cuts the
// current generation) is asked for a snapshot every StatePeriod while the
// process has few goroutines: each cut writes a status for every
// goroutine, so with many it costs more than it gives.
//
// Goroutines beyond the state limit get no states (and no lane in the
// page), so unless Config.TraceAll asks for the whole run, the trace stops
// once the run passes the limit: its cost (in js/wasm mostly the stack the
// runtime unwinds for each event, without frame pointers) stops with it.

// DefaultStatePeriod is how often the tracer cuts a generation while a run
// has states, unless Config.StatePeriod says otherwise.
const DefaultStatePeriod = 200 * time.Millisecond

// DefaultStateLimit is how many goroutines get states unless
// Config.StateLimit says otherwise: as many as the page's timeline has lanes.
const DefaultStateLimit = 1000

// DefaultStateEvents is how many state events a run sends at most unless
// Config.StateEvents says otherwise.
const DefaultStateEvents = 100_000

// cutGoroutines is the number of goroutines in the process above which
// generations are left to the runtime's own period.
const cutGoroutines = 2000

// The trace annotations: the runner writes them with runtime/trace.Log, a
// category and a message, and a reader of the run's trace (Parse, or
// anyone with the file) finds the run and its goroutines' names by them.
const (
	// TraceMark's message is the run's id; its time is the run's time 0.
	TraceMark = "goroutine-playground.run"
	// TraceGo's message is the name of the goroutine that the logging
	// goroutine starts next: runner.Go logs it just before its go
	// statement, and Run for main.
	TraceGo = "goroutine-playground.go"
	// TraceNamed's message is a name runner.Named gave: the goroutine the
	// logging goroutine starts next has it, if it starts one before it
	// blocks (go f(runner.Named(ctx, "x"))).
	TraceNamed = "goroutine-playground.named"
)

var runIDs atomic.Uint64

// recording is a run's execution trace while it is taken.
type recording struct {
	pipe    *tracePipe
	fr      *trace.FlightRecorder // nil while the run does not cut generations
	parsed  chan struct{}         // closed when Parse returns; nil without it
	err     error                 // why there is no trace
	all     bool                  // Config.TraceAll
	limit   int                   // the state limit
	base    int                   // goroutines in the process before the run
	period  time.Duration         // of the cuts; 0 for none
	over    chan struct{}         // a poke: the run may have passed the limit
	begun   chan struct{}         // closed once the first limit goroutines have begun
	begins  atomic.Int64          // how many of them have
	stop    chan struct{}         // closed at the run's end
	watched chan struct{}         // closed when watch returns

	frMu     sync.Mutex // guards fr (not safe for concurrent use), cutting and stopped
	stopped  bool       // the trace has stopped: no more cuts
	cutting  bool       // cut has started the flight recorder
	haltOnce sync.Once
	haltedAt time.Time   // when halt stopped the trace
	past     atomic.Bool // the run has had more goroutines than the limit: runner.Go's, or Parse's count
}

// startTrace starts the run's execution trace, and the parser of its
// states, before the run's first goroutine. It resets the run's time 0 to
// the moment after the tracer started, which the trace marks, so the
// trace's times and the runner's agree.
func (r *run) startTrace(cfg Config) {
	if cfg.Trace == nil && !cfg.States {
		return
	}
	parse := cfg.States && cfg.Parse != nil
	rec := &recording{pipe: newTracePipe(cfg.Trace, parse), all: cfg.TraceAll, limit: cfg.StateLimit,
		base: runtime.NumGoroutine(), over: make(chan struct{}, 1), begun: make(chan struct{}), stop: make(chan struct{}), watched: make(chan struct{})}
	if rec.limit <= 0 {
		rec.limit = DefaultStateLimit
	}
	r.rec = rec
	if err := trace.Start(rec.pipe); err != nil {
		rec.err = errorString("Go's execution tracer is already on in this process (" + err.Error() +
			"): this run is not traced, and its timeline shows the runner's own waits")
		r.note(rec.err.Error())
		return
	}
	// The mark's time is the trace's time 0; the runner's is taken on
	// either side of it, halfway, so that the two clocks agree to half a
	// call (tens of µs in js/wasm, where the clock is read through JS).
	id := strconv.FormatUint(runIDs.Add(1), 10)
	before := time.Now()
	trace.Log(context.Background(), TraceMark, id)
	r.start = before.Add(time.Since(before) / 2)
	if cfg.States {
		r.states.Store(true)
		if parse {
			rec.parsed = make(chan struct{})
			go func() {
				defer close(rec.parsed)
				cfg.Parse(rec.pipe, ParseConfig{Emit: r.emitTraced, Limit: rec.limit, Events: cfg.StateEvents,
					Full: rec.pass,
					Cut:  func() { r.states.Store(false) },
					Name: r.adoptedName})
				rec.pipe.stopReading()
				if !rec.all {
					rec.halt() // nothing more to show: the rest would only cost
				}
			}()
		}
		rec.period = cfg.StatePeriod
		if rec.period == 0 {
			rec.period = DefaultStatePeriod
		}
	}
	go r.watchTrace(rec)
}

// watchTrace cuts a generation every period, so the parser gets it, and stops
// the trace early once the run has more goroutines than get states,
// unless the whole run is to be traced. It returns at the run's end, or
// once it has stopped the trace.
func (r *run) watchTrace(rec *recording) {
	defer close(rec.watched)
	var tick <-chan time.Time
	if rec.period > 0 || !rec.all {
		period := rec.period
		if period <= 0 {
			period = DefaultStatePeriod
		}
		t := time.NewTicker(period)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-rec.stop:
			return
		case <-tick:
		case <-rec.over:
		}
		n := runtime.NumGoroutine()
		if !rec.all && (n-rec.base > rec.limit || rec.past.Load()) {
			r.haltEarly(rec)
			return
		}
		if n <= cutGoroutines && rec.period > 0 {
			rec.cut()
		}
	}
}

// pass says the run has had more goroutines than the limit, and has
// watchTrace look now.
func (rec *recording) pass() {
	rec.past.Store(true)
	select {
	case rec.over <- struct{}{}:
	default:
	}
}

// passed is runner.Go's side of pass, in the goroutine that has just
// started the first goroutine past the limit: unless the whole run is
// traced, it waits until the goroutines that get states have all begun
// (their first steps are in the trace) and stops the trace then, before
// the caller goes on, rather than leaving that to watchTrace. In js/wasm
// (one thread, no preemption) watchTrace runs only once the caller
// blocks, and the server's main started all its 10,000 clients first:
// each go statement traced with a stack unwound, a quarter of the page's
// worker's CPU time in a Chromium profile (traceStack 7.7 %, states.Parse
// 7.5 %, trace.Log 4.9 %, traceAdvance 4.1 %).
func (r *run) passed(rec *recording) {
	if rec.err != nil {
		return // not traced: the tracer is someone else's
	}
	if !rec.all {
		select {
		case <-rec.begun:
		case <-r.ctx.Done():
		}
		rec.halt()
	}
	rec.pass()
}

// began counts one of the goroutines that get states as begun.
func (rec *recording) began() {
	if rec.begins.Add(1) == int64(rec.limit) {
		close(rec.begun)
	}
}

// cut makes the tracer end its generation, unless the trace has stopped.
// The first cut starts the flight recorder whose snapshots cut the
// generations, which ends the generation as it joins the trace: a run
// shorter than a period never starts one. (It was started with the trace,
// and in js/wasm that cost the run's first line tens of ms: the runtime
// ended a generation, its goroutines' stacks and tables written out,
// before main's first step.) None starts once the trace has stopped: it
// would start a trace of its own.
func (rec *recording) cut() {
	rec.frMu.Lock()
	defer rec.frMu.Unlock()
	switch {
	case rec.stopped:
	case !rec.cutting:
		rec.cutting = true
		fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{MaxBytes: 1})
		if fr.Start() == nil { // else another flight recorder runs: the runtime's period it is
			rec.fr = fr
		}
	case rec.fr != nil:
		_, _ = rec.fr.WriteTo(io.Discard) // its error: a snapshot already under way, which cuts too
	}
}

// haltEarly stops the trace while the run goes on, and, once Parse has
// sent the states the trace holds, ends them with an Untraced event: the
// runner's own waits take over.
func (r *run) haltEarly(rec *recording) {
	rec.halt()
	at := rec.haltedAt.Sub(r.start) // when the trace stopped (in pass, mostly), not when its states are all read
	if rec.parsed != nil {
		<-rec.parsed
	}
	if r.states.Swap(false) {
		r.emitTraced(Event{At: at, Kind: Untraced,
			Text: "past " + strconv.Itoa(rec.limit) + " goroutines the execution trace stops"})
	}
}

// halt stops the trace, once: the parser reads what is left and ends.
func (rec *recording) halt() {
	rec.haltOnce.Do(func() {
		rec.haltedAt = time.Now()
		rec.frMu.Lock()
		rec.stopped = true
		if rec.fr != nil {
			rec.fr.Stop()
		}
		rec.frMu.Unlock()
		trace.Stop()
		rec.pipe.close()
	})
}

// emitWait sends one of the runner's own Wait or Resume events, unless
// the run's states show the wait instead.
func (r *run) emitWait(e Event) {
	if !r.states.Load() {
		r.emit(e)
	}
}

// logName marks, in the trace, the name of the goroutine the caller is
// about to start: the parser gives it to the next goroutine the caller
// creates, and a reader of a trace file finds it there too.
func (r *run) logName(category, name string) {
	if r.rec != nil {
		trace.Log(context.Background(), category, name) // a no-op once the trace stopped
	}
}

// stopTrace stops the run's trace once its goroutines are gone, lets the
// parser send the states still in it, and says why there is no trace if
// there is none.
func (r *run) stopTrace() error {
	rec := r.rec
	if rec == nil {
		return nil
	}
	if rec.err != nil {
		return rec.err
	}
	close(rec.stop)
	<-rec.watched
	rec.halt()
	if rec.parsed != nil {
		<-rec.parsed
	}
	if err := rec.pipe.outError(); err != nil {
		r.note("writing the execution trace failed: " + err.Error())
		return err
	}
	return nil
}
