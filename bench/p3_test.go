//go:build !js

package main

import (
	"strings"
	"testing"
)

// p3Of makes a report of the wasm with one timing per case and round.
func p3Of(results map[string][]float64) p3Report {
	var rep p3Report
	for name, nss := range results {
		for _, ns := range nss {
			rep.Results = append(rep.Results, struct {
				Name string  `json:"name"`
				N    int     `json:"n"`
				Ns   float64 `json:"ns"`
			}{name, 1000000, ns})
		}
	}
	return rep
}

func TestP3Row(t *testing.T) {
	rep := p3Of(map[string][]float64{
		"memnet": {4e9, 5e9, 9e9}, // medians: memnet 5 s, chan 10 s
		"chan":   {10e9, 12e9, 8e9},
	})
	row, notes := p3Row(Row{ID: "P3", Goal: Goal{Value: 1}}, rep, 1000000, 3, false)
	if row.Skipped != "" || row.Ratio != 2 || row.met() != "yes" {
		t.Fatalf("row %+v; want throughput memnet/chan 2, met", row)
	}
	if row.Ours != "memnet 5.00 s (0.20 M/s)" || row.Baseline != "chan 10.00 s (0.10 M/s)" {
		t.Errorf("figures %q, %q", row.Ours, row.Baseline)
	}
	if all := strings.Join(notes, "\n"); strings.Contains(all, "net.Pipe") || !strings.Contains(all, "memnet rounds (ms): 4000 5000 9000") {
		t.Errorf("notes without -p3pipe:\n%s", all)
	}

	// Asked for net.Pipe, a report without it is not a result.
	if row, _ := p3Row(Row{ID: "P3"}, rep, 1000000, 3, true); row.Skipped == "" {
		t.Errorf("a report without net.Pipe when asked for it: %+v", row)
	}
	rep.Error = "out of memory"
	if row, _ := p3Row(Row{ID: "P3"}, rep, 1000000, 3, false); !strings.Contains(row.Skipped, "out of memory") {
		t.Errorf("a failed wasm: %+v", row)
	}
}
