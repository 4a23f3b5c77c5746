package memnet

import (
	"net"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// Under js/wasm the runtime parks a goroutine of its own to handle
	// JavaScript events; it is not ours.
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("runtime.handleEvent"))
}

// pair returns both ends of a fresh conn on n: the dialing end and the
// accepting end. The network is closed when the test ends.
func pair(t testing.TB, n *Network) (cli, srv *Conn) {
	t.Helper()
	l, err := n.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	c, err := n.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	s, err := l.Accept()
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	l.Close()
	return c.(*Conn), s.(*Conn)
}

// recorder is an Observer that keeps copies of the events, and signals
// waits: each OpWait's call is sent to waits if there is room.
type recorder struct {
	mu     sync.Mutex
	events []Event
	waits  chan Op
}

func newRecorder() *recorder { return &recorder{waits: make(chan Op, 64)} }

func (r *recorder) observe(e Event) {
	e.Data = append([]byte(nil), e.Data...)
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	if e.Op == OpWait {
		select {
		case r.waits <- e.Wait:
		default:
		}
	}
}

func (r *recorder) snapshot() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// waitFor blocks until some goroutine is about to block in call.
func (r *recorder) waitFor(t *testing.T, call Op) {
	t.Helper()
	for op := range r.waits {
		if op == call {
			return
		}
	}
}

// addrPort is the port of a *net.TCPAddr.
func addrPort(a net.Addr) int { return a.(*net.TCPAddr).Port }
