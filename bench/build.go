//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/goroutine-playground/playground/internal/sitebuild"
)

// buildSite makes the deployable folder out from the static folder src and
// the wasm package pkg, as `make site` does (sitebuild.Build); fast picks
// the fastest compression levels.
func buildSite(ctx context.Context, src, pkg, out string, fast bool) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	return sitebuild.Build(ctx, sitebuild.Options{Src: src, Out: out, Pkg: pkg, Fast: fast})
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
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		return 0, 0, err
	}
	if _, err := zw.Write(data); err != nil {
		return 0, 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, 0, err
	}
	if err := os.WriteFile(out+".gz", buf.Bytes(), 0o644); err != nil {
		return 0, 0, err
	}
	return int64(len(data)), int64(buf.Len()), nil
}

// pageMissing says why the playground cannot be measured yet, or "".
func pageMissing(siteDir, wasmPkg string) string {
	for _, p := range []string{filepath.Join(siteDir, "index.html"), wasmPkg} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Sprintf("the page is not there yet (%s is missing)", p)
		}
	}
	return ""
}
