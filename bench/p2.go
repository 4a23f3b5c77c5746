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
// Each site of others (another build of the playground, -compare) is
// loaded in the same rounds, in turn with the two, and gets a row of its
// own against the same hello-world loads.
func p2(br *chromium.Browser, ours, hello *site, n int, logf func(string, ...any), others ...*site) ([]Row, []string) {
	row := Row{ID: "P2", What: "navigation → first output line, cold, median (ours ÷ hello-world page)",
		Goal: Goal{AtMost: true, Value: p2Goal}}
	pages := []*site{hello, ours}
	pages = append(pages, others...)
	url := func(s *site) string {
		if s == hello {
			return hello.URL + "/"
		}
		return s.URL + "/#example=" + p2Example + "&autorun=1"
	}
	// name names a page in the log and the notes.
	name := func(s *site) string {
		switch s {
		case hello:
			return "hello-world"
		case ours:
			return "ours"
		}
		return "-compare " + s.Dir
	}
	times := make([][]float64, len(pages))
	for i := range n {
		for j := range pages {
			k := (i + j) % len(pages) // each page goes first in its turn
			v, err := firstLine(br, url(pages[k]))
			if err != nil {
				row.Skipped = err.Error()
				return []Row{row}, nil
			}
			times[k] = append(times[k], v)
			logf("P2: round %d: %s %s", i+1, name(pages[k]), ms(v))
		}
	}
	h := times[0]
	var rows []Row
	var notes []string
	for k := 1; k < len(pages); k++ {
		r := row
		if k > 1 {
			r.ID = "P2*"
			r.What = "the same for -compare " + pages[k].Dir
		}
		r.Ours = sampleText(times[k])
		r.Baseline = sampleText(h)
		r.Ratio = median(times[k]) / median(h)
		rows = append(rows, r)
		notes = append(notes, "P2 "+name(pages[k])+" (ms): "+joinMs(times[k]))
	}
	return rows, append(notes, "P2 hello-world page (ms): "+joinMs(h))
}

// p2Goal is P2's bound on the ratio (issue 15).
const p2Goal = 1.5

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
