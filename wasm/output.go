//go:build js && wasm

package main

import (
	"encoding/binary"
	"encoding/json"
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
	rowPx  float64
	build  lineBuilder
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
	o.queued, o.total, o.shown, o.gappy = 0, 0, 0, false
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

// settle draws what is queued once the run is over: the panel then holds
// the run's last scrollback lines, with none skipped.
func (o *output) settle() {
	if !o.gappy {
		o.drawAtMost(scrollback)
		return
	}
	o.shown = 0
	o.queued = min(len(o.tail), scrollback)
	o.gappy = false
	o.drawAtMost(scrollback)
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
	o.build.lines(o.box.Value, build, remove, clear)
	o.shown += len(build)
	o.queued = 0
	o.showDropped()
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

// A line's element: its time and goroutine are attributes that the style
// sheet shows before the text, so the element's text is exactly the line.
// A line of output is a div of class "line" and its goroutine's colour,
// with data-goroutine; a panic, a note or the run's end whose text has
// more lines shows its first line in a <summary> and the rest folded away
// below it, in a <details>. appendLine writes it for the lineBuilder.
func appendLine(b []byte, e entry) []byte {
	if e.build {
		var el []attr
		if file, line, col, ok := page.Place(e.text); ok {
			el = append(el, attr{attrFile, file}, attr{attrLine, strconv.Itoa(line)}, attr{attrCol, strconv.Itoa(col)}, attr{attrTabindex, "0"})
		}
		return appendShape(b, "build", e.text, "", false, append(el, attr{attrT, "build"}), nil)
	}
	var class, text string
	var who []attr // the outer element's attributes that come before the time
	plain := false
	switch e.kind {
	case runner.Output:
		class, text, plain = "line "+page.ColourClass(e.who), e.text, true
		who = []attr{{attrGoroutine, e.who}}
	case runner.Input:
		class, text, plain = "line input "+page.ColourClass(e.who), e.text, true
		who = []attr{{attrGoroutine, e.who}, {attrInput, ""}}
	case runner.Panic:
		class, text = "panic", e.text
		who = []attr{{attrGoroutine, e.who}}
	case runner.End:
		class, text = "end "+e.state.String(), e.line()
	default:
		class, text = "note", e.text
	}
	t := attr{attrT, page.Seconds(e.at)}
	var event []attr
	if e.seq > 0 {
		event = []attr{{attrEvent, strconv.Itoa(e.seq - 1)}}
	}
	first, rest, more := strings.Cut(text, "\n")
	if plain || !more {
		return appendShape(b, class, text, "", false, append(append(who, t), event...), nil)
	}
	return appendShape(b, class, first, strings.TrimLeft(rest, "\n"), true, append(who, event...), []attr{t})
}

// attr is an attribute of a line's element: a name of attrNames, and its
// value.
type attr struct {
	name  int
	value string
}

// The attribute names a line can have, by their index in the builder's
// table (attrNames).
const (
	attrGoroutine = iota
	attrT
	attrEvent
	attrInput
	attrFile
	attrLine
	attrCol
	attrTabindex
)

var attrNames = [...]string{"data-goroutine", "data-t", "data-event", "data-input", "data-file", "data-line", "data-col", "tabindex"}

// appendShape writes one line for the builder: a div of class holding
// text, or (folded) a details of class whose summary holds text and whose
// pre holds rest; el's attributes go on the outer element, head's on the
// summary.
func appendShape(b []byte, class, text, rest string, folded bool, el, head []attr) []byte {
	shape := uint64(0)
	if folded {
		shape = 1
	}
	b = binary.AppendUvarint(b, shape)
	b = appendString(b, class)
	b = appendString(b, text)
	if folded {
		b = appendString(b, rest)
	}
	for _, list := range [][]attr{el, head} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, a := range list {
			b = binary.AppendUvarint(b, uint64(a.name))
			b = appendString(b, a.value)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// lineBuilder builds a frame's lines in the page with one call: the lines
// go as one byte string (appendLine's), and a function made once builds
// their elements with the DOM's own methods, a text as text. Built from
// Go, each line cost a dozen calls across syscall/js, each string argument
// a decode and a value with a finalizer: in a Chromium profile of the
// server's 10,000 clients, the page's main thread spent 12 % of its time
// registering those finalizers and 8 % more in valueGet.
type lineBuilder struct {
	fn  js.Value // (box, bytes, remove, clear)
	buf []byte
}

// buildLines is the builder's JavaScript: it decodes each string with the
// same TextDecoder rules syscall/js uses, so a line reads as it did.
const buildLines = `"use strict";
const dec = new TextDecoder();
const names = JSON.parse(namesJSON);
const range = document.createRange();
return (box, b, remove, clear) => {
	let p = 0;
	const num = () => {
		let x = 0, m = 1, c;
		do { c = b[p++]; x += (c & 127) * m; m *= 128; } while (c & 128);
		return x;
	};
	const str = () => {
		const n = num();
		const s = dec.decode(b.subarray(p, p + n));
		p += n;
		return s;
	};
	const attrs = (el) => {
		for (let k = num(); k > 0; k--) {
			const name = names[num()];
			el.setAttribute(name, str());
		}
	};
	if (clear) {
		box.textContent = "";
	} else if (remove > 0) {
		range.setStart(box, 0);
		range.setEnd(box, remove);
		range.deleteContents();
	}
	const frag = document.createDocumentFragment();
	while (p < b.length) {
		const folded = num() === 1;
		const cls = str();
		let el, head;
		if (!folded) {
			el = head = document.createElement("div");
			if (cls) el.className = cls;
			el.textContent = str();
		} else {
			el = document.createElement("details");
			if (cls) el.className = cls;
			head = document.createElement("summary");
			head.textContent = str();
			const pre = document.createElement("pre");
			pre.textContent = str();
			el.appendChild(head);
			el.appendChild(pre);
		}
		attrs(el);
		attrs(head);
		frag.appendChild(el);
	}
	box.appendChild(frag);
};`

func newLineBuilder() lineBuilder {
	names, _ := json.Marshal(attrNames)
	fn := js.Global().Get("Function").New("namesJSON", buildLines).Invoke(string(names))
	return lineBuilder{fn: fn}
}

// lines appends the entries' elements to box, after removing its first
// remove children, or all of them if clear.
func (lb *lineBuilder) lines(box js.Value, entries []entry, remove int, clear bool) {
	lb.buf = lb.buf[:0]
	for _, e := range entries {
		lb.buf = appendLine(lb.buf, e)
	}
	arr := uint8Array.New(len(lb.buf))
	js.CopyBytesToJS(arr, lb.buf)
	lb.fn.Invoke(box, arr, remove, clear)
}

var uint8Array = js.Global().Get("Uint8Array")
