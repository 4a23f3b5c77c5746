package memnet

import (
	"io"
	"net"
	"time"
)

var _ net.Conn = (*Conn)(nil)

// Conn is one end of an in-memory TCP connection: what [Network.Dial] and
// [Listener.Accept] return. It is a [net.Conn] with the half-close methods of
// [*net.TCPConn]. Its methods may be called from several goroutines at once;
// concurrent Writes do not interleave their bytes, as on a TCP socket.
type Conn struct {
	nw     *Network
	id     uint64
	dialer bool
	netw   string // the network as the dialer or listener spelled it, for errors
	local  *net.TCPAddr
	remote *net.TCPAddr
	obs    func(Event)

	rx *pipe // what this end reads; the peer's tx
	tx *pipe // what this end writes; the peer's rx

	peer   *Conn
	closed bool // guarded by nw.mu
}

// newConnPair makes the two ends of conn id: the dialing end at laddr and the
// accepting end at raddr.
func newConnPair(nw *Network, id uint64, netw string, laddr, raddr *net.TCPAddr, lnetw string, size int) (cli, srv *Conn) {
	up := newShapedPipe(size, nw.Latency, nw.Bandwidth)
	down := newShapedPipe(size, nw.Latency, nw.Bandwidth)
	cli = &Conn{nw: nw, id: id, dialer: true, netw: netw, local: laddr, remote: raddr, obs: nw.Observer, rx: down, tx: up}
	srv = &Conn{nw: nw, id: id, netw: lnetw, local: raddr, remote: laddr, obs: nw.Observer, rx: up, tx: down}
	cli.peer, srv.peer = srv, cli
	return cli, srv
}

// ID returns the conn's number: the same on both ends, unique within its
// Network, counting from 1 in the order conns were established.
func (c *Conn) ID() uint64 { return c.id }

// Read reads what the peer has written, blocking until there is something to
// read, the peer has closed its side (io.EOF once the buffer is drained), the
// read deadline passes or the conn is closed.
func (c *Conn) Read(b []byte) (int, error) {
	n, err := c.rx.read(c, b, c.nw.actor())
	if err != nil && err != io.EOF {
		err = c.opError("read", err)
	}
	return n, err
}

// Write buffers b for the peer, blocking only while the buffer is full. It
// fails with a broken pipe (EPIPE) once the peer has closed or this end has
// called CloseWrite; after a partial write it reports how much was buffered.
func (c *Conn) Write(b []byte) (int, error) {
	n, err := c.tx.write(c, b, c.nw.actor())
	if err != nil {
		err = c.opError("write", err)
	}
	return n, err
}

// Close closes both directions. Blocked Reads and Writes on this end return
// net.ErrClosed; the peer reads what was sent and then io.EOF, and its writes
// fail with a broken pipe. Unread data is discarded.
func (c *Conn) Close() error {
	nw := c.nw
	who := nw.actor()
	nw.mu.Lock()
	if c.closed {
		nw.mu.Unlock()
		return c.opError("close", net.ErrClosed)
	}
	c.closed = true
	nw.forget(c)
	nw.mu.Unlock()

	tx := c.tx
	tx.mu.Lock()
	if !tx.eof && tx.link != nil {
		tx.link.close()
	}
	tx.wclosed, tx.eof = true, true
	tx.wdl.stop()
	if c.obs != nil {
		// Before the peer can see the EOF.
		ev := c.event(OpClose, 0, nil)
		ev.Actor = who
		c.obs(ev)
	}
	tx.rq.wake()
	tx.wakeWriters()
	tx.mu.Unlock()

	rx := c.rx
	rx.mu.Lock()
	rx.rclosed = true
	rx.rdl.stop()
	rx.discard()
	rx.rq.wake()
	rx.mu.Unlock()
	return nil
}

// CloseWrite shuts down the writing side, as *net.TCPConn's does: the peer
// reads what was sent and then io.EOF, while this end can still read. Later
// Writes fail with a broken pipe.
func (c *Conn) CloseWrite() error {
	who := c.nw.actor()
	tx := c.tx
	tx.mu.Lock()
	defer tx.mu.Unlock()
	if tx.wclosed {
		return c.opError("close", net.ErrClosed)
	}
	if tx.eof {
		return nil
	}
	tx.eof = true
	if tx.link != nil {
		tx.link.close()
	}
	if c.obs != nil {
		ev := c.event(OpCloseWrite, 0, nil)
		ev.Actor = who
		c.obs(ev)
	}
	tx.rq.wake()
	tx.wakeWriters()
	return nil
}

// CloseRead shuts down the reading side, as *net.TCPConn's does: Reads return
// io.EOF, and what the peer sends from now on is discarded while its writes
// succeed.
func (c *Conn) CloseRead() error {
	rx := c.rx
	rx.mu.Lock()
	defer rx.mu.Unlock()
	if rx.rclosed {
		return c.opError("close", net.ErrClosed)
	}
	rx.rshut = true
	rx.discard()
	rx.rq.wake()
	return nil
}

// LocalAddr returns this end's address, a *net.TCPAddr.
func (c *Conn) LocalAddr() net.Addr { return c.local }

// RemoteAddr returns the peer's address, a *net.TCPAddr.
func (c *Conn) RemoteAddr() net.Addr { return c.remote }

// SetDeadline sets both the read and the write deadline.
func (c *Conn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

// SetReadDeadline sets when blocked and future Reads fail with
// os.ErrDeadlineExceeded; a zero t means never. Moving it releases or re-arms
// a Read that is already blocked.
func (c *Conn) SetReadDeadline(t time.Time) error {
	p := c.rx
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rclosed {
		return c.setError()
	}
	if p.rdl.set(t, p.readFire()) {
		p.rq.wake()
	}
	return nil
}

// SetWriteDeadline sets when blocked and future Writes fail with
// os.ErrDeadlineExceeded; a zero t means never. A Write that times out may
// have buffered part of its bytes, and says how many.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	p := c.tx
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.wclosed {
		return c.setError()
	}
	if p.wdl.set(t, p.writeFire()) {
		p.wakeWriters()
	}
	return nil
}

// opError wraps err as the net package does for a conn's operations.
func (c *Conn) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: c.netw, Source: c.local, Addr: c.remote, Err: err}
}

// setError is a deadline setter's error after Close, shaped as net's.
func (c *Conn) setError() error {
	return &net.OpError{Op: "set", Net: c.netw, Addr: c.local, Err: net.ErrClosed}
}

// event builds this end's event; only called when someone observes.
func (c *Conn) event(op Op, off int64, data []byte) Event {
	return Event{Op: op, Conn: c.id, Dialer: c.dialer, Local: c.local, Remote: c.remote, Off: off, Data: data}
}

// waitEvent is the event of a call on this end, by who, that is about to
// block.
func (c *Conn) waitEvent(call Op, who any) Event {
	return Event{Op: OpWait, Wait: call, Conn: c.id, Dialer: c.dialer, Local: c.local, Remote: c.remote, Actor: who}
}
