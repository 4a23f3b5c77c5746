// Package programs is the code of the playground's built-in programs: the
// tutorial's, ported to Go, and those that go further. Each is one file
// with one main function, a runner.Main: program NAME's is NAMEMain, in
// NAME.go, and its doc comment is the program's title and lesson. The list
// of programs, with their sources and knobs, is the package above,
// internal/examples, which holds no code of theirs: see there.
//
// An engine runs them (wasm/engine, with examples.Programs(Main)), and so
// does cmd/threads. A program edited in the page is this package compiled
// again with the edited file in place of its original, and of the others
// only those the program needs, by the names it uses (internal/toolchain's
// subset.go): this file, whose Main names every program, is left out, and
// a generated one gives the engine the edited program's main function.
package programs

import "github.com/goroutine-playground/playground/internal/runner"

// mains maps each program's short name to its main function.
var mains = map[string]runner.Main{
	"thread":     threadMain,
	"start":      startMain,
	"group":      groupMain,
	"server":     serverMain,
	"client":     clientMain,
	"clients":    clientsMain,
	"pool":       poolMain,
	"names":      namesMain,
	"alive":      aliveMain,
	"join":       joinMain,
	"daemon":     daemonMain,
	"func":       funcMain,
	"many":       manyMain,
	"responsive": responsiveMain,
	"overlap":    overlapMain,
	"panic":      panicMain,
	"deadlock":   deadlockMain,
	"spin":       spinMain,
}

// Main returns the main function of the program with the short name name,
// or nil if there is none.
func Main(name string) runner.Main {
	return mains[name]
}
