//go:build js && wasm

// Command p3wasm is the benchmark's P3 row inside Chromium: it runs
// bench/msgbench (memnet, an unbuffered channel, net.Pipe) in the page's
// main thread and reports the timings. The page's query string sets the
// size and, optionally, the cases: ?n=1000000&rounds=3&cases=memnet,chan.
//
// # Report
//
// It logs one line per case to the console and sets globalThis.benchResult
// to {results: [{name, n, ns}], error}, which the benchmark reads.
package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/goroutine-playground/playground/bench/msgbench"
)

func main() {
	report(run())
}

// run reads the size from the page's URL and times the cases.
func run() ([]msgbench.Result, error) {
	q, err := url.ParseQuery(js.Global().Get("location").Get("search").String()[1:])
	if err != nil {
		return nil, err
	}
	n, err := intParam(q, "n", 1000000)
	if err != nil {
		return nil, err
	}
	rounds, err := intParam(q, "rounds", 3)
	if err != nil {
		return nil, err
	}
	var cases []string
	if c := q.Get("cases"); c != "" {
		cases = strings.Split(c, ",")
	}
	return msgbench.Run(n, rounds, cases...)
}

// intParam returns the query parameter name as an int, or def when absent.
func intParam(q url.Values, name string, def int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

// report hands the results to the page and the console.
func report(res []msgbench.Result, err error) {
	list := make([]any, len(res))
	for i, r := range res {
		fmt.Printf("p3 %s: %d messages in %v (%.0f/s)\n", r.Name, r.N, r.Elapsed, r.PerSecond())
		list[i] = map[string]any{"name": r.Name, "n": r.N, "ns": float64(r.Elapsed.Nanoseconds())}
	}
	msg := ""
	if err != nil {
		msg = err.Error()
		fmt.Println("p3:", msg)
	}
	js.Global().Set("benchResult", map[string]any{"results": list, "error": msg})
}
