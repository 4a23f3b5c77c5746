package runner

import (
	"io"
	"strconv"
	"strings"
	"sync/atomic"

	xtrace "golang.org/x/exp/trace"
)

// stateParser reads a run's execution trace as the tracer writes it,
// generation by generation, and sends the states of the run's goroutines
// as events.
//
// The run's goroutines are those started by the goroutine main, and by
// them, in turn: the trace says who created whom. Those started by
// runner.Go (and main) carry the name the runner gave them, which the
// parent logged to the trace just before the go statement; others are
// named by their function. It follows at most limit goroutines, the first
// to start, so half a million goroutines cost it a counter, and sends at
// most max events.
type stateParser struct {
	r     *run
	id    string // the run's id, in its logRun mark
	limit int
	max   int

	t0      xtrace.Time // the run's time 0, in the trace's clock
	root    xtrace.GoID // the goroutine that called Run, and marked its start
	started bool

	gs      map[xtrace.GoID]*followed // live goroutines followed
	pending map[xtrace.GoID]pendingName
	seen    int // goroutines followed so far
	sent    int // events sent
	beyond  bool
	full    atomic.Bool        // some goroutine got no states for the limit
	now     xtrace.Time        // the time of the latest event read
	places  map[placeKey]place // per generation: a stack's place and reason
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

type placeKey struct {
	stack xtrace.Stack
	words string
}

type place struct{ reason, where string }

func newStateParser(r *run, id string, cfg Config) *stateParser {
	p := &stateParser{
		r: r, id: id, limit: cfg.StateLimit, max: cfg.StateEvents,
		gs:      map[xtrace.GoID]*followed{},
		pending: map[xtrace.GoID]pendingName{},
		places:  map[placeKey]place{},
	}
	if p.limit <= 0 {
		p.limit = DefaultStateLimit
	}
	if p.max <= 0 {
		p.max = DefaultStateEvents
	}
	return p
}

// parse reads the trace from src until its end, or until it has nothing
// more to send.
func (p *stateParser) parse(src *tracePipe) {
	rd, err := xtrace.NewReader(src)
	if err == nil {
		for p.more() {
			var ev xtrace.Event
			ev, err = rd.ReadEvent()
			if err != nil {
				break
			}
			p.event(ev)
		}
	}
	src.stopReading()
	switch {
	case err == io.EOF && p.r.rec.halted.Load():
		p.cut("past " + strconv.Itoa(p.limit) + " goroutines the execution trace stops (Config.TraceAll keeps it)")
	case err == errBacklog:
		p.cut(err.Error())
	case err != nil && err != io.EOF:
		p.cut("the execution trace could not be read: " + err.Error())
	}
}

// more reports whether the trace can still give states to send.
func (p *stateParser) more() bool {
	return p.sent < p.max && (p.seen < p.limit || len(p.gs) > 0 || !p.started)
}

func (p *stateParser) event(ev xtrace.Event) {
	p.now = max(p.now, ev.Time())
	switch ev.Kind() {
	case xtrace.EventSync:
		clear(p.places) // the stacks of a generation are its own
	case xtrace.EventLog:
		p.log(ev)
	case xtrace.EventStateTransition:
		if st := ev.StateTransition(); st.Resource.Kind == xtrace.ResourceGoroutine {
			p.transition(ev, st)
		}
	}
}

func (p *stateParser) log(ev xtrace.Event) {
	l := ev.Log()
	g := ev.Goroutine()
	switch l.Category {
	case logRun:
		if !p.started && l.Message == p.id {
			p.started, p.t0, p.root = true, ev.Time(), g
		}
	case logGo, logNamed:
		if p.started && (g == p.root || p.gs[g] != nil) {
			p.pending[g] = pendingName{name: l.Message, runner: l.Category == logGo}
		}
	}
}

func (p *stateParser) transition(ev xtrace.Event, st xtrace.StateTransition) {
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
	e := Event{At: ev.Time().Sub(p.t0), Who: g.name}
	switch to {
	case xtrace.GoNotExist:
		delete(p.gs, id)
		delete(p.pending, id)
		e.Kind = Gone
		p.send(e)
		if !g.runner {
			e.Kind = Exit
			p.send(e)
		}
		return
	case xtrace.GoWaiting:
		pl := p.place(st)
		e.Kind, e.Text, e.Where = Blocked, pl.reason, pl.where
		if pn, ok := p.pending[id]; ok && !pn.runner {
			delete(p.pending, id) // runner.Named's name was not for a go statement
		}
	case xtrace.GoRunnable:
		e.Kind = Runnable
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
		e.Kind = Running
	default:
		return // a system call: still running, to the program
	}
	p.send(e)
}

// create follows a new goroutine if the run started it and the limit
// allows.
func (p *stateParser) create(ev xtrace.Event, st xtrace.StateTransition, id xtrace.GoID) {
	parent := ev.Goroutine()
	pn, named := p.pending[parent]
	pg := p.gs[parent]
	if pg == nil && !(parent == p.root && named) {
		return // not the run's: the runner's own, or another run's
	}
	fn := funcName(st.Stack)
	if strings.HasPrefix(fn, "runtime.") {
		// The runtime's own (a GC worker), started by whoever triggered
		// it, even between a name's mark and its go statement.
		return
	}
	delete(p.pending, parent)
	at := ev.Time().Sub(p.t0)
	if p.seen >= p.limit {
		if !p.beyond {
			p.beyond = true
			p.full.Store(true)
			p.r.rec.poke()
			p.send(Event{At: at, Kind: Untraced, N: p.limit,
				Text: "goroutines after the first " + strconv.Itoa(p.limit) + " have no states"})
		}
		return
	}
	p.seen++
	g := &followed{name: pn.name, runner: named && pn.runner}
	if !named {
		g.name = p.r.uniqueName(fn)
	} else if !pn.runner {
		g.name = p.r.uniqueName(pn.name)
	}
	p.gs[id] = g
	by := ""
	if pg != nil {
		by = pg.name
	}
	if !g.runner {
		p.send(Event{At: at, Kind: Start, Who: g.name, Text: by})
	}
	p.send(Event{At: at, Kind: Runnable, Who: g.name, By: by})
}

// send sends a state event, unless the run has sent its last.
func (p *stateParser) send(e Event) {
	if p.sent >= p.max {
		return
	}
	p.sent++
	p.r.emitTraced(e)
	if p.sent == p.max {
		p.cut("a run sends at most " + strconv.Itoa(p.max) + " goroutine states")
	}
}

// cut ends the states after the latest event read: one Untraced event
// says why, and the runner's own waits take over.
func (p *stateParser) cut(why string) {
	p.r.states.Store(false)
	e := Event{Kind: Untraced, Text: why}
	if p.started {
		e.At = max(p.now.Sub(p.t0), 0)
	}
	p.r.emitTraced(e)
}

// place returns where a blocking goroutine waits, and for what.
func (p *stateParser) place(st xtrace.StateTransition) place {
	k := placeKey{st.Stack, st.Reason}
	if pl, ok := p.places[k]; ok {
		return pl
	}
	var s stack
	for f := range st.Stack.Frames() {
		s.funcs = append(s.funcs, f.Func)
		s.places = append(s.places, f.File+":"+strconv.FormatUint(f.Line, 10))
	}
	pl := place{reason: reasonOf(st.Reason, s), where: s.where()}
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

// uniqueName registers a goroutine's name with the run, adding "#2",
// "#3"... when it is taken.
func (r *run) uniqueName(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names[name]++
	if n := r.names[name]; n > 1 {
		name += "#" + strconv.Itoa(n)
	}
	return name
}
