//go:build !js

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
)

// p8Goal is P8's bound: a run with tracing at most this many times the
// same run without (issue 13).
const p8Goal = 1.25

// p8Runs is how many runs of each mode BenchmarkStates makes (-benchtime).
const p8Runs = 10

// p8 runs internal/states' BenchmarkStates natively with GOMAXPROCS=1: the
// program server with clients clients of 10 messages, the engine only
// (each event encoded to the wire form), without the goroutine states
// ("off"), with them as the page has them ("on": the trace stops past the
// first 1,000 goroutines) and with the whole run traced ("all"), the three
// taking turns. P8 is on ÷ off.
func p8(ctx context.Context, clients int) (Row, []string) {
	row := Row{ID: "P8", What: fmt.Sprintf("engine only, server with %d clients: a run with tracing as the page has it ÷ without, GOMAXPROCS=1", clients),
		Goal: Goal{AtMost: true, Value: p8Goal}}
	r, err := statesBench(ctx, fmt.Sprintf("%dx", p8Runs), "GOMAXPROCS=1", "PG_MODES=all", fmt.Sprintf("PG_CLIENTS=%d", clients))
	if err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	get := func(unit string) float64 {
		v, ok := r.metric(unit)
		if !ok {
			err = fmt.Errorf("BenchmarkStates reported no %s", unit)
		}
		return v
	}
	on, off, all := get("on-s/op"), get("off-s/op"), get("all-s/op")
	onCPU, offCPU := get("on-cpu-s/op"), get("off-cpu-s/op")
	onEvents, offEvents := get("on-events/op"), get("off-events/op")
	if err != nil {
		row.Skipped = err.Error()
		return row, nil
	}
	row.Ours = fmt.Sprintf("%.2f s with tracing (%.2f s of CPU)", on, onCPU)
	row.Baseline = fmt.Sprintf("%.2f s without (%.2f s of CPU)", off, offCPU)
	row.Ratio = on / off
	return row, []string{fmt.Sprintf("P8: go test -bench States, %d runs of each mode in turn, GOMAXPROCS=1: off %.2f s, on %.2f s (on/off %.2f, CPU %.2f), "+
		"the whole run traced %.2f s (all/off %.2f); events a run %.0f without, %.0f with the states",
		p8Runs, off, on, on/off, onCPU/offCPU, all, all/off, offEvents, onEvents)}
}

// statesBench runs internal/states' BenchmarkStates, -benchtime benchtime,
// with env added to the environment, and returns its result.
func statesBench(ctx context.Context, benchtime string, env ...string) (BenchResult, error) {
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", "^BenchmarkStates$",
		"-benchtime", benchtime, "./internal/states")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return BenchResult{}, fmt.Errorf("go test -bench States: %v: %s", err, tail(string(out), 500))
	}
	rs, err := parseBench(bytes.NewReader(out))
	if err != nil {
		return BenchResult{}, err
	}
	r, ok := find(rs, "states", "States")
	if !ok {
		return BenchResult{}, fmt.Errorf("no BenchmarkStates result in %q", tail(string(out), 500))
	}
	return r, nil
}
