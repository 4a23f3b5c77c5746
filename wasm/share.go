//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"
)

// sharePanel is the main page's "Copy link" and "Copy embed code": each
// copies text for the program and knobs on show, and also puts it in a
// read-only field (#share-text), selected, so it can be copied by hand
// where the clipboard is refused. #share-status, a polite live region,
// says what happened. A page without the buttons (embed.html) has none.
type sharePanel struct {
	field  *dom.BasicHTMLElement // #share-text
	status *dom.BasicHTMLElement // #share-status
}

// listenShare wires the buttons to what v shows when they are pressed.
func (v *view) listenShare() {
	link, code := byID("copy-link"), byID("copy-embed")
	s := &sharePanel{field: byID("share-text"), status: byID("share-status")}
	if link == nil || code == nil || s.field == nil || s.status == nil {
		return
	}
	listen(link.BasicNode, "click", func(*dom.BasicEvent) {
		s.copy(v.address().Link(location().Get("href").String()), "Link")
	})
	listen(code.BasicNode, "click", func(*dom.BasicEvent) {
		script := js.Global().Get("URL").New("embed.js", document.Get("baseURI")).Get("href").String()
		s.copy(v.address().Embed(script), "Embed code")
	})
}

// copy puts text on the clipboard and in the field, and says which worked.
func (s *sharePanel) copy(text, what string) {
	s.field.Set("value", text)
	s.field.Set("hidden", false)
	s.field.Set("rows", strings.Count(text, "\n")+1)
	s.status.SetTextContent("")
	clip := js.Global().Get("navigator").Get("clipboard")
	if !clip.Truthy() || clip.Get("writeText").Type() != js.TypeFunction {
		s.byHand(what)
		return
	}
	var ok, fail js.Func
	release := func() { ok.Release(); fail.Release() }
	ok = js.FuncOf(func(js.Value, []js.Value) any {
		release()
		s.status.SetTextContent(what + " copied.")
		return nil
	})
	fail = js.FuncOf(func(js.Value, []js.Value) any {
		release()
		s.byHand(what)
		return nil
	})
	clip.Call("writeText", text).Call("then", ok, fail)
}

// byHand selects the field, for a clipboard that refused the text (no
// permission, an insecure origin, an older browser), and tries the old
// copy command on the selection.
func (s *sharePanel) byHand(what string) {
	s.field.Focus()
	s.field.Call("select")
	if document.Call("execCommand", "copy").Truthy() {
		s.status.SetTextContent(what + " copied.")
		return
	}
	s.status.SetTextContent(what + " selected below: press Ctrl+C (⌘C on a Mac) to copy it.")
}
