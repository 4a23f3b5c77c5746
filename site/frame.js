"use strict";
// The frame of embed.html around the view: its tabs, and its height, which
// it tells the page that embeds it (embed.js) so the iframe fits it. The
// view (wasm/) fills the panels; nothing here touches what it draws.
(() => {
  const root = document.getElementById("playground");
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));

  function select(tab, focus) {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
  }

  // Tabs as the ARIA pattern has them: one tab stop, arrows move along.
  for (const tab of tabs) {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (e) => {
      const shown = tabs.filter((t) => !t.hidden);
      const i = shown.indexOf(tab);
      const to = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: shown.length - 1}[e.key];
      if (to === undefined) return;
      e.preventDefault();
      select(shown[(to + shown.length) % shown.length], true);
    });
  }

  // A run's output is what the reader pressed Run for: show it.
  const outputTab = document.getElementById("tab-output");
  new MutationObserver(() => {
    if (root.dataset.state === "running" && outputTab.getAttribute("aria-selected") !== "true") {
      select(outputTab, false);
    }
  }).observe(root, {attributes: true, attributeFilter: ["data-state"]});

  // The Timeline tab appears once the view has put a timeline into
  // #timeline-box: a build of the view without one leaves the tab out
  // rather than empty.
  const timeline = document.getElementById("timeline-box");
  const timelineTab = document.getElementById("tab-timeline");
  if (timeline && timelineTab) {
    const reveal = () => {
      if (timeline.firstElementChild) timelineTab.hidden = false;
      return !timelineTab.hidden;
    };
    if (!reveal()) {
      const watch = new MutationObserver(() => { if (reveal()) watch.disconnect(); });
      watch.observe(timeline, {childList: true});
    }
  }

  // Sizing: embed.js named this frame (window.name) and listens for
  // {type, id, height, ready} from it; ready says the view has started, so
  // that the loader can size the frames yet to load like this one. Posted
  // to any origin, since the frame cannot know its embedder's and says
  // nothing secret.
  if (window.parent === window || !window.name) return;
  let last = "";
  const post = () => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    const ready = root.dataset.state !== "loading";
    if (height + " " + ready === last) return;
    last = height + " " + ready;
    window.parent.postMessage({type: "goroutine-playground:height", id: window.name, height, ready}, "*");
  };
  new ResizeObserver(post).observe(root);

  // Touched: the reader has used this embed (a click, a key, focus, a run),
  // so it holds more than its address, and the loader must not unload it
  // when it is far away.
  const gestures = ["pointerdown", "keydown", "focusin"];
  const used = () => !["loading", "ready"].includes(root.dataset.state);
  let touched = false;
  const touch = () => {
    if (touched) return;
    touched = true;
    for (const g of gestures) window.removeEventListener(g, touch, true);
    window.parent.postMessage({type: "goroutine-playground:touched", id: window.name}, "*");
  };
  for (const g of gestures) window.addEventListener(g, touch, true);
  new MutationObserver(() => {
    post();
    if (used()) touch();
  }).observe(root, {attributes: true, attributeFilter: ["data-state"]});
  post();
  if (used()) touch();
})();
