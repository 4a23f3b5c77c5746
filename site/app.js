"use strict";
// Starts the page. Two wasm binaries: main.wasm is the view, which runs
// here; engine.wasm is the engine, which runs the programs in Web Workers.
// Each is fetched and compiled once (a WebAssembly.Module can be posted to
// a worker, so every worker gets the same compiled engine). The view comes
// first; the engine is fetched when the first worker is started: at once
// when the page is to run a program at once (autorun in its address), so
// that it loads and warms up while the view starts, else when the view
// asks for a worker, on the reader's first gesture (wasm/workers.go). A
// page nobody reaches for (an embed scrolled past) never fetches the
// engine. Message keys come from protocol.js. See wasm/main.go.
(() => {
  const P = self.goroutinePlaygroundProtocol;
  const viewWasm = "main.wasm";
  const engineWasm = "engine.wasm";
  // An embed made by embed.js gets its wasm from the article's loader,
  // which fetches each binary once for all its embeds (see embed.js); it
  // fetches a binary itself only if the loader could not.
  const host = embedHost();
  function load(name) {
    return host ? host.module(name).catch(() => fetchModule(name)) : fetchModule(name);
  }
  function fetchModule(wasm) {
    return WebAssembly.compileStreaming(fetch(wasm)).catch(async () => {
      // A host that serves .wasm without application/wasm: compile from bytes.
      const res = await fetch(wasm);
      if (!res.ok) throw new Error(wasm + ": " + res.status + " " + res.statusText);
      return WebAssembly.compile(await res.arrayBuffer());
    });
  }
  const compiled = load(viewWasm);
  let engine = null; // the promise of engine.wasm's compiled module
  function engineModule() {
    if (!engine) {
      engine = load(engineWasm);
      // A failed load is tried again by the next worker (the network may
      // be back by then), not remembered.
      engine.catch(() => { engine = null; });
    }
    return engine;
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
    engineModule().then((module) => w.postMessage({[P.module]: module}), (err) => {
      // The view hears of it as of any worker that failed (wasm/worker.go).
      w.terminate();
      w.dispatchEvent(new ErrorEvent("error", {message: "the engine could not be loaded: " + err}));
    });
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
    // compiled WebAssembly.Module), not on engine.wasm.
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
  // Only an opaque-origin frame takes the modules from its parent: there it
  // can reach nothing the parent could not reach anyway. It asks for each
  // binary by name; a loader older than the engine's own binary answers
  // every question with main.wasm and no name, and the frame then fetches
  // engine.wasm itself.
  function embedHost() {
    const prefix = "goroutine-playground:";
    if (window.parent === window || self.origin !== "null" || !window.name.startsWith("goroutine-playground-")) {
      return null;
    }
    const asked = new Map(); // name → {promise, ok, fail}
    function settle(name, m) {
      const a = asked.get(name);
      if (!a) return;
      if (m.blob instanceof Blob) {
        const res = new Response(m.blob, {headers: {"Content-Type": "application/wasm"}});
        a.ok(WebAssembly.compileStreaming(res));
      } else {
        a.fail(new Error(String(m.error)));
      }
    }
    window.addEventListener("message", (e) => {
      const m = e.data;
      if (e.source !== window.parent || !m || typeof m !== "object") return;
      if (m.type === prefix + "module") {
        if (typeof m.wasm === "string") {
          settle(m.wasm, m);
          return;
        }
        settle(viewWasm, m); // an older loader's answer is main.wasm
        const engine = asked.get(engineWasm);
        if (engine) engine.fail(new Error("the article's embed.js does not hand out " + engineWasm));
      } else if (m.type === prefix + "near" && typeof m.near === "boolean") {
        globalThis.playground.near = m.near;
        if (globalThis.playground.onNear) globalThis.playground.onNear(m.near);
      }
    });
    return {
      module(name) {
        if (!asked.has(name)) {
          const a = {};
          a.promise = new Promise((ok, fail) => { a.ok = ok; a.fail = fail; });
          asked.set(name, a);
          window.parent.postMessage({type: prefix + "module", id: window.name, wasm: name}, "*");
        }
        return asked.get(name).promise;
      },
    };
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

  // The service worker (sw.js) keeps the site for offline and instant
  // visits; it is registered once the page has started and has nothing
  // more urgent to do (not loading, not running), so that it does not slow
  // the first load. A sandboxed embed cannot have one (its origin is
  // opaque). A new build of the site waits in it while a page of the old
  // one is open; a page that finds one waiting, and is the only page open,
  // lets it take over and loads again, so that each visit runs one build.
  function keepOffline() {
    const sw = navigator.serviceWorker;
    if (!sw || self.origin === "null" || !window.isSecureContext) return;
    let asked = false;
    sw.addEventListener("controllerchange", () => {
      if (asked) location.reload();
    });
    sw.getRegistration().then((reg) => {
      if (reg && reg.waiting && sw.controller) {
        asked = true;
        reg.waiting.postMessage("goroutine-playground:update");
      }
    }, () => {});
    const root = document.getElementById("playground");
    const register = () => {
      sw.register("sw.js", {updateViaCache: "none"}).catch(() => {});
    };
    const settled = () => root && !["loading", "running", "building"].includes(root.dataset.state);
    if (settled()) {
      register();
      return;
    }
    const watch = new MutationObserver(() => {
      if (!settled()) return;
      watch.disconnect();
      register();
    });
    watch.observe(root, {attributes: true, attributeFilter: ["data-state"]});
  }

  const domReady = new Promise((ok) => {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", ok, {once: true});
    } else {
      ok();
    }
  });

  domReady.then(keepOffline);

  Promise.all([compiled, domReady]).then(async ([module]) => {
    const go = new Go();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    go.run(instance).then(() => fail("the view exited"));
  }).catch(fail);
})();
