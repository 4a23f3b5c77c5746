"use strict";
// Starts the page. The wasm binary is fetched and compiled once; the same
// compiled module runs the view here and the engine in every Web Worker
// (a WebAssembly.Module can be posted to a worker). When the page is to
// run a program at once (autorun in its address), the first worker is
// started now, so it warms up while the view starts; otherwise the view
// starts workers when the reader comes near (wasm/workers.go). Message
// keys come from protocol.js. See wasm/main.go.
(() => {
  const P = self.goroutinePlaygroundProtocol;
  const wasm = "main.wasm";
  // An embed made by embed.js gets main.wasm from the article's loader,
  // which fetches it once for all its embeds (see embed.js); it fetches
  // the module itself only if the loader could not.
  const host = embedHost();
  const compiled = host ? host.module().catch(fetchModule) : fetchModule();
  function fetchModule() {
    return WebAssembly.compileStreaming(fetch(wasm)).catch(async () => {
      // A host that serves .wasm without application/wasm: compile from bytes.
      const res = await fetch(wasm);
      if (!res.ok) throw new Error(wasm + ": " + res.status + " " + res.statusText);
      return WebAssembly.compile(await res.arrayBuffer());
    });
  }

  // In a sandboxed iframe (embed.html under sandbox="allow-scripts") the
  // document's origin is opaque, and a Worker may only be started from a
  // script of the same origin: the server's worker.js is refused. A blob:
  // made here has the document's origin, so a one-line blob worker that
  // imports worker.js by its full address (importScripts needs no
  // same-origin) stands in. wasmBase tells worker.js where it lives.
  const blobs = new Map(); // script → the blob: URL that imports it
  function newWorker(script) {
    const url = new URL(script, document.baseURI).href;
    if (self.origin !== "null") {
      try {
        return new Worker(url);
      } catch (err) {
        // Refused for another reason the blob may get around; try it.
      }
    }
    if (!blobs.has(url)) {
      const src = "self.wasmBase = " + JSON.stringify(url) + "; importScripts(self.wasmBase);";
      blobs.set(url, URL.createObjectURL(new Blob([src], {type: "text/javascript"})));
    }
    return new Worker(blobs.get(url));
  }

  function spawn() {
    const w = newWorker("worker.js");
    compiled.then((module) => w.postMessage({[P.module]: module}), () => {});
    return w;
  }

  // The view takes the first worker with take(), then calls spawn() for
  // each spare. Only a hint is read from the address here: the view
  // (internal/page) decides what it means.
  let first = /[#&]autorun=/.test(location.hash) ? spawn() : null;
  // The view sets onNear to hear whether the embed is near the article's
  // viewport (it lets its spare worker go when far); near says it now.
  globalThis.playground = {
    spawn,
    take() {
      const w = first || spawn();
      first = null;
      return w;
    },
    // spawnWith starts an engine on a program built in the page (its
    // compiled WebAssembly.Module), not on main.wasm.
    spawnWith(module) {
      const w = newWorker("worker.js");
      w.postMessage({[P.module]: module});
      return w;
    },
    // toolchain starts the worker of Go's compiler and linker.
    toolchain() {
      return newWorker("toolchain.js");
    },
    // compile compiles a program's wasm bytes into a module, or rejects.
    compile(bytes) {
      return WebAssembly.compile(bytes);
    },
    near: true,
    onNear: null,
  };

  // embedHost returns the article's loader (embed.js), which this frame
  // talks to by postMessage, or null when the page is not such an embed.
  // Only an opaque-origin frame takes the module from its parent: there it
  // can reach nothing the parent could not reach anyway.
  function embedHost() {
    const prefix = "goroutine-playground:";
    if (window.parent === window || self.origin !== "null" || !window.name.startsWith("goroutine-playground-")) {
      return null;
    }
    let answer;
    const module = new Promise((ok, fail) => { answer = {ok, fail}; });
    window.addEventListener("message", (e) => {
      const m = e.data;
      if (e.source !== window.parent || !m || typeof m !== "object") return;
      if (m.type === prefix + "module") {
        if (m.blob instanceof Blob) {
          const res = new Response(m.blob, {headers: {"Content-Type": "application/wasm"}});
          answer.ok(WebAssembly.compileStreaming(res));
        } else {
          answer.fail(new Error(String(m.error)));
        }
      } else if (m.type === prefix + "near" && typeof m.near === "boolean") {
        globalThis.playground.near = m.near;
        if (globalThis.playground.onNear) globalThis.playground.onNear(m.near);
      }
    });
    window.parent.postMessage({type: prefix + "module", id: window.name}, "*");
    return {module: () => module};
  }

  function fail(err) {
    const root = document.getElementById("playground");
    const msg = document.getElementById("message");
    if (msg) {
      msg.textContent = "The playground could not start: " + err;
      if (self.origin === "null" && err instanceof TypeError) {
        // A sandboxed embed reads main.wasm from another origin, and a
        // fetch refused for want of CORS fails with a TypeError. (Not a
        // RangeError: an article whose embeds have used up the room for
        // wasm memories is no host's fault.)
        msg.textContent += " (an embedded playground needs its host to send Access-Control-Allow-Origin: *)";
      }
      msg.hidden = false;
    }
    if (root) root.dataset.state = "failed";
  }

  const domReady = new Promise((ok) => {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", ok, {once: true});
    } else {
      ok();
    }
  });

  Promise.all([compiled, domReady]).then(async ([module]) => {
    const go = new Go();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    go.run(instance).then(() => fail("the view exited"));
  }).catch(fail);
})();
