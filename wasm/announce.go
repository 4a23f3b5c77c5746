//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
)

// announceEvery is the least time between two announcements: a program
// prints far faster than anyone can listen, and a live region that changes
// with every line makes a screen reader drop or queue all of them.
const announceEvery = time.Second

// announcer tells screen readers about new output through #announce, a
// polite live region, at most once per announceEvery: one line as itself,
// more as a summary ("12 new lines, last: …"). #output stays the full text
// to read at leisure.
type announcer struct {
	box   *dom.BasicHTMLElement // #announce, or nil
	lines int                   // heard since the last announcement
	last  string                // the latest of them
	at    float64               // now() at the last announcement
	timer js.Value              // the pending announcement, or undefined
	later js.Func
}

func newAnnouncer(box *dom.BasicHTMLElement) *announcer {
	a := &announcer{box: box, timer: js.Undefined(), at: -announceEvery.Seconds() * 1000}
	if box != nil {
		a.later = js.FuncOf(func(js.Value, []js.Value) any {
			a.timer = js.Undefined()
			a.due()
			return nil
		})
	}
	return a
}

// hear takes the lines the output panel was given since it last looked.
func (a *announcer) hear(o *output) {
	if a.box == nil || o.fresh == 0 {
		return
	}
	a.lines += o.fresh
	a.last = o.latest
	o.fresh, o.latest = 0, ""
	a.due()
}

// due announces what was heard if announceEvery has passed since the last
// announcement, or else makes sure a timer looks again when it has. The
// timer may find that a frame announced in the meantime: it looks again
// later rather than speak early.
func (a *announcer) due() {
	if a.lines == 0 {
		return
	}
	wait := announceEvery.Seconds()*1000 - (now() - a.at)
	switch {
	case wait <= 0:
		a.say()
	case a.timer.IsUndefined():
		a.timer = js.Global().Call("setTimeout", a.later, wait)
	}
}

// say announces what was heard.
func (a *announcer) say() {
	a.box.SetTextContent(page.Announcement(a.lines, a.last))
	a.lines, a.last = 0, ""
	a.at = now()
}
