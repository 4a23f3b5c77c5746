// Package engine is the worker side of the playground page: it runs one
// program under internal/runner in a Web Worker and streams the run's
// events to the view on the page's main thread, in the messages of
// internal/protocol.
//
// The page's engine binary (wasm/engine, engine.wasm) calls [Serve] with
// the built-in programs. A program edited in the page is compiled with a
// generated main that calls [Serve] too (an edited built-in), or, for a
// plain package main, with a generated init that calls [Main]; either way
// it speaks the same protocol, so the view runs it like any other.
//
// # Batches
//
// Events go in the runner's wire form, in batches: when a batch reaches
// [batchSize], [batchDelay] after the first event of a quiet spell, and
// at the end. The End event travels alone in the last message, so a view
// that has stopped reading batches (after Stop) still finds it.
package engine
