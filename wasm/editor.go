//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/highlight"
	"github.com/goroutine-playground/playground/internal/page"
)

// maxHighlight is the longest text the editor colours as it is typed:
// past it (a 10 MB paste, say) it shows plain text, which costs nothing.
const maxHighlight = 256 << 10

// editor is the program's source as an editor (#code): a textarea over
// the same text highlighted (#source), with line numbers beside them.
// Keys that type for the reader (Tab, Shift+Tab, Enter) go through the
// browser's own editing command, so its undo and redo take them back like
// any typing; so do Reset, New and Format, which replace the whole text.
// The edit logic itself is internal/page's (Indent, Newline), tested
// natively. Esc, then Tab, leaves the editor, as a keyboard user needs.
type editor struct {
	area   js.Value // #code, the textarea
	code   js.Value // #source > code, the highlighted copy
	gutter js.Value // the line numbers
	status *dom.BasicHTMLElement

	text     string
	lines    int
	escaped  bool           // Esc was pressed: the next Tab leaves
	errLines map[int]string // line → the first diagnostic on it
	changed  func()         // called after every change of the text
	frame    js.Func
	pending  bool // a highlight waits for the next frame
}

func newEditor() *editor {
	area := byID(string(page.Code))
	if area == nil {
		return nil
	}
	e := &editor{area: area.Value, status: byID("edit-status")}
	if src := byID("source"); src != nil {
		e.code = src.Get("firstElementChild")
	}
	if g := document.Call("querySelector", ".editor .gutter"); !g.IsNull() {
		e.gutter = g
	}
	e.frame = js.FuncOf(func(js.Value, []js.Value) any {
		e.pending = false
		e.paint()
		return nil
	})
	listen(area.BasicNode, "input", func(*dom.BasicEvent) {
		e.text = e.area.Get("value").String()
		e.errLines = nil
		e.repaint()
		if e.changed != nil {
			e.changed()
		}
	})
	listen(area.BasicNode, "keydown", e.key)
	return e
}

// load shows text as the program's source, as it was never edited: the
// browser's undo history starts here.
func (e *editor) load(text string) {
	if e == nil {
		return
	}
	e.text = text
	e.errLines = nil
	e.area.Set("value", text)
	e.repaint()
}

// replace puts text in place of all of it, as an edit the reader can undo.
func (e *editor) replace(text string) {
	if e == nil || text == e.text {
		return
	}
	e.area.Call("focus")
	e.area.Call("select")
	if !document.Call("execCommand", "insertText", false, text).Truthy() {
		// No editing command (an old browser): set it, without undo.
		e.area.Set("value", text)
		e.area.Call("dispatchEvent", js.Global().Get("Event").New("input"))
	}
	e.area.Call("setSelectionRange", 0, 0)
}

// key handles the keys the editor types for: Tab, Shift+Tab and Enter.
func (e *editor) key(ev *dom.BasicEvent) {
	k := &dom.KeyboardEvent{BasicEvent: ev}
	if ev.Get("isComposing").Truthy() || k.CtrlKey() || k.MetaKey() || k.AltKey() {
		return
	}
	switch k.Key() {
	case "Escape":
		e.escaped = true
		e.say("Esc: Tab now leaves the editor.")
		return
	case "Tab":
		if e.escaped {
			e.escaped = false
			e.say("")
			return // the browser moves the focus
		}
		ev.PreventDefault()
		start, end := e.selection()
		e.apply(page.Indent(e.text, start, end, k.ShiftKey()))
	case "Enter":
		if k.ShiftKey() {
			return
		}
		ev.PreventDefault()
		start, end := e.selection()
		e.apply(page.Newline(e.text, start, end))
	}
	if e.escaped {
		e.escaped = false
		e.say("")
	}
}

// selection returns the textarea's selection as byte offsets of the text.
func (e *editor) selection() (start, end int) {
	return page.UTF16Offset(e.text, e.area.Get("selectionStart").Int()),
		page.UTF16Offset(e.text, e.area.Get("selectionEnd").Int())
}

// apply makes an edit as typing would, so that undo takes it back.
func (e *editor) apply(ed page.Edit) {
	text := e.text
	e.area.Call("setSelectionRange", page.ByteOffset16(text, ed.From), page.ByteOffset16(text, ed.To))
	if ed.Insert == "" && ed.From != ed.To {
		document.Call("execCommand", "delete", false)
	} else if ed.Insert != "" || ed.From != ed.To {
		document.Call("execCommand", "insertText", false, ed.Insert)
	}
	// The input event has updated e.text.
	e.area.Call("setSelectionRange", page.ByteOffset16(e.text, ed.SelStart), page.ByteOffset16(e.text, ed.SelEnd))
}

// goTo puts the caret at a line and column, as a compiler message names
// them, and brings it into view.
func (e *editor) goTo(line, col int) {
	at := page.ByteOffset16(e.text, page.Offset(e.text, line, col))
	e.area.Call("focus")
	e.area.Call("setSelectionRange", at, at)
	// The editor's box scrolls; put the line in its view.
	box := e.area.Call("closest", ".editor")
	if !box.IsNull() {
		lineH := e.area.Get("scrollHeight").Float() / float64(max(e.lines, 1))
		y := lineH * float64(line-1)
		top := box.Get("scrollTop").Float()
		if h := box.Get("clientHeight").Float(); y < top || y > top+h-2*lineH {
			box.Set("scrollTop", max(0, y-h/3))
		}
	}
}

// markErrors marks the lines a build's diagnostics name, in the gutter,
// with the message as the line number's tooltip.
func (e *editor) markErrors(lines map[int]string) {
	if e == nil {
		return
	}
	e.errLines = lines
	e.paintGutter()
}

// say shows a line under the editor's buttons.
func (e *editor) say(s string) {
	if e != nil && e.status != nil {
		e.status.SetTextContent(s)
	}
}

// repaint highlights the text at the next animation frame: a burst of
// typing is coloured once.
func (e *editor) repaint() {
	if !e.pending {
		e.pending = true
		js.Global().Call("requestAnimationFrame", e.frame)
	}
}

func (e *editor) paint() {
	if e.code.Truthy() {
		setText(e.code, "")
		src := e.text
		if len(src) > maxHighlight {
			setText(e.code, src+"\n")
		} else {
			frag := fragment()
			end := 0
			for _, s := range highlight.Scan(src) {
				if s.Start > end {
					frag.Call("append", src[end:s.Start])
				}
				frag.AppendChild(text("span", s.Class.Name(), src[s.Start:s.End]))
				end = s.End
			}
			// The extra newline gives an empty last line its height.
			frag.Call("append", src[end:]+"\n")
			appendChild(e.code, frag.Value)
		}
	}
	e.lines = strings.Count(e.text, "\n") + 1
	e.paintGutter()
}

func (e *editor) paintGutter() {
	if !e.gutter.Truthy() {
		return
	}
	// Runs of plain numbers are one text node each, so ten thousand lines
	// cost as little as ten; a line with an error is a span of its own.
	setText(e.gutter, "")
	frag := fragment()
	var run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			frag.Call("append", run.String())
			run.Reset()
		}
	}
	for i := 1; i <= e.lines; i++ {
		msg, bad := e.errLines[i]
		if !bad {
			run.WriteString(strconv.Itoa(i) + "\n")
			continue
		}
		flush()
		n := text("span", "err", strconv.Itoa(i)+"\n")
		n.SetAttribute("title", msg)
		frag.AppendChild(n)
	}
	flush()
	appendChild(e.gutter, frag.Value)
}
