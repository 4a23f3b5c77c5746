//go:build js && wasm

// Command engine is the playground's engine binary (engine.wasm): what
// runs in the page's Web Workers. It serves the built-in programs with
// internal/engine, one run per worker, in the messages of internal/
// protocol.
//
// It is a binary of its own, apart from the view (wasm/, main.wasm), so
// that the page's first load fetches and compiles only the view: the
// programs, the in-memory network, pickle and the execution tracer's
// parser are fetched when a worker is first needed (site/app.js), on the
// reader's first gesture, or at once for a page that runs on load.
package main

import (
	"github.com/goroutine-playground/playground/internal/engine"
	"github.com/goroutine-playground/playground/internal/examples"
	"github.com/goroutine-playground/playground/internal/examples/programs"
)

func main() {
	engine.Serve(examples.Programs(programs.Main))
}
