package runner

import (
	"io"
	"sync"
)

// tracePipe carries the execution trace from runtime/trace's writer to the
// parser in the same process, and to [Config.Trace]. Its writer never
// waits for the parser: the runtime's trace goroutine must not stall
// behind it, or the runtime's own buffers would grow instead. What the
// parser has not read yet is bounded by maxBacklog; past it, the pipe
// stops keeping bytes for the parser and reports the overflow on the next
// Read.
type tracePipe struct {
	mu      sync.Mutex
	ready   sync.Cond // signalled when chunks grow or the pipe closes
	chunks  [][]byte
	backlog int  // bytes in chunks
	closed  bool // no more writes
	dropped bool // the parser fell behind: no more bytes for it
	reading bool // the parser still wants bytes

	out    io.Writer // Config.Trace, or nil
	outErr error     // the first error writing to out
}

// maxBacklog is how far the parser may fall behind the tracer: a program
// that switches goroutines millions of times a second (spin, yielding)
// writes trace faster than it can be read on the same CPU.
const maxBacklog = 32 << 20

// errBacklog is what Read returns once the parser fell too far behind.
var errBacklog = errorString("the program made execution trace faster than the playground could read it")

type errorString string

func (e errorString) Error() string { return string(e) }

func newTracePipe(out io.Writer, parse bool) *tracePipe {
	p := &tracePipe{out: out, reading: parse}
	p.ready.L = &p.mu
	return p
}

// Write takes one chunk of trace from runtime/trace. It always succeeds:
// a failing Config.Trace is remembered (see outError), not passed back to
// the runtime, so the parser keeps its bytes.
func (p *tracePipe) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return len(b), nil
	}
	if p.out != nil && p.outErr == nil {
		if _, err := p.out.Write(b); err != nil {
			p.outErr = err
		}
	}
	if !p.reading || p.dropped {
		return len(b), nil
	}
	if p.backlog+len(b) > maxBacklog {
		p.dropped = true
		p.chunks, p.backlog = nil, 0
		p.ready.Signal()
		return len(b), nil
	}
	p.chunks = append(p.chunks, append([]byte(nil), b...)) // the runtime reuses b
	p.backlog += len(b)
	p.ready.Signal()
	return len(b), nil
}

// Read gives the parser the next bytes, waiting for them; io.EOF once the
// trace is closed and read, errBacklog if the parser fell behind.
func (p *tracePipe) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.chunks) == 0 && !p.closed && !p.dropped {
		p.ready.Wait()
	}
	if p.dropped {
		return 0, errBacklog
	}
	if len(p.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(b, p.chunks[0])
	if n == len(p.chunks[0]) {
		p.chunks[0] = nil
		p.chunks = p.chunks[1:]
	} else {
		p.chunks[0] = p.chunks[0][n:]
	}
	p.backlog -= n
	return n, nil
}

// stopReading tells the pipe the parser wants no more bytes, and drops
// those it holds.
func (p *tracePipe) stopReading() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reading = false
	p.chunks, p.backlog = nil, 0
}

// close ends the trace: Read returns io.EOF once the rest is read.
func (p *tracePipe) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.ready.Broadcast()
}

// outError returns the first error writing the trace to Config.Trace.
func (p *tracePipe) outError() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.outErr
}
