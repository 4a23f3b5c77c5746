package programs

import (
	"context"
	"sync"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Join: one goroutine waits for another
//
// Python's join makes one thread wait until another has finished. A
// goroutine has no join method, because there is nothing to call it on;
// you wait for a goroutine through something it does when it finishes.
//
// Here thingOne closes the channel oneDone when it ends, after its five
// seconds of sleep (scaled by the time scale). thingTwo starts at about the
// same time, then waits to receive from oneDone, so its "ended" always
// comes after thingOne's, however the two are scheduled.
//
// main waits for both with a sync.WaitGroup, the usual way to wait for a
// group: Add before each goroutine starts, Done when it finishes, and Wait
// until the count is back to zero. A channel suits one event that others
// wait on; a WaitGroup suits "all of these have finished".
func joinMain(ctx context.Context, env *runner.Env) error {
	var wg sync.WaitGroup
	oneDone := make(chan struct{})

	wg.Add(2)
	runner.Go(ctx, "thingOne", func(ctx context.Context) {
		defer wg.Done()
		defer close(oneDone)
		runner.Println(ctx, "Goroutine thingOne started.")
		if runner.Sleep(ctx, 5*time.Second) != nil {
			return // stopped
		}
		runner.Println(ctx, "Goroutine thingOne ended.")
	})
	runner.Go(ctx, "thingTwo", func(ctx context.Context) {
		defer wg.Done()
		runner.Println(ctx, "Goroutine thingTwo started.")
		select {
		case <-oneDone: // the join
			runner.Println(ctx, "Goroutine thingTwo ended.")
		case <-ctx.Done():
		}
	})

	wg.Wait()
	return nil
}
