// Package states turns a run's Go execution trace into the runner's
// goroutine state events: Blocked (with the reason and the program's line),
// Runnable (with the goroutine that woke it), Running and Gone, and Start
// and Exit for goroutines started with a plain go statement.
//
// It is plain Go on golang.org/x/exp/trace, kept out of package runner so
// that a build can leave the parser out (it is most of the tracer's cost
// in a js/wasm binary): a run with [runner.Config.States] is traced either
// way, and its trace is parsed in the same process by setting
// runner.Config.Parse to [Parse], or anywhere else from the bytes
// runner.Config.Trace receives.
//
// # The run's goroutines
//
// The run's goroutines are main and those started by the run's goroutines,
// in turn: the trace says who created whom. Those started by runner.Go
// (and main) carry the name the runner gave them, which the parent logged
// to the trace just before the go statement ([runner.TraceGo]); others are
// named by their function ("examples.spawn.func1", "main.worker"), or by
// runner.Named when it was called just before the go statement. The
// runtime's own goroutines (a GC worker started by whoever triggered the
// GC) are not the program's.
//
// # Bounds
//
// Only the first [runner.ParseConfig.Limit] goroutines to start get
// states, so half a million goroutines cost a counter; at most
// ParseConfig.Events events are sent. Each limit reached is one Untraced
// event.
package states

import (
	"io"
	"strconv"
	"strings"

	xtrace "golang.org/x/exp/trace"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Parse reads a run's execution trace as the tracer writes it, generation
// by generation, and sends the states of the run's goroutines with
// cfg.Emit, until the trace ends or it has nothing more to send. A trace
// it cannot read ends the states with an Untraced event saying why.
func Parse(trace io.Reader, cfg runner.ParseConfig) {
	p := &parser{
		cfg:     cfg,
		gs:      map[xtrace.GoID]*followed{},
		pending: map[xtrace.GoID]pendingName{},
		names:   map[string]int{},
		places:  map[placeKey]place{},
	}
	if p.cfg.Limit <= 0 {
		p.cfg.Limit = runner.DefaultStateLimit
	}
	if p.cfg.Events <= 0 {
		p.cfg.Events = runner.DefaultStateEvents
	}
	rd, err := xtrace.NewReader(trace)
	if err == nil {
		for p.more() {
			var ev xtrace.Event
			if ev, err = rd.ReadEvent(); err != nil {
				break
			}
			p.event(ev)
		}
	}
	if err != nil && err != io.EOF {
		p.cut("the execution trace could not be read: " + err.Error())
	}
}

// parser is the state of one Parse.
type parser struct {
	cfg runner.ParseConfig

	t0      xtrace.Time // the run's time 0, in the trace's clock
	root    xtrace.GoID // the goroutine that called Run, and marked its start
	started bool
	now     xtrace.Time // the time of the latest event read

	gs      map[xtrace.GoID]*followed // live goroutines followed
	pending map[xtrace.GoID]pendingName
	names   map[string]int // the followed goroutines' names, for "#2"
	seen    int            // goroutines followed so far
	sent    int            // events sent
	beyond  bool           // a goroutine went without states for the limit
	places  map[placeKey]place
}

// followed is a goroutine whose states the parser sends.
type followed struct {
	name   string
	runner bool // started by the runner, which sends its Start and Exit
}

// pendingName is a name logged for the next goroutine a goroutine starts.
type pendingName struct {
	name   string
	runner bool // logged by runner.Go, not runner.Named
}

// placeKey is a wait's stack and the runtime's words for it: the stacks
// of a generation are its own, so places are kept for one generation.
type placeKey struct {
	stack xtrace.Stack
	words string
}

type place struct{ reason, where string }

// more reports whether the trace can still give states to send.
func (p *parser) more() bool {
	return p.sent < p.cfg.Events && (!p.started || p.seen < p.cfg.Limit || len(p.gs) > 0)
}

func (p *parser) event(ev xtrace.Event) {
	p.now = max(p.now, ev.Time())
	switch ev.Kind() {
	case xtrace.EventSync:
		clear(p.places)
	case xtrace.EventLog:
		p.log(ev)
	case xtrace.EventStateTransition:
		if st := ev.StateTransition(); st.Resource.Kind == xtrace.ResourceGoroutine {
			p.transition(ev, st)
		}
	}
}

func (p *parser) log(ev xtrace.Event) {
	l := ev.Log()
	g := ev.Goroutine()
	switch l.Category {
	case runner.TraceMark:
		if !p.started {
			p.started, p.t0, p.root = true, ev.Time(), g
		}
	case runner.TraceGo, runner.TraceNamed:
		if p.started && (g == p.root || p.gs[g] != nil) {
			p.pending[g] = pendingName{name: l.Message, runner: l.Category == runner.TraceGo}
		}
	}
}

func (p *parser) transition(ev xtrace.Event, st xtrace.StateTransition) {
	if !p.started {
		return
	}
	id := st.Resource.Goroutine()
	from, to := st.Goroutine()
	if from == xtrace.GoNotExist {
		p.create(ev, st, id)
		return
	}
	g := p.gs[id]
	if g == nil || from == to || from == xtrace.GoUndetermined {
		return // not the run's, or a status repeated at a generation's start
	}
	e := runner.Event{At: ev.Time().Sub(p.t0), Who: g.name}
	switch to {
	case xtrace.GoNotExist:
		delete(p.gs, id)
		delete(p.pending, id)
		e.Kind = runner.Gone
		p.send(e)
		if !g.runner {
			e.Kind = runner.Exit
			p.send(e)
		}
		return
	case xtrace.GoWaiting:
		pl := p.place(st)
		e.Kind, e.Text, e.Where = runner.Blocked, pl.reason, pl.where
		if pn, ok := p.pending[id]; ok && !pn.runner {
			delete(p.pending, id) // runner.Named's name was not for a go statement
		}
	case xtrace.GoRunnable:
		e.Kind = runner.Runnable
		if from == xtrace.GoWaiting {
			// The goroutine the event ran in woke it; a timer, the
			// network poller or the run's end wake from none of the run's.
			if w := p.gs[ev.Goroutine()]; w != nil {
				e.By = w.name
			}
		}
	case xtrace.GoRunning:
		if from == xtrace.GoSyscall {
			return // it was running all along
		}
		e.Kind = runner.Running
	default:
		return // a system call: still running, to the program
	}
	p.send(e)
}

// create follows a new goroutine if the run started it and the limit
// allows.
func (p *parser) create(ev xtrace.Event, st xtrace.StateTransition, id xtrace.GoID) {
	parent := ev.Goroutine()
	pn, named := p.pending[parent]
	pg := p.gs[parent]
	if pg == nil && !(parent == p.root && named) {
		return // not the run's: the runner's own, or another run's
	}
	if p.beyond {
		return // past the limit, and said so: no more are followed
	}
	fn := funcName(st.Stack)
	if strings.HasPrefix(fn, "runtime.") {
		// The runtime's own (a GC worker), started by whoever triggered
		// it, even between a name's mark and its go statement.
		return
	}
	delete(p.pending, parent)
	at := ev.Time().Sub(p.t0)
	if p.seen >= p.cfg.Limit {
		if !p.beyond {
			p.beyond = true
			if p.cfg.Full != nil {
				p.cfg.Full()
			}
			p.send(runner.Event{At: at, Kind: runner.Untraced, N: p.cfg.Limit,
				Text: "goroutines after the first " + strconv.Itoa(p.cfg.Limit) + " have no states"})
		}
		return
	}
	p.seen++
	g := &followed{name: pn.name, runner: named && pn.runner}
	switch {
	case g.runner:
		p.names[g.name]++ // the runner's own name: its output says it
	case named:
		g.name = p.unique(g.name)
	case p.cfg.Name != nil:
		g.name = p.cfg.Name(int64(id), fn) // the run's name for it, which its output lines carry too
	default:
		g.name = p.unique(fn)
	}
	p.gs[id] = g
	by := ""
	if pg != nil {
		by = pg.name
	}
	if !g.runner {
		p.send(runner.Event{At: at, Kind: runner.Start, Who: g.name, Text: by})
	}
	p.send(runner.Event{At: at, Kind: runner.Runnable, Who: g.name, By: by})
}

// unique returns name, or name with "#2", "#3"... when a followed
// goroutine had it already.
func (p *parser) unique(name string) string {
	p.names[name]++
	if n := p.names[name]; n > 1 {
		return name + "#" + strconv.Itoa(n)
	}
	return name
}

// send sends a state event, unless the run has sent its last.
func (p *parser) send(e runner.Event) {
	if p.sent >= p.cfg.Events {
		return
	}
	p.sent++
	p.cfg.Emit(e)
	if p.sent == p.cfg.Events {
		p.cut("a run sends at most " + strconv.Itoa(p.cfg.Events) + " goroutine states")
	}
}

// cut ends the states after the latest event read: one Untraced event
// says why, and the runner's own waits take over.
func (p *parser) cut(why string) {
	if p.cfg.Cut != nil {
		p.cfg.Cut()
	}
	e := runner.Event{Kind: runner.Untraced, Text: why}
	if p.started {
		e.At = max(p.now.Sub(p.t0), 0)
	}
	p.cfg.Emit(e)
}

// place returns where a blocking goroutine waits, and for what.
func (p *parser) place(st xtrace.StateTransition) place {
	k := placeKey{st.Stack, st.Reason}
	if pl, ok := p.places[k]; ok {
		return pl
	}
	var funcs, places []string
	for f := range st.Stack.Frames() {
		funcs = append(funcs, f.Func)
		places = append(places, f.File+":"+strconv.FormatUint(f.Line, 10))
	}
	var pl place
	pl.reason, pl.where = runner.Classify(st.Reason, funcs, places)
	p.places[k] = pl
	return pl
}

// funcName names a goroutine by the function it started with, from its
// first stack: the package's last element and the function,
// "examples.spawn.func1" or "main.worker" ("runtime.gcBgMarkWorker" for
// the runtime's own).
func funcName(s xtrace.Stack) string {
	for f := range s.Frames() {
		fn := f.Func
		if i := strings.LastIndexByte(fn, '/'); i >= 0 {
			fn = fn[i+1:]
		}
		if fn != "" {
			return fn
		}
	}
	return "goroutine"
}
