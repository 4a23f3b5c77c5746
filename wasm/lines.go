//go:build js && wasm

package main

import (
	"encoding/binary"
	"strconv"
	"strings"
	"syscall/js"
	"unicode/utf8"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/runner"
)

// The output panel's lines are built in the page, a frame's worth with one
// call: the lines go as one byte string, and a function made once builds
// their elements with the DOM's own methods, a text as text. Built from
// Go, each line cost a dozen calls across syscall/js, each string argument
// a decode and a value with a finalizer: in a Chromium profile of the
// server's 10,000 clients, the page's main thread spent 12 % of its time
// registering those finalizers and 8 % more in valueGet.
//
// A line's element: its time and goroutine are attributes that the style
// sheet shows before the text, so the element's text is exactly the line.
// A line of output is a div of class "line" and its goroutine's colour,
// with data-goroutine; a panic, a note or the run's end whose text has
// more lines shows its first line in a <summary> and the rest folded away
// below it, in a <details>.

// lineBatch is a frame's lines in the builder's form: the numbers (shapes,
// lengths, attribute names) in nums, every string one after another in
// text. When text is all valid UTF-8 (whole), the page decodes it once and
// the lengths count UTF-16 units, JavaScript's; otherwise each string is
// decoded alone (the lengths count bytes), as syscall/js decodes a string,
// so that a line with bytes that are not UTF-8 reads as it always has.
type lineBatch struct {
	nums, text []byte
	whole      bool
	colours    map[string]string // ColourClass by goroutine, made once
}

// reset empties the batch.
func (lb *lineBatch) reset() {
	lb.nums, lb.text, lb.whole = lb.nums[:0], lb.text[:0], true
}

// add appends the entries, restarting in bytes' measure if a string is
// not UTF-8.
func (lb *lineBatch) add(entries []entry) {
	lb.reset()
	for _, e := range entries {
		if !lb.line(e) {
			lb.reset()
			lb.whole = false
			for _, e := range entries {
				lb.line(e)
			}
			return
		}
	}
}

// line appends one entry; it reports false if the batch is whole and one
// of the entry's strings is not UTF-8.
func (lb *lineBatch) line(e entry) bool {
	if e.build {
		var el []attr
		if file, line, col, ok := page.Place(e.text); ok {
			el = append(el, attr{attrFile, file}, attr{attrLine, strconv.Itoa(line)}, attr{attrCol, strconv.Itoa(col)}, attr{attrTabindex, "0"})
		}
		return lb.shape("build", e.text, "", false, append(el, attr{attrT, "build"}), nil)
	}
	var class, text string
	var who []attr // the outer element's attributes that come before the time
	plain := false
	switch e.kind {
	case runner.Output:
		class, text, plain = "line "+lb.colour(e.who), e.text, true
		who = []attr{{attrGoroutine, e.who}}
	case runner.Input:
		class, text, plain = "line input "+lb.colour(e.who), e.text, true
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
		return lb.shape(class, text, "", false, append(append(who, t), event...), nil)
	}
	return lb.shape(class, first, strings.TrimLeft(rest, "\n"), true, append(who, event...), []attr{t})
}

// colour returns page.ColourClass(who), made once per goroutine.
func (lb *lineBatch) colour(who string) string {
	c, ok := lb.colours[who]
	if !ok {
		if lb.colours == nil || len(lb.colours) > 4096 {
			lb.colours = map[string]string{}
		}
		c = page.ColourClass(who)
		lb.colours[who] = c
	}
	return c
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

// shape appends one line: a div of class holding text, or (folded) a
// details of class whose summary holds text and whose pre holds rest;
// el's attributes go on the outer element, head's on the summary. It
// reports false as line does.
func (lb *lineBatch) shape(class, text, rest string, folded bool, el, head []attr) bool {
	shape := uint64(0)
	if folded {
		shape = 1
	}
	lb.nums = binary.AppendUvarint(lb.nums, shape)
	ok := lb.str(class) && lb.str(text)
	if folded {
		ok = ok && lb.str(rest)
	}
	for _, list := range [][]attr{el, head} {
		lb.nums = binary.AppendUvarint(lb.nums, uint64(len(list)))
		for _, a := range list {
			lb.nums = binary.AppendUvarint(lb.nums, uint64(a.name))
			ok = ok && lb.str(a.value)
		}
	}
	return ok
}

// str appends one string and its length.
func (lb *lineBatch) str(s string) bool {
	n := len(s)
	if lb.whole {
		var ok bool
		if n, ok = utf16Len(s); !ok {
			return false
		}
	}
	lb.nums = binary.AppendUvarint(lb.nums, uint64(n))
	lb.text = append(lb.text, s...)
	return true
}

// utf16Len returns how many UTF-16 units JavaScript's string of s has,
// and whether s is valid UTF-8.
func utf16Len(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return 0, false
		}
		n++
		if r > 0xFFFF {
			n++ // a surrogate pair
		}
		i += size
	}
	return n, true
}

// lineBuilder builds the lines of a lineBatch in the page.
type lineBuilder struct {
	fn    js.Value // (box, nums, text, whole, remove, clear, first)
	batch lineBatch
}

// readOps is the JavaScript with which both builders (buildLines, and
// the timeline's buildSVG) begin to read what Go sent: nums, numbers as
// unsigned varints, read by num() from p on; text, the strings one after
// another, each measured by the number before it, read by str(). When
// whole, the text is decoded once and cut by those lengths (each builder's
// Go side says what they count then: see lineBatch and svgOps); otherwise
// each string is decoded alone, as syscall/js decodes one. Each builder
// has a TextDecoder dec.
const readOps = `	let p = 0, q = 0;
	const all = whole ? dec.decode(text) : "";
	const num = () => {
		let x = 0, m = 1, c;
		do { c = nums[p++]; x += (c & 127) * m; m *= 128; } while (c & 128);
		return x;
	};
	const str = () => {
		const n = num();
		const s = whole ? all.slice(q, q + n) : dec.decode(text.subarray(q, q + n));
		q += n;
		return s;
	};`

// buildLines is the builder's JavaScript.
const buildLines = `"use strict";
const dec = new TextDecoder("utf-8", {ignoreBOM: true});
const names = Array.from(attrNames);
let range = null;
return (box, nums, text, whole, remove, clear, first) => {
` + readOps + `
	const attrs = (el) => {
		for (let k = num(); k > 0; k--) {
			const name = names[num()];
			el.setAttribute(name, str());
		}
	};
	if (clear) {
		box.textContent = "";
	} else if (remove > 0) {
		range = range || document.createRange();
		range.setStart(box, 0);
		range.setEnd(box, remove);
		range.deleteContents();
	}
	const frag = document.createDocumentFragment();
	while (p < nums.length) {
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
	box.insertBefore(frag, first ? box.firstChild : null);
};`

func newLineBuilder() lineBuilder {
	// The names go as a JS array, not JSON: encoding/json would be the
	// only user of its 30 KB (gzip) in the view's binary.
	names := make([]any, len(attrNames))
	for i, n := range attrNames {
		names[i] = n
	}
	fn := js.Global().Get("Function").New("attrNames", buildLines).Invoke(names)
	return lineBuilder{fn: fn}
}

// lines appends the entries' elements to box, after removing its first
// remove children, or all of them if clear; if first, it puts them before
// box's children instead.
func (b *lineBuilder) lines(box js.Value, entries []entry, remove int, clear, first bool) {
	b.batch.add(entries)
	b.fn.Invoke(box, bytesToJS(b.batch.nums), bytesToJS(b.batch.text), b.batch.whole, remove, clear, first)
}
