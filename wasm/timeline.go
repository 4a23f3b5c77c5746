//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/runner"
	"github.com/goroutine-playground/playground/internal/timeline"
)

// The timeline's geometry, in CSS pixels.
const (
	gutter = 110 // the lane names' column
	laneH  = 22
	axisH  = 18
	// margin is the room right of the time area, for what is drawn at
	// the present (an arrow's head, a label's start).
	margin = 12
	// perFrame bounds the elements one frame builds, so a flood of events
	// is drawn over several frames instead of stalling one.
	perFrame = 600
	// joinsPerFrame bounds the state spans one frame folds into a piece
	// already drawn: each costs no element, but a little work.
	joinsPerFrame = 8 * perFrame
	// msPerFrame bounds the time one frame spends building, however slow
	// the machine (or busy its cores with the run's worker): a frame that
	// has taken it stops, and the drawing goes on in the next.
	msPerFrame = 8
	// opsPerFrame bounds the operations one frame hands the page: the
	// time bound counts only the Go side, where an operation costs
	// little, and 4,800 folds could otherwise send the page 10,000
	// attributes to set in one frame. The page's side is the dearer: in
	// the server's 10,000-client run, 5,000 operations took a frame's
	// script 25-50 ms; at 1,500 the longest frame gap's median fell from
	// 83 ms to 67 (five runs each, alternated, quiet machine), 50 in five
	// more.
	opsPerFrame = 1500
)

// budget is what one frame may still spend drawing: elements to build,
// state spans to fold into pieces drawn already, operations, and time.
type budget struct {
	elements, joins int
	until           float64 // performance.now() at which the frame stops
	built, checks   int
	ops             *svgOps // the frame's operations so far
}

func newBudget(ops *svgOps) *budget {
	return &budget{elements: perFrame, joins: joinsPerFrame, until: now() + msPerFrame, ops: ops}
}

// ok reports whether the frame may draw another element; it reads the
// clock every 8 calls (a call into JavaScript each).
func (b *budget) ok() bool {
	if b.elements <= 0 || b.joins <= 0 {
		return false
	}
	if b.ops.n >= opsPerFrame {
		b.elements = 0
		return false
	}
	if b.checks++; b.checks%8 == 0 && now() > b.until {
		b.elements = 0
		return false
	}
	return true
}

// build spends n elements.
func (b *budget) build(n int) { b.elements, b.built = b.elements-n, b.built+n }

// join spends a fold.
func (b *budget) join() { b.joins-- }

// spent reports whether the frame stopped short: the rest waits for the
// next one.
func (b *budget) spent() bool { return b.elements <= 0 || b.joins <= 0 }

// timelineView draws a run's [timeline.Timeline] as SVG in #timeline: a
// lane per goroutine, its states (running, ready, waiting with a reason,
// in pieces at least a pixel apart: [timeline.Pieces]), its waits, marks,
// messages and wakes, and a deadlock's stuck goroutines. Each frame it
// appends what the layout added since the last one; only a change of
// [timeline.Clock] (the run outgrew the width) redraws everything. What is
// still going on (live lanes, open spans) is drawn up to the far right and
// cut at the present by one clip rectangle, so the passing of time costs a
// single attribute per frame whatever the number of lanes.
//
// A frame's elements are built by one call into the page (timeline_ops.go),
// and the lanes are in chunks that the browser lays out only near the view
// (timeline_chunks.go): a frame costs what it adds and what can be seen.
//
// This file builds it and runs its frames; timeline_draw.go draws each
// part of the layout; timeline_tips.go answers the reader (tooltips, the
// links between marks and output lines, the note and the legend). What
// they say and which class each state gets is decided in internal/page.
type timelineView struct {
	note *dom.BasicHTMLElement // #timeline-note: counts and what is not drawn
	box  *dom.BasicHTMLElement // #timeline-box: scrolls the lanes
	out  *dom.BasicHTMLElement // #output, for the links between lines and marks

	// The drawing's elements are built by ops, a frame's at once; the
	// overlay's svg, the clip rectangle, the overlay's groups and the
	// chunks' container are its fixed handles (hSvg, hClip, hAxis...).
	svg *dom.BasicElement
	ops *svgOps
	// chunks holds the lanes, chunkLanes to a chunk (see chunk).
	chunks []chunk

	tl    *timeline.Timeline
	clock timeline.Clock
	// How much of each of tl's slices is drawn.
	nLanes, nSpans, nMarks, nArrows, nWakes int
	deadlockDrawn                           bool
	// pieces folds state spans less than a pixel apart into one element.
	pieces timeline.Pieces
	// open holds the drawn spans still open, by the index of their (last)
	// span, and (at -1-lane) the lines of lanes still alive.
	open map[int]drawn
	// cur holds each lane's latest piece of states, which may grow.
	cur  map[int]drawn
	lit  []js.Value
	busy bool // the box's aria-busy
	// What drawing cost in this run: see measure.
	draws, built       int
	drawMax, drawTotal float64
	// labelEnd is where the last arrow label drawn at a height ends.
	labelEnd map[int]float64
	// wakeAt is where the last wake drawn between two lanes is, to draw
	// one where many fall on a pixel.
	wakeAt map[[2]int]float64
	// said holds the reason written last on each lane (see reason).
	said    map[int]said
	noteMsg string
}

// drawn is an element of a span or a piece of states still open, or of a
// live lane's line.
type drawn struct {
	el    handle
	from  time.Duration   // where its first span starts
	piece *timeline.Piece // the piece it draws, if it draws states
	wait  bool            // a piece drawn as a wait: it has data-reason and the rest
}

const svgNS = "http://www.w3.org/2000/svg"

func svgElement(tag, class string) *dom.BasicElement {
	e := &dom.BasicElement{BasicNode: &dom.BasicNode{Value: calls.createElementNS.Invoke(jsName(svgNS), jsName(tag))}}
	if class != "" {
		setAttr(e.Value, "class", jsName(class))
	}
	return e
}

// newTimelineView finds the timeline's section; nil when the page has none.
func newTimelineView(out *dom.BasicHTMLElement) *timelineView {
	box := byID("timeline-box")
	if box == nil {
		return nil
	}
	t := &timelineView{note: byID("timeline-note"), box: box, out: out}
	drawing := create("div", "tl")
	drawing.SetAttribute("role", "img")
	drawing.SetAttribute("aria-label", "Timeline of the run's goroutines; the output panel has the same events as text")
	chunks := create("div", "tl-chunks")
	drawing.AppendChild(chunks)
	defsSvg := svgElement("svg", "tl-defs")
	setAttr(defsSvg.Value, "aria-hidden", "true")
	defs := svgElement("defs", "")
	clip := svgElement("clipPath", "")
	setAttr(clip.Value, "id", "tl-now")
	clipRect := svgElement("rect", "")
	clip.AppendChild(clipRect)
	defs.AppendChild(clip)
	gut := svgElement("clipPath", "")
	setAttr(gut.Value, "id", "tl-gutter")
	gutRect := svgElement("rect", "")
	setAttr(gutRect.Value, "width", gutter-4)
	setAttr(gutRect.Value, "height", axisH+timeline.MaxLanes*laneH+laneH)
	gut.AppendChild(gutRect)
	defs.AppendChild(gut)
	// The arrows' heads: a message's, a wake's and a deadlock's.
	for _, id := range []string{"tl-head", "tl-wake", "tl-stuck"} {
		head := svgElement("marker", "")
		for k, v := range map[string]string{"id": id, "viewBox": "0 0 6 6", "refX": "6", "refY": "3",
			"markerWidth": "6", "markerHeight": "6", "orient": "auto-start-reverse"} {
			setAttr(head.Value, k, v)
		}
		tip := svgElement("path", id)
		setAttr(tip.Value, "d", "M0,0L6,3L0,6z")
		head.AppendChild(tip)
		defs.AppendChild(head)
	}
	// A ready goroutine's stripes.
	ready := svgElement("pattern", "")
	for k, v := range map[string]string{"id": "tl-ready", "width": "4", "height": "4",
		"patternUnits": "userSpaceOnUse", "patternTransform": "rotate(45)"} {
		setAttr(ready.Value, k, v)
	}
	stripe := svgElement("rect", "ready-stripe")
	setAttr(stripe.Value, "width", 2)
	setAttr(stripe.Value, "height", 4)
	ready.AppendChild(stripe)
	defs.AppendChild(ready)
	defsSvg.AppendChild(defs)
	// The overlay: the axis, and what goes from lane to lane (messages,
	// wakes, a deadlock), over the lanes' chunks.
	t.svg = svgElement("svg", "tl-over")
	axis := svgElement("g", "axis")
	t.svg.AppendChild(axis)
	body := svgElement("g", "")
	setAttr(body.Value, "clip-path", "url(#tl-now)")
	fixed := []js.Value{t.svg.Value, clipRect.Value, axis.Value, chunks.Value}
	for _, class := range []string{"arrows", "deadlock"} {
		g := svgElement("g", class)
		body.AppendChild(g)
		fixed = append(fixed, g.Value)
	}
	t.ops = newSVGOps(fixed)
	t.svg.AppendChild(body)
	drawing.AppendChild(t.svg)
	drawing.AppendChild(defsSvg)
	box.AppendChild(drawing)
	t.fillLegend()
	t.reset()
	t.listen()
	return t
}

// reset empties the timeline for a new run.
func (t *timelineView) reset() {
	if t == nil {
		return
	}
	t.tl = timeline.New()
	t.clock = timeline.NewClock(gutter, t.fitWidth())
	t.clear()
	t.ops.flush()
	t.setNote("")
	t.draws, t.built, t.drawMax, t.drawTotal = 0, 0, 0, 0
}

// fitWidth is the width of the time area that fits the box.
func (t *timelineView) fitWidth() float64 {
	return max(200, t.box.Get("clientWidth").Float()-gutter-margin)
}

// right is the x of the drawing's right edge.
func (t *timelineView) right() float64 { return gutter + t.clock.Width + margin }

// clear removes every drawn element, to draw them again.
func (t *timelineView) clear() {
	t.ops.reset()
	t.nLanes, t.nSpans, t.nMarks, t.nArrows, t.nWakes = 0, 0, 0, 0, 0
	t.chunks = t.chunks[:0]
	t.deadlockDrawn = false
	t.pieces.Reset()
	t.open = map[int]drawn{}
	t.cur = map[int]drawn{}
	t.labelEnd = map[int]float64{}
	t.wakeAt = map[[2]int]float64{}
	t.said = map[int]said{}
	t.lit = t.lit[:0]
	t.ops.numAttr(hSvg, aWidth, t.right())
	t.drawAxis()
}

// add lays out one event, the run's event number idx.
func (t *timelineView) add(e runner.Event, idx int) {
	if t == nil {
		return
	}
	t.tl.Add(e, idx)
}

// draw brings the drawing up to date at the time at of the run, and
// reports whether some of it waits for the next frame.
func (t *timelineView) draw(at time.Duration, live bool) bool {
	if t == nil {
		return false
	}
	began := now()
	tl := t.tl
	if !live || tl.Now > at {
		at = tl.Now
	}
	if t.clock.Fit(at, live, t.fitWidth) {
		t.clear()
	}
	b := newBudget(t.ops)
	t.drawLanes(b)
	t.drawSpans(b)
	t.drawArrows(b)
	t.drawWakes(b)
	t.drawMarks(b)
	t.drawDeadlock(b)
	t.closeSpans()
	// A run stopped before its End event keeps what was open cut at the
	// last event; one that ended has closed everything, labels and all.
	clipW := t.clock.X(at) + 1
	if tl.Ended {
		clipW = t.right()
	}
	t.ops.numAttr(hClip, aWidth, clipW)
	t.ops.numAttr(hClip, aHeight, axisH+float64(len(tl.Lanes))*laneH+4)
	t.ops.flush()
	t.setNote(page.TimelineNote(tl, t.pieces.Joined()))
	t.measure(now()-began, b.built)
	// Busy while the run goes on or the drawing lags behind the layout.
	behind := b.spent()
	busy := live || behind
	if busy != t.busy {
		t.busy = busy
		setAttr(t.box.Value, "aria-busy", strconv.FormatBool(busy))
	}
	return behind
}

// measure keeps the longest and the total time draw took in this run, in
// milliseconds, and the elements it built, as attributes of #timeline-box
// (data-draw-max, data-draw-total, data-draws, data-built): what the
// timeline costs each frame, for tests and for anyone curious in the
// browser's inspector.
func (t *timelineView) measure(ms float64, built int) {
	t.draws++
	if built > 0 {
		t.built += built
		setAttr(t.box.Value, "data-built", t.built)
	}
	t.drawTotal += ms
	if ms > t.drawMax {
		t.drawMax = ms
		setAttr(t.box.Value, "data-draw-max", px(ms))
	}
	setAttr(t.box.Value, "data-draw-total", px(t.drawTotal))
	setAttr(t.box.Value, "data-draws", t.draws)
}
