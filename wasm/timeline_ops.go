//go:build js && wasm

package main

import (
	"encoding/binary"
	"math"
	"strconv"
	"syscall/js"
	"unicode/utf8"
)

// The timeline's elements are built as the output panel's lines are
// (lines.go): a frame's changes are written as operations into a byte
// buffer, and one call hands them to a function made once in the page,
// which runs them with the DOM's own methods. Built one syscall/js call at
// a time, an element cost half a dozen calls, each string argument a value
// with a finalizer: in P4's page run the view's collector and
// runtime.addspecial ran inside the frames.
//
// An element is known to Go by its handle, its index in the page's list of
// the drawing's elements: the fixed ones (the svg, the clip rectangle and
// the groups, see fixed) first, then those the operations made, in order.
// A reset forgets all but the fixed ones.

// handle is an element of the drawing, as the operations name it.
type handle int

// The fixed elements' handles, in the order newTimelineView gives them.
const (
	hSvg    handle = iota // the overlay
	hClip                 // the present's clip rectangle
	hAxis                 // the overlay's groups: the axis,
	hChunks               // (the container of the lanes' chunks)
	hArrows               // messages and wakes,
	hAlarm                // and a deadlock
	nFixed
)

// The operations.
const (
	opNew   = iota // tag, class, parent: a new element, the next handle
	opAttr         // handle, name, value
	opText         // handle, text
	opUnset        // handle, name: remove the attribute
	opReset        // forget all but the fixed elements, and empty the groups
)

// The tags the drawing makes, by their index in the builder's table.
const (
	tagText = iota
	tagLine
	tagRect
	tagPath
	tagCircle
	tagG
	tagSvg
	tagDiv // an HTML div, the only element not of SVG
)

var opTags = [...]string{"text", "line", "rect", "path", "circle", "g", "svg", "div"}

// The attributes the drawing sets, by their index in the builder's table.
const (
	aClass = iota
	aX
	aY
	aX1
	aX2
	aY1
	aY2
	aWidth
	aHeight
	aD
	aCx
	aCy
	aR
	aLane
	aI
	aN
	aReason
	aWhere
	aWho
	aTabindex
	aOn
	aConn
	aFrom
	aTo
	aClient
	aServer
	aMarkerEnd
	aEvent
	aRecv
	aBytes
	aClipPath
	aViewBox
	aStyle
)

var opAttrs = [...]string{"class", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "d", "cx", "cy", "r",
	"data-lane", "data-i", "data-n", "data-reason", "data-where", "data-who", "tabindex", "data-on", "data-conn",
	"data-from", "data-to", "data-client", "data-server", "marker-end", "data-event", "data-recv", "data-bytes",
	"clip-path", "viewBox", "style"}

// svgOps is a frame's operations: numbers (operations, handles, indexes,
// lengths) in nums, every string one after another in text, with its
// length in bytes. While text is all ASCII (ascii), the page decodes it
// once and cuts it by those lengths; otherwise it decodes each string
// alone, as syscall/js decodes a string.
type svgOps struct {
	fn         js.Value // the builder: (nums, text, whole), whole being ascii
	nums, text []byte
	ascii      bool
	next       handle // the handle the next new element gets
	// n counts the operations since the last flush.
	n int
}

// buildSVG is the builder's JavaScript.
const buildSVG = `"use strict";
const ns = "http://www.w3.org/2000/svg";
const dec = new TextDecoder("utf-8", {ignoreBOM: true});
const tags = Array.from(tagNames), names = Array.from(attrNames);
const els = Array.from(fixed);
const groups = els.slice(2); // the fixed elements but the overlay and the clip
return (nums, text, whole) => {
` + readOps + `
	while (p < nums.length) {
		switch (num()) {
		case 0: {
			const tag = tags[num()];
			const el = tag === "div" ? document.createElement(tag) : document.createElementNS(ns, tag);
			const cls = str();
			if (cls) el.setAttribute("class", cls);
			els[num()].appendChild(el);
			els.push(el);
			break;
		}
		case 1: {
			const el = els[num()];
			el.setAttribute(names[num()], str());
			break;
		}
		case 2: {
			const el = els[num()];
			el.textContent = str();
			break;
		}
		case 3: {
			const el = els[num()];
			el.removeAttribute(names[num()]);
			break;
		}
		case 4:
			els.length = fixed.length;
			for (const g of groups) g.textContent = "";
			break;
		}
	}
};`

// newSVGOps makes the builder of a drawing whose fixed elements are fixed,
// in the order of the handles hSvg... .
func newSVGOps(fixed []js.Value) *svgOps {
	tags := make([]any, len(opTags))
	for i, n := range opTags {
		tags[i] = n
	}
	names := make([]any, len(opAttrs))
	for i, n := range opAttrs {
		names[i] = n
	}
	els := make([]any, len(fixed))
	for i, e := range fixed {
		els[i] = e
	}
	fn := js.Global().Get("Function").New("tagNames", "attrNames", "fixed", buildSVG).Invoke(tags, names, els)
	return &svgOps{fn: fn, ascii: true, next: nFixed}
}

func (o *svgOps) num(n int) { o.nums = binary.AppendUvarint(o.nums, uint64(n)) }

func (o *svgOps) str(s string) {
	o.num(len(s))
	if o.ascii {
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				o.ascii = false
				break
			}
		}
	}
	o.text = append(o.text, s...)
}

// el makes an element of the tag (tagText...) and class ("" for none) at
// the end of parent's children.
func (o *svgOps) el(tag int, class string, parent handle) handle {
	o.num(opNew)
	o.num(tag)
	o.str(class)
	o.num(int(parent))
	o.n++
	h := o.next
	o.next++
	return h
}

// attr sets h's attribute (aClass...) to s.
func (o *svgOps) attr(h handle, name int, s string) {
	o.num(opAttr)
	o.num(int(h))
	o.num(name)
	o.str(s)
	o.n++
}

// numAttr sets h's attribute to the length f, rounded to a tenth of a
// pixel (as px rounds: callers need not) and written as JavaScript writes
// such a number: 12.5, 3, -0.5.
func (o *svgOps) numAttr(h handle, name int, f float64) {
	o.attr(h, name, tenths(f))
}

// tenths writes f rounded to a tenth as JavaScript writes that number
// (String(px(f))), for the drawing's lengths: strconv's shortest form
// took its slow path often enough to cost whole frames in P4's page run
// (217 ms of strconv.genericFtoa in one frame's profile).
func tenths(f float64) string {
	n := math.Round(f * 10)
	if n == 0 || math.IsNaN(n) || math.Abs(n) >= 1e15 {
		return strconv.FormatFloat(px(f)+0, 'f', -1, 64) // 0 (not -0), and what no lane reaches
	}
	i := int64(n)
	var b [24]byte
	w := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	if d := i % 10; d != 0 {
		w -= 2
		b[w], b[w+1] = '.', byte('0'+d)
	}
	i /= 10
	for {
		w--
		b[w] = byte('0' + i%10)
		if i /= 10; i == 0 {
			break
		}
	}
	if neg {
		w--
		b[w] = '-'
	}
	return string(b[w:])
}

// intAttr sets h's attribute to the integer i.
func (o *svgOps) intAttr(h handle, name int, i int) { o.attr(h, name, strconv.Itoa(i)) }

// setText replaces h's children with the text s.
func (o *svgOps) setText(h handle, s string) {
	o.num(opText)
	o.num(int(h))
	o.str(s)
	o.n++
}

// unset removes h's attribute.
func (o *svgOps) unset(h handle, name int) {
	o.num(opUnset)
	o.num(int(h))
	o.num(name)
	o.n++
}

// reset forgets every element made, and empties the groups.
func (o *svgOps) reset() {
	o.num(opReset)
	o.next = nFixed
	o.n++
}

// flush runs the operations in the page.
func (o *svgOps) flush() {
	if len(o.nums) == 0 {
		return
	}
	o.fn.Invoke(bytesToJS(o.nums), bytesToJS(o.text), o.ascii)
	o.nums, o.text, o.ascii, o.n = o.nums[:0], o.text[:0], true, 0
}
