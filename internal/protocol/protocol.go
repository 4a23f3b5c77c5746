// Package protocol names the messages between the playground page's main
// thread and its Web Workers, and the timings both sides rely on. It is
// the one table of what crosses the boundary: the view and the engine (Go)
// use these constants, and the site's scripts (JS) get the same table as
// protocol.js, which the site build writes from [JS].
//
// # Messages
//
// Every message is a plain object with one key saying what it is. What it
// carries is typed and encoded by Go (see internal/runner's wire form),
// so JS only relays bytes:
//
//	page → worker    {module: WebAssembly.Module}  the program to run (worker.js)
//	view → engine    {run: Uint8Array}             a runner.Request
//	                 {stop: true}                  cancel the run
//	                 {input: text}                 lines of input for the program
//	                 {closeInput: true}            no more input (end of file)
//	engine → view    {events: Uint8Array}          a batch of runner.Events
//	                 {end: Uint8Array}             the last batch: its last event is the End
//	                 {trace: Uint8Array}           the next bytes of the run's Go execution trace
//	worker.js → view {beat: true}                  every BeatEvery while Go has handed back the thread
//	                 {exit: code, stderr: text}    the worker's Go runtime exited
package protocol

import (
	"strconv"
	"strings"
	"time"
)

// The keys of the messages.
const (
	Module = "module"
	Run    = "run"
	Stop   = "stop"
	// Input carries lines of input, as text; CloseInput ends the input.
	Input      = "input"
	CloseInput = "closeInput"
	Events     = "events"
	End        = "end"
	Trace      = "trace"
	Beat       = "beat"
	Exit       = "exit"
	Stderr     = "stderr"
)

// BeatEvery is how often a worker's script says it is alive. It can only
// speak while Go has handed the worker's thread back to the event loop,
// which Go does whenever every goroutine is blocked; a program that never
// blocks silences it.
const BeatEvery = 40 * time.Millisecond

// SilentFor is how long an engine may go without a word before the view
// counts it as busy: its Go program holds the worker's only thread, so a
// message asking it to stop would wait unread.
const SilentFor = 150 * time.Millisecond

// BatchDelay is how long a worker's script lets events gather before it
// posts them to the view, unless BatchBytes of them are waiting: about a
// frame, since the view draws once a frame anyway.
const (
	BatchDelay = 16 * time.Millisecond
	BatchBytes = 32 << 10
)

// StderrTail is how much of what a worker's Go runtime wrote to stderr
// its script keeps for the exit message: the end of a crash report says
// the most.
const StderrTail = 16 << 10

// JS returns the table as a script that defines the global
// goroutinePlaygroundProtocol, for worker.js and app.js.
func JS() string {
	var b strings.Builder
	b.WriteString("\"use strict\";\n// Written by the site build from internal/protocol; do not edit.\n")
	b.WriteString("self.goroutinePlaygroundProtocol = Object.freeze({\n")
	for _, kv := range [...][2]string{
		{"module", Module}, {"run", Run}, {"stop", Stop}, {"input", Input}, {"closeInput", CloseInput},
		{"events", Events}, {"end", End}, {"trace", Trace},
		{"beat", Beat}, {"exit", Exit}, {"stderr", Stderr},
	} {
		b.WriteString("  " + kv[0] + ": " + strconv.Quote(kv[1]) + ",\n")
	}
	b.WriteString("  beatEvery: " + strconv.FormatInt(BeatEvery.Milliseconds(), 10) + ",\n")
	b.WriteString("  stderrTail: " + strconv.Itoa(StderrTail) + ",\n")
	b.WriteString("  batchDelay: " + strconv.FormatInt(BatchDelay.Milliseconds(), 10) + ",\n")
	b.WriteString("  batchBytes: " + strconv.Itoa(BatchBytes) + ",\n")
	b.WriteString("});\n")
	return b.String()
}
