//go:build !js

package chromium

import (
	"context"
	"encoding/json"

	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/page"
)

// The page contract as this driver reads it: the names are internal/page's,
// the attributes are DESIGN.md's.
const (
	// LineSelector is the CSS selector of the output lines: the elements
	// of #output with a data-goroutine attribute.
	LineSelector = "#" + string(page.Output) + " [data-goroutine]"
	// stateExpr is #playground's data-state now, "" when there is none.
	stateExpr = `(document.getElementById("` + string(page.Root) + `")?.getAttribute("data-state") ?? "")`
)

// ByID returns the JavaScript expression for the page's element with the
// id (null when there is none): document.getElementById("run").
func ByID(id page.ID) string {
	q, _ := json.Marshal(string(id)) // a string always encodes
	return "document.getElementById(" + string(q) + ")"
}

// Line is one line of the page's output: an element of #output with a
// data-goroutine attribute.
type Line struct {
	Goroutine string `json:"goroutine"` // the data-goroutine attribute
	Text      string `json:"text"`      // the element's textContent
}

// String returns the line as "goroutine: text", for failure messages.
func (l Line) String() string { return l.Goroutine + ": " + l.Text }

// Output returns the lines of #output in the tab of ctx, in page order; an
// empty slice, not nil, when there are none.
func Output(ctx context.Context) ([]Line, error) {
	lines, err := Eval[[]Line](ctx, `Array.from(document.querySelectorAll("`+LineSelector+`"),
		(e) => ({goroutine: e.getAttribute("data-goroutine"), text: e.textContent}))`)
	if lines == nil && err == nil {
		lines = []Line{}
	}
	return lines, err
}

// State returns #playground's data-state in the tab of ctx now: a
// [page.State] word, or "" when the page has no such element (yet).
func State(ctx context.Context) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](stateExpr))
}

// Seen is one value #playground's data-state took, and when.
type Seen struct {
	State string  `json:"state"` // the data-state word
	At    float64 `json:"at"`    // ms since the navigation started (performance.now)
}

// History returns every value #playground's data-state took since the
// document in the tab of ctx loaded, in order, without repeats: the
// transitions, even those faster than any poll can see. The tab must have
// been opened with TabOptions.States.
func History(ctx context.Context) ([]Seen, error) {
	seen, err := Eval[[]Seen](ctx, `Array.from(window.__chromiumStates ?? [])`)
	if seen == nil && err == nil {
		seen = []Seen{}
	}
	return seen, err
}

// stateRecorder runs in every document before the page's own scripts. It
// records each value #playground's data-state takes, with the time of the
// MutationObserver callback that saw it (a microtask right after the script
// that set it), from old values, so that a transition is seen even when
// several happen in one task. Once the element exists it watches only that
// attribute, which costs nothing while the page streams output.
const stateRecorder = `(() => {
	const seen = [];
	Object.defineProperty(window, "__chromiumStates", {value: seen});
	const note = (s, at) => { if (s !== null && (seen.length === 0 || seen[seen.length - 1].state !== s)) seen.push({state: s, at}); };
	let el = null;
	const attach = () => {
		const found = document.getElementById("` + string(page.Root) + `");
		if (!found || found === el) return found !== null;
		el = found;
		note(el.getAttribute("data-state"), performance.now());
		new MutationObserver((records) => {
			const at = performance.now();
			for (let i = 0; i < records.length; i++) {
				note(i + 1 < records.length ? records[i + 1].oldValue : el.getAttribute("data-state"), at);
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
