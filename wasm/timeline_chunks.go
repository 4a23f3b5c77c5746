//go:build js && wasm

package main

// The lanes are drawn in chunks of chunkLanes, each an svg of its own in a
// div that the style sheet gives content-visibility: auto, so the browser
// styles and lays out only the chunks near the view: with a thousand lanes
// (the server's clients) a frame's cost follows the few dozen lanes in the
// box, not all of them. Each chunk's viewBox is its part of the whole
// drawing, so every element keeps the coordinates it would have in one
// svg. What goes from lane to lane (messages, wakes, a deadlock) and the
// axis are in the overlay, one svg over the chunks.

// chunkLanes is how many lanes a chunk holds.
const chunkLanes = 32

// chunk is one chunk's elements: its div, its svg and its groups.
type chunk struct {
	div, svg                            handle
	names, lanes, spans, reasons, marks handle
}

// chunkTop is the y at which chunk k starts: the first holds the axis's
// room too.
func chunkTop(k int) float64 {
	if k == 0 {
		return 0
	}
	return axisH + float64(k*chunkLanes)*laneH
}

// chunk returns the chunk of lane l, made (with those before it) if need
// be.
func (t *timelineView) chunk(l int) *chunk {
	for k := len(t.chunks); k <= l/chunkLanes; k++ {
		c := chunk{div: t.ops.el(tagDiv, "tl-chunk", hChunks)}
		c.svg = t.ops.el(tagSvg, "", c.div)
		t.ops.numAttr(c.svg, aWidth, t.right())
		body := t.ops.el(tagG, "", c.svg)
		t.ops.attr(body, aClipPath, "url(#tl-now)")
		// The names are cut at the gutter's edge: a long name
		// (examples.spawn.func1#12) is whole in its tooltip.
		c.names = t.ops.el(tagG, "names", body)
		t.ops.attr(c.names, aClipPath, "url(#tl-gutter)")
		c.lanes = t.ops.el(tagG, "lanes", body)
		c.spans = t.ops.el(tagG, "spans", body)
		c.reasons = t.ops.el(tagG, "reasons", body)
		c.marks = t.ops.el(tagG, "marks", body)
		t.chunks = append(t.chunks, c)
	}
	return &t.chunks[l/chunkLanes]
}

// grew sizes chunk k, which holds n lanes now: its svg shows its part of
// the drawing, and its div has the svg's size while the browser skips it.
func (t *timelineView) grew(k, n int) {
	c := &t.chunks[k]
	top, h := chunkTop(k), float64(n)*laneH
	if k == 0 {
		h += axisH
	}
	ws, hs := tenths(t.right()), tenths(h)
	t.ops.attr(c.svg, aHeight, hs)
	t.ops.attr(c.svg, aViewBox, "0 "+tenths(top)+" "+ws+" "+hs)
	t.ops.attr(c.div, aStyle, "width:"+ws+"px;height:"+hs+"px")
}
