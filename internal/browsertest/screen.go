//go:build !js

package browsertest

import (
	"context"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// SetViewport sets the size of the page's viewport in CSS pixels, at a device
// scale of 1, as a window of that size would have; 360 wide is a small phone.
func (b *Browser) SetViewport(width, height int) {
	b.t.Helper()
	if err := b.do(func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height)))
	}); err != nil {
		b.fatalf("setting the viewport to %dx%d: %v", width, height, err)
	}
}

// ColorScheme emulates prefers-color-scheme: "dark" or "light"; "" returns
// to the browser's own.
func (b *Browser) ColorScheme(scheme string) {
	b.t.Helper()
	params := emulation.SetEmulatedMediaParams{}
	if scheme != "" {
		params.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
	}
	if err := b.do(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, params)
		return err
	}); err != nil {
		b.fatalf("emulating prefers-color-scheme %q: %v", scheme, err)
	}
}

// Screenshot returns a PNG of the whole page, beyond the viewport, at the
// viewport's width.
func (b *Browser) Screenshot() []byte {
	b.t.Helper()
	var png []byte
	if err := b.do(func(ctx context.Context) (err error) {
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		return err
	}); err != nil {
		b.fatalf("taking a screenshot: %v", err)
	}
	return png
}
