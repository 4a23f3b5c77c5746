//go:build !js

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// p6Runs times the program server natively and under node, n times each,
// alternating, so that the machine's load falls on both alike. Without
// node (nodePath "") it times the native side only, for P4's baseline.
func p6Runs(ctx context.Context, b threadsBins, nodePath string, n, clients, messages int, limit time.Duration, logf func(string, ...any)) (native, wasm []threadsRun, errs []string) {
	for i := range n {
		r, err := runThreads(ctx, b, "", clients, messages, limit)
		if err != nil {
			errs = append(errs, "native: "+err.Error())
		} else {
			native = append(native, r)
			logf("P6: native run %d: %s", i+1, ms(millis(r.Wall)))
		}
		if nodePath == "" {
			continue
		}
		r, err = runThreads(ctx, b, nodePath, clients, messages, limit)
		if err != nil {
			errs = append(errs, "node: "+err.Error())
		} else {
			wasm = append(wasm, r)
			logf("P6: node run %d: %s", i+1, ms(millis(r.Wall)))
		}
	}
	return native, wasm, errs
}

// p6Row makes P6 from the runs: the best wall time under node ÷ the best
// natively.
func p6Row(native, wasm []threadsRun, errs []string, clients, messages int) (Row, []string) {
	row := Row{ID: "P6", What: fmt.Sprintf("engine: `threads run server -clients %d -messages %d` built for js/wasm under node ÷ native (GOMAXPROCS=1), best of each", clients, messages),
		Goal: Goal{AtMost: true, Value: 3}}
	var notes []string
	if len(errs) > 0 {
		notes = append(notes, "P6: runs that failed: "+strings.Join(errs, "; "))
	}
	nb, nerr := best(native)
	wb, werr := best(wasm)
	switch {
	case nerr != nil:
		row.Skipped = "native: " + nerr.Error()
	case werr != nil:
		row.Skipped = "node: " + werr.Error()
	default:
		row.Ours = "node " + ms(millis(wb.Wall))
		row.Baseline = "native " + ms(millis(nb.Wall))
		row.Ratio = millis(wb.Wall) / millis(nb.Wall)
		notes = append(notes, fmt.Sprintf("P6: native %s; node %s; %d lines each; the runs' own times (threads' \"done after\") best %s ÷ %s = %.2f",
			runsText(native), runsText(wasm), wb.Lines, ms(millis(wb.Reported)), ms(millis(nb.Reported)), millis(wb.Reported)/millis(nb.Reported)))
	}
	return row, notes
}

// statesFigures runs internal/states' BenchmarkStates (P8's: the program
// server, its engine only, with states as the page has them and without)
// natively with GOMAXPROCS=1 and under js/wasm with node, two rounds in
// alternating order (under node a fresh process runs its first run far
// slower, while V8 compiles and tiers up its code), and says what
// the states cost in each and how the engine with states compares with
// native: P6 as the page runs it. The js/wasm runs take Go's
// go_js_wasm_exec from beside b's wasm_exec_node.js.
func statesFigures(ctx context.Context, b threadsBins, clients int) (string, error) {
	wasmPath := filepath.Dir(b.execJS) + string(os.PathListSeparator) + os.Getenv("PATH")
	type side struct{ on, off float64 }
	get := func(env ...string) (side, error) {
		r, err := statesBench(ctx, "2x", append([]string{"PG_CLIENTS=" + fmt.Sprint(clients)}, env...)...)
		if err != nil {
			return side{}, err
		}
		var s side
		var okOn, okOff bool
		s.on, okOn = r.metric("on-s/op")
		s.off, okOff = r.metric("off-s/op")
		if !okOn || !okOff || s.off == 0 {
			return side{}, fmt.Errorf("BenchmarkStates reported no on-s/op and off-s/op")
		}
		return s, nil
	}
	nat, err := get("GOMAXPROCS=1")
	if err != nil {
		return "", fmt.Errorf("native: %w", err)
	}
	wasm, err := get("GOOS=js", "GOARCH=wasm", "PATH="+wasmPath)
	if err != nil {
		return "", fmt.Errorf("js/wasm: %w", err)
	}
	return fmt.Sprintf("P6 with states, as the page runs the engine (internal/states BenchmarkStates, %d clients, engine only, two runs of each in both orders (a fresh process runs its first slower)): "+
		"native off %.2f s, on %.2f s (on/off %.2f); js/wasm under node off %.2f s, on %.2f s (on/off %.2f); js/wasm on ÷ native on %.2f, off ÷ off %.2f",
		clients, nat.off, nat.on, nat.on/nat.off, wasm.off, wasm.on, wasm.on/wasm.off, wasm.on/nat.on, wasm.off/nat.off), nil
}
