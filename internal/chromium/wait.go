//go:build !js

package chromium

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/goroutine-playground/playground/internal/page"
)

// ErrTimeout is wrapped by the error of a [Wait] that ran out of time.
var ErrTimeout = errors.New("timed out")

// Wait says how long to wait for something in a tab and how often to look.
//
// The deadline bounds the waiting, not each look: a page whose main thread
// is busy (or a loaded machine) answers late, one look can take longer than
// a short Timeout, and at least one look finishes before the page is judged.
// A look that fails, as one does while a new document loads, counts as not
// yet.
type Wait struct {
	Timeout  time.Duration // how long to go on looking
	Interval time.Duration // the pause between two looks
	Look     time.Duration // bounds one look; zero means Timeout
}

// poll calls look every w.Interval until it reports done and returns nil,
// or returns ctx's error, or an error wrapping ErrTimeout and the last
// look's error, if any.
func (w Wait) poll(ctx context.Context, look func(ctx context.Context) (bool, error)) error {
	deadline := time.Now().Add(w.Timeout)
	each := w.Look
	if each <= 0 {
		each = w.Timeout
	}
	for {
		lctx, cancel := context.WithTimeout(ctx, each)
		done, err := look(lctx)
		cancel()
		if err == nil && done {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("%w (last look: %w)", ErrTimeout, err)
			}
			return ErrTimeout
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(w.Interval):
		}
	}
}

// For waits until the JavaScript expression cond is truthy in the tab of
// ctx.
func (w Wait) For(ctx context.Context, cond string) error {
	err := w.poll(ctx, func(ctx context.Context) (bool, error) {
		return Eval[bool](ctx, "Boolean("+cond+")")
	})
	if err != nil {
		return fmt.Errorf("waiting %v for %s: %w", w.Timeout, cond, err)
	}
	return nil
}

// State waits until #playground's data-state in the tab of ctx is one of
// states, and returns it. It looks at the current state: one that came and
// went between two looks (a run that starts and ends within milliseconds)
// is only in [History].
func (w Wait) State(ctx context.Context, states ...page.State) (page.State, error) {
	var (
		last string
		seen bool // a look succeeded
		got  page.State
	)
	err := w.poll(ctx, func(ctx context.Context) (bool, error) {
		st, err := State(ctx)
		if err != nil {
			return false, err
		}
		last, seen = st, true
		i := slices.IndexFunc(states, func(s page.State) bool { return s.String() == st })
		if i < 0 {
			return false, nil
		}
		got = states[i]
		return true, nil
	})
	switch {
	case err == nil:
		return got, nil
	case !errors.Is(err, ErrTimeout) || !seen:
		return 0, fmt.Errorf("waiting %v for data-state in %q: %w", w.Timeout, states, err)
	case last == "":
		return 0, fmt.Errorf("waiting %v for data-state in %q: the page has no #%s[data-state]", w.Timeout, states, page.Root)
	}
	return 0, fmt.Errorf("waiting %v for data-state in %q: still %q", w.Timeout, states, last)
}
