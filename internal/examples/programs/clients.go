package programs

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// The threaded client: five clients at once
//
// The tutorial's single client does not make the server's threads earn
// their keep, so it wraps the client in a thread and starts five of them.
// Here startClients starts clients goroutines, each running the client of
// the program client, and in the page main first starts the
// thread-per-client server of the program server to serve them.
//
// Watch the output interleave. Each client's own lines come in order, and
// each handler's, but between goroutines there is no order at all: which
// client connects first, which message is printed next, changes from run
// to run. That is what "concurrent" means. When order between goroutines
// matters, you must make it so, with a channel, a WaitGroup or a lock;
// here only the end matters, so main waits for every client with a
// WaitGroup, and for the server.
//
// Each client keeps its own error, in a slot of a slice only it writes, so
// they need no lock; main reads them after Wait, which happens after every
// write.
func clientsMain(ctx context.Context, env *runner.Env) error {
	n := env.Int("clients")
	if !env.Role().Serves() {
		return startClients(ctx, env, n, 0)()
	}

	served, err := startServer(ctx, env, n) // see server.go
	if err != nil {
		return err
	}
	if err := startClients(ctx, env, n, 0)(); err != nil {
		return err
	}
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// startClients starts n clients, each in its own goroutine, and returns a
// function that waits for all of them and returns the first one's error.
func startClients(ctx context.Context, env *runner.Env, n int, pause time.Duration) (wait func() error) {
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		runner.Go(ctx, "client-"+strconv.Itoa(i+1), func(ctx context.Context) {
			defer wg.Done()
			errs[i] = client(ctx, env, pause) // see client.go
		})
	}
	return func() error {
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				return fmt.Errorf("client-%d: %w", i+1, err)
			}
		}
		return nil
	}
}
