package programs

import (
	"context"
	"runtime/pprof"
	"sync"

	"github.com/goroutine-playground/playground/internal/runner"
)

// Names: Go gives goroutines none, on purpose
//
// In Python every thread has a name: setName and getName, and "Thread-3"
// when you give none. A Go goroutine has no name, and no ID you can ask
// for. That is deliberate. Code that can ask "which goroutine am I?" soon
// keeps state per goroutine, and then a function behaves differently
// depending on who calls it, which breaks the day the work moves to another
// goroutine. Go asks you to pass what a goroutine needs, explicitly.
//
// So a name is whatever you hand over, in one of three ways, one goroutine
// each:
//
// Cazaril is given its name as an argument, like any other value.
//
// Ista finds its name in its context. runner.Go put it there, and
// runner.Name reads it back: a context carries values that belong to a
// piece of work, such as a request's ID, down every call that work makes.
//
// The third gets no name from us, like the tutorial's TestThread(). It runs
// under a profiler label set with pprof.Do. Labels are for tools: CPU and
// goroutine profiles group what they record by them, which is where you
// would want to see names, and code can read them back with pprof.Label.
// The playground still tags its lines "goroutine": that is the runner's
// name for a goroutine started without one, not Go's.
func namesMain(ctx context.Context, env *runner.Env) error {
	var wg sync.WaitGroup
	wg.Add(3)

	runner.Go(ctx, "Cazaril", func(ctx context.Context) {
		defer wg.Done()
		introduce(ctx, "Cazaril")
	})

	runner.Go(ctx, "Ista", func(ctx context.Context) {
		defer wg.Done()
		introduce(ctx, runner.Name(ctx))
	})

	runner.Go(ctx, "", func(ctx context.Context) {
		defer wg.Done()
		pprof.Do(ctx, pprof.Labels("name", "Thread-3"), func(ctx context.Context) {
			name, _ := pprof.Label(ctx, "name")
			introduce(ctx, name)
		})
	})

	wg.Wait()
	return nil
}

// introduce prints the tutorial's greeting for the name it is given.
func introduce(ctx context.Context, name string) {
	runner.Println(ctx, "Hello, my name is", name)
}
