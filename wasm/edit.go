//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
	tc "github.com/goroutine-playground/playground/internal/toolchain/protocol"
)

// saveDelay is how long the address waits after the last keystroke before
// it takes the edited code: an address is rewritten once per pause, not
// once per key.
const saveDelay = 400 // ms

// editing is the view's part in editing: what the editor holds and
// whether it differs from the program as shipped. Edits are kept per
// program while the page is open, so going to another program and back
// finds them again, and in the address, so a reload and a link do too.
// Leaving edited code (another program, New) makes a new history entry:
// Back returns to it.
type editing struct {
	ed     *editor
	edits  map[string]string // a program's short name ("" for the page's own) → its edited source
	edited bool              // the editor's text is not the program's own
	save   *pending          // the address's update

	// The toolchain is loaded on the reader's first edit, and warmed up
	// with a throwaway build once typing pauses, so that the first Run finds
	// it warm (a cold first build takes seconds, a warm one well under one).
	// A program that came edited in its address does not load it: only a
	// Run, or the reader's typing.
	prepare  *pending
	prepared bool
}

// prepareDelay is the pause in typing after which the toolchain's warm-up
// build runs, so that it does not compete with the keys. The worker starts
// at the first key: it loads the tools on threads of its own.
const prepareDelay = 1500 // ms

// listenEditing wires the editor and its buttons to the view.
func (v *view) listenEditing() {
	v.edit.edits = map[string]string{}
	v.edit.ed = newEditor()
	if v.edit.ed == nil {
		return
	}
	v.edit.save = newPending(v.saveFragment)
	v.edit.ed.changed = v.codeChanged
	v.edit.prepare = newPending(v.prepare)
	if b := byID("reset"); b != nil {
		listen(b.BasicNode, "click", func(*dom.BasicEvent) { v.resetCode() })
	}
	if b := byID(string(page.New)); b != nil {
		listen(b.BasicNode, "click", func(*dom.BasicEvent) { v.newProgram() })
	}
	if b := byID("format"); b != nil {
		listen(b.BasicNode, "click", func(*dom.BasicEvent) { v.format() })
	}
	// A line of a failed build that names a place takes the caret there.
	listen(v.out.box.BasicNode, "click", func(ev *dom.BasicEvent) {
		el := ev.Get("target")
		if el.Get("closest").IsUndefined() {
			return
		}
		if hit := el.Call("closest", "[data-line]"); !hit.IsNull() {
			line, _ := strconv.Atoi(hit.Call("getAttribute", "data-line").String())
			col, _ := strconv.Atoi(hit.Call("getAttribute", "data-col").String())
			v.edit.ed.goTo(line, col)
		}
	})
}

// source returns the program's source as it stands in the editor.
func (v *view) source() string {
	if v.edit.ed == nil {
		return v.ex.Source
	}
	return v.edit.ed.text
}

// loadSource shows the program's source, or its edits if it has some.
func (v *view) loadSource() {
	src, ok := v.edit.edits[v.ex.Name]
	if !ok {
		src = v.ex.Source
	}
	v.edit.edited = ok && src != v.ex.Source
	v.edit.ed.load(src)
	v.sayEdited()
}

// codeChanged follows the reader's typing.
func (v *view) codeChanged() {
	src := v.edit.ed.text
	v.edit.edited = src != v.ex.Source
	if v.edit.edited {
		v.edit.edits[v.ex.Name] = src
	} else {
		delete(v.edit.edits, v.ex.Name)
	}
	v.sayEdited()
	if !v.edit.prepared {
		// The worker starts at once and loads the tools (they compile on
		// the worker's threads, not the page's); the throwaway build that
		// warms them waits for a pause in typing.
		v.tools.warm()
		v.edit.prepare.schedule(prepareDelay)
	}
	v.edit.save.schedule(saveDelay)
}

// sayEdited says under the editor what Run will do with the code.
func (v *view) sayEdited() {
	switch {
	case v.edit.edited && v.ex.Name != "":
		msg := "Edited: Run compiles your version with Go's own compiler, in this page."
		if err := v.address().CodeError(); err != nil {
			msg += " " + err.Error() + "."
		}
		v.edit.ed.say(msg)
	case v.ex.Name == "":
		v.edit.ed.say("Your program: Run compiles it with Go's own compiler, in this page.")
	default:
		v.edit.ed.say("")
	}
}

// prepare loads Go's toolchain in the background and warms it up, saying
// how far it has come under the editor.
func (v *view) prepare() {
	if v.edit.prepared || v.state == page.Building {
		return
	}
	v.edit.prepared = true
	v.tools.send(tc.PrepareRequest{}, func(m tc.Message) {
		switch m := m.(type) {
		case tc.Progress:
			if v.state != page.Building {
				v.edit.ed.say(m.Text)
			}
		case tc.BuildResult:
			if !m.OK {
				v.edit.prepared = false // try again at the next Run
				v.edit.ed.say("Go's toolchain did not load: " + strings.TrimSpace(m.Output))
				return
			}
			v.sayEdited()
		}
	})
}

// resetCode returns the editor to the program as shipped; undo brings the
// edits back.
func (v *view) resetCode() {
	v.edit.ed.replace(v.ex.Source)
}

// newProgram opens a program of the reader's own, from the template.
func (v *view) newProgram() {
	v.leave()
	plain := page.Plain(page.Template)
	v.selectProgram(plain, nil)
	v.saveFragment()
}

// leave keeps the address of edited code in the history before the page
// shows something else, so that Back returns to it.
func (v *view) leave() {
	if v.edit.edited || v.ex.Name == "" {
		js.Global().Get("history").Call("pushState", nil, "", v.address().Fragment())
	}
}
