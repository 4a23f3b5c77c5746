package programs

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Going further: a goroutine that never waits
//
// The spinner counts as fast as it can for a while: it never sleeps, never
// reads, never waits on a channel. Meanwhile the ticker prints a line ten
// times a second. Do the ticks keep coming while the spinner spins?
//
// Run natively, yes. Goroutines run on every core, and since Go 1.14 the
// scheduler also preempts a goroutine that has run for 10 ms without
// pausing, so the others get their turn even on one core. Python threads
// take turns too: the interpreter makes the running thread let go of the
// GIL every few milliseconds.
//
// In the browser, no. WebAssembly runs Go on the page's single thread with
// no preemption, so a goroutine keeps it until it blocks: the ticks stop
// until the spin is over, and so does the page's JavaScript. Turn on yield
// and the spinner calls runtime.Gosched as it goes, handing the thread to
// any goroutine that is ready, so the ticker gets its turns (the page
// itself still waits until every goroutine is blocked).
//
// A loop that never blocks never sees ctx.Done() in a select either, so it
// must ask: ctx.Err() is not nil once the run is stopped. Asking costs a
// little, so the spinner asks only every 65,536 turns of its loop, often
// enough to stop within a millisecond or two.
func spinMain(ctx context.Context, env *runner.Env) error {
	spinFor := time.Duration(env.Int("spin")) * time.Millisecond
	yield := env.Bool("yield")
	spun := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)

	runner.Go(ctx, "ticker", func(ctx context.Context) {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for n := 1; ; n++ {
			select {
			case <-t.C:
				runner.Printf(ctx, "tick %d", n)
			case <-spun:
				return
			case <-ctx.Done():
				return
			}
		}
	})

	runner.Go(ctx, "spinner", func(ctx context.Context) {
		defer wg.Done()
		defer close(spun)
		runner.Printf(ctx, "Spinning for %v.", spinFor)
		start := time.Now()
		var turns uint64
		for {
			turns++
			if turns%(1<<16) == 0 {
				if ctx.Err() != nil {
					return
				}
				if time.Since(start) >= spinFor {
					break
				}
			}
			if yield {
				runtime.Gosched()
			}
		}
		runner.Printf(ctx, "Done: %d turns in %v.", turns, time.Since(start).Round(time.Millisecond))
	})

	wg.Wait()
	return nil
}
