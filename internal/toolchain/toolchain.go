// Package toolchain compiles and links edited Go programs with Go's own
// compiler and linker, built for js/wasm and run in the page's toolchain
// worker. It is plain Go: it plans, checks and reports; the worker's
// JavaScript (site/toolchain.js) fetches, instantiates and runs the tools
// for it, through a [Host].
//
// # A build
//
// A [protocol.BuildRequest] is either a plain program (package main, its
// files, plus one generated file that hands main to the engine: see
// [PlainMain]) or an edited built-in (the programs package,
// internal/examples/programs, compiled from its shipped sources with the
// edited files in place, only the files the edited program needs and a
// generated one naming its main function: see subset.go and [EditedMain];
// plus a generated package main: see [BuiltinMain]). The [Planner] parses
// each file's imports, checks them against the policy (internal/toolchain/policy) and
// the [Manifest], and writes the compiler's and linker's arguments the way
// the go command does, with file names relative to the package's folder so
// that errors read "./prog.go:12:5: ...", exactly as `go build` prints
// them. The [Builder] fetches the archives of the program's import closure
// that are not fetched yet (in parallel, with progress), writes the files,
// runs compile then link, and returns the program or the errors.
//
// # Errors
//
// The compiler prints its errors to standard output; [ParseDiagnostics]
// reads them into a list with places. A build's Output is the failing
// tool's text as `go build` prints it, without the "# package" line that
// the go command adds above it.
//
// # Formatting
//
// [Format] is gofmt's rules (go/format), so the page can format without
// loading the compiler.
package toolchain

// HostGlobal is the name of the object site/toolchain.js gives the driver:
// globalThis.toolchainHost. toolchain.js names it in its keys (a test
// checks).
const HostGlobal = "toolchainHost"
