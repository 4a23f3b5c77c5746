//go:build js && wasm

package main

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// The view reaches the page through dom/v2's Basic types, built around the
// js.Values it looks up or creates. dom/v2's own lookups (GetElementByID,
// CreateElement) and listeners (AddEventListener) pass every element and
// event through type switches that name every element and event type the
// DOM has, which links all of them into the binary: measured at about
// 150 KB of gzip, a fifth of a hello-world program. These helpers give the
// same dom/v2 values without the switches.

var document = js.Global().Get("document")

// element wraps v, an HTML element, as dom/v2's basic HTML element.
func element(v js.Value) *dom.BasicHTMLElement {
	return &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{Value: v}}}
}

// byID returns the page's element with the id, or nil when there is none:
// a compact page (embed.html) leaves out the panels it does not show.
func byID(id string) *dom.BasicHTMLElement {
	v := document.Call("getElementById", id)
	if v.IsNull() {
		return nil
	}
	return element(v)
}

// The output's lines and the timeline's marks are built by the thousand
// each frame, so their DOM calls take a shorter road than dom/v2's. A call
// through syscall/js passes its method's name, and every string argument,
// as text the page decodes (a TextDecoder call each), and each string
// argument becomes a value with a finalizer. In P4's page run that was
// 374,000 decodes, 96,000 of them the word "setAttribute". Here each
// method is bound once (calls.setAttribute(el, name, value) is
// el.setAttribute(name, value)), the names of tags, classes and attributes
// are made once (jsName), and numbers go as numbers: a call passes only
// the text that changes.
var calls struct {
	createElement, createElementNS, createFrag js.Value // bound to the document
	setAttribute, appendChild                  js.Value // method(this, args...)
	setText, setClass                          js.Value // setter(this, value)
	names                                      map[string]js.Value
}

// bindCalls fills calls; the view calls it before it builds anything.
func bindCalls() {
	global := js.Global()
	call := global.Get("Function").Get("prototype").Get("call")
	method := func(class, name string) js.Value {
		return call.Call("bind", global.Get(class).Get("prototype").Get(name))
	}
	setter := func(class, name string) js.Value {
		d := global.Get("Object").Call("getOwnPropertyDescriptor", global.Get(class).Get("prototype"), name)
		return call.Call("bind", d.Get("set"))
	}
	calls.createElement = document.Get("createElement").Call("bind", document)
	calls.createElementNS = document.Get("createElementNS").Call("bind", document)
	calls.createFrag = document.Get("createDocumentFragment").Call("bind", document)
	calls.setAttribute = method("Element", "setAttribute")
	calls.appendChild = method("Node", "appendChild")
	calls.setText = setter("Node", "textContent")
	calls.setClass = setter("Element", "className")
	calls.names = map[string]js.Value{}
}

// jsName returns s as a JavaScript string, made on its first use and kept.
// It is for the few strings the view repeats (tags, classes, attribute
// names), never for a program's text.
func jsName(s string) js.Value {
	v, ok := calls.names[s]
	if !ok {
		v = js.ValueOf(s)
		calls.names[s] = v
	}
	return v
}

// setAttr sets e's attribute to v: a string, a number or a js.Value (a
// number is written as JavaScript writes it: 12.5, 3).
func setAttr(e js.Value, name string, v any) {
	calls.setAttribute.Invoke(e, jsName(name), v)
}

// appendChild appends child to parent.
func appendChild(parent, child js.Value) { calls.appendChild.Invoke(parent, child) }

// setText replaces e's children with the text s.
func setText(e js.Value, s string) { calls.setText.Invoke(e, s) }

// create makes an element of the tag, with the class unless it is "".
func create(tag, class string) *dom.BasicHTMLElement {
	e := calls.createElement.Invoke(jsName(tag))
	if class != "" {
		calls.setClass.Invoke(e, jsName(class))
	}
	return element(e)
}

// text makes an element of the tag and class holding s as text.
func text(tag, class, s string) *dom.BasicHTMLElement {
	e := create(tag, class)
	setText(e.Value, s)
	return e
}

// input wraps an <input> element.
func input(e *dom.BasicHTMLElement) *dom.HTMLInputElement {
	return &dom.HTMLInputElement{BasicHTMLElement: e}
}

// fragment makes a DocumentFragment, to add many nodes to the page at once.
func fragment() *dom.BasicNode {
	return &dom.BasicNode{Value: calls.createFrag.Invoke()}
}

// listener is a registered event handler, to release with remove.
type listener struct {
	target *dom.BasicNode
	typ    string
	fn     js.Func
}

// listen calls f with each event of the type on target.
func listen(target *dom.BasicNode, typ string, f func(*dom.BasicEvent)) listener {
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		f(&dom.BasicEvent{Value: args[0]})
		return nil
	})
	target.Call("addEventListener", typ, fn)
	return listener{target, typ, fn}
}

// remove unregisters the handler and releases its function.
func (l listener) remove() {
	l.target.RemoveEventListener(l.typ, false, l.fn)
}

// after calls f once, ms milliseconds from now.
func after(ms int64, f func()) {
	var fn js.Func
	fn = js.FuncOf(func(js.Value, []js.Value) any {
		fn.Release()
		f()
		return nil
	})
	js.Global().Call("setTimeout", fn, ms)
}

// pending calls f once, some time after it is scheduled, however many
// times it is scheduled meanwhile.
type pending struct {
	fn  js.Func
	set bool
}

func newPending(f func()) *pending {
	p := &pending{}
	p.fn = js.FuncOf(func(js.Value, []js.Value) any {
		p.set = false
		f()
		return nil
	})
	return p
}

// schedule calls f ms milliseconds from now, unless a call is scheduled
// already.
func (p *pending) schedule(ms int64) {
	if !p.set {
		p.set = true
		js.Global().Call("setTimeout", p.fn, ms)
	}
}

// whenIdle calls f once, when the page is next idle (within a second), or
// 200 ms from now where requestIdleCallback is missing, unless a call is
// scheduled already.
func (p *pending) whenIdle() {
	if p.set {
		return
	}
	p.set = true
	if ric := js.Global().Get("requestIdleCallback"); ric.Type() == js.TypeFunction {
		ric.Invoke(p.fn, map[string]any{"timeout": 1000})
		return
	}
	js.Global().Call("setTimeout", p.fn, 200)
}

// bytesToJS copies b into a new Uint8Array.
func bytesToJS(b []byte) js.Value {
	arr := uint8Array.New(len(b))
	js.CopyBytesToJS(arr, b)
	return arr
}

var uint8Array = js.Global().Get("Uint8Array")

// empty removes every child of e.
func empty(e *dom.BasicHTMLElement) { e.SetTextContent("") }
