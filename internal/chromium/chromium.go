//go:build !js

// Package chromium is this project's one driver of headless Chromium, on
// chromedp: which browser, with which flags, and the few actions the page's
// browser tests and its benchmark share. The tests use it through
// internal/browsertest, which turns its errors into failed tests; the
// benchmark (bench) uses it directly, so that what is measured runs in the
// browser that is tested, driven the same way.
//
// # Use
//
//	b, err := chromium.Start(ctx, chromium.Path(), profileDir, chromium.TabOptions{})
//	defer b.Close()
//	tab, closeTab, err := chromium.NewTab(b.Context(), chromium.TabOptions{Fresh: true, States: true})
//	err = chromium.Navigate(tab, url)
//	st, err := chromium.Wait{Timeout: time.Minute, Interval: 100 * time.Millisecond}.State(tab, page.Done, page.Failed)
//	lines, err := chromium.Output(tab)
//
// A tab is a chromedp context, as in chromedp itself; bound a call with
// context.WithTimeout on it. The page contract's names (the root's
// data-state words, the ids of #run, #output and the rest) come from
// internal/page; this package reads them the one way both callers need.
package chromium

import (
	"fmt"
	"io"
	"os"

	"github.com/chromedp/chromedp"
)

// Default is where Debian's chromium package puts the browser.
const Default = "/usr/bin/chromium"

// Path returns the browser to start: $CHROMIUM, or Default.
func Path() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return Default
}

// Check reports why the browser at path cannot be started, or nil.
func Check(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("no browser at %s (install Debian's chromium package, or set CHROMIUM): %w", path, err)
	}
	if info.IsDir() || info.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%s is not an executable file", path)
	}
	return nil
}

// options are the allocator options for the browser at path, with the
// profile folder profile (which should be fresh) and the browser's own
// stdout and stderr written to out.
//
// The flags are the ones this kind of machine needs: headless, no sandbox
// (root in a container), no GPU, and nothing that reaches for the network
// on its own (without those, Chromium stalls on refused connections). And
// a page is treated as a tab a person looks at: headless Chromium may
// otherwise count it as in the background and align its timers to whole
// seconds, which would delay a Stop's 50 ms timeout by up to a second.
func options(path, profile string, out io.Writer) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.UserDataDir(profile),
		chromedp.CombinedOutput(out),
	}
}
