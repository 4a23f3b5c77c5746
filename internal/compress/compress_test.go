package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestRoundTrip(t *testing.T) {
	data := []byte(strings.Repeat("goroutines and channels ", 1000))
	for _, best := range []bool{false, true} {
		var gz bytes.Buffer
		if err := Gzip(&gz, data, best); err != nil {
			t.Fatal(err)
		}
		r, err := gzip.NewReader(&gz)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, data) {
			t.Errorf("gzip best=%v: round trip failed: %v", best, err)
		}
	}
	for _, q := range []int{0, 9, 11} {
		var br bytes.Buffer
		if err := Brotli(&br, data, q, BrotliWindow); err != nil {
			t.Fatal(err)
		}
		if got, err := io.ReadAll(brotli.NewReader(&br)); err != nil || !bytes.Equal(got, data) {
			t.Errorf("brotli q%d: round trip failed: %v", q, err)
		}
	}
}

func TestWriteFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "sub", "f.txt")
	if err := WriteFile(name, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(name, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(name)
	info, _ := os.Stat(name)
	if err != nil || string(b) != "two" || info.Mode().Perm() != 0o644 {
		t.Errorf("got %q, %v, mode %v; want two, 0644", b, err, info.Mode().Perm())
	}
	left, _ := os.ReadDir(filepath.Dir(name))
	if len(left) != 1 {
		t.Errorf("%d files in the folder; want the one, no temporary left", len(left))
	}
}
