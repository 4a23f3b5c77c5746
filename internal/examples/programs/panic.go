package programs

import (
	"context"
	"fmt"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Going further: a panic in one goroutine ends the whole program
//
// When a Python thread raises an exception it does not catch, that thread
// prints a traceback and dies, and the rest of the program carries on as if
// nothing had happened. Go is stricter: a panic that no deferred recover
// stops, in any goroutine, crashes the whole program, printing the panic
// and every goroutine's stack.
//
// Here the worker indexes past the end of a slice. The playground catches
// the panic so that the page survives, and the run fails with the
// goroutine's name and stack, as the program would have died. Run it again:
// each run starts afresh.
//
// recover only works in the goroutine that panicked, inside a deferred
// function; main cannot catch a panic of the worker's. Turn on recover to
// see the worker turn its own panic into an error and hand it to main over
// a channel, so the program decides what to do. Do that at the edges of
// your program, where one failed request must not take down the rest, not
// to hide bugs.
func panicMain(ctx context.Context, env *runner.Env) error {
	recovering := env.Bool("recover")
	errc := make(chan error, 1)

	runner.Go(ctx, "worker", func(ctx context.Context) {
		if recovering {
			defer func() {
				if v := recover(); v != nil {
					errc <- fmt.Errorf("the worker recovered: %v", v)
				}
			}()
		}
		days := []string{"Monday", "Tuesday", "Wednesday"}
		for i := 0; i <= len(days); i++ { // one too many
			runner.Println(ctx, "Working on", days[i])
		}
		errc <- nil
	})

	select {
	case err := <-errc:
		if err != nil {
			runner.Println(ctx, "main got an error:", err)
			return nil
		}
		runner.Println(ctx, "The worker finished.") // never printed
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
