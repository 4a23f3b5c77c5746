//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"
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

// A program can print far faster than anyone reads: the server with
// 10,000 clients prints 140,000 lines in seconds, hundreds a frame. A
// frame builds no more lines than the panel shows (rows, and half as many
// again), so its cost follows what is visible, not what streamed: while
// lines flood in, the panel holds only the newest screenful of each frame
// (a sample of the stream, and the note says so), and when the run ends
// (settle) it shows the last scrollback lines exactly. Lines that come
// slower than that are all drawn, and stay, up to scrollback.

// minRows is the fewest lines a frame builds when the panel's height says
// fewer (a panel not shown has none).
const minRows = 40

// output is the output panel. Lines wait in a queue and are drawn once per
// animation frame; only those that will stay are ever built.
type output struct {
	box     *dom.BasicHTMLElement // #output: the lines
	note    *dom.BasicHTMLElement // #hidden-lines: how many are not shown
	tail    []entry               // the latest lines of the run, at least scrollback of them
	queued  int                   // how many at the end of tail wait to be drawn
	total   int                   // lines of the run
	shown   int                   // lines in box
	older   int                   // lines of tail still to build once the run is over (settle)
	rebuild bool                  // the settling panel's first chunk replaces the lines shown (settle)
	gappy   bool                  // a frame skipped lines: box is a sample of the stream
	follow  bool
	scroll  listener
	fresh   int    // lines added since the announcer last heard them
	latest  string // the last of them
	rowPx   float64
	build   lineBuilder
}

func newOutput(box, note *dom.BasicHTMLElement) *output {
	o := &output{box: box, note: note, follow: true, build: newLineBuilder()}
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
	o.queued, o.total, o.shown, o.older, o.gappy, o.rebuild = 0, 0, 0, 0, false, false
	o.follow = true
	o.rowPx = 0 // the style may have changed (a narrow window, the embed's)
	o.showDropped()
}

// rows returns how many lines a frame builds: as many as the panel shows,
// and half as many again.
func (o *output) rows() int {
	if o.rowPx <= 0 {
		o.rowPx = 18 // .82rem at a line height of 1.4, if the style cannot say
		lh := js.Global().Call("getComputedStyle", o.box.Value).Get("lineHeight").String()
		if px, err := strconv.ParseFloat(strings.TrimSuffix(lh, "px"), 64); err == nil && px > 0 {
			o.rowPx = px
		}
	}
	return max(int(o.box.Get("clientHeight").Float()/o.rowPx)*3/2+1, minRows)
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

// draw writes the queued lines to the page, or while they flood in, the
// newest of them that fill the panel; it trims the panel to scrollback
// lines.
func (o *output) draw() {
	if o.queued == 0 {
		return
	}
	rows := o.rows()
	if o.queued <= rows {
		o.drawAtMost(scrollback)
		return
	}
	// A flood: the panel shows the newest screenful, unless the reader
	// has scrolled up to read, when it stays as it is until they come
	// back down.
	o.gappy = true
	if !o.follow {
		o.queued = min(o.queued, scrollback)
		o.showDropped()
		return
	}
	o.shown = 0
	o.queued = rows
	o.drawAtMost(rows)
}

// settle readies the panel to hold, once the run is over, the run's last
// scrollback lines with none skipped. A few queued lines are drawn at
// once. Otherwise nothing is built here: settle runs in the task that read
// the run's last events, a long one already, and building thousands of
// lines is a long frame (60-100 ms for 3,000). The frames that follow
// build them (more): the first the newest settleChunk, in place of the
// sample the flood left, the next ones a chunk each above them; until the
// panel is settled, settling reports true.
func (o *output) settle() {
	if !o.gappy && o.queued <= settleChunk {
		o.drawAtMost(scrollback)
		return
	}
	// Lines were skipped, or more are queued than a chunk: either way the
	// tail holds them.
	o.queued, o.older, o.rebuild = 0, min(len(o.tail), scrollback), true
}

// settleChunk is how many lines a frame builds while the panel settles: a
// tenth of a 60 Hz frame's time goes to each hundred.
const settleChunk = 250

// settling reports whether the panel is still being settled.
func (o *output) settling() bool { return o.older > 0 }

// more builds the next chunk of the lines the panel settles on: the
// newest first, in place of those shown, then the older ones above them.
// It reports whether the panel is settled.
func (o *output) more() bool {
	if o.rebuild {
		o.rebuild = false
		n := o.older
		o.shown, o.gappy = 0, false
		o.queued = min(n, settleChunk)
		o.drawAtMost(scrollback)
		o.older = n - o.shown
		return o.older == 0
	}
	k := min(o.older, settleChunk)
	end := len(o.tail) - o.shown
	o.build.lines(o.box.Value, o.tail[end-k:end], 0, false, true)
	o.shown += k
	o.older -= k
	o.pinEnd()
	o.showDropped()
	return o.older == 0
}

// drawAtMost draws the newest queued lines, at most limit of them, after
// the shown ones (or instead of them all, if o.shown is 0), keeping at
// most scrollback lines in the panel.
func (o *output) drawAtMost(limit int) {
	if o.queued == 0 {
		return
	}
	build := o.tail[len(o.tail)-o.queued:]
	if n := len(build) - limit; n > 0 {
		build = build[n:]
		o.gappy = o.gappy || limit < scrollback
	}
	clear := o.shown == 0
	remove := o.shown + len(build) - scrollback
	if remove >= o.shown {
		clear, remove = true, 0
		o.shown = 0
	} else if remove > 0 {
		o.shown -= remove
	} else {
		remove = 0
	}
	o.build.lines(o.box.Value, build, remove, clear, false)
	o.shown += len(build)
	o.queued = 0
	o.pinEnd()
	o.showDropped()
}

// pinEnd scrolls the panel to its end if it follows the tail. Reading its
// height lays out what changed; it comes before the note above the panel
// changes, so that only the panel, a layout boundary (style.css), is laid
// out then, and the page's grid once at the end of the frame.
func (o *output) pinEnd() {
	if o.follow {
		o.box.Set("scrollTop", o.box.Get("scrollHeight"))
	}
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
