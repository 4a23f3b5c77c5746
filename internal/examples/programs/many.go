package programs

import (
	"bufio"
	"context"
	"errors"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goroutine-playground/playground/internal/pickle"
	"github.com/goroutine-playground/playground/internal/runner"
)

// Many goroutines, and a goroutine per client against a pool
//
// The tutorial warns that threads are costly to start and to keep, and
// recommends a pool for servers. An operating-system thread reserves a
// stack of megabytes and costs a system call to start; a Python program
// also pays for the GIL, which lets only one thread run Python code at a
// time. A goroutine is much cheaper: the Go runtime starts it with a stack
// of a few kilobytes, grows the stack only if needed, and runs thousands of
// goroutines on a handful of threads, all of them truly in parallel.
//
// First, main starts the goroutines knob's worth of goroutines at once, all
// waiting on one channel, and measures the time and the memory they take;
// then it closes the channel, which wakes them all, and waits for them to
// end. These goroutines are started with a plain go statement and print
// nothing: thousands of lines would tell you nothing more. If the
// run is stopped, main stops waiting at once (see wait), and the
// goroutines, which also watch ctx, end on their own a moment later.
//
// Then the same clients (the clients knob) are served twice over the
// network: by a server that starts a goroutine per client, and by a pool of
// workers fed by a channel. For each, main reports the time, the most
// server goroutines alive at once, the most stack memory in use and the
// bytes allocated. Expect the goroutine per client to be as fast or faster
// and to hold more memory at its peak: in Go, a goroutine per connection is
// the normal way to write a server, and a pool is for bounding the work
// (CPU, a database's connections), not for saving the cost of goroutines.
//
// Measurements vary from run to run and machine to machine. In the browser
// a tab's memory is the limit; the knob stops at the most the playground
// could start there.
func manyMain(ctx context.Context, env *runner.Env) error {
	if env.Role() != runner.Both {
		return errors.New("many runs both sides of its comparison: use the role both")
	}
	if err := spawn(ctx, env.Int("goroutines")); err != nil {
		return err
	}
	if err := compare(ctx, env, "goroutine per client", 0); err != nil {
		return err
	}
	return compare(ctx, env, "pool", env.Int("workers"))
}

// spawn starts n goroutines that wait on one channel, reports what they
// cost, then releases them and waits for them to end.
func spawn(ctx context.Context, n int) error {
	runtime.GC() // free the stacks of earlier runs' goroutines, so they are not reused unseen
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)

	start := time.Now()
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		if i%100 == 0 && ctx.Err() != nil {
			return ctx.Err() // stopped: those started watch ctx too, and end
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-release:
			case <-ctx.Done():
			}
		}()
	}
	started := time.Since(start)
	runtime.ReadMemStats(&after)
	runner.Printf(ctx, "Started %s goroutines in %v (%v each).",
		thousands(n), started.Round(time.Microsecond), (started / time.Duration(n)).Round(time.Nanosecond))
	stack := after.StackInuse - before.StackInuse
	heap := int64(after.HeapInuse) - int64(before.HeapInuse)
	runner.Printf(ctx, "They hold %s of stack and %s of heap: about %s each.",
		bytes(int64(stack)), bytes(heap), bytes((int64(stack)+heap)/int64(n)))

	start = time.Now()
	close(release)
	if err := wait(ctx, &wg); err != nil {
		return err
	}
	runner.Printf(ctx, "Woke them all and saw them end in %v.", time.Since(start).Round(time.Microsecond))
	return nil
}

// wait waits for wg, or for ctx to be done, whichever comes first. A
// WaitGroup cannot be waited on in a select, so a goroutine waits for it
// and closes a channel, which can.
func wait(ctx context.Context, wg *sync.WaitGroup) error {
	ended := make(chan struct{})
	go func() {
		wg.Wait()
		close(ended)
	}()
	select {
	case <-ended:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// compare serves the clients knob's worth of clients and reports the cost:
// with a goroutine per client when workers is 0, else with that many
// workers taking connections from a channel.
func compare(ctx context.Context, env *runner.Env, how string, workers int) error {
	n, messages := env.Int("clients"), env.Int("messages")
	pickledList, err := pickle.Encode(someList, 0)
	if err != nil {
		return err
	}
	ln, err := env.Net().Listen("tcp", env.Addr())
	if err != nil {
		return err
	}

	var serving, peak atomic.Int64 // server goroutines serving a client
	serve := func(conn net.Conn) {
		now := serving.Add(1)
		for p := peak.Load(); now > p && !peak.CompareAndSwap(p, now); p = peak.Load() {
		}
		quietHandle(conn, pickledList, messages)
		serving.Add(-1)
	}

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()

	served := make(chan error, 1)
	runner.Go(ctx, "server", func(ctx context.Context) {
		if workers == 0 {
			served <- perClient(ln, n, serve)
		} else {
			served <- pooled(ctx, ln, n, workers, serve)
		}
	})
	clientErr := crowd(ctx, env, n, messages)

	// Sample the stack in use while the server works.
	var peakStack uint64
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err = <-served:
		case <-tick.C:
			runtime.ReadMemStats(&after)
			peakStack = max(peakStack, after.StackInuse)
			continue
		case <-ctx.Done():
			return ctx.Err()
		}
		break
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err := firstError(err, <-clientErr); err != nil {
		return err
	}
	runner.Printf(ctx, "%s: %s clients served in %v; at most %d server goroutines at once, %s of stack in use, %s allocated.",
		how, thousands(n), elapsed.Round(time.Millisecond), peak.Load(),
		bytes(int64(max(peakStack, after.StackInuse))), bytes(int64(after.TotalAlloc-before.TotalAlloc)))
	return nil
}

// perClient accepts n connections and serves each in its own goroutine.
func perClient(ln net.Listener, n int, serve func(net.Conn)) error {
	defer ln.Close()
	var wg sync.WaitGroup
	defer wg.Wait()
	for range n {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			serve(conn)
		}()
	}
	return nil
}

// pooled accepts n connections into a channel that workers goroutines
// serve them from.
func pooled(ctx context.Context, ln net.Listener, n, workers int, serve func(net.Conn)) error {
	waiting := make(chan net.Conn, n)
	var wg sync.WaitGroup
	for i := 1; i <= workers; i++ {
		wg.Add(1)
		runner.Go(ctx, "worker-"+strconv.Itoa(i), func(ctx context.Context) {
			defer wg.Done()
			for conn := range waiting {
				serve(conn)
			}
		})
	}
	err := accept(ln, n, waiting) // see pool.go
	close(waiting)
	ln.Close()
	wg.Wait()
	return err
}

// quietHandle does what the handler of the program server does, without
// printing: send the list, read up to messages lines, close.
func quietHandle(conn net.Conn, pickledList []byte, messages int) {
	defer conn.Close()
	if _, err := conn.Write(pickledList); err != nil {
		return
	}
	lines := bufio.NewScanner(conn)
	for read := 0; read < messages && lines.Scan(); {
		read++
	}
}

// crowd starts n clients at once, each in a goroutine of its own, and
// returns a channel that yields the first error once all have finished.
// Each client keeps its server busy for at least 10 ms.
func crowd(ctx context.Context, env *runner.Env, n, messages int) <-chan error {
	var msgs strings.Builder
	for x := range messages {
		msgs.WriteString("Hey. " + strconv.Itoa(x) + "\n")
	}
	var wg sync.WaitGroup
	var failed atomic.Pointer[error]
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := quietClient(ctx, env, msgs.String()); err != nil {
				failed.CompareAndSwap(nil, &err)
			}
		}()
	}
	done := make(chan error, 1)
	go func() {
		wg.Wait()
		if err := failed.Load(); err != nil {
			done <- *err
		}
		close(done)
	}()
	return done
}

// quietClient connects, reads the list, thinks for 10 ms, sends msgs in
// one write and closes.
func quietClient(ctx context.Context, env *runner.Env, msgs string) error {
	conn, err := env.Net().DialContext(ctx, "tcp", env.Addr())
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := pickle.NewDecoder(bufio.NewReader(conn)).Decode(); err != nil {
		return err
	}
	think := time.NewTimer(10 * time.Millisecond) // keep the server waiting a little
	defer think.Stop()
	select {
	case <-think.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	_, err = conn.Write([]byte(msgs))
	return err
}

// thousands writes n with commas: 100,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// bytes writes n in the largest unit that keeps it at least 1: "2.7 kB".
func bytes(n int64) string {
	const unit = 1000
	if n < unit && n > -unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	f, u := float64(n), 0
	for ; (f >= unit || f <= -unit) && u < 3; u++ {
		f /= unit
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + " " + [...]string{"", "kB", "MB", "GB"}[u]
}
