//go:build !js

package browsertest

import (
	"context"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// Line is one line of the page's output: an element of #output with a
// data-goroutine attribute.
type Line = chromium.Line

// Navigate loads url in the tab and waits for its load event. It always loads
// a fresh document, also when url differs from the page's only in the
// fragment, because opening a URL is what a test of URL state means.
func (b *Browser) Navigate(rawURL string) {
	b.t.Helper()
	if err := b.do(func(ctx context.Context) error { return chromium.Navigate(ctx, rawURL) }); err != nil {
		b.fatalf("%v", err)
	}
}

// statePollInterval is how often WaitState looks at data-state.
const statePollInterval = 10 * time.Millisecond

// WaitState waits until #playground's data-state is one of states and returns
// it. It fails the test, showing the page, when timeout passes first. It looks
// at the current state: one that came and went between two looks (a run
// that starts and ends within milliseconds) is only in [Browser.States].
func (b *Browser) WaitState(timeout time.Duration, states ...page.State) page.State {
	b.t.Helper()
	st, err := b.waitState(timeout, states...)
	if err != nil {
		b.fatalf("%v", err)
	}
	return st
}

func (b *Browser) waitState(timeout time.Duration, states ...page.State) (page.State, error) {
	w := chromium.Wait{Timeout: timeout, Interval: statePollInterval, Look: b.Timeout}
	return w.State(b.ctx, states...)
}

// State returns #playground's data-state now. It fails the test when the
// page has none, or a word that is not a [page.State].
func (b *Browser) State() page.State {
	b.t.Helper()
	var word string
	if err := b.do(func(ctx context.Context) (err error) { word, err = chromium.State(ctx); return err }); err != nil {
		b.fatalf("reading data-state: %v", err)
	}
	st, ok := page.ParseState(word)
	if !ok {
		b.fatalf("data-state %q is not a state of the page", word)
	}
	return st
}

// States returns every value #playground's data-state took since the page
// loaded, in order, without repeats: the transitions, even those faster than
// WaitState can see. It fails the test on a word that is not a [page.State].
func (b *Browser) States() []page.State {
	b.t.Helper()
	var seen []chromium.Seen
	if err := b.do(func(ctx context.Context) (err error) { seen, err = chromium.History(ctx); return err }); err != nil {
		b.fatalf("reading the data-state history: %v", err)
	}
	states := make([]page.State, len(seen))
	for i, s := range seen {
		st, ok := page.ParseState(s.State)
		if !ok {
			b.fatalf("data-state took %q, which is not a state of the page", s.State)
		}
		states[i] = st
	}
	return states
}

// Output returns the lines of #output, in page order.
func (b *Browser) Output() []Line {
	b.t.Helper()
	var lines []Line
	if err := b.do(func(ctx context.Context) (err error) { lines, err = chromium.Output(ctx); return err }); err != nil {
		b.fatalf("reading #%s: %v", page.Output, err)
	}
	return lines
}

// Click clicks the first element that matches the CSS selector, once it is
// visible: b.Click(page.Run.Selector()).
func (b *Browser) Click(selector string) {
	b.t.Helper()
	if err := b.do(func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector)))
	}); err != nil {
		b.fatalf("clicking %s: %v", selector, err)
	}
}

// Type focuses the first element that matches the CSS selector and types
// text into it, key by key, as a person would.
func (b *Browser) Type(selector, text string) {
	b.t.Helper()
	if err := b.do(func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(selector), text))
	}); err != nil {
		b.fatalf("typing into %s: %v", selector, err)
	}
}

// Text returns the textContent of the first element that matches the CSS
// selector.
func (b *Browser) Text(selector string) string {
	b.t.Helper()
	var s string
	if err := b.do(func(ctx context.Context) (err error) {
		s, err = chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(selector)))
		return err
	}); err != nil {
		b.fatalf("reading the text of %s: %v", selector, err)
	}
	return s
}

// Eval evaluates the JavaScript expression js in the page, awaiting it when
// it is a promise, and decodes its JSON value into a T.
func Eval[T any](b *Browser, js string) T {
	b.t.Helper()
	var v T
	if err := b.do(func(ctx context.Context) (err error) { v, err = chromium.Eval[T](ctx, js); return err }); err != nil {
		b.fatalf("evaluating %q: %v", js, err)
	}
	return v
}
