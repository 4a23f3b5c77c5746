"use strict";
// The engine's Web Worker. The page posts it the compiled module once
// ({module}); until Go is up, every other message waits here in order. Go
// then calls handOff with its handler and receives them all. What the Go
// runtime writes (a panic that escaped the runner, say) and its exit code go
// to the page instead of the console, so the page can show the run as failed.
// The message keys and timings are protocol.js's, written by the site build
// from internal/protocol.
// Started from a blob: (see app.js), the worker has no address of its own
// to resolve names against: self.wasmBase is worker.js's.
(() => {
  const base = self.wasmBase || self.location.href;
  importScripts(new URL("protocol.js", base).href, new URL("wasm_exec.js", base).href);
  const P = self.goroutinePlaygroundProtocol;

  const waiting = [];
  let deliver = null; // Go's handler, once Go has called handOff
  let beat = 0; // the heartbeat's interval, while a run is under way
  // What the Go runtime itself writes (a crash report, print and println):
  // its start (the verdict: "fatal error: stack overflow") and its end
  // (the stacks) go with the exit message.
  let head = "";
  let tail = "";
  let skipped = false;
  function stderr() {
    return head + (skipped ? "\n…\n" : "") + tail;
  }

  self.handOff = (handler) => {
    deliver = handler;
    for (const m of waiting.splice(0)) handler(m);
  };

  // A heartbeat, from the run's request to the worker's end. It can only
  // be sent while Go has handed this thread back to the event loop, which
  // it does whenever every goroutine is blocked; a program that never
  // blocks (spin's spinner) silences it. The page reads the silence at
  // Stop: a silent engine cannot even receive the request to stop, so the
  // page ends the worker at once. A worker waiting for a run (the spare)
  // stays quiet and costs nothing.
  function startBeat() {
    if (!beat) beat = setInterval(() => self.postMessage({[P.beat]: true}), P.beatEvery);
  }

  const decoder = new TextDecoder();
  globalThis.fs.writeSync = (fd, buf) => {
    let text = decoder.decode(buf);
    const room = P.stderrTail / 4 - head.length;
    if (room > 0) {
      head += text.slice(0, room);
      text = text.slice(room);
    }
    const all = tail + text;
    skipped = skipped || all.length > P.stderrTail;
    tail = all.slice(-P.stderrTail);
    return buf.length;
  };
  // What a program written in the page writes to os.Stdout and os.Stderr
  // goes to its engine (internal/engine's Main), which has asked for it:
  // called here, synchronously, Go runs the handler on the goroutine that
  // wrote, so the line is that goroutine's.
  let stdio = null;
  let stdin = null;
  self.handStdio = (out, read) => {
    stdio = out;
    stdin = read;
  };
  const write = globalThis.fs.write;
  globalThis.fs.write = function (fd, buf, offset, length, position, callback) {
    if (stdio && (fd === 1 || fd === 2) && position === null) {
      stdio(fd, buf.subarray(offset, offset + length));
      callback(null, length);
      return;
    }
    write.call(this, fd, buf, offset, length, position, callback);
  };
  // Reads of os.Stdin wait for the lines the reader types in the page.
  const read = globalThis.fs.read;
  globalThis.fs.read = function (fd, buf, offset, length, position, callback) {
    if (stdin && fd === 0) {
      stdin(buf.subarray(offset, offset + length), length, callback);
      return;
    }
    read.call(this, fd, buf, offset, length, position, callback);
  };

  // Events: Go stages them here in wire form; they are posted to the view
  // at most once a frame, at once past batchBytes or with the run's first
  // line, and before the run's end and the runtime's exit, so that nothing
  // Go handed over is lost if it then dies.
  let staged = [];
  let stagedBytes = 0;
  let lastPost = -Infinity;
  let timer = 0;
  function post() {
    clearTimeout(timer);
    timer = 0;
    if (staged.length === 0) return;
    let all = staged[0];
    if (staged.length > 1) {
      all = new Uint8Array(stagedBytes);
      let at = 0;
      for (const b of staged) {
        all.set(b, at);
        at += b.length;
      }
    }
    staged = [];
    stagedBytes = 0;
    lastPost = performance.now();
    self.postMessage({[P.events]: all}, [all.buffer]);
  }
  // The run's execution trace goes to the view as it comes, after the
  // events staged before it.
  self.stageTrace = (bytes) => {
    post();
    self.postMessage({[P.trace]: bytes}, [bytes.buffer]);
  };
  // now says the events carry the run's first line of output, which the
  // reader is waiting for: they go at once.
  self.stage = (bytes, end, now) => {
    if (end) {
      post();
      self.postMessage({[P.end]: bytes}, [bytes.buffer]);
      return;
    }
    staged.push(bytes);
    stagedBytes += bytes.length;
    const wait = P.batchDelay - (performance.now() - lastPost);
    if (now || stagedBytes >= P.batchBytes || wait <= 0) {
      post();
    } else if (!timer) {
      timer = setTimeout(post, wait);
    }
  };

  self.onmessage = (e) => {
    const m = e.data;
    if (m && m[P.module]) {
      start(m[P.module]);
      return;
    }
    if (m && m[P.run]) startBeat();
    if (deliver) {
      deliver(m);
    } else {
      waiting.push(m);
    }
  };

  function exited(code, why) {
    post();
    deliver = null;
    clearInterval(beat);
    self.postMessage({[P.exit]: code, [P.stderr]: stderr() + why});
  }

  async function start(module) {
    const go = new Go();
    go.exit = (code) => exited(code, "");
    try {
      const instance = await WebAssembly.instantiate(module, go.importObject);
      await go.run(instance);
    } catch (err) {
      exited(-1, String(err));
    }
  }
})();
