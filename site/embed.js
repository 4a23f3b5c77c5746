"use strict";
// Goroutine Playground embed loader. In an article:
//
//   <div data-goroutine-playground="pool" data-clients="3"></div>
//   <script src="https://your.host/playground/embed.js"></script>
//
// turns every such div into a sandboxed iframe of embed.html (found next to
// this script) at #example=pool&clients=3: each other data-* attribute is a
// knob (or autorun). The iframe runs scripts but shares nothing with the
// article: no cookies, no storage, no access to the page. It tells its
// height by postMessage, and the loader sizes it to fit.
(() => {
  const registry = "goroutinePlaygroundEmbed";
  if (window[registry]) {
    // Loaded twice: one loader is enough; look for new divs.
    window[registry].scan();
    return;
  }
  const script = document.currentScript;
  const page = new URL("embed.html", script && script.src ? script.src : document.baseURI);
  const attr = "data-goroutine-playground";
  const frames = new Map(); // id → iframe
  const done = new WeakSet();
  let count = 0;

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

  function mount(div) {
    if (done.has(div)) return;
    done.add(div);
    const id = "goroutine-playground-" + ++count + "-" + Math.random().toString(36).slice(2, 10);
    const frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.name = id;
    frame.title = "Goroutine Playground: " + div.getAttribute(attr);
    frame.loading = "lazy";
    frame.src = page.href + fragment(div);
    frame.style.cssText = "display:block;width:100%;height:24rem;border:1px solid #8888;border-radius:.4rem;box-sizing:border-box";
    frames.set(id, frame);
    div.replaceChildren(frame);
  }

  function scan() {
    for (const div of document.querySelectorAll("div[" + attr + "]")) mount(div);
  }

  window.addEventListener("message", (e) => {
    const m = e.data;
    if (!m || typeof m !== "object" || m.type !== "goroutine-playground:height") return;
    const frame = frames.get(m.id);
    // Only the frame this loader made may size itself, and only itself.
    if (!frame || e.source !== frame.contentWindow) return;
    const h = Number(m.height);
    if (!Number.isFinite(h)) return;
    // Inside the border, which the iframe's box includes.
    const border = frame.offsetHeight - frame.clientHeight;
    frame.style.height = Math.min(Math.max(Math.ceil(h), 80), 5000) + border + "px";
  });

  Object.defineProperty(window, registry, {value: {scan}});
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan, {once: true});
  } else {
    scan();
  }
})();
