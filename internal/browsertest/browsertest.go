//go:build !js

// Package browsertest drives headless Chromium from Go tests, so that the
// playground's page is tested in a real browser by `go test ./...`, with no
// browser download and no test runner besides Go's.
//
// # Use
//
//	base := browsertest.Serve(t, "testdata/site") // internal/serve on 127.0.0.1:0
//	b := browsertest.New(t)                       // headless Chromium, closed at cleanup
//	b.Navigate(base + "/#example=pool&autorun=1")
//	b.WaitState(30*time.Second, page.Done, page.Failed)
//	for _, line := range b.Output() { ... }
//	b.CheckNoErrors()
//
// It is the testing face of internal/chromium, the driver the benchmark
// uses too: the helpers stand on the page contract of the design, named in
// internal/page (#playground carries data-state, #run and #stop are
// buttons, each line of #output is an element with data-goroutine whose
// text is the line). A helper that fails ends the test with t.Fatal and says
// what the page looked like; for anything else, [Browser.Context] is a
// chromedp context for the same tab.
//
// # The browser
//
// New starts /usr/bin/chromium (the environment variable CHROMIUM names
// another) with the flags of internal/chromium and a fresh --user-data-dir
// under t.TempDir. Without the browser a test is skipped, except under CI=true,
// where a missing browser fails it.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/chromium"
)

// DefaultChromium is where Debian's chromium package puts the browser.
const DefaultChromium = chromium.Default

// DefaultTimeout bounds every helper that has no timeout of its own, so that
// a page that hangs fails its test instead of the whole run.
const DefaultTimeout = 60 * time.Second

// Browser is one headless Chromium with one tab, for one test.
type Browser struct {
	// Timeout bounds each helper call that takes no timeout argument.
	Timeout time.Duration

	t   testing.TB
	ctx context.Context // the tab; ends at cleanup

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

// tabOptions prepare every tab: its data-state history is recorded for
// [Browser.States].
var tabOptions = chromium.TabOptions{States: true}

// Chromium returns the path of the browser that New starts: $CHROMIUM, or
// DefaultChromium.
func Chromium() string { return chromium.Path() }

// checkChromium reports why the browser cannot be started, or nil.
func checkChromium(path string) error {
	if err := chromium.Check(path); err != nil {
		return fmt.Errorf("browsertest: %w", err)
	}
	return nil
}

// missingBrowser skips the test, or under CI=true fails it: CI must never
// pass by skipping every browser test.
func missingBrowser(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%v; CI=true requires the browser", err)
		return
	}
	t.Skipf("%v; skipping the browser test", err)
}

// New starts a headless Chromium for the test and opens a blank tab. The
// browser is closed, and its profile removed, when the test ends.
func New(t testing.TB) *Browser {
	t.Helper()
	path := Chromium()
	if err := checkChromium(path); err != nil {
		missingBrowser(t, err)
		return nil
	}
	// Made before the cleanup below is registered, so removed after it,
	// once the browser has exited.
	profile := t.TempDir()
	br, err := chromium.Start(context.Background(), path, profile, tabOptions)
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	t.Cleanup(br.Close)
	b := &Browser{Timeout: DefaultTimeout, t: t}
	b.attach(br.Context(), br.Close)
	return b
}

// Tab opens a new tab in the same browser for the test t (a subtest, say),
// closed when t ends. Starting a browser takes seconds and a tab a fraction
// of one, so a test with many cases can share one browser: each tab has its
// own page, console and state history, and tabs may be used in parallel.
func (b *Browser) Tab(t testing.TB) *Browser {
	t.Helper()
	ctx, cancel, err := chromium.NewTab(b.ctx, tabOptions)
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	t.Cleanup(cancel)
	tab := &Browser{Timeout: b.Timeout, t: t}
	tab.attach(ctx, cancel)
	return tab
}

// attach makes b drive the tab of ctx: it collects the console until the
// test ends and cancel closes the tab, and hides scrollbars.
func (b *Browser) attach(ctx context.Context, cancel func()) {
	b.t.Helper()
	b.ctx = ctx
	messages := chromedp.Console(ctx)
	readerDone := make(chan struct{})
	// Runs before the cleanups registered earlier (they run last first), so
	// the reader has stopped before the browser is shut down.
	b.t.Cleanup(func() {
		cancel()
		<-readerDone
	})
	go func() {
		defer close(readerDone)
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	// Overlay scrollbars, as on a phone: the page gets the whole width of
	// the viewport, and a screenshot shows no scrollbar.
	if err := b.do(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetScrollbarsHidden, emulation.SetScrollbarsHiddenParams{Hidden: true})
		return err
	}); err != nil {
		b.t.Fatalf("browsertest: preparing the tab: %v", err)
	}
}

// Context returns the chromedp context of the browser's tab, for actions the
// helpers do not cover (and internal/chromium's functions). Do not cancel
// it; it ends with the test.
func (b *Browser) Context() context.Context { return b.ctx }

// do runs f with the helper timeout.
func (b *Browser) do(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(b.ctx, b.Timeout)
	defer cancel()
	return f(ctx)
}

// fatalf ends the test with msg and what the page shows now.
func (b *Browser) fatalf(format string, args ...any) {
	b.t.Helper()
	b.t.Fatalf("browsertest: %s\n%s", fmt.Sprintf(format, args...), b.describe())
}

// describe summarizes the page for a failure message.
func (b *Browser) describe() string {
	var s strings.Builder
	ctx, cancel := context.WithTimeout(b.ctx, b.Timeout)
	defer cancel()
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
		fmt.Fprintf(&s, "  page: %s\n", loc)
	}
	if st, err := chromium.State(ctx); err == nil {
		var words []string
		if seen, err := chromium.History(ctx); err == nil {
			for _, h := range seen {
				words = append(words, h.State)
			}
		}
		fmt.Fprintf(&s, "  data-state: %q (seen %q)\n", st, words)
	}
	if lines, err := chromium.Output(ctx); err == nil {
		const keep = 10
		fmt.Fprintf(&s, "  output: %d lines\n", len(lines))
		for _, l := range lines[max(0, len(lines)-keep):] {
			fmt.Fprintf(&s, "    %s\n", l)
		}
	}
	for _, e := range b.Errors() {
		fmt.Fprintf(&s, "  console: %s\n", e)
	}
	return strings.TrimRight(s.String(), "\n")
}
