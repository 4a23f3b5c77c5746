// Package examples lists the programs of the tutorial "Basic Threading in
// Python", ported to Go: their names, titles, lessons, sources and knobs.
// The programs themselves are in the package programs below it
// (internal/examples/programs), one file each.
//
// # Programs
//
// Each program is one file of package programs with one main function, a
// [runner.Main]: program NAME's is NAMEMain, in NAME.go. The doc comment of
// that function is the program's title (its first line) and its lesson
// (the rest). [All] lists the twelve programs of the tutorial in its
// order, then six that go further: what goroutines cost (many), the two
// uses of threads the tutorial opens with and never shows — a program that
// answers its user while it works (responsive) and I/O that overlaps
// computation (overlap) — and three ways goroutines go wrong (panic,
// deadlock, spin). [Lookup] finds one by its short name.
//
// # A list without code
//
// This package holds no program's code and imports none: the page's view
// (main.wasm) lists the programs, shows their sources and reads their knobs
// from here, and so links neither the programs nor what they import (the
// in-memory network, pickle and gopickle with math/big, whose package
// initialisers alone would keep them in the binary). The engine
// (engine.wasm) runs them: it pairs this list with programs.Main through
// [Programs].
//
// # Source
//
// The page shows a program's file next to its output, so every file is
// embedded from the very source that is compiled and run, and its title and
// lesson are read from that text when the package initialises — by plain
// string scanning, since go/parser would weigh on the WebAssembly binary.
//
// # Running them
//
// A program runs under [runner.Run], its main function programs.Main(Name)
// with [Example.Knobs] as its knobs. The
// networked ones ([Example.Network]) listen on and dial env.Addr() over
// env.Net(); in the role runner.Both they start both sides themselves.
// Those that read input ([Example.Input]) read lines from the run's
// runner.Stdin with runner.ReadLine.
package examples

import (
	"embed"
	"slices"
	"strings"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Example is one ported program.
type Example struct {
	Name    string        // short name for the command line and the URL: "pool"
	Title   string        // first line of the doc comment of its main function
	Lesson  string        // the rest of that doc comment; paragraphs are separated by blank lines
	File    string        // its source file, in package programs: Name + ".go", "pool.go"
	Source  string        // that file's text
	Knobs   []runner.Knob // its own knobs, then runner.TimeScale and runner.Stall (unless it has its own)
	Network bool          // it listens or dials, so a network, address, role, latency and bandwidth apply
	Input   bool          // it reads lines of input (runner.ReadLine), so its caller should send them
}

// The list is explicit, not programs/*.go, which would embed the tests too.
//
//go:embed programs/thread.go programs/start.go programs/group.go programs/server.go
//go:embed programs/client.go programs/clients.go programs/pool.go programs/names.go
//go:embed programs/alive.go programs/join.go programs/daemon.go programs/func.go programs/many.go
//go:embed programs/responsive.go programs/overlap.go programs/panic.go programs/deadlock.go programs/spin.go
var sources embed.FS

// dir is the folder of the programs' files, in [sources].
const dir = "programs/"

// registry is every program in the order the page lists them. Each one's
// File, Source, title, lesson and common knobs are filled in by init.
var registry = []Example{
	{Name: "thread"},
	{Name: "start"},
	{Name: "group", Knobs: []runner.Knob{goroutinesKnob, unsafeKnob}},
	{Name: "server", Network: true,
		Knobs: []runner.Knob{clientsKnob, messagesKnob, protocolKnob}},
	{Name: "client", Network: true,
		Knobs: []runner.Knob{messagesKnob, protocolKnob}},
	{Name: "clients", Network: true,
		Knobs: []runner.Knob{clientsKnob, messagesKnob, protocolKnob}},
	{Name: "pool", Network: true,
		Knobs: []runner.Knob{clientsKnob, workersKnob, messagesKnob, pauseKnob, protocolKnob}},
	{Name: "names"},
	{Name: "alive"},
	{Name: "join"},
	{Name: "daemon"},
	{Name: "func", Knobs: []runner.Knob{waitKnob}},
	{Name: "many", Network: true,
		Knobs: []runner.Knob{manyGoroutinesKnob, manyClientsKnob, manyWorkersKnob, messagesKnob, manyStallKnob}},
	{Name: "responsive", Input: true,
		Knobs: []runner.Knob{primesKnob, backgroundKnob}},
	{Name: "overlap", Network: true,
		Knobs: []runner.Knob{filesKnob, sizeKnob, overlapLatencyKnob, overlapBandwidthKnob}},
	{Name: "panic", Knobs: []runner.Knob{recoverKnob}},
	{Name: "deadlock", Knobs: []runner.Knob{fixKnob}},
	{Name: "spin", Knobs: []runner.Knob{spinKnob, yieldKnob}},
}

func init() {
	for i := range registry {
		e := &registry[i]
		e.File = e.Name + ".go"
		src, err := sources.ReadFile(dir + e.File)
		if err != nil {
			continue // the registry test reports an example without its source
		}
		e.Source = string(src)
		e.Title, e.Lesson = docOf(e.Source, e.Name+"Main")
		e.Knobs = withCommon(e.Knobs, e.Network)
	}
}

// withCommon returns own followed by the common knobs: the network's
// latency and bandwidth for a networked program, then the time scale and
// the stall, which every program has. A program may declare a common knob
// itself to change its default; it keeps its common place.
func withCommon(own []runner.Knob, network bool) []runner.Knob {
	common := []runner.Knob{runner.TimeScale, runner.Stall}
	if network {
		common = []runner.Knob{runner.Latency, runner.Bandwidth, runner.TimeScale, runner.Stall}
	}
	var knobs []runner.Knob
	for _, k := range own {
		if i := slices.IndexFunc(common, func(c runner.Knob) bool { return c.Name == k.Name }); i >= 0 {
			common[i] = k
			continue
		}
		knobs = append(knobs, k)
	}
	return append(knobs, common...)
}

// All returns every program, in the tutorial's order. The slice is a copy;
// the examples' Knobs are shared and must not be modified.
func All() []Example {
	return append([]Example(nil), registry...)
}

// Lookup returns the program with the short name name.
func Lookup(name string) (Example, bool) {
	for _, e := range registry {
		if e.Name == name {
			return e, true
		}
	}
	return Example{}, false
}

// Programs returns what an engine (internal/engine) looks programs up
// with: the main function of the program called name, as mains finds it
// (programs.Main, precompiled or compiled again from an edit in the page),
// and its knobs from this list. A name that is not on the list, or whose
// main mains does not find, is no program.
func Programs(mains func(name string) runner.Main) func(name string) (runner.Main, []runner.Knob, bool) {
	return func(name string) (runner.Main, []runner.Knob, bool) {
		e, ok := Lookup(name)
		if !ok {
			return nil, nil, false
		}
		m := mains(name)
		return m, e.Knobs, m != nil
	}
}

// docOf returns the doc comment of the top-level function called name in
// the Go source src, split into its first line and the rest: the comment
// lines right above "func name(", without their "//" and the one space
// after it. Blank lines around the rest are dropped.
func docOf(src, name string) (title, lesson string) {
	if name == "" {
		return "", ""
	}
	// Every page and engine runs this for each program at start-up: it
	// reads back from the function's line, not through the whole file.
	at := strings.Index(src, "\nfunc "+name+"(")
	if at < 0 {
		return "", ""
	}
	var doc []string
	for end := at; end > 0; {
		start := strings.LastIndexByte(src[:end], '\n') + 1
		l, ok := strings.CutPrefix(src[start:end], "//")
		if !ok {
			break
		}
		doc = append(doc, strings.TrimPrefix(l, " "))
		end = start - 1
	}
	if len(doc) == 0 {
		return "", ""
	}
	slices.Reverse(doc)
	title = strings.TrimSpace(doc[0])
	lesson = strings.TrimSpace(strings.Join(doc[1:], "\n"))
	return title, lesson
}
