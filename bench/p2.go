//go:build !js

package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
)

// p2Example is the program P2 opens: it prints at once, so the time to its
// first line is the time to start the page, its Go runtime and a run.
const p2Example = "thread"

// p2 measures, n times each, the time from navigation to the first output
// line: of the playground autorunning p2Example, and of the hello-world page,
// which writes its one line the same way. Every load is cold (a fresh
// browser context, cache disabled), and the two alternate, each going
// first in every other round, so a slow spell of the machine touches both.
func p2(br *chromium.Browser, ours, hello *site, n int, logf func(string, ...any)) (Row, []string) {
	row := Row{ID: "P2", What: "navigation → first output line, cold, median (ours ÷ hello-world page)",
		Goal: Goal{AtMost: true, Value: 1.25}}
	oursURL := ours.URL + "/#example=" + p2Example + "&autorun=1"
	helloURL := hello.URL + "/"
	var o, h []float64
	for i := range n {
		order := []string{oursURL, helloURL}
		if i%2 == 1 {
			order[0], order[1] = order[1], order[0]
		}
		for _, url := range order {
			v, err := firstLine(br, url)
			if err != nil {
				row.Skipped = err.Error()
				return row, nil
			}
			if url == oursURL {
				o = append(o, v)
				logf("P2: round %d: ours %s", i+1, ms(v))
			} else {
				h = append(h, v)
				logf("P2: round %d: hello-world %s", i+1, ms(v))
			}
		}
	}
	row.Ours = sampleText(o)
	row.Baseline = sampleText(h)
	row.Ratio = median(o) / median(h)
	return row, []string{
		"P2 ours (ms): " + joinMs(o),
		"P2 hello-world page (ms): " + joinMs(h),
	}
}

// firstLine loads url cold and returns the ms from the navigation's start
// to the first output line.
func firstLine(br *chromium.Browser, url string) (float64, error) {
	tab, cancel, err := freshTab(br, false, firstLineProbe)
	if err != nil {
		return 0, err
	}
	defer cancel()
	if err := navigate(tab, url, time.Minute); err != nil {
		return 0, err
	}
	if err := (chromium.Wait{Timeout: time.Minute, Interval: 20 * time.Millisecond}).For(tab, "window.__bench.first !== null"); err != nil {
		return 0, fmt.Errorf("%s: no output line: %w", url, err)
	}
	return eval[float64](tab, "window.__bench.first", 10*time.Second)
}

// sampleText summarizes samples in ms: median, range and count.
func sampleText(xs []float64) string {
	lo, hi := spread(xs)
	return fmt.Sprintf("median %s (%s–%s, n=%d)", ms(median(xs)), ms(lo), ms(hi), len(xs))
}

// joinMs lists samples in ms, in the order taken.
func joinMs(xs []float64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprintf("%.0f", x)
	}
	return strings.Join(s, " ")
}
