// Package msgbench times one goroutine handing many small messages to
// another, three ways: over an internal/memnet connection, over net.Pipe,
// and as ints over an unbuffered channel. The benchmark's P3 row runs it in
// Chromium, compiled to WebAssembly (see bench/p3wasm); it is plain Go so
// that its tests run natively.
//
// # What is timed
//
// The stream cases write n messages of [Size] bytes from one goroutine and
// read them from another, one message per read (io.ReadFull into a
// [Size]-byte buffer), the strictest use of a stream; the channel case sends
// the ints 0 to n-1. The clock starts when the writer is started and stops
// when the reader has everything and the writer has returned; making the
// connection is not timed. Each case checks what arrived, so a fast wrong
// answer is an error, not a result.
package msgbench

import (
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"time"

	"github.com/goroutine-playground/playground/internal/memnet"
)

// Size is the length of one message in bytes.
const Size = 16

// Result is one timed case.
type Result struct {
	Name    string        // "memnet", "chan" or "netpipe"
	N       int           // messages moved
	Elapsed time.Duration // wall time for all n
}

// PerSecond is the case's throughput in messages per second.
func (r Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.N) / r.Elapsed.Seconds()
}

// Case is one way to move n messages.
type Case struct {
	Name string
	Run  func(n int) (time.Duration, error)
}

// Cases lists the three ways, in the order Run times them.
var Cases = []Case{
	{"memnet", Memnet},
	{"chan", Chan},
	{"netpipe", Pipe},
}

// Run times every case rounds times, interleaved (round 1 of each case,
// then round 2...), so that a slow spell of the machine touches all of them.
// names, when given, picks the cases by name, in the order of Cases.
func Run(n, rounds int, names ...string) ([]Result, error) {
	if n < 1 || rounds < 1 {
		return nil, fmt.Errorf("msgbench: need n ≥ 1 and rounds ≥ 1, have n=%d rounds=%d", n, rounds)
	}
	cases, err := pick(names)
	if err != nil {
		return nil, err
	}
	var out []Result
	for range rounds {
		for _, c := range cases {
			d, err := c.Run(n)
			if err != nil {
				return out, fmt.Errorf("msgbench: %s: %w", c.Name, err)
			}
			out = append(out, Result{Name: c.Name, N: n, Elapsed: d})
		}
	}
	return out, nil
}

// pick returns the cases named, all of them when there are no names.
func pick(names []string) ([]Case, error) {
	if len(names) == 0 {
		return Cases, nil
	}
	var out []Case
	for _, c := range Cases {
		if slices.Contains(names, c.Name) {
			out = append(out, c)
		}
	}
	for _, name := range names {
		if !slices.ContainsFunc(Cases, func(c Case) bool { return c.Name == name }) {
			return nil, fmt.Errorf("msgbench: no case %q (the cases are memnet, chan and netpipe)", name)
		}
	}
	return out, nil
}

// Memnet moves n messages over a connection of a fresh memnet.Network.
func Memnet(n int) (time.Duration, error) {
	var nw memnet.Network
	defer nw.Close()
	l, err := nw.Listen("tcp", ":0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	c, err := nw.Dial("tcp", l.Addr().String())
	if err != nil {
		return 0, err
	}
	s, err := l.Accept()
	if err != nil {
		c.Close()
		return 0, err
	}
	return stream(c, s, n)
}

// Pipe moves n messages over net.Pipe, which has no buffer: each write
// waits for a read.
func Pipe(n int) (time.Duration, error) {
	c, s := net.Pipe()
	return stream(c, s, n)
}

// stream writes n messages to w from a new goroutine and reads them from r,
// then closes both.
func stream(w, r net.Conn, n int) (time.Duration, error) {
	defer w.Close()
	defer r.Close()
	msg := make([]byte, Size)
	for i := range msg {
		msg[i] = byte('a' + i)
	}
	buf := make([]byte, Size)
	werr := make(chan error, 1)
	start := time.Now()
	go func() {
		for range n {
			if _, err := w.Write(msg); err != nil {
				werr <- err
				return
			}
		}
		werr <- nil
	}()
	for i := range n {
		if _, err := io.ReadFull(r, buf); err != nil {
			w.Close() // unblock the writer
			<-werr
			return 0, fmt.Errorf("reading message %d: %w", i, err)
		}
		if buf[0] != 'a' || buf[Size-1] != byte('a'+Size-1) {
			w.Close()
			<-werr
			return 0, fmt.Errorf("message %d arrived as %q", i, buf)
		}
	}
	if err := <-werr; err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// errSum means the channel lost or changed a value.
var errSum = errors.New("the received ints do not add up")

// Chan sends the ints 0 to n-1 over an unbuffered channel.
func Chan(n int) (time.Duration, error) {
	ch := make(chan int)
	start := time.Now()
	go func() {
		for i := range n {
			ch <- i
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	d := time.Since(start)
	if sum != n*(n-1)/2 {
		return 0, errSum
	}
	return d, nil
}
