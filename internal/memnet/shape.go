package memnet

import "time"

// MSS is the most bytes one segment carries when [Network.Latency] or
// [Network.Bandwidth] is set: TCP's usual maximum segment size on
// Ethernet. A reader sees a delayed write arrive segment by segment, as
// over a real link, rather than all at once or byte by byte.
const MSS = 1460

// link is what sits between the two ends of one direction of a conn when
// the network has latency or bandwidth: the bytes a Write put in the ring
// become readable only once they have crossed it. A pipe without either has
// no link, and every byte in its ring is readable at once.
//
// The model is a wire of one conn and one direction: a write's bytes are
// cut into segments of at most MSS bytes; the wire sends one segment after
// another at the bandwidth (none waits for it when the bandwidth is
// unlimited), and each arrives the latency after it was sent. The writer's
// close (FIN) arrives the latency after it was made, and never before the
// last segment. Bytes in flight stay in the ring, so they count against
// the buffer as unacknowledged bytes count against TCP's window.
//
// The link's state is guarded by its pipe's mutex.
type link struct {
	latency time.Duration
	rate    int64 // bytes per second; 0 is unlimited

	idle  time.Time // when the wire has sent everything it was given
	segs  []segment // in flight, in order of arrival; segs[head:] are pending
	head  int
	upto  int64     // stream offset up to which bytes have arrived
	fin   time.Time // when the writer's close arrives; zero until it closes
	timer *time.Timer
	armed time.Time // when the timer fires; zero when it is not armed
	fire  func()    // the timer's work, made once
}

// segment is a piece of a write in flight: the bytes of the stream before
// offset end arrive at time at.
type segment struct {
	end int64
	at  time.Time
}

// newLink returns the link of pipe p, or nil when the network shapes
// nothing.
func newLink(p *pipe, latency time.Duration, rate int64) *link {
	if latency <= 0 && rate <= 0 {
		return nil
	}
	l := &link{latency: max(latency, 0), rate: max(rate, 0)}
	l.fire = func() {
		p.mu.Lock()
		l.armed = time.Time{}
		p.rq.wake()
		p.mu.Unlock()
	}
	return l
}

// send puts the k bytes that end at stream offset end on the wire.
func (l *link) send(end int64, k int) {
	now := time.Now()
	if l.rate == 0 {
		l.push(end, now.Add(l.latency))
		return
	}
	start := end - int64(k)
	if l.idle.Before(now) {
		l.idle = now
	}
	for start < end {
		piece := min(end-start, MSS)
		start += piece
		l.idle = l.idle.Add(time.Duration(piece * int64(time.Second) / l.rate))
		l.push(start, l.idle.Add(l.latency))
	}
}

// push adds a segment, keeping arrival times in order.
func (l *link) push(end int64, at time.Time) {
	if n := len(l.segs); n > l.head && at.Before(l.segs[n-1].at) {
		at = l.segs[n-1].at
	}
	l.segs = append(l.segs, segment{end, at})
}

// close records the writer's close: its FIN arrives after the latency and
// after the last segment.
func (l *link) close() {
	l.fin = time.Now().Add(l.latency)
	if n := len(l.segs); n > l.head && l.fin.Before(l.segs[n-1].at) {
		l.fin = l.segs[n-1].at
	}
}

// ready returns how many of the n buffered bytes, from stream offset off
// on, have arrived.
func (l *link) ready(off int64, n int) int {
	if l.head == len(l.segs) {
		return n // nothing in flight: the usual case once a burst is over
	}
	now := time.Now()
	for l.head < len(l.segs) && !l.segs[l.head].at.After(now) {
		l.upto = l.segs[l.head].end
		l.head++
	}
	if l.head == len(l.segs) {
		l.segs, l.head = l.segs[:0], 0
		return n
	}
	return int(min(max(l.upto-off, 0), int64(n)))
}

// finArrived reports whether the writer's close has reached the reader.
func (l *link) finArrived() bool {
	return l.head == len(l.segs) && !time.Now().Before(l.fin)
}

// arm makes sure a blocked reader is woken when the next segment or the
// FIN arrives; eof says whether the writer has closed.
func (l *link) arm(eof bool) {
	var next time.Time
	switch {
	case l.head < len(l.segs):
		next = l.segs[l.head].at
	case eof && time.Now().Before(l.fin):
		next = l.fin
	default:
		return
	}
	if !l.armed.IsZero() && !next.Before(l.armed) {
		return
	}
	l.armed = next
	if l.timer == nil {
		l.timer = time.AfterFunc(time.Until(next), l.fire)
	} else {
		l.timer.Reset(time.Until(next))
	}
}

// inFlight reports whether bytes or a close are still on their way.
func (l *link) inFlight(eof bool) bool {
	now := time.Now()
	if n := len(l.segs); n > l.head && l.segs[n-1].at.After(now) {
		return true
	}
	return eof && l.fin.After(now)
}

// reset forgets what is in flight, for a reader that will read no more.
func (l *link) reset(off int64) {
	l.segs, l.head, l.upto = nil, 0, off
	l.fin = time.Time{}
	if l.timer != nil {
		l.timer.Stop()
	}
	l.armed = time.Time{}
}

// InFlight reports whether some conn of the network has bytes or a close
// on their way to a reader: written, but held back by [Network.Latency] or
// [Network.Bandwidth]. A watchdog that finds every goroutine blocked
// should not call it a deadlock while this is true, since an arrival will
// wake a reader. Without latency or bandwidth it is always false.
func (n *Network) InFlight() bool {
	if n.Latency <= 0 && n.Bandwidth <= 0 {
		return false
	}
	n.mu.Lock()
	cs := make([]*Conn, 0, len(n.conns))
	for _, c := range n.conns {
		cs = append(cs, c)
	}
	n.mu.Unlock()
	for _, c := range cs {
		for _, p := range [2]*pipe{c.tx, c.rx} {
			p.mu.Lock()
			on := p.link != nil && !p.rclosed && p.link.inFlight(p.eof)
			p.mu.Unlock()
			if on {
				return true
			}
		}
	}
	return false
}
