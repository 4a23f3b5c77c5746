//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/protocol"
	"github.com/goroutine-playground/playground/internal/runner"
)

// stopWait is how long Stop waits for a run to end by itself before it
// terminates the run's worker. With the fresh worker that replaces it
// already warm, the page is ready again well within 200 ms.
const stopWait = 50 * time.Millisecond

// view is the page. Its methods run only in callbacks from the browser
// (events, worker messages, frames, timers), one at a time, so it needs
// no locks.
type view struct {
	root    *dom.BasicHTMLElement // #playground, whose data-state is the contract
	message *dom.BasicHTMLElement // #message, role=alert
	runBtn  *dom.BasicHTMLElement
	stopBtn *dom.BasicHTMLElement
	program *programPanel
	knobs   *knobForm
	gc      *collector // when the view's Go runtime collects
	out     *output
	status  *status
	count   page.Counters
	// announce tells screen readers about new output, throttled.
	announce *announcer
	tl       *timelineView // nil when the page has no timeline
	traceBtn *traceButton  // #trace; nil when the page has none
	input    *inputPanel
	edit     editing
	tools    toolchain
	buildBar *buildPanel
	last     built  // the program last built in the page
	building uint32 // the request of the build under way

	// buildTimer stops a build that takes longer than buildLimit.
	buildTimer   js.Value
	buildTimeout js.Func

	ex     examples.Example
	values runner.Values
	script []string // the address's scripted input lines
	state  page.State

	workers   *workers
	gesture   []listener // armed until the reader's first gesture (see armGesture)
	started   float64    // performance.now() when the run started
	elapsed   time.Duration
	stopTimer js.Value // the pending stop timeout, or undefined
	stopping  bool     // Stop was pressed: the run's batches are dropped unread, but its end
	// unread holds the active run's events not read yet (see read), and
	// unreadEnd says whether they end with the run's last message;
	// reading is the task that reads on.
	unread    []byte
	unreadEnd bool
	reading   *pending

	frame        js.Func
	frameWanted  bool
	stopTimeout  js.Func
	windowObject js.Value
}

// runView builds the page from the fragment of its address, and runs the
// program at once when the fragment says autorun=1.
func runView() {
	bindCalls()
	v := &view{
		root:         byID("playground"),
		message:      byID("message"),
		runBtn:       byID("run"),
		stopBtn:      byID("stop"),
		program:      newProgramPanel(),
		knobs:        &knobForm{box: byID("knobs")},
		out:          newOutput(byID("output"), byID("hidden-lines")),
		status:       newStatus(byID("status")),
		announce:     newAnnouncer(byID("announce")),
		windowObject: js.Global(),
		stopTimer:    js.Undefined(),
	}
	v.count.Reset()
	v.gc = newCollector()
	v.tl = newTimelineView(v.out.box)
	v.traceBtn = newTraceButton(v)
	v.workers = newWorkers(v)
	v.input = newInputPanel(v)
	v.buildBar = newBuildPanel()
	v.tools.fault = v.toolchainFailed
	v.buildTimeout = js.FuncOf(func(js.Value, []js.Value) any {
		if v.state == page.Building {
			v.dropBuild()
			v.finish(page.Failed, v.sinceStart(), "the build took longer than "+buildLimit.String()+
				" (a huge constant or generic instantiation?), so the page stopped it; the code is as you left it.")
		}
		return nil
	})
	v.frame = js.FuncOf(func(js.Value, []js.Value) any {
		v.frameWanted = false
		v.draw()
		v.workers.afterFrame()
		// A run that is over and drawn (its panel settled, its timeline
		// complete) lets the collector run: a pass takes 40-70 ms, a
		// frame missed, so it waits for the page to be idle, and the
		// frames that finish drawing a run are not, however they look.
		if !v.frameWanted && v.state != page.Running {
			v.gc.run(false)
		}
		return nil
	})
	v.reading = newPending(func() {
		if len(v.unread) > 0 && v.state == page.Running {
			v.read(readMs)
		}
	})
	v.stopTimeout = js.FuncOf(func(js.Value, []js.Value) any {
		v.stopTimer = js.Undefined()
		v.forceStop()
		return nil
	})
	v.listen()
	v.listenShare()
	v.listenEditing()
	pg := js.Global().Get("playground")
	pg.Set("onNear", js.FuncOf(func(_ js.Value, args []js.Value) any {
		v.near(args[0].Truthy())
		return nil
	}))
	if !pg.Get("near").Truthy() {
		v.near(false)
	}

	addr, err := page.ParseAddress(location().Get("hash").String())
	v.alert(err)
	v.show(addr)
	v.setState(page.Ready)
	if addr.Autorun {
		v.run()
		return
	}
	v.armGesture()
}

// armGesture starts the first spare on the reader's first gesture towards
// the page, not at load (an idle page holds no second Go runtime), and
// again after the page has been far away (see near). Pointermove counts:
// a pointer that was over the page when it scrolled away is still over it,
// to the browser, when it scrolls back, so no pointerover comes. A gesture
// says the page is in front of the reader, whatever the article's last
// word on it: the word that it is near may come a moment after the pointer.
func (v *view) armGesture() {
	if v.gesture != nil {
		return
	}
	for _, typ := range []string{"pointerover", "pointermove", "focusin", "keydown", "touchstart"} {
		v.gesture = append(v.gesture, listen(v.root.BasicNode, typ, func(*dom.BasicEvent) {
			for _, l := range v.gesture {
				l.remove()
			}
			v.gesture = nil
			v.workers.far = false
			v.workers.want()
			v.wantFrame()
		}))
	}
}

// near takes the news, from the article's embed.js, that this embed has
// come near its viewport or gone far from it. Far away its spare worker is
// let go (an article's embeds share a renderer process and its room for
// wasm memories) and none is started until the reader reaches for it
// again; a run in progress goes on.
func (v *view) near(near bool) {
	if near {
		v.workers.far = false
		return
	}
	v.workers.away()
	v.armGesture()
}

func location() js.Value { return js.Global().Get("location") }

// listen registers the page's handlers. They live as long as the page.
func (v *view) listen() {
	listen(byID("controls").BasicNode, "submit", func(ev *dom.BasicEvent) {
		ev.PreventDefault()
		v.run()
	})
	if v.runBtn.GetAttribute("type") == "button" {
		// A sandboxed frame without allow-forms (embed.html) never submits
		// a form, so there Run is a plain button.
		listen(v.runBtn.BasicNode, "click", func(*dom.BasicEvent) { v.run() })
	}
	listen(v.stopBtn.BasicNode, "click", func(*dom.BasicEvent) { v.stop() })
	if v.knobs.box != nil {
		listen(v.knobs.box.BasicNode, "change", func(*dom.BasicEvent) { v.knobsChanged() })
	}
	listen(&dom.BasicNode{Value: document}, "keydown", func(ev *dom.BasicEvent) {
		k := &dom.KeyboardEvent{BasicEvent: ev}
		switch {
		case k.Key() == "Enter" && (k.CtrlKey() || k.MetaKey()):
			ev.PreventDefault()
			v.run()
		case k.Key() == "Escape" && v.state.Busy():
			ev.PreventDefault()
			v.stop()
		}
	})
	if v.program.list != nil {
		listen(v.program.list.BasicNode, "click", func(ev *dom.BasicEvent) {
			a := element(ev.Get("target")).Call("closest", "a[data-example]")
			if a.IsNull() || !plainClick(ev) {
				return // let the browser open it in a new tab, say
			}
			ev.PreventDefault()
			if ex, ok := examples.Lookup(a.Call("getAttribute", "data-example").String()); ok {
				v.alert(nil)
				v.leave()
				v.selectProgram(ex, page.Carry(ex, v.ex, v.values))
				v.saveFragment()
			}
		})
	}
	// An address edited by hand, or history: show what it says.
	listen(&dom.BasicNode{Value: js.Global()}, "hashchange", func(*dom.BasicEvent) {
		addr, err := page.ParseAddress(location().Get("hash").String())
		v.alert(err)
		v.show(addr)
	})
}

// plainClick reports whether a click is a plain left click, which the
// page handles, rather than one that opens a link elsewhere.
func plainClick(ev *dom.BasicEvent) bool {
	m := &dom.MouseEvent{UIEvent: &dom.UIEvent{BasicEvent: ev}}
	return m.Button() == 0 && !m.CtrlKey() && !m.MetaKey() && !m.ShiftKey() && !m.AltKey()
}

// show shows what an address holds: a program, its knobs, its edited code
// and its scripted input.
func (v *view) show(addr page.Address) {
	if addr.Edited {
		v.edit.edits[addr.Example.Name] = addr.Code
	}
	v.selectProgram(addr.Example, addr.Values)
	v.script = addr.Input
}

// selectProgram shows ex with its knobs set to values. A run in progress
// is stopped: its output would no longer match the source beside it.
func (v *view) selectProgram(ex examples.Example, values runner.Values) {
	if v.state == page.Running {
		v.finish(page.Stopped, v.sinceStart(), "another program was selected.")
	}
	v.ex, v.values = ex, values
	v.script = nil
	v.input.show(ex.Input)
	v.program.show(ex)
	if v.edit.ed != nil {
		v.loadSource()
	}
	v.knobs.show(ex.Knobs, values)
	js.Global().Get("document").Set("title", ex.Title+" — Goroutine Playground")
	v.showStatus()
}

func (v *view) knobsChanged() {
	values, err := v.knobs.read(v.values)
	v.alert(err)
	v.values = values
	v.saveFragment()
	v.showStatus()
}

// saveFragment puts the program and knobs in the address, in place.
func (v *view) saveFragment() {
	js.Global().Get("history").Call("replaceState", nil, "", v.address().Fragment())
}

// address is what the page shows, as its address holds it.
func (v *view) address() page.Address {
	a := page.Address{Example: v.ex, Values: v.values, Input: v.script}
	if v.edit.edited || v.ex.Name == "" {
		a.Edited, a.Code = true, v.source()
	}
	return a
}

// alert shows err in #message, or hides it when err is nil.
func (v *view) alert(err error) {
	if v.message == nil {
		return
	}
	if err == nil {
		v.message.Set("hidden", true)
		v.message.SetTextContent("")
		return
	}
	v.message.SetTextContent(err.Error())
	v.message.Set("hidden", false)
}

// setState sets #playground's data-state and what the buttons allow.
func (v *view) setState(s page.State) {
	v.state = s
	if s == page.Running {
		v.gc.run(true) // and false once the run is drawn (frame)
	}
	if !v.out.settling() {
		v.root.SetAttribute("data-state", s.String())
	}
	v.runBtn.Set("disabled", s == page.Loading || s.Busy())
	v.stopBtn.Set("disabled", !s.Busy())
	v.showStatus()
}

func (v *view) showStatus() {
	if v.state == page.Running {
		v.elapsed = v.sinceStart()
	}
	v.status.show(v.state, v.elapsed, &v.count, v.values[runner.TimeScale.Name])
}

// now is performance.now(). The object is looked up once: each lookup
// made a js.Value with a finalizer, and the timeline's budget asks the
// time every few elements.
func now() float64 { return performance.Call("now").Float() }

var performance = js.Global().Get("performance")

// wantFrame asks for a call to draw at the next animation frame.
func (v *view) wantFrame() {
	if !v.frameWanted {
		v.frameWanted = true
		v.windowObject.Call("requestAnimationFrame", v.frame)
	}
}

// draw is the one place the output and status reach the page.
func (v *view) draw() {
	v.out.draw()
	if v.out.settling() {
		if v.out.more() {
			// The run's end is said once its lines are all in #output
			// (finish).
			v.root.SetAttribute("data-state", v.state.String())
		} else {
			v.wantFrame()
		}
	}
	v.announce.hear(v.out)
	v.showStatus()
	v.traceBtn.show(v)
	if v.tl.draw(v.sinceStart(), v.state == page.Running) || v.state == page.Running {
		v.wantFrame() // keep the clock going, or finish drawing the timeline
	}
}

// run starts the selected program in the spare worker.
func (v *view) run() {
	if v.state == page.Loading || v.state.Busy() {
		return
	}
	values, err := v.knobs.read(v.values)
	v.alert(err)
	if err != nil {
		return
	}
	v.values = values
	v.saveFragment()
	if v.needsBuild() {
		v.build(values)
		return
	}

	// The next spare is started after the page has drawn this run's first
	// events (see workers), not now: a worker's start-up (its scripts, a
	// Go runtime) would take the cores this run needs to start, and on a
	// cold load with autorun=1 that start is what the reader waits for.
	w := v.workers.take()
	v.clearRun()
	w.postBytes(protocol.Run, runner.AppendRequest(nil, runner.Request{Program: v.ex.Name, Values: values}))
	v.input.started(v.script)
	v.setState(page.Running)
	v.wantFrame()
}

// stop asks the run to end, and gives it stopWait to do so; an engine that
// is busy (silent for silentFor) could not even read the request, so its
// worker is ended at once.
func (v *view) stop() {
	if v.state == page.Building {
		// The compiler holds the toolchain worker's thread: ending the
		// worker is the only way to stop it. The next build starts afresh.
		v.dropBuild()
		v.finish(page.Stopped, v.sinceStart(), "the build was stopped; the next Run starts Go's toolchain afresh.")
		return
	}
	if v.state != page.Running || !v.stopTimer.IsUndefined() {
		return
	}
	if busy, quiet := v.workers.active.busy(); busy {
		v.stopping = true
		v.finish(page.Stopped, v.sinceStart(), "The run did not end when asked: its engine had not paused for "+
			strconv.Itoa(int(quiet.Milliseconds()))+" ms (a goroutine that never blocks, like spin's spinner, keeps the engine's "+
			"only thread), so the page ended its worker.")
		return
	}
	// From now on the run's event batches are dropped unread, so that a
	// run that floods the page (many's million goroutines) cannot delay
	// the stop timer behind its messages; the end message says how it
	// ended.
	v.stopping = true
	v.workers.active.post(map[string]any{protocol.Stop: true})
	v.stopTimer = v.windowObject.Call("setTimeout", v.stopTimeout, stopWait.Milliseconds())
}

// forceStop ends a run that did not end when asked.
func (v *view) forceStop() {
	if v.state != page.Running {
		return
	}
	v.finish(page.Stopped, v.sinceStart(), "The run did not end within "+stopWait.String()+" of Stop (a goroutine "+
		"that never blocks, like spin's spinner, keeps the engine's only thread; a busy computer can delay "+
		"the engine's answer too), so the page ended its worker.")
}

// finish ends the run in the state after elapsed, with a last line saying
// why unless why is "". The run's worker is retired either way.
func (v *view) finish(state page.State, elapsed time.Duration, why string) {
	if !v.stopTimer.IsUndefined() {
		v.windowObject.Call("clearTimeout", v.stopTimer)
		v.stopTimer = js.Undefined()
	}
	v.workers.retire()
	v.input.ended()
	if why != "" {
		v.out.add(entry{at: elapsed, kind: runner.End, state: state, text: why})
	}
	v.elapsed = elapsed
	// The run's last lines are in #output before data-state says it is
	// over, so whoever watches the state reads the whole output: when
	// the panel settles over a few frames (a flood's last 3,000 lines),
	// the page is in its end state at once (Run works, Stop does not)
	// but data-state says so only once the lines are all there (draw).
	v.out.settle()
	v.setState(state)
	// None was started during the run if it ended, or was stopped, before
	// its first events were drawn.
	v.workers.want()
	v.wantFrame()
}

// sinceStart is the time since the run started, by the page's clock.
func (v *view) sinceStart() time.Duration {
	return time.Duration((now() - v.started) * float64(time.Millisecond))
}

// readMs bounds the time one task spends reading events: a batch of the
// server's 10,000 clients took up to 86 ms to read (the view's collector
// marking in it), a frame missed. What is left waits in unread for the
// next task, so the browser can draw a frame in between.
const readMs = 6

// events takes a batch of the active run's events; end says it is the
// last. They are read in order, readMs at a time (see read).
func (v *view) events(w *worker, b []byte, end bool) {
	if w != v.workers.active || (v.stopping && !end) {
		return
	}
	v.workers.ran()
	v.workers.want()
	if len(v.unread) == 0 {
		v.unread = b
	} else {
		v.unread = append(v.unread, b...)
	}
	v.unreadEnd = end
	v.read(readMs)
}

// read reads the unread events until they are all read or ms milliseconds
// have passed (no limit if ms is 0); the rest is read in a task scheduled
// for it.
func (v *view) read(ms float64) {
	if v.stopping && !v.unreadEnd {
		v.unread = nil // Stop was pressed: the rest is dropped unread
		return
	}
	b := v.unread
	until := now() + ms
	for n := 1; len(b) > 0; n++ {
		if ms > 0 && n%64 == 0 && now() > until {
			v.unread = b
			v.reading.schedule(0)
			v.wantFrame()
			return
		}
		e, rest, err := runner.ReadEvent(b)
		if err != nil {
			v.out.add(entry{kind: runner.Note, text: "The page could not read an event from the engine: " + err.Error()})
			break
		}
		b = rest
		if e.Kind == runner.End {
			v.unread = nil
			v.ended(e)
			return
		}
		idx := v.count.Events // the event's number in the run, which links its line and its mark
		v.count.Add(e)
		v.input.event(e)
		v.tl.add(e, idx)
		switch e.Kind {
		case runner.Output, runner.Panic, runner.Note, runner.Input:
			v.out.add(entry{at: e.At, kind: e.Kind, who: e.Who, text: e.Text, seq: idx + 1})
		}
	}
	v.unread = nil
	if v.unreadEnd {
		v.ended(runner.Event{Kind: runner.End, Status: runner.Failed, Text: "the engine's last message had no end"})
		return
	}
	v.wantFrame()
}

// ended takes the active run's End event.
func (v *view) ended(e runner.Event) {
	state := page.Failed
	switch e.Status {
	case runner.Done:
		state = page.Done
	case runner.Stopped:
		state = page.Stopped
	}
	v.tl.add(e, v.count.Events)
	v.count.Add(e)
	v.out.add(entry{at: e.At, kind: runner.End, state: state, text: e.Text})
	if more := page.Explain(e.Text); more != "" {
		v.out.add(entry{at: e.At, kind: runner.Note, text: more})
	}
	v.finish(state, e.At, "")
}

// toolchainFailed takes the news that the toolchain worker failed.
func (v *view) toolchainFailed(why string) {
	v.dropBuild()
	if v.state == page.Building {
		v.finish(page.Failed, v.sinceStart(), why)
		return
	}
	v.edit.ed.say(why)
}

// dropBuild ends the toolchain's worker and what the page shows of a
// build: the next build starts Go's toolchain afresh.
func (v *view) dropBuild() {
	v.tools.stop()
	v.edit.prepared = false
	v.buildBar.hide()
	js.Global().Call("clearTimeout", v.buildTimer)
}

// maxTrace bounds the execution trace the page keeps of a run: the
// tracer stops past a thousand goroutines, so a run's trace is a few
// megabytes; this is only a ceiling.
const maxTrace = 64 << 20

// trace keeps the next bytes of the active run's execution trace, for
// #trace (a page without it keeps none).
func (v *view) trace(w *worker, chunk js.Value) {
	if w == v.workers.active {
		v.traceBtn.keep(chunk)
	}
}

// died takes the news that a worker's Go runtime is gone.
func (v *view) died(w *worker, code int, why string) {
	if w == v.workers.active {
		// What the worker sent before it died is read first: a crash
		// loses nothing Go handed over.
		if len(v.unread) > 0 && v.state == page.Running {
			v.read(0)
			if v.state != page.Running {
				return // its End was in it
			}
		}
		state := page.Failed
		if code == 0 {
			state = page.Done // a program that called os.Exit(0)
		}
		v.finish(state, v.sinceStart(), why)
		return
	}
	v.workers.spareDied(w)
	v.wantFrame()
}

// clearRun forgets the last run (its output, timeline, counts and trace)
// as a new one starts, built in the page or not.
func (v *view) clearRun() {
	v.out.reset()
	v.tl.reset()
	v.count.Reset()
	v.traceBtn.reset()
	v.stopping = false
	v.unread, v.unreadEnd = nil, false
	v.elapsed = 0
	v.started = now()
}
