//go:build !js

package chromium

import (
	"context"
	"fmt"
	"net/url"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TabOptions say how to prepare a tab before its first page loads.
type TabOptions struct {
	// Fresh opens the tab in a new browser context with the HTTP cache
	// disabled, so that every load in it is cold: its own empty HTTP and
	// code caches, nothing shared with other tabs. The benchmark's loads
	// are fresh; the tests' tabs share the browser's default context.
	Fresh bool
	// KeepCache, with Fresh, leaves the new context's HTTP cache on: it
	// starts empty, so the first load is still cold, but what the page
	// fetches later (its service worker's copies of the same files) is
	// answered from it, as in a reader's browser.
	KeepCache bool
	// States records every value #playground's data-state takes in each
	// document the tab loads, for [History].
	States bool
	// Scripts run in every document the tab loads, before its own scripts
	// (the benchmark's probes).
	Scripts []string
}

// NewTab opens a tab in the browser of parent (the context of a tab, such
// as [Browser.Context]) and prepares it with opts. It returns the tab's
// chromedp context; cancel closes the tab (and discards its browser
// context when Fresh).
func NewTab(parent context.Context, opts TabOptions) (ctx context.Context, cancel context.CancelFunc, err error) {
	var ctxOpts []chromedp.ContextOption
	if opts.Fresh {
		ctxOpts = append(ctxOpts, chromedp.WithNewBrowserContext())
	}
	ctx, cancel = chromedp.NewContext(parent, ctxOpts...)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("opening a tab: %w", err)
	}
	if err := setup(ctx, opts); err != nil {
		cancel()
		return nil, nil, err
	}
	return ctx, cancel, nil
}

// setup prepares the open tab of ctx with opts.
func setup(ctx context.Context, opts TabOptions) error {
	if opts.Fresh && !opts.KeepCache {
		if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return fmt.Errorf("disabling the cache: %w", err)
		}
	}
	scripts := opts.Scripts
	if opts.States {
		scripts = append([]string{stateRecorder}, scripts...)
	}
	for _, s := range scripts {
		if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument,
			cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: s}); err != nil {
			return fmt.Errorf("adding a script to the tab: %w", err)
		}
	}
	return nil
}

// Navigate loads rawURL in the tab of ctx and waits for its load event. It
// always loads a fresh document, also when rawURL differs from the page's
// only in the fragment (which a browser would otherwise treat as a jump
// within the page), because opening a URL is what a test of URL state means.
func Navigate(ctx context.Context, rawURL string) error {
	cur, err := chromedp.Run(ctx, chromedp.Location())
	if err == nil && sameDocument(cur, rawURL) {
		err = chromedp.Do(ctx, chromedp.Navigate("about:blank"))
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Navigate(rawURL))
	}
	if err != nil {
		return fmt.Errorf("loading %s: %w", rawURL, err)
	}
	return nil
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

// Eval evaluates the JavaScript expression js in the tab of ctx, awaiting it
// when it is a promise, and decodes its JSON value into a T.
func Eval[T any](ctx context.Context, js string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}
