//go:build js && wasm

package main

import (
	"strings"

	"honnef.co/go/js/dom/v2"

	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/page"
)

// programPanel shows the list of programs and the selected one: its title,
// lesson and source. Each part is optional, so a compact page can leave
// any of them out.
type programPanel struct {
	list   *dom.BasicHTMLElement // #programs
	title  *dom.BasicHTMLElement // #title
	lesson *dom.BasicHTMLElement // #lesson
	file   *dom.BasicHTMLElement // #file
	links  map[string]*dom.BasicHTMLElement
}

func newProgramPanel() *programPanel {
	p := &programPanel{
		list:   byID("programs"),
		title:  byID("title"),
		lesson: byID("lesson"),
		file:   byID("file"),
		links:  map[string]*dom.BasicHTMLElement{},
	}
	if p.list != nil {
		p.buildList()
	}
	return p
}

// buildList lists every program: its short name, title and the first
// sentence of its lesson, as a link to its fragment.
func (p *programPanel) buildList() {
	empty(p.list)
	ol := create("ol", "")
	for _, e := range examples.All() {
		a := create("a", "")
		a.SetAttribute("href", "#example="+e.Name)
		a.SetAttribute("data-example", e.Name)
		a.AppendChild(text("code", "name", e.Name))
		a.AppendChild(text("span", "title", e.Title))
		a.AppendChild(text("span", "gist", page.FirstSentence(e.Lesson)))
		li := create("li", "")
		li.AppendChild(a)
		ol.AppendChild(li)
		p.links[e.Name] = a
	}
	p.list.AppendChild(ol)
}

// show makes ex the program on display.
func (p *programPanel) show(ex examples.Example) {
	for name, a := range p.links {
		if name == ex.Name {
			a.SetAttribute("aria-current", "page")
		} else {
			a.RemoveAttribute("aria-current")
		}
	}
	if p.title != nil {
		p.title.SetTextContent(ex.Title)
	}
	if p.lesson != nil {
		empty(p.lesson)
		p.lesson.Set("hidden", ex.Lesson == "")
		for para := range strings.SplitSeq(ex.Lesson, "\n\n") {
			p.lesson.AppendChild(text("p", "", strings.Join(strings.Fields(para), " ")))
		}
	}
	if p.file != nil {
		p.file.SetTextContent("Source: " + ex.File)
	}
}
