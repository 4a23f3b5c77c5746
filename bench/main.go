//go:build !js

// Command bench measures the Goroutine Playground against baselines built
// and run on the same machine in the same run, and prints one table of
// ratios with the absolute figures beside them (issue 2's "make bench"):
//
//	P1  first-load bytes (gzip) ÷ a hello-world wasm's gzip size
//	P2  navigation → first output line ÷ the same for a hello-world page
//	P3  memnet's throughput ÷ an unbuffered channel's, in one wasm in Chromium
//	P4  the server's run in the page (Run → done) ÷ the same program natively
//	P5  the longest gap between animation frames while output streams
//	P6  cmd/threads built for js/wasm under node ÷ the same natively
//	P7  the first Run of edited code in the page, toolchain cached, ÷ a native
//	    GOOS=js GOARCH=wasm go build of it with a warm cache; and cold (P7c):
//	    the bytes the toolchain costs and where the time goes
//	P8  the engine's run with the tracer's goroutine states ÷ without
//	A1  an article of 24 embeds: navigation → every embed ready ÷ one embed's
//	A2  bytes fetched for the whole article ÷ for the article with one embed
//	A3  memory per live embed among 24 ÷ one embed's alone
//	A4  the browser's idle CPU with 24 embeds ready ÷ with the bare article
//
// and Go's own benchmarks of internal/memnet and internal/pickle. The same
// table is written as Markdown to bench/out/latest.md for the README.
//
// # Running it
//
//	make bench                  # or, from the module root:
//	go run ./bench -only p2,p3 -n 5
//	go run ./bench -only p1,p2 -compare DIR   # another build (cmd/site -o DIR) beside ours
//
// A benchmark never fails: a row that cannot be measured says why, and the
// command exits 0. It exits 1 only when the harness itself cannot work, such
// as when there is no browser. See -help for the knobs.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// run parses args, measures what they ask for, and writes the report to
// stdout and progress to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := moduleRoot(); err != nil {
		return err
	}
	rep, err := measure(ctx, cfg, args, stderr)
	if err != nil {
		return err
	}
	if err := rep.writeText(stdout); err != nil {
		return err
	}
	return writeLatest(cfg.out, rep)
}

// writeLatest writes the report as Markdown to dir/latest.md.
func writeLatest(dir string, rep *report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(dir + "/latest.md")
	if err != nil {
		return err
	}
	if err := rep.writeMarkdown(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
