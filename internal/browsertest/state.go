//go:build !js

package browsertest

// stateRecorder runs in every document before the page's own scripts. It
// records each value #playground's data-state takes, from a MutationObserver
// with old values, so that a transition is seen even when several happen in
// one task. Once the element exists it watches only that attribute, which
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
	// Watch the document from its very start until #playground appears, so
	// its first value is seen even if a timer changes it before
	// DOMContentLoaded; then watch only that attribute.
	if (!attach()) {
		const finder = new MutationObserver(() => { if (attach()) finder.disconnect(); });
		finder.observe(document, {childList: true, subtree: true});
	}
})();`

// stateHistory reads what stateRecorder saw.
const stateHistory = `Array.from(window.__browsertestStates ?? [])`
