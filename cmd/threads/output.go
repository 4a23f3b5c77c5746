package main

import (
	"encoding/json"
	"io"
	"strings"
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

// event prints e.
func (p *printer) event(e runner.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed != nil {
		return
	}
	if p.json {
		b, err := json.Marshal(e)
		if err != nil {
			p.failed = err
			return
		}
		p.write(p.stdout, string(b)+"\n")
		return
	}
	switch e.Kind {
	case runner.Output:
		p.write(p.stdout, p.prefix(e.Who)+e.Text+"\n")
	case runner.Input:
		p.write(p.stdout, p.inputPrefix(e.Who)+e.Text+"\n")
	case runner.Note:
		p.write(p.stdout, p.paint("note: ", noteColor)+e.Text+"\n")
	case runner.Panic:
		p.write(p.stderr, p.prefix(e.Who)+e.Text+"\n")
	case runner.End:
		c := doneColor
		if e.Status != runner.Done {
			c = failColor
		}
		line := e.Status.String()
		if e.Text != "" {
			line += ": " + e.Text
		}
		p.write(p.stderr, p.paint(line, c)+" after "+e.At.Round(time.Microsecond).String()+"\n")
	}
}

func (p *printer) write(w io.Writer, s string) {
	if err := p.out.add(w, s); err != nil {
		p.failed = err
	}
}

// prefix is who's name, padded to the widest so far, and a bar.
func (p *printer) prefix(who string) string {
	if who == "" {
		who = "?"
	}
	p.width = max(p.width, len(who))
	pad := who + strings.Repeat(" ", p.width-len(who))
	return p.paint(pad, colorOf(who)) + " | "
}

// inputPrefix is prefix for a line of input who read: a "<" instead of
// the bar.
func (p *printer) inputPrefix(who string) string {
	return strings.TrimSuffix(p.prefix(who), "| ") + p.paint("<", inputColor) + " "
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

func (p *printer) paint(s, color string) string {
	if !p.color {
		return s
	}
	return "\x1b[" + color + "m" + s + "\x1b[0m"
}
