//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
)

// listen wires the timeline to the reader: a click on a mark shows its
// line of output, a click on a line its mark, and keyboard focus on a mark
// does the same; the pointer or the focus on any drawn element gives it a
// tooltip.
func (t *timelineView) listen() {
	pick := func(ev *dom.BasicEvent) {
		el := ev.Get("target")
		if el.Get("closest").IsUndefined() {
			return
		}
		if hit := el.Call("closest", "[data-event]"); !hit.IsNull() {
			t.link(hit.Call("getAttribute", "data-event").String())
		}
	}
	listen(t.box.BasicNode, "click", pick)
	listen(t.box.BasicNode, "focusin", func(ev *dom.BasicEvent) {
		t.explain(ev.Get("target"))
		pick(ev)
	})
	listen(t.box.BasicNode, "mouseover", func(ev *dom.BasicEvent) { t.explain(ev.Get("target")) })
	if t.out != nil {
		listen(t.out.BasicNode, "click", pick)
	}
}

// explain gives the element under the pointer or the focus, if it is one
// of the drawing's, a <title> saying what it shows (page.Tip): its
// tooltip and its accessible name. Made on demand, a title costs nothing
// until someone looks, however many marks there are; it is made anew each
// time, since a span that was open when first looked at has ended since.
func (t *timelineView) explain(el js.Value) {
	if el.Get("closest").IsUndefined() {
		return
	}
	el = el.Call("closest", "[data-i]")
	if el.IsNull() {
		return
	}
	n := 1
	if v := el.Call("getAttribute", "data-n"); !v.IsNull() {
		n, _ = strconv.Atoi(v.String())
	}
	s := page.Tip(t.tl, el.Call("getAttribute", "data-i").String(), n)
	if s == "" {
		return
	}
	tt := el.Call("querySelector", "title")
	if tt.IsNull() {
		tt = svgElement("title", "").Value
		el.Call("appendChild", tt)
	}
	setText(tt, s)
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

// setNote writes the note above the timeline when its words change.
func (t *timelineView) setNote(msg string) {
	if t.note == nil || msg == t.noteMsg {
		return
	}
	t.noteMsg = msg
	if msg == "" {
		msg = page.TimelineIdle
	}
	setText(t.note.Value, msg)
}

// fillLegend writes the legend (page.Legend) into the timeline's
// .legend, if the page has one: a swatch in each key's classes, which
// style.css colours as the drawing, and its words.
func (t *timelineView) fillLegend() {
	box := document.Call("querySelector", "#timeline .legend")
	if box.IsNull() {
		return
	}
	frag := fragment()
	for _, k := range page.Legend() {
		item := create("span", "item")
		appendChild(item.Value, create("span", "key "+k.Class).Value)
		appendChild(item.Value, document.Call("createTextNode", k.Words))
		appendChild(frag.Value, item.Value)
	}
	appendChild(frag.Value, text("span", "hint", page.LegendHint).Value)
	setText(box, "")
	appendChild(box, frag.Value)
}
