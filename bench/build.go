//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/goroutine-playground/playground/internal/sitebuild"
	"github.com/goroutine-playground/playground/internal/toolchain/bundle"
)

// buildSite makes the deployable folder out from the static folder src, the
// wasm package pkg and the engine's package engine (none when ""), as
// `make site` does (sitebuild.Build), but at sitebuild's fast levels: its
// best Brotli takes minutes for the page's wasm on this machine, and the
// browser is only ever offered gzip where the bytes count (P1). Unless
// fast, the gzip copies are then written again at the level `make site`
// uses, so what P1 counts is what is deployed. With toolchain, the
// toolchain folder is written too, at the best levels unless fast (P7
// counts its bytes as deployed); it is kept from one run to the next,
// which then rewrites nothing that is up to date.
func buildSite(ctx context.Context, src, pkg, engine, out string, fast, withToolchain bool) error {
	if err := clearSite(out); err != nil {
		return err
	}
	if withToolchain {
		lv := bundle.Best
		if fast {
			lv = bundle.Fast
		}
		if _, err := bundle.Write(ctx, bundle.Options{Out: filepath.Join(out, sitebuild.ToolchainDir), Compress: lv}); err != nil {
			return err
		}
	}
	if err := sitebuild.Build(ctx, sitebuild.Options{Src: src, Out: out, Pkg: pkg, Engine: engine, Fast: true}); err != nil {
		return err
	}
	if fast {
		return nil
	}
	return bestGzip(out)
}

// clearSite removes the folder out, but for its toolchain folder.
func clearSite(out string) error {
	entries, err := os.ReadDir(out)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == sitebuild.ToolchainDir {
			continue
		}
		if err := os.RemoveAll(filepath.Join(out, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// bestGzip rewrites every .gz copy in dir from its original at
// gzip.BestCompression, the level sitebuild uses for `make site`.
func bestGzip(dir string) error {
	copies, err := filepath.Glob(filepath.Join(dir, "*.gz"))
	if err != nil {
		return err
	}
	for _, gz := range copies {
		data, err := os.ReadFile(strings.TrimSuffix(gz, ".gz"))
		if err != nil {
			return err
		}
		packed, err := gzipLevel(data, gzip.BestCompression)
		if err != nil {
			return err
		}
		if err := os.WriteFile(gz, packed, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// gzipLevel compresses data at the gzip level given.
func gzipLevel(data []byte, level int) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// helloWasm builds the P1 baseline, bench/hello, with sitebuild.BuildWasm
// (the page's flags and toolchain) into dir, and returns its size and its
// gzip size at the level sitebuild uses for the site: best, or fastest when
// fast.
func helloWasm(ctx context.Context, dir string, fast bool) (raw, gz int64, err error) {
	out := filepath.Join(dir, "hello.wasm")
	if err := sitebuild.BuildWasm(ctx, "./bench/hello", out); err != nil {
		return 0, 0, err
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return 0, 0, err
	}
	level := gzip.BestCompression
	if fast {
		level = gzip.BestSpeed
	}
	packed, err := gzipLevel(data, level)
	if err != nil {
		return 0, 0, err
	}
	if err := os.WriteFile(out+".gz", packed, 0o644); err != nil {
		return 0, 0, err
	}
	return int64(len(data)), int64(len(packed)), nil
}

// pageMissing says why the playground cannot be measured yet, or "".
func pageMissing(siteDir string, wasmPkgs ...string) string {
	for _, p := range append([]string{filepath.Join(siteDir, "index.html")}, wasmPkgs...) {
		if _, err := os.Stat(p); err != nil {
			return fmt.Sprintf("the page is not there yet (%s is missing)", p)
		}
	}
	return ""
}
