//go:build !js

package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Goal is the bound a row must meet: at most (AtMost) or at least Value.
// Without a Unit the bound is on the row's ratio; with one (such as "ms")
// it is on the row's absolute figure, Row.Value, and the ratio is context.
type Goal struct {
	AtMost bool
	Value  float64
	Unit   string
}

func (g Goal) String() string {
	if g.Value == 0 {
		return "—"
	}
	op := "≥"
	if g.AtMost {
		op = "≤"
	}
	s := fmt.Sprintf("%s %g", op, g.Value)
	if g.Unit != "" {
		s += " " + g.Unit
	}
	return s
}

// Row is one line of the table: a ratio of ours to its baseline, both
// measured in the same run, with the absolute figures beside it.
type Row struct {
	ID       string
	What     string
	Ours     string // absolute figure of ours
	Baseline string // absolute figure of the baseline
	Ratio    float64
	Value    float64 // the absolute figure a Goal with a Unit is checked against
	// Bound is "" when Ratio was measured, or ">" or "<" when it is a bound
	// only, because a side did not finish in its time.
	Bound string
	Goal  Goal
	// Skipped, when set, says why the row has no ratio; Baseline may
	// still hold what was measured of the baseline.
	Skipped string
}

// ratioText is the ratio as the table shows it.
func (r Row) ratioText() string {
	if r.Skipped != "" {
		return "—"
	}
	return r.Bound + fmt.Sprintf("%.2f", r.Ratio)
}

// met says whether the row meets its goal: "yes", "no", or "—" when there
// is no goal, nothing was measured, or a bound does not decide it.
func (r Row) met() string {
	if r.Skipped != "" || r.Goal.Value == 0 {
		return "—"
	}
	v := r.Ratio
	if r.Goal.Unit != "" {
		v = r.Value
	}
	ok := v >= r.Goal.Value
	if r.Goal.AtMost {
		ok = v <= r.Goal.Value
	}
	switch {
	case r.Bound == "" || r.Goal.Unit != "":
	case r.Bound == ">" && !r.Goal.AtMost && ok, r.Bound == "<" && r.Goal.AtMost && ok:
		// A lower bound above a minimum, or an upper bound below a
		// maximum, decides it.
	default:
		return "—"
	}
	if ok {
		return "yes"
	}
	return "no"
}

// cells returns the row's columns in table order.
func (r Row) cells() []string {
	ours := r.Ours
	if r.Skipped != "" {
		ours = "not measured: " + r.Skipped
	}
	return []string{r.ID, r.What, ours, r.Baseline, r.ratioText(), r.Goal.String(), r.met()}
}

var header = []string{"id", "what", "ours", "baseline", "ratio", "goal", "met?"}

// writeText writes rows as an aligned plain-text table.
func writeText(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r.cells(), "\t"))
	}
	return tw.Flush()
}

// writeMarkdown writes rows as a Markdown table.
func writeMarkdown(w io.Writer, rows []Row) error {
	var b strings.Builder
	b.WriteString(mdRow(header))
	b.WriteString("|" + strings.Repeat("---|", len(header)) + "\n")
	for _, r := range rows {
		b.WriteString(mdRow(r.cells()))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdRow makes one Markdown table row; a "|" in a cell would end the cell,
// so it is escaped.
func mdRow(cells []string) string {
	esc := make([]string, len(cells))
	for i, c := range cells {
		esc[i] = strings.ReplaceAll(c, "|", `\|`)
	}
	return "| " + strings.Join(esc, " | ") + " |\n"
}
