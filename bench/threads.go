//go:build !js

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// The baselines of P4 and P6 are the program server run by cmd/threads,
// natively with one thread (GOMAXPROCS=1), and P6's other side is the same
// command built for js/wasm and run by node with Go's wasm_exec_node.js.
// Both print every line to a pipe that the benchmark drains, as a terminal
// would.

// threadsBins are cmd/threads built natively and for js/wasm.
type threadsBins struct {
	native, wasm string
	execJS       string // $GOROOT/lib/wasm/wasm_exec_node.js
}

// buildThreads builds cmd/threads natively and for js/wasm into dir. The
// wasm build is skipped (wasm "") unless withWasm.
func buildThreads(ctx context.Context, dir string, withWasm bool) (threadsBins, error) {
	var b threadsBins
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return b, err
	}
	b.native = filepath.Join(dir, "threads")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", b.native, "./cmd/threads").CombinedOutput(); err != nil {
		return b, fmt.Errorf("go build ./cmd/threads: %v: %s", err, tail(string(out), 500))
	}
	if !withWasm {
		return b, nil
	}
	b.wasm = filepath.Join(dir, "threads.wasm")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", b.wasm, "./cmd/threads")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return b, fmt.Errorf("GOOS=js GOARCH=wasm go build ./cmd/threads: %v: %s", err, tail(string(out), 500))
	}
	root, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return b, fmt.Errorf("go env GOROOT: %w", err)
	}
	b.execJS = filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "wasm_exec_node.js")
	if _, err := os.Stat(b.execJS); err != nil {
		return b, err
	}
	return b, nil
}

// threadsRun is one timed run of cmd/threads.
type threadsRun struct {
	Wall     time.Duration // from starting the process to its exit
	Reported time.Duration // the run itself, as threads reports it ("done after ...")
	Lines    int           // lines it printed to standard output
}

// runThreads runs `threads run server` with the clients and messages
// given, natively (node "") or under node, and times it.
func runThreads(ctx context.Context, b threadsBins, node string, clients, messages int, limit time.Duration) (threadsRun, error) {
	var res threadsRun
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	args := []string{"run", "server", "-clients", fmt.Sprint(clients), "-messages", fmt.Sprint(messages), "-color", "never"}
	var cmd *exec.Cmd
	if node == "" {
		cmd = exec.CommandContext(ctx, b.native, args...)
		cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	} else {
		cmd = exec.CommandContext(ctx, node, append([]string{b.execJS, b.wasm}, args...)...)
	}
	cmd.WaitDelay = 5 * time.Second
	lines := &lineWriter{line: func(string) { res.Lines++ }}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = lines, &stderr
	start := time.Now()
	err := cmd.Run()
	res.Wall = time.Since(start)
	if ctx.Err() != nil {
		return res, fmt.Errorf("did not finish within %v", limit)
	}
	if err != nil {
		return res, fmt.Errorf("%v: %s", err, tail(stderr.String(), 500))
	}
	d, ok := doneAfter(stderr.String())
	if !ok {
		return res, fmt.Errorf("no \"done after\" in what it wrote to stderr: %q", tail(stderr.String(), 500))
	}
	res.Reported = d
	return res, nil
}

var doneRE = regexp.MustCompile(`done(?:\x1b\[[0-9;]*m)? after (\S+)`)

// doneAfter reads the run's own time from threads' last line.
func doneAfter(stderr string) (time.Duration, bool) {
	m := doneRE.FindAllStringSubmatch(stderr, -1)
	if m == nil {
		return 0, false
	}
	d, err := time.ParseDuration(m[len(m)-1][1])
	return d, err == nil
}

// best returns the run with the shortest wall time.
func best(runs []threadsRun) (threadsRun, error) {
	if len(runs) == 0 {
		return threadsRun{}, errors.New("no run finished")
	}
	b := runs[0]
	for _, r := range runs[1:] {
		if r.Wall < b.Wall {
			b = r
		}
	}
	return b, nil
}

// runsText lists runs' wall times and their own times, for the figures.
func runsText(runs []threadsRun) string {
	var s []string
	for _, r := range runs {
		s = append(s, fmt.Sprintf("%s (run %s)", ms(millis(r.Wall)), ms(millis(r.Reported))))
	}
	return strings.Join(s, ", ")
}
