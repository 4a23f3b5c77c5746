//go:build !js

package main

import (
	"context"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
)

// Every measurement drives its own tab with internal/chromium, the driver
// the page's tests use too. A benchmark tab is fresh (chromium.TabOptions):
// its own browser context with the HTTP cache off, so every load is cold.

// freshTab opens a cold tab in br that runs the probe scripts (and records
// data-state when states) in every document it loads.
func freshTab(br *chromium.Browser, states bool, probes ...string) (context.Context, context.CancelFunc, error) {
	return chromium.NewTab(br.Context(), chromium.TabOptions{Fresh: true, States: states, Scripts: probes})
}

// coldTab opens a tab in a new browser context whose HTTP cache is on but
// empty: its first load is cold, and what the page fetches again later
// (its service worker keeping the same files) is answered from the cache
// or revalidated, as in a reader's browser.
func coldTab(br *chromium.Browser) (context.Context, context.CancelFunc, error) {
	return chromium.NewTab(br.Context(), chromium.TabOptions{Fresh: true, KeepCache: true})
}

// navigate loads url in the tab and waits for its load event, for at most
// timeout.
func navigate(tab context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(tab, timeout)
	defer cancel()
	return chromium.Navigate(ctx, url)
}

// eval evaluates the JavaScript expression js in the tab and decodes its
// value, giving up after timeout.
func eval[T any](tab context.Context, js string, timeout time.Duration) (T, error) {
	ctx, cancel := context.WithTimeout(tab, timeout)
	defer cancel()
	return chromium.Eval[T](ctx, js)
}
