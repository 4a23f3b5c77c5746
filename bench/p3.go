//go:build !js

package main

import (
	"fmt"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
)

// p3Report is what bench/p3wasm leaves in globalThis.benchResult.
type p3Report struct {
	Results []struct {
		Name string  `json:"name"`
		N    int     `json:"n"`
		Ns   float64 `json:"ns"`
	} `json:"results"`
	Error string `json:"error"`
}

// p3 runs bench/p3wasm in a page: n messages over memnet and over an
// unbuffered channel (and over net.Pipe when pipe), rounds times each,
// timed inside the same wasm in Chromium's main thread. The ratio is
// memnet's throughput over the channel's, from the medians.
func p3(br *chromium.Browser, s *site, n, rounds int, pipe bool, limit time.Duration) (Row, []string) {
	row := Row{ID: "P3", What: fmt.Sprintf("in Chromium: %d × 16 B over memnet ÷ %d ints over a chan (throughput)", n, n),
		Goal: Goal{Value: 1.0}}
	tab, cancel, err := freshTab(br, false)
	if err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	defer cancel()
	cases := "memnet,chan"
	if pipe {
		cases += ",netpipe"
	}
	// The wasm holds the main thread while it runs, so the load event, and
	// every evaluation, waits for it.
	if err := navigate(tab, fmt.Sprintf("%s/?n=%d&rounds=%d&cases=%s", s.URL, n, rounds, cases), limit); err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	if err := (chromium.Wait{Timeout: limit, Interval: 200 * time.Millisecond}).For(tab, "globalThis.benchResult !== undefined"); err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	rep, err := eval[p3Report](tab, "globalThis.benchResult", 10*time.Second)
	if err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	return p3Row(row, rep, n, rounds, pipe)
}

// p3Row fills P3's row and figures from what the wasm reported.
func p3Row(row Row, rep p3Report, n, rounds int, pipe bool) (Row, []string) {
	if rep.Error != "" {
		row.Skipped = "the wasm failed: " + rep.Error
		return row, nil
	}
	byName := map[string][]float64{}
	for _, r := range rep.Results {
		byName[r.Name] = append(byName[r.Name], r.Ns/1e6)
	}
	mem, ch, np := median(byName["memnet"]), median(byName["chan"]), median(byName["netpipe"])
	if mem == 0 || ch == 0 || (pipe && np == 0) {
		row.Skipped = fmt.Sprintf("the wasm reported %d results without every case", len(rep.Results))
		return row, nil
	}
	rate := func(msOf float64) string { return fmt.Sprintf("%.2f M/s", float64(n)/msOf/1e3) }
	row.Ours = fmt.Sprintf("memnet %s (%s)", ms(mem), rate(mem))
	row.Baseline = fmt.Sprintf("chan %s (%s)", ms(ch), rate(ch))
	row.Ratio = ch / mem
	notes := []string{
		fmt.Sprintf("P3 medians of %d rounds: memnet %s, chan %s; throughput memnet/chan %.2f", rounds, ms(mem), ms(ch), ch/mem),
		"P3 memnet rounds (ms): " + joinMs(byName["memnet"]),
		"P3 chan rounds (ms): " + joinMs(byName["chan"]),
	}
	if pipe {
		notes = append(notes,
			fmt.Sprintf("P3 net.Pipe: median %s (%s); throughput net.Pipe/chan %.2f, memnet/net.Pipe %.2f", ms(np), rate(np), ch/np, np/mem),
			"P3 net.Pipe rounds (ms): "+joinMs(byName["netpipe"]))
	}
	return row, notes
}
