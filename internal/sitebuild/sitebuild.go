// Package sitebuild makes the folder that is deployed as the playground: the
// static files, the page's WebAssembly binary, Go's wasm_exec.js, and a
// gzip and a brotli copy of every text asset, ready for a static host or for
// internal/serve.
//
// # Steps
//
// [Build] copies the source folder to the output folder (unless they are the
// same), builds the wasm package to main.wasm with [BuildWasm] (and the
// engine's package to engine.wasm, when there is one: the page's view and
// its engine are two binaries, see wasm/ and wasm/engine), copies
// wasm_exec.js from the toolchain that built it, and writes X.gz and X.br
// beside every .wasm, .js, .css, .html, .svg and .json file X where
// compression makes it smaller. With [Options.Toolchain] it also writes the
// toolchain folder, toolchain/: Go's compiler and linker for js/wasm and
// what they need to build edited programs in the page (see
// internal/toolchain/bundle, which compresses its own files). Last it
// writes precache.js, the list of the site's files with their SHA-256 for
// the page's service worker (site/sw.js), which keeps the site for offline
// and instant visits and replaces exactly what a new build changed.
//
// # Outputs and reruns
//
// Every file is written to a temporary name and renamed, so a server that is
// running never sends half a file. The compressed copies are made afresh on
// every build; a copy whose file is gone or no longer gains from compression
// is removed. main.wasm, engine.wasm, wasm_exec.js, protocol.js, precache.js
// and the .gz/.br files are build outputs that the repository ignores.
//
// # Cost
//
// Best-level brotli is slow: about 25 s for a 2.5 MB hello-world binary on one
// core of the reference machine, against 1 s for best gzip. [Options.Fast]
// brings both to well under a second for a development loop.
package sitebuild

import (
	"github.com/goroutine-playground/playground/internal/compress"

	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/goroutine-playground/playground/internal/protocol"
	"github.com/goroutine-playground/playground/internal/toolchain/bundle"
)

// Options says what [Build] makes and from what. The zero value builds ./wasm
// into site/ in place, at the best compression.
type Options struct {
	// Src is the folder of static files; default "site".
	Src string
	// Out is the folder to write; default Src, building in place. It may not
	// lie inside Src.
	Out string
	// Pkg is the package to build to Out/main.wasm; default "./wasm".
	Pkg string
	// Engine is the package to build to Out/engine.wasm, the binary the
	// page's workers run ("./wasm/engine" for the playground); none when
	// empty, for a page of one binary.
	Engine string
	// Flags are extra `go build` flags, placed after ours so they can
	// override them (a later -ldflags wins).
	Flags []string
	// Fast compresses at the fastest levels instead of the best: for tests
	// and quick rebuilds, never for what is deployed.
	Fast bool
	// Toolchain also writes the toolchain folder, Out/toolchain. It is
	// cached: a second build rewrites nothing that is up to date.
	Toolchain bool
	// Log, when set, receives one line per asset with its sizes.
	Log io.Writer
}

// Names of what Build writes into the output folder.
const (
	WasmName     = "main.wasm"
	EngineName   = "engine.wasm"
	WasmExecName = "wasm_exec.js"
	// ProtocolName is the table of messages and timings the page's
	// scripts share with its Go code (internal/protocol).
	ProtocolName = "protocol.js"
	ToolchainDir = "toolchain"
)

// Build makes the deployable folder described by opts.
func Build(ctx context.Context, opts Options) error {
	opts = opts.withDefaults()
	src, err := filepath.Abs(opts.Src)
	if err != nil {
		return err
	}
	out, err := filepath.Abs(opts.Out)
	if err != nil {
		return err
	}
	if info, err := os.Stat(src); err != nil {
		return fmt.Errorf("sitebuild: source folder: %w", err)
	} else if !info.IsDir() {
		return fmt.Errorf("sitebuild: source folder %s is not a folder", opts.Src)
	}
	if out != src {
		if strings.HasPrefix(out, src+string(filepath.Separator)) {
			return fmt.Errorf("sitebuild: output folder %s lies inside the source folder %s", opts.Out, opts.Src)
		}
		if err := copyTree(src, out); err != nil {
			return fmt.Errorf("sitebuild: %w", err)
		}
	}
	if err := BuildWasm(ctx, opts.Pkg, filepath.Join(out, WasmName), opts.Flags...); err != nil {
		return err
	}
	if opts.Engine != "" {
		if err := BuildWasm(ctx, opts.Engine, filepath.Join(out, EngineName), opts.Flags...); err != nil {
			return err
		}
	}
	if err := copyWasmExec(ctx, filepath.Join(out, WasmExecName)); err != nil {
		return err
	}
	if err := compress.WriteFile(filepath.Join(out, ProtocolName), []byte(protocol.JS()), 0o644); err != nil {
		return fmt.Errorf("sitebuild: %w", err)
	}
	// The toolchain's files carry their hash in their names: the list for
	// the service worker takes it from there rather than read them again.
	var sums map[string]string
	if opts.Toolchain {
		lv := bundle.Best
		if opts.Fast {
			lv = bundle.Fast
		}
		m, err := bundle.Write(ctx, bundle.Options{Out: filepath.Join(out, ToolchainDir), Compress: lv, Log: opts.Log})
		if err != nil {
			return err
		}
		sums = map[string]string{}
		for _, a := range m.Assets() {
			if sum := a.Sum(); sum != "" {
				sums[ToolchainDir+"/"+a.Name] = sum
			}
		}
	}
	if err := writePrecache(out, sums); err != nil {
		return err
	}
	stats, err := precompress(ctx, out, opts.level())
	if err != nil {
		return fmt.Errorf("sitebuild: %w", err)
	}
	if opts.Log != nil {
		for _, s := range stats {
			fmt.Fprintln(opts.Log, s)
		}
	}
	return nil
}

func (o Options) withDefaults() Options {
	if o.Src == "" {
		o.Src = "site"
	}
	if o.Out == "" {
		o.Out = o.Src
	}
	if o.Pkg == "" {
		o.Pkg = "./wasm"
	}
	return o
}

// errNotBuilt is returned when the wasm build leaves no file behind.
var errNotBuilt = errors.New("go build wrote no output")
