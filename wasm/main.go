//go:build js && wasm

// Command wasm is the playground page's view, its WebAssembly binary
// main.wasm, which runs on the page's main thread. The programs run in
// Web Workers, in another binary, the engine (wasm/engine, engine.wasm),
// which the page fetches only when it first needs a worker: the view's
// binary lists the programs and shows their sources, and links none of
// their code.
//
// # The view
//
// The view is the only code that touches the DOM, through
// honnef.co/go/js/dom/v2. It lists the programs, shows the selected one's
// lesson and source (highlighted at build time by internal/highlight), its
// knobs, Run and Stop, a status line and the output. It keeps the page
// state in the URL fragment (#example=pool&clients=5, &autorun=1 to run on
// load) and the page contract of the design: #playground's data-state is
// loading, ready, running, done, stopped or failed; each line of #output
// is an element with data-goroutine and the line as its text. Output is
// written in batches, at most once per animation frame, as elements whose
// text is set as text, never parsed as HTML; the panel keeps the last
// [scrollback] lines and says how many earlier ones it dropped. While
// lines flood in, a frame builds only the newest that fill the panel (it
// is then a sample of the stream), and the run's end settles the panel on
// its exact last lines; a frame's lines are built in the page by one call
// (wasm/lines.go).
// Beside the output, #timeline draws the run as SVG (wasm/timeline*.go,
// laid out by internal/timeline, its words and colours decided in
// internal/page): a lane per goroutine with its states from Go's execution
// tracer (running, ready, waiting, each wait with its reason and line, and
// who woke it), the clients waiting and being served, messages as
// labelled arrows, and a deadlock's stuck goroutines; a line of output and
// its mark share a data-event number (the view numbers the run's events)
// and light each other up when clicked. #trace saves the run's execution
// trace as a file (wasm/trace.go).
//
// # The engine
//
// A program runs in a worker, under internal/runner, so that nothing it
// does (spin without yielding, start a million goroutines) can freeze the
// page: there engine.wasm calls internal/engine's Serve with the built-in
// programs. The messages between the view and an engine are internal/
// protocol's, their payloads typed in runner's wire form (a Request; the
// events, the last of them the End with its Status).
//
// # Workers
//
// site/app.js fetches and compiles main.wasm for the view, and engine.wasm
// once, when the first worker is started; every worker gets the same
// compiled module. wasm/workers.go owns them: the active worker, the
// spare kept for the next run, and when a spare starts. Stop asks the
// engine to cancel the run; a run that has not ended [stopWait] later is
// ended by terminating its worker. An engine whose heartbeat (worker.js,
// while a run is under way and Go has handed its thread back) has been
// silent for protocol.SilentFor is held by a goroutine that never blocks
// and could not read the request, so its worker is terminated at once. If
// a worker's Go runtime exits or dies, the run fails with the runtime's
// report, or a spare is replaced after a backoff; the page itself never
// loses its Go runtime.
package main

func main() {
	runView()
	select {} // the callbacks registered above do the work from here on
}
