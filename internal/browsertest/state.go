//go:build !js

package browsertest

// stateRecorder runs in every document before the page's own scripts. It
// records each value #playground's data-state takes, from a MutationObserver
// with old values, so that a transition is seen even when several happen in
// one task. It watches only that attribute once the element exists, which
// costs nothing while the page streams output.
const stateRecorder = `(() => {
	const seen = [];
	Object.defineProperty(window, "__browsertestStates", {value: seen});
	const note = (s) => { if (s !== null && seen[seen.length - 1] !== s) seen.push(s); };
	let el = null;
	const attach = () => {
		const found = document.getElementById("playground");
		if (!found || found === el) return found !== null;
		el = found;
		note(el.getAttribute("data-state"));
		new MutationObserver((records) => {
			for (let i = 0; i < records.length; i++) {
				note(i + 1 < records.length ? records[i + 1].oldValue : el.getAttribute("data-state"));
			}
		}).observe(el, {attributes: true, attributeFilter: ["data-state"], attributeOldValue: true});
		return true;
	};
	const look = () => {
		if (attach()) return;
		// Made by a script later: watch the tree until it appears.
		const finder = new MutationObserver(() => { if (attach()) finder.disconnect(); });
		finder.observe(document.documentElement, {childList: true, subtree: true});
	};
	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", look, {once: true});
	} else {
		look();
	}
})();`

// stateHistory reads what stateRecorder saw.
const stateHistory = `Array.from(window.__browsertestStates ?? [])`
