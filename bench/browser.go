//go:build !js

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/chromium"
)

// headless is one headless Chromium for the whole run. Each measurement
// opens its own tab in a fresh browser context (see fresh), so every load is
// cold: its own empty HTTP and code caches, nothing shared with the last.
type headless struct {
	ctx     context.Context // the first tab; its browser is running
	cancel  context.CancelFunc
	Version string // "Chrome/148.0.7778.167"
	output  *syncBuffer
}

// startChromium starts the browser at path with the flags every browser on
// this project gets, and a profile in the folder profile.
func startChromium(ctx context.Context, path, profile string) (*headless, error) {
	if err := chromium.Check(path); err != nil {
		return nil, fmt.Errorf("%w (or pass -chromium)", err)
	}
	out := &syncBuffer{}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, chromium.Options(path, profile, out)...)
	bctx, cancelTab := chromedp.NewContext(allocCtx)
	c := &headless{ctx: bctx, output: out, cancel: func() {
		cancelTab()
		cancelAlloc() // waits for the browser to exit
	}}
	// The first action starts the browser, on a context without a timeout,
	// which would otherwise end the browser with it.
	if err := chromedp.Do(bctx); err != nil {
		c.cancel()
		return nil, fmt.Errorf("starting %s: %w\n%s", path, err, tail(out.String(), 2000))
	}
	v, err := chromedp.CallBrowser(bctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		c.cancel()
		return nil, fmt.Errorf("asking %s for its version: %w", path, err)
	}
	c.Version = v.Product
	return c, nil
}

// close ends the browser and waits for it.
func (c *headless) close() { c.cancel() }

// fresh opens a tab in a new browser context with the HTTP cache disabled,
// runs the script probe in every document it loads, and returns the tab's
// context. cancel closes the tab and discards the browser context.
func (c *headless) fresh(probe string) (ctx context.Context, cancel context.CancelFunc, err error) {
	ctx, cancel = chromedp.NewContext(c.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("opening a tab: %w", err)
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("disabling the cache: %w", err)
	}
	if probe != "" {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: probe}); err != nil {
			cancel()
			return nil, nil, fmt.Errorf("installing the probe: %w", err)
		}
	}
	return ctx, cancel, nil
}

// navigate loads url in the tab of ctx and waits for its load event, for at
// most timeout.
func navigate(ctx context.Context, url string, timeout time.Duration) error {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("loading %s: %w", url, err)
	}
	return nil
}

// eval evaluates the JavaScript expression js in the tab and decodes its
// value, giving up after timeout.
func eval[T any](ctx context.Context, js string, timeout time.Duration) (T, error) {
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return chromedp.Run(tctx, chromedp.Evaluate[T](js))
}

// errTimeout is returned by waitFor when the condition did not come true.
var errTimeout = errors.New("timed out")

// waitFor evaluates the JavaScript condition cond every interval until it is
// true, for at most timeout. A page whose main thread is busy answers late;
// an evaluation that takes long counts as false, not as an error.
func waitFor(ctx context.Context, cond string, interval, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := eval[bool](ctx, "Boolean("+cond+")", max(interval, time.Until(deadline)))
		if err == nil && ok {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("waiting for %s: %w (last: %v)", cond, errTimeout, err)
			}
			return fmt.Errorf("waiting for %s: %w", cond, errTimeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}

// syncBuffer collects the browser's output, written from chromedp's
// goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
