//go:build !js

package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// report is everything one run of the benchmark prints.
type report struct {
	Date    time.Time
	Command string
	Facts   []fact
	Rows    []Row
	About   []string // what each row measures
	Notes   []string // the figures behind the rows
	Bench   []BenchResult
	BenchAt []string // ratios of the Go benchmarks
	Missing []string // what could not be measured, and why
}

// writeText writes the report for a terminal.
func (r *report) writeText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Goroutine Playground benchmark, %s\n", r.Date.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "command: %s\n", r.Command)
	for _, f := range r.Facts {
		fmt.Fprintf(&b, "%s: %s\n", f.Name, f.Value)
	}
	b.WriteString("\n")
	if err := writeText(&b, r.Rows); err != nil {
		return err
	}
	section(&b, "What each row measures", r.About, "  ")
	section(&b, "Figures", r.Notes, "  ")
	if len(r.Bench) > 0 {
		b.WriteString("\nGo benchmarks (go test -bench, native)\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "package\tbenchmark\truns\tns/op\tMB/s\tB/op\tallocs/op\tits own metrics\t")
		for _, c := range benchCells(r.Bench) {
			fmt.Fprintln(tw, strings.Join(c, "\t")+"\t")
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		section(&b, "", r.BenchAt, "  ")
	}
	section(&b, "Not measured", r.Missing, "  ")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMarkdown writes the report as Markdown, for the README to quote.
func (r *report) writeMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Benchmark, %s\n\n", r.Date.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "`%s` on:\n\n", r.Command)
	for _, f := range r.Facts {
		fmt.Fprintf(&b, "- %s: %s\n", f.Name, f.Value)
	}
	b.WriteString("\n")
	if err := writeMarkdown(&b, r.Rows); err != nil {
		return err
	}
	mdSection(&b, "What each row measures", r.About)
	mdSection(&b, "Figures", r.Notes)
	if len(r.Bench) > 0 {
		b.WriteString("\n### Go benchmarks (go test -bench, native)\n\n")
		b.WriteString(mdRow([]string{"package", "benchmark", "runs", "ns/op", "MB/s", "B/op", "allocs/op", "its own metrics"}))
		b.WriteString("|---|---|--:|--:|--:|--:|--:|---|\n")
		for _, c := range benchCells(r.Bench) {
			b.WriteString(mdRow(c))
		}
		if len(r.BenchAt) > 0 {
			b.WriteString("\n")
			for _, n := range r.BenchAt {
				fmt.Fprintf(&b, "- %s\n", n)
			}
		}
	}
	mdSection(&b, "Not measured", r.Missing)
	_, err := io.WriteString(w, b.String())
	return err
}

// section writes a titled list of lines, if there are any.
func section(b *strings.Builder, title string, lines []string, indent string) {
	if len(lines) == 0 {
		return
	}
	if title != "" {
		fmt.Fprintf(b, "\n%s\n", title)
	}
	for _, l := range lines {
		fmt.Fprintf(b, "%s%s\n", indent, l)
	}
}

// mdSection writes a Markdown heading and a list, if there are any lines.
func mdSection(b *strings.Builder, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "\n### %s\n\n", title)
	for _, l := range lines {
		fmt.Fprintf(b, "- %s\n", l)
	}
}

// benchCells lays out Go benchmark results as table cells.
func benchCells(rs []BenchResult) [][]string {
	opt := func(v float64, format string) string {
		if v < 0 || (v == 0 && format == "%.2f") {
			return ""
		}
		return fmt.Sprintf(format, v)
	}
	var out [][]string
	for _, r := range rs {
		pkg := r.Pkg[strings.LastIndexByte(r.Pkg, '/')+1:]
		var own []string
		for _, m := range r.Extra {
			own = append(own, fmt.Sprintf("%.4g %s", m.Value, m.Unit))
		}
		// A benchmark that reports only its own metrics zeroes ns/op.
		ns := fmt.Sprintf("%.1f", r.NsPerOp)
		if r.NsPerOp == 0 && len(own) > 0 {
			ns = ""
		}
		out = append(out, []string{pkg, r.Name, fmt.Sprint(r.Runs), ns,
			opt(r.MBPerS, "%.2f"), opt(r.BPerOp, "%.0f"), opt(r.Allocs, "%.0f"), strings.Join(own, ", ")})
	}
	return out
}
