package main

import (
	"encoding/json"
	"io"
	"sync"
	"time"

	"github.com/goroutine-playground/playground/internal/page"
	"github.com/goroutine-playground/playground/internal/runner"
)

// printer is the run's sink: it writes output lines, notes and the end of
// the run as text, or every event as JSON, through a spool. Call close
// once the run is over.
type printer struct {
	stdout, stderr io.Writer
	json           bool
	color          bool
	out            *spool

	mu     sync.Mutex // the runner calls the sink one event at a time; this guards failed for close
	width  int        // widest goroutine name so far, for alignment
	failed error      // the first error
	line   []byte     // the line being built, reused: the spool copies it
}

func newPrinter(stdout, stderr io.Writer, asJSON, color bool) *printer {
	return &printer{stdout: stdout, stderr: stderr, json: asJSON, color: color, width: 4, out: newSpool()}
}

// close writes what is left and returns the first error writing the
// output, if any.
func (p *printer) close() error {
	werr := p.out.close()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed == nil {
		p.failed = werr
	}
	return p.failed
}

// event prints e. Its line is built in p.line, which the spool copies.
func (p *printer) event(e runner.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed != nil {
		return
	}
	w, b := p.stdout, p.line[:0]
	switch {
	case p.json:
		j, err := json.Marshal(e)
		if err != nil {
			p.failed = err
			return
		}
		b = append(b, j...)
	case e.Kind == runner.Output, e.Kind == runner.Panic:
		if e.Kind == runner.Panic {
			w = p.stderr
		}
		b = append(append(p.appendPrefix(b, e.Who), "| "...), e.Text...)
	case e.Kind == runner.Input:
		b = append(p.appendPaint(p.appendPrefix(b, e.Who), "<", inputColor), ' ')
		b = append(b, e.Text...)
	case e.Kind == runner.Note:
		b = append(p.appendPaint(b, "note: ", noteColor), e.Text...)
	case e.Kind == runner.End:
		w = p.stderr
		c := doneColor
		if e.Status != runner.Done {
			c = failColor
		}
		line := e.Status.String()
		if e.Text != "" {
			line += ": " + e.Text
		}
		b = append(p.appendPaint(b, line, c), " after "+e.At.Round(time.Microsecond).String()...)
	default:
		return
	}
	p.line = append(b, '\n')
	if err := p.out.add(w, p.line); err != nil {
		p.failed = err
	}
}

// appendPrefix appends who's name, padded to the widest so far, and a
// space. Lines are built in place, in p.line: the server's 10,000 clients
// print 140,000 of them.
func (p *printer) appendPrefix(b []byte, who string) []byte {
	if who == "" {
		who = "?"
	}
	p.width = max(p.width, len(who))
	if p.color {
		b = appendColor(b, colorOf(who))
	}
	b = append(b, who...)
	for range p.width - len(who) {
		b = append(b, ' ')
	}
	if p.color {
		b = append(b, colorEnd...)
	}
	return append(b, ' ')
}

// ANSI colours: the goroutine palette, then the runner's own.
var palette = [page.Colours]string{"31", "32", "33", "34", "35", "36", "91", "92", "93", "94", "95", "96"}

const (
	noteColor  = "2;33" // dim yellow
	inputColor = "1"    // bold
	doneColor  = "32"
	failColor  = "1;31"
)

// colorOf picks a colour for a goroutine name: the same for every run,
// and the same as the page's.
func colorOf(who string) string { return palette[page.Colour(who)] }

// appendPaint appends s, in color if the output is coloured.
func (p *printer) appendPaint(b []byte, s, color string) []byte {
	if !p.color {
		return append(b, s...)
	}
	return append(append(appendColor(b, color), s...), colorEnd...)
}

// appendColor appends the ANSI sequence that starts color; colorEnd ends
// it.
func appendColor(b []byte, color string) []byte {
	return append(append(append(b, "\x1b["...), color...), 'm')
}

const colorEnd = "\x1b[0m"
