package runner

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Limits on a run's input. A caller can send far more than a program reads
// (a paste of a whole file, a program that never reads at all); what it
// does not read must not pile up without bound.
const (
	// MaxLine is how many bytes of a line the program gets: a longer line
	// is cut there (at a character boundary), with a Note.
	MaxLine = 1 << 20
	// MaxQueued is how many lines may wait to be read: further lines are
	// dropped, with a Note, until the program catches up.
	MaxQueued = 10000
	// MaxQueuedBytes bounds the bytes waiting to be read the same way
	// (a line is queued anyway if it is the only one).
	MaxQueuedBytes = 8 << 20
)

// The errors of [Stdin.Send], worded to be shown to whoever typed the line.
var (
	ErrInputEnded  = errors.New("the run has ended: it reads no more input")
	ErrInputClosed = errors.New("input is closed: the program has been told there is no more")
	ErrInputFull   = errors.New("the program has not read the lines sent before: this one was dropped")
)

// Stdin is a run's standard input: the lines its caller sends while it runs
// — the page as the user types them, the terminal from its standard input —
// which the program reads with [ReadLine]. Make one with [NewStdin], put it
// in [Config.Stdin], [Stdin.Send] lines and [Stdin.Close] it when there
// will be no more. It serves one run; its methods may be called from any
// goroutine, before the run starts as well as during it, but not from the
// run's Sink (Send may report to the run, which is busy calling the Sink).
type Stdin struct {
	mu      sync.Mutex
	lines   []queuedLine // lines[head:] wait to be read
	head    int
	bytes   int  // the bytes of the lines waiting
	closed  bool // no more lines will come: EOF once the queue is read
	ended   bool // the run is over: nothing more is read
	dropped int  // lines dropped since the queue was last emptied
	noted   bool // the run was told that lines are being dropped
	r       *run // the run reading this input, once it started
	signal  chan struct{}
}

// queuedLine is a line waiting to be read; size is its length before it
// was cut, or 0 if it was not.
type queuedLine struct {
	text string
	size int
}

// NewStdin returns an open Stdin with nothing sent yet.
func NewStdin() *Stdin {
	return &Stdin{signal: make(chan struct{}, 1)}
}

// Send sends the program one line of text, or several if text holds
// newlines (a final newline ends the last line; it does not start an
// empty one). Lines are kept as they are, control characters and markup
// included, up to MaxLine bytes each. It returns ErrInputEnded once the run
// is over, ErrInputClosed after Close, and ErrInputFull when MaxQueued
// lines already wait for the program to read them (the line is dropped and
// the run says so in a Note).
func (in *Stdin) Send(text string) error {
	text = strings.TrimSuffix(text, "\n")
	for line := range strings.SplitSeq(text, "\n") {
		if err := in.send(line); err != nil {
			return err
		}
	}
	return nil
}

func (in *Stdin) send(line string) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	switch {
	case in.ended:
		return ErrInputEnded
	case in.closed:
		return ErrInputClosed
	}
	q := queuedLine{text: line}
	if len(line) > MaxLine {
		q.text, q.size = cut(line, MaxLine), len(line)
	}
	if waiting := len(in.lines) - in.head; waiting >= MaxQueued || waiting > 0 && in.bytes+len(q.text) > MaxQueuedBytes {
		in.dropped++
		in.noteDropping()
		return ErrInputFull
	}
	in.lines = append(in.lines, q)
	in.bytes += len(q.text)
	in.wake()
	return nil
}

// Close tells the program that no more lines will come: once it has read
// those sent, ReadLine returns io.EOF. Closing twice does nothing.
func (in *Stdin) Close() error {
	in.mu.Lock()
	in.closed = true
	in.wake()
	in.mu.Unlock()
	return nil
}

// ReadLine returns the next line of the run's input, without its newline,
// as the goroutine ctx belongs to reads it: the line appears in the run's
// events as an [Input] event of that goroutine. It waits until a line is
// sent, sending a [Wait] event with the text "input" first, so that a
// goroutine waiting for its user is seen as such (and never as part of a
// deadlock). It returns io.EOF once the input is closed and read, or when
// the run has no input, and ctx's error when ctx is done while it waits. A
// line already sent is returned even if ctx is done, so a program can take
// what was typed while it was busy without waiting for more by passing a
// context that is done.
func ReadLine(ctx context.Context) (string, error) {
	g := from(ctx, "ReadLine")
	in := g.r.input
	if in == nil {
		return "", io.EOF
	}
	waited := false
	for {
		line, err := in.next(g)
		if err != errNoLine {
			if err == io.EOF && waited {
				g.r.emitWait(Event{Kind: Resume, Who: g.name})
			}
			return line, err
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
		if !waited {
			g.r.emit(Event{Kind: Ask, Who: g.name})
			g.r.emitWait(Event{Kind: Wait, Who: g.name, Text: "input"})
			waited = true
		}
		select {
		case <-in.signal:
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// errNoLine says that no line is there yet.
var errNoLine = errors.New("no line yet")

// next takes the next line for goroutine g and reports it as read, under
// the lock so that the Input events come in the order the lines were sent.
// It returns errNoLine when there is none yet, io.EOF when there will be
// none.
func (in *Stdin) next(g *gor) (string, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.head == len(in.lines) {
		if in.closed || in.ended {
			in.wake() // for the next reader
			return "", io.EOF
		}
		return "", errNoLine
	}
	q := in.lines[in.head]
	in.lines[in.head] = queuedLine{}
	in.head++
	in.bytes -= len(q.text)
	r := g.r
	r.emit(Event{Kind: Input, Who: g.name, Text: q.text})
	if q.size > 0 {
		r.note("input: a line of " + strconv.Itoa(q.size) + " bytes was cut to its first " + strconv.Itoa(len(q.text)))
	}
	if in.head == len(in.lines) {
		in.lines, in.head = in.lines[:0], 0
		if in.dropped > 0 {
			r.note("input: " + plural(in.dropped, "line was", "lines were") + " dropped while " +
				strconv.Itoa(MaxQueued) + " or more waited to be read")
			in.dropped, in.noted = 0, false
		}
	} else {
		in.wake()
	}
	return q.text, nil
}

// wake lets one waiting reader look again; with in.mu held.
func (in *Stdin) wake() {
	select {
	case in.signal <- struct{}{}:
	default:
	}
}

// noteDropping tells the run, once per time the queue fills, that lines
// are being dropped; with in.mu held.
func (in *Stdin) noteDropping() {
	if in.noted || in.r == nil {
		return
	}
	in.noted = true
	in.r.note("input: the program has not read the " + strconv.Itoa(len(in.lines)-in.head) +
		" lines sent before: lines sent now are dropped until it reads them")
}

// bind makes in the input of run r.
func (in *Stdin) bind(r *run) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.r = r
	if in.dropped > 0 {
		in.noteDropping()
	}
}

// endInput ends the run's input, if it has one: Run calls it as it returns.
func (r *run) endInput() {
	if r.input != nil {
		r.input.end()
	}
}

// end refuses further lines and drops those not read: the run is over.
func (in *Stdin) end() {
	in.mu.Lock()
	in.ended = true
	in.lines, in.head, in.bytes = nil, 0, 0
	in.wake()
	in.mu.Unlock()
}

// cut returns the first n bytes of s or fewer, not splitting a UTF-8
// sequence.
func cut(s string, n int) string {
	i := n
	for i > 0 && i > n-utf8.UTFMax && !utf8.RuneStart(s[i]) {
		i--
	}
	if !utf8.RuneStart(s[i]) {
		i = n // not UTF-8 there anyway
	}
	return s[:i]
}

// plural is "1 line was" or "3 lines were".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Caller returns the name of the calling goroutine in the run that reads
// in, as its output lines and timeline name it: for a host that reads
// standard input on behalf of a program (js/wasm's file system, for a
// package main written in the page) and must say who asked. Before the run
// starts it returns "".
func (in *Stdin) Caller() string {
	in.mu.Lock()
	r := in.r
	in.mu.Unlock()
	if r == nil {
		return ""
	}
	return r.currentName()
}

// ReadLineFor reads the next line for the goroutine named who (see
// Caller), as ReadLine does for a goroutine of the runner's: the line is
// an Input event of who, and who waiting is a Wait on "input". It returns
// io.EOF once the input is closed and read, or the run is over.
func (in *Stdin) ReadLineFor(who string) (string, error) {
	in.mu.Lock()
	r := in.r
	in.mu.Unlock()
	if r == nil {
		return "", io.EOF
	}
	g := &gor{name: who, r: r}
	waited := false
	for {
		line, err := in.next(g)
		if err != errNoLine {
			if err == io.EOF && waited {
				r.emitWait(Event{Kind: Resume, Who: who})
			}
			return line, err
		}
		if !waited {
			r.emit(Event{Kind: Ask, Who: who})
			r.emitWait(Event{Kind: Wait, Who: who, Text: "input"})
			waited = true
		}
		select {
		case <-in.signal:
		case <-r.ctx.Done():
			return "", io.EOF
		}
	}
}
