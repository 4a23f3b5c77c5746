package memnet

import (
	"context"
	"net"
	"os"
	"sync"
	"time"
)

var _ net.Listener = (*Listener)(nil)

// Listener is a listening socket of a [Network], made by [Network.Listen]. It
// is a [net.Listener] whose Accept returns a [*Conn]; like *net.TCPListener it
// also has SetDeadline.
type Listener struct {
	nw      *Network
	netw    string
	addr    *net.TCPAddr
	backlog int
	obs     func(Event)
	fire    func() // the deadline timer's work, made once

	mu      sync.Mutex
	queue   []*Conn // established, not yet accepted: the accepting ends
	closed  bool
	dialErr error    // what waiting and new dials get once closed
	dl      deadline // the accept deadline
	acceptq waitq    // blocked Accepts
	dialq   waitq    // Dials waiting for room in the queue
}

// Accept waits for and returns the next conn dialed to the listener, as a
// *Conn. After Close it fails with net.ErrClosed, after the deadline with
// os.ErrDeadlineExceeded.
func (l *Listener) Accept() (net.Conn, error) {
	who := l.nw.actor()
	l.mu.Lock()
	var (
		c   *Conn
		err error
	)
	for {
		if l.closed {
			err = net.ErrClosed
			break
		}
		if l.dl.expired {
			err = os.ErrDeadlineExceeded
			break
		}
		if len(l.queue) > 0 {
			c = l.queue[0]
			copy(l.queue, l.queue[1:])
			l.queue[len(l.queue)-1] = nil
			l.queue = l.queue[:len(l.queue)-1]
			l.dialq.wake()
			if c.obs != nil {
				ev := c.event(OpAccept, 0, nil)
				ev.Actor = who
				c.obs(ev)
			}
			break
		}
		if l.obs != nil {
			ev := l.event(OpWait, who)
			ev.Wait = OpAccept
			l.obs(ev)
		}
		l.acceptq.wait(&l.mu, nil)
	}
	l.acceptq.wake()
	l.mu.Unlock()
	if err != nil {
		return nil, &net.OpError{Op: "accept", Net: l.netw, Addr: l.addr, Err: err}
	}
	return c, nil
}

// Close stops listening. Blocked Accepts return net.ErrClosed, new and
// waiting Dials are refused, and conns already accepted keep working, as with
// TCP. Conns dialed but not yet accepted are closed.
func (l *Listener) Close() error {
	if !l.close(errRefused) {
		return &net.OpError{Op: "close", Net: l.netw, Addr: l.addr, Err: net.ErrClosed}
	}
	return nil
}

// close closes the listener, telling waiting dials dialErr; it reports
// whether the listener was open.
func (l *Listener) close(dialErr error) bool {
	who := l.nw.actor()
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return false
	}
	l.closed, l.dialErr = true, dialErr
	queued := l.queue
	l.queue = nil
	l.dl.stop()
	l.acceptq.wake()
	l.dialq.wake()
	if l.obs != nil {
		l.obs(l.event(OpClose, who))
	}
	l.mu.Unlock()

	l.nw.removeListener(l)
	for _, c := range queued {
		c.Close()
	}
	return true
}

// Addr returns the listener's address, a *net.TCPAddr; with port 0 in
// Listen, this is where to find the port that was picked.
func (l *Listener) Addr() net.Addr { return l.addr }

// SetDeadline sets when blocked and future Accepts fail with
// os.ErrDeadlineExceeded; a zero t means never.
func (l *Listener) SetDeadline(t time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return &net.OpError{Op: "set", Net: l.netw, Addr: l.addr, Err: net.ErrClosed}
	}
	if l.dl.set(t, l.fire) {
		l.acceptq.wake()
	}
	return nil
}

func (l *Listener) fireDeadline() {
	l.mu.Lock()
	if l.dl.fire() {
		l.acceptq.wake()
	}
	l.mu.Unlock()
}

// enqueue is the listener's side of a dial: it waits for room in the accept
// queue, then establishes a conn and queues its accepting end.
func (l *Listener) enqueue(ctx context.Context, netw string) (*Conn, error) {
	who := l.nw.actor()
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.dialq.wake()
	for {
		if l.closed {
			return nil, l.dialErr
		}
		if len(l.queue) < l.backlog {
			break
		}
		if l.obs != nil {
			l.obs(Event{Op: OpWait, Wait: OpDial, Dialer: true, Remote: l.addr, Actor: who})
		}
		if !l.dialq.wait(&l.mu, ctx.Done()) {
			return nil, mapCtxErr(ctx.Err())
		}
	}
	cli, srv, err := l.nw.establish(l, netw)
	if err != nil {
		return nil, err
	}
	l.queue = append(l.queue, srv)
	if cli.obs != nil {
		// Under l.mu, so the dial's event comes before the accept's.
		ev := cli.event(OpDial, 0, nil)
		ev.Actor = who
		cli.obs(ev)
	}
	l.acceptq.wake()
	return cli, nil
}

// event is a listener event, by who.
func (l *Listener) event(op Op, who any) Event {
	return Event{Op: op, Local: l.addr, Actor: who}
}
