package memnet

import (
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestAddressSpellings: every spelling of the one host reaches the same
// listener, and addresses come back as 127.0.0.1.
func TestAddressSpellings(t *testing.T) {
	listen := []string{"localhost:2727", "127.0.0.1:2727", ":2727", "0.0.0.0:2727", "[::1]:2727", "[::]:2727", "LOCALHOST:2727"}
	dial := []string{"localhost:2727", "127.0.0.1:2727", ":2727", "[::1]:2727", "127.0.0.1:02727"}
	for _, la := range listen {
		for _, network := range []string{"tcp", "tcp4", "tcp6"} {
			var n Network
			l, err := n.Listen(network, la)
			if err != nil {
				t.Fatalf("Listen(%q, %q): %v", network, la, err)
			}
			if got := l.Addr().String(); got != "127.0.0.1:2727" {
				t.Errorf("Listen(%q, %q).Addr() = %s; want 127.0.0.1:2727", network, la, got)
			}
			for _, da := range dial {
				c, err := n.Dial(network, da)
				if err != nil {
					t.Errorf("Listen(%q), Dial(%q, %q): %v", la, network, da, err)
					continue
				}
				s, _ := l.Accept()
				if c.RemoteAddr().String() != "127.0.0.1:2727" || s.RemoteAddr().String() != c.LocalAddr().String() {
					t.Errorf("Dial(%q): client %v->%v, server sees %v", da, c.LocalAddr(), c.RemoteAddr(), s.RemoteAddr())
				}
				c.Close()
				s.Close()
			}
			n.Close()
		}
	}
}

// TestBadInput: a bad network or address is refused with the error the net
// package would give, and no listener is left behind.
func TestBadInput(t *testing.T) {
	tests := []struct {
		desc, network, address string
		check                  func(error) bool
		wantAddr               string // the OpError's Addr, "" for nil
	}{
		{"udp", "udp", ":2727", isNetworkErr, ""},
		{"unix", "unix", "/tmp/sock", isNetworkErr, ""},
		{"empty network", "", ":2727", isNetworkErr, ""},
		{"missing port", "tcp", "localhost", isAddrErr("missing port in address"), ""},
		{"empty port", "tcp", "localhost:", isAddrErr("missing port in address"), ""},
		{"named port", "tcp", "localhost:http", isAddrErr("unknown port"), ""},
		{"port too big", "tcp", "localhost:65536", isAddrErr("invalid port"), ""},
		{"negative port", "tcp", "localhost:-1", isAddrErr("invalid port"), ""},
		{"plus port", "tcp", "localhost:+80", isAddrErr("unknown port"), ""},
		{"too many colons", "tcp", "::1:80", isAddrErr("too many colons in address"), ""},
		{"unknown host", "tcp", "example.com:2727", isDNSErr, ""},
		{"other host", "tcp", "10.0.0.1:2727", nil, "10.0.0.1:2727"},
	}
	for _, tt := range tests {
		for _, op := range []string{"listen", "dial"} {
			t.Run(tt.desc+"/"+op, func(t *testing.T) {
				var n Network
				defer n.Close()
				var err error
				if op == "listen" {
					var l net.Listener
					l, err = n.Listen(tt.network, tt.address)
					if l != nil {
						t.Errorf("Listen returned a listener %v with error %v", l, err)
					}
				} else {
					var c net.Conn
					c, err = n.Dial(tt.network, tt.address)
					if c != nil {
						t.Errorf("Dial returned a conn with error %v", err)
					}
				}
				var oe *net.OpError
				if !errors.As(err, &oe) || oe.Op != op || oe.Net != tt.network {
					t.Fatalf("got %T %v; want *net.OpError{Op: %q, Net: %q}", err, err, op, tt.network)
				}
				if got := addrString(oe.Addr); got != tt.wantAddr {
					t.Errorf("OpError.Addr = %q; want %q", got, tt.wantAddr)
				}
				check := tt.check
				if check == nil { // another host: bind or connect fails
					want := map[string]syscall.Errno{"listen": syscall.EADDRNOTAVAIL, "dial": syscall.ENETUNREACH}[op]
					check = func(err error) bool { return errors.Is(err, want) }
				}
				if !check(oe.Err) {
					t.Errorf("wrong error: %v (%T)", err, oe.Err)
				}
				if len(n.listeners) != 0 {
					t.Errorf("listeners left: %v", n.listeners)
				}
			})
		}
	}
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}

func isNetworkErr(err error) bool {
	var ne errNetwork
	return errors.As(err, &ne)
}

func isDNSErr(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

func isAddrErr(msg string) func(error) bool {
	return func(err error) bool {
		var ae *net.AddrError
		return errors.As(err, &ae) && ae.Err == msg
	}
}

// TestRefused: dialing a port nobody listens on is "connection refused".
func TestRefused(t *testing.T) {
	var n Network
	defer n.Close()
	l, _ := n.Listen("tcp", ":2727")
	for _, addr := range []string{"localhost:2728", "localhost:0"} {
		_, err := n.Dial("tcp", addr)
		var oe *net.OpError
		if !errors.Is(err, syscall.ECONNREFUSED) || !errors.As(err, &oe) || oe.Op != "dial" || oe.Addr == nil {
			t.Errorf("Dial(%q) = %v; want a dial *net.OpError wrapping ECONNREFUSED", addr, err)
		}
	}
	l.Close()
	if _, err := n.Dial("tcp", "localhost:2727"); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("Dial after the listener closed = %v; want ECONNREFUSED", err)
	}
	// The text is Linux's on every platform (js/wasm's own errno text is
	// capitalized), so output does not depend on where a program runs.
	if _, err := n.Dial("tcp", "localhost:2727"); err.Error() != "dial tcp 127.0.0.1:2727: connect: connection refused" {
		t.Errorf("message %q; want net's", err)
	}
}

// TestInUse: a port held by a listener or by a dialed conn cannot be
// listened on; it is free again after they close.
func TestInUse(t *testing.T) {
	var n Network
	defer n.Close()
	l, err := n.Listen("tcp", "localhost:2727")
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"localhost:2727", ":2727", "127.0.0.1:2727"} {
		_, err := n.Listen("tcp", addr)
		var oe *net.OpError
		if !errors.Is(err, syscall.EADDRINUSE) || !errors.As(err, &oe) || oe.Op != "listen" || addrString(oe.Addr) != "127.0.0.1:2727" {
			t.Errorf("second Listen(%q) = %v; want a listen *net.OpError wrapping EADDRINUSE", addr, err)
		}
	}
	c, _ := n.Dial("tcp", "localhost:2727")
	eph := addrPort(c.LocalAddr())
	if _, err := n.Listen("tcp", ":"+strconv.Itoa(eph)); !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("Listen on a dialed conn's port %d = %v; want EADDRINUSE", eph, err)
	}
	l.Close()
	c.Close()
	for _, port := range []int{2727, eph} {
		l, err := n.Listen("tcp", ":"+strconv.Itoa(port))
		if err != nil {
			t.Errorf("Listen on freed port %d: %v", port, err)
			continue
		}
		l.Close()
	}
}

// TestPorts: port 0 picks free ports; dialed conns get distinct ephemeral
// ports, so a server can tell its clients apart.
func TestPorts(t *testing.T) {
	var n Network
	defer n.Close()
	seen := map[int]bool{}
	var ls []net.Listener
	for range 3 {
		l, err := n.Listen("tcp", "localhost:0")
		if err != nil {
			t.Fatal(err)
		}
		p := addrPort(l.Addr())
		if p < firstEphemeral || p > lastEphemeral || seen[p] {
			t.Errorf("port 0 picked %d (seen before: %v)", p, seen[p])
		}
		seen[p] = true
		ls = append(ls, l)
	}
	for range 5 {
		c, err := n.Dial("tcp", ls[0].Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		s, _ := ls[0].Accept()
		p := addrPort(c.LocalAddr())
		if seen[p] || addrPort(s.RemoteAddr()) != p {
			t.Errorf("client port %d (seen before: %v), server sees %v", p, seen[p], s.RemoteAddr())
		}
		seen[p] = true
	}
}

// TestPortExhaustion: when every ephemeral port is taken, port 0 and Dial
// fail cleanly instead of looping or reusing a port.
func TestPortExhaustion(t *testing.T) {
	var n Network
	defer n.Close()
	l, _ := n.Listen("tcp", ":80")
	n.mu.Lock()
	for p := firstEphemeral; p <= lastEphemeral; p++ {
		n.usePort(p)
	}
	n.mu.Unlock()
	if _, err := n.Listen("tcp", ":0"); !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("Listen(:0) = %v; want EADDRINUSE", err)
	}
	if _, err := n.Dial("tcp", ":80"); !errors.Is(err, syscall.EADDRNOTAVAIL) {
		t.Errorf("Dial = %v; want EADDRNOTAVAIL", err)
	}
	// Nothing was queued by the failed dial.
	l.(*Listener).SetDeadline(time.Now())
	if c, err := l.Accept(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Accept after the failed dial = %v, %v; want nothing queued", c, err)
	}
}

// TestBacklog: a full accept queue makes Dial wait until Accept makes room,
// its context ends or the listener closes.
func TestBacklog(t *testing.T) {
	tests := []struct {
		desc    string
		release func(l *Listener, cancel context.CancelFunc)
		check   func(error) bool
	}{
		{"accept makes room", func(l *Listener, _ context.CancelFunc) { l.Accept() }, func(err error) bool { return err == nil }},
		{"context canceled", func(_ *Listener, cancel context.CancelFunc) { cancel() }, func(err error) bool {
			return errors.Is(err, context.Canceled) && err.Error() == "dial tcp 127.0.0.1:2727: operation was canceled"
		}},
		{"listener closed", func(l *Listener, _ context.CancelFunc) { l.Close() }, func(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			rec := newRecorder()
			n := &Network{Backlog: 2, Observer: rec.observe}
			defer n.Close()
			l, _ := n.Listen("tcp", ":2727")
			for i := range 2 {
				if _, err := n.Dial("tcp", ":2727"); err != nil {
					t.Fatalf("dial %d within the backlog: %v", i, err)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			errc := make(chan error, 1)
			go func() {
				_, err := n.DialContext(ctx, "tcp", ":2727")
				errc <- err
			}()
			rec.waitFor(t, OpDial)
			tt.release(l.(*Listener), cancel)
			if err := <-errc; !tt.check(err) {
				t.Errorf("waiting Dial got %v", err)
			}
		})
	}
}

// TestDialDeadline: a context deadline ends a waiting Dial as a timeout, as
// net's Dialer reports it.
func TestDialDeadline(t *testing.T) {
	n := &Network{Backlog: 1}
	defer n.Close()
	n.Listen("tcp", ":2727")
	n.Dial("tcp", ":2727")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := n.DialContext(ctx, "tcp", ":2727")
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("got %v; want an i/o timeout", err)
	}
	// A context that is already done fails before anything else.
	_, err = n.DialContext(ctx, "tcp", ":2727")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("dial with an expired context: %v", err)
	}
}

// TestNetworkClose: Close releases every blocked call at once and makes
// later Listen and Dial fail with net.ErrClosed.
func TestNetworkClose(t *testing.T) {
	rec := newRecorder()
	n := &Network{Backlog: 1, BufferSize: 4, Observer: rec.observe}
	l, _ := n.Listen("tcp", ":1")
	l2, _ := n.Listen("tcp", ":2")
	n.Dial("tcp", ":2") // fills :2's backlog
	cli, srv := dialAccept(t, n, l)
	cli.Write(make([]byte, 4)) // fills cli's buffer

	calls := map[Op]func() error{
		OpAccept: func() error { _, err := l.Accept(); return err },
		OpDial:   func() error { _, err := n.Dial("tcp", ":2"); return err },
		OpRead:   func() error { _, err := cli.Read(make([]byte, 1)); return err },
		OpWrite:  func() error { _, err := cli.Write([]byte("x")); return err },
	}
	var wg sync.WaitGroup
	errs := make(map[Op]error)
	var mu sync.Mutex
	for op, call := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := call()
			mu.Lock()
			errs[op] = err
			mu.Unlock()
		}()
	}
	for range calls {
		<-rec.waits
	}
	n.Close()
	wg.Wait()
	for op, err := range errs {
		if !errors.Is(err, net.ErrClosed) {
			t.Errorf("blocked %v got %v; want net.ErrClosed", op, err)
		}
	}
	if _, err := srv.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("server end after Network.Close: %v; want net.ErrClosed", err)
	}
	if _, err := n.Listen("tcp", ":3"); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Listen after Close: %v", err)
	}
	if _, err := n.Dial("tcp", ":1"); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Dial after Close: %v", err)
	}
	if err := l2.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("listener Close after Network.Close: %v", err)
	}
	if err := n.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if len(n.conns) != 0 || len(n.listeners) != 0 || len(n.ports) != 0 {
		t.Errorf("left behind: %d conns, %d listeners, %d ports", len(n.conns), len(n.listeners), len(n.ports))
	}
}

// TestIDs: conns are numbered from 1 in the order they were established.
func TestIDs(t *testing.T) {
	var n Network
	defer n.Close()
	l, _ := n.Listen("tcp", ":7")
	for want := uint64(1); want <= 3; want++ {
		c, s := dialAccept(t, &n, l)
		if c.ID() != want || s.ID() != want {
			t.Errorf("conn %d: IDs %d, %d", want, c.ID(), s.ID())
		}
	}
}

func dialAccept(t *testing.T, n *Network, l net.Listener) (cli, srv *Conn) {
	t.Helper()
	c, err := n.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	return c.(*Conn), s.(*Conn)
}
