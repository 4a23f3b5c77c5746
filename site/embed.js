"use strict";
// Goroutine Playground embed loader. In an article:
//
//   <div data-goroutine-playground="pool" data-clients="3"></div>
//   <script src="https://your.host/playground/embed.js"></script>
//
// turns every such div into a sandboxed iframe of embed.html (found next to
// this script) at #example=pool&clients=3: each other data-* attribute is a
// knob (or autorun). The iframe runs scripts but shares nothing with the
// article: its origin is opaque (sandbox="allow-scripts", never
// allow-same-origin), so it has no cookies, no storage and no access to the
// page, whether the playground is hosted on the article's origin or not.
//
// What passes between the article and a frame, by postMessage:
//   frame → loader  {type: "goroutine-playground:height", id, height, ready}
//                   {type: "goroutine-playground:module", id, wasm}  (it wants
//                     wasm: "main.wasm", the view, or "engine.wasm", the engine)
//                   {type: "goroutine-playground:touched", id} (the reader used it)
//   loader → frame  {type: "goroutine-playground:module", wasm, blob} or {…, error}
//                   {type: "goroutine-playground:near", near}
//
// Each binary once per article: a sandboxed frame has a cache of its own,
// so each would download the modules again (about 1.2 MB compressed for
// the view, 1.7 MB for the engine). The loader fetches each once, through
// the article's own HTTP cache, and hands every frame that asks the same
// Blob (a compiled WebAssembly.Module cannot be posted into an opaque
// origin: it arrives as a messageerror). A frame asks for the engine only
// when it first needs a worker, so an article read but never run fetches
// only the view. The frame only ever compiles a Blob in its own opaque
// origin, so a Blob from an article can harm nothing but that article's
// embeds. A frame that names no binary (an embed.html older than the
// engine's own binary) gets main.wasm.
//
// Far and idle: an article's frames share one renderer process, which
// holds about 125 wasm memories, and each embed's view and worker is one.
// An embed more than a viewport's height above or below the viewport is
// far; the loader tells the frame, which then lets its spare worker go (a
// far frame's run goes on; it gets no new spare until the reader comes
// back and reaches for it). An embed more than four viewports away that
// the reader has never used (no click, key, focus or run: it holds nothing
// but its address) is unloaded, its frame left empty at its height, and
// loaded again when it comes near.
(() => {
  const registry = "goroutinePlaygroundEmbed";
  if (window[registry]) {
    // Loaded twice: one loader is enough; look for new divs.
    window[registry].scan();
    return;
  }
  const script = document.currentScript;
  const base = script && script.src ? script.src : document.baseURI;
  const page = new URL("embed.html", base);
  // The binaries a frame may ask for, and where they are.
  const wasmURLs = new Map(["main.wasm", "engine.wasm"].map((name) => [name, new URL(name, base).href]));
  const attr = "data-goroutine-playground";
  const prefix = "goroutine-playground:";
  const frames = new Map(); // id → {frame, src, near, started, sized, touched}
  const done = new WeakSet();
  let count = 0;

  // The iframe's height before its page says how tall it is, for a frame
  // width wide: the embed's own when ready, at the default font size,
  // inside a 1 px border (e2e TestArticle checks it). Its title is one line
  // at any width (embed.css); its panels are 3rem shorter in a frame of
  // 30rem or less; its status line takes one line of 24 px in a frame wider
  // than about 590 px, two down to about 330 px and three below, with
  // Linux's fonts. Once a frame has said how tall it is when ready, frames
  // of that width yet to load take its height (another system's fonts may
  // wrap the status elsewhere).
  const border = 2;
  let learned = null; // {width, height}: the last ready frame's
  function guess(width) {
    if (learned && learned.width === width) return learned.height;
    const inner = width - border;
    const narrow = inner <= 480 ? 48 : 0;
    const lines = inner >= 590 ? 1 : inner >= 330 ? 2 : 3;
    return 449 - narrow + 24 * (lines - 1) + border;
  }
  function learn(width, height) {
    if (learned && learned.width === width && learned.height === height) return;
    learned = {width, height};
    const waiting = Array.from(frames.values()).filter((f) => !f.sized && f.frame.offsetWidth === width);
    for (const f of waiting) f.frame.style.height = height + "px";
  }

  // fragment is the address fragment of the div's program and knobs.
  function fragment(div) {
    const parts = ["example=" + encodeURIComponent(div.getAttribute(attr))];
    for (const a of div.attributes) {
      if (a.name.startsWith("data-") && a.name !== attr) {
        parts.push(encodeURIComponent(a.name.slice(5)) + "=" + encodeURIComponent(a.value));
      }
    }
    return "#" + parts.join("&");
  }

  // iframe makes the frame of id, titled for the program, height px tall,
  // with no page yet.
  function iframe(id, program, height) {
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.name = id;
    frame.title = "Goroutine Playground: " + program;
    frame.loading = "lazy";
    frame.style.cssText = "display:block;width:100%;border:1px solid #8888;border-radius:.4rem;box-sizing:border-box";
    frame.style.height = height + "px";
    return frame;
  }

  function mount(div, width) {
    const id = "goroutine-playground-" + ++count + "-" + Math.random().toString(36).slice(2, 10);
    const f = {frame: iframe(id, div.getAttribute(attr), guess(width)), src: page.href + fragment(div),
      near: true, started: false, sized: false, touched: false};
    f.frame.src = f.src;
    frames.set(id, f);
    div.replaceChildren(f.frame);
    watch(f.frame);
  }

  function watch(frame) {
    nearby.observe(frame);
    remote.observe(frame);
  }

  // unload ends the page of an unused frame far away: an empty frame of
  // the same height stands in, and gets the page again when near.
  function unload(f) {
    const old = f.frame;
    f.frame = iframe(old.name, old.title.replace(/^Goroutine Playground: /, ""), old.offsetHeight);
    f.started = false;
    nearby.unobserve(old);
    remote.unobserve(old);
    old.replaceWith(f.frame);
    watch(f.frame);
  }

  function scan() {
    const divs = Array.from(document.querySelectorAll("div[" + attr + "]")).filter((d) => !done.has(d));
    // Every width first, then every frame: one layout, not one a frame.
    const widths = divs.map((d) => d.clientWidth);
    divs.forEach((d, i) => {
      done.add(d);
      mount(d, widths[i]);
    });
  }

  function post(f, msg) {
    // Any origin: the frame's is opaque, and nothing here is secret.
    f.frame.contentWindow.postMessage(msg, "*");
  }

  // Near is within a viewport's height of the viewport. Only the frames
  // that have started hear of it; the others learn it when they ask.
  const nearby = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const f = frames.get(e.target.name);
      if (!f || e.target !== f.frame) continue;
      if (e.isIntersecting && !f.frame.getAttribute("src")) f.frame.src = f.src; // unloaded
      if (f.near === e.isIntersecting) continue;
      f.near = e.isIntersecting;
      if (f.started) post(f, {type: prefix + "near", near: f.near});
    }
  }, {rootMargin: "100% 0px"});

  // Remote is more than four viewports' heights from the viewport.
  const remote = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const f = frames.get(e.target.name);
      if (f && e.target === f.frame && !e.isIntersecting && f.started && !f.touched) unload(f);
    }
  }, {rootMargin: "400% 0px"});

  const blobs = new Map(); // name → the promise of its bytes, as a Blob
  function module(name) {
    if (!blobs.has(name)) {
      const url = wasmURLs.get(name);
      const blob = fetch(url).then((res) => {
        if (!res.ok) throw new Error(url + ": " + res.status + " " + res.statusText);
        return res.blob();
      });
      // A failed fetch is tried again when the next frame asks.
      blob.catch(() => blobs.delete(name));
      blobs.set(name, blob);
    }
    return blobs.get(name);
  }

  window.addEventListener("message", (e) => {
    const m = e.data;
    if (!m || typeof m !== "object" || typeof m.type !== "string" || !m.type.startsWith(prefix)) return;
    const f = frames.get(m.id);
    // Only a frame this loader made is answered, and only about itself.
    if (!f || e.source !== f.frame.contentWindow) return;
    switch (m.type) {
      case prefix + "module": {
        const wasm = m.wasm === undefined ? "main.wasm" : m.wasm;
        if (!wasmURLs.has(wasm)) {
          post(f, {type: prefix + "module", wasm: String(wasm), error: "no such binary: " + String(wasm)});
          break;
        }
        module(wasm).then(
          (blob) => post(f, {type: prefix + "module", wasm, blob}),
          (err) => post(f, {type: prefix + "module", wasm, error: String(err)}));
        if (wasm === "main.wasm") {
          f.started = true;
          if (!f.near) post(f, {type: prefix + "near", near: false});
        }
        break;
      }
      case prefix + "touched":
        f.touched = true;
        break;
      case prefix + "height": {
        const h = Number(m.height);
        if (!Number.isFinite(h)) return;
        // Inside the border, which the iframe's box includes.
        const outer = Math.min(Math.max(Math.ceil(h), 80), 5000) + f.frame.offsetHeight - f.frame.clientHeight;
        f.frame.style.height = outer + "px";
        f.sized = true;
        if (m.ready) learn(f.frame.offsetWidth, outer);
        break;
      }
    }
  });

  Object.defineProperty(window, registry, {value: {scan}});
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan, {once: true});
  } else {
    scan();
  }
})();
