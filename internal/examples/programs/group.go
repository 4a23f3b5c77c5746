package programs

import (
	"context"
	"runtime"
	"strconv"
	"sync"

	"github.com/goroutine-playground/playground/internal/runner"
)

// A group of goroutines sharing a counter, and its data race
//
// The tutorial starts twenty threads. Each prints "This is thread N
// speaking.", where N is a shared variable, and then adds one to it. That
// is a data race: a thread reads the counter and writes it back a moment
// later, and when another thread reads in between, both speak the same
// number and one increment is lost. Python's global interpreter lock does
// not prevent this. The GIL keeps the interpreter's own objects intact, but
// it may switch threads between any two steps of your code, such as a read
// and the write after it.
//
// Go has no GIL: goroutines run in parallel on every core, so a race is
// more likely to bite, not less. Turn on unsafe to run the tutorial's
// version. It calls runtime.Gosched between the read and the write, which
// lets other goroutines run right there: that widens the gap on purpose, so
// the race shows every time, even in the browser, where goroutines take
// turns on a single thread. Watch numbers repeat and the final count fall
// short.
//
// A race is a bug even when the output happens to look right. Go's race
// detector finds it: go run -race (or go test -race) reports DATA RACE with
// the stacks of both goroutines. The fix, used unless unsafe is on, is a
// sync.Mutex held from the read to the write, so that no other goroutine
// can come between them. For a lone counter, sync/atomic does the same
// without a lock: n := counter.Add(1).
func groupMain(ctx context.Context, env *runner.Env) error {
	n, racy := env.Int("goroutines"), env.Bool("unsafe")

	theVar := 1
	var mu sync.Mutex // guards theVar, unless racy
	var wg sync.WaitGroup
	for i := 1; i <= n; i++ {
		wg.Add(1)
		runner.Go(ctx, "speaker-"+strconv.Itoa(i), func(ctx context.Context) {
			defer wg.Done()
			if !racy {
				mu.Lock()
				defer mu.Unlock()
			}
			v := theVar // read
			runner.Printf(ctx, "This is goroutine %d speaking.", v)
			runner.Println(ctx, "Hello and good bye.")
			if racy {
				runtime.Gosched() // let others read the same value
			}
			theVar = v + 1 // write
		})
	}
	wg.Wait()

	counted := theVar - 1
	runner.Printf(ctx, "%d goroutines added one each; %d of the additions counted.", n, counted)
	if counted < n {
		runner.Printf(ctx, "%d were lost to the race.", n-counted)
	}
	return nil
}
