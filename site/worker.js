"use strict";
// The engine's Web Worker. The page posts it the compiled module once
// ({module}); until Go is up, every other message waits here in order. Go
// then calls handOff with its handler and receives them all. What the Go
// runtime writes (a panic that escaped the runner, say) and its exit code go
// to the page instead of the console, so the page can show the run as failed.
// Started from a blob: (see app.js), the worker has no address of its own
// to resolve names against: self.wasmBase is worker.js's.
importScripts(new URL("wasm_exec.js", self.wasmBase || self.location.href).href);

const waiting = [];
const beatEvery = 40; // ms; see wasm/worker.go's silentFor
let deliver = null; // Go's handler, once Go has called handOff
let stderr = "";

self.handOff = (handler) => {
  deliver = handler;
  for (const m of waiting.splice(0)) handler(m);
  // A heartbeat. It can only be sent while Go has handed this thread back
  // to the event loop, which it does whenever every goroutine is blocked;
  // a program that never blocks (spin's spinner) silences it. The page
  // reads the silence at Stop: a silent engine cannot even receive the
  // request to stop, so the page ends the worker at once.
  setInterval(() => self.postMessage({beat: true}), beatEvery);
};

const decoder = new TextDecoder();
globalThis.fs.writeSync = (fd, buf) => {
  // Keep the tail: the end of a crash report says the most.
  stderr = (stderr + decoder.decode(buf)).slice(-16384);
  return buf.length;
};

self.onmessage = (e) => {
  const m = e.data;
  if (m && m.module) {
    start(m.module);
  } else if (deliver) {
    deliver(m);
  } else {
    waiting.push(m);
  }
};

async function start(module) {
  const go = new Go();
  go.exit = (code) => {
    deliver = null;
    self.postMessage({exit: code, stderr});
  };
  try {
    const instance = await WebAssembly.instantiate(module, go.importObject);
    await go.run(instance);
  } catch (err) {
    deliver = null;
    self.postMessage({exit: -1, stderr: stderr + String(err)});
  }
}
