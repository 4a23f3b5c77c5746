package programs

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"github.com/goroutine-playground/playground/internal/runner"
)

// A program that answers you while it works
//
// The tutorial opens with what threads are for: a program that accepts
// input stays responsive while other work runs in the background. Here
// the work is counting the primes below the primes knob's millions, one
// number at a time, which takes a while. Meanwhile, type status and main
// says how far the count has got; type stop and it stops the work; type
// anything else and it lists the commands.
//
// With background on, a goroutine called worker counts, and main only
// reads and answers, so each answer comes at once. Two contexts tie them
// together: stop cancels work, which the worker checks as it goes; and
// when the worker returns, for whatever reason, it cancels reading, which
// ends main's wait for your next line. ReadLine still hands over lines
// already typed once reading is done, so none goes unanswered.
//
// Turn background off and main counts the primes itself. It cannot read
// while it counts: what you type waits, and is answered only when the
// work is done, all at once and too late (stop has nothing left to stop).
//
// Python's threads were the tutorial's way to do the same, with a catch:
// CPython's global interpreter lock (GIL) lets only one thread run Python
// code at a time. A thread waiting for input does not hold it, and the
// interpreter makes a busy thread let go of it every so often (every 100
// bytecodes in the tutorial's Python 2, every 5 ms since Python 3.2), so
// the answers still came; but the work and the answers took turns on one
// core. Goroutines run in parallel: the worker counts on one core while
// main answers on another.
//
// In the browser, Go has a single thread, and what you type reaches the
// program only when every goroutine is waiting. So the worker rests for a
// millisecond every 50 ms, which gives the page its turn: the same deal
// as the GIL's, made by hand.
func responsiveMain(ctx context.Context, env *runner.Env) error {
	p := &primes{below: env.Int("primes") * 1_000_000}
	runner.Printf(ctx, "Counting the primes below %s. Type status, stop or help.", thousands(p.below))
	work, stop := context.WithCancel(ctx)
	defer stop()
	reading, interrupt := context.WithCancel(ctx)
	defer interrupt()

	if env.Bool("background") {
		runner.Go(ctx, "worker", func(context.Context) {
			defer interrupt() // the work is over: main stops waiting for lines
			p.count(work)
		})
	} else {
		p.count(work) // nothing reads what you type meanwhile
		interrupt()
	}

	answer(ctx, reading, p, stop)
	if err := ctx.Err(); err != nil {
		return err // the run was stopped
	}
	<-reading.Done() // input may have ended before the work: wait for it
	if p.done.Load() {
		runner.Println(ctx, p.status())
	} else {
		runner.Println(ctx, "Stopped: "+p.status())
	}
	return nil
}

// answer answers each line typed until reading is done and every line
// typed is answered. The answers are main's (ctx); the lines are read
// with reading, which the end of the work cancels.
func answer(ctx, reading context.Context, p *primes, stop context.CancelFunc) {
	for {
		line, err := runner.ReadLine(reading)
		if err != nil {
			return // the work is over (or there is no more input)
		}
		switch strings.TrimSpace(line) {
		case "status":
			runner.Println(ctx, p.status())
		case "stop":
			if p.done.Load() {
				runner.Println(ctx, "Nothing to stop: the work is done.")
				continue
			}
			stop()
			runner.Println(ctx, "Stopping the work.")
		default:
			runner.Println(ctx, "Commands: status (how far the count has got), stop (stop counting).")
		}
	}
}

// primes is the work: counting the primes below a number, with its
// progress kept in atomics that main reads while the worker writes.
type primes struct {
	below   int
	checked atomic.Int64 // numbers checked so far
	found   atomic.Int64 // primes among them
	took    atomic.Int64 // nanoseconds, once done
	done    atomic.Bool  // the count reached below
}

// count counts until it is done or work is cancelled. Every 1,024 numbers
// it checks work, and every 50 ms it rests for a millisecond.
func (p *primes) count(work context.Context) {
	start := time.Now()
	rested := start
	found := int64(0)
	for n := 2; n < p.below; n++ {
		if isPrime(n) {
			found++
		}
		if n%1024 != 0 {
			continue
		}
		p.checked.Store(int64(n))
		p.found.Store(found)
		if work.Err() != nil {
			return
		}
		if time.Since(rested) > 50*time.Millisecond {
			time.Sleep(time.Millisecond) // the page's turn, in the browser
			rested = time.Now()
		}
	}
	p.checked.Store(int64(p.below))
	p.found.Store(found)
	p.took.Store(int64(time.Since(start)))
	p.done.Store(true)
}

// isPrime reports whether n is prime, by trial division.
func isPrime(n int) bool {
	if n%2 == 0 {
		return n == 2
	}
	for d := 3; d*d <= n; d += 2 {
		if n%d == 0 {
			return false
		}
	}
	return n > 1
}

// status says how far the count has got.
func (p *primes) status() string {
	found := thousands(int(p.found.Load()))
	if p.done.Load() {
		took := time.Duration(p.took.Load()).Round(time.Millisecond)
		return "Done: " + found + " primes below " + thousands(p.below) + ", counted in " + took.String() + "."
	}
	checked := int(p.checked.Load())
	if checked == 0 {
		return "Just started: no number checked yet."
	}
	return thousands(checked*100/p.below) + "% checked, " + found + " primes below " + thousands(checked) + " so far."
}
