//go:build !js

package main

import (
	"strings"
	"testing"
	"time"
)

func TestDoneAfter(t *testing.T) {
	tests := []struct {
		name, stderr string
		want         time.Duration
		ok           bool
	}{
		{"plain", "done after 1.234s\n", 1234 * time.Millisecond, true},
		{"coloured, after other lines", "note: x\n\x1b[32mdone\x1b[0m after 512.5ms\n", 512500 * time.Microsecond, true},
		{"the last one counts", "done after 1s\ndone after 2s\n", 2 * time.Second, true},
		{"none", "failed after 3s\n", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := doneAfter(tt.stderr)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestP6Row(t *testing.T) {
	native := []threadsRun{{Wall: 500 * time.Millisecond, Reported: 450 * time.Millisecond, Lines: 140001}, {Wall: 600 * time.Millisecond, Reported: 550 * time.Millisecond, Lines: 140001}}
	wasm := []threadsRun{{Wall: 1400 * time.Millisecond, Reported: 1 * time.Second, Lines: 140001}, {Wall: 2 * time.Second, Reported: 1800 * time.Millisecond, Lines: 140001}}
	row, notes := p6Row(native, wasm, []string{"node: did not finish within 2m0s"}, 10000, 10)
	if row.Ratio != 2.8 || row.met() != "yes" || row.Ours != "node 1.40 s" || row.Baseline != "native 500 ms" {
		t.Errorf("P6 %+v; want 1400 ms ÷ 500 ms", row)
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{"runs that failed: node: did not finish", "native 500 ms (run 450 ms), 600 ms (run 550 ms)", "140001 lines each", "best 1.00 s ÷ 450 ms = 2.22"} {
		if !strings.Contains(all, want) {
			t.Errorf("notes lack %q:\n%s", want, all)
		}
	}
	if row, _ := p6Row(native, nil, nil, 10000, 10); row.Skipped != "node: no run finished" || row.met() != "—" {
		t.Errorf("without node runs: %+v", row)
	}
	if row, _ := p6Row(nil, wasm, nil, 10000, 10); row.Skipped != "native: no run finished" {
		t.Errorf("without native runs: %+v", row)
	}
}
