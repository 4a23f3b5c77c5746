//go:build !js

package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestMet(t *testing.T) {
	atMost := Goal{AtMost: true, Value: 1.3}
	atLeast := Goal{Value: 10}
	tests := []struct {
		name string
		row  Row
		want string
	}{
		{"under a maximum", Row{Ratio: 1.2, Goal: atMost}, "yes"},
		{"on a maximum", Row{Ratio: 1.3, Goal: atMost}, "yes"},
		{"over a maximum", Row{Ratio: 1.31, Goal: atMost}, "no"},
		{"over a minimum", Row{Ratio: 12, Goal: atLeast}, "yes"},
		{"under a minimum", Row{Ratio: 9.9, Goal: atLeast}, "no"},
		{"no goal", Row{Ratio: 3}, "—"},
		{"not measured", Row{Ratio: 0, Goal: atMost, Skipped: "no page"}, "—"},
		{"a lower bound over a minimum decides", Row{Ratio: 40, Bound: ">", Goal: atLeast}, "yes"},
		{"a lower bound under a minimum does not", Row{Ratio: 4, Bound: ">", Goal: atLeast}, "—"},
		{"a lower bound never meets a maximum", Row{Ratio: 1, Bound: ">", Goal: atMost}, "—"},
		{"a goal in ms looks at the value", Row{Ratio: 5, Value: 80, Goal: Goal{AtMost: true, Value: 100, Unit: "ms"}}, "yes"},
		{"and fails on it", Row{Ratio: 0.5, Value: 120, Goal: Goal{AtMost: true, Value: 100, Unit: "ms"}}, "no"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.row.met(); got != tt.want {
				t.Errorf("met() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestGoalString(t *testing.T) {
	for _, tt := range []struct {
		g    Goal
		want string
	}{
		{Goal{AtMost: true, Value: 1.25}, "≤ 1.25"},
		{Goal{Value: 10}, "≥ 10"},
		{Goal{AtMost: true, Value: 100, Unit: "ms"}, "≤ 100 ms"},
		{Goal{}, "—"},
	} {
		if got := tt.g.String(); got != tt.want {
			t.Errorf("%+v.String() = %q; want %q", tt.g, got, tt.want)
		}
	}
}

var testRows = []Row{
	{ID: "P1", What: "first load", Ours: "100 KiB", Baseline: "90 KiB", Ratio: 1.111, Goal: Goal{AtMost: true, Value: 1.3}},
	{ID: "P4", What: "server", Ours: "2.0 s", Baseline: "> 150 s (timed out | killed)", Ratio: 75, Bound: ">", Goal: Goal{Value: 10}},
	{ID: "P5", What: "frames", Skipped: "the page is not there yet"},
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := writeText(&b, testRows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines; want a header and 3 rows:\n%s", len(lines), b.String())
	}
	// Aligned: every row's ratio column starts where the header's does.
	col := strings.Index(lines[0], "ratio")
	for _, want := range []string{"1.11", ">75.00", "—"} {
		found := false
		for _, l := range lines[1:] {
			if strings.Index(l, want) == col {
				found = true
			}
		}
		if !found {
			t.Errorf("no row has %q in the ratio column (at %d):\n%s", want, col, b.String())
		}
	}
	for _, want := range []string{"yes", "not measured: the page is not there yet"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

func TestWriteMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := writeMarkdown(&b, testRows); err != nil {
		t.Fatal(err)
	}
	want := "| id | what | ours | baseline | ratio | goal | met? |\n" +
		"|---|---|---|---|---|---|---|\n" +
		"| P1 | first load | 100 KiB | 90 KiB | 1.11 | ≤ 1.3 | yes |\n" +
		"| P4 | server | 2.0 s | > 150 s (timed out \\| killed) | >75.00 | ≥ 10 | yes |\n" +
		"| P5 | frames | not measured: the page is not there yet |  | — | — | — |\n"
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestReport(t *testing.T) {
	rep := &report{
		Date:    time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC),
		Command: "go run ./bench -n 3",
		Facts:   []fact{{"cpu", "Test CPU"}, {"cores", "2"}},
		Rows:    testRows,
		About:   []string{"P1: what it is"},
		Notes:   []string{"P1 asset /: 10 B"},
		Bench: []BenchResult{{Pkg: "x/internal/memnet", Name: "Messages/chan", Runs: 3, NsPerOp: 123.45,
			BPerOp: 0, Allocs: 0}, {Pkg: "x/internal/memnet", Name: "Interleaved", Runs: 3, BPerOp: -1, Allocs: -1,
			Extra: []Metric{{"memnet-ns/msg", 200}, {"x-chan", 2.5}}}},
		BenchAt: []string{"native throughput memnet ÷ chan: 1.50"},
		Missing: []string{"the page is not there yet"},
	}
	var text, md bytes.Buffer
	if err := rep.writeText(&text); err != nil {
		t.Fatal(err)
	}
	if err := rep.writeMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, got string
		want      []string
	}{
		{"text", text.String(), []string{"2026-11-25 09:30 UTC", "command: go run ./bench -n 3", "cpu: Test CPU",
			"P1: what it is", "P1 asset /: 10 B", "Messages/chan", "123.5", "memnet ÷ chan: 1.50", "Not measured"}},
		{"markdown", md.String(), []string{"## Benchmark, 2026-11-25 09:30 UTC", "`go run ./bench -n 3`", "- cpu: Test CPU",
			"| P1 | first load |", "### What each row measures", "| memnet | Messages/chan | 3 | 123.5 |  | 0 | 0 |  |",
			"| memnet | Interleaved | 3 |  |  |  |  | 200 memnet-ns/msg, 2.5 x-chan |",
			"- native throughput memnet ÷ chan: 1.50", "### Not measured"}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.got, w) {
				t.Errorf("%s report lacks %q:\n%s", c.name, w, c.got)
			}
		}
	}
}
