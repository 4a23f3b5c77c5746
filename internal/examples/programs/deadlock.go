package programs

import (
	"context"
	"sync"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Going further: a deadlock — each waits for the other
//
// Alice will not speak until she has heard from Bob, and Bob will not speak
// until he has heard from Alice. Each waits to receive from the other's
// channel, so both wait forever, and main waits forever for them.
//
// Go's runtime notices a deadlock only when every goroutine of the whole
// program is blocked: then it stops with "fatal error: all goroutines are
// asleep - deadlock!". If anything else is still running, say a server
// accepting connections, the stuck goroutines just sit there, never
// finishing and never freed. Here the playground's own goroutines keep
// running, so it watches for itself: when every goroutine of the run has
// been blocked for a while, the run fails and says who waits on what.
//
// Turn on fix and Alice speaks first. The cure for a cycle of waiting is to
// break the cycle: someone goes first, or every wait has a way out, such as
// a select on ctx.Done() or a timeout.
func deadlockMain(ctx context.Context, env *runner.Env) error {
	aliceFirst := env.Bool("fix")
	fromAlice, fromBob := make(chan string), make(chan string)

	var wg sync.WaitGroup
	wg.Add(2)
	runner.Go(ctx, "alice", func(ctx context.Context) {
		defer wg.Done()
		if aliceFirst {
			say(ctx, fromAlice, "Hello, Bob.")
			listen(ctx, fromBob)
			return
		}
		listen(ctx, fromBob)
		say(ctx, fromAlice, "Hello, Bob.")
	})
	runner.Go(ctx, "bob", func(ctx context.Context) {
		defer wg.Done()
		listen(ctx, fromAlice)
		say(ctx, fromBob, "Hello, Alice.")
	})

	wg.Wait()
	return nil
}

// say sends line on to, unless the run ends first.
func say(ctx context.Context, to chan<- string, line string) {
	select {
	case to <- line:
	case <-ctx.Done():
	}
}

// listen prints what arrives on from, unless the run ends first.
func listen(ctx context.Context, from <-chan string) {
	select {
	case line := <-from:
		runner.Println(ctx, "Heard:", line)
	case <-ctx.Done():
	}
}
