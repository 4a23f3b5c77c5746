package programs

import (
	"context"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Daemon: when main returns, everything ends
//
// Python waits for every thread to finish before it exits, unless the
// thread is a daemon: setDaemon(True), before start, says "don't wait for
// this one". The tutorial calls setDaemon inside run, after the thread has
// started, and Python refuses that: it raises RuntimeError ("cannot set
// daemon status of active thread"), so the thread dies at once and the
// program exits right away — not because of the daemon flag.
//
// Go has no such flag, because every goroutine is a daemon already. When
// main returns, the program is over, and every goroutine still running
// stops where it stands: no deferred calls run, nothing is flushed. Here a
// goroutine goes to sleep for ten seconds, and main says "Leaving." and
// returns. The run ends right then, and the playground says which goroutine
// was still running, which a real Go program would not tell you. (main
// waits until the goroutine is asleep only so that it surely is when main
// leaves.)
//
// If you want a goroutine to finish, wait for it, as in join. If you want
// it to stop early and tidy up, tell it through a context, then wait.
func daemonMain(ctx context.Context, env *runner.Env) error {
	asleep := make(chan struct{})
	runner.Go(ctx, "daemon", func(ctx context.Context) {
		runner.Println(ctx, "Going to sleep for ten seconds.")
		close(asleep)
		if runner.Sleep(ctx, 10*time.Second) != nil {
			return // the run ended first
		}
		runner.Println(ctx, "Awake again.") // never printed
	})

	select {
	case <-asleep:
	case <-ctx.Done():
		return ctx.Err()
	}
	runner.Println(ctx, "Leaving.")
	return nil
}
