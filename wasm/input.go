//go:build js && wasm

package main

import (
	"strconv"
	"strings"
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/protocol"
	"github.com/goroutine-playground/playground/internal/runner"
)

// inputPanel is the input line under the output (#input), for a program
// that reads input: shown from the start for a program that says it reads
// (examples.Example.Input), and when any program first asks (an Ask
// event). Enter or Send
// sends the line; a paste of many lines sends them all in one message;
// Close input tells the program there is no more. A line appears in the
// output when the program reads it (an Input event), marked as input; the
// note under the field says what was sent and not read yet. Lines
// scripted in the address (&input=) are sent one each time the program
// asks, so a link can show an interaction.
type inputPanel struct {
	box   *dom.BasicHTMLElement // #input-box, or nil on a page without one
	field *dom.HTMLInputElement // #input
	note  *dom.BasicHTMLElement // #input-note
	v     *view

	script  []string // scripted lines not sent yet
	unread  int      // lines sent and not read yet
	closed  bool
	running bool
}

func newInputPanel(v *view) *inputPanel {
	p := &inputPanel{box: byID(string(page.Input) + "-box"), v: v}
	if p.box == nil {
		return p
	}
	p.field = input(byID(string(page.Input)))
	p.note = byID("input-note")
	listen(p.field.BasicNode, "keydown", func(ev *dom.BasicEvent) {
		k := &dom.KeyboardEvent{BasicEvent: ev}
		if k.Key() == "Enter" && !k.CtrlKey() && !k.MetaKey() && !ev.Get("isComposing").Truthy() {
			ev.PreventDefault()
			p.sendField()
		}
	})
	listen(p.field.BasicNode, "paste", func(ev *dom.BasicEvent) {
		text := ev.Get("clipboardData").Call("getData", "text/plain")
		if text.Type() != js.TypeString || !strings.Contains(text.String(), "\n") {
			return // one line: the field takes it, and Enter sends it
		}
		ev.PreventDefault()
		p.send(p.field.Value() + text.String())
		p.field.SetValue("")
	})
	if b := byID("input-send"); b != nil {
		listen(b.BasicNode, "click", func(*dom.BasicEvent) { p.sendField() })
	}
	if b := byID("input-close"); b != nil {
		listen(b.BasicNode, "click", func(*dom.BasicEvent) { p.close() })
	}
	return p
}

// show shows the panel, or hides it when on is false.
func (p *inputPanel) show(on bool) {
	if p.box != nil {
		p.box.Set("hidden", !on)
	}
}

// started readies the panel for a run, with the lines scripted for it.
func (p *inputPanel) started(script []string) {
	p.script = append(p.script[:0], script...)
	p.unread, p.closed, p.running = 0, false, true
	p.say("")
}

// ended notes that the run is over: lines from now on are refused.
func (p *inputPanel) ended() {
	p.running = false
	p.script = p.script[:0]
	if p.unread > 0 {
		p.say(page.Plural(p.unread, "line") + " sent and never read: the run has ended.")
	}
}

// event follows the run's events that concern input: a program asking for
// a line (Ask) gets the next scripted one; a line read is one less unread.
func (p *inputPanel) event(e runner.Event) {
	switch {
	case e.Kind == runner.Ask:
		p.show(true)
		if len(p.script) > 0 && p.unread == 0 {
			line := p.script[0]
			p.script = p.script[1:]
			p.post(line, 1)
		}
	case e.Kind == runner.Input:
		p.unread = max(0, p.unread-1)
		if p.unread == 0 {
			p.say("")
		} else {
			p.say(page.Plural(p.unread, "line") + " sent, not read yet.")
		}
	}
}

func (p *inputPanel) sendField() {
	p.send(p.field.Value())
	p.field.SetValue("")
}

// send sends text, one or more lines, to the running program.
func (p *inputPanel) send(text string) {
	text = strings.TrimSuffix(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	switch {
	case !p.running:
		p.say("Not sent: no run is under way (" + runner.ErrInputEnded.Error() + "). Press Run first.")
		return
	case p.closed:
		p.say("Not sent: " + runner.ErrInputClosed.Error() + ".")
		return
	}
	p.post(text, strings.Count(text, "\n")+1)
}

func (p *inputPanel) post(text string, lines int) {
	w := p.v.workers.active
	if w == nil {
		return
	}
	w.post(map[string]any{protocol.Input: text})
	p.unread += lines
	p.say(page.Plural(p.unread, "line") + " sent, not read yet.")
}

func (p *inputPanel) close() {
	if !p.running || p.closed {
		return
	}
	p.closed = true
	p.script = p.script[:0]
	if w := p.v.workers.active; w != nil {
		w.post(map[string]any{protocol.CloseInput: true})
	}
	p.say("Input closed: the program reads the end of its input once it has read " +
		strconv.Itoa(p.unread) + " more.")
}

func (p *inputPanel) say(s string) {
	if p.note != nil {
		p.note.SetTextContent(s)
	}
}
