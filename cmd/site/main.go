// Command site builds the folder that is deployed as the playground: the
// page's two WebAssembly binaries (the view, main.wasm, and the engine its
// workers run, engine.wasm), Go's wasm_exec.js and a gzip and brotli copy of
// every text asset, beside the static files, and the toolchain folder that
// builds edited programs in the page (toolchain/: Go's compiler and linker
// for js/wasm and the archives programs may import). See
// internal/sitebuild and internal/toolchain/bundle.
//
// # Usage
//
//	go run ./cmd/site [-src site] [-o site] [-pkg ./wasm] [-engine ./wasm/engine] [-fast] [-toolchain=false] [-- go build flags]
//
// By default it builds in place: site/ then holds everything a static host
// needs. -fast compresses at the fastest levels, for a quick development loop;
// what is deployed should be built without it. The toolchain folder is
// cached: the first build takes minutes (the tools, every archive, their
// compressed copies), a second one seconds. -toolchain=false leaves it out.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/goroutine-playground/playground/internal/sitebuild"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "site:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("site", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: site [-src site] [-o site] [-pkg ./wasm] [-engine ./wasm/engine] [-fast] [-toolchain=false] [-- go build flags]")
		flags.PrintDefaults()
	}
	var opts sitebuild.Options
	flags.StringVar(&opts.Src, "src", "site", "folder of static files")
	flags.StringVar(&opts.Out, "o", "site", "folder to write (may be the same as -src)")
	flags.StringVar(&opts.Pkg, "pkg", "./wasm", "package to build to main.wasm")
	flags.StringVar(&opts.Engine, "engine", "./wasm/engine", "package to build to engine.wasm (empty: none)")
	flags.BoolVar(&opts.Fast, "fast", false, "compress at the fastest levels (development only)")
	flags.BoolVar(&opts.Toolchain, "toolchain", true, "also write the toolchain folder (the compiler and linker for edited programs)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	opts.Flags = flags.Args()
	opts.Log = stdout

	start := time.Now()
	fmt.Fprintf(stdout, "building %s into %s/%s\n", opts.Pkg, opts.Out, sitebuild.WasmName)
	if opts.Engine != "" {
		fmt.Fprintf(stdout, "building %s into %s/%s\n", opts.Engine, opts.Out, sitebuild.EngineName)
	}
	if err := sitebuild.Build(ctx, opts); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built %s in %.1fs\n", opts.Out, time.Since(start).Seconds())
	return nil
}
