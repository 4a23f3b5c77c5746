//go:build !js

package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/goroutine-playground/playground/internal/chromium"
	"github.com/goroutine-playground/playground/internal/page"
)

func TestStateAt(t *testing.T) {
	var seen []chromium.Seen
	for _, s := range []struct {
		word string
		at   float64
	}{{"loading", 1}, {"ready", 50}, {"running", 100}, {"done", 900}, {"running", 1000}} {
		seen = append(seen, chromium.Seen{State: s.word, At: s.at})
	}
	if s, at, ok := stateAt(seen, 99, page.Done, page.Failed); !ok || s != page.Done || at != 900 {
		t.Errorf("stateAt(99) = %q, %v, %v; want done at 900", s, at, ok)
	}
	if _, _, ok := stateAt(seen, 950, page.Done); ok {
		t.Error("stateAt(950) found a done that came before it")
	}
}

func TestP4Rows(t *testing.T) {
	page := pageResult{RunMs: 2000, Lines: 9000, Streamed: 140000, IdleGap: 17, RunGap: 50, Frames: 120, Window: 2100}
	native := []threadsRun{{Wall: 1200 * time.Millisecond, Reported: time.Second}, {Wall: 800 * time.Millisecond, Reported: 700 * time.Millisecond}}
	rows, notes := p4Rows(page, nil, native, nil, 10000, 10)
	if len(rows) != 2 || rows[0].ID != "P4" || rows[1].ID != "P5" {
		t.Fatalf("rows %+v; want P4, P5: one row per goal", rows)
	}
	p4, p5 := rows[0], rows[1]
	if p4.Ratio != 2.5 || p4.met() != "no" || p4.Baseline != "native 800 ms" || p4.Ours != "page 2.00 s" {
		t.Errorf("P4 %+v; want 2000 ms ÷ the best native run, 800 ms", p4)
	}
	if p5.Value != 50 || p5.met() != "yes" || !strings.Contains(p5.Ours, "140000 lines streamed (9000 of them built)") || strings.Contains(p5.Ours, "fewer") {
		t.Errorf("P5 %+v", p5)
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{"P4 native runs: 1.20 s (run 1.00 s), 800 ms (run 700 ms)", "9000 output lines"} {
		if !strings.Contains(all, want) {
			t.Errorf("notes lack %q:\n%s", want, all)
		}
	}

	rows, _ = p4Rows(page, errors.New("no page"), native, nil, 10000, 10)
	if rows[0].Skipped != "ours: no page" || rows[0].Baseline != "native 800 ms" || rows[1].Skipped != "no page" {
		t.Errorf("without the page: %+v", rows)
	}
	rows, _ = p4Rows(page, nil, nil, errors.New("no go"), 10000, 10)
	if len(rows) != 2 || rows[0].Skipped != "native: no go" || rows[1].Skipped != "" {
		t.Errorf("without native runs: %+v", rows)
	}

	// Fewer lines than P5 asks for are said in the row, not hidden.
	few := page
	few.Lines, few.Streamed = 1200, 1200
	rows, _ = p4Rows(few, nil, native, nil, 100, 10)
	if !strings.Contains(rows[1].Ours, "fewer than the 100000 lines") {
		t.Errorf("P5 with 1200 lines: %q", rows[1].Ours)
	}
	// An idle page without frames leaves nothing to compare with.
	few.IdleGap = 0
	rows, _ = p4Rows(few, nil, native, nil, 100, 10)
	if rows[1].Skipped == "" || rows[1].met() != "—" {
		t.Errorf("P5 without idle frames: %+v", rows[1])
	}
}

func TestPyNotes(t *testing.T) {
	runs := []pyRun{
		{Backlog: 5, Elapsed: 150 * time.Second, Served: 6000, Complaint: "did not finish within 2m30s"},
		{Backlog: 4096, Elapsed: 30 * time.Second, Finished: true, Served: 10000},
		{Backlog: 8, Complaint: "no python"},
	}
	all := strings.Join(pyNotes(runs, pageResult{RunMs: 2000}, nil), "\n")
	for _, want := range []string{"CPython listen(5): 150.00 s, finished false", "(did not finish within 2m30s); ÷ the page's run > 75.00",
		"listen(4096): 30.00 s, finished true", "÷ the page's run 15.00", "CPython listen(8) did not run: no python"} {
		if !strings.Contains(all, want) {
			t.Errorf("notes lack %q:\n%s", want, all)
		}
	}
}

func TestLongFrames(t *testing.T) {
	long := []loaf{
		{Start: 50, Duration: 60}, // before Run, ends before it
		{Start: 1100, Duration: 70, Layout: 20, Scripts: []loafScript{{"Worker.onmessage", 10}, {"FrameRequestCallback", 40}}},
		{Start: 3000, Duration: 120, Layout: 90}, // after done, before the last line
		{Start: 1500, Duration: 55},
		{Start: 9000, Duration: 500}, // after the last line
	}
	got := longFrames(long, 1000, 2900, 3100, 2)
	want := []string{
		"120 ms at 2.00 s after Run, 100 ms after done (style and layout 90 ms; scripts: )",
		"70 ms at 100 ms after Run (style and layout 20 ms; scripts: FrameRequestCallback 40 ms, Worker.onmessage 10 ms)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("longFrames = %q\nwant %q", got, want)
	}
}
