// Package protocol is what the page's view and the toolchain worker say to
// each other: one Go type per message, and a compact binary form of each.
// The view (Go, in the page) and the build driver (Go, in the toolchain
// worker) are its two ends; the worker's JavaScript only relays the bytes.
//
// # Messages
//
// The view sends a [BuildRequest] (compile and link edited code), a
// [FormatRequest] (gofmt one file; no compiler needed) or a
// [PrepareRequest] (load the compiler and linker now and warm them up, so
// that the first Run is quick). The worker answers each with one result
// ([BuildResult] or [FormatResult]; a PrepareRequest gets a BuildResult
// without Wasm), carrying the request's ID, and may send [Progress] messages
// for a build before its result. Requests are served one at a time, in the
// order they arrive; a FormatRequest may be answered between the steps of a
// build.
//
// # Wire form
//
// [Append] writes a message and [Decode] reads one. A message is its
// [Version] byte, a type byte, then its fields in order: integers as
// varints, strings and byte slices as a uvarint length and the bytes, lists
// as a uvarint count and the items. Decode refuses a version it does not
// know, a length longer than what is left and trailing bytes: it never
// allocates more than the input's size and never panics.
//
// # Besides the bytes
//
// When the worker itself fails (its driver did not load, or exited), its
// JavaScript posts a plain object {fault: text} instead: see [KeyFault].
// And a build's linked program may go to the page compiled, as a
// WebAssembly.Module in a plain object of its own just before the result
// ([BuildResult.Delivered]): see [KeyModule].
package protocol

import (
	"strconv"
	"time"
)

// Version is the protocol's version: the first byte of every message.
const Version = 2

// KeyFault is the key of the one plain object the toolchain worker posts
// besides protocol bytes: {fault: "why"} when it cannot go on and must be
// replaced. site/toolchain.js names the same key (a test checks).
const KeyFault = "fault"

// KeyModule and KeyID are the keys of the plain object that carries a
// build's linked program, compiled: {module: WebAssembly.Module, id: the
// request's ID}, posted just before the build's [BuildResult], whose
// Delivered says so. site/toolchain.js names the same keys (a test checks).
const (
	KeyModule = "module"
	KeyID     = "id"
)

// Kind says what a build request holds.
type Kind uint8

const (
	// Plain is a package main written from scratch: its files, with func main.
	Plain Kind = iota + 1
	// Builtin is a built-in program with some of its package's files
	// edited: the package is compiled with these files in place of its own.
	Builtin
)

// String returns the kind's name: "plain", "builtin".
func (k Kind) String() string {
	switch k {
	case Plain:
		return "plain"
	case Builtin:
		return "builtin"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Phase is a step of a build, as progress names it.
type Phase uint8

const (
	Download    Phase = iota + 1 // fetching the tools and archives not fetched yet
	Instantiate                  // compiling the tools' wasm (first build only)
	Compile                      // running the compiler
	Link                         // running the linker
)

// String returns the phase's name: "download", "compile"...
func (p Phase) String() string {
	switch p {
	case Download:
		return "download"
	case Instantiate:
		return "instantiate"
	case Compile:
		return "compile"
	case Link:
		return "link"
	}
	return "phase(" + strconv.Itoa(int(p)) + ")"
}

// File is one source file: its base name ("prog.go") and its text.
type File struct {
	Name string
	Text string
}

// Diagnostic is one error the compiler (or the checks before it) reported
// at a place in a file. Line and Col count from 1; Msg is one line, or
// several when the compiler adds indented detail lines.
type Diagnostic struct {
	File string
	Line int
	Col  int
	Msg  string
}

// Timings says where a build's time went. Instantiate is the creation of
// the tools' instances (and, on the first build, the compilation of their
// modules); Compile and Link are the tools' own runs.
type Timings struct {
	Download    time.Duration
	Instantiate time.Duration
	Compile     time.Duration
	Link        time.Duration
}

// BuildRequest asks for a program to be compiled and linked.
type BuildRequest struct {
	ID      uint32
	Kind    Kind
	Program string // for Builtin, the program's short name ("pool"); for Plain, a label
	Files   []File // for Plain, every file; for Builtin, the edited files only
}

// FormatRequest asks for one file to be formatted by gofmt's rules.
type FormatRequest struct {
	ID   uint32
	File File
}

// PrepareRequest asks the worker to load the compiler and linker and warm
// them up with a throwaway build, so that the next build runs at full speed.
type PrepareRequest struct {
	ID uint32
}

// Progress tells how far a request has come. During Download, Done and
// Total count the bytes of the files being fetched (uncompressed).
type Progress struct {
	ID    uint32
	Phase Phase
	Done  int64
	Total int64
	Text  string // one line for the page: "Downloading the compiler and 58 packages (13.8 MB)"
}

// BuildResult is the end of a build. When OK, Wasm is the linked program,
// or Delivered says the program went to the page beside this message,
// compiled (see [KeyModule]), and Wasm is empty; otherwise Diagnostics
// lists the errors with places, and Output is the failure's text as `go
// build` prints it (without its "# package" line).
type BuildResult struct {
	ID          uint32
	OK          bool
	Delivered   bool
	Wasm        []byte
	Diagnostics []Diagnostic
	Output      string
	Timings     Timings
}

// FormatResult is the end of a format: the formatted text when OK, the
// syntax errors otherwise.
type FormatResult struct {
	ID          uint32
	OK          bool
	Text        string
	Diagnostics []Diagnostic
	Output      string
}

// Message is one of the protocol's message types, and nothing else.
type Message interface {
	msgType() msgType
}

// msgType is the byte after the version.
type msgType byte

const (
	tBuildRequest msgType = iota + 1
	tFormatRequest
	tPrepareRequest
	tProgress
	tBuildResult
	tFormatResult
)

func (BuildRequest) msgType() msgType   { return tBuildRequest }
func (FormatRequest) msgType() msgType  { return tFormatRequest }
func (PrepareRequest) msgType() msgType { return tPrepareRequest }
func (Progress) msgType() msgType       { return tProgress }
func (BuildResult) msgType() msgType    { return tBuildResult }
func (FormatResult) msgType() msgType   { return tFormatResult }

// RequestID returns the ID every message carries.
func RequestID(m Message) uint32 {
	switch m := m.(type) {
	case BuildRequest:
		return m.ID
	case FormatRequest:
		return m.ID
	case PrepareRequest:
		return m.ID
	case Progress:
		return m.ID
	case BuildResult:
		return m.ID
	case FormatResult:
		return m.ID
	}
	return 0
}
