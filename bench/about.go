//go:build !js

package main

import "fmt"

// about says precisely what each row measures, for the report.
func about(c config) []string {
	level := "the .gz copies at gzip.BestCompression, as `make site` writes them (the site is built at sitebuild's fast levels, then its .gz copies are written again at the best level; the .br copies stay fast, as the browser is offered gzip only here)"
	if c.fast {
		level = "fastest (-fast): NOT what is deployed"
	}
	return []string{
		"P1: bytes of every response body the server sent while a fresh browser context (its HTTP cache empty but on, as a reader's browser has it, so that the service worker's copies of the page's files are revalidated, not sent again; the server offering gzip only) loaded the playground until data-state was ready and 2 s more, counted where they are written, so the Web Workers' and the service worker's fetches count; ÷ the gzip size of bench/hello (fmt.Println hello world) built by sitebuild.BuildWasm with the page's flags. Compression: " + level + ".",
		fmt.Sprintf("P2: performance.now() (ms since navigation start) when a MutationObserver, installed before any page script, first sees #output [data-goroutine]: the playground autorunning %q ÷ bench/hellodom's page (hello world + one element appended via syscall/js), both built by sitebuild; each load in a fresh browser context with the cache disabled; alternated, %d each; medians.", p2Example, c.samples),
		fmt.Sprintf("P3: bench/p3wasm in Chromium's main thread times, with Go's clock inside the same wasm, %d messages of 16 B written by one goroutine and read by another one message per Read over a memnet conn (with -p3pipe, over net.Pipe too), and %d ints over an unbuffered channel; %d rounds, interleaved; ratio = median channel time ÷ median memnet time (memnet's throughput over the channel's).", c.p3n, c.p3n, c.p3rounds),
		fmt.Sprintf("P4: ours = the page opened on #example=server&clients=%d&messages=%d, Run clicked, to data-state done (performance.now() in the page: click → the MutationObserver's sight of done), over memnet in a Web Worker, output rendered; ÷ the best of %d wall times of the same program natively, `threads run server -clients %d -messages %d` (GOMAXPROCS=1; its 140,000 lines drained from a pipe), measured in the same run.", c.clients, c.messages, c.goRuns, c.clients, c.messages),
		fmt.Sprintf("A1-A4: %s (24 embeds of the 18 programs, the article the tests read) served from the built site, loaded three ways, in that order, %d times each, every load in a fresh browser context in an 800 × %d px window that holds the whole article, so that every embed loads at once: with no embeds (the same text, no embed.js), with its first embed only, with all 24. A1: performance.now() in the article when the last embed's frame says it is ready (frame.js's height message with ready set), medians, ÷ the same for one embed. A2: every response body the site sent from navigation until all were ready and 3 s more, ÷ the same for one embed. A3: how much the proportional set size of all the browser's processes (/proc/PID/smaps_rollup) grew from before the navigation (once the last load's processes had ended) to 3 s after all were ready, less the bare article's growth in the same round, ÷ 24, over the same for one embed. A4: the CPU time of all the browser's threads (/proc/PID/task/TID/schedstat) over %v from %v after the navigation (or from then, if later), nothing running, ÷ the same for the bare article.", articleFixture, c.arounds, articleHeight, articleIdle, articleQuiet),
		fmt.Sprintf("P5: the longest time between two requestAnimationFrame callbacks (recorded by an injected script) from Run until done or the last output line, whichever is later, in P4's run; the output lines are counted as they are added to #output. Baseline: the same on the idle page for %v before Run.", idleFor),
		fmt.Sprintf("P6: cmd/threads built for js/wasm and run by node (%s) with Go's wasm_exec_node.js, `run server -clients %d -messages %d`, wall time from start to exit ÷ the same natively with GOMAXPROCS=1; %d runs of each, alternating; best of each; the lines of both drained from a pipe. With -states (on by default), the figures add internal/states' BenchmarkStates natively and under node: the engine alone with states as the page has them and without.", c.node, c.clients, c.messages, c.goRuns),
	}
}
