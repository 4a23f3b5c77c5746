//go:build !js

package main

// The probes are scripts the browser runs in every new document of a tab
// before the page's own scripts (Page.addScriptToEvaluateOnNewDocument).
// They time what the page does with performance.now(), whose zero is the
// start of the navigation, from MutationObservers, whose callbacks run as a
// microtask right after the script that changed the DOM. They keep what
// they see in window.__bench for the benchmark to read.

// firstLineProbe records when the first output line (an element with
// data-goroutine inside #output) enters the document: __bench.first, in ms
// since the navigation started. It is the same for the playground and for
// the hello-world baseline, which writes its line the same way.
const firstLineProbe = `(() => {
	const b = {first: null};
	Object.defineProperty(window, "__bench", {value: b});
	const mo = new MutationObserver(() => {
		if (document.querySelector("#output [data-goroutine]")) {
			b.first = performance.now();
			mo.disconnect();
		}
	});
	mo.observe(document, {childList: true, subtree: true});
})();`

// runProbe records a run of the playground: every value #playground's
// data-state takes, with its time ([state, ms]); how many output lines are
// added to #output (counted as they are added, since the page drops old
// lines), with the times of the first and the last; and, once
// __bench.startFrames() is called, the timestamp of every animation frame.
const runProbe = `(() => {
	const b = {states: [], lines: 0, firstLine: null, lastLine: null, frames: [], clicked: null};
	Object.defineProperty(window, "__bench", {value: b});
	const note = (s, t) => {
		const last = b.states[b.states.length - 1];
		if (s !== null && (!last || last[0] !== s)) b.states.push([s, t]);
	};
	let root = null, out = null;
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
		if (!root && (root = document.getElementById("playground"))) {
			note(root.getAttribute("data-state"), performance.now());
			new MutationObserver((records) => {
				const t = performance.now();
				for (let i = 0; i < records.length; i++) {
					note(i + 1 < records.length ? records[i + 1].oldValue : root.getAttribute("data-state"), t);
				}
			}).observe(root, {attributes: true, attributeFilter: ["data-state"], attributeOldValue: true});
		}
		if (!out && (out = document.getElementById("output"))) {
			new MutationObserver(count).observe(out, {childList: true, subtree: true});
		}
		return root !== null && out !== null;
	};
	if (!attach()) {
		const finder = new MutationObserver(() => { if (attach()) finder.disconnect(); });
		finder.observe(document, {childList: true, subtree: true});
	}
	b.startFrames = () => {
		const tick = (t) => { b.frames.push(t); requestAnimationFrame(tick); };
		requestAnimationFrame(tick);
	};
	b.run = () => {
		b.clicked = performance.now();
		document.getElementById("run").click();
	};
})();`

// stateExpr is the playground's data-state now.
const stateExpr = `(document.getElementById("playground") || {dataset: {}}).dataset.state || ""`
