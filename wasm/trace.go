//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/timeline"
)

// revokeAfter is how long a saved trace's object URL lives: long enough
// for the browser to read the file it names, then its bytes are freed.
const revokeAfter = 30 * time.Second

// traceButton is #trace: it saves the last run's Go execution trace (the
// bytes the engine sent, kept by the view) as a .trace file that go tool
// trace and gotraceui open, and #trace-note beside it says what the file
// holds. A page without it (embed.html: a sandboxed frame without
// allow-downloads could not save the file) has none.
type traceButton struct {
	btn   *dom.BasicHTMLElement
	note  *dom.BasicHTMLElement
	ready bool   // the button is enabled
	msg   string // the note's words
	// The run's Go execution trace, as the engine sent it.
	chunks []js.Value
	bytes  int
	cut    bool // past maxTrace: the rest was not kept
}

// keep keeps the next bytes of the run's trace, up to maxTrace.
func (b *traceButton) keep(chunk js.Value) {
	if b == nil {
		return
	}
	n := chunk.Get("length").Int()
	if b.bytes+n > maxTrace {
		b.cut = true
		return
	}
	b.chunks = append(b.chunks, chunk)
	b.bytes += n
}

// reset forgets the last run's trace.
func (b *traceButton) reset() {
	if b != nil {
		b.chunks, b.bytes, b.cut = nil, 0, false
	}
}

func newTraceButton(v *view) *traceButton {
	btn := byID(string(page.Trace))
	if btn == nil {
		return nil
	}
	b := &traceButton{btn: btn, note: byID("trace-note")}
	listen(btn.BasicNode, "click", func(*dom.BasicEvent) { b.save(v) })
	return b
}

// show enables the button once a run has ended with a trace (a trace is
// whole only then), and says what it holds.
func (b *traceButton) show(v *view) {
	if b == nil {
		return
	}
	var st timeline.States
	if v.tl != nil {
		st = v.tl.tl.States
	}
	ready := v.state.Ended() && b.bytes > 0
	msg := ""
	if ready {
		msg = page.TraceNote(v.ex.Name, st, b.bytes, !b.cut)
	}
	if ready != b.ready {
		b.ready = ready
		b.btn.Set("disabled", !ready)
	}
	if msg != b.msg && b.note != nil {
		b.msg = msg
		b.note.SetTextContent(msg)
	}
}

// save downloads the trace: a Blob of the chunks as they came, behind an
// object URL that a link with a download name opens, revoked revokeAfter
// later.
func (b *traceButton) save(v *view) {
	if !b.ready || len(b.chunks) == 0 {
		return
	}
	parts := js.Global().Get("Array").New(len(b.chunks))
	for i, c := range b.chunks {
		parts.SetIndex(i, c)
	}
	blob := js.Global().Get("Blob").New(parts, map[string]any{"type": "application/octet-stream"})
	urls := js.Global().Get("URL")
	url := urls.Call("createObjectURL", blob)
	a := create("a", "")
	a.SetAttribute("href", url.String())
	a.SetAttribute("download", page.TraceName(v.ex.Name))
	a.Call("click")
	after(revokeAfter.Milliseconds(), func() { urls.Call("revokeObjectURL", url) })
}
