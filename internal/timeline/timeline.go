// Package timeline turns a run's events into what the page's timeline
// draws: one lane per goroutine, the spans in which it ran, was ready to
// run, and waited (on what, at which line, and who woke it), marks for the
// things it did, arrows for the bytes it sent to another goroutine and for
// the goroutines it woke, and for each connection when its client sat in
// the waiting room and when it was served.
//
// It is plain Go with no DOM, so the layout is tested natively; the page
// (package main in wasm/) renders a [Timeline] as SVG, once per frame,
// drawing only what was added since the last frame. The events are
// numbered by whoever adds them (the page numbers its run's events, and a
// mark and its line of output share the number). Two helpers of the
// drawing live here too, pure and tested alike: [Clock] turns times into
// pixels, and [Pieces] folds a lane's state spans too brief to draw apart
// into one element.
//
// # Scale
//
// The first [MaxLanes] goroutines get lanes. Those beyond are counted (see
// [Timeline.Hidden]) and their events dropped, so a run of half a million
// goroutines costs the page a counter, not half a million lanes. Marks and
// arrows are likewise capped at [MaxMarks] and [MaxArrows]; [Timeline.Capped]
// says when the cap cut something off.
//
// # States
//
// With the runner's states on (runner.Config.States, parsed by
// states.Parse), each lane is tiled by Running, Runnable and Waiting spans
// from Go's execution tracer; a Waiting span has a Reason (one of
// runner.Reasons), the line it waits at
// and, once it ends, the lane that woke it, also drawn as a [Wake]. The
// states arrive a generation late, in the order of their times per
// goroutine; [Timeline.States] says how far they go. Without them, a lane
// has the runner's own waits (network and sleep) only.
//
// A run that deadlocks ends with [Timeline.Deadlock]: every goroutine
// stuck, its last wait (marked Stuck, open to the end), and who waits on
// whom where the trace tells.
//
// # Pairing sends with receives
//
// A connection has the same number at both ends, and each direction is a
// byte stream whose Send and Recv events carry the offset of their first
// byte. An arrow goes from a Send to the Recv on the other end that reads
// the Send's first byte, whichever of the two events comes first.
package timeline

import (
	"strconv"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// The caps that keep a huge run cheap to draw.
const (
	MaxLanes  = 1000
	MaxMarks  = 20000
	MaxArrows = 5000
	MaxSpans  = 50000
	MaxWakes  = 20000
	// LabelBytes is how many bytes of a message its arrow's label shows.
	LabelBytes = 32
)

// SpanKind says what a [Span] shows.
type SpanKind uint8

// The kinds of span.
const (
	Waiting  SpanKind = iota + 1 // the goroutine waits; Text says on what, Reason in a word
	Queued                       // the client's conn was accepted and waits for a server goroutine
	Served                       // the client's conn is being served; Other is the server goroutine
	Serving                      // the goroutine serves a client; Other is the client goroutine
	Running                      // the goroutine runs on a CPU (from the states)
	Runnable                     // the goroutine is ready and waits for a CPU (from the states)
)

var spanNames = [...]string{Waiting: "waiting", Queued: "queued", Served: "served", Serving: "serving",
	Running: "running", Runnable: "runnable"}

// String returns the kind's lower-case name, used as its CSS class.
func (k SpanKind) String() string {
	if int(k) < len(spanNames) && spanNames[k] != "" {
		return spanNames[k]
	}
	return "span"
}

// Lane is one goroutine's row.
type Lane struct {
	Name       string
	Parent     string        // who started it
	Start, End time.Duration // End is valid once Ended
	Ended      bool
	Panicked   bool
	Stuck      bool // it was stuck when the run deadlocked
	Event      int  // index of its Start event
}

// Span is an interval on a lane. While Open its end is not known yet: the
// renderer draws it up to the present.
type Span struct {
	Lane     int
	Kind     SpanKind
	From, To time.Duration
	Open     bool
	Text     string // Waiting: on what ("chan receive", "sleep 10s", "read")
	Other    string // Served: the server goroutine; Serving: the client
	Conn     uint64
	Event    int // the event that opened it

	// Waiting only.
	Reason string // what it waits for, one of runner.Reasons: the mark's data-reason
	Where  string // the program's line it waits at, "deadlock.go:63", when known
	By     int    // the lane that woke it, once closed; -1 if none (a timer, the network, the run's end) or unknown
	Stuck  bool   // it never ended: the run deadlocked here
	States bool   // it is one of the states (Running, Runnable and Waiting from the tracer)
}

// Mark is one event drawn at a point of its lane.
type Mark struct {
	Lane  int
	At    time.Duration
	Kind  runner.Kind
	Text  string // what the event says, for a tooltip
	Event int
	Count int    // Recv marks: how many reads in a row it stands for
	Conn  uint64 // network marks: the connection
}

// Arrow is a message: bytes sent on one lane and read on another.
type Arrow struct {
	From, To             int // lanes
	Sent, Received       time.Duration
	Label                string // a short, escaped rendering of the first bytes
	N                    int    // bytes in the send
	Conn                 uint64
	SendEvent, RecvEvent int
}

// Wake is an arrow from the goroutine that woke another to it, at the end
// of the other's wait.
type Wake struct {
	From, To int // lanes
	At       time.Duration
	Span     int // the wait it ended
}

// Timeline is the layout of one run, built event by event with [Timeline.Add].
// Its slices only grow, and only Spans change once added (when they
// close, and a Waiting span's Stuck at the run's end), so a renderer can
// draw the new tail of each after every frame.
type Timeline struct {
	Lanes  []Lane
	Spans  []Span
	Marks  []Mark
	Arrows []Arrow
	Wakes  []Wake

	// States says how far the goroutine states go.
	States States
	// Deadlock is the run's deadlock, if it had one.
	Deadlock *Deadlock

	// Now is the At of the latest event.
	Now time.Duration
	// Ended is set by the run's End event.
	Ended bool

	lane   map[string]int // goroutine name → lane
	hidden hiddenCount
	capped bool
	open   [len(spanNames)]int // open spans of each kind

	wait  map[int]int // lane → its open Waiting span
	last  map[int]int // lane → its latest mark
	conns map[uint64]*conn
	dirs  map[direction]*stream

	state    map[int]int   // lane → its open state span
	wokenBy  map[place]int // the lane that last woke a lane's wait at a line
	stuckOne map[int]int   // stuck lane → its index in Deadlock.Stuck
}

// hiddenCount counts the goroutines beyond MaxLanes.
type hiddenCount struct{ started, ended int }

// conn is what the timeline knows of one connection.
type conn struct {
	client, server string // the dialer's and the first serving goroutine's names
	clientAddr     string
	acceptor       string
	queued, served int // open Queued and Served span indices, or -1
	serving        int // the server goroutine's open Serving span, or -1
	closed         bool
}

// direction is one byte stream of a connection, named by its sender's address.
type direction struct {
	conn uint64
	from string
}

// stream pairs a direction's sends with its receives.
type stream struct {
	sends  []pending // sends whose first byte has not been read yet
	recvs  []pending // reads of bytes whose send has not been seen yet
	sentTo int64     // the end of the last send seen
}

// pending is a Send or Recv waiting for its partner.
type pending struct {
	lane  int
	at    time.Duration
	off   int64
	n     int
	text  string
	event int
}

// maxPending bounds each stream's queues: a stream whose partner events
// were lost (untraced goroutines) cannot grow without end.
const maxPending = 64

// New returns an empty timeline.
func New() *Timeline {
	return &Timeline{
		lane:  map[string]int{},
		wait:  map[int]int{},
		last:  map[int]int{},
		conns: map[uint64]*conn{},
		dirs:  map[direction]*stream{},

		state:    map[int]int{},
		wokenBy:  map[place]int{},
		stuckOne: map[int]int{},
	}
}

// Hidden returns how many goroutines started beyond MaxLanes, and how many
// of them have ended.
func (t *Timeline) Hidden() (started, ended int) { return t.hidden.started, t.hidden.ended }

// Capped reports whether marks, arrows, spans or wakes were left out for
// their caps.
func (t *Timeline) Capped() bool { return t.capped }

// Lane returns the lane of the goroutine named who.
func (t *Timeline) Lane(who string) (int, bool) {
	i, ok := t.lane[who]
	return i, ok
}

// Add lays out the next event of the run. idx is the event's number in
// the run, which its marks, spans and arrows keep (Event, SendEvent,
// RecvEvent): the view numbers the run's events, and the same number
// links a mark to its line of output.
func (t *Timeline) Add(e runner.Event, idx int) {
	if e.At > t.Now {
		t.Now = e.At
	}
	if e.Kind == runner.End {
		t.end(e.At)
		return
	}
	if e.Kind == runner.Start {
		t.start(e, idx)
		return
	}
	if e.Kind == runner.Untraced {
		t.untraced(e)
		return
	}
	if e.Who == "" {
		// The runner's notes, and untraced goroutines' network events:
		// only what they tell about connections is kept.
		t.connEvent(e, -1, idx)
		return
	}
	l, ok := t.lane[e.Who]
	if !ok {
		if e.Kind == runner.Exit || e.Kind == runner.Panic {
			t.hidden.ended++
		}
		return
	}
	switch e.Kind {
	case runner.Blocked, runner.Runnable, runner.Running, runner.Gone:
		t.stateEvent(e, l, idx)
		return
	case runner.Stuck:
		t.stuck(e, l)
		return
	case runner.Ask:
		return // for the input line; the wait itself is a Wait or a Blocked
	}
	if e.Kind != runner.Resume {
		// A goroutine that acts is no longer waiting; a Wait ends the
		// previous wait too (a write blocking again after a chunk).
		t.closeWait(l, e.At)
	}
	switch e.Kind {
	case runner.Resume:
		t.closeWait(l, e.At)
	case runner.Wait:
		if i := t.openSpan(Span{Lane: l, Kind: Waiting, From: e.At, Text: e.Text, Conn: e.Conn, Event: idx,
			Reason: runnerReason(e.Text)}); i >= 0 {
			t.wait[l] = i
		}
	case runner.Exit, runner.Panic:
		ln := &t.Lanes[l]
		ln.Ended, ln.End, ln.Panicked = true, e.At, e.Kind == runner.Panic
		t.mark(Mark{Lane: l, At: e.At, Kind: e.Kind, Text: e.Text, Event: idx})
	case runner.Recv:
		t.recv(e, l, idx)
	case runner.Send:
		t.mark(Mark{Lane: l, At: e.At, Kind: e.Kind, Text: describe(e), Event: idx, Conn: e.Conn})
		t.send(e, l, idx)
	default:
		t.mark(Mark{Lane: l, At: e.At, Kind: e.Kind, Text: describe(e), Event: idx, Conn: e.Conn})
		t.connEvent(e, l, idx)
	}
}

func (t *Timeline) start(e runner.Event, idx int) {
	if _, ok := t.lane[e.Who]; ok {
		return
	}
	if len(t.Lanes) >= MaxLanes {
		t.hidden.started++
		return
	}
	t.lane[e.Who] = len(t.Lanes)
	t.Lanes = append(t.Lanes, Lane{Name: e.Who, Parent: e.Text, Start: e.At, Event: idx})
}

// end closes everything still open when the run ends: a state span of a
// goroutine that returned, and a stuck wait (the run's end woke it to
// return), at its lane's end.
func (t *Timeline) end(at time.Duration) {
	t.Ended = true
	t.endDeadlock(at)
	for i := range t.Spans {
		if s := &t.Spans[i]; s.Open {
			s.Open, s.To = false, at
			t.open[s.Kind]--
			if ln := &t.Lanes[s.Lane]; (s.States || s.Stuck) && ln.Ended && ln.End < at {
				s.To = max(ln.End, s.From)
			}
		}
	}
	clear(t.state)
	for i := range t.Lanes {
		if !t.Lanes[i].Ended {
			t.Lanes[i].End = at
		}
	}
	clear(t.wait)
}

func (t *Timeline) closeWait(l int, at time.Duration) {
	if i, ok := t.wait[l]; ok {
		t.closeSpan(i, at)
		delete(t.wait, l)
	}
}

func (t *Timeline) closeSpan(i int, at time.Duration) {
	if i >= 0 && t.Spans[i].Open {
		t.Spans[i].Open, t.Spans[i].To = false, at
		t.open[t.Spans[i].Kind]--
	}
}

// Open returns how many spans of the kind are open now: with Queued and
// Served, how many clients wait in the waiting room and are being served.
func (t *Timeline) Open(kind SpanKind) int {
	if int(kind) >= len(t.open) {
		return 0
	}
	return t.open[kind]
}

// openSpan appends s, open, and returns its index; -1 past MaxSpans.
func (t *Timeline) openSpan(s Span) int {
	if len(t.Spans) >= MaxSpans {
		t.capped = true
		return -1
	}
	s.By = -1 // known when it ends
	s.Open, s.To = true, s.From
	t.open[s.Kind]++
	t.Spans = append(t.Spans, s)
	return len(t.Spans) - 1
}

func (t *Timeline) mark(m Mark) {
	if len(t.Marks) >= MaxMarks {
		t.capped = true
		return
	}
	t.last[m.Lane] = len(t.Marks)
	t.Marks = append(t.Marks, m)
}

// connEvent follows a connection's life: dialed by its client, accepted,
// taken up by the goroutine that serves it, closed. l is the acting lane,
// or -1.
func (t *Timeline) connEvent(e runner.Event, l, idx int) {
	if e.Conn == 0 {
		return
	}
	c := t.conns[e.Conn]
	if c == nil {
		c = &conn{queued: -1, served: -1, serving: -1}
		t.conns[e.Conn] = c
	}
	switch e.Kind {
	case runner.Dial:
		c.client, c.clientAddr = e.Who, e.Addr
	case runner.Accept:
		c.acceptor = e.Who
		if cl, ok := t.lane[c.client]; ok && c.client != "" && c.queued < 0 && c.served < 0 {
			c.queued = t.openSpan(Span{Lane: cl, Kind: Queued, From: e.At, Conn: e.Conn, Event: idx})
		}
	case runner.Close:
		if e.Addr != c.clientAddr && !c.closed {
			// The server end closed: the client is served no longer.
			c.closed = true
			t.closeSpan(c.queued, e.At)
			t.closeSpan(c.served, e.At)
			t.closeSpan(c.serving, e.At)
			c.queued, c.served, c.serving = -1, -1, -1
		}
	case runner.Send, runner.Recv, runner.Wait, runner.CloseWrite:
		if l < 0 || c.server != "" || c.closed || c.clientAddr == "" || e.Addr == c.clientAddr {
			return
		}
		// The first goroutine to act on the server end serves it: in a
		// pool, a worker that took the conn from the queue.
		c.server = e.Who
		t.closeSpan(c.queued, e.At)
		c.queued = -1
		if cl, ok := t.lane[c.client]; ok {
			c.served = t.openSpan(Span{Lane: cl, Kind: Served, From: e.At, Other: e.Who, Conn: e.Conn, Event: idx})
		}
		c.serving = t.openSpan(Span{Lane: l, Kind: Serving, From: e.At, Other: c.client, Conn: e.Conn, Event: idx})
	}
}

func (t *Timeline) stream(e runner.Event, from string) *stream {
	d := direction{e.Conn, from}
	s := t.dirs[d]
	if s == nil {
		s = &stream{}
		t.dirs[d] = s
	}
	return s
}

func (t *Timeline) send(e runner.Event, l, idx int) {
	t.connEvent(e, l, idx)
	s := t.stream(e, e.Addr)
	p := pending{lane: l, at: e.At, off: e.Off, n: e.N, text: e.Text, event: idx}
	s.sentTo = max(s.sentTo, e.Off+int64(e.N))
	for i, r := range s.recvs {
		if r.off <= p.off && p.off < r.off+int64(r.n) {
			t.arrow(p, r)
			s.recvs = append(s.recvs[:i], s.recvs[i+1:]...)
			return
		}
	}
	// Reads of bytes before this send will find no partner now.
	for len(s.recvs) > 0 && s.recvs[0].off+int64(s.recvs[0].n) <= p.off {
		s.recvs = s.recvs[1:]
	}
	s.sends = appendBounded(s.sends, p)
}

func (t *Timeline) recv(e runner.Event, l, idx int) {
	t.connEvent(e, l, idx)
	defer t.pair(e, l, idx)
	// Reads in a row by one goroutine on one conn are one mark: a decoder
	// reading byte by byte would otherwise draw a mark per byte.
	if i, ok := t.last[l]; ok {
		if m := &t.Marks[i]; m.Kind == runner.Recv && m.Conn == e.Conn {
			m.Count++
			m.Text = "read " + strconv.Itoa(m.Count) + " times from conn " + strconv.FormatUint(e.Conn, 10)
			return
		}
	}
	t.mark(Mark{Lane: l, At: e.At, Kind: runner.Recv, Text: describe(e), Event: idx, Count: 1, Conn: e.Conn})
}

// pair finds the sends whose first byte this read reads.
func (t *Timeline) pair(e runner.Event, l, idx int) {
	s := t.stream(e, e.Peer)
	r := pending{lane: l, at: e.At, off: e.Off, n: e.N, event: idx}
	end := r.off + int64(r.n)
	matched := false
	for len(s.sends) > 0 && s.sends[0].off < end {
		if p := s.sends[0]; p.off >= r.off {
			t.arrow(p, r)
			matched = true
		}
		s.sends = s.sends[1:]
	}
	if !matched && end > s.sentTo {
		// The reader was quicker to report than the writer.
		s.recvs = appendBounded(s.recvs, r)
	}
}

func (t *Timeline) arrow(s, r pending) {
	if len(t.Arrows) >= MaxArrows {
		t.capped = true
		return
	}
	t.Arrows = append(t.Arrows, Arrow{
		From: s.lane, To: r.lane, Sent: s.at, Received: r.at,
		Label: Label(s.text, LabelBytes), N: s.n,
		SendEvent: s.event, RecvEvent: r.event,
	})
}

func appendBounded(q []pending, p pending) []pending {
	if len(q) >= maxPending {
		q = append(q[:0], q[1:]...)
	}
	return append(q, p)
}

// Label renders up to max bytes of b as printable text: Go's escapes for
// control and invalid bytes ("(lp0\nI1\n…"), without quotes, and an
// ellipsis when b was longer.
func Label(b string, max int) string {
	cut := len(b) > max
	if cut {
		b = b[:max]
	}
	q := strconv.Quote(b)
	q = q[1 : len(q)-1]
	if cut {
		q += "…"
	}
	return q
}

// describe is the tooltip of an event's mark.
func describe(e runner.Event) string {
	var s string
	switch e.Kind {
	case runner.Send:
		s = "sent " + strconv.Itoa(e.N) + " bytes on conn " + strconv.FormatUint(e.Conn, 10) + ": " + Label(e.Text, 64)
	case runner.Recv:
		s = "read " + strconv.Itoa(e.N) + " bytes from conn " + strconv.FormatUint(e.Conn, 10) + ": " + Label(e.Text, 64)
	case runner.Listen:
		s = "listens on " + e.Addr
	case runner.Dial:
		s = "dialed " + e.Peer + ": conn " + strconv.FormatUint(e.Conn, 10) + " from " + e.Addr
	case runner.Accept:
		s = "accepted conn " + strconv.FormatUint(e.Conn, 10) + " from " + e.Peer
	case runner.CloseWrite:
		s = "half-closed conn " + strconv.FormatUint(e.Conn, 10)
	case runner.Close:
		if e.Conn == 0 {
			s = "closed the listener on " + e.Addr
		} else {
			s = "closed conn " + strconv.FormatUint(e.Conn, 10)
		}
	default:
		s = e.Kind.String()
		if e.Text != "" {
			s += ": " + e.Text
		}
	}
	return s
}
