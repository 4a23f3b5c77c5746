package memnet

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/nettest"
)

// TestConn runs the x/net conformance suite for net.Conn implementations,
// with the default buffer and with a small odd one that makes every 1 KiB
// write wrap the ring and block partway.
func TestConn(t *testing.T) {
	for _, size := range []int{0, 100} {
		t.Run("BufferSize="+strconv.Itoa(size), func(t *testing.T) {
			nettest.TestConn(t, func() (c1, c2 net.Conn, stop func(), err error) {
				n := &Network{BufferSize: size}
				l, err := n.Listen("tcp", "localhost:0")
				if err != nil {
					return nil, nil, nil, err
				}
				c1, err = n.Dial("tcp", l.Addr().String())
				if err != nil {
					return nil, nil, nil, err
				}
				c2, err = l.Accept()
				if err != nil {
					return nil, nil, nil, err
				}
				return c1, c2, func() { n.Close() }, nil
			})
		})
	}
}

// TestStream: a stream has no message boundaries; reads coalesce writes or
// split them, and the bytes arrive in order.
func TestStream(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		bufs   []int // the sizes of the reads
		want   []string
	}{
		{"coalesce", []string{"Hey. 0\n", "Hey. 1\n", "Hey. 2\n"}, []int{1024}, []string{"Hey. 0\nHey. 1\nHey. 2\n"}},
		{"split", []string{"0123456789"}, []int{3, 3, 3, 3}, []string{"012", "345", "678", "9"}},
		{"both", []string{"ab", "cd", "ef"}, []int{3, 3}, []string{"abc", "def"}},
		{"empty write", []string{"", "x", ""}, []int{10}, []string{"x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cli, srv := pair(t, &Network{})
			for _, w := range tt.writes {
				if n, err := cli.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write(%q) = %d, %v; want %d, nil", w, n, err, len(w))
				}
			}
			var got []string
			for _, size := range tt.bufs {
				b := make([]byte, size)
				n, err := srv.Read(b)
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				got = append(got, string(b[:n]))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("reads got %q; want %q", got, tt.want)
			}
		})
	}
}

// TestWriteBlocksWhileFull: Write returns once buffered, blocks only when the
// buffer is full, and resumes as the reader drains it; no byte is lost.
func TestWriteBlocksWhileFull(t *testing.T) {
	rec := newRecorder()
	n := &Network{BufferSize: 16, Observer: rec.observe}
	cli, srv := pair(t, n)

	if k, err := cli.Write(make([]byte, 16)); k != 16 || err != nil {
		t.Fatalf("Write filling the buffer = %d, %v; want 16, nil (no reader needed)", k, err)
	}
	want := []byte("0123456789abcdefghij")
	done := make(chan error, 1)
	go func() {
		_, err := cli.Write(want)
		done <- err
	}()
	rec.waitFor(t, OpWrite)
	if _, err := io.ReadFull(srv, make([]byte, 16)); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(want))
	if _, err := io.ReadFull(srv, got); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("blocked Write: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got %q; want %q", got, want)
	}
}

// TestClose covers what each side sees after a close or half-close.
func TestClose(t *testing.T) {
	tests := []struct {
		name string
		// act closes something after the client wrote "hello"; then the
		// reads and writes below are checked on each side.
		act                func(cli, srv *Conn) error
		srvRead, cliRead   string // "hello", "EOF", "closed", "block" (nothing to read yet)
		srvWrite, cliWrite string // "ok", "EPIPE", "closed"
	}{
		{"client closes", func(c, s *Conn) error { return c.Close() }, "hello", "closed", "EPIPE", "closed"},
		{"server closes", func(c, s *Conn) error { return s.Close() }, "closed", "EOF", "closed", "EPIPE"},
		{"client CloseWrite", func(c, s *Conn) error { return c.CloseWrite() }, "hello", "block", "ok", "EPIPE"},
		{"server CloseWrite", func(c, s *Conn) error { return s.CloseWrite() }, "hello", "EOF", "EPIPE", "ok"},
		{"server CloseRead", func(c, s *Conn) error { return s.CloseRead() }, "EOF", "block", "ok", "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cli, srv := pair(t, &Network{})
			if _, err := cli.Write([]byte("hello")); err != nil {
				t.Fatal(err)
			}
			if err := tt.act(cli, srv); err != nil {
				t.Fatalf("close: %v", err)
			}
			checkRead(t, "server", srv, tt.srvRead)
			checkRead(t, "client", cli, tt.cliRead)
			checkWrite(t, "server", srv, tt.srvWrite)
			checkWrite(t, "client", cli, tt.cliWrite)
		})
	}
}

// checkRead reads from c and checks the outcome; "hello" also expects EOF or
// a block afterwards to be decided by the next check, so it reads only 5.
func checkRead(t *testing.T, side string, c *Conn, want string) {
	t.Helper()
	if want == "block" {
		c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		defer c.SetReadDeadline(time.Time{})
	}
	b := make([]byte, 5)
	n, err := c.Read(b)
	var got string
	switch {
	case err == nil:
		got = string(b[:n])
	case err == io.EOF:
		got = "EOF"
	case errors.Is(err, net.ErrClosed):
		got = "closed"
	case errors.Is(err, os.ErrDeadlineExceeded):
		got = "block"
	default:
		got = err.Error()
	}
	if got != want {
		t.Errorf("%s Read: got %q (%v); want %q", side, got, err, want)
	}
	if want == "EOF" {
		// EOF is sticky.
		if _, err := c.Read(b); err != io.EOF {
			t.Errorf("%s second Read: got %v; want EOF", side, err)
		}
	}
}

func checkWrite(t *testing.T, side string, c *Conn, want string) {
	t.Helper()
	_, err := c.Write([]byte("x"))
	var got string
	switch {
	case err == nil:
		got = "ok"
	case errors.Is(err, syscall.EPIPE):
		got = "EPIPE"
	case errors.Is(err, net.ErrClosed):
		got = "closed"
	default:
		got = err.Error()
	}
	if got != want {
		t.Errorf("%s Write: got %q (%v); want %q", side, got, err, want)
	}
	if err != nil {
		checkOpError(t, err, "write", c)
	}
}

// checkOpError checks that err is shaped as the net package shapes a conn's
// errors.
func checkOpError(t *testing.T, err error, op string, c *Conn) {
	t.Helper()
	var oe *net.OpError
	if !errors.As(err, &oe) {
		t.Errorf("error %T %v; want *net.OpError", err, err)
		return
	}
	if oe.Op != op || oe.Net != "tcp" || oe.Source != c.LocalAddr() || oe.Addr != c.RemoteAddr() {
		t.Errorf("OpError{Op: %q, Net: %q, Source: %v, Addr: %v}; want {%q, tcp, %v, %v}", oe.Op, oe.Net, oe.Source, oe.Addr, op, c.LocalAddr(), c.RemoteAddr())
	}
}

// TestEOFAfterDrain: what was written before the close is all read, in
// pieces, and only then io.EOF.
func TestEOFAfterDrain(t *testing.T) {
	cli, srv := pair(t, &Network{})
	msg := strings.Repeat("Hey. 9\n", 100)
	cli.Write([]byte(msg))
	cli.Close()
	var got bytes.Buffer
	b := make([]byte, 33)
	for {
		n, err := srv.Read(b)
		got.Write(b[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
	}
	if got.String() != msg {
		t.Errorf("drained %d bytes; want %d", got.Len(), len(msg))
	}
}

// TestBlockedReleasedByPeer: a blocked Read sees the peer's close as EOF; a
// Write blocked on a full buffer sees it as a broken pipe and reports what it
// buffered.
func TestBlockedReleasedByPeer(t *testing.T) {
	rec := newRecorder()
	cli, srv := pair(t, &Network{BufferSize: 8, Observer: rec.observe})

	readErr := make(chan error, 1)
	go func() {
		_, err := srv.Read(make([]byte, 8))
		readErr <- err
	}()
	rec.waitFor(t, OpRead)
	cli.CloseWrite()
	if err := <-readErr; err != io.EOF {
		t.Errorf("blocked Read after peer CloseWrite: %v; want EOF", err)
	}

	type result struct {
		n   int
		err error
	}
	wrote := make(chan result, 1)
	go func() {
		n, err := srv.Write(make([]byte, 20))
		wrote <- result{n, err}
	}()
	rec.waitFor(t, OpWrite)
	cli.Close()
	r := <-wrote
	if r.n != 8 || !errors.Is(r.err, syscall.EPIPE) {
		t.Errorf("blocked Write after peer Close = %d, %v; want 8, EPIPE", r.n, r.err)
	}
	if !strings.HasSuffix(r.err.Error(), "->127.0.0.1:"+strconv.Itoa(addrPort(srv.RemoteAddr()))+": write: broken pipe") {
		t.Errorf("error %q does not say broken pipe", r.err)
	}
}

// TestUseAfterClose: every call on a closed conn fails with net.ErrClosed.
func TestUseAfterClose(t *testing.T) {
	cli, _ := pair(t, &Network{})
	cli.Close()
	calls := []struct {
		name string
		call func() error
	}{
		{"Read", func() error { _, err := cli.Read(make([]byte, 1)); return err }},
		{"Read0", func() error { _, err := cli.Read(nil); return err }},
		{"Write", func() error { _, err := cli.Write([]byte("x")); return err }},
		{"Close", cli.Close},
		{"CloseWrite", cli.CloseWrite},
		{"CloseRead", cli.CloseRead},
		{"SetDeadline", func() error { return cli.SetDeadline(time.Now()) }},
		{"SetReadDeadline", func() error { return cli.SetReadDeadline(time.Now()) }},
		{"SetWriteDeadline", func() error { return cli.SetWriteDeadline(time.Now()) }},
	}
	for _, c := range calls {
		err := c.call()
		var oe *net.OpError
		if !errors.Is(err, net.ErrClosed) || !errors.As(err, &oe) {
			t.Errorf("%s after Close: %v; want a *net.OpError wrapping net.ErrClosed", c.name, err)
		}
	}
}

// TestDeadlines: expiry is os.ErrDeadlineExceeded and a timeout net.Error; a
// past deadline fails at once even with data there; moving the deadline
// re-arms or releases a blocked call.
func TestDeadlines(t *testing.T) {
	long := time.Hour
	tests := []struct {
		name    string
		first   time.Duration   // the deadline set before the call; 0 = none
		move    []time.Duration // where it is moved to while the call blocks
		wantErr bool
	}{
		{"past fails at once", -time.Second, nil, true},
		{"future expires", 20 * time.Millisecond, nil, true},
		{"moved to past releases", long, []time.Duration{-time.Second}, true},
		{"moved nearer releases", long, []time.Duration{20 * time.Millisecond}, true},
		{"moved later re-arms", 30 * time.Millisecond, []time.Duration{long}, false},
		{"cleared re-arms", 30 * time.Millisecond, []time.Duration{0}, false},
		{"moved twice", long, []time.Duration{30 * time.Millisecond, long}, false},
	}
	for _, tt := range tests {
		for _, dir := range []string{"read", "write"} {
			t.Run(tt.name+"/"+dir, func(t *testing.T) {
				// A re-arm case is only conclusive if the move happened
				// before the first deadline; on a loaded machine it may
				// not, so it is tried again on a slower time scale.
				for scale := time.Duration(1); ; scale *= 4 {
					if deadlineCase(t, dir, tt.first*scale, tt.move, tt.wantErr, scale) || scale > 100 {
						return
					}
					t.Logf("the move came after the first deadline; again at %dx", scale*4)
				}
			})
		}
	}
}

// deadlineCase runs one case of TestDeadlines; it reports false if it could
// not conclude because the deadline moves came too late.
func deadlineCase(t *testing.T, dir string, first time.Duration, move []time.Duration, wantErr bool, scale time.Duration) bool {
	rec := newRecorder()
	cli, srv := pair(t, &Network{BufferSize: 4, Observer: rec.observe})
	defer cli.Close()
	set := cli.SetReadDeadline
	call := func() error { _, err := cli.Read(make([]byte, 4)); return err }
	release := func() { srv.Write([]byte("data")) }
	if dir == "write" {
		set = cli.SetWriteDeadline
		cli.Write(make([]byte, 4)) // fill the buffer
		call = func() error { _, err := cli.Write([]byte("more")); return err }
		release = func() { io.ReadFull(srv, make([]byte, 8)) }
	}
	at := func(d time.Duration) time.Time {
		if d == 0 {
			return time.Time{}
		}
		return time.Now().Add(d)
	}
	// soonest is the earliest deadline that is set and then moved away: the
	// call must outlive it.
	soonest := at(first)
	set(soonest)
	errc := make(chan error, 1)
	go func() { errc <- call() }()
	if len(move) > 0 {
		rec.waitFor(t, map[string]Op{"read": OpRead, "write": OpWrite}[dir])
		for i, m := range move {
			if m > 0 && m < time.Hour {
				m *= scale
			}
			d := at(m)
			set(d)
			if i < len(move)-1 && d.Before(soonest) {
				soonest = d
			}
		}
		if !wantErr && !time.Now().Before(soonest) {
			cli.Close()
			<-errc
			return false
		}
	}
	if !wantErr {
		// Past that deadline, the call must still block.
		time.Sleep(time.Until(soonest) + 50*time.Millisecond)
		select {
		case err := <-errc:
			t.Fatalf("call returned %v after its deadline was moved away", err)
		default:
		}
		release()
	}
	err := <-errc
	if !wantErr {
		if err != nil {
			t.Errorf("got %v; want success", err)
		}
		return true
	}
	var ne net.Error
	if !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("got %v; want os.ErrDeadlineExceeded as a timeout net.Error", err)
	}
	checkOpError(t, err, dir, cli)
	// Clearing the deadline makes the conn usable again.
	set(time.Time{})
	go release()
	if err := call(); err != nil {
		t.Errorf("after clearing the deadline: %v", err)
	}
	return true
}

// TestPastDeadlineWithData: a past read deadline fails even when bytes are
// buffered, as poll.FD checks the deadline before reading.
func TestPastDeadlineWithData(t *testing.T) {
	cli, srv := pair(t, &Network{})
	cli.Write([]byte("x"))
	srv.SetReadDeadline(time.Now().Add(-time.Second))
	if n, err := srv.Read(make([]byte, 1)); n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Read = %d, %v; want 0, deadline exceeded", n, err)
	}
}

// TestConcurrentWritesDoNotInterleave: each Write's bytes arrive together,
// even when the Writes block partway on a small buffer.
func TestConcurrentWritesDoNotInterleave(t *testing.T) {
	cli, srv := pair(t, &Network{BufferSize: 7})
	const writers, each = 4, 50
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := bytes.Repeat([]byte{'a' + byte(w)}, 25)
			for range each {
				cli.Write(msg)
			}
		}()
	}
	go func() { wg.Wait(); cli.CloseWrite() }()
	all, err := io.ReadAll(srv)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != writers*each*25 {
		t.Fatalf("read %d bytes; want %d", len(all), writers*each*25)
	}
	for i := 0; i < len(all); i += 25 {
		if run := all[i : i+25]; !bytes.Equal(run, bytes.Repeat(run[:1], 25)) {
			t.Fatalf("bytes %d-%d interleave writes: %q", i, i+25, run)
		}
	}
}

// TestAddrs: both ends report 127.0.0.1 addresses that mirror each other.
func TestAddrs(t *testing.T) {
	cli, srv := pair(t, &Network{})
	if cli.LocalAddr().String() != srv.RemoteAddr().String() || cli.RemoteAddr().String() != srv.LocalAddr().String() {
		t.Errorf("client %v->%v, server %v->%v do not mirror", cli.LocalAddr(), cli.RemoteAddr(), srv.LocalAddr(), srv.RemoteAddr())
	}
	if a := cli.LocalAddr().(*net.TCPAddr); !a.IP.Equal(net.IPv4(127, 0, 0, 1)) || a.Network() != "tcp" {
		t.Errorf("client address %v (%s); want 127.0.0.1, tcp", a, a.Network())
	}
	if cli.ID() != srv.ID() || cli.ID() == 0 {
		t.Errorf("IDs %d, %d; want the same, nonzero", cli.ID(), srv.ID())
	}
}
