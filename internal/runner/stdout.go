package runner

import (
	"bytes"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Stdout is a run's standard output, for a program that writes to
// os.Stdout and os.Stderr rather than calling Println: a package main
// written in the page. Its caller (the page's engine) hands it what the
// program writes, in the goroutine that wrote it; each line becomes an
// Output event of that goroutine, named by the runner if it started it,
// and otherwise by the function it started in ("main.worker"). Make one
// with [NewStdout] and put it in [Config.Stdout].
type Stdout struct {
	mu      sync.Mutex
	r       *run
	partial map[partialKey][]byte // the start of a line not ended yet
}

type partialKey struct {
	who string
	fd  int
}

// maxPartial bounds a line written in pieces without a newline: past it,
// the line is cut and shown.
const maxPartial = MaxLine

// NewStdout returns a Stdout for one run.
func NewStdout() *Stdout { return &Stdout{partial: map[partialKey][]byte{}} }

// Write takes bytes the calling goroutine wrote to fd (1 or 2): complete
// lines become Output events at once, the rest waits for its newline or
// the end of the run. Before the run starts and after it ends, it drops
// what it is given.
func (o *Stdout) Write(fd int, b []byte) {
	o.mu.Lock()
	r := o.r
	o.mu.Unlock()
	if r == nil {
		return
	}
	who := r.currentName()
	o.mu.Lock()
	k := partialKey{who, fd}
	line := append(o.partial[k], b...)
	var out []string
	for {
		i := bytes.IndexByte(line, '\n')
		if i < 0 {
			break
		}
		out = append(out, string(line[:i]))
		line = line[i+1:]
	}
	if len(line) > maxPartial {
		out, line = append(out, string(line)), nil
	}
	if len(line) == 0 {
		delete(o.partial, k)
	} else {
		o.partial[k] = append([]byte(nil), line...)
	}
	o.mu.Unlock()
	for _, l := range out {
		r.emit(Event{Kind: Output, Who: who, Text: l})
	}
}

// bind ties the output to the run that reads it.
func (o *Stdout) bind(r *run) {
	o.mu.Lock()
	o.r = r
	o.mu.Unlock()
}

// flush shows the lines not ended yet, as the run ends.
func (o *Stdout) flush() {
	o.mu.Lock()
	r := o.r
	parts := o.partial
	o.partial = map[partialKey][]byte{}
	o.mu.Unlock()
	for k, b := range parts {
		r.emit(Event{Kind: Output, Who: k.who, Text: string(b)})
	}
}

// currentName returns the name of the calling goroutine: the runner's name
// for one it started, and for any other a name made once from the function
// it started in, unique within the run ("main.worker", "main.worker#2").
func (r *run) currentName() string {
	id, start := currentStack()
	r.mu.Lock()
	g := r.ids[id]
	r.mu.Unlock()
	if g != nil {
		return g.name
	}
	return r.adoptedName(id, start)
}

// adoptedName returns the name of the goroutine with runtime ID id, which
// the runner did not start and which started in the function start: made
// once, unique within the run.
func (r *run) adoptedName(id int64, start string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name, ok := r.adopted[id]; ok {
		return name
	}
	name := start[strings.LastIndexByte(start, '/')+1:] // "examples.spawn.func1", as the states name it
	if name == "" {
		name = "goroutine " + strconv.FormatInt(id, 10)
	}
	r.names[name]++
	if n := r.names[name]; n > 1 {
		name += "#" + strconv.Itoa(n)
	}
	r.adopted[id] = name
	return name
}

// currentStack returns the calling goroutine's ID and the function it
// started in, from its stack. The runner's own goroutine for main
// (started in Run's body) reads as "main".
func currentStack() (int64, string) {
	buf := make([]byte, 8<<10)
	s := parseStacks(string(buf[:runtime.Stack(buf, false)]))
	if len(s) == 0 {
		return 0, ""
	}
	st := s[0]
	if len(st.funcs) == 0 {
		return st.id, ""
	}
	for _, fn := range st.funcs {
		if fn == modulePath+"runner.(*run).body" {
			return st.id, "main"
		}
	}
	start := st.funcs[len(st.funcs)-1]
	// A stack cut short by the buffer ends mid-way: no start function.
	if strings.Contains(start, "runtime.goexit") {
		return st.id, ""
	}
	return st.id, start
}
