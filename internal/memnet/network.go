package memnet

import (
	"context"
	"net"
	"sync"
	"time"
)

// Defaults for the zero values of [Network]'s fields.
const (
	DefaultBacklog    = 5        // the tutorial's listen(5)
	DefaultBufferSize = 64 << 10 // bytes per direction of a conn
)

// The ephemeral port range, as IANA suggests: dialed conns get their local
// port from here, and so does Listen on port 0.
const (
	firstEphemeral = 49152
	lastEphemeral  = 65535
)

// Network is an in-memory stand-in for TCP on one host. The zero value is
// ready to use. Set its fields before the first Listen or Dial and do not
// change them afterwards; a Network must not be copied after first use.
type Network struct {
	// Backlog is the accept queue length of each listener: how many
	// established conns may wait for Accept before Dial has to wait.
	// 0 (or less) means DefaultBacklog, 5.
	Backlog int

	// BufferSize is how many bytes each direction of a conn buffers before
	// Write blocks. 0 (or less) means DefaultBufferSize, 64 KiB.
	BufferSize int

	// Latency is how long the bytes of each write take to reach the peer:
	// Write returns at once, and the peer can read them that much later.
	// A close reaches the peer after the same delay, and after the bytes
	// written before it. 0 (or less) means none: bytes are readable as
	// soon as they are written.
	Latency time.Duration

	// Bandwidth is how many bytes per second each direction of each conn
	// carries: a write's bytes arrive in segments of up to MSS bytes, one
	// after another at this rate (and then Latency later). Conns do not
	// share it. 0 (or less) means unlimited.
	Bandwidth int64

	// Observer, if not nil, is called with an Event for each step of each
	// listener and conn. It runs synchronously in the goroutine that acts,
	// with an internal lock held (that is what orders a write's event
	// before any read of its bytes): it must not block and must not call
	// back into the Network. Event.Data is only valid during the call.
	Observer func(Event)

	// Actor, if not nil (and Observer is set), is called once at the start
	// of each operation that may report events, in the goroutine that acts
	// and with no lock held; what it returns is the Actor of those events.
	// It lets the observer know who acts without doing that work (such as
	// reading a goroutine's identity) under the network's locks, where it
	// would make every other goroutine touching the same listener or conn
	// wait for it.
	Actor func() any

	mu        sync.Mutex
	closed    bool
	listeners map[int]*Listener // by port
	conns     map[uint64]*Conn  // the dialing ends of conns with an end still open
	ports     map[int]bool      // ports in use, by listeners and dialing ends
	nextPort  int               // where the ephemeral port search resumes
	lastID    uint64
}

// Listen announces on the local address: "localhost:2727", ":2727",
// "127.0.0.1:0" (a free port; see the listener's Addr). The network must be
// "tcp", "tcp4" or "tcp6". It fails with EADDRINUSE if a listener or a
// dialed conn holds the port. The result is a *Listener.
func (n *Network) Listen(network, address string) (net.Listener, error) {
	if err := checkNetwork(network); err != nil {
		return nil, &net.OpError{Op: "listen", Net: network, Err: err}
	}
	port, err := resolve(network, address)
	if err == errNonLocal {
		return nil, &net.OpError{Op: "listen", Net: network, Addr: tcpAddrOf(address), Err: errNotLocal}
	}
	if err != nil {
		return nil, &net.OpError{Op: "listen", Net: network, Err: err}
	}

	who := n.actor()
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil, &net.OpError{Op: "listen", Net: network, Addr: tcpAddr(port), Err: net.ErrClosed}
	}
	if port == 0 {
		port = n.freePort()
	}
	if port == 0 || n.ports[port] {
		n.mu.Unlock()
		return nil, &net.OpError{Op: "listen", Net: network, Addr: tcpAddr(port), Err: errInUse}
	}
	l := &Listener{nw: n, netw: network, addr: tcpAddr(port), backlog: n.backlog(), obs: n.Observer}
	l.fire = l.fireDeadline
	if n.listeners == nil {
		n.listeners = make(map[int]*Listener)
	}
	n.listeners[port] = l
	n.usePort(port)
	if l.obs != nil {
		l.obs(l.event(OpListen, who))
	}
	n.mu.Unlock()
	return l, nil
}

// Dial connects to the address on the network; see DialContext.
func (n *Network) Dial(network, address string) (net.Conn, error) {
	return n.DialContext(context.Background(), network, address)
}

// DialContext connects to a listener of this network at address, such as
// "localhost:2727". It returns once the conn is established — queued for the
// listener's Accept, not yet accepted. While the listener's accept queue is
// full it waits, as a TCP client retries its SYN, until there is room, ctx is
// done or the listener closes. Nobody listening is ECONNREFUSED. The result is
// a *Conn.
func (n *Network) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if err := checkNetwork(network); err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	port, err := resolve(network, address)
	if err == errNonLocal {
		return nil, &net.OpError{Op: "dial", Net: network, Addr: tcpAddrOf(address), Err: errUnreachable}
	}
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	if err := ctx.Err(); err != nil {
		return nil, dialError(network, port, mapCtxErr(err))
	}

	n.mu.Lock()
	closed, l := n.closed, n.listeners[port]
	n.mu.Unlock()
	if closed {
		return nil, dialError(network, port, net.ErrClosed)
	}
	if l == nil {
		return nil, dialError(network, port, errRefused)
	}
	c, err := l.enqueue(ctx, network)
	if err != nil {
		return nil, dialError(network, port, err)
	}
	return c, nil
}

// dialError is a failed dial's error. The address is made only then: a
// dial that succeeds allocates none for it.
func dialError(network string, port int, err error) error {
	return &net.OpError{Op: "dial", Net: network, Addr: tcpAddr(port), Err: err}
}

// Close closes every listener and conn of the network, releasing every
// blocked Accept, Dial, Read and Write; later calls to Listen and Dial fail
// with net.ErrClosed. Closing a closed Network does nothing.
func (n *Network) Close() error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil
	}
	n.closed = true
	ls := make([]*Listener, 0, len(n.listeners))
	for _, l := range n.listeners {
		ls = append(ls, l)
	}
	cs := make([]*Conn, 0, len(n.conns))
	for _, c := range n.conns {
		cs = append(cs, c)
	}
	n.mu.Unlock()

	for _, l := range ls {
		l.close(net.ErrClosed)
	}
	for _, c := range cs {
		c.Close()
		c.peer.Close()
	}
	return nil
}

// establish registers a new conn to the listener l and returns its ends. It
// is called with l.mu held (n.mu nests inside it).
func (n *Network) establish(l *Listener, netw string) (cli, srv *Conn, err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return nil, nil, net.ErrClosed
	}
	port := n.freePort()
	if port == 0 {
		return nil, nil, errNoPort
	}
	n.usePort(port)
	n.lastID++
	cli, srv = newConnPair(n, n.lastID, netw, tcpAddr(port), l.addr, l.netw, n.bufferSize())
	if n.conns == nil {
		n.conns = make(map[uint64]*Conn)
	}
	n.conns[cli.id] = cli
	return cli, srv, nil
}

// forget does the network's bookkeeping for a closing end c; with n.mu held.
func (n *Network) forget(c *Conn) {
	if c.dialer {
		delete(n.ports, c.local.Port)
	}
	if c.peer.closed {
		delete(n.conns, c.id)
	}
}

// removeListener frees l's port, if l still holds it.
func (n *Network) removeListener(l *Listener) {
	n.mu.Lock()
	if n.listeners[l.addr.Port] == l {
		delete(n.listeners, l.addr.Port)
		delete(n.ports, l.addr.Port)
	}
	n.mu.Unlock()
}

// freePort returns an unused ephemeral port, or 0 if all are taken; with
// n.mu held. The search goes round the range, so a port just freed is not
// handed out again at once (a new conn would look like the old one).
func (n *Network) freePort() int {
	const span = lastEphemeral - firstEphemeral + 1
	if n.nextPort < firstEphemeral || n.nextPort > lastEphemeral {
		n.nextPort = firstEphemeral
	}
	for range span {
		p := n.nextPort
		if n.nextPort++; n.nextPort > lastEphemeral {
			n.nextPort = firstEphemeral
		}
		if !n.ports[p] {
			return p
		}
	}
	return 0
}

// usePort marks port as taken; with n.mu held.
func (n *Network) usePort(port int) {
	if n.ports == nil {
		n.ports = make(map[int]bool)
	}
	n.ports[port] = true
}

// actor returns what Actor says about the calling goroutine, or nil when
// nobody observes.
func (n *Network) actor() any {
	if n.Observer == nil || n.Actor == nil {
		return nil
	}
	return n.Actor()
}

func (n *Network) backlog() int {
	if n.Backlog > 0 {
		return n.Backlog
	}
	return DefaultBacklog
}

func (n *Network) bufferSize() int {
	if n.BufferSize > 0 {
		return n.BufferSize
	}
	return DefaultBufferSize
}
