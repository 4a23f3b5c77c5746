//go:build !js

package main

import (
	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// The probes are scripts the browser runs in every new document of a tab
// before the page's own scripts (chromium.TabOptions.Scripts). They time
// what the page does with performance.now(), whose zero is the start of the
// navigation, from MutationObservers, whose callbacks run as a microtask
// right after the script that changed the DOM. They keep what they see in
// window.__bench for the benchmark to read. The states a run goes through,
// with their times, are recorded by the driver (chromium.TabOptions.States,
// chromium.History), as the tests see them.

// firstLineProbe records when the first output line (an element with
// data-goroutine inside #output) enters the document: __bench.first, in ms
// since the navigation started. It is the same for the playground and for
// the hello-world baseline, which writes its line the same way.
const firstLineProbe = `(() => {
	const b = {first: null};
	Object.defineProperty(window, "__bench", {value: b});
	const mo = new MutationObserver(() => {
		if (document.querySelector("` + chromium.LineSelector + `")) {
			b.first = performance.now();
			mo.disconnect();
		}
	});
	mo.observe(document, {childList: true, subtree: true});
})();`

// runProbe records a run of the playground: how many output lines are
// added to #output (counted as they are added, since the page drops old
// lines), with the times of the first and the last; and, once
// __bench.startFrames() is called, the timestamp of every animation frame
// and Chromium's long animation frames.
// __bench.run() clicks Run and notes when.
var runProbe = `(() => {
	const b = {lines: 0, firstLine: null, lastLine: null, frames: [], clicked: null, long: []};
	Object.defineProperty(window, "__bench", {value: b});
	let out = null;
	const count = (records) => {
		let n = 0;
		for (const r of records) {
			for (const node of r.addedNodes) {
				if (node.nodeType !== 1) continue;
				if (node.matches("[data-goroutine]")) n++;
				n += node.querySelectorAll("[data-goroutine]").length;
			}
		}
		if (n === 0) return;
		const t = performance.now();
		if (b.firstLine === null) b.firstLine = t;
		b.lastLine = t;
		b.lines += n;
	};
	const attach = () => {
		if (!out && (out = ` + chromium.ByID(page.Output) + `)) {
			new MutationObserver(count).observe(out, {childList: true, subtree: true});
		}
		return out !== null;
	};
	if (!attach()) {
		const finder = new MutationObserver(() => { if (attach()) finder.disconnect(); });
		finder.observe(document, {childList: true, subtree: true});
	}
	b.startFrames = () => {
		const tick = (t) => { b.frames.push(t); requestAnimationFrame(tick); };
		requestAnimationFrame(tick);
		// Chromium reports every frame over 50 ms as a long animation
		// frame, with the scripts that ran in it and when its style and
		// layout began: what made a long gap.
		try {
			new PerformanceObserver((list) => {
				for (const e of list.getEntries()) {
					b.long.push({start: e.startTime, duration: e.duration,
						layout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
						scripts: e.scripts.map((s) => ({invoker: s.invoker, duration: s.duration}))});
				}
			}).observe({type: "long-animation-frame"});
		} catch (e) {}
	};
	b.run = () => {
		b.clicked = performance.now();
		` + chromium.ByID(page.Run) + `.click();
	};
})();`
