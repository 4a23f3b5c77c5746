package memnet

import (
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// pipe is one direction of a conn: a ring buffer that the writing end fills
// and the reading end drains, with the state both ends share under one mutex.
//
// Speed comes from three habits: a Write copies into the ring and returns
// without waiting for the reader (no allocation, no hand-off); the reader is
// woken only if it waits; and a writer blocked on a full ring is woken only
// once half of it is free, so both sides move big batches between switches
// rather than ping-ponging per message.
type pipe struct {
	mu  sync.Mutex
	buf []byte // the ring; grows by doubling up to max
	r   int    // index in buf of the first unread byte
	n   int    // bytes buffered
	max int    // the buffer size: a Write blocks while n == max
	off int64  // stream offset of buf[r]: bytes read (or discarded) so far

	eof     bool // the writing end shut its side (CloseWrite or Close): reads drain, then io.EOF
	wclosed bool // the writing end is closed: Write fails with net.ErrClosed
	rclosed bool // the reading end is closed: Read fails with net.ErrClosed, Write with EPIPE
	rshut   bool // the reading end called CloseRead: Read returns io.EOF, writes are discarded

	// wturn is held by a Write that blocked partway, until it returns, so
	// that concurrent Writes do not interleave their bytes (as poll.FD's
	// write lock ensures for a socket). A Write that fits is atomic under mu
	// anyway, so the common case takes no second lock.
	wturn bool

	rdl, wdl deadline // the reading end's read deadline, the writing end's write deadline
	rq       waitq    // blocked Reads
	wq       waitq    // the Write holding wturn, waiting for room
	tq       waitq    // Writes waiting for wturn

	fireR, fireW func() // the deadline timers' work, made on first use (most conns set no deadline)

	// link holds written bytes back until they have crossed the network's
	// latency and bandwidth; nil when the network has neither, and then
	// every buffered byte is readable.
	link *link
}

// initialBuf is the ring's first size: conns that move a few lines of text
// (most of the tutorial's) should not cost 64 KiB per direction, nor 1 KiB:
// at that size the rings of the server's 10,000 clients were 8 % of what
// the run allocated, and allocating is what makes Go's collector scan
// every goroutine's stack, which costs most in wasm.
const initialBuf = 64

func newPipe(max int) *pipe {
	return newShapedPipe(max, 0, 0)
}

// newShapedPipe is newPipe for a network with latency or bandwidth (bytes
// per second).
func newShapedPipe(max int, latency time.Duration, rate int64) *pipe {
	p := &pipe{max: max}
	p.link = newLink(p, latency, rate)
	return p
}

// readFire returns the read deadline timer's work, made once; with mu held.
func (p *pipe) readFire() func() {
	if p.fireR == nil {
		p.fireR = func() {
			p.mu.Lock()
			if p.rdl.fire() {
				p.rq.wake()
			}
			p.mu.Unlock()
		}
	}
	return p.fireR
}

// writeFire returns the write deadline timer's work, made once; with mu
// held.
func (p *pipe) writeFire() func() {
	if p.fireW == nil {
		p.fireW = func() {
			p.mu.Lock()
			if p.wdl.fire() {
				p.wakeWriters()
			}
			p.mu.Unlock()
		}
	}
	return p.fireW
}

// write copies b into the ring, blocking while it is full. w is the writing
// end and who the acting goroutine's [Network.Actor], for events. The
// returned error is unwrapped; the caller wraps it.
func (p *pipe) write(w *Conn, b []byte, who any) (int, error) {
	obs := w.obs
	p.mu.Lock()
	n := 0
	turn := false // this Write holds wturn
	var err error
	for {
		if err = p.writeErr(); err != nil {
			break
		}
		if p.rshut {
			n = len(b) // the reader shut its side: accept and discard
			break
		}
		if n == len(b) {
			break
		}
		if p.wturn && !turn {
			if obs != nil {
				obs(w.waitEvent(OpWrite, who))
			}
			p.tq.wait(&p.mu, nil)
			continue
		}
		if p.n < p.max {
			k := p.put(b[n:])
			if obs != nil {
				// Before the unlock that lets a reader see the bytes, so no
				// timeline shows a read before its write.
				ev := w.event(OpWrite, p.off+int64(p.n-k), b[n:n+k])
				ev.Actor = who
				obs(ev)
			}
			n += k
			if p.link != nil {
				p.link.send(p.off+int64(p.n), k)
			}
			p.rq.wake()
			continue
		}
		turn, p.wturn = true, true
		if obs != nil {
			obs(w.waitEvent(OpWrite, who))
		}
		p.wq.wait(&p.mu, nil)
	}
	if turn {
		p.wturn = false
	}
	p.tq.wake() // the turn is free, or the error concerns all: pass it on
	p.mu.Unlock()
	return n, err
}

// wakeWriters wakes blocked Writes to look at a change that concerns them
// all (close, deadline, the reader gone); with mu held.
func (p *pipe) wakeWriters() {
	p.wq.wake()
	p.tq.wake()
}

// writeErr says why a write cannot go on, if it cannot; with mu held. The
// order is the one poll.FD checks in: closed, then deadline, then the socket.
func (p *pipe) writeErr() error {
	switch {
	case p.wclosed:
		return net.ErrClosed
	case p.wdl.expired:
		return os.ErrDeadlineExceeded
	case p.eof, p.rclosed:
		return errEPIPE
	}
	return nil
}

// read copies buffered bytes into b, blocking while there are none and the
// writer may still send. r is the reading end and who the acting
// goroutine's [Network.Actor], for events.
func (p *pipe) read(r *Conn, b []byte, who any) (int, error) {
	obs := r.obs
	p.mu.Lock()
	var (
		n      int
		err    error
		waited bool
	)
	for {
		if p.rclosed {
			err = net.ErrClosed
			break
		}
		if p.rdl.expired {
			err = os.ErrDeadlineExceeded
			break
		}
		if len(b) == 0 {
			break
		}
		if p.rshut {
			err = io.EOF
			break
		}
		if ready := p.ready(); ready > 0 {
			n = p.get(b[:min(len(b), ready)])
			if obs != nil {
				ev := r.event(OpRead, p.off-int64(n), b[:n])
				ev.Actor = who
				obs(ev)
			}
			if p.max-p.n >= (p.max+1)/2 {
				p.wq.wake()
			}
			break
		}
		if p.eof && (p.link == nil || p.link.finArrived()) {
			err = io.EOF
			break
		}
		if obs != nil && !waited {
			obs(r.waitEvent(OpRead, who))
		}
		waited = true
		if p.link != nil {
			p.link.arm(p.eof)
		}
		p.rq.wait(&p.mu, nil)
	}
	p.rq.wake()
	p.mu.Unlock()
	return n, err
}

// ready returns how many buffered bytes can be read now: all of them,
// unless some are still crossing the link; with mu held.
func (p *pipe) ready() int {
	if p.link == nil {
		return p.n
	}
	return p.link.ready(p.off, p.n)
}

// put copies as much of b as there is room for into the ring, growing it if
// needed, and returns how much it copied; with mu held and p.n < p.max.
func (p *pipe) put(b []byte) int {
	if free := p.max - p.n; len(b) > free {
		b = b[:free]
	}
	if p.n+len(b) > len(p.buf) {
		p.grow(p.n + len(b))
	}
	w := p.r + p.n
	if w >= len(p.buf) {
		w -= len(p.buf)
	}
	k := copy(p.buf[w:], b)
	copy(p.buf, b[k:])
	p.n += len(b)
	return len(b)
}

// get moves up to len(b) buffered bytes into b; with mu held.
func (p *pipe) get(b []byte) int {
	end := min(p.r+p.n, len(p.buf))
	k := copy(b, p.buf[p.r:end])
	if k < len(b) && k < p.n {
		k += copy(b[k:], p.buf[:p.n-k])
	}
	p.n -= k
	p.off += int64(k)
	if p.n == 0 {
		p.r = 0 // an empty ring restarts at 0, so the next copies are whole
	} else if p.r += k; p.r >= len(p.buf) {
		p.r -= len(p.buf)
	}
	return k
}

// grow makes room for need bytes (need <= max), keeping the buffered ones.
func (p *pipe) grow(need int) {
	size := max(len(p.buf), initialBuf)
	for size < need {
		size *= 2
	}
	size = min(size, p.max)
	nb := make([]byte, size)
	k := copy(nb, p.buf[p.r:min(p.r+p.n, len(p.buf))])
	copy(nb[k:], p.buf[:p.n-k])
	p.buf = nb
	p.r = 0
}

// discard drops what is buffered, for a reading end that will not read it;
// with mu held. The stream offset still counts the dropped bytes.
func (p *pipe) discard() {
	p.off += int64(p.n)
	p.n, p.r = 0, 0
	p.buf = nil
	if p.link != nil {
		p.link.reset(p.off)
	}
	p.wakeWriters()
}
