package programs

import (
	"context"

	"github.com/goroutine-playground/playground/internal/runner"
)

// startedThread is the tutorial's second MyThread. Its Run closes done when
// it returns, which is how it tells whoever started it that it has finished.
type startedThread struct{}

// Run prints the tutorial's two lines, then closes done.
func (startedThread) Run(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	runner.Println(ctx, "You called my start method, yeah.")
	runner.Println(ctx, "Were you expecting something amazing?")
}

// Starting it: go, and a way to wait
//
// Python's start() runs a thread's run method in a new thread. In Go you
// write go in front of a call: go t.Run(ctx, done) starts that call in a
// new goroutine and goes on at once, without waiting for it to finish.
//
// Not waiting matters more than it seems. A Go program ends when main
// returns, and every goroutine ends with it, finished or not. Python waits
// for its threads before it exits; Go does not. So main must wait for what
// it wants to see finish. Here Run closes a channel when it is done, and
// main waits to receive from it: a receive from a closed channel returns at
// once, so the closing is the message "I have finished". The select also
// watches ctx, so that the page's Stop button is never kept waiting.
//
// runner.Named only tags the goroutine's lines in the output. Go itself
// gives goroutines no names (the program names says why), and the other
// programs start theirs with runner.Go, a go statement that also tells the
// playground who is running.
func startMain(ctx context.Context, env *runner.Env) error {
	t := startedThread{}
	done := make(chan struct{})
	go t.Run(runner.Named(ctx, "myThread"), done)
	runner.Println(ctx, "Started it, and main carries on at once. Now main waits.")

	select {
	case <-done:
		runner.Println(ctx, "It has finished, so main may return.")
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
