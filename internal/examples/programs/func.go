package programs

import (
	"context"
	"sync"

	"github.com/goroutine-playground/playground/internal/runner"
)

// thread is the tutorial's function: it prints a line, then its argument.
func thread(ctx context.Context, stuff string) {
	runner.Println(ctx, "I'm a real boy!")
	runner.Println(ctx, stuff)
}

// A plain function as a goroutine, and what happens if nobody waits
//
// Python's low-level thread module has start_new_thread(function, args).
// Go's go statement is the same thing and needs no module: go thread(ctx,
// "Argument") runs an ordinary function in a new goroutine. The compiler
// checks its arguments like those of any call. (The tutorial passes
// ('Argument'), which is a string in brackets, not a tuple, and Python
// refuses it with a TypeError: ('Argument',) is the one-element tuple.)
//
// With wait on, main waits for the goroutine with a sync.WaitGroup, and the
// function's two lines always appear. With wait off, main starts the
// goroutine and returns at once. Then it is a race: in a Go program the
// process exits as soon as main returns, so the goroutine's lines usually
// never appear, but it may get to print one or both first. Run it a few
// times. Whatever you see, the program is wrong: nothing guarantees the
// goroutine runs at all. Python's start_new_thread has the same hole: its
// threads die when the main thread exits.
//
// The go statement gives nothing back, no handle and no result, so waiting
// is always something you arrange, as here with a WaitGroup.
func funcMain(ctx context.Context, env *runner.Env) error {
	wctx := runner.Named(ctx, "thread")
	if !env.Bool("wait") {
		go thread(wctx, "Argument")
		runner.Println(ctx, "Started it; main returns without waiting.")
		return nil
	}

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		thread(wctx, "Argument")
	}()
	runner.Println(ctx, "Started it; main waits for it.")
	wg.Wait()
	return nil
}
