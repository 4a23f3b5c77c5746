//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/chromedp/chromedp"
)

// Line is one line of the page's output: an element of #output with a
// data-goroutine attribute.
type Line struct {
	Goroutine string `json:"goroutine"` // the data-goroutine attribute
	Text      string `json:"text"`      // the element's textContent
}

// String returns the line as "goroutine: text", for failure messages.
func (l Line) String() string { return l.Goroutine + ": " + l.Text }

// Navigate loads url in the tab and waits for its load event. It always loads
// a fresh document, also when url differs from the page's only in the
// fragment (which a browser would otherwise treat as a jump within the page),
// because opening a URL is what a test of URL state means.
func (b *Browser) Navigate(rawURL string) {
	b.t.Helper()
	err := b.do(func(ctx context.Context) error {
		cur, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			return err
		}
		if sameDocument(cur, rawURL) {
			if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
				return err
			}
		}
		return chromedp.Do(ctx, chromedp.Navigate(rawURL))
	})
	if err != nil {
		b.fatalf("navigating to %s: %v", rawURL, err)
	}
}

// sameDocument reports whether b differs from a only in the fragment.
func sameDocument(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return false
	}
	ua.Fragment, ua.RawFragment = "", ""
	ub.Fragment, ub.RawFragment = "", ""
	return ua.String() == ub.String()
}

// statePollInterval is how often WaitState looks at data-state.
const statePollInterval = 10 * time.Millisecond

// WaitState waits until #playground's data-state is one of states and returns
// it. It fails the test, showing the page, when timeout passes first. It looks
// at the current state: one that came and went between two looks (a run
// that starts and ends within milliseconds) is only in [Browser.States].
func (b *Browser) WaitState(timeout time.Duration, states ...string) string {
	b.t.Helper()
	st, err := b.waitState(timeout, states...)
	if err != nil {
		b.fatalf("%v", err)
	}
	return st
}

func (b *Browser) waitState(timeout time.Duration, states ...string) (string, error) {
	// The deadline bounds the waiting, not each look: on a loaded machine
	// one look can take longer than a short timeout, and at least one look
	// must finish before the page is judged.
	deadline := time.Now().Add(timeout)
	var (
		last    string
		seen    bool  // a look succeeded
		lastErr error // of the latest look that failed
	)
	for {
		var st string
		err := b.do(func(ctx context.Context) (err error) { st, err = state(ctx); return err })
		switch {
		case err == nil && slices.Contains(states, st):
			return st, nil
		case err == nil:
			last, seen = st, true
		default:
			lastErr = err // a look can fail while a new document loads
		}
		if time.Now().After(deadline) {
			switch {
			case !seen:
				return "", fmt.Errorf("waiting %v for data-state in %q: %w", timeout, states, lastErr)
			case last == "":
				return "", fmt.Errorf("waiting %v for data-state in %q: the page has no #playground[data-state]", timeout, states)
			}
			return "", fmt.Errorf("waiting %v for data-state in %q: still %q", timeout, states, last)
		}
		select {
		case <-b.ctx.Done():
			return "", b.ctx.Err()
		case <-time.After(statePollInterval):
		}
	}
}

// State returns #playground's data-state now, or "" when there is none.
func (b *Browser) State() string {
	b.t.Helper()
	var st string
	if err := b.do(func(ctx context.Context) (err error) { st, err = state(ctx); return err }); err != nil {
		b.fatalf("reading data-state: %v", err)
	}
	return st
}

func state(ctx context.Context) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](
		`document.getElementById("playground")?.getAttribute("data-state") ?? ""`))
}

// States returns every value #playground's data-state took since the page
// loaded, in order, without repeats: the transitions, even those faster than
// WaitState can see.
func (b *Browser) States() []string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.Timeout)
	defer cancel()
	return b.states(ctx)
}

func (b *Browser) states(ctx context.Context) []string {
	b.t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](stateHistory))
	if err != nil {
		b.t.Fatalf("browsertest: reading the data-state history: %v", err)
	}
	return got
}

// Output returns the lines of #output, in page order.
func (b *Browser) Output() []Line {
	b.t.Helper()
	var lines []Line
	if err := b.do(func(ctx context.Context) (err error) { lines, err = output(ctx); return err }); err != nil {
		b.fatalf("reading #output: %v", err)
	}
	return lines
}

func output(ctx context.Context) ([]Line, error) {
	lines, err := chromedp.Run(ctx, chromedp.Evaluate[[]Line](`Array.from(
		document.querySelectorAll("#output [data-goroutine]"),
		(e) => ({goroutine: e.getAttribute("data-goroutine"), text: e.textContent}))`))
	if lines == nil && err == nil {
		lines = []Line{}
	}
	return lines, err
}

// Click clicks the first element that matches the CSS selector, once it is
// visible.
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
	if err := b.do(func(ctx context.Context) (err error) {
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
		return err
	}); err != nil {
		b.fatalf("evaluating %q: %v", js, err)
	}
	return v
}
