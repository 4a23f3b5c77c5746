package memnet

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"golang.org/x/net/nettest"
)

// The tests of latency and bandwidth assert only what the clock cannot
// break: bytes never arrive early (a lower bound on elapsed time), and a
// latency of an hour means never within a test. No test waits for
// something to happen "in time".

// TestConnShaped runs the x/net conformance suite with latency and
// bandwidth on: deadlines, Close and concurrent use keep their semantics
// when bytes take time to arrive.
func TestConnShaped(t *testing.T) {
	for _, tc := range []struct {
		name      string
		latency   time.Duration
		bandwidth int64
		size      int
	}{
		{"latency", time.Millisecond, 0, 0},
		{"bandwidth", 0, 50 << 20, 0},
		{"both, small buffer", time.Millisecond, 50 << 20, 3000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nettest.TestConn(t, func() (c1, c2 net.Conn, stop func(), err error) {
				n := &Network{Latency: tc.latency, Bandwidth: tc.bandwidth, BufferSize: tc.size}
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

// TestZeroNetworkHasNoLink: the zero value shapes nothing, so its pipes
// take the plain path.
func TestZeroNetworkHasNoLink(t *testing.T) {
	cli, srv := pair(t, &Network{})
	if cli.tx.link != nil || srv.tx.link != nil {
		t.Error("a zero Network's conn has a link")
	}
	cli, _ = pair(t, &Network{Latency: time.Millisecond})
	if cli.tx.link == nil || cli.rx.link == nil {
		t.Error("a conn of a Network with latency has no link")
	}
}

// TestLatencyDelaysArrival: a write returns at once, and its bytes, and
// then the writer's close, reach the reader no sooner than the latency
// later.
func TestLatencyDelaysArrival(t *testing.T) {
	const latency = 30 * time.Millisecond
	for _, close := range []string{"Close", "CloseWrite"} {
		t.Run(close, func(t *testing.T) {
			cli, srv := pair(t, &Network{Latency: latency})
			start := time.Now()
			if _, err := cli.Write([]byte("hello")); err != nil {
				t.Fatal(err)
			}
			if close == "Close" {
				cli.Close()
			} else {
				cli.CloseWrite()
			}
			got, err := io.ReadAll(srv)
			if err != nil || string(got) != "hello" {
				t.Fatalf("ReadAll = %q, %v; want %q, nil", got, err, "hello")
			}
			if d := time.Since(start); d < latency {
				t.Errorf("bytes and EOF arrived %v after the write; want at least the latency, %v", d, latency)
			}
		})
	}
}

// TestBandwidthPacesArrival: the last of n bytes arrives no sooner than
// n / bandwidth after the first was written, and in order.
func TestBandwidthPacesArrival(t *testing.T) {
	const n, rate = 20_000, 200_000 // 0.1 s
	cli, srv := pair(t, &Network{Bandwidth: rate})
	want := bytes.Repeat([]byte("0123456789"), n/10)
	start := time.Now()
	go func() {
		cli.Write(want)
		cli.CloseWrite()
	}()
	got, err := io.ReadAll(srv)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes, %v; want the %d written", len(got), err, n)
	}
	if d, min := time.Since(start), time.Duration(n)*time.Second/rate; d < min {
		t.Errorf("%d bytes at %d B/s arrived in %v; want at least %v", n, rate, d, min)
	}
}

// TestInFlight: a Read waits for bytes still in flight, a deadline ends
// the wait as usual, and Close discards them. The latency is an hour, so
// nothing arrives during the test.
func TestInFlight(t *testing.T) {
	n := &Network{Latency: time.Hour}
	cli, srv := pair(t, n)
	if n.InFlight() {
		t.Error("InFlight before any write")
	}
	cli.Write([]byte("slow"))
	cli.CloseWrite()
	if !n.InFlight() {
		t.Error("InFlight is false while bytes cross an hour's latency")
	}
	srv.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
	if k, err := srv.Read(make([]byte, 10)); k != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Read = %d, %v; want 0 and the deadline (the bytes and EOF are in flight)", k, err)
	}
	// The writer closed its side, yet its peer may still write to it.
	if _, err := srv.Write([]byte("reply")); err != nil {
		t.Errorf("Write back after the peer's CloseWrite: %v", err)
	}
	srv.Close()
	cli.Close()
	if n.InFlight() {
		t.Error("InFlight after both ends closed")
	}
	if (&Network{}).InFlight() {
		t.Error("a zero Network has something in flight")
	}
}

// TestSegments drives a link directly: a write is cut into segments of at
// most MSS bytes, each sent at the bandwidth after the one before, and
// each arrives the latency after it was sent.
func TestSegments(t *testing.T) {
	tests := []struct {
		name    string
		latency time.Duration
		rate    int64
		writes  []int
		ends    []int64         // stream offsets where the segments end
		gaps    []time.Duration // between consecutive arrivals
	}{
		{"latency only: one segment a write", time.Second, 0, []int{5000, 10}, []int64{5000, 5010}, nil},
		{"one MSS a second", 0, MSS, []int{3000}, []int64{1460, 2920, 3000}, []time.Duration{time.Second, 80 * time.Second / MSS}},
		{"the second write queues behind the first", time.Second, 1000, []int{500, 500}, []int64{500, 1000}, []time.Duration{500 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newShapedPipe(DefaultBufferSize, tt.latency, tt.rate)
			l := p.link
			var end int64
			before := time.Now()
			for _, k := range tt.writes {
				end += int64(k)
				l.send(end, k)
			}
			var ends []int64
			for _, s := range l.segs {
				ends = append(ends, s.end)
			}
			if !slices.Equal(ends, tt.ends) {
				t.Fatalf("segments end at %v; want %v", ends, tt.ends)
			}
			if first := l.segs[0].at.Sub(before); first < tt.latency {
				t.Errorf("the first segment arrives %v after the write; want at least %v", first, tt.latency)
			}
			for i, want := range tt.gaps {
				if got := l.segs[i+1].at.Sub(l.segs[i].at); got != want {
					t.Errorf("gap %d: got %v; want %v", i, got, want)
				}
			}
			if got := l.ready(0, int(end)); got != 0 {
				t.Errorf("ready at once = %d; want 0", got)
			}
		})
	}
}

// TestReadsWhatArrived: a Read returns the bytes that have arrived, not
// those still in flight behind them.
func TestReadsWhatArrived(t *testing.T) {
	p := newShapedPipe(DefaultBufferSize, 0, MSS) // one segment a second
	p.put(make([]byte, 3*MSS))
	p.link.send(3*MSS, 3*MSS)
	p.link.segs[0].at = time.Now() // the first has arrived
	var rd Conn
	k, err := p.read(&rd, make([]byte, 4*MSS), nil)
	if k != MSS || err != nil {
		t.Errorf("read = %d, %v; want the %d bytes of the first segment", k, err, MSS)
	}
}

// TestShapedEventsInOrder: with latency, every write's event still comes
// before the read of its bytes, and the stream offsets tile.
func TestShapedEventsInOrder(t *testing.T) {
	rec := newRecorder()
	cli, srv := pair(t, &Network{Latency: 2 * time.Millisecond, Bandwidth: 1 << 20, Observer: rec.observe})
	go func() {
		for i := range 20 {
			cli.Write([]byte("message " + strconv.Itoa(i) + "\n"))
		}
		cli.Close()
	}()
	if _, err := io.ReadAll(srv); err != nil {
		t.Fatal(err)
	}
	var written, read int64
	for _, e := range rec.snapshot() {
		switch e.Op {
		case OpWrite:
			if e.Off != written {
				t.Fatalf("write at offset %d; want %d", e.Off, written)
			}
			written += int64(len(e.Data))
		case OpRead:
			if e.Off != read || read+int64(len(e.Data)) > written {
				t.Fatalf("read of [%d, %d) with %d written, %d read before", e.Off, e.Off+int64(len(e.Data)), written, read)
			}
			read += int64(len(e.Data))
		}
	}
	if read != written || written == 0 {
		t.Errorf("read %d of %d bytes written", read, written)
	}
}
