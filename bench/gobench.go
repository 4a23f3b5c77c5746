//go:build !js

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// BenchResult is one benchmark's figures as `go test -bench` prints them.
// With -count above 1, summarize folds the repeats into their median.
type BenchResult struct {
	Pkg     string // import path, from the "pkg:" line before it
	Name    string // without the "Benchmark" prefix and the -GOMAXPROCS suffix
	Runs    int    // how many result lines were folded into this one
	N       int64  // iterations of the (last) run
	NsPerOp float64
	MBPerS  float64 // 0 when not reported
	BPerOp  float64 // -1 when not reported
	Allocs  float64 // -1 when not reported
	// Extra holds the metrics a benchmark reports itself with
	// b.ReportMetric (such as memnet's interleaved "x-chan"), in the order
	// printed.
	Extra []Metric
}

// Metric is one custom figure of a benchmark result: a value and its unit.
type Metric struct {
	Unit  string
	Value float64
}

// parseBench reads the output of `go test -bench` and returns every result
// line in order. Lines that are not results (PASS, ok, goos:...) are
// skipped; a result line it cannot read is an error, so that a change in
// the format is noticed rather than shown as zeros.
func parseBench(r io.Reader) ([]BenchResult, error) {
	var out []BenchResult
	pkg := ""
	sc := bufio.NewScanner(r)
	for line := 0; sc.Scan(); {
		line++
		text := sc.Text()
		if p, ok := strings.CutPrefix(text, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		if !strings.HasPrefix(text, "Benchmark") {
			continue
		}
		f := strings.Fields(text)
		if len(f) < 4 || len(f)%2 != 0 {
			// A benchmark that logs or fails prints its name alone.
			if len(f) == 1 {
				continue
			}
			return nil, fmt.Errorf("bench output line %d: cannot read %q", line, text)
		}
		res := BenchResult{Pkg: pkg, Name: benchName(f[0]), Runs: 1, BPerOp: -1, Allocs: -1}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bench output line %d: iterations %q: %w", line, f[1], err)
		}
		res.N = n
		seenNs := false
		for i := 2; i < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("bench output line %d: value %q: %w", line, f[i], err)
			}
			switch f[i+1] {
			case "ns/op":
				res.NsPerOp, seenNs = v, true
			case "MB/s":
				res.MBPerS = v
			case "B/op":
				res.BPerOp = v
			case "allocs/op":
				res.Allocs = v
			default:
				res.Extra = append(res.Extra, Metric{Unit: f[i+1], Value: v})
			}
		}
		// A benchmark that reports only its own metrics zeroes ns/op, and
		// the testing package then leaves it out.
		if !seenNs && len(res.Extra) == 0 {
			return nil, fmt.Errorf("bench output line %d: no ns/op in %q", line, text)
		}
		out = append(out, res)
	}
	return out, sc.Err()
}

// benchName strips "Benchmark" and the "-N" GOMAXPROCS suffix that the
// testing package adds when GOMAXPROCS is above 1.
func benchName(s string) string {
	s = strings.TrimPrefix(s, "Benchmark")
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		if _, err := strconv.Atoi(s[i+1:]); err == nil {
			s = s[:i]
		}
	}
	return s
}

// summarize folds results with the same package and name into one, whose
// figures are the medians of the repeats, keeping first-seen order.
func summarize(rs []BenchResult) []BenchResult {
	type group struct {
		first        BenchResult
		ns, mb, b, a []float64
		extra        map[string][]float64
	}
	var order []string
	groups := map[string]*group{}
	for _, r := range rs {
		k := r.Pkg + "\x00" + r.Name
		g := groups[k]
		if g == nil {
			g = &group{first: r}
			groups[k] = g
			order = append(order, k)
		}
		g.ns = append(g.ns, r.NsPerOp)
		g.mb = append(g.mb, r.MBPerS)
		g.b = append(g.b, r.BPerOp)
		g.a = append(g.a, r.Allocs)
		for _, m := range r.Extra {
			if g.extra == nil {
				g.extra = map[string][]float64{}
			}
			g.extra[m.Unit] = append(g.extra[m.Unit], m.Value)
		}
		g.first.N = r.N
	}
	out := make([]BenchResult, 0, len(order))
	for _, k := range order {
		g := groups[k]
		r := g.first
		r.Runs = len(g.ns)
		r.NsPerOp, r.MBPerS, r.BPerOp, r.Allocs = median(g.ns), median(g.mb), median(g.b), median(g.a)
		r.Extra = nil
		for _, m := range g.first.Extra {
			r.Extra = append(r.Extra, Metric{Unit: m.Unit, Value: median(g.extra[m.Unit])})
		}
		out = append(out, r)
	}
	return out
}

// find returns the result named name in package pkg (its last element is
// enough), or false.
func find(rs []BenchResult, pkg, name string) (BenchResult, bool) {
	for _, r := range rs {
		if r.Name == name && (r.Pkg == pkg || strings.HasSuffix(r.Pkg, "/"+pkg)) {
			return r, true
		}
	}
	return BenchResult{}, false
}

// runGoBench runs `go test -run ^$ -bench . ` with extra flags in pkg and
// returns what it printed.
func runGoBench(ctx context.Context, pkg string, flags ...string) ([]byte, error) {
	args := append([]string{"test", "-run", "^$", "-bench", "."}, flags...)
	args = append(args, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 2000))
	}
	return out.Bytes(), nil
}

// tail returns at most the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// goBenchmarks runs the native benchmarks of internal/memnet (each
// iteration one 16-byte message, so -benchtime=1000000x moves 1M) and
// internal/pickle, and returns their results with the ratios that matter:
// memnet's and net.Pipe's throughput against the unbuffered channel's.
func goBenchmarks(ctx context.Context, count int, pickleTime string) ([]BenchResult, []string, error) {
	var all []BenchResult
	runs := []struct {
		pkg   string
		flags []string
	}{
		{"./internal/memnet", []string{"-benchtime", "1000000x", "-count", fmt.Sprint(count)}},
		{"./internal/pickle", []string{"-benchtime", pickleTime, "-count", fmt.Sprint(count)}},
	}
	for _, r := range runs {
		out, err := runGoBench(ctx, r.pkg, r.flags...)
		if err != nil {
			return all, nil, err
		}
		res, err := parseBench(bytes.NewReader(out))
		if err != nil {
			return all, nil, err
		}
		all = append(all, summarize(res)...)
	}
	notes := append(memnetRatios(all), interleavedRatios(all)...)
	return all, append(notes, pickleRatios(all)...), nil
}

// memnetRatios compares the message benchmarks of internal/memnet as
// throughputs (the inverse of ns/op): each stream against the channel.
func memnetRatios(rs []BenchResult) []string {
	ch, ok := find(rs, "memnet", "Messages/chan")
	if !ok || ch.NsPerOp == 0 {
		return nil
	}
	var notes []string
	for _, name := range []string{"memnet", "memnet-bulkread", "netpipe"} {
		r, ok := find(rs, "memnet", "Messages/"+name)
		if !ok || r.NsPerOp == 0 {
			continue
		}
		notes = append(notes, fmt.Sprintf("native throughput %s ÷ chan: %.2f (%.1f ns/op against %.1f ns/op)",
			name, ch.NsPerOp/r.NsPerOp, r.NsPerOp, ch.NsPerOp))
	}
	if m, ok := find(rs, "memnet", "Messages/memnet"); ok {
		if p, ok := find(rs, "memnet", "Messages/netpipe"); ok && m.NsPerOp > 0 {
			notes = append(notes, fmt.Sprintf("native throughput memnet ÷ net.Pipe: %.2f", p.NsPerOp/m.NsPerOp))
		}
	}
	return notes
}

// interleavedRatios reads memnet's BenchmarkInterleaved, whose rounds
// alternate memnet, net.Pipe and the channel so that a noisy machine
// touches all three alike: the ratio of throughputs it is there to give.
func interleavedRatios(rs []BenchResult) []string {
	r, ok := find(rs, "memnet", "Interleaved")
	if !ok {
		return nil
	}
	mem, ok1 := r.metric("memnet-ns/msg")
	ch, ok2 := r.metric("chan-ns/msg")
	pipe, ok3 := r.metric("netpipe-ns/msg")
	if !ok1 || !ok2 || !ok3 || mem <= 0 {
		return nil
	}
	return []string{fmt.Sprintf("native, interleaved rounds: throughput memnet ÷ chan %.2f, memnet ÷ net.Pipe %.2f (%.0f, %.0f and %.0f ns per message)",
		ch/mem, pipe/mem, mem, ch, pipe)}
}

// metric returns the custom metric with the unit given.
func (r BenchResult) metric(unit string) (float64, bool) {
	for _, m := range r.Extra {
		if m.Unit == unit {
			return m.Value, true
		}
	}
	return 0, false
}

// pickleRatios compares internal/pickle with the baselines its benchmarks
// run beside it: Encode's time ÷ encoding/json.Marshal's of the same
// value, and Decode's ÷ gopickle's bare Unpickler's on the same bytes.
func pickleRatios(rs []BenchResult) []string {
	var notes []string
	for _, r := range rs {
		if !strings.HasSuffix(r.Pkg, "/pickle") || strings.Contains(r.Name, "baseline=") || r.NsPerOp <= 0 {
			continue
		}
		op, value, _ := strings.Cut(r.Name, "/")
		var base string
		switch op {
		case "Encode":
			value, _, _ = strings.Cut(value, "/")
			base = "Encode/" + value + "/baseline=json.Marshal"
		case "Decode":
			base = r.Name + "/baseline=gopickle"
		default:
			continue
		}
		b, ok := find(rs, "pickle", base)
		if !ok || b.NsPerOp <= 0 {
			continue
		}
		notes = append(notes, fmt.Sprintf("native time %s ÷ %s: %.2f", r.Name, base[strings.LastIndexByte(base, '=')+1:], r.NsPerOp/b.NsPerOp))
	}
	return notes
}
