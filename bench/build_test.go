//go:build !js

package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBestGzip checks that the fast build's gzip copies are replaced by
// copies at the best level that decompress to the originals.
func TestBestGzip(t *testing.T) {
	dir := t.TempDir()
	orig := []byte(strings.Repeat("func main() { println(\"hello, world\") }\n", 500))
	fast, err := gzipLevel(orig, gzip.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app.js", orig)
	write("app.js.gz", fast)
	if err := bestGzip(dir); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "app.js.gz"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := gzipLevel(orig, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("app.js.gz is %d B; want the best level's %d B (the fast one was %d B)", len(got), len(want), len(fast))
	}
	zr, err := gzip.NewReader(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	if back, err := io.ReadAll(zr); err != nil || !bytes.Equal(back, orig) {
		t.Errorf("app.js.gz decompresses to %d B (%v); want the original %d B", len(back), err, len(orig))
	}

	// A copy without its original is an error, not a silent skip.
	write("gone.css.gz", fast)
	if err := bestGzip(dir); err == nil {
		t.Error("bestGzip with a .gz whose original is missing: no error")
	}
}
