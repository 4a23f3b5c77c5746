package e2e

import (
	"context"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

// frame is an iframe of the page, driven as a target of its own: a
// sandboxed iframe has an opaque origin, so Chromium runs it out of the
// article's process, and it is closed to the article's scripts, but not
// to the browser's debugging protocol.
type frame struct {
	p    *tab
	name string          // for failure messages
	ctx  context.Context // attached to the frame's target until the test ends
}

// frame waits for the page's iframe whose address contains part, and
// attaches to it.
func (p *tab) frame(part string, timeout time.Duration) *frame {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		targets, err := chromedp.Targets(p.Context())
		for _, info := range targets {
			if info.Type == "iframe" && strings.Contains(info.URL, part) {
				ctx, cancel := chromedp.NewContext(p.Context(), chromedp.WithTargetID(info.TargetID))
				p.t.Cleanup(cancel)
				if err := chromedp.Do(ctx); err != nil {
					p.t.Fatalf("attaching to the frame %s: %v", info.URL, err)
				}
				return &frame{p: p, name: part, ctx: ctx}
			}
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("waiting %v for a frame at %q: %d targets (%v)", timeout, part, len(targets), err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// frameEval evaluates the expression js in the frame, awaiting a promise,
// and decodes its JSON value into a T.
func frameEval[T any](f *frame, js string) T {
	f.p.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, f.p.Timeout)
	defer cancel()
	v, err := chromium.Eval[T](ctx, js)
	if err != nil {
		f.p.t.Fatalf("frame %s: evaluating %q: %v", f.name, js, err)
	}
	return v
}

// waitState waits for the frame's data-state to be one of states.
func (f *frame) waitState(timeout time.Duration, states ...page.State) page.State {
	f.p.t.Helper()
	w := chromium.Wait{Timeout: timeout, Interval: 50 * time.Millisecond, Look: f.p.Timeout}
	st, err := w.State(f.ctx, states...)
	if err != nil {
		f.p.t.Fatalf("frame %s: %v; output:\n%s", f.name, err, strings.Join(f.output(), "\n"))
	}
	return st
}

// waitFor waits up to timeout until the JavaScript expression cond is true
// in the frame, as tab.waitFor does in the page.
func (f *frame) waitFor(timeout time.Duration, cond, what string) {
	f.p.t.Helper()
	for deadline := time.Now().Add(timeout); !frameEval[bool](f, cond); time.Sleep(pollEvery) {
		if time.Now().After(deadline) {
			f.p.t.Fatalf("frame %s: waited %v for %s", f.name, timeout, what)
		}
	}
}

// ended waits up to timeout for the frame's run to end, and fails the test
// unless it ended in the state want.
func (f *frame) ended(timeout time.Duration, want page.State) {
	f.p.t.Helper()
	if got := f.waitState(timeout, page.Done, page.Failed, page.Stopped); got != want {
		f.p.t.Fatalf("frame %s: state %q; want %q; output %q", f.name, got, want, f.output())
	}
}

// output returns the frame's output lines as "goroutine: text".
func (f *frame) output() []string {
	f.p.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, f.p.Timeout)
	defer cancel()
	lines, err := chromium.Output(ctx)
	if err != nil {
		f.p.t.Fatalf("frame %s: reading the output: %v", f.name, err)
	}
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = l.String()
	}
	return s
}
