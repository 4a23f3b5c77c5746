package programs

import (
	"context"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Alive: asking whether a goroutine has finished
//
// Python's isAlive (is_alive in Python 3) asks a thread whether it is still
// running. A goroutine cannot be asked anything: there is no handle to ask.
// Instead the goroutine closes a channel when it is done, and whoever wants
// to know looks at the channel. isAlive below does that with a select and
// a default case: receiving from a closed channel succeeds at once, and
// default runs when no other case is ready, so the check never blocks.
//
// The first patient only speaks; the second speaks and then sleeps for ten
// seconds (scaled by the time scale). The doctor asks about each one right
// after starting it. For the sleeper the answer is sure: "No.", it is
// alive. For the first it is a race, in Go as in Python: it may or may not
// have finished its one line by the time the doctor asks, so either answer
// can appear. Asked again after waiting on its channel, it is surely gone.
//
// A check like this is only ever a snapshot; the answer can change as soon
// as it is given. When you want to wait, receive from the channel, as main
// does at the end.
func aliveMain(ctx context.Context, env *runner.Env) error {
	dying := make(chan struct{})
	runner.Go(ctx, "dying", func(ctx context.Context) {
		defer close(dying)
		runner.Println(ctx, "Patient: Doctor, am I going to die?")
	})
	diagnose(ctx, dying)

	living := make(chan struct{})
	runner.Go(ctx, "living", func(ctx context.Context) {
		defer close(living)
		runner.Println(ctx, "Patient: Doctor, am I going to die?")
		runner.Sleep(ctx, 10*time.Second)
	})
	diagnose(ctx, living)

	for _, done := range []chan struct{}{dying, living} {
		select {
		case <-done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	runner.Println(ctx, "Both patients have left. Asked again:")
	diagnose(ctx, dying)
	diagnose(ctx, living)
	return nil
}

// isAlive reports whether the goroutine that closes done is still running.
func isAlive(done <-chan struct{}) bool {
	select {
	case <-done:
		return false
	default:
		return true
	}
}

// diagnose gives the tutorial's answer for the patient that closes done.
func diagnose(ctx context.Context, done <-chan struct{}) {
	if isAlive(done) {
		runner.Println(ctx, "Doctor: No.")
	} else {
		runner.Println(ctx, "Doctor: Next!")
	}
}
