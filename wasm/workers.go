//go:build js && wasm

package main

import (
	"syscall/js"
	"time"
)

// workers owns the view's engines: the active one, which runs the current
// program, and the spare, which waits for the next run so that Run starts
// at once. Each run gets a fresh worker, since a wasm memory never shrinks
// and runs must share nothing; a worker is retired when its run ends.
//
// When a spare starts is this type's one decision. Not at load, unless
// the page runs at once (app.js then starts the first worker with the
// view): an idle page, or an embed far down an article, holds no second
// Go runtime. The first spare is started on the reader's first gesture
// (see [workers.want]); the next run's spare once the page has drawn this
// run's first events (or the run has ended), so that a worker's start-up
// does not compete with the run's own, which is what the reader waits for.
// An embed that the article's embed.js says is far from its viewport lets
// its spare go and starts none ([workers.away]) until the reader is back.
// A spare whose Go runtime dies is replaced after a backoff, never in a
// tight loop.
type workers struct {
	h      workerHandler
	active *worker
	spare  *worker
	first  bool // app.js may hold a worker started with the page
	far    bool // an embed far from the article's viewport: no spare

	due     bool    // a spare is wanted once this frame is drawn
	deaths  int     // spares that died in a row
	notYet  float64 // now() before which no spare starts, after a death
	later   js.Func // starts the due spare, in a task of its own
	pending bool    // later is scheduled
}

func newWorkers(h workerHandler) *workers {
	p := &workers{h: h, first: true}
	p.later = js.FuncOf(func(js.Value, []js.Value) any {
		p.pending = false
		if p.due { // not if a run took over since: it will want one later
			p.due = false
			p.startSpare()
		}
		return nil
	})
	return p
}

// want says a spare is due: it is started after the frame being drawn.
func (p *workers) want() {
	if p.spare == nil && !p.far {
		p.due = true
	}
}

// away lets the spare go, and starts none until far is cleared: the page
// is an embed far from the reader. The active worker runs on; it is
// retired as usual when its run ends.
func (p *workers) away() {
	p.far = true
	p.due = false
	if p.spare != nil {
		p.spare.retire()
		p.spare = nil
	}
}

// afterFrame starts a due spare in a task of its own, so that what the
// reader waits for (this frame's lines) is on the page first.
func (p *workers) afterFrame() {
	if !p.due || p.pending {
		return
	}
	p.pending = true
	wait := max(0, p.notYet-now())
	js.Global().Call("setTimeout", p.later, wait)
}

func (p *workers) startSpare() {
	if p.spare == nil {
		p.spare = startWorker(p.first, p.h)
		p.first = false
	}
}

// take makes the spare (or, if there is none yet, a new worker) the
// active one and returns it.
func (p *workers) take() *worker {
	p.due = false // the run's first events make the next one due
	p.startSpare()
	p.active, p.spare = p.spare, nil
	return p.active
}

// takeWith starts a worker on a program built in the page, its compiled
// module, and makes it the active one. The spare, on engine.wasm, stays for
// the built-in programs.
func (p *workers) takeWith(module js.Value) *worker {
	w := &worker{}
	w.start(js.Global().Get("playground").Call("spawnWith", module), p.h)
	p.active = w
	return p.active
}

// retire ends the active worker, in a task of its own: terminating a
// worker that holds gigabytes (many's goroutines) can take the main thread
// a while, and the page is ready before that. Its messages are ignored
// from now on, as it is no longer the active one.
func (p *workers) retire() {
	w := p.active
	if w == nil {
		return
	}
	p.active = nil
	after(0, w.retire)
}

// spareDied replaces a spare whose Go runtime is gone, after a backoff
// that doubles with each death in a row, from 100 ms to 10 s.
func (p *workers) spareDied(w *worker) {
	if w != p.spare {
		return
	}
	w.retire()
	p.spare = nil
	p.deaths++
	backoff := min(100*time.Millisecond<<min(p.deaths-1, 7), 10*time.Second)
	p.notYet = now() + float64(backoff.Milliseconds())
	p.due = !p.far
}

// ran notes that a spare lived to run a program: the backoff starts over.
func (p *workers) ran() { p.deaths = 0 }
