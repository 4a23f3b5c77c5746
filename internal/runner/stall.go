package runner

import (
	"maps"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// panicked records a goroutine's panic: an event, and the run's failure.
func (r *run) panicked(g *gor, v any) {
	buf := make([]byte, 16<<10)
	stack := string(buf[:runtime.Stack(buf, false)])
	r.emit(Event{Kind: Panic, Who: g.name, Text: "panic: " + panicString(v) + "\n\n" + stack})
	r.failWith(&PanicError{Goroutine: g.name, Value: v, Stack: stack})
}

func panicString(v any) string {
	switch v := v.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return (&PanicError{Value: v}).Error()[len("panic in goroutine : "):]
}

// watch fails the run when, with no event for the stall time, a stack dump
// shows every goroutine of the run blocked. It returns when the run is over.
func (r *run) watch() {
	t := time.NewTicker(max(r.stall/4, 25*time.Millisecond))
	defer t.Stop()
	var next time.Duration // no check before this time
	for {
		select {
		case <-r.ctx.Done():
			return
		case <-t.C:
		}
		now := time.Since(r.start)
		r.mu.Lock()
		quiet := now - r.last
		r.mu.Unlock()
		if quiet < r.stall || now < next || !r.tracing.Load() {
			continue
		}
		if err := r.deadlock(); err != nil {
			r.failWith(err)
			return
		}
		next = now + r.stall
	}
}

// stuck sends a Stuck event for each goroutine of a deadlock, before the
// run's end wakes them to return. Its time is when the deadlock was first
// seen, a good while before that end: a consumer can tell the states
// before it from those the end brings, whatever the clocks' skew.
func (r *run) stuck(err error) {
	d, ok := err.(*DeadlockError)
	if !ok {
		return
	}
	for _, w := range d.Waiting {
		r.emitTraced(Event{At: d.at, Kind: Stuck, Who: w.Goroutine, Text: w.Reason, Where: w.Where})
	}
}

// deadlock returns what every goroutine of the run is blocked on, or nil if
// any of them can still make progress. It looks twice, with a pause
// between that lets every runnable goroutine run: a goroutine the runner
// does not track (started with a plain go statement) may be about to wake
// the others, and on a starved machine the watchdog can look before it has
// had its turn.
func (r *run) deadlock() *DeadlockError {
	r.mu.Lock()
	last := r.last
	r.mu.Unlock()
	seen := time.Since(r.start)
	first := r.blocked()
	if first == nil {
		return nil
	}
	runtime.Gosched()
	time.Sleep(min(r.stall/4, 50*time.Millisecond))
	second := r.blocked()
	r.mu.Lock()
	moved := r.last != last
	r.mu.Unlock()
	if second == nil || moved || !slices.Equal(first, second) || r.inFlight() {
		return nil
	}
	return &DeadlockError{Waiting: second, at: seen}
}

// blocked returns what every goroutine of the run is blocked on, sorted
// with main first, or nil if any of them is not blocked.
func (r *run) blocked() []Waiter {
	r.mu.Lock()
	if !r.tracing.Load() || len(r.live) == 0 || len(r.ids) != len(r.live) {
		// Some goroutine has not run far enough to register: it is runnable.
		r.mu.Unlock()
		return nil
	}
	ids, last := maps.Clone(r.ids), r.last
	r.mu.Unlock()

	var waiting []Waiter
	for _, s := range parseStacks(allStacks()) {
		var name string
		if g := ids[s.id]; g != nil {
			name = g.name
			delete(ids, s.id)
		} else if r.untracked != "" && s.runs(r.untracked) {
			name = r.adoptedName(s.id, s.start())
		} else {
			continue
		}
		on, blocked := s.blockedOn()
		if !blocked {
			return nil
		}
		waiting = append(waiting, Waiter{Goroutine: name, On: on, Where: s.where(), Reason: reasonOf(s.state, s)})
	}
	r.mu.Lock()
	moved := r.last != last
	r.mu.Unlock()
	if len(ids) > 0 || moved {
		return nil
	}
	slices.SortFunc(waiting, func(a, b Waiter) int {
		if (a.Goroutine == "main") != (b.Goroutine == "main") {
			if a.Goroutine == "main" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Goroutine, b.Goroutine)
	})
	return waiting
}

func allStacks() string {
	buf := make([]byte, 256<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) || len(buf) >= 64<<20 {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// stack is one goroutine of a stack dump.
type stack struct {
	id     int64
	state  string   // "chan receive", "select", "running"...
	funcs  []string // innermost first
	places []string // "/path/file.go:42", beside funcs
}

// parseStacks reads the output of runtime.Stack(buf, true).
func parseStacks(dump string) []stack {
	var out []stack
	for block := range strings.SplitSeq(dump, "\n\n") {
		header, body, _ := strings.Cut(block, "\n")
		rest, ok := strings.CutPrefix(header, "goroutine ")
		if !ok {
			continue
		}
		idText, rest, _ := strings.Cut(rest, " ")
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			continue
		}
		_, state, _ := strings.Cut(rest, "[")
		state, _, _ = strings.Cut(state, "]")
		state, _, _ = strings.Cut(state, ",") // drop ", 2 minutes"
		s := stack{id: id, state: state}
		lines := strings.Split(body, "\n")
		for i := 0; i+1 < len(lines); i += 2 {
			fn, place := lines[i], strings.TrimSpace(lines[i+1])
			if strings.HasPrefix(fn, "created by ") {
				break
			}
			if j := strings.LastIndexByte(fn, '('); j > 0 {
				fn = fn[:j]
			}
			place, _, _ = strings.Cut(place, " +")
			s.funcs = append(s.funcs, fn)
			s.places = append(s.places, place)
		}
		out = append(out, s)
	}
	return out
}

const modulePath = "github.com/goroutine-playground/playground/internal/"

// blockedOn says what the goroutine waits on, and whether it is blocked on
// something only another goroutine of this process can give it. Sleeping,
// running and waiting on the host's network are not blocked.
func (s stack) blockedOn() (string, bool) {
	switch s.state {
	case "running", "runnable", "syscall", "sleep", "IO wait", "preempted":
		return s.state, false
	}
	for _, fn := range s.funcs {
		if fn == modulePath+"runner.Sleep" {
			return "sleep", false
		}
		if fn == modulePath+"runner.ReadLine" {
			return "input", false // the user is the one to act
		}
		if fn == "syscall.fsCall" {
			// Waiting for the host (js/wasm's file system: a read of
			// standard input, say): the page may answer.
			return "IO wait", false
		}
	}
	if on, ok := netWait(s.funcs); ok {
		return on, true
	}
	return s.state, true
}

// runs reports whether the goroutine runs the program's code: a function
// whose name starts with prefix ("main." for package main) anywhere on its
// stack, and not as the caller of Run (who waits for the run, as it should).
func (s stack) runs(prefix string) bool {
	found := false
	for _, fn := range s.funcs {
		if fn == modulePath+"runner.Run" {
			return false
		}
		found = found || strings.HasPrefix(fn, prefix)
	}
	return found
}

// start returns the function the goroutine started in: the outermost
// frame of its stack.
func (s stack) start() string {
	if len(s.funcs) == 0 {
		return ""
	}
	return s.funcs[len(s.funcs)-1]
}

// where returns the innermost place in the program's own code: a
// program's package (main, or the built-in programs') or a test, else the
// innermost outside the standard library and the runner's and the
// network's machinery (a library the program called, such as pickle).
func (s stack) where() string {
	lib := ""
	for i, fn := range s.funcs {
		place := s.places[i]
		test := strings.Contains(place, "_test.go:")
		if test || strings.HasPrefix(fn, "main.") || strings.HasPrefix(fn, modulePath+"examples.") {
			return path.Base(place)
		}
		if lib == "" && !isStd(fn) &&
			!strings.Contains(place, "/internal/runner/") && !strings.Contains(place, "/internal/memnet/") {
			lib = path.Base(place)
		}
	}
	return lib
}

// isStd reports whether fn belongs to the standard library, whose import
// paths have no dot in their first element.
func isStd(fn string) bool {
	first, _, _ := strings.Cut(fn, "/")
	if !strings.Contains(fn, "/") {
		first, _, _ = strings.Cut(fn, ".")
		return first != "main"
	}
	return !strings.Contains(first, ".")
}
