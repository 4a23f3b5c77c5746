//go:build !js

package browsertest

import (
	"slices"
	"strings"

	"github.com/chromedp/chromedp"
)

// Console returns the messages the page has written to the console so far:
// console API calls, uncaught exceptions, unhandled rejections and browser
// log entries such as failed loads. They arrive asynchronously, a moment
// after the page wrote them.
func (b *Browser) Console() []chromedp.ConsoleMessage {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.console)
}

// goCrash marks what Go's wasm runtime prints, through console.log and
// console.warn, when the program dies: a panic, a fatal error such as a
// deadlock, or a non-zero exit.
var goCrash = []string{"panic: ", "fatal error: ", "exit code: "}

// Errors returns the console messages that mean something went wrong: errors,
// uncaught exceptions and unhandled rejections (such as "Go program has
// already exited"), failed loads, and the Go runtime's own crash reports.
func (b *Browser) Errors() []string {
	var errs []string
	for _, m := range b.Console() {
		if isError(m) {
			errs = append(errs, m.String())
		}
	}
	return errs
}

func isError(m chromedp.ConsoleMessage) bool {
	if m.Type == chromedp.ConsoleError || m.IsException() {
		return true
	}
	for _, p := range goCrash {
		if strings.HasPrefix(m.Text, p) {
			return true
		}
	}
	return false
}

// CheckNoErrors marks the test failed, listing them, if the page has written
// any of the messages Errors returns.
func (b *Browser) CheckNoErrors() {
	b.t.Helper()
	if errs := b.Errors(); len(errs) > 0 {
		b.t.Errorf("browsertest: the page reported %d errors:\n  %s", len(errs), strings.Join(errs, "\n  "))
	}
}
