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

// create makes an element of the tag, with the class unless it is "".
func create(tag, class string) *dom.BasicHTMLElement {
	e := element(document.Call("createElement", tag))
	if class != "" {
		e.SetClass(class)
	}
	return e
}

// text makes an element of the tag and class holding s as text.
func text(tag, class, s string) *dom.BasicHTMLElement {
	e := create(tag, class)
	e.SetTextContent(s)
	return e
}

// input wraps an <input> element.
func input(e *dom.BasicHTMLElement) *dom.HTMLInputElement {
	return &dom.HTMLInputElement{BasicHTMLElement: e}
}

// fragment makes a DocumentFragment, to add many nodes to the page at once.
func fragment() *dom.BasicNode {
	return &dom.BasicNode{Value: document.Call("createDocumentFragment")}
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

// empty removes every child of e.
func empty(e *dom.BasicHTMLElement) { e.SetTextContent("") }
