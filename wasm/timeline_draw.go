//go:build js && wasm

package main

import (
	"math"
	"strconv"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/runner"
	"github.com/goroutine-playground/playground/internal/timeline"
)

// Each draw method draws what its part of the layout added since the last
// frame, as far as the frame's budget goes.

// nameChars is how many characters of a lane's name fit the gutter.
const nameChars = 15

func laneY(l int) float64 { return axisH + float64(l)*laneH + laneH/2 }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// px rounds a length to a tenth of a pixel, to pass as a number.
func px(f float64) float64 { return math.Round(f*10) / 10 }

// drawAxis labels the time along the top.
func (t *timelineView) drawAxis() {
	for _, k := range t.clock.Ticks() {
		tick := t.ops.el(tagText, "tick", hAxis)
		t.ops.numAttr(tick, aX, k.X)
		t.ops.attr(tick, aY, "12")
		t.ops.setText(tick, k.Text)
	}
}

func (t *timelineView) drawLanes(b *budget) {
	tl := t.tl
	if t.nLanes == len(tl.Lanes) {
		return
	}
	from := t.nLanes
	for ; t.nLanes < len(tl.Lanes) && b.ok(); t.nLanes++ {
		l := &tl.Lanes[t.nLanes]
		i := page.ItemLane.ID(t.nLanes)
		y := laneY(t.nLanes)
		colour := page.ColourClass(l.Name)
		c := t.chunk(t.nLanes)
		name := t.ops.el(tagText, "name "+colour, c.names)
		t.ops.attr(name, aX, "4")
		t.ops.numAttr(name, aY, laneY(t.nLanes)+4)
		t.ops.attr(name, aLane, l.Name)
		t.ops.attr(name, aI, i)
		t.ops.setText(name, page.LaneLabel(l.Name, nameChars))
		line := t.ops.el(tagLine, "alive "+colour, c.lanes)
		t.ops.numAttr(line, aX1, t.clock.X(l.Start))
		if l.Ended {
			t.ops.numAttr(line, aX2, t.clock.X(l.End))
		} else {
			t.ops.numAttr(line, aX2, t.right())
			t.open[-1-t.nLanes] = drawn{el: line}
		}
		t.ops.numAttr(line, aY1, y)
		t.ops.numAttr(line, aY2, y)
		t.ops.attr(line, aI, i)
		b.build(2)
	}
	for k := from / chunkLanes; k < len(t.chunks); k++ {
		t.grew(k, min(chunkLanes, t.nLanes-k*chunkLanes))
	}
	t.ops.numAttr(hSvg, aHeight, axisH+float64(len(tl.Lanes))*laneH+4)
}

// drawSpans draws the spans: a lane's states in pieces (see
// [timeline.Pieces]), and the runner's waits and a client's service each
// alone.
func (t *timelineView) drawSpans(b *budget) {
	tl := t.tl
	if t.nSpans == len(tl.Spans) || t.nLanes == 0 {
		return
	}
	for ; t.nSpans < len(tl.Spans) && b.ok(); t.nSpans++ {
		i := t.nSpans
		s := &tl.Spans[i]
		if s.Lane >= t.nLanes {
			break // its lane waits for the next frame
		}
		if s.States {
			p := t.pieces.Place(tl, i, t.clock)
			if !p.New {
				t.grow(p)
				b.join()
				continue
			}
			r := t.ops.el(tagRect, "", t.chunk(s.Lane).spans)
			t.ops.numAttr(r, aX, t.clock.X(s.From))
			t.ops.numAttr(r, aY, laneY(s.Lane)-4)
			t.ops.attr(r, aHeight, "8")
			wait := t.look(r, p.Piece, false)
			t.extend(drawn{el: r, from: s.From, piece: p.Piece, wait: wait}, i)
			b.build(1)
			continue
		}
		class := s.Kind.String()
		if s.Kind == timeline.Waiting {
			class = "waiting " + page.ReasonClass(s.Reason)
		}
		r := t.ops.el(tagRect, class, t.chunk(s.Lane).spans)
		top, h := laneY(s.Lane)-4, 8.0
		switch s.Kind {
		case timeline.Waiting:
			// One of the runner's own waits (a network wait, a sleep)
			// where the tracer has no states.
			t.ops.attr(r, aOn, s.Text)
			t.waitAttrs(r, s.Reason, s.Where, s.Lane)
		case timeline.Queued:
			top, h = laneY(s.Lane)-10, 5
		case timeline.Served, timeline.Serving:
			top, h = laneY(s.Lane)-10, 5
			t.ops.attr(r, aConn, strconv.FormatUint(s.Conn, 10))
			t.ops.attr(r, aFrom, strconv.FormatInt(int64(s.From), 10))
			if s.Kind == timeline.Served {
				t.ops.attr(r, aClient, tl.Lanes[s.Lane].Name)
				t.ops.attr(r, aServer, s.Other)
			}
		}
		t.ops.numAttr(r, aX, t.clock.X(s.From))
		t.ops.numAttr(r, aY, top)
		t.ops.numAttr(r, aHeight, h)
		t.ops.attr(r, aI, page.ItemSpan.ID(i))
		t.extend(drawn{el: r, from: s.From}, i)
		b.build(1)
	}
}

// look gives a piece of states the look of its main span: its kind's
// class, and a wait's reason, line and lane, and a place in the
// keyboard's order. was says whether the piece looked like a wait before;
// look reports whether it does now.
func (t *timelineView) look(r handle, pc *timeline.Piece, was bool) bool {
	s := &t.tl.Spans[pc.Main]
	t.ops.attr(r, aI, page.ItemSpan.ID(pc.Main))
	if pc.N > 1 {
		t.ops.intAttr(r, aN, pc.N)
	}
	if s.Kind != timeline.Waiting {
		t.ops.attr(r, aClass, s.Kind.String())
		if was {
			for _, a := range []int{aReason, aWhere, aWho, aTabindex} {
				t.ops.unset(r, a)
			}
		}
		return false
	}
	t.ops.attr(r, aClass, "waiting "+page.ReasonClass(s.Reason))
	t.waitAttrs(r, s.Reason, s.Where, s.Lane)
	return true
}

// waitAttrs marks a wait with its reason, line and lane, and lets the
// keyboard reach it: its tooltip says the rest.
func (t *timelineView) waitAttrs(r handle, reason, where string, lane int) {
	t.ops.attr(r, aReason, reason)
	if where != "" {
		t.ops.attr(r, aWhere, where)
	}
	t.ops.attr(r, aWho, t.tl.Lanes[lane].Name)
	t.ops.attr(r, aTabindex, "0")
}

// extend draws d, whose latest span is i, to the span's end, or to the
// far right while the span is open.
func (t *timelineView) extend(d drawn, i int) {
	s := &t.tl.Spans[i]
	if d.piece != nil {
		t.cur[s.Lane] = d
	}
	if s.Open {
		t.ops.numAttr(d.el, aWidth, t.right()-t.clock.X(d.from))
		t.open[i] = d
		return
	}
	t.closed(d, s)
}

// grow takes a state span into the piece drawn last on its lane.
func (t *timelineView) grow(p timeline.Placed) {
	d := t.cur[p.Piece.Lane]
	delete(t.open, p.Was)
	if p.MainChanged {
		d.wait = t.look(d.el, p.Piece, d.wait)
	} else {
		t.ops.intAttr(d.el, aN, p.Piece.N)
	}
	t.extend(d, p.Piece.Last)
}

// closed sets the end of a drawn span whose (last) span s has ended.
func (t *timelineView) closed(d drawn, s *timeline.Span) {
	w := max(1, t.clock.Len(s.To-d.from))
	t.ops.numAttr(d.el, aWidth, w)
	switch {
	case s.Kind == timeline.Served || s.Kind == timeline.Serving:
		t.ops.attr(d.el, aTo, strconv.FormatInt(int64(s.To), 10))
	case s.Kind == timeline.Waiting && !s.Stuck && (d.piece == nil || d.piece.N == 1):
		t.reason(d, s, w)
	}
}

// said is the last reason written on a lane, and where.
type said struct {
	words string
	x     float64
}

// repeatPx is how far apart the same reason is written on a lane.
const repeatPx = 150

// reasonPx is about how many pixels a character of a wait's reason takes
// inside its bar, at the reason's size.
const reasonPx = 4.6

// reason writes a wait's reason (and line, if there is room) inside its
// bar, when the bar is wide enough for it: the picture says why without
// a pointer. A stuck wait has its words above it instead.
func (t *timelineView) reason(d drawn, s *timeline.Span, w float64) {
	words := s.Reason
	if long := words + " " + s.Where; s.Where != "" && reasonPx*float64(len(long))+6 <= w {
		words = long
	}
	x := t.clock.X(d.from) + 3
	if reasonPx*float64(len(words))+6 > w {
		return
	}
	// A lane waiting for the same again and again (a client's sleeps)
	// says so once in a while.
	if last, ok := t.said[s.Lane]; ok && last.words == words && x-last.x < repeatPx {
		return
	}
	t.said[s.Lane] = said{words, x}
	label := t.ops.el(tagText, "reason "+page.ReasonClass(s.Reason), t.chunk(s.Lane).reasons)
	t.ops.numAttr(label, aX, x)
	t.ops.numAttr(label, aY, laneY(s.Lane)+2.5)
	t.ops.setText(label, words)
}

// closeSpans ends the drawn lanes and spans that the layout has closed.
func (t *timelineView) closeSpans() {
	for i, d := range t.open {
		if i < 0 {
			if l := &t.tl.Lanes[-1-i]; l.Ended || t.tl.Ended {
				t.ops.numAttr(d.el, aX2, t.clock.X(l.End))
				delete(t.open, i)
			}
			continue
		}
		s := &t.tl.Spans[i]
		if s.Open {
			continue
		}
		t.closed(d, s)
		delete(t.open, i)
	}
}

// labelPx is about how many pixels a character of an arrow's label takes,
// at the label's size.
const labelPx = 5.6

func (t *timelineView) drawArrows(b *budget) {
	tl := t.tl
	if t.nArrows == len(tl.Arrows) {
		return
	}
	for ; t.nArrows < len(tl.Arrows) && b.ok(); t.nArrows++ {
		a := &tl.Arrows[t.nArrows]
		if a.From >= t.nLanes || a.To >= t.nLanes {
			break
		}
		x1, y1, x2, y2 := t.clock.X(a.Sent), laneY(a.From), t.clock.X(a.Received), laneY(a.To)
		line := t.arrowLine("arrow", x1, y1, x2, y2, "url(#tl-head)")
		t.ops.intAttr(line, aEvent, a.SendEvent)
		t.ops.intAttr(line, aRecv, a.RecvEvent)
		t.ops.attr(line, aBytes, a.Label)
		t.ops.attr(line, aI, page.ItemArrow.ID(t.nArrows))
		b.build(1)
		// The label shows where it does not cover another: the rest
		// have theirs in the tooltip.
		lx, ly := max(x1, x2)+3, (y1+y2)/2
		row := int(ly)
		if lx < t.labelEnd[row] {
			continue
		}
		label := t.ops.el(tagText, "label", hArrows)
		t.ops.numAttr(label, aX, lx)
		t.ops.numAttr(label, aY, ly+3)
		t.ops.setText(label, a.Label)
		t.labelEnd[row] = lx + labelPx*float64(len([]rune(a.Label))) + 6
		b.build(1)
	}
}

// arrowLine adds a line of class from (x1, y1) to (x2, y2) to the
// overlay, its head the marker head.
func (t *timelineView) arrowLine(class string, x1, y1, x2, y2 float64, head string) handle {
	line := t.ops.el(tagLine, class, hArrows)
	t.ops.numAttr(line, aX1, x1)
	t.ops.numAttr(line, aY1, y1)
	t.ops.numAttr(line, aX2, x2)
	t.ops.numAttr(line, aY2, y2)
	t.ops.attr(line, aMarkerEnd, head)
	return line
}

// drawWakes draws an arrow from each goroutine that woke another to the
// end of the other's wait: one per pixel between two lanes.
func (t *timelineView) drawWakes(b *budget) {
	tl := t.tl
	if t.nWakes == len(tl.Wakes) {
		return
	}
	for ; t.nWakes < len(tl.Wakes) && b.ok(); t.nWakes++ {
		w := &tl.Wakes[t.nWakes]
		if w.From >= t.nLanes || w.To >= t.nLanes {
			break
		}
		x := t.clock.X(w.At)
		pair := [2]int{w.From, w.To}
		if last, ok := t.wakeAt[pair]; ok && x-last < 1 {
			continue
		}
		t.wakeAt[pair] = x
		// From the waker's lane to the edge of the woken one's bar.
		y1, y2 := laneY(w.From), laneY(w.To)
		if y2 > y1 {
			y2 -= 4
		} else {
			y2 += 4
		}
		line := t.arrowLine("wake", x, y1, x, y2, "url(#tl-wake)")
		t.ops.attr(line, aI, page.ItemWake.ID(t.nWakes))
		b.build(1)
	}
}

func (t *timelineView) drawMarks(b *budget) {
	tl := t.tl
	if t.nMarks == len(tl.Marks) {
		return
	}
	for ; t.nMarks < len(tl.Marks) && b.ok(); t.nMarks++ {
		m := &tl.Marks[t.nMarks]
		if m.Lane >= t.nLanes {
			break
		}
		x, y := t.clock.X(m.At), laneY(m.Lane)
		var el handle
		switch m.Kind {
		case runner.Exit, runner.Panic:
			el = t.ops.el(tagPath, m.Kind.String(), t.chunk(m.Lane).marks)
			if m.Kind == runner.Exit {
				t.ops.attr(el, aD, "M"+ftoa(x)+","+ftoa(y-6)+"v12")
			} else {
				t.ops.attr(el, aD, "M"+ftoa(x-5)+","+ftoa(y-5)+"l10,10m0,-10l-10,10")
			}
		default:
			el = t.ops.el(tagCircle, "mark "+m.Kind.String(), t.chunk(m.Lane).marks)
			t.ops.numAttr(el, aCx, x)
			t.ops.numAttr(el, aCy, y)
			t.ops.attr(el, aR, "3")
		}
		t.ops.intAttr(el, aEvent, m.Event)
		t.ops.attr(el, aI, page.ItemMark.ID(t.nMarks))
		if m.Kind == runner.Output || m.Kind == runner.Panic {
			t.ops.attr(el, aTabindex, "0") // linked to a line of output
		}
		b.build(1)
	}
}

// drawDeadlock marks, once the run has ended and its spans are drawn,
// each goroutine of a deadlock where it is stuck for good (its last wait,
// outlined, and its reason and line in words) and, where the layout knows
// it, the cycle of who waits on whom. A deadlock has a goroutine per lane
// at most, so it is drawn at once.
func (t *timelineView) drawDeadlock(b *budget) {
	tl := t.tl
	d := tl.Deadlock
	if d == nil || t.deadlockDrawn || !tl.Ended || t.nSpans < len(tl.Spans) || t.nLanes < len(tl.Lanes) || !b.ok() {
		return
	}
	t.deadlockDrawn = true
	for j := range d.Stuck {
		st := &d.Stuck[j]
		from, to := st.At, tl.Now
		if st.Span >= 0 {
			from, to = tl.Spans[st.Span].From, tl.Spans[st.Span].To
		}
		y := laneY(st.Lane)
		box := t.ops.el(tagRect, "stuck", hAlarm)
		t.ops.numAttr(box, aX, t.clock.X(from))
		t.ops.numAttr(box, aY, y-6)
		t.ops.numAttr(box, aWidth, max(2, t.clock.Len(to-from)))
		t.ops.attr(box, aHeight, "12")
		t.ops.attr(box, aI, page.ItemStuck.ID(j))
		t.waitAttrs(box, st.Reason, st.Where, st.Lane)
		words := page.StuckLabel(st.Reason, st.Where)
		label := t.ops.el(tagText, "stuck-label", hAlarm)
		lx := min(t.clock.X(from)+4, t.right()-labelPx*float64(len([]rune(words))))
		t.ops.numAttr(label, aX, max(gutter, lx))
		t.ops.numAttr(label, aY, y-7)
		t.ops.setText(label, words)
		b.build(2)
	}
	for j, w := range d.WaitsOn {
		at := tl.Now
		for _, st := range d.Stuck {
			if st.Lane == w.From {
				at = st.At
			}
		}
		x, y1, y2 := t.clock.X(at), laneY(w.From), laneY(w.To)
		bow := ftoa(x + 18 + 4*float64(j%4))
		edge := t.ops.el(tagPath, "waits-on", hAlarm)
		t.ops.attr(edge, aD, "M"+ftoa(x)+","+ftoa(y1)+"C"+bow+","+ftoa(y1)+" "+bow+","+ftoa(y2)+" "+ftoa(x)+","+ftoa(y2))
		t.ops.attr(edge, aMarkerEnd, "url(#tl-stuck)")
		t.ops.attr(edge, aI, page.ItemWaitsOn.ID(j))
		b.build(1)
	}
}
