package runner

import (
	"context"
	"io"
	"runtime"
	"runtime/trace"
	"strconv"
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

// The categories of the runner's trace.Log calls, which the parser reads.
const (
	logRun   = "goroutine-playground.run"   // message: the run's id; marks the run's time 0
	logGo    = "goroutine-playground.go"    // message: the name of the goroutine runner.Go starts next
	logNamed = "goroutine-playground.named" // message: the name runner.Named gave the goroutine started next
)

var runIDs atomic.Uint64

// recording is a run's execution trace while it is taken.
type recording struct {
	pipe    *tracePipe
	fr      *trace.FlightRecorder // nil when the run does not cut generations
	stopCut chan struct{}
	cutDone chan struct{}
	parser  *stateParser  // nil without states
	parsed  chan struct{} // closed when the parser returns
	err     error         // why there is no trace
}

// startTrace starts the run's execution trace, and the parser of its
// states, before the run's first goroutine. It resets the run's time 0 to
// the moment after the tracer started, which the trace marks, so the
// trace's times and the runner's agree.
func (r *run) startTrace(cfg Config) {
	if cfg.Trace == nil && !cfg.States {
		return
	}
	rec := &recording{pipe: newTracePipe(cfg.Trace, cfg.States)}
	r.rec = rec
	if err := trace.Start(rec.pipe); err != nil {
		rec.err = errorString("Go's execution tracer is already on in this process (" + err.Error() +
			"): this run is not traced, and its timeline shows the runner's own waits")
		r.note(rec.err.Error())
		return
	}
	id := strconv.FormatUint(runIDs.Add(1), 10)
	r.start = time.Now()
	trace.Log(context.Background(), logRun, id)
	if !cfg.States {
		return
	}
	r.states.Store(true)
	rec.parser = newStateParser(r, id, cfg)
	rec.parsed = make(chan struct{})
	go func() {
		defer close(rec.parsed)
		rec.parser.parse(rec.pipe)
	}()
	period := cfg.StatePeriod
	if period == 0 {
		period = DefaultStatePeriod
	}
	if period > 0 {
		fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{MaxBytes: 1})
		if fr.Start() == nil { // else another flight recorder runs: the runtime's period it is
			rec.fr = fr
			rec.stopCut, rec.cutDone = make(chan struct{}), make(chan struct{})
			go rec.cut(period)
		}
	}
}

// cut makes the tracer end a generation every period, so the parser gets
// it, until stopCut is closed.
func (rec *recording) cut(period time.Duration) {
	defer close(rec.cutDone)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-rec.stopCut:
			return
		case <-t.C:
		}
		if runtime.NumGoroutine() <= cutGoroutines {
			_, _ = rec.fr.WriteTo(io.Discard) // its error: a snapshot already under way, which cuts too
		}
	}
}

// logName marks, in the trace, the name of the goroutine the caller is
// about to start: the parser gives it to the next goroutine the caller
// creates.
func (r *run) logName(category, name string) {
	if r.states.Load() {
		trace.Log(context.Background(), category, name)
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
	if rec.fr != nil {
		close(rec.stopCut)
		<-rec.cutDone
		rec.fr.Stop()
	}
	trace.Stop()
	rec.pipe.close()
	if rec.parsed != nil {
		<-rec.parsed
	}
	if _, err := rec.pipe.written(); err != nil {
		r.note("writing the execution trace failed: " + err.Error())
		return err
	}
	return nil
}
