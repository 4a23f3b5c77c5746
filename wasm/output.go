//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/runner"
)

// scrollback is how many lines the output panel keeps; the line above the
// panel says how many earlier ones are not shown. It bounds the page's
// memory and the cost of layout whatever a program prints.
const scrollback = 3000

// entry is one line to show: program output, a panic, a runner's note or
// the end of the run.
type entry struct {
	at   time.Duration
	kind runner.Kind
	who  string
	text string
	seq  int // 1 + the index of its event in the run (data-event); 0 for the page's own lines
	// state is how the run ended, on its End line.
	state page.State
	// build marks a line of a failed build's report, as go build prints it.
	build bool
}

// line is the entry's text as the panel shows it: an End line says the
// state the run ended in, then why.
func (e entry) line() string {
	if e.kind != runner.End {
		return e.text
	}
	if e.text == "" {
		return e.state.String()
	}
	return e.state.String() + ": " + e.text
}

// linesPerFrame is how many lines one frame builds while a run streams. A
// program can print far faster than anyone reads, and building thousands
// of lines a frame would hold the page for seconds; so a frame shows the
// newest linesPerFrame of its lines, the panel is a sample of the stream while
// it floods, and when the run ends (settle) it shows the last scrollback
// lines exactly.
const linesPerFrame = 300

// output is the output panel. Lines wait in a queue and are drawn once per
// animation frame; only those that will stay are ever built.
type output struct {
	box    *dom.BasicHTMLElement // #output: the lines
	note   *dom.BasicHTMLElement // #hidden-lines: how many are not shown
	tail   []entry               // the latest lines of the run, at least scrollback of them
	queued int                   // how many at the end of tail wait to be drawn
	total  int                   // lines of the run
	shown  int                   // lines in box
	gappy  bool                  // a frame skipped lines: box is a sample of the stream
	follow bool
	scroll listener
	fresh  int    // lines added since the announcer last heard them
	latest string // the last of them
}

func newOutput(box, note *dom.BasicHTMLElement) *output {
	o := &output{box: box, note: note, follow: true}
	// Follow the tail unless the reader has scrolled up.
	o.scroll = listen(box.BasicNode, "scroll", func(*dom.BasicEvent) {
		o.follow = box.Get("scrollTop").Float()+box.Get("clientHeight").Float() >= box.Get("scrollHeight").Float()-8
	})
	return o
}

// reset empties the panel for a new run.
func (o *output) reset() {
	empty(o.box)
	o.tail = o.tail[:0]
	o.queued, o.total, o.shown, o.gappy = 0, 0, 0, false
	o.follow = true
	o.showDropped()
}

// add queues a line. The run's lines are kept in tail, which never holds
// more than two panels' worth: lines that could not survive the next frame
// are dropped now.
func (o *output) add(e entry) {
	if len(o.tail) >= 2*scrollback {
		o.tail = append(o.tail[:0], o.tail[len(o.tail)-scrollback:]...)
	}
	o.tail = append(o.tail, e)
	o.queued = min(o.queued+1, len(o.tail))
	o.total++
	o.fresh++
	o.latest = e.line()
}

// draw writes the newest linesPerFrame of the queued lines to the page,
// trimming the panel to scrollback lines.
func (o *output) draw() { o.drawAtMost(linesPerFrame) }

// settle draws what is queued once the run is over: the panel then holds
// the run's last scrollback lines, with none skipped.
func (o *output) settle() {
	if !o.gappy {
		o.drawAtMost(scrollback)
		return
	}
	empty(o.box)
	o.shown = 0
	o.queued = min(len(o.tail), scrollback)
	o.gappy = false
	o.drawAtMost(scrollback)
}

func (o *output) drawAtMost(limit int) {
	if o.queued == 0 {
		return
	}
	build := o.tail[len(o.tail)-o.queued:]
	if n := len(build) - limit; n > 0 {
		build = build[n:]
		o.gappy = o.gappy || limit < scrollback
	}
	if remove := o.shown + len(build) - scrollback; remove >= o.shown {
		empty(o.box)
		o.shown = 0
	} else if remove > 0 {
		removeFirst(o.box, remove)
		o.shown -= remove
	}
	frag := fragment()
	for _, e := range build {
		appendChild(frag.Value, o.node(e).Value)
	}
	appendChild(o.box.Value, frag.Value)
	o.shown += len(build)
	o.queued = 0
	o.showDropped()
	if o.follow {
		o.box.Set("scrollTop", o.box.Get("scrollHeight"))
	}
}

// removeFirst removes the first n children of e, in one range operation
// rather than n calls.
func removeFirst(e *dom.BasicHTMLElement, n int) {
	r := document.Call("createRange")
	r.Call("setStart", e.Value, 0)
	r.Call("setEnd", e.Value, n)
	r.Call("deleteContents")
}

func (o *output) showDropped() {
	dropped := o.total - o.shown
	switch {
	case dropped == 0:
		o.note.Set("hidden", true)
		return
	case o.gappy:
		o.note.SetTextContent(strconv.Itoa(dropped) + " lines not shown: they come faster than a screen can show " +
			"them, so the panel shows some of each moment; the last " + strconv.Itoa(scrollback) +
			" will show when the run ends.")
	default:
		o.note.SetTextContent(strconv.Itoa(dropped) + " earlier lines not shown: the panel keeps the last " +
			strconv.Itoa(scrollback) + ".")
	}
	o.note.Set("hidden", false)
}

// node builds the element of one line. Its time and goroutine are
// attributes that the style sheet shows before the text, so the element's
// text is exactly the line.
func (o *output) node(e entry) *dom.BasicHTMLElement {
	var el, head *dom.BasicHTMLElement
	switch {
	case e.build:
		el = text("div", "build", e.text)
		head = el
		if file, line, col, ok := page.Place(e.text); ok {
			setAttr(el.Value, "data-file", file)
			setAttr(el.Value, "data-line", line)
			setAttr(el.Value, "data-col", col)
			setAttr(el.Value, "tabindex", 0)
		}
		setAttr(head.Value, "data-t", "build")
		return el
	}
	switch e.kind {
	case runner.Output:
		el = text("div", "line "+page.ColourClass(e.who), e.text)
		head = el
		setAttr(el.Value, "data-goroutine", e.who)
	case runner.Input:
		el = text("div", "line input "+page.ColourClass(e.who), e.text)
		head = el
		setAttr(el.Value, "data-goroutine", e.who)
		setAttr(el.Value, "data-input", "")
	case runner.Panic:
		el, head = collapsible("panic", e.text)
		setAttr(el.Value, "data-goroutine", e.who)
	case runner.End:
		el, head = collapsible("end "+e.state.String(), e.line())
	default:
		el, head = collapsible("note", e.text)
	}
	setAttr(head.Value, "data-t", page.Seconds(e.at))
	if e.seq > 0 {
		setAttr(el.Value, "data-event", e.seq-1)
	}
	return el
}

// collapsible shows s's first line, with the rest (a stack, say) folded
// away below it. It returns the element and the one holding the first line.
func collapsible(class, s string) (el, head *dom.BasicHTMLElement) {
	first, rest, more := strings.Cut(s, "\n")
	if !more {
		el = text("div", class, s)
		return el, el
	}
	el = create("details", class)
	head = text("summary", "", first)
	appendChild(el.Value, head.Value)
	appendChild(el.Value, text("pre", "", strings.TrimLeft(rest, "\n")).Value)
	return el, head
}
