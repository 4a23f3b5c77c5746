// Package examples holds the programs of the tutorial "Basic Threading in
// Python", ported to Go, and the registry that lists them.
//
// # Programs
//
// Each program is one file with one main function, a [runner.Main]. The doc
// comment of that function is the program's title (its first line) and its
// lesson (the rest). [All] lists the twelve programs of the tutorial in its
// order, then six that go further: what goroutines cost (many), the two
// uses of threads the tutorial opens with and never shows — a program that
// answers its user while it works (responsive) and I/O that overlaps
// computation (overlap) — and three ways goroutines go wrong (panic,
// deadlock, spin). [Lookup] finds one by its short name.
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
// A program runs under [runner.Run] with [Example.Knobs] as its knobs. The
// networked ones ([Example.Network]) listen on and dial env.Addr() over
// env.Net(); in the role runner.Both they start both sides themselves.
// Those that read input ([Example.Input]) read lines from the run's
// runner.Stdin with runner.ReadLine.
package examples

import (
	"embed"
	"reflect"
	"runtime"
	"slices"
	"strings"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Example is one ported program.
type Example struct {
	Name    string        // short name for the command line and the URL: "pool"
	Title   string        // first line of the doc comment of its main function
	Lesson  string        // the rest of that doc comment; paragraphs are separated by blank lines
	File    string        // its source file: "pool.go"
	Source  string        // that file's text
	Knobs   []runner.Knob // its own knobs, then runner.TimeScale and runner.Stall (unless it has its own)
	Network bool          // it listens or dials, so a network, address, role, latency and bandwidth apply
	Input   bool          // it reads lines of input (runner.ReadLine), so its caller should send them
	Main    runner.Main
}

// The list is explicit, not *.go, which would embed the tests too.
//
//go:embed thread.go start.go group.go server.go client.go clients.go pool.go
//go:embed names.go alive.go join.go daemon.go func.go many.go
//go:embed responsive.go overlap.go panic.go deadlock.go spin.go
var sources embed.FS

// registry is every program in the order the page lists them.
var registry = []Example{
	{Name: "thread", File: "thread.go", Main: threadMain},
	{Name: "start", File: "start.go", Main: startMain},
	{Name: "group", File: "group.go", Main: groupMain, Knobs: []runner.Knob{goroutinesKnob, unsafeKnob}},
	{Name: "server", File: "server.go", Main: serverMain, Network: true,
		Knobs: []runner.Knob{clientsKnob, messagesKnob, protocolKnob}},
	{Name: "client", File: "client.go", Main: clientMain, Network: true,
		Knobs: []runner.Knob{messagesKnob, protocolKnob}},
	{Name: "clients", File: "clients.go", Main: clientsMain, Network: true,
		Knobs: []runner.Knob{clientsKnob, messagesKnob, protocolKnob}},
	{Name: "pool", File: "pool.go", Main: poolMain, Network: true,
		Knobs: []runner.Knob{clientsKnob, workersKnob, messagesKnob, pauseKnob, protocolKnob}},
	{Name: "names", File: "names.go", Main: namesMain},
	{Name: "alive", File: "alive.go", Main: aliveMain},
	{Name: "join", File: "join.go", Main: joinMain},
	{Name: "daemon", File: "daemon.go", Main: daemonMain},
	{Name: "func", File: "func.go", Main: funcMain, Knobs: []runner.Knob{waitKnob}},
	{Name: "many", File: "many.go", Main: manyMain, Network: true,
		Knobs: []runner.Knob{manyGoroutinesKnob, manyClientsKnob, manyWorkersKnob, messagesKnob, manyStallKnob}},
	{Name: "responsive", File: "responsive.go", Main: responsiveMain, Input: true,
		Knobs: []runner.Knob{primesKnob, backgroundKnob}},
	{Name: "overlap", File: "overlap.go", Main: overlapMain, Network: true,
		Knobs: []runner.Knob{filesKnob, sizeKnob, overlapLatencyKnob, overlapBandwidthKnob}},
	{Name: "panic", File: "panic.go", Main: panicMain, Knobs: []runner.Knob{recoverKnob}},
	{Name: "deadlock", File: "deadlock.go", Main: deadlockMain, Knobs: []runner.Knob{fixKnob}},
	{Name: "spin", File: "spin.go", Main: spinMain, Knobs: []runner.Knob{spinKnob, yieldKnob}},
}

func init() {
	for i := range registry {
		e := &registry[i]
		src, err := sources.ReadFile(e.File)
		if err != nil {
			continue // the registry test reports an example without its source
		}
		e.Source = string(src)
		e.Title, e.Lesson = docOf(e.Source, funcName(e.Main))
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

// Program returns the main function and the knobs of the program with the
// short name name: what an engine (internal/engine) needs to run it.
func Program(name string) (runner.Main, []runner.Knob, bool) {
	e, ok := Lookup(name)
	return e.Main, e.Knobs, ok
}

// funcName returns the bare name of the function f, "poolMain". The runtime
// knows it from the symbol table, so the registry cannot name one function
// and run another.
func funcName(f runner.Main) string {
	fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer())
	if fn == nil {
		return ""
	}
	name := fn.Name()
	return name[strings.LastIndexByte(name, '.')+1:]
}

// docOf returns the doc comment of the top-level function called name in
// the Go source src, split into its first line and the rest: the comment
// lines right above "func name(", without their "//" and the one space
// after it. Blank lines around the rest are dropped.
func docOf(src, name string) (title, lesson string) {
	if name == "" {
		return "", ""
	}
	lines := strings.Split(src, "\n")
	at := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "func "+name+"(") {
			at = i
			break
		}
	}
	start := at
	for start > 0 && strings.HasPrefix(lines[start-1], "//") {
		start--
	}
	if at < 0 || start == at {
		return "", ""
	}
	var doc []string
	for _, l := range lines[start:at] {
		l = strings.TrimPrefix(l, "//")
		doc = append(doc, strings.TrimPrefix(l, " "))
	}
	title = strings.TrimSpace(doc[0])
	lesson = strings.TrimSpace(strings.Join(doc[1:], "\n"))
	return title, lesson
}
