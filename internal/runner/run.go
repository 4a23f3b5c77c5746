package runner

import (
	"context"
	"errors"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Main is a program's main function. It runs as the goroutine "main"; when
// it returns, the run is over.
type Main func(ctx context.Context, env *Env) error

// Role says which side of a networked program runs.
type Role uint8

// The roles. A program without a network ignores its role.
const (
	Both   Role = iota // servers and clients together, talking to each other
	Server             // servers only: clients come from elsewhere
	Client             // clients only: they dial a server elsewhere
)

// String returns "both", "server" or "client".
func (r Role) String() string {
	switch r {
	case Server:
		return "server"
	case Client:
		return "client"
	}
	return "both"
}

// Serves reports whether servers run in this role.
func (r Role) Serves() bool { return r != Client }

// Dials reports whether clients run in this role.
func (r Role) Dials() bool { return r != Server }

// DefaultAddr is where a program's server listens and its clients dial
// unless told otherwise: the tutorial's port.
const DefaultAddr = "localhost:2727"

// Config says how to run a program. The zero value runs over a fresh
// in-memory network with every knob at its default and no sink.
type Config struct {
	Knobs  []Knob // the program's knobs
	Values Values // knob values; a knob missing here takes its default

	// Sink receives every event, in order, one call at a time, from
	// whichever goroutine caused it. It must be quick and must not call
	// back into the runner.
	Sink func(Event)

	TCP  bool   // use the host's TCP stack instead of an in-memory network
	Addr string // where servers listen and clients dial; "" means DefaultAddr
	Role Role   // which side runs; servers and clients together by default

	// TraceLimit is how many live goroutines the runner traces network
	// detail for (see the package doc); 0 means 1000, negative never.
	TraceLimit int

	// Grace is how long goroutines have to return once the run is over
	// before Run gives up on them; 0 means 200 ms.
	Grace time.Duration

	// Stdin is what the program reads with ReadLine; nil is an input that
	// is closed from the start. The caller sends lines to it during the
	// run; once the run is over it refuses them.
	Stdin *Stdin

	// Stdout, when set, takes what the program writes to its standard
	// output and error: see [Stdout].
	Stdout *Stdout

	// Untracked, when set, says the program starts goroutines with plain
	// go statements, unknown to the runner (a package main written in the
	// page), and names the program's code: the prefix of its functions'
	// names, "main." for package main. Deadlock detection then watches
	// every goroutine with the program's code on its stack, not only those
	// started with Go.
	Untracked string

	// Trace, if not nil, receives the run's Go execution trace, as
	// runtime/trace writes it: go tool trace and gotraceui read it.
	Trace io.Writer

	// States takes the run's goroutine states from its execution trace:
	// the run is traced (its goroutines named in the trace), a generation
	// is cut every StatePeriod so states come while the run goes on, and
	// the runner sends none of its own Wait and Resume events, which the
	// states show (it sends them again if the states stop: see
	// [Untraced]). Parse, if set, turns the trace into state events on
	// the run's stream; without it, the caller parses what Trace receives.
	States bool
	// Parse turns the trace into state events, in a goroutine of its own,
	// as the trace comes: states.Parse does. Only with States.
	Parse func(trace io.Reader, cfg ParseConfig)
	// StateLimit is how many goroutines get states, the first to start;
	// 0 means DefaultStateLimit.
	StateLimit int
	// StateEvents is how many state events Parse sends at most; 0 means
	// DefaultStateEvents.
	StateEvents int
	// StatePeriod is how often the tracer is made to cut a generation (the
	// states of a generation are sent once it is cut); 0 means
	// DefaultStatePeriod, negative leaves it to the runtime (about 1 s).
	StatePeriod time.Duration
	// TraceAll traces the whole run. Otherwise the trace (and with it
	// what Trace receives) stops once the run has had more goroutines
	// than StateLimit, and an Untraced event says so: those beyond get no
	// states, and the rest of the trace would cost without showing.
	TraceAll bool
}

// ParseConfig is what [Config.Parse] gets from the run.
type ParseConfig struct {
	// Emit sends a state event on the run's stream, with the At the
	// trace gives it (the run's time, since the trace marks the run's
	// time 0 with [TraceMark]). It is safe to call while the run goes on,
	// and does nothing once the run has ended.
	Emit func(Event)
	// Limit is how many goroutines, the first to start, get states.
	Limit int
	// Events is how many state events to send at most.
	Events int
	// Full, called when a goroutine got no states for the limit, lets the
	// run stop the trace (unless TraceAll).
	Full func()
	// Cut, called when the states stop for good, has the runner send its
	// own waits again.
	Cut func()
	// Name names a goroutine the runner did not start (a plain go
	// statement's), given its runtime ID and the function it started in
	// ("main.worker"), as the run names it everywhere: its output lines
	// (see [Stdout]) and a deadlock's report use the same name, unique
	// within the run ("main.worker#2").
	Name func(id int64, start string) string
}

// Status says how a run ended. Its names are the page's data-state values.
type Status uint8

// The ways a run ends.
const (
	Done    Status = iota + 1 // main returned nil
	Stopped                   // the caller cancelled the run
	Failed                    // main returned an error, a goroutine panicked, or the run deadlocked
)

// String returns "done", "stopped" or "failed".
func (s Status) String() string {
	switch s {
	case Done:
		return "done"
	case Stopped:
		return "stopped"
	case Failed:
		return "failed"
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText makes a Status read as its name in JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a Status from its name.
func (s *Status) UnmarshalText(b []byte) error {
	for _, v := range [...]Status{Done, Stopped, Failed} {
		if v.String() == string(b) {
			*s = v
			return nil
		}
	}
	return errors.New("runner: unknown status " + strconv.Quote(string(b)))
}

// Result is how a run ended.
type Result struct {
	Status  Status
	Err     error // why it failed; nil unless Failed
	Elapsed time.Duration
	// Lingering names the goroutines still running when Run returned:
	// they ignored their context for longer than the grace period.
	Lingering []string
	// TraceErr says why a run asked to be traced (Config.Trace or
	// Config.States) has no trace, or why writing it to Config.Trace
	// failed; nil otherwise.
	TraceErr error
}

// Network is what a program listens and dials on: an in-memory network
// or the host's TCP stack.
type Network interface {
	Listen(network, address string) (net.Listener, error)
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Env is a program's view of its run: its knob values and its network.
type Env struct {
	values Values
	net    Network
	addr   string
	role   Role
	scale  int
}

// Int returns the value of the knob called name. Asking for a knob the
// program did not declare is a bug in the program, and panics.
func (e *Env) Int(name string) int {
	v, ok := e.values[name]
	if !ok {
		panic("runner: the program asked for knob " + strconv.Quote(name) + ", which it does not declare")
	}
	return v
}

// Bool returns whether the knob called name is on (not 0).
func (e *Env) Bool(name string) bool { return e.Int(name) != 0 }

// Net returns the run's network.
func (e *Env) Net() Network { return e.net }

// Addr returns where servers listen and clients dial.
func (e *Env) Addr() string { return e.addr }

// Role returns which side of the program runs.
func (e *Env) Role() Role { return e.role }

// TimeScale returns the run's time scale: [Sleep] divides by it.
func (e *Env) TimeScale() int { return e.scale }

// Run runs main until it returns, ctx is cancelled, a goroutine panics or
// the run deadlocks, and reports how it ended. Before returning it cancels
// the run's goroutines, closes its network and waits up to the grace period
// for them to return. The last event it sends is an [End].
//
// Run is the one place that fills in knob defaults and checks values: a
// value for a knob the program does not have, or out of its knob's range,
// fails the run before main starts, with every such error joined.
func Run(ctx context.Context, main Main, cfg Config) Result {
	values, bad := Check(withOwn(cfg.Knobs), cfg.Values)
	r := newRun(ctx, cfg, values)
	defer r.cancel()
	defer r.endInput()
	if bad != nil {
		res := Result{Status: Failed, Err: bad}
		res.Elapsed = r.finish(res)
		return res
	}
	r.startTrace(cfg)

	mainG, _, _ := r.spawn("main", "")
	mainErr := make(chan error, 1)
	env := &Env{values: values, net: r.net, addr: cfg.Addr, role: cfg.Role, scale: r.scale}
	if env.addr == "" {
		env.addr = DefaultAddr
	}
	r.logName(TraceGo, mainG.name)
	go r.body(mainG, func(ctx context.Context) { mainErr <- main(ctx, env) })
	go r.watch()

	res := Result{Status: Done}
	select {
	case err := <-mainErr:
		switch {
		case ctx.Err() != nil:
			// A program that honours its context returns as soon as it
			// is stopped, often with nil or the context's error: the
			// stop is what ended it.
			res.Status = Stopped
		case err != nil:
			r.failWith(err)
		}
	case <-r.failed:
	case <-ctx.Done():
		res.Status = Stopped
	}
	if err := r.failure(); err != nil {
		res.Status, res.Err = Failed, err
		r.stuck(err)
	}
	if res.Status == Done {
		if others := r.liveNames(mainG); len(others) > 0 {
			r.note("main returned while " + joinNames(others) + wasWere(others) + " still running: a Go program ends with main, so they end too")
		}
	}
	r.cancel()
	r.net.Close()
	res.Lingering = r.waitIdle(r.grace)
	if len(res.Lingering) > 0 {
		r.note(joinNames(res.Lingering) + wasWere(res.Lingering) + " still running " + r.grace.String() + " after the run ended: not watching the context?")
	}
	if r.stdout != nil {
		r.stdout.flush()
	}
	res.TraceErr = r.stopTrace()
	res.Elapsed = r.finish(res)
	return res
}

// withOwn returns knobs with the runner's own, TimeScale and Stall, added
// unless the program declares a knob of that name itself.
func withOwn(knobs []Knob) []Knob {
	for _, own := range [...]Knob{TimeScale, Stall} {
		if !slices.ContainsFunc(knobs, func(k Knob) bool { return k.Name == own.Name }) {
			knobs = append(knobs[:len(knobs):len(knobs)], own)
		}
	}
	return knobs
}

// run is the state of one Run.
type run struct {
	start      time.Time
	ctx        context.Context // cancelled when the run is over
	cancel     context.CancelFunc
	sink       func(Event)
	net        closeNetwork
	scale      int
	stall      time.Duration
	grace      time.Duration
	traceLimit int
	tracing    atomic.Bool
	rec        *recording  // the execution trace, if asked for
	states     atomic.Bool // the trace's states replace the runner's Wait and Resume

	mu      sync.Mutex
	ended   bool
	last    time.Duration // when the last event was sent
	addrs   addrCache     // network events' addresses as text
	live    map[*gor]struct{}
	ids     map[int64]*gor // live goroutines by runtime ID, while tracing
	names   map[string]int // how many goroutines have had each name
	spawned int            // goroutines started by the runner
	idle    chan struct{}  // closed when the last live goroutine exits
	fail    error
	failed  chan struct{} // closed by the first failure

	input     *Stdin           // what ReadLine reads; nil for none
	stdout    *Stdout          // takes the program's writes to stdout; nil for none
	untracked string           // Config.Untracked
	adopted   map[int64]string // names of goroutines the runner did not start, by runtime ID
}

type closeNetwork interface {
	Network
	io.Closer
}

// gor is a goroutine of a run.
type gor struct {
	name string
	r    *run
	ctx  context.Context
	id   int64 // runtime goroutine ID, 0 unless registered while tracing
	nth  int   // 1 for the run's first goroutine (main), 2 for the next...
}

type ctxKey struct{}

func newRun(ctx context.Context, cfg Config, values Values) *run {
	r := &run{
		start:      time.Now(),
		sink:       cfg.Sink,
		scale:      max(values[TimeScale.Name], 1),
		grace:      cfg.Grace,
		traceLimit: cfg.TraceLimit,
		live:       make(map[*gor]struct{}),
		ids:        make(map[int64]*gor),
		names:      make(map[string]int),
		adopted:    make(map[int64]string),
		failed:     make(chan struct{}),
		untracked:  cfg.Untracked,
	}
	r.ctx, r.cancel = context.WithCancel(ctx)
	if r.grace <= 0 {
		r.grace = 200 * time.Millisecond
	}
	if r.traceLimit == 0 {
		r.traceLimit = 1000
	}
	r.tracing.Store(r.traceLimit > 0)
	stall := values[Stall.Name]
	if stall <= 0 {
		stall = Stall.Default
	}
	r.stall = max(time.Duration(stall)*time.Millisecond/time.Duration(r.scale), 100*time.Millisecond)
	r.net = r.newNetwork(cfg.TCP, values)
	if r.input = cfg.Stdin; r.input != nil {
		r.input.bind(r)
	}
	if r.stdout = cfg.Stdout; r.stdout != nil {
		r.stdout.bind(r)
	}
	return r
}

// emit sends e to the sink, stamped with the time since the start.
func (r *run) emit(e Event) {
	r.mu.Lock()
	r.emitLocked(e)
	r.mu.Unlock()
}

func (r *run) emitLocked(e Event) {
	if r.ended {
		return
	}
	e.At = time.Since(r.start)
	r.last = e.At
	if r.sink != nil {
		r.sink(e)
	}
}

// emitTraced sends e, a state from the execution trace, stamped with the
// trace's time. It is not news of the run's progress (it reports the
// past), so the stall watch does not count it.
func (r *run) emitTraced(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.ended && r.sink != nil {
		r.sink(e)
	}
}

func (r *run) note(text string) { r.emit(Event{Kind: Note, Text: text}) }

// spawn registers a new goroutine called name (made unique within the
// run), started by parent. Once the run is over it returns a goroutine the
// run does not track, with the run's cancelled context, and false. past
// says the run now has one goroutine more than get states: the caller
// calls r.passed once it has started it (see Go).
func (r *run) spawn(name, parent string) (g *gor, tracked, past bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "" {
		name = "goroutine"
	}
	if r.ended {
		g := &gor{name: name, r: r}
		g.ctx = context.WithValue(r.ctx, ctxKey{}, g)
		return g, false, false
	}
	r.names[name]++
	if n := r.names[name]; n > 1 {
		name += "#" + strconv.Itoa(n)
	}
	g = &gor{name: name, r: r}
	g.ctx = context.WithValue(r.ctx, ctxKey{}, g)
	r.live[g] = struct{}{}
	r.spawned++
	g.nth = r.spawned
	past = r.rec != nil && r.spawned == r.rec.limit+1
	if len(r.live) > r.traceLimit && r.tracing.Load() {
		r.tracing.Store(false)
		clear(r.ids)
		r.emitLocked(Event{Kind: Note, Text: "over " + strconv.Itoa(r.traceLimit) +
			" goroutines alive: from here on, per-goroutine network detail is summarised and deadlocks are not detected"})
	}
	r.emitLocked(Event{Kind: Start, Who: name, Text: parent})
	return g, true, past
}

// body runs f as goroutine g, catching its panic.
func (r *run) body(g *gor, f func(context.Context)) {
	defer func() {
		if v := recover(); v != nil {
			r.panicked(g, v)
		}
		r.exited(g)
	}()
	if r.tracing.Load() {
		id := goid()
		r.mu.Lock()
		if r.tracing.Load() {
			g.id = id
			r.ids[id] = g
		}
		r.mu.Unlock()
	}
	if r.rec != nil && g.nth > 0 && g.nth <= r.rec.limit {
		r.rec.began()
	}
	f(g.ctx)
}

func (r *run) exited(g *gor) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.live, g)
	if g.id != 0 {
		delete(r.ids, g.id)
	}
	r.emitLocked(Event{Kind: Exit, Who: g.name})
	if len(r.live) == 0 && r.idle != nil {
		close(r.idle)
		r.idle = nil
	}
}

func (r *run) failWith(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail == nil && !r.ended {
		r.fail = err
		close(r.failed)
	}
}

func (r *run) failure() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fail
}

// liveNames returns the names of the live goroutines other than skip, sorted.
func (r *run) liveNames(skip *gor) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var names []string
	for g := range r.live {
		if g != skip {
			names = append(names, g.name)
		}
	}
	slices.Sort(names)
	return names
}

// waitIdle waits up to d for every goroutine of the run to return, and
// names those that did not.
func (r *run) waitIdle(d time.Duration) []string {
	r.mu.Lock()
	if len(r.live) == 0 {
		r.mu.Unlock()
		return nil
	}
	if r.idle == nil {
		r.idle = make(chan struct{})
	}
	idle := r.idle
	r.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-idle:
		return nil
	case <-t.C:
		return r.liveNames(nil)
	}
}

// finish sends the End event and closes the run to further events.
func (r *run) finish(res Result) time.Duration {
	var why string
	if res.Err != nil {
		why = res.Err.Error()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.emitLocked(Event{Kind: End, Status: res.Status, Text: why})
	r.ended = true
	return r.last
}

func joinNames(names []string) string {
	const most = 8
	s := strings.Join(names[:min(len(names), most)], ", ")
	if len(names) > most {
		s += " and " + strconv.Itoa(len(names)-most) + " more"
	}
	return s
}

func wasWere(names []string) string {
	if len(names) == 1 {
		return " was"
	}
	return " were"
}
