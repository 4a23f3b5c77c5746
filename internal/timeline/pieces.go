package timeline

import "time"

// Piece is one element the page draws for a lane's states: a state span,
// or several in a row, each shorter than a pixel, that start within a
// pixel of each other. It is drawn as its Main span (its kind, and a
// wait's reason and line) from the start of its first span to the end of
// its Last.
type Piece struct {
	Lane int
	From time.Duration // where its first span starts
	Main int           // the span it is drawn as (index in Spans)
	Last int           // its latest span: the piece ends where it ends
	N    int           // how many spans it stands for
	long bool          // its one span is a pixel long or more, or was open: it takes no other
}

// Placed is where [Pieces.Place] put a span.
type Placed struct {
	Piece *Piece
	New   bool // a piece of its own: draw it; else the span joined Piece
	Was   int  // the piece's Last before the span joined it
	// MainChanged says the piece is drawn as another span now.
	MainChanged bool
}

// Pieces lays each lane's state spans out in pieces, so that no lane
// draws more elements for its states than about twice its width in
// pixels, however fast its goroutine changes state (many's main
// goroutine, spawning, changes thousands of times in a few milliseconds).
// A span a pixel long or more is drawn alone, as is the lane's latest
// (still open) state; briefer ones share a piece with those that start
// within the same pixel. A piece of brief states is drawn as the longest
// wait among them if there is one, since why a goroutine waited is what
// the timeline is for, else as the longest of them. A zero Pieces is
// ready; Reset it when the clock changes.
type Pieces struct {
	last   map[int]*Piece // lane → its latest piece
	joined int
}

// Reset forgets every piece, to lay the spans out afresh.
func (p *Pieces) Reset() {
	clear(p.last)
	p.joined = 0
}

// Joined is how many spans joined a piece rather than being drawn alone.
func (p *Pieces) Joined() int { return p.joined }

// Place lays out state span i of t, drawn by clock c. Spans are placed in
// the order of t.Spans.
func (p *Pieces) Place(t *Timeline, i int, c Clock) Placed {
	s := &t.Spans[i]
	if p.last == nil {
		p.last = map[int]*Piece{}
	}
	long := s.Open || c.Len(s.To-s.From) >= 1
	pc := p.last[s.Lane]
	if long || pc == nil || pc.long || c.Len(s.From-pc.From) >= 1 {
		pc = &Piece{Lane: s.Lane, From: s.From, Main: i, Last: i, N: 1, long: long}
		p.last[s.Lane] = pc
		return Placed{Piece: pc, New: true, Was: -1}
	}
	p.joined++
	was, main := pc.Last, pc.Main
	pc.Main = t.rather(pc.Main, i)
	pc.Last, pc.N = i, pc.N+1
	return Placed{Piece: pc, Was: was, MainChanged: pc.Main != main}
}

// rather returns which of spans a and b a piece of brief states is drawn
// as: a wait rather than a state of running, else the longer; a if
// neither.
func (t *Timeline) rather(a, b int) int {
	sa, sb := &t.Spans[a], &t.Spans[b]
	if wa, wb := sa.Kind == Waiting, sb.Kind == Waiting; wa != wb {
		if wb {
			return b
		}
		return a
	}
	if sb.To-sb.From > sa.To-sa.From {
		return b
	}
	return a
}
