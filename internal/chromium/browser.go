//go:build !js

package chromium

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// Browser is one running headless Chromium and its first tab.
type Browser struct {
	ctx    context.Context // the first tab; its browser is running
	cancel context.CancelFunc
	out    *lockedBuffer // the browser's own stdout and stderr
}

// Start starts the browser at path with the project's flags (see options)
// and the profile folder profile, which should be fresh, and prepares its
// first tab with opts (but for Fresh: the first tab is in the browser's
// default context). The browser runs until Close or until ctx ends.
func Start(ctx context.Context, path, profile string, opts TabOptions) (*Browser, error) {
	if err := Check(path); err != nil {
		return nil, err
	}
	out := &lockedBuffer{}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, options(path, profile, out)...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: tabCtx, out: out, cancel: func() {
		cancelTab()
		cancelAlloc() // waits for the browser process to exit
	}}
	// The first action starts the browser. It must run on the tab's own
	// context, not one with a timeout, or the timeout would end the browser.
	if err := chromedp.Do(tabCtx); err != nil {
		b.Close()
		return nil, fmt.Errorf("starting %s: %w\n%s", path, err, out.tail(2000))
	}
	opts.Fresh = false
	if err := setup(tabCtx, opts); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Context returns the chromedp context of the first tab, for the functions
// of this package and for [NewTab]. It ends when the browser is closed.
func (b *Browser) Context() context.Context { return b.ctx }

// Close ends the browser and waits for its process to exit.
func (b *Browser) Close() { b.cancel() }

// Version returns the browser's product and version, such as
// "Chrome/148.0.7778.167".
func (b *Browser) Version() (string, error) {
	v, err := chromedp.CallBrowser(b.ctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return "", fmt.Errorf("asking the browser for its version: %w", err)
	}
	return v.Product, nil
}

// lockedBuffer collects the browser's output, which chromedp writes from its
// own goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// tail returns the last n bytes written.
func (l *lockedBuffer) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buf.Bytes()
	return string(b[max(0, len(b)-n):])
}
