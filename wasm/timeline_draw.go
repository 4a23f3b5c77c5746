//go:build js && wasm

package main

import (
	"math"
	"strconv"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

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
		tick := svgElement("text", "tick")
		setAttr(tick.Value, "x", px(k.X))
		setAttr(tick.Value, "y", 12)
		setText(tick.Value, k.Text)
		t.axis.AppendChild(tick)
	}
}

func (t *timelineView) drawLanes(b *budget) {
	tl := t.tl
	if t.nLanes == len(tl.Lanes) {
		return
	}
	frag, names := fragment(), fragment()
	for ; t.nLanes < len(tl.Lanes) && b.ok(); t.nLanes++ {
		l := &tl.Lanes[t.nLanes]
		if t.nLanes == len(t.names) {
			t.names = append(t.names, js.ValueOf(l.Name))
		}
		i := page.ItemLane.ID(t.nLanes)
		y := px(laneY(t.nLanes))
		name := svgElement("text", "name "+page.ColourClass(l.Name))
		setAttr(name.Value, "x", 4)
		setAttr(name.Value, "y", px(laneY(t.nLanes)+4))
		setAttr(name.Value, "data-lane", t.names[t.nLanes])
		setAttr(name.Value, "data-i", i)
		setText(name.Value, page.LaneLabel(l.Name, nameChars))
		line := svgElement("line", "alive "+page.ColourClass(l.Name))
		setAttr(line.Value, "x1", px(t.clock.X(l.Start)))
		setAttr(line.Value, "x2", px(t.right()))
		setAttr(line.Value, "y1", y)
		setAttr(line.Value, "y2", y)
		setAttr(line.Value, "data-i", i)
		appendChild(names.Value, name.Value)
		appendChild(frag.Value, line.Value)
		if l.Ended {
			setAttr(line.Value, "x2", px(t.clock.X(l.End)))
		} else {
			t.open[-1-t.nLanes] = drawn{el: line}
		}
		b.build(2)
	}
	appendChild(t.nameCol.Value, names.Value)
	appendChild(t.lanes.Value, frag.Value)
	setAttr(t.svg.Value, "height", px(axisH+float64(len(tl.Lanes))*laneH+4))
}

// drawSpans draws the spans: a lane's states in pieces (see
// [timeline.Pieces]), and the runner's waits and a client's service each
// alone.
func (t *timelineView) drawSpans(b *budget) {
	tl := t.tl
	if t.nSpans == len(tl.Spans) || t.nLanes == 0 {
		return
	}
	frag := fragment()
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
			r := svgElement("rect", "")
			setAttr(r.Value, "x", px(t.clock.X(s.From)))
			setAttr(r.Value, "y", px(laneY(s.Lane)-4))
			setAttr(r.Value, "height", 8)
			t.look(r, p.Piece)
			t.extend(drawn{el: r, from: s.From, piece: p.Piece}, i)
			appendChild(frag.Value, r.Value)
			b.build(1)
			continue
		}
		class := s.Kind.String()
		if s.Kind == timeline.Waiting {
			class = "waiting " + page.ReasonClass(s.Reason)
		}
		r := svgElement("rect", class)
		top, h := laneY(s.Lane)-4, 8.0
		switch s.Kind {
		case timeline.Waiting:
			// One of the runner's own waits (a network wait, a sleep)
			// where the tracer has no states.
			setAttr(r.Value, "data-on", s.Text)
			t.waitAttrs(r, s.Reason, s.Where, s.Lane)
		case timeline.Queued:
			top, h = laneY(s.Lane)-10, 5
		case timeline.Served, timeline.Serving:
			top, h = laneY(s.Lane)-10, 5
			setAttr(r.Value, "data-conn", s.Conn)
			setAttr(r.Value, "data-from", int64(s.From))
			if s.Kind == timeline.Served {
				setAttr(r.Value, "data-client", t.names[s.Lane])
				setAttr(r.Value, "data-server", s.Other)
			}
		}
		setAttr(r.Value, "x", px(t.clock.X(s.From)))
		setAttr(r.Value, "y", px(top))
		setAttr(r.Value, "height", px(h))
		setAttr(r.Value, "data-i", page.ItemSpan.ID(i))
		t.extend(drawn{el: r, from: s.From}, i)
		appendChild(frag.Value, r.Value)
		b.build(1)
	}
	appendChild(t.spans.Value, frag.Value)
}

// look gives a piece of states the look of its main span: its kind's
// class, and a wait's reason, line and lane, and a place in the
// keyboard's order.
func (t *timelineView) look(r *dom.BasicElement, pc *timeline.Piece) {
	s := &t.tl.Spans[pc.Main]
	setAttr(r.Value, "data-i", page.ItemSpan.ID(pc.Main))
	if pc.N > 1 {
		setAttr(r.Value, "data-n", pc.N)
	}
	if s.Kind != timeline.Waiting {
		setAttr(r.Value, "class", jsName(s.Kind.String()))
		if r.HasAttribute("data-reason") {
			for _, a := range []string{"data-reason", "data-where", "data-who", "tabindex"} {
				r.RemoveAttribute(a)
			}
		}
		return
	}
	setAttr(r.Value, "class", jsName("waiting "+page.ReasonClass(s.Reason)))
	t.waitAttrs(r, s.Reason, s.Where, s.Lane)
}

// waitAttrs marks a wait with its reason, line and lane, and lets the
// keyboard reach it: its tooltip says the rest.
func (t *timelineView) waitAttrs(r *dom.BasicElement, reason, where string, lane int) {
	setAttr(r.Value, "data-reason", reason)
	if where != "" {
		setAttr(r.Value, "data-where", where)
	}
	setAttr(r.Value, "data-who", t.names[lane])
	setAttr(r.Value, "tabindex", 0)
}

// extend draws d, whose latest span is i, to the span's end, or to the
// far right while the span is open.
func (t *timelineView) extend(d drawn, i int) {
	s := &t.tl.Spans[i]
	if d.piece != nil {
		t.cur[s.Lane] = d
	}
	if s.Open {
		setAttr(d.el.Value, "width", px(t.right()-t.clock.X(d.from)))
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
		t.look(d.el, p.Piece)
	} else {
		setAttr(d.el.Value, "data-n", p.Piece.N)
	}
	t.extend(d, p.Piece.Last)
}

// closed sets the end of a drawn span whose (last) span s has ended.
func (t *timelineView) closed(d drawn, s *timeline.Span) {
	w := max(1, t.clock.Len(s.To-d.from))
	setAttr(d.el.Value, "width", px(w))
	switch {
	case s.Kind == timeline.Served || s.Kind == timeline.Serving:
		setAttr(d.el.Value, "data-to", int64(s.To))
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
	label := svgElement("text", "reason "+page.ReasonClass(s.Reason))
	setAttr(label.Value, "x", px(x))
	setAttr(label.Value, "y", px(laneY(s.Lane)+2.5))
	setText(label.Value, words)
	appendChild(t.reasons.Value, label.Value)
}

// closeSpans ends the drawn lanes and spans that the layout has closed.
func (t *timelineView) closeSpans() {
	for i, d := range t.open {
		if i < 0 {
			if l := &t.tl.Lanes[-1-i]; l.Ended || t.tl.Ended {
				setAttr(d.el.Value, "x2", px(t.clock.X(l.End)))
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
	frag := fragment()
	for ; t.nArrows < len(tl.Arrows) && b.ok(); t.nArrows++ {
		a := &tl.Arrows[t.nArrows]
		if a.From >= t.nLanes || a.To >= t.nLanes {
			break
		}
		x1, y1, x2, y2 := t.clock.X(a.Sent), laneY(a.From), t.clock.X(a.Received), laneY(a.To)
		line := svgElement("line", "arrow")
		setAttr(line.Value, "x1", px(x1))
		setAttr(line.Value, "y1", px(y1))
		setAttr(line.Value, "x2", px(x2))
		setAttr(line.Value, "y2", px(y2))
		setAttr(line.Value, "marker-end", jsName("url(#tl-head)"))
		setAttr(line.Value, "data-event", a.SendEvent)
		setAttr(line.Value, "data-recv", a.RecvEvent)
		setAttr(line.Value, "data-bytes", a.Label)
		setAttr(line.Value, "data-i", page.ItemArrow.ID(t.nArrows))
		appendChild(frag.Value, line.Value)
		b.build(1)
		// The label shows where it does not cover another: the rest
		// have theirs in the tooltip.
		lx, ly := max(x1, x2)+3, (y1+y2)/2
		row := int(ly)
		if lx < t.labelEnd[row] {
			continue
		}
		label := svgElement("text", "label")
		setAttr(label.Value, "x", px(lx))
		setAttr(label.Value, "y", px(ly+3))
		setText(label.Value, a.Label)
		appendChild(frag.Value, label.Value)
		t.labelEnd[row] = lx + labelPx*float64(len([]rune(a.Label))) + 6
		b.build(1)
	}
	appendChild(t.arrows.Value, frag.Value)
}

// drawWakes draws an arrow from each goroutine that woke another to the
// end of the other's wait: one per pixel between two lanes.
func (t *timelineView) drawWakes(b *budget) {
	tl := t.tl
	if t.nWakes == len(tl.Wakes) {
		return
	}
	frag := fragment()
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
		line := svgElement("line", "wake")
		setAttr(line.Value, "x1", px(x))
		setAttr(line.Value, "y1", px(y1))
		setAttr(line.Value, "x2", px(x))
		setAttr(line.Value, "y2", px(y2))
		setAttr(line.Value, "marker-end", jsName("url(#tl-wake)"))
		setAttr(line.Value, "data-i", page.ItemWake.ID(t.nWakes))
		appendChild(frag.Value, line.Value)
		b.build(1)
	}
	appendChild(t.arrows.Value, frag.Value)
}

func (t *timelineView) drawMarks(b *budget) {
	tl := t.tl
	if t.nMarks == len(tl.Marks) {
		return
	}
	frag := fragment()
	for ; t.nMarks < len(tl.Marks) && b.ok(); t.nMarks++ {
		m := &tl.Marks[t.nMarks]
		if m.Lane >= t.nLanes {
			break
		}
		x, y := t.clock.X(m.At), laneY(m.Lane)
		var el *dom.BasicElement
		switch m.Kind {
		case runner.Exit, runner.Panic:
			el = svgElement("path", m.Kind.String())
			if m.Kind == runner.Exit {
				setAttr(el.Value, "d", "M"+ftoa(x)+","+ftoa(y-6)+"v12")
			} else {
				setAttr(el.Value, "d", "M"+ftoa(x-5)+","+ftoa(y-5)+"l10,10m0,-10l-10,10")
			}
		default:
			el = svgElement("circle", "mark "+m.Kind.String())
			setAttr(el.Value, "cx", px(x))
			setAttr(el.Value, "cy", px(y))
			setAttr(el.Value, "r", 3)
		}
		setAttr(el.Value, "data-event", m.Event)
		setAttr(el.Value, "data-i", page.ItemMark.ID(t.nMarks))
		if m.Kind == runner.Output || m.Kind == runner.Panic {
			setAttr(el.Value, "tabindex", 0) // linked to a line of output
		}
		appendChild(frag.Value, el.Value)
		b.build(1)
	}
	appendChild(t.marks.Value, frag.Value)
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
	frag := fragment()
	for j := range d.Stuck {
		st := &d.Stuck[j]
		from, to := st.At, tl.Now
		if st.Span >= 0 {
			from, to = tl.Spans[st.Span].From, tl.Spans[st.Span].To
		}
		y := laneY(st.Lane)
		box := svgElement("rect", "stuck")
		setAttr(box.Value, "x", px(t.clock.X(from)))
		setAttr(box.Value, "y", px(y-6))
		setAttr(box.Value, "width", px(max(2, t.clock.Len(to-from))))
		setAttr(box.Value, "height", 12)
		setAttr(box.Value, "data-i", page.ItemStuck.ID(j))
		t.waitAttrs(box, st.Reason, st.Where, st.Lane)
		words := page.StuckLabel(st.Reason, st.Where)
		label := svgElement("text", "stuck-label")
		lx := min(t.clock.X(from)+4, t.right()-labelPx*float64(len([]rune(words))))
		setAttr(label.Value, "x", px(max(gutter, lx)))
		setAttr(label.Value, "y", px(y-7))
		setText(label.Value, words)
		appendChild(frag.Value, box.Value)
		appendChild(frag.Value, label.Value)
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
		edge := svgElement("path", "waits-on")
		setAttr(edge.Value, "d", "M"+ftoa(x)+","+ftoa(y1)+"C"+bow+","+ftoa(y1)+" "+bow+","+ftoa(y2)+" "+ftoa(x)+","+ftoa(y2))
		setAttr(edge.Value, "marker-end", jsName("url(#tl-stuck)"))
		setAttr(edge.Value, "data-i", page.ItemWaitsOn.ID(j))
		appendChild(frag.Value, edge.Value)
		b.build(1)
	}
	appendChild(t.alarm.Value, frag.Value)
}
