//go:build !js

package main

import (
	"context"
	"fmt"
	"time"
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

// p3 runs bench/p3wasm in a page: n messages over memnet, over an
// unbuffered channel and over net.Pipe, rounds times each, timed inside the
// same wasm in Chromium's main thread. The ratio is memnet's throughput
// over the channel's, from the medians.
func p3(ctx context.Context, br *chromium, s *site, n, rounds int, limit time.Duration) (Row, []string) {
	row := Row{ID: "P3", What: fmt.Sprintf("in Chromium: %d × 16 B over memnet ÷ %d ints over a chan (throughput)", n, n),
		Goal: Goal{Value: 1.0}}
	tab, cancel, err := br.fresh("")
	if err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	defer cancel()
	// The wasm holds the main thread while it runs, so the load event, and
	// every evaluation, waits for it.
	if err := navigate(tab, fmt.Sprintf("%s/?n=%d&rounds=%d", s.URL, n, rounds), limit); err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	if err := waitFor(tab, "globalThis.benchResult !== undefined", 200*time.Millisecond, limit); err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	rep, err := eval[p3Report](tab, "globalThis.benchResult", 10*time.Second)
	if err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	if rep.Error != "" {
		row.Skipped = "the wasm failed: " + rep.Error
		return row, nil
	}
	byName := map[string][]float64{}
	for _, r := range rep.Results {
		byName[r.Name] = append(byName[r.Name], r.Ns/1e6)
	}
	mem, ch, pipe := median(byName["memnet"]), median(byName["chan"]), median(byName["netpipe"])
	if mem == 0 || ch == 0 || pipe == 0 {
		row.Skipped = fmt.Sprintf("the wasm reported %d results without every case", len(rep.Results))
		return row, nil
	}
	rate := func(msOf float64) string { return fmt.Sprintf("%.2f M/s", float64(n)/msOf/1e3) }
	row.Ours = fmt.Sprintf("memnet %s (%s)", ms(mem), rate(mem))
	row.Baseline = fmt.Sprintf("chan %s (%s)", ms(ch), rate(ch))
	row.Ratio = ch / mem
	return row, []string{
		fmt.Sprintf("P3 medians of %d rounds: memnet %s, chan %s, net.Pipe %s (%s); throughput memnet/chan %.2f, net.Pipe/chan %.2f, memnet/net.Pipe %.2f",
			rounds, ms(mem), ms(ch), ms(pipe), rate(pipe), ch/mem, ch/pipe, pipe/mem),
		"P3 memnet rounds (ms): " + joinMs(byName["memnet"]),
		"P3 chan rounds (ms): " + joinMs(byName["chan"]),
		"P3 net.Pipe rounds (ms): " + joinMs(byName["netpipe"]),
	}
}
