//go:build !js

package runner

import (
	"context"
	"net"
	"sync"
	"sync/atomic"

	"github.com/goroutine-playground/playground/internal/memnet"
)

// tcpNet is the host's TCP stack, watched: it reports the same events as
// the in-memory network (but for waits, which it cannot see) and closes
// everything it opened when the run is over.
type tcpNet struct {
	observe func(memnet.Event)
	ids     atomic.Uint64

	mu     sync.Mutex
	closed bool
	open   map[interface{ Close() error }]struct{}
}

func newTCP(observe func(memnet.Event)) *tcpNet {
	return &tcpNet{observe: observe, open: make(map[interface{ Close() error }]struct{})}
}

func (t *tcpNet) track(c interface{ Close() error }) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.open[c] = struct{}{}
	return true
}

func (t *tcpNet) untrack(c interface{ Close() error }) {
	t.mu.Lock()
	delete(t.open, c)
	t.mu.Unlock()
}

// Close closes every listener and conn still open.
func (t *tcpNet) Close() error {
	t.mu.Lock()
	t.closed = true
	open := t.open
	t.open = nil
	t.mu.Unlock()
	for c := range open {
		c.Close()
	}
	return nil
}

func (t *tcpNet) Listen(network, address string) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), network, address)
	if err != nil {
		return nil, err
	}
	l := &tcpListener{Listener: ln, t: t}
	if !t.track(l) {
		ln.Close()
		return nil, &net.OpError{Op: "listen", Net: network, Addr: ln.Addr(), Err: net.ErrClosed}
	}
	t.observe(memnet.Event{Op: memnet.OpListen, Local: ln.Addr()})
	return l, nil
}

func (t *tcpNet) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	return t.wrap(c, memnet.OpDial)
}

func (t *tcpNet) wrap(c net.Conn, op memnet.Op) (net.Conn, error) {
	w := &tcpConn{Conn: c, t: t, id: t.ids.Add(1), dialer: op == memnet.OpDial}
	if !t.track(w) {
		c.Close()
		return nil, &net.OpError{Op: op.String(), Net: "tcp", Addr: c.RemoteAddr(), Err: net.ErrClosed}
	}
	t.observe(w.event(op))
	return w, nil
}

type tcpListener struct {
	net.Listener
	t *tcpNet
}

func (l *tcpListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return l.t.wrap(c, memnet.OpAccept)
}

func (l *tcpListener) Close() error {
	err := l.Listener.Close()
	if err == nil {
		l.t.observe(memnet.Event{Op: memnet.OpClose, Local: l.Addr()})
	}
	l.t.untrack(l)
	return err
}

type tcpConn struct {
	net.Conn
	t       *tcpNet
	id      uint64
	dialer  bool
	in, out atomic.Int64 // bytes read and written so far
	closed  atomic.Bool
}

func (c *tcpConn) event(op memnet.Op) memnet.Event {
	return memnet.Event{Op: op, Conn: c.id, Dialer: c.dialer, Local: c.LocalAddr(), Remote: c.RemoteAddr()}
}

func (c *tcpConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 {
		e := c.event(memnet.OpRead)
		e.Data, e.Off = b[:n], c.in.Add(int64(n))-int64(n)
		c.t.observe(e)
	}
	return n, err
}

func (c *tcpConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if n > 0 {
		e := c.event(memnet.OpWrite)
		e.Data, e.Off = b[:n], c.out.Add(int64(n))-int64(n)
		c.t.observe(e)
	}
	return n, err
}

// CloseWrite half-closes the conn, as *net.TCPConn does.
func (c *tcpConn) CloseWrite() error {
	cw, ok := c.Conn.(interface{ CloseWrite() error })
	if !ok {
		return &net.OpError{Op: "close", Net: "tcp", Addr: c.RemoteAddr(), Err: net.ErrClosed}
	}
	err := cw.CloseWrite()
	if err == nil {
		c.t.observe(c.event(memnet.OpCloseWrite))
	}
	return err
}

func (c *tcpConn) Close() error {
	err := c.Conn.Close()
	if c.closed.CompareAndSwap(false, true) {
		c.t.observe(c.event(memnet.OpClose))
	}
	c.t.untrack(c)
	return err
}
