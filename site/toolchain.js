"use strict";
// The toolchain worker: Go's own compiler and linker, built for js/wasm,
// compiling and linking edited programs in the page. Its Go side, the build
// driver (wasm/builder, build.wasm), plans each build and speaks the
// page's protocol (internal/toolchain/protocol); this script only relays
// that protocol's bytes between postMessage and Go, and does for Go what
// only JavaScript can: fetch, compile wasm modules, and run a tool in a
// fresh instance on the in-memory file system of toolchain-fs.js.
//
// The page posts protocol messages as Uint8Arrays, and receives the same,
// or {fault: text} when this worker cannot go on. Started from a blob:, the
// worker has no address of its own: self.wasmBase is the site's folder.

// keys are the names Go and this script share; internal/toolchain checks
// that they match its own (KeyFault, HostGlobal, KeyModule, KeyID).
const keys = {fault: "fault", host: "toolchainHost", module: "module", id: "id"};

const site = new URL(".", self.wasmBase || self.location.href);
const folder = new URL("toolchain/", site);
// The file system and process first: wasm_exec.js installs its own only
// where none exists.
importScripts(new URL("toolchain-fs.js", site).href, new URL("wasm_exec.js", site).href);

const waiting = []; // messages that came before the driver was up
let deliver = null; // the driver's handler
const tools = new Map(); // tool name → its loading (see startTool)

self.onmessage = (e) => {
  if (deliver) deliver(e.data);
  else waiting.push(e.data);
};

const fault = (text) => self.postMessage({[keys.fault]: String(text)});

// eachChunk reads a response's body to its end, giving f each chunk as it
// arrives.
async function eachChunk(response, f) {
  const reader = response.body.getReader();
  for (;;) {
    const {done, value} = await reader.read();
    if (done) return;
    f(value);
  }
}

// readBody reads a response's body whole, telling onBytes as chunks arrive.
async function readBody(response, onBytes) {
  const chunks = [];
  let size = 0;
  await eachChunk(response, (c) => {
    chunks.push(c);
    size += c.length;
    onBytes(c.length);
  });
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

// get fetches the toolchain's file name (from folder unless url says where).
async function get(name, url = new URL(name, folder)) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${name}: ${response.status} ${response.statusText}`);
  return response;
}

// The host is what the driver calls (see wasm/builder/host.go).
globalThis[keys.host] = {
  manifest: "", // the manifest's text, for the driver to parse

  // ready takes the driver's message handler and gives it what waited.
  ready(handler) {
    deliver = handler;
    for (const m of waiting.splice(0)) handler(m);
  },

  // post sends protocol bytes to the page, moving their buffer.
  post(bytes) {
    self.postMessage(bytes, [bytes.buffer]);
  },

  // fault tells the page that this worker cannot serve it.
  fault,

  // deliver compiles the linked program at path and posts the module to
  // the page, ahead of build id's result: the program's bytes need not
  // cross the driver's memory and the page's, and the page's thread is
  // spared the compile.
  async deliver(id, path) {
    const bytes = toolchainFS.get(path);
    if (!bytes) throw new Error(`no linked program at ${path}`);
    const module = await WebAssembly.compile(bytes);
    self.postMessage({[keys.module]: module, [keys.id]: id});
  },

  // fetch stores the named files at their paths: items are [name, path].
  async fetch(items, onBytes) {
    await Promise.all(items.map(async ([name, path]) => {
      toolchainFS.put(path, await readBody(await get(name), onBytes));
    }));
  },

  // loadTool makes a tool ready to run, telling onBytes of its bytes as
  // they arrive (those read already at once). The worker began loading the
  // tools when it started (startTool), so this mostly waits for that.
  async loadTool(tool, name, onBytes) {
    let t = tools.get(tool);
    if (!t || t.name !== name) t = startTool(tool, name);
    if (t.read > 0) onBytes(t.read);
    t.listeners.add(onBytes);
    try {
      await t.module;
    } finally {
      t.listeners.delete(onBytes);
    }
  },

  // run runs a loaded tool in a fresh instance, in the folder dir, and
  // resolves to its exit code and output with how long it took.
  async run(tool, dir, args) {
    const t = tools.get(tool);
    if (!t) throw new Error(`${tool} is not loaded`);
    running++;
    const t0 = performance.now();
    let go, instance;
    try {
      ({go, instance} = await (t.spares.shift() ?? instantiate(t)));
    } catch (err) {
      running--;
      throw err;
    }
    const t1 = performance.now();
    go.argv = [tool, ...args];
    go.env = {};
    let code = -1;
    go.exit = (c) => { code = c; };
    process.chdir(dir);
    toolchainFS.capture();
    let out;
    try {
      await go.run(instance);
    } finally {
      out = toolchainFS.release();
      running--;
      ranAt = performance.now();
    }
    keepSpares(t); // for the next build
    return {code, stdout: out.stdout, stderr: out.stderr, instantiateMs: t1 - t0, runMs: performance.now() - t1};
  },
};

// startTool has a tool's module fetched and compiled by the loader (see
// loaderMain), telling t.listeners of its bytes as they arrive. A load that
// fails is forgotten, so that the next build tries again.
function startTool(tool, name) {
  const t = {name, read: 0, listeners: new Set(), spares: [], keep: tool === "compile" ? 2 : 1};
  t.module = new Promise((resolve, reject) => {
    const id = ++loads.last;
    loads.set(id, {t, resolve, reject});
    loader().postMessage({id, name, url: new URL(name, folder).href});
  });
  t.module.then(() => keepSpares(t), () => {
    if (tools.get(tool) === t) tools.delete(tool);
  });
  tools.set(tool, t);
  return t;
}

// A tool's instance runs once (a Go program's memory is spent when it
// exits), and making one copies the module's data into a new memory, on
// this thread: 20-90 ms for the compiler. So each tool keeps instances
// made ahead, while this thread would wait anyway (for the archives, for
// the next build): as many as a build runs the tool (the compiler twice
// for an edited built-in, its programs and its main), each with its own
// Go. The compiler's memory starts at 18 MB, the linker's at 5 MB. They
// are made one at a time, and not within a build: a step asked for while
// one is made waits for at most that one.
let running = 0; // the tools' runs under way, from asking for an instance to the exit
let ranAt = -Infinity; // performance.now() when the last ended
const quietMs = 300; // no run for this long: no build under way

function instantiate(t) {
  const go = new Go();
  return t.module.then((module) => WebAssembly.instantiate(module, go.importObject)).then((instance) => ({go, instance}));
}

// keepSpares makes t's next spare, if it lacks one, when no tool has run
// for a moment: a build's steps follow one another within tens of ms.
function keepSpares(t) {
  if (t.making || t.later || t.spares.length >= t.keep) return;
  const wait = running > 0 ? quietMs : ranAt + quietMs - performance.now();
  if (wait > 0) {
    t.later = setTimeout(() => {
      t.later = null;
      keepSpares(t);
    }, wait);
    return;
  }
  t.making = true;
  const spare = instantiate(t);
  t.spares.push(spare);
  spare.then(() => {
    t.making = false;
    keepSpares(t);
  }, () => {
    t.making = false;
    t.spares = t.spares.filter((s) => s !== spare);
  });
}

// The tools' modules load in a worker of this worker's own, the loader. A
// module compiled with compileStreaming advances only while the thread
// that asked for it is free: it is fed, chunk by chunk, on that thread's
// turns. This one is busy from the start, running the driver (its start,
// its plan, the files it stores); the compiler's 48 MB waited for it, and
// came a second after the Run instead of a third. The loader does nothing
// else. A WebAssembly.Module crosses postMessage as it is.
const loads = new Map(); // id → {t, resolve, reject}
loads.last = 0;
let loaderPort = null; // the loader, or what stands in for it

function loader() {
  if (loaderPort) return loaderPort;
  if (typeof Worker === "undefined") {
    // A worker that may not start workers (node's test harness): the
    // loader's script runs on this thread.
    const here = {onmessage: null, postMessage: (data) => fromLoader({data})};
    loaderMain(here);
    return (loaderPort = {postMessage: (data) => here.onmessage({data})});
  }
  // The loader's script is loaderMain and the two functions it shares
  // with this one.
  const src = `"use strict";${get};${eachChunk};(${loaderMain})(self);`;
  const w = new Worker(URL.createObjectURL(new Blob([src], {type: "text/javascript"})));
  w.onmessage = fromLoader;
  w.onerror = (e) => {
    e.preventDefault();
    for (const l of loads.values()) l.reject(new Error(`the toolchain's loader failed: ${e.message}`));
    loads.clear();
    loaderPort = null;
  };
  return (loaderPort = w);
}

// fromLoader takes the loader's news of a load: bytes read, the module,
// or why it failed.
function fromLoader(e) {
  const {id, read, module, error, message} = e.data;
  const l = loads.get(id);
  if (!l) return;
  if (read) {
    l.t.read += read;
    for (const f of l.t.listeners) f(read);
  }
  if (module) {
    loads.delete(id);
    l.resolve(module);
  } else if (error !== undefined) {
    loads.delete(id);
    const err = new Error(message);
    err.name = error; // as the loader's error says itself
    l.reject(err);
  }
}

// loaderMain is the loader's script: it fetches and compiles each module
// asked for with compileStreaming, which is what lets the browser keep the
// machine code for the next visit, and reads a clone of the response only
// to count its bytes, said every 256 KiB.
function loaderMain(port) {
  // One at a time, in the order asked: the compiler's module, asked for
  // first, is the first a build needs, and on two cores loading the
  // linker's beside it made the compiler's come later.
  let queue = Promise.resolve();
  port.onmessage = (e) => {
    queue = queue.then(() => load(e.data));
  };
  async function load({id, name, url}) {
    try {
      const response = await get(name, url);
      const counted = response.clone(); // before compileStreaming takes the body
      let read = 0;
      const count = eachChunk(counted, (c) => {
        read += c.length;
        if (read >= 256 << 10) {
          port.postMessage({id, read});
          read = 0;
        }
      }).then(() => {
        if (read > 0) port.postMessage({id, read});
      });
      const [module] = await Promise.all([WebAssembly.compileStreaming(response), count]);
      port.postMessage({id, module});
    } catch (err) {
      port.postMessage({id, error: err?.name ?? "Error", message: err?.message ?? String(err)});
    }
  }
}

// start fetches the manifest (always revalidated: it is the one name
// without a hash) and runs the driver, which lives as long as the worker.
async function start() {
  loader(); // its start-up goes on while the manifest comes
  const response = await fetch(new URL("manifest.json", folder), {cache: "no-cache"});
  if (!response.ok) throw new Error(`fetching the toolchain's manifest: ${response.status} ${response.statusText}`);
  const text = await response.text();
  globalThis[keys.host].manifest = text;
  const manifest = JSON.parse(text);
  // The tools load while the driver starts and plans the first build: the
  // compiler's module is the longest wait of a build, even from the HTTP
  // cache. The manifest's fields are named as the driver names the tools
  // (toolchain.ToolCompile and ToolLink).
  for (const tool of ["compile", "link"]) startTool(tool, manifest[tool].name);
  const driver = manifest.driver.name;
  const go = new Go();
  go.argv = ["build"];
  go.env = {};
  go.exit = (code) => fault(`the toolchain's driver exited with code ${code}: ${toolchainFS.tail}`);
  const module = await WebAssembly.compileStreaming(get(driver));
  await go.run(await WebAssembly.instantiate(module, go.importObject));
}

start().catch((err) => fault(`${err}\n${toolchainFS.tail}`.trim()));
