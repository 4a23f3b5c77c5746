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

// TestWriteCopy writes a copy that is smaller, and removes an old one
// when the new would not be.
func TestWriteCopy(t *testing.T) {
	name := filepath.Join(t.TempDir(), "x.gz")
	gz := func(w io.Writer, data []byte) error { return Gzip(w, data, false) }
	n, err := WriteCopy(name, []byte(strings.Repeat("a", 1000)), gz)
	if info, serr := os.Stat(name); err != nil || n == 0 || serr != nil || info.Size() != int64(n) {
		t.Fatalf("WriteCopy of 1000 a's: %d, %v; file %v, %v", n, err, info, serr)
	}
	if n, err := WriteCopy(name, []byte("a"), gz); err != nil || n != 0 {
		t.Fatalf("WriteCopy of one byte: %d, %v; want 0, nil", n, err)
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("the old copy is still there: %v", err)
	}
}
