//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/protocol"
	"github.com/goroutine-playground/playground/internal/runner"
	tc "github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// toolchain is the view's handle on the toolchain worker: Go's own
// compiler and linker, built for js/wasm, in a Web Worker of the page
// (site/toolchain.js and its driver, wasm/builder). It is started on the
// reader's first edit, first Run of edited code or first Format, never on
// load, and kept
// for the builds after: its tools are warm by then. Requests and results
// are internal/toolchain/protocol's messages; a worker that fails ({fault})
// or is stopped mid-build is replaced by a fresh one at the next request.
type toolchain struct {
	w         js.Value
	listeners []listener
	next      uint32
	waiting   map[uint32]func(tc.Message) // what to do with each request's messages
	modules   map[uint32]js.Value         // linked programs delivered compiled, by build, until their result
	fault     func(why string)            // the worker failed: every request is lost
}

// send posts a request, starting the worker if need be, and calls then
// with each message about it: Progress, then its result.
func (t *toolchain) send(m tc.Message, then func(tc.Message)) uint32 {
	t.warm()
	t.next++
	id := t.next
	switch r := m.(type) {
	case tc.BuildRequest:
		r.ID = id
		m = r
	case tc.FormatRequest:
		r.ID = id
		m = r
	case tc.PrepareRequest:
		r.ID = id
		m = r
	}
	t.waiting[id] = then
	b := tc.Append(nil, m)
	arr := bytesToJS(b)
	t.w.Call("postMessage", arr, []any{arr.Get("buffer")})
	return id
}

// warm starts the worker if it is not running, with no request: it loads
// the tools as it starts (site/toolchain.js), so that the first build,
// asked for a moment later, finds them loaded or on their way.
func (t *toolchain) warm() {
	if t.w.IsUndefined() || t.w.IsNull() {
		t.start()
	}
}

func (t *toolchain) start() {
	t.w = js.Global().Get("playground").Call("toolchain")
	t.waiting = map[uint32]func(tc.Message){}
	t.modules = map[uint32]js.Value{}
	target := &dom.BasicNode{Value: t.w}
	t.listeners = []listener{
		listen(target, "message", func(ev *dom.BasicEvent) {
			d := ev.Get("data")
			if f := d.Get(tc.KeyFault); f.Type() == js.TypeString {
				t.failed("the toolchain failed: " + f.String())
				return
			}
			if mod := d.Get(tc.KeyModule); mod.Truthy() && mod.InstanceOf(wasmModule) {
				if id := d.Get(tc.KeyID); id.Type() == js.TypeNumber {
					t.modules[uint32(id.Int())] = mod
				}
				return
			}
			m, err := tc.Decode(bytesOf(d))
			if err != nil {
				t.failed("the page could not read the toolchain's answer: " + err.Error())
				return
			}
			id := tc.RequestID(m)
			then := t.waiting[id]
			switch m.(type) {
			case tc.BuildResult, tc.FormatResult:
				delete(t.waiting, id)
				defer delete(t.modules, id) // taken by then, or never to be
			}
			if then != nil {
				then(m)
			}
		}),
		listen(target, "error", func(ev *dom.BasicEvent) {
			ev.PreventDefault()
			why := "the toolchain's worker failed"
			if msg := ev.Get("message"); msg.Type() == js.TypeString {
				why += ": " + msg.String()
			}
			t.failed(why)
		}),
	}
}

// failed ends the worker and tells what waited on it.
func (t *toolchain) failed(why string) {
	t.stop()
	if t.fault != nil {
		t.fault(why)
	}
}

// stop ends the worker (a build cannot be interrupted any other way:
// the compiler holds the worker's thread); the next request starts a
// fresh one.
func (t *toolchain) stop() {
	if t.w.IsUndefined() || t.w.IsNull() {
		return
	}
	t.w.Call("terminate")
	for _, l := range t.listeners {
		l.remove()
	}
	t.listeners = nil
	t.w = js.Undefined()
	t.waiting, t.modules = nil, nil
}

// buildPanel is the progress of a build under the buttons: a bar and a
// line naming what is fetched and its size.
type buildPanel struct {
	box  *dom.BasicHTMLElement // #build, or nil
	bar  *dom.BasicHTMLElement // its <progress>
	text *dom.BasicHTMLElement
}

func newBuildPanel() *buildPanel {
	p := &buildPanel{box: byID("build")}
	if p.box != nil {
		p.bar = byID("build-progress")
		p.text = byID("build-text")
	}
	return p
}

func (p *buildPanel) show(pr tc.Progress) {
	if p.box == nil {
		return
	}
	p.box.Set("hidden", false)
	if pr.Total > 0 {
		p.bar.Set("max", float64(pr.Total))
		p.bar.Set("value", float64(pr.Done))
	} else {
		p.bar.Call("removeAttribute", "value") // indeterminate
	}
	p.text.SetTextContent(pr.Text)
}

func (p *buildPanel) hide() {
	if p.box != nil {
		p.box.Set("hidden", true)
	}
}

// buildLimit is how long a build may take before the page stops it: a
// compile bomb (a huge constant expression, a runaway generic
// instantiation) would otherwise hold the toolchain worker for good. The
// first build, which also downloads and compiles the toolchain, takes
// seconds on a slow machine; later ones less than one.
const buildLimit = 120 * time.Second

// built is the program last built in the page and its compiled module, so
// that Run again without a change starts at once.
type built struct {
	kind   tc.Kind
	name   string
	source string
	module js.Value
}

// needsBuild reports whether Run must compile the program in the page:
// it is edited, or written in the page.
func (v *view) needsBuild() bool { return v.edit.edited || v.ex.Name == "" }

// build compiles and links the program in the editor with the toolchain
// worker, then runs it.
func (v *view) build(values map[string]int) {
	src := v.source()
	kind, name, file := tc.Builtin, v.ex.Name, v.ex.File
	if v.ex.Name == "" {
		kind, name, file = tc.Plain, "prog", page.PlainFile
	}
	v.clearRun()
	v.edit.ed.markErrors(nil)
	if len(src) > tc.MaxSource {
		v.setState(page.Building)
		v.finish(page.Failed, 0, "the program is "+strconv.Itoa(len(src)>>10)+" KB of source; the playground compiles at most "+
			strconv.Itoa(tc.MaxSource>>10)+" KB. The text stays in the editor.")
		return
	}
	if b := v.last; b.module.Truthy() && b.kind == kind && b.name == name && b.source == src {
		v.runModule(b.module, values)
		return
	}
	v.setState(page.Building)
	v.wantFrame()
	v.buildTimer = js.Global().Call("setTimeout", v.buildTimeout, buildLimit.Milliseconds())
	v.building = v.tools.send(tc.BuildRequest{Kind: kind, Program: name, Files: []tc.File{{Name: file, Text: src}}},
		func(m tc.Message) {
			if v.state != page.Building {
				return // stopped meanwhile
			}
			switch m := m.(type) {
			case tc.Progress:
				v.buildBar.show(m)
			case tc.BuildResult:
				v.buildBar.hide()
				js.Global().Call("clearTimeout", v.buildTimer)
				v.noteTimings(m.Timings)
				if !m.OK {
					v.buildFailed(m)
					return
				}
				if m.Delivered {
					module, ok := v.tools.modules[m.ID]
					if !ok {
						v.finish(page.Failed, v.sinceStart(), "the toolchain said it had sent the linked program, and the page never got it.")
						return
					}
					v.last = built{kind: kind, name: name, source: src, module: module}
					v.runModule(module, values)
					return
				}
				v.compileModule(kind, name, src, m.Wasm, values)
			}
		})
}

// noteTimings puts where a build's time went on #build, as data-download,
// data-instantiate, data-compile and data-link (milliseconds): for the
// benchmark, and for anyone curious in the browser's inspector.
func (v *view) noteTimings(t tc.Timings) {
	if v.buildBar.box == nil {
		return
	}
	for _, kv := range [...]struct {
		name string
		d    time.Duration
	}{{"download", t.Download}, {"instantiate", t.Instantiate}, {"compile", t.Compile}, {"link", t.Link}} {
		setAttr(v.buildBar.box.Value, "data-"+kv.name, px(float64(kv.d.Microseconds())/1000))
	}
}

var wasmModule = js.Global().Get("WebAssembly").Get("Module")

// compileModule compiles the linked program's bytes and runs it.
func (v *view) compileModule(kind tc.Kind, name, src string, wasm []byte, values map[string]int) {
	arr := bytesToJS(wasm)
	var ok, fail js.Func
	release := func() { ok.Release(); fail.Release() }
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		release()
		if v.state != page.Building {
			return nil
		}
		v.last = built{kind: kind, name: name, source: src, module: args[0]}
		v.runModule(args[0], values)
		return nil
	})
	fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		release()
		if v.state == page.Building {
			v.finish(page.Failed, v.sinceStart(), "the browser could not compile the linked program: "+args[0].Call("toString").String())
		}
		return nil
	})
	js.Global().Get("playground").Call("compile", arr).Call("then", ok, fail)
}

// buildFailed shows a failed build: the compiler's words as go build
// prints them, each line that names a place linked to it in the editor,
// which marks those lines. The code is left as it was.
func (v *view) buildFailed(r tc.BuildResult) {
	text := strings.TrimRight(r.Output, "\n")
	if text == "" {
		text = "the build failed"
	}
	for line := range strings.SplitSeq(text, "\n") {
		v.out.add(entry{kind: runner.Note, build: true, text: line})
	}
	marks := map[int]string{}
	file := v.ex.File
	if v.ex.Name == "" {
		file = page.PlainFile
	}
	for _, d := range r.Diagnostics {
		if d.File == file {
			if _, seen := marks[d.Line]; !seen {
				marks[d.Line] = d.Msg
			}
		}
	}
	v.edit.ed.markErrors(marks)
	n := len(r.Diagnostics)
	why := "the build failed"
	if n > 0 {
		why += " with " + page.Plural(n, "error")
	}
	v.finish(page.Failed, v.sinceStart(), why+"; the code is as you left it.")
}

// runModule runs a program built in the page: a fresh engine on its
// module, asked to run it as a built-in's is.
func (v *view) runModule(module js.Value, values map[string]int) {
	w := v.workers.takeWith(module)
	v.started = now()
	v.input.started(v.script)
	w.postBytes(protocol.Run, runner.AppendRequest(nil, runner.Request{Program: v.ex.Name, Values: values}))
	v.setState(page.Running)
	v.wantFrame()
}

// format lays the editor's code out by gofmt's rules, as an edit undo
// can take back.
func (v *view) format() {
	if v.edit.ed == nil || v.state.Busy() {
		return
	}
	src := v.source()
	file := v.ex.File
	if v.ex.Name == "" {
		file = page.PlainFile
	}
	v.edit.ed.say("Formatting…")
	v.tools.send(tc.FormatRequest{File: tc.File{Name: file, Text: src}}, func(m tc.Message) {
		r, ok := m.(tc.FormatResult)
		if !ok {
			return
		}
		if v.source() != src {
			v.edit.ed.say("Not formatted: the code changed meanwhile.")
			return
		}
		if !r.OK {
			marks := map[int]string{}
			for _, d := range r.Diagnostics {
				marks[d.Line] = d.Msg
			}
			v.edit.ed.markErrors(marks)
			v.edit.ed.say("Not formatted: " + strings.TrimSpace(r.Output))
			return
		}
		v.edit.ed.replace(r.Text)
		v.edit.ed.say("Formatted.")
	})
}
