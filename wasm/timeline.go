//go:build js && wasm

package main

import (
	"math"
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
	// firstSpan is the time the timeline's width shows when a run starts;
	// it doubles whenever the run outgrows it.
	firstSpan = 100 * time.Millisecond
	// perFrame bounds the elements one frame builds, so a flood of events
	// is drawn over several frames instead of stalling one.
	perFrame = 600
)

// timelineView draws a run's [timeline.Timeline] as SVG in #timeline. Each
// frame it appends what the layout added since the last one; only a change
// of time scale (the run outgrew the width) redraws everything. What is
// still going on (live lanes, open waits) is drawn up to the far right and
// cut at the present by one clip rectangle, so the passing of time costs a
// single attribute per frame whatever the number of lanes.
type timelineView struct {
	note *dom.BasicHTMLElement // #timeline-note: counts and what is not drawn
	box  *dom.BasicHTMLElement // #timeline-box: scrolls the lanes
	out  *dom.BasicHTMLElement // #output, for the links between lines and marks

	svg, clip                         *dom.BasicElement
	axis, lanes, spans, arrows, marks *dom.BasicElement

	tl *timeline.Timeline
	// How much of each of tl's slices is drawn.
	nLanes, nSpans, nMarks, nArrows int
	// open holds the drawn spans still open, and (at -1-lane) the lines
	// of lanes still alive.
	open map[int]*dom.BasicElement

	nsPerPx float64
	width   float64 // of the time area
	lit     []js.Value
	busy    bool // the box's aria-busy
	// What drawing cost in this run: see measure.
	draws, built       int
	drawMax, drawTotal float64
	// labelEnd is where the last arrow label drawn at a height ends.
	labelEnd map[int]float64
	noteMsg  string
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
	t.svg = svgElement("svg", "")
	setAttr(t.svg.Value, "role", "img")
	setAttr(t.svg.Value, "aria-label", "Timeline of the run's goroutines; the output panel has the same events as text")
	defs := svgElement("defs", "")
	clip := svgElement("clipPath", "")
	setAttr(clip.Value, "id", "tl-now")
	t.clip = svgElement("rect", "")
	clip.AppendChild(t.clip)
	head := svgElement("marker", "")
	for k, v := range map[string]string{"id": "tl-head", "viewBox": "0 0 6 6", "refX": "6", "refY": "3",
		"markerWidth": "6", "markerHeight": "6", "orient": "auto-start-reverse"} {
		setAttr(head.Value, k, v)
	}
	tip := svgElement("path", "")
	setAttr(tip.Value, "d", "M0,0L6,3L0,6z")
	head.AppendChild(tip)
	defs.AppendChild(clip)
	defs.AppendChild(head)
	t.svg.AppendChild(defs)
	t.axis = svgElement("g", "axis")
	t.svg.AppendChild(t.axis)
	body := svgElement("g", "")
	setAttr(body.Value, "clip-path", "url(#tl-now)")
	t.lanes, t.spans, t.arrows, t.marks = svgElement("g", "lanes"), svgElement("g", "spans"),
		svgElement("g", "arrows"), svgElement("g", "marks")
	for _, g := range []*dom.BasicElement{t.lanes, t.spans, t.arrows, t.marks} {
		body.AppendChild(g)
	}
	t.svg.AppendChild(body)
	box.AppendChild(t.svg)
	t.reset()

	// A click on a mark shows its line, a click on a line its mark;
	// keyboard focus on a mark does the same.
	pick := func(ev *dom.BasicEvent) {
		el := ev.Get("target")
		if el.Get("closest").IsUndefined() {
			return
		}
		if hit := el.Call("closest", "[data-event]"); !hit.IsNull() {
			t.link(hit.Call("getAttribute", "data-event").String())
		}
	}
	listen(box.BasicNode, "click", pick)
	listen(box.BasicNode, "focusin", func(ev *dom.BasicEvent) {
		t.explain(ev.Get("target"))
		pick(ev)
	})
	listen(box.BasicNode, "mouseover", func(ev *dom.BasicEvent) { t.explain(ev.Get("target")) })
	if out != nil {
		listen(out.BasicNode, "click", pick)
	}
	return t
}

// reset empties the timeline for a new run.
func (t *timelineView) reset() {
	if t == nil {
		return
	}
	t.tl = timeline.New()
	t.width = t.fitWidth()
	t.nsPerPx = float64(firstSpan) / t.width
	t.clear()
	t.setNote("")
	t.draws, t.built, t.drawMax, t.drawTotal = 0, 0, 0, 0
}

// fitWidth is the width of the time area that fits the box.
func (t *timelineView) fitWidth() float64 {
	return max(200, t.box.Get("clientWidth").Float()-gutter-12)
}

// clear removes every drawn element, to draw them again.
func (t *timelineView) clear() {
	for _, g := range []*dom.BasicElement{t.axis, t.lanes, t.spans, t.arrows, t.marks} {
		setText(g.Value, "")
	}
	t.nLanes, t.nSpans, t.nMarks, t.nArrows = 0, 0, 0, 0
	t.open = map[int]*dom.BasicElement{}
	t.labelEnd = map[int]float64{}
	t.lit = t.lit[:0]
	setAttr(t.svg.Value, "width", px(gutter+t.width+12))
	t.drawAxis()
}

// add lays out one event, the run's event number idx.
func (t *timelineView) add(e runner.Event, idx int) {
	if t == nil {
		return
	}
	t.tl.Add(e, idx)
}

func (t *timelineView) x(at time.Duration) float64 { return gutter + float64(at)/t.nsPerPx }

func laneY(l int) float64 { return axisH + float64(l)*laneH + laneH/2 }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// px rounds a length to a tenth of a pixel, to pass as a number.
func px(f float64) float64 { return math.Round(f*10) / 10 }

// draw brings the drawing up to date at the time now, and reports whether
// some of it waits for the next frame.
func (t *timelineView) draw(now time.Duration, live bool) bool {
	if t == nil {
		return false
	}
	began := js.Global().Get("performance").Call("now").Float()
	tl := t.tl
	if !live || tl.Now > now {
		now = tl.Now
	}
	span := func() time.Duration { return time.Duration(t.width * t.nsPerPx) }
	switch {
	case now > span():
		// Outgrown: four times the span, so a long run redraws
		// everything only every so often.
		for span() < now {
			t.nsPerPx *= 4
		}
		t.clear()
	case !live && now > 0 && now < span()*4/5:
		// Over: the whole run fills the width, as wide as the box is now
		// (an embed's timeline tab may have been hidden when it began).
		t.width = t.fitWidth()
		t.nsPerPx = float64(now) * 1.05 / t.width
		t.clear()
	}
	budget := perFrame
	budget = t.drawLanes(budget)
	budget = t.drawSpans(budget)
	budget = t.drawArrows(budget)
	budget = t.drawMarks(budget)
	t.closeSpans()
	// A run stopped before its End event keeps what was open cut at the
	// last event; one that ended has closed everything, labels and all.
	clipW := t.x(now) + 1
	if tl.Ended {
		clipW = gutter + t.width + 12
	}
	setAttr(t.clip.Value, "width", px(clipW))
	setAttr(t.clip.Value, "height", px(axisH+float64(len(tl.Lanes))*laneH+4))
	t.showNote()
	t.measure(js.Global().Get("performance").Call("now").Float()-began, perFrame-budget)
	// Busy while the run goes on or the drawing lags behind the layout.
	busy := live || budget <= 0
	if busy != t.busy {
		t.busy = busy
		setAttr(t.box.Value, "aria-busy", strconv.FormatBool(busy))
	}
	return budget <= 0
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

func (t *timelineView) drawLanes(budget int) int {
	tl := t.tl
	if t.nLanes == len(tl.Lanes) {
		return budget
	}
	frag := fragment()
	far := gutter + t.width + 12
	for ; t.nLanes < len(tl.Lanes) && budget > 0; t.nLanes++ {
		l := &tl.Lanes[t.nLanes]
		i := strconv.Itoa(t.nLanes)
		y := px(laneY(t.nLanes))
		name := svgElement("text", "name "+page.ColourClass(l.Name))
		setAttr(name.Value, "x", 4)
		setAttr(name.Value, "y", px(laneY(t.nLanes)+4))
		setAttr(name.Value, "data-lane", l.Name)
		setAttr(name.Value, "data-i", "l"+i)
		setText(name.Value, l.Name)
		line := svgElement("line", "alive "+page.ColourClass(l.Name))
		setAttr(line.Value, "x1", px(t.x(l.Start)))
		setAttr(line.Value, "x2", px(far))
		setAttr(line.Value, "y1", y)
		setAttr(line.Value, "y2", y)
		setAttr(line.Value, "data-i", "l"+i)
		appendChild(frag.Value, name.Value)
		appendChild(frag.Value, line.Value)
		if l.Ended {
			setAttr(line.Value, "x2", px(t.x(l.End)))
		} else {
			t.open[-1-t.nLanes] = line
		}
		budget -= 2
	}
	appendChild(t.lanes.Value, frag.Value)
	setAttr(t.svg.Value, "height", px(axisH+float64(len(tl.Lanes))*laneH+4))
	return budget
}

func (t *timelineView) drawSpans(budget int) int {
	tl := t.tl
	if t.nSpans == len(tl.Spans) || t.nLanes == 0 {
		return budget
	}
	frag := fragment()
	far := gutter + t.width + 12
	for ; t.nSpans < len(tl.Spans) && budget > 0; t.nSpans++ {
		s := &tl.Spans[t.nSpans]
		if s.Lane >= t.nLanes {
			break // its lane waits for the next frame
		}
		r := svgElement("rect", s.Kind.String())
		top, h := laneY(s.Lane)-4, 8.0
		switch s.Kind {
		case timeline.Waiting:
			setAttr(r.Value, "data-on", s.Text)
		case timeline.Queued:
			top, h = laneY(s.Lane)-10, 5
		case timeline.Served, timeline.Serving:
			top, h = laneY(s.Lane)-10, 5
			setAttr(r.Value, "data-conn", s.Conn)
			setAttr(r.Value, "data-from", int64(s.From))
			if s.Kind == timeline.Served {
				setAttr(r.Value, "data-client", tl.Lanes[s.Lane].Name)
				setAttr(r.Value, "data-server", s.Other)
			}
		}
		setAttr(r.Value, "x", px(t.x(s.From)))
		setAttr(r.Value, "y", px(top))
		setAttr(r.Value, "height", px(h))
		setAttr(r.Value, "data-i", "s"+strconv.Itoa(t.nSpans))
		if s.Open {
			setAttr(r.Value, "width", px(far-t.x(s.From)))
			t.open[t.nSpans] = r
		} else {
			t.closed(r, s)
		}
		appendChild(frag.Value, r.Value)
		budget--
	}
	appendChild(t.spans.Value, frag.Value)
	return budget
}

// closed sets the end of a drawn span that has ended.
func (t *timelineView) closed(r *dom.BasicElement, s *timeline.Span) {
	setAttr(r.Value, "width", px(max(1, float64(s.To-s.From)/t.nsPerPx)))
	if s.Kind == timeline.Served || s.Kind == timeline.Serving {
		setAttr(r.Value, "data-to", int64(s.To))
	}
}

// closeSpans ends the drawn lanes and spans that the layout has closed.
func (t *timelineView) closeSpans() {
	for i, el := range t.open {
		if i < 0 {
			if l := &t.tl.Lanes[-1-i]; l.Ended || t.tl.Ended {
				setAttr(el.Value, "x2", px(t.x(l.End)))
				delete(t.open, i)
			}
			continue
		}
		if s := &t.tl.Spans[i]; !s.Open {
			t.closed(el, s)
			delete(t.open, i)
		}
	}
}

// labelChars is about how many characters of an arrow's label fit in a
// pixel, at the label's size.
const labelPx = 5.6

func (t *timelineView) drawArrows(budget int) int {
	tl := t.tl
	if t.nArrows == len(tl.Arrows) {
		return budget
	}
	frag := fragment()
	for ; t.nArrows < len(tl.Arrows) && budget > 0; t.nArrows++ {
		a := &tl.Arrows[t.nArrows]
		if a.From >= t.nLanes || a.To >= t.nLanes {
			break
		}
		x1, y1, x2, y2 := t.x(a.Sent), laneY(a.From), t.x(a.Received), laneY(a.To)
		line := svgElement("line", "arrow")
		setAttr(line.Value, "x1", px(x1))
		setAttr(line.Value, "y1", px(y1))
		setAttr(line.Value, "x2", px(x2))
		setAttr(line.Value, "y2", px(y2))
		setAttr(line.Value, "marker-end", jsName("url(#tl-head)"))
		setAttr(line.Value, "data-event", a.SendEvent)
		setAttr(line.Value, "data-recv", a.RecvEvent)
		setAttr(line.Value, "data-bytes", a.Label)
		setAttr(line.Value, "data-i", "a"+strconv.Itoa(t.nArrows))
		appendChild(frag.Value, line.Value)
		budget--
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
		budget--
	}
	appendChild(t.arrows.Value, frag.Value)
	return budget
}

func (t *timelineView) drawMarks(budget int) int {
	tl := t.tl
	if t.nMarks == len(tl.Marks) {
		return budget
	}
	frag := fragment()
	for ; t.nMarks < len(tl.Marks) && budget > 0; t.nMarks++ {
		m := &tl.Marks[t.nMarks]
		if m.Lane >= t.nLanes {
			break
		}
		x, y := t.x(m.At), laneY(m.Lane)
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
		setAttr(el.Value, "data-i", "m"+strconv.Itoa(t.nMarks))
		if m.Kind == runner.Output || m.Kind == runner.Panic {
			setAttr(el.Value, "tabindex", 0) // linked to a line of output
		}
		appendChild(frag.Value, el.Value)
		budget--
	}
	appendChild(t.marks.Value, frag.Value)
	return budget
}

// explain gives the element under the pointer or the focus, if it is one
// of the drawing's, a <title> saying what it shows: its tooltip and its
// accessible name. Built on demand, a title costs nothing until someone
// looks, however many marks there are.
func (t *timelineView) explain(el js.Value) {
	if el.Get("closest").IsUndefined() {
		return
	}
	el = el.Call("closest", "[data-i]")
	if el.IsNull() || !el.Call("querySelector", "title").IsNull() {
		return
	}
	id := el.Call("getAttribute", "data-i").String()
	i, err := strconv.Atoi(id[1:])
	if err != nil {
		return
	}
	s := t.describe(id[0], i)
	if s == "" {
		return
	}
	tt := svgElement("title", "")
	setText(tt.Value, s)
	el.Call("appendChild", tt.Value)
}

// describe says what item i of the layout's lanes (kind 'l'), spans
// ('s'), arrows ('a') or marks ('m') shows.
func (t *timelineView) describe(kind byte, i int) string {
	tl := t.tl
	lane := func(l int) string { return tl.Lanes[l].Name }
	switch {
	case kind == 'l' && i < len(tl.Lanes):
		l := &tl.Lanes[i]
		s := l.Name + ": started at " + page.Seconds(l.Start)
		if l.Parent != "" {
			s += " by " + l.Parent
		}
		if l.Ended {
			if l.Panicked {
				s += ", panicked at " + page.Seconds(l.End)
			} else {
				s += ", ended at " + page.Seconds(l.End)
			}
		}
		return s
	case kind == 's' && i < len(tl.Spans):
		sp := &tl.Spans[i]
		var what string
		switch sp.Kind {
		case timeline.Waiting:
			what = "waiting: " + sp.Text
		case timeline.Queued:
			what = "accepted (conn " + strconv.FormatUint(sp.Conn, 10) + "), in the waiting room"
		case timeline.Served:
			what = "being served by " + sp.Other
		case timeline.Serving:
			what = "serving " + sp.Other
		}
		s := page.Seconds(sp.From) + " " + lane(sp.Lane) + " " + what
		if !sp.Open {
			s += ", until " + page.Seconds(sp.To)
		}
		return s
	case kind == 'a' && i < len(tl.Arrows):
		a := &tl.Arrows[i]
		return page.Seconds(a.Sent) + " " + lane(a.From) + " → " + lane(a.To) + " (read at " + page.Seconds(a.Received) + "), " +
			strconv.Itoa(a.N) + " bytes: " + a.Label
	case kind == 'm' && i < len(tl.Marks):
		m := &tl.Marks[i]
		return page.Seconds(m.At) + " " + lane(m.Lane) + " " + m.Text
	}
	return ""
}

// drawAxis labels the time along the top, about every 100 px.
func (t *timelineView) drawAxis() {
	step := time.Microsecond
	for i := 0; float64(step)/t.nsPerPx < 90; i++ {
		if i%3 == 1 {
			step = step / 2 * 5 // 2 → 5
		} else {
			step *= 2 // 1 → 2, 5 → 10
		}
	}
	for at := time.Duration(0); float64(at)/t.nsPerPx <= t.width; at += step {
		tick := svgElement("text", "tick")
		setAttr(tick.Value, "x", px(t.x(at)))
		setAttr(tick.Value, "y", 12)
		setText(tick.Value, page.Seconds(at)[1:]+" s")
		t.axis.AppendChild(tick)
	}
}

// link highlights the mark and the output line of the event with index
// idx (a data-event value), and brings both into view.
func (t *timelineView) link(idx string) {
	for _, el := range t.lit {
		el.Get("classList").Call("remove", "lit")
	}
	t.lit = t.lit[:0]
	sel := `[data-event="` + idx + `"]`
	for _, root := range []*dom.BasicHTMLElement{t.box, t.out} {
		if root == nil {
			continue
		}
		el := root.Call("querySelector", sel)
		if el.IsNull() {
			continue
		}
		el.Get("classList").Call("add", "lit")
		el.Call("scrollIntoView", map[string]any{"block": "nearest", "inline": "nearest"})
		t.lit = append(t.lit, el)
	}
}

// showNote says what the timeline shows now and what it leaves out.
func (t *timelineView) showNote() {
	if t.note == nil {
		return
	}
	tl := t.tl
	var queued, served int
	for i := range t.open {
		if i >= 0 {
			switch tl.Spans[i].Kind {
			case timeline.Queued:
				queued++
			case timeline.Served:
				served++
			}
		}
	}
	msg := strconv.Itoa(len(tl.Lanes)) + " goroutines"
	if queued+served > 0 {
		msg += "; clients served now: " + strconv.Itoa(served) + ", waiting: " + strconv.Itoa(queued)
	}
	msg += "."
	if started, ended := tl.Hidden(); started > 0 {
		msg += " Only the first " + strconv.Itoa(timeline.MaxLanes) + " goroutines have lanes: " +
			strconv.Itoa(started) + " more started (" + strconv.Itoa(ended) + " of them ended) and are counted, not drawn."
	}
	if tl.Capped() {
		msg += " Past " + strconv.Itoa(timeline.MaxMarks) + " marks or " + strconv.Itoa(timeline.MaxArrows) +
			" messages, the rest are not drawn."
	}
	t.setNote(msg)
}

func (t *timelineView) setNote(msg string) {
	if t.note == nil || msg == t.noteMsg {
		return
	}
	t.noteMsg = msg
	if msg == "" {
		msg = "Run the program to see its goroutines here."
	}
	setText(t.note.Value, msg)
}
